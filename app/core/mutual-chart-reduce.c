/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mutual-chart"

#include "config.h"


#include "mutual-chart-private.h"

/* Reduce before drawing: at most one entry per pixel column, every
 * extreme kept. */

gint64
mutual_chart_point_value (const MutualChartPoint *point,
                          MutualChartSeries       series)
{
  switch (series)
    {
    case MUTUAL_CHART_SERIES_GIVEN:
      return point->given_total;
    case MUTUAL_CHART_SERIES_RECEIVED:
      return point->received_total;
    case MUTUAL_CHART_SERIES_BALANCE:
    default:
      return point->balance;
    }
}

int *
mutual_chart_point_columns (const MutualChartPoint *points,
                            guint                   n_points,
                            MutualDate              from,
                            MutualDate              to,
                            int                     n_columns)
{
  int *columns = g_new (int, MAX (1, n_points));
  gint32 from_days = mutual_date_to_days (from);
  gint64 span = MAX (1, mutual_date_diff_days (to, from));
  MutualDate last_date = 0;
  gint32 last_days = 0;

  n_columns = MAX (1, n_columns);
  for (guint i = 0; i < n_points; i++)
    {
      MutualDate date = points[i].date;
      gint32 days;

      /* Dates ascend: within a month the day number is a subtraction away. */
      if (i > 0 && date / 100 == last_date / 100)
        days = last_days + (gint32) (date - last_date);
      else
        days = mutual_date_to_days (date);
      columns[i] = (int) CLAMP ((gint64) (days - from_days) * n_columns / span, 0, n_columns - 1);
      last_date = date;
      last_days = days;
    }
  return columns;
}

GArray *
mutual_chart_reduce_placed (const MutualChartPoint *points,
                            const int              *placed,
                            guint                   n_points,
                            MutualChartSeries       series)
{
  GArray *columns = g_array_new (FALSE, FALSE, sizeof (MutualChartColumn));
  MutualChartColumn current = { -1, 0, 0, 0, 0 };
  gint64 lo = 0, hi = 0;
  gboolean lo_first = TRUE;
  gint64 previous = 0;

  for (guint i = 0; i < n_points; i++)
    {
      gint64 value = mutual_chart_point_value (&points[i], series);
      int column = placed[i];

      if (column != current.column)
        {
          if (current.column >= 0)
            {
              current.first = lo_first ? lo : hi;
              current.second = lo_first ? hi : lo;
              g_array_append_val (columns, current);
            }
          current.column = column;
          current.open = i == 0 ? value : previous;
          lo = hi = value;
          lo_first = TRUE;
        }
      else
        {
          if (value < lo)
            {
              lo = value;
              lo_first = FALSE;   /* the low came after the high so far */
            }
          if (value > hi)
            {
              hi = value;
              lo_first = TRUE;
            }
        }
      current.close = value;
      previous = value;
    }
  if (current.column >= 0)
    {
      current.first = lo_first ? lo : hi;
      current.second = lo_first ? hi : lo;
      g_array_append_val (columns, current);
    }
  return columns;
}

GArray *
mutual_chart_reduce (const MutualChartPoint *points,
                     guint                   n_points,
                     MutualChartSeries       series,
                     MutualDate              from,
                     MutualDate              to,
                     int                     n_columns)
{
  g_autofree int *placed = mutual_chart_point_columns (points, n_points, from, to, n_columns);

  return mutual_chart_reduce_placed (points, placed, n_points, series);
}
