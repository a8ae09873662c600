/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mutual-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "mutual-relationship-model.h"
#include "mutual-ui-util.h"

struct _MutualRelationshipModel
{
  GObject       parent_instance;

  MutualLedger *ledger;
  GPtrArray    *items;        /* MutualRelationshipItem */
  GHashTable   *by_id;        /* relationship id → item of items */
  GCancellable *assessing;    /* the pass in its thread; NULL when none */
};

enum {
  PROP_0,
  PROP_LEDGER,
  PROP_N_ITEMS,
  PROP_ASSESSED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GType
mutual_relationship_model_get_item_type (GListModel *model)
{
  return MUTUAL_TYPE_RELATIONSHIP_ITEM;
}

static guint
mutual_relationship_model_get_n_items (GListModel *model)
{
  return MUTUAL_RELATIONSHIP_MODEL (model)->items->len;
}

static gpointer
mutual_relationship_model_get_item (GListModel *model,
                                    guint       position)
{
  MutualRelationshipModel *self = MUTUAL_RELATIONSHIP_MODEL (model);

  if (position >= self->items->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->items, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = mutual_relationship_model_get_item_type;
  iface->get_n_items = mutual_relationship_model_get_n_items;
  iface->get_item = mutual_relationship_model_get_item;
}

G_DEFINE_FINAL_TYPE_WITH_CODE (MutualRelationshipModel, mutual_relationship_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

/* Assessing every relationship reads every exchange (a million take a
 * few tenths of a second): a thread does it on a connection of its own
 * (SQLite in WAL mode lets it read beside the window's), while the names
 * show at once. The result replaces the items' assessments in place. */
typedef struct
{
  GWeakRef      model;        /* main thread only */
  MutualLedger *ledger;       /* the thread's connection */
  MutualDate    as_of;
} Assessing;

static void
assessing_free (Assessing *assessing)
{
  g_weak_ref_clear (&assessing->model);
  g_clear_object (&assessing->ledger);
  g_free (assessing);
}

static void
assess_in_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  Assessing *assessing = task_data;
  GError *error = NULL;
  GArray *assessments;

  assessments = mutual_ledger_assess_all_cancellable (assessing->ledger, assessing->as_of,
                                                      cancellable, &error);
  /* Closed here, by the thread that used it. */
  g_clear_object (&assessing->ledger);
  if (assessments)
    g_task_return_pointer (task, assessments, (GDestroyNotify) g_array_unref);
  else
    g_task_return_error (task, error);
}

static void
set_assessed (MutualRelationshipModel *self,
              GCancellable            *assessing)
{
  gboolean was_assessed = self->assessing == NULL;

  if (self->assessing)
    g_cancellable_cancel (self->assessing);
  g_set_object (&self->assessing, assessing);
  if (was_assessed != (assessing == NULL))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ASSESSED]);
}

/* Gives each item its assessment, or the one of a relationship without
 * exchanges when it is not in @assessments. */
static void
apply_assessments (MutualRelationshipModel *self,
                   GArray                  *assessments,
                   MutualDate               as_of)
{
  g_autoptr(GHashTable) by_id = g_hash_table_new (g_int64_hash, g_int64_equal);

  for (guint i = 0; i < assessments->len; i++)
    {
      MutualAssessment *a = &g_array_index (assessments, MutualAssessment, i);
      g_hash_table_insert (by_id, &a->relationship_id, a);
    }
  for (guint i = 0; i < self->items->len; i++)
    {
      MutualRelationshipItem *item = g_ptr_array_index (self->items, i);
      const MutualRelationship *rel = mutual_relationship_item_get_relationship (item);
      const MutualAssessment *found = g_hash_table_lookup (by_id, &rel->id);
      MutualAssessment a;

      if (found)
        {
          a = *found;
          /* Read a moment after the names: the override is the names'. */
          a.override = rel->override;
          mutual_assessment_decide (&a);
        }
      else
        {
          mutual_assessment_init (&a, rel, as_of);
          mutual_assessment_finish (&a);
        }
      mutual_relationship_item_set_assessment (item, &a);
    }
}

static void
on_assessed (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Assessing *assessing = g_task_get_task_data (G_TASK (result));
  g_autoptr(MutualRelationshipModel) self = g_weak_ref_get (&assessing->model);
  g_autoptr(GArray) assessments = NULL;
  g_autoptr(GError) error = NULL;

  assessments = g_task_propagate_pointer (G_TASK (result), &error);
  /* Gone, or overtaken by a newer pass. */
  if (self == NULL || self->assessing != g_task_get_cancellable (G_TASK (result)))
    return;
  if (assessments)
    apply_assessments (self, assessments, assessing->as_of);
  else
    g_warning ("Could not assess the relationships: %s", error->message);
  set_assessed (self, NULL);
}

static void
start_assessing (MutualRelationshipModel *self)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  Assessing *assessing;
  MutualLedger *ledger;

  set_assessed (self, cancellable);
  /* Opened here, not in the thread: never creates a file that is gone. */
  ledger = mutual_ledger_open (mutual_ledger_get_path (self->ledger), &error);
  if (ledger == NULL)
    {
      g_autoptr(GArray) assessments = NULL;

      /* Then on the window's connection, as it is. */
      g_clear_error (&error);
      assessments = mutual_ledger_assess_all (self->ledger, mutual_date_today (), &error);
      if (assessments)
        apply_assessments (self, assessments, mutual_date_today ());
      else
        g_warning ("Could not assess the relationships: %s", error->message);
      set_assessed (self, NULL);
      return;
    }

  assessing = g_new0 (Assessing, 1);
  g_weak_ref_init (&assessing->model, self);
  assessing->ledger = ledger;
  assessing->as_of = mutual_date_today ();

  task = g_task_new (NULL, cancellable, on_assessed, NULL);
  g_task_set_source_tag (task, start_assessing);
  g_task_set_task_data (task, assessing, (GDestroyNotify) assessing_free);
  mutual_ui_run_in_background (task, assess_in_thread);
}

/* Reads the relationships now; each keeps the assessment it had until
 * the new one comes. */
static gboolean
load (MutualRelationshipModel  *self,
      GError                  **error)
{
  g_autoptr(GPtrArray) relationships = NULL;
  g_autoptr(GHashTable) old = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GHashTable) by_id = g_hash_table_new (g_int64_hash, g_int64_equal);
  const char *currency;
  guint old_len;

  relationships = mutual_ledger_list_relationships (self->ledger, TRUE, error);
  if (relationships == NULL)
    return FALSE;

  for (guint i = 0; i < self->items->len; i++)
    {
      MutualRelationshipItem *item = g_ptr_array_index (self->items, i);

      if (mutual_relationship_item_is_assessed (item))
        g_hash_table_insert (old, (gpointer) &mutual_relationship_item_get_relationship (item)->id, item);
    }

  currency = mutual_ledger_get_currency (self->ledger);
  items = g_ptr_array_new_full (relationships->len, g_object_unref);
  for (guint i = 0; i < relationships->len; i++)
    {
      const MutualRelationship *rel = g_ptr_array_index (relationships, i);
      MutualRelationshipItem *before = g_hash_table_lookup (old, &rel->id);
      MutualRelationshipItem *item;
      MutualAssessment a;

      if (before)
        {
          a = *mutual_relationship_item_get_assessment (before);
          a.override = rel->override;
          mutual_assessment_decide (&a);
        }
      item = mutual_relationship_item_new (rel, before ? &a : NULL, currency);
      g_ptr_array_add (items, item);
      g_hash_table_insert (by_id, (gpointer) &mutual_relationship_item_get_relationship (item)->id, item);
    }
  g_clear_pointer (&old, g_hash_table_unref);

  old_len = self->items->len;
  g_clear_pointer (&self->by_id, g_hash_table_unref);
  self->by_id = g_steal_pointer (&by_id);
  g_clear_pointer (&self->items, g_ptr_array_unref);
  self->items = g_steal_pointer (&items);
  g_list_model_items_changed (G_LIST_MODEL (self), 0, old_len, self->items->len);
  if (old_len != self->items->len)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
  return TRUE;
}

static void
on_ledger_changed (MutualRelationshipModel *self)
{
  g_autoptr(GError) error = NULL;

  if (!load (self, &error))
    {
      g_warning ("Could not reload the relationships: %s", error->message);
      return;
    }
  start_assessing (self);
}

static void
mutual_relationship_model_constructed (GObject *object)
{
  MutualRelationshipModel *self = MUTUAL_RELATIONSHIP_MODEL (object);
  g_autoptr(GError) error = NULL;

  G_OBJECT_CLASS (mutual_relationship_model_parent_class)->constructed (object);

  g_signal_connect_object (self->ledger, "changed",
                           G_CALLBACK (on_ledger_changed), self,
                           G_CONNECT_SWAPPED);
  if (!load (self, &error))
    {
      g_warning ("Could not load the relationships: %s", error->message);
      return;
    }
  start_assessing (self);
}

static void
mutual_relationship_model_dispose (GObject *object)
{
  MutualRelationshipModel *self = MUTUAL_RELATIONSHIP_MODEL (object);

  /* The thread stops within a few thousand rows; its result is dropped. */
  if (self->assessing)
    g_cancellable_cancel (self->assessing);
  g_clear_object (&self->assessing);
  g_clear_object (&self->ledger);

  G_OBJECT_CLASS (mutual_relationship_model_parent_class)->dispose (object);
}

static void
mutual_relationship_model_finalize (GObject *object)
{
  MutualRelationshipModel *self = MUTUAL_RELATIONSHIP_MODEL (object);

  g_clear_pointer (&self->by_id, g_hash_table_unref);
  g_clear_pointer (&self->items, g_ptr_array_unref);

  G_OBJECT_CLASS (mutual_relationship_model_parent_class)->finalize (object);
}

static void
mutual_relationship_model_get_property (GObject    *object,
                                        guint       prop_id,
                                        GValue     *value,
                                        GParamSpec *pspec)
{
  MutualRelationshipModel *self = MUTUAL_RELATIONSHIP_MODEL (object);

  switch (prop_id)
    {
    case PROP_LEDGER:
      g_value_set_object (value, self->ledger);
      break;
    case PROP_N_ITEMS:
      g_value_set_uint (value, self->items->len);
      break;
    case PROP_ASSESSED:
      g_value_set_boolean (value, self->assessing == NULL);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mutual_relationship_model_set_property (GObject      *object,
                                        guint         prop_id,
                                        const GValue *value,
                                        GParamSpec   *pspec)
{
  MutualRelationshipModel *self = MUTUAL_RELATIONSHIP_MODEL (object);

  switch (prop_id)
    {
    case PROP_LEDGER:
      self->ledger = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mutual_relationship_model_class_init (MutualRelationshipModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = mutual_relationship_model_constructed;
  object_class->dispose = mutual_relationship_model_dispose;
  object_class->finalize = mutual_relationship_model_finalize;
  object_class->get_property = mutual_relationship_model_get_property;
  object_class->set_property = mutual_relationship_model_set_property;

  properties[PROP_LEDGER] =
    g_param_spec_object ("ledger", NULL, NULL,
                         MUTUAL_TYPE_LEDGER,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Every item holds the assessment of the latest read of the ledger. */
  properties[PROP_ASSESSED] =
    g_param_spec_boolean ("assessed", NULL, NULL, TRUE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
mutual_relationship_model_init (MutualRelationshipModel *self)
{
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
  self->by_id = g_hash_table_new (g_int64_hash, g_int64_equal);
}

MutualRelationshipModel *
mutual_relationship_model_new (MutualLedger *ledger)
{
  g_return_val_if_fail (MUTUAL_IS_LEDGER (ledger), NULL);

  return g_object_new (MUTUAL_TYPE_RELATIONSHIP_MODEL, "ledger", ledger, NULL);
}

MutualLedger *
mutual_relationship_model_get_ledger (MutualRelationshipModel *self)
{
  g_return_val_if_fail (MUTUAL_IS_RELATIONSHIP_MODEL (self), NULL);
  return self->ledger;
}

gboolean
mutual_relationship_model_reload (MutualRelationshipModel  *self,
                                  GError                  **error)
{
  g_autoptr(GCancellable) reading = NULL;
  g_autoptr(GArray) assessments = NULL;
  MutualDate today = mutual_date_today ();

  g_return_val_if_fail (MUTUAL_IS_RELATIONSHIP_MODEL (self), FALSE);

  /* Not assessed meanwhile, so that "assessed" tells of the new figures. */
  reading = g_cancellable_new ();
  set_assessed (self, reading);
  if (load (self, error))
    assessments = mutual_ledger_assess_all (self->ledger, today, error);
  if (assessments)
    apply_assessments (self, assessments, today);
  set_assessed (self, NULL);
  return assessments != NULL;
}

gboolean
mutual_relationship_model_is_assessed (MutualRelationshipModel *self)
{
  g_return_val_if_fail (MUTUAL_IS_RELATIONSHIP_MODEL (self), FALSE);
  return self->assessing == NULL;
}

MutualRelationshipItem *
mutual_relationship_model_find (MutualRelationshipModel *self,
                                gint64                   id)
{
  g_return_val_if_fail (MUTUAL_IS_RELATIONSHIP_MODEL (self), NULL);

  return g_hash_table_lookup (self->by_id, &id);
}
