/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The ledger's insides, for the ledger's own files (mutual-ledger*.c)
 * and for tests: nothing else in app/ includes this header. */

#include <sqlite3.h>

#include "mutual-ledger.h"

G_BEGIN_DECLS

/* The connection. Outside the ledger's files, only tests use it. */
sqlite3      *mutual_ledger_get_db           (MutualLedger  *self);

/* A statement prepared once and kept, reset and unbound: @sql must be a
 * string literal (it is the cache's key). */
sqlite3_stmt *mutual_ledger_statement        (MutualLedger  *self,
                                              const char    *sql,
                                              GError       **error);
/* Runs @sql (several statements allowed). */
gboolean      mutual_ledger_exec             (MutualLedger  *self,
                                              const char    *sql,
                                              GError       **error);
/* Sets @error from SQLite's result code @rc in the user's words (a full
 * disk, a damaged ledger, totals too large…); returns FALSE. */
gboolean      mutual_ledger_set_sqlite_error (MutualLedger  *self,
                                              int            rc,
                                              GError       **error);

/* Tests only: creates or opens at @version instead of the newest. */
MutualLedger *mutual_ledger_open_at_version  (const char    *path,
                                              int            version,
                                              GError       **error);

/* For a bulk import that kept the day totals itself: the lifetime
 * totals made again from them; refused (MUTUAL_ERROR_DATA) past 64 bits. */
gboolean      mutual_ledger_rebuild_totals   (MutualLedger  *self,
                                              GError       **error);
/* For a bulk import that kept the relationships' lifetime totals too:
 * the ledger's made again from them; refused past 64 bits. */
gboolean      mutual_ledger_sum_ledger_total (MutualLedger  *self,
                                              GError       **error);

/* For a bulk load that changed rows with its own statements: the
 * transaction counts as a change of the ledger when it commits. */
void          mutual_ledger_note_write       (MutualLedger  *self);

G_END_DECLS
