/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "mutual-ledger.h"

G_BEGIN_DECLS

/* A bulk load: one transaction of many new exchanges, written far faster
 * than one mutual_ledger_add_exchange() each. It lives beside the
 * migrations (mutual-ledger-bulk.c) because it knows the schema: for a
 * load larger than the ledger into a ledger without exchanges it
 * suspends the indexes and triggers it lists by name, does their work
 * itself and makes them again before it commits. The importer is its
 * one user; its errors are in the import's words. */
typedef struct _MutualLedgerBulk MutualLedgerBulk;

/* Begins the transaction. @expected_exchanges is how many exchanges the
 * caller thinks it will add (0 when few or unknown). */
MutualLedgerBulk *mutual_ledger_bulk_begin          (MutualLedger      *ledger,
                                                     guint64            expected_exchanges,
                                                     GError           **error);

/* The same for exchanges of many relationships in any order (a CSV
 * file, a bank statement): into a ledger without exchanges, the day
 * totals are summed from the table once, at the end, instead of a
 * relationship at a time; mutual_ledger_bulk_end_relationship() is not
 * needed. */
MutualLedgerBulk *mutual_ledger_bulk_begin_mixed    (MutualLedger      *ledger,
                                                     guint64            expected_exchanges,
                                                     GError           **error);

/* Ids of the records the ledger held before the load are below these;
 * anything the load adds gets one at or above them. */
gint64     mutual_ledger_bulk_first_new_relationship (MutualLedgerBulk  *bulk);
gint64     mutual_ledger_bulk_first_new_exchange     (MutualLedgerBulk  *bulk);

/* TRUE while the exchange ids' keys are not kept (the ledger had no
 * exchanges): a repeated new id is then only found by the caller, until
 * mutual_ledger_bulk_index_ids() gives the exchanges so far their keys,
 * sorted, and keeps them from then on. */
gboolean   mutual_ledger_bulk_ids_suspended   (MutualLedgerBulk  *bulk);
gboolean   mutual_ledger_bulk_index_ids       (MutualLedgerBulk  *bulk,
                                               GError           **error);

/* The id of the relationship with @uuid, 0 if none; -1 on error. */
gint64     mutual_ledger_bulk_find_relationship (MutualLedgerBulk *bulk,
                                                 const char       *uuid,
                                                 GError          **error);
/* The id of the exchange with @exchange's uuid, 0 if none, -1 on error;
 * @same says whether the stored one equals @exchange in every field. */
gint64     mutual_ledger_bulk_find_exchange   (MutualLedgerBulk      *bulk,
                                               const MutualExchange  *exchange,
                                               gboolean              *same,
                                               GError               **error);
/* From now on each exchange given to mutual_ledger_bulk_add_exchange()
 * is looked up by its id by the writing thread, while the caller reads
 * on: left alone when the stored one is the same, updated when not,
 * inserted only when its id is not there. Only for a load that keeps
 * the ledger's triggers (a ledger with exchanges). */
gboolean   mutual_ledger_bulk_merge_by_id     (MutualLedgerBulk  *bulk,
                                               GError           **error);
/* How many of the exchanges so far were the same as stored, and how
 * many were updated; the rest were added. Waits for the writer. */
void       mutual_ledger_bulk_merged          (MutualLedgerBulk  *bulk,
                                               guint64           *unchanged,
                                               guint64           *updated);
/* Only the id (0 if none): pending exchanges are written first. */
gint64     mutual_ledger_bulk_exchange_id     (MutualLedgerBulk  *bulk,
                                               const char        *uuid,
                                               GError           **error);

/* Adds a checked new exchange, taking its uuid (a UUID's 36 characters;
 * a missing one is made) and note; it may wait for a batch. @tag is the caller's, given back
 * in @failed_tag with the error of the exchange that failed, which may
 * be an earlier one of the batch. */
gboolean   mutual_ledger_bulk_add_exchange    (MutualLedgerBulk  *bulk,
                                               MutualExchange    *exchange,
                                               guint64            tag,
                                               guint64           *failed_tag,
                                               GError           **error);
/* Writes the exchanges waiting for a batch. */
gboolean   mutual_ledger_bulk_flush           (MutualLedgerBulk  *bulk,
                                               guint64           *failed_tag,
                                               GError           **error);
/* The relationship @relationship_id has all its exchanges. */
gboolean   mutual_ledger_bulk_end_relationship (MutualLedgerBulk *bulk,
                                                gint64            relationship_id,
                                                GError          **error);

/* Ends the load and frees @bulk. With @keep (or inside a transaction of
 * the caller's) it does the suspended work, makes the indexes and
 * triggers again and commits; otherwise it rolls back. Any error rolls
 * back: the ledger is then exactly as it was. */
gboolean   mutual_ledger_bulk_finish          (MutualLedgerBulk  *bulk,
                                               gboolean           keep,
                                               GError           **error);
void       mutual_ledger_bulk_abort           (MutualLedgerBulk  *bulk);

/* A hint: the load will have at most about @rows rows (a mixed load's
 * day table is made that large at once rather than grown, each growth
 * moving every day). Before the first row. */
void       mutual_ledger_bulk_expect_rows     (MutualLedgerBulk  *bulk,
                                               guint64            rows);

/* For tests: FALSE with @error naming the first index or trigger on the
 * tables the loader suspends work on that it does not know, or one it
 * knows that is missing. A load into a ledger so changed suspends
 * nothing. */
gboolean   mutual_ledger_bulk_check_schema    (MutualLedger      *ledger,
                                               GError           **error);

/* For tests: how many rows a mixed load inserts with the relationship
 * index kept up to date before it drops it to build at the end (0: the
 * default). */
void       mutual_ledger_bulk_set_live_index_limit (guint64 rows);

/* For tests: how many relationship days a mixed load keeps in memory
 * before it adds them to the ledger and starts again (0: the default). */
void       mutual_ledger_bulk_set_mixed_days_limit (guint    days);
/* For tests: how many times so far a mixed load wrote its days before
 * its end. */
guint      mutual_ledger_bulk_early_day_writes     (void);
/* For tests: how many times so far a mixed load wrote its days with
 * SQLite's checks on (each write but the first into empty tables). */
guint      mutual_ledger_bulk_checked_day_writes   (void);
/* For tests: how many times so far a mixed load's day table grew. */
guint      mutual_ledger_bulk_day_table_growths    (void);

/* For tests: FALSE has the loads begun from now on leave the sorting
 * of their exchanges' keys to SQLite instead of noting them as the rows
 * go in (TRUE, the default). */
void       mutual_ledger_bulk_set_note_keys   (gboolean           note);
/* For tests: how many loads so far appended the keys they noted. */
guint      mutual_ledger_bulk_noted_loads     (void);

/* For tests: sorts @n uuids in place the way the loader sorts the keys
 * it appends; FALSE (and @uuids unchanged) if one is not in the
 * ledger's form, a UUID in lower case. */
gboolean   mutual_ledger_bulk_sort_uuids      (char             (*uuids)[37],
                                               gsize              n);

G_END_DECLS
