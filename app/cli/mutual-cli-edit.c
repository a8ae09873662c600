/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mutual-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "core/mutual-error.h"
#include "core/mutual-identifiers.h"
#include "core/mutual-money.h"
#include "mutual-cli-commands.h"

/* The one RELATIONSHIP (or exchange ID) of a command, or NULL after a
 * usage message. */
static const char *
single_argument (MutualCli   *cli,
                 const char  *command,
                 gboolean     exchange,
                 int          argc,
                 char       **argv,
                 int         *status)
{
  g_autoptr(GPtrArray) args = mutual_cli_positionals (argc, argv);

  if (args->len == 1)
    return g_ptr_array_index (args, 0);
  if (exchange && args->len == 0)
    *status = mutual_cli_usage_error (cli, _("%s needs an exchange ID."), command);
  else if (exchange)
    *status = mutual_cli_usage_error (cli, _("%s takes one exchange ID."), command);
  else if (args->len == 0)
    *status = mutual_cli_usage_error (cli, _("%s needs a RELATIONSHIP (a name or an id)."), command);
  else
    *status = mutual_cli_usage_error (cli, _("%s takes one RELATIONSHIP; put a name with spaces in quotes."),
                                      command);
  return NULL;
}

static void
append_json_text_or_null (GString    *out,
                          const char *text)
{
  if (text && *text)
    mutual_json_string (out, text);
  else
    g_string_append (out, "null");
}

/* Writes what a command built at once: nothing partial on an error. */
static int
print_all (MutualCli *cli,
           GString   *out)
{
  fwrite (out->str, 1, out->len, cli->out);
  return 0;
}

/* relationships */

int
mutual_cli_relationships (MutualCli  *cli,
                          int         argc,
                          char      **argv)
{
  gboolean archived = FALSE;
  g_autofree char *format_text = NULL;
  const GOptionEntry entries[] = {
    { "archived", 0, 0, G_OPTION_ARG_NONE, &archived, N_("Include archived relationships too"), NULL },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format_text, N_("tsv or json"), N_("FORMAT") },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) args = NULL;
  g_autoptr(MutualLedger) ledger = NULL;
  g_autoptr(GPtrArray) rels = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  MutualCliFormat format;

  if (!mutual_cli_parse (cli, "relationships", NULL, entries, &argc, &argv, &error))
    return mutual_cli_fail (cli, error);
  args = mutual_cli_positionals (argc, argv);
  if (args->len > 0)
    return mutual_cli_usage_error (cli, _("relationships takes no argument “%s”."),
                                   (char *) g_ptr_array_index (args, 0));
  if (!mutual_cli_parse_format (format_text, &format, &error))
    return mutual_cli_fail (cli, error);

  ledger = mutual_cli_open_existing_ledger (cli, &error);
  if (ledger == NULL)
    return mutual_cli_fail (cli, error);
  rels = mutual_ledger_list_relationships (ledger, archived, &error);
  if (rels == NULL)
    return mutual_cli_fail (cli, error);

  if (format == MUTUAL_CLI_FORMAT_JSON)
    g_string_append_c (out, '[');
  else
    g_string_append (out, "id\tname\torganization\trole\tarchived\toverride\toverride_reason\tcreated\tnotes\n");

  for (guint i = 0; i < rels->len; i++)
    {
      MutualRelationship *rel = g_ptr_array_index (rels, i);
      g_autoptr(GDateTime) created = g_date_time_new_from_unix_utc (rel->created);
      g_autofree char *created_text = created ? g_date_time_format (created, "%Y-%m-%dT%H:%M:%SZ") : g_strdup ("");
      const char *override = mutual_class_to_string (rel->override);

      if (format == MUTUAL_CLI_FORMAT_JSON)
        {
          g_string_append (out, i ? ",\n  {\"id\": " : "\n  {\"id\": ");
          mutual_json_string (out, rel->uuid);
          g_string_append (out, ", \"name\": ");
          mutual_json_string (out, rel->name);
          g_string_append (out, ", \"organization\": ");
          append_json_text_or_null (out, rel->organization);
          g_string_append_printf (out, ", \"role\": \"%s\", \"archived\": %s, \"override\": ",
                                  mutual_role_to_string (rel->role),
                                  rel->archived ? "true" : "false");
          append_json_text_or_null (out, override);
          g_string_append (out, ", \"override_reason\": ");
          append_json_text_or_null (out, override ? rel->override_reason : NULL);
          g_string_append (out, ", \"created\": ");
          mutual_json_string (out, created_text);
          g_string_append (out, ", \"notes\": ");
          append_json_text_or_null (out, rel->notes);
          g_string_append_c (out, '}');
        }
      else
        {
          g_autofree char *name = mutual_cli_tsv_field (rel->name);
          g_autofree char *organization = mutual_cli_tsv_field (rel->organization);
          g_autofree char *reason = mutual_cli_tsv_field (override ? rel->override_reason : NULL);
          g_autofree char *notes = mutual_cli_tsv_field (rel->notes);

          g_string_append_printf (out, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n",
                                  rel->uuid, name, organization,
                                  mutual_role_to_string (rel->role),
                                  rel->archived ? "yes" : "no",
                                  override ? override : "", reason,
                                  created_text, notes);
        }
    }
  if (format == MUTUAL_CLI_FORMAT_JSON)
    g_string_append (out, rels->len ? "\n]\n" : "]\n");

  return print_all (cli, out);
}

/* edit-relationship */

int
mutual_cli_edit_relationship (MutualCli  *cli,
                              int         argc,
                              char      **argv)
{
  g_autofree char *name = NULL;
  g_autofree char *role = NULL;
  g_autofree char *organization = NULL;
  g_autofree char *notes = NULL;
  g_autofree char *archived = NULL;
  const GOptionEntry entries[] = {
    { "name", 0, 0, G_OPTION_ARG_STRING, &name, N_("The new name"), N_("NAME") },
    { "role", 0, 0, G_OPTION_ARG_STRING, &role, N_("client, prospect, partner, supplier, advisor, colleague, friend or other"), N_("ROLE") },
    { "organization", 0, 0, G_OPTION_ARG_STRING, &organization, N_("The organization (empty: none)"), N_("ORG") },
    { "notes", 0, 0, G_OPTION_ARG_STRING, &notes, N_("Notes (empty: none)"), N_("TEXT") },
    { "archived", 0, 0, G_OPTION_ARG_STRING, &archived, N_("true to archive, false to bring back"), N_("true|false") },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(MutualLedger) ledger = NULL;
  g_autoptr(MutualRelationship) rel = NULL;
  MutualRole new_role = MUTUAL_ROLE_CLIENT;
  gboolean new_archived = FALSE;
  const char *which;
  int status = 0;

  if (!mutual_cli_parse (cli, "edit-relationship", "RELATIONSHIP", entries, &argc, &argv, &error))
    return mutual_cli_fail (cli, error);
  which = single_argument (cli, "edit-relationship", FALSE, argc, argv, &status);
  if (which == NULL)
    return status;
  if (!name && !role && !organization && !notes && !archived)
    return mutual_cli_usage_error (cli, _("edit-relationship needs at least one of --name, --role, --organization, --notes, --archived."));
  if (!mutual_cli_parse_role (role, &new_role, &error))
    return mutual_cli_fail (cli, error);
  if (archived)
    {
      if (g_str_equal (archived, "true"))
        new_archived = TRUE;
      else if (!g_str_equal (archived, "false"))
        {
          g_set_error (&error, MUTUAL_ERROR, MUTUAL_ERROR_DATA,
                       _("--archived: “%s” is neither true nor false."), archived);
          return mutual_cli_fail (cli, error);
        }
    }

  ledger = mutual_cli_open_ledger (cli, &error);
  if (ledger == NULL)
    return mutual_cli_fail (cli, error);
  rel = mutual_ledger_find_relationship (ledger, which, &error);
  if (rel == NULL)
    return mutual_cli_fail (cli, error);

  if (name)
    {
      g_free (rel->name);
      rel->name = g_steal_pointer (&name);
    }
  if (role)
    rel->role = new_role;
  if (organization)
    {
      g_free (rel->organization);
      rel->organization = g_steal_pointer (&organization);
    }
  if (notes)
    {
      g_free (rel->notes);
      rel->notes = g_steal_pointer (&notes);
    }
  if (archived)
    rel->archived = new_archived;

  if (!mutual_ledger_update_relationship (ledger, rel, &error))
    return mutual_cli_fail (cli, error);
  return 0;
}

/* delete-relationship */

int
mutual_cli_delete_relationship (MutualCli  *cli,
                                int         argc,
                                char      **argv)
{
  const GOptionEntry entries[] = {
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(MutualLedger) ledger = NULL;
  g_autoptr(MutualRelationship) rel = NULL;
  const char *which;
  int status = 0;

  if (!mutual_cli_parse (cli, "delete-relationship", "RELATIONSHIP", entries, &argc, &argv, &error))
    return mutual_cli_fail (cli, error);
  which = single_argument (cli, "delete-relationship", FALSE, argc, argv, &status);
  if (which == NULL)
    return status;

  ledger = mutual_cli_open_ledger (cli, &error);
  if (ledger == NULL)
    return mutual_cli_fail (cli, error);
  rel = mutual_ledger_find_relationship (ledger, which, &error);
  if (rel == NULL || !mutual_ledger_delete_relationship (ledger, rel->id, &error))
    return mutual_cli_fail (cli, error);
  return 0;
}

/* override */

int
mutual_cli_override (MutualCli  *cli,
                     int         argc,
                     char      **argv)
{
  gboolean partnership = FALSE, transactional = FALSE, none = FALSE;
  g_autofree char *reason = NULL;
  const GOptionEntry entries[] = {
    { "partnership", 0, 0, G_OPTION_ARG_NONE, &partnership, N_("Count it as a partnership, whatever the tests say"), NULL },
    { "transactional", 0, 0, G_OPTION_ARG_NONE, &transactional, N_("Count it as transactional, whatever the tests say"), NULL },
    { "none", 0, 0, G_OPTION_ARG_NONE, &none, N_("Let the tests decide again"), NULL },
    { "reason", 0, 0, G_OPTION_ARG_STRING, &reason, N_("Why (with --partnership or --transactional)"), N_("TEXT") },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(MutualLedger) ledger = NULL;
  g_autoptr(MutualRelationship) rel = NULL;
  const char *which;
  int status = 0;

  if (!mutual_cli_parse (cli, "override", "RELATIONSHIP (--partnership|--transactional|--none)",
                         entries, &argc, &argv, &error))
    return mutual_cli_fail (cli, error);
  which = single_argument (cli, "override", FALSE, argc, argv, &status);
  if (which == NULL)
    return status;
  if (partnership + transactional + none != 1)
    return mutual_cli_usage_error (cli, _("override needs exactly one of --partnership, --transactional and --none."));
  if (none && reason)
    return mutual_cli_usage_error (cli, _("--reason goes with --partnership or --transactional."));

  ledger = mutual_cli_open_ledger (cli, &error);
  if (ledger == NULL)
    return mutual_cli_fail (cli, error);
  rel = mutual_ledger_find_relationship (ledger, which, &error);
  if (rel == NULL)
    return mutual_cli_fail (cli, error);

  rel->override = partnership ? MUTUAL_CLASS_PARTNERSHIP
                  : transactional ? MUTUAL_CLASS_TRANSACTIONAL : MUTUAL_CLASS_NONE;
  g_free (rel->override_reason);
  rel->override_reason = g_steal_pointer (&reason);
  if (!mutual_ledger_update_relationship (ledger, rel, &error))
    return mutual_cli_fail (cli, error);
  return 0;
}

/* identify */

/* The identifiers a command line names, normalized, so that a bad one
 * is refused before the ledger is opened. */
static gboolean
collect_identifiers (GPtrArray             *into,
                     MutualIdentifierType   type,
                     char                 **values,
                     GError               **error)
{
  for (gsize i = 0; values && values[i]; i++)
    {
      g_autofree char *normalized = mutual_identifier_normalize (type, values[i], error);

      if (normalized == NULL)
        return FALSE;
      g_ptr_array_add (into, mutual_identifier_new (type, normalized));
    }
  return TRUE;
}

static int
list_identifiers (MutualCli  *cli,
                  const char *which)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MutualLedger) ledger = NULL;
  g_autoptr(MutualRelationship) rel = NULL;
  g_autoptr(GPtrArray) identifiers = NULL;
  g_autoptr(GString) out = g_string_new (NULL);

  ledger = mutual_cli_open_existing_ledger (cli, &error);
  if (ledger == NULL)
    return mutual_cli_fail (cli, error);
  rel = mutual_ledger_find_relationship (ledger, which, &error);
  if (rel == NULL)
    return mutual_cli_fail (cli, error);
  identifiers = mutual_ledger_list_identifiers (ledger, rel->id, &error);
  if (identifiers == NULL)
    return mutual_cli_fail (cli, error);
  for (guint i = 0; i < identifiers->len; i++)
    {
      const MutualIdentifier *identifier = g_ptr_array_index (identifiers, i);
      g_autofree char *value = mutual_cli_tsv_field (identifier->value);

      g_string_append_printf (out, "%s\t%s\n",
                              mutual_identifier_type_to_string (identifier->type), value);
    }
  return print_all (cli, out);
}

int
mutual_cli_identify (MutualCli  *cli,
                     int         argc,
                     char      **argv)
{
  g_auto(GStrv) emails = NULL;
  g_auto(GStrv) ibans = NULL;
  g_auto(GStrv) aliases = NULL;
  g_auto(GStrv) numbers = NULL;
  gboolean remove = FALSE;
  const GOptionEntry entries[] = {
    { "email", 0, 0, G_OPTION_ARG_STRING_ARRAY, &emails, N_("An e-mail address"), N_("ADDR") },
    { "iban", 0, 0, G_OPTION_ARG_STRING_ARRAY, &ibans, N_("An IBAN (spaces allowed)"), N_("IBAN") },
    { "alias", 0, 0, G_OPTION_ARG_STRING_ARRAY, &aliases, N_("Another spelling of the name, as a bank writes it (any case)"), N_("TEXT") },
    { "number", 0, 0, G_OPTION_ARG_STRING_ARRAY, &numbers, N_("A customer number"), N_("TEXT") },
    { "remove", 0, 0, G_OPTION_ARG_NONE, &remove, N_("Remove the identifiers given instead of adding them"), NULL },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(MutualLedger) ledger = NULL;
  g_autoptr(MutualRelationship) rel = NULL;
  g_autoptr(GPtrArray) identifiers = g_ptr_array_new_with_free_func ((GDestroyNotify) mutual_identifier_free);
  const char *which;
  int status = 0;

  if (!mutual_cli_parse_full (cli, "identify", "RELATIONSHIP",
                              _("Adds e-mail addresses, IBANs, aliases and customer numbers to a relationship "
                                "(--remove: removes them), all or none. Each option may repeat. "
                                "Without an option, lists the relationship’s identifiers, one “TYPE<TAB>VALUE” "
                                "line each (TYPE is email, iban, alias or number)."),
                              entries, &argc, &argv, &error))
    return mutual_cli_fail (cli, error);
  which = single_argument (cli, "identify", FALSE, argc, argv, &status);
  if (which == NULL)
    return status;

  if (!collect_identifiers (identifiers, MUTUAL_IDENTIFIER_EMAIL, emails, &error)
      || !collect_identifiers (identifiers, MUTUAL_IDENTIFIER_IBAN, ibans, &error)
      || !collect_identifiers (identifiers, MUTUAL_IDENTIFIER_ALIAS, aliases, &error)
      || !collect_identifiers (identifiers, MUTUAL_IDENTIFIER_NUMBER, numbers, &error))
    return mutual_cli_fail (cli, error);
  if (identifiers->len == 0)
    {
      if (remove)
        return mutual_cli_usage_error (cli, _("--remove needs at least one of --email, --iban, --alias, --number."));
      return list_identifiers (cli, which);
    }

  ledger = mutual_cli_open_ledger (cli, &error);
  if (ledger == NULL)
    return mutual_cli_fail (cli, error);
  rel = mutual_ledger_find_relationship (ledger, which, &error);
  if (rel == NULL)
    return mutual_cli_fail (cli, error);

  /* All or none: one refused leaves the others unwritten. */
  if (!mutual_ledger_begin (ledger, &error))
    return mutual_cli_fail (cli, error);
  for (guint i = 0; i < identifiers->len; i++)
    {
      const MutualIdentifier *identifier = g_ptr_array_index (identifiers, i);
      /* The ledger refuses an alias that another relationship is named. */
      gboolean ok = remove
                    ? mutual_ledger_remove_identifier (ledger, rel->id, identifier->type, identifier->value, &error)
                    : mutual_ledger_add_identifier (ledger, rel->id, identifier->type, identifier->value, &error);

      if (!ok)
        {
          mutual_ledger_rollback (ledger);
          return mutual_cli_fail (cli, error);
        }
    }
  if (!mutual_ledger_commit (ledger, &error))
    return mutual_cli_fail (cli, error);
  return 0;
}

/* exchanges */

typedef struct
{
  MutualDate       from, to;
  gboolean         by_direction, by_kind;
  MutualDirection  direction;
  MutualKind       kind;
  char            *search;     /* casefolded, or NULL */
  const char      *currency;
  MutualCliFormat  format;
  GString         *out;
  guint            n;
} ExchangeListing;

static gboolean
list_exchange (const MutualExchange *exchange,
               gpointer              user_data,
               GError              **error)
{
  ExchangeListing *l = user_data;
  g_autofree char *value = NULL;
  char date[11];

  if ((l->from && exchange->date < l->from) || (l->to && exchange->date > l->to))
    return TRUE;
  if ((l->by_direction && exchange->direction != l->direction)
      || (l->by_kind && exchange->kind != l->kind))
    return TRUE;
  if (l->search)
    {
      g_autofree char *note = g_utf8_casefold (exchange->note ? exchange->note : "", -1);

      if (strstr (note, l->search) == NULL)
        return TRUE;
    }

  value = mutual_money_format (exchange->value, l->currency, 0);
  mutual_date_to_iso (exchange->date, date);

  if (l->format == MUTUAL_CLI_FORMAT_JSON)
    {
      g_string_append (l->out, l->n ? ",\n  {\"id\": " : "\n  {\"id\": ");
      mutual_json_string (l->out, exchange->uuid);
      g_string_append_printf (l->out, ", \"date\": \"%s\", \"direction\": \"%s\", \"kind\": \"%s\","
                              " \"value\": \"%s\", \"minutes\": ",
                              date, mutual_direction_to_string (exchange->direction),
                              mutual_kind_to_string (exchange->kind), value);
      if (exchange->minutes >= 0)
        g_string_append_printf (l->out, "%" G_GINT64_FORMAT, exchange->minutes);
      else
        g_string_append (l->out, "null");
      g_string_append (l->out, ", \"note\": ");
      append_json_text_or_null (l->out, exchange->note);
      g_string_append_c (l->out, '}');
    }
  else
    {
      g_autofree char *note = mutual_cli_tsv_field (exchange->note);
      g_autofree char *minutes = exchange->minutes >= 0
                                 ? g_strdup_printf ("%" G_GINT64_FORMAT, exchange->minutes)
                                 : g_strdup ("");

      g_string_append_printf (l->out, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n",
                              exchange->uuid, date,
                              mutual_direction_to_string (exchange->direction),
                              mutual_kind_to_string (exchange->kind),
                              value, minutes, note);
    }
  l->n++;
  return TRUE;
}

int
mutual_cli_exchanges (MutualCli  *cli,
                      int         argc,
                      char      **argv)
{
  g_autofree char *from_text = NULL;
  g_autofree char *to_text = NULL;
  g_autofree char *direction_text = NULL;
  g_autofree char *kind_text = NULL;
  g_autofree char *search = NULL;
  g_autofree char *format_text = NULL;
  const GOptionEntry entries[] = {
    { "from", 0, 0, G_OPTION_ARG_STRING, &from_text, N_("First day"), N_("DATE") },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to_text, N_("Last day"), N_("DATE") },
    { "direction", 0, 0, G_OPTION_ARG_STRING, &direction_text, N_("given or received"), N_("DIRECTION") },
    { "kind", 0, 0, G_OPTION_ARG_STRING, &kind_text, N_("payment, work, discount, advice, referral, introduction, testimonial, feedback, support, gift or other"), N_("KIND") },
    { "search", 0, 0, G_OPTION_ARG_STRING, &search, N_("Only exchanges whose note contains this text (any case)"), N_("TEXT") },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format_text, N_("tsv or json"), N_("FORMAT") },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(MutualLedger) ledger = NULL;
  g_autoptr(MutualRelationship) rel = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *folded = NULL;
  ExchangeListing listing = { 0 };
  const char *which;
  int status = 0;

  if (!mutual_cli_parse (cli, "exchanges", "RELATIONSHIP", entries, &argc, &argv, &error))
    return mutual_cli_fail (cli, error);
  which = single_argument (cli, "exchanges", FALSE, argc, argv, &status);
  if (which == NULL)
    return status;
  if (!mutual_cli_parse_format (format_text, &listing.format, &error)
      || !mutual_cli_parse_date_option ("--from", from_text, &listing.from, &error)
      || !mutual_cli_parse_date_option ("--to", to_text, &listing.to, &error)
      || !mutual_cli_parse_direction (direction_text, &listing.direction, &error)
      || !mutual_cli_parse_kind (kind_text, &listing.kind, &error))
    return mutual_cli_fail (cli, error);
  if (listing.from && listing.to && listing.from > listing.to)
    {
      g_set_error (&error, MUTUAL_ERROR, MUTUAL_ERROR_DATA, _("--from is after --to."));
      return mutual_cli_fail (cli, error);
    }
  listing.by_direction = direction_text != NULL;
  listing.by_kind = kind_text != NULL;
  if (search)
    listing.search = folded = g_utf8_casefold (search, -1);

  ledger = mutual_cli_open_existing_ledger (cli, &error);
  if (ledger == NULL)
    return mutual_cli_fail (cli, error);
  rel = mutual_ledger_find_relationship (ledger, which, &error);
  if (rel == NULL)
    return mutual_cli_fail (cli, error);

  listing.currency = mutual_ledger_get_currency (ledger);
  listing.out = out;
  if (listing.format == MUTUAL_CLI_FORMAT_JSON)
    g_string_append_c (out, '[');
  else
    g_string_append (out, "id\tdate\tdirection\tkind\tvalue\tminutes\tnote\n");
  if (!mutual_ledger_foreach_exchange (ledger, rel->id, list_exchange, &listing, &error))
    return mutual_cli_fail (cli, error);
  if (listing.format == MUTUAL_CLI_FORMAT_JSON)
    g_string_append (out, listing.n ? "\n]\n" : "]\n");

  return print_all (cli, out);
}

/* edit-exchange */

static MutualExchange *
find_exchange (MutualLedger  *ledger,
               const char    *id,
               GError       **error)
{
  if (!g_uuid_string_is_valid (id))
    {
      g_set_error (error, MUTUAL_ERROR, MUTUAL_ERROR_DATA,
                   _("“%s” is not an exchange id; “mutual exchanges RELATIONSHIP” lists them."), id);
      return NULL;
    }
  return mutual_ledger_get_exchange_by_uuid (ledger, id, error);
}

int
mutual_cli_edit_exchange (MutualCli  *cli,
                          int         argc,
                          char      **argv)
{
  g_autofree char *date = NULL;
  g_autofree char *direction = NULL;
  g_autofree char *kind = NULL;
  g_autofree char *value = NULL;
  g_autofree char *minutes = NULL;
  g_autofree char *note = NULL;
  const GOptionEntry entries[] = {
    { "date", 0, 0, G_OPTION_ARG_STRING, &date, N_("The date"), N_("YYYY-MM-DD") },
    { "direction", 0, 0, G_OPTION_ARG_STRING, &direction, N_("given or received"), N_("DIRECTION") },
    { "kind", 0, 0, G_OPTION_ARG_STRING, &kind, N_("payment, work, discount, advice, referral, introduction, testimonial, feedback, support, gift or other"), N_("KIND") },
    { "value", 0, 0, G_OPTION_ARG_STRING, &value, N_("The value in the ledger currency, such as 1200.50"), N_("AMOUNT") },
    { "minutes", 0, 0, G_OPTION_ARG_STRING, &minutes, N_("The time it took"), N_("N") },
    { "note", 0, 0, G_OPTION_ARG_STRING, &note, N_("A note (empty: none)"), N_("TEXT") },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(MutualLedger) ledger = NULL;
  g_autoptr(MutualExchange) exchange = NULL;
  MutualExchange changed = { 0 };
  guint64 n_minutes = 0;
  const char *which;
  int status = 0;

  if (!mutual_cli_parse (cli, "edit-exchange", "ID", entries, &argc, &argv, &error))
    return mutual_cli_fail (cli, error);
  which = single_argument (cli, "edit-exchange", TRUE, argc, argv, &status);
  if (which == NULL)
    return status;
  if (!date && !direction && !kind && !value && !minutes && !note)
    return mutual_cli_usage_error (cli, _("edit-exchange needs at least one of --date, --direction, --kind, --value, --minutes, --note."));
  if (!mutual_cli_parse_date_option ("--date", date, &changed.date, &error)
      || !mutual_cli_parse_direction (direction, &changed.direction, &error)
      || !mutual_cli_parse_kind (kind, &changed.kind, &error)
      || !mutual_cli_parse_count ("--minutes", minutes, 0, G_MAXINT32, &n_minutes, &error))
    return mutual_cli_fail (cli, error);

  ledger = mutual_cli_open_ledger (cli, &error);
  if (ledger == NULL)
    return mutual_cli_fail (cli, error);
  exchange = find_exchange (ledger, which, &error);
  if (exchange == NULL)
    return mutual_cli_fail (cli, error);

  if (value && !mutual_money_parse (value, mutual_ledger_get_digits (ledger), &exchange->value, &error))
    {
      g_prefix_error (&error, "--value: ");
      return mutual_cli_fail (cli, error);
    }
  if (date)
    exchange->date = changed.date;
  if (direction)
    exchange->direction = changed.direction;
  if (kind)
    exchange->kind = changed.kind;
  if (minutes)
    exchange->minutes = (gint64) n_minutes;
  if (note)
    {
      g_free (exchange->note);
      exchange->note = g_steal_pointer (&note);
    }

  if (!mutual_ledger_update_exchange (ledger, exchange, &error))
    return mutual_cli_fail (cli, error);
  return 0;
}

/* delete-exchange */

int
mutual_cli_delete_exchange (MutualCli  *cli,
                            int         argc,
                            char      **argv)
{
  const GOptionEntry entries[] = {
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(MutualLedger) ledger = NULL;
  g_autoptr(MutualExchange) exchange = NULL;
  const char *which;
  int status = 0;

  if (!mutual_cli_parse (cli, "delete-exchange", "ID", entries, &argc, &argv, &error))
    return mutual_cli_fail (cli, error);
  which = single_argument (cli, "delete-exchange", TRUE, argc, argv, &status);
  if (which == NULL)
    return status;

  ledger = mutual_cli_open_ledger (cli, &error);
  if (ledger == NULL)
    return mutual_cli_fail (cli, error);
  exchange = find_exchange (ledger, which, &error);
  if (exchange == NULL || !mutual_ledger_delete_exchange (ledger, exchange->id, &error))
    return mutual_cli_fail (cli, error);
  return 0;
}
