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

/* Images at least this tall are encoded in two bands at once, one in a
 * second thread: deflate is most of an export's time, and a chart export
 * has the machine's other core to itself. */
#define BAND_MIN_ROWS 64

/* A band of rows [y0, y1) of the image, filtered and deflated as raw
 * data (the zlib wrapper is added once, around all bands): it ends on a
 * byte boundary, the last band with the final block. */
typedef struct
{
  const guint8 *pixels;
  int           width;
  int           stride;
  int           channels;
  int           y0;
  int           y1;
  gboolean      last;
  GByteArray   *deflated;
  uLong         adler;        /* of the filtered rows, for the wrapper */
  gsize         length;       /* how many bytes were filtered */
  gboolean      translucent;  /* RGB was asked for and a pixel is not opaque */
  gboolean      ok;
} Band;

/* Cairo keeps premultiplied native-endian ARGB; PNG wants straight
 * RGB(A). Writes row @y into @o; FALSE if RGB was asked for and a pixel
 * is not opaque. When @previous is given, also writes into @filtered
 * the "Up" filter (the difference from @previous), in the same pass
 * for the common case, an opaque RGB row. */
static gboolean
convert_row (const Band   *band,
             int           y,
             guint8       *o,
             const guint8 *previous,
             guint8       *filtered)
{
  const guint32 *p = (const guint32 *) (band->pixels + (gsize) y * band->stride);
  gsize row_bytes = (gsize) band->width * band->channels;
  guint32 opaque = 0xffffffff;

  for (int x = 0; x < band->width; x++)
    opaque &= p[x];

  if ((opaque >> 24) == 0xff && band->channels == 3)
    {
      for (int x = 0; x < band->width; x++, o += 3)
        {
          guint32 v = p[x];
          guint8 r = v >> 16, g = v >> 8, b = v;

          o[0] = r;
          o[1] = g;
          o[2] = b;
          if (previous)
            {
              filtered[0] = r - previous[0];
              filtered[1] = g - previous[1];
              filtered[2] = b - previous[2];
              filtered += 3;
              previous += 3;
            }
        }
      return TRUE;
    }
  if (band->channels == 3)
    return FALSE;

  for (int x = 0; x < band->width; x++, o += 4)
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
  if (previous)
    {
      o -= row_bytes;
      for (gsize i = 0; i < row_bytes; i++)
        filtered[i] = o[i] - previous[i];
    }
  return TRUE;
}

static gpointer
encode_band (gpointer data)
{
  Band *band = data;
  gsize row_bytes = (gsize) band->width * band->channels;
  gsize chunk_size = 64 * 1024;
  g_autofree guint8 *rows = g_malloc0 (2 * row_bytes);
  g_autofree guint8 *filtered = g_malloc (row_bytes + 1);
  g_autofree guint8 *chunk = g_malloc (chunk_size);
  guint8 *row = rows, *previous = rows + row_bytes;
  z_stream z = { 0 };

  band->ok = FALSE;
  band->adler = adler32 (0, NULL, 0);
  /* The row above the band, which its first row is filtered against. */
  if (band->y0 > 0 && !convert_row (band, band->y0 - 1, previous, NULL, NULL))
    {
      band->translucent = TRUE;
      return NULL;
    }
  if (deflateInit2 (&z, 1, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) != Z_OK)
    return NULL;

  for (int y = band->y0; y < band->y1; y++)
    {
      int flush = y < band->y1 - 1 ? Z_NO_FLUSH : band->last ? Z_FINISH : Z_SYNC_FLUSH;
      guint8 *swap;
      int rc;

      filtered[0] = 2;                    /* "Up" */
      if (!convert_row (band, y, row, previous, filtered + 1))
        {
          band->translucent = TRUE;
          deflateEnd (&z);
          return NULL;
        }
      swap = previous;
      previous = row;
      row = swap;

      band->adler = adler32 (band->adler, filtered, (uInt) (row_bytes + 1));
      band->length += row_bytes + 1;
      z.next_in = filtered;
      z.avail_in = (uInt) (row_bytes + 1);
      do
        {
          z.next_out = chunk;
          z.avail_out = (uInt) chunk_size;
          rc = deflate (&z, flush);
          if (rc == Z_STREAM_ERROR)
            {
              deflateEnd (&z);
              return NULL;
            }
          g_byte_array_append (band->deflated, chunk, (guint) (chunk_size - z.avail_out));
        }
      while (z.avail_out == 0 || (flush == Z_FINISH && rc != Z_STREAM_END));
    }
  deflateEnd (&z);
  band->ok = TRUE;
  return NULL;
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
  /* zlib's wrapper: deflate with a 32 KB window, the fastest level. */
  static const guint8 zlib_header[2] = { 0x78, 0x01 };
  Band bands[2];
  guint n_bands = height >= BAND_MIN_ROWS ? 2 : 1;
  g_autoptr(GByteArray) data = g_byte_array_new ();
  GThread *thread = NULL;
  guint8 header[13];
  uLong adler;
  gboolean ok = TRUE;

  *translucent = FALSE;
  for (guint i = 0; i < n_bands; i++)
    {
      bands[i] = (Band) {
        .pixels = pixels,
        .width = width,
        .stride = stride,
        .channels = channels,
        .y0 = (int) (height * (gint64) i / n_bands),
        .y1 = (int) (height * (gint64) (i + 1) / n_bands),
        .last = i == n_bands - 1,
        .deflated = g_byte_array_new (),
      };
    }
  if (n_bands == 2)
    thread = g_thread_try_new ("mutual-png", encode_band, &bands[1], NULL);
  encode_band (&bands[0]);
  if (n_bands == 2)
    {
      if (thread)
        g_thread_join (thread);
      else
        encode_band (&bands[1]);
    }

  g_byte_array_append (data, zlib_header, sizeof zlib_header);
  adler = bands[0].adler;
  for (guint i = 0; i < n_bands; i++)
    {
      *translucent |= bands[i].translucent;
      ok &= bands[i].ok;
      g_byte_array_append (data, bands[i].deflated->data, bands[i].deflated->len);
      if (i > 0)
        adler = adler32_combine (adler, bands[i].adler, (z_off_t) bands[i].length);
      g_byte_array_unref (bands[i].deflated);
    }
  if (!ok)
    return FALSE;
  {
    guint8 check[4] = { adler >> 24, adler >> 16, adler >> 8, adler };

    g_byte_array_append (data, check, sizeof check);
  }

  g_byte_array_append (out, signature, sizeof signature);
  header[0] = width >> 24; header[1] = width >> 16; header[2] = width >> 8; header[3] = width;
  header[4] = height >> 24; header[5] = height >> 16; header[6] = height >> 8; header[7] = height;
  header[8] = 8;                          /* bits per channel */
  header[9] = channels == 3 ? 2 : 6;      /* RGB or RGBA */
  header[10] = 0;                         /* deflate */
  header[11] = 0;                         /* adaptive filtering */
  header[12] = 0;                         /* no interlace */
  put_chunk (out, "IHDR", header, sizeof header);
  for (guint offset = 0; offset < data->len; offset += 256 * 1024)
    put_chunk (out, "IDAT", data->data + offset, MIN (256 * 1024, data->len - offset));
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
