/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mutual-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "mutual-exchange-model-private.h"

/* Pages kept before the cache starts over: a few screens either way. */
#define MAX_CACHED_PAGES 16

struct _MutualExchangeModel
{
  GObject             parent_instance;

  MutualLedger       *ledger;
  gint64              relationship_id;
  MutualExchangeSort  sort;
  gboolean            descending;

  guint               n_items;
  gint64              known_count;  /* from the creator, or -1 */
  GHashTable         *pages;        /* page number → GPtrArray of items */
  guint               n_fetches;
  MutualExchangeFilter filter;
  char               *search;       /* the filter's text, owned */
};

enum {
  PROP_0,
  PROP_LEDGER,
  PROP_RELATIONSHIP_ID,
  PROP_N_ITEMS,
  PROP_KNOWN_COUNT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GType
mutual_exchange_model_get_item_type (GListModel *model)
{
  return MUTUAL_TYPE_EXCHANGE_ITEM;
}

static guint
mutual_exchange_model_get_n_items (GListModel *model)
{
  return MUTUAL_EXCHANGE_MODEL (model)->n_items;
}

static gint64
count (MutualExchangeModel *self)
{
  g_autoptr(GError) error = NULL;
  gint64 n;

  if (!mutual_exchange_filter_is_set (&self->filter) || self->relationship_id == 0)
    return mutual_ledger_count_exchanges (self->ledger, self->relationship_id);
  n = mutual_ledger_count_exchanges_filtered (self->ledger, self->relationship_id, &self->filter, &error);
  if (n < 0)
    g_warning ("Could not count exchanges: %s", error->message);
  return n;
}

static GPtrArray *
fetch_page (MutualExchangeModel *self,
            guint                page)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) exchanges = NULL;
  GPtrArray *items;

  if (mutual_exchange_filter_is_set (&self->filter) && self->relationship_id != 0)
    exchanges = mutual_ledger_list_exchanges_filtered (self->ledger, self->relationship_id, &self->filter,
                                                       self->sort, self->descending,
                                                       page * MUTUAL_EXCHANGE_MODEL_PAGE_SIZE,
                                                       MUTUAL_EXCHANGE_MODEL_PAGE_SIZE,
                                                       &error);
  else
    exchanges = mutual_ledger_list_exchanges (self->ledger, self->relationship_id,
                                              self->sort, self->descending,
                                              page * MUTUAL_EXCHANGE_MODEL_PAGE_SIZE,
                                              MUTUAL_EXCHANGE_MODEL_PAGE_SIZE,
                                              &error);
  self->n_fetches++;
  items = g_ptr_array_new_with_free_func (g_object_unref);
  if (exchanges == NULL)
    {
      g_warning ("Could not read exchanges: %s", error->message);
      return items;
    }
  /* The array owns its exchanges: hand each one to its item. */
  g_ptr_array_set_free_func (exchanges, NULL);
  for (guint i = 0; i < exchanges->len; i++)
    g_ptr_array_add (items, mutual_exchange_item_new (g_ptr_array_index (exchanges, i)));
  return items;
}

static gpointer
mutual_exchange_model_get_item (GListModel *model,
                                guint       position)
{
  MutualExchangeModel *self = MUTUAL_EXCHANGE_MODEL (model);
  guint page = position / MUTUAL_EXCHANGE_MODEL_PAGE_SIZE;
  guint index = position % MUTUAL_EXCHANGE_MODEL_PAGE_SIZE;
  GPtrArray *items;

  if (position >= self->n_items)
    return NULL;

  items = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (page));
  if (items == NULL)
    {
      if (g_hash_table_size (self->pages) >= MAX_CACHED_PAGES)
        g_hash_table_remove_all (self->pages);
      items = fetch_page (self, page);
      g_hash_table_insert (self->pages, GUINT_TO_POINTER (page), items);
    }
  /* Another process may have shortened the list since the count. */
  if (index >= items->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (items, index));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = mutual_exchange_model_get_item_type;
  iface->get_n_items = mutual_exchange_model_get_n_items;
  iface->get_item = mutual_exchange_model_get_item;
}

G_DEFINE_FINAL_TYPE_WITH_CODE (MutualExchangeModel, mutual_exchange_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static void
mutual_exchange_model_constructed (GObject *object)
{
  MutualExchangeModel *self = MUTUAL_EXCHANGE_MODEL (object);

  G_OBJECT_CLASS (mutual_exchange_model_parent_class)->constructed (object);

  g_signal_connect_object (self->ledger, "changed",
                           G_CALLBACK (mutual_exchange_model_reload), self,
                           G_CONNECT_SWAPPED);
  self->n_items = (guint) MIN (self->known_count >= 0
                               ? self->known_count
                               : mutual_ledger_count_exchanges (self->ledger, self->relationship_id),
                               (gint64) G_MAXUINT);
}

static void
mutual_exchange_model_dispose (GObject *object)
{
  MutualExchangeModel *self = MUTUAL_EXCHANGE_MODEL (object);

  g_clear_object (&self->ledger);
  g_hash_table_remove_all (self->pages);

  G_OBJECT_CLASS (mutual_exchange_model_parent_class)->dispose (object);
}

static void
mutual_exchange_model_finalize (GObject *object)
{
  MutualExchangeModel *self = MUTUAL_EXCHANGE_MODEL (object);

  g_clear_pointer (&self->pages, g_hash_table_unref);
  g_clear_pointer (&self->search, g_free);

  G_OBJECT_CLASS (mutual_exchange_model_parent_class)->finalize (object);
}

static void
mutual_exchange_model_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  MutualExchangeModel *self = MUTUAL_EXCHANGE_MODEL (object);

  switch (prop_id)
    {
    case PROP_LEDGER:
      g_value_set_object (value, self->ledger);
      break;
    case PROP_RELATIONSHIP_ID:
      g_value_set_int64 (value, self->relationship_id);
      break;
    case PROP_N_ITEMS:
      g_value_set_uint (value, self->n_items);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mutual_exchange_model_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  MutualExchangeModel *self = MUTUAL_EXCHANGE_MODEL (object);

  switch (prop_id)
    {
    case PROP_LEDGER:
      self->ledger = g_value_dup_object (value);
      break;
    case PROP_RELATIONSHIP_ID:
      self->relationship_id = g_value_get_int64 (value);
      break;
    case PROP_KNOWN_COUNT:
      self->known_count = g_value_get_int64 (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mutual_exchange_model_class_init (MutualExchangeModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = mutual_exchange_model_constructed;
  object_class->dispose = mutual_exchange_model_dispose;
  object_class->finalize = mutual_exchange_model_finalize;
  object_class->get_property = mutual_exchange_model_get_property;
  object_class->set_property = mutual_exchange_model_set_property;

  properties[PROP_LEDGER] =
    g_param_spec_object ("ledger", NULL, NULL,
                         MUTUAL_TYPE_LEDGER,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RELATIONSHIP_ID] =
    g_param_spec_int64 ("relationship-id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* The count at creation when the creator knows it; -1: counted. */
  properties[PROP_KNOWN_COUNT] =
    g_param_spec_int64 ("known-count", NULL, NULL, -1, G_MAXINT64, -1,
                        G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
mutual_exchange_model_init (MutualExchangeModel *self)
{
  self->sort = MUTUAL_EXCHANGE_SORT_DATE;
  self->descending = TRUE;
  self->pages = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_ptr_array_unref);
  self->filter = (MutualExchangeFilter) MUTUAL_EXCHANGE_FILTER_INIT;
}

MutualExchangeModel *
mutual_exchange_model_new (MutualLedger *ledger,
                           gint64        relationship_id)
{
  g_return_val_if_fail (MUTUAL_IS_LEDGER (ledger), NULL);

  return g_object_new (MUTUAL_TYPE_EXCHANGE_MODEL,
                       "ledger", ledger,
                       "relationship-id", relationship_id,
                       NULL);
}

MutualExchangeModel *
mutual_exchange_model_new_with_count (MutualLedger *ledger,
                                      gint64        relationship_id,
                                      gint64        n_items)
{
  g_return_val_if_fail (MUTUAL_IS_LEDGER (ledger), NULL);

  return g_object_new (MUTUAL_TYPE_EXCHANGE_MODEL,
                       "ledger", ledger,
                       "relationship-id", relationship_id,
                       "known-count", MAX (n_items, -1),
                       NULL);
}

gint64
mutual_exchange_model_get_relationship_id (MutualExchangeModel *self)
{
  g_return_val_if_fail (MUTUAL_IS_EXCHANGE_MODEL (self), 0);
  return self->relationship_id;
}

void
mutual_exchange_model_reload (MutualExchangeModel *self)
{
  guint old_n;

  g_return_if_fail (MUTUAL_IS_EXCHANGE_MODEL (self));

  if (self->ledger == NULL)
    return;
  old_n = self->n_items;
  g_hash_table_remove_all (self->pages);
  self->n_items = (guint) CLAMP (count (self), 0, (gint64) G_MAXUINT);
  g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n, self->n_items);
  if (old_n != self->n_items)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

void
mutual_exchange_model_set_sort (MutualExchangeModel *self,
                                MutualExchangeSort   sort,
                                gboolean             descending)
{
  g_return_if_fail (MUTUAL_IS_EXCHANGE_MODEL (self));

  descending = !!descending;
  if (self->sort == sort && self->descending == descending)
    return;
  self->sort = sort;
  self->descending = descending;
  mutual_exchange_model_reload (self);
}

MutualExchangeSort
mutual_exchange_model_get_sort (MutualExchangeModel *self,
                                gboolean            *descending)
{
  g_return_val_if_fail (MUTUAL_IS_EXCHANGE_MODEL (self), MUTUAL_EXCHANGE_SORT_DATE);

  if (descending)
    *descending = self->descending;
  return self->sort;
}

guint
mutual_exchange_model_get_n_fetches (MutualExchangeModel *self)
{
  g_return_val_if_fail (MUTUAL_IS_EXCHANGE_MODEL (self), 0);
  return self->n_fetches;
}

void
mutual_exchange_model_set_filter (MutualExchangeModel        *self,
                                  const MutualExchangeFilter *filter)
{
  MutualExchangeFilter none = MUTUAL_EXCHANGE_FILTER_INIT;

  g_return_if_fail (MUTUAL_IS_EXCHANGE_MODEL (self));

  if (filter == NULL)
    filter = &none;
  if (filter->from == self->filter.from && filter->to == self->filter.to
      && filter->direction == self->filter.direction && filter->kind == self->filter.kind
      && g_strcmp0 (filter->search, self->search) == 0)
    return;
  g_free (self->search);
  self->search = g_strdup (filter->search);
  self->filter = *filter;
  self->filter.search = self->search;
  mutual_exchange_model_reload (self);
}

gboolean
mutual_exchange_model_is_filtered (MutualExchangeModel *self)
{
  g_return_val_if_fail (MUTUAL_IS_EXCHANGE_MODEL (self), FALSE);
  return mutual_exchange_filter_is_set (&self->filter);
}
