/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mutual-analytics"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "mutual-analytics-private.h"
#include "mutual-money.h"

/* The classification in words: the class, the figures, and why each
 * test holds or not (DESIGN.md, "Classification"). */

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
  MutualDate by_span = mutual_date_add_days (a->first, MUTUAL_ONGOING_MIN_DAYS);
  MutualDate by_months = a->as_of;
  int needed = MUTUAL_ONGOING_MIN_MONTHS - (int) MIN (a->distinct_months, MUTUAL_ONGOING_MIN_MONTHS);

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

  months_short = a->distinct_months < MUTUAL_ONGOING_MIN_MONTHS;
  days_short = a->span_days < MUTUAL_ONGOING_MIN_DAYS;
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

char *
mutual_assessment_explain_beyond_money_neutral (const MutualAssessment *a)
{
  g_autofree char *given = describe_kinds (a->relational_given);
  g_autofree char *received = describe_kinds (a->relational_received);

  if (a->beyond_money)
    /* TRANSLATORS: in a report for the other side, "Beyond money: given
     * advice ×3; received referral ×2" */
    return g_strdup_printf (_("Beyond money: given %s; received %s"), given, received);
  if (*given)
    return g_strdup_printf (_("Not beyond money: given %s; received nothing beyond money"), given);
  if (*received)
    return g_strdup_printf (_("Not beyond money: received %s; given nothing beyond money"), received);
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

/* The value measure as shares rather than amounts: the same verdict,
 * for a report that hides amounts. Counts are not amounts, so the
 * exchanges measure reads as always. */
static char *
explain_two_way_hidden (const MutualAssessment *a)
{
  double share;

  if (a->measure == MUTUAL_MEASURE_EXCHANGES
      || (a->year_given_count == 0 && a->year_received_count == 0))
    return explain_two_way (a, NULL);
  if (a->year_given == 0)
    return g_strdup (_("Not two-way: value received and no value given in the last 12 months"));
  if (a->year_received == 0)
    return g_strdup (_("Not two-way: value given and no value received in the last 12 months"));

  /* A share to show, not money: a double is fine here. */
  if (a->year_given >= a->year_received)
    {
      share = 100.0 * (double) a->year_received / (double) a->year_given;
      if (a->two_way)
        /* TRANSLATORS: a whole percentage; amounts are hidden */
        return g_strdup_printf (_("Two-way: received %d%% of the value given in the last 12 months"),
                                (int) floor (share + 0.5));
      return g_strdup_printf (_("Not two-way: received %d%% of the value given in the last 12 months — needs at least 50%%"),
                              (int) floor (share));
    }
  share = 100.0 * (double) a->year_given / (double) a->year_received;
  if (a->two_way)
    return g_strdup_printf (_("Two-way: gave %d%% of the value received in the last 12 months"),
                            (int) floor (share + 0.5));
  return g_strdup_printf (_("Not two-way: gave %d%% of the value received in the last 12 months — needs at least 50%%"),
                          (int) floor (share));
}

char *
mutual_assessment_explain_test_hidden (const MutualAssessment *a,
                                       int                     test)
{
  if (test == 2)
    return explain_two_way_hidden (a);
  return mutual_assessment_explain_test (a, test, NULL);
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

  if (mutual_assessment_half_measure (a) == MUTUAL_MEASURE_EXCHANGES)
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
