/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-ui-save-dialog"

#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "test-util.h"
#include "test-ui-util.h"
#include "ui/mutual-save-dialog-private.h"
#include "ui/mutual-window-private.h"
#include "ui/mutual-ui-util.h"

static const MutualSaveFormat data_formats[] = {
  { "Mutual file (XML)", "xml" },
  { "Spreadsheet (CSV)", "csv" },
};

static void
assert_name_for (const char *name,
                 guint       format,
                 const char *expected)
{
  g_autofree char *got = mutual_save_dialog_name_for (name, data_formats, G_N_ELEMENTS (data_formats), format);

  g_assert_cmpstr (got, ==, expected);
}

static void
test_name_for (void)
{
  assert_name_for ("mutual.xml", 1, "mutual.csv");
  assert_name_for ("mutual.csv", 0, "mutual.xml");
  assert_name_for ("mutual", 1, "mutual.csv");
  assert_name_for ("MUTUAL.CSV", 1, "MUTUAL.CSV");
  assert_name_for ("MUTUAL.CSV", 0, "MUTUAL.xml");
  /* Not one of these extensions: kept, and the format's added. */
  assert_name_for ("review.2025", 1, "review.2025.csv");
  assert_name_for (".xml", 1, ".xml.csv");
  assert_name_for ("", 1, "");
}

typedef struct
{
  GFile *file;
  guint  format;
  int    calls;
} Chosen;

static void
on_chosen (GFile    *file,
           guint     format,
           gpointer  user_data)
{
  Chosen *chosen = user_data;

  g_set_object (&chosen->file, file);
  chosen->format = format;
  chosen->calls++;
}

static void
iterate (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static GtkFileFilter *
filter_at (GtkFileChooser *chooser,
           guint           index)
{
  g_autoptr(GListModel) filters = gtk_file_chooser_get_filters (chooser);
  g_autoptr(GtkFileFilter) filter = g_list_model_get_item (filters, index);

  return filter;    /* the chooser keeps it */
}

static GtkWindow *find_toplevel (GType type);

/* What a person does in the dialog shown (GTK's own, without a portal):
 * goes to @folder and types @name. */
static void
choose_in_dialog (GFile      *folder,
                  const char *name)
{
  GtkWindow *dialog = find_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG);

  g_assert_nonnull (dialog);
  g_assert_true (gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (dialog), folder, NULL));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), name);
  iterate ();
  /* The chooser loads the folder in a thread: until it has, the file it
   * names can still be in the folder it showed first. */
  {
    gint64 end = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

    for (;;)
      {
        g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
        g_autoptr(GFile) parent = file ? g_file_get_parent (file) : NULL;

        if ((parent != NULL && g_file_equal (parent, folder)) || g_get_monotonic_time () > end)
          break;
        if (!g_main_context_iteration (NULL, FALSE))
          g_usleep (5000);
      }
  }
}

/* Choosing CSV in the dialog's filter makes the name end in .csv; a
 * name typed without an extension gets the chosen one. */
static void
test_filter_changes_extension (void)
{
  g_autofree char *dir = g_dir_make_tmp ("mutual-save-XXXXXX", NULL);
  g_autoptr(GFile) folder = g_file_new_for_path (dir);
  Chosen chosen = { 0 };
  GtkFileChooser *chooser;
  g_autofree char *name = NULL;
  g_autofree char *renamed = NULL;
  g_autofree char *back = NULL;
  g_autofree char *chosen_name = NULL;

  mutual_save_dialog_show (NULL, "Export", "_Export", data_formats, G_N_ELEMENTS (data_formats), 0,
                           "mutual", G_USER_DIRECTORY_DOCUMENTS, on_chosen, &chosen, NULL);
  chooser = _mutual_save_dialog_get_last ();
  g_assert_nonnull (chooser);
  iterate ();
  name = gtk_file_chooser_get_current_name (chooser);
  g_assert_cmpstr (name, ==, "mutual.xml");
  g_assert_true (gtk_file_chooser_get_filter (chooser) == filter_at (chooser, 0));

  gtk_file_chooser_set_filter (chooser, filter_at (chooser, 1));
  iterate ();
  renamed = gtk_file_chooser_get_current_name (chooser);
  g_assert_cmpstr (renamed, ==, "mutual.csv");
  gtk_file_chooser_set_filter (chooser, filter_at (chooser, 0));
  iterate ();
  back = gtk_file_chooser_get_current_name (chooser);
  g_assert_cmpstr (back, ==, "mutual.xml");

  /* Typed without extension, CSV chosen: saved as .csv. */
  gtk_file_chooser_set_filter (chooser, filter_at (chooser, 1));
  choose_in_dialog (folder, "ledger");
  iterate ();
  _mutual_save_dialog_respond (chooser, GTK_RESPONSE_ACCEPT);
  iterate ();
  g_assert_cmpint (chosen.calls, ==, 1);
  g_assert_cmpuint (chosen.format, ==, 1);
  chosen_name = g_file_get_path (chosen.file);
  g_assert_true (g_str_has_prefix (chosen_name, dir));
  g_assert_true (g_str_has_suffix (chosen_name, "/ledger.csv"));
  g_assert_null (_mutual_save_dialog_get_last ());

  g_clear_object (&chosen.file);
  remove_tree (dir);
}

/* Cancel chooses nothing. */
static void
test_cancel (void)
{
  Chosen chosen = { 0 };
  static const MutualSaveFormat pdf[] = { { "PDF document", "pdf" } };

  mutual_save_dialog_show (NULL, "Save", "_Save", pdf, 1, 0, "Review", G_USER_DIRECTORY_DOCUMENTS,
                           on_chosen, &chosen, NULL);
  iterate ();
  _mutual_save_dialog_respond (_mutual_save_dialog_get_last (), GTK_RESPONSE_CANCEL);
  iterate ();
  g_assert_cmpint (chosen.calls, ==, 0);
  g_assert_null (_mutual_save_dialog_get_last ());
}

static GtkWindow *
find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return window;
    }
  return NULL;
}

static void
select_row (GtkWidget  *root,
            const char *title,
            guint       position)
{
  GtkWidget *row = find_widget (root, ADW_TYPE_COMBO_ROW, title);

  g_assert_nonnull (row);
  g_assert_true (gtk_widget_get_visible (row));
  adw_combo_row_set_selected (ADW_COMBO_ROW (row), position);
}

/* The overview's bars export too: chosen in Export Chart, as SVG in the
 * square preset, saved where the save dialog says. */
static void
test_overview_bars_exported (LedgerFixture *f,
                             gconstpointer  data)
{
  MutualDate today = mutual_date_today ();
  gint64 acme = fixture_add_relationship (f, "Acme");
  gint64 zeta = fixture_add_relationship (f, "Zeta");
  g_autoptr(GFile) folder = g_file_new_for_path (f->dir);
  g_autofree char *svg = NULL;
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;
  MutualWindow *window;
  GtkWindow *dialog;
  GtkFileChooser *chooser;

  fixture_log (f, acme, mutual_date_add_days (today, -30), MUTUAL_DIRECTION_GIVEN, MUTUAL_KIND_WORK, 120000);
  fixture_log (f, zeta, mutual_date_add_days (today, -20), MUTUAL_DIRECTION_RECEIVED, MUTUAL_KIND_PAYMENT, 50000);
  window = mutual_window_new (NULL, f->ledger);
  gtk_window_present (GTK_WINDOW (window));
  iterate_main_loop (100);

  gtk_widget_activate_action (GTK_WIDGET (window), "win.export-chart", NULL);
  iterate_main_loop (50);
  dialog = find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (dialog);
  select_row (GTK_WIDGET (dialog), "Chart", 1);
  select_row (GTK_WIDGET (dialog), "Format", 1);
  select_row (GTK_WIDGET (dialog), "Size", 2);
  /* A preset: no width and height to type. */
  g_assert_false (gtk_widget_get_visible (find_widget (GTK_WIDGET (dialog), ADW_TYPE_ACTION_ROW, "Width")));
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "export");
  iterate_main_loop (50);

  chooser = _mutual_save_dialog_get_last ();
  g_assert_nonnull (chooser);
  name = gtk_file_chooser_get_current_name (chooser);
  g_assert_true (g_str_has_suffix (name, ".svg"));
  choose_in_dialog (folder, "bars");
  _mutual_save_dialog_respond (chooser, GTK_RESPONSE_ACCEPT);

  /* Written in a thread: slower under the sanitizers. */
  path = g_build_filename (f->dir, "bars.svg", NULL);
  {
    gint64 end = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

    while (!g_file_test (path, G_FILE_TEST_EXISTS) && g_get_monotonic_time () < end)
      iterate_main_loop (20);
  }
  g_assert_true (g_file_get_contents (path, &svg, NULL, NULL));
  g_assert_nonnull (strstr (svg, "<title>Balance by relationship"));
  g_assert_nonnull (strstr (svg, "width=\"1080\""));
  g_assert_nonnull (strstr (svg, "height=\"1080\""));
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int    argc,
      char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  mutual_ui_ensure_resources ();

  g_test_add_func ("/ui/save-dialog/name-for", test_name_for);
  g_test_add_func ("/ui/save-dialog/filter-changes-extension", test_filter_changes_extension);
  g_test_add_func ("/ui/save-dialog/cancel", test_cancel);
  g_test_add ("/ui/save-dialog/overview-bars-exported", LedgerFixture, NULL,
              ledger_fixture_set_up, test_overview_bars_exported, ledger_fixture_tear_down);

  return g_test_run ();
}
