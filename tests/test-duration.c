/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "core/mutual-duration.h"
#include "core/mutual-error.h"

static gint64
parse_ok (const char *text)
{
  g_autoptr(GError) error = NULL;
  gint64 minutes = -42;

  if (!mutual_duration_parse (text, &minutes, &error))
    g_error ("“%s” refused: %s", text, error->message);
  return minutes;
}

static char *
parse_refused (const char *text)
{
  g_autoptr(GError) error = NULL;
  gint64 minutes = -42;

  if (mutual_duration_parse (text, &minutes, &error))
    g_error ("“%s” accepted as %" G_GINT64_FORMAT " minutes", text, minutes);
  g_assert_error (error, MUTUAL_ERROR, MUTUAL_ERROR_DATA);
  g_assert_cmpint (minutes, ==, -42);
  /* One sentence. */
  g_assert_true (g_str_has_suffix (error->message, "."));
  g_assert_null (strchr (error->message, '\n'));
  return g_strdup (error->message);
}

static void
test_bare_minutes (void)
{
  g_assert_cmpint (parse_ok ("90"), ==, 90);
  g_assert_cmpint (parse_ok ("0"), ==, 0);
  g_assert_cmpint (parse_ok ("  7  "), ==, 7);
}

static void
test_hours (void)
{
  g_assert_cmpint (parse_ok ("16h"), ==, 960);
  g_assert_cmpint (parse_ok ("16 h"), ==, 960);
  g_assert_cmpint (parse_ok ("2 hours"), ==, 120);
  g_assert_cmpint (parse_ok ("1 hr"), ==, 60);
  g_assert_cmpint (parse_ok ("0 h"), ==, 0);
}

static void
test_minutes_unit (void)
{
  g_assert_cmpint (parse_ok ("45min"), ==, 45);
  g_assert_cmpint (parse_ok ("45 min"), ==, 45);
  g_assert_cmpint (parse_ok ("45 minutes"), ==, 45);
  g_assert_cmpint (parse_ok ("45m"), ==, 45);
  g_assert_cmpint (parse_ok ("45 MIN"), ==, 45);
}

static void
test_hours_and_minutes (void)
{
  g_assert_cmpint (parse_ok ("2 h 15 min"), ==, 135);
  g_assert_cmpint (parse_ok ("2h15min"), ==, 135);
  g_assert_cmpint (parse_ok ("2h15"), ==, 135);
  g_assert_cmpint (parse_ok ("2 h 15"), ==, 135);
  /* What the window shows reads back. */
  g_assert_cmpint (parse_ok ("151 h 48 min"), ==, 9108);
  g_assert_cmpint (parse_ok ("1 h 30 min"), ==, 90);
}

static void
test_clock (void)
{
  g_assert_cmpint (parse_ok ("1:30"), ==, 90);
  g_assert_cmpint (parse_ok ("0:05"), ==, 5);
  g_assert_cmpint (parse_ok ("100:00"), ==, 6000);
  g_free (parse_refused ("1:60"));
  g_free (parse_refused ("1:5"));
  g_free (parse_refused (":30"));
  g_free (parse_refused ("1:30:00"));
  g_free (parse_refused ("1:30 h"));
}

static void
test_decimal_hours (void)
{
  g_assert_cmpint (parse_ok ("1,5 h"), ==, 90);
  g_assert_cmpint (parse_ok ("1.5 h"), ==, 90);
  g_assert_cmpint (parse_ok ("1.5h"), ==, 90);
  g_assert_cmpint (parse_ok (".5 h"), ==, 30);
  g_assert_cmpint (parse_ok ("0.25 h"), ==, 15);
  /* Rounded to the nearest minute. */
  g_assert_cmpint (parse_ok ("1.33 h"), ==, 80);
  g_assert_cmpint (parse_ok ("0.0083 h"), ==, 0);
  g_assert_cmpint (parse_ok ("0.0084 h"), ==, 1);
}

static void
test_decimal_without_hours_refused (void)
{
  g_autofree char *bare = parse_refused ("1.5");
  g_autofree char *minutes = parse_refused ("2.5 min");

  g_assert_nonnull (strstr (bare, "unit"));
  g_assert_nonnull (strstr (minutes, "whole minutes"));
  g_free (parse_refused ("1."));
  g_free (parse_refused ("1,5,5 h"));
}

static void
test_negative_refused (void)
{
  g_autofree char *message = parse_refused ("-1");

  g_assert_nonnull (strstr (message, "negative"));
  g_free (parse_refused ("-1 h"));
  g_free (parse_refused (" -0:30"));
  g_free (parse_refused ("−5"));
}

static void
test_garbage_refused (void)
{
  const char *garbage[] = {
    "", "   ", "ninety", "h", "min", "1 day", "1 h 2 h", "30 min 1 h", "15 30",
    "1 h 2 min 3", "1hx", "1 hh", "12abc", "0x10", "1e3", "+5", "1 h,",
  };

  for (guint i = 0; i < G_N_ELEMENTS (garbage); i++)
    g_free (parse_refused (garbage[i]));
  g_free (parse_refused (NULL));
}

static void
test_largest (void)
{
  g_autofree char *message = NULL;

  /* 2,147,483,647 minutes = 35,791,394 h 7 min */
  g_assert_cmpint (parse_ok ("2147483647"), ==, MUTUAL_MINUTES_MAX);
  g_assert_cmpint (parse_ok ("35791394 h 7 min"), ==, MUTUAL_MINUTES_MAX);
  g_assert_cmpint (parse_ok ("35791394:07"), ==, MUTUAL_MINUTES_MAX);
  message = parse_refused ("2147483648");
  g_assert_nonnull (strstr (message, "at most"));
  g_free (parse_refused ("35791394 h 8 min"));
  g_free (parse_refused ("35791394:08"));
  g_free (parse_refused ("35791395 h"));
  g_free (parse_refused ("35791394.2 h"));
  g_free (parse_refused ("99999999999999999999999999"));
  g_free (parse_refused ("99999999999999999999999999 h"));
  g_free (parse_refused ("99999999999999999999999999:00"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/duration/bare-minutes", test_bare_minutes);
  g_test_add_func ("/duration/hours", test_hours);
  g_test_add_func ("/duration/minutes-unit", test_minutes_unit);
  g_test_add_func ("/duration/hours-and-minutes", test_hours_and_minutes);
  g_test_add_func ("/duration/clock", test_clock);
  g_test_add_func ("/duration/decimal-hours", test_decimal_hours);
  g_test_add_func ("/duration/decimal-without-hours-refused", test_decimal_without_hours_refused);
  g_test_add_func ("/duration/negative-refused", test_negative_refused);
  g_test_add_func ("/duration/garbage-refused", test_garbage_refused);
  g_test_add_func ("/duration/largest", test_largest);

  return g_test_run ();
}
