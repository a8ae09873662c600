/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "mutual-ledger.h"

G_BEGIN_DECLS

/* The interchange file of DESIGN.md: its namespace and format version. */
#define MUTUAL_INTERCHANGE_NAMESPACE "urn:mutual:ledger:1"
#define MUTUAL_INTERCHANGE_VERSION   "1"

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

/* Called now and then with how much is done: bytes read of the file for
 * an import (@total 0 when unknown), exchanges written for an export. */
typedef void (*MutualProgressFunc) (guint64  done,
                                    guint64  total,
                                    gpointer user_data);

/* Reads an interchange file from @stream and merges it by id into
 * @ledger in one transaction: any error (MUTUAL_ERROR_DATA for the file,
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

/* For tests: how many exchange ids a large import into a ledger without
 * exchanges keeps in memory before it turns to the ledger's index
 * (0: the default, about two million). */
void      mutual_import_set_id_memory_limit (guint64 max_ids);

/* The whole ledger as an interchange file: relationships in name order,
 * each with its exchanges in date order, every id present. */
gboolean  mutual_export_stream   (MutualLedger        *ledger,
                                  GOutputStream       *stream,
                                  MutualProgressFunc   progress,
                                  gpointer             progress_data,
                                  GCancellable        *cancellable,
                                  GError             **error);
/* CSV (RFC 4180, UTF-8) with the header row
 * relationship_id,relationship,date,direction,kind,value,minutes,note */
gboolean  mutual_export_csv_stream (MutualLedger      *ledger,
                                  GOutputStream       *stream,
                                  MutualProgressFunc   progress,
                                  gpointer             progress_data,
                                  GCancellable        *cancellable,
                                  GError             **error);

typedef enum
{
  MUTUAL_EXPORT_XML,
  MUTUAL_EXPORT_CSV,
} MutualExportFormat;

/* Writes into a temporary file beside @file and renames it over @file
 * only when everything is written: a failed export leaves no half file
 * and an existing @file as it was. */
gboolean  mutual_export_file     (MutualLedger        *ledger,
                                  GFile               *file,
                                  MutualExportFormat   format,
                                  MutualProgressFunc   progress,
                                  gpointer             progress_data,
                                  GCancellable        *cancellable,
                                  GError             **error);

G_END_DECLS
