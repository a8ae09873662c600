/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mutual-import-bank"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "mutual-error.h"
#include "mutual-import-bank-private.h"
#include "mutual-money.h"

/* QIF, as Quicken, GnuCash, HomeBank and many banks write it: "!Type:"
 * sections of records, one field a line (a letter, then its value), "^"
 * ending each record. Bank, cash, credit card and other asset or
 * liability registers are read; investment registers and the lists
 * (accounts, categories, classes, memorized payees, prices, securities)
 * are skipped; any other section is refused. A date's order of day and
 * month is the same for the whole file: a date whose first or second
 * number is over 12 decides it, else --date-order, else the file is
 * refused. So the file is read twice: once for the order, once for the
 * records. */

#define READ_CHUNK (64 * 1024)

typedef enum
{
  SECTION_NONE,         /* before the first "!Type:" */
  SECTION_REGISTER,     /* Bank, Cash, CCard, Oth A, Oth L */
  SECTION_SKIPPED,
} Section;

typedef struct
{
  const MutualBankInput *in;
  GError               **error;
  gboolean               emitting;    /* the second pass */
  MutualDateOrder        order;       /* decided by the first */

  /* Lines */
  char     *buffer;
  gsize     buffer_length, buffer_at;
  GString  *line;
  guint64   line_number;
  gboolean  eof;

  /* The first pass's findings about dates */
  guint64   day_first_line, month_first_line, ambiguous_line;
  char     *day_first_text, *month_first_text, *ambiguous_text;

  Section   section;
  gboolean  seen_register;

  /* The record being read */
  guint64   record_line;
  gboolean  in_record;
  char     *date;
  guint64   date_line;
  char     *amount;
  guint64   amount_line;
  char     *payee;
  char     *memo;
  GString  *split_memos;
  gint64    split_total;
  gboolean  has_splits;
  guint64   split_line;
} Qif;

static gboolean qif_fail (Qif *qif, guint64 line, const char *format, ...) G_GNUC_PRINTF (3, 4);

static gboolean
qif_fail (Qif        *qif,
          guint64     line,
          const char *format,
          ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  mutual_bank_fail (qif->error, qif->in->name, line, 1, "%s", message);
  return FALSE;
}

static void
record_clear (Qif *qif)
{
  qif->in_record = FALSE;
  g_clear_pointer (&qif->date, g_free);
  g_clear_pointer (&qif->amount, g_free);
  g_clear_pointer (&qif->payee, g_free);
  g_clear_pointer (&qif->memo, g_free);
  g_string_truncate (qif->split_memos, 0);
  qif->split_total = 0;
  qif->has_splits = FALSE;
}

/* Dates */

typedef struct
{
  int  first, second, year;   /* as written; year -1 when first is the year */
  int  year_digits;          /* -4 when the year comes first */
} DateParts;

/* "12/31/2025", "12/31'25", "31.12.2025", "2025-12-31", " 1/ 2'98". */
static gboolean
split_date (const char *text,
            DateParts  *parts)
{
  int fields[3] = { 0, 0, 0 };
  int digits[3] = { 0, 0, 0 };
  const char *p = text;

  for (int f = 0; f < 3; f++)
    {
      while (*p == ' ')
        p++;
      while (g_ascii_isdigit (*p) && digits[f] < 5)
        {
          fields[f] = fields[f] * 10 + (*p - '0');
          digits[f]++;
          p++;
        }
      if (digits[f] == 0 || digits[f] > 4)
        return FALSE;
      while (*p == ' ')
        p++;
      if (f < 2)
        {
          if (*p != '/' && *p != '.' && *p != '-' && *p != '\'')
            return FALSE;
          p++;
        }
    }
  if (*p != '\0')
    return FALSE;
  if (digits[0] == 4)
    {
      /* Year first: never ambiguous. */
      if (digits[1] > 2 || digits[2] > 2)
        return FALSE;
      parts->year = fields[0];
      parts->first = fields[1];     /* month */
      parts->second = fields[2];    /* day */
      parts->year_digits = -4;
      return TRUE;
    }
  if (digits[0] > 2 || digits[1] > 2 || (digits[2] != 2 && digits[2] != 4))
    return FALSE;
  parts->first = fields[0];
  parts->second = fields[1];
  parts->year = fields[2];
  parts->year_digits = digits[2];
  return TRUE;
}

static gboolean
date_invalid (Qif        *qif,
              guint64     line,
              const char *text)
{
  return qif_fail (qif, line,
                   _("The date “%s” is not a date such as 12/31/2025, 31.12.2025 or 2025-12-31."),
                   text);
}

/* The first pass: what the date says about the order of day and month. */
static gboolean
note_date (Qif        *qif,
           guint64     line,
           const char *text)
{
  DateParts parts;

  if (!split_date (text, &parts))
    return date_invalid (qif, line, text);
  if (parts.year_digits < 0 || parts.first == parts.second)
    return TRUE;
  if (parts.first > 12 && parts.second > 12)
    return date_invalid (qif, line, text);
  if (parts.first > 12 && qif->day_first_line == 0)
    {
      qif->day_first_line = line;
      qif->day_first_text = g_strdup (text);
    }
  else if (parts.second > 12 && qif->month_first_line == 0)
    {
      qif->month_first_line = line;
      qif->month_first_text = g_strdup (text);
    }
  else if (parts.first <= 12 && parts.second <= 12 && qif->ambiguous_line == 0)
    {
      qif->ambiguous_line = line;
      qif->ambiguous_text = g_strdup (text);
    }
  return TRUE;
}

static gboolean
decide_order (Qif *qif)
{
  if (qif->day_first_line && qif->month_first_line)
    {
      gboolean day_later = qif->day_first_line > qif->month_first_line;

      return qif_fail (qif, day_later ? qif->day_first_line : qif->month_first_line,
                       day_later ? _("The date “%s” has its day first, but the date on line %d has its month first; a file has one order.")
                                 : _("The date “%s” has its month first, but the date on line %d has its day first; a file has one order."),
                       day_later ? qif->day_first_text : qif->month_first_text,
                       (int) MIN (day_later ? qif->month_first_line : qif->day_first_line, (guint64) G_MAXINT));
    }
  if (qif->day_first_line)
    qif->order = MUTUAL_DATE_ORDER_DMY;
  else if (qif->month_first_line)
    qif->order = MUTUAL_DATE_ORDER_MDY;
  else if (qif->ambiguous_line)
    {
      if (qif->in->date_order != MUTUAL_DATE_ORDER_DMY && qif->in->date_order != MUTUAL_DATE_ORDER_MDY)
        return qif_fail (qif, qif->ambiguous_line,
                         _("The date “%s” could have its day or its month first, and no date in the file tells which; pass --date-order=dmy or --date-order=mdy."),
                         qif->ambiguous_text);
      qif->order = qif->in->date_order;
    }
  return TRUE;
}

static gboolean
make_date (Qif        *qif,
           guint64     line,
           const char *text,
           MutualDate *out)
{
  DateParts parts;
  int year, month, day;

  if (!split_date (text, &parts))
    return date_invalid (qif, line, text);
  if (parts.year_digits < 0)
    {
      year = parts.year;
      month = parts.first;
      day = parts.second;
    }
  else
    {
      year = parts.year;
      /* Two digits: Quicken's years, 1970 to 2069. */
      if (parts.year_digits == 2)
        year += year < 70 ? 2000 : 1900;
      month = qif->order == MUTUAL_DATE_ORDER_DMY ? parts.second : parts.first;
      day = qif->order == MUTUAL_DATE_ORDER_DMY ? parts.first : parts.second;
    }
  if (month < 1 || month > 12 || day < 1 || year < 1900
      || day > mutual_date_days_in_month (year, month))
    return date_invalid (qif, line, text);
  *out = mutual_date_make (year, month, day);
  if (!mutual_date_valid (*out))
    return date_invalid (qif, line, text);
  return TRUE;
}

/* Records */

static gboolean
record_end (Qif *qif)
{
  const MutualBankInput *in = qif->in;
  g_autoptr(MutualImportRecord) record = NULL;
  g_autofree char *why = NULL;
  gint64 value = 0;
  gboolean negative = FALSE;

  if (!qif->in_record)
    return TRUE;   /* an empty record: nothing to read */
  if (qif->date == NULL)
    return qif_fail (qif, qif->record_line, _("The transaction has no date (a “D” line)."));
  if (qif->amount == NULL && !qif->has_splits)
    return qif_fail (qif, qif->record_line, _("The transaction has no amount (a “T” line)."));
  if (qif->amount)
    {
      why = mutual_bank_parse_amount (qif->amount, in->digits,
                                      MUTUAL_BANK_AMOUNT_SIGNED | MUTUAL_BANK_AMOUNT_GROUPED,
                                      &value, &negative);
      if (why)
        return qif_fail (qif, qif->amount_line, "%s", why);
    }
  else
    {
      /* Splits without a total: theirs is the transaction's. */
      negative = qif->split_total < 0;
      value = negative ? -qif->split_total : qif->split_total;
      if (value > MUTUAL_VALUE_MAX)
        return qif_fail (qif, qif->split_line, _("The splits add up to more than Mutual allows."));
    }

  if (!qif->emitting)
    {
      gboolean ok = note_date (qif, qif->date_line, qif->date);

      record_clear (qif);
      return ok;
    }

  record = mutual_import_record_new ();
  record->line = qif->record_line;
  record->column = 1;
  if (!make_date (qif, qif->date_line, qif->date, &record->date))
    return FALSE;
  record->direction = negative ? MUTUAL_DIRECTION_GIVEN : MUTUAL_DIRECTION_RECEIVED;
  record->kind = MUTUAL_KIND_PAYMENT;
  record->value = value;
  record->counterparty = mutual_bank_clean_name (g_steal_pointer (&qif->payee));
  if (qif->memo && *qif->memo && qif->split_memos->len > 0)
    record->note = g_strdup_printf ("%s; %s", qif->memo, qif->split_memos->str);
  else if (qif->memo && *qif->memo)
    record->note = g_strdup (qif->memo);
  else if (qif->split_memos->len > 0)
    record->note = g_strdup (qif->split_memos->str);
  record->note = mutual_bank_clean_note (record->note);
  record_clear (qif);
  return in->emit (g_steal_pointer (&record), in->emit_data, qif->error);
}

static gboolean
on_header (Qif        *qif,
           const char *text)
{
  static const char *registers[] = { "Bank", "Cash", "CCard", "Oth A", "Oth L" };
  static const char *skipped[] = {
    "Invst", "Cat", "Class", "Memorized", "Prices", "Security", "Budget", "Invoice", "Template",
  };
  g_autofree char *header = g_strstrip (g_strdup (text));

  if (qif->in_record)
    return qif_fail (qif, qif->line_number,
                     _("A new section begins before the record on line %d has ended with “^”."),
                     (int) MIN (qif->record_line, (guint64) G_MAXINT));
  if (g_ascii_strncasecmp (header, "!Type:", 6) == 0)
    {
      const char *type = header + 6;

      for (gsize i = 0; i < G_N_ELEMENTS (registers); i++)
        if (g_ascii_strcasecmp (type, registers[i]) == 0)
          {
            qif->section = SECTION_REGISTER;
            qif->seen_register = TRUE;
            return TRUE;
          }
      for (gsize i = 0; i < G_N_ELEMENTS (skipped); i++)
        if (g_ascii_strcasecmp (type, skipped[i]) == 0)
          {
            qif->section = SECTION_SKIPPED;
            return TRUE;
          }
      return qif_fail (qif, qif->line_number,
                       _("The section “%s” is not one Mutual reads: QIF files hold Bank, Cash, CCard, Oth A, Oth L, Invst and list sections."),
                       type);
    }
  if (g_ascii_strcasecmp (header, "!Account") == 0)
    {
      qif->section = SECTION_SKIPPED;
      return TRUE;
    }
  /* "!Option:AutoSwitch", "!Clear:AutoSwitch" and the like: flags for
   * Quicken's account lists, nothing to read. */
  if (g_ascii_strncasecmp (header, "!Option:", 8) == 0 || g_ascii_strncasecmp (header, "!Clear:", 7) == 0)
    return TRUE;
  return qif_fail (qif, qif->line_number, _("The line “%.40s” is not a QIF section header."), header);
}

static void
set_value (char       **field,
           const char  *value)
{
  g_free (*field);
  *field = g_strstrip (mutual_bank_to_utf8 (value, -1));
}

static gboolean
on_line (Qif  *qif,
         char *text)
{
  char code = text[0];
  const char *value = text + (code ? 1 : 0);

  if (qif->line_number == 1 && strncmp (text, "\xef\xbb\xbf", 3) == 0)
    {
      text += 3;
      code = text[0];
      value = text + (code ? 1 : 0);
    }
  if (code == '\0' || (code == ' ' && g_strstrip (text)[0] == '\0'))
    return TRUE;   /* blank lines between records */
  if (code == '!')
    return on_header (qif, text);
  if (qif->section == SECTION_NONE)
    return qif_fail (qif, qif->line_number,
                     _("The file does not begin with a “!Type:” line; it is not a QIF file."));
  if (qif->section == SECTION_SKIPPED)
    return TRUE;

  if (code == '^')
    return record_end (qif);

  if (!qif->in_record)
    {
      qif->in_record = TRUE;
      qif->record_line = qif->line_number;
    }
  switch (code)
    {
    case 'D':
      set_value (&qif->date, value);
      qif->date_line = qif->line_number;
      break;
    case 'T':
    case 'U':
      /* U repeats T in newer Quicken files; T wins. */
      if (code == 'T' || qif->amount == NULL)
        {
          set_value (&qif->amount, value);
          qif->amount_line = qif->line_number;
        }
      break;
    case 'P':
      set_value (&qif->payee, value);
      break;
    case 'M':
      set_value (&qif->memo, value);
      break;
    case 'E':
      {
        g_autofree char *memo = NULL;

        set_value (&memo, value);
        if (*memo)
          {
            if (qif->split_memos->len > 0)
              g_string_append (qif->split_memos, "; ");
            g_string_append (qif->split_memos, memo);
          }
      }
      break;
    case '$':
      {
        g_autofree char *why = NULL;
        gint64 split = 0;
        gboolean negative = FALSE;

        why = mutual_bank_parse_amount (value, qif->in->digits,
                                        MUTUAL_BANK_AMOUNT_SIGNED | MUTUAL_BANK_AMOUNT_GROUPED,
                                        &split, &negative);
        if (why)
          return qif_fail (qif, qif->line_number, "%s", why);
        if (!mutual_money_add (&qif->split_total, negative ? -split : split))
          return qif_fail (qif, qif->line_number, _("The splits add up to more than Mutual allows."));
        qif->has_splits = TRUE;
        qif->split_line = qif->line_number;
      }
      break;
    default:
      /* C cleared, N number, L category, S split category, A address,
       * % split percentage, and the rest: nothing Mutual keeps. */
      break;
    }
  return TRUE;
}

/* The next line into qif->line, without its line break; FALSE at the
 * end or on an error (then *error is set). */
static gboolean
next_line (Qif          *qif,
           GInputStream *stream,
           gboolean     *failed)
{
  g_string_truncate (qif->line, 0);
  for (;;)
    {
      if (qif->buffer_at < qif->buffer_length)
        {
          const char *start = qif->buffer + qif->buffer_at;
          const char *nl = memchr (start, '\n', qif->buffer_length - qif->buffer_at);
          gsize n = nl ? (gsize) (nl - start) : qif->buffer_length - qif->buffer_at;

          if (qif->line->len + n > MUTUAL_BANK_MAX_TOKEN)
            {
              qif_fail (qif, qif->line_number + 1, _("A line is longer than 64 KiB; Mutual does not read such a file."));
              *failed = TRUE;
              return FALSE;
            }
          g_string_append_len (qif->line, start, (gssize) n);
          qif->buffer_at += n + (nl ? 1 : 0);
          if (nl)
            break;
          continue;
        }
      if (qif->eof)
        {
          if (qif->line->len == 0)
            return FALSE;
          break;
        }
      {
        gssize n = mutual_bank_read (qif->in, stream, qif->buffer, READ_CHUNK, qif->error);

        if (n < 0)
          {
            *failed = TRUE;
            return FALSE;
          }
        qif->buffer_length = (gsize) n;
        qif->buffer_at = 0;
        qif->eof = n == 0;
      }
    }
  qif->line_number++;
  if (qif->line->len > 0 && qif->line->str[qif->line->len - 1] == '\r')
    g_string_truncate (qif->line, qif->line->len - 1);
  if (memchr (qif->line->str, '\0', qif->line->len))
    {
      qif_fail (qif, qif->line_number, _("The line holds a zero byte; the file is not text."));
      *failed = TRUE;
      return FALSE;
    }
  return TRUE;
}

static gboolean
read_pass (Qif          *qif,
           GInputStream *stream)
{
  gboolean failed = FALSE;

  qif->line_number = 0;
  qif->buffer_length = qif->buffer_at = 0;
  qif->eof = FALSE;
  qif->section = SECTION_NONE;
  record_clear (qif);

  while (next_line (qif, stream, &failed))
    if (!on_line (qif, qif->line->str))
      return FALSE;
  if (failed)
    return FALSE;
  if (qif->in_record)
    return qif_fail (qif, qif->record_line,
                     _("The file ends inside the record that begins here: it has no closing “^” line."));
  if (qif->section == SECTION_NONE)
    return qif_fail (qif, 1, _("The file does not begin with a “!Type:” line; it is not a QIF file."));
  if (!qif->seen_register)
    return qif_fail (qif, 1, _("The file has no bank, cash or credit card section (“!Type:Bank”, “!Type:Cash”, “!Type:CCard”)."));
  return TRUE;
}

/* Back to where the stream began, or a copy that can go back there. */
static GInputStream *
rewindable (const MutualBankInput  *in,
            GInputStream           *stream,
            GFile                 **temporary,
            GFileIOStream         **io,
            goffset                *start,
            GError                **error)
{
  g_autoptr(GError) local = NULL;

  if (G_IS_SEEKABLE (stream) && g_seekable_can_seek (G_SEEKABLE (stream)))
    {
      *start = g_seekable_tell (G_SEEKABLE (stream));
      return g_object_ref (stream);
    }
  /* A pipe: the file goes to a private temporary file, deleted after. */
  *temporary = g_file_new_tmp ("mutual-qif-XXXXXX", io, &local);
  if (*temporary == NULL
      || g_output_stream_splice (g_io_stream_get_output_stream (G_IO_STREAM (*io)), stream,
                                 G_OUTPUT_STREAM_SPLICE_NONE, in->cancellable, &local) < 0
      || !g_seekable_seek (G_SEEKABLE (*io), 0, G_SEEK_SET, in->cancellable, &local))
    {
      if (g_error_matches (local, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                     _("The import was cancelled; the ledger was left as it was."));
      else
        g_set_error (error, MUTUAL_ERROR, MUTUAL_ERROR_DATA,
                     _("The file “%s” could not be read: %s."), in->name, local->message);
      return NULL;
    }
  *start = 0;
  return g_object_ref (g_io_stream_get_input_stream (G_IO_STREAM (*io)));
}

gboolean
mutual_bank_read_qif (const MutualBankInput  *in,
                      GInputStream           *stream,
                      GError                **error)
{
  g_autoptr(GFile) temporary = NULL;
  g_autoptr(GFileIOStream) io = NULL;
  g_autoptr(GInputStream) source = NULL;
  g_autoptr(GError) local = NULL;
  Qif qif = { 0 };
  goffset start = 0;
  gboolean ok = FALSE;

  source = rewindable (in, stream, &temporary, &io, &start, error);
  if (source == NULL)
    goto out;

  qif.in = in;
  qif.error = error;
  qif.buffer = g_malloc (READ_CHUNK);
  qif.line = g_string_sized_new (256);
  qif.split_memos = g_string_new (NULL);

  if (!read_pass (&qif, source) || !decide_order (&qif))
    goto out;
  if (!g_seekable_seek (G_SEEKABLE (source), start, G_SEEK_SET, in->cancellable, &local))
    {
      g_set_error (error, MUTUAL_ERROR, MUTUAL_ERROR_DATA,
                   _("The file “%s” could not be read: %s."), in->name, local->message);
      goto out;
    }
  qif.emitting = TRUE;
  ok = read_pass (&qif, source);

out:
  if (qif.line)
    {
      record_clear (&qif);
      g_string_free (qif.line, TRUE);
      g_string_free (qif.split_memos, TRUE);
    }
  g_free (qif.buffer);
  g_free (qif.day_first_text);
  g_free (qif.month_first_text);
  g_free (qif.ambiguous_text);
  g_clear_object (&source);
  if (io)
    g_io_stream_close (G_IO_STREAM (io), NULL, NULL);
  if (temporary)
    g_file_delete (temporary, NULL, NULL);
  return ok;
}
