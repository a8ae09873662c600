/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mutual-ui"
#define _GNU_SOURCE   /* SCHED_IDLE, where there is one */

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <pthread.h>
#include <sched.h>

#include "core/mutual-money.h"
#include "mutual-resources.h"
#include "mutual-ui-util.h"

void
mutual_ui_ensure_resources (void)
{
  /* Referencing the resource links its object file in; the constructor
   * there registers it. */
  g_assert (mutual_get_resource () != NULL);
}

void
mutual_ui_set_accessible_label (GtkWidget  *widget,
                                const char *label)
{
  g_return_if_fail (GTK_IS_WIDGET (widget));

  gtk_accessible_update_property (GTK_ACCESSIBLE (widget),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
}

char *
mutual_ui_format_money (gint64      value,
                        const char *currency)
{
  return mutual_money_format (value, currency,
                              MUTUAL_MONEY_FORMAT_SYMBOL | MUTUAL_MONEY_FORMAT_SHORT);
}

char *
mutual_ui_format_balance (gint64      balance,
                          const char *currency)
{
  MutualMoneyFormat flags = MUTUAL_MONEY_FORMAT_SYMBOL | MUTUAL_MONEY_FORMAT_SHORT;

  if (balance != 0)
    flags |= MUTUAL_MONEY_FORMAT_SIGN;
  return mutual_money_format (balance, currency, flags);
}

void
mutual_ui_set_balance_class (GtkWidget *widget,
                             gint64     balance)
{
  gtk_widget_remove_css_class (widget, "balance-positive");
  gtk_widget_remove_css_class (widget, "balance-negative");
  if (balance > 0)
    gtk_widget_add_css_class (widget, "balance-positive");
  else if (balance < 0)
    gtk_widget_add_css_class (widget, "balance-negative");
}

char *
mutual_ui_format_minutes (gint64 minutes)
{
  return mutual_format_minutes (minutes);
}

char *
mutual_ui_format_count (guint64 count)
{
  /* The ' flag groups digits as the locale does: "12,345", "12.345". */
  return g_strdup_printf ("%'" G_GUINT64_FORMAT, count);
}

char *
mutual_ui_format_reciprocity (const MutualAssessment *assessment)
{
  return mutual_assessment_format_reciprocity (assessment);
}

void
mutual_ui_set_class_badge (GtkLabel               *label,
                           const MutualAssessment *assessment)
{
  static const char *styles[] = { "partnership", "transactional", "new" };
  const char *style = mutual_assessment_class_style (assessment);

  gtk_label_set_text (label, mutual_assessment_class_label (assessment));
  for (guint i = 0; i < G_N_ELEMENTS (styles); i++)
    if (!g_str_equal (styles[i], style))
      gtk_widget_remove_css_class (GTK_WIDGET (label), styles[i]);
  gtk_widget_add_css_class (GTK_WIDGET (label), style);
}

void
mutual_ui_chart_range_dates (MutualChartRange  range,
                             MutualDate        today,
                             MutualDate       *from,
                             MutualDate       *to)
{
  *to = today;
  switch (range)
    {
    case MUTUAL_CHART_RANGE_3_MONTHS:
      *from = mutual_date_add_days (today, -91);
      break;
    case MUTUAL_CHART_RANGE_12_MONTHS:
      *from = mutual_date_add_days (today, -364);
      break;
    case MUTUAL_CHART_RANGE_YEAR_TO_DATE:
      *from = mutual_date_make (mutual_date_year (today), 1, 1);
      break;
    case MUTUAL_CHART_RANGE_ALL:
    default:
      *from = 0;
      break;
    }
}

const char *
mutual_ui_chart_range_label (MutualChartRange range)
{
  switch (range)
    {
    case MUTUAL_CHART_RANGE_3_MONTHS:
      return _("3 Months");
    case MUTUAL_CHART_RANGE_12_MONTHS:
      return _("12 Months");
    case MUTUAL_CHART_RANGE_YEAR_TO_DATE:
      return _("Year to Date");
    case MUTUAL_CHART_RANGE_ALL:
    default:
      return _("All");
    }
}

GSettings *
mutual_ui_settings_new (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  /* Uninstalled without `meson devenv` there is no schema: run without
   * remembering rather than abort. */
  if (source)
    schema = g_settings_schema_source_lookup (source, APP_ID, TRUE);
  return schema ? g_settings_new (APP_ID) : NULL;
}

MutualChartRange
mutual_ui_default_chart_range (void)
{
  g_autoptr(GSettings) settings = mutual_ui_settings_new ();
  int range;

  if (settings == NULL)
    return MUTUAL_CHART_RANGE_12_MONTHS;
  range = g_settings_get_enum (settings, "chart-range");
  return range >= 0 && range < MUTUAL_N_CHART_RANGES ? range : MUTUAL_CHART_RANGE_12_MONTHS;
}

typedef struct
{
  GtkSliceListModel *slice;       /* owns this */
  GtkAdjustment     *adjustment;
  guint              idle_id;
} Growth;

static void
growth_free (Growth *growth)
{
  g_clear_handle_id (&growth->idle_id, g_source_remove);
  g_signal_handlers_disconnect_by_data (growth->adjustment, growth);
  g_clear_object (&growth->adjustment);
  g_free (growth);
}

static gboolean
grow_idle (gpointer user_data)
{
  Growth *growth = user_data;
  GtkAdjustment *adjustment = growth->adjustment;
  GListModel *model = gtk_slice_list_model_get_model (growth->slice);
  guint size = gtk_slice_list_model_get_size (growth->slice);
  double page = gtk_adjustment_get_page_size (adjustment);

  growth->idle_id = 0;
  if (model == NULL || size >= g_list_model_get_n_items (model))
    return G_SOURCE_REMOVE;
  /* Within a screen of the end (or all of it on screen): one step more. */
  if (gtk_adjustment_get_value (adjustment) + 2 * page >= gtk_adjustment_get_upper (adjustment))
    gtk_slice_list_model_set_size (growth->slice, size + MUTUAL_UI_SLICE_STEP);
  return G_SOURCE_REMOVE;
}

/* Not at once: "changed" comes in the middle of a size allocation. */
static void
on_adjustment_moved (Growth *growth)
{
  if (growth->idle_id == 0)
    growth->idle_id = g_idle_add (grow_idle, growth);
}

GtkSliceListModel *
mutual_ui_growing_slice_new (GListModel        *model,
                             GtkScrolledWindow *scroller)
{
  GtkSliceListModel *slice;
  Growth *growth;

  g_return_val_if_fail (model == NULL || G_IS_LIST_MODEL (model), NULL);
  g_return_val_if_fail (GTK_IS_SCROLLED_WINDOW (scroller), NULL);

  slice = gtk_slice_list_model_new (model ? g_object_ref (model) : NULL, 0, MUTUAL_UI_SLICE_STEP);
  growth = g_new0 (Growth, 1);
  growth->slice = slice;
  growth->adjustment = g_object_ref (gtk_scrolled_window_get_vadjustment (scroller));
  g_signal_connect_swapped (growth->adjustment, "value-changed", G_CALLBACK (on_adjustment_moved), growth);
  g_signal_connect_swapped (growth->adjustment, "changed", G_CALLBACK (on_adjustment_moved), growth);
  g_object_set_data_full (G_OBJECT (slice), "mutual-growth", growth, (GDestroyNotify) growth_free);
  return slice;
}

void
mutual_ui_growing_slice_reset (GtkSliceListModel *slice,
                               guint              first_rows)
{
  g_return_if_fail (GTK_IS_SLICE_LIST_MODEL (slice));

  gtk_slice_list_model_set_size (slice, first_rows);
}

typedef struct
{
  GTask           *task;
  GTaskThreadFunc  func;
} Background;

static gpointer
background_thread (gpointer user_data)
{
  Background *background = user_data;
  GTask *task = background->task;
#ifdef SCHED_IDLE
  struct sched_param param = { 0 };

  pthread_setschedparam (pthread_self (), SCHED_IDLE, &param);
#endif

  background->func (task, g_task_get_source_object (task), g_task_get_task_data (task),
                    g_task_get_cancellable (task));
  g_object_unref (task);
  g_free (background);
  return NULL;
}

void
mutual_ui_run_in_background (GTask           *task,
                             GTaskThreadFunc  func)
{
  Background *background;

  g_return_if_fail (G_IS_TASK (task));
  g_return_if_fail (func != NULL);

  background = g_new0 (Background, 1);
  background->task = g_object_ref (task);
  background->func = func;
  g_thread_unref (g_thread_new ("mutual-background", background_thread, background));
}
