/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mutual-import"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "mutual-error.h"
#include "mutual-import-bank.h"
#include "mutual-import-csv.h"
#include "mutual-import-vcard.h"
#include "mutual-import-records.h"
#include "mutual-ledger-bulk.h"
#include "mutual-money.h"

/* The namespace of the name-based (version 5) ids of imported
 * exchanges: a fixed random UUID, never to change, or a second import
 * of a file would add everything again. */
static const guint8 exchange_namespace[16] = {
  0x5b, 0x0e, 0x8c, 0x31, 0x7a, 0x44, 0x4f, 0x1d,
  0x9e, 0x62, 0x0b, 0xd3, 0x58, 0xa7, 0x2c, 0x96,
};

/* How much of a file is looked at to tell its type. */
#define SNIFF_BYTES 4096

static const char * const type_words[] = {
  [MUTUAL_IMPORT_TYPE_UNKNOWN] = NULL,
  [MUTUAL_IMPORT_TYPE_MUTUAL] = "mutual",
  [MUTUAL_IMPORT_TYPE_CSV] = "csv",
  [MUTUAL_IMPORT_TYPE_OFX] = "ofx",
  [MUTUAL_IMPORT_TYPE_QIF] = "qif",
  [MUTUAL_IMPORT_TYPE_CAMT053] = "camt053",
  [MUTUAL_IMPORT_TYPE_VCARD] = "vcard",
};

const char *
mutual_import_type_to_string (MutualImportType type)
{
  if ((guint) type >= G_N_ELEMENTS (type_words) || type_words[type] == NULL)
    return "unknown";
  return type_words[type];
}

gboolean
mutual_import_type_from_string (const char       *text,
                                MutualImportType *out)
{
  for (guint i = 1; text && i < G_N_ELEMENTS (type_words); i++)
    if (strcmp (text, type_words[i]) == 0)
      {
        *out = (MutualImportType) i;
        return TRUE;
      }
  return FALSE;
}

MutualImportRecord *
mutual_import_record_new (void)
{
  MutualImportRecord *record = g_new0 (MutualImportRecord, 1);

  record->minutes = -1;
  return record;
}

static void
record_clear (MutualImportRecord *record)
{
  g_free (record->counterparty);
  g_free (record->iban);
  g_free (record->email);
  g_free (record->number);
  g_free (record->note);
  g_free (record->currency);
  g_free (record->source_id);
}

void
mutual_import_record_free (MutualImportRecord *record)
{
  if (record == NULL)
    return;
  record_clear (record);
  g_free (record);
}

static gboolean
blank (const char *text)
{
  if (text == NULL)
    return TRUE;
  for (; *text; text++)
    if (!g_ascii_isspace (*text))
      return FALSE;
  return TRUE;
}

/* The key into @out: "iban:DE…", "email:…" or "name:…" (case-folded),
 * so that a name never passes for an IBAN. */
static void
record_key (const MutualImportRecord *record,
            GString                  *out)
{
  g_string_truncate (out, 0);
  if (!blank (record->iban))
    {
      g_string_append (out, "iban:");
      for (const char *p = record->iban; *p; p++)
        if (!g_ascii_isspace (*p))
          g_string_append_c (out, g_ascii_toupper (*p));
    }
  else if (!blank (record->email))
    {
      g_autofree char *lower = g_utf8_strdown (record->email, -1);

      g_string_append (out, "email:");
      g_string_append (out, g_strstrip (lower));
    }
  else
    {
      g_autofree char *copy = g_strstrip (g_strdup (record->counterparty ? record->counterparty : ""));
      g_autofree char *folded = g_utf8_validate (copy, -1, NULL) ? g_utf8_casefold (copy, -1)
                                                                 : g_strdup (copy);

      g_string_append (out, "name:");
      g_string_append (out, folded);
    }
}

char *
mutual_import_record_key (const MutualImportRecord *record)
{
  GString *out = g_string_new (NULL);

  record_key (record, out);
  return g_string_free (out, FALSE);
}

static void
skipped_free (MutualImportSkipped *skipped)
{
  g_free (skipped->counterparty);
  g_free (skipped->key);
  g_free (skipped->currency);
  g_free (skipped->reason);
  g_free (skipped);
}

void
mutual_import_report_clear (MutualImportReport *report)
{
  g_clear_pointer (&report->skipped, g_ptr_array_unref);
  g_clear_pointer (&report->matched, g_array_unref);
  memset (report, 0, sizeof *report);
}

static void
json_string (GString    *out,
             const char *text)
{
  g_string_append_c (out, '"');
  for (const guchar *p = (const guchar *) (text ? text : ""); *p; p++)
    switch (*p)
      {
      case '"': g_string_append (out, "\\\""); break;
      case '\\': g_string_append (out, "\\\\"); break;
      case '\n': g_string_append (out, "\\n"); break;
      case '\r': g_string_append (out, "\\r"); break;
      case '\t': g_string_append (out, "\\t"); break;
      default:
        if (*p < 0x20 || *p == 0x7f)
          g_string_append_printf (out, "\\u%04x", *p);
        else
          g_string_append_c (out, (char) *p);
      }
  g_string_append_c (out, '"');
}

char *
mutual_import_report_to_json (const MutualImportReport *report,
                              MutualLedger             *ledger)
{
  GString *out = g_string_new (NULL);
  const MutualImportCounts *c = &report->counts;

  g_string_append (out, "{\"type\":");
  json_string (out, mutual_import_type_to_string (report->type));
  g_string_append_printf (out,
                          ",\"relationships\":{\"added\":%" G_GUINT64_FORMAT
                          ",\"updated\":%" G_GUINT64_FORMAT ",\"unchanged\":%" G_GUINT64_FORMAT "}"
                          ",\"exchanges\":{\"added\":%" G_GUINT64_FORMAT
                          ",\"updated\":%" G_GUINT64_FORMAT ",\"unchanged\":%" G_GUINT64_FORMAT
                          ",\"skipped\":%" G_GUINT64_FORMAT "},\"unmatched\":[",
                          c->relationships_added, c->relationships_updated,
                          c->relationships_unchanged, c->exchanges_added,
                          c->exchanges_updated, c->exchanges_unchanged,
                          report->exchanges_skipped);
  for (guint i = 0; report->skipped && i < report->skipped->len; i++)
    {
      const MutualImportSkipped *s = report->skipped->pdata[i];
      g_autofree char *value = mutual_money_format (s->value,
                                                    s->currency ? s->currency
                                                                : mutual_ledger_get_currency (ledger),
                                                    MUTUAL_MONEY_FORMAT_PLAIN);
      char date[11];

      g_string_append_printf (out, "%s{\"line\":%" G_GUINT64_FORMAT ",\"counterparty\":",
                              i > 0 ? "," : "", s->line);
      json_string (out, s->counterparty);
      g_string_append (out, ",\"date\":");
      if (mutual_date_valid (s->date))
        json_string (out, mutual_date_to_iso (s->date, date));
      else
        g_string_append (out, "null");
      g_string_append (out, ",\"direction\":");
      json_string (out, mutual_direction_to_string (s->direction));
      g_string_append (out, ",\"value\":");
      json_string (out, value);
      g_string_append (out, ",\"reason\":");
      json_string (out, s->reason);
      g_string_append_c (out, '}');
    }
  g_string_append (out, "]}");
  return g_string_free (out, FALSE);
}

/* The sink */

/* What a counterparty key resolved to, once per distinct key. */
typedef struct
{
  gint64   relationship_id;     /* 0: unmatched */
} Counterparty;

struct _MutualRecordSink
{
  MutualLedger        *ledger;
  MutualLedgerBulk    *bulk;
  MutualImportType     type;
  char                *name;
  MutualUnmatchedPolicy unmatched;
  gboolean             dry_run;
  GHashTable          *assignments;
  char                 currency[4];
  int                  digits;

  MutualImportReport   report;
  GHashTable          *counterparties;     /* key → Counterparty */
  GHashTable          *by_raw_name;        /* name as written → Counterparty,
                                            * for rows with no IBAN or e-mail */
  GHashTable          *relationships_seen; /* existing ids matched */
  gint64               first_new_relationship;
  gboolean             look_up;            /* the ledger had exchanges */

  /* Identical rows: a 64-bit fingerprint of each row's fields in an
   * open-addressed table (8 bytes a row, at most half full), and for
   * those seen more than once how often. A false match of two different
   * rows only changes one's rank, the same way on every import. */
  guint64             *prints;
  gsize                prints_size;    /* a power of two */
  gsize                n_prints;
  GHashTable          *repeats;        /* guint64 * → guint32 * */
  GChecksum           *checksum;
  GString             *fields;
  GString             *key;
  MutualExchange       exchange;
  guint64              records;
};

/* "In “budget.csv” at line 12, column 3: …" */
static void
fail_at (MutualRecordSink         *sink,
         const MutualImportRecord *record,
         GError                  **error,
         int                       code,
         const char               *message)
{
  mutual_error_set_in_file (error, code, sink->name, record->line, record->column, message);
}

static void
fail_with (MutualRecordSink         *sink,
           const MutualImportRecord *record,
           GError                  **error,
           GError                   *cause)
{
  /* A ledger that cannot be written is not the file's fault. */
  if (cause->domain == MUTUAL_ERROR && cause->code == MUTUAL_ERROR_LEDGER)
    g_propagate_error (error, cause);
  else
    {
      fail_at (sink, record, error,
               cause->domain == MUTUAL_ERROR ? cause->code : MUTUAL_ERROR_DATA, cause->message);
      g_error_free (cause);
    }
}

static void sink_free (MutualRecordSink *sink);

MutualRecordSink *
mutual_record_sink_new (MutualLedger               *ledger,
                        MutualImportType            type,
                        const char                 *display_name,
                        const MutualImportOptions  *options,
                        GError                    **error)
{
  MutualRecordSink *sink;
  MutualLedgerBulk *bulk;

  g_return_val_if_fail (MUTUAL_IS_LEDGER (ledger), NULL);

  /* Rows of many relationships come mixed, and how many is not known
   * yet: into a ledger without exchanges the loader suspends its
   * indexes and triggers whatever the size (remaking them after a few
   * rows costs little) and sums the day totals at the end. */
  bulk = mutual_ledger_bulk_begin_mixed (ledger, G_MAXUINT64, error);
  if (bulk == NULL)
    return NULL;

  sink = g_new0 (MutualRecordSink, 1);
  sink->ledger = g_object_ref (ledger);
  sink->bulk = bulk;
  sink->type = type;
  sink->name = g_strdup (display_name ? display_name : "-");
  if (options)
    {
      sink->unmatched = options->unmatched;
      sink->dry_run = options->dry_run;
      if (options->assignments)
        sink->assignments = g_hash_table_ref (options->assignments);
    }
  g_strlcpy (sink->currency, mutual_ledger_get_currency (ledger), sizeof sink->currency);
  sink->digits = mutual_ledger_get_digits (ledger);
  sink->report.type = type;
  sink->report.skipped = g_ptr_array_new_with_free_func ((GDestroyNotify) skipped_free);
  /* Only the window's preview, a dry run, shows each row's
   * relationship: a million rows' would take 8 MB. */
  if (sink->dry_run)
    sink->report.matched = g_array_new (FALSE, FALSE, sizeof (gint64));
  sink->counterparties = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  sink->by_raw_name = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  sink->relationships_seen = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  sink->first_new_relationship = mutual_ledger_bulk_first_new_relationship (bulk);
  /* Into a ledger with exchanges, each row's id is looked up by the
   * loader's writing thread while this one reads the next rows. */
  sink->look_up = mutual_ledger_bulk_first_new_exchange (bulk) > 1;
  sink->prints_size = 1024;
  sink->prints = g_new0 (guint64, sink->prints_size);
  sink->repeats = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  sink->checksum = g_checksum_new (G_CHECKSUM_SHA1);
  sink->fields = g_string_sized_new (256);
  sink->key = g_string_sized_new (64);
  if (sink->look_up && !mutual_ledger_bulk_merge_by_id (bulk, error))
    {
      sink_free (sink);
      return NULL;
    }
  sink->exchange.minutes = -1;
  return sink;
}

int
mutual_record_sink_get_digits (MutualRecordSink *sink)
{
  return sink->digits;
}

const char *
mutual_record_sink_get_currency (MutualRecordSink *sink)
{
  return sink->currency;
}

static void
sink_free (MutualRecordSink *sink)
{
  if (sink->bulk)
    mutual_ledger_bulk_abort (sink->bulk);
  g_clear_object (&sink->ledger);
  g_free (sink->name);
  g_clear_pointer (&sink->assignments, g_hash_table_unref);
  mutual_import_report_clear (&sink->report);
  g_clear_pointer (&sink->by_raw_name, g_hash_table_unref);
  g_clear_pointer (&sink->counterparties, g_hash_table_unref);
  g_clear_pointer (&sink->relationships_seen, g_hash_table_unref);
  g_clear_pointer (&sink->prints, g_free);
  g_clear_pointer (&sink->repeats, g_hash_table_unref);
  g_clear_pointer (&sink->checksum, g_checksum_free);
  g_string_free (sink->fields, TRUE);
  g_string_free (sink->key, TRUE);
  g_free (sink->exchange.uuid);
  g_free (sink->exchange.note);
  g_free (sink);
}

void
mutual_record_sink_abort (MutualRecordSink *sink)
{
  if (sink)
    sink_free (sink);
}

static void
add_bytes (GString    *out,
           const void *data,
           gsize       length)
{
  /* In place while they fit: a row's id takes 17 pieces, and a call of
   * GString's each took a fifteenth of the reading thread. */
  if (G_LIKELY (out->len + length < out->allocated_len))
    {
      memcpy (out->str + out->len, data, length);
      out->len += length;
      out->str[out->len] = '\0';
    }
  else
    g_string_append_len (out, data, (gssize) length);
}

static void
add_field (GString    *out,
           const char *text)
{
  guint32 length = text ? (guint32) strlen (text) : G_MAXUINT32;

  add_bytes (out, &length, sizeof length);
  if (text)
    add_bytes (out, text, length);
}

static void
add_number (GString *out,
            gint64   number)
{
  add_bytes (out, &number, sizeof number);
}

/* 64 bits, eight bytes a step (a byte at a time took a tenth of a
 * 1M-row import's reading): spread enough to tell rows apart. Only
 * equal prints matter, within one import: nothing keeps them. */
static guint64
fingerprint (const char *data,
             gsize       length)
{
  guint64 h = G_GUINT64_CONSTANT (0xcbf29ce484222325) ^ (length * G_GUINT64_CONSTANT (0x9e3779b97f4a7c15));
  gsize i = 0;

  for (; i + 8 <= length; i += 8)
    {
      guint64 word;

      memcpy (&word, data + i, 8);
      h = (h ^ word) * G_GUINT64_CONSTANT (0xbf58476d1ce4e5b9);
      h ^= h >> 31;
    }
  if (i < length)
    {
      guint64 word = 0;

      memcpy (&word, data + i, length - i);
      h = (h ^ word) * G_GUINT64_CONSTANT (0xbf58476d1ce4e5b9);
      h ^= h >> 31;
    }
  h *= G_GUINT64_CONSTANT (0x94d049bb133111eb);
  h ^= h >> 29;
  return h ? h : 1;
}

static inline gsize
print_slot (guint64 print,
            gsize   mask)
{
  return (gsize) (print * G_GUINT64_CONSTANT (0x9e3779b97f4a7c15) >> 20) & mask;
}

/* Room in the table for one more print; then where @print's probe
 * starts, brought into the processor's cache ahead of add_print(). */
static void
prints_ready (MutualRecordSink *sink,
              guint64           print)
{
  if (2 * (sink->n_prints + 1) > sink->prints_size)
    {
      guint64 *old = sink->prints;
      gsize old_size = sink->prints_size;
      gsize mask;

      /* Written at once rather than calloc()'s pages of zeros, which
       * the system maps twice: once read, again when first written. */
      sink->prints_size *= 2;
      sink->prints = g_new (guint64, sink->prints_size);
      memset (sink->prints, 0, sink->prints_size * sizeof (guint64));
      mask = sink->prints_size - 1;
      for (gsize k = 0; k < old_size; k++)
        if (old[k])
          {
            gsize i;

            for (i = print_slot (old[k], mask); sink->prints[i]; i = (i + 1) & mask)
              ;
            sink->prints[i] = old[k];
          }
      g_free (old);
    }
#ifdef __GNUC__
  __builtin_prefetch (&sink->prints[print_slot (print, sink->prints_size - 1)], 1);
#endif
}

/* FALSE if @print was in the table already (prints_ready() made room). */
static gboolean
add_print (MutualRecordSink *sink,
           guint64           print)
{
  gsize mask = sink->prints_size - 1;
  gsize i;

  for (i = print_slot (print, mask); sink->prints[i]; i = (i + 1) & mask)
    if (sink->prints[i] == print)
      return FALSE;
  sink->prints[i] = print;
  sink->n_prints++;
  return TRUE;
}

/* The row's id: a version 5 UUID of the import type and the source's
 * id, else of every field of the row, and of how many identical rows
 * came before it, so that two identical rows stay two exchanges. */
static void
make_uuid (MutualRecordSink         *sink,
           const MutualImportRecord *record,
           char                      uuid[37])
{
  GString *f = sink->fields;
  guint8 digest[20];
  gsize digest_length = sizeof digest;
  guint32 rank = 0;
  guint64 print;

  g_string_truncate (f, 0);
  add_field (f, mutual_import_type_to_string (sink->type));
  if (record->source_id)
    add_field (f, record->source_id);
  else
    {
      add_field (f, record->counterparty);
      add_field (f, record->iban);
      add_field (f, record->email);
      add_field (f, record->number);
      add_number (f, record->date);
      add_number (f, record->direction);
      add_number (f, record->kind);
      add_number (f, record->value);
      add_number (f, record->minutes);
      add_field (f, record->note);
      add_field (f, record->currency);
    }

  /* The print's slot is fetched while the fields are hashed. */
  print = fingerprint (f->str, f->len);
  prints_ready (sink, print);
  g_checksum_reset (sink->checksum);
  g_checksum_update (sink->checksum, exchange_namespace, sizeof exchange_namespace);
  g_checksum_update (sink->checksum, (const guchar *) f->str, (gssize) f->len);
  if (!add_print (sink, print))
    {
      guint32 *count = g_hash_table_lookup (sink->repeats, &print);

      if (count == NULL)
        {
          count = g_new0 (guint32, 1);
          g_hash_table_insert (sink->repeats, g_memdup2 (&print, sizeof print), count);
        }
      rank = ++*count;
    }
  if (rank > 0)
    g_checksum_update (sink->checksum, (const guchar *) &rank, sizeof rank);
  digest_length = sizeof digest;
  g_checksum_get_digest (sink->checksum, digest, &digest_length);
  /* RFC 4122, 4.3: version 5, the variant of RFC 4122. */
  digest[6] = (guint8) ((digest[6] & 0x0f) | 0x50);
  digest[8] = (guint8) ((digest[8] & 0x3f) | 0x80);
  for (int i = 0, j = 0; i < 16; i++)
    {
      if (i == 4 || i == 6 || i == 8 || i == 10)
        uuid[j++] = '-';
      uuid[j++] = "0123456789abcdef"[digest[i] >> 4];
      uuid[j++] = "0123456789abcdef"[digest[i] & 15];
    }
  uuid[36] = '\0';
}

/* The relationship holding @value as an identifier: 0 when none. */
static gint64
find_identifier (MutualRecordSink      *sink,
                 MutualIdentifierType   type,
                 const char            *value,
                 GError               **error)
{
  if (blank (value))
    return 0;
  return mutual_ledger_find_identifier (sink->ledger, type, value, error);
}

/* Matches a counterparty: the window's assignment, an identifier, an
 * alias, the name; else, when asked, a new relationship. 0: unmatched;
 * -1: @error. */
static gint64
resolve (MutualRecordSink         *sink,
         const MutualImportRecord *record,
         const char               *key,
         GError                  **error)
{
  g_autoptr(GError) local = NULL;
  g_autoptr(MutualRelationship) rel = NULL;
  g_autofree char *name = NULL;
  gint64 id = 0;

  if (sink->assignments)
    {
      const gint64 *assigned = g_hash_table_lookup (sink->assignments, key);

      if (assigned && *assigned > 0)
        return *assigned;
    }

  if ((id = find_identifier (sink, MUTUAL_IDENTIFIER_IBAN, record->iban, error)) != 0
      || (id = find_identifier (sink, MUTUAL_IDENTIFIER_EMAIL, record->email, error)) != 0
      || (id = find_identifier (sink, MUTUAL_IDENTIFIER_NUMBER, record->number, error)) != 0
      || (id = find_identifier (sink, MUTUAL_IDENTIFIER_ALIAS, record->counterparty, error)) != 0)
    return id;

  name = g_strstrip (g_strdup (record->counterparty ? record->counterparty : ""));
  if (*name && g_utf8_validate (name, -1, NULL) && !g_uuid_string_is_valid (name))
    {
      rel = mutual_ledger_find_relationship (sink->ledger, name, &local);
      if (rel)
        return rel->id;
      if (local->domain == MUTUAL_ERROR && local->code == MUTUAL_ERROR_LEDGER)
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return -1;
        }
      g_clear_error (&local);
    }

  if (sink->unmatched != MUTUAL_UNMATCHED_CREATE)
    return 0;

  /* A counterparty without a name is named by its IBAN or e-mail. */
  if (*name == '\0')
    {
      g_free (name);
      name = g_strdup (!blank (record->iban) ? record->iban
                       : !blank (record->email) ? record->email : "");
      g_strstrip (name);
    }
  if (*name == '\0')
    return 0;

  rel = mutual_relationship_new ();
  rel->name = g_steal_pointer (&name);
  rel->role = MUTUAL_ROLE_OTHER;
  if (!mutual_ledger_add_relationship (sink->ledger, rel, &local))
    {
      /* The name is at fault, not the note the record's column names. */
      MutualImportRecord at = { .line = record->line, .column = record->column };

      if (record->counterparty_column > 0)
        at.column = record->counterparty_column;
      fail_with (sink, &at, error, g_steal_pointer (&local));
      return -1;
    }
  sink->report.counts.relationships_added++;

  /* Its IBAN and e-mail make it known next time, however the bank
   * spells its name; a value that is not valid is just not kept. */
  if (!blank (record->iban)
      && !mutual_ledger_add_identifier (sink->ledger, rel->id, MUTUAL_IDENTIFIER_IBAN,
                                        record->iban, &local))
    {
      if (local->domain == MUTUAL_ERROR && local->code == MUTUAL_ERROR_LEDGER)
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return -1;
        }
      g_clear_error (&local);
    }
  if (!blank (record->email)
      && !mutual_ledger_add_identifier (sink->ledger, rel->id, MUTUAL_IDENTIFIER_EMAIL,
                                        record->email, &local))
    {
      if (local->domain == MUTUAL_ERROR && local->code == MUTUAL_ERROR_LEDGER)
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return -1;
        }
      g_clear_error (&local);
    }
  return rel->id;
}

static void
skip (MutualRecordSink         *sink,
      const MutualImportRecord *record,
      const char               *key,
      const char               *reason)
{
  MutualImportSkipped *skipped = g_new0 (MutualImportSkipped, 1);
  gint64 none = 0;

  skipped->line = record->line;
  skipped->counterparty = g_strdup (record->counterparty ? record->counterparty
                                    : record->iban ? record->iban
                                    : record->email ? record->email : "");
  skipped->key = g_strdup (key);
  skipped->date = record->date;
  skipped->direction = record->direction;
  skipped->value = record->value;
  skipped->currency = g_strdup (record->currency);
  skipped->reason = g_strdup (reason);
  g_ptr_array_add (sink->report.skipped, skipped);
  sink->report.exchanges_skipped++;
  if (sink->report.matched)
    g_array_append_val (sink->report.matched, none);
}

/* A row's currency, by code or by the ledger's own symbol ("€" in a
 * ledger of euros: a spreadsheet's "Currency" column often says that),
 * that is not the ledger's. */
static gboolean
currency_is_other (MutualRecordSink         *sink,
                   const MutualImportRecord *record)
{
  const char *symbol;
  const char *cell;
  gsize length;

  if (blank (record->currency))
    return FALSE;
  cell = g_strstrip (record->currency);
  if (g_ascii_strcasecmp (cell, sink->currency) == 0)
    return FALSE;
  /* The symbols that read as a code carry a space: "CHF ". */
  symbol = mutual_currency_symbol (sink->currency);
  length = strlen (symbol);
  while (length > 0 && symbol[length - 1] == ' ')
    length--;
  return !(strlen (cell) == length && strncmp (cell, symbol, length) == 0);
}

gboolean
mutual_record_sink_add_unowned (MutualRecordSink          *sink,
                                const MutualImportRecord  *record,
                                GError                   **error)
{
  g_autoptr(GError) local = NULL;
  MutualExchange *exchange = &sink->exchange;
  Counterparty *counterparty;
  gboolean by_name, other_currency;
  g_autofree char *problem = NULL;
  char uuid[37];

  g_return_val_if_fail (sink != NULL && record != NULL, FALSE);

  sink->records++;
  /* Most rows name a counterparty seen before, as written: found without
   * making its key. */
  by_name = blank (record->iban) && blank (record->email) && record->counterparty;
  counterparty = by_name ? g_hash_table_lookup (sink->by_raw_name, record->counterparty) : NULL;
  other_currency = currency_is_other (sink, record);
  if (counterparty == NULL || other_currency)
    record_key (record, sink->key);

  if (other_currency)
    {
      skip (sink, record, sink->key->str, "currency");
      return TRUE;
    }

  if (counterparty == NULL)
    counterparty = g_hash_table_lookup (sink->counterparties, sink->key->str);
  if (counterparty == NULL)
    {
      gint64 id;
      guint64 failed = 0;

      /* Matching reads (and may write) the ledger: its connection is
       * this thread's again once the loader's writer is done. */
      if (!mutual_ledger_bulk_flush (sink->bulk, &failed, &local))
        {
          MutualImportRecord at = { .line = failed };

          fail_with (sink, failed == record->line ? record : &at, error, g_steal_pointer (&local));
          return FALSE;
        }
      id = resolve (sink, record, sink->key->str, &local);

      if (id < 0)
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return FALSE;
        }
      counterparty = g_new0 (Counterparty, 1);
      counterparty->relationship_id = id;
      g_hash_table_insert (sink->counterparties, g_strdup (sink->key->str), counterparty);
      if (id > 0 && id < sink->first_new_relationship
          && !g_hash_table_contains (sink->relationships_seen, &id))
        {
          g_hash_table_add (sink->relationships_seen, g_memdup2 (&id, sizeof id));
          sink->report.counts.relationships_unchanged++;
        }
    }
  if (by_name && !g_hash_table_contains (sink->by_raw_name, record->counterparty))
    g_hash_table_insert (sink->by_raw_name, g_strdup (record->counterparty), counterparty);
  if (counterparty->relationship_id == 0)
    {
      if (by_name)
        record_key (record, sink->key);
      skip (sink, record, sink->key->str, "unmatched");
      return TRUE;
    }

  exchange->id = 0;
  exchange->relationship_id = counterparty->relationship_id;
  exchange->date = record->date;
  exchange->direction = record->direction;
  exchange->kind = record->kind;
  exchange->value = record->value;
  exchange->minutes = record->minutes;
  g_free (exchange->note);
  exchange->note = record->note && *record->note ? g_strdup (record->note) : NULL;
  problem = mutual_exchange_check (exchange);
  if (problem)
    {
      fail_at (sink, record, error, MUTUAL_ERROR_DATA, problem);
      return FALSE;
    }

  make_uuid (sink, record, uuid);
  g_free (exchange->uuid);
  exchange->uuid = g_strdup (uuid);
  if (sink->report.matched)
    g_array_append_val (sink->report.matched, counterparty->relationship_id);

  /* Counted as added until the loader tells (merge_counts) which of
   * them it found. */
  {
    guint64 failed = 0;

    if (!mutual_ledger_bulk_add_exchange (sink->bulk, exchange, record->line, &failed, &local))
      {
        MutualImportRecord at = { .line = failed };

        fail_with (sink, failed == record->line ? record : &at, error, g_steal_pointer (&local));
        return FALSE;
      }
  }
  sink->report.counts.exchanges_added++;
  return TRUE;
}

gboolean
mutual_record_sink_add (MutualRecordSink    *sink,
                        MutualImportRecord  *record,
                        GError             **error)
{
  gboolean ok = mutual_record_sink_add_unowned (sink, record, error);

  mutual_import_record_free (record);
  return ok;
}

/* The rows the loader found stored are not added: the same ones are
 * unchanged, the others updated. */
static void
merge_counts (MutualRecordSink *sink,
              MutualLedgerBulk *bulk)
{
  MutualImportCounts *c = &sink->report.counts;
  guint64 unchanged, updated;

  mutual_ledger_bulk_merged (bulk, &unchanged, &updated);
  g_assert (unchanged + updated <= c->exchanges_added);
  c->exchanges_added -= unchanged + updated;
  c->exchanges_unchanged += unchanged;
  c->exchanges_updated += updated;
}

gboolean
mutual_record_sink_finish (MutualRecordSink    *sink,
                           MutualImportReport  *report,
                           GError             **error)
{
  MutualImportCounts *c = &sink->report.counts;
  MutualLedgerBulk *bulk = g_steal_pointer (&sink->bulk);
  g_autoptr(GError) local = NULL;
  gboolean changed;
  guint64 failed = 0;
  gboolean ok;

  /* The rows' prints are done with: their memory is the loader's for
   * its last work (a million rows' take 16 MB). */
  g_clear_pointer (&sink->prints, g_free);
  g_clear_pointer (&sink->repeats, g_hash_table_unref);

  /* The rows waiting for a batch are checked by the ledger too, also in
   * a dry run; a mistake found there names its line. */
  ok = mutual_ledger_bulk_flush (bulk, &failed, &local);
  if (!ok)
    {
      MutualImportRecord at = { .line = failed };

      fail_with (sink, &at, error, g_steal_pointer (&local));
    }
  if (ok && sink->look_up)
    merge_counts (sink, bulk);
  changed = c->relationships_added + c->relationships_updated
            + c->exchanges_added + c->exchanges_updated > 0;
  if (!ok || sink->dry_run)
    mutual_ledger_bulk_abort (bulk);
  else
    ok = mutual_ledger_bulk_finish (bulk, changed, error);

  if (ok && report)
    {
      mutual_import_report_clear (report);
      *report = sink->report;
      memset (&sink->report, 0, sizeof sink->report);
    }
  sink_free (sink);
  return ok;
}

/* Any file */

static gboolean
starts_with_nocase (const char *text,
                    gsize       length,
                    const char *prefix)
{
  gsize n = strlen (prefix);

  return length >= n && g_ascii_strncasecmp (text, prefix, n) == 0;
}

static gboolean
contains (const char *text,
          gsize       length,
          const char *needle)
{
  return g_strstr_len (text, (gssize) length, needle) != NULL;
}

/* The type a file's name says, for a file whose first bytes say none
 * (an empty file, or text that is no known format). */
static MutualImportType
type_of_name (const char *name)
{
  static const struct { const char *suffix; MutualImportType type; } suffixes[] = {
    { ".xml", MUTUAL_IMPORT_TYPE_MUTUAL },
    { ".vcf", MUTUAL_IMPORT_TYPE_VCARD },
    { ".vcard", MUTUAL_IMPORT_TYPE_VCARD },
    { ".ofx", MUTUAL_IMPORT_TYPE_OFX },
    { ".qfx", MUTUAL_IMPORT_TYPE_OFX },
    { ".qif", MUTUAL_IMPORT_TYPE_QIF },
  };
  g_autofree char *folded = name ? g_ascii_strdown (name, -1) : NULL;

  for (gsize i = 0; folded && i < G_N_ELEMENTS (suffixes); i++)
    if (g_str_has_suffix (folded, suffixes[i].suffix))
      return suffixes[i].type;
  return MUTUAL_IMPORT_TYPE_CSV;
}

/* The type of a file by its first bytes, else by its name. */
static MutualImportType
detect_type (const char *head,
             gsize       length,
             const char *name)
{
  const char *p = head;
  gsize n = length;
  MutualImportType bank;

  if (n >= 3 && memcmp (p, "\xef\xbb\xbf", 3) == 0)
    p += 3, n -= 3;
  while (n > 0 && g_ascii_isspace (*p))
    p++, n--;

  if (starts_with_nocase (p, n, "BEGIN:VCARD"))
    return MUTUAL_IMPORT_TYPE_VCARD;
  bank = mutual_import_bank_detect (head, length);
  if (bank != MUTUAL_IMPORT_TYPE_UNKNOWN)
    return bank;
  if (starts_with_nocase (p, n, "OFXHEADER:") || contains (p, n, "<OFX>") || contains (p, n, "<?OFX"))
    return MUTUAL_IMPORT_TYPE_OFX;
  if (starts_with_nocase (p, n, "!Type:") || starts_with_nocase (p, n, "!Account")
      || starts_with_nocase (p, n, "!Option:"))
    return MUTUAL_IMPORT_TYPE_QIF;
  if (n > 0 && *p == '<')
    {
      if (contains (p, n, "urn:iso:std:iso:20022:tech:xsd:camt.053"))
        return MUTUAL_IMPORT_TYPE_CAMT053;
      /* Any other XML goes to Mutual's reader, which says what it is
       * not. */
      return MUTUAL_IMPORT_TYPE_MUTUAL;
    }
  return type_of_name (name);
}

/* An option that means nothing for @type is a usage error. */
static gboolean
check_options (MutualImportType            type,
               const MutualImportOptions  *options,
               GError                    **error)
{
  const char *option = NULL;

  if (type != MUTUAL_IMPORT_TYPE_CSV && options->preset)
    option = "--preset";
  else if (type != MUTUAL_IMPORT_TYPE_CSV && options->map)
    option = "--map";
  else if (type != MUTUAL_IMPORT_TYPE_CSV && type != MUTUAL_IMPORT_TYPE_QIF
           && options->date_order != MUTUAL_DATE_ORDER_UNKNOWN)
    option = "--date-order";
  else if ((type == MUTUAL_IMPORT_TYPE_MUTUAL || type == MUTUAL_IMPORT_TYPE_VCARD)
           && options->unmatched != MUTUAL_UNMATCHED_SKIP)
    option = "--unmatched";
  else if (type != MUTUAL_IMPORT_TYPE_MUTUAL && options->same_name != MUTUAL_SAME_NAME_REFUSE)
    option = "--same-name";
  if (option == NULL)
    return TRUE;
  /* TRANSLATORS: the first %s is an option such as --preset, the second
   * a file type such as ofx */
  g_set_error (error, MUTUAL_ERROR, MUTUAL_ERROR_USAGE,
               _("The option %s does not apply to a file of type %s."),
               option, mutual_import_type_to_string (type));
  return FALSE;
}

/* The report of an importer that only counts (Mutual XML, vCard): no
 * skipped rows, no per-row matches. */
static void
report_counts (MutualImportReport       *report,
               MutualImportType          type,
               const MutualImportCounts *counts)
{
  if (report == NULL)
    return;
  mutual_import_report_clear (report);
  report->type = type;
  report->counts = *counts;
  report->skipped = g_ptr_array_new_with_free_func ((GDestroyNotify) skipped_free);
}

gboolean
mutual_import_any (MutualLedger               *ledger,
                   GFile                      *file,
                   const MutualImportOptions  *options,
                   MutualImportReport         *report,
                   MutualProgressFunc          progress,
                   gpointer                    progress_data,
                   GCancellable               *cancellable,
                   GError                    **error)
{
  static const MutualImportOptions defaults = { 0 };
  g_autoptr(GError) local = NULL;
  g_autoptr(GFileInputStream) file_stream = NULL;
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GFileInfo) info = NULL;
  g_autofree char *name = NULL;
  MutualImportType type;
  guint64 size = 0;
  const char *head;
  gsize length = 0;

  g_return_val_if_fail (MUTUAL_IS_LEDGER (ledger), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  if (options == NULL)
    options = &defaults;
  name = g_file_get_basename (file);
  if (name == NULL)
    name = g_file_get_parse_name (file);

  /* A FIFO or a device would block or never end: only files. */
  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_TYPE, G_FILE_QUERY_INFO_NONE,
                            cancellable, NULL);
  if (info && g_file_info_get_file_type (info) == G_FILE_TYPE_SPECIAL)
    {
      g_autofree char *parse_name = g_file_get_parse_name (file);

      g_set_error (error, MUTUAL_ERROR, MUTUAL_ERROR_DATA,
                   _("The file “%s” cannot be opened: %s."), parse_name, _("it is not a regular file"));
      return FALSE;
    }
  g_clear_object (&info);

  file_stream = g_file_read (file, cancellable, &local);
  if (file_stream == NULL)
    {
      g_autofree char *parse_name = g_file_get_parse_name (file);
      g_autofree char *path = g_file_get_path (file);
      const char *reason = local->message;
      int fd;

      /* GIO's message repeats the path; the system's reason does not. */
      if (path && (fd = g_open (path, O_RDONLY | O_CLOEXEC | O_NONBLOCK, 0)) < 0)
        reason = g_strerror (errno);
      else if (path)
        {
          close (fd);
          if (g_error_matches (local, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY))
            reason = g_strerror (EISDIR);
        }
      g_set_error (error, MUTUAL_ERROR, MUTUAL_ERROR_DATA,
                   _("The file “%s” cannot be opened: %s."), parse_name, reason);
      return FALSE;
    }
  info = g_file_input_stream_query_info (file_stream, G_FILE_ATTRIBUTE_STANDARD_SIZE
                                         "," G_FILE_ATTRIBUTE_STANDARD_TYPE, cancellable, NULL);
  if (info)
    size = (guint64) g_file_info_get_size (info);

  stream = g_buffered_input_stream_new_sized (G_INPUT_STREAM (file_stream), 64 * 1024);
  if (g_buffered_input_stream_fill (G_BUFFERED_INPUT_STREAM (stream), SNIFF_BYTES,
                                    cancellable, &local) < 0)
    {
      g_set_error (error, MUTUAL_ERROR, MUTUAL_ERROR_DATA,
                   _("The file “%s” could not be read: %s."), name, local->message);
      return FALSE;
    }
  head = g_buffered_input_stream_peek_buffer (G_BUFFERED_INPUT_STREAM (stream), &length);

  type = options->type != MUTUAL_IMPORT_TYPE_UNKNOWN ? options->type : detect_type (head, length, name);
  if (!check_options (type, options, error))
    return FALSE;

  switch (type)
    {
    case MUTUAL_IMPORT_TYPE_MUTUAL:
      {
        MutualImportCounts counts = { 0 };
        MutualImportFlags flags = options->dry_run ? MUTUAL_IMPORT_DRY_RUN : MUTUAL_IMPORT_DEFAULT;

        if (options->same_name == MUTUAL_SAME_NAME_MERGE)
          flags |= MUTUAL_IMPORT_SAME_NAME_MERGE;
        else if (options->same_name == MUTUAL_SAME_NAME_RENAME)
          flags |= MUTUAL_IMPORT_SAME_NAME_RENAME;
        if (!mutual_import_stream (ledger, stream, name, size, flags, &counts, progress, progress_data, cancellable, error))
          return FALSE;
        report_counts (report, type, &counts);
        return TRUE;
      }

    case MUTUAL_IMPORT_TYPE_CSV:
      {
        MutualRecordSink *sink = mutual_record_sink_new (ledger, type, name, options, error);

        if (sink == NULL)
          return FALSE;
        /* Its rows at 32 bytes each, few are shorter: the loader's day
         * table is made once (a shorter row only means it grows). */
        mutual_ledger_bulk_expect_rows (sink->bulk, size / 32);
        if (!mutual_import_csv_stream (sink, stream, name, size, options, progress,
                                       progress_data, cancellable, error))
          {
            mutual_record_sink_abort (sink);
            return FALSE;
          }
        return mutual_record_sink_finish (sink, report, error);
      }

    case MUTUAL_IMPORT_TYPE_OFX:
    case MUTUAL_IMPORT_TYPE_QIF:
    case MUTUAL_IMPORT_TYPE_CAMT053:
      {
        MutualRecordSink *sink = mutual_record_sink_new (ledger, type, name, options, error);
        gboolean ok;

        if (sink == NULL)
          return FALSE;
        if (type == MUTUAL_IMPORT_TYPE_OFX)
          ok = mutual_import_ofx (stream, name, sink, options, cancellable, error);
        else if (type == MUTUAL_IMPORT_TYPE_QIF)
          ok = mutual_import_qif (stream, name, sink, options, cancellable, error);
        else
          ok = mutual_import_camt053 (stream, name, sink, options, cancellable, error);
        if (!ok)
          {
            mutual_record_sink_abort (sink);
            return FALSE;
          }
        return mutual_record_sink_finish (sink, report, error);
      }

    case MUTUAL_IMPORT_TYPE_VCARD:
      {
        MutualImportCounts counts = { 0 };

        if (!mutual_import_vcard (ledger, stream, name, options->dry_run, &counts,
                                  cancellable, error))
          return FALSE;
        report_counts (report, type, &counts);
        return TRUE;
      }

    case MUTUAL_IMPORT_TYPE_UNKNOWN:
    default:
      g_assert_not_reached ();
    }
}
