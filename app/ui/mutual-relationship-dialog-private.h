/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* For the dialog itself and its tests. */

#include "core/mutual-identifiers.h"
#include "mutual-relationship-dialog.h"

G_BEGIN_DECLS

/* The sentence shown under the form, NULL when the form is valid. */
const char *mutual_relationship_dialog_get_error (MutualRelationshipDialog *self);
/* What the Add or Save button does. */
gboolean    mutual_relationship_dialog_save      (MutualRelationshipDialog *self);

/* What the "Add Identifier" row does with @text typed as @type: FALSE
 * with the sentence shown under it when it is refused. */
gboolean    mutual_relationship_dialog_add_identifier    (MutualRelationshipDialog *self,
                                                          MutualIdentifierType      type,
                                                          const char               *text);
/* Presses the remove button of the row showing @value. */
gboolean    mutual_relationship_dialog_remove_identifier (MutualRelationshipDialog *self,
                                                          const char               *value);
const char *mutual_relationship_dialog_get_identifier_error (MutualRelationshipDialog *self);
/* MutualIdentifier *: what Save would write. */
GPtrArray  *mutual_relationship_dialog_get_identifiers   (MutualRelationshipDialog *self);

G_END_DECLS
