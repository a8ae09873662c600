/* SPDX-License-Identifier: GPL-3.0-or-later */
/* CSV files as other tools write them, imported into a ledger: the
 * presets, --map, encodings, delimiters, quoting, refusals and the
 * report.
 *
 * Where each fixture's columns come from:
 * - Kimai: kimai/kimai src/Export/DefaultTemplate.php (the column list),
 *   src/Export/ColumnConverter.php (each column's header key),
 *   translations/messages.en.xlf and messages.de.xlf (the headers in the
 *   export's language), src/Export/Base/CsvRenderer.php (dates Y-m-d,
 *   duration in decimal hours, booleans as 1 or empty).
 * - Toggl Track: the detailed report's CSV export, "User,Email,Client,
 *   Project,Task,Description,Billable,Start date,Start time,End date,
 *   End time,Duration,Tags,Amount (EUR)" with a UTF-8 byte order mark,
 *   as Toggl's help on CSV files and its exports show it.
 * - Clockify: the detailed report's CSV, "Project,Client,Description,
 *   Task,User,Group,Email,Tags,Billable,Start Date,Start Time,End Date,
 *   End Time,Duration (h),Duration (decimal),Billable Rate (USD),
 *   Billable Amount (USD)", dates in the user's format (US: 12/31/2025).
 * - Invoice Ninja 5: app/Export/CSV/BaseExport.php (payment_report_keys,
 *   invoice_report_keys, and buildHeader(), which prefixes each key's
 *   text from lang/en/texts.php with its entity's: "Payment Amount",
 *   "Invoice Invoice Number", "Client Name").
 * - HomeBank: its transaction import format, "date;payment;info;payee;
 *   memo;amount;category;tags" (homebank.free.fr/help/misc-csvformat.html),
 *   dates dd-mm-yy or ISO, a signed amount. */

#include "config.h"

#include <glib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "core/mutual-error.h"
#include "core/mutual-import-csv.h"
#include "core/mutual-import-records.h"
#include "core/mutual-ledger-bulk.h"
#include "test-util.h"

static char *
write_fixture (LedgerFixture *f,
               const char    *name,
               const char    *contents,
               gssize         length)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (f->dir, name, NULL);

  g_assert_true (g_file_set_contents (path, contents, length, &error));
  g_assert_no_error (error);
  return path;
}

static gboolean
import_path (LedgerFixture              *f,
             const char                 *path,
             const MutualImportOptions  *options,
             MutualImportReport         *report,
             GError                    **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);

  return mutual_import_any (f->ledger, file, options, report, NULL, NULL, NULL, error);
}

/* Every row of the ledger as text, to show a refusal changed nothing. */
static char *
dump (LedgerFixture *f)
{
  sqlite3 *db = mutual_ledger_get_db (f->ledger);
  sqlite3_stmt *stmt = NULL;
  GString *out = g_string_new (NULL);
  const char *sql =
    "SELECT 'r' || id || uuid || name || role FROM relationship"
    " UNION ALL SELECT 'e' || uuid || relationship || date || direction || kind || value"
    " || coalesce (minutes, '-') || coalesce (note, '-') FROM exchange"
    " UNION ALL SELECT 'd' || relationship || date || direction || kind || exchanges || value FROM relationship_day"
    " ORDER BY 1";

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_string_append (out, (const char *) sqlite3_column_text (stmt, 0));
      g_string_append_c (out, '\n');
    }
  sqlite3_finalize (stmt);
  return g_string_free (out, FALSE);
}

static gint64
count (LedgerFixture *f,
       const char    *sql)
{
  return query_db_int (mutual_ledger_get_db (f->ledger), sql);
}

/* Imports @path twice: the first adds @added exchanges, the second
 * changes nothing. */
static void
import_twice (LedgerFixture              *f,
              const char                 *path,
              const MutualImportOptions  *options,
              guint64                     added,
              guint64                     skipped)
{
  for (int round = 0; round < 2; round++)
    {
      g_autoptr(GError) error = NULL;
      MutualImportReport report = { 0 };

      g_assert_true (import_path (f, path, options, &report, &error));
      g_assert_no_error (error);
      g_assert_cmpint (report.type, ==, MUTUAL_IMPORT_TYPE_CSV);
      g_assert_cmpuint (report.counts.exchanges_added, ==, round == 0 ? added : 0);
      g_assert_cmpuint (report.counts.exchanges_unchanged, ==, round == 0 ? 0 : added);
      g_assert_cmpuint (report.counts.exchanges_updated, ==, 0);
      g_assert_cmpuint (report.counts.relationships_added, ==, 0);
      g_assert_cmpuint (report.exchanges_skipped, ==, skipped);
      mutual_import_report_clear (&report);
    }
  assert_day_totals_match (mutual_ledger_get_db (f->ledger));
}

/* Kimai, English headers, "," as the delimiter, a note over two lines. */
static const char kimai_en[] =
  "Date,From,To,Duration,Currency,Price,Internal price,Hourly price,Fixed price,Name,User,E-mail,"
  "Staff number,Customer,Project,Activity,Description,Billable,Tags,Type,Category,Account,"
  "Project number,VAT-ID,Order number\n"
  "2025-03-03,09:00,10:30,1.5,EUR,150,0,100,,Anna Admin,anna,anna@example.org,,Acme GmbH,Website,"
  "Design,\"Homepage, first draft\nand the \"\"hero\"\"\",1,,timesheet,work,C-001,,,\n"
  "2025-03-04,14:00,14:20,0.33,EUR,0,0,100,,Anna Admin,anna,anna@example.org,,ACME GMBH,Website,"
  "Support,Call about hosting,,,timesheet,work,C-001,,,\n"
  "2025-03-05,09:00,17:00,8,EUR,800,0,100,,Anna Admin,anna,anna@example.org,,Nobody Ltd,Audit,"
  "Review,,1,,timesheet,work,,,,\n";

static void
test_kimai_english (LedgerFixture *f,
                    gconstpointer  data)
{
  MutualImportOptions options = { 0 };
  g_autofree char *path = write_fixture (f, "kimai.csv", kimai_en, -1);

  fixture_add_relationship (f, "Acme GmbH");
  import_twice (f, path, &options, 2, 1);
  g_assert_cmpint (count (f, "SELECT count (*) FROM exchange WHERE direction = 0 AND kind = 1"
                             " AND value = 15000 AND minutes = 90 AND date = 20250303"
                             " AND note = 'Homepage, first draft' || char (10) || 'and the \"hero\"'"), ==, 1);
  /* Not billable: support, 0.33 h = 20 minutes, no value. */
  g_assert_cmpint (count (f, "SELECT count (*) FROM exchange WHERE kind = 8 AND value = 0"
                             " AND minutes = 20 AND note = 'Call about hosting'"), ==, 1);
}

/* Kimai exported in German, then saved by Excel: ";" between fields and
 * Windows-1252 ("ä", "ü", "€"). */
static const char kimai_de_cp1252[] =
  "Datum;Von;Bis;Dauer;W\xe4hrung;Preis;Interner Preis;Preis pro Stunde;Festpreis;Name;Benutzer;"
  "E-Mail;Personalnummer;Kunde;Projekt;T\xe4tigkeit;Beschreibung;Abrechenbar;Schlagworte;Typ;"
  "Kategorie;Kundennummer;Projektnummer;Umsatzsteuer-ID;Bestellnummer\n"
  "2025-04-01;08:00;10:15;2,25;EUR;1.234,56;0;100;;Anna;anna;anna@example.org;;M\xfcller & S\xf6hne;"
  "Relaunch;Entwicklung;Pr\xfc" "fung der \x80-Preise;1;;timesheet;work;K-7;;;\n";

static void
test_kimai_german_cp1252 (LedgerFixture *f,
                          gconstpointer  data)
{
  MutualImportOptions options = { 0 };
  g_autofree char *path = write_fixture (f, "kimai-de.csv", kimai_de_cp1252, -1);

  fixture_add_relationship (f, "Müller & Söhne");
  import_twice (f, path, &options, 1, 0);
  g_assert_cmpint (count (f, "SELECT count (*) FROM exchange WHERE value = 123456 AND minutes = 135"
                             " AND note = 'Prüfung der €-Preise'"), ==, 1);
}

/* Toggl Track: a byte order mark, CRLF, the currency in the header. */
static const char toggl[] =
  "\xef\xbb\xbf" "User,Email,Client,Project,Task,Description,Billable,Start date,Start time,End date,"
  "End time,Duration,Tags,Amount (EUR)\r\n"
  "Anna,anna@example.org,Acme GmbH,Website,,Wireframes,Yes,2025-05-02,09:00:00,2025-05-02,"
  "10:30:30,01:30:30,,150.00\r\n"
  "Anna,anna@example.org,Acme GmbH,Website,,,No,2025-05-02,11:00:00,2025-05-02,11:10:00,"
  "00:10:00,,0.00\r\n";

static void
test_toggl (LedgerFixture *f,
            gconstpointer  data)
{
  MutualImportOptions options = { 0 };
  g_autofree char *path = write_fixture (f, "toggl.csv", toggl, -1);

  fixture_add_relationship (f, "Acme GmbH");
  import_twice (f, path, &options, 2, 0);
  /* 1:30:30 rounds to 91 minutes; an empty description takes the project. */
  g_assert_cmpint (count (f, "SELECT count (*) FROM exchange WHERE kind = 1 AND minutes = 91"
                             " AND value = 15000 AND note = 'Wireframes'"), ==, 1);
  g_assert_cmpint (count (f, "SELECT count (*) FROM exchange WHERE kind = 8 AND minutes = 10"
                             " AND note = 'Website'"), ==, 1);
}

/* Clockify in US dollars with US dates, into a ledger in euros: every
 * row is skipped and listed for its currency. */
static const char clockify[] =
  "Project,Client,Description,Task,User,Group,Email,Tags,Billable,Start Date,Start Time,End Date,"
  "End Time,Duration (h),Duration (decimal),Billable Rate (USD),Billable Amount (USD)\n"
  "Mobile App,Acme GmbH,Push notifications,,Anna,,anna@example.org,,Yes,12/31/2025,10:00:00 AM,"
  "12/31/2025,12:00:00 PM,02:00:00,2.00,150.00,300.00\n"
  "Mobile App,Acme GmbH,Standup,,Anna,,anna@example.org,,No,01/02/2026,09:00:00 AM,01/02/2026,"
  "09:15:00 AM,00:15:00,0.25,150.00,0.00\n";

static void
test_clockify_currency (LedgerFixture *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  MutualImportOptions options = { 0 };
  MutualImportReport report = { 0 };
  g_autofree char *path = write_fixture (f, "clockify.csv", clockify, -1);
  MutualImportSkipped *s;

  g_assert_true (mutual_ledger_set_currency (f->ledger, "EUR", NULL));
  fixture_add_relationship (f, "Acme GmbH");
  g_assert_true (import_path (f, path, &options, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report.counts.exchanges_added, ==, 0);
  g_assert_cmpuint (report.exchanges_skipped, ==, 2);
  s = report.skipped->pdata[0];
  g_assert_cmpstr (s->reason, ==, "currency");
  g_assert_cmpstr (s->currency, ==, "USD");
  g_assert_cmpuint (s->date, ==, 20251231);
  g_assert_cmpint (s->value, ==, 30000);
  mutual_import_report_clear (&report);
}

static void
test_clockify_us_dates (LedgerFixture *f,
                        gconstpointer  data)
{
  MutualImportOptions options = { 0 };
  g_autofree char *path = write_fixture (f, "clockify.csv", clockify, -1);

  /* "01/02/2026" follows "12/31/2025": January 2nd, as the file reads. */
  g_assert_true (mutual_ledger_set_currency (f->ledger, "USD", NULL));
  fixture_add_relationship (f, "Acme GmbH");
  import_twice (f, path, &options, 2, 0);
  g_assert_cmpint (count (f, "SELECT count (*) FROM exchange WHERE date = 20260102 AND kind = 8"
                             " AND minutes = 15"), ==, 1);
  g_assert_cmpint (count (f, "SELECT count (*) FROM exchange WHERE date = 20251231 AND value = 30000"
                             " AND minutes = 120"), ==, 1);
}

/* Invoice Ninja's payments and invoices: received payments, given work;
 * the number is the source's id, so a changed amount is an update. */
static const char ninja_payments[] =
  "Client Name,Payment Date,Payment Amount,Payment Refunded,Payment Applied,Payment Transaction Reference,"
  "Payment Currency,Payment Exchange Rate,Payment Number,Payment Method,Payment Status,"
  "Payment Private Notes,Payment User,Payment Assigned User\n"
  "Acme GmbH,2025-06-10,1190.00,0,1190.00,TX-42,EUR,1,0001,Bank Transfer,Completed,,Anna,\n"
  "Acme GmbH,2025-06-20,500,0,500,TX-43,EUR,1,0002,Bank Transfer,Completed,Deposit,Anna,\n";

static const char ninja_invoices[] =
  "Client Name,Client Currency,Invoice Invoice Number,Invoice Amount,Invoice Balance,Invoice Paid To Date,"
  "Invoice PO Number,Invoice Date,Invoice Due Date,Invoice Status,Invoice Public Notes\n"
  "Acme GmbH,EUR,INV-0001,1190.00,0,1190.00,,2025-06-01,2025-06-15,Paid,Website relaunch\n";

static void
test_invoiceninja (LedgerFixture *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  MutualImportOptions options = { 0 };
  MutualImportReport report = { 0 };
  g_autofree char *payments = write_fixture (f, "payments.csv", ninja_payments, -1);
  g_autofree char *invoices = write_fixture (f, "invoices.csv", ninja_invoices, -1);
  g_autofree char *changed = NULL;
  g_autofree char *text = NULL;

  g_assert_true (mutual_ledger_set_currency (f->ledger, "EUR", NULL));
  fixture_add_relationship (f, "Acme GmbH");
  import_twice (f, payments, &options, 2, 0);
  import_twice (f, invoices, &options, 1, 0);
  g_assert_cmpint (count (f, "SELECT count (*) FROM exchange WHERE direction = 1 AND kind = 0"), ==, 2);
  g_assert_cmpint (count (f, "SELECT count (*) FROM exchange WHERE direction = 0 AND kind = 1"
                             " AND value = 119000 AND note = 'Website relaunch'"), ==, 1);

  /* The invoice was corrected in Invoice Ninja. */
  text = g_strdup (ninja_invoices);
  memcpy (strstr (text, "INV-0001,1190.00") + 9, "1290.00", 7);
  changed = write_fixture (f, "invoices-2.csv", text, -1);
  g_assert_true (import_path (f, changed, &options, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report.counts.exchanges_updated, ==, 1);
  g_assert_cmpuint (report.counts.exchanges_added, ==, 0);
  mutual_import_report_clear (&report);
  g_assert_cmpint (count (f, "SELECT value FROM exchange WHERE kind = 1"), ==, 129000);
}

/* @n Invoice Ninja invoices of Acme GmbH from number @first, of
 * @others each on a day of June, but @value for invoice @at (G_MAXUINT: none),
 * and @note_at_500 (if given) the note of invoice 500. */
static char *
ninja_file (LedgerFixture *f,
            const char    *name,
            guint          first,
            guint          n,
            const char    *others,
            guint          at,
            const char    *value,
            const char    *note_at_500)
{
  g_autoptr(GString) csv = g_string_new ("Client Name,Client Currency,Invoice Invoice Number,Invoice Amount,"
                                         "Invoice Balance,Invoice Paid To Date,Invoice PO Number,Invoice Date,"
                                         "Invoice Due Date,Invoice Status,Invoice Public Notes\n");

  for (guint i = first; i < first + n; i++)
    {
      const char *amount = i == at ? value : others;

      g_string_append_printf (csv, "Acme GmbH,EUR,INV-%05u,%s,0,%s,,2025-06-%02u,2025-06-30,Paid,%s\n",
                              i, amount, amount, 1 + i % 28,
                              i == 500 && note_at_500 ? note_at_500 : "Invoice");
    }
  return write_fixture (f, name, csv->str, (gssize) csv->len);
}

/* A second import into a filled ledger: each row is looked up by the
 * loader's writing thread while the file is read on. The same rows
 * stay, changed ones are updated, new ones added, and the counts say
 * which; a dry run changes nothing; an update that would take a total
 * past 64 bits is refused with its own line and changes nothing. */
static void
test_second_import_merges (LedgerFixture *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  MutualImportOptions options = { 0 };
  MutualImportReport report = { 0 };
  g_autofree char *first = ninja_file (f, "first.csv", 0, 1000, "10.00", G_MAXUINT, NULL, NULL);
  g_autofree char *second = ninja_file (f, "second.csv", 0, 1050, "10.00", 100, "20.00", "Corrected");
  g_autofree char *third = ninja_file (f, "third.csv", 0, 1050, "10.00", 7, "30.00", "Corrected");
  g_autofree char *huge = ninja_file (f, "huge.csv", 20000, 9224, "10000000000000.00", 29223, "0.01", NULL);
  g_autofree char *over = ninja_file (f, "over.csv", 20000, 9224, "10000000000000.00", 29223, "10000000000000.00", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gint64 changes;

  g_assert_true (mutual_ledger_set_currency (f->ledger, "EUR", NULL));
  fixture_add_relationship (f, "Acme GmbH");
  g_assert_true (import_path (f, first, &options, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report.counts.exchanges_added, ==, 1000);
  mutual_import_report_clear (&report);

  g_assert_true (import_path (f, second, &options, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report.counts.exchanges_added, ==, 50);
  g_assert_cmpuint (report.counts.exchanges_updated, ==, 2);
  g_assert_cmpuint (report.counts.exchanges_unchanged, ==, 998);
  mutual_import_report_clear (&report);
  g_assert_cmpint (count (f, "SELECT count (*) FROM exchange"), ==, 1050);
  g_assert_cmpint (count (f, "SELECT sum (value) FROM exchange"), ==, 1050 * 1000 + 1000);
  g_assert_cmpint (count (f, "SELECT count (*) FROM exchange WHERE note = 'Corrected'"), ==, 1);
  assert_day_totals_match (mutual_ledger_get_db (f->ledger));

  /* A dry run counts the same way and changes nothing. */
  before = dump (f);
  changes = mutual_ledger_get_change_count (f->ledger);
  options.dry_run = TRUE;
  g_assert_true (import_path (f, third, &options, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report.counts.exchanges_added, ==, 0);
  g_assert_cmpuint (report.counts.exchanges_updated, ==, 2);
  g_assert_cmpuint (report.counts.exchanges_unchanged, ==, 1048);
  mutual_import_report_clear (&report);
  after = dump (f);
  g_assert_cmpstr (before, ==, after);
  g_assert_cmpint (mutual_ledger_get_change_count (f->ledger), ==, changes);
  options.dry_run = FALSE;

  /* 9,223 invoices of 10^13 euros and one of a cent fit 64 bits; the
   * cent become 10^13 euros would not. */
  g_assert_true (import_path (f, huge, &options, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report.counts.exchanges_added, ==, 9224);
  mutual_import_report_clear (&report);
  g_clear_pointer (&before, g_free);
  g_clear_pointer (&after, g_free);
  before = dump (f);
  g_assert_false (import_path (f, over, &options, &report, &error));
  g_assert_error (error, MUTUAL_ERROR, MUTUAL_ERROR_DATA);
  g_assert_true (g_str_has_prefix (error->message, "In “over.csv” at line 9225"));
  g_assert_nonnull (strstr (error->message, "larger than Mutual can add up"));
  after = dump (f);
  g_assert_cmpstr (before, ==, after);
  assert_day_totals_match (mutual_ledger_get_db (f->ledger));
}

/* HomeBank: dd-mm-yy dates need --date-order when a day could be a
 * month; a negative amount is a given payment. */
static const char homebank[] =
  "date;payment;info;payee;memo;amount;category;tags\n"
  "02-01-25;4;;Acme GmbH;Invoice 2025-001;1190.00;Income;\n"
  "15-01-25;8;;Acme GmbH;Team lunch;-45.50;Food;clients\n";

static void
test_homebank (LedgerFixture *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  MutualImportOptions options = { 0 };
  g_autofree char *path = write_fixture (f, "homebank.csv", homebank, -1);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  fixture_add_relationship (f, "Acme GmbH");
  before = dump (f);
  /* "02-01-25" alone is January 2nd or February 1st: refused. */
  g_assert_false (import_path (f, path, &options, NULL, &error));
  g_assert_error (error, MUTUAL_ERROR, MUTUAL_ERROR_DATA);
  g_assert_cmpstr (error->message, ==,
                   "In “homebank.csv” at line 2, column 1: “02-01-25” could be a day then a month or a month"
                   " then a day; say which with --date-order=dmy or --date-order=mdy.");
  after = dump (f);
  g_assert_cmpstr (before, ==, after);

  options.date_order = MUTUAL_DATE_ORDER_DMY;
  import_twice (f, path, &options, 2, 0);
  g_assert_cmpint (count (f, "SELECT count (*) FROM exchange WHERE date = 20250102 AND direction = 1"
                             " AND kind = 0 AND value = 119000"), ==, 1);
  g_assert_cmpint (count (f, "SELECT count (*) FROM exchange WHERE date = 20250115 AND direction = 0"
                             " AND kind = 0 AND value = 4550 AND note = 'Team lunch'"), ==, 1);
}

/* A spreadsheet of one's own: --map by header and by number, TAB as the
 * delimiter, a UTF-16 file as Excel saves "Unicode text". */
static void
test_map_utf16_tab (LedgerFixture *f,
                    gconstpointer  data)
{
  const char *text = "Wer\tWann\tStunden\tBetrag\tWas\n"
                     "Acme GmbH\t03.02.2025\t1:45\t1.234,50\tWorkshop\n";
  g_autoptr(GError) error = NULL;
  g_autofree gunichar2 *utf16 = g_utf8_to_utf16 (text, -1, NULL, NULL, &error);
  glong n = 0;
  g_autoptr(GByteArray) bytes = g_byte_array_new ();
  MutualImportOptions options = {
    .map = "counterparty=Wer,date=2,duration=Stunden,value=Betrag,note=Was",
    .date_order = MUTUAL_DATE_ORDER_DMY,
  };
  g_autofree char *path = NULL;

  g_assert_no_error (error);
  while (utf16[n])
    n++;
  g_byte_array_append (bytes, (const guint8 *) "\xff\xfe", 2);
  for (glong i = 0; i < n; i++)
    {
      guint8 le[2] = { (guint8) (utf16[i] & 0xff), (guint8) (utf16[i] >> 8) };

      g_byte_array_append (bytes, le, 2);
    }
  path = write_fixture (f, "own.txt", (const char *) bytes->data, (gssize) bytes->len);
  fixture_add_relationship (f, "Acme GmbH");
  import_twice (f, path, &options, 1, 0);
  g_assert_cmpint (count (f, "SELECT count (*) FROM exchange WHERE date = 20250203 AND minutes = 105"
                             " AND value = 123450 AND kind = 1 AND direction = 0"), ==, 1);
}

/* A bank's CSV through --map: a signed amount and an IBAN; with
 * --unmatched=create one relationship per counterparty, the same on a
 * second import. */
static void
test_unmatched_create (LedgerFixture *f,
                       gconstpointer  data)
{
  const char *csv = "Buchungstag;Name;Betrag;Verwendungszweck\n"
                    "01.02.2025;Zeta AG;1.500,00;Rechnung 7\n"
                    "03.02.2025;zeta ag;-20,00;Rückbuchung\n"
                    "04.02.2025;Omega GmbH;99,99;\n";
  g_autofree char *path = write_fixture (f, "bank.csv", csv, -1);
  MutualImportOptions options = {
    .map = "date=Buchungstag,counterparty=Name,amount=Betrag,note=Verwendungszweck",
    .unmatched = MUTUAL_UNMATCHED_CREATE,
  };

  for (int round = 0; round < 2; round++)
    {
      g_autoptr(GError) error = NULL;
      MutualImportReport report = { 0 };

      g_assert_true (import_path (f, path, &options, &report, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (report.counts.relationships_added, ==, round == 0 ? 2 : 0);
      g_assert_cmpuint (report.counts.exchanges_added, ==, round == 0 ? 3 : 0);
      g_assert_cmpuint (report.counts.exchanges_unchanged, ==, round == 0 ? 0 : 3);
      mutual_import_report_clear (&report);
    }
  g_assert_cmpint (count (f, "SELECT count (*) FROM relationship WHERE role = 7"), ==, 2);
  g_assert_cmpint (count (f, "SELECT count (*) FROM exchange WHERE direction = 0 AND kind = 0"
                             " AND value = 2000"), ==, 1);
  g_assert_cmpint (count (f, "SELECT count (*) FROM exchange WHERE direction = 1 AND value = 150000"), ==, 1);

  /* A counterparty that cannot be a relationship's name is refused
   * naming its own column, not the note's. */
  {
    static const char * const names[] = { "Tab\tName", "7d1c0000-0000-4000-8000-000000000000" };
    g_autofree char *before = dump (f);

    for (guint i = 0; i < G_N_ELEMENTS (names); i++)
      {
        g_autoptr(GError) error = NULL;
        g_autofree char *text = g_strdup_printf ("Buchungstag;Name;Betrag;Verwendungszweck\n"
                                                 "05.02.2025;%s;5,00;Notiz\n", names[i]);
        g_autofree char *bad = write_fixture (f, "names.csv", text, -1);
        g_autofree char *after = NULL;

        g_assert_false (import_path (f, bad, &options, NULL, &error));
        g_assert_error (error, MUTUAL_ERROR, MUTUAL_ERROR_DATA);
        g_assert_true (g_str_has_prefix (error->message, "In “names.csv” at line 2, column 2: "));
        after = dump (f);
        g_assert_cmpstr (before, ==, after);
      }
  }
}

typedef struct
{
  const char *row;         /* after a header "Client,Date,Amount,Hours,Note" */
  const char *message;     /* after "In “bad.csv” at line 3, " */
} BadRow;

static void
test_bad_rows (LedgerFixture *f,
               gconstpointer  data)
{
  static const BadRow cases[] = {
    { "Acme,2025-01-02,\"12,5,0\",1,x", "column 3: “12,5,0” is not an amount." },
    { "Acme,2025-01-02,12.345,1,x", "column 3: “12.345” is not an amount." },
    { "Acme,2025-02-30,1,1,x", "column 2: “2025-02-30” is not a date." },
    { "Acme,,1,1,x", "column 2: The date is missing." },
    { "Acme,2025-01-02,1,1h30,x", "column 4: “1h30” is not a time such as 1.5 (hours), 1:30 or 1:30:00." },
    { "Acme,2025-01-02,-5,1,x", "column 3: “-5” is negative; a value is never negative (map a signed column as amount)." },
    { "Acme,2025-01-02,1,1,\"bell\a\"", "column 5: The note contains a control character other than a tab or a line break." },
    { "Acme,2025-01-02,1,1,\"open\" quote", "column 5: Text follows the closing quote of a field; a quote inside a quoted field is written twice." },
  };
  MutualImportOptions options = { .map = "counterparty=Client,date=Date,value=Amount,duration=Hours,note=Note" };
  g_autofree char *before = NULL;

  fixture_add_relationship (f, "Acme");
  before = dump (f);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *text = g_strdup_printf ("Client,Date,Amount,Hours,Note\n"
                                               "Acme,2025-01-01,1,1,fine\n%s\n", cases[i].row);
      g_autofree char *path = write_fixture (f, "bad.csv", text, -1);
      g_autofree char *expected = g_strdup_printf ("In “bad.csv” at line 3, %s", cases[i].message);
      g_autofree char *after = NULL;

      g_assert_false (import_path (f, path, &options, NULL, &error));
      g_assert_error (error, MUTUAL_ERROR, MUTUAL_ERROR_DATA);
      g_assert_cmpstr (error->message, ==, expected);
      after = dump (f);
      g_assert_cmpstr (before, ==, after);
    }
}

static void
test_quoting_and_limits (LedgerFixture *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  MutualImportOptions options = { .map = "counterparty=1,date=2,note=3" };
  g_autoptr(GString) text = g_string_new ("a,b,c\n");
  g_autofree char *path = NULL;

  /* A quoted field over lines: the row after it is on line 5. */
  fixture_add_relationship (f, "Acme");
  g_string_append (text, "Acme,2025-01-01,\"one\r\ntwo\r\nthree\"\r\nAcme,2025-01-02,\"\"\"quoted\"\"\"\r\n");
  path = write_fixture (f, "quotes.csv", text->str, (gssize) text->len);
  import_twice (f, path, &options, 2, 0);
  g_assert_cmpint (count (f, "SELECT count (*) FROM exchange WHERE note = 'one' || char (13, 10) || 'two'"
                             " || char (13, 10) || 'three'"), ==, 1);
  g_assert_cmpint (count (f, "SELECT count (*) FROM exchange WHERE note = '\"quoted\"'"), ==, 1);

  /* The 10 MB line: refused at 1 MiB. */
  g_clear_pointer (&path, g_free);
  g_string_assign (text, "a,b,c\nAcme,2025-01-01,");
  for (int i = 0; i < 2 * 1024 * 1024; i++)
    g_string_append_c (text, 'x');
  path = write_fixture (f, "long.csv", text->str, (gssize) text->len);
  g_assert_false (import_path (f, path, &options, NULL, &error));
  g_assert_error (error, MUTUAL_ERROR, MUTUAL_ERROR_DATA);
  g_assert_cmpstr (error->message, ==, "In “long.csv” at line 2: The row is longer than 1 MiB; no export has such rows.");
  g_clear_error (&error);

  /* A row of empty fields to the limit: each is a NUL and a start in
   * the row, which grow to a million; refused where the row passes 1
   * MiB as the line of text was. */
  g_clear_pointer (&path, g_free);
  g_string_assign (text, "a,b,c\nAcme,2025-01-01,");
  for (int i = 0; i < 2 * 1024 * 1024; i++)
    g_string_append_c (text, ',');
  path = write_fixture (f, "commas.csv", text->str, (gssize) text->len);
  g_assert_false (import_path (f, path, &options, NULL, &error));
  g_assert_cmpstr (error->message, ==, "In “commas.csv” at line 2: The row is longer than 1 MiB; no export has such rows.");
  g_clear_error (&error);

  /* A zero byte is no text: refused, not read as the end of the field
   * (which took "Ac\0me" for "Ac"). */
  g_clear_pointer (&path, g_free);
  path = write_fixture (f, "zero.csv", "a,b,c\nAcme,2025-01-01,x\nAc\0me,2025-01-02,y\n", 43);
  g_assert_false (import_path (f, path, &options, NULL, &error));
  g_assert_error (error, MUTUAL_ERROR, MUTUAL_ERROR_DATA);
  g_assert_cmpstr (error->message, ==, "In “zero.csv” at line 3: The line holds a zero byte; the file is not text.");
  g_assert_cmpint (count (f, "SELECT count (*) FROM exchange"), ==, 2);
  g_clear_error (&error);

  /* An unclosed quote. */
  g_clear_pointer (&path, g_free);
  path = write_fixture (f, "open.csv", "a,b,c\nAcme,2025-01-01,\"never\nclosed\n", -1);
  g_assert_false (import_path (f, path, &options, NULL, &error));
  g_assert_cmpstr (error->message, ==, "In “open.csv” at line 2, column 3: The file ends inside a quoted field that starts on line 2.");
  g_clear_error (&error);

  /* A row of more fields than the header names, and a quoted one at the
   * end of a long row: the columns past the header are not read. */
  g_clear_pointer (&path, g_free);
  g_string_assign (text, "a,b,c\nAcme,2025-01-03,many");
  for (int i = 0; i < 600; i++)
    g_string_append (text, ",x");
  g_string_append (text, ",\"last,\"\"one\"\"\"\n");
  path = write_fixture (f, "wide.csv", text->str, (gssize) text->len);
  g_assert_true (import_path (f, path, &options, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count (f, "SELECT count (*) FROM exchange WHERE note = 'many' AND date = 20250103"), ==, 1);
}

typedef struct
{
  const char *text;
  gint64      minor;      /* -1: refused */
} AmountCase;

static void
test_amounts_and_durations (LedgerFixture *f,
                            gconstpointer  data)
{
  static const AmountCase amounts[] = {
    { "1234.56", 123456 }, { "1,234.56", 123456 }, { "1.234,56", 123456 },
    { "1 234,56", 123456 }, { "1'234.56", 123456 }, { "12,5", 1250 }, { "0.5", 50 },
    { "1,234", 123400 }, { "1.234.567", 123456700 }, { "12.500", 1250 },
    { "12.345", -1 }, { "12,5,0", -1 }, { "1.23.4", -1 }, { "€5", -1 }, { "", 0 },
    { "1,2345,00", -1 }, { "9999999999999.99", 999999999999999 }, { "10000000000000.01", -1 },
  };
  static const AmountCase durations[] = {
    { "1.5", 90 }, { "1,5", 90 }, { "0.25", 15 }, { "1:30", 90 }, { "1:30:29", 90 },
    { "1:30:30", 91 }, { "100:00", 6000 }, { "0", 0 }, { "1:5", -1 }, { "1:60", -1 }, { "x", -1 },
  };

  fixture_add_relationship (f, "Acme");
  for (guint i = 0; i < G_N_ELEMENTS (amounts) + G_N_ELEMENTS (durations); i++)
    {
      gboolean is_amount = i < G_N_ELEMENTS (amounts);
      const AmountCase *c = is_amount ? &amounts[i] : &durations[i - G_N_ELEMENTS (amounts)];
      g_autoptr(GError) error = NULL;
      g_autofree char *text = g_strdup_printf ("who,when,what\nAcme,2025-01-01,\"%s\"\n", c->text);
      g_autofree char *path = write_fixture (f, "one.csv", text, -1);
      MutualImportOptions options = {
        .map = is_amount ? "counterparty=who,date=when,value=what" : "counterparty=who,date=when,duration=what",
        .dry_run = TRUE,
      };
      gboolean ok = import_path (f, path, &options, NULL, &error);

      if (c->minor < 0)
        {
          g_assert_false (ok);
          g_assert_error (error, MUTUAL_ERROR, MUTUAL_ERROR_DATA);
          continue;
        }
      g_assert_no_error (error);
      options.dry_run = FALSE;
      g_assert_true (import_path (f, path, &options, NULL, &error));
      g_assert_no_error (error);
      g_assert_cmpint (count (f, is_amount ? "SELECT value FROM exchange" : "SELECT minutes FROM exchange"),
                       ==, c->minor);
      g_assert_cmpint (sqlite3_exec (mutual_ledger_get_db (f->ledger), "DELETE FROM exchange",
                                     NULL, NULL, NULL), ==, SQLITE_OK);
    }
}

/* --map's columns may be quoted to hold commas; what the assistant
 * writes for any header reads back as that header. */
static void
test_map_quoting (LedgerFixture *f,
                  gconstpointer  data)
{
  static const char * const headers[] = { "Date, booked", "Say \"hi\"", " padded ", "plain", "a=b" };
  static const char * const refused[] = { "date", "=x", "date=", "date=\"unclosed", "date=\"a\"b",
                                          "date=\"\"", "date=x,,value=y" };
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) split = mutual_import_csv_split_map ("counterparty=Client, date=\"Date, booked\" ,value=3", &error);
  g_autoptr(GString) written = g_string_new (NULL);
  g_auto(GStrv) back = NULL;
  MutualImportReport report = { 0 };
  g_autofree char *path = NULL;
  MutualImportOptions options = { .map = "counterparty=\"Client, Inc.\",date=\"Date, booked\",value=3" };

  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (split), ==, 6);
  g_assert_cmpstr (split[0], ==, "counterparty");
  g_assert_cmpstr (split[1], ==, "Client");
  g_assert_cmpstr (split[2], ==, "date");
  g_assert_cmpstr (split[3], ==, "Date, booked");
  g_assert_cmpstr (split[4], ==, "value");
  g_assert_cmpstr (split[5], ==, "3");

  for (guint i = 0; i < G_N_ELEMENTS (headers); i++)
    mutual_import_csv_append_map (written, "note", headers[i]);
  back = mutual_import_csv_split_map (written->str, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (back), ==, 2 * G_N_ELEMENTS (headers));
  for (guint i = 0; i < G_N_ELEMENTS (headers); i++)
    g_assert_cmpstr (back[2 * i + 1], ==, headers[i]);

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_auto(GStrv) none = mutual_import_csv_split_map (refused[i], &error);

      if (none != NULL)
        g_error ("“%s” was taken", refused[i]);
      g_assert_error (error, MUTUAL_ERROR, MUTUAL_ERROR_DATA);
      g_clear_error (&error);
    }

  /* A file whose headers hold commas, mapped by name. */
  fixture_add_relationship (f, "Acme");
  path = write_fixture (f, "commas.csv", "\"Client, Inc.\",\"Date, booked\",Value\nAcme,2025-01-01,10\n", -1);
  g_assert_true (import_path (f, path, &options, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report.counts.exchanges_added, ==, 1);
  mutual_import_report_clear (&report);
}

/* A currency column may say the ledger's currency by its code in any
 * case or by its symbol; any other currency's rows are skipped. */
static void
test_currency_symbol (LedgerFixture *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  MutualImportReport report = { 0 };
  g_autofree char *path = write_fixture (f, "symbols.csv",
                                         "who,when,value,cur\n"
                                         "Acme,2025-01-01,10,€\n"
                                         "Acme,2025-01-02,11,eur\n"
                                         "Acme,2025-01-03,12, € \n"
                                         "Acme,2025-01-04,13,$\n"
                                         "Acme,2025-01-05,14,€€\n"
                                         "Acme,2025-01-06,15,USD\n", -1);
  MutualImportOptions options = { .map = "counterparty=who,date=when,value=value,currency=cur" };

  g_assert_true (mutual_ledger_set_currency (f->ledger, "EUR", &error));
  fixture_add_relationship (f, "Acme");
  g_assert_true (import_path (f, path, &options, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report.counts.exchanges_added, ==, 3);
  g_assert_cmpuint (report.skipped->len, ==, 3);
  g_assert_cmpint (count (f, "SELECT sum (value) FROM exchange"), ==, 3300);
  mutual_import_report_clear (&report);
}

/* The words a billable column and a sign column may hold, in any
 * case; an unknown one is refused. Billable work is "work", the rest
 * "support". */
static void
test_flag_and_direction_words (LedgerFixture *f,
                               gconstpointer  data)
{
  static const struct { const char *text; int kind; } billable[] = {
    { "1", MUTUAL_KIND_WORK }, { "Yes", MUTUAL_KIND_WORK }, { "ja", MUTUAL_KIND_WORK },
    { "X", MUTUAL_KIND_WORK }, { "abrechenbar", MUTUAL_KIND_WORK }, { "oui", MUTUAL_KIND_WORK },
    { "", MUTUAL_KIND_SUPPORT }, { "0", MUTUAL_KIND_SUPPORT }, { "NEIN", MUTUAL_KIND_SUPPORT },
    { "-", MUTUAL_KIND_SUPPORT }, { "non", MUTUAL_KIND_SUPPORT }, { "false", MUTUAL_KIND_SUPPORT },
    { "maybe", -1 }, { "yess", -1 }, { "ye", -1 }, { "abrechenbar|x", -1 },
  };
  static const struct { const char *text; int direction; } directions[] = {
    { "Credit", MUTUAL_DIRECTION_RECEIVED }, { "H", MUTUAL_DIRECTION_RECEIVED },
    { "haben", MUTUAL_DIRECTION_RECEIVED }, { "+", MUTUAL_DIRECTION_RECEIVED },
    { "DR", MUTUAL_DIRECTION_GIVEN }, { "soll", MUTUAL_DIRECTION_GIVEN }, { "out", MUTUAL_DIRECTION_GIVEN },
    { "sideways", -1 }, { "cred", -1 },
  };

  fixture_add_relationship (f, "Acme");
  for (guint i = 0; i < G_N_ELEMENTS (billable) + G_N_ELEMENTS (directions); i++)
    {
      gboolean is_flag = i < G_N_ELEMENTS (billable);
      const char *text = is_flag ? billable[i].text : directions[i - G_N_ELEMENTS (billable)].text;
      int expected = is_flag ? billable[i].kind : directions[i - G_N_ELEMENTS (billable)].direction;
      g_autoptr(GError) error = NULL;
      g_autofree char *csv = g_strdup_printf ("who,when,value,what\nAcme,2025-01-01,10,\"%s\"\n", text);
      g_autofree char *path = write_fixture (f, "one.csv", csv, -1);
      MutualImportOptions options = {
        .map = is_flag ? "counterparty=who,date=when,value=value,billable=what"
                       : "counterparty=who,date=when,value=value,sign=what",
      };
      gboolean ok = import_path (f, path, &options, NULL, &error);

      if (expected < 0)
        {
          if (ok)
            g_error ("“%s” was taken", text);
          g_assert_error (error, MUTUAL_ERROR, MUTUAL_ERROR_DATA);
          continue;
        }
      if (!ok)
        g_error ("“%s”: %s", text, error->message);
      g_assert_cmpint (count (f, is_flag ? "SELECT kind FROM exchange" : "SELECT direction FROM exchange"),
                       ==, expected);
      g_assert_cmpint (sqlite3_exec (mutual_ledger_get_db (f->ledger), "DELETE FROM exchange",
                                     NULL, NULL, NULL), ==, SQLITE_OK);
    }
}

static void
test_dates (LedgerFixture *f,
            gconstpointer  data)
{
  static const struct { const char *text; MutualDateOrder order; MutualDate date; } cases[] = {
    { "2025-03-01", 0, 20250301 }, { "2025/3/1", 0, 20250301 }, { "2025-03-01T09:00:00", 0, 20250301 },
    { "31.12.2025", 0, 20251231 }, { "12/31/2025", 0, 20251231 }, { "01/03/2025", 0, 0 },
    { "01.03.2025", 0, 20250301 },
    { "01.03.2025", MUTUAL_DATE_ORDER_DMY, 20250301 }, { "01/03/2025", MUTUAL_DATE_ORDER_MDY, 20250103 },
    { "31/12/2025", MUTUAL_DATE_ORDER_MDY, 0 }, { "25-03-01", MUTUAL_DATE_ORDER_YMD, 20250301 },
    { "05.05.99", 0, 19990505 }, { "2025-3-1x", 0, 0 }, { "1.2", 0, 0 },
  };

  fixture_add_relationship (f, "Acme");
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *text = g_strdup_printf ("who,when\nAcme,%s\n", cases[i].text);
      g_autofree char *path = write_fixture (f, "date.csv", text, -1);
      MutualImportOptions options = { .map = "counterparty=who,date=when", .date_order = cases[i].order };
      gboolean ok = import_path (f, path, &options, NULL, &error);

      if (cases[i].date == 0)
        {
          g_assert_false (ok);
          continue;
        }
      g_assert_no_error (error);
      g_assert_cmpint (count (f, "SELECT date FROM exchange"), ==, cases[i].date);
      g_assert_cmpint (sqlite3_exec (mutual_ledger_get_db (f->ledger), "DELETE FROM exchange",
                                     NULL, NULL, NULL), ==, SQLITE_OK);
    }

  /* A file whose dates contradict one another. */
  {
    g_autoptr(GError) error = NULL;
    g_autofree char *path = write_fixture (f, "mixed.csv", "who,when\nAcme,31/01/2025\nAcme,12/31/2025\n", -1);
    MutualImportOptions options = { .map = "counterparty=who,date=when" };

    g_assert_false (import_path (f, path, &options, NULL, &error));
    g_assert_cmpstr (error->message, ==, "In “mixed.csv” at line 3, column 2: “12/31/2025” is not a date in the"
                                         " order of the file’s other dates (or of --date-order).");
  }
}

static void
test_header_refusals (LedgerFixture *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = write_fixture (f, "odd.csv", "x,y\n1,2\n", -1);
  g_autofree char *kimai = write_fixture (f, "kimai.csv", kimai_en, -1);
  g_autofree char *empty = write_fixture (f, "empty.csv", "", 0);
  MutualImportOptions options = { 0 };

  g_assert_false (import_path (f, path, &options, NULL, &error));
  g_assert_cmpstr (error->message, ==, "The columns of “odd.csv” are not those of any preset (kimai, toggl,"
                                       " clockify, invoiceninja-payments, invoiceninja-invoices, homebank);"
                                       " name them with --map=FIELD=COLUMN,….");
  g_clear_error (&error);

  options.preset = "toggl";
  g_assert_false (import_path (f, kimai, &options, NULL, &error));
  g_assert_cmpstr (error->message, ==, "The file “kimai.csv” has no column “Client”, which the preset toggl reads.");
  g_clear_error (&error);

  options.preset = NULL;
  options.map = "counterparty=Customer,when=Date";
  g_assert_false (import_path (f, kimai, &options, NULL, &error));
  g_assert_true (g_str_has_prefix (error->message, "--map: “when” is not a field;"));
  g_clear_error (&error);

  /* A field named twice: which column is meant is not for Mutual to
   * guess (the last one silently won). */
  options.map = "counterparty=Customer,date=Date,Counterparty=Date";
  g_assert_false (import_path (f, kimai, &options, NULL, &error));
  g_assert_error (error, MUTUAL_ERROR, MUTUAL_ERROR_DATA);
  g_assert_cmpstr (error->message, ==, "--map: the field “Counterparty” is given more than once.");
  g_clear_error (&error);

  options.map = "counterparty=Customer,date=26";
  g_assert_false (import_path (f, kimai, &options, NULL, &error));
  g_assert_cmpstr (error->message, ==, "--map: the file “kimai.csv” has no column “26”.");
  g_clear_error (&error);

  options.map = NULL;
  options.type = MUTUAL_IMPORT_TYPE_CSV;
  g_assert_false (import_path (f, empty, &options, NULL, &error));
  g_assert_cmpstr (error->message, ==, "The file “empty.csv” is empty; a CSV file starts with a header line.");
  g_clear_error (&error);

  /* A FIFO would block the import for ever: refused at once. */
  {
    g_autofree char *fifo = g_build_filename (f->dir, "fifo.csv", NULL);

    g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
    g_assert_false (import_path (f, fifo, &options, NULL, &error));
    g_assert_error (error, MUTUAL_ERROR, MUTUAL_ERROR_DATA);
    g_assert_true (g_str_has_suffix (error->message, "fifo.csv” cannot be opened: it is not a regular file."));
    g_clear_error (&error);
  }

  /* Content that is no known format is read as the file's name says:
   * "hello" in a .xml file is refused by the XML reader. */
  {
    g_autofree char *hello = write_fixture (f, "hello.xml", "hello", -1);

    options.type = MUTUAL_IMPORT_TYPE_UNKNOWN;
    g_assert_false (import_path (f, hello, &options, NULL, &error));
    g_assert_true (strstr (error->message, "it has no element at all") != NULL);
    g_clear_error (&error);
  }

  /* A preset means nothing for Mutual's own XML. */
  {
    g_autofree char *xml = write_fixture (f, "ledger.xml",
                                          "<?xml version=\"1.0\"?>\n<mutual xmlns=\"urn:mutual:ledger:1\""
                                          " version=\"1\" currency=\"EUR\"/>\n", -1);

    options.type = MUTUAL_IMPORT_TYPE_UNKNOWN;
    options.preset = "kimai";
    g_assert_false (import_path (f, xml, &options, NULL, &error));
    g_assert_error (error, MUTUAL_ERROR, MUTUAL_ERROR_USAGE);
    g_assert_cmpstr (error->message, ==, "The option --preset does not apply to a file of type mutual.");
  }
}

/* A large load of many relationships' rows mixed, whose relationship
 * index is kept up to date all along or dropped and built at the end,
 * and whose relationship days are kept in memory until the end or
 * written in parts: the day totals still match the exchanges, and a
 * second import changes nothing. The limits: rows with the index kept
 * up to date, relationship days kept in memory (0: the defaults). */
typedef struct
{
  guint64  live_index_rows;
  guint    days_in_memory;
  gboolean short_rows;      /* shorter than the loader guesses: its day
                             * table grows */
} LargeMixed;

static const LargeMixed large_defaults = { 0, 0, FALSE };
static const LargeMixed large_index_at_end = { 10000, 0, FALSE };
static const LargeMixed large_days_in_parts = { 0, 5000, FALSE };
static const LargeMixed large_short_rows = { 0, 0, TRUE };

static void
test_large_mixed (LedgerFixture *f,
                  gconstpointer  data)
{
  const LargeMixed *limits = data;
  guint early, growths;
  g_autoptr(GString) text = g_string_new ("who,when,value\n");
  MutualImportOptions options = {
    .map = "counterparty=who,date=when,value=value",
    .unmatched = MUTUAL_UNMATCHED_CREATE,
  };
  g_autofree char *path = NULL;

  /* Minutes under Valgrind's memcheck (the CI's third run); the
   * AddressSanitizer run covers it. */
  if (g_getenv ("MUTUAL_TEST_MEMCHECK") != NULL)
    {
      g_test_skip ("a 90,000-row import is too slow under memcheck; the sanitize run covers it");
      return;
    }

  for (int i = 0; i < 90000; i++)
    {
      MutualDate date = mutual_date_add_days (20200101, (i * 7919) % 1500);
      char iso[11];

      if (limits->short_rows)
        g_string_append_printf (text, "C%d,%s,%d\n", i % 211, mutual_date_to_iso (date, iso), i % 1000);
      else
        g_string_append_printf (text, "Client %d,%s,%d.%02d\n", i % 211, mutual_date_to_iso (date, iso),
                                i % 1000, i % 100);
    }
  path = write_fixture (f, "large.csv", text->str, (gssize) text->len);
  /* The relationship index kept up to date all along, or dropped after
   * 10,000 rows and built at the end; the relationship days kept in
   * memory until the end, or added to the ledger 5,000 at a time. */
  mutual_ledger_bulk_set_live_index_limit (limits->live_index_rows);
  mutual_ledger_bulk_set_mixed_days_limit (limits->days_in_memory);
  early = mutual_ledger_bulk_early_day_writes ();
  growths = mutual_ledger_bulk_day_table_growths ();
  for (int round = 0; round < 2; round++)
    {
      g_autoptr(GError) error = NULL;
      MutualImportReport report = { 0 };

      g_assert_true (import_path (f, path, &options, &report, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (report.counts.exchanges_added, ==, round == 0 ? 90000 : 0);
      g_assert_cmpuint (report.counts.exchanges_unchanged, ==, round == 0 ? 0 : 90000);
      mutual_import_report_clear (&report);
    }
  g_assert_cmpint (count (f, "SELECT count (*) FROM relationship_day"), >, 65536);
  assert_day_totals_match (mutual_ledger_get_db (f->ledger));
  g_assert_cmpint (count (f, "SELECT value FROM ledger_total"), ==,
                   count (f, "SELECT sum (value) FROM exchange"));
  g_assert_cmpint (count (f, "SELECT sum (value) FROM relationship_total"), ==,
                   count (f, "SELECT sum (value) FROM exchange"));
  mutual_ledger_bulk_set_live_index_limit (0);
  mutual_ledger_bulk_set_mixed_days_limit (0);
  /* 90,000 rows of over 65,536 days: written early at 5,000 days, or
   * kept until the end. */
  if (limits->days_in_memory)
    g_assert_cmpuint (mutual_ledger_bulk_early_day_writes () - early, >=, 13);
  else
    g_assert_cmpuint (mutual_ledger_bulk_early_day_writes (), ==, early);
  /* The day table is made as large as the file's size says, or grows. */
  if (limits->short_rows)
    g_assert_cmpuint (mutual_ledger_bulk_day_table_growths (), >, growths);
  else
    g_assert_cmpuint (mutual_ledger_bulk_day_table_growths (), ==, growths);
  /* The index is there, and it is the one a query of a relationship's
   * exchanges uses, with every row in it. */
  g_assert_cmpint (count (f, "SELECT count (*) FROM sqlite_schema WHERE type = 'index'"
                             " AND name = 'exchange_by_relationship'"), ==, 1);
  g_assert_cmpint (count (f, "SELECT count (*) FROM exchange INDEXED BY exchange_by_relationship"
                             " WHERE relationship > 0"), ==, 90000);
  g_assert_cmpint (count (f, "SELECT count (*) FROM pragma_integrity_check WHERE integrity_check != 'ok'"), ==, 0);
}

/* A mixed load keeps a day's minutes in 32 bits until the end: a day
 * that would pass them is added to the ledger first, and counted on. */
static void
test_day_minutes_past_32_bits (LedgerFixture *f,
                               gconstpointer  data)
{
  const char *text =
    "who,when,value,mins\n"
    "Anna,2024-03-01,10,2000000000\n"
    "Ben,2024-03-01,1,5\n"
    "Anna,2024-03-01,20,2000000000\n"
    "Anna,2024-03-02,1,1\n"
    "Anna,2024-03-01,30,2000000000\n"
    "Ben,2024-03-01,2,7\n";
  MutualImportOptions options = {
    .map = "counterparty=who,date=when,value=value,minutes=mins",
    .unmatched = MUTUAL_UNMATCHED_CREATE,
  };
  g_autofree char *path = write_fixture (f, "minutes.csv", text, -1);
  g_autoptr(GError) error = NULL;
  MutualImportReport report = { 0 };

  guint early = mutual_ledger_bulk_early_day_writes ();

  g_assert_true (import_path (f, path, &options, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (mutual_ledger_bulk_early_day_writes (), ==, early + 1);
  g_assert_cmpuint (report.counts.exchanges_added, ==, 6);
  mutual_import_report_clear (&report);
  g_assert_cmpint (count (f, "SELECT count (*) FROM relationship_day"), ==, 3);
  g_assert_cmpint (count (f, "SELECT minutes FROM relationship_day d JOIN relationship r"
                             " ON r.id = d.relationship WHERE r.name = 'Anna' AND d.date = 20240301"),
                   ==, G_GINT64_CONSTANT (6000000000));
  g_assert_cmpint (count (f, "SELECT exchanges FROM relationship_day d JOIN relationship r"
                             " ON r.id = d.relationship WHERE r.name = 'Anna' AND d.date = 20240301"),
                   ==, 3);
  g_assert_cmpint (count (f, "SELECT minutes FROM relationship_total t JOIN relationship r"
                             " ON r.id = t.relationship WHERE r.name = 'Ben'"), ==, 12);
  assert_day_totals_match (mutual_ledger_get_db (f->ledger));
}

/* Into a ledger without exchanges, the loader adds up the totals in
 * memory: a day's (the ledger's by the reading thread, each
 * relationship's by the writing one) and each relationship's lifetime
 * (data: over days each of which fits). One past 64 bits is refused,
 * a day's with the line of the row that takes it there, and nothing is
 * written. */
static void
test_total_past_64_bits (LedgerFixture *f,
                         gconstpointer  data)
{
  /* 0: one day's total; 1: a relationship's lifetime total; 2: the
   * same, its days written in parts, so that SQLite adds up the total
   * of the later parts to the earlier. */
  int mode = GPOINTER_TO_INT (data);
  gboolean lifetime = mode > 0;
  guint early_writes = mutual_ledger_bulk_early_day_writes ();
  guint checked_writes = mutual_ledger_bulk_checked_day_writes ();
  g_autoptr(GString) text = g_string_new ("who,when,value\n");
  MutualImportOptions options = {
    .map = "counterparty=who,date=when,value=value",
    .unmatched = MUTUAL_UNMATCHED_CREATE,
  };
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  MutualImportReport report = { 0 };

  /* 9,223 of 10^13 euros fit 64 bits in cents, the 9,224th does not;
   * another relationship's rows around them. */
  for (int i = 0; i < 9224; i++)
    g_string_append_printf (text, "Acme GmbH,2025-06-%02d,10000000000000.00\nZeta AG,2025-06-%02d,1.00\n",
                            lifetime ? 1 + i % 28 : 1, lifetime ? 1 : 1 + i % 28);
  path = write_fixture (f, "totals.csv", text->str, (gssize) text->len);
  if (mode == 2)
    mutual_ledger_bulk_set_mixed_days_limit (8);
  g_assert_false (import_path (f, path, &options, &report, &error));
  mutual_ledger_bulk_set_mixed_days_limit (0);
  /* In parts, each after the first is written with SQLite's checks,
   * which refuse the total there; else only the ledger's total, checked
   * at the end, would. */
  if (mode == 2)
    {
      g_assert_cmpuint (mutual_ledger_bulk_early_day_writes () - early_writes, >=, 3);
      g_assert_cmpuint (mutual_ledger_bulk_checked_day_writes () - checked_writes, >=, 1);
    }
  g_assert_error (error, MUTUAL_ERROR, MUTUAL_ERROR_DATA);
  if (!lifetime)
    g_assert_true (g_str_has_prefix (error->message, "In “totals.csv” at line 18448"));
  g_assert_nonnull (strstr (error->message, "larger than Mutual can add up"));
  g_assert_cmpint (count (f, "SELECT count (*) FROM exchange"), ==, 0);
  g_assert_cmpint (count (f, "SELECT count (*) FROM relationship"), ==, 0);
  g_assert_cmpint (count (f, "SELECT count (*) FROM relationship_day"), ==, 0);
  g_assert_cmpint (count (f, "SELECT count (*) FROM relationship_total"), ==, 0);
  g_assert_cmpint (count (f, "SELECT value FROM ledger_total"), ==, 0);
  assert_checks_on (mutual_ledger_get_db (f->ledger));
}

/* The command line: the text and JSON reports, exit statuses. */
static char *
run (LedgerFixture  *f,
     int            *status,
     char          **err,
     ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *ledger = g_strdup_printf ("--ledger=%s", f->path);
  char *out = NULL;
  const char *arg;
  int wait_status;
  va_list args;

  g_ptr_array_add (argv, (char *) g_getenv ("MUTUAL_BINARY"));
  g_ptr_array_add (argv, ledger);
  va_start (args, err);
  while ((arg = va_arg (args, const char *)))
    g_ptr_array_add (argv, (char *) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);
  g_assert_true (g_spawn_sync (f->dir, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                               &out, err, &wait_status, &error));
  g_assert_no_error (error);
  *status = WIFEXITED (wait_status) ? WEXITSTATUS (wait_status) : -1;
  return out;
}

static void
test_cli (LedgerFixture *f,
          gconstpointer  data)
{
  g_autofree char *path = write_fixture (f, "kimai.csv", kimai_en, -1);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *script = NULL;
  g_autofree char *checked = NULL;
  g_autofree char *report_path = g_build_filename (f->dir, "report.json", NULL);
  g_autofree char *acme_path = g_build_filename (f->dir, "acme.xml", NULL);
  int status;

  fixture_add_relationship (f, "Acme GmbH");
  g_clear_object (&f->ledger);

  out = run (f, &status, &err, "import", "kimai.csv", "--dry-run", NULL);
  g_assert_cmpint (status, ==, 0);
  g_assert_cmpstr (out, ==,
                   "Dry run, nothing written. Relationships: 0 added, 0 updated, 1 unchanged;"
                   " exchanges: 2 added, 0 updated, 0 unchanged.\n"
                   "Skipped rows: 1\n"
                   "  line 5\tNobody Ltd\t2025-03-05\tgiven\t800.00 EUR\tno relationship matches\n");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  out = run (f, &status, &err, "import", "kimai.csv", "--format=json", NULL);
  g_assert_cmpint (status, ==, 0);
  /* Parsed by a JSON reader, not compared as text. */
  g_assert_true (g_file_set_contents (report_path, out, -1, NULL));
  script = g_strdup_printf ("import json; r = json.load (open ('%s/report.json'));"
                            "assert r['type'] == 'csv';"
                            "assert r['relationships'] == {'added': 0, 'updated': 0, 'unchanged': 1};"
                            "assert r['exchanges'] == {'added': 2, 'updated': 0, 'unchanged': 0, 'skipped': 1};"
                            "assert r['unmatched'] == [{'line': 5, 'counterparty': 'Nobody Ltd',"
                            " 'date': '2025-03-05', 'direction': 'given', 'value': '800.00',"
                            " 'reason': 'unmatched'}];"
                            "print ('ok')", f->dir);
  {
    const char *argv[] = { "python3", "-c", script, NULL };
    g_autoptr(GError) error = NULL;
    int wait_status;

    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                                 &checked, NULL, &wait_status, &error));
    g_assert_no_error (error);
    g_assert_cmpstr (checked, ==, "ok\n");
  }
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* Unknown values are bad data (as --format's), a misplaced option a usage error. */
  out = run (f, &status, &err, "import", "kimai.csv", "--unmatched=maybe", NULL);
  g_assert_cmpint (status, ==, 2);
  g_assert_cmpstr (err, ==, "mutual: --unmatched: “maybe” is not one of skip, create.\n");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  out = run (f, &status, &err, "import", "kimai.csv", "--same-name=merge", NULL);
  g_assert_cmpint (status, ==, 1);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  out = run (f, &status, &err, "import", "kimai.csv", "--preset=kimai", "--preset=toggl", NULL);
  g_assert_cmpint (status, ==, 1);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  out = run (f, &status, &err, "import", "kimai.csv", "--type=xls", NULL);
  g_assert_cmpint (status, ==, 2);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* --same-name reaches Mutual's own importer: refused by default,
   * renamed when asked. */
  g_assert_true (g_file_set_contents (acme_path,
                                      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                                      "<mutual xmlns=\"urn:mutual:ledger:1\" version=\"1\" currency=\"EUR\">\n"
                                      "  <relationship id=\"3f1c2e4a-0b5f-4c3e-9a61-2f8d3b7c9e10\" name=\"ACME GmbH\"/>\n"
                                      "</mutual>\n", -1, NULL));
  out = run (f, &status, &err, "import", "acme.xml", NULL);
  g_assert_cmpint (status, ==, 2);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  out = run (f, &status, &err, "import", "acme.xml", "--same-name=rename", NULL);
  g_assert_cmpint (status, ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  out = run (f, &status, &err, "relationships", NULL);
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (out, "\tACME GmbH (2)\t"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/import-csv/" path, LedgerFixture, NULL, ledger_fixture_set_up, func, ledger_fixture_tear_down)
  ADD ("preset/kimai-english", test_kimai_english);
  ADD ("preset/kimai-german-windows-1252", test_kimai_german_cp1252);
  ADD ("preset/toggl", test_toggl);
  ADD ("preset/clockify-currency", test_clockify_currency);
  ADD ("preset/clockify-us-dates", test_clockify_us_dates);
  ADD ("preset/invoiceninja", test_invoiceninja);
  ADD ("merge/second-import", test_second_import_merges);
  ADD ("preset/homebank", test_homebank);
  ADD ("map/utf-16-tab", test_map_utf16_tab);
  ADD ("map/unmatched-create", test_unmatched_create);
  ADD ("refused/bad-rows", test_bad_rows);
  ADD ("refused/header", test_header_refusals);
  ADD ("quoting-and-limits", test_quoting_and_limits);
  ADD ("values/amounts-and-durations", test_amounts_and_durations);
  ADD ("values/dates", test_dates);
  ADD ("values/flag-and-direction-words", test_flag_and_direction_words);
  ADD ("values/currency-symbol", test_currency_symbol);
  ADD ("map/quoting", test_map_quoting);
  ADD ("values/day-minutes-past-32-bits", test_day_minutes_past_32_bits);
  g_test_add ("/import-csv/values/day-total-past-64-bits", LedgerFixture, GINT_TO_POINTER (0),
              ledger_fixture_set_up, test_total_past_64_bits, ledger_fixture_tear_down);
  g_test_add ("/import-csv/values/lifetime-total-past-64-bits", LedgerFixture, GINT_TO_POINTER (1),
              ledger_fixture_set_up, test_total_past_64_bits, ledger_fixture_tear_down);
  g_test_add ("/import-csv/values/lifetime-total-past-64-bits-in-parts", LedgerFixture, GINT_TO_POINTER (2),
              ledger_fixture_set_up, test_total_past_64_bits, ledger_fixture_tear_down);
  g_test_add ("/import-csv/large-mixed", LedgerFixture, &large_defaults,
              ledger_fixture_set_up, test_large_mixed, ledger_fixture_tear_down);
  g_test_add ("/import-csv/large-mixed-index-built-at-end", LedgerFixture, &large_index_at_end,
              ledger_fixture_set_up, test_large_mixed, ledger_fixture_tear_down);
  g_test_add ("/import-csv/large-mixed-days-in-parts", LedgerFixture, &large_days_in_parts,
              ledger_fixture_set_up, test_large_mixed, ledger_fixture_tear_down);
  g_test_add ("/import-csv/large-mixed-short-rows", LedgerFixture, &large_short_rows,
              ledger_fixture_set_up, test_large_mixed, ledger_fixture_tear_down);
  ADD ("cli", test_cli);
#undef ADD

  return g_test_run ();
}
