/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <locale.h>

#include "core/mutual-analytics.h"
#include "core/mutual-error.h"
#include "test-util.h"

#define GIVEN MUTUAL_DIRECTION_GIVEN
#define RECEIVED MUTUAL_DIRECTION_RECEIVED

static MutualAssessment
assess (LedgerFixture *f,
        gint64         id,
        MutualDate     as_of)
{
  g_autoptr(GError) error = NULL;
  MutualAssessment a;

  g_assert_true (mutual_ledger_assess (f->ledger, id, as_of, &a, &error));
  g_assert_no_error (error);
  return a;
}

/* A relationship that passes "beyond money" and "two-way" in 2025, so
 * one test at a time can be moved across its boundary. */
static gint64
add_mutual_year (LedgerFixture *f,
                 const char    *name)
{
  gint64 id = fixture_add_relationship (f, name);

  fixture_log (f, id, 20250110, GIVEN, MUTUAL_KIND_ADVICE, 0);
  fixture_log (f, id, 20250110, RECEIVED, MUTUAL_KIND_REFERRAL, 0);
  return id;
}

static void
test_empty_is_transactional (LedgerFixture *f,
                             gconstpointer  data)
{
  gint64 id = fixture_add_relationship (f, "Nobody");
  MutualAssessment a = assess (f, id, 20250601);
  double r;

  g_assert_cmpint (a.computed, ==, MUTUAL_CLASS_TRANSACTIONAL);
  g_assert_cmpint (a.klass, ==, MUTUAL_CLASS_TRANSACTIONAL);
  g_assert_false (a.ongoing);
  g_assert_false (a.beyond_money);
  g_assert_false (a.two_way);
  g_assert_cmpint (a.flags, ==, MUTUAL_FLAG_NEW);
  g_assert_false (mutual_assessment_reciprocity (&a, &r));
}

static void
test_ongoing_90_days (LedgerFixture *f,
                      gconstpointer  data)
{
  gint64 id = fixture_add_relationship (f, "Ninety");
  MutualAssessment a;

  fixture_log (f, id, 20250101, GIVEN, MUTUAL_KIND_WORK, 100);
  fixture_log (f, id, 20250215, GIVEN, MUTUAL_KIND_WORK, 100);
  fixture_log (f, id, 20250401, GIVEN, MUTUAL_KIND_WORK, 100);
  a = assess (f, id, 20250601);
  g_assert_cmpuint (a.distinct_months, ==, 3);
  g_assert_cmpint (a.span_days, ==, 90);
  g_assert_true (a.ongoing);
}

static void
test_ongoing_89_days (LedgerFixture *f,
                      gconstpointer  data)
{
  gint64 id = fixture_add_relationship (f, "Eighty-nine");
  MutualAssessment a;

  fixture_log (f, id, 20250101, GIVEN, MUTUAL_KIND_WORK, 100);
  fixture_log (f, id, 20250215, GIVEN, MUTUAL_KIND_WORK, 100);
  fixture_log (f, id, 20250331, GIVEN, MUTUAL_KIND_WORK, 100);
  a = assess (f, id, 20250601);
  g_assert_cmpuint (a.distinct_months, ==, 3);
  g_assert_cmpint (a.span_days, ==, 89);
  g_assert_false (a.ongoing);
}

static void
test_ongoing_two_months (LedgerFixture *f,
                         gconstpointer  data)
{
  gint64 id = fixture_add_relationship (f, "Two months");
  MutualAssessment a;

  /* Long enough, but only two distinct months. */
  fixture_log (f, id, 20250101, GIVEN, MUTUAL_KIND_WORK, 100);
  fixture_log (f, id, 20250131, GIVEN, MUTUAL_KIND_WORK, 100);
  fixture_log (f, id, 20250501, GIVEN, MUTUAL_KIND_WORK, 100);
  a = assess (f, id, 20250601);
  g_assert_cmpuint (a.distinct_months, ==, 2);
  g_assert_false (a.ongoing);
}

static void
test_future_ignored (LedgerFixture *f,
                     gconstpointer  data)
{
  gint64 id = fixture_add_relationship (f, "Future");
  MutualAssessment a;

  fixture_log (f, id, 20250101, GIVEN, MUTUAL_KIND_WORK, 100);
  fixture_log (f, id, 20250215, RECEIVED, MUTUAL_KIND_PAYMENT, 100);
  fixture_log (f, id, 20250402, GIVEN, MUTUAL_KIND_WORK, 100);
  a = assess (f, id, 20250401);
  g_assert_cmpuint (a.n_exchanges, ==, 2);
  g_assert_false (a.ongoing);
  g_assert_cmpint (a.given, ==, 100);
  g_assert_cmpint (a.received, ==, 100);
  g_assert_cmpint (mutual_assessment_balance (&a), ==, 0);
}

static void
test_beyond_money_zero_values (LedgerFixture *f,
                               gconstpointer  data)
{
  gint64 id = fixture_add_relationship (f, "Zero");
  MutualAssessment a;

  fixture_log (f, id, 20250101, GIVEN, MUTUAL_KIND_ADVICE, 0);
  a = assess (f, id, 20250601);
  g_assert_false (a.beyond_money);
  fixture_log (f, id, 20250102, RECEIVED, MUTUAL_KIND_TESTIMONIAL, 0);
  a = assess (f, id, 20250601);
  g_assert_true (a.beyond_money);
  g_assert_cmpuint (a.relational_given[MUTUAL_KIND_ADVICE], ==, 1);
  g_assert_cmpuint (a.relational_received[MUTUAL_KIND_TESTIMONIAL], ==, 1);
}

static void
test_beyond_money_other_and_discount (LedgerFixture *f,
                                      gconstpointer  data)
{
  gint64 id = fixture_add_relationship (f, "Other");
  MutualAssessment a;

  /* "other" is neither kind; "discount" is commercial. */
  fixture_log (f, id, 20250101, GIVEN, MUTUAL_KIND_ADVICE, 0);
  fixture_log (f, id, 20250101, RECEIVED, MUTUAL_KIND_OTHER, 500);
  fixture_log (f, id, 20250101, RECEIVED, MUTUAL_KIND_DISCOUNT, 500);
  fixture_log (f, id, 20250101, RECEIVED, MUTUAL_KIND_PAYMENT, 500);
  a = assess (f, id, 20250601);
  g_assert_false (a.beyond_money);
}

static void
test_two_way_ratio_boundary (LedgerFixture *f,
                             gconstpointer  data)
{
  gint64 id = fixture_add_relationship (f, "Ratio");
  MutualAssessment a;

  fixture_log (f, id, 20250101, GIVEN, MUTUAL_KIND_WORK, 100);
  fixture_log (f, id, 20250101, RECEIVED, MUTUAL_KIND_PAYMENT, 49);
  a = assess (f, id, 20250601);
  g_assert_false (a.two_way);
  fixture_log (f, id, 20250102, RECEIVED, MUTUAL_KIND_PAYMENT, 1);
  a = assess (f, id, 20250601);
  /* 2 · 50 = 100: exactly at the boundary. */
  g_assert_true (a.two_way);
}

static void
test_two_way_needs_both (LedgerFixture *f,
                         gconstpointer  data)
{
  gint64 id = fixture_add_relationship (f, "One way");
  MutualAssessment a;

  fixture_log (f, id, 20250101, GIVEN, MUTUAL_KIND_WORK, 100);
  fixture_log (f, id, 20250101, RECEIVED, MUTUAL_KIND_REFERRAL, 0);
  a = assess (f, id, 20250601);
  g_assert_false (a.two_way);
}

static void
test_two_way_window_edge (LedgerFixture *f,
                          gconstpointer  data)
{
  gint64 id = fixture_add_relationship (f, "Window");
  MutualAssessment a;

  /* As of 2025-06-30 the window starts 364 days earlier: 2024-07-01. */
  fixture_log (f, id, 20250101, GIVEN, MUTUAL_KIND_WORK, 100);
  fixture_log (f, id, 20240630, RECEIVED, MUTUAL_KIND_PAYMENT, 100);
  a = assess (f, id, 20250630);
  g_assert_cmpint (a.year_received, ==, 0);
  g_assert_false (a.two_way);

  fixture_log (f, id, 20240701, RECEIVED, MUTUAL_KIND_PAYMENT, 100);
  a = assess (f, id, 20250630);
  g_assert_cmpint (a.year_received, ==, 100);
  g_assert_true (a.two_way);
  g_assert_cmpint (a.received, ==, 200);
}

static void
test_partnership (LedgerFixture *f,
                  gconstpointer  data)
{
  gint64 id = add_mutual_year (f, "Partner");
  MutualAssessment a;
  double r;
  g_autofree char *explanation = NULL;

  fixture_log (f, id, 20250301, GIVEN, MUTUAL_KIND_WORK, 820000);
  fixture_log (f, id, 20250420, RECEIVED, MUTUAL_KIND_PAYMENT, 910000);
  fixture_log (f, id, 20250420, GIVEN, MUTUAL_KIND_ADVICE, 0);
  a = assess (f, id, 20250601);
  g_assert_true (a.ongoing);
  g_assert_true (a.beyond_money);
  g_assert_true (a.two_way);
  g_assert_cmpint (a.computed, ==, MUTUAL_CLASS_PARTNERSHIP);
  g_assert_cmpint (a.klass, ==, MUTUAL_CLASS_PARTNERSHIP);
  g_assert_true (mutual_assessment_reciprocity (&a, &r));
  g_assert_cmpfloat_with_epsilon (r, 820000.0 / 910000.0, 1e-9);

  explanation = mutual_assessment_explain (&a, "EUR");
  g_assert_nonnull (strstr (explanation, "Ongoing: exchanges in 3 months since 10 Jan"));
  g_assert_nonnull (strstr (explanation, "you gave advice ×2, they gave referral ×1"));
  g_assert_nonnull (strstr (explanation, "Two-way: €8,200 given / €9,100 received in the last 12 months"));
}

/* The ongoing test in plain figures: months and days, never "3 months
 * over 3 months", and the day a failing test could pass. */
static void
test_ongoing_explanation_span (LedgerFixture *f,
                               gconstpointer  data)
{
  gint64 id = fixture_add_relationship (f, "Monthly");
  MutualAssessment a;
  g_autofree char *short_span = NULL;
  g_autofree char *three_months = NULL;
  g_autofree char *months = NULL;
  g_autofree char *years = NULL;

  fixture_log (f, id, 20250131, GIVEN, MUTUAL_KIND_WORK, 100);
  fixture_log (f, id, 20250201, GIVEN, MUTUAL_KIND_WORK, 100);
  a = assess (f, id, 20250301);
  short_span = mutual_assessment_explain_test (&a, 0, "EUR");
  /* An exchange in March makes three months; 90 days from 31 Jan is 1 May. */
  g_assert_cmpstr (short_span, ==, "Not ongoing: active in 2 months over 1 day — needs 3 months and 90 days (could pass on 1 May)");

  fixture_log (f, id, 20250301, GIVEN, MUTUAL_KIND_WORK, 100);
  a = assess (f, id, 20250301);
  three_months = mutual_assessment_explain_test (&a, 0, "EUR");
  g_assert_cmpstr (three_months, ==, "Not ongoing: active in 3 months over 29 days — needs 90 days (could pass on 1 May)");

  /* Twenty consecutive months, first day of the first to first of the last. */
  for (int m = 1; m < 20; m++)
    fixture_log (f, id, mutual_date_make (2025 + m / 12, 1 + m % 12, 1),
                 GIVEN, MUTUAL_KIND_WORK, 100);
  a = assess (f, id, 20261231);
  months = mutual_assessment_explain_test (&a, 0, "EUR");
  g_assert_cmpstr (months, ==, "Ongoing: exchanges in 20 months since 31 Jan 2025");

  fixture_log (f, id, 20270115, GIVEN, MUTUAL_KIND_WORK, 100);
  a = assess (f, id, 20271231);
  years = mutual_assessment_explain_test (&a, 0, "EUR");
  g_assert_cmpstr (years, ==, "Ongoing: exchanges in 21 months since 31 Jan 2025");
}

/* Months short while the span is long enough: an exchange today would
 * open a third month, so the test could pass today. */
static void
test_ongoing_explanation_months_short (LedgerFixture *f,
                                       gconstpointer  data)
{
  gint64 id = fixture_add_relationship (f, "Sparse");
  MutualAssessment a;
  g_autofree char *today = NULL;
  g_autofree char *later = NULL;

  fixture_log (f, id, 20250110, GIVEN, MUTUAL_KIND_WORK, 100);
  fixture_log (f, id, 20250520, GIVEN, MUTUAL_KIND_WORK, 100);
  a = assess (f, id, 20250610);
  today = mutual_assessment_explain_test (&a, 0, "EUR");
  g_assert_cmpstr (today, ==, "Not ongoing: active in 2 months over 130 days — needs 3 months (could pass with an exchange today)");

  /* Still in the last exchange's month: the next month opens a third. */
  a = assess (f, id, 20250525);
  later = mutual_assessment_explain_test (&a, 0, "EUR");
  g_assert_cmpstr (later, ==, "Not ongoing: active in 2 months over 130 days — needs 3 months (could pass on 1 Jun)");
}

/* No money either way: the numbers of exchanges compare the sides. */
static void
test_two_way_by_exchanges (LedgerFixture *f,
                           gconstpointer  data)
{
  gint64 id = fixture_add_relationship (f, "Favours");
  MutualAssessment a;
  g_autofree char *text = NULL;
  double r;

  for (int i = 0; i < 4; i++)
    fixture_log (f, id, 20250110 + i, GIVEN, MUTUAL_KIND_SUPPORT, 0);
  fixture_log (f, id, 20250120, RECEIVED, MUTUAL_KIND_SUPPORT, 0);
  fixture_log (f, id, 20250121, RECEIVED, MUTUAL_KIND_ADVICE, 0);
  a = assess (f, id, 20250601);
  g_assert_cmpint (a.measure, ==, MUTUAL_MEASURE_EXCHANGES);
  g_assert_true (a.two_way);
  g_assert_true (mutual_assessment_reciprocity (&a, &r));
  g_assert_cmpfloat_with_epsilon (r, 0.5, 1e-9);
  text = mutual_assessment_explain_test (&a, 2, "EUR");
  g_assert_cmpstr (text, ==, "Two-way by exchanges: 4 given / 2 received (no money both ways)");

  /* Work without a value is not money: still counted by exchanges. */
  fixture_log (f, id, 20250130, GIVEN, MUTUAL_KIND_WORK, 0);
  g_clear_pointer (&text, g_free);
  a = assess (f, id, 20250601);
  g_assert_cmpint (a.measure, ==, MUTUAL_MEASURE_EXCHANGES);
  g_assert_false (a.two_way);
  text = mutual_assessment_explain_test (&a, 2, "EUR");
  g_assert_cmpstr (text, ==, "Not two-way by exchanges: 5 given / 2 received (no money both ways) — needs at least 3 received");
}

/* Commercial value met by no value at all is never two-way, however
 * many unvalued exchanges come back. */
static void
test_two_way_unmet_commercial_value (LedgerFixture *f,
                                     gconstpointer  data)
{
  gint64 id = fixture_add_relationship (f, "Freeloader");
  MutualAssessment a;
  g_autofree char *text = NULL;
  double r;

  fixture_log (f, id, 20250110, GIVEN, MUTUAL_KIND_WORK, 5000000);
  fixture_log (f, id, 20250111, RECEIVED, MUTUAL_KIND_FEEDBACK, 0);
  a = assess (f, id, 20250601);
  g_assert_cmpint (a.measure, ==, MUTUAL_MEASURE_VALUE);
  g_assert_false (a.two_way);
  g_assert_true (mutual_assessment_reciprocity (&a, &r));
  g_assert_cmpfloat (r, ==, 0.0);
  text = mutual_assessment_explain_test (&a, 2, "EUR");
  g_assert_cmpstr (text, ==, "Not two-way: €50,000 of work given and no value received in the last 12 months");

  /* A valued gift back makes both sides valued: value compares them. */
  fixture_log (f, id, 20250112, RECEIVED, MUTUAL_KIND_GIFT, 2500000);
  g_clear_pointer (&text, g_free);
  a = assess (f, id, 20250601);
  g_assert_true (a.two_way);
  text = mutual_assessment_explain_test (&a, 2, "EUR");
  g_assert_cmpstr (text, ==, "Two-way: €50,000 given / €25,000 received in the last 12 months");
}

/* New until 90 days after the first exchange. */
static void
test_new_boundary (LedgerFixture *f,
                   gconstpointer  data)
{
  gint64 id = fixture_add_relationship (f, "Fresh");
  MutualAssessment a;

  fixture_log (f, id, 20250101, GIVEN, MUTUAL_KIND_ADVICE, 0);
  a = assess (f, id, 20250331);   /* 89 days */
  g_assert_true (a.flags & MUTUAL_FLAG_NEW);
  a = assess (f, id, 20250401);   /* 90 days */
  g_assert_false (a.flags & MUTUAL_FLAG_NEW);
}

/* One-sided in the last six months while the year is two-way reads as
 * recent, with its figures. */
static void
test_one_sided_recent_wording (LedgerFixture *f,
                               gconstpointer  data)
{
  gint64 id = fixture_add_relationship (f, "Slipping");
  MutualAssessment a;
  g_autofree char *recent = NULL;
  g_autofree char *plain = NULL;

  fixture_log (f, id, 20241001, RECEIVED, MUTUAL_KIND_PAYMENT, 900000);
  fixture_log (f, id, 20250301, GIVEN, MUTUAL_KIND_WORK, 600000);
  fixture_log (f, id, 20250401, RECEIVED, MUTUAL_KIND_PAYMENT, 100000);
  a = assess (f, id, 20250601);
  g_assert_true (a.two_way);
  g_assert_true (a.flags & MUTUAL_FLAG_ONE_SIDED);
  recent = mutual_assessment_explain_one_sided (&a, "EUR");
  g_assert_cmpstr (recent, ==, "Recently one-sided: in the last 6 months you gave €6,000 and received €1,000, though the last 12 months are two-way");

  fixture_log (f, id, 20250501, GIVEN, MUTUAL_KIND_WORK, 2000000);
  a = assess (f, id, 20250601);
  g_assert_false (a.two_way);
  plain = mutual_assessment_explain_one_sided (&a, "EUR");
  g_assert_cmpstr (plain, ==, "One-sided: in the last 6 months you gave €26,000 and received €1,000");
}

/* The figures the window and the report both show, from one place. */
static void
test_metrics_shared (void)
{
  MutualAssessment a = { 0 };
  g_autofree char *time = mutual_format_minutes (151 * 60 + 48);
  g_autofree char *whole = mutual_format_minutes (180);
  g_autofree char *short_time = mutual_format_minutes (45);
  g_autofree char *percent = NULL;
  g_autofree char *undefined = NULL;
  gint64 per_hour;

  g_assert_cmpstr (time, ==, "151 h 48 min");
  g_assert_cmpstr (whole, ==, "3 h");
  g_assert_cmpstr (short_time, ==, "45 min");

  /* €100 for 3 h 1 min: 33.15 an hour, rounded to the cent. */
  a.received = 10000;
  a.minutes_given = 181;
  g_assert_true (mutual_assessment_value_per_hour (&a, &per_hour));
  g_assert_cmpint (per_hour, ==, 3315);
  /* €1 for 90 min: 66.67 cents, not 66. */
  a.received = 100;
  a.minutes_given = 90;
  g_assert_true (mutual_assessment_value_per_hour (&a, &per_hour));
  g_assert_cmpint (per_hour, ==, 67);
  /* No overflow at the largest totals. */
  a.received = G_MAXINT64;
  a.minutes_given = 60;
  g_assert_true (mutual_assessment_value_per_hour (&a, &per_hour));
  g_assert_cmpint (per_hour, ==, G_MAXINT64);
  a.minutes_given = 0;
  g_assert_false (mutual_assessment_value_per_hour (&a, &per_hour));

  a.measure = MUTUAL_MEASURE_VALUE;
  a.year_given = 2;
  a.year_received = 3;
  percent = mutual_assessment_format_reciprocity (&a);
  g_assert_cmpstr (percent, ==, "67%");
  a.year_given = a.year_received = 0;
  undefined = mutual_assessment_format_reciprocity (&a);
  g_assert_cmpstr (undefined, ==, "—");
}

/* The review: one-sided first, then reciprocity, then balance. */
static void
test_review_order (void)
{
  MutualAssessment one_sided = { 0 }, high = { 0 }, low = { 0 }, rich = { 0 };

  one_sided.flags = MUTUAL_FLAG_ONE_SIDED;
  one_sided.year_given = 10;
  one_sided.year_received = 10;
  high.year_given = 10;
  high.year_received = 9;
  low.year_given = 10;
  low.year_received = 5;
  rich = low;
  rich.received = 1000;
  g_assert_cmpint (mutual_assessment_compare_review (&one_sided, &high), <, 0);
  g_assert_cmpint (mutual_assessment_compare_review (&high, &low), <, 0);
  g_assert_cmpint (mutual_assessment_compare_review (&rich, &low), <, 0);
  g_assert_cmpint (mutual_assessment_compare_review (&low, &low), ==, 0);
}

static void
test_override (LedgerFixture *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MutualRelationship) rel = NULL;
  gint64 id = fixture_add_relationship (f, "Overridden");
  MutualAssessment a;

  rel = mutual_ledger_get_relationship (f->ledger, id, &error);
  g_assert_no_error (error);
  rel->override = MUTUAL_CLASS_PARTNERSHIP;
  rel->override_reason = g_strdup ("They refer us every quarter.");
  g_assert_true (mutual_ledger_update_relationship (f->ledger, rel, &error));
  g_assert_no_error (error);

  a = assess (f, id, 20250601);
  g_assert_cmpint (a.computed, ==, MUTUAL_CLASS_TRANSACTIONAL);
  g_assert_cmpint (a.override, ==, MUTUAL_CLASS_PARTNERSHIP);
  g_assert_cmpint (a.klass, ==, MUTUAL_CLASS_PARTNERSHIP);
}

static void
test_one_sided_boundary (LedgerFixture *f,
                         gconstpointer  data)
{
  gint64 id = fixture_add_relationship (f, "Sided");
  MutualAssessment a;

  /* As of 2025-06-30 the half-year window starts on 2025-01-02. */
  fixture_log (f, id, 20250101, RECEIVED, MUTUAL_KIND_PAYMENT, 1000);
  fixture_log (f, id, 20250102, GIVEN, MUTUAL_KIND_WORK, 200);
  fixture_log (f, id, 20250102, RECEIVED, MUTUAL_KIND_PAYMENT, 100);
  a = assess (f, id, 20250630);
  g_assert_cmpint (a.half_given, ==, 200);
  g_assert_cmpint (a.half_received, ==, 100);
  g_assert_false (a.flags & MUTUAL_FLAG_ONE_SIDED);

  fixture_log (f, id, 20250630, GIVEN, MUTUAL_KIND_WORK, 1);
  a = assess (f, id, 20250630);
  g_assert_true (a.flags & MUTUAL_FLAG_ONE_SIDED);
}

static void
test_one_sided_needs_given (LedgerFixture *f,
                            gconstpointer  data)
{
  gint64 id = fixture_add_relationship (f, "Received only");
  MutualAssessment a;

  fixture_log (f, id, 20250601, RECEIVED, MUTUAL_KIND_PAYMENT, 1000);
  fixture_log (f, id, 20250601, GIVEN, MUTUAL_KIND_ADVICE, 0);
  a = assess (f, id, 20250630);
  g_assert_false (a.flags & MUTUAL_FLAG_ONE_SIDED);
}

static void
test_dormant_boundary (LedgerFixture *f,
                       gconstpointer  data)
{
  gint64 id = fixture_add_relationship (f, "Sleepy");
  MutualAssessment a;

  fixture_log (f, id, 20250101, GIVEN, MUTUAL_KIND_WORK, 100);
  /* 2025-01-01 + 179 = 2025-06-29: still inside the window. */
  a = assess (f, id, 20250629);
  g_assert_false (a.flags & MUTUAL_FLAG_DORMANT);
  a = assess (f, id, 20250630);
  g_assert_true (a.flags & MUTUAL_FLAG_DORMANT);
}

static void
test_assess_all_matches_assess (LedgerFixture *f,
                                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) all = NULL;
  gint64 b = add_mutual_year (f, "Beta");
  gint64 a_id = fixture_add_relationship (f, "alpha");

  fixture_log (f, a_id, 20250105, GIVEN, MUTUAL_KIND_WORK, 300);
  fixture_log (f, b, 20250301, GIVEN, MUTUAL_KIND_WORK, 100);
  fixture_log (f, b, 20250501, RECEIVED, MUTUAL_KIND_PAYMENT, 100);

  all = mutual_ledger_assess_all (f->ledger, 20250601, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (all->len, ==, 2);
  /* Name order ignores case. */
  g_assert_cmpint (g_array_index (all, MutualAssessment, 0).relationship_id, ==, a_id);
  for (guint i = 0; i < all->len; i++)
    {
      MutualAssessment *one = &g_array_index (all, MutualAssessment, i);
      MutualAssessment single = assess (f, one->relationship_id, 20250601);

      g_assert_cmpmem (one, sizeof *one, &single, sizeof single);
    }
}

/* Series */

static GArray *
series (LedgerFixture  *f,
        gint64          id,
        MutualDate      from,
        MutualDate      to,
        MutualInterval  interval)
{
  g_autoptr(GError) error = NULL;
  GArray *periods = mutual_ledger_balance_series (f->ledger, id, from, to, interval, &error);

  g_assert_no_error (error);
  g_assert_nonnull (periods);
  return periods;
}

#define PERIOD(a, i) (&g_array_index ((a), MutualPeriod, (i)))

static void
test_series_monthly (LedgerFixture *f,
                     gconstpointer  data)
{
  gint64 id = fixture_add_relationship (f, "Series");
  g_autoptr(GArray) p = NULL;

  fixture_log (f, id, 20241215, GIVEN, MUTUAL_KIND_WORK, 1000);
  fixture_log (f, id, 20250110, RECEIVED, MUTUAL_KIND_PAYMENT, 400);
  fixture_log (f, id, 20250220, GIVEN, MUTUAL_KIND_WORK, 50);
  fixture_log (f, id, 20250310, RECEIVED, MUTUAL_KIND_PAYMENT, 999);

  /* from inside January, to inside March: the first and last periods
   * are clipped, and December counts towards the totals. */
  p = series (f, id, 20250105, 20250305, MUTUAL_INTERVAL_MONTH);
  g_assert_cmpuint (p->len, ==, 3);
  g_assert_cmpuint (PERIOD (p, 0)->end, ==, 20250131);
  g_assert_cmpint (PERIOD (p, 0)->given, ==, 0);
  g_assert_cmpint (PERIOD (p, 0)->received, ==, 400);
  g_assert_cmpint (PERIOD (p, 0)->given_total, ==, 1000);
  g_assert_cmpint (PERIOD (p, 0)->received_total, ==, 400);
  g_assert_cmpint (PERIOD (p, 0)->balance, ==, -600);
  g_assert_cmpuint (PERIOD (p, 1)->end, ==, 20250228);
  g_assert_cmpint (PERIOD (p, 1)->given, ==, 50);
  g_assert_cmpint (PERIOD (p, 1)->balance, ==, -650);
  g_assert_cmpuint (PERIOD (p, 2)->end, ==, 20250305);
  g_assert_cmpint (PERIOD (p, 2)->received, ==, 0);
  g_assert_cmpint (PERIOD (p, 2)->balance, ==, -650);
}

static void
test_series_default_from (LedgerFixture *f,
                          gconstpointer  data)
{
  gint64 id = fixture_add_relationship (f, "Default");
  g_autoptr(GArray) p = NULL;

  fixture_log (f, id, 20250215, GIVEN, MUTUAL_KIND_WORK, 10);
  p = series (f, id, 0, 20250430, MUTUAL_INTERVAL_MONTH);
  g_assert_cmpuint (p->len, ==, 3);
  g_assert_cmpuint (PERIOD (p, 0)->start, ==, 20250215);
  g_assert_cmpuint (PERIOD (p, 0)->end, ==, 20250228);
  g_assert_cmpuint (PERIOD (p, 2)->end, ==, 20250430);
  g_assert_cmpint (PERIOD (p, 2)->given_total, ==, 10);
}

static void
test_series_intervals (LedgerFixture *f,
                       gconstpointer  data)
{
  gint64 id = fixture_add_relationship (f, "Intervals");
  g_autoptr(GArray) days = NULL, weeks = NULL, quarters = NULL, years = NULL;

  fixture_log (f, id, 20251124, GIVEN, MUTUAL_KIND_WORK, 10);   /* Monday */
  fixture_log (f, id, 20251130, RECEIVED, MUTUAL_KIND_PAYMENT, 5); /* Sunday */
  fixture_log (f, id, 20251201, RECEIVED, MUTUAL_KIND_PAYMENT, 7); /* Monday */

  days = series (f, id, 20251124, 20251201, MUTUAL_INTERVAL_DAY);
  g_assert_cmpuint (days->len, ==, 8);

  weeks = series (f, id, 20251126, 20251203, MUTUAL_INTERVAL_WEEK);
  g_assert_cmpuint (weeks->len, ==, 2);
  g_assert_cmpuint (PERIOD (weeks, 0)->end, ==, 20251130);
  g_assert_cmpint (PERIOD (weeks, 0)->received, ==, 5);
  g_assert_cmpint (PERIOD (weeks, 0)->given_total, ==, 10);
  g_assert_cmpuint (PERIOD (weeks, 1)->end, ==, 20251203);
  g_assert_cmpint (PERIOD (weeks, 1)->received, ==, 7);
  g_assert_cmpint (PERIOD (weeks, 1)->balance, ==, 2);

  quarters = series (f, id, 20250815, 20260101, MUTUAL_INTERVAL_QUARTER);
  g_assert_cmpuint (quarters->len, ==, 3);
  g_assert_cmpuint (PERIOD (quarters, 0)->end, ==, 20250930);
  g_assert_cmpuint (PERIOD (quarters, 1)->end, ==, 20251231);
  g_assert_cmpuint (PERIOD (quarters, 2)->end, ==, 20260101);

  years = series (f, id, 20240101, 20251231, MUTUAL_INTERVAL_YEAR);
  g_assert_cmpuint (years->len, ==, 2);
  g_assert_cmpuint (PERIOD (years, 1)->end, ==, 20251231);
  g_assert_cmpint (PERIOD (years, 1)->balance, ==, 2);
}

static void
test_series_from_after_to (LedgerFixture *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) p = NULL;

  p = mutual_ledger_balance_series (f->ledger, 0, 20250301, 20250201, MUTUAL_INTERVAL_MONTH, &error);
  g_assert_null (p);
  g_assert_error (error, MUTUAL_ERROR, MUTUAL_ERROR_DATA);
}

static void
test_series_portfolio (LedgerFixture *f,
                       gconstpointer  data)
{
  gint64 a = fixture_add_relationship (f, "A");
  gint64 b = fixture_add_relationship (f, "B");
  g_autoptr(GArray) p = NULL;
  g_autoptr(GArray) empty = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(MutualRelationship) rel = NULL;

  fixture_log (f, a, 20250101, GIVEN, MUTUAL_KIND_WORK, 10);
  fixture_log (f, b, 20250101, RECEIVED, MUTUAL_KIND_PAYMENT, 25);
  /* Archived relationships still count in the portfolio. */
  rel = mutual_ledger_get_relationship (f->ledger, b, &error);
  rel->archived = TRUE;
  g_assert_true (mutual_ledger_update_relationship (f->ledger, rel, &error));

  p = series (f, 0, 0, 20250131, MUTUAL_INTERVAL_MONTH);
  g_assert_cmpuint (p->len, ==, 1);
  g_assert_cmpint (PERIOD (p, 0)->balance, ==, 15);

  empty = series (f, fixture_add_relationship (f, "C"), 0, 20250131, MUTUAL_INTERVAL_MONTH);
  g_assert_cmpuint (empty->len, ==, 0);
}

/* A relationship that becomes partnership at the end of April 2025
 * (three months, 95 days, beyond money, 100 each way) and stays so
 * until its given work leaves the 12-month window in February 2026. */
static const MutualKindTotal partnership_totals[] = {
  { 1, 20250110, GIVEN, MUTUAL_KIND_ADVICE, 1, 0, 0 },
  { 1, 20250110, RECEIVED, MUTUAL_KIND_REFERRAL, 1, 0, 0 },
  { 1, 20250215, GIVEN, MUTUAL_KIND_WORK, 1, 100, 0 },
  { 1, 20250415, RECEIVED, MUTUAL_KIND_PAYMENT, 1, 100, 0 },
};

#define SPAN(a, i) (&g_array_index ((a), MutualPartnershipSpan, (i)))

static void
test_history_partnership_months (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) spans = NULL;

  spans = mutual_partnership_spans (partnership_totals, G_N_ELEMENTS (partnership_totals),
                                    20260630, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (spans->len, ==, 1);
  g_assert_cmpint (SPAN (spans, 0)->start, ==, 20250401);
  g_assert_cmpint (SPAN (spans, 0)->end, ==, 20260131);
}

static void
test_history_clipped_to_end (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) spans = NULL;

  spans = mutual_partnership_spans (partnership_totals, G_N_ELEMENTS (partnership_totals),
                                    20251015, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (spans->len, ==, 1);
  g_assert_cmpint (SPAN (spans, 0)->start, ==, 20250401);
  g_assert_cmpint (SPAN (spans, 0)->end, ==, 20251015);

  g_clear_pointer (&spans, g_array_unref);
  spans = mutual_partnership_spans (partnership_totals, G_N_ELEMENTS (partnership_totals),
                                    20250331, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (spans->len, ==, 0);
}

static void
test_history_overflow_refused (void)
{
  const MutualKindTotal totals[] = {
    { 1, 20250110, GIVEN, MUTUAL_KIND_WORK, 1, G_MAXINT64, 0 },
    { 1, 20250111, GIVEN, MUTUAL_KIND_WORK, 1, 1, 0 },
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) spans = NULL;

  spans = mutual_partnership_spans (totals, G_N_ELEMENTS (totals), 20250131, &error);
  g_assert_error (error, MUTUAL_ERROR, MUTUAL_ERROR_DATA);
  g_assert_null (spans);
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, LedgerFixture, NULL, ledger_fixture_set_up, func, ledger_fixture_tear_down)

  ADD ("/analytics/class/empty-is-transactional", test_empty_is_transactional);
  ADD ("/analytics/ongoing/90-days", test_ongoing_90_days);
  ADD ("/analytics/ongoing/89-days", test_ongoing_89_days);
  ADD ("/analytics/ongoing/two-months", test_ongoing_two_months);
  ADD ("/analytics/ongoing/explanation-span", test_ongoing_explanation_span);
  ADD ("/analytics/ongoing/explanation-months-short", test_ongoing_explanation_months_short);
  ADD ("/analytics/future-ignored", test_future_ignored);
  ADD ("/analytics/beyond-money/zero-values", test_beyond_money_zero_values);
  ADD ("/analytics/beyond-money/other-and-discount", test_beyond_money_other_and_discount);
  ADD ("/analytics/two-way/ratio-boundary", test_two_way_ratio_boundary);
  ADD ("/analytics/two-way/needs-both", test_two_way_needs_both);
  ADD ("/analytics/two-way/window-edge", test_two_way_window_edge);
  ADD ("/analytics/two-way/by-exchanges", test_two_way_by_exchanges);
  ADD ("/analytics/two-way/unmet-commercial-value", test_two_way_unmet_commercial_value);
  ADD ("/analytics/flags/new-boundary", test_new_boundary);
  ADD ("/analytics/flags/one-sided-recent-wording", test_one_sided_recent_wording);
  ADD ("/analytics/class/partnership", test_partnership);
  g_test_add_func ("/analytics/metrics/shared", test_metrics_shared);
  g_test_add_func ("/analytics/metrics/review-order", test_review_order);
  ADD ("/analytics/class/override", test_override);
  ADD ("/analytics/flags/one-sided-boundary", test_one_sided_boundary);
  ADD ("/analytics/flags/one-sided-needs-given", test_one_sided_needs_given);
  ADD ("/analytics/flags/dormant-boundary", test_dormant_boundary);
  ADD ("/analytics/assess-all/matches-assess", test_assess_all_matches_assess);
  ADD ("/analytics/series/monthly", test_series_monthly);
  ADD ("/analytics/series/default-from", test_series_default_from);
  ADD ("/analytics/series/intervals", test_series_intervals);
  ADD ("/analytics/series/from-after-to", test_series_from_after_to);
  ADD ("/analytics/series/portfolio", test_series_portfolio);
  g_test_add_func ("/analytics/history/partnership-months", test_history_partnership_months);
  g_test_add_func ("/analytics/history/clipped-to-end", test_history_clipped_to_end);
  g_test_add_func ("/analytics/history/overflow-refused", test_history_overflow_refused);

  return g_test_run ();
}
