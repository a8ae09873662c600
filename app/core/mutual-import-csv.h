/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* CSV files of other tools (DESIGN.md, "Identities and importing from
 * other tools"): time trackers, invoicing tools, HomeBank and any file
 * described by --map, read row by row into a record sink. */

#include "mutual-import-records.h"

G_BEGIN_DECLS

/* The built-in presets' names, NULL-terminated: "kimai", "toggl",
 * "clockify", "invoiceninja-payments", "invoiceninja-invoices",
 * "homebank". */
const char * const *mutual_import_csv_presets (void);

/* --map's FIELD=COLUMN pairs, split: a COLUMN in double quotes may hold
 * commas, with "" for a quote. A NULL-terminated array of field,
 * column, field, column…, or NULL and @error (MUTUAL_ERROR_DATA). */
char   **mutual_import_csv_split_map  (const char  *map,
                                       GError     **error);
/* Appends FIELD=COLUMN to @map (after a comma if it has some), quoting
 * a COLUMN that needs it. */
void     mutual_import_csv_append_map (GString     *map,
                                       const char  *field,
                                       const char  *column);

/* Reads @stream (UTF-8 with or without a byte order mark, UTF-16 with
 * one, else Windows-1252; "," ";" or TAB between fields, as the header
 * line shows; RFC 4180 quoting) into @sink with @options' preset, map
 * and date order, a preset found by the header when neither is given.
 * A bad row is MUTUAL_ERROR_DATA naming @display_name, the line and
 * the column. Memory does not grow with the file: a row over 1 MiB is
 * refused. */
gboolean mutual_import_csv_stream (MutualRecordSink           *sink,
                                   GInputStream               *stream,
                                   const char                 *display_name,
                                   guint64                     size,
                                   const MutualImportOptions  *options,
                                   MutualProgressFunc          progress,
                                   gpointer                    progress_data,
                                   GCancellable               *cancellable,
                                   GError                    **error);

G_END_DECLS
