/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "mutual-ledger.h"

G_BEGIN_DECLS

typedef struct
{
  /* 0: the private portfolio review (DESIGN.md, "Charts"): a summary page
   * of every non-archived relationship, one-sided first, then one page per
   * relationship. Else the report for that relationship's eyes
   * (DESIGN.md, "Reports for a review meeting"): a cover, its chart,
   * metrics and explanation, then its exchanges of the period as a table
   * over as many pages as it takes; no flags, notes or override reason
   * unless @include_private. */
  gint64       relationship_id;
  MutualDate   from;              /* 0: since the first exchange */
  MutualDate   to;                /* 0: today; the figures are as of it */
  MutualDate   made;              /* 0: today */
  gboolean     hide_amounts;      /* shares and counts instead of amounts */
  gboolean     include_private;
  const char  *author;            /* who prepared it, for the cover; NULL: nobody named */
} MutualReportOptions;

void     mutual_report_options_init (MutualReportOptions *options);

/* Writes the report as a PDF to @path, atomically (a temporary file
 * renamed into place), from one read snapshot of the ledger.
 * MUTUAL_ERROR_DATA when @path does not end in .pdf or the relationship
 * does not exist. */
gboolean mutual_report_write_with_options (MutualLedger               *ledger,
                                           const char                 *path,
                                           const MutualReportOptions  *options,
                                           GError                    **error);

/* The portfolio review: figures as of @to (0: today), charts from @from
 * (0: since the first exchange), @made 0: today. */
gboolean mutual_report_write (MutualLedger  *ledger,
                              const char    *path,
                              MutualDate     from,
                              MutualDate     to,
                              MutualDate     made,
                              GError       **error);

G_END_DECLS
