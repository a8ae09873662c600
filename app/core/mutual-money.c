/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mutual-money"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <string.h>

#include "mutual-error.h"
#include "mutual-money.h"

typedef struct
{
  const char *code;
  int digits;
  const char *symbol;
} Currency;

/* ISO 4217 minor units of the currencies in common use, sorted by code. */
static const Currency currencies[] = {
  { "AED", 2, "AED " }, { "ARS", 2, "ARS " }, { "AUD", 2, "A$" },
  { "BGN", 2, "BGN " }, { "BHD", 3, "BHD " }, { "BRL", 2, "R$" },
  { "CAD", 2, "CA$" }, { "CHF", 2, "CHF " }, { "CLP", 0, "CLP " },
  { "CNY", 2, "CN¥" }, { "COP", 2, "COP " }, { "CZK", 2, "CZK " },
  { "DKK", 2, "DKK " }, { "EGP", 2, "EGP " }, { "EUR", 2, "€" },
  { "GBP", 2, "£" }, { "HKD", 2, "HK$" }, { "HUF", 2, "HUF " },
  { "IDR", 2, "IDR " }, { "ILS", 2, "₪" }, { "INR", 2, "₹" },
  { "IQD", 3, "IQD " }, { "ISK", 0, "ISK " }, { "JOD", 3, "JOD " },
  { "JPY", 0, "¥" }, { "KES", 2, "KES " }, { "KRW", 0, "₩" },
  { "KWD", 3, "KWD " }, { "LYD", 3, "LYD " }, { "MAD", 2, "MAD " },
  { "MXN", 2, "MX$" }, { "MYR", 2, "MYR " }, { "NGN", 2, "₦" },
  { "NOK", 2, "NOK " }, { "NZD", 2, "NZ$" }, { "OMR", 3, "OMR " },
  { "PEN", 2, "PEN " }, { "PHP", 2, "₱" }, { "PKR", 2, "PKR " },
  { "PLN", 2, "PLN " }, { "PYG", 0, "PYG " }, { "QAR", 2, "QAR " },
  { "RON", 2, "RON " }, { "RSD", 2, "RSD " }, { "RUB", 2, "RUB " },
  { "SAR", 2, "SAR " }, { "SEK", 2, "SEK " }, { "SGD", 2, "SGD " },
  { "THB", 2, "THB " }, { "TND", 3, "TND " }, { "TRY", 2, "TRY " },
  { "TWD", 2, "NT$" }, { "UAH", 2, "UAH " }, { "UGX", 0, "UGX " },
  { "USD", 2, "$" }, { "UYU", 2, "UYU " }, { "VND", 0, "₫" },
  { "XAF", 0, "FCFA " }, { "XOF", 0, "CFA " }, { "ZAR", 2, "ZAR " },
};

static const Currency *
find_currency (const char *code)
{
  gsize lo = 0, hi = G_N_ELEMENTS (currencies);

  if (code == NULL)
    return NULL;

  while (lo < hi)
    {
      gsize mid = (lo + hi) / 2;
      int cmp = strcmp (code, currencies[mid].code);

      if (cmp == 0)
        return &currencies[mid];
      if (cmp < 0)
        hi = mid;
      else
        lo = mid + 1;
    }

  return NULL;
}

gboolean
mutual_currency_is_known (const char *code)
{
  return find_currency (code) != NULL;
}

int
mutual_currency_digits (const char *code)
{
  const Currency *c = find_currency (code);

  return c ? c->digits : -1;
}

const char *
mutual_currency_symbol (const char *code)
{
  const Currency *c = find_currency (code);

  return c ? c->symbol : code;
}

const char * const *
mutual_currency_list (void)
{
  static const char *list[G_N_ELEMENTS (currencies) + 1];

  if (list[0] == NULL)
    for (gsize i = 0; i < G_N_ELEMENTS (currencies); i++)
      list[i] = currencies[i].code;

  return list;
}

const char *
mutual_currency_from_locale (void)
{
  static char code[4];
  const char *intl;
  const Currency *c;

  /* Follows LC_MONETARY: "EUR " in de_DE, "" in C. */
  intl = localeconv ()->int_curr_symbol;
  if (intl == NULL || strlen (intl) < 3)
    return "EUR";

  memcpy (code, intl, 3);
  code[3] = '\0';
  c = find_currency (code);

  return c ? c->code : "EUR";
}

/* Messages quote @shown: what the person typed, when @text is that
 * rewritten in the machine form. */
static gboolean
parse_decimal (const char  *text,
               const char  *shown,
               int          digits,
               gboolean     allow_sign,
               gint64      *out_minor,
               GError     **error)
{
  const char *p = text;
  gboolean negative = FALSE;
  guint64 whole = 0;
  guint64 frac = 0;
  int n_whole = 0;
  int n_frac = 0;
  guint64 scale = 1;
  guint64 minor;

  g_return_val_if_fail (digits >= 0 && digits <= 3, FALSE);

  if (text == NULL || *text == '\0')
    {
      g_set_error (error, MUTUAL_ERROR, MUTUAL_ERROR_DATA,
                   _("The amount is empty."));
      return FALSE;
    }

  if (*p == '-')
    {
      if (!allow_sign)
        {
          g_set_error (error, MUTUAL_ERROR, MUTUAL_ERROR_DATA,
                       _("The amount “%s” is negative; values are never negative."),
                       shown);
          return FALSE;
        }
      negative = TRUE;
      p++;
    }

  for (; g_ascii_isdigit (*p); p++)
    {
      /* 19 digits already exceed MUTUAL_VALUE_MAX; stop before overflow. */
      if (n_whole >= 18)
        goto too_large;
      whole = whole * 10 + (guint64) (*p - '0');
      n_whole++;
    }

  if (*p == '.')
    {
      p++;
      for (; g_ascii_isdigit (*p); p++)
        {
          if (n_frac >= digits)
            {
              if (digits == 0)
                g_set_error (error, MUTUAL_ERROR, MUTUAL_ERROR_DATA,
                             _("The amount “%s” has decimals, but this currency has no minor unit."),
                             shown);
              else
                g_set_error (error, MUTUAL_ERROR, MUTUAL_ERROR_DATA,
                             ngettext ("The amount “%s” has more than %d decimal place.",
                                       "The amount “%s” has more than %d decimal places.",
                                       digits),
                             shown, digits);
              return FALSE;
            }
          frac = frac * 10 + (guint64) (*p - '0');
          n_frac++;
        }
      if (n_frac == 0)
        goto not_a_number;
    }

  if (*p != '\0' || n_whole == 0)
    goto not_a_number;

  for (int i = 0; i < digits; i++)
    scale *= 10;
  for (int i = n_frac; i < digits; i++)
    frac *= 10;

  if (whole > (guint64) MUTUAL_VALUE_MAX / scale)
    goto too_large;
  minor = whole * scale + frac;
  if (minor > (guint64) MUTUAL_VALUE_MAX)
    goto too_large;

  *out_minor = negative ? -(gint64) minor : (gint64) minor;
  return TRUE;

not_a_number:
  g_set_error (error, MUTUAL_ERROR, MUTUAL_ERROR_DATA,
               _("The amount “%s” is not a number such as 1200.50."), shown);
  return FALSE;

too_large:
  g_set_error (error, MUTUAL_ERROR, MUTUAL_ERROR_DATA,
               _("The amount “%s” is larger than Mutual can record."), shown);
  return FALSE;
}

gboolean
mutual_money_parse (const char  *text,
                    int          digits,
                    gint64      *out_minor,
                    GError     **error)
{
  return parse_decimal (text, text, digits, FALSE, out_minor, error);
}

gboolean
mutual_money_parse_signed (const char  *text,
                           int          digits,
                           gint64      *out_minor,
                           GError     **error)
{
  return parse_decimal (text, text, digits, TRUE, out_minor, error);
}

/* The locale's decimal mark for money, "." when it has none. */
static gunichar
local_decimal_mark (void)
{
  struct lconv *lc = localeconv ();

  if (lc->mon_decimal_point && *lc->mon_decimal_point)
    return g_utf8_get_char (lc->mon_decimal_point);
  if (lc->decimal_point && *lc->decimal_point)
    return g_utf8_get_char (lc->decimal_point);
  return '.';
}

static gboolean
is_group_space (gunichar c)
{
  return c == ' ' || c == 0x00a0 || c == 0x202f || c == 0x2009;
}

/* Rewrites "1.200,50" (de), "1 200,50" (fr) or "1,200.50" (en) into
 * "1200.50": the locale's decimal mark, and groups of exactly three
 * digits after any grouping mark. NULL when the groups are wrong. */
static char *
local_to_machine (const char *text,
                  gunichar    decimal)
{
  gunichar grouping = decimal == ',' ? '.' : ',';
  g_autoptr(GString) plain = g_string_new (NULL);
  int leading = 0;          /* digits before the first grouping mark */
  int group = -1;           /* digits since the last one; -1: none yet */
  gboolean in_fraction = FALSE;

  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_ascii_isdigit (c))
        {
          g_string_append_c (plain, (char) c);
          if (group >= 0)
            group++;
          else if (!in_fraction)
            leading++;
        }
      else if ((c == grouping || is_group_space (c)) && !in_fraction)
        {
          if (leading == 0 || leading > 3 || (group >= 0 && group != 3))
            return NULL;
          group = 0;
        }
      else if (c == decimal && !in_fraction)
        {
          if (group >= 0 && group != 3)
            return NULL;
          g_string_append_c (plain, '.');
          group = -1;
          in_fraction = TRUE;
        }
      else
        g_string_append_unichar (plain, c);
    }
  if (group >= 0 && group != 3)
    return NULL;
  return g_string_free (g_steal_pointer (&plain), FALSE);
}

gboolean
mutual_money_parse_local (const char  *text,
                          int          digits,
                          gint64      *out_minor,
                          GError     **error)
{
  return mutual_money_parse_with_mark (text, local_decimal_mark (), digits, out_minor, error);
}

gboolean
mutual_money_parse_with_mark (const char  *text,
                              gunichar     decimal,
                              int          digits,
                              gint64      *out_minor,
                              GError     **error)
{
  g_autofree char *plain = NULL;

  g_return_val_if_fail (text != NULL, FALSE);

  /* What cannot be the locale's way ("12.5" where "," is the decimal
   * mark) is read as the machine form, as pasted from elsewhere; the
   * machine form never holds a ",", so wrong groups are refused there. */
  plain = local_to_machine (text, decimal);
  return parse_decimal (plain ? plain : text, text, digits, FALSE, out_minor, error);
}

static void
append_grouped (GString    *out,
                guint64     whole,
                const char *separator)
{
  char digits[32];
  int n = g_snprintf (digits, sizeof digits, "%" G_GUINT64_FORMAT, whole);

  for (int i = 0; i < n; i++)
    {
      if (i > 0 && (n - i) % 3 == 0)
        g_string_append (out, separator);
      g_string_append_c (out, digits[i]);
    }
}

char *
mutual_money_format (gint64             minor,
                     const char        *currency,
                     MutualMoneyFormat  flags)
{
  int digits = mutual_currency_digits (currency);
  GString *out = g_string_new (NULL);
  guint64 magnitude;
  guint64 scale = 1;
  guint64 whole, frac;

  if (digits < 0)
    digits = 2;
  for (int i = 0; i < digits; i++)
    scale *= 10;

  /* The magnitude of G_MININT64 does not fit a gint64; it does a guint64. */
  magnitude = minor < 0 ? (guint64) 0 - (guint64) minor : (guint64) minor;
  whole = magnitude / scale;
  frac = magnitude % scale;

  if (minor < 0)
    g_string_append (out, (flags & MUTUAL_MONEY_FORMAT_SYMBOL) ? "−" : "-");
  else if ((flags & MUTUAL_MONEY_FORMAT_SIGN) && minor > 0)
    g_string_append_c (out, '+');

  if (flags & MUTUAL_MONEY_FORMAT_SYMBOL)
    {
      struct lconv *lc = localeconv ();
      const char *sep = lc->mon_thousands_sep && *lc->mon_thousands_sep
                        ? lc->mon_thousands_sep : ",";
      const char *point = lc->mon_decimal_point && *lc->mon_decimal_point
                          ? lc->mon_decimal_point : ".";

      const char *symbol = mutual_currency_symbol (currency);
      gsize symbol_length = strlen (symbol);
      /* The locale places the symbol: "€1,200.50" in en_US, "1.200,50 €" in
       * de_DE; CHAR_MAX (the C locale) leaves it before the amount. */
      gboolean symbol_after = (minor < 0 ? lc->n_cs_precedes : lc->p_cs_precedes) == 0;
      char spaced = minor < 0 ? lc->n_sep_by_space : lc->p_sep_by_space;

      /* The C locale has no grouping; a review reads better with one. */
      if (lc->mon_thousands_sep == NULL || *lc->mon_thousands_sep == '\0')
        point = ".";

      if (!symbol_after)
        g_string_append (out, symbol);
      append_grouped (out, whole, sep);
      if (digits > 0 && !((flags & MUTUAL_MONEY_FORMAT_SHORT) && frac == 0))
        g_string_append_printf (out, "%s%0*" G_GUINT64_FORMAT, point, digits, frac);
      if (symbol_after)
        {
          while (symbol_length > 0 && symbol[symbol_length - 1] == ' ')
            symbol_length--;
          /* A no-break space keeps the amount and its symbol on one line. */
          if (spaced == 1 || spaced == 2)
            g_string_append (out, "\u00a0");
          g_string_append_len (out, symbol, (gssize) symbol_length);
        }
    }
  else
    {
      g_string_append_printf (out, "%" G_GUINT64_FORMAT, whole);
      if (digits > 0)
        {
          if (flags & MUTUAL_MONEY_FORMAT_LOCAL)
            g_string_append_unichar (out, local_decimal_mark ());
          else
            g_string_append_c (out, '.');
          g_string_append_printf (out, "%0*" G_GUINT64_FORMAT, digits, frac);
        }
    }

  return g_string_free (out, FALSE);
}

gboolean
mutual_money_add (gint64 *total,
                  gint64  value)
{
  return !__builtin_add_overflow (*total, value, total);
}
