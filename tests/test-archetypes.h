/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The relationships the classification rules were rewritten for
 * (DESIGN.md, "Classification"; issue 15), as exchanges dated in days
 * before the day they are classified on, so the command line can
 * classify them as of a fixed date and the window as of today. */

#include "core/mutual-types.h"

typedef struct
{
  MutualDirection direction;
  MutualKind      kind;
  gint64          value;      /* minor units */
  int             count;
  int             days_ago;   /* of the first one */
  int             step;       /* days between them */
} ArchetypeRun;

typedef struct
{
  const char        *name;
  const ArchetypeRun runs[3];  /* ends at a run with count 0 */
} Archetype;

#define G MUTUAL_DIRECTION_GIVEN
#define R MUTUAL_DIRECTION_RECEIVED

static const Archetype archetypes[] = {
  /* You buy her lunch; she advises you, unvalued. */
  { "Mentor", { { G, MUTUAL_KIND_GIFT, 3000, 10, 330, 33 },
                { R, MUTUAL_KIND_ADVICE, 0, 19, 340, 17 } } },
  /* Favours both ways, no money at all. */
  { "Favour swap", { { G, MUTUAL_KIND_SUPPORT, 0, 13, 340, 27 },
                     { R, MUTUAL_KIND_SUPPORT, 0, 19, 345, 18 } } },
  /* Paid work given, only unvalued feedback back. */
  { "Freeloader", { { G, MUTUAL_KIND_WORK, 500000, 3, 300, 100 },
                    { R, MUTUAL_KIND_FEEDBACK, 0, 5, 290, 60 } } },
  /* €9,000 of work, €3,000 paid. */
  { "Underpaying client", { { G, MUTUAL_KIND_WORK, 300000, 3, 300, 100 },
                            { R, MUTUAL_KIND_PAYMENT, 100000, 3, 280, 100 } } },
  /* One piece of advice five days ago. */
  { "New contact", { { G, MUTUAL_KIND_ADVICE, 0, 1, 5, 1 } } },
  /* Unvalued exchanges, 10 given for 5 received: the limit that passes. */
  { "Two to one", { { G, MUTUAL_KIND_ADVICE, 0, 10, 300, 30 },
                    { R, MUTUAL_KIND_REFERRAL, 0, 5, 290, 60 } } },
  /* 9 given for 3 received: past it. */
  { "Three to one", { { G, MUTUAL_KIND_ADVICE, 0, 9, 300, 30 },
                      { R, MUTUAL_KIND_REFERRAL, 0, 3, 290, 100 } } },
  /* Work logged without a value is no money: counted by exchanges. */
  { "Unvalued work", { { G, MUTUAL_KIND_WORK, 0, 6, 330, 60 },
                       { R, MUTUAL_KIND_TESTIMONIAL, 0, 3, 300, 120 } } },
};

#undef G
#undef R

static inline const Archetype *
archetype_find (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (archetypes); i++)
    if (g_str_equal (archetypes[i].name, name))
      return &archetypes[i];
  g_assert_not_reached ();
  return NULL;
}
