/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mutual-chart"

#include "config.h"

#include <glib/gi18n.h>

#include "mutual-analytics.h"
#include "mutual-chart-private.h"
#include "mutual-error.h"
#include "mutual-ledger-totals.h"
#include "mutual-money.h"

/* The chart's data: points, bands and marks from the ledger's day
 * totals, bars from its sums by relationship, and the range shown. */

#define DEFAULT_TOP_N 12

static MutualChart *
chart_new (MutualChartKind  kind,
           const char      *currency,
           const char      *subject)
{
  MutualChart *chart = g_new0 (MutualChart, 1);

  g_atomic_ref_count_init (&chart->ref_count);
  chart->kind = kind;
  chart->currency = g_strdup (currency ? currency : "EUR");
  chart->subject = g_strdup (subject ? subject : _("All relationships"));
  chart->days = g_array_new (FALSE, FALSE, sizeof (MutualChartPoint));
  chart->all_bands = g_array_new (FALSE, FALSE, sizeof (MutualChartBand));
  chart->all_marks = g_array_new (FALSE, FALSE, sizeof (MutualChartMark));
  chart->marks = g_array_new (FALSE, FALSE, sizeof (MutualChartMark));
  chart->points = g_array_new (FALSE, FALSE, sizeof (MutualChartPoint));
  chart->bands = g_array_new (FALSE, FALSE, sizeof (MutualChartBand));
  chart->bars = g_array_new (FALSE, FALSE, sizeof (MutualChartBar));
  return chart;
}

MutualChart *
mutual_chart_ref (MutualChart *chart)
{
  g_return_val_if_fail (chart != NULL, NULL);
  g_atomic_ref_count_inc (&chart->ref_count);
  return chart;
}

void
mutual_chart_unref (MutualChart *chart)
{
  g_return_if_fail (chart != NULL);

  if (!g_atomic_ref_count_dec (&chart->ref_count))
    return;

  for (guint i = 0; i < chart->bars->len; i++)
    g_free (g_array_index (chart->bars, MutualChartBar, i).name);
  g_array_unref (chart->bars);
  g_array_unref (chart->days);
  g_array_unref (chart->all_bands);
  g_array_unref (chart->all_marks);
  g_array_unref (chart->marks);
  g_array_unref (chart->points);
  g_array_unref (chart->bands);
  g_clear_object (&chart->pango);
  g_free (chart->currency);
  g_free (chart->subject);
  g_free (chart);
}

MutualChartKind
mutual_chart_get_kind (MutualChart *chart)
{
  return chart->kind;
}

const char *
mutual_chart_get_currency (MutualChart *chart)
{
  return chart->currency;
}

const char *
mutual_chart_get_subject (MutualChart *chart)
{
  return chart->subject;
}

void
mutual_chart_get_range (MutualChart *chart,
                        MutualDate  *from,
                        MutualDate  *to)
{
  if (from)
    *from = chart->from;
  if (to)
    *to = chart->to;
}

void
mutual_chart_get_data_range (MutualChart *chart,
                             MutualDate  *first,
                             MutualDate  *last)
{
  if (first)
    *first = chart->data_first;
  if (last)
    *last = chart->data_last;
}

/* The extremes of what is shown, for the value axis. */
static void
update_extremes (MutualChart *chart)
{
  guint64 largest = 0;
  gint64 lowest = 0, highest = 0;

  if (chart->kind == MUTUAL_CHART_BY_RELATIONSHIP)
    {
      for (guint i = 0; i < chart->bars->len; i++)
        {
          gint64 v = g_array_index (chart->bars, MutualChartBar, i).balance;

          lowest = MIN (lowest, v);
          highest = MAX (highest, v);
        }
    }
  else
    {
      for (guint i = 0; i < chart->points->len; i++)
        {
          const MutualChartPoint *p = &g_array_index (chart->points, MutualChartPoint, i);

          lowest = MIN (lowest, p->balance);
          highest = MAX (highest, MAX (p->balance, MAX (p->given_total, p->received_total)));
        }
    }
  largest = MAX ((guint64) highest, (guint64) 0 - (guint64) lowest);
  chart->lowest = lowest;
  chart->highest = highest;
  chart->largest = (gint64) MIN (largest, (guint64) G_MAXINT64);
}

gint64
mutual_chart_largest_value (MutualChart *chart)
{
  return chart->largest;
}

/* The last point dated ≤ @date, or -1. */
static int
find_at_or_before (GArray     *days,
                   MutualDate  date)
{
  int lo = 0, hi = (int) days->len - 1, found = -1;

  while (lo <= hi)
    {
      int mid = lo + (hi - lo) / 2;

      if (g_array_index (days, MutualChartPoint, mid).date <= date)
        {
          found = mid;
          lo = mid + 1;
        }
      else
        hi = mid - 1;
    }
  return found;
}

void
mutual_chart_set_range (MutualChart *chart,
                        MutualDate   from,
                        MutualDate   to)
{
  MutualChartPoint carry = { 0 };
  int start;

  g_return_if_fail (chart != NULL);

  if (to == 0)
    to = chart->data_last;
  if (from == 0)
    from = chart->days->len > 0
           ? g_array_index (chart->days, MutualChartPoint, 0).date
           : to;
  if (from > to)
    from = to;
  chart->from = from;
  chart->to = to;

  if (chart->kind != MUTUAL_CHART_BALANCE)
    return;

  g_array_set_size (chart->points, 0);
  start = find_at_or_before (chart->days, from);
  if (start >= 0)
    carry = g_array_index (chart->days, MutualChartPoint, start);
  carry.date = from;
  g_array_append_val (chart->points, carry);

  for (guint i = start + 1; i < chart->days->len; i++)
    {
      const MutualChartPoint *p = &g_array_index (chart->days, MutualChartPoint, i);

      if (p->date > to)
        break;
      g_array_append_val (chart->points, *p);
    }
  if (g_array_index (chart->points, MutualChartPoint, chart->points->len - 1).date < to)
    {
      MutualChartPoint last = g_array_index (chart->points, MutualChartPoint, chart->points->len - 1);

      last.date = to;
      g_array_append_val (chart->points, last);
    }

  g_array_set_size (chart->bands, 0);
  for (guint i = 0; i < chart->all_bands->len; i++)
    {
      MutualChartBand band = g_array_index (chart->all_bands, MutualChartBand, i);

      if (band.end < from || band.start > to)
        continue;
      band.start = MAX (band.start, from);
      band.end = MIN (band.end, to);
      g_array_append_val (chart->bands, band);
    }

  g_array_set_size (chart->marks, 0);
  for (guint i = 0; i < chart->all_marks->len; i++)
    {
      const MutualChartMark *mark = &g_array_index (chart->all_marks, MutualChartMark, i);

      if (mark->date >= from && mark->date <= to)
        g_array_append_vals (chart->marks, mark, 1);
    }
  update_extremes (chart);
}

const MutualChartPoint *
mutual_chart_get_points (MutualChart *chart,
                         guint       *n_points)
{
  *n_points = chart->points->len;
  return (const MutualChartPoint *) chart->points->data;
}

const MutualChartBand *
mutual_chart_get_bands (MutualChart *chart,
                        guint       *n_bands)
{
  *n_bands = chart->bands->len;
  return (const MutualChartBand *) chart->bands->data;
}

const MutualChartMark *
mutual_chart_get_marks (MutualChart *chart,
                        guint       *n_marks)
{
  *n_marks = chart->marks->len;
  return (const MutualChartMark *) chart->marks->data;
}

const MutualChartBar *
mutual_chart_get_bars (MutualChart *chart,
                       guint       *n_bars)
{
  *n_bars = chart->bars->len;
  return (const MutualChartBar *) chart->bars->data;
}

gboolean
mutual_chart_is_empty (MutualChart *chart)
{
  if (chart->kind == MUTUAL_CHART_BY_RELATIONSHIP)
    return chart->bars->len == 0;
  return chart->days->len == 0
         || g_array_index (chart->days, MutualChartPoint, 0).date > chart->to;
}

/* Building */

static gboolean
overflow_error (GError **error)
{
  g_set_error (error, MUTUAL_ERROR, MUTUAL_ERROR_DATA,
               _("The totals are larger than Mutual can add up."));
  return FALSE;
}

/* Cumulative points from daily totals. */
static gboolean
add_days (MutualChart          *chart,
          const MutualDayTotal *days,
          guint                 n_days,
          GError              **error)
{
  MutualChartPoint point = { 0 };

  g_array_set_size (chart->days, 0);
  for (guint i = 0; i < n_days; i++)
    {
      if (!mutual_money_add (&point.given_total, days[i].given)
          || !mutual_money_add (&point.received_total, days[i].received)
          || __builtin_sub_overflow (point.received_total, point.given_total, &point.balance))
        return overflow_error (error);
      point.date = days[i].date;
      /* Daily totals are one per date; merge defensively if not. */
      if (chart->days->len > 0
          && g_array_index (chart->days, MutualChartPoint, chart->days->len - 1).date == point.date)
        g_array_index (chart->days, MutualChartPoint, chart->days->len - 1) = point;
      else
        g_array_append_val (chart->days, point);
    }
  return TRUE;
}

MutualChart *
mutual_chart_new_balance_from_days (const MutualDayTotal  *days,
                                    guint                  n_days,
                                    const MutualChartBand *bands,
                                    guint                  n_bands,
                                    MutualDate             from,
                                    MutualDate             to,
                                    const char            *subject,
                                    const char            *currency)
{
  MutualChart *chart = chart_new (MUTUAL_CHART_BALANCE, currency, subject);

  if (!add_days (chart, days, n_days, NULL))
    g_array_set_size (chart->days, 0);
  if (bands && n_bands > 0)
    g_array_append_vals (chart->all_bands, bands, n_bands);
  chart->data_first = chart->days->len > 0 ? days[0].date : 0;
  chart->data_last = to ? to : mutual_date_today ();
  if (chart->days->len > 0)
    chart->data_last = MAX (chart->data_last, MIN (to ? to : MUTUAL_DATE_MAX,
                                                   days[n_days - 1].date));
  mutual_chart_set_range (chart, from, to);
  return chart;
}

/* The partnership bands: the months analytics found partnership. */
static gboolean
compute_bands (MutualChart *chart,
               GArray      *rows,
               MutualDate   to,
               GError     **error)
{
  g_autoptr(GArray) spans = NULL;

  spans = mutual_partnership_spans ((const MutualKindTotal *) rows->data, rows->len, to, error);
  if (spans == NULL)
    return FALSE;
  for (guint i = 0; i < spans->len; i++)
    {
      const MutualPartnershipSpan *span = &g_array_index (spans, MutualPartnershipSpan, i);
      MutualChartBand band = { span->start, span->end };

      g_array_append_val (chart->all_bands, band);
    }
  return TRUE;
}

/* A relationship's day totals by direction and kind, as the chart's
 * days and bands and, when @a is given, as its assessment: one pass
 * over its rows, in date order. */
typedef struct
{
  MutualChart      *chart;
  MutualAssessment *a;
  GArray           *rows;    /* MutualKindTotal, kinds past the last as other */
  GArray           *days;    /* MutualDayTotal */
} Reading;

static gboolean
read_total (const MutualKindTotal  *total,
            gpointer                user_data,
            GError                **error)
{
  Reading *reading = user_data;
  GArray *days = reading->days;
  MutualDayTotal *day;
  gint64 *sum;
  MutualKindTotal row = *total;

  if ((guint) row.kind >= MUTUAL_N_KINDS)
    row.kind = MUTUAL_KIND_OTHER;
  g_array_append_val (reading->rows, row);

  if (mutual_kind_is_relational (row.kind) && row.exchanges > 0)
    {
      GArray *marks = reading->chart->all_marks;
      MutualChartMark *mark;

      if (marks->len == 0 || g_array_index (marks, MutualChartMark, marks->len - 1).date != row.date)
        {
          MutualChartMark fresh = { row.date, 0, 0 };
          g_array_append_val (marks, fresh);
        }
      mark = &g_array_index (marks, MutualChartMark, marks->len - 1);
      if (row.direction == MUTUAL_DIRECTION_GIVEN)
        mark->given += (guint) MIN (row.exchanges, G_MAXUINT - mark->given);
      else
        mark->received += (guint) MIN (row.exchanges, G_MAXUINT - mark->received);
    }

  if (days->len == 0 || g_array_index (days, MutualDayTotal, days->len - 1).date != row.date)
    {
      MutualDayTotal fresh = { row.date, 0, 0 };
      g_array_append_val (days, fresh);
    }
  day = &g_array_index (days, MutualDayTotal, days->len - 1);
  sum = row.direction == MUTUAL_DIRECTION_GIVEN ? &day->given : &day->received;
  if (!mutual_money_add (sum, row.value))
    return overflow_error (error);
  if (reading->a && !mutual_assessment_add (reading->a, row.date, row.direction, row.kind,
                                            (guint) row.exchanges, row.value, row.minutes, error))
    return FALSE;
  return TRUE;
}

static gboolean
read_relationship (MutualLedger     *ledger,
                   gint64            relationship_id,
                   MutualDate        data_to,
                   MutualChart      *chart,
                   MutualAssessment *a,
                   GError          **error)
{
  g_autoptr(GArray) rows = g_array_new (FALSE, FALSE, sizeof (MutualKindTotal));
  g_autoptr(GArray) days = g_array_new (FALSE, FALSE, sizeof (MutualDayTotal));
  Reading reading = { chart, a, rows, days };

  if (!mutual_ledger_foreach_kind_total (ledger, relationship_id, data_to, read_total, &reading, error))
    return FALSE;

  if (a)
    mutual_assessment_finish (a);
  return add_days (chart, (MutualDayTotal *) days->data, days->len, error)
         && compute_bands (chart, rows, data_to, error);
}

static MutualChart *
new_balance (MutualLedger     *ledger,
             gint64            relationship_id,
             MutualDate        from,
             MutualDate        to,
             MutualAssessment *a,
             GError          **error)
{
  g_autoptr(MutualChart) chart = NULL;
  MutualDate data_to = to ? to : mutual_date_today ();

  g_return_val_if_fail (MUTUAL_IS_LEDGER (ledger), NULL);

  if (relationship_id == 0)
    {
      g_autoptr(GArray) days = NULL;

      chart = chart_new (MUTUAL_CHART_BALANCE, mutual_ledger_get_currency (ledger), NULL);
      days = mutual_ledger_daily_totals (ledger, 0, data_to, error);
      if (days == NULL || !add_days (chart, (MutualDayTotal *) days->data, days->len, error))
        return NULL;
    }
  else
    {
      g_autoptr(MutualRelationship) rel = mutual_ledger_get_relationship (ledger, relationship_id, error);

      if (rel == NULL)
        return NULL;
      chart = chart_new (MUTUAL_CHART_BALANCE, mutual_ledger_get_currency (ledger), rel->name);
      if (a)
        mutual_assessment_init (a, rel, data_to);
      if (!read_relationship (ledger, relationship_id, data_to, chart, a, error))
        return NULL;
    }

  chart->data_first = chart->days->len > 0 ? g_array_index (chart->days, MutualChartPoint, 0).date : 0;
  chart->data_last = data_to;
  mutual_chart_set_range (chart, from, to ? to : data_to);
  return g_steal_pointer (&chart);
}

MutualChart *
mutual_chart_new_balance (MutualLedger  *ledger,
                          gint64         relationship_id,
                          MutualDate     from,
                          MutualDate     to,
                          GError       **error)
{
  return new_balance (ledger, relationship_id, from, to, NULL, error);
}

MutualChart *
mutual_chart_new_relationship (MutualLedger     *ledger,
                               gint64            relationship_id,
                               MutualDate        as_of,
                               MutualAssessment *assessment,
                               GError          **error)
{
  g_return_val_if_fail (relationship_id != 0, NULL);
  g_return_val_if_fail (assessment != NULL, NULL);

  return new_balance (ledger, relationship_id, 0, as_of, assessment, error);
}

/* By relationship */

static int
compare_bars (gconstpointer a,
              gconstpointer b)
{
  const MutualChartBar *x = a, *y = b;

  if (x->balance != y->balance)
    return x->balance > y->balance ? -1 : 1;
  return g_utf8_collate (x->name, y->name);
}

static int
compare_bars_by_size (gconstpointer a,
                      gconstpointer b)
{
  const MutualChartBar *x = a, *y = b;
  guint64 ax = x->balance < 0 ? (guint64) 0 - (guint64) x->balance : (guint64) x->balance;
  guint64 ay = y->balance < 0 ? (guint64) 0 - (guint64) y->balance : (guint64) y->balance;

  if (ax != ay)
    return ax > ay ? -1 : 1;
  return compare_bars (a, b);
}

MutualChart *
mutual_chart_new_bars (const MutualChartBar *bars,
                       guint                 n_bars,
                       guint                 top_n,
                       MutualDate            from,
                       MutualDate            to,
                       const char           *currency)
{
  MutualChart *chart = chart_new (MUTUAL_CHART_BY_RELATIONSHIP, currency, NULL);
  g_autoptr(GArray) all = g_array_sized_new (FALSE, FALSE, sizeof (MutualChartBar), n_bars);

  g_free (chart->subject);
  chart->subject = g_strdup (_("Balance by relationship"));
  if (top_n == 0)
    top_n = DEFAULT_TOP_N;

  g_array_append_vals (all, bars, n_bars);
  g_array_sort (all, compare_bars_by_size);

  for (guint i = 0; i < all->len; i++)
    {
      MutualChartBar bar = g_array_index (all, MutualChartBar, i);

      /* A rest bar of one would hide a name for nothing. */
      if (i < top_n || all->len == top_n + 1)
        {
          bar.name = g_strdup (bar.name ? bar.name : "");
          bar.n_rest = 0;
          g_array_append_val (chart->bars, bar);
        }
    }
  g_array_sort (chart->bars, compare_bars);

  if (all->len > top_n + 1)
    {
      MutualChartBar rest = { 0 };
      guint n = all->len - top_n;

      for (guint i = top_n; i < all->len; i++)
        {
          const MutualChartBar *bar = &g_array_index (all, MutualChartBar, i);

          /* Saturate rather than wrap: the rest is a summary. */
          rest.given = mutual_money_add (&rest.given, bar->given) ? rest.given : G_MAXINT64;
          rest.received = mutual_money_add (&rest.received, bar->received) ? rest.received : G_MAXINT64;
        }
      if (__builtin_sub_overflow (rest.received, rest.given, &rest.balance))
        rest.balance = rest.received > rest.given ? G_MAXINT64 : G_MININT64;
      rest.n_rest = n;
      rest.name = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u other", "%u others", n), n);
      g_array_append_val (chart->bars, rest);
    }

  update_extremes (chart);
  chart->data_last = to ? to : mutual_date_today ();
  chart->data_first = from;
  chart->from = from ? from : chart->data_last;
  chart->to = chart->data_last;
  if (chart->from > chart->to)
    chart->from = chart->to;
  return chart;
}

MutualChart *
mutual_chart_new_by_relationship (MutualLedger  *ledger,
                                  MutualDate     from,
                                  MutualDate     to,
                                  guint          top_n,
                                  GError       **error)
{
  g_autoptr(GPtrArray) rels = NULL;
  g_autoptr(GHashTable) index = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GArray) bars = g_array_new (FALSE, TRUE, sizeof (MutualChartBar));
  g_autoptr(GArray) counts = g_array_new (FALSE, TRUE, sizeof (gint64));
  g_autoptr(GArray) totals = NULL;
  MutualDate first = 0, last = 0;
  MutualChart *chart;

  g_return_val_if_fail (MUTUAL_IS_LEDGER (ledger), NULL);

  if (to == 0)
    to = mutual_date_today ();

  rels = mutual_ledger_list_relationships (ledger, FALSE, error);
  if (rels == NULL)
    return NULL;
  g_array_set_size (bars, rels->len);
  g_array_set_size (counts, rels->len);
  for (guint i = 0; i < rels->len; i++)
    {
      MutualRelationship *rel = g_ptr_array_index (rels, i);
      MutualChartBar *bar = &g_array_index (bars, MutualChartBar, i);

      bar->relationship_id = rel->id;
      bar->name = rel->name;
      g_hash_table_insert (index, &rel->id, GUINT_TO_POINTER (i + 1));
    }

  totals = mutual_ledger_relationship_totals (ledger, from, to, error);
  if (totals == NULL)
    return NULL;
  for (guint t = 0; t < totals->len; t++)
    {
      const MutualRelationshipTotal *total = &g_array_index (totals, MutualRelationshipTotal, t);
      guint i = GPOINTER_TO_UINT (g_hash_table_lookup (index, &total->relationship_id));
      MutualChartBar *bar;

      if (i == 0)
        continue;   /* archived */
      bar = &g_array_index (bars, MutualChartBar, i - 1);
      bar->given = total->given;
      bar->received = total->received;
      g_array_index (counts, gint64, i - 1) = total->exchanges;
    }

  /* Only relationships with exchanges in the period get a bar. */
  for (guint i = bars->len; i > 0; i--)
    {
      MutualChartBar *bar = &g_array_index (bars, MutualChartBar, i - 1);

      if (g_array_index (counts, gint64, i - 1) == 0)
        {
          g_array_remove_index (bars, i - 1);
          continue;
        }
      if (__builtin_sub_overflow (bar->received, bar->given, &bar->balance))
        {
          overflow_error (error);
          return NULL;
        }
    }

  if (from == 0 && !mutual_ledger_get_date_range (ledger, 0, &first, &last, error))
    return NULL;

  chart = mutual_chart_new_bars ((MutualChartBar *) bars->data, bars->len, top_n,
                                 from ? from : (first ? first : to), to,
                                 mutual_ledger_get_currency (ledger));
  return chart;
}
