/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mutual-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "core/mutual-money.h"
#include "mutual-chart-view.h"
#include "mutual-overview-page-private.h"
#include "mutual-ui-util.h"

enum {
  METRIC_PARTNERSHIPS,
  METRIC_TRANSACTIONAL,
  METRIC_NEW,
  METRIC_ONE_SIDED,
  METRIC_GIVEN,
  METRIC_RECEIVED,
  METRIC_BALANCE,
  N_METRICS
};

enum {
  COLUMN_NAME,
  COLUMN_CLASS,
  COLUMN_RECIPROCITY,
  COLUMN_BALANCE,
};

struct _MutualOverviewPage
{
  GtkWidget                parent_instance;

  MutualRelationshipModel *model;
  GSignalGroup            *model_signals; /* of model, whichever it is */
  GtkFilterListModel      *active;     /* archived ones left out */
  GtkSortListModel        *review;
  GtkSliceListModel       *review_slice;
  GtkNoSelection          *selection;

  GtkLabel                *summary_label;
  GtkBox                  *chart_box;
  GtkScrolledWindow       *scroller;
  GtkColumnView           *review_view;
  GtkLabel                *metric_values[N_METRICS];
  MutualChartView         *balance_view;
  MutualChartView         *bars_view;
  GtkLabel                *charts_caption;
  gboolean                 charts_dirty;
  GCancellable            *charting;   /* the pass in its thread */
};

G_DEFINE_FINAL_TYPE (MutualOverviewPage, mutual_overview_page, GTK_TYPE_WIDGET)

int
mutual_overview_compare_review (MutualRelationshipItem *a,
                                MutualRelationshipItem *b)
{
  int order = mutual_assessment_compare_review (mutual_relationship_item_get_assessment (a),
                                               mutual_relationship_item_get_assessment (b));

  /* The same order as the report's; ties by balance, then name. */
  if (order != 0)
    return order;
  return mutual_relationship_item_compare (a, b, MUTUAL_RELATIONSHIP_SORT_BALANCE);
}

static int
review_compare (gconstpointer a,
                gconstpointer b,
                gpointer      user_data)
{
  return mutual_overview_compare_review ((MutualRelationshipItem *) a, (MutualRelationshipItem *) b);
}

static gboolean
not_archived (gpointer item,
              gpointer user_data)
{
  return !mutual_relationship_item_get_relationship (item)->archived;
}

static void schedule_charts (MutualOverviewPage *self);

static gboolean
review_bound (MutualOverviewPage *self)
{
  return self->model != NULL
         && gtk_filter_list_model_get_model (self->active) == G_LIST_MODEL (self->model);
}

static void
update_figures (MutualOverviewPage *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->active));
  guint partnerships = 0, transactional = 0, fresh = 0, one_sided = 0, dormant = 0;
  gint64 given = 0, received = 0;
  const char *currency = NULL;
  g_autofree char *text = NULL;
  g_autofree char *given_text = NULL;
  g_autofree char *received_text = NULL;
  g_autofree char *balance_text = NULL;
  g_autofree char *partnership_text = NULL;
  g_autofree char *transactional_text = NULL;
  g_autofree char *new_text = NULL;
  g_autofree char *n_text = NULL;
  g_autofree char *dormant_text = NULL;
  g_autofree char *one_sided_text = NULL;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(MutualRelationshipItem) item = g_list_model_get_item (G_LIST_MODEL (self->active), i);
      const MutualAssessment *a = mutual_relationship_item_get_assessment (item);

      currency = mutual_relationship_item_get_currency (item);
      if (a->klass == MUTUAL_CLASS_PARTNERSHIP)
        partnerships++;
      else if (mutual_assessment_is_new (a))
        fresh++;
      else
        transactional++;
      if (a->flags & MUTUAL_FLAG_ONE_SIDED)
        one_sided++;
      if (a->flags & MUTUAL_FLAG_DORMANT)
        dormant++;
      mutual_money_add (&given, a->given);
      mutual_money_add (&received, a->received);
    }
  if (currency == NULL && self->model)
    currency = mutual_ledger_get_currency (mutual_relationship_model_get_ledger (self->model));
  if (currency == NULL)
    currency = "EUR";

  if (!review_bound (self) && self->model != NULL
      && g_list_model_get_n_items (G_LIST_MODEL (self->model)) > 0)
    {
      gtk_label_set_text (self->summary_label, _("Assessing the relationships…"));
      for (guint i = 0; i < N_METRICS; i++)
        gtk_label_set_text (self->metric_values[i], "—");
      mutual_ui_set_balance_class (GTK_WIDGET (self->metric_values[METRIC_BALANCE]), 0);
      return;
    }

  n_text = mutual_ui_format_count (n);
  dormant_text = mutual_ui_format_count (dormant);
  /* TRANSLATORS: "12 relationships · 1 dormant" (not archived ones) */
  text = g_strdup_printf (ngettext ("%s relationship · %s dormant",
                                    "%s relationships · %s dormant", n),
                          n_text, dormant_text);
  gtk_label_set_text (self->summary_label, text);

  partnership_text = mutual_ui_format_count (partnerships);
  transactional_text = mutual_ui_format_count (transactional);
  new_text = mutual_ui_format_count (fresh);
  one_sided_text = mutual_ui_format_count (one_sided);
  given_text = mutual_ui_format_money (given, currency);
  received_text = mutual_ui_format_money (received, currency);
  balance_text = mutual_ui_format_balance (received - given, currency);
  gtk_label_set_text (self->metric_values[METRIC_PARTNERSHIPS], partnership_text);
  gtk_label_set_text (self->metric_values[METRIC_TRANSACTIONAL], transactional_text);
  gtk_label_set_text (self->metric_values[METRIC_NEW], new_text);
  gtk_label_set_text (self->metric_values[METRIC_ONE_SIDED], one_sided_text);
  gtk_label_set_text (self->metric_values[METRIC_GIVEN], given_text);
  gtk_label_set_text (self->metric_values[METRIC_RECEIVED], received_text);
  gtk_label_set_text (self->metric_values[METRIC_BALANCE], balance_text);
  mutual_ui_set_balance_class (GTK_WIDGET (self->metric_values[METRIC_BALANCE]), received - given);
}

/* The relationships were read again: the charts too. */
static void
update_summary (MutualOverviewPage *self)
{
  update_figures (self);
  schedule_charts (self);
}

/* Both charts read every exchange of the ledger. */
typedef struct
{
  GWeakRef     page;          /* main thread only */
  MutualLedger *ledger;       /* a connection of the thread's own */
  MutualChart *balance;
  MutualChart *bars;
  char        *balance_error;
  char        *bars_error;
} Charting;

static void
charting_free (Charting *charting)
{
  g_weak_ref_clear (&charting->page);
  g_clear_object (&charting->ledger);
  g_clear_pointer (&charting->balance, mutual_chart_unref);
  g_clear_pointer (&charting->bars, mutual_chart_unref);
  g_free (charting->balance_error);
  g_free (charting->bars_error);
  g_free (charting);
}

/* In the thread, or on the page's own connection when asked at once. */
static void
make_charts (Charting *charting)
{
  g_autoptr(GError) error = NULL;
  MutualDate from, to;

  if (mutual_ledger_count_exchanges (charting->ledger, 0) == 0)
    return;
  mutual_ui_chart_range_dates (mutual_ui_default_chart_range (), mutual_date_today (), &from, &to);
  charting->balance = mutual_chart_new_balance (charting->ledger, 0, 0, 0, &error);
  if (charting->balance)
    mutual_chart_set_range (charting->balance, from, to);
  else
    charting->balance_error = g_strdup (error->message);
  g_clear_error (&error);
  charting->bars = mutual_chart_new_by_relationship (charting->ledger, from, to, 0, &error);
  if (charting->bars == NULL)
    charting->bars_error = g_strdup (error->message);
}

/* What the charts cover: the bars are balances within the range, not
 * the lifetime balances of the sidebar. */
static const char *
charts_caption (MutualChartRange range)
{
  switch (range)
    {
    case MUTUAL_CHART_RANGE_3_MONTHS:
      return _("The last 3 months: the portfolio's balance, and each relationship's balance within them.");
    case MUTUAL_CHART_RANGE_YEAR_TO_DATE:
      return _("This year so far: the portfolio's balance, and each relationship's balance within it.");
    case MUTUAL_CHART_RANGE_ALL:
      return _("All time: the portfolio's balance, and each relationship's balance.");
    case MUTUAL_CHART_RANGE_12_MONTHS:
    default:
      return _("The last 12 months: the portfolio's balance, and each relationship's balance within them.");
    }
}

static void
show_charts (MutualOverviewPage *self,
             Charting           *charting)
{
  gtk_label_set_text (self->charts_caption, charts_caption (mutual_ui_default_chart_range ()));
  if (charting->balance_error)
    g_warning ("Could not chart the portfolio: %s", charting->balance_error);
  if (charting->bars_error)
    g_warning ("Could not chart the relationships: %s", charting->bars_error);
  mutual_chart_view_set_chart (self->balance_view, charting->balance);
  mutual_chart_view_set_chart (self->bars_view, charting->bars);
  gtk_widget_set_visible (GTK_WIDGET (self->balance_view), charting->balance != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->bars_view), charting->bars != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->chart_box), charting->balance != NULL || charting->bars != NULL);
}

static void
chart_in_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  Charting *charting = task_data;

  make_charts (charting);
  g_clear_object (&charting->ledger);
  g_task_return_boolean (task, TRUE);
}

static void schedule_charts (MutualOverviewPage *self);

static void
on_charted (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Charting *charting = g_task_get_task_data (G_TASK (result));
  g_autoptr(MutualOverviewPage) self = g_weak_ref_get (&charting->page);

  if (self == NULL || self->charting != g_task_get_cancellable (G_TASK (result)))
    return;
  g_clear_object (&self->charting);
  show_charts (self, charting);
  /* The ledger changed meanwhile. */
  if (self->charts_dirty)
    schedule_charts (self);
}

/* The charts read the whole ledger: only for a page on screen, in a
 * thread of their own, one pass at a time. */
static void
schedule_charts (MutualOverviewPage *self)
{
  MutualLedger *ledger = self->model ? mutual_relationship_model_get_ledger (self->model) : NULL;
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  Charting *charting;

  self->charts_dirty = TRUE;
  if (self->charting != NULL || !gtk_widget_get_mapped (GTK_WIDGET (self)))
    return;
  self->charts_dirty = FALSE;

  charting = g_new0 (Charting, 1);
  g_weak_ref_init (&charting->page, self);
  if (ledger)
    charting->ledger = mutual_ledger_open (mutual_ledger_get_path (ledger), &error);
  if (charting->ledger == NULL)
    {
      /* No ledger, or no second connection to it: as it is, here. */
      if (ledger)
        {
          charting->ledger = g_object_ref (ledger);
          make_charts (charting);
        }
      show_charts (self, charting);
      charting_free (charting);
      return;
    }
  self->charting = g_cancellable_new ();
  task = g_task_new (NULL, self->charting, on_charted, NULL);
  g_task_set_source_tag (task, schedule_charts);
  g_task_set_task_data (task, charting, (GDestroyNotify) charting_free);
  mutual_ui_run_in_background (task, chart_in_thread);
}

/* The review ranks by the assessments, and its table makes a row of
 * widgets for each of the first 200 relationships: only once they are
 * assessed, and for a page on screen (or asked for its review). */
static void
bind_review (MutualOverviewPage *self)
{
  if (self->model == NULL || review_bound (self)
      || !mutual_relationship_model_is_assessed (self->model))
    return;
  gtk_filter_list_model_set_model (self->active, G_LIST_MODEL (self->model));
  /* With every relationship archived the filter adds no item, and no
   * items-changed would end "Assessing the relationships…". */
  if (g_list_model_get_n_items (G_LIST_MODEL (self->active)) == 0)
    update_summary (self);
}

static void
on_model_assessed (MutualOverviewPage *self)
{
  if (!mutual_relationship_model_is_assessed (self->model))
    return;
  if (review_bound (self))
    {
      gtk_sorter_changed (gtk_sort_list_model_get_sorter (self->review), GTK_SORTER_CHANGE_DIFFERENT);
      update_figures (self);
    }
  else if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    bind_review (self);
}

static void
mutual_overview_page_map (GtkWidget *widget)
{
  MutualOverviewPage *self = MUTUAL_OVERVIEW_PAGE (widget);

  GTK_WIDGET_CLASS (mutual_overview_page_parent_class)->map (widget);
  bind_review (self);
  if (self->charts_dirty)
    schedule_charts (self);
}

MutualChartView *
mutual_overview_page_get_balance_view (MutualOverviewPage *self)
{
  g_return_val_if_fail (MUTUAL_IS_OVERVIEW_PAGE (self), NULL);

  /* Whoever asks (Export Chart) gets the current chart, now. */
  if (self->charts_dirty || self->charting)
    {
      MutualLedger *ledger = self->model ? mutual_relationship_model_get_ledger (self->model) : NULL;
      Charting *charting = g_new0 (Charting, 1);

      g_weak_ref_init (&charting->page, self);
      if (self->charting)
        g_cancellable_cancel (self->charting);
      g_clear_object (&self->charting);
      self->charts_dirty = FALSE;
      if (ledger)
        {
          charting->ledger = g_object_ref (ledger);
          make_charts (charting);
        }
      show_charts (self, charting);
      charting_free (charting);
    }
  return self->balance_view;
}

MutualChartView *
mutual_overview_page_get_bars_view (MutualOverviewPage *self)
{
  g_return_val_if_fail (MUTUAL_IS_OVERVIEW_PAGE (self), NULL);

  /* Brings both charts up to date, as for the balance. */
  mutual_overview_page_get_balance_view (self);
  return self->bars_view;
}

static void
on_review_activated (MutualOverviewPage *self,
                     guint               position)
{
  g_autoptr(MutualRelationshipItem) item = g_list_model_get_item (G_LIST_MODEL (self->review), position);

  if (item)
    gtk_widget_activate_action (GTK_WIDGET (self), "win.show-relationship", "x",
                                mutual_relationship_item_get_id (item));
}

static void
setup_cell (GtkSignalListItemFactory *factory,
            GtkListItem              *list_item,
            gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);
  int column = GPOINTER_TO_INT (user_data);

  g_object_set_data (G_OBJECT (list_item), "column", GINT_TO_POINTER (column));
  /* The flags go under the name, not in a column of their own: five
   * column titles did not fit a 360 px window. */
  if (column == COLUMN_NAME)
    {
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
      GtkWidget *flags = gtk_label_new (NULL);

      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_ellipsize (GTK_LABEL (flags), PANGO_ELLIPSIZE_END);
      gtk_label_set_xalign (GTK_LABEL (flags), 0);
      gtk_widget_add_css_class (flags, "caption");
      gtk_widget_add_css_class (flags, "dim-label");
      gtk_widget_set_visible (flags, FALSE);
      gtk_box_append (GTK_BOX (box), label);
      gtk_box_append (GTK_BOX (box), flags);
      gtk_list_item_set_child (list_item, box);
      return;
    }
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (label),
                        column == COLUMN_RECIPROCITY || column == COLUMN_BALANCE ? 1.0f : 0.0f);
  if (column == COLUMN_RECIPROCITY || column == COLUMN_BALANCE)
    gtk_widget_add_css_class (label, "numeric");
  if (column == COLUMN_CLASS)
    {
      gtk_widget_add_css_class (label, "class-badge");
      gtk_widget_set_halign (label, GTK_ALIGN_START);
    }
  gtk_list_item_set_child (list_item, label);
}

static void
update_cell (GtkListItem *list_item)
{
  GtkWidget *label = gtk_list_item_get_child (list_item);
  MutualRelationshipItem *item = gtk_list_item_get_item (list_item);
  const MutualAssessment *a;
  g_autofree char *text = NULL;

  if (item == NULL)
    return;
  a = mutual_relationship_item_get_assessment (item);
  switch (GPOINTER_TO_INT (g_object_get_data (G_OBJECT (list_item), "column")))
    {
    case COLUMN_NAME:
      {
        GtkWidget *flags = gtk_widget_get_last_child (label);
        const char *flags_text = "";

        if ((a->flags & MUTUAL_FLAG_ONE_SIDED) && (a->flags & MUTUAL_FLAG_DORMANT))
          flags_text = _("One-sided, dormant");
        else if (a->flags & MUTUAL_FLAG_ONE_SIDED)
          flags_text = _("One-sided");
        else if (a->flags & MUTUAL_FLAG_DORMANT)
          flags_text = _("Dormant");
        gtk_label_set_text (GTK_LABEL (gtk_widget_get_first_child (label)),
                            mutual_relationship_item_get_name (item));
        gtk_label_set_text (GTK_LABEL (flags), flags_text);
        gtk_widget_set_visible (flags, *flags_text != '\0');
        return;
      }
    case COLUMN_CLASS:
      /* The badge sets the text itself. */
      mutual_ui_set_class_badge (GTK_LABEL (label), a);
      return;
    case COLUMN_RECIPROCITY:
      text = mutual_ui_format_reciprocity (a);
      break;
    case COLUMN_BALANCE:
    default:
      text = mutual_ui_format_balance (mutual_relationship_item_get_balance (item),
                                       mutual_relationship_item_get_currency (item));
      mutual_ui_set_balance_class (label, mutual_relationship_item_get_balance (item));
      break;
    }
  gtk_label_set_text (GTK_LABEL (label), text);
}

/* A new assessment replaces the old one in place, after a change. */
static void
bind_cell (GtkSignalListItemFactory *factory,
           GtkListItem              *list_item,
           gpointer                  user_data)
{
  gulong id = g_signal_connect_swapped (gtk_list_item_get_item (list_item), "notify::assessment",
                                        G_CALLBACK (update_cell), list_item);

  g_object_set_data (G_OBJECT (list_item), "assessment-handler", GSIZE_TO_POINTER (id));
  update_cell (list_item);
}

static void
unbind_cell (GtkSignalListItemFactory *factory,
             GtkListItem              *list_item,
             gpointer                  user_data)
{
  gulong id = GPOINTER_TO_SIZE (g_object_steal_data (G_OBJECT (list_item), "assessment-handler"));

  if (id != 0 && gtk_list_item_get_item (list_item) != NULL)
    g_signal_handler_disconnect (gtk_list_item_get_item (list_item), id);
}

static void
add_column (MutualOverviewPage *self,
            const char         *title,
            int                 column_id,
            gboolean            expand)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkColumnViewColumn) column = NULL;

  g_signal_connect (factory, "setup", G_CALLBACK (setup_cell), GINT_TO_POINTER (column_id));
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cell), GINT_TO_POINTER (column_id));
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_cell), GINT_TO_POINTER (column_id));
  column = gtk_column_view_column_new (title, factory);
  gtk_column_view_column_set_expand (column, expand);
  gtk_column_view_append_column (self->review_view, column);
}

static void
mutual_overview_page_dispose (GObject *object)
{
  MutualOverviewPage *self = MUTUAL_OVERVIEW_PAGE (object);

  if (self->charting)
    g_cancellable_cancel (self->charting);
  g_clear_object (&self->charting);
  if (self->review_view)
    gtk_column_view_set_model (self->review_view, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), MUTUAL_TYPE_OVERVIEW_PAGE);
  /* The template's top child is not bound by name: unparent it here. */
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self)));)
    gtk_widget_unparent (child);
  g_clear_object (&self->selection);
  g_clear_object (&self->review_slice);
  g_clear_object (&self->review);
  g_clear_object (&self->active);
  g_clear_object (&self->model_signals);
  g_clear_object (&self->model);

  G_OBJECT_CLASS (mutual_overview_page_parent_class)->dispose (object);
}

static void
mutual_overview_page_class_init (MutualOverviewPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mutual_overview_page_dispose;
  widget_class->map = mutual_overview_page_map;

  g_type_ensure (MUTUAL_TYPE_CHART_VIEW);
  mutual_ui_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/mutualapp/Mutual/mutual-overview-page.ui");
  gtk_widget_class_bind_template_child (widget_class, MutualOverviewPage, summary_label);
  gtk_widget_class_bind_template_child (widget_class, MutualOverviewPage, chart_box);
  gtk_widget_class_bind_template_child (widget_class, MutualOverviewPage, charts_caption);
  gtk_widget_class_bind_template_child (widget_class, MutualOverviewPage, balance_view);
  gtk_widget_class_bind_template_child (widget_class, MutualOverviewPage, bars_view);
  gtk_widget_class_bind_template_child (widget_class, MutualOverviewPage, scroller);
  gtk_widget_class_bind_template_child (widget_class, MutualOverviewPage, review_view);
  /* The tiles are fixed; their figures fill an array. */
#define BIND_ELEMENT(name, member) \
  gtk_widget_class_bind_template_child_full (widget_class, name, FALSE, \
                                             G_STRUCT_OFFSET (MutualOverviewPage, member))
  BIND_ELEMENT ("partnerships_value", metric_values[METRIC_PARTNERSHIPS]);
  BIND_ELEMENT ("transactional_value", metric_values[METRIC_TRANSACTIONAL]);
  BIND_ELEMENT ("new_value", metric_values[METRIC_NEW]);
  BIND_ELEMENT ("one_sided_value", metric_values[METRIC_ONE_SIDED]);
  BIND_ELEMENT ("given_value", metric_values[METRIC_GIVEN]);
  BIND_ELEMENT ("received_value", metric_values[METRIC_RECEIVED]);
  BIND_ELEMENT ("balance_value", metric_values[METRIC_BALANCE]);
#undef BIND_ELEMENT
  gtk_widget_class_bind_template_callback (widget_class, on_review_activated);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
mutual_overview_page_init (MutualOverviewPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->model_signals = g_signal_group_new (MUTUAL_TYPE_RELATIONSHIP_MODEL);
  g_signal_group_connect_object (self->model_signals, "notify::assessed", G_CALLBACK (on_model_assessed),
                                 self, G_CONNECT_SWAPPED);


  self->active = gtk_filter_list_model_new (NULL, GTK_FILTER (gtk_custom_filter_new (not_archived, NULL, NULL)));
  self->review = gtk_sort_list_model_new (g_object_ref (G_LIST_MODEL (self->active)),
                                          GTK_SORTER (gtk_custom_sorter_new (review_compare, NULL, NULL)));
  self->review_slice = mutual_ui_growing_slice_new (G_LIST_MODEL (self->review), self->scroller);
  self->selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->review_slice)));
  gtk_column_view_set_model (self->review_view, GTK_SELECTION_MODEL (self->selection));
  g_signal_connect_object (self->active, "items-changed", G_CALLBACK (update_summary), self,
                           G_CONNECT_SWAPPED);

  add_column (self, _("Relationship"), COLUMN_NAME, TRUE);
  add_column (self, _("Class"), COLUMN_CLASS, FALSE);
  add_column (self, _("Reciprocity"), COLUMN_RECIPROCITY, FALSE);
  add_column (self, _("Balance"), COLUMN_BALANCE, FALSE);
  update_summary (self);
}

void
mutual_overview_page_set_model (MutualOverviewPage      *self,
                                MutualRelationshipModel *model)
{
  g_return_if_fail (MUTUAL_IS_OVERVIEW_PAGE (self));

  if (self->model == model)
    return;
  g_set_object (&self->model, model);
  g_signal_group_set_target (self->model_signals, model);
  gtk_filter_list_model_set_model (self->active, NULL);
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    bind_review (self);
  update_summary (self);
}

GListModel *
mutual_overview_page_get_review (MutualOverviewPage *self)
{
  g_return_val_if_fail (MUTUAL_IS_OVERVIEW_PAGE (self), NULL);

  /* Whoever asks gets the ranking, on screen or not. */
  bind_review (self);
  return G_LIST_MODEL (self->review);
}
