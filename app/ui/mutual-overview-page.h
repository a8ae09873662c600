/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "mutual-chart-view.h"
#include "mutual-relationship-model.h"

G_BEGIN_DECLS

#define MUTUAL_TYPE_OVERVIEW_PAGE (mutual_overview_page_get_type ())
G_DECLARE_FINAL_TYPE (MutualOverviewPage, mutual_overview_page, MUTUAL, OVERVIEW_PAGE, GtkWidget)

/* The portfolio: counts, totals and "who values you", the review table
 * of relationships ranked one-sided first, then by reciprocity and
 * balance. Activating a row activates win.show-relationship(id). */
void        mutual_overview_page_set_model  (MutualOverviewPage      *self,
                                             MutualRelationshipModel *model);

/* The portfolio's balance over time. */
MutualChartView *mutual_overview_page_get_balance_view (MutualOverviewPage *self);
/* The balance of each relationship as bars. */
MutualChartView *mutual_overview_page_get_bars_view    (MutualOverviewPage *self);

G_END_DECLS
