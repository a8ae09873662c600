/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mutual-ui"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "core/mutual-demo.h"
#include "core/mutual-chart.h"
#include "core/mutual-error.h"
#include "core/mutual-interchange.h"
#include "core/mutual-report.h"
#include "mutual-chart-view.h"
#include "mutual-exchange-dialog.h"
#include "mutual-overview-page.h"
#include "mutual-relationship-dialog.h"
#include "mutual-relationship-model.h"
#include "mutual-relationship-page.h"
#include "core/mutual-backup.h"
#include "mutual-relationship-row.h"
#include "mutual-ui-util.h"
#include "mutual-window.h"

/* How often the ledger is checked for another process's changes. */
#define POLL_INTERVAL_MS 1000

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
  GtkSliceListModel       *shown;        /* of sorted, what has rows yet */
  GtkSingleSelection      *selection;
  char                    *search;
  MutualRelationshipFilter filter;
  MutualRelationshipSort   sort;
  gint64                   shown_id;     /* 0: the overview */
  guint                    poll_id;
  gboolean                 restoring;
  gboolean                 setting_search;
  gboolean                 switching;    /* set_ledger(): keep the setting */

  MutualExchange          *deleted;      /* what win.undo restores */
  AdwToast                *undo_toast;

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

  char                    *ledger_path;  /* the own ledger that failed to open */
  MutualBackup            *backup;       /* its latest backup, if any */
  GtkWidget               *restore_button;
};

G_DEFINE_FINAL_TYPE (MutualWindow, mutual_window, ADW_TYPE_APPLICATION_WINDOW)

static void update_actions (MutualWindow *self);

static gboolean
filter_func (gpointer item,
             gpointer user_data)
{
  MutualWindow *self = user_data;

  return mutual_relationship_item_matches (item, self->search, self->filter);
}

static int
sort_func (gconstpointer a,
           gconstpointer b,
           gpointer      user_data)
{
  MutualWindow *self = user_data;

  return mutual_relationship_item_compare ((MutualRelationshipItem *) a,
                                           (MutualRelationshipItem *) b,
                                           self->sort);
}

static void
refilter (MutualWindow *self)
{
  gtk_filter_changed (gtk_filter_list_model_get_filter (self->filtered), GTK_FILTER_CHANGE_DIFFERENT);
}

static void
update_content_title (MutualWindow *self)
{
  const char *title = NULL;

  if (self->shown_id != 0)
    title = mutual_relationship_page_get_title (self->relationship_page);
  adw_window_title_set_title (self->content_title, title ? title : _("Overview"));
  adw_window_title_set_subtitle (self->content_title,
                                 self->ledger != self->own_ledger ? _("Demo Data") : NULL);
}

static void
on_page_title_changed (MutualWindow *self)
{
  update_content_title (self);
}

static guint
position_of (GListModel *model,
             gint64      id)
{
  guint n = g_list_model_get_n_items (model);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(MutualRelationshipItem) item = g_list_model_get_item (model, i);

      if (mutual_relationship_item_get_id (item) == id)
        return i;
    }
  return GTK_INVALID_LIST_POSITION;
}

/* Keeps the sidebar's selection on what the content shows, without
 * moving the content. A row not made yet (further down than the list
 * has grown) is selected once it is: only the rows made are looked
 * through, not every relationship. */
static void
sync_selection (MutualWindow *self)
{
  guint position = self->shown_id ? position_of (G_LIST_MODEL (self->shown), self->shown_id)
                                  : GTK_INVALID_LIST_POSITION;

  self->restoring = TRUE;
  gtk_single_selection_set_selected (self->selection, position);
  if (self->shown_id == 0)
    gtk_list_box_select_row (self->overview_list, self->overview_row);
  else
    gtk_list_box_unselect_all (self->overview_list);
  self->restoring = FALSE;
}

static void
remember_shown (MutualWindow *self)
{
  const char *uuid = "";
  g_autoptr(MutualRelationship) rel = NULL;

  if (self->settings == NULL || self->switching || self->ledger != self->own_ledger)
    return;
  if (self->shown_id != 0)
    rel = mutual_ledger_get_relationship (self->ledger, self->shown_id, NULL);
  if (rel)
    uuid = rel->uuid;
  g_settings_set_string (self->settings, "last-relationship", uuid);
}

static void
show (MutualWindow *self,
      gint64        id,
      gboolean      navigate)
{
  self->shown_id = id;
  if (id != 0)
    {
      mutual_relationship_page_set_relationship_id (self->relationship_page, id);
      gtk_stack_set_visible_child_name (self->content_stack, "relationship");
    }
  else
    {
      mutual_relationship_page_set_relationship_id (self->relationship_page, 0);
      gtk_stack_set_visible_child_name (self->content_stack, "overview");
    }
  sync_selection (self);
  update_content_title (self);
  update_actions (self);
  remember_shown (self);
  if (navigate)
    adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
}

/* The filters by class wait for the assessments; the other ones do not. */
static gboolean
filter_needs_assessments (MutualRelationshipFilter filter)
{
  return filter == MUTUAL_RELATIONSHIP_FILTER_PARTNERSHIPS
         || filter == MUTUAL_RELATIONSHIP_FILTER_TRANSACTIONAL
         || filter == MUTUAL_RELATIONSHIP_FILTER_NEW;
}

static void
update_state (MutualWindow *self)
{
  guint n_all;
  const char *sidebar = "list";

  if (self->ledger == NULL)
    return;

  n_all = g_list_model_get_n_items (G_LIST_MODEL (self->model));
  gtk_stack_set_visible_child_name (self->main_stack, n_all > 0 ? "ledger" : "empty");
  if (g_list_model_get_n_items (G_LIST_MODEL (self->sorted)) == 0)
    sidebar = filter_needs_assessments (self->filter) && !mutual_relationship_model_is_assessed (self->model)
              ? "assessing" : "none";
  gtk_stack_set_visible_child_name (self->sidebar_stack, sidebar);
  /* A spinner animates even on a page not shown: a restyle and a
   * relayout of the whole window every frame. */
  gtk_spinner_set_spinning (self->assessing_spinner, g_str_equal (sidebar, "assessing"));

  /* The shown relationship is gone (deleted here or elsewhere). */
  if (self->shown_id != 0 && mutual_relationship_model_find (self->model, self->shown_id) == NULL)
    show (self, 0, FALSE);
  else
    sync_selection (self);
}

static void
on_model_items_changed (MutualWindow *self)
{
  update_state (self);
}

static void
on_shown_grown (MutualWindow *self)
{
  if (self->shown_id != 0 && gtk_single_selection_get_selected (self->selection) == GTK_INVALID_LIST_POSITION)
    sync_selection (self);
}

/* The items' figures changed in place: filter and sort again by them. */
static void
on_model_assessed (MutualWindow *self)
{
  if (mutual_relationship_model_is_assessed (self->model))
    {
      if (filter_needs_assessments (self->filter))
        refilter (self);
      if (self->sort != MUTUAL_RELATIONSHIP_SORT_NAME)
        gtk_sorter_changed (gtk_sort_list_model_get_sorter (self->sorted), GTK_SORTER_CHANGE_DIFFERENT);
    }
  update_state (self);
}

static void
on_selection_changed (MutualWindow *self)
{
  MutualRelationshipItem *item;

  if (self->restoring)
    return;
  item = gtk_single_selection_get_selected_item (self->selection);
  if (item != NULL && mutual_relationship_item_get_id (item) != self->shown_id)
    show (self, mutual_relationship_item_get_id (item), TRUE);
}

static void
on_overview_activated (MutualWindow *self)
{
  show (self, 0, TRUE);
}

static void
on_search_changed (MutualWindow *self)
{
  if (self->setting_search)
    return;
  mutual_window_set_search (self, gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
}

static void
on_stop_search (MutualWindow *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
}

static void
on_filter_changed (MutualWindow *self)
{
  self->filter = gtk_drop_down_get_selected (self->filter_dropdown);
  if (self->filtered)
    {
      refilter (self);
      update_state (self);
    }
}

static void
on_sort_changed (MutualWindow *self)
{
  self->sort = gtk_drop_down_get_selected (self->sort_dropdown);
  if (self->sorted)
    {
      gtk_sorter_changed (gtk_sort_list_model_get_sorter (self->sorted), GTK_SORTER_CHANGE_DIFFERENT);
      sync_selection (self);
    }
}

static void
setup_row (GtkSignalListItemFactory *factory,
           GtkListItem              *list_item,
           gpointer                  user_data)
{
  gtk_list_item_set_child (list_item, mutual_relationship_row_new ());
}

static void
bind_row (GtkSignalListItemFactory *factory,
          GtkListItem              *list_item,
          gpointer                  user_data)
{
  mutual_relationship_row_set_item (MUTUAL_RELATIONSHIP_ROW (gtk_list_item_get_child (list_item)),
                                    gtk_list_item_get_item (list_item));
}

static void
unbind_row (GtkSignalListItemFactory *factory,
            GtkListItem              *list_item,
            gpointer                  user_data)
{
  mutual_relationship_row_set_item (MUTUAL_RELATIONSHIP_ROW (gtk_list_item_get_child (list_item)), NULL);
}

static gboolean
poll_cb (gpointer user_data)
{
  MutualWindow *self = user_data;

  mutual_window_poll (self);
  return G_SOURCE_CONTINUE;
}

void
mutual_window_poll (MutualWindow *self)
{
  g_return_if_fail (MUTUAL_IS_WINDOW (self));

  if (self->ledger)
    mutual_ledger_poll (self->ledger);
}

static void
set_ledger (MutualWindow *self,
            MutualLedger *ledger)
{
  g_autoptr(MutualRelationshipModel) model = NULL;

  if (self->ledger == ledger)
    return;

  g_clear_pointer (&self->deleted, mutual_exchange_free);
  if (self->undo_toast)
    adw_toast_dismiss (self->undo_toast);

  g_set_object (&self->ledger, ledger);
  self->shown_id = 0;
  mutual_relationship_page_set_ledger (self->relationship_page, ledger);

  model = mutual_relationship_model_new (ledger);
  g_set_object (&self->model, model);
  gtk_filter_list_model_set_model (self->filtered, G_LIST_MODEL (model));
  g_signal_group_set_target (self->model_signals, model);
  mutual_overview_page_set_model (self->overview_page, model);

  gtk_revealer_set_reveal_child (self->demo_revealer, ledger != self->own_ledger);
  adw_window_title_set_subtitle (self->sidebar_title,
                                 ledger != self->own_ledger ? _("Demo Data") : NULL);
  self->switching = TRUE;
  show (self, 0, FALSE);
  update_state (self);
  self->switching = FALSE;
}

static void
restore_last_shown (MutualWindow *self)
{
  g_autofree char *uuid = NULL;
  g_autoptr(MutualRelationship) rel = NULL;

  if (self->settings == NULL)
    return;
  uuid = g_settings_get_string (self->settings, "last-relationship");
  if (*uuid != '\0')
    rel = mutual_ledger_get_relationship_by_uuid (self->ledger, uuid, NULL);
  if (rel != NULL && mutual_relationship_model_find (self->model, rel->id) != NULL)
    show (self, rel->id, TRUE);
}

static void
present_dialog (MutualWindow *self,
                GtkWindow    *dialog)
{
  gtk_window_set_transient_for (dialog, GTK_WINDOW (self));
  gtk_window_present (dialog);
}

static void
on_relationship_saved (MutualWindow *self,
                       gint64        id)
{
  /* Show what was just added even when the filter would hide it. */
  if (mutual_relationship_model_find (self->model, id) != NULL
      && position_of (G_LIST_MODEL (self->sorted), id) == GTK_INVALID_LIST_POSITION)
    {
      gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
      gtk_drop_down_set_selected (self->filter_dropdown, MUTUAL_RELATIONSHIP_FILTER_ALL);
    }
  show (self, id, TRUE);
}

static void
add_relationship_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  MutualWindow *self = MUTUAL_WINDOW (widget);
  MutualRelationshipDialog *dialog;

  if (self->ledger == NULL)
    return;
  dialog = mutual_relationship_dialog_new (self->ledger, NULL);
  g_signal_connect_object (dialog, "saved", G_CALLBACK (on_relationship_saved), self, G_CONNECT_SWAPPED);
  present_dialog (self, GTK_WINDOW (dialog));
}

static void
add_exchange_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  MutualWindow *self = MUTUAL_WINDOW (widget);

  if (self->shown_id != 0)
    mutual_relationship_page_add_exchange (self->relationship_page);
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  MutualWindow *self = MUTUAL_WINDOW (widget);

  if (!g_str_equal (gtk_stack_get_visible_child_name (self->main_stack), "ledger"))
    return;
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  adw_leaflet_navigate (MUTUAL_WINDOW (widget)->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

static void
show_overview_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  show (MUTUAL_WINDOW (widget), 0, TRUE);
}

static void
show_relationship_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  mutual_window_show_relationship (MUTUAL_WINDOW (widget), g_variant_get_int64 (parameter));
}

static void
toast (MutualWindow *self,
       const char   *text)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (text));
}

static void
delete_exchange_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  MutualWindow *self = MUTUAL_WINDOW (widget);
  g_autoptr(GError) error = NULL;

  if (!mutual_window_delete_exchange (self, g_variant_get_int64 (parameter), &error))
    toast (self, error->message);
}

static void
undo_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  MutualWindow *self = MUTUAL_WINDOW (widget);
  g_autoptr(MutualExchange) exchange = g_steal_pointer (&self->deleted);
  g_autoptr(GError) error = NULL;

  if (self->undo_toast)
    adw_toast_dismiss (self->undo_toast);
  update_actions (self);
  if (exchange == NULL)
    return;
  /* Same uuid, new rowid: exports and imports still see the same record. */
  exchange->id = 0;
  if (!mutual_ledger_add_exchange (self->ledger, exchange, &error))
    toast (self, error->message);
}

static void
on_undo_toast_dismissed (MutualWindow *self,
                         AdwToast     *dismissed)
{
  if (self->undo_toast == dismissed)
    g_clear_object (&self->undo_toast);
}

static void
set_own_ledger (MutualWindow *self,
                MutualLedger *ledger)
{
  g_set_object (&self->own_ledger, ledger);
  set_ledger (self, ledger);
  restore_last_shown (self);
  if (self->poll_id == 0)
    self->poll_id = g_timeout_add (POLL_INTERVAL_MS, poll_cb, self);
}

static void
restore_backup_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  MutualWindow *self = MUTUAL_WINDOW (widget);
  g_autoptr(GError) error = NULL;
  g_autoptr(MutualLedger) ledger = NULL;
  g_autofree char *kept = NULL;
  g_autofree char *kept_name = NULL;
  g_autofree char *text = NULL;

  if (self->backup == NULL || self->ledger_path == NULL || self->own_ledger != NULL)
    return;
  if (!mutual_backup_restore (self->ledger_path, self->backup, &kept, &error)
      || (ledger = mutual_ledger_open (self->ledger_path, &error)) == NULL)
    {
      mutual_window_show_open_error (self, self->ledger_path, error->message);
      return;
    }

  g_clear_pointer (&self->backup, mutual_backup_free);
  set_own_ledger (self, ledger);
  update_actions (self);
  kept_name = kept ? g_path_get_basename (kept) : NULL;
  if (kept_name)
    text = g_strdup_printf (_("Backup restored; the damaged file was kept as “%s”"), kept_name);
  toast (self, text ? text : _("Backup restored"));
}

static char *
demo_ledger_path (void)
{
  return g_build_filename (g_get_user_cache_dir (), "mutual", "demo.db", NULL);
}

static MutualLedger *
open_demo_ledger (GError **error)
{
  g_autofree char *path = demo_ledger_path ();
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);
  g_autoptr(MutualLedger) ledger = NULL;
  MutualDemoOptions options = { 0 };

  /* A fresh history each time: the previous visit may have edited it. */
  g_remove (path);
  g_remove (wal);
  g_remove (shm);
  ledger = mutual_ledger_open (path, error);
  if (ledger == NULL)
    return NULL;
  options.n_relationships = 12;
  options.seed = 1;
  if (!mutual_demo_generate (ledger, &options, NULL, error))
    return NULL;
  return g_steal_pointer (&ledger);
}

static void
try_demo_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  MutualWindow *self = MUTUAL_WINDOW (widget);
  g_autoptr(MutualLedger) demo = NULL;
  g_autoptr(GError) error = NULL;

  if (self->ledger != self->own_ledger)
    return;
  demo = open_demo_ledger (&error);
  if (demo == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("Could not make the demo data: %s"), error->message);
      toast (self, text);
      return;
    }
  set_ledger (self, demo);
}

static void
leave_demo_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  MutualWindow *self = MUTUAL_WINDOW (widget);

  if (self->own_ledger)
    set_ledger (self, self->own_ledger);
  restore_last_shown (self);
}

/* Import, export and the review report run in a thread on a connection
 * of their own to the same file (SQLite serialises the writers); the
 * window sees the result through its usual poll. */
typedef enum
{
  TRANSFER_IMPORT,
  TRANSFER_EXPORT,
  TRANSFER_REPORT,
} TransferKind;

typedef struct
{
  TransferKind        kind;
  char               *ledger_path;
  GFile              *file;
  MutualExportFormat  format;
  MutualImportCounts  counts;
  MutualWindow       *window;        /* for progress, main thread only */
  double              fraction;
  guint               progress_id;
  GMutex              lock;
} Transfer;

static void
transfer_free (Transfer *transfer)
{
  g_clear_handle_id (&transfer->progress_id, g_source_remove);
  g_free (transfer->ledger_path);
  g_clear_object (&transfer->file);
  g_mutex_clear (&transfer->lock);
  g_free (transfer);
}

static gboolean
show_progress (gpointer user_data)
{
  Transfer *transfer = user_data;
  double fraction;

  g_mutex_lock (&transfer->lock);
  fraction = transfer->fraction;
  g_mutex_unlock (&transfer->lock);
  if (transfer->window->progress_bar == NULL)
    return G_SOURCE_CONTINUE;
  if (fraction < 0)
    gtk_progress_bar_pulse (transfer->window->progress_bar);
  else
    gtk_progress_bar_set_fraction (transfer->window->progress_bar, fraction);
  return G_SOURCE_CONTINUE;
}

static void
on_progress (guint64  done,
             guint64  total,
             gpointer user_data)
{
  Transfer *transfer = user_data;

  g_mutex_lock (&transfer->lock);
  transfer->fraction = total > 0 ? MIN (1.0, (double) done / (double) total) : -1;
  g_mutex_unlock (&transfer->lock);
}

static void
run_transfer (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  Transfer *transfer = task_data;
  g_autoptr(MutualLedger) ledger = NULL;
  g_autoptr(GError) error = NULL;
  gboolean ok = FALSE;

  ledger = mutual_ledger_open (transfer->ledger_path, &error);
  if (ledger != NULL)
    switch (transfer->kind)
      {
      case TRANSFER_IMPORT:
        ok = mutual_import_file (ledger, transfer->file, MUTUAL_IMPORT_DEFAULT, &transfer->counts,
                                 on_progress, transfer, cancellable, &error);
        break;
      case TRANSFER_EXPORT:
        ok = mutual_export_file (ledger, transfer->file, transfer->format,
                                 on_progress, transfer, cancellable, &error);
        break;
      case TRANSFER_REPORT:
        {
          g_autofree char *path = g_file_get_path (transfer->file);
          ok = mutual_report_write (ledger, path, 0, 0, 0, &error);
        }
        break;
      default:
        g_assert_not_reached ();
      }
  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, g_steal_pointer (&error));
}

static void
show_failure (MutualWindow *self,
              const char   *heading,
              const GError *error)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, error->message);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_transfer_done (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  MutualWindow *self = MUTUAL_WINDOW (source);
  Transfer *transfer = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_file_get_basename (transfer->file);
  g_autofree char *text = NULL;

  g_clear_object (&self->transfer);
  g_clear_handle_id (&transfer->progress_id, g_source_remove);
  if (self->progress_revealer == NULL)
    return;   /* the window closed meanwhile */
  gtk_revealer_set_reveal_child (self->progress_revealer, FALSE);
  update_actions (self);

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (g_error_matches (error, MUTUAL_ERROR, MUTUAL_ERROR_CANCELLED)
          || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        toast (self, _("Cancelled; nothing was changed"));
      else if (transfer->kind == TRANSFER_IMPORT)
        show_failure (self, _("Import Failed"), error);
      else
        show_failure (self, _("Export Failed"), error);
      return;
    }

  switch (transfer->kind)
    {
    case TRANSFER_IMPORT:
      {
        g_autofree char *counts = mutual_import_counts_to_string (&transfer->counts);
        text = g_strdup_printf (_("Imported “%s”. %s"), name, counts);
        mutual_window_poll (self);
      }
      break;
    case TRANSFER_EXPORT:
      text = g_strdup_printf (_("Exported to “%s”"), name);
      break;
    case TRANSFER_REPORT:
    default:
      text = g_strdup_printf (_("Review report saved as “%s”"), name);
      break;
    }
  toast (self, text);
}

static void
start_transfer (MutualWindow *self,
                TransferKind  kind,
                GFile        *file)
{
  g_autoptr(GTask) task = NULL;
  Transfer *transfer;

  if (self->transfer != NULL || self->ledger == NULL)
    return;

  transfer = g_new0 (Transfer, 1);
  g_mutex_init (&transfer->lock);
  transfer->kind = kind;
  transfer->ledger_path = g_strdup (mutual_ledger_get_path (self->ledger));
  transfer->file = g_object_ref (file);
  transfer->window = self;
  transfer->fraction = -1;
  if (kind == TRANSFER_EXPORT)
    {
      g_autofree char *name = g_file_get_basename (file);
      transfer->format = g_str_has_suffix (name, ".csv") || g_str_has_suffix (name, ".CSV")
                         ? MUTUAL_EXPORT_CSV : MUTUAL_EXPORT_XML;
    }

  self->transfer = g_cancellable_new ();
  gtk_progress_bar_set_fraction (self->progress_bar, 0);
  gtk_progress_bar_set_text (self->progress_bar,
                             kind == TRANSFER_IMPORT ? _("Importing…")
                             : kind == TRANSFER_EXPORT ? _("Exporting…")
                             : _("Writing the review report…"));
  gtk_revealer_set_reveal_child (self->progress_revealer, TRUE);
  transfer->progress_id = g_timeout_add (100, show_progress, transfer);
  update_actions (self);

  task = g_task_new (self, self->transfer, on_transfer_done, NULL);
  g_task_set_task_data (task, transfer, (GDestroyNotify) transfer_free);
  g_task_run_in_thread (task, run_transfer);
}

static void
cancel_transfer_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  MutualWindow *self = MUTUAL_WINDOW (widget);

  if (self->transfer)
    g_cancellable_cancel (self->transfer);
}

static void
add_filter (GtkFileChooser *chooser,
            const char     *name,
            const char     *pattern)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, name);
  gtk_file_filter_add_pattern (filter, pattern);
  gtk_file_chooser_add_filter (chooser, filter);
}

typedef void (*ChosenFunc) (MutualWindow *self,
                            GFile        *file);

static void
on_chooser_response (GtkNativeDialog *chooser,
                     int              response,
                     MutualWindow    *self)
{
  ChosenFunc func = g_object_get_data (G_OBJECT (chooser), "func");

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      if (file)
        func (self, file);
    }
  g_object_unref (chooser);
}

static GtkFileChooser *
new_chooser (MutualWindow         *self,
             const char           *title,
             GtkFileChooserAction  action,
             const char           *accept,
             ChosenFunc            func)
{
  GtkFileChooserNative *chooser = gtk_file_chooser_native_new (title, GTK_WINDOW (self), action, accept, NULL);

  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_object_set_data (G_OBJECT (chooser), "func", func);
  g_signal_connect_object (chooser, "response", G_CALLBACK (on_chooser_response), self, 0);
  return GTK_FILE_CHOOSER (chooser);
}

void
mutual_window_import_file (MutualWindow *self,
                           GFile        *file)
{
  g_return_if_fail (MUTUAL_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  start_transfer (self, TRANSFER_IMPORT, file);
}

void
mutual_window_export_file (MutualWindow *self,
                           GFile        *file)
{
  g_return_if_fail (MUTUAL_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  start_transfer (self, TRANSFER_EXPORT, file);
}

gboolean
mutual_window_is_busy (MutualWindow *self)
{
  g_return_val_if_fail (MUTUAL_IS_WINDOW (self), FALSE);
  return self->transfer != NULL;
}

static void
import_chosen (MutualWindow *self,
               GFile        *file)
{
  mutual_window_import_file (self, file);
}

static void
import_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  MutualWindow *self = MUTUAL_WINDOW (widget);
  GtkFileChooser *chooser;

  if (self->ledger == NULL || self->transfer)
    return;
  chooser = new_chooser (self, _("Import a Mutual File"), GTK_FILE_CHOOSER_ACTION_OPEN, _("_Import"), import_chosen);
  add_filter (chooser, _("Mutual files (XML)"), "*.xml");
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
export_chosen (MutualWindow *self,
               GFile        *file)
{
  mutual_window_export_file (self, file);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  MutualWindow *self = MUTUAL_WINDOW (widget);
  GtkFileChooser *chooser;

  if (self->ledger == NULL || self->transfer)
    return;
  chooser = new_chooser (self, _("Export the Ledger"), GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), export_chosen);
  gtk_file_chooser_set_current_name (chooser, "mutual.xml");
  add_filter (chooser, _("Mutual file (XML)"), "*.xml");
  add_filter (chooser, _("Spreadsheet (CSV)"), "*.csv");
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
report_chosen (MutualWindow *self,
               GFile        *file)
{
  start_transfer (self, TRANSFER_REPORT, file);
}

static void
report_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  MutualWindow *self = MUTUAL_WINDOW (widget);
  GtkFileChooser *chooser;
  g_autofree char *name = NULL;

  if (self->ledger == NULL || self->transfer)
    return;
  chooser = new_chooser (self, _("Save the Review Report"), GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), report_chosen);
  /* TRANSLATORS: the default file name of the review report */
  name = g_strdup_printf ("%s.pdf", _("Mutual Review"));
  gtk_file_chooser_set_current_name (chooser, name);
  add_filter (chooser, _("PDF document"), "*.pdf");
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* The chart on screen: the relationship's, or the portfolio's. */
static MutualChart *
current_chart (MutualWindow *self)
{
  MutualChartView *view = self->shown_id != 0
                          ? mutual_relationship_page_get_chart_view (self->relationship_page)
                          : mutual_overview_page_get_balance_view (self->overview_page);

  return view ? mutual_chart_view_get_chart (view) : NULL;
}

gboolean
mutual_window_export_chart (MutualWindow                   *self,
                            GFile                          *file,
                            const MutualChartExportOptions *options,
                            GError                        **error)
{
  MutualChart *chart;
  g_autofree char *path = NULL;

  g_return_val_if_fail (MUTUAL_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  chart = current_chart (self);
  path = g_file_get_path (file);
  if (chart == NULL || path == NULL)
    {
      g_set_error_literal (error, MUTUAL_ERROR, MUTUAL_ERROR_DATA,
                           chart ? _("Charts are exported to local files only.")
                                 : _("There is no chart to export yet."));
      return FALSE;
    }
  /* Rendering one chart is quick (the renderer reduces long series). */
  return mutual_chart_export (chart, path, options ? options : &self->chart_export, error);
}

static void
export_chart_chosen (MutualWindow *self,
                     GFile        *file)
{
  g_autofree char *name = g_file_get_basename (file);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;

  if (!mutual_window_export_chart (self, file, NULL, &error))
    {
      show_failure (self, _("Export Failed"), error);
      return;
    }
  text = g_strdup_printf (_("Chart exported to “%s”"), name);
  toast (self, text);
}

static GtkWidget *
size_row (const char *title,
          double      value)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *spin = gtk_spin_button_new_with_range (MUTUAL_CHART_EXPORT_MIN_SIZE,
                                                    MUTUAL_CHART_EXPORT_MAX_SIZE, 50);

  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), value);
  gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
  mutual_ui_set_accessible_label (spin, title);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), spin);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), spin);
  g_object_set_data (G_OBJECT (row), "spin", spin);
  return row;
}

static void
on_chart_options_response (AdwMessageDialog *dialog,
                           const char       *response,
                           MutualWindow     *self)
{
  GtkWidget *list = adw_message_dialog_get_extra_child (dialog);
  MutualChart *chart = current_chart (self);
  GtkFileChooser *chooser;
  g_autofree char *name = NULL;

  if (g_strcmp0 (response, "export") != 0 || chart == NULL)
    return;

  self->chart_export.width = gtk_spin_button_get_value (g_object_get_data (G_OBJECT (list), "width"));
  self->chart_export.height = gtk_spin_button_get_value (g_object_get_data (G_OBJECT (list), "height"));
  self->chart_export.hide_amounts = gtk_switch_get_active (g_object_get_data (G_OBJECT (list), "hide"));

  chooser = new_chooser (self, _("Export the Chart"), GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"),
                         export_chart_chosen);
  name = g_strdup_printf ("%s.png", mutual_chart_get_subject (chart));
  g_strdelimit (name, "/\\:", '-');
  gtk_file_chooser_set_current_name (chooser, name);
  add_filter (chooser, _("PNG image"), "*.png");
  add_filter (chooser, _("SVG image"), "*.svg");
  add_filter (chooser, _("PDF document"), "*.pdf");
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
export_chart_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  MutualWindow *self = MUTUAL_WINDOW (widget);
  GtkWidget *dialog;
  GtkWidget *list;
  GtkWidget *width, *height, *hide_row, *hide;

  if (current_chart (self) == NULL)
    {
      toast (self, _("There is no chart to export yet"));
      return;
    }

  /* First the size and whether to show amounts, then where to save:
   * the format follows the file name (.png, .svg or .pdf). */
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Export Chart"),
                                   _("The chart is exported in the light style, with a title and the currency. PNG, SVG or PDF, by the file name."));
  list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  width = size_row (_("Width"), self->chart_export.width);
  height = size_row (_("Height"), self->chart_export.height);
  hide_row = adw_action_row_new ();
  hide = gtk_switch_new ();
  gtk_widget_set_valign (hide, GTK_ALIGN_CENTER);
  gtk_switch_set_active (GTK_SWITCH (hide), self->chart_export.hide_amounts);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (hide_row), _("Hide Amounts"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (hide_row), _("Percentages of the largest value instead"));
  adw_action_row_add_suffix (ADW_ACTION_ROW (hide_row), hide);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (hide_row), hide);
  mutual_ui_set_accessible_label (hide, _("Hide Amounts"));
  gtk_list_box_append (GTK_LIST_BOX (list), width);
  gtk_list_box_append (GTK_LIST_BOX (list), height);
  gtk_list_box_append (GTK_LIST_BOX (list), hide_row);
  g_object_set_data (G_OBJECT (list), "width", g_object_get_data (G_OBJECT (width), "spin"));
  g_object_set_data (G_OBJECT (list), "height", g_object_get_data (G_OBJECT (height), "spin"));
  g_object_set_data (G_OBJECT (list), "hide", hide);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), list);

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "export", _("_Choose File…"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "export", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "export");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_chart_options_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
update_actions (MutualWindow *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean has_ledger = self->ledger != NULL;

  gtk_widget_action_set_enabled (widget, "win.add-relationship", has_ledger);
  gtk_widget_action_set_enabled (widget, "win.add-exchange", has_ledger && self->shown_id != 0);
  gtk_widget_action_set_enabled (widget, "win.undo", self->deleted != NULL);
  gtk_widget_action_set_enabled (widget, "win.try-demo", has_ledger && self->ledger == self->own_ledger);
  gtk_widget_action_set_enabled (widget, "win.leave-demo", has_ledger && self->ledger != self->own_ledger);
  gtk_widget_action_set_enabled (widget, "win.import", has_ledger && self->transfer == NULL);
  gtk_widget_action_set_enabled (widget, "win.export", has_ledger && self->transfer == NULL);
  gtk_widget_action_set_enabled (widget, "win.report", has_ledger && self->transfer == NULL);
  gtk_widget_action_set_enabled (widget, "win.cancel-transfer", self->transfer != NULL);
  gtk_widget_action_set_enabled (widget, "win.restore-backup", !has_ledger && self->backup != NULL);
}

static gboolean
mutual_window_close_request (GtkWindow *window)
{
  MutualWindow *self = MUTUAL_WINDOW (window);

  if (self->settings)
    {
      int width, height;

      gtk_window_get_default_size (window, &width, &height);
      g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (window));
      if (!gtk_window_is_maximized (window))
        {
          g_settings_set_int (self->settings, "window-width", width);
          g_settings_set_int (self->settings, "window-height", height);
        }
    }
  return GTK_WINDOW_CLASS (mutual_window_parent_class)->close_request (window);
}

static void
mutual_window_dispose (GObject *object)
{
  MutualWindow *self = MUTUAL_WINDOW (object);

  g_clear_handle_id (&self->poll_id, g_source_remove);
  if (self->transfer)
    g_cancellable_cancel (self->transfer);
  g_clear_object (&self->transfer);
  if (self->relationship_list)
    gtk_list_view_set_model (self->relationship_list, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), MUTUAL_TYPE_WINDOW);
  g_clear_object (&self->selection);
  g_clear_object (&self->shown);
  g_clear_object (&self->sorted);
  g_clear_object (&self->filtered);
  g_clear_object (&self->model_signals);
  g_clear_object (&self->model);
  g_clear_object (&self->ledger);
  g_clear_object (&self->own_ledger);
  g_clear_object (&self->settings);
  g_clear_object (&self->undo_toast);

  G_OBJECT_CLASS (mutual_window_parent_class)->dispose (object);
}

static void
mutual_window_finalize (GObject *object)
{
  MutualWindow *self = MUTUAL_WINDOW (object);

  g_clear_pointer (&self->search, g_free);
  g_clear_pointer (&self->deleted, mutual_exchange_free);
  g_clear_pointer (&self->ledger_path, g_free);
  g_clear_pointer (&self->backup, mutual_backup_free);

  G_OBJECT_CLASS (mutual_window_parent_class)->finalize (object);
}

static void
mutual_window_class_init (MutualWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = mutual_window_dispose;
  object_class->finalize = mutual_window_finalize;
  window_class->close_request = mutual_window_close_request;

  g_type_ensure (MUTUAL_TYPE_OVERVIEW_PAGE);
  g_type_ensure (MUTUAL_TYPE_RELATIONSHIP_PAGE);

  mutual_ui_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/mutualapp/Mutual/mutual-window.ui");
  gtk_widget_class_bind_template_child (widget_class, MutualWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, MutualWindow, demo_revealer);
  gtk_widget_class_bind_template_child (widget_class, MutualWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, MutualWindow, restore_button);
  gtk_widget_class_bind_template_child (widget_class, MutualWindow, error_status);
  gtk_widget_class_bind_template_child (widget_class, MutualWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, MutualWindow, sidebar);
  gtk_widget_class_bind_template_child (widget_class, MutualWindow, content);
  gtk_widget_class_bind_template_child (widget_class, MutualWindow, sidebar_title);
  gtk_widget_class_bind_template_child (widget_class, MutualWindow, search_entry);
  gtk_widget_class_bind_template_child (widget_class, MutualWindow, filter_dropdown);
  gtk_widget_class_bind_template_child (widget_class, MutualWindow, sort_dropdown);
  gtk_widget_class_bind_template_child (widget_class, MutualWindow, overview_list);
  gtk_widget_class_bind_template_child (widget_class, MutualWindow, overview_row);
  gtk_widget_class_bind_template_child (widget_class, MutualWindow, sidebar_stack);
  gtk_widget_class_bind_template_child (widget_class, MutualWindow, assessing_spinner);
  gtk_widget_class_bind_template_child (widget_class, MutualWindow, relationship_scroller);
  gtk_widget_class_bind_template_child (widget_class, MutualWindow, relationship_list);
  gtk_widget_class_bind_template_child (widget_class, MutualWindow, content_title);
  gtk_widget_class_bind_template_child (widget_class, MutualWindow, content_stack);
  gtk_widget_class_bind_template_child (widget_class, MutualWindow, overview_page);
  gtk_widget_class_bind_template_child (widget_class, MutualWindow, relationship_page);
  gtk_widget_class_bind_template_child (widget_class, MutualWindow, progress_revealer);
  gtk_widget_class_bind_template_child (widget_class, MutualWindow, progress_bar);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_stop_search);
  gtk_widget_class_bind_template_callback (widget_class, on_filter_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_sort_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_overview_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_page_title_changed);

  /* Class actions rather than the window's GActionMap: the "win" group
   * of GtkApplicationWindow lists these too, and accelerators set on the
   * application reach them. */
  gtk_widget_class_install_action (widget_class, "win.add-relationship", NULL, add_relationship_action);
  gtk_widget_class_install_action (widget_class, "win.add-exchange", NULL, add_exchange_action);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "win.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "win.show-overview", NULL, show_overview_action);
  gtk_widget_class_install_action (widget_class, "win.show-relationship", "x", show_relationship_action);
  gtk_widget_class_install_action (widget_class, "win.delete-exchange", "x", delete_exchange_action);
  gtk_widget_class_install_action (widget_class, "win.undo", NULL, undo_action);
  gtk_widget_class_install_action (widget_class, "win.try-demo", NULL, try_demo_action);
  gtk_widget_class_install_action (widget_class, "win.leave-demo", NULL, leave_demo_action);
  gtk_widget_class_install_action (widget_class, "win.import", NULL, import_action);
  gtk_widget_class_install_action (widget_class, "win.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "win.export-chart", NULL, export_chart_action);
  gtk_widget_class_install_action (widget_class, "win.report", NULL, report_action);
  gtk_widget_class_install_action (widget_class, "win.cancel-transfer", NULL, cancel_transfer_action);
  gtk_widget_class_install_action (widget_class, "win.restore-backup", NULL, restore_backup_action);
}

static void
mutual_window_init (MutualWindow *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = mutual_ui_settings_new ();
  if (self->settings)
    {
      gtk_window_set_default_size (GTK_WINDOW (self),
                                   g_settings_get_int (self->settings, "window-width"),
                                   g_settings_get_int (self->settings, "window-height"));
      if (g_settings_get_boolean (self->settings, "window-maximized"))
        gtk_window_maximize (GTK_WINDOW (self));
    }
  else
    gtk_window_set_default_size (GTK_WINDOW (self), 1000, 700);

  self->filtered = gtk_filter_list_model_new (NULL, GTK_FILTER (gtk_custom_filter_new (filter_func, self, NULL)));
  self->sorted = gtk_sort_list_model_new (g_object_ref (G_LIST_MODEL (self->filtered)),
                                          GTK_SORTER (gtk_custom_sorter_new (sort_func, self, NULL)));
  self->shown = mutual_ui_growing_slice_new (G_LIST_MODEL (self->sorted), self->relationship_scroller);
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->shown)));
  self->model_signals = g_signal_group_new (MUTUAL_TYPE_RELATIONSHIP_MODEL);
  /* After the filter and sort models' own handlers, so they are current
   * when read, whenever each was connected. */
  g_signal_group_connect_object (self->model_signals, "items-changed", G_CALLBACK (on_model_items_changed),
                                 self, G_CONNECT_SWAPPED | G_CONNECT_AFTER);
  g_signal_group_connect_object (self->model_signals, "notify::assessed", G_CALLBACK (on_model_assessed),
                                 self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->shown, "items-changed", G_CALLBACK (on_shown_grown), self,
                           G_CONNECT_SWAPPED | G_CONNECT_AFTER);
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  g_signal_connect_object (self->selection, "notify::selected", G_CALLBACK (on_selection_changed), self,
                           G_CONNECT_SWAPPED);

  g_signal_connect (factory, "setup", G_CALLBACK (setup_row), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row), NULL);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_row), NULL);
  gtk_list_view_set_factory (self->relationship_list, factory);
  gtk_list_view_set_model (self->relationship_list, GTK_SELECTION_MODEL (self->selection));

  mutual_chart_export_options_init (&self->chart_export);
  gtk_search_entry_set_key_capture_widget (self->search_entry, self->sidebar);
  /* GTK 4.8 does not pass a drop-down's name on to its button. */
  mutual_ui_set_accessible_label (gtk_widget_get_first_child (GTK_WIDGET (self->filter_dropdown)), _("Show"));
  mutual_ui_set_accessible_label (gtk_widget_get_first_child (GTK_WIDGET (self->sort_dropdown)), _("Sort By"));
  update_actions (self);
}

MutualWindow *
mutual_window_new (GtkApplication *application,
                   MutualLedger   *ledger)
{
  MutualWindow *self;

  g_return_val_if_fail (application == NULL || GTK_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (ledger == NULL || MUTUAL_IS_LEDGER (ledger), NULL);

  self = g_object_new (MUTUAL_TYPE_WINDOW, "application", application, NULL);
  if (ledger != NULL)
    set_own_ledger (self, ledger);
  update_actions (self);
  return self;
}

void
mutual_window_show_open_error (MutualWindow *self,
                               const char   *path,
                               const char   *message)
{
  g_return_if_fail (MUTUAL_IS_WINDOW (self));
  g_return_if_fail (path != NULL);

  if (self->ledger_path != path)
    {
      g_free (self->ledger_path);
      self->ledger_path = g_strdup (path);
    }
  g_clear_pointer (&self->backup, mutual_backup_free);
  self->backup = mutual_backup_find_latest (path);

  gtk_widget_set_visible (self->restore_button, self->backup != NULL);
  if (self->backup)
    {
      /* Translators: strftime format of when a backup was made */
      g_autofree char *made = g_date_time_format (self->backup->made, _("%-d %B %Y, %H:%M"));
      g_autofree char *offer = g_strdup_printf (_("The latest backup is from %s. Restoring it keeps the file that cannot be opened beside it, untouched."),
                                                made);
      g_autofree char *text = g_strconcat (message, "\n\n", offer, NULL);

      adw_status_page_set_description (self->error_status, text);
    }
  else
    adw_status_page_set_description (self->error_status, message);
  gtk_stack_set_visible_child_name (self->main_stack, "error");
  update_actions (self);
}

MutualLedger *
mutual_window_get_ledger (MutualWindow *self)
{
  g_return_val_if_fail (MUTUAL_IS_WINDOW (self), NULL);
  return self->ledger;
}

gboolean
mutual_window_is_demo (MutualWindow *self)
{
  g_return_val_if_fail (MUTUAL_IS_WINDOW (self), FALSE);
  return self->ledger != NULL && self->ledger != self->own_ledger;
}

GListModel *
mutual_window_get_relationships (MutualWindow *self)
{
  g_return_val_if_fail (MUTUAL_IS_WINDOW (self), NULL);
  return G_LIST_MODEL (self->sorted);
}

void
mutual_window_set_search (MutualWindow *self,
                          const char   *text)
{
  g_return_if_fail (MUTUAL_IS_WINDOW (self));

  if (g_strcmp0 (self->search, text) == 0)
    return;
  g_free (self->search);
  self->search = g_strdup (text);
  /* Replacing the text passes through "", which the entry reports at
   * once: ignore the entry while it catches up. */
  self->setting_search = TRUE;
  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->search_entry)), text ? text : "") != 0)
    gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text ? text : "");
  self->setting_search = FALSE;
  refilter (self);
  update_state (self);
}

void
mutual_window_show_relationship (MutualWindow *self,
                                 gint64        id)
{
  g_return_if_fail (MUTUAL_IS_WINDOW (self));

  if (self->model == NULL || mutual_relationship_model_find (self->model, id) == NULL)
    return;
  show (self, id, TRUE);
}

gint64
mutual_window_get_relationship_id (MutualWindow *self)
{
  g_return_val_if_fail (MUTUAL_IS_WINDOW (self), 0);
  return self->shown_id;
}

gboolean
mutual_window_delete_exchange (MutualWindow  *self,
                               gint64         id,
                               GError       **error)
{
  g_autoptr(MutualExchange) exchange = NULL;
  AdwToast *undo;

  g_return_val_if_fail (MUTUAL_IS_WINDOW (self), FALSE);

  exchange = mutual_ledger_get_exchange (self->ledger, id, error);
  if (exchange == NULL)
    return FALSE;
  if (!mutual_ledger_delete_exchange (self->ledger, id, error))
    return FALSE;

  g_clear_pointer (&self->deleted, mutual_exchange_free);
  self->deleted = g_steal_pointer (&exchange);

  if (self->undo_toast)
    adw_toast_dismiss (self->undo_toast);
  undo = adw_toast_new (_("Exchange deleted"));
  adw_toast_set_button_label (undo, _("_Undo"));
  adw_toast_set_action_name (undo, "win.undo");
  adw_toast_set_priority (undo, ADW_TOAST_PRIORITY_HIGH);
  g_signal_connect_object (undo, "dismissed", G_CALLBACK (on_undo_toast_dismissed), self, G_CONNECT_SWAPPED);
  self->undo_toast = g_object_ref (undo);
  adw_toast_overlay_add_toast (self->toast_overlay, undo);
  update_actions (self);
  return TRUE;
}
