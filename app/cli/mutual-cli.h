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
/* The same, with @summary (translated; may be NULL) shown by --help
 * between the usage line and the options. */
gboolean      mutual_cli_parse_full         (MutualCli           *cli,
                                             const char          *command,
                                             const char          *parameters,
                                             const char          *summary,
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

typedef enum
{
  MUTUAL_CLI_FORMAT_TSV,
  MUTUAL_CLI_FORMAT_JSON,
} MutualCliFormat;

/* Shared by the commands */
/* Positional arguments left after option parsing, "--" skipped. */
GPtrArray    *mutual_cli_positionals        (int                  argc,
                                             char               **argv);
gboolean      mutual_cli_parse_format       (const char          *text,
                                             MutualCliFormat     *out,
                                             GError             **error);
/* A whole number from @min to @max (NULL leaves *out as it is). */
gboolean      mutual_cli_parse_count        (const char          *option,
                                             const char          *text,
                                             guint64              min,
                                             guint64              max,
                                             guint64             *out,
                                             GError             **error);
/* A role, kind or direction by its name (NULL leaves *out as it is). */
gboolean      mutual_cli_parse_role         (const char          *text,
                                             MutualRole          *out,
                                             GError             **error);
gboolean      mutual_cli_parse_kind         (const char          *text,
                                             MutualKind          *out,
                                             GError             **error);
gboolean      mutual_cli_parse_direction    (const char          *text,
                                             MutualDirection     *out,
                                             GError             **error);
/* Replaces tabs and line breaks so a TSV field stays one field. */
char         *mutual_cli_tsv_field          (const char          *text);

/* JSON output helpers */
void          mutual_json_string            (GString             *out,
                                             const char          *text);

G_END_DECLS
