/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Chart rendering times (DESIGN.md: a 100,000-point chart to a 1600×900
 * PNG in ≤ 30 ms). Medians of RUNS runs, in-process, each step timed on
 * its own: building the data, drawing, encoding and writing the PNG.
 * Set MUTUAL_BENCH_LEDGER to a ledger made by
 * `mutual demo --relationships=10000 --exchanges=1000000` to include its
 * 100,000-exchange relationship; without it, synthetic series only. */
#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <sqlite3.h>
#include <stdlib.h>

#include "core/mutual-ledger-private.h"
#include "core/mutual-chart-private.h"
#include "core/mutual-chart.h"

#define RUNS 9
#define WIDTH 1600
#define HEIGHT 900

static double
now_ms (void)
{
  return g_get_monotonic_time () / 1e3;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
median (double *values)
{
  qsort (values, RUNS, sizeof (double), compare_doubles);
  return values[RUNS / 2];
}

/* Draw, encode and write @chart as the export does; fills the medians. */
static void
time_render (MutualChart *chart,
             const char  *path,
             double      *draw_ms,
             double      *encode_ms,
             double      *write_ms,
             double      *export_ms)
{
  double draw[RUNS], encode[RUNS], write[RUNS], export[RUNS];
  MutualChartPalette palette;
  MutualChartOptions options;
  MutualChartExportOptions export_options;
  g_autofree char *title = mutual_chart_dup_title (chart);

  mutual_chart_palette_init_light (&palette);
  mutual_chart_options_init (&options);
  options.palette = &palette;
  options.title = title;
  options.footer = "Amounts in EUR";
  options.scale = 1.8;
  mutual_chart_export_options_init (&export_options);
  export_options.width = WIDTH;
  export_options.height = HEIGHT;

  for (int i = 0; i < RUNS; i++)
    {
      cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, WIDTH, HEIGHT);
      cairo_t *cr = cairo_create (surface);
      g_autoptr(GByteArray) bytes = g_byte_array_new ();
      g_autoptr(GError) error = NULL;
      double t0, t1, t2, t3, t4;

      t0 = now_ms ();
      mutual_chart_draw (chart, cr, WIDTH, HEIGHT, &options);
      cairo_surface_flush (surface);
      t1 = now_ms ();
      if (!mutual_chart_encode_png (surface, bytes, &error))
        g_error ("%s", error->message);
      t2 = now_ms ();
      if (!mutual_chart_write_file (path, bytes->data, bytes->len, &error))
        g_error ("%s", error->message);
      t3 = now_ms ();
      if (!mutual_chart_export (chart, path, &export_options, &error))
        g_error ("%s", error->message);
      t4 = now_ms ();

      draw[i] = t1 - t0;
      encode[i] = t2 - t1;
      write[i] = t3 - t2;
      export[i] = t4 - t3;
      cairo_destroy (cr);
      cairo_surface_destroy (surface);
    }
  *draw_ms = median (draw);
  *encode_ms = median (encode);
  *write_ms = median (write);
  *export_ms = median (export);
}

static void
print_row (const char *what,
           guint       n_points,
           double      build_ms,
           double      draw_ms,
           double      encode_ms,
           double      write_ms,
           double      export_ms)
{
  g_print ("%-40s %7u points  build %7.2f ms  draw %6.2f ms  png encode %6.2f ms  write %6.2f ms"
           "  = draw+encode %6.2f ms (target 30)  whole export %6.2f ms\n",
           what, n_points, build_ms, draw_ms, encode_ms, write_ms, draw_ms + encode_ms, export_ms);
}

static MutualChart *
synthetic (guint n)
{
  g_autoptr(GArray) days = g_array_new (FALSE, FALSE, sizeof (MutualDayTotal));
  GRand *rand = g_rand_new_with_seed (42);
  MutualDate start = mutual_date_add_days (20261122, -(gint32) n);
  MutualChart *chart;

  for (guint i = 0; i < n; i++)
    {
      MutualDayTotal d = { mutual_date_add_days (start, (gint32) i), 0, 0 };

      if (g_rand_boolean (rand))
        d.given = g_rand_int_range (rand, 0, 500000);
      else
        d.received = g_rand_int_range (rand, 0, 500000);
      g_array_append_val (days, d);
    }
  g_rand_free (rand);
  chart = mutual_chart_new_balance_from_days ((MutualDayTotal *) days->data, days->len, NULL, 0,
                                              0, 20261122, "Synthetic", "EUR");
  return chart;
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *dir = g_dir_make_tmp ("mutual-bench-chart-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "chart.png", NULL);
  const char *ledger_path = g_getenv ("MUTUAL_BENCH_LEDGER");
  const guint sizes[] = { 2000, 100000 };
  double draw, encode, write, export;

  setlocale (LC_ALL, "");

  for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
    {
      double build[RUNS];
      g_autoptr(MutualChart) chart = NULL;
      g_autofree char *what = g_strdup_printf ("synthetic series of %u days", sizes[s]);
      guint n;

      for (int i = 0; i < RUNS; i++)
        {
          double t0 = now_ms ();
          g_clear_pointer (&chart, mutual_chart_unref);
          chart = synthetic (sizes[s]);
          build[i] = now_ms () - t0;
        }
      mutual_chart_get_points (chart, &n);
      time_render (chart, path, &draw, &encode, &write, &export);
      print_row (what, n, median (build), draw, encode, write, export);
    }

  if (ledger_path)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(MutualLedger) ledger = mutual_ledger_open (ledger_path, &error);
      sqlite3_stmt *stmt = NULL;
      gint64 id = 0, count = 0;
      double build[RUNS];
      g_autoptr(MutualChart) chart = NULL;
      g_autofree char *what = NULL;
      guint n;

      if (ledger == NULL)
        g_error ("%s", error->message);
      sqlite3_prepare_v2 (mutual_ledger_get_db (ledger),
                          "SELECT relationship, COUNT(*) c FROM exchange GROUP BY relationship ORDER BY c DESC LIMIT 1",
                          -1, &stmt, NULL);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        {
          id = sqlite3_column_int64 (stmt, 0);
          count = sqlite3_column_int64 (stmt, 1);
        }
      sqlite3_finalize (stmt);

      for (int i = 0; i < RUNS; i++)
        {
          double t0 = now_ms ();
          g_clear_pointer (&chart, mutual_chart_unref);
          chart = mutual_chart_new_balance (ledger, id, 0, 20261122, &error);
          if (chart == NULL)
            g_error ("%s", error->message);
          build[i] = now_ms () - t0;
        }
      mutual_chart_get_points (chart, &n);
      what = g_strdup_printf ("relationship of %" G_GINT64_FORMAT " exchanges", count);
      time_render (chart, path, &draw, &encode, &write, &export);
      print_row (what, n, median (build), draw, encode, write, export);

      for (int i = 0; i < RUNS; i++)
        {
          double t0 = now_ms ();
          g_clear_pointer (&chart, mutual_chart_unref);
          chart = mutual_chart_new_balance (ledger, 0, 0, 20261122, &error);
          if (chart == NULL)
            g_error ("%s", error->message);
          build[i] = now_ms () - t0;
        }
      mutual_chart_get_points (chart, &n);
      time_render (chart, path, &draw, &encode, &write, &export);
      print_row ("portfolio of the ledger", n, median (build), draw, encode, write, export);

      for (int i = 0; i < RUNS; i++)
        {
          double t0 = now_ms ();
          g_clear_pointer (&chart, mutual_chart_unref);
          chart = mutual_chart_new_by_relationship (ledger, 0, 20261122, 0, &error);
          if (chart == NULL)
            g_error ("%s", error->message);
          build[i] = now_ms () - t0;
        }
      mutual_chart_get_bars (chart, &n);
      time_render (chart, path, &draw, &encode, &write, &export);
      print_row ("balance by relationship (bars)", n, median (build), draw, encode, write, export);
    }

  g_remove (path);
  g_rmdir (dir);
  return 0;
}
