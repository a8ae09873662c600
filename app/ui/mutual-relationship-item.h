/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "core/mutual-analytics.h"

G_BEGIN_DECLS

#define MUTUAL_TYPE_RELATIONSHIP_ITEM (mutual_relationship_item_get_type ())
G_DECLARE_FINAL_TYPE (MutualRelationshipItem, mutual_relationship_item, MUTUAL, RELATIONSHIP_ITEM, GObject)

/* What the sidebar shows and filters on. */
typedef enum
{
  MUTUAL_RELATIONSHIP_FILTER_ALL,
  MUTUAL_RELATIONSHIP_FILTER_PARTNERSHIPS,
  MUTUAL_RELATIONSHIP_FILTER_TRANSACTIONAL,
  MUTUAL_RELATIONSHIP_FILTER_NEW,
  MUTUAL_RELATIONSHIP_FILTER_ONE_SIDED,
  MUTUAL_RELATIONSHIP_FILTER_DORMANT,
  MUTUAL_RELATIONSHIP_FILTER_ARCHIVED,
} MutualRelationshipFilter;

typedef enum
{
  MUTUAL_RELATIONSHIP_SORT_NAME,
  MUTUAL_RELATIONSHIP_SORT_BALANCE,
  MUTUAL_RELATIONSHIP_SORT_LAST_ACTIVITY,
} MutualRelationshipSort;

/* Takes a copy of both. Without an assessment the item waits for one:
 * not assessed, no figures, the class left to the override. */
MutualRelationshipItem   *mutual_relationship_item_new            (const MutualRelationship *relationship,
                                                                   const MutualAssessment   *assessment,
                                                                   const char               *currency);
gboolean                  mutual_relationship_item_is_assessed    (MutualRelationshipItem   *self);
/* Notifies "assessment" when it changes. */
void                      mutual_relationship_item_set_assessment (MutualRelationshipItem   *self,
                                                                   const MutualAssessment   *assessment);
const MutualRelationship *mutual_relationship_item_get_relationship (MutualRelationshipItem *self);
const MutualAssessment   *mutual_relationship_item_get_assessment (MutualRelationshipItem   *self);
gint64                    mutual_relationship_item_get_id         (MutualRelationshipItem   *self);
const char               *mutual_relationship_item_get_name       (MutualRelationshipItem   *self);
const char               *mutual_relationship_item_get_currency   (MutualRelationshipItem   *self);
gint64                    mutual_relationship_item_get_balance    (MutualRelationshipItem   *self);

gboolean  mutual_relationship_item_matches (MutualRelationshipItem   *self,
                                            const char               *search,
                                            MutualRelationshipFilter  filter);
/* In @sort's usual direction: names A to Z, highest balance and most
 * recent activity first. */
int       mutual_relationship_item_compare (MutualRelationshipItem   *a,
                                            MutualRelationshipItem   *b,
                                            MutualRelationshipSort    sort);
/* In the direction chosen: names, balances, dates from the lowest
 * unless @descending; ties by name A to Z; relationships without
 * activity last either way. */
int       mutual_relationship_item_compare_directed (MutualRelationshipItem *a,
                                                     MutualRelationshipItem *b,
                                                     MutualRelationshipSort  sort,
                                                     gboolean                descending);
gboolean  mutual_relationship_sort_is_descending    (MutualRelationshipSort  sort);

G_END_DECLS
