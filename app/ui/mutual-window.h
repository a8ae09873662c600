/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "core/mutual-chart.h"
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
gboolean      mutual_window_is_demo              (MutualWindow   *self);
/* The sidebar's model after search, filter and sort. */
GListModel   *mutual_window_get_relationships    (MutualWindow   *self);
void          mutual_window_set_search           (MutualWindow   *self,
                                                  const char     *text);
void          mutual_window_show_relationship    (MutualWindow   *self,
                                                  gint64          id);
gint64        mutual_window_get_relationship_id  (MutualWindow   *self);
/* Deletes the exchange and offers to undo it (win.undo). */
gboolean      mutual_window_delete_exchange      (MutualWindow   *self,
                                                  gint64          id,
                                                  GError        **error);
/* Imports or exports (.csv: CSV, else XML) in a thread with progress
 * and Cancel, then says how it went in a toast or a dialog. */
void          mutual_window_import_file          (MutualWindow   *self,
                                                  GFile          *file);
void          mutual_window_export_file          (MutualWindow   *self,
                                                  GFile          *file);
/* Writes the chart on screen (the relationship's, else the portfolio's);
 * the format follows the file name. @options NULL: the last ones chosen. */
gboolean      mutual_window_export_chart         (MutualWindow   *self,
                                                  GFile          *file,
                                                  const MutualChartExportOptions *options,
                                                  GError        **error);
gboolean      mutual_window_is_busy              (MutualWindow   *self);
/* Checks the ledger for changes by another process now, instead of at
 * the next tick. */
void          mutual_window_poll                 (MutualWindow   *self);

G_END_DECLS
