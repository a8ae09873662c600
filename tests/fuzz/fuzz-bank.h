/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the bank statement fuzz targets share: a hostile statement is
 * read into a dry run of a small ledger's record sink. Either it is
 * read, or it is refused with a MUTUAL_ERROR_DATA sentence naming the
 * file and a line (or a GIO error); never a crash, never a record
 * outside the rules, never a change to the ledger. */
#pragma once

#include <glib.h>
#include <glib/gstdio.h>
#include <stdint.h>
#include <string.h>

#include "core/mutual-error.h"
#include "core/mutual-identifiers.h"
#include "core/mutual-import-bank.h"
#include "core/mutual-money.h"

typedef gboolean (*FuzzBankReader) (GInputStream *, const char *, MutualRecordSink *,
                                    const MutualImportOptions *, GCancellable *, GError **);

static MutualLedger *fuzz_ledger;
static gint64 fuzz_relationships;
static gint64 fuzz_exchanges;

static void
fuzz_bank_init (void)
{
  g_autoptr(MutualRelationship) rel = mutual_relationship_new ();
  g_autofree char *dir = g_dir_make_tmp ("mutual-fuzz-bank-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "ledger.db", NULL);

  /* Names, an IBAN and an alias that the seed corpus uses, so that
   * matching runs too. */
  fuzz_ledger = mutual_ledger_open (path, NULL);
  g_assert_nonnull (fuzz_ledger);
  g_assert_true (mutual_ledger_set_currency (fuzz_ledger, "EUR", NULL));
  rel->name = g_strdup ("Acme GmbH");
  g_assert_true (mutual_ledger_add_relationship (fuzz_ledger, rel, NULL));
  g_assert_true (mutual_ledger_add_identifier (fuzz_ledger, rel->id, MUTUAL_IDENTIFIER_IBAN,
                                               "DE02120300000000202051", NULL));
  g_assert_true (mutual_ledger_add_identifier (fuzz_ledger, rel->id, MUTUAL_IDENTIFIER_ALIAS,
                                               "NORTHWIND COFFEE", NULL));
  fuzz_relationships = mutual_ledger_count_relationships (fuzz_ledger);
  fuzz_exchanges = mutual_ledger_count_exchanges (fuzz_ledger, 0);
}

static void
fuzz_bank_one (FuzzBankReader  reader,
               MutualImportType type,
               const uint8_t  *data,
               size_t          size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_data (data, (gssize) size, NULL);
  MutualImportOptions options = { .dry_run = TRUE, .date_order = MUTUAL_DATE_ORDER_UNKNOWN };
  MutualImportReport report = { 0 };
  MutualRecordSink *sink = mutual_record_sink_new (fuzz_ledger, type, "fuzz", &options, &error);
  gboolean ok;

  g_assert_no_error (error);
  ok = reader (stream, "fuzz", sink, &options, NULL, &error);
  if (ok)
    ok = mutual_record_sink_finish (sink, &report, &error);
  else
    mutual_record_sink_abort (sink);

  if (!ok)
    {
      g_assert_nonnull (error);
      g_assert_true ((error->domain == MUTUAL_ERROR && error->code == MUTUAL_ERROR_DATA)
                     || error->domain == G_IO_ERROR);
      /* One sentence naming the file and where. */
      g_assert_nonnull (strstr (error->message, "fuzz"));
      g_assert_nonnull (strstr (error->message, "line"));
      g_assert_null (strchr (error->message, '\n'));
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
    }
  else
    {
      g_assert_no_error (error);
      g_assert_cmpuint (report.counts.exchanges_added + report.exchanges_skipped, ==, report.matched->len);
      mutual_import_report_clear (&report);
    }

  g_assert_cmpint (mutual_ledger_count_relationships (fuzz_ledger), ==, fuzz_relationships);
  g_assert_cmpint (mutual_ledger_count_exchanges (fuzz_ledger, 0), ==, fuzz_exchanges);
}
