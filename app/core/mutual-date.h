/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A calendar date as the integer YYYYMMDD (20250201): it sorts, it is
 * readable in the sqlite3 shell, and month = date / 100. 0 means unset. */
typedef guint32 MutualDate;

#define MUTUAL_DATE_MIN ((MutualDate) 19000101)
#define MUTUAL_DATE_MAX ((MutualDate) 99991231)

#define mutual_date_year(d)  ((int) ((d) / 10000))
#define mutual_date_month(d) ((int) ((d) / 100 % 100))
#define mutual_date_day(d)   ((int) ((d) % 100))

gboolean    mutual_date_valid        (MutualDate  date);
MutualDate  mutual_date_make         (int year, int month, int day);
/* Strict "YYYY-MM-DD" within MUTUAL_DATE_MIN … MUTUAL_DATE_MAX. */
gboolean    mutual_date_parse        (const char *text,
                                      MutualDate *out_date,
                                      GError    **error);
/* "YYYY-MM-DD" into @buf (11 bytes at least). */
char       *mutual_date_to_iso       (MutualDate  date,
                                      char        buf[11]);
MutualDate  mutual_date_today        (void);
/* Days since 0000-03-01 (proleptic Gregorian): for arithmetic. */
gint32      mutual_date_to_days      (MutualDate  date);
MutualDate  mutual_date_from_days    (gint32      days);
MutualDate  mutual_date_add_days     (MutualDate  date,
                                      gint32      days);
gint32      mutual_date_diff_days    (MutualDate  later,
                                      MutualDate  earlier);
int         mutual_date_days_in_month (int year, int month);
/* Monday = 0 … Sunday = 6 */
int         mutual_date_weekday      (MutualDate  date);
/* Months between two dates counted as month boundaries: Jan→Mar = 2. */
int         mutual_date_month_index  (MutualDate  date);
/* A locale-formatted date ("22 Nov 2026"), newly allocated. */
char       *mutual_date_format       (MutualDate  date,
                                      const char *strftime_format);

G_END_DECLS
