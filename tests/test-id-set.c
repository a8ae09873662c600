/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "core/mutual-id-set.h"

static void
id_from (guint64  n,
         guint8   id[16])
{
  guint64 hi = n * G_GUINT64_CONSTANT (0x9e3779b97f4a7c15);

  memcpy (id, &hi, 8);
  memcpy (id + 8, &n, 8);
}

static void
test_add_and_contains (void)
{
  g_autoptr(MutualIdSet) set = mutual_id_set_new (0);
  guint8 id[16];

  id_from (1, id);
  g_assert_false (mutual_id_set_contains (set, id));
  g_assert_true (mutual_id_set_add (set, id));
  g_assert_true (mutual_id_set_contains (set, id));
  g_assert_false (mutual_id_set_add (set, id));
  g_assert_cmpuint (mutual_id_set_count (set), ==, 1);

  id_from (2, id);
  g_assert_false (mutual_id_set_contains (set, id));
  g_assert_true (mutual_id_set_add (set, id));
  g_assert_cmpuint (mutual_id_set_count (set), ==, 2);
}

/* The nil UUID marks an empty slot inside; it is still an id. */
static void
test_nil (void)
{
  g_autoptr(MutualIdSet) set = mutual_id_set_new (4);
  const guint8 nil[16] = { 0 };

  g_assert_false (mutual_id_set_contains (set, nil));
  g_assert_true (mutual_id_set_add (set, nil));
  g_assert_true (mutual_id_set_contains (set, nil));
  g_assert_false (mutual_id_set_add (set, nil));
  g_assert_cmpuint (mutual_id_set_count (set), ==, 1);
}

/* Far more ids than it was sized for: it grows (into tables of several
 * megabytes, allocated apart) and loses none; a prefetch changes
 * nothing. */
static void
test_grows (void)
{
  g_autoptr(MutualIdSet) set = mutual_id_set_new (10);
  guint8 id[16];

  for (guint64 n = 1; n <= 300000; n++)
    {
      id_from (n, id);
      mutual_id_set_prefetch (set, id);
      g_assert_true (mutual_id_set_add (set, id));
    }
  g_assert_cmpuint (mutual_id_set_count (set), ==, 300000);
  for (guint64 n = 1; n <= 300000; n++)
    {
      id_from (n, id);
      g_assert_true (mutual_id_set_contains (set, id));
      g_assert_false (mutual_id_set_add (set, id));
    }
  id_from (300001, id);
  g_assert_false (mutual_id_set_contains (set, id));
}

/* Ids that differ in one byte only, and ids alike in their first half
 * (the hash mixes both halves). */
static void
test_close_ids (void)
{
  g_autoptr(MutualIdSet) set = mutual_id_set_new (0);
  guint8 id[16] = { 0 };

  for (int byte = 0; byte < 16; byte++)
    for (int bit = 0; bit < 8; bit++)
      {
        memset (id, 0x5a, sizeof id);
        id[byte] ^= (guint8) (1u << bit);
        g_assert_true (mutual_id_set_add (set, id));
      }
  g_assert_cmpuint (mutual_id_set_count (set), ==, 128);
  memset (id, 0x5a, sizeof id);
  g_assert_false (mutual_id_set_contains (set, id));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/id-set/add-and-contains", test_add_and_contains);
  g_test_add_func ("/id-set/nil", test_nil);
  g_test_add_func ("/id-set/grows", test_grows);
  g_test_add_func ("/id-set/close-ids", test_close_ids);
  return g_test_run ();
}
