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
  BATCH,
} ChangeKind;

typedef struct
{
  ChangeKind          kind;
  char               *description;
  MutualExchange     *exchange;      /* as added, as before, or as deleted */
  MutualRelationship *relationship;  /* likewise */
  GPtrArray          *exchanges;     /* of the deleted relationship */
  GPtrArray          *identifiers;   /* of the deleted or edited relationship */
  MutualUndoBatch    *batch;
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
  g_clear_pointer (&change->batch, mutual_undo_batch_free);
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

static gboolean revert_batch (MutualUndo       *self,
                              MutualUndoBatch  *batch,
                              GError          **error);

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

gint64
mutual_undo_peek_relationship (MutualUndo *self)
{
  Change *change;

  g_return_val_if_fail (MUTUAL_IS_UNDO (self), 0);
  change = g_queue_peek_tail (&self->changes);
  if (change == NULL)
    return 0;
  switch (change->kind)
    {
    case EXCHANGE_ADDED:
    case EXCHANGE_CHANGED:
    case EXCHANGE_DELETED:
      return change->exchange ? change->exchange->relationship_id : 0;
    case RELATIONSHIP_CHANGED:
    case RELATIONSHIP_DELETED:
      return change->relationship ? change->relationship->id : 0;
    case RELATIONSHIP_ADDED:
    case BATCH:
    default:
      return 0;
    }
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
    case BATCH:
      return revert_batch (self, change->batch, error);
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

struct _MutualUndoBatch
{
  MutualLedger *ledger;
  gboolean      open;             /* the transaction */
  gboolean      keep_exchanges;

  /* Before: */
  GHashTable   *relationships;    /* id → MutualRelationship * */
  GHashTable   *identifiers;      /* relationship id → GPtrArray of MutualIdentifier * */
  GArray       *exchange_ids;     /* sorted gint64, when not keep_exchanges */
  GHashTable   *exchanges;        /* id → MutualExchange *, when keep_exchanges */

  /* What the batch did: */
  GArray       *added_exchanges;  /* gint64 ids */
  GPtrArray    *added_exchange_uuids;
  GStringChunk *uuids;
  GPtrArray    *added_relationships;   /* MutualRelationship * as added */
  GPtrArray    *changed_relationships; /* MutualRelationship * as before */
  GPtrArray    *changed_exchanges;     /* MutualExchange * as before */
  GHashTable   *changed_identifiers;   /* relationship id → GPtrArray as before */
};

static gboolean
strings_equal (const char *a,
               const char *b)
{
  return g_strcmp0 (a, b) == 0;
}

static gboolean
relationships_equal (const MutualRelationship *a,
                     const MutualRelationship *b)
{
  return strings_equal (a->uuid, b->uuid) && strings_equal (a->name, b->name)
         && strings_equal (a->organization, b->organization) && a->role == b->role
         && strings_equal (a->notes, b->notes) && a->created == b->created
         && !a->archived == !b->archived && a->override == b->override
         && strings_equal (a->override_reason, b->override_reason);
}

static gboolean
exchanges_equal (const MutualExchange *a,
                 const MutualExchange *b)
{
  return strings_equal (a->uuid, b->uuid) && a->relationship_id == b->relationship_id
         && a->date == b->date && a->direction == b->direction && a->kind == b->kind
         && a->value == b->value && a->minutes == b->minutes && strings_equal (a->note, b->note);
}

static gboolean
identifiers_equal (GPtrArray *a,
                   GPtrArray *b)
{
  if (a->len != b->len)
    return FALSE;
  /* Both listed by type then value. */
  for (guint i = 0; i < a->len; i++)
    {
      const MutualIdentifier *x = a->pdata[i];
      const MutualIdentifier *y = b->pdata[i];

      if (x->type != y->type || !strings_equal (x->value, y->value))
        return FALSE;
    }
  return TRUE;
}

static gint64 *
id_key (gint64 id)
{
  return g_memdup2 (&id, sizeof id);
}

static gboolean
note_exchange (const MutualExchange  *exchange,
               gpointer               user_data,
               GError               **error)
{
  MutualUndoBatch *batch = user_data;

  if (batch->keep_exchanges)
    g_hash_table_insert (batch->exchanges, id_key (exchange->id), mutual_exchange_copy (exchange));
  else
    g_array_append_val (batch->exchange_ids, exchange->id);
  return TRUE;
}

static int
compare_ids (gconstpointer a,
             gconstpointer b)
{
  gint64 x = *(const gint64 *) a;
  gint64 y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

/* The relationships with their identifiers, as the ledger holds them now. */
static gboolean
note_relationships (MutualLedger  *ledger,
                    GHashTable    *relationships,
                    GHashTable    *identifiers,
                    GError       **error)
{
  g_autoptr(GPtrArray) all = mutual_ledger_list_relationships (ledger, TRUE, error);

  if (all == NULL)
    return FALSE;
  for (guint i = 0; i < all->len; i++)
    {
      MutualRelationship *rel = all->pdata[i];
      GPtrArray *ids = mutual_ledger_list_identifiers (ledger, rel->id, error);

      if (ids == NULL)
        return FALSE;
      g_hash_table_insert (identifiers, id_key (rel->id), ids);
      g_hash_table_insert (relationships, id_key (rel->id), mutual_relationship_copy (rel));
    }
  return TRUE;
}

MutualUndoBatch *
mutual_undo_batch_begin (MutualLedger  *ledger,
                         gboolean       keep_exchanges,
                         GError       **error)
{
  g_autoptr(MutualUndoBatch) batch = g_new0 (MutualUndoBatch, 1);

  g_return_val_if_fail (MUTUAL_IS_LEDGER (ledger), NULL);

  batch->ledger = g_object_ref (ledger);
  batch->keep_exchanges = keep_exchanges;
  batch->relationships = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                                (GDestroyNotify) mutual_relationship_free);
  batch->identifiers = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                              (GDestroyNotify) g_ptr_array_unref);
  if (keep_exchanges)
    batch->exchanges = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                              (GDestroyNotify) mutual_exchange_free);
  else
    batch->exchange_ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  /* What is noted and what the caller writes are one state. */
  if (!mutual_ledger_begin (ledger, error))
    return NULL;
  batch->open = TRUE;
  if (!note_relationships (ledger, batch->relationships, batch->identifiers, error)
      || !mutual_ledger_foreach_exchange (ledger, 0, note_exchange, batch, error))
    return NULL;
  if (batch->exchange_ids)
    g_array_sort (batch->exchange_ids, compare_ids);
  return g_steal_pointer (&batch);
}

static gboolean
find_added (const MutualExchange  *exchange,
            gpointer               user_data,
            GError               **error)
{
  MutualUndoBatch *batch = user_data;
  gboolean known;

  if (batch->keep_exchanges)
    {
      const MutualExchange *before = g_hash_table_lookup (batch->exchanges, &exchange->id);

      known = before != NULL;
      if (before != NULL && !exchanges_equal (before, exchange))
        g_ptr_array_add (batch->changed_exchanges, mutual_exchange_copy (before));
    }
  else
    {
      guint index;

      known = g_array_binary_search (batch->exchange_ids, &exchange->id, compare_ids, &index);
    }
  if (!known)
    {
      g_array_append_val (batch->added_exchanges, exchange->id);
      g_ptr_array_add (batch->added_exchange_uuids, g_string_chunk_insert (batch->uuids, exchange->uuid));
    }
  return TRUE;
}

gboolean
mutual_undo_batch_commit (MutualUndoBatch  *batch,
                          GError          **error)
{
  g_autoptr(GHashTable) relationships = NULL;
  g_autoptr(GHashTable) identifiers = NULL;
  GHashTableIter iter;
  gpointer key, value;

  g_return_val_if_fail (batch != NULL && batch->open, FALSE);

  batch->added_exchanges = g_array_new (FALSE, FALSE, sizeof (gint64));
  batch->added_exchange_uuids = g_ptr_array_new ();
  batch->uuids = g_string_chunk_new (4096);
  batch->added_relationships = g_ptr_array_new_with_free_func ((GDestroyNotify) mutual_relationship_free);
  batch->changed_relationships = g_ptr_array_new_with_free_func ((GDestroyNotify) mutual_relationship_free);
  batch->changed_exchanges = g_ptr_array_new_with_free_func ((GDestroyNotify) mutual_exchange_free);
  batch->changed_identifiers = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                                      (GDestroyNotify) g_ptr_array_unref);
  relationships = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                         (GDestroyNotify) mutual_relationship_free);
  identifiers = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                       (GDestroyNotify) g_ptr_array_unref);

  if (!note_relationships (batch->ledger, relationships, identifiers, error)
      || !mutual_ledger_foreach_exchange (batch->ledger, 0, find_added, batch, error))
    goto failed;

  g_hash_table_iter_init (&iter, relationships);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      MutualRelationship *before = g_hash_table_lookup (batch->relationships, key);
      GPtrArray *ids_before = g_hash_table_lookup (batch->identifiers, key);

      if (before == NULL)
        {
          g_ptr_array_add (batch->added_relationships, mutual_relationship_copy (value));
          continue;
        }
      if (!relationships_equal (before, value))
        g_ptr_array_add (batch->changed_relationships, mutual_relationship_copy (before));
      if (!identifiers_equal (ids_before, g_hash_table_lookup (identifiers, key)))
        g_hash_table_insert (batch->changed_identifiers, id_key (before->id), g_ptr_array_ref (ids_before));
    }

  if (!mutual_ledger_commit (batch->ledger, error))
    goto failed;
  batch->open = FALSE;

  /* The notes of before are done with. */
  g_clear_pointer (&batch->relationships, g_hash_table_unref);
  g_clear_pointer (&batch->identifiers, g_hash_table_unref);
  g_clear_pointer (&batch->exchanges, g_hash_table_unref);
  g_clear_pointer (&batch->exchange_ids, g_array_unref);
  return TRUE;

failed:
  mutual_ledger_rollback (batch->ledger);
  batch->open = FALSE;
  return FALSE;
}

guint
mutual_undo_batch_get_exchanges_added (MutualUndoBatch *batch)
{
  g_return_val_if_fail (batch != NULL, 0);
  return batch->added_exchanges ? batch->added_exchanges->len : 0;
}

void
mutual_undo_batch_free (MutualUndoBatch *batch)
{
  if (batch == NULL)
    return;
  if (batch->open)
    mutual_ledger_rollback (batch->ledger);
  g_clear_pointer (&batch->relationships, g_hash_table_unref);
  g_clear_pointer (&batch->identifiers, g_hash_table_unref);
  g_clear_pointer (&batch->exchanges, g_hash_table_unref);
  g_clear_pointer (&batch->exchange_ids, g_array_unref);
  g_clear_pointer (&batch->added_exchanges, g_array_unref);
  g_clear_pointer (&batch->added_exchange_uuids, g_ptr_array_unref);
  g_clear_pointer (&batch->uuids, g_string_chunk_free);
  g_clear_pointer (&batch->added_relationships, g_ptr_array_unref);
  g_clear_pointer (&batch->changed_relationships, g_ptr_array_unref);
  g_clear_pointer (&batch->changed_exchanges, g_ptr_array_unref);
  g_clear_pointer (&batch->changed_identifiers, g_hash_table_unref);
  g_clear_object (&batch->ledger);
  g_free (batch);
}

void
mutual_undo_record_batch (MutualUndo      *self,
                          MutualUndoBatch *batch,
                          const char      *description)
{
  Change *change;

  g_return_if_fail (MUTUAL_IS_UNDO (self));
  g_return_if_fail (batch != NULL && !batch->open && batch->added_exchanges != NULL);
  g_return_if_fail (description != NULL);

  change = change_new (BATCH, description);
  change->batch = batch;
  g_clear_object (&batch->ledger);
  push (self, change);
}

/* In one transaction, newest first: the exchanges added, the
 * relationships added, then the old versions of what was changed. A
 * record that is no longer the one added (another uuid at its rowid) is
 * left alone. */
static gboolean
revert_batch (MutualUndo       *self,
              MutualUndoBatch  *batch,
              GError          **error)
{
  GHashTableIter iter;
  gpointer key, value;

  if (!mutual_ledger_begin (self->ledger, error))
    return FALSE;

  for (guint i = batch->added_exchanges->len; i-- > 0;)
    {
      gint64 id = g_array_index (batch->added_exchanges, gint64, i);
      g_autoptr(MutualExchange) now = mutual_ledger_get_exchange (self->ledger, id, NULL);

      if (now != NULL && g_strcmp0 (now->uuid, batch->added_exchange_uuids->pdata[i]) == 0
          && !mutual_ledger_delete_exchange (self->ledger, id, error))
        goto failed;
    }
  for (guint i = 0; i < batch->added_relationships->len; i++)
    {
      const MutualRelationship *added = batch->added_relationships->pdata[i];
      g_autoptr(MutualRelationship) now = mutual_ledger_get_relationship (self->ledger, added->id, NULL);

      if (now != NULL && g_strcmp0 (now->uuid, added->uuid) == 0
          && !mutual_ledger_delete_relationship (self->ledger, added->id, error))
        goto failed;
    }
  /* Identifiers before names: an alias the import gave one relationship
   * may be the name another one gets back, which the ledger refuses while
   * the alias is there. */
  g_hash_table_iter_init (&iter, batch->changed_identifiers);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (!mutual_ledger_set_identifiers (self->ledger, *(gint64 *) key, value, error))
      goto failed;
  for (guint i = 0; i < batch->changed_relationships->len; i++)
    if (!mutual_ledger_update_relationship (self->ledger, batch->changed_relationships->pdata[i], error))
      goto failed;
  for (guint i = 0; i < batch->changed_exchanges->len; i++)
    if (!mutual_ledger_update_exchange (self->ledger, batch->changed_exchanges->pdata[i], error))
      goto failed;

  return mutual_ledger_commit (self->ledger, error);

failed:
  mutual_ledger_rollback (self->ledger);
  return FALSE;
}
