/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "core/mutual-ledger.h"
#include "core/mutual-undo.h"

G_BEGIN_DECLS

#define MUTUAL_TYPE_IMPORT_ASSISTANT (mutual_import_assistant_get_type ())
G_DECLARE_FINAL_TYPE (MutualImportAssistant, mutual_import_assistant, MUTUAL, IMPORT_ASSISTANT, AdwWindow)

/* Imports @file into @ledger step by step: the type found, the columns
 * of a CSV file, a preview of the rows with their relationships, the
 * counterparties that matched none, then the import, in a thread on a
 * connection of its own. The import is recorded in @undo as one change
 * (which shows the window's toast with Undo), and the assistant closes. */
MutualImportAssistant *mutual_import_assistant_new (MutualLedger *ledger,
                                                    MutualUndo   *undo,
                                                    GFile        *file);

G_END_DECLS
