/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define MUTUAL_ERROR (mutual_error_quark ())

/* The codes are the command line's exit statuses (see DESIGN.md). */
typedef enum
{
  MUTUAL_ERROR_USAGE = 1,     /* unknown command or option, missing option */
  MUTUAL_ERROR_DATA = 2,      /* a value that does not parse or breaks a rule */
  MUTUAL_ERROR_LEDGER = 3,    /* the ledger cannot be opened or is damaged */
} MutualErrorCode;

/* A cancelled operation fails with GIO's G_IO_ERROR_CANCELLED, whatever
 * its layer; the command line exits with MUTUAL_ERROR_DATA for it. */

GQuark mutual_error_quark (void);

/* The one sentence every importer refuses a file with, the words of the
 * XML importer: "In “FILE” at line L, column C: MESSAGE" (no column
 * when @column is 0). @message is one sentence of its own. */
void   mutual_error_set_in_file (GError     **error,
                                 int          code,
                                 const char  *file,
                                 guint64      line,
                                 guint64      column,
                                 const char  *message);

G_END_DECLS
