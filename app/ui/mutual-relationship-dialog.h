/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "core/mutual-ledger.h"

G_BEGIN_DECLS

#define MUTUAL_TYPE_RELATIONSHIP_DIALOG (mutual_relationship_dialog_get_type ())
G_DECLARE_FINAL_TYPE (MutualRelationshipDialog, mutual_relationship_dialog, MUTUAL, RELATIONSHIP_DIALOG, AdwWindow)

/* Adds a relationship (@relationship NULL) or edits a copy of one; it
 * writes to @ledger itself, emits ::saved with the id and closes. */
MutualRelationshipDialog *mutual_relationship_dialog_new       (MutualLedger             *ledger,
                                                                const MutualRelationship *relationship);

G_END_DECLS
