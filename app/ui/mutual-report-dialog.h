/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "core/mutual-ledger.h"
#include "mutual-window.h"

G_BEGIN_DECLS

#define MUTUAL_TYPE_REPORT_DIALOG (mutual_report_dialog_get_type ())
G_DECLARE_FINAL_TYPE (MutualReportDialog, mutual_report_dialog, MUTUAL, REPORT_DIALOG, AdwWindow)

/* Review Report: on @relationship_id (0: none shown, so all) for the
 * client, or on all relationships; the period, hidden amounts, private
 * notes and your name (kept in the settings); Save… asks where and
 * writes it through @window. */
MutualReportDialog *mutual_report_dialog_new (MutualWindow *window,
                                              MutualLedger *ledger,
                                              gint64        relationship_id);

G_END_DECLS
