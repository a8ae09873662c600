/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mutual-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "core/mutual-money.h"
#include "mutual-chart-view.h"
#include "mutual-overview-page.h"
#include "mutual-ui-util.h"

enum {
  METRIC_PARTNERSHIPS,
  METRIC_TRANSACTIONAL,
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
  COLUMN_FLAGS,
};

struct _MutualOverviewPage
{
  GtkWidget                parent_instance;

  MutualRelationshipModel *model;
  GtkFilterListModel      *active;     /* archived ones left out */
  GtkSortListModel        *review;
  GtkNoSelection          *selection;

  GtkLabel                *summary_label;
  GtkBox                  *chart_box;
  GtkFlowBox              *metrics_box;
  GtkColumnView           *review_view;
  GtkLabel                *metric_values[N_METRICS];
  MutualChartView         *balance_view;
  MutualChartView         *bars_view;
  gboolean                 charts_dirty;
  guint                    charts_idle;
};

G_DEFINE_FINAL_TYPE (MutualOverviewPage, mutual_overview_page, GTK_TYPE_WIDGET)

int
mutual_overview_compare_review (MutualRelationshipItem *a,
                                MutualRelationshipItem *b)
{
  const MutualAssessment *aa = mutual_relationship_item_get_assessment (a);
  const MutualAssessment *ab = mutual_relationship_item_get_assessment (b);
  gboolean one_sided_a = (aa->flags & MUTUAL_FLAG_ONE_SIDED) != 0;
  gboolean one_sided_b = (ab->flags & MUTUAL_FLAG_ONE_SIDED) != 0;
  double ra = -1, rb = -1;

  if (one_sided_a != one_sided_b)
    return one_sided_a ? -1 : 1;
  if (!mutual_assessment_reciprocity (aa, &ra))
    ra = -1;
  if (!mutual_assessment_reciprocity (ab, &rb))
    rb = -1;
  if (ra != rb)
    return ra > rb ? -1 : 1;
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

static void
update_summary (MutualOverviewPage *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->active));
  guint partnerships = 0, transactional = 0, one_sided = 0, dormant = 0;
  gint64 given = 0, received = 0;
  const char *currency = NULL;
  g_autofree char *text = NULL;
  g_autofree char *given_text = NULL;
  g_autofree char *received_text = NULL;
  g_autofree char *balance_text = NULL;
  g_autofree char *partnership_text = NULL;
  g_autofree char *transactional_text = NULL;
  g_autofree char *one_sided_text = NULL;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(MutualRelationshipItem) item = g_list_model_get_item (G_LIST_MODEL (self->active), i);
      const MutualAssessment *a = mutual_relationship_item_get_assessment (item);

      currency = mutual_relationship_item_get_currency (item);
      if (a->klass == MUTUAL_CLASS_PARTNERSHIP)
        partnerships++;
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

  text = g_strdup_printf (ngettext ("%u active relationship, %u dormant.",
                                    "%u active relationships, %u dormant.", n),
                          n, dormant);
  gtk_label_set_text (self->summary_label, text);

  partnership_text = g_strdup_printf ("%u", partnerships);
  transactional_text = g_strdup_printf ("%u", transactional);
  one_sided_text = g_strdup_printf ("%u", one_sided);
  given_text = mutual_ui_format_money (given, currency);
  received_text = mutual_ui_format_money (received, currency);
  balance_text = mutual_ui_format_balance (received - given, currency);
  gtk_label_set_text (self->metric_values[METRIC_PARTNERSHIPS], partnership_text);
  gtk_label_set_text (self->metric_values[METRIC_TRANSACTIONAL], transactional_text);
  gtk_label_set_text (self->metric_values[METRIC_ONE_SIDED], one_sided_text);
  gtk_label_set_text (self->metric_values[METRIC_GIVEN], given_text);
  gtk_label_set_text (self->metric_values[METRIC_RECEIVED], received_text);
  gtk_label_set_text (self->metric_values[METRIC_BALANCE], balance_text);
  mutual_ui_set_balance_class (GTK_WIDGET (self->metric_values[METRIC_BALANCE]), received - given);
  schedule_charts (self);
}

static void
update_charts (MutualOverviewPage *self)
{
  MutualLedger *ledger = self->model ? mutual_relationship_model_get_ledger (self->model) : NULL;
  g_autoptr(MutualChart) balance = NULL;
  g_autoptr(MutualChart) bars = NULL;
  g_autoptr(GError) error = NULL;
  MutualDate from, to;

  if (ledger != NULL && mutual_ledger_count_exchanges (ledger, 0) > 0)
    {
      mutual_ui_chart_range_dates (mutual_ui_default_chart_range (), mutual_date_today (), &from, &to);
      balance = mutual_chart_new_balance (ledger, 0, 0, 0, &error);
      if (balance)
        mutual_chart_set_range (balance, from, to);
      else
        g_warning ("Could not chart the portfolio: %s", error->message);
      g_clear_error (&error);
      bars = mutual_chart_new_by_relationship (ledger, from, to, 0, &error);
      if (bars == NULL)
        g_warning ("Could not chart the relationships: %s", error->message);
    }
  mutual_chart_view_set_chart (self->balance_view, balance);
  mutual_chart_view_set_chart (self->bars_view, bars);
  gtk_widget_set_visible (GTK_WIDGET (self->balance_view), balance != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->bars_view), bars != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->chart_box), balance != NULL || bars != NULL);
}

static gboolean
update_charts_idle (gpointer user_data)
{
  MutualOverviewPage *self = user_data;

  self->charts_idle = 0;
  self->charts_dirty = FALSE;
  update_charts (self);
  return G_SOURCE_REMOVE;
}

/* The charts read the whole ledger: only for a page on screen, and
 * after the frame that shows the window, so it appears at once. */
static void
schedule_charts (MutualOverviewPage *self)
{
  self->charts_dirty = TRUE;
  if (self->charts_idle == 0 && gtk_widget_get_mapped (GTK_WIDGET (self)))
    self->charts_idle = g_idle_add_full (G_PRIORITY_LOW, update_charts_idle, self, NULL);
}

static void
mutual_overview_page_map (GtkWidget *widget)
{
  MutualOverviewPage *self = MUTUAL_OVERVIEW_PAGE (widget);

  GTK_WIDGET_CLASS (mutual_overview_page_parent_class)->map (widget);
  if (self->charts_dirty)
    schedule_charts (self);
}

MutualChartView *
mutual_overview_page_get_balance_view (MutualOverviewPage *self)
{
  g_return_val_if_fail (MUTUAL_IS_OVERVIEW_PAGE (self), NULL);

  /* Whoever asks (Export Chart) gets the current chart. */
  if (self->charts_dirty)
    {
      g_clear_handle_id (&self->charts_idle, g_source_remove);
      update_charts_idle (self);
    }
  return self->balance_view;
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
bind_cell (GtkSignalListItemFactory *factory,
           GtkListItem              *list_item,
           gpointer                  user_data)
{
  GtkWidget *label = gtk_list_item_get_child (list_item);
  MutualRelationshipItem *item = gtk_list_item_get_item (list_item);
  const MutualAssessment *a = mutual_relationship_item_get_assessment (item);
  g_autofree char *text = NULL;

  switch (GPOINTER_TO_INT (user_data))
    {
    case COLUMN_NAME:
      text = g_strdup (mutual_relationship_item_get_name (item));
      break;
    case COLUMN_CLASS:
      {
        gboolean partnership = a->klass == MUTUAL_CLASS_PARTNERSHIP;

        text = g_strdup (partnership ? _("Partnership") : _("Transactional"));
        gtk_widget_remove_css_class (label, partnership ? "transactional" : "partnership");
        gtk_widget_add_css_class (label, partnership ? "partnership" : "transactional");
      }
      break;
    case COLUMN_RECIPROCITY:
      text = mutual_ui_format_reciprocity (a);
      break;
    case COLUMN_BALANCE:
      text = mutual_ui_format_balance (mutual_relationship_item_get_balance (item),
                                       mutual_relationship_item_get_currency (item));
      mutual_ui_set_balance_class (label, mutual_relationship_item_get_balance (item));
      break;
    case COLUMN_FLAGS:
    default:
      if ((a->flags & MUTUAL_FLAG_ONE_SIDED) && (a->flags & MUTUAL_FLAG_DORMANT))
        text = g_strdup (_("One-sided, dormant"));
      else if (a->flags & MUTUAL_FLAG_ONE_SIDED)
        text = g_strdup (_("One-sided"));
      else if (a->flags & MUTUAL_FLAG_DORMANT)
        text = g_strdup (_("Dormant"));
      else
        text = g_strdup ("");
      break;
    }
  gtk_label_set_text (GTK_LABEL (label), text);
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
  column = gtk_column_view_column_new (title, factory);
  gtk_column_view_column_set_expand (column, expand);
  gtk_column_view_append_column (self->review_view, column);
}

static void
mutual_overview_page_dispose (GObject *object)
{
  MutualOverviewPage *self = MUTUAL_OVERVIEW_PAGE (object);

  g_clear_handle_id (&self->charts_idle, g_source_remove);
  if (self->review_view)
    gtk_column_view_set_model (self->review_view, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), MUTUAL_TYPE_OVERVIEW_PAGE);
  /* The template's top child is not bound by name: unparent it here. */
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self)));)
    gtk_widget_unparent (child);
  g_clear_object (&self->selection);
  g_clear_object (&self->review);
  g_clear_object (&self->active);
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

  mutual_ui_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/mutualapp/Mutual/mutual-overview-page.ui");
  gtk_widget_class_bind_template_child (widget_class, MutualOverviewPage, summary_label);
  gtk_widget_class_bind_template_child (widget_class, MutualOverviewPage, chart_box);
  gtk_widget_class_bind_template_child (widget_class, MutualOverviewPage, metrics_box);
  gtk_widget_class_bind_template_child (widget_class, MutualOverviewPage, review_view);
  gtk_widget_class_bind_template_callback (widget_class, on_review_activated);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
mutual_overview_page_init (MutualOverviewPage *self)
{
  /* Captions under a figure: "8 Transactional" is a count of relationships. */
  static const char *captions[N_METRICS] = {
    NC_("overview figure", "Partnerships"), NC_("overview figure", "Transactional"),
    NC_("overview figure", "One-sided"), NC_("overview figure", "Given"),
    NC_("overview figure", "Received"), NC_("overview figure", "Balance"),
  };

  gtk_widget_init_template (GTK_WIDGET (self));

  for (guint i = 0; i < N_METRICS; i++)
    {
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
      GtkWidget *value = gtk_label_new ("0");
      GtkWidget *caption = gtk_label_new (g_dpgettext2 (NULL, "overview figure", captions[i]));

      gtk_widget_add_css_class (box, "metric");
      gtk_widget_add_css_class (value, "title-3");
      gtk_widget_add_css_class (value, "numeric");
      gtk_widget_add_css_class (caption, "caption");
      gtk_widget_add_css_class (caption, "dim-label");
      gtk_label_set_xalign (GTK_LABEL (value), 0);
      gtk_label_set_xalign (GTK_LABEL (caption), 0);
      gtk_label_set_ellipsize (GTK_LABEL (value), PANGO_ELLIPSIZE_END);
      gtk_box_append (GTK_BOX (box), value);
      gtk_box_append (GTK_BOX (box), caption);
      gtk_flow_box_append (self->metrics_box, box);
      self->metric_values[i] = GTK_LABEL (value);
    }

  self->balance_view = MUTUAL_CHART_VIEW (mutual_chart_view_new ());
  self->bars_view = MUTUAL_CHART_VIEW (mutual_chart_view_new ());
  gtk_widget_add_css_class (GTK_WIDGET (self->balance_view), "card");
  gtk_widget_add_css_class (GTK_WIDGET (self->bars_view), "card");
  gtk_box_append (self->chart_box, GTK_WIDGET (self->balance_view));
  gtk_box_append (self->chart_box, GTK_WIDGET (self->bars_view));

  self->active = gtk_filter_list_model_new (NULL, GTK_FILTER (gtk_custom_filter_new (not_archived, NULL, NULL)));
  self->review = gtk_sort_list_model_new (g_object_ref (G_LIST_MODEL (self->active)),
                                          GTK_SORTER (gtk_custom_sorter_new (review_compare, NULL, NULL)));
  self->selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->review)));
  gtk_column_view_set_model (self->review_view, GTK_SELECTION_MODEL (self->selection));
  g_signal_connect_object (self->active, "items-changed", G_CALLBACK (update_summary), self,
                           G_CONNECT_SWAPPED);

  add_column (self, _("Relationship"), COLUMN_NAME, TRUE);
  add_column (self, _("Class"), COLUMN_CLASS, FALSE);
  add_column (self, _("Reciprocity"), COLUMN_RECIPROCITY, FALSE);
  add_column (self, _("Balance"), COLUMN_BALANCE, FALSE);
  add_column (self, _("Flags"), COLUMN_FLAGS, FALSE);
  update_summary (self);
}

void
mutual_overview_page_set_model (MutualOverviewPage      *self,
                                MutualRelationshipModel *model)
{
  g_return_if_fail (MUTUAL_IS_OVERVIEW_PAGE (self));

  if (!g_set_object (&self->model, model))
    return;
  gtk_filter_list_model_set_model (self->active, G_LIST_MODEL (model));
  update_summary (self);
}

GListModel *
mutual_overview_page_get_review (MutualOverviewPage *self)
{
  g_return_val_if_fail (MUTUAL_IS_OVERVIEW_PAGE (self), NULL);
  return G_LIST_MODEL (self->review);
}
