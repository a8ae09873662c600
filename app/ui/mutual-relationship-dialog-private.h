/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* For the dialog itself and its tests. */

#include "mutual-relationship-dialog.h"

G_BEGIN_DECLS

/* The sentence shown under the form, NULL when the form is valid. */
const char *mutual_relationship_dialog_get_error (MutualRelationshipDialog *self);
/* What the Add or Save button does. */
gboolean    mutual_relationship_dialog_save      (MutualRelationshipDialog *self);

G_END_DECLS
