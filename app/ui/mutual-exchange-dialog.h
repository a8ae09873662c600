/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "core/mutual-ledger.h"

G_BEGIN_DECLS

#define MUTUAL_TYPE_EXCHANGE_DIALOG (mutual_exchange_dialog_get_type ())
G_DECLARE_FINAL_TYPE (MutualExchangeDialog, mutual_exchange_dialog, MUTUAL, EXCHANGE_DIALOG, AdwWindow)

/* Logs an exchange with @relationship_id (@exchange NULL) or edits a copy
 * of @exchange; writes to @ledger itself, emits ::saved and closes. */
MutualExchangeDialog *mutual_exchange_dialog_new       (MutualLedger         *ledger,
                                                        gint64                relationship_id,
                                                        const MutualExchange *exchange);
const char           *mutual_exchange_dialog_get_error (MutualExchangeDialog *self);
gboolean              mutual_exchange_dialog_save      (MutualExchangeDialog *self);

G_END_DECLS
