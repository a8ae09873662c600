/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "mutual-types.h"   /* MUTUAL_MINUTES_MAX */

G_BEGIN_DECLS

/* Time spent as people write it: "90" (minutes), "45min", "16h",
 * "1:30", "1,5 h", "1.5 h", "2 h 15 min", "2h15". Hours may carry a
 * decimal part that makes whole minutes after rounding; the result is
 * 0 … MUTUAL_MINUTES_MAX. Empty text is refused: the caller decides
 * what "no time" means. */
gboolean mutual_duration_parse (const char *text,
                                gint64     *out_minutes,
                                GError    **error);

G_END_DECLS
