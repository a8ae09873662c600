/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mutual-import-bank"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "mutual-error.h"
#include "mutual-import-bank-private.h"
#include "mutual-money.h"

void
mutual_bank_fail (GError     **error,
                  const char  *name,
                  guint64      line,
                  guint64      column,
                  const char  *format,
                  ...)
{
  g_autofree char *raw = NULL;
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  raw = g_strdup_vprintf (format, args);
  va_end (args);
  /* The sentence quotes the file, which may be neither UTF-8 nor on one
   * line. */
  message = g_utf8_make_valid (raw, -1);
  for (char *p = message; *p; p++)
    if ((guchar) *p < 0x20 || *p == 0x7f)
      *p = ' ';

  /* The XML importer's words, so both read alike. */
  mutual_error_set_in_file (error, MUTUAL_ERROR_DATA, name, line, column, message);
}

gssize
mutual_bank_read (const MutualBankInput  *in,
                  GInputStream           *stream,
                  char                   *buffer,
                  gsize                   size,
                  GError                **error)
{
  g_autoptr(GError) local = NULL;
  gssize n;

  if (g_cancellable_is_cancelled (in->cancellable))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                   _("The import was cancelled; the ledger was left as it was."));
      return -1;
    }
  n = g_input_stream_read (stream, buffer, size, in->cancellable, &local);
  if (n >= 0)
    return n;
  if (g_error_matches (local, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                 _("The import was cancelled; the ledger was left as it was."));
  else
    g_set_error (error, MUTUAL_ERROR, MUTUAL_ERROR_DATA,
                 _("The file “%s” could not be read: %s."), in->name, local->message);
  return -1;
}

/* Groups of three digits after the first group; @mark ends the
 * integer part. */
static gboolean
groups_valid (const char *start,
              const char *end,
              char        grouping)
{
  int run = 0;
  gboolean grouped = FALSE;

  for (const char *p = start; p < end; p++)
    {
      if (*p == grouping)
        {
          if (run == 0 || (grouped && run != 3) || (!grouped && run > 3))
            return FALSE;
          grouped = TRUE;
          run = 0;
        }
      else
        run++;
    }
  return !grouped || run == 3;
}

char *
mutual_bank_parse_amount (const char             *text,
                          int                     digits,
                          MutualBankAmountFlags   flags,
                          gint64                 *out_value,
                          gboolean               *out_negative)
{
  g_autofree char *compact = NULL;
  const char *p = text;
  const char *end;
  const char *mark = NULL;   /* the decimal mark, when there is one */
  char grouping = 0;
  gboolean negative = FALSE;
  guint64 value = 0;
  int fraction = 0;
  int last_dot = -1, last_comma = -1, dots = 0, commas = 0;

  if (flags & MUTUAL_BANK_AMOUNT_GROUPED)
    {
      /* French and Swiss files group thousands with spaces, also no-break
       * ones: "1 234,56". */
      char *w = compact = g_strdup (text);

      for (const char *q = text; *q; q++)
        {
          int n = q[0] == ' ' ? 1
                  : q[0] == '\xc2' && q[1] == '\xa0' ? 2
                  : q[0] == '\xe2' && q[1] == '\x80' && q[2] == '\xaf' ? 3 : 0;
          const char *after = q + n;

          /* A space between a digit and a group of three digits. */
          if (n > 0 && q > text && g_ascii_isdigit (q[-1]) && g_ascii_isdigit (after[0])
              && g_ascii_isdigit (after[1]) && g_ascii_isdigit (after[2]) && !g_ascii_isdigit (after[3]))
            q += n - 1;
          else
            *w++ = *q;
        }
      *w = '\0';
      p = compact;
    }
  while (g_ascii_isspace (*p))
    p++;
  end = p + strlen (p);
  while (end > p && g_ascii_isspace (end[-1]))
    end--;

  if ((flags & MUTUAL_BANK_AMOUNT_SIGNED) && (*p == '-' || *p == '+'))
    {
      negative = *p == '-';
      p++;
    }
  if (p == end)
    goto not_a_number;

  for (const char *q = p; q < end; q++)
    {
      if (*q == '.')
        {
          dots++;
          last_dot = (int) (q - p);
        }
      else if (*q == ',')
        {
          commas++;
          last_comma = (int) (q - p);
        }
      else if (!g_ascii_isdigit (*q))
        goto not_a_number;
    }

  if (flags & MUTUAL_BANK_AMOUNT_GROUPED)
    {
      if (dots > 0 && commas > 0)
        {
          /* The later mark is the decimal one: "1,234.56", "1.234,56". */
          gboolean dot_decimal = last_dot > last_comma;

          if ((dot_decimal ? dots : commas) != 1)
            goto not_a_number;
          mark = p + (dot_decimal ? last_dot : last_comma);
          grouping = dot_decimal ? ',' : '.';
        }
      else if (dots + commas == 1)
        {
          const char *at = p + (dots ? last_dot : last_comma);

          /* "1,234" groups thousands unless the currency has three
           * minor digits; "12,50" and "12.5" are decimal. */
          if (end - at - 1 == 3 && digits < 3 && at > p)
            grouping = *at;
          else
            mark = at;
        }
      else if (dots + commas > 1)
        grouping = dots ? '.' : ',';
      if (grouping && !groups_valid (p, mark ? mark : end, grouping))
        goto not_a_number;
    }
  else
    {
      if (dots + commas > 1 || (commas && !(flags & MUTUAL_BANK_AMOUNT_COMMA)))
        goto not_a_number;
      if (dots + commas == 1)
        mark = p + (dots ? last_dot : last_comma);
    }

  if (mark && mark + 1 == end && mark == p)
    goto not_a_number;

  for (const char *q = p; q < end; q++)
    {
      if (q == mark)
        continue;
      if (!g_ascii_isdigit (*q))
        continue;   /* a grouping mark, checked above */
      if (mark && q > mark)
        {
          if (fraction >= digits)
            {
              if (*q != '0')
                return g_strdup_printf (_("The amount “%s” has more decimal places than its currency has (%d)."),
                                        text, digits);
              continue;
            }
          fraction++;
        }
      value = value * 10 + (guint64) (*q - '0');
      if (value > (guint64) MUTUAL_VALUE_MAX * 10)
        goto too_large;
    }
  for (; fraction < digits; fraction++)
    {
      value *= 10;
      if (value > (guint64) MUTUAL_VALUE_MAX * 10)
        goto too_large;
    }
  if (value > (guint64) MUTUAL_VALUE_MAX)
    goto too_large;

  *out_value = (gint64) value;
  if (out_negative)
    *out_negative = negative && value > 0;
  return NULL;

not_a_number:
  return g_strdup_printf (_("The amount “%s” is not a number."), text);
too_large:
  return g_strdup_printf (_("The amount “%s” is larger than Mutual allows."), text);
}

int
mutual_bank_currency_digits (const MutualBankInput *in,
                             const char            *code,
                             char                 **why)
{
  int digits;

  if (in->currency && g_strcmp0 (code, in->currency) == 0)
    return in->digits;
  digits = mutual_currency_digits (code);
  if (digits < 0)
    *why = g_strdup_printf (_("The currency “%s” is not an ISO 4217 code Mutual knows."), code);
  return digits;
}

char *
mutual_bank_to_utf8 (const char *text,
                     gssize      length)
{
  g_autofree char *converted = NULL;

  if (length < 0)
    length = (gssize) strlen (text);
  if (g_utf8_validate (text, length, NULL))
    return g_strndup (text, (gsize) length);
  /* Windows-1252 leaves five bytes undefined; Latin-1 reads every byte. */
  converted = g_convert (text, length, "UTF-8", "WINDOWS-1252", NULL, NULL, NULL);
  if (converted == NULL)
    converted = g_convert (text, length, "UTF-8", "ISO-8859-1", NULL, NULL, NULL);
  if (converted == NULL)
    converted = g_utf8_make_valid (text, length);
  return g_steal_pointer (&converted);
}

char *
mutual_bank_clean_name (char *text)
{
  char *out;
  char *w;
  gboolean space = FALSE;

  if (text == NULL)
    return NULL;
  w = text;
  for (char *p = text; *p; p++)
    {
      if (g_ascii_isspace (*p) || (guchar) *p < 0x20 || *p == 0x7f)
        {
          space = w != text;
          continue;
        }
      if (space)
        *w++ = ' ';
      space = FALSE;
      *w++ = *p;
    }
  *w = '\0';
  if (*text == '\0')
    {
      g_free (text);
      return NULL;
    }
  out = text;
  return out;
}

char *
mutual_bank_clean_note (char *text)
{
  char *w;

  if (text == NULL)
    return NULL;
  w = text;
  for (char *p = text; *p; p++)
    {
      /* A bank's stray control character should not refuse the file. */
      if (*p == '\r')
        *w++ = p[1] == '\n' ? (p++, '\n') : '\n';
      else if (((guchar) *p < 0x20 && *p != '\n' && *p != '\t') || *p == 0x7f)
        *w++ = ' ';
      else
        *w++ = *p;
    }
  *w = '\0';
  g_strstrip (text);
  if (*text == '\0')
    {
      g_free (text);
      return NULL;
    }
  return text;
}

/* Detection */

static const char *
skip_bom_and_space (const char *p,
                    const char *end)
{
  if (end - p >= 3 && memcmp (p, "\xef\xbb\xbf", 3) == 0)
    p += 3;
  while (p < end && g_ascii_isspace (*p))
    p++;
  return p;
}

static gboolean
has_prefix_ci (const char *p,
               const char *end,
               const char *prefix)
{
  gsize n = strlen (prefix);

  return (gsize) (end - p) >= n && g_ascii_strncasecmp (p, prefix, n) == 0;
}

static gboolean
contains (const char *p,
          const char *end,
          const char *needle)
{
  gsize n = strlen (needle);

  for (; (gsize) (end - p) >= n; p++)
    if (memcmp (p, needle, n) == 0)
      return TRUE;
  return FALSE;
}

MutualImportType
mutual_import_bank_detect (const char *head,
                           gsize       length)
{
  const char *end = head + length;
  const char *p = skip_bom_and_space (head, end);

  if (has_prefix_ci (p, end, "OFXHEADER:") || has_prefix_ci (p, end, "<OFX>"))
    return MUTUAL_IMPORT_TYPE_OFX;
  if (has_prefix_ci (p, end, "!Type:") || has_prefix_ci (p, end, "!Account")
      || has_prefix_ci (p, end, "!Option:") || has_prefix_ci (p, end, "!Clear:"))
    return MUTUAL_IMPORT_TYPE_QIF;
  if (*p == '<')
    {
      if (contains (p, end, "<?OFX") || contains (p, end, "<OFX>"))
        return MUTUAL_IMPORT_TYPE_OFX;
      if (contains (p, end, "urn:iso:std:iso:20022:tech:xsd:camt.053."))
        return MUTUAL_IMPORT_TYPE_CAMT053;
    }
  return MUTUAL_IMPORT_TYPE_UNKNOWN;
}

/* The readers on a sink */

static gboolean
emit_to_sink (MutualImportRecord  *record,
              gpointer             data,
              GError             **error)
{
  return mutual_record_sink_add (data, record, error);
}

static void
input_init (MutualBankInput            *in,
            const char                 *display_name,
            MutualRecordSink           *sink,
            const MutualImportOptions  *options,
            GCancellable               *cancellable)
{
  in->name = display_name ? display_name : "-";
  in->currency = mutual_record_sink_get_currency (sink);
  in->digits = mutual_record_sink_get_digits (sink);
  in->date_order = options ? options->date_order : MUTUAL_DATE_ORDER_UNKNOWN;
  in->emit = emit_to_sink;
  in->emit_data = sink;
  in->cancellable = cancellable;
}

typedef gboolean (*BankReader) (const MutualBankInput *in,
                                GInputStream     *stream,
                                GError          **error);

static gboolean
read_statement (BankReader                  reader,
                GInputStream               *stream,
                const char                 *display_name,
                MutualRecordSink           *sink,
                const MutualImportOptions  *options,
                GCancellable               *cancellable,
                GError                    **error)
{
  MutualBankInput in;

  g_return_val_if_fail (G_IS_INPUT_STREAM (stream), FALSE);
  input_init (&in, display_name, sink, options, cancellable);
  return reader (&in, stream, error);
}

gboolean
mutual_import_ofx (GInputStream               *stream,
                   const char                 *display_name,
                   MutualRecordSink           *sink,
                   const MutualImportOptions  *options,
                   GCancellable               *cancellable,
                   GError                    **error)
{
  return read_statement (mutual_bank_read_ofx, stream, display_name, sink, options, cancellable, error);
}

gboolean
mutual_import_camt053 (GInputStream               *stream,
                       const char                 *display_name,
                       MutualRecordSink           *sink,
                       const MutualImportOptions  *options,
                       GCancellable               *cancellable,
                       GError                    **error)
{
  return read_statement (mutual_bank_read_camt053, stream, display_name, sink, options, cancellable, error);
}

gboolean
mutual_import_qif (GInputStream               *stream,
                   const char                 *display_name,
                   MutualRecordSink           *sink,
                   const MutualImportOptions  *options,
                   GCancellable               *cancellable,
                   GError                    **error)
{
  return read_statement (mutual_bank_read_qif, stream, display_name, sink, options, cancellable, error);
}
