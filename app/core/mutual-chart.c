/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mutual-chart"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <string.h>

#include "mutual-chart-private.h"
#include "mutual-money.h"

/* The test hook that sees every text drawn. */
static MutualChartTextFunc text_hook;
static gpointer text_hook_data;

void
mutual_chart_set_text_hook (MutualChartTextFunc func,
                            gpointer            user_data)
{
  text_hook = func;
  text_hook_data = user_data;
}

void
mutual_chart_emit_text (const char *text)
{
  if (text_hook)
    text_hook (text, text_hook_data);
}

/* Everything where: computed the same way for drawing and hit-testing. */
#define MAX_LEGEND_ITEMS 5

typedef struct
{
  MutualChart              *chart;
  const MutualChartOptions *options;
  MutualChartPalette        palette;
  PangoContext             *pango;
  PangoFontDescription     *font;
  PangoFontDescription     *small;
  PangoFontDescription     *title_font;
  double                    s;            /* scale */
  double                    width;
  double                    height;
  double                    pad;

  double                    title_y;
  double                    subtitle_y;
  double                    legend_y;
  guint                     legend_rows; /* more than one on a narrow chart */
  double                    legend_widths[MAX_LEGEND_ITEMS]; /* its labels', once */
  gboolean                  legend_measured;
  double                    footer_y;
  cairo_rectangle_t         plot;

  /* The value axis, in display units (minor units, or percent). */
  double                    lo;
  double                    hi;
  double                    tick_first;
  double                    tick_step;
  int                       n_ticks;
  gboolean                  zero_label_only; /* the others have no room */
  gboolean                  rest_clipped; /* the rest bar is past the axis */
  double                    largest;      /* for percentages */

  /* Balance: date axis */
  GArray                   *date_ticks;
  const char               *date_format;
  gint32                    from_days;
  gint32                    span_days;

  /* Bars */
  double                    name_width;
  double                    row_height;
} Layout;

static void
layout_clear (Layout *l)
{
  g_clear_pointer (&l->font, pango_font_description_free);
  g_clear_pointer (&l->small, pango_font_description_free);
  g_clear_pointer (&l->title_font, pango_font_description_free);
  g_clear_pointer (&l->date_ticks, g_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Layout, layout_clear)

static PangoContext *
chart_pango (MutualChart *chart)
{
  if (chart->pango == NULL)
    {
      cairo_font_options_t *fo = cairo_font_options_create ();

      chart->pango = pango_font_map_create_context (pango_cairo_font_map_get_default ());
      /* Same metrics on every surface, so hit-tests match what was drawn. */
      cairo_font_options_set_hint_metrics (fo, CAIRO_HINT_METRICS_OFF);
      pango_cairo_context_set_font_options (chart->pango, fo);
      pango_context_set_round_glyph_positions (chart->pango, FALSE);
      cairo_font_options_destroy (fo);
    }
  return chart->pango;
}

static PangoLayout *
make_text (Layout                     *l,
           const PangoFontDescription *font,
           const char                 *text)
{
  PangoLayout *layout = pango_layout_new (l->pango);

  pango_layout_set_font_description (layout, font);
  pango_layout_set_text (layout, text, -1);
  return layout;
}

static void
text_size (Layout                     *l,
           const PangoFontDescription *font,
           const char                 *text,
           double                     *w,
           double                     *h)
{
  g_autoptr(PangoLayout) layout = make_text (l, font, text);
  int pw, ph;

  pango_layout_get_size (layout, &pw, &ph);
  if (w)
    *w = (double) pw / PANGO_SCALE;
  if (h)
    *h = (double) ph / PANGO_SCALE;
}

static double
line_height (Layout                     *l,
             const PangoFontDescription *font)
{
  double h;

  text_size (l, font, "Mg", NULL, &h);
  return h;
}

typedef enum
{
  ALIGN_START,
  ALIGN_CENTER,
  ALIGN_END,
} Align;

/* Draws @text with its top at @y, aligned at @x; at most @max_width wide
 * (ellipsized) when that is > 0. Returns the width drawn. */
static double
draw_text (Layout                     *l,
           cairo_t                    *cr,
           const PangoFontDescription *font,
           const MutualRgba           *color,
           const char                 *text,
           double                      x,
           double                      y,
           Align                       align,
           double                      max_width)
{
  g_autoptr(PangoLayout) layout = make_text (l, font, text);
  int pw, ph;
  double w;

  mutual_chart_emit_text (text);
  if (max_width > 0)
    {
      pango_layout_set_width (layout, (int) (max_width * PANGO_SCALE));
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
    }
  pango_layout_get_size (layout, &pw, &ph);
  w = (double) pw / PANGO_SCALE;
  if (max_width > 0)
    {
      PangoRectangle ink, logical;

      pango_layout_get_pixel_extents (layout, &ink, &logical);
      w = MIN (w, logical.width);
    }
  if (align == ALIGN_CENTER)
    x -= w / 2;
  else if (align == ALIGN_END)
    x -= w;

  cairo_set_source_rgba (cr, color->red, color->green, color->blue, color->alpha);
  cairo_move_to (cr, x, y);
  pango_cairo_show_layout (cr, layout);
  return w;
}

static void
set_color (cairo_t          *cr,
           const MutualRgba *c,
           double            alpha)
{
  cairo_set_source_rgba (cr, c->red, c->green, c->blue, c->alpha * alpha);
}

/* Pixel-aligned coordinate for a 1-unit line. */
static double
crisp (double v)
{
  return floor (v) + 0.5;
}

static double
display (const Layout *l,
         gint64        v)
{
  if (l->options->hide_amounts)
    return l->largest > 0 ? 100.0 * (double) v / l->largest : 0;
  return (double) v;
}

static char *
tick_label (const Layout *l,
            double        v)
{
  if (l->options->hide_amounts)
    return mutual_chart_format_percent (v);
  return mutual_money_format ((gint64) llround (v), l->chart->currency,
                              MUTUAL_MONEY_FORMAT_SYMBOL | MUTUAL_MONEY_FORMAT_SHORT);
}

static double
value_y (const Layout *l,
         double        v)
{
  double range = l->hi - l->lo;

  return l->plot.y + l->plot.height - (v - l->lo) / (range > 0 ? range : 1) * l->plot.height;
}

static double
value_x (const Layout *l,
         double        v)
{
  double range = l->hi - l->lo;

  return l->plot.x + (v - l->lo) / (range > 0 ? range : 1) * l->plot.width;
}

static double
date_x (const Layout *l,
        MutualDate    date)
{
  return l->plot.x + (double) (mutual_date_to_days (date) - l->from_days)
                     / MAX (1, l->span_days) * l->plot.width;
}

typedef struct
{
  const char       *label;
  const MutualRgba *color;
  gboolean          area;
  gboolean          mark;
} LegendItem;

#define LEGEND_ROW_GAP 4

static guint legend_layout (Layout  *l,
                            cairo_t *cr,
                            double   x0,
                            double  *right_edge);
static double legend_start (Layout *l);

/* The legend's height in @rows rows. */
static double
legend_height (Layout *l,
               guint   rows)
{
  return rows * line_height (l, l->font) + (rows - 1) * LEGEND_ROW_GAP * l->s;
}

static guint
legend_items (const Layout *l,
              LegendItem    items[MAX_LEGEND_ITEMS])
{
  guint n = 0;

  if (l->chart->kind == MUTUAL_CHART_BALANCE)
    {
      items[n++] = (LegendItem) { _("Given"), &l->palette.given, FALSE };
      items[n++] = (LegendItem) { _("Received"), &l->palette.received, FALSE };
      items[n++] = (LegendItem) { _("Balance"), &l->palette.positive, FALSE };
      if (l->options->show_bands && l->chart->bands->len > 0)
        items[n++] = (LegendItem) { _("Partnership"), &l->palette.partnership, TRUE };
      if (l->chart->marks->len > 0)
        /* TRANSLATORS: legend of the markers of advice, referrals, gifts… */
        items[n++] = (LegendItem) { _("Beyond money"), &l->palette.foreground, FALSE, TRUE };
    }
  else
    {
      items[n++] = (LegendItem) { _("They gave more"), &l->palette.positive, TRUE };
      items[n++] = (LegendItem) { _("You gave more"), &l->palette.negative, TRUE };
    }
  return n;
}

static void
layout_value_axis (Layout *l,
                   double  lo,
                   double  hi,
                   double  length,
                   double  spacing)
{
  int target = (int) CLAMP (length / spacing, 2, 8);
  double min_step = l->options->hide_amounts ? 1 : 1;

  l->tick_step = mutual_chart_nice_ticks (lo, hi, target, min_step,
                                          &l->tick_first, &l->n_ticks);
  l->lo = l->tick_first;
  l->hi = l->tick_first + (l->n_ticks - 1) * l->tick_step;
}

/* The next round step after @step: 1 → 2 → 5 → 10 × 10^k. */
static double
next_round_step (double step)
{
  double magnitude = pow (10, floor (log10 (step)));
  double f = step / magnitude;

  return (f < 1.5 ? 2 : f < 3.5 ? 5 : 10) * magnitude;
}

/* The widest label of the value ticks laid out. */
static double
widest_tick_label (Layout *l)
{
  double widest = 0;

  for (int i = 0; i < l->n_ticks; i++)
    {
      g_autofree char *label = tick_label (l, l->tick_first + i * l->tick_step);
      double w;

      text_size (l, l->small, label, &w, NULL);
      widest = MAX (widest, w);
    }
  return widest;
}

/* A horizontal axis: the rounding of the ticks can place more of them
 * than @length has room for, and wide amounts ("−€40,000,000") then
 * run into each other. Coarser steps while that lowers their number;
 * when even the fewest do not fit, only zero keeps its label. */
static void
layout_horizontal_value_axis (Layout *l,
                              double  lo,
                              double  hi,
                              double  length)
{
  double gap = 12 * l->s;

  layout_value_axis (l, lo, hi, length, 110 * l->s);
  while (l->n_ticks > 2 && length / (l->n_ticks - 1) < widest_tick_label (l) + gap)
    {
      double first;
      int n;
      double step = mutual_chart_nice_ticks (lo, hi, 2, next_round_step (l->tick_step), &first, &n);

      if (n >= l->n_ticks)
        {
          l->zero_label_only = TRUE;
          break;
        }
      l->tick_step = step;
      l->tick_first = first;
      l->n_ticks = n;
      l->lo = l->tick_first;
      l->hi = l->tick_first + (l->n_ticks - 1) * l->tick_step;
    }
}

static void
compute_layout (Layout                   *l,
                MutualChart              *chart,
                PangoContext             *pango,
                double                    width,
                double                    height,
                const MutualChartOptions *options)
{
  double y, bottom, small_h, tick_w = 0;
  const char *family = options->font ? options->font : "Sans 10";

  memset (l, 0, sizeof *l);
  l->chart = chart;
  l->options = options;
  l->pango = pango;
  l->width = width;
  l->height = height;
  l->s = options->scale > 0 ? options->scale : 1;
  if (options->palette)
    l->palette = *options->palette;
  else
    mutual_chart_palette_init_light (&l->palette);

  l->font = pango_font_description_from_string (family);
  if (pango_font_description_get_size (l->font) <= 0)
    pango_font_description_set_size (l->font, 10 * PANGO_SCALE);
  pango_font_description_set_size (l->font, (int) (pango_font_description_get_size (l->font) * l->s));
  l->small = pango_font_description_copy (l->font);
  pango_font_description_set_size (l->small, (int) (pango_font_description_get_size (l->font) * 0.9));
  l->title_font = pango_font_description_copy (l->font);
  pango_font_description_set_size (l->title_font, (int) (pango_font_description_get_size (l->font) * 1.35));
  pango_font_description_set_weight (l->title_font, PANGO_WEIGHT_BOLD);

  l->pad = (options->title ? 24 : 12) * l->s;
  small_h = line_height (l, l->small);

  y = l->pad;
  if (options->title)
    {
      l->title_y = y;
      y += line_height (l, l->title_font) + 2 * l->s;
    }
  if (options->subtitle)
    {
      l->subtitle_y = y;
      y += small_h + 2 * l->s;
    }
  if (options->title || options->subtitle)
    y += 8 * l->s;
  if (options->show_legend)
    {
      l->legend_y = y;
      l->legend_rows = legend_layout (l, NULL, l->pad, NULL);
      y += legend_height (l, l->legend_rows) + 10 * l->s;
    }
  else
    y += 6 * l->s;

  bottom = height - l->pad;
  if (options->footer)
    {
      bottom -= small_h;
      l->footer_y = bottom;
      bottom -= 10 * l->s;
    }

  l->largest = (double) mutual_chart_largest_value (chart);

  if (chart->kind == MUTUAL_CHART_BALANCE)
    {
      double lo = display (l, chart->lowest), hi = display (l, chart->highest);
      double label_w, sample_w, year_gap;

      /* Dates under the plot: a month row and a year row. */
      bottom -= 2 * small_h + 8 * l->s;
      l->plot.y = y + small_h / 2;   /* room for the top tick label */
      l->plot.height = MAX (10, bottom - l->plot.y);

      if (hi <= lo)
        hi = lo + (options->hide_amounts ? 100 : 100 * pow (10, MAX (0, mutual_currency_digits (chart->currency))));
      layout_value_axis (l, lo, hi, l->plot.height, 44 * l->s);

      for (int i = 0; i < l->n_ticks; i++)
        {
          g_autofree char *label = tick_label (l, l->tick_first + i * l->tick_step);
          double w;

          text_size (l, l->small, label, &w, NULL);
          tick_w = MAX (tick_w, w);
        }
      l->plot.x = l->pad + tick_w + 8 * l->s;
      /* Half a date label may stand past the last day. */
      text_size (l, l->small, "2026", &label_w, NULL);
      l->plot.width = MAX (10, width - l->pad - label_w / 2 - l->plot.x);

      l->from_days = mutual_date_to_days (chart->from);
      l->span_days = MAX (1, mutual_date_diff_days (chart->to, chart->from));

      /* As many date ticks as fit with room between labels. */
      text_size (l, l->small, "28 Sep", &sample_w, NULL);
      year_gap = 20 * l->s;
      l->date_ticks = mutual_chart_date_ticks (chart->from, chart->to,
                                               (int) (l->plot.width / (sample_w + year_gap)),
                                               &l->date_format);
      /* Month names are shorter than day labels: try more ticks with them. */
      if (g_strcmp0 (l->date_format, "%Y") == 0 || g_strcmp0 (l->date_format, "%b") == 0)
        {
          text_size (l, l->small, "Sep", &sample_w, NULL);
          g_array_unref (l->date_ticks);
          l->date_ticks = mutual_chart_date_ticks (chart->from, chart->to,
                                                   (int) (l->plot.width / (sample_w + year_gap)),
                                                   &l->date_format);
        }
    }
  else
    {
      guint n;
      const MutualChartBar *bars = mutual_chart_get_bars (chart, &n);
      double lo = 0, hi = 0, name_w = 0, value_w = 0, left_extra = 0, right_extra = 0;
      double named_lo = 0, named_hi = 0, rest = 0;
      gboolean any_negative = FALSE, any_positive = FALSE, any_named = FALSE;

      bottom -= small_h + 6 * l->s;
      l->plot.y = y;
      l->plot.height = MAX (10, bottom - l->plot.y);

      for (guint i = 0; i < n; i++)
        {
          g_autofree char *label = NULL;
          double w;

          lo = MIN (lo, display (l, bars[i].balance));
          hi = MAX (hi, display (l, bars[i].balance));
          if (bars[i].n_rest > 0)
            rest = display (l, bars[i].balance);
          else
            {
              named_lo = MIN (named_lo, display (l, bars[i].balance));
              named_hi = MAX (named_hi, display (l, bars[i].balance));
              any_named = TRUE;
            }
          any_negative |= bars[i].balance < 0;
          any_positive |= bars[i].balance >= 0;
          text_size (l, l->font, bars[i].name, &w, NULL);
          name_w = MAX (name_w, w);
          label = mutual_chart_format_value (chart, bars[i].balance, options->hide_amounts);
          text_size (l, l->small, label, &w, NULL);
          value_w = MAX (value_w, w);
        }
      /* The rest of 10,000 relationships can sum to a thousand times the
       * largest named bar, which would then all be drawn as nothing: the
       * axis is the named bars', and the rest bar runs off its end,
       * broken, with its value written. */
      if (any_named && fabs (rest) > 2 * MAX (MAX (-named_lo, named_hi), 1))
        {
          double span = MAX (named_hi - named_lo, 1);

          l->rest_clipped = TRUE;
          lo = named_lo;
          hi = named_hi;
          /* Its side of zero gets room even where no named bar is. */
          if (rest < 0)
            lo = MIN (lo, -span / 3);
          else
            hi = MAX (hi, span / 3);
        }
      if (hi <= lo)
        hi = lo + 100;

      l->name_width = MIN (name_w, width * 0.3);
      if (any_negative)
        left_extra = value_w + 6 * l->s;
      if (any_positive)
        right_extra = value_w + 6 * l->s;
      l->plot.x = l->pad + l->name_width + 12 * l->s + left_extra;
      l->plot.width = MAX (10, width - l->pad - right_extra - l->plot.x);
      layout_horizontal_value_axis (l, lo, hi, l->plot.width);
      l->row_height = n > 0 ? l->plot.height / n : l->plot.height;
    }
}

void
mutual_chart_get_plot_area (MutualChart              *chart,
                            double                    width,
                            double                    height,
                            const MutualChartOptions *options,
                            cairo_rectangle_t        *out)
{
  g_auto(Layout) l = { 0 };

  compute_layout (&l, chart, chart_pango (chart), width, height, options);
  *out = l.plot;
}

guint
mutual_chart_get_legend_area (MutualChart              *chart,
                              double                    width,
                              double                    height,
                              const MutualChartOptions *options,
                              cairo_rectangle_t        *out)
{
  g_auto(Layout) l = { 0 };
  double x0, right;

  compute_layout (&l, chart, chart_pango (chart), width, height, options);
  if (!options->show_legend)
    {
      *out = (cairo_rectangle_t) { 0 };
      return 0;
    }
  x0 = legend_start (&l);
  legend_layout (&l, NULL, x0, &right);
  out->x = x0;
  out->y = l.legend_y;
  out->width = right - x0;
  out->height = legend_height (&l, l.legend_rows);
  return l.legend_rows;
}

/* Drawing */

/* A marker of exchanges beyond money: a small diamond centred on x, y. */
static void
draw_mark (cairo_t *cr,
           double   x,
           double   y,
           double   s)
{
  double r = 3.5 * s;

  cairo_move_to (cr, x, y - r);
  cairo_line_to (cr, x + r, y);
  cairo_line_to (cr, x, y + r);
  cairo_line_to (cr, x - r, y);
  cairo_close_path (cr);
  cairo_fill (cr);
}

/* Exchanges beyond money along the foot of the plot: received in a row
 * above given, one marker per few pixels however many days they cover. */
static void
draw_marks (Layout  *l,
            cairo_t *cr)
{
  guint n;
  const MutualChartMark *marks = mutual_chart_get_marks (l->chart, &n);
  const cairo_rectangle_t *p = &l->plot;
  double gap = 4 * l->s;

  for (int row = 0; row < 2; row++)
    {
      double y = p->y + p->height - (row == 0 ? 5 : 13) * l->s;
      double last_x = -G_MAXDOUBLE;

      set_color (cr, row == 0 ? &l->palette.given : &l->palette.received, 1);
      for (guint i = 0; i < n; i++)
        {
          double x;

          if ((row == 0 ? marks[i].given : marks[i].received) == 0)
            continue;
          x = date_x (l, marks[i].date);
          if (x - last_x < gap)
            continue;
          draw_mark (cr, x, y, l->s);
          last_x = x;
        }
    }
}

/* Lays the legend's items out from @x0, a row after another where the
 * chart is too narrow for one (a 360 px window), and draws them when
 * @cr is given. Returns the rows used. */
static guint
legend_layout (Layout  *l,
               cairo_t *cr,
               double   x0,
               double  *right_edge)
{
  LegendItem items[MAX_LEGEND_ITEMS];
  guint n = legend_items (l, items);
  double lh = line_height (l, l->font);
  double sw = 14 * l->s;
  double right = l->width - l->pad;
  double x = x0;
  double y = l->legend_y;
  guint rows = 1;

  if (right_edge)
    *right_edge = x0;
  /* Laid out up to three times a drawing (its height, where it starts,
   * the drawing): the labels are measured once. */
  if (!l->legend_measured)
    {
      for (guint i = 0; i < n; i++)
        text_size (l, l->font, items[i].label, &l->legend_widths[i], NULL);
      l->legend_measured = TRUE;
    }

  for (guint i = 0; i < n; i++)
    {
      double cy;
      double text_w = l->legend_widths[i];

      if (x > x0 && x + sw + 6 * l->s + text_w > right)
        {
          x = x0;
          y += lh + LEGEND_ROW_GAP * l->s;
          rows++;
        }
      cy = y + lh / 2;
      if (cr == NULL)
        ;
      else if (items[i].mark)
        {
          /* The markers' two rows: given and received. */
          set_color (cr, &l->palette.given, 1);
          draw_mark (cr, x + sw * 0.25, cy, l->s);
          set_color (cr, &l->palette.received, 1);
          draw_mark (cr, x + sw * 0.75, cy, l->s);
        }
      else if (items[i].area)
        {
          MutualRgba c = *items[i].color;

          /* Bands are faint; their swatch is drawn stronger to be seen. */
          if (c.alpha < 0.5)
            c.alpha = MIN (1, c.alpha * 3);
          set_color (cr, &c, 1);
          cairo_rectangle (cr, x, cy - sw / 2, sw, sw);
          cairo_fill (cr);
        }
      else
        {
          /* The balance changes colour at zero; its swatch shows both. */
          gboolean split = items[i].color == &l->palette.positive;

          set_color (cr, items[i].color, 1);
          cairo_set_line_width (cr, 2.5 * l->s);
          cairo_move_to (cr, x, cy);
          cairo_line_to (cr, x + (split ? sw / 2 : sw), cy);
          cairo_stroke (cr);
          if (split)
            {
              set_color (cr, &l->palette.negative, 1);
              cairo_move_to (cr, x + sw / 2, cy);
              cairo_line_to (cr, x + sw, cy);
              cairo_stroke (cr);
            }
        }
      x += sw + 6 * l->s;
      if (cr != NULL)
        draw_text (l, cr, l->font, &l->palette.foreground, items[i].label, x, y, ALIGN_START, 0);
      if (right_edge)
        *right_edge = MAX (*right_edge, x + text_w);
      x += text_w + 18 * l->s;
    }
  return rows;
}

/* Aligned with the plot when it fits on one row there; else from the
 * edge, in the rows the layout kept for it. */
static double
legend_start (Layout *l)
{
  double x0 = l->chart->kind == MUTUAL_CHART_BALANCE ? l->plot.x : l->pad;

  return legend_layout (l, NULL, x0, NULL) > 1 ? l->pad : x0;
}

static void
draw_legend (Layout  *l,
             cairo_t *cr)
{
  legend_layout (l, cr, legend_start (l), NULL);
}

static void
draw_value_grid_horizontal (Layout  *l,
                            cairo_t *cr)
{
  double small_h = line_height (l, l->small);

  cairo_set_line_width (cr, 1);
  for (int i = 0; i < l->n_ticks; i++)
    {
      double v = l->tick_first + i * l->tick_step;
      double y = crisp (value_y (l, v));
      g_autofree char *label = tick_label (l, v);

      if (fabs (v) > l->tick_step / 1e6)
        {
          set_color (cr, &l->palette.grid, 1);
          cairo_move_to (cr, l->plot.x, y);
          cairo_line_to (cr, l->plot.x + l->plot.width, y);
          cairo_stroke (cr);
        }
      draw_text (l, cr, l->small, &l->palette.dim, label,
                 l->plot.x - 8 * l->s, y - small_h / 2, ALIGN_END, 0);
    }
}

static void
draw_date_axis (Layout  *l,
                cairo_t *cr)
{
  double small_h = line_height (l, l->small);
  double y = l->plot.y + l->plot.height;
  gboolean months = g_strcmp0 (l->date_format, "%Y") != 0;
  int previous_year = -1;
  double last_right = -G_MAXDOUBLE;

  cairo_set_line_width (cr, 1);
  for (guint i = 0; i < l->date_ticks->len; i++)
    {
      MutualDate d = g_array_index (l->date_ticks, MutualDate, i);
      double x = date_x (l, d);
      g_autofree char *label = mutual_date_format (d, l->date_format);
      double w;

      set_color (cr, &l->palette.grid, 1);
      cairo_move_to (cr, crisp (x), l->plot.y);
      cairo_line_to (cr, crisp (x), y);
      cairo_stroke (cr);
      set_color (cr, &l->palette.zero, 0.6);
      cairo_move_to (cr, crisp (x), y);
      cairo_line_to (cr, crisp (x), y + 4 * l->s);
      cairo_stroke (cr);

      text_size (l, l->small, label, &w, NULL);
      if (x - w / 2 < last_right + 4 * l->s)
        continue;   /* never overlap: skip a label that would */
      draw_text (l, cr, l->small, &l->palette.dim, label, x, y + 6 * l->s, ALIGN_CENTER, 0);
      last_right = x + w / 2;

      if (months && mutual_date_year (d) != previous_year)
        {
          g_autofree char *year = g_strdup_printf ("%d", mutual_date_year (d));

          draw_text (l, cr, l->small, &l->palette.foreground, year,
                     x, y + 6 * l->s + small_h, ALIGN_CENTER, 0);
          previous_year = mutual_date_year (d);
        }
    }
  /* With no tick at all in a short range, name the first day. */
  if (l->date_ticks->len == 0)
    {
      g_autofree char *label = mutual_chart_format_date (l->chart->from);

      draw_text (l, cr, l->small, &l->palette.dim, label, l->plot.x, y + 6 * l->s, ALIGN_START, 0);
    }
}

/* Vertices of a step path with repeated and collinear points dropped: a
 * flat stretch of many columns becomes one segment. */
typedef struct
{
  GArray *xy;     /* double pairs */
} StepPath;

static void
step_add (StepPath *path,
          double    x,
          double    y)
{
  guint n = path->xy->len / 2;
  double *v = (double *) path->xy->data;

  if (n >= 1 && fabs (v[2 * n - 2] - x) < 0.01 && fabs (v[2 * n - 1] - y) < 0.01)
    return;
  if (n >= 2)
    {
      double x1 = v[2 * n - 4], y1 = v[2 * n - 3], x2 = v[2 * n - 2], y2 = v[2 * n - 1];
      gboolean horizontal = fabs (y1 - y2) < 0.01 && fabs (y2 - y) < 0.01;
      /* Vertical only when the run keeps its direction (else an extreme is lost). */
      gboolean vertical = fabs (x1 - x2) < 0.01 && fabs (x2 - x) < 0.01
                          && ((y2 - y1) * (y - y2) > 0);

      if (horizontal || vertical)
        {
          v[2 * n - 2] = x;
          v[2 * n - 1] = y;
          return;
        }
    }
  g_array_append_val (path->xy, x);
  g_array_append_val (path->xy, y);
}

/* The path of a reduced step series, left to right. */
static void
series_path (Layout                 *l,
             cairo_t                *cr,
             GArray                 *columns,
             int                     n_columns,
             gboolean                close_to_zero)
{
  StepPath path = { g_array_sized_new (FALSE, FALSE, sizeof (double), columns->len * 8 + 8) };
  double zero_y = value_y (l, 0);
  const double *v;

  for (guint i = 0; i < columns->len; i++)
    {
      const MutualChartColumn *c = &g_array_index (columns, MutualChartColumn, i);
      double x = l->plot.x + (double) c->column * l->plot.width / n_columns;

      if (i == 0 && close_to_zero)
        step_add (&path, x, zero_y);
      step_add (&path, x, value_y (l, display (l, c->open)));
      step_add (&path, x, value_y (l, display (l, c->first)));
      step_add (&path, x, value_y (l, display (l, c->second)));
      step_add (&path, x, value_y (l, display (l, c->close)));
    }
  if (columns->len > 0)
    {
      const MutualChartColumn *c = &g_array_index (columns, MutualChartColumn, columns->len - 1);

      step_add (&path, l->plot.x + l->plot.width, value_y (l, display (l, c->close)));
      if (close_to_zero)
        step_add (&path, l->plot.x + l->plot.width, zero_y);
    }

  v = (const double *) path.xy->data;
  for (guint i = 0; i < path.xy->len / 2; i++)
    {
      if (i == 0)
        cairo_move_to (cr, v[0], v[1]);
      else
        cairo_line_to (cr, v[2 * i], v[2 * i + 1]);
    }
  if (close_to_zero && path.xy->len > 0)
    cairo_close_path (cr);
  g_array_unref (path.xy);
}

static void
draw_balance (Layout  *l,
              cairo_t *cr)
{
  guint n, n_bands;
  const MutualChartPoint *points = mutual_chart_get_points (l->chart, &n);
  const MutualChartBand *bands = mutual_chart_get_bands (l->chart, &n_bands);
  double zero_y = value_y (l, 0);
  const cairo_rectangle_t *p = &l->plot;
  int n_columns = MAX (1, (int) ceil (p->width));
  g_autofree int *placed = NULL;
  g_autoptr(GArray) given = NULL;
  g_autoptr(GArray) received = NULL;
  g_autoptr(GArray) balance = NULL;

  if (l->options->show_bands)
    {
      set_color (cr, &l->palette.partnership, 1);
      for (guint i = 0; i < n_bands; i++)
        {
          double x0 = date_x (l, bands[i].start);
          double x1 = date_x (l, mutual_date_add_days (bands[i].end, 1));

          cairo_rectangle (cr, x0, p->y, MIN (x1, p->x + p->width) - x0, p->height);
        }
      cairo_fill (cr);
    }

  if (mutual_chart_is_empty (l->chart))
    {
      /* Axes without data would only show made-up figures. */
      set_color (cr, &l->palette.zero, 1);
      cairo_set_line_width (cr, 1);
      cairo_move_to (cr, p->x, crisp (p->y + p->height));
      cairo_line_to (cr, p->x + p->width, crisp (p->y + p->height));
      cairo_stroke (cr);
      draw_text (l, cr, l->font, &l->palette.dim, _("No exchanges in this period"),
                 p->x + p->width / 2, p->y + p->height / 2 - line_height (l, l->font) / 2,
                 ALIGN_CENTER, 0);
      return;
    }

  draw_value_grid_horizontal (l, cr);
  draw_date_axis (l, cr);

  /* Reduced once to the pixel columns: the cost no longer follows n. */
  placed = mutual_chart_point_columns (points, n, l->chart->from, l->chart->to, n_columns);
  given = mutual_chart_reduce_placed (points, placed, n, MUTUAL_CHART_SERIES_GIVEN);
  received = mutual_chart_reduce_placed (points, placed, n, MUTUAL_CHART_SERIES_RECEIVED);
  balance = mutual_chart_reduce_placed (points, placed, n, MUTUAL_CHART_SERIES_BALANCE);

  cairo_save (cr);
  cairo_rectangle (cr, p->x - 2 * l->s, p->y - 2 * l->s, p->width + 4 * l->s, p->height + 4 * l->s);
  cairo_clip (cr);
  /* Steps meet at right angles: mitred joins are exact and cheap. */
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_MITER);

  /* The net balance: one area, coloured by the side of zero it is on. */
  for (int side = 0; side < 2; side++)
    {
      const MutualRgba *c = side == 0 ? &l->palette.positive : &l->palette.negative;

      cairo_save (cr);
      if (side == 0)
        cairo_rectangle (cr, p->x - 2 * l->s, p->y - 2 * l->s, p->width + 4 * l->s, zero_y - p->y + 2 * l->s);
      else
        cairo_rectangle (cr, p->x - 2 * l->s, zero_y, p->width + 4 * l->s, p->y + p->height - zero_y + 2 * l->s);
      cairo_clip (cr);
      series_path (l, cr, balance, n_columns, TRUE);
      set_color (cr, c, 0.22);
      cairo_fill (cr);
      series_path (l, cr, balance, n_columns, FALSE);
      set_color (cr, c, 1);
      cairo_set_line_width (cr, 2 * l->s);
      cairo_stroke (cr);
      cairo_restore (cr);
    }

  set_color (cr, &l->palette.zero, 1);
  cairo_set_line_width (cr, 1);
  cairo_move_to (cr, p->x, crisp (zero_y));
  cairo_line_to (cr, p->x + p->width, crisp (zero_y));
  cairo_stroke (cr);

  cairo_set_line_width (cr, 2 * l->s);
  series_path (l, cr, given, n_columns, FALSE);
  set_color (cr, &l->palette.given, 1);
  cairo_stroke (cr);
  series_path (l, cr, received, n_columns, FALSE);
  set_color (cr, &l->palette.received, 1);
  cairo_stroke (cr);
  draw_marks (l, cr);
  cairo_restore (cr);
}

static void
rounded_bar (cairo_t *cr,
             double   x0,
             double   x1,
             double   y,
             double   h,
             double   r)
{
  double left = MIN (x0, x1), right = MAX (x0, x1);
  gboolean positive = x1 >= x0;

  r = MIN (r, MIN ((right - left) / 2, h / 2));
  /* Rounded only at the end away from zero. */
  if (positive)
    {
      cairo_move_to (cr, left, y);
      cairo_arc (cr, right - r, y + r, r, -G_PI / 2, 0);
      cairo_arc (cr, right - r, y + h - r, r, 0, G_PI / 2);
      cairo_line_to (cr, left, y + h);
    }
  else
    {
      cairo_move_to (cr, right, y);
      cairo_line_to (cr, right, y + h);
      cairo_arc (cr, left + r, y + h - r, r, G_PI / 2, G_PI);
      cairo_arc (cr, left + r, y + r, r, G_PI, 3 * G_PI / 2);
    }
  cairo_close_path (cr);
}

static void
draw_bars (Layout  *l,
           cairo_t *cr)
{
  guint n;
  const MutualChartBar *bars = mutual_chart_get_bars (l->chart, &n);
  const cairo_rectangle_t *p = &l->plot;
  double small_h = line_height (l, l->small);
  double lh = line_height (l, l->font);
  double zero_x = crisp (value_x (l, 0));
  double bar_h = MIN (l->row_height * 0.68, 26 * l->s);
  const PangoFontDescription *name_font = l->row_height < lh * 1.1 ? l->small : l->font;
  double name_h = line_height (l, name_font);

  if (n == 0)
    {
      draw_text (l, cr, l->font, &l->palette.dim, _("No exchanges in this period"),
                 p->x + p->width / 2, p->y + p->height / 2 - lh / 2, ALIGN_CENTER, 0);
      return;
    }

  cairo_set_line_width (cr, 1);
  for (int i = 0; i < l->n_ticks; i++)
    {
      double v = l->tick_first + i * l->tick_step;
      double x = crisp (value_x (l, v));
      g_autofree char *label = tick_label (l, v);

      set_color (cr, &l->palette.grid, 1);
      cairo_move_to (cr, x, p->y);
      cairo_line_to (cr, x, p->y + p->height);
      cairo_stroke (cr);
      if (!l->zero_label_only || v == 0)
        draw_text (l, cr, l->small, &l->palette.dim, label, x, p->y + p->height + 6 * l->s, ALIGN_CENTER, 0);
    }

  for (guint i = 0; i < n; i++)
    {
      double row_y = p->y + i * l->row_height;
      double y = row_y + (l->row_height - bar_h) / 2;
      double x1 = value_x (l, display (l, bars[i].balance));
      gboolean positive = bars[i].balance >= 0;
      g_autofree char *label = mutual_chart_format_value (l->chart, bars[i].balance, l->options->hide_amounts);
      MutualRgba rest = l->palette.dim;

      if (bars[i].n_rest > 0)
        set_color (cr, &rest, 0.55);
      else
        set_color (cr, positive ? &l->palette.positive : &l->palette.negative, 0.85);
      if (bars[i].n_rest > 0 && l->rest_clipped)
        x1 = CLAMP (x1, p->x, p->x + p->width);
      if (bars[i].n_rest > 0 && l->rest_clipped && fabs (x1 - zero_x) >= 24 * l->s)
        {
          /* Broken near its end: two pieces with a gap between them. */
          double dir = positive ? 1 : -1;

          rounded_bar (cr, zero_x, x1 - dir * 12 * l->s, y, bar_h, 0);
          cairo_fill (cr);
          rounded_bar (cr, x1 - dir * 8 * l->s, x1, y, bar_h, 2 * l->s);
          cairo_fill (cr);
        }
      else if (fabs (x1 - zero_x) >= 0.5)
        {
          rounded_bar (cr, zero_x, x1, y, bar_h, 3 * l->s);
          cairo_fill (cr);
        }

      draw_text (l, cr, name_font, bars[i].n_rest ? &l->palette.dim : &l->palette.foreground,
                 bars[i].name, l->pad + l->name_width, row_y + (l->row_height - name_h) / 2,
                 ALIGN_END, l->name_width);
      draw_text (l, cr, l->small, &l->palette.dim, label,
                 positive ? x1 + 6 * l->s : x1 - 6 * l->s,
                 row_y + (l->row_height - small_h) / 2,
                 positive ? ALIGN_START : ALIGN_END, 0);
    }

  set_color (cr, &l->palette.zero, 1);
  cairo_move_to (cr, zero_x, p->y);
  cairo_line_to (cr, zero_x, p->y + p->height);
  cairo_stroke (cr);
}

void
mutual_chart_draw (MutualChart              *chart,
                   cairo_t                  *cr,
                   double                    width,
                   double                    height,
                   const MutualChartOptions *options)
{
  MutualChartOptions defaults;
  g_auto(Layout) l = { 0 };
  PangoContext *pango;

  g_return_if_fail (chart != NULL);
  g_return_if_fail (cr != NULL);

  if (options == NULL)
    {
      mutual_chart_options_init (&defaults);
      options = &defaults;
    }

  pango = chart_pango (chart);
  pango_cairo_update_context (cr, pango);
  compute_layout (&l, chart, pango, width, height, options);

  cairo_save (cr);
  if (l.palette.background.alpha > 0)
    {
      set_color (cr, &l.palette.background, 1);
      cairo_rectangle (cr, 0, 0, width, height);
      cairo_fill (cr);
    }

  if (options->title)
    draw_text (&l, cr, l.title_font, &l.palette.foreground, options->title,
               l.pad, l.title_y, ALIGN_START, width - 2 * l.pad);
  if (options->subtitle)
    draw_text (&l, cr, l.small, &l.palette.dim, options->subtitle,
               l.pad, l.subtitle_y, ALIGN_START, width - 2 * l.pad);
  if (options->show_legend)
    draw_legend (&l, cr);

  if (chart->kind == MUTUAL_CHART_BALANCE)
    draw_balance (&l, cr);
  else
    draw_bars (&l, cr);

  if (options->footer)
    draw_text (&l, cr, l.small, &l.palette.dim, options->footer,
               l.pad, l.footer_y, ALIGN_START, width - 2 * l.pad);
  cairo_restore (cr);
}

/* Hover */

gboolean
mutual_chart_hit_test (MutualChart              *chart,
                       double                    width,
                       double                    height,
                       const MutualChartOptions *options,
                       double                    x,
                       double                    y,
                       MutualChartHit           *out)
{
  MutualChartOptions defaults;
  g_auto(Layout) l = { 0 };

  g_return_val_if_fail (chart != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  if (options == NULL)
    {
      mutual_chart_options_init (&defaults);
      options = &defaults;
    }
  memset (out, 0, sizeof *out);
  out->kind = chart->kind;
  out->bar_index = -1;
  if (mutual_chart_is_empty (chart))
    return FALSE;

  compute_layout (&l, chart, chart_pango (chart), width, height, options);
  if (x < l.plot.x || x > l.plot.x + l.plot.width
      || y < l.plot.y || y > l.plot.y + l.plot.height)
    return FALSE;

  if (chart->kind == MUTUAL_CHART_BALANCE)
    {
      guint n, n_bands;
      const MutualChartPoint *points = mutual_chart_get_points (chart, &n);
      const MutualChartBand *bands = mutual_chart_get_bands (chart, &n_bands);
      gint32 offset = (gint32) floor ((x - l.plot.x) / l.plot.width * l.span_days + 0.5);
      MutualDate date = mutual_date_from_days (l.from_days + CLAMP (offset, 0, l.span_days));
      int lo = 0, hi = (int) n - 1, found = 0;

      while (lo <= hi)
        {
          int mid = lo + (hi - lo) / 2;

          if (points[mid].date <= date)
            {
              found = mid;
              lo = mid + 1;
            }
          else
            hi = mid - 1;
        }
      out->point = points[found];
      out->point.date = date;
      for (guint i = 0; i < n_bands; i++)
        if (bands[i].start <= date && date <= bands[i].end)
          out->in_band = TRUE;
      out->x = date_x (&l, date);
      out->y = value_y (&l, display (&l, out->point.balance));
      return TRUE;
    }
  else
    {
      guint n;
      const MutualChartBar *bars = mutual_chart_get_bars (chart, &n);
      int index = (int) floor ((y - l.plot.y) / l.row_height);

      if (index < 0 || index >= (int) n)
        return FALSE;
      out->bar_index = index;
      out->x = value_x (&l, display (&l, bars[index].balance));
      out->y = l.plot.y + (index + 0.5) * l.row_height;
      return TRUE;
    }
}

void
mutual_chart_draw_hover (MutualChart              *chart,
                         cairo_t                  *cr,
                         double                    width,
                         double                    height,
                         const MutualChartOptions *options,
                         const MutualChartHit     *hit)
{
  MutualChartOptions defaults;
  g_auto(Layout) l = { 0 };
  g_autofree char *text = NULL;
  g_autoptr(PangoLayout) layout = NULL;
  PangoContext *pango;
  int pw, ph;
  double bw, bh, bx, by, pad;

  g_return_if_fail (chart != NULL && cr != NULL && hit != NULL);

  if (options == NULL)
    {
      mutual_chart_options_init (&defaults);
      options = &defaults;
    }
  pango = chart_pango (chart);
  pango_cairo_update_context (cr, pango);
  compute_layout (&l, chart, pango, width, height, options);

  cairo_save (cr);
  if (chart->kind == MUTUAL_CHART_BALANCE)
    {
      static const MutualChartSeries series[] = {
        MUTUAL_CHART_SERIES_GIVEN, MUTUAL_CHART_SERIES_RECEIVED, MUTUAL_CHART_SERIES_BALANCE
      };

      set_color (cr, &l.palette.hover, 0.6);
      cairo_set_line_width (cr, 1);
      cairo_move_to (cr, crisp (hit->x), l.plot.y);
      cairo_line_to (cr, crisp (hit->x), l.plot.y + l.plot.height);
      cairo_stroke (cr);

      for (guint i = 0; i < G_N_ELEMENTS (series); i++)
        {
          gint64 v = mutual_chart_point_value (&hit->point, series[i]);
          const MutualRgba *c = i == 0 ? &l.palette.given
                                : i == 1 ? &l.palette.received
                                : v >= 0 ? &l.palette.positive : &l.palette.negative;

          cairo_arc (cr, hit->x, value_y (&l, display (&l, v)), 4 * l.s, 0, 2 * G_PI);
          set_color (cr, l.palette.background.alpha > 0 ? &l.palette.background : &l.palette.tooltip, 1);
          cairo_fill_preserve (cr);
          set_color (cr, c, 1);
          cairo_set_line_width (cr, 2 * l.s);
          cairo_stroke (cr);
        }
    }
  else if (hit->bar_index >= 0)
    {
      double bar_top = l.plot.y + hit->bar_index * l.row_height;

      set_color (cr, &l.palette.hover, 0.08);
      cairo_rectangle (cr, l.pad, bar_top, width - 2 * l.pad, l.row_height);
      cairo_fill (cr);
    }

  text = mutual_chart_hit_describe (chart, hit, options->hide_amounts);
  layout = make_text (&l, l.small, text);
  pango_layout_get_size (layout, &pw, &ph);
  pad = 8 * l.s;
  bw = (double) pw / PANGO_SCALE + 2 * pad;
  bh = (double) ph / PANGO_SCALE + 2 * pad;
  bx = hit->x + 12 * l.s;
  if (bx + bw > width - 4 * l.s)
    bx = hit->x - 12 * l.s - bw;
  bx = MAX (4 * l.s, bx);
  by = CLAMP (hit->y - bh / 2, 4 * l.s, MAX (4 * l.s, height - bh - 4 * l.s));

  cairo_new_sub_path (cr);
  cairo_arc (cr, bx + bw - 6 * l.s, by + 6 * l.s, 6 * l.s, -G_PI / 2, 0);
  cairo_arc (cr, bx + bw - 6 * l.s, by + bh - 6 * l.s, 6 * l.s, 0, G_PI / 2);
  cairo_arc (cr, bx + 6 * l.s, by + bh - 6 * l.s, 6 * l.s, G_PI / 2, G_PI);
  cairo_arc (cr, bx + 6 * l.s, by + 6 * l.s, 6 * l.s, G_PI, 3 * G_PI / 2);
  cairo_close_path (cr);
  set_color (cr, &l.palette.tooltip, 1);
  cairo_fill_preserve (cr);
  set_color (cr, &l.palette.grid, 2);
  cairo_set_line_width (cr, 1);
  cairo_stroke (cr);

  mutual_chart_emit_text (text);
  set_color (cr, &l.palette.foreground, 1);
  cairo_move_to (cr, bx + pad, by + pad);
  pango_cairo_show_layout (cr, layout);
  cairo_restore (cr);
}

/* Options */

void
mutual_chart_options_init (MutualChartOptions *options)
{
  memset (options, 0, sizeof *options);
  options->show_legend = TRUE;
  options->show_bands = TRUE;
  options->scale = 1;
}
