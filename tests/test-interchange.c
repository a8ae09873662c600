/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The interchange file: export, import, merge, the schema, CSV, and
 * hostile files refused with nothing changed. */
#include "config.h"

#include <signal.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/mutual-ledger-private.h"
#include "core/mutual-error.h"
#include "core/mutual-identifiers.h"
#include "core/mutual-interchange.h"
#include "core/mutual-import-private.h"
#include "core/mutual-import-records.h"
#include "core/mutual-ledger-bulk.h"
#include "core/mutual-chart.h"
#include "core/mutual-report.h"
#include <sys/stat.h>
#include "core/mutual-money.h"
#include "test-util.h"

#define HEAD "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
#define ROOT "<mutual xmlns=\"urn:mutual:ledger:1\" version=\"1\" currency=\"EUR\">\n"
#define REL "<relationship id=\"7d1c2e4a-0b5f-4c3e-9a61-2f8d3b7c9e10\" name=\"Acme GmbH\">\n"
#define EX_ID "1b9e0c3d-5a7f-4e21-8c6b-9d0e1f2a3b4c"
#define EX "<exchange id=\"" EX_ID "\" date=\"2025-02-01\" direction=\"given\" kind=\"work\" value=\"4500.00\"/>\n"
#define TAIL "</relationship>\n</mutual>\n"
#define EX_2 "<exchange id=\"2c8f1d4e-6b80-4f32-9d7c-0e1f2a3b4c5d\" date=\"2025-03-01\" direction=\"received\" kind=\"payment\" value=\"10\"/>\n"

static char *
write_temp (LedgerFixture *f,
            const char    *name,
            const char    *contents,
            gssize         length)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (f->dir, name, NULL);

  g_file_set_contents (path, contents, length, &error);
  g_assert_no_error (error);
  return path;
}

static gboolean
import_path (LedgerFixture       *f,
             const char          *path,
             MutualImportFlags    flags,
             MutualImportCounts  *counts,
             GError             **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);

  return mutual_import_file (f->ledger, file, flags, counts, NULL, NULL, NULL, error);
}

static char *
export_string (LedgerFixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  char nul = '\0';

  g_assert_true (mutual_export_stream (f->ledger, out, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_output_stream_write_all (out, &nul, 1, NULL, NULL, NULL);
  g_output_stream_close (out, NULL, NULL);
  return g_memory_output_stream_steal_data (G_MEMORY_OUTPUT_STREAM (out));
}

/* Everything a person would see of the ledger, to show it unchanged. */
static char *
ledger_state (LedgerFixture *f)
{
  g_autofree char *xml = export_string (f);

  return g_strdup_printf ("%s\n%s", mutual_ledger_get_currency (f->ledger), xml);
}

static void
assert_valid_against_schema (const char *path)
{
  const char *argv[] = { "xmllint", "--noout", "--relaxng", MUTUAL_SCHEMA_PATH, path, NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  int status;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL,
                NULL, NULL, NULL, &err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("%s does not validate: %s", path, err);
}

/* A ledger with the awkward cases: markup characters, line breaks, tabs,
 * leading spaces, a carriage return, non-Latin text, an override, an
 * archived relationship, one without exchanges, missing minutes. */
static void
fill_sample (LedgerFixture *f)
{
  g_autoptr(GError) error = NULL;
  struct { const char *name; const char *org; const char *notes; MutualClass override; const char *reason; gboolean archived; } rels[] = {
    { "Smith & Sons <Ltd> \"quoted\"", "S&S", "Line one\nLine two\twith a tab", MUTUAL_CLASS_PARTNERSHIP, "They refer us every quarter.", FALSE },
    { "Zürich Œuvre 東京", NULL, NULL, MUTUAL_CLASS_TRANSACTIONAL, NULL, TRUE },
    { "acme gmbh", "Acme", "  leading and trailing spaces  ", MUTUAL_CLASS_NONE, NULL, FALSE },
    { "Quiet one", NULL, NULL, MUTUAL_CLASS_NONE, NULL, FALSE },
  };
  const char *notes[] = { NULL, "Website redesign", "a, b; \"c\"\r\nnext line", "  spaced  ", "<b>&amp;</b> ]]> done" };

  for (gsize i = 0; i < G_N_ELEMENTS (rels); i++)
    {
      g_autoptr(MutualRelationship) rel = mutual_relationship_new ();

      rel->name = g_strdup (rels[i].name);
      rel->organization = g_strdup (rels[i].org);
      rel->notes = g_strdup (rels[i].notes);
      rel->override = rels[i].override;
      rel->override_reason = g_strdup (rels[i].reason);
      rel->archived = rels[i].archived;
      rel->role = (MutualRole) (i % MUTUAL_N_ROLES);
      rel->created = 1735894800 + (gint64) i;
      g_assert_true (mutual_ledger_add_relationship (f->ledger, rel, &error));
      g_assert_no_error (error);
      if (i == 0)
        {
          g_assert_true (mutual_ledger_add_identifier (f->ledger, rel->id, MUTUAL_IDENTIFIER_EMAIL, "billing@smith.example", &error));
          g_assert_true (mutual_ledger_add_identifier (f->ledger, rel->id, MUTUAL_IDENTIFIER_IBAN, "GB82 WEST 1234 5698 7654 32", &error));
          g_assert_true (mutual_ledger_add_identifier (f->ledger, rel->id, MUTUAL_IDENTIFIER_ALIAS, "SMITH & SONS <LTD> SAGT DANKE", &error));
          g_assert_true (mutual_ledger_add_identifier (f->ledger, rel->id, MUTUAL_IDENTIFIER_NUMBER, "K-1001", &error));
          g_assert_no_error (error);
        }
      if (i == 3)
        {
          g_assert_true (mutual_ledger_add_identifier (f->ledger, rel->id, MUTUAL_IDENTIFIER_ALIAS, "Stiller Kunde", &error));
          g_assert_no_error (error);
        }

      for (guint k = 0; i < 3 && k < 12; k++)
        {
          g_autoptr(MutualExchange) exchange = mutual_exchange_new ();

          exchange->relationship_id = rel->id;
          exchange->date = mutual_date_add_days (20250101, (gint32) (k * 37 % 300));
          exchange->direction = k % 2 ? MUTUAL_DIRECTION_RECEIVED : MUTUAL_DIRECTION_GIVEN;
          exchange->kind = (MutualKind) (k % MUTUAL_N_KINDS);
          exchange->value = k == 0 ? 0 : (gint64) k * 123457 + (k == 11 ? MUTUAL_VALUE_MAX - 2000000 : 0);
          exchange->minutes = k % 3 == 0 ? -1 : (gint64) k * 60;
          exchange->note = g_strdup (notes[k % G_N_ELEMENTS (notes)]);
          g_assert_true (mutual_ledger_add_exchange (f->ledger, exchange, &error));
          g_assert_no_error (error);
        }
    }
}

static void
test_round_trip (LedgerFixture *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *path = NULL;
  g_autofree char *other_path = g_build_filename (f->dir, "other.db", NULL);
  g_autoptr(MutualLedger) other = NULL;
  g_autoptr(GFile) file = NULL;
  MutualImportCounts counts = { 0 };

  fill_sample (f);
  first = export_string (f);
  path = write_temp (f, "export.xml", first, -1);
  assert_valid_against_schema (path);

  other = mutual_ledger_open (other_path, &error);
  g_assert_no_error (error);
  file = g_file_new_for_path (path);
  g_assert_true (mutual_import_file (other, file, MUTUAL_IMPORT_DEFAULT, &counts, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (counts.relationships_added, ==, 4);
  g_assert_cmpuint (counts.exchanges_added, ==, 36);
  g_assert_cmpuint (counts.exchanges_updated + counts.exchanges_unchanged, ==, 0);

  {
    g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
    char nul = '\0';

    g_assert_true (mutual_export_stream (other, out, NULL, NULL, NULL, &error));
    g_output_stream_write_all (out, &nul, 1, NULL, NULL, NULL);
    g_output_stream_close (out, NULL, NULL);
    second = g_memory_output_stream_steal_data (G_MEMORY_OUTPUT_STREAM (out));
  }
  g_assert_cmpstr (first, ==, second);

  /* The awkward texts came through exactly. */
  {
    g_autoptr(MutualRelationship) rel = mutual_ledger_find_relationship (other, "Smith & Sons <Ltd> \"quoted\"", &error);

    g_assert_no_error (error);
    g_assert_cmpstr (rel->notes, ==, "Line one\nLine two\twith a tab");
    g_assert_cmpint (rel->override, ==, MUTUAL_CLASS_PARTNERSHIP);
    g_assert_cmpstr (rel->override_reason, ==, "They refer us every quarter.");
    g_assert_cmpint (rel->created, ==, 1735894800);
    g_assert_cmpint (mutual_ledger_find_identifier (other, MUTUAL_IDENTIFIER_IBAN, "GB82WEST12345698765432", &error), ==, rel->id);
    g_assert_cmpint (mutual_ledger_find_identifier (other, MUTUAL_IDENTIFIER_ALIAS, "smith & sons <ltd> sagt danke", &error), ==, rel->id);
  }
  g_assert_nonnull (strstr (first, "<identifier type=\"email\">billing@smith.example</identifier>"));
  g_assert_nonnull (strstr (first, "a, b; &quot;c&quot;&#13;\nnext line") ? first : strstr (first, "a, b; \"c\"&#13;\nnext line"));
  {
    g_autoptr(GPtrArray) page = mutual_ledger_list_exchanges (other, 0, MUTUAL_EXCHANGE_SORT_VALUE, TRUE, 0, 1, &error);
    MutualExchange *top = g_ptr_array_index (page, 0);

    g_assert_cmpint (top->value, ==, 11 * 123457 + MUTUAL_VALUE_MAX - 2000000);
  }
}

/* Texts XML cannot hold (control characters) still export to a file that
 * parses and validates; markup in a note goes through as CDATA or
 * character references alike. */
static void
test_export_unrepresentable_text (LedgerFixture *f,
                                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MutualExchange) exchange = mutual_exchange_new ();
  g_autoptr(MutualExchange) back = NULL;
  g_autofree char *xml = NULL;
  g_autofree char *path = NULL;
  g_autofree char *other_path = g_build_filename (f->dir, "other.db", NULL);
  g_autoptr(MutualLedger) other = NULL;
  g_autoptr(GFile) file = NULL;
  gint64 id = fixture_add_relationship (f, "Bell");

  exchange->relationship_id = id;
  exchange->date = 20250301;
  exchange->kind = MUTUAL_KIND_SUPPORT;
  exchange->note = g_strdup ("ring the bell");
  g_assert_true (mutual_ledger_add_exchange (f->ledger, exchange, &error));
  g_assert_no_error (error);
  /* Mutual refuses such a note now; an older release stored it. */
  g_assert_cmpint (sqlite3_exec (mutual_ledger_get_db (f->ledger),
                                 "UPDATE exchange SET note = 'ring ' || char (7) || ' the bell'",
                                 NULL, NULL, NULL), ==, SQLITE_OK);

  xml = export_string (f);
  path = write_temp (f, "bell.xml", xml, -1);
  assert_valid_against_schema (path);

  other = mutual_ledger_open (other_path, &error);
  file = g_file_new_for_path (path);
  g_assert_true (mutual_import_file (other, file, MUTUAL_IMPORT_DEFAULT, NULL, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  back = mutual_ledger_get_exchange_by_uuid (other, exchange->uuid, &error);
  g_assert_cmpstr (back->note, ==, "ring \xef\xbf\xbd the bell");
}

static void
test_cdata_and_references (LedgerFixture *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MutualExchange) exchange = NULL;
  g_autoptr(MutualRelationship) rel = NULL;
  g_autofree char *path = write_temp (f, "cdata.xml", HEAD ROOT
    "<relationship id=\"7d1c2e4a-0b5f-4c3e-9a61-2f8d3b7c9e10\" name=\"B &amp; C &#x4E1C;\">\n"
    "<exchange id=\"" EX_ID "\" date=\"2025-02-01\" direction=\"given\" kind=\"work\" value=\"1\">"
    "<![CDATA[<b>bold</b> & ]]>&lt;&#233;&gt;<!-- not part of it --></exchange>\n" TAIL, -1);

  g_assert_true (import_path (f, path, MUTUAL_IMPORT_DEFAULT, NULL, &error));
  g_assert_no_error (error);
  exchange = mutual_ledger_get_exchange_by_uuid (f->ledger, EX_ID, &error);
  g_assert_cmpstr (exchange->note, ==, "<b>bold</b> & <\xc3\xa9>");
  rel = mutual_ledger_find_relationship (f->ledger, "b & c \xe4\xb8\x9c", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (rel->name, ==, "B & C \xe4\xb8\x9c");
}

static void
test_reimport_changes_nothing (LedgerFixture *f,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *xml = NULL;
  g_autofree char *path = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  MutualImportCounts counts = { 0 };
  gint64 changes;

  fill_sample (f);
  xml = export_string (f);
  path = write_temp (f, "export.xml", xml, -1);
  before = ledger_state (f);
  changes = mutual_ledger_get_change_count (f->ledger);

  g_assert_true (import_path (f, path, MUTUAL_IMPORT_DEFAULT, &counts, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (counts.relationships_added + counts.relationships_updated, ==, 0);
  g_assert_cmpuint (counts.exchanges_added + counts.exchanges_updated, ==, 0);
  g_assert_cmpuint (counts.relationships_unchanged, ==, 4);
  g_assert_cmpuint (counts.exchanges_unchanged, ==, 36);

  after = ledger_state (f);
  g_assert_cmpstr (before, ==, after);
  g_assert_cmpint (mutual_ledger_get_change_count (f->ledger), ==, changes);
}

static void
test_merge_updated_record (LedgerFixture *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MutualExchange) exchange = NULL;
  g_autoptr(MutualRelationship) rel = NULL;
  g_autofree char *path = NULL;
  MutualImportCounts counts = { 0 };
  const char *file_v1 = HEAD ROOT REL EX
    "<exchange id=\"2c8f1a3e-6b7d-4f09-a1e2-3d4c5b6a7f80\" date=\"2025-02-20\" direction=\"received\" kind=\"payment\" value=\"4500\"/>\n"
    TAIL;
  const char *file_v2 = HEAD ROOT
    "<relationship id=\"7d1c2e4a-0b5f-4c3e-9a61-2f8d3b7c9e10\" name=\"Acme GmbH\" role=\"partner\">\n"
    "<notes>Met at the 2024 meetup.</notes>\n"
    "<exchange id=\"" EX_ID "\" date=\"2025-02-01\" direction=\"given\" kind=\"work\" value=\"4800.50\" minutes=\"90\">Website redesign</exchange>\n"
    "<exchange id=\"2c8f1a3e-6b7d-4f09-a1e2-3d4c5b6a7f80\" date=\"2025-02-20\" direction=\"received\" kind=\"payment\" value=\"4500.00\"/>\n"
    "<exchange date=\"2025-03-01\" direction=\"received\" kind=\"referral\" value=\"0\"/>\n"
    TAIL;

  path = write_temp (f, "v1.xml", file_v1, -1);
  g_assert_true (import_path (f, path, MUTUAL_IMPORT_DEFAULT, &counts, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (counts.exchanges_added, ==, 2);

  g_free (path);
  path = write_temp (f, "v2.xml", file_v2, -1);
  g_assert_true (import_path (f, path, MUTUAL_IMPORT_DEFAULT, &counts, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (counts.relationships_added, ==, 0);
  g_assert_cmpuint (counts.relationships_updated, ==, 1);
  g_assert_cmpuint (counts.exchanges_added, ==, 1);
  g_assert_cmpuint (counts.exchanges_updated, ==, 1);
  g_assert_cmpuint (counts.exchanges_unchanged, ==, 1);
  assert_day_totals_match (mutual_ledger_get_db (f->ledger));

  exchange = mutual_ledger_get_exchange_by_uuid (f->ledger, EX_ID, &error);
  g_assert_no_error (error);
  g_assert_cmpint (exchange->value, ==, 480050);
  g_assert_cmpint (exchange->minutes, ==, 90);
  g_assert_cmpstr (exchange->note, ==, "Website redesign");
  rel = mutual_ledger_find_relationship (f->ledger, "Acme GmbH", &error);
  g_assert_cmpint (rel->role, ==, MUTUAL_ROLE_PARTNER);
  g_assert_cmpstr (rel->notes, ==, "Met at the 2024 meetup.");
  g_assert_cmpint (mutual_ledger_count_exchanges (f->ledger, 0), ==, 3);
}

static void
test_dry_run (LedgerFixture *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *xml = NULL;
  g_autofree char *path = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *other_path = g_build_filename (f->dir, "other.db", NULL);
  g_autoptr(MutualLedger) other = NULL;
  g_autoptr(GFile) file = NULL;
  MutualImportCounts dry = { 0 }, real = { 0 };

  fill_sample (f);
  xml = export_string (f);
  path = write_temp (f, "export.xml", xml, -1);
  file = g_file_new_for_path (path);

  other = mutual_ledger_open (other_path, &error);
  g_assert_no_error (error);
  g_assert_true (mutual_ledger_set_currency (other, "USD", &error));
  before = g_strdup_printf ("%s %" G_GINT64_FORMAT, mutual_ledger_get_currency (other),
                            mutual_ledger_get_change_count (other));

  g_assert_true (mutual_import_file (other, file, MUTUAL_IMPORT_DRY_RUN, &dry, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  after = g_strdup_printf ("%s %" G_GINT64_FORMAT, mutual_ledger_get_currency (other),
                           mutual_ledger_get_change_count (other));
  g_assert_cmpstr (before, ==, after);
  g_assert_true (mutual_ledger_is_empty (other));
  g_assert_cmpint (mutual_ledger_count_exchanges (other, 0), ==, 0);

  g_assert_true (mutual_import_file (other, file, MUTUAL_IMPORT_DEFAULT, &real, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpmem (&dry, sizeof dry, &real, sizeof real);
  g_assert_cmpuint (real.exchanges_added, ==, 36);
  g_assert_cmpstr (mutual_ledger_get_currency (other), ==, "EUR");
}

static void
test_currency_mismatch_refused (LedgerFixture *f,
                                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  g_assert_true (mutual_ledger_set_currency (f->ledger, "EUR", &error));
  fixture_add_relationship (f, "Someone");
  before = ledger_state (f);
  path = write_temp (f, "usd.xml",
                     HEAD "<mutual xmlns=\"urn:mutual:ledger:1\" version=\"1\" currency=\"USD\">\n"
                     REL EX TAIL, -1);
  g_assert_false (import_path (f, path, MUTUAL_IMPORT_DEFAULT, NULL, &error));
  g_assert_error (error, MUTUAL_ERROR, MUTUAL_ERROR_DATA);
  g_assert_nonnull (strstr (error->message, "USD"));
  g_assert_nonnull (strstr (error->message, "line 2"));
  after = ledger_state (f);
  g_assert_cmpstr (before, ==, after);
}

static void
test_empty_ledger_takes_currency (LedgerFixture *f,
                                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MutualExchange) exchange = NULL;
  g_autofree char *path = NULL;
  g_autofree char *bad = NULL;
  g_autofree char *xml = NULL;

  g_assert_true (mutual_ledger_set_currency (f->ledger, "EUR", &error));

  /* A failing JPY file leaves the ledger in EUR, in the file and here. */
  bad = write_temp (f, "bad.xml",
                    HEAD "<mutual xmlns=\"urn:mutual:ledger:1\" version=\"1\" currency=\"JPY\">\n" REL
                    "<exchange date=\"2025-02-01\" direction=\"given\" kind=\"work\" value=\"4500.5\"/>\n" TAIL, -1);
  g_assert_false (import_path (f, bad, MUTUAL_IMPORT_DEFAULT, NULL, &error));
  g_assert_error (error, MUTUAL_ERROR, MUTUAL_ERROR_DATA);
  g_assert_nonnull (strstr (error->message, "line 4"));
  g_clear_error (&error);
  g_assert_cmpstr (mutual_ledger_get_currency (f->ledger), ==, "EUR");

  path = write_temp (f, "jpy.xml",
                     HEAD "<mutual xmlns=\"urn:mutual:ledger:1\" version=\"1\" currency=\"JPY\">\n" REL
                     "<exchange id=\"" EX_ID "\" date=\"2025-02-01\" direction=\"given\" kind=\"work\" value=\"4500\"/>\n" TAIL, -1);
  g_assert_true (import_path (f, path, MUTUAL_IMPORT_DEFAULT, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (mutual_ledger_get_currency (f->ledger), ==, "JPY");
  exchange = mutual_ledger_get_exchange_by_uuid (f->ledger, EX_ID, &error);
  g_assert_cmpint (exchange->value, ==, 4500);

  /* Values are written in the ledger currency's digits. */
  xml = export_string (f);
  g_assert_nonnull (strstr (xml, "currency=\"JPY\""));
  g_assert_nonnull (strstr (xml, "value=\"4500\""));

  /* And it stays: reopening reads JPY. */
  g_clear_object (&f->ledger);
  f->ledger = mutual_ledger_open (f->path, &error);
  g_assert_cmpstr (mutual_ledger_get_currency (f->ledger), ==, "JPY");
}

/* Refusals: each a small file, each refused with exit-status code 2, a
 * message naming the file, line and column, and the ledger untouched. */
typedef struct
{
  const char *name;
  const char *xml;
  const char *expect;    /* a word the message must contain */
  int         line;
} Refusal;

static const Refusal refusals[] = {
  { "entity-bomb",
    HEAD "<!DOCTYPE mutual [\n"
    " <!ENTITY a \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\">\n"
    " <!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">\n"
    " <!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">\n"
    " <!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\">\n"
    " <!ENTITY e \"&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;\">\n"
    " <!ENTITY f \"&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;\">\n"
    " <!ENTITY g \"&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;\">\n"
    "]>\n" ROOT REL
    "<exchange date=\"2025-02-01\" direction=\"given\" kind=\"work\" value=\"1\">&g;</exchange>\n" TAIL,
    "DOCTYPE", 2 },
  { "external-entity",
    HEAD "<!DOCTYPE mutual [ <!ENTITY secret SYSTEM \"file:///etc/passwd\"> ]>\n" ROOT REL
    "<exchange date=\"2025-02-01\" direction=\"given\" kind=\"work\" value=\"1\">&secret;</exchange>\n" TAIL,
    "DOCTYPE", 2 },
  { "external-dtd",
    HEAD "<!DOCTYPE mutual SYSTEM \"mutual.dtd\">\n" ROOT REL EX TAIL,
    "DOCTYPE", 2 },
  { "xinclude",
    HEAD ROOT REL "<xi:include xmlns:xi=\"http://www.w3.org/2001/XInclude\" href=\"/etc/passwd\" parse=\"text\"/>\n" TAIL,
    "XInclude", 4 },
  { "undeclared-entity",
    HEAD ROOT REL "<exchange date=\"2025-02-01\" direction=\"given\" kind=\"work\" value=\"1\">&secret;</exchange>\n" TAIL,
    "entity", 4 },
  { "invalid-utf8",
    HEAD ROOT REL "<exchange date=\"2025-02-01\" direction=\"given\" kind=\"work\" value=\"1\">caf\xe9 \xff\xfe</exchange>\n" TAIL,
    "UTF-8", 4 },
  { "latin1-declared",
    "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n" ROOT "<relationship name=\"Caf\xe9\"/>\n</mutual>\n",
    "UTF-8", 3 },
  { "utf16-bom",
    "\xff\xfe<\0?\0x\0m\0l\0",
    "UTF-8", 1 },
  { "wrong-namespace",
    HEAD "<mutual xmlns=\"urn:other\" version=\"1\" currency=\"EUR\"/>\n",
    "namespace", 2 },
  { "wrong-version",
    HEAD "<mutual xmlns=\"urn:mutual:ledger:1\" version=\"2\" currency=\"EUR\"/>\n",
    "version", 2 },
  { "unknown-currency",
    HEAD "<mutual xmlns=\"urn:mutual:ledger:1\" version=\"1\" currency=\"XYZ\"/>\n",
    "XYZ", 2 },
  { "missing-currency",
    HEAD "<mutual xmlns=\"urn:mutual:ledger:1\" version=\"1\"/>\n",
    "currency", 2 },
  { "missing-name",
    HEAD ROOT "<relationship id=\"7d1c2e4a-0b5f-4c3e-9a61-2f8d3b7c9e10\"/>\n</mutual>\n",
    "name", 3 },
  { "bad-id",
    HEAD ROOT "<relationship id=\"not-a-uuid\" name=\"A\"/>\n</mutual>\n",
    "UUID", 3 },
  /* An exchange's id as parse_uuid() reads it: one digit short, one
   * too many, a letter past f, a dash out of place, one in the digits'
   * place. */
  { "exchange-id-short",
    HEAD ROOT REL "<exchange id=\"1b9e0c3d-5a7f-4e21-8c6b-9d0e1f2a3b4\" date=\"2025-02-01\" direction=\"given\" kind=\"work\" value=\"1\"/>\n" TAIL,
    "UUID", 4 },
  { "exchange-id-long",
    HEAD ROOT REL "<exchange id=\"1b9e0c3d-5a7f-4e21-8c6b-9d0e1f2a3b4c0\" date=\"2025-02-01\" direction=\"given\" kind=\"work\" value=\"1\"/>\n" TAIL,
    "UUID", 4 },
  { "exchange-id-not-hex",
    HEAD ROOT REL "<exchange id=\"1b9e0c3d-5a7f-4e21-8c6b-9d0e1f2a3b4g\" date=\"2025-02-01\" direction=\"given\" kind=\"work\" value=\"1\"/>\n" TAIL,
    "UUID", 4 },
  { "exchange-id-dash-moved",
    HEAD ROOT REL "<exchange id=\"1b9e0c3d5-a7f-4e21-8c6b-9d0e1f2a3b4c\" date=\"2025-02-01\" direction=\"given\" kind=\"work\" value=\"1\"/>\n" TAIL,
    "UUID", 4 },
  { "exchange-id-dash-for-digit",
    HEAD ROOT REL "<exchange id=\"1b9e0c3d-5a7f-4e21-8c6b-9d0e1f2a3b-c\" date=\"2025-02-01\" direction=\"given\" kind=\"work\" value=\"1\"/>\n" TAIL,
    "UUID", 4 },
  { "too-many-decimals",
    HEAD ROOT REL "<exchange date=\"2025-02-01\" direction=\"given\" kind=\"work\" value=\"12.345\"/>\n" TAIL,
    "12.345", 4 },
  { "negative-value",
    HEAD ROOT REL "<exchange date=\"2025-02-01\" direction=\"given\" kind=\"work\" value=\"-5\"/>\n" TAIL,
    "negative", 4 },
  { "value-too-large",
    HEAD ROOT REL "<exchange date=\"2025-02-01\" direction=\"given\" kind=\"work\" value=\"10000000000000.01\"/>\n" TAIL,
    "larger", 4 },
  { "impossible-date",
    HEAD ROOT REL "<exchange date=\"2025-02-30\" direction=\"given\" kind=\"work\" value=\"1\"/>\n" TAIL,
    "2025-02-30", 4 },
  { "date-before-1900",
    HEAD ROOT REL "<exchange date=\"1899-12-31\" direction=\"given\" kind=\"work\" value=\"1\"/>\n" TAIL,
    "1899-12-31", 4 },
  { "unknown-kind",
    HEAD ROOT REL "<exchange date=\"2025-02-01\" direction=\"given\" kind=\"bribe\" value=\"1\"/>\n" TAIL,
    "bribe", 4 },
  { "unknown-direction",
    HEAD ROOT REL "<exchange date=\"2025-02-01\" direction=\"sideways\" kind=\"work\" value=\"1\"/>\n" TAIL,
    "sideways", 4 },
  { "unknown-role",
    HEAD ROOT "<relationship name=\"A\" role=\"boss\"/>\n</mutual>\n",
    "boss", 3 },
  { "bad-minutes",
    HEAD ROOT REL "<exchange date=\"2025-02-01\" direction=\"given\" kind=\"work\" value=\"1\" minutes=\"-3\"/>\n" TAIL,
    "-3", 4 },
  { "duplicate-exchange-id",
    HEAD ROOT REL EX EX TAIL,
    "more than once", 5 },
  { "duplicate-relationship-id",
    HEAD ROOT REL "</relationship>\n" REL TAIL,
    "more than once", 5 },
  { "duplicate-name",
    HEAD ROOT "<relationship name=\"Acme\"/>\n<relationship name=\"ACME\"/>\n</mutual>\n",
    "ACME", 4 },
  { "name-too-long",
    HEAD ROOT "<relationship name=\""
    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
    "a\"/>\n</mutual>\n",
    "201", 3 },
  { "empty-name",
    HEAD ROOT "<relationship name=\"   \"/>\n</mutual>\n",
    "empty", 3 },
  { "out-of-order",
    HEAD ROOT REL EX "<notes>late</notes>\n" TAIL,
    "notes", 5 },
  { "unknown-element",
    HEAD ROOT REL "<gift-card/>\n" TAIL,
    "gift-card", 4 },
  { "unknown-attribute",
    HEAD ROOT REL "<exchange date=\"2025-02-01\" direction=\"given\" kind=\"work\" value=\"1\" colour=\"red\"/>\n" TAIL,
    "colour", 4 },
  { "text-between-records",
    HEAD ROOT REL "stray words\n" EX TAIL,
    "text", 5 },
  { "nested-exchange",
    HEAD ROOT REL "<exchange date=\"2025-02-01\" direction=\"given\" kind=\"work\" value=\"1\"><exchange/></exchange>\n" TAIL,
    "inside", 4 },
  { "not-well-formed",
    HEAD ROOT REL "<exchange date=\"2025-02-01\" direction=\"given\" kind=\"work\" value=\"1\">\n</relationship>\n</mutual>\n",
    "well-formed", 5 },
  { "empty-file",
    "",
    "", 1 },
  { "identifier-of-another-relationship",
    HEAD ROOT REL "<notes>n</notes>\n<identifier type=\"email\">Partner@Example.org</identifier>\n" EX TAIL,
    "Existing Partner", 5 },
  { "identifier-twice-in-file",
    HEAD ROOT REL "<identifier type=\"iban\">GB82WEST12345698765432</identifier>\n</relationship>\n"
    "<relationship name=\"Other\">\n<identifier type=\"iban\">gb82 west 1234 5698 7654 32</identifier>\n</relationship>\n</mutual>\n",
    "Acme GmbH", 7 },
  { "identifier-bad-iban",
    HEAD ROOT REL "<identifier type=\"iban\">DE88 3704 0044 0532 0130 00</identifier>\n" TAIL,
    "check digits", 4 },
  { "identifier-unknown-type",
    HEAD ROOT REL "<identifier type=\"phone\">+49 30 123456</identifier>\n" TAIL,
    "phone", 4 },
  { "identifier-missing-type",
    HEAD ROOT REL "<identifier>x</identifier>\n" TAIL,
    "type", 4 },
  { "identifier-after-override",
    HEAD ROOT REL "<override class=\"partnership\"/>\n<identifier type=\"alias\">ACME</identifier>\n" TAIL,
    "identifier", 5 },
  { "identifier-after-exchange",
    HEAD ROOT REL EX "<identifier type=\"alias\">ACME</identifier>\n" TAIL,
    "identifier", 5 },
  { "identifier-empty",
    HEAD ROOT REL "<identifier type=\"number\">  </identifier>\n" TAIL,
    "empty", 4 },
  { "same-name-new-id",
    HEAD ROOT "<relationship id=\"0e0e0e0e-0b5f-4c3e-9a61-2f8d3b7c9e10\" name=\"EXISTING partner \"/>\n</mutual>\n",
    "EXISTING partner", 3 },
  { "same-name-without-id",
    HEAD ROOT REL EX "</relationship>\n<relationship name=\"existing PARTNER\">\n" EX_2 TAIL,
    "existing PARTNER", 6 },
  { "identifier-with-element",
    HEAD ROOT REL "<identifier type=\"alias\"><b>ACME</b></identifier>\n" TAIL,
    "inside", 4 },
};

/* The ledger before the refused file: one relationship with an exchange
 * and a second currency-neutral one, so merges have something to touch. */
static void
seed_ledger (LedgerFixture *f)
{
  g_autoptr(GError) error = NULL;
  gint64 id;

  g_assert_true (mutual_ledger_set_currency (f->ledger, "EUR", &error));
  id = fixture_add_relationship (f, "Existing Partner");
  fixture_log (f, id, 20240105, MUTUAL_DIRECTION_GIVEN, MUTUAL_KIND_ADVICE, 25000);
  g_assert_true (mutual_ledger_add_identifier (f->ledger, id, MUTUAL_IDENTIFIER_EMAIL, "partner@example.org", &error));
  g_assert_no_error (error);
}

static void
assert_refused (LedgerFixture  *f,
                const char     *path,
                const char     *expect,
                int             line)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *before = ledger_state (f);
  g_autofree char *after = NULL;
  g_autofree char *where = NULL;
  g_autofree char *base = g_path_get_basename (path);
  gint64 changes = mutual_ledger_get_change_count (f->ledger);

  g_assert_false (import_path (f, path, MUTUAL_IMPORT_DEFAULT, NULL, &error));
  g_assert_error (error, MUTUAL_ERROR, MUTUAL_ERROR_DATA);
  g_test_message ("%s", error->message);
  /* The file by its base name, as every importer names it. */
  where = g_strdup_printf ("In “%s” at line %d, column ", base, line);
  if (strstr (error->message, where) == NULL)
    g_error ("expected “%s” in: %s", where, error->message);
  if (strstr (error->message, expect) == NULL)
    g_error ("expected “%s” in: %s", expect, error->message);
  /* One sentence. */
  g_assert_null (strchr (error->message, '\n'));

  after = ledger_state (f);
  g_assert_cmpstr (before, ==, after);
  g_assert_cmpint (mutual_ledger_get_change_count (f->ledger), ==, changes);
}

static void
test_refusal (LedgerFixture *f,
              gconstpointer  data)
{
  const Refusal *r = data;
  g_autofree char *path = NULL;
  gsize length = strlen (r->xml);

  if (g_str_equal (r->name, "utf16-bom"))
    length = 12;
  seed_ledger (f);
  path = write_temp (f, "refused.xml", r->xml, (gssize) length);
  assert_refused (f, path, r->expect, r->line);
}

/* An id in capitals is the same id: kept in lower case, so that the
 * file with it in lower case changes nothing, and two ids that differ
 * only so are one, refused as repeated. */
static void
test_ids_in_capitals (LedgerFixture *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  MutualImportCounts counts = { 0 };
  g_autofree char *upper = write_temp (f, "upper.xml", HEAD ROOT REL
                                       "<exchange id=\"1B9E0C3D-5A7F-4E21-8C6B-9D0E1F2A3B4C\" date=\"2025-02-01\""
                                       " direction=\"given\" kind=\"work\" value=\"4500.00\"/>\n" TAIL, -1);
  g_autofree char *lower = write_temp (f, "lower.xml", HEAD ROOT REL EX TAIL, -1);
  g_autofree char *both = write_temp (f, "both.xml", HEAD ROOT REL EX
                                      "<exchange id=\"1b9e0c3d-5a7f-4e21-8C6B-9D0E1F2A3B4C\" date=\"2025-02-02\""
                                      " direction=\"given\" kind=\"work\" value=\"1\"/>\n" TAIL, -1);

  g_assert_true (import_path (f, upper, MUTUAL_IMPORT_DEFAULT, &counts, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (counts.exchanges_added, ==, 1);
  g_assert_cmpint (query_db_int (mutual_ledger_get_db (f->ledger),
                                 "SELECT count (*) FROM exchange WHERE uuid = '" EX_ID "'"), ==, 1);
  memset (&counts, 0, sizeof counts);
  g_assert_true (import_path (f, lower, MUTUAL_IMPORT_DEFAULT, &counts, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (counts.exchanges_added, ==, 0);
  g_assert_cmpuint (counts.exchanges_unchanged, ==, 1);

  g_clear_object (&f->ledger);
  g_remove (f->path);
  f->ledger = mutual_ledger_open (f->path, &error);
  g_assert_no_error (error);
  assert_refused (f, both, "more than once", 5);
}

/* Into an empty ledger the importer skips its lookups; a repeated id is
 * still found, by the insert that refuses it. */
static void
test_refuse_duplicate_into_empty (LedgerFixture *f,
                                  gconstpointer  data)
{
  g_autofree char *path = write_temp (f, "twice.xml", HEAD ROOT REL EX EX TAIL, -1);

  assert_refused (f, path, "more than once", 5);
  g_assert_true (mutual_ledger_is_empty (f->ledger));
}

static void
test_refuse_huge_attribute (LedgerFixture *f,
                            gconstpointer  data)
{
  g_autoptr(GString) xml = g_string_new (HEAD ROOT "<relationship name=\"");
  g_autofree char *path = NULL;
  gint64 start = g_get_monotonic_time ();

  seed_ledger (f);
  {
    g_autofree char *mebibyte = g_malloc (1024 * 1024);

    memset (mebibyte, 'a', 1024 * 1024);
    for (int i = 0; i < 20; i++)
      g_string_append_len (xml, mebibyte, 1024 * 1024);
  }
  g_string_append (xml, "\"/>\n</mutual>\n");
  g_assert_cmpuint (xml->len, >, 20 * 1024 * 1024);
  path = write_temp (f, "huge-attribute.xml", xml->str, (gssize) xml->len);
  assert_refused (f, path, "longer than 64 KiB", 3);
  /* Bounded time: refused long before 20 MB could be read twice over. */
  g_assert_cmpint (g_get_monotonic_time () - start, <, 10 * G_USEC_PER_SEC);
}

static void
test_refuse_huge_text (LedgerFixture *f,
                       gconstpointer  data)
{
  g_autoptr(GString) xml = g_string_new (HEAD ROOT REL "<exchange date=\"2025-02-01\" direction=\"given\" kind=\"work\" value=\"1\">");
  g_autofree char *path = NULL;

  seed_ledger (f);
  for (int i = 0; i < 10001; i++)
    g_string_append_c (xml, 'x');
  g_string_append (xml, "</exchange>\n" TAIL);
  path = write_temp (f, "long-note.xml", xml->str, (gssize) xml->len);
  assert_refused (f, path, "10000", 4);
}

static void
test_refuse_deep_nesting (LedgerFixture *f,
                          gconstpointer  data)
{
  g_autoptr(GString) xml = g_string_new (HEAD ROOT REL);
  g_autofree char *path = NULL;

  seed_ledger (f);
  for (int i = 0; i < 100000; i++)
    g_string_append (xml, "<notes>");
  for (int i = 0; i < 100000; i++)
    g_string_append (xml, "</notes>");
  g_string_append (xml, TAIL);
  path = write_temp (f, "deep.xml", xml->str, (gssize) xml->len);
  assert_refused (f, path, "inside", 4);
}

static void
append_exchanges (GString *xml,
                  guint    count,
                  guint    first)
{
  for (guint i = first; i < first + count; i++)
    g_string_append_printf (xml,
                            "    <exchange id=\"%08x-0000-4000-8000-%012x\" date=\"%s\" direction=\"%s\""
                            " kind=\"%s\" value=\"%u.%02u\" minutes=\"%u\"/>\n",
                            i, i, i % 3 ? "2025-03-14" : "2024-11-02", i % 2 ? "given" : "received",
                            mutual_kind_to_string ((MutualKind) (i % MUTUAL_N_KINDS)),
                            i % 5000, i % 100, i % 600);
}

/* A mistake names the file by its base name, as every importer's do,
 * whether the file was given as such or told apart by its content. */
static void
test_refuse_names_file (LedgerFixture *f,
                        gconstpointer  data)
{
  g_autofree char *path = write_temp (f, "named.xml",
                                      HEAD ROOT REL "<exchange date=\"2025-13-01\" direction=\"given\""
                                      " kind=\"work\" value=\"1\"/>\n" TAIL, -1);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  MutualImportReport report = { 0 };

  g_assert_false (import_path (f, path, MUTUAL_IMPORT_DEFAULT, NULL, &error));
  g_assert_nonnull (error);
  g_assert_true (g_str_has_prefix (error->message, "In “named.xml” at line 4, column "));
  g_clear_error (&error);
  g_assert_false (mutual_import_any (f->ledger, file, NULL, &report, NULL, NULL, NULL, &error));
  g_assert_nonnull (error);
  g_assert_true (g_str_has_prefix (error->message, "In “named.xml” at line 4, column "));
  mutual_import_report_clear (&report);
}

static void
test_refuse_error_after_many (LedgerFixture *f,
                              gconstpointer  data)
{
  g_autoptr(GString) xml = g_string_new (HEAD ROOT REL);
  g_autofree char *path = NULL;

  seed_ledger (f);
  append_exchanges (xml, 20000, 0);
  g_string_append (xml, "    <exchange date=\"2025-02-01\" direction=\"given\" kind=\"work\" value=\"1,50\"/>\n" TAIL);
  path = write_temp (f, "late-error.xml", xml->str, (gssize) xml->len);
  assert_refused (f, path, "1,50", 20004);
}

/* Under Valgrind's memcheck (the CI's third run) a 4 MB import takes
 * minutes; the AddressSanitizer run covers these cases instead. */
static gboolean
skip_under_memcheck (void)
{
  if (g_getenv ("MUTUAL_TEST_MEMCHECK") == NULL)
    return FALSE;
  g_test_skip ("a 4 MB import is too slow under memcheck; the sanitize run covers it");
  return TRUE;
}

/* A file over 4 MB, larger than the ledger: the importer drops the
 * exchange indexes and builds them again at the end. */
#define LARGE_FILE_EXCHANGES 40000

static void
append_exchange_id (GString *xml,
                    guint    i)
{
  g_string_append_printf (xml,
                          "    <exchange id=\"%08x-0000-4000-8000-%012x\" date=\"2025-01-01\""
                          " direction=\"given\" kind=\"work\" value=\"1\"/>\n", i, i);
}

static gint64
query_ledger_int (LedgerFixture *f,
                  const char    *sql)
{
  return query_db_int (mutual_ledger_get_db (f->ledger), sql);
}

/* Every index and trigger of the schema is there after an import, the
 * ids are kept unique by it, the day totals match the exchanges and
 * foreign keys are enforced again. */
static void
assert_ledger_intact (LedgerFixture *f)
{
  g_assert_cmpint (query_ledger_int (f, "SELECT count(*) FROM sqlite_schema WHERE type = 'index'"
                                     " AND name = 'exchange_by_relationship'"), ==, 1);
  g_assert_cmpint (query_ledger_int (f, "SELECT count(*) FROM sqlite_schema WHERE type = 'trigger'"
                                     " AND name IN ('exchange_added', 'exchange_removed',"
                                     " 'exchange_changed', 'exchange_key_added',"
                                     " 'exchange_key_removed', 'exchange_key_changed')"), ==, 6);
  assert_day_totals_match (mutual_ledger_get_db (f->ledger));
  g_assert_cmpint (query_ledger_int (f, "PRAGMA foreign_keys"), ==, 1);
  g_assert_cmpint (query_ledger_int (f, "SELECT count(*) FROM pragma_foreign_key_check"), ==, 0);
}

/* Into an empty ledger a large file's ids are kept in memory, not looked
 * up; a repeated one is refused where it stands. */
static void
test_refuse_duplicate_in_large_file (LedgerFixture *f,
                                     gconstpointer  data)
{
  g_autoptr(GString) xml = g_string_new (HEAD ROOT REL);
  g_autofree char *path = NULL;
  guint limit = GPOINTER_TO_UINT (data);

  if (skip_under_memcheck ())
    return;
  mutual_import_set_id_memory_limit (limit);
  append_exchanges (xml, LARGE_FILE_EXCHANGES, 0);
  append_exchange_id (xml, 123);
  g_string_append (xml, TAIL);
  g_assert_cmpuint (xml->len, >, 4 * 1024 * 1024);
  path = write_temp (f, "large-twice.xml", xml->str, (gssize) xml->len);
  assert_refused (f, path, "more than once", 3 + LARGE_FILE_EXCHANGES + 1);
  mutual_import_set_id_memory_limit (0);
  g_assert_true (mutual_ledger_is_empty (f->ledger));
  assert_ledger_intact (f);
}

/* A disk that fills up under a large import into a ledger without
 * exchanges (its indexes and triggers dropped for the while) ends it
 * with the ledger's own sentence and leaves the ledger as it was, with
 * all of them. */
static void
test_large_import_disk_full (LedgerFixture *f,
                             gconstpointer  data)
{
  g_autoptr(GString) xml = g_string_new (HEAD ROOT REL);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *before = NULL;
  g_autofree char *limit = NULL;
  sqlite3 *db = mutual_ledger_get_db (f->ledger);

  if (skip_under_memcheck ())
    return;
  append_exchanges (xml, LARGE_FILE_EXCHANGES, 0);
  g_string_append (xml, TAIL);
  g_assert_cmpuint (xml->len, >, 4 * 1024 * 1024);
  path = write_temp (f, "large-full.xml", xml->str, (gssize) xml->len);

  before = ledger_state (f);
  /* Room for about a tenth of the file's exchanges. */
  limit = g_strdup_printf ("PRAGMA max_page_count = %" G_GINT64_FORMAT,
                           query_db_int (db, "PRAGMA page_count") + 100);
  g_assert_cmpint (sqlite3_exec (db, limit, NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_false (import_path (f, path, MUTUAL_IMPORT_DEFAULT, NULL, &error));
  g_assert_error (error, MUTUAL_ERROR, MUTUAL_ERROR_LEDGER);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "is full; nothing was changed"));
  g_assert_null (strchr (error->message, '\n'));
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA max_page_count = 4294967294", NULL, NULL, NULL), ==, SQLITE_OK);

  {
    g_autofree char *after = ledger_state (f);

    g_assert_cmpstr (before, ==, after);
  }
  g_assert_cmpint (mutual_ledger_count_exchanges (f->ledger, 0), ==, 0);
  assert_ledger_intact (f);

  /* With room again, the same file goes in whole. */
  g_clear_error (&error);
  g_assert_true (import_path (f, path, MUTUAL_IMPORT_DEFAULT, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (mutual_ledger_count_exchanges (f->ledger, 0), ==, LARGE_FILE_EXCHANGES);
  assert_ledger_intact (f);
}

/* A large import adds up each relationship's lifetime total itself: one
 * past 64 bits (over days each of which fits) is refused, and nothing
 * is written. */
static void
test_refuse_lifetime_total_overflow (LedgerFixture *f,
                                     gconstpointer  data)
{
  g_autoptr(GString) xml = g_string_new (HEAD ROOT REL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  guint fits = (guint) (G_MAXINT64 / MUTUAL_VALUE_MAX);

  if (skip_under_memcheck ())
    return;
  append_exchanges (xml, LARGE_FILE_EXCHANGES, 0);
  for (guint i = 0; i <= fits; i++)
    g_string_append_printf (xml, "    <exchange date=\"2025-06-%02u\" direction=\"given\" kind=\"work\""
                                 " value=\"10000000000000.00\"/>\n", 1 + i % 28);
  g_string_append (xml, TAIL);
  g_assert_cmpint (xml->len, >, 4 * 1024 * 1024);
  path = write_temp (f, "lifetime.xml", xml->str, (gssize) xml->len);
  before = ledger_state (f);
  g_assert_false (import_path (f, path, MUTUAL_IMPORT_DEFAULT, NULL, &error));
  g_assert_error (error, MUTUAL_ERROR, MUTUAL_ERROR_DATA);
  g_assert_nonnull (strstr (error->message, "larger than Mutual can add up"));
  after = ledger_state (f);
  g_assert_cmpstr (before, ==, after);
  assert_ledger_intact (f);
}

/* A day whose total would pass 64 bits is refused at the exchange that
 * makes it, both where the triggers add up (a small file) and where a
 * large import adds up itself (past LARGE_FILE_EXCHANGES others). */
static void
test_refuse_day_total_overflow (LedgerFixture *f,
                                gconstpointer  data)
{
  g_autoptr(GString) xml = g_string_new (HEAD ROOT REL);
  g_autofree char *path = NULL;
  gboolean large = GPOINTER_TO_INT (data);
  /* MUTUAL_VALUE_MAX in euros: this many fit in a day's total. */
  guint fits = (guint) (G_MAXINT64 / MUTUAL_VALUE_MAX);
  int line = 3;

  if (large && skip_under_memcheck ())
    return;
  if (large)
    {
      append_exchanges (xml, LARGE_FILE_EXCHANGES, 0);
      line += LARGE_FILE_EXCHANGES;
    }
  for (guint i = 0; i <= fits; i++)
    g_string_append (xml, "    <exchange date=\"2025-06-30\" direction=\"given\" kind=\"work\""
                          " value=\"10000000000000.00\"/>\n");
  line += (int) fits + 1;
  g_string_append (xml, TAIL);
  g_assert_cmpint (xml->len > 4 * 1024 * 1024, ==, large);
  path = write_temp (f, "overflow.xml", xml->str, (gssize) xml->len);
  assert_refused (f, path, "larger than Mutual can add up", line);
  assert_ledger_intact (f);
}

/* New exchanges are inserted in batches; an id repeated inside one batch
 * is still named with its own line, in an empty and a filled ledger. */
static void
test_refuse_duplicate_in_batch (LedgerFixture *f,
                                gconstpointer  data)
{
  g_autoptr(GString) xml = g_string_new (HEAD ROOT REL);
  g_autofree char *path = NULL;

  if (GPOINTER_TO_INT (data))
    seed_ledger (f);
  for (guint i = 0; i < 200; i++)
    {
      append_exchange_id (xml, i);
      if (i == 100)
        append_exchange_id (xml, 95);
    }
  g_string_append (xml, TAIL);
  path = write_temp (f, "batch-twice.xml", xml->str, (gssize) xml->len);
  assert_refused (f, path, "more than once", 3 + 101 + 1);
}

/* A large file of many relationships, as an export writes it: each one
 * is written while the next one's exchanges are read. One of them has
 * no exchange, one has more than are held for it. Returns the line of
 * the <relationship> of relationship @mark (or 0), and puts a bad date
 * in the first exchange of relationship @bad_date (or none). */
#define MANY_RELATIONSHIPS 200

static guint
relationship_size (guint r)
{
  return r == 50 ? 0 : r == 100 ? 6000 : 170 + r % 13;
}

static int
append_many_relationships (GString *xml,
                           guint    mark,
                           guint    bad_date)
{
  int line = 3;   /* after HEAD and ROOT */
  int marked = 0;
  guint next = 0;

  for (guint r = 0; r < MANY_RELATIONSHIPS; r++)
    {
      if (r == mark)
        marked = line;
      g_string_append_printf (xml, "<relationship id=\"%08x-1111-4000-8000-%012x\" name=\"R%03u\">\n",
                              r, r, r);
      line++;
      if (r == bad_date)
        {
          g_string_append (xml, "    <exchange date=\"2025-13-01\" direction=\"given\" kind=\"work\""
                                " value=\"1\"/>\n");
          line++;
        }
      append_exchanges (xml, relationship_size (r), next);
      next += relationship_size (r);
      line += (int) relationship_size (r);
      g_string_append (xml, "</relationship>\n");
      line++;
    }
  g_string_append (xml, "</mutual>\n");
  return marked;
}

static void
test_large_many_relationships (LedgerFixture *f,
                               gconstpointer  data)
{
  g_autoptr(GString) xml = g_string_new (HEAD ROOT);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) relationships = NULL;
  g_autofree char *path = NULL;
  MutualImportCounts counts = { 0 };
  guint total = 0;

  if (skip_under_memcheck ())
    return;
  append_many_relationships (xml, G_MAXUINT, G_MAXUINT);
  g_assert_cmpuint (xml->len, >, 4 * 1024 * 1024);
  path = write_temp (f, "many.xml", xml->str, (gssize) xml->len);
  g_assert_true (import_path (f, path, MUTUAL_IMPORT_DEFAULT, &counts, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (counts.relationships_added, ==, MANY_RELATIONSHIPS);

  /* In the file's order, each with its own exchanges. */
  relationships = mutual_ledger_list_relationships (f->ledger, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (relationships->len, ==, MANY_RELATIONSHIPS);
  for (guint r = 0; r < MANY_RELATIONSHIPS; r++)
    {
      const MutualRelationship *rel = g_ptr_array_index (relationships, r);
      g_autofree char *name = g_strdup_printf ("R%03u", r);
      g_autoptr(MutualRelationship) by_name = mutual_ledger_find_relationship (f->ledger, name, &error);

      g_assert_no_error (error);
      g_assert_cmpint (by_name->id, ==, query_ledger_int (f, "SELECT min(id) FROM relationship") + r);
      g_assert_cmpint (mutual_ledger_count_exchanges (f->ledger, by_name->id), ==, relationship_size (r));
      total += relationship_size (r);
      (void) rel;
    }
  g_assert_cmpuint (counts.exchanges_added, ==, total);
  assert_ledger_intact (f);
}

/* The relationship that waits while its exchanges are read is still
 * refused with its own sentence and line, even when a mistake in its
 * exchanges is read before it is written. */
static void
test_refuse_waiting_relationship (LedgerFixture *f,
                                  gconstpointer  data)
{
  g_autoptr(GString) xml = g_string_new (HEAD ROOT);
  g_autofree char *path = NULL;
  gboolean later_mistake = GPOINTER_TO_INT (data);
  int line;

  if (skip_under_memcheck ())
    return;
  /* Its name is taken in the ledger, under another id. */
  fixture_add_relationship (f, "R150");
  line = append_many_relationships (xml, 150, later_mistake ? 150 : G_MAXUINT);
  g_assert_cmpuint (xml->len, >, 4 * 1024 * 1024);
  path = write_temp (f, "many-refused.xml", xml->str, (gssize) xml->len);
  assert_refused (f, path, "already exists under another id", line);
  g_assert_cmpint (mutual_ledger_count_relationships (f->ledger), ==, 1);
  g_assert_cmpint (mutual_ledger_count_exchanges (f->ledger, 0), ==, 0);
}

/* Relationships wait together, many at a time: two of them with the
 * same name, merged, are one relationship with both one's exchanges and
 * day totals that add up. */
static void
test_large_merge_waiting (LedgerFixture *f,
                          gconstpointer  data)
{
  g_autoptr(GString) xml = g_string_new (HEAD ROOT);
  g_autoptr(GError) error = NULL;
  g_autoptr(MutualRelationship) same = NULL;
  g_autofree char *path = NULL;
  MutualImportCounts counts = { 0 };
  guint next = 0;

  if (skip_under_memcheck ())
    return;
  for (guint r = 0; r < 40; r++)
    {
      g_string_append_printf (xml, "<relationship id=\"%08x-2222-4000-8000-%012x\" name=\"%s%u\">\n",
                              r, r, r == 11 || r == 12 ? "Same" : "R", r == 11 || r == 12 ? 0 : r);
      append_exchanges (xml, 800 + r, next);
      next += 800 + r;
      g_string_append (xml, "</relationship>\n");
    }
  g_string_append (xml, "</mutual>\n");
  g_assert_cmpuint (xml->len, >, 4 * 1024 * 1024);
  path = write_temp (f, "merge-waiting.xml", xml->str, (gssize) xml->len);
  g_assert_true (import_path (f, path, MUTUAL_IMPORT_SAME_NAME_MERGE, &counts, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (counts.exchanges_added, ==, next);
  g_assert_cmpint (mutual_ledger_count_relationships (f->ledger), ==, 39);
  same = mutual_ledger_find_relationship (f->ledger, "Same0", &error);
  g_assert_no_error (error);
  g_assert_nonnull (same);
  g_assert_cmpint (mutual_ledger_count_exchanges (f->ledger, same->id), ==, 811 + 812);
  assert_ledger_intact (f);
}

/* The loader adds up a relationship's day totals as its exchanges come
 * and sorts them when it ends: an exported file has them by date, but
 * one written by hand may not. Here one relationship's 3,000 exchanges
 * go back a day at a time, each day twice, given and received. */
static void
test_large_days_out_of_order (LedgerFixture *f,
                              gconstpointer  data)
{
  g_autoptr(GString) xml = g_string_new (HEAD ROOT REL);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  MutualImportCounts counts = { 0 };
  g_autoptr(GDate) day = g_date_new_dmy (31, G_DATE_DECEMBER, 2024);

  if (skip_under_memcheck ())
    return;
  append_exchanges (xml, LARGE_FILE_EXCHANGES, 0);
  g_string_append (xml, "</relationship>\n<relationship id=\"7d1c2e4a-0b5f-4c3e-9a61-2f8d3b7c9e11\" name=\"Backwards\">\n");
  for (guint i = 0; i < 3000; i++)
    {
      g_string_append_printf (xml, "    <exchange id=\"%08x-3333-4000-8000-%012x\" date=\"%04u-%02u-%02u\""
                              " direction=\"%s\" kind=\"work\" value=\"%u.00\"/>\n",
                              i, i, g_date_get_year (day), g_date_get_month (day), g_date_get_day (day),
                              i % 2 ? "received" : "given", 1 + i % 7);
      if (i % 2)
        g_date_subtract_days (day, 1);
    }
  g_string_append (xml, TAIL);
  g_assert_cmpuint (xml->len, >, 4 * 1024 * 1024);
  path = write_temp (f, "backwards.xml", xml->str, (gssize) xml->len);
  g_assert_true (import_path (f, path, MUTUAL_IMPORT_DEFAULT, &counts, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (counts.exchanges_added, ==, LARGE_FILE_EXCHANGES + 3000);
  g_assert_cmpint (query_ledger_int (f, "SELECT count(*) FROM relationship_day WHERE relationship ="
                                        " (SELECT id FROM relationship WHERE name = 'Backwards')"), ==, 3000);
  assert_ledger_intact (f);
}

/* Relationships waiting together, the later one refused: a mistake in
 * an earlier one's exchanges comes first in the file and is the one
 * told. Here the ledger's total of one day passes 64 bits at exchange
 * 9,224 (relationship 92), and relationship 93's name is taken. */
static void
test_refuse_earlier_among_waiting (LedgerFixture *f,
                                   gconstpointer  data)
{
  g_autoptr(GString) xml = g_string_new (HEAD ROOT);
  g_autofree char *path = NULL;
  g_autofree char *padding = g_strnfill (420, 'n');
  int line = 2, overflow_line = 0;   /* HEAD and ROOT */
  guint n = 0;

  if (skip_under_memcheck ())
    return;
  fixture_add_relationship (f, "Taken");
  for (guint r = 0; r < 96; r++)
    {
      g_autofree char *name = r == 93 ? g_strdup ("Taken") : g_strdup_printf ("R%u", r);

      g_string_append_printf (xml, "<relationship id=\"%08x-3333-4000-8000-%012x\" name=\"%s\">\n",
                              r, r, name);
      line++;
      for (guint i = 0; i < 100; i++, n++)
        {
          g_string_append_printf (xml, "<exchange date=\"2025-01-01\" direction=\"given\" kind=\"work\""
                                  " value=\"10000000000000.00\">%s</exchange>\n", padding);
          line++;
          if (n == 9223)
            overflow_line = line;
        }
      g_string_append (xml, "</relationship>\n");
      line++;
    }
  g_string_append (xml, "</mutual>\n");
  g_assert_cmpuint (xml->len, >, 4 * 1024 * 1024);
  path = write_temp (f, "earlier-among-waiting.xml", xml->str, (gssize) xml->len);
  assert_refused (f, path, "larger than Mutual can add up", overflow_line);
}

/* A large import into a ledger that has exchanges keeps looking ids up:
 * an exchange it holds is updated, the rest are added. */
static void
test_large_import_merges (LedgerFixture *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) xml = g_string_new (HEAD ROOT REL);
  g_autoptr(MutualExchange) updated = NULL;
  g_autofree char *path = NULL;
  MutualImportCounts counts = { 0 };
  gint64 changes;

  if (skip_under_memcheck ())
    return;
  path = write_temp (f, "first.xml", HEAD ROOT REL EX TAIL, -1);
  g_assert_true (import_path (f, path, MUTUAL_IMPORT_DEFAULT, &counts, &error));
  g_assert_no_error (error);
  g_clear_pointer (&path, g_free);

  g_string_append (xml, "<exchange id=\"" EX_ID "\" date=\"2025-02-01\" direction=\"given\""
                   " kind=\"work\" value=\"4800.50\"/>\n");
  append_exchanges (xml, LARGE_FILE_EXCHANGES, 0);
  g_string_append (xml, TAIL);
  g_assert_cmpuint (xml->len, >, 4 * 1024 * 1024);
  path = write_temp (f, "large.xml", xml->str, (gssize) xml->len);

  changes = mutual_ledger_get_change_count (f->ledger);
  g_assert_true (import_path (f, path, MUTUAL_IMPORT_DEFAULT, &counts, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (counts.relationships_unchanged, ==, 1);
  g_assert_cmpuint (counts.exchanges_updated, ==, 1);
  g_assert_cmpuint (counts.exchanges_added, ==, LARGE_FILE_EXCHANGES);
  g_assert_cmpint (mutual_ledger_count_exchanges (f->ledger, 0), ==, LARGE_FILE_EXCHANGES + 1);
  g_assert_cmpint (mutual_ledger_get_change_count (f->ledger), >, changes);
  updated = mutual_ledger_get_exchange_by_uuid (f->ledger, EX_ID, &error);
  g_assert_no_error (error);
  g_assert_cmpint (updated->value, ==, 480050);
  assert_ledger_intact (f);
}

/* A large import into an empty ledger, with ids kept in memory (and, with
 * a low bound, handed over to the ledger's keys half way; or with the
 * keys sorted by SQLite rather than the loader); the second import of
 * the same file adds nothing and changes nothing. */
static void
test_large_import_into_empty (LedgerFixture *f,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) xml = g_string_new (HEAD ROOT REL);
  g_autoptr(MutualExchange) twin = mutual_exchange_new ();
  g_autofree char *path = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  MutualImportCounts counts = { 0 };
  gint64 changes;
  guint noted;

  if (skip_under_memcheck ())
    return;
  /* G_MAXUINT: the keys are left for SQLite to sort. */
  mutual_ledger_bulk_set_note_keys (GPOINTER_TO_UINT (data) != G_MAXUINT);
  mutual_import_set_id_memory_limit (GPOINTER_TO_UINT (data) != G_MAXUINT ? GPOINTER_TO_UINT (data) : 0);
  append_exchanges (xml, LARGE_FILE_EXCHANGES, 0);
  g_string_append (xml, "    <exchange date=\"2025-01-02\" direction=\"given\" kind=\"gift\" value=\"2\">No id</exchange>\n");
  g_string_append (xml, TAIL);
  path = write_temp (f, "large.xml", xml->str, (gssize) xml->len);

  noted = mutual_ledger_bulk_noted_loads ();
  g_assert_true (import_path (f, path, MUTUAL_IMPORT_DEFAULT, &counts, &error));
  g_assert_no_error (error);
  mutual_import_set_id_memory_limit (0);
  mutual_ledger_bulk_set_note_keys (TRUE);
  /* The loader sorted the keys it noted, unless told not to. */
  g_assert_cmpuint (mutual_ledger_bulk_noted_loads (), ==, noted + (GPOINTER_TO_UINT (data) != G_MAXUINT));
  g_assert_cmpuint (counts.exchanges_added, ==, LARGE_FILE_EXCHANGES + 1);
  g_assert_cmpint (mutual_ledger_count_exchanges (f->ledger, 0), ==, LARGE_FILE_EXCHANGES + 1);
  assert_ledger_intact (f);

  twin->uuid = g_strdup ("00000007-0000-4000-8000-000000000007");
  twin->relationship_id = query_ledger_int (f, "SELECT id FROM relationship");
  twin->date = 20250101;
  g_assert_false (mutual_ledger_add_exchange (f->ledger, twin, &error));
  g_assert_error (error, MUTUAL_ERROR, MUTUAL_ERROR_DATA);
  g_clear_error (&error);

  /* The exchange without an id is added again; the rest is unchanged. */
  before = ledger_state (f);
  changes = mutual_ledger_get_change_count (f->ledger);
  g_assert_true (import_path (f, path, MUTUAL_IMPORT_DRY_RUN, &counts, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (counts.exchanges_added, ==, 1);
  g_assert_cmpuint (counts.exchanges_unchanged, ==, LARGE_FILE_EXCHANGES);
  after = ledger_state (f);
  g_assert_cmpstr (before, ==, after);
  g_assert_cmpint (mutual_ledger_get_change_count (f->ledger), ==, changes);
  assert_ledger_intact (f);
}

/* The bulk loader lists every index and trigger on the tables whose work
 * it may suspend. A migration that adds one must tell the loader what
 * becomes of it during a load: this test fails until it does. */
static void
test_bulk_knows_schema (LedgerFixture *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (mutual_ledger_bulk_check_schema (f->ledger, &error));
  g_assert_no_error (error);

  g_assert_true (mutual_ledger_exec (f->ledger,
                                     "CREATE INDEX exchange_by_note ON exchange (note);", &error));
  g_assert_no_error (error);
  g_assert_false (mutual_ledger_bulk_check_schema (f->ledger, &error));
  g_assert_error (error, MUTUAL_ERROR, MUTUAL_ERROR_LEDGER);
  g_assert_nonnull (strstr (error->message, "exchange_by_note"));
  g_clear_error (&error);

  g_assert_true (mutual_ledger_exec (f->ledger, "DROP INDEX exchange_by_note;"
                                     "DROP TRIGGER exchange_changed;", &error));
  g_assert_no_error (error);
  g_assert_false (mutual_ledger_bulk_check_schema (f->ledger, &error));
  g_assert_error (error, MUTUAL_ERROR, MUTUAL_ERROR_LEDGER);
  g_assert_nonnull (strstr (error->message, "exchange_changed"));
}

static int
compare_uuids (gconstpointer a,
               gconstpointer b)
{
  return strcmp (a, b);
}

/* Sorts @n uuids made by @make both ways: the loader's and strcmp's. */
static void
assert_sorts_like_strcmp (gsize   n,
                          GRand  *rand,
                          guint   shared)
{
  g_autofree char (*uuids)[37] = g_malloc0 (37 * MAX (n, 1));
  g_autofree char (*expected)[37] = g_malloc0 (37 * MAX (n, 1));

  for (gsize i = 0; i < n; i++)
    {
      guint8 bytes[16];

      for (guint b = 0; b < 16; b++)
        /* The first @shared bytes are the same for all; the last ones
         * repeat often when few are left to differ. */
        bytes[b] = b < shared ? 0xa5 : (guint8) g_rand_int_range (rand, 0, shared >= 15 ? 4 : 256);
      g_snprintf (uuids[i], 37, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
                  bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
                  bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]);
    }
  memcpy (expected, uuids, n * 37);
  qsort (expected, n, 37, compare_uuids);
  g_assert_true (mutual_ledger_bulk_sort_uuids (uuids, n));
  for (gsize i = 0; i < n; i++)
    g_assert_cmpstr (uuids[i], ==, expected[i]);
}

/* The loader sorts the ids of a large import itself before it appends
 * their keys: in the order SQLite compares them, also when they share
 * their first bytes (the radix sort's deepest levels) or repeat. */
static void
test_bulk_sorts_keys (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261206);
  static const gsize sizes[] = { 0, 1, 2, 31, 32, 33, 1000, 70000 };
  char upper[2][37] = { "0b8d3f0e-4a6b-4c1e-9d2a-3f5e6a7b8c9d", "0B8D3F0E-4A6B-4C1E-9D2A-3F5E6A7B8C9D" };

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    for (guint shared = 0; shared <= 16; shared += shared < 12 ? 6 : 1)
      assert_sorts_like_strcmp (sizes[i], rand, shared);

  /* Not in the ledger's form: left alone. */
  g_assert_false (mutual_ledger_bulk_sort_uuids (upper, 2));
  g_assert_cmpstr (upper[0], ==, "0b8d3f0e-4a6b-4c1e-9d2a-3f5e6a7b8c9d");
  g_assert_cmpstr (upper[1], ==, "0B8D3F0E-4A6B-4C1E-9D2A-3F5E6A7B8C9D");
}

/* A caller that lets a repeated id through (the importers find them
 * first) still has the load refused with the id named, whether the
 * loader sorted the keys it noted or left them to SQLite; and nothing
 * changes. */
static void
test_bulk_repeated_key (LedgerFixture *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  MutualLedgerBulk *bulk;
  gint64 rel = fixture_add_relationship (f, "Acme GmbH");
  gboolean ok = TRUE;
  guint64 failed = 0;

  mutual_ledger_bulk_set_note_keys (GPOINTER_TO_INT (data));
  bulk = mutual_ledger_bulk_begin_mixed (f->ledger, G_MAXUINT64, &error);
  g_assert_no_error (error);
  g_assert_true (mutual_ledger_bulk_ids_suspended (bulk));
  for (guint i = 0; ok && i < 1000; i++)
    {
      g_autoptr(MutualExchange) e = mutual_exchange_new ();

      e->uuid = g_strdup_printf ("%08x-0000-4000-8000-000000000000", i == 700 ? 300 : i);
      e->relationship_id = rel;
      e->date = 20250101;
      e->value = 100;
      ok = mutual_ledger_bulk_add_exchange (bulk, e, i + 1, &failed, &error);
    }
  g_assert_true (ok);
  g_assert_false (mutual_ledger_bulk_finish (bulk, TRUE, &error));
  mutual_ledger_bulk_set_note_keys (TRUE);
  g_assert_error (error, MUTUAL_ERROR, MUTUAL_ERROR_DATA);
  g_assert_nonnull (strstr (error->message, "“0000012c-0000-4000-8000-000000000000” appears more than once"));
  g_assert_cmpint (mutual_ledger_count_exchanges (f->ledger, 0), ==, 0);
  assert_ledger_intact (f);
}

/* A trigger on exchange the loader does not know is never suspended: a
 * large import into an empty ledger fires it for every row (and still
 * keeps the totals right). */
static void
test_bulk_unknown_trigger_fires (LedgerFixture *f,
                                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) xml = g_string_new (HEAD ROOT REL);
  g_autofree char *path = NULL;
  MutualImportCounts counts = { 0 };

  if (skip_under_memcheck ())
    return;
  g_assert_true (mutual_ledger_exec (f->ledger,
                                     "CREATE TABLE tally (n INTEGER NOT NULL);"
                                     "INSERT INTO tally VALUES (0);"
                                     "CREATE TRIGGER exchange_tallied AFTER INSERT ON exchange BEGIN"
                                     "  UPDATE tally SET n = n + 1;"
                                     "END;", &error));
  g_assert_no_error (error);
  append_exchanges (xml, LARGE_FILE_EXCHANGES, 0);
  g_string_append (xml, TAIL);
  path = write_temp (f, "large.xml", xml->str, (gssize) xml->len);

  g_assert_true (import_path (f, path, MUTUAL_IMPORT_DEFAULT, &counts, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (counts.exchanges_added, ==, LARGE_FILE_EXCHANGES);
  g_assert_cmpint (query_ledger_int (f, "SELECT n FROM tally"), ==, LARGE_FILE_EXCHANGES);
  g_assert_cmpint (query_ledger_int (f, "SELECT count(*) FROM sqlite_schema"
                                     " WHERE name = 'exchange_tallied'"), ==, 1);
  assert_ledger_intact (f);
}

/* The second import of a large file commits nothing: same ledger, same
 * change count, the indexes it dropped back in place. */
static void
test_large_reimport_changes_nothing (LedgerFixture *f,
                                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) xml = g_string_new (HEAD ROOT REL);
  g_autofree char *path = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  MutualImportCounts counts = { 0 };
  gint64 changes;

  if (skip_under_memcheck ())
    return;
  append_exchanges (xml, LARGE_FILE_EXCHANGES, 0);
  g_string_append (xml, TAIL);
  path = write_temp (f, "large.xml", xml->str, (gssize) xml->len);
  g_assert_true (import_path (f, path, MUTUAL_IMPORT_DEFAULT, &counts, &error));
  g_assert_no_error (error);

  /* The file is larger than the ledger once more. */
  fixture_add_relationship (f, "Someone else");
  before = ledger_state (f);
  changes = mutual_ledger_get_change_count (f->ledger);
  g_assert_true (import_path (f, path, MUTUAL_IMPORT_DEFAULT, &counts, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (counts.exchanges_added + counts.exchanges_updated, ==, 0);
  g_assert_cmpuint (counts.exchanges_unchanged, ==, LARGE_FILE_EXCHANGES);
  after = ledger_state (f);
  g_assert_cmpstr (before, ==, after);
  g_assert_cmpint (mutual_ledger_get_change_count (f->ledger), ==, changes);
  assert_ledger_intact (f);
}

/* A file that only adds exchanges to relationships the ledger has still
 * tells the window the ledger changed. */
static void
test_exchanges_only_import_changes (LedgerFixture *f,
                                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) xml = g_string_new (HEAD ROOT REL);
  g_autofree char *path = write_temp (f, "first.xml", HEAD ROOT REL TAIL, -1);
  g_autofree char *more = NULL;
  MutualImportCounts counts = { 0 };
  gint64 changes;

  g_assert_true (import_path (f, path, MUTUAL_IMPORT_DEFAULT, &counts, &error));
  g_assert_no_error (error);

  append_exchanges (xml, 150, 0);
  g_string_append (xml, TAIL);
  more = write_temp (f, "more.xml", xml->str, (gssize) xml->len);
  changes = mutual_ledger_get_change_count (f->ledger);
  g_assert_true (import_path (f, more, MUTUAL_IMPORT_DEFAULT, &counts, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (counts.relationships_unchanged, ==, 1);
  g_assert_cmpuint (counts.exchanges_added, ==, 150);
  g_assert_cmpint (mutual_ledger_count_exchanges (f->ledger, 0), ==, 150);
  g_assert_cmpint (mutual_ledger_get_change_count (f->ledger), >, changes);
  assert_ledger_intact (f);
}

static void
test_progress_and_cancel (LedgerFixture *f,
                          gconstpointer  data)
{
  g_autoptr(GString) xml = g_string_new (HEAD ROOT REL);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GInputStream) stream = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  seed_ledger (f);
  before = ledger_state (f);
  append_exchanges (xml, 5000, 0);
  g_string_append (xml, TAIL);

  stream = g_memory_input_stream_new_from_data (xml->str, (gssize) xml->len, NULL);
  g_cancellable_cancel (cancellable);
  g_assert_false (mutual_import_stream (f->ledger, stream, "cancelled.xml", xml->len,
                                        MUTUAL_IMPORT_DEFAULT, NULL, NULL, NULL, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  after = ledger_state (f);
  g_assert_cmpstr (before, ==, after);
  g_clear_object (&stream);

  /* The same stream, not cancelled, goes in whole. */
  stream = g_memory_input_stream_new_from_data (xml->str, (gssize) xml->len, NULL);
  g_assert_true (mutual_import_stream (f->ledger, stream, "ok.xml", xml->len, MUTUAL_IMPORT_DEFAULT,
                                       NULL, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (mutual_ledger_count_exchanges (f->ledger, 0), ==, 5001);
}

static void
record_progress (guint64  done,
                 guint64  total,
                 gpointer data)
{
  guint64 *last = data;

  g_assert_cmpuint (done, >=, *last);
  g_assert_cmpuint (done, <=, total);
  *last = done;
}

static void
test_progress_reported (LedgerFixture *f,
                        gconstpointer  data)
{
  g_autoptr(GString) xml = g_string_new (HEAD ROOT REL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  guint64 last = 0;

  append_exchanges (xml, 5000, 0);
  g_string_append (xml, TAIL);
  stream = g_memory_input_stream_new_from_data (xml->str, (gssize) xml->len, NULL);
  g_assert_true (mutual_import_stream (f->ledger, stream, "ok.xml", xml->len, MUTUAL_IMPORT_DEFAULT,
                                       NULL, record_progress, &last, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (last, ==, xml->len);

  last = 0;
  g_assert_true (mutual_export_stream (f->ledger, out, record_progress, &last, NULL, &error));
  g_assert_cmpuint (last, ==, 5000);
}

/* CSV */

static void
test_csv_export (LedgerFixture *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (f->dir, "out.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *contents = NULL;
  const char *script =
    "import csv, sys\n"
    "rows = list(csv.reader(open(sys.argv[1], newline='', encoding='utf-8')))\n"
    "assert rows[0] == ['relationship_id','relationship','date','direction','kind','value','minutes','note'], rows[0]\n"
    "assert len(rows) == 37, len(rows)\n"
    "assert all(len(r) == 8 for r in rows)\n"
    "notes = {r[7] for r in rows}\n"
    "assert 'a, b; \"c\"\\r\\nnext line' in notes, notes\n"
    "assert '<b>&amp;</b> ]]> done' in notes\n"
    "names = {r[1] for r in rows}\n"
    "assert 'Smith & Sons <Ltd> \"quoted\"' in names, names\n"
    "assert any(r[6] == '' for r in rows[1:]) and any(r[6] == '60' for r in rows[1:])\n"
    "assert rows[1][5].count('.') == 1 and len(rows[1][5].split('.')[1]) == 2\n";
  const char *argv[] = { "python3", "-c", script, path, NULL };
  g_autofree char *err = NULL;
  int status;

  fill_sample (f);
  g_assert_true (mutual_export_file (f->ledger, file, MUTUAL_EXPORT_CSV, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_true (g_str_has_prefix (contents, "relationship_id,relationship,date,direction,kind,value,minutes,note\r\n"));

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, &err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("CSV check failed: %s", err);
}

static void
test_export_file_atomic (LedgerFixture *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (f->dir, "backup.xml", NULL);
  g_autofree char *missing = g_build_filename (f->dir, "no-such-folder", "backup.xml", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) nowhere = g_file_new_for_path (missing);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *contents = NULL;
  GDir *dir;
  const char *name;

  fill_sample (f);
  g_assert_true (g_file_set_contents (path, "old contents", -1, NULL));

  /* A cancelled export keeps the old file and leaves no temporary one. */
  g_cancellable_cancel (cancellable);
  g_assert_false (mutual_export_file (f->ledger, file, MUTUAL_EXPORT_XML, NULL, NULL, cancellable, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "old contents");
  dir = g_dir_open (f->dir, 0, NULL);
  while ((name = g_dir_read_name (dir)))
    g_assert_false (g_str_has_prefix (name, ".backup.xml"));
  g_dir_close (dir);

  g_assert_false (mutual_export_file (f->ledger, nowhere, MUTUAL_EXPORT_XML, NULL, NULL, NULL, &error));
  g_assert_error (error, MUTUAL_ERROR, MUTUAL_ERROR_DATA);
  g_clear_error (&error);

  g_assert_true (mutual_export_file (f->ledger, file, MUTUAL_EXPORT_XML, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_clear_pointer (&contents, g_free);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_true (g_str_has_prefix (contents, "<?xml"));
  assert_valid_against_schema (path);
}

/* The ledger a same-name import meets: "Acme GmbH" under its own id,
 * with notes but no organization, an exchange and an identifier. */
static gint64
seed_same_name (LedgerFixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MutualRelationship) rel = mutual_relationship_new ();

  g_assert_true (mutual_ledger_set_currency (f->ledger, "EUR", &error));
  rel->uuid = g_strdup ("0e0e0e0e-0b5f-4c3e-9a61-2f8d3b7c9e10");
  rel->name = g_strdup ("Acme GmbH");
  rel->notes = g_strdup ("Kept notes");
  rel->role = MUTUAL_ROLE_PARTNER;
  g_assert_true (mutual_ledger_add_relationship (f->ledger, rel, &error));
  g_assert_no_error (error);
  fixture_log (f, rel->id, 20240105, MUTUAL_DIRECTION_GIVEN, MUTUAL_KIND_ADVICE, 25000);
  g_assert_true (mutual_ledger_add_identifier (f->ledger, rel->id, MUTUAL_IDENTIFIER_NUMBER, "K-1", &error));
  return rel->id;
}

#define SAME_NAME_FILE HEAD ROOT \
  "<relationship id=\"7d1c2e4a-0b5f-4c3e-9a61-2f8d3b7c9e10\" name=\" ACME gmbh\" role=\"client\">\n" \
  "<organization>Acme</organization>\n<notes>File notes</notes>\n" \
  "<identifier type=\"email\">billing@acme.example</identifier>\n" \
  "<override class=\"partnership\">Refers us</override>\n" EX EX_2 TAIL

/* Refused by default, naming the file, line, column and the name; the
 * ledger unchanged. */
static void
test_same_name_refused (LedgerFixture *f,
                        gconstpointer  data)
{
  g_autofree char *path = write_temp (f, "same.xml", SAME_NAME_FILE, -1);

  seed_same_name (f);
  assert_refused (f, path, "ACME gmbh", 3);
}

static void
test_same_name_merge (LedgerFixture *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = write_temp (f, "same.xml", SAME_NAME_FILE, -1);
  g_autoptr(MutualRelationship) rel = NULL;
  g_autoptr(GPtrArray) identifiers = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  MutualImportCounts counts = { 0 };
  gint64 id = seed_same_name (f);

  /* A dry run says what would happen and writes nothing. */
  before = ledger_state (f);
  g_assert_true (import_path (f, path, MUTUAL_IMPORT_DRY_RUN | MUTUAL_IMPORT_SAME_NAME_MERGE, &counts, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (counts.relationships_updated, ==, 1);
  g_assert_cmpuint (counts.exchanges_added, ==, 2);
  after = ledger_state (f);
  g_assert_cmpstr (before, ==, after);

  g_assert_true (import_path (f, path, MUTUAL_IMPORT_SAME_NAME_MERGE, &counts, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (counts.relationships_added, ==, 0);
  g_assert_cmpuint (counts.relationships_updated, ==, 1);
  g_assert_cmpuint (counts.exchanges_added, ==, 2);
  g_assert_cmpint (mutual_ledger_count_relationships (f->ledger), ==, 1);
  g_assert_cmpint (mutual_ledger_count_exchanges (f->ledger, id), ==, 3);

  rel = mutual_ledger_get_relationship (f->ledger, id, &error);
  g_assert_cmpstr (rel->uuid, ==, "0e0e0e0e-0b5f-4c3e-9a61-2f8d3b7c9e10");
  g_assert_cmpstr (rel->name, ==, "Acme GmbH");
  g_assert_cmpint (rel->role, ==, MUTUAL_ROLE_PARTNER);
  g_assert_cmpstr (rel->notes, ==, "Kept notes");
  g_assert_cmpstr (rel->organization, ==, "Acme");
  g_assert_cmpint (rel->override, ==, MUTUAL_CLASS_PARTNERSHIP);
  g_assert_cmpstr (rel->override_reason, ==, "Refers us");
  identifiers = mutual_ledger_list_identifiers (f->ledger, id, &error);
  g_assert_cmpuint (identifiers->len, ==, 2);
  g_assert_null (mutual_ledger_get_relationship_by_uuid (f->ledger, "7d1c2e4a-0b5f-4c3e-9a61-2f8d3b7c9e10", NULL));

  /* Again: nothing changes. */
  g_clear_pointer (&before, g_free);
  g_clear_pointer (&after, g_free);
  before = ledger_state (f);
  g_assert_true (import_path (f, path, MUTUAL_IMPORT_SAME_NAME_MERGE, &counts, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (counts.relationships_unchanged, ==, 1);
  g_assert_cmpuint (counts.relationships_updated + counts.relationships_added, ==, 0);
  g_assert_cmpuint (counts.exchanges_unchanged, ==, 2);
  g_assert_cmpuint (counts.exchanges_added, ==, 0);
  after = ledger_state (f);
  g_assert_cmpstr (before, ==, after);
  assert_day_totals_match (mutual_ledger_get_db (f->ledger));
}

static void
test_same_name_rename (LedgerFixture *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = write_temp (f, "same.xml", SAME_NAME_FILE, -1);
  g_autoptr(MutualRelationship) renamed = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  MutualImportCounts counts = { 0 };
  gint64 id = seed_same_name (f);

  fixture_add_relationship (f, "acme gmbh (2)");
  g_assert_true (import_path (f, path, MUTUAL_IMPORT_SAME_NAME_RENAME, &counts, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (counts.relationships_added, ==, 1);
  g_assert_cmpuint (counts.exchanges_added, ==, 2);
  renamed = mutual_ledger_get_relationship_by_uuid (f->ledger, "7d1c2e4a-0b5f-4c3e-9a61-2f8d3b7c9e10", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (renamed->name, ==, "ACME gmbh (3)");
  g_assert_cmpstr (renamed->notes, ==, "File notes");
  g_assert_cmpint (mutual_ledger_count_exchanges (f->ledger, renamed->id), ==, 2);
  g_assert_cmpint (mutual_ledger_count_exchanges (f->ledger, id), ==, 1);

  /* Again: found by its id, it keeps its new name; nothing changes. */
  before = ledger_state (f);
  g_assert_true (import_path (f, path, MUTUAL_IMPORT_SAME_NAME_RENAME, &counts, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (counts.relationships_unchanged, ==, 1);
  g_assert_cmpuint (counts.exchanges_unchanged, ==, 2);
  after = ledger_state (f);
  g_assert_cmpstr (before, ==, after);
}

/* Two of the file's relationships with one name: renamed, the second
 * is "Name (2)"; merged, both are one. A name of 200 characters is
 * shortened to take its number. */
static void
test_same_name_within_file (LedgerFixture *f,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) long_name = g_string_new (NULL);
  g_autofree char *path = NULL;
  g_autofree char *xml = NULL;
  g_autoptr(GPtrArray) list = NULL;
  MutualImportCounts counts = { 0 };

  for (int i = 0; i < 200; i++)
    g_string_append (long_name, "é");
  xml = g_strdup_printf (HEAD ROOT "<relationship name=\"Acme\"/>\n<relationship name=\"ACME\"/>\n"
                         "<relationship name=\"%s\"/>\n<relationship name=\"%s\"/>\n</mutual>\n",
                         long_name->str, long_name->str);
  path = write_temp (f, "twice.xml", xml, -1);
  g_assert_true (mutual_ledger_set_currency (f->ledger, "EUR", &error));

  g_assert_true (import_path (f, path, MUTUAL_IMPORT_SAME_NAME_MERGE, &counts, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (counts.relationships_added, ==, 2);
  g_assert_cmpuint (counts.relationships_unchanged, ==, 2);
  g_assert_cmpint (mutual_ledger_count_relationships (f->ledger), ==, 2);

  g_assert_true (import_path (f, path, MUTUAL_IMPORT_SAME_NAME_RENAME, &counts, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (counts.relationships_added, ==, 4);
  list = mutual_ledger_list_relationships (f->ledger, TRUE, &error);
  g_assert_cmpuint (list->len, ==, 6);
  g_assert_cmpstr (((MutualRelationship *) g_ptr_array_index (list, 0))->name, ==, "Acme");
  g_assert_cmpstr (((MutualRelationship *) g_ptr_array_index (list, 1))->name, ==, "Acme (2)");
  g_assert_cmpstr (((MutualRelationship *) g_ptr_array_index (list, 2))->name, ==, "ACME (3)");
  for (guint i = 3; i < 6; i++)
    {
      const char *name = ((MutualRelationship *) g_ptr_array_index (list, i))->name;

      g_assert_cmpint (g_utf8_strlen (name, -1), <=, 200);
      g_assert_true (g_str_has_prefix (name, "éééé"));
    }
  /* " (" sorts before "é". */
  g_assert_true (g_str_has_suffix (((MutualRelationship *) g_ptr_array_index (list, 3))->name, "é (2)"));
  g_assert_true (g_str_has_suffix (((MutualRelationship *) g_ptr_array_index (list, 4))->name, "é (3)"));
}

/* A large file merged into a ledger that has relationships but no
 * exchanges: the loader adds the day totals up itself, and a
 * relationship that two of the file's merge into ends twice. */
static void
test_same_name_merge_large (LedgerFixture *f,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) xml = g_string_new (HEAD ROOT "<relationship name=\"acme gmbh\">\n");
  g_autofree char *path = NULL;
  MutualImportCounts counts = { 0 };
  g_autoptr(MutualRelationship) rel = mutual_relationship_new ();

  if (skip_under_memcheck ())
    return;
  g_assert_true (mutual_ledger_set_currency (f->ledger, "EUR", &error));
  rel->name = g_strdup ("Acme GmbH");
  g_assert_true (mutual_ledger_add_relationship (f->ledger, rel, &error));
  append_exchanges (xml, LARGE_FILE_EXCHANGES / 2, 0);
  g_string_append (xml, "</relationship>\n<relationship name=\"ACME GMBH\">\n");
  append_exchanges (xml, LARGE_FILE_EXCHANGES / 2, LARGE_FILE_EXCHANGES / 2);
  g_string_append (xml, TAIL);
  path = write_temp (f, "large.xml", xml->str, (gssize) xml->len);

  g_assert_true (import_path (f, path, MUTUAL_IMPORT_SAME_NAME_MERGE, &counts, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (counts.exchanges_added, ==, LARGE_FILE_EXCHANGES);
  g_assert_cmpint (mutual_ledger_count_relationships (f->ledger), ==, 1);
  g_assert_cmpint (mutual_ledger_count_exchanges (f->ledger, rel->id), ==, LARGE_FILE_EXCHANGES);
  assert_ledger_intact (f);
}

/* The file's identifiers are added to a relationship; the ones it had
 * stay, so a file from before identifiers takes none away. A new one
 * makes the relationship updated; the same ones again leave it as it
 * was. */
static void
test_identifiers_merge (LedgerFixture *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *with = write_temp (f, "with.xml", HEAD ROOT REL
                                      "<identifier type=\"email\">anna@acme.example</identifier>\n"
                                      EX TAIL, -1);
  g_autofree char *more = write_temp (f, "more.xml", HEAD ROOT REL
                                      "<identifier type=\"email\">ANNA@acme.example</identifier>\n"
                                      "<identifier type=\"number\">K-7</identifier>\n"
                                      EX TAIL, -1);
  g_autofree char *without = write_temp (f, "without.xml", HEAD ROOT REL EX TAIL, -1);
  g_autoptr(GPtrArray) identifiers = NULL;
  MutualImportCounts counts = { 0 };
  gint64 id;

  g_assert_true (mutual_ledger_set_currency (f->ledger, "EUR", &error));
  g_assert_true (import_path (f, with, MUTUAL_IMPORT_DEFAULT, &counts, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (counts.relationships_added, ==, 1);
  id = mutual_ledger_find_identifier (f->ledger, MUTUAL_IDENTIFIER_EMAIL, "anna@acme.example", &error);
  g_assert_cmpint (id, >, 0);

  g_assert_true (import_path (f, with, MUTUAL_IMPORT_DEFAULT, &counts, &error));
  g_assert_cmpuint (counts.relationships_unchanged, ==, 1);
  g_assert_cmpuint (counts.relationships_updated, ==, 0);

  g_assert_true (import_path (f, more, MUTUAL_IMPORT_DEFAULT, &counts, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (counts.relationships_updated, ==, 1);
  g_assert_cmpuint (counts.exchanges_unchanged, ==, 1);

  g_assert_true (import_path (f, without, MUTUAL_IMPORT_DEFAULT, &counts, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (counts.relationships_unchanged, ==, 1);
  identifiers = mutual_ledger_list_identifiers (f->ledger, id, &error);
  g_assert_cmpuint (identifiers->len, ==, 2);

  /* A dry run with a new one writes nothing. */
  g_clear_pointer (&identifiers, g_ptr_array_unref);
  g_free (more);
  more = write_temp (f, "more.xml", HEAD ROOT REL
                     "<identifier type=\"alias\">ACME</identifier>\n" EX TAIL, -1);
  g_assert_true (import_path (f, more, MUTUAL_IMPORT_DRY_RUN, &counts, &error));
  g_assert_cmpuint (counts.relationships_updated, ==, 1);
  identifiers = mutual_ledger_list_identifiers (f->ledger, id, &error);
  g_assert_cmpuint (identifiers->len, ==, 2);
}

static void
test_schema_accepts_hand_written (LedgerFixture *f,
                                  gconstpointer  data)
{
  /* The example of DESIGN.md, ids filled in. */
  const char *xml =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<mutual xmlns=\"urn:mutual:ledger:1\" version=\"1\" currency=\"EUR\">\n"
    "  <relationship id=\"7d1c2e4a-0b5f-4c3e-9a61-2f8d3b7c9e10\" name=\"Acme GmbH\" role=\"client\"\n"
    "                created=\"2025-01-03T09:00:00Z\" archived=\"false\">\n"
    "    <organization>Acme</organization>\n"
    "    <notes>Met at the 2024 meetup.</notes>\n"
    "    <identifier type=\"email\">Billing@Acme.example</identifier>\n"
    "    <identifier type=\"iban\">DE89 3704 0044 0532 0130 00</identifier>\n"
    "    <identifier type=\"alias\">ACME GMBH SAGT DANKE</identifier>\n"
    "    <identifier type=\"number\">K-1001</identifier>\n"
    "    <override class=\"partnership\">They refer us every quarter.</override>\n"
    "    <exchange id=\"1B9E0C3D-5A7F-4E21-8C6B-9D0E1F2A3B4C\" date=\"2025-02-01\" direction=\"given\" kind=\"work\"\n"
    "              value=\"4500.00\" minutes=\"1200\">Website redesign</exchange>\n"
    "    <exchange date=\"2025-02-20\" direction=\"received\" kind=\"payment\"\n"
    "              value=\"4500\"/>\n"
    "  </relationship>\n"
    "  <relationship id=\"0e0e0e0e-0b5f-4c3e-9a61-2f8d3b7c9e10\" name=\"Bare\"/>\n"
    "</mutual>\n";
  g_autoptr(GError) error = NULL;
  g_autofree char *path = write_temp (f, "hand.xml", xml, -1);
  MutualImportCounts counts = { 0 };

  assert_valid_against_schema (path);
  g_assert_true (mutual_ledger_set_currency (f->ledger, "EUR", &error));
  g_assert_true (import_path (f, path, MUTUAL_IMPORT_DEFAULT, &counts, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (counts.relationships_added, ==, 2);
  g_assert_cmpuint (counts.exchanges_added, ==, 2);
  {
    g_autoptr(MutualRelationship) acme = mutual_ledger_find_relationship (f->ledger, "Acme GmbH", &error);
    g_autoptr(GPtrArray) identifiers = mutual_ledger_list_identifiers (f->ledger, acme->id, &error);

    g_assert_cmpuint (identifiers->len, ==, 4);
    g_assert_cmpstr (((MutualIdentifier *) g_ptr_array_index (identifiers, 0))->value, ==, "billing@acme.example");
    g_assert_cmpstr (((MutualIdentifier *) g_ptr_array_index (identifiers, 1))->value, ==, "DE89370400440532013000");
  }
  /* Upper-case ids match their lower-case selves. */
  g_assert_true (import_path (f, path, MUTUAL_IMPORT_DEFAULT, &counts, &error));
  g_assert_cmpuint (counts.exchanges_unchanged, ==, 1);
  g_assert_cmpuint (counts.exchanges_added, ==, 1);
  g_assert_cmpuint (counts.relationships_added, ==, 0);
  g_assert_cmpuint (counts.relationships_unchanged, ==, 2);
  g_assert_cmpuint (counts.relationships_updated, ==, 0);
}

/* The command line */

typedef struct
{
  int   status;
  char *out;
  char *err;
} Run;

static void
run_clear (Run *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

static Run
run_cli (const char *first,
         ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) envp = g_environ_unsetenv (g_get_environ (), "MUTUAL_LEDGER");
  Run run = { 0 };
  const char *arg;
  va_list args;
  int wait_status;

  g_ptr_array_add (argv, (char *) g_getenv ("MUTUAL_BINARY"));
  va_start (args, first);
  for (arg = first; arg; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  g_spawn_sync (NULL, (char **) argv->pdata, envp, G_SPAWN_DEFAULT, NULL, NULL,
                &run.out, &run.err, &wait_status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (wait_status));
  run.status = WEXITSTATUS (wait_status);
  return run;
}

static void
test_cli (LedgerFixture *f,
          gconstpointer  data)
{
  g_autofree char *opt = g_strconcat ("--ledger=", f->path, NULL);
  g_autofree char *other = g_build_filename (f->dir, "other.db", NULL);
  g_autofree char *other_opt = g_strconcat ("--ledger=", other, NULL);
  g_autofree char *xml = g_build_filename (f->dir, "out.xml", NULL);
  g_autofree char *bad = NULL;
  g_autofree char *contents = NULL;

  fill_sample (f);
  g_clear_object (&f->ledger);

  {
    g_auto(Run) r = run_cli (opt, "export", xml, NULL);
    g_assert_cmpint (r.status, ==, 0);
  }
  {
    g_auto(Run) r = run_cli (opt, "export", "-", NULL);
    g_assert_cmpint (r.status, ==, 0);
    g_assert_true (g_file_get_contents (xml, &contents, NULL, NULL));
    g_assert_cmpstr (r.out, ==, contents);
  }
  {
    g_auto(Run) r = run_cli (other_opt, "import", xml, "--dry-run", NULL);
    g_assert_cmpint (r.status, ==, 0);
    g_assert_nonnull (strstr (r.out, "Dry run"));
    g_assert_nonnull (strstr (r.out, "exchanges: 36 added, 0 updated, 0 unchanged"));
  }
  {
    g_auto(Run) r = run_cli (other_opt, "import", xml, NULL);
    g_assert_cmpint (r.status, ==, 0);
    g_assert_cmpstr (r.out, ==, "Relationships: 4 added, 0 updated, 0 unchanged; exchanges: 36 added, 0 updated, 0 unchanged.\n");
  }
  {
    g_auto(Run) r = run_cli (other_opt, "import", xml, NULL);
    g_assert_cmpint (r.status, ==, 0);
    g_assert_cmpstr (r.out, ==, "Relationships: 0 added, 0 updated, 4 unchanged; exchanges: 0 added, 0 updated, 36 unchanged.\n");
  }

  bad = g_build_filename (f->dir, "bad.xml", NULL);
  g_assert_true (g_file_set_contents (bad, HEAD "<!DOCTYPE mutual SYSTEM \"x.dtd\">\n" ROOT "</mutual>\n", -1, NULL));
  {
    g_auto(Run) r = run_cli (other_opt, "import", bad, NULL);
    g_assert_cmpint (r.status, ==, 2);
    g_assert_cmpstr (r.out, ==, "");
    g_assert_nonnull (strstr (r.err, "In “bad.xml” at line 2, column"));
  }
  {
    g_auto(Run) r = run_cli (other_opt, "import", "/nonexistent/file.xml", NULL);
    g_assert_cmpint (r.status, ==, 2);
  }
  {
    g_auto(Run) r = run_cli (other_opt, "import", NULL);
    g_assert_cmpint (r.status, ==, 1);
  }
  {
    g_auto(Run) r = run_cli (other_opt, "export", "/nonexistent/out.xml", NULL);
    g_assert_cmpint (r.status, ==, 2);
    g_assert_false (g_file_test ("/nonexistent/out.xml", G_FILE_TEST_EXISTS));
  }
  {
    g_autofree char *csv = g_build_filename (f->dir, "out.csv", NULL);
    g_auto(Run) r = run_cli (opt, "export-csv", csv, NULL);
    g_assert_cmpint (r.status, ==, 0);
    g_assert_true (g_file_test (csv, G_FILE_TEST_IS_REGULAR));
  }
}

static int
mode_of (const char *path)
{
  GStatBuf st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  return (int) (st.st_mode & 0777);
}

/* A file there already, with the other mode: the output's mode is its
 * kind's all the same. */
static char *
existing_file (LedgerFixture *f,
               const char    *name,
               int            mode)
{
  char *path = write_temp (f, name, "old", -1);

  g_assert_cmpint (g_chmod (path, mode), ==, 0);
  return path;
}

/* The ledger's data (XML, CSV) is written 0600, charts and reports 0666
 * less the umask, through the core API and the command line alike, new
 * or replacing a file. */
static void
test_output_modes (LedgerFixture *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *opt = g_strconcat ("--ledger=", f->path, NULL);
  const char *private_names[] = { "api.xml", "api.csv", "api-new.xml" };
  mode_t old_umask = umask (022);

  fill_sample (f);

  /* Core API */
  for (gsize i = 0; i < G_N_ELEMENTS (private_names); i++)
    {
      g_autofree char *path = i < 2 ? existing_file (f, private_names[i], 0644)
                                    : g_build_filename (f->dir, private_names[i], NULL);
      g_autoptr(GFile) file = g_file_new_for_path (path);

      g_assert_true (mutual_export_file (f->ledger, file,
                                         g_str_has_suffix (path, ".csv") ? MUTUAL_EXPORT_CSV
                                                                         : MUTUAL_EXPORT_XML,
                                         NULL, NULL, NULL, &error));
      g_assert_no_error (error);
      g_assert_cmpint (mode_of (path), ==, 0600);
    }
  {
    g_autofree char *png = existing_file (f, "api.png", 0600);
    g_autofree char *svg = g_build_filename (f->dir, "api.svg", NULL);
    g_autofree char *pdf = existing_file (f, "api.pdf", 0600);
    g_autoptr(MutualChart) chart = mutual_chart_new_balance (f->ledger, 0, 0, 20251231, &error);
    MutualChartExportOptions options;

    g_assert_no_error (error);
    mutual_chart_export_options_init (&options);
    g_assert_true (mutual_chart_export (chart, png, &options, &error));
    g_assert_no_error (error);
    g_assert_true (mutual_chart_export (chart, svg, &options, &error));
    g_assert_no_error (error);
    g_assert_true (mutual_report_write (f->ledger, pdf, 0, 20251231, 20251231, &error));
    g_assert_no_error (error);
    g_assert_cmpint (mode_of (png), ==, 0644);
    g_assert_cmpint (mode_of (svg), ==, 0644);
    g_assert_cmpint (mode_of (pdf), ==, 0644);
  }

  /* Command line */
  g_clear_object (&f->ledger);
  {
    g_autofree char *xml = existing_file (f, "cli.xml", 0644);
    g_autofree char *csv = g_build_filename (f->dir, "cli.csv", NULL);
    g_autofree char *png = existing_file (f, "cli.png", 0600);
    g_autofree char *pdf = g_build_filename (f->dir, "cli.pdf", NULL);
    g_autofree char *png_opt = g_strconcat ("--output=", png, NULL);
    g_autofree char *pdf_opt = g_strconcat ("--output=", pdf, NULL);

    {
      g_auto(Run) r = run_cli (opt, "export", xml, NULL);
      g_assert_cmpint (r.status, ==, 0);
    }
    {
      g_auto(Run) r = run_cli (opt, "export-csv", csv, NULL);
      g_assert_cmpint (r.status, ==, 0);
    }
    {
      g_auto(Run) r = run_cli (opt, "chart", "--all", "--to=2025-12-31", png_opt, NULL);
      g_assert_cmpint (r.status, ==, 0);
    }
    {
      g_auto(Run) r = run_cli (opt, "report", "--all", "--to=2025-12-31", pdf_opt, NULL);
      g_assert_cmpint (r.status, ==, 0);
    }
    g_assert_cmpint (mode_of (xml), ==, 0600);
    g_assert_cmpint (mode_of (csv), ==, 0600);
    g_assert_cmpint (mode_of (png), ==, 0644);
    g_assert_cmpint (mode_of (pdf), ==, 0644);
  }
  umask (old_umask);
}

static gint64
count_exchanges (const char *path)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 count;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  sqlite3_prepare_v2 (db, "PRAGMA integrity_check", -1, &stmt, NULL);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "ok");
  sqlite3_finalize (stmt);
  count = query_db_int (db, "SELECT count(*) FROM exchange");
  /* The indexes and triggers an import may rebuild are all there, and
   * the day totals agree with the exchanges. */
  g_assert_cmpint (query_db_int (db, "SELECT count(*) FROM sqlite_schema WHERE type = 'index'"
                                     " AND tbl_name = 'exchange'"), ==, 1);
  g_assert_cmpint (query_db_int (db, "SELECT count(*) FROM sqlite_schema WHERE type = 'trigger'"
                                     " AND tbl_name = 'exchange'"), ==, 6);
  assert_day_totals_match (db);
  sqlite3_close (db);
  return count;
}

static void
test_sigkill_during_import (LedgerFixture *f,
                            gconstpointer  data)
{
  g_autoptr(GString) xml = g_string_new (HEAD ROOT);
  g_autofree char *path = NULL;
  /* Moments of the import's one transaction: reading, rebuilding the
   * indexes, committing; as shares of the time a whole import takes. */
  const double fractions[] = { 0.02, 0.4, 0.85, 0.95, 1.0 };
  gint64 start, full_us;

  for (guint r = 0; r < 20; r++)
    {
      g_string_append_printf (xml, "  <relationship id=\"%08x-1111-4000-8000-000000000000\" name=\"Client %u\">\n", r, r);
      append_exchanges (xml, 10000, r * 10000);
      g_string_append (xml, "  </relationship>\n");
    }
  g_string_append (xml, "</mutual>\n");
  path = write_temp (f, "big.xml", xml->str, (gssize) xml->len);
  g_clear_object (&f->ledger);

  /* Once through, timed. */
  {
    g_autofree char *ledger = g_build_filename (f->dir, "timed.db", NULL);
    g_autofree char *opt = g_strconcat ("--ledger=", ledger, NULL);

    start = g_get_monotonic_time ();
    {
      g_auto(Run) r = run_cli (opt, "import", path, NULL);
      g_assert_cmpint (r.status, ==, 0);
    }
    full_us = g_get_monotonic_time () - start;
    g_test_message ("200,000 exchanges imported in %.2f s (%.0f exchanges/s)",
                    full_us / 1e6, 200000 / (full_us / 1e6));
    g_assert_cmpint (count_exchanges (ledger), ==, 200000);
  }

  for (gsize k = 0; k < G_N_ELEMENTS (fractions); k++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *ledger = g_strdup_printf ("%s/killed-%" G_GSIZE_FORMAT ".db", f->dir, k);
      g_autofree char *opt = g_strconcat ("--ledger=", ledger, NULL);
      const char *argv[] = { g_getenv ("MUTUAL_BINARY"), opt, "import", path, NULL };
      int wait_status;
      gint64 count;
      GPid pid;

      /* The ledger exists with its currency before the import starts
       * (made here: the commands that only read never make one). */
      {
        g_autoptr(MutualLedger) made = mutual_ledger_open (ledger, &error);

        g_assert_no_error (error);
      }

      g_assert_true (g_spawn_async (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD
                                    | G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, &pid, &error));
      g_assert_no_error (error);
      g_usleep ((gulong) (full_us * fractions[k]));
      kill (pid, SIGKILL);
      waitpid (pid, &wait_status, 0);
      g_spawn_close_pid (pid);

      count = count_exchanges (ledger);
      g_test_message ("killed at %.0f%% of a full import: %" G_GINT64_FORMAT " exchanges",
                      fractions[k] * 100, count);
      g_assert_true (count == 0 || count == 200000);
      {
        g_auto(Run) again = run_cli (opt, "import", path, NULL);
        g_assert_cmpint (again.status, ==, 0);
      }
      g_assert_cmpint (count_exchanges (ledger), ==, 200000);
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, LedgerFixture, NULL, ledger_fixture_set_up, func, ledger_fixture_tear_down)

  ADD ("/interchange/round-trip", test_round_trip);
  ADD ("/interchange/reimport-changes-nothing", test_reimport_changes_nothing);
  ADD ("/interchange/export/unrepresentable-text", test_export_unrepresentable_text);
  ADD ("/interchange/cdata-and-references", test_cdata_and_references);
  ADD ("/interchange/merge-updated-record", test_merge_updated_record);
  ADD ("/interchange/large/merges-into-filled-ledger", test_large_import_merges);
  ADD ("/interchange/large/many-relationships", test_large_many_relationships);
  g_test_add ("/interchange/large/refuse-waiting-relationship", LedgerFixture, GINT_TO_POINTER (FALSE),
              ledger_fixture_set_up, test_refuse_waiting_relationship, ledger_fixture_tear_down);
  g_test_add ("/interchange/large/refuse-waiting-relationship-before-later-mistake", LedgerFixture,
              GINT_TO_POINTER (TRUE), ledger_fixture_set_up, test_refuse_waiting_relationship,
              ledger_fixture_tear_down);
  g_test_add ("/interchange/large/into-empty-ledger", LedgerFixture, GUINT_TO_POINTER (0),
              ledger_fixture_set_up, test_large_import_into_empty, ledger_fixture_tear_down);
  g_test_add ("/interchange/large/into-empty-ledger-ids-leave-memory", LedgerFixture, GUINT_TO_POINTER (1000),
              ledger_fixture_set_up, test_large_import_into_empty, ledger_fixture_tear_down);
  g_test_add ("/interchange/large/into-empty-ledger-keys-sorted-by-sqlite", LedgerFixture, GUINT_TO_POINTER (G_MAXUINT),
              ledger_fixture_set_up, test_large_import_into_empty, ledger_fixture_tear_down);
  ADD ("/interchange/large/reimport-changes-nothing", test_large_reimport_changes_nothing);
  ADD ("/interchange/large/merge-waiting", test_large_merge_waiting);
  ADD ("/interchange/large/days-out-of-order", test_large_days_out_of_order);
  ADD ("/interchange/refuse/names-file", test_refuse_names_file);
  ADD ("/interchange/refuse/earlier-among-waiting", test_refuse_earlier_among_waiting);
  ADD ("/interchange/bulk/knows-schema", test_bulk_knows_schema);
  ADD ("/interchange/bulk/unknown-trigger-fires", test_bulk_unknown_trigger_fires);
  g_test_add_func ("/interchange/bulk/sorts-keys", test_bulk_sorts_keys);
  g_test_add ("/interchange/bulk/repeated-key-noted", LedgerFixture, GINT_TO_POINTER (TRUE),
              ledger_fixture_set_up, test_bulk_repeated_key, ledger_fixture_tear_down);
  g_test_add ("/interchange/bulk/repeated-key-sorted-by-sqlite", LedgerFixture, GINT_TO_POINTER (FALSE),
              ledger_fixture_set_up, test_bulk_repeated_key, ledger_fixture_tear_down);
  ADD ("/interchange/exchanges-only-import-changes-ledger", test_exchanges_only_import_changes);
  ADD ("/interchange/dry-run", test_dry_run);
  ADD ("/interchange/currency/mismatch-refused", test_currency_mismatch_refused);
  ADD ("/interchange/currency/empty-ledger-takes-file-currency", test_empty_ledger_takes_currency);
  ADD ("/interchange/schema/accepts-hand-written", test_schema_accepts_hand_written);
  ADD ("/interchange/identifiers/merge", test_identifiers_merge);
  ADD ("/interchange/same-name/refused", test_same_name_refused);
  ADD ("/interchange/same-name/merge", test_same_name_merge);
  ADD ("/interchange/same-name/rename", test_same_name_rename);
  ADD ("/interchange/same-name/within-file", test_same_name_within_file);
  ADD ("/interchange/same-name/merge-large-file", test_same_name_merge_large);
  ADD ("/interchange/progress/cancel-changes-nothing", test_progress_and_cancel);
  ADD ("/interchange/progress/reported", test_progress_reported);
  ADD ("/interchange/export/atomic-file", test_export_file_atomic);
  ADD ("/interchange/csv", test_csv_export);
  ADD ("/interchange/output-modes", test_output_modes);

  for (gsize i = 0; i < G_N_ELEMENTS (refusals); i++)
    {
      g_autofree char *name = g_strconcat ("/interchange/refuse/", refusals[i].name, NULL);

      g_test_add (name, LedgerFixture, &refusals[i], ledger_fixture_set_up, test_refusal,
                  ledger_fixture_tear_down);
    }
  ADD ("/interchange/ids-in-capitals", test_ids_in_capitals);
  ADD ("/interchange/refuse/duplicate-exchange-id-into-empty-ledger", test_refuse_duplicate_into_empty);
  g_test_add ("/interchange/refuse/duplicate-exchange-id-in-large-file", LedgerFixture, GUINT_TO_POINTER (0),
              ledger_fixture_set_up, test_refuse_duplicate_in_large_file, ledger_fixture_tear_down);
  g_test_add ("/interchange/refuse/duplicate-exchange-id-after-ids-leave-memory", LedgerFixture, GUINT_TO_POINTER (1000),
              ledger_fixture_set_up, test_refuse_duplicate_in_large_file, ledger_fixture_tear_down);
  g_test_add ("/interchange/refuse/duplicate-exchange-id-in-batch-into-empty-ledger", LedgerFixture, GINT_TO_POINTER (0),
              ledger_fixture_set_up, test_refuse_duplicate_in_batch, ledger_fixture_tear_down);
  g_test_add ("/interchange/refuse/duplicate-exchange-id-in-batch", LedgerFixture, GINT_TO_POINTER (1),
              ledger_fixture_set_up, test_refuse_duplicate_in_batch, ledger_fixture_tear_down);
  ADD ("/interchange/refuse/large-import-disk-full", test_large_import_disk_full);
  g_test_add ("/interchange/refuse/day-total-overflow", LedgerFixture, GINT_TO_POINTER (FALSE),
              ledger_fixture_set_up, test_refuse_day_total_overflow, ledger_fixture_tear_down);
  g_test_add ("/interchange/refuse/day-total-overflow-in-large-file", LedgerFixture, GINT_TO_POINTER (TRUE),
              ledger_fixture_set_up, test_refuse_day_total_overflow, ledger_fixture_tear_down);
  g_test_add ("/interchange/refuse/lifetime-total-overflow-large", LedgerFixture, NULL,
              ledger_fixture_set_up, test_refuse_lifetime_total_overflow, ledger_fixture_tear_down);
  ADD ("/interchange/refuse/huge-attribute", test_refuse_huge_attribute);
  ADD ("/interchange/refuse/huge-text", test_refuse_huge_text);
  ADD ("/interchange/refuse/deep-nesting", test_refuse_deep_nesting);
  ADD ("/interchange/refuse/error-after-20000-exchanges", test_refuse_error_after_many);
  ADD ("/interchange/cli", test_cli);
  ADD ("/interchange/cli/sigkill-leaves-all-or-nothing", test_sigkill_during_import);

  return g_test_run ();
}
