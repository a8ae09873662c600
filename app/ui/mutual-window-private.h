/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "core/mutual-backup.h"
#include "core/mutual-chart.h"
#include "core/mutual-report.h"
#include "core/mutual-undo.h"
#include "mutual-import-assistant.h"
#include "mutual-overview-page.h"
#include "mutual-relationship-model.h"
#include "mutual-relationship-page.h"
#include "mutual-window.h"

G_BEGIN_DECLS

struct _MutualWindow
{
  AdwApplicationWindow     parent_instance;

  GSettings               *settings;
  MutualLedger            *own_ledger;
  MutualLedger            *ledger;        /* own_ledger, or the demo one */
  MutualRelationshipModel *model;
  GSignalGroup            *model_signals; /* of model, whichever it is */
  GtkFilterListModel      *filtered;
  GtkSortListModel        *sorted;
  GtkSingleSelection      *selection;
  char                    *search;
  MutualRelationshipFilter filter;
  MutualRelationshipSort   sort;
  gboolean                 descending;   /* the sort's direction */
  gboolean                 restoring_sort; /* from the settings: not a choice */
  gint64                   shown_id;     /* 0: the overview */
  guint                    poll_id;
  gboolean                 restoring;
  gboolean                 setting_search;
  gboolean                 switching;    /* _mutual_window_set_ledger(): keep the setting */

  MutualUndo              *undo;         /* of ledger: what win.undo reverts */
  AdwToast                *undo_toast;
  AdwToast                *note_toast;   /* "Nothing to undo", the demo's note */
  gboolean                 demo_told;    /* that changes stay in the demo ledger */

  AdwToastOverlay         *toast_overlay;
  GtkRevealer             *demo_revealer;
  GtkStack                *main_stack;
  AdwStatusPage           *error_status;
  AdwLeaflet              *leaflet;
  GtkWidget               *sidebar;
  GtkWidget               *content;
  AdwWindowTitle          *sidebar_title;
  GtkSearchEntry          *search_entry;
  GtkDropDown             *filter_dropdown;
  GtkDropDown             *sort_dropdown;
  GtkToggleButton         *sort_direction_button;
  GtkListBox              *overview_list;
  GtkListBoxRow           *overview_row;
  GtkStack                *sidebar_stack;
  GtkSpinner              *assessing_spinner;
  GtkScrolledWindow       *relationship_scroller;
  GtkListView             *relationship_list;
  AdwWindowTitle          *content_title;
  GtkStack                *content_stack;
  MutualOverviewPage      *overview_page;
  MutualRelationshipPage  *relationship_page;
  GtkRevealer             *progress_revealer;
  GtkProgressBar          *progress_bar;
  GCancellable            *transfer;     /* the import or export running */
  MutualChartExportOptions chart_export; /* size chosen for Export Chart */
  guint                    chart_export_format;  /* 0 PNG, 1 SVG, 2 PDF: chosen last */
  gboolean                 chart_export_custom;  /* a size of one's own, not a preset */

  char                    *ledger_path;  /* the own ledger that failed to open */
  MutualBackup            *backup;       /* its latest backup, if any */
  GtkWidget               *restore_button;
};

/* mutual-window.c: what the window shows */
void _mutual_window_show                    (MutualWindow *self,
                                             gint64        id,
                                             gboolean      navigate);
void _mutual_window_set_ledger              (MutualWindow *self,
                                             MutualLedger *ledger);
void _mutual_window_set_own_ledger          (MutualWindow *self,
                                             MutualLedger *ledger);
void _mutual_window_restore_last_shown      (MutualWindow *self);
void _mutual_window_on_relationship_saved   (MutualWindow *self,
                                             gint64        id);
void _mutual_window_toast                   (MutualWindow *self,
                                             const char   *text);

/* mutual-window-actions.c: the win.* actions */
void _mutual_window_class_actions_init      (MutualWindowClass *klass);
void _mutual_window_update_actions          (MutualWindow *self);
/* A new, empty undo for the ledger now shown, handed to the pages. */
void _mutual_window_reset_undo              (MutualWindow *self);

/* mutual-window-transfer.c: import, export, report and chart export */
void _mutual_window_choose_import           (MutualWindow *self);
void _mutual_window_choose_export           (MutualWindow *self);
void _mutual_window_choose_report           (MutualWindow *self);
void _mutual_window_choose_chart_export     (MutualWindow *self);
void _mutual_window_cancel_transfer         (MutualWindow *self);
/* A file dropped on the window starts the import assistant. */
void _mutual_window_setup_drop              (MutualWindow *self);

/* mutual-window-demo.c: the demo ledger in and out */
void _mutual_window_try_demo                (MutualWindow *self);
void _mutual_window_leave_demo              (MutualWindow *self);

/* What the actions do, without file choosers or clicks: called by the
 * actions and by the tests and the benchmark, by nothing else. */
gboolean      mutual_window_is_demo              (MutualWindow   *self);
/* The sidebar's model after search, filter and sort. */
GListModel   *mutual_window_get_relationships    (MutualWindow   *self);
void          mutual_window_set_search           (MutualWindow   *self,
                                                  const char     *text);
void          mutual_window_show_relationship    (MutualWindow   *self,
                                                  gint64          id);
gint64        mutual_window_get_relationship_id  (MutualWindow   *self);
/* Deletes the exchange and offers to undo it (win.undo). Every change
 * made in the window is recorded in its undo, and win.undo reverts the
 * newest, or says there is nothing to undo. */
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
/* Writes a report (MutualReportOptions: one relationship or all) in a
 * thread with progress, like an export. */
void          mutual_window_write_report         (MutualWindow   *self,
                                                  GFile          *file,
                                                  const MutualReportOptions *options);
gboolean      mutual_window_is_busy              (MutualWindow   *self);
/* Opens the import assistant for @file, as Import… and a dropped file
 * do; NULL while another import or export runs. */
MutualImportAssistant *mutual_window_start_import (MutualWindow  *self,
                                                  GFile         *file);
/* The Import chooser's filters (GtkFileFilter), first "All supported files". */
GListModel   *mutual_window_get_import_filters   (void);
/* Checks the ledger for changes by another process now, instead of at
 * the next tick. */
void          mutual_window_poll                 (MutualWindow   *self);

G_END_DECLS
