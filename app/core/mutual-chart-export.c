/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mutual-chart"

#include "config.h"

#include <glib/gi18n.h>
#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <math.h>
#include <string.h>

#include "mutual-chart-private.h"
#include "mutual-error.h"
#include "mutual-file.h"

/* Export: the chart drawn to PNG, SVG or PDF bytes and written through
 * mutual-file. */

void
mutual_chart_export_options_init (MutualChartExportOptions *options)
{
  memset (options, 0, sizeof *options);
  options->width = 1200;
  options->height = 675;
  options->scale = 1;
}

gboolean
mutual_chart_format_from_path (const char         *path,
                               MutualChartFormat  *out,
                               GError            **error)
{
  const char *dot = path ? strrchr (path, '.') : NULL;
  const char *slash = path ? strrchr (path, '/') : NULL;

  if (dot && (slash == NULL || dot > slash))
    {
      if (g_ascii_strcasecmp (dot, ".png") == 0)
        *out = MUTUAL_CHART_FORMAT_PNG;
      else if (g_ascii_strcasecmp (dot, ".svg") == 0)
        *out = MUTUAL_CHART_FORMAT_SVG;
      else if (g_ascii_strcasecmp (dot, ".pdf") == 0)
        *out = MUTUAL_CHART_FORMAT_PDF;
      else
        dot = NULL;
      if (dot)
        return TRUE;
    }
  g_set_error (error, MUTUAL_ERROR, MUTUAL_ERROR_DATA,
               _("“%s” does not end in .png, .svg or .pdf."), path ? path : "");
  return FALSE;
}

gboolean
mutual_chart_write_file (const char    *path,
                         const guint8  *data,
                         gsize          length,
                         GError       **error)
{
  return mutual_file_write (path, data, length, error);
}

static cairo_status_t
append_bytes (void                *closure,
              const unsigned char *data,
              unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

/* Cairo's SVG draws glyphs as shapes: a <title> and <desc> make the file
 * say what it shows, to people and to screen readers. */
static void
svg_add_title (GByteArray *svg,
               const char *title,
               const char *description)
{
  const char *data = (const char *) svg->data;
  const char *tag = g_strstr_len (data, svg->len, "<svg");
  const char *end = tag ? memchr (tag, '>', svg->len - (gsize) (tag - data)) : NULL;
  g_autofree char *t = g_markup_escape_text (title ? title : "", -1);
  g_autofree char *d = g_markup_escape_text (description ? description : "", -1);
  g_autofree char *insert = g_strdup_printf ("\n<title>%s</title>\n<desc>%s</desc>", t, d);
  g_autoptr(GByteArray) rest = g_byte_array_new ();
  gsize at;

  if (end == NULL)
    return;
  at = (gsize) (end - data) + 1;
  g_byte_array_append (rest, svg->data + at, svg->len - at);
  g_byte_array_set_size (svg, at);
  g_byte_array_append (svg, (const guint8 *) insert, strlen (insert));
  g_byte_array_append (svg, rest->data, rest->len);
}

gboolean
mutual_chart_export (MutualChart                    *chart,
                     const char                     *path,
                     const MutualChartExportOptions *options,
                     GError                        **error)
{
  MutualChartExportOptions defaults;
  MutualChartOptions draw_options;
  MutualChartPalette palette;
  MutualChartFormat format;
  g_autofree char *title = NULL;
  g_autofree char *footer = NULL;
  g_autofree char *summary = NULL;
  g_autoptr(GByteArray) bytes = g_byte_array_new ();
  cairo_surface_t *surface;
  cairo_status_t status;
  cairo_t *cr;

  g_return_val_if_fail (chart != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (options == NULL)
    {
      mutual_chart_export_options_init (&defaults);
      options = &defaults;
    }
  if (!mutual_chart_format_from_path (path, &format, error))
    return FALSE;
  if (!(options->width >= MUTUAL_CHART_EXPORT_MIN_SIZE && options->width <= MUTUAL_CHART_EXPORT_MAX_SIZE
        && options->height >= MUTUAL_CHART_EXPORT_MIN_SIZE && options->height <= MUTUAL_CHART_EXPORT_MAX_SIZE))
    {
      g_set_error (error, MUTUAL_ERROR, MUTUAL_ERROR_DATA,
                   _("A chart must be from %d to %d wide and high."),
                   MUTUAL_CHART_EXPORT_MIN_SIZE, MUTUAL_CHART_EXPORT_MAX_SIZE);
      return FALSE;
    }
  if (!(options->scale >= 0.5 && options->scale <= 4)
      || (format == MUTUAL_CHART_FORMAT_PNG
          && (options->width * options->scale > 16384 || options->height * options->scale > 16384)))
    {
      g_set_error (error, MUTUAL_ERROR, MUTUAL_ERROR_DATA,
                   _("A PNG scale must be from 0.5 to 4, for at most 16384 pixels a side."));
      return FALSE;
    }

  if (options->title
      && (!g_utf8_validate (options->title, -1, NULL) || mutual_text_has_control (options->title, FALSE)))
    {
      g_set_error (error, MUTUAL_ERROR, MUTUAL_ERROR_DATA,
                   _("The title contains a line break or another control character."));
      return FALSE;
    }

  title = options->title ? g_strdup (options->title) : mutual_chart_dup_title (chart);
  footer = mutual_chart_dup_footer (chart, options->hide_amounts, options->made);
  summary = mutual_chart_describe (chart, options->hide_amounts);

  mutual_chart_palette_init_light (&palette);
  mutual_chart_options_init (&draw_options);
  draw_options.palette = &palette;
  draw_options.title = title;
  draw_options.footer = footer;
  draw_options.hide_amounts = options->hide_amounts;
  /* Text scales with the picture so a large export stays balanced. */
  draw_options.scale = CLAMP (MIN (options->width / 900.0, options->height / 500.0), 0.8, 3.0);

  switch (format)
    {
    case MUTUAL_CHART_FORMAT_PNG:
      surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32,
                                            (int) ceil (options->width * options->scale),
                                            (int) ceil (options->height * options->scale));
      break;
    case MUTUAL_CHART_FORMAT_SVG:
      surface = cairo_svg_surface_create_for_stream (append_bytes, bytes, options->width, options->height);
      /* An SVG is sized in pixels, like the PNG of the same options. */
      cairo_svg_surface_set_document_unit (surface, CAIRO_SVG_UNIT_PX);
      break;
    case MUTUAL_CHART_FORMAT_PDF:
    default:
      surface = cairo_pdf_surface_create_for_stream (append_bytes, bytes, options->width, options->height);
      cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, title);
      cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_SUBJECT, summary);
      cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Mutual");
      break;
    }

  cr = cairo_create (surface);
  if (format == MUTUAL_CHART_FORMAT_PNG)
    cairo_scale (cr, options->scale, options->scale);
  mutual_chart_draw (chart, cr, options->width, options->height, &draw_options);
  status = cairo_status (cr);
  cairo_destroy (cr);
  if (format == MUTUAL_CHART_FORMAT_PNG && status == CAIRO_STATUS_SUCCESS
      && !mutual_chart_encode_png (surface, bytes, error))
    {
      cairo_surface_destroy (surface);
      return FALSE;
    }
  cairo_surface_finish (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, MUTUAL_ERROR, MUTUAL_ERROR_DATA,
                   _("Could not draw the chart for “%s”: %s."), path, cairo_status_to_string (status));
      return FALSE;
    }
  if (format == MUTUAL_CHART_FORMAT_SVG)
    svg_add_title (bytes, title, summary);

  return mutual_chart_write_file (path, bytes->data, bytes->len, error);
}
