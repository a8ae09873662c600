/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "mutual-exchange-model.h"

G_BEGIN_DECLS

/* Pages fetched since creation: for tests. */
guint mutual_exchange_model_get_n_fetches (MutualExchangeModel *self);

G_END_DECLS
