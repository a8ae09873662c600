/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A set of 16-byte binary UUIDs, open-addressed, in memory: 16 bytes an
 * id in a table at most half full. The importer keeps the exchange ids
 * of a file in one while the ledger's index of them is suspended. */
typedef struct _MutualIdSet MutualIdSet;

/* Sized for @expected ids, so that it rarely has to grow. */
MutualIdSet *mutual_id_set_new   (guint64             expected);
void         mutual_id_set_free  (MutualIdSet        *set);
/* FALSE if @id was in the set already. */
gboolean     mutual_id_set_add   (MutualIdSet        *set,
                                  const guint8        id[16]);
/* Starts loading the part of the table where @id belongs, for an add
 * or a lookup of it a little later: the table is large and read at
 * random, so each of those otherwise waits for memory. */
void         mutual_id_set_prefetch (const MutualIdSet *set,
                                     const guint8       id[16]);
gboolean     mutual_id_set_contains (const MutualIdSet *set,
                                     const guint8       id[16]);
/* How many ids it holds. */
guint64      mutual_id_set_count (const MutualIdSet  *set);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MutualIdSet, mutual_id_set_free)

G_END_DECLS
