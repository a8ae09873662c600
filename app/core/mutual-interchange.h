/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* What the interchange file's reader and writers share; including this
 * header gives both (mutual-import.h, mutual-export.h). */

#include <gio/gio.h>

G_BEGIN_DECLS

/* The interchange file of DESIGN.md: its namespace and format version. */
#define MUTUAL_INTERCHANGE_NAMESPACE "urn:mutual:ledger:1"
#define MUTUAL_INTERCHANGE_VERSION   "1"

/* Called now and then with how much is done: bytes read of the file for
 * an import (@total 0 when unknown), exchanges written for an export. */
typedef void (*MutualProgressFunc) (guint64  done,
                                    guint64  total,
                                    gpointer user_data);

G_END_DECLS

#include "mutual-import.h"
#include "mutual-export.h"
