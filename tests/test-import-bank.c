/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The bank statement readers: OFX/QFX, CAMT.053 and QIF files written the
 * way banks and finance programs write them (tests/bank/README.md says
 * where each fixture's shape comes from), their records, and the
 * refusal of malformed ones with line and column. */
#include <gio/gunixinputstream.h>
#include <glib.h>
#include <string.h>
#include <unistd.h>

#include "core/mutual-error.h"
#include "core/mutual-identifiers.h"
#include "core/mutual-import-bank-private.h"
#include "core/mutual-interchange.h"
#include "test-util.h"

/* Reading into a list */

static gboolean
collect (MutualImportRecord  *record,
         gpointer             data,
         GError             **error)
{
  g_ptr_array_add (data, record);
  return TRUE;
}

static GPtrArray *
read_with (MutualImportType   type,
           const char        *data,
           gsize              length,
           MutualDateOrder    order,
           GError           **error)
{
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) mutual_import_record_free);
  g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_data (data, (gssize) length, NULL);
  MutualBankInput in = {
    .name = "statement", .currency = "EUR", .digits = 2, .date_order = order,
    .emit = collect, .emit_data = records,
  };
  gboolean ok = FALSE;

  switch (type)
    {
    case MUTUAL_IMPORT_TYPE_OFX:
      ok = mutual_bank_read_ofx (&in, stream, error);
      break;
    case MUTUAL_IMPORT_TYPE_CAMT053:
      ok = mutual_bank_read_camt053 (&in, stream, error);
      break;
    case MUTUAL_IMPORT_TYPE_QIF:
      ok = mutual_bank_read_qif (&in, stream, error);
      break;
    default:
      g_assert_not_reached ();
    }
  return ok ? g_steal_pointer (&records) : NULL;
}

static GPtrArray *
read_text (MutualImportType type,
           const char      *text,
           GError         **error)
{
  return read_with (type, text, strlen (text), MUTUAL_DATE_ORDER_UNKNOWN, error);
}

static char *
fixture_path (const char *name)
{
  return g_build_filename (MUTUAL_BANK_FIXTURES, name, NULL);
}

static GPtrArray *
read_fixture (MutualImportType  type,
              const char       *name,
              MutualDateOrder   order)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = fixture_path (name);
  g_autofree char *contents = NULL;
  gsize length = 0;
  GPtrArray *records;

  g_assert_true (g_file_get_contents (path, &contents, &length, &error));
  records = read_with (type, contents, length, order, &error);
  g_assert_no_error (error);
  g_assert_nonnull (records);
  return records;
}

static void
assert_record (GPtrArray       *records,
               guint            index,
               MutualDate       date,
               MutualDirection  direction,
               gint64           value,
               const char      *currency,
               const char      *counterparty,
               const char      *note,
               const char      *source_id)
{
  const MutualImportRecord *r;

  g_assert_cmpuint (index, <, records->len);
  r = records->pdata[index];
  g_assert_cmpuint (r->date, ==, date);
  g_assert_cmpint (r->direction, ==, direction);
  g_assert_cmpint (r->kind, ==, MUTUAL_KIND_PAYMENT);
  g_assert_cmpint (r->value, ==, value);
  g_assert_cmpstr (r->currency, ==, currency);
  g_assert_cmpstr (r->counterparty, ==, counterparty);
  g_assert_cmpstr (r->note, ==, note);
  g_assert_cmpstr (r->source_id, ==, source_id);
  g_assert_cmpint (r->minutes, ==, -1);
  g_assert_cmpuint (r->line, >, 0);
  g_assert_cmpuint (r->column, >, 0);
}

/* A refusal names the file, the line and the column, and says @words. */
static void
assert_refused (MutualImportType  type,
                const char       *text,
                int               line,
                int               column,
                const char       *words)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) records = read_text (type, text, &error);
  g_autofree char *at = g_strdup_printf ("In “statement” at line %d, column %d: ", line, column);

  g_assert_null (records);
  g_assert_error (error, MUTUAL_ERROR, MUTUAL_ERROR_DATA);
  if (!g_str_has_prefix (error->message, at) || strstr (error->message, words) == NULL)
    g_error ("expected “%s…%s”, got “%s”", at, words, error->message);
}

#define GIVEN MUTUAL_DIRECTION_GIVEN
#define RECEIVED MUTUAL_DIRECTION_RECEIVED

/* OFX */

static void
test_ofx_us_bank_sgml (void)
{
  g_autoptr(GPtrArray) r = read_fixture (MUTUAL_IMPORT_TYPE_OFX, "ofx/us-bank-102-sgml.ofx", 0);

  g_assert_cmpuint (r->len, ==, 3);
  assert_record (r, 0, 20251203, RECEIVED, 450000, "USD", "ACME CORP PAYROLL PPD ID: 1234",
                 "INVOICE 2025-031", "000000123456789:202512030");
  assert_record (r, 1, 20251205, GIVEN, 1250, "USD", "NORTHWIND COFFEE", NULL,
                 "000000123456789:202512050");
  assert_record (r, 2, 20251231, GIVEN, 120000, "USD", "CHECK 1042", NULL,
                 "000000123456789:202512310");
  g_assert_cmpuint (((MutualImportRecord *) r->pdata[0])->line, ==, 45);
  g_assert_cmpuint (((MutualImportRecord *) r->pdata[0])->column, ==, 1);
}

static void
test_ofx_credit_card (void)
{
  g_autoptr(GPtrArray) r = read_fixture (MUTUAL_IMPORT_TYPE_OFX, "ofx/credit-card-102.ofx", 0);

  g_assert_cmpuint (r->len, ==, 2);
  assert_record (r, 0, 20251210, GIVEN, 8999, "USD", "FIGMA INC", "SAN FRANCISCO CA",
                 "XXXXXXXXXXX61005:320253440001234567");
  assert_record (r, 1, 20251215, RECEIVED, 25000, "USD", "PAYMENT - THANK YOU", NULL,
                 "XXXXXXXXXXX61005:320253490007654321");
}

static void
test_ofx_xml_two_accounts (void)
{
  g_autoptr(GPtrArray) r = read_fixture (MUTUAL_IMPORT_TYPE_OFX, "ofx/ofx-211-two-accounts.ofx", 0);

  g_assert_cmpuint (r->len, ==, 4);
  /* PAYEE's NAME, entities decoded. */
  assert_record (r, 0, 20251202, RECEIVED, 150000, "EUR", "Acme GmbH",
                 "Rechnung 2025-044 & Spesen", "DE89370400440532013000:1");
  /* CURRENCY: the amount is in dollars. */
  assert_record (r, 1, 20251215, GIVEN, 4900, "USD", "Hosting <Server>", NULL,
                 "DE89370400440532013000:2");
  /* ORIGCURRENCY: it was converted into the statement's euros. */
  assert_record (r, 2, 20251220, GIVEN, 999, "EUR", "App Store", NULL,
                 "DE89370400440532013000:3");
  /* The same FITID in another account is another transaction. */
  assert_record (r, 3, 20251231, RECEIVED, 20000, "EUR", "Acme GmbH", NULL,
                 "DE02120300000000202051:1");
}

static void
test_ofx_qfx (void)
{
  g_autoptr(GPtrArray) r = read_fixture (MUTUAL_IMPORT_TYPE_OFX, "ofx/quicken-web-connect.qfx", 0);

  g_assert_cmpuint (r->len, ==, 2);
  /* An empty <MEMO> is no note; "+750.00" and "-.99" are amounts. */
  assert_record (r, 0, 20251222, RECEIVED, 75000, "USD", "ZELLE FROM JANE DOE", NULL,
                 "987654321:20251222-750.00-0");
  /* Windows-1252, as its header says. */
  assert_record (r, 1, 20251223, GIVEN, 99, "USD", "Café Müller & Co", NULL,
                 "987654321:20251223-0.99-0");
}

static void
test_ofx_comma_decimal (void)
{
  g_autoptr(GPtrArray) r = read_fixture (MUTUAL_IMPORT_TYPE_OFX, "ofx/german-bank-comma-102.ofx", 0);

  g_assert_cmpuint (r->len, ==, 2);
  assert_record (r, 0, 20251103, RECEIVED, 238000, "EUR", "Beispiel AG", "RE 2025-0099 VIELEN DANK",
                 "DE12500105170648489890:2025110300001");
  assert_record (r, 1, 20251130, GIVEN, 490, "EUR", "Kontofuehrung", NULL,
                 "DE12500105170648489890:2025113000002");
}

#define OFX_HEAD "OFXHEADER:100\nDATA:OFXSGML\nVERSION:102\n\n<OFX>\n<BANKMSGSRSV1><STMTTRNRS><STMTRS>\n" \
                 "<CURDEF>EUR\n<BANKACCTFROM><ACCTID>1</BANKACCTFROM>\n<BANKTRANLIST>\n"
#define OFX_TAIL "</BANKTRANLIST></STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>\n"

static void
test_ofx_dates (void)
{
  const char *forms[] = {
    "20251231", "202512311200", "20251231120000", "20251231120000.000",
    "20251231120000.000[-5:EST]", "20251231235959[+1:CET]", "20251231[0:GMT]",
    "20251231120000[-3.30:NST]", "20251231000000[-8]",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (forms); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *text = g_strdup_printf (OFX_HEAD "<STMTTRN><DTPOSTED>%s\n<TRNAMT>1\n</STMTTRN>\n" OFX_TAIL,
                                               forms[i]);
      g_autoptr(GPtrArray) r = read_text (MUTUAL_IMPORT_TYPE_OFX, text, &error);

      g_assert_no_error (error);
      g_assert_cmpuint (r->len, ==, 1);
      /* The date the bank wrote, whatever its time zone. */
      assert_record (r, 0, 20251231, RECEIVED, 100, "EUR", NULL, NULL, NULL);
    }
}

static void
test_ofx_control_characters (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) r = read_text (MUTUAL_IMPORT_TYPE_OFX,
                                      OFX_HEAD "<STMTTRN><DTPOSTED>20251231<TRNAMT>1<NAME>A\tB\x01" "C\n"
                                      "<MEMO>line one\r\nline\x1a two\r</STMTTRN>" OFX_TAIL, &error);

  /* A stray control character is a space, a line break stays in a note. */
  g_assert_no_error (error);
  assert_record (r, 0, 20251231, RECEIVED, 100, "EUR", "A B C", "line one\nline  two", NULL);
}

static void
test_ofx_malformed (void)
{
  /* No date. */
  assert_refused (MUTUAL_IMPORT_TYPE_OFX,
                  OFX_HEAD "<STMTTRN>\n<TRNAMT>-1.00\n<FITID>9\n</STMTTRN>\n" OFX_TAIL,
                  10, 1, "no date (DTPOSTED)");
  /* No amount. */
  assert_refused (MUTUAL_IMPORT_TYPE_OFX,
                  OFX_HEAD "<STMTTRN>\n<DTPOSTED>20251231\n</STMTTRN>\n" OFX_TAIL,
                  10, 1, "no amount (TRNAMT)");
  /* A bad amount, a bad date, and too many decimals for euros. */
  assert_refused (MUTUAL_IMPORT_TYPE_OFX,
                  OFX_HEAD "<STMTTRN>\n<DTPOSTED>20251231\n  <TRNAMT>12.5O\n</STMTTRN>\n" OFX_TAIL,
                  12, 3, "“12.5O” is not a number");
  assert_refused (MUTUAL_IMPORT_TYPE_OFX,
                  OFX_HEAD "<STMTTRN>\n<DTPOSTED>20251231\n<TRNAMT>12.505\n</STMTTRN>\n" OFX_TAIL,
                  12, 1, "more decimal places");
  assert_refused (MUTUAL_IMPORT_TYPE_OFX,
                  OFX_HEAD "<STMTTRN>\n<DTPOSTED>20251331\n<TRNAMT>1\n</STMTTRN>\n" OFX_TAIL,
                  11, 1, "“20251331” is not an OFX date");
  /* An aggregate closed by its parent's end tag. */
  assert_refused (MUTUAL_IMPORT_TYPE_OFX,
                  OFX_HEAD "<STMTTRN>\n<DTPOSTED>20251231\n<TRNAMT>1\n" OFX_TAIL,
                  10, 1, "<STMTTRN> is not closed before </BANKTRANLIST>");
  /* Truncated in a transaction, in a tag, and before any element. */
  assert_refused (MUTUAL_IMPORT_TYPE_OFX,
                  OFX_HEAD "<STMTTRN>\n<DTPOSTED>20251231\n<TRNAMT>1\n",
                  10, 1, "<STMTTRN> is not closed; the file ends first");
  assert_refused (MUTUAL_IMPORT_TYPE_OFX, OFX_HEAD "<STMTTRN>\n<DTPOS", 11, 1, "ends inside a tag");
  assert_refused (MUTUAL_IMPORT_TYPE_OFX, "", 1, 1, "no <OFX> element");
  assert_refused (MUTUAL_IMPORT_TYPE_OFX, "OFXHEADER:100\n\n<HTML>", 3, 1, "does not begin with <OFX>");
  /* An end tag of nothing, text between aggregates, a DOCTYPE. */
  assert_refused (MUTUAL_IMPORT_TYPE_OFX, OFX_HEAD "</STMTTRN>" OFX_TAIL, 10, 1, "</STMTTRN> closes no open");
  assert_refused (MUTUAL_IMPORT_TYPE_OFX, OFX_HEAD "garbage</BANKTRANLIST>", 9, 1, "<BANKTRANLIST> holds text");
  assert_refused (MUTUAL_IMPORT_TYPE_OFX,
                  OFX_HEAD "<STMTTRN><DTPOSTED>20251231<TRNAMT>1</STMTTRN>garbage\n" OFX_TAIL,
                  11, 1, "text where only elements");
  assert_refused (MUTUAL_IMPORT_TYPE_OFX, "<!DOCTYPE OFX SYSTEM \"x\"><OFX></OFX>", 1, 1, "declaration");
  /* A currency Mutual does not know. */
  assert_refused (MUTUAL_IMPORT_TYPE_OFX,
                  OFX_HEAD "<STMTTRN>\n<DTPOSTED>20251231\n<TRNAMT>1\n<CURRENCY><CURSYM>XYZ</CURRENCY>\n</STMTTRN>\n" OFX_TAIL,
                  10, 1, "“XYZ” is not an ISO 4217 code");
}

static void
test_ofx_limits (void)
{
  g_autoptr(GString) text = g_string_new (OFX_HEAD "<STMTTRN>\n<DTPOSTED>20251231\n<TRNAMT>1\n<MEMO>");
  g_autoptr(GString) tag = g_string_new (OFX_HEAD "<STMTTRN ");
  g_autoptr(GString) deep = g_string_new ("<OFX>");

  for (int i = 0; i < 70 * 1024; i++)
    g_string_append_c (text, 'x');
  g_string_append (text, "\n</STMTTRN>" OFX_TAIL);
  assert_refused (MUTUAL_IMPORT_TYPE_OFX, text->str, 13, 1, "value is longer than 64 KiB");

  for (int i = 0; i < 70 * 1024; i++)
    g_string_append_c (tag, 'a');
  g_string_append (tag, ">");
  assert_refused (MUTUAL_IMPORT_TYPE_OFX, tag->str, 10, 1, "tag is longer than 64 KiB");

  for (int i = 0; i < 100; i++)
    g_string_append (deep, "<A>");
  assert_refused (MUTUAL_IMPORT_TYPE_OFX, deep->str, 1, 195, "nested deeper");
}

/* CAMT.053 */

static void
assert_iban (GPtrArray  *records,
             guint       index,
             const char *iban)
{
  g_assert_cmpstr (((MutualImportRecord *) records->pdata[index])->iban, ==, iban);
}

static void
test_camt_v2_german_bank (void)
{
  g_autoptr(GPtrArray) r = read_fixture (MUTUAL_IMPORT_TYPE_CAMT053, "camt/camt053-v02-german-bank.xml", 0);

  g_assert_cmpuint (r->len, ==, 4);
  /* The debtor of a credit; the remittance lines joined. */
  assert_record (r, 0, 20251231, RECEIVED, 150000, "EUR", "Acme GmbH", "Rechnung 2025-044 vielen Dank",
                 "DE89370400440532013000:2025123100001");
  assert_iban (r, 0, "DE02120300000000202051");
  g_assert_cmpuint (((MutualImportRecord *) r->pdata[0])->line, ==, 30);
  g_assert_cmpuint (((MutualImportRecord *) r->pdata[0])->column, ==, 7);
  /* No related party: the entry's additional information is the note. */
  assert_record (r, 1, 20251231, GIVEN, 490, "EUR", NULL, "Entgelt Kontoführung",
                 "DE89370400440532013000:2025123100002");
  assert_iban (r, 1, NULL);
  /* A batch: one record per transaction, each with its own amount. */
  assert_record (r, 2, 20251231, GIVEN, 25000, "EUR", "Müller & Söhne", "Druckkosten Dezember",
                 "DE89370400440532013000:2025123100003/1");
  assert_iban (r, 2, "FR1420041010050500013M02606");
  assert_record (r, 3, 20251231, GIVEN, 8000, "EUR", "Kurierdienst Schnell", NULL,
                 "DE89370400440532013000:2025123100003/2");
  g_assert_cmpuint (((MutualImportRecord *) r->pdata[3])->line, ==, 82);
}

static void
test_camt_v8_two_statements (void)
{
  g_autoptr(GPtrArray) r = read_fixture (MUTUAL_IMPORT_TYPE_CAMT053, "camt/camt053-v08-two-statements.xml", 0);

  g_assert_cmpuint (r->len, ==, 4);
  /* The ultimate debtor is the one who paid; the account is the debtor's. */
  assert_record (r, 0, 20251215, RECEIVED, 240000, "EUR", "Dupont & Associés", "Facture F2025-118",
                 "FR1420041010050500013M02606:FR25121500042");
  assert_iban (r, 0, "DE89370400440532013000");
  /* The creditor of a debit; the value date without a booking date;
   * the transaction's additional information as the note. */
  assert_record (r, 1, 20251220, GIVEN, 12000, "EUR", "Imprimerie Martin", "VIR SEPA IMPRIMERIE MARTIN",
                 "FR1420041010050500013M02606:E2");
  assert_iban (r, 1, "FR7630006000011234567890189");
  /* No reference at all: the sink hashes the row. */
  assert_record (r, 2, 20251231, GIVEN, 1200, "EUR", NULL, "FRAIS TENUE DE COMPTE", NULL);
  /* The second statement, an account without IBAN, in dollars. */
  assert_record (r, 3, 20251218, RECEIVED, 98050, "USD", "Northwind Inc.", NULL, "US-000123:US1218-7");
}

static void
test_camt_v4_without_names (void)
{
  g_autoptr(GPtrArray) r = read_fixture (MUTUAL_IMPORT_TYPE_CAMT053, "camt/camt053-v04-minimal.xml", 0);

  g_assert_cmpuint (r->len, ==, 1);
  assert_record (r, 0, 20251231, RECEIVED, 7550, "CHF", NULL, NULL, "CH9300762011623852957:20251231-1");
  assert_iban (r, 0, "CH5604835012345678009");
}

#define CAMT_HEAD "<?xml version=\"1.0\"?>\n<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.02\">\n" \
                  "<BkToCstmrStmt><Stmt><Acct><Id><IBAN>DE89370400440532013000</IBAN></Id></Acct>\n"
#define CAMT_TAIL "</Stmt></BkToCstmrStmt></Document>\n"

static void
test_camt_malformed (void)
{
  g_autoptr(GString) text = g_string_new (CAMT_HEAD "<Ntry><AddtlNtryInf>");
  g_autoptr(GString) tag = g_string_new (CAMT_HEAD "<Ntry a=\"");

  /* No date, a bad amount, no amount, no indicator, a bad date. */
  assert_refused (MUTUAL_IMPORT_TYPE_CAMT053,
                  CAMT_HEAD "<Ntry>\n<Amt Ccy=\"EUR\">1.00</Amt><CdtDbtInd>CRDT</CdtDbtInd></Ntry>\n" CAMT_TAIL,
                  4, 1, "no booking date and no value date");
  assert_refused (MUTUAL_IMPORT_TYPE_CAMT053,
                  CAMT_HEAD "<Ntry>\n  <Amt Ccy=\"EUR\">1.0.0</Amt><CdtDbtInd>CRDT</CdtDbtInd>"
                  "<BookgDt><Dt>2025-12-31</Dt></BookgDt></Ntry>\n" CAMT_TAIL,
                  5, 3, "“1.0.0” is not a number");
  assert_refused (MUTUAL_IMPORT_TYPE_CAMT053,
                  CAMT_HEAD "<Ntry>\n  <Amt Ccy=\"EUR\">-1.00</Amt><CdtDbtInd>CRDT</CdtDbtInd>"
                  "<BookgDt><Dt>2025-12-31</Dt></BookgDt></Ntry>\n" CAMT_TAIL,
                  5, 3, "“-1.00” is not a number");
  assert_refused (MUTUAL_IMPORT_TYPE_CAMT053,
                  CAMT_HEAD "<Ntry><CdtDbtInd>CRDT</CdtDbtInd><BookgDt><Dt>2025-12-31</Dt></BookgDt></Ntry>\n" CAMT_TAIL,
                  4, 1, "no amount (Amt)");
  assert_refused (MUTUAL_IMPORT_TYPE_CAMT053,
                  CAMT_HEAD "<Ntry><Amt Ccy=\"EUR\">1</Amt><BookgDt><Dt>2025-12-31</Dt></BookgDt></Ntry>\n" CAMT_TAIL,
                  4, 1, "no credit or debit indicator");
  assert_refused (MUTUAL_IMPORT_TYPE_CAMT053,
                  CAMT_HEAD "<Ntry><Amt Ccy=\"EUR\">1</Amt><CdtDbtInd>CRDT</CdtDbtInd>\n"
                  "<BookgDt><Dt>31.12.2025</Dt></BookgDt></Ntry>\n" CAMT_TAIL,
                  5, 1, "“31.12.2025” is not a date");
  assert_refused (MUTUAL_IMPORT_TYPE_CAMT053,
                  CAMT_HEAD "<Ntry><Amt>1</Amt><CdtDbtInd>CRDT</CdtDbtInd>"
                  "<BookgDt><Dt>2025-12-31</Dt></BookgDt></Ntry>\n" CAMT_TAIL,
                  4, 7, "no currency");
  /* A batch whose second transaction has no amount. */
  assert_refused (MUTUAL_IMPORT_TYPE_CAMT053,
                  CAMT_HEAD "<Ntry><Amt Ccy=\"EUR\">3</Amt><CdtDbtInd>CRDT</CdtDbtInd>"
                  "<BookgDt><Dt>2025-12-31</Dt></BookgDt><NtryDtls>\n"
                  "<TxDtls><AmtDtls><TxAmt><Amt Ccy=\"EUR\">1</Amt></TxAmt></AmtDtls></TxDtls>\n"
                  "<TxDtls></TxDtls></NtryDtls></Ntry>\n" CAMT_TAIL,
                  6, 1, "holds several transactions, and this one has no amount");
  /* Truncated, an aggregate left open, not XML at all. */
  assert_refused (MUTUAL_IMPORT_TYPE_CAMT053, CAMT_HEAD "<Ntry><Amt Ccy=\"EUR\">1</Amt>", 4, 29, "it ends inside an element");
  assert_refused (MUTUAL_IMPORT_TYPE_CAMT053, CAMT_HEAD "<Ntry><Amt Ccy=\"EUR\">1</Amt>\n" CAMT_TAIL,
                  5, 8, "closed by another element’s end tag");
  assert_refused (MUTUAL_IMPORT_TYPE_CAMT053, "", 1, 1, "not a CAMT.053");
  /* Hostile: a DOCTYPE, an entity, a tag or a text over 64 KiB. */
  assert_refused (MUTUAL_IMPORT_TYPE_CAMT053,
                  "<?xml version=\"1.0\"?>\n<!DOCTYPE d [<!ENTITY a \"aaaa\">]>\n<Document/>",
                  2, 1, "document type declaration");
  assert_refused (MUTUAL_IMPORT_TYPE_CAMT053, CAMT_HEAD "<Ntry>&a;</Ntry>" CAMT_TAIL, 4, 10, "entity");
  for (int i = 0; i < 70 * 1024; i++)
    {
      g_string_append_c (text, 'x');
      g_string_append_c (tag, 'x');
    }
  g_string_append (text, "</AddtlNtryInf></Ntry>" CAMT_TAIL);
  g_string_append (tag, "\"></Ntry>" CAMT_TAIL);
  assert_refused (MUTUAL_IMPORT_TYPE_CAMT053, tag->str, 4, 1, "tag is longer than 64 KiB");
  assert_refused (MUTUAL_IMPORT_TYPE_CAMT053, text->str, 4, 7, "value is longer than 64 KiB");
  /* Not a statement of a version Mutual reads. */
  assert_refused (MUTUAL_IMPORT_TYPE_CAMT053,
                  "<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.09\"/>", 1, 1,
                  "version 09; Mutual reads versions 2 to 8");
  assert_refused (MUTUAL_IMPORT_TYPE_CAMT053,
                  "<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.054.001.02\"/>", 1, 1,
                  "another ISO 20022 message (camt.054.001.02)");
  assert_refused (MUTUAL_IMPORT_TYPE_CAMT053, "<mutual/>", 1, 1, "not a CAMT.053");
  assert_refused (MUTUAL_IMPORT_TYPE_CAMT053, "\xff\xfe<\0D\0", 1, 1, "not UTF-8");
}

/* QIF */

static void
test_qif_homebank_splits (void)
{
  g_autoptr(GPtrArray) r = read_fixture (MUTUAL_IMPORT_TYPE_QIF, "qif/homebank-mdy.qif", 0);

  g_assert_cmpuint (r->len, ==, 3);
  /* 12/03 alone could be either; 12/15 says month first for the file. */
  assert_record (r, 0, 20251203, RECEIVED, 450000, NULL, "Acme Corp", "Invoice 2025-031", NULL);
  g_assert_cmpuint (((MutualImportRecord *) r->pdata[0])->line, ==, 2);
  /* A split transaction is one exchange of its total; the split memos
   * join the note. */
  assert_record (r, 1, 20251215, GIVEN, 123456, NULL, "Northwind Traders",
                 "Office move; Desk and chairs; Van hire", NULL);
  assert_record (r, 2, 20251231, GIVEN, 1250, NULL, "Coffee Corner", NULL, NULL);
}

static void
test_qif_quicken_apostrophe (void)
{
  g_autoptr(GPtrArray) r = read_fixture (MUTUAL_IMPORT_TYPE_QIF, "qif/quicken-ccard-apostrophe.qif", 0);

  /* The account list, the categories and the investment register are
   * skipped. */
  g_assert_cmpuint (r->len, ==, 3);
  assert_record (r, 0, 20250102, GIVEN, 8999, NULL, "Figma Inc", "Design tools", NULL);
  assert_record (r, 1, 20251231, RECEIVED, 25000, NULL, "Payment - thank you", NULL, NULL);
  assert_record (r, 2, 19980214, GIVEN, 1000, NULL, "Old Shop", NULL, NULL);
}

static void
test_qif_german_day_first (void)
{
  g_autoptr(GPtrArray) r = read_fixture (MUTUAL_IMPORT_TYPE_QIF, "qif/german-cash-dmy.qif", 0);

  g_assert_cmpuint (r->len, ==, 3);
  /* Windows-1252, decimal commas, points between thousands. */
  assert_record (r, 0, 20251231, GIVEN, 123456, NULL, "Müller & Söhne", "Druckkosten", NULL);
  assert_record (r, 1, 20251201, RECEIVED, 238000, NULL, "Beispiel AG", NULL, NULL);
  assert_record (r, 2, 20251205, GIVEN, 490, NULL, "Kiosk", NULL, NULL);
}

static void
test_qif_date_forms (void)
{
  g_autoptr(GPtrArray) iso = read_fixture (MUTUAL_IMPORT_TYPE_QIF, "qif/iso-dates.qif", 0);
  g_autoptr(GPtrArray) slash = read_fixture (MUTUAL_IMPORT_TYPE_QIF, "qif/slash-dmy.qif", 0);

  assert_record (iso, 0, 20251231, RECEIVED, 10000, NULL, "ISO Payer", NULL, NULL);
  assert_record (iso, 1, 20250102, GIVEN, 500, NULL, "ISO Payee", "With a memo", NULL);
  assert_record (slash, 0, 20251231, RECEIVED, 100000, NULL, "Slash Day First", NULL, NULL);
  assert_record (slash, 1, 20251201, GIVEN, 1500, NULL, "First of December", NULL, NULL);
}

static void
test_qif_ambiguous_dates (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = fixture_path ("qif/ambiguous.qif");
  g_autofree char *contents = NULL;
  gsize length = 0;
  g_autoptr(GPtrArray) refused = NULL;
  g_autoptr(GPtrArray) dmy = NULL;
  g_autoptr(GPtrArray) mdy = NULL;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  /* Refused rather than guessed, the option named. */
  refused = read_with (MUTUAL_IMPORT_TYPE_QIF, contents, length, MUTUAL_DATE_ORDER_UNKNOWN, &error);
  g_assert_null (refused);
  g_assert_error (error, MUTUAL_ERROR, MUTUAL_ERROR_DATA);
  g_assert_true (g_str_has_prefix (error->message, "In “statement” at line 2, column 1: "));
  g_assert_nonnull (strstr (error->message, "--date-order=dmy"));
  g_clear_error (&error);
  refused = read_with (MUTUAL_IMPORT_TYPE_QIF, contents, length, MUTUAL_DATE_ORDER_YMD, &error);
  g_assert_null (refused);
  g_assert_error (error, MUTUAL_ERROR, MUTUAL_ERROR_DATA);
  g_clear_error (&error);

  dmy = read_with (MUTUAL_IMPORT_TYPE_QIF, contents, length, MUTUAL_DATE_ORDER_DMY, &error);
  g_assert_no_error (error);
  assert_record (dmy, 0, 20250201, RECEIVED, 10000, NULL, "January or February", NULL, NULL);
  assert_record (dmy, 1, 20250403, GIVEN, 500, NULL, "March or April", NULL, NULL);
  mdy = read_with (MUTUAL_IMPORT_TYPE_QIF, contents, length, MUTUAL_DATE_ORDER_MDY, &error);
  g_assert_no_error (error);
  assert_record (mdy, 0, 20250102, RECEIVED, 10000, NULL, "January or February", NULL, NULL);
  assert_record (mdy, 1, 20250304, GIVEN, 500, NULL, "March or April", NULL, NULL);
}

static void
test_qif_amount_forms (void)
{
  static const struct { const char *text; gint64 value; MutualDirection direction; } forms[] = {
    { "1,234.56", 123456, RECEIVED }, { "-1,234.56", 123456, GIVEN }, { "1.234,56", 123456, RECEIVED },
    { "-1 234,56", 123456, GIVEN }, { "1\xc2\xa0" "234,56", 123456, RECEIVED }, { "1\xe2\x80\xaf" "234,56", 123456, RECEIVED },
    { "1,234,567.8", 123456780, RECEIVED }, { "12,5", 1250, RECEIVED }, { "-.5", 50, GIVEN },
    { "1,234", 123400, RECEIVED }, { "+7", 700, RECEIVED }, { "3.10", 310, RECEIVED },
    { "0.000", 0, RECEIVED }, { "-0", 0, RECEIVED },
  };
  static const char *bad[] = { "1,23,4.00", "1.2.3,4", "1 2", "--1", "1-", "12..5", ",", "1e3", "0x10", "" };

  for (gsize i = 0; i < G_N_ELEMENTS (forms); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *text = g_strdup_printf ("!Type:Bank\nD2025-12-31\nT%s\n^\n", forms[i].text);
      g_autoptr(GPtrArray) r = read_text (MUTUAL_IMPORT_TYPE_QIF, text, &error);

      g_assert_no_error (error);
      assert_record (r, 0, 20251231, forms[i].direction, forms[i].value, NULL, NULL, NULL, NULL);
    }
  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *text = g_strdup_printf ("!Type:Bank\nD2025-12-31\nT%s\n^\n", bad[i]);

      assert_refused (MUTUAL_IMPORT_TYPE_QIF, text, 3, 1, "is not a number");
    }
}

static void
test_qif_malformed (void)
{
  assert_refused (MUTUAL_IMPORT_TYPE_QIF, "!Type:Bank\nT1.00\nPX\n^\n", 2, 1, "no date");
  assert_refused (MUTUAL_IMPORT_TYPE_QIF, "!Type:Bank\nD2025-12-31\nPX\n^\n", 2, 1, "no amount");
  assert_refused (MUTUAL_IMPORT_TYPE_QIF, "!Type:Bank\nD2025-12-31\nT12.5O\n^\n", 3, 1, "“12.5O” is not a number");
  assert_refused (MUTUAL_IMPORT_TYPE_QIF, "!Type:Bank\nD2025-12-31\nT1.2345\n^\n", 3, 1, "more decimal places");
  assert_refused (MUTUAL_IMPORT_TYPE_QIF, "!Type:Bank\nD2025-12-31\nT1\nS\n$x\n^\n", 5, 1, "“x” is not a number");
  assert_refused (MUTUAL_IMPORT_TYPE_QIF, "!Type:Bank\nD13/13/2025\nT1\n^\n", 2, 1, "“13/13/2025” is not a date");
  assert_refused (MUTUAL_IMPORT_TYPE_QIF, "!Type:Bank\nD02/30/2025\nT1\n^\n", 2, 1, "“02/30/2025” is not a date");
  assert_refused (MUTUAL_IMPORT_TYPE_QIF, "!Type:Bank\nDyesterday\nT1\n^\n", 2, 1, "“yesterday” is not a date");
  /* One file, one order. */
  assert_refused (MUTUAL_IMPORT_TYPE_QIF, "!Type:Bank\nD31/12/2025\nT1\n^\nD12/31/2025\nT1\n^\n",
                  5, 1, "has its month first, but the date on line 2 has its day first");
  /* Truncated; a section begun inside a record. */
  assert_refused (MUTUAL_IMPORT_TYPE_QIF, "!Type:Bank\nD2025-12-31\nT1\n^\nD2025-12-31\nT1", 5, 1,
                  "ends inside the record");
  assert_refused (MUTUAL_IMPORT_TYPE_QIF, "!Type:Bank\nD2025-12-31\n!Type:Cash\n", 3, 1,
                  "before the record on line 2 has ended");
  /* Not QIF, or nothing Mutual reads in it. */
  assert_refused (MUTUAL_IMPORT_TYPE_QIF, "D2025-12-31\nT1\n^\n", 1, 1, "does not begin with a “!Type:” line");
  assert_refused (MUTUAL_IMPORT_TYPE_QIF, "", 1, 1, "does not begin with a “!Type:” line");
  assert_refused (MUTUAL_IMPORT_TYPE_QIF, "!Type:Bank\n^\n!Type:Stocks\n", 3, 1, "“Stocks” is not one Mutual reads");
  assert_refused (MUTUAL_IMPORT_TYPE_QIF, "!Type:Cat\nNFood\n^\n", 1, 1, "no bank, cash or credit card section");
  {
    static const char zero[] = "!Type:Bank\nD2025-12-31\nT1\0\n^\n";
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) r = read_with (MUTUAL_IMPORT_TYPE_QIF, zero, sizeof zero - 1, 0, &error);

    g_assert_null (r);
    g_assert_error (error, MUTUAL_ERROR, MUTUAL_ERROR_DATA);
    g_assert_true (g_str_has_prefix (error->message, "In “statement” at line 3, column 1: "));
  }
}

static void
test_qif_limits (void)
{
  g_autoptr(GString) text = g_string_new ("!Type:Bank\nD2025-12-31\nT1\nM");

  for (int i = 0; i < 70 * 1024; i++)
    g_string_append_c (text, 'x');
  g_string_append (text, "\n^\n");
  assert_refused (MUTUAL_IMPORT_TYPE_QIF, text->str, 4, 1, "line is longer than 64 KiB");
}

static void
test_qif_pipe (void)
{
  /* A stream that cannot seek is read twice through a temporary copy. */
  g_autoptr(GError) error = NULL;
  g_autofree char *path = fixture_path ("qif/homebank-mdy.qif");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInputStream) raw = g_file_read (file, NULL, &error);
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) mutual_import_record_free);
  MutualBankInput in = { .name = "pipe", .currency = "EUR", .digits = 2, .emit = collect, .emit_data = records };
  int fds[2];
  g_autofree char *contents = NULL;
  gsize length = 0;

  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_assert_cmpint (pipe (fds), ==, 0);
  g_assert_cmpint (write (fds[1], contents, length), ==, (gssize) length);
  close (fds[1]);
  stream = g_unix_input_stream_new (fds[0], TRUE);
  g_assert_false (G_IS_SEEKABLE (stream) && g_seekable_can_seek (G_SEEKABLE (stream)));
  g_assert_true (mutual_bank_read_qif (&in, stream, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (records->len, ==, 3);
}

/* End to end: into a ledger, through mutual_import_any() */

static gboolean
import_file (LedgerFixture       *f,
             const char          *path,
             MutualDateOrder      order,
             MutualImportReport  *report,
             GError             **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  MutualImportOptions options = { .date_order = order };

  return mutual_import_any (f->ledger, file, &options, report, NULL, NULL, NULL, error);
}

/* Imports @name @rounds times: @added exchanges the first time, none
 * after (@rounds 1: it was imported already). */
static void
import_fixture (LedgerFixture *f,
                const char    *name,
                int            rounds,
                guint64        added,
                guint64        skipped)
{
  g_autofree char *path = fixture_path (name);

  for (int round = 2 - rounds; round < 2; round++)
    {
      g_autoptr(GError) error = NULL;
      MutualImportReport report = { 0 };

      g_assert_true (import_file (f, path, 0, &report, &error));
      g_assert_no_error (error);
      /* Imported again, nothing changes. */
      g_assert_cmpuint (report.counts.exchanges_added, ==, round == 0 ? added : 0);
      g_assert_cmpuint (report.counts.exchanges_unchanged, ==, round == 0 ? 0 : added);
      g_assert_cmpuint (report.counts.exchanges_updated, ==, 0);
      g_assert_cmpuint (report.exchanges_skipped, ==, skipped);
      mutual_import_report_clear (&report);
    }
}

static void
test_e2e_camt_identifiers (LedgerFixture *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = fixture_path ("camt/camt053-v02-german-bank.xml");
  MutualImportReport report = { 0 };
  gint64 acme, mueller, kurier;

  g_assert_true (mutual_ledger_set_currency (f->ledger, "EUR", NULL));
  acme = fixture_add_relationship (f, "Acme Consulting");
  mueller = fixture_add_relationship (f, "Druckerei Müller");
  kurier = fixture_add_relationship (f, "kurierdienst schnell");
  g_assert_true (mutual_ledger_add_identifier (f->ledger, acme, MUTUAL_IDENTIFIER_IBAN,
                                               "DE02 1203 0000 0000 2020 51", &error));
  g_assert_true (mutual_ledger_add_identifier (f->ledger, mueller, MUTUAL_IDENTIFIER_ALIAS,
                                               "Müller & Söhne", &error));
  g_assert_no_error (error);

  /* The preview's dry run: by IBAN, the fee without a party listed, by
   * alias, by name. */
  {
    g_autoptr(GFile) file = g_file_new_for_path (path);
    MutualImportOptions options = { .dry_run = TRUE };

    g_assert_true (mutual_import_any (f->ledger, file, &options, &report, NULL, NULL, NULL, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (report.matched->len, ==, 4);
    g_assert_cmpint (g_array_index (report.matched, gint64, 0), ==, acme);
    g_assert_cmpint (g_array_index (report.matched, gint64, 1), ==, 0);
    g_assert_cmpint (g_array_index (report.matched, gint64, 2), ==, mueller);
    g_assert_cmpint (g_array_index (report.matched, gint64, 3), ==, kurier);
    mutual_import_report_clear (&report);
  }

  g_assert_true (import_file (f, path, 0, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpint (report.type, ==, MUTUAL_IMPORT_TYPE_CAMT053);
  g_assert_null (report.matched);
  g_assert_cmpuint (report.skipped->len, ==, 1);
  g_assert_cmpstr (((MutualImportSkipped *) report.skipped->pdata[0])->reason, ==, "unmatched");
  g_assert_cmpuint (((MutualImportSkipped *) report.skipped->pdata[0])->line, ==, 53);
  mutual_import_report_clear (&report);

  g_assert_cmpint (mutual_ledger_count_exchanges (f->ledger, acme), ==, 1);
  g_assert_cmpint (mutual_ledger_count_exchanges (f->ledger, mueller), ==, 1);
  g_assert_cmpint (mutual_ledger_count_exchanges (f->ledger, kurier), ==, 1);
  import_fixture (f, "camt/camt053-v02-german-bank.xml", 1, 3, 1);
  g_assert_cmpint (mutual_ledger_count_exchanges (f->ledger, 0), ==, 3);
}

static void
test_e2e_ofx_currency (LedgerFixture *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = fixture_path ("ofx/ofx-211-two-accounts.ofx");
  MutualImportReport report = { 0 };
  gint64 acme;

  g_assert_true (mutual_ledger_set_currency (f->ledger, "EUR", NULL));
  acme = fixture_add_relationship (f, "ACME GMBH");
  g_assert_true (import_file (f, path, 0, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpint (report.type, ==, MUTUAL_IMPORT_TYPE_OFX);
  g_assert_cmpuint (report.counts.exchanges_added, ==, 2);
  /* The dollar row is listed, not imported; so is the unknown payee. */
  g_assert_cmpuint (report.skipped->len, ==, 2);
  g_assert_cmpstr (((MutualImportSkipped *) report.skipped->pdata[0])->reason, ==, "currency");
  g_assert_cmpstr (((MutualImportSkipped *) report.skipped->pdata[0])->currency, ==, "USD");
  g_assert_cmpint (((MutualImportSkipped *) report.skipped->pdata[0])->value, ==, 4900);
  g_assert_cmpstr (((MutualImportSkipped *) report.skipped->pdata[1])->reason, ==, "unmatched");
  mutual_import_report_clear (&report);
  g_assert_cmpint (mutual_ledger_count_exchanges (f->ledger, acme), ==, 2);

  import_fixture (f, "ofx/ofx-211-two-accounts.ofx", 1, 2, 2);
  g_assert_cmpint (mutual_ledger_count_exchanges (f->ledger, acme), ==, 2);
}

static void
test_e2e_qif_and_qfx (LedgerFixture *f,
                      gconstpointer  data)
{
  g_assert_true (mutual_ledger_set_currency (f->ledger, "USD", NULL));
  fixture_add_relationship (f, "Acme Corp");
  fixture_add_relationship (f, "Northwind Traders");
  fixture_add_relationship (f, "Zelle from Jane Doe");
  fixture_add_relationship (f, "Café Müller & Co");

  /* The coffee is nobody's; the split is one payment. */
  import_fixture (f, "qif/homebank-mdy.qif", 2, 2, 1);
  import_fixture (f, "ofx/quicken-web-connect.qfx", 2, 2, 0);
  g_assert_cmpint (mutual_ledger_count_exchanges (f->ledger, 0), ==, 4);
}

static void
test_e2e_qif_date_order (LedgerFixture *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = fixture_path ("qif/ambiguous.qif");
  MutualImportReport report = { 0 };

  g_assert_true (mutual_ledger_set_currency (f->ledger, "EUR", NULL));
  fixture_add_relationship (f, "January or February");
  g_assert_false (import_file (f, path, MUTUAL_DATE_ORDER_UNKNOWN, &report, &error));
  g_assert_error (error, MUTUAL_ERROR, MUTUAL_ERROR_DATA);
  g_assert_nonnull (strstr (error->message, "--date-order"));
  g_clear_error (&error);
  g_assert_cmpint (mutual_ledger_count_exchanges (f->ledger, 0), ==, 0);

  g_assert_true (import_file (f, path, MUTUAL_DATE_ORDER_DMY, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report.counts.exchanges_added, ==, 1);
  mutual_import_report_clear (&report);
}

/* A statement whose first rows are good and a later one is not. */
static void
test_e2e_malformed_unchanged (LedgerFixture *f,
                              gconstpointer  data)
{
  static const struct { const char *name; const char *text; const char *where; } bad[] = {
    { "bad.ofx", OFX_HEAD "<STMTTRN><DTPOSTED>20251231<TRNAMT>5<NAME>Acme\n</STMTTRN>\n"
                 "<STMTTRN><DTPOSTED>20251231<TRNAMT>5,5,5<NAME>Acme\n</STMTTRN>\n" OFX_TAIL,
      "In “bad.ofx” at line 12, column 28: " },
    { "bad.xml", CAMT_HEAD "<Ntry><Amt Ccy=\"EUR\">1</Amt><CdtDbtInd>CRDT</CdtDbtInd><BookgDt><Dt>2025-12-31</Dt></BookgDt>"
                 "<NtryDtls><TxDtls><RltdPties><Dbtr><Nm>Acme</Nm></Dbtr></RltdPties></TxDtls></NtryDtls></Ntry>\n"
                 "<Ntry><Amt Ccy=\"EUR\">1</Amt><CdtDbtInd>CRDT</CdtDbtInd></Ntry>\n" CAMT_TAIL,
      "In “bad.xml” at line 5, column 1: " },
    { "cut.xml", CAMT_HEAD "<Ntry><Amt Ccy=\"EUR\">1</Amt><CdtDbtInd>CRDT</CdtDbtInd><BookgDt><Dt>2025-12-31</Dt></BookgDt>"
                 "<NtryDtls><TxDtls><RltdPties><Dbtr><Nm>Acme</Nm></Dbtr></RltdPties></TxDtls></NtryDtls></Ntry>\n"
                 "<Ntry><Amt Ccy=\"EUR\">1",
      "In “cut.xml” at line 5, column " },
    { "bad.qif", "!Type:Bank\nD2025-12-31\nT5\nPAcme\n^\nD2025-12-31\nPAcme\n^\n",
      "In “bad.qif” at line 6, column 1: " },
  };

  g_assert_true (mutual_ledger_set_currency (f->ledger, "EUR", NULL));
  fixture_log (f, fixture_add_relationship (f, "Acme"), 20250101, GIVEN, MUTUAL_KIND_WORK, 100);

  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *path = g_build_filename (f->dir, bad[i].name, NULL);
      MutualImportReport report = { 0 };

      g_assert_true (g_file_set_contents (path, bad[i].text, -1, NULL));
      g_assert_false (import_file (f, path, 0, &report, &error));
      g_assert_error (error, MUTUAL_ERROR, MUTUAL_ERROR_DATA);
      if (!g_str_has_prefix (error->message, bad[i].where))
        g_error ("expected “%s…”, got “%s”", bad[i].where, error->message);
      g_assert_cmpint (mutual_ledger_count_exchanges (f->ledger, 0), ==, 1);
      g_assert_cmpint (mutual_ledger_count_relationships (f->ledger), ==, 1);
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/import-bank/ofx/us-bank-sgml", test_ofx_us_bank_sgml);
  g_test_add_func ("/import-bank/ofx/credit-card", test_ofx_credit_card);
  g_test_add_func ("/import-bank/ofx/xml-two-accounts", test_ofx_xml_two_accounts);
  g_test_add_func ("/import-bank/ofx/qfx", test_ofx_qfx);
  g_test_add_func ("/import-bank/ofx/comma-decimal", test_ofx_comma_decimal);
  g_test_add_func ("/import-bank/ofx/dates", test_ofx_dates);
  g_test_add_func ("/import-bank/ofx/control-characters", test_ofx_control_characters);
  g_test_add_func ("/import-bank/ofx/malformed", test_ofx_malformed);
  g_test_add_func ("/import-bank/ofx/limits", test_ofx_limits);

  g_test_add_func ("/import-bank/camt/v2-german-bank", test_camt_v2_german_bank);
  g_test_add_func ("/import-bank/camt/v8-two-statements", test_camt_v8_two_statements);
  g_test_add_func ("/import-bank/camt/v4-without-names", test_camt_v4_without_names);
  g_test_add_func ("/import-bank/camt/malformed", test_camt_malformed);
  g_test_add_func ("/import-bank/qif/homebank-splits", test_qif_homebank_splits);
  g_test_add_func ("/import-bank/qif/quicken-apostrophe", test_qif_quicken_apostrophe);
  g_test_add_func ("/import-bank/qif/german-day-first", test_qif_german_day_first);
  g_test_add_func ("/import-bank/qif/date-forms", test_qif_date_forms);
  g_test_add_func ("/import-bank/qif/ambiguous-dates", test_qif_ambiguous_dates);
  g_test_add_func ("/import-bank/qif/amount-forms", test_qif_amount_forms);
  g_test_add_func ("/import-bank/qif/malformed", test_qif_malformed);
  g_test_add_func ("/import-bank/qif/limits", test_qif_limits);
  g_test_add_func ("/import-bank/qif/pipe", test_qif_pipe);
  g_test_add ("/import-bank/e2e/camt-identifiers", LedgerFixture, NULL,
              ledger_fixture_set_up, test_e2e_camt_identifiers, ledger_fixture_tear_down);
  g_test_add ("/import-bank/e2e/ofx-currency", LedgerFixture, NULL,
              ledger_fixture_set_up, test_e2e_ofx_currency, ledger_fixture_tear_down);
  g_test_add ("/import-bank/e2e/qif-and-qfx", LedgerFixture, NULL,
              ledger_fixture_set_up, test_e2e_qif_and_qfx, ledger_fixture_tear_down);
  g_test_add ("/import-bank/e2e/qif-date-order", LedgerFixture, NULL,
              ledger_fixture_set_up, test_e2e_qif_date_order, ledger_fixture_tear_down);
  g_test_add ("/import-bank/e2e/malformed-unchanged", LedgerFixture, NULL,
              ledger_fixture_set_up, test_e2e_malformed_unchanged, ledger_fixture_tear_down);

  return g_test_run ();
}
