/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mutual-core"

#include "config.h"

#include <glib/gi18n.h>

#include "mutual-identifiers.h"
#include "mutual-undo.h"

/* Enough for a session's slips; a deleted relationship keeps all its
 * exchanges in memory. */
#define MAX_CHANGES 50

typedef enum
{
  EXCHANGE_ADDED,
  EXCHANGE_CHANGED,
  EXCHANGE_DELETED,
  RELATIONSHIP_ADDED,
  RELATIONSHIP_CHANGED,
  RELATIONSHIP_DELETED,
} ChangeKind;

typedef struct
{
  ChangeKind          kind;
  char               *description;
  MutualExchange     *exchange;      /* as added, as before, or as deleted */
  MutualRelationship *relationship;  /* likewise */
  GPtrArray          *exchanges;     /* of the deleted relationship */
  GPtrArray          *identifiers;   /* of the deleted or edited relationship */
} Change;

struct _MutualUndo
{
  GObject       parent_instance;

  MutualLedger *ledger;
  GQueue        changes;             /* of Change *, newest at the tail */
};

G_DEFINE_FINAL_TYPE (MutualUndo, mutual_undo, G_TYPE_OBJECT)

enum {
  RECORDED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
change_free (Change *change)
{
  g_free (change->description);
  g_clear_pointer (&change->exchange, mutual_exchange_free);
  g_clear_pointer (&change->relationship, mutual_relationship_free);
  g_clear_pointer (&change->exchanges, g_ptr_array_unref);
  g_clear_pointer (&change->identifiers, g_ptr_array_unref);
  g_free (change);
}

static void
mutual_undo_finalize (GObject *object)
{
  MutualUndo *self = MUTUAL_UNDO (object);

  g_queue_clear_full (&self->changes, (GDestroyNotify) change_free);
  g_clear_object (&self->ledger);

  G_OBJECT_CLASS (mutual_undo_parent_class)->finalize (object);
}

static void
mutual_undo_class_init (MutualUndoClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = mutual_undo_finalize;

  /**
   * MutualUndo::recorded:
   * @description: what the change was, as given when it was recorded
   */
  signals[RECORDED] = g_signal_new ("recorded", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
mutual_undo_init (MutualUndo *self)
{
  g_queue_init (&self->changes);
}

MutualUndo *
mutual_undo_new (MutualLedger *ledger)
{
  MutualUndo *self;

  g_return_val_if_fail (MUTUAL_IS_LEDGER (ledger), NULL);

  self = g_object_new (MUTUAL_TYPE_UNDO, NULL);
  self->ledger = g_object_ref (ledger);
  return self;
}

MutualLedger *
mutual_undo_get_ledger (MutualUndo *self)
{
  g_return_val_if_fail (MUTUAL_IS_UNDO (self), NULL);
  return self->ledger;
}

static Change *
change_new (ChangeKind  kind,
            const char *description)
{
  Change *change = g_new0 (Change, 1);

  change->kind = kind;
  change->description = g_strdup (description);
  return change;
}

static void
push (MutualUndo *self,
      Change     *change)
{
  g_queue_push_tail (&self->changes, change);
  while (g_queue_get_length (&self->changes) > MAX_CHANGES)
    change_free (g_queue_pop_head (&self->changes));
  g_signal_emit (self, signals[RECORDED], 0, change->description);
}

gboolean
mutual_undo_delete_exchange (MutualUndo  *self,
                             gint64       id,
                             const char  *description,
                             GError     **error)
{
  g_autoptr(MutualExchange) exchange = NULL;
  Change *change;

  g_return_val_if_fail (MUTUAL_IS_UNDO (self), FALSE);
  g_return_val_if_fail (description != NULL, FALSE);

  exchange = mutual_ledger_get_exchange (self->ledger, id, error);
  if (exchange == NULL || !mutual_ledger_delete_exchange (self->ledger, id, error))
    return FALSE;
  change = change_new (EXCHANGE_DELETED, description);
  change->exchange = g_steal_pointer (&exchange);
  push (self, change);
  return TRUE;
}

static gboolean
collect_exchange (const MutualExchange  *exchange,
                  gpointer               user_data,
                  GError               **error)
{
  g_ptr_array_add (user_data, mutual_exchange_copy (exchange));
  return TRUE;
}

gboolean
mutual_undo_delete_relationship (MutualUndo  *self,
                                 gint64       id,
                                 const char  *description,
                                 GError     **error)
{
  g_autoptr(MutualRelationship) rel = NULL;
  g_autoptr(GPtrArray) exchanges = g_ptr_array_new_with_free_func ((GDestroyNotify) mutual_exchange_free);
  g_autoptr(GPtrArray) identifiers = NULL;
  Change *change;

  g_return_val_if_fail (MUTUAL_IS_UNDO (self), FALSE);
  g_return_val_if_fail (description != NULL, FALSE);

  /* What is kept and what is deleted must be the same state. */
  if (!mutual_ledger_begin (self->ledger, error))
    return FALSE;
  rel = mutual_ledger_get_relationship (self->ledger, id, error);
  if (rel == NULL
      || !mutual_ledger_foreach_exchange (self->ledger, id, collect_exchange, exchanges, error)
      || (identifiers = mutual_ledger_list_identifiers (self->ledger, id, error)) == NULL
      || !mutual_ledger_delete_relationship (self->ledger, id, error)
      || !mutual_ledger_commit (self->ledger, error))
    {
      mutual_ledger_rollback (self->ledger);
      return FALSE;
    }
  change = change_new (RELATIONSHIP_DELETED, description);
  change->relationship = g_steal_pointer (&rel);
  change->exchanges = g_steal_pointer (&exchanges);
  change->identifiers = g_steal_pointer (&identifiers);
  push (self, change);
  return TRUE;
}

gboolean
mutual_undo_record_exchange_added (MutualUndo  *self,
                                   gint64       id,
                                   const char  *description,
                                   GError     **error)
{
  MutualExchange *added;
  Change *change;

  g_return_val_if_fail (MUTUAL_IS_UNDO (self), FALSE);
  g_return_val_if_fail (description != NULL, FALSE);

  added = mutual_ledger_get_exchange (self->ledger, id, error);
  if (added == NULL)
    return FALSE;
  change = change_new (EXCHANGE_ADDED, description);
  change->exchange = added;
  push (self, change);
  return TRUE;
}

void
mutual_undo_record_exchange_changed (MutualUndo           *self,
                                     const MutualExchange *before,
                                     const char           *description)
{
  Change *change;

  g_return_if_fail (MUTUAL_IS_UNDO (self));
  g_return_if_fail (before != NULL && before->id > 0 && before->uuid != NULL);
  g_return_if_fail (description != NULL);

  change = change_new (EXCHANGE_CHANGED, description);
  change->exchange = mutual_exchange_copy (before);
  push (self, change);
}

gboolean
mutual_undo_record_relationship_added (MutualUndo  *self,
                                       gint64       id,
                                       const char  *description,
                                       GError     **error)
{
  MutualRelationship *added;
  Change *change;

  g_return_val_if_fail (MUTUAL_IS_UNDO (self), FALSE);
  g_return_val_if_fail (description != NULL, FALSE);

  added = mutual_ledger_get_relationship (self->ledger, id, error);
  if (added == NULL)
    return FALSE;
  change = change_new (RELATIONSHIP_ADDED, description);
  change->relationship = added;
  push (self, change);
  return TRUE;
}

void
mutual_undo_record_relationship_changed (MutualUndo               *self,
                                         const MutualRelationship *before,
                                         const char               *description)
{
  Change *change;

  g_return_if_fail (MUTUAL_IS_UNDO (self));
  g_return_if_fail (before != NULL && before->id > 0 && before->uuid != NULL);
  g_return_if_fail (description != NULL);

  change = change_new (RELATIONSHIP_CHANGED, description);
  change->relationship = mutual_relationship_copy (before);
  push (self, change);
}

void
mutual_undo_record_relationship_edited (MutualUndo               *self,
                                        const MutualRelationship *before,
                                        GPtrArray                *identifiers,
                                        const char               *description)
{
  Change *change;

  g_return_if_fail (MUTUAL_IS_UNDO (self));
  g_return_if_fail (before != NULL && before->id > 0 && before->uuid != NULL);
  g_return_if_fail (identifiers != NULL);
  g_return_if_fail (description != NULL);

  change = change_new (RELATIONSHIP_CHANGED, description);
  change->relationship = mutual_relationship_copy (before);
  change->identifiers = g_ptr_array_new_with_free_func ((GDestroyNotify) mutual_identifier_free);
  for (guint i = 0; i < identifiers->len; i++)
    {
      const MutualIdentifier *identifier = identifiers->pdata[i];

      g_ptr_array_add (change->identifiers, mutual_identifier_new (identifier->type, identifier->value));
    }
  push (self, change);
}

gboolean
mutual_undo_can_undo (MutualUndo *self)
{
  g_return_val_if_fail (MUTUAL_IS_UNDO (self), FALSE);
  return !g_queue_is_empty (&self->changes);
}

const char *
mutual_undo_peek (MutualUndo *self)
{
  Change *change;

  g_return_val_if_fail (MUTUAL_IS_UNDO (self), NULL);
  change = g_queue_peek_tail (&self->changes);
  return change ? change->description : NULL;
}

/* What was added goes only if it is still the record that was added
 * (the same uuid at the same rowid); gone already is reverted enough. */
static gboolean
revert (MutualUndo  *self,
        Change      *change,
        GError     **error)
{
  switch (change->kind)
    {
    case EXCHANGE_ADDED:
      {
        g_autoptr(MutualExchange) now = mutual_ledger_get_exchange (self->ledger, change->exchange->id, NULL);

        if (now == NULL || g_strcmp0 (now->uuid, change->exchange->uuid) != 0)
          return TRUE;
        return mutual_ledger_delete_exchange (self->ledger, now->id, error);
      }
    case EXCHANGE_CHANGED:
      return mutual_ledger_update_exchange (self->ledger, change->exchange, error);
    case EXCHANGE_DELETED:
      return mutual_ledger_restore_exchange (self->ledger, change->exchange, error);
    case RELATIONSHIP_ADDED:
      {
        g_autoptr(MutualRelationship) now = mutual_ledger_get_relationship (self->ledger, change->relationship->id, NULL);

        if (now == NULL || g_strcmp0 (now->uuid, change->relationship->uuid) != 0)
          return TRUE;
        return mutual_ledger_delete_relationship (self->ledger, now->id, error);
      }
    case RELATIONSHIP_CHANGED:
      if (change->identifiers == NULL)
        return mutual_ledger_update_relationship (self->ledger, change->relationship, error);
      if (!mutual_ledger_begin (self->ledger, error))
        return FALSE;
      if (!mutual_ledger_update_relationship (self->ledger, change->relationship, error)
          || !mutual_ledger_set_identifiers (self->ledger, change->relationship->id,
                                             change->identifiers, error)
          || !mutual_ledger_commit (self->ledger, error))
        {
          mutual_ledger_rollback (self->ledger);
          return FALSE;
        }
      return TRUE;
    case RELATIONSHIP_DELETED:
      return mutual_ledger_restore_relationship (self->ledger, change->relationship,
                                                 change->exchanges, change->identifiers,
                                                 error);
    default:
      g_assert_not_reached ();
    }
}

gboolean
mutual_undo_undo (MutualUndo  *self,
                  GError     **error)
{
  Change *change;
  gboolean ok;

  g_return_val_if_fail (MUTUAL_IS_UNDO (self), FALSE);

  change = g_queue_pop_tail (&self->changes);
  if (change == NULL)
    return FALSE;
  ok = revert (self, change, error);
  change_free (change);
  return ok;
}

void
mutual_undo_clear (MutualUndo *self)
{
  g_return_if_fail (MUTUAL_IS_UNDO (self));
  g_queue_clear_full (&self->changes, (GDestroyNotify) change_free);
}
