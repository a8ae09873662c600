/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-ui-forms"

#include "config.h"

#include <adwaita.h>

#include "core/mutual-date-input.h"
#include "core/mutual-money.h"
#include "test-util.h"
#include "test-ui-util.h"
#include "ui/mutual-exchange-dialog.h"
#include "ui/mutual-preferences-window.h"
#include "ui/mutual-relationship-dialog-private.h"
#include "ui/mutual-ui-util.h"

static gboolean
add_enabled (GtkWidget  *dialog,
             const char *label)
{
  GtkWidget *button = find_widget (dialog, GTK_TYPE_BUTTON, label);

  g_assert_nonnull (button);
  return gtk_widget_get_sensitive (button);
}

/* What a person sees once the dialog is up: the widget and all its
 * parents below the window shown. */
static gboolean
shown (GtkWidget *widget)
{
  for (; widget != NULL && !GTK_IS_ROOT (widget); widget = gtk_widget_get_parent (widget))
    if (!gtk_widget_get_visible (widget) || !gtk_widget_get_child_visible (widget))
      return FALSE;
  return TRUE;
}

static gboolean
label_shown (GtkWidget  *root,
             const char *text)
{
  GtkWidget *label = find_widget (root, GTK_TYPE_LABEL, text);

  return label != NULL && shown (label);
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

static const char *
field_text (GtkWidget  *root,
            const char *title)
{
  GtkWidget *row = find_widget (root, ADW_TYPE_ENTRY_ROW, title);

  g_assert_nonnull (row);
  return gtk_editable_get_text (GTK_EDITABLE (row));
}

static const char *
selected_kind (GtkWidget *dialog)
{
  GtkWidget *row = find_widget (dialog, ADW_TYPE_COMBO_ROW, "Kind");

  g_assert_nonnull (row);
  return gtk_string_object_get_string (adw_combo_row_get_selected_item (ADW_COMBO_ROW (row)));
}

static void
select_kind (GtkWidget  *dialog,
             const char *label)
{
  GtkWidget *row = find_widget (dialog, ADW_TYPE_COMBO_ROW, "Kind");
  GListModel *kinds = adw_combo_row_get_model (ADW_COMBO_ROW (row));

  for (guint i = 0; i < g_list_model_get_n_items (kinds); i++)
    if (g_str_equal (gtk_string_list_get_string (GTK_STRING_LIST (kinds), i), label))
      {
        adw_combo_row_set_selected (ADW_COMBO_ROW (row), i);
        return;
      }
  g_assert_not_reached ();
}

static void
press (GtkWidget  *dialog,
       const char *label)
{
  GtkWidget *button = find_widget (dialog, GTK_TYPE_BUTTON, label);

  g_assert_nonnull (button);
  /* What a click does (activation waits for a realized button). */
  g_signal_emit_by_name (button, "clicked");
}

static char *
local_date (MutualDate date)
{
  char separator;
  MutualDateOrder order = mutual_date_locale_order (&separator);

  return mutual_date_format_numeric (date, order, separator);
}

static int
content_height (GtkWidget *dialog,
                int        width)
{
  int natural = 0;

  gtk_widget_measure (adw_window_get_content (ADW_WINDOW (dialog)), GTK_ORIENTATION_VERTICAL,
                      width, NULL, &natural, NULL, NULL);
  return natural;
}

static void
on_saved (GtkWidget *dialog,
          gint64     id,
          gint64    *out)
{
  *out = id;
}

static void
test_relationship_empty_name_refused (LedgerFixture *f,
                                      gconstpointer  data)
{
  MutualRelationshipDialog *dialog = mutual_relationship_dialog_new (f->ledger, NULL);

  /* Untouched: Add is off, but nothing is reported yet. */
  g_assert_false (add_enabled (GTK_WIDGET (dialog), "Add"));
  set_field (GTK_WIDGET (dialog), "Name", "   ");
  g_assert_false (add_enabled (GTK_WIDGET (dialog), "Add"));
  g_assert_nonnull (mutual_relationship_dialog_get_error (dialog));
  g_assert_nonnull (find_widget (GTK_WIDGET (dialog), GTK_TYPE_LABEL,
                                 mutual_relationship_dialog_get_error (dialog)));

  g_assert_false (mutual_relationship_dialog_save (dialog));
  g_assert_cmpint (mutual_ledger_count_relationships (f->ledger), ==, 0);
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
test_relationship_duplicate_refused (LedgerFixture *f,
                                     gconstpointer  data)
{
  MutualRelationshipDialog *dialog;

  fixture_add_relationship (f, "Acme GmbH");
  dialog = mutual_relationship_dialog_new (f->ledger, NULL);
  set_field (GTK_WIDGET (dialog), "Name", "acme gmbh");
  g_assert_false (add_enabled (GTK_WIDGET (dialog), "Add"));
  g_assert_nonnull (strstr (mutual_relationship_dialog_get_error (dialog), "already"));
  g_assert_false (mutual_relationship_dialog_save (dialog));
  g_assert_cmpint (mutual_ledger_count_relationships (f->ledger), ==, 1);

  /* Fixing the name clears the error at once. */
  set_field (GTK_WIDGET (dialog), "Name", "Acme Inc");
  g_assert_null (mutual_relationship_dialog_get_error (dialog));
  g_assert_true (add_enabled (GTK_WIDGET (dialog), "Add"));
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
test_relationship_too_long_refused (LedgerFixture *f,
                                    gconstpointer  data)
{
  MutualRelationshipDialog *dialog = mutual_relationship_dialog_new (f->ledger, NULL);
  g_autofree char *longest = g_strnfill (MUTUAL_NAME_MAX_CHARS, 'x');
  g_autofree char *too_long = g_strnfill (MUTUAL_NAME_MAX_CHARS + 1, 'x');

  set_field (GTK_WIDGET (dialog), "Name", too_long);
  g_assert_false (add_enabled (GTK_WIDGET (dialog), "Add"));
  g_assert_false (mutual_relationship_dialog_save (dialog));
  set_field (GTK_WIDGET (dialog), "Name", longest);
  g_assert_true (add_enabled (GTK_WIDGET (dialog), "Add"));
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
test_relationship_added (LedgerFixture *f,
                         gconstpointer  data)
{
  MutualRelationshipDialog *dialog = mutual_relationship_dialog_new (f->ledger, NULL);
  g_autoptr(MutualRelationship) rel = NULL;
  g_autoptr(GError) error = NULL;
  gint64 saved = 0;

  g_signal_connect (dialog, "saved", G_CALLBACK (on_saved), &saved);
  set_field (GTK_WIDGET (dialog), "Name", "  Acme GmbH ");
  set_field (GTK_WIDGET (dialog), "Organization", "Acme");
  g_object_ref (dialog);
  g_assert_true (mutual_relationship_dialog_save (dialog));
  g_assert_cmpint (saved, >, 0);

  rel = mutual_ledger_get_relationship (f->ledger, saved, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (rel->name, ==, "Acme GmbH");
  g_assert_cmpstr (rel->organization, ==, "Acme");
  g_assert_cmpint (rel->role, ==, MUTUAL_ROLE_CLIENT);
  g_object_unref (dialog);
}

static void
test_relationship_edited (LedgerFixture *f,
                          gconstpointer  data)
{
  gint64 id = fixture_add_relationship (f, "Acme");
  g_autoptr(MutualRelationship) rel = mutual_ledger_get_relationship (f->ledger, id, NULL);
  g_autoptr(MutualRelationship) after = NULL;
  MutualRelationshipDialog *dialog = mutual_relationship_dialog_new (f->ledger, rel);

  /* Editing says Save, and keeping one's own name is no duplicate. */
  g_assert_true (add_enabled (GTK_WIDGET (dialog), "Save"));
  set_field (GTK_WIDGET (dialog), "Name", "ACME");
  g_assert_true (add_enabled (GTK_WIDGET (dialog), "Save"));
  g_assert_true (mutual_relationship_dialog_save (dialog));
  after = mutual_ledger_get_relationship (f->ledger, id, NULL);
  g_assert_cmpstr (after->name, ==, "ACME");
  g_assert_cmpint (mutual_ledger_count_relationships (f->ledger), ==, 1);
}

static guint
count_identifiers (LedgerFixture *f,
                   gint64         id)
{
  g_autoptr(GPtrArray) list = mutual_ledger_list_identifiers (f->ledger, id, NULL);

  return list ? list->len : G_MAXUINT;
}

static void
test_relationship_identifier_added (LedgerFixture *f,
                                    gconstpointer  data)
{
  gint64 id = fixture_add_relationship (f, "Acme");
  g_autoptr(MutualRelationship) rel = mutual_ledger_get_relationship (f->ledger, id, NULL);
  MutualRelationshipDialog *dialog = mutual_relationship_dialog_new (f->ledger, rel);
  g_autoptr(GPtrArray) saved = NULL;
  MutualIdentifier *identifier;

  /* Shown as typed in a row of its own, stored normalized; nothing is
   * written before Save. */
  g_assert_true (mutual_relationship_dialog_add_identifier (dialog, MUTUAL_IDENTIFIER_IBAN,
                                                            "de89 3704 0044 0532 0130 00"));
  g_assert_null (mutual_relationship_dialog_get_identifier_error (dialog));
  g_assert_nonnull (find_widget (GTK_WIDGET (dialog), ADW_TYPE_ACTION_ROW, "DE89370400440532013000"));
  g_assert_cmpuint (count_identifiers (f, id), ==, 0);
  g_assert_true (mutual_relationship_dialog_add_identifier (dialog, MUTUAL_IDENTIFIER_ALIAS, "ACME GMBH SAGT DANKE"));

  g_assert_true (mutual_relationship_dialog_save (dialog));
  saved = mutual_ledger_list_identifiers (f->ledger, id, NULL);
  g_assert_cmpuint (saved->len, ==, 2);
  identifier = saved->pdata[0];
  g_assert_cmpint (identifier->type, ==, MUTUAL_IDENTIFIER_IBAN);
  g_assert_cmpstr (identifier->value, ==, "DE89370400440532013000");
}

static void
test_relationship_invalid_iban_refused (LedgerFixture *f,
                                        gconstpointer  data)
{
  gint64 id = fixture_add_relationship (f, "Acme");
  g_autoptr(MutualRelationship) rel = mutual_ledger_get_relationship (f->ledger, id, NULL);
  MutualRelationshipDialog *dialog = mutual_relationship_dialog_new (f->ledger, rel);
  const char *problem;

  /* One mistyped digit: the sentence shows under the row, nothing is
   * listed, and Save saves nothing while it stands. */
  g_assert_false (mutual_relationship_dialog_add_identifier (dialog, MUTUAL_IDENTIFIER_IBAN,
                                                             "DE89 3704 0044 0532 0130 01"));
  problem = mutual_relationship_dialog_get_identifier_error (dialog);
  g_assert_nonnull (problem);
  g_assert_nonnull (strstr (problem, "IBAN"));
  g_assert_nonnull (find_widget (GTK_WIDGET (dialog), GTK_TYPE_LABEL, problem));
  g_assert_cmpuint (mutual_relationship_dialog_get_identifiers (dialog)->len, ==, 0);
  set_field (GTK_WIDGET (dialog), "Name", "Acme GmbH");
  g_assert_false (mutual_relationship_dialog_save (dialog));
  {
    g_autoptr(MutualRelationship) after = mutual_ledger_get_relationship (f->ledger, id, NULL);

    g_assert_cmpstr (after->name, ==, "Acme");
  }
  g_assert_cmpuint (count_identifiers (f, id), ==, 0);

  /* Another relationship's identifier is refused the same way. */
  {
    gint64 other = fixture_add_relationship (f, "Zenith");

    g_assert_true (mutual_ledger_add_identifier (f->ledger, other, MUTUAL_IDENTIFIER_EMAIL, "ap@zenith.example", NULL));
    g_assert_false (mutual_relationship_dialog_add_identifier (dialog, MUTUAL_IDENTIFIER_EMAIL, "AP@zenith.example"));
    g_assert_nonnull (strstr (mutual_relationship_dialog_get_identifier_error (dialog), "Zenith"));
  }
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
test_relationship_identifier_removed (LedgerFixture *f,
                                      gconstpointer  data)
{
  gint64 id = fixture_add_relationship (f, "Acme");
  g_autoptr(MutualRelationship) rel = mutual_ledger_get_relationship (f->ledger, id, NULL);
  MutualRelationshipDialog *dialog;

  g_assert_true (mutual_ledger_add_identifier (f->ledger, id, MUTUAL_IDENTIFIER_EMAIL, "ap@acme.example", NULL));
  g_assert_true (mutual_ledger_add_identifier (f->ledger, id, MUTUAL_IDENTIFIER_NUMBER, "K-1042", NULL));
  dialog = mutual_relationship_dialog_new (f->ledger, rel);
  g_assert_nonnull (find_widget (GTK_WIDGET (dialog), ADW_TYPE_ACTION_ROW, "ap@acme.example"));
  g_assert_true (mutual_relationship_dialog_remove_identifier (dialog, "ap@acme.example"));
  g_assert_null (find_widget (GTK_WIDGET (dialog), ADW_TYPE_ACTION_ROW, "ap@acme.example"));
  g_assert_cmpuint (count_identifiers (f, id), ==, 2);
  g_assert_true (mutual_relationship_dialog_save (dialog));
  g_assert_cmpuint (count_identifiers (f, id), ==, 1);
}

static void
test_relationship_identifiers_fit_narrow (LedgerFixture *f,
                                          gconstpointer  data)
{
  gint64 id = fixture_add_relationship (f, "Acme");
  g_autoptr(MutualRelationship) rel = mutual_ledger_get_relationship (f->ledger, id, NULL);
  MutualRelationshipDialog *dialog;
  int minimum;

  g_assert_true (mutual_ledger_add_identifier (f->ledger, id, MUTUAL_IDENTIFIER_ALIAS,
                                               "ACME GMBH SAGT DANKE FUER DIE GUTE ZUSAMMENARBEIT", NULL));
  dialog = mutual_relationship_dialog_new (f->ledger, rel);
  gtk_widget_measure (GTK_WIDGET (dialog), GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL, NULL, NULL);
  g_assert_cmpint (minimum, <=, 360);
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
test_exchange_bad_values_refused (LedgerFixture *f,
                                  gconstpointer  data)
{
  gint64 id = fixture_add_relationship (f, "Acme");
  MutualExchangeDialog *dialog = mutual_exchange_dialog_new (f->ledger, id, NULL);
  const char *bad_values[] = { "abc", "12.345", "-5", "1e3", "12,50", "10000000000000.01" };

  /* The ledger is in EUR: two decimals at most. */
  g_assert_cmpint (mutual_ledger_get_digits (f->ledger), ==, 2);
  for (guint i = 0; i < G_N_ELEMENTS (bad_values); i++)
    {
      set_field (GTK_WIDGET (dialog), "Value", bad_values[i]);
      g_assert_false (add_enabled (GTK_WIDGET (dialog), "Add"));
      g_assert_nonnull (mutual_exchange_dialog_get_error (dialog));
      g_assert_false (mutual_exchange_dialog_save (dialog));
    }
  g_assert_cmpint (mutual_ledger_count_exchanges (f->ledger, id), ==, 0);
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
test_exchange_bad_date_and_time_refused (LedgerFixture *f,
                                         gconstpointer  data)
{
  gint64 id = fixture_add_relationship (f, "Acme");
  MutualExchangeDialog *dialog = mutual_exchange_dialog_new (f->ledger, id, NULL);
  const char *bad_dates[] = { "2025-02-30", "1899-12-31", "22/11/2026", "" };
  const char *bad_minutes[] = { "-1", "1.5", "ninety" };

  set_field (GTK_WIDGET (dialog), "Value", "10");
  g_assert_true (add_enabled (GTK_WIDGET (dialog), "Add"));
  for (guint i = 0; i < G_N_ELEMENTS (bad_dates); i++)
    {
      set_field (GTK_WIDGET (dialog), "Date", bad_dates[i]);
      g_assert_false (add_enabled (GTK_WIDGET (dialog), "Add"));
      g_assert_false (mutual_exchange_dialog_save (dialog));
    }
  set_field (GTK_WIDGET (dialog), "Date", "2025-02-28");
  for (guint i = 0; i < G_N_ELEMENTS (bad_minutes); i++)
    {
      set_field (GTK_WIDGET (dialog), "Time Spent (optional)", bad_minutes[i]);
      g_assert_false (add_enabled (GTK_WIDGET (dialog), "Add"));
      g_assert_false (mutual_exchange_dialog_save (dialog));
    }
  g_assert_cmpint (mutual_ledger_count_exchanges (f->ledger, id), ==, 0);
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
test_exchange_added (LedgerFixture *f,
                     gconstpointer  data)
{
  gint64 id = fixture_add_relationship (f, "Acme");
  MutualExchangeDialog *dialog = mutual_exchange_dialog_new (f->ledger, id, NULL);
  g_autoptr(MutualExchange) exchange = NULL;
  g_autoptr(GError) error = NULL;
  gint64 saved = 0;

  g_signal_connect (dialog, "saved", G_CALLBACK (on_saved), &saved);
  set_field (GTK_WIDGET (dialog), "Value", "1200.50");
  set_field (GTK_WIDGET (dialog), "Date", "2025-02-01");
  set_field (GTK_WIDGET (dialog), "Time Spent (optional)", "90");
  set_field (GTK_WIDGET (dialog), "Note", "Website redesign");
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (find_widget (GTK_WIDGET (dialog), GTK_TYPE_TOGGLE_BUTTON,
                                                                "I Received")), TRUE);
  g_assert_true (mutual_exchange_dialog_save (dialog));

  exchange = mutual_ledger_get_exchange (f->ledger, saved, &error);
  g_assert_no_error (error);
  g_assert_cmpint (exchange->relationship_id, ==, id);
  g_assert_cmpint (exchange->value, ==, 120050);
  g_assert_cmpuint (exchange->date, ==, 20250201);
  g_assert_cmpint (exchange->minutes, ==, 90);
  g_assert_cmpint (exchange->direction, ==, MUTUAL_DIRECTION_RECEIVED);
  g_assert_cmpstr (exchange->note, ==, "Website redesign");
}

static void
test_exchange_edited (LedgerFixture *f,
                      gconstpointer  data)
{
  gint64 id = fixture_add_relationship (f, "Acme");
  gint64 eid = fixture_log (f, id, 20250101, MUTUAL_DIRECTION_GIVEN, MUTUAL_KIND_ADVICE, 500);
  g_autoptr(MutualExchange) before = mutual_ledger_get_exchange (f->ledger, eid, NULL);
  g_autoptr(MutualExchange) after = NULL;
  MutualExchangeDialog *dialog = mutual_exchange_dialog_new (f->ledger, id, before);
  GtkWidget *value = find_widget (GTK_WIDGET (dialog), ADW_TYPE_ENTRY_ROW, "Value");

  /* The form shows the stored value in the ledger's format. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (value)), ==, "5.00");
  g_assert_true (add_enabled (GTK_WIDGET (dialog), "Save"));
  set_field (GTK_WIDGET (dialog), "Value", "7");
  g_assert_true (mutual_exchange_dialog_save (dialog));

  after = mutual_ledger_get_exchange (f->ledger, eid, NULL);
  g_assert_cmpint (after->value, ==, 700);
  g_assert_cmpint (after->kind, ==, MUTUAL_KIND_ADVICE);
  g_assert_cmpuint (after->date, ==, 20250101);
  g_assert_cmpint (mutual_ledger_count_exchanges (f->ledger, id), ==, 1);
}

static void
test_exchange_time_as_written (LedgerFixture *f,
                               gconstpointer  data)
{
  static const struct { const char *typed; gint64 minutes; const char *shown; } cases[] = {
    { "16h", 960, "16 h" },
    { "1:30", 90, "1 h 30 min" },
    { "1,5 h", 90, "1 h 30 min" },
    { "1.5 h", 90, "1 h 30 min" },
    { "90", 90, "1 h 30 min" },
    { "2 h 15 min", 135, "2 h 15 min" },
    { "45min", 45, "45 min" },
  };
  gint64 id = fixture_add_relationship (f, "Acme");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      MutualExchangeDialog *dialog = mutual_exchange_dialog_new (f->ledger, id, NULL);
      g_autoptr(MutualExchange) exchange = NULL;
      gint64 saved = 0;

      g_signal_connect (dialog, "saved", G_CALLBACK (on_saved), &saved);
      set_field (GTK_WIDGET (dialog), "Time Spent (optional)", cases[i].typed);
      g_assert_null (mutual_exchange_dialog_get_error (dialog));
      /* The parsed time is shown back beside what was typed, unless
       * it was typed that way. */
      if (g_str_equal (cases[i].typed, cases[i].shown))
        g_assert_false (label_shown (GTK_WIDGET (dialog), cases[i].shown));
      else
        g_assert_true (label_shown (GTK_WIDGET (dialog), cases[i].shown));
      g_assert_true (mutual_exchange_dialog_save (dialog));
      exchange = mutual_ledger_get_exchange (f->ledger, saved, NULL);
      g_assert_cmpint (exchange->minutes, ==, cases[i].minutes);
    }
}

static void
test_exchange_time_refused (LedgerFixture *f,
                            gconstpointer  data)
{
  gint64 id = fixture_add_relationship (f, "Acme");
  MutualExchangeDialog *dialog = mutual_exchange_dialog_new (f->ledger, id, NULL);
  const char *bad[] = { "-90", "1 h -5", "lots", "2147483648", "1:75" };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      const char *error;

      set_field (GTK_WIDGET (dialog), "Time Spent (optional)", bad[i]);
      error = mutual_exchange_dialog_get_error (dialog);
      g_assert_nonnull (error);
      g_assert_true (label_shown (GTK_WIDGET (dialog), error));
      g_assert_false (add_enabled (GTK_WIDGET (dialog), "Add"));
      g_assert_false (mutual_exchange_dialog_save (dialog));
    }
  /* The largest time there may be. */
  set_field (GTK_WIDGET (dialog), "Time Spent (optional)", "2147483647");
  g_assert_null (mutual_exchange_dialog_get_error (dialog));
  g_assert_cmpint (mutual_ledger_count_exchanges (f->ledger, id), ==, 0);
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
test_exchange_time_edited_shows_hours (LedgerFixture *f,
                                       gconstpointer  data)
{
  gint64 id = fixture_add_relationship (f, "Acme");
  gint64 eid = fixture_log (f, id, 20250101, MUTUAL_DIRECTION_GIVEN, MUTUAL_KIND_WORK, 500);
  g_autoptr(MutualExchange) before = mutual_ledger_get_exchange (f->ledger, eid, NULL);
  g_autoptr(MutualExchange) after = NULL;
  MutualExchangeDialog *dialog;

  before->minutes = 9108;
  g_assert_true (mutual_ledger_update_exchange (f->ledger, before, NULL));
  dialog = mutual_exchange_dialog_new (f->ledger, id, before);
  g_assert_cmpstr (field_text (GTK_WIDGET (dialog), "Time Spent (optional)"), ==, "151 h 48 min");
  g_assert_true (mutual_exchange_dialog_save (dialog));
  after = mutual_ledger_get_exchange (f->ledger, eid, NULL);
  g_assert_cmpint (after->minutes, ==, 9108);
}

static void
test_exchange_kind_follows_direction (LedgerFixture *f,
                                      gconstpointer  data)
{
  gint64 id = fixture_add_relationship (f, "Acme");
  MutualExchangeDialog *dialog = mutual_exchange_dialog_new (f->ledger, id, NULL);
  GtkWidget *d = GTK_WIDGET (dialog);
  g_autoptr(MutualExchange) exchange = NULL;
  gint64 saved = 0;

  g_signal_connect (dialog, "saved", G_CALLBACK (on_saved), &saved);
  g_assert_cmpstr (selected_kind (d), ==, "Work");
  press (d, "I Received");
  g_assert_cmpstr (selected_kind (d), ==, "Payment");
  press (d, "I Gave");
  g_assert_cmpstr (selected_kind (d), ==, "Work");
  press (d, "I Received");
  g_assert_true (mutual_exchange_dialog_save (dialog));
  exchange = mutual_ledger_get_exchange (f->ledger, saved, NULL);
  g_assert_cmpint (exchange->direction, ==, MUTUAL_DIRECTION_RECEIVED);
  g_assert_cmpint (exchange->kind, ==, MUTUAL_KIND_PAYMENT);
}

static void
test_exchange_chosen_kind_stays (LedgerFixture *f,
                                 gconstpointer  data)
{
  gint64 id = fixture_add_relationship (f, "Acme");
  MutualExchangeDialog *dialog = mutual_exchange_dialog_new (f->ledger, id, NULL);
  GtkWidget *d = GTK_WIDGET (dialog);

  /* A kind the user picked is theirs: a payment given stays one. */
  select_kind (d, "Payment");
  press (d, "I Received");
  g_assert_cmpstr (selected_kind (d), ==, "Payment");
  press (d, "I Gave");
  g_assert_cmpstr (selected_kind (d), ==, "Payment");
  select_kind (d, "Advice");
  press (d, "I Received");
  g_assert_cmpstr (selected_kind (d), ==, "Advice");
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
test_exchange_kinds_grouped (LedgerFixture *f,
                             gconstpointer  data)
{
  const char *order[] = {
    "Payment", "Work", "Discount",
    "Advice", "Referral", "Introduction", "Testimonial", "Feedback", "Support", "Gift",
    "Other",
  };
  gint64 id = fixture_add_relationship (f, "Acme");
  MutualExchangeDialog *dialog = mutual_exchange_dialog_new (f->ledger, id, NULL);
  GtkWidget *row = find_widget (GTK_WIDGET (dialog), ADW_TYPE_COMBO_ROW, "Kind");
  GListModel *kinds = adw_combo_row_get_model (ADW_COMBO_ROW (row));

  g_assert_cmpuint (g_list_model_get_n_items (kinds), ==, G_N_ELEMENTS (order));
  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (kinds), i), ==, order[i]);

  /* The open list heads each group. */
  gtk_window_present (GTK_WINDOW (dialog));
  iterate_main_loop (50);
  gtk_widget_activate (row);
  iterate_main_loop (100);
  g_assert_true (label_shown (row, "Commercial"));
  g_assert_true (label_shown (row, "Relational"));
  /* Closed before the window goes, as a person would: no pointer
   * query is left pending on a surface that is gone. */
  gtk_popover_popdown (GTK_POPOVER (find_by_type (row, GTK_TYPE_POPOVER)));
  iterate_main_loop (100);
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
test_exchange_no_error_before_editing (LedgerFixture *f,
                                       gconstpointer  data)
{
  gint64 id = fixture_add_relationship (f, "Acme");
  MutualExchangeDialog *dialog = mutual_exchange_dialog_new (f->ledger, id, NULL);
  GtkWidget *d = GTK_WIDGET (dialog);

  /* A fresh form is valid: no value means not estimated. Writing a
   * note or choosing a direction reports nothing about other fields. */
  g_assert_null (mutual_exchange_dialog_get_error (dialog));
  g_assert_true (add_enabled (d, "Add"));
  set_field (d, "Note", "Lunch");
  press (d, "I Received");
  g_assert_null (mutual_exchange_dialog_get_error (dialog));
  g_assert_true (add_enabled (d, "Add"));
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
test_exchange_error_keeps_size (LedgerFixture *f,
                                gconstpointer  data)
{
  gint64 id = fixture_add_relationship (f, "Acme");
  MutualExchangeDialog *dialog = mutual_exchange_dialog_new (f->ledger, id, NULL);
  GtkWidget *d = GTK_WIDGET (dialog);
  int widths[] = { 360, 460 };

  for (guint i = 0; i < G_N_ELEMENTS (widths); i++)
    {
      int before, after;

      set_field (d, "Value", "10");
      before = content_height (d, widths[i]);
      set_field (d, "Value", "abc");
      g_assert_true (label_shown (d, mutual_exchange_dialog_get_error (dialog)));
      after = content_height (d, widths[i]);
      g_assert_cmpint (before, ==, after);
      /* A long sentence too. */
      set_field (d, "Date", "not a date at all, really not, not even close to one");
      g_assert_true (label_shown (d, mutual_exchange_dialog_get_error (dialog)));
      g_assert_cmpint (content_height (d, widths[i]), ==, before);
      set_field (d, "Date", "2025-01-01");
    }
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
test_exchange_empty_value_not_estimated (LedgerFixture *f,
                                         gconstpointer  data)
{
  gint64 id = fixture_add_relationship (f, "Acme");
  MutualExchangeDialog *dialog = mutual_exchange_dialog_new (f->ledger, id, NULL);
  g_autoptr(MutualExchange) exchange = NULL;
  MutualExchangeDialog *edit;
  gint64 saved = 0;

  g_signal_connect (dialog, "saved", G_CALLBACK (on_saved), &saved);
  g_assert_true (label_shown (GTK_WIDGET (dialog), "Not estimated"));
  set_field (GTK_WIDGET (dialog), "Value", "5");
  g_assert_false (label_shown (GTK_WIDGET (dialog), "Not estimated"));
  set_field (GTK_WIDGET (dialog), "Value", "  ");
  g_assert_true (label_shown (GTK_WIDGET (dialog), "Not estimated"));
  select_kind (GTK_WIDGET (dialog), "Advice");
  g_assert_true (mutual_exchange_dialog_save (dialog));
  exchange = mutual_ledger_get_exchange (f->ledger, saved, NULL);
  g_assert_cmpint (exchange->value, ==, 0);

  /* Editing it shows no "0.00", and keeps it unvalued. */
  edit = mutual_exchange_dialog_new (f->ledger, id, exchange);
  g_assert_cmpstr (field_text (GTK_WIDGET (edit), "Value"), ==, "");
  g_assert_true (label_shown (GTK_WIDGET (edit), "Not estimated"));
  gtk_window_destroy (GTK_WINDOW (edit));
}

static void
test_exchange_date_in_locale_order (LedgerFixture *f,
                                    gconstpointer  data)
{
  gint64 id = fixture_add_relationship (f, "Acme");
  MutualExchangeDialog *dialog = mutual_exchange_dialog_new (f->ledger, id, NULL);
  g_autofree char *today = local_date (mutual_date_today ());
  g_autoptr(MutualExchange) exchange = NULL;
  gint64 saved = 0;

  g_signal_connect (dialog, "saved", G_CALLBACK (on_saved), &saved);
  /* C.UTF-8 writes 12/31/99: month first. */
  g_assert_cmpstr (field_text (GTK_WIDGET (dialog), "Date"), ==, today);
  set_field (GTK_WIDGET (dialog), "Date", "02/01/2025");
  g_assert_null (mutual_exchange_dialog_get_error (dialog));
  set_field (GTK_WIDGET (dialog), "Date", "2025-13-01");
  g_assert_nonnull (mutual_exchange_dialog_get_error (dialog));
  set_field (GTK_WIDGET (dialog), "Date", "31/12/2025");
  g_assert_nonnull (strstr (mutual_exchange_dialog_get_error (dialog), "YYYY-MM-DD"));
  set_field (GTK_WIDGET (dialog), "Date", "12/31/2025");
  g_assert_true (mutual_exchange_dialog_save (dialog));
  exchange = mutual_ledger_get_exchange (f->ledger, saved, NULL);
  g_assert_cmpuint (exchange->date, ==, 20251231);
}

static void
test_exchange_calendar_follows_typed_date (LedgerFixture *f,
                                           gconstpointer  data)
{
  gint64 id = fixture_add_relationship (f, "Acme");
  MutualExchangeDialog *dialog = mutual_exchange_dialog_new (f->ledger, id, NULL);
  GtkCalendar *calendar = GTK_CALENDAR (find_by_type (GTK_WIDGET (dialog), GTK_TYPE_CALENDAR));
  g_autoptr(GDateTime) shown_date = NULL;

  set_field (GTK_WIDGET (dialog), "Date", "2025-02-01");
  shown_date = gtk_calendar_get_date (calendar);
  g_assert_cmpint (g_date_time_get_year (shown_date), ==, 2025);
  g_assert_cmpint (g_date_time_get_month (shown_date), ==, 2);
  g_assert_cmpint (g_date_time_get_day_of_month (shown_date), ==, 1);
  /* Typing on does not rewrite what is being typed. */
  set_field (GTK_WIDGET (dialog), "Date", "2/1/2025");
  g_assert_cmpstr (field_text (GTK_WIDGET (dialog), "Date"), ==, "2/1/2025");
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
test_exchange_typed_date_follows_calendar (LedgerFixture *f,
                                           gconstpointer  data)
{
  gint64 id = fixture_add_relationship (f, "Acme");
  MutualExchangeDialog *dialog = mutual_exchange_dialog_new (f->ledger, id, NULL);
  GtkCalendar *calendar = GTK_CALENDAR (find_by_type (GTK_WIDGET (dialog), GTK_TYPE_CALENDAR));
  g_autoptr(GDateTime) day = g_date_time_new_local (2024, 2, 29, 12, 0, 0);
  g_autofree char *expected = local_date (20240229);

  gtk_calendar_select_day (calendar, day);
  g_assert_cmpstr (field_text (GTK_WIDGET (dialog), "Date"), ==, expected);
  g_assert_null (mutual_exchange_dialog_get_error (dialog));
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
test_exchange_future_date_flagged (LedgerFixture *f,
                                   gconstpointer  data)
{
  gint64 id = fixture_add_relationship (f, "Acme");
  MutualExchangeDialog *dialog = mutual_exchange_dialog_new (f->ledger, id, NULL);
  g_autofree char *today = local_date (mutual_date_today ());
  g_autofree char *tomorrow = local_date (mutual_date_add_days (mutual_date_today (), 1));
  g_autoptr(MutualExchange) exchange = NULL;
  gint64 saved = 0;

  g_signal_connect (dialog, "saved", G_CALLBACK (on_saved), &saved);
  g_assert_false (label_shown (GTK_WIDGET (dialog), "This date is in the future."));
  set_field (GTK_WIDGET (dialog), "Date", tomorrow);
  g_assert_true (label_shown (GTK_WIDGET (dialog), "This date is in the future."));
  set_field (GTK_WIDGET (dialog), "Date", today);
  g_assert_false (label_shown (GTK_WIDGET (dialog), "This date is in the future."));

  /* Flagged, not refused. */
  set_field (GTK_WIDGET (dialog), "Date", tomorrow);
  g_assert_null (mutual_exchange_dialog_get_error (dialog));
  g_assert_true (add_enabled (GTK_WIDGET (dialog), "Add"));
  g_assert_true (mutual_exchange_dialog_save (dialog));
  exchange = mutual_ledger_get_exchange (f->ledger, saved, NULL);
  g_assert_cmpuint (exchange->date, ==, mutual_date_add_days (mutual_date_today (), 1));
}

static void
test_exchange_edit_focuses_value (LedgerFixture *f,
                                  gconstpointer  data)
{
  gint64 id = fixture_add_relationship (f, "Acme");
  gint64 eid = fixture_log (f, id, 20250101, MUTUAL_DIRECTION_GIVEN, MUTUAL_KIND_WORK, 500);
  g_autoptr(MutualExchange) exchange = mutual_ledger_get_exchange (f->ledger, eid, NULL);
  MutualExchangeDialog *dialog = mutual_exchange_dialog_new (f->ledger, id, exchange);
  GtkWidget *value = find_widget (GTK_WIDGET (dialog), ADW_TYPE_ENTRY_ROW, "Value");
  GtkWidget *focus;

  gtk_window_present (GTK_WINDOW (dialog));
  iterate_main_loop (100);
  focus = gtk_root_get_focus (GTK_ROOT (dialog));
  g_assert_nonnull (focus);
  g_assert_true (focus == value || gtk_widget_is_ancestor (focus, value));
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
test_preferences_currency (LedgerFixture *f,
                           gconstpointer  data)
{
  MutualPreferencesWindow *prefs = mutual_preferences_window_new (f->ledger);
  GtkWidget *row = find_widget (GTK_WIDGET (prefs), ADW_TYPE_COMBO_ROW, "Currency");
  const char * const *codes = mutual_currency_list ();
  guint jpy = G_MAXUINT;
  gint64 id;

  g_assert_nonnull (row);
  g_assert_true (gtk_widget_get_sensitive (row));
  for (guint i = 0; codes[i]; i++)
    if (g_str_equal (codes[i], "JPY"))
      jpy = i;
  g_assert_cmpuint (jpy, !=, G_MAXUINT);
  adw_combo_row_set_selected (ADW_COMBO_ROW (row), jpy);
  g_assert_cmpstr (mutual_ledger_get_currency (f->ledger), ==, "JPY");
  gtk_window_destroy (GTK_WINDOW (prefs));

  /* Once the ledger holds exchanges the currency is fixed. */
  id = fixture_add_relationship (f, "Acme");
  fixture_log (f, id, 20250101, MUTUAL_DIRECTION_GIVEN, MUTUAL_KIND_WORK, 5);
  prefs = mutual_preferences_window_new (f->ledger);
  row = find_widget (GTK_WIDGET (prefs), ADW_TYPE_COMBO_ROW, "Currency");
  g_assert_false (gtk_widget_get_sensitive (row));
  gtk_window_destroy (GTK_WINDOW (prefs));
}

static void
test_preferences_chart_range (LedgerFixture *f,
                              gconstpointer  data)
{
  MutualPreferencesWindow *prefs = mutual_preferences_window_new (f->ledger);
  GtkWidget *row = find_widget (GTK_WIDGET (prefs), ADW_TYPE_COMBO_ROW, "Default Range");
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);

  g_assert_nonnull (row);
  g_assert_cmpint (g_settings_get_enum (settings, "chart-range"), ==, 1);
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (row)), ==, 1);
  adw_combo_row_set_selected (ADW_COMBO_ROW (row), 3);
  g_assert_cmpint (g_settings_get_enum (settings, "chart-range"), ==, 3);
  g_settings_reset (settings, "chart-range");
  gtk_window_destroy (GTK_WINDOW (prefs));
}

static void
test_shortcuts_window_builds (void)
{
  g_autoptr(GtkBuilder) builder = gtk_builder_new_from_resource ("/io/github/mutualapp/Mutual/gtk/help-overlay.ui");
  GObject *overlay = gtk_builder_get_object (builder, "help_overlay");

  g_assert_true (GTK_IS_SHORTCUTS_WINDOW (overlay));
  gtk_window_destroy (GTK_WINDOW (overlay));
}

#define ADD(path, func) \
  g_test_add (path, LedgerFixture, NULL, ledger_fixture_set_up, func, ledger_fixture_tear_down)

int
main (int    argc,
      char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  mutual_ui_ensure_resources ();

  ADD ("/ui/relationship-form/empty-name-refused", test_relationship_empty_name_refused);
  ADD ("/ui/relationship-form/duplicate-refused", test_relationship_duplicate_refused);
  ADD ("/ui/relationship-form/too-long-refused", test_relationship_too_long_refused);
  ADD ("/ui/relationship-form/added", test_relationship_added);
  ADD ("/ui/relationship-form/edited", test_relationship_edited);
  ADD ("/ui/relationship-form/identifier-added", test_relationship_identifier_added);
  ADD ("/ui/relationship-form/invalid-iban-refused", test_relationship_invalid_iban_refused);
  ADD ("/ui/relationship-form/identifier-removed", test_relationship_identifier_removed);
  ADD ("/ui/relationship-form/identifiers-fit-narrow", test_relationship_identifiers_fit_narrow);
  ADD ("/ui/exchange-form/bad-values-refused", test_exchange_bad_values_refused);
  ADD ("/ui/exchange-form/bad-date-and-time-refused", test_exchange_bad_date_and_time_refused);
  ADD ("/ui/exchange-form/added", test_exchange_added);
  ADD ("/ui/exchange-form/edited", test_exchange_edited);
  ADD ("/ui/exchange-form/time-as-written", test_exchange_time_as_written);
  ADD ("/ui/exchange-form/time-refused", test_exchange_time_refused);
  ADD ("/ui/exchange-form/time-edited-shows-hours", test_exchange_time_edited_shows_hours);
  ADD ("/ui/exchange-form/kind-follows-direction", test_exchange_kind_follows_direction);
  ADD ("/ui/exchange-form/chosen-kind-stays", test_exchange_chosen_kind_stays);
  ADD ("/ui/exchange-form/kinds-grouped", test_exchange_kinds_grouped);
  ADD ("/ui/exchange-form/no-error-before-editing", test_exchange_no_error_before_editing);
  ADD ("/ui/exchange-form/error-keeps-size", test_exchange_error_keeps_size);
  ADD ("/ui/exchange-form/empty-value-not-estimated", test_exchange_empty_value_not_estimated);
  ADD ("/ui/exchange-form/date-in-locale-order", test_exchange_date_in_locale_order);
  ADD ("/ui/exchange-form/calendar-follows-typed-date", test_exchange_calendar_follows_typed_date);
  ADD ("/ui/exchange-form/typed-date-follows-calendar", test_exchange_typed_date_follows_calendar);
  ADD ("/ui/exchange-form/future-date-flagged", test_exchange_future_date_flagged);
  ADD ("/ui/exchange-form/edit-focuses-value", test_exchange_edit_focuses_value);
  ADD ("/ui/preferences/currency", test_preferences_currency);
  ADD ("/ui/preferences/chart-range", test_preferences_chart_range);
  g_test_add_func ("/ui/shortcuts/builds", test_shortcuts_window_builds);

  return g_test_run ();
}
