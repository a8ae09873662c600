/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <cairo.h>
#include <glib.h>

#include "mutual-analytics.h"
#include "mutual-ledger.h"

G_BEGIN_DECLS

/* One renderer for every chart (DESIGN.md, "Charts"): the window and every
 * export draw the same MutualChart with mutual_chart_draw(). No GTK here.
 *
 * Typical use in the window:
 *
 *   chart = mutual_chart_new_balance (ledger, rel_id, 0, 0, &error);
 *   mutual_chart_set_range (chart, from, to);        // range selector
 *   mutual_chart_options_init (&opts);
 *   opts.palette = &theme_palette;                   // from the style
 *   mutual_chart_draw (chart, cr, w, h, &opts);      // cached render node
 *   if (mutual_chart_hit_test (chart, w, h, &opts, x, y, &hit))
 *     mutual_chart_draw_hover (chart, cr, w, h, &opts, &hit);  // each frame
 *   summary = mutual_chart_describe (chart, FALSE);  // accessible text
 */

typedef struct
{
  double red, green, blue, alpha;   /* 0 … 1 */
} MutualRgba;

typedef struct
{
  MutualRgba background;    /* alpha 0: leave the target as it is */
  MutualRgba foreground;    /* titles, legend text */
  MutualRgba dim;           /* axis labels, subtitle */
  MutualRgba grid;
  MutualRgba zero;          /* the zero line */
  MutualRgba given;         /* cumulative given line */
  MutualRgba received;      /* cumulative received line */
  MutualRgba positive;      /* net balance above zero (they gave more) */
  MutualRgba negative;      /* net balance below zero (I gave more) */
  MutualRgba partnership;   /* bands where the class was partnership */
  MutualRgba hover;         /* hover rule and markers */
  MutualRgba tooltip;       /* hover label background */
} MutualChartPalette;

/* Adwaita-like presets. Exports always use the light one. */
void mutual_chart_palette_init_light (MutualChartPalette *palette);
void mutual_chart_palette_init_dark  (MutualChartPalette *palette);

typedef enum
{
  MUTUAL_CHART_BALANCE,          /* balance over time */
  MUTUAL_CHART_BY_RELATIONSHIP,  /* diverging bars, one per relationship */
} MutualChartKind;

/* One day of a balance chart: cumulative totals since the first exchange
 * (exchanges before the range included), as in MutualPeriod. */
typedef struct
{
  MutualDate date;
  gint64     given_total;
  gint64     received_total;
  gint64     balance;          /* received_total − given_total */
} MutualChartPoint;

/* A stretch of days (inclusive) where the class at each month's end was
 * partnership: from the first day of such a month to its last day. The
 * computed class: a manual override says what the relationship is now,
 * not what its history showed. */
typedef struct
{
  MutualDate start;
  MutualDate end;
} MutualChartBand;

/* A day with exchanges beyond money (advice, referral, gift…): they
 * carry no money, so the lines do not show them; a marker does. */
typedef struct
{
  MutualDate date;
  guint      given;      /* how many relational exchanges each way */
  guint      received;
} MutualChartMark;

/* One bar of a balance-by-relationship chart. */
typedef struct
{
  gint64      relationship_id;   /* 0 for the summed rest */
  char       *name;              /* owned */
  gint64      given;             /* within the chart's period */
  gint64      received;
  gint64      balance;           /* received − given */
  guint       n_rest;            /* for the rest bar: how many it sums */
} MutualChartBar;

typedef struct _MutualChart MutualChart;

/* Balance over time of a relationship (0: the portfolio, archived
 * relationships included) from @from to @to (0: first exchange; 0: today).
 * One relationship also gets its partnership bands, computed in one pass
 * over its exchanges. The chart holds every day of the whole history so
 * mutual_chart_set_range() is cheap. MUTUAL_ERROR_DATA for an unknown id. */
MutualChart *mutual_chart_new_balance          (MutualLedger          *ledger,
                                                gint64                 relationship_id,
                                                MutualDate             from,
                                                MutualDate             to,
                                                GError               **error);
/* What opening a relationship needs, from one read of its exchanges:
 * its balance chart up to @as_of (0: today), the whole range shown, and
 * in @assessment what mutual_ledger_assess() gives as of that date. */
MutualChart *mutual_chart_new_relationship      (MutualLedger          *ledger,
                                                gint64                 relationship_id,
                                                MutualDate             as_of,
                                                MutualAssessment      *assessment,
                                                GError               **error);

/* Balance by relationship over exchanges dated @from … @to (0: since the
 * first; 0: today), non-archived relationships, sorted by balance, the
 * @top_n largest in absolute balance shown and the rest summed in one bar
 * (top_n 0: a default that fits, 12). */
MutualChart *mutual_chart_new_by_relationship  (MutualLedger          *ledger,
                                                MutualDate             from,
                                                MutualDate             to,
                                                guint                  top_n,
                                                GError               **error);

/* Without a ledger (tests, benchmarks): @days are daily totals in date
 * order as from mutual_ledger_daily_totals(); @bands may be NULL. */
MutualChart *mutual_chart_new_balance_from_days (const MutualDayTotal *days,
                                                guint                  n_days,
                                                const MutualChartBand *bands,
                                                guint                  n_bands,
                                                MutualDate             from,
                                                MutualDate             to,
                                                const char            *subject,
                                                const char            *currency);
/* @bars are copied (names too); sorted and reduced to @top_n here. */
MutualChart *mutual_chart_new_bars             (const MutualChartBar  *bars,
                                                guint                  n_bars,
                                                guint                  top_n,
                                                MutualDate             from,
                                                MutualDate             to,
                                                const char            *currency);

MutualChart *mutual_chart_ref                  (MutualChart           *chart);
void         mutual_chart_unref                (MutualChart           *chart);

MutualChartKind mutual_chart_get_kind          (MutualChart           *chart);
const char  *mutual_chart_get_currency         (MutualChart           *chart);
/* The relationship's name, or "All relationships". */
const char  *mutual_chart_get_subject          (MutualChart           *chart);

/* The period shown (after set_range and defaults resolved). */
void         mutual_chart_get_range            (MutualChart           *chart,
                                                MutualDate            *from,
                                                MutualDate            *to);
/* Shows another period of the same data (balance charts; 0 as in new).
 * Nothing is queried again. */
void         mutual_chart_set_range            (MutualChart           *chart,
                                                MutualDate             from,
                                                MutualDate             to);
/* The whole history held: first exchange … the @to given at creation. */
void         mutual_chart_get_data_range       (MutualChart           *chart,
                                                MutualDate            *first,
                                                MutualDate            *last);

/* Days with exchanges beyond money within the current range (one
 * relationship's chart only), in date order. */
const MutualChartMark  *mutual_chart_get_marks  (MutualChart          *chart,
                                                guint                 *n_marks);

/* Points within the current range, one per day that has exchanges, plus
 * the range's first and last day (carrying the totals before them). */
const MutualChartPoint *mutual_chart_get_points (MutualChart          *chart,
                                                guint                 *n_points);
const MutualChartBand  *mutual_chart_get_bands  (MutualChart          *chart,
                                                guint                 *n_bands);
const MutualChartBar   *mutual_chart_get_bars   (MutualChart          *chart,
                                                guint                 *n_bars);
/* TRUE when the chart has nothing to draw (no exchange in the range). */
gboolean     mutual_chart_is_empty             (MutualChart           *chart);

/* "Acme GmbH: balance from 3 Jan 2025 to 22 Nov 2026" — who and which
 * period; the default title of exports. */
char        *mutual_chart_dup_title            (MutualChart           *chart);

/* One sentence for assistive technologies: rise or fall of the balance,
 * from what to what, over which period (balance charts); the largest
 * balances (bar charts). With @hide_amounts, percentages instead. */
char        *mutual_chart_describe             (MutualChart           *chart,
                                                gboolean               hide_amounts);

typedef struct
{
  const MutualChartPalette *palette;   /* NULL: light */
  const char  *font;                   /* Pango description; NULL: "Sans 10" */
  const char  *title;                  /* NULL: no title drawn */
  const char  *subtitle;               /* NULL: none */
  const char  *footer;                 /* NULL: none; e.g. currency and date made */
  gboolean     hide_amounts;           /* % of the largest value instead */
  gboolean     show_legend;            /* default TRUE */
  gboolean     show_bands;             /* default TRUE */
  double       scale;                  /* text and line scale, default 1 */
} MutualChartOptions;

void         mutual_chart_options_init         (MutualChartOptions    *options);

/* Draws the whole chart in 0,0 … @width,@height (user units) of @cr.
 * Series longer than the plot's pixel width are reduced first (min/max per
 * pixel column), so the time does not grow with history length. */
void         mutual_chart_draw                 (MutualChart           *chart,
                                                cairo_t               *cr,
                                                double                 width,
                                                double                 height,
                                                const MutualChartOptions *options);

/* The rectangle the data is plotted in, for the same size and options. */
void         mutual_chart_get_plot_area        (MutualChart           *chart,
                                                double                 width,
                                                double                 height,
                                                const MutualChartOptions *options,
                                                cairo_rectangle_t     *out);

typedef struct
{
  MutualChartKind kind;
  /* balance charts: the nearest day at or before x with its totals */
  MutualChartPoint point;
  gboolean    in_band;           /* a partnership month */
  /* bar charts: the bar under y */
  int         bar_index;         /* -1 for none */
  /* where to put a marker, in the draw coordinates */
  double      x;
  double      y;
} MutualChartHit;

/* What lies under @x,@y (draw coordinates). FALSE outside the plot area
 * or when the chart is empty. */
gboolean     mutual_chart_hit_test             (MutualChart           *chart,
                                                double                 width,
                                                double                 height,
                                                const MutualChartOptions *options,
                                                double                 x,
                                                double                 y,
                                                MutualChartHit        *out);

/* The hover rule, markers and a label with the date and values; cheap,
 * meant to be drawn every frame over the cached chart. */
void         mutual_chart_draw_hover           (MutualChart           *chart,
                                                cairo_t               *cr,
                                                double                 width,
                                                double                 height,
                                                const MutualChartOptions *options,
                                                const MutualChartHit  *hit);

/* The hover label text ("3 Mar 2026 · Balance €1,200 · …"), for a tooltip
 * or an accessible announcement. */
char        *mutual_chart_hit_describe         (MutualChart           *chart,
                                                const MutualChartHit  *hit,
                                                gboolean               hide_amounts);

typedef enum
{
  MUTUAL_CHART_FORMAT_PNG,
  MUTUAL_CHART_FORMAT_SVG,
  MUTUAL_CHART_FORMAT_PDF,
} MutualChartFormat;

/* From the file name's extension (case-insensitive); MUTUAL_ERROR_DATA
 * with a sentence for any other. */
gboolean     mutual_chart_format_from_path     (const char            *path,
                                                MutualChartFormat     *out,
                                                GError               **error);

typedef struct
{
  double       width;            /* pixels (PNG, SVG) or points (PDF); default 1200 */
  double       height;           /* default 675 */
  double       scale;            /* PNG pixel scale factor, default 1 (2 for HiDPI) */
  const char  *title;            /* NULL: mutual_chart_dup_title() */
  gboolean     hide_amounts;
  MutualDate   made;             /* 0: today; shown as "Made 22 Nov 2026" */
} MutualChartExportOptions;

void         mutual_chart_export_options_init  (MutualChartExportOptions *options);

/* Sizes an export accepts: 200 … 10000 units, scale 0.5 … 4. */
#define MUTUAL_CHART_EXPORT_MIN_SIZE 200
#define MUTUAL_CHART_EXPORT_MAX_SIZE 10000

/* Writes the chart to @path in the format of its extension, light palette,
 * with title, currency and date made. Atomic: a temporary file renamed into
 * place, so a failure leaves no partial file. MUTUAL_ERROR_DATA for a bad
 * extension or size, G_IO_ERROR for the file. */
gboolean     mutual_chart_export               (MutualChart           *chart,
                                                const char            *path,
                                                const MutualChartExportOptions *options,
                                                GError               **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MutualChart, mutual_chart_unref)

G_END_DECLS
