/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "mutual-interchange.h"
#include "mutual-ledger.h"

G_BEGIN_DECLS

typedef enum
{
  MUTUAL_IMPORT_DEFAULT = 0,
  MUTUAL_IMPORT_DRY_RUN = 1 << 0,   /* check and count, write nothing */
} MutualImportFlags;

typedef struct
{
  guint64 relationships_added;
  guint64 relationships_updated;
  guint64 relationships_unchanged;
  guint64 exchanges_added;
  guint64 exchanges_updated;
  guint64 exchanges_unchanged;
} MutualImportCounts;

/* Reads an interchange file from @stream and merges it by id into
 * @ledger in one transaction (a relationship's <identifier> elements are
 * added to those it has, none taken away, so that a file from before
 * identifiers leaves them; one that another relationship holds is an
 * error at the element): any error (MUTUAL_ERROR_DATA for the file,
 * naming @display_name, line and column; G_IO_ERROR_CANCELLED when
 * @cancellable fires) leaves the ledger exactly as it was. Memory does not
 * grow with the size of the file. @size is the stream's length for the
 * progress callback, 0 when unknown. It blocks: the window runs it in a
 * thread (GTask) on a MutualLedger of its own for the same file. */
gboolean  mutual_import_stream   (MutualLedger        *ledger,
                                  GInputStream        *stream,
                                  const char          *display_name,
                                  guint64              size,
                                  MutualImportFlags    flags,
                                  MutualImportCounts  *counts,
                                  MutualProgressFunc   progress,
                                  gpointer             progress_data,
                                  GCancellable        *cancellable,
                                  GError             **error);
gboolean  mutual_import_file     (MutualLedger        *ledger,
                                  GFile               *file,
                                  MutualImportFlags    flags,
                                  MutualImportCounts  *counts,
                                  MutualProgressFunc   progress,
                                  gpointer             progress_data,
                                  GCancellable        *cancellable,
                                  GError             **error);

/* "Relationships: 1 added, 0 updated, 2 unchanged; exchanges: …" */
char     *mutual_import_counts_to_string (const MutualImportCounts *counts);

G_END_DECLS
