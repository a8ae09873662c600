/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "mutual-interchange.h"
#include "mutual-ledger.h"

G_BEGIN_DECLS

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
