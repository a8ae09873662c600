/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mutual-import-bank"

#include "config.h"

#include <glib/gi18n.h>
#include <libxml/xmlreader.h>
#include <string.h>

#include "mutual-error.h"
#include "mutual-import-bank-private.h"

/* CAMT.053 (ISO 20022 BankToCustomerStatement), versions 2 to 8, read
 * with libxml2's streaming reader under the interchange importer's rules
 * for untrusted XML: no DTD (a DOCTYPE is refused before libxml2 sees
 * it), no entities, no network, no XInclude, no tag over 64 KiB, no text
 * over 64 KiB. The reader does not say where an element starts, so the
 * bytes are followed on their way in: the Nth start tag seen there is
 * the Nth element the reader returns. */

#define READ_CHUNK (16 * 1024)
#define MAX_DEPTH 64
#define CAMT_NAMESPACE "urn:iso:std:iso:20022:tech:xsd:camt."

typedef struct
{
  guint64 line;
  guint64 column;
} Loc;

typedef enum
{
  SCAN_TEXT,
  SCAN_OPEN,
  SCAN_BANG,
  SCAN_TAG,
  SCAN_QUOTED,
  SCAN_COMMENT,
  SCAN_CDATA,
  SCAN_PI,
} ScanState;

/* What an element is, from its parent's role and its name: looked up
 * once per element, so that its text is dispatched by a switch. */
typedef enum
{
  R_OTHER,
  R_DOCUMENT, R_BKTOCSTMR, R_STMT,
  R_ACCT, R_ACCT_ID, R_ACCT_IBAN, R_ACCT_OTHR, R_ACCT_OTHR_ID,
  R_NTRY, R_NTRY_REF, R_NTRY_AMT, R_NTRY_IND, R_NTRY_SVCR, R_NTRY_INFO,
  R_BOOKG, R_BOOKG_DATE, R_VAL, R_VAL_DATE,
  R_NTRYDTLS, R_TX, R_TX_REFS, R_TX_SVCR, R_TX_AMT, R_TX_AMTDTLS, R_TX_TXAMT,
  R_TX_TXAMT_AMT, R_TX_IND, R_TX_INFO, R_RMT, R_USTRD, R_PARTIES,
  R_DBTR, R_DBTR_PTY, R_DBTR_NM, R_UDBTR, R_UDBTR_PTY, R_UDBTR_NM,
  R_CDTR, R_CDTR_PTY, R_CDTR_NM, R_UCDTR, R_UCDTR_PTY, R_UCDTR_NM,
  R_DBTRACCT, R_DBTRACCT_ID, R_DBTR_IBAN, R_CDTRACCT, R_CDTRACCT_ID, R_CDTR_IBAN,
} Role;

/* The paths of the ISO 20022 camt.053 message definitions (v2 to v8)
 * that Mutual reads; v8 puts a party's name in Pty/Nm, v2 in Nm. */
static const struct
{
  Role        parent;
  const char *name;
  Role        role;
} roles[] = {
  { R_DOCUMENT, "BkToCstmrStmt", R_BKTOCSTMR },
  { R_BKTOCSTMR, "Stmt", R_STMT },
  { R_STMT, "Acct", R_ACCT }, { R_ACCT, "Id", R_ACCT_ID },
  { R_ACCT_ID, "IBAN", R_ACCT_IBAN }, { R_ACCT_ID, "Othr", R_ACCT_OTHR },
  { R_ACCT_OTHR, "Id", R_ACCT_OTHR_ID },
  { R_STMT, "Ntry", R_NTRY },
  { R_NTRY, "NtryRef", R_NTRY_REF }, { R_NTRY, "Amt", R_NTRY_AMT },
  { R_NTRY, "CdtDbtInd", R_NTRY_IND }, { R_NTRY, "AcctSvcrRef", R_NTRY_SVCR },
  { R_NTRY, "AddtlNtryInf", R_NTRY_INFO }, { R_NTRY, "BookgDt", R_BOOKG },
  { R_NTRY, "ValDt", R_VAL }, { R_NTRY, "NtryDtls", R_NTRYDTLS },
  { R_BOOKG, "Dt", R_BOOKG_DATE }, { R_BOOKG, "DtTm", R_BOOKG_DATE },
  { R_VAL, "Dt", R_VAL_DATE }, { R_VAL, "DtTm", R_VAL_DATE },
  { R_NTRYDTLS, "TxDtls", R_TX },
  { R_TX, "Refs", R_TX_REFS }, { R_TX_REFS, "AcctSvcrRef", R_TX_SVCR },
  { R_TX, "Amt", R_TX_AMT }, { R_TX, "AmtDtls", R_TX_AMTDTLS },
  { R_TX_AMTDTLS, "TxAmt", R_TX_TXAMT }, { R_TX_TXAMT, "Amt", R_TX_TXAMT_AMT },
  { R_TX, "CdtDbtInd", R_TX_IND }, { R_TX, "AddtlTxInf", R_TX_INFO },
  { R_TX, "RmtInf", R_RMT }, { R_RMT, "Ustrd", R_USTRD },
  { R_TX, "RltdPties", R_PARTIES },
  { R_PARTIES, "Dbtr", R_DBTR }, { R_DBTR, "Pty", R_DBTR_PTY },
  { R_DBTR, "Nm", R_DBTR_NM }, { R_DBTR_PTY, "Nm", R_DBTR_NM },
  { R_PARTIES, "UltmtDbtr", R_UDBTR }, { R_UDBTR, "Pty", R_UDBTR_PTY },
  { R_UDBTR, "Nm", R_UDBTR_NM }, { R_UDBTR_PTY, "Nm", R_UDBTR_NM },
  { R_PARTIES, "Cdtr", R_CDTR }, { R_CDTR, "Pty", R_CDTR_PTY },
  { R_CDTR, "Nm", R_CDTR_NM }, { R_CDTR_PTY, "Nm", R_CDTR_NM },
  { R_PARTIES, "UltmtCdtr", R_UCDTR }, { R_UCDTR, "Pty", R_UCDTR_PTY },
  { R_UCDTR, "Nm", R_UCDTR_NM }, { R_UCDTR_PTY, "Nm", R_UCDTR_NM },
  { R_PARTIES, "DbtrAcct", R_DBTRACCT }, { R_DBTRACCT, "Id", R_DBTRACCT_ID },
  { R_DBTRACCT_ID, "IBAN", R_DBTR_IBAN },
  { R_PARTIES, "CdtrAcct", R_CDTRACCT }, { R_CDTRACCT, "Id", R_CDTRACCT_ID },
  { R_CDTRACCT_ID, "IBAN", R_CDTR_IBAN },
};

static Role
role_of (Role        parent,
         const char *name)
{
  if (parent == R_OTHER)
    return R_OTHER;
  for (gsize i = 0; i < G_N_ELEMENTS (roles); i++)
    if (roles[i].parent == parent && strcmp (roles[i].name, name) == 0)
      return roles[i].role;
  return R_OTHER;
}

/* One transaction's details (TxDtls), or an entry's when it has none. */
typedef struct
{
  Loc    at;
  char  *amount;
  char  *currency;
  Loc    amount_at;
  char  *indicator;
  char  *ref;
  char  *debtor, *ultimate_debtor, *debtor_iban;
  char  *creditor, *ultimate_creditor, *creditor_iban;
  GString *remittance;
  char  *info;
} Details;

typedef struct
{
  const MutualBankInput *in;
  GInputStream          *stream;
  GError                *error;       /* the first */
  xmlTextReaderPtr       reader;

  /* Following the bytes */
  ScanState  state;
  char       quote;
  int        run;
  gboolean   first_read;
  guint64    offset, line, line_start, tag_start;
  Loc        tag_at;
  GArray    *starts;                  /* Loc of start tags not yet read */
  guint      next_start;

  /* The elements open: their roles and where they start */
  Role        path[MAX_DEPTH];
  Loc         path_at[MAX_DEPTH];
  int         depth;
  const xmlChar *ns;
  gboolean    seen_root;

  /* The statement, entry and transaction being read */
  char      *account;
  gboolean   in_entry;
  Loc        entry_at;
  Details    entry;
  char      *entry_ntry_ref;
  char      *booking_date, *value_date;
  Loc        date_at;
  char      *entry_info;
  guint      n_details;
  gboolean   in_details;
  Details    details;
  Details    first;                   /* the first TxDtls, until a second */
} Camt;

static void camt_fail (Camt *camt, const Loc *at, const char *format, ...) G_GNUC_PRINTF (3, 4);

static void
camt_fail (Camt       *camt,
           const Loc  *at,
           const char *format,
           ...)
{
  g_autofree char *message = NULL;
  va_list args;

  if (camt->error)
    return;
  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  mutual_bank_fail (&camt->error, camt->in->name, at->line, at->column, "%s", message);
}

static void
details_clear (Details *d)
{
  g_clear_pointer (&d->amount, g_free);
  g_clear_pointer (&d->currency, g_free);
  g_clear_pointer (&d->indicator, g_free);
  g_clear_pointer (&d->ref, g_free);
  g_clear_pointer (&d->debtor, g_free);
  g_clear_pointer (&d->ultimate_debtor, g_free);
  g_clear_pointer (&d->debtor_iban, g_free);
  g_clear_pointer (&d->creditor, g_free);
  g_clear_pointer (&d->ultimate_creditor, g_free);
  g_clear_pointer (&d->creditor_iban, g_free);
  g_clear_pointer (&d->info, g_free);
  if (d->remittance)
    g_string_free (d->remittance, TRUE);
  memset (d, 0, sizeof *d);
}

static void
entry_clear (Camt *camt)
{
  camt->in_entry = FALSE;
  details_clear (&camt->entry);
  details_clear (&camt->details);
  details_clear (&camt->first);
  g_clear_pointer (&camt->entry_ntry_ref, g_free);
  g_clear_pointer (&camt->booking_date, g_free);
  g_clear_pointer (&camt->value_date, g_free);
  g_clear_pointer (&camt->entry_info, g_free);
  camt->n_details = 0;
  camt->in_details = FALSE;
}

/* Following the bytes */

static gboolean
scan (Camt       *camt,
      const char *chunk,
      gsize       length)
{
#define AT(i) (camt->offset + (guint64) (i))
  for (gsize i = 0; i < length; i++)
    {
      char c = chunk[i];

      if (c == '\n')
        {
          camt->line++;
          camt->line_start = AT (i) + 1;
        }
      switch (camt->state)
        {
        case SCAN_TEXT:
          {
            /* Text is most of a file: skipped in a tight loop. */
            gsize j = i;

            while (j < length && chunk[j] != '<')
              {
                if (chunk[j] == '\n' && j > i)
                  {
                    camt->line++;
                    camt->line_start = AT (j) + 1;
                  }
                j++;
              }
            if (j == length)
              {
                i = length;
                break;
              }
            i = j;
            camt->state = SCAN_OPEN;
            camt->tag_start = AT (i);
            camt->tag_at.line = camt->line;
            camt->tag_at.column = AT (i) - camt->line_start + 1;
          }
          break;
        case SCAN_OPEN:
          camt->run = 0;
          if (c == '!')
            camt->state = SCAN_BANG;
          else if (c == '?')
            camt->state = SCAN_PI;
          else
            {
              if (c != '/')
                g_array_append_val (camt->starts, camt->tag_at);
              camt->state = SCAN_TAG;
            }
          break;
        case SCAN_BANG:
          if (c == '-')
            camt->state = SCAN_COMMENT;
          else if (c == '[')
            camt->state = SCAN_CDATA;
          else
            {
              camt_fail (camt, &camt->tag_at,
                         _("The file has a document type declaration (DOCTYPE), which Mutual refuses for safety."));
              return FALSE;
            }
          break;
        case SCAN_TAG:
          while (i + 1 < length && chunk[i] != '>' && chunk[i] != '"' && chunk[i] != '\''
                 && chunk[i + 1] != '\n' && chunk[i] != '\n')
            c = chunk[++i];
          if (c == '>')
            camt->state = SCAN_TEXT;
          else if (c == '"' || c == '\'')
            {
              camt->state = SCAN_QUOTED;
              camt->quote = c;
            }
          break;
        case SCAN_QUOTED:
          if (c == camt->quote)
            camt->state = SCAN_TAG;
          break;
        case SCAN_COMMENT:
        case SCAN_CDATA:
        case SCAN_PI:
          if (c == '>' && camt->run >= (camt->state == SCAN_PI ? 1 : 2))
            camt->state = SCAN_TEXT;
          else if (c == (camt->state == SCAN_COMMENT ? '-' : camt->state == SCAN_CDATA ? ']' : '?'))
            camt->run++;
          else
            camt->run = 0;
          break;
        }
      if ((camt->state == SCAN_OPEN || camt->state == SCAN_BANG || camt->state == SCAN_TAG
           || camt->state == SCAN_QUOTED) && i < length && AT (i) - camt->tag_start > MUTUAL_BANK_MAX_TOKEN)
        {
          camt_fail (camt, &camt->tag_at,
                     _("A tag is longer than 64 KiB; Mutual does not read such a file."));
          return FALSE;
        }
    }
  camt->offset += length;
  return TRUE;
#undef AT
}

static int
on_read (void *context,
         char *buffer,
         int   length)
{
  Camt *camt = context;
  gssize n;

  if (camt->error)
    return -1;
  n = mutual_bank_read (camt->in, camt->stream, buffer, (gsize) MIN (length, READ_CHUNK), &camt->error);
  if (n < 0)
    return -1;
  if (camt->first_read && n > 0)
    {
      const guchar *b = (const guchar *) buffer;

      camt->first_read = FALSE;
      if (b[0] == 0xfe || b[0] == 0xff || b[0] == 0x00 || (n > 1 && b[1] == 0x00))
        {
          Loc at = { 1, 1 };

          camt_fail (camt, &at, _("The file is not UTF-8 text; Mutual reads UTF-8 only."));
          return -1;
        }
    }
  if (!scan (camt, buffer, (gsize) n))
    return -1;
  return (int) n;
}

static void
on_error (void        *context,
          xmlErrorPtr  xml_error)
{
  Camt *camt = context;
  g_autofree char *detail = NULL;
  Loc at;

  if (camt->error || xml_error->level < XML_ERR_ERROR)
    return;
  at.line = (guint64) MAX (xml_error->line, 1);
  at.column = (guint64) MAX (xml_error->int2, 1);
  detail = g_strdup (xml_error->message ? xml_error->message : "");
  g_strdelimit (detail, "\r\n\t", ' ');
  g_strstrip (detail);
  if (camt->offset == 0)
    {
      camt_fail (camt, &at, _("The file is empty; it is not a CAMT.053 bank statement."));
      return;
    }
  switch (xml_error->code)
    {
    case XML_ERR_INVALID_CHAR:
    case XML_ERR_INVALID_ENCODING:
    case XML_ERR_UNKNOWN_ENCODING:
    case XML_ERR_UNSUPPORTED_ENCODING:
      camt_fail (camt, &at, _("The file is not valid UTF-8 text."));
      break;
    case XML_ERR_UNDECLARED_ENTITY:
    case XML_WAR_UNDECLARED_ENTITY:
      camt_fail (camt, &at, _("The file refers to an entity, which Mutual refuses (%s)."), detail);
      break;
    case XML_ERR_TAG_NAME_MISMATCH:
      camt_fail (camt, &at, _("The file is not well-formed XML: %s."),
                 _("an element is closed by another element’s end tag"));
      break;
    case XML_ERR_TAG_NOT_FINISHED:
    case XML_ERR_DOCUMENT_END:
      /* Either, for a file cut short or for one that goes on. */
      camt_fail (camt, &at, _("The file is not well-formed XML: %s."),
                 _("it ends inside an element, or goes on after its root element"));
      break;
    default:
      camt_fail (camt, &at, _("The file is not well-formed XML (%s)."), detail);
      break;
    }
}

/* Reading */

static void
set (char       **field,
     const char  *value)
{
  g_free (*field);
  *field = g_strdup (value);
}

static gboolean
parse_date (const char *text,
            MutualDate *out)
{
  g_autofree char *day = NULL;
  gsize n = strlen (text);

  /* A Dt ("2025-12-31") or the date of a DtTm ("2025-12-31T10:00:00+01:00"). */
  if (n < 10 || (n > 10 && text[10] != 'T'))
    return FALSE;
  day = g_strndup (text, 10);
  return mutual_date_parse (day, out, NULL);
}

static gboolean
emit (Camt          *camt,
      const Loc     *at,
      const Details *amount,
      const Details *parties,
      const char    *indicator,
      const char    *fallback_note,
      char          *source_id)
{
  const MutualBankInput *in = camt->in;
  g_autoptr(MutualImportRecord) record = mutual_import_record_new ();
  g_autofree char *why = NULL;
  g_autofree char *id = source_id;
  gboolean credit;
  const char *date = camt->booking_date ? camt->booking_date : camt->value_date;
  int digits;

  record->line = at->line;
  record->column = (guint) MIN (at->column, G_MAXUINT);
  if (indicator == NULL)
    {
      camt_fail (camt, at, _("The entry has no credit or debit indicator (CdtDbtInd)."));
      return FALSE;
    }
  if (strcmp (indicator, "CRDT") != 0 && strcmp (indicator, "DBIT") != 0)
    {
      camt_fail (camt, at, _("The credit or debit indicator “%s” is neither CRDT nor DBIT."), indicator);
      return FALSE;
    }
  credit = strcmp (indicator, "CRDT") == 0;
  if (date == NULL)
    {
      camt_fail (camt, &camt->entry_at, _("The entry has no booking date and no value date."));
      return FALSE;
    }
  if (!parse_date (date, &record->date))
    {
      camt_fail (camt, &camt->date_at, _("The date “%s” is not a date such as 2025-12-31."), date);
      return FALSE;
    }
  if (amount->currency == NULL)
    {
      camt_fail (camt, &amount->amount_at, _("The amount has no currency (the attribute Ccy)."));
      return FALSE;
    }
  digits = mutual_bank_currency_digits (in, amount->currency, &why);
  if (digits < 0)
    {
      camt_fail (camt, &amount->amount_at, "%s", why);
      return FALSE;
    }
  why = mutual_bank_parse_amount (amount->amount, digits, 0, &record->value, NULL);
  if (why)
    {
      camt_fail (camt, &amount->amount_at, "%s", why);
      return FALSE;
    }

  record->direction = credit ? MUTUAL_DIRECTION_RECEIVED : MUTUAL_DIRECTION_GIVEN;
  record->kind = MUTUAL_KIND_PAYMENT;
  record->currency = g_strdup (amount->currency);
  /* The other side: who paid a credit, who was paid a debit; the
   * ultimate party is the one meant when the payer acts for someone. */
  if (credit)
    {
      record->counterparty = g_strdup (parties->ultimate_debtor ? parties->ultimate_debtor : parties->debtor);
      record->iban = g_strdup (parties->debtor_iban);
    }
  else
    {
      record->counterparty = g_strdup (parties->ultimate_creditor ? parties->ultimate_creditor : parties->creditor);
      record->iban = g_strdup (parties->creditor_iban);
    }
  record->counterparty = mutual_bank_clean_name (record->counterparty);
  if (parties->remittance && parties->remittance->len > 0)
    record->note = g_strdup (parties->remittance->str);
  else if (parties->info)
    record->note = g_strdup (parties->info);
  else if (fallback_note)
    record->note = g_strdup (fallback_note);
  record->note = mutual_bank_clean_note (record->note);
  record->source_id = g_steal_pointer (&id);

  if (!in->emit (g_steal_pointer (&record), in->emit_data, &camt->error))
    return FALSE;
  return TRUE;
}

static char *
source_id (Camt       *camt,
           const char *ref,
           guint       rank)
{
  if (ref == NULL)
    return NULL;
  if (rank > 0)
    return g_strdup_printf ("%s:%s/%u", camt->account ? camt->account : "", ref, rank);
  return g_strdup_printf ("%s:%s", camt->account ? camt->account : "", ref);
}

/* The entry's reference: the bank's own, else the entry's. */
static const char *
entry_ref (Camt *camt)
{
  return camt->entry.ref ? camt->entry.ref : camt->entry_ntry_ref;
}

/* One of several transactions of a batch entry: its own amount. */
static gboolean
emit_batch_details (Camt    *camt,
                    Details *d,
                    guint    rank)
{
  char *id;

  if (d->amount == NULL)
    {
      camt_fail (camt, &d->at,
                 _("The entry at line %d holds several transactions, and this one has no amount of its own."),
                 (int) MIN (camt->entry_at.line, (guint64) G_MAXINT));
      return FALSE;
    }
  id = d->ref ? source_id (camt, d->ref, 0) : source_id (camt, entry_ref (camt), rank);
  return emit (camt, &d->at, d, d, d->indicator ? d->indicator : camt->entry.indicator, NULL, id);
}

static gboolean
entry_end (Camt *camt)
{
  const char *ref;

  if (camt->n_details > 1)
    return TRUE;
  if (camt->entry.amount == NULL)
    {
      camt_fail (camt, &camt->entry_at, _("The entry has no amount (Amt)."));
      return FALSE;
    }
  ref = entry_ref (camt);
  if (ref == NULL)
    ref = camt->first.ref;
  return emit (camt, &camt->entry_at, &camt->entry, &camt->first, camt->entry.indicator,
               camt->entry_info, source_id (camt, ref, 0));
}

static gboolean
details_end (Camt *camt)
{
  camt->in_details = FALSE;
  camt->n_details++;
  if (camt->n_details == 1)
    {
      camt->first = camt->details;
      memset (&camt->details, 0, sizeof camt->details);
      return TRUE;
    }
  if (camt->n_details == 2 && !emit_batch_details (camt, &camt->first, 1))
    return FALSE;
  if (!emit_batch_details (camt, &camt->details, camt->n_details))
    return FALSE;
  details_clear (&camt->details);
  return TRUE;
}

static gboolean
check_root (Camt          *camt,
            const Loc     *at,
            const char    *name,
            const xmlChar *ns)
{
  const char *uri = (const char *) ns;

  if (uri && g_str_has_prefix (uri, CAMT_NAMESPACE "053.001."))
    {
      const char *version = uri + strlen (CAMT_NAMESPACE "053.001.");

      if (strlen (version) == 2 && version[0] == '0' && version[1] >= '2' && version[1] <= '8'
          && strcmp (name, "Document") == 0)
        return TRUE;
      camt_fail (camt, at, _("The file is a CAMT.053 statement of version %s; Mutual reads versions 2 to 8."),
                 version);
      return FALSE;
    }
  if (uri && g_str_has_prefix (uri, CAMT_NAMESPACE))
    camt_fail (camt, at, _("The file is not a CAMT.053 bank statement but another ISO 20022 message (%s)."),
               uri + strlen ("urn:iso:std:iso:20022:tech:xsd:"));
  else
    camt_fail (camt, at, _("The file is not a CAMT.053 bank statement: its root element is not <Document> in a camt.053 namespace."));
  return FALSE;
}

static gboolean
on_start (Camt *camt,
          Loc  *at)
{
  const char *name = (const char *) xmlTextReaderConstLocalName (camt->reader);
  const xmlChar *ns = xmlTextReaderConstNamespaceUri (camt->reader);

  if (!camt->seen_root)
    {
      if (!check_root (camt, at, name, ns))
        return FALSE;
      camt->seen_root = TRUE;
      camt->ns = ns;
    }
  if (camt->depth == MAX_DEPTH)
    {
      camt_fail (camt, at, _("The elements are nested deeper than in any bank statement."));
      return FALSE;
    }
  {
    Role parent = camt->depth > 0 ? camt->path[camt->depth - 1] : R_DOCUMENT;
    Role role = camt->depth == 0 ? R_DOCUMENT
                : ns && xmlStrEqual (ns, camt->ns) ? role_of (parent, name) : R_OTHER;

    camt->path_at[camt->depth] = *at;
    camt->path[camt->depth++] = role;

    switch (role)
      {
      case R_STMT:
        g_clear_pointer (&camt->account, g_free);
        break;
      case R_NTRY:
        entry_clear (camt);
        camt->in_entry = TRUE;
        camt->entry_at = *at;
        break;
      case R_TX:
        details_clear (&camt->details);
        camt->in_details = TRUE;
        camt->details.at = *at;
        break;
      case R_NTRY_AMT:
      case R_TX_AMT:
      case R_TX_TXAMT_AMT:
        {
          Details *d = role == R_NTRY_AMT ? &camt->entry : &camt->details;
          g_autofree char *ccy = NULL;

          /* v8's TxDtls/Amt, unless AmtDtls/TxAmt/Amt says it. */
          if (role == R_TX_AMT && d->amount != NULL)
            break;
          ccy = (char *) xmlTextReaderGetAttribute (camt->reader, (const xmlChar *) "Ccy");
          set (&d->currency, ccy);
          set (&d->amount, "");
          d->amount_at = *at;
        }
        break;
      case R_BOOKG:
      case R_VAL:
        if (camt->booking_date == NULL)
          camt->date_at = *at;
        break;
      default:
        break;
      }
  }
  return TRUE;
}

static void
on_text (Camt       *camt,
         const char *raw)
{
  Details *d = &camt->details;
  g_autofree char *value = NULL;
  Role role = camt->path[camt->depth - 1];

  if (role == R_OTHER || (!camt->in_entry && role != R_ACCT_IBAN && role != R_ACCT_OTHR_ID))
    return;
  value = g_strstrip (g_strdup (raw));
  switch (role)
    {
    case R_ACCT_IBAN:
      set (&camt->account, value);
      break;
    case R_ACCT_OTHR_ID:
      if (camt->account == NULL)
        set (&camt->account, value);
      break;
    case R_NTRY_REF:
      set (&camt->entry_ntry_ref, value);
      break;
    case R_NTRY_SVCR:
      set (&camt->entry.ref, value);
      break;
    case R_NTRY_AMT:
      set (&camt->entry.amount, value);
      break;
    case R_NTRY_IND:
      set (&camt->entry.indicator, value);
      break;
    case R_BOOKG_DATE:
      set (&camt->booking_date, value);
      break;
    case R_VAL_DATE:
      set (&camt->value_date, value);
      break;
    case R_NTRY_INFO:
      set (&camt->entry_info, value);
      break;
    case R_TX_SVCR:
      set (&d->ref, value);
      break;
    case R_TX_AMT:
      if (d->amount && *d->amount == '\0' && d->amount_at.line == camt->path_at[camt->depth - 1].line
          && d->amount_at.column == camt->path_at[camt->depth - 1].column)
        set (&d->amount, value);
      break;
    case R_TX_TXAMT_AMT:
      set (&d->amount, value);
      break;
    case R_TX_IND:
      set (&d->indicator, value);
      break;
    case R_DBTR_NM:
      set (&d->debtor, value);
      break;
    case R_UDBTR_NM:
      set (&d->ultimate_debtor, value);
      break;
    case R_CDTR_NM:
      set (&d->creditor, value);
      break;
    case R_UCDTR_NM:
      set (&d->ultimate_creditor, value);
      break;
    case R_DBTR_IBAN:
      set (&d->debtor_iban, value);
      break;
    case R_CDTR_IBAN:
      set (&d->creditor_iban, value);
      break;
    case R_USTRD:
      if (d->remittance == NULL)
        d->remittance = g_string_new (NULL);
      if (d->remittance->len > 0)
        g_string_append_c (d->remittance, ' ');
      g_string_append (d->remittance, value);
      break;
    case R_TX_INFO:
      set (&d->info, value);
      break;
    default:
      break;
    }
}

static gboolean
on_end (Camt *camt)
{
  gboolean ok = TRUE;

  Role role = camt->path[camt->depth - 1];

  if (camt->in_details && role == R_TX)
    ok = details_end (camt);
  else if (camt->in_entry && role == R_NTRY)
    {
      ok = entry_end (camt);
      entry_clear (camt);
    }
  camt->depth--;
  return ok;
}

static gboolean
next_start (Camt *camt,
            Loc  *at)
{
  if (camt->next_start >= camt->starts->len)
    {
      /* The reader returned an element the bytes did not show: never
       * in a well-formed file. */
      at->line = camt->line;
      at->column = 1;
      return FALSE;
    }
  *at = g_array_index (camt->starts, Loc, camt->next_start++);
  if (camt->next_start > 1024 && camt->next_start * 2 > camt->starts->len)
    {
      g_array_remove_range (camt->starts, 0, camt->next_start);
      camt->next_start = 0;
    }
  return TRUE;
}

static gboolean
read_all (Camt *camt)
{
  int status;

  while ((status = xmlTextReaderRead (camt->reader)) == 1)
    {
      int type = xmlTextReaderNodeType (camt->reader);

      if (type == XML_READER_TYPE_ELEMENT)
        {
          Loc at;

          if (!next_start (camt, &at))
            {
              camt_fail (camt, &at, _("The file is not well-formed XML."));
              return FALSE;
            }
          if (!on_start (camt, &at))
            return FALSE;
          if (xmlTextReaderIsEmptyElement (camt->reader) && !on_end (camt))
            return FALSE;
        }
      else if (type == XML_READER_TYPE_END_ELEMENT)
        {
          if (camt->depth > 0 && !on_end (camt))
            return FALSE;
        }
      else if (type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_CDATA
               || type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE)
        {
          const char *value = (const char *) xmlTextReaderConstValue (camt->reader);

          if (value && strlen (value) > MUTUAL_BANK_MAX_TOKEN)
            {
              Loc at = { 1, 1 };

              if (camt->depth > 0)
                at = camt->path_at[camt->depth - 1];
              camt_fail (camt, &at, _("A value is longer than 64 KiB; Mutual does not read such a file."));
              return FALSE;
            }
          if (value && camt->depth > 0)
            on_text (camt, value);
        }
      else if (type == XML_READER_TYPE_DOCUMENT_TYPE || type == XML_READER_TYPE_ENTITY_REFERENCE
               || type == XML_READER_TYPE_ENTITY)
        {
          Loc at = { (guint64) MAX (xmlTextReaderGetParserLineNumber (camt->reader), 1), 1 };

          camt_fail (camt, &at, _("The file declares an entity, which Mutual refuses for safety."));
          return FALSE;
        }
      if (camt->error)
        return FALSE;
    }
  if (status < 0 || camt->error)
    {
      Loc at = { camt->line, 1 };

      camt_fail (camt, &at, _("The file is not well-formed XML."));
      return FALSE;
    }
  if (!camt->seen_root)
    {
      Loc at = { 1, 1 };

      camt_fail (camt, &at, _("The file is not a CAMT.053 bank statement: it has no element."));
      return FALSE;
    }
  return TRUE;
}

gboolean
mutual_bank_read_camt053 (const MutualBankInput  *in,
                          GInputStream           *stream,
                          GError                **error)
{
  Camt camt = { 0 };
  gboolean ok;

  xmlInitParser ();
  camt.in = in;
  camt.stream = stream;
  camt.first_read = TRUE;
  camt.line = 1;
  camt.state = SCAN_TEXT;
  camt.starts = g_array_new (FALSE, FALSE, sizeof (Loc));

  /* No network, no DTD, no entity substitution, no XInclude; UTF-8
   * whatever the declaration says. */
  camt.reader = xmlReaderForIO (on_read, NULL, &camt, NULL, NULL,
                                XML_PARSE_NONET | XML_PARSE_BIG_LINES | XML_PARSE_IGNORE_ENC
                                | XML_PARSE_NOCDATA);
  if (camt.reader == NULL)
    {
      if (camt.error == NULL)
        g_set_error (&camt.error, MUTUAL_ERROR, MUTUAL_ERROR_DATA,
                     _("The XML reader could not be started."));
      ok = FALSE;
    }
  else
    {
      xmlTextReaderSetStructuredErrorHandler (camt.reader, on_error, &camt);
      ok = read_all (&camt);
      xmlFreeTextReader (camt.reader);
    }

  entry_clear (&camt);
  g_free (camt.account);
  g_array_unref (camt.starts);
  if (!ok)
    {
      g_propagate_error (error, g_steal_pointer (&camt.error));
      return FALSE;
    }
  g_clear_error (&camt.error);
  return TRUE;
}
