/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Importing a hostile interchange file: either counts, or a clear
 * MUTUAL_ERROR_DATA; never a crash, and never a change to the ledger.
 * Every input is a dry run into the same small ledger, so each one goes
 * through the writes of a real import and the rollback after them. */
#include <glib.h>
#include <glib/gstdio.h>
#include <stdint.h>

#include "core/mutual-error.h"
#include "core/mutual-interchange.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);
int LLVMFuzzerInitialize (int *argc, char ***argv);

static MutualLedger *ledger;
static gint64 relationships;
static gint64 exchanges;

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  g_autoptr(MutualRelationship) rel = mutual_relationship_new ();
  g_autoptr(MutualExchange) exchange = mutual_exchange_new ();
  g_autofree char *dir = g_dir_make_tmp ("mutual-fuzz-import-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "ledger.db", NULL);

  /* The ids the seed corpus uses, so merges find existing records. */
  ledger = mutual_ledger_open (path, NULL);
  g_assert_nonnull (ledger);
  g_assert_true (mutual_ledger_set_currency (ledger, "EUR", NULL));
  rel->uuid = g_strdup ("7d1c2e4a-0b5f-4c3e-9a61-2f8d3b7c9e10");
  rel->name = g_strdup ("Acme GmbH");
  g_assert_true (mutual_ledger_add_relationship (ledger, rel, NULL));
  exchange->uuid = g_strdup ("1b9e0c3d-5a7f-4e21-8c6b-9d0e1f2a3b4c");
  exchange->relationship_id = rel->id;
  exchange->date = 20250201;
  exchange->kind = MUTUAL_KIND_WORK;
  exchange->value = 450000;
  g_assert_true (mutual_ledger_add_exchange (ledger, exchange, NULL));

  relationships = mutual_ledger_count_relationships (ledger);
  exchanges = mutual_ledger_count_exchanges (ledger, 0);
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_data (data, (gssize) size, NULL);
  MutualImportCounts counts = { 0 };

  if (!mutual_import_stream (ledger, stream, "fuzz.xml", size, MUTUAL_IMPORT_DRY_RUN,
                             &counts, NULL, NULL, NULL, &error))
    {
      g_assert_true (error != NULL && error->domain == MUTUAL_ERROR);
      g_assert_true (error->code == MUTUAL_ERROR_DATA);
      g_assert_true (g_str_has_prefix (error->message, "In “fuzz.xml” at line "));
    }
  else
    g_assert_no_error (error);

  g_assert_cmpint (mutual_ledger_count_relationships (ledger), ==, relationships);
  g_assert_cmpint (mutual_ledger_count_exchanges (ledger, 0), ==, exchanges);
  g_assert_cmpstr (mutual_ledger_get_currency (ledger), ==, "EUR");
  return 0;
}
