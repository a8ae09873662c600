/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-ui-window"

#include "config.h"

#include <adwaita.h>
#include <sqlite3.h>
#include <string.h>

#include "test-util.h"
#include "test-ui-util.h"
#include "test-archetypes.h"
#include "core/mutual-error.h"
#include "ui/mutual-chart-view-private.h"
#include "ui/mutual-exchange-item.h"
#include "ui/mutual-relationship-item.h"
#include "ui/mutual-relationship-page.h"
#include "ui/mutual-relationship-row.h"
#include "core/mutual-identifiers.h"
#include "ui/mutual-application.h"
#include "ui/mutual-import-assistant-private.h"
#include "ui/mutual-relationship-dialog-private.h"
#include "ui/mutual-window-private.h"
#include "ui/mutual-ui-util.h"
#include "core/mutual-chart.h"

static char *cache_dir;

static MutualWindow *
open_window (LedgerFixture *f)
{
  MutualWindow *window = mutual_window_new (NULL, f->ledger);

  gtk_window_present (GTK_WINDOW (window));
  iterate_main_loop (50);
  return window;
}

static gboolean
shows (MutualWindow *window,
       GType         type,
       const char   *text)
{
  GtkWidget *widget = find_widget (GTK_WIDGET (window), type, text);

  return widget != NULL && gtk_widget_get_mapped (widget);
}

static GtkWidget *
find_by_type (GtkWidget *root,
              GType      type)
{
  if (g_type_is_a (G_OBJECT_TYPE (root), type))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_by_type (child, type);
      if (found)
        return found;
    }
  return NULL;
}

static GtkWidget *
find_mapped_by_type (GtkWidget *root,
                     GType      type)
{
  if (g_type_is_a (G_OBJECT_TYPE (root), type) && gtk_widget_get_mapped (root))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_mapped_by_type (child, type);
      if (found)
        return found;
    }
  return NULL;
}

/* The relationship page's sections: "Summary" or "Exchanges", as a
 * person switches them, by the switcher's button. */
static void
show_section (MutualWindow *window,
              const char   *title)
{
  GtkWidget *found = find_widget (GTK_WIDGET (window), GTK_TYPE_TOGGLE_BUTTON, title);

  if (found == NULL)
    {
      found = find_widget (GTK_WIDGET (window), GTK_TYPE_LABEL, title);
      while (found != NULL && !GTK_IS_TOGGLE_BUTTON (found))
        found = gtk_widget_get_parent (found);
    }
  g_assert_nonnull (found);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (found), TRUE);
  iterate_main_loop (30);
}

static GtkWidget *
exchange_view_of (MutualWindow *window)
{
  GtkWidget *view = find_widget (GTK_WIDGET (window), GTK_TYPE_LABEL, "Why?");

  return find_by_type (gtk_widget_get_ancestor (view, MUTUAL_TYPE_RELATIONSHIP_PAGE), GTK_TYPE_COLUMN_VIEW);
}

static void
test_empty_ledger (LedgerFixture *f,
                   gconstpointer  data)
{
  MutualWindow *window = open_window (f);

  g_assert_true (shows (window, GTK_TYPE_BUTTON, "Add Relationship"));
  g_assert_true (shows (window, GTK_TYPE_BUTTON, "Try Demo Data"));
  g_assert_false (shows (window, GTK_TYPE_LABEL, "Overview"));

  /* The first relationship leaves the empty state. */
  fixture_add_relationship (f, "Acme");
  iterate_main_loop (50);
  g_assert_false (shows (window, GTK_TYPE_BUTTON, "Try Demo Data"));
  g_assert_true (shows (window, GTK_TYPE_LABEL, "Acme"));
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_undo_restores_deleted_exchange (LedgerFixture *f,
                                     gconstpointer  data)
{
  gint64 id = fixture_add_relationship (f, "Acme");
  gint64 eid = fixture_log (f, id, 20250201, MUTUAL_DIRECTION_GIVEN, MUTUAL_KIND_WORK, 450000);
  g_autoptr(MutualExchange) before = mutual_ledger_get_exchange (f->ledger, eid, NULL);
  g_autoptr(MutualExchange) after = NULL;
  g_autoptr(GError) error = NULL;
  MutualWindow *window = open_window (f);

  mutual_window_show_relationship (window, id);
  g_assert_false (gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL)
                  && mutual_ledger_count_exchanges (f->ledger, id) != 1);

  g_assert_true (mutual_window_delete_exchange (window, eid, &error));
  g_assert_no_error (error);
  g_assert_cmpint (mutual_ledger_count_exchanges (f->ledger, id), ==, 0);
  iterate_main_loop (50);
  g_assert_true (shows (window, GTK_TYPE_LABEL, "Exchange deleted"));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL));
  g_assert_cmpint (mutual_ledger_count_exchanges (f->ledger, id), ==, 1);
  after = mutual_ledger_get_exchange_by_uuid (f->ledger, before->uuid, &error);
  g_assert_no_error (error);
  g_assert_cmpint (after->relationship_id, ==, id);
  g_assert_cmpint (after->value, ==, 450000);
  g_assert_cmpuint (after->date, ==, 20250201);
  g_assert_cmpint (after->kind, ==, MUTUAL_KIND_WORK);

  /* Undo once: a second one restores nothing more. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL);
  g_assert_cmpint (mutual_ledger_count_exchanges (f->ledger, id), ==, 1);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_search_filters_sidebar (LedgerFixture *f,
                             gconstpointer  data)
{
  MutualWindow *window;
  GListModel *shown;

  fixture_add_relationship (f, "Acme GmbH");
  fixture_add_relationship (f, "Blue Fern Bakery");
  fixture_add_relationship (f, "Acorn Studio");
  window = open_window (f);
  shown = mutual_window_get_relationships (window);

  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 3);
  mutual_window_set_search (window, "AC");
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 2);
  mutual_window_set_search (window, "nobody");
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 0);
  iterate_main_loop (50);
  g_assert_true (shows (window, GTK_TYPE_LABEL, "No Matches"));
  mutual_window_set_search (window, "");
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 3);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_shows_other_process_changes (LedgerFixture *f,
                                  gconstpointer  data)
{
  g_autoptr(MutualLedger) other = NULL;
  g_autoptr(MutualRelationship) rel = mutual_relationship_new ();
  g_autoptr(GError) error = NULL;
  MutualWindow *window;
  gint64 id = fixture_add_relationship (f, "Acme");

  window = open_window (f);
  mutual_window_show_relationship (window, id);
  g_assert_cmpint (mutual_window_get_relationship_id (window), ==, id);

  other = mutual_ledger_open (f->path, &error);
  g_assert_no_error (error);
  rel->name = g_strdup ("Logged elsewhere");
  g_assert_true (mutual_ledger_add_relationship (other, rel, &error));
  g_assert_cmpuint (g_list_model_get_n_items (mutual_window_get_relationships (window)), ==, 1);

  mutual_window_poll (window);
  g_assert_cmpuint (g_list_model_get_n_items (mutual_window_get_relationships (window)), ==, 2);
  /* The page shown stays where it was. */
  g_assert_cmpint (mutual_window_get_relationship_id (window), ==, id);

  /* A deletion elsewhere of what is shown returns to the overview. */
  g_assert_true (mutual_ledger_delete_relationship (other, id, &error));
  mutual_window_poll (window);
  g_assert_cmpint (mutual_window_get_relationship_id (window), ==, 0);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_demo_leaves_own_ledger_alone (LedgerFixture *f,
                                   gconstpointer  data)
{
  MutualWindow *window = open_window (f);
  g_autofree char *expected_dir = g_build_filename (cache_dir, "mutual", NULL);
  MutualLedger *demo;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.try-demo", NULL));
  g_assert_true (mutual_window_is_demo (window));
  demo = mutual_window_get_ledger (window);
  g_assert_true (g_str_has_prefix (mutual_ledger_get_path (demo), expected_dir));
  g_assert_cmpint (mutual_ledger_count_relationships (demo), >, 0);
  g_assert_cmpint (mutual_ledger_count_relationships (f->ledger), ==, 0);
  /* The banner shows once the window has laid out the demo ledger. */
  {
    gint64 end = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

    while (!shows (window, GTK_TYPE_BUTTON, "Back to My Ledger") && g_get_monotonic_time () < end)
      iterate_main_loop (20);
  }
  g_assert_true (shows (window, GTK_TYPE_BUTTON, "Back to My Ledger"));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.leave-demo", NULL));
  g_assert_false (mutual_window_is_demo (window));
  g_assert_true (mutual_window_get_ledger (window) == f->ledger);
  g_assert_cmpint (mutual_ledger_count_relationships (f->ledger), ==, 0);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
wait_until_idle (MutualWindow *window)
{
  gint64 end = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  while (mutual_window_is_busy (window) && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (mutual_window_is_busy (window));
}

static void
test_export_then_import (LedgerFixture *f,
                         gconstpointer  data)
{
  gint64 id = fixture_add_relationship (f, "Acme");
  g_autofree char *xml = g_build_filename (f->dir, "export.xml", NULL);
  g_autofree char *other_path = g_build_filename (f->dir, "other.db", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (xml);
  g_autoptr(MutualLedger) other = NULL;
  g_autoptr(GError) error = NULL;
  MutualWindow *window;

  fixture_log (f, id, 20250201, MUTUAL_DIRECTION_GIVEN, MUTUAL_KIND_WORK, 450000);
  window = open_window (f);
  mutual_window_export_file (window, file);
  wait_until_idle (window);
  g_assert_true (g_file_test (xml, G_FILE_TEST_IS_REGULAR));
  gtk_window_destroy (GTK_WINDOW (window));

  /* Into an empty ledger, through a window on it. */
  other = mutual_ledger_open (other_path, &error);
  g_assert_no_error (error);
  window = mutual_window_new (NULL, other);
  gtk_window_present (GTK_WINDOW (window));
  mutual_window_import_file (window, file);
  wait_until_idle (window);
  iterate_main_loop (50);
  g_assert_cmpint (mutual_ledger_count_relationships (other), ==, 1);
  g_assert_cmpint (mutual_ledger_count_exchanges (other, 0), ==, 1);
  /* The window shows it without a restart. */
  g_assert_cmpuint (g_list_model_get_n_items (mutual_window_get_relationships (window)), ==, 1);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_import_error_changes_nothing (LedgerFixture *f,
                                   gconstpointer  data)
{
  g_autofree char *xml = g_build_filename (f->dir, "bad.xml", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (xml);
  MutualWindow *window;

  g_assert_true (g_file_set_contents (xml, "<?xml version=\"1.0\"?>\n<mutual xmlns=\"urn:mutual:ledger:1\" "
                                      "version=\"1\" currency=\"EUR\">\n<relationship name=\"A\"/>\n"
                                      "<relationship name=\"\"/>\n</mutual>\n", -1, NULL));
  window = open_window (f);
  mutual_window_import_file (window, file);
  wait_until_idle (window);
  g_assert_cmpint (mutual_ledger_count_relationships (f->ledger), ==, 0);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_chart_is_described (LedgerFixture *f,
                         gconstpointer  data)
{
  gint64 id = fixture_add_relationship (f, "Acme");
  MutualDate today = mutual_date_today ();
  MutualWindow *window;
  GtkWidget *page;
  MutualChartView *view;
  const char *description;

  fixture_log (f, id, mutual_date_add_days (today, -40), MUTUAL_DIRECTION_GIVEN, MUTUAL_KIND_WORK, 100000);
  fixture_log (f, id, mutual_date_add_days (today, -10), MUTUAL_DIRECTION_RECEIVED, MUTUAL_KIND_PAYMENT, 150000);
  window = open_window (f);
  mutual_window_show_relationship (window, id);
  iterate_main_loop (100);

  page = find_widget (GTK_WIDGET (window), GTK_TYPE_LABEL, "Why?");
  g_assert_nonnull (page);
  page = gtk_widget_get_ancestor (page, MUTUAL_TYPE_RELATIONSHIP_PAGE);
  view = mutual_relationship_page_get_chart_view (MUTUAL_RELATIONSHIP_PAGE (page));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (view)));
  g_assert_cmpint (gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (view)), ==, GTK_ACCESSIBLE_ROLE_IMG);
  description = mutual_chart_view_get_description (view);
  g_assert_nonnull (description);
  g_assert_nonnull (strstr (description, "balance"));
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_export_chart (LedgerFixture *f,
                   gconstpointer  data)
{
  gint64 id = fixture_add_relationship (f, "Acme");
  g_autofree char *png = g_build_filename (f->dir, "acme.png", NULL);
  g_autofree char *txt = g_build_filename (f->dir, "acme.txt", NULL);
  g_autoptr(GFile) png_file = g_file_new_for_path (png);
  g_autoptr(GFile) txt_file = g_file_new_for_path (txt);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  MutualChartExportOptions options;
  MutualWindow *window;
  gsize length;

  window = open_window (f);
  /* An empty ledger has no chart: refused, nothing written. */
  g_assert_false (mutual_window_export_chart (window, png_file, NULL, &error));
  g_assert_error (error, MUTUAL_ERROR, MUTUAL_ERROR_DATA);
  g_clear_error (&error);
  g_assert_false (g_file_test (png, G_FILE_TEST_EXISTS));

  fixture_log (f, id, mutual_date_add_days (mutual_date_today (), -3), MUTUAL_DIRECTION_GIVEN,
               MUTUAL_KIND_WORK, 1000);
  mutual_window_show_relationship (window, id);
  mutual_chart_export_options_init (&options);
  options.width = 400;
  options.height = 300;
  g_assert_true (mutual_window_export_chart (window, png_file, &options, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (png, &contents, &length, NULL));
  g_assert_cmpuint (length, >, 24);
  g_assert_cmpmem (contents, 8, "\x89PNG\r\n\x1a\n", 8);
  /* Width and height in the IHDR chunk, big-endian. */
  g_assert_cmpuint (GUINT32_FROM_BE (*(guint32 *) (contents + 16)), ==, 400);
  g_assert_cmpuint (GUINT32_FROM_BE (*(guint32 *) (contents + 20)), ==, 300);

  g_assert_false (mutual_window_export_chart (window, txt_file, &options, &error));
  g_assert_nonnull (error);
  g_assert_false (g_file_test (txt, G_FILE_TEST_EXISTS));
  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
window_has_action (MutualWindow *window,
                   const char   *name)
{
  const char *action_name;
  GType owner;
  const char *property;
  const GVariantType *type;

  for (guint i = 0;
       gtk_widget_class_query_action (GTK_WIDGET_GET_CLASS (window), i, &owner, &action_name,
                                      &type, &property);
       i++)
    if (g_str_equal (action_name, name))
      return TRUE;
  /* GtkApplicationWindow's own map (show-help-overlay). */
  return g_str_has_prefix (name, "win.")
         && g_action_group_has_action (G_ACTION_GROUP (window), name + 4);
}

static void
test_accelerators_reach_actions (LedgerFixture *f,
                                 gconstpointer  data)
{
  static const struct { const char *accel; const char *action; } expected[] = {
    { "<Control>n", "win.add-exchange" },
    { "<Control><Shift>n", "win.add-relationship" },
    { "<Control>f", "win.search" },
    { "<Control>e", "win.export-chart" },
    { "<Control>i", "win.import" },
    { "<Control>z", "win.undo" },
    { "<Control>q", "app.quit" },
    { "<Control>question", "win.show-help-overlay" },
  };
  g_autoptr(MutualApplication) app = mutual_application_new ();
  g_autoptr(GError) error = NULL;
  MutualWindow *window;

  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);
  window = mutual_window_new (GTK_APPLICATION (app), f->ledger);

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_auto(GStrv) actions = gtk_application_get_actions_for_accel (GTK_APPLICATION (app), expected[i].accel);

      g_assert_nonnull (actions);
      g_assert_cmpstr (actions[0], ==, expected[i].action);
      if (g_str_has_prefix (expected[i].action, "app."))
        g_assert_true (g_action_group_has_action (G_ACTION_GROUP (app), expected[i].action + 4));
      else
        g_assert_true (window_has_action (window, expected[i].action));
    }
  gtk_window_destroy (GTK_WINDOW (window));
}

static AdwMessageDialog *
find_message_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window))
        return ADW_MESSAGE_DIALOG (window);
    }
  return NULL;
}

static MutualRelationshipDialog *
find_relationship_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (MUTUAL_IS_RELATIONSHIP_DIALOG (window))
        return MUTUAL_RELATIONSHIP_DIALOG (window);
    }
  return NULL;
}

static void
test_undo_restores_identifiers (LedgerFixture *f,
                                gconstpointer  data)
{
  gint64 id = fixture_add_relationship (f, "Acme");
  MutualWindow *window;
  MutualRelationshipDialog *dialog;
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(GPtrArray) undone = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (mutual_ledger_add_identifier (f->ledger, id, MUTUAL_IDENTIFIER_EMAIL, "ap@acme.example", &error));
  g_assert_no_error (error);
  window = open_window (f);
  mutual_window_show_relationship (window, id);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window->relationship_page), "relationship.edit", NULL));
  iterate_main_loop (50);
  dialog = find_relationship_dialog ();
  g_assert_nonnull (dialog);

  /* One removed, one added, saved: the edit is one change to undo. */
  g_assert_true (mutual_relationship_dialog_remove_identifier (dialog, "ap@acme.example"));
  g_assert_true (mutual_relationship_dialog_add_identifier (dialog, MUTUAL_IDENTIFIER_ALIAS, "ACME SAGT DANKE"));
  g_assert_true (mutual_relationship_dialog_save (dialog));
  iterate_main_loop (50);
  after = mutual_ledger_list_identifiers (f->ledger, id, NULL);
  g_assert_cmpuint (after->len, ==, 1);
  g_assert_cmpint (((MutualIdentifier *) after->pdata[0])->type, ==, MUTUAL_IDENTIFIER_ALIAS);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL));
  iterate_main_loop (50);
  undone = mutual_ledger_list_identifiers (f->ledger, id, NULL);
  g_assert_cmpuint (undone->len, ==, 1);
  g_assert_cmpstr (((MutualIdentifier *) undone->pdata[0])->value, ==, "ap@acme.example");
  gtk_window_destroy (GTK_WINDOW (window));
}

static MutualImportAssistant *
find_import_assistant (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (MUTUAL_IS_IMPORT_ASSISTANT (window))
        return MUTUAL_IMPORT_ASSISTANT (window);
    }
  return NULL;
}

/* Until the assistant shows @page (its threads report through the loop). */
static void
wait_for_page (MutualImportAssistant *assistant,
               const char            *page)
{
  gint64 end = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  while (g_strcmp0 (mutual_import_assistant_get_page (assistant), page) != 0
         && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
  g_assert_cmpstr (mutual_import_assistant_get_page (assistant), ==, page);
}

static void
wait_until_gone (gpointer *pointer)
{
  gint64 end = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  while (*pointer != NULL && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
  g_assert_null (*pointer);
}

static GFile *
write_fixture_file (LedgerFixture *f,
                    const char    *name,
                    const char    *text)
{
  g_autofree char *path = g_build_filename (f->dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (path, text, -1, &error));
  g_assert_no_error (error);
  return g_file_new_for_path (path);
}

static void
test_import_assistant_xml_undone (LedgerFixture *f,
                                  gconstpointer  data)
{
  gint64 id = fixture_add_relationship (f, "Acme");
  g_autofree char *xml = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(MutualRelationship) zenith = NULL;
  g_autoptr(GError) error = NULL;
  MutualImportAssistant *assistant;
  MutualWindow *window;

  fixture_log (f, id, 20250110, MUTUAL_DIRECTION_GIVEN, MUTUAL_KIND_WORK, 45000);
  xml = g_strdup_printf ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                         "<mutual xmlns=\"urn:mutual:ledger:1\" version=\"1\" currency=\"%s\">\n"
                         "  <relationship name=\"Zenith\">\n"
                         "    <exchange date=\"2025-02-01\" direction=\"given\" kind=\"work\" value=\"100\"/>\n"
                         "    <exchange date=\"2025-03-01\" direction=\"received\" kind=\"payment\" value=\"100\"/>\n"
                         "  </relationship>\n"
                         "</mutual>\n", mutual_ledger_get_currency (f->ledger));
  file = write_fixture_file (f, "zenith.xml", xml);
  window = open_window (f);

  /* A Mutual file: its type, no columns to map, then its counts. */
  assistant = mutual_window_start_import (window, file);
  g_assert_nonnull (assistant);
  g_object_add_weak_pointer (G_OBJECT (assistant), (gpointer *) &assistant);
  wait_for_page (assistant, "file");
  g_assert_cmpint (mutual_import_assistant_get_type_found (assistant), ==, MUTUAL_IMPORT_TYPE_MUTUAL);
  g_assert_true (shows ((MutualWindow *) assistant, ADW_TYPE_ACTION_ROW, "Type"));
  g_assert_nonnull (find_widget (GTK_WIDGET (assistant), GTK_TYPE_LABEL, "Mutual ledger file"));
  g_assert_false (shows ((MutualWindow *) assistant, ADW_TYPE_COMBO_ROW, "Preset"));
  mutual_import_assistant_next (assistant);
  wait_for_page (assistant, "preview");
  g_assert_cmpint (mutual_ledger_count_relationships (f->ledger), ==, 1);
  mutual_import_assistant_next (assistant);
  wait_until_gone ((gpointer *) &assistant);
  iterate_main_loop (50);

  zenith = mutual_ledger_find_relationship (f->ledger, "Zenith", &error);
  g_assert_no_error (error);
  g_assert_cmpint (mutual_ledger_count_exchanges (f->ledger, zenith->id), ==, 2);
  g_assert_nonnull (window->undo_toast);
  g_assert_nonnull (strstr (adw_toast_get_title (window->undo_toast), "zenith.xml"));

  /* The toast's Undo takes the whole import back. */
  g_assert_cmpstr (adw_toast_get_action_name (window->undo_toast), ==, "win.undo");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL));
  iterate_main_loop (50);
  g_assert_cmpint (mutual_ledger_count_relationships (f->ledger), ==, 1);
  g_assert_cmpint (mutual_ledger_count_exchanges (f->ledger, 0), ==, 1);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_import_assistant_bad_file_changes_nothing (LedgerFixture *f,
                                                gconstpointer  data)
{
  g_autoptr(GFile) file = NULL;
  MutualImportAssistant *assistant;
  MutualWindow *window;

  fixture_add_relationship (f, "Acme");
  file = write_fixture_file (f, "broken.xml",
                             "<?xml version=\"1.0\"?>\n<mutual xmlns=\"urn:mutual:ledger:1\" version=\"1\">\n"
                             "  <relationship name=\"Zenith\">\n    <exchange date=\"2025-02-31\"/>\n");
  window = open_window (f);
  assistant = mutual_window_start_import (window, file);
  g_object_add_weak_pointer (G_OBJECT (assistant), (gpointer *) &assistant);
  wait_for_page (assistant, "error");
  g_assert_cmpint (mutual_ledger_count_relationships (f->ledger), ==, 1);
  gtk_window_close (GTK_WINDOW (assistant));
  wait_until_gone ((gpointer *) &assistant);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* A file dropped on the window opens the assistant on it. */
static void
test_import_by_drop (LedgerFixture *f,
                     gconstpointer  data)
{
  g_autoptr(GFile) file = write_fixture_file (f, "dropped.csv",
                                              "date;payment;info;payee;memo;amount;category;tags\n"
                                              "2025-03-03;4;;Acme GmbH;Invoice 12;1200.00;;\n");
  g_autoptr(GListModel) controllers = NULL;
  MutualImportAssistant *assistant;
  MutualWindow *window;
  gboolean dropped = FALSE;

  fixture_add_relationship (f, "Acme GmbH");
  window = open_window (f);
  g_assert_null (find_import_assistant ());
  controllers = gtk_widget_observe_controllers (GTK_WIDGET (window));
  for (guint i = 0; i < g_list_model_get_n_items (controllers) && !dropped; i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);
      g_auto(GValue) value = G_VALUE_INIT;
      GSList *files = g_slist_prepend (NULL, file);

      if (!GTK_IS_DROP_TARGET (controller))
        {
          g_slist_free (files);
          continue;
        }
      g_value_init (&value, GDK_TYPE_FILE_LIST);
      g_value_take_boxed (&value, gdk_file_list_new_from_list (files));
      g_slist_free (files);
      g_signal_emit_by_name (controller, "drop", &value, 10.0, 10.0, &dropped);
    }
  g_assert_true (dropped);
  assistant = find_import_assistant ();
  g_assert_nonnull (assistant);
  g_object_add_weak_pointer (G_OBJECT (assistant), (gpointer *) &assistant);
  wait_for_page (assistant, "file");
  g_assert_cmpint (mutual_import_assistant_get_type_found (assistant), ==, MUTUAL_IMPORT_TYPE_CSV);
  gtk_window_destroy (GTK_WINDOW (assistant));
  wait_until_gone ((gpointer *) &assistant);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* A file no preset knows: its columns named by hand, kept as a preset of
 * one's own, and imported through that mapping. */
static void
test_import_custom_mapping (LedgerFixture *f,
                            gconstpointer  data)
{
  gint64 id = fixture_add_relationship (f, "Acme GmbH");
  g_autoptr(GFile) file = write_fixture_file (f, "own.csv",
                                              "When,Who,Amount,What\n"
                                              "2025-03-03,Acme GmbH,-120.00,Hosting\n"
                                              "2025-03-20,Acme GmbH,900.00,Invoice 7\n");
  g_autoptr(GSettings) settings = mutual_ui_settings_new ();
  g_autoptr(GVariant) saved = NULL;
  g_autoptr(GPtrArray) exchanges = NULL;
  g_autoptr(GError) error = NULL;
  const char *map = NULL;
  MutualImportAssistant *assistant;
  MutualWindow *window;
  GtkWidget *name_row;

  window = open_window (f);
  assistant = mutual_window_start_import (window, file);
  g_object_add_weak_pointer (G_OBJECT (assistant), (gpointer *) &assistant);
  wait_for_page (assistant, "file");
  g_assert_cmpint (mutual_import_assistant_get_type_found (assistant), ==, MUTUAL_IMPORT_TYPE_CSV);
  mutual_import_assistant_set_map (assistant, "date=When,counterparty=Who,amount=Amount,note=What");

  /* Kept under a name of one's own. */
  name_row = find_widget (GTK_WIDGET (assistant), ADW_TYPE_ENTRY_ROW, "Save as Preset");
  g_assert_nonnull (name_row);
  gtk_editable_set_text (GTK_EDITABLE (name_row), "My bank");
  g_signal_emit_by_name (name_row, "apply");
  saved = g_settings_get_value (settings, "csv-presets");
  g_assert_true (g_variant_lookup (saved, "My bank", "&s", &map));
  g_assert_nonnull (strstr (map, "counterparty=Who"));
  g_assert_nonnull (strstr (map, "amount=Amount"));

  mutual_import_assistant_next (assistant);
  wait_for_page (assistant, "preview");
  g_assert_cmpuint (g_list_model_get_n_items (mutual_import_assistant_get_rows (assistant)), ==, 2);
  mutual_import_assistant_next (assistant);
  wait_until_gone ((gpointer *) &assistant);
  iterate_main_loop (50);

  exchanges = mutual_ledger_list_exchanges (f->ledger, id, MUTUAL_EXCHANGE_SORT_DATE, FALSE, 0, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (exchanges->len, ==, 2);
  g_assert_cmpint (((MutualExchange *) exchanges->pdata[0])->direction, ==, MUTUAL_DIRECTION_GIVEN);
  g_assert_cmpint (((MutualExchange *) exchanges->pdata[0])->value, ==, 12000);
  g_assert_cmpstr (((MutualExchange *) exchanges->pdata[0])->note, ==, "Hosting");
  g_assert_cmpint (((MutualExchange *) exchanges->pdata[1])->direction, ==, MUTUAL_DIRECTION_RECEIVED);
  g_assert_cmpint (((MutualExchange *) exchanges->pdata[1])->value, ==, 90000);
  g_settings_reset (settings, "csv-presets");
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_import_assistant_csv_assigned (LedgerFixture *f,
                                    gconstpointer  data)
{
  gint64 id = fixture_add_relationship (f, "Acme GmbH");
  g_autoptr(GFile) file = NULL;
  g_autoptr(GPtrArray) identifiers = NULL;
  g_autoptr(GError) error = NULL;
  MutualImportAssistant *assistant;
  MutualWindow *window;
  GListModel *rows;

  /* HomeBank's CSV (homebank.free.fr/help/misc-csvformat.html), found by
   * its header. */
  file = write_fixture_file (f, "statement.csv",
                             "date;payment;info;payee;memo;amount;category;tags\n"
                             "2025-03-03;4;;Acme GmbH;Invoice 12;1200.00;;\n"
                             "2025-03-17;4;;ACME GMBH SAGT DANKE;Invoice 13;800.00;;\n"
                             "2025-03-28;4;;ACME GMBH SAGT DANKE;Invoice 14;350.50;;\n");
  /* An archived relationship is still matched, and named in the preview. */
  {
    g_autoptr(MutualRelationship) rel = mutual_ledger_get_relationship (f->ledger, id, NULL);

    rel->archived = TRUE;
    g_assert_true (mutual_ledger_update_relationship (f->ledger, rel, &error));
    g_assert_no_error (error);
  }
  window = open_window (f);
  assistant = mutual_window_start_import (window, file);
  g_object_add_weak_pointer (G_OBJECT (assistant), (gpointer *) &assistant);
  wait_for_page (assistant, "file");
  g_assert_cmpint (mutual_import_assistant_get_type_found (assistant), ==, MUTUAL_IMPORT_TYPE_CSV);
  g_assert_true (shows ((MutualWindow *) assistant, ADW_TYPE_COMBO_ROW, "Preset"));

  /* Every row previewed with its relationship, the payee that matched
   * none once. */
  mutual_import_assistant_next (assistant);
  wait_for_page (assistant, "preview");
  rows = mutual_import_assistant_get_rows (assistant);
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, 3);
  {
    g_autoptr(GObject) first = g_list_model_get_item (rows, 0);
    g_autoptr(GObject) second = g_list_model_get_item (rows, 1);

    g_assert_cmpstr (mutual_import_assistant_get_row_text (first, 1), ==, "Acme GmbH");
    g_assert_cmpstr (mutual_import_assistant_get_row_text (first, 4), ==, "Acme GmbH");
    g_assert_cmpstr (mutual_import_assistant_get_row_text (second, 4), ==, "Unmatched");
  }
  g_assert_cmpuint (mutual_import_assistant_get_n_unmatched (assistant), ==, 1);
  mutual_import_assistant_next (assistant);
  wait_for_page (assistant, "unmatched");
  g_assert_true (mutual_import_assistant_assign (assistant, "ACME GMBH SAGT DANKE", MUTUAL_IMPORT_ASSIGN, id, TRUE));
  mutual_import_assistant_next (assistant);
  wait_until_gone ((gpointer *) &assistant);
  iterate_main_loop (50);

  g_assert_cmpint (mutual_ledger_count_exchanges (f->ledger, id), ==, 3);
  identifiers = mutual_ledger_list_identifiers (f->ledger, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (identifiers->len, ==, 1);
  g_assert_cmpstr (((MutualIdentifier *) identifiers->pdata[0])->value, ==, "ACME GMBH SAGT DANKE");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL));
  iterate_main_loop (50);
  g_assert_cmpint (mutual_ledger_count_exchanges (f->ledger, id), ==, 0);
  g_clear_pointer (&identifiers, g_ptr_array_unref);
  identifiers = mutual_ledger_list_identifiers (f->ledger, id, NULL);
  g_assert_cmpuint (identifiers->len, ==, 0);
  g_assert_null (find_import_assistant ());
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_import_filters_offer_every_type (void)
{
  g_autoptr(GListModel) filters = mutual_window_get_import_filters ();
  g_autoptr(GtkFileFilter) all = g_list_model_get_item (filters, 0);
  const char *names[] = { "a.xml", "b.CSV", "c.ofx", "d.qfx", "e.qif", "f.vcf", "g.vcard" };

  g_assert_cmpstr (gtk_file_filter_get_name (all), ==, "All supported files");
  g_assert_cmpuint (g_list_model_get_n_items (filters), ==, 7);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(GFileInfo) info = g_file_info_new ();

      g_file_info_set_display_name (info, names[i]);
      g_file_info_set_name (info, names[i]);
      g_assert_true (gtk_filter_match (GTK_FILTER (all), info));
    }
}

static void
test_override_with_reason (LedgerFixture *f,
                           gconstpointer  data)
{
  gint64 id = fixture_add_relationship (f, "Acme");
  g_autoptr(MutualRelationship) rel = NULL;
  MutualWindow *window = open_window (f);
  GtkWidget *page;
  AdwMessageDialog *dialog;

  mutual_window_show_relationship (window, id);
  page = gtk_widget_get_ancestor (find_widget (GTK_WIDGET (window), GTK_TYPE_LABEL, "Why?"),
                                  MUTUAL_TYPE_RELATIONSHIP_PAGE);
  g_assert_true (gtk_widget_activate_action (page, "relationship.override", "s", "partnership"));
  dialog = find_message_dialog ();
  g_assert_nonnull (dialog);
  gtk_editable_set_text (GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog)),
                         "They refer us every quarter.");
  adw_message_dialog_response (dialog, "apply");
  iterate_main_loop (50);

  rel = mutual_ledger_get_relationship (f->ledger, id, NULL);
  g_assert_cmpint (rel->override, ==, MUTUAL_CLASS_PARTNERSHIP);
  g_assert_cmpstr (rel->override_reason, ==, "They refer us every quarter.");
  g_assert_true (shows (window, GTK_TYPE_LABEL, "Partnership"));

  /* Back to the computed class; the reason goes with it. */
  g_assert_true (gtk_widget_activate_action (page, "relationship.override", "s", "none"));
  g_clear_pointer (&rel, mutual_relationship_free);
  rel = mutual_ledger_get_relationship (f->ledger, id, NULL);
  g_assert_cmpint (rel->override, ==, MUTUAL_CLASS_NONE);
  g_assert_null (rel->override_reason);

  /* Archive hides it from "All". */
  g_assert_true (gtk_widget_activate_action (page, "relationship.archive", NULL));
  g_assert_cmpuint (g_list_model_get_n_items (mutual_window_get_relationships (window)), ==, 0);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* A damaged ledger with a backup from its last schema update. */
static char *
make_damaged_ledger_with_backup (const char *dir)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MutualLedger) old = NULL;
  g_autoptr(MutualLedger) current = NULL;
  g_autofree char *contents = NULL;
  char *path = g_build_filename (dir, "ledger.db", NULL);
  gsize length;

  old = open_old_ledger (path);
  g_clear_object (&old);
  current = mutual_ledger_open (path, &error);    /* migrates, after a backup */
  g_assert_no_error (error);
  g_clear_object (&current);

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  memset (contents, 'x', 16);
  g_assert_true (g_file_set_contents (path, contents, length, NULL));
  return path;
}

static void
test_damaged_ledger_offers_backup (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("mutual-test-XXXXXX", NULL);
  g_autofree char *path = make_damaged_ledger_with_backup (dir);
  g_autoptr(MutualLedger) refused = mutual_ledger_open (path, &error);
  MutualWindow *window = mutual_window_new (NULL, NULL);
  g_autoptr(GDir) listing = NULL;
  const char *name;
  gboolean kept = FALSE;

  g_assert_null (refused);
  mutual_window_show_open_error (window, path, error->message);
  gtk_window_present (GTK_WINDOW (window));
  iterate_main_loop (50);
  g_assert_true (shows (window, GTK_TYPE_LABEL, "The Ledger Cannot Be Opened"));
  g_assert_true (shows (window, GTK_TYPE_BUTTON, "_Restore Backup"));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.restore-backup", NULL));
  iterate_main_loop (50);
  g_assert_nonnull (mutual_window_get_ledger (window));
  g_assert_true (shows (window, GTK_TYPE_LABEL, "Old friend"));
  g_assert_false (shows (window, GTK_TYPE_BUTTON, "_Restore Backup"));

  listing = g_dir_open (dir, 0, NULL);
  while ((name = g_dir_read_name (listing)))
    kept |= strstr (name, ".damaged-") != NULL;
  g_assert_true (kept);
  gtk_window_destroy (GTK_WINDOW (window));
  iterate_main_loop (20);
  remove_tree (dir);
}

static void
test_damaged_ledger_without_backup (void)
{
  g_autofree char *dir = g_dir_make_tmp ("mutual-test-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "ledger.db", NULL);
  MutualWindow *window = mutual_window_new (NULL, NULL);

  g_assert_true (g_file_set_contents (path, "not a ledger", -1, NULL));
  mutual_window_show_open_error (window, path, "The file is not a Mutual ledger.");
  gtk_window_present (GTK_WINDOW (window));
  iterate_main_loop (50);
  g_assert_true (shows (window, GTK_TYPE_LABEL, "The Ledger Cannot Be Opened"));
  g_assert_false (shows (window, GTK_TYPE_BUTTON, "_Restore Backup"));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.restore-backup", NULL);
  g_assert_null (mutual_window_get_ledger (window));
  gtk_window_destroy (GTK_WINDOW (window));
  remove_tree (dir);
}

/* A relationship that the tests call a partnership: a year of two-way,
 * relational exchanges. */
static gint64
add_partnership (LedgerFixture *f,
                 const char    *name)
{
  gint64 id = fixture_add_relationship (f, name);
  MutualDate today = mutual_date_today ();

  for (int m = 0; m < 6; m++)
    {
      MutualDate d = mutual_date_add_days (today, -30 * m);
      fixture_log (f, id, d, MUTUAL_DIRECTION_GIVEN, MUTUAL_KIND_ADVICE, 1000);
      fixture_log (f, id, d, MUTUAL_DIRECTION_RECEIVED, MUTUAL_KIND_REFERRAL, 1000);
    }
  return id;
}

static GtkWidget *
find_sidebar_list (GtkWidget *root)
{
  if (G_OBJECT_TYPE (root) == GTK_TYPE_LIST_VIEW && gtk_widget_has_css_class (root, "navigation-sidebar"))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_sidebar_list (child);
      if (found)
        return found;
    }
  return NULL;
}

/* A label of the sidebar's rows (the overview has a "Transactional" and
 * a review table of its own). */
static gboolean
sidebar_shows (MutualWindow *window,
               const char   *text)
{
  GtkWidget *list = find_sidebar_list (GTK_WIDGET (window));
  GtkWidget *label = list ? find_widget (list, GTK_TYPE_LABEL, text) : NULL;

  return label != NULL && gtk_widget_get_mapped (label);
}

/* Iterates until the sidebar shows a label with @text, or not; fails
 * after a while. */
static void
wait_for_sidebar (MutualWindow *window,
                  const char   *text,
                  gboolean      shown)
{
  gint64 end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (sidebar_shows (window, text) != shown && g_get_monotonic_time () < end)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (1000);
  g_assert_true (sidebar_shows (window, text) == shown);
}

static void
wait_for_label (MutualWindow *window,
                const char   *text)
{
  gint64 end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (!shows (window, GTK_TYPE_LABEL, text) && g_get_monotonic_time () < end)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (1000);
  g_assert_true (shows (window, GTK_TYPE_LABEL, text));
}

/* A drop-down by its tooltip, as "Show" or "Sort By". */
static GtkDropDown *
find_dropdown (GtkWidget  *root,
               const char *tooltip)
{
  if (GTK_IS_DROP_DOWN (root) && g_strcmp0 (gtk_widget_get_tooltip_text (root), tooltip) == 0)
    return GTK_DROP_DOWN (root);
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkDropDown *found = find_dropdown (child, tooltip);
      if (found)
        return found;
    }
  return NULL;
}

/* The sort chosen is remembered (in memory, for the whole test run):
 * each test that chooses one forgets it after. */
static void
forget_sidebar_sort (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);

  g_settings_reset (settings, "sidebar-sort");
  g_settings_reset (settings, "sidebar-sort-descending");
}

static void
test_assessments_arrive_later (LedgerFixture *f,
                               gconstpointer  data)
{
  MutualWindow *window;
  GListModel *shown;

  add_partnership (f, "Partner Co");
  fixture_add_relationship (f, "Quiet Ltd");
  window = mutual_window_new (NULL, f->ledger);
  gtk_window_present (GTK_WINDOW (window));
  shown = mutual_window_get_relationships (window);

  /* The names at once; the classes come from the thread. */
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 2);
  iterate_main_loop (0);
  g_assert_false (sidebar_shows (window, "Partnership"));

  /* A filter by class waits for them rather than guessing. */
  gtk_drop_down_set_selected (find_dropdown (GTK_WIDGET (window), "Show"), MUTUAL_RELATIONSHIP_FILTER_PARTNERSHIPS);
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 0);
  wait_for_label (window, "Assessing Relationships…");
  g_assert_false (shows (window, GTK_TYPE_LABEL, "No Matches"));

  wait_for_sidebar (window, "Partnership", TRUE);
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 1);
  g_assert_false (shows (window, GTK_TYPE_LABEL, "Assessing Relationships…"));

  /* Without an exchange yet it is "New", not "Transactional". */
  gtk_drop_down_set_selected (find_dropdown (GTK_WIDGET (window), "Show"), MUTUAL_RELATIONSHIP_FILTER_TRANSACTIONAL);
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 0);
  gtk_drop_down_set_selected (find_dropdown (GTK_WIDGET (window), "Show"), MUTUAL_RELATIONSHIP_FILTER_NEW);
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 1);
  wait_for_sidebar (window, "New", TRUE);
  g_assert_false (sidebar_shows (window, "Transactional"));
  g_assert_false (sidebar_shows (window, "Partnership"));
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_sort_by_balance_once_assessed (LedgerFixture *f,
                                    gconstpointer  data)
{
  MutualWindow *window;
  GListModel *shown;
  gint64 owes = fixture_add_relationship (f, "A owes");
  gint64 pays = fixture_add_relationship (f, "B pays");

  fixture_log (f, owes, 20240101, MUTUAL_DIRECTION_GIVEN, MUTUAL_KIND_WORK, 5000);
  fixture_log (f, pays, 20240101, MUTUAL_DIRECTION_RECEIVED, MUTUAL_KIND_PAYMENT, 7000);
  window = mutual_window_new (NULL, f->ledger);
  gtk_window_present (GTK_WINDOW (window));
  shown = mutual_window_get_relationships (window);

  /* Chosen before the figures are there: applied when they come. */
  gtk_drop_down_set_selected (find_dropdown (GTK_WIDGET (window), "Sort By"), MUTUAL_RELATIONSHIP_SORT_BALANCE);
  wait_for_sidebar (window, "Transactional", TRUE);
  {
    g_autoptr(MutualRelationshipItem) first = g_list_model_get_item (shown, 0);
    g_assert_cmpint (mutual_relationship_item_get_id (first), ==, pays);
  }
  gtk_window_destroy (GTK_WINDOW (window));
  forget_sidebar_sort ();
}

static void
test_other_process_change_reassesses (LedgerFixture *f,
                                      gconstpointer  data)
{
  g_autoptr(MutualLedger) other = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(MutualExchange) exchange = mutual_exchange_new ();
  MutualWindow *window;
  gint64 id = add_partnership (f, "Partner Co");

  window = open_window (f);
  wait_for_sidebar (window, "Partnership", TRUE);

  /* Another process makes it one-sided: the sidebar follows. */
  other = mutual_ledger_open (f->path, &error);
  g_assert_no_error (error);
  exchange->relationship_id = id;
  exchange->date = mutual_date_today ();
  exchange->direction = MUTUAL_DIRECTION_GIVEN;
  exchange->kind = MUTUAL_KIND_WORK;
  exchange->value = 9000000;
  g_assert_true (mutual_ledger_add_exchange (other, exchange, &error));
  g_assert_no_error (error);
  mutual_window_poll (window);
  wait_for_sidebar (window, "Transactional", TRUE);
  g_assert_false (sidebar_shows (window, "Partnership"));
  /* The review table of the overview too. */
  g_assert_false (shows (window, GTK_TYPE_LABEL, "Partnership"));
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_closed_while_assessing (LedgerFixture *f,
                             gconstpointer  data)
{
  MutualWindow *window;

  add_partnership (f, "Partner Co");
  window = g_object_ref (mutual_window_new (NULL, f->ledger));
  gtk_window_present (GTK_WINDOW (window));
  /* Closed before the thread's result is in: dropped, nothing leaks. */
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
  iterate_main_loop (200);
}

static void
test_future_exchange_counted (LedgerFixture *f,
                              gconstpointer  data)
{
  gint64 id = fixture_add_relationship (f, "Planned");
  MutualDate today = mutual_date_today ();
  MutualWindow *window;

  fixture_log (f, id, mutual_date_add_days (today, -10), MUTUAL_DIRECTION_GIVEN, MUTUAL_KIND_WORK, 100);
  fixture_log (f, id, today, MUTUAL_DIRECTION_RECEIVED, MUTUAL_KIND_PAYMENT, 100);
  /* Not in the assessment, which stops today, but in the list. */
  fixture_log (f, id, mutual_date_add_days (today, 30), MUTUAL_DIRECTION_GIVEN, MUTUAL_KIND_WORK, 100);
  window = open_window (f);
  mutual_window_show_relationship (window, id);
  iterate_main_loop (50);
  show_section (window, "Exchanges");
  g_assert_true (shows (window, GTK_TYPE_LABEL, "3 Exchanges"));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The exchanges are a full-height list of their own, not a box scrolling
 * inside the scrolling page: it grows as it is scrolled and reaches the
 * last one. */
static void
test_exchange_list_scrolls_to_last (LedgerFixture *f,
                                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 id = fixture_add_relationship (f, "Busy");
  MutualWindow *window;
  GtkWidget *view;
  GtkScrolledWindow *scroller;
  GtkAdjustment *adjustment;
  GListModel *rows;
  guint n = 300;
  g_autofree char *oldest = mutual_date_format (20200101, "%-d %b %Y");
  gint64 end;

  g_assert_true (mutual_ledger_begin (f->ledger, &error));
  for (guint i = 0; i < n; i++)
    fixture_log (f, id, mutual_date_add_days (20200101, i), MUTUAL_DIRECTION_GIVEN, MUTUAL_KIND_WORK, i + 1);
  g_assert_true (mutual_ledger_commit (f->ledger, &error));
  window = open_window (f);
  mutual_window_show_relationship (window, id);
  iterate_main_loop (100);
  /* Opening shows the summary: the list makes no rows till it shows. */
  view = exchange_view_of (window);
  g_assert_nonnull (view);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (gtk_column_view_get_model (GTK_COLUMN_VIEW (view)))),
                    ==, 0);
  show_section (window, "Exchanges");
  g_assert_true (shows (window, GTK_TYPE_LABEL, "300 Exchanges"));

  /* Rows for the first screen only, more as the list is scrolled. */
  rows = G_LIST_MODEL (gtk_column_view_get_model (GTK_COLUMN_VIEW (view)));
  g_assert_cmpuint (g_list_model_get_n_items (rows), <, n);
  /* Its scroller is the list's own, and nothing above it scrolls. */
  scroller = GTK_SCROLLED_WINDOW (gtk_widget_get_ancestor (view, GTK_TYPE_SCROLLED_WINDOW));
  g_assert_null (gtk_widget_get_ancestor (gtk_widget_get_parent (GTK_WIDGET (scroller)), GTK_TYPE_SCROLLED_WINDOW));
  g_assert_false (shows (window, GTK_TYPE_LABEL, oldest));
  adjustment = gtk_scrolled_window_get_vadjustment (scroller);
  end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (!shows (window, GTK_TYPE_LABEL, oldest) && g_get_monotonic_time () < end)
    {
      gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
      iterate_main_loop (20);
    }
  /* The oldest, at the end of the newest-first list. */
  g_assert_true (shows (window, GTK_TYPE_LABEL, oldest));
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, n);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The search and the filters narrow the list in the ledger, say how
 * many of how many show, and tell a search that finds nothing apart from
 * a relationship without exchanges. */
static void
test_exchange_list_search_and_filter (LedgerFixture *f,
                                      gconstpointer  data)
{
  gint64 id = fixture_add_relationship (f, "Searched");
  MutualDate today = mutual_date_today ();
  MutualWindow *window;
  GtkWidget *search, *view;
  GtkDropDown *direction;
  GListModel *rows;

  fixture_log (f, id, mutual_date_add_days (today, -400), MUTUAL_DIRECTION_GIVEN, MUTUAL_KIND_WORK, 100);
  fixture_log (f, id, mutual_date_add_days (today, -10), MUTUAL_DIRECTION_RECEIVED, MUTUAL_KIND_PAYMENT, 100);
  fixture_log (f, id, mutual_date_add_days (today, -5), MUTUAL_DIRECTION_GIVEN, MUTUAL_KIND_ADVICE, 100);
  {
    g_autoptr(MutualExchange) e = mutual_exchange_new ();
    g_autoptr(GError) error = NULL;

    e->relationship_id = id;
    e->date = mutual_date_add_days (today, -3);
    e->direction = MUTUAL_DIRECTION_GIVEN;
    e->kind = MUTUAL_KIND_WORK;
    e->value = 500;
    e->note = g_strdup ("Workshop for Jürgen");
    g_assert_true (mutual_ledger_add_exchange (f->ledger, e, &error));
  }
  window = open_window (f);
  mutual_window_show_relationship (window, id);
  iterate_main_loop (50);
  show_section (window, "Exchanges");
  g_assert_true (shows (window, GTK_TYPE_LABEL, "4 Exchanges"));
  view = exchange_view_of (window);
  rows = G_LIST_MODEL (gtk_column_view_get_model (GTK_COLUMN_VIEW (view)));

  /* Drop-downs hide search entries of their own: the one that shows. */
  search = find_mapped_by_type (gtk_widget_get_ancestor (view, MUTUAL_TYPE_RELATIONSHIP_PAGE),
                                GTK_TYPE_SEARCH_ENTRY);
  g_assert_nonnull (search);
  gtk_editable_set_text (GTK_EDITABLE (search), "JÜRGEN");
  /* A search entry waits a moment after typing. */
  for (int i = 0; i < 50 && !shows (window, GTK_TYPE_LABEL, "1 of 4 Exchanges"); i++)
    iterate_main_loop (20);
  g_assert_true (shows (window, GTK_TYPE_LABEL, "1 of 4 Exchanges"));
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, 1);

  gtk_editable_set_text (GTK_EDITABLE (search), "nothing like this");
  for (int i = 0; i < 50 && !shows (window, GTK_TYPE_LABEL, "No Matching Exchanges"); i++)
    iterate_main_loop (20);
  g_assert_true (shows (window, GTK_TYPE_LABEL, "No Matching Exchanges"));

  gtk_editable_set_text (GTK_EDITABLE (search), "");
  for (int i = 0; i < 50 && !shows (window, GTK_TYPE_LABEL, "4 Exchanges"); i++)
    iterate_main_loop (20);
  /* The first drop-down of the page is the chart's range: find the
   * direction filter by its first choice. */
  {
    GtkWidget *page = gtk_widget_get_ancestor (view, MUTUAL_TYPE_RELATIONSHIP_PAGE);
    GtkWidget *label = find_widget (page, GTK_TYPE_LABEL, "Both Directions");

    g_assert_nonnull (label);
    direction = GTK_DROP_DOWN (gtk_widget_get_ancestor (label, GTK_TYPE_DROP_DOWN));
  }
  gtk_drop_down_set_selected (direction, 2);   /* Received */
  iterate_main_loop (20);
  g_assert_true (shows (window, GTK_TYPE_LABEL, "1 of 4 Exchanges"));
  {
    g_autoptr(MutualExchangeItem) item = g_list_model_get_item (rows, 0);
    g_assert_cmpint (mutual_exchange_item_get_exchange (item)->direction, ==, MUTUAL_DIRECTION_RECEIVED);
  }

  /* Another relationship's list starts unfiltered. */
  {
    gint64 other = fixture_add_relationship (f, "Other");

    fixture_log (f, other, today, MUTUAL_DIRECTION_GIVEN, MUTUAL_KIND_WORK, 100);
    fixture_log (f, other, today, MUTUAL_DIRECTION_GIVEN, MUTUAL_KIND_WORK, 200);
    mutual_window_show_relationship (window, other);
    iterate_main_loop (50);
    g_assert_true (shows (window, GTK_TYPE_LABEL, "2 Exchanges"));
    g_assert_cmpuint (gtk_drop_down_get_selected (direction), ==, 0);
  }
  gtk_window_destroy (GTK_WINDOW (window));
}

static char *
css_color_of (const char *resource,
              const char *selector)
{
  g_autoptr(GBytes) bytes = g_resources_lookup_data (resource, 0, NULL);
  g_autofree char *css = NULL;
  g_autofree char *pattern = g_strconcat (selector, " {\n  color: ", NULL);
  const char *at;

  g_assert_nonnull (bytes);
  css = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  at = strstr (css, pattern);
  g_assert_nonnull (at);
  at += strlen (pattern);
  return g_strndup (at, 7);
}

static char *
hex_of (const MutualRgba *c)
{
  return g_strdup_printf ("#%02x%02x%02x", (int) (c->red * 255 + 0.5),
                          (int) (c->green * 255 + 0.5), (int) (c->blue * 255 + 0.5));
}

/* Given and received are one colour each, in the lists as in the charts,
 * in the light style and the dark one. */
static void
test_one_palette (void)
{
  MutualChartPalette light, dark;
  const struct { const char *resource; MutualChartPalette *palette; } styles[] = {
    { "/io/github/mutualapp/Mutual/style.css", &light },
    { "/io/github/mutualapp/Mutual/style-dark.css", &dark },
  };

  mutual_ui_ensure_resources ();
  mutual_chart_palette_init_light (&light);
  mutual_chart_palette_init_dark (&dark);
  for (gsize i = 0; i < G_N_ELEMENTS (styles); i++)
    {
      g_autofree char *given = css_color_of (styles[i].resource, "label.given");
      g_autofree char *received = css_color_of (styles[i].resource, "label.received");
      g_autofree char *chart_given = hex_of (&styles[i].palette->given);
      g_autofree char *chart_received = hex_of (&styles[i].palette->received);

      g_assert_cmpstr (given, ==, chart_given);
      g_assert_cmpstr (received, ==, chart_received);
    }
}

/* An exchange nobody put a value on shows none, not "€0.00". */
static void
test_exchange_list_unvalued (LedgerFixture *f,
                             gconstpointer  data)
{
  gint64 id = fixture_add_relationship (f, "Unvalued");
  MutualWindow *window;
  GtkWidget *view;

  fixture_log (f, id, 20250301, MUTUAL_DIRECTION_RECEIVED, MUTUAL_KIND_REFERRAL, 0);
  window = open_window (f);
  mutual_window_show_relationship (window, id);
  iterate_main_loop (50);
  show_section (window, "Exchanges");
  view = exchange_view_of (window);
  g_assert_true (find_widget (view, GTK_TYPE_LABEL, "—") != NULL);
  g_assert_null (find_widget (view, GTK_TYPE_LABEL, "€0.00"));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Notes written in the relationship dialog show on its page. */
static void
test_relationship_notes_shown (LedgerFixture *f,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 id = fixture_add_relationship (f, "Noted");
  g_autoptr(MutualRelationship) rel = mutual_ledger_get_relationship (f->ledger, id, &error);
  MutualWindow *window;

  window = open_window (f);
  mutual_window_show_relationship (window, id);
  iterate_main_loop (50);
  g_assert_false (shows (window, GTK_TYPE_LABEL, "Notes"));

  rel->notes = g_strdup ("Met at the 2024 meetup; prefers calls.");
  g_assert_true (mutual_ledger_update_relationship (f->ledger, rel, &error));
  iterate_main_loop (50);
  g_assert_true (shows (window, GTK_TYPE_LABEL, "Met at the 2024 meetup; prefers calls."));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Clicking a column header sorts the rows by it, both ways; the arrow
 * alone is not enough. */
static void
test_exchange_list_sorts_by_column (LedgerFixture *f,
                                    gconstpointer  data)
{
  static const gint64 values[] = { 300, 100, 500, 200, 400 };
  gint64 id = fixture_add_relationship (f, "Sorted");
  MutualWindow *window;
  GtkWidget *view;
  GListModel *columns, *rows;
  g_autoptr(GtkColumnViewColumn) value_column = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    fixture_log (f, id, mutual_date_add_days (20240101, i), MUTUAL_DIRECTION_GIVEN,
                 MUTUAL_KIND_WORK, values[i]);
  window = open_window (f);
  mutual_window_show_relationship (window, id);
  iterate_main_loop (100);
  show_section (window, "Exchanges");

  view = find_widget (GTK_WIDGET (window), GTK_TYPE_LABEL, "Why?");
  view = find_by_type (gtk_widget_get_ancestor (view, MUTUAL_TYPE_RELATIONSHIP_PAGE), GTK_TYPE_COLUMN_VIEW);
  g_assert_nonnull (view);
  columns = gtk_column_view_get_columns (GTK_COLUMN_VIEW (view));
  for (guint i = 0; i < g_list_model_get_n_items (columns) && value_column == NULL; i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);

      if (g_strcmp0 (gtk_column_view_column_get_title (column), "Value") == 0)
        value_column = g_steal_pointer (&column);
    }
  g_assert_nonnull (value_column);

  for (int descending = 0; descending <= 1; descending++)
    {
      gtk_column_view_sort_by_column (GTK_COLUMN_VIEW (view), value_column,
                                      descending ? GTK_SORT_DESCENDING : GTK_SORT_ASCENDING);
      iterate_main_loop (50);
      rows = G_LIST_MODEL (gtk_column_view_get_model (GTK_COLUMN_VIEW (view)));
      g_assert_cmpuint (g_list_model_get_n_items (rows), ==, G_N_ELEMENTS (values));
      for (guint i = 0; i < G_N_ELEMENTS (values); i++)
        {
          g_autoptr(MutualExchangeItem) item = g_list_model_get_item (rows, i);
          gint64 expected = descending ? 500 - 100 * (gint64) i : 100 + 100 * (gint64) i;

          g_assert_cmpint (mutual_exchange_item_get_exchange (item)->value, ==, expected);
        }
    }
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Logs one of test-archetypes.h, its dates before today, opens its page
 * and the "Why?" popover, as a person would to read the verdict. */
static MutualWindow *
open_archetype_why (LedgerFixture *f,
                    const char    *name)
{
  g_autoptr(GError) error = NULL;
  const Archetype *arch = archetype_find (name);
  MutualDate today = mutual_date_today ();
  gint64 id;
  MutualWindow *window;
  GtkWidget *why;

  g_assert_true (mutual_ledger_set_currency (f->ledger, "EUR", &error));
  g_assert_no_error (error);
  id = fixture_add_relationship (f, arch->name);
  for (const ArchetypeRun *run = arch->runs; run->count > 0; run++)
    for (int i = 0; i < run->count; i++)
      fixture_log (f, id, mutual_date_add_days (today, -(run->days_ago - i * run->step)),
                   run->direction, run->kind, run->value);

  window = open_window (f);
  mutual_window_show_relationship (window, id);
  iterate_main_loop (50);
  why = gtk_widget_get_ancestor (find_widget (GTK_WIDGET (window), GTK_TYPE_LABEL, "Why?"),
                                 GTK_TYPE_MENU_BUTTON);
  g_assert_nonnull (why);
  gtk_menu_button_popup (GTK_MENU_BUTTON (why));
  iterate_main_loop (50);
  return window;
}

/* The popover shows each of @lines (NULL-terminated) as a whole label,
 * and the page's class badge reads @badge. */
static void
assert_why (MutualWindow *window,
            const char   *badge,
            ...)
{
  GtkWidget *page = gtk_widget_get_ancestor (find_widget (GTK_WIDGET (window), GTK_TYPE_LABEL, "Why?"),
                                             MUTUAL_TYPE_RELATIONSHIP_PAGE);
  const char *line;
  va_list args;

  GtkWidget *why = gtk_widget_get_ancestor (find_widget (page, GTK_TYPE_LABEL, "Why?"), GTK_TYPE_MENU_BUTTON);
  GtkWidget *box = gtk_popover_get_child (gtk_menu_button_get_popover (GTK_MENU_BUTTON (why)));
  int margins = gtk_widget_get_margin_start (box) + gtk_widget_get_margin_end (box);
  int needed;

  g_assert_nonnull (find_widget (page, GTK_TYPE_LABEL, badge));
  g_assert_true (gtk_widget_get_mapped (find_widget (page, GTK_TYPE_LABEL, badge)));
  /* The popover is as tall as its wrapped lines: none is cut off. */
  g_assert_true (gtk_widget_get_mapped (box));
  gtk_widget_measure (box, GTK_ORIENTATION_VERTICAL, gtk_widget_get_width (box) + margins,
                      &needed, NULL, NULL, NULL);
  g_assert_cmpint (gtk_widget_get_height (box) + gtk_widget_get_margin_top (box)
                   + gtk_widget_get_margin_bottom (box), >=, needed);
  va_start (args, badge);
  while ((line = va_arg (args, const char *)) != NULL)
    {
      if (!shows (window, GTK_TYPE_LABEL, line))
        g_error ("The “Why?” popover does not show “%s”", line);
    }
  va_end (args);
}

/* Closes the popover before its window: a popover still up when the
 * window goes can get a pointer query on a surface already gone. */
static void
close_why (MutualWindow *window)
{
  GtkWidget *why = gtk_widget_get_ancestor (find_widget (GTK_WIDGET (window), GTK_TYPE_LABEL, "Why?"),
                                            GTK_TYPE_MENU_BUTTON);

  gtk_menu_button_popdown (GTK_MENU_BUTTON (why));
  iterate_main_loop (20);
  gtk_window_destroy (GTK_WINDOW (window));
  iterate_main_loop (20);
}

static void
test_why_mentor (LedgerFixture *f,
                 gconstpointer  data)
{
  MutualWindow *window = open_archetype_why (f, "Mentor");

  assert_why (window, "Partnership",
              "All three tests hold: a partnership",
              "Beyond money: you gave gift ×10, they gave advice ×19",
              "Two-way by exchanges: 10 given / 19 received (no money both ways)",
              NULL);
  close_why (window);
}

static void
test_why_favour_swap (LedgerFixture *f,
                      gconstpointer  data)
{
  MutualWindow *window = open_archetype_why (f, "Favour swap");

  assert_why (window, "Partnership",
              "Beyond money: you gave support ×13, they gave support ×19",
              "Two-way by exchanges: 13 given / 19 received (no money both ways)",
              NULL);
  close_why (window);
}

static void
test_why_freeloader (LedgerFixture *f,
                     gconstpointer  data)
{
  MutualWindow *window = open_archetype_why (f, "Freeloader");

  assert_why (window, "Transactional",
              "Not beyond money: they gave feedback ×5, you gave nothing beyond money",
              "Not two-way: €15,000 of work given and no value received in the last 12 months",
              "One-sided: in the last 6 months you gave €5,000 and received no value.",
              NULL);
  close_why (window);
}

static void
test_why_underpaying_client (LedgerFixture *f,
                             gconstpointer  data)
{
  MutualWindow *window = open_archetype_why (f, "Underpaying client");

  assert_why (window, "Transactional",
              "Not two-way: €9,000 given / €3,000 received in the last 12 months — needs at least €4,500 received",
              "One-sided: in the last 6 months you gave €3,000 and received €1,000.",
              NULL);
  close_why (window);
}

static void
test_why_new_contact (LedgerFixture *f,
                      gconstpointer  data)
{
  MutualWindow *window = open_archetype_why (f, "New contact");
  MutualDate today = mutual_date_today ();
  MutualDate first = mutual_date_add_days (today, -5);
  MutualDate pass = mutual_date_add_days (first, 90);
  g_autofree char *on = mutual_date_format (first, mutual_date_year (first) == mutual_date_year (today) ? "%-d %b" : "%-d %b %Y");
  g_autofree char *when = mutual_date_format (pass, mutual_date_year (pass) == mutual_date_year (today) ? "%-d %b" : "%-d %b %Y");
  g_autofree char *ongoing = g_strdup_printf ("Not ongoing: exchanges on %s only — needs 3 months and 90 days (could pass on %s)",
                                              on, when);

  /* "New", not "Transactional", in the sidebar and on the page. */
  assert_why (window, "New",
              "New: less than 90 days of history, too soon to call it a partnership",
              ongoing,
              "Not two-way by exchanges: 1 given / 0 received (no money both ways) — needs at least 1 received",
              NULL);
  wait_for_sidebar (window, "New", TRUE);
  g_assert_false (sidebar_shows (window, "Transactional"));
  close_why (window);
}

static void
test_why_two_to_one (LedgerFixture *f,
                     gconstpointer  data)
{
  MutualWindow *window = open_archetype_why (f, "Two to one");

  assert_why (window, "Partnership",
              "Two-way by exchanges: 10 given / 5 received (no money both ways)",
              NULL);
  close_why (window);
}

static void
test_why_three_to_one (LedgerFixture *f,
                       gconstpointer  data)
{
  MutualWindow *window = open_archetype_why (f, "Three to one");

  assert_why (window, "Transactional",
              "Not two-way by exchanges: 9 given / 3 received (no money both ways) — needs at least 5 received",
              NULL);
  close_why (window);
}

static void
test_why_unvalued_work (LedgerFixture *f,
                        gconstpointer  data)
{
  MutualWindow *window = open_archetype_why (f, "Unvalued work");

  assert_why (window, "Transactional",
              "Not beyond money: they gave testimonial ×3, you gave nothing beyond money",
              "Two-way by exchanges: 6 given / 3 received (no money both ways)",
              NULL);
  close_why (window);
}

/* Undo of every change (issue 20). */

#include "ui/mutual-exchange-dialog.h"
#include "ui/mutual-import-assistant-private.h"
#include "ui/mutual-relationship-dialog-private.h"

/* Every row of the tables undo must give back, rowids included. */
static char *
ledger_state (LedgerFixture *f)
{
  static const char * const queries[] = {
    "SELECT * FROM relationship ORDER BY id",
    "SELECT * FROM exchange ORDER BY id",
    "SELECT * FROM relationship_day ORDER BY 1, 2, 3, 4",
    "SELECT * FROM relationship_total ORDER BY 1",
  };
  sqlite3 *db = mutual_ledger_get_db (f->ledger);
  GString *out = g_string_new (NULL);

  for (guint q = 0; q < G_N_ELEMENTS (queries); q++)
    {
      sqlite3_stmt *stmt = NULL;

      g_assert_cmpint (sqlite3_prepare_v2 (db, queries[q], -1, &stmt, NULL), ==, SQLITE_OK);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          for (int c = 0; c < sqlite3_column_count (stmt); c++)
            {
              const char *text = (const char *) sqlite3_column_text (stmt, c);

              g_string_append_printf (out, "%s|", text ? text : "NULL");
            }
          g_string_append_c (out, '\n');
        }
      sqlite3_finalize (stmt);
      g_string_append (out, "--\n");
    }
  return g_string_free (out, FALSE);
}

/* Two relationships, the first with exchanges on either side of the one
 * a test changes, so that a record put back under a new rowid shows. */
static gint64
undo_fixture (LedgerFixture *f,
              gint64        *middle)
{
  gint64 id = fixture_add_relationship (f, "Acme");

  fixture_log (f, id, 20250110, MUTUAL_DIRECTION_GIVEN, MUTUAL_KIND_WORK, 45000);
  *middle = fixture_log (f, id, 20250120, MUTUAL_DIRECTION_RECEIVED, MUTUAL_KIND_PAYMENT, 30000);
  fixture_log (f, id, 20250301, MUTUAL_DIRECTION_RECEIVED, MUTUAL_KIND_REFERRAL, 0);
  fixture_add_relationship (f, "Zenith");
  return id;
}

static GtkWindow *
find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (g_type_is_a (G_OBJECT_TYPE (window), type))
        return window;
    }
  return NULL;
}

/* Undoes through win.undo (Ctrl+Z, the toast's button) after checking
 * the toast names the change, then compares the whole ledger. */
static void
undo_and_compare (MutualWindow  *window,
                  LedgerFixture *f,
                  const char    *toast,
                  const char    *before)
{
  g_autofree char *after = NULL;

  wait_for_label (window, toast);
  g_assert_true (shows (window, GTK_TYPE_BUTTON, "_Undo"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL));
  iterate_main_loop (50);
  after = ledger_state (f);
  g_assert_cmpstr (after, ==, before);
}

static void
test_undo_nothing_says_so (LedgerFixture *f,
                           gconstpointer  data)
{
  g_autofree char *before = NULL;
  MutualWindow *window;

  fixture_add_relationship (f, "Acme");
  before = ledger_state (f);
  window = open_window (f);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL));
  wait_for_label (window, "Nothing to undo");
  {
    g_autofree char *after = ledger_state (f);

    g_assert_cmpstr (after, ==, before);
  }
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_undo_deleted_exchange_keeps_rowid (LedgerFixture *f,
                                        gconstpointer  data)
{
  gint64 middle;
  gint64 id = undo_fixture (f, &middle);
  g_autofree char *before = ledger_state (f);
  MutualWindow *window = open_window (f);

  mutual_window_show_relationship (window, id);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.delete-exchange", "x", middle));
  g_assert_null (mutual_ledger_get_exchange (f->ledger, middle, NULL));
  undo_and_compare (window, f, "Exchange deleted", before);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_undo_archive (LedgerFixture *f,
                   gconstpointer  data)
{
  gint64 middle;
  gint64 id = undo_fixture (f, &middle);
  g_autofree char *before = ledger_state (f);
  MutualWindow *window = open_window (f);

  mutual_window_show_relationship (window, id);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window->relationship_page), "relationship.archive", NULL));
  undo_and_compare (window, f, "Relationship archived", before);
  wait_for_sidebar (window, "Acme", TRUE);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_undo_override (LedgerFixture *f,
                    gconstpointer  data)
{
  gint64 middle;
  gint64 id = undo_fixture (f, &middle);
  g_autofree char *before = ledger_state (f);
  MutualWindow *window = open_window (f);
  AdwMessageDialog *dialog;

  mutual_window_show_relationship (window, id);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window->relationship_page),
                                             "relationship.override", "s", "partnership"));
  dialog = find_message_dialog ();
  g_assert_nonnull (dialog);
  gtk_editable_set_text (GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog)), "Refers us");
  adw_message_dialog_response (dialog, "apply");
  iterate_main_loop (50);
  undo_and_compare (window, f, "Class changed", before);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_undo_deleted_relationship (LedgerFixture *f,
                                gconstpointer  data)
{
  gint64 middle;
  gint64 id = undo_fixture (f, &middle);
  g_autofree char *before = ledger_state (f);
  MutualWindow *window = open_window (f);
  AdwMessageDialog *dialog;

  mutual_window_show_relationship (window, id);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window->relationship_page), "relationship.delete", NULL));
  dialog = find_message_dialog ();
  g_assert_nonnull (dialog);
  adw_message_dialog_response (dialog, "delete");
  iterate_main_loop (50);
  g_assert_null (mutual_ledger_get_relationship (f->ledger, id, NULL));
  undo_and_compare (window, f, "Relationship deleted", before);
  wait_for_sidebar (window, "Acme", TRUE);
  /* Back on its page, not left on the Overview. */
  g_assert_cmpstr (gtk_stack_get_visible_child_name (window->content_stack), ==, "relationship");
  g_assert_cmpint (mutual_relationship_page_get_relationship_id (window->relationship_page), ==, id);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_undo_edited_relationship (LedgerFixture *f,
                               gconstpointer  data)
{
  gint64 middle;
  gint64 id = undo_fixture (f, &middle);
  g_autofree char *before = ledger_state (f);
  MutualWindow *window = open_window (f);
  GtkWindow *dialog;

  mutual_window_show_relationship (window, id);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window->relationship_page), "relationship.edit", NULL));
  dialog = find_toplevel (MUTUAL_TYPE_RELATIONSHIP_DIALOG);
  g_assert_nonnull (dialog);
  set_field (GTK_WIDGET (dialog), "Name", "Acme Holdings");
  set_field (GTK_WIDGET (dialog), "Organization", "Acme plc");
  g_assert_true (mutual_relationship_dialog_save (MUTUAL_RELATIONSHIP_DIALOG (dialog)));
  iterate_main_loop (50);
  undo_and_compare (window, f, "Relationship changed", before);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_undo_added_relationship (LedgerFixture *f,
                              gconstpointer  data)
{
  gint64 middle;
  g_autofree char *before = NULL;
  MutualWindow *window;
  GtkWindow *dialog;

  undo_fixture (f, &middle);
  before = ledger_state (f);
  window = open_window (f);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.add-relationship", NULL));
  dialog = find_toplevel (MUTUAL_TYPE_RELATIONSHIP_DIALOG);
  g_assert_nonnull (dialog);
  set_field (GTK_WIDGET (dialog), "Name", "Newcomer");
  g_assert_true (mutual_relationship_dialog_save (MUTUAL_RELATIONSHIP_DIALOG (dialog)));
  g_assert_cmpint (mutual_ledger_count_relationships (f->ledger), ==, 3);
  undo_and_compare (window, f, "Relationship added", before);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_undo_added_exchange (LedgerFixture *f,
                          gconstpointer  data)
{
  gint64 middle;
  gint64 id = undo_fixture (f, &middle);
  g_autofree char *before = ledger_state (f);
  MutualWindow *window = open_window (f);
  GtkWindow *dialog;

  mutual_window_show_relationship (window, id);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.add-exchange", NULL));
  dialog = find_toplevel (MUTUAL_TYPE_EXCHANGE_DIALOG);
  g_assert_nonnull (dialog);
  set_field (GTK_WIDGET (dialog), "Value", "12");
  set_field (GTK_WIDGET (dialog), "Date", "2025-04-01");
  g_assert_true (mutual_exchange_dialog_save (MUTUAL_EXCHANGE_DIALOG (dialog)));
  g_assert_cmpint (mutual_ledger_count_exchanges (f->ledger, id), ==, 4);
  undo_and_compare (window, f, "Exchange added", before);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_undo_edited_exchange (LedgerFixture *f,
                           gconstpointer  data)
{
  gint64 middle;
  gint64 id = undo_fixture (f, &middle);
  g_autofree char *before = ledger_state (f);
  MutualWindow *window = open_window (f);
  GtkWidget *view;
  GtkWindow *dialog;
  g_autoptr(MutualExchange) edited = NULL;

  mutual_window_show_relationship (window, id);
  iterate_main_loop (50);
  show_section (window, "Exchanges");
  view = find_by_type (GTK_WIDGET (window->relationship_page), GTK_TYPE_COLUMN_VIEW);
  g_assert_nonnull (view);
  /* Newest first: the middle exchange is the second row. */
  g_signal_emit_by_name (view, "activate", 1u);
  dialog = find_toplevel (MUTUAL_TYPE_EXCHANGE_DIALOG);
  g_assert_nonnull (dialog);
  set_field (GTK_WIDGET (dialog), "Value", "7");
  set_field (GTK_WIDGET (dialog), "Note", "Changed");
  g_assert_true (mutual_exchange_dialog_save (MUTUAL_EXCHANGE_DIALOG (dialog)));
  edited = mutual_ledger_get_exchange (f->ledger, middle, NULL);
  g_assert_cmpint (edited->value, ==, 700);
  undo_and_compare (window, f, "Exchange changed", before);
  gtk_window_destroy (GTK_WINDOW (window));
}

static GtkWidget *
find_delete_button (GtkWidget *root,
                    gint64     id)
{
  if (GTK_IS_ACTIONABLE (root)
      && g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (root)), "win.delete-exchange") == 0
      && gtk_actionable_get_action_target_value (GTK_ACTIONABLE (root)) != NULL
      && g_variant_get_int64 (gtk_actionable_get_action_target_value (GTK_ACTIONABLE (root))) == id)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_delete_button (child, id);
      if (found)
        return found;
    }
  return NULL;
}

/* After editing an exchange, the keyboard is back in the list, not on a
 * row's Delete button. */
static void
test_edit_leaves_focus_in_list (LedgerFixture *f,
                                gconstpointer  data)
{
  gint64 middle;
  gint64 id = undo_fixture (f, &middle);
  MutualWindow *window = open_window (f);
  GtkWidget *view, *focus;
  GtkWindow *dialog;

  mutual_window_show_relationship (window, id);
  iterate_main_loop (50);
  show_section (window, "Exchanges");
  view = find_by_type (GTK_WIDGET (window->relationship_page), GTK_TYPE_COLUMN_VIEW);
  gtk_widget_grab_focus (view);
  g_signal_emit_by_name (view, "activate", 1u);
  dialog = find_toplevel (MUTUAL_TYPE_EXCHANGE_DIALOG);
  g_assert_nonnull (dialog);
  set_field (GTK_WIDGET (dialog), "Value", "7");
  g_assert_true (mutual_exchange_dialog_save (MUTUAL_EXCHANGE_DIALOG (dialog)));
  for (int i = 0; i < 100 && find_toplevel (MUTUAL_TYPE_EXCHANGE_DIALOG) != NULL; i++)
    iterate_main_loop (10);
  g_assert_null (find_toplevel (MUTUAL_TYPE_EXCHANGE_DIALOG));
  iterate_main_loop (50);
  focus = gtk_root_get_focus (GTK_ROOT (window));
  g_assert_nonnull (focus);
  g_assert_true (focus == view || gtk_widget_is_ancestor (focus, view));
  g_assert_false (GTK_IS_BUTTON (focus));

  /* A click opens an exchange. */
  g_assert_true (gtk_column_view_get_single_click_activate (GTK_COLUMN_VIEW (view)));

  /* The Delete key deletes the row the keyboard is on, undoably. */
  {
    GtkWidget *button = find_delete_button (view, middle);

    g_assert_nonnull (button);
    /* The row: the cell's parent. */
    g_assert_true (gtk_widget_grab_focus (gtk_widget_get_parent (gtk_widget_get_parent (button))));
  }
  {
    GListModel *controllers = gtk_widget_observe_controllers (view);
    gboolean deleted = FALSE;

    for (guint i = 0; i < g_list_model_get_n_items (controllers) && !deleted; i++)
      {
        g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

        if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
          continue;
        for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)) && !deleted; j++)
          {
            g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);
            GtkShortcutTrigger *trigger = gtk_shortcut_get_trigger (shortcut);

            if (GTK_IS_KEYVAL_TRIGGER (trigger)
                && gtk_keyval_trigger_get_keyval (GTK_KEYVAL_TRIGGER (trigger)) == GDK_KEY_Delete)
              deleted = gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut), 0, view, NULL);
          }
      }
    g_object_unref (controllers);
    g_assert_true (deleted);
  }
  g_assert_null (mutual_ledger_get_exchange (f->ledger, middle, NULL));
  wait_for_label (window, "Exchange deleted");
  gtk_window_destroy (GTK_WINDOW (window));
}

/* "As Computed" on a class that is computed changes nothing, and there
 * is nothing to undo. */
static void
test_as_computed_changes_nothing (LedgerFixture *f,
                                  gconstpointer  data)
{
  gint64 middle;
  gint64 id = undo_fixture (f, &middle);
  g_autofree char *before = ledger_state (f);
  g_autofree char *after = NULL;
  MutualWindow *window = open_window (f);

  mutual_window_show_relationship (window, id);
  iterate_main_loop (50);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window->relationship_page),
                                             "relationship.override", "s", "none"));
  iterate_main_loop (50);
  after = ledger_state (f);
  g_assert_cmpstr (after, ==, before);
  g_assert_false (shows (window, GTK_TYPE_LABEL, "Class changed"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL));
  wait_for_label (window, "Nothing to undo");
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Undo goes back one change at a time, newest first. */
static void
test_undo_in_order (LedgerFixture *f,
                    gconstpointer  data)
{
  gint64 middle;
  gint64 id = undo_fixture (f, &middle);
  g_autofree char *before = ledger_state (f);
  g_autofree char *archived = NULL;
  MutualWindow *window = open_window (f);

  mutual_window_show_relationship (window, id);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window->relationship_page), "relationship.archive", NULL));
  archived = ledger_state (f);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window->relationship_page),
                                             "relationship.override", "s", "none"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.delete-exchange", "x", middle));
  undo_and_compare (window, f, "Exchange deleted", archived);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL));
  {
    g_autofree char *after = ledger_state (f);

    g_assert_cmpstr (after, ==, before);
  }
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL));
  wait_for_label (window, "Nothing to undo");
  gtk_window_destroy (GTK_WINDOW (window));
}

/* A change to the demo ledger says, once, that it stays there. */
static void
test_demo_change_says_demo_only (LedgerFixture *f,
                                 gconstpointer  data)
{
  g_autofree char *own = ledger_state (f);
  g_autoptr(GPtrArray) exchanges = NULL;
  MutualWindow *window = open_window (f);
  MutualLedger *demo;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.try-demo", NULL));
  demo = mutual_window_get_ledger (window);
  exchanges = mutual_ledger_list_exchanges (demo, 0, MUTUAL_EXCHANGE_SORT_DATE, FALSE, 0, 2, NULL);
  g_assert_cmpuint (exchanges->len, ==, 2);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.delete-exchange", "x",
                                             ((MutualExchange *) g_ptr_array_index (exchanges, 0))->id));
  wait_for_label (window, "Exchange deleted");
  /* The note waits for the undo toast to go, as its timeout would. */
  g_assert_false (shows (window, GTK_TYPE_LABEL, "Changed in the demo ledger only"));
  adw_toast_dismiss (window->undo_toast);
  wait_for_label (window, "Changed in the demo ledger only");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.delete-exchange", "x",
                                             ((MutualExchange *) g_ptr_array_index (exchanges, 1))->id));
  wait_for_label (window, "Exchange deleted");
  g_assert_null (window->note_toast);
  {
    g_autofree char *after = ledger_state (f);

    g_assert_cmpstr (after, ==, own);
  }
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Archiving the last active relationship: the sidebar says why it is
 * empty and offers the archived ones, the overview finishes assessing,
 * and undo brings the relationship back under "All". */
static void
test_all_archived (LedgerFixture *f,
                   gconstpointer  data)
{
  gint64 id = fixture_add_relationship (f, "Acme");
  g_autofree char *before = NULL;
  MutualWindow *window;
  GtkWidget *button;

  /* Today's: a dormant one would read "1 dormant" below. */
  fixture_log (f, id, mutual_date_today (), MUTUAL_DIRECTION_GIVEN, MUTUAL_KIND_WORK, 45000);
  before = ledger_state (f);
  /* Opened on the relationship, as when it was the last one shown: the
   * overview is first drawn once nothing is left to assess. */
  window = mutual_window_new (NULL, f->ledger);
  mutual_window_show_relationship (window, id);
  gtk_window_present (GTK_WINDOW (window));
  iterate_main_loop (50);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window->relationship_page), "relationship.archive", NULL));

  wait_for_label (window, "All Relationships Are Archived");
  g_assert_false (shows (window, GTK_TYPE_LABEL, "No Matches"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-overview", NULL));
  wait_for_label (window, "0 relationships · 0 dormant");
  g_assert_false (shows (window, GTK_TYPE_LABEL, "Assessing the relationships…"));

  button = find_widget (GTK_WIDGET (window), GTK_TYPE_BUTTON, "Show Archived");
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_get_mapped (button));
  g_assert_true (gtk_widget_activate (button));
  wait_for_sidebar (window, "Acme", TRUE);

  undo_and_compare (window, f, "Relationship archived", before);
  wait_for_label (window, "1 relationship · 0 dormant");
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The sidebar (issue 20): scrolling, keyboard, filters by flag, sort. */

/* "Relationship 0000" … in one transaction: name order is number order. */
static void
add_numbered (LedgerFixture *f,
              guint          n)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (mutual_ledger_begin (f->ledger, &error));
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *name = g_strdup_printf ("Relationship %04u", i);

      fixture_add_relationship (f, name);
    }
  g_assert_true (mutual_ledger_commit (f->ledger, &error));
  g_assert_no_error (error);
}

static GtkAdjustment *
sidebar_vadjustment (MutualWindow *window)
{
  return gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (find_sidebar_list (GTK_WIDGET (window))));
}

static gboolean
count_frame_cb (GtkWidget     *widget,
                GdkFrameClock *clock,
                gpointer       user_data)
{
  (*(guint *) user_data)++;
  return G_SOURCE_CONTINUE;
}

/* The list lays out in a frame: waits for two, however busy the machine. */
static void
wait_for_frames (MutualWindow *window)
{
  guint frames = 0;
  guint id = gtk_widget_add_tick_callback (GTK_WIDGET (window), count_frame_cb, &frames, NULL);
  gint64 end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  gtk_widget_queue_draw (GTK_WIDGET (window));
  while (frames < 3 && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
  gtk_widget_remove_tick_callback (GTK_WIDGET (window), id);
  iterate_main_loop (20);
}

/* As a drag of the scrollbar to its end, done three times. */
static void
drag_sidebar_to_end (MutualWindow *window)
{
  GtkAdjustment *adjustment = sidebar_vadjustment (window);

  for (int i = 0; i < 3; i++)
    {
      gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment)
                                            - gtk_adjustment_get_page_size (adjustment));
      wait_for_frames (window);
    }
}

static void
test_sidebar_scrolls_to_last (LedgerFixture *f,
                              gconstpointer  data)
{
  MutualWindow *window;
  GListModel *shown;

  add_numbered (f, 2000);
  window = open_window (f);
  shown = mutual_window_get_relationships (window);
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 2000);
  g_assert_false (sidebar_shows (window, "Relationship 1999"));

  drag_sidebar_to_end (window);
  g_assert_true (sidebar_shows (window, "Relationship 1999"));
  g_assert_false (sidebar_shows (window, "Relationship 0000"));
  gtk_window_destroy (GTK_WINDOW (window));
}

static GtkWidget *
find_mapped_label (GtkWidget  *root,
                   const char *text)
{
  if (GTK_IS_LABEL (root) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (root)), text) == 0
      && gtk_widget_get_mapped (root))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_mapped_label (child, text);
      if (found)
        return found;
    }
  return NULL;
}

/* The narrowest window a phone gives: 360 px, its frame included, for
 * the Overview, a relationship's summary and its exchanges; the
 * Overview's review says a relationship's flags under its name. */
static void
test_narrow_window_fits (LedgerFixture *f,
                         gconstpointer  data)
{
  const Archetype *arch = archetype_find ("Freeloader");
  MutualDate today = mutual_date_today ();
  gint64 id = fixture_add_relationship (f, "Ingrid Halvorsen-Bergström of Halvorsen & Daughters");
  MutualWindow *window;
  int min;

  for (const ArchetypeRun *run = arch->runs; run->count > 0; run++)
    for (int i = 0; i < run->count; i++)
      fixture_log (f, id, mutual_date_add_days (today, -(run->days_ago - i * run->step)),
                   run->direction, run->kind, run->value);
  window = open_window (f);
  gtk_window_set_default_size (GTK_WINDOW (window), 360, 760);
  iterate_main_loop (200);
  gtk_widget_measure (GTK_WIDGET (window), GTK_ORIENTATION_HORIZONTAL, -1, &min, NULL, NULL, NULL);
  g_assert_cmpint (min, <=, 360);
  g_assert_nonnull (find_mapped_label (GTK_WIDGET (window->overview_page), "One-sided"));

  mutual_window_show_relationship (window, id);
  iterate_main_loop (200);
  gtk_widget_measure (GTK_WIDGET (window), GTK_ORIENTATION_HORIZONTAL, -1, &min, NULL, NULL, NULL);
  g_assert_cmpint (min, <=, 360);
  mutual_relationship_page_show_exchanges (window->relationship_page);
  iterate_main_loop (200);
  gtk_widget_measure (GTK_WIDGET (window), GTK_ORIENTATION_HORIZONTAL, -1, &min, NULL, NULL, NULL);
  g_assert_cmpint (min, <=, 360);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window)), <=, 360);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* "Who Values You" is part of the Overview's page, not a box scrolling
 * inside it: its rows come as the page is scrolled to its end, and its
 * class column says each class. */
static void
test_overview_review_flows_with_page (LedgerFixture *f,
                                      gconstpointer  data)
{
  MutualWindow *window;
  GtkWidget *review, *scroller;
  GListModel *rows;
  GtkAdjustment *adjustment;
  gint64 end;

  add_numbered (f, 100);
  add_partnership (f, "Partner Co");
  window = open_window (f);
  wait_for_sidebar (window, "Partnership", TRUE);
  review = find_by_type (GTK_WIDGET (window->overview_page), GTK_TYPE_COLUMN_VIEW);
  g_assert_nonnull (review);
  scroller = gtk_widget_get_ancestor (review, GTK_TYPE_SCROLLED_WINDOW);
  g_assert_nonnull (scroller);
  g_assert_true (gtk_widget_is_ancestor (scroller, GTK_WIDGET (window->overview_page)));
  g_assert_null (gtk_widget_get_ancestor (gtk_widget_get_parent (scroller), GTK_TYPE_SCROLLED_WINDOW));
  /* The review's own scroller would be the column view's parent. */
  g_assert_false (GTK_IS_SCROLLED_WINDOW (gtk_widget_get_parent (review)));

  /* The review's rows are bound as the assessments arrive. */
  end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (find_mapped_label (review, "Partnership") == NULL && g_get_monotonic_time () < end)
    iterate_main_loop (20);
  g_assert_nonnull (find_mapped_label (review, "Partnership"));

  rows = G_LIST_MODEL (gtk_column_view_get_model (GTK_COLUMN_VIEW (review)));
  g_assert_cmpuint (g_list_model_get_n_items (rows), <, 101);
  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));
  end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (g_list_model_get_n_items (rows) < 101 && g_get_monotonic_time () < end)
    {
      gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
      iterate_main_loop (20);
    }
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, 101);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_sidebar_search_scrolls_to_top (LedgerFixture *f,
                                    gconstpointer  data)
{
  MutualWindow *window;

  add_numbered (f, 2000);
  window = open_window (f);
  drag_sidebar_to_end (window);
  g_assert_cmpfloat (gtk_adjustment_get_value (sidebar_vadjustment (window)), >, 0);

  /* Still a thousand rows: the old offset would fit them. */
  mutual_window_set_search (window, "Relationship 1");
  wait_for_frames (window);
  g_assert_cmpuint (g_list_model_get_n_items (mutual_window_get_relationships (window)), ==, 1000);
  g_assert_cmpfloat (gtk_adjustment_get_value (sidebar_vadjustment (window)), ==, 0);
  g_assert_true (sidebar_shows (window, "Relationship 1000"));
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_sidebar_sort_scrolls_to_selected (LedgerFixture *f,
                                       gconstpointer  data)
{
  MutualWindow *window;
  GListModel *shown;
  gint64 fifth;

  add_numbered (f, 2000);
  window = open_window (f);
  shown = mutual_window_get_relationships (window);
  {
    g_autoptr(MutualRelationshipItem) item = g_list_model_get_item (shown, 5);
    fifth = mutual_relationship_item_get_id (item);
  }
  mutual_window_show_relationship (window, fifth);
  drag_sidebar_to_end (window);
  g_assert_false (sidebar_shows (window, "Relationship 0005"));

  /* No figures differ: the order stays, the selected row comes back. */
  gtk_drop_down_set_selected (find_dropdown (GTK_WIDGET (window), "Sort By"), MUTUAL_RELATIONSHIP_SORT_BALANCE);
  wait_for_frames (window);
  g_assert_true (sidebar_shows (window, "Relationship 0005"));
  g_assert_cmpint (mutual_window_get_relationship_id (window), ==, fifth);
  gtk_window_destroy (GTK_WINDOW (window));
  forget_sidebar_sort ();
}

static void
test_sidebar_filters_by_flag (LedgerFixture *f,
                              gconstpointer  data)
{
  MutualDate today = mutual_date_today ();
  gint64 one_sided = fixture_add_relationship (f, "Gives Alone");
  gint64 dormant = fixture_add_relationship (f, "Long Quiet");
  MutualWindow *window;
  GListModel *shown;
  GtkDropDown *show;

  add_partnership (f, "Partner Co");
  fixture_add_relationship (f, "Never Used");
  fixture_log (f, one_sided, today, MUTUAL_DIRECTION_GIVEN, MUTUAL_KIND_WORK, 900000);
  fixture_log (f, dormant, mutual_date_add_days (today, -400), MUTUAL_DIRECTION_GIVEN, MUTUAL_KIND_WORK, 1000);
  fixture_log (f, dormant, mutual_date_add_days (today, -400), MUTUAL_DIRECTION_RECEIVED, MUTUAL_KIND_PAYMENT, 1000);
  window = open_window (f);
  shown = mutual_window_get_relationships (window);
  show = find_dropdown (GTK_WIDGET (window), "Show");
  wait_for_sidebar (window, "Partnership", TRUE);

  gtk_drop_down_set_selected (show, MUTUAL_RELATIONSHIP_FILTER_ONE_SIDED);
  g_assert_cmpstr (gtk_string_object_get_string (gtk_drop_down_get_selected_item (show)), ==, "One-sided");
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 1);
  {
    g_autoptr(MutualRelationshipItem) item = g_list_model_get_item (shown, 0);
    g_assert_cmpint (mutual_relationship_item_get_id (item), ==, one_sided);
  }

  gtk_drop_down_set_selected (show, MUTUAL_RELATIONSHIP_FILTER_DORMANT);
  g_assert_cmpstr (gtk_string_object_get_string (gtk_drop_down_get_selected_item (show)), ==, "Dormant");
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 1);
  {
    g_autoptr(MutualRelationshipItem) item = g_list_model_get_item (shown, 0);
    g_assert_cmpint (mutual_relationship_item_get_id (item), ==, dormant);
  }

  /* Archived ones stay under Archived only. */
  {
    g_autoptr(MutualRelationship) rel = mutual_ledger_get_relationship (f->ledger, dormant, NULL);
    g_autoptr(GError) error = NULL;

    rel->archived = TRUE;
    g_assert_true (mutual_ledger_update_relationship (f->ledger, rel, &error));
    g_assert_no_error (error);
  }
  wait_for_label (window, "No Matches");
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 0);
  gtk_window_destroy (GTK_WINDOW (window));
}

static GtkToggleButton *
find_toggle (GtkWidget  *root,
             const char *tooltip)
{
  if (GTK_IS_TOGGLE_BUTTON (root) && g_strcmp0 (gtk_widget_get_tooltip_text (root), tooltip) == 0)
    return GTK_TOGGLE_BUTTON (root);
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkToggleButton *found = find_toggle (child, tooltip);
      if (found)
        return found;
    }
  return NULL;
}

static gint64
sidebar_id_at (MutualWindow *window,
               guint         position)
{
  g_autoptr(MutualRelationshipItem) item = g_list_model_get_item (mutual_window_get_relationships (window), position);

  return mutual_relationship_item_get_id (item);
}

static void
test_sidebar_sort_remembered (LedgerFixture *f,
                              gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  gint64 owes = fixture_add_relationship (f, "A owes");
  gint64 pays = fixture_add_relationship (f, "B pays");
  gint64 idle = fixture_add_relationship (f, "C idle");
  MutualWindow *window;
  GtkToggleButton *direction;

  fixture_log (f, owes, 20240101, MUTUAL_DIRECTION_GIVEN, MUTUAL_KIND_WORK, 5000);
  fixture_log (f, pays, 20240101, MUTUAL_DIRECTION_RECEIVED, MUTUAL_KIND_PAYMENT, 7000);
  window = open_window (f);
  wait_for_sidebar (window, "Transactional", TRUE);
  direction = find_toggle (GTK_WIDGET (window), "Sort Descending");
  g_assert_nonnull (direction);
  g_assert_false (gtk_toggle_button_get_active (direction));

  /* Balance starts from the highest; the toggle turns it round. */
  gtk_drop_down_set_selected (find_dropdown (GTK_WIDGET (window), "Sort By"), MUTUAL_RELATIONSHIP_SORT_BALANCE);
  g_assert_true (gtk_toggle_button_get_active (direction));
  g_assert_cmpint (sidebar_id_at (window, 0), ==, pays);
  g_assert_cmpint (g_settings_get_enum (settings, "sidebar-sort"), ==, MUTUAL_RELATIONSHIP_SORT_BALANCE);
  g_assert_true (g_settings_get_boolean (settings, "sidebar-sort-descending"));

  gtk_toggle_button_set_active (direction, FALSE);
  g_assert_cmpint (sidebar_id_at (window, 0), ==, owes);
  g_assert_cmpint (sidebar_id_at (window, 2), ==, pays);
  g_assert_false (g_settings_get_boolean (settings, "sidebar-sort-descending"));
  gtk_window_destroy (GTK_WINDOW (window));

  /* A new window sorts as the last one did. */
  window = open_window (f);
  wait_for_sidebar (window, "Transactional", TRUE);
  direction = find_toggle (GTK_WIDGET (window), "Sort Descending");
  g_assert_cmpuint (gtk_drop_down_get_selected (find_dropdown (GTK_WIDGET (window), "Sort By")), ==,
                    MUTUAL_RELATIONSHIP_SORT_BALANCE);
  g_assert_false (gtk_toggle_button_get_active (direction));
  g_assert_cmpint (sidebar_id_at (window, 0), ==, owes);
  g_assert_cmpint (sidebar_id_at (window, 1), ==, idle);
  g_assert_cmpint (sidebar_id_at (window, 2), ==, pays);

  /* Without activity last, whichever the direction. */
  gtk_drop_down_set_selected (find_dropdown (GTK_WIDGET (window), "Sort By"), MUTUAL_RELATIONSHIP_SORT_LAST_ACTIVITY);
  g_assert_cmpint (sidebar_id_at (window, 2), ==, idle);
  gtk_toggle_button_set_active (direction, FALSE);
  g_assert_cmpint (sidebar_id_at (window, 2), ==, idle);
  g_assert_cmpint (g_settings_get_enum (settings, "sidebar-sort"), ==, MUTUAL_RELATIONSHIP_SORT_LAST_ACTIVITY);
  gtk_window_destroy (GTK_WINDOW (window));
  forget_sidebar_sort ();
}

static gboolean
focus_in (MutualWindow *window,
          GtkWidget    *widget)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (window));

  return focus != NULL && (focus == widget || gtk_widget_is_ancestor (focus, widget));
}

static void
test_sidebar_rows_not_tab_stops (LedgerFixture *f,
                                 gconstpointer  data)
{
  MutualWindow *window;
  GtkWidget *list;

  add_numbered (f, 5);
  window = open_window (f);
  list = find_sidebar_list (GTK_WIDGET (window));

  /* Into the list, on a row. */
  g_assert_true (gtk_widget_child_focus (list, GTK_DIR_TAB_FORWARD));
  g_assert_true (focus_in (window, list));

  /* One Tab leaves it, one Shift+Tab comes back to it and another
   * leaves it upwards. */
  g_assert_true (gtk_widget_child_focus (GTK_WIDGET (window), GTK_DIR_TAB_FORWARD));
  g_assert_false (focus_in (window, list));
  g_assert_true (gtk_widget_child_focus (GTK_WIDGET (window), GTK_DIR_TAB_BACKWARD));
  g_assert_true (focus_in (window, list));
  g_assert_true (gtk_widget_child_focus (GTK_WIDGET (window), GTK_DIR_TAB_BACKWARD));
  g_assert_false (focus_in (window, list));
  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
name_tooltip (GtkWidget *label)
{
  g_autoptr(GtkTooltip) tooltip = g_object_new (GTK_TYPE_TOOLTIP, NULL);
  gboolean shown = FALSE;

  g_signal_emit_by_name (label, "query-tooltip", 1, 1, FALSE, tooltip, &shown);
  return shown;
}

static void
test_sidebar_long_names_keep_their_end (LedgerFixture *f,
                                        gconstpointer  data)
{
  const char *berlin = "International Association of Freelance Translators, Berlin";
  gint64 id = fixture_add_relationship (f, berlin);
  MutualWindow *window;
  GtkWidget *list, *label, *row;

  fixture_add_relationship (f, "International Association of Freelance Translators, Munich");
  fixture_add_relationship (f, "Acme");
  window = open_window (f);
  list = find_sidebar_list (GTK_WIDGET (window));
  label = find_widget (list, GTK_TYPE_LABEL, berlin);
  g_assert_nonnull (label);
  g_assert_true (gtk_widget_get_mapped (label));

  /* Too long for the sidebar: cut in the middle, whole in the tooltip
   * (the row's accessible label starts with the whole name already). */
  g_assert_true (pango_layout_is_ellipsized (gtk_label_get_layout (GTK_LABEL (label))));
  g_assert_cmpint (gtk_label_get_ellipsize (GTK_LABEL (label)), ==, PANGO_ELLIPSIZE_MIDDLE);
  g_assert_true (name_tooltip (label));
  row = gtk_widget_get_ancestor (label, MUTUAL_TYPE_RELATIONSHIP_ROW);
  g_assert_cmpint (mutual_relationship_item_get_id (mutual_relationship_row_get_item (MUTUAL_RELATIONSHIP_ROW (row))), ==, id);

  /* A name that fits has no tooltip. */
  g_assert_false (name_tooltip (find_widget (list, GTK_TYPE_LABEL, "Acme")));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The sidebar's balance is of all time, the Overview's charts of their
 * range (which their caption names): the sidebar says which it is. */
static void
test_balances_say_their_period (LedgerFixture *f,
                                gconstpointer  data)
{
  gint64 id = fixture_add_relationship (f, "Period");
  MutualWindow *window;
  GtkWidget *list, *label;
  g_autofree char *balance = mutual_ui_format_balance (-123400, "EUR");

  fixture_log (f, id, mutual_date_add_days (mutual_date_today (), -800),
               MUTUAL_DIRECTION_GIVEN, MUTUAL_KIND_WORK, 123400);

  window = open_window (f);
  wait_for_sidebar (window, balance, TRUE);
  list = find_sidebar_list (GTK_WIDGET (window));
  label = find_widget (list, GTK_TYPE_LABEL, balance);
  g_assert_cmpstr (gtk_widget_get_tooltip_text (label), ==, "Balance since the first exchange");
  gtk_window_destroy (GTK_WINDOW (window));
}

#define ADD(path, func) \
  g_test_add (path, LedgerFixture, NULL, ledger_fixture_set_up, func, ledger_fixture_tear_down)

int
main (int    argc,
      char **argv)
{
  int status;

  /* The demo ledger goes into the cache folder: a private one. */
  cache_dir = g_dir_make_tmp ("mutual-test-cache-XXXXXX", NULL);
  g_setenv ("XDG_CACHE_HOME", cache_dir, TRUE);

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  ADD ("/ui/window/empty-ledger", test_empty_ledger);
  ADD ("/ui/window/undo-restores-deleted-exchange", test_undo_restores_deleted_exchange);
  ADD ("/ui/window/search-filters-sidebar", test_search_filters_sidebar);
  ADD ("/ui/window/shows-other-process-changes", test_shows_other_process_changes);
  ADD ("/ui/window/demo-leaves-own-ledger-alone", test_demo_leaves_own_ledger_alone);
  ADD ("/ui/window/export-then-import", test_export_then_import);
  ADD ("/ui/window/import-error-changes-nothing", test_import_error_changes_nothing);
  ADD ("/ui/window/chart-is-described", test_chart_is_described);
  ADD ("/ui/window/accelerators-reach-actions", test_accelerators_reach_actions);
  ADD ("/ui/window/override-with-reason", test_override_with_reason);
  ADD ("/ui/window/export-chart", test_export_chart);
  ADD ("/ui/window/assessments-arrive-later", test_assessments_arrive_later);
  ADD ("/ui/window/sort-by-balance-once-assessed", test_sort_by_balance_once_assessed);
  ADD ("/ui/window/other-process-change-reassesses", test_other_process_change_reassesses);
  ADD ("/ui/window/closed-while-assessing", test_closed_while_assessing);
  ADD ("/ui/window/exchange-list/sorts-by-column", test_exchange_list_sorts_by_column);
  ADD ("/ui/window/exchange-list/scrolls-to-last", test_exchange_list_scrolls_to_last);
  ADD ("/ui/window/exchange-list/search-and-filter", test_exchange_list_search_and_filter);
  ADD ("/ui/window/relationship-notes-shown", test_relationship_notes_shown);
  ADD ("/ui/window/balances-say-their-period", test_balances_say_their_period);
  ADD ("/ui/window/exchange-list/unvalued", test_exchange_list_unvalued);
  ADD ("/ui/window/overview-review-flows-with-page", test_overview_review_flows_with_page);
  ADD ("/ui/window/exchange-list/edit-leaves-focus-in-list", test_edit_leaves_focus_in_list);
  ADD ("/ui/window/undo/as-computed-changes-nothing", test_as_computed_changes_nothing);
  g_test_add_func ("/ui/window/one-palette", test_one_palette);
  ADD ("/ui/window/future-exchange-counted", test_future_exchange_counted);
  ADD ("/ui/window/why/mentor", test_why_mentor);
  ADD ("/ui/window/why/favour-swap", test_why_favour_swap);
  ADD ("/ui/window/why/freeloader", test_why_freeloader);
  ADD ("/ui/window/why/underpaying-client", test_why_underpaying_client);
  ADD ("/ui/window/why/new-contact", test_why_new_contact);
  ADD ("/ui/window/why/two-to-one", test_why_two_to_one);
  ADD ("/ui/window/why/three-to-one", test_why_three_to_one);
  ADD ("/ui/window/why/unvalued-work", test_why_unvalued_work);
  ADD ("/ui/window/undo/nothing-says-so", test_undo_nothing_says_so);
  ADD ("/ui/window/undo/deleted-exchange-keeps-rowid", test_undo_deleted_exchange_keeps_rowid);
  ADD ("/ui/window/undo/archive", test_undo_archive);
  ADD ("/ui/window/undo/override", test_undo_override);
  ADD ("/ui/window/undo/deleted-relationship", test_undo_deleted_relationship);
  ADD ("/ui/window/undo/edited-relationship", test_undo_edited_relationship);
  ADD ("/ui/window/undo/added-relationship", test_undo_added_relationship);
  ADD ("/ui/window/undo/added-exchange", test_undo_added_exchange);
  ADD ("/ui/window/undo/edited-exchange", test_undo_edited_exchange);
  ADD ("/ui/window/undo/in-order", test_undo_in_order);
  ADD ("/ui/window/demo/change-says-demo-only", test_demo_change_says_demo_only);
  ADD ("/ui/window/all-archived", test_all_archived);
  ADD ("/ui/window/sidebar/scrolls-to-last", test_sidebar_scrolls_to_last);
  ADD ("/ui/window/narrow-window-fits", test_narrow_window_fits);
  ADD ("/ui/window/sidebar/search-scrolls-to-top", test_sidebar_search_scrolls_to_top);
  ADD ("/ui/window/sidebar/sort-scrolls-to-selected", test_sidebar_sort_scrolls_to_selected);
  ADD ("/ui/window/sidebar/filters-by-flag", test_sidebar_filters_by_flag);
  ADD ("/ui/window/sidebar/sort-remembered", test_sidebar_sort_remembered);
  ADD ("/ui/window/sidebar/rows-not-tab-stops", test_sidebar_rows_not_tab_stops);
  ADD ("/ui/window/sidebar/long-names-keep-their-end", test_sidebar_long_names_keep_their_end);
  ADD ("/ui/window/undo/restores-identifiers", test_undo_restores_identifiers);
  ADD ("/ui/window/import/xml-undone-whole", test_import_assistant_xml_undone);
  ADD ("/ui/window/import/csv-assigned-and-undone", test_import_assistant_csv_assigned);
  ADD ("/ui/window/import/by-drop", test_import_by_drop);
  ADD ("/ui/window/import/custom-mapping-saved", test_import_custom_mapping);
  ADD ("/ui/window/import/bad-file-changes-nothing", test_import_assistant_bad_file_changes_nothing);
  g_test_add_func ("/ui/window/import/filters-offer-every-type", test_import_filters_offer_every_type);
  g_test_add_func ("/ui/window/damaged-ledger/offers-backup", test_damaged_ledger_offers_backup);
  g_test_add_func ("/ui/window/damaged-ledger/without-backup", test_damaged_ledger_without_backup);

  status = g_test_run ();
  remove_tree (cache_dir);
  g_free (cache_dir);
  return status;
}
