/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Importing a hostile a CAMT.053 statement: see fuzz-bank.h. */
#include "fuzz-bank.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);
int LLVMFuzzerInitialize (int *argc, char ***argv);

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  fuzz_bank_init ();
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  fuzz_bank_one (mutual_import_camt053, MUTUAL_IMPORT_TYPE_CAMT053, data, size);
  return 0;
}
