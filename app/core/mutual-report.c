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
} Report;

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
  cairo_set_source_rgba (r->cr, color->red, color->green, color->blue, color->alpha);
  cairo_move_to (r->cr, x, y);
  pango_cairo_show_layout (r->cr, layout);
  pango_layout_get_size (layout, &pw, &ph);
  return (double) ph / PANGO_SCALE;
}

static void
footer (Report *r)
{
  g_autofree char *made = mutual_chart_format_date (r->made);
  /* Translators: report page footer; date made, page number, page count */
  g_autofree char *text = g_strdup_printf (_("Mutual review report · made %s · page %d of %d"),
                                           made, r->page, r->n_pages);

  show (r, text, "Sans 7.5", &r->palette.dim, MARGIN, FOOTER_Y, CONTENT_WIDTH, TRUE, PANGO_ALIGN_CENTER);
}

static void
rule (Report *r,
      double  y,
      double  alpha)
{
  cairo_set_source_rgba (r->cr, 0, 0, 0, alpha);
  cairo_set_line_width (r->cr, 0.5);
  cairo_move_to (r->cr, MARGIN, y);
  cairo_line_to (r->cr, PAGE_WIDTH - MARGIN, y);
  cairo_stroke (r->cr);
}

static char *
money (Report *r,
       gint64  value)
{
  return mutual_money_format (value, r->currency, MUTUAL_MONEY_FORMAT_SYMBOL | MUTUAL_MONEY_FORMAT_SHORT);
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
          g_autofree char *period = g_strdup_printf (_("Figures as of %s · charts from %s · amounts in %s · made %s"),
                                                     to, from, r->currency, made);
          g_autofree char *counts = NULL;

          y += show (r, _("Review report"), "Sans Bold 20", fg, MARGIN, y, CONTENT_WIDTH, TRUE, PANGO_ALIGN_LEFT);
          y += 4;
          y += show (r, period, "Sans 9", &r->palette.dim, MARGIN, y, CONTENT_WIDTH, FALSE, PANGO_ALIGN_LEFT);
          y += 14;
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
    per_hour = mutual_assessment_value_per_hour (a, &per) ? money (r, per) : g_strdup ("—");
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
      g_autofree char *text = mutual_assessment_explain_test (a, test, r->currency);

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

static gboolean
write_report (MutualLedger  *ledger,
              const char    *path,
              MutualDate     from,
              MutualDate     to,
              MutualDate     made,
              GError       **error)
{
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
  r.made = made ? made : mutual_date_today ();
  if (!mutual_ledger_get_date_range (ledger, 0, &first, &last, error))
    return FALSE;
  r.from = from ? from : (first && first <= r.to ? first : r.to);
  r.chart_from = from;
  r.currency = mutual_ledger_get_currency (ledger);
  mutual_chart_palette_init_light (&r.palette);

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

  summary_pages (&r, entries, n_partnerships, n_one_sided, n_dormant);
  for (guint i = 0; ok && i < entries->len; i++)
    ok = relationship_page (&r, ledger, &g_array_index (entries, Entry, i), error);

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
  g_warn_if_fail (r.page == r.n_pages);

  return mutual_chart_write_file (path, bytes->data, bytes->len, error);
}

gboolean
mutual_report_write (MutualLedger  *ledger,
                     const char    *path,
                     MutualDate     from,
                     MutualDate     to,
                     MutualDate     made,
                     GError       **error)
{
  gboolean began, ok;

  g_return_val_if_fail (MUTUAL_IS_LEDGER (ledger), FALSE);

  /* Its summary, pages and charts all from one state of the ledger. */
  began = mutual_ledger_begin_read (ledger);
  ok = write_report (ledger, path, from, to, made, error);
  mutual_ledger_end_read (ledger, began);
  return ok;
}
