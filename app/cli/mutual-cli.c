/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mutual-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "core/mutual-error.h"
#include "mutual-cli-commands.h"
#include "mutual-cli.h"

typedef struct
{
  const char *name;
  MutualCliCommandFunc func;
  const char *synopsis;
} Command;

static const Command commands[] = {
  { "add-relationship", mutual_cli_add_relationship,
    N_("add-relationship NAME [--role=ROLE] [--organization=ORG]") },
  { "log", mutual_cli_log,
    N_("log RELATIONSHIP (--given|--received) --kind=KIND --value=AMOUNT\n"
       "      [--date=YYYY-MM-DD] [--minutes=N] [--note=TEXT]") },
  { "classify", mutual_cli_classify,
    N_("classify [--as-of=DATE] [--format=tsv|json]") },
  { "balance", mutual_cli_balance,
    N_("balance (RELATIONSHIP|--all) [--from=DATE] [--to=DATE]\n"
       "      [--interval=day|week|month|quarter|year] [--format=tsv|json]") },
  { "chart", mutual_cli_chart,
    N_("chart (RELATIONSHIP|--all) --output=FILE.(png|svg|pdf)\n"
       "      [--from=DATE] [--to=DATE] [--width=PX] [--height=PX] [--hide-amounts]") },
  { "report", mutual_cli_report,
    N_("report (RELATIONSHIP|--all) --output=FILE.pdf [--from=DATE] [--to=DATE]\n"
       "      [--hide-amounts] [--private] [--by=TEXT]") },
  { "demo", mutual_cli_demo,
    N_("demo [--relationships=N] [--exchanges=M] [--seed=S]") },
  { "import", mutual_cli_import,
    N_("import FILE [--type=mutual|csv|ofx|qif|camt053|vcard] [--preset=NAME]\n"
       "      [--map=FIELD=COLUMN,…] [--date-order=ymd|dmy|mdy] [--unmatched=skip|create]\n"
       "      [--same-name=refuse|merge|rename] [--dry-run] [--format=text|json]") },
  { "export", mutual_cli_export,
    N_("export FILE.xml            (- is standard output)") },
  { "export-csv", mutual_cli_export_csv,
    N_("export-csv FILE.csv") },
  { "relationships", mutual_cli_relationships,
    N_("relationships [--archived] [--format=tsv|json]") },
  { "edit-relationship", mutual_cli_edit_relationship,
    N_("edit-relationship RELATIONSHIP [--name=NAME] [--role=ROLE] [--organization=ORG]\n"
       "      [--notes=TEXT] [--archived=true|false]") },
  { "delete-relationship", mutual_cli_delete_relationship,
    N_("delete-relationship RELATIONSHIP") },
  { "override", mutual_cli_override,
    N_("override RELATIONSHIP (--partnership|--transactional|--none) [--reason=TEXT]") },
  { "identify", mutual_cli_identify,
    N_("identify RELATIONSHIP [--email=ADDR] [--iban=IBAN] [--alias=TEXT] [--number=TEXT]\n"
       "      [--remove]               (each option may repeat; none: list them)") },
  { "exchanges", mutual_cli_exchanges,
    N_("exchanges RELATIONSHIP [--from=DATE] [--to=DATE] [--direction=given|received]\n"
       "      [--kind=KIND] [--search=TEXT] [--format=tsv|json]") },
  { "edit-exchange", mutual_cli_edit_exchange,
    N_("edit-exchange ID [--date=YYYY-MM-DD] [--direction=given|received] [--kind=KIND]\n"
       "      [--value=AMOUNT] [--minutes=N] [--note=TEXT]") },
  { "delete-exchange", mutual_cli_delete_exchange,
    N_("delete-exchange ID") },
};

static const Command *
find_command (const char *name)
{
  for (gsize i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_strcmp0 (commands[i].name, name) == 0)
      return &commands[i];
  return NULL;
}

static void
print_help (FILE *out)
{
  fprintf (out, "%s\n\n", _("Mutual — which of your relationships are partnerships, and who values you."));
  fprintf (out, "%s\n", _("Usage:"));
  fprintf (out, "  mutual [--ledger=%s]                %s\n", _("PATH"), _("open the window"));
  for (gsize i = 0; i < G_N_ELEMENTS (commands); i++)
    fprintf (out, "  mutual [--ledger=%s] %s\n", _("PATH"), _(commands[i].synopsis));
  fprintf (out, "  mutual --version | --help [%s]\n\n", _("COMMAND"));
  fprintf (out, "%s\n", _("The ledger is --ledger=PATH, else $MUTUAL_LEDGER, else the default in your data folder."));
  fprintf (out, "%s\n", _("Commands that only read (classify, balance, relationships, exchanges, export, export-csv, chart, report) never create a ledger."));
  fprintf (out, "%s\n", _("“mutual --help COMMAND” or “mutual COMMAND --help” describes one command’s options."));
  fprintf (out, "%s\n", _("Exit status: 0 success, 1 usage error, 2 bad data, 3 the ledger cannot be opened."));
}

/* Splits off the global options that stand before the command. Returns
 * the index of the command word, or argc when there is none. *problem is
 * set to a usage error sentence: an unknown option, or --ledger given
 * twice, empty or without its PATH. */
static int
scan_global (int          argc,
             char       **argv,
             char       **ledger_path,
             gboolean    *version,
             gboolean    *help,
             char       **problem,
             gboolean    *ledger_problem)
{
  int i;

  for (i = 1; i < argc; i++)
    {
      const char *arg = argv[i];
      const char *value = NULL;

      if (g_str_has_prefix (arg, "--ledger="))
        value = arg + strlen ("--ledger=");
      else if (g_str_equal (arg, "--ledger"))
        {
          if (i + 1 >= argc)
            {
              g_free (*problem);
              *problem = g_strdup (_("--ledger needs a PATH."));
              *ledger_problem = TRUE;
              return argc;
            }
          value = argv[++i];
        }
      else if (g_str_equal (arg, "--version"))
        *version = TRUE;
      else if (g_str_equal (arg, "--help") || g_str_equal (arg, "-h"))
        *help = TRUE;
      else if (arg[0] == '-' && arg[1] != '\0')
        {
          /* Options for the window (GApplication's) are not ours to judge. */
          if (*problem == NULL)
            *problem = g_strdup_printf (_("Unknown option “%s”; see “mutual --help”."), arg);
        }
      else
        break;

      if (value == NULL)
        continue;
      if (*value == '\0' || *ledger_path != NULL)
        {
          g_free (*problem);
          *problem = *value == '\0' ? g_strdup (_("--ledger needs a PATH."))
                     : g_strdup_printf (_("%s is given more than once."), "--ledger");
          *ledger_problem = TRUE;
        }
      g_free (*ledger_path);
      *ledger_path = g_strdup (value);
    }

  return i;
}

gboolean
mutual_cli_wants_command_line (int    argc,
                               char **argv)
{
  g_autofree char *ledger = NULL;
  g_autofree char *bad = NULL;
  gboolean version = FALSE, help = FALSE, ledger_problem = FALSE;
  int index = scan_global (argc, argv, &ledger, &version, &help, &bad, &ledger_problem);

  /* A bad --ledger is a usage error even without a command: the window
   * must not open some other ledger instead. */
  return version || help || ledger_problem || index < argc;
}

/* A command's output that did not reach standard output (a full disk,
 * /dev/full, a closed pipe) is a failure, not a truncated success. */
static int
check_output (MutualCli *cli,
              int        status)
{
  int saved;

  if (fflush (cli->out) == 0 && !ferror (cli->out))
    return status;
  saved = errno;
  if (status != 0)
    return status;
  fprintf (cli->err, "mutual: ");
  fprintf (cli->err, _("The standard output could not be written: %s."),
           g_strerror (saved ? saved : EIO));
  fprintf (cli->err, "\n");
  return MUTUAL_ERROR_DATA;
}

int
mutual_cli_run (int    argc,
                char **argv)
{
  MutualCli cli = { NULL, stdout, stderr };
  g_autofree char *problem = NULL;
  gboolean version = FALSE, help = FALSE, ledger_problem = FALSE;
  const Command *command;
  int index;
  int status;

  index = scan_global (argc, argv, &cli.ledger_path, &version, &help, &problem, &ledger_problem);

  if (problem)
    {
      status = mutual_cli_usage_error (&cli, "%s", problem);
      g_free (cli.ledger_path);
      return status;
    }
  if (version && index >= argc)
    {
      fprintf (cli.out, "mutual %s\n", PACKAGE_VERSION);
      g_free (cli.ledger_path);
      return check_output (&cli, 0);
    }
  if (help && index >= argc)
    {
      print_help (cli.out);
      g_free (cli.ledger_path);
      return check_output (&cli, 0);
    }

  command = find_command (argv[index]);
  if (command == NULL)
    {
      status = mutual_cli_usage_error (&cli, _("Unknown command “%s”; see “mutual --help”."),
                                       argv[index]);
      g_free (cli.ledger_path);
      return status;
    }

  if (help)
    {
      /* "mutual --help COMMAND" is "mutual COMMAND --help": the command's
       * own options, and nothing run. */
      char *help_argv[] = { argv[index], (char *) "--help", NULL };

      status = command->func (&cli, 2, help_argv);
    }
  else
    status = command->func (&cli, argc - index, argv + index);
  status = check_output (&cli, status);
  g_free (cli.ledger_path);
  return status;
}

static gboolean
takes_value (const GOptionEntry *entry)
{
  return entry->arg != G_OPTION_ARG_NONE && entry->arg != G_OPTION_ARG_CALLBACK;
}

static gboolean
takes_many (const GOptionEntry *entry)
{
  return entry->arg == G_OPTION_ARG_STRING_ARRAY || entry->arg == G_OPTION_ARG_FILENAME_ARRAY;
}

/* Text options whose empty value means "none" (it clears the field). */
static gboolean
may_be_empty (const GOptionEntry *entry)
{
  static const char * const clearable[] = { "organization", "notes", "note", "reason" };

  for (gsize i = 0; i < G_N_ELEMENTS (clearable); i++)
    if (g_strcmp0 (entry->long_name, clearable[i]) == 0)
      return TRUE;
  return FALSE;
}

/* What GOption lets pass: an option given twice (it keeps the last), an
 * empty value, a value missing at the end (its error reads as bad data).
 * All three are usage errors. */
static gboolean
check_usage (const GOptionEntry  *entries,
             gsize                n_entries,
             gboolean             ledger_given,
             int                  argc,
             char               **argv,
             GError             **error)
{
  g_autofree guint *seen = g_new0 (guint, n_entries);

  for (int i = 1; i < argc; i++)
    {
      const char *arg = argv[i];
      const GOptionEntry *entry = NULL;
      const char *value = NULL;
      g_autofree char *shown = NULL;
      gsize k;

      if (g_str_equal (arg, "--"))
        break;
      if (arg[0] != '-' || arg[1] == '\0')
        continue;

      if (arg[1] == '-')
        {
          const char *name = arg + 2;
          const char *equals = strchr (name, '=');
          gsize length = equals ? (gsize) (equals - name) : strlen (name);

          for (k = 0; k < n_entries; k++)
            if (strlen (entries[k].long_name) == length
                && strncmp (entries[k].long_name, name, length) == 0)
              break;
          if (k == n_entries || !takes_value (&entries[k]))
            continue;
          entry = &entries[k];
          if (equals)
            value = equals + 1;
          shown = g_strconcat ("--", entry->long_name, NULL);
        }
      else
        {
          for (k = 0; k < n_entries; k++)
            if (entries[k].short_name == arg[1])
              break;
          if (k == n_entries || !takes_value (&entries[k]))
            continue;
          entry = &entries[k];
          if (arg[2] != '\0')
            value = arg + 2;
          shown = g_strdup_printf ("-%c", entry->short_name);
        }

      if (value == NULL)
        {
          if (i + 1 >= argc)
            value = NULL;
          else
            value = argv[++i];
        }
      if (value == NULL || (*value == '\0' && !may_be_empty (entry)))
        {
          g_set_error (error, MUTUAL_ERROR, MUTUAL_ERROR_USAGE,
                       _("%s needs a value."), shown);
          return FALSE;
        }
      if (!takes_many (entry)
          && (++seen[k] > 1 || (ledger_given && g_str_equal (entry->long_name, "ledger"))))
        {
          g_set_error (error, MUTUAL_ERROR, MUTUAL_ERROR_USAGE,
                       _("%s is given more than once."), shown);
          return FALSE;
        }
    }
  return TRUE;
}

gboolean
mutual_cli_parse (MutualCli           *cli,
                  const char          *command,
                  const char          *parameters,
                  const GOptionEntry  *entries,
                  int                 *argc,
                  char              ***argv,
                  GError             **error)
{
  return mutual_cli_parse_full (cli, command, parameters, NULL, entries, argc, argv, error);
}

/* GOption's own help options, before any "--", and not the value of an
 * option that takes one ("--note -h" is a note). */
static gboolean
asks_for_help (const GOptionEntry *entries,
               gsize               n_entries,
               int                 argc,
               char              **argv)
{
  for (int i = 1; i < argc && strcmp (argv[i], "--") != 0; i++)
    {
      const char *arg = argv[i];

      if (strcmp (arg, "--help") == 0 || strcmp (arg, "-h") == 0
          || strcmp (arg, "-?") == 0 || strcmp (arg, "--help-all") == 0)
        return TRUE;
      if (arg[0] != '-' || arg[1] == '\0' || strchr (arg, '=') != NULL)
        continue;
      for (gsize k = 0; k < n_entries; k++)
        if (takes_value (&entries[k])
            && ((arg[1] == '-' && strcmp (arg + 2, entries[k].long_name) == 0)
                || (arg[1] != '-' && arg[2] == '\0' && arg[1] == entries[k].short_name)))
          {
            i++;   /* its value */
            break;
          }
    }
  return FALSE;
}

gboolean
mutual_cli_parse_full (MutualCli           *cli,
                       const char          *command,
                       const char          *parameters,
                       const char          *summary,
                       const GOptionEntry  *entries,
                       int                 *argc,
                       char              ***argv,
                       GError             **error)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GArray) all = g_array_new (FALSE, FALSE, sizeof (GOptionEntry));
  g_autofree char *ledger = NULL;
  const GOptionEntry ledger_entries[] = {
    { "ledger", 0, 0, G_OPTION_ARG_FILENAME, &ledger, N_("The ledger file"), N_("PATH") },
    G_OPTION_ENTRY_NULL
  };
  g_autofree char *program = g_strdup_printf ("mutual %s", command);

  for (gsize i = 0; entries[i].long_name; i++)
    g_array_append_val (all, entries[i]);
  g_array_append_val (all, ledger_entries[0]);

  /* GOption's usage line is "PROGRAM [OPTION…] PARAMETERS". */
  g_set_prgname (program);
  context = g_option_context_new (parameters);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  if (summary)
    g_option_context_set_summary (context, summary);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, ledger_entries, GETTEXT_PACKAGE);

  /* GOption prints its help with g_print() and exits 0 whatever became
   * of it: a help that could not be written would look like success. */
  if (asks_for_help ((GOptionEntry *) all->data, all->len, *argc, *argv))
    {
      g_autofree char *help = g_option_context_get_help (context, TRUE, NULL);

      fputs (help, cli->out);
      exit (check_output (cli, 0));
    }

  if (!check_usage ((GOptionEntry *) all->data, all->len, cli->ledger_path != NULL,
                    *argc, *argv, error))
    return FALSE;

  /* GOption stops at "--"; everything after it stays positional. */
  if (!g_option_context_parse (context, argc, argv, error))
    return FALSE;

  if (ledger)
    {
      g_free (cli->ledger_path);
      cli->ledger_path = g_steal_pointer (&ledger);
    }
  return TRUE;
}

MutualLedger *
mutual_cli_open_ledger (MutualCli  *cli,
                        GError    **error)
{
  g_autofree char *path = mutual_ledger_resolve_path (cli->ledger_path);

  return mutual_ledger_open (path, error);
}

MutualLedger *
mutual_cli_open_existing_ledger (MutualCli  *cli,
                                 GError    **error)
{
  g_autofree char *path = mutual_ledger_resolve_path (cli->ledger_path);

  return mutual_ledger_open_existing (path, error);
}

/* @text on one line and harmless to a terminal: valid UTF-8, and each
 * control character (C0 with TAB and line breaks, DEL, C1: a file's
 * escape sequences) a space. */
static char *
plain_text (const char *text)
{
  char *valid = g_utf8_make_valid (text ? text : "", -1);
  GString *out = g_string_sized_new (strlen (valid));

  for (const char *p = valid; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c < 0x20 || (c >= 0x7f && c <= 0x9f))
        g_string_append_c (out, ' ');
      else
        g_string_append_len (out, p, g_utf8_next_char (p) - p);
    }
  g_free (valid);
  return g_string_free (out, FALSE);
}

int
mutual_cli_fail (MutualCli    *cli,
                 const GError *error)
{
  int status = MUTUAL_ERROR_DATA;

  if (error->domain == MUTUAL_ERROR)
    status = error->code;
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    status = MUTUAL_ERROR_DATA;
  else if (error->domain == G_OPTION_ERROR)
    status = error->code == G_OPTION_ERROR_BAD_VALUE ? MUTUAL_ERROR_DATA : MUTUAL_ERROR_USAGE;

  {
    /* Messages quote files' text: one line, no escape sequences. */
    g_autofree char *message = plain_text (error->message);

    fprintf (cli->err, "mutual: %s\n", message);
  }
  return status;
}

int
mutual_cli_usage_error (MutualCli  *cli,
                        const char *format,
                        ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  fprintf (cli->err, "mutual: %s\n", message);
  return MUTUAL_ERROR_USAGE;
}

gboolean
mutual_cli_parse_date_option (const char  *option,
                              const char  *text,
                              MutualDate  *out,
                              GError     **error)
{
  if (text == NULL)
    {
      *out = 0;
      return TRUE;
    }
  if (!mutual_date_parse (text, out, error))
    {
      g_prefix_error (error, "%s: ", option);
      return FALSE;
    }
  return TRUE;
}

GPtrArray *
mutual_cli_positionals (int    argc,
                        char **argv)
{
  GPtrArray *list = g_ptr_array_new ();

  for (int i = 1; i < argc; i++)
    if (!g_str_equal (argv[i], "--"))
      g_ptr_array_add (list, argv[i]);
  return list;
}

gboolean
mutual_cli_parse_format (const char       *text,
                         MutualCliFormat  *out,
                         GError          **error)
{
  if (text == NULL || g_str_equal (text, "tsv"))
    *out = MUTUAL_CLI_FORMAT_TSV;
  else if (g_str_equal (text, "json"))
    *out = MUTUAL_CLI_FORMAT_JSON;
  else
    {
      g_set_error (error, MUTUAL_ERROR, MUTUAL_ERROR_DATA,
                   _("--format: “%s” is neither tsv nor json."), text);
      return FALSE;
    }
  return TRUE;
}

char *
mutual_cli_tsv_field (const char *text)
{
  return plain_text (text);
}

gboolean
mutual_cli_parse_role (const char  *text,
                       MutualRole  *out,
                       GError     **error)
{
  if (text == NULL || mutual_role_from_string (text, out))
    return TRUE;
  g_set_error (error, MUTUAL_ERROR, MUTUAL_ERROR_DATA,
               _("--role: “%s” is not one of client, prospect, partner, supplier, advisor, colleague, friend, other."),
               text);
  return FALSE;
}

gboolean
mutual_cli_parse_kind (const char  *text,
                       MutualKind  *out,
                       GError     **error)
{
  if (text == NULL || mutual_kind_from_string (text, out))
    return TRUE;
  g_set_error (error, MUTUAL_ERROR, MUTUAL_ERROR_DATA,
               _("--kind: “%s” is not one of payment, work, discount, advice, referral, introduction, testimonial, feedback, support, gift, other."),
               text);
  return FALSE;
}

gboolean
mutual_cli_parse_direction (const char       *text,
                            MutualDirection  *out,
                            GError          **error)
{
  if (text == NULL || mutual_direction_from_string (text, out))
    return TRUE;
  g_set_error (error, MUTUAL_ERROR, MUTUAL_ERROR_DATA,
               _("--direction: “%s” is neither given nor received."), text);
  return FALSE;
}

gboolean
mutual_cli_parse_count (const char  *option,
                        const char  *text,
                        guint64      min,
                        guint64      max,
                        guint64     *out,
                        GError     **error)
{
  guint64 value;

  if (text == NULL)
    return TRUE;
  if (!g_ascii_string_to_unsigned (text, 10, min, max, &value, NULL))
    {
      g_autofree char *lo = g_strdup_printf ("%" G_GUINT64_FORMAT, min);
      g_autofree char *hi = g_strdup_printf ("%" G_GUINT64_FORMAT, max);

      g_set_error (error, MUTUAL_ERROR, MUTUAL_ERROR_DATA,
                   _("%s: “%s” is not a whole number from %s to %s."),
                   option, text, lo, hi);
      return FALSE;
    }
  *out = value;
  return TRUE;
}

void
mutual_json_string (GString    *out,
                    const char *text)
{
  g_string_append_c (out, '"');
  for (const guchar *p = (const guchar *) (text ? text : ""); *p; p++)
    {
      switch (*p)
        {
        case '"': g_string_append (out, "\\\""); break;
        case '\\': g_string_append (out, "\\\\"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\r': g_string_append (out, "\\r"); break;
        case '\t': g_string_append (out, "\\t"); break;
        case '\b': g_string_append (out, "\\b"); break;
        case '\f': g_string_append (out, "\\f"); break;
        default:
          if (*p < 0x20)
            g_string_append_printf (out, "\\u%04x", *p);
          else
            g_string_append_c (out, (char) *p);
        }
    }
  g_string_append_c (out, '"');
}
