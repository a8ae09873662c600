/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Importing a hostile CSV file: either a report, or one clear
 * MUTUAL_ERROR_DATA sentence; never a crash, and never a change to the
 * ledger. Each input is a dry run that creates the relationships it
 * does not find, read once by the presets' detection and once through
 * --map, so both paths see every input. */
#include <glib.h>
#include <stdint.h>
#include <string.h>

#include "core/mutual-error.h"
#include "core/mutual-import-csv.h"

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
  g_autofree char *dir = g_dir_make_tmp ("mutual-fuzz-csv-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "ledger.db", NULL);

  ledger = mutual_ledger_open (path, NULL);
  g_assert_nonnull (ledger);
  g_assert_true (mutual_ledger_set_currency (ledger, "EUR", NULL));
  rel->name = g_strdup ("Acme GmbH");
  g_assert_true (mutual_ledger_add_relationship (ledger, rel, NULL));
  exchange->relationship_id = rel->id;
  exchange->date = 20250201;
  exchange->kind = MUTUAL_KIND_WORK;
  exchange->value = 450000;
  g_assert_true (mutual_ledger_add_exchange (ledger, exchange, NULL));

  relationships = mutual_ledger_count_relationships (ledger);
  exchanges = mutual_ledger_count_exchanges (ledger, 0);
  return 0;
}

static void
import_once (const uint8_t *data,
             size_t         size,
             const char    *map)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_data (data, (gssize) size, NULL);
  MutualImportOptions options = {
    .type = MUTUAL_IMPORT_TYPE_CSV,
    .map = map,
    .unmatched = MUTUAL_UNMATCHED_CREATE,
    .dry_run = TRUE,
  };
  MutualImportReport report = { 0 };
  MutualRecordSink *sink = mutual_record_sink_new (ledger, MUTUAL_IMPORT_TYPE_CSV, "fuzz.csv",
                                                   &options, &error);

  g_assert_no_error (error);
  if (mutual_import_csv_stream (sink, stream, "fuzz.csv", size, &options, NULL, NULL, NULL, &error))
    {
      g_assert_true (mutual_record_sink_finish (sink, &report, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (report.matched->len, ==,
                        report.counts.exchanges_added + report.counts.exchanges_updated
                        + report.counts.exchanges_unchanged + report.exchanges_skipped);
      mutual_import_report_clear (&report);
    }
  else
    {
      mutual_record_sink_abort (sink);
      g_assert_true (error != NULL && error->domain == MUTUAL_ERROR);
      g_assert_cmpint (error->code, ==, MUTUAL_ERROR_DATA);
      g_assert_null (strchr (error->message, '\n'));
      g_assert_true (strstr (error->message, "fuzz.csv") != NULL);
    }

  g_assert_cmpint (mutual_ledger_count_relationships (ledger), ==, relationships);
  g_assert_cmpint (mutual_ledger_count_exchanges (ledger, 0), ==, exchanges);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  import_once (data, size, NULL);
  import_once (data, size, "counterparty=1,date=2,amount=3,duration=4,note=5");
  return 0;
}
