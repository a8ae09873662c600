/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "core/mutual-ledger-private.h"
#include "core/mutual-ledger.h"

/* A ledger in a fresh temporary folder, removed with the fixture. */
typedef struct
{
  char         *dir;
  char         *path;
  MutualLedger *ledger;
} LedgerFixture;

static inline void
ledger_fixture_set_up (LedgerFixture *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("mutual-test-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "ledger.db", NULL);
  f->ledger = mutual_ledger_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (f->ledger);
}

static inline void
remove_tree (const char *path)
{
  GDir *dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir == NULL)
    {
      g_remove (path);
      return;
    }
  while ((name = g_dir_read_name (dir)))
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      remove_tree (child);
    }
  g_dir_close (dir);
  g_rmdir (path);
}

static inline void
ledger_fixture_tear_down (LedgerFixture *f,
                          gconstpointer  data)
{
  g_clear_object (&f->ledger);
  remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

static inline gint64
fixture_add_relationship (LedgerFixture *f,
                          const char    *name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MutualRelationship) rel = mutual_relationship_new ();

  rel->name = g_strdup (name);
  g_assert_true (mutual_ledger_add_relationship (f->ledger, rel, &error));
  g_assert_no_error (error);
  return rel->id;
}

static inline gint64
fixture_log (LedgerFixture   *f,
             gint64           relationship_id,
             MutualDate       date,
             MutualDirection  direction,
             MutualKind       kind,
             gint64           value)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MutualExchange) exchange = mutual_exchange_new ();

  exchange->relationship_id = relationship_id;
  exchange->date = date;
  exchange->direction = direction;
  exchange->kind = kind;
  exchange->value = value;
  g_assert_true (mutual_ledger_add_exchange (f->ledger, exchange, &error));
  g_assert_no_error (error);
  return exchange->id;
}

/* A ledger at schema version 1 holding one relationship, "Old friend",
 * as an old release left it: opening it migrates it, after a backup. */
static inline MutualLedger *
open_old_ledger (const char *path)
{
  g_autoptr(GError) error = NULL;
  MutualLedger *old = mutual_ledger_open_at_version (path, 1, &error);

  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_exec (mutual_ledger_get_db (old),
                                 "INSERT INTO meta VALUES ('currency', 'EUR');"
                                 "INSERT INTO relationship (uuid, name, name_key, created)"
                                 " VALUES ('0b8d3f0e-4a6b-4c1e-9d2a-3f5e6a7b8c9d', 'Old friend', 'old friend', 0);",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  return old;
}

static inline gint64
query_db_int (sqlite3    *db,
              const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    g_error ("%s: %s", sql, sqlite3_errmsg (db));
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

/* The rows of the queries @a and @b are the same, both ways. */
static inline void
assert_same_rows (sqlite3    *db,
                  const char *a,
                  const char *b)
{
  g_autofree char *a_not_b = g_strdup_printf ("SELECT count (*) FROM (%s EXCEPT %s)", a, b);
  g_autofree char *b_not_a = g_strdup_printf ("SELECT count (*) FROM (%s EXCEPT %s)", b, a);

  g_assert_cmpint (query_db_int (db, a_not_b), ==, 0);
  g_assert_cmpint (query_db_int (db, b_not_a), ==, 0);
}

/* Every exchange has its key and every key its exchange. */
static inline void
assert_exchange_keys_match (sqlite3 *db)
{
  assert_same_rows (db, "SELECT uuid, id FROM exchange", "SELECT uuid, exchange FROM exchange_key");
  g_assert_cmpint (query_db_int (db, "SELECT count (*) FROM exchange_key"), ==,
                   query_db_int (db, "SELECT count (*) FROM exchange"));
}

/* The connection checks rows as the schema says: a large import leaves
 * SQLite's checks out of its statements while it runs, and must put
 * them back however it ends. A total that is no integer is refused. */
static inline void
assert_checks_on (sqlite3 *db)
{
  int rc = sqlite3_exec (db, "INSERT INTO ledger_day (date, direction, exchanges, value)"
                             " VALUES (18991231, 0, 1, 0.5)", NULL, NULL, NULL);

  g_assert_cmpint (rc & 0xff, ==, SQLITE_CONSTRAINT);
  g_assert_cmpint (sqlite3_extended_errcode (db), ==, SQLITE_CONSTRAINT_CHECK);
}

/* The day totals the triggers (or a large import) keep are exactly the
 * exchanges' own sums, row for row, with no row for an empty day, and
 * the lifetime totals theirs (a relationship whose days are gone may
 * keep a row of zeros); and, kept the same ways, the exchanges' keys.
 * Called after every import: the connection checks rows again. */
static inline void
assert_day_totals_match (sqlite3 *db)
{
  assert_checks_on (db);
  assert_exchange_keys_match (db);
  assert_same_rows (db, "SELECT * FROM relationship_day",
                    "SELECT relationship, date, direction, kind, count (*), sum (value),"
                    " coalesce (sum (minutes), 0) FROM exchange GROUP BY relationship, date, direction, kind");
  assert_same_rows (db, "SELECT * FROM ledger_day",
                    "SELECT date, direction, count (*), sum (value) FROM exchange GROUP BY date, direction");
  assert_same_rows (db, "SELECT * FROM relationship_total WHERE value != 0 OR minutes != 0",
                    "SELECT relationship, sum (value), sum (minutes) FROM relationship_day"
                    " GROUP BY relationship HAVING sum (value) != 0 OR sum (minutes) != 0");
  assert_same_rows (db, "SELECT value, minutes FROM ledger_total",
                    "SELECT coalesce (sum (value), 0), coalesce (sum (minutes), 0) FROM relationship_day");
}
