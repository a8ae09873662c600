/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mutual-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "core/mutual-money.h"
#include "mutual-preferences-window.h"
#include "mutual-ui-util.h"

struct _MutualPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  MutualLedger         *ledger;
  GSettings            *settings;
  gboolean              loading;

  AdwComboRow          *currency_row;
  AdwComboRow          *range_row;
  AdwEntryRow          *author_row;
};

G_DEFINE_FINAL_TYPE (MutualPreferencesWindow, mutual_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

static void
on_currency_selected (MutualPreferencesWindow *self)
{
  const char * const *codes = mutual_currency_list ();
  guint selected = adw_combo_row_get_selected (self->currency_row);
  g_autoptr(GError) error = NULL;

  if (self->loading || selected == GTK_INVALID_LIST_POSITION)
    return;
  if (!mutual_ledger_set_currency (self->ledger, codes[selected], &error))
    adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (error->message));
}

static void
on_range_selected (MutualPreferencesWindow *self)
{
  if (self->loading || self->settings == NULL)
    return;
  g_settings_set_enum (self->settings, "chart-range", adw_combo_row_get_selected (self->range_row));
}

static void
mutual_preferences_window_dispose (GObject *object)
{
  MutualPreferencesWindow *self = MUTUAL_PREFERENCES_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), MUTUAL_TYPE_PREFERENCES_WINDOW);
  g_clear_object (&self->ledger);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (mutual_preferences_window_parent_class)->dispose (object);
}

static void
mutual_preferences_window_class_init (MutualPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mutual_preferences_window_dispose;

  mutual_ui_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/mutualapp/Mutual/mutual-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, MutualPreferencesWindow, currency_row);
  gtk_widget_class_bind_template_child (widget_class, MutualPreferencesWindow, range_row);
  gtk_widget_class_bind_template_child (widget_class, MutualPreferencesWindow, author_row);
}

static void
mutual_preferences_window_init (MutualPreferencesWindow *self)
{

  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = mutual_ui_settings_new ();
}

MutualPreferencesWindow *
mutual_preferences_window_new (MutualLedger *ledger)
{
  MutualPreferencesWindow *self;
  g_autoptr(GtkStringList) currencies = gtk_string_list_new (NULL);
  const char * const *codes = mutual_currency_list ();
  const char *current;
  gboolean has_exchanges;

  g_return_val_if_fail (MUTUAL_IS_LEDGER (ledger), NULL);

  self = g_object_new (MUTUAL_TYPE_PREFERENCES_WINDOW, NULL);
  self->ledger = g_object_ref (ledger);
  self->loading = TRUE;

  current = mutual_ledger_get_currency (ledger);
  for (guint i = 0; codes[i] != NULL; i++)
    {
      g_autofree char *label = g_strdup_printf ("%s (%s)", codes[i], mutual_currency_symbol (codes[i]));
      gtk_string_list_append (currencies, label);
    }
  adw_combo_row_set_model (self->currency_row, G_LIST_MODEL (currencies));
  for (guint i = 0; codes[i] != NULL; i++)
    if (g_strcmp0 (codes[i], current) == 0)
      adw_combo_row_set_selected (self->currency_row, i);

  has_exchanges = mutual_ledger_count_exchanges (ledger, 0) > 0;
  gtk_widget_set_sensitive (GTK_WIDGET (self->currency_row), !has_exchanges);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->currency_row),
                               has_exchanges
                               ? _("Fixed once the ledger holds exchanges, as every value is stored in it")
                               : _("Every value in this ledger is in this currency"));

  if (self->settings)
    adw_combo_row_set_selected (self->range_row, g_settings_get_enum (self->settings, "chart-range"));
  else
    gtk_widget_set_sensitive (GTK_WIDGET (self->range_row), FALSE);
  /* Who prepared a report, for its cover (the Report dialog edits it too). */
  if (self->settings)
    g_settings_bind (self->settings, "report-author", self->author_row, "text", G_SETTINGS_BIND_DEFAULT);
  else
    gtk_widget_set_sensitive (GTK_WIDGET (self->author_row), FALSE);

  g_signal_connect_object (self->currency_row, "notify::selected", G_CALLBACK (on_currency_selected),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->range_row, "notify::selected", G_CALLBACK (on_range_selected),
                           self, G_CONNECT_SWAPPED);
  self->loading = FALSE;
  return self;
}
