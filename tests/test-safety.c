/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Keeping the ledger safe (DESIGN.md): outputs never land on a ledger,
 * a ledger left mid-checkpoint or by a full disk opens again, totals
 * stay within 64 bits, and hostile input is refused in linear time.
 * Most cases run the real `mutual` binary, as an attacker would. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/mutual-error.h"
#include "core/mutual-interchange.h"
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
    run = run_cli (f->opt, "report", output);
  else
    run = run_cli (f->opt, command, target);

  g_test_message ("%s → %s: %d %s", command, target, run.status, run.err);
  g_assert_cmpint (run.status, ==, 2);
  assert_one_sentence (run.err);
  g_assert_nonnull (strstr (run.err, "nothing was written"));
  g_assert_cmpstr (checksum_file (f->path), ==, before);
  g_assert_cmpstr (checksum_file (target), ==, target_before);
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
  g_assert_cmpstr (checksum_file (path), ==, before);
  g_assert_cmpint (mutual_ledger_count_relationships (ledger), ==, 1);
  g_clear_object (&ledger);
  remove_tree (dir);
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

  return g_test_run ();
}
