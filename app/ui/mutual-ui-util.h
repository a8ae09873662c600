/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "core/mutual-analytics.h"

G_BEGIN_DECLS

/* The templates live in a GResource linked from a static library: a
 * reference keeps the linker from dropping it. Call in class_init. */
void   mutual_ui_ensure_resources     (void);

/* Names a control for assistive technologies. Not for entry rows: they
 * are already labelled by their title, and GTK 4.8 joins both names. */
void   mutual_ui_set_accessible_label (GtkWidget   *widget,
                                       const char  *label);
/* "+€1,200" / "−€300": a signed balance, and the style class for it. */
char  *mutual_ui_format_balance       (gint64       balance,
                                       const char  *currency);
void   mutual_ui_set_balance_class    (GtkWidget   *widget,
                                       gint64       balance);
char  *mutual_ui_format_money         (gint64       value,
                                       const char  *currency);
/* "2 h 30 min", "" when @minutes < 0. */
char  *mutual_ui_format_minutes       (gint64       minutes);
/* "62%", or "—" when undefined. */
char  *mutual_ui_format_reciprocity   (const MutualAssessment *assessment);
/* A count with the locale's digit grouping, "1,234". */
char  *mutual_ui_format_count         (guint64                 count);
/* The class badge: "Partnership", "Transactional" or "New", styled. */
void   mutual_ui_set_class_badge      (GtkLabel               *label,
                                       const MutualAssessment *assessment);

/* The chart ranges of the design, in the order of the settings enum. */
typedef enum
{
  MUTUAL_CHART_RANGE_3_MONTHS,
  MUTUAL_CHART_RANGE_12_MONTHS,
  MUTUAL_CHART_RANGE_YEAR_TO_DATE,
  MUTUAL_CHART_RANGE_ALL,
  MUTUAL_N_CHART_RANGES
} MutualChartRange;

/* The first and last day of @range ending @today (from 0: everything). */
void         mutual_ui_chart_range_dates (MutualChartRange range,
                                          MutualDate       today,
                                          MutualDate      *from,
                                          MutualDate      *to);
const char  *mutual_ui_chart_range_label (MutualChartRange range);
/* The default range from the settings (12 months without a schema). */
MutualChartRange mutual_ui_default_chart_range (void);
/* The application's settings, NULL when the schema is not installed. */
GSettings   *mutual_ui_settings_new      (void);

/* Runs @func for @task in a thread of its own that gets the processor
 * only when no other thread wants it (SCHED_IDLE, where there is one):
 * for reading the whole ledger, on a connection of its own, without
 * slowing the window. Not GTask's pool: a pool thread would keep the
 * scheduling class for the next import. */
void   mutual_ui_run_in_background   (GTask           *task,
                                      GTaskThreadFunc  func);

/* GTK 4.8's list and column views make a row of widgets for each of the
 * first 200 items, whatever their height: a long list is shown through
 * a slice of @model that starts about a screen long and grows a step
 * whenever @scroller is within a screen of its end. */
#define MUTUAL_UI_SLICE_STEP 20
GtkSliceListModel *mutual_ui_growing_slice_new    (GListModel        *model,
                                                   GtkScrolledWindow *scroller);
/* Back to @first_rows, as for a list just opened: enough to fill its
 * view, more come as it is scrolled. */
void               mutual_ui_growing_slice_reset  (GtkSliceListModel *slice,
                                                   guint              first_rows);

G_END_DECLS
