/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mutual-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "mutual-chart-view.h"
#include "mutual-relationship-row.h"
#include "mutual-ui-util.h"
#include "mutual-window-private.h"

/* How often the ledger is checked for another process's changes. */
#define POLL_INTERVAL_MS 1000

G_DEFINE_FINAL_TYPE (MutualWindow, mutual_window, ADW_TYPE_APPLICATION_WINDOW)

/* GtkListView 4.8 takes Tab to its next row, so Tab walked every
 * relationship: around the sidebar's list, this bin lets Tab and
 * Shift+Tab enter it once and leave it at once; the arrows move between
 * rows. (GTK 4.12's tab-behavior does the same.) */
#define MUTUAL_TYPE_TAB_STOP (mutual_tab_stop_get_type ())
G_DECLARE_FINAL_TYPE (MutualTabStop, mutual_tab_stop, MUTUAL, TAB_STOP, GtkWidget)

struct _MutualTabStop
{
  GtkWidget parent_instance;
};

G_DEFINE_FINAL_TYPE (MutualTabStop, mutual_tab_stop, GTK_TYPE_WIDGET)

static gboolean
mutual_tab_stop_focus (GtkWidget        *widget,
                       GtkDirectionType  direction)
{
  if ((direction == GTK_DIR_TAB_FORWARD || direction == GTK_DIR_TAB_BACKWARD)
      && gtk_widget_get_focus_child (widget) != NULL)
    return FALSE;
  return GTK_WIDGET_CLASS (mutual_tab_stop_parent_class)->focus (widget, direction);
}

static void
mutual_tab_stop_dispose (GObject *object)
{
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (object)));)
    gtk_widget_unparent (child);
  G_OBJECT_CLASS (mutual_tab_stop_parent_class)->dispose (object);
}

static void
mutual_tab_stop_class_init (MutualTabStopClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = mutual_tab_stop_dispose;
  GTK_WIDGET_CLASS (klass)->focus = mutual_tab_stop_focus;
  gtk_widget_class_set_layout_manager_type (GTK_WIDGET_CLASS (klass), GTK_TYPE_BIN_LAYOUT);
}

static void
mutual_tab_stop_init (MutualTabStop *self)
{
}

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

  return mutual_relationship_item_compare_directed ((MutualRelationshipItem *) a,
                                                    (MutualRelationshipItem *) b,
                                                    self->sort, self->descending);
}

static void
refilter (MutualWindow *self)
{
  gtk_filter_changed (gtk_filter_list_model_get_filter (self->filtered), GTK_FILTER_CHANGE_DIFFERENT);
}

/* After a new search, filter or sort the old offset points at other
 * rows: back to the selected row, or to the top. */
static void
scroll_to_selected_or_top (MutualWindow *self)
{
  guint selected = gtk_single_selection_get_selected (self->selection);

  /* Through the list's anchor: an adjustment set by hand is overridden
   * by the list's next allocation. */
  if (selected == GTK_INVALID_LIST_POSITION)
    selected = 0;
  if (selected < g_list_model_get_n_items (G_LIST_MODEL (self->sorted)))
    gtk_widget_activate_action (GTK_WIDGET (self->relationship_list), "list.scroll-to-item", "u", selected);
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
 * moving the content. */
static void
sync_selection (MutualWindow *self)
{
  MutualRelationshipItem *selected = gtk_single_selection_get_selected_item (self->selection);
  guint position;

  /* A click in the sidebar selected it already: no walk through the
   * 10,000 rows of a large ledger. */
  if (self->shown_id != 0 && selected != NULL && mutual_relationship_item_get_id (selected) == self->shown_id)
    position = gtk_single_selection_get_selected (self->selection);
  else
    position = self->shown_id ? position_of (G_LIST_MODEL (self->sorted), self->shown_id)
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

void
_mutual_window_show (MutualWindow *self,
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
  _mutual_window_update_actions (self);
  remember_shown (self);
  if (navigate)
    adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
}

/* The filters by class or flag wait for the assessments; the other
 * ones do not. */
static gboolean
filter_needs_assessments (MutualRelationshipFilter filter)
{
  return filter != MUTUAL_RELATIONSHIP_FILTER_ALL
         && filter != MUTUAL_RELATIONSHIP_FILTER_ARCHIVED;
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
              ? "assessing"
              /* "All" is every relationship not archived: none left is not "No Matches". */
              : self->filter == MUTUAL_RELATIONSHIP_FILTER_ALL && (self->search == NULL || *self->search == '\0')
                && n_all > 0 ? "archived" : "none";
  gtk_stack_set_visible_child_name (self->sidebar_stack, sidebar);
  /* A spinner animates even on a page not shown: a restyle and a
   * relayout of the whole window every frame. */
  gtk_spinner_set_spinning (self->assessing_spinner, g_str_equal (sidebar, "assessing"));

  /* The shown relationship is gone (deleted here or elsewhere). */
  if (self->shown_id != 0 && mutual_relationship_model_find (self->model, self->shown_id) == NULL)
    _mutual_window_show (self, 0, FALSE);
  else
    sync_selection (self);
}

static void
on_model_items_changed (MutualWindow *self)
{
  update_state (self);
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
    _mutual_window_show (self, mutual_relationship_item_get_id (item), TRUE);
}

static void
on_overview_activated (MutualWindow *self)
{
  _mutual_window_show (self, 0, TRUE);
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
      scroll_to_selected_or_top (self);
    }
}

static void
resort (MutualWindow *self)
{
  if (self->settings && !self->restoring_sort)
    {
      g_settings_set_enum (self->settings, "sidebar-sort", self->sort);
      g_settings_set_boolean (self->settings, "sidebar-sort-descending", self->descending);
    }
  if (self->sorted)
    {
      gtk_sorter_changed (gtk_sort_list_model_get_sorter (self->sorted), GTK_SORTER_CHANGE_DIFFERENT);
      sync_selection (self);
      scroll_to_selected_or_top (self);
    }
}

static void
show_direction (MutualWindow *self)
{
  gtk_button_set_icon_name (GTK_BUTTON (self->sort_direction_button),
                            self->descending ? "view-sort-descending-symbolic" : "view-sort-ascending-symbolic");
  if (gtk_toggle_button_get_active (self->sort_direction_button) != self->descending)
    gtk_toggle_button_set_active (self->sort_direction_button, self->descending);
}

/* A new choice of sort starts in its usual direction: the highest
 * balance, the latest activity first. */
static void
on_sort_changed (MutualWindow *self)
{
  self->sort = gtk_drop_down_get_selected (self->sort_dropdown);
  if (!self->restoring_sort)
    {
      self->descending = mutual_relationship_sort_is_descending (self->sort);
      show_direction (self);
    }
  resort (self);
}

static void
on_sort_direction_toggled (MutualWindow *self)
{
  gboolean descending = gtk_toggle_button_get_active (self->sort_direction_button);

  if (descending == self->descending)
    return;
  self->descending = descending;
  show_direction (self);
  resort (self);
}

static void
restore_sort (MutualWindow *self)
{
  int sort;

  if (self->settings == NULL)
    return;
  sort = g_settings_get_enum (self->settings, "sidebar-sort");
  self->restoring_sort = TRUE;
  self->descending = g_settings_get_boolean (self->settings, "sidebar-sort-descending");
  if (sort >= MUTUAL_RELATIONSHIP_SORT_NAME && sort <= MUTUAL_RELATIONSHIP_SORT_LAST_ACTIVITY)
    gtk_drop_down_set_selected (self->sort_dropdown, sort);
  self->sort = gtk_drop_down_get_selected (self->sort_dropdown);
  show_direction (self);
  self->restoring_sort = FALSE;
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

void
_mutual_window_set_ledger (MutualWindow *self,
                           MutualLedger *ledger)
{
  g_autoptr(MutualRelationshipModel) model = NULL;

  if (self->ledger == ledger)
    return;

  g_set_object (&self->ledger, ledger);
  self->shown_id = 0;
  mutual_relationship_page_set_ledger (self->relationship_page, ledger);
  _mutual_window_reset_undo (self);

  model = mutual_relationship_model_new (ledger);
  g_set_object (&self->model, model);
  gtk_filter_list_model_set_model (self->filtered, G_LIST_MODEL (model));
  g_signal_group_set_target (self->model_signals, model);
  mutual_overview_page_set_model (self->overview_page, model);

  gtk_revealer_set_reveal_child (self->demo_revealer, ledger != self->own_ledger);
  adw_window_title_set_subtitle (self->sidebar_title,
                                 ledger != self->own_ledger ? _("Demo Data") : NULL);
  self->switching = TRUE;
  _mutual_window_show (self, 0, FALSE);
  update_state (self);
  self->switching = FALSE;
}

void
_mutual_window_restore_last_shown (MutualWindow *self)
{
  g_autofree char *uuid = NULL;
  g_autoptr(MutualRelationship) rel = NULL;

  if (self->settings == NULL)
    return;
  uuid = g_settings_get_string (self->settings, "last-relationship");
  if (*uuid != '\0')
    rel = mutual_ledger_get_relationship_by_uuid (self->ledger, uuid, NULL);
  if (rel != NULL && mutual_relationship_model_find (self->model, rel->id) != NULL)
    _mutual_window_show (self, rel->id, TRUE);
}

void
_mutual_window_on_relationship_saved (MutualWindow *self,
                                      gint64        id)
{
  /* Show what was just added even when the filter would hide it. */
  if (mutual_relationship_model_find (self->model, id) != NULL
      && position_of (G_LIST_MODEL (self->sorted), id) == GTK_INVALID_LIST_POSITION)
    {
      gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
      gtk_drop_down_set_selected (self->filter_dropdown, MUTUAL_RELATIONSHIP_FILTER_ALL);
    }
  _mutual_window_show (self, id, TRUE);
}

void
_mutual_window_set_own_ledger (MutualWindow *self,
                               MutualLedger *ledger)
{
  g_set_object (&self->own_ledger, ledger);
  _mutual_window_set_ledger (self, ledger);
  _mutual_window_restore_last_shown (self);
  if (self->poll_id == 0)
    self->poll_id = g_timeout_add (POLL_INTERVAL_MS, poll_cb, self);
}

void
_mutual_window_toast (MutualWindow *self,
                     const char   *text)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (text));
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
  g_clear_object (&self->sorted);
  g_clear_object (&self->filtered);
  g_clear_object (&self->model_signals);
  g_clear_object (&self->model);
  g_clear_object (&self->ledger);
  g_clear_object (&self->own_ledger);
  g_clear_object (&self->settings);
  g_clear_object (&self->undo_toast);
  g_clear_object (&self->undo);
  g_clear_object (&self->note_toast);

  G_OBJECT_CLASS (mutual_window_parent_class)->dispose (object);
}

static void
mutual_window_finalize (GObject *object)
{
  MutualWindow *self = MUTUAL_WINDOW (object);

  g_clear_pointer (&self->search, g_free);
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

  g_type_ensure (MUTUAL_TYPE_TAB_STOP);
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
  gtk_widget_class_bind_template_child (widget_class, MutualWindow, sort_direction_button);
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
  gtk_widget_class_bind_template_callback (widget_class, on_sort_direction_toggled);
  gtk_widget_class_bind_template_callback (widget_class, on_overview_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_page_title_changed);

  _mutual_window_class_actions_init (klass);
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
  restore_sort (self);

  self->filtered = gtk_filter_list_model_new (NULL, GTK_FILTER (gtk_custom_filter_new (filter_func, self, NULL)));
  self->sorted = gtk_sort_list_model_new (g_object_ref (G_LIST_MODEL (self->filtered)),
                                          GTK_SORTER (gtk_custom_sorter_new (sort_func, self, NULL)));
  /* Every row, not a slice grown by scrolling: the list view makes
   * widgets only for what is visible, and the sort compares keys made
   * once per item, so 10,000 cost little and the scrollbar is true. */
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->sorted)));
  self->model_signals = g_signal_group_new (MUTUAL_TYPE_RELATIONSHIP_MODEL);
  /* After the filter and sort models' own handlers, so they are current
   * when read, whenever each was connected. */
  g_signal_group_connect_object (self->model_signals, "items-changed", G_CALLBACK (on_model_items_changed),
                                 self, G_CONNECT_SWAPPED | G_CONNECT_AFTER);
  g_signal_group_connect_object (self->model_signals, "notify::assessed", G_CALLBACK (on_model_assessed),
                                 self, G_CONNECT_SWAPPED);
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
  _mutual_window_setup_drop (self);
  _mutual_window_update_actions (self);
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
    _mutual_window_set_own_ledger (self, ledger);
  _mutual_window_update_actions (self);
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
  _mutual_window_update_actions (self);
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
  scroll_to_selected_or_top (self);
}

void
mutual_window_show_relationship (MutualWindow *self,
                                 gint64        id)
{
  g_return_if_fail (MUTUAL_IS_WINDOW (self));

  if (self->model == NULL || mutual_relationship_model_find (self->model, id) == NULL)
    return;
  _mutual_window_show (self, id, TRUE);
}

gint64
mutual_window_get_relationship_id (MutualWindow *self)
{
  g_return_val_if_fail (MUTUAL_IS_WINDOW (self), 0);
  return self->shown_id;
}
