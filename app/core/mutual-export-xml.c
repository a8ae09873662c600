/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mutual-export"

#include "config.h"

#include <glib/gi18n.h>
#include <libxml/xmlwriter.h>
#include <string.h>

#include "mutual-error.h"
#include "mutual-export.h"
#include "mutual-identifiers.h"
#include "mutual-money.h"

/* The interchange file (DESIGN.md), written as the ledger's exchanges
 * are read, one relationship after the other. */


typedef struct
{
  GOutputStream *stream;
  GCancellable  *cancellable;
  GError        *error;
} Sink;

static int
sink_write (void       *data,
            const char *buffer,
            int         length)
{
  Sink *sink = data;

  if (sink->error)
    return -1;
  if (!g_output_stream_write_all (sink->stream, buffer, (gsize) length, NULL,
                                  sink->cancellable, &sink->error))
    return -1;
  return length;
}

static int
sink_close (void *data)
{
  return 0;
}

/* XML 1.0 cannot hold most control characters; a stored text that has
 * one (or is not UTF-8) is written with U+FFFD in its place. */
static const char *
xml_safe (const char  *text,
          char       **scratch)
{
  gboolean clean = g_utf8_validate (text, -1, NULL);
  GString *out;

  for (const guchar *p = (const guchar *) text; clean && *p; p++)
    if ((*p < 0x20 && *p != '\t' && *p != '\n' && *p != '\r')
        || (p[0] == 0xef && p[1] == 0xbf && (p[2] == 0xbe || p[2] == 0xbf)))
      clean = FALSE;
  if (clean)
    return text;

  g_free (*scratch);
  *scratch = g_utf8_make_valid (text, -1);
  out = g_string_new (NULL);
  for (const char *p = *scratch; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0xfffe || c == 0xffff)
        g_string_append_unichar (out, 0xfffd);
      else
        g_string_append_unichar (out, c);
    }
  g_free (*scratch);
  *scratch = g_string_free (out, FALSE);
  return *scratch;
}

typedef struct
{
  MutualLedger        *ledger;
  xmlTextWriterPtr     writer;
  Sink                *sink;
  GPtrArray           *relationships;
  guint                next;          /* index of the next relationship */
  gboolean             open;          /* a <relationship> is open */
  const char          *currency;
  guint64              done;
  guint64              total;
  MutualProgressFunc   progress;
  gpointer             progress_data;
  GCancellable        *cancellable;
  char                *scratch;
} Export;

static gboolean
writer_failed (Export  *ex,
               GError **error)
{
  if (ex->sink->error)
    g_propagate_error (error, g_steal_pointer (&ex->sink->error));
  else
    g_set_error (error, MUTUAL_ERROR, MUTUAL_ERROR_DATA,
                 _("The export could not be written."));
  return FALSE;
}

#define W(call) if ((call) < 0) return writer_failed (ex, error)

static gboolean
write_text_element (Export      *ex,
                    const char  *name,
                    const char  *text,
                    GError     **error)
{
  if (text == NULL || *text == '\0')
    return TRUE;
  W (xmlTextWriterWriteElement (ex->writer, BAD_CAST name,
                                BAD_CAST xml_safe (text, &ex->scratch)));
  return TRUE;
}

static gboolean
open_relationship (Export                    *ex,
                   const MutualRelationship  *rel,
                   GError                   **error)
{
  xmlTextWriterPtr w = ex->writer;
  g_autoptr(GDateTime) created = g_date_time_new_from_unix_utc (rel->created);

  W (xmlTextWriterStartElement (w, BAD_CAST "relationship"));
  W (xmlTextWriterWriteAttribute (w, BAD_CAST "id", BAD_CAST rel->uuid));
  W (xmlTextWriterWriteAttribute (w, BAD_CAST "name", BAD_CAST xml_safe (rel->name, &ex->scratch)));
  W (xmlTextWriterWriteAttribute (w, BAD_CAST "role", BAD_CAST mutual_role_to_string (rel->role)));
  if (created && g_date_time_get_year (created) >= 1900)
    {
      g_autofree char *stamp = g_date_time_format (created, "%Y-%m-%dT%H:%M:%SZ");

      W (xmlTextWriterWriteAttribute (w, BAD_CAST "created", BAD_CAST stamp));
    }
  W (xmlTextWriterWriteAttribute (w, BAD_CAST "archived", BAD_CAST (rel->archived ? "true" : "false")));

  if (!write_text_element (ex, "organization", rel->organization, error)
      || !write_text_element (ex, "notes", rel->notes, error))
    return FALSE;
  {
    g_autoptr(GPtrArray) identifiers = mutual_ledger_list_identifiers (ex->ledger, rel->id, error);

    if (identifiers == NULL)
      return FALSE;
    for (guint i = 0; i < identifiers->len; i++)
      {
        const MutualIdentifier *identifier = g_ptr_array_index (identifiers, i);

        W (xmlTextWriterStartElement (w, BAD_CAST "identifier"));
        W (xmlTextWriterWriteAttribute (w, BAD_CAST "type",
                                        BAD_CAST mutual_identifier_type_to_string (identifier->type)));
        W (xmlTextWriterWriteString (w, BAD_CAST xml_safe (identifier->value, &ex->scratch)));
        W (xmlTextWriterEndElement (w));
      }
  }
  if (rel->override != MUTUAL_CLASS_NONE)
    {
      W (xmlTextWriterStartElement (w, BAD_CAST "override"));
      W (xmlTextWriterWriteAttribute (w, BAD_CAST "class",
                                      BAD_CAST mutual_class_to_string (rel->override)));
      if (rel->override_reason && *rel->override_reason)
        W (xmlTextWriterWriteString (w, BAD_CAST xml_safe (rel->override_reason, &ex->scratch)));
      W (xmlTextWriterEndElement (w));
    }
  return TRUE;
}

/* Writes relationships up to the one with @id (0: all that are left). */
static gboolean
advance_relationships (Export  *ex,
                       gint64   id,
                       GError **error)
{
  for (;;)
    {
      const MutualRelationship *rel;

      if (ex->open && ex->next > 0
          && ((const MutualRelationship *) g_ptr_array_index (ex->relationships, ex->next - 1))->id == id)
        return TRUE;
      if (ex->open)
        {
          W (xmlTextWriterEndElement (ex->writer));
          ex->open = FALSE;
        }
      if (ex->next >= ex->relationships->len)
        {
          if (id == 0)
            return TRUE;
          g_set_error (error, MUTUAL_ERROR, MUTUAL_ERROR_LEDGER,
                       _("The ledger changed while it was being exported; try again."));
          return FALSE;
        }
      rel = g_ptr_array_index (ex->relationships, ex->next++);
      if (!open_relationship (ex, rel, error))
        return FALSE;
      ex->open = TRUE;
    }
}

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

static gboolean
write_exchange_xml (const MutualExchange  *exchange,
                    gpointer               data,
                    GError               **error)
{
  Export *ex = data;
  xmlTextWriterPtr w = ex->writer;
  g_autofree char *value = NULL;
  char date[11];

  if (!advance_relationships (ex, exchange->relationship_id, error))
    return FALSE;

  value = mutual_money_format (exchange->value, ex->currency, MUTUAL_MONEY_FORMAT_PLAIN);
  W (xmlTextWriterStartElement (w, BAD_CAST "exchange"));
  W (xmlTextWriterWriteAttribute (w, BAD_CAST "id", BAD_CAST exchange->uuid));
  W (xmlTextWriterWriteAttribute (w, BAD_CAST "date", BAD_CAST mutual_date_to_iso (exchange->date, date)));
  W (xmlTextWriterWriteAttribute (w, BAD_CAST "direction",
                                  BAD_CAST mutual_direction_to_string (exchange->direction)));
  W (xmlTextWriterWriteAttribute (w, BAD_CAST "kind", BAD_CAST mutual_kind_to_string (exchange->kind)));
  W (xmlTextWriterWriteAttribute (w, BAD_CAST "value", BAD_CAST value));
  if (exchange->minutes >= 0)
    W (xmlTextWriterWriteFormatAttribute (w, BAD_CAST "minutes", "%" G_GINT64_FORMAT, exchange->minutes));
  if (exchange->note && *exchange->note)
    W (xmlTextWriterWriteString (w, BAD_CAST xml_safe (exchange->note, &ex->scratch)));
  W (xmlTextWriterEndElement (w));

  return export_step (ex, error);
}

#undef W

/* Reads the whole export in one read transaction, so that a writer in
 * another process cannot make it inconsistent. */
static gboolean
export_prepare (Export              *ex,
                MutualLedger        *ledger,
                Sink                *sink,
                MutualProgressFunc   progress,
                gpointer             progress_data,
                GCancellable        *cancellable,
                GError             **error)
{
  ex->ledger = ledger;
  ex->sink = sink;
  ex->currency = mutual_ledger_get_currency (ledger);
  ex->progress = progress;
  ex->progress_data = progress_data;
  ex->cancellable = cancellable;
  ex->total = (guint64) mutual_ledger_count_exchanges (ledger, 0);
  ex->relationships = mutual_ledger_list_relationships (ledger, TRUE, error);
  return ex->relationships != NULL;
}

static void
export_clear (Export *ex)
{
  g_clear_pointer (&ex->relationships, g_ptr_array_unref);
  g_clear_pointer (&ex->scratch, g_free);
  if (ex->writer)
    xmlFreeTextWriter (ex->writer);
  ex->writer = NULL;
}

static gboolean
export_xml (Export  *ex,
            GError **error)
{
  xmlTextWriterPtr w;
  xmlOutputBufferPtr buffer;

  buffer = xmlOutputBufferCreateIO (sink_write, sink_close, ex->sink, NULL);
  if (buffer == NULL)
    return writer_failed (ex, error);
  ex->writer = w = xmlNewTextWriter (buffer);
  if (w == NULL)
    return writer_failed (ex, error);

  xmlTextWriterSetIndent (w, 1);
  xmlTextWriterSetIndentString (w, BAD_CAST "  ");
  if (xmlTextWriterStartDocument (w, NULL, "UTF-8", NULL) < 0
      || xmlTextWriterStartElementNS (w, NULL, BAD_CAST "mutual",
                                      BAD_CAST MUTUAL_INTERCHANGE_NAMESPACE) < 0
      || xmlTextWriterWriteAttribute (w, BAD_CAST "version", BAD_CAST MUTUAL_INTERCHANGE_VERSION) < 0
      || xmlTextWriterWriteAttribute (w, BAD_CAST "currency", BAD_CAST ex->currency) < 0)
    return writer_failed (ex, error);

  if (!mutual_ledger_foreach_exchange (ex->ledger, 0, write_exchange_xml, ex, error)
      || !advance_relationships (ex, 0, error))
    return FALSE;

  if (xmlTextWriterEndDocument (w) < 0 || xmlTextWriterFlush (w) < 0)
    return writer_failed (ex, error);
  return TRUE;
}

gboolean
mutual_export_stream (MutualLedger        *ledger,
                      GOutputStream       *stream,
                      MutualProgressFunc   progress,
                      gpointer             progress_data,
                      GCancellable        *cancellable,
                      GError             **error)
{
  Sink sink = { stream, cancellable, NULL };
  Export ex = { 0 };
  gboolean began, ok;

  g_return_val_if_fail (MUTUAL_IS_LEDGER (ledger), FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (stream), FALSE);

  xmlInitParser ();
  began = mutual_ledger_begin_read (ledger);
  ok = export_prepare (&ex, ledger, &sink, progress, progress_data, cancellable, error)
       && export_xml (&ex, error);
  export_clear (&ex);
  mutual_ledger_end_read (ledger, began);
  g_clear_error (&sink.error);
  if (ok && progress)
    progress (ex.done, ex.total, progress_data);
  return ok;
}
