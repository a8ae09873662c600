/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "core/mutual-ledger.h"
#include "mutual-relationship-item.h"

G_BEGIN_DECLS

#define MUTUAL_TYPE_RELATIONSHIP_MODEL (mutual_relationship_model_get_type ())
G_DECLARE_FINAL_TYPE (MutualRelationshipModel, mutual_relationship_model, MUTUAL, RELATIONSHIP_MODEL, GObject)

/* Every relationship of the ledger (archived included) with its
 * assessment as of today, as MutualRelationshipItem in name order;
 * reloads itself whenever the ledger changes. The relationships are read
 * at once, their assessments in a thread: "assessed" turns TRUE when the
 * items hold them (each item notifies "assessment"). */
MutualRelationshipModel *mutual_relationship_model_new        (MutualLedger            *ledger);
MutualLedger            *mutual_relationship_model_get_ledger (MutualRelationshipModel *self);
/* Reads both now, on the ledger's own connection. */
gboolean                 mutual_relationship_model_reload     (MutualRelationshipModel *self,
                                                               GError                 **error);
gboolean                 mutual_relationship_model_is_assessed (MutualRelationshipModel *self);
/* NULL when not there. Transfer none. */
MutualRelationshipItem  *mutual_relationship_model_find       (MutualRelationshipModel *self,
                                                               gint64                   id);

G_END_DECLS
