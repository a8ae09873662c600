/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Runs a libFuzzer target without libFuzzer: every file of the corpus
 * folders given on the command line, then deterministic mutations of each
 * (bit flips, truncations, duplicated and deleted runs), so the targets
 * run as ordinary tests. A crash or an abort fails the test. */
#include <glib.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);
int LLVMFuzzerInitialize (int *argc, char ***argv) __attribute__ ((weak));

static guint64
next (guint64 *state)
{
  guint64 z = (*state += G_GUINT64_CONSTANT (0x9e3779b97f4a7c15));

  z = (z ^ (z >> 30)) * G_GUINT64_CONSTANT (0xbf58476d1ce4e5b9);
  z = (z ^ (z >> 27)) * G_GUINT64_CONSTANT (0x94d049bb133111eb);
  return z ^ (z >> 31);
}

static void
run_mutations (const guint8 *data,
               gsize         size,
               guint         count,
               guint64       seed)
{
  guint64 state = seed;

  for (guint m = 0; m < count; m++)
    {
      gsize capacity = size * 2 + 16;
      gsize length = size;
      g_autofree guint8 *copy = g_malloc (capacity);
      guint edits = 1 + next (&state) % 4;

      memcpy (copy, data, size);
      for (guint e = 0; e < edits && length > 0; e++)
        {
          gsize at = next (&state) % length;

          switch (next (&state) % 5)
            {
            case 0:  /* flip a bit */
              copy[at] ^= (guint8) (1u << (next (&state) % 8));
              break;
            case 1:  /* a random byte */
              copy[at] = (guint8) next (&state);
              break;
            case 2:  /* truncate */
              length = at;
              break;
            case 3:  /* delete a run */
              {
                gsize wanted = 1 + next (&state) % 16;
                gsize run = MIN (length - at, wanted);

                memmove (copy + at, copy + at + run, length - at - run);
                length -= run;
              }
              break;
            default: /* duplicate a run */
              {
                gsize wanted = 1 + next (&state) % 16;
                gsize run = MIN (length - at, wanted);

                if (length + run <= capacity)
                  {
                    memmove (copy + at + run, copy + at, length - at);
                    length += run;
                  }
              }
              break;
            }
        }
      LLVMFuzzerTestOneInput (copy, length);
    }
}

static guint
run_file (const char *path,
          guint       mutations,
          guint64     seed)
{
  g_autofree char *name = g_path_get_basename (path);
  g_autofree char *contents = NULL;
  gsize size = 0;

  if (!g_file_get_contents (path, &contents, &size, NULL))
    return 0;
  LLVMFuzzerTestOneInput ((const guint8 *) contents, size);
  /* Seeded by the file's name, not its path: the same mutations in
   * every clone, so a failure in CI is a failure here too. */
  run_mutations ((const guint8 *) contents, size, mutations, g_str_hash (name) ^ seed);
  return 1;
}

int
main (int    argc,
      char **argv)
{
  const char *env = g_getenv ("FUZZ_MUTATIONS");
  guint mutations = env ? (guint) g_ascii_strtoull (env, NULL, 10) : 300;
  const char *seed_env = g_getenv ("FUZZ_SEED");
  guint64 seed = seed_env ? g_ascii_strtoull (seed_env, NULL, 10) : 0;
  guint files = 0;

  if (LLVMFuzzerInitialize)
    LLVMFuzzerInitialize (&argc, &argv);

  for (int i = 1; i < argc; i++)
    {
      GDir *dir = g_dir_open (argv[i], 0, NULL);
      const char *name;

      if (dir == NULL)
        {
          files += run_file (argv[i], mutations, seed);
          continue;
        }
      while ((name = g_dir_read_name (dir)))
        {
          g_autofree char *path = g_build_filename (argv[i], name, NULL);
          files += run_file (path, mutations, seed);
        }
      g_dir_close (dir);
    }

  printf ("1..1\nok 1 - %u inputs, %u mutations each, no crash\n", files, mutations);
  return files > 0 ? 0 : 1;
}
