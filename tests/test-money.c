/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include <locale.h>

#include "core/mutual-error.h"
#include "core/mutual-money.h"

static gint64
parse_ok (const char *text,
          int         digits)
{
  g_autoptr(GError) error = NULL;
  gint64 value = -1;

  g_assert_true (mutual_money_parse (text, digits, &value, &error));
  g_assert_no_error (error);
  return value;
}

static void
parse_refused (const char *text,
               int         digits)
{
  g_autoptr(GError) error = NULL;
  gint64 value = 12345;

  g_assert_false (mutual_money_parse (text, digits, &value, &error));
  g_assert_error (error, MUTUAL_ERROR, MUTUAL_ERROR_DATA);
  g_assert_cmpint (value, ==, 12345);
}

static void
test_parse_two_digits (void)
{
  g_assert_cmpint (parse_ok ("1200.50", 2), ==, 120050);
  g_assert_cmpint (parse_ok ("15", 2), ==, 1500);
  g_assert_cmpint (parse_ok ("0", 2), ==, 0);
  g_assert_cmpint (parse_ok ("0.5", 2), ==, 50);
  g_assert_cmpint (parse_ok ("0.05", 2), ==, 5);
  g_assert_cmpint (parse_ok ("007", 2), ==, 700);
}

static void
test_parse_zero_digits (void)
{
  g_assert_cmpint (parse_ok ("1500", 0), ==, 1500);
  parse_refused ("1500.5", 0);
  parse_refused ("1500.0", 0);
}

static void
test_parse_three_digits (void)
{
  g_assert_cmpint (parse_ok ("1.234", 3), ==, 1234);
  g_assert_cmpint (parse_ok ("1.2", 3), ==, 1200);
  parse_refused ("1.2345", 3);
}

static void
test_parse_rounding_refused (void)
{
  parse_refused ("10.999", 2);
  parse_refused ("0.001", 2);
}

static void
test_parse_syntax_refused (void)
{
  const char *bad[] = { "", "-5", "-0", "+5", "1,200.50", "1 200", "1e3", ".5", "5.",
                        "abc", "12abc", "1.2.3", " 5", "5 ", "0x10", "١٢" };

  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    parse_refused (bad[i], 2);
}

static void
test_parse_limits (void)
{
  /* 10^15 minor units is the largest value of one exchange. */
  g_assert_cmpint (parse_ok ("10000000000000.00", 2), ==, G_GINT64_CONSTANT (1000000000000000));
  parse_refused ("10000000000000.01", 2);
  g_assert_cmpint (parse_ok ("1000000000000000", 0), ==, G_GINT64_CONSTANT (1000000000000000));
  parse_refused ("1000000000000001", 0);
  g_assert_cmpint (parse_ok ("1000000000000.000", 3), ==, G_GINT64_CONSTANT (1000000000000000));
  parse_refused ("99999999999999999999999999", 2);
}

static void
test_parse_signed (void)
{
  g_autoptr(GError) error = NULL;
  gint64 value = 0;

  g_assert_true (mutual_money_parse_signed ("-1200.50", 2, &value, &error));
  g_assert_cmpint (value, ==, -120050);
}

static void
test_format_plain (void)
{
  struct { gint64 minor; const char *currency; const char *text; } cases[] = {
    { 120050, "EUR", "1200.50" },
    { -120050, "EUR", "-1200.50" },
    { 0, "EUR", "0.00" },
    { 5, "USD", "0.05" },
    { -5, "USD", "-0.05" },
    { 1500, "JPY", "1500" },
    { 1234, "KWD", "1.234" },
    { -1, "KWD", "-0.001" },
    { G_GINT64_CONSTANT (1000000000000000), "EUR", "10000000000000.00" },
    { G_MININT64, "JPY", "-9223372036854775808" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = mutual_money_format (cases[i].minor, cases[i].currency, 0);
      g_assert_cmpstr (text, ==, cases[i].text);
    }
}

static void
test_format_round_trip (void)
{
  const char *codes[] = { "EUR", "JPY", "KWD" };
  gint64 values[] = { 0, 1, 9, 10, 99, 100, 101, 123456789, G_GINT64_CONSTANT (1000000000000000) };

  for (gsize c = 0; c < G_N_ELEMENTS (codes); c++)
    for (gsize i = 0; i < G_N_ELEMENTS (values); i++)
      {
        g_autofree char *text = mutual_money_format (values[i], codes[c], 0);
        g_assert_cmpint (parse_ok (text, mutual_currency_digits (codes[c])), ==, values[i]);
      }
}

static void
test_format_symbol (void)
{
  g_autofree char *a = mutual_money_format (820000, "EUR", MUTUAL_MONEY_FORMAT_SYMBOL | MUTUAL_MONEY_FORMAT_SHORT);
  g_autofree char *b = mutual_money_format (820050, "EUR", MUTUAL_MONEY_FORMAT_SYMBOL | MUTUAL_MONEY_FORMAT_SHORT);
  g_autofree char *c = mutual_money_format (-120000000, "USD", MUTUAL_MONEY_FORMAT_SYMBOL);
  g_autofree char *d = mutual_money_format (500, "GBP", MUTUAL_MONEY_FORMAT_SYMBOL | MUTUAL_MONEY_FORMAT_SIGN);

  g_assert_cmpstr (a, ==, "€8,200");
  g_assert_cmpstr (b, ==, "€8,200.50");
  g_assert_cmpstr (c, ==, "−$1,200,000.00");
  g_assert_cmpstr (d, ==, "+£5.00");
}

static void
test_currency_digits (void)
{
  g_assert_cmpint (mutual_currency_digits ("EUR"), ==, 2);
  g_assert_cmpint (mutual_currency_digits ("USD"), ==, 2);
  g_assert_cmpint (mutual_currency_digits ("JPY"), ==, 0);
  g_assert_cmpint (mutual_currency_digits ("KRW"), ==, 0);
  g_assert_cmpint (mutual_currency_digits ("KWD"), ==, 3);
  g_assert_cmpint (mutual_currency_digits ("BHD"), ==, 3);
  g_assert_cmpint (mutual_currency_digits ("XXX"), ==, -1);
  g_assert_cmpint (mutual_currency_digits ("eur"), ==, -1);
  g_assert_cmpint (mutual_currency_digits (NULL), ==, -1);
  /* At least the 40 most used currencies are known. */
  g_assert_cmpuint (g_strv_length ((char **) mutual_currency_list ()), >=, 40);
}

static void
test_currency_list_sorted (void)
{
  const char * const *list = mutual_currency_list ();

  for (guint i = 1; list[i]; i++)
    g_assert_cmpint (g_strcmp0 (list[i - 1], list[i]), <, 0);
}

static void
test_add_overflow (void)
{
  gint64 total = G_MAXINT64 - 1;

  g_assert_true (mutual_money_add (&total, 1));
  g_assert_cmpint (total, ==, G_MAXINT64);
  g_assert_false (mutual_money_add (&total, 1));
}

static gint64
parse_with_mark (const char *text,
                 gunichar    mark,
                 int         digits)
{
  g_autoptr(GError) error = NULL;
  gint64 minor = -1;

  if (!mutual_money_parse_with_mark (text, mark, digits, &minor, &error))
    {
      g_assert_error (error, MUTUAL_ERROR, MUTUAL_ERROR_DATA);
      /* The sentence quotes what was typed, not its rewriting. */
      g_assert_nonnull (strstr (error->message, text));
      return -1;
    }
  return minor;
}

static void
test_parse_local_comma (void)
{
  /* German and French ways of writing 1,200.50. */
  g_assert_cmpint (parse_with_mark ("1200,50", ',', 2), ==, 120050);
  g_assert_cmpint (parse_with_mark ("1.200,50", ',', 2), ==, 120050);
  g_assert_cmpint (parse_with_mark ("1 200,50", ',', 2), ==, 120050);
  g_assert_cmpint (parse_with_mark ("1\u202f200,5", ',', 2), ==, 120050);
  g_assert_cmpint (parse_with_mark ("1\u00a0234\u00a0567", ',', 0), ==, 1234567);
  g_assert_cmpint (parse_with_mark ("1.200", ',', 2), ==, 120000);
  /* What cannot be grouped digits is the machine form. */
  g_assert_cmpint (parse_with_mark ("12.5", ',', 2), ==, 1250);
  g_assert_cmpint (parse_with_mark ("1200.50", ',', 2), ==, 120050);
  /* Refused: groups that are not three digits, two marks, too many decimals. */
  g_assert_cmpint (parse_with_mark ("1.20,50", ',', 2), ==, -1);
  g_assert_cmpint (parse_with_mark ("12 50", ',', 2), ==, -1);
  g_assert_cmpint (parse_with_mark ("1,2,3", ',', 2), ==, -1);
  g_assert_cmpint (parse_with_mark ("12,505", ',', 2), ==, -1);
  g_assert_cmpint (parse_with_mark ("-12,50", ',', 2), ==, -1);
  g_assert_cmpint (parse_with_mark ("12,50 €", ',', 2), ==, -1);
}

static void
test_parse_local_point (void)
{
  g_assert_cmpint (parse_with_mark ("1,200.50", '.', 2), ==, 120050);
  g_assert_cmpint (parse_with_mark ("1200.50", '.', 2), ==, 120050);
  g_assert_cmpint (parse_with_mark ("1,234,567", '.', 0), ==, 1234567);
  g_assert_cmpint (parse_with_mark ("12,50", '.', 2), ==, -1);
  g_assert_cmpint (parse_with_mark ("1200.505", '.', 2), ==, -1);
  g_assert_cmpint (parse_with_mark ("1234,567.5", '.', 2), ==, -1);
}

static void
test_format_local (void)
{
  g_autofree char *plain = mutual_money_format (120050, "EUR", MUTUAL_MONEY_FORMAT_LOCAL);
  g_autofree char *yen = mutual_money_format (1200, "JPY", MUTUAL_MONEY_FORMAT_LOCAL);

  /* The C locale's mark; what the entry shows reads back the same. */
  g_assert_cmpstr (plain, ==, "1200.50");
  g_assert_cmpstr (yen, ==, "1200");
  g_assert_cmpint (parse_with_mark (plain, '.', 2), ==, 120050);
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/money/parse/two-digits", test_parse_two_digits);
  g_test_add_func ("/money/parse/zero-digits", test_parse_zero_digits);
  g_test_add_func ("/money/parse/three-digits", test_parse_three_digits);
  g_test_add_func ("/money/parse/rounding-refused", test_parse_rounding_refused);
  g_test_add_func ("/money/parse/syntax-refused", test_parse_syntax_refused);
  g_test_add_func ("/money/parse/limits", test_parse_limits);
  g_test_add_func ("/money/parse/signed", test_parse_signed);
  g_test_add_func ("/money/format/plain", test_format_plain);
  g_test_add_func ("/money/format/round-trip", test_format_round_trip);
  g_test_add_func ("/money/format/symbol", test_format_symbol);
  g_test_add_func ("/money/currency/digits", test_currency_digits);
  g_test_add_func ("/money/currency/list-sorted", test_currency_list_sorted);
  g_test_add_func ("/money/add/overflow", test_add_overflow);
  g_test_add_func ("/money/parse-local/comma-locales", test_parse_local_comma);
  g_test_add_func ("/money/parse-local/point-locales", test_parse_local_point);
  g_test_add_func ("/money/format/local", test_format_local);

  return g_test_run ();
}
