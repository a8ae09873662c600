/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* What the analytics files share (mutual-analytics.c decides,
 * -words.c explains, -series.c adds up); nothing else includes it. */

#include "mutual-analytics.h"

G_BEGIN_DECLS

/* The rules of DESIGN.md, "Classification". */
#define MUTUAL_ONGOING_MIN_MONTHS 3
#define MUTUAL_ONGOING_MIN_DAYS 90
#define MUTUAL_YEAR_WINDOW_DAYS 365
#define MUTUAL_HALF_WINDOW_DAYS 180
#define MUTUAL_NEW_DAYS 90

/* The measure the one-sided flag compares over the last six months. */
MutualMeasure mutual_assessment_half_measure  (const MutualAssessment *a);

/* Sets the refusal of totals past 64 bits; returns FALSE. */
gboolean      mutual_analytics_overflow_error (GError                **error);

G_END_DECLS
