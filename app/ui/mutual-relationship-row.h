/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "mutual-relationship-item.h"

G_BEGIN_DECLS

#define MUTUAL_TYPE_RELATIONSHIP_ROW (mutual_relationship_row_get_type ())
G_DECLARE_FINAL_TYPE (MutualRelationshipRow, mutual_relationship_row, MUTUAL, RELATIONSHIP_ROW, GtkWidget)

/* One relationship in the sidebar: name, organization, class badge,
 * balance and the one-sided and dormant flags. */
GtkWidget              *mutual_relationship_row_new      (void);
MutualRelationshipItem *mutual_relationship_row_get_item (MutualRelationshipRow  *self);
void                    mutual_relationship_row_set_item (MutualRelationshipRow  *self,
                                                          MutualRelationshipItem *item);

G_END_DECLS
