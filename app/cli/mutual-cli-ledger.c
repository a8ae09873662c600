/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mutual-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "core/mutual-analytics.h"
#include "core/mutual-demo.h"
#include "core/mutual-error.h"
#include "core/mutual-money.h"
#include "mutual-cli-commands.h"

/* add-relationship */

int
mutual_cli_add_relationship (MutualCli  *cli,
                             int         argc,
                             char      **argv)
{
  g_autofree char *role = NULL;
  g_autofree char *organization = NULL;
  g_autofree char *notes = NULL;
  const GOptionEntry entries[] = {
    { "role", 0, 0, G_OPTION_ARG_STRING, &role, N_("client, prospect, partner, supplier, advisor, colleague, friend or other"), N_("ROLE") },
    { "organization", 0, 0, G_OPTION_ARG_STRING, &organization, N_("The organization"), N_("ORG") },
    { "notes", 0, 0, G_OPTION_ARG_STRING, &notes, N_("Notes"), N_("TEXT") },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) args = NULL;
  g_autoptr(MutualLedger) ledger = NULL;
  g_autoptr(MutualRelationship) rel = mutual_relationship_new ();

  if (!mutual_cli_parse (cli, "add-relationship", "NAME", entries, &argc, &argv, &error))
    return mutual_cli_fail (cli, error);

  args = mutual_cli_positionals (argc, argv);
  if (args->len != 1)
    return mutual_cli_usage_error (cli, args->len == 0
                                   ? _("add-relationship needs a NAME.")
                                   : _("add-relationship takes one NAME; put a name with spaces in quotes."));

  rel->name = g_strdup (g_ptr_array_index (args, 0));
  if (!mutual_cli_parse_role (role, &rel->role, &error))
    return mutual_cli_fail (cli, error);
  rel->organization = g_steal_pointer (&organization);
  rel->notes = g_steal_pointer (&notes);

  ledger = mutual_cli_open_ledger (cli, &error);
  if (ledger == NULL || !mutual_ledger_add_relationship (ledger, rel, &error))
    return mutual_cli_fail (cli, error);

  fprintf (cli->out, "%s\n", rel->uuid);
  return 0;
}

/* log */

int
mutual_cli_log (MutualCli  *cli,
                int         argc,
                char      **argv)
{
  gboolean given = FALSE, received = FALSE;
  g_autofree char *kind = NULL;
  g_autofree char *value = NULL;
  g_autofree char *date = NULL;
  g_autofree char *minutes = NULL;
  g_autofree char *note = NULL;
  const GOptionEntry entries[] = {
    { "given", 0, 0, G_OPTION_ARG_NONE, &given, N_("From me to them"), NULL },
    { "received", 0, 0, G_OPTION_ARG_NONE, &received, N_("From them to me"), NULL },
    { "kind", 0, 0, G_OPTION_ARG_STRING, &kind, N_("payment, work, discount, advice, referral, introduction, testimonial, feedback, support, gift or other"), N_("KIND") },
    { "value", 0, 0, G_OPTION_ARG_STRING, &value, N_("The value in the ledger currency, such as 1200.50"), N_("AMOUNT") },
    { "date", 0, 0, G_OPTION_ARG_STRING, &date, N_("The date (default: today)"), N_("YYYY-MM-DD") },
    { "minutes", 0, 0, G_OPTION_ARG_STRING, &minutes, N_("The time it took"), N_("N") },
    { "note", 0, 0, G_OPTION_ARG_STRING, &note, N_("A note"), N_("TEXT") },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) args = NULL;
  g_autoptr(MutualLedger) ledger = NULL;
  g_autoptr(MutualRelationship) rel = NULL;
  MutualExchange exchange = { 0 };
  g_autofree char *uuid = NULL;
  guint64 n_minutes = 0;
  gboolean ok;

  if (!mutual_cli_parse (cli, "log", "RELATIONSHIP", entries, &argc, &argv, &error))
    return mutual_cli_fail (cli, error);

  args = mutual_cli_positionals (argc, argv);
  if (args->len != 1)
    return mutual_cli_usage_error (cli, args->len == 0
                                   ? _("log needs a RELATIONSHIP (a name or an id).")
                                   : _("log takes one RELATIONSHIP; put a name with spaces in quotes."));
  if (given == received)
    return mutual_cli_usage_error (cli, _("log needs exactly one of --given and --received."));
  if (kind == NULL)
    return mutual_cli_usage_error (cli, _("log needs --kind=KIND."));
  if (value == NULL)
    return mutual_cli_usage_error (cli, _("log needs --value=AMOUNT."));

  exchange.direction = given ? MUTUAL_DIRECTION_GIVEN : MUTUAL_DIRECTION_RECEIVED;
  exchange.minutes = -1;
  if (!mutual_cli_parse_kind (kind, &exchange.kind, &error))
    return mutual_cli_fail (cli, error);
  if (date == NULL)
    exchange.date = mutual_date_today ();
  else if (!mutual_cli_parse_date_option ("--date", date, &exchange.date, &error))
    return mutual_cli_fail (cli, error);
  if (minutes)
    {
      if (!mutual_cli_parse_count ("--minutes", minutes, 0, G_MAXINT32, &n_minutes, &error))
        return mutual_cli_fail (cli, error);
      exchange.minutes = (gint64) n_minutes;
    }
  exchange.note = note;

  ledger = mutual_cli_open_ledger (cli, &error);
  if (ledger == NULL)
    return mutual_cli_fail (cli, error);

  if (!mutual_money_parse (value, mutual_ledger_get_digits (ledger), &exchange.value, &error))
    {
      g_prefix_error (&error, "--value: ");
      return mutual_cli_fail (cli, error);
    }

  rel = mutual_ledger_find_relationship (ledger, g_ptr_array_index (args, 0), &error);
  if (rel == NULL)
    return mutual_cli_fail (cli, error);
  exchange.relationship_id = rel->id;

  ok = mutual_ledger_add_exchange (ledger, &exchange, &error);
  uuid = g_steal_pointer (&exchange.uuid);  /* given even when the commit fails */
  exchange.note = NULL;
  if (!ok)
    return mutual_cli_fail (cli, error);

  fprintf (cli->out, "%s\n", uuid);
  return 0;
}

/* classify */

/* The flags' names in the output, in this order. */
static const struct
{
  MutualFlags flag;
  const char *name;
} flag_names[] = {
  { MUTUAL_FLAG_ONE_SIDED, "one-sided" },
  { MUTUAL_FLAG_DORMANT, "dormant" },
  { MUTUAL_FLAG_NEW, "new" },
};

static void
append_reciprocity_json (GString                *out,
                         const MutualAssessment *a)
{
  double r;
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  char *end;

  if (!mutual_assessment_reciprocity (a, &r))
    {
      g_string_append (out, "null");
      return;
    }
  g_ascii_formatd (buf, sizeof buf, "%.3f", round (r * 1000.0) / 1000.0);
  /* 0.500 → 0.5, 1.000 → 1: the shortest number JSON needs. */
  end = buf + strlen (buf) - 1;
  while (end > buf && *end == '0')
    *end-- = '\0';
  if (*end == '.')
    *end = '\0';
  g_string_append (out, buf);
}

int
mutual_cli_classify (MutualCli  *cli,
                     int         argc,
                     char      **argv)
{
  g_autofree char *as_of_text = NULL;
  g_autofree char *format_text = NULL;
  const GOptionEntry entries[] = {
    { "as-of", 0, 0, G_OPTION_ARG_STRING, &as_of_text, N_("Classify as of this date (default: today)"), N_("DATE") },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format_text, N_("tsv or json"), N_("FORMAT") },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) args = NULL;
  g_autoptr(MutualLedger) ledger = NULL;
  g_autoptr(GPtrArray) rels = NULL;
  g_autoptr(GArray) all = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  MutualDate as_of = 0;
  MutualCliFormat format;
  const char *currency;

  if (!mutual_cli_parse (cli, "classify", NULL, entries, &argc, &argv, &error))
    return mutual_cli_fail (cli, error);
  args = mutual_cli_positionals (argc, argv);
  if (args->len > 0)
    return mutual_cli_usage_error (cli, _("classify takes no argument “%s”."),
                                   (char *) g_ptr_array_index (args, 0));
  if (!mutual_cli_parse_format (format_text, &format, &error)
      || !mutual_cli_parse_date_option ("--as-of", as_of_text, &as_of, &error))
    return mutual_cli_fail (cli, error);

  ledger = mutual_cli_open_existing_ledger (cli, &error);
  if (ledger == NULL)
    return mutual_cli_fail (cli, error);
  if (as_of == 0)
    as_of = mutual_date_today ();

  all = mutual_ledger_assess_relationships (ledger, as_of, &rels, NULL, &error);
  if (all == NULL)
    return mutual_cli_fail (cli, error);
  currency = mutual_ledger_get_currency (ledger);

  if (format == MUTUAL_CLI_FORMAT_JSON)
    g_string_append_c (out, '[');
  else
    g_string_append (out, "id\tname\tclass\tcomputed\toverride\tongoing\tbeyond_money\ttwo_way\t"
                          "flags\tgiven\treceived\tbalance\treciprocity\texplanation\n");

  for (guint i = 0; i < rels->len; i++)
    {
      MutualRelationship *rel = g_ptr_array_index (rels, i);
      MutualAssessment *a = &g_array_index (all, MutualAssessment, i);
      g_autofree char *given = mutual_money_format (a->given, currency, 0);
      g_autofree char *received = mutual_money_format (a->received, currency, 0);
      g_autofree char *balance = mutual_money_format (mutual_assessment_balance (a), currency, 0);
      const char *override = mutual_class_to_string (a->override);

      if (format == MUTUAL_CLI_FORMAT_JSON)
        {
          if (i > 0)
            g_string_append_c (out, ',');
          g_string_append (out, "\n  {\"id\": ");
          mutual_json_string (out, rel->uuid);
          g_string_append (out, ", \"name\": ");
          mutual_json_string (out, rel->name);
          g_string_append_printf (out, ", \"class\": \"%s\", \"computed\": \"%s\", \"override\": ",
                                  mutual_class_to_string (a->klass),
                                  mutual_class_to_string (a->computed));
          if (override)
            g_string_append_printf (out, "\"%s\"", override);
          else
            g_string_append (out, "null");
          g_string_append_printf (out,
                                  ", \"tests\": {\"ongoing\": %s, \"beyond_money\": %s, \"two_way\": %s}",
                                  a->ongoing ? "true" : "false",
                                  a->beyond_money ? "true" : "false",
                                  a->two_way ? "true" : "false");
          g_string_append (out, ", \"flags\": [");
          for (guint f = 0; f < G_N_ELEMENTS (flag_names); f++)
            if (a->flags & flag_names[f].flag)
              g_string_append_printf (out, "%s\"%s\"", out->str[out->len - 1] == '[' ? "" : ", ",
                                      flag_names[f].name);
          g_string_append_printf (out, "], \"given\": \"%s\", \"received\": \"%s\", \"balance\": \"%s\", \"reciprocity\": ",
                                  given, received, balance);
          append_reciprocity_json (out, a);
          g_string_append_printf (out, ", \"measure\": \"%s\"}",
                                  a->measure == MUTUAL_MEASURE_EXCHANGES ? "exchanges" : "value");
        }
      else
        {
          g_autofree char *name = mutual_cli_tsv_field (rel->name);
          g_autofree char *explanation = mutual_assessment_explain (a, currency);
          g_autoptr(GString) reciprocity = g_string_new (NULL);
          const char *flags[G_N_ELEMENTS (flag_names) + 1] = { NULL, };
          int n_flags = 0;
          g_autofree char *flag_text = NULL;

          for (guint f = 0; f < G_N_ELEMENTS (flag_names); f++)
            if (a->flags & flag_names[f].flag)
              flags[n_flags++] = flag_names[f].name;
          flag_text = g_strjoinv (",", (char **) flags);
          append_reciprocity_json (reciprocity, a);

          g_string_append_printf (out, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n",
                                  rel->uuid, name,
                                  mutual_class_to_string (a->klass),
                                  mutual_class_to_string (a->computed),
                                  override ? override : "",
                                  a->ongoing ? "yes" : "no",
                                  a->beyond_money ? "yes" : "no",
                                  a->two_way ? "yes" : "no",
                                  flag_text, given, received, balance,
                                  g_str_equal (reciprocity->str, "null") ? "" : reciprocity->str,
                                  explanation);
        }
    }

  if (format == MUTUAL_CLI_FORMAT_JSON)
    g_string_append (out, rels->len ? "\n]\n" : "]\n");

  fwrite (out->str, 1, out->len, cli->out);
  return 0;
}

/* balance */

int
mutual_cli_balance (MutualCli  *cli,
                    int         argc,
                    char      **argv)
{
  gboolean all = FALSE;
  g_autofree char *from_text = NULL;
  g_autofree char *to_text = NULL;
  g_autofree char *interval_text = NULL;
  g_autofree char *format_text = NULL;
  const GOptionEntry entries[] = {
    { "all", 0, 0, G_OPTION_ARG_NONE, &all, N_("The whole portfolio"), NULL },
    { "from", 0, 0, G_OPTION_ARG_STRING, &from_text, N_("First day (default: the first exchange)"), N_("DATE") },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to_text, N_("Last day (default: today)"), N_("DATE") },
    { "interval", 0, 0, G_OPTION_ARG_STRING, &interval_text, N_("day, week, month, quarter or year"), N_("INTERVAL") },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format_text, N_("tsv or json"), N_("FORMAT") },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) args = NULL;
  g_autoptr(MutualLedger) ledger = NULL;
  g_autoptr(GArray) periods = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  MutualInterval interval = MUTUAL_INTERVAL_MONTH;
  MutualDate from = 0, to = 0;
  gint64 relationship_id = 0;
  MutualCliFormat format;
  const char *currency;

  if (!mutual_cli_parse (cli, "balance", "(RELATIONSHIP|--all)", entries, &argc, &argv, &error))
    return mutual_cli_fail (cli, error);
  args = mutual_cli_positionals (argc, argv);
  if (all && args->len > 0)
    return mutual_cli_usage_error (cli, _("balance takes either a RELATIONSHIP or --all, not both."));
  if (!all && args->len != 1)
    return mutual_cli_usage_error (cli, args->len == 0
                                   ? _("balance needs a RELATIONSHIP or --all.")
                                   : _("balance takes one RELATIONSHIP; put a name with spaces in quotes."));
  if (!mutual_cli_parse_format (format_text, &format, &error)
      || !mutual_cli_parse_date_option ("--from", from_text, &from, &error)
      || !mutual_cli_parse_date_option ("--to", to_text, &to, &error))
    return mutual_cli_fail (cli, error);
  if (interval_text && !mutual_interval_from_string (interval_text, &interval))
    {
      g_set_error (&error, MUTUAL_ERROR, MUTUAL_ERROR_DATA,
                   _("--interval: “%s” is not one of day, week, month, quarter, year."),
                   interval_text);
      return mutual_cli_fail (cli, error);
    }

  ledger = mutual_cli_open_existing_ledger (cli, &error);
  if (ledger == NULL)
    return mutual_cli_fail (cli, error);
  if (!all)
    {
      g_autoptr(MutualRelationship) rel = mutual_ledger_find_relationship (ledger, g_ptr_array_index (args, 0), &error);

      if (rel == NULL)
        return mutual_cli_fail (cli, error);
      relationship_id = rel->id;
    }

  periods = mutual_ledger_balance_series (ledger, relationship_id, from, to, interval, &error);
  if (periods == NULL)
    return mutual_cli_fail (cli, error);
  currency = mutual_ledger_get_currency (ledger);

  if (format == MUTUAL_CLI_FORMAT_JSON)
    g_string_append_c (out, '[');
  else
    g_string_append (out, "end\tgiven\treceived\tgiven_total\treceived_total\tbalance\n");

  for (guint i = 0; i < periods->len; i++)
    {
      const MutualPeriod *p = &g_array_index (periods, MutualPeriod, i);
      g_autofree char *given = mutual_money_format (p->given, currency, 0);
      g_autofree char *received = mutual_money_format (p->received, currency, 0);
      g_autofree char *given_total = mutual_money_format (p->given_total, currency, 0);
      g_autofree char *received_total = mutual_money_format (p->received_total, currency, 0);
      g_autofree char *balance = mutual_money_format (p->balance, currency, 0);
      char end[11];

      mutual_date_to_iso (p->end, end);
      if (format == MUTUAL_CLI_FORMAT_JSON)
        g_string_append_printf (out,
                                "%s\n  {\"end\": \"%s\", \"given\": \"%s\", \"received\": \"%s\","
                                " \"given_total\": \"%s\", \"received_total\": \"%s\", \"balance\": \"%s\"}",
                                i ? "," : "", end, given, received, given_total, received_total, balance);
      else
        g_string_append_printf (out, "%s\t%s\t%s\t%s\t%s\t%s\n",
                                end, given, received, given_total, received_total, balance);
    }

  if (format == MUTUAL_CLI_FORMAT_JSON)
    g_string_append (out, periods->len ? "\n]\n" : "]\n");

  fwrite (out->str, 1, out->len, cli->out);
  return 0;
}

/* demo */

int
mutual_cli_demo (MutualCli  *cli,
                 int         argc,
                 char      **argv)
{
  g_autofree char *relationships = NULL;
  g_autofree char *exchanges = NULL;
  g_autofree char *seed = NULL;
  const GOptionEntry entries[] = {
    { "relationships", 0, 0, G_OPTION_ARG_STRING, &relationships, N_("How many relationships (default 12)"), N_("N") },
    { "exchanges", 0, 0, G_OPTION_ARG_STRING, &exchanges, N_("How many exchanges in all"), N_("M") },
    { "seed", 0, 0, G_OPTION_ARG_STRING, &seed, N_("The seed: the same seed gives the same ledger"), N_("S") },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) args = NULL;
  g_autoptr(MutualLedger) ledger = NULL;
  MutualDemoOptions options = { 12, 0, 1, 0 };
  guint64 n_relationships = 12;
  gint64 started;

  if (!mutual_cli_parse (cli, "demo", NULL, entries, &argc, &argv, &error))
    return mutual_cli_fail (cli, error);
  args = mutual_cli_positionals (argc, argv);
  if (args->len > 0)
    return mutual_cli_usage_error (cli, _("demo takes no argument “%s”."),
                                   (char *) g_ptr_array_index (args, 0));
  if (!mutual_cli_parse_count ("--relationships", relationships, 1, 1000000, &n_relationships, &error)
      || !mutual_cli_parse_count ("--exchanges", exchanges, 0, 100000000, &options.n_exchanges, &error)
      || !mutual_cli_parse_count ("--seed", seed, 0, G_MAXUINT64, &options.seed, &error))
    return mutual_cli_fail (cli, error);
  options.n_relationships = (guint) n_relationships;

  ledger = mutual_cli_open_ledger (cli, &error);
  if (ledger == NULL)
    return mutual_cli_fail (cli, error);

  started = g_get_monotonic_time ();
  if (!mutual_demo_generate (ledger, &options, NULL, &error))
    return mutual_cli_fail (cli, error);

  {
    g_autofree char *n_relationships_text = g_strdup_printf ("%" G_GINT64_FORMAT,
                                                            mutual_ledger_count_relationships (ledger));
    g_autofree char *n_exchanges_text = g_strdup_printf ("%" G_GINT64_FORMAT,
                                                        mutual_ledger_count_exchanges (ledger, 0));

    fprintf (cli->out, _("Generated %s relationships and %s exchanges in %.1f s into %s.\n"),
             n_relationships_text, n_exchanges_text,
             (g_get_monotonic_time () - started) / 1e6,
             mutual_ledger_get_path (ledger));
  }
  return 0;
}
