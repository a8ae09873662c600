/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mutual-analytics"

#include "config.h"

#include <glib/gi18n.h>

#include "mutual-analytics-private.h"
#include "mutual-error.h"
#include "mutual-money.h"

/* Balance series: day totals added up into periods, with running
 * totals. */

MutualDate
mutual_interval_period_start (MutualInterval interval,
                              MutualDate     date)
{
  int y = mutual_date_year (date);
  int m = mutual_date_month (date);

  switch (interval)
    {
    case MUTUAL_INTERVAL_DAY:
      return date;
    case MUTUAL_INTERVAL_WEEK:
      return mutual_date_add_days (date, -mutual_date_weekday (date));
    case MUTUAL_INTERVAL_MONTH:
      return mutual_date_make (y, m, 1);
    case MUTUAL_INTERVAL_QUARTER:
      return mutual_date_make (y, (m - 1) / 3 * 3 + 1, 1);
    case MUTUAL_INTERVAL_YEAR:
    default:
      return mutual_date_make (y, 1, 1);
    }
}

MutualDate
mutual_interval_period_end (MutualInterval interval,
                            MutualDate     date)
{
  int y = mutual_date_year (date);
  int m = mutual_date_month (date);
  MutualDate end;

  switch (interval)
    {
    case MUTUAL_INTERVAL_DAY:
      end = date;
      break;
    case MUTUAL_INTERVAL_WEEK:
      end = mutual_date_add_days (date, 6 - mutual_date_weekday (date));
      break;
    case MUTUAL_INTERVAL_MONTH:
      end = mutual_date_make (y, m, mutual_date_days_in_month (y, m));
      break;
    case MUTUAL_INTERVAL_QUARTER:
      m = (m - 1) / 3 * 3 + 3;
      end = mutual_date_make (y, m, mutual_date_days_in_month (y, m));
      break;
    case MUTUAL_INTERVAL_YEAR:
    default:
      end = mutual_date_make (y, 12, 31);
      break;
    }

  return MIN (end, MUTUAL_DATE_MAX);
}

GArray *
mutual_balance_series_from_days (GArray          *days,
                                 MutualDate       from,
                                 MutualDate       to,
                                 MutualInterval   interval,
                                 GError         **error)
{
  g_autoptr(GArray) periods = g_array_new (FALSE, TRUE, sizeof (MutualPeriod));
  gint64 given_total = 0, received_total = 0;
  guint i = 0;
  MutualDate start;

  if (to == 0)
    to = mutual_date_today ();
  if (from == 0)
    {
      if (days->len == 0)
        return g_steal_pointer (&periods);
      from = g_array_index (days, MutualDayTotal, 0).date;
      /* The ledger's check lets a damaged row hold a day such as
       * 1920-26-42; the periods cannot start there. */
      if (!mutual_date_valid (from))
        {
          char iso[11];

          g_set_error (error, MUTUAL_ERROR, MUTUAL_ERROR_LEDGER,
                       _("The date “%s” does not exist in the calendar."),
                       mutual_date_to_iso (from, iso));
          return NULL;
        }
    }
  if (from > to)
    {
      char a[11], b[11];

      g_set_error (error, MUTUAL_ERROR, MUTUAL_ERROR_DATA,
                   _("The start date %s is after the end date %s."),
                   mutual_date_to_iso (from, a), mutual_date_to_iso (to, b));
      return NULL;
    }

  /* Everything before the range counts towards the running totals. */
  for (; i < days->len && g_array_index (days, MutualDayTotal, i).date < from; i++)
    {
      const MutualDayTotal *day = &g_array_index (days, MutualDayTotal, i);

      if (!mutual_money_add (&given_total, day->given)
          || !mutual_money_add (&received_total, day->received))
        goto overflow;
    }

  for (start = from; start <= to; )
    {
      MutualPeriod period = { 0 };

      period.start = start;
      period.end = MIN (mutual_interval_period_end (interval, start), to);

      for (; i < days->len && g_array_index (days, MutualDayTotal, i).date <= period.end; i++)
        {
          const MutualDayTotal *day = &g_array_index (days, MutualDayTotal, i);

          if (!mutual_money_add (&period.given, day->given)
              || !mutual_money_add (&period.received, day->received))
            goto overflow;
        }

      if (!mutual_money_add (&given_total, period.given)
          || !mutual_money_add (&received_total, period.received))
        goto overflow;
      period.given_total = given_total;
      period.received_total = received_total;
      if (__builtin_sub_overflow (received_total, given_total, &period.balance))
        goto overflow;
      g_array_append_val (periods, period);

      if (period.end >= MUTUAL_DATE_MAX)
        break;
      start = mutual_date_add_days (period.end, 1);
    }

  return g_steal_pointer (&periods);

overflow:
  mutual_analytics_overflow_error (error);
  return NULL;
}

GArray *
mutual_ledger_balance_series (MutualLedger    *ledger,
                              gint64           relationship_id,
                              MutualDate       from,
                              MutualDate       to,
                              MutualInterval   interval,
                              GError         **error)
{
  g_autoptr(GArray) days = NULL;

  if (to == 0)
    to = mutual_date_today ();

  days = mutual_ledger_daily_totals (ledger, relationship_id, to, error);
  if (days == NULL)
    return NULL;

  return mutual_balance_series_from_days (days, from, to, interval, error);
}
