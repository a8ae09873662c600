/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>
#include <gio/gio.h>

#include "mutual-types.h"

G_BEGIN_DECLS

#define MUTUAL_TYPE_LEDGER (mutual_ledger_get_type ())
G_DECLARE_FINAL_TYPE (MutualLedger, mutual_ledger, MUTUAL, LEDGER, GObject)

/* The schema version this build writes (PRAGMA user_version). */
#define MUTUAL_LEDGER_SCHEMA_VERSION 7
/* The name of the check that refuses a day total past 64 bits. */
#define MUTUAL_LEDGER_TOTAL_CHECK "day_total_fits"
/* PRAGMA application_id of every Mutual ledger: "Mutl". */
#define MUTUAL_LEDGER_APPLICATION_ID 0x4d75746c

/* --ledger, else $MUTUAL_LEDGER, else the default path. */
char         *mutual_ledger_resolve_path     (const char    *override_path);
char         *mutual_ledger_default_path     (void);

/* Opens or creates (folders made, mode 0600) the ledger at @path.
 * Refuses (MUTUAL_ERROR_LEDGER) a file that is not a Mutual ledger or is
 * damaged, without writing to it. Migrates an older schema after a backup
 * into "backups/" beside it. */
MutualLedger *mutual_ledger_open             (const char    *path,
                                              GError       **error);
/* Creates a new ledger at @path (which must not exist) that no other
 * process is to open until it is closed: its writes are neither
 * journaled to disk nor synced, so a crash leaves it unusable. Whoever
 * makes it completes it (below) and syncs the closed file before
 * giving it a ledger's name. */
MutualLedger *mutual_ledger_open_scratch     (const char    *path,
                                              GError       **error);
/* Gives a scratch ledger, its work done, the write-ahead log of every
 * other ledger; then close it, sync it and give it its name. */
gboolean      mutual_ledger_complete_scratch (MutualLedger  *self,
                                              GError       **error);
/* Opens the ledger at @path only if it exists: a missing file is
 * MUTUAL_ERROR_LEDGER, and neither it nor its folder is made. For the
 * commands that only read. */
MutualLedger *mutual_ledger_open_existing    (const char    *path,
                                              GError       **error);
/* Writes a whole copy of the ledger to @path (which must not exist), a
 * file that needs nothing beside it. Reads only: works on a ledger
 * opened from a read-only file. */
gboolean      mutual_ledger_copy_to          (MutualLedger  *self,
                                              const char    *path,
                                              GError       **error);
/* Whether @path (through any name or link) is the file of a ledger open
 * in this process. */
gboolean      mutual_ledger_file_is_open     (const char    *path);

const char   *mutual_ledger_get_path         (MutualLedger  *self);
const char   *mutual_ledger_get_currency     (MutualLedger  *self);
int           mutual_ledger_get_digits       (MutualLedger  *self);
/* Allowed only while the ledger holds no exchange. */
gboolean      mutual_ledger_set_currency     (MutualLedger  *self,
                                              const char    *code,
                                              GError       **error);
gboolean      mutual_ledger_is_empty         (MutualLedger  *self);

/* One write transaction (BEGIN IMMEDIATE: a second process waits).
 * Nested calls are counted; only the outer one commits. */
/* A read snapshot: the reads until mutual_ledger_end_read() all see
 * one state of the ledger, whatever other connections commit meanwhile.
 * Returns whether it began one (not inside a transaction already);
 * pass that to mutual_ledger_end_read(). */
gboolean      mutual_ledger_begin_read       (MutualLedger  *self);
void          mutual_ledger_end_read         (MutualLedger  *self,
                                              gboolean       began);
gboolean      mutual_ledger_begin            (MutualLedger  *self,
                                              GError       **error);
gboolean      mutual_ledger_commit           (MutualLedger  *self,
                                              GError       **error);
void          mutual_ledger_rollback         (MutualLedger  *self);

/* Changes by this or another process: compare the number between calls.
 * mutual_ledger_poll() emits ::changed when it moved. */
gint64        mutual_ledger_get_change_count (MutualLedger  *self);
gboolean      mutual_ledger_poll             (MutualLedger  *self);

/* Relationships */
gboolean      mutual_ledger_add_relationship    (MutualLedger       *self,
                                                 MutualRelationship *rel,
                                                 GError            **error);
gboolean      mutual_ledger_update_relationship (MutualLedger       *self,
                                                 const MutualRelationship *rel,
                                                 GError            **error);
gboolean      mutual_ledger_delete_relationship (MutualLedger       *self,
                                                 gint64              id,
                                                 GError            **error);
/* By name (case-insensitive exact) or uuid; MUTUAL_ERROR_DATA if none. */
MutualRelationship *mutual_ledger_find_relationship (MutualLedger   *self,
                                                 const char         *name_or_uuid,
                                                 GError            **error);
MutualRelationship *mutual_ledger_get_relationship  (MutualLedger   *self,
                                                 gint64              id,
                                                 GError            **error);
MutualRelationship *mutual_ledger_get_relationship_by_uuid (MutualLedger *self,
                                                 const char         *uuid,
                                                 GError            **error);
/* Array of MutualRelationship *, in name order (case-insensitive). */
GPtrArray    *mutual_ledger_list_relationships  (MutualLedger       *self,
                                                 gboolean            include_archived,
                                                 GError            **error);
gint64        mutual_ledger_count_relationships (MutualLedger       *self);

/* Exchanges */
gboolean      mutual_ledger_add_exchange     (MutualLedger       *self,
                                              MutualExchange     *exchange,
                                              GError            **error);
gboolean      mutual_ledger_update_exchange  (MutualLedger       *self,
                                              const MutualExchange *exchange,
                                              GError            **error);
gboolean      mutual_ledger_delete_exchange  (MutualLedger       *self,
                                              gint64              id,
                                              GError            **error);
MutualExchange *mutual_ledger_get_exchange   (MutualLedger       *self,
                                              gint64              id,
                                              GError            **error);
MutualExchange *mutual_ledger_get_exchange_by_uuid (MutualLedger *self,
                                              const char         *uuid,
                                              GError            **error);

typedef enum
{
  MUTUAL_EXCHANGE_SORT_DATE,
  MUTUAL_EXCHANGE_SORT_DIRECTION,
  MUTUAL_EXCHANGE_SORT_KIND,
  MUTUAL_EXCHANGE_SORT_VALUE,
  MUTUAL_EXCHANGE_SORT_MINUTES,
  MUTUAL_EXCHANGE_SORT_NOTE,
} MutualExchangeSort;

/* A page of a relationship's exchanges (relationship_id 0: all), as
 * MutualExchange *; ties broken by id so pages are stable. */
GPtrArray    *mutual_ledger_list_exchanges   (MutualLedger       *self,
                                              gint64              relationship_id,
                                              MutualExchangeSort  sort,
                                              gboolean            descending,
                                              guint               offset,
                                              guint               limit,
                                              GError            **error);
gint64        mutual_ledger_count_exchanges  (MutualLedger       *self,
                                              gint64              relationship_id);

/* What the window's exchange list narrows a relationship's exchanges to:
 * a period (0 for an open end), a direction and a kind (-1 for any) and
 * text the note contains, in any case (NULL or "" for any). */
typedef struct
{
  MutualDate   from;
  MutualDate   to;
  int          direction;
  int          kind;
  const char  *search;
} MutualExchangeFilter;

#define MUTUAL_EXCHANGE_FILTER_INIT { 0, 0, -1, -1, NULL }

/* Whether @filter narrows anything. */
gboolean      mutual_exchange_filter_is_set  (const MutualExchangeFilter *filter);

/* Like mutual_ledger_list_exchanges() for one relationship (not 0),
 * only the exchanges @filter lets through. */
GPtrArray    *mutual_ledger_list_exchanges_filtered  (MutualLedger               *self,
                                                      gint64                      relationship_id,
                                                      const MutualExchangeFilter *filter,
                                                      MutualExchangeSort          sort,
                                                      gboolean                    descending,
                                                      guint                       offset,
                                                      guint                       limit,
                                                      GError                    **error);
/* -1 with @error when the ledger fails. */
gint64        mutual_ledger_count_exchanges_filtered (MutualLedger               *self,
                                                      gint64                      relationship_id,
                                                      const MutualExchangeFilter *filter,
                                                      GError                    **error);

/* Streams a relationship's exchanges in date order (0: every exchange,
 * by relationship name then date) without loading them all. The callback
 * returns FALSE (setting @error) to stop. */
typedef gboolean (*MutualExchangeFunc) (const MutualExchange *exchange,
                                        gpointer              user_data,
                                        GError              **error);
gboolean      mutual_ledger_foreach_exchange (MutualLedger       *self,
                                              gint64              relationship_id,
                                              MutualExchangeFunc  func,
                                              gpointer            user_data,
                                              GError            **error);

/* First and last exchange dates (0 when none). */
gboolean      mutual_ledger_get_date_range   (MutualLedger       *self,
                                              gint64              relationship_id,
                                              MutualDate         *first,
                                              MutualDate         *last,
                                              GError            **error);

/* Daily totals in date order for a relationship (0: portfolio), as
 * MutualDayTotal; the raw material of series and charts. */
typedef struct
{
  MutualDate date;
  gint64     given;
  gint64     received;
} MutualDayTotal;

GArray       *mutual_ledger_daily_totals     (MutualLedger       *self,
                                              gint64              relationship_id,
                                              MutualDate          to,
                                              GError            **error);

/* Tuning */

/* The page cache of this connection, in KiB: large for a bulk write
 * such as the demo's, back to small after. */
void          mutual_ledger_set_cache_size   (MutualLedger       *self,
                                              gint64              kib);

/* Puts back what was deleted exactly as it was: the same rowids and
 * uuids (@exchanges: MutualExchange * of the relationship, may be NULL)
 * and its identifiers (@identifiers: MutualIdentifier *, may be NULL),
 * in one transaction. Refused if any of them is taken meanwhile. For undo. */
gboolean      mutual_ledger_restore_relationship (MutualLedger       *self,
                                                 const MutualRelationship *rel,
                                                 GPtrArray          *exchanges,
                                                 GPtrArray          *identifiers,
                                                 GError            **error);
gboolean      mutual_ledger_restore_exchange (MutualLedger       *self,
                                              const MutualExchange *exchange,
                                              GError            **error);

G_END_DECLS
