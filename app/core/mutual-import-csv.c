/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mutual-import"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "mutual-error.h"
#include "mutual-import-csv.h"
#include "mutual-money.h"

#define READ_CHUNK (64 * 1024)
/* The longest row read: no row of a real export comes near it, and a
 * file of one endless line is refused in bounded memory. */
#define MAX_ROW_BYTES (1024 * 1024)

/* What a column can give a row; the words are --map's. */
typedef enum
{
  F_COUNTERPARTY,
  F_DATE,
  F_DIRECTION,
  F_SIGN,
  F_KIND,
  F_VALUE,
  F_AMOUNT,
  F_MINUTES,
  F_DURATION,
  F_SECONDS,
  F_NOTE,
  F_CURRENCY,
  F_BILLABLE,
  F_ID,
  F_NUMBER,
  F_EMAIL,
  F_IBAN,
  F_PROJECT,        /* a preset's note when the row has none */
  N_FIELDS
} Field;

static const char * const field_words[N_FIELDS] = {
  "counterparty", "date", "direction", "sign", "kind", "value", "amount",
  "minutes", "duration", "seconds", "note", "currency", "billable", "id",
  "number", "email", "iban", "project",
};

/* How a preset's rows become exchanges. */
typedef enum
{
  RULE_TIME,        /* given; work when billable, support when not */
  RULE_GIVEN_WORK,  /* an invoice */
  RULE_RECEIVED_PAYMENT,
  RULE_SIGNED,      /* a credit is a received payment, a debit a given one */
  RULE_MAP,         /* --map alone: the columns say, else a given exchange */
} Rule;

/* A preset: the header of each field, alternatives separated by "|",
 * matched ignoring case; "(*)" at the end stands for a currency code in
 * parentheses, as in "Amount (USD)". The first @n_detect fields must
 * all be present for the preset to be recognized by its header. */
typedef struct
{
  const char *name;
  Rule        rule;
  const char *columns[N_FIELDS];
  Field       detect[4];
  guint       n_detect;
} Preset;

static const Preset presets[] = {
  /* Kimai 2's timesheet export (kimai/kimai src/Export/DefaultTemplate.php
   * and ColumnConverter.php): headers are translation ids rendered in the
   * export's language (translations/messages.en.xlf, messages.de.xlf),
   * duration in decimal hours, the customer's currency and price. */
  { "kimai", RULE_TIME, {
      [F_COUNTERPARTY] = "Customer|Kunde",
      [F_DATE] = "Date|Datum",
      [F_DURATION] = "Duration|Dauer",
      [F_VALUE] = "Price|Preis",
      [F_CURRENCY] = "Currency|Währung",
      [F_BILLABLE] = "Billable|Abrechenbar",
      [F_NOTE] = "Description|Beschreibung",
      [F_PROJECT] = "Project|Projekt",
      [F_NUMBER] = "Account|Kundennummer",
    }, { F_COUNTERPARTY, F_DATE, F_DURATION, F_VALUE }, 4 },
  /* Clockify's detailed report: "Duration (h)" as h:mm:ss, dates in the
   * user's format, the currency in the amount's header. Before Toggl:
   * both say "Start date" (in other cases). */
  { "clockify", RULE_TIME, {
      [F_COUNTERPARTY] = "Client",
      [F_DATE] = "Start Date",
      [F_DURATION] = "Duration (h)|Duration (decimal)",
      [F_VALUE] = "Billable Amount (*)",
      [F_BILLABLE] = "Billable",
      [F_NOTE] = "Description",
      [F_PROJECT] = "Project",
    }, { F_COUNTERPARTY, F_DATE, F_DURATION }, 3 },
  /* Toggl Track's detailed report: "Duration" as hh:mm:ss, "Amount ()"
   * or "Amount (EUR)". */
  { "toggl", RULE_TIME, {
      [F_COUNTERPARTY] = "Client",
      [F_DATE] = "Start date",
      [F_DURATION] = "Duration",
      [F_VALUE] = "Amount (*)",
      [F_BILLABLE] = "Billable",
      [F_NOTE] = "Description",
      [F_PROJECT] = "Project",
    }, { F_COUNTERPARTY, F_DATE, F_DURATION, F_BILLABLE }, 4 },
  /* Invoice Ninja 5's report exports (app/Export/CSV/BaseExport.php):
   * each header is its entity's word and the key's, "Payment Amount". */
  { "invoiceninja-payments", RULE_RECEIVED_PAYMENT, {
      [F_COUNTERPARTY] = "Client Name|Client",
      [F_DATE] = "Payment Date",
      [F_VALUE] = "Payment Amount",
      [F_CURRENCY] = "Payment Currency",
      [F_ID] = "Payment Number",
      [F_NOTE] = "Payment Private Notes",
      [F_PROJECT] = "Payment Transaction Reference",
    }, { F_COUNTERPARTY, F_DATE, F_VALUE }, 3 },
  { "invoiceninja-invoices", RULE_GIVEN_WORK, {
      [F_COUNTERPARTY] = "Client Name|Client",
      [F_DATE] = "Invoice Date",
      [F_VALUE] = "Invoice Amount",
      [F_CURRENCY] = "Client Currency|Invoice Currency",
      [F_ID] = "Invoice Invoice Number|Invoice Number",
      [F_NOTE] = "Invoice Public Notes",
      [F_NUMBER] = "Client Number",
    }, { F_COUNTERPARTY, F_DATE, F_VALUE }, 3 },
  /* HomeBank's transaction CSV (homebank.free.fr/help/misc-csvformat.html):
   * date;payment;info;payee;memo;amount;category;tags, a signed amount. */
  { "homebank", RULE_SIGNED, {
      [F_DATE] = "date",
      [F_COUNTERPARTY] = "payee",
      [F_AMOUNT] = "amount",
      [F_NOTE] = "memo",
      [F_PROJECT] = "info",
    }, { F_DATE, F_COUNTERPARTY, F_AMOUNT, F_NOTE }, 4 },
};

static const char * const preset_names[G_N_ELEMENTS (presets) + 1] = {
  "kimai", "toggl", "clockify", "invoiceninja-payments", "invoiceninja-invoices",
  "homebank", NULL,
};

const char * const *
mutual_import_csv_presets (void)
{
  return preset_names;
}

typedef enum
{
  ENCODING_UNDECIDED,
  ENCODING_UTF8,
  ENCODING_CP1252,
} Encoding;

typedef enum
{
  AT_FIELD_START,
  IN_PLAIN,
  IN_QUOTED,
  AFTER_QUOTE,      /* a quote inside a quoted field: doubled, or its end */
} TokenState;

typedef struct
{
  MutualRecordSink           *sink;
  const char                 *name;
  const MutualImportOptions  *options;
  GInputStream               *stream;
  GCancellable               *cancellable;
  MutualProgressFunc          progress;
  gpointer                    progress_data;
  guint64                     size;
  guint64                     done;

  guchar                     *buf;
  gsize                       pos;
  gsize                       len;
  gboolean                    eof;
  gboolean                    skip_lf;      /* after a CR */

  Encoding                    encoding;
  char                        delimiter;
  char                        decimal;      /* the mark a lone "1,234" means */

  /* The row being read: its fields one after the other, each ended by
   * a NUL, and where each starts (n_starts - 1 fields). The row has
   * room for the longest one read_row() lets through, so that bytes go
   * in without a check each: a copy and a count, where GString's and
   * GArray's appends took a tenth of the reading thread. */
  char                       *row;
  gsize                       row_len;
  guint                      *starts;
  guint                       n_starts;
  guint                       starts_size;
  /* Each byte: whether it ends a run of a plain field (the delimiter, a
   * line break) or of a quoted one (a quote, a line feed). */
  guint8                      stops[2][256];
  guint64                     line;         /* of the next byte */
  guint64                     row_line;

  const Preset               *preset;
  Rule                        rule;
  int                         column[N_FIELDS];  /* 0-based, -1: none */
  char                       *header_currency;
  MutualDateOrder             order;        /* given, or learned from the file */
  gboolean                    order_given;
  GString                    *text[N_FIELDS];    /* converted fields */
  GString                    *shown;
  MutualImportRecord          record;
} Csv;

/* Windows-1252 to UTF-8 for the bytes 0x80…0xFF, made once through
 * GLib's iconv; an empty entry is a byte the code page leaves unused. */
static char cp1252[128][4];

static gpointer
make_cp1252 (gpointer data)
{
  for (int b = 0x80; b <= 0xff; b++)
    {
      char in = (char) b;
      gsize written = 0;
      g_autofree char *out = g_convert (&in, 1, "UTF-8", "WINDOWS-1252", NULL, &written, NULL);

      if (out && written > 0 && written < 4)
        memcpy (cp1252[b - 0x80], out, written);
    }
  return NULL;
}

static void fail (Csv *csv, guint column, GError **error, const char *format, ...) G_GNUC_PRINTF (4, 5);

/* "In “file.csv” at line 12, column 3: …": the row's line, the column's
 * number. */
static void
fail (Csv         *csv,
      guint        column,
      GError     **error,
      const char  *format,
      ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  mutual_error_set_in_file (error, MUTUAL_ERROR_DATA, csv->name, csv->row_line, column, message);
}

static gboolean
refill (Csv     *csv,
        GError **error)
{
  g_autoptr(GError) local = NULL;
  gssize n;

  if (csv->eof)
    return FALSE;
  if (g_cancellable_set_error_if_cancelled (csv->cancellable, &local))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                   _("The import was cancelled; the ledger was left as it was."));
      return FALSE;
    }
  n = g_input_stream_read (csv->stream, csv->buf, READ_CHUNK, csv->cancellable, &local);
  if (n < 0)
    {
      if (g_error_matches (local, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                     _("The import was cancelled; the ledger was left as it was."));
      else
        g_set_error (error, MUTUAL_ERROR, MUTUAL_ERROR_DATA,
                     _("The file “%s” could not be read: %s."), csv->name, local->message);
      return FALSE;
    }
  /* A zero byte would end the field it is in, silently shortening a
   * name or a note: no export writes one, so the file is not text. */
  {
    const guchar *zero = memchr (csv->buf, '\0', (gsize) n);

    if (G_UNLIKELY (zero != NULL))
      {
        guint64 line = csv->line;

        for (const guchar *p = csv->buf; p < zero; p++)
          line += *p == '\n';
        mutual_error_set_in_file (error, MUTUAL_ERROR_DATA, csv->name, line, 0,
                                  _("The line holds a zero byte; the file is not text."));
        return FALSE;
      }
  }
  csv->pos = 0;
  csv->len = (gsize) n;
  csv->done += (guint64) n;
  if (n == 0)
    csv->eof = TRUE;
  else if (csv->progress)
    csv->progress (csv->done, csv->size, csv->progress_data);
  return n > 0;
}

/* The row has room for MAX_ROW_BYTES and the NUL after its last field:
 * read_row() refuses a row before it passes the limit. */
static inline void
append_byte (Csv  *csv,
             char  c)
{
  csv->row[csv->row_len++] = c;
}

static inline void
end_field (Csv *csv)
{
  append_byte (csv, '\0');
  if (G_UNLIKELY (csv->n_starts == csv->starts_size))
    {
      csv->starts_size *= 2;
      csv->starts = g_renew (guint, csv->starts, csv->starts_size);
    }
  csv->starts[csv->n_starts++] = (guint) csv->row_len;
}

static void
set_delimiter (Csv  *csv,
               char  delimiter)
{
  csv->delimiter = delimiter;
  memset (csv->stops, 0, sizeof csv->stops);
  csv->stops[FALSE][(guchar) delimiter] = TRUE;
  csv->stops[FALSE]['\n'] = csv->stops[FALSE]['\r'] = TRUE;
  csv->stops[TRUE]['"'] = csv->stops[TRUE]['\n'] = TRUE;
}

/* Appends the byte just read and those after it in the buffer up to the
 * next one that means something in the field, in one copy: a quote or a
 * line break when @quoted, else the delimiter or a line break. The row
 * never passes its limit: the byte after it is refused by read_row(). */
static inline void
append_run (Csv      *csv,
            gboolean  quoted)
{
  const guchar *from = csv->buf + csv->pos - 1;
  const guchar *end = csv->buf + MIN (csv->len, csv->pos - 1 + (MAX_ROW_BYTES - csv->row_len));
  const guchar *to = from + 1;
  const guint8 *stops = csv->stops[quoted];

  while (to < end && !stops[*to])
    to++;
  memcpy (csv->row + csv->row_len, from, (gsize) (to - from));
  csv->row_len += (gsize) (to - from);
  csv->pos = (gsize) (to - csv->buf);
}

/* Reads the next row into csv->row; FALSE at the end of the file (then
 * @error unset) or on an error. */
static gboolean
read_row (Csv     *csv,
          GError **error)
{
  TokenState state = AT_FIELD_START;
  guint64 quote_line = 0;

  csv->row_len = 0;
  csv->starts[0] = 0;
  csv->n_starts = 1;
  csv->row_line = csv->line;

  for (;;)
    {
      guchar c;

      if (csv->pos == csv->len)
        {
          GError *local = NULL;

          if (!refill (csv, &local))
            {
              if (local)
                {
                  g_propagate_error (error, local);
                  return FALSE;
                }
              if (state == IN_QUOTED)
                {
                  g_autofree char *line = g_strdup_printf ("%" G_GUINT64_FORMAT, quote_line);

                  fail (csv, csv->n_starts, error,
                        _("The file ends inside a quoted field that starts on line %s."), line);
                  return FALSE;
                }
              /* The last row without a line break. */
              if (csv->row_len > 0 || csv->n_starts > 1 || state != AT_FIELD_START)
                {
                  end_field (csv);
                  return TRUE;
                }
              return FALSE;
            }
        }

      c = csv->buf[csv->pos++];
      if (csv->skip_lf)
        {
          csv->skip_lf = FALSE;
          if (c == '\n')
            continue;
        }

      if (G_UNLIKELY (csv->row_len >= MAX_ROW_BYTES))
        {
          fail (csv, 0, error, _("The row is longer than 1 MiB; no export has such rows."));
          return FALSE;
        }

      switch (state)
        {
        case AT_FIELD_START:
          if (c == '"')
            {
              state = IN_QUOTED;
              quote_line = csv->line;
              continue;
            }
          state = IN_PLAIN;
          G_GNUC_FALLTHROUGH;
        case IN_PLAIN:
          if (c == (guchar) csv->delimiter)
            {
              end_field (csv);
              state = AT_FIELD_START;
            }
          else if (c == '\n' || c == '\r')
            {
              csv->line++;
              csv->skip_lf = c == '\r';
              end_field (csv);
              return TRUE;
            }
          else
            append_run (csv, FALSE);
          break;
        case IN_QUOTED:
          if (c == '"')
            state = AFTER_QUOTE;
          else if (c == '\n')
            {
              csv->line++;
              append_byte (csv, (char) c);
            }
          else
            append_run (csv, TRUE);
          break;
        case AFTER_QUOTE:
          if (c == '"')
            {
              append_byte (csv, '"');
              state = IN_QUOTED;
            }
          else if (c == (guchar) csv->delimiter)
            {
              end_field (csv);
              state = AT_FIELD_START;
            }
          else if (c == '\n' || c == '\r')
            {
              csv->line++;
              csv->skip_lf = c == '\r';
              end_field (csv);
              return TRUE;
            }
          else
            {
              fail (csv, csv->n_starts, error,
                    _("Text follows the closing quote of a field; a quote inside a quoted field is written twice."));
              return FALSE;
            }
          break;
        }
    }
}

static guint
n_fields (Csv *csv)
{
  return csv->n_starts - 1;
}

static const char *
raw_field (Csv  *csv,
           guint i)
{
  return csv->row + csv->starts[i];
}

static gboolean
row_is_blank (Csv *csv)
{
  for (guint i = 0; i < n_fields (csv); i++)
    {
      const char *p = raw_field (csv, i);

      for (; *p; p++)
        if (!g_ascii_isspace (*p))
          return FALSE;
    }
  return TRUE;
}

/* The text of field @i in UTF-8: Windows-1252 converted into @scratch.
 * The file's encoding is decided by its first byte above 127: UTF-8
 * when that text is valid UTF-8, else Windows-1252. */
static const char *
field_text (Csv      *csv,
            guint     i,
            GString  *scratch,
            GError  **error)
{
  const char *raw = raw_field (csv, i);
  const guchar *p = (const guchar *) raw;
  gsize length;

  while (*p && *p < 0x80)
    p++;
  if (*p == '\0')
    return raw;

  length = strlen (raw);
  if (csv->encoding == ENCODING_UNDECIDED)
    csv->encoding = g_utf8_validate (raw, (gssize) length, NULL) ? ENCODING_UTF8 : ENCODING_CP1252;
  if (csv->encoding == ENCODING_UTF8)
    {
      if (!g_utf8_validate (raw, (gssize) length, NULL))
        {
          fail (csv, i + 1, error, _("The text is not valid UTF-8, as the rest of the file is."));
          return NULL;
        }
      return raw;
    }

  g_string_truncate (scratch, 0);
  for (p = (const guchar *) raw; *p; p++)
    if (*p < 0x80)
      g_string_append_c (scratch, (char) *p);
    else if (cp1252[*p - 0x80][0] == '\0')
      {
        fail (csv, i + 1, error, _("The text is neither UTF-8 nor Windows-1252."));
        return NULL;
      }
    else
      g_string_append (scratch, cp1252[*p - 0x80]);
  return scratch->str;
}

/* The delimiter: the most frequent of "," ";" TAB outside quotes in the
 * header line, "," when none. */
static char
detect_delimiter (const guchar *data,
                  gsize         length)
{
  gsize counts[3] = { 0 };
  gboolean quoted = FALSE;

  for (gsize i = 0; i < length; i++)
    {
      guchar c = data[i];

      if (c == '"')
        quoted = !quoted;
      else if (!quoted && (c == '\n' || c == '\r'))
        break;
      else if (!quoted)
        counts[c == ',' ? 0 : c == ';' ? 1 : c == '\t' ? 2 : 0] += c == ',' || c == ';' || c == '\t';
    }
  if (counts[2] > counts[0] && counts[2] >= counts[1])
    return '\t';
  if (counts[1] > counts[0])
    return ';';
  return ',';
}

/* Values */

/* @text without the white space around it, as g_strstrip() leaves it,
 * but from where the text starts rather than moved there: most fields
 * have none, and a move of each took a thirtieth of the reading. */
static const char *
trim (char *text)
{
  char *end;

  while (g_ascii_isspace (*text))
    text++;
  end = text + strlen (text);
  while (end > text && g_ascii_isspace (end[-1]))
    end--;
  *end = '\0';
  return text;
}

static const char *
skip_blank (const char *p)
{
  for (;;)
    {
      if (*p == ' ' || *p == '\t')
        p++;
      /* NO-BREAK SPACE and NARROW NO-BREAK SPACE group digits in French. */
      else if ((guchar) p[0] == 0xc2 && (guchar) p[1] == 0xa0)
        p += 2;
      else if ((guchar) p[0] == 0xe2 && (guchar) p[1] == 0x80 && (guchar) p[2] == 0xaf)
        p += 3;
      else
        return p;
    }
}

/* An exact decimal in minor units with @digits minor digits: "1234.5",
 * "1,234.50", "1.234,50", "1 234,50", "-12", "+3". A lone separator
 * before exactly three digits is the file's grouping unless it is the
 * file's decimal mark. More fraction digits than the currency has are
 * refused unless they are zeros. */
static gboolean
parse_amount (const char *text,
              int         digits,
              char        decimal,
              gboolean   *negative,
              gint64     *out)
{
  char clean[64];
  gsize n = 0;
  const char *p = skip_blank (text);
  int n_dots = 0, n_commas = 0, n_quotes = 0;
  char mark = 0;
  const char *last_sep = NULL;
  guint64 whole = 0, fraction = 0;
  int fraction_digits = 0;
  gboolean minus = FALSE;
  gsize i;

  if (*p == '-' || *p == '+')
    minus = *p++ == '-';
  else if ((guchar) p[0] == 0xe2 && (guchar) p[1] == 0x88 && (guchar) p[2] == 0x92)
    {
      /* U+2212 MINUS SIGN */
      minus = TRUE;
      p += 3;
    }
  p = skip_blank (p);

  /* Digits and separators, the spaces between groups dropped. */
  for (; *p; )
    {
      const char *after = skip_blank (p);

      if (after != p)
        {
          if (*after == '\0')
            break;
          if (n == 0 || !g_ascii_isdigit (*after))
            return FALSE;
          p = after;
          continue;
        }
      if (!g_ascii_isdigit (*p) && *p != '.' && *p != ',' && *p != '\'')
        return FALSE;
      if (n + 1 >= sizeof clean)
        return FALSE;
      clean[n++] = *p++;
    }
  clean[n] = '\0';
  if (n == 0 || !g_ascii_isdigit (clean[0]))
    return FALSE;

  for (i = 0; i < n; i++)
    if (clean[i] == '.' || clean[i] == ',' || clean[i] == '\'')
      {
        n_dots += clean[i] == '.';
        n_commas += clean[i] == ',';
        n_quotes += clean[i] == '\'';
        last_sep = clean + i;
      }

  /* Which separator is the decimal mark, if any. */
  if (last_sep && *last_sep != '\'')
    {
      gsize after = strlen (last_sep + 1);
      int same = *last_sep == '.' ? n_dots : n_commas;

      if (n_dots > 0 && n_commas > 0)
        mark = *last_sep;
      else if (same > 1)
        mark = 0;
      else if (after != 3)
        mark = *last_sep;
      else
        mark = *last_sep == decimal ? *last_sep : 0;
    }
  if (mark && ((mark == '.' && n_dots > 1) || (mark == ',' && n_commas > 1)))
    return FALSE;

  /* The whole part: groups of three after the first, if grouped. */
  {
    const char *end = mark ? strrchr (clean, mark) : clean + n;
    gboolean grouped = FALSE;
    int run = 0;
    char group_sep = 0;

    for (const char *q = clean; q < end; q++)
      {
        if (g_ascii_isdigit (*q))
          {
            if (whole > (guint64) MUTUAL_VALUE_MAX)
              return FALSE;
            whole = whole * 10 + (guint64) (*q - '0');
            run++;
            continue;
          }
        /* A separator in the whole part groups thousands. */
        if ((group_sep && *q != group_sep) || *q == mark)
          return FALSE;
        if ((grouped && run != 3) || (!grouped && (run < 1 || run > 3)))
          return FALSE;
        group_sep = *q;
        grouped = TRUE;
        run = 0;
      }
    if (grouped && run != 3)
      return FALSE;
    if (mark)
      for (const char *q = end + 1; *q; q++)
        {
          if (!g_ascii_isdigit (*q))
            return FALSE;
          if (fraction_digits < digits)
            {
              fraction = fraction * 10 + (guint64) (*q - '0');
              fraction_digits++;
            }
          else if (*q != '0')
            return FALSE;
        }
  }

  for (; fraction_digits < digits; fraction_digits++)
    fraction *= 10;
  {
    guint64 scale = 1;

    for (int k = 0; k < digits; k++)
      scale *= 10;
    if (whole > (guint64) MUTUAL_VALUE_MAX / scale)
      return FALSE;
    whole = whole * scale + fraction;
    if (whole > (guint64) MUTUAL_VALUE_MAX)
      return FALSE;
  }
  *negative = minus && whole > 0;
  *out = (gint64) whole;
  return TRUE;
}

/* A number of at most 9 digits; FALSE for anything else. */
static gboolean
parse_small (const char *text,
             gsize       length,
             int        *out)
{
  int v = 0;

  if (length == 0 || length > 9)
    return FALSE;
  for (gsize i = 0; i < length; i++)
    {
      if (!g_ascii_isdigit (text[i]))
        return FALSE;
      v = v * 10 + (text[i] - '0');
    }
  *out = v;
  return TRUE;
}

typedef enum
{
  DATE_OK,
  DATE_BAD,
  DATE_AMBIGUOUS,
  DATE_AGAINST,     /* cannot be in the order given or seen */
} DateResult;

static int
full_year (int year,
           gsize digits)
{
  if (digits > 2)
    return year;
  /* Two digits: the century that puts it nearest to now, as spreadsheets do. */
  return year < 70 ? 2000 + year : 1900 + year;
}

/* "2025-03-01", "2025/3/1", "01.03.2025", "3/1/2025", "01-03-25", with
 * a time after it ignored. Day and month are told apart by a number
 * over 12, else by the order given or already seen in the file. */
static DateResult
parse_date (Csv        *csv,
            const char *text,
            MutualDate *out)
{
  const char *p = text;
  const char *parts[3];
  gsize lengths[3];
  int values[3];
  int year, month, day;
  MutualDateOrder order;

  for (int k = 0; k < 3; k++)
    {
      parts[k] = p;
      while (g_ascii_isdigit (*p))
        p++;
      lengths[k] = (gsize) (p - parts[k]);
      if (!parse_small (parts[k], lengths[k], &values[k]))
        return DATE_BAD;
      if (k < 2)
        {
          if (*p != '-' && *p != '/' && *p != '.')
            return DATE_BAD;
          if (k == 1 && *p != parts[1][-1])
            return DATE_BAD;
          p++;
        }
    }
  /* "01.03.2025." as some write it; a time after a space or a T. */
  if (*p == '.')
    p++;
  if (*p != '\0' && *p != ' ' && *p != 'T')
    return DATE_BAD;

  if (lengths[0] == 4)
    order = MUTUAL_DATE_ORDER_YMD;
  else if (lengths[2] != 4 && lengths[2] != 2)
    return DATE_BAD;
  else if (csv->order_given)
    order = csv->order;
  else if (values[0] > 12 && values[1] <= 12)
    order = MUTUAL_DATE_ORDER_DMY;
  else if (values[1] > 12 && values[0] <= 12)
    order = MUTUAL_DATE_ORDER_MDY;
  else if (values[0] == values[1])
    order = MUTUAL_DATE_ORDER_DMY;
  /* "01.02.2025": dots separate day, month and year wherever they are
   * used; no one writes a month first with them. */
  else if (parts[1][-1] == '.')
    order = MUTUAL_DATE_ORDER_DMY;
  else if (csv->order != MUTUAL_DATE_ORDER_UNKNOWN)
    order = csv->order;
  else
    return DATE_AMBIGUOUS;

  switch (order)
    {
    case MUTUAL_DATE_ORDER_YMD:
      year = full_year (values[0], lengths[0]);
      month = values[1];
      day = values[2];
      break;
    case MUTUAL_DATE_ORDER_MDY:
      month = values[0];
      day = values[1];
      year = full_year (values[2], lengths[2]);
      break;
    case MUTUAL_DATE_ORDER_DMY:
    case MUTUAL_DATE_ORDER_UNKNOWN:
    default:
      day = values[0];
      month = values[1];
      year = full_year (values[2], lengths[2]);
      break;
    }
  if (lengths[0] == 4 && (lengths[1] > 2 || lengths[2] > 2))
    return DATE_BAD;
  if (lengths[0] != 4 && (lengths[1] > 2 || (order == MUTUAL_DATE_ORDER_YMD ? lengths[2] > 2 : lengths[0] > 2)))
    return DATE_BAD;
  if (month < 1 || month > 12 || day < 1 || day > mutual_date_days_in_month (year, month))
    return (csv->order_given || csv->order != MUTUAL_DATE_ORDER_UNKNOWN)
           && lengths[0] != 4 && values[0] <= 31 && values[1] <= 31 ? DATE_AGAINST : DATE_BAD;
  *out = mutual_date_make (year, month, day);
  if (!mutual_date_valid (*out))
    return DATE_BAD;

  /* A date that shows the order settles the file's, so that a later
   * "03/04/2025" is read the same way and one that contradicts it is
   * refused. */
  if (lengths[0] != 4 && !csv->order_given && values[0] != values[1]
      && (values[0] > 12 || values[1] > 12))
    {
      if (csv->order == MUTUAL_DATE_ORDER_UNKNOWN)
        csv->order = order;
      else if (csv->order != order)
        return DATE_AGAINST;
    }
  return DATE_OK;
}

/* Time spent: decimal hours ("1.5", "1,5"), "h:mm" or "h:mm:ss"; into
 * whole minutes, rounded half up. */
static gboolean
parse_duration (const char *text,
                gint64     *minutes)
{
  const char *p = text;
  guint64 parts[3] = { 0 };
  int n = 0;

  if (strchr (text, ':'))
    {
      for (;;)
        {
          const char *start = p;

          while (g_ascii_isdigit (*p))
            {
              if (parts[n] > (guint64) MUTUAL_MINUTES_MAX * 60)
                return FALSE;
              parts[n] = parts[n] * 10 + (guint64) (*p - '0');
              p++;
            }
          if (p == start || (n > 0 && p - start != 2) || (n > 0 && parts[n] > 59))
            return FALSE;
          n++;
          if (*p != ':' || n == 3)
            break;
          p++;
        }
      if (*p != '\0' || n < 2)
        return FALSE;
      {
        guint64 seconds = parts[0] * 3600 + parts[1] * 60 + (n == 3 ? parts[2] : 0);

        *minutes = (gint64) ((seconds + 30) / 60);
      }
    }
  else
    {
      guint64 whole = 0, numerator = 0, denominator = 1;

      while (g_ascii_isdigit (*p))
        {
          if (whole > (guint64) MUTUAL_MINUTES_MAX)
            return FALSE;
          whole = whole * 10 + (guint64) (*p++ - '0');
        }
      if (p == text)
        return FALSE;
      if (*p == '.' || *p == ',')
        {
          p++;
          while (g_ascii_isdigit (*p))
            {
              if (denominator < G_GUINT64_CONSTANT (1000000000))
                {
                  numerator = numerator * 10 + (guint64) (*p - '0');
                  denominator *= 10;
                }
              p++;
            }
        }
      if (*p != '\0')
        return FALSE;
      *minutes = (gint64) (whole * 60 + (numerator * 60 * 2 + denominator) / (2 * denominator));
    }
  return *minutes <= MUTUAL_MINUTES_MAX;
}

static gboolean
parse_whole (const char *text,
             gint64     *out)
{
  guint64 v = 0;
  const char *p = text;

  for (; g_ascii_isdigit (*p); p++)
    {
      if (v > (guint64) MUTUAL_VALUE_MAX)
        return FALSE;
      v = v * 10 + (guint64) (*p - '0');
    }
  if (p == text || *p != '\0')
    return FALSE;
  *out = (gint64) v;
  return TRUE;
}

static gboolean
word_in (const char *text,
         const char *words)
{
  gsize length = strlen (text);

  /* Called for each row: no list is made. */
  for (const char *word = words; *word; )
    {
      const char *end = strchr (word, '|');
      gsize n = end ? (gsize) (end - word) : strlen (word);

      if (n == length && g_ascii_strncasecmp (text, word, n) == 0)
        return TRUE;
      if (end == NULL)
        break;
      word = end + 1;
    }
  return FALSE;
}

/* The header */

/* Whether @header is @pattern ("Amount (*)": any code in parentheses,
 * which goes to @currency). */
static gboolean
header_matches (const char  *header,
                const char  *pattern,
                char       **currency)
{
  gsize n = strlen (pattern);

  if (n > 3 && strcmp (pattern + n - 3, "(*)") == 0)
    {
      gsize prefix = n - 2;   /* through "(" */
      gsize h = strlen (header);

      if (h < prefix + 1 || g_ascii_strncasecmp (header, pattern, prefix) != 0
          || header[h - 1] != ')')
        return FALSE;
      if (currency)
        {
          g_free (*currency);
          *currency = g_strndup (header + prefix, h - 1 - prefix);
          g_strstrip (*currency);
          if (**currency == '\0')
            g_clear_pointer (currency, g_free);
        }
      return TRUE;
    }
  {
    g_autofree char *a = g_utf8_casefold (header, -1);
    g_autofree char *b = g_utf8_casefold (pattern, -1);

    return strcmp (a, b) == 0;
  }
}

/* The column of @alternatives ("Customer|Kunde") in @headers, -1 if
 * none. */
static int
find_column (GPtrArray   *headers,
             const char  *alternatives,
             char       **currency)
{
  g_auto(GStrv) list = g_strsplit (alternatives, "|", -1);

  for (guint k = 0; list[k]; k++)
    for (guint i = 0; i < headers->len; i++)
      if (header_matches (headers->pdata[i], list[k], currency))
        return (int) i;
  return -1;
}

static gboolean
preset_fits (const Preset *preset,
             GPtrArray    *headers)
{
  for (guint k = 0; k < preset->n_detect; k++)
    if (find_column (headers, preset->columns[preset->detect[k]], NULL) < 0)
      return FALSE;
  return TRUE;
}

static const Preset *
find_preset (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (presets); i++)
    if (strcmp (presets[i].name, name) == 0)
      return &presets[i];
  return NULL;
}

static char *
preset_list (void)
{
  return g_strjoinv (", ", (char **) preset_names);
}

char **
mutual_import_csv_split_map (const char  *map,
                             GError     **error)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  const char *p = map;

  g_return_val_if_fail (map != NULL, NULL);

  while (*p)
    {
      const char *start = p;
      const char *eq = NULL;
      g_autoptr(GString) column = g_string_new (NULL);
      gboolean quoted = FALSE;
      gboolean opened = FALSE;

      for (; *p && *p != ',' && *p != '='; p++)
        ;
      if (*p == '=')
        eq = p++;
      while (*p == ' ')
        p++;
      if (eq != NULL && *p == '"')
        {
          opened = TRUE;
          /* "Header, with a comma", "" for a quote. */
          for (p++; *p; p++)
            {
              if (*p == '"' && p[1] == '"')
                g_string_append_c (column, *p++);
              else if (*p == '"')
                break;
              else
                g_string_append_c (column, *p);
            }
          quoted = *p == '"';
          if (quoted)
            p++;
          while (*p == ' ')
            p++;
        }
      else
        for (; *p && *p != ','; p++)
          g_string_append_c (column, *p);

      if (eq == NULL || eq == start || opened != quoted || (!quoted && g_strstrip (column->str)[0] == '\0')
          || (*p != ',' && *p != '\0') || (quoted && column->len == 0))
        {
          g_autofree char *pair = g_strndup (start, strcspn (start, ","));

          g_set_error (error, MUTUAL_ERROR, MUTUAL_ERROR_DATA,
                       _("--map: “%s” is not FIELD=COLUMN."), pair);
          return NULL;
        }
      g_ptr_array_add (parts, g_strstrip (g_strndup (start, (gsize) (eq - start))));
      g_ptr_array_add (parts, quoted ? g_string_free (g_steal_pointer (&column), FALSE)
                                     : g_strstrip (g_string_free (g_steal_pointer (&column), FALSE)));
      if (*p == ',')
        p++;
    }
  g_ptr_array_add (parts, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&parts), FALSE);
}

void
mutual_import_csv_append_map (GString    *map,
                              const char *field,
                              const char *column)
{
  gsize length = strlen (column);

  g_return_if_fail (map != NULL && field != NULL && column != NULL);

  if (map->len > 0)
    g_string_append_c (map, ',');
  g_string_append_printf (map, "%s=", field);
  if (strpbrk (column, ",\"") == NULL && length > 0 && column[0] != ' ' && column[length - 1] != ' ')
    {
      g_string_append (map, column);
      return;
    }
  g_string_append_c (map, '"');
  for (const char *c = column; *c; c++)
    {
      if (*c == '"')
        g_string_append_c (map, '"');
      g_string_append_c (map, *c);
    }
  g_string_append_c (map, '"');
}

/* --map=FIELD=COLUMN,…: a column by its header or its 1-based number. */
static gboolean
apply_map (Csv        *csv,
           GPtrArray  *headers,
           const char *map,
           GError    **error)
{
  g_auto(GStrv) pairs = mutual_import_csv_split_map (map, error);
  gboolean seen[F_PROJECT] = { FALSE };

  if (pairs == NULL)
    return FALSE;
  for (guint i = 0; pairs[i]; i += 2)
    {
      const char *field = pairs[i];
      const char *column = pairs[i + 1];
      int f = -1, c = -1, number;

      for (int k = 0; k < F_PROJECT; k++)
        if (g_ascii_strcasecmp (field, field_words[k]) == 0)
          f = k;
      if (f < 0)
        {
          g_set_error (error, MUTUAL_ERROR, MUTUAL_ERROR_DATA,
                       _("--map: “%s” is not a field; the fields are counterparty, date, direction, sign, kind, value, amount, minutes, duration, seconds, note, currency, billable, id, number, email and iban."),
                       field);
          return FALSE;
        }
      if (seen[f])
        {
          /* TRANSLATORS: %s is a field of --map, such as date */
          g_set_error (error, MUTUAL_ERROR, MUTUAL_ERROR_DATA,
                       _("--map: the field “%s” is given more than once."), field);
          return FALSE;
        }
      seen[f] = TRUE;
      if (parse_small (column, strlen (column), &number))
        c = number >= 1 && (guint) number <= headers->len ? number - 1 : -2;
      else
        {
          for (guint k = 0; k < headers->len && c < 0; k++)
            if (header_matches (headers->pdata[k], column, NULL))
              c = (int) k;
        }
      if (c < 0)
        {
          g_set_error (error, MUTUAL_ERROR, MUTUAL_ERROR_DATA,
                       _("--map: the file “%s” has no column “%s”."), csv->name, column);
          return FALSE;
        }
      csv->column[f] = c;
    }
  return TRUE;
}

static gboolean
read_header (Csv      *csv,
             GError  **error)
{
  g_autoptr(GPtrArray) headers = g_ptr_array_new_with_free_func (g_free);
  const MutualImportOptions *options = csv->options;

  do
    {
      GError *local = NULL;

      if (!read_row (csv, &local))
        {
          if (local)
            g_propagate_error (error, local);
          else
            g_set_error (error, MUTUAL_ERROR, MUTUAL_ERROR_DATA,
                         _("The file “%s” is empty; a CSV file starts with a header line."), csv->name);
          return FALSE;
        }
    }
  while (row_is_blank (csv));

  for (guint i = 0; i < n_fields (csv); i++)
    {
      g_autoptr(GString) scratch = g_string_new (NULL);
      const char *text = field_text (csv, i, scratch, error);

      if (text == NULL)
        return FALSE;
      g_ptr_array_add (headers, g_strstrip (g_strdup (text)));
    }

  for (int f = 0; f < N_FIELDS; f++)
    csv->column[f] = -1;

  if (options->preset)
    {
      csv->preset = find_preset (options->preset);
      if (csv->preset == NULL)
        {
          g_autofree char *list = preset_list ();

          g_set_error (error, MUTUAL_ERROR, MUTUAL_ERROR_DATA,
                       _("--preset: “%s” is not one of %s."), options->preset, list);
          return FALSE;
        }
    }
  else if (options->map == NULL)
    {
      for (guint i = 0; i < G_N_ELEMENTS (presets) && csv->preset == NULL; i++)
        if (preset_fits (&presets[i], headers))
          csv->preset = &presets[i];
      if (csv->preset == NULL)
        {
          g_autofree char *list = preset_list ();

          g_set_error (error, MUTUAL_ERROR, MUTUAL_ERROR_DATA,
                       _("The columns of “%s” are not those of any preset (%s); name them with --map=FIELD=COLUMN,…."),
                       csv->name, list);
          return FALSE;
        }
    }

  csv->rule = csv->preset ? csv->preset->rule : RULE_MAP;
  if (csv->preset)
    {
      for (int f = 0; f < N_FIELDS; f++)
        if (csv->preset->columns[f])
          csv->column[f] = find_column (headers, csv->preset->columns[f],
                                        f == F_VALUE || f == F_AMOUNT ? &csv->header_currency : NULL);
      /* A preset named on the command line must fit the file. */
      for (guint k = 0; k < csv->preset->n_detect; k++)
        {
          Field f = csv->preset->detect[k];

          if (csv->column[f] < 0 && options->map == NULL)
            {
              g_autofree char *first = g_strdup (csv->preset->columns[f]);

              first[strcspn (first, "|")] = '\0';
              g_set_error (error, MUTUAL_ERROR, MUTUAL_ERROR_DATA,
                           _("The file “%s” has no column “%s”, which the preset %s reads."),
                           csv->name, first, csv->preset->name);
              return FALSE;
            }
        }
    }
  if (options->map && !apply_map (csv, headers, options->map, error))
    return FALSE;

  if (csv->column[F_COUNTERPARTY] < 0 && csv->column[F_IBAN] < 0 && csv->column[F_EMAIL] < 0)
    {
      g_set_error (error, MUTUAL_ERROR, MUTUAL_ERROR_DATA,
                   _("No column of “%s” names the counterparty; give one with --map=counterparty=COLUMN."),
                   csv->name);
      return FALSE;
    }
  if (csv->column[F_DATE] < 0)
    {
      g_set_error (error, MUTUAL_ERROR, MUTUAL_ERROR_DATA,
                   _("No column of “%s” gives the date; give one with --map=date=COLUMN."),
                   csv->name);
      return FALSE;
    }
  return TRUE;
}

/* Rows */

/* Field @f of the row, trimmed, converted; "" when the file has no such
 * column or the row is short. NULL on an error. */
static const char *
get (Csv      *csv,
     Field     f,
     GError  **error)
{
  int c = csv->column[f];
  const char *text;

  if (c < 0 || (guint) c >= n_fields (csv))
    return "";
  text = field_text (csv, (guint) c, csv->text[f], error);
  if (text == NULL)
    return NULL;
  /* The row's buffer or the field's own: either is ours to trim. */
  return trim ((char *) text);
}

#define COLUMN(f) ((guint) csv->column[f] + 1)

static gboolean
parse_flag (const char *text,
            gboolean   *out)
{
  if (*text == '\0' || word_in (text, "0|no|n|false|nein|non|-"))
    *out = FALSE;
  else if (word_in (text, "1|yes|y|true|ja|oui|x|billable|abrechenbar"))
    *out = TRUE;
  else
    return FALSE;
  return TRUE;
}

/* A field's text as an error message shows it: one line, and not the
 * whole of a hostile megabyte. */
static const char *
shown (Csv        *csv,
       const char *text)
{
  GString *out = csv->shown;
  glong n = 0;

  g_string_truncate (out, 0);
  for (const char *p = text; *p && n < 40; p = g_utf8_next_char (p), n++)
    {
      if ((guchar) *p < 0x20 || *p == 0x7f)
        g_string_append_c (out, ' ');
      else
        g_string_append_len (out, p, g_utf8_next_char (p) - p);
    }
  if (g_utf8_strlen (text, -1) > 40)
    g_string_append (out, "…");
  return out->str;
}

static gboolean
row_to_record (Csv      *csv,
               GError  **error)
{
  MutualImportRecord *r = &csv->record;
  const char *text;
  const char *currency;
  int digits;
  gboolean negative = FALSE;
  gboolean billable = TRUE;
  gboolean have_direction = FALSE;

  r->line = csv->row_line;
  r->column = r->counterparty_column = 0;
  r->counterparty = r->iban = r->email = r->number = r->note = r->currency = r->source_id = NULL;
  r->minutes = -1;
  r->value = 0;
  r->direction = MUTUAL_DIRECTION_GIVEN;
  r->kind = MUTUAL_KIND_WORK;

  if ((text = get (csv, F_COUNTERPARTY, error)) == NULL)
    return FALSE;
  r->counterparty = (char *) text;
#define OPTIONAL_TEXT(field, member) \
  G_STMT_START { \
    if ((text = get (csv, field, error)) == NULL) \
      return FALSE; \
    r->member = *text ? (char *) text : NULL; \
  } G_STMT_END
  OPTIONAL_TEXT (F_IBAN, iban);
  OPTIONAL_TEXT (F_EMAIL, email);
  OPTIONAL_TEXT (F_NUMBER, number);
  OPTIONAL_TEXT (F_ID, source_id);
  OPTIONAL_TEXT (F_NOTE, note);
  if (r->note == NULL)
    OPTIONAL_TEXT (F_PROJECT, note);
  OPTIONAL_TEXT (F_CURRENCY, currency);
#undef OPTIONAL_TEXT
  if (r->currency == NULL && csv->header_currency)
    r->currency = csv->header_currency;
  currency = r->currency ? r->currency : mutual_record_sink_get_currency (csv->sink);
  digits = mutual_currency_digits (currency);
  if (digits < 0)
    digits = mutual_record_sink_get_digits (csv->sink);

  /* The date */
  if ((text = get (csv, F_DATE, error)) == NULL)
    return FALSE;
  if (*text == '\0')
    {
      fail (csv, COLUMN (F_DATE), error, _("The date is missing."));
      return FALSE;
    }
  switch (parse_date (csv, text, &r->date))
    {
    case DATE_OK:
      break;
    case DATE_AMBIGUOUS:
      fail (csv, COLUMN (F_DATE), error,
            _("“%s” could be a day then a month or a month then a day; say which with --date-order=dmy or --date-order=mdy."),
            shown (csv, text));
      return FALSE;
    case DATE_AGAINST:
      fail (csv, COLUMN (F_DATE), error,
            _("“%s” is not a date in the order of the file’s other dates (or of --date-order)."), shown (csv, text));
      return FALSE;
    case DATE_BAD:
    default:
      fail (csv, COLUMN (F_DATE), error, _("“%s” is not a date."), shown (csv, text));
      return FALSE;
    }

  /* How much */
  if ((text = get (csv, F_AMOUNT, error)) == NULL)
    return FALSE;
  if (*text)
    {
      if (!parse_amount (text, digits, csv->decimal, &negative, &r->value))
        {
          fail (csv, COLUMN (F_AMOUNT), error, _("“%s” is not an amount."), shown (csv, text));
          return FALSE;
        }
      r->direction = negative ? MUTUAL_DIRECTION_GIVEN : MUTUAL_DIRECTION_RECEIVED;
      r->kind = MUTUAL_KIND_PAYMENT;
      have_direction = TRUE;
    }
  if ((text = get (csv, F_VALUE, error)) == NULL)
    return FALSE;
  if (*text)
    {
      if (!parse_amount (text, digits, csv->decimal, &negative, &r->value))
        {
          fail (csv, COLUMN (F_VALUE), error, _("“%s” is not an amount."), shown (csv, text));
          return FALSE;
        }
      if (negative)
        {
          fail (csv, COLUMN (F_VALUE), error,
                _("“%s” is negative; a value is never negative (map a signed column as amount)."), shown (csv, text));
          return FALSE;
        }
    }

  /* How long */
  if ((text = get (csv, F_DURATION, error)) == NULL)
    return FALSE;
  if (*text && !parse_duration (text, &r->minutes))
    {
      fail (csv, COLUMN (F_DURATION), error,
            _("“%s” is not a time such as 1.5 (hours), 1:30 or 1:30:00."), shown (csv, text));
      return FALSE;
    }
  if ((text = get (csv, F_MINUTES, error)) == NULL)
    return FALSE;
  if (*text && (!parse_whole (text, &r->minutes) || r->minutes > MUTUAL_MINUTES_MAX))
    {
      fail (csv, COLUMN (F_MINUTES), error, _("“%s” is not a whole number of minutes."), shown (csv, text));
      return FALSE;
    }
  if ((text = get (csv, F_SECONDS, error)) == NULL)
    return FALSE;
  if (*text)
    {
      gint64 seconds;

      if (!parse_whole (text, &seconds) || seconds / 60 > MUTUAL_MINUTES_MAX)
        {
          fail (csv, COLUMN (F_SECONDS), error, _("“%s” is not a whole number of seconds."), shown (csv, text));
          return FALSE;
        }
      r->minutes = (seconds + 30) / 60;
    }

  /* Which way, and what */
  if ((text = get (csv, F_BILLABLE, error)) == NULL)
    return FALSE;
  if (csv->column[F_BILLABLE] >= 0 && !parse_flag (text, &billable))
    {
      fail (csv, COLUMN (F_BILLABLE), error, _("“%s” is neither yes nor no."), shown (csv, text));
      return FALSE;
    }
  switch (csv->rule)
    {
    case RULE_TIME:
      r->direction = MUTUAL_DIRECTION_GIVEN;
      r->kind = billable ? MUTUAL_KIND_WORK : MUTUAL_KIND_SUPPORT;
      break;
    case RULE_GIVEN_WORK:
      r->direction = MUTUAL_DIRECTION_GIVEN;
      r->kind = MUTUAL_KIND_WORK;
      break;
    case RULE_RECEIVED_PAYMENT:
      r->direction = MUTUAL_DIRECTION_RECEIVED;
      r->kind = MUTUAL_KIND_PAYMENT;
      break;
    case RULE_SIGNED:
      r->kind = MUTUAL_KIND_PAYMENT;
      break;
    case RULE_MAP:
    default:
      if (!have_direction)
        r->kind = billable ? MUTUAL_KIND_WORK : MUTUAL_KIND_SUPPORT;
      break;
    }

  if ((text = get (csv, F_SIGN, error)) == NULL)
    return FALSE;
  if (*text)
    {
      if (word_in (text, "+|c|cr|credit|h|haben|in|received"))
        r->direction = MUTUAL_DIRECTION_RECEIVED;
      else if (word_in (text, "-|d|dr|debit|s|soll|out|given"))
        r->direction = MUTUAL_DIRECTION_GIVEN;
      else
        {
          fail (csv, COLUMN (F_SIGN), error, _("“%s” is neither credit nor debit."), shown (csv, text));
          return FALSE;
        }
      if (csv->column[F_KIND] < 0 && csv->rule == RULE_MAP)
        r->kind = MUTUAL_KIND_PAYMENT;
    }
  if ((text = get (csv, F_DIRECTION, error)) == NULL)
    return FALSE;
  if (*text && !mutual_direction_from_string (text, &r->direction))
    {
      fail (csv, COLUMN (F_DIRECTION), error, _("“%s” is neither given nor received."), shown (csv, text));
      return FALSE;
    }
  if ((text = get (csv, F_KIND, error)) == NULL)
    return FALSE;
  if (*text && !mutual_kind_from_string (text, &r->kind))
    {
      fail (csv, COLUMN (F_KIND), error,
            _("The kind “%s” is not one of payment, work, discount, advice, referral, introduction, testimonial, feedback, support, gift, other."),
            shown (csv, text));
      return FALSE;
    }

  /* The sink's checks name the note's column, the likeliest culprit. */
  r->column = r->note && csv->column[F_NOTE] >= 0 ? COLUMN (F_NOTE)
              : csv->column[F_COUNTERPARTY] >= 0 ? COLUMN (F_COUNTERPARTY) : 0;
  r->counterparty_column = csv->column[F_COUNTERPARTY] >= 0 ? COLUMN (F_COUNTERPARTY) : 0;
  return TRUE;
}

gboolean
mutual_import_csv_stream (MutualRecordSink           *sink,
                          GInputStream               *stream,
                          const char                 *display_name,
                          guint64                     size,
                          const MutualImportOptions  *options,
                          MutualProgressFunc          progress,
                          gpointer                    progress_data,
                          GCancellable               *cancellable,
                          GError                    **error)
{
  static GOnce once = G_ONCE_INIT;
  static const MutualImportOptions defaults = { 0 };
  g_autoptr(GInputStream) buffered = NULL;
  g_autoptr(GInputStream) converted = NULL;
  g_autofree guchar *buf = NULL;
  Csv csv = { 0 };
  gboolean ok = TRUE;
  const guchar *head;
  gsize head_length = 0;
  GError *local = NULL;

  g_return_val_if_fail (sink != NULL, FALSE);
  g_return_val_if_fail (G_IS_INPUT_STREAM (stream), FALSE);

  g_once (&once, make_cp1252, NULL);
  if (options == NULL)
    options = &defaults;

  /* A look at the first bytes: a byte order mark, the header line. */
  if (G_IS_BUFFERED_INPUT_STREAM (stream))
    buffered = g_object_ref (stream);
  else
    buffered = g_buffered_input_stream_new_sized (stream, READ_CHUNK);
  if (g_buffered_input_stream_fill (G_BUFFERED_INPUT_STREAM (buffered), 4, cancellable, &local) < 0)
    {
      g_set_error (error, MUTUAL_ERROR, MUTUAL_ERROR_DATA,
                   _("The file “%s” could not be read: %s."), display_name, local->message);
      g_error_free (local);
      return FALSE;
    }
  head = g_buffered_input_stream_peek_buffer (G_BUFFERED_INPUT_STREAM (buffered), &head_length);
  csv.stream = buffered;
  if (head_length >= 2 && ((head[0] == 0xff && head[1] == 0xfe) || (head[0] == 0xfe && head[1] == 0xff)))
    {
      /* Excel's "Unicode text": UTF-16, whose byte order mark iconv reads. */
      g_autoptr(GCharsetConverter) converter = g_charset_converter_new ("UTF-8", "UTF-16", &local);

      if (converter == NULL)
        {
          g_propagate_error (error, local);
          return FALSE;
        }
      converted = g_converter_input_stream_new (buffered, G_CONVERTER (converter));
      csv.stream = converted;
      csv.encoding = ENCODING_UTF8;
    }
  else if (head_length >= 3 && head[0] == 0xef && head[1] == 0xbb && head[2] == 0xbf)
    {
      g_input_stream_skip (buffered, 3, cancellable, NULL);
      csv.encoding = ENCODING_UTF8;
    }

  csv.sink = sink;
  csv.name = display_name ? display_name : "-";
  csv.options = options;
  csv.cancellable = cancellable;
  csv.progress = progress;
  csv.progress_data = progress_data;
  csv.size = size;
  csv.buf = buf = g_malloc (READ_CHUNK);
  /* Each row writes only its own bytes of it. */
  csv.row = g_malloc (MAX_ROW_BYTES + 1);
  csv.starts_size = 64;
  csv.starts = g_new (guint, csv.starts_size);
  csv.line = 1;
  csv.order = options->date_order;
  csv.order_given = options->date_order != MUTUAL_DATE_ORDER_UNKNOWN;
  for (int f = 0; f < N_FIELDS; f++)
    csv.text[f] = g_string_new (NULL);
  csv.shown = g_string_new (NULL);

  /* The delimiter, from the header line in the first chunk. */
  if (!refill (&csv, error))
    {
      if (error && *error == NULL)
        g_set_error (error, MUTUAL_ERROR, MUTUAL_ERROR_DATA,
                     _("The file “%s” is empty; a CSV file starts with a header line."), csv.name);
      ok = FALSE;
    }
  if (ok)
    {
      set_delimiter (&csv, detect_delimiter (csv.buf, csv.len));
      csv.decimal = csv.delimiter == ';' ? ',' : '.';
      ok = read_header (&csv, error);
    }

  while (ok)
    {
      local = NULL;
      if (!read_row (&csv, &local))
        {
          if (local)
            {
              g_propagate_error (error, local);
              ok = FALSE;
            }
          break;
        }
      if (row_is_blank (&csv))
        continue;
      ok = row_to_record (&csv, error) && mutual_record_sink_add_unowned (sink, &csv.record, error);
    }

  g_free (csv.row);
  g_free (csv.starts);
  for (int f = 0; f < N_FIELDS; f++)
    g_string_free (csv.text[f], TRUE);
  g_string_free (csv.shown, TRUE);
  g_free (csv.header_currency);
  return ok;
}
