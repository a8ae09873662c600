/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mutual-ledger"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <sqlite3.h>
#include <string.h>

#include "mutual-error.h"
#include "mutual-ledger-bulk.h"
#include "mutual-ledger-private.h"
#include "mutual-money.h"

/* New exchanges wait to be inserted this many to a statement: SQLite
 * spends far less per row than with one statement each. Any refusal
 * ends the load, whose rollback undoes all; trying the rows of a refused
 * statement alone names the one refused. While no trigger on the table
 * runs, OR FAIL leaves the rows before it in place, and no statement
 * journal is kept. A trigger's refusal comes after its row is inserted,
 * which OR FAIL would keep and count: then a refused statement takes
 * back all its rows (exchange_inserts_prepare). */
#define INSERT_BATCH 64
#define INSERT_EXCHANGE " INTO exchange" \
  " (uuid, relationship, date, direction, kind, value, minutes, note) VALUES "
/* The keys of the exchanges a load wrote while their trigger was
 * suspended, appended in key order. */
#define INSERT_KEY "INSERT INTO exchange_key (uuid, exchange) VALUES "
#define INSERT_KEYS_SORTED_BY_SQLITE "INSERT INTO exchange_key (uuid, exchange)" \
  " SELECT uuid, id FROM exchange WHERE id >= ?1 ORDER BY uuid"
/* The day totals a load into a ledger without exchanges adds up itself,
 * a relationship's when it ends, the ledger's last. */
#define INSERT_RELATIONSHIP_DAY "INSERT INTO relationship_day" \
  " (relationship, date, direction, kind, exchanges, value, minutes) VALUES "
#define INSERT_LEDGER_DAY "INSERT INTO ledger_day (date, direction, exchanges, value) VALUES "
/* A relationship may end twice in one load (an import that merges two
 * of the file's relationships into one of the ledger's): its second
 * share adds to the first. */
#define ADD_RELATIONSHIP_DAY " ON CONFLICT DO UPDATE SET exchanges = exchanges + excluded.exchanges," \
  " value = value + excluded.value, minutes = minutes + excluded.minutes"
/* A mixed load's relationship days, added to what an earlier part of
 * the load wrote. A sum past 64 bits becomes a REAL in SQLite, which
 * the table's check refuses. */
#define UPSERT_RELATIONSHIP_DAY " ON CONFLICT (relationship, date, direction, kind) DO UPDATE SET" \
  " exchanges = exchanges + excluded.exchanges, value = value + excluded.value," \
  " minutes = minutes + excluded.minutes"
/* A relationship's lifetime total, added to what an earlier part of the
 * load wrote (a relationship may end twice in one load, a mixed load's
 * days be written in parts). The table was emptied when the load
 * began. */
#define ADD_RELATIONSHIP_TOTAL "INSERT INTO relationship_total (relationship, value, minutes)" \
  " VALUES (?1, ?2, ?3) ON CONFLICT DO UPDATE SET value = value + excluded.value," \
  " minutes = minutes + excluded.minutes"
/* How many relationship days a mixed load keeps in memory (32 bytes
 * each with their share of the slots) before it adds them to the table
 * and starts again: a million-row file's 863,000 fit. Written once, in
 * the table's order into a table without rows, they take the writer a
 * third of the time that adding them in parts of 65,536 took, as each
 * part went into all of the table's pages again. */
#define MIXED_DAYS_MAX MIXED_INDEX
/* A slot holds its entry's place plus one in its low 20 bits, and in
 * the others 12 bits of its day's hash: a probe compares those before
 * it reads an entry, which is anywhere in up to 25 MB. */
#define MIXED_INDEX ((1u << 20) - 1)
static guint mixed_days_max = MIXED_DAYS_MAX;
static guint early_day_writes;
static guint checked_day_writes;
static guint day_table_growths;
/* Entries are kept in blocks of this many: no copy as they grow. */
#define MIXED_BLOCK 16384
/* How many jobs (a batch of rows, a relationship's day totals) wait for
 * the writing thread: the bound on what the pipeline holds. */
#define QUEUE_MAX 16
/* A mixed load (CSV, bank statements: relationships' exchanges in any
 * order) keeps the relationship index up to date while its rows are few
 * enough: then the inserts are the writer thread's, while the rows are
 * read, where building it at the end took the last 1.5 s of a 1M-row
 * import alone. Past this many rows the index is dropped and built at
 * the end. (Set for a 32 MiB page cache, about 30 MB of index; with the
 * 16 MiB a mixed load now has, a million rows went in as fast as with
 * 32.) */
#define LIVE_INDEX_ROWS 1500000
static guint64 live_index_rows = LIVE_INDEX_ROWS;
/* Whether a load notes its exchanges' keys as they go in (tests may
 * have SQLite sort them instead). */
static gboolean note_keys = TRUE;
static guint noted_loads;

/* What the loader does with each index and trigger of the tables it
 * writes around (schema version 7). Every one of them is listed: a
 * migration that adds one must say here what becomes of it during a
 * load, or mutual_ledger_bulk_check_schema() and its test fail and a
 * load suspends nothing. */
typedef enum
{
  KEEP,             /* kept up to date row by row */
  KEEP_IN_ORDER,    /* kept up to date when each relationship's exchanges
                     * come together; for a mixed load too while it fits
                     * the page cache (LIVE_INDEX_ROWS), then built at the
                     * end */
  SUSPEND_IDS,      /* exchange → exchange_key, the ids' unique keys: the
                     * caller finds repeats
                     * (mutual_ledger_bulk_ids_suspended); appended in
                     * key order at the end (fill_exchange_keys) */
  SUSPEND_DAYS,     /* exchange → relationship_day, ledger_day: the loader
                     * adds them up (add_day_totals, write_day_totals); the
                     * load neither deletes nor updates an exchange */
  SUSPEND_TOTALS,   /* relationship_day → relationship_total, ledger_total:
                     * each relationship's from the days the loader adds
                     * up (add_relationship_total), the ledger's from
                     * them at the end; or, should a sum pass 64 bits,
                     * mutual_ledger_rebuild_totals() at the end */
} Suspension;

static const struct
{
  const char *type;
  const char *name;
  const char *table;
  Suspension  suspension;
} known[] = {
  /* An index that starts with the relationship grows at its end while
   * an exported file is read (one relationship after the other, each
   * one's exchanges in date order): kept up to date, it costs less than
   * built. */
  { "index", "exchange_by_relationship", "exchange", KEEP_IN_ORDER },
  { "trigger", "exchange_key_added", "exchange", SUSPEND_IDS },
  /* A load neither deletes nor updates an exchange. */
  { "trigger", "exchange_key_changed", "exchange", KEEP },
  { "trigger", "exchange_key_removed", "exchange", KEEP },
  { "trigger", "exchange_added", "exchange", SUSPEND_DAYS },
  { "trigger", "exchange_removed", "exchange", SUSPEND_DAYS },
  { "trigger", "exchange_changed", "exchange", SUSPEND_DAYS },
  { "trigger", "day_total_added", "relationship_day", SUSPEND_TOTALS },
  { "trigger", "day_total_removed", "relationship_day", SUSPEND_TOTALS },
  { "trigger", "day_total_changed", "relationship_day", SUSPEND_TOTALS },
};

#define SCHEMA_QUERY "SELECT type, name, tbl_name, sql FROM sqlite_schema" \
  " WHERE type IN ('index', 'trigger') AND tbl_name IN ('exchange', 'relationship_day')" \
  " AND sql IS NOT NULL ORDER BY type, name"

typedef struct
{
  gint64 exchanges;
  gint64 value;
  gint64 minutes;
} DayTotal;

/* A day total of one relationship, in a mixed load, as it is written. */
typedef struct
{
  gint64   relationship;
  guint    key;              /* RELATIONSHIP_DAY_KEY */
  DayTotal total;
} MixedDay;

/* A day total of one relationship as a mixed load keeps it: its counts
 * in 32 bits (a day that would go past them has the table written
 * first), the relationship by its place in MixedDayTable.ids. */
typedef struct
{
  guint32 relationship;
  guint32 key;
  gint64  value;
  guint32 exchanges;
  guint32 minutes;
} MixedEntry;

/* A mixed load's relationship days by relationship and key, found by
 * linear probing in slots that hold an entry's place plus one (0:
 * empty), at most half of them used. */
typedef struct
{
  GPtrArray  *blocks;         /* MixedEntry[MIXED_BLOCK] */
  guint       n;
  guint32    *slots;
  guint       mask;
  GArray     *ids;            /* gint64, the relationships by place */
  GHashTable *places;         /* gint64 id → place plus one */
  gint64      last_id;        /* the last one asked, and its place */
  guint32     last_place;
} MixedDayTable;

/* An exchange's uuid as two big-endian halves, whose order is that of
 * its canonical text (lower-case hexadecimal, the ledger's form). */
typedef struct
{
  guint64 high;
  guint64 low;
} KeyBits;

/* A key with its exchange's id, as they are appended. */
typedef struct
{
  guint64 high;
  guint64 low;
  gint64  exchange;
} KeyRow;

typedef struct
{
  MutualExchange exchange;   /* its uuid and note: the batch's text */
  guint64        tag;
  KeyBits        key;        /* its uuid's, while keys are noted */
  gboolean       has_key;
} NewExchange;

/* A job of new exchanges, several statements' worth: each hand-over
 * between the threads (a lock, a wake-up) is paid for this many rows.
 * The rows' text is copied in, so that the strings the reader made are
 * freed by the reader (glibc frees another thread's memory under its
 * arena's lock); and a batch done with goes back to the reader through
 * the pipeline's spares instead of the allocator. */
#define JOB_ROWS (INSERT_BATCH * 4)
#define NO_NOTE G_MAXSIZE

typedef struct _Pipeline Pipeline;

/* A day total taken out of its table, to be written in key order. */
typedef struct
{
  guint    key;
  DayTotal total;
} DayRow;

/* A relationship's day totals, in key order, and their sums (unless
 * they pass 64 bits). */
typedef struct
{
  gint64   relationship_id;
  gint64   value;
  gint64   minutes;
  gboolean summed;
  guint    n;
  DayRow   rows[];
} RelationshipDays;

/* Day totals by key (RELATIONSHIP_DAY_KEY or LEDGER_DAY_KEY, never 0:
 * a date is at least 19000101), held in the slots themselves and found
 * by linear probing: no allocation for a new day (a million-exchange
 * file has as many), and emptied through the list of the slots it used,
 * in the order they were first used. */
typedef struct
{
  DayRow *slots;     /* key 0: empty */
  guint  *used;
  guint   n;
  guint   mask;
} DayTable;

/* A batch also carries the day totals of the relationships whose last
 * rows it holds, written after its rows. */
#define JOB_DAYS 8

typedef struct
{
  Pipeline         *pipe;
  NewExchange       rows[JOB_ROWS];
  char              uuids[JOB_ROWS][37];
  gsize             notes_at[JOB_ROWS];   /* in notes, or NO_NOTE */
  GString          *notes;
  guint             n;
  RelationshipDays *days[JOB_DAYS];
  guint             n_days;
} Batch;

/* Work for the writing thread: SQLite statements it runs while the
 * caller's thread reads and checks the next rows. */
typedef gboolean (*JobFunc) (MutualLedgerBulk  *bulk,
                             gpointer           data,
                             guint64           *failed_tag,
                             GError           **error);

typedef struct
{
  JobFunc        func;
  gpointer       data;
  GDestroyNotify free;
} Job;

/* The pipeline: parsing and checking in the caller's thread, inserting
 * in one writer thread, a bounded queue between them. The connection is
 * used by one thread at a time (it is opened without SQLite's mutex):
 * by the writer while it has jobs, by the caller only after
 * wait_idle() saw the queue empty and the writer idle, the lock giving
 * each the other's writes. Each side wakes the other only when it
 * waits: GLib's condition variables make a system call for every
 * signal. A caller waiting for room is woken once the queue is half
 * empty, not for each job taken, which had the threads trade places at
 * every job. */
struct _Pipeline
{
  GThread   *thread;
  GMutex     lock;
  GCond      cond;
  Job        queue[QUEUE_MAX];
  guint      head;
  guint      n;
  gboolean   busy;
  gboolean   stop;
  gboolean   writer_waits;
  gboolean   caller_waits;
  GError    *error;        /* the first job that failed; later ones are dropped */
  guint64    failed_tag;
  Batch     *spares[QUEUE_MAX + 2];
  guint      n_spares;
};

struct _MutualLedgerBulk
{
  MutualLedger  *ledger;
  sqlite3       *db;
  gboolean       outermost;
  gboolean       foreign_keys;
  gint64         old_cache_size;

  gint64         first_new_relationship;
  gint64         first_new_exchange;

  sqlite3_stmt  *find_relationship;
  sqlite3_stmt  *find_exchange;
  sqlite3_stmt  *insert_one;
  sqlite3_stmt  *insert_batch;

  gboolean       added_exchange;      /* through the ledger, once */
  /* Each new exchange is looked up by its id by the writer first: kept
   * when the same, updated when not, inserted only when not there. The
   * counts are the writer's until it is idle. */
  gboolean       merging;
  sqlite3_stmt  *update_exchange;
  guint64        merged_unchanged;
  guint64        merged_updated;
  Batch         *pending;
  Pipeline       pipe;

  /* What was suspended: the definitions to make again, the id keys'
   * trigger apart while the caller keeps ids itself. */
  GPtrArray     *definitions;
  char          *uuid_index;
  /* Meanwhile the keys of the rows inserted, noted as they go in (by
   * the writer, or by the caller while the writer is idle), in blocks
   * of KEY_BLOCK; given up (keys_lost) if a row's id is not the next
   * one, and then sorted by SQLite at the end instead. */
  GPtrArray     *key_blocks;
  KeyRow        *sorted_keys;   /* the noted keys, sorted ahead */
  guint64        n_keys;
  gint64         next_key_id;
  gboolean       keys_lost;
  sqlite3_stmt  *insert_key;
  sqlite3_stmt  *insert_keys;   /* a batch */
  /* A mixed load's relationship index while it is kept up to date: its
   * definition and name; and the rows the writer inserted. */
  char          *live_index;
  const char    *live_index_name;
  guint64        rows_written;

  /* With the day totals' triggers suspended, DayTotal by key, for the
   * relationship being loaded and for the whole ledger; or, for a load
   * of many relationships' exchanges mixed, summed from the table at
   * the end. */
  gboolean       mixed;
  gboolean       sum_days;
  gboolean       checks_off;
  gboolean       days_empty;   /* no relationship day is in the table yet */
  gint64         cache_kib;
  MixedDayTable  mixed_days;
  sqlite3_stmt  *upsert_relationship_day;
  sqlite3_stmt  *upsert_relationship_days;   /* a batch */
  gboolean       keep_day_totals;
  /* The lifetime totals added up as the days are written (the writer's
   * until it is idle); given up for a rebuild at the end if a sum would
   * pass 64 bits. */
  sqlite3_stmt  *add_relationship_total;
  gboolean       totals_lost;
  DayTable       relationship_days;
  DayTable       ledger_days;
  sqlite3_stmt  *insert_relationship_day;
  sqlite3_stmt  *insert_relationship_days;   /* a batch */
  sqlite3_stmt  *insert_ledger_day;
  sqlite3_stmt  *insert_ledger_days;
};

static gint64
query_int64 (sqlite3    *db,
             const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value = 0;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) == SQLITE_OK
      && sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

#define DAY_TABLE_FIRST 64

static void
day_table_init (DayTable *table)
{
  table->mask = DAY_TABLE_FIRST - 1;
  table->slots = g_new0 (DayRow, DAY_TABLE_FIRST);
  table->used = g_new (guint, DAY_TABLE_FIRST / 2);
  table->n = 0;
}

static guint
day_table_slot (const DayTable *table,
                guint           key)
{
  guint i = key * 2654435761u;

  i = (i ^ (i >> 15)) & table->mask;
  while (table->slots[i].key != 0 && table->slots[i].key != key)
    i = (i + 1) & table->mask;
  return i;
}

/* Twice the slots, at most half of them used: the used ones move, in
 * the order of use. */
static void
day_table_grow (DayTable *table)
{
  DayRow *old = table->slots;
  guint size = (table->mask + 1) * 2;

  table->mask = size - 1;
  table->slots = g_new0 (DayRow, size);
  table->used = g_renew (guint, table->used, size / 2);
  for (guint k = 0; k < table->n; k++)
    {
      guint i = day_table_slot (table, old[table->used[k]].key);

      table->slots[i] = old[table->used[k]];
      table->used[k] = i;
    }
  g_free (old);
}

/* The total of the day @key, a new one at zero. */
static DayTotal *
day_table_get (DayTable *table,
               guint     key)
{
  guint i = day_table_slot (table, key);

  if (table->slots[i].key == 0)
    {
      if ((table->n + 1) * 2 > table->mask + 1)
        {
          day_table_grow (table);
          i = day_table_slot (table, key);
        }
      table->slots[i].key = key;
      table->slots[i].total = (DayTotal) { 0, 0, 0 };
      table->used[table->n++] = i;
    }
  return &table->slots[i].total;
}

/* @head followed by @rows rows of @columns parameters and @tail (may be
 * NULL); NULL if SQLite refuses it (the error is the connection's). */
static sqlite3_stmt *
prepare_insert (sqlite3    *db,
                const char *head,
                int         columns,
                int         rows,
                const char *tail)
{
  g_autoptr(GString) sql = g_string_new (head);
  sqlite3_stmt *stmt = NULL;

  for (int r = 0; r < rows; r++)
    {
      g_string_append (sql, r == 0 ? "(" : ",(");
      for (int c = 0; c < columns; c++)
        g_string_append (sql, c == 0 ? "?" : ",?");
      g_string_append_c (sql, ')');
    }
  if (tail)
    g_string_append (sql, tail);
  if (sqlite3_prepare_v2 (db, sql->str, (int) sql->len, &stmt, NULL) != SQLITE_OK)
    {
      sqlite3_finalize (stmt);
      return NULL;
    }
  return stmt;
}

static sqlite3_stmt *
prepare_upsert (sqlite3 *db,
                int      rows)
{
  g_autoptr(GString) sql = g_string_new (INSERT_RELATIONSHIP_DAY);
  sqlite3_stmt *stmt = NULL;

  for (int r = 0; r < rows; r++)
    g_string_append (sql, r == 0 ? "(?,?,?,?,?,?,?)" : ",(?,?,?,?,?,?,?)");
  g_string_append (sql, UPSERT_RELATIONSHIP_DAY);
  if (sqlite3_prepare_v2 (db, sql->str, (int) sql->len, &stmt, NULL) != SQLITE_OK)
    {
      sqlite3_finalize (stmt);
      return NULL;
    }
  return stmt;
}

#define MIXED_FIRST 1024
#define MIXED_ENTRY(table, i) ((MixedEntry *) (table)->blocks->pdata[(i) / MIXED_BLOCK] + (i) % MIXED_BLOCK)

/* @size empty slots in place of the table's (written at once:
 * calloc()'s pages of zeros are mapped twice, read and then written). */
static void
mixed_slots_make (MixedDayTable *table,
                  guint          size)
{
  g_free (table->slots);
  table->slots = g_new (guint32, size);
  memset (table->slots, 0, size * sizeof (guint32));
  table->mask = size - 1;
}

static void
mixed_table_init (MixedDayTable *table)
{
  table->blocks = g_ptr_array_new_with_free_func (g_free);
  table->n = 0;
  table->slots = NULL;
  mixed_slots_make (table, MIXED_FIRST);
  table->ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  table->places = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  table->last_id = 0;
}

static void
mixed_table_clear (MixedDayTable *table)
{
  g_clear_pointer (&table->blocks, g_ptr_array_unref);
  g_clear_pointer (&table->slots, g_free);
  g_clear_pointer (&table->ids, g_array_unref);
  g_clear_pointer (&table->places, g_hash_table_unref);
}

static inline guint64
mixed_hash (guint32 relationship,
            guint32 key)
{
  return (((guint64) relationship << 32) | key) * G_GUINT64_CONSTANT (0x9e3779b97f4a7c15);
}

/* Where a day's probe starts, and the bits of its slots that tell it. */
#define MIXED_START(h, mask) ((guint) ((h) >> 32) & (mask))
#define MIXED_TAG(h) ((guint32) (h) & ~MIXED_INDEX)

/* The place of the relationship @id, given one on first sight. */
static guint32
mixed_place (MixedDayTable *table,
             gint64         id)
{
  gpointer found;

  if (id == table->last_id && id != 0)
    return table->last_place;
  found = g_hash_table_lookup (table->places, &id);
  if (found == NULL)
    {
      found = GUINT_TO_POINTER (table->ids->len + 1);
      g_array_append_val (table->ids, id);
      g_hash_table_insert (table->places, g_memdup2 (&id, sizeof id), found);
    }
  table->last_id = id;
  table->last_place = GPOINTER_TO_UINT (found) - 1;
  return table->last_place;
}

/* The slot of the day @key of the relationship at @place: its entry's,
 * or the empty one where it would go. */
static inline guint
mixed_slot (const MixedDayTable *table,
            guint32              place,
            guint32              key)
{
  guint64 h = mixed_hash (place, key);
  guint32 tag = MIXED_TAG (h);
  guint i = MIXED_START (h, table->mask);

  for (;; i = (i + 1) & table->mask)
    {
      guint32 slot = table->slots[i];
      const MixedEntry *entry;

      if (slot == 0)
        return i;
      if ((slot & ~MIXED_INDEX) != tag)
        continue;
      entry = MIXED_ENTRY (table, (slot & MIXED_INDEX) - 1);
      if (entry->key == key && entry->relationship == place)
        return i;
    }
}

static void
mixed_table_grow (MixedDayTable *table)
{
  guint size = (table->mask + 1) * 2;

  day_table_growths++;
  mixed_slots_make (table, size);
  for (guint k = 0; k < table->n; k++)
    {
      const MixedEntry *entry = MIXED_ENTRY (table, k);
      guint64 h = mixed_hash (entry->relationship, entry->key);
      guint i = MIXED_START (h, table->mask);

      while (table->slots[i] != 0)
        i = (i + 1) & table->mask;
      table->slots[i] = MIXED_TAG (h) | (k + 1);
    }
}

static Batch *
batch_new (Pipeline *pipe)
{
  Batch *batch = NULL;

  g_mutex_lock (&pipe->lock);
  if (pipe->n_spares > 0)
    batch = pipe->spares[--pipe->n_spares];
  g_mutex_unlock (&pipe->lock);
  if (batch == NULL)
    {
      batch = g_new (Batch, 1);
      batch->pipe = pipe;
      batch->notes = g_string_sized_new (4096);
    }
  batch->n = 0;
  batch->n_days = 0;
  g_string_truncate (batch->notes, 0);
  return batch;
}

static void
batch_destroy (Batch *batch)
{
  g_string_free (batch->notes, TRUE);
  g_free (batch);
}

/* Back to the spares (or freed when there are enough). */
static void
batch_free (gpointer data)
{
  Batch *batch = data;
  Pipeline *pipe = batch->pipe;

  for (guint k = 0; k < batch->n_days; k++)
    g_free (batch->days[k]);
  batch->n_days = 0;
  g_mutex_lock (&pipe->lock);
  if (pipe->n_spares < G_N_ELEMENTS (pipe->spares))
    {
      pipe->spares[pipe->n_spares++] = batch;
      batch = NULL;
    }
  g_mutex_unlock (&pipe->lock);
  if (batch)
    batch_destroy (batch);
}

/* Points each row at its text, which no longer moves. */
static void
batch_seal (Batch *batch)
{
  for (guint k = 0; k < batch->n; k++)
    {
      batch->rows[k].exchange.uuid = batch->uuids[k];
      batch->rows[k].exchange.note = batch->notes_at[k] == NO_NOTE
                                     ? NULL : batch->notes->str + batch->notes_at[k];
    }
}

static gpointer
writer (gpointer data)
{
  MutualLedgerBulk *bulk = data;
  Pipeline *pipe = &bulk->pipe;

  g_mutex_lock (&pipe->lock);
  for (;;)
    {
      Job job;
      gboolean ok = TRUE, skip;
      guint64 tag = 0;
      GError *error = NULL;

      while (pipe->n == 0 && !pipe->stop)
        {
          pipe->writer_waits = TRUE;
          g_cond_wait (&pipe->cond, &pipe->lock);
          pipe->writer_waits = FALSE;
        }
      if (pipe->n == 0)
        break;
      job = pipe->queue[pipe->head];
      pipe->head = (pipe->head + 1) % QUEUE_MAX;
      pipe->n--;
      pipe->busy = TRUE;
      skip = pipe->error != NULL;
      if (pipe->caller_waits && pipe->n <= QUEUE_MAX / 2)
        g_cond_broadcast (&pipe->cond);
      g_mutex_unlock (&pipe->lock);

      if (!skip)
        ok = job.func (bulk, job.data, &tag, &error);
      if (job.free)
        job.free (job.data);

      g_mutex_lock (&pipe->lock);
      if (!ok)
        {
          if (pipe->error == NULL)
            {
              pipe->error = error;
              pipe->failed_tag = tag;
            }
          else
            g_clear_error (&error);
        }
      pipe->busy = FALSE;
      if (pipe->caller_waits && (!ok || pipe->n <= QUEUE_MAX / 2))
        g_cond_broadcast (&pipe->cond);
    }
  g_mutex_unlock (&pipe->lock);
  return NULL;
}

/* Hands @func to the writer (starting it the first time), waiting while
 * the queue is full. After a job failed, @data is freed instead, and
 * FALSE comes with that job's error and row when @failed_tag is given
 * (without, the error waits for a call that can name its row). */
static gboolean
submit (MutualLedgerBulk  *bulk,
        JobFunc            func,
        gpointer           data,
        GDestroyNotify     free_data,
        guint64           *failed_tag,
        GError           **error)
{
  Pipeline *pipe = &bulk->pipe;
  gboolean ok = TRUE;

  if (pipe->thread == NULL)
    pipe->thread = g_thread_new ("mutual-bulk", writer, bulk);
  g_mutex_lock (&pipe->lock);
  while (pipe->n == QUEUE_MAX && pipe->error == NULL)
    {
      pipe->caller_waits = TRUE;
      g_cond_wait (&pipe->cond, &pipe->lock);
      pipe->caller_waits = FALSE;
    }
  if (pipe->error)
    {
      if (failed_tag)
        {
          *failed_tag = pipe->failed_tag;
          g_propagate_error (error, g_error_copy (pipe->error));
          ok = FALSE;
        }
      g_mutex_unlock (&pipe->lock);
      if (free_data)
        free_data (data);
      return ok;
    }
  else
    {
      pipe->queue[(pipe->head + pipe->n) % QUEUE_MAX] = (Job) { func, data, free_data };
      pipe->n++;
      if (pipe->writer_waits)
        g_cond_broadcast (&pipe->cond);
    }
  g_mutex_unlock (&pipe->lock);
  return ok;
}

/* Waits until the writer has done every job: the connection is then the
 * caller's thread's. FALSE with the error and row of a job that failed
 * when @failed_tag is given; without, the error waits for a call that
 * can name its row (the load's flush and finish always do). */
static gboolean
wait_idle (MutualLedgerBulk  *bulk,
           guint64           *failed_tag,
           GError           **error)
{
  Pipeline *pipe = &bulk->pipe;
  gboolean ok = TRUE;

  if (pipe->thread == NULL)
    return TRUE;
  g_mutex_lock (&pipe->lock);
  while (pipe->n > 0 || pipe->busy)
    {
      pipe->caller_waits = TRUE;
      g_cond_wait (&pipe->cond, &pipe->lock);
      pipe->caller_waits = FALSE;
    }
  if (pipe->error && failed_tag)
    {
      *failed_tag = pipe->failed_tag;
      g_propagate_error (error, g_error_copy (pipe->error));
      ok = FALSE;
    }
  g_mutex_unlock (&pipe->lock);
  return ok;
}

static void
stop_writer (MutualLedgerBulk *bulk)
{
  Pipeline *pipe = &bulk->pipe;

  if (pipe->thread == NULL)
    return;
  g_mutex_lock (&pipe->lock);
  pipe->stop = TRUE;
  g_cond_broadcast (&pipe->cond);
  g_mutex_unlock (&pipe->lock);
  g_thread_join (g_steal_pointer (&pipe->thread));
}

static void
bulk_free (MutualLedgerBulk *bulk)
{
  stop_writer (bulk);
  g_clear_pointer (&bulk->pipe.error, g_error_free);
  g_clear_pointer (&bulk->pending, batch_free);
  for (guint k = 0; k < bulk->pipe.n_spares; k++)
    batch_destroy (bulk->pipe.spares[k]);
  g_mutex_clear (&bulk->pipe.lock);
  g_cond_clear (&bulk->pipe.cond);
  sqlite3_finalize (bulk->find_relationship);
  sqlite3_finalize (bulk->find_exchange);
  sqlite3_finalize (bulk->update_exchange);
  sqlite3_finalize (bulk->insert_one);
  sqlite3_finalize (bulk->insert_batch);
  sqlite3_finalize (bulk->insert_key);
  sqlite3_finalize (bulk->insert_keys);
  sqlite3_finalize (bulk->insert_relationship_day);
  sqlite3_finalize (bulk->insert_relationship_days);
  sqlite3_finalize (bulk->upsert_relationship_day);
  sqlite3_finalize (bulk->upsert_relationship_days);
  sqlite3_finalize (bulk->add_relationship_total);
  mixed_table_clear (&bulk->mixed_days);
  sqlite3_finalize (bulk->insert_ledger_day);
  sqlite3_finalize (bulk->insert_ledger_days);
  g_clear_pointer (&bulk->definitions, g_ptr_array_unref);
  g_free (bulk->uuid_index);
  g_clear_pointer (&bulk->key_blocks, g_ptr_array_unref);
  g_free (bulk->sorted_keys);
  g_free (bulk->live_index);
  g_free (bulk->relationship_days.slots);
  g_free (bulk->relationship_days.used);
  g_free (bulk->ledger_days.slots);
  g_free (bulk->ledger_days.used);
  g_clear_object (&bulk->ledger);
  g_free (bulk);
}

static int
known_index (const char *type,
             const char *name,
             const char *table)
{
  for (guint k = 0; k < G_N_ELEMENTS (known); k++)
    if (strcmp (known[k].type, type) == 0 && strcmp (known[k].name, name) == 0
        && strcmp (known[k].table, table) == 0)
      return (int) k;
  return -1;
}

/* The schema's indexes and triggers on the tables of known[], which must
 * be exactly those: their definitions by known[] index in @definitions
 * when given. */
static gboolean
read_schema (sqlite3    *db,
             char      **definitions,
             GError    **error)
{
  gboolean found[G_N_ELEMENTS (known)] = { FALSE };
  sqlite3_stmt *stmt = NULL;
  gboolean ok = TRUE;

  if (sqlite3_prepare_v2 (db, SCHEMA_QUERY, -1, &stmt, NULL) != SQLITE_OK)
    {
      g_set_error (error, MUTUAL_ERROR, MUTUAL_ERROR_LEDGER,
                   _("The ledger could not be prepared for the import (%s)."), sqlite3_errmsg (db));
      return FALSE;
    }
  while (ok && sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *type = (const char *) sqlite3_column_text (stmt, 0);
      const char *name = (const char *) sqlite3_column_text (stmt, 1);
      const char *table = (const char *) sqlite3_column_text (stmt, 2);
      int k = known_index (type, name, table);

      if (k < 0)
        {
          g_set_error (error, MUTUAL_ERROR, MUTUAL_ERROR_LEDGER,
                       "The bulk loader does not know the %s “%s” on “%s”.", type, name, table);
          ok = FALSE;
          break;
        }
      found[k] = TRUE;
      if (definitions)
        definitions[k] = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
    }
  sqlite3_finalize (stmt);
  for (guint k = 0; ok && k < G_N_ELEMENTS (known); k++)
    if (!found[k])
      {
        g_set_error (error, MUTUAL_ERROR, MUTUAL_ERROR_LEDGER,
                     "The bulk loader expects the %s “%s” on “%s”, which the ledger lacks.",
                     known[k].type, known[k].name, known[k].table);
        ok = FALSE;
      }
  return ok;
}

void
mutual_ledger_bulk_set_live_index_limit (guint64 rows)
{
  live_index_rows = rows ? rows : LIVE_INDEX_ROWS;
}

void
mutual_ledger_bulk_expect_rows (MutualLedgerBulk *bulk,
                                guint64           rows)
{
  MixedDayTable *table = &bulk->mixed_days;
  guint64 days = MIN (rows, (guint64) mixed_days_max);
  guint size = table->mask + 1;

  if (!bulk->sum_days)
    return;
  /* The table is the writer's once it has rows: a hint comes first. */
  wait_idle (bulk, NULL, NULL);
  if (table->n > 0)
    return;
  while ((guint64) size < 2 * days)
    size *= 2;
  if (size > table->mask + 1)
    mixed_slots_make (table, size);
}

void
mutual_ledger_bulk_set_mixed_days_limit (guint days)
{
  mixed_days_max = days ? MIN (days, MIXED_DAYS_MAX) : MIXED_DAYS_MAX;
}

guint
mutual_ledger_bulk_early_day_writes (void)
{
  return early_day_writes;
}

guint
mutual_ledger_bulk_checked_day_writes (void)
{
  return checked_day_writes;
}

guint
mutual_ledger_bulk_day_table_growths (void)
{
  return day_table_growths;
}

gboolean
mutual_ledger_bulk_check_schema (MutualLedger  *ledger,
                                 GError       **error)
{
  g_return_val_if_fail (MUTUAL_IS_LEDGER (ledger), FALSE);
  return read_schema (mutual_ledger_get_db (ledger), NULL, error);
}

/* Keeping the exchange keys and the day totals up to date row by
 * row costs more than making them once (a trigger's work for each row
 * costs more than the table's insert): for a load larger than a ledger
 * without exchanges they are dropped inside the transaction and made
 * again from their own definitions before it commits (a rollback
 * restores them). A schema the loader does not know exactly suspends
 * nothing: slower, never wrong. */
static gboolean
suspend (MutualLedgerBulk  *bulk,
         GError           **error)
{
  char *definitions[G_N_ELEMENTS (known)] = { NULL };
  g_autoptr(GError) unknown = NULL;
  gboolean ok = TRUE;

  if (!read_schema (bulk->db, definitions, &unknown))
    {
      g_debug ("Nothing suspended for the load: %s", unknown->message);
      for (guint k = 0; k < G_N_ELEMENTS (known); k++)
        g_free (definitions[k]);
      return TRUE;
    }

  bulk->definitions = g_ptr_array_new_with_free_func (g_free);
  for (guint k = 0; k < G_N_ELEMENTS (known); k++)
    {
      char *drop;

      if (known[k].suspension == KEEP
          || (known[k].suspension == KEEP_IN_ORDER && !bulk->mixed))
        {
          g_free (definitions[k]);
          continue;
        }
      if (known[k].suspension == KEEP_IN_ORDER)
        {
          bulk->live_index = definitions[k];
          bulk->live_index_name = known[k].name;
          continue;
        }
      if (ok)
        {
          drop = sqlite3_mprintf ("DROP %s \"%w\"", strcmp (known[k].type, "trigger") == 0
                                  ? "TRIGGER" : "INDEX", known[k].name);
          ok = sqlite3_exec (bulk->db, drop, NULL, NULL, NULL) == SQLITE_OK;
          sqlite3_free (drop);
        }
      if (known[k].suspension == SUSPEND_IDS)
        {
          bulk->uuid_index = definitions[k];
          if (note_keys)
            bulk->key_blocks = g_ptr_array_new_with_free_func (g_free);
          bulk->next_key_id = bulk->first_new_exchange;
        }
      else
        g_ptr_array_add (bulk->definitions, definitions[k]);
      if (known[k].suspension == SUSPEND_DAYS)
        {
          bulk->keep_day_totals = TRUE;
          bulk->sum_days = bulk->mixed;
        }
    }

  if (ok && bulk->sum_days)
    {
      bulk->upsert_relationship_day = prepare_upsert (bulk->db, 1);
      bulk->upsert_relationship_days = prepare_upsert (bulk->db, INSERT_BATCH);
      ok = bulk->upsert_relationship_day && bulk->upsert_relationship_days;
      mixed_table_init (&bulk->mixed_days);
      bulk->days_empty = query_int64 (bulk->db, "SELECT EXISTS (SELECT 1 FROM relationship_day)") == 0;
    }
  if (ok && bulk->keep_day_totals
      && ((bulk->insert_relationship_day = prepare_insert (bulk->db, INSERT_RELATIONSHIP_DAY, 7, 1, ADD_RELATIONSHIP_DAY)) == NULL
          || (bulk->insert_relationship_days = prepare_insert (bulk->db, INSERT_RELATIONSHIP_DAY, 7, INSERT_BATCH, ADD_RELATIONSHIP_DAY)) == NULL
          || (bulk->insert_ledger_day = prepare_insert (bulk->db, INSERT_LEDGER_DAY, 4, 1, NULL)) == NULL
          || (bulk->insert_ledger_days = prepare_insert (bulk->db, INSERT_LEDGER_DAY, 4, INSERT_BATCH, NULL)) == NULL
          || sqlite3_prepare_v2 (bulk->db, ADD_RELATIONSHIP_TOTAL, -1, &bulk->add_relationship_total, NULL) != SQLITE_OK
          || sqlite3_exec (bulk->db, "DELETE FROM relationship_total", NULL, NULL, NULL) != SQLITE_OK))
    ok = FALSE;
  if (!ok)
    {
      g_set_error (error, MUTUAL_ERROR, MUTUAL_ERROR_LEDGER,
                   _("The ledger could not be prepared for the import (%s)."),
                   sqlite3_errmsg (bulk->db));
      return FALSE;
    }
  if (bulk->keep_day_totals)
    {
      day_table_init (&bulk->relationship_days);
      day_table_init (&bulk->ledger_days);
    }
  /* A load of Mutual's files only appends here, to each table and index
   * at its end: 16 MiB took a million exchanges as fast as 48, with 38
   * MB less memory. A mixed load inserts into the relationship index
   * anywhere, but keeps its relationship days in memory until the end:
   * 16 MiB took a million CSV rows as fast as 32, with 19 MB less. */
  bulk->cache_kib = 16384;
  return TRUE;
}

/* The statements that insert new exchanges, for the triggers the table
 * has now: OR FAIL only while none of them runs. */
static gboolean
exchange_inserts_prepare (MutualLedgerBulk  *bulk,
                          GError           **error)
{
  const char *verb = bulk->uuid_index && bulk->keep_day_totals ? "INSERT OR FAIL" : "INSERT";
  g_autofree char *head = g_strconcat (verb, INSERT_EXCHANGE, NULL);

  g_clear_pointer (&bulk->insert_one, sqlite3_finalize);
  g_clear_pointer (&bulk->insert_batch, sqlite3_finalize);
  if ((bulk->insert_one = prepare_insert (bulk->db, head, 8, 1, NULL)) == NULL
      || (bulk->insert_batch = prepare_insert (bulk->db, head, 8, INSERT_BATCH, NULL)) == NULL)
    {
      g_set_error (error, MUTUAL_ERROR, MUTUAL_ERROR_LEDGER,
                   _("The ledger could not be prepared for the import (%s)."),
                   sqlite3_errmsg (bulk->db));
      return FALSE;
    }
  return TRUE;
}

/* A mixed load into a ledger without exchanges writes only rows checked
 * in C before they come: each exchange by mutual_exchange_check() (what
 * the table's checks ask, and more), each new relationship by
 * mutual_relationship_check(), and the relationship days and lifetime
 * totals it added up itself, with checked sums, into tables without
 * them. While it does, SQLite's checks are left out of its statements:
 * they took a twelfth of the writer's time. Where a sum is made by
 * SQLite (days or totals added to those an earlier part of the load
 * wrote, the ledger's total), the checks are what refuses one past 64
 * bits, and are on. SQLite prepares every statement again at its next
 * step after a change of the setting. */
static gboolean
set_checks (MutualLedgerBulk *bulk,
            gboolean          on)
{
  if (bulk->checks_off != on)
    return TRUE;
  if (sqlite3_exec (bulk->db, on ? "PRAGMA ignore_check_constraints = OFF"
                                 : "PRAGMA ignore_check_constraints = ON", NULL, NULL, NULL) != SQLITE_OK)
    return FALSE;
  bulk->checks_off = !on;
  return TRUE;
}

static void
restore_connection (MutualLedgerBulk *bulk)
{
  g_autofree char *restore = g_strdup_printf ("PRAGMA cache_size = %" G_GINT64_FORMAT,
                                              bulk->old_cache_size);

  sqlite3_exec (bulk->db, restore, NULL, NULL, NULL);
  /* Only running out of memory can fail it. What Mutual writes is
   * checked in C as well: say so, and go on. */
  if (!set_checks (bulk, TRUE))
    g_warning ("SQLite's checks could not be turned back on after an import: %s",
               sqlite3_errmsg (bulk->db));
}

static MutualLedgerBulk *
begin (MutualLedger  *ledger,
       guint64        expected_exchanges,
       gboolean       mixed,
       GError       **error)
{
  MutualLedgerBulk *bulk;

  g_return_val_if_fail (MUTUAL_IS_LEDGER (ledger), NULL);

  bulk = g_new0 (MutualLedgerBulk, 1);
  bulk->ledger = g_object_ref (ledger);
  bulk->db = mutual_ledger_get_db (ledger);
  bulk->mixed = mixed;
  g_mutex_init (&bulk->pipe.lock);
  g_cond_init (&bulk->pipe.cond);

  if (sqlite3_prepare_v2 (bulk->db, "SELECT id FROM relationship WHERE uuid = ?1", -1,
                          &bulk->find_relationship, NULL) != SQLITE_OK
      || sqlite3_prepare_v2 (bulk->db,
                             "SELECT e.id, e.relationship, e.date, e.direction, e.kind, e.value,"
                             " e.minutes, e.note FROM exchange_key k JOIN exchange e ON e.id = k.exchange"
                             " WHERE k.uuid = ?1", -1,
                             &bulk->find_exchange, NULL) != SQLITE_OK)
    {
      g_set_error (error, MUTUAL_ERROR, MUTUAL_ERROR_LEDGER,
                   _("The ledger “%s” could not be read (%s)."),
                   mutual_ledger_get_path (ledger), sqlite3_errmsg (bulk->db));
      bulk_free (bulk);
      return NULL;
    }

  /* Each exchange's relationship is one the caller found or wrote in the
   * same transaction, and the load deletes nothing: SQLite's foreign
   * key check of every row (a fifth of its insert time) can find
   * nothing. The setting only changes outside a transaction. */
  bulk->outermost = sqlite3_get_autocommit (bulk->db);
  bulk->foreign_keys = query_int64 (bulk->db, "PRAGMA foreign_keys") != 0;
  if (bulk->outermost && bulk->foreign_keys)
    sqlite3_exec (bulk->db, "PRAGMA foreign_keys = OFF", NULL, NULL, NULL);

  if (!mutual_ledger_begin (ledger, error))
    {
      if (bulk->outermost && bulk->foreign_keys)
        sqlite3_exec (bulk->db, "PRAGMA foreign_keys = ON", NULL, NULL, NULL);
      bulk_free (bulk);
      return NULL;
    }

  bulk->first_new_relationship = query_int64 (bulk->db, "SELECT max (id) FROM relationship") + 1;
  bulk->first_new_exchange = query_int64 (bulk->db, "SELECT max (id) FROM exchange") + 1;

  /* Only into a ledger without exchanges: with some, their ids are looked
   * up in the index and their totals kept by the triggers. */
  if ((bulk->first_new_exchange == 1 && expected_exchanges > (guint64) bulk->first_new_exchange
       && !suspend (bulk, error))
      || !exchange_inserts_prepare (bulk, error))
    {
      mutual_ledger_rollback (ledger);
      if (bulk->outermost && bulk->foreign_keys)
        sqlite3_exec (bulk->db, "PRAGMA foreign_keys = ON", NULL, NULL, NULL);
      bulk_free (bulk);
      return NULL;
    }

  /* A larger page cache while the one big transaction runs, for the
   * lookups of a load into a ledger with exchanges: 48 MiB (64 MiB took
   * a million-exchange import to 157 MB, past the design's 150). A load
   * into a ledger without them chose its own in suspend(). */
  bulk->old_cache_size = query_int64 (bulk->db, "PRAGMA cache_size");
  {
    g_autofree char *pragma = g_strdup_printf ("PRAGMA cache_size = -%" G_GINT64_FORMAT,
                                               bulk->cache_kib ? bulk->cache_kib : (gint64) 49152);

    sqlite3_exec (bulk->db, pragma, NULL, NULL, NULL);
  }
  if (bulk->sum_days)
    set_checks (bulk, FALSE);
  return bulk;
}

MutualLedgerBulk *
mutual_ledger_bulk_begin (MutualLedger  *ledger,
                          guint64        expected_exchanges,
                          GError       **error)
{
  return begin (ledger, expected_exchanges, FALSE, error);
}

MutualLedgerBulk *
mutual_ledger_bulk_begin_mixed (MutualLedger  *ledger,
                                guint64        expected_exchanges,
                                GError       **error)
{
  return begin (ledger, expected_exchanges, TRUE, error);
}

gint64
mutual_ledger_bulk_first_new_relationship (MutualLedgerBulk *bulk)
{
  return bulk->first_new_relationship;
}

gint64
mutual_ledger_bulk_first_new_exchange (MutualLedgerBulk *bulk)
{
  return bulk->first_new_exchange;
}

gboolean
mutual_ledger_bulk_ids_suspended (MutualLedgerBulk *bulk)
{
  return bulk->uuid_index != NULL;
}

static gboolean
repeated_id (MutualLedgerBulk  *bulk,
             const char        *uuid,
             GError           **error)
{
  g_set_error (error, MUTUAL_ERROR, MUTUAL_ERROR_DATA,
               _("The exchange id “%s” appears more than once in the file."), uuid);
  return FALSE;
}

/* A lower-case hexadecimal digit's value plus one; 0 for anything else.
 * Looked up rather than compared: a random digit is a letter or not at
 * random, and a branch on it was mispredicted half the time. */
static const guint8 hex_digit[256] = {
  ['0'] = 1, ['1'] = 2, ['2'] = 3, ['3'] = 4, ['4'] = 5, ['5'] = 6, ['6'] = 7, ['7'] = 8,
  ['8'] = 9, ['9'] = 10, ['a'] = 11, ['b'] = 12, ['c'] = 13, ['d'] = 14, ['e'] = 15, ['f'] = 16,
};

/* Every byte's two lower-case hexadecimal digits, in order. */
#define HEX_ROW(h) h "0" h "1" h "2" h "3" h "4" h "5" h "6" h "7" \
                   h "8" h "9" h "a" h "b" h "c" h "d" h "e" h "f"
static const char hex_pairs[] =
  HEX_ROW ("0") HEX_ROW ("1") HEX_ROW ("2") HEX_ROW ("3") HEX_ROW ("4") HEX_ROW ("5")
  HEX_ROW ("6") HEX_ROW ("7") HEX_ROW ("8") HEX_ROW ("9") HEX_ROW ("a") HEX_ROW ("b")
  HEX_ROW ("c") HEX_ROW ("d") HEX_ROW ("e") HEX_ROW ("f");
#undef HEX_ROW

/* Where a uuid's 32 digits stand in its text. */
static const guint8 digit_at[32] = {
  0, 1, 2, 3, 4, 5, 6, 7, 9, 10, 11, 12, 14, 15, 16, 17,
  19, 20, 21, 22, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35,
};

/* FALSE unless @text is a uuid in its canonical form. */
static gboolean
key_parse (const char *text,
           int         length,
           KeyBits    *key)
{
  const guchar *u = (const guchar *) text;
  guint64 half[2] = { 0, 0 };
  guint invalid = 0;

  if (length != 36 || u[8] != '-' || u[13] != '-' || u[18] != '-' || u[23] != '-')
    return FALSE;
  for (guint h = 0; h < 2; h++)
    for (guint i = 0; i < 16; i++)
      {
        guint d = hex_digit[u[digit_at[h * 16 + i]]];

        invalid |= d == 0;
        half[h] = half[h] << 4 | ((d - 1) & 0xf);
      }
  if (invalid)
    return FALSE;
  key->high = half[0];
  key->low = half[1];
  return TRUE;
}

static void
key_format (const KeyRow *row,
            char          text[37])
{
  /* Where each byte's two digits go, past the dashes. */
  static const guint8 at[16] = { 0, 2, 4, 6, 9, 11, 14, 16, 19, 21, 24, 26, 28, 30, 32, 34 };

  for (guint b = 0; b < 16; b++)
    {
      guint byte = (guint) ((b < 8 ? row->high >> (56 - 8 * b) : row->low >> (56 - 8 * (b - 8))) & 0xff);

      memcpy (text + at[b], hex_pairs + 2 * byte, 2);
    }
  text[8] = text[13] = text[18] = text[23] = '-';
  text[36] = '\0';
}

static inline guint
key_byte (const KeyRow *row,
          guint         depth)
{
  return depth < 8 ? (row->high >> (56 - 8 * depth)) & 0xff : (row->low >> (56 - 8 * (depth - 8))) & 0xff;
}

static inline gboolean
key_less (const KeyRow *a,
          const KeyRow *b)
{
  return a->high < b->high || (a->high == b->high && a->low < b->low);
}

/* Sorts @rows by key in place, a byte at a time from the first (a radix
 * sort that moves each row into its bucket by swaps): no second array,
 * and a million keys in tens of milliseconds where SQLite's sorter
 * takes the better part of a second. Keys from a file may share any
 * number of leading bytes: sixteen levels at most. */
static void
keys_sort (KeyRow *rows,
           gsize   n,
           guint   depth)
{
  gsize count[256] = { 0 };
  gsize next[256];
  gsize end[256];
  gsize at = 0;

  if (n < 32 || depth == 16)
    {
      for (gsize i = 1; i < n; i++)
        {
          KeyRow row = rows[i];
          gsize j = i;

          for (; j > 0 && key_less (&row, &rows[j - 1]); j--)
            rows[j] = rows[j - 1];
          rows[j] = row;
        }
      return;
    }

  for (gsize i = 0; i < n; i++)
    count[key_byte (&rows[i], depth)]++;
  for (guint b = 0; b < 256; b++)
    {
      next[b] = at;
      at += count[b];
      end[b] = at;
    }
  for (guint b = 0; b < 256; b++)
    while (next[b] < end[b])
      {
        KeyRow row = rows[next[b]];
        guint c;

        /* Each swap puts one row where it belongs. */
        while ((c = key_byte (&row, depth)) != b)
          {
            KeyRow there = rows[next[c]];

            rows[next[c]++] = row;
            row = there;
          }
        rows[next[b]++] = row;
      }
  at = 0;
  for (guint b = 0; b < 256; at += count[b], b++)
    if (count[b] > 1)
      keys_sort (rows + at, count[b], depth + 1);
}

void
mutual_ledger_bulk_set_note_keys (gboolean note)
{
  note_keys = note;
}

guint
mutual_ledger_bulk_noted_loads (void)
{
  return noted_loads;
}

gboolean
mutual_ledger_bulk_sort_uuids (char  (*uuids)[37],
                               gsize   n)
{
  g_autofree KeyRow *rows = g_new (KeyRow, MAX (n, 1));

  for (gsize i = 0; i < n; i++)
    {
      KeyBits key;

      if (!key_parse (uuids[i], (int) strnlen (uuids[i], 37), &key))
        return FALSE;
      rows[i].high = key.high;
      rows[i].low = key.low;
      rows[i].exchange = (gint64) i;
    }
  keys_sort (rows, n, 0);
  for (gsize i = 0; i < n; i++)
    key_format (&rows[i], uuids[i]);
  return TRUE;
}

#define KEY_BLOCK 65536
#define NOTED(bulk, i) ((KeyBits *) (bulk)->key_blocks->pdata[(i) / KEY_BLOCK] + (i) % KEY_BLOCK)

/* The row just inserted, @id (which must be the next one), with @key
 * (NULL if its uuid was not in the ledger's form). */
static void
keys_note (MutualLedgerBulk *bulk,
           const KeyBits    *key,
           gint64            id)
{
  if (bulk->key_blocks == NULL || bulk->keys_lost)
    return;
  if (id != bulk->next_key_id || key == NULL)
    {
      bulk->keys_lost = TRUE;
      return;
    }
  if (bulk->n_keys % KEY_BLOCK == 0)
    g_ptr_array_add (bulk->key_blocks, g_new (KeyBits, KEY_BLOCK));
  *NOTED (bulk, bulk->n_keys) = *key;
  bulk->n_keys++;
  bulk->next_key_id++;
}

/* The last @n rows one statement inserted, their keys parsed by the
 * reader (mutual_ledger_bulk_add_exchange), which has time to spare. */
static void
keys_note_rows (MutualLedgerBulk  *bulk,
                const NewExchange *rows,
                guint              n)
{
  gint64 last;

  if (bulk->key_blocks == NULL || bulk->keys_lost)
    return;
  last = sqlite3_last_insert_rowid (bulk->db);
  for (guint k = 0; k < n; k++)
    keys_note (bulk, rows[k].has_key ? &rows[k].key : NULL, last - (gint64) (n - 1 - k));
}

/* The keys noted, sorted, in one array; the blocks are freed as their
 * rows are moved into their places (by their first byte) in it. */
static KeyRow *
keys_gather_sorted (MutualLedgerBulk *bulk)
{
  gsize n = bulk->n_keys;
  KeyRow *rows = g_new (KeyRow, MAX (n, 1));
  gsize count[256] = { 0 };
  gsize next[256];
  gsize at = 0;

  for (gsize i = 0; i < n; i++)
    count[NOTED (bulk, i)->high >> 56]++;
  for (guint b = 0; b < 256; b++)
    {
      next[b] = at;
      at += count[b];
    }
  for (gsize i = 0; i < n; i++)
    {
      const KeyBits *bits = NOTED (bulk, i);

      rows[next[bits->high >> 56]++] = (KeyRow) { bits->high, bits->low, bulk->first_new_exchange + (gint64) i };
      if (i % KEY_BLOCK == KEY_BLOCK - 1 || i == n - 1)
        g_clear_pointer (&bulk->key_blocks->pdata[i / KEY_BLOCK], g_free);
    }
  at = 0;
  for (guint b = 0; b < 256; at += count[b], b++)
    if (count[b] > 1)
      keys_sort (rows + at, count[b], 1);
  return rows;
}

/* TRUE, with the sentence in @error, when @rc says the disk is full. */
static gboolean
disk_full (MutualLedgerBulk  *bulk,
           int                rc,
           GError           **error)
{
  if ((rc & 0xff) != SQLITE_FULL
      && ((rc & 0xff) != SQLITE_IOERR
          || (sqlite3_system_errno (bulk->db) != ENOSPC && sqlite3_system_errno (bulk->db) != EDQUOT)))
    return FALSE;
  g_set_error (error, MUTUAL_ERROR, MUTUAL_ERROR_LEDGER,
               _("The disk holding the ledger “%s” is full; nothing was changed."),
               mutual_ledger_get_path (bulk->ledger));
  return TRUE;
}

static gboolean
keys_write_failed (MutualLedgerBulk  *bulk,
                   int                rc,
                   GError           **error)
{
  if (!disk_full (bulk, rc, error))
    g_set_error (error, MUTUAL_ERROR, MUTUAL_ERROR_LEDGER,
                 _("The ledger’s indexes could not be rebuilt after the import (%s)."),
                 sqlite3_errmsg (bulk->db));
  return FALSE;
}

/* A repeated id among the load's rows, found by SQLite: named. */
static gboolean
repeated_key (MutualLedgerBulk  *bulk,
              GError           **error)
{
  sqlite3_stmt *stmt = NULL;
  g_autofree char *uuid = NULL;

  if (sqlite3_prepare_v2 (bulk->db, "SELECT uuid FROM exchange WHERE id >= ?1"
                          " GROUP BY uuid HAVING count (*) > 1 LIMIT 1", -1, &stmt, NULL) == SQLITE_OK)
    {
      sqlite3_bind_int64 (stmt, 1, bulk->first_new_exchange);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        uuid = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
    }
  sqlite3_finalize (stmt);
  return repeated_id (bulk, uuid ? uuid : "", error);
}

/* Appends @n sorted keys to exchange_key, as many to a statement as a
 * batch holds. */
static gboolean
keys_append (MutualLedgerBulk  *bulk,
             const KeyRow      *rows,
             gsize              n,
             GError           **error)
{
  char text[INSERT_BATCH][37];
  gsize i = 0;

  if ((bulk->insert_keys == NULL
       && (bulk->insert_keys = prepare_insert (bulk->db, INSERT_KEY, 2, INSERT_BATCH, NULL)) == NULL)
      || (bulk->insert_key == NULL
          && (bulk->insert_key = prepare_insert (bulk->db, INSERT_KEY, 2, 1, NULL)) == NULL))
    return keys_write_failed (bulk, sqlite3_errcode (bulk->db), error);

  while (i < n)
    {
      sqlite3_stmt *stmt = n - i >= INSERT_BATCH ? bulk->insert_keys : bulk->insert_key;
      guint rows_now = stmt == bulk->insert_keys ? INSERT_BATCH : 1;
      int rc;

      for (guint k = 0; k < rows_now; k++)
        {
          key_format (&rows[i + k], text[k]);
          sqlite3_bind_text (stmt, (int) k * 2 + 1, text[k], 36, SQLITE_STATIC);
          sqlite3_bind_int64 (stmt, (int) k * 2 + 2, rows[i + k].exchange);
        }
      rc = sqlite3_step (stmt);
      sqlite3_reset (stmt);
      if (rc != SQLITE_DONE)
        return keys_write_failed (bulk, rc, error);
      i += rows_now;
    }
  return TRUE;
}

/* The exchanges written while their keys' trigger was suspended get
 * their keys, appended in key order: sorted here from the keys noted as
 * the rows went in, or, if some were not (a test's choice; a row whose
 * id was not the next one), by SQLite from the rows themselves. A
 * repeated id (which the caller should have found) is refused by name. */
static gboolean
fill_exchange_keys (MutualLedgerBulk  *bulk,
                    GError           **error)
{
  gint64 last = query_int64 (bulk->db, "SELECT max (id) FROM exchange");
  g_autofree KeyRow *rows = g_steal_pointer (&bulk->sorted_keys);
  gsize n;

  if (last < bulk->first_new_exchange)
    return TRUE;

  if (bulk->key_blocks == NULL || bulk->keys_lost
      || bulk->n_keys != (guint64) (last - bulk->first_new_exchange + 1))
    {
      sqlite3_stmt *insert = NULL;
      int rc;

      if (sqlite3_prepare_v2 (bulk->db, INSERT_KEYS_SORTED_BY_SQLITE, -1, &insert, NULL) != SQLITE_OK)
        return keys_write_failed (bulk, sqlite3_errcode (bulk->db), error);
      sqlite3_bind_int64 (insert, 1, bulk->first_new_exchange);
      rc = sqlite3_step (insert);
      sqlite3_finalize (insert);
      if (rc == SQLITE_CONSTRAINT_PRIMARYKEY)
        return repeated_key (bulk, error);
      return rc == SQLITE_DONE || keys_write_failed (bulk, rc, error);
    }

  n = bulk->n_keys;
  if (rows == NULL)
    rows = keys_gather_sorted (bulk);
  noted_loads++;
  for (gsize i = 1; i < n; i++)
    if (rows[i].high == rows[i - 1].high && rows[i].low == rows[i - 1].low)
      {
        char text[37];

        key_format (&rows[i], text);
        return repeated_id (bulk, text, error);
      }
  return keys_append (bulk, rows, n, error);
}

/* The caller's ids showed the exchanges so far distinct: they get their
 * keys, their trigger is made again, and every later id is looked up. */
gboolean
mutual_ledger_bulk_index_ids (MutualLedgerBulk  *bulk,
                              GError           **error)
{
  if (bulk->uuid_index == NULL)
    return TRUE;
  wait_idle (bulk, NULL, NULL);
  if (!fill_exchange_keys (bulk, error))
    return FALSE;
  /* The trigger keeps them from now on. */
  g_clear_pointer (&bulk->key_blocks, g_ptr_array_unref);
  if (sqlite3_exec (bulk->db, bulk->uuid_index, NULL, NULL, NULL) != SQLITE_OK)
    {
      g_set_error (error, MUTUAL_ERROR, MUTUAL_ERROR_LEDGER,
                   _("The ledger’s indexes could not be rebuilt after the import (%s)."),
                   sqlite3_errmsg (bulk->db));
      return FALSE;
    }
  g_clear_pointer (&bulk->uuid_index, g_free);
  return exchange_inserts_prepare (bulk, error);
}

static void
read_error (MutualLedgerBulk  *bulk,
            GError           **error)
{
  g_set_error (error, MUTUAL_ERROR, MUTUAL_ERROR_LEDGER,
               _("The ledger could not be read (%s)."), sqlite3_errmsg (bulk->db));
}

gint64
mutual_ledger_bulk_find_relationship (MutualLedgerBulk  *bulk,
                                      const char        *uuid,
                                      GError           **error)
{
  sqlite3_stmt *find = bulk->find_relationship;
  gint64 id = 0;
  int rc;

  wait_idle (bulk, NULL, NULL);
  sqlite3_reset (find);
  sqlite3_bind_text (find, 1, uuid, -1, SQLITE_STATIC);
  rc = sqlite3_step (find);
  if (rc == SQLITE_ROW)
    id = sqlite3_column_int64 (find, 0);
  sqlite3_reset (find);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      read_error (bulk, error);
      return -1;
    }
  return id;
}

static gboolean
text_equal (const char *a,
            const char *b)
{
  return g_strcmp0 (a && *a ? a : NULL, b && *b ? b : NULL) == 0;
}

/* Looks @exchange's id up with @find: its stored id (0 if none) and
 * whether it equals @exchange in every field; the step's result in @rc. */
static gint64
find_stored (sqlite3_stmt          *find,
             const MutualExchange  *exchange,
             gboolean              *same,
             int                   *rc)
{
  gint64 id = 0;

  *same = FALSE;
  sqlite3_reset (find);
  sqlite3_bind_text (find, 1, exchange->uuid, -1, SQLITE_STATIC);
  *rc = sqlite3_step (find);
  if (*rc == SQLITE_ROW)
    {
      id = sqlite3_column_int64 (find, 0);
      *same = sqlite3_column_int64 (find, 1) == exchange->relationship_id
              && sqlite3_column_int64 (find, 2) == exchange->date
              && sqlite3_column_int (find, 3) == (int) exchange->direction
              && sqlite3_column_int (find, 4) == (int) exchange->kind
              && sqlite3_column_int64 (find, 5) == exchange->value
              && (sqlite3_column_type (find, 6) == SQLITE_NULL
                  ? exchange->minutes < 0
                  : sqlite3_column_int64 (find, 6) == exchange->minutes)
              && text_equal ((const char *) sqlite3_column_text (find, 7), exchange->note);
    }
  sqlite3_reset (find);
  return id;
}

gint64
mutual_ledger_bulk_find_exchange (MutualLedgerBulk      *bulk,
                                  const MutualExchange  *exchange,
                                  gboolean              *same,
                                  GError               **error)
{
  gint64 id;
  int rc;

  wait_idle (bulk, NULL, NULL);
  id = find_stored (bulk->find_exchange, exchange, same, &rc);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      read_error (bulk, error);
      return -1;
    }
  return id;
}

static gint64
find_exchange_id (MutualLedgerBulk *bulk,
                  const char       *uuid)
{
  sqlite3_stmt *find = bulk->find_exchange;
  gint64 id = 0;

  sqlite3_reset (find);
  sqlite3_bind_text (find, 1, uuid, -1, SQLITE_STATIC);
  if (sqlite3_step (find) == SQLITE_ROW)
    id = sqlite3_column_int64 (find, 0);
  sqlite3_reset (find);
  return id;
}

gint64
mutual_ledger_bulk_exchange_id (MutualLedgerBulk  *bulk,
                                const char        *uuid,
                                GError           **error)
{
  guint64 ignored;

  if (!mutual_ledger_bulk_flush (bulk, &ignored, error))
    return -1;
  return find_exchange_id (bulk, uuid);
}

static void
bind_new_exchange (sqlite3_stmt         *stmt,
                   int                   first,
                   const MutualExchange *exchange)
{
  sqlite3_bind_text (stmt, first + 1, exchange->uuid, 36, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, first + 2, exchange->relationship_id);
  sqlite3_bind_int (stmt, first + 3, (int) exchange->date);
  sqlite3_bind_int (stmt, first + 4, (int) exchange->direction);
  sqlite3_bind_int (stmt, first + 5, (int) exchange->kind);
  sqlite3_bind_int64 (stmt, first + 6, exchange->value);
  if (exchange->minutes >= 0)
    sqlite3_bind_int64 (stmt, first + 7, exchange->minutes);
  else
    sqlite3_bind_null (stmt, first + 7);
  if (exchange->note)
    sqlite3_bind_text (stmt, first + 8, exchange->note, -1, SQLITE_STATIC);
  else
    sqlite3_bind_null (stmt, first + 8);
}

/* @of_exchange: the failed row was an exchange, which is then to blame
 * for a day's total past 64 bits. */
static gboolean
write_failed (MutualLedgerBulk  *bulk,
              gboolean           of_exchange,
              int                rc,
              GError           **error)
{
  if ((rc & 0xff) == SQLITE_CONSTRAINT && of_exchange
      && strstr (sqlite3_errmsg (bulk->db), MUTUAL_LEDGER_TOTAL_CHECK))
    g_set_error (error, MUTUAL_ERROR, MUTUAL_ERROR_DATA,
                 _("The totals are larger than Mutual can add up."));
  else if (!disk_full (bulk, rc, error))
    g_set_error (error, MUTUAL_ERROR, MUTUAL_ERROR_LEDGER,
                 _("The ledger “%s” cannot be written (%s)."),
                 mutual_ledger_get_path (bulk->ledger), sqlite3_errmsg (bulk->db));
  return FALSE;
}

/* Adds a relationship's share of the load to its lifetime total, unless
 * that was given up; one past 64 bits (the table's check refuses the
 * REAL that SQLite's sum becomes) gives it up, so that the rebuild at
 * the end refuses it in its own words. */
static gboolean
add_relationship_total (MutualLedgerBulk  *bulk,
                        gint64             relationship_id,
                        gint64             value,
                        gint64             minutes,
                        gboolean           summed,
                        GError           **error)
{
  int rc;

  if (!summed)
    bulk->totals_lost = TRUE;
  if (bulk->totals_lost)
    return TRUE;
  sqlite3_bind_int64 (bulk->add_relationship_total, 1, relationship_id);
  sqlite3_bind_int64 (bulk->add_relationship_total, 2, value);
  sqlite3_bind_int64 (bulk->add_relationship_total, 3, minutes);
  rc = sqlite3_step (bulk->add_relationship_total);
  sqlite3_reset (bulk->add_relationship_total);
  if (rc == SQLITE_DONE)
    return TRUE;
  if ((rc & 0xff) == SQLITE_CONSTRAINT)
    {
      bulk->totals_lost = TRUE;
      return TRUE;
    }
  return write_failed (bulk, FALSE, rc, error);
}

static gboolean
insert_one (MutualLedgerBulk  *bulk,
            NewExchange       *new,
            GError           **error)
{
  int rc;

  bind_new_exchange (bulk->insert_one, 0, &new->exchange);
  rc = sqlite3_step (bulk->insert_one);
  sqlite3_reset (bulk->insert_one);
  if (rc == SQLITE_DONE)
    {
      keys_note_rows (bulk, new, 1);
      return TRUE;
    }

  /* In a ledger that had no exchange, or for an id that was not there
   * before, a refused id is one the caller repeats. */
  if ((rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY)
      && find_exchange_id (bulk, new->exchange.uuid) >= bulk->first_new_exchange)
    return repeated_id (bulk, new->exchange.uuid, error);
  return write_failed (bulk, TRUE, rc, error);
}

/* In a merging load, what the writer does with @new before any insert:
 * 1 to insert it (its id is not there), 0 when done with it (the same
 * exchange is stored, or it was updated), -1 on error. */
static int
merge_row (MutualLedgerBulk  *bulk,
           NewExchange       *new,
           GError           **error)
{
  gboolean same;
  gint64 id;
  int rc;

  id = find_stored (bulk->find_exchange, &new->exchange, &same, &rc);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      read_error (bulk, error);
      return -1;
    }
  if (id == 0)
    return 1;
  if (same)
    {
      bulk->merged_unchanged++;
      return 0;
    }
  bind_new_exchange (bulk->update_exchange, 0, &new->exchange);
  sqlite3_bind_int64 (bulk->update_exchange, 9, id);
  rc = sqlite3_step (bulk->update_exchange);
  sqlite3_reset (bulk->update_exchange);
  if (rc != SQLITE_DONE)
    {
      write_failed (bulk, TRUE, rc, error);
      return -1;
    }
  bulk->merged_updated++;
  return 0;
}

static gboolean add_batch_to_mixed_days (MutualLedgerBulk  *bulk,
                                         Batch             *batch,
                                         guint64           *failed_tag,
                                         GError           **error);
static gboolean write_day_rows (MutualLedgerBulk  *bulk,
                                const DayRow      *days,
                                guint              n,
                                gint64             relationship_id,
                                GError           **error);

/* A job: @data's rows, as many to a statement as a batch holds, then
 * the day totals it carries. */
static gboolean
insert_batch (MutualLedgerBulk  *bulk,
              gpointer           data,
              guint64           *failed_tag,
              GError           **error)
{
  Batch *batch = data;
  gboolean ok = TRUE;
  guint i = 0;

  batch_seal (batch);
  /* Only the rows whose ids are not there stay, in order; their text
   * stays where it is in the batch. */
  if (bulk->merging)
    {
      guint kept = 0;

      for (guint k = 0; k < batch->n; k++)
        {
          int merge = merge_row (bulk, &batch->rows[k], error);

          if (merge < 0)
            {
              *failed_tag = batch->rows[k].tag;
              return FALSE;
            }
          if (merge > 0)
            batch->rows[kept++] = batch->rows[k];
        }
      batch->n = kept;
    }
  if (bulk->sum_days && !add_batch_to_mixed_days (bulk, batch, failed_tag, error))
    return FALSE;
  while (ok && batch->n - i >= INSERT_BATCH)
    {
      int rc;

      for (guint k = 0; k < INSERT_BATCH; k++)
        bind_new_exchange (bulk->insert_batch, (int) k * 8, &batch->rows[i + k].exchange);
      rc = sqlite3_step (bulk->insert_batch);
      sqlite3_reset (bulk->insert_batch);
      if (rc == SQLITE_DONE)
        {
          keys_note_rows (bulk, &batch->rows[i], INSERT_BATCH);
          i += INSERT_BATCH;
        }
      /* The rows before a refused one are in: trying that one alone
       * names it. Other failures end the load at once. */
      else if ((rc & 0xff) == SQLITE_CONSTRAINT && sqlite3_changes (bulk->db) < INSERT_BATCH)
        {
          i += (guint) sqlite3_changes (bulk->db);
          break;
        }
      else
        {
          *failed_tag = batch->rows[i].tag;
          ok = write_failed (bulk, TRUE, rc, error);
        }
    }
  for (; ok && i < batch->n; i++)
    if (!(ok = insert_one (bulk, &batch->rows[i], error)))
      *failed_tag = batch->rows[i].tag;
  for (guint k = 0; ok && k < batch->n_days; k++)
    {
      RelationshipDays *r = batch->days[k];

      if (!(ok = write_day_rows (bulk, r->rows, r->n, r->relationship_id, error)
                 && add_relationship_total (bulk, r->relationship_id, r->value, r->minutes, r->summed,
                                            error)))
        *failed_tag = 0;
    }

  bulk->rows_written += batch->n;
  if (ok && bulk->live_index != NULL && bulk->rows_written > live_index_rows)
    {
      char *drop = sqlite3_mprintf ("DROP INDEX \"%w\"", bulk->live_index_name);
      int rc = sqlite3_exec (bulk->db, drop, NULL, NULL, NULL);

      sqlite3_free (drop);
      if (rc != SQLITE_OK)
        {
          *failed_tag = batch->n ? batch->rows[batch->n - 1].tag : 0;
          return write_failed (bulk, FALSE, rc, error);
        }
      /* Built again with the others at the end (a rollback restores it). */
      g_ptr_array_add (bulk->definitions, g_steal_pointer (&bulk->live_index));
    }
  return ok;
}

/* Hands the rows waiting for a batch to the writer. */
static gboolean
submit_pending (MutualLedgerBulk  *bulk,
                guint64           *failed_tag,
                GError           **error)
{
  Batch *batch = g_steal_pointer (&bulk->pending);

  if (batch == NULL)
    return TRUE;
  if (batch->n == 0 && batch->n_days == 0)
    {
      batch_free (batch);
      return TRUE;
    }
  return submit (bulk, insert_batch, batch, batch_free, failed_tag, error);
}

gboolean
mutual_ledger_bulk_flush (MutualLedgerBulk  *bulk,
                          guint64           *failed_tag,
                          GError           **error)
{
  return submit_pending (bulk, failed_tag, error)
         && wait_idle (bulk, failed_tag, error);
}

/* Keys of a day total that fit in 32 bits: a date is below 10^8, a
 * direction one bit and a kind four. */
#define RELATIONSHIP_DAY_KEY(date, direction, kind) \
  (((guint) (date) << 5) | ((guint) (direction) << 4) | (guint) (kind))
#define LEDGER_DAY_KEY(date, direction) \
  (((guint) (date) << 1) | (guint) (direction))

static gboolean
add_to_day (DayTable             *days,
            guint                 key,
            const MutualExchange *exchange)
{
  DayTotal *day = day_table_get (days, key);

  day->exchanges++;
  return mutual_money_add (&day->value, exchange->value)
         && mutual_money_add (&day->minutes, MAX (exchange->minutes, 0));
}

/* Adds @n relationship days to the table, as many to a statement as a
 * batch holds: a day may already have a row from an earlier part of
 * the load. */
static gboolean
write_mixed_rows (MutualLedgerBulk  *bulk,
                  const MixedDay    *days,
                  guint              n,
                  GError           **error)
{
  guint i = 0;
  int rc = SQLITE_DONE;

  while (i < n && rc == SQLITE_DONE)
    {
      sqlite3_stmt *stmt = n - i >= INSERT_BATCH ? bulk->upsert_relationship_days
                                                 : bulk->upsert_relationship_day;
      guint rows = n - i >= INSERT_BATCH ? INSERT_BATCH : 1;

      for (guint r = 0; r < rows; r++, i++)
        {
          const MixedDay *day = &days[i];
          int k = (int) r * 7 + 1;

          sqlite3_bind_int64 (stmt, k++, day->relationship);
          sqlite3_bind_int (stmt, k++, (int) (day->key >> 5));
          sqlite3_bind_int (stmt, k++, (int) ((day->key >> 4) & 1));
          sqlite3_bind_int (stmt, k++, (int) (day->key & 0xf));
          sqlite3_bind_int64 (stmt, k++, day->total.exchanges);
          sqlite3_bind_int64 (stmt, k++, day->total.value);
          sqlite3_bind_int64 (stmt, k++, day->total.minutes);
        }
      rc = sqlite3_step (stmt);
      sqlite3_reset (stmt);
    }
  if (rc != SQLITE_DONE)
    return write_failed (bulk, TRUE, rc, error);
  return TRUE;
}

static int
compare_places_by_id (gconstpointer a,
                      gconstpointer b,
                      gpointer      data)
{
  const gint64 *ids = data;
  gint64 x = ids[*(const guint32 *) a];
  gint64 y = ids[*(const guint32 *) b];

  return x < y ? -1 : x > y;
}

/* Sorts @values by their high 32 bits, a byte at a time from the last
 * (the bytes all values share are skipped), through @scratch of as
 * many: stable, and without a comparison per pair. */
static void
sort_by_high_word (guint64 *values,
                   guint64 *scratch,
                   gsize    n)
{
  for (guint shift = 32; shift < 64; shift += 8)
    {
      gsize count[256] = { 0 };
      gsize at = 0;

      for (gsize i = 0; i < n; i++)
        count[(values[i] >> shift) & 0xff]++;
      if (count[(values[0] >> shift) & 0xff] == n)
        continue;
      for (guint b = 0; b < 256; b++)
        {
          gsize c = count[b];

          count[b] = at;
          at += c;
        }
      for (gsize i = 0; i < n; i++)
        scratch[count[(values[i] >> shift) & 0xff]++] = values[i];
      memcpy (values, scratch, n * sizeof (guint64));
    }
}

/* A job: the relationship days kept in memory (@data, the load's
 * MixedDayTable, which the caller leaves alone meanwhile) added to the
 * table in its order, the relationships by id and each one's days by
 * key; then the memory is emptied for more. The writer sorts them, so
 * that at the end of a load the caller's thread sorts the exchanges'
 * keys meanwhile. */
static gboolean
write_mixed_table (MutualLedgerBulk  *bulk,
                   gpointer           data,
                   guint64           *failed_tag,
                   GError           **error)
{
  MixedDayTable *table = data;
  guint n = table->n, n_places = table->ids->len;
  g_autofree guint32 *by_id = g_new (guint32, MAX (n_places, 1));
  g_autofree guint32 *start = g_new0 (guint32, n_places + 1);
  g_autofree guint32 *order = g_new (guint32, MAX (n, 1));
  g_autofree guint64 *values = NULL;
  g_autofree guint64 *scratch = NULL;
  guint largest = 0;
  MixedDay rows[INSERT_BATCH];
  guint n_rows = 0;
  gboolean ok = TRUE;

  /* Into tables without rows, no sum is SQLite's. */
  if (!set_checks (bulk, !bulk->days_empty))
    return write_failed (bulk, FALSE, sqlite3_errcode (bulk->db), error);
  checked_day_writes += !bulk->checks_off;
  bulk->days_empty = FALSE;
  /* The places in their relationships' order, and the entries by place
   * (a counting sort). */
  for (guint32 p = 0; p < n_places; p++)
    by_id[p] = p;
  g_qsort_with_data (by_id, (gint) n_places, sizeof (guint32), compare_places_by_id, table->ids->data);
  for (guint k = 0; k < n; k++)
    start[MIXED_ENTRY (table, k)->relationship + 1]++;
  for (guint32 p = 0; p < n_places; p++)
    start[p + 1] += start[p];
  {
    g_autofree guint32 *next = g_memdup2 (start, MAX (n_places, 1) * sizeof (guint32));

    for (guint k = 0; k < n; k++)
      order[next[MIXED_ENTRY (table, k)->relationship]++] = k;
  }

  /* Each place's entries by key: key and entry in one word. */
  for (guint32 p = 0; p < n_places; p++)
    largest = MAX (largest, start[p + 1] - start[p]);
  values = g_new (guint64, MAX (largest, 1));
  scratch = g_new (guint64, MAX (largest, 1));
  for (guint32 r = 0; ok && r < n_places; r++)
    {
      guint32 place = by_id[r];
      const guint32 *first = order + start[place];
      guint count = start[place + 1] - start[place];
      gint64 id = g_array_index (table->ids, gint64, place);
      gint64 value = 0, minutes = 0;
      gboolean summed = TRUE;

      for (guint k = 0; k < count; k++)
        values[k] = (guint64) MIXED_ENTRY (table, first[k])->key << 32 | first[k];
      if (count > 1)
        sort_by_high_word (values, scratch, count);
      for (guint k = 0; ok && k < count; k++)
        {
          const MixedEntry *entry = MIXED_ENTRY (table, (guint32) values[k]);

          summed = summed && mutual_money_add (&value, entry->value)
                   && mutual_money_add (&minutes, entry->minutes);

          rows[n_rows++] = (MixedDay) {
            id, entry->key, { entry->exchanges, entry->value, entry->minutes },
          };
          if (n_rows == INSERT_BATCH)
            {
              ok = write_mixed_rows (bulk, rows, n_rows, error);
              n_rows = 0;
            }
        }
      if (ok && count > 0)
        ok = add_relationship_total (bulk, id, value, minutes, summed, error);
    }
  if (ok)
    ok = write_mixed_rows (bulk, rows, n_rows, error);

  memset (table->slots, 0, (table->mask + 1) * sizeof (guint32));
  table->n = 0;
  return ok;
}

/* Hands the relationship days kept in memory to the writer, at the end
 * of the load. */
static gboolean
flush_mixed_days (MutualLedgerBulk  *bulk,
                  guint64           *failed_tag,
                  GError           **error)
{
  if (bulk->mixed_days.n == 0)
    return TRUE;
  return submit (bulk, write_mixed_table, &bulk->mixed_days, NULL, failed_tag, error);
}

/* Adds @exchange to its relationship day kept in memory, the day's
 * relationship at @place. The writer's, as it inserts the rows (or the
 * caller's while the writer is idle). */
static gboolean
add_to_mixed_day (MutualLedgerBulk      *bulk,
                  const MutualExchange  *exchange,
                  guint32                place,
                  guint64                tag,
                  guint64               *failed_tag,
                  GError               **error)
{
  MixedDayTable *table = &bulk->mixed_days;
  guint32 key = RELATIONSHIP_DAY_KEY (exchange->date, exchange->direction, exchange->kind);
  guint64 minutes = (guint64) MAX (exchange->minutes, 0);
  guint i = mixed_slot (table, place, key);
  MixedEntry *entry = table->slots[i] ? MIXED_ENTRY (table, (table->slots[i] & MIXED_INDEX) - 1) : NULL;

  /* A count past 32 bits, or a full table: what is kept goes to the
   * table, and this day starts again from it. */
  if ((entry != NULL
       && (entry->exchanges == G_MAXUINT32 || minutes > G_MAXUINT32 - entry->minutes))
      || (entry == NULL && table->n >= mixed_days_max))
    {
      early_day_writes++;
      /* A failed write of the days is no row's. */
      *failed_tag = 0;
      if (!write_mixed_table (bulk, table, failed_tag, error))
        return FALSE;
      if (!set_checks (bulk, FALSE))
        return write_failed (bulk, FALSE, sqlite3_errcode (bulk->db), error);
      i = mixed_slot (table, place, key);
      entry = NULL;
    }
  if (entry == NULL)
    {
      if ((table->n + 1) * 2 > table->mask + 1)
        {
          mixed_table_grow (table);
          i = mixed_slot (table, place, key);
        }
      if (table->n % MIXED_BLOCK == 0 && table->n / MIXED_BLOCK == table->blocks->len)
        g_ptr_array_add (table->blocks, g_new (MixedEntry, MIXED_BLOCK));
      entry = MIXED_ENTRY (table, table->n);
      *entry = (MixedEntry) { place, key, 0, 0, 0 };
      table->slots[i] = MIXED_TAG (mixed_hash (place, key)) | ++table->n;
    }
  entry->exchanges++;
  entry->minutes += (guint32) minutes;
  /* The ledger's day, added up first by the caller, refuses such a row
   * before: this day is at most that one. */
  if (!mutual_money_add (&entry->value, exchange->value))
    {
      *failed_tag = tag;
      g_set_error (error, MUTUAL_ERROR, MUTUAL_ERROR_DATA,
                   _("The totals are larger than Mutual can add up."));
      return FALSE;
    }
  return TRUE;
}

/* The writer adds a batch's rows to their days, each day's slot fetched
 * a few rows ahead. */
#define MIXED_AHEAD 8

static gboolean
add_batch_to_mixed_days (MutualLedgerBulk  *bulk,
                         Batch             *batch,
                         guint64           *failed_tag,
                         GError           **error)
{
  MixedDayTable *table = &bulk->mixed_days;
  guint32 places[JOB_ROWS];

  for (guint k = 0; k < batch->n; k++)
    places[k] = mixed_place (table, batch->rows[k].exchange.relationship_id);
  for (guint k = 0; k < batch->n; k++)
    {
#ifdef __GNUC__
      if (k + MIXED_AHEAD < batch->n)
        {
          const MutualExchange *ahead = &batch->rows[k + MIXED_AHEAD].exchange;
          guint64 h = mixed_hash (places[k + MIXED_AHEAD],
                                  RELATIONSHIP_DAY_KEY (ahead->date, ahead->direction, ahead->kind));

          __builtin_prefetch (&table->slots[MIXED_START (h, table->mask)]);
        }
#endif
      if (!add_to_mixed_day (bulk, &batch->rows[k].exchange, places[k], batch->rows[k].tag,
                             failed_tag, error))
        return FALSE;
    }
  return TRUE;
}

/* The caller's share of the day totals: a mixed load's relationship
 * days are the writer's (add_batch_to_mixed_days). */
static gboolean
add_day_totals (MutualLedgerBulk      *bulk,
                const MutualExchange  *exchange,
                GError               **error)
{
  if ((!bulk->sum_days
       && !add_to_day (&bulk->relationship_days,
                       RELATIONSHIP_DAY_KEY (exchange->date, exchange->direction, exchange->kind),
                       exchange))
      || !add_to_day (&bulk->ledger_days, LEDGER_DAY_KEY (exchange->date, exchange->direction),
                      exchange))
    {
      g_set_error (error, MUTUAL_ERROR, MUTUAL_ERROR_DATA,
                   _("The totals are larger than Mutual can add up."));
      return FALSE;
    }
  return TRUE;
}

static int
compare_day_rows (gconstpointer a,
                  gconstpointer b)
{
  guint x = ((const DayRow *) a)->key;
  guint y = ((const DayRow *) b)->key;

  return x < y ? -1 : x > y;
}

/* @days as rows in key order (the table's), for @relationship_id (0:
 * the ledger's); @days is emptied. The reader does this, so that the
 * writer only writes. They come in the order first seen, which for an
 * exported file (each relationship's exchanges by date) is nearly
 * theirs: an insertion sort finishes them in a pass, and hands what
 * is far from sorted to qsort. */
static RelationshipDays *
take_day_rows (DayTable *days,
               gint64    relationship_id)
{
  RelationshipDays *taken = g_malloc (sizeof *taken + days->n * sizeof (DayRow));
  guint64 moves = 0;
  guint i;

  taken->relationship_id = relationship_id;
  taken->n = days->n;
  taken->value = taken->minutes = 0;
  taken->summed = TRUE;
  for (i = 0; i < days->n; i++)
    {
      DayRow row = days->slots[days->used[i]];
      guint j = i;

      taken->summed = taken->summed && mutual_money_add (&taken->value, row.total.value)
                      && mutual_money_add (&taken->minutes, row.total.minutes);

      for (; j > 0 && taken->rows[j - 1].key > row.key && moves <= 8 * (guint64) days->n; j--, moves++)
        taken->rows[j] = taken->rows[j - 1];
      taken->rows[j] = row;
      days->slots[days->used[i]].key = 0;
    }
  if (moves > 8 * (guint64) days->n)
    qsort (taken->rows, taken->n, sizeof (DayRow), compare_day_rows);
  days->n = 0;
  return taken;
}

/* Writes @n day totals: a relationship's when @relationship_id is given,
 * else the ledger's; as many rows to a statement as a batch holds, the
 * rest one by one. */
static gboolean
write_day_rows (MutualLedgerBulk  *bulk,
                const DayRow      *days,
                guint              n,
                gint64             relationship_id,
                GError           **error)
{
  sqlite3_stmt *one = relationship_id ? bulk->insert_relationship_day : bulk->insert_ledger_day;
  sqlite3_stmt *batch = relationship_id ? bulk->insert_relationship_days : bulk->insert_ledger_days;
  int columns = relationship_id ? 7 : 4;
  guint i = 0;
  int rc = SQLITE_DONE;

  while (i < n && rc == SQLITE_DONE)
    {
      sqlite3_stmt *stmt = n - i >= INSERT_BATCH ? batch : one;
      guint rows = stmt == batch ? INSERT_BATCH : 1;

      for (guint r = 0; r < rows; r++, i++)
        {
          guint key = days[i].key;
          const DayTotal *day = &days[i].total;
          int k = (int) r * columns + 1;

          if (relationship_id)
            {
              sqlite3_bind_int64 (stmt, k++, relationship_id);
              sqlite3_bind_int (stmt, k++, (int) (key >> 5));
              sqlite3_bind_int (stmt, k++, (int) ((key >> 4) & 1));
              sqlite3_bind_int (stmt, k++, (int) (key & 0xf));
            }
          else
            {
              sqlite3_bind_int (stmt, k++, (int) (key >> 1));
              sqlite3_bind_int (stmt, k++, (int) (key & 1));
            }
          sqlite3_bind_int64 (stmt, k++, day->exchanges);
          sqlite3_bind_int64 (stmt, k++, day->value);
          if (relationship_id)
            sqlite3_bind_int64 (stmt, k++, day->minutes);
        }
      rc = sqlite3_step (stmt);
      sqlite3_reset (stmt);
    }
  if (rc != SQLITE_DONE)
    return write_failed (bulk, FALSE, rc, error);
  return TRUE;
}

/* Writes @days in key order and empties it. */
static gboolean
write_day_totals (MutualLedgerBulk  *bulk,
                  DayTable          *days,
                  gint64             relationship_id,
                  GError           **error)
{
  g_autofree RelationshipDays *taken = take_day_rows (days, relationship_id);

  return write_day_rows (bulk, taken->rows, taken->n, relationship_id, error);
}

/* The relationship's day totals go to the writer after its rows. */
gboolean
mutual_ledger_bulk_end_relationship (MutualLedgerBulk  *bulk,
                                     gint64             relationship_id,
                                     GError           **error)
{
  if (!bulk->keep_day_totals || bulk->relationship_days.n == 0)
    return TRUE;
  if (bulk->pending == NULL)
    bulk->pending = batch_new (&bulk->pipe);
  bulk->pending->days[bulk->pending->n_days++] = take_day_rows (&bulk->relationship_days,
                                                                 relationship_id);
  if (bulk->pending->n_days == JOB_DAYS)
    return submit_pending (bulk, NULL, error);
  return TRUE;
}


/* The first new exchange goes through the ledger, which so learns that
 * the load wrote (for its ::changed signal); the others wait for a
 * batch. */
gboolean
mutual_ledger_bulk_add_exchange (MutualLedgerBulk  *bulk,
                                 MutualExchange    *exchange,
                                 guint64            tag,
                                 guint64           *failed_tag,
                                 GError           **error)
{
  NewExchange *new;

  *failed_tag = tag;
  /* A merging load's rows all go to the writer, which looks them up. */
  if (!bulk->added_exchange && !bulk->merging)
    {
      g_autoptr(GError) local = NULL;

      if (!wait_idle (bulk, failed_tag, error))
        return FALSE;
      *failed_tag = tag;
      if (!mutual_ledger_add_exchange (bulk->ledger, exchange, &local))
        {
          if (exchange->uuid
              && find_exchange_id (bulk, exchange->uuid) >= bulk->first_new_exchange)
            return repeated_id (bulk, exchange->uuid, error);
          g_propagate_error (error, g_steal_pointer (&local));
          return FALSE;
        }
      bulk->added_exchange = TRUE;
      /* The writer is idle: this row's day is the caller's to add. */
      if (bulk->sum_days
          && !add_to_mixed_day (bulk, exchange, mixed_place (&bulk->mixed_days, exchange->relationship_id),
                                tag, failed_tag, error))
        return FALSE;
      {
        KeyBits key;

        keys_note (bulk, exchange->uuid && key_parse (exchange->uuid, (int) strnlen (exchange->uuid, 37), &key)
                         ? &key : NULL, exchange->id);
      }
      g_clear_pointer (&exchange->uuid, g_free);
      g_clear_pointer (&exchange->note, g_free);
    }
  else
    {
      Batch *batch = bulk->pending;
      guint k;

      if (batch == NULL)
        batch = bulk->pending = batch_new (&bulk->pipe);
      k = batch->n++;
      new = &batch->rows[k];
      new->exchange = *exchange;
      new->exchange.uuid = NULL;
      new->exchange.note = NULL;
      new->tag = tag;
      if (exchange->uuid)
        {
          g_assert (strlen (exchange->uuid) == 36);
          memcpy (batch->uuids[k], exchange->uuid, 37);
        }
      else
        {
          g_autofree char *random = g_uuid_string_random ();

          memcpy (batch->uuids[k], random, 37);
        }
      new->has_key = bulk->key_blocks != NULL && key_parse (batch->uuids[k], 36, &new->key);
      if (exchange->note)
        {
          batch->notes_at[k] = batch->notes->len;
          g_string_append_len (batch->notes, exchange->note, (gssize) strlen (exchange->note) + 1);
        }
      else
        batch->notes_at[k] = NO_NOTE;
      g_clear_pointer (&exchange->uuid, g_free);
      g_clear_pointer (&exchange->note, g_free);

      if (batch->n == JOB_ROWS && !submit_pending (bulk, failed_tag, error))
        return FALSE;
    }

  *failed_tag = tag;
  if (bulk->keep_day_totals && !add_day_totals (bulk, exchange, error))
    return FALSE;
  return TRUE;
}

gboolean
mutual_ledger_bulk_merge_by_id (MutualLedgerBulk  *bulk,
                                GError           **error)
{
  g_return_val_if_fail (!bulk->keep_day_totals && bulk->uuid_index == NULL, FALSE);

  if (bulk->update_exchange == NULL
      && sqlite3_prepare_v2 (bulk->db,
                             "UPDATE exchange SET relationship = ?2, date = ?3, direction = ?4,"
                             " kind = ?5, value = ?6, minutes = ?7, note = ?8"
                             " WHERE id = ?9 AND uuid = ?1", -1,
                             &bulk->update_exchange, NULL) != SQLITE_OK)
    {
      read_error (bulk, error);
      return FALSE;
    }
  bulk->merging = TRUE;
  return TRUE;
}

void
mutual_ledger_bulk_merged (MutualLedgerBulk *bulk,
                           guint64          *unchanged,
                           guint64          *updated)
{
  wait_idle (bulk, NULL, NULL);
  *unchanged = bulk->merged_unchanged;
  *updated = bulk->merged_updated;
}

static void
end (MutualLedgerBulk *bulk,
     gboolean          commit,
     gboolean         *ok,
     GError          **error)
{
  /* Whatever the writer still has is not wanted. */
  g_mutex_lock (&bulk->pipe.lock);
  if (bulk->pipe.error == NULL)
    bulk->pipe.error = g_error_new_literal (MUTUAL_ERROR, MUTUAL_ERROR_LEDGER, "The load ended.");
  g_mutex_unlock (&bulk->pipe.lock);
  stop_writer (bulk);
  restore_connection (bulk);
  if (*ok && commit)
    *ok = mutual_ledger_commit (bulk->ledger, error);
  else
    mutual_ledger_rollback (bulk->ledger);
  if (bulk->outermost && bulk->foreign_keys)
    sqlite3_exec (bulk->db, "PRAGMA foreign_keys = ON", NULL, NULL, NULL);
  bulk_free (bulk);
}

gboolean
mutual_ledger_bulk_finish (MutualLedgerBulk  *bulk,
                           gboolean           keep,
                           GError           **error)
{
  gboolean commit = keep || !bulk->outermost;
  gboolean ok = TRUE;
  guint64 ignored;

  if (commit)
    ok = mutual_ledger_bulk_flush (bulk, &ignored, error);
  /* The writer sorts and writes the relationship days while the keys
   * are sorted here. */
  if (ok && commit && bulk->sum_days)
    ok = flush_mixed_days (bulk, &ignored, error);
  if (ok && commit && bulk->uuid_index && bulk->key_blocks && !bulk->keys_lost)
    bulk->sorted_keys = keys_gather_sorted (bulk);
  if (ok && commit && bulk->sum_days)
    {
      ok = wait_idle (bulk, &ignored, error);
      mixed_table_clear (&bulk->mixed_days);
    }
  /* The writer is idle: what is written from here on is checked. */
  if (ok && commit && !set_checks (bulk, TRUE))
    ok = write_failed (bulk, FALSE, sqlite3_errcode (bulk->db), error);
  if (ok && commit && bulk->keep_day_totals)
    ok = write_day_totals (bulk, &bulk->ledger_days, 0, error)
         && (bulk->totals_lost ? mutual_ledger_rebuild_totals (bulk->ledger, error)
                               : mutual_ledger_sum_ledger_total (bulk->ledger, error));
  if (ok && commit && bulk->uuid_index)
    ok = mutual_ledger_bulk_index_ids (bulk, error);
  for (guint i = 0; ok && commit && bulk->definitions && i < bulk->definitions->len; i++)
    if (sqlite3_exec (bulk->db, bulk->definitions->pdata[i], NULL, NULL, NULL) != SQLITE_OK)
      {
        g_set_error (error, MUTUAL_ERROR, MUTUAL_ERROR_LEDGER,
                     _("The ledger’s indexes could not be rebuilt after the import (%s)."),
                     sqlite3_errmsg (bulk->db));
        ok = FALSE;
      }
  /* Rows the writer inserted or updated change the ledger even when
   * none went through it (the writer is idle since the flush above). */
  if (ok && commit && (bulk->merged_updated > 0 || bulk->rows_written > 0))
    mutual_ledger_note_write (bulk->ledger);
  end (bulk, commit, &ok, error);
  return ok;
}

void
mutual_ledger_bulk_abort (MutualLedgerBulk *bulk)
{
  gboolean ok = FALSE;

  end (bulk, FALSE, &ok, NULL);
}
