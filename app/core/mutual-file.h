/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Writes the output to @stream; FALSE with @error set on failure. */
typedef gboolean (*MutualFileWriteFunc) (GOutputStream  *stream,
                                         gpointer        user_data,
                                         GCancellable   *cancellable,
                                         GError        **error);

/* Refuses (MUTUAL_ERROR_DATA) an output at @path that would replace a
 * ledger open in this process, its -wal, -shm or -journal, or any
 * existing SQLite database or its companion files. Never blocks: only
 * regular files are read. */
gboolean mutual_file_check_output  (const char           *path,
                                    GError              **error);

/* Who may read an output file, by what it holds; the same for a kind
 * of output whichever way (command line, window, core API) writes it,
 * and whether or not the file existed. */
typedef enum
{
  /* The ledger's data (an interchange file, a CSV export): everything
   * in it, for its owner only, mode 0600. */
  MUTUAL_FILE_PRIVATE,
  /* Made to be shown (a chart, a review report): mode 0666 less the
   * umask, as any program's document. */
  MUTUAL_FILE_SHARED,
} MutualFileAccess;

/* The one way Mutual writes an output file: checked as above, written
 * by @func to a temporary file beside @path, synced and renamed over
 * it, so that @path is either untouched or complete, with the mode
 * @access gives. */
gboolean mutual_file_write_stream  (const char           *path,
                                    MutualFileAccess      access,
                                    MutualFileWriteFunc   func,
                                    gpointer              user_data,
                                    GCancellable         *cancellable,
                                    GError              **error);

/* mutual_file_write_stream() for bytes already in memory (a chart, a
 * report): MUTUAL_FILE_SHARED. */
gboolean mutual_file_write         (const char           *path,
                                    const guint8         *data,
                                    gsize                 length,
                                    GError              **error);

/* Flushes the file or folder at @path to the disk; FALSE with errno set
 * if it cannot be opened or synced. */
gboolean mutual_file_sync          (const char           *path);

G_END_DECLS
