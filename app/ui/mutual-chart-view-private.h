/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "mutual-chart-view.h"

G_BEGIN_DECLS

/* The text the view gives assistive technologies, for tests. */
const char *mutual_chart_view_get_description (MutualChartView *self);

G_END_DECLS
