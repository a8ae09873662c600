/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "mutual-ledger.h"

G_BEGIN_DECLS

#define MUTUAL_TYPE_UNDO (mutual_undo_get_type ())
G_DECLARE_FINAL_TYPE (MutualUndo, mutual_undo, MUTUAL, UNDO, GObject)

/* The changes made to one ledger, newest last, each able to put the
 * ledger back as it was before it (rowids and uuids included) through
 * the ledger's own API. The window's Undo; the command line has none.
 * ::recorded (description) is emitted for each change recorded. */
MutualUndo   *mutual_undo_new                  (MutualLedger             *ledger);
MutualLedger *mutual_undo_get_ledger           (MutualUndo               *self);

/* Deletes and records, so that what is restored is what was deleted. */
gboolean      mutual_undo_delete_exchange      (MutualUndo               *self,
                                                gint64                    id,
                                                const char               *description,
                                                GError                  **error);
gboolean      mutual_undo_delete_relationship  (MutualUndo               *self,
                                                gint64                    id,
                                                const char               *description,
                                                GError                  **error);

/* Records a change already written: what was added (by id), or how the
 * changed record was before. */
gboolean      mutual_undo_record_exchange_added      (MutualUndo               *self,
                                                      gint64                    id,
                                                      const char               *description,
                                                      GError                  **error);
void          mutual_undo_record_exchange_changed    (MutualUndo               *self,
                                                      const MutualExchange     *before,
                                                      const char               *description);
gboolean      mutual_undo_record_relationship_added  (MutualUndo               *self,
                                                      gint64                    id,
                                                      const char               *description,
                                                      GError                  **error);
void          mutual_undo_record_relationship_changed (MutualUndo              *self,
                                                      const MutualRelationship *before,
                                                      const char               *description);
/* Likewise, with the relationship's identifiers as they were before
 * (MutualIdentifier *): undo puts back both in one transaction. */
void          mutual_undo_record_relationship_edited  (MutualUndo              *self,
                                                       const MutualRelationship *before,
                                                       GPtrArray               *identifiers,
                                                       const char              *description);

gboolean      mutual_undo_can_undo             (MutualUndo               *self);
/* The description of the change mutual_undo_undo() would revert. */
const char   *mutual_undo_peek                 (MutualUndo               *self);
/* Reverts the newest change. Nothing to undo is not an error: FALSE
 * without @error set. A change that cannot be reverted any more (another
 * process took its place) is dropped, and @error says why. */
gboolean      mutual_undo_undo                 (MutualUndo               *self,
                                                GError                  **error);
void          mutual_undo_clear                (MutualUndo               *self);

G_END_DECLS
