/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Opening a damaged or hostile ledger file: either a clear GError, or a
 * ledger whose every read works or fails cleanly. Never a crash. */
#include <glib.h>
#include <glib/gstdio.h>
#include <stdint.h>
#include <unistd.h>

#include "core/mutual-analytics.h"
#include "core/mutual-error.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);
int LLVMFuzzerInitialize (int *argc, char ***argv);

static char *dir;
static char *path;

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  dir = g_dir_make_tmp ("mutual-fuzz-XXXXXX", NULL);
  path = g_build_filename (dir, "ledger.db", NULL);
  return 0;
}

static void
remove_ledger (void)
{
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);

  g_remove (path);
  g_remove (wal);
  g_remove (shm);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MutualLedger) ledger = NULL;

  remove_ledger ();
  if (!g_file_set_contents (path, (const char *) data, size, NULL))
    return 0;

  ledger = mutual_ledger_open (path, &error);
  if (ledger == NULL)
    {
      g_assert_true (error != NULL && error->domain == MUTUAL_ERROR);
      g_assert_true (error->code == MUTUAL_ERROR_LEDGER);
    }
  else
    {
      g_autoptr(GArray) all = mutual_ledger_assess_all (ledger, 20260101, NULL);
      g_autoptr(GArray) series = mutual_ledger_balance_series (ledger, 0, 0, 20260101,
                                                               MUTUAL_INTERVAL_MONTH, NULL);
      g_autoptr(GPtrArray) page = mutual_ledger_list_exchanges (ledger, 0, MUTUAL_EXCHANGE_SORT_VALUE,
                                                                TRUE, 0, 50, NULL);
      (void) all;
      (void) series;
      (void) page;
    }
  g_clear_object (&ledger);
  remove_ledger ();
  return 0;
}
