/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "mutual-date.h"

G_BEGIN_DECLS

/* The order of day, month and year in the locale's numeric dates. */
typedef enum {
  MUTUAL_DATE_ORDER_YMD,
  MUTUAL_DATE_ORDER_DMY,
  MUTUAL_DATE_ORDER_MDY,
} MutualDateOrder;

/* The locale's order and separator, read from how it writes a known
 * date ("%x"): "31.12.1999" gives DMY and '.'. */
MutualDateOrder mutual_date_locale_order (char *out_separator);

/* "22.11.2026", "11/22/2026", "2026-11-22": always a four-digit year,
 * so that what is shown reads back. Newly allocated. */
char           *mutual_date_format_numeric (MutualDate       date,
                                            MutualDateOrder  order,
                                            char             separator);

/* A typed date: ISO "YYYY-MM-DD" always, else three numbers in @order
 * separated by '.', '/', '-' or spaces, the year in four digits. Within
 * MUTUAL_DATE_MIN … MUTUAL_DATE_MAX. @example is a date as the locale
 * writes it, named in the error sentence. */
gboolean        mutual_date_parse_numeric  (const char      *text,
                                            MutualDateOrder  order,
                                            const char      *example,
                                            MutualDate      *out_date,
                                            GError         **error);

G_END_DECLS
