/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Importing a hostile an OFX or QFX statement (1.x SGML, 2.x XML): see fuzz-bank.h. */
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
  fuzz_bank_one (mutual_import_ofx, MUTUAL_IMPORT_TYPE_OFX, data, size);
  return 0;
}
