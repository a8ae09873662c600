/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mutual-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "mutual-exchange-item.h"

struct _MutualExchangeItem
{
  GObject         parent_instance;
  MutualExchange *exchange;
};

G_DEFINE_FINAL_TYPE (MutualExchangeItem, mutual_exchange_item, G_TYPE_OBJECT)

static void
mutual_exchange_item_finalize (GObject *object)
{
  MutualExchangeItem *self = MUTUAL_EXCHANGE_ITEM (object);

  g_clear_pointer (&self->exchange, mutual_exchange_free);

  G_OBJECT_CLASS (mutual_exchange_item_parent_class)->finalize (object);
}

static void
mutual_exchange_item_class_init (MutualExchangeItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = mutual_exchange_item_finalize;
}

static void
mutual_exchange_item_init (MutualExchangeItem *self)
{
}

MutualExchangeItem *
mutual_exchange_item_new (MutualExchange *exchange)
{
  MutualExchangeItem *self;

  g_return_val_if_fail (exchange != NULL, NULL);

  self = g_object_new (MUTUAL_TYPE_EXCHANGE_ITEM, NULL);
  self->exchange = exchange;
  return self;
}

const MutualExchange *
mutual_exchange_item_get_exchange (MutualExchangeItem *self)
{
  g_return_val_if_fail (MUTUAL_IS_EXCHANGE_ITEM (self), NULL);
  return self->exchange;
}
