/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The importer's hooks for tests: only tests and mutual-import.c
 * include this header. */

#include <glib.h>

G_BEGIN_DECLS

/* For tests: how many exchange ids a large import into a ledger without
 * exchanges keeps in memory before it turns to the ledger's index
 * (0: the default, about two million). */
void      mutual_import_set_id_memory_limit (guint64 max_ids);

G_END_DECLS
