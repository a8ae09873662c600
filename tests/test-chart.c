/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The chart renderer on an image surface, and its exports read back with
 * real readers (pdfinfo, pdftotext, rsvg-convert, the PNG header). */
#include "config.h"

#include <math.h>
#include <pango/pangocairo.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "core/mutual-analytics.h"
#include "core/mutual-chart-private.h"
#include "core/mutual-chart.h"
#include "core/mutual-demo.h"
#include "test-util.h"

/* Ticks */

static gboolean
is_125 (double step)
{
  double mantissa = step / pow (10, floor (log10 (step) + 1e-9));

  return fabs (mantissa - 1) < 1e-6 || fabs (mantissa - 2) < 1e-6 || fabs (mantissa - 5) < 1e-6;
}

static void
test_ticks_round_values (void)
{
  double first;
  int n;
  double step;

  step = mutual_chart_nice_ticks (0, 9300, 5, 1, &first, &n);
  g_assert_cmpfloat (step, ==, 2000);
  g_assert_cmpfloat (first, ==, 0);
  g_assert_cmpint (n, ==, 6);            /* 0 … 10,000 */

  step = mutual_chart_nice_ticks (-1234, 5678, 6, 1, &first, &n);
  g_assert_cmpfloat (step, ==, 2000);
  g_assert_cmpfloat (first, ==, -2000);
  g_assert_cmpint (n, ==, 5);            /* −2,000 … 6,000 */

  /* Never below the smallest step (one minor unit). */
  step = mutual_chart_nice_ticks (0, 3, 8, 1, &first, &n);
  g_assert_cmpfloat (step, ==, 1);

  for (int i = 0; i < 2000; i++)
    {
      double lo = -g_test_rand_double_range (0, 1e9) * (i % 3 == 0);
      double hi = g_test_rand_double_range (1, 1e12);
      int target = g_test_rand_int_range (2, 9);

      step = mutual_chart_nice_ticks (lo, hi, target, 1, &first, &n);
      g_assert_true (is_125 (step));
      g_assert_cmpfloat (first, <=, lo);
      g_assert_cmpfloat (first + (n - 1) * step, >=, hi);
      g_assert_cmpint (n, <=, target * 3 + 2);
      g_assert_cmpfloat (fmod (fabs (first), step), <, 1e-6 * step + 1e-9);
    }
}

static void
test_ticks_dates (void)
{
  const char *format = NULL;
  g_autoptr(GArray) quarters = mutual_chart_date_ticks (20240602, 20261122, 12, &format);
  g_autoptr(GArray) months = mutual_chart_date_ticks (20240602, 20261122, 40, &format);
  g_autoptr(GArray) years = mutual_chart_date_ticks (19900101, 20261122, 10, &format);
  g_autoptr(GArray) days = mutual_chart_date_ticks (20261101, 20261110, 12, &format);

  /* 2¼ years in at most 12 ticks: quarters, on Jan/Apr/Jul/Oct 1st. */
  g_assert_cmpuint (quarters->len, ==, 10);
  for (guint i = 0; i < quarters->len; i++)
    {
      MutualDate d = g_array_index (quarters, MutualDate, i);

      g_assert_cmpint (mutual_date_day (d), ==, 1);
      g_assert_cmpint ((mutual_date_month (d) - 1) % 3, ==, 0);
    }
  g_assert_cmpuint (g_array_index (quarters, MutualDate, 0), ==, 20240701);

  g_assert_cmpuint (months->len, ==, 29);      /* Jul 2024 … Nov 2026 */
  g_assert_cmpuint (g_array_index (months, MutualDate, 0), ==, 20240701);

  g_assert_cmpuint (years->len, <=, 10);
  g_assert_cmpstr (format, ==, "%-d %b");      /* the last call: days */
  for (guint i = 0; i < years->len; i++)
    {
      MutualDate d = g_array_index (years, MutualDate, i);

      g_assert_cmpint (mutual_date_month (d) * 100 + mutual_date_day (d), ==, 101);
      g_assert_cmpint (mutual_date_year (d) % 5, ==, 0);
    }
  g_assert_cmpuint (days->len, ==, 10);
}

/* Reduction */

static GArray *
random_walk (guint n,
             MutualDate start)
{
  GArray *days = g_array_new (FALSE, FALSE, sizeof (MutualDayTotal));

  for (guint i = 0; i < n; i++)
    {
      MutualDayTotal d = { mutual_date_add_days (start, (gint32) i), 0, 0 };

      if (g_test_rand_int_range (0, 2))
        d.given = g_test_rand_int_range (0, 500000);
      else
        d.received = g_test_rand_int_range (0, 500000);
      /* A few spikes, the extremes the picture must keep. */
      if (i % 9973 == 17)
        d.received = 90000000;
      if (i % 7919 == 3)
        d.given = 90000000;
      g_array_append_val (days, d);
    }
  return days;
}

static void
test_reduce_keeps_extremes (void)
{
  g_autoptr(GArray) days = random_walk (100000, 19800101);
  g_autoptr(MutualChart) chart = mutual_chart_new_balance_from_days ((MutualDayTotal *) days->data, days->len,
                                                                     NULL, 0, 0, 0, "Walk", "EUR");
  guint n;
  const MutualChartPoint *points = mutual_chart_get_points (chart, &n);
  MutualDate from, to;

  mutual_chart_get_range (chart, &from, &to);
  g_assert_cmpuint (n, >=, 100000);

  for (int series = MUTUAL_CHART_SERIES_GIVEN; series <= MUTUAL_CHART_SERIES_BALANCE; series++)
    {
      g_autoptr(GArray) columns = mutual_chart_reduce (points, n, series, from, to, 1600);
      gint64 lo = G_MAXINT64, hi = G_MININT64, rlo = G_MAXINT64, rhi = G_MININT64;

      for (guint i = 0; i < n; i++)
        {
          gint64 v = mutual_chart_point_value (&points[i], series);
          lo = MIN (lo, v);
          hi = MAX (hi, v);
        }
      g_assert_cmpuint (columns->len, <=, 1600);
      g_assert_cmpuint (columns->len, >, 1500);
      for (guint i = 0; i < columns->len; i++)
        {
          const MutualChartColumn *c = &g_array_index (columns, MutualChartColumn, i);

          rlo = MIN (rlo, MIN (c->first, c->second));
          rhi = MAX (rhi, MAX (c->first, c->second));
          g_assert_cmpint (c->close, >=, MIN (c->first, c->second));
          g_assert_cmpint (c->close, <=, MAX (c->first, c->second));
          if (i > 0)
            g_assert_cmpint (c->column, >, g_array_index (columns, MutualChartColumn, i - 1).column);
        }
      g_assert_cmpint (rlo, ==, lo);
      g_assert_cmpint (rhi, ==, hi);
      g_assert_cmpint (g_array_index (columns, MutualChartColumn, columns->len - 1).close, ==,
                       mutual_chart_point_value (&points[n - 1], series));
    }
}

/* Drawing */

typedef struct
{
  guint8 r, g, b;
} Pixel;

static Pixel
pixel_at (cairo_surface_t *surface,
          int              x,
          int              y)
{
  const guint8 *data = cairo_image_surface_get_data (surface);
  int stride = cairo_image_surface_get_stride (surface);
  guint32 argb = *(const guint32 *) (data + y * stride + x * 4);
  Pixel p = { (argb >> 16) & 0xff, (argb >> 8) & 0xff, argb & 0xff };

  return p;
}

/* Balance +€1,000 until 1 Apr, then −€2,000 (a €3,000 gift given). */
static MutualChart *
up_then_down (void)
{
  const MutualDayTotal days[] = {
    { 20250101, 0, 100000 },
    { 20250401, 300000, 0 },
  };

  return mutual_chart_new_balance_from_days (days, G_N_ELEMENTS (days), NULL, 0,
                                             20250101, 20250701, "Acme GmbH", "EUR");
}

static void
test_draw_colours_by_side (void)
{
  g_autoptr(MutualChart) chart = up_then_down ();
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 600, 340);
  cairo_t *cr = cairo_create (surface);
  MutualChartOptions options;
  MutualChartHit hit;
  cairo_rectangle_t plot;
  Pixel above, below, outside;
  int x;

  mutual_chart_options_init (&options);
  mutual_chart_draw (chart, cr, 600, 340, &options);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  mutual_chart_get_plot_area (chart, 600, 340, &options, &plot);
  g_assert_cmpfloat (plot.width, >, 400);
  g_assert_cmpfloat (plot.height, >, 200);

  /* February: above zero, inside the green area just under the line. */
  x = (int) (plot.x + plot.width * 0.2);
  g_assert_true (mutual_chart_hit_test (chart, 600, 340, &options, x, plot.y + 10, &hit));
  g_assert_cmpint (hit.point.balance, ==, 100000);
  above = pixel_at (surface, x, (int) hit.y + 6);
  g_assert_cmpint (above.g, >, above.r + 20);
  g_assert_cmpint (above.g, >, above.b);

  /* May: below zero, inside the red area just over the line. */
  x = (int) (plot.x + plot.width * 0.75);
  g_assert_true (mutual_chart_hit_test (chart, 600, 340, &options, x, plot.y + 10, &hit));
  g_assert_cmpint (hit.point.balance, ==, -200000);
  below = pixel_at (surface, x, (int) hit.y - 6);
  g_assert_cmpint (below.r, >, below.g + 20);
  g_assert_cmpint (below.r, >, below.b + 20);

  /* The light background outside the plot. */
  outside = pixel_at (surface, 2, 2);
  g_assert_cmpint (outside.r, ==, 255);
  g_assert_cmpint (outside.g, ==, 255);
  g_assert_cmpint (outside.b, ==, 255);

  /* Outside the plot area nothing is hit. */
  g_assert_false (mutual_chart_hit_test (chart, 600, 340, &options, 1, 1, &hit));
  cairo_surface_destroy (surface);
}

typedef struct
{
  GByteArray *bytes;
  gsize       offset;
} Reader;

static cairo_status_t
read_bytes (void          *closure,
            unsigned char *data,
            unsigned int   length)
{
  Reader *r = closure;

  if (r->offset + length > r->bytes->len)
    return CAIRO_STATUS_READ_ERROR;
  memcpy (data, r->bytes->data + r->offset, length);
  r->offset += length;
  return CAIRO_STATUS_SUCCESS;
}

/* Our PNG encoder, read back by libpng: opaque, translucent, and opaque
 * but for one pixel near the bottom (in the second band of a tall image,
 * which then makes the whole image RGBA); tall images are encoded in two
 * bands at once, short ones in one. */
static void
test_png_round_trip (void)
{
  const int heights[] = { 203, 40 };

  for (guint h = 0; h < G_N_ELEMENTS (heights); h++)
    for (int mode = 0; mode < 3; mode++)
      {
        int height = heights[h];
        gboolean translucent = mode > 0;
        cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 301, height);
        cairo_t *cr = cairo_create (surface);
        g_autoptr(GByteArray) bytes = g_byte_array_new ();
        g_autoptr(GError) error = NULL;
        Reader reader = { bytes, 0 };
        cairo_surface_t *back;
        const guint8 *a, *b;

        cairo_set_source_rgba (cr, 1, 1, 1, mode == 1 ? 0.5 : 1);
        cairo_paint (cr);
        cairo_set_source_rgba (cr, 0.9, 0.3, 0.1, mode == 1 ? 0.25 : 1);
        cairo_arc (cr, 150, height / 2.0, height * 0.4, 0, 2 * G_PI);
        cairo_fill (cr);
        if (mode == 2)
          {
            cairo_set_operator (cr, CAIRO_OPERATOR_SOURCE);
            cairo_set_source_rgba (cr, 0.2, 0.4, 0.6, 0.5);
            cairo_rectangle (cr, 7, height - 3, 1, 1);
            cairo_fill (cr);
          }
        cairo_destroy (cr);

        g_assert_true (mutual_chart_encode_png (surface, bytes, &error));
        g_assert_no_error (error);
        g_assert_cmpuint (bytes->data[25], ==, translucent ? 6 : 2);   /* RGBA or RGB */
        back = cairo_image_surface_create_from_png_stream (read_bytes, &reader);
        g_assert_cmpint (cairo_surface_status (back), ==, CAIRO_STATUS_SUCCESS);
        g_assert_cmpint (cairo_image_surface_get_width (back), ==, 301);
        g_assert_cmpint (cairo_image_surface_get_height (back), ==, height);
        for (int y = 0; y < height; y++)
          {
            a = cairo_image_surface_get_data (surface) + y * cairo_image_surface_get_stride (surface);
            b = cairo_image_surface_get_data (back) + y * cairo_image_surface_get_stride (back);
            for (int i = 0; i < 301 * 4; i++)
              g_assert_cmpint (abs ((int) a[i] - (int) b[i]), <=, 2);
          }
        cairo_surface_destroy (back);
        cairo_surface_destroy (surface);
      }
}

/* Hover: x maps to the day under the pointer and its totals. */
static void
test_hover (void)
{
  g_autoptr(MutualChart) chart = up_then_down ();
  MutualChartOptions options;
  cairo_rectangle_t plot;
  MutualChartHit hit;
  g_autofree char *text = NULL;
  g_autofree char *hidden = NULL;

  mutual_chart_options_init (&options);
  mutual_chart_get_plot_area (chart, 800, 450, &options, &plot);

  g_assert_true (mutual_chart_hit_test (chart, 800, 450, &options, plot.x, plot.y + 1, &hit));
  g_assert_cmpuint (hit.point.date, ==, 20250101);
  g_assert_cmpint (hit.point.received_total, ==, 100000);
  g_assert_cmpfloat (fabs (hit.x - plot.x), <, 1);

  g_assert_true (mutual_chart_hit_test (chart, 800, 450, &options, plot.x + plot.width, plot.y + 1, &hit));
  g_assert_cmpuint (hit.point.date, ==, 20250701);
  g_assert_cmpint (hit.point.given_total, ==, 300000);
  g_assert_cmpint (hit.point.balance, ==, -200000);

  /* 31 March is the last day before the gift: still +€1,000. */
  g_assert_true (mutual_chart_hit_test (chart, 800, 450, &options,
                                        plot.x + plot.width * 89.0 / 181.0, plot.y + 1, &hit));
  g_assert_cmpuint (hit.point.date, ==, 20250331);
  g_assert_cmpint (hit.point.balance, ==, 100000);
  text = mutual_chart_hit_describe (chart, &hit, FALSE);
  g_assert_cmpstr (text, ==, "31 Mar 2025\nBalance €1,000\nGiven €0\nReceived €1,000");
  hidden = mutual_chart_hit_describe (chart, &hit, TRUE);
  g_assert_cmpstr (hidden, ==, "31 Mar 2025\nBalance 33%\nGiven 0%\nReceived 33%");

  g_assert_false (mutual_chart_hit_test (chart, 800, 450, &options, plot.x - 5, plot.y + 1, &hit));
  g_assert_false (mutual_chart_hit_test (chart, 800, 450, &options, plot.x + 5, plot.y + plot.height + 5, &hit));
}

/* The window passes its theme's palette: the dark one draws on dark. */
static void
test_draw_dark_palette (void)
{
  g_autoptr(MutualChart) chart = up_then_down ();
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 600, 340);
  cairo_t *cr = cairo_create (surface);
  MutualChartPalette dark;
  MutualChartOptions options;
  MutualChartHit hit;
  cairo_rectangle_t plot;
  Pixel corner, area;
  int x;

  mutual_chart_palette_init_dark (&dark);
  mutual_chart_options_init (&options);
  options.palette = &dark;
  mutual_chart_draw (chart, cr, 600, 340, &options);
  cairo_destroy (cr);
  cairo_surface_flush (surface);

  corner = pixel_at (surface, 1, 1);
  g_assert_cmpint (corner.r, ==, 0x1e);
  g_assert_cmpint (corner.g, ==, 0x1e);
  mutual_chart_get_plot_area (chart, 600, 340, &options, &plot);
  x = (int) (plot.x + plot.width * 0.2);
  g_assert_true (mutual_chart_hit_test (chart, 600, 340, &options, x, plot.y, &hit));
  area = pixel_at (surface, x, (int) hit.y + 6);
  /* A dark green: green leads, and it stays darker than the light palette's. */
  g_assert_cmpint (area.g, >, area.r);
  g_assert_cmpint (area.g, <, 160);
  cairo_surface_destroy (surface);
}

static void
collect_text (const char *text,
              gpointer    user_data)
{
  g_ptr_array_add (user_data, g_strdup (text));
}

static GPtrArray *
drawn_strings (MutualChart *chart,
               gboolean     hide_amounts,
               double       width,
               double       height)
{
  GPtrArray *strings = g_ptr_array_new_with_free_func (g_free);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, (int) width, (int) height);
  cairo_t *cr = cairo_create (surface);
  MutualChartOptions options;
  MutualChartHit hit;
  cairo_rectangle_t plot;

  mutual_chart_options_init (&options);
  options.hide_amounts = hide_amounts;
  options.title = "Title";
  options.footer = "Footer";
  mutual_chart_set_text_hook (collect_text, strings);
  mutual_chart_draw (chart, cr, width, height, &options);
  mutual_chart_get_plot_area (chart, width, height, &options, &plot);
  if (mutual_chart_hit_test (chart, width, height, &options, plot.x + plot.width / 2, plot.y + plot.height / 2, &hit))
    mutual_chart_draw_hover (chart, cr, width, height, &options, &hit);
  mutual_chart_set_text_hook (NULL, NULL);
  g_ptr_array_add (strings, mutual_chart_describe (chart, hide_amounts));
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
  return strings;
}

static gboolean
any_contains (GPtrArray  *strings,
              const char *needle)
{
  for (guint i = 0; i < strings->len; i++)
    if (strstr (g_ptr_array_index (strings, i), needle))
      return TRUE;
  return FALSE;
}

/* Pixels of a row of @surface, from @x0 to @x1, that are not white. */
static int
inked_pixels (cairo_surface_t *surface,
              int              x0,
              int              x1,
              int              y)
{
  int inked = 0;

  for (int x = x0; x < x1; x++)
    {
      Pixel p = pixel_at (surface, x, y);

      inked += p.r < 230 || p.g < 230 || p.b < 230;
    }
  return inked;
}

/* The Overview of a large ledger: the rest sums to 60 times the named
 * bars, which keep the axis and their length; the rest runs off the
 * axis with its value written. */
static void
test_bars_rest_off_axis (void)
{
  MutualChartBar bars[1002] = {
    { 1, (char *) "Acme GmbH", 6000000, 0, -6000000, 0 },
    { 2, (char *) "Lumen Labs", 0, 5000000, 5000000, 0 },
  };
  g_autoptr(MutualChart) chart = NULL;
  g_autoptr(GPtrArray) strings = g_ptr_array_new_with_free_func (g_free);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 600, 300);
  cairo_t *cr = cairo_create (surface);
  MutualChartOptions options;
  cairo_rectangle_t plot;
  double row;

  /* 1,000 relationships of −€3,600 each: −€3.6M together. */
  for (int i = 2; i < 1002; i++)
    bars[i] = (MutualChartBar) { i + 1, (char *) "Small", 360000, 0, -360000, 0 };
  chart = mutual_chart_new_bars (bars, G_N_ELEMENTS (bars), 2, 20250101, 20251231, "EUR");
  mutual_chart_options_init (&options);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  mutual_chart_set_text_hook (collect_text, strings);
  mutual_chart_draw (chart, cr, 600, 300, &options);
  mutual_chart_set_text_hook (NULL, NULL);
  cairo_surface_flush (surface);
  mutual_chart_get_plot_area (chart, 600, 300, &options, &plot);
  row = plot.height / 3;

  /* Each named bar fills a good part of its side of the axis. */
  for (int i = 0; i < 2; i++)
    g_assert_cmpint (inked_pixels (surface, (int) plot.x + 2, (int) (plot.x + plot.width) - 2,
                                   (int) (plot.y + row * i + row / 2)), >, plot.width / 4);
  /* The rest reaches the axis's end; its true value is written. */
  g_assert_cmpint (inked_pixels (surface, (int) plot.x, (int) plot.x + 6,
                                 (int) (plot.y + row * 2 + row / 2)), >=, 4);
  g_assert_true (any_contains (strings, "3.6M") || any_contains (strings, "3,600,000"));
  cairo_destroy (cr);
  cairo_surface_destroy (surface);

  /* Every named bar on the other side of zero: the rest still shows. */
  {
    g_autoptr(MutualChart) one_sided = NULL;
    cairo_surface_t *other = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 600, 300);
    cairo_t *other_cr = cairo_create (other);

    bars[0] = (MutualChartBar) { 1, (char *) "Acme GmbH", 0, 6000000, 6000000, 0 };
    one_sided = mutual_chart_new_bars (bars, G_N_ELEMENTS (bars), 2, 20250101, 20251231, "EUR");
    cairo_set_source_rgb (other_cr, 1, 1, 1);
    cairo_paint (other_cr);
    mutual_chart_draw (one_sided, other_cr, 600, 300, &options);
    cairo_surface_flush (other);
    mutual_chart_get_plot_area (one_sided, 600, 300, &options, &plot);
    g_assert_cmpint (inked_pixels (other, (int) plot.x, (int) plot.x + 20,
                                   (int) (plot.y + row * 2 + row / 2)), >=, 15);
    cairo_destroy (other_cr);
    cairo_surface_destroy (other);
  }
}

static void
test_draw_hide_amounts (void)
{
  g_autoptr(MutualChart) chart = up_then_down ();
  MutualChartBar bars[] = {
    { 1, (char *) "Acme GmbH", 123456, 0, -123456, 0 },
    { 2, (char *) "Lumen Labs", 0, 654321, 654321, 0 },
  };
  g_autoptr(MutualChart) bar_chart = mutual_chart_new_bars (bars, 2, 0, 20250101, 20251231, "EUR");
  g_autoptr(GPtrArray) shown = drawn_strings (chart, FALSE, 600, 340);
  g_autoptr(GPtrArray) hidden = drawn_strings (chart, TRUE, 600, 340);
  g_autoptr(GPtrArray) bars_shown = drawn_strings (bar_chart, FALSE, 600, 340);
  g_autoptr(GPtrArray) bars_hidden = drawn_strings (bar_chart, TRUE, 600, 340);

  /* With amounts: the currency is everywhere. */
  g_assert_true (any_contains (shown, "€"));
  g_assert_true (any_contains (shown, "€1,000"));
  g_assert_true (any_contains (bars_shown, "€6,543.21"));
  g_assert_true (any_contains (bars_shown, "−€1,234.56"));

  /* Hidden: percentages, and no amount anywhere, hover and summary included. */
  for (guint i = 0; i < hidden->len; i++)
    {
      const char *s = g_ptr_array_index (hidden, i);

      g_assert_null (strstr (s, "€"));
      g_assert_null (strstr (s, "1,000"));
      g_assert_null (strstr (s, "2,000"));
      g_assert_null (strstr (s, "3,000"));
    }
  g_assert_true (any_contains (hidden, "%"));
  g_assert_true (any_contains (hidden, "100%"));
  for (guint i = 0; i < bars_hidden->len; i++)
    {
      const char *s = g_ptr_array_index (bars_hidden, i);

      g_assert_null (strstr (s, "€"));
      g_assert_null (strstr (s, "1,234"));
      g_assert_null (strstr (s, "6,543"));
    }
  g_assert_true (any_contains (bars_hidden, "Lumen Labs"));
  g_assert_true (any_contains (bars_hidden, "100%"));
  g_assert_true (any_contains (bars_hidden, "−19%"));
}

static void
test_draw_large_and_small (void)
{
  g_autoptr(GArray) days = random_walk (3000, 20170101);
  g_autoptr(MutualChart) chart = mutual_chart_new_balance_from_days ((MutualDayTotal *) days->data, days->len,
                                                                     NULL, 0, 0, 20251231, "Walk", "EUR");
  const double sizes[][2] = { { 600, 340 }, { 1600, 900 }, { 360, 220 } };

  /* Small, large and phone-sized: the axes keep amounts and years. */
  for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
    {
      g_autoptr(GPtrArray) strings = drawn_strings (chart, FALSE, sizes[s][0], sizes[s][1]);
      guint years = 0;

      for (guint i = 0; i < strings->len; i++)
        {
          const char *text = g_ptr_array_index (strings, i);
          if (strlen (text) == 4 && g_ascii_isdigit (text[0]))
            years++;
        }
      /* A 9-year history names its years on the axis. */
      g_assert_cmpuint (years, >=, 2);
      g_assert_true (any_contains (strings, "€"));
    }
}

static void
test_describe (void)
{
  g_autoptr(MutualChart) chart = up_then_down ();
  g_autofree char *fell = mutual_chart_describe (chart, FALSE);
  g_autofree char *hidden = NULL;
  g_autofree char *rose = NULL;
  g_autofree char *title = mutual_chart_dup_title (chart);

  g_assert_cmpstr (fell, ==, "Acme GmbH: the balance fell from €1,000 to −€2,000 between 1 Jan 2025 and 1 Jul 2025.");
  hidden = mutual_chart_describe (chart, TRUE);
  g_assert_cmpstr (hidden, ==, "Acme GmbH: the balance fell from 33% to −67% between 1 Jan 2025 and 1 Jul 2025.");
  g_assert_cmpstr (title, ==, "Acme GmbH: balance from 1 Jan 2025 to 1 Jul 2025");

  mutual_chart_set_range (chart, 20250101, 20250301);
  rose = mutual_chart_describe (chart, FALSE);
  g_assert_cmpstr (rose, ==, "Acme GmbH: the balance stayed at €1,000 between 1 Jan 2025 and 1 Mar 2025.");
}

static void
test_range_carries_totals (void)
{
  g_autoptr(MutualChart) chart = up_then_down ();
  guint n;
  const MutualChartPoint *p;

  mutual_chart_set_range (chart, 20250501, 20250601);
  p = mutual_chart_get_points (chart, &n);
  g_assert_cmpuint (n, ==, 2);
  g_assert_cmpuint (p[0].date, ==, 20250501);
  g_assert_cmpint (p[0].given_total, ==, 300000);
  g_assert_cmpint (p[0].received_total, ==, 100000);
  g_assert_cmpint (p[0].balance, ==, -200000);
  g_assert_cmpuint (p[1].date, ==, 20250601);
  g_assert_false (mutual_chart_is_empty (chart));

  mutual_chart_set_range (chart, 20240101, 20241231);
  g_assert_true (mutual_chart_is_empty (chart));
}

static void
test_bars_top_n (void)
{
  g_autoptr(GArray) bars = g_array_new (FALSE, TRUE, sizeof (MutualChartBar));
  g_autoptr(MutualChart) chart = NULL;
  char *names[20];
  const MutualChartBar *out;
  guint n;
  gint64 rest = 0;

  for (int i = 0; i < 20; i++)
    {
      MutualChartBar bar = { i + 1, NULL, 0, 0, 0, 0 };

      names[i] = g_strdup_printf ("R%02d", i);
      bar.name = names[i];
      bar.balance = (i % 2 ? -1 : 1) * (gint64) (i + 1) * 1000;
      if (bar.balance < 0)
        bar.given = -bar.balance;
      else
        bar.received = bar.balance;
      g_array_append_val (bars, bar);
      if (i < 15)
        rest += bar.balance;
    }
  chart = mutual_chart_new_bars ((MutualChartBar *) bars->data, bars->len, 5, 20250101, 20251231, "EUR");
  out = mutual_chart_get_bars (chart, &n);
  g_assert_cmpuint (n, ==, 6);
  /* The five largest by size, sorted by balance, then the rest summed. */
  g_assert_cmpstr (out[0].name, ==, "R18");
  g_assert_cmpint (out[0].balance, ==, 19000);
  g_assert_cmpstr (out[1].name, ==, "R16");
  g_assert_cmpstr (out[4].name, ==, "R19");
  g_assert_cmpint (out[4].balance, ==, -20000);
  g_assert_cmpuint (out[5].n_rest, ==, 15);
  g_assert_cmpstr (out[5].name, ==, "15 others");
  g_assert_cmpint (out[5].balance, ==, rest);
  for (int i = 0; i < 20; i++)
    g_free (names[i]);
}

/* The colour of one pixel of an ARGB32 surface is near @c. */
static gboolean
pixel_is (cairo_surface_t  *surface,
          double            x,
          double            y,
          const MutualRgba *c)
{
  const guint8 *data = cairo_image_surface_get_data (surface);
  guint32 px = *(const guint32 *) (data + (int) y * cairo_image_surface_get_stride (surface) + (int) x * 4);
  double r = ((px >> 16) & 0xff) / 255.0, g = ((px >> 8) & 0xff) / 255.0, b = (px & 0xff) / 255.0;

  return fabs (r - c->red) < 0.08 && fabs (g - c->green) < 0.08 && fabs (b - c->blue) < 0.08;
}

/* Exchanges beyond money carry no money: the chart marks their days on
 * the time axis, given and received in rows of their own, only those in
 * the range, with a legend entry. */
/* A chart in a 360 px window: the legend takes the rows it needs,
 * within the chart, above the plot; a wide chart keeps one row. */
static void
test_legend_wraps_when_narrow (LedgerFixture *f,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MutualChart) chart = NULL;
  gint64 id = fixture_add_relationship (f, "Mentor");
  MutualChartOptions options;
  cairo_rectangle_t legend, plot;
  const double widths[] = { 1000, 600, 330, 240 };

  fixture_log (f, id, 20250105, MUTUAL_DIRECTION_GIVEN, MUTUAL_KIND_WORK, 100000);
  fixture_log (f, id, 20250301, MUTUAL_DIRECTION_GIVEN, MUTUAL_KIND_GIFT, 0);
  fixture_log (f, id, 20250601, MUTUAL_DIRECTION_RECEIVED, MUTUAL_KIND_REFERRAL, 0);
  chart = mutual_chart_new_balance (f->ledger, id, 20250101, 20250630, &error);
  g_assert_no_error (error);
  mutual_chart_options_init (&options);

  for (guint i = 0; i < G_N_ELEMENTS (widths); i++)
    {
      guint rows = mutual_chart_get_legend_area (chart, widths[i], 300, &options, &legend);

      mutual_chart_get_plot_area (chart, widths[i], 300, &options, &plot);
      /* Given, Received, Balance and Beyond money. */
      if (widths[i] >= 600)
        g_assert_cmpuint (rows, ==, 1);
      else
        g_assert_cmpuint (rows, >, 1);
      g_assert_cmpfloat (legend.x, >=, 0);
      g_assert_cmpfloat (legend.x + legend.width, <=, widths[i]);
      g_assert_cmpfloat (legend.y + legend.height, <=, plot.y);
    }
}

static void
test_relational_marks (LedgerFixture *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MutualChart) chart = NULL;
  g_autoptr(MutualChart) plain = NULL;
  g_autoptr(GPtrArray) strings = NULL;
  g_autoptr(GPtrArray) plain_strings = NULL;
  gint64 id = fixture_add_relationship (f, "Mentor");
  gint64 other = fixture_add_relationship (f, "Client");
  const MutualChartMark *marks;
  guint n;
  MutualChartOptions options;
  MutualChartPalette palette;
  cairo_rectangle_t plot;
  cairo_surface_t *surface;
  cairo_t *cr;
  double span, advice_x, referral_x, given_y, received_y;

  fixture_log (f, id, 20250105, MUTUAL_DIRECTION_GIVEN, MUTUAL_KIND_WORK, 100000);
  fixture_log (f, id, 20250110, MUTUAL_DIRECTION_RECEIVED, MUTUAL_KIND_ADVICE, 0);
  fixture_log (f, id, 20250301, MUTUAL_DIRECTION_GIVEN, MUTUAL_KIND_GIFT, 0);
  fixture_log (f, id, 20250301, MUTUAL_DIRECTION_GIVEN, MUTUAL_KIND_GIFT, 3000);
  fixture_log (f, id, 20250301, MUTUAL_DIRECTION_RECEIVED, MUTUAL_KIND_PAYMENT, 50000);
  fixture_log (f, id, 20250601, MUTUAL_DIRECTION_RECEIVED, MUTUAL_KIND_REFERRAL, 0);
  fixture_log (f, other, 20250105, MUTUAL_DIRECTION_GIVEN, MUTUAL_KIND_WORK, 100000);
  fixture_log (f, other, 20250601, MUTUAL_DIRECTION_RECEIVED, MUTUAL_KIND_PAYMENT, 100000);

  chart = mutual_chart_new_balance (f->ledger, id, 20250201, 20250630, &error);
  g_assert_no_error (error);
  marks = mutual_chart_get_marks (chart, &n);
  /* The advice of 10 Jan is before the range; the payment is no mark. */
  g_assert_cmpuint (n, ==, 2);
  g_assert_cmpuint (marks[0].date, ==, 20250301);
  g_assert_cmpuint (marks[0].given, ==, 2);
  g_assert_cmpuint (marks[0].received, ==, 0);
  g_assert_cmpuint (marks[1].date, ==, 20250601);
  g_assert_cmpuint (marks[1].received, ==, 1);

  strings = drawn_strings (chart, FALSE, 800, 400);
  g_assert_true (any_contains (strings, "Beyond money"));
  plain = mutual_chart_new_balance (f->ledger, other, 20250201, 20250630, &error);
  g_assert_no_error (error);
  mutual_chart_get_marks (plain, &n);
  g_assert_cmpuint (n, ==, 0);
  plain_strings = drawn_strings (plain, FALSE, 800, 400);
  g_assert_false (any_contains (plain_strings, "Beyond money"));

  /* Drawn where the legend says: given low, received above it. */
  mutual_chart_options_init (&options);
  mutual_chart_palette_init_light (&palette);
  options.palette = &palette;
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 800, 400);
  cr = cairo_create (surface);
  mutual_chart_draw (chart, cr, 800, 400, &options);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  mutual_chart_get_plot_area (chart, 800, 400, &options, &plot);
  span = mutual_date_diff_days (20250630, 20250201);
  advice_x = plot.x + mutual_date_diff_days (20250301, 20250201) / span * plot.width;
  referral_x = plot.x + mutual_date_diff_days (20250601, 20250201) / span * plot.width;
  given_y = plot.y + plot.height - 5;
  received_y = plot.y + plot.height - 13;
  g_assert_true (pixel_is (surface, advice_x, given_y, &palette.given));
  g_assert_false (pixel_is (surface, advice_x, received_y, &palette.received));
  g_assert_true (pixel_is (surface, referral_x, received_y, &palette.received));
  g_assert_false (pixel_is (surface, referral_x, given_y, &palette.given));
  cairo_surface_destroy (surface);
}

/* Checks that the bands of @id's chart up to 2026-03-15 hold exactly the
 * months classified as partnerships at their end, some but not all. */
static void
assert_bands_match_assessment (LedgerFixture *f,
                               gint64         id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MutualChart) chart = NULL;
  guint n_bands;
  const MutualChartBand *bands;
  MutualDate month;
  guint checked = 0, partnership_months = 0;

  chart = mutual_chart_new_balance (f->ledger, id, 0, 20260315, &error);
  g_assert_no_error (error);
  bands = mutual_chart_get_bands (chart, &n_bands);
  g_assert_cmpuint (n_bands, >=, 1);

  for (month = 20230101; month <= 20260301; month = mutual_date_add_days (month, mutual_date_days_in_month (mutual_date_year (month), mutual_date_month (month))))
    {
      int y = mutual_date_year (month), m = mutual_date_month (month);
      MutualDate end = MIN (mutual_date_make (y, m, mutual_date_days_in_month (y, m)), 20260315);
      MutualAssessment a;
      gboolean in_band = FALSE;

      g_assert_true (mutual_ledger_assess (f->ledger, id, end, &a, &error));
      g_assert_no_error (error);
      for (guint i = 0; i < n_bands; i++)
        if (bands[i].start <= month && end <= bands[i].end)
          in_band = TRUE;
      g_assert_cmpint (in_band, ==, a.computed == MUTUAL_CLASS_PARTNERSHIP);
      partnership_months += in_band;
      checked++;
    }
  g_assert_cmpuint (checked, ==, 39);
  /* Some months are partnerships and some are not: the test tells them apart. */
  g_assert_cmpuint (partnership_months, >, 3);
  g_assert_cmpuint (partnership_months, <, checked - 3);
}

/* Bands computed in one pass agree with classifying at each month's end. */
static void
test_bands_match_assessment (LedgerFixture *f,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 id = fixture_add_relationship (f, "Northwind Studio");

  g_assert_true (mutual_ledger_set_currency (f->ledger, "EUR", &error));
  /* Work and payment every month of 2023–2025; relational give and take
   * only from mid-2024; a one-sided stretch in 2025. */
  for (int y = 2023; y <= 2025; y++)
    for (int m = 1; m <= 12; m++)
      {
        MutualDate d = mutual_date_make (y, m, 10);

        fixture_log (f, id, d, MUTUAL_DIRECTION_GIVEN, MUTUAL_KIND_WORK, 200000);
        if (!(y == 2025 && m >= 4 && m <= 9))
          fixture_log (f, id, mutual_date_add_days (d, 5), MUTUAL_DIRECTION_RECEIVED, MUTUAL_KIND_PAYMENT, 200000);
        if (y * 100 + m >= 202406 && m % 3 == 0)
          {
            fixture_log (f, id, d, MUTUAL_DIRECTION_GIVEN, MUTUAL_KIND_ADVICE, 0);
            fixture_log (f, id, d, MUTUAL_DIRECTION_RECEIVED, MUTUAL_KIND_REFERRAL, 50000);
          }
      }
  assert_bands_match_assessment (f, id);
}

/* Without money the bands follow the exchange counts as they slide out
 * of the trailing year: favours both ways, then a year of giving three
 * for every one received, then a paid job nobody answers. */
static void
test_bands_match_assessment_by_exchanges (LedgerFixture *f,
                                          gconstpointer  data)
{
  gint64 id = fixture_add_relationship (f, "Favour swap");

  for (int y = 2023; y <= 2025; y++)
    for (int m = 1; m <= 12; m++)
      {
        MutualDate d = mutual_date_make (y, m, 10);

        fixture_log (f, id, d, MUTUAL_DIRECTION_GIVEN, MUTUAL_KIND_SUPPORT, 0);
        if (y == 2024)
          {
            fixture_log (f, id, d, MUTUAL_DIRECTION_GIVEN, MUTUAL_KIND_ADVICE, 0);
            fixture_log (f, id, d, MUTUAL_DIRECTION_GIVEN, MUTUAL_KIND_ADVICE, 0);
          }
        if (y != 2024 || m % 3 == 0)
          fixture_log (f, id, mutual_date_add_days (d, 3), MUTUAL_DIRECTION_RECEIVED, MUTUAL_KIND_FEEDBACK, 0);
      }
  fixture_log (f, id, 20251120, MUTUAL_DIRECTION_GIVEN, MUTUAL_KIND_WORK, 100000);
  assert_bands_match_assessment (f, id);
}

/* Opening a relationship reads its exchanges once for the chart and the
 * assessment: both must be what the two separate calls give, for every
 * date, with several exchanges a day, minutes or none, and exchanges
 * dated after the day asked about. */
static void
test_relationship_chart_and_assessment (LedgerFixture *f,
                                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  g_autoptr(MutualRelationship) rel = NULL;
  gint64 id = fixture_add_relationship (f, "Contoso");
  const MutualDate as_ofs[] = { 20230105, 20240229, 20240701, 20250615, 20251231, 20270101 };

  g_assert_true (mutual_ledger_set_currency (f->ledger, "EUR", &error));
  for (int i = 0; i < 600; i++)
    {
      g_autoptr(MutualExchange) exchange = mutual_exchange_new ();

      exchange->relationship_id = id;
      /* Weekly, so that many share a date, direction and kind. */
      exchange->date = mutual_date_add_days (20230101, 7 * g_rand_int_range (rand, 0, 3 * 52));
      exchange->direction = g_rand_boolean (rand) ? MUTUAL_DIRECTION_GIVEN : MUTUAL_DIRECTION_RECEIVED;
      exchange->kind = (MutualKind) g_rand_int_range (rand, 0, MUTUAL_N_KINDS);
      exchange->value = g_rand_int_range (rand, 0, 4) == 0 ? 0 : g_rand_int_range (rand, 1, 500000);
      exchange->minutes = g_rand_int_range (rand, 0, 3) == 0 ? -1 : g_rand_int_range (rand, 0, 600);
      g_assert_true (mutual_ledger_add_exchange (f->ledger, exchange, &error));
      g_assert_no_error (error);
    }
  rel = mutual_ledger_get_relationship (f->ledger, id, &error);
  rel->override = MUTUAL_CLASS_TRANSACTIONAL;
  g_assert_true (mutual_ledger_update_relationship (f->ledger, rel, &error));

  for (guint i = 0; i < G_N_ELEMENTS (as_ofs); i++)
    {
      g_autoptr(MutualChart) one = NULL;
      g_autoptr(MutualChart) chart = NULL;
      MutualAssessment got, want;
      const MutualChartPoint *points, *want_points;
      const MutualChartBand *bands, *want_bands;
      guint n, want_n;

      g_assert_true (mutual_ledger_assess (f->ledger, id, as_ofs[i], &want, &error));
      one = mutual_chart_new_relationship (f->ledger, id, as_ofs[i], &got, &error);
      g_assert_no_error (error);
      chart = mutual_chart_new_balance (f->ledger, id, 0, as_ofs[i], &error);
      g_assert_no_error (error);

      g_assert_cmpint (got.relationship_id, ==, want.relationship_id);
      g_assert_cmpint (got.as_of, ==, want.as_of);
      g_assert_cmpuint (got.n_exchanges, ==, want.n_exchanges);
      g_assert_cmpint (got.first, ==, want.first);
      g_assert_cmpint (got.last, ==, want.last);
      g_assert_cmpuint (got.distinct_months, ==, want.distinct_months);
      g_assert_cmpint (got.span_days, ==, want.span_days);
      g_assert_cmpmem (got.relational_given, sizeof got.relational_given,
                       want.relational_given, sizeof want.relational_given);
      g_assert_cmpmem (got.relational_received, sizeof got.relational_received,
                       want.relational_received, sizeof want.relational_received);
      g_assert_cmpint (got.given, ==, want.given);
      g_assert_cmpint (got.received, ==, want.received);
      g_assert_cmpint (got.year_given, ==, want.year_given);
      g_assert_cmpint (got.year_received, ==, want.year_received);
      g_assert_cmpint (got.half_given, ==, want.half_given);
      g_assert_cmpint (got.half_received, ==, want.half_received);
      g_assert_cmpint (got.minutes_given, ==, want.minutes_given);
      g_assert_cmpint (got.minutes_received, ==, want.minutes_received);
      g_assert_cmpint (got.ongoing, ==, want.ongoing);
      g_assert_cmpint (got.beyond_money, ==, want.beyond_money);
      g_assert_cmpint (got.two_way, ==, want.two_way);
      g_assert_cmpint (got.computed, ==, want.computed);
      g_assert_cmpint (got.override, ==, want.override);
      g_assert_cmpint (got.klass, ==, want.klass);
      g_assert_cmpint (got.flags, ==, want.flags);

      points = mutual_chart_get_points (one, &n);
      want_points = mutual_chart_get_points (chart, &want_n);
      g_assert_cmpmem (points, n * sizeof *points, want_points, want_n * sizeof *want_points);
      bands = mutual_chart_get_bands (one, &n);
      want_bands = mutual_chart_get_bands (chart, &want_n);
      g_assert_cmpmem (bands, n * sizeof *bands, want_bands, want_n * sizeof *want_bands);
    }
  /* The dates asked about fall before, inside and after the history. */
  {
    MutualAssessment a;
    g_autoptr(MutualChart) chart = mutual_chart_new_relationship (f->ledger, id, 20230105, &a, &error);

    g_assert_cmpuint (a.n_exchanges, <, 600);
  }
}

/* Exports, read back with real readers */

typedef struct
{
  int   status;
  char *out;
  char *err;
} Run;

static void
run_clear (Run *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

static Run
run_argv (const char * const *argv)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) envp = g_get_environ ();
  Run run = { 0 };
  int wait_status;

  envp = g_environ_unsetenv (envp, "MUTUAL_LEDGER");
  envp = g_environ_unsetenv (envp, "DISPLAY");
  envp = g_environ_unsetenv (envp, "WAYLAND_DISPLAY");
  g_spawn_sync (NULL, (char **) argv, envp, G_SPAWN_SEARCH_PATH, NULL, NULL,
                &run.out, &run.err, &wait_status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (wait_status));
  run.status = WEXITSTATUS (wait_status);
  return run;
}

#define RUN(...) run_argv ((const char * const[]) { __VA_ARGS__, NULL })

typedef struct
{
  char *dir;
  char *opt;
} ExportFixture;

static char *demo_dir;

static void
export_set_up (ExportFixture *f,
               gconstpointer  data)
{
  f->dir = g_dir_make_tmp ("mutual-chart-XXXXXX", NULL);
  f->opt = g_strdup_printf ("--ledger=%s/demo.db", demo_dir);
}

static void
export_tear_down (ExportFixture *f,
                  gconstpointer  data)
{
  remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->opt);
}

static const char *
binary (void)
{
  const char *path = g_getenv ("MUTUAL_BINARY");

  g_assert_nonnull (path);
  return path;
}

static void
png_size (const char *path,
          guint32    *width,
          guint32    *height)
{
  g_autofree char *data = NULL;
  gsize length;
  static const guint8 signature[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };

  g_assert_true (g_file_get_contents (path, &data, &length, NULL));
  g_assert_cmpuint (length, >, 33);
  g_assert_cmpmem (data, 8, signature, 8);
  g_assert_cmpmem (data + 12, 4, "IHDR", 4);
  *width = GUINT32_FROM_BE (*(guint32 *) (data + 16));
  *height = GUINT32_FROM_BE (*(guint32 *) (data + 20));
}

static guint
dir_entries (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  guint n = 0;

  while (dir && g_dir_read_name (dir))
    n++;
  return n;
}

static void
test_export_png (ExportFixture *f,
                 gconstpointer  data)
{
  g_autofree char *out = g_build_filename (f->dir, "northwind.png", NULL);
  g_autofree char *out2 = g_build_filename (f->dir, "portfolio@2x.PNG", NULL);
  g_autofree char *output = g_strconcat ("--output=", out, NULL);
  g_autofree char *output2 = g_strconcat ("--output=", out2, NULL);
  g_auto(Run) a = RUN (binary (), f->opt, "chart", "Northwind Studio", output, "--width=640", "--height=360");
  g_auto(Run) b = RUN (binary (), f->opt, "chart", "--all", output2, "--width=600", "--height=340", "--scale=2");
  guint32 w, h;

  g_assert_cmpstr (a.err, ==, "");
  g_assert_cmpint (a.status, ==, 0);
  png_size (out, &w, &h);
  g_assert_cmpuint (w, ==, 640);
  g_assert_cmpuint (h, ==, 360);

  g_assert_cmpint (b.status, ==, 0);
  png_size (out2, &w, &h);
  g_assert_cmpuint (w, ==, 1200);
  g_assert_cmpuint (h, ==, 680);

  /* libpng (through cairo) reads it back: opaque white corners, colour inside. */
  {
    cairo_surface_t *image = cairo_image_surface_create_from_png (out);
    gboolean coloured = FALSE;

    g_assert_cmpint (cairo_surface_status (image), ==, CAIRO_STATUS_SUCCESS);
    g_assert_cmpint (cairo_image_surface_get_width (image), ==, 640);
    g_assert_cmpint (cairo_image_surface_get_height (image), ==, 360);
    g_assert_cmpint (pixel_at (image, 0, 0).r, ==, 255);
    g_assert_cmpint (pixel_at (image, 639, 359).b, ==, 255);
    for (int y = 0; y < 360 && !coloured; y++)
      for (int x = 0; x < 640 && !coloured; x++)
        {
          Pixel p = pixel_at (image, x, y);
          /* the orange of the given line */
          coloured = p.r > 200 && p.g < 140 && p.b < 60;
        }
    g_assert_true (coloured);
    cairo_surface_destroy (image);
  }
  g_assert_cmpuint (dir_entries (f->dir), ==, 2);   /* no temporary left */
}

static void
test_export_svg (ExportFixture *f,
                 gconstpointer  data)
{
  g_autofree char *out = g_build_filename (f->dir, "bars.svg", NULL);
  g_autofree char *png = g_build_filename (f->dir, "bars-rendered.png", NULL);
  g_autofree char *output = g_strconcat ("--output=", out, NULL);
  g_autofree char *svg = NULL;
  g_auto(Run) a = RUN (binary (), f->opt, "chart", "--all", "--by-relationship", output, "--width=800", "--height=450");
  g_auto(Run) r = { 0 };
  guint32 w, h;

  g_assert_cmpstr (a.err, ==, "");
  g_assert_cmpint (a.status, ==, 0);
  r = RUN ("rsvg-convert", "--format=png", "-o", png, out);
  g_assert_cmpstr (r.err, ==, "");
  g_assert_cmpint (r.status, ==, 0);
  png_size (png, &w, &h);
  g_assert_cmpuint (w, ==, 800);
  g_assert_cmpuint (h, ==, 450);

  g_assert_true (g_file_get_contents (out, &svg, NULL, NULL));
  g_assert_nonnull (strstr (svg, "<title>Balance by relationship from "));
  g_assert_nonnull (strstr (svg, "<desc>Balance by relationship from "));
  g_assert_nonnull (strstr (svg, "€"));
}

static char *
pdf_info (const char *path)
{
  g_auto(Run) r = RUN ("pdfinfo", path);

  g_assert_cmpint (r.status, ==, 0);
  return g_steal_pointer (&r.out);
}

/* The value of one "Field:   value" line of pdfinfo. */
static char *
info_field (const char *info,
            const char *field)
{
  g_auto(GStrv) lines = g_strsplit (info, "\n", -1);

  for (guint i = 0; lines[i]; i++)
    if (g_str_has_prefix (lines[i], field) && lines[i][strlen (field)] == ':')
      return g_strstrip (g_strdup (lines[i] + strlen (field) + 1));
  return NULL;
}

static char *
pdf_text (const char *path)
{
  g_auto(Run) r = RUN ("pdftotext", "-layout", path, "-");

  g_assert_cmpint (r.status, ==, 0);
  return g_steal_pointer (&r.out);
}

static void
test_export_pdf (ExportFixture *f,
                 gconstpointer  data)
{
  g_autofree char *out = g_build_filename (f->dir, "lumen.pdf", NULL);
  g_autofree char *hidden = g_build_filename (f->dir, "hidden.pdf", NULL);
  g_autofree char *output = g_strconcat ("--output=", out, NULL);
  g_autofree char *output2 = g_strconcat ("--output=", hidden, NULL);
  g_auto(Run) a = RUN (binary (), f->opt, "chart", "lumen labs", output,
                       "--from=2025-01-01", "--to=2025-12-31");
  g_auto(Run) b = RUN (binary (), f->opt, "chart", "lumen labs", output2,
                       "--from=2025-01-01", "--to=2025-12-31", "--hide-amounts");
  g_autofree char *info = NULL;
  g_autofree char *text = NULL;
  g_autofree char *hidden_text = NULL;

  g_assert_cmpstr (a.err, ==, "");
  g_assert_cmpint (a.status, ==, 0);
  info = pdf_info (out);
  {
    g_autofree char *pages = info_field (info, "Pages");
    g_autofree char *title = info_field (info, "Title");
    g_autofree char *size = info_field (info, "Page size");

    g_assert_cmpstr (pages, ==, "1");
    g_assert_cmpstr (title, ==, "Lumen Labs: balance from 1 Jan 2025 to 31 Dec 2025");
    g_assert_cmpstr (size, ==, "1200 x 675 pts");
  }
  text = pdf_text (out);
  g_assert_nonnull (strstr (text, "Lumen Labs: balance from 1 Jan 2025 to 31 Dec 2025"));
  g_assert_nonnull (strstr (text, "Amounts in EUR"));
  g_assert_nonnull (strstr (text, "€"));
  g_assert_nonnull (strstr (text, "Partnership"));

  g_assert_cmpint (b.status, ==, 0);
  hidden_text = pdf_text (hidden);
  g_assert_nonnull (strstr (hidden_text, "Lumen Labs"));
  g_assert_nonnull (strstr (hidden_text, "EUR"));
  g_assert_nonnull (strstr (hidden_text, "%"));
  g_assert_null (strstr (hidden_text, "€"));
}

static void
test_export_refusals (ExportFixture *f,
                      gconstpointer  data)
{
  g_autofree char *existing = g_build_filename (f->dir, "keep.png", NULL);
  g_autofree char *keep_opt = g_strconcat ("--output=", existing, NULL);
  g_autofree char *gif = g_strdup_printf ("--output=%s/chart.gif", f->dir);
  g_autofree char *png = g_strdup_printf ("--output=%s/chart.png", f->dir);
  g_autofree char *missing_dir = g_strdup_printf ("--output=%s/no/such/folder/chart.png", f->dir);
  g_autofree char *after = NULL;
  const char *const cases[][5] = {
    { "chart", "--all", gif, NULL },
    { "chart", "--all", png, "--width=99", NULL },
    { "chart", "--all", png, "--height=huge", NULL },
    { "chart", "--all", png, "--from=2025-02-30", NULL },
    { "chart", "--all", png, "--from=2025-06-01", "--to=2025-01-01" },
    { "chart", "Nobody", png, NULL },
    { "chart", "--all", missing_dir, NULL },
    { "report", "--all", png, NULL },
  };

  g_assert_true (g_file_set_contents (existing, "precious", -1, NULL));
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const char *argv[8] = { binary (), f->opt };
      g_auto(Run) r = { 0 };

      for (guint j = 0; j < 5 && cases[i][j]; j++)
        argv[2 + j] = cases[i][j];
      r = run_argv (argv);
      g_assert_cmpint (r.status, ==, 2);
      /* One sentence on one line. */
      g_assert_true (g_str_has_prefix (r.err, "mutual: "));
      g_assert_true (g_str_has_suffix (r.err, ".\n"));
      g_assert_true (strchr (r.err, '\n') == r.err + strlen (r.err) - 1);
    }
  /* Usage errors: exit 1. */
  {
    g_auto(Run) r = RUN (binary (), f->opt, "chart", "--all");
    g_auto(Run) s = RUN (binary (), f->opt, "chart", png);
    g_auto(Run) t = RUN (binary (), f->opt, "report");

    g_assert_cmpint (r.status, ==, 1);
    g_assert_cmpint (s.status, ==, 1);
    g_assert_cmpint (t.status, ==, 1);
  }
  /* Nothing written, nothing left half-written, the old file untouched. */
  g_assert_cmpuint (dir_entries (f->dir), ==, 1);
  g_assert_true (g_file_get_contents (existing, &after, NULL, NULL));
  g_assert_cmpstr (after, ==, "precious");

  {
    g_auto(Run) r = RUN (binary (), f->opt, "chart", "--all", keep_opt, "--width=300", "--height=200");
    guint32 w, h;

    g_assert_cmpint (r.status, ==, 0);
    png_size (existing, &w, &h);
    g_assert_cmpuint (w, ==, 300);
    g_assert_cmpuint (dir_entries (f->dir), ==, 1);
  }
}

static void
test_report (ExportFixture *f,
             gconstpointer  data)
{
  g_autofree char *out = g_build_filename (f->dir, "review.pdf", NULL);
  g_autofree char *output = g_strconcat ("--output=", out, NULL);
  g_auto(Run) a = RUN (binary (), f->opt, "report", "--all", output);
  g_auto(Run) c = RUN (binary (), f->opt, "classify");
  g_autofree char *today = mutual_chart_format_date (mutual_date_today ());
  g_autofree char *expect_title = g_strdup_printf ("Mutual review report, %s", today);
  g_autofree char *info = NULL;
  g_autofree char *text = NULL;
  g_auto(GStrv) pages = NULL;
  g_auto(GStrv) lines = NULL;
  guint n_relationships = 0;
  const char *last_one_sided = NULL;
  const char *first_other = NULL;
  guint flags_column = 0;

  g_assert_cmpstr (a.err, ==, "");
  g_assert_cmpint (a.status, ==, 0);
  g_assert_cmpint (c.status, ==, 0);

  info = pdf_info (out);
  text = pdf_text (out);
  pages = g_strsplit (text, "\f", -1);
  lines = g_strsplit (c.out, "\n", -1);
  {
    g_auto(GStrv) header = g_strsplit (lines[0], "\t", -1);

    for (guint i = 0; header[i]; i++)
      if (g_str_equal (header[i], "flags"))
        flags_column = i;
    g_assert_cmpuint (flags_column, >, 1);
  }
  /* One summary page, then one page per relationship, each named. */
  for (guint i = 1; lines[i] && *lines[i]; i++)
    {
      g_auto(GStrv) cells = g_strsplit (lines[i], "\t", -1);
      gboolean found = FALSE;

      n_relationships++;
      for (guint p = 1; pages[p]; p++)
        if (strstr (pages[p], cells[1]) && strstr (pages[p], "Why “"))
          found = TRUE;
      g_assert_true (found);
      g_assert_nonnull (strstr (pages[0], cells[1]));
      {
        const char *at = strstr (pages[0], cells[1]);

        if (strstr (cells[flags_column], "one-sided"))
          last_one_sided = MAX (last_one_sided, at);
        else
          first_other = first_other ? MIN (first_other, at) : at;
      }
    }
  g_assert_cmpuint (n_relationships, ==, 12);
  {
    g_autofree char *n_pages = info_field (info, "Pages");
    g_autofree char *title = info_field (info, "Title");
    g_autofree char *size = info_field (info, "Page size");

    g_assert_cmpint (atoi (n_pages), ==, n_relationships + 1);
    g_assert_cmpstr (title, ==, expect_title);
    g_assert_true (g_str_has_prefix (size, "595.28 x 841.89 pts"));
  }
  g_assert_nonnull (strstr (pages[0], "Review report"));
  g_assert_nonnull (strstr (pages[0], "amounts in EUR"));
  g_assert_nonnull (strstr (pages[0], "Reciprocity"));
  /* One-sided relationships come first. */
  g_assert_nonnull (last_one_sided);
  g_assert_nonnull (first_other);
  g_assert_true (last_one_sided < first_other);
  g_assert_nonnull (strstr (text, "Ongoing"));
  g_assert_nonnull (strstr (text, "Two-way"));
  g_assert_nonnull (strstr (text, "Reciprocity, last 12 months"));
  /* Reciprocity as a percentage and time as the window shows them. */
  {
    g_autoptr(GRegex) percent = g_regex_new ("Reciprocity, last 12 months.*\\n.*\\b\\d{1,3}%", 0, 0, NULL);
    g_autoptr(GRegex) hours = g_regex_new ("\\b\\d+ h( \\d+ min)?\\b", 0, 0, NULL);
    g_autoptr(GRegex) fraction = g_regex_new ("\\b0\\.\\d\\d\\b", 0, 0, NULL);

    g_assert_true (g_regex_match (percent, text, 0, NULL));
    g_assert_true (g_regex_match (hours, text, 0, NULL));
    g_assert_false (g_regex_match (fraction, pages[0], 0, NULL));
  }
}

/* The round amounts under a bar chart drawn @width wide: how many, the
 * widest and the room between two. */
static guint
bars_tick_labels (MutualChart *chart,
                  double       width,
                  double      *widest,
                  double      *room)
{
  g_autoptr(GPtrArray) strings = drawn_strings (chart, FALSE, width, 220);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1, 1);
  cairo_t *cr = cairo_create (surface);
  PangoLayout *layout = pango_cairo_create_layout (cr);
  PangoFontDescription *small = pango_font_description_from_string ("Sans 9");
  MutualChartOptions options;
  cairo_rectangle_t plot;
  guint n = 0;

  mutual_chart_options_init (&options);
  options.title = "Title";
  options.footer = "Footer";
  mutual_chart_get_plot_area (chart, width, 220, &options, &plot);
  pango_layout_set_font_description (layout, small);
  *widest = 0;
  for (guint i = 0; i < strings->len; i++)
    {
      const char *text = g_ptr_array_index (strings, i);
      int w;

      /* Tick labels: round amounts, not the bars' own values. */
      if (!g_regex_match_simple ("^(−)?€[0-9,]+$", text, 0, 0)
          || g_str_equal (text, "€2,297,420") || g_str_equal (text, "−€36,019,957"))
        continue;
      pango_layout_set_text (layout, text, -1);
      pango_layout_get_pixel_size (layout, &w, NULL);
      *widest = MAX (*widest, w);
      n++;
    }
  /* The ticks span the plot; n labels share it. */
  *room = n > 1 ? plot.width / (n - 1) : plot.width;
  pango_font_description_free (small);
  g_object_unref (layout);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
  return n;
}

/* The amounts under a bar chart each have their room: the rounding of
 * the ticks once put four of "−€40,000,000" in 280 px. Narrower still,
 * only zero keeps its label. */
static void
test_bars_ticks_fit (void)
{
  MutualChartBar bars[] = {
    { 1, (char *) "Big", 3601995700, 0, -3601995700, 0 },
    { 2, (char *) "Small", 0, 229742000, 229742000, 0 },
  };
  g_autoptr(MutualChart) chart = mutual_chart_new_bars (bars, 2, 0, 20250101, 20251231, "EUR");
  double widest, room;
  guint n;

  n = bars_tick_labels (chart, 600, &widest, &room);
  g_assert_cmpuint (n, >=, 2);
  g_assert_cmpfloat (room, >=, widest);

  n = bars_tick_labels (chart, 420, &widest, &room);
  g_assert_cmpuint (n, ==, 1);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/chart/ticks/round-values", test_ticks_round_values);
  g_test_add_func ("/chart/ticks/dates-on-boundaries", test_ticks_dates);
  g_test_add_func ("/chart/ticks/bars-labels-fit", test_bars_ticks_fit);
  g_test_add_func ("/chart/reduce/keeps-extremes", test_reduce_keeps_extremes);
  g_test_add_func ("/chart/draw/colours-by-side-of-zero", test_draw_colours_by_side);
  g_test_add_func ("/chart/draw/hide-amounts-leaves-no-amount", test_draw_hide_amounts);
  g_test_add_func ("/chart/draw/dark-palette", test_draw_dark_palette);
  g_test_add_func ("/chart/hover/day-under-pointer", test_hover);
  g_test_add_func ("/chart/draw/sizes", test_draw_large_and_small);
  g_test_add_func ("/chart/png/round-trip", test_png_round_trip);
  g_test_add_func ("/chart/describe/sentence", test_describe);
  g_test_add_func ("/chart/range/carries-totals", test_range_carries_totals);
  g_test_add_func ("/chart/bars/top-n-and-rest", test_bars_top_n);
  g_test_add_func ("/chart/bars/rest-off-axis", test_bars_rest_off_axis);
  g_test_add ("/chart/bands/match-assessment", LedgerFixture, NULL,
              ledger_fixture_set_up, test_bands_match_assessment, ledger_fixture_tear_down);
  g_test_add ("/chart/legend/wraps-when-narrow", LedgerFixture, NULL,
              ledger_fixture_set_up, test_legend_wraps_when_narrow, ledger_fixture_tear_down);
  g_test_add ("/chart/relational-marks", LedgerFixture, NULL,
              ledger_fixture_set_up, test_relational_marks, ledger_fixture_tear_down);
  g_test_add ("/chart/bands/match-assessment-by-exchanges", LedgerFixture, NULL,
              ledger_fixture_set_up, test_bands_match_assessment_by_exchanges, ledger_fixture_tear_down);
  g_test_add ("/chart/relationship/chart-and-assessment-in-one-read", LedgerFixture, NULL,
              ledger_fixture_set_up, test_relationship_chart_and_assessment, ledger_fixture_tear_down);
  g_test_add ("/chart/export/png", ExportFixture, NULL, export_set_up, test_export_png, export_tear_down);
  g_test_add ("/chart/export/svg", ExportFixture, NULL, export_set_up, test_export_svg, export_tear_down);
  g_test_add ("/chart/export/pdf", ExportFixture, NULL, export_set_up, test_export_pdf, export_tear_down);
  g_test_add ("/chart/export/refusals", ExportFixture, NULL, export_set_up, test_export_refusals, export_tear_down);
  g_test_add ("/chart/report/pages", ExportFixture, NULL, export_set_up, test_report, export_tear_down);

  /* One demo ledger for the export tests, made by the real binary. */
  demo_dir = g_dir_make_tmp ("mutual-chart-demo-XXXXXX", &error);
  g_assert_no_error (error);
  {
    g_autofree char *opt = g_strdup_printf ("--ledger=%s/demo.db", demo_dir);
    g_auto(Run) r = RUN (binary (), opt, "demo");

    g_assert_cmpint (r.status, ==, 0);
  }

  status = g_test_run ();
  remove_tree (demo_dir);
  g_free (demo_dir);
  return status;
}
