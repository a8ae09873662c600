/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Keeping the ledger safe (DESIGN.md): outputs never land on a ledger,
 * a ledger left mid-checkpoint or by a full disk opens again, totals
 * stay within 64 bits, and hostile input is refused in linear time.
 * Most cases run the real `mutual` binary, as an attacker would. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/mutual-ledger-private.h"
#include "core/mutual-error.h"
#include "core/mutual-interchange.h"
#include "core/mutual-report.h"
#include "test-util.h"

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

/* Runs `mutual ARGS…` (NULL-terminated) to completion. */
static Run
run_argv (const char * const *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_auto(GStrv) envp = cli_environ ();
  g_autoptr(GError) error = NULL;
  Run run = { 0 };
  int wait_status;

  g_ptr_array_add (argv, (char *) binary ());
  for (guint i = 0; args[i]; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);

  g_spawn_sync (NULL, (char **) argv->pdata, envp, G_SPAWN_DEFAULT, NULL, NULL,
                &run.out, &run.err, &wait_status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (wait_status));
  run.status = WEXITSTATUS (wait_status);
  return run;
}

#define run_cli(...) run_argv ((const char * const []) { __VA_ARGS__, NULL })

typedef struct
{
  char *dir;
  char *path;
  char *opt;   /* --ledger=PATH */
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->dir = g_dir_make_tmp ("mutual-safety-XXXXXX", NULL);
  f->path = g_build_filename (f->dir, data ? (const char *) data : "ledger.db", NULL);
  f->opt = g_strconcat ("--ledger=", f->path, NULL);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *disk = g_build_filename (f->dir, "disk", NULL);

  umount2 (disk, MNT_DETACH);  /* left by a failed disk-full test */
  remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->path);
  g_free (f->opt);
}

static char *
checksum_file (const char *path)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  if (!g_file_get_contents (path, &contents, &length, NULL))
    return g_strdup ("missing");
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (guchar *) contents, length);
}

static void
assert_file_checksum (const char *path,
                      const char *expected)
{
  g_autofree char *sum = checksum_file (path);

  g_assert_cmpstr (sum, ==, expected);
}

/* Exactly one line, ending in a full stop. */
static void
assert_one_sentence (const char *err)
{
  g_assert_nonnull (err);
  g_assert_true (g_str_has_suffix (err, ".\n"));
  g_assert_true (strchr (err, '\n') == err + strlen (err) - 1);
}

static void
assert_classifies (Fixture *f,
                   int      relationships)
{
  g_auto(Run) run = run_cli (f->opt, "classify", "--format=json");

  g_assert_cmpint (run.status, ==, 0);
  if (relationships >= 0)
    {
      int n = 0;

      for (const char *p = run.out; (p = strstr (p, "\"class\"")); p++)
        n++;
      g_assert_cmpint (n, ==, relationships);
    }
}

/* 1. Outputs never replace a ledger */

static void
assert_output_refused (Fixture    *f,
                       const char *command,
                       const char *target)
{
  g_autofree char *before = checksum_file (f->path);
  g_autofree char *target_before = checksum_file (target);
  g_autofree char *output = g_strconcat ("--output=", target, NULL);
  g_auto(Run) run = { 0 };

  if (g_str_equal (command, "chart"))
    run = run_cli (f->opt, "chart", "--all", output);
  else if (g_str_equal (command, "report"))
    run = run_cli (f->opt, "report", "--all", output);
  else
    run = run_cli (f->opt, command, target);

  g_test_message ("%s → %s: %d %s", command, target, run.status, run.err);
  g_assert_cmpint (run.status, ==, 2);
  assert_one_sentence (run.err);
  g_assert_nonnull (strstr (run.err, "nothing was written"));
  assert_file_checksum (f->path, before);
  assert_file_checksum (target, target_before);
  assert_classifies (f, 12);
}

static void
test_output_over_ledger (Fixture       *f,
                         gconstpointer  data)
{
  g_auto(Run) demo = run_cli (f->opt, "demo");
  g_autofree char *wal = g_strconcat (f->path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (f->path, "-shm", NULL);
  g_autofree char *journal = g_strconcat (f->path, "-journal", NULL);
  g_autofree char *other = g_build_filename (f->dir, "other.sqlite", NULL);
  g_autofree char *other_wal = g_build_filename (f->dir, "other.sqlite-wal", NULL);
  g_autofree char *link = g_build_filename (f->dir, "link.xml", NULL);
  g_autofree char *contents = NULL;
  gsize length;

  g_assert_cmpint (demo.status, ==, 0);
  g_assert_true (g_file_get_contents (f->path, &contents, &length, NULL));
  g_assert_true (g_file_set_contents (other, contents, length, NULL));
  g_assert_cmpint (symlink (f->path, link), ==, 0);

  assert_output_refused (f, "export", f->path);
  assert_output_refused (f, "export-csv", f->path);
  assert_output_refused (f, "export", wal);
  assert_output_refused (f, "export-csv", shm);
  assert_output_refused (f, "export", journal);
  assert_output_refused (f, "export", link);
  assert_output_refused (f, "export", other);
  assert_output_refused (f, "export-csv", other_wal);
  g_assert_false (g_file_test (journal, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (other_wal, G_FILE_TEST_EXISTS));

  if (g_str_has_suffix (f->path, ".png") || g_str_has_suffix (f->path, ".svg"))
    assert_output_refused (f, "chart", f->path);
  if (g_str_has_suffix (f->path, ".pdf"))
    {
      assert_output_refused (f, "chart", f->path);
      assert_output_refused (f, "report", f->path);
    }
}

/* The window exports through the same core call as the command line. */
static void
test_output_over_open_ledger_core (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("mutual-safety-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "ledger.db", NULL);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autoptr(MutualLedger) ledger = mutual_ledger_open (path, &error);
  g_autofree char *before = NULL;
  g_autoptr(MutualRelationship) rel = mutual_relationship_new ();

  g_assert_no_error (error);
  rel->name = g_strdup ("Someone");
  g_assert_true (mutual_ledger_add_relationship (ledger, rel, &error));
  g_assert_no_error (error);
  before = checksum_file (path);

  for (int format = 0; format < 2; format++)
    for (int which = 0; which < 2; which++)
      {
        g_autoptr(GFile) file = g_file_new_for_path (which ? wal : path);

        g_assert_false (mutual_export_file (ledger, file, format ? MUTUAL_EXPORT_CSV : MUTUAL_EXPORT_XML,
                                            NULL, NULL, NULL, &error));
        g_assert_error (error, MUTUAL_ERROR, MUTUAL_ERROR_DATA);
        g_clear_error (&error);
      }
  assert_file_checksum (path, before);
  g_assert_cmpint (mutual_ledger_count_relationships (ledger), ==, 1);
  g_clear_object (&ledger);
  remove_tree (dir);
}

/* 2. Damaged means SQLite says so */

static guint32
read_be32 (const guchar *p)
{
  return ((guint32) p[0] << 24) | ((guint32) p[1] << 16) | ((guint32) p[2] << 8) | p[3];
}

/* Whether the ledger's header counts more pages than the file holds: a
 * checkpoint was under way (the rest of the pages are in the WAL). */
static gboolean
is_mid_checkpoint (const char *path)
{
  g_autofree char *contents = NULL;
  gsize length = 0;
  guint32 page_size;

  if (!g_file_get_contents (path, &contents, &length, NULL) || length < 100)
    return FALSE;
  page_size = ((guint32) (guchar) contents[16] << 8) | (guchar) contents[17];
  if (page_size == 1)
    page_size = 65536;
  return (guint64) read_be32 ((guchar *) contents + 28) * page_size > length;
}

/* A second ledger's relationships and exchanges as a Mutual XML file:
 * enough pages that checkpointing them takes a while. */
static char *
make_import_file (const char *dir,
                  const char *relationships,
                  const char *exchanges)
{
  g_autofree char *source = g_build_filename (dir, "source.db", NULL);
  g_autofree char *opt = g_strconcat ("--ledger=", source, NULL);
  char *xml = g_build_filename (dir, "import.xml", NULL);
  g_autofree char *r = g_strconcat ("--relationships=", relationships, NULL);
  g_autofree char *e = g_strconcat ("--exchanges=", exchanges, NULL);
  g_auto(Run) demo = run_cli (opt, "demo", r, e);
  g_auto(Run) export = run_cli (opt, "export", xml);

  g_assert_cmpint (demo.status, ==, 0);
  g_assert_cmpint (export.status, ==, 0);
  return xml;
}

static gint64
count_rows (const char *path,
            const char *table)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM %s", table);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 n;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 10000);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return n;
}

/* A checkpoint interrupted just after it wrote page 1 (the header, with
 * the new page count) and before the file grew, made exactly. */
static void
test_checkpoint_interrupted (Fixture       *f,
                             gconstpointer  data)
{
  g_autofree char *xml = make_import_file (f->dir, "20", "8000");
  g_autofree char *held = g_build_filename (f->dir, "held.db", NULL);
  g_autofree char *held_opt = g_strconcat ("--ledger=", held, NULL);
  g_autofree char *held_wal = g_strconcat (held, "-wal", NULL);
  g_autofree char *wal = g_strconcat (f->path, "-wal", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *frames = NULL;
  gsize length, wal_length;
  sqlite3 *reader = NULL;
  guint32 page_size;
  gssize page1 = -1;
  g_auto(Run) add = run_cli (held_opt, "add-relationship", "Before");
  g_auto(Run) import = { 0 };
  g_auto(Run) classify = { 0 };
  g_auto(Run) log = { 0 };

  g_assert_cmpint (add.status, ==, 0);
  /* A reader's open snapshot keeps the import's pages in the WAL. */
  g_assert_cmpint (sqlite3_open_v2 (held, &reader, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (reader, "BEGIN; SELECT count(*) FROM relationship", NULL, NULL, NULL), ==, SQLITE_OK);
  import = run_cli (held_opt, "import", xml);
  g_assert_cmpint (import.status, ==, 0);
  g_assert_true (g_file_get_contents (held, &contents, &length, NULL));
  g_assert_true (g_file_get_contents (held_wal, &frames, &wal_length, NULL));
  sqlite3_exec (reader, "COMMIT", NULL, NULL, NULL);
  sqlite3_close_v2 (reader);

  /* The WAL's last copy of page 1 written over the file's. */
  page_size = read_be32 ((guchar *) frames + 8);
  g_assert_cmpuint (wal_length, >, 32);
  for (gsize at = 32; at + 24 + page_size <= wal_length; at += 24 + page_size)
    if (read_be32 ((guchar *) frames + at) == 1)
      page1 = (gssize) at + 24;
  g_assert_cmpint (page1, >, 0);
  memcpy (contents, frames + page1, page_size);
  g_assert_true (g_file_set_contents (f->path, contents, length, NULL));
  g_assert_true (g_file_set_contents (wal, frames, wal_length, NULL));
  g_assert_true (is_mid_checkpoint (f->path));

  classify = run_cli (f->opt, "classify", "--format=json");
  g_test_message ("%s", classify.err);
  g_assert_cmpint (classify.status, ==, 0);
  assert_classifies (f, 21);
  log = run_cli (f->opt, "log", "Before", "--given", "--kind=advice", "--value=0");
  g_assert_cmpint (log.status, ==, 0);
  g_assert_cmpint (count_rows (f->path, "exchange"), ==, 8001);
}

static void
new_process_group (gpointer data)
{
  setpgid (0, 0);
}

/* The real thing: `mutual import` killed at random moments near its end
 * until a kill lands after the commit, during the checkpoint. */
/* Runs @argv in its own process group and kills the group after a
 * random time between @min_us and @max_us; returns its wait status. */
static int
run_killed (const char * const *argv,
            char              **envp,
            gint64              min_us,
            gint64              max_us)
{
  g_autoptr(GError) error = NULL;
  int wait_status;
  GPid pid;

  g_assert_true (g_spawn_async (NULL, (char **) argv, envp,
                                G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL
                                | G_SPAWN_STDERR_TO_DEV_NULL,
                                new_process_group, NULL, &pid, &error));
  g_usleep ((gulong) g_test_rand_int_range ((gint32) min_us, (gint32) max_us));
  kill (-pid, SIGKILL);
  waitpid (pid, &wait_status, 0);
  g_spawn_close_pid (pid);
  return wait_status;
}

static void
test_checkpoint_killed (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *xml = make_import_file (f->dir, "20", "8000");
  g_autofree char *base = g_build_filename (f->dir, "base.db", NULL);
  g_autofree char *base_opt = g_strconcat ("--ledger=", base, NULL);
  g_autofree char *wal = g_strconcat (f->path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (f->path, "-shm", NULL);
  g_autofree char *contents = NULL;
  g_auto(GStrv) envp = cli_environ ();
  const char *argv[] = { binary (), f->opt, "import", xml, NULL };
  g_auto(Run) add = run_cli (base_opt, "add-relationship", "Before");
  gsize length;
  gint64 start, duration_us;
  int committed = 0, mid_checkpoint = 0;

  g_assert_cmpint (add.status, ==, 0);
  g_assert_true (g_file_get_contents (base, &contents, &length, NULL));

  /* How long a whole import takes here. */
  g_assert_true (g_file_set_contents (f->path, contents, length, NULL));
  start = g_get_monotonic_time ();
  {
    g_auto(Run) import = run_cli (f->opt, "import", xml);
    g_assert_cmpint (import.status, ==, 0);
  }
  duration_us = g_get_monotonic_time () - start;

  for (int attempt = 0; attempt < 400 && mid_checkpoint == 0; attempt++)
    {
      g_auto(Run) classify = { 0 };
      int wait_status;

      g_remove (wal);
      g_remove (shm);
      g_assert_true (g_file_set_contents (f->path, contents, length, NULL));
      wait_status = run_killed (argv, envp, duration_us / 2, duration_us * 11 / 10);
      if (!WIFSIGNALED (wait_status))
        continue;

      if (is_mid_checkpoint (f->path))
        mid_checkpoint++;
      /* Before the commit nothing, after it everything; always opens. */
      classify = run_cli (f->opt, "classify", "--format=json");
      g_assert_cmpstr (classify.err, ==, "");
      g_assert_cmpint (classify.status, ==, 0);
      if (strstr (classify.out, "\"Acme GmbH\""))
        {
          committed++;
          g_assert_cmpint (count_rows (f->path, "exchange"), ==, 8000);
        }
      else
        g_assert_cmpint (count_rows (f->path, "exchange"), ==, 0);
    }
  g_test_message ("kills after the commit: %d, during the checkpoint: %d", committed, mid_checkpoint);
  if (mid_checkpoint == 0)
    g_test_incomplete ("no kill landed during the checkpoint");
}

/* An import into a ledger that does not exist yet writes a scratch
 * ledger without syncs or an on-disk journal, then links it into place:
 * killed at any moment, it leaves either no ledger or the whole one, in
 * write-ahead-log mode like every other. */
static void
test_new_ledger_killed (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *xml = make_import_file (f->dir, "20", "8000");
  g_auto(GStrv) envp = cli_environ ();
  const char *argv[] = { binary (), f->opt, "import", xml, NULL };
  gint64 start, duration_us;
  int complete = 0, none = 0;

  start = g_get_monotonic_time ();
  {
    g_auto(Run) import = run_cli (f->opt, "import", xml);
    g_assert_cmpint (import.status, ==, 0);
  }
  duration_us = g_get_monotonic_time () - start;

  for (int attempt = 0; attempt < 40; attempt++)
    {
      g_autofree char *header = NULL;
      gsize length = 0;

      g_remove (f->path);
      run_killed (argv, envp, duration_us / 3, duration_us * 6 / 5);

      if (!g_file_test (f->path, G_FILE_TEST_EXISTS))
        {
          none++;
          continue;
        }
      complete++;
      /* Bytes 18 and 19 of the header: 2 is the write-ahead log. */
      g_assert_true (g_file_get_contents (f->path, &header, &length, NULL));
      g_assert_cmpuint (length, >, 100);
      g_assert_cmpint (header[18], ==, 2);
      g_assert_cmpint (header[19], ==, 2);
      g_assert_cmpint (count_rows (f->path, "exchange"), ==, 8000);
      {
        g_auto(Run) classify = run_cli (f->opt, "classify", "--format=json");

        g_assert_cmpstr (classify.err, ==, "");
        g_assert_cmpint (classify.status, ==, 0);
      }
    }
  g_test_message ("kills that left no ledger: %d, the whole one: %d", none, complete);
}

/* A small real filesystem that can be filled and then given room. */
static char *
mount_small_disk (Fixture    *f,
                  const char *size)
{
  g_autofree char *options = g_strconcat ("size=", size, NULL);
  char *disk = g_build_filename (f->dir, "disk", NULL);

  g_assert_cmpint (g_mkdir (disk, 0700), ==, 0);
  if (mount ("tmpfs", disk, "tmpfs", 0, options) != 0)
    {
      g_test_skip ("a tmpfs cannot be mounted here (not root?)");
      g_free (disk);
      return NULL;
    }
  return disk;
}

static void
unmount_small_disk (char *disk)
{
  umount2 (disk, MNT_DETACH);
  g_rmdir (disk);
  g_free (disk);
}

static void
give_room (const char *disk,
           const char *size)
{
  g_autofree char *options = g_strconcat ("size=", size, NULL);

  g_assert_cmpint (mount ("tmpfs", disk, "tmpfs", MS_REMOUNT, options), ==, 0);
}

/* Fills what is left of @disk; returns the filler's path. */
static char *
fill_disk (const char *disk)
{
  char *filler = g_build_filename (disk, "filler", NULL);
  char block[4096] = { 0 };
  int fd = g_open (filler, O_WRONLY | O_CREAT | O_TRUNC, 0600);

  g_assert_cmpint (fd, >=, 0);
  while (write (fd, block, sizeof block) > 0)
    ;
  g_assert_cmpint (errno, ==, ENOSPC);
  close (fd);
  return filler;
}

static void
assert_disk_full (const Run *run)
{
  g_test_message ("%s", run->err);
  g_assert_cmpint (run->status, ==, 3);
  assert_one_sentence (run->err);
  g_assert_nonnull (strstr (run->err, "is full"));
  g_assert_null (strstr (run->err, "damaged"));
}

/* An import that fits in the WAL but whose checkpoint finds no room,
 * then `log` and `import` on a full disk; with room again, all works. */
static void
test_disk_full (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *xml = make_import_file (f->dir, "20", "8000");
  g_autofree char *disk = mount_small_disk (f, "2000k");
  g_autofree char *ledger = NULL;
  g_autofree char *opt = NULL;
  g_autofree char *filler = NULL;
  g_auto(Run) add = { 0 };
  g_auto(Run) import = { 0 };
  g_auto(Run) classify = { 0 };
  g_auto(Run) log = { 0 };
  g_auto(Run) again = { 0 };
  g_auto(Run) log_later = { 0 };
  g_auto(Run) import_later = { 0 };
  gint64 exchanges;

  if (disk == NULL)
    return;
  ledger = g_build_filename (disk, "ledger.db", NULL);
  opt = g_strconcat ("--ledger=", ledger, NULL);
  add = run_cli (opt, "add-relationship", "Before");
  g_assert_cmpint (add.status, ==, 0);

  /* The commit fits in the WAL, the checkpoint does not fit the disk. */
  import = run_cli (opt, "import", xml);
  g_test_message ("import: %d %s", import.status, import.err);
  if (import.status != 0)
    assert_disk_full (&import);

  classify = run_cli (opt, "classify", "--format=json");
  g_test_message ("classify: %d %s", classify.status, classify.err);
  if (classify.status != 0)
    assert_disk_full (&classify);

  /* Nothing left at all: refused as a full disk, nothing changed. */
  filler = fill_disk (disk);
  log = run_cli (opt, "log", "Before", "--given", "--kind=advice", "--value=1");
  assert_disk_full (&log);
  again = run_cli (opt, "import", xml);
  if (again.status != 0)
    assert_disk_full (&again);

  /* Room again: the ledger works and holds what was committed. */
  g_remove (filler);
  give_room (disk, "16m");
  log_later = run_cli (opt, "log", "Before", "--given", "--kind=advice", "--value=1");
  g_assert_cmpstr (log_later.err, ==, "");
  g_assert_cmpint (log_later.status, ==, 0);
  import_later = run_cli (opt, "import", xml);
  g_assert_cmpstr (import_later.err, ==, "");
  g_assert_cmpint (import_later.status, ==, 0);
  exchanges = count_rows (ledger, "exchange");
  g_assert_cmpint (exchanges, ==, 8001);
  g_assert_cmpint (count_rows (ledger, "relationship"), ==, 21);

  unmount_small_disk (g_steal_pointer (&disk));
}

/* 3. Totals within 64 bits */

/* A Mutual XML file: relationship @name (uuid from @n) with @count
 * exchanges given, each worth @value (a decimal) and @minutes. */
static char *
write_xml (const char *dir,
           const char *file,
           const char *name,
           int         n,
           int         count,
           const char *value,
           const char *minutes)
{
  g_autoptr(GString) xml = g_string_new ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                                         "<mutual xmlns=\"urn:mutual:ledger:1\" version=\"1\" currency=\"EUR\">\n");
  char *path = g_build_filename (dir, file, NULL);

  g_string_append_printf (xml, "<relationship id=\"00000000-0000-4000-8000-%012d\" name=\"%s\">\n", n, name);
  for (int i = 0; i < count; i++)
    g_string_append_printf (xml, "<exchange id=\"00000000-0000-4000-9000-%06d%06d\" date=\"2025-01-%02d\""
                            " direction=\"given\" kind=\"work\" value=\"%s\"%s%s%s/>\n",
                            n, i, i % 28 + 1, value,
                            minutes ? " minutes=\"" : "", minutes ? minutes : "", minutes ? "\"" : "");
  g_string_append (xml, "</relationship>\n</mutual>\n");
  g_assert_true (g_file_set_contents (path, xml->str, (gssize) xml->len, NULL));
  return path;
}

#define MAX_VALUE "10000000000000.00"   /* 10^15 minor units */

static void
assert_total_refused (Fixture    *f,
                      const Run  *run,
                      const char *before)
{
  g_test_message ("%d %s", run->status, run->err);
  g_assert_cmpint (run->status, ==, 2);
  assert_one_sentence (run->err);
  g_assert_nonnull (strstr (run->err, "larger than Mutual can add up"));
  {
    g_autofree char *after = checksum_file (f->path);
    g_assert_cmpstr (after, ==, before);
  }
}

static void
test_total_overflow_values (Fixture       *f,
                            gconstpointer  data)
{
  /* 9,223 × 10^15 is just below 2^63; one more exchange is past it. */
  g_autofree char *full = write_xml (f->dir, "full.xml", "Full", 1, 9223, MAX_VALUE, NULL);
  g_autofree char *over = write_xml (f->dir, "over.xml", "Over", 2, 9224, MAX_VALUE, NULL);
  g_autofree char *small = write_xml (f->dir, "small.xml", "Small", 3, 1, MAX_VALUE, NULL);
  g_autofree char *before = NULL;
  g_auto(Run) refused_import = { 0 };
  g_auto(Run) import = { 0 };
  g_auto(Run) add = { 0 };
  g_auto(Run) log_same = { 0 };
  g_auto(Run) log_other = { 0 };
  g_auto(Run) import_other = { 0 };
  g_auto(Run) classify = { 0 };
  g_auto(Run) balance = { 0 };

  /* One relationship past 2^63 in one file: refused, nothing added. */
  add = run_cli (f->opt, "add-relationship", "Other");
  g_assert_cmpint (add.status, ==, 0);
  before = checksum_file (f->path);
  refused_import = run_cli (f->opt, "import", over);
  assert_total_refused (f, &refused_import, before);

  /* Up to the limit is fine, and every total still adds up. */
  import = run_cli (f->opt, "import", full);
  g_assert_cmpint (import.status, ==, 0);
  g_clear_pointer (&before, g_free);
  before = checksum_file (f->path);

  /* The same relationship, one exchange more. */
  log_same = run_cli (f->opt, "log", "Full", "--given", "--kind=work", "--value=10000000000000");
  assert_total_refused (f, &log_same, before);
  /* Another relationship: its own total is small, the ledger's is not. */
  log_other = run_cli (f->opt, "log", "Other", "--received", "--kind=payment", "--value=10000000000000");
  assert_total_refused (f, &log_other, before);
  import_other = run_cli (f->opt, "import", small);
  assert_total_refused (f, &import_other, before);

  classify = run_cli (f->opt, "classify", "--format=json");
  g_assert_cmpint (classify.status, ==, 0);
  g_assert_nonnull (strstr (classify.out, "\"given\": \"92230000000000000.00\""));
  balance = run_cli (f->opt, "balance", "--all", "--format=json");
  g_assert_cmpint (balance.status, ==, 0);
}

/* A file large enough that the import adds up the day totals itself,
 * into an empty ledger. */
static void
test_total_overflow_bulk_import (Fixture       *f,
                                 gconstpointer  data)
{
  g_autofree char *over = write_xml (f->dir, "over.xml", "Over", 1, 40000, MAX_VALUE, NULL);
  g_autofree char *fits = write_xml (f->dir, "fits.xml", "Fits", 2, 40000, "1.00", NULL);
  g_autofree char *before = NULL;
  g_auto(Run) add = run_cli (f->opt, "add-relationship", "Other");
  g_auto(Run) refused = { 0 };
  g_auto(Run) import = { 0 };
  g_auto(Run) log = { 0 };
  GStatBuf st;

  g_assert_cmpint (g_stat (over, &st), ==, 0);
  g_assert_cmpint (st.st_size, >, 4 * 1024 * 1024);
  g_assert_cmpint (add.status, ==, 0);
  before = checksum_file (f->path);
  refused = run_cli (f->opt, "import", over);
  assert_total_refused (f, &refused, before);

  /* A bulk import that fits keeps the totals the triggers would. */
  import = run_cli (f->opt, "import", fits);
  g_assert_cmpint (import.status, ==, 0);
  g_assert_cmpint (count_rows (f->path, "relationship_total WHERE value = 4000000 AND minutes = 0"), ==, 1);
  g_assert_cmpint (count_rows (f->path, "ledger_total WHERE value = 4000000"), ==, 1);
  log = run_cli (f->opt, "log", "Other", "--given", "--kind=work", "--value=1", "--minutes=5");
  g_assert_cmpint (log.status, ==, 0);
  g_assert_cmpint (count_rows (f->path, "ledger_total WHERE value = 4000100 AND minutes = 5"), ==, 1);
}

/* Minutes cannot get there through Mutual (each is at most 2^31 − 1),
 * so the ledger's own rule is tested by writing the rows directly. */
static void
test_total_overflow_minutes (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("mutual-safety-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "ledger.db", NULL);
  g_autoptr(MutualLedger) ledger = mutual_ledger_open (path, &error);
  g_autoptr(MutualRelationship) a = mutual_relationship_new ();
  g_autoptr(MutualRelationship) b = mutual_relationship_new ();
  g_autofree char *insert = NULL;
  sqlite3 *db;

  g_assert_no_error (error);
  a->name = g_strdup ("A");
  b->name = g_strdup ("B");
  g_assert_true (mutual_ledger_add_relationship (ledger, a, &error));
  g_assert_true (mutual_ledger_add_relationship (ledger, b, &error));
  db = mutual_ledger_get_db (ledger);

#define INSERT(rel, uuid, date, minutes) \
  g_strdup_printf ("INSERT INTO exchange (uuid, relationship, date, direction, kind, value, minutes)" \
                   " VALUES ('%s', %" G_GINT64_FORMAT ", %d, 0, 1, 0, %s)", uuid, rel, date, minutes)

  insert = INSERT (a->id, "u1", 20250101, "4611686018427387904");   /* 2^62 */
  g_assert_cmpint (sqlite3_exec (db, insert, NULL, NULL, NULL), ==, SQLITE_OK);
  g_free (insert);
  /* Another day: its day total fits, the relationship's would not. */
  insert = INSERT (a->id, "u2", 20250102, "4611686018427387904");
  g_assert_cmpint (sqlite3_exec (db, insert, NULL, NULL, NULL) & 0xff, ==, SQLITE_CONSTRAINT);
  g_free (insert);
  /* Another relationship: the ledger's would not. */
  insert = INSERT (b->id, "u3", 20250102, "4611686018427387904");
  g_assert_cmpint (sqlite3_exec (db, insert, NULL, NULL, NULL) & 0xff, ==, SQLITE_CONSTRAINT);
  g_free (insert);
  /* Nor by raising an exchange that is there. */
  insert = INSERT (b->id, "u4", 20250102, "1");
  g_assert_cmpint (sqlite3_exec (db, insert, NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "UPDATE exchange SET minutes = 4611686018427387904 WHERE uuid = 'u4'",
                                 NULL, NULL, NULL) & 0xff, ==, SQLITE_CONSTRAINT);
  g_assert_cmpint (sqlite3_exec (db, "UPDATE exchange SET value = 1000 WHERE uuid = 'u4'",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  /* Taking away makes room again. */
  g_assert_cmpint (sqlite3_exec (db, "DELETE FROM exchange WHERE uuid = 'u1'", NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "UPDATE exchange SET minutes = 4611686018427387904 WHERE uuid = 'u4'",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
#undef INSERT

  g_clear_object (&ledger);
  remove_tree (dir);
}

/* 5. CSV cells a spreadsheet would run */

static char *
export_csv (MutualLedger *ledger)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();

  g_assert_true (mutual_export_csv_stream (ledger, out, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_output_stream_write_all (out, "", 1, NULL, NULL, NULL));
  g_assert_true (g_output_stream_close (out, NULL, NULL));
  return g_memory_output_stream_steal_data (G_MEMORY_OUTPUT_STREAM (out));
}

static void
test_csv_formula_injection (LedgerFixture *f,
                            gconstpointer  data)
{
  static const struct { const char *name, *note, *expected; } cases[] = {
    { "=HYPERLINK(\"http://x\")", "=1+1", "\"'=HYPERLINK(\"\"http://x\"\")\",2025-01-01,given,work,1.00,,'=1+1\r\n" },
    { "+Plus", "+cmd|' /C calc'!A0", "'+Plus,2025-01-01,given,work,1.00,,'+cmd|' /C calc'!A0\r\n" },
    { "-Minus", "-2+3", "'-Minus,2025-01-01,given,work,1.00,,'-2+3\r\n" },
    { "@Sum", "@SUM(A1)", "'@Sum,2025-01-01,given,work,1.00,,'@SUM(A1)\r\n" },
    { "Tab", "\t=1", "Tab,2025-01-01,given,work,1.00,,'\t=1\r\n" },
    { "Return", "\r=1", "Return,2025-01-01,given,work,1.00,,\"'\r=1\"\r\n" },
    { "Plain", "a=b, -c", "Plain,2025-01-01,given,work,1.00,,\"a=b, -c\"\r\n" },
  };
  g_autofree char *csv = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(MutualRelationship) rel = mutual_relationship_new ();
      g_autoptr(MutualExchange) exchange = mutual_exchange_new ();

      rel->name = g_strdup (cases[i].name);
      g_assert_true (mutual_ledger_add_relationship (f->ledger, rel, &error));
      g_assert_no_error (error);
      exchange->relationship_id = rel->id;
      exchange->date = 20250101;
      exchange->direction = MUTUAL_DIRECTION_GIVEN;
      exchange->kind = MUTUAL_KIND_WORK;
      exchange->value = 100;
      exchange->note = g_strdup (cases[i].note);
      g_assert_true (mutual_ledger_add_exchange (f->ledger, exchange, &error));
      g_assert_no_error (error);
    }

  csv = export_csv (f->ledger);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("%s", cases[i].expected);
      g_assert_nonnull (strstr (csv, cases[i].expected));
    }
}

/* 4. Hostile XML refused in linear time */

static Run
import_timed (Fixture    *f,
              const char *xml,
              gsize       length,
              double     *seconds)
{
  g_autofree char *path = g_build_filename (f->dir, "hostile.xml", NULL);
  gint64 start;
  Run run;

  g_assert_true (g_file_set_contents (path, xml, (gssize) length, NULL));
  start = g_get_monotonic_time ();
  run = run_cli (f->opt, "import", path);
  *seconds = (g_get_monotonic_time () - start) / 1e6;
  return run;
}

#define ROOT_OPEN "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<mutual xmlns=\"urn:mutual:ledger:1\" version=\"1\" currency=\"EUR\""

static void
assert_tag_refused (Fixture    *f,
                    const Run  *run,
                    double      seconds,
                    const char *before)
{
  g_autofree char *after = checksum_file (f->path);

  g_test_message ("%.3f s: %d %s", seconds, run->status, run->err);
  g_assert_cmpint (run->status, ==, 2);
  assert_one_sentence (run->err);
  g_assert_nonnull (strstr (run->err, "line 2, column 1: A tag is longer than 64 KiB"));
  g_assert_cmpfloat (seconds, <, 1.0);
  g_assert_cmpstr (after, ==, before);
}

static void
test_huge_start_tag (Fixture       *f,
                     gconstpointer  data)
{
  g_auto(Run) add = run_cli (f->opt, "add-relationship", "Someone");
  g_autofree char *before = checksum_file (f->path);
  g_autoptr(GString) xml = g_string_new (ROOT_OPEN);
  double seconds;

  g_assert_cmpint (add.status, ==, 0);

  /* 200,000 attributes: libxml2 2.9.14 takes seconds over them. */
  for (int i = 0; i < 200000; i++)
    g_string_append_printf (xml, " a%d=\"\"", i);
  g_string_append (xml, "/>\n");
  {
    g_auto(Run) run = import_timed (f, xml->str, xml->len, &seconds);
    assert_tag_refused (f, &run, seconds, before);
  }

  /* 10 MB in one start tag, most of it an attribute value with ">". */
  g_string_assign (xml, ROOT_OPEN " x=\"");
  while (xml->len < 10 * 1000 * 1000)
    g_string_append (xml, "> relationship name='a'/ ");
  g_string_append (xml, "\"/>\n");
  {
    g_auto(Run) run = import_timed (f, xml->str, xml->len, &seconds);
    assert_tag_refused (f, &run, seconds, before);
  }
}

/* 64 KiB is allowed (here as white space inside the tag, which XML
 * allows), one byte more is not; comments and text are not tags. */
static void
test_start_tag_limit (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GString) xml = g_string_new (ROOT_OPEN);
  gsize tag_start = strstr (ROOT_OPEN, "<mutual") - ROOT_OPEN;
  double seconds;

  while (xml->len - tag_start < 65535)
    g_string_append_c (xml, ' ');
  g_string_append (xml, ">\n<!--");
  for (int i = 0; i < 20000; i++)
    g_string_append (xml, " <long comment> ");
  g_string_append (xml, "--><relationship name=\"Fits\"><notes>");
  for (int i = 0; i < 600; i++)
    g_string_append (xml, "&lt;text&gt; ");
  g_string_append (xml, "</notes></relationship></mutual>\n");
  {
    g_auto(Run) run = import_timed (f, xml->str, xml->len, &seconds);
    g_test_message ("%s", run.err);
    g_assert_cmpint (run.status, ==, 0);
  }

  g_string_insert_c (xml, (gssize) (tag_start + strlen ("<mutual")), ' ');
  {
    g_autofree char *before = checksum_file (f->path);
    g_auto(Run) run = import_timed (f, xml->str, xml->len, &seconds);
    assert_tag_refused (f, &run, seconds, before);
  }
}

/* 6. Readers see one snapshot */

typedef struct
{
  const char    *path;
  volatile gint  stop;
  gint           rounds;
} Writer;

static gint64
add_with_exchange (MutualLedger *ledger,
                   const char   *name,
                   gint64        value)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MutualRelationship) rel = mutual_relationship_new ();
  g_autoptr(MutualExchange) exchange = mutual_exchange_new ();

  rel->name = g_strdup (name);
  g_assert_true (mutual_ledger_add_relationship (ledger, rel, &error));
  g_assert_no_error (error);
  exchange->relationship_id = rel->id;
  exchange->date = 20250101;
  exchange->direction = MUTUAL_DIRECTION_GIVEN;
  exchange->kind = MUTUAL_KIND_WORK;
  exchange->value = value;
  g_assert_true (mutual_ledger_add_exchange (ledger, exchange, &error));
  g_assert_no_error (error);
  return rel->id;
}

/* Adds and deletes a relationship named to sort first, one commit each,
 * until told to stop. */
static gpointer
write_concurrently (gpointer data)
{
  Writer *writer = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(MutualLedger) ledger = mutual_ledger_open (writer->path, &error);

  g_assert_no_error (error);
  while (!g_atomic_int_get (&writer->stop))
    {
      g_autofree char *name = g_strdup_printf ("A%d", writer->rounds++);
      gint64 id = add_with_exchange (ledger, name, 99900);

      /* Never more than one more: the ledger and its WAL stay small. */
      g_usleep (500);
      g_assert_true (mutual_ledger_delete_relationship (ledger, id, &error));
      g_assert_no_error (error);
      g_usleep (500);
    }
  return NULL;
}

static void
make_race_ledger (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MutualLedger) ledger = mutual_ledger_open (path, &error);

  g_assert_no_error (error);
  /* R00 gave 1.00, R01 2.00, …: a name and its figures belong together. */
  for (int i = 0; i < 30; i++)
    {
      g_autofree char *name = g_strdup_printf ("R%02d", i);
      add_with_exchange (ledger, name, (i + 1) * 100);
    }
}

/* Every object's figures are its own relationship's. */
static void
assert_classify_consistent (const char *json)
{
  g_auto(GStrv) lines = g_strsplit (json, "\n", -1);

  for (guint i = 0; lines[i]; i++)
    {
      const char *name = strstr (lines[i], "\"name\": \"");
      const char *given = strstr (lines[i], "\"given\": \"");
      g_autofree char *expected = NULL;

      if (name == NULL)
        continue;
      g_assert_nonnull (given);
      name += strlen ("\"name\": \"");
      given += strlen ("\"given\": \"");
      if (name[0] == 'R')
        expected = g_strdup_printf ("%d.00\"", atoi (name + 1) + 1);
      else if (!g_str_has_prefix (given, "0.00\""))
        expected = g_strdup ("999.00\"");
      if (expected && !g_str_has_prefix (given, expected))
        g_error ("%.*s has the figures of another: %s", 4, name, lines[i]);
    }
}

static void
test_classify_snapshot (Fixture       *f,
                        gconstpointer  data)
{
  Writer writer = { f->path, 0, 0 };
  GThread *thread;
  gint64 until;
  int runs = 0;

  make_race_ledger (f->path);
  thread = g_thread_new ("writer", write_concurrently, &writer);
  until = g_get_monotonic_time () + 6 * G_USEC_PER_SEC;
  while (g_get_monotonic_time () < until)
    {
      g_auto(Run) run = run_cli (f->opt, "classify", "--format=json");

      if (run.status != 0)
        g_error ("classify failed during writes: %d %s", run.status, run.err);
      assert_classify_consistent (run.out);
      runs++;
    }
  g_atomic_int_set (&writer.stop, 1);
  g_thread_join (thread);
  g_test_message ("%d runs of classify over %d writes", runs, writer.rounds);
}

static void
test_report_snapshot (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MutualLedger) ledger = NULL;
  g_autofree char *pdf = g_build_filename (f->dir, "report.pdf", NULL);
  Writer writer = { f->path, 0, 0 };
  GThread *thread;
  gint64 until;
  int runs = 0;

  make_race_ledger (f->path);
  ledger = mutual_ledger_open (f->path, &error);
  g_assert_no_error (error);
  thread = g_thread_new ("writer", write_concurrently, &writer);
  until = g_get_monotonic_time () + 4 * G_USEC_PER_SEC;
  while (g_get_monotonic_time () < until)
    {
      if (!mutual_report_write (ledger, pdf, 0, 20251231, 20251231, &error))
        g_error ("the report failed during writes: %s", error->message);
      runs++;
    }
  g_atomic_int_set (&writer.stop, 1);
  g_thread_join (thread);
  g_test_message ("%d reports over %d writes", runs, writer.rounds);
}

/* 7. Minor: text, names, ids, minutes, files that are not files */

static void
assert_refused (Fixture    *f,
                const Run  *run,
                int         status,
                const char *words)
{
  g_test_message ("%d %s", run->status, run->err);
  g_assert_cmpint (run->status, ==, status);
  assert_one_sentence (run->err);
  if (words)
    g_assert_nonnull (strstr (run->err, words));
}

static void
test_title_control (Fixture       *f,
                    gconstpointer  data)
{
  g_auto(Run) demo = run_cli (f->opt, "demo", "--relationships=3", "--exchanges=30");
  g_autofree char *svg = g_build_filename (f->dir, "chart.svg", NULL);
  g_autofree char *output = g_strconcat ("--output=", svg, NULL);
  static const char * const titles[] = { "--title=A\001B", "--title=Tab\there", "--title=Line\nbreak", "--title=C1\302\205" };

  g_assert_cmpint (demo.status, ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (titles); i++)
    {
      g_auto(Run) run = run_cli (f->opt, "chart", "--all", output, titles[i]);

      assert_refused (f, &run, 2, "control character");
      g_assert_false (g_file_test (svg, G_FILE_TEST_EXISTS));
    }
  {
    g_auto(Run) run = run_cli (f->opt, "chart", "--all", output, "--title=Q3 <review> & “friends”");
    g_autofree char *contents = NULL;

    g_assert_cmpint (run.status, ==, 0);
    g_assert_true (g_file_get_contents (svg, &contents, NULL, NULL));
    g_assert_nonnull (strstr (contents, "Q3 &lt;review&gt; &amp; “friends”"));
  }
}

static void
test_control_characters (Fixture       *f,
                         gconstpointer  data)
{
  g_auto(Run) add = run_cli (f->opt, "add-relationship", "Someone");
  g_autofree char *before = NULL;
  g_autofree char *x1 = g_build_filename (f->dir, "one.xml", NULL);
  g_autofree char *x2 = g_build_filename (f->dir, "two.xml", NULL);
  g_autofree char *other = g_build_filename (f->dir, "other.db", NULL);
  g_autofree char *other_opt = g_strconcat ("--ledger=", other, NULL);
  g_autofree char *c1 = NULL;
  g_autofree char *one = NULL;
  g_autofree char *two = NULL;

  g_assert_cmpint (add.status, ==, 0);
  before = checksum_file (f->path);
  {
    g_auto(Run) a = run_cli (f->opt, "add-relationship", "Bell\007");
    g_auto(Run) b = run_cli (f->opt, "add-relationship", "Tab\tname");
    g_auto(Run) c = run_cli (f->opt, "add-relationship", "Org", "--organization=Acme\001");
    g_auto(Run) d = run_cli (f->opt, "log", "Someone", "--given", "--kind=advice", "--value=0", "--note=a\001b");
    g_auto(Run) e = run_cli (f->opt, "log", "Someone", "--given", "--kind=advice", "--value=0", "--note=a\302\205b");
    g_auto(Run) g = run_cli (f->opt, "log", "Someone", "--given", "--kind=advice", "--value=0", "--note=a\177b");

    assert_refused (f, &a, 2, "control character");
    assert_refused (f, &b, 2, "control character");
    assert_refused (f, &c, 2, "control character");
    assert_refused (f, &d, 2, "control character");
    assert_refused (f, &e, 2, "control character");
    assert_refused (f, &g, 2, "control character");
    assert_file_checksum (f->path, before);
  }

  /* A C1 control can be written in XML: refused there too. */
  c1 = write_xml (f->dir, "c1.xml", "Someone else", 7, 1, "1.00", NULL);
  {
    g_autofree char *text = NULL;

    g_assert_true (g_file_get_contents (c1, &text, NULL, NULL));
    {
      char *at = strstr (text, "/>\n</relationship>");
      GString *s = g_string_new_len (text, at - text);

      g_string_append (s, ">x&#x85;y</exchange>\n</relationship>\n</mutual>\n");
      g_assert_true (g_file_set_contents (c1, s->str, (gssize) s->len, NULL));
      g_string_free (s, TRUE);
    }
    {
      g_auto(Run) run = run_cli (f->opt, "import", c1);
      assert_refused (f, &run, 2, "control character");
    }
  }

  /* TAB and line breaks are kept, through the XML and back. */
  {
    g_auto(Run) log = run_cli (f->opt, "log", "Someone", "--given", "--kind=advice", "--value=0",
                               "--note=one\ttwo\r\nthree\nfour\rfive");
    g_auto(Run) e1 = { 0 };
    g_auto(Run) imp = { 0 };
    g_auto(Run) e2 = { 0 };

    g_assert_cmpint (log.status, ==, 0);
    e1 = run_cli (f->opt, "export", x1);
    imp = run_cli (other_opt, "import", x1);
    e2 = run_cli (other_opt, "export", x2);
    g_assert_cmpint (e1.status + imp.status + e2.status, ==, 0);
    g_assert_true (g_file_get_contents (x1, &one, NULL, NULL));
    g_assert_true (g_file_get_contents (x2, &two, NULL, NULL));
    g_assert_nonnull (strstr (one, "one\ttwo&#13;\nthree\nfour&#13;five"));
    g_assert_cmpstr (one, ==, two);
  }
}

static void
test_invisible_and_uuid_names (Fixture       *f,
                               gconstpointer  data)
{
  g_auto(Run) add = run_cli (f->opt, "add-relationship", "Someone");
  g_autofree char *before = NULL;
  g_autofree char *uuid = NULL;
  static const char * const invisible[] = {
    "\342\200\213",                        /* U+200B ZERO WIDTH SPACE */
    " \342\200\213\342\201\240 ",          /* with U+2060 WORD JOINER */
    "\302\240\342\200\217",                /* NO-BREAK SPACE, RLM */
  };

  g_assert_cmpint (add.status, ==, 0);
  uuid = g_strndup (add.out, strcspn (add.out, "\n"));
  g_assert_true (g_uuid_string_is_valid (uuid));
  before = checksum_file (f->path);

  for (guint i = 0; i < G_N_ELEMENTS (invisible); i++)
    {
      g_auto(Run) run = run_cli (f->opt, "add-relationship", invisible[i]);
      assert_refused (f, &run, 2, NULL);
    }
  {
    g_autofree char *upper = g_ascii_strup (uuid, -1);
    g_auto(Run) same = run_cli (f->opt, "add-relationship", uuid);
    g_auto(Run) upper_run = run_cli (f->opt, "add-relationship", upper);
    g_auto(Run) other = run_cli (f->opt, "add-relationship", "7d1c2e4a-0b5f-4c3e-9a61-2f8d3b7c9e10");

    assert_refused (f, &same, 2, "looks like an id");
    assert_refused (f, &upper_run, 2, "looks like an id");
    assert_refused (f, &other, 2, "looks like an id");
  }
  assert_file_checksum (f->path, before);

  /* Through the XML too. */
  {
    g_autofree char *xml = write_xml (f->dir, "uuid-name.xml", "7d1c2e4a-0b5f-4c3e-9a61-2f8d3b7c9e10", 3, 1, "1.00", NULL);
    g_autofree char *zw = write_xml (f->dir, "zw-name.xml", "\342\200\213", 4, 1, "1.00", NULL);
    g_auto(Run) a = run_cli (f->opt, "import", xml);
    g_auto(Run) b = run_cli (f->opt, "import", zw);

    assert_refused (f, &a, 2, "looks like an id");
    assert_refused (f, &b, 2, "no visible character");
  }
  {
    g_auto(Run) fine = run_cli (f->opt, "add-relationship", "Acme 7d1c2e4a-0b5f-4c3e-9a61-2f8d3b7c9e10");
    g_assert_cmpint (fine.status, ==, 0);
  }
}

#define REL_ID "00000000-0000-4000-8000-000000000001"

static void
test_id_across_kinds (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *before = NULL;
  static const char * const files[] = {
    /* an exchange takes its own relationship's id */
    ROOT_OPEN ">\n<relationship id=\"" REL_ID "\" name=\"A\">\n"
    "<exchange id=\"" REL_ID "\" date=\"2025-01-01\" direction=\"given\" kind=\"work\" value=\"1.00\"/>\n"
    "</relationship>\n</mutual>\n",
    /* a later relationship takes an earlier exchange's id */
    ROOT_OPEN ">\n<relationship name=\"A\">\n"
    "<exchange id=\"" REL_ID "\" date=\"2025-01-01\" direction=\"given\" kind=\"work\" value=\"1.00\"/>\n"
    "</relationship>\n<relationship id=\"" REL_ID "\" name=\"B\"/>\n</mutual>\n",
    /* an exchange of a later relationship takes an earlier one's id */
    ROOT_OPEN ">\n<relationship id=\"" REL_ID "\" name=\"A\"/>\n<relationship name=\"B\">\n"
    "<exchange id=\"" REL_ID "\" date=\"2025-01-01\" direction=\"given\" kind=\"work\" value=\"1.00\"/>\n"
    "</relationship>\n</mutual>\n",
  };

  {
    g_auto(Run) add = run_cli (f->opt, "add-relationship", "Someone");
    g_auto(Run) log = run_cli (f->opt, "log", "Someone", "--given", "--kind=work", "--value=1");
    g_assert_cmpint (add.status + log.status, ==, 0);
  }
  before = checksum_file (f->path);
  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      double seconds;
      g_auto(Run) run = import_timed (f, files[i], strlen (files[i]), &seconds);

      assert_refused (f, &run, 2, "used by a relationship and by an exchange");
      assert_file_checksum (f->path, before);
    }
}

/* The same in an import large enough to keep its ids in memory, into
 * a ledger without exchanges. */
static void
test_id_across_kinds_bulk (Fixture       *f,
                           gconstpointer  data)
{
  g_autofree char *xml = write_xml (f->dir, "many.xml", "Many", 1, 40000, "1.00", NULL);
  g_autofree char *text = NULL;
  g_autofree char *before = NULL;
  g_autoptr(GString) file = NULL;
  gsize length;
  g_auto(Run) add = run_cli (f->opt, "add-relationship", "Someone");

  g_assert_cmpint (add.status, ==, 0);
  before = checksum_file (f->path);
  g_assert_true (g_file_get_contents (xml, &text, &length, NULL));
  file = g_string_new_len (text, (gssize) length - strlen ("</mutual>\n"));
  /* The id of the first exchange, on a relationship after them all. */
  g_string_append (file, "<relationship id=\"00000000-0000-4000-9000-000001000000\" name=\"Late\"/>\n</mutual>\n");
  g_assert_true (g_file_set_contents (xml, file->str, (gssize) file->len, NULL));
  {
    g_auto(Run) run = run_cli (f->opt, "import", xml);
    assert_refused (f, &run, 2, "used by a relationship and by an exchange");
  }
  assert_file_checksum (f->path, before);

  /* And the other way: the relationship first, the exchange after. */
  g_string_truncate (file, 0);
  g_string_append_len (file, text, strstr (text, "<relationship") - text);
  g_string_append (file, "<relationship id=\"00000000-0000-4000-9000-000001000000\" name=\"Early\"/>\n");
  g_string_append (file, strstr (text, "<relationship"));
  g_assert_true (g_file_set_contents (xml, file->str, (gssize) file->len, NULL));
  {
    g_auto(Run) run = run_cli (f->opt, "import", xml);
    assert_refused (f, &run, 2, "used by a relationship and by an exchange");
  }
  assert_file_checksum (f->path, before);
}

static void
test_minutes_limit (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *over = write_xml (f->dir, "over.xml", "Over", 1, 1, "1.00", "2147483648");
  g_autofree char *fits = write_xml (f->dir, "fits.xml", "Fits", 2, 1, "1.00", "2147483647");
  g_autofree char *before = NULL;
  g_auto(Run) add = run_cli (f->opt, "add-relationship", "Someone");
  g_auto(Run) refused = { 0 };
  g_auto(Run) log = { 0 };
  g_auto(Run) import = { 0 };

  g_assert_cmpint (add.status, ==, 0);
  before = checksum_file (f->path);
  refused = run_cli (f->opt, "import", over);
  assert_refused (f, &refused, 2, "2,147,483,647 minutes");
  log = run_cli (f->opt, "log", "Someone", "--given", "--kind=work", "--value=1", "--minutes=2147483648");
  g_assert_cmpint (log.status, ==, 2);
  assert_file_checksum (f->path, before);
  import = run_cli (f->opt, "import", fits);
  g_assert_cmpint (import.status, ==, 0);

  /* The core refuses it whoever calls. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(MutualExchange) exchange = mutual_exchange_new ();
    g_autofree char *problem = NULL;

    exchange->date = 20250101;
    exchange->minutes = (gint64) G_MAXINT32 + 1;
    problem = mutual_exchange_check (exchange);
    g_assert_nonnull (problem);
    exchange->minutes = G_MAXINT32;
    g_clear_pointer (&problem, g_free);
    problem = mutual_exchange_check (exchange);
    g_assert_null (problem);
  }
}

/* Runs `mutual` and kills it after @seconds: it must not block. */
static int
run_within (const char * const *argv,
            int                 seconds,
            char              **err)
{
  g_auto(GStrv) envp = cli_environ ();
  g_autoptr(GError) error = NULL;
  gint64 until = g_get_monotonic_time () + seconds * G_USEC_PER_SEC;
  int wait_status, err_fd;
  GPid pid;

  g_assert_true (g_spawn_async_with_pipes (NULL, (char **) argv, envp, G_SPAWN_DO_NOT_REAP_CHILD,
                                           NULL, NULL, &pid, NULL, NULL, &err_fd, &error));
  g_assert_no_error (error);
  while (waitpid (pid, &wait_status, WNOHANG) == 0)
    {
      if (g_get_monotonic_time () > until)
        {
          kill (pid, SIGKILL);
          waitpid (pid, &wait_status, 0);
          close (err_fd);
          g_spawn_close_pid (pid);
          g_error ("%s %s blocked", argv[1], argv[2]);
        }
      g_usleep (10000);
    }
  {
    char buffer[1024];
    gssize n = read (err_fd, buffer, sizeof buffer - 1);

    *err = g_strndup (buffer, MAX (n, 0));
  }
  close (err_fd);
  g_spawn_close_pid (pid);
  g_assert_true (WIFEXITED (wait_status));
  return WEXITSTATUS (wait_status);
}

static void
test_fifo_and_device (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *fifo = g_build_filename (f->dir, "fifo.db", NULL);
  g_autofree char *fifo_opt = g_strconcat ("--ledger=", fifo, NULL);
  const char * const *cases[] = {
    (const char * const []) { binary (), fifo_opt, "classify", NULL },
    (const char * const []) { binary (), fifo_opt, "add-relationship", "Someone", NULL },
    (const char * const []) { binary (), "--ledger=/dev/zero", "classify", NULL },
    (const char * const []) { binary (), "--ledger=/dev/null", "add-relationship", "Someone", NULL },
  };

  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *err = NULL;
      int status = run_within (cases[i], 5, &err);

      g_test_message ("%d %s", status, err);
      g_assert_cmpint (status, ==, 3);
      g_assert_nonnull (strstr (err, "is not a regular file"));
    }
}

/* libxml2's words for the common mistakes become plain ones. */
static void
test_xml_errors_in_words (Fixture       *f,
                          gconstpointer  data)
{
  static const struct { const char *xml, *words, *raw; } cases[] = {
    { "", NULL, NULL },
    { "hello", "it has no element at all", "Document is empty" },
    { ROOT_OPEN "><relationship name=\"a\"></mutual>", "closed by another element’s end tag", "mismatch" },
    { ROOT_OPEN "><relationship name=\"a\" name=\"b\"/></mutual>", "the same attribute twice", "redefined" },
    { ROOT_OPEN "><relationship name=\"a\"/></mutual><x/>", "goes on after its <mutual> element", "Extra content" },
    { ROOT_OPEN "><relationship name=a/></mutual>", "no value in quotes", "AttValue" },
    { ROOT_OPEN "><relationship name=\"<\"/></mutual>", "holds a “<”", "Unescaped" },
  };

  for (guint i = 1; i < G_N_ELEMENTS (cases); i++)
    {
      double seconds;
      g_auto(Run) run = import_timed (f, cases[i].xml, strlen (cases[i].xml), &seconds);

      assert_refused (f, &run, 2, cases[i].words);
      g_assert_null (strstr (run.err, cases[i].raw));
    }
}

/* A foreign file's text reaches the terminal only without control
 * characters: an escape sequence in a payee or an e-mail address could
 * otherwise retitle, clear or rewrite the user's terminal. */
static gboolean
has_control (const char *text)
{
  for (const guchar *p = (const guchar *) text; *p; p++)
    if ((*p < 0x20 && *p != '\n' && *p != '\t') || *p == 0x7f
        || (p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f))
      return TRUE;
  return FALSE;
}

static void
test_import_terminal_escapes (Fixture       *f,
                              gconstpointer  data)
{
  g_autofree char *csv = g_build_filename (f->dir, "bank.csv", NULL);
  g_autofree char *vcf = g_build_filename (f->dir, "cards.vcf", NULL);
  const char *rows = "counterparty,date,value\n"
                     "\"Evil\033]0;owned\007\302\233 Corp\",2025-01-02,1\n";
  const char *cards = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Someone\r\n"
                      "EMAIL:\033[2J\302\233\r\nEND:VCARD\r\n";
  g_auto(Run) add = run_cli (f->opt, "add-relationship", "Someone");

  g_assert_cmpint (add.status, ==, 0);
  g_assert_true (g_file_set_contents (csv, rows, -1, NULL));
  g_assert_true (g_file_set_contents (vcf, cards, -1, NULL));
  {
    g_auto(Run) text = run_cli (f->opt, "import", csv, "--map=counterparty=1,date=2,value=3");
    g_auto(Run) refused = run_cli (f->opt, "import", vcf);

    g_assert_cmpint (text.status, ==, 0);
    g_assert_nonnull (strstr (text.out, "Evil"));
    g_assert_false (has_control (text.out));
    assert_refused (f, &refused, 2, "cards.vcf");
    g_assert_false (has_control (refused.err));
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, data, func) \
  g_test_add (path, Fixture, data, fixture_set_up, func, fixture_tear_down)

  ADD ("/safety/output/over-ledger", NULL, test_output_over_ledger);
  ADD ("/safety/output/over-ledger-named-png", "ledger.png", test_output_over_ledger);
  ADD ("/safety/output/over-ledger-named-svg", "ledger.svg", test_output_over_ledger);
  ADD ("/safety/output/over-ledger-named-pdf", "ledger.pdf", test_output_over_ledger);
  g_test_add_func ("/safety/output/over-open-ledger-core", test_output_over_open_ledger_core);
  ADD ("/safety/ledger/checkpoint-interrupted", NULL, test_checkpoint_interrupted);
  ADD ("/safety/ledger/checkpoint-killed", NULL, test_checkpoint_killed);
  ADD ("/safety/ledger/new-ledger-killed", NULL, test_new_ledger_killed);
  ADD ("/safety/ledger/disk-full", NULL, test_disk_full);
  ADD ("/safety/totals/overflow-values", NULL, test_total_overflow_values);
  ADD ("/safety/totals/overflow-bulk-import", NULL, test_total_overflow_bulk_import);
  g_test_add_func ("/safety/totals/overflow-minutes", test_total_overflow_minutes);
  ADD ("/safety/xml/huge-start-tag", NULL, test_huge_start_tag);
  ADD ("/safety/xml/start-tag-limit", NULL, test_start_tag_limit);
  ADD ("/safety/snapshot/classify", NULL, test_classify_snapshot);
  ADD ("/safety/snapshot/report", NULL, test_report_snapshot);
  ADD ("/safety/text/title-control", NULL, test_title_control);
  ADD ("/safety/text/control-characters", NULL, test_control_characters);
  ADD ("/safety/text/invisible-and-uuid-names", NULL, test_invisible_and_uuid_names);
  ADD ("/safety/xml/id-across-kinds", NULL, test_id_across_kinds);
  ADD ("/safety/xml/id-across-kinds-bulk", NULL, test_id_across_kinds_bulk);
  ADD ("/safety/xml/errors-in-words", NULL, test_xml_errors_in_words);
  ADD ("/safety/minutes/limit", NULL, test_minutes_limit);
  ADD ("/safety/ledger/fifo-and-device", NULL, test_fifo_and_device);
  ADD ("/safety/import/terminal-escapes", NULL, test_import_terminal_escapes);
  g_test_add ("/safety/csv/formula-injection", LedgerFixture, NULL,
              ledger_fixture_set_up, test_csv_formula_injection, ledger_fixture_tear_down);

  return g_test_run ();
}
