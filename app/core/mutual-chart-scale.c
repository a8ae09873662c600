/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mutual-chart"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "mutual-chart-private.h"

/* The axes' scales: round value ticks and calendar date ticks. */

double
mutual_chart_nice_ticks (double  lo,
                         double  hi,
                         int     target_count,
                         double  min_step,
                         double *first_tick,
                         int    *n_ticks)
{
  static const double steps[] = { 1, 2, 5, 10 };
  double range = hi - lo;
  double raw, magnitude, step = 1;

  target_count = MAX (2, target_count);
  if (!(range > 0))
    range = MAX (fabs (hi), 1.0);
  raw = range / target_count;
  magnitude = pow (10, floor (log10 (raw)));
  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    {
      step = steps[i] * magnitude;
      if (step >= raw)
        break;
    }
  step = MAX (step, min_step);

  *first_tick = floor (lo / step) * step;
  *n_ticks = (int) (ceil (hi / step) - floor (lo / step)) + 1;
  if (*n_ticks < 2)
    *n_ticks = 2;
  return step;
}

GArray *
mutual_chart_date_ticks (MutualDate   from,
                         MutualDate   to,
                         int          max_ticks,
                         const char **label_format)
{
  /* Steps in months (0 for days), smallest first. */
  static const struct { int days; int months; } steps[] = {
    { 1, 0 }, { 2, 0 }, { 7, 0 }, { 14, 0 },
    { 0, 1 }, { 0, 2 }, { 0, 3 }, { 0, 6 },
    { 0, 12 }, { 0, 24 }, { 0, 60 }, { 0, 120 }, { 0, 240 }, { 0, 600 }, { 0, 1200 },
  };
  GArray *ticks = g_array_new (FALSE, FALSE, sizeof (MutualDate));
  gint32 span = mutual_date_diff_days (to, from);

  max_ticks = MAX (2, max_ticks);
  for (guint s = 0; s < G_N_ELEMENTS (steps); s++)
    {
      int months = steps[s].months;
      int days = steps[s].days;
      gint64 estimate = days ? span / days + 1 : (span / 30) / months + 1;

      if (estimate > max_ticks && s + 1 < G_N_ELEMENTS (steps))
        continue;

      g_array_set_size (ticks, 0);
      if (days)
        {
          /* Weekly ticks fall on Mondays, as calendars do. */
          MutualDate d = from;

          if (days >= 7)
            d = mutual_date_add_days (from, (7 - mutual_date_weekday (from)) % 7);
          for (; d <= to; d = mutual_date_add_days (d, days))
            g_array_append_val (ticks, d);
          /* Translators: strftime format of a day on a chart's axis */
          *label_format = _("%-d %b");
        }
      else
        {
          int k = mutual_date_year (from) * 12 + mutual_date_month (from) - 1;

          /* Calendar boundaries: quarters on Jan/Apr/Jul/Oct, years on Jan. */
          if (mutual_date_day (from) != 1)
            k++;
          while (k % months != 0)
            k++;
          for (;; k += months)
            {
              MutualDate d = mutual_date_make (k / 12, k % 12 + 1, 1);

              if (d > to)
                break;
              if (d >= from)
                g_array_append_val (ticks, d);
            }
          *label_format = months >= 12 ? "%Y" : "%b";
        }
      if ((int) ticks->len <= max_ticks)
        break;
    }
  return ticks;
}
