/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* For the assistant itself, the window and the tests. */

#include "core/mutual-import-records.h"
#include "mutual-import-assistant.h"

G_BEGIN_DECLS

/* What becomes of an unmatched counterparty's rows. */
typedef enum
{
  MUTUAL_IMPORT_SKIP,
  MUTUAL_IMPORT_CREATE,
  MUTUAL_IMPORT_ASSIGN,
} MutualImportChoice;

/* "Mutual ledger file", "Spreadsheet (CSV)", … */
const char       *mutual_import_assistant_type_label     (MutualImportType       type);

/* "busy", "error", "file", "preview" or "unmatched". */
const char       *mutual_import_assistant_get_page       (MutualImportAssistant *self);
MutualImportType  mutual_import_assistant_get_type_found (MutualImportAssistant *self);
/* The preview's rows, and a cell's text (columns: date, counterparty,
 * direction, value, relationship). */
GListModel       *mutual_import_assistant_get_rows       (MutualImportAssistant *self);
const char       *mutual_import_assistant_get_row_text   (GObject               *row,
                                                          guint                  column);
guint             mutual_import_assistant_get_n_unmatched (MutualImportAssistant *self);
/* What choosing for @counterparty on the unmatched page does. */
gboolean          mutual_import_assistant_assign         (MutualImportAssistant *self,
                                                          const char            *counterparty,
                                                          MutualImportChoice     choice,
                                                          gint64                 relationship_id,
                                                          gboolean               remember);
/* Sets the column drop-downs from "field=column,…" (a custom mapping). */
void              mutual_import_assistant_set_map        (MutualImportAssistant *self,
                                                          const char            *map);
/* What the Next (or Import) button does. */
void              mutual_import_assistant_next           (MutualImportAssistant *self);

G_END_DECLS
