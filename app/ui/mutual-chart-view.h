/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "core/mutual-chart.h"

G_BEGIN_DECLS

#define MUTUAL_TYPE_CHART_VIEW (mutual_chart_view_get_type ())
G_DECLARE_FINAL_TYPE (MutualChartView, mutual_chart_view, MUTUAL, CHART_VIEW, GtkWidget)

/* Draws a MutualChart with the shared renderer in the theme's palette,
 * cached until the size, the data or the style change; the hover (date
 * and values under the pointer) is drawn over it each frame. An image
 * for assistive technologies, described by the renderer's sentence. */
GtkWidget   *mutual_chart_view_new             (void);
void         mutual_chart_view_set_chart       (MutualChartView *self,
                                                MutualChart     *chart);
MutualChart *mutual_chart_view_get_chart       (MutualChartView *self);
/* Call after mutual_chart_set_range() on the chart shown. */
void         mutual_chart_view_invalidate      (MutualChartView *self);

G_END_DECLS
