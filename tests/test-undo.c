/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-undo"

#include "config.h"

#include "test-util.h"
#include "core/mutual-error.h"
#include "core/mutual-identifiers.h"
#include "core/mutual-undo.h"

/* Every row of every table, rowids included: undo must give back this
 * string exactly. */
static char *
dump (LedgerFixture *f)
{
  static const char * const queries[] = {
    "SELECT * FROM relationship ORDER BY id",
    "SELECT * FROM exchange ORDER BY id",
    "SELECT * FROM relationship_day ORDER BY 1, 2, 3, 4",
    "SELECT * FROM ledger_day ORDER BY 1, 2",
    "SELECT * FROM relationship_total ORDER BY 1",
    "SELECT * FROM ledger_total",
    /* Identifiers come back with new rowids: nothing orders by them. */
    "SELECT relationship, type, value, value_key FROM identifier ORDER BY 1, 2, 4",
  };
  sqlite3 *db = mutual_ledger_get_db (f->ledger);
  GString *out = g_string_new (NULL);

  for (guint q = 0; q < G_N_ELEMENTS (queries); q++)
    {
      sqlite3_stmt *stmt = NULL;

      g_assert_cmpint (sqlite3_prepare_v2 (db, queries[q], -1, &stmt, NULL), ==, SQLITE_OK);
      g_string_append_printf (out, "%s\n", queries[q]);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          for (int c = 0; c < sqlite3_column_count (stmt); c++)
            {
              const char *text = (const char *) sqlite3_column_text (stmt, c);

              g_string_append_printf (out, "%s|", text ? text : "NULL");
            }
          g_string_append_c (out, '\n');
        }
      sqlite3_finalize (stmt);
    }
  return g_string_free (out, FALSE);
}

/* A relationship with three exchanges, and a second one after it, so
 * that a restored rowid in the middle is seen. */
static gint64
fill (LedgerFixture *f)
{
  gint64 id = fixture_add_relationship (f, "Acme");
  gint64 other = fixture_add_relationship (f, "Zenith");

  fixture_log (f, id, 20250110, MUTUAL_DIRECTION_GIVEN, MUTUAL_KIND_WORK, 45000);
  fixture_log (f, id, 20250110, MUTUAL_DIRECTION_RECEIVED, MUTUAL_KIND_PAYMENT, 30000);
  fixture_log (f, id, 20250301, MUTUAL_DIRECTION_RECEIVED, MUTUAL_KIND_REFERRAL, 0);
  fixture_log (f, other, 20250205, MUTUAL_DIRECTION_GIVEN, MUTUAL_KIND_ADVICE, 12000);
  g_assert_true (mutual_ledger_add_identifier (f->ledger, id, MUTUAL_IDENTIFIER_EMAIL, "billing@acme.example", NULL));
  g_assert_true (mutual_ledger_add_identifier (f->ledger, id, MUTUAL_IDENTIFIER_IBAN, "DE89370400440532013000", NULL));
  g_assert_true (mutual_ledger_add_identifier (f->ledger, id, MUTUAL_IDENTIFIER_ALIAS, "ACME SAGT DANKE", NULL));
  g_assert_true (mutual_ledger_add_identifier (f->ledger, other, MUTUAL_IDENTIFIER_NUMBER, "Z-7", NULL));
  return id;
}

static void
assert_undone (LedgerFixture *f,
               MutualUndo    *undo,
               const char    *before)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *after = NULL;

  g_assert_true (mutual_undo_undo (undo, &error));
  g_assert_no_error (error);
  after = dump (f);
  g_assert_cmpstr (after, ==, before);
  g_assert_false (mutual_undo_can_undo (undo));
  assert_day_totals_match (mutual_ledger_get_db (f->ledger));
}

static void
test_nothing_to_undo (LedgerFixture *f,
                      gconstpointer  data)
{
  g_autoptr(MutualUndo) undo = mutual_undo_new (f->ledger);
  g_autoptr(GError) error = NULL;

  g_assert_false (mutual_undo_can_undo (undo));
  g_assert_null (mutual_undo_peek (undo));
  g_assert_false (mutual_undo_undo (undo, &error));
  g_assert_no_error (error);
}

static void
test_deleted_exchange_keeps_its_rowid (LedgerFixture *f,
                                       gconstpointer  data)
{
  gint64 id = fill (f);
  g_autoptr(MutualUndo) undo = mutual_undo_new (f->ledger);
  g_autoptr(GPtrArray) exchanges = mutual_ledger_list_exchanges (f->ledger, id, MUTUAL_EXCHANGE_SORT_DATE,
                                                                FALSE, 0, 10, NULL);
  g_autofree char *before = dump (f);
  g_autoptr(GError) error = NULL;
  gint64 middle = ((MutualExchange *) g_ptr_array_index (exchanges, 1))->id;

  g_assert_true (mutual_undo_delete_exchange (undo, middle, "Exchange deleted", &error));
  g_assert_no_error (error);
  g_assert_cmpint (mutual_ledger_count_exchanges (f->ledger, id), ==, 2);
  g_assert_cmpstr (mutual_undo_peek (undo), ==, "Exchange deleted");
  assert_undone (f, undo, before);
}

static void
test_deleted_relationship_comes_back_whole (LedgerFixture *f,
                                            gconstpointer  data)
{
  gint64 id = fill (f);
  g_autoptr(MutualUndo) undo = mutual_undo_new (f->ledger);
  g_autofree char *before = dump (f);
  g_autoptr(GError) error = NULL;

  g_assert_true (mutual_undo_delete_relationship (undo, id, "Relationship deleted", &error));
  g_assert_no_error (error);
  g_assert_null (mutual_ledger_get_relationship (f->ledger, id, NULL));
  g_assert_cmpint (mutual_ledger_count_exchanges (f->ledger, id), ==, 0);
  g_assert_cmpint (mutual_ledger_find_identifier (f->ledger, MUTUAL_IDENTIFIER_EMAIL,
                                                  "billing@acme.example", NULL), ==, 0);
  /* The window shows the relationship the undo brings back. */
  g_assert_cmpint (mutual_undo_peek_relationship (undo), ==, id);
  assert_undone (f, undo, before);
  g_assert_cmpint (mutual_undo_peek_relationship (undo), ==, 0);
  g_assert_cmpint (mutual_ledger_find_identifier (f->ledger, MUTUAL_IDENTIFIER_IBAN,
                                                  "DE89 3704 0044 0532 0130 00", NULL), ==, id);
}

/* An identifier another relationship took meanwhile: the undo is
 * refused whole, the relationship stays deleted. */
static void
test_deleted_relationship_identifier_taken (LedgerFixture *f,
                                            gconstpointer  data)
{
  gint64 id = fill (f);
  g_autoptr(MutualUndo) undo = mutual_undo_new (f->ledger);
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gint64 newcomer;

  g_assert_true (mutual_undo_delete_relationship (undo, id, "Relationship deleted", &error));
  newcomer = fixture_add_relationship (f, "Newcomer");
  g_assert_true (mutual_ledger_add_identifier (f->ledger, newcomer, MUTUAL_IDENTIFIER_ALIAS,
                                               "acme sagt danke", &error));
  before = dump (f);
  g_assert_false (mutual_undo_undo (undo, &error));
  g_assert_error (error, MUTUAL_ERROR, MUTUAL_ERROR_DATA);
  after = dump (f);
  g_assert_cmpstr (after, ==, before);
  g_assert_null (mutual_ledger_get_relationship (f->ledger, id, NULL));
}

static void
test_changed_relationship_gets_its_fields_back (LedgerFixture *f,
                                                gconstpointer  data)
{
  gint64 id = fill (f);
  g_autoptr(MutualUndo) undo = mutual_undo_new (f->ledger);
  g_autoptr(MutualRelationship) rel = mutual_ledger_get_relationship (f->ledger, id, NULL);
  g_autofree char *before = dump (f);
  g_autoptr(GError) error = NULL;

  mutual_undo_record_relationship_changed (undo, rel, "Relationship changed");
  g_free (rel->name);
  rel->name = g_strdup ("Acme Ltd");
  rel->archived = TRUE;
  rel->override = MUTUAL_CLASS_PARTNERSHIP;
  rel->override_reason = g_strdup ("Refers us");
  g_assert_true (mutual_ledger_update_relationship (f->ledger, rel, &error));
  g_assert_no_error (error);
  assert_undone (f, undo, before);
}

static void
test_changed_exchange_gets_its_fields_back (LedgerFixture *f,
                                            gconstpointer  data)
{
  gint64 id = fill (f);
  gint64 eid = fixture_log (f, id, 20250401, MUTUAL_DIRECTION_GIVEN, MUTUAL_KIND_GIFT, 500);
  g_autoptr(MutualUndo) undo = mutual_undo_new (f->ledger);
  g_autoptr(MutualExchange) exchange = mutual_ledger_get_exchange (f->ledger, eid, NULL);
  g_autofree char *before = dump (f);
  g_autoptr(GError) error = NULL;

  mutual_undo_record_exchange_changed (undo, exchange, "Exchange changed");
  exchange->date = 20240101;
  exchange->value = 999;
  exchange->minutes = 90;
  exchange->note = g_strdup ("changed");
  g_assert_true (mutual_ledger_update_exchange (f->ledger, exchange, &error));
  g_assert_no_error (error);
  assert_undone (f, undo, before);
}

static void
test_added_records_go_again (LedgerFixture *f,
                             gconstpointer  data)
{
  gint64 id = fill (f);
  g_autoptr(MutualUndo) undo = mutual_undo_new (f->ledger);
  g_autofree char *before = dump (f);
  g_autoptr(GError) error = NULL;
  gint64 added;
  gint64 eid;

  added = fixture_add_relationship (f, "Newcomer");
  g_assert_true (mutual_undo_record_relationship_added (undo, added, "Relationship added", &error));
  eid = fixture_log (f, id, 20250505, MUTUAL_DIRECTION_GIVEN, MUTUAL_KIND_WORK, 100);
  g_assert_true (mutual_undo_record_exchange_added (undo, eid, "Exchange added", &error));
  g_assert_no_error (error);

  /* Newest first. */
  g_assert_cmpstr (mutual_undo_peek (undo), ==, "Exchange added");
  g_assert_true (mutual_undo_undo (undo, &error));
  g_assert_no_error (error);
  g_assert_null (mutual_ledger_get_exchange (f->ledger, eid, NULL));
  g_assert_cmpstr (mutual_undo_peek (undo), ==, "Relationship added");
  assert_undone (f, undo, before);
}

/* Another process put a record where the deleted one was: the undo is
 * refused, says so, and the ledger keeps the other record. */
static void
test_refused_when_taken (LedgerFixture *f,
                         gconstpointer  data)
{
  gint64 id = fill (f);
  g_autoptr(MutualUndo) undo = mutual_undo_new (f->ledger);
  g_autoptr(GError) error = NULL;
  g_autoptr(MutualRelationship) rel = mutual_ledger_get_relationship (f->ledger, id, NULL);
  g_autofree char *taken = NULL;

  g_assert_true (mutual_undo_delete_relationship (undo, id, "Relationship deleted", &error));
  g_assert_no_error (error);
  fixture_add_relationship (f, rel->name);
  taken = dump (f);

  g_assert_false (mutual_undo_undo (undo, &error));
  g_assert_error (error, MUTUAL_ERROR, MUTUAL_ERROR_DATA);
  g_assert_false (mutual_undo_can_undo (undo));
  g_clear_error (&error);
  {
    g_autofree char *after = dump (f);

    g_assert_cmpstr (after, ==, taken);
  }
}

static void
test_edited_relationship_gets_its_identifiers_back (LedgerFixture *f,
                                                    gconstpointer  data)
{
  gint64 id = fill (f);
  g_autoptr(MutualUndo) undo = mutual_undo_new (f->ledger);
  g_autoptr(GError) error = NULL;
  g_autoptr(MutualRelationship) before = NULL;
  g_autoptr(MutualRelationship) rel = NULL;
  g_autoptr(GPtrArray) identifiers = NULL;
  g_autofree char *was = NULL;
  g_autofree char *now = NULL;

  g_assert_true (mutual_ledger_add_identifier (f->ledger, id, MUTUAL_IDENTIFIER_EMAIL, "ap@acme.example", &error));
  g_assert_true (mutual_ledger_add_identifier (f->ledger, id, MUTUAL_IDENTIFIER_ALIAS, "ACME SAGT DANKE", &error));
  g_assert_no_error (error);
  was = dump (f);
  before = mutual_ledger_get_relationship (f->ledger, id, NULL);
  identifiers = mutual_ledger_list_identifiers (f->ledger, id, NULL);

  /* The dialog's save: a new name, one identifier removed, one added. */
  rel = mutual_relationship_copy (before);
  g_free (rel->name);
  rel->name = g_strdup ("Acme GmbH");
  g_assert_true (mutual_ledger_update_relationship (f->ledger, rel, &error));
  g_assert_true (mutual_ledger_remove_identifier (f->ledger, id, MUTUAL_IDENTIFIER_EMAIL, "ap@acme.example", &error));
  g_assert_true (mutual_ledger_add_identifier (f->ledger, id, MUTUAL_IDENTIFIER_IBAN, "DE89370400440532013000", &error));
  g_assert_no_error (error);
  mutual_undo_record_relationship_edited (undo, before, identifiers, "Relationship changed");

  g_assert_true (mutual_undo_undo (undo, &error));
  g_assert_no_error (error);
  now = dump (f);
  g_assert_cmpstr (now, ==, was);
}

/* What an import does, on a connection of its own: a relationship and
 * exchanges added, an alias remembered, an exchange and a relationship
 * changed. */
static void
import_into (MutualLedger *ledger,
             gint64        acme)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MutualRelationship) rel = mutual_relationship_new ();
  g_autoptr(MutualRelationship) changed = mutual_ledger_get_relationship (ledger, acme, NULL);
  g_autoptr(GPtrArray) page = mutual_ledger_list_exchanges (ledger, acme, MUTUAL_EXCHANGE_SORT_DATE, FALSE, 0, 1, NULL);
  MutualExchange *first = page->pdata[0];

  rel->name = g_strdup ("Newcomer");
  g_assert_true (mutual_ledger_add_relationship (ledger, rel, &error));
  for (int i = 0; i < 3; i++)
    {
      g_autoptr(MutualExchange) exchange = mutual_exchange_new ();

      exchange->relationship_id = i == 0 ? rel->id : acme;
      exchange->date = 20250401 + i;
      exchange->direction = MUTUAL_DIRECTION_RECEIVED;
      exchange->kind = MUTUAL_KIND_PAYMENT;
      exchange->value = 1000 * (i + 1);
      g_assert_true (mutual_ledger_add_exchange (ledger, exchange, &error));
    }
  g_assert_true (mutual_ledger_add_identifier (ledger, acme, MUTUAL_IDENTIFIER_ALIAS, "ACME SAGT DANKE", &error));
  first->value += 1;
  g_assert_true (mutual_ledger_update_exchange (ledger, first, &error));
  g_free (changed->notes);
  changed->notes = g_strdup ("Imported from the bank");
  g_assert_true (mutual_ledger_update_relationship (ledger, changed, &error));
  g_assert_no_error (error);
}

static void
test_batch_undone_whole (LedgerFixture *f,
                         gconstpointer  data)
{
  gint64 id = fill (f);
  g_autoptr(MutualUndo) undo = mutual_undo_new (f->ledger);
  g_autoptr(MutualLedger) other = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *was = dump (f);
  g_autofree char *now = NULL;
  MutualUndoBatch *batch;

  /* The import's thread has a connection of its own. */
  other = mutual_ledger_open (mutual_ledger_get_path (f->ledger), &error);
  g_assert_no_error (error);
  batch = mutual_undo_batch_begin (other, TRUE, &error);
  g_assert_no_error (error);
  import_into (other, id);
  g_assert_true (mutual_undo_batch_commit (batch, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (mutual_undo_batch_get_exchanges_added (batch), ==, 3);
  mutual_undo_record_batch (undo, batch, "Imported");
  g_assert_cmpstr (mutual_undo_peek (undo), ==, "Imported");

  g_assert_true (mutual_undo_undo (undo, &error));
  g_assert_no_error (error);
  now = dump (f);
  g_assert_cmpstr (now, ==, was);
}

/* An import that renamed one relationship and gave its old name to
 * another as an alias is undone whole: the alias goes before the name
 * comes back (the ledger refuses a name that is another's alias). */
static void
test_batch_alias_then_name (LedgerFixture *f,
                            gconstpointer  data)
{
  gint64 xena = fixture_add_relationship (f, "Xena Studio");
  gint64 foo = fixture_add_relationship (f, "Foo");
  g_autoptr(MutualUndo) undo = mutual_undo_new (f->ledger);
  g_autoptr(MutualLedger) other = NULL;
  g_autoptr(MutualRelationship) renamed = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *was = dump (f);
  g_autofree char *now = NULL;
  MutualUndoBatch *batch;

  other = mutual_ledger_open (mutual_ledger_get_path (f->ledger), &error);
  g_assert_no_error (error);
  batch = mutual_undo_batch_begin (other, TRUE, &error);
  g_assert_no_error (error);
  renamed = mutual_ledger_get_relationship (other, foo, &error);
  g_free (renamed->name);
  renamed->name = g_strdup ("Foo Ltd");
  g_assert_true (mutual_ledger_update_relationship (other, renamed, &error));
  g_assert_true (mutual_ledger_add_identifier (other, xena, MUTUAL_IDENTIFIER_ALIAS, "FOO", &error));
  g_assert_no_error (error);
  g_assert_true (mutual_undo_batch_commit (batch, &error));
  mutual_undo_record_batch (undo, batch, "Imported");

  g_assert_true (mutual_undo_undo (undo, &error));
  g_assert_no_error (error);
  now = dump (f);
  g_assert_cmpstr (now, ==, was);
}

static void
test_batch_keeps_later_records (LedgerFixture *f,
                                gconstpointer  data)
{
  gint64 id = fill (f);
  g_autoptr(MutualUndo) undo = mutual_undo_new (f->ledger);
  g_autoptr(GError) error = NULL;
  MutualUndoBatch *batch;
  gint64 later;

  /* Without old versions of exchanges kept: only additions counted. */
  batch = mutual_undo_batch_begin (f->ledger, FALSE, &error);
  g_assert_no_error (error);
  fixture_log (f, id, 20250501, MUTUAL_DIRECTION_GIVEN, MUTUAL_KIND_ADVICE, 0);
  g_assert_true (mutual_undo_batch_commit (batch, &error));
  mutual_undo_record_batch (undo, batch, "Imported");

  /* A record made after the import, at the rowid of one it added, stays. */
  {
    g_autoptr(GPtrArray) page = mutual_ledger_list_exchanges (f->ledger, id, MUTUAL_EXCHANGE_SORT_DATE, TRUE, 0, 1, NULL);
    MutualExchange *added = page->pdata[0];

    g_assert_true (mutual_ledger_delete_exchange (f->ledger, added->id, &error));
  }
  later = fixture_log (f, id, 20250601, MUTUAL_DIRECTION_GIVEN, MUTUAL_KIND_ADVICE, 0);
  g_assert_true (mutual_undo_undo (undo, &error));
  g_assert_no_error (error);
  {
    g_autoptr(MutualExchange) kept = mutual_ledger_get_exchange (f->ledger, later, &error);

    g_assert_no_error (error);
    g_assert_cmpint (kept->date, ==, 20250601);
  }
}

static void
test_failed_batch_changes_nothing (LedgerFixture *f,
                                   gconstpointer  data)
{
  gint64 id = fill (f);
  g_autoptr(GError) error = NULL;
  g_autofree char *was = dump (f);
  g_autofree char *now = NULL;
  MutualUndoBatch *batch;

  batch = mutual_undo_batch_begin (f->ledger, FALSE, &error);
  g_assert_no_error (error);
  fixture_log (f, id, 20250501, MUTUAL_DIRECTION_GIVEN, MUTUAL_KIND_ADVICE, 0);
  /* Freed without commit: as a failed import, rolled back. */
  mutual_undo_batch_free (batch);
  now = dump (f);
  g_assert_cmpstr (now, ==, was);
}

#define ADD(path, func) \
  g_test_add (path, LedgerFixture, NULL, ledger_fixture_set_up, func, ledger_fixture_tear_down)

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  ADD ("/undo/nothing-to-undo", test_nothing_to_undo);
  ADD ("/undo/deleted-exchange-keeps-its-rowid", test_deleted_exchange_keeps_its_rowid);
  ADD ("/undo/deleted-relationship-comes-back-whole", test_deleted_relationship_comes_back_whole);
  ADD ("/undo/deleted-relationship-identifier-taken", test_deleted_relationship_identifier_taken);
  ADD ("/undo/changed-relationship-gets-its-fields-back", test_changed_relationship_gets_its_fields_back);
  ADD ("/undo/changed-exchange-gets-its-fields-back", test_changed_exchange_gets_its_fields_back);
  ADD ("/undo/added-records-go-again", test_added_records_go_again);
  ADD ("/undo/refused-when-taken", test_refused_when_taken);
  ADD ("/undo/edited-relationship-gets-its-identifiers-back", test_edited_relationship_gets_its_identifiers_back);
  ADD ("/undo/batch/undone-whole", test_batch_undone_whole);
  ADD ("/undo/batch/keeps-later-records", test_batch_keeps_later_records);
  ADD ("/undo/batch/alias-then-name", test_batch_alias_then_name);
  ADD ("/undo/batch/failed-changes-nothing", test_failed_batch_changes_nothing);

  return g_test_run ();
}
