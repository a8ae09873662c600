/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Date parsing: never crashes; a parsed date prints back as its input and
 * survives the day-number round trip. */
#include <glib.h>
#include <stdint.h>

#include "core/mutual-date.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *text = g_strndup ((const char *) data, size);
  MutualDate date = 0;
  char iso[11];

  if (!mutual_date_parse (text, &date, NULL))
    return 0;
  g_assert_true (mutual_date_valid (date));
  g_assert_cmpstr (mutual_date_to_iso (date, iso), ==, text);
  g_assert_cmpuint (mutual_date_from_days (mutual_date_to_days (date)), ==, date);
  g_assert_cmpuint (mutual_date_add_days (mutual_date_add_days (date, 1), -1), ==, date);
  return 0;
}
