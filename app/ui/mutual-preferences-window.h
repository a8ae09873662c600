/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "core/mutual-ledger.h"

G_BEGIN_DECLS

#define MUTUAL_TYPE_PREFERENCES_WINDOW (mutual_preferences_window_get_type ())
G_DECLARE_FINAL_TYPE (MutualPreferencesWindow, mutual_preferences_window, MUTUAL, PREFERENCES_WINDOW, AdwPreferencesWindow)

/* The ledger's currency (while it holds no exchange) and the default
 * chart range. */
MutualPreferencesWindow *mutual_preferences_window_new (MutualLedger *ledger);

G_END_DECLS
