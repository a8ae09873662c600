/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mutual-export"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "mutual-error.h"
#include "mutual-export.h"
#include "mutual-money.h"

/* CSV export (RFC 4180, UTF-8), written as the ledger's exchanges are
 * read: it goes to the stream in chunks of about this many bytes. */
#define CSV_CHUNK (64 * 1024)

typedef struct
{
  MutualLedger        *ledger;
  GOutputStream       *stream;
  GString             *csv;
  GPtrArray           *relationships;
  guint                next;          /* index of the exchange's relationship */
  const char          *currency;
  guint64              done;
  guint64              total;
  MutualProgressFunc   progress;
  gpointer             progress_data;
  GCancellable        *cancellable;
} Export;

static gboolean
export_step (Export  *ex,
             GError **error)
{
  ex->done++;
  if ((ex->done & 0xfff) == 0)
    {
      if (ex->progress)
        ex->progress (ex->done, ex->total, ex->progress_data);
      if (g_cancellable_is_cancelled (ex->cancellable))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                       _("The export was cancelled."));
          return FALSE;
        }
    }
  return TRUE;
}


static void
csv_field (GString    *out,
           const char *text)
{
  /* A spreadsheet would run a cell that starts so as a formula. */
  const char *formula = (text && *text && strchr ("=+-@\t\r", *text)) ? "'" : "";

  if (text == NULL)
    return;
  if (strpbrk (text, ",\"\r\n") == NULL)
    {
      g_string_append (out, formula);
      g_string_append (out, text);
      return;
    }
  g_string_append_c (out, '"');
  g_string_append (out, formula);
  for (const char *p = text; *p; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

static gboolean
csv_flush (Export  *ex,
           gsize    threshold,
           GError **error)
{
  if (ex->csv->len < threshold)
    return TRUE;
  if (!g_output_stream_write_all (ex->stream, ex->csv->str, ex->csv->len, NULL,
                                  ex->cancellable, error))
    return FALSE;
  g_string_truncate (ex->csv, 0);
  return TRUE;
}

static gboolean
write_exchange_csv (const MutualExchange  *exchange,
                    gpointer               data,
                    GError               **error)
{
  Export *ex = data;
  const MutualRelationship *rel = NULL;
  g_autofree char *value = NULL;
  char date[11];

  while (ex->next < ex->relationships->len)
    {
      rel = g_ptr_array_index (ex->relationships, ex->next);
      if (rel->id == exchange->relationship_id)
        break;
      ex->next++;
      rel = NULL;
    }
  if (rel == NULL)
    {
      g_set_error (error, MUTUAL_ERROR, MUTUAL_ERROR_LEDGER,
                   _("The ledger changed while it was being exported; try again."));
      return FALSE;
    }

  value = mutual_money_format (exchange->value, ex->currency, MUTUAL_MONEY_FORMAT_PLAIN);
  csv_field (ex->csv, rel->uuid);
  g_string_append_c (ex->csv, ',');
  csv_field (ex->csv, rel->name);
  g_string_append_printf (ex->csv, ",%s,%s,%s,%s,", mutual_date_to_iso (exchange->date, date),
                          mutual_direction_to_string (exchange->direction),
                          mutual_kind_to_string (exchange->kind), value);
  if (exchange->minutes >= 0)
    g_string_append_printf (ex->csv, "%" G_GINT64_FORMAT, exchange->minutes);
  g_string_append_c (ex->csv, ',');
  csv_field (ex->csv, exchange->note);
  g_string_append (ex->csv, "\r\n");

  return csv_flush (ex, CSV_CHUNK, error) && export_step (ex, error);
}

gboolean
mutual_export_csv_stream (MutualLedger        *ledger,
                          GOutputStream       *stream,
                          MutualProgressFunc   progress,
                          gpointer             progress_data,
                          GCancellable        *cancellable,
                          GError             **error)
{
  Export ex = { 0 };
  gboolean began, ok;

  g_return_val_if_fail (MUTUAL_IS_LEDGER (ledger), FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (stream), FALSE);

  /* One read transaction, so that a writer in another process cannot
   * make the export inconsistent. */
  began = mutual_ledger_begin_read (ledger);
  ex.ledger = ledger;
  ex.stream = stream;
  ex.currency = mutual_ledger_get_currency (ledger);
  ex.progress = progress;
  ex.progress_data = progress_data;
  ex.cancellable = cancellable;
  ex.total = (guint64) mutual_ledger_count_exchanges (ledger, 0);
  ex.relationships = mutual_ledger_list_relationships (ledger, TRUE, error);
  ok = ex.relationships != NULL;
  if (ok)
    {
      ex.csv = g_string_sized_new (CSV_CHUNK + 4096);
      g_string_append (ex.csv, "relationship_id,relationship,date,direction,kind,value,minutes,note\r\n");
      ok = mutual_ledger_foreach_exchange (ledger, 0, write_exchange_csv, &ex, error)
           && csv_flush (&ex, 0, error);
    }
  g_clear_pointer (&ex.relationships, g_ptr_array_unref);
  if (ex.csv)
    g_string_free (ex.csv, TRUE);
  mutual_ledger_end_read (ledger, began);
  if (ok && progress)
    progress (ex.done, ex.total, progress_data);
  return ok;
}
