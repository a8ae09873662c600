/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The record sink every foreign reader (CSV, OFX, CAMT.053, QIF) hands
 * its rows to: matching, deterministic ids, skipped rows, all or
 * nothing, dry runs and the JSON report. */

#include "config.h"

#include <glib.h>

#include "core/mutual-error.h"
#include "core/mutual-identifiers.h"
#include "core/mutual-import-records.h"
#include "test-util.h"

static MutualImportRecord *
record (guint64          line,
        const char      *counterparty,
        MutualDate       date,
        MutualDirection  direction,
        MutualKind       kind,
        gint64           value)
{
  MutualImportRecord *r = mutual_import_record_new ();

  r->line = line;
  r->column = 1;
  r->counterparty = g_strdup (counterparty);
  r->date = date;
  r->direction = direction;
  r->kind = kind;
  r->value = value;
  return r;
}

/* Feeds the rows (NULL-terminated) to a sink and finishes it. */
static gboolean
import_records (LedgerFixture              *f,
                const MutualImportOptions  *options,
                MutualImportReport         *report,
                GError                    **error,
                ...)
{
  MutualRecordSink *sink = mutual_record_sink_new (f->ledger, MUTUAL_IMPORT_TYPE_CSV,
                                                   "rows.csv", options, error);
  MutualImportRecord *r;
  va_list args;

  if (sink == NULL)
    return FALSE;
  va_start (args, error);
  while ((r = va_arg (args, MutualImportRecord *)))
    if (!mutual_record_sink_add (sink, r, error))
      {
        while ((r = va_arg (args, MutualImportRecord *)))
          mutual_import_record_free (r);
        va_end (args);
        mutual_record_sink_abort (sink);
        return FALSE;
      }
  va_end (args);
  return mutual_record_sink_finish (sink, report, error);
}

static gint64
count (LedgerFixture *f,
       const char    *sql)
{
  return query_db_int (mutual_ledger_get_db (f->ledger), sql);
}

static void
test_match_by_name (LedgerFixture *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  MutualImportOptions options = { 0 };
  MutualImportReport report = { 0 };
  gint64 acme = fixture_add_relationship (f, "Acme GmbH");

  /* Each row's relationship, in the preview's dry run only. */
  for (int round = 0; round < 2; round++)
    {
      options.dry_run = round == 0;
      mutual_import_report_clear (&report);
      g_assert_true (import_records (f, &options, &report, &error,
                                     record (2, "ACME gmbh", 20250301, MUTUAL_DIRECTION_RECEIVED, MUTUAL_KIND_PAYMENT, 12050),
                                     record (3, "  Acme GmbH ", 20250302, MUTUAL_DIRECTION_GIVEN, MUTUAL_KIND_WORK, 0),
                                     record (4, "Nobody AG", 20250303, MUTUAL_DIRECTION_GIVEN, MUTUAL_KIND_WORK, 100),
                                     NULL));
      g_assert_no_error (error);
      if (round == 0)
        {
          g_assert_cmpuint (report.matched->len, ==, 3);
          g_assert_cmpint (g_array_index (report.matched, gint64, 0), ==, acme);
          g_assert_cmpint (g_array_index (report.matched, gint64, 1), ==, acme);
          g_assert_cmpint (g_array_index (report.matched, gint64, 2), ==, 0);
        }
      else
        g_assert_null (report.matched);
    }
  g_assert_cmpuint (report.counts.exchanges_added, ==, 2);
  g_assert_cmpuint (report.exchanges_skipped, ==, 1);
  g_assert_cmpuint (report.counts.relationships_added, ==, 0);
  g_assert_cmpuint (report.skipped->len, ==, 1);
  {
    MutualImportSkipped *s = report.skipped->pdata[0];

    g_assert_cmpuint (s->line, ==, 4);
    g_assert_cmpstr (s->counterparty, ==, "Nobody AG");
    g_assert_cmpstr (s->reason, ==, "unmatched");
  }
  g_assert_cmpint (count (f, "SELECT count (*) FROM exchange"), ==, 2);
  g_assert_cmpint (count (f, "SELECT sum (value) FROM exchange WHERE direction = 1"), ==, 12050);
  mutual_import_report_clear (&report);
}

/* Rows matched by IBAN and by alias, and one whose IBAN and e-mail a
 * new relationship keeps; NULL-terminated. */
static void
identifier_records (MutualImportRecord **rows)
{
  rows[0] = record (2, "ACME GMBH SAGT DANKE", 20250301, MUTUAL_DIRECTION_RECEIVED, MUTUAL_KIND_PAYMENT, 100);
  rows[0]->iban = g_strdup ("de89370400440532013000");
  rows[1] = record (3, "zeta ag berlin", 20250302, MUTUAL_DIRECTION_RECEIVED, MUTUAL_KIND_PAYMENT, 200);
  rows[2] = record (4, "Omega", 20250303, MUTUAL_DIRECTION_RECEIVED, MUTUAL_KIND_PAYMENT, 300);
  rows[2]->iban = g_strdup ("GB82 WEST 1234 5698 7654 32");
  rows[2]->email = g_strdup ("Billing@Omega.example");
  rows[3] = NULL;
}

static void
test_match_by_identifier (LedgerFixture *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  MutualImportOptions options = { .unmatched = MUTUAL_UNMATCHED_CREATE };
  MutualImportReport report = { 0 };
  gint64 acme = fixture_add_relationship (f, "Acme GmbH");
  gint64 zeta = fixture_add_relationship (f, "Zeta AG");
  MutualImportRecord *rows[4];

  g_assert_true (mutual_ledger_add_identifier (f->ledger, acme, MUTUAL_IDENTIFIER_IBAN,
                                               "DE89 3704 0044 0532 0130 00", &error));
  g_assert_true (mutual_ledger_add_identifier (f->ledger, zeta, MUTUAL_IDENTIFIER_ALIAS,
                                               "Zeta AG Berlin", &error));
  g_assert_no_error (error);
  /* The preview's dry run tells each row's relationship. */
  options.dry_run = TRUE;
  identifier_records (rows);
  g_assert_true (import_records (f, &options, &report, &error, rows[0], rows[1], rows[2], NULL));
  g_assert_no_error (error);
  g_assert_cmpuint (report.matched->len, ==, 3);
  g_assert_cmpint (g_array_index (report.matched, gint64, 0), ==, acme);
  g_assert_cmpint (g_array_index (report.matched, gint64, 1), ==, zeta);
  g_assert_cmpint (g_array_index (report.matched, gint64, 2), >, zeta);
  mutual_import_report_clear (&report);
  options.dry_run = FALSE;
  identifier_records (rows);
  g_assert_true (import_records (f, &options, &report, &error, rows[0], rows[1], rows[2], NULL));
  g_assert_no_error (error);
  g_assert_cmpuint (report.counts.relationships_added, ==, 1);
  mutual_import_report_clear (&report);

  /* The new relationship keeps its IBAN and e-mail for the next import. */
  g_assert_cmpint (mutual_ledger_find_identifier (f->ledger, MUTUAL_IDENTIFIER_IBAN,
                                                  "GB82WEST12345698765432", NULL),
                   ==, count (f, "SELECT id FROM relationship WHERE name = 'Omega'"));
  g_assert_cmpint (mutual_ledger_find_identifier (f->ledger, MUTUAL_IDENTIFIER_EMAIL,
                                                  "billing@omega.example", NULL),
                   ==, count (f, "SELECT id FROM relationship WHERE name = 'Omega'"));
}

static void
test_identical_rows_stay_two (LedgerFixture *f,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  MutualImportOptions options = { 0 };
  MutualImportReport report = { 0 };

  fixture_add_relationship (f, "Acme");
  for (int round = 0; round < 2; round++)
    {
      g_assert_true (import_records (f, &options, &report, &error,
                                     record (2, "Acme", 20250301, MUTUAL_DIRECTION_GIVEN, MUTUAL_KIND_WORK, 500),
                                     record (3, "Acme", 20250301, MUTUAL_DIRECTION_GIVEN, MUTUAL_KIND_WORK, 500),
                                     record (4, "Acme", 20250302, MUTUAL_DIRECTION_GIVEN, MUTUAL_KIND_WORK, 500),
                                     NULL));
      g_assert_no_error (error);
      /* The second import of the same rows changes nothing. */
      g_assert_cmpuint (report.counts.exchanges_added, ==, round == 0 ? 3 : 0);
      g_assert_cmpuint (report.counts.exchanges_unchanged, ==, round == 0 ? 0 : 3);
      g_assert_cmpint (count (f, "SELECT count (*) FROM exchange"), ==, 3);
      mutual_import_report_clear (&report);
    }
  /* The ids are name-based UUIDs (version 5, RFC 4122 variant). */
  g_assert_cmpint (count (f, "SELECT count (*) FROM exchange WHERE substr (uuid, 15, 1) = '5'"
                             " AND substr (uuid, 20, 1) IN ('8', '9', 'a', 'b')"), ==, 3);
  assert_day_totals_match (mutual_ledger_get_db (f->ledger));
}

static void
test_source_id_updates (LedgerFixture *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  MutualImportOptions options = { 0 };
  MutualImportReport report = { 0 };
  MutualImportRecord *r;

  fixture_add_relationship (f, "Acme");
  r = record (2, "Acme", 20250301, MUTUAL_DIRECTION_RECEIVED, MUTUAL_KIND_PAYMENT, 100);
  r->source_id = g_strdup ("FITID-1");
  g_assert_true (import_records (f, &options, &report, &error, r, NULL));
  g_assert_cmpuint (report.counts.exchanges_added, ==, 1);
  mutual_import_report_clear (&report);

  /* The bank corrected the amount: the same entry, updated. */
  r = record (2, "Acme", 20250301, MUTUAL_DIRECTION_RECEIVED, MUTUAL_KIND_PAYMENT, 150);
  r->source_id = g_strdup ("FITID-1");
  g_assert_true (import_records (f, &options, &report, &error, r, NULL));
  g_assert_no_error (error);
  g_assert_cmpuint (report.counts.exchanges_added, ==, 0);
  g_assert_cmpuint (report.counts.exchanges_updated, ==, 1);
  g_assert_cmpint (count (f, "SELECT value FROM exchange"), ==, 150);
  mutual_import_report_clear (&report);
  assert_day_totals_match (mutual_ledger_get_db (f->ledger));
}

static void
test_unmatched_create (LedgerFixture *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  MutualImportOptions options = { .unmatched = MUTUAL_UNMATCHED_CREATE };
  MutualImportReport report = { 0 };

  for (int round = 0; round < 2; round++)
    {
      g_assert_true (import_records (f, &options, &report, &error,
                                     record (2, "Zeta Ltd", 20250301, MUTUAL_DIRECTION_GIVEN, MUTUAL_KIND_WORK, 1),
                                     record (3, "zeta ltd", 20250302, MUTUAL_DIRECTION_GIVEN, MUTUAL_KIND_WORK, 2),
                                     record (4, "Omega", 20250303, MUTUAL_DIRECTION_GIVEN, MUTUAL_KIND_WORK, 3),
                                     NULL));
      g_assert_no_error (error);
      g_assert_cmpuint (report.counts.relationships_added, ==, round == 0 ? 2 : 0);
      g_assert_cmpuint (report.counts.exchanges_added, ==, round == 0 ? 3 : 0);
      g_assert_cmpuint (report.exchanges_skipped, ==, 0);
      mutual_import_report_clear (&report);
    }
  g_assert_cmpint (count (f, "SELECT count (*) FROM relationship"), ==, 2);
  g_assert_cmpint (count (f, "SELECT role FROM relationship WHERE name = 'Omega'"), ==, MUTUAL_ROLE_OTHER);
}

static void
test_currency_skipped (LedgerFixture *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  MutualImportOptions options = { 0 };
  MutualImportReport report = { 0 };
  MutualImportRecord *usd = record (2, "Acme", 20250301, MUTUAL_DIRECTION_RECEIVED, MUTUAL_KIND_PAYMENT, 1999);
  MutualImportRecord *eur = record (3, "Acme", 20250301, MUTUAL_DIRECTION_RECEIVED, MUTUAL_KIND_PAYMENT, 1);
  g_autofree char *json = NULL;

  g_assert_true (mutual_ledger_set_currency (f->ledger, "EUR", NULL));
  fixture_add_relationship (f, "Acme");
  usd->currency = g_strdup ("USD");
  eur->currency = g_strdup ("eur");
  g_assert_true (import_records (f, &options, &report, &error, usd, eur, NULL));
  g_assert_no_error (error);
  g_assert_cmpuint (report.counts.exchanges_added, ==, 1);
  g_assert_cmpuint (report.exchanges_skipped, ==, 1);
  json = mutual_import_report_to_json (&report, f->ledger);
  g_assert_cmpstr (json, ==,
                   "{\"type\":\"csv\",\"relationships\":{\"added\":0,\"updated\":0,\"unchanged\":1},"
                   "\"exchanges\":{\"added\":1,\"updated\":0,\"unchanged\":0,\"skipped\":1},"
                   "\"unmatched\":[{\"line\":2,\"counterparty\":\"Acme\",\"date\":\"2025-03-01\","
                   "\"direction\":\"received\",\"value\":\"19.99\",\"reason\":\"currency\"}]}");
  mutual_import_report_clear (&report);
}

static void
test_assignments_first (LedgerFixture *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) assignments = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  MutualImportOptions options = { 0 };
  MutualImportReport report = { 0 };
  MutualImportRecord *r = record (2, "ACME GMBH SAGT DANKE", 20250301, MUTUAL_DIRECTION_RECEIVED,
                                  MUTUAL_KIND_PAYMENT, 100);
  gint64 acme = fixture_add_relationship (f, "Acme GmbH");
  char *key = mutual_import_record_key (r);

  fixture_add_relationship (f, "ACME GMBH SAGT DANKE");
  g_hash_table_insert (assignments, key, g_memdup2 (&acme, sizeof acme));
  options.assignments = assignments;
  g_assert_true (import_records (f, &options, &report, &error, r, NULL));
  g_assert_no_error (error);
  g_assert_cmpint (count (f, "SELECT relationship FROM exchange"), ==, acme);
  mutual_import_report_clear (&report);
}

static void
test_bad_record_changes_nothing (LedgerFixture *f,
                                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  MutualImportOptions options = { .unmatched = MUTUAL_UNMATCHED_CREATE };
  MutualImportRecord *bad = record (7, "Acme", 20250301, MUTUAL_DIRECTION_GIVEN, MUTUAL_KIND_WORK, 1);

  bad->column = 4;
  bad->note = g_strdup ("bell\a");
  g_assert_false (import_records (f, &options, NULL, &error,
                                  record (2, "Acme", 20250301, MUTUAL_DIRECTION_GIVEN, MUTUAL_KIND_WORK, 1),
                                  bad, NULL));
  g_assert_error (error, MUTUAL_ERROR, MUTUAL_ERROR_DATA);
  g_assert_true (g_str_has_prefix (error->message, "In “rows.csv” at line 7, column 4: "));
  g_assert_cmpint (count (f, "SELECT count (*) FROM exchange"), ==, 0);
  g_assert_cmpint (count (f, "SELECT count (*) FROM relationship"), ==, 0);
}

static void
test_dry_run (LedgerFixture *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  MutualImportOptions options = { .unmatched = MUTUAL_UNMATCHED_CREATE, .dry_run = TRUE };
  MutualImportReport report = { 0 };

  g_assert_true (import_records (f, &options, &report, &error,
                                 record (2, "Zeta", 20250301, MUTUAL_DIRECTION_GIVEN, MUTUAL_KIND_WORK, 1),
                                 record (3, "Zeta", 20250302, MUTUAL_DIRECTION_GIVEN, MUTUAL_KIND_WORK, 1),
                                 NULL));
  g_assert_no_error (error);
  g_assert_cmpuint (report.counts.relationships_added, ==, 1);
  g_assert_cmpuint (report.counts.exchanges_added, ==, 2);
  g_assert_cmpint (count (f, "SELECT count (*) FROM relationship"), ==, 0);
  g_assert_cmpint (count (f, "SELECT count (*) FROM exchange"), ==, 0);
  mutual_import_report_clear (&report);
}

static void
test_type_words (void)
{
  MutualImportType type;

  g_assert_true (mutual_import_type_from_string ("camt053", &type));
  g_assert_cmpint (type, ==, MUTUAL_IMPORT_TYPE_CAMT053);
  g_assert_cmpstr (mutual_import_type_to_string (MUTUAL_IMPORT_TYPE_VCARD), ==, "vcard");
  g_assert_false (mutual_import_type_from_string ("xls", &type));
  g_assert_false (mutual_import_type_from_string ("unknown", &type));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/import-records/" path, LedgerFixture, NULL, ledger_fixture_set_up, func, ledger_fixture_tear_down)
  ADD ("match/by-name", test_match_by_name);
  ADD ("match/assignments-first", test_assignments_first);
  ADD ("match/by-identifier", test_match_by_identifier);
  ADD ("ids/identical-rows-stay-two", test_identical_rows_stay_two);
  ADD ("ids/source-id-updates", test_source_id_updates);
  ADD ("unmatched/create", test_unmatched_create);
  ADD ("currency/skipped", test_currency_skipped);
  ADD ("refused/changes-nothing", test_bad_record_changes_nothing);
  ADD ("dry-run", test_dry_run);
#undef ADD
  g_test_add_func ("/import-records/type/words", test_type_words);

  return g_test_run ();
}
