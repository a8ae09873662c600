/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mutual-import-bank"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "mutual-error.h"
#include "mutual-import-bank-private.h"

/* OFX 1.x is SGML whose leaf elements are not closed (<TRNAMT>-12.50 and
 * the next tag), OFX 2.x the same elements as XML, QFX either with
 * Quicken's <INTU.*> elements. One tokenizer reads all of them: a start
 * tag followed by text is a leaf, ended by its end tag or by the next
 * tag; a start tag followed by a tag opens an aggregate, which must be
 * closed by its own end tag. Elements whose kind is not known here are
 * taken as aggregates that the end of their parent may close, so an
 * empty unknown leaf does not break the file. */

#define READ_CHUNK (64 * 1024)
#define MAX_NAME 256
#define MAX_DEPTH 64

typedef enum
{
  K_UNKNOWN,        /* an aggregate or an empty leaf: not known here */
  K_LEAF,
  K_AGGREGATE,      /* known, ignored */
  K_OFX,
  K_STMTRS,
  K_ACCTFROM,
  K_TRANLIST,
  K_STMTTRN,
  K_PAYEE,
  K_CURRENCY,
  K_ORIGCURRENCY,
} Kind;

typedef struct
{
  const char *name;
  Kind        kind;
} KnownName;

/* From the OFX 2.1.1 specification: the aggregates a bank or credit card
 * statement response holds, and the leaves that may be empty. */
static const KnownName known_names[] = {
  { "OFX", K_OFX },
  { "STMTRS", K_STMTRS }, { "CCSTMTRS", K_STMTRS },
  { "BANKACCTFROM", K_ACCTFROM }, { "CCACCTFROM", K_ACCTFROM },
  { "BANKTRANLIST", K_TRANLIST },
  { "STMTTRN", K_STMTTRN },
  { "PAYEE", K_PAYEE },
  { "CURRENCY", K_CURRENCY }, { "ORIGCURRENCY", K_ORIGCURRENCY },
  { "SIGNONMSGSRSV1", K_AGGREGATE }, { "SONRS", K_AGGREGATE }, { "STATUS", K_AGGREGATE },
  { "FI", K_AGGREGATE }, { "BANKMSGSRSV1", K_AGGREGATE }, { "STMTTRNRS", K_AGGREGATE },
  { "CREDITCARDMSGSRSV1", K_AGGREGATE }, { "CCSTMTTRNRS", K_AGGREGATE },
  { "BANKACCTTO", K_AGGREGATE }, { "CCACCTTO", K_AGGREGATE },
  { "LEDGERBAL", K_AGGREGATE }, { "AVAILBAL", K_AGGREGATE }, { "BALLIST", K_AGGREGATE },
  { "BAL", K_AGGREGATE }, { "INVSTMTMSGSRSV1", K_AGGREGATE }, { "INVSTMTTRNRS", K_AGGREGATE },
  { "INVSTMTRS", K_AGGREGATE }, { "INVACCTFROM", K_AGGREGATE }, { "INVTRANLIST", K_AGGREGATE },
  { "INVBANKTRAN", K_AGGREGATE }, { "INVPOSLIST", K_AGGREGATE }, { "INVBAL", K_AGGREGATE },
  { "SECLISTMSGSRSV1", K_AGGREGATE }, { "SECLIST", K_AGGREGATE },
  { "SIGNUPMSGSRSV1", K_AGGREGATE }, { "MSGSETLIST", K_AGGREGATE },
  { "CODE", K_LEAF }, { "SEVERITY", K_LEAF }, { "MESSAGE", K_LEAF }, { "DTSERVER", K_LEAF },
  { "USERKEY", K_LEAF }, { "TSKEYEXPIRE", K_LEAF }, { "LANGUAGE", K_LEAF },
  { "DTPROFUP", K_LEAF }, { "DTACCTUP", K_LEAF }, { "ORG", K_LEAF }, { "FID", K_LEAF },
  { "SESSCOOKIE", K_LEAF }, { "ACCESSKEY", K_LEAF }, { "TRNUID", K_LEAF },
  { "CLTCOOKIE", K_LEAF }, { "CURDEF", K_LEAF }, { "BANKID", K_LEAF }, { "BRANCHID", K_LEAF },
  { "ACCTID", K_LEAF }, { "ACCTTYPE", K_LEAF }, { "ACCTKEY", K_LEAF }, { "DTSTART", K_LEAF },
  { "DTEND", K_LEAF }, { "TRNTYPE", K_LEAF }, { "DTPOSTED", K_LEAF }, { "DTUSER", K_LEAF },
  { "DTAVAIL", K_LEAF }, { "TRNAMT", K_LEAF }, { "FITID", K_LEAF }, { "CORRECTFITID", K_LEAF },
  { "CORRECTACTION", K_LEAF }, { "SRVRTID", K_LEAF }, { "CHECKNUM", K_LEAF },
  { "REFNUM", K_LEAF }, { "SIC", K_LEAF }, { "PAYEEID", K_LEAF }, { "NAME", K_LEAF },
  { "EXTDNAME", K_LEAF }, { "MEMO", K_LEAF }, { "CURRATE", K_LEAF }, { "CURSYM", K_LEAF },
  { "INV401KSOURCE", K_LEAF }, { "BALAMT", K_LEAF }, { "DTASOF", K_LEAF },
  { "MKTGINFO", K_LEAF }, { "INTU.BID", K_LEAF }, { "INTU.USERID", K_LEAF },
  { "ADDR1", K_LEAF }, { "ADDR2", K_LEAF }, { "ADDR3", K_LEAF }, { "CITY", K_LEAF },
  { "STATE", K_LEAF }, { "POSTALCODE", K_LEAF }, { "COUNTRY", K_LEAF }, { "PHONE", K_LEAF },
  { "DESC", K_LEAF }, { "BALTYPE", K_LEAF }, { "VALUE", K_LEAF },
};

typedef enum
{
  S_TEXT,
  S_OPEN,           /* after "<" */
  S_START,          /* a start or end tag, up to ">" */
  S_PI,             /* "<?" up to "?>" */
  S_BANG,           /* "<!", then the first "-" */
  S_BANG2,          /* the second "-" */
  S_COMMENT,        /* up to "-->" */
} State;

typedef struct
{
  char     name[MAX_NAME];
  Kind     kind;
  gboolean has_children;
  guint64  line;
  guint64  column;
} Open;

typedef struct
{
  const MutualBankInput *in;
  GError               **error;
  gboolean               failed;

  /* Tokenizer */
  State     state;
  int       run;
  guint64   line;
  guint64   line_start;     /* offset of the current line's first byte */
  guint64   offset;
  GString  *tag;
  guint64   tag_line, tag_column;
  GString  *text;

  /* Elements */
  gboolean  seen_root;
  gboolean  root_closed;
  gboolean  pending;        /* a start tag whose content is not known yet */
  Open      pending_el;
  Open      stack[MAX_DEPTH];
  int       depth;

  /* The statement and the transaction being read */
  char      curdef[4];
  char     *acctid;
  gboolean  in_trn;
  guint64   trn_line, trn_column;
  char     *dtposted;
  guint64   dt_line, dt_column;
  char     *trnamt;
  guint64   amt_line, amt_column;
  char     *fitid;
  char     *name;
  char     *payee_name;
  char     *memo;
  char     *cursym;
  gboolean  cursym_orig;
} Ofx;

static gboolean ofx_fail (Ofx *ofx, guint64 line, guint64 column, const char *format, ...) G_GNUC_PRINTF (4, 5);

static gboolean
ofx_fail (Ofx        *ofx,
          guint64     line,
          guint64     column,
          const char *format,
          ...)
{
  g_autofree char *message = NULL;
  va_list args;

  if (ofx->failed)
    return FALSE;
  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  mutual_bank_fail (ofx->error, ofx->in->name, line, column, "%s", message);
  ofx->failed = TRUE;
  return FALSE;
}

static Kind
kind_of (const char *name)
{
  static GHashTable *kinds;

  /* Looked up for every tag of the file: a table, built once. */
  if (g_once_init_enter (&kinds))
    {
      GHashTable *table = g_hash_table_new (g_str_hash, g_str_equal);

      for (gsize i = 0; i < G_N_ELEMENTS (known_names); i++)
        g_hash_table_insert (table, (gpointer) known_names[i].name,
                             GINT_TO_POINTER (known_names[i].kind));
      g_once_init_leave (&kinds, table);
    }
  return (Kind) GPOINTER_TO_INT (g_hash_table_lookup (kinds, name));
}

static gboolean
is_blank (const char *text,
          gsize       length)
{
  for (gsize i = 0; i < length; i++)
    if (!g_ascii_isspace (text[i]))
      return FALSE;
  return TRUE;
}

/* The value of a leaf: entities decoded (SGML writers leave a lone "&"
 * as it is), UTF-8, trimmed. */
static char *
leaf_value (const char *text,
            gsize       length)
{
  static const struct { const char *entity; char c; } entities[] = {
    { "&amp;", '&' }, { "&lt;", '<' }, { "&gt;", '>' }, { "&quot;", '"' }, { "&apos;", '\'' },
    { "&nbsp;", ' ' },
  };
  g_autoptr(GString) out = g_string_sized_new (length);
  char *utf8;

  for (gsize i = 0; i < length; i++)
    {
      gboolean done = FALSE;

      if (text[i] == '&')
        {
          for (gsize e = 0; e < G_N_ELEMENTS (entities) && !done; e++)
            {
              gsize n = strlen (entities[e].entity);

              if (length - i >= n && g_ascii_strncasecmp (text + i, entities[e].entity, n) == 0)
                {
                  g_string_append_c (out, entities[e].c);
                  i += n - 1;
                  done = TRUE;
                }
            }
          if (!done && i + 2 < length && text[i + 1] == '#')
            {
              gsize j = i + 2;
              gboolean hex = text[j] == 'x' || text[j] == 'X';
              guint32 c = 0;
              gsize digits = 0;

              if (hex)
                j++;
              for (; j < length && digits < 8 && g_ascii_isxdigit (text[j])
                     && (hex || g_ascii_isdigit (text[j])); j++, digits++)
                c = c * (hex ? 16 : 10) + (guint32) (hex ? g_ascii_xdigit_value (text[j]) : text[j] - '0');
              if (digits > 0 && j < length && text[j] == ';' && g_unichar_validate (c) && c != 0)
                {
                  g_string_append_unichar (out, c);
                  i = j;
                  done = TRUE;
                }
            }
        }
      if (!done)
        g_string_append_c (out, text[i]);
    }
  utf8 = mutual_bank_to_utf8 (out->str, (gssize) out->len);
  return g_strstrip (utf8);
}

static void
trn_clear (Ofx *ofx)
{
  ofx->in_trn = FALSE;
  g_clear_pointer (&ofx->dtposted, g_free);
  g_clear_pointer (&ofx->trnamt, g_free);
  g_clear_pointer (&ofx->fitid, g_free);
  g_clear_pointer (&ofx->name, g_free);
  g_clear_pointer (&ofx->payee_name, g_free);
  g_clear_pointer (&ofx->memo, g_free);
  g_clear_pointer (&ofx->cursym, g_free);
  ofx->cursym_orig = FALSE;
}

/* "20251231", "20251231120000", "20251231120000.000[-5:EST]": the date
 * as the bank wrote it, whatever the time and its zone. */
static gboolean
parse_date (const char *text,
            MutualDate *out)
{
  const char *p = text;
  int n = 0;
  int year, month, day;

  for (; g_ascii_isdigit (p[n]); n++)
    ;
  if (n != 8 && n != 10 && n != 12 && n != 14)
    return FALSE;
  year = (p[0] - '0') * 1000 + (p[1] - '0') * 100 + (p[2] - '0') * 10 + (p[3] - '0');
  month = (p[4] - '0') * 10 + (p[5] - '0');
  day = (p[6] - '0') * 10 + (p[7] - '0');
  p += n;
  if (*p == '.')
    {
      p++;
      if (!g_ascii_isdigit (*p))
        return FALSE;
      while (g_ascii_isdigit (*p))
        p++;
    }
  if (*p == '[')
    {
      p++;
      if (*p == '+' || *p == '-')
        p++;
      if (!g_ascii_isdigit (*p))
        return FALSE;
      while (g_ascii_isdigit (*p))
        p++;
      if (*p == '.')
        {
          p++;
          while (g_ascii_isdigit (*p))
            p++;
        }
      if (*p == ':')
        {
          p++;
          while (g_ascii_isalnum (*p) || *p == '_' || *p == '/' || *p == '+' || *p == '-')
            p++;
        }
      if (*p++ != ']')
        return FALSE;
    }
  if (*p != '\0')
    return FALSE;
  if (month < 1 || month > 12 || day < 1 || day > 31
      || day > 0 + (int) g_date_get_days_in_month ((GDateMonth) month, (GDateYear) MAX (year, 1)))
    return FALSE;
  *out = mutual_date_make (year, month, day);
  return mutual_date_valid (*out);
}

static gboolean
trn_emit (Ofx *ofx)
{
  const MutualBankInput *in = ofx->in;
  g_autoptr(MutualImportRecord) record = NULL;
  g_autofree char *why = NULL;
  const char *currency;
  gboolean negative = FALSE;
  int digits;

  if (ofx->dtposted == NULL)
    return ofx_fail (ofx, ofx->trn_line, ofx->trn_column,
                     _("The transaction has no date (DTPOSTED)."));
  if (ofx->trnamt == NULL)
    return ofx_fail (ofx, ofx->trn_line, ofx->trn_column,
                     _("The transaction has no amount (TRNAMT)."));

  record = mutual_import_record_new ();
  record->line = ofx->trn_line;
  record->column = (guint) MIN (ofx->trn_column, G_MAXUINT);
  if (!parse_date (ofx->dtposted, &record->date))
    return ofx_fail (ofx, ofx->dt_line, ofx->dt_column,
                     _("The date “%s” is not an OFX date such as 20251231 or 20251231120000[-5:EST]."),
                     ofx->dtposted);

  /* CURRENCY: the amounts are in that currency; ORIGCURRENCY: they were
   * converted into the statement's (OFX 2.1.1, 5.2). */
  currency = ofx->cursym && !ofx->cursym_orig ? ofx->cursym : ofx->curdef;
  if (*currency == '\0')
    return ofx_fail (ofx, ofx->trn_line, ofx->trn_column,
                     _("The transaction has no currency: its statement has no CURDEF."));
  digits = mutual_bank_currency_digits (in, currency, &why);
  if (digits < 0)
    return ofx_fail (ofx, ofx->trn_line, ofx->trn_column, "%s", why);
  why = mutual_bank_parse_amount (ofx->trnamt, digits,
                                  MUTUAL_BANK_AMOUNT_SIGNED | MUTUAL_BANK_AMOUNT_COMMA,
                                  &record->value, &negative);
  if (why)
    return ofx_fail (ofx, ofx->amt_line, ofx->amt_column, "%s", why);

  record->direction = negative ? MUTUAL_DIRECTION_GIVEN : MUTUAL_DIRECTION_RECEIVED;
  record->kind = MUTUAL_KIND_PAYMENT;
  record->currency = g_ascii_strup (currency, -1);
  record->counterparty = mutual_bank_clean_name (g_strdup (ofx->payee_name ? ofx->payee_name : ofx->name));
  record->note = mutual_bank_clean_note (g_strdup (ofx->memo));
  /* A FITID is unique within its account only. */
  if (ofx->fitid && *ofx->fitid)
    record->source_id = g_strdup_printf ("%s:%s", ofx->acctid ? ofx->acctid : "", ofx->fitid);

  if (!in->emit (g_steal_pointer (&record), in->emit_data, ofx->error))
    {
      ofx->failed = TRUE;
      return FALSE;
    }
  return TRUE;
}

static Kind
parent_kind (Ofx *ofx)
{
  return ofx->depth > 0 ? ofx->stack[ofx->depth - 1].kind : K_UNKNOWN;
}

static gboolean
in_statement (Ofx *ofx)
{
  for (int i = 0; i < ofx->depth; i++)
    if (ofx->stack[i].kind == K_STMTRS)
      return TRUE;
  return FALSE;
}

static void
replace (char       **field,
         const char  *value)
{
  g_free (*field);
  *field = g_strdup (value);
}

static gboolean
on_leaf (Ofx        *ofx,
         const Open *el,
         const char *raw,
         gsize       length)
{
  Kind parent = parent_kind (ofx);
  g_autofree char *value = NULL;

  if (ofx->depth > 0)
    ofx->stack[ofx->depth - 1].has_children = TRUE;
  if (el->kind != K_LEAF && el->kind != K_UNKNOWN)
    return ofx_fail (ofx, el->line, el->column,
                     _("The aggregate <%s> holds text where only elements belong."), el->name);
  if (parent != K_STMTRS && parent != K_ACCTFROM && parent != K_STMTTRN
      && parent != K_PAYEE && parent != K_CURRENCY && parent != K_ORIGCURRENCY)
    return TRUE;

  value = leaf_value (raw, length);
  switch (parent)
    {
    case K_STMTRS:
      if (strcmp (el->name, "CURDEF") == 0)
        {
          if (strlen (value) != 3)
            return ofx_fail (ofx, el->line, el->column,
                             _("The currency “%s” is not an ISO 4217 code Mutual knows."), value);
          g_strlcpy (ofx->curdef, value, sizeof ofx->curdef);
        }
      break;
    case K_ACCTFROM:
      if (strcmp (el->name, "ACCTID") == 0 && in_statement (ofx))
        replace (&ofx->acctid, value);
      break;
    case K_STMTTRN:
      if (!ofx->in_trn)
        break;
      if (strcmp (el->name, "DTPOSTED") == 0)
        {
          replace (&ofx->dtposted, value);
          ofx->dt_line = el->line;
          ofx->dt_column = el->column;
        }
      else if (strcmp (el->name, "TRNAMT") == 0)
        {
          replace (&ofx->trnamt, value);
          ofx->amt_line = el->line;
          ofx->amt_column = el->column;
        }
      else if (strcmp (el->name, "FITID") == 0)
        replace (&ofx->fitid, value);
      else if (strcmp (el->name, "NAME") == 0)
        replace (&ofx->name, value);
      else if (strcmp (el->name, "MEMO") == 0)
        replace (&ofx->memo, value);
      break;
    case K_PAYEE:
      if (ofx->in_trn && strcmp (el->name, "NAME") == 0)
        replace (&ofx->payee_name, value);
      break;
    case K_CURRENCY:
    case K_ORIGCURRENCY:
      if (ofx->in_trn && strcmp (el->name, "CURSYM") == 0)
        {
          if (strlen (value) != 3)
            return ofx_fail (ofx, el->line, el->column,
                             _("The currency “%s” is not an ISO 4217 code Mutual knows."), value);
          replace (&ofx->cursym, value);
          ofx->cursym_orig = parent == K_ORIGCURRENCY;
        }
      break;
    default:
      break;
    }
  return TRUE;
}

static gboolean
push (Ofx        *ofx,
      const Open *el)
{
  Kind parent = parent_kind (ofx);

  if (ofx->depth > 0)
    ofx->stack[ofx->depth - 1].has_children = TRUE;
  if (ofx->depth == MAX_DEPTH)
    return ofx_fail (ofx, el->line, el->column,
                     _("The elements are nested deeper than in any OFX statement."));
  ofx->stack[ofx->depth++] = *el;

  switch (el->kind)
    {
    case K_STMTRS:
      ofx->curdef[0] = '\0';
      g_clear_pointer (&ofx->acctid, g_free);
      break;
    case K_STMTTRN:
      /* Only a statement's list: an investment account's bank
       * transactions are not exchanges. */
      trn_clear (ofx);
      if (parent == K_TRANLIST && in_statement (ofx))
        {
          ofx->in_trn = TRUE;
          ofx->trn_line = el->line;
          ofx->trn_column = el->column;
        }
      break;
    default:
      break;
    }
  return TRUE;
}

static gboolean
pop (Ofx *ofx)
{
  Open *el = &ofx->stack[--ofx->depth];

  if (el->kind == K_STMTTRN && ofx->in_trn)
    {
      gboolean ok = trn_emit (ofx);

      trn_clear (ofx);
      return ok;
    }
  if (el->kind == K_OFX)
    ofx->root_closed = TRUE;
  return TRUE;
}

/* The pending start tag, now that a start tag follows it: a leaf when
 * text came after it, else an aggregate. */
static gboolean
resolve_pending (Ofx *ofx)
{
  Open el;

  if (!ofx->pending)
    return TRUE;
  ofx->pending = FALSE;
  el = ofx->pending_el;
  if (!is_blank (ofx->text->str, ofx->text->len) || el.kind == K_LEAF)
    return on_leaf (ofx, &el, ofx->text->str, ofx->text->len);
  return push (ofx, &el);
}

static gboolean
tag_name (Ofx        *ofx,
          const char *tag,
          char        name[MAX_NAME],
          gboolean   *self_closing)
{
  gsize n = 0;
  gsize length = strlen (tag);

  *self_closing = length > 0 && tag[length - 1] == '/';
  while (tag[n] && !g_ascii_isspace (tag[n]) && !(tag[n] == '/' && tag[n + 1] == '\0'))
    n++;
  if (n == 0 || n >= MAX_NAME)
    return ofx_fail (ofx, ofx->tag_line, ofx->tag_column,
                     _("The tag <%.40s> does not name an OFX element."), tag);
  for (gsize i = 0; i < n; i++)
    {
      if (!g_ascii_isalnum (tag[i]) && tag[i] != '.' && tag[i] != '_' && tag[i] != '-' && tag[i] != ':')
        return ofx_fail (ofx, ofx->tag_line, ofx->tag_column,
                         _("The tag <%.40s> does not name an OFX element."), tag);
      name[i] = g_ascii_toupper (tag[i]);
    }
  name[n] = '\0';
  return TRUE;
}

static gboolean
on_start_tag (Ofx *ofx)
{
  Open el = { { 0 }, K_UNKNOWN, FALSE, ofx->tag_line, ofx->tag_column };
  gboolean self_closing;

  if (!tag_name (ofx, ofx->tag->str, el.name, &self_closing))
    return FALSE;
  el.kind = kind_of (el.name);

  if (!ofx->seen_root)
    {
      /* Before <OFX>: the OFX 1.x header's "KEY:VALUE" lines. */
      const char *p = ofx->text->str;

      while (g_ascii_isspace (*p))
        p++;
      if (strncmp (p, "\xef\xbb\xbf", 3) == 0)
        p += 3;
      if ((*p != '\0' && g_ascii_strncasecmp (p, "OFXHEADER:", 10) != 0) || el.kind != K_OFX)
        return ofx_fail (ofx, el.line, el.column,
                         _("The file is not an OFX statement: it does not begin with <OFX>."));
      ofx->seen_root = TRUE;
      g_string_truncate (ofx->text, 0);
      return push (ofx, &el);
    }
  if (ofx->root_closed)
    return ofx_fail (ofx, el.line, el.column,
                     _("The element <%s> comes after the end of <OFX>."), el.name);
  if (!ofx->pending && !is_blank (ofx->text->str, ofx->text->len))
    return ofx_fail (ofx, el.line, el.column, _("There is text where only elements belong."));
  if (!resolve_pending (ofx))
    return FALSE;
  g_string_truncate (ofx->text, 0);
  if (self_closing)
    return on_leaf (ofx, &el, "", 0);
  ofx->pending = TRUE;
  ofx->pending_el = el;
  return TRUE;
}

static gboolean
on_end_tag (Ofx *ofx)
{
  char name[MAX_NAME];
  gboolean self_closing;
  int found = -1;

  if (!tag_name (ofx, ofx->tag->str + 1, name, &self_closing))
    return FALSE;
  if (!ofx->seen_root || ofx->root_closed)
    return ofx_fail (ofx, ofx->tag_line, ofx->tag_column,
                     _("The end tag </%s> closes no open aggregate."), name);

  if (ofx->pending)
    {
      if (strcmp (ofx->pending_el.name, name) == 0)
        {
          Open el = ofx->pending_el;

          /* <NAME>…</NAME>, <MEMO></MEMO>, and an empty aggregate. */
          ofx->pending = FALSE;
          if (el.kind == K_LEAF || el.kind == K_UNKNOWN || !is_blank (ofx->text->str, ofx->text->len))
            {
              gboolean ok = on_leaf (ofx, &el, ofx->text->str, ofx->text->len);

              g_string_truncate (ofx->text, 0);
              return ok;
            }
          g_string_truncate (ofx->text, 0);
          return push (ofx, &el) && pop (ofx);
        }
      if (!resolve_pending (ofx))
        return FALSE;
    }
  else if (!is_blank (ofx->text->str, ofx->text->len))
    return ofx_fail (ofx, ofx->tag_line, ofx->tag_column, _("There is text where only elements belong."));
  g_string_truncate (ofx->text, 0);

  for (int i = ofx->depth - 1; i >= 0; i--)
    if (strcmp (ofx->stack[i].name, name) == 0)
      {
        found = i;
        break;
      }
  if (found < 0)
    return ofx_fail (ofx, ofx->tag_line, ofx->tag_column,
                     _("The end tag </%s> closes no open aggregate."), name);
  while (ofx->depth > found + 1)
    {
      Open *el = &ofx->stack[ofx->depth - 1];

      /* An unknown element that had children was an aggregate too. */
      if (el->kind != K_UNKNOWN || el->has_children)
        return ofx_fail (ofx, el->line, el->column,
                         _("The aggregate <%s> is not closed before </%s>."), el->name, name);
      ofx->depth--;
    }
  return pop (ofx);
}

#define COLUMN(ofx, at) ((at) - (ofx)->line_start + 1)

static gboolean
scan (Ofx        *ofx,
      const char *chunk,
      gsize       length)
{
  for (gsize i = 0; i < length; i++)
    {
      char c = chunk[i];
      guint64 at = ofx->offset + i;

      if (c == '\n')
        {
          ofx->line++;
          ofx->line_start = at + 1;
        }
      switch (ofx->state)
        {
        case S_TEXT:
          {
            gsize j = i;

            while (j < length && chunk[j] != '<')
              {
                if (chunk[j] == '\n' && j > i)
                  {
                    ofx->line++;
                    ofx->line_start = ofx->offset + j + 1;
                  }
                j++;
              }
            if (ofx->text->len + (j - i) > MUTUAL_BANK_MAX_TOKEN)
              return ofx_fail (ofx, ofx->pending ? ofx->pending_el.line : ofx->line,
                               ofx->pending ? ofx->pending_el.column : COLUMN (ofx, ofx->offset + j),
                               _("A value is longer than 64 KiB; Mutual does not read such a file."));
            g_string_append_len (ofx->text, chunk + i, (gssize) (j - i));
            if (j == length)
              {
                i = length;
                break;
              }
            i = j;
            ofx->state = S_OPEN;
            ofx->tag_line = ofx->line;
            ofx->tag_column = COLUMN (ofx, ofx->offset + j);
            g_string_truncate (ofx->tag, 0);
          }
          break;
        case S_OPEN:
          if (c == '?')
            {
              ofx->state = S_PI;
              ofx->run = 0;
            }
          else if (c == '!')
            ofx->state = S_BANG;
          else
            {
              ofx->state = S_START;
              g_string_append_c (ofx->tag, c);
            }
          break;
        case S_START:
          if (c == '>')
            {
              ofx->state = S_TEXT;
              g_strstrip (ofx->tag->str);
              if (ofx->tag->str[0] == '/' ? !on_end_tag (ofx) : !on_start_tag (ofx))
                return FALSE;
            }
          else if (c == '<')
            return ofx_fail (ofx, ofx->tag_line, ofx->tag_column, _("A tag is not closed by “>”."));
          else
            {
              gsize j = i;

              while (j + 1 < length && chunk[j + 1] != '>' && chunk[j + 1] != '<' && chunk[j + 1] != '\n')
                j++;
              g_string_append_len (ofx->tag, chunk + i, (gssize) (j - i + 1));
              i = j;
              if (ofx->tag->len > MUTUAL_BANK_MAX_TOKEN)
                return ofx_fail (ofx, ofx->tag_line, ofx->tag_column,
                                 _("A tag is longer than 64 KiB; Mutual does not read such a file."));
            }
          break;
        case S_PI:
          if (c == '>' && ofx->run > 0)
            ofx->state = S_TEXT;
          else
            ofx->run = c == '?';
          break;
        case S_BANG:
        case S_BANG2:
          if (c != '-')
            return ofx_fail (ofx, ofx->tag_line, ofx->tag_column,
                             _("The file holds a declaration (<!…>), which Mutual refuses in a statement."));
          ofx->state = ofx->state == S_BANG ? S_BANG2 : S_COMMENT;
          ofx->run = 0;
          break;
        case S_COMMENT:
          if (c == '>' && ofx->run >= 2)
            ofx->state = S_TEXT;
          else
            ofx->run = c == '-' ? ofx->run + 1 : 0;
          break;
        }
    }
  ofx->offset += length;
  return TRUE;
}

static gboolean
finish (Ofx *ofx)
{
  if (ofx->state != S_TEXT)
    return ofx_fail (ofx, ofx->tag_line, ofx->tag_column, _("The file ends inside a tag."));
  if (!ofx->seen_root)
    return ofx_fail (ofx, 1, 1, _("The file is not an OFX statement: it has no <OFX> element."));
  if (ofx->pending)
    {
      /* The last leaf before the end: the file was cut short. */
      if (!resolve_pending (ofx))
        return FALSE;
    }
  if (!ofx->root_closed)
    {
      /* The innermost aggregate that is surely one. */
      for (int i = ofx->depth - 1; i >= 0; i--)
        if (ofx->stack[i].kind != K_UNKNOWN || ofx->stack[i].has_children || i == 0)
          return ofx_fail (ofx, ofx->stack[i].line, ofx->stack[i].column,
                           _("The aggregate <%s> is not closed; the file ends first."),
                           ofx->stack[i].name);
    }
  if (!is_blank (ofx->text->str, ofx->text->len))
    return ofx_fail (ofx, ofx->line, COLUMN (ofx, ofx->offset),
                     _("There is text after the end of <OFX>."));
  return TRUE;
}

gboolean
mutual_bank_read_ofx (const MutualBankInput  *in,
                      GInputStream           *stream,
                      GError                **error)
{
  g_autofree char *buffer = g_malloc (READ_CHUNK);
  Ofx ofx = { 0 };
  gboolean ok = TRUE;

  ofx.in = in;
  ofx.error = error;
  ofx.state = S_TEXT;
  ofx.line = 1;
  ofx.tag = g_string_sized_new (64);
  ofx.text = g_string_sized_new (256);

  for (;;)
    {
      gssize n = mutual_bank_read (in, stream, buffer, READ_CHUNK, error);

      if (n < 0)
        {
          ok = FALSE;
          break;
        }
      if (n == 0)
        {
          ok = finish (&ofx);
          break;
        }
      if (!scan (&ofx, buffer, (gsize) n))
        {
          ok = FALSE;
          break;
        }
    }

  trn_clear (&ofx);
  g_free (ofx.acctid);
  g_string_free (ofx.tag, TRUE);
  g_string_free (ofx.text, TRUE);
  return ok;
}
