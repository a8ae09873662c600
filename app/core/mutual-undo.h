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
/* The relationship the newest change's undo brings back or changes, for
 * the window to show it: a deleted relationship, the one an exchange
 * belongs to; 0 when the undo removes the relationship or spans many. */
gint64        mutual_undo_peek_relationship    (MutualUndo               *self);
/* The description of the change mutual_undo_undo() would revert. */
const char   *mutual_undo_peek                 (MutualUndo               *self);
/* Reverts the newest change. Nothing to undo is not an error: FALSE
 * without @error set. A change that cannot be reverted any more (another
 * process took its place) is dropped, and @error says why. */
gboolean      mutual_undo_undo                 (MutualUndo               *self,
                                                GError                  **error);
void          mutual_undo_clear                (MutualUndo               *self);

/* Many changes written on a connection of their own (an import, in a
 * thread) recorded as one: begin opens a transaction on @ledger and notes
 * what it holds; the caller writes; commit notes what was added or
 * changed and commits. Undoing it deletes exactly the relationships and
 * exchanges added (by rowid and uuid) and puts back the relationships and
 * identifiers changed, and the exchanges changed when @keep_exchanges
 * (their old versions are kept in memory: ask only when the import said
 * in its dry run that it would change some; without them, a batch that
 * changed exchanges must not be recorded). */
typedef struct _MutualUndoBatch MutualUndoBatch;

MutualUndoBatch *mutual_undo_batch_begin   (MutualLedger     *ledger,
                                            gboolean          keep_exchanges,
                                            GError          **error);
/* Any error rolls back, and the batch can only be freed. */
gboolean         mutual_undo_batch_commit  (MutualUndoBatch  *batch,
                                            GError          **error);
guint            mutual_undo_batch_get_exchanges_added (MutualUndoBatch *batch);
/* Rolls back when not committed. */
void             mutual_undo_batch_free    (MutualUndoBatch  *batch);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MutualUndoBatch, mutual_undo_batch_free)

/* Records a committed batch (taken) for the ledger of @self: the same
 * file as the batch's connection. */
void          mutual_undo_record_batch         (MutualUndo               *self,
                                                MutualUndoBatch          *batch,
                                                const char               *description);

G_END_DECLS
