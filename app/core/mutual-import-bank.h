/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The readers of bank statements (DESIGN.md, "Identities and importing
 * from other tools"): OFX 1.x (SGML) and 2.x (XML) with QFX, CAMT.053
 * versions 2 to 8, and QIF bank, cash and credit card lists. Each reads
 * @stream to its end, handing every transaction to @sink as a
 * MutualImportRecord: credits are received payments, debits given ones,
 * values in the minor units of their own currency. A malformed file is
 * MUTUAL_ERROR_DATA in one sentence naming @display_name, line and
 * column; a cancelled one G_IO_ERROR_CANCELLED. The caller finishes or
 * aborts @sink; memory does not grow with the size of the file. */

#include <gio/gio.h>

#include "mutual-import-records.h"

G_BEGIN_DECLS

gboolean mutual_import_ofx     (GInputStream               *stream,
                                const char                 *display_name,
                                MutualRecordSink           *sink,
                                const MutualImportOptions  *options,
                                GCancellable               *cancellable,
                                GError                    **error);
gboolean mutual_import_camt053 (GInputStream               *stream,
                                const char                 *display_name,
                                MutualRecordSink           *sink,
                                const MutualImportOptions  *options,
                                GCancellable               *cancellable,
                                GError                    **error);
/* Reads @stream twice when a date's order of day and month is decided
 * by the whole file (options->date_order otherwise); a stream that
 * cannot seek is copied to a temporary file first. */
gboolean mutual_import_qif     (GInputStream               *stream,
                                const char                 *display_name,
                                MutualRecordSink           *sink,
                                const MutualImportOptions  *options,
                                GCancellable               *cancellable,
                                GError                    **error);

/* MUTUAL_IMPORT_TYPE_OFX, _CAMT053 or _QIF when the first bytes of a
 * file (@head, @length of them: 4 KiB is plenty) are one of those,
 * MUTUAL_IMPORT_TYPE_UNKNOWN otherwise. */
MutualImportType mutual_import_bank_detect (const char *head,
                                            gsize       length);

G_END_DECLS
