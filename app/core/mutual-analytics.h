/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "mutual-ledger.h"
#include "mutual-ledger-totals.h"

G_BEGIN_DECLS

/* What the two-way test compares (DESIGN.md, "Classification"). */
typedef enum
{
  MUTUAL_MEASURE_VALUE,       /* the sums of values given and received */
  MUTUAL_MEASURE_EXCHANGES,   /* the numbers of exchanges, when no money */
} MutualMeasure;

#define MUTUAL_N_COMMERCIAL_KINDS (MUTUAL_KIND_DISCOUNT + 1)

/* Everything the classification of one relationship as of a date rests
 * on (DESIGN.md, "Classification"), with the figures it shows. */
typedef struct
{
  gint64      relationship_id;
  MutualDate  as_of;

  guint       n_exchanges;            /* dated ≤ as_of */
  MutualDate  first;                  /* 0 when none */
  MutualDate  last;
  guint       distinct_months;
  gint32      span_days;              /* last − first */

  guint       relational_given[MUTUAL_N_KINDS];     /* counts by kind */
  guint       relational_received[MUTUAL_N_KINDS];

  gint64      given;                  /* lifetime, ≤ as_of */
  gint64      received;
  gint64      year_given;             /* as_of − 364 … as_of */
  gint64      year_received;
  gint64      half_given;             /* as_of − 179 … as_of */
  gint64      half_received;
  gint64      year_given_count;       /* exchanges, as_of − 364 … as_of */
  gint64      year_received_count;
  gint64      half_given_count;       /* exchanges, as_of − 179 … as_of */
  gint64      half_received_count;
  /* Value of payment, work and discount, by kind, in the 12-month window */
  gint64      year_commercial_given[MUTUAL_N_COMMERCIAL_KINDS];
  gint64      year_commercial_received[MUTUAL_N_COMMERCIAL_KINDS];
  gint64      half_commercial;        /* both ways, as_of − 179 … as_of */
  gint64      minutes_given;          /* lifetime, ≤ as_of */
  gint64      minutes_received;

  gboolean    ongoing;
  gboolean    beyond_money;
  gboolean    two_way;
  MutualMeasure measure;              /* the one two-way used */
  MutualClass computed;
  MutualClass override;               /* MUTUAL_CLASS_NONE when not set */
  MutualClass klass;                  /* override, else computed */
  MutualFlags flags;
} MutualAssessment;

/* Applies the three tests, the class and the flags to the figures. */
void        mutual_assessment_decide        (MutualAssessment       *a);
gint64      mutual_assessment_balance       (const MutualAssessment *a);
/* Reciprocity over the trailing 365 days, min/max of the figures of the
 * measure used (0 when commercial value met no value); FALSE when both
 * figures are 0. */
gboolean    mutual_assessment_reciprocity   (const MutualAssessment *a,
                                             double                 *out);
/* Too young to judge: new, and transactional only because the tests
 * cannot hold yet (no class set by you). The window says "New". */
gboolean    mutual_assessment_is_new        (const MutualAssessment *a);
/* "Partnership", "Transactional" or "New", and its style class name. */
const char *mutual_assessment_class_label   (const MutualAssessment *a);
const char *mutual_assessment_class_style   (const MutualAssessment *a);
/* The same as a whole percentage, "62%"; "—" when undefined. */
char       *mutual_assessment_format_reciprocity (const MutualAssessment *a);
/* Value received per hour given, in minor units (rounded); FALSE when
 * no time was given. */
gboolean    mutual_assessment_value_per_hour (const MutualAssessment *a,
                                              gint64                 *out);
/* Minutes as people read them: "45 min", "3 h", "151 h 48 min". */
char       *mutual_format_minutes           (gint64                  minutes);
/* The review's order, "who values you": one-sided first, then higher
 * reciprocity, then higher balance; 0 when these are equal. */
int         mutual_assessment_compare_review (const MutualAssessment *a,
                                              const MutualAssessment *b);
/* Adds (or with a negative @count and @value, takes away) exchanges to
 * the 12-month window's figures; FALSE on overflow. For a window that
 * slides (the chart's bands). */
gboolean    mutual_assessment_year_add      (MutualAssessment       *a,
                                             MutualDirection         direction,
                                             MutualKind              kind,
                                             gint64                  count,
                                             gint64                  value);
/* "Ongoing: … · Beyond money: … · Two-way: …" */
char       *mutual_assessment_explain       (const MutualAssessment *a,
                                             const char             *currency);
/* One sentence for one test (0 ongoing, 1 beyond money, 2 two-way). */
char       *mutual_assessment_explain_test  (const MutualAssessment *a,
                                             int                     test,
                                             const char             *currency);
/* The beyond-money test without "you" and "they", in the words of the
 * exchanges' Given and Received: for a report read by the other side. */
char       *mutual_assessment_explain_beyond_money_neutral (const MutualAssessment *a);
/* The same without amounts (shares of value instead), for a report
 * that hides them. */
char       *mutual_assessment_explain_test_hidden (const MutualAssessment *a,
                                                   int                     test);
/* The one-sided flag in words with its figures, worded as recent when
 * the 12-month two-way test holds; NULL when the flag is not set. */
char       *mutual_assessment_explain_one_sided (const MutualAssessment *a,
                                                 const char             *currency);

/* Building an assessment from grouped rows read elsewhere (the chart
 * reads them anyway): init, then add in date order, then finish. Rows
 * dated after as_of are left out. */
void        mutual_assessment_init          (MutualAssessment       *a,
                                             const MutualRelationship *rel,
                                             MutualDate              as_of);
gboolean    mutual_assessment_add           (MutualAssessment       *a,
                                             MutualDate              date,
                                             MutualDirection         direction,
                                             MutualKind              kind,
                                             guint                   count,
                                             gint64                  value,
                                             gint64                  minutes,
                                             GError                **error);
void        mutual_assessment_finish        (MutualAssessment       *a);

gboolean    mutual_ledger_assess            (MutualLedger           *ledger,
                                             gint64                  relationship_id,
                                             MutualDate              as_of,
                                             MutualAssessment       *out,
                                             GError                **error);
/* One MutualAssessment per relationship (archived included), in the
 * order of mutual_ledger_list_relationships(), computed in one pass
 * over one snapshot of the ledger. To print them with their names, take
 * the relationships from mutual_ledger_assess_relationships(): a second
 * read may see another state. */
GArray     *mutual_ledger_assess_all        (MutualLedger           *ledger,
                                             MutualDate              as_of,
                                             GError                **error);
/* The same, giving up with G_IO_ERROR_CANCELLED once @cancellable is
 * cancelled (the window runs it in a thread on a connection of its own). */
GArray     *mutual_ledger_assess_all_cancellable (MutualLedger      *ledger,
                                                  MutualDate         as_of,
                                                  GCancellable      *cancellable,
                                                  GError           **error);
/* The same, with the relationships assessed, read in the same snapshot:
 * (*relationships)[i] is the relationship of the result's [i]. */
GArray     *mutual_ledger_assess_relationships (MutualLedger        *ledger,
                                                MutualDate           as_of,
                                                GPtrArray          **relationships,
                                                GCancellable        *cancellable,
                                                GError             **error);

/* Days (inclusive) of whole months at whose end the class computed
 * from the figures then was partnership (an override says what a
 * relationship is now, not what its history showed). */
typedef struct
{
  MutualDate start;           /* first day of the first such month */
  MutualDate end;             /* last day of the last, clipped to to */
} MutualPartnershipSpan;

/* The class at each month's end up to @to, from a relationship's day
 * totals in date order (kinds past the last read as other, as the
 * caller makes them): its runs of partnership months, as
 * MutualPartnershipSpan. Refused (MUTUAL_ERROR_DATA) past 64 bits. */
GArray     *mutual_partnership_spans        (const MutualKindTotal  *totals,
                                             guint                   n_totals,
                                             MutualDate              to,
                                             GError                **error);

typedef struct
{
  MutualDate start;           /* first day of the period, clipped to from */
  MutualDate end;             /* last day of the period, clipped to to */
  gint64     given;           /* within the period */
  gint64     received;
  gint64     given_total;     /* cumulative since the first exchange */
  gint64     received_total;
  gint64     balance;         /* received_total − given_total */
} MutualPeriod;

/* Periods from @from (0: first exchange) to @to (0: today), each with
 * cumulative totals including exchanges before @from. relationship_id 0
 * is the whole portfolio, archived relationships included. */
GArray     *mutual_ledger_balance_series    (MutualLedger           *ledger,
                                             gint64                  relationship_id,
                                             MutualDate              from,
                                             MutualDate              to,
                                             MutualInterval          interval,
                                             GError                **error);
/* The same from daily totals already fetched (used by charts). */
GArray     *mutual_balance_series_from_days (GArray                 *days,
                                             MutualDate              from,
                                             MutualDate              to,
                                             MutualInterval          interval,
                                             GError                **error);
/* The last day of the period of @interval that holds @date. */
MutualDate  mutual_interval_period_end      (MutualInterval          interval,
                                             MutualDate              date);
MutualDate  mutual_interval_period_start    (MutualInterval          interval,
                                             MutualDate              date);

G_END_DECLS
