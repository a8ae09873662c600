/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "core/mutual-types.h"

G_BEGIN_DECLS

#define MUTUAL_TYPE_EXCHANGE_ITEM (mutual_exchange_item_get_type ())
G_DECLARE_FINAL_TYPE (MutualExchangeItem, mutual_exchange_item, MUTUAL, EXCHANGE_ITEM, GObject)

/* Takes ownership of @exchange. */
MutualExchangeItem   *mutual_exchange_item_new          (MutualExchange     *exchange);
const MutualExchange *mutual_exchange_item_get_exchange (MutualExchangeItem *self);

G_END_DECLS
