/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mutual-import"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "mutual-error.h"
#include "mutual-identifiers.h"
#include "mutual-import-vcard.h"

/* A logical line (after unfolding) longer than this is refused: no
 * property Mutual reads comes near it. Pictures and keys, which address
 * books embed and Mutual ignores, are skipped whatever their length,
 * without being kept in memory. */
#define MAX_LINE (64 * 1024)
#define READ_CHUNK (64 * 1024)

/* The namespace of the name-based ids (RFC 9562, version 5) of cards
 * whose UID is not a UUID: SHA-1 of these 16 bytes and the UID. */
static const guint8 uid_namespace[16] = {
  0x72, 0x02, 0xf1, 0xd8, 0xde, 0xfe, 0x48, 0xf2,
  0x82, 0x67, 0xfe, 0xae, 0x33, 0x39, 0xff, 0x21,
};

typedef struct
{
  guint64    line;          /* BEGIN:VCARD's */
  char      *version;
  char      *fn;
  char      *n;             /* "Given Family" from N */
  char      *org;
  GString   *notes;         /* NULL when the card has no NOTE */
  char      *uid;
  GPtrArray *emails;        /* normalized, in the card's order */
  gboolean   has_role;
  MutualRole role;
} Card;

typedef struct
{
  MutualLedger        *ledger;
  const char          *name;          /* of the file, for messages */
  MutualImportCounts   counts;
  GError              *error;

  GString             *physical;      /* the physical line being read */
  gboolean             physical_long; /* it went past MAX_LINE */
  guint64              line;          /* its number, 1-based */
  GString             *logical;       /* the logical line so far */
  guint64              logical_line;  /* where it began; 0: none */
  gboolean             skipping;      /* a long picture: its text is dropped */
  gboolean             seen_bytes;

  Card                *card;          /* between BEGIN and END */
  guint                n_cards;
} Reader;

static void
card_free (Card *card)
{
  if (card == NULL)
    return;
  g_free (card->version);
  g_free (card->fn);
  g_free (card->n);
  g_free (card->org);
  if (card->notes)
    g_string_free (card->notes, TRUE);
  g_free (card->uid);
  g_ptr_array_unref (card->emails);
  g_free (card);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Card, card_free)

static void reader_fail (Reader     *reader,
                         guint64     line,
                         const char *format,
                         ...) G_GNUC_PRINTF (3, 4);

/* Records the first error, one sentence naming the file and line. */
static void
reader_fail (Reader     *reader,
             guint64     line,
             const char *format,
             ...)
{
  g_autofree char *message = NULL;
  va_list args;

  if (reader->error)
    return;
  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  mutual_error_set_in_file (&reader->error, MUTUAL_ERROR_DATA, reader->name, line, 0, message);
}

/* A ledger that fails is not the file's fault: its error as it is. */
static void
reader_fail_error (Reader       *reader,
                   guint64       line,
                   const GError *error)
{
  if (reader->error)
    return;
  if (error->domain == MUTUAL_ERROR && error->code == MUTUAL_ERROR_LEDGER)
    reader->error = g_error_copy (error);
  else
    reader_fail (reader, line, "%s", error->message);
}

/* Properties Mutual skips that address books fill with pictures, sounds
 * and keys, folded over thousands of lines. */
static gboolean
is_binary_property (const char *line,
                    gsize       length)
{
  static const char * const names[] = { "PHOTO", "LOGO", "SOUND", "KEY" };
  gsize end = 0;
  gsize start = 0;

  while (end < length && line[end] != ';' && line[end] != ':')
    {
      if (line[end] == '.')
        start = end + 1;     /* a group: "item1.PHOTO" */
      end++;
    }
  for (gsize i = 0; i < G_N_ELEMENTS (names); i++)
    if (end - start == strlen (names[i]) && g_ascii_strncasecmp (line + start, names[i], end - start) == 0)
      return TRUE;
  return FALSE;
}

/* Values */

/* RFC 6350 3.4 / RFC 2426 4: "\n" and "\N" a line break, "\\", "\,"
 * and "\;" the character. @split (',' or ';', or 0) cuts the value at
 * unescaped ones. */
static GPtrArray *
unescape_split (const char *value,
                char        split)
{
  GPtrArray *parts = g_ptr_array_new_with_free_func (g_free);
  GString *part = g_string_new (NULL);

  for (const char *p = value; *p; p++)
    {
      if (*p == '\\' && p[1] != '\0')
        {
          p++;
          if (*p == 'n' || *p == 'N')
            g_string_append_c (part, '\n');
          else
            g_string_append_c (part, *p);
        }
      else if (split && *p == split)
        {
          g_ptr_array_add (parts, g_string_free (part, FALSE));
          part = g_string_new (NULL);
        }
      else
        g_string_append_c (part, *p);
    }
  g_ptr_array_add (parts, g_string_free (part, FALSE));
  return parts;
}

static char *
unescape (const char *value)
{
  g_autoptr(GPtrArray) parts = unescape_split (value, 0);

  return g_strdup (g_ptr_array_index (parts, 0));
}

/* Trimmed, NULL when nothing is left. */
static char *
trimmed_or_null (const char *text)
{
  char *copy = g_strstrip (g_strdup (text ? text : ""));

  if (*copy == '\0')
    {
      g_free (copy);
      return NULL;
    }
  return copy;
}

static gboolean
role_from_category (const char *category,
                    MutualRole *out)
{
  g_autofree char *key = NULL;

  key = g_utf8_casefold (category, -1);
  for (int i = 0; i < MUTUAL_N_ROLES; i++)
    {
      g_autofree char *label = g_utf8_casefold (mutual_role_to_label ((MutualRole) i), -1);

      if (strcmp (key, mutual_role_to_string ((MutualRole) i)) == 0 || strcmp (key, label) == 0)
        {
          *out = (MutualRole) i;
          return TRUE;
        }
    }
  return FALSE;
}

/* The relationship's id for a UID: the UUID it is, else a version 5
 * UUID of it. */
static char *
uuid_for_uid (const char *uid)
{
  const char *text = uid;
  g_autoptr(GChecksum) sha1 = NULL;
  guint8 digest[20];
  gsize length = sizeof digest;

  if (g_ascii_strncasecmp (text, "urn:uuid:", 9) == 0)
    text += 9;
  if (g_uuid_string_is_valid (text))
    return g_ascii_strdown (text, -1);

  sha1 = g_checksum_new (G_CHECKSUM_SHA1);
  g_checksum_update (sha1, uid_namespace, sizeof uid_namespace);
  g_checksum_update (sha1, (const guchar *) uid, -1);
  g_checksum_get_digest (sha1, digest, &length);
  digest[6] = (guint8) ((digest[6] & 0x0f) | 0x50);
  digest[8] = (guint8) ((digest[8] & 0x3f) | 0x80);
  return g_strdup_printf ("%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
                          digest[0], digest[1], digest[2], digest[3], digest[4], digest[5],
                          digest[6], digest[7], digest[8], digest[9], digest[10], digest[11],
                          digest[12], digest[13], digest[14], digest[15]);
}

/* Writing a card */

static gboolean
text_differs (const char *a,
              const char *b)
{
  return g_strcmp0 (a && *a ? a : NULL, b && *b ? b : NULL) != 0;
}

/* The relationship a card is: by its id, any of its e-mail addresses,
 * its name. Sets @by_id when found by the id. NULL when none (or the
 * import failed). */
static MutualRelationship *
match_card (Reader     *reader,
            const Card *card,
            const char *uuid,
            const char *name,
            gboolean   *by_id)
{
  g_autoptr(GError) error = NULL;
  MutualRelationship *rel;

  *by_id = FALSE;
  if (uuid)
    {
      rel = mutual_ledger_get_relationship_by_uuid (reader->ledger, uuid, &error);
      if (rel)
        {
          *by_id = TRUE;
          return rel;
        }
      if (error->code == MUTUAL_ERROR_LEDGER)
        {
          reader_fail_error (reader, card->line, error);
          return NULL;
        }
      g_clear_error (&error);
    }
  for (guint i = 0; i < card->emails->len; i++)
    {
      gint64 id = mutual_ledger_find_identifier (reader->ledger, MUTUAL_IDENTIFIER_EMAIL,
                                                 g_ptr_array_index (card->emails, i), &error);

      if (id < 0)
        {
          reader_fail_error (reader, card->line, error);
          return NULL;
        }
      if (id > 0)
        {
          rel = mutual_ledger_get_relationship (reader->ledger, id, &error);
          if (rel == NULL)
            reader_fail_error (reader, card->line, error);
          return rel;
        }
    }
  rel = mutual_ledger_find_relationship (reader->ledger, name, &error);
  if (rel == NULL && error->code == MUTUAL_ERROR_LEDGER)
    reader_fail_error (reader, card->line, error);
  return rel;
}

/* Adds the card's e-mail addresses the relationship lacks; counts
 * whether any was new. */
static gboolean
add_emails (Reader     *reader,
            const Card *card,
            gint64      id,
            gboolean   *added)
{
  for (guint i = 0; i < card->emails->len; i++)
    {
      const char *email = g_ptr_array_index (card->emails, i);
      g_autoptr(GError) error = NULL;
      gint64 holder = mutual_ledger_find_identifier (reader->ledger, MUTUAL_IDENTIFIER_EMAIL, email, &error);

      if (holder == id)
        continue;
      if (holder < 0
          || !mutual_ledger_add_identifier (reader->ledger, id, MUTUAL_IDENTIFIER_EMAIL, email, &error))
        {
          reader_fail_error (reader, card->line, error);
          return FALSE;
        }
      *added = TRUE;
    }
  return TRUE;
}

static void
write_card (Reader *reader,
            Card   *card)
{
  g_autoptr(MutualRelationship) rel = NULL;
  g_autoptr(MutualRelationship) wanted = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *uuid = NULL;
  g_autofree char *problem = NULL;
  const char *name;
  gboolean by_id;
  gboolean changed = FALSE;

  name = card->fn ? card->fn : card->n ? card->n : card->org;
  if (name == NULL)
    {
      reader_fail (reader, card->line,
                   _("The card has no name: neither FN nor N nor ORG says who it is."));
      return;
    }
  if (card->uid)
    uuid = uuid_for_uid (card->uid);

  /* The card as a relationship, to check it before anything is written. */
  wanted = mutual_relationship_new ();
  wanted->name = g_strdup (name);
  wanted->organization = g_strdup (card->org);
  wanted->notes = card->notes ? g_strdup (card->notes->str) : NULL;
  wanted->role = card->has_role ? card->role : MUTUAL_ROLE_OTHER;
  problem = mutual_relationship_check (wanted);
  if (problem)
    {
      reader_fail (reader, card->line, "%s", problem);
      return;
    }

  rel = match_card (reader, card, uuid, name, &by_id);
  if (reader->error)
    return;

  if (rel == NULL)
    {
      wanted->uuid = g_steal_pointer (&uuid);
      if (!mutual_ledger_add_relationship (reader->ledger, wanted, &error))
        {
          reader_fail_error (reader, card->line, error);
          return;
        }
      if (!add_emails (reader, card, wanted->id, &changed))
        return;
      reader->counts.relationships_added++;
      return;
    }

  {
    g_autoptr(MutualRelationship) updated = mutual_relationship_copy (rel);

    /* The card that made it speaks for who it is; a card that only
     * shares an address or a name with it (a person at a company, say)
     * fills what it lacks. */
    if (by_id)
      {
        g_free (updated->name);
        updated->name = g_strdup (name);
        if (card->org)
          {
            g_free (updated->organization);
            updated->organization = g_strdup (card->org);
          }
        if (card->has_role)
          updated->role = card->role;
      }
    else if ((updated->organization == NULL || *updated->organization == '\0') && card->org)
      {
        g_free (updated->organization);
        updated->organization = g_strdup (card->org);
      }
    /* Notes are the user's own words about the relationship, maybe
     * written in Mutual since the last import: a card only fills empty
     * ones, whoever made the relationship. */
    if ((updated->notes == NULL || *updated->notes == '\0') && card->notes && card->notes->len > 0)
      {
        g_free (updated->notes);
        updated->notes = g_strdup (card->notes->str);
      }

    if (strcmp (updated->name, rel->name) != 0
        || text_differs (updated->organization, rel->organization)
        || text_differs (updated->notes, rel->notes)
        || updated->role != rel->role)
      {
        if (!mutual_ledger_update_relationship (reader->ledger, updated, &error))
          {
            reader_fail_error (reader, card->line, error);
            return;
          }
        changed = TRUE;
      }
    if (!add_emails (reader, card, rel->id, &changed))
      return;
  }
  if (changed)
    reader->counts.relationships_updated++;
  else
    reader->counts.relationships_unchanged++;
}

/* Lines */

typedef struct
{
  char       *name;        /* upper case, without its group */
  GPtrArray  *types;       /* TYPE values, lower case */
  char       *charset;
  char       *encoding;
  const char *value;       /* into the line */
} Property;

static void
property_clear (Property *property)
{
  g_free (property->name);
  g_clear_pointer (&property->types, g_ptr_array_unref);
  g_free (property->charset);
  g_free (property->encoding);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Property, property_clear)

static void
add_parameter (Property   *property,
               const char *key,
               const char *value)
{
  if (g_ascii_strcasecmp (key, "TYPE") == 0)
    {
      g_auto(GStrv) types = g_strsplit (value, ",", -1);

      for (gsize i = 0; types[i]; i++)
        g_ptr_array_add (property->types, g_ascii_strdown (types[i], -1));
    }
  else if (g_ascii_strcasecmp (key, "CHARSET") == 0)
    {
      g_free (property->charset);
      property->charset = g_strdup (value);
    }
  else if (g_ascii_strcasecmp (key, "ENCODING") == 0)
    {
      g_free (property->encoding);
      property->encoding = g_strdup (value);
    }
}

/* "group.NAME;KEY=value,value;KEY="quoted":value" (RFC 6350 3.3): the
 * name, the parameters Mutual looks at, and where the value starts. */
static gboolean
parse_property (const char *line,
                Property   *property)
{
  const char *p = line;
  const char *start = line;
  g_autoptr(GString) key = g_string_new (NULL);
  g_autoptr(GString) value = g_string_new (NULL);

  while (*p && *p != ';' && *p != ':')
    {
      if (*p == '.')
        start = p + 1;
      p++;
    }
  if (*p == '\0' || p == start)
    return FALSE;
  property->name = g_ascii_strup (start, p - start);
  property->types = g_ptr_array_new_with_free_func (g_free);

  while (*p == ';')
    {
      gboolean has_value = FALSE;

      p++;
      g_string_truncate (key, 0);
      g_string_truncate (value, 0);
      while (*p && *p != '=' && *p != ';' && *p != ':')
        g_string_append_c (key, *p++);
      if (*p == '=')
        {
          has_value = TRUE;
          p++;
          while (*p && *p != ';' && *p != ':')
            {
              if (*p == '"')
                {
                  const char *close = strchr (p + 1, '"');

                  if (close == NULL)
                    return FALSE;
                  g_string_append_len (value, p + 1, close - p - 1);
                  p = close + 1;
                }
              else
                g_string_append_c (value, *p++);
            }
        }
      /* vCard 2.1's bare "EMAIL;INTERNET;PREF:" names types alone. */
      if (has_value)
        add_parameter (property, key->str, value->str);
      else
        add_parameter (property, "TYPE", key->str);
    }
  if (*p != ':')
    return FALSE;
  property->value = p + 1;
  return TRUE;
}

static gboolean
check_text_property (Reader         *reader,
                     guint64         line,
                     const Property *property)
{
  if (property->charset && g_ascii_strcasecmp (property->charset, "UTF-8") != 0)
    {
      reader_fail (reader, line, _("The property %s is in the character set %s; Mutual reads UTF-8 only."),
                   property->name, property->charset);
      return FALSE;
    }
  if (property->encoding && g_ascii_strcasecmp (property->encoding, "8BIT") != 0)
    {
      reader_fail (reader, line, _("The property %s has the encoding %s, which is vCard 2.1’s; Mutual reads vCard 3.0 and 4.0."),
                   property->name, property->encoding);
      return FALSE;
    }
  return TRUE;
}

static void
begin_card (Reader  *reader,
            guint64  line)
{
  Card *card = g_new0 (Card, 1);

  card->line = line;
  card->emails = g_ptr_array_new_with_free_func (g_free);
  reader->card = card;
}

static void
end_card (Reader  *reader,
          guint64  line)
{
  g_autoptr(Card) card = g_steal_pointer (&reader->card);

  if (card->version == NULL)
    {
      reader_fail (reader, card->line, _("The card has no VERSION; Mutual reads vCard 3.0 and 4.0."));
      return;
    }
  reader->n_cards++;
  write_card (reader, card);
}

static void
card_property (Reader         *reader,
               guint64         line,
               const Property *property)
{
  Card *card = reader->card;
  const char *name = property->name;

  if (strcmp (name, "VERSION") == 0)
    {
      g_autofree char *version = g_strstrip (g_strdup (property->value));

      if (strcmp (version, "3.0") != 0 && strcmp (version, "4.0") != 0)
        {
          reader_fail (reader, line, _("The card is vCard version “%s”; Mutual reads vCard 3.0 and 4.0."),
                       version);
          return;
        }
      g_free (card->version);
      card->version = g_steal_pointer (&version);
      return;
    }
  if (strcmp (name, "FN") != 0 && strcmp (name, "N") != 0 && strcmp (name, "ORG") != 0
      && strcmp (name, "NOTE") != 0 && strcmp (name, "EMAIL") != 0 && strcmp (name, "UID") != 0
      && strcmp (name, "CATEGORIES") != 0)
    return;
  if (!check_text_property (reader, line, property))
    return;

  if (strcmp (name, "FN") == 0)
    {
      g_autofree char *fn = unescape (property->value);

      if (card->fn == NULL)
        card->fn = trimmed_or_null (fn);
    }
  else if (strcmp (name, "N") == 0)
    {
      g_autoptr(GPtrArray) parts = unescape_split (property->value, ';');
      g_autofree char *family = trimmed_or_null (g_ptr_array_index (parts, 0));
      g_autofree char *given = parts->len > 1 ? trimmed_or_null (g_ptr_array_index (parts, 1)) : NULL;

      /* Family; Given; Additional; Prefixes; Suffixes → "Given Family". */
      if (card->n == NULL && (given || family))
        card->n = g_strjoin (" ", given ? given : family, given ? family : NULL, NULL);
    }
  else if (strcmp (name, "ORG") == 0)
    {
      g_autoptr(GPtrArray) parts = unescape_split (property->value, ';');

      if (card->org == NULL)
        card->org = trimmed_or_null (g_ptr_array_index (parts, 0));
    }
  else if (strcmp (name, "NOTE") == 0)
    {
      g_autofree char *note = unescape (property->value);

      /* Several notes are kept, a blank line between them. */
      if (card->notes == NULL)
        card->notes = g_string_new (note);
      else if (*note)
        g_string_append_printf (card->notes, "%s%s", card->notes->len ? "\n\n" : "", note);
    }
  else if (strcmp (name, "EMAIL") == 0)
    {
      g_autofree char *email = unescape (property->value);
      g_autoptr(GError) error = NULL;
      g_autofree char *normalized = NULL;
      const char *address = email;

      g_strstrip (email);
      if (g_ascii_strncasecmp (address, "mailto:", 7) == 0)
        address += 7;
      if (*address == '\0')
        return;
      normalized = mutual_identifier_normalize (MUTUAL_IDENTIFIER_EMAIL, address, &error);
      if (normalized == NULL)
        {
          reader_fail_error (reader, line, error);
          return;
        }
      for (guint i = 0; i < card->emails->len; i++)
        if (strcmp (g_ptr_array_index (card->emails, i), normalized) == 0)
          return;
      g_ptr_array_add (card->emails, g_steal_pointer (&normalized));
    }
  else if (strcmp (name, "UID") == 0)
    {
      g_autofree char *uid = unescape (property->value);

      if (card->uid == NULL)
        card->uid = trimmed_or_null (uid);
    }
  else if (strcmp (name, "CATEGORIES") == 0)
    {
      g_autoptr(GPtrArray) categories = unescape_split (property->value, ',');

      for (guint i = 0; i < categories->len && !card->has_role; i++)
        {
          g_autofree char *category = trimmed_or_null (g_ptr_array_index (categories, i));

          if (category && role_from_category (category, &card->role))
            card->has_role = TRUE;
        }
    }
}

static void
logical_line (Reader     *reader,
              const char *line,
              guint64     number)
{
  g_auto(Property) property = { 0 };

  if (!parse_property (line, &property))
    {
      reader_fail (reader, number, _("The line is not a vCard property such as “FN:Ada Lovelace”."));
      return;
    }

  if (strcmp (property.name, "BEGIN") == 0)
    {
      g_autofree char *what = g_strstrip (g_strdup (property.value));

      if (reader->card)
        {
          g_autofree char *begun = g_strdup_printf ("%" G_GUINT64_FORMAT, reader->card->line);

          reader_fail (reader, number, _("BEGIN:%s inside the card begun at line %s; cards do not nest."),
                       what, begun);
        }
      else if (g_ascii_strcasecmp (what, "VCARD") != 0)
        reader_fail (reader, number, _("BEGIN:%s is not a vCard; a card begins with BEGIN:VCARD."), what);
      else
        begin_card (reader, number);
      return;
    }
  if (strcmp (property.name, "END") == 0)
    {
      g_autofree char *what = g_strstrip (g_strdup (property.value));

      if (reader->card == NULL)
        reader_fail (reader, number, _("END:%s without a BEGIN:VCARD before it."), what);
      else if (g_ascii_strcasecmp (what, "VCARD") != 0)
        reader_fail (reader, number, _("END:%s inside a card; a card ends with END:VCARD."), what);
      else
        end_card (reader, number);
      return;
    }
  if (reader->card == NULL)
    {
      reader_fail (reader, number, _("The line is outside a card; cards go from BEGIN:VCARD to END:VCARD."));
      return;
    }
  card_property (reader, number, &property);
}

/* The logical line read so far is complete. */
static void
flush_logical (Reader *reader)
{
  if (reader->logical_line == 0)
    return;
  /* Checked whole: folding may split a character between lines. */
  if (!reader->skipping && !g_utf8_validate (reader->logical->str, reader->logical->len, NULL))
    reader_fail (reader, reader->logical_line, _("The line is not valid UTF-8 text; Mutual reads UTF-8 only."));
  else if (!reader->skipping)
    logical_line (reader, reader->logical->str, reader->logical_line);
  g_string_truncate (reader->logical, 0);
  reader->logical_line = 0;
  reader->skipping = FALSE;
}

static void
fail_too_long (Reader  *reader,
               guint64  line)
{
  reader_fail (reader, line, _("The line is longer than %d KiB; no vCard property Mutual reads is that long."),
               MAX_LINE / 1024);
}

/* One physical line, without its line break. */
static void
physical_line (Reader *reader)
{
  GString *physical = reader->physical;
  gboolean continuation = physical->len > 0 && (physical->str[0] == ' ' || physical->str[0] == '\t');

  if (physical->len > 0 && physical->str[physical->len - 1] == '\r')
    g_string_truncate (physical, physical->len - 1);

  if (continuation)
    {
      if (reader->logical_line == 0)
        {
          /* Blank space between cards. */
          if (strspn (physical->str, " \t") == physical->len)
            return;
          reader_fail (reader, reader->line, _("The line begins with a space but continues no line before it."));
          return;
        }
      if (reader->skipping)
        return;
      if (reader->physical_long || reader->logical->len + physical->len - 1 > MAX_LINE)
        {
          if (is_binary_property (reader->logical->str, reader->logical->len))
            {
              reader->skipping = TRUE;
              return;
            }
          fail_too_long (reader, reader->logical_line);
          return;
        }
      g_string_append_len (reader->logical, physical->str + 1, physical->len - 1);
      return;
    }

  flush_logical (reader);
  if (reader->error || physical->len == 0)
    return;
  reader->logical_line = reader->line;
  if (reader->physical_long)
    {
      if (is_binary_property (physical->str, physical->len))
        {
          g_string_assign (reader->logical, "");
          reader->skipping = TRUE;
          return;
        }
      fail_too_long (reader, reader->line);
      return;
    }
  g_string_append_len (reader->logical, physical->str, physical->len);
}

/* Splits @chunk into physical lines; a line longer than MAX_LINE keeps
 * only its start (enough to know its property). */
static void
feed (Reader     *reader,
      const char *chunk,
      gsize       length)
{
  const char *p = chunk;
  const char *end = chunk + length;

  /* A byte-order mark before the first card. */
  if (!reader->seen_bytes && length > 0)
    {
      reader->seen_bytes = TRUE;
      if (length >= 3 && memcmp (p, "\xef\xbb\xbf", 3) == 0)
        p += 3;
    }

  while (p < end && reader->error == NULL)
    {
      const char *newline = memchr (p, '\n', (gsize) (end - p));
      const char *stop = newline ? newline : end;
      gsize room = reader->physical->len < MAX_LINE + 2 ? MAX_LINE + 2 - reader->physical->len : 0;
      gsize take = MIN ((gsize) (stop - p), room);

      g_string_append_len (reader->physical, p, (gssize) take);
      if ((gsize) (stop - p) > take)
        reader->physical_long = TRUE;
      if (newline == NULL)
        break;
      physical_line (reader);
      g_string_truncate (reader->physical, 0);
      reader->physical_long = FALSE;
      reader->line++;
      p = newline + 1;
    }
}

gboolean
mutual_import_vcard (MutualLedger        *ledger,
                     GInputStream        *stream,
                     const char          *display_name,
                     gboolean             dry_run,
                     MutualImportCounts  *counts,
                     GCancellable        *cancellable,
                     GError             **error)
{
  g_autofree char *buffer = g_malloc (READ_CHUNK);
  Reader reader = { 0 };
  gboolean ok;

  g_return_val_if_fail (MUTUAL_IS_LEDGER (ledger), FALSE);
  g_return_val_if_fail (G_IS_INPUT_STREAM (stream), FALSE);

  reader.ledger = ledger;
  reader.name = display_name ? display_name : "-";
  reader.physical = g_string_sized_new (256);
  reader.logical = g_string_sized_new (256);
  reader.line = 1;

  if (!mutual_ledger_begin (ledger, error))
    {
      g_string_free (reader.physical, TRUE);
      g_string_free (reader.logical, TRUE);
      return FALSE;
    }

  while (reader.error == NULL)
    {
      GError *read_error = NULL;
      gssize n = g_input_stream_read (stream, buffer, READ_CHUNK, cancellable, &read_error);

      if (n < 0)
        {
          if (g_error_matches (read_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            reader.error = read_error;
          else
            {
              g_set_error (&reader.error, MUTUAL_ERROR, MUTUAL_ERROR_DATA,
                           _("The file “%s” could not be read: %s."), reader.name, read_error->message);
              g_error_free (read_error);
            }
          break;
        }
      if (n == 0)
        {
          if (reader.physical->len > 0 || reader.physical_long)
            physical_line (&reader);
          if (reader.error == NULL)
            flush_logical (&reader);
          break;
        }
      feed (&reader, buffer, (gsize) n);
    }

  if (reader.error == NULL && reader.card != NULL)
    reader_fail (&reader, reader.card->line,
                 _("The file ends inside this card; it has no END:VCARD."));
  if (reader.error == NULL && reader.n_cards == 0)
    reader_fail (&reader, 1, _("The file holds no card (BEGIN:VCARD … END:VCARD)."));

  g_clear_pointer (&reader.card, card_free);
  g_string_free (reader.physical, TRUE);
  g_string_free (reader.logical, TRUE);

  ok = reader.error == NULL;
  if (!ok || dry_run)
    mutual_ledger_rollback (ledger);
  else
    ok = mutual_ledger_commit (ledger, &reader.error);

  if (!ok)
    {
      g_propagate_error (error, g_steal_pointer (&reader.error));
      return FALSE;
    }
  if (counts)
    *counts = reader.counts;
  return TRUE;
}
