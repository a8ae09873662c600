/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "mutual-ledger.h"

G_BEGIN_DECLS

typedef struct
{
  guint      n_relationships;   /* default 12 */
  guint64    n_exchanges;       /* 0: a believable number for the count */
  guint64    seed;
  MutualDate today;             /* 0: today; the history ends here */
} MutualDemoOptions;

/* Fills an empty ledger in one transaction; refuses a non-empty one. */
gboolean mutual_demo_generate (MutualLedger            *ledger,
                               const MutualDemoOptions *options,
                               GCancellable            *cancellable,
                               GError                 **error);

G_END_DECLS
