/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <pango/pango.h>

#include "mutual-chart.h"

G_BEGIN_DECLS

/* The chart's internals, one block per file: mutual-chart-model.c builds
 * the data, -reduce.c, -scale.c, -words.c and -palette.c serve
 * mutual-chart.c (the renderer), -export.c and -png.c write files. */

/* mutual-chart-model.c */

struct _MutualChart
{
  gatomicrefcount  ref_count;
  MutualChartKind  kind;
  char            *currency;
  char            *subject;

  /* Balance: one point per day with exchanges over the whole history,
   * cumulative; partnership bands over the whole history. */
  GArray          *days;          /* MutualChartPoint */
  GArray          *all_bands;     /* MutualChartBand */
  GArray          *all_marks;     /* MutualChartMark */
  MutualDate       data_first;
  MutualDate       data_last;

  /* The range shown and what of the data falls in it. */
  MutualDate       from;
  MutualDate       to;
  GArray          *points;        /* MutualChartPoint */
  GArray          *bands;         /* MutualChartBand, clipped */
  GArray          *marks;         /* MutualChartMark, within the range */
  gint64           largest;       /* of |every value| in the range */
  gint64           lowest;        /* the lowest value (≤ 0) */
  gint64           highest;       /* the highest value (≥ 0) */

  /* By relationship */
  GArray          *bars;          /* MutualChartBar */

  PangoContext    *pango;         /* for measuring outside a draw */
};

gint64      mutual_chart_largest_value  (MutualChart      *chart);

/* mutual-chart-reduce.c */

typedef enum
{
  MUTUAL_CHART_SERIES_GIVEN,
  MUTUAL_CHART_SERIES_RECEIVED,
  MUTUAL_CHART_SERIES_BALANCE,
} MutualChartSeries;

/* One pixel column of a reduced step series: the value entering the
 * column, the extremes within it in the order they occur, the value
 * leaving it. */
typedef struct
{
  int    column;
  gint64 open;
  gint64 first;     /* the extreme reached first (min or max) */
  gint64 second;    /* the other */
  gint64 close;
} MutualChartColumn;

gint64      mutual_chart_point_value    (const MutualChartPoint *point,
                                         MutualChartSeries       series);

/* Reduces a step series (each point holds until the next) to at most one
 * entry per pixel column, keeping every extreme; the x of a date is
 * (days − from) × n_columns / (to − from). Returns a new array of
 * MutualChartColumn. */
GArray     *mutual_chart_reduce         (const MutualChartPoint *points,
                                         guint                   n_points,
                                         MutualChartSeries       series,
                                         MutualDate              from,
                                         MutualDate              to,
                                         int                     n_columns);
/* The same in two steps, to place the points once for several series. */
int        *mutual_chart_point_columns  (const MutualChartPoint *points,
                                         guint                   n_points,
                                         MutualDate              from,
                                         MutualDate              to,
                                         int                     n_columns);
GArray     *mutual_chart_reduce_placed  (const MutualChartPoint *points,
                                         const int              *columns,
                                         guint                   n_points,
                                         MutualChartSeries       series);

/* mutual-chart-png.c */

/* Encodes an image surface as PNG (RGB when opaque) with libpng, tuned
 * for charts: fastest deflate on rows filtered against the row above. */
gboolean    mutual_chart_encode_png     (cairo_surface_t        *surface,
                                         GByteArray             *out,
                                         GError                **error);

/* mutual-chart-scale.c */

/* Round tick values (1-2-5 × 10^k) covering lo … hi with about
 * @target_count ticks; returns the step and fills @first_tick, @n_ticks.
 * @min_step is the smallest step allowed. */
double      mutual_chart_nice_ticks     (double            lo,
                                         double            hi,
                                         int               target_count,
                                         double            min_step,
                                         double           *first_tick,
                                         int              *n_ticks);

/* Date ticks for a period: returns a new array of MutualDate on day,
 * month, quarter or year boundaries, at most @max_ticks of them, and the
 * strftime format of their labels in @label_format ("%b" for months:
 * the year is drawn under the first tick and each January). */
GArray     *mutual_chart_date_ticks     (MutualDate        from,
                                         MutualDate        to,
                                         int               max_ticks,
                                         const char      **label_format);

/* mutual-chart.c */
/* Tests: every string drawn by the renderer (axis labels, legend, titles)
 * is passed to @func while it is set. NULL to stop. Not thread-safe. */
/* Where the legend goes, and in how many rows (0 without one). */
guint       mutual_chart_get_legend_area (MutualChart              *chart,
                                          double                    width,
                                          double                    height,
                                          const MutualChartOptions *options,
                                          cairo_rectangle_t        *out);

typedef void (*MutualChartTextFunc) (const char *text,
                                     gpointer    user_data);
void        mutual_chart_set_text_hook  (MutualChartTextFunc func,
                                         gpointer          user_data);

/* Shared by the report: draws text through the test hook. */
void        mutual_chart_emit_text      (const char       *text);

/* mutual-chart-words.c */

/* An amount with the currency, or with @hide_amounts its share of the
 * chart's largest value ("42%"). */
char       *mutual_chart_format_value   (MutualChart      *chart,
                                         gint64            value,
                                         gboolean          hide_amounts);
char       *mutual_chart_format_percent (double            percent);

/* "Amounts in EUR · Made 22 Nov 2026 with Mutual" (@made 0: today) */
char       *mutual_chart_dup_footer     (MutualChart      *chart,
                                         gboolean          hide_amounts,
                                         MutualDate        made);

/* "3 Jan 2025" */
char       *mutual_chart_format_date    (MutualDate        date);

/* mutual-chart-export.c */

/* Writes @data to @path atomically (temporary file, fsync, rename). */
gboolean    mutual_chart_write_file     (const char       *path,
                                         const guint8     *data,
                                         gsize             length,
                                         GError          **error);

G_END_DECLS
