/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "mutual-interchange.h"
#include "mutual-ledger.h"

G_BEGIN_DECLS

/* A relationship of the file whose id is new to the ledger but whose
 * name (ignoring case) is an existing relationship's is refused by
 * default: the error names the file, line, column and the name.
 *
 * SAME_NAME_MERGE: the file's relationship is the existing one. That one
 * keeps its id, name, role, creation time and archived state; the file
 * fills only what it lacks (organization, notes, an override with its
 * reason) and adds its identifiers; the file's exchanges go into it.
 * Importing the same file again changes nothing.
 *
 * SAME_NAME_RENAME: the file's relationship is added under the first
 * free name of "Name (2)", "Name (3)"… (shortened to fit 200
 * characters). Importing the same file again finds it by its id and
 * keeps that name.
 *
 * Merge wins when both are given. */
typedef enum
{
  MUTUAL_IMPORT_DEFAULT = 0,
  MUTUAL_IMPORT_DRY_RUN = 1 << 0,   /* check and count, write nothing */
  MUTUAL_IMPORT_SAME_NAME_MERGE = 1 << 1,
  MUTUAL_IMPORT_SAME_NAME_RENAME = 1 << 2,
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
