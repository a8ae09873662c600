/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "core/mutual-ledger.h"
#include "core/mutual-undo.h"
#include "mutual-chart-view.h"

G_BEGIN_DECLS

#define MUTUAL_TYPE_RELATIONSHIP_PAGE (mutual_relationship_page_get_type ())
G_DECLARE_FINAL_TYPE (MutualRelationshipPage, mutual_relationship_page, MUTUAL, RELATIONSHIP_PAGE, GtkWidget)

/* One relationship: its class and why, the override, metrics and the
 * exchanges. Follows the ledger's changes by itself. */
void          mutual_relationship_page_set_ledger          (MutualRelationshipPage *self,
                                                            MutualLedger           *ledger);
MutualLedger *mutual_relationship_page_get_ledger          (MutualRelationshipPage *self);
void          mutual_relationship_page_set_relationship_id (MutualRelationshipPage *self,
                                                            gint64                  id);
gint64        mutual_relationship_page_get_relationship_id (MutualRelationshipPage *self);
/* The title shown: the relationship's name, NULL when none. */
const char   *mutual_relationship_page_get_title           (MutualRelationshipPage *self);
MutualChartView *mutual_relationship_page_get_chart_view (MutualRelationshipPage *self);
/* Switches to the Exchanges section, as its switcher's button does. */
void          mutual_relationship_page_show_exchanges      (MutualRelationshipPage *self);
/* Where the page's changes are recorded so they can be undone (the
 * window's, for the same ledger); NULL: not recorded. */
void          mutual_relationship_page_set_undo            (MutualRelationshipPage *self,
                                                            MutualUndo             *undo);
/* Opens the dialog to log an exchange with this relationship. */
void          mutual_relationship_page_add_exchange        (MutualRelationshipPage *self);

G_END_DECLS
