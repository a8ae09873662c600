/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <locale.h>
#include <sqlite3.h>
#include <string.h>
#include <utime.h>

#include "core/mutual-backup.h"
#include "core/mutual-error.h"
#include "test-util.h"

/* A ledger at schema version 1 holding one relationship, opened once by
 * the current code so that its migration leaves one backup. */
static char *
make_migrated_ledger (const char *dir)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MutualLedger) old = NULL;
  g_autoptr(MutualLedger) current = NULL;
  char *path = g_build_filename (dir, "ledger.db", NULL);

  old = open_old_ledger (path);
  g_clear_object (&old);
  current = mutual_ledger_open (path, &error);
  g_assert_no_error (error);
  return path;
}

/* Overwrites the SQLite header's magic, as a stray write would. */
static void
damage (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length;

  g_assert_true (g_file_get_contents (path, &contents, &length, &error));
  memset (contents, 'x', 16);
  g_assert_true (g_file_set_contents (path, contents, length, &error));
}

static void
write_file (const char *dir,
            const char *name,
            const char *text,
            gint64      mtime)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (dir, name, NULL);
  struct utimbuf times = { mtime, mtime };

  g_assert_true (g_file_set_contents (path, text, -1, &error));
  g_assert_cmpint (g_utime (path, &times), ==, 0);
}

static void
test_none (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("mutual-test-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "ledger.db", NULL);
  g_autofree char *backups = g_build_filename (dir, "backups", NULL);

  g_assert_null (mutual_backup_find_latest (path));
  /* A folder holding only what is not a whole ledger offers nothing. */
  g_assert_cmpint (g_mkdir (backups, 0700), ==, 0);
  write_file (backups, "ledger-20260101T000000-v1.db", "not a ledger", 1);
  write_file (backups, "ledger-20260102T000000-v1.db.partial", "SQLite format 3", 2);
  g_assert_null (mutual_backup_find_latest (path));
  remove_tree (dir);
}

static void
test_latest_whole_one (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("mutual-test-XXXXXX", &error);
  g_autofree char *path = make_migrated_ledger (dir);
  g_autofree char *backups = g_build_filename (dir, "backups", NULL);
  g_autoptr(MutualBackup) backup = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  /* Newer files that are not whole ledgers are passed over. */
  write_file (backups, "ledger-29990101T000000-v1.db", "SQLite format 3", now + 3600);
  write_file (backups, "ledger-29990102T000000-v1.db.partial", "", now + 7200);

  backup = mutual_backup_find_latest (path);
  g_assert_nonnull (backup);
  g_assert_true (g_str_has_prefix (backup->path, backups));
  g_assert_true (g_str_has_suffix (backup->path, "-v1.db"));
  g_assert_nonnull (backup->made);
  g_assert_cmpint (ABS (g_date_time_to_unix (backup->made) - now), <, 600);
  remove_tree (dir);
}

static void
test_restore_keeps_damaged (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("mutual-test-XXXXXX", &error);
  g_autofree char *path = make_migrated_ledger (dir);
  g_autofree char *damaged = NULL;
  g_autofree char *kept_contents = NULL;
  g_autofree char *kept = NULL;
  g_autoptr(MutualBackup) backup = NULL;
  g_autoptr(MutualLedger) ledger = NULL;
  g_autoptr(MutualRelationship) found = NULL;
  gsize damaged_length, kept_length;

  damage (path);
  ledger = mutual_ledger_open (path, &error);
  g_assert_error (error, MUTUAL_ERROR, MUTUAL_ERROR_LEDGER);
  g_assert_null (ledger);
  g_clear_error (&error);
  g_assert_true (g_file_get_contents (path, &damaged, &damaged_length, NULL));

  backup = mutual_backup_find_latest (path);
  g_assert_nonnull (backup);
  g_assert_true (mutual_backup_restore (path, backup, &kept, &error));
  g_assert_no_error (error);

  /* The damaged file is kept, byte for byte, beside the ledger. */
  g_assert_nonnull (kept);
  g_assert_true (g_str_has_prefix (kept, path));
  g_assert_true (strstr (kept, ".damaged-") != NULL);
  g_assert_true (g_file_get_contents (kept, &kept_contents, &kept_length, NULL));
  g_assert_cmpmem (kept_contents, kept_length, damaged, damaged_length);

  /* The backup is untouched, and the ledger opens with what it held. */
  g_assert_true (g_file_test (backup->path, G_FILE_TEST_IS_REGULAR));
  ledger = mutual_ledger_open (path, &error);
  g_assert_no_error (error);
  found = mutual_ledger_find_relationship (ledger, "old friend", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (found->name, ==, "Old friend");
  g_clear_object (&ledger);
  remove_tree (dir);
}

static void
test_failed_restore_changes_nothing (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("mutual-test-XXXXXX", &error);
  g_autofree char *path = make_migrated_ledger (dir);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *kept = NULL;
  g_autoptr(MutualBackup) backup = NULL;
  g_autoptr(GDir) listing = NULL;
  const char *name;
  gsize before_length, after_length;
  int n_files = 0;

  damage (path);
  g_assert_true (g_file_get_contents (path, &before, &before_length, NULL));
  backup = mutual_backup_find_latest (path);
  g_assert_nonnull (backup);
  g_assert_cmpint (g_remove (backup->path), ==, 0);   /* gone since it was found */

  g_assert_false (mutual_backup_restore (path, backup, &kept, &error));
  g_assert_error (error, MUTUAL_ERROR, MUTUAL_ERROR_LEDGER);
  g_assert_nonnull (strstr (error->message, backup->path));
  g_assert_null (kept);

  g_assert_true (g_file_get_contents (path, &after, &after_length, NULL));
  g_assert_cmpmem (after, after_length, before, before_length);
  /* Nothing was left beside it: only the ledger and the backups folder. */
  listing = g_dir_open (dir, 0, NULL);
  while ((name = g_dir_read_name (listing)))
    {
      g_assert_true (g_str_equal (name, "ledger.db") || g_str_equal (name, "backups"));
      n_files++;
    }
  g_assert_cmpint (n_files, ==, 2);
  remove_tree (dir);
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/backup/find/none", test_none);
  g_test_add_func ("/backup/find/latest-whole-one", test_latest_whole_one);
  g_test_add_func ("/backup/restore/keeps-damaged-file", test_restore_keeps_damaged);
  g_test_add_func ("/backup/restore/failure-changes-nothing", test_failed_restore_changes_nothing);

  return g_test_run ();
}
