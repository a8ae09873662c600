/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The benchmark of DESIGN.md's targets that need no display. Run with
 * `meson test -C build --benchmark --verbose`. Prints one line a figure:
 * its value, the limit measured in the same run where there is one, the
 * ratio and the target. Set MUTUAL_BENCH_LEDGER to reuse a ledger. */
#include "config.h"

#include <locale.h>
#include <sys/resource.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

#include "core/mutual-ledger-private.h"
#include "core/mutual-analytics.h"
#include "core/mutual-chart.h"
#include "core/mutual-error.h"
#include "core/mutual-interchange.h"

#include "bench-util.h"

#define RUNS 5

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
  double times[RUNS];
  double value, limit;
  struct rusage usage;
  gint64 heavy_id = 0;

  setlocale (LC_ALL, "C.UTF-8");

  path = bench_ledger_path (&dir);

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
  /* Mutual reads the day totals its triggers keep (schema 4); the shell
   * adding up those same rows is the fairer second reference. */
  limit = time_sqlite3_shell (path,
                              "SELECT date / 100 AS month, direction, sum (value)"
                              " FROM ledger_day GROUP BY month, direction ORDER BY month;");
  report ("  same, against the shell on the day totals", value, "s", limit,
          "sqlite3 shell, monthly sums of ledger_day", "(for reference)");

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
    gint64 n;

    heavy_id = bench_largest_relationship (mutual_ledger_get_db (ledger), &n);
    g_print ("largest relationship: %" G_GINT64_FORMAT " exchanges\n", n);
  }
  {
    double parts[2][RUNS];

    for (int i = 0; i < RUNS; i++)
      {
        g_autoptr(MutualChart) chart = NULL;
        g_autoptr(GPtrArray) page = NULL;
        MutualAssessment a;
        double start = now_s (), t1;

        /* What the window's relationship page loads: the chart's data
         * (daily totals and partnership bands) and the assessment from
         * one read, then the list's length and first page. */
        chart = mutual_chart_new_relationship (ledger, heavy_id, 0, &a, &error);
        g_assert_no_error (error);
        t1 = now_s ();
        g_assert_cmpint (mutual_ledger_count_exchanges (ledger, heavy_id), ==, a.n_exchanges);
        page = mutual_ledger_list_exchanges (ledger, heavy_id, MUTUAL_EXCHANGE_SORT_DATE, TRUE, 0, 100, &error);
        g_assert_no_error (error);
        times[i] = now_s () - start;
        parts[0][i] = t1 - start;
        parts[1][i] = now_s () - t1;
      }
    report ("  chart data and assessment (one read)", median (parts[0], RUNS) * 1000, "ms", 0, NULL, "(part)");
    report ("  count and first page of the list", median (parts[1], RUNS) * 1000, "ms", 0, NULL, "(part)");
  }
  report ("open relationship (chart data + page + class)", median (times, RUNS) * 1000, "ms", 50,
          "design", "≤ 50 ms");

  /* That relationship's chart, drawn and written as a 1600×900 PNG. */
  {
    g_autoptr(MutualChart) chart = NULL;
    g_autofree char *png = g_build_filename (g_get_tmp_dir (), "mutual-bench-chart.png", NULL);
    MutualChartExportOptions options;
    double start = now_s ();

    chart = mutual_chart_new_balance (ledger, heavy_id, 0, 0, &error);
    g_assert_no_error (error);
    mutual_chart_export_options_init (&options);
    options.width = 1600;
    options.height = 900;
    for (int i = 0; i < RUNS; i++)
      {
        start = now_s ();
        if (!mutual_chart_export (chart, png, &options, &error))
          g_error ("%s", error->message);
        times[i] = now_s () - start;
      }
    g_remove (png);
    report ("render its chart to a 1600×900 PNG", median (times, RUNS) * 1000, "ms", 30,
            "design", "≤ 30 ms");
  }

  /* XML: the real export and import commands, each in a child so that its
   * own peak memory is measured, against xmllint's streaming reader on
   * the same file chained with the sqlite3 shell's .import of the same
   * exchanges as CSV (DESIGN.md, "Targets"): what two tools would take
   * to read the file and store its rows. */
  {
    g_autofree char *xml_dir = g_dir_make_tmp ("mutual-bench-xml-XXXXXX", &error);
    g_autofree char *xml = g_build_filename (xml_dir, "ledger.xml", NULL);
    g_autofree char *copy = g_build_filename (xml_dir, "imported.db", NULL);
    g_autofree char *from_opt = g_strconcat ("--ledger=", path, NULL);
    g_autofree char *to_opt = g_strconcat ("--ledger=", copy, NULL);
    const char *binary = g_getenv ("MUTUAL_BINARY");
    const char *export_argv[] = { binary, from_opt, "export", xml, NULL };
    const char *import_argv[] = { binary, to_opt, "import", xml, NULL };
    const char *xmllint_argv[] = { "xmllint", "--stream", "--noout", xml, NULL };
    g_autofree char *csv = g_build_filename (xml_dir, "ledger.csv", NULL);
    g_autofree char *shell_db = g_build_filename (xml_dir, "shell.db", NULL);
    g_autofree char *shell_import = g_strdup_printf (".import --csv --skip 1 %s t", csv);
    const char *export_csv_argv[] = { binary, from_opt, "export-csv", csv, NULL };
    const char *shell_argv[] = { "sqlite3", shell_db, shell_import, NULL };
    double n = (double) mutual_ledger_count_exchanges (ledger, 0);
    double export_s, import_s, xmllint_s, shell_s, export_mb, import_mb;
    double lint[IMPORT_ROUNDS], shell[IMPORT_ROUNDS], imports[IMPORT_ROUNDS];
    g_autoptr(GString) create = g_string_new ("CREATE TABLE t (c1");

    g_assert_no_error (error);
    g_assert_nonnull (binary);
    export_s = run_child (export_argv, &export_mb);
    run_child (export_csv_argv, NULL);
    {
      FILE *in = fopen (csv, "r");
      char line[4096];
      int columns = 1;

      g_assert_nonnull (in);
      g_assert_nonnull (fgets (line, sizeof line, in));
      fclose (in);
      for (const char *c = line; *c; c++)
        if (*c == ',')
          g_string_append_printf (create, ", c%d", ++columns);
      g_string_append_c (create, ')');
    }

    /* The tools and ours in turn, each the median of its runs: a load
     * that comes and goes on a shared machine then falls on both sides
     * alike, not on whichever ran while it lasted. Each import into a
     * new database; our peak memory the largest of the runs. */
    import_mb = 0;
    for (int i = 0; i < IMPORT_ROUNDS; i++)
      {
        double mb;

        lint[i] = run_child (xmllint_argv, NULL);

        bench_shell_database (shell_db, create->str);
        shell[i] = run_child (shell_argv, NULL);

        bench_remove_database (copy);
        imports[i] = run_child (import_argv, &mb);
        import_mb = MAX (import_mb, mb);
      }
    xmllint_s = median (lint, IMPORT_ROUNDS);
    shell_s = median (shell, IMPORT_ROUNDS);
    import_s = median (imports, IMPORT_ROUNDS);
    bench_remove_database (shell_db);
    g_remove (csv);

    report ("XML export rate", n / export_s, "exch/s", n / xmllint_s,
            "xmllint --stream rate", "(for reference)");
    report ("  peak resident memory of the export", export_mb, "MB", 0, NULL, "(for reference)");
    report ("XML import rate", n / import_s, "exch/s", 200000, "design", "≥ 200,000 exchanges/s");
    report ("XML import time", import_s, "s", xmllint_s + shell_s,
            "xmllint --stream + sqlite3 .import", "ratio ≤ 1.0");
    report ("  the same against xmllint --stream alone", import_s, "s", xmllint_s,
            "xmllint --stream --noout", "(for reference)");
    report ("  peak resident memory of the import", import_mb, "MB", 150, "design", "≤ 150 MB");

    bench_remove_database (copy);
    g_remove (xml);
    g_rmdir (xml_dir);
  }

  getrusage (RUSAGE_SELF, &usage);
  report ("peak resident memory (this process)", usage.ru_maxrss / 1024.0, "MB", 150, "design", "≤ 150 MB");

  g_clear_object (&ledger);
  bench_ledger_clear (path, dir);
  return 0;
}
