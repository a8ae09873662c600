/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Importing a hostile vCard file: either counts, or one clear
 * MUTUAL_ERROR_DATA sentence naming the file; never a crash, and never
 * a change to the ledger. Each input is a dry run into the same small
 * ledger, whose relationship has an e-mail address a card may claim. */
#include <glib.h>
#include <stdint.h>
#include <string.h>

#include "core/mutual-error.h"
#include "core/mutual-identifiers.h"
#include "core/mutual-import-vcard.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);
int LLVMFuzzerInitialize (int *argc, char ***argv);

static MutualLedger *ledger;
static gint64 relationships;
static gint64 changes;

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  g_autoptr(MutualRelationship) rel = mutual_relationship_new ();
  g_autofree char *dir = g_dir_make_tmp ("mutual-fuzz-vcard-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "ledger.db", NULL);

  ledger = mutual_ledger_open (path, NULL);
  g_assert_nonnull (ledger);
  /* The seed corpus's names, ids and addresses, so cards find it. */
  rel->uuid = g_strdup ("0e8c5b7a-3f2d-4c1e-9a6b-2d4f6e8a0c1b");
  rel->name = g_strdup ("Emma Lindqvist");
  g_assert_true (mutual_ledger_add_relationship (ledger, rel, NULL));
  g_assert_true (mutual_ledger_add_identifier (ledger, rel->id, MUTUAL_IDENTIFIER_EMAIL,
                                               "anna.schmidt@acme.example", NULL));

  relationships = mutual_ledger_count_relationships (ledger);
  changes = mutual_ledger_get_change_count (ledger);
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_data (data, (gssize) size, NULL);
  MutualImportCounts counts = { 0 };

  if (!mutual_import_vcard (ledger, stream, "fuzz.vcf", TRUE, &counts, NULL, &error))
    {
      g_assert_true (error != NULL && error->domain == MUTUAL_ERROR);
      g_assert_cmpint (error->code, ==, MUTUAL_ERROR_DATA);
      g_assert_null (strchr (error->message, '\n'));
      g_assert_true (strstr (error->message, "fuzz.vcf") != NULL);
    }
  else
    g_assert_cmpuint (counts.exchanges_added + counts.exchanges_updated, ==, 0);

  g_assert_cmpint (mutual_ledger_count_relationships (ledger), ==, relationships);
  g_assert_cmpint (mutual_ledger_get_change_count (ledger), ==, changes);
  return 0;
}
