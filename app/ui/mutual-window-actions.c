/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mutual-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "core/mutual-backup.h"
#include "mutual-relationship-dialog.h"
#include "mutual-window-private.h"

static void
present_dialog (MutualWindow *self,
                GtkWindow    *dialog)
{
  gtk_window_set_transient_for (dialog, GTK_WINDOW (self));
  gtk_window_present (dialog);
}

static void
on_relationship_added (MutualWindow *self,
                       gint64        id)
{
  g_autoptr(GError) error = NULL;

  if (self->undo != NULL
      && !mutual_undo_record_relationship_added (self->undo, id, _("Relationship added"), &error))
    g_warning ("Adding “%" G_GINT64_FORMAT "” cannot be undone: %s", id, error->message);
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
  g_signal_connect_object (dialog, "saved", G_CALLBACK (on_relationship_added), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (dialog, "saved", G_CALLBACK (_mutual_window_on_relationship_saved), self, G_CONNECT_SWAPPED);
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
  _mutual_window_show (MUTUAL_WINDOW (widget), 0, TRUE);
}

static void
show_archived_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  gtk_drop_down_set_selected (MUTUAL_WINDOW (widget)->filter_dropdown, MUTUAL_RELATIONSHIP_FILTER_ARCHIVED);
}

static void
show_relationship_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  mutual_window_show_relationship (MUTUAL_WINDOW (widget), g_variant_get_int64 (parameter));
}

static void
delete_exchange_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  MutualWindow *self = MUTUAL_WINDOW (widget);
  g_autoptr(GError) error = NULL;

  if (!mutual_window_delete_exchange (self, g_variant_get_int64 (parameter), &error))
    _mutual_window_toast (self, error->message);
}

static void
on_note_toast_dismissed (MutualWindow *self,
                         AdwToast     *dismissed)
{
  if (self->note_toast == dismissed)
    g_clear_object (&self->note_toast);
}

/* A toast without a button, that the next undo toast replaces: with
 * libadwaita 1.2 a toast pushed back by a high-priority one and shown
 * again before it finished hiding aborts. */
static void
show_note (MutualWindow *self,
           const char   *text)
{
  AdwToast *toast = adw_toast_new (text);

  if (self->note_toast)
    adw_toast_dismiss (self->note_toast);
  g_signal_connect_object (toast, "dismissed", G_CALLBACK (on_note_toast_dismissed), self, G_CONNECT_SWAPPED);
  self->note_toast = g_object_ref (toast);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
undo_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  MutualWindow *self = MUTUAL_WINDOW (widget);
  g_autoptr(GError) error = NULL;
  gint64 shown;

  if (self->undo_toast)
    adw_toast_dismiss (self->undo_toast);
  if (self->undo == NULL || !mutual_undo_can_undo (self->undo))
    {
      show_note (self, _("Nothing to undo"));
      return;
    }
  shown = mutual_undo_peek_relationship (self->undo);
  if (!mutual_undo_undo (self->undo, &error))
    {
      if (error != NULL)
        _mutual_window_toast (self, error->message);
      return;
    }
  /* Where the change is undone: a relationship deleted from the window
   * comes back on its page, not behind the Overview. */
  if (shown != 0 && shown != mutual_relationship_page_get_relationship_id (self->relationship_page))
    mutual_window_show_relationship (self, shown);
}

static void
on_undo_toast_dismissed (MutualWindow *self,
                         AdwToast     *dismissed)
{
  if (self->undo_toast == dismissed)
    g_clear_object (&self->undo_toast);
}

/* Each change, wherever in the window it was made, offers its undo. */
static void
on_undo_recorded (MutualUndo *undo,
                  const char *description,
                  gpointer    user_data)
{
  MutualWindow *self = MUTUAL_WINDOW (user_data);
  AdwToast *toast;

  if (self->undo_toast)
    adw_toast_dismiss (self->undo_toast);
  if (self->note_toast)
    adw_toast_dismiss (self->note_toast);
  toast = adw_toast_new (description);
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_action_name (toast, "win.undo");
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  g_signal_connect_object (toast, "dismissed", G_CALLBACK (on_undo_toast_dismissed), self, G_CONNECT_SWAPPED);
  self->undo_toast = g_object_ref (toast);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);

  /* Queued after the undo: the demo ledger is thrown away on leaving. */
  if (mutual_window_is_demo (self) && !self->demo_told)
    {
      self->demo_told = TRUE;
      show_note (self, _("Changed in the demo ledger only"));
    }
}

void
_mutual_window_reset_undo (MutualWindow *self)
{
  if (self->undo_toast)
    adw_toast_dismiss (self->undo_toast);
  g_clear_object (&self->undo);
  self->demo_told = FALSE;
  if (self->ledger != NULL)
    {
      self->undo = mutual_undo_new (self->ledger);
      g_signal_connect_object (self->undo, "recorded", G_CALLBACK (on_undo_recorded), self, 0);
    }
  mutual_relationship_page_set_undo (self->relationship_page, self->undo);
  _mutual_window_update_actions (self);
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
  _mutual_window_set_own_ledger (self, ledger);
  _mutual_window_update_actions (self);
  kept_name = kept ? g_path_get_basename (kept) : NULL;
  if (kept_name)
    text = g_strdup_printf (_("Backup restored; the damaged file was kept as “%s”"), kept_name);
  _mutual_window_toast (self, text ? text : _("Backup restored"));
}

gboolean
mutual_window_delete_exchange (MutualWindow  *self,
                               gint64         id,
                               GError       **error)
{
  g_return_val_if_fail (MUTUAL_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (self->undo != NULL, FALSE);

  return mutual_undo_delete_exchange (self->undo, id, _("Exchange deleted"), error);
}

static void
try_demo_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  _mutual_window_try_demo (MUTUAL_WINDOW (widget));
}

static void
leave_demo_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  _mutual_window_leave_demo (MUTUAL_WINDOW (widget));
}

static void
import_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  _mutual_window_choose_import (MUTUAL_WINDOW (widget));
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  _mutual_window_choose_export (MUTUAL_WINDOW (widget));
}

static void
report_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  _mutual_window_choose_report (MUTUAL_WINDOW (widget));
}

static void
export_chart_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  _mutual_window_choose_chart_export (MUTUAL_WINDOW (widget));
}

static void
cancel_transfer_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  _mutual_window_cancel_transfer (MUTUAL_WINDOW (widget));
}

void
_mutual_window_class_actions_init (MutualWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  /* Class actions rather than the window's GActionMap: the "win" group
   * of GtkApplicationWindow lists these too, and accelerators set on the
   * application reach them. */
  gtk_widget_class_install_action (widget_class, "win.add-relationship", NULL, add_relationship_action);
  gtk_widget_class_install_action (widget_class, "win.add-exchange", NULL, add_exchange_action);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "win.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "win.show-overview", NULL, show_overview_action);
  gtk_widget_class_install_action (widget_class, "win.show-relationship", "x", show_relationship_action);
  gtk_widget_class_install_action (widget_class, "win.show-archived", NULL, show_archived_action);
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

void
_mutual_window_update_actions (MutualWindow *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean has_ledger = self->ledger != NULL;

  gtk_widget_action_set_enabled (widget, "win.add-relationship", has_ledger);
  gtk_widget_action_set_enabled (widget, "win.add-exchange", has_ledger && self->shown_id != 0);
  /* Always: with nothing to undo, it says so rather than nothing. */
  gtk_widget_action_set_enabled (widget, "win.undo", has_ledger);
  gtk_widget_action_set_enabled (widget, "win.try-demo", has_ledger && self->ledger == self->own_ledger);
  gtk_widget_action_set_enabled (widget, "win.leave-demo", has_ledger && self->ledger != self->own_ledger);
  gtk_widget_action_set_enabled (widget, "win.import", has_ledger && self->transfer == NULL);
  gtk_widget_action_set_enabled (widget, "win.export", has_ledger && self->transfer == NULL);
  gtk_widget_action_set_enabled (widget, "win.report", has_ledger && self->transfer == NULL);
  gtk_widget_action_set_enabled (widget, "win.cancel-transfer", self->transfer != NULL);
  gtk_widget_action_set_enabled (widget, "win.restore-backup", !has_ledger && self->backup != NULL);
}
