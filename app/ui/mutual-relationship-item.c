/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mutual-ui"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "mutual-relationship-item.h"

struct _MutualRelationshipItem
{
  GObject             parent_instance;

  MutualRelationship *relationship;
  MutualAssessment    assessment;
  gboolean            assessed;
  char               *currency;
  char               *folded;       /* name and organization, casefolded;
                                     * made at the first search */
  char               *collate_key;  /* name, for sorting 10,000 quickly */
};

G_DEFINE_FINAL_TYPE (MutualRelationshipItem, mutual_relationship_item, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ASSESSMENT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
mutual_relationship_item_finalize (GObject *object)
{
  MutualRelationshipItem *self = MUTUAL_RELATIONSHIP_ITEM (object);

  g_clear_pointer (&self->relationship, mutual_relationship_free);
  g_clear_pointer (&self->currency, g_free);
  g_clear_pointer (&self->folded, g_free);
  g_clear_pointer (&self->collate_key, g_free);

  G_OBJECT_CLASS (mutual_relationship_item_parent_class)->finalize (object);
}

static void
mutual_relationship_item_get_property (GObject    *object,
                                       guint       prop_id,
                                       GValue     *value,
                                       GParamSpec *pspec)
{
  MutualRelationshipItem *self = MUTUAL_RELATIONSHIP_ITEM (object);

  switch (prop_id)
    {
    case PROP_ASSESSMENT:
      g_value_set_pointer (value, self->assessed ? &self->assessment : NULL);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mutual_relationship_item_class_init (MutualRelationshipItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = mutual_relationship_item_finalize;
  object_class->get_property = mutual_relationship_item_get_property;

  /* The MutualAssessment, NULL until it arrives. */
  properties[PROP_ASSESSMENT] =
    g_param_spec_pointer ("assessment", NULL, NULL,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
mutual_relationship_item_init (MutualRelationshipItem *self)
{
}

MutualRelationshipItem *
mutual_relationship_item_new (const MutualRelationship *relationship,
                              const MutualAssessment   *assessment,
                              const char               *currency)
{
  MutualRelationshipItem *self;
  g_return_val_if_fail (relationship != NULL, NULL);

  self = g_object_new (MUTUAL_TYPE_RELATIONSHIP_ITEM, NULL);
  self->relationship = mutual_relationship_copy (relationship);
  if (assessment)
    {
      self->assessment = *assessment;
      self->assessed = TRUE;
    }
  else
    {
      self->assessment.relationship_id = relationship->id;
      self->assessment.klass = relationship->override ? relationship->override : MUTUAL_CLASS_TRANSACTIONAL;
    }
  self->currency = g_strdup (currency);
  self->collate_key = g_utf8_collate_key (relationship->name, -1);
  return self;
}

const MutualRelationship *
mutual_relationship_item_get_relationship (MutualRelationshipItem *self)
{
  g_return_val_if_fail (MUTUAL_IS_RELATIONSHIP_ITEM (self), NULL);
  return self->relationship;
}

const MutualAssessment *
mutual_relationship_item_get_assessment (MutualRelationshipItem *self)
{
  g_return_val_if_fail (MUTUAL_IS_RELATIONSHIP_ITEM (self), NULL);
  return &self->assessment;
}

gboolean
mutual_relationship_item_is_assessed (MutualRelationshipItem *self)
{
  g_return_val_if_fail (MUTUAL_IS_RELATIONSHIP_ITEM (self), FALSE);
  return self->assessed;
}

void
mutual_relationship_item_set_assessment (MutualRelationshipItem *self,
                                         const MutualAssessment *assessment)
{
  g_return_if_fail (MUTUAL_IS_RELATIONSHIP_ITEM (self));
  g_return_if_fail (assessment != NULL);

  if (self->assessed && memcmp (&self->assessment, assessment, sizeof *assessment) == 0)
    return;
  self->assessment = *assessment;
  self->assessed = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ASSESSMENT]);
}

gint64
mutual_relationship_item_get_id (MutualRelationshipItem *self)
{
  g_return_val_if_fail (MUTUAL_IS_RELATIONSHIP_ITEM (self), 0);
  return self->relationship->id;
}

const char *
mutual_relationship_item_get_name (MutualRelationshipItem *self)
{
  g_return_val_if_fail (MUTUAL_IS_RELATIONSHIP_ITEM (self), NULL);
  return self->relationship->name;
}

const char *
mutual_relationship_item_get_currency (MutualRelationshipItem *self)
{
  g_return_val_if_fail (MUTUAL_IS_RELATIONSHIP_ITEM (self), NULL);
  return self->currency;
}

gint64
mutual_relationship_item_get_balance (MutualRelationshipItem *self)
{
  g_return_val_if_fail (MUTUAL_IS_RELATIONSHIP_ITEM (self), 0);
  return mutual_assessment_balance (&self->assessment);
}

gboolean
mutual_relationship_item_matches (MutualRelationshipItem   *self,
                                  const char               *search,
                                  MutualRelationshipFilter  filter)
{
  g_return_val_if_fail (MUTUAL_IS_RELATIONSHIP_ITEM (self), FALSE);

  switch (filter)
    {
    case MUTUAL_RELATIONSHIP_FILTER_ARCHIVED:
      if (!self->relationship->archived)
        return FALSE;
      break;
    /* Not a guess by class: left out until the assessment arrives. */
    case MUTUAL_RELATIONSHIP_FILTER_PARTNERSHIPS:
      if (self->relationship->archived || !self->assessed
          || self->assessment.klass != MUTUAL_CLASS_PARTNERSHIP)
        return FALSE;
      break;
    case MUTUAL_RELATIONSHIP_FILTER_TRANSACTIONAL:
      if (self->relationship->archived || !self->assessed
          || self->assessment.klass == MUTUAL_CLASS_PARTNERSHIP
          || mutual_assessment_is_new (&self->assessment))
        return FALSE;
      break;
    /* Shown as "New" rather than "Transactional". */
    case MUTUAL_RELATIONSHIP_FILTER_NEW:
      if (self->relationship->archived || !self->assessed
          || !mutual_assessment_is_new (&self->assessment))
        return FALSE;
      break;
    /* By the assessment's flags, as the row's icons. */
    case MUTUAL_RELATIONSHIP_FILTER_ONE_SIDED:
      if (self->relationship->archived || !self->assessed
          || (self->assessment.flags & MUTUAL_FLAG_ONE_SIDED) == 0)
        return FALSE;
      break;
    case MUTUAL_RELATIONSHIP_FILTER_DORMANT:
      if (self->relationship->archived || !self->assessed
          || (self->assessment.flags & MUTUAL_FLAG_DORMANT) == 0)
        return FALSE;
      break;
    case MUTUAL_RELATIONSHIP_FILTER_ALL:
    default:
      if (self->relationship->archived)
        return FALSE;
      break;
    }

  if (search != NULL && *search != '\0')
    {
      g_autofree char *needle = g_utf8_casefold (search, -1);

      g_strstrip (needle);
      if (*needle != '\0' && self->folded == NULL)
        {
          g_autofree char *text = g_strconcat (self->relationship->name, "\n",
                                               self->relationship->organization ? self->relationship->organization : "",
                                               NULL);
          self->folded = g_utf8_casefold (text, -1);
        }
      if (*needle != '\0' && strstr (self->folded, needle) == NULL)
        return FALSE;
    }
  return TRUE;
}

static int
compare_names (MutualRelationshipItem *a,
               MutualRelationshipItem *b)
{
  return strcmp (a->collate_key, b->collate_key);
}

gboolean
mutual_relationship_sort_is_descending (MutualRelationshipSort sort)
{
  return sort == MUTUAL_RELATIONSHIP_SORT_BALANCE || sort == MUTUAL_RELATIONSHIP_SORT_LAST_ACTIVITY;
}

int
mutual_relationship_item_compare_directed (MutualRelationshipItem *a,
                                           MutualRelationshipItem *b,
                                           MutualRelationshipSort  sort,
                                           gboolean                descending)
{
  int result = 0;

  switch (sort)
    {
    case MUTUAL_RELATIONSHIP_SORT_BALANCE:
      {
        gint64 ba = mutual_relationship_item_get_balance (a);
        gint64 bb = mutual_relationship_item_get_balance (b);
        result = ba < bb ? -1 : ba > bb;
      }
      break;
    case MUTUAL_RELATIONSHIP_SORT_LAST_ACTIVITY:
      /* Never used: nothing to order by, after the rest either way. */
      if ((a->assessment.last == 0) != (b->assessment.last == 0))
        return a->assessment.last == 0 ? 1 : -1;
      result = a->assessment.last < b->assessment.last ? -1 : a->assessment.last > b->assessment.last;
      break;
    case MUTUAL_RELATIONSHIP_SORT_NAME:
    default:
      result = compare_names (a, b);
      break;
    }
  if (descending)
    result = -result;
  if (result == 0)
    result = compare_names (a, b);
  if (result == 0)
    result = a->relationship->id < b->relationship->id ? -1 : a->relationship->id > b->relationship->id;
  return result;
}

int
mutual_relationship_item_compare (MutualRelationshipItem *a,
                                  MutualRelationshipItem *b,
                                  MutualRelationshipSort  sort)
{
  return mutual_relationship_item_compare_directed (a, b, sort, mutual_relationship_sort_is_descending (sort));
}
