/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The largest value of one exchange, in minor units (DESIGN.md). */
#define MUTUAL_VALUE_MAX G_GINT64_CONSTANT (1000000000000000)

typedef enum
{
  MUTUAL_MONEY_FORMAT_PLAIN = 0,        /* "-1200.50": machine format */
  MUTUAL_MONEY_FORMAT_SYMBOL = 1 << 0,  /* "€1,200.50": locale grouping, symbol */
  MUTUAL_MONEY_FORMAT_SHORT = 1 << 1,   /* drop a zero minor part: "€1,200" */
  MUTUAL_MONEY_FORMAT_SIGN = 1 << 2,    /* always show the sign: "+€5" */
  MUTUAL_MONEY_FORMAT_LOCAL = 1 << 3,   /* without SYMBOL: "1200,50" in de, for an entry */
} MutualMoneyFormat;

gboolean     mutual_currency_is_known     (const char  *code);
/* Minor digits of an ISO 4217 code (0, 2, 3); -1 for unknown codes. */
int          mutual_currency_digits       (const char  *code);
const char  *mutual_currency_symbol       (const char  *code);
/* The locale's currency (LC_MONETARY), "EUR" when unknown. */
const char  *mutual_currency_from_locale  (void);
const char * const *mutual_currency_list  (void);

/* Parses an exact decimal ("1200.50", "15") with at most @digits
 * fraction digits into minor units. Never negative; at most
 * MUTUAL_VALUE_MAX. Error: MUTUAL_ERROR_DATA with a sentence. */
gboolean     mutual_money_parse           (const char  *text,
                                           int          digits,
                                           gint64      *out_minor,
                                           GError     **error);
/* What a person types in the window: like mutual_money_parse(), but in
 * the locale's way too ("1.200,50" in German, "1 200,50" in French);
 * the machine form still reads where it cannot be the locale's. */
gboolean     mutual_money_parse_local     (const char  *text,
                                           int          digits,
                                           gint64      *out_minor,
                                           GError     **error);
/* mutual_money_parse_local() with @decimal ('.' or ',') as the mark. */
gboolean     mutual_money_parse_with_mark (const char  *text,
                                           gunichar     decimal,
                                           int          digits,
                                           gint64      *out_minor,
                                           GError     **error);
/* Like mutual_money_parse() but also accepts a leading '-'. */
gboolean     mutual_money_parse_signed    (const char  *text,
                                           int          digits,
                                           gint64      *out_minor,
                                           GError     **error);
char        *mutual_money_format          (gint64       minor,
                                           const char  *currency,
                                           MutualMoneyFormat flags);
/* Checked addition of totals: FALSE when it would overflow. */
gboolean     mutual_money_add             (gint64      *total,
                                           gint64       value);

G_END_DECLS
