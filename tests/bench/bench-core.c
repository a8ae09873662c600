/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The benchmark of DESIGN.md's targets that need no display. Run with
 * `meson test -C build --benchmark --verbose`. Prints one line a figure:
 * its value, the limit measured in the same run where there is one, the
 * ratio and the target. Set MUTUAL_BENCH_LEDGER to reuse a ledger. */
#include "config.h"

#include <locale.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

#include "core/mutual-analytics.h"
#include "core/mutual-demo.h"
#include "core/mutual-error.h"

#define RUNS 5

static double
now_s (void)
{
  return g_get_monotonic_time () / 1e6;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
median (double *values,
        int     n)
{
  qsort (values, n, sizeof (double), compare_doubles);
  return values[n / 2];
}

static void
report (const char *figure,
        double      value,
        const char *unit,
        double      limit,
        const char *limit_name,
        const char *target)
{
  if (limit > 0)
    g_print ("%-44s %10.4f %s   limit %10.4f %s (%s)   ratio %6.3f   target %s\n",
             figure, value, unit, limit, unit, limit_name, value / limit, target);
  else
    g_print ("%-44s %10.4f %s   target %s\n", figure, value, unit, target);
}

/* Runs the sqlite3 shell on @sql RUNS times; the median wall time. */
static double
time_sqlite3_shell (const char *path,
                    const char *sql)
{
  double times[RUNS];

  for (int i = 0; i < RUNS; i++)
    {
      const char *argv[] = { "sqlite3", path, sql, NULL };
      g_autoptr(GError) error = NULL;
      int status;
      double start = now_s ();

      if (!g_spawn_sync (NULL, (char **) argv, NULL,
                         G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL,
                         NULL, NULL, NULL, NULL, &status, &error))
        g_error ("sqlite3: %s", error->message);
      times[i] = now_s () - start;
    }
  return median (times, RUNS);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MutualLedger) ledger = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  const char *reuse = g_getenv ("MUTUAL_BENCH_LEDGER");
  double times[RUNS];
  double value, limit;
  struct rusage usage;
  gint64 heavy_id = 0;

  setlocale (LC_ALL, "C.UTF-8");

  if (reuse && g_file_test (reuse, G_FILE_TEST_EXISTS))
    path = g_strdup (reuse);
  else
    {
      MutualDemoOptions options = { 10000, 1000000, 1, 0 };
      double start;

      dir = g_dir_make_tmp ("mutual-bench-XXXXXX", &error);
      g_assert_no_error (error);
      path = reuse ? g_strdup (reuse) : g_build_filename (dir, "ledger.db", NULL);
      ledger = mutual_ledger_open (path, &error);
      g_assert_no_error (error);
      start = now_s ();
      mutual_demo_generate (ledger, &options, NULL, &error);
      g_assert_no_error (error);
      report ("demo 10,000 × 1,000,000 (generate)", now_s () - start, "s", 0, NULL, "well under 60 s");
      g_clear_object (&ledger);
    }

  ledger = mutual_ledger_open (path, &error);
  g_assert_no_error (error);
  g_print ("ledger: %s, %" G_GINT64_FORMAT " relationships, %" G_GINT64_FORMAT " exchanges\n",
           path, mutual_ledger_count_relationships (ledger), mutual_ledger_count_exchanges (ledger, 0));

  /* Portfolio balance series, monthly, against the sqlite3 shell running
   * the same monthly aggregate on the same rows. */
  for (int i = 0; i < RUNS; i++)
    {
      g_autoptr(GArray) series = NULL;
      double start = now_s ();

      series = mutual_ledger_balance_series (ledger, 0, 0, 0, MUTUAL_INTERVAL_MONTH, &error);
      g_assert_no_error (error);
      times[i] = now_s () - start;
    }
  value = median (times, RUNS);
  limit = time_sqlite3_shell (path,
                              "SELECT date / 100 AS month, direction, sum (value)"
                              " FROM exchange GROUP BY month, direction ORDER BY month;");
  report ("portfolio balance series (monthly)", value, "s", limit,
          "sqlite3 shell, monthly sums", "ratio ≤ 1.5");
  limit = time_sqlite3_shell (path,
                              "SELECT date, direction, sum (value)"
                              " FROM exchange GROUP BY date, direction ORDER BY date;");
  report ("  same, against the shell's daily sums", value, "s", limit,
          "sqlite3 shell, daily sums", "(for reference)");

  /* Classify every relationship. */
  for (int i = 0; i < RUNS; i++)
    {
      g_autoptr(GArray) all = NULL;
      double start = now_s ();

      all = mutual_ledger_assess_all (ledger, 0, &error);
      g_assert_no_error (error);
      times[i] = now_s () - start;
    }
  report ("classify all relationships", median (times, RUNS), "s", 0.5, "design", "≤ 0.5 s");

  /* The relationship with the most exchanges: its series and first page. */
  {
    sqlite3_stmt *stmt = NULL;
    gint64 n = 0;

    sqlite3_prepare_v2 (mutual_ledger_get_db (ledger),
                        "SELECT relationship, count(*) AS n FROM exchange"
                        " GROUP BY relationship ORDER BY n DESC LIMIT 1", -1, &stmt, NULL);
    if (sqlite3_step (stmt) == SQLITE_ROW)
      {
        heavy_id = sqlite3_column_int64 (stmt, 0);
        n = sqlite3_column_int64 (stmt, 1);
      }
    sqlite3_finalize (stmt);
    g_print ("largest relationship: %" G_GINT64_FORMAT " exchanges\n", n);
  }
  for (int i = 0; i < RUNS; i++)
    {
      g_autoptr(GArray) series = NULL;
      g_autoptr(GPtrArray) page = NULL;
      MutualAssessment a;
      double start = now_s ();

      series = mutual_ledger_balance_series (ledger, heavy_id, 0, 0, MUTUAL_INTERVAL_DAY, &error);
      g_assert_no_error (error);
      page = mutual_ledger_list_exchanges (ledger, heavy_id, MUTUAL_EXCHANGE_SORT_DATE, TRUE, 0, 100, &error);
      g_assert_no_error (error);
      mutual_ledger_assess (ledger, heavy_id, 0, &a, &error);
      g_assert_no_error (error);
      times[i] = now_s () - start;
    }
  report ("open relationship (series + page + class)", median (times, RUNS) * 1000, "ms", 50,
          "design", "≤ 50 ms");

  getrusage (RUSAGE_SELF, &usage);
  report ("peak resident memory (this process)", usage.ru_maxrss / 1024.0, "MB", 150, "design", "≤ 150 MB");

  g_clear_object (&ledger);
  if (dir)
    {
      g_autofree char *wal = g_strconcat (path, "-wal", NULL);
      g_autofree char *shm = g_strconcat (path, "-shm", NULL);

      g_remove (wal);
      g_remove (shm);
      g_remove (path);
      g_rmdir (dir);
    }
  return 0;
}
