/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "mutual-overview-page.h"

G_BEGIN_DECLS

/* The ranked review table, for tests. */
GListModel *mutual_overview_page_get_review (MutualOverviewPage     *self);

/* The review order (exposed for tests). */
int         mutual_overview_compare_review  (MutualRelationshipItem *a,
                                             MutualRelationshipItem *b);

G_END_DECLS
