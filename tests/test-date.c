/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "core/mutual-date.h"
#include "core/mutual-error.h"

static MutualDate
parse_ok (const char *text)
{
  g_autoptr(GError) error = NULL;
  MutualDate date = 0;

  g_assert_true (mutual_date_parse (text, &date, &error));
  g_assert_no_error (error);
  return date;
}

static void
parse_refused (const char *text)
{
  g_autoptr(GError) error = NULL;
  MutualDate date = 42;

  g_assert_false (mutual_date_parse (text, &date, &error));
  g_assert_error (error, MUTUAL_ERROR, MUTUAL_ERROR_DATA);
  g_assert_cmpuint (date, ==, 42);
}

static void
test_parse_valid (void)
{
  g_assert_cmpuint (parse_ok ("2025-02-01"), ==, 20250201);
  g_assert_cmpuint (parse_ok ("1900-01-01"), ==, MUTUAL_DATE_MIN);
  g_assert_cmpuint (parse_ok ("9999-12-31"), ==, MUTUAL_DATE_MAX);
}

static void
test_parse_leap_days (void)
{
  g_assert_cmpuint (parse_ok ("2024-02-29"), ==, 20240229);
  g_assert_cmpuint (parse_ok ("2000-02-29"), ==, 20000229);
  parse_refused ("2023-02-29");
  parse_refused ("1900-02-29");
  parse_refused ("2100-02-29");
}

static void
test_parse_bounds (void)
{
  parse_refused ("1899-12-31");
  parse_refused ("0000-01-01");
  parse_refused ("10000-01-01");
}

static void
test_parse_syntax (void)
{
  const char *bad[] = { "", "2025-2-1", "2025/02/01", "20250201", "2025-02-01T00:00",
                        " 2025-02-01", "2025-02-01 ", "2025-13-01", "2025-00-10",
                        "2025-04-31", "2025-01-00", "yesterday", "2025-02-0x" };

  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    parse_refused (bad[i]);
  parse_refused (NULL);
}

static void
test_days_round_trip (void)
{
  MutualDate date = MUTUAL_DATE_MIN;
  gint32 days = mutual_date_to_days (date);

  /* Every day from 1900 to 2100 maps to the next integer and back. */
  while (date < 21000101)
    {
      MutualDate next = mutual_date_from_days (days + 1);

      g_assert_true (mutual_date_valid (next));
      g_assert_cmpuint (next, >, date);
      g_assert_cmpint (mutual_date_to_days (next), ==, days + 1);
      date = next;
      days++;
    }
  g_assert_cmpuint (mutual_date_from_days (mutual_date_to_days (MUTUAL_DATE_MAX)), ==, MUTUAL_DATE_MAX);
}

static void
test_arithmetic (void)
{
  g_assert_cmpint (mutual_date_diff_days (20250401, 20250101), ==, 90);
  g_assert_cmpint (mutual_date_diff_days (20250331, 20250101), ==, 89);
  g_assert_cmpint (mutual_date_diff_days (20250101, 20240101), ==, 366);
  g_assert_cmpuint (mutual_date_add_days (20240228, 1), ==, 20240229);
  g_assert_cmpuint (mutual_date_add_days (20230228, 1), ==, 20230301);
  g_assert_cmpuint (mutual_date_add_days (20251231, 1), ==, 20260101);
  g_assert_cmpuint (mutual_date_add_days (20250101, -364), ==, 20240103);
}

static void
test_weekday (void)
{
  g_assert_cmpint (mutual_date_weekday (20251124), ==, 0);  /* a Monday */
  g_assert_cmpint (mutual_date_weekday (20261122), ==, 6);  /* a Sunday */
  g_assert_cmpint (mutual_date_weekday (20000101), ==, 5);  /* a Saturday */
  g_assert_cmpint (mutual_date_weekday (19000101), ==, 0);  /* a Monday */
}

static void
test_to_iso (void)
{
  char buf[11];

  g_assert_cmpstr (mutual_date_to_iso (19000101, buf), ==, "1900-01-01");
  g_assert_cmpstr (mutual_date_to_iso (20250201, buf), ==, "2025-02-01");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/date/parse/valid", test_parse_valid);
  g_test_add_func ("/date/parse/leap-days", test_parse_leap_days);
  g_test_add_func ("/date/parse/bounds", test_parse_bounds);
  g_test_add_func ("/date/parse/syntax", test_parse_syntax);
  g_test_add_func ("/date/days/round-trip", test_days_round_trip);
  g_test_add_func ("/date/arithmetic", test_arithmetic);
  g_test_add_func ("/date/weekday", test_weekday);
  g_test_add_func ("/date/to-iso", test_to_iso);

  return g_test_run ();
}
