/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "core/mutual-ledger.h"
#include "mutual-exchange-item.h"

G_BEGIN_DECLS

#define MUTUAL_TYPE_EXCHANGE_MODEL (mutual_exchange_model_get_type ())
G_DECLARE_FINAL_TYPE (MutualExchangeModel, mutual_exchange_model, MUTUAL, EXCHANGE_MODEL, GObject)

/* A relationship's exchanges as MutualExchangeItem, fetched from the
 * ledger a page at a time when a row asks for them, so 100,000 exchanges
 * open at once. Reloads when the ledger changes. */
#define MUTUAL_EXCHANGE_MODEL_PAGE_SIZE 256

MutualExchangeModel *mutual_exchange_model_new      (MutualLedger        *ledger,
                                                     gint64               relationship_id);
/* When the caller knows how many there are (counting 100,000 takes
 * longer than the rest of opening them); @n_items < 0: counts. */
MutualExchangeModel *mutual_exchange_model_new_with_count (MutualLedger  *ledger,
                                                           gint64         relationship_id,
                                                           gint64         n_items);
gint64               mutual_exchange_model_get_relationship_id (MutualExchangeModel *self);
void                 mutual_exchange_model_set_sort (MutualExchangeModel *self,
                                                     MutualExchangeSort   sort,
                                                     gboolean             descending);
MutualExchangeSort   mutual_exchange_model_get_sort (MutualExchangeModel *self,
                                                     gboolean            *descending);
void                 mutual_exchange_model_reload   (MutualExchangeModel *self);
/* Narrows the list (a copy of @filter is kept; NULL: everything). */
void                 mutual_exchange_model_set_filter (MutualExchangeModel        *self,
                                                       const MutualExchangeFilter *filter);
gboolean             mutual_exchange_model_is_filtered (MutualExchangeModel *self);

G_END_DECLS
