/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The day totals the ledger keeps (one row per relationship, date,
 * direction and kind), read for the classification, the charts and the
 * report as rows, never through the connection. */

#include "mutual-ledger.h"

G_BEGIN_DECLS

/* The exchanges of one relationship on one date, one way, of one kind,
 * added up. */
typedef struct
{
  gint64          relationship_id;
  MutualDate      date;
  MutualDirection direction;
  MutualKind      kind;        /* as stored: may be past MUTUAL_N_KINDS */
  gint64          exchanges;
  gint64          value;
  gint64          minutes;
} MutualKindTotal;

/* Returns FALSE (setting @error) to stop. */
typedef gboolean (*MutualKindTotalFunc) (const MutualKindTotal *total,
                                         gpointer               user_data,
                                         GError               **error);

/* Streams the totals dated ≤ @to of relationship @relationship_id in
 * date, direction and kind order; with 0, those of every relationship in
 * relationship order, then the same. One row a day, direction and kind:
 * nothing is loaded whole. */
gboolean      mutual_ledger_foreach_kind_total  (MutualLedger        *self,
                                                 gint64               relationship_id,
                                                 MutualDate           to,
                                                 MutualKindTotalFunc  func,
                                                 gpointer             user_data,
                                                 GError             **error);

/* One relationship's sums over a period. */
typedef struct
{
  gint64 relationship_id;
  gint64 given;
  gint64 received;
  gint64 exchanges;
} MutualRelationshipTotal;

/* One MutualRelationshipTotal per relationship (archived included) with
 * exchanges from @from (0: the first) to @to, in one pass; refused
 * (MUTUAL_ERROR_DATA) when a sum passes 64 bits. */
GArray       *mutual_ledger_relationship_totals (MutualLedger        *self,
                                                 MutualDate           from,
                                                 MutualDate           to,
                                                 GError             **error);

G_END_DECLS
