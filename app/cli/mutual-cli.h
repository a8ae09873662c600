/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <stdio.h>

#include "core/mutual-ledger.h"

G_BEGIN_DECLS

/* What every command gets: the global options, already parsed. */
typedef struct
{
  char  *ledger_path;     /* --ledger, NULL when not given */
  FILE  *out;
  FILE  *err;
} MutualCli;

/* Runs one command; returns the exit status of DESIGN.md. */
typedef int (*MutualCliCommandFunc) (MutualCli  *cli,
                                     int         argc,
                                     char      **argv);

/* TRUE when @argv names a command (then the window is not wanted). */
gboolean      mutual_cli_wants_command_line (int     argc,
                                             char  **argv);
int           mutual_cli_run                (int     argc,
                                             char  **argv);

/* For the commands: parse @entries (plus --ledger) from argv, leaving
 * positional arguments in argv. Errors are usage errors (exit 1). */
gboolean      mutual_cli_parse              (MutualCli           *cli,
                                             const char          *command,
                                             const char          *parameters,
                                             const GOptionEntry  *entries,
                                             int                 *argc,
                                             char              ***argv,
                                             GError             **error);
MutualLedger *mutual_cli_open_ledger        (MutualCli           *cli,
                                             GError             **error);
/* For the commands that only read: a missing ledger is an error (exit 3),
 * never created. */
MutualLedger *mutual_cli_open_existing_ledger (MutualCli         *cli,
                                             GError             **error);
/* Prints the error in one sentence; returns its exit status. */
int           mutual_cli_fail               (MutualCli           *cli,
                                             const GError        *error);
int           mutual_cli_usage_error        (MutualCli           *cli,
                                             const char          *format,
                                             ...) G_GNUC_PRINTF (2, 3);
/* Parses an optional --from/--to/--as-of value (NULL → 0). */
gboolean      mutual_cli_parse_date_option  (const char          *option,
                                             const char          *text,
                                             MutualDate          *out,
                                             GError             **error);

/* JSON output helpers */
void          mutual_json_string            (GString             *out,
                                             const char          *text);

G_END_DECLS
