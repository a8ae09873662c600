/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mutual-date"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "mutual-date-input.h"
#include "mutual-error.h"

MutualDateOrder
mutual_date_locale_order (char *out_separator)
{
  g_autoptr(GDateTime) known = g_date_time_new_utc (1999, 12, 31, 0, 0, 0);
  g_autofree char *text = g_date_time_format (known, "%x");
  const char *year, *month, *day;
  char separator = '/';

  year = text ? strstr (text, "99") : NULL;
  month = text ? strstr (text, "12") : NULL;
  day = text ? strstr (text, "31") : NULL;
  if (text)
    for (const char *p = text; *p; p++)
      if (g_ascii_ispunct (*p) || *p == ' ')
        {
          separator = *p;
          break;
        }
  if (out_separator)
    *out_separator = separator;

  if (year == NULL || month == NULL || day == NULL)
    {
      if (out_separator)
        *out_separator = '-';
      return MUTUAL_DATE_ORDER_YMD;
    }
  /* "1999" holds "99" too: compare its start. */
  if (year > text && g_str_has_prefix (year - 2, "1999"))
    year -= 2;
  if (year < month && month < day)
    {
      if (out_separator)
        *out_separator = '-';
      return MUTUAL_DATE_ORDER_YMD;
    }
  return day < month ? MUTUAL_DATE_ORDER_DMY : MUTUAL_DATE_ORDER_MDY;
}

char *
mutual_date_format_numeric (MutualDate      date,
                            MutualDateOrder order,
                            char            separator)
{
  int y = mutual_date_year (date), m = mutual_date_month (date), d = mutual_date_day (date);

  if (!mutual_date_valid (date))
    return g_strdup ("");
  switch (order)
    {
    case MUTUAL_DATE_ORDER_DMY:
      return g_strdup_printf ("%02d%c%02d%c%04d", d, separator, m, separator, y);
    case MUTUAL_DATE_ORDER_MDY:
      return g_strdup_printf ("%02d%c%02d%c%04d", m, separator, d, separator, y);
    case MUTUAL_DATE_ORDER_YMD:
    default:
      return g_strdup_printf ("%04d%c%02d%c%02d", y, separator, m, separator, d);
    }
}

static gboolean
refuse (const char  *text,
        const char  *example,
        GError     **error)
{
  g_set_error (error, MUTUAL_ERROR, MUTUAL_ERROR_DATA,
               _("“%s” is not a date; write it as %s or YYYY-MM-DD."), text, example);
  return FALSE;
}

gboolean
mutual_date_parse_numeric (const char       *text,
                           MutualDateOrder   order,
                           const char       *example,
                           MutualDate       *out_date,
                           GError          **error)
{
  int n[3] = { 0, 0, 0 };
  guint width[3] = { 0, 0, 0 };
  const char *p;
  int y, m, d;
  MutualDate date;

  if (text == NULL)
    text = "";
  p = text;
  while (g_ascii_isspace (*p))
    p++;

  for (int i = 0; i < 3; i++)
    {
      if (i > 0)
        {
          const char *start = p;

          while (*p == '.' || *p == '/' || *p == '-' || *p == ' ')
            p++;
          if (p == start)
            return refuse (text, example, error);
        }
      while (g_ascii_isdigit (*p))
        {
          if (width[i] < 5)
            n[i] = n[i] * 10 + (*p - '0');
          width[i]++;
          p++;
        }
      if (width[i] == 0 || width[i] > 4)
        return refuse (text, example, error);
    }
  /* "22. 11. 2026." and trailing spaces */
  while (*p == '.' || g_ascii_isspace (*p))
    p++;
  if (*p != '\0')
    return refuse (text, example, error);

  if (width[0] == 4)
    {
      y = n[0]; m = n[1]; d = n[2];
      if (width[1] > 2 || width[2] > 2)
        return refuse (text, example, error);
    }
  else
    {
      if (width[2] != 4 || width[0] > 2 || width[1] > 2)
        return refuse (text, example, error);
      y = n[2];
      if (order == MUTUAL_DATE_ORDER_MDY)
        m = n[0], d = n[1];
      else
        d = n[0], m = n[1];
    }

  /* 31/12/2025 where the locale puts the month first: name the order. */
  if (width[0] != 4 && (m < 1 || m > 12))
    return refuse (text, example, error);
  if (m < 1 || m > 12 || d < 1 || d > mutual_date_days_in_month (y, m))
    {
      g_set_error (error, MUTUAL_ERROR, MUTUAL_ERROR_DATA,
                   _("The date “%s” does not exist in the calendar."), text);
      return FALSE;
    }
  date = mutual_date_make (y, m, d);
  if (!mutual_date_valid (date))
    {
      g_set_error (error, MUTUAL_ERROR, MUTUAL_ERROR_DATA,
                   _("The date “%s” is outside 1900-01-01 … 9999-12-31."), text);
      return FALSE;
    }
  *out_date = date;
  return TRUE;
}
