/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Amount parsing: never crashes, and whatever parses formats back to a
 * string that parses to the same value. */
#include <glib.h>
#include <stdint.h>
#include <string.h>

#include "core/mutual-money.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static const char * const codes[] = { "JPY", "EUR", "KWD" };
  g_autofree char *text = g_strndup ((const char *) data, size);

  for (int i = 0; i < 3; i++)
    {
      gint64 value = -1, again = -2;
      g_autofree char *formatted = NULL;
      g_autofree char *display = NULL;

      if (!mutual_money_parse_signed (text, mutual_currency_digits (codes[i]), &value, NULL))
        continue;
      g_assert_cmpint (value, >=, -MUTUAL_VALUE_MAX);
      g_assert_cmpint (value, <=, MUTUAL_VALUE_MAX);
      formatted = mutual_money_format (value, codes[i], 0);
      g_assert_true (mutual_money_parse_signed (formatted, mutual_currency_digits (codes[i]), &again, NULL));
      g_assert_cmpint (value, ==, again);
      display = mutual_money_format (value, codes[i], MUTUAL_MONEY_FORMAT_SYMBOL | MUTUAL_MONEY_FORMAT_SHORT);
      g_assert_true (g_utf8_validate (display, -1, NULL));
    }
  return 0;
}
