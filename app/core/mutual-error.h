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

G_END_DECLS
