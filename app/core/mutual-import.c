/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mutual-import"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <libxml/parser.h>
#include <libxml/SAX2.h>
#include <string.h>
#include <unistd.h>

#include "mutual-error.h"
#include "mutual-id-set.h"
#include "mutual-identifiers.h"
#include "mutual-import.h"
#include "mutual-import-private.h"
#include "mutual-money.h"
#include "mutual-ledger-bulk.h"

#define XINCLUDE_NAMESPACE "http://www.w3.org/2001/XInclude"
#define XINCLUDE_NAMESPACE_OLD "http://www.w3.org/2003/XInclude"

/* The longest attribute any rule allows is a 200-character name (at most
 * 800 bytes); the longest text a 10,000-character note. Anything larger
 * is refused as soon as it is seen. */
#define MAX_ATTRIBUTE_BYTES 1024
#define MAX_TEXT_BYTES (4 * MUTUAL_NOTE_MAX_CHARS)
#define READ_CHUNK (64 * 1024)

/* A large import into a ledger without exchanges finds repeated ids in
 * memory, 16 bytes per id in a table at most half full (32 MB for a
 * million ids). Past this many ids it has the ledger give the exchanges
 * so far their keys and looks ids up there instead, so the memory stays
 * bounded. */
#define ID_SET_MAX_IDS (2 * 1024 * 1024)

/* Import */

/* An <identifier> of the relationship being read, normalized, with
 * where it is for a message. */
typedef struct
{
  MutualIdentifierType  type;
  char                 *value;
  int                   line;
  int                   column;
} PendingIdentifier;

static void
pending_identifier_clear (gpointer data)
{
  PendingIdentifier *pending = data;

  g_clear_pointer (&pending->value, g_free);
}

typedef struct
{
  int line;
  int column;
} Location;

/* An exchange read while its relationship waits to be written. */
typedef struct
{
  MutualExchange exchange;   /* owns its id and note */
  guint64        tag;
} HeldExchange;

static void
held_exchange_clear (gpointer data)
{
  HeldExchange *held = data;

  g_clear_pointer (&held->exchange.uuid, g_free);
  g_clear_pointer (&held->exchange.note, g_free);
}

/* The loader's writer inserts a relationship's exchanges while the file
 * is read, but the relationship itself (an insert and the lookups that
 * decide merging, renaming and identifiers) needs the connection, so
 * each one had the reader wait until the writer was idle: the two
 * threads took turns. Now relationships wait while their exchanges are
 * read and held, until HOLD_MAX exchanges are: then they are written
 * together, in the order of the file, in one wait for the writer, and
 * their exchanges handed to it, which inserts them while the next
 * ones are read. The relationship being read when that happens is
 * written with them, and the rest of its exchanges go straight on. */
#define HOLD_MAX 4096

typedef struct
{
  MutualRelationship *rel;
  GArray             *identifiers;   /* PendingIdentifier */
  gboolean            rel_has_created;
  Location            rel_at;
  GArray             *held;          /* HeldExchange */
  gboolean            ended;         /* its </relationship> was read */
} PendingRelationship;

/* Where the bytes read so far stand between markup, so that a tag
 * longer than MAX_TAG is refused before libxml2 parses it: its handling
 * of a start tag's attributes is quadratic in their number. */
#define MAX_TAG 65536

typedef enum
{
  SCAN_TEXT,
  SCAN_OPEN,        /* after "<" */
  SCAN_BANG,        /* after "<!" */
  SCAN_TAG,         /* a start or end tag, or a declaration */
  SCAN_QUOTED,      /* an attribute value, up to quote */
  SCAN_COMMENT,     /* up to "-->" */
  SCAN_CDATA,       /* up to "]]>" */
  SCAN_PI,          /* up to "?>" */
} ScanState;

typedef struct
{
  ScanState state;
  char      quote;
  int       run;          /* the closing sequence's characters seen */
  guint64   offset;       /* of the chunk being scanned, in the file */
  int       line;
  guint64   line_start;   /* offset of the current line */
  guint64   tag_start;    /* offset of the tag being read */
  Location  start;        /* of the tag being read */
} TagScan;

static guint64 id_set_max_ids = ID_SET_MAX_IDS;

typedef enum
{
  IN_NOTHING,
  IN_ROOT,
  IN_RELATIONSHIP,
  IN_ORGANIZATION,
  IN_NOTES,
  IN_IDENTIFIER,
  IN_OVERRIDE,
  IN_EXCHANGE,
  IN_DONE,
} Place;

/* Which children of <relationship> came already: they keep this order. */
typedef enum
{
  STAGE_START,
  STAGE_ORGANIZATION,
  STAGE_NOTES,
  STAGE_IDENTIFIERS,
  STAGE_OVERRIDE,
  STAGE_EXCHANGES,
} Stage;

/* The attributes an element may have, filled from the SAX2 array. */
typedef struct
{
  const char *name;
  gboolean    required;
  char        value[MAX_ATTRIBUTE_BYTES + 1];
  gboolean    present;
} Attribute;

typedef struct
{
  MutualLedger        *ledger;
  MutualLedgerBulk    *bulk;
  xmlParserCtxtPtr     parser;
  const char          *name;          /* of the file, for messages */
  MutualImportFlags    flags;
  MutualImportCounts   counts;
  GError              *error;
  GCancellable        *cancellable;

  Place                place;
  Stage                stage;
  gboolean             seen_root;
  gboolean             ledger_was_empty;
  char                 currency[4];
  int                  digits;
  GString             *text;

  MutualRelationship  *rel;
  GArray              *identifiers;   /* PendingIdentifier of @rel */
  MutualIdentifierType identifier_type;
  Location             identifier_at;
  gboolean             rel_written;
  gboolean             rel_has_created;
  Location             rel_at;
  MutualExchange       exchange;
  Location             exchange_at;

  /* Records that existed before the import and that the file already
   * named: an id seen twice is refused. Newer rowids were added by this
   * import, so finding one of those by id also means a repeated id. */
  gint64               first_new_relationship;
  gint64               first_new_exchange;
  GHashTable          *relationships_seen;
  GHashTable          *relationship_uuids; /* of the file, lower case */
  guint8              *exchanges_seen;     /* bitmap of old rowids */

  /* Whether each exchange id is looked up in the ledger; if not, and the
   * ledger suspended the keys of exchange ids for the import, the ids
   * read so far are kept in @exchange_ids instead. */
  gboolean             look_up_exchanges;
  MutualIdSet         *exchange_ids;
  guint8               exchange_id[16];    /* of the exchange being read */

  /* The relationships that wait (PendingRelationship, in the order of
   * the file) and how many exchanges they hold. While the last one's
   * exchanges are read, @rel is its @rel. */
  GPtrArray           *waiting;
  guint                held;

  TagScan              scan;

  /* An exchange's attributes, kept here rather than made on the stack
   * for each: zeroing six values of 1 KiB took a twentieth of the
   * reading thread. */
  Attribute            exchange_wanted[6];
} Import;

static void
location_now (Import   *im,
              Location *at)
{
  at->line = xmlSAX2GetLineNumber (im->parser);
  at->column = xmlSAX2GetColumnNumber (im->parser);
}

static void import_fail_in (Import         *im,
                            const Location *at,
                            GQuark          domain,
                            int             code,
                            const char     *format,
                            ...) G_GNUC_PRINTF (5, 6);

#define import_fail(im, at, code, ...) import_fail_in (im, at, MUTUAL_ERROR, code, __VA_ARGS__)

/* Records the first error, in one sentence naming the file, line and
 * column, and stops the parser. */
static void
import_fail_in (Import         *im,
                const Location *at,
                GQuark          domain,
                int             code,
                const char     *format,
                ...)
{
  g_autofree char *message = NULL;
  Location here;
  va_list args;

  if (im->error)
    return;

  if (at == NULL)
    {
      location_now (im, &here);
      at = &here;
    }

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  mutual_error_set_in_file (&im->error, code, im->name, (guint64) MAX (at->line, 0),
                            (guint64) MAX (at->column, 0), message);
  im->error->domain = domain;   /* G_IO_ERROR when cancelled */
  xmlStopParser (im->parser);
}

static void
import_fail_error (Import         *im,
                   const Location *at,
                   const GError   *error)
{
  int code = MUTUAL_ERROR_DATA;

  if (error->domain == MUTUAL_ERROR)
    code = error->code;
  /* A ledger that cannot be written is not the file's fault. */
  if (code == MUTUAL_ERROR_LEDGER && im->error == NULL)
    {
      im->error = g_error_copy (error);
      xmlStopParser (im->parser);
      return;
    }
  import_fail (im, at, code, "%s", error->message);
}

static gboolean
is_ascii (const char *text,
          gsize       length)
{
  for (gsize i = 0; i < length; i++)
    if ((guchar) text[i] >= 0x80)
      return FALSE;
  return TRUE;
}

/* Copies an attribute value (not NUL-terminated in SAX2) into @buf.
 * Without entity substitution libxml2 hands "&" over as "&#38;". */
static gboolean
copy_value (Import        *im,
            const char    *attribute,
            const xmlChar *value,
            const xmlChar *end,
            char           buf[MAX_ATTRIBUTE_BYTES + 1])
{
  gsize length = (gsize) (end - value);
  gsize j = 0;

  if (length > MAX_ATTRIBUTE_BYTES)
    {
      /* A format macro inside _() would hide the message from xgettext. */
      g_autofree char *bytes = g_strdup_printf ("%" G_GSIZE_FORMAT, length);

      import_fail (im, NULL, MUTUAL_ERROR_DATA,
                   _("The attribute “%s” is %s bytes long; at most %d are allowed."),
                   attribute, bytes, MAX_ATTRIBUTE_BYTES);
      return FALSE;
    }

  if (memchr (value, '&', length) == NULL)
    {
      memcpy (buf, value, length);
      j = length;
    }
  else
    for (gsize i = 0; i < length; i++)
      {
        if (value[i] == '&' && length - i >= 5 && memcmp (value + i, "&#38;", 5) == 0)
          {
            buf[j++] = '&';
            i += 4;
          }
        else
          buf[j++] = (char) value[i];
      }
  buf[j] = '\0';

  if (!is_ascii (buf, j) && !g_utf8_validate (buf, (gssize) j, NULL))
    {
      import_fail (im, NULL, MUTUAL_ERROR_DATA,
                   _("The attribute “%s” is not valid UTF-8 text."), attribute);
      return FALSE;
    }
  return TRUE;
}

static gboolean
read_attributes (Import         *im,
                 const char     *element,
                 int             n_attributes,
                 const xmlChar **attributes,
                 Attribute      *wanted,
                 gsize           n_wanted)
{
  gsize next = 0;

  for (gsize k = 0; k < n_wanted; k++)
    wanted[k].present = FALSE;

  for (int i = 0; i < n_attributes; i++)
    {
      const char *local = (const char *) attributes[i * 5];
      const char *uri = (const char *) attributes[i * 5 + 2];
      gsize k = n_wanted;

      /* Export writes the attributes in the order of @wanted: the search
       * starts after the one found last. */
      for (gsize tried = 0; uri == NULL && tried < n_wanted; tried++)
        if (strcmp (local, wanted[(next + tried) % n_wanted].name) == 0)
          {
            k = (next + tried) % n_wanted;
            next = k + 1;
            break;
          }
      if (k == n_wanted)
        {
          import_fail (im, NULL, MUTUAL_ERROR_DATA,
                       _("The element <%s> has an unknown attribute “%s”."),
                       element, local);
          return FALSE;
        }
      if (!copy_value (im, local, attributes[i * 5 + 3], attributes[i * 5 + 4], wanted[k].value))
        return FALSE;
      wanted[k].present = TRUE;
    }

  for (gsize k = 0; k < n_wanted; k++)
    if (wanted[k].required && !wanted[k].present)
      {
        import_fail (im, NULL, MUTUAL_ERROR_DATA,
                     _("The element <%s> has no “%s” attribute; it is required."),
                     element, wanted[k].name);
        return FALSE;
      }

  return TRUE;
}

/* A hex digit's value plus one; zero for any other byte. */
static const guint8 hex_digit[256] = {
  ['0'] = 1, ['1'] = 2, ['2'] = 3, ['3'] = 4, ['4'] = 5,
  ['5'] = 6, ['6'] = 7, ['7'] = 8, ['8'] = 9, ['9'] = 10,
  ['a'] = 11, ['b'] = 12, ['c'] = 13, ['d'] = 14, ['e'] = 15, ['f'] = 16,
  ['A'] = 11, ['B'] = 12, ['C'] = 13, ['D'] = 14, ['E'] = 15, ['F'] = 16,
};

/* The form g_uuid_string_is_valid() accepts, in one pass that also
 * gives the id in lower case and as 16 bytes. Each digit is looked up
 * where it stands, with no branch on it: a random digit is a letter or
 * not at random, and the branches of a loop over every character took
 * a twentieth of the reading thread. */
static gboolean
parse_uuid (const char *text,
            char        lower[37],
            guint8      bytes[16])
{
  /* Where each pair of digits stands, past the dashes. */
  static const guint8 at[16] = { 0, 2, 4, 6, 9, 11, 14, 16, 19, 21, 24, 26, 28, 30, 32, 34 };
  const guchar *u = (const guchar *) text;
  guint invalid = 0;

  if (strnlen (text, 37) != 36 || u[8] != '-' || u[13] != '-' || u[18] != '-' || u[23] != '-')
    return FALSE;
  for (guint b = 0; b < 16; b++)
    {
      guint high = hex_digit[u[at[b]]];
      guint low = hex_digit[u[at[b] + 1]];

      invalid |= (high == 0) | (low == 0);
      high = (high - 1) & 0xf;
      low = (low - 1) & 0xf;
      bytes[b] = (guint8) (high << 4 | low);
      lower[at[b]] = "0123456789abcdef"[high];
      lower[at[b] + 1] = "0123456789abcdef"[low];
    }
  lower[8] = lower[13] = lower[18] = lower[23] = '-';
  lower[36] = '\0';
  return !invalid;
}

static gboolean
check_uuid (Import     *im,
            const char *text,
            char        lower[37],
            guint8      bytes[16])
{
  if (!parse_uuid (text, lower, bytes))
    {
      import_fail (im, NULL, MUTUAL_ERROR_DATA,
                   _("The id “%s” is not a UUID such as 7d1c2e4a-0b5f-4c3e-9a61-2f8d3b7c9e10."),
                   text);
      return FALSE;
    }
  return TRUE;
}

static gboolean
text_equal (const char *a,
            const char *b)
{
  return g_strcmp0 (a && *a ? a : NULL, b && *b ? b : NULL) == 0;
}

static gboolean
relationship_equal (const MutualRelationship *a,
                    const MutualRelationship *b)
{
  g_autofree char *name_a = g_strstrip (g_strdup (a->name));
  g_autofree char *name_b = g_strstrip (g_strdup (b->name));

  return strcmp (name_a, name_b) == 0
         && text_equal (a->organization, b->organization)
         && a->role == b->role
         && text_equal (a->notes, b->notes)
         && a->created == b->created
         && !a->archived == !b->archived
         && a->override == b->override
         && (a->override == MUTUAL_CLASS_NONE
             || text_equal (a->override_reason, b->override_reason));
}

static gboolean
exchange_seen (Import *im,
               gint64  id)
{
  return id < im->first_new_exchange && id > 0
         && (im->exchanges_seen[id >> 3] & (1u << (id & 7))) != 0;
}

static void
mark_exchange_seen (Import *im,
                    gint64  id)
{
  if (id > 0 && id < im->first_new_exchange)
    im->exchanges_seen[id >> 3] |= (guint8) (1u << (id & 7));
}

/* Whether the file's identifiers add any to the relationship @id: each
 * is its own already, or new, or another relationship's (an error at
 * the identifier). -1 on error. */
static int
identifiers_add_any (Import *im,
                     gint64  id)
{
  gboolean any = FALSE;

  for (guint i = 0; i < im->identifiers->len; i++)
    {
      const PendingIdentifier *pending = &g_array_index (im->identifiers, PendingIdentifier, i);
      g_autoptr(GError) error = NULL;
      gint64 holder = mutual_ledger_find_identifier (im->ledger, pending->type, pending->value, &error);
      Location at = { pending->line, pending->column };

      if (holder < 0)
        {
          import_fail_error (im, &at, error);
          return -1;
        }
      if (holder == 0)
        any = TRUE;
      else if (holder != id)
        {
          /* The ledger's sentence names the relationship holding it. */
          if (!mutual_ledger_add_identifier (im->ledger, id, pending->type, pending->value, &error))
            import_fail_error (im, &at, error);
          else
            import_fail (im, &at, MUTUAL_ERROR_DATA,
                         _("The identifier “%s” belongs to another relationship."), pending->value);
          return -1;
        }
    }
  return any ? 1 : 0;
}

/* Adds the file's identifiers to the relationship @id; those it had
 * already stay (a file without them takes none away). */
static gboolean
add_identifiers (Import *im,
                 gint64  id)
{
  for (guint i = 0; i < im->identifiers->len; i++)
    {
      const PendingIdentifier *pending = &g_array_index (im->identifiers, PendingIdentifier, i);
      g_autoptr(GError) error = NULL;

      if (!mutual_ledger_add_identifier (im->ledger, id, pending->type, pending->value, &error))
        {
          Location at = { pending->line, pending->column };

          import_fail_error (im, &at, error);
          return FALSE;
        }
    }
  return TRUE;
}

/* --same-name=merge: the file's relationship is @existing, which keeps
 * what it has and takes from the file only what it lacks. */
static gboolean
merge_relationship (Import                   *im,
                    const MutualRelationship *existing)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MutualRelationship) merged = mutual_relationship_copy (existing);
  const MutualRelationship *rel = im->rel;
  int new_identifiers;

  if ((merged->organization == NULL || *merged->organization == '\0')
      && rel->organization && *rel->organization)
    {
      g_free (merged->organization);
      merged->organization = g_strdup (rel->organization);
    }
  if ((merged->notes == NULL || *merged->notes == '\0') && rel->notes && *rel->notes)
    {
      g_free (merged->notes);
      merged->notes = g_strdup (rel->notes);
    }
  if (merged->override == MUTUAL_CLASS_NONE && rel->override != MUTUAL_CLASS_NONE)
    {
      merged->override = rel->override;
      g_free (merged->override_reason);
      merged->override_reason = g_strdup (rel->override_reason);
    }

  im->rel->id = existing->id;
  new_identifiers = identifiers_add_any (im, existing->id);
  if (new_identifiers < 0)
    return FALSE;
  if (new_identifiers == 0 && relationship_equal (merged, existing))
    {
      im->counts.relationships_unchanged++;
      return TRUE;
    }
  if (!relationship_equal (merged, existing)
      && !mutual_ledger_update_relationship (im->ledger, merged, &error))
    {
      import_fail_error (im, &im->rel_at, error);
      return FALSE;
    }
  if (!add_identifiers (im, existing->id))
    return FALSE;
  im->counts.relationships_updated++;
  return TRUE;
}

/* The relationship named @name (ignoring case), NULL when none; @failed
 * set, and the import failed, when the ledger could not say. */
static MutualRelationship *
relationship_named (Import     *im,
                    const char *name,
                    gboolean   *failed)
{
  g_autoptr(GError) error = NULL;
  MutualRelationship *found;

  *failed = FALSE;
  /* A name that looks like an id is refused when it is added. */
  if (name == NULL || g_uuid_string_is_valid (name))
    return NULL;
  found = mutual_ledger_find_relationship (im->ledger, name, &error);
  if (found == NULL && error && error->code == MUTUAL_ERROR_LEDGER)
    {
      import_fail_error (im, &im->rel_at, error);
      *failed = TRUE;
    }
  return found;
}

/* --same-name=rename: the first of "Name (2)", "Name (3)"… that no
 * relationship has, shortened to fit. NULL with the import failed when
 * the ledger could not say. */
static char *
free_name (Import     *im,
           const char *name)
{
  g_autofree char *stripped = g_strstrip (g_strdup (name));

  for (guint n = 2; n < G_MAXUINT; n++)
    {
      g_autofree char *suffix = g_strdup_printf (" (%u)", n);
      glong room = MUTUAL_NAME_MAX_CHARS - g_utf8_strlen (suffix, -1);
      g_autofree char *base = g_utf8_substring (stripped, 0, MIN (g_utf8_strlen (stripped, -1), room));
      g_autofree char *candidate = NULL;
      g_autoptr(MutualRelationship) taken = NULL;
      gboolean failed;

      g_strchomp (base);
      candidate = g_strconcat (base, suffix, NULL);
      taken = relationship_named (im, candidate, &failed);
      if (failed)
        return NULL;
      if (taken == NULL)
        return g_steal_pointer (&candidate);
    }
  return NULL;
}

/* Adds or replaces the relationship being read; its children before the
 * exchanges are known by now. */
static gboolean flush_new_exchanges (Import *im);

static gboolean
write_relationship (Import *im)
{
  g_autoptr(GError) error = NULL;
  MutualRelationship *rel = im->rel;
  gint64 existing_id = 0;
  int new_identifiers;

  im->rel_written = TRUE;

  /* The ledger is this thread's again once the loader's writer has
   * inserted the exchanges before. */
  if (!flush_new_exchanges (im))
    return FALSE;

  if (rel->uuid)
    {
      existing_id = mutual_ledger_bulk_find_relationship (im->bulk, rel->uuid, &error);
      if (existing_id < 0)
        {
          import_fail_error (im, &im->rel_at, error);
          return FALSE;
        }
    }

  if (existing_id != 0)
    {
      g_autoptr(MutualRelationship) old = NULL;

      if (existing_id >= im->first_new_relationship
          || g_hash_table_contains (im->relationships_seen, &existing_id))
        {
          import_fail (im, &im->rel_at, MUTUAL_ERROR_DATA,
                       _("The relationship id “%s” appears more than once in the file."),
                       rel->uuid);
          return FALSE;
        }
      g_hash_table_add (im->relationships_seen, g_memdup2 (&existing_id, sizeof existing_id));

      old = mutual_ledger_get_relationship (im->ledger, existing_id, &error);
      if (old == NULL)
        {
          import_fail_error (im, &im->rel_at, error);
          return FALSE;
        }
      rel->id = existing_id;
      /* A file without "created" keeps the date the ledger knows. */
      if (!im->rel_has_created)
        rel->created = old->created;
      /* Renamed by an earlier import of the file: it keeps its name
       * while the file's is another relationship's. */
      if (im->flags & MUTUAL_IMPORT_SAME_NAME_RENAME)
        {
          g_autoptr(MutualRelationship) named = NULL;
          gboolean failed;

          named = relationship_named (im, rel->name, &failed);
          if (failed)
            return FALSE;
          if (named && named->id != existing_id)
            {
              g_free (rel->name);
              rel->name = g_strdup (old->name);
            }
        }

      new_identifiers = identifiers_add_any (im, existing_id);
      if (new_identifiers < 0)
        return FALSE;
      if (new_identifiers == 0 && relationship_equal (rel, old))
        {
          im->counts.relationships_unchanged++;
          return TRUE;
        }
      if (!mutual_ledger_update_relationship (im->ledger, rel, &error))
        {
          import_fail_error (im, &im->rel_at, error);
          return FALSE;
        }
      if (!add_identifiers (im, existing_id))
        return FALSE;
      im->counts.relationships_updated++;
      return TRUE;
    }

  {
    g_autoptr(MutualRelationship) named = NULL;
    gboolean failed;

    named = relationship_named (im, rel->name, &failed);
    if (failed)
      return FALSE;
    if (named && (im->flags & MUTUAL_IMPORT_SAME_NAME_MERGE))
      return merge_relationship (im, named);
    if (named && (im->flags & MUTUAL_IMPORT_SAME_NAME_RENAME))
      {
        char *renamed = free_name (im, rel->name);

        if (renamed == NULL)
          return FALSE;
        g_free (rel->name);
        rel->name = renamed;
      }
    else if (named)
      {
        g_autofree char *stripped = g_strstrip (g_strdup (rel->name));

        import_fail (im, &im->rel_at, MUTUAL_ERROR_DATA,
                     _("A relationship named “%s” already exists under another id; import with --same-name=merge or --same-name=rename to merge or rename it."),
                     stripped);
        return FALSE;
      }
  }

  if (!mutual_ledger_add_relationship (im->ledger, rel, &error))
    {
      import_fail_error (im, &im->rel_at, error);
      return FALSE;
    }
  if (!add_identifiers (im, rel->id))
    return FALSE;
  im->counts.relationships_added++;
  return TRUE;
}

/* Tags of the exchanges handed to the ledger's bulk loader: where each
 * one is in the file. */
static guint64
location_tag (const Location *at)
{
  return ((guint64) (guint32) at->line << 32) | (guint32) at->column;
}

static void
fail_at_tag (Import       *im,
             guint64       tag,
             const GError *error)
{
  Location at = { (int) (tag >> 32), (int) (guint32) tag };

  import_fail_error (im, &at, error);
}

static gboolean
flush_new_exchanges (Import *im)
{
  g_autoptr(GError) error = NULL;
  guint64 failed = 0;

  if (!mutual_ledger_bulk_flush (im->bulk, &failed, &error))
    {
      fail_at_tag (im, failed, error);
      return FALSE;
    }
  return TRUE;
}

static void
pending_free (PendingRelationship *pending)
{
  g_clear_pointer (&pending->rel, mutual_relationship_free);
  g_clear_pointer (&pending->identifiers, g_array_unref);
  g_clear_pointer (&pending->held, g_array_unref);
  g_free (pending);
}

/* The relationship being read, if it waits. */
static PendingRelationship *
waiting_current (Import *im)
{
  PendingRelationship *last;

  if (im->waiting->len == 0)
    return NULL;
  last = im->waiting->pdata[im->waiting->len - 1];
  return last->rel == im->rel ? last : NULL;
}

/* Writes the relationships that waited, then hands their held exchanges
 * to the loader (and, for those that ended, their day totals). */
static gboolean
complete_pending (Import *im)
{
  g_autoptr(GPtrArray) waiting = NULL;
  PendingRelationship *current = waiting_current (im);
  MutualRelationship *rel = im->rel;
  GArray *identifiers = im->identifiers;
  gboolean has_created = im->rel_has_created;
  gboolean written = im->rel_written;
  Location at = im->rel_at;
  g_autoptr(GError) later = NULL;
  guint n_written = 0;
  gboolean ok = TRUE;

  if (im->waiting->len == 0)
    return im->error == NULL;
  waiting = g_steal_pointer (&im->waiting);
  im->waiting = g_ptr_array_new_with_free_func ((GDestroyNotify) pending_free);
  im->held = 0;

  for (; n_written < waiting->len; n_written++)
    {
      PendingRelationship *pending = waiting->pdata[n_written];

      im->rel = pending->rel;
      im->identifiers = pending->identifiers;
      im->rel_has_created = pending->rel_has_created;
      im->rel_at = pending->rel_at;
      if (!write_relationship (im))
        break;
    }
  /* A relationship refused: the exchanges of those before it come
   * earlier in the file, so a mistake among them (a total too large, a
   * row the writer refused) is the one told, as when each relationship
   * handed over its exchanges before the next was written. */
  if (n_written < waiting->len)
    later = g_steal_pointer (&im->error);
  for (guint k = 0; ok && k < n_written; k++)
    {
      PendingRelationship *pending = waiting->pdata[k];

      for (guint i = 0; ok && i < pending->held->len; i++)
        {
          HeldExchange *held = &g_array_index (pending->held, HeldExchange, i);
          g_autoptr(GError) error = NULL;
          guint64 failed = 0;

          held->exchange.relationship_id = pending->rel->id;
          if (!mutual_ledger_bulk_add_exchange (im->bulk, &held->exchange, held->tag, &failed, &error))
            {
              fail_at_tag (im, failed, error);
              ok = FALSE;
            }
        }
      if (ok && pending->ended)
        {
          g_autoptr(GError) error = NULL;

          if (!mutual_ledger_bulk_end_relationship (im->bulk, pending->rel->id, &error))
            {
              import_fail_error (im, NULL, error);
              ok = FALSE;
            }
        }
    }

  if (later != NULL)
    {
      if (ok && flush_new_exchanges (im))
        im->error = g_steal_pointer (&later);
      ok = FALSE;
    }

  im->rel = rel;
  im->identifiers = identifiers;
  im->rel_has_created = has_created;
  im->rel_at = at;
  im->rel_written = written;
  if (current)
    current->rel = NULL;   /* @rel again */
  return ok;
}

/* At a relationship's first exchange: it is written now, or waits while
 * its exchanges are read (only where no exchange needs the ledger: its
 * exchange ids are kept in memory). */
static gboolean
begin_exchanges (Import *im)
{
  PendingRelationship *pending;

  if (im->exchange_ids == NULL || im->look_up_exchanges)
    return complete_pending (im) && write_relationship (im);

  im->rel_written = TRUE;
  pending = g_new0 (PendingRelationship, 1);
  pending->rel = im->rel;
  pending->identifiers = im->identifiers;
  pending->rel_has_created = im->rel_has_created;
  pending->rel_at = im->rel_at;
  pending->held = g_array_new (FALSE, TRUE, sizeof (HeldExchange));
  g_array_set_clear_func (pending->held, held_exchange_clear);
  im->identifiers = g_array_new (FALSE, TRUE, sizeof (PendingIdentifier));
  g_array_set_clear_func (im->identifiers, pending_identifier_clear);
  g_ptr_array_add (im->waiting, pending);
  return TRUE;
}

/* The set of ids reached its bound: the ledger gives the exchanges so
 * far their keys (the set showed them distinct) and every later id is
 * looked up there. */
static gboolean
stop_keeping_ids (Import *im)
{
  g_autoptr(GError) error = NULL;

  if (!complete_pending (im))
    return FALSE;
  g_clear_pointer (&im->exchange_ids, mutual_id_set_free);
  if (!flush_new_exchanges (im))
    return FALSE;
  if (!mutual_ledger_bulk_index_ids (im->bulk, &error))
    {
      import_fail_error (im, &im->exchange_at, error);
      return FALSE;
    }
  im->look_up_exchanges = TRUE;
  return TRUE;
}

/* An id appears once in a file, across relationships and exchanges:
 * a relationship's may not be an exchange's of the file so far. */
static gboolean
claim_relationship_id (Import       *im,
                       const char   *uuid,
                       const guint8  bytes[16])
{
  gboolean used;

  if (im->exchange_ids)
    /* Every exchange id of the file so far is in the set; the
     * relationship's then stands for a later exchange's too. */
    used = !mutual_id_set_add (im->exchange_ids, bytes);
  else
    {
      g_autoptr(GError) error = NULL;
      gint64 id;

      if (!flush_new_exchanges (im))
        return FALSE;
      id = mutual_ledger_bulk_exchange_id (im->bulk, uuid, &error);
      if (id < 0)
        {
          import_fail_error (im, NULL, error);
          return FALSE;
        }
      used = id != 0 && (id >= im->first_new_exchange || exchange_seen (im, id));
    }
  if (used)
    {
      import_fail (im, NULL, MUTUAL_ERROR_DATA,
                   _("The id “%s” is used by a relationship and by an exchange; an id appears once in a file."),
                   uuid);
      return FALSE;
    }
  g_hash_table_add (im->relationship_uuids, g_strdup (uuid));
  return TRUE;
}

static gboolean
write_exchange (Import *im)
{
  g_autoptr(GError) error = NULL;
  MutualExchange *exchange = &im->exchange;
  PendingRelationship *current;
  g_autofree char *problem = NULL;

  exchange->relationship_id = im->rel->id;
  g_clear_pointer (&exchange->note, g_free);
  if (im->text->len > 0)
    exchange->note = g_strndup (im->text->str, im->text->len);

  problem = mutual_exchange_check (exchange);
  if (problem)
    {
      import_fail (im, &im->exchange_at, MUTUAL_ERROR_DATA, "%s", problem);
      return FALSE;
    }

  /* While the set keeps the file's ids, the relationships' are in it
   * too (claim_relationship_id): a repeat found there is told apart by
   * the table of relationship ids only then. */
  if (exchange->uuid && (im->exchange_ids ? !mutual_id_set_add (im->exchange_ids, im->exchange_id)
                                          : g_hash_table_contains (im->relationship_uuids, exchange->uuid)))
    {
      if (g_hash_table_contains (im->relationship_uuids, exchange->uuid))
        import_fail (im, &im->exchange_at, MUTUAL_ERROR_DATA,
                     _("The id “%s” is used by a relationship and by an exchange; an id appears once in a file."),
                     exchange->uuid);
      else
        import_fail (im, &im->exchange_at, MUTUAL_ERROR_DATA,
                     _("The exchange id “%s” appears more than once in the file."),
                     exchange->uuid);
      return FALSE;
    }

  /* In a ledger that had no exchange, an id can only be found if the
   * file repeats it: the set above or the insert's refusal says so, at
   * no lookup cost. */
  if (exchange->uuid && im->look_up_exchanges)
    {
      gboolean same;
      gint64 id = mutual_ledger_bulk_find_exchange (im->bulk, exchange, &same, &error);

      if (id < 0)
        {
          import_fail_error (im, &im->exchange_at, error);
          return FALSE;
        }
      if (id > 0)
        {
          if (id >= im->first_new_exchange || exchange_seen (im, id))
            {
              import_fail (im, &im->exchange_at, MUTUAL_ERROR_DATA,
                           _("The exchange id “%s” appears more than once in the file."),
                           exchange->uuid);
              return FALSE;
            }
          mark_exchange_seen (im, id);

          if (same)
            {
              im->counts.exchanges_unchanged++;
              return TRUE;
            }
          exchange->id = id;
          if (!mutual_ledger_update_exchange (im->ledger, exchange, &error))
            {
              import_fail_error (im, &im->exchange_at, error);
              return FALSE;
            }
          im->counts.exchanges_updated++;
          return TRUE;
        }
    }

  if ((current = waiting_current (im)) != NULL)
    {
      HeldExchange held = { *exchange, location_tag (&im->exchange_at) };

      /* The held copy owns the id and the note now. */
      exchange->uuid = NULL;
      exchange->note = NULL;
      g_array_append_val (current->held, held);
      if (++im->held >= HOLD_MAX && !complete_pending (im))
        return FALSE;
    }
  else
    {
      guint64 failed = 0;

      if (!mutual_ledger_bulk_add_exchange (im->bulk, exchange, location_tag (&im->exchange_at),
                                            &failed, &error))
        {
          fail_at_tag (im, failed, error);
          return FALSE;
        }
    }
  im->counts.exchanges_added++;

  if (im->exchange_ids && mutual_id_set_count (im->exchange_ids) >= id_set_max_ids
      && !stop_keeping_ids (im))
    return FALSE;

  if ((im->counts.exchanges_added & 0xfff) == 0
      && g_cancellable_is_cancelled (im->cancellable))
    {
      import_fail_in (im, NULL, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                      _("The import was cancelled; the ledger was left as it was."));
      return FALSE;
    }
  return TRUE;
}

static void
start_root (Import         *im,
            int             n_attributes,
            const xmlChar **attributes)
{
  Attribute wanted[] = {
    { "version", TRUE },
    { "currency", TRUE },
  };
  const char *ledger_currency = mutual_ledger_get_currency (im->ledger);

  if (!read_attributes (im, "mutual", n_attributes, attributes, wanted, G_N_ELEMENTS (wanted)))
    return;

  if (strcmp (wanted[0].value, MUTUAL_INTERCHANGE_VERSION) != 0)
    {
      import_fail (im, NULL, MUTUAL_ERROR_DATA,
                   _("The file has format version “%s”; this Mutual reads version %s."),
                   wanted[0].value, MUTUAL_INTERCHANGE_VERSION);
      return;
    }
  if (strlen (wanted[1].value) != 3 || !mutual_currency_is_known (wanted[1].value))
    {
      import_fail (im, NULL, MUTUAL_ERROR_DATA,
                   _("The currency “%s” is not an ISO 4217 code Mutual knows."),
                   wanted[1].value);
      return;
    }
  memcpy (im->currency, wanted[1].value, 4);
  im->digits = mutual_currency_digits (im->currency);

  if (strcmp (im->currency, ledger_currency) != 0)
    {
      g_autoptr(GError) error = NULL;

      if (!im->ledger_was_empty)
        {
          import_fail (im, NULL, MUTUAL_ERROR_DATA,
                       _("The file is in %s but the ledger is in %s; Mutual does not convert between currencies."),
                       im->currency, ledger_currency);
          return;
        }
      /* An empty ledger takes the file's currency; the import's rollback
       * takes it back. */
      if (!(im->flags & MUTUAL_IMPORT_DRY_RUN)
          && !mutual_ledger_set_currency (im->ledger, im->currency, &error))
        {
          import_fail_error (im, NULL, error);
          return;
        }
    }

  im->place = IN_ROOT;
}

static gboolean
parse_created (const char *text,
               gint64     *out)
{
  static const char pattern[] = "dddd-dd-ddTdd:dd:ddZ";
  g_autoptr(GDateTime) dt = NULL;
  int year;

  /* Strictly the form export writes: UTC, whole seconds. */
  if (strlen (text) != sizeof pattern - 1)
    return FALSE;
  for (gsize i = 0; i < sizeof pattern - 1; i++)
    if (pattern[i] == 'd' ? !g_ascii_isdigit (text[i]) : text[i] != pattern[i])
      return FALSE;
  year = atoi (text);
  if (year < 1900)
    return FALSE;
  dt = g_date_time_new_from_iso8601 (text, NULL);
  if (dt == NULL)
    return FALSE;
  *out = g_date_time_to_unix (dt);
  return TRUE;
}

static void
start_relationship (Import         *im,
                    int             n_attributes,
                    const xmlChar **attributes)
{
  Attribute wanted[] = {
    { "id", FALSE },
    { "name", TRUE },
    { "role", FALSE },
    { "created", FALSE },
    { "archived", FALSE },
  };
  g_autoptr(MutualRelationship) rel = mutual_relationship_new ();
  guint8 bytes[16];
  char lower[37];

  location_now (im, &im->rel_at);
  if (!read_attributes (im, "relationship", n_attributes, attributes, wanted, G_N_ELEMENTS (wanted)))
    return;

  if (wanted[0].present)
    {
      if (!check_uuid (im, wanted[0].value, lower, bytes)
          || !claim_relationship_id (im, lower, bytes))
        return;
      rel->uuid = g_strdup (lower);
    }
  rel->name = g_strdup (wanted[1].value);
  if (wanted[2].present && !mutual_role_from_string (wanted[2].value, &rel->role))
    {
      import_fail (im, NULL, MUTUAL_ERROR_DATA,
                   _("The role “%s” is not one of client, prospect, partner, supplier, advisor, colleague, friend, other."),
                   wanted[2].value);
      return;
    }
  im->rel_has_created = wanted[3].present;
  if (wanted[3].present && !parse_created (wanted[3].value, &rel->created))
    {
      import_fail (im, NULL, MUTUAL_ERROR_DATA,
                   _("The creation time “%s” is not a UTC time such as 2025-01-03T09:00:00Z."),
                   wanted[3].value);
      return;
    }
  if (wanted[4].present)
    {
      if (strcmp (wanted[4].value, "true") == 0)
        rel->archived = TRUE;
      else if (strcmp (wanted[4].value, "false") != 0)
        {
          import_fail (im, NULL, MUTUAL_ERROR_DATA,
                       _("The value “%s” of “archived” is neither true nor false."),
                       wanted[4].value);
          return;
        }
    }

  /* A relationship still waiting keeps its own. */
  if (waiting_current (im) != NULL)
    im->rel = NULL;
  g_clear_pointer (&im->rel, mutual_relationship_free);
  im->rel = g_steal_pointer (&rel);
  g_array_set_size (im->identifiers, 0);
  im->rel_written = FALSE;
  im->stage = STAGE_START;
  im->place = IN_RELATIONSHIP;
}

static void
start_override (Import         *im,
                int             n_attributes,
                const xmlChar **attributes)
{
  Attribute wanted[] = {
    { "class", TRUE },
  };

  if (!read_attributes (im, "override", n_attributes, attributes, wanted, G_N_ELEMENTS (wanted)))
    return;
  if (!mutual_class_from_string (wanted[0].value, &im->rel->override))
    {
      import_fail (im, NULL, MUTUAL_ERROR_DATA,
                   _("The override class “%s” is neither transactional nor partnership."),
                   wanted[0].value);
      return;
    }
  im->place = IN_OVERRIDE;
}

static void
start_identifier (Import         *im,
                  int             n_attributes,
                  const xmlChar **attributes)
{
  Attribute wanted[] = {
    { "type", TRUE },
  };

  location_now (im, &im->identifier_at);
  if (!read_attributes (im, "identifier", n_attributes, attributes, wanted, G_N_ELEMENTS (wanted)))
    return;
  if (!mutual_identifier_type_from_string (wanted[0].value, &im->identifier_type))
    {
      import_fail (im, NULL, MUTUAL_ERROR_DATA,
                   _("The identifier type “%s” is not one of email, iban, alias, number."),
                   wanted[0].value);
      return;
    }
  im->place = IN_IDENTIFIER;
}

static void
end_identifier (Import *im)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = g_strndup (im->text->str, im->text->len);
  PendingIdentifier pending = { im->identifier_type, NULL,
                                im->identifier_at.line, im->identifier_at.column };

  g_string_truncate (im->text, 0);
  pending.value = mutual_identifier_normalize (im->identifier_type, text, &error);
  if (pending.value == NULL)
    {
      import_fail_error (im, &im->identifier_at, error);
      return;
    }
  g_array_append_val (im->identifiers, pending);
  im->place = IN_RELATIONSHIP;
}

static void
start_exchange (Import         *im,
                int             n_attributes,
                const xmlChar **attributes)
{
  static const struct
  {
    const char *name;
    gboolean    required;
  } names[G_N_ELEMENTS (im->exchange_wanted)] = {
    { "id", FALSE },
    { "date", TRUE },
    { "direction", TRUE },
    { "kind", TRUE },
    { "value", TRUE },
    { "minutes", FALSE },
  };
  Attribute *wanted = im->exchange_wanted;
  MutualExchange *exchange = &im->exchange;
  g_autoptr(GError) error = NULL;
  char lower[37];

  for (gsize k = 0; k < G_N_ELEMENTS (names); k++)
    {
      wanted[k].name = names[k].name;
      wanted[k].required = names[k].required;
    }
  location_now (im, &im->exchange_at);
  if (!read_attributes (im, "exchange", n_attributes, attributes, wanted, G_N_ELEMENTS (names)))
    return;

  g_clear_pointer (&exchange->uuid, g_free);
  g_clear_pointer (&exchange->note, g_free);
  exchange->id = 0;
  exchange->minutes = -1;

  if (wanted[0].present)
    {
      if (!check_uuid (im, wanted[0].value, lower, im->exchange_id))
        return;
      exchange->uuid = g_strdup (lower);
      /* Added at its end tag: its slot is loaded meanwhile. */
      if (im->exchange_ids)
        mutual_id_set_prefetch (im->exchange_ids, im->exchange_id);
    }
  if (!mutual_date_parse (wanted[1].value, &exchange->date, &error)
      || !mutual_money_parse (wanted[4].value, im->digits, &exchange->value, &error))
    {
      import_fail_error (im, NULL, error);
      return;
    }
  if (!mutual_direction_from_string (wanted[2].value, &exchange->direction))
    {
      import_fail (im, NULL, MUTUAL_ERROR_DATA,
                   _("The direction “%s” is neither given nor received."),
                   wanted[2].value);
      return;
    }
  if (!mutual_kind_from_string (wanted[3].value, &exchange->kind))
    {
      import_fail (im, NULL, MUTUAL_ERROR_DATA,
                   _("The kind “%s” is not one of payment, work, discount, advice, referral, introduction, testimonial, feedback, support, gift, other."),
                   wanted[3].value);
      return;
    }
  if (wanted[5].present)
    {
      const char *p = wanted[5].value;
      guint64 minutes = 0;

      for (; g_ascii_isdigit (*p) && minutes <= (guint64) MUTUAL_VALUE_MAX; p++)
        minutes = minutes * 10 + (guint64) (*p - '0');
      if (*p != '\0' || p == wanted[5].value || minutes > (guint64) MUTUAL_VALUE_MAX)
        {
          import_fail (im, NULL, MUTUAL_ERROR_DATA,
                       _("The minutes “%s” are not a whole number of minutes."),
                       wanted[5].value);
          return;
        }
      exchange->minutes = (gint64) minutes;
    }

  im->place = IN_EXCHANGE;
}

static const char *
place_element (Place place)
{
  switch (place)
    {
    case IN_ROOT: return "mutual";
    case IN_RELATIONSHIP: return "relationship";
    case IN_ORGANIZATION: return "organization";
    case IN_NOTES: return "notes";
    case IN_IDENTIFIER: return "identifier";
    case IN_OVERRIDE: return "override";
    case IN_EXCHANGE: return "exchange";
    case IN_NOTHING:
    case IN_DONE:
    default: return "";
    }
}

/* The order of <relationship>'s children: organization, notes, the
 * identifiers, override, then the exchanges; organization, notes and
 * override at most once. */
static gboolean
enter_stage (Import     *im,
             Stage       stage,
             const char *element)
{
  if (im->stage > stage
      || (im->stage == stage && stage != STAGE_EXCHANGES && stage != STAGE_IDENTIFIERS))
    {
      import_fail (im, NULL, MUTUAL_ERROR_DATA,
                   _("The element <%s> is out of place; a relationship holds <organization>, <notes>, its <identifier> elements, <override> and then its exchanges, in that order."),
                   element);
      return FALSE;
    }
  im->stage = stage;
  return TRUE;
}

static void
on_start_element (void           *data,
                  const xmlChar  *localname,
                  const xmlChar  *prefix,
                  const xmlChar  *uri,
                  int             n_namespaces,
                  const xmlChar **namespaces,
                  int             n_attributes,
                  int             n_defaulted,
                  const xmlChar **attributes)
{
  Import *im = data;
  const char *name = (const char *) localname;

  if (im->error)
    return;

  if (g_strcmp0 ((const char *) uri, XINCLUDE_NAMESPACE) == 0
      || g_strcmp0 ((const char *) uri, XINCLUDE_NAMESPACE_OLD) == 0)
    {
      import_fail (im, NULL, MUTUAL_ERROR_DATA,
                   _("The file uses XInclude, which Mutual refuses."));
      return;
    }
  if (g_strcmp0 ((const char *) uri, MUTUAL_INTERCHANGE_NAMESPACE) != 0)
    {
      if (im->place == IN_NOTHING)
        import_fail (im, NULL, MUTUAL_ERROR_DATA,
                     _("The file is not a Mutual interchange file: its root element is not <mutual> in the namespace %s."),
                     MUTUAL_INTERCHANGE_NAMESPACE);
      else
        import_fail (im, NULL, MUTUAL_ERROR_DATA,
                     _("The element <%s> is not part of the Mutual format."), name);
      return;
    }

  switch (im->place)
    {
    case IN_NOTHING:
      if (strcmp (name, "mutual") != 0)
        {
          import_fail (im, NULL, MUTUAL_ERROR_DATA,
                       _("The file is not a Mutual interchange file: its root element is <%s>, not <mutual>."),
                       name);
          return;
        }
      im->seen_root = TRUE;
      start_root (im, n_attributes, attributes);
      return;

    case IN_ROOT:
      if (strcmp (name, "relationship") != 0)
        break;
      start_relationship (im, n_attributes, attributes);
      return;

    case IN_RELATIONSHIP:
      g_string_truncate (im->text, 0);
      if (strcmp (name, "organization") == 0)
        {
          if (enter_stage (im, STAGE_ORGANIZATION, name)
              && read_attributes (im, name, n_attributes, attributes, NULL, 0))
            im->place = IN_ORGANIZATION;
          return;
        }
      if (strcmp (name, "notes") == 0)
        {
          if (enter_stage (im, STAGE_NOTES, name)
              && read_attributes (im, name, n_attributes, attributes, NULL, 0))
            im->place = IN_NOTES;
          return;
        }
      if (strcmp (name, "identifier") == 0)
        {
          if (enter_stage (im, STAGE_IDENTIFIERS, name))
            start_identifier (im, n_attributes, attributes);
          return;
        }
      if (strcmp (name, "override") == 0)
        {
          if (enter_stage (im, STAGE_OVERRIDE, name))
            start_override (im, n_attributes, attributes);
          return;
        }
      if (strcmp (name, "exchange") == 0)
        {
          if (!enter_stage (im, STAGE_EXCHANGES, name))
            return;
          if (!im->rel_written && !begin_exchanges (im))
            return;
          start_exchange (im, n_attributes, attributes);
          return;
        }
      break;

    case IN_ORGANIZATION:
    case IN_NOTES:
    case IN_IDENTIFIER:
    case IN_OVERRIDE:
    case IN_EXCHANGE:
    case IN_DONE:
    default:
      break;
    }

  if (im->place == IN_DONE)
    import_fail (im, NULL, MUTUAL_ERROR_DATA,
                 _("The element <%s> comes after the end of <mutual>."), name);
  else
    import_fail (im, NULL, MUTUAL_ERROR_DATA,
                 _("The element <%s> cannot appear inside <%s>."),
                 name, place_element (im->place));
}

static char *
take_text (Import *im)
{
  char *text = im->text->len > 0 ? g_strndup (im->text->str, im->text->len) : NULL;

  g_string_truncate (im->text, 0);
  return text;
}

static void
on_end_element (void          *data,
                const xmlChar *localname,
                const xmlChar *prefix,
                const xmlChar *uri)
{
  Import *im = data;

  if (im->error)
    return;

  switch (im->place)
    {
    case IN_ROOT:
      complete_pending (im);
      im->place = IN_DONE;
      break;

    case IN_RELATIONSHIP:
      /* One without exchanges is written now, after the one waiting. */
      if (!im->rel_written && complete_pending (im))
        write_relationship (im);
      if (im->error == NULL && waiting_current (im) != NULL)
        waiting_current (im)->ended = TRUE;
      else if (im->error == NULL)
        {
          g_autoptr(GError) error = NULL;

          if (!mutual_ledger_bulk_end_relationship (im->bulk, im->rel->id, &error))
            import_fail_error (im, NULL, error);
        }
      im->place = IN_ROOT;
      break;

    case IN_ORGANIZATION:
      g_free (im->rel->organization);
      im->rel->organization = take_text (im);
      im->place = IN_RELATIONSHIP;
      break;

    case IN_NOTES:
      g_free (im->rel->notes);
      im->rel->notes = take_text (im);
      im->place = IN_RELATIONSHIP;
      break;

    case IN_IDENTIFIER:
      end_identifier (im);
      break;

    case IN_OVERRIDE:
      g_free (im->rel->override_reason);
      im->rel->override_reason = take_text (im);
      im->place = IN_RELATIONSHIP;
      break;

    case IN_EXCHANGE:
      write_exchange (im);
      g_string_truncate (im->text, 0);
      im->place = IN_RELATIONSHIP;
      break;

    case IN_NOTHING:
    case IN_DONE:
    default:
      break;
    }
}

static void
on_characters (void          *data,
               const xmlChar *text,
               int            length)
{
  Import *im = data;

  if (im->error)
    return;

  switch (im->place)
    {
    case IN_ORGANIZATION:
    case IN_NOTES:
    case IN_IDENTIFIER:
    case IN_OVERRIDE:
    case IN_EXCHANGE:
      if (im->text->len + (gsize) length > MAX_TEXT_BYTES)
        {
          import_fail (im, NULL, MUTUAL_ERROR_DATA,
                       _("The text of <%s> is longer than %d characters."),
                       place_element (im->place), MUTUAL_NOTE_MAX_CHARS);
          return;
        }
      g_string_append_len (im->text, (const char *) text, length);
      return;

    case IN_NOTHING:
    case IN_ROOT:
    case IN_RELATIONSHIP:
    case IN_DONE:
    default:
      for (int i = 0; i < length; i++)
        if (!g_ascii_isspace (text[i]))
          {
            import_fail (im, NULL, MUTUAL_ERROR_DATA,
                         _("There is text where only elements belong, inside <%s>."),
                         im->place == IN_RELATIONSHIP ? "relationship" : "mutual");
            return;
          }
      return;
    }
}

static void
on_doctype (void          *data,
            const xmlChar *name,
            const xmlChar *external_id,
            const xmlChar *system_id)
{
  Import *im = data;

  import_fail (im, NULL, MUTUAL_ERROR_DATA,
               _("The file has a document type declaration (DOCTYPE), which Mutual refuses for safety."));
}

static void
on_entity_declared (void          *data,
                    const xmlChar *name,
                    int            type,
                    const xmlChar *public_id,
                    const xmlChar *system_id,
                    xmlChar       *content)
{
  Import *im = data;

  import_fail (im, NULL, MUTUAL_ERROR_DATA,
               _("The file declares an entity, which Mutual refuses for safety."));
}

/* The common mistakes in words, rather than libxml2's. */
static const char *
plain_xml_error (int code)
{
  switch (code)
    {
    case XML_ERR_DOCUMENT_EMPTY:
      return _("it has no element at all");
    case XML_ERR_TAG_NAME_MISMATCH:
      return _("an element is closed by another element’s end tag");
    case XML_ERR_TAG_NOT_FINISHED:
    case XML_ERR_DOCUMENT_END:
      /* The push parser reports either for either. */
      return _("it ends inside an element, or goes on after its <mutual> element");
    case XML_ERR_LT_IN_ATTRIBUTE:
      return _("an attribute’s value holds a “<”");
    case XML_ERR_ATTRIBUTE_REDEFINED:
      return _("an element has the same attribute twice");
    case XML_ERR_ATTRIBUTE_NOT_STARTED:
    case XML_ERR_ATTRIBUTE_WITHOUT_VALUE:
    case XML_ERR_STRING_NOT_STARTED:
    case XML_ERR_STRING_NOT_CLOSED:
      return _("an attribute has no value in quotes");
    case XML_ERR_GT_REQUIRED:
    case XML_ERR_LTSLASH_REQUIRED:
      return _("a tag is not closed by “>”");
    case XML_ERR_NAME_REQUIRED:
      return _("a “<” starts no element");
    default:
      return NULL;
    }
}

static void
on_parser_error (void        *data,
                 xmlErrorPtr  xml_error)
{
  Import *im = data;
  g_autofree char *detail = NULL;
  Location at;

  if (im->error || xml_error->level < XML_ERR_ERROR)
    return;

  detail = g_strdup (xml_error->message ? xml_error->message : "");
  /* libxml2's messages may run over lines; ours are one sentence. */
  g_strdelimit (detail, "\r\n\t", ' ');
  g_strstrip (detail);
  at.line = xml_error->line;
  at.column = xml_error->int2;

  switch (xml_error->code)
    {
    case XML_ERR_INVALID_CHAR:
    case XML_ERR_INVALID_ENCODING:
    case XML_ERR_UNKNOWN_ENCODING:
    case XML_ERR_UNSUPPORTED_ENCODING:
      import_fail (im, &at, MUTUAL_ERROR_DATA,
                   _("The file is not valid UTF-8 text."));
      break;
    case XML_ERR_UNDECLARED_ENTITY:
    case XML_WAR_UNDECLARED_ENTITY:
      import_fail (im, &at, MUTUAL_ERROR_DATA,
                   _("The file refers to an entity, which Mutual refuses (%s)."), detail);
      break;
    default:
      /* libxml2's own limits (10 MB of one name, attribute or text, 256
       * levels of nesting) have no codes of their own in every version. */
      if (strstr (detail, "Huge") || strstr (detail, "huge") || strstr (detail, "too long")
          || strstr (detail, "Excessive depth"))
        import_fail (im, &at, MUTUAL_ERROR_DATA,
                     _("The file holds an attribute, a text or a nesting far larger than any Mutual file has (%s)."),
                     detail);
      else if (plain_xml_error (xml_error->code))
        import_fail (im, &at, MUTUAL_ERROR_DATA,
                     _("The file is not well-formed XML: %s."), plain_xml_error (xml_error->code));
      else
        import_fail (im, &at, MUTUAL_ERROR_DATA,
                     _("The file is not well-formed XML (%s)."), detail);
      break;
    }
}

static gsize
bitmap_bytes (gint64 max_id)
{
  return (gsize) (max_id >> 3) + 1;
}

static void
import_clear (Import *im)
{
  if (waiting_current (im) != NULL)
    im->rel = NULL;
  g_clear_pointer (&im->waiting, g_ptr_array_unref);
  g_clear_pointer (&im->rel, mutual_relationship_free);
  g_clear_pointer (&im->identifiers, g_array_unref);
  g_clear_pointer (&im->exchange.uuid, g_free);
  g_clear_pointer (&im->exchange.note, g_free);
  g_clear_pointer (&im->relationships_seen, g_hash_table_unref);
  g_clear_pointer (&im->relationship_uuids, g_hash_table_unref);
  g_clear_pointer (&im->exchanges_seen, g_free);
  g_clear_pointer (&im->exchange_ids, mutual_id_set_free);
  if (im->text)
    g_string_free (im->text, TRUE);
  im->text = NULL;
  if (im->parser)
    xmlFreeParserCtxt (im->parser);
  im->parser = NULL;
}

static gboolean
feed (Import     *im,
      const char *chunk,
      int         length,
      gboolean    last)
{
  xmlParseChunk (im->parser, chunk, length, last ? 1 : 0);
  if (im->error)
    return FALSE;
  if (!im->parser->wellFormed)
    {
      /* An error the structured handler did not see. */
      Location at = { xmlSAX2GetLineNumber (im->parser), xmlSAX2GetColumnNumber (im->parser) };

      import_fail (im, &at, MUTUAL_ERROR_DATA, _("The file is not well-formed XML."));
      return FALSE;
    }
  return TRUE;
}

/* Follows @chunk through the markup; FALSE (the import failed) at a tag
 * longer than MAX_TAG. Linear in the file's size, and cheap: the
 * characters that change nothing are skipped in tight loops. */
static gboolean
scan_tags (Import     *im,
           const char *chunk,
           gsize       length)
{
  TagScan *scan = &im->scan;
  const char *p = chunk;
  const char *end = chunk + length;

#define AT(ptr) (scan->offset + (guint64) ((ptr) - chunk))
#define NEWLINE(ptr) G_STMT_START { scan->line++; scan->line_start = AT (ptr) + 1; } G_STMT_END

  while (p < end)
    {
      char c;

      switch (scan->state)
        {
        case SCAN_TEXT:
          while (p < end && *p != '<')
            {
              if (*p == '\n')
                NEWLINE (p);
              p++;
            }
          if (p == end)
            break;
          scan->state = SCAN_OPEN;
          scan->tag_start = AT (p);
          scan->start.line = scan->line;
          scan->start.column = (int) MIN (AT (p) - scan->line_start + 1, G_MAXINT);
          p++;
          break;
        case SCAN_OPEN:
          c = *p++;
          scan->state = c == '!' ? SCAN_BANG : c == '?' ? SCAN_PI : SCAN_TAG;
          scan->run = 0;
          if (c == '\n')
            NEWLINE (p - 1);
          break;
        case SCAN_BANG:
          /* "<!-" starts a comment, "<![" a CDATA section. */
          c = *p++;
          scan->state = c == '-' ? SCAN_COMMENT : c == '[' ? SCAN_CDATA : SCAN_TAG;
          scan->run = 0;
          if (c == '\n')
            NEWLINE (p - 1);
          break;
        case SCAN_TAG:
          while (p < end && *p != '>' && *p != '"' && *p != '\'')
            {
              if (*p == '\n')
                NEWLINE (p);
              p++;
            }
          if (p == end)
            break;
          c = *p++;
          if (c == '>')
            {
              scan->state = SCAN_TEXT;
              if (AT (p) - scan->tag_start > MAX_TAG)
                goto too_long;
            }
          else
            {
              scan->state = SCAN_QUOTED;
              scan->quote = c;
            }
          break;
        case SCAN_QUOTED:
          while (p < end && *p != scan->quote)
            {
              if (*p == '\n')
                NEWLINE (p);
              p++;
            }
          if (p == end)
            break;
          p++;
          scan->state = SCAN_TAG;
          break;
        case SCAN_COMMENT:
        case SCAN_CDATA:
        case SCAN_PI:
          c = *p++;
          if (c == '\n')
            NEWLINE (p - 1);
          if (c == '>' && scan->run >= (scan->state == SCAN_PI ? 1 : 2))
            scan->state = SCAN_TEXT;
          else if (c == (scan->state == SCAN_COMMENT ? '-' : scan->state == SCAN_CDATA ? ']' : '?'))
            scan->run++;
          else
            scan->run = 0;
          break;
        }

      /* Inside a tag (comments, CDATA and PIs are not tags) too long? */
      if ((scan->state == SCAN_OPEN || scan->state == SCAN_BANG
           || scan->state == SCAN_TAG || scan->state == SCAN_QUOTED)
          && AT (p) - scan->tag_start > MAX_TAG)
        goto too_long;
    }
  scan->offset += length;
  return TRUE;

too_long:
  import_fail (im, &scan->start, MUTUAL_ERROR_DATA,
               _("A tag is longer than 64 KiB; Mutual does not read such a file."));
  return FALSE;
#undef NEWLINE
#undef AT
}

static gboolean
parse_stream (Import              *im,
              GInputStream        *stream,
              guint64              size,
              MutualProgressFunc   progress,
              gpointer             progress_data,
              GCancellable        *cancellable,
              GError             **error)
{
  g_autofree char *buffer = g_malloc (READ_CHUNK);
  guint64 done = 0;
  gboolean first = TRUE;

  im->scan.state = SCAN_TEXT;
  im->scan.line = 1;

  for (;;)
    {
      g_autoptr(GError) read_error = NULL;
      gssize n = g_input_stream_read (stream, buffer, READ_CHUNK, cancellable, &read_error);

      if (n < 0)
        {
          if (g_error_matches (read_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            g_set_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                         _("The import was cancelled; the ledger was left as it was."));
          else
            g_set_error (error, MUTUAL_ERROR, MUTUAL_ERROR_DATA,
                         _("The file “%s” could not be read: %s."), im->name, read_error->message);
          return FALSE;
        }

      /* UTF-8 only: a UTF-16 or UTF-32 byte order mark, or the zero byte
       * that starts a BOM-less UTF-16 "<", is refused up front. */
      if (first && n > 0)
        {
          const guchar *b = (const guchar *) buffer;

          if (b[0] == 0xfe || b[0] == 0xff || b[0] == 0x00 || (n > 1 && b[1] == 0x00))
            {
              g_set_error (error, MUTUAL_ERROR, MUTUAL_ERROR_DATA,
                           _("In “%s” at line 1, column 1: The file is not UTF-8 text; Mutual reads UTF-8 only."),
                           im->name);
              return FALSE;
            }
        }
      first = FALSE;

      if (n == 0)
        break;
      done += (guint64) n;
      if (!scan_tags (im, buffer, (gsize) n) || !feed (im, buffer, (int) n, FALSE))
        break;
      if (progress)
        progress (done, size, progress_data);
      if (g_cancellable_is_cancelled (cancellable))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                       _("The import was cancelled; the ledger was left as it was."));
          return FALSE;
        }
    }

  if (im->error == NULL && done > 0)
    feed (im, NULL, 0, TRUE);
  if (im->error == NULL)
    complete_pending (im);
  else if (im->waiting->len > 0 && im->error->domain == MUTUAL_ERROR)
    {
      /* The relationships still waiting come before the mistake found
       * while their exchanges (or the next one's) were read: a problem
       * of their own is the first one in the file, and is told. */
      GError *later = g_steal_pointer (&im->error);

      complete_pending (im);
      if (im->error == NULL)
        im->error = later;
      else
        g_error_free (later);
    }
  if (im->error == NULL)
    flush_new_exchanges (im);
  if (im->error == NULL && !im->seen_root)
    {
      Location at = { 1, 1 };

      import_fail (im, &at, MUTUAL_ERROR_DATA,
                   done == 0 ? _("The file is empty; it is not a Mutual interchange file.")
                             : _("The file has no <mutual> element; it is not a Mutual interchange file."));
    }
  if (im->error)
    {
      g_propagate_error (error, g_steal_pointer (&im->error));
      return FALSE;
    }
  return TRUE;
}

gboolean
mutual_import_stream (MutualLedger        *ledger,
                      GInputStream        *stream,
                      const char          *display_name,
                      guint64              size,
                      MutualImportFlags    flags,
                      MutualImportCounts  *counts,
                      MutualProgressFunc   progress,
                      gpointer             progress_data,
                      GCancellable        *cancellable,
                      GError             **error)
{
  xmlSAXHandler sax;
  Import im = { 0 };
  g_autofree char *old_currency = NULL;
  gboolean changed;
  gboolean ok;

  g_return_val_if_fail (MUTUAL_IS_LEDGER (ledger), FALSE);
  g_return_val_if_fail (G_IS_INPUT_STREAM (stream), FALSE);

  xmlInitParser ();

  memset (&sax, 0, sizeof sax);
  sax.initialized = XML_SAX2_MAGIC;
  sax.startElementNs = on_start_element;
  sax.endElementNs = on_end_element;
  sax.characters = on_characters;
  sax.ignorableWhitespace = on_characters;
  sax.cdataBlock = on_characters;
  sax.internalSubset = on_doctype;
  sax.externalSubset = on_doctype;
  sax.entityDecl = on_entity_declared;
  sax.serror = on_parser_error;

  im.ledger = ledger;
  im.name = display_name ? display_name : "-";
  im.flags = flags;
  im.cancellable = cancellable;
  im.text = g_string_sized_new (256);
  im.identifiers = g_array_new (FALSE, TRUE, sizeof (PendingIdentifier));
  g_array_set_clear_func (im.identifiers, pending_identifier_clear);
  im.waiting = g_ptr_array_new_with_free_func ((GDestroyNotify) pending_free);
  im.exchange.minutes = -1;
  im.relationships_seen = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  im.relationship_uuids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  old_currency = g_strdup (mutual_ledger_get_currency (ledger));

  im.parser = xmlCreatePushParserCtxt (&sax, &im, NULL, 0, im.name);
  if (im.parser == NULL)
    {
      g_set_error (error, MUTUAL_ERROR, MUTUAL_ERROR_DATA,
                   _("The XML reader could not be started."));
      import_clear (&im);
      return FALSE;
    }
  /* No network, no DTD, no entity substitution, no XInclude; an encoding
   * declaration cannot switch away from UTF-8. */
  xmlCtxtUseOptions (im.parser, XML_PARSE_NONET | XML_PARSE_BIG_LINES | XML_PARSE_IGNORE_ENC);

  /* About 130 bytes make an exchange in an exported file; a small file
   * is not worth the ledger's bulk preparations. A dry run has the
   * ledger make them too: its rollback undoes them. */
  im.bulk = mutual_ledger_bulk_begin (ledger, size > 4 * 1024 * 1024 ? size / 130 : 0, error);
  if (im.bulk == NULL)
    {
      import_clear (&im);
      return FALSE;
    }

  im.ledger_was_empty = mutual_ledger_is_empty (ledger);
  im.first_new_relationship = mutual_ledger_bulk_first_new_relationship (im.bulk);
  im.first_new_exchange = mutual_ledger_bulk_first_new_exchange (im.bulk);
  im.exchanges_seen = g_malloc0 (bitmap_bytes (im.first_new_exchange));
  im.look_up_exchanges = im.first_new_exchange > 1;
  /* The ledger suspended the keys of exchange ids: repeated ids are
   * found in memory until there are too many of them. */
  if (mutual_ledger_bulk_ids_suspended (im.bulk))
    im.exchange_ids = mutual_id_set_new (MIN (size / 130, id_set_max_ids));

  ok = parse_stream (&im, stream, size, progress, progress_data, cancellable, error);
  g_clear_pointer (&im.exchange_ids, mutual_id_set_free);

  /* A file that changed nothing (a second import of it, say) commits
   * nothing either. */
  changed = im.counts.relationships_added + im.counts.relationships_updated
            + im.counts.exchanges_added + im.counts.exchanges_updated > 0
            || g_strcmp0 (old_currency, mutual_ledger_get_currency (ledger)) != 0;
  if (!ok || (flags & MUTUAL_IMPORT_DRY_RUN))
    mutual_ledger_bulk_abort (im.bulk);
  else
    ok = mutual_ledger_bulk_finish (im.bulk, changed, error);
  im.bulk = NULL;

  /* The rollback took the currency back in the file; take it back in
   * memory too. */
  if (!ok && g_strcmp0 (old_currency, mutual_ledger_get_currency (ledger)) != 0)
    mutual_ledger_set_currency (ledger, old_currency, NULL);

  if (ok && counts)
    *counts = im.counts;
  import_clear (&im);
  return ok;
}

gboolean
mutual_import_file (MutualLedger        *ledger,
                    GFile               *file,
                    MutualImportFlags    flags,
                    MutualImportCounts  *counts,
                    MutualProgressFunc   progress,
                    gpointer             progress_data,
                    GCancellable        *cancellable,
                    GError             **error)
{
  g_autoptr(GError) local = NULL;
  g_autoptr(GFileInputStream) stream = NULL;
  g_autoptr(GFileInfo) info = NULL;
  g_autofree char *name = g_file_get_parse_name (file);
  guint64 size = 0;

  stream = g_file_read (file, cancellable, &local);
  if (stream == NULL)
    {
      g_autofree char *path = g_file_get_path (file);
      const char *reason = local->message;
      int fd;

      /* GIO's message repeats the path; the system's reason does not. */
      if (path && (fd = g_open (path, O_RDONLY | O_CLOEXEC, 0)) < 0)
        reason = g_strerror (errno);
      else if (path)
        close (fd);
      g_set_error (error, MUTUAL_ERROR, MUTUAL_ERROR_DATA,
                   _("The file “%s” cannot be opened: %s."), name, reason);
      return FALSE;
    }
  info = g_file_input_stream_query_info (stream, G_FILE_ATTRIBUTE_STANDARD_SIZE,
                                         cancellable, NULL);
  if (info)
    size = (guint64) g_file_info_get_size (info);

  /* Its mistakes name it as every importer does, by its base name. */
  {
    g_autofree char *base = g_file_get_basename (file);

    return mutual_import_stream (ledger, G_INPUT_STREAM (stream), base ? base : name, size, flags,
                                 counts, progress, progress_data, cancellable, error);
  }
}

void
mutual_import_set_id_memory_limit (guint64 max_ids)
{
  id_set_max_ids = max_ids > 0 ? max_ids : ID_SET_MAX_IDS;
}

char *
mutual_import_counts_to_string (const MutualImportCounts *counts)
{
  g_autofree char *ra = g_strdup_printf ("%" G_GUINT64_FORMAT, counts->relationships_added);
  g_autofree char *ru = g_strdup_printf ("%" G_GUINT64_FORMAT, counts->relationships_updated);
  g_autofree char *rn = g_strdup_printf ("%" G_GUINT64_FORMAT, counts->relationships_unchanged);
  g_autofree char *ea = g_strdup_printf ("%" G_GUINT64_FORMAT, counts->exchanges_added);
  g_autofree char *eu = g_strdup_printf ("%" G_GUINT64_FORMAT, counts->exchanges_updated);
  g_autofree char *en = g_strdup_printf ("%" G_GUINT64_FORMAT, counts->exchanges_unchanged);

  return g_strdup_printf (_("Relationships: %s added, %s updated, %s unchanged; exchanges: %s added, %s updated, %s unchanged."),
                          ra, ru, rn, ea, eu, en);
}

