/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "mutual-ledger.h"

G_BEGIN_DECLS

/* The review report (DESIGN.md, "Charts"): a PDF with a summary page —
 * every non-archived relationship with class, given, received, balance,
 * reciprocity and flags, one-sided first — then one page per relationship
 * with its balance chart, metrics and the explanation of its class.
 * Figures are as of @to (0: today); charts show @from … @to (0: since the
 * first exchange). @made 0: today. Written atomically (temporary file
 * renamed into place). MUTUAL_ERROR_DATA when @path does not end in .pdf. */
gboolean mutual_report_write (MutualLedger  *ledger,
                              const char    *path,
                              MutualDate     from,
                              MutualDate     to,
                              MutualDate     made,
                              GError       **error);

G_END_DECLS
