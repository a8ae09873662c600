/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mutual-cli"
#ifndef _GNU_SOURCE
#define _GNU_SOURCE   /* sync_file_range() */
#endif

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <gio/gunixoutputstream.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <libxml/xmlerror.h>
#include <unistd.h>

#include "core/mutual-error.h"
#include "core/mutual-file.h"
#include "core/mutual-import-records.h"
#include "core/mutual-interchange.h"
#include "core/mutual-money.h"
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

/* One of @words ("skip", "create") for @option; its index in *out. */
static gboolean
parse_choice (const char          *option,
              const char          *text,
              const char * const  *words,
              const char          *list,
              int                 *out,
              GError             **error)
{
  if (text == NULL)
    return TRUE;
  for (int i = 0; words[i]; i++)
    if (g_str_equal (text, words[i]))
      {
        *out = i;
        return TRUE;
      }
  /* TRANSLATORS: "--unmatched: “x” is not one of skip, create." */
  g_set_error (error, MUTUAL_ERROR, MUTUAL_ERROR_DATA,
               _("%s: “%s” is not one of %s."), option, text, list);
  return FALSE;
}

static void
print_report (const MutualImportReport *report,
              MutualLedger             *ledger,
              gboolean                  dry_run,
              GString                  *out)
{
  g_autofree char *summary = mutual_import_counts_to_string (&report->counts);
  const char *currency = mutual_ledger_get_currency (ledger);

  if (dry_run)
    /* TRANSLATORS: %s is the line of counts */
    g_string_append_printf (out, _("Dry run, nothing written. %s\n"), summary);
  else
    g_string_append_printf (out, "%s\n", summary);
  if (report->exchanges_skipped == 0)
    return;

  {
    g_autofree char *n = g_strdup_printf ("%" G_GUINT64_FORMAT, report->exchanges_skipped);

    /* TRANSLATORS: %s is a number of rows */
    g_string_append_printf (out, _("Skipped rows: %s\n"), n);
  }
  for (guint i = 0; report->skipped && i < report->skipped->len; i++)
    {
      const MutualImportSkipped *s = report->skipped->pdata[i];
      g_autofree char *value = mutual_money_format (s->value, s->currency ? s->currency : currency, 0);
      g_autofree char *who = mutual_cli_tsv_field (s->counterparty);
      char date[11] = "";

      if (mutual_date_valid (s->date))
        mutual_date_to_iso (s->date, date);
      g_string_append_printf (out, "  %s %" G_GUINT64_FORMAT "\t%s\t%s\t%s\t%s %s\t%s\n",
                              _("line"), s->line, who, date,
                              mutual_direction_to_string (s->direction), value,
                              s->currency ? s->currency : currency,
                              g_str_equal (s->reason, "currency")
                              ? _("in another currency than the ledger’s")
                              : _("no relationship matches"));
    }
}

/* The folder of @path to the disk, so that a name just given is kept. */
static void
sync_folder (const char *path)
{
  g_autofree char *folder = g_path_get_dirname (path);

  mutual_file_sync (folder);
}

/* A new ledger is written without syncs and synced once, before it is
 * placed. Half way through the file, the pages written so far start
 * going to the disk, from a thread of their own (the call waits for the
 * disk's queue), while the import goes on; from the file's end until
 * the ledger is closed, every 50 ms, for the pages the import's last
 * work writes (a million rows' keys and days): the sync then waits for
 * less, 0.12 s instead of 0.21-0.23 for a million CSV rows. The
 * descriptor stays open until the ledger is closed: closing any
 * descriptor of a file drops the locks this process holds on it,
 * SQLite's too. */
typedef struct
{
  int      fd;
  guint    started;     /* 0, 1 (half way), 2 (at the end) */
  GThread *threads[2];
  GMutex   lock;
  GCond    cond;
  gboolean done;        /* the ledger is closed */
} Writeback;

#if defined(__linux__)
static gpointer
write_back (gpointer data)
{
  Writeback *writeback = data;

  sync_file_range (writeback->fd, 0, 0, SYNC_FILE_RANGE_WRITE);
  return NULL;
}

/* The thread started at the file's end: again every 50 ms until the
 * ledger is closed. */
static gpointer
write_back_until_closed (gpointer data)
{
  Writeback *writeback = data;

  g_mutex_lock (&writeback->lock);
  while (!writeback->done)
    {
      gint64 until = g_get_monotonic_time () + 50 * G_TIME_SPAN_MILLISECOND;

      g_mutex_unlock (&writeback->lock);
      sync_file_range (writeback->fd, 0, 0, SYNC_FILE_RANGE_WRITE);
      g_mutex_lock (&writeback->lock);
      while (!writeback->done && g_cond_wait_until (&writeback->cond, &writeback->lock, until))
        ;
    }
  g_mutex_unlock (&writeback->lock);
  return NULL;
}
#endif

static void
start_writeback (guint64  done,
                 guint64  total,
                 gpointer data)
{
#if defined(__linux__)
  Writeback *writeback = data;

  if (writeback->fd < 0 || total == 0 || writeback->started == 2
      || done < (writeback->started == 0 ? total / 2 : total))
    return;
  if (writeback->started++ == 0)
    {
      g_mutex_init (&writeback->lock);
      g_cond_init (&writeback->cond);
    }
  writeback->threads[writeback->started - 1] =
    g_thread_try_new ("mutual-writeback", writeback->started == 1 ? write_back : write_back_until_closed,
                      writeback, NULL);
#endif
}

/* After the ledger is closed. */
static void
writeback_close (Writeback *writeback)
{
  if (writeback->started > 0)
    {
      g_mutex_lock (&writeback->lock);
      writeback->done = TRUE;
      g_cond_broadcast (&writeback->cond);
      g_mutex_unlock (&writeback->lock);
      for (guint i = 0; i < G_N_ELEMENTS (writeback->threads); i++)
        if (writeback->threads[i])
          g_thread_join (g_steal_pointer (&writeback->threads[i]));
      g_mutex_clear (&writeback->lock);
      g_cond_clear (&writeback->cond);
      writeback->started = 0;
    }
  if (writeback->fd >= 0)
    close (writeback->fd);
  writeback->fd = -1;
}

/* The scratch ledger @made, closed, becomes the ledger at @wanted: a
 * hard link, which never replaces a ledger another process made there
 * meanwhile. It was written without syncs (mutual_ledger_open_scratch):
 * it is synced before it takes the name. */
static gboolean
place_new_ledger (const char  *made,
                  const char  *wanted,
                  GError     **error)
{
  g_autofree char *wal = g_strconcat (made, "-wal", NULL);
  g_autofree char *journal = g_strconcat (made, "-journal", NULL);
  GStatBuf st;
  int saved;
  int fd;

  if ((g_stat (wal, &st) == 0 && st.st_size > 0) || g_stat (journal, &st) == 0)
    {
      g_set_error (error, MUTUAL_ERROR, MUTUAL_ERROR_LEDGER,
                   _("The new ledger could not be completed, so none was made at “%s”."), wanted);
      return FALSE;
    }
  if (!mutual_file_sync (made))
    {
      saved = errno;
      g_set_error (error, MUTUAL_ERROR, MUTUAL_ERROR_LEDGER,
                   _("No ledger could be made at “%s”: %s."), wanted, g_strerror (saved));
      return FALSE;
    }
  if (link (made, wanted) == 0)
    {
      sync_folder (wanted);
      return TRUE;
    }
  saved = errno;
  if (saved != EEXIST)
    {
      /* No hard links here (vfat, exFAT, SMB, some FUSE mounts): the
       * name is claimed by an exclusive create, then the ledger renamed
       * over that empty file of ours. */
      fd = g_open (wanted, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
      if (fd < 0)
        saved = errno;
      else
        {
          close (fd);
          if (g_rename (made, wanted) == 0)
            {
              sync_folder (wanted);
              return TRUE;
            }
          saved = errno;
          g_unlink (wanted);
        }
    }
  if (saved == EEXIST)
    g_set_error (error, MUTUAL_ERROR, MUTUAL_ERROR_LEDGER,
                 _("A ledger appeared at “%s” during the import; the import was not written to it."),
                 wanted);
  else
    g_set_error (error, MUTUAL_ERROR, MUTUAL_ERROR_LEDGER,
                 _("No ledger could be made at “%s”: %s."), wanted, g_strerror (saved));
  return FALSE;
}

/* Removes the folders an import made (the deepest first), each only
 * if nothing else is in it. */
static void
remove_folders (GPtrArray *folders)
{
  for (guint i = 0; i < folders->len; i++)
    g_rmdir (folders->pdata[i]);
}

/* Whether the folder of @path takes new files (SQLite's -wal and -shm). */
static gboolean
folder_writable (const char *path)
{
  g_autofree char *folder = g_path_get_dirname (path);

  return g_access (folder, W_OK) == 0;
}

/* A scratch folder (a dry run's, or a new ledger's) and what SQLite
 * left in it. */
static void
remove_scratch (const char *folder)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (folder == NULL)
    return;
  dir = g_dir_open (folder, 0, NULL);
  while (dir && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *file = g_build_filename (folder, name, NULL);

      g_unlink (file);
    }
  g_rmdir (folder);
}

int
mutual_cli_import (MutualCli  *cli,
                   int         argc,
                   char      **argv)
{
  static const char * const types[] = { "", "mutual", "csv", "ofx", "qif", "camt053", "vcard", NULL };
  static const char * const orders[] = { "", "ymd", "dmy", "mdy", NULL };
  static const char * const unmatched_words[] = { "skip", "create", NULL };
  static const char * const same_name_words[] = { "refuse", "merge", "rename", NULL };
  static const char * const formats[] = { "text", "json", NULL };
  gboolean dry_run = FALSE;
  g_autofree char *type_text = NULL;
  g_autofree char *preset = NULL;
  g_autofree char *map = NULL;
  g_autofree char *order_text = NULL;
  g_autofree char *unmatched_text = NULL;
  g_autofree char *same_name_text = NULL;
  g_autofree char *format_text = NULL;
  const GOptionEntry entries[] = {
    { "type", 0, 0, G_OPTION_ARG_STRING, &type_text, N_("mutual, csv, ofx, qif, camt053 or vcard (default: by content)"), N_("TYPE") },
    { "preset", 0, 0, G_OPTION_ARG_STRING, &preset, N_("CSV: kimai, toggl, clockify, invoiceninja-payments, invoiceninja-invoices or homebank"), N_("NAME") },
    { "map", 0, 0, G_OPTION_ARG_STRING, &map, N_("CSV: which column gives each field, by header or number"), N_("FIELD=COLUMN,…") },
    { "date-order", 0, 0, G_OPTION_ARG_STRING, &order_text, N_("ymd, dmy or mdy, for dates such as 03/04/2025"), N_("ORDER") },
    { "unmatched", 0, 0, G_OPTION_ARG_STRING, &unmatched_text, N_("skip (default) or create the relationships no row matches"), N_("WHAT") },
    { "same-name", 0, 0, G_OPTION_ARG_STRING, &same_name_text, N_("Mutual XML: refuse (default), merge or rename a relationship whose name is taken"), N_("WHAT") },
    { "dry-run", 0, 0, G_OPTION_ARG_NONE, &dry_run, N_("Check the file and report the counts; change nothing"), NULL },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format_text, N_("text or json"), N_("FORMAT") },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(MutualLedger) ledger = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  MutualImportOptions options = { 0 };
  MutualImportReport report = { 0 };
  int type = 0, order = 0, unmatched = 0, same_name = 0, format = 0;
  g_autofree char *ledger_path = NULL;
  g_autofree char *new_ledger = NULL;
  Writeback writeback = { .fd = -1 };
  g_autoptr(GPtrArray) made_folders = g_ptr_array_new_with_free_func (g_free);
  GStatBuf ledger_stat;
  g_autofree char *scratch = NULL;
  const char *path;
  int status = 0;

  if (!mutual_cli_parse (cli, "import", "FILE", entries, &argc, &argv, &error))
    return mutual_cli_fail (cli, error);
  path = single_file (cli, "import", argc, argv, &status);
  if (path == NULL)
    return status;
  if (!parse_choice ("--type", type_text, types + 1, "mutual, csv, ofx, qif, camt053, vcard", &type, &error)
      || !parse_choice ("--date-order", order_text, orders + 1, "ymd, dmy, mdy", &order, &error)
      || !parse_choice ("--unmatched", unmatched_text, unmatched_words, "skip, create", &unmatched, &error)
      || !parse_choice ("--same-name", same_name_text, same_name_words, "refuse, merge, rename", &same_name, &error)
      || !parse_choice ("--format", format_text, formats, "text, json", &format, &error))
    return mutual_cli_fail (cli, error);

  options.type = type_text ? (MutualImportType) (type + 1) : MUTUAL_IMPORT_TYPE_UNKNOWN;
  options.preset = preset;
  options.map = map;
  options.date_order = order_text ? (MutualDateOrder) (order + 1) : MUTUAL_DATE_ORDER_UNKNOWN;
  options.unmatched = (MutualUnmatchedPolicy) unmatched;
  options.same_name = (MutualSameNamePolicy) same_name;
  options.dry_run = dry_run;

  file = g_file_new_for_commandline_arg (path);
  ledger_path = mutual_ledger_resolve_path (cli->ledger_path);
  /* Missing: not even a symbolic link (SQLite makes a link's target). */
  if (g_lstat (ledger_path, &ledger_stat) != 0 && errno == ENOENT)
    {
      /* A dry run writes nothing, not even the ledger it would import
       * into; a real import into a ledger that does not exist yet makes
       * it only if the import succeeds. Both import into a new scratch
       * ledger: the dry run's in the temporary folder, removed
       * afterwards; the real one's beside the ledger, linked into place
       * once complete. */
      g_autofree char *folder = g_path_get_dirname (ledger_path);

      if (dry_run)
        scratch = g_dir_make_tmp ("mutual-dry-run-XXXXXX", &error);
      else
        {
          /* The folders this import makes, the deepest first: removed
           * again if it fails. */
          for (char *missing = g_strdup (folder); ; )
            {
              char *parent;

              if (g_file_test (missing, G_FILE_TEST_EXISTS))
                {
                  g_free (missing);
                  break;
                }
              g_ptr_array_add (made_folders, missing);
              parent = g_path_get_dirname (missing);
              if (strcmp (parent, missing) == 0)
                {
                  g_free (parent);
                  break;
                }
              missing = parent;
            }
          if (g_mkdir_with_parents (folder, 0700) == 0)
            {
              scratch = g_build_filename (folder, ".mutual-import-XXXXXX", NULL);
              if (g_mkdtemp_full (scratch, 0700) == NULL)
                g_clear_pointer (&scratch, g_free);
            }
        }
      if (scratch == NULL)
        {
          if (error == NULL)
            g_set_error (&error, MUTUAL_ERROR, MUTUAL_ERROR_LEDGER,
                         _("No ledger could be made at “%s”: %s."), ledger_path, g_strerror (errno));
          remove_folders (made_folders);
          return mutual_cli_fail (cli, error);
        }
      new_ledger = g_steal_pointer (&ledger_path);
      ledger_path = g_build_filename (scratch, "ledger.db", NULL);
      ledger = mutual_ledger_open_scratch (ledger_path, &error);
      if (ledger != NULL && !dry_run)
        writeback.fd = g_open (ledger_path, O_RDONLY | O_CLOEXEC, 0);
    }
  else if (dry_run && (g_access (ledger_path, W_OK) != 0 || !folder_writable (ledger_path)))
    {
      /* A ledger this user may only read: the dry run works on a copy. */
      g_autoptr(MutualLedger) source = mutual_ledger_open_existing (ledger_path, &error);

      scratch = g_dir_make_tmp ("mutual-dry-run-XXXXXX", source ? &error : NULL);
      if (source == NULL || scratch == NULL)
        return mutual_cli_fail (cli, error);
      g_free (ledger_path);
      ledger_path = g_build_filename (scratch, "ledger.db", NULL);
      if (mutual_ledger_copy_to (source, ledger_path, &error))
        ledger = mutual_ledger_open (ledger_path, &error);
    }
  else
    ledger = mutual_cli_open_ledger (cli, &error);
  if (ledger == NULL
      || !mutual_import_any (ledger, file, &options, &report, start_writeback, &writeback, NULL, &error))
    {
      /* Messages name the ledger asked for, not the scratch one. */
      if (new_ledger != NULL && error != NULL)
        {
          g_autoptr(GString) message = g_string_new (error->message);

          g_string_replace (message, ledger_path, new_ledger, 0);
          g_free (error->message);
          error->message = g_string_free (g_steal_pointer (&message), FALSE);
        }
      status = mutual_cli_fail (cli, error);
      g_clear_object (&ledger);
      writeback_close (&writeback);
      remove_scratch (scratch);
      remove_folders (made_folders);
      return status;
    }

  if (format == 1)
    {
      g_autofree char *json = mutual_import_report_to_json (&report, ledger);

      g_string_append (out, json);
      g_string_append_c (out, '\n');
    }
  else
    print_report (&report, ledger, dry_run, out);
  mutual_import_report_clear (&report);
  if (new_ledger != NULL && !dry_run && !mutual_ledger_complete_scratch (ledger, &error))
    {
      g_clear_object (&ledger);
      writeback_close (&writeback);
      remove_scratch (scratch);
      remove_folders (made_folders);
      return mutual_cli_fail (cli, error);
    }
  g_clear_object (&ledger);
  writeback_close (&writeback);
  if (new_ledger != NULL && !dry_run && !place_new_ledger (ledger_path, new_ledger, &error))
    {
      remove_scratch (scratch);
      remove_folders (made_folders);
      return mutual_cli_fail (cli, error);
    }
  remove_scratch (scratch);

  /* mutual_cli_run() checks that it reached standard output. */
  fwrite (out->str, 1, out->len, cli->out);
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
