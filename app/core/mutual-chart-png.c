/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mutual-chart"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>
#include <zlib.h>

#include "mutual-chart-private.h"
#include "mutual-error.h"

/* Cairo's own PNG writer spends most of an export's time in zlib's default
 * level. A chart is flat colour with thin lines: rows filtered against the
 * row above are mostly zeros, which the fastest deflate level packs nearly
 * as well in a fraction of the time (and smaller than its RLE strategy). */

static void
put_be32 (GByteArray *out,
          guint32     v)
{
  guint8 b[4] = { v >> 24, v >> 16, v >> 8, v };

  g_byte_array_append (out, b, 4);
}

static void
put_chunk (GByteArray   *out,
           const char   *type,
           const guint8 *data,
           gsize         length)
{
  uLong crc = crc32 (0, (const Bytef *) type, 4);

  if (length > 0)
    crc = crc32 (crc, data, (uInt) length);
  put_be32 (out, (guint32) length);
  g_byte_array_append (out, (const guint8 *) type, 4);
  if (length > 0)
    g_byte_array_append (out, data, (guint) length);
  put_be32 (out, (guint32) crc);
}

static gboolean
png_error (GError **error)
{
  g_set_error (error, MUTUAL_ERROR, MUTUAL_ERROR_DATA,
               _("The chart could not be encoded as PNG."));
  return FALSE;
}

/* Encodes with @channels 3 (RGB) or 4 (RGBA). Returns FALSE with
 * *@translucent set when RGB was asked for and a pixel is not opaque. */
static gboolean
encode (const guint8 *pixels,
        int           width,
        int           height,
        int           stride,
        int           channels,
        GByteArray   *out,
        gboolean     *translucent)
{
  static const guint8 signature[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
  gsize row_bytes = (gsize) width * channels;
  gsize chunk_size = 256 * 1024;
  g_autofree guint8 *rows = g_malloc0 (2 * row_bytes);
  g_autofree guint8 *filtered = g_malloc (row_bytes + 1);
  g_autofree guint8 *chunk = g_malloc (chunk_size);
  guint8 *row = rows, *previous = rows + row_bytes;
  guint8 header[13];
  z_stream z = { 0 };
  int rc = Z_OK;

  *translucent = FALSE;
  g_byte_array_append (out, signature, sizeof signature);
  header[0] = width >> 24; header[1] = width >> 16; header[2] = width >> 8; header[3] = width;
  header[4] = height >> 24; header[5] = height >> 16; header[6] = height >> 8; header[7] = height;
  header[8] = 8;                          /* bits per channel */
  header[9] = channels == 3 ? 2 : 6;      /* RGB or RGBA */
  header[10] = 0;                         /* deflate */
  header[11] = 0;                         /* adaptive filtering */
  header[12] = 0;                         /* no interlace */
  put_chunk (out, "IHDR", header, sizeof header);

  if (deflateInit2 (&z, 1, Z_DEFLATED, 15, 8, Z_DEFAULT_STRATEGY) != Z_OK)
    return FALSE;

  for (int y = 0; y < height; y++)
    {
      const guint32 *p = (const guint32 *) (pixels + (gsize) y * stride);
      guint8 *o = row;
      guint8 *swap;
      guint32 opaque = 0xffffffff;
      gboolean filtered_done = FALSE;

      /* Cairo keeps premultiplied native-endian ARGB; PNG wants straight
       * RGB(A). A chart's rows are opaque: they take the plain loop. */
      for (int x = 0; x < width; x++)
        opaque &= p[x];
      if ((opaque >> 24) == 0xff && channels == 3)
        {
          /* The common case in one pass: each pixel to RGB, and its
           * difference from the one above ("Up") at once. */
          guint8 *f = filtered + 1;
          const guint8 *up = previous;

          for (int x = 0; x < width; x++, o += 3, f += 3, up += 3)
            {
              guint32 v = p[x];
              guint8 r = v >> 16, g = v >> 8, b = v;

              o[0] = r;
              o[1] = g;
              o[2] = b;
              f[0] = r - up[0];
              f[1] = g - up[1];
              f[2] = b - up[2];
            }
          filtered_done = TRUE;
        }
      else if ((opaque >> 24) == 0xff)
        {
          for (int x = 0; x < width; x++, o += 4)
            {
              guint32 v = p[x];

              o[0] = v >> 16;
              o[1] = v >> 8;
              o[2] = v;
              o[3] = 0xff;
            }
        }
      else if (channels == 3)
        {
          deflateEnd (&z);
          *translucent = TRUE;
          return FALSE;
        }
      else
        {
          for (int x = 0; x < width; x++)
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
              o += 4;
            }
        }

      filtered[0] = 2;                    /* "Up": the difference from the row above */
      if (!filtered_done)
        for (gsize i = 0; i < row_bytes; i++)
          filtered[i + 1] = row[i] - previous[i];
      swap = previous;
      previous = row;
      row = swap;

      z.next_in = filtered;
      z.avail_in = (uInt) (row_bytes + 1);
      do
        {
          z.next_out = chunk;
          z.avail_out = (uInt) chunk_size;
          rc = deflate (&z, y == height - 1 ? Z_FINISH : Z_NO_FLUSH);
          if (rc == Z_STREAM_ERROR)
            {
              deflateEnd (&z);
              return FALSE;
            }
          if (chunk_size - z.avail_out > 0)
            put_chunk (out, "IDAT", chunk, chunk_size - z.avail_out);
        }
      while (z.avail_out == 0 || (y == height - 1 && rc != Z_STREAM_END));
    }
  deflateEnd (&z);
  put_chunk (out, "IEND", NULL, 0);
  return TRUE;
}

gboolean
mutual_chart_encode_png (cairo_surface_t  *surface,
                         GByteArray       *out,
                         GError          **error)
{
  const guint8 *pixels;
  int width, height, stride;
  guint start = out->len;
  gboolean translucent = FALSE;

  if (cairo_surface_get_type (surface) != CAIRO_SURFACE_TYPE_IMAGE
      || cairo_image_surface_get_format (surface) != CAIRO_FORMAT_ARGB32)
    return png_error (error);

  cairo_surface_flush (surface);
  width = cairo_image_surface_get_width (surface);
  height = cairo_image_surface_get_height (surface);
  stride = cairo_image_surface_get_stride (surface);
  pixels = cairo_image_surface_get_data (surface);
  if (pixels == NULL || width <= 0 || height <= 0)
    return png_error (error);

  /* Charts are opaque: try RGB, start again with alpha on the first
   * pixel that is not. */
  if (encode (pixels, width, height, stride, 3, out, &translucent))
    return TRUE;
  g_byte_array_set_size (out, start);
  if (translucent && encode (pixels, width, height, stride, 4, out, &translucent))
    return TRUE;
  g_byte_array_set_size (out, start);
  return png_error (error);
}
