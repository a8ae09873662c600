/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "mutual-save-dialog.h"

G_BEGIN_DECLS

/* For tests: the dialog mutual_save_dialog_show() made last (a weak
 * pointer, NULL once it is gone), to choose a filter or a file in it
 * without a person. */
GtkFileChooser *_mutual_save_dialog_get_last (void);
/* Answers it as a person pressing Save (or Cancel) would. */
void            _mutual_save_dialog_respond  (GtkFileChooser *chooser,
                                              int             response);

G_END_DECLS
