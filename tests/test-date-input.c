/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "core/mutual-date-input.h"
#include "core/mutual-error.h"

static MutualDate
parse_ok (const char      *text,
          MutualDateOrder  order)
{
  g_autoptr(GError) error = NULL;
  MutualDate date = 0;

  if (!mutual_date_parse_numeric (text, order, "22.11.2026", &date, &error))
    g_error ("“%s” refused: %s", text, error->message);
  return date;
}

static void
parse_refused (const char      *text,
               MutualDateOrder  order)
{
  g_autoptr(GError) error = NULL;
  MutualDate date = 42;

  if (mutual_date_parse_numeric (text, order, "22.11.2026", &date, &error))
    g_error ("“%s” accepted as %u", text, date);
  g_assert_error (error, MUTUAL_ERROR, MUTUAL_ERROR_DATA);
  g_assert_cmpuint (date, ==, 42);
  g_assert_null (strchr (error->message, '\n'));
}

static void
test_iso_in_every_order (void)
{
  for (MutualDateOrder o = MUTUAL_DATE_ORDER_YMD; o <= MUTUAL_DATE_ORDER_MDY; o++)
    {
      g_assert_cmpuint (parse_ok ("2025-02-01", o), ==, 20250201);
      g_assert_cmpuint (parse_ok ("  2025-2-1 ", o), ==, 20250201);
      g_assert_cmpuint (parse_ok ("2025/02/01", o), ==, 20250201);
    }
}

static void
test_day_month_year (void)
{
  g_assert_cmpuint (parse_ok ("22.11.2026", MUTUAL_DATE_ORDER_DMY), ==, 20261122);
  g_assert_cmpuint (parse_ok ("1.2.2025", MUTUAL_DATE_ORDER_DMY), ==, 20250201);
  g_assert_cmpuint (parse_ok ("01/02/2025", MUTUAL_DATE_ORDER_DMY), ==, 20250201);
  g_assert_cmpuint (parse_ok ("22. 11. 2026.", MUTUAL_DATE_ORDER_DMY), ==, 20261122);
  g_assert_cmpuint (parse_ok ("22 11 2026", MUTUAL_DATE_ORDER_DMY), ==, 20261122);
}

static void
test_month_day_year (void)
{
  g_assert_cmpuint (parse_ok ("11/22/2026", MUTUAL_DATE_ORDER_MDY), ==, 20261122);
  g_assert_cmpuint (parse_ok ("01/02/2025", MUTUAL_DATE_ORDER_MDY), ==, 20250102);
  parse_refused ("22/11/2026", MUTUAL_DATE_ORDER_MDY);
}

static void
test_wrong_order_names_the_order (void)
{
  g_autoptr(GError) error = NULL;
  MutualDate date;

  g_assert_false (mutual_date_parse_numeric ("31/12/2025", MUTUAL_DATE_ORDER_MDY, "12/06/2026", &date, &error));
  g_assert_cmpstr (error->message, ==, "“31/12/2025” is not a date; write it as 12/06/2026 or YYYY-MM-DD.");
  g_clear_error (&error);
  /* An ISO date that does not exist says so. */
  g_assert_false (mutual_date_parse_numeric ("2025-02-30", MUTUAL_DATE_ORDER_MDY, "12/06/2026", &date, &error));
  g_assert_nonnull (strstr (error->message, "does not exist"));
}

static void
test_boundaries (void)
{
  g_assert_cmpuint (parse_ok ("01.01.1900", MUTUAL_DATE_ORDER_DMY), ==, MUTUAL_DATE_MIN);
  g_assert_cmpuint (parse_ok ("31.12.9999", MUTUAL_DATE_ORDER_DMY), ==, MUTUAL_DATE_MAX);
  g_assert_cmpuint (parse_ok ("29.02.2024", MUTUAL_DATE_ORDER_DMY), ==, 20240229);
  parse_refused ("31.12.1899", MUTUAL_DATE_ORDER_DMY);
  parse_refused ("29.02.2025", MUTUAL_DATE_ORDER_DMY);
  parse_refused ("2025-02-30", MUTUAL_DATE_ORDER_DMY);
  parse_refused ("0.1.2025", MUTUAL_DATE_ORDER_DMY);
  parse_refused ("1.13.2025", MUTUAL_DATE_ORDER_DMY);
}

static void
test_garbage_refused (void)
{
  const char *garbage[] = {
    "", " ", "today", "22.11", "22.11.26", "22.11.02026", "2026", "20261122",
    "2026-11-22x", "22..", "2026-111-22", "1.2.3.4", "22_11_2026", NULL,
  };

  for (guint i = 0; i < G_N_ELEMENTS (garbage); i++)
    parse_refused (garbage[i], MUTUAL_DATE_ORDER_DMY);
}

static void
test_format_reads_back (void)
{
  const MutualDate dates[] = { MUTUAL_DATE_MIN, 20250201, 20261122, MUTUAL_DATE_MAX };
  const char separators[] = { '.', '/', '-', ' ' };
  g_autofree char *german = mutual_date_format_numeric (20250201, MUTUAL_DATE_ORDER_DMY, '.');
  g_autofree char *american = mutual_date_format_numeric (20250201, MUTUAL_DATE_ORDER_MDY, '/');

  g_assert_cmpstr (german, ==, "01.02.2025");
  g_assert_cmpstr (american, ==, "02/01/2025");
  for (guint i = 0; i < G_N_ELEMENTS (dates); i++)
    for (MutualDateOrder o = MUTUAL_DATE_ORDER_YMD; o <= MUTUAL_DATE_ORDER_MDY; o++)
      for (guint s = 0; s < G_N_ELEMENTS (separators); s++)
        {
          g_autofree char *text = mutual_date_format_numeric (dates[i], o, separators[s]);
          g_assert_cmpuint (parse_ok (text, o), ==, dates[i]);
        }
}

static void
test_locale_order (void)
{
  char separator = 0;

  /* The tests run in C.UTF-8, whose "%x" is 12/31/99. */
  g_assert_cmpint (mutual_date_locale_order (&separator), ==, MUTUAL_DATE_ORDER_MDY);
  g_assert_cmpint (separator, ==, '/');
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/date-input/iso-in-every-order", test_iso_in_every_order);
  g_test_add_func ("/date-input/day-month-year", test_day_month_year);
  g_test_add_func ("/date-input/month-day-year", test_month_day_year);
  g_test_add_func ("/date-input/wrong-order-names-the-order", test_wrong_order_names_the_order);
  g_test_add_func ("/date-input/boundaries", test_boundaries);
  g_test_add_func ("/date-input/garbage-refused", test_garbage_refused);
  g_test_add_func ("/date-input/format-reads-back", test_format_reads_back);
  g_test_add_func ("/date-input/locale-order", test_locale_order);

  return g_test_run ();
}
