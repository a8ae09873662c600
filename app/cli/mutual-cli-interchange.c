/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mutual-cli"

#include "config.h"

#include <gio/gunixoutputstream.h>
#include <glib/gi18n.h>
#include <libxml/xmlerror.h>
#include <unistd.h>

#include "core/mutual-error.h"
#include "core/mutual-interchange.h"
#include "mutual-cli-commands.h"

/* The one positional FILE of a command, or NULL after a usage message. */
static const char *
single_file (MutualCli   *cli,
             const char  *command,
             int          argc,
             char       **argv,
             int         *status)
{
  const char *file = NULL;
  int n = 0;

  for (int i = 1; i < argc; i++)
    if (!g_str_equal (argv[i], "--"))
      {
        file = argv[i];
        n++;
      }
  if (n != 1)
    {
      *status = mutual_cli_usage_error (cli, n == 0 ? _("%s needs a FILE.") : _("%s takes one FILE."),
                                        command);
      return NULL;
    }
  return file;
}

int
mutual_cli_import (MutualCli  *cli,
                   int         argc,
                   char      **argv)
{
  gboolean dry_run = FALSE;
  const GOptionEntry entries[] = {
    { "dry-run", 0, 0, G_OPTION_ARG_NONE, &dry_run, N_("Check the file and report the counts; change nothing"), NULL },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(MutualLedger) ledger = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *summary = NULL;
  MutualImportCounts counts = { 0 };
  const char *path;
  int status = 0;

  if (!mutual_cli_parse (cli, "import", "FILE.xml", entries, &argc, &argv, &error))
    return mutual_cli_fail (cli, error);
  path = single_file (cli, "import", argc, argv, &status);
  if (path == NULL)
    return status;

  file = g_file_new_for_commandline_arg (path);
  ledger = mutual_cli_open_ledger (cli, &error);
  if (ledger == NULL
      || !mutual_import_file (ledger, file, dry_run ? MUTUAL_IMPORT_DRY_RUN : MUTUAL_IMPORT_DEFAULT,
                              &counts, NULL, NULL, NULL, &error))
    return mutual_cli_fail (cli, error);

  summary = mutual_import_counts_to_string (&counts);
  if (dry_run)
    /* TRANSLATORS: %s is the line of counts */
    fprintf (cli->out, _("Dry run, nothing written. %s\n"), summary);
  else
    fprintf (cli->out, "%s\n", summary);
  return 0;
}

/* libxml2 would add its own line ("I/O error") to the one sentence. */
static void
ignore_xml_error (void       *context,
                  const char *format,
                  ...)
{
}

static int
export_command (MutualCli           *cli,
                const char          *command,
                const char          *parameters,
                MutualExportFormat   format,
                int                  argc,
                char               **argv)
{
  const GOptionEntry entries[] = {
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(MutualLedger) ledger = NULL;
  const char *path;
  int status = 0;
  gboolean ok;

  if (!mutual_cli_parse (cli, command, parameters, entries, &argc, &argv, &error))
    return mutual_cli_fail (cli, error);
  path = single_file (cli, command, argc, argv, &status);
  if (path == NULL)
    return status;

  ledger = mutual_cli_open_existing_ledger (cli, &error);
  if (ledger == NULL)
    return mutual_cli_fail (cli, error);

  if (g_str_equal (path, "-"))
    {
      g_autoptr(GOutputStream) out = NULL;

      fflush (cli->out);
      out = g_unix_output_stream_new (fileno (cli->out), FALSE);
      xmlSetGenericErrorFunc (NULL, ignore_xml_error);
      if (format == MUTUAL_EXPORT_CSV)
        ok = mutual_export_csv_stream (ledger, out, NULL, NULL, NULL, &error);
      else
        ok = mutual_export_stream (ledger, out, NULL, NULL, NULL, &error);
      if (ok)
        ok = g_output_stream_flush (out, NULL, &error);
      xmlSetGenericErrorFunc (NULL, NULL);
      if (!ok && error->domain == G_IO_ERROR)
        {
          g_autoptr(GError) written = NULL;

          g_set_error (&written, MUTUAL_ERROR, MUTUAL_ERROR_DATA,
                       _("The standard output could not be written: %s."), error->message);
          g_clear_error (&error);
          error = g_steal_pointer (&written);
        }
    }
  else
    {
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (path);

      ok = mutual_export_file (ledger, file, format, NULL, NULL, NULL, &error);
    }

  if (!ok)
    return mutual_cli_fail (cli, error);
  return 0;
}

int
mutual_cli_export (MutualCli  *cli,
                   int         argc,
                   char      **argv)
{
  return export_command (cli, "export", "FILE.xml", MUTUAL_EXPORT_XML, argc, argv);
}

int
mutual_cli_export_csv (MutualCli  *cli,
                       int         argc,
                       char      **argv)
{
  return export_command (cli, "export-csv", "FILE.csv", MUTUAL_EXPORT_CSV, argc, argv);
}
