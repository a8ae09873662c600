/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mutual-ui"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "core/mutual-analytics.h"
#include "core/mutual-money.h"
#include "core/mutual-identifiers.h"
#include "core/mutual-undo.h"
#include "mutual-chart-view.h"
#include "mutual-exchange-dialog.h"
#include "mutual-exchange-model.h"
#include "mutual-relationship-dialog.h"
#include "mutual-relationship-page.h"
#include "mutual-ui-util.h"


/* A screen of a full-height list at 1080 px. */
#define FIRST_EXCHANGE_ROWS 20

enum {
  METRIC_GIVEN,
  METRIC_RECEIVED,
  METRIC_BALANCE,
  METRIC_RECIPROCITY,
  METRIC_HOURS,
  METRIC_PER_HOUR,
  N_METRICS
};

/* The three tests of a partnership, in the "Why?" popover. */
#define N_TESTS 3

struct _MutualRelationshipPage
{
  GtkWidget            parent_instance;

  MutualLedger        *ledger;
  MutualUndo          *undo;            /* where changes are recorded, if any */
  gint64               relationship_id;
  MutualRelationship  *relationship;
  MutualAssessment     assessment;
  MutualExchangeModel *exchanges;
  GtkSliceListModel   *exchanges_slice;
  GtkSingleSelection  *selection;
  GSignalGroup        *ledger_signals;
  MutualExchangeSort   probed_sort;

  GtkWidget           *scroller;
  GtkLabel            *name_label;
  GtkLabel            *subtitle_label;
  GtkMenuButton       *menu_button;
  GtkLabel            *class_label;
  GtkMenuButton       *why_button;
  GtkLabel            *why_title;
  GtkWidget           *why_box;
  GtkLabel            *override_label;
  GtkLabel            *flags_label;
  GtkBox              *chart_box;
  GtkDropDown         *range_dropdown;
  GtkLabel            *exchanges_label;
  GtkStack            *sections;
  GtkSearchEntry      *exchange_search;
  GtkDropDown         *direction_dropdown;
  GtkDropDown         *kind_dropdown;
  GtkDropDown         *period_dropdown;
  GtkWidget           *notes_box;
  GtkLabel            *notes_label;
  GtkStack            *exchanges_stack;
  GtkScrolledWindow   *exchanges_scroller;
  GtkColumnView       *exchange_view;

  GtkLabel            *metric_values[N_METRICS];
  GtkImage            *test_icons[N_TESTS];
  GtkLabel            *test_labels[N_TESTS];
  MutualChartView     *chart_view;
  MutualChart         *chart;
  MutualChartRange     range;
};

G_DEFINE_FINAL_TYPE (MutualRelationshipPage, mutual_relationship_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_LEDGER,
  PROP_RELATIONSHIP_ID,
  PROP_TITLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char *
currency (MutualRelationshipPage *self)
{
  return mutual_ledger_get_currency (self->ledger);
}

static void
set_metric (MutualRelationshipPage *self,
            guint                   metric,
            const char             *text)
{
  gtk_label_set_text (self->metric_values[metric], text);
}

static void
update_metrics (MutualRelationshipPage *self)
{
  const MutualAssessment *a = &self->assessment;
  gint64 balance = mutual_assessment_balance (a);
  g_autofree char *given = mutual_ui_format_money (a->given, currency (self));
  g_autofree char *received = mutual_ui_format_money (a->received, currency (self));
  g_autofree char *balance_text = mutual_ui_format_balance (balance, currency (self));
  g_autofree char *reciprocity = mutual_ui_format_reciprocity (a);
  g_autofree char *hours = mutual_format_minutes (a->minutes_given);
  g_autofree char *per_hour = NULL;
  gint64 value;

  set_metric (self, METRIC_GIVEN, given);
  set_metric (self, METRIC_RECEIVED, received);
  set_metric (self, METRIC_BALANCE, balance_text);
  mutual_ui_set_balance_class (GTK_WIDGET (self->metric_values[METRIC_BALANCE]), balance);
  set_metric (self, METRIC_RECIPROCITY, reciprocity);
  set_metric (self, METRIC_HOURS, a->minutes_given > 0 ? hours : "—");

  if (mutual_assessment_value_per_hour (a, &value))
    per_hour = mutual_ui_format_money (value, currency (self));
  set_metric (self, METRIC_PER_HOUR, per_hour ? per_hour : "—");
}

/* GtkPopover (4.8) asks its child's height for a width wider than it
 * then gives it, so wrapped sentences lost their last lines: the box
 * asks for the height its lines take at the width it gets. Done as the
 * popover shows, not on every reload: shaping the sentences is a third
 * of the time it takes to open a relationship. */
static void
fit_why_box (MutualRelationshipPage *self)
{
  int width, height;

  gtk_widget_set_size_request (self->why_box, -1, -1);
  gtk_widget_measure (self->why_box, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &width, NULL, NULL);
  gtk_widget_measure (self->why_box, GTK_ORIENTATION_VERTICAL, width, &height, NULL, NULL, NULL);
  gtk_widget_set_size_request (self->why_box, -1,
                               height - gtk_widget_get_margin_top (self->why_box)
                                      - gtk_widget_get_margin_bottom (self->why_box));
}

static void
update_why (MutualRelationshipPage *self)
{
  const MutualAssessment *a = &self->assessment;
  const gboolean passed[N_TESTS] = { a->ongoing, a->beyond_money, a->two_way };

  gtk_label_set_text (self->why_title,
                      a->computed == MUTUAL_CLASS_PARTNERSHIP
                      ? _("All three tests hold: a partnership")
                      : mutual_assessment_is_new (a)
                      ? _("New: less than 90 days of history, too soon to call it a partnership")
                      : _("A partnership needs all three tests to hold"));

  for (int test = 0; test < N_TESTS; test++)
    {
      g_autofree char *text = mutual_assessment_explain_test (a, test, currency (self));
      GtkWidget *icon = GTK_WIDGET (self->test_icons[test]);

      gtk_image_set_from_icon_name (self->test_icons[test],
                                    passed[test] ? "emblem-ok-symbolic" : "window-close-symbolic");
      gtk_widget_remove_css_class (icon, passed[test] ? "dim-label" : "success");
      gtk_widget_add_css_class (icon, passed[test] ? "success" : "dim-label");
      gtk_accessible_update_property (GTK_ACCESSIBLE (icon),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      passed[test] ? _("Holds") : _("Does not hold"),
                                      -1);
      gtk_label_set_text (self->test_labels[test], text);
    }

  if (self->relationship->override != MUTUAL_CLASS_NONE)
    {
      g_autofree char *text = NULL;
      const char *computed = mutual_class_to_label (a->computed);
      const char *chosen = mutual_class_to_label (self->relationship->override);

      if (self->relationship->override_reason && *self->relationship->override_reason)
        text = g_strdup_printf (_("You classified it as %s: “%s”. The tests alone say %s."),
                                chosen, self->relationship->override_reason, computed);
      else
        text = g_strdup_printf (_("You classified it as %s. The tests alone say %s."),
                                chosen, computed);
      gtk_label_set_text (self->override_label, text);
      gtk_widget_set_visible (GTK_WIDGET (self->override_label), TRUE);
    }
  else
    gtk_widget_set_visible (GTK_WIDGET (self->override_label), FALSE);

  if (gtk_widget_get_visible (GTK_WIDGET (gtk_menu_button_get_popover (self->why_button))))
    fit_why_box (self);
}

static void
apply_range (MutualRelationshipPage *self)
{
  MutualDate from, to;

  if (self->chart == NULL)
    return;
  mutual_ui_chart_range_dates (self->range, mutual_date_today (), &from, &to);
  mutual_chart_set_range (self->chart, from, to);
  mutual_chart_view_set_chart (self->chart_view, self->chart);
}

/* Takes @chart, shown only when there is something to chart. */
static void
update_chart (MutualRelationshipPage *self,
              MutualChart            *chart)
{
  g_clear_pointer (&self->chart, mutual_chart_unref);
  if (self->assessment.n_exchanges > 0)
    self->chart = chart;
  else
    mutual_chart_unref (chart);
  gtk_widget_set_visible (GTK_WIDGET (self->chart_box), self->chart != NULL);
  if (self->chart)
    apply_range (self);
  else
    mutual_chart_view_set_chart (self->chart_view, NULL);
}

static void
on_range_selected (GtkDropDown            *ranges,
                   GParamSpec             *pspec,
                   MutualRelationshipPage *self)
{
  guint selected = gtk_drop_down_get_selected (ranges);

  if (selected >= MUTUAL_N_CHART_RANGES)
    return;
  self->range = selected;
  apply_range (self);
}

static GMenuModel *
build_menu (MutualRelationshipPage *self)
{
  GMenu *menu = g_menu_new ();
  g_autoptr(GMenu) edit = g_menu_new ();
  g_autoptr(GMenu) classify = g_menu_new ();
  g_autoptr(GMenu) danger = g_menu_new ();
  g_autofree char *computed = NULL;

  g_menu_append (edit, _("_Edit Relationship…"), "relationship.edit");
  g_menu_append (edit, self->relationship && self->relationship->archived ? _("_Unarchive") : _("_Archive"),
                 "relationship.archive");
  g_menu_append_section (menu, NULL, G_MENU_MODEL (edit));

  computed = g_strdup_printf (_("As Computed (%s)"), mutual_class_to_label (self->assessment.computed));
  g_menu_append (classify, computed, "relationship.override::none");
  g_menu_append (classify, _("Always a _Partnership…"), "relationship.override::partnership");
  g_menu_append (classify, _("Always _Transactional…"), "relationship.override::transactional");
  g_menu_append_section (menu, _("Classify"), G_MENU_MODEL (classify));

  g_menu_append (danger, _("_Delete Relationship…"), "relationship.delete");
  g_menu_append_section (menu, NULL, G_MENU_MODEL (danger));
  return G_MENU_MODEL (menu);
}

/* The menu is made when it opens, not with each relationship shown:
 * a popover menu is a tree of widgets. */
static void
create_menu (GtkMenuButton *button,
             gpointer       user_data)
{
  g_autoptr(GMenuModel) menu = build_menu (MUTUAL_RELATIONSHIP_PAGE (user_data));

  gtk_menu_button_set_menu_model (button, menu);
}

static void rebuild_exchanges (MutualRelationshipPage *self,
                               gint64                  n_items);

/* The assessment counted the exchanges up to today: that is all of them
 * unless the newest is dated later. -1 when it is, or unknown. */
static gint64
known_count (MutualRelationshipPage *self)
{
  g_autoptr(GPtrArray) newest = mutual_ledger_list_exchanges (self->ledger, self->relationship_id,
                                                              MUTUAL_EXCHANGE_SORT_DATE, TRUE, 0, 1, NULL);

  if (newest == NULL)
    return -1;
  if (newest->len == 0)
    return self->assessment.n_exchanges == 0 ? 0 : -1;
  if (((MutualExchange *) g_ptr_array_index (newest, 0))->date > self->assessment.as_of)
    return -1;
  return self->assessment.n_exchanges;
}

/* "12 Exchanges", or "3 of 12 Exchanges" while the list is narrowed,
 * and the empty, no-matches or list view under it. */
static void
update_exchange_count (MutualRelationshipPage *self)
{
  g_autofree char *text = NULL;
  guint shown = self->exchanges ? g_list_model_get_n_items (G_LIST_MODEL (self->exchanges)) : 0;
  gboolean filtered = self->exchanges && mutual_exchange_model_is_filtered (self->exchanges);
  /* Unfiltered, the model counted them all already (100,000 rows of the
   * index are a millisecond of each opening). */
  gint64 total = !filtered && self->exchanges ? (gint64) shown
                 : self->ledger && self->relationship_id
                 ? mutual_ledger_count_exchanges (self->ledger, self->relationship_id) : 0;

  if (filtered)
    /* Translators: "3 of 12 Exchanges", while the list is searched or filtered. */
    text = g_strdup_printf (ngettext ("%u of %u Exchange", "%u of %u Exchanges", (gulong) total),
                            shown, (guint) MIN (total, G_MAXUINT));
  else
    text = g_strdup_printf (ngettext ("%u Exchange", "%u Exchanges", shown), shown);
  gtk_label_set_text (self->exchanges_label, text);
  gtk_stack_set_visible_child_name (self->exchanges_stack,
                                    total == 0 ? "empty" : shown == 0 ? "no-matches" : "list");
}

enum {
  PERIOD_ALL,
  PERIOD_30_DAYS,
  PERIOD_12_MONTHS,
  PERIOD_THIS_YEAR,
  PERIOD_LAST_YEAR,
};

/* The search entry and the drop-downs, as a filter of the ledger's. */
static void
apply_exchange_filter (MutualRelationshipPage *self)
{
  MutualExchangeFilter filter = MUTUAL_EXCHANGE_FILTER_INIT;
  g_autofree char *search = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->exchange_search))));
  guint direction = gtk_drop_down_get_selected (self->direction_dropdown);
  guint kind = gtk_drop_down_get_selected (self->kind_dropdown);
  MutualDate today = mutual_date_today ();

  if (self->exchanges == NULL)
    return;
  if (direction != GTK_INVALID_LIST_POSITION && direction > 0)
    filter.direction = (int) direction - 1;
  if (kind != GTK_INVALID_LIST_POSITION && kind > 0)
    filter.kind = (int) kind - 1;
  switch (gtk_drop_down_get_selected (self->period_dropdown))
    {
    case PERIOD_30_DAYS:
      filter.from = mutual_date_add_days (today, -29);
      filter.to = today;
      break;
    case PERIOD_12_MONTHS:
      filter.from = mutual_date_add_days (today, -364);
      filter.to = today;
      break;
    case PERIOD_THIS_YEAR:
      filter.from = mutual_date_make (mutual_date_year (today), 1, 1);
      filter.to = mutual_date_make (mutual_date_year (today), 12, 31);
      break;
    case PERIOD_LAST_YEAR:
      filter.from = mutual_date_make (mutual_date_year (today) - 1, 1, 1);
      filter.to = mutual_date_make (mutual_date_year (today) - 1, 12, 31);
      break;
    default:
      break;
    }
  filter.search = search[0] ? search : NULL;
  mutual_exchange_model_set_filter (self->exchanges, &filter);
  update_exchange_count (self);
}

static void
reset_exchange_filter (MutualRelationshipPage *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->exchange_search), "");
  gtk_drop_down_set_selected (self->direction_dropdown, 0);
  gtk_drop_down_set_selected (self->kind_dropdown, 0);
  gtk_drop_down_set_selected (self->period_dropdown, PERIOD_ALL);
}

static void
reload (MutualRelationshipPage *self)
{
  g_autofree char *one_sided = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(MutualRelationship) rel = NULL;
  GtkPopover *popover;
  MutualChart *chart;
  g_autofree char *subtitle = NULL;
  GString *flags;

  if (self->ledger == NULL || self->relationship_id == 0)
    return;

  rel = mutual_ledger_get_relationship (self->ledger, self->relationship_id, &error);
  if (rel == NULL)
    return;   /* Deleted, by us or another process: the window moves on. */
  /* The chart and the assessment from one read of the exchanges. */
  chart = mutual_chart_new_relationship (self->ledger, self->relationship_id, mutual_date_today (),
                                         &self->assessment, &error);
  if (chart == NULL)
    {
      g_warning ("Could not assess “%s”: %s", rel->name, error->message);
      return;
    }
  g_clear_pointer (&self->relationship, mutual_relationship_free);
  self->relationship = g_steal_pointer (&rel);
  if (self->exchanges == NULL)
    rebuild_exchanges (self, known_count (self));

  gtk_label_set_text (self->name_label, self->relationship->name);
  if (self->relationship->organization && *self->relationship->organization)
    subtitle = g_strdup_printf ("%s · %s", mutual_role_to_label (self->relationship->role),
                                self->relationship->organization);
  else
    subtitle = g_strdup (mutual_role_to_label (self->relationship->role));
  if (self->relationship->archived)
    {
      char *archived = g_strdup_printf (_("%s · Archived"), subtitle);
      g_free (subtitle);
      subtitle = archived;
    }
  gtk_label_set_text (self->subtitle_label, subtitle);

  mutual_ui_set_class_badge (self->class_label, &self->assessment);

  flags = g_string_new (NULL);
  one_sided = mutual_assessment_explain_one_sided (&self->assessment, currency (self));
  if (one_sided)
    {
      g_string_append (flags, one_sided);
      g_string_append_c (flags, '.');
    }
  if (self->assessment.flags & MUTUAL_FLAG_DORMANT)
    {
      if (flags->len)
        g_string_append_c (flags, ' ');
      g_string_append (flags, _("Dormant: nothing exchanged in six months."));
    }
  gtk_label_set_text (self->flags_label, flags->str);
  gtk_widget_set_visible (GTK_WIDGET (self->flags_label), flags->len > 0);
  g_string_free (flags, TRUE);

  update_why (self);
  update_metrics (self);
  update_chart (self, chart);

  popover = gtk_menu_button_get_popover (self->menu_button);
  if (popover != NULL && gtk_widget_get_visible (GTK_WIDGET (popover)))
    create_menu (self->menu_button, self);

  gtk_label_set_text (self->notes_label, self->relationship->notes ? self->relationship->notes : "");
  gtk_widget_set_visible (self->notes_box,
                          self->relationship->notes != NULL && self->relationship->notes[0] != '\0');

  update_exchange_count (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}

static void
on_ledger_changed (MutualRelationshipPage *self)
{
  reload (self);
}

/* GTK 4.8 cannot tell which column a GtkColumnViewSorter sorts by
 * (gtk_column_view_sorter_get_primary_sort_column is 4.10), so each
 * column's sorter records itself when asked and always says "smaller":
 * comparing two items then yields the primary column, and the sign its
 * direction. They must be two: GtkSorter answers "equal" for an item and
 * itself without asking. The real sorting happens in SQL. */
static int
probe_compare (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  MutualRelationshipPage *self = g_object_get_data (G_OBJECT (user_data), "page");

  self->probed_sort = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (user_data), "sort"));
  return GTK_ORDERING_SMALLER;
}

static void
on_sorter_changed (MutualRelationshipPage *self)
{
  GtkSorter *sorter;
  GtkOrdering order;

  /* Also emitted while the column view is disposed, column by column. */
  if (self->exchanges == NULL || self->exchange_view == NULL)
    return;
  sorter = gtk_column_view_get_sorter (self->exchange_view);
  self->probed_sort = MUTUAL_EXCHANGE_SORT_DATE;
  order = gtk_sorter_compare (sorter, self, self->exchange_view);
  if (order == GTK_ORDERING_EQUAL)
    mutual_exchange_model_set_sort (self->exchanges, MUTUAL_EXCHANGE_SORT_DATE, TRUE);
  else
    mutual_exchange_model_set_sort (self->exchanges, self->probed_sort, order == GTK_ORDERING_LARGER);
}

static const MutualExchange *
exchange_of (GtkListItem *list_item)
{
  MutualExchangeItem *item = gtk_list_item_get_item (list_item);

  return item ? mutual_exchange_item_get_exchange (item) : NULL;
}

static void
setup_label (GtkSignalListItemFactory *factory,
             GtkListItem              *list_item,
             gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);
  float xalign = GPOINTER_TO_INT (user_data) == MUTUAL_EXCHANGE_SORT_VALUE
                 || GPOINTER_TO_INT (user_data) == MUTUAL_EXCHANGE_SORT_MINUTES ? 1.0f : 0.0f;

  gtk_label_set_xalign (GTK_LABEL (label), xalign);
  /* Only the note gives way; a cut amount or date would mislead, so a
   * narrow window scrolls the list sideways instead. */
  if (GPOINTER_TO_INT (user_data) == MUTUAL_EXCHANGE_SORT_NOTE)
    gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  if (xalign > 0)
    gtk_widget_add_css_class (label, "numeric");
  gtk_list_item_set_child (list_item, label);
}

static void
bind_label (GtkSignalListItemFactory *factory,
            GtkListItem              *list_item,
            gpointer                  user_data)
{
  GtkWidget *label = gtk_list_item_get_child (list_item);
  const MutualExchange *e = exchange_of (list_item);
  MutualRelationshipPage *self = g_object_get_data (G_OBJECT (factory), "page");
  g_autofree char *text = NULL;

  gtk_widget_remove_css_class (label, "given");
  gtk_widget_remove_css_class (label, "received");
  if (e == NULL)
    {
      gtk_label_set_text (GTK_LABEL (label), "");
      return;
    }

  switch (GPOINTER_TO_INT (user_data))
    {
    case MUTUAL_EXCHANGE_SORT_DATE:
      text = mutual_date_format (e->date, _("%-d %b %Y"));
      break;
    case MUTUAL_EXCHANGE_SORT_DIRECTION:
      text = g_strdup (e->direction == MUTUAL_DIRECTION_GIVEN ? _("Given") : _("Received"));
      gtk_widget_add_css_class (label, e->direction == MUTUAL_DIRECTION_GIVEN ? "given" : "received");
      break;
    case MUTUAL_EXCHANGE_SORT_KIND:
      text = g_strdup (mutual_kind_to_label (e->kind));
      break;
    case MUTUAL_EXCHANGE_SORT_VALUE:
      /* Not valued (advice, a referral nobody priced) rather than "€0.00". */
      text = e->value > 0 ? mutual_money_format (e->value, currency (self), MUTUAL_MONEY_FORMAT_SYMBOL)
                          : g_strdup ("—");
      break;
    case MUTUAL_EXCHANGE_SORT_MINUTES:
      text = mutual_ui_format_minutes (e->minutes);
      break;
    case MUTUAL_EXCHANGE_SORT_NOTE:
    default:
      text = e->note ? g_strdelimit (g_strdup (e->note), "\r\n", ' ') : g_strdup ("");
      break;
    }
  gtk_label_set_text (GTK_LABEL (label), text);
}

static void
setup_delete (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              gpointer                  user_data)
{
  GtkWidget *button = gtk_button_new_from_icon_name ("user-trash-symbolic");

  gtk_widget_add_css_class (button, "flat");
  /* Not a focus stop: GTK 4.8 gives a row's focus to its first
   * focusable child, so the keyboard would always land on Delete (after
   * an edit too). The keyboard deletes with the Delete key instead. */
  gtk_widget_set_focusable (button, FALSE);
  gtk_widget_set_focus_on_click (button, FALSE);
  /* Hidden meanwhile: a visible widget's new tooltip asks the display
   * where the pointer is, a round trip for each of ~200 rows. */
  gtk_widget_set_visible (button, FALSE);
  gtk_widget_set_tooltip_text (button, _("Delete Exchange"));
  gtk_widget_set_visible (button, TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Delete Exchange"),
                                  -1);
  /* A target before the name, or GTK warns about a missing parameter. */
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button), g_variant_new_int64 (0));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "win.delete-exchange");
  gtk_list_item_set_child (list_item, button);
}

static void
bind_delete (GtkSignalListItemFactory *factory,
             GtkListItem              *list_item,
             gpointer                  user_data)
{
  GtkWidget *button = gtk_list_item_get_child (list_item);
  const MutualExchange *e = exchange_of (list_item);

  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button),
                                          g_variant_new_int64 (e ? e->id : 0));
}

static void
add_column (MutualRelationshipPage *self,
            const char             *title,
            int                     sort,
            gboolean                expand)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkColumnViewColumn) column = NULL;

  g_object_set_data (G_OBJECT (factory), "page", self);
  if (sort >= 0)
    {
      GtkSorter *sorter = GTK_SORTER (gtk_custom_sorter_new (probe_compare, NULL, NULL));

      /* The sorter needs to find the page and its column: keep both on it. */
      g_object_set_data (G_OBJECT (sorter), "page", self);
      g_object_set_data (G_OBJECT (sorter), "sort", GINT_TO_POINTER (sort));
      gtk_custom_sorter_set_sort_func (GTK_CUSTOM_SORTER (sorter), probe_compare, sorter, NULL);
      g_signal_connect (factory, "setup", G_CALLBACK (setup_label), GINT_TO_POINTER (sort));
      g_signal_connect (factory, "bind", G_CALLBACK (bind_label), GINT_TO_POINTER (sort));
      column = gtk_column_view_column_new (title, g_object_ref (factory));
      gtk_column_view_column_set_sorter (column, sorter);
      g_object_unref (sorter);
    }
  else
    {
      g_signal_connect (factory, "setup", G_CALLBACK (setup_delete), NULL);
      g_signal_connect (factory, "bind", G_CALLBACK (bind_delete), NULL);
      column = gtk_column_view_column_new (title, g_object_ref (factory));
    }
  gtk_column_view_column_set_expand (column, expand);
  gtk_column_view_column_set_resizable (column, sort >= 0);
  gtk_column_view_append_column (self->exchange_view, column);
  if (sort == MUTUAL_EXCHANGE_SORT_DATE)
    gtk_column_view_sort_by_column (self->exchange_view, column, GTK_SORT_DESCENDING);
}

static void
on_exchange_saved (MutualExchangeDialog   *dialog,
                   gint64                  id,
                   MutualRelationshipPage *self)
{
  const MutualExchange *before = g_object_get_data (G_OBJECT (dialog), "before");
  g_autoptr(GError) error = NULL;

  if (self->undo == NULL || mutual_undo_get_ledger (self->undo) != self->ledger)
    return;
  if (before != NULL)
    mutual_undo_record_exchange_changed (self->undo, before, _("Exchange changed"));
  else if (!mutual_undo_record_exchange_added (self->undo, id, _("Exchange added"), &error))
    g_warning ("Adding exchange %" G_GINT64_FORMAT " cannot be undone: %s", id, error->message);
}

/* The exchange a row shows, by its Delete button's target: 0 if none. */
static gint64
exchange_id_in (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child;
       child = gtk_widget_get_next_sibling (child))
    {
      gint64 id;

      if (GTK_IS_ACTIONABLE (child)
          && g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (child)), "win.delete-exchange") == 0)
        {
          GVariant *target = gtk_actionable_get_action_target_value (GTK_ACTIONABLE (child));

          return target ? g_variant_get_int64 (target) : 0;
        }
      if ((id = exchange_id_in (child)) != 0)
        return id;
    }
  return 0;
}

/* The Delete key in the list: the exchange of the row the keyboard is
 * on (not the one the pointer hovers), through the window's action so
 * that it can be undone. */
static gboolean
delete_focused_exchange (GtkWidget *widget,
                         GVariant  *args,
                         gpointer   user_data)
{
  MutualRelationshipPage *self = MUTUAL_RELATIONSHIP_PAGE (user_data);
  GtkWidget *focus = gtk_root_get_focus (gtk_widget_get_root (widget));
  gint64 id = 0;

  for (; focus != NULL && focus != widget && id == 0; focus = gtk_widget_get_parent (focus))
    id = exchange_id_in (focus);
  if (id == 0)
    return FALSE;
  return gtk_widget_activate_action (GTK_WIDGET (self), "win.delete-exchange", "x", id);
}

/* Back in the list after the dialog, on the list and not on a row's
 * Delete button, which GTK would otherwise pick when the rows it had
 * focused are remade for the saved change. */
static void
on_exchange_dialog_closed (MutualRelationshipPage *self)
{
  if (gtk_widget_get_mapped (GTK_WIDGET (self->exchange_view)))
    gtk_widget_grab_focus (GTK_WIDGET (self->exchange_view));
}

static void
open_exchange_dialog (MutualRelationshipPage *self,
                      const MutualExchange   *exchange)
{
  MutualExchangeDialog *dialog;

  if (self->ledger == NULL || self->relationship_id == 0)
    return;
  dialog = mutual_exchange_dialog_new (self->ledger, self->relationship_id, exchange);
  /* The dialog writes by itself: keep what the exchange was, for undo. */
  if (exchange != NULL)
    g_object_set_data_full (G_OBJECT (dialog), "before", mutual_exchange_copy (exchange),
                            (GDestroyNotify) mutual_exchange_free);
  g_signal_connect_object (dialog, "saved", G_CALLBACK (on_exchange_saved), self, 0);
  g_signal_connect_object (dialog, "destroy", G_CALLBACK (on_exchange_dialog_closed), self,
                           G_CONNECT_SWAPPED);
  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_exchange_activated (MutualRelationshipPage *self,
                       guint                   position)
{
  g_autoptr(MutualExchangeItem) item = g_list_model_get_item (G_LIST_MODEL (self->exchanges), position);

  if (item)
    open_exchange_dialog (self, mutual_exchange_item_get_exchange (item));
}

void
mutual_relationship_page_add_exchange (MutualRelationshipPage *self)
{
  g_return_if_fail (MUTUAL_IS_RELATIONSHIP_PAGE (self));
  open_exchange_dialog (self, NULL);
}

/* Records how the relationship was before a change just written. */
static void
record_changed (MutualRelationshipPage   *self,
                const MutualRelationship *before,
                const char               *description)
{
  if (self->undo != NULL && mutual_undo_get_ledger (self->undo) == self->ledger)
    mutual_undo_record_relationship_changed (self->undo, before, description);
}

static void
on_relationship_edited (MutualRelationshipDialog *dialog,
                        gint64                    id,
                        MutualRelationshipPage   *self)
{
  GPtrArray *identifiers = g_object_get_data (G_OBJECT (dialog), "identifiers-before");

  if (identifiers == NULL)
    {
      record_changed (self, g_object_get_data (G_OBJECT (dialog), "before"), _("Relationship changed"));
      return;
    }
  if (self->undo != NULL && mutual_undo_get_ledger (self->undo) == self->ledger)
    mutual_undo_record_relationship_edited (self->undo, g_object_get_data (G_OBJECT (dialog), "before"),
                                            identifiers, _("Relationship changed"));
}

static void
edit_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  MutualRelationshipPage *self = MUTUAL_RELATIONSHIP_PAGE (widget);
  MutualRelationshipDialog *dialog;

  if (self->relationship == NULL)
    return;
  dialog = mutual_relationship_dialog_new (self->ledger, self->relationship);
  g_object_set_data_full (G_OBJECT (dialog), "before", mutual_relationship_copy (self->relationship),
                          (GDestroyNotify) mutual_relationship_free);
  /* Read before the dialog shows them: what undo puts back. */
  g_object_set_data_full (G_OBJECT (dialog), "identifiers-before",
                          mutual_ledger_list_identifiers (self->ledger, self->relationship->id, NULL),
                          (GDestroyNotify) g_ptr_array_unref);
  g_signal_connect_object (dialog, "saved", G_CALLBACK (on_relationship_edited), self, 0);
  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (gtk_widget_get_root (widget)));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
show_error (MutualRelationshipPage *self,
            const char             *heading,
            const GError           *error)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                              heading, error->message);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
archive_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  MutualRelationshipPage *self = MUTUAL_RELATIONSHIP_PAGE (widget);
  g_autoptr(MutualRelationship) rel = NULL;
  g_autoptr(MutualRelationship) before = NULL;
  g_autoptr(GError) error = NULL;

  if (self->relationship == NULL)
    return;
  before = mutual_relationship_copy (self->relationship);
  rel = mutual_relationship_copy (self->relationship);
  rel->archived = !rel->archived;
  if (!mutual_ledger_update_relationship (self->ledger, rel, &error))
    show_error (self, _("Could Not Archive"), error);
  else
    record_changed (self, before, rel->archived ? _("Relationship archived") : _("Relationship unarchived"));
}

static void
set_override (MutualRelationshipPage *self,
              MutualClass             klass,
              const char             *reason)
{
  g_autoptr(MutualRelationship) rel = mutual_relationship_copy (self->relationship);
  g_autoptr(MutualRelationship) before = mutual_relationship_copy (self->relationship);
  g_autoptr(GError) error = NULL;

  rel->override = klass;
  g_clear_pointer (&rel->override_reason, g_free);
  if (klass != MUTUAL_CLASS_NONE && reason && *reason)
    rel->override_reason = g_strstrip (g_strdup (reason));
  /* "As Computed" on a computed class, or the same class and reason
   * again: nothing changes, so nothing is written or offered to undo. */
  if (rel->override == before->override
      && g_strcmp0 (rel->override_reason && *rel->override_reason ? rel->override_reason : NULL,
                    before->override_reason && *before->override_reason ? before->override_reason : NULL) == 0)
    return;
  if (!mutual_ledger_update_relationship (self->ledger, rel, &error))
    show_error (self, _("Could Not Change the Class"), error);
  else
    record_changed (self, before, _("Class changed"));
}

static void
on_override_response (AdwMessageDialog *dialog,
                      const char       *response,
                      gpointer          user_data)
{
  MutualRelationshipPage *self = MUTUAL_RELATIONSHIP_PAGE (user_data);
  GtkEditable *entry = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));
  MutualClass klass = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (dialog), "class"));

  if (g_strcmp0 (response, "apply") == 0 && self->relationship != NULL)
    set_override (self, klass, gtk_editable_get_text (entry));
}

static void
override_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  MutualRelationshipPage *self = MUTUAL_RELATIONSHIP_PAGE (widget);
  MutualClass klass = MUTUAL_CLASS_NONE;
  const char *target = g_variant_get_string (parameter, NULL);
  GtkWidget *dialog;
  GtkWidget *entry;
  g_autofree char *heading = NULL;

  if (self->relationship == NULL)
    return;
  if (g_strcmp0 (target, "none") == 0 || !mutual_class_from_string (target, &klass))
    {
      set_override (self, MUTUAL_CLASS_NONE, NULL);
      return;
    }

  heading = g_strdup_printf (_("Classify as %s?"), mutual_class_to_label (klass));
  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)), heading,
                                   _("This relationship will show this class whatever the tests say. Note why, for your next review."));
  entry = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("Reason (optional)"));
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Reason"),
                                  -1);
  if (self->relationship->override_reason)
    gtk_editable_set_text (GTK_EDITABLE (entry), self->relationship->override_reason);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "apply", _("_Classify"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "apply",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "apply");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data (G_OBJECT (dialog), "class", GINT_TO_POINTER (klass));
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_override_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_delete_response (AdwMessageDialog *dialog,
                    const char       *response,
                    gpointer          user_data)
{
  MutualRelationshipPage *self = MUTUAL_RELATIONSHIP_PAGE (user_data);
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (g_strcmp0 (response, "delete") != 0 || self->relationship == NULL)
    return;
  if (self->undo != NULL && mutual_undo_get_ledger (self->undo) == self->ledger)
    ok = mutual_undo_delete_relationship (self->undo, self->relationship->id,
                                          _("Relationship deleted"), &error);
  else
    ok = mutual_ledger_delete_relationship (self->ledger, self->relationship->id, &error);
  if (!ok)
    show_error (self, _("Could Not Delete"), error);
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  MutualRelationshipPage *self = MUTUAL_RELATIONSHIP_PAGE (widget);
  GtkWidget *dialog;
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;
  guint n;

  if (self->relationship == NULL)
    return;
  n = g_list_model_get_n_items (G_LIST_MODEL (self->exchanges));
  heading = g_strdup_printf (_("Delete “%s”?"), self->relationship->name);
  body = g_strdup_printf (ngettext ("Its %u exchange will be deleted too. To keep the history, archive it instead.",
                                    "Its %u exchanges will be deleted too. To keep the history, archive it instead.",
                                    n), n);
  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)), heading, body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "delete", _("_Delete"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "delete",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_delete_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
mutual_relationship_page_dispose (GObject *object)
{
  MutualRelationshipPage *self = MUTUAL_RELATIONSHIP_PAGE (object);

  if (self->exchange_view)
    gtk_column_view_set_model (self->exchange_view, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), MUTUAL_TYPE_RELATIONSHIP_PAGE);
  /* The template's top child is not bound by name: unparent it here. */
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self)));)
    gtk_widget_unparent (child);
  g_clear_object (&self->ledger_signals);
  g_clear_object (&self->ledger);
  g_clear_object (&self->undo);
  g_clear_object (&self->exchanges);
  g_clear_object (&self->selection);
  g_clear_object (&self->exchanges_slice);

  G_OBJECT_CLASS (mutual_relationship_page_parent_class)->dispose (object);
}

static void
mutual_relationship_page_finalize (GObject *object)
{
  MutualRelationshipPage *self = MUTUAL_RELATIONSHIP_PAGE (object);

  g_clear_pointer (&self->relationship, mutual_relationship_free);
  g_clear_pointer (&self->chart, mutual_chart_unref);

  G_OBJECT_CLASS (mutual_relationship_page_parent_class)->finalize (object);
}

static void
mutual_relationship_page_get_property (GObject    *object,
                                       guint       prop_id,
                                       GValue     *value,
                                       GParamSpec *pspec)
{
  MutualRelationshipPage *self = MUTUAL_RELATIONSHIP_PAGE (object);

  switch (prop_id)
    {
    case PROP_LEDGER:
      g_value_set_object (value, self->ledger);
      break;
    case PROP_RELATIONSHIP_ID:
      g_value_set_int64 (value, self->relationship_id);
      break;
    case PROP_TITLE:
      g_value_set_string (value, mutual_relationship_page_get_title (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mutual_relationship_page_set_property (GObject      *object,
                                       guint         prop_id,
                                       const GValue *value,
                                       GParamSpec   *pspec)
{
  MutualRelationshipPage *self = MUTUAL_RELATIONSHIP_PAGE (object);

  switch (prop_id)
    {
    case PROP_LEDGER:
      mutual_relationship_page_set_ledger (self, g_value_get_object (value));
      break;
    case PROP_RELATIONSHIP_ID:
      mutual_relationship_page_set_relationship_id (self, g_value_get_int64 (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mutual_relationship_page_class_init (MutualRelationshipPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mutual_relationship_page_dispose;
  object_class->finalize = mutual_relationship_page_finalize;
  object_class->get_property = mutual_relationship_page_get_property;
  object_class->set_property = mutual_relationship_page_set_property;

  properties[PROP_LEDGER] =
    g_param_spec_object ("ledger", NULL, NULL, MUTUAL_TYPE_LEDGER,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RELATIONSHIP_ID] =
    g_param_spec_int64 ("relationship-id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (MUTUAL_TYPE_CHART_VIEW);
  mutual_ui_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/mutualapp/Mutual/mutual-relationship-page.ui");
  gtk_widget_class_bind_template_child (widget_class, MutualRelationshipPage, scroller);
  gtk_widget_class_bind_template_child (widget_class, MutualRelationshipPage, name_label);
  gtk_widget_class_bind_template_child (widget_class, MutualRelationshipPage, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, MutualRelationshipPage, menu_button);
  gtk_widget_class_bind_template_child (widget_class, MutualRelationshipPage, class_label);
  gtk_widget_class_bind_template_child (widget_class, MutualRelationshipPage, why_button);
  gtk_widget_class_bind_template_child (widget_class, MutualRelationshipPage, why_title);
  gtk_widget_class_bind_template_child (widget_class, MutualRelationshipPage, why_box);
  gtk_widget_class_bind_template_child (widget_class, MutualRelationshipPage, override_label);
  gtk_widget_class_bind_template_child (widget_class, MutualRelationshipPage, flags_label);
  gtk_widget_class_bind_template_child (widget_class, MutualRelationshipPage, chart_box);
  gtk_widget_class_bind_template_child (widget_class, MutualRelationshipPage, range_dropdown);
  gtk_widget_class_bind_template_child (widget_class, MutualRelationshipPage, chart_view);
  gtk_widget_class_bind_template_child (widget_class, MutualRelationshipPage, exchanges_label);
  gtk_widget_class_bind_template_child (widget_class, MutualRelationshipPage, sections);
  gtk_widget_class_bind_template_child (widget_class, MutualRelationshipPage, exchange_search);
  gtk_widget_class_bind_template_child (widget_class, MutualRelationshipPage, direction_dropdown);
  gtk_widget_class_bind_template_child (widget_class, MutualRelationshipPage, kind_dropdown);
  gtk_widget_class_bind_template_child (widget_class, MutualRelationshipPage, period_dropdown);
  gtk_widget_class_bind_template_child (widget_class, MutualRelationshipPage, notes_box);
  gtk_widget_class_bind_template_child (widget_class, MutualRelationshipPage, notes_label);
  gtk_widget_class_bind_template_child (widget_class, MutualRelationshipPage, exchanges_stack);
  gtk_widget_class_bind_template_child (widget_class, MutualRelationshipPage, exchanges_scroller);
  gtk_widget_class_bind_template_child (widget_class, MutualRelationshipPage, exchange_view);
  /* The tiles and the tests' rows are fixed; their widgets fill arrays. */
#define BIND_ELEMENT(name, member) \
  gtk_widget_class_bind_template_child_full (widget_class, name, FALSE, \
                                             G_STRUCT_OFFSET (MutualRelationshipPage, member))
  BIND_ELEMENT ("given_value", metric_values[METRIC_GIVEN]);
  BIND_ELEMENT ("received_value", metric_values[METRIC_RECEIVED]);
  BIND_ELEMENT ("balance_value", metric_values[METRIC_BALANCE]);
  BIND_ELEMENT ("reciprocity_value", metric_values[METRIC_RECIPROCITY]);
  BIND_ELEMENT ("hours_value", metric_values[METRIC_HOURS]);
  BIND_ELEMENT ("per_hour_value", metric_values[METRIC_PER_HOUR]);
  BIND_ELEMENT ("test_icon_0", test_icons[0]);
  BIND_ELEMENT ("test_label_0", test_labels[0]);
  BIND_ELEMENT ("test_icon_1", test_icons[1]);
  BIND_ELEMENT ("test_label_1", test_labels[1]);
  BIND_ELEMENT ("test_icon_2", test_icons[2]);
  BIND_ELEMENT ("test_label_2", test_labels[2]);
#undef BIND_ELEMENT
  gtk_widget_class_bind_template_callback (widget_class, on_exchange_activated);

  gtk_widget_class_install_action (widget_class, "relationship.edit", NULL, edit_action);
  gtk_widget_class_install_action (widget_class, "relationship.archive", NULL, archive_action);
  gtk_widget_class_install_action (widget_class, "relationship.override", "s", override_action);
  gtk_widget_class_install_action (widget_class, "relationship.delete", NULL, delete_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

/* The list gets its rows only while its section shows: GTK makes a
 * list's rows whether it is seen or not, and opening a relationship
 * shows its summary. */
static void
attach_exchanges (MutualRelationshipPage *self)
{
  gboolean shown = g_strcmp0 (gtk_stack_get_visible_child_name (self->sections), "exchanges") == 0;
  GListModel *model = shown && self->exchanges ? G_LIST_MODEL (self->exchanges) : NULL;

  if (gtk_slice_list_model_get_model (self->exchanges_slice) != model)
    gtk_slice_list_model_set_model (self->exchanges_slice, model);
}

static void
mutual_relationship_page_init (MutualRelationshipPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->ledger_signals = g_signal_group_new (MUTUAL_TYPE_LEDGER);
  /* reload() reads the exchange count: after the exchange model's own
   * handler has reloaded it, whichever was connected first. */
  g_signal_group_connect_object (self->ledger_signals, "changed", G_CALLBACK (on_ledger_changed),
                                 self, G_CONNECT_SWAPPED | G_CONNECT_AFTER);

  gtk_menu_button_set_create_popup_func (self->menu_button, create_menu, self, NULL);
  g_signal_connect_swapped (gtk_menu_button_get_popover (self->why_button), "show",
                            G_CALLBACK (fit_why_box), self);

  {
    g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);

    for (int range = 0; range < MUTUAL_N_CHART_RANGES; range++)
      gtk_string_list_append (labels, mutual_ui_chart_range_label (range));
    gtk_drop_down_set_model (self->range_dropdown, G_LIST_MODEL (labels));
    self->range = mutual_ui_default_chart_range ();
    gtk_drop_down_set_selected (self->range_dropdown, self->range);
    /* GTK 4.8 does not pass a drop-down's name on to its button. */
    mutual_ui_set_accessible_label (gtk_widget_get_first_child (GTK_WIDGET (self->range_dropdown)),
                                    _("Chart Range"));
    g_signal_connect (self->range_dropdown, "notify::selected", G_CALLBACK (on_range_selected), self);
  }

  add_column (self, _("Date"), MUTUAL_EXCHANGE_SORT_DATE, FALSE);
  add_column (self, _("Direction"), MUTUAL_EXCHANGE_SORT_DIRECTION, FALSE);
  add_column (self, _("Kind"), MUTUAL_EXCHANGE_SORT_KIND, FALSE);
  add_column (self, _("Value"), MUTUAL_EXCHANGE_SORT_VALUE, FALSE);
  add_column (self, _("Time"), MUTUAL_EXCHANGE_SORT_MINUTES, FALSE);
  add_column (self, _("Note"), MUTUAL_EXCHANGE_SORT_NOTE, TRUE);
  add_column (self, NULL, -1, FALSE);

  g_signal_connect_object (gtk_column_view_get_sorter (self->exchange_view), "changed",
                           G_CALLBACK (on_sorter_changed), self, G_CONNECT_SWAPPED);
  /* GTK 4.8 makes some 200 rows of a list at once, seen or not: about
   * 150 ms for seven columns. The list starts with a screen of rows and
   * grows as it is scrolled (in its own scroller: nothing nests). */
  self->exchanges_slice = mutual_ui_growing_slice_new (NULL, self->exchanges_scroller);
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->exchanges_slice)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_column_view_set_model (self->exchange_view, GTK_SELECTION_MODEL (self->selection));
  g_signal_connect_swapped (self->sections, "notify::visible-child-name",
                            G_CALLBACK (attach_exchanges), self);
  {
    GtkEventController *shortcuts = gtk_shortcut_controller_new ();

    gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                          gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Delete, 0),
                                                            gtk_callback_action_new (delete_focused_exchange,
                                                                                     self, NULL)));
    gtk_widget_add_controller (GTK_WIDGET (self->exchange_view), shortcuts);
  }

  {
    static const char * const periods[] = {
      N_("All Time"), N_("Last 30 Days"), N_("Last 12 Months"), N_("This Year"), N_("Last Year"),
    };
    g_autoptr(GtkStringList) directions = gtk_string_list_new (NULL);
    g_autoptr(GtkStringList) kinds = gtk_string_list_new (NULL);
    g_autoptr(GtkStringList) period_labels = gtk_string_list_new (NULL);

    gtk_string_list_append (directions, _("Both Directions"));
    gtk_string_list_append (directions, _("Given"));
    gtk_string_list_append (directions, _("Received"));
    gtk_string_list_append (kinds, _("All Kinds"));
    for (int kind = 0; kind < MUTUAL_N_KINDS; kind++)
      gtk_string_list_append (kinds, mutual_kind_to_label (kind));
    for (gsize i = 0; i < G_N_ELEMENTS (periods); i++)
      gtk_string_list_append (period_labels, _(periods[i]));
    gtk_drop_down_set_model (self->direction_dropdown, G_LIST_MODEL (directions));
    gtk_drop_down_set_model (self->kind_dropdown, G_LIST_MODEL (kinds));
    gtk_drop_down_set_model (self->period_dropdown, G_LIST_MODEL (period_labels));
    /* GTK 4.8 does not pass a drop-down's name on to its button. */
    mutual_ui_set_accessible_label (gtk_widget_get_first_child (GTK_WIDGET (self->direction_dropdown)),
                                    _("Direction"));
    mutual_ui_set_accessible_label (gtk_widget_get_first_child (GTK_WIDGET (self->kind_dropdown)),
                                    _("Kind"));
    mutual_ui_set_accessible_label (gtk_widget_get_first_child (GTK_WIDGET (self->period_dropdown)),
                                    _("Period"));
    g_signal_connect_swapped (self->direction_dropdown, "notify::selected",
                              G_CALLBACK (apply_exchange_filter), self);
    g_signal_connect_swapped (self->kind_dropdown, "notify::selected",
                              G_CALLBACK (apply_exchange_filter), self);
    g_signal_connect_swapped (self->period_dropdown, "notify::selected",
                              G_CALLBACK (apply_exchange_filter), self);
    g_signal_connect_swapped (self->exchange_search, "search-changed",
                              G_CALLBACK (apply_exchange_filter), self);
  }
}

static void
rebuild_exchanges (MutualRelationshipPage *self,
                   gint64                  n_items)
{
  g_clear_object (&self->exchanges);
  if (self->ledger != NULL && self->relationship_id != 0)
    {
      self->exchanges = mutual_exchange_model_new_with_count (self->ledger, self->relationship_id, n_items);
      on_sorter_changed (self);
    }
  /* The first rows of a new list, not as many as the last one grew to. */
  mutual_ui_growing_slice_reset (self->exchanges_slice, FIRST_EXCHANGE_ROWS);
  attach_exchanges (self);
}

void
mutual_relationship_page_set_ledger (MutualRelationshipPage *self,
                                     MutualLedger           *ledger)
{
  g_return_if_fail (MUTUAL_IS_RELATIONSHIP_PAGE (self));
  g_return_if_fail (ledger == NULL || MUTUAL_IS_LEDGER (ledger));

  if (self->ledger == ledger)
    return;
  g_set_object (&self->ledger, ledger);
  g_signal_group_set_target (self->ledger_signals, ledger);
  self->relationship_id = 0;
  g_clear_pointer (&self->relationship, mutual_relationship_free);
  rebuild_exchanges (self, -1);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LEDGER]);
}

MutualLedger *
mutual_relationship_page_get_ledger (MutualRelationshipPage *self)
{
  g_return_val_if_fail (MUTUAL_IS_RELATIONSHIP_PAGE (self), NULL);
  return self->ledger;
}

void
mutual_relationship_page_set_relationship_id (MutualRelationshipPage *self,
                                              gint64                  id)
{
  g_return_if_fail (MUTUAL_IS_RELATIONSHIP_PAGE (self));

  if (self->relationship_id == id)
    return;
  self->relationship_id = id;
  g_clear_pointer (&self->relationship, mutual_relationship_free);
  memset (&self->assessment, 0, sizeof self->assessment);

  /* reload() makes the exchange model, counted from the assessment. */
  g_clear_object (&self->exchanges);
  gtk_slice_list_model_set_model (self->exchanges_slice, NULL);
  /* Another relationship's list starts whole, at its top. */
  g_signal_handlers_block_by_func (self->direction_dropdown, apply_exchange_filter, self);
  g_signal_handlers_block_by_func (self->kind_dropdown, apply_exchange_filter, self);
  g_signal_handlers_block_by_func (self->period_dropdown, apply_exchange_filter, self);
  g_signal_handlers_block_by_func (self->exchange_search, apply_exchange_filter, self);
  reset_exchange_filter (self);
  g_signal_handlers_unblock_by_func (self->direction_dropdown, apply_exchange_filter, self);
  g_signal_handlers_unblock_by_func (self->kind_dropdown, apply_exchange_filter, self);
  g_signal_handlers_unblock_by_func (self->period_dropdown, apply_exchange_filter, self);
  g_signal_handlers_unblock_by_func (self->exchange_search, apply_exchange_filter, self);
  reload (self);
  if (self->exchanges == NULL)
    rebuild_exchanges (self, -1);
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (self->scroller)), 0);
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->exchanges_scroller), 0);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RELATIONSHIP_ID]);
}

gint64
mutual_relationship_page_get_relationship_id (MutualRelationshipPage *self)
{
  g_return_val_if_fail (MUTUAL_IS_RELATIONSHIP_PAGE (self), 0);
  return self->relationship_id;
}

const char *
mutual_relationship_page_get_title (MutualRelationshipPage *self)
{
  g_return_val_if_fail (MUTUAL_IS_RELATIONSHIP_PAGE (self), NULL);
  return self->relationship ? self->relationship->name : NULL;
}

MutualChartView *
mutual_relationship_page_get_chart_view (MutualRelationshipPage *self)
{
  g_return_val_if_fail (MUTUAL_IS_RELATIONSHIP_PAGE (self), NULL);
  return self->chart_view;
}

void
mutual_relationship_page_show_exchanges (MutualRelationshipPage *self)
{
  g_return_if_fail (MUTUAL_IS_RELATIONSHIP_PAGE (self));
  gtk_stack_set_visible_child_name (self->sections, "exchanges");
}

void
mutual_relationship_page_set_undo (MutualRelationshipPage *self,
                                   MutualUndo             *undo)
{
  g_return_if_fail (MUTUAL_IS_RELATIONSHIP_PAGE (self));
  g_return_if_fail (undo == NULL || MUTUAL_IS_UNDO (undo));

  g_set_object (&self->undo, undo);
}
