/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mutual-analytics"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "mutual-analytics-private.h"
#include "mutual-error.h"
#include "mutual-ledger-totals.h"
#include "mutual-money.h"


static gboolean
any_kind (const guint counts[MUTUAL_N_KINDS])
{
  for (int k = 0; k < MUTUAL_N_KINDS; k++)
    if (counts[k] > 0)
      return TRUE;
  return FALSE;
}

static gboolean
any_value (const gint64 values[MUTUAL_N_COMMERCIAL_KINDS])
{
  for (int k = 0; k < MUTUAL_N_COMMERCIAL_KINDS; k++)
    if (values[k] > 0)
      return TRUE;
  return FALSE;
}

/* The measure that can compare the two sides of one window: value when
 * both gave value, exchange counts when no commercial value is involved,
 * else value (commercial value met by none). */
static MutualMeasure
choose_measure (gint64   given,
                gint64   received,
                gboolean commercial)
{
  if (given > 0 && received > 0)
    return MUTUAL_MEASURE_VALUE;
  if (!commercial)
    return MUTUAL_MEASURE_EXCHANGES;
  return MUTUAL_MEASURE_VALUE;
}

MutualMeasure
mutual_assessment_half_measure (const MutualAssessment *a)
{
  return choose_measure (a->half_given, a->half_received, a->half_commercial > 0);
}

/* 2·min ≥ max, written so that it cannot overflow. */
static gboolean
within_twice (gint64 a,
              gint64 b)
{
  gint64 lo = MIN (a, b), hi = MAX (a, b);

  return lo >= hi - lo;
}

static void
year_figures (const MutualAssessment *a,
              gint64                 *given,
              gint64                 *received)
{
  if (a->measure == MUTUAL_MEASURE_EXCHANGES)
    {
      *given = a->year_given_count;
      *received = a->year_received_count;
    }
  else
    {
      *given = a->year_given;
      *received = a->year_received;
    }
}

void
mutual_assessment_decide (MutualAssessment *a)
{
  gboolean commercial = any_value (a->year_commercial_given) || any_value (a->year_commercial_received);
  gint64 g, r;
  MutualMeasure half_measure;

  a->ongoing = a->n_exchanges > 0
               && a->distinct_months >= MUTUAL_ONGOING_MIN_MONTHS
               && a->span_days >= MUTUAL_ONGOING_MIN_DAYS;
  a->beyond_money = any_kind (a->relational_given) && any_kind (a->relational_received);

  a->measure = choose_measure (a->year_given, a->year_received, commercial);
  year_figures (a, &g, &r);
  a->two_way = a->year_given_count > 0 && a->year_received_count > 0
               && g > 0 && r > 0 && within_twice (g, r);

  a->computed = a->ongoing && a->beyond_money && a->two_way
                ? MUTUAL_CLASS_PARTNERSHIP : MUTUAL_CLASS_TRANSACTIONAL;
  a->klass = a->override != MUTUAL_CLASS_NONE ? a->override : a->computed;

  a->flags = 0;
  /* The same choice of measure over the last six months: you gave more
   * than twice what you received (given − received > received: no
   * overflow), or commercial value of yours met no value. */
  half_measure = mutual_assessment_half_measure (a);
  if (half_measure == MUTUAL_MEASURE_EXCHANGES)
    {
      if (a->half_given_count > 0
          && a->half_given_count - a->half_received_count > a->half_received_count)
        a->flags |= MUTUAL_FLAG_ONE_SIDED;
    }
  else if (a->half_given > 0
           && a->half_given - a->half_received > a->half_received)
    a->flags |= MUTUAL_FLAG_ONE_SIDED;
  if (a->n_exchanges > 0
      && mutual_date_diff_days (a->as_of, a->last) >= MUTUAL_HALF_WINDOW_DAYS)
    a->flags |= MUTUAL_FLAG_DORMANT;
  if (a->n_exchanges == 0
      || mutual_date_diff_days (a->as_of, a->first) < MUTUAL_NEW_DAYS)
    a->flags |= MUTUAL_FLAG_NEW;
}

gint64
mutual_assessment_balance (const MutualAssessment *a)
{
  gint64 balance;

  if (__builtin_sub_overflow (a->received, a->given, &balance))
    return a->received > a->given ? G_MAXINT64 : G_MININT64;
  return balance;
}

gboolean
mutual_assessment_reciprocity (const MutualAssessment *a,
                               double                 *out)
{
  gint64 g, r, lo, hi;

  year_figures (a, &g, &r);
  lo = MIN (g, r);
  hi = MAX (g, r);
  if (hi == 0)
    return FALSE;
  *out = (double) lo / (double) hi;
  return TRUE;
}

gboolean
mutual_assessment_is_new (const MutualAssessment *a)
{
  return (a->flags & MUTUAL_FLAG_NEW) != 0
         && a->override == MUTUAL_CLASS_NONE
         && a->klass == MUTUAL_CLASS_TRANSACTIONAL;
}

gboolean
mutual_assessment_value_per_hour (const MutualAssessment *a,
                                  gint64                 *out)
{
  if (a->minutes_given <= 0)
    return FALSE;
  /* received · 60 / minutes, rounded, in 128 bits: no overflow. */
  *out = (gint64) (((__int128) a->received * 60 + a->minutes_given / 2) / a->minutes_given);
  return TRUE;
}

int
mutual_assessment_compare_review (const MutualAssessment *a,
                                  const MutualAssessment *b)
{
  gboolean one_a = (a->flags & MUTUAL_FLAG_ONE_SIDED) != 0;
  gboolean one_b = (b->flags & MUTUAL_FLAG_ONE_SIDED) != 0;
  double ra = -1, rb = -1;
  gint64 ba, bb;

  if (one_a != one_b)
    return one_a ? -1 : 1;
  if (!mutual_assessment_reciprocity (a, &ra))
    ra = -1;
  if (!mutual_assessment_reciprocity (b, &rb))
    rb = -1;
  if (ra != rb)
    return ra > rb ? -1 : 1;
  ba = mutual_assessment_balance (a);
  bb = mutual_assessment_balance (b);
  if (ba != bb)
    return ba > bb ? -1 : 1;
  return 0;
}

gboolean
mutual_assessment_year_add (MutualAssessment *a,
                            MutualDirection   direction,
                            MutualKind        kind,
                            gint64            count,
                            gint64            value)
{
  gboolean given = direction == MUTUAL_DIRECTION_GIVEN;
  gboolean ok = TRUE;

  ok &= mutual_money_add (given ? &a->year_given : &a->year_received, value);
  ok &= mutual_money_add (given ? &a->year_given_count : &a->year_received_count, count);
  if (kind < MUTUAL_N_COMMERCIAL_KINDS)
    ok &= mutual_money_add (given ? &a->year_commercial_given[kind]
                                  : &a->year_commercial_received[kind], value);
  return ok;
}

/* Accumulates @count exchanges of one date, direction and kind, whose
 * values and minutes add up to @value and @minutes, into the figures
 * (rows come in date order). */
static gboolean
accumulate (MutualAssessment *a,
            MutualDate        date,
            MutualDirection   direction,
            MutualKind        kind,
            guint             count,
            gint64            value,
            gint64            minutes,
            MutualDate        year_start,
            MutualDate        half_start)
{
  gboolean given = direction == MUTUAL_DIRECTION_GIVEN;
  gboolean ok = TRUE;

  if (a->n_exchanges == 0)
    {
      a->first = date;
      a->distinct_months = 1;
    }
  else if (date / 100 != a->last / 100)
    a->distinct_months++;
  a->last = date;
  a->n_exchanges += count;

  if (kind < MUTUAL_N_KINDS && mutual_kind_is_relational (kind))
    {
      if (given)
        a->relational_given[kind] += count;
      else
        a->relational_received[kind] += count;
    }

  ok &= mutual_money_add (given ? &a->given : &a->received, value);
  if (date >= year_start)
    ok &= mutual_assessment_year_add (a, direction, kind, count, value);
  if (date >= half_start)
    {
      ok &= mutual_money_add (given ? &a->half_given : &a->half_received, value);
      ok &= mutual_money_add (given ? &a->half_given_count : &a->half_received_count, count);
      if (mutual_kind_is_commercial (kind))
        ok &= mutual_money_add (&a->half_commercial, value);
    }
  if (minutes > 0)
    ok &= mutual_money_add (given ? &a->minutes_given : &a->minutes_received, minutes);

  return ok;
}

static void
finish (MutualAssessment *a)
{
  a->span_days = a->n_exchanges ? mutual_date_diff_days (a->last, a->first) : 0;
  mutual_assessment_decide (a);
}

gboolean
mutual_analytics_overflow_error (GError **error)
{
  g_set_error (error, MUTUAL_ERROR, MUTUAL_ERROR_DATA,
               _("The totals are larger than Mutual can add up."));
  return FALSE;
}

/* Feeds day totals, in relationship then date order, to the
 * assessments of the relationships in @by_id. */
typedef struct
{
  GHashTable       *by_id;
  GArray           *out;
  MutualDate        year_start;
  MutualDate        half_start;
  GCancellable     *cancellable;
  gint64            current_id;
  MutualAssessment *current;
  guint             n_rows;
} Scan;

static void
scan_init (Scan         *scan,
           GHashTable   *by_id,
           GArray       *out,
           MutualDate    as_of,
           GCancellable *cancellable)
{
  scan->by_id = by_id;
  scan->out = out;
  scan->year_start = mutual_date_add_days (as_of, -(MUTUAL_YEAR_WINDOW_DAYS - 1));
  scan->half_start = mutual_date_add_days (as_of, -(MUTUAL_HALF_WINDOW_DAYS - 1));
  scan->cancellable = cancellable;
  scan->current_id = -1;
  scan->current = NULL;
  scan->n_rows = 0;
}

static gboolean
scan_total (const MutualKindTotal  *total,
            gpointer                user_data,
            GError                **error)
{
  Scan *scan = user_data;

  /* Every few thousand rows: a million take a few tenths of a second. */
  if (scan->cancellable != NULL && ++scan->n_rows % 4096 == 0
      && g_cancellable_set_error_if_cancelled (scan->cancellable, error))
    return FALSE;

  if (total->relationship_id != scan->current_id)
    {
      gpointer index;

      scan->current_id = total->relationship_id;
      scan->current = NULL;
      if (g_hash_table_lookup_extended (scan->by_id, &total->relationship_id, NULL, &index))
        scan->current = &g_array_index (scan->out, MutualAssessment, GPOINTER_TO_UINT (index));
    }
  if (scan->current == NULL)
    return TRUE;

  if (!accumulate (scan->current, total->date, total->direction, total->kind,
                   (guint) total->exchanges, total->value, total->minutes,
                   scan->year_start, scan->half_start))
    return mutual_analytics_overflow_error (error);
  return TRUE;
}

void
mutual_assessment_init (MutualAssessment         *a,
                        const MutualRelationship *rel,
                        MutualDate                as_of)
{
  memset (a, 0, sizeof *a);
  a->relationship_id = rel->id;
  a->as_of = as_of ? as_of : mutual_date_today ();
  a->override = rel->override;
}

gboolean
mutual_assessment_add (MutualAssessment  *a,
                       MutualDate         date,
                       MutualDirection    direction,
                       MutualKind         kind,
                       guint              count,
                       gint64             value,
                       gint64             minutes,
                       GError           **error)
{
  if (date > a->as_of || count == 0)
    return TRUE;
  if (!accumulate (a, date, direction, kind, count, value, minutes,
                   mutual_date_add_days (a->as_of, -(MUTUAL_YEAR_WINDOW_DAYS - 1)),
                   mutual_date_add_days (a->as_of, -(MUTUAL_HALF_WINDOW_DAYS - 1))))
    return mutual_analytics_overflow_error (error);
  return TRUE;
}

void
mutual_assessment_finish (MutualAssessment *a)
{
  finish (a);
}

gboolean
mutual_ledger_assess (MutualLedger      *ledger,
                      gint64             relationship_id,
                      MutualDate         as_of,
                      MutualAssessment  *out,
                      GError           **error)
{
  g_autoptr(MutualRelationship) rel = NULL;
  g_autoptr(GHashTable) by_id = NULL;
  g_autoptr(GArray) one = NULL;
  Scan scan;

  g_return_val_if_fail (MUTUAL_IS_LEDGER (ledger), FALSE);

  if (as_of == 0)
    as_of = mutual_date_today ();

  rel = mutual_ledger_get_relationship (ledger, relationship_id, error);
  if (rel == NULL)
    return FALSE;

  one = g_array_sized_new (FALSE, TRUE, sizeof (MutualAssessment), 1);
  g_array_set_size (one, 1);
  mutual_assessment_init (&g_array_index (one, MutualAssessment, 0), rel, as_of);
  by_id = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_hash_table_insert (by_id, &rel->id, GUINT_TO_POINTER (0));

  scan_init (&scan, by_id, one, as_of, NULL);
  if (!mutual_ledger_foreach_kind_total (ledger, relationship_id, as_of, scan_total, &scan, error))
    return FALSE;

  *out = g_array_index (one, MutualAssessment, 0);
  finish (out);
  return TRUE;
}

GArray *
mutual_ledger_assess_all (MutualLedger  *ledger,
                          MutualDate     as_of,
                          GError       **error)
{
  return mutual_ledger_assess_all_cancellable (ledger, as_of, NULL, error);
}

GArray *
mutual_ledger_assess_all_cancellable (MutualLedger  *ledger,
                                      MutualDate     as_of,
                                      GCancellable  *cancellable,
                                      GError       **error)
{
  return mutual_ledger_assess_relationships (ledger, as_of, NULL, cancellable, error);
}

static GArray *
assess_relationships (MutualLedger  *ledger,
                      MutualDate     as_of,
                      GPtrArray     *rels,
                      GCancellable  *cancellable,
                      GError       **error)
{
  g_autoptr(GArray) out = NULL;
  g_autoptr(GHashTable) by_id = NULL;
  Scan scan;

  out = g_array_sized_new (FALSE, TRUE, sizeof (MutualAssessment), rels->len);
  g_array_set_size (out, rels->len);
  by_id = g_hash_table_new (g_int64_hash, g_int64_equal);
  for (guint i = 0; i < rels->len; i++)
    {
      MutualRelationship *rel = g_ptr_array_index (rels, i);
      MutualAssessment *a = &g_array_index (out, MutualAssessment, i);

      mutual_assessment_init (a, rel, as_of);
      g_hash_table_insert (by_id, &a->relationship_id, GUINT_TO_POINTER (i));
    }

  /* One pass over the day totals, in relationship and date order. */
  scan_init (&scan, by_id, out, as_of, cancellable);
  if (!mutual_ledger_foreach_kind_total (ledger, 0, as_of, scan_total, &scan, error))
    return NULL;

  for (guint i = 0; i < out->len; i++)
    finish (&g_array_index (out, MutualAssessment, i));

  return g_steal_pointer (&out);
}

GArray *
mutual_ledger_assess_relationships (MutualLedger  *ledger,
                                    MutualDate     as_of,
                                    GPtrArray    **relationships,
                                    GCancellable  *cancellable,
                                    GError       **error)
{
  g_autoptr(GPtrArray) rels = NULL;
  GArray *out = NULL;
  gboolean began;

  g_return_val_if_fail (MUTUAL_IS_LEDGER (ledger), NULL);

  if (as_of == 0)
    as_of = mutual_date_today ();

  /* The names and the day totals from one state of the ledger. */
  began = mutual_ledger_begin_read (ledger);
  rels = mutual_ledger_list_relationships (ledger, TRUE, error);
  if (rels != NULL)
    out = assess_relationships (ledger, as_of, rels, cancellable, error);
  mutual_ledger_end_read (ledger, began);

  if (out != NULL && relationships != NULL)
    *relationships = g_steal_pointer (&rels);
  return out;
}

/* History */

GArray *
mutual_partnership_spans (const MutualKindTotal  *totals,
                          guint                   n_totals,
                          MutualDate              to,
                          GError                **error)
{
  g_autoptr(GArray) spans = g_array_new (FALSE, FALSE, sizeof (MutualPartnershipSpan));
  MutualAssessment a = { 0 };
  guint next = 0, tail = 0;
  int last_month = -1;
  MutualDate month_start;

  if (n_totals == 0)
    return g_steal_pointer (&spans);

  /* The class at each month's end, in one pass: the figures are kept up
   * to date as the rows come in date order, the trailing-year window by
   * a second index that drops days falling out of it. */
  month_start = totals[0].date / 100 * 100 + 1;
  while (month_start <= to)
    {
      int y = mutual_date_year (month_start), m = mutual_date_month (month_start);
      MutualDate month_end = mutual_date_make (y, m, mutual_date_days_in_month (y, m));
      MutualDate as_of = MIN (month_end, to);
      MutualDate year_start = mutual_date_add_days (as_of, -(MUTUAL_YEAR_WINDOW_DAYS - 1));

      for (; next < n_totals; next++)
        {
          const MutualKindTotal *r = &totals[next];
          int month = mutual_date_month_index (r->date);

          if (r->date > as_of)
            break;
          if (a.n_exchanges == 0)
            a.first = r->date;
          a.last = r->date;
          a.n_exchanges += (guint) r->exchanges;
          if (month != last_month)
            {
              a.distinct_months++;
              last_month = month;
            }
          if (r->direction == MUTUAL_DIRECTION_GIVEN)
            {
              if (mutual_kind_is_relational (r->kind))
                a.relational_given[r->kind] += (guint) r->exchanges;
              if (!mutual_money_add (&a.given, r->value))
                goto overflow;
            }
          else
            {
              if (mutual_kind_is_relational (r->kind))
                a.relational_received[r->kind] += (guint) r->exchanges;
              if (!mutual_money_add (&a.received, r->value))
                goto overflow;
            }
          if (!mutual_assessment_year_add (&a, r->direction, r->kind, r->exchanges, r->value))
            goto overflow;
        }
      /* Days that fell out of the trailing year leave its figures. */
      for (; tail < next; tail++)
        {
          const MutualKindTotal *r = &totals[tail];

          if (r->date >= year_start)
            break;
          mutual_assessment_year_add (&a, r->direction, r->kind, -r->exchanges, -r->value);
        }

      a.as_of = as_of;
      a.span_days = a.n_exchanges > 0 ? mutual_date_diff_days (a.last, a.first) : 0;
      mutual_assessment_decide (&a);

      if (a.computed == MUTUAL_CLASS_PARTNERSHIP)
        {
          MutualPartnershipSpan *prev = spans->len > 0
            ? &g_array_index (spans, MutualPartnershipSpan, spans->len - 1)
            : NULL;

          if (prev && mutual_date_add_days (prev->end, 1) == month_start)
            prev->end = as_of;
          else
            {
              MutualPartnershipSpan span = { month_start, as_of };
              g_array_append_val (spans, span);
            }
        }

      month_start = mutual_date_add_days (month_end, 1);
    }
  return g_steal_pointer (&spans);

overflow:
  mutual_analytics_overflow_error (error);
  return NULL;
}
