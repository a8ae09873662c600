/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#ifdef __linux__
#include <sys/mman.h>
#endif

#include "mutual-id-set.h"

/* The nil UUID, whose bytes mark an empty slot, is kept aside. */
struct _MutualIdSet
{
  guint8   (*slots)[16];
  gsize      mask;
  gsize      count;
  gboolean   has_nil;
  guint64    seed;
};

/* @n slots, zeroed, freed with free(). A large table is read at random,
 * a miss of the caches and of the TLB each time: it asks for huge pages
 * where the system gives them on request (with the prefetch below, a
 * million-id import spends half as long on its set). */
static void *
slots_new (gsize n)
{
  gsize bytes = n * 16;

#if defined(__linux__) && defined(MADV_HUGEPAGE)
  {
    void *slots = NULL;

    if (bytes >= 4 * 1024 * 1024 && posix_memalign (&slots, 2 * 1024 * 1024, bytes) == 0)
      {
        madvise (slots, bytes, MADV_HUGEPAGE);
        memset (slots, 0, bytes);
        return slots;
      }
  }
#endif
  return g_malloc0 (bytes);
}

MutualIdSet *
mutual_id_set_new (guint64 expected)
{
  MutualIdSet *set = g_new0 (MutualIdSet, 1);
  gsize size = 1024;

  while (size < 2 * expected)
    size *= 2;
  set->mask = size - 1;
  set->slots = slots_new (set->mask + 1);
  /* Ids come from a file: a random seed keeps crafted ones from
   * crowding one part of the table. */
  set->seed = ((guint64) g_random_int () << 32) | g_random_int ();
  return set;
}

void
mutual_id_set_free (MutualIdSet *set)
{
  if (set == NULL)
    return;
  free (set->slots);
  g_free (set);
}

static gsize
slot_of (const MutualIdSet *set,
         const guint8       id[16])
{
  guint64 a, b, h;

  memcpy (&a, id, 8);
  memcpy (&b, id + 8, 8);
  h = (a ^ set->seed) * G_GUINT64_CONSTANT (0x9e3779b97f4a7c15) + b;
  h ^= h >> 29;
  h *= G_GUINT64_CONSTANT (0xbf58476d1ce4e5b9);
  h ^= h >> 32;
  return (gsize) h & set->mask;
}

static gboolean
is_nil (const guint8 id[16])
{
  static const guint8 nil[16] = { 0 };

  return memcmp (id, nil, 16) == 0;
}

/* Linear probing; returns the slot holding @id or the empty one where it
 * belongs. */
static gsize
find (const MutualIdSet *set,
      const guint8       id[16])
{
  gsize i = slot_of (set, id);

  while (!is_nil (set->slots[i]) && memcmp (set->slots[i], id, 16) != 0)
    i = (i + 1) & set->mask;
  return i;
}

static void
grow (MutualIdSet *set)
{
  guint8 (*old)[16] = set->slots;
  gsize old_size = set->mask + 1;

  set->mask = old_size * 2 - 1;
  set->slots = slots_new (set->mask + 1);
  for (gsize k = 0; k < old_size; k++)
    if (!is_nil (old[k]))
      memcpy (set->slots[find (set, old[k])], old[k], 16);
  free (old);
}

gboolean
mutual_id_set_add (MutualIdSet  *set,
                   const guint8  id[16])
{
  gsize i;

  if (is_nil (id))
    {
      gboolean had = set->has_nil;

      set->has_nil = TRUE;
      return !had;
    }
  i = find (set, id);
  if (!is_nil (set->slots[i]))
    return FALSE;
  memcpy (set->slots[i], id, 16);
  set->count++;
  if (set->count * 2 > set->mask + 1)
    grow (set);
  return TRUE;
}

void
mutual_id_set_prefetch (const MutualIdSet *set,
                        const guint8       id[16])
{
#if defined(__GNUC__)
  __builtin_prefetch (set->slots[slot_of (set, id)], 1);
#endif
}

gboolean
mutual_id_set_contains (const MutualIdSet *set,
                        const guint8       id[16])
{
  if (is_nil (id))
    return set->has_nil;
  return !is_nil (set->slots[find (set, id)]);
}

guint64
mutual_id_set_count (const MutualIdSet *set)
{
  return set->count + (set->has_nil ? 1 : 0);
}
