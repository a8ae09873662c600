/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-ui-models"

#include "config.h"

#include <adwaita.h>

#include "test-util.h"
#include "test-ui-util.h"
#include "ui/mutual-exchange-model-private.h"
#include "ui/mutual-overview-page-private.h"
#include "ui/mutual-relationship-model.h"

/* The assessments come from a thread: wait for them, as the window does. */
static void
wait_for_assessments (MutualRelationshipModel *model)
{
  gint64 end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (!mutual_relationship_model_is_assessed (model) && g_get_monotonic_time () < end)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (1000);
  g_assert_true (mutual_relationship_model_is_assessed (model));
}

static const char *
name_at (GListModel *model,
         guint       position)
{
  g_autoptr(MutualRelationshipItem) item = g_list_model_get_item (model, position);
  static char name[256];

  g_assert_nonnull (item);
  g_strlcpy (name, mutual_relationship_item_get_name (item), sizeof name);
  return name;
}

static void
test_relationship_model_name_order (LedgerFixture *f,
                                    gconstpointer  data)
{
  g_autoptr(MutualRelationshipModel) model = NULL;

  fixture_add_relationship (f, "beta");
  fixture_add_relationship (f, "Alpha");
  model = mutual_relationship_model_new (f->ledger);

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 2);
  g_assert_cmpstr (name_at (G_LIST_MODEL (model), 0), ==, "Alpha");
  g_assert_cmpstr (name_at (G_LIST_MODEL (model), 1), ==, "beta");
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (model), 2));
}

static void
count_changes (GListModel *model,
               guint       position,
               guint       removed,
               guint       added,
               guint      *n_signals)
{
  (*n_signals)++;
}

static void
test_relationship_model_follows_ledger (LedgerFixture *f,
                                        gconstpointer  data)
{
  g_autoptr(MutualRelationshipModel) model = mutual_relationship_model_new (f->ledger);
  guint n_signals = 0;
  gint64 id;

  g_signal_connect (model, "items-changed", G_CALLBACK (count_changes), &n_signals);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 0);

  id = fixture_add_relationship (f, "Acme");
  g_assert_cmpuint (n_signals, ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 1);
  g_assert_nonnull (mutual_relationship_model_find (model, id));

  /* The assessment is current too: the balance follows an exchange. */
  fixture_log (f, id, mutual_date_today (), MUTUAL_DIRECTION_RECEIVED, MUTUAL_KIND_PAYMENT, 5000);
  g_assert_false (mutual_relationship_model_is_assessed (model));
  wait_for_assessments (model);
  g_assert_cmpint (mutual_relationship_item_get_balance (mutual_relationship_model_find (model, id)), ==, 5000);
}

static void
test_relationship_model_sees_other_connection (LedgerFixture *f,
                                               gconstpointer  data)
{
  g_autoptr(MutualRelationshipModel) model = mutual_relationship_model_new (f->ledger);
  g_autoptr(MutualLedger) other = NULL;
  g_autoptr(MutualRelationship) rel = mutual_relationship_new ();
  g_autoptr(GError) error = NULL;

  /* Another process, as far as SQLite is concerned. */
  other = mutual_ledger_open (f->path, &error);
  g_assert_no_error (error);
  rel->name = g_strdup ("From the command line");
  g_assert_true (mutual_ledger_add_relationship (other, rel, &error));

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 0);
  g_assert_true (mutual_ledger_poll (f->ledger));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 1);
  g_assert_cmpstr (name_at (G_LIST_MODEL (model), 0), ==, "From the command line");
}

static void
notify_count (GObject    *object,
              GParamSpec *pspec,
              guint      *n)
{
  (*n)++;
}

static void
test_relationship_model_assesses_in_thread (LedgerFixture *f,
                                            gconstpointer  data)
{
  g_autoptr(MutualRelationshipModel) model = NULL;
  MutualRelationshipItem *item;
  gint64 id = fixture_add_relationship (f, "Acme");
  guint n_notified = 0;

  fixture_log (f, id, mutual_date_today (), MUTUAL_DIRECTION_GIVEN, MUTUAL_KIND_WORK, 3000);
  model = mutual_relationship_model_new (f->ledger);

  /* The names now, the figures once the thread is done. */
  item = mutual_relationship_model_find (model, id);
  g_assert_nonnull (item);
  g_assert_false (mutual_relationship_model_is_assessed (model));
  g_assert_false (mutual_relationship_item_is_assessed (item));
  g_assert_cmpint (mutual_relationship_item_get_balance (item), ==, 0);
  g_signal_connect (item, "notify::assessment", G_CALLBACK (notify_count), &n_notified);

  wait_for_assessments (model);
  g_assert_true (mutual_relationship_model_find (model, id) == item);
  g_assert_true (mutual_relationship_item_is_assessed (item));
  g_assert_cmpuint (n_notified, ==, 1);
  g_assert_cmpint (mutual_relationship_item_get_balance (item), ==, -3000);
  g_assert_cmpint (mutual_relationship_item_get_assessment (item)->klass, ==, MUTUAL_CLASS_TRANSACTIONAL);
}

static void
test_relationship_model_dropped_while_assessing (LedgerFixture *f,
                                                 gconstpointer  data)
{
  MutualRelationshipModel *model;
  gint64 id = fixture_add_relationship (f, "Acme");

  for (int i = 0; i < 200; i++)
    fixture_log (f, id, mutual_date_add_days (20200101, i), MUTUAL_DIRECTION_GIVEN, MUTUAL_KIND_WORK, 10);
  model = mutual_relationship_model_new (f->ledger);
  g_assert_false (mutual_relationship_model_is_assessed (model));

  /* Nothing holds it for the thread: its result is dropped. */
  g_assert_finalize_object (model);
  for (gint64 end = g_get_monotonic_time () + 200000; g_get_monotonic_time () < end;)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (1000);
}

static MutualRelationshipItem *
item_for (MutualRelationshipModel *model,
          gint64                   id)
{
  MutualRelationshipItem *item = mutual_relationship_model_find (model, id);

  g_assert_nonnull (item);
  return item;
}

static void
test_relationship_item_filter (LedgerFixture *f,
                               gconstpointer  data)
{
  g_autoptr(MutualRelationshipModel) model = NULL;
  g_autoptr(MutualRelationship) archived = NULL;
  g_autoptr(GError) error = NULL;
  gint64 acme = fixture_add_relationship (f, "Acme GmbH");
  gint64 old = fixture_add_relationship (f, "Old Client");
  gint64 partner = fixture_add_relationship (f, "Partner Co");
  gint64 vendor = fixture_add_relationship (f, "Vendor");
  MutualDate today = mutual_date_today ();

  archived = mutual_ledger_get_relationship (f->ledger, old, &error);
  archived->archived = TRUE;
  g_free (archived->organization);
  archived->organization = g_strdup ("Überfirma");
  g_assert_true (mutual_ledger_update_relationship (f->ledger, archived, &error));

  /* A partnership: a year of two-way, relational exchanges. */
  for (int m = 0; m < 6; m++)
    {
      MutualDate d = mutual_date_add_days (today, -30 * m);
      fixture_log (f, partner, d, MUTUAL_DIRECTION_GIVEN, MUTUAL_KIND_ADVICE, 1000);
      fixture_log (f, partner, d, MUTUAL_DIRECTION_RECEIVED, MUTUAL_KIND_REFERRAL, 1000);
    }
  /* Transactional: paid work, first exchange 200 days ago. */
  fixture_log (f, vendor, mutual_date_add_days (today, -200), MUTUAL_DIRECTION_GIVEN, MUTUAL_KIND_WORK, 1000);
  fixture_log (f, vendor, mutual_date_add_days (today, -190), MUTUAL_DIRECTION_RECEIVED, MUTUAL_KIND_PAYMENT, 1000);
  model = mutual_relationship_model_new (f->ledger);
  wait_for_assessments (model);

  g_assert_true (mutual_relationship_item_matches (item_for (model, acme), NULL, MUTUAL_RELATIONSHIP_FILTER_ALL));
  g_assert_false (mutual_relationship_item_matches (item_for (model, old), NULL, MUTUAL_RELATIONSHIP_FILTER_ALL));
  g_assert_true (mutual_relationship_item_matches (item_for (model, old), NULL, MUTUAL_RELATIONSHIP_FILTER_ARCHIVED));
  g_assert_false (mutual_relationship_item_matches (item_for (model, acme), NULL, MUTUAL_RELATIONSHIP_FILTER_ARCHIVED));

  g_assert_true (mutual_relationship_item_matches (item_for (model, partner), NULL, MUTUAL_RELATIONSHIP_FILTER_PARTNERSHIPS));
  g_assert_false (mutual_relationship_item_matches (item_for (model, partner), NULL, MUTUAL_RELATIONSHIP_FILTER_TRANSACTIONAL));
  g_assert_true (mutual_relationship_item_matches (item_for (model, vendor), NULL, MUTUAL_RELATIONSHIP_FILTER_TRANSACTIONAL));
  g_assert_false (mutual_relationship_item_matches (item_for (model, vendor), NULL, MUTUAL_RELATIONSHIP_FILTER_NEW));
  g_assert_false (mutual_relationship_item_matches (item_for (model, acme), NULL, MUTUAL_RELATIONSHIP_FILTER_PARTNERSHIPS));
  /* No exchange yet: shown as "New", not "Transactional". */
  g_assert_true (mutual_relationship_item_matches (item_for (model, acme), NULL, MUTUAL_RELATIONSHIP_FILTER_NEW));
  g_assert_false (mutual_relationship_item_matches (item_for (model, acme), NULL, MUTUAL_RELATIONSHIP_FILTER_TRANSACTIONAL));
  g_assert_false (mutual_relationship_item_matches (item_for (model, partner), NULL, MUTUAL_RELATIONSHIP_FILTER_NEW));

  /* Search ignores case and looks at the organization too. */
  g_assert_true (mutual_relationship_item_matches (item_for (model, acme), "aCMe", MUTUAL_RELATIONSHIP_FILTER_ALL));
  g_assert_false (mutual_relationship_item_matches (item_for (model, acme), "partner", MUTUAL_RELATIONSHIP_FILTER_ALL));
  g_assert_true (mutual_relationship_item_matches (item_for (model, old), "überFIRMA", MUTUAL_RELATIONSHIP_FILTER_ARCHIVED));
  g_assert_true (mutual_relationship_item_matches (item_for (model, acme), "  ", MUTUAL_RELATIONSHIP_FILTER_ALL));
}

static void
test_relationship_item_sort (LedgerFixture *f,
                             gconstpointer  data)
{
  g_autoptr(MutualRelationshipModel) model = NULL;
  gint64 a = fixture_add_relationship (f, "A owes");
  gint64 b = fixture_add_relationship (f, "B pays");
  gint64 c = fixture_add_relationship (f, "C quiet");
  MutualRelationshipItem *ia, *ib, *ic;

  fixture_log (f, a, 20240101, MUTUAL_DIRECTION_GIVEN, MUTUAL_KIND_WORK, 5000);
  fixture_log (f, b, 20230101, MUTUAL_DIRECTION_RECEIVED, MUTUAL_KIND_PAYMENT, 7000);
  model = mutual_relationship_model_new (f->ledger);
  wait_for_assessments (model);
  ia = item_for (model, a);
  ib = item_for (model, b);
  ic = item_for (model, c);

  /* Balance: highest first. */
  g_assert_cmpint (mutual_relationship_item_compare (ib, ic, MUTUAL_RELATIONSHIP_SORT_BALANCE), <, 0);
  g_assert_cmpint (mutual_relationship_item_compare (ic, ia, MUTUAL_RELATIONSHIP_SORT_BALANCE), <, 0);
  /* Last activity: most recent first, never-used last. */
  g_assert_cmpint (mutual_relationship_item_compare (ia, ib, MUTUAL_RELATIONSHIP_SORT_LAST_ACTIVITY), <, 0);
  g_assert_cmpint (mutual_relationship_item_compare (ib, ic, MUTUAL_RELATIONSHIP_SORT_LAST_ACTIVITY), <, 0);
  /* Name. */
  g_assert_cmpint (mutual_relationship_item_compare (ia, ib, MUTUAL_RELATIONSHIP_SORT_NAME), <, 0);
  g_assert_cmpint (mutual_relationship_item_compare (ia, ia, MUTUAL_RELATIONSHIP_SORT_NAME), ==, 0);
}

static const MutualExchange *
exchange_at (GListModel *model,
             guint       position,
             MutualExchangeItem **keep)
{
  g_clear_object (keep);
  *keep = g_list_model_get_item (model, position);
  g_assert_nonnull (*keep);
  return mutual_exchange_item_get_exchange (*keep);
}

static void
test_exchange_model_pages (LedgerFixture *f,
                           gconstpointer  data)
{
  g_autoptr(MutualExchangeModel) model = NULL;
  g_autoptr(MutualExchangeItem) keep = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id = fixture_add_relationship (f, "Busy");
  guint n = MUTUAL_EXCHANGE_MODEL_PAGE_SIZE * 2 + 10;

  g_assert_true (mutual_ledger_begin (f->ledger, &error));
  for (guint i = 0; i < n; i++)
    fixture_log (f, id, mutual_date_add_days (20200101, i), MUTUAL_DIRECTION_GIVEN, MUTUAL_KIND_WORK, i);
  g_assert_true (mutual_ledger_commit (f->ledger, &error));

  model = mutual_exchange_model_new (f->ledger, id);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, n);
  g_assert_cmpuint (mutual_exchange_model_get_n_fetches (model), ==, 0);

  /* Newest first by default; only the pages asked for are read. */
  g_assert_cmpuint (exchange_at (G_LIST_MODEL (model), 0, &keep)->date, ==, mutual_date_add_days (20200101, n - 1));
  g_assert_cmpuint (mutual_exchange_model_get_n_fetches (model), ==, 1);
  g_assert_cmpuint (exchange_at (G_LIST_MODEL (model), 1, &keep)->date, ==, mutual_date_add_days (20200101, n - 2));
  g_assert_cmpuint (mutual_exchange_model_get_n_fetches (model), ==, 1);
  g_assert_cmpuint (exchange_at (G_LIST_MODEL (model), n - 1, &keep)->date, ==, 20200101);
  g_assert_cmpuint (mutual_exchange_model_get_n_fetches (model), ==, 2);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (model), n));
}

static void
test_exchange_model_sort (LedgerFixture *f,
                          gconstpointer  data)
{
  g_autoptr(MutualExchangeModel) model = NULL;
  g_autoptr(MutualExchangeItem) keep = NULL;
  gint64 id = fixture_add_relationship (f, "Sorted");
  guint n_signals = 0;

  fixture_log (f, id, 20250101, MUTUAL_DIRECTION_GIVEN, MUTUAL_KIND_WORK, 300);
  fixture_log (f, id, 20250102, MUTUAL_DIRECTION_RECEIVED, MUTUAL_KIND_PAYMENT, 100);
  fixture_log (f, id, 20250103, MUTUAL_DIRECTION_GIVEN, MUTUAL_KIND_ADVICE, 200);
  model = mutual_exchange_model_new (f->ledger, id);
  g_signal_connect (model, "items-changed", G_CALLBACK (count_changes), &n_signals);

  mutual_exchange_model_set_sort (model, MUTUAL_EXCHANGE_SORT_VALUE, FALSE);
  g_assert_cmpuint (n_signals, ==, 1);
  g_assert_cmpint (exchange_at (G_LIST_MODEL (model), 0, &keep)->value, ==, 100);
  g_assert_cmpint (exchange_at (G_LIST_MODEL (model), 2, &keep)->value, ==, 300);

  mutual_exchange_model_set_sort (model, MUTUAL_EXCHANGE_SORT_VALUE, TRUE);
  g_assert_cmpint (exchange_at (G_LIST_MODEL (model), 0, &keep)->value, ==, 300);

  /* The same order again changes nothing. */
  mutual_exchange_model_set_sort (model, MUTUAL_EXCHANGE_SORT_VALUE, TRUE);
  g_assert_cmpuint (n_signals, ==, 2);
}

static void
test_exchange_model_follows_ledger (LedgerFixture *f,
                                    gconstpointer  data)
{
  g_autoptr(MutualExchangeModel) model = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id = fixture_add_relationship (f, "Followed");
  gint64 other = fixture_add_relationship (f, "Other");
  gint64 exchange = fixture_log (f, id, 20250101, MUTUAL_DIRECTION_GIVEN, MUTUAL_KIND_WORK, 300);

  model = mutual_exchange_model_new (f->ledger, id);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 1);
  fixture_log (f, other, 20250101, MUTUAL_DIRECTION_GIVEN, MUTUAL_KIND_WORK, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 1);
  fixture_log (f, id, 20250102, MUTUAL_DIRECTION_GIVEN, MUTUAL_KIND_WORK, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 2);
  g_assert_true (mutual_ledger_delete_exchange (f->ledger, exchange, &error));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 1);
}

static void
test_overview_review_order (LedgerFixture *f,
                            gconstpointer  data)
{
  g_autoptr(MutualRelationshipModel) model = NULL;
  MutualOverviewPage *page;
  GListModel *review;
  MutualDate today = mutual_date_today ();
  gint64 balanced = fixture_add_relationship (f, "Balanced");
  gint64 used = fixture_add_relationship (f, "Uses me");
  gint64 half = fixture_add_relationship (f, "Half");
  gint64 archived_id = fixture_add_relationship (f, "Archived");
  g_autoptr(MutualRelationship) archived = NULL;
  g_autoptr(GError) error = NULL;

  fixture_log (f, balanced, today, MUTUAL_DIRECTION_GIVEN, MUTUAL_KIND_WORK, 1000);
  fixture_log (f, balanced, today, MUTUAL_DIRECTION_RECEIVED, MUTUAL_KIND_PAYMENT, 1000);
  fixture_log (f, used, today, MUTUAL_DIRECTION_GIVEN, MUTUAL_KIND_WORK, 9000);
  fixture_log (f, used, today, MUTUAL_DIRECTION_RECEIVED, MUTUAL_KIND_PAYMENT, 1000);
  fixture_log (f, half, today, MUTUAL_DIRECTION_GIVEN, MUTUAL_KIND_WORK, 1000);
  fixture_log (f, half, today, MUTUAL_DIRECTION_RECEIVED, MUTUAL_KIND_PAYMENT, 500);
  archived = mutual_ledger_get_relationship (f->ledger, archived_id, &error);
  archived->archived = TRUE;
  g_assert_true (mutual_ledger_update_relationship (f->ledger, archived, &error));

  model = mutual_relationship_model_new (f->ledger);
  page = g_object_ref_sink (g_object_new (MUTUAL_TYPE_OVERVIEW_PAGE, NULL));
  mutual_overview_page_set_model (page, model);
  wait_for_assessments (model);
  review = mutual_overview_page_get_review (page);

  /* One-sided first, then by reciprocity; archived ones left out. */
  g_assert_cmpuint (g_list_model_get_n_items (review), ==, 3);
  g_assert_cmpstr (name_at (review, 0), ==, "Uses me");
  g_assert_cmpstr (name_at (review, 1), ==, "Balanced");
  g_assert_cmpstr (name_at (review, 2), ==, "Half");

  /* The ranking follows the ledger. */
  fixture_log (f, used, today, MUTUAL_DIRECTION_RECEIVED, MUTUAL_KIND_PAYMENT, 8000);
  wait_for_assessments (model);
  g_assert_cmpstr (name_at (review, 0), ==, "Balanced");
  g_assert_cmpstr (name_at (review, 1), ==, "Uses me");

  g_assert_finalize_object (page);
}

/* The figure shown above @caption on the overview. */
static const char *
overview_figure (MutualOverviewPage *page,
                 const char         *caption)
{
  GtkWidget *label = find_widget (GTK_WIDGET (page), GTK_TYPE_LABEL, caption);

  g_assert_nonnull (label);
  return gtk_label_get_text (GTK_LABEL (gtk_widget_get_first_child (gtk_widget_get_parent (label))));
}

/* New relationships are counted as "New", not "Transactional"; the
 * summary counts relationships and dormant ones. */
static void
test_overview_counts (LedgerFixture *f,
                      gconstpointer  data)
{
  g_autoptr(MutualRelationshipModel) model = NULL;
  MutualOverviewPage *page;
  MutualDate today = mutual_date_today ();
  gint64 fresh = fixture_add_relationship (f, "Fresh");
  gint64 client = fixture_add_relationship (f, "Client");
  gint64 quiet = fixture_add_relationship (f, "Quiet");

  fixture_add_relationship (f, "Empty");
  fixture_log (f, fresh, mutual_date_add_days (today, -3), MUTUAL_DIRECTION_GIVEN, MUTUAL_KIND_ADVICE, 0);
  fixture_log (f, client, mutual_date_add_days (today, -120), MUTUAL_DIRECTION_GIVEN, MUTUAL_KIND_WORK, 1000);
  fixture_log (f, client, mutual_date_add_days (today, -20), MUTUAL_DIRECTION_RECEIVED, MUTUAL_KIND_PAYMENT, 1000);
  fixture_log (f, quiet, mutual_date_add_days (today, -400), MUTUAL_DIRECTION_GIVEN, MUTUAL_KIND_WORK, 1000);

  model = mutual_relationship_model_new (f->ledger);
  page = g_object_ref_sink (g_object_new (MUTUAL_TYPE_OVERVIEW_PAGE, NULL));
  mutual_overview_page_set_model (page, model);
  wait_for_assessments (model);
  /* The figures follow the review's list, made when it is asked for. */
  mutual_overview_page_get_review (page);
  {
    gint64 end = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

    while (find_widget (GTK_WIDGET (page), GTK_TYPE_LABEL, "4 relationships · 1 dormant") == NULL
           && g_get_monotonic_time () < end)
      g_main_context_iteration (NULL, FALSE);
  }

  g_assert_nonnull (find_widget (GTK_WIDGET (page), GTK_TYPE_LABEL, "4 relationships · 1 dormant"));
  g_assert_cmpstr (overview_figure (page, "New"), ==, "2");
  g_assert_cmpstr (overview_figure (page, "Transactional"), ==, "2");
  g_assert_cmpstr (overview_figure (page, "Partnerships"), ==, "0");

  g_assert_finalize_object (page);
}

#define ADD(path, func) \
  g_test_add (path, LedgerFixture, NULL, ledger_fixture_set_up, func, ledger_fixture_tear_down)

int
main (int    argc,
      char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  ADD ("/ui/relationship-model/name-order", test_relationship_model_name_order);
  ADD ("/ui/relationship-model/follows-ledger", test_relationship_model_follows_ledger);
  ADD ("/ui/relationship-model/sees-other-connection", test_relationship_model_sees_other_connection);
  ADD ("/ui/relationship-model/assesses-in-thread", test_relationship_model_assesses_in_thread);
  ADD ("/ui/relationship-model/dropped-while-assessing", test_relationship_model_dropped_while_assessing);
  ADD ("/ui/relationship-item/filter", test_relationship_item_filter);
  ADD ("/ui/relationship-item/sort", test_relationship_item_sort);
  ADD ("/ui/exchange-model/pages", test_exchange_model_pages);
  ADD ("/ui/exchange-model/sort", test_exchange_model_sort);
  ADD ("/ui/exchange-model/follows-ledger", test_exchange_model_follows_ledger);
  ADD ("/ui/overview/review-order", test_overview_review_order);
  ADD ("/ui/overview/counts", test_overview_counts);

  return g_test_run ();
}
