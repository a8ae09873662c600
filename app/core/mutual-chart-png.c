/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mutual-chart"

#include "config.h"

#include <glib/gi18n.h>
#include <png.h>
#include <setjmp.h>

#include "mutual-chart-private.h"
#include "mutual-error.h"

/* Cairo's own PNG writer spends most of an export's time in zlib's default
 * level with adaptive filtering. A chart is flat colour with thin lines:
 * rows filtered against the row above ("Up") are mostly zeros, which the
 * fastest deflate level packs nearly as well in a fraction of the time. */

typedef struct
{
  GByteArray *out;
  gboolean    failed;
} Sink;

static void
write_bytes (png_structp png,
             png_bytep   data,
             png_size_t  length)
{
  Sink *sink = png_get_io_ptr (png);

  if (length > G_MAXUINT - sink->out->len)
    {
      sink->failed = TRUE;
      png_error (png, "too large");
    }
  g_byte_array_append (sink->out, data, (guint) length);
}

static void
flush_bytes (png_structp png)
{
}

/* libpng reports through a longjmp; its messages are for developers, the
 * user gets one sentence from mutual_chart_encode_png(). */
static void
on_png_error (png_structp     png,
              png_const_charp message)
{
  g_debug ("libpng: %s", message);
  png_longjmp (png, 1);
}

static void
on_png_warning (png_structp     png,
                png_const_charp message)
{
  g_debug ("libpng: %s", message);
}

static gboolean
is_opaque (const guint8 *pixels,
           int           width,
           int           height,
           int           stride)
{
  for (int y = 0; y < height; y++)
    {
      const guint32 *p = (const guint32 *) (pixels + (gsize) y * stride);
      guint32 all = 0xffffffff;

      for (int x = 0; x < width; x++)
        all &= p[x];
      if ((all >> 24) != 0xff)
        return FALSE;
    }
  return TRUE;
}

/* Cairo keeps premultiplied native-endian ARGB; PNG wants straight
 * RGB(A) bytes. */
static void
convert_row (const guint32 *p,
             int            width,
             int            channels,
             guint8        *o)
{
  if (channels == 3)
    {
      for (int x = 0; x < width; x++, o += 3)
        {
          o[0] = p[x] >> 16;
          o[1] = p[x] >> 8;
          o[2] = p[x];
        }
      return;
    }

  for (int x = 0; x < width; x++, o += 4)
    {
      guint32 v = p[x];
      guint a = v >> 24;
      guint r = (v >> 16) & 0xff, g = (v >> 8) & 0xff, b = v & 0xff;

      if (a != 0 && a != 0xff)
        {
          r = (r * 255 + a / 2) / a;
          g = (g * 255 + a / 2) / a;
          b = (b * 255 + a / 2) / a;
        }
      o[0] = r;
      o[1] = g;
      o[2] = b;
      o[3] = a;
    }
}

/* Everything libpng touches between setjmp and longjmp lives in here, so
 * no local of the caller is left indeterminate by the jump. */
typedef struct
{
  const guint8 *pixels;
  int           width;
  int           height;
  int           stride;
  int           channels;
  guint8       *row;
  Sink          sink;
  gboolean      done;
} Encoding;

static gboolean
encode (Encoding *e)
{
  png_structp png;
  png_infop info;
  gboolean ok;

  png = png_create_write_struct (PNG_LIBPNG_VER_STRING, NULL, on_png_error, on_png_warning);
  if (png == NULL)
    return FALSE;
  info = png_create_info_struct (png);
  if (info == NULL)
    {
      png_destroy_write_struct (&png, NULL);
      return FALSE;
    }

  if (setjmp (png_jmpbuf (png)) == 0)
    {
      png_set_write_fn (png, &e->sink, write_bytes, flush_bytes);
      png_set_compression_level (png, 1);
      png_set_filter (png, PNG_FILTER_TYPE_BASE, PNG_FILTER_UP);
      png_set_IHDR (png, info, e->width, e->height, 8,
                    e->channels == 3 ? PNG_COLOR_TYPE_RGB : PNG_COLOR_TYPE_RGB_ALPHA,
                    PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_BASE, PNG_FILTER_TYPE_BASE);
      png_write_info (png, info);
      for (int y = 0; y < e->height; y++)
        {
          convert_row ((const guint32 *) (e->pixels + (gsize) y * e->stride),
                       e->width, e->channels, e->row);
          png_write_row (png, e->row);
        }
      png_write_end (png, info);
      e->done = !e->sink.failed;
    }
  ok = e->done;
  png_destroy_write_struct (&png, &info);
  return ok;
}

gboolean
mutual_chart_encode_png (cairo_surface_t  *surface,
                         GByteArray       *out,
                         GError          **error)
{
  Encoding e = { 0 };
  g_autofree guint8 *row = NULL;
  guint start = out->len;

  if (cairo_surface_get_type (surface) != CAIRO_SURFACE_TYPE_IMAGE
      || cairo_image_surface_get_format (surface) != CAIRO_FORMAT_ARGB32)
    goto failed;

  cairo_surface_flush (surface);
  e.width = cairo_image_surface_get_width (surface);
  e.height = cairo_image_surface_get_height (surface);
  e.stride = cairo_image_surface_get_stride (surface);
  e.pixels = cairo_image_surface_get_data (surface);
  if (e.pixels == NULL || e.width <= 0 || e.height <= 0)
    goto failed;

  /* Charts are opaque, and RGB is a quarter smaller than RGBA. */
  e.channels = is_opaque (e.pixels, e.width, e.height, e.stride) ? 3 : 4;
  e.row = row = g_malloc ((gsize) e.width * e.channels);
  e.sink.out = out;
  if (encode (&e))
    return TRUE;

failed:
  g_byte_array_set_size (out, start);
  g_set_error (error, MUTUAL_ERROR, MUTUAL_ERROR_DATA,
               _("The chart could not be encoded as PNG."));
  return FALSE;
}
