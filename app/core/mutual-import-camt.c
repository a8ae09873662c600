/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mutual-import-bank"

#include "config.h"

#include <glib/gi18n.h>

#include "mutual-error.h"
#include "mutual-import-bank-private.h"

gboolean
mutual_bank_read_camt053 (const MutualBankInput  *in,
                     GInputStream           *stream,
                     GError                **error)
{
  g_set_error (error, MUTUAL_ERROR, MUTUAL_ERROR_DATA, "%s: not read yet.", in->name);
  return FALSE;
}
