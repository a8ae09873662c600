/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mutual-backup"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <gio/gio.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mutual-backup.h"
#include "mutual-error.h"
#include "mutual-ledger.h"

void
mutual_backup_free (MutualBackup *backup)
{
  if (backup == NULL)
    return;
  g_free (backup->path);
  g_clear_pointer (&backup->made, g_date_time_unref);
  g_free (backup);
}

/* A backup is worth offering only when it is whole: a Mutual header and
 * pages that SQLite's quick check accepts. Read as an immutable file, so
 * checking it writes nothing, not even a journal. */
static gboolean
is_whole_ledger (const char *path)
{
  g_autofree char *uri = g_filename_to_uri (path, NULL, NULL);
  g_autofree char *immutable = NULL;
  guchar header[100];
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gboolean whole = FALSE;
  ssize_t n;
  int fd;

  fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0)
    return FALSE;
  n = read (fd, header, sizeof header);
  close (fd);
  if (n != (ssize_t) sizeof header || memcmp (header, "SQLite format 3", 16) != 0
      || (((guint32) header[68] << 24) | ((guint32) header[69] << 16)
          | ((guint32) header[70] << 8) | header[71]) != MUTUAL_LEDGER_APPLICATION_ID)
    return FALSE;

  if (uri == NULL)
    return FALSE;
  immutable = g_strconcat (uri, "?immutable=1", NULL);
  if (sqlite3_open_v2 (immutable, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, NULL) == SQLITE_OK
      && sqlite3_prepare_v2 (db, "PRAGMA quick_check", -1, &stmt, NULL) == SQLITE_OK
      && sqlite3_step (stmt) == SQLITE_ROW)
    {
      whole = g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), "ok") == 0
              && sqlite3_step (stmt) == SQLITE_DONE;
    }
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return whole;
}

typedef struct
{
  char   *path;
  gint64  mtime;
} Candidate;

static int
newest_first (gconstpointer a,
              gconstpointer b)
{
  const Candidate *x = a, *y = b;

  if (x->mtime != y->mtime)
    return x->mtime > y->mtime ? -1 : 1;
  /* Names carry the time to the second, and a counter after it. */
  return -g_strcmp0 (x->path, y->path);
}

static void
candidate_clear (Candidate *candidate)
{
  g_free (candidate->path);
}

MutualBackup *
mutual_backup_find_latest (const char *ledger_path)
{
  g_autofree char *dir = NULL;
  g_autofree char *folder = NULL;
  g_autoptr(GDir) listing = NULL;
  g_autoptr(GArray) candidates = NULL;
  const char *name;

  g_return_val_if_fail (ledger_path != NULL, NULL);

  dir = g_path_get_dirname (ledger_path);
  folder = g_build_filename (dir, "backups", NULL);
  listing = g_dir_open (folder, 0, NULL);
  if (listing == NULL)
    return NULL;

  candidates = g_array_new (FALSE, FALSE, sizeof (Candidate));
  g_array_set_clear_func (candidates, (GDestroyNotify) candidate_clear);
  while ((name = g_dir_read_name (listing)) != NULL)
    {
      GStatBuf st;
      Candidate candidate;

      /* A ".partial" copy was interrupted: never a backup. */
      if (!g_str_has_suffix (name, ".db"))
        continue;
      candidate.path = g_build_filename (folder, name, NULL);
      if (g_stat (candidate.path, &st) != 0 || !S_ISREG (st.st_mode))
        {
          g_free (candidate.path);
          continue;
        }
      candidate.mtime = (gint64) st.st_mtime;
      g_array_append_val (candidates, candidate);
    }
  g_array_sort (candidates, newest_first);

  for (guint i = 0; i < candidates->len; i++)
    {
      Candidate *candidate = &g_array_index (candidates, Candidate, i);
      MutualBackup *backup;

      if (!is_whole_ledger (candidate->path))
        continue;
      backup = g_new0 (MutualBackup, 1);
      backup->path = g_steal_pointer (&candidate->path);
      backup->made = g_date_time_new_from_unix_local (candidate->mtime);
      return backup;
    }
  return NULL;
}

/* Renames @from to @to when @from exists; FALSE with errno set otherwise. */
static gboolean
rename_if_there (const char *from,
                 const char *to,
                 gboolean   *moved)
{
  *moved = FALSE;
  if (g_rename (from, to) == 0)
    {
      *moved = TRUE;
      return TRUE;
    }
  return errno == ENOENT;
}

static gboolean
copy_whole (const char  *from,
            const char  *to,
            GError     **error)
{
  g_autoptr(GFile) source = g_file_new_for_path (from);
  g_autoptr(GFile) target = g_file_new_for_path (to);
  g_autoptr(GError) local_error = NULL;
  int fd;

  if (!g_file_copy (source, target, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, &local_error))
    {
      g_set_error (error, MUTUAL_ERROR, MUTUAL_ERROR_LEDGER,
                   _("The backup “%s” could not be copied: %s."), from, local_error->message);
      return FALSE;
    }
  g_chmod (to, 0600);
  /* On disk before it takes the ledger's name. */
  fd = g_open (to, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0 || fsync (fd) != 0)
    {
      int saved = errno;

      if (fd >= 0)
        close (fd);
      g_remove (to);
      g_set_error (error, MUTUAL_ERROR, MUTUAL_ERROR_LEDGER,
                   _("The backup “%s” could not be copied: %s."), from, g_strerror (saved));
      return FALSE;
    }
  close (fd);
  return TRUE;
}

gboolean
mutual_backup_restore (const char    *ledger_path,
                       MutualBackup  *backup,
                       char         **out_kept_path,
                       GError       **error)
{
  static const char *const companions[] = { "-wal", "-shm" };
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%dT%H%M%S");
  g_autofree char *kept = NULL;
  g_autofree char *copy = NULL;
  gboolean moved[1 + G_N_ELEMENTS (companions)] = { FALSE, };
  gboolean ok = TRUE;
  int saved = 0;

  g_return_val_if_fail (ledger_path != NULL, FALSE);
  g_return_val_if_fail (backup != NULL, FALSE);

  if (out_kept_path)
    *out_kept_path = NULL;

  /* The copy first: if the disk is full, the ledger has not moved yet. */
  copy = g_strconcat (ledger_path, ".restoring", NULL);
  if (!copy_whole (backup->path, copy, error))
    return FALSE;

  kept = g_strconcat (ledger_path, ".damaged-", stamp, NULL);
  for (int i = 2; g_file_test (kept, G_FILE_TEST_EXISTS); i++)
    {
      g_free (kept);
      kept = g_strdup_printf ("%s.damaged-%s-%d", ledger_path, stamp, i);
    }

  ok = rename_if_there (ledger_path, kept, &moved[0]);
  for (guint i = 0; ok && i < G_N_ELEMENTS (companions); i++)
    {
      g_autofree char *from = g_strconcat (ledger_path, companions[i], NULL);
      g_autofree char *to = g_strconcat (kept, companions[i], NULL);

      ok = rename_if_there (from, to, &moved[i + 1]);
    }
  if (ok && g_rename (copy, ledger_path) != 0)
    ok = FALSE;

  if (!ok)
    {
      saved = errno;
      /* Put back whatever was moved, so that nothing has changed. */
      if (moved[0])
        g_rename (kept, ledger_path);
      for (guint i = 0; i < G_N_ELEMENTS (companions); i++)
        if (moved[i + 1])
          {
            g_autofree char *from = g_strconcat (kept, companions[i], NULL);
            g_autofree char *to = g_strconcat (ledger_path, companions[i], NULL);

            g_rename (from, to);
          }
      g_remove (copy);
      g_set_error (error, MUTUAL_ERROR, MUTUAL_ERROR_LEDGER,
                   _("The ledger “%s” could not be replaced by its backup: %s."),
                   ledger_path, g_strerror (saved));
      return FALSE;
    }

  if (out_kept_path && moved[0])
    *out_kept_path = g_steal_pointer (&kept);
  return TRUE;
}
