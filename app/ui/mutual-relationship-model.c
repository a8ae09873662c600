/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mutual-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "mutual-relationship-model.h"

struct _MutualRelationshipModel
{
  GObject       parent_instance;

  MutualLedger *ledger;
  GPtrArray    *items;        /* MutualRelationshipItem */
};

enum {
  PROP_0,
  PROP_LEDGER,
  PROP_N_ITEMS,
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

static void
on_ledger_changed (MutualRelationshipModel *self)
{
  g_autoptr(GError) error = NULL;

  if (!mutual_relationship_model_reload (self, &error))
    g_warning ("Could not reload the relationships: %s", error->message);
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
  if (!mutual_relationship_model_reload (self, &error))
    g_warning ("Could not load the relationships: %s", error->message);
}

static void
mutual_relationship_model_dispose (GObject *object)
{
  MutualRelationshipModel *self = MUTUAL_RELATIONSHIP_MODEL (object);

  g_clear_object (&self->ledger);

  G_OBJECT_CLASS (mutual_relationship_model_parent_class)->dispose (object);
}

static void
mutual_relationship_model_finalize (GObject *object)
{
  MutualRelationshipModel *self = MUTUAL_RELATIONSHIP_MODEL (object);

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

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
mutual_relationship_model_init (MutualRelationshipModel *self)
{
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
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
  g_autoptr(GPtrArray) relationships = NULL;
  g_autoptr(GArray) assessments = NULL;
  g_autoptr(GPtrArray) items = NULL;
  const char *currency;
  guint old_len;

  g_return_val_if_fail (MUTUAL_IS_RELATIONSHIP_MODEL (self), FALSE);

  relationships = mutual_ledger_list_relationships (self->ledger, TRUE, error);
  if (relationships == NULL)
    return FALSE;
  assessments = mutual_ledger_assess_all (self->ledger, mutual_date_today (), error);
  if (assessments == NULL)
    return FALSE;

  currency = mutual_ledger_get_currency (self->ledger);
  items = g_ptr_array_new_full (relationships->len, g_object_unref);
  for (guint i = 0; i < relationships->len; i++)
    {
      const MutualRelationship *rel = g_ptr_array_index (relationships, i);
      const MutualAssessment *assessment = NULL;

      /* Both come in the same order; check rather than trust it. */
      if (i < assessments->len
          && g_array_index (assessments, MutualAssessment, i).relationship_id == rel->id)
        assessment = &g_array_index (assessments, MutualAssessment, i);
      else
        for (guint j = 0; j < assessments->len; j++)
          if (g_array_index (assessments, MutualAssessment, j).relationship_id == rel->id)
            assessment = &g_array_index (assessments, MutualAssessment, j);

      g_ptr_array_add (items, mutual_relationship_item_new (rel, assessment, currency));
    }

  old_len = self->items->len;
  g_clear_pointer (&self->items, g_ptr_array_unref);
  self->items = g_steal_pointer (&items);
  g_list_model_items_changed (G_LIST_MODEL (self), 0, old_len, self->items->len);
  if (old_len != self->items->len)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
  return TRUE;
}

MutualRelationshipItem *
mutual_relationship_model_find (MutualRelationshipModel *self,
                                gint64                   id)
{
  g_return_val_if_fail (MUTUAL_IS_RELATIONSHIP_MODEL (self), NULL);

  for (guint i = 0; i < self->items->len; i++)
    {
      MutualRelationshipItem *item = g_ptr_array_index (self->items, i);
      if (mutual_relationship_item_get_id (item) == id)
        return item;
    }
  return NULL;
}
