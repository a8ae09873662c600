/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mutual-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "core/mutual-ledger.h"
#include "mutual-application.h"
#include "mutual-preferences-window.h"
#include "mutual-ui-util.h"
#include "mutual-window.h"

struct _MutualApplication
{
  AdwApplication  parent_instance;

  char           *ledger_path;   /* --ledger, NULL for the usual one */
};

G_DEFINE_FINAL_TYPE (MutualApplication, mutual_application, ADW_TYPE_APPLICATION)

static const struct {
  const char *action;
  const char *accels[3];
} accelerators[] = {
  { "app.quit", { "<Control>q", NULL } },
  { "win.add-exchange", { "<Control>n", NULL } },
  { "win.add-relationship", { "<Control><Shift>n", NULL } },
  { "win.search", { "<Control>f", NULL } },
  { "win.undo", { "<Control>z", NULL } },
  { "win.export-chart", { "<Control>e", NULL } },
  { "win.import", { "<Control>i", NULL } },
  { "win.show-help-overlay", { "<Control>question", NULL } },
  { "window.close", { "<Control>w", NULL } },
};

static MutualWindow *
active_window (MutualApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  return MUTUAL_IS_WINDOW (window) ? MUTUAL_WINDOW (window) : NULL;
}

static void
quit_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  g_autoptr(GList) windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (user_data)));

  /* Close rather than quit outright, so each window saves its state. */
  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_close (l->data);
}

static void
about_activated (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  MutualApplication *self = user_data;
  const char *developers[] = { _("The Mutual developers"), NULL };
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", gtk_application_get_active_window (GTK_APPLICATION (self)),
                        "application-name", _("Mutual"),
                        "application-icon", APP_ID,
                        "version", PACKAGE_VERSION,
                        "comments", _("Which of your relationships are partnerships, and which are just transactions — and who actually values you."),
                        "developer-name", _("The Mutual developers"),
                        "developers", developers,
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "copyright", _("© 2026 The Mutual developers"),
                        "translator-credits", _("translator-credits"),
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static void
preferences_activated (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  MutualWindow *window = active_window (user_data);
  GtkWindow *preferences;

  if (window == NULL || mutual_window_get_ledger (window) == NULL)
    return;
  preferences = GTK_WINDOW (mutual_preferences_window_new (mutual_window_get_ledger (window)));
  gtk_window_set_transient_for (preferences, GTK_WINDOW (window));
  gtk_window_present (preferences);
}

static const GActionEntry app_actions[] = {
  { "quit", quit_activated },
  { "about", about_activated },
  { "preferences", preferences_activated },
};

static int
mutual_application_handle_local_options (GApplication *application,
                                         GVariantDict *options)
{
  MutualApplication *self = MUTUAL_APPLICATION (application);
  g_autofree char *path = NULL;

  if (g_variant_dict_lookup (options, "ledger", "^ay", &path))
    {
      g_free (self->ledger_path);
      self->ledger_path = g_steal_pointer (&path);
    }
  return -1;
}

static void
mutual_application_activate (GApplication *application)
{
  MutualApplication *self = MUTUAL_APPLICATION (application);
  g_autofree char *path = NULL;
  g_autoptr(MutualLedger) ledger = NULL;
  g_autoptr(GError) error = NULL;
  MutualWindow *window;

  window = active_window (self);
  if (window != NULL)
    {
      gtk_window_present (GTK_WINDOW (window));
      return;
    }

  path = mutual_ledger_resolve_path (self->ledger_path);
  ledger = mutual_ledger_open (path, &error);
  window = mutual_window_new (GTK_APPLICATION (self), ledger);
  if (ledger == NULL)
    {
      g_printerr ("mutual: %s\n", error->message);
      mutual_window_show_open_error (window, path, error->message);
    }
  gtk_window_present (GTK_WINDOW (window));
}

static void
mutual_application_startup (GApplication *application)
{
  G_APPLICATION_CLASS (mutual_application_parent_class)->startup (application);

  g_action_map_add_action_entries (G_ACTION_MAP (application), app_actions,
                                   G_N_ELEMENTS (app_actions), application);
  for (guint i = 0; i < G_N_ELEMENTS (accelerators); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (application),
                                           accelerators[i].action,
                                           accelerators[i].accels);
}

static void
mutual_application_finalize (GObject *object)
{
  MutualApplication *self = MUTUAL_APPLICATION (object);

  g_clear_pointer (&self->ledger_path, g_free);

  G_OBJECT_CLASS (mutual_application_parent_class)->finalize (object);
}

static void
mutual_application_class_init (MutualApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = mutual_application_finalize;
  mutual_ui_ensure_resources ();
  app_class->handle_local_options = mutual_application_handle_local_options;
  app_class->activate = mutual_application_activate;
  app_class->startup = mutual_application_startup;
}

static void
mutual_application_init (MutualApplication *self)
{
  static const GOptionEntry entries[] = {
    { "ledger", 0, 0, G_OPTION_ARG_FILENAME, NULL, N_("Open the ledger at PATH"), N_("PATH") },
    { NULL }
  };

  g_application_add_main_option_entries (G_APPLICATION (self), entries);
}

MutualApplication *
mutual_application_new (void)
{
  /* Each process keeps its own ledger (--ledger, $MUTUAL_LEDGER): two
   * windows on two ledgers must not be merged into one instance. */
  return g_object_new (MUTUAL_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_NON_UNIQUE,
                       "resource-base-path", "/io/github/mutualapp/Mutual",
                       NULL);
}

int
mutual_application_run (int    argc,
                        char **argv)
{
  g_autoptr(MutualApplication) app = mutual_application_new ();

  g_set_application_name (_("Mutual"));
  return g_application_run (G_APPLICATION (app), argc, argv);
}
