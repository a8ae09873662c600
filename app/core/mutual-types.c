/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mutual-types"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "mutual-money.h"
#include "mutual-types.h"

static const char * const role_names[MUTUAL_N_ROLES] = {
  "client", "prospect", "partner", "supplier",
  "advisor", "colleague", "friend", "other",
};

static const char * const kind_names[MUTUAL_N_KINDS] = {
  "payment", "work", "discount", "advice", "referral", "introduction",
  "testimonial", "feedback", "support", "gift", "other",
};

static const char * const interval_names[] = {
  "day", "week", "month", "quarter", "year",
};

static gboolean
lookup (const char         *text,
        const char * const *names,
        int                 n,
        int                *out)
{
  if (text == NULL)
    return FALSE;

  for (int i = 0; i < n; i++)
    if (strcmp (text, names[i]) == 0)
      {
        *out = i;
        return TRUE;
      }

  return FALSE;
}

const char *
mutual_role_to_string (MutualRole role)
{
  g_return_val_if_fail (role < MUTUAL_N_ROLES, "other");
  return role_names[role];
}

gboolean
mutual_role_from_string (const char *text,
                         MutualRole *out)
{
  int i;

  if (!lookup (text, role_names, MUTUAL_N_ROLES, &i))
    return FALSE;
  *out = (MutualRole) i;
  return TRUE;
}

const char *
mutual_role_to_label (MutualRole role)
{
  switch (role)
    {
    case MUTUAL_ROLE_CLIENT: return _("Client");
    case MUTUAL_ROLE_PROSPECT: return _("Prospect");
    case MUTUAL_ROLE_PARTNER: return _("Partner");
    case MUTUAL_ROLE_SUPPLIER: return _("Supplier");
    case MUTUAL_ROLE_ADVISOR: return _("Advisor");
    case MUTUAL_ROLE_COLLEAGUE: return _("Colleague");
    case MUTUAL_ROLE_FRIEND: return _("Friend");
    case MUTUAL_ROLE_OTHER:
    case MUTUAL_N_ROLES:
    default: return _("Other");
    }
}

const char *
mutual_direction_to_string (MutualDirection direction)
{
  return direction == MUTUAL_DIRECTION_RECEIVED ? "received" : "given";
}

gboolean
mutual_direction_from_string (const char      *text,
                              MutualDirection *out)
{
  if (g_strcmp0 (text, "given") == 0)
    *out = MUTUAL_DIRECTION_GIVEN;
  else if (g_strcmp0 (text, "received") == 0)
    *out = MUTUAL_DIRECTION_RECEIVED;
  else
    return FALSE;
  return TRUE;
}

const char *
mutual_kind_to_string (MutualKind kind)
{
  g_return_val_if_fail (kind < MUTUAL_N_KINDS, "other");
  return kind_names[kind];
}

gboolean
mutual_kind_from_string (const char *text,
                         MutualKind *out)
{
  int i;

  if (!lookup (text, kind_names, MUTUAL_N_KINDS, &i))
    return FALSE;
  *out = (MutualKind) i;
  return TRUE;
}

const char *
mutual_kind_to_label (MutualKind kind)
{
  switch (kind)
    {
    case MUTUAL_KIND_PAYMENT: return _("Payment");
    case MUTUAL_KIND_WORK: return _("Work");
    case MUTUAL_KIND_DISCOUNT: return _("Discount");
    case MUTUAL_KIND_ADVICE: return _("Advice");
    case MUTUAL_KIND_REFERRAL: return _("Referral");
    case MUTUAL_KIND_INTRODUCTION: return _("Introduction");
    case MUTUAL_KIND_TESTIMONIAL: return _("Testimonial");
    case MUTUAL_KIND_FEEDBACK: return _("Feedback");
    case MUTUAL_KIND_SUPPORT: return _("Support");
    case MUTUAL_KIND_GIFT: return _("Gift");
    case MUTUAL_KIND_OTHER:
    case MUTUAL_N_KINDS:
    default: return _("Other");
    }
}

gboolean
mutual_kind_is_relational (MutualKind kind)
{
  return kind >= MUTUAL_KIND_ADVICE && kind <= MUTUAL_KIND_GIFT;
}

gboolean
mutual_kind_is_commercial (MutualKind kind)
{
  return kind <= MUTUAL_KIND_DISCOUNT;
}

const char *
mutual_class_to_string (MutualClass klass)
{
  switch (klass)
    {
    case MUTUAL_CLASS_PARTNERSHIP: return "partnership";
    case MUTUAL_CLASS_TRANSACTIONAL: return "transactional";
    case MUTUAL_CLASS_NONE:
    default: return NULL;
    }
}

gboolean
mutual_class_from_string (const char  *text,
                          MutualClass *out)
{
  if (g_strcmp0 (text, "partnership") == 0)
    *out = MUTUAL_CLASS_PARTNERSHIP;
  else if (g_strcmp0 (text, "transactional") == 0)
    *out = MUTUAL_CLASS_TRANSACTIONAL;
  else
    return FALSE;
  return TRUE;
}

const char *
mutual_class_to_label (MutualClass klass)
{
  switch (klass)
    {
    case MUTUAL_CLASS_PARTNERSHIP: return _("Partnership");
    case MUTUAL_CLASS_TRANSACTIONAL: return _("Transactional");
    case MUTUAL_CLASS_NONE:
    default: return _("Automatic");
    }
}

const char *
mutual_interval_to_string (MutualInterval interval)
{
  g_return_val_if_fail (interval <= MUTUAL_INTERVAL_YEAR, "month");
  return interval_names[interval];
}

gboolean
mutual_interval_from_string (const char     *text,
                             MutualInterval *out)
{
  int i;

  if (!lookup (text, interval_names, G_N_ELEMENTS (interval_names), &i))
    return FALSE;
  *out = (MutualInterval) i;
  return TRUE;
}

MutualRelationship *
mutual_relationship_new (void)
{
  MutualRelationship *rel = g_new0 (MutualRelationship, 1);

  rel->role = MUTUAL_ROLE_CLIENT;
  rel->created = g_get_real_time () / G_USEC_PER_SEC;
  return rel;
}

MutualRelationship *
mutual_relationship_copy (const MutualRelationship *rel)
{
  MutualRelationship *copy = g_memdup2 (rel, sizeof *rel);

  copy->uuid = g_strdup (rel->uuid);
  copy->name = g_strdup (rel->name);
  copy->organization = g_strdup (rel->organization);
  copy->notes = g_strdup (rel->notes);
  copy->override_reason = g_strdup (rel->override_reason);
  return copy;
}

void
mutual_relationship_free (MutualRelationship *rel)
{
  if (rel == NULL)
    return;
  g_free (rel->uuid);
  g_free (rel->name);
  g_free (rel->organization);
  g_free (rel->notes);
  g_free (rel->override_reason);
  g_free (rel);
}

gboolean
mutual_text_has_control (const char *text,
                         gboolean    breaks_allowed)
{
  for (const char *p = text; *p; )
    {
      gunichar c = (guchar) *p;

      /* Every note of an import passes here: ASCII without decoding. */
      if (c < 0x80)
        p++;
      else
        {
          c = g_utf8_get_char (p);
          p = g_utf8_next_char (p);
        }
      /* C0, DEL and C1: XML cannot hold most of them, and none reads. */
      if ((c < 0x20 || (c >= 0x7f && c < 0xa0))
          && !(breaks_allowed && (c == '\t' || c == '\n' || c == '\r')))
        return TRUE;
    }
  return FALSE;
}

/* Whether @text has a character that shows: not only spaces and
 * invisible format characters such as U+200B ZERO WIDTH SPACE. */
static gboolean
has_visible (const char *text)
{
  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isgraph (c) && g_unichar_type (c) != G_UNICODE_FORMAT)
        return TRUE;
    }
  return FALSE;
}

char *
mutual_relationship_check (const MutualRelationship *rel)
{
  glong length;

  if (rel->name == NULL || !g_utf8_validate (rel->name, -1, NULL))
    return g_strdup (_("The name is not valid text."));

  length = g_utf8_strlen (rel->name, -1);
  if (length == 0 || rel->name[strspn (rel->name, " \t")] == '\0')
    return g_strdup (_("The name is empty; a relationship needs a name."));
  if (length > MUTUAL_NAME_MAX_CHARS)
    return g_strdup_printf (_("The name is %ld characters long; at most %d are allowed."),
                            length, MUTUAL_NAME_MAX_CHARS);
  if (mutual_text_has_control (rel->name, FALSE))
    return g_strdup (_("The name contains a line break or another control character."));
  if (!has_visible (rel->name))
    return g_strdup (_("The name has no visible character."));
  {
    g_autofree char *stripped = g_strstrip (g_strdup (rel->name));

    /* A name is looked up like an id: it must never be taken for one. */
    if (g_uuid_string_is_valid (stripped))
      return g_strdup (_("The name looks like an id (a UUID); choose another name."));
  }
  if (rel->role >= MUTUAL_N_ROLES)
    return g_strdup (_("The role is not one Mutual knows."));
  if (rel->organization && !g_utf8_validate (rel->organization, -1, NULL))
    return g_strdup (_("The organization is not valid text."));
  if (rel->organization && g_utf8_strlen (rel->organization, -1) > MUTUAL_NAME_MAX_CHARS)
    return g_strdup_printf (_("The organization is longer than %d characters."),
                            MUTUAL_NAME_MAX_CHARS);
  if (rel->organization && mutual_text_has_control (rel->organization, FALSE))
    return g_strdup (_("The organization contains a line break or another control character."));
  if (rel->notes && !g_utf8_validate (rel->notes, -1, NULL))
    return g_strdup (_("The notes are not valid text."));
  if (rel->notes && g_utf8_strlen (rel->notes, -1) > MUTUAL_NOTE_MAX_CHARS)
    return g_strdup_printf (_("The notes are longer than %d characters."),
                            MUTUAL_NOTE_MAX_CHARS);
  if (rel->notes && mutual_text_has_control (rel->notes, TRUE))
    return g_strdup (_("The notes contain a control character other than a tab or a line break."));
  if (rel->override_reason && !g_utf8_validate (rel->override_reason, -1, NULL))
    return g_strdup (_("The override reason is not valid text."));
  if (rel->override_reason && g_utf8_strlen (rel->override_reason, -1) > MUTUAL_NOTE_MAX_CHARS)
    return g_strdup_printf (_("The override reason is longer than %d characters."),
                            MUTUAL_NOTE_MAX_CHARS);
  if (rel->override_reason && mutual_text_has_control (rel->override_reason, TRUE))
    return g_strdup (_("The override reason contains a control character other than a tab or a line break."));
  if (rel->override != MUTUAL_CLASS_NONE
      && rel->override != MUTUAL_CLASS_TRANSACTIONAL
      && rel->override != MUTUAL_CLASS_PARTNERSHIP)
    return g_strdup (_("The override is neither transactional nor partnership."));

  return NULL;
}

MutualExchange *
mutual_exchange_new (void)
{
  MutualExchange *exchange = g_new0 (MutualExchange, 1);

  exchange->minutes = -1;
  exchange->kind = MUTUAL_KIND_OTHER;
  return exchange;
}

MutualExchange *
mutual_exchange_copy (const MutualExchange *exchange)
{
  MutualExchange *copy = g_memdup2 (exchange, sizeof *exchange);

  copy->uuid = g_strdup (exchange->uuid);
  copy->note = g_strdup (exchange->note);
  return copy;
}

void
mutual_exchange_free (MutualExchange *exchange)
{
  if (exchange == NULL)
    return;
  g_free (exchange->uuid);
  g_free (exchange->note);
  g_free (exchange);
}

char *
mutual_exchange_check (const MutualExchange *exchange)
{
  if (!mutual_date_valid (exchange->date))
    return g_strdup (_("The date is outside 1900-01-01 … 9999-12-31."));
  if (exchange->direction != MUTUAL_DIRECTION_GIVEN
      && exchange->direction != MUTUAL_DIRECTION_RECEIVED)
    return g_strdup (_("The direction is neither given nor received."));
  if (exchange->kind >= MUTUAL_N_KINDS)
    return g_strdup (_("The kind is not one Mutual knows."));
  if (exchange->value < 0)
    return g_strdup (_("The value is negative; values are never negative."));
  if (exchange->value > MUTUAL_VALUE_MAX)
    return g_strdup (_("The value is larger than Mutual can record."));
  if (exchange->minutes < -1)
    return g_strdup (_("The time is negative."));
  if (exchange->minutes > MUTUAL_MINUTES_MAX)
    return g_strdup (_("The time is more than 2,147,483,647 minutes."));
  if (exchange->note && !g_utf8_validate (exchange->note, -1, NULL))
    return g_strdup (_("The note is not valid text."));
  /* No more characters than bytes: most notes need no counting. */
  if (exchange->note && strlen (exchange->note) > MUTUAL_NOTE_MAX_CHARS
      && g_utf8_strlen (exchange->note, -1) > MUTUAL_NOTE_MAX_CHARS)
    return g_strdup_printf (_("The note is longer than %d characters."),
                            MUTUAL_NOTE_MAX_CHARS);
  if (exchange->note && mutual_text_has_control (exchange->note, TRUE))
    return g_strdup (_("The note contains a control character other than a tab or a line break."));
  return NULL;
}
