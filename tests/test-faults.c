/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Crash tests: the real `mutual` binary killed with SIGKILL at random
 * moments of logging, an import and a schema migration, and ledgers whose
 * write-ahead log went missing or was damaged. After each, the ledger must
 * pass `integrity_check` and hold exactly its last committed state.
 *
 * The moments come from g_test_rand_int_range(), so a failure is replayed
 * with the seed the test prints (`--seed=…`). */
#include "config.h"

#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <string.h>
#include <unistd.h>

#include "test-util.h"

static const char *
binary (void)
{
  const char *path = g_getenv ("MUTUAL_BINARY");

  g_assert_nonnull (path);
  return path;
}

static char **
cli_environ (void)
{
  char **envp = g_get_environ ();

  envp = g_environ_unsetenv (envp, "MUTUAL_LEDGER");
  envp = g_environ_unsetenv (envp, "DISPLAY");
  envp = g_environ_unsetenv (envp, "WAYLAND_DISPLAY");
  return envp;
}

/* Runs `mutual --ledger=PATH ARGS…` to completion and returns its status. */
static int
run_mutual (const char *path,
            ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) envp = cli_environ ();
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  const char *arg;
  va_list args;
  int wait_status;

  g_ptr_array_add (argv, g_strdup (binary ()));
  g_ptr_array_add (argv, g_strconcat ("--ledger=", path, NULL));
  va_start (args, path);
  while ((arg = va_arg (args, const char *)))
    g_ptr_array_add (argv, g_strdup (arg));
  va_end (args);
  g_ptr_array_add (argv, NULL);

  g_spawn_sync (NULL, (char **) argv->pdata, envp, G_SPAWN_STDOUT_TO_DEV_NULL,
                NULL, NULL, NULL, &err, &wait_status, &error);
  g_assert_no_error (error);
  if (!WIFEXITED (wait_status))
    g_error ("mutual did not exit normally: %s", err);
  if (WEXITSTATUS (wait_status) != 0)
    g_test_message ("mutual exited with %d: %s", WEXITSTATUS (wait_status), err);
  return WEXITSTATUS (wait_status);
}

static void
new_process_group (gpointer data)
{
  setpgid (0, 0);
}

/* Starts @argv in a process group of its own, so that a shell and the
 * `mutual` it is running die together. */
static GPid
spawn_group (const char * const *argv)
{
  g_auto(GStrv) envp = cli_environ ();
  g_autoptr(GError) error = NULL;
  GPid pid;

  g_assert_true (g_spawn_async (NULL, (char **) argv, envp,
                                G_SPAWN_SEARCH_PATH | G_SPAWN_DO_NOT_REAP_CHILD
                                | G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                                new_process_group, NULL, &pid, &error));
  g_assert_no_error (error);
  return pid;
}

/* Kills the group after @delay_ms; FALSE if it had already finished. */
static gboolean
kill_group_after (GPid pid,
                  int  delay_ms)
{
  int wait_status;
  gboolean killed;

  g_usleep ((gulong) delay_ms * 1000);
  kill (-pid, SIGKILL);
  waitpid (pid, &wait_status, 0);
  g_spawn_close_pid (pid);
  killed = WIFSIGNALED (wait_status);
  if (!killed)
    g_test_message ("finished before the kill at %d ms", delay_ms);
  return killed;
}

static gint64
query_int (const char *path,
           const char *sql)
{
  sqlite3 *db = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 10000);
  value = query_db_int (db, sql);
  sqlite3_close (db);
  return value;
}

static void
assert_intact (const char *path)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  /* A killed process's locks go with it, but not at the same instant. */
  sqlite3_busy_timeout (db, 10000);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA integrity_check", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "ok");
  sqlite3_finalize (stmt);
  sqlite3_exec (db, "PRAGMA foreign_key_check", NULL, NULL, NULL);
  sqlite3_close (db);
}

static void
copy_file (const char *from,
           const char *to)
{
  g_autofree char *contents = NULL;
  gsize length;

  g_assert_true (g_file_get_contents (from, &contents, &length, NULL));
  g_assert_true (g_file_set_contents (to, contents, (gssize) length, NULL));
}

static gint64
elapsed_ms (gint64 since)
{
  return (g_get_monotonic_time () - since) / 1000;
}

/* Logging: a script logs exchanges worth 1, 2, 3… one `mutual log` each
 * and notes each success. Killed at a random moment, the ledger holds the
 * exchanges 1…n, where n is the number noted or one more (killed after
 * the commit, before the note). */
static void
test_sigkill_during_logging (LedgerFixture *f,
                             gconstpointer  data)
{
  g_clear_object (&f->ledger);

  for (int round = 0; round < 6; round++)
    {
      g_autofree char *path = g_strdup_printf ("%s/log-%d.db", f->dir, round);
      g_autofree char *opt = g_strconcat ("--ledger=", path, NULL);
      g_autofree char *done = g_strdup_printf ("%s/log-%d.done", f->dir, round);
      g_autofree char *noted = NULL;
      const char *script = "for i in $(seq 1 1000); do"
                           " \"$0\" \"$1\" log Busy --given --kind=work --value=$i || exit 1;"
                           " echo $i >> \"$2\"; done";
      const char *argv[] = { "sh", "-c", script, binary (), opt, done, NULL };
      int delay = g_test_rand_int_range (20, 700);
      gint64 logged, noted_count = 0, sum;
      GPid pid;

      g_assert_cmpint (run_mutual (path, "add-relationship", "Busy", NULL), ==, 0);
      pid = spawn_group (argv);
      g_test_message ("round %d: kill after %d ms", round, delay);
      g_assert_true (kill_group_after (pid, delay));

      assert_intact (path);
      if (g_file_get_contents (done, &noted, NULL, NULL))
        {
          g_auto(GStrv) lines = g_strsplit (g_strstrip (noted), "\n", -1);

          noted_count = noted[0] ? g_strv_length (lines) : 0;
        }

      logged = query_int (path, "SELECT count(*) FROM exchange");
      sum = query_int (path, "SELECT coalesce(sum(value), 0) FROM exchange");
      g_assert_true (logged == noted_count || logged == noted_count + 1);
      /* Exactly the values 1…n, each whole (minor units of the euro). */
      g_assert_cmpint (sum, ==, logged * (logged + 1) / 2 * 100);
      if (logged > 0)
        g_assert_cmpint (query_int (path, "SELECT max(value) FROM exchange"), ==, logged * 100);

      /* The ledger goes on working. */
      g_assert_cmpint (run_mutual (path, "log", "Busy", "--received", "--kind=payment",
                                   "--value=1", NULL), ==, 0);
      g_assert_cmpint (query_int (path, "SELECT count(*) FROM exchange"), ==, logged + 1);
    }
}

/* Import: one transaction, so a kill leaves none of the file or all. */
static void
test_sigkill_during_import (LedgerFixture *f,
                            gconstpointer  data)
{
  g_autofree char *source = g_build_filename (f->dir, "source.db", NULL);
  g_autofree char *xml = g_build_filename (f->dir, "source.xml", NULL);
  g_autofree char *whole = g_build_filename (f->dir, "whole.db", NULL);
  gint64 exchanges, relationships, start, duration;

  g_clear_object (&f->ledger);
  g_assert_cmpint (run_mutual (source, "demo", "--relationships=40", "--exchanges=120000", NULL), ==, 0);
  g_assert_cmpint (run_mutual (source, "export", xml, NULL), ==, 0);
  exchanges = query_int (source, "SELECT count(*) FROM exchange");
  relationships = query_int (source, "SELECT count(*) FROM relationship");

  start = g_get_monotonic_time ();
  g_assert_cmpint (run_mutual (whole, "import", xml, NULL), ==, 0);
  duration = MAX (elapsed_ms (start), 20);
  g_assert_cmpint (query_int (whole, "SELECT count(*) FROM exchange"), ==, exchanges);
  g_test_message ("a whole import takes %" G_GINT64_FORMAT " ms", duration);

  for (int round = 0; round < 5; round++)
    {
      g_autofree char *path = g_strdup_printf ("%s/import-%d.db", f->dir, round);
      g_autofree char *opt = g_strconcat ("--ledger=", path, NULL);
      const char *argv[] = { binary (), opt, "import", xml, NULL };
      int delay = g_test_rand_int_range (1, (gint32) duration);
      gint64 got;

      /* An existing ledger, so that a kill before it is made still
       * leaves something to check. */
      g_assert_cmpint (run_mutual (path, "add-relationship", "Already Here", NULL), ==, 0);
      g_test_message ("round %d: kill after %d ms", round, delay);
      kill_group_after (spawn_group (argv), delay);

      assert_intact (path);
      got = query_int (path, "SELECT count(*) FROM exchange");
      g_assert_true (got == 0 || got == exchanges);
      g_assert_cmpint (query_int (path, "SELECT count(*) FROM relationship"), ==,
                       got == 0 ? 1 : relationships + 1);

      /* Imported again, it completes. */
      g_assert_cmpint (run_mutual (path, "import", xml, NULL), ==, 0);
      g_assert_cmpint (query_int (path, "SELECT count(*) FROM exchange"), ==, exchanges);
    }
}

/* A ledger at schema version 1 filled through plain SQL on the version 1
 * tables, which never change. */
/* A random version 4 uuid in text, from 32 random hex digits h. */
#define UUID "lower(substr(h, 1, 8) || '-' || substr(h, 9, 4) || '-4' || substr(h, 14, 3)" \
             " || '-a' || substr(h, 18, 3) || '-' || substr(h, 21, 12))"

static void
make_version_1_ledger (const char *path,
                       int         relationships,
                       int         exchanges)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MutualLedger) ledger = mutual_ledger_open_at_version (path, 1, &error);
  g_autofree char *sql = NULL;
  sqlite3 *db;

  g_assert_no_error (error);
  db = mutual_ledger_get_db (ledger);
  sql = g_strdup_printf (
    "BEGIN;"
    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < %d)"
    "  INSERT INTO relationship (uuid, name, name_key, role, created)"
    "  SELECT " UUID ", 'Client ' || i, 'client ' || i, 1, 20240101"
    "  FROM (SELECT i, hex(randomblob(16)) AS h FROM n);"
    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < %d)"
    "  INSERT INTO exchange (uuid, relationship, date, direction, kind, value)"
    "  SELECT " UUID ", 1 + i %% %d, 20240101 + (i %% 12) * 100 + i %% 28,"
    "         i %% 2, i %% 11, 100 * (i %% 977)"
    "  FROM (SELECT i, hex(randomblob(16)) AS h FROM n);"
    "COMMIT;",
    relationships, exchanges, relationships);
  if (sqlite3_exec (db, sql, NULL, NULL, NULL) != SQLITE_OK)
    g_error ("%s", sqlite3_errmsg (db));
}

static guint
count_backups (const char *dir,
               gint64      exchanges)
{
  g_autofree char *backups = g_build_filename (dir, "backups", NULL);
  g_autoptr(GDir) folder = g_dir_open (backups, 0, NULL);
  const char *name;
  guint complete = 0;

  if (folder == NULL)
    return 0;
  while ((name = g_dir_read_name (folder)))
    {
      g_autofree char *path = g_build_filename (backups, name, NULL);

      if (strstr (name, ".partial") != NULL)
        continue;  /* a copy that was being written, never taken for a backup */
      if (!g_str_has_suffix (name, ".db"))
        g_error ("unexpected file in backups: %s", name);
      assert_intact (path);
      /* Taken before the first step, or, after a kill between steps,
       * before the next one. */
      g_assert_cmpint (query_int (path, "PRAGMA user_version"), >=, 1);
      g_assert_cmpint (query_int (path, "PRAGMA user_version"), <, MUTUAL_LEDGER_SCHEMA_VERSION);
      g_assert_cmpint (query_int (path, "SELECT count(*) FROM exchange"), ==, exchanges);
      complete++;
    }
  return complete;
}

/* Migration: each step is one transaction after a backup, so a kill
 * leaves the ledger at the old version or the new one, never between,
 * and any file under backups/ without ".partial" is a whole copy. */
static void
test_sigkill_during_migration (LedgerFixture *f,
                               gconstpointer  data)
{
  const int relationships = 60, exchanges = 150000;
  g_autofree char *template = g_build_filename (f->dir, "v1.db", NULL);
  g_autofree char *timed_dir = g_build_filename (f->dir, "timed", NULL);
  g_autofree char *timed = g_build_filename (timed_dir, "ledger.db", NULL);
  gint64 start, duration;

  g_clear_object (&f->ledger);
  make_version_1_ledger (template, relationships, exchanges);
  g_assert_cmpint (query_int (template, "PRAGMA user_version"), ==, 1);

  g_assert_cmpint (g_mkdir (timed_dir, 0700), ==, 0);
  copy_file (template, timed);
  start = g_get_monotonic_time ();
  g_assert_cmpint (run_mutual (timed, "classify", NULL), ==, 0);
  duration = MAX (elapsed_ms (start), 20);
  g_assert_cmpint (query_int (timed, "PRAGMA user_version"), ==, MUTUAL_LEDGER_SCHEMA_VERSION);
  g_assert_cmpuint (count_backups (timed_dir, exchanges), ==, 1);
  g_test_message ("a whole migration takes %" G_GINT64_FORMAT " ms", duration);

  for (int round = 0; round < 5; round++)
    {
      g_autofree char *dir = g_strdup_printf ("%s/migrate-%d", f->dir, round);
      g_autofree char *path = g_build_filename (dir, "ledger.db", NULL);
      g_autofree char *opt = g_strconcat ("--ledger=", path, NULL);
      const char *argv[] = { binary (), opt, "classify", NULL };
      int delay = g_test_rand_int_range (1, (gint32) duration);
      gint64 version;

      g_assert_cmpint (g_mkdir (dir, 0700), ==, 0);
      copy_file (template, path);
      g_test_message ("round %d: kill after %d ms", round, delay);
      kill_group_after (spawn_group (argv), delay);

      assert_intact (path);
      version = query_int (path, "PRAGMA user_version");
      g_assert_cmpint (version, >=, 1);
      g_assert_cmpint (version, <=, MUTUAL_LEDGER_SCHEMA_VERSION);
      g_assert_cmpint (query_int (path, "SELECT count(*) FROM exchange"), ==, exchanges);
      count_backups (dir, exchanges);

      /* Opened again, the migration completes and nothing is lost. */
      g_assert_cmpint (run_mutual (path, "classify", NULL), ==, 0);
      g_assert_cmpint (query_int (path, "PRAGMA user_version"), ==, MUTUAL_LEDGER_SCHEMA_VERSION);
      g_assert_cmpint (query_int (path, "SELECT count(*) FROM exchange"), ==, exchanges);
      g_assert_cmpint (query_int (path, "SELECT count(*) FROM relationship"), ==, relationships);
      g_assert_cmpuint (count_backups (dir, exchanges), >=, 1);
    }
}

/* A crash copy of a ledger: the main file as it was while another
 * connection held committed changes in its write-ahead log. */
static void
make_crash_copy (LedgerFixture *f,
                 const char    *copy,
                 gboolean       with_wal,
                 gboolean       damage_wal)
{
  g_autofree char *wal = g_strconcat (f->path, "-wal", NULL);
  g_autofree char *copy_wal = g_strconcat (copy, "-wal", NULL);
  g_autoptr(GError) error = NULL;
  sqlite3 *db = NULL;

  /* "Before" is checkpointed into the main file when the ledger closes. */
  g_assert_cmpint (run_mutual (f->path, "add-relationship", "Before", NULL), ==, 0);

  g_assert_cmpint (sqlite3_open (f->path, &db), ==, SQLITE_OK);
  sqlite3_exec (db, "PRAGMA wal_autocheckpoint = 0", NULL, NULL, NULL);
  g_assert_cmpint (sqlite3_exec (db, "INSERT INTO relationship (uuid, name, name_key, created)"
                                 " VALUES ('6c1a3e0e-5a43-4f6b-9d5e-0c7f2f1f9a10', 'After', 'after',"
                                 " 20260101)", NULL, NULL, NULL), ==, SQLITE_OK);
  copy_file (f->path, copy);
  if (with_wal)
    {
      g_autofree char *contents = NULL;
      gsize length;

      g_assert_true (g_file_get_contents (wal, &contents, &length, NULL));
      g_assert_cmpuint (length, >, 32 + 24);
      if (damage_wal)
        contents[length - 100] ^= 0x5a;  /* inside the last frame */
      g_assert_true (g_file_set_contents (copy_wal, contents, (gssize) length, &error));
    }
  sqlite3_close (db);
}

static gint64
count_named (const char *path,
             const char *name)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM relationship WHERE name = '%s'", name);

  return query_int (path, sql);
}

/* A ledger whose log is gone holds its last checkpoint; a log whose last
 * frame is damaged is read up to its last whole commit. Neither is
 * refused: SQLite checks each frame's checksum, and the main file is
 * never rewritten from a damaged frame. */
static void
test_missing_or_damaged_wal (LedgerFixture *f,
                             gconstpointer  data)
{
  g_autofree char *lost = g_build_filename (f->dir, "lost-wal.db", NULL);
  g_autofree char *kept = g_build_filename (f->dir, "kept-wal.db", NULL);
  g_autofree char *damaged = g_build_filename (f->dir, "damaged-wal.db", NULL);

  g_clear_object (&f->ledger);
  g_assert_cmpint (run_mutual (f->path, "add-relationship", "First", NULL), ==, 0);

  make_crash_copy (f, lost, FALSE, FALSE);
  g_assert_cmpint (run_mutual (lost, "classify", NULL), ==, 0);
  assert_intact (lost);
  g_assert_cmpint (count_named (lost, "Before"), ==, 1);
  g_assert_cmpint (count_named (lost, "After"), ==, 0);

  g_remove (f->path);
  {
    g_autofree char *wal = g_strconcat (f->path, "-wal", NULL);
    g_autofree char *shm = g_strconcat (f->path, "-shm", NULL);

    g_remove (wal);
    g_remove (shm);
  }
  make_crash_copy (f, kept, TRUE, FALSE);
  g_assert_cmpint (run_mutual (kept, "classify", NULL), ==, 0);
  assert_intact (kept);
  g_assert_cmpint (count_named (kept, "After"), ==, 1);

  g_remove (f->path);
  {
    g_autofree char *wal = g_strconcat (f->path, "-wal", NULL);
    g_autofree char *shm = g_strconcat (f->path, "-shm", NULL);

    g_remove (wal);
    g_remove (shm);
  }
  make_crash_copy (f, damaged, TRUE, TRUE);
  g_assert_cmpint (run_mutual (damaged, "classify", NULL), ==, 0);
  assert_intact (damaged);
  g_assert_cmpint (count_named (damaged, "Before"), ==, 1);
  g_assert_cmpint (count_named (damaged, "After"), ==, 0);
  /* And it takes new writes. */
  g_assert_cmpint (run_mutual (damaged, "add-relationship", "Later", NULL), ==, 0);
  g_assert_cmpint (count_named (damaged, "Later"), ==, 1);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, LedgerFixture, NULL, ledger_fixture_set_up, func, ledger_fixture_tear_down)

  ADD ("/faults/sigkill/logging", test_sigkill_during_logging);
  ADD ("/faults/sigkill/import", test_sigkill_during_import);
  ADD ("/faults/sigkill/migration", test_sigkill_during_migration);
  ADD ("/faults/wal/missing-or-damaged", test_missing_or_damaged_wal);

  return g_test_run ();
}
