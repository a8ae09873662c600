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

G_END_DECLS
