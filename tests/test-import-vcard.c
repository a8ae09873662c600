/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vCard 3.0 (RFC 2426) and 4.0 (RFC 6350) address books as
 * relationships: the fixtures in tests/vcard are written the way GNOME
 * Contacts/Evolution, Nextcloud and Thunderbird write them (see their
 * README). Hostile and broken files are refused naming the file and
 * line, with the ledger unchanged. */
#include "config.h"

#include <locale.h>
#include <string.h>

#include "core/mutual-error.h"
#include "core/mutual-identifiers.h"
#include "core/mutual-import-vcard.h"
#include "core/mutual-interchange.h"
#include "test-util.h"

static char *
fixture_path (const char *name)
{
  return g_build_filename (MUTUAL_VCARD_FIXTURES, name, NULL);
}

static gboolean
import_bytes (LedgerFixture       *f,
              const char          *data,
              gssize               length,
              gboolean             dry_run,
              MutualImportCounts  *counts,
              GError             **error)
{
  g_autoptr(GInputStream) stream = NULL;

  if (length < 0)
    length = (gssize) strlen (data);
  stream = g_memory_input_stream_new_from_data (g_memdup2 (data, (gsize) length), length, g_free);
  return mutual_import_vcard (f->ledger, stream, "cards.vcf", dry_run, counts, NULL, error);
}

static gboolean
import_fixture (LedgerFixture       *f,
                const char          *name,
                gboolean             dry_run,
                MutualImportCounts  *counts,
                GError             **error)
{
  g_autofree char *path = fixture_path (name);
  g_autofree char *contents = NULL;
  gsize length = 0;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  return import_bytes (f, contents, (gssize) length, dry_run, counts, error);
}

/* What a person would see: every relationship with its fields and
 * identifiers. */
static char *
ledger_state (LedgerFixture *f)
{
  g_autoptr(GPtrArray) rels = mutual_ledger_list_relationships (f->ledger, TRUE, NULL);
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < rels->len; i++)
    {
      const MutualRelationship *rel = g_ptr_array_index (rels, i);
      g_autoptr(GPtrArray) identifiers = mutual_ledger_list_identifiers (f->ledger, rel->id, NULL);

      g_string_append_printf (out, "%s|%s|%s|%s|%s\n", rel->uuid, rel->name,
                              rel->organization ? rel->organization : "",
                              mutual_role_to_string (rel->role), rel->notes ? rel->notes : "");
      for (guint k = 0; k < identifiers->len; k++)
        {
          const MutualIdentifier *identifier = g_ptr_array_index (identifiers, k);

          g_string_append_printf (out, "  %s %s\n", mutual_identifier_type_to_string (identifier->type),
                                  identifier->value);
        }
    }
  return g_string_free (out, FALSE);
}

static GPtrArray *
emails_of (LedgerFixture *f,
           gint64         id)
{
  g_autoptr(GPtrArray) identifiers = mutual_ledger_list_identifiers (f->ledger, id, NULL);
  GPtrArray *emails = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < identifiers->len; i++)
    {
      const MutualIdentifier *identifier = g_ptr_array_index (identifiers, i);

      if (identifier->type == MUTUAL_IDENTIFIER_EMAIL)
        g_ptr_array_add (emails, g_strdup (identifier->value));
    }
  return emails;
}

static MutualRelationship *
find (LedgerFixture *f,
      const char    *name)
{
  g_autoptr(GError) error = NULL;
  MutualRelationship *rel = mutual_ledger_find_relationship (f->ledger, name, &error);

  g_assert_no_error (error);
  return rel;
}

static void
test_gnome_contacts (LedgerFixture *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MutualRelationship) anna = NULL;
  g_autoptr(MutualRelationship) bernd = NULL;
  g_autoptr(MutualRelationship) kiosk = NULL;
  g_autoptr(GPtrArray) emails = NULL;
  MutualImportCounts counts = { 0 };

  g_assert_true (import_fixture (f, "gnome-contacts-3.0.vcf", FALSE, &counts, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (counts.relationships_added, ==, 3);
  g_assert_cmpuint (counts.exchanges_added, ==, 0);

  anna = find (f, "Anna Schmidt");
  /* "pas-id-…" is no UUID: a version 5 UUID of it, always the same. */
  g_assert_cmpstr (anna->uuid, ==, "70287b6a-b893-58af-80c1-e8ca78d20ecf");
  g_assert_cmpstr (anna->organization, ==, "Acme GmbH");
  g_assert_cmpint (anna->role, ==, MUTUAL_ROLE_CLIENT);
  g_assert_cmpstr (anna->notes, ==, "Met at the Berlin meetup 2024.\nPrefers calls in the morning; never on Fridays., really.");
  emails = emails_of (f, anna->id);
  g_assert_cmpuint (emails->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (emails, 0), ==, "anna.schmidt@acme.example");
  g_assert_cmpstr (g_ptr_array_index (emails, 1), ==, "anna@schmidt-family.example");

  bernd = find (f, "Bernd Müller");
  g_assert_cmpint (bernd->role, ==, MUTUAL_ROLE_PARTNER);
  g_assert_null (bernd->organization);

  /* No FN: the organization names it; no category: other. */
  kiosk = find (f, "Kiosk am Eck");
  g_assert_cmpint (kiosk->role, ==, MUTUAL_ROLE_OTHER);
  g_assert_cmpstr (kiosk->organization, ==, "Kiosk am Eck");
}

static void
test_nextcloud (LedgerFixture *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MutualRelationship) carla = NULL;
  g_autoptr(MutualRelationship) dieter = NULL;
  g_autoptr(GPtrArray) emails = NULL;
  MutualImportCounts counts = { 0 };

  g_assert_true (import_fixture (f, "nextcloud-4.0.vcf", FALSE, &counts, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (counts.relationships_added, ==, 2);

  carla = find (f, "Carla Rossi");
  g_assert_cmpstr (carla->uuid, ==, "0e8c5b7a-3f2d-4c1e-9a6b-2d4f6e8a0c1b");
  g_assert_cmpstr (carla->organization, ==, "Rossi Design");
  g_assert_cmpint (carla->role, ==, MUTUAL_ROLE_SUPPLIER);
  /* Unfolded: the folds leave no trace. */
  g_assert_cmpstr (carla->notes, ==, "Designs our brochures. Uses a very long note here so that the line is folded over more than one physical line, as Nextcloud does.");
  emails = emails_of (f, carla->id);
  g_assert_cmpuint (emails->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (emails, 0), ==, "carla.rossi@mail.example");

  dieter = find (f, "Dieter Wolf");
  g_assert_cmpstr (dieter->uuid, ==, "9b2e4d6f-8a1c-4e3b-b5d7-f9a1c3e5b7d9");
  g_assert_cmpint (dieter->role, ==, MUTUAL_ROLE_FRIEND);
}

/* Thunderbird's file, and the same with bare LF line ends. */
static void
test_thunderbird (LedgerFixture *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MutualRelationship) emma = NULL;
  g_autoptr(GPtrArray) emails = NULL;
  g_autofree char *path = fixture_path ("thunderbird-4.0.vcf");
  g_autofree char *contents = NULL;
  g_autofree char *crlf_state = NULL;
  g_autofree char *lf_state = NULL;
  g_auto(GStrv) lines = NULL;
  g_autofree char *lf = NULL;
  MutualImportCounts counts = { 0 };

  g_assert_true (import_fixture (f, "thunderbird-4.0.vcf", FALSE, &counts, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (counts.relationships_added, ==, 1);
  emma = find (f, "Emma Lindqvist");
  g_assert_cmpstr (emma->uuid, ==, "4a6c8e0b-2d4f-4681-a3c5-e7f9b1d3f5a7");
  g_assert_cmpstr (emma->notes, ==, "Ölkännchen\nzweite Zeile");
  g_assert_cmpint (emma->role, ==, MUTUAL_ROLE_OTHER);
  emails = emails_of (f, emma->id);
  g_assert_cmpuint (emails->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (emails, 0), ==, "emma.work@example.com");
  crlf_state = ledger_state (f);

  g_assert_true (mutual_ledger_delete_relationship (f->ledger, emma->id, &error));
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  lines = g_strsplit (contents, "\r\n", -1);
  lf = g_strjoinv ("\n", lines);
  g_assert_true (import_bytes (f, lf, -1, FALSE, &counts, &error));
  g_assert_no_error (error);
  lf_state = ledger_state (f);
  g_assert_cmpstr (crlf_state, ==, lf_state);
}

/* A second import of the same files changes nothing, counts say so. */
static void
test_import_twice_changes_nothing (LedgerFixture *f,
                                   gconstpointer  data)
{
  static const char * const files[] = { "gnome-contacts-3.0.vcf", "nextcloud-4.0.vcf", "thunderbird-4.0.vcf" };
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  MutualImportCounts counts = { 0 };
  gint64 changes;

  for (gsize i = 0; i < G_N_ELEMENTS (files); i++)
    g_assert_true (import_fixture (f, files[i], FALSE, &counts, &error));
  g_assert_no_error (error);
  before = ledger_state (f);
  changes = mutual_ledger_get_change_count (f->ledger);
  for (gsize i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_assert_true (import_fixture (f, files[i], FALSE, &counts, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (counts.relationships_added + counts.relationships_updated, ==, 0);
      g_assert_cmpuint (counts.relationships_unchanged, >, 0);
    }
  after = ledger_state (f);
  g_assert_cmpstr (before, ==, after);
  g_assert_cmpint (mutual_ledger_count_relationships (f->ledger), ==, 6);
  (void) changes;
}

/* A card finds the relationship it is by e-mail, then by name: it is
 * never added twice. Such a match keeps its name and fills only what it
 * lacks. */
static void
test_match_by_email_and_name (LedgerFixture *f,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MutualRelationship) acme = NULL;
  g_autoptr(MutualRelationship) bernd = NULL;
  g_autoptr(GPtrArray) emails = NULL;
  MutualImportCounts counts = { 0 };
  gint64 acme_id = fixture_add_relationship (f, "Acme Purchasing");
  gint64 bernd_id = fixture_add_relationship (f, "BERND MÜLLER");

  g_assert_true (mutual_ledger_add_identifier (f->ledger, acme_id, MUTUAL_IDENTIFIER_EMAIL,
                                               "anna.schmidt@acme.example", &error));
  g_assert_true (import_fixture (f, "gnome-contacts-3.0.vcf", FALSE, &counts, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (counts.relationships_added, ==, 1);
  g_assert_cmpuint (counts.relationships_updated, ==, 2);
  g_assert_cmpint (mutual_ledger_count_relationships (f->ledger), ==, 3);

  acme = mutual_ledger_get_relationship (f->ledger, acme_id, &error);
  g_assert_cmpstr (acme->name, ==, "Acme Purchasing");
  g_assert_cmpstr (acme->organization, ==, "Acme GmbH");
  g_assert_cmpint (acme->role, ==, MUTUAL_ROLE_CLIENT);
  emails = emails_of (f, acme_id);
  g_assert_cmpuint (emails->len, ==, 2);

  bernd = mutual_ledger_get_relationship (f->ledger, bernd_id, &error);
  g_assert_cmpstr (bernd->name, ==, "BERND MÜLLER");
  g_assert_cmpint (mutual_ledger_find_identifier (f->ledger, MUTUAL_IDENTIFIER_EMAIL,
                                                  "bernd@mueller-consulting.example", &error), ==, bernd_id);

  /* Again: nothing more. */
  g_assert_true (import_fixture (f, "gnome-contacts-3.0.vcf", FALSE, &counts, &error));
  g_assert_cmpuint (counts.relationships_unchanged, ==, 3);
}

/* A card found by its id speaks for its relationship: a changed card
 * changes it. */
static void
test_card_changes_its_relationship (LedgerFixture *f,
                                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MutualRelationship) rel = NULL;
  MutualImportCounts counts = { 0 };
  const char *first =
    "BEGIN:VCARD\r\nVERSION:4.0\r\nUID:urn:uuid:11111111-2222-4333-8444-555555555555\r\n"
    "FN:Old Name\r\nORG:Old Org\r\nCATEGORIES:prospect\r\nEND:VCARD\r\n";
  const char *second =
    "BEGIN:VCARD\r\nVERSION:4.0\r\nUID:urn:uuid:11111111-2222-4333-8444-555555555555\r\n"
    "FN:New Name\r\nORG:New Org\\;Dept\r\nCATEGORIES:Kunde,Client\r\nNOTE:Now a client.\r\n"
    "EMAIL:new@example.org\r\nEND:VCARD\r\n";

  g_assert_true (import_bytes (f, first, -1, FALSE, &counts, &error));
  g_assert_true (import_bytes (f, second, -1, FALSE, &counts, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (counts.relationships_updated, ==, 1);
  rel = mutual_ledger_get_relationship_by_uuid (f->ledger, "11111111-2222-4333-8444-555555555555", &error);
  g_assert_cmpstr (rel->name, ==, "New Name");
  g_assert_cmpstr (rel->organization, ==, "New Org;Dept");
  g_assert_cmpint (rel->role, ==, MUTUAL_ROLE_CLIENT);
  g_assert_cmpstr (rel->notes, ==, "Now a client.");
  g_assert_cmpint (mutual_ledger_count_relationships (f->ledger), ==, 1);
}

/* Notes written in Mutual are the user's: a changed card, even the one
 * that made the relationship, does not replace them. */
static void
test_card_keeps_notes_written_in_mutual (LedgerFixture *f,
                                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MutualRelationship) rel = NULL;
  g_autoptr(MutualRelationship) edited = NULL;
  g_autoptr(MutualRelationship) after = NULL;
  MutualImportCounts counts = { 0 };
  const char *first =
    "BEGIN:VCARD\r\nVERSION:4.0\r\nUID:urn:uuid:11111111-2222-4333-8444-666666666666\r\n"
    "FN:Dana Weber\r\nNOTE:From the address book.\r\nEND:VCARD\r\n";
  const char *second =
    "BEGIN:VCARD\r\nVERSION:4.0\r\nUID:urn:uuid:11111111-2222-4333-8444-666666666666\r\n"
    "FN:Dana Weber-Kraus\r\nORG:Weber Design\r\nNOTE:Changed in the address book.\r\nEND:VCARD\r\n";

  g_assert_true (import_bytes (f, first, -1, FALSE, &counts, &error));
  g_assert_no_error (error);
  rel = mutual_ledger_get_relationship_by_uuid (f->ledger, "11111111-2222-4333-8444-666666666666", &error);
  g_assert_cmpstr (rel->notes, ==, "From the address book.");

  edited = mutual_relationship_copy (rel);
  g_free (edited->notes);
  edited->notes = g_strdup ("Pays late; ask for a deposit.");
  g_assert_true (mutual_ledger_update_relationship (f->ledger, edited, &error));
  g_assert_no_error (error);

  memset (&counts, 0, sizeof counts);
  g_assert_true (import_bytes (f, second, -1, FALSE, &counts, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (counts.relationships_updated, ==, 1);
  after = mutual_ledger_get_relationship (f->ledger, rel->id, &error);
  g_assert_cmpstr (after->name, ==, "Dana Weber-Kraus");
  g_assert_cmpstr (after->organization, ==, "Weber Design");
  g_assert_cmpstr (after->notes, ==, "Pays late; ask for a deposit.");
}

static void
test_dry_run_writes_nothing (LedgerFixture *f,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  MutualImportCounts counts = { 0 };
  gint64 changes = mutual_ledger_get_change_count (f->ledger);

  g_assert_true (import_fixture (f, "gnome-contacts-3.0.vcf", TRUE, &counts, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (counts.relationships_added, ==, 3);
  g_assert_cmpint (mutual_ledger_count_relationships (f->ledger), ==, 0);
  g_assert_cmpint (mutual_ledger_get_change_count (f->ledger), ==, changes);
  g_assert_cmpint (query_db_int (mutual_ledger_get_db (f->ledger), "SELECT count(*) FROM identifier"), ==, 0);
}

/* Escapes, parameters with quoted values, a group, a BOM, blank lines,
 * lower-case names, many cards. */
static void
test_syntax_details (LedgerFixture *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) many = g_string_new (NULL);
  g_autoptr(MutualRelationship) rel = NULL;
  MutualImportCounts counts = { 0 };
  const char *details =
    "\xef\xbb\xbf" "begin:vcard\nversion:3.0\n"
    "fn:Back\\\\slash\\, Comma\\; Semi\n"
    "NOTE;LANGUAGE=\"de:DE;x\":one\\Ntwo\\\\n\n"
    "item2.EMAIL;TYPE=\"work,pref\":MAILTO:Mixed@Case.Example\n"
    "EMAIL;TYPE=INTERNET:\n"
    "end:vcard\n\n\n";

  g_assert_true (import_bytes (f, details, -1, FALSE, &counts, &error));
  g_assert_no_error (error);
  rel = find (f, "Back\\slash, Comma; Semi");
  g_assert_cmpstr (rel->notes, ==, "one\ntwo\\n");
  g_assert_cmpint (mutual_ledger_find_identifier (f->ledger, MUTUAL_IDENTIFIER_EMAIL, "mixed@case.example", &error),
                   ==, rel->id);

  for (int i = 0; i < 500; i++)
    g_string_append_printf (many, "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Person %d\r\nEMAIL:p%d@example.org\r\n"
                            "UID:person-%d\r\nEND:VCARD\r\n", i, i, i);
  g_assert_true (import_bytes (f, many->str, (gssize) many->len, FALSE, &counts, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (counts.relationships_added, ==, 500);
  g_assert_true (import_bytes (f, many->str, (gssize) many->len, FALSE, &counts, &error));
  g_assert_cmpuint (counts.relationships_unchanged, ==, 500);
}

/* Refusals: each names the file and the line, changes nothing. */
typedef struct
{
  const char *name;
  const char *vcf;
  const char *expect;    /* a word the message must contain */
  int         line;
} Refusal;

#define CARD(body) "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Someone\r\n" body "END:VCARD\r\n"

static const Refusal refusals[] = {
  { "invalid-utf8", CARD ("NOTE:caf\xe9\r\n"), "UTF-8", 4 },
  { "invalid-utf8-folded", "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Some\r\n one\xff\r\nEND:VCARD\r\n", "UTF-8", 3 },
  { "nul-byte", CARD ("NOTE:a\0b\r\n"), "UTF-8", 4 },
  { "nested-begin", "BEGIN:VCARD\r\nVERSION:4.0\r\nBEGIN:VCARD\r\nEND:VCARD\r\nEND:VCARD\r\n", "nest", 3 },
  { "end-without-begin", "END:VCARD\r\n", "BEGIN:VCARD", 1 },
  { "missing-end", "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Someone\r\n", "END:VCARD", 1 },
  { "other-begin", "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "VCALENDAR", 1 },
  { "other-end", "BEGIN:VCARD\r\nVERSION:4.0\r\nEND:VCALENDAR\r\n", "VCALENDAR", 3 },
  { "outside-card", CARD ("") "FN:Stray\r\n", "outside", 5 },
  { "not-a-property", CARD ("just some words\r\n"), "property", 4 },
  { "version-2.1", "BEGIN:VCARD\r\nVERSION:2.1\r\nFN:Old\r\nEND:VCARD\r\n", "2.1", 2 },
  { "no-version", "BEGIN:VCARD\r\nFN:Someone\r\nEND:VCARD\r\n", "VERSION", 1 },
  { "latin1-charset", CARD ("NOTE;CHARSET=ISO-8859-1:x\r\n"), "ISO-8859-1", 4 },
  { "quoted-printable", CARD ("NOTE;ENCODING=QUOTED-PRINTABLE:a=3Db\r\n"), "QUOTED-PRINTABLE", 4 },
  { "no-name", "BEGIN:VCARD\r\nVERSION:3.0\r\nEMAIL:a@example.org\r\nEND:VCARD\r\n", "FN", 1 },
  { "bad-email", CARD ("EMAIL:not-an-address\r\n"), "not-an-address", 4 },
  /* A card found by its id whose address another relationship holds
   * (found by the address alone, the card would be that one). */
  { "email-of-another",
    "BEGIN:VCARD\r\nVERSION:4.0\r\nUID:u1\r\nFN:Card One\r\nEND:VCARD\r\n"
    "BEGIN:VCARD\r\nVERSION:4.0\r\nUID:u1\r\nFN:Card One\r\nEMAIL:Taken@Example.org\r\nEND:VCARD\r\n",
    "Existing", 6 },
  { "control-in-name", "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Two\\nLines\r\nEND:VCARD\r\n", "control", 1 },
  { "name-like-uuid", "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:11111111-2222-4333-8444-555555555555\r\nEND:VCARD\r\n", "UUID", 1 },
  { "continuation-first", " FN:Someone\r\n", "space", 1 },
  { "empty-file", "", "no card", 1 },
  { "only-blank-lines", "\r\n\r\n", "no card", 1 },
  { "error-after-good-card", CARD ("") CARD ("EMAIL:@\r\n"), "@", 8 },
};

static void
assert_refused (LedgerFixture *f,
                const char    *data,
                gssize         length,
                const char    *expect,
                int            line)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *before = ledger_state (f);
  g_autofree char *after = NULL;
  g_autofree char *where = g_strdup_printf ("“cards.vcf” at line %d:", line);
  gint64 changes = mutual_ledger_get_change_count (f->ledger);
  MutualImportCounts counts = { 0 };

  g_assert_false (import_bytes (f, data, length, FALSE, &counts, &error));
  g_assert_error (error, MUTUAL_ERROR, MUTUAL_ERROR_DATA);
  g_test_message ("%s", error->message);
  if (strstr (error->message, where) == NULL)
    g_error ("expected “%s” in: %s", where, error->message);
  if (strstr (error->message, expect) == NULL)
    g_error ("expected “%s” in: %s", expect, error->message);
  g_assert_null (strchr (error->message, '\n'));
  after = ledger_state (f);
  g_assert_cmpstr (before, ==, after);
  g_assert_cmpint (mutual_ledger_get_change_count (f->ledger), ==, changes);
}

static void
test_refusal (LedgerFixture *f,
              gconstpointer  data)
{
  const Refusal *r = data;
  g_autoptr(GError) error = NULL;
  gint64 id = fixture_add_relationship (f, "Existing");
  gssize length = (gssize) strlen (r->vcf);

  g_assert_true (mutual_ledger_add_identifier (f->ledger, id, MUTUAL_IDENTIFIER_EMAIL, "taken@example.org", &error));
  /* The one with a NUL byte is measured whole. */
  if (g_str_equal (r->name, "nul-byte"))
    length = (gssize) sizeof (CARD ("NOTE:a\0b\r\n")) - 1;
  assert_refused (f, r->vcf, length, r->expect, r->line);
}

/* A property Mutual reads longer than 64 KiB is refused, whether on one
 * line or folded; a picture of any size is skipped. */
static void
test_long_lines (LedgerFixture *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) one_line = g_string_new ("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Long\r\nNOTE:");
  g_autoptr(GString) folded = g_string_new ("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Long\r\nX-JUNK:");
  g_autoptr(GString) photo = g_string_new ("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Pictured\r\nPHOTO;ENCODING=b:");
  g_autoptr(GString) photo_folded = g_string_new ("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Folded\r\nitem1.PHOTO;ENCODING=b:");
  MutualImportCounts counts = { 0 };

  for (int i = 0; i < 70 * 1024; i++)
    g_string_append_c (one_line, 'a');
  g_string_append (one_line, "\r\nEND:VCARD\r\n");
  assert_refused (f, one_line->str, (gssize) one_line->len, "64 KiB", 4);

  for (int i = 0; i < 1000; i++)
    g_string_append (folded, "\r\n bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb");
  g_string_append (folded, "\r\nEND:VCARD\r\n");
  assert_refused (f, folded->str, (gssize) folded->len, "64 KiB", 4);

  for (int i = 0; i < 3 * 1024 * 1024; i++)
    g_string_append_c (photo, 'A' + i % 26);
  g_string_append (photo, "\r\nEND:VCARD\r\n");
  for (int i = 0; i < 20000; i++)
    g_string_append (photo_folded, "\r\n QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWZnaGlqa2xtbm9wcXJzdHV2d3h5ejAxMjM0");
  g_string_append (photo_folded, "\r\nEND:VCARD\r\n");
  g_string_append (photo, photo_folded->str);
  g_assert_true (import_bytes (f, photo->str, (gssize) photo->len, FALSE, &counts, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (counts.relationships_added, ==, 2);
}

/* The same UID in another file is the same relationship. */
static void
test_uid_is_stable (LedgerFixture *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  MutualImportCounts counts = { 0 };

  g_assert_true (import_bytes (f, "BEGIN:VCARD\nVERSION:3.0\nUID:abc-123\nFN:First Spelling\nEND:VCARD\n", -1,
                               FALSE, &counts, &error));
  g_assert_true (import_bytes (f, "BEGIN:VCARD\nVERSION:4.0\nUID:abc-123\nFN:Second Spelling\nEND:VCARD\n", -1,
                               FALSE, &counts, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (counts.relationships_updated, ==, 1);
  g_assert_cmpint (mutual_ledger_count_relationships (f->ledger), ==, 1);
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, LedgerFixture, NULL, ledger_fixture_set_up, func, ledger_fixture_tear_down)

  ADD ("/import-vcard/gnome-contacts-3.0", test_gnome_contacts);
  ADD ("/import-vcard/nextcloud-4.0", test_nextcloud);
  ADD ("/import-vcard/thunderbird-4.0", test_thunderbird);
  ADD ("/import-vcard/import-twice-changes-nothing", test_import_twice_changes_nothing);
  ADD ("/import-vcard/match-by-email-and-name", test_match_by_email_and_name);
  ADD ("/import-vcard/card-changes-its-relationship", test_card_changes_its_relationship);
  ADD ("/import-vcard/card-keeps-notes-written-in-mutual", test_card_keeps_notes_written_in_mutual);
  ADD ("/import-vcard/dry-run-writes-nothing", test_dry_run_writes_nothing);
  ADD ("/import-vcard/syntax-details", test_syntax_details);
  ADD ("/import-vcard/long-lines", test_long_lines);
  ADD ("/import-vcard/uid-is-stable", test_uid_is_stable);
  for (gsize i = 0; i < G_N_ELEMENTS (refusals); i++)
    {
      g_autofree char *name = g_strdup_printf ("/import-vcard/refuse/%s", refusals[i].name);

      g_test_add (name, LedgerFixture, &refusals[i], ledger_fixture_set_up, test_refusal,
                  ledger_fixture_tear_down);
    }

  return g_test_run ();
}
