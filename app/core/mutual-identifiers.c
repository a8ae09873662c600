/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mutual-identifiers"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "mutual-error.h"
#include "mutual-identifiers.h"

/* An e-mail address may be longer than a name (RFC 5321 allows 254);
 * aliases and numbers are names of a kind. */
#define EMAIL_MAX_CHARS 254
#define IBAN_MIN_CHARS 15
#define IBAN_MAX_CHARS 34

static const char * const type_names[MUTUAL_N_IDENTIFIERS] = {
  "email", "iban", "alias", "number",
};

const char *
mutual_identifier_type_to_string (MutualIdentifierType type)
{
  g_return_val_if_fail (type < MUTUAL_N_IDENTIFIERS, "alias");
  return type_names[type];
}

gboolean
mutual_identifier_type_from_string (const char           *text,
                                    MutualIdentifierType *out)
{
  if (text == NULL)
    return FALSE;
  for (int i = 0; i < MUTUAL_N_IDENTIFIERS; i++)
    if (strcmp (text, type_names[i]) == 0)
      {
        *out = (MutualIdentifierType) i;
        return TRUE;
      }
  return FALSE;
}

const char *
mutual_identifier_type_to_label (MutualIdentifierType type)
{
  switch (type)
    {
    case MUTUAL_IDENTIFIER_EMAIL:
      return _("E-mail");
    case MUTUAL_IDENTIFIER_IBAN:
      return _("IBAN");
    case MUTUAL_IDENTIFIER_ALIAS:
      return _("Alias");
    case MUTUAL_IDENTIFIER_NUMBER:
      return _("Customer number");
    case MUTUAL_N_IDENTIFIERS:
    default:
      g_return_val_if_reached (_("Alias"));
    }
}

MutualIdentifier *
mutual_identifier_new (MutualIdentifierType  type,
                       const char           *value)
{
  MutualIdentifier *identifier = g_new0 (MutualIdentifier, 1);

  identifier->type = type;
  identifier->value = g_strdup (value);
  return identifier;
}

void
mutual_identifier_free (MutualIdentifier *identifier)
{
  if (identifier == NULL)
    return;
  g_free (identifier->value);
  g_free (identifier);
}

/* ISO 13616 / ISO 7064 MOD 97-10: the first four characters moved to
 * the end, each letter read as two digits (A = 10 … Z = 35), and the
 * whole number is 1 modulo 97. Done digit by digit: it has up to 68. */
static gboolean
iban_checksum_ok (const char *iban)
{
  size_t length = strlen (iban);
  guint remainder = 0;

  for (size_t i = 0; i < length; i++)
    {
      char c = iban[(i + 4) % length];

      if (g_ascii_isdigit (c))
        remainder = (remainder * 10 + (guint) (c - '0')) % 97;
      else
        remainder = (remainder * 100 + (guint) (c - 'A' + 10)) % 97;
    }
  return remainder == 1;
}

static char *
normalize_iban (const char  *value,
                GError     **error)
{
  g_autoptr(GString) iban = g_string_new (NULL);

  for (const char *p = value; *p; p++)
    {
      if (*p == ' ')
        continue;
      if (!g_ascii_isalnum (*p))
        {
          g_set_error (error, MUTUAL_ERROR, MUTUAL_ERROR_DATA,
                       _("“%s” is not an IBAN: only letters, digits and spaces may be in one."),
                       value);
          return NULL;
        }
      g_string_append_c (iban, g_ascii_toupper (*p));
    }

  if (iban->len < 4
      || !g_ascii_isalpha (iban->str[0]) || !g_ascii_isalpha (iban->str[1])
      || !g_ascii_isdigit (iban->str[2]) || !g_ascii_isdigit (iban->str[3]))
    {
      g_set_error (error, MUTUAL_ERROR, MUTUAL_ERROR_DATA,
                   _("“%s” is not an IBAN: it must begin with a country code and two check digits."),
                   value);
      return NULL;
    }
  if (iban->len < IBAN_MIN_CHARS || iban->len > IBAN_MAX_CHARS)
    {
      g_set_error (error, MUTUAL_ERROR, MUTUAL_ERROR_DATA,
                   _("“%s” is not an IBAN: it has %u letters and digits where %d to %d are expected."),
                   value, (guint) iban->len, IBAN_MIN_CHARS, IBAN_MAX_CHARS);
      return NULL;
    }
  if (!iban_checksum_ok (iban->str))
    {
      g_set_error (error, MUTUAL_ERROR, MUTUAL_ERROR_DATA,
                   _("“%s” is not an IBAN: its check digits do not match (is a character mistyped?)."),
                   value);
      return NULL;
    }
  return g_string_free (g_steal_pointer (&iban), FALSE);
}

static char *
normalize_email (const char  *value,
                 GError     **error)
{
  const char *at = strchr (value, '@');

  if (at == NULL || at == value || at[1] == '\0' || strchr (at + 1, '@') != NULL)
    {
      g_set_error (error, MUTUAL_ERROR, MUTUAL_ERROR_DATA,
                   _("“%s” is not an e-mail address: it needs one “@” with text on both sides."),
                   value);
      return NULL;
    }
  for (const char *p = value; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c) || g_unichar_iscntrl (c))
        {
          g_set_error (error, MUTUAL_ERROR, MUTUAL_ERROR_DATA,
                       _("“%s” is not an e-mail address: it contains a space."),
                       value);
          return NULL;
        }
    }
  if (g_utf8_strlen (value, -1) > EMAIL_MAX_CHARS)
    {
      g_set_error (error, MUTUAL_ERROR, MUTUAL_ERROR_DATA,
                   _("The e-mail address is longer than %d characters."), EMAIL_MAX_CHARS);
      return NULL;
    }
  return g_utf8_strdown (value, -1);
}

static char *
normalize_text (MutualIdentifierType   type,
                const char            *value,
                GError               **error)
{
  glong length = g_utf8_strlen (value, -1);

  if (length > MUTUAL_NAME_MAX_CHARS)
    {
      if (type == MUTUAL_IDENTIFIER_ALIAS)
        g_set_error (error, MUTUAL_ERROR, MUTUAL_ERROR_DATA,
                     _("The alias is %ld characters long; at most %d are allowed."),
                     length, MUTUAL_NAME_MAX_CHARS);
      else
        g_set_error (error, MUTUAL_ERROR, MUTUAL_ERROR_DATA,
                     _("The customer number is %ld characters long; at most %d are allowed."),
                     length, MUTUAL_NAME_MAX_CHARS);
      return NULL;
    }
  return g_strdup (value);
}

char *
mutual_identifier_normalize (MutualIdentifierType   type,
                             const char            *value,
                             GError               **error)
{
  g_autofree char *trimmed = NULL;

  g_return_val_if_fail (type < MUTUAL_N_IDENTIFIERS, NULL);

  if (value == NULL || !g_utf8_validate (value, -1, NULL))
    {
      g_set_error (error, MUTUAL_ERROR, MUTUAL_ERROR_DATA,
                   _("The identifier is not valid text."));
      return NULL;
    }
  trimmed = g_strstrip (g_strdup (value));
  if (*trimmed == '\0')
    {
      switch (type)
        {
        case MUTUAL_IDENTIFIER_EMAIL:
          g_set_error (error, MUTUAL_ERROR, MUTUAL_ERROR_DATA, _("The e-mail address is empty."));
          break;
        case MUTUAL_IDENTIFIER_IBAN:
          g_set_error (error, MUTUAL_ERROR, MUTUAL_ERROR_DATA, _("The IBAN is empty."));
          break;
        case MUTUAL_IDENTIFIER_ALIAS:
          g_set_error (error, MUTUAL_ERROR, MUTUAL_ERROR_DATA, _("The alias is empty."));
          break;
        case MUTUAL_IDENTIFIER_NUMBER:
        case MUTUAL_N_IDENTIFIERS:
        default:
          g_set_error (error, MUTUAL_ERROR, MUTUAL_ERROR_DATA, _("The customer number is empty."));
          break;
        }
      return NULL;
    }

  /* Refused before any sentence quotes it: it could break the line. */
  if (mutual_text_has_control (trimmed, FALSE))
    {
      switch (type)
        {
        case MUTUAL_IDENTIFIER_EMAIL:
          g_set_error (error, MUTUAL_ERROR, MUTUAL_ERROR_DATA,
                       _("The e-mail address contains a line break or another control character."));
          break;
        case MUTUAL_IDENTIFIER_IBAN:
          g_set_error (error, MUTUAL_ERROR, MUTUAL_ERROR_DATA,
                       _("The IBAN contains a line break or another control character."));
          break;
        case MUTUAL_IDENTIFIER_ALIAS:
          g_set_error (error, MUTUAL_ERROR, MUTUAL_ERROR_DATA,
                       _("The alias contains a line break or another control character."));
          break;
        case MUTUAL_IDENTIFIER_NUMBER:
        case MUTUAL_N_IDENTIFIERS:
        default:
          g_set_error (error, MUTUAL_ERROR, MUTUAL_ERROR_DATA,
                       _("The customer number contains a line break or another control character."));
          break;
        }
      return NULL;
    }

  switch (type)
    {
    case MUTUAL_IDENTIFIER_EMAIL:
      return normalize_email (trimmed, error);
    case MUTUAL_IDENTIFIER_IBAN:
      return normalize_iban (trimmed, error);
    case MUTUAL_IDENTIFIER_ALIAS:
    case MUTUAL_IDENTIFIER_NUMBER:
    case MUTUAL_N_IDENTIFIERS:
    default:
      return normalize_text (type, trimmed, error);
    }
}

char *
mutual_identifier_key (MutualIdentifierType  type,
                       const char           *normalized)
{
  g_autofree char *nfc = NULL;

  if (type != MUTUAL_IDENTIFIER_ALIAS)
    return g_strdup (normalized);
  nfc = g_utf8_normalize (normalized, -1, G_NORMALIZE_NFC);
  return g_utf8_casefold (nfc ? nfc : normalized, -1);
}
