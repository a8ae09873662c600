/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mutual-cli"

#include "config.h"

#include <glib/gi18n.h>

#include "core/mutual-chart.h"
#include "core/mutual-error.h"
#include "core/mutual-report.h"
#include "mutual-cli-commands.h"

static GPtrArray *
chart_positionals (int    argc,
                   char **argv)
{
  GPtrArray *list = g_ptr_array_new ();

  for (int i = 1; i < argc; i++)
    if (!g_str_equal (argv[i], "--"))
      g_ptr_array_add (list, argv[i]);
  return list;
}

static gboolean
parse_size (const char  *option,
            const char  *text,
            double      *out,
            GError     **error)
{
  guint64 value;

  if (text == NULL)
    return TRUE;
  if (!g_ascii_string_to_unsigned (text, 10, MUTUAL_CHART_EXPORT_MIN_SIZE,
                                   MUTUAL_CHART_EXPORT_MAX_SIZE, &value, NULL))
    {
      g_set_error (error, MUTUAL_ERROR, MUTUAL_ERROR_DATA,
                   _("%s: “%s” is not a whole number of pixels from %d to %d."),
                   option, text, MUTUAL_CHART_EXPORT_MIN_SIZE, MUTUAL_CHART_EXPORT_MAX_SIZE);
      return FALSE;
    }
  *out = (double) value;
  return TRUE;
}

static gboolean
parse_scale (const char  *text,
             double      *out,
             GError     **error)
{
  char *end = NULL;
  double value;

  if (text == NULL)
    return TRUE;
  value = g_ascii_strtod (text, &end);
  if (end == text || *end != '\0' || !(value >= 0.5 && value <= 4))
    {
      g_set_error (error, MUTUAL_ERROR, MUTUAL_ERROR_DATA,
                   _("--scale: “%s” is not a number from 0.5 to 4."), text);
      return FALSE;
    }
  *out = value;
  return TRUE;
}

static gboolean
check_period (MutualDate   from,
              MutualDate   to,
              GError     **error)
{
  if (from && to && from > to)
    {
      g_set_error (error, MUTUAL_ERROR, MUTUAL_ERROR_DATA,
                   _("--from is after --to."));
      return FALSE;
    }
  return TRUE;
}

/* chart */

int
mutual_cli_chart (MutualCli  *cli,
                  int         argc,
                  char      **argv)
{
  gboolean all = FALSE, hide_amounts = FALSE, by_relationship = FALSE;
  g_autofree char *output = NULL;
  g_autofree char *from_text = NULL;
  g_autofree char *to_text = NULL;
  g_autofree char *width_text = NULL;
  g_autofree char *height_text = NULL;
  g_autofree char *scale_text = NULL;
  g_autofree char *title = NULL;
  const GOptionEntry entries[] = {
    { "all", 0, 0, G_OPTION_ARG_NONE, &all, N_("The whole portfolio"), NULL },
    { "by-relationship", 0, 0, G_OPTION_ARG_NONE, &by_relationship, N_("With --all: the balance of each relationship as bars"), NULL },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("The file to write: .png, .svg or .pdf"), N_("FILE") },
    { "from", 0, 0, G_OPTION_ARG_STRING, &from_text, N_("First day (default: the first exchange)"), N_("DATE") },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to_text, N_("Last day (default: today)"), N_("DATE") },
    { "width", 0, 0, G_OPTION_ARG_STRING, &width_text, N_("Width in pixels (PNG, SVG) or points (PDF), default 1200"), N_("PX") },
    { "height", 0, 0, G_OPTION_ARG_STRING, &height_text, N_("Height in pixels (PNG, SVG) or points (PDF), default 675"), N_("PX") },
    { "scale", 0, 0, G_OPTION_ARG_STRING, &scale_text, N_("PNG pixel scale, such as 2 for HiDPI (default 1)"), N_("FACTOR") },
    { "title", 0, 0, G_OPTION_ARG_STRING, &title, N_("The title (default: who and which period)"), N_("TEXT") },
    { "hide-amounts", 0, 0, G_OPTION_ARG_NONE, &hide_amounts, N_("Show percentages of the largest value instead of amounts"), NULL },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) args = NULL;
  g_autoptr(MutualLedger) ledger = NULL;
  g_autoptr(MutualChart) chart = NULL;
  MutualChartExportOptions options;
  MutualChartFormat format;
  MutualDate from = 0, to = 0;

  mutual_chart_export_options_init (&options);

  if (!mutual_cli_parse (cli, "chart", "(RELATIONSHIP|--all) --output=FILE.(png|svg|pdf)", entries, &argc, &argv, &error))
    return mutual_cli_fail (cli, error);
  args = chart_positionals (argc, argv);
  if (all && args->len > 0)
    return mutual_cli_usage_error (cli, _("chart takes either a RELATIONSHIP or --all, not both."));
  if (!all && args->len != 1)
    return mutual_cli_usage_error (cli, args->len == 0
                                   ? _("chart needs a RELATIONSHIP or --all.")
                                   : _("chart takes one RELATIONSHIP; put a name with spaces in quotes."));
  if (by_relationship && !all)
    return mutual_cli_usage_error (cli, _("--by-relationship goes with --all."));
  if (output == NULL || *output == '\0')
    return mutual_cli_usage_error (cli, _("chart needs --output=FILE.png, .svg or .pdf."));

  if (!mutual_chart_format_from_path (output, &format, &error)
      || !parse_size ("--width", width_text, &options.width, &error)
      || !parse_size ("--height", height_text, &options.height, &error)
      || !parse_scale (scale_text, &options.scale, &error)
      || !mutual_cli_parse_date_option ("--from", from_text, &from, &error)
      || !mutual_cli_parse_date_option ("--to", to_text, &to, &error)
      || !check_period (from, to, &error))
    return mutual_cli_fail (cli, error);
  if (scale_text && format != MUTUAL_CHART_FORMAT_PNG)
    return mutual_cli_usage_error (cli, _("--scale is for PNG files only."));

  ledger = mutual_cli_open_existing_ledger (cli, &error);
  if (ledger == NULL)
    return mutual_cli_fail (cli, error);

  if (by_relationship)
    chart = mutual_chart_new_by_relationship (ledger, from, to, 0, &error);
  else if (all)
    chart = mutual_chart_new_balance (ledger, 0, from, to, &error);
  else
    {
      g_autoptr(MutualRelationship) rel = mutual_ledger_find_relationship (ledger, g_ptr_array_index (args, 0), &error);

      if (rel)
        chart = mutual_chart_new_balance (ledger, rel->id, from, to, &error);
    }
  if (chart == NULL)
    return mutual_cli_fail (cli, error);

  options.title = title;
  options.hide_amounts = hide_amounts;
  if (!mutual_chart_export (chart, output, &options, &error))
    return mutual_cli_fail (cli, error);
  return 0;
}

/* report */

int
mutual_cli_report (MutualCli  *cli,
                   int         argc,
                   char      **argv)
{
  gboolean all = FALSE, hide_amounts = FALSE, include_private = FALSE;
  g_autofree char *output = NULL;
  g_autofree char *from_text = NULL;
  g_autofree char *to_text = NULL;
  g_autofree char *by = NULL;
  const GOptionEntry entries[] = {
    { "all", 0, 0, G_OPTION_ARG_NONE, &all, N_("The private review of the whole portfolio"), NULL },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("The PDF file to write"), N_("FILE") },
    { "from", 0, 0, G_OPTION_ARG_STRING, &from_text, N_("First day of the period (default: the first exchange)"), N_("DATE") },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to_text, N_("Last day of the period; the figures are as of it (default: today)"), N_("DATE") },
    { "hide-amounts", 0, 0, G_OPTION_ARG_NONE, &hide_amounts, N_("Show shares and counts instead of amounts"), NULL },
    { "private", 0, 0, G_OPTION_ARG_NONE, &include_private, N_("Include flags, private notes and override reasons"), NULL },
    { "by", 0, 0, G_OPTION_ARG_STRING, &by, N_("Who prepared the report, for the cover"), N_("TEXT") },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) args = NULL;
  g_autoptr(MutualLedger) ledger = NULL;
  MutualReportOptions options;
  MutualChartFormat format;
  MutualDate from = 0, to = 0;

  if (!mutual_cli_parse (cli, "report", "(RELATIONSHIP|--all) --output=FILE.pdf", entries, &argc, &argv, &error))
    return mutual_cli_fail (cli, error);
  args = chart_positionals (argc, argv);
  if (all && args->len > 0)
    return mutual_cli_usage_error (cli, _("report takes either a RELATIONSHIP or --all, not both."));
  if (!all && args->len != 1)
    return mutual_cli_usage_error (cli, args->len == 0
                                   ? _("report needs a RELATIONSHIP or --all.")
                                   : _("report takes one RELATIONSHIP; put a name with spaces in quotes."));
  if (output == NULL || *output == '\0')
    return mutual_cli_usage_error (cli, _("report needs --output=FILE.pdf."));
  /* Only one type is right here: say so, not the three a chart takes. */
  if (!mutual_chart_format_from_path (output, &format, NULL) || format != MUTUAL_CHART_FORMAT_PDF)
    {
      g_set_error (&error, MUTUAL_ERROR, MUTUAL_ERROR_DATA,
                   _("“%s” does not end in .pdf; the report is a PDF."), output);
      return mutual_cli_fail (cli, error);
    }
  if (by != NULL && (mutual_text_has_control (by, FALSE) || g_utf8_strlen (by, -1) > 200))
    {
      g_set_error (&error, MUTUAL_ERROR, MUTUAL_ERROR_DATA,
                   _("--by: a name of at most 200 characters without control characters."));
      return mutual_cli_fail (cli, error);
    }
  if (!mutual_cli_parse_date_option ("--from", from_text, &from, &error)
      || !mutual_cli_parse_date_option ("--to", to_text, &to, &error)
      || !check_period (from, to, &error))
    return mutual_cli_fail (cli, error);

  ledger = mutual_cli_open_existing_ledger (cli, &error);
  if (ledger == NULL)
    return mutual_cli_fail (cli, error);

  mutual_report_options_init (&options);
  options.from = from;
  options.to = to;
  options.hide_amounts = hide_amounts;
  options.include_private = include_private;
  options.author = by;
  if (!all)
    {
      g_autoptr(MutualRelationship) rel = mutual_ledger_find_relationship (ledger, g_ptr_array_index (args, 0), &error);

      if (rel == NULL)
        return mutual_cli_fail (cli, error);
      options.relationship_id = rel->id;
    }
  if (!mutual_report_write_with_options (ledger, output, &options, &error))
    return mutual_cli_fail (cli, error);
  return 0;
}
