/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mutual-report"

#include "config.h"

#include <glib/gi18n.h>
#include <cairo-pdf.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <string.h>

#include "mutual-analytics.h"
#include "mutual-chart-private.h"
#include "mutual-error.h"
#include "mutual-money.h"
#include "mutual-report.h"

/* A4 in points */
#define PAGE_WIDTH  595.28
#define PAGE_HEIGHT 841.89
#define MARGIN      48.0
#define CONTENT_WIDTH (PAGE_WIDTH - 2 * MARGIN)
#define ROW_HEIGHT  17.0
#define FOOTER_Y    (PAGE_HEIGHT - MARGIN + 14)

typedef struct
{
  MutualRelationship *rel;
  MutualAssessment   *assessment;
} Entry;

typedef struct
{
  cairo_t            *cr;
  PangoContext       *pango;
  MutualChartPalette  palette;
  const char         *currency;
  MutualDate          from;
  MutualDate          chart_from;   /* 0: each relationship's first exchange */
  MutualDate          to;
  MutualDate          made;
  int                 page;
  int                 n_pages;
  gboolean            measuring;    /* the first pass only counts pages */
  gboolean            hide_amounts;
  gboolean            for_client;   /* read by the other side: no "you" */
  gboolean            include_private;
  const char         *author;
  char               *footer_text;
  gint64              largest;      /* hidden amounts: shares of this */
  double              y;            /* where the next block goes (client report) */
} Report;

#define BOTTOM (PAGE_HEIGHT - MARGIN)

static double
show (Report           *r,
      const char       *text,
      const char       *font,
      const MutualRgba *color,
      double            x,
      double            y,
      double            width,      /* > 0: wrap (or ellipsize with @one_line) */
      gboolean          one_line,
      PangoAlignment    align)
{
  g_autoptr(PangoLayout) layout = pango_layout_new (r->pango);
  PangoFontDescription *desc = pango_font_description_from_string (font);
  int pw, ph;

  if (!r->measuring)
    mutual_chart_emit_text (text);
  pango_layout_set_font_description (layout, desc);
  pango_font_description_free (desc);
  pango_layout_set_text (layout, text, -1);
  if (width > 0)
    {
      pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
      pango_layout_set_alignment (layout, align);
      if (one_line)
        pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
      else
        pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
    }
  if (!r->measuring)
    {
      cairo_set_source_rgba (r->cr, color->red, color->green, color->blue, color->alpha);
      cairo_move_to (r->cr, x, y);
      pango_cairo_show_layout (r->cr, layout);
    }
  pango_layout_get_size (layout, &pw, &ph);
  return (double) ph / PANGO_SCALE;
}

static void
footer (Report *r)
{
  /* Translators: report page footer, "Page 2 of 5" */
  g_autofree char *page = g_strdup_printf (_("Page %d of %d"), r->page, r->n_pages);

  if (r->measuring)
    return;
  show (r, r->footer_text, "Sans 7.5", &r->palette.dim, MARGIN, FOOTER_Y, CONTENT_WIDTH * 0.75, TRUE, PANGO_ALIGN_LEFT);
  show (r, page, "Sans 7.5", &r->palette.dim, MARGIN, FOOTER_Y, CONTENT_WIDTH, TRUE, PANGO_ALIGN_RIGHT);
}

static void
rule (Report *r,
      double  y,
      double  alpha)
{
  if (r->measuring)
    return;
  cairo_set_source_rgba (r->cr, 0, 0, 0, alpha);
  cairo_set_line_width (r->cr, 0.5);
  cairo_move_to (r->cr, MARGIN, y);
  cairo_line_to (r->cr, PAGE_WIDTH - MARGIN, y);
  cairo_stroke (r->cr);
}

/* An amount, or with hidden amounts its share of the largest one shown. */
static char *
money (Report *r,
       gint64  value)
{
  if (r->hide_amounts)
    {
      double share = r->largest > 0 ? 100.0 * (double) value / (double) r->largest : 0;

      return mutual_chart_format_percent (share);
    }
  return mutual_money_format (value, r->currency, MUTUAL_MONEY_FORMAT_SYMBOL | MUTUAL_MONEY_FORMAT_SHORT);
}

static char *
explain_test (Report                 *r,
              const MutualAssessment *a,
              int                     test)
{
  if (r->for_client && test == 1)
    return mutual_assessment_explain_beyond_money_neutral (a);
  if (r->hide_amounts)
    return mutual_assessment_explain_test_hidden (a, test);
  return mutual_assessment_explain_test (a, test, r->currency);
}

static char *
flags_text (MutualFlags flags)
{
  g_autoptr(GString) out = g_string_new (NULL);

  if (flags & MUTUAL_FLAG_ONE_SIDED)
    g_string_append (out, _("one-sided"));
  if (flags & MUTUAL_FLAG_DORMANT)
    {
      if (out->len)
        g_string_append (out, ", ");
      g_string_append (out, _("dormant"));
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static char *
reciprocity_text (const MutualAssessment *a)
{
  return mutual_assessment_format_reciprocity (a);
}

/* The window's review order (mutual_assessment_compare_review), then name. */
static int
compare_entries (gconstpointer pa,
                 gconstpointer pb)
{
  const Entry *a = pa, *b = pb;
  int order = mutual_assessment_compare_review (a->assessment, b->assessment);

  if (order != 0)
    return order;
  return g_utf8_collate (a->rel->name, b->rel->name);
}

typedef struct
{
  const char    *title;
  double         width;
  PangoAlignment align;
} Column;

static const Column columns[] = {
  { N_("Relationship"), 128, PANGO_ALIGN_LEFT },
  { N_("Class"), 66, PANGO_ALIGN_LEFT },
  { N_("Given"), 64, PANGO_ALIGN_RIGHT },
  { N_("Received"), 64, PANGO_ALIGN_RIGHT },
  { N_("Balance"), 64, PANGO_ALIGN_RIGHT },
  { N_("Reciprocity"), 64, PANGO_ALIGN_RIGHT },
  { N_("Flags"), 0, PANGO_ALIGN_LEFT },    /* the rest */
};

static void
table_row (Report           *r,
           const char      **cells,
           const char       *font,
           const MutualRgba *const *colors,
           double            y)
{
  double x = MARGIN;

  for (guint c = 0; c < G_N_ELEMENTS (columns); c++)
    {
      double w = columns[c].width > 0 ? columns[c].width : PAGE_WIDTH - MARGIN - x;

      show (r, cells[c], font, colors[c], x + 2, y, w - 8, TRUE, columns[c].align);
      x += w;
    }
}

static int
summary_rows_per_page (gboolean first)
{
  double top = first ? MARGIN + 112 : MARGIN + 30;

  return (int) ((PAGE_HEIGHT - MARGIN - top) / ROW_HEIGHT);
}

static void
summary_pages (Report  *r,
               GArray  *entries,
               guint    n_partnerships,
               guint    n_one_sided,
               guint    n_dormant)
{
  g_autofree char *from = mutual_chart_format_date (r->from);
  g_autofree char *to = mutual_chart_format_date (r->to);
  g_autofree char *made = mutual_chart_format_date (r->made);
  const MutualRgba *fg = &r->palette.foreground;
  guint i = 0;
  gboolean first = TRUE;

  do
    {
      const char *header[G_N_ELEMENTS (columns)];
      const MutualRgba *header_colors[G_N_ELEMENTS (columns)];
      double y = MARGIN;
      int rows = summary_rows_per_page (first);

      r->page++;
      if (first)
        {
          g_autofree char *period = r->hide_amounts
                                    ? g_strdup_printf (_("Figures as of %s · charts from %s · amounts as shares of the largest · made %s"),
                                                       to, from, made)
                                    : g_strdup_printf (_("Figures as of %s · charts from %s · amounts in %s · made %s"),
                                                       to, from, r->currency, made);
          g_autofree char *counts = NULL;

          y += show (r, _("Review report"), "Sans Bold 20", fg, MARGIN, y, CONTENT_WIDTH, TRUE, PANGO_ALIGN_LEFT);
          y += 4;
          y += show (r, period, "Sans 9", &r->palette.dim, MARGIN, y, CONTENT_WIDTH, FALSE, PANGO_ALIGN_LEFT);
          if (r->author)
            {
              /* Translators: on a report's cover; your name or business */
              g_autofree char *by = g_strdup_printf (_("Prepared by %s"), r->author);

              y += show (r, by, "Sans 9", &r->palette.dim, MARGIN, y, CONTENT_WIDTH, TRUE, PANGO_ALIGN_LEFT);
            }
          y += 10;
          {
            guint n = entries->len, n_transactional = entries->len - n_partnerships;
            g_autofree char *total = g_strdup_printf (ngettext ("%u relationship", "%u relationships", n), n);
            g_autofree char *partnerships = g_strdup_printf (ngettext ("%u partnership", "%u partnerships", n_partnerships),
                                                             n_partnerships);
            /* Translators: a count of transactional relationships */
            g_autofree char *transactional = g_strdup_printf (ngettext ("%u transactional", "%u transactional", n_transactional),
                                                              n_transactional);
            /* Translators: a count of one-sided relationships */
            g_autofree char *one_sided = g_strdup_printf (ngettext ("%u one-sided", "%u one-sided", n_one_sided),
                                                          n_one_sided);
            /* Translators: a count of dormant relationships */
            g_autofree char *dormant = g_strdup_printf (ngettext ("%u dormant", "%u dormant", n_dormant), n_dormant);

            /* Translators: the report's summary line, "12 relationships: 4 partnerships,
             * 8 transactional · 2 one-sided · 1 dormant" */
            counts = g_strdup_printf (_("%s: %s, %s · %s · %s"), total, partnerships, transactional, one_sided, dormant);
          }
          y += show (r, counts, "Sans 10.5", fg, MARGIN, y, CONTENT_WIDTH, FALSE, PANGO_ALIGN_LEFT);
          y = MARGIN + 112 - ROW_HEIGHT - 6;
        }
      else
        y = MARGIN + 30 - ROW_HEIGHT - 6;

      for (guint c = 0; c < G_N_ELEMENTS (columns); c++)
        {
          header[c] = _(columns[c].title);
          header_colors[c] = &r->palette.dim;
        }
      table_row (r, header, "Sans Bold 8", header_colors, y);
      y += ROW_HEIGHT + 2;
      rule (r, y - 4, 0.35);

      for (int row = 0; row < rows && i < entries->len; row++, i++)
        {
          const Entry *e = &g_array_index (entries, Entry, i);
          const MutualAssessment *a = e->assessment;
          g_autofree char *given = money (r, a->given);
          g_autofree char *received = money (r, a->received);
          g_autofree char *balance = money (r, mutual_assessment_balance (a));
          g_autofree char *reciprocity = reciprocity_text (a);
          g_autofree char *flags = flags_text (a->flags);
          const char *cells[G_N_ELEMENTS (columns)] = {
            e->rel->name, mutual_assessment_class_label (a), given, received, balance, reciprocity, flags
          };
          const MutualRgba *colors[G_N_ELEMENTS (columns)] = {
            fg, a->klass == MUTUAL_CLASS_PARTNERSHIP ? &r->palette.positive : fg, fg, fg,
            mutual_assessment_balance (a) < 0 ? &r->palette.negative : fg, fg,
            a->flags & MUTUAL_FLAG_ONE_SIDED ? &r->palette.negative : &r->palette.dim
          };

          if (row % 2 == 1)
            {
              cairo_set_source_rgba (r->cr, 0, 0, 0, 0.035);
              cairo_rectangle (r->cr, MARGIN, y - 2, CONTENT_WIDTH, ROW_HEIGHT);
              cairo_fill (r->cr);
            }
          table_row (r, cells, "Sans 8.5", colors, y);
          y += ROW_HEIGHT;
        }
      if (entries->len == 0)
        show (r, _("No relationships yet."), "Sans 10", &r->palette.dim, MARGIN, y + 6, CONTENT_WIDTH, TRUE, PANGO_ALIGN_LEFT);

      footer (r);
      cairo_show_page (r->cr);
      first = FALSE;
    }
  while (i < entries->len);
}

static int
count_summary_pages (guint n)
{
  int pages = 1;
  int first = summary_rows_per_page (TRUE);
  int more = summary_rows_per_page (FALSE);

  if ((int) n > first)
    pages += ((int) n - first + more - 1) / more;
  return pages;
}

static void
metric (Report     *r,
        const char *label,
        const char *value,
        double      x,
        double      y)
{
  show (r, label, "Sans 8", &r->palette.dim, x, y, CONTENT_WIDTH / 3 - 8, TRUE, PANGO_ALIGN_LEFT);
  show (r, value, "Sans Bold 12", &r->palette.foreground, x, y + 12, CONTENT_WIDTH / 3 - 8, TRUE, PANGO_ALIGN_LEFT);
}

static gboolean
relationship_page (Report       *r,
                   MutualLedger *ledger,
                   const Entry  *e,
                   GError      **error)
{
  const MutualAssessment *a = e->assessment;
  g_autoptr(MutualChart) chart = NULL;
  MutualChartOptions options;
  g_autoptr(GString) about = g_string_new (NULL);
  g_autofree char *given = money (r, a->given);
  g_autofree char *received = money (r, a->received);
  g_autofree char *balance = money (r, mutual_assessment_balance (a));
  g_autofree char *reciprocity = reciprocity_text (a);
  g_autofree char *hours = NULL;
  g_autofree char *per_hour = NULL;
  g_autofree char *why = NULL;
  const MutualRgba *fg = &r->palette.foreground;
  double y = MARGIN;
  double chart_height = 250;

  chart = mutual_chart_new_balance (ledger, e->rel->id, r->chart_from, r->to, error);
  if (chart == NULL)
    return FALSE;

  r->page++;
  y += show (r, e->rel->name, "Sans Bold 18", fg, MARGIN, y, CONTENT_WIDTH, TRUE, PANGO_ALIGN_LEFT);
  y += 2;
  if (e->rel->organization && *e->rel->organization)
    g_string_append_printf (about, "%s · ", e->rel->organization);
  g_string_append (about, mutual_role_to_label (e->rel->role));
  g_string_append (about, " · ");
  g_string_append (about, mutual_assessment_class_label (a));
  if (a->override != MUTUAL_CLASS_NONE)
    g_string_append (about, _(" (set by you)"));
  y += show (r, about->str, "Sans 10", &r->palette.dim, MARGIN, y, CONTENT_WIDTH, TRUE, PANGO_ALIGN_LEFT);
  y += 14;

  mutual_chart_options_init (&options);
  options.palette = &r->palette;
  /* Chart text is sized for 96 dpi; this page is in points. */
  options.scale = 0.72;
  options.hide_amounts = r->hide_amounts;
  cairo_save (r->cr);
  cairo_translate (r->cr, MARGIN, y);
  mutual_chart_draw (chart, r->cr, CONTENT_WIDTH, chart_height, &options);
  cairo_restore (r->cr);
  y += chart_height + 16;

  rule (r, y, 0.15);
  y += 10;
  {
    gint64 per;

    hours = a->minutes_given > 0 ? mutual_format_minutes (a->minutes_given) : g_strdup ("—");
    per_hour = !r->hide_amounts && mutual_assessment_value_per_hour (a, &per) ? money (r, per) : g_strdup ("—");
  }
  metric (r, _("Given"), given, MARGIN, y);
  metric (r, _("Received"), received, MARGIN + CONTENT_WIDTH / 3, y);
  metric (r, _("Balance"), balance, MARGIN + 2 * CONTENT_WIDTH / 3, y);
  y += 40;
  metric (r, _("Reciprocity, last 12 months"), reciprocity, MARGIN, y);
  metric (r, _("Hours given"), hours, MARGIN + CONTENT_WIDTH / 3, y);
  metric (r, _("Received per hour given"), per_hour, MARGIN + 2 * CONTENT_WIDTH / 3, y);
  y += 44;
  rule (r, y, 0.15);
  y += 12;

  /* Translators: heading; the class ("Partnership", "Transactional") */
  why = g_strdup_printf (_("Why “%s”"), mutual_class_to_label (a->computed));
  y += show (r, why, "Sans Bold 12", fg, MARGIN, y, CONTENT_WIDTH, TRUE, PANGO_ALIGN_LEFT);
  y += 6;
  for (int test = 0; test < 3; test++)
    {
      gboolean passed = test == 0 ? a->ongoing : test == 1 ? a->beyond_money : a->two_way;
      g_autofree char *text = explain_test (r, a, test);

      show (r, passed ? "✓" : "✗", "Sans Bold 10",
            passed ? &r->palette.positive : &r->palette.negative, MARGIN, y, 0, TRUE, PANGO_ALIGN_LEFT);
      y += show (r, text, "Sans 10", fg, MARGIN + 16, y, CONTENT_WIDTH - 16, FALSE, PANGO_ALIGN_LEFT);
      y += 5;
    }
  if (a->override != MUTUAL_CLASS_NONE)
    {
      g_autofree char *text = NULL;

      if (e->rel->override_reason && *e->rel->override_reason)
        text = g_strdup_printf (_("You set the class to %s: %s"),
                                mutual_class_to_label (a->override), e->rel->override_reason);
      else
        text = g_strdup_printf (_("You set the class to %s."), mutual_class_to_label (a->override));
      y += 4;
      y += show (r, text, "Sans Italic 10", fg, MARGIN, y, CONTENT_WIDTH, FALSE, PANGO_ALIGN_LEFT);
    }
  if (a->flags)
    {
      y += 10;
      if (a->flags & MUTUAL_FLAG_ONE_SIDED)
        {
          g_autofree char *one_sided = mutual_assessment_explain_one_sided (a, r->currency);
          g_autofree char *sentence = g_strconcat (one_sided, ".", NULL);

          y += show (r, sentence, "Sans 10", &r->palette.negative, MARGIN, y, CONTENT_WIDTH, FALSE, PANGO_ALIGN_LEFT);
          y += 4;
        }
      if (a->flags & MUTUAL_FLAG_DORMANT)
        y += show (r, _("Dormant: no exchange in the last 6 months."),
                   "Sans 10", &r->palette.dim, MARGIN, y, CONTENT_WIDTH, FALSE, PANGO_ALIGN_LEFT);
    }

  footer (r);
  cairo_show_page (r->cr);
  return TRUE;
}

static cairo_status_t
append_bytes (void                *closure,
              const unsigned char *data,
              unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

/* The client report: blocks flow down the pages; a page breaks only
 * where the next block does not fit, so no page is left half empty. */

static void
end_page (Report *r)
{
  if (r->measuring)
    return;
  footer (r);
  cairo_show_page (r->cr);
}

static void
page_break (Report *r)
{
  end_page (r);
  r->page++;
  r->y = MARGIN;
}

/* Breaks the page unless @height fits below r->y (or the page is fresh). */
static void
need (Report *r,
      double  height)
{
  if (r->y + height > BOTTOM && r->y > MARGIN)
    page_break (r);
}

typedef void (*BreakFunc) (Report *r);

static PangoLayout *
wrapped_layout (Report     *r,
                const char *text,
                const char *font,
                double      width)
{
  PangoLayout *layout = pango_layout_new (r->pango);
  PangoFontDescription *desc = pango_font_description_from_string (font);

  pango_layout_set_font_description (layout, desc);
  pango_font_description_free (desc);
  pango_layout_set_text (layout, text, -1);
  pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  return layout;
}

static double
layout_height (PangoLayout *layout)
{
  int w, h;

  pango_layout_get_size (layout, &w, &h);
  return (double) h / PANGO_SCALE;
}

/* Draws @layout at @x from r->y, continuing on the next pages at line
 * boundaries when it is taller than what is left (a note may run to
 * pages); @on_break draws what each new page repeats (a table header). */
static void
flow_layout (Report           *r,
             PangoLayout      *layout,
             const MutualRgba *color,
             double            x,
             double            width,
             BreakFunc         on_break)
{
  g_autoptr(GArray) bottoms = g_array_new (FALSE, FALSE, sizeof (double));
  PangoLayoutIter *iter = pango_layout_get_iter (layout);
  double total = layout_height (layout);
  double offset = 0;

  do
    {
      int y0, y1;
      double bottom;

      pango_layout_iter_get_line_yrange (iter, &y0, &y1);
      bottom = (double) y1 / PANGO_SCALE;
      g_array_append_val (bottoms, bottom);
    }
  while (pango_layout_iter_next_line (iter));
  pango_layout_iter_free (iter);

  if (!r->measuring)
    mutual_chart_emit_text (pango_layout_get_text (layout));
  while (offset < total)
    {
      double cut = offset;

      for (guint i = 0; i < bottoms->len; i++)
        {
          double bottom = g_array_index (bottoms, double, i);

          if (bottom > offset && bottom - offset <= BOTTOM - r->y)
            cut = bottom;
        }
      if (cut == offset)
        {
          /* Not even one line fits: a new page, or on a fresh one the
           * next line whatever its height. */
          if (r->y > MARGIN + 40)
            {
              page_break (r);
              if (on_break)
                on_break (r);
              continue;
            }
          for (guint i = 0; i < bottoms->len && cut == offset; i++)
            if (g_array_index (bottoms, double, i) > offset)
              cut = g_array_index (bottoms, double, i);
          if (cut == offset)
            cut = total;
        }
      if (!r->measuring)
        {
          cairo_save (r->cr);
          cairo_rectangle (r->cr, x - 2, r->y, width + 4, cut - offset);
          cairo_clip (r->cr);
          cairo_set_source_rgba (r->cr, color->red, color->green, color->blue, color->alpha);
          cairo_move_to (r->cr, x, r->y - offset);
          pango_cairo_show_layout (r->cr, layout);
          cairo_restore (r->cr);
        }
      r->y += cut - offset;
      offset = cut;
      if (offset < total)
        {
          page_break (r);
          if (on_break)
            on_break (r);
        }
    }
}

static void
flow_text (Report           *r,
           const char       *text,
           const char       *font,
           const MutualRgba *color,
           double            x,
           double            width)
{
  g_autoptr(PangoLayout) layout = wrapped_layout (r, text, font, width);

  flow_layout (r, layout, color, x, width, NULL);
}

typedef enum
{
  COLUMN_DATE,
  COLUMN_DIRECTION,
  COLUMN_KIND,
  COLUMN_VALUE,
  COLUMN_TIME,
  COLUMN_NOTE,
  N_EXCHANGE_COLUMNS
} ExchangeColumn;

static const Column exchange_columns[] = {
  { N_("Date"), 64, PANGO_ALIGN_LEFT },
  { N_("Direction"), 56, PANGO_ALIGN_LEFT },
  { N_("Kind"), 64, PANGO_ALIGN_LEFT },
  { N_("Value"), 70, PANGO_ALIGN_RIGHT },
  { N_("Time"), 58, PANGO_ALIGN_RIGHT },
  { N_("Note"), 0, PANGO_ALIGN_LEFT },    /* the rest */
};

/* Where each column starts and how wide it is; the value column goes
 * when amounts are hidden. */
static void
exchange_column_box (Report         *r,
                     ExchangeColumn  column,
                     double         *x,
                     double         *width)
{
  double at = MARGIN;

  for (int c = 0; c < N_EXCHANGE_COLUMNS; c++)
    {
      double w;

      if (c == COLUMN_VALUE && r->hide_amounts)
        continue;
      w = exchange_columns[c].width > 0 ? exchange_columns[c].width : PAGE_WIDTH - MARGIN - at;
      if (c == (int) column)
        {
          *x = at;
          *width = w;
          return;
        }
      at += w;
    }
  *x = at;
  *width = 0;
}

static void
exchange_cells (Report           *r,
                const char      **cells,
                const char       *font,
                const MutualRgba *color)
{
  for (int c = 0; c < COLUMN_NOTE; c++)
    {
      double x, w;

      if (c == COLUMN_VALUE && r->hide_amounts)
        continue;
      exchange_column_box (r, c, &x, &w);
      show (r, cells[c], font, color, x + 2, r->y, w - 8, TRUE, exchange_columns[c].align);
    }
}

static void
exchange_header (Report *r)
{
  const char *cells[N_EXCHANGE_COLUMNS];
  double x, w;

  for (int c = 0; c < N_EXCHANGE_COLUMNS; c++)
    cells[c] = _(exchange_columns[c].title);
  exchange_cells (r, cells, "Sans Bold 8", &r->palette.dim);
  exchange_column_box (r, COLUMN_NOTE, &x, &w);
  show (r, cells[COLUMN_NOTE], "Sans Bold 8", &r->palette.dim, x + 2, r->y, w - 4, TRUE, PANGO_ALIGN_LEFT);
  r->y += ROW_HEIGHT;
  rule (r, r->y - 3, 0.35);
  r->y += 1;
}

static void
exchange_row (Report               *r,
              const MutualExchange *e)
{
  g_autofree char *date = mutual_chart_format_date (e->date);
  /* An exchange without a value (advice, a referral nobody priced) is
   * not one worth nothing. */
  g_autofree char *value = e->value > 0 ? money (r, e->value) : g_strdup ("—");
  g_autofree char *time = e->minutes >= 0 ? mutual_format_minutes (e->minutes) : g_strdup ("");
  const char *cells[N_EXCHANGE_COLUMNS] = {
    date,
    e->direction == MUTUAL_DIRECTION_GIVEN ? _("Given") : _("Received"),
    mutual_kind_to_label (e->kind),
    value, time, NULL,
  };
  g_autoptr(PangoLayout) note = NULL;
  double x, w, height = ROW_HEIGHT;
  double room = BOTTOM - MARGIN - 2 * ROW_HEIGHT;

  exchange_column_box (r, COLUMN_NOTE, &x, &w);
  if (e->note && *e->note)
    {
      note = wrapped_layout (r, e->note, "Sans 8.5", w - 4);
      height = MAX (height, layout_height (note) + 5);
    }
  /* A row moves to the next page whole, unless no page could hold it. */
  if (r->y + (height <= room ? height : 3 * ROW_HEIGHT) > BOTTOM)
    {
      page_break (r);
      exchange_header (r);
    }
  exchange_cells (r, cells, "Sans 8.5", &r->palette.foreground);
  if (note)
    {
      double top = r->y;
      int page = r->page;

      flow_layout (r, note, &r->palette.foreground, x + 2, w - 4, exchange_header);
      r->y = page == r->page ? MAX (r->y + 5, top + ROW_HEIGHT) : r->y + 5;
    }
  else
    r->y += ROW_HEIGHT;
  rule (r, r->y - 3, 0.08);
}

static void
cover_field (Report     *r,
             const char *label,
             const char *value,
             double      x,
             double      width)
{
  show (r, label, "Sans 8", &r->palette.dim, x, r->y, width - 8, TRUE, PANGO_ALIGN_LEFT);
  show (r, value, "Sans 10.5", &r->palette.foreground, x, r->y + 12, width - 8, FALSE, PANGO_ALIGN_LEFT);
}

typedef struct
{
  gint64 given;
  gint64 received;
  gint64 minutes_given;
  guint  n_given;
  guint  n_received;
} PeriodTotals;

static void
client_pages (Report                   *r,
              MutualLedger             *ledger,
              const MutualRelationship *rel,
              const MutualAssessment   *a,
              MutualChart              *chart,
              GPtrArray                *exchanges,
              const PeriodTotals       *t)
{
  const MutualRgba *fg = &r->palette.foreground;
  g_autoptr(GString) about = g_string_new (NULL);
  g_autofree char *from = mutual_chart_format_date (r->from);
  g_autofree char *to = mutual_chart_format_date (r->to);
  g_autofree char *made = mutual_chart_format_date (r->made);
  g_autofree char *period = NULL;
  g_autofree char *why = NULL;
  g_autofree char *hours = t->minutes_given > 0 ? mutual_format_minutes (t->minutes_given) : g_strdup ("—");
  g_autofree char *reciprocity = reciprocity_text (a);
  int n_fields = r->author ? 3 : 2;
  double field_width = CONTENT_WIDTH / n_fields;

  r->page = 1;
  r->y = MARGIN;

  /* The cover: for whom, by whom, which period. */
  r->y += show (r, _("Relationship review"), "Sans Bold 9", &r->palette.dim, MARGIN, r->y, CONTENT_WIDTH, TRUE, PANGO_ALIGN_LEFT);
  r->y += 2;
  r->y += show (r, rel->name, "Sans Bold 22", fg, MARGIN, r->y, CONTENT_WIDTH, FALSE, PANGO_ALIGN_LEFT);
  if (rel->organization && *rel->organization)
    g_string_append_printf (about, "%s · ", rel->organization);
  g_string_append (about, mutual_role_to_label (rel->role));
  g_string_append (about, " · ");
  g_string_append (about, mutual_assessment_class_label (a));
  if (r->include_private && a->override != MUTUAL_CLASS_NONE)
    g_string_append (about, _(" (set by you)"));
  r->y += 2;
  r->y += show (r, about->str, "Sans 10", &r->palette.dim, MARGIN, r->y, CONTENT_WIDTH, TRUE, PANGO_ALIGN_LEFT);
  r->y += 14;
  rule (r, r->y, 0.15);
  r->y += 10;
  /* Translators: a report's period, "1 Jan 2025 – 31 Dec 2025" */
  period = g_strdup_printf (_("%s – %s"), from, to);
  cover_field (r, _("Prepared for"), rel->name, MARGIN, field_width);
  if (r->author)
    cover_field (r, _("Prepared by"), r->author, MARGIN + field_width, field_width);
  cover_field (r, _("Period"), period, MARGIN + (n_fields - 1) * field_width, field_width);
  r->y += 34;
  {
    g_autofree char *line = r->hide_amounts
                            /* Translators: under a report's cover; the date it was made */
                            ? g_strdup_printf (_("Made %s · amounts hidden"), made)
                            /* Translators: under a report's cover; the date made, the currency */
                            : g_strdup_printf (_("Made %s · amounts in %s"), made, r->currency);

    r->y += show (r, line, "Sans 8", &r->palette.dim, MARGIN, r->y, CONTENT_WIDTH, TRUE, PANGO_ALIGN_LEFT);
  }
  r->y += 12;

  /* The chart, drawn by the window's renderer. */
  if (!r->measuring)
    {
      MutualChartOptions options;

      mutual_chart_options_init (&options);
      options.palette = &r->palette;
      /* Chart text is sized for 96 dpi; this page is in points. */
      options.scale = 0.72;
      options.hide_amounts = r->hide_amounts;
      cairo_save (r->cr);
      cairo_translate (r->cr, MARGIN, r->y);
      mutual_chart_draw (chart, r->cr, CONTENT_WIDTH, 230, &options);
      cairo_restore (r->cr);
    }
  r->y += 230 + 14;

  /* Metrics of the period. */
  need (r, 100);
  rule (r, r->y, 0.15);
  r->y += 10;
  if (r->hide_amounts)
    {
      g_autofree char *n_given = g_strdup_printf ("%u", t->n_given);
      g_autofree char *n_received = g_strdup_printf ("%u", t->n_received);

      metric (r, _("Exchanges given"), n_given, MARGIN, r->y);
      metric (r, _("Exchanges received"), n_received, MARGIN + CONTENT_WIDTH / 3, r->y);
      metric (r, _("Hours given"), hours, MARGIN + 2 * CONTENT_WIDTH / 3, r->y);
      r->y += 40;
      metric (r, _("Reciprocity, last 12 months"), reciprocity, MARGIN, r->y);
    }
  else
    {
      g_autofree char *given = money (r, t->given);
      g_autofree char *received = money (r, t->received);
      g_autofree char *balance = money (r, t->received - t->given);
      g_autofree char *per_hour = NULL;

      if (t->minutes_given > 0)
        {
          /* Received per hour given, rounded, in integers throughout. */
          gint64 m = t->minutes_given;
          gint64 per = (t->received / m) * 60 + ((t->received % m) * 60 + m / 2) / m;

          per_hour = money (r, per);
        }
      metric (r, _("Given"), given, MARGIN, r->y);
      metric (r, _("Received"), received, MARGIN + CONTENT_WIDTH / 3, r->y);
      metric (r, _("Balance"), balance, MARGIN + 2 * CONTENT_WIDTH / 3, r->y);
      r->y += 40;
      metric (r, _("Reciprocity, last 12 months"), reciprocity, MARGIN, r->y);
      metric (r, _("Hours given"), hours, MARGIN + CONTENT_WIDTH / 3, r->y);
      metric (r, _("Received per hour given"), per_hour ? per_hour : "—", MARGIN + 2 * CONTENT_WIDTH / 3, r->y);
    }
  r->y += 44;
  rule (r, r->y, 0.15);
  r->y += 12;

  /* The class in plain words. */
  need (r, 90);
  /* Translators: heading; the class ("Partnership", "Transactional") */
  why = g_strdup_printf (_("Why “%s”"), mutual_class_to_label (a->computed));
  r->y += show (r, why, "Sans Bold 12", fg, MARGIN, r->y, CONTENT_WIDTH, TRUE, PANGO_ALIGN_LEFT);
  r->y += 6;
  for (int test = 0; test < 3; test++)
    {
      gboolean passed = test == 0 ? a->ongoing : test == 1 ? a->beyond_money : a->two_way;
      g_autofree char *text = explain_test (r, a, test);
      g_autoptr(PangoLayout) layout = wrapped_layout (r, text, "Sans 10", CONTENT_WIDTH - 16);

      need (r, layout_height (layout));
      show (r, passed ? "✓" : "✗", "Sans Bold 10",
            passed ? &r->palette.positive : &r->palette.negative, MARGIN, r->y, 0, TRUE, PANGO_ALIGN_LEFT);
      flow_layout (r, layout, fg, MARGIN + 16, CONTENT_WIDTH - 16, NULL);
      r->y += 5;
    }

  /* What only you should read. */
  if (r->include_private)
    {
      if (a->override != MUTUAL_CLASS_NONE)
        {
          g_autofree char *text = NULL;

          if (rel->override_reason && *rel->override_reason)
            text = g_strdup_printf (_("You set the class to %s: %s"),
                                    mutual_class_to_label (a->override), rel->override_reason);
          else
            text = g_strdup_printf (_("You set the class to %s."), mutual_class_to_label (a->override));
          r->y += 4;
          flow_text (r, text, "Sans Italic 10", fg, MARGIN, CONTENT_WIDTH);
        }
      if (a->flags & MUTUAL_FLAG_ONE_SIDED)
        {
          g_autofree char *one_sided = r->hide_amounts ? g_strdup (_("One-sided in the last 6 months"))
                                                       : mutual_assessment_explain_one_sided (a, r->currency);
          g_autofree char *sentence = g_strconcat (one_sided, ".", NULL);

          r->y += 6;
          flow_text (r, sentence, "Sans 10", &r->palette.negative, MARGIN, CONTENT_WIDTH);
        }
      if (a->flags & MUTUAL_FLAG_DORMANT)
        {
          r->y += 6;
          flow_text (r, _("Dormant: no exchange in the last 6 months."), "Sans 10", &r->palette.dim,
                     MARGIN, CONTENT_WIDTH);
        }
      if (rel->notes && *rel->notes)
        {
          r->y += 10;
          need (r, 40);
          r->y += show (r, _("Private notes"), "Sans Bold 10", fg, MARGIN, r->y, CONTENT_WIDTH, TRUE, PANGO_ALIGN_LEFT);
          r->y += 3;
          flow_text (r, rel->notes, "Sans 10", fg, MARGIN, CONTENT_WIDTH);
        }
    }

  /* The exchanges of the period, the table's header on every page. */
  r->y += 16;
  need (r, 24 + 12 + 4 * ROW_HEIGHT);
  {
    /* Translators: heading of a report's table; the period's first and last day */
    g_autofree char *heading = g_strdup_printf (_("Exchanges from %s to %s"), from, to);

    r->y += show (r, heading, "Sans Bold 12", fg, MARGIN, r->y, CONTENT_WIDTH, TRUE, PANGO_ALIGN_LEFT);
    r->y += 8;
  }
  if (exchanges->len == 0)
    r->y += show (r, _("No exchanges in this period."), "Sans 10", &r->palette.dim,
                  MARGIN, r->y, CONTENT_WIDTH, TRUE, PANGO_ALIGN_LEFT);
  else
    {
      exchange_header (r);
      for (guint i = 0; i < exchanges->len; i++)
        exchange_row (r, g_ptr_array_index (exchanges, i));
    }
  end_page (r);
}

typedef struct
{
  MutualDate    from;
  MutualDate    to;
  GPtrArray    *exchanges;
  PeriodTotals *totals;
} Gather;

static gboolean
gather_exchange (const MutualExchange *exchange,
                 gpointer              user_data,
                 GError              **error)
{
  Gather *g = user_data;

  if (exchange->date < g->from || exchange->date > g->to)
    return TRUE;
  g_ptr_array_add (g->exchanges, mutual_exchange_copy (exchange));
  if (exchange->direction == MUTUAL_DIRECTION_GIVEN)
    {
      g->totals->n_given++;
      if (!mutual_money_add (&g->totals->given, exchange->value)
          || (exchange->minutes > 0 && !mutual_money_add (&g->totals->minutes_given, exchange->minutes)))
        goto overflow;
    }
  else
    {
      g->totals->n_received++;
      if (!mutual_money_add (&g->totals->received, exchange->value))
        goto overflow;
    }
  return TRUE;

overflow:
  g_set_error_literal (error, MUTUAL_ERROR, MUTUAL_ERROR_DATA,
                       _("The period's totals are too large to report."));
  return FALSE;
}

static gboolean
write_client_report (MutualLedger              *ledger,
                     const MutualReportOptions *options,
                     Report                    *r,
                     GError                   **error)
{
  g_autoptr(MutualRelationship) rel = NULL;
  g_autoptr(MutualChart) chart = NULL;
  g_autoptr(GPtrArray) exchanges = g_ptr_array_new_with_free_func ((GDestroyNotify) mutual_exchange_free);
  g_autofree char *to_text = NULL;
  g_autofree char *title = NULL;
  MutualAssessment a;
  PeriodTotals totals = { 0 };
  Gather gather;
  MutualDate first = 0, last = 0;

  rel = mutual_ledger_get_relationship (ledger, options->relationship_id, error);
  if (rel == NULL
      || !mutual_ledger_get_date_range (ledger, rel->id, &first, &last, error)
      || !mutual_ledger_assess (ledger, rel->id, r->to, &a, error))
    return FALSE;
  r->from = options->from ? options->from : (first && first <= r->to ? first : r->to);
  chart = mutual_chart_new_balance (ledger, rel->id, r->from, r->to, error);
  if (chart == NULL)
    return FALSE;

  gather = (Gather) { r->from, r->to, exchanges, &totals };
  if (!mutual_ledger_foreach_exchange (ledger, rel->id, gather_exchange, &gather, error))
    return FALSE;
  for (guint i = 0; i < exchanges->len; i++)
    r->largest = MAX (r->largest, ((MutualExchange *) g_ptr_array_index (exchanges, i))->value);

  to_text = mutual_chart_format_date (r->to);
  /* Translators: PDF title and page footer; a relationship's name and a date */
  title = g_strdup_printf (_("Review for %s, %s"), rel->name, to_text);
  cairo_pdf_surface_set_metadata (cairo_get_target (r->cr), CAIRO_PDF_METADATA_TITLE, title);
  if (r->author)
    cairo_pdf_surface_set_metadata (cairo_get_target (r->cr), CAIRO_PDF_METADATA_AUTHOR, r->author);
  r->footer_text = g_steal_pointer (&title);
  r->for_client = TRUE;

  /* Once to count the pages ("Page 2 of 5"), once to draw them. */
  r->measuring = TRUE;
  client_pages (r, ledger, rel, &a, chart, exchanges, &totals);
  r->n_pages = r->page;
  r->measuring = FALSE;
  client_pages (r, ledger, rel, &a, chart, exchanges, &totals);
  g_warn_if_fail (r->page == r->n_pages);
  return TRUE;
}

static gboolean
write_report (MutualLedger              *ledger,
              const char                *path,
              const MutualReportOptions *options,
              GError                   **error)
{
  MutualDate from = options->from, to = options->to, made = options->made;
  g_autoptr(GPtrArray) rels = NULL;
  g_autoptr(GArray) assessments = NULL;
  g_autoptr(GArray) entries = g_array_new (FALSE, FALSE, sizeof (Entry));
  g_autoptr(GByteArray) bytes = g_byte_array_new ();
  g_autofree char *title = NULL;
  MutualChartFormat format;
  Report r = { 0 };
  cairo_surface_t *surface;
  cairo_status_t status;
  guint n_partnerships = 0, n_one_sided = 0, n_dormant = 0;
  MutualDate first = 0, last = 0;
  gboolean ok = TRUE;

  g_return_val_if_fail (MUTUAL_IS_LEDGER (ledger), FALSE);

  if (!mutual_chart_format_from_path (path, &format, error))
    return FALSE;
  if (format != MUTUAL_CHART_FORMAT_PDF)
    {
      g_set_error (error, MUTUAL_ERROR, MUTUAL_ERROR_DATA,
                   _("“%s” does not end in .pdf; the report is a PDF."), path);
      return FALSE;
    }

  r.to = to ? to : mutual_date_today ();
  r.hide_amounts = options->hide_amounts;
  r.include_private = options->include_private;
  r.author = options->author && *options->author ? options->author : NULL;
  r.made = made ? made : mutual_date_today ();
  if (!mutual_ledger_get_date_range (ledger, 0, &first, &last, error))
    return FALSE;
  r.from = from ? from : (first && first <= r.to ? first : r.to);
  r.chart_from = from;
  r.currency = mutual_ledger_get_currency (ledger);
  mutual_chart_palette_init_light (&r.palette);

  if (options->relationship_id != 0)
    {
      surface = cairo_pdf_surface_create_for_stream (append_bytes, bytes, PAGE_WIDTH, PAGE_HEIGHT);
      cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Mutual");
      r.cr = cairo_create (surface);
      r.pango = pango_cairo_create_context (r.cr);
      pango_cairo_context_set_resolution (r.pango, 72);   /* sizes in points */
      ok = write_client_report (ledger, options, &r, error);
      goto finish;
    }

  assessments = mutual_ledger_assess_relationships (ledger, r.to, &rels, NULL, error);
  if (assessments == NULL)
    return FALSE;

  for (guint i = 0; i < rels->len; i++)
    {
      MutualRelationship *rel = g_ptr_array_index (rels, i);
      Entry e = { rel, &g_array_index (assessments, MutualAssessment, i) };

      if (rel->archived)
        continue;
      g_array_append_val (entries, e);
      n_partnerships += e.assessment->klass == MUTUAL_CLASS_PARTNERSHIP;
      n_one_sided += (e.assessment->flags & MUTUAL_FLAG_ONE_SIDED) != 0;
      n_dormant += (e.assessment->flags & MUTUAL_FLAG_DORMANT) != 0;
      r.largest = MAX (r.largest, MAX (e.assessment->given, e.assessment->received));
      r.largest = MAX (r.largest, ABS (mutual_assessment_balance (e.assessment)));
    }
  g_array_sort (entries, compare_entries);

  surface = cairo_pdf_surface_create_for_stream (append_bytes, bytes, PAGE_WIDTH, PAGE_HEIGHT);
  {
    g_autofree char *period_to = mutual_chart_format_date (r.to);

    /* Translators: PDF title; the date the figures are as of */
    title = g_strdup_printf (_("Mutual review report, %s"), period_to);
  }
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, title);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Mutual");
  r.cr = cairo_create (surface);
  r.pango = pango_cairo_create_context (r.cr);
  pango_cairo_context_set_resolution (r.pango, 72);   /* sizes in points */
  r.n_pages = count_summary_pages (entries->len) + (int) entries->len;
  {
    g_autofree char *made_text = mutual_chart_format_date (r.made);

    /* Translators: the portfolio review's page footer; the date made */
    r.footer_text = g_strdup_printf (_("Mutual review report · made %s"), made_text);
  }
  if (r.author)
    cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_AUTHOR, r.author);

  summary_pages (&r, entries, n_partnerships, n_one_sided, n_dormant);
  for (guint i = 0; ok && i < entries->len; i++)
    ok = relationship_page (&r, ledger, &g_array_index (entries, Entry, i), error);

finish:
  g_free (r.footer_text);
  status = cairo_status (r.cr);
  g_object_unref (r.pango);
  cairo_destroy (r.cr);
  cairo_surface_finish (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  if (!ok)
    return FALSE;
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, MUTUAL_ERROR, MUTUAL_ERROR_DATA,
                   _("Could not draw the report for “%s”: %s."), path, cairo_status_to_string (status));
      return FALSE;
    }
  if (options->relationship_id == 0)
    g_warn_if_fail (r.page == r.n_pages);

  return mutual_chart_write_file (path, bytes->data, bytes->len, error);
}

void
mutual_report_options_init (MutualReportOptions *options)
{
  memset (options, 0, sizeof *options);
}

gboolean
mutual_report_write_with_options (MutualLedger               *ledger,
                                  const char                 *path,
                                  const MutualReportOptions  *options,
                                  GError                    **error)
{
  gboolean began, ok;

  g_return_val_if_fail (MUTUAL_IS_LEDGER (ledger), FALSE);
  g_return_val_if_fail (options != NULL, FALSE);

  /* Its summary, pages and charts all from one state of the ledger. */
  began = mutual_ledger_begin_read (ledger);
  ok = write_report (ledger, path, options, error);
  mutual_ledger_end_read (ledger, began);
  return ok;
}

gboolean
mutual_report_write (MutualLedger  *ledger,
                     const char    *path,
                     MutualDate     from,
                     MutualDate     to,
                     MutualDate     made,
                     GError       **error)
{
  MutualReportOptions options;

  mutual_report_options_init (&options);
  options.from = from;
  options.to = to;
  options.made = made;
  return mutual_report_write_with_options (ledger, path, &options, error);
}
