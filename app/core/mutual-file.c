/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mutual-file"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <gio/gunixoutputstream.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mutual-error.h"
#include "mutual-file.h"
#include "mutual-ledger.h"

/* The first bytes of a SQLite database, its write-ahead log (either
 * byte order) and its rollback journal. */
static const guchar database_magic[16] = "SQLite format 3";
static const guchar wal_magic_be[4] = { 0x37, 0x7f, 0x06, 0x82 };
static const guchar wal_magic_le[4] = { 0x37, 0x7f, 0x06, 0x83 };
static const guchar journal_magic[8] = { 0xd9, 0xd5, 0x05, 0xf9, 0x20, 0xa1, 0x63, 0xd7 };

/* Whether @path is an existing regular file holding a ledger open here
 * or one of SQLite's files. Devices and FIFOs are never opened. */
static gboolean
is_sqlite_file (const char *path)
{
  guchar head[16];
  GStatBuf st;
  ssize_t n;
  int fd;

  if (g_stat (path, &st) != 0 || !S_ISREG (st.st_mode))
    return FALSE;
  if (mutual_ledger_file_is_open (path))
    return TRUE;

  fd = g_open (path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY, 0);
  if (fd < 0)
    return FALSE;
  n = read (fd, head, sizeof head);
  close (fd);

  return (n >= 16 && memcmp (head, database_magic, 16) == 0)
         || (n >= 4 && (memcmp (head, wal_magic_be, 4) == 0 || memcmp (head, wal_magic_le, 4) == 0))
         || (n >= 8 && memcmp (head, journal_magic, 8) == 0);
}

gboolean
mutual_file_check_output (const char  *path,
                          GError     **error)
{
  static const char * const companions[] = { "-wal", "-shm", "-journal" };
  gboolean refused;

  g_return_val_if_fail (path != NULL, FALSE);

  refused = is_sqlite_file (path);
  /* "L-wal" belongs to L even before it exists, and an -shm file has no
   * header of its own to recognise it by. */
  for (guint i = 0; !refused && i < G_N_ELEMENTS (companions); i++)
    if (g_str_has_suffix (path, companions[i]) && strlen (path) > strlen (companions[i]))
      {
        g_autofree char *database = g_strndup (path, strlen (path) - strlen (companions[i]));

        refused = is_sqlite_file (database);
      }

  if (refused)
    {
      g_set_error (error, MUTUAL_ERROR, MUTUAL_ERROR_DATA,
                   _("“%s” is a ledger or another database, so nothing was written to it."), path);
      return FALSE;
    }
  return TRUE;
}

static const char *
reason_for (int saved_errno)
{
  switch (saved_errno)
    {
    case ENOENT:
    case ENOTDIR:
      return _("its folder does not exist");
    case EACCES:
    case EPERM:
      return _("permission denied");
    case ENOSPC:
    case EDQUOT:
      return _("the disk is full");
    case EROFS:
      return _("the disk is read-only");
    case EISDIR:
      return _("it is a folder");
    default:
      return _("the system refused");
    }
}

gboolean
mutual_file_sync (const char *path)
{
  int fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  gboolean ok;

  if (fd < 0)
    return FALSE;
  ok = fsync (fd) == 0;
  close (fd);
  return ok;
}

gboolean
mutual_file_write_stream (const char           *path,
                          MutualFileAccess      access,
                          MutualFileWriteFunc   func,
                          gpointer              user_data,
                          GCancellable         *cancellable,
                          GError              **error)
{
  g_autoptr(GError) local = NULL;
  g_autoptr(GOutputStream) out = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  g_autofree char *tmp_path = NULL;
  GStatBuf st;
  int saved = 0;
  gboolean ok;
  int fd;

  g_return_val_if_fail (path != NULL, FALSE);

  if (!mutual_file_check_output (path, error))
    return FALSE;
  if (g_stat (path, &st) == 0 && S_ISDIR (st.st_mode))
    {
      g_set_error (error, MUTUAL_ERROR, MUTUAL_ERROR_DATA,
                   _("Could not write “%s”: %s."), path, reason_for (EISDIR));
      return FALSE;
    }

  dir = g_path_get_dirname (path);
  base = g_path_get_basename (path);
  tmp_path = g_strdup_printf ("%s/.%s.XXXXXX", dir, base);
  /* The mode is the new file's, never the one it replaces: the rename
   * puts this file in its place. The umask applies to both kinds. */
  fd = g_mkstemp_full (tmp_path, O_RDWR | O_CLOEXEC,
                       access == MUTUAL_FILE_PRIVATE ? 0600 : 0666);
  if (fd < 0)
    {
      saved = errno;
      g_set_error (error, MUTUAL_ERROR, MUTUAL_ERROR_DATA,
                   _("Could not write “%s”: %s."), path, reason_for (saved));
      return FALSE;
    }

  out = g_unix_output_stream_new (fd, TRUE);
  ok = func (out, user_data, cancellable, &local);
  if (ok && !g_output_stream_close (out, cancellable, &local))
    ok = FALSE;
  else if (!ok)
    g_output_stream_close (out, NULL, NULL);

  /* Checked again just before the rename, which is what replaces. */
  if (ok && !mutual_file_check_output (path, &local))
    ok = FALSE;
  else if (ok && (!mutual_file_sync (tmp_path) || g_rename (tmp_path, path) != 0))
    {
      saved = errno;
      ok = FALSE;
    }

  if (!ok)
    {
      g_remove (tmp_path);
      /* Mutual's own sentences, and a cancellation, go through as they are. */
      if (local != NULL && (local->domain == MUTUAL_ERROR
                            || g_error_matches (local, G_IO_ERROR, G_IO_ERROR_CANCELLED)))
        g_propagate_error (error, g_steal_pointer (&local));
      else
        {
          if (local != NULL && local->domain == G_IO_ERROR)
            saved = local->code == G_IO_ERROR_NO_SPACE ? ENOSPC
                    : local->code == G_IO_ERROR_PERMISSION_DENIED ? EACCES
                    : local->code == G_IO_ERROR_READ_ONLY ? EROFS : EIO;
          g_set_error (error, MUTUAL_ERROR, MUTUAL_ERROR_DATA,
                       _("Could not write “%s”: %s."), path, reason_for (saved));
        }
      return FALSE;
    }
  return TRUE;
}

typedef struct
{
  const guint8 *data;
  gsize         length;
} Bytes;

static gboolean
write_bytes (GOutputStream  *stream,
             gpointer        user_data,
             GCancellable   *cancellable,
             GError        **error)
{
  Bytes *bytes = user_data;

  return g_output_stream_write_all (stream, bytes->data, bytes->length, NULL, cancellable, error);
}

gboolean
mutual_file_write (const char    *path,
                   const guint8  *data,
                   gsize          length,
                   GError       **error)
{
  Bytes bytes = { data, length };

  return mutual_file_write_stream (path, MUTUAL_FILE_SHARED, write_bytes, &bytes, NULL, error);
}
