/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib/gstdio.h>
#include <sqlite3.h>

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
