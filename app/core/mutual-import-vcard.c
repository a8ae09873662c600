/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mutual-import"

#include "config.h"

#include <glib/gi18n.h>

#include "mutual-error.h"
#include "mutual-import-vcard.h"

gboolean
mutual_import_vcard (MutualLedger        *ledger,
                     GInputStream        *stream,
                     const char          *display_name,
                     gboolean             dry_run,
                     MutualImportCounts  *counts,
                     GCancellable        *cancellable,
                     GError             **error)
{
  g_return_val_if_fail (MUTUAL_IS_LEDGER (ledger), FALSE);
  g_return_val_if_fail (G_IS_INPUT_STREAM (stream), FALSE);

  /* Placeholder until the reader lands, so that callers link. */
  g_set_error (error, MUTUAL_ERROR, MUTUAL_ERROR_DATA,
               "Reading vCard files is not available yet.");
  return FALSE;
}
