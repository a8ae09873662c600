/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mutual-analytics"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "mutual-analytics.h"
#include "mutual-error.h"
#include "mutual-ledger-totals.h"
#include "mutual-money.h"

/* The rules of DESIGN.md, "Classification". */
#define ONGOING_MIN_MONTHS 3
#define ONGOING_MIN_DAYS 90
#define YEAR_WINDOW_DAYS 365
#define HALF_WINDOW_DAYS 180
#define NEW_DAYS 90

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
               && a->distinct_months >= ONGOING_MIN_MONTHS
               && a->span_days >= ONGOING_MIN_DAYS;
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
  half_measure = choose_measure (a->half_given, a->half_received, a->half_commercial > 0);
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
      && mutual_date_diff_days (a->as_of, a->last) >= HALF_WINDOW_DAYS)
    a->flags |= MUTUAL_FLAG_DORMANT;
  if (a->n_exchanges == 0
      || mutual_date_diff_days (a->as_of, a->first) < NEW_DAYS)
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

const char *
mutual_assessment_class_label (const MutualAssessment *a)
{
  if (mutual_assessment_is_new (a))
    return C_("class", "New");
  return mutual_class_to_label (a->klass);
}

const char *
mutual_assessment_class_style (const MutualAssessment *a)
{
  if (mutual_assessment_is_new (a))
    return "new";
  return a->klass == MUTUAL_CLASS_PARTNERSHIP ? "partnership" : "transactional";
}

char *
mutual_assessment_format_reciprocity (const MutualAssessment *a)
{
  double reciprocity;

  if (!mutual_assessment_reciprocity (a, &reciprocity))
    return g_strdup ("—");
  /* TRANSLATORS: a percentage, like "62%" */
  return g_strdup_printf (_("%d%%"), (int) floor (reciprocity * 100.0 + 0.5));
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

char *
mutual_format_minutes (gint64 minutes)
{
  if (minutes < 0)
    return g_strdup ("");
  if (minutes < 60)
    return g_strdup_printf (_("%d min"), (int) minutes);
  if (minutes % 60 == 0)
    return g_strdup_printf (_("%d h"), (int) MIN (minutes / 60, G_MAXINT));
  return g_strdup_printf (_("%d h %d min"), (int) MIN (minutes / 60, G_MAXINT), (int) (minutes % 60));
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

static gboolean
overflow_error (GError **error)
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
  scan->year_start = mutual_date_add_days (as_of, -(YEAR_WINDOW_DAYS - 1));
  scan->half_start = mutual_date_add_days (as_of, -(HALF_WINDOW_DAYS - 1));
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
    return overflow_error (error);
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
                   mutual_date_add_days (a->as_of, -(YEAR_WINDOW_DAYS - 1)),
                   mutual_date_add_days (a->as_of, -(HALF_WINDOW_DAYS - 1))))
    return overflow_error (error);
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

/* Explanations */

/* "1 month", "14 months" */
static char *
months_text (guint months)
{
  return g_strdup_printf (ngettext ("%u month", "%u months", months), months);
}

/* "1 day", "74 days" */
static char *
days_text (gint64 days)
{
  return g_strdup_printf (ngettext ("%d day", "%d days", (gulong) MIN (days, G_MAXINT)),
                          (int) MIN (days, G_MAXINT));
}

/* A date in a sentence: "14 Dec", with the year when not that of @as_of. */
static char *
date_text (MutualDate date,
           MutualDate as_of)
{
  /* TRANSLATORS: strftime format of a day in a sentence, "14 Dec" */
  return mutual_date_format (date, mutual_date_year (date) == mutual_date_year (as_of)
                                   ? C_("date in a sentence", "%-d %b")
                                   /* TRANSLATORS: the same with the year, "14 Dec 2027" */
                                   : C_("date in a sentence", "%-d %b %Y"));
}

static MutualDate
first_of_month_after (MutualDate date,
                      int        months)
{
  int index = mutual_date_year (date) * 12 + mutual_date_month (date) - 1 + months;

  if (index / 12 > mutual_date_year (MUTUAL_DATE_MAX))
    return MUTUAL_DATE_MAX;
  return mutual_date_make (index / 12, index % 12 + 1, 1);
}

/* The first day on which the ongoing test could hold if exchanges go on
 * from @as_of: the span reaches 90 days and enough new months hold one. */
static MutualDate
ongoing_pass_date (const MutualAssessment *a)
{
  MutualDate by_span = mutual_date_add_days (a->first, ONGOING_MIN_DAYS);
  MutualDate by_months = a->as_of;
  int needed = ONGOING_MIN_MONTHS - (int) MIN (a->distinct_months, ONGOING_MIN_MONTHS);

  if (needed > 0)
    {
      /* An exchange today opens a month of its own unless it shares the
       * last exchange's month. */
      if (a->as_of / 100 != a->last / 100)
        needed--;
      if (needed > 0)
        by_months = first_of_month_after (a->as_of, needed);
    }
  return MAX (MAX (by_span, by_months), a->as_of);
}

/* A relational kind as it reads inside a sentence ("you gave advice ×3"). */
static const char *
kind_in_sentence (MutualKind kind)
{
  switch (kind)
    {
    case MUTUAL_KIND_PAYMENT: return C_("kind in a sentence", "payment");
    case MUTUAL_KIND_WORK: return C_("kind in a sentence", "work");
    case MUTUAL_KIND_DISCOUNT: return C_("kind in a sentence", "discount");
    case MUTUAL_KIND_ADVICE: return C_("kind in a sentence", "advice");
    case MUTUAL_KIND_REFERRAL: return C_("kind in a sentence", "referral");
    case MUTUAL_KIND_INTRODUCTION: return C_("kind in a sentence", "introduction");
    case MUTUAL_KIND_TESTIMONIAL: return C_("kind in a sentence", "testimonial");
    case MUTUAL_KIND_FEEDBACK: return C_("kind in a sentence", "feedback");
    case MUTUAL_KIND_SUPPORT: return C_("kind in a sentence", "support");
    case MUTUAL_KIND_GIFT: return C_("kind in a sentence", "gift");
    case MUTUAL_KIND_OTHER:
    case MUTUAL_N_KINDS:
    default: return C_("kind in a sentence", "other");
    }
}

static char *
describe_kinds (const guint counts[MUTUAL_N_KINDS])
{
  GString *out = g_string_new (NULL);

  for (int k = 0; k < MUTUAL_N_KINDS; k++)
    {
      if (counts[k] == 0)
        continue;
      if (out->len > 0)
        g_string_append (out, ", ");
      /* TRANSLATORS: a kind of exchange and how often, "advice ×3" */
      g_string_append_printf (out, _("%s ×%u"), kind_in_sentence (k), counts[k]);
    }

  return g_string_free (out, FALSE);
}

static char *
explain_ongoing (const MutualAssessment *a)
{
  g_autofree char *months = NULL;
  g_autofree char *days = NULL;
  g_autofree char *when = NULL;
  g_autofree char *could = NULL;
  gboolean months_short, days_short;
  MutualDate pass;

  if (a->n_exchanges == 0)
    return g_strdup (_("Not ongoing: no exchanges yet"));
  months = months_text (a->distinct_months);
  if (a->ongoing)
    {
      g_autofree char *since = date_text (a->first, a->as_of);

      /* TRANSLATORS: "Ongoing: exchanges in 14 months since 3 Mar 2025" */
      return g_strdup_printf (_("Ongoing: exchanges in %s since %s"), months, since);
    }

  pass = ongoing_pass_date (a);
  if (pass <= a->as_of)
    could = g_strdup (_("could pass with an exchange today"));
  else
    {
      when = date_text (pass, a->as_of);
      /* TRANSLATORS: in brackets after what the ongoing test needs */
      could = g_strdup_printf (_("could pass on %s"), when);
    }

  months_short = a->distinct_months < ONGOING_MIN_MONTHS;
  days_short = a->span_days < ONGOING_MIN_DAYS;
  if (a->span_days == 0)
    {
      g_autofree char *on = date_text (a->first, a->as_of);

      /* TRANSLATORS: "Not ongoing: exchanges on 4 Dec only — needs 3 months and
       * 90 days (could pass on 4 Mar)" */
      return g_strdup_printf (_("Not ongoing: exchanges on %s only — needs 3 months and 90 days (%s)"),
                              on, could);
    }
  days = days_text (a->span_days);
  if (months_short && days_short)
    /* TRANSLATORS: "Not ongoing: active in 2 months over 40 days — needs …" */
    return g_strdup_printf (_("Not ongoing: active in %s over %s — needs 3 months and 90 days (%s)"),
                            months, days, could);
  if (days_short)
    return g_strdup_printf (_("Not ongoing: active in %s over %s — needs 90 days (%s)"),
                            months, days, could);
  return g_strdup_printf (_("Not ongoing: active in %s over %s — needs 3 months (%s)"),
                          months, days, could);
}

static char *
explain_beyond_money (const MutualAssessment *a)
{
  g_autofree char *given = describe_kinds (a->relational_given);
  g_autofree char *received = describe_kinds (a->relational_received);

  if (a->beyond_money)
    return g_strdup_printf (_("Beyond money: you gave %s, they gave %s"), given, received);
  if (*given)
    return g_strdup_printf (_("Not beyond money: you gave %s, they gave nothing beyond money"), given);
  if (*received)
    return g_strdup_printf (_("Not beyond money: they gave %s, you gave nothing beyond money"), received);
  return g_strdup (_("Not beyond money: neither side gave anything beyond money"));
}

static char *
short_money (gint64      value,
             const char *currency)
{
  return mutual_money_format (value, currency, MUTUAL_MONEY_FORMAT_SYMBOL | MUTUAL_MONEY_FORMAT_SHORT);
}

/* The one commercial kind that makes up all of @total, else -1. */
static int
only_commercial_kind (const gint64 values[MUTUAL_N_COMMERCIAL_KINDS],
                      gint64       total)
{
  for (int k = 0; k < MUTUAL_N_COMMERCIAL_KINDS; k++)
    if (values[k] == total)
      return k;
  return -1;
}

/* "Not two-way: €50,000 of work given and no value received" */
static char *
explain_unmet_value (const MutualAssessment *a,
                     const char             *currency)
{
  gboolean given = a->year_given > 0;
  g_autofree char *value = short_money (given ? a->year_given : a->year_received, currency);
  int kind = only_commercial_kind (given ? a->year_commercial_given : a->year_commercial_received,
                                   given ? a->year_given : a->year_received);

  if (given)
    switch (kind)
      {
      case MUTUAL_KIND_PAYMENT:
        return g_strdup_printf (_("Not two-way: %s of payments given and no value received in the last 12 months"), value);
      case MUTUAL_KIND_WORK:
        return g_strdup_printf (_("Not two-way: %s of work given and no value received in the last 12 months"), value);
      case MUTUAL_KIND_DISCOUNT:
        return g_strdup_printf (_("Not two-way: %s of discounts given and no value received in the last 12 months"), value);
      default:
        return g_strdup_printf (_("Not two-way: %s given and no value received in the last 12 months"), value);
      }
  switch (kind)
    {
    case MUTUAL_KIND_PAYMENT:
      return g_strdup_printf (_("Not two-way: %s of payments received and no value given in the last 12 months"), value);
    case MUTUAL_KIND_WORK:
      return g_strdup_printf (_("Not two-way: %s of work received and no value given in the last 12 months"), value);
    case MUTUAL_KIND_DISCOUNT:
      return g_strdup_printf (_("Not two-way: %s of discounts received and no value given in the last 12 months"), value);
    default:
      return g_strdup_printf (_("Not two-way: %s received and no value given in the last 12 months"), value);
    }
}

/* Half the larger figure, rounded up: what the smaller side needs. */
static gint64
half_up (gint64 value)
{
  return value / 2 + value % 2;
}

static char *
explain_two_way (const MutualAssessment *a,
                 const char             *currency)
{
  gboolean more_given = a->measure == MUTUAL_MEASURE_EXCHANGES
                        ? a->year_given_count >= a->year_received_count
                        : a->year_given >= a->year_received;

  if (a->year_given_count == 0 && a->year_received_count == 0)
    return g_strdup (_("Not two-way: no exchanges in the last 12 months"));

  if (a->measure == MUTUAL_MEASURE_EXCHANGES)
    {
      g_autofree char *given = g_strdup_printf ("%" G_GINT64_FORMAT, a->year_given_count);
      g_autofree char *received = g_strdup_printf ("%" G_GINT64_FORMAT, a->year_received_count);
      g_autofree char *needed = NULL;

      if (a->two_way)
        /* TRANSLATORS: counts of exchanges; no money changed hands either way */
        return g_strdup_printf (_("Two-way by exchanges: %s given / %s received (no money both ways)"),
                                given, received);
      needed = g_strdup_printf ("%" G_GINT64_FORMAT,
                                half_up (MAX (a->year_given_count, a->year_received_count)));
      if (more_given)
        return g_strdup_printf (_("Not two-way by exchanges: %s given / %s received (no money both ways) — needs at least %s received"),
                                given, received, needed);
      return g_strdup_printf (_("Not two-way by exchanges: %s given / %s received (no money both ways) — needs at least %s given"),
                              given, received, needed);
    }

  if (a->year_given == 0 || a->year_received == 0)
    return explain_unmet_value (a, currency);

  {
    g_autofree char *given = short_money (a->year_given, currency);
    g_autofree char *received = short_money (a->year_received, currency);
    g_autofree char *needed = NULL;

    if (a->two_way)
      return g_strdup_printf (_("Two-way: %s given / %s received in the last 12 months"),
                              given, received);
    needed = short_money (half_up (MAX (a->year_given, a->year_received)), currency);
    if (more_given)
      return g_strdup_printf (_("Not two-way: %s given / %s received in the last 12 months — needs at least %s received"),
                              given, received, needed);
    return g_strdup_printf (_("Not two-way: %s given / %s received in the last 12 months — needs at least %s given"),
                            given, received, needed);
  }
}

char *
mutual_assessment_explain_test (const MutualAssessment *a,
                                int                     test,
                                const char             *currency)
{
  switch (test)
    {
    case 0:
      return explain_ongoing (a);
    case 1:
      return explain_beyond_money (a);
    case 2:
    default:
      return explain_two_way (a, currency);
    }
}

char *
mutual_assessment_explain_one_sided (const MutualAssessment *a,
                                     const char             *currency)
{
  g_autofree char *given = NULL;
  g_autofree char *received = NULL;

  if (!(a->flags & MUTUAL_FLAG_ONE_SIDED))
    return NULL;

  if (choose_measure (a->half_given, a->half_received, a->half_commercial > 0) == MUTUAL_MEASURE_EXCHANGES)
    {
      given = g_strdup_printf (ngettext ("%d exchange", "%d exchanges", (gulong) MIN (a->half_given_count, G_MAXINT)),
                               (int) MIN (a->half_given_count, G_MAXINT));
      received = g_strdup_printf (ngettext ("%d exchange", "%d exchanges", (gulong) MIN (a->half_received_count, G_MAXINT)),
                                  (int) MIN (a->half_received_count, G_MAXINT));
    }
  else
    {
      given = short_money (a->half_given, currency);
      received = a->half_received > 0 ? short_money (a->half_received, currency)
                                      : g_strdup (_("no value"));
    }

  if (a->two_way)
    /* TRANSLATORS: "Recently one-sided: in the last 6 months you gave €3,000
     * and received €500, though the last 12 months are two-way" */
    return g_strdup_printf (_("Recently one-sided: in the last 6 months you gave %s and received %s, though the last 12 months are two-way"),
                            given, received);
  return g_strdup_printf (_("One-sided: in the last 6 months you gave %s and received %s"),
                          given, received);
}

char *
mutual_assessment_explain (const MutualAssessment *a,
                           const char             *currency)
{
  g_autofree char *ongoing = mutual_assessment_explain_test (a, 0, currency);
  g_autofree char *beyond = mutual_assessment_explain_test (a, 1, currency);
  g_autofree char *two_way = mutual_assessment_explain_test (a, 2, currency);

  return g_strdup_printf ("%s · %s · %s", ongoing, beyond, two_way);
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
      MutualDate year_start = mutual_date_add_days (as_of, -(YEAR_WINDOW_DAYS - 1));

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
  overflow_error (error);
  return NULL;
}

/* Series */

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
  overflow_error (error);
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
