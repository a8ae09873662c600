/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "core/mutual-ledger.h"

G_BEGIN_DECLS

#define MUTUAL_TYPE_WINDOW (mutual_window_get_type ())
G_DECLARE_FINAL_TYPE (MutualWindow, mutual_window, MUTUAL, WINDOW, AdwApplicationWindow)

/* @ledger is the user's own ledger; NULL when it could not be opened,
 * and then mutual_window_show_open_error() says why. */
MutualWindow *mutual_window_new                  (GtkApplication *application,
                                                  MutualLedger   *ledger);
/* Shows why the ledger at @path could not be opened and, when there is
 * one, offers its latest backup (win.restore-backup). */
void          mutual_window_show_open_error      (MutualWindow   *self,
                                                  const char     *path,
                                                  const char     *message);
/* The ledger shown: the user's, or the demo ledger. */
MutualLedger *mutual_window_get_ledger           (MutualWindow   *self);

G_END_DECLS
