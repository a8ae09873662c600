/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <locale.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/stat.h>

#include "core/mutual-ledger-private.h"
#include "core/mutual-error.h"
#include "core/mutual-identifiers.h"
#include "core/mutual-ledger-bulk.h"
#include "core/mutual-money.h"
#include "test-util.h"

static void
test_create_mode_and_folders (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("mutual-test-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "deep", "er", "ledger.db", NULL);
  g_autoptr(MutualLedger) ledger = mutual_ledger_open (path, &error);
  struct stat st;

  g_assert_no_error (error);
  g_assert_nonnull (ledger);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_true (mutual_ledger_is_empty (ledger));
  g_assert_cmpstr (mutual_ledger_get_currency (ledger), ==, "EUR");
  g_clear_object (&ledger);
  remove_tree (dir);
}

static void
test_folder_without_rights (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MutualLedger) ledger = NULL;

  /* /proc cannot hold folders, even for root. */
  ledger = mutual_ledger_open ("/proc/mutual-test/ledger.db", &error);
  g_assert_null (ledger);
  g_assert_error (error, MUTUAL_ERROR, MUTUAL_ERROR_LEDGER);
}

static void
assert_refused_untouched (const char *path,
                          const char *contents,
                          gsize       length)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MutualLedger) ledger = NULL;
  g_autofree char *after = NULL;
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  gsize after_length = 0;

  ledger = mutual_ledger_open (path, &error);
  g_assert_null (ledger);
  g_assert_error (error, MUTUAL_ERROR, MUTUAL_ERROR_LEDGER);
  g_assert_true (g_file_get_contents (path, &after, &after_length, NULL));
  g_assert_cmpmem (after, after_length, contents, length);
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
}

static void
test_random_bytes_refused (LedgerFixture *f,
                           gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "random.db", NULL);
  guchar bytes[8192];
  GRand *rand = g_rand_new_with_seed (7);

  for (gsize i = 0; i < sizeof bytes; i++)
    bytes[i] = (guchar) g_rand_int_range (rand, 0, 256);
  g_rand_free (rand);
  g_assert_true (g_file_set_contents (path, (char *) bytes, sizeof bytes, NULL));
  assert_refused_untouched (path, (char *) bytes, sizeof bytes);
}

static void
test_foreign_sqlite_refused (LedgerFixture *f,
                             gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "other.db", NULL);
  g_autofree char *contents = NULL;
  gsize length;
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "CREATE TABLE notes (t TEXT); INSERT INTO notes VALUES ('mine');",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  assert_refused_untouched (path, contents, length);
}

static void
test_truncated_refused (LedgerFixture *f,
                        gconstpointer  data)
{
  g_autofree char *contents = NULL;
  g_autofree char *path = g_build_filename (f->dir, "truncated.db", NULL);
  gsize length;
  gint64 id = fixture_add_relationship (f, "Someone");

  for (int i = 0; i < 2000; i++)
    fixture_log (f, id, 20250101, MUTUAL_DIRECTION_GIVEN, MUTUAL_KIND_WORK, i);
  g_clear_object (&f->ledger);  /* checkpoints the WAL into the file */

  g_assert_true (g_file_get_contents (f->path, &contents, &length, NULL));
  g_assert_cmpuint (length, >, 16384);
  g_assert_true (g_file_set_contents (path, contents, length / 2, NULL));
  assert_refused_untouched (path, contents, length / 2);
}

static void
test_flipped_header_refused (LedgerFixture *f,
                             gconstpointer  data)
{
  g_autofree char *contents = NULL;
  g_autofree char *path = g_build_filename (f->dir, "flipped.db", NULL);
  gsize length;

  fixture_add_relationship (f, "Someone");
  g_clear_object (&f->ledger);
  g_assert_true (g_file_get_contents (f->path, &contents, &length, NULL));
  contents[17] ^= 0x5a;  /* the page size */
  g_assert_true (g_file_set_contents (path, contents, length, NULL));
  assert_refused_untouched (path, contents, length);
}

static void
test_newer_schema_refused (LedgerFixture *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MutualLedger) again = NULL;

  sqlite3_exec (mutual_ledger_get_db (f->ledger), "PRAGMA user_version = 99", NULL, NULL, NULL);
  g_clear_object (&f->ledger);
  again = mutual_ledger_open (f->path, &error);
  g_assert_null (again);
  g_assert_error (error, MUTUAL_ERROR, MUTUAL_ERROR_LEDGER);
  g_assert_nonnull (strstr (error->message, "newer version"));
}

/* Found by the ledger-open fuzzer: a negative schema version indexed
 * the migration table out of bounds. */
static void
test_negative_schema_refused (LedgerFixture *f,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MutualLedger) again = NULL;

  sqlite3_exec (mutual_ledger_get_db (f->ledger), "PRAGMA user_version = -256", NULL, NULL, NULL);
  g_clear_object (&f->ledger);
  again = mutual_ledger_open (f->path, &error);
  g_assert_null (again);
  g_assert_error (error, MUTUAL_ERROR, MUTUAL_ERROR_LEDGER);
  g_assert_nonnull (strstr (error->message, "damaged"));
}

static void
test_migration_takes_backup (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("mutual-test-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "ledger.db", NULL);
  g_autofree char *backups = g_build_filename (dir, "backups", NULL);
  g_autoptr(MutualLedger) old = NULL;
  g_autoptr(MutualLedger) current = NULL;
  g_autoptr(MutualRelationship) rel = mutual_relationship_new ();
  g_autoptr(MutualRelationship) found = NULL;
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  const char *name;
  GDir *listing;
  int n_backups = 0;

  old = open_old_ledger (path);
  g_clear_object (&old);

  current = mutual_ledger_open (path, &error);
  g_assert_no_error (error);
  found = mutual_ledger_find_relationship (current, "OLD FRIEND", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (found->name, ==, "Old friend");

  /* One backup, still at version 1, holding the relationship. */
  listing = g_dir_open (backups, 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (listing)))
    {
      g_autofree char *backup = g_build_filename (backups, name, NULL);

      n_backups++;
      g_assert_true (g_str_has_suffix (name, "-v1.db"));
      g_assert_cmpint (sqlite3_open_v2 (backup, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
      g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT (SELECT user_version FROM pragma_user_version),"
                                           " (SELECT name FROM relationship)", -1, &stmt, NULL), ==, SQLITE_OK);
      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
      g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 1);
      g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 1), ==, "Old friend");
      sqlite3_finalize (stmt);
      sqlite3_close (db);
    }
  g_dir_close (listing);
  g_assert_cmpint (n_backups, ==, 1);

  g_clear_object (&current);
  remove_tree (dir);
}

/* Version 3 holds an exchange's uuid unique through a named index; the
 * exchanges of a version 2 ledger come through with their ids, the id
 * stays unique and deleting a relationship still takes its exchanges. */
static void
test_migration_v2_to_v3 (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("mutual-test-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "ledger.db", NULL);
  g_autofree char *backups = g_build_filename (dir, "backups", NULL);
  g_autoptr(MutualLedger) old = NULL;
  g_autoptr(MutualLedger) current = NULL;
  g_autoptr(MutualExchange) found = NULL;
  g_autoptr(MutualExchange) twin = mutual_exchange_new ();
  const char *name;
  GDir *listing;
  int n_backups = 0;

  old = mutual_ledger_open_at_version (path, 2, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_exec (mutual_ledger_get_db (old),
                                 "INSERT INTO meta VALUES ('currency', 'EUR');"
                                 "INSERT INTO relationship (id, uuid, name, name_key, created)"
                                 " VALUES (7, '0b8d3f0e-4a6b-4c1e-9d2a-3f5e6a7b8c9d', 'Old friend', 'old friend', 0);"
                                 "INSERT INTO exchange (id, uuid, relationship, date, direction, kind, value, minutes, note)"
                                 " VALUES (41, '1b9e0c3d-5a7f-4e21-8c6b-9d0e1f2a3b4c', 7, 20240105, 0, 1, 4500, 90, 'First'),"
                                 " (42, '2c8f1d4e-6b80-4f32-9d7c-0e1f2a3b4c5d', 7, 20240210, 1, 0, 4500, NULL, NULL);",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  g_clear_object (&old);

  current = mutual_ledger_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (mutual_ledger_count_exchanges (current, 7), ==, 2);
  found = mutual_ledger_get_exchange_by_uuid (current, "1b9e0c3d-5a7f-4e21-8c6b-9d0e1f2a3b4c", &error);
  g_assert_no_error (error);
  g_assert_cmpint (found->id, ==, 41);
  g_assert_cmpint (found->relationship_id, ==, 7);
  g_assert_cmpint (found->date, ==, 20240105);
  g_assert_cmpint (found->value, ==, 4500);
  g_assert_cmpint (found->minutes, ==, 90);
  g_assert_cmpstr (found->note, ==, "First");

  twin->uuid = g_strdup ("2C8F1D4E-6B80-4F32-9D7C-0E1F2A3B4C5D");
  twin->relationship_id = 7;
  twin->date = 20240301;
  g_assert_false (mutual_ledger_add_exchange (current, twin, &error));
  g_assert_error (error, MUTUAL_ERROR, MUTUAL_ERROR_DATA);
  g_clear_error (&error);
  g_assert_cmpint (mutual_ledger_count_exchanges (current, 7), ==, 2);

  g_assert_true (mutual_ledger_delete_relationship (current, 7, &error));
  g_assert_no_error (error);
  g_assert_cmpint (mutual_ledger_count_exchanges (current, 0), ==, 0);

  listing = g_dir_open (backups, 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (listing)))
    {
      n_backups++;
      g_assert_true (g_str_has_suffix (name, "-v2.db"));
    }
  g_dir_close (listing);
  g_assert_cmpint (n_backups, ==, 1);

  g_clear_object (&current);
  remove_tree (dir);
}

/* Schema 4 adds the day totals: built from the exchanges a version 3
 * ledger holds, and kept by its triggers from then on. */
static void
test_migration_v3_to_v4 (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("mutual-test-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "ledger.db", NULL);
  g_autoptr(MutualLedger) old = NULL;
  g_autoptr(MutualLedger) current = NULL;
  g_autoptr(MutualExchange) more = mutual_exchange_new ();
  sqlite3 *db;

  old = mutual_ledger_open_at_version (path, 3, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_exec (mutual_ledger_get_db (old),
                                 "INSERT INTO meta VALUES ('currency', 'EUR');"
                                 "INSERT INTO relationship (id, uuid, name, name_key, created)"
                                 " VALUES (7, '0b8d3f0e-4a6b-4c1e-9d2a-3f5e6a7b8c9d', 'Old friend', 'old friend', 0);"
                                 "INSERT INTO exchange (id, uuid, relationship, date, direction, kind, value, minutes, note)"
                                 " VALUES (41, '1b9e0c3d-5a7f-4e21-8c6b-9d0e1f2a3b4c', 7, 20240105, 0, 1, 4500, 90, 'First'),"
                                 " (42, '2c8f1d4e-6b80-4f32-9d7c-0e1f2a3b4c5d', 7, 20240105, 0, 1, 500, NULL, NULL),"
                                 " (43, '3d9f2e5f-7c91-4043-8e8d-1f2a3b4c5d6e', 7, 20240210, 1, 0, 5000, NULL, NULL);",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  g_clear_object (&old);

  current = mutual_ledger_open (path, &error);
  g_assert_no_error (error);
  db = mutual_ledger_get_db (current);
  g_assert_cmpint (query_db_int (db, "PRAGMA user_version"), ==, MUTUAL_LEDGER_SCHEMA_VERSION);
  g_assert_cmpint (query_db_int (db, "SELECT value * 1000 + minutes FROM relationship_total WHERE relationship = 7"), ==, 10000 * 1000 + 90);
  g_assert_cmpint (query_db_int (db, "SELECT value * 1000 + minutes FROM ledger_total"), ==, 10000 * 1000 + 90);
  g_assert_cmpint (query_db_int (db, "SELECT count(*) FROM relationship_day"), ==, 2);
  g_assert_cmpint (query_db_int (db, "SELECT exchanges * 100000 + value FROM relationship_day"
                                     " WHERE date = 20240105"), ==, 2 * 100000 + 5000);
  g_assert_cmpint (query_db_int (db, "SELECT minutes FROM relationship_day WHERE date = 20240105"), ==, 90);
  g_assert_cmpint (query_db_int (db, "SELECT count(*) FROM sqlite_schema WHERE name = 'exchange_by_date'"), ==, 0);
  assert_day_totals_match (db);
  g_assert_cmpint (mutual_ledger_count_exchanges (current, 7), ==, 3);
  g_assert_cmpint (mutual_ledger_count_exchanges (current, 0), ==, 3);

  more->relationship_id = 7;
  more->date = 20240210;
  more->direction = MUTUAL_DIRECTION_RECEIVED;
  more->value = 250;
  g_assert_true (mutual_ledger_add_exchange (current, more, &error));
  g_assert_no_error (error);
  assert_day_totals_match (db);
  g_assert_cmpint (query_db_int (db, "SELECT value FROM ledger_day WHERE date = 20240210"), ==, 5250);

  g_clear_object (&current);
  remove_tree (dir);
}

/* Schema 6 adds identifiers: a version 5 ledger keeps its records, gains
 * the empty table, and the rules hold from then on. */
static void
test_migration_v5_to_v6 (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("mutual-test-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "ledger.db", NULL);
  g_autofree char *backups = g_build_filename (dir, "backups", NULL);
  g_autoptr(MutualLedger) old = NULL;
  g_autoptr(MutualLedger) current = NULL;
  g_autoptr(GPtrArray) list = NULL;
  sqlite3 *db;
  const char *name;
  GDir *listing;
  int n_backups = 0;

  old = mutual_ledger_open_at_version (path, 5, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_exec (mutual_ledger_get_db (old),
                                 "INSERT INTO meta VALUES ('currency', 'EUR');"
                                 "INSERT INTO relationship (id, uuid, name, name_key, created)"
                                 " VALUES (7, '0b8d3f0e-4a6b-4c1e-9d2a-3f5e6a7b8c9d', 'Old friend', 'old friend', 0);"
                                 "INSERT INTO exchange (id, uuid, relationship, date, direction, kind, value, minutes, note)"
                                 " VALUES (41, '1b9e0c3d-5a7f-4e21-8c6b-9d0e1f2a3b4c', 7, 20240105, 0, 1, 4500, 90, 'First');",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (query_db_int (mutual_ledger_get_db (old),
                                 "SELECT count(*) FROM sqlite_schema WHERE name = 'identifier'"), ==, 0);
  g_clear_object (&old);

  current = mutual_ledger_open (path, &error);
  g_assert_no_error (error);
  db = mutual_ledger_get_db (current);
  g_assert_cmpint (query_db_int (db, "PRAGMA user_version"), ==, MUTUAL_LEDGER_SCHEMA_VERSION);
  g_assert_cmpint (mutual_ledger_count_exchanges (current, 7), ==, 1);
  g_assert_cmpint (query_db_int (db, "SELECT value FROM relationship_total WHERE relationship = 7"), ==, 4500);
  list = mutual_ledger_list_identifiers (current, 7, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 0);
  g_assert_true (mutual_ledger_add_identifier (current, 7, MUTUAL_IDENTIFIER_EMAIL, "Old@Example.org", &error));
  g_assert_no_error (error);
  g_assert_cmpint (mutual_ledger_find_identifier (current, MUTUAL_IDENTIFIER_EMAIL, "old@example.org", &error), ==, 7);
  /* The bulk loader knows every index and trigger of its tables still. */
  g_assert_true (mutual_ledger_bulk_check_schema (current, &error));
  g_assert_no_error (error);

  listing = g_dir_open (backups, 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (listing)))
    {
      n_backups++;
      g_assert_true (g_str_has_suffix (name, "-v5.db"));
    }
  g_dir_close (listing);
  g_assert_cmpint (n_backups, ==, 1);

  g_clear_object (&current);
  remove_tree (dir);
}

/* Schema 7 finds an exchange by its uuid through exchange_key: a
 * version 6 ledger's exchanges get their keys, and from then on the
 * triggers keep them through every change, a repeated id refused. */
static void
test_migration_v6_to_v7 (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("mutual-test-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "ledger.db", NULL);
  g_autoptr(MutualLedger) old = NULL;
  g_autoptr(MutualLedger) current = NULL;
  g_autoptr(MutualExchange) found = NULL;
  g_autoptr(MutualExchange) twin = mutual_exchange_new ();
  g_autoptr(MutualExchange) renamed = NULL;
  sqlite3 *db;

  old = mutual_ledger_open_at_version (path, 6, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_exec (mutual_ledger_get_db (old),
                                 "INSERT INTO meta VALUES ('currency', 'EUR');"
                                 "INSERT INTO relationship (id, uuid, name, name_key, created)"
                                 " VALUES (7, '0b8d3f0e-4a6b-4c1e-9d2a-3f5e6a7b8c9d', 'Old friend', 'old friend', 0);"
                                 "INSERT INTO exchange (id, uuid, relationship, date, direction, kind, value, minutes, note)"
                                 " VALUES (41, 'f1b9e0c3-5a7f-4e21-8c6b-9d0e1f2a3b4c', 7, 20240105, 0, 1, 4500, 90, 'First'),"
                                 " (42, '2c8f1d4e-6b80-4f32-9d7c-0e1f2a3b4c5d', 7, 20240210, 1, 0, 4500, NULL, NULL),"
                                 " (43, '0d9f2e5f-7c91-4043-8e8d-1f2a3b4c5d6e', 7, 20240211, 1, 0, 100, NULL, NULL);",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  g_clear_object (&old);

  current = mutual_ledger_open (path, &error);
  g_assert_no_error (error);
  db = mutual_ledger_get_db (current);
  g_assert_cmpint (query_db_int (db, "PRAGMA user_version"), ==, MUTUAL_LEDGER_SCHEMA_VERSION);
  g_assert_cmpint (query_db_int (db, "SELECT count(*) FROM sqlite_schema WHERE name = 'exchange_by_uuid'"), ==, 0);
  g_assert_cmpint (query_db_int (db, "SELECT count(*) FROM exchange_key"), ==, 3);
  assert_exchange_keys_match (db);
  found = mutual_ledger_get_exchange_by_uuid (current, "F1B9E0C3-5A7F-4E21-8C6B-9D0E1F2A3B4C", &error);
  g_assert_no_error (error);
  g_assert_cmpint (found->id, ==, 41);
  g_assert_cmpstr (found->note, ==, "First");

  /* A repeated id is refused and changes nothing. */
  twin->uuid = g_strdup ("2C8F1D4E-6B80-4F32-9D7C-0E1F2A3B4C5D");
  twin->relationship_id = 7;
  twin->date = 20240301;
  g_assert_false (mutual_ledger_add_exchange (current, twin, &error));
  g_assert_error (error, MUTUAL_ERROR, MUTUAL_ERROR_DATA);
  g_clear_error (&error);
  g_assert_cmpint (mutual_ledger_count_exchanges (current, 7), ==, 3);

  /* Added, given another id, deleted: the keys follow. */
  g_clear_pointer (&twin->uuid, g_free);
  g_assert_true (mutual_ledger_add_exchange (current, twin, &error));
  g_assert_no_error (error);
  assert_exchange_keys_match (db);
  g_assert_true (mutual_ledger_exec (current, "UPDATE exchange SET uuid = 'aaaaaaaa-0000-4000-8000-000000000000'"
                                              " WHERE id = 42;", &error));
  g_assert_no_error (error);
  assert_exchange_keys_match (db);
  g_assert_null (mutual_ledger_get_exchange_by_uuid (current, "2c8f1d4e-6b80-4f32-9d7c-0e1f2a3b4c5d", NULL));
  renamed = mutual_ledger_get_exchange_by_uuid (current, "aaaaaaaa-0000-4000-8000-000000000000", &error);
  g_assert_no_error (error);
  g_assert_cmpint (renamed->id, ==, 42);
  g_assert_false (mutual_ledger_exec (current, "UPDATE exchange SET uuid = 'aaaaaaaa-0000-4000-8000-000000000000'"
                                               " WHERE id = 43;", &error));
  g_clear_error (&error);
  assert_exchange_keys_match (db);
  g_assert_true (mutual_ledger_delete_exchange (current, 41, &error));
  g_assert_no_error (error);
  assert_exchange_keys_match (db);
  g_assert_true (mutual_ledger_delete_relationship (current, 7, &error));
  g_assert_no_error (error);
  g_assert_cmpint (query_db_int (db, "SELECT count(*) FROM exchange_key"), ==, 0);
  g_assert_true (mutual_ledger_bulk_check_schema (current, &error));
  g_assert_no_error (error);

  g_clear_object (&current);
  remove_tree (dir);
}

static void
test_identifier_normalize (void)
{
  static const struct { MutualIdentifierType type; const char *in; const char *out; } good[] = {
    { MUTUAL_IDENTIFIER_EMAIL, "  Ada@Example.ORG ", "ada@example.org" },
    { MUTUAL_IDENTIFIER_EMAIL, "Ünal@Beispiel.de", "ünal@beispiel.de" },
    { MUTUAL_IDENTIFIER_IBAN, "de89 3704 0044 0532 0130 00", "DE89370400440532013000" },
    { MUTUAL_IDENTIFIER_IBAN, "GB82WEST12345698765432", "GB82WEST12345698765432" },
    /* Norway's are the shortest (15), Saint Lucia's the longest (32). */
    { MUTUAL_IDENTIFIER_IBAN, "NO93 8601 1117 947", "NO9386011117947" },
    { MUTUAL_IDENTIFIER_IBAN, "LC55 HEMM 0001 0001 0012 0012 0002 3015", "LC55HEMM000100010012001200023015" },
    { MUTUAL_IDENTIFIER_ALIAS, " ACME GMBH SAGT DANKE ", "ACME GMBH SAGT DANKE" },
    { MUTUAL_IDENTIFIER_NUMBER, "\tK-1001 ", "K-1001" },
  };
  static const struct { MutualIdentifierType type; const char *in; } bad[] = {
    { MUTUAL_IDENTIFIER_EMAIL, "" },
    { MUTUAL_IDENTIFIER_EMAIL, "   " },
    { MUTUAL_IDENTIFIER_EMAIL, "ada.example.org" },
    { MUTUAL_IDENTIFIER_EMAIL, "@example.org" },
    { MUTUAL_IDENTIFIER_EMAIL, "ada@" },
    { MUTUAL_IDENTIFIER_EMAIL, "ada@b@example.org" },
    { MUTUAL_IDENTIFIER_EMAIL, "ada lovelace@example.org" },
    { MUTUAL_IDENTIFIER_EMAIL, "ada\x01@example.org" },
    { MUTUAL_IDENTIFIER_IBAN, "DE88 3704 0044 0532 0130 00" },   /* check digits */
    { MUTUAL_IDENTIFIER_IBAN, "DE89 3704 0044 0532 0130 01" },   /* a digit mistyped */
    { MUTUAL_IDENTIFIER_IBAN, "DE89-3704-0044-0532-0130-00" },
    { MUTUAL_IDENTIFIER_IBAN, "8937040044053201300000" },
    { MUTUAL_IDENTIFIER_IBAN, "NO93 8601 1117 94" },             /* 14 */
    { MUTUAL_IDENTIFIER_IBAN, "DE89 3704 0044 0532 0130 0000 0000 0000 000" },  /* 35 */
    { MUTUAL_IDENTIFIER_IBAN, "DE89 3704 ÄÖ44 0532 0130 00" },
    { MUTUAL_IDENTIFIER_ALIAS, "" },
    { MUTUAL_IDENTIFIER_ALIAS, "two\nlines" },
    { MUTUAL_IDENTIFIER_NUMBER, "K\x7f" },
    { MUTUAL_IDENTIFIER_NUMBER, "\xff\xfe" },
  };
  g_autoptr(GString) long_alias = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *out = mutual_identifier_normalize (good[i].type, good[i].in, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (out, ==, good[i].out);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *out = mutual_identifier_normalize (bad[i].type, bad[i].in, &error);

      if (out != NULL)
        g_error ("“%s” was taken as “%s”", bad[i].in, out);
      g_assert_error (error, MUTUAL_ERROR, MUTUAL_ERROR_DATA);
      g_assert_null (strchr (error->message, '\n'));
    }

  for (int i = 0; i < 200; i++)
    g_string_append (long_alias, "é");
  {
    g_autofree char *out = mutual_identifier_normalize (MUTUAL_IDENTIFIER_ALIAS, long_alias->str, NULL);
    g_assert_nonnull (out);
  }
  g_string_append (long_alias, "é");
  {
    g_autoptr(GError) error = NULL;
    g_autofree char *out = mutual_identifier_normalize (MUTUAL_IDENTIFIER_ALIAS, long_alias->str, &error);
    g_assert_null (out);
    g_assert_error (error, MUTUAL_ERROR, MUTUAL_ERROR_DATA);
  }
}

static void
test_identifier_type_words (void)
{
  for (int i = 0; i < MUTUAL_N_IDENTIFIERS; i++)
    {
      MutualIdentifierType type = MUTUAL_N_IDENTIFIERS;

      g_assert_true (mutual_identifier_type_from_string (mutual_identifier_type_to_string (i), &type));
      g_assert_cmpint (type, ==, i);
      g_assert_nonnull (mutual_identifier_type_to_label (i));
    }
  g_assert_cmpstr (mutual_identifier_type_to_string (MUTUAL_IDENTIFIER_EMAIL), ==, "email");
  g_assert_cmpstr (mutual_identifier_type_to_string (MUTUAL_IDENTIFIER_NUMBER), ==, "number");
  {
    MutualIdentifierType type;

    g_assert_false (mutual_identifier_type_from_string ("EMAIL", &type));
    g_assert_false (mutual_identifier_type_from_string ("phone", &type));
    g_assert_false (mutual_identifier_type_from_string (NULL, &type));
  }
}

static void
test_identifier_add_list_remove (LedgerFixture *f,
                                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = NULL;
  gint64 id = fixture_add_relationship (f, "Acme GmbH");
  MutualIdentifier *identifier;

  g_assert_true (mutual_ledger_add_identifier (f->ledger, id, MUTUAL_IDENTIFIER_NUMBER, "K-1001", &error));
  g_assert_true (mutual_ledger_add_identifier (f->ledger, id, MUTUAL_IDENTIFIER_EMAIL, "Billing@Acme.example", &error));
  g_assert_true (mutual_ledger_add_identifier (f->ledger, id, MUTUAL_IDENTIFIER_IBAN, "de89 3704 0044 0532 0130 00", &error));
  g_assert_true (mutual_ledger_add_identifier (f->ledger, id, MUTUAL_IDENTIFIER_ALIAS, "ACME GMBH SAGT DANKE", &error));
  g_assert_true (mutual_ledger_add_identifier (f->ledger, id, MUTUAL_IDENTIFIER_EMAIL, "anna@acme.example", &error));
  g_assert_no_error (error);
  /* Already its own, in another spelling: nothing changes. */
  g_assert_true (mutual_ledger_add_identifier (f->ledger, id, MUTUAL_IDENTIFIER_EMAIL, " BILLING@acme.example", &error));
  g_assert_true (mutual_ledger_add_identifier (f->ledger, id, MUTUAL_IDENTIFIER_IBAN, "DE89370400440532013000", &error));
  g_assert_no_error (error);

  list = mutual_ledger_list_identifiers (f->ledger, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 5);
  identifier = g_ptr_array_index (list, 0);
  g_assert_cmpint (identifier->type, ==, MUTUAL_IDENTIFIER_EMAIL);
  g_assert_cmpstr (identifier->value, ==, "anna@acme.example");
  identifier = g_ptr_array_index (list, 1);
  g_assert_cmpstr (identifier->value, ==, "billing@acme.example");
  identifier = g_ptr_array_index (list, 2);
  g_assert_cmpint (identifier->type, ==, MUTUAL_IDENTIFIER_IBAN);
  g_assert_cmpstr (identifier->value, ==, "DE89370400440532013000");
  identifier = g_ptr_array_index (list, 3);
  g_assert_cmpint (identifier->type, ==, MUTUAL_IDENTIFIER_ALIAS);
  identifier = g_ptr_array_index (list, 4);
  g_assert_cmpint (identifier->type, ==, MUTUAL_IDENTIFIER_NUMBER);
  g_assert_cmpstr (identifier->value, ==, "K-1001");

  g_assert_cmpint (mutual_ledger_find_identifier (f->ledger, MUTUAL_IDENTIFIER_IBAN, "DE89 3704 0044 0532 0130 00", &error), ==, id);
  g_assert_cmpint (mutual_ledger_find_identifier (f->ledger, MUTUAL_IDENTIFIER_EMAIL, "ANNA@ACME.EXAMPLE", &error), ==, id);
  g_assert_cmpint (mutual_ledger_find_identifier (f->ledger, MUTUAL_IDENTIFIER_NUMBER, "K-1001", &error), ==, id);
  /* A number is not an e-mail address; an invalid value finds nothing. */
  g_assert_cmpint (mutual_ledger_find_identifier (f->ledger, MUTUAL_IDENTIFIER_EMAIL, "K-1001", &error), ==, 0);
  g_assert_cmpint (mutual_ledger_find_identifier (f->ledger, MUTUAL_IDENTIFIER_NUMBER, "k-1001", &error), ==, 0);
  g_assert_cmpint (mutual_ledger_find_identifier (f->ledger, MUTUAL_IDENTIFIER_IBAN, "DE00", &error), ==, 0);
  g_assert_no_error (error);

  g_assert_true (mutual_ledger_remove_identifier (f->ledger, id, MUTUAL_IDENTIFIER_EMAIL, "Anna@Acme.example", &error));
  g_assert_no_error (error);
  g_assert_false (mutual_ledger_remove_identifier (f->ledger, id, MUTUAL_IDENTIFIER_EMAIL, "anna@acme.example", &error));
  g_assert_error (error, MUTUAL_ERROR, MUTUAL_ERROR_DATA);
  g_assert_nonnull (strstr (error->message, "Acme GmbH"));
  g_clear_error (&error);
  g_assert_cmpint (mutual_ledger_find_identifier (f->ledger, MUTUAL_IDENTIFIER_EMAIL, "anna@acme.example", &error), ==, 0);

  g_clear_pointer (&list, g_ptr_array_unref);
  list = mutual_ledger_list_identifiers (f->ledger, id, &error);
  g_assert_cmpuint (list->len, ==, 4);
}

static void
test_identifier_unique_across_relationships (LedgerFixture *f,
                                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = NULL;
  gint64 acme = fixture_add_relationship (f, "Acme GmbH");
  gint64 other = fixture_add_relationship (f, "Other Ltd");

  g_assert_true (mutual_ledger_add_identifier (f->ledger, acme, MUTUAL_IDENTIFIER_EMAIL, "billing@acme.example", &error));
  g_assert_true (mutual_ledger_add_identifier (f->ledger, acme, MUTUAL_IDENTIFIER_IBAN, "GB82WEST12345698765432", &error));
  g_assert_no_error (error);

  g_assert_false (mutual_ledger_add_identifier (f->ledger, other, MUTUAL_IDENTIFIER_EMAIL, "Billing@ACME.example", &error));
  g_assert_error (error, MUTUAL_ERROR, MUTUAL_ERROR_DATA);
  g_assert_nonnull (strstr (error->message, "Acme GmbH"));
  g_assert_nonnull (strstr (error->message, "billing@acme.example"));
  g_clear_error (&error);
  g_assert_false (mutual_ledger_add_identifier (f->ledger, other, MUTUAL_IDENTIFIER_IBAN, "gb82 west 1234 5698 7654 32", &error));
  g_assert_error (error, MUTUAL_ERROR, MUTUAL_ERROR_DATA);
  g_clear_error (&error);
  /* Not its own: removing it from the other is refused, it stays. */
  g_assert_false (mutual_ledger_remove_identifier (f->ledger, other, MUTUAL_IDENTIFIER_EMAIL, "billing@acme.example", &error));
  g_assert_error (error, MUTUAL_ERROR, MUTUAL_ERROR_DATA);
  g_clear_error (&error);
  g_assert_cmpint (mutual_ledger_find_identifier (f->ledger, MUTUAL_IDENTIFIER_EMAIL, "billing@acme.example", &error), ==, acme);

  /* The same text as another type is another identifier. */
  g_assert_true (mutual_ledger_add_identifier (f->ledger, other, MUTUAL_IDENTIFIER_ALIAS, "billing@acme.example", &error));
  g_assert_no_error (error);

  list = mutual_ledger_list_identifiers (f->ledger, other, &error);
  g_assert_cmpuint (list->len, ==, 1);

  /* A relationship that is not there gets nothing. */
  g_assert_false (mutual_ledger_add_identifier (f->ledger, other + 100, MUTUAL_IDENTIFIER_NUMBER, "7", &error));
  g_assert_error (error, MUTUAL_ERROR, MUTUAL_ERROR_DATA);
  g_clear_error (&error);
  g_assert_cmpint (query_db_int (mutual_ledger_get_db (f->ledger), "SELECT count(*) FROM identifier"), ==, 3);
}

static void
test_identifier_alias_ignores_case (LedgerFixture *f,
                                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = NULL;
  gint64 acme = fixture_add_relationship (f, "Acme GmbH");
  gint64 other = fixture_add_relationship (f, "Other Ltd");

  g_assert_true (mutual_ledger_add_identifier (f->ledger, acme, MUTUAL_IDENTIFIER_ALIAS, "ACME GMBH SAGT DANKE", &error));
  g_assert_true (mutual_ledger_add_identifier (f->ledger, acme, MUTUAL_IDENTIFIER_ALIAS, "Straße Ölwerk", &error));
  g_assert_no_error (error);
  g_assert_cmpint (mutual_ledger_find_identifier (f->ledger, MUTUAL_IDENTIFIER_ALIAS, "acme gmbh sagt danke", &error), ==, acme);
  g_assert_cmpint (mutual_ledger_find_identifier (f->ledger, MUTUAL_IDENTIFIER_ALIAS, " STRASSE ÖLWERK", &error), ==, acme);
  g_assert_no_error (error);

  /* Its own in another case: kept as first written. */
  g_assert_true (mutual_ledger_add_identifier (f->ledger, acme, MUTUAL_IDENTIFIER_ALIAS, "Acme GmbH sagt danke", &error));
  list = mutual_ledger_list_identifiers (f->ledger, acme, &error);
  g_assert_cmpuint (list->len, ==, 2);
  g_assert_cmpstr (((MutualIdentifier *) g_ptr_array_index (list, 0))->value, ==, "ACME GMBH SAGT DANKE");

  g_assert_false (mutual_ledger_add_identifier (f->ledger, other, MUTUAL_IDENTIFIER_ALIAS, "Acme Gmbh Sagt Danke", &error));
  g_assert_error (error, MUTUAL_ERROR, MUTUAL_ERROR_DATA);
  g_clear_error (&error);

  g_assert_true (mutual_ledger_remove_identifier (f->ledger, acme, MUTUAL_IDENTIFIER_ALIAS, "acme gmbh sagt DANKE", &error));
  g_assert_no_error (error);
  g_assert_cmpint (mutual_ledger_find_identifier (f->ledger, MUTUAL_IDENTIFIER_ALIAS, "ACME GMBH SAGT DANKE", &error), ==, 0);
}

/* Importers match an alias before a name: a name and another
 * relationship's alias may never be the same text, whichever comes
 * second, whatever adds it. */
static void
test_identifier_alias_never_another_name (LedgerFixture *f,
                                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MutualRelationship) renamed = NULL;
  g_autoptr(MutualRelationship) added = mutual_relationship_new ();
  g_autoptr(MutualRelationship) kept = NULL;
  gint64 acme = fixture_add_relationship (f, "Acme GmbH");
  gint64 bank = fixture_add_relationship (f, "Bank Transfer Partners");
  gint64 changes;

  /* An alias that another relationship is named, in any case. */
  g_assert_false (mutual_ledger_add_identifier (f->ledger, bank, MUTUAL_IDENTIFIER_ALIAS, "ACME gmbh", &error));
  g_assert_error (error, MUTUAL_ERROR, MUTUAL_ERROR_DATA);
  g_assert_nonnull (strstr (error->message, "Acme GmbH"));
  g_clear_error (&error);
  /* Its own name as its alias is harmless. */
  g_assert_true (mutual_ledger_add_identifier (f->ledger, acme, MUTUAL_IDENTIFIER_ALIAS, "ACME GMBH", &error));
  g_assert_no_error (error);

  g_assert_true (mutual_ledger_add_identifier (f->ledger, bank, MUTUAL_IDENTIFIER_ALIAS, "ACME SAGT DANKE", &error));
  g_assert_no_error (error);
  changes = mutual_ledger_get_change_count (f->ledger);

  /* A rename to another relationship's alias. */
  renamed = mutual_ledger_get_relationship (f->ledger, acme, &error);
  g_free (renamed->name);
  renamed->name = g_strdup ("Acme sagt danke");
  g_assert_false (mutual_ledger_update_relationship (f->ledger, renamed, &error));
  g_assert_error (error, MUTUAL_ERROR, MUTUAL_ERROR_DATA);
  g_assert_nonnull (strstr (error->message, "Bank Transfer Partners"));
  g_clear_error (&error);

  /* A new relationship with that name. */
  added->name = g_strdup ("  acme SAGT danke ");
  g_assert_false (mutual_ledger_add_relationship (f->ledger, added, &error));
  g_assert_error (error, MUTUAL_ERROR, MUTUAL_ERROR_DATA);
  g_clear_error (&error);
  g_assert_cmpint (mutual_ledger_get_change_count (f->ledger), ==, changes);
  g_assert_cmpint (mutual_ledger_count_relationships (f->ledger), ==, 2);

  /* The alias's own relationship may take it as its name. */
  kept = mutual_ledger_get_relationship (f->ledger, bank, &error);
  g_free (kept->name);
  kept->name = g_strdup ("Acme Sagt Danke");
  g_assert_true (mutual_ledger_update_relationship (f->ledger, kept, &error));
  g_assert_no_error (error);
}

/* A ledger made before the check may hold a name that is another
 * relationship's alias: the rest of that relationship can still be
 * edited. */
static void
test_identifier_alias_old_pair_editable (LedgerFixture *f,
                                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MutualRelationship) rel = NULL;
  gint64 acme = fixture_add_relationship (f, "Acme GmbH");
  gint64 bank = fixture_add_relationship (f, "Bank Transfer Partners");
  sqlite3 *db = mutual_ledger_get_db (f->ledger);
  g_autofree char *sql = g_strdup_printf ("INSERT INTO identifier (relationship, type, value, value_key)"
                                          " VALUES (%" G_GINT64_FORMAT ", %d, 'ACME GMBH', 'acme gmbh')",
                                          bank, MUTUAL_IDENTIFIER_ALIAS);

  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  rel = mutual_ledger_get_relationship (f->ledger, acme, &error);
  g_free (rel->notes);
  rel->notes = g_strdup ("Still editable.");
  g_assert_true (mutual_ledger_update_relationship (f->ledger, rel, &error));
  g_assert_no_error (error);

  /* The alias's holder: its dialog saves all its identifiers again, one
   * of them new; deleting it and undoing that puts the alias back. */
  {
    g_autoptr(GPtrArray) identifiers = mutual_ledger_list_identifiers (f->ledger, bank, &error);
    g_autoptr(MutualRelationship) held = mutual_ledger_get_relationship (f->ledger, bank, &error);

    g_ptr_array_add (identifiers, mutual_identifier_new (MUTUAL_IDENTIFIER_EMAIL, "bank@example.org"));
    g_assert_true (mutual_ledger_set_identifiers (f->ledger, bank, identifiers, &error));
    g_assert_no_error (error);
    g_assert_true (mutual_ledger_delete_relationship (f->ledger, bank, &error));
    g_assert_true (mutual_ledger_restore_relationship (f->ledger, held, NULL, identifiers, &error));
    g_assert_no_error (error);
    g_assert_cmpint (mutual_ledger_find_identifier (f->ledger, MUTUAL_IDENTIFIER_ALIAS, "acme gmbh", &error),
                     ==, bank);
  }
  /* A new alias that is a name is still refused there. */
  {
    g_autoptr(GPtrArray) identifiers = mutual_ledger_list_identifiers (f->ledger, bank, &error);

    g_ptr_array_add (identifiers, mutual_identifier_new (MUTUAL_IDENTIFIER_ALIAS, "Bank Transfer Partners"));
    g_assert_true (mutual_ledger_set_identifiers (f->ledger, bank, identifiers, &error));
    g_ptr_array_add (identifiers, mutual_identifier_new (MUTUAL_IDENTIFIER_ALIAS, "acme GMBH"));
    g_assert_true (mutual_ledger_set_identifiers (f->ledger, bank, identifiers, &error));
    g_assert_no_error (error);
  }
  {
    g_autoptr(GPtrArray) identifiers = mutual_ledger_list_identifiers (f->ledger, acme, &error);

    g_ptr_array_add (identifiers, mutual_identifier_new (MUTUAL_IDENTIFIER_ALIAS, "Bank Transfer Partners"));
    g_assert_false (mutual_ledger_set_identifiers (f->ledger, acme, identifiers, &error));
    g_assert_error (error, MUTUAL_ERROR, MUTUAL_ERROR_DATA);
  }
}

static void
test_identifier_refusals_change_nothing (LedgerFixture *f,
                                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) wanted = g_ptr_array_new_with_free_func ((GDestroyNotify) mutual_identifier_free);
  g_autoptr(GPtrArray) list = NULL;
  gint64 id = fixture_add_relationship (f, "Acme GmbH");
  gint64 other = fixture_add_relationship (f, "Other Ltd");

  g_assert_false (mutual_ledger_add_identifier (f->ledger, id, MUTUAL_IDENTIFIER_IBAN, "DE88 3704 0044 0532 0130 00", &error));
  g_assert_error (error, MUTUAL_ERROR, MUTUAL_ERROR_DATA);
  g_assert_nonnull (strstr (error->message, "DE88 3704 0044 0532 0130 00"));
  g_clear_error (&error);
  g_assert_false (mutual_ledger_add_identifier (f->ledger, id, MUTUAL_IDENTIFIER_EMAIL, "no-at-sign", &error));
  g_assert_error (error, MUTUAL_ERROR, MUTUAL_ERROR_DATA);
  g_clear_error (&error);

  /* Setting them all is all or nothing. */
  g_assert_true (mutual_ledger_add_identifier (f->ledger, other, MUTUAL_IDENTIFIER_NUMBER, "K-2", &error));
  g_assert_true (mutual_ledger_add_identifier (f->ledger, id, MUTUAL_IDENTIFIER_NUMBER, "K-1", &error));
  g_ptr_array_add (wanted, mutual_identifier_new (MUTUAL_IDENTIFIER_EMAIL, "a@acme.example"));
  g_ptr_array_add (wanted, mutual_identifier_new (MUTUAL_IDENTIFIER_NUMBER, "K-2"));
  g_assert_false (mutual_ledger_set_identifiers (f->ledger, id, wanted, &error));
  g_assert_error (error, MUTUAL_ERROR, MUTUAL_ERROR_DATA);
  g_clear_error (&error);
  list = mutual_ledger_list_identifiers (f->ledger, id, &error);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpstr (((MutualIdentifier *) g_ptr_array_index (list, 0))->value, ==, "K-1");

  g_ptr_array_remove_index (wanted, 1);
  g_assert_true (mutual_ledger_set_identifiers (f->ledger, id, wanted, &error));
  g_assert_no_error (error);
  g_clear_pointer (&list, g_ptr_array_unref);
  list = mutual_ledger_list_identifiers (f->ledger, id, &error);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpstr (((MutualIdentifier *) g_ptr_array_index (list, 0))->value, ==, "a@acme.example");
}

static void
test_identifier_delete_cascades (LedgerFixture *f,
                                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 id = fixture_add_relationship (f, "Gone");
  gint64 kept = fixture_add_relationship (f, "Kept");

  g_assert_true (mutual_ledger_add_identifier (f->ledger, id, MUTUAL_IDENTIFIER_EMAIL, "gone@example.org", &error));
  g_assert_true (mutual_ledger_add_identifier (f->ledger, kept, MUTUAL_IDENTIFIER_EMAIL, "kept@example.org", &error));
  g_assert_true (mutual_ledger_delete_relationship (f->ledger, id, &error));
  g_assert_no_error (error);
  g_assert_cmpint (query_db_int (mutual_ledger_get_db (f->ledger), "SELECT count(*) FROM identifier"), ==, 1);
  g_assert_cmpint (mutual_ledger_find_identifier (f->ledger, MUTUAL_IDENTIFIER_EMAIL, "gone@example.org", &error), ==, 0);
  /* Free again: another relationship may take it. */
  g_assert_true (mutual_ledger_add_identifier (f->ledger, kept, MUTUAL_IDENTIFIER_EMAIL, "gone@example.org", &error));
  g_assert_no_error (error);
}

/* Every change to an exchange, and a relationship's deletion, keeps
 * the day totals equal to the exchanges' own sums; an emptied day
 * leaves no row behind. */
static void
test_day_totals_follow_changes (LedgerFixture *f,
                                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MutualExchange) exchange = NULL;
  sqlite3 *db = mutual_ledger_get_db (f->ledger);
  gint64 acme = fixture_add_relationship (f, "Acme");
  gint64 bolt = fixture_add_relationship (f, "Bolt");
  gint64 first, second, third;

  first = fixture_log (f, acme, 20250301, MUTUAL_DIRECTION_GIVEN, MUTUAL_KIND_WORK, 100000);
  second = fixture_log (f, acme, 20250301, MUTUAL_DIRECTION_GIVEN, MUTUAL_KIND_WORK, 2500);
  third = fixture_log (f, bolt, 20250301, MUTUAL_DIRECTION_RECEIVED, MUTUAL_KIND_PAYMENT, 7000);
  fixture_log (f, bolt, 20250302, MUTUAL_DIRECTION_RECEIVED, MUTUAL_KIND_REFERRAL, 0);
  assert_day_totals_match (db);
  g_assert_cmpint (query_db_int (db, "SELECT count(*) FROM relationship_day"), ==, 3);
  g_assert_cmpint (query_db_int (db, "SELECT count(*) FROM ledger_day"), ==, 3);

  /* Every column the totals depend on, one change. */
  exchange = mutual_ledger_get_exchange (f->ledger, first, &error);
  g_assert_no_error (error);
  exchange->minutes = 45;
  exchange->value = 90000;
  g_assert_true (mutual_ledger_update_exchange (f->ledger, exchange, &error));
  g_assert_no_error (error);
  assert_day_totals_match (db);
  exchange->date = 20250415;
  exchange->kind = MUTUAL_KIND_ADVICE;
  exchange->direction = MUTUAL_DIRECTION_RECEIVED;
  exchange->relationship_id = bolt;
  g_assert_true (mutual_ledger_update_exchange (f->ledger, exchange, &error));
  g_assert_no_error (error);
  assert_day_totals_match (db);
  g_assert_cmpint (query_db_int (db, "SELECT sum (exchanges) FROM relationship_day"
                                     " WHERE relationship = (SELECT id FROM relationship WHERE name = 'Acme')"),
                   ==, 1);

  g_assert_true (mutual_ledger_delete_exchange (f->ledger, second, &error));
  g_assert_no_error (error);
  assert_day_totals_match (db);
  g_assert_cmpint (query_db_int (db, "SELECT count(*) FROM relationship_day"
                                     " WHERE relationship = (SELECT id FROM relationship WHERE name = 'Acme')"),
                   ==, 0);

  g_assert_true (mutual_ledger_delete_exchange (f->ledger, third, &error));
  g_assert_no_error (error);
  g_assert_true (mutual_ledger_delete_relationship (f->ledger, bolt, &error));
  g_assert_no_error (error);
  assert_day_totals_match (db);
  g_assert_cmpint (query_db_int (db, "SELECT count(*) FROM relationship_day"), ==, 0);
  g_assert_cmpint (query_db_int (db, "SELECT count(*) FROM ledger_day"), ==, 0);
  g_assert_cmpint (mutual_ledger_count_exchanges (f->ledger, 0), ==, 0);
}

/* A day whose total no longer fits in 64 bits is refused at the change
 * that would make it, in one sentence, and the ledger keeps the rest. */
static void
test_day_total_overflow_refused (LedgerFixture *f,
                                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MutualExchange) last = mutual_exchange_new ();
  gint64 acme = fixture_add_relationship (f, "Acme");
  gint64 fits = G_MAXINT64 / MUTUAL_VALUE_MAX;

  g_assert_true (mutual_ledger_begin (f->ledger, &error));
  for (gint64 i = 0; i < fits; i++)
    fixture_log (f, acme, 20250301, MUTUAL_DIRECTION_GIVEN, MUTUAL_KIND_WORK, MUTUAL_VALUE_MAX);
  g_assert_true (mutual_ledger_commit (f->ledger, &error));

  last->relationship_id = acme;
  last->date = 20250301;
  last->value = MUTUAL_VALUE_MAX;
  g_assert_false (mutual_ledger_add_exchange (f->ledger, last, &error));
  g_assert_error (error, MUTUAL_ERROR, MUTUAL_ERROR_DATA);
  g_assert_cmpstr (error->message, ==, "The totals are larger than Mutual can add up.");
  g_assert_cmpint (mutual_ledger_count_exchanges (f->ledger, acme), ==, fits);
  assert_day_totals_match (mutual_ledger_get_db (f->ledger));
}

static void
test_name_unique_ignoring_case (LedgerFixture *f,
                                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MutualRelationship) rel = mutual_relationship_new ();

  fixture_add_relationship (f, "Acme GmbH");
  rel->name = g_strdup ("ACME gmbh");
  g_assert_false (mutual_ledger_add_relationship (f->ledger, rel, &error));
  g_assert_error (error, MUTUAL_ERROR, MUTUAL_ERROR_DATA);
  g_assert_cmpint (mutual_ledger_count_relationships (f->ledger), ==, 1);
}

static void
test_name_length (LedgerFixture *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MutualRelationship) rel = mutual_relationship_new ();
  GString *name = g_string_new (NULL);

  /* 200 characters of two bytes each pass; 201 do not. */
  for (int i = 0; i < 200; i++)
    g_string_append (name, "é");
  fixture_add_relationship (f, name->str);
  g_string_append (name, "é");
  rel->name = g_string_free (name, FALSE);
  g_assert_false (mutual_ledger_add_relationship (f->ledger, rel, &error));
  g_assert_error (error, MUTUAL_ERROR, MUTUAL_ERROR_DATA);
  g_clear_error (&error);

  g_free (rel->name);
  rel->name = g_strdup ("   ");
  g_assert_false (mutual_ledger_add_relationship (f->ledger, rel, &error));
  g_assert_error (error, MUTUAL_ERROR, MUTUAL_ERROR_DATA);
  g_assert_cmpint (mutual_ledger_count_relationships (f->ledger), ==, 1);
}

static void
test_find_by_name_or_uuid (LedgerFixture *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MutualRelationship) by_name = NULL;
  g_autoptr(MutualRelationship) by_uuid = NULL;
  g_autoptr(MutualRelationship) upper = NULL;
  g_autofree char *uuid_upper = NULL;

  fixture_add_relationship (f, "Ünal Çelik");
  by_name = mutual_ledger_find_relationship (f->ledger, "ünal çelik", &error);
  g_assert_no_error (error);
  by_uuid = mutual_ledger_find_relationship (f->ledger, by_name->uuid, &error);
  g_assert_no_error (error);
  g_assert_cmpint (by_uuid->id, ==, by_name->id);
  uuid_upper = g_ascii_strup (by_name->uuid, -1);
  upper = mutual_ledger_find_relationship (f->ledger, uuid_upper, &error);
  g_assert_no_error (error);
  g_assert_cmpint (upper->id, ==, by_name->id);

  g_assert_null (mutual_ledger_find_relationship (f->ledger, "Ünal", &error));
  g_assert_error (error, MUTUAL_ERROR, MUTUAL_ERROR_DATA);
}

static void
test_exchange_rules (LedgerFixture *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MutualExchange) exchange = mutual_exchange_new ();
  gint64 id = fixture_add_relationship (f, "Rules");

  exchange->relationship_id = id;
  exchange->date = 20250101;
  exchange->value = MUTUAL_VALUE_MAX + 1;
  g_assert_false (mutual_ledger_add_exchange (f->ledger, exchange, &error));
  g_assert_error (error, MUTUAL_ERROR, MUTUAL_ERROR_DATA);
  g_clear_error (&error);

  exchange->value = 1;
  exchange->date = 18991231;
  g_assert_false (mutual_ledger_add_exchange (f->ledger, exchange, &error));
  g_assert_error (error, MUTUAL_ERROR, MUTUAL_ERROR_DATA);
  g_clear_error (&error);

  exchange->date = 20250101;
  exchange->relationship_id = id + 100;
  g_assert_false (mutual_ledger_add_exchange (f->ledger, exchange, &error));
  g_assert_error (error, MUTUAL_ERROR, MUTUAL_ERROR_DATA);
  g_clear_error (&error);

  exchange->relationship_id = id;
  exchange->value = MUTUAL_VALUE_MAX;
  g_assert_true (mutual_ledger_add_exchange (f->ledger, exchange, &error));
  g_assert_no_error (error);
  g_assert_cmpint (mutual_ledger_count_exchanges (f->ledger, id), ==, 1);
}

static void
test_rollback_keeps_nothing (LedgerFixture *f,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 id;

  g_assert_true (mutual_ledger_begin (f->ledger, &error));
  id = fixture_add_relationship (f, "Temporary");
  fixture_log (f, id, 20250101, MUTUAL_DIRECTION_GIVEN, MUTUAL_KIND_WORK, 5);
  mutual_ledger_rollback (f->ledger);

  g_assert_cmpint (mutual_ledger_count_relationships (f->ledger), ==, 0);
  g_assert_cmpint (mutual_ledger_count_exchanges (f->ledger, 0), ==, 0);
}

static void
test_delete_cascades (LedgerFixture *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 id = fixture_add_relationship (f, "Gone");

  fixture_log (f, id, 20250101, MUTUAL_DIRECTION_GIVEN, MUTUAL_KIND_WORK, 5);
  g_assert_true (mutual_ledger_delete_relationship (f->ledger, id, &error));
  g_assert_cmpint (mutual_ledger_count_exchanges (f->ledger, 0), ==, 0);
}

static void
test_currency_rules (LedgerFixture *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 id;

  g_assert_false (mutual_ledger_set_currency (f->ledger, "XYZ", &error));
  g_assert_error (error, MUTUAL_ERROR, MUTUAL_ERROR_DATA);
  g_clear_error (&error);

  g_assert_true (mutual_ledger_set_currency (f->ledger, "JPY", &error));
  g_assert_no_error (error);
  g_assert_cmpint (mutual_ledger_get_digits (f->ledger), ==, 0);

  id = fixture_add_relationship (f, "Tokyo");
  fixture_log (f, id, 20250101, MUTUAL_DIRECTION_GIVEN, MUTUAL_KIND_WORK, 5);
  g_assert_false (mutual_ledger_set_currency (f->ledger, "EUR", &error));
  g_assert_error (error, MUTUAL_ERROR, MUTUAL_ERROR_DATA);
  g_clear_object (&f->ledger);

  f->ledger = mutual_ledger_open (f->path, &error);
  g_assert_cmpstr (mutual_ledger_get_currency (f->ledger), ==, "JPY");
}

/* Undo puts a deleted exchange back with its id and uuid: refused when
 * either was taken meanwhile, and the sentence says which. */
static void
test_restore_exchange_taken (LedgerFixture *f,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MutualExchange) e = mutual_exchange_new ();
  g_autoptr(MutualExchange) twin = mutual_exchange_new ();
  g_autofree char *taken_row = NULL;
  gint64 rel = fixture_add_relationship (f, "Acme GmbH");

  e->relationship_id = rel;
  e->date = 20250101;
  e->value = 100;
  g_assert_true (mutual_ledger_add_exchange (f->ledger, e, &error));
  g_assert_no_error (error);
  g_assert_true (mutual_ledger_delete_exchange (f->ledger, e->id, &error));
  g_assert_no_error (error);

  /* Its row id, taken by another exchange (another program's, say). */
  taken_row = g_strdup_printf ("INSERT INTO exchange (id, uuid, relationship, date, direction, kind, value)"
                               " VALUES (%" G_GINT64_FORMAT ", 'aaaaaaaa-0000-4000-8000-000000000000',"
                               " %" G_GINT64_FORMAT ", 20250102, 0, 0, 5);", e->id, rel);
  g_assert_true (mutual_ledger_exec (f->ledger, taken_row, &error));
  g_assert_no_error (error);
  g_assert_false (mutual_ledger_restore_exchange (f->ledger, e, &error));
  g_assert_nonnull (error);
  g_assert_null (strstr (error->message, "already exists"));
  g_clear_error (&error);

  /* Its uuid, taken by a new exchange (under another row id). */
  g_assert_true (mutual_ledger_exec (f->ledger, "DELETE FROM exchange;", &error));
  twin->uuid = g_strdup (e->uuid);
  twin->relationship_id = rel;
  twin->date = 20250103;
  twin->id = e->id + 100;
  g_assert_true (mutual_ledger_restore_exchange (f->ledger, twin, &error));
  g_assert_no_error (error);
  g_assert_false (mutual_ledger_restore_exchange (f->ledger, e, &error));
  g_assert_error (error, MUTUAL_ERROR, MUTUAL_ERROR_DATA);
  g_assert_nonnull (strstr (error->message, "already exists"));
  assert_day_totals_match (mutual_ledger_get_db (f->ledger));
}

static void
test_list_exchanges_pages (LedgerFixture *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) first = NULL;
  g_autoptr(GPtrArray) second = NULL;
  g_autoptr(GPtrArray) by_value = NULL;
  gint64 id = fixture_add_relationship (f, "Pages");

  for (int i = 0; i < 25; i++)
    fixture_log (f, id, 20250101 + (i % 28), MUTUAL_DIRECTION_GIVEN, MUTUAL_KIND_WORK, 100 - i);

  first = mutual_ledger_list_exchanges (f->ledger, id, MUTUAL_EXCHANGE_SORT_DATE, FALSE, 0, 10, &error);
  second = mutual_ledger_list_exchanges (f->ledger, id, MUTUAL_EXCHANGE_SORT_DATE, FALSE, 20, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (first->len, ==, 10);
  g_assert_cmpuint (second->len, ==, 5);
  g_assert_cmpuint (((MutualExchange *) first->pdata[0])->date, ==, 20250101);

  by_value = mutual_ledger_list_exchanges (f->ledger, id, MUTUAL_EXCHANGE_SORT_VALUE, TRUE, 0, 3, &error);
  g_assert_cmpint (((MutualExchange *) by_value->pdata[0])->value, ==, 100);
  g_assert_cmpint (((MutualExchange *) by_value->pdata[2])->value, ==, 98);
}

static void
log_note (LedgerFixture   *f,
          gint64           relationship_id,
          MutualDate       date,
          MutualDirection  direction,
          MutualKind       kind,
          const char      *note)
{
  g_autoptr(MutualExchange) exchange = mutual_exchange_new ();
  g_autoptr(GError) error = NULL;

  exchange->relationship_id = relationship_id;
  exchange->date = date;
  exchange->direction = direction;
  exchange->kind = kind;
  exchange->value = 100;
  exchange->note = g_strdup (note);
  g_assert_true (mutual_ledger_add_exchange (f->ledger, exchange, &error));
  g_assert_no_error (error);
}

/* The exchange list's search and filters narrow in the ledger, each on
 * its own and together, and the note search ignores case beyond ASCII. */
static void
test_list_exchanges_filtered (LedgerFixture *f,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  MutualExchangeFilter filter = MUTUAL_EXCHANGE_FILTER_INIT;
  gint64 id = fixture_add_relationship (f, "Filtered");
  gint64 other = fixture_add_relationship (f, "Other");
  struct { MutualExchangeFilter filter; const char *first; gint64 count; } cases[] = {
    { { 0, 0, -1, -1, "müller" }, "Call with MÜLLER", 2 },
    { { 0, 0, -1, -1, "MÜLLER" }, "Call with MÜLLER", 2 },
    { { 0, 0, MUTUAL_DIRECTION_RECEIVED, -1, NULL }, "Invoice paid", 1 },
    { { 0, 0, -1, MUTUAL_KIND_ADVICE, NULL }, "Advice for Müller", 1 },
    { { 20250201, 20250228, -1, -1, NULL }, "Advice for Müller", 1 },
    { { 20250115, 0, MUTUAL_DIRECTION_GIVEN, -1, "m" }, "Advice for Müller", 1 },
    { { 0, 0, -1, -1, "nowhere" }, NULL, 0 },
  };

  log_note (f, id, 20250110, MUTUAL_DIRECTION_GIVEN, MUTUAL_KIND_WORK, "Call with MÜLLER");
  log_note (f, id, 20250210, MUTUAL_DIRECTION_GIVEN, MUTUAL_KIND_ADVICE, "Advice for Müller");
  log_note (f, id, 20250310, MUTUAL_DIRECTION_RECEIVED, MUTUAL_KIND_PAYMENT, "Invoice paid");
  log_note (f, id, 20250410, MUTUAL_DIRECTION_GIVEN, MUTUAL_KIND_WORK, NULL);
  log_note (f, other, 20250110, MUTUAL_DIRECTION_GIVEN, MUTUAL_KIND_WORK, "Müller elsewhere");

  g_assert_false (mutual_exchange_filter_is_set (&filter));
  g_assert_cmpint (mutual_ledger_count_exchanges_filtered (f->ledger, id, &filter, &error), ==, 4);

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GPtrArray) list = NULL;

      g_assert_true (mutual_exchange_filter_is_set (&cases[i].filter));
      list = mutual_ledger_list_exchanges_filtered (f->ledger, id, &cases[i].filter,
                                                    MUTUAL_EXCHANGE_SORT_DATE, FALSE, 0, 50, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (list->len, ==, cases[i].count);
      g_assert_cmpint (mutual_ledger_count_exchanges_filtered (f->ledger, id, &cases[i].filter, &error),
                       ==, cases[i].count);
      if (cases[i].first)
        g_assert_cmpstr (((MutualExchange *) list->pdata[0])->note, ==, cases[i].first);
    }

  /* Sorted and paged like the whole list. */
  filter.direction = MUTUAL_DIRECTION_GIVEN;
  {
    g_autoptr(GPtrArray) page = mutual_ledger_list_exchanges_filtered (f->ledger, id, &filter,
                                                                       MUTUAL_EXCHANGE_SORT_DATE, TRUE,
                                                                       1, 1, &error);
    g_assert_cmpuint (page->len, ==, 1);
    g_assert_cmpstr (((MutualExchange *) page->pdata[0])->note, ==, "Advice for Müller");
  }
}

static void
test_poll_sees_other_connection (LedgerFixture *f,
                                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MutualLedger) other = mutual_ledger_open (f->path, &error);
  g_autoptr(MutualRelationship) rel = mutual_relationship_new ();
  int changed = 0;

  g_assert_no_error (error);
  g_signal_connect_swapped (f->ledger, "changed", G_CALLBACK (g_atomic_int_inc), &changed);
  g_assert_false (mutual_ledger_poll (f->ledger));

  rel->name = g_strdup ("From elsewhere");
  g_assert_true (mutual_ledger_add_relationship (other, rel, &error));
  g_assert_true (mutual_ledger_poll (f->ledger));
  g_assert_cmpint (changed, ==, 1);
  g_assert_false (mutual_ledger_poll (f->ledger));

  /* Its own writes announce themselves at once. */
  fixture_add_relationship (f, "From here");
  g_assert_cmpint (changed, ==, 2);
}

/* A second connection in the same process (the window assesses in a
 * thread) must not read the file behind SQLite's back: closing that
 * descriptor would drop the first connection's lock, and another
 * process closing the ledger would then delete the WAL from under it. */
static const char *test_binary;

static void
test_second_connection_keeps_lock (LedgerFixture *f,
                                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MutualLedger) second = NULL;
  g_autofree char *wal = g_strconcat (f->path, "-wal", NULL);
  const char *argv[] = { test_binary, "--open-and-close", f->path, NULL };
  int status = 0;

  fixture_add_relationship (f, "Kept");
  second = mutual_ledger_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (mutual_ledger_count_relationships (second), ==, 1);
  g_assert_true (g_file_test (wal, G_FILE_TEST_EXISTS));

  /* Another process opens and closes the ledger, as the command line does. */
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                               NULL, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, &error));

  /* This process still has the ledger open: its WAL stays. */
  g_assert_true (g_file_test (wal, G_FILE_TEST_EXISTS));
  fixture_add_relationship (f, "Still writable");
  g_assert_cmpint (mutual_ledger_count_relationships (second), ==, 2);
}

static void
test_full_disk_changes_nothing (LedgerFixture *f,
                                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  sqlite3 *db = mutual_ledger_get_db (f->ledger);
  gint64 id = fixture_add_relationship (f, "Before");
  gboolean ok = TRUE;
  char sql[64];
  int i;

  fixture_log (f, id, 20250101, MUTUAL_DIRECTION_GIVEN, MUTUAL_KIND_WORK, 7);

  /* A disk with room for three more pages. */
  {
    sqlite3_stmt *stmt;

    sqlite3_prepare_v2 (db, "PRAGMA page_count", -1, &stmt, NULL);
    sqlite3_step (stmt);
    g_snprintf (sql, sizeof sql, "PRAGMA max_page_count = %d", sqlite3_column_int (stmt, 0) + 3);
    sqlite3_finalize (stmt);
  }
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);

  g_assert_true (mutual_ledger_begin (f->ledger, &error));
  for (i = 0; i < 100000 && ok; i++)
    {
      g_autoptr(MutualExchange) exchange = mutual_exchange_new ();

      exchange->relationship_id = id;
      exchange->date = 20250102;
      exchange->value = i;
      exchange->note = g_strnfill (200, 'n');
      ok = mutual_ledger_add_exchange (f->ledger, exchange, &error);
    }
  g_assert_false (ok);
  g_assert_error (error, MUTUAL_ERROR, MUTUAL_ERROR_LEDGER);
  g_assert_nonnull (strstr (error->message, "full"));
  mutual_ledger_rollback (f->ledger);
  g_clear_error (&error);

  g_assert_cmpint (mutual_ledger_count_exchanges (f->ledger, 0), ==, 1);
  g_clear_object (&f->ledger);
  f->ledger = mutual_ledger_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (mutual_ledger_count_exchanges (f->ledger, 0), ==, 1);
}

/* Control characters are C0, DEL and C1 (Unicode's Cc), found whether
 * the text is ASCII or not; tabs and line breaks only where allowed. */
static void
test_text_control_characters (void)
{
  static const char * const refused[] = { "a\001b", "a\x7f", "\x1f", "caf\xc3\xa9\x7f",
                                          "\xc2\x80", "x\xc2\x85y", "\xc2\x9f", "\xe2\x82\xac\x1b" };
  static const char * const accepted[] = { "", "plain", "caf\xc3\xa9", "\xc2\xa0", "\xc2\xa1~",
                                           "\xe2\x82\xac 5", "\xf0\x9f\x98\x80" };

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_assert_true (mutual_text_has_control (refused[i], FALSE));
      g_assert_true (mutual_text_has_control (refused[i], TRUE));
    }
  for (guint i = 0; i < G_N_ELEMENTS (accepted); i++)
    {
      g_assert_false (mutual_text_has_control (accepted[i], FALSE));
      g_assert_false (mutual_text_has_control (accepted[i], TRUE));
    }
  g_assert_true (mutual_text_has_control ("a\tb", FALSE));
  g_assert_false (mutual_text_has_control ("a\tb\r\nc", TRUE));
}

/* A note holds at most MUTUAL_NOTE_MAX_CHARS characters, however many
 * bytes they take. */
static void
test_note_length (void)
{
  g_autoptr(MutualExchange) exchange = mutual_exchange_new ();
  struct { const char *unit; int count; gboolean refused; } cases[] = {
    { "a", MUTUAL_NOTE_MAX_CHARS, FALSE },
    { "a", MUTUAL_NOTE_MAX_CHARS + 1, TRUE },
    { "\xc3\xa9", MUTUAL_NOTE_MAX_CHARS, FALSE },
    { "\xc3\xa9", MUTUAL_NOTE_MAX_CHARS + 1, TRUE },
    { "\xf0\x9f\x98\x80", MUTUAL_NOTE_MAX_CHARS, FALSE },
  };

  exchange->relationship_id = 1;
  exchange->date = 20250101;
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GString) note = g_string_new (NULL);
      g_autofree char *problem = NULL;

      for (int k = 0; k < cases[i].count; k++)
        g_string_append (note, cases[i].unit);
      g_free (exchange->note);
      exchange->note = g_string_free (g_steal_pointer (&note), FALSE);
      problem = mutual_exchange_check (exchange);
      if (cases[i].refused)
        g_assert_cmpstr (problem, ==, "The note is longer than 10000 characters.");
      else
        g_assert_null (problem);
    }
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "C.UTF-8");
  /* test-ledger --open-and-close PATH: the other process of a test. */
  if (argc == 3 && strcmp (argv[1], "--open-and-close") == 0)
    {
      MutualLedger *other = mutual_ledger_open (argv[2], NULL);

      if (other == NULL || mutual_ledger_count_relationships (other) != 1)
        return 1;
      g_object_unref (other);
      return 0;
    }
  test_binary = argv[0];
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, LedgerFixture, NULL, ledger_fixture_set_up, func, ledger_fixture_tear_down)

  g_test_add_func ("/ledger/open/create-mode-and-folders", test_create_mode_and_folders);
  g_test_add_func ("/ledger/text/control-characters", test_text_control_characters);
  g_test_add_func ("/ledger/text/note-length", test_note_length);
  g_test_add_func ("/ledger/open/folder-without-rights", test_folder_without_rights);
  ADD ("/ledger/open/random-bytes-refused", test_random_bytes_refused);
  ADD ("/ledger/open/foreign-sqlite-refused", test_foreign_sqlite_refused);
  ADD ("/ledger/open/truncated-refused", test_truncated_refused);
  ADD ("/ledger/open/flipped-header-refused", test_flipped_header_refused);
  ADD ("/ledger/open/newer-schema-refused", test_newer_schema_refused);
  ADD ("/ledger/open/negative-schema-refused", test_negative_schema_refused);
  g_test_add_func ("/ledger/migration/takes-backup", test_migration_takes_backup);
  g_test_add_func ("/ledger/migration/v2-to-v3-keeps-exchanges", test_migration_v2_to_v3);
  g_test_add_func ("/ledger/migration/v3-to-v4-day-totals", test_migration_v3_to_v4);
  g_test_add_func ("/ledger/migration/v5-to-v6-identifiers", test_migration_v5_to_v6);
  g_test_add_func ("/ledger/migration/v6-to-v7-exchange-keys", test_migration_v6_to_v7);
  g_test_add_func ("/ledger/identifier/normalize", test_identifier_normalize);
  g_test_add_func ("/ledger/identifier/type-words", test_identifier_type_words);
  ADD ("/ledger/identifier/add-list-remove", test_identifier_add_list_remove);
  ADD ("/ledger/identifier/unique-across-relationships", test_identifier_unique_across_relationships);
  ADD ("/ledger/identifier/alias-ignores-case", test_identifier_alias_ignores_case);
  ADD ("/ledger/identifier/alias-never-another-name", test_identifier_alias_never_another_name);
  ADD ("/ledger/identifier/alias-old-pair-editable", test_identifier_alias_old_pair_editable);
  ADD ("/ledger/identifier/refusals-change-nothing", test_identifier_refusals_change_nothing);
  ADD ("/ledger/identifier/delete-cascades", test_identifier_delete_cascades);
  ADD ("/ledger/day-totals/follow-changes", test_day_totals_follow_changes);
  ADD ("/ledger/day-totals/overflow-refused", test_day_total_overflow_refused);
  ADD ("/ledger/relationship/name-unique-ignoring-case", test_name_unique_ignoring_case);
  ADD ("/ledger/relationship/name-length", test_name_length);
  ADD ("/ledger/relationship/find-by-name-or-uuid", test_find_by_name_or_uuid);
  ADD ("/ledger/relationship/delete-cascades", test_delete_cascades);
  ADD ("/ledger/exchange/rules", test_exchange_rules);
  ADD ("/ledger/exchange/restore-taken", test_restore_exchange_taken);
  ADD ("/ledger/exchange/list-pages", test_list_exchanges_pages);
  ADD ("/ledger/exchange/list-filtered", test_list_exchanges_filtered);
  ADD ("/ledger/transaction/rollback-keeps-nothing", test_rollback_keeps_nothing);
  ADD ("/ledger/currency/rules", test_currency_rules);
  ADD ("/ledger/fault/full-disk-changes-nothing", test_full_disk_changes_nothing);
  ADD ("/ledger/poll/sees-other-connection", test_poll_sees_other_connection);
  ADD ("/ledger/open/second-connection-keeps-lock", test_second_connection_keeps_lock);

  return g_test_run ();
}
