/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mutual-chart"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "mutual-chart-private.h"
#include "mutual-money.h"

/* The chart in words: dates, amounts and shares, its title, footer and
 * the sentence that describes it to screen readers, the hover's label. */

char *
mutual_chart_format_date (MutualDate date)
{
  /* Translators: a date in charts and reports, strftime format ("3 Jan 2025") */
  return mutual_date_format (date, _("%-d %b %Y"));
}

char *
mutual_chart_dup_title (MutualChart *chart)
{
  g_autofree char *from = mutual_chart_format_date (chart->from);
  g_autofree char *to = mutual_chart_format_date (chart->to);

  if (chart->kind == MUTUAL_CHART_BY_RELATIONSHIP)
    /* Translators: chart title; the two dates of the period */
    return g_strdup_printf (_("Balance by relationship from %s to %s"), from, to);
  /* Translators: chart title; a relationship's name (or "All relationships") and the period */
  return g_strdup_printf (_("%s: balance from %s to %s"), chart->subject, from, to);
}

/* An amount, or with @hide_amounts its share of the chart's largest value. */
static char *
format_value (MutualChart *chart,
              gint64       value,
              gboolean     hide_amounts)
{
  if (hide_amounts)
    {
      gint64 largest = mutual_chart_largest_value (chart);

      return mutual_chart_format_percent (largest > 0 ? 100.0 * (double) value / (double) largest : 0);
    }
  return mutual_money_format (value, chart->currency,
                              MUTUAL_MONEY_FORMAT_SYMBOL | MUTUAL_MONEY_FORMAT_SHORT);
}

char *
mutual_chart_format_percent (double percent)
{
  double rounded = round (percent);

  /* Translators: a share of a chart's largest value; the minus sign as amounts write it */
  if (rounded < 0)
    return g_strdup_printf (_("−%.0f%%"), -rounded);
  return g_strdup_printf (_("%.0f%%"), rounded == 0 ? 0.0 : rounded);
}

char *
mutual_chart_format_value (MutualChart *chart,
                           gint64       value,
                           gboolean     hide_amounts)
{
  return format_value (chart, value, hide_amounts);
}

char *
mutual_chart_describe (MutualChart *chart,
                       gboolean     hide_amounts)
{
  g_autofree char *from = mutual_chart_format_date (chart->from);
  g_autofree char *to = mutual_chart_format_date (chart->to);

  if (chart->kind == MUTUAL_CHART_BY_RELATIONSHIP)
    {
      const MutualChartBar *top, *bottom;
      g_autofree char *top_value = NULL;
      g_autofree char *bottom_value = NULL;

      if (chart->bars->len == 0)
        return g_strdup_printf (_("No relationship has exchanges from %s to %s."), from, to);
      top = &g_array_index (chart->bars, MutualChartBar, 0);
      bottom = &g_array_index (chart->bars, MutualChartBar, chart->bars->len - 1);
      if (bottom->n_rest > 0 && chart->bars->len > 1)
        bottom = &g_array_index (chart->bars, MutualChartBar, chart->bars->len - 2);
      top_value = format_value (chart, top->balance, hide_amounts);
      bottom_value = format_value (chart, bottom->balance, hide_amounts);
      if (top == bottom)
        return g_strdup_printf (_("Balance by relationship from %s to %s: only %s, at %s."),
                                from, to, top->name, top_value);
      return g_strdup_printf (_("Balance by relationship from %s to %s: highest %s at %s, lowest %s at %s."),
                              from, to, top->name, top_value, bottom->name, bottom_value);
    }

  if (mutual_chart_is_empty (chart))
    return g_strdup_printf (_("%s: no exchanges up to %s."), chart->subject, to);
  else
    {
      const MutualChartPoint *first = &g_array_index (chart->points, MutualChartPoint, 0);
      const MutualChartPoint *last = &g_array_index (chart->points, MutualChartPoint, chart->points->len - 1);
      g_autofree char *a = format_value (chart, first->balance, hide_amounts);
      g_autofree char *b = format_value (chart, last->balance, hide_amounts);

      if (last->balance > first->balance)
        /* Translators: who, amount, amount, date, date */
        return g_strdup_printf (_("%s: the balance rose from %s to %s between %s and %s."),
                                chart->subject, a, b, from, to);
      if (last->balance < first->balance)
        return g_strdup_printf (_("%s: the balance fell from %s to %s between %s and %s."),
                                chart->subject, a, b, from, to);
      return g_strdup_printf (_("%s: the balance stayed at %s between %s and %s."),
                              chart->subject, b, from, to);
    }
}

char *
mutual_chart_dup_footer (MutualChart *chart,
                         gboolean     hide_amounts,
                         MutualDate   made)
{
  g_autofree char *date = mutual_chart_format_date (made ? made : mutual_date_today ());

  if (hide_amounts)
    /* Translators: chart footer; currency code, date */
    return g_strdup_printf (_("Percentages of the largest value, amounts in %s hidden · Made %s with Mutual"),
                            chart->currency, date);
  /* Translators: chart footer; currency code, date */
  return g_strdup_printf (_("Amounts in %s · Made %s with Mutual"), chart->currency, date);
}

char *
mutual_chart_hit_describe (MutualChart          *chart,
                           const MutualChartHit *hit,
                           gboolean              hide_amounts)
{
  if (chart->kind == MUTUAL_CHART_BALANCE)
    {
      g_autofree char *date = mutual_chart_format_date (hit->point.date);
      g_autofree char *given = mutual_chart_format_value (chart, hit->point.given_total, hide_amounts);
      g_autofree char *received = mutual_chart_format_value (chart, hit->point.received_total, hide_amounts);
      g_autofree char *balance = mutual_chart_format_value (chart, hit->point.balance, hide_amounts);

      /* Translators: hover label of a balance chart, one item per line */
      return g_strdup_printf (_("%s\nBalance %s\nGiven %s\nReceived %s%s"),
                              date, balance, given, received,
                              hit->in_band ? _("\nPartnership") : "");
    }
  else
    {
      guint n;
      const MutualChartBar *bars = mutual_chart_get_bars (chart, &n);
      const MutualChartBar *bar;
      g_autofree char *given = NULL, *received = NULL, *balance = NULL;

      if (hit->bar_index < 0 || hit->bar_index >= (int) n)
        return g_strdup ("");
      bar = &bars[hit->bar_index];
      given = mutual_chart_format_value (chart, bar->given, hide_amounts);
      received = mutual_chart_format_value (chart, bar->received, hide_amounts);
      balance = mutual_chart_format_value (chart, bar->balance, hide_amounts);
      return g_strdup_printf (_("%s\nBalance %s\nGiven %s\nReceived %s"),
                              bar->name, balance, given, received);
    }
}
