/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mutual-date"

#include "config.h"

#include <glib/gi18n.h>

#include "mutual-date.h"
#include "mutual-error.h"

static gboolean
is_leap (int year)
{
  return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int
mutual_date_days_in_month (int year,
                           int month)
{
  static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

  g_return_val_if_fail (month >= 1 && month <= 12, 0);

  return month == 2 && is_leap (year) ? 29 : days[month - 1];
}

MutualDate
mutual_date_make (int year,
                  int month,
                  int day)
{
  return (MutualDate) (year * 10000 + month * 100 + day);
}

gboolean
mutual_date_valid (MutualDate date)
{
  int y = mutual_date_year (date);
  int m = mutual_date_month (date);
  int d = mutual_date_day (date);

  if (date < MUTUAL_DATE_MIN || date > MUTUAL_DATE_MAX)
    return FALSE;
  if (m < 1 || m > 12)
    return FALSE;

  return d >= 1 && d <= mutual_date_days_in_month (y, m);
}

gboolean
mutual_date_parse (const char *text,
                   MutualDate *out_date,
                   GError    **error)
{
  int parts[3] = { 0, 0, 0 };
  static const int widths[3] = { 4, 2, 2 };
  const char *p = text;
  MutualDate date;

  if (text == NULL)
    goto bad;

  for (int i = 0; i < 3; i++)
    {
      for (int j = 0; j < widths[i]; j++, p++)
        {
          if (!g_ascii_isdigit (*p))
            goto bad;
          parts[i] = parts[i] * 10 + (*p - '0');
        }
      if (i < 2 && *p++ != '-')
        goto bad;
    }
  if (*p != '\0')
    goto bad;

  date = mutual_date_make (parts[0], parts[1], parts[2]);
  if (parts[1] < 1 || parts[1] > 12 || parts[2] < 1
      || parts[2] > mutual_date_days_in_month (parts[0], parts[1]))
    {
      g_set_error (error, MUTUAL_ERROR, MUTUAL_ERROR_DATA,
                   _("The date “%s” does not exist in the calendar."), text);
      return FALSE;
    }
  if (!mutual_date_valid (date))
    {
      g_set_error (error, MUTUAL_ERROR, MUTUAL_ERROR_DATA,
                   _("The date “%s” is outside 1900-01-01 … 9999-12-31."), text);
      return FALSE;
    }

  *out_date = date;
  return TRUE;

bad:
  g_set_error (error, MUTUAL_ERROR, MUTUAL_ERROR_DATA,
               _("The date “%s” is not of the form YYYY-MM-DD."),
               text ? text : "");
  return FALSE;
}

char *
mutual_date_to_iso (MutualDate date,
                    char       buf[11])
{
  g_snprintf (buf, 11, "%04d-%02d-%02d",
              mutual_date_year (date) % 10000,
              mutual_date_month (date) % 100,
              mutual_date_day (date) % 100);
  return buf;
}

MutualDate
mutual_date_today (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  return mutual_date_make (g_date_time_get_year (now),
                           g_date_time_get_month (now),
                           g_date_time_get_day_of_month (now));
}

/* Days from civil date, counting from 0000-03-01 so that the leap day is
 * the last day of a "year": the usual era arithmetic. */
gint32
mutual_date_to_days (MutualDate date)
{
  int y = mutual_date_year (date);
  int m = mutual_date_month (date);
  int d = mutual_date_day (date);
  int era, yoe, doy, doe;

  y -= m <= 2;
  era = y / 400;
  yoe = y - era * 400;
  doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

  return era * 146097 + doe;
}

MutualDate
mutual_date_from_days (gint32 days)
{
  int era = days / 146097;
  int doe = days - era * 146097;
  int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int y = yoe + era * 400;
  int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  int mp = (5 * doy + 2) / 153;
  int d = doy - (153 * mp + 2) / 5 + 1;
  int m = mp < 10 ? mp + 3 : mp - 9;

  return mutual_date_make (y + (m <= 2), m, d);
}

MutualDate
mutual_date_add_days (MutualDate date,
                      gint32     days)
{
  return mutual_date_from_days (mutual_date_to_days (date) + days);
}

gint32
mutual_date_diff_days (MutualDate later,
                       MutualDate earlier)
{
  return mutual_date_to_days (later) - mutual_date_to_days (earlier);
}

int
mutual_date_weekday (MutualDate date)
{
  /* 0000-03-01 was a Wednesday (2 with Monday = 0). */
  return (int) ((mutual_date_to_days (date) + 2) % 7);
}

int
mutual_date_month_index (MutualDate date)
{
  return mutual_date_year (date) * 12 + mutual_date_month (date) - 1;
}

char *
mutual_date_format (MutualDate  date,
                    const char *strftime_format)
{
  g_autoptr(GDateTime) dt = NULL;

  if (!mutual_date_valid (date))
    return g_strdup ("");

  dt = g_date_time_new_utc (mutual_date_year (date), mutual_date_month (date),
                            mutual_date_day (date), 0, 0, 0);
  return g_date_time_format (dt, strftime_format ? strftime_format : "%x");
}
