/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* What the bank statement readers share, and the hooks their tests use:
 * each reader is a parser that hands records to a function, so it can be
 * tested without a ledger. Only the readers and tests include this. */

#include "mutual-import-bank.h"

G_BEGIN_DECLS

/* Takes @record. FALSE with @error stops the reader. */
typedef gboolean (*MutualBankEmitFunc) (MutualImportRecord  *record,
                                        gpointer             data,
                                        GError             **error);

typedef struct
{
  const char          *name;        /* of the file, for messages */
  const char          *currency;    /* the ledger's */
  int                  digits;      /* its minor digits */
  MutualDateOrder      date_order;
  MutualBankEmitFunc   emit;
  gpointer             emit_data;
  GCancellable        *cancellable;
} MutualBankInput;

gboolean mutual_bank_read_ofx     (const MutualBankInput  *in,
                                   GInputStream           *stream,
                                   GError                **error);
gboolean mutual_bank_read_camt053 (const MutualBankInput  *in,
                                   GInputStream           *stream,
                                   GError                **error);
gboolean mutual_bank_read_qif     (const MutualBankInput  *in,
                                   GInputStream           *stream,
                                   GError                **error);

/* The longest tag, value or line a statement may hold. */
#define MUTUAL_BANK_MAX_TOKEN (64 * 1024)

/* MUTUAL_ERROR_DATA: "In “NAME” at line L, column C: SENTENCE". */
void     mutual_bank_fail        (GError     **error,
                                  const char  *name,
                                  guint64      line,
                                  guint64      column,
                                  const char  *format,
                                  ...) G_GNUC_PRINTF (5, 6);

/* Reads up to @size bytes; FALSE with a MUTUAL_ERROR_DATA or cancelled
 * error naming the file. */
gssize   mutual_bank_read        (const MutualBankInput  *in,
                                  GInputStream           *stream,
                                  char                   *buffer,
                                  gsize                   size,
                                  GError                **error);

typedef enum
{
  MUTUAL_BANK_AMOUNT_SIGNED = 1 << 0,     /* a leading + or - */
  MUTUAL_BANK_AMOUNT_GROUPED = 1 << 1,    /* "1,234.56", "1.234,56" */
  MUTUAL_BANK_AMOUNT_COMMA = 1 << 2,      /* "12,50" as well as "12.50" */
} MutualBankAmountFlags;

/* An amount into minor units of a currency with @digits: more fraction
 * digits than that only when they are zeros. NULL on success, else the
 * reason as a sentence (newly allocated). */
char    *mutual_bank_parse_amount (const char             *text,
                                   int                     digits,
                                   MutualBankAmountFlags   flags,
                                   gint64                 *out_value,
                                   gboolean               *out_negative);

/* The minor digits of @code for an amount: the ledger's own, else ISO
 * 4217's. -1 with a sentence in @why when Mutual does not know it. */
int      mutual_bank_currency_digits (const MutualBankInput *in,
                                      const char            *code,
                                      char                 **why);

/* @text as UTF-8: itself when it is, else read as Windows-1252 (the
 * charset of most statements that are not UTF-8). */
char    *mutual_bank_to_utf8     (const char  *text,
                                  gssize       length);

/* Whitespace runs (line breaks, tabs) as one space, trimmed; NULL when
 * nothing is left. Takes @text. */
char    *mutual_bank_clean_name  (char        *text);
/* A note as Mutual keeps one: line breaks as "\n", other control
 * characters as spaces, trimmed; NULL when nothing is left. Takes @text. */
char    *mutual_bank_clean_note  (char        *text);

G_END_DECLS
