/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* What every reader of another tool's file (CSV, OFX/QFX, CAMT.053, QIF)
 * hands the importer, and what the importer does with it (DESIGN.md,
 * "Identities and importing from other tools"): a reader parses its
 * format into MutualImportRecords and gives each to a MutualRecordSink,
 * which matches it to a relationship, gives it a deterministic id and,
 * at the end, writes all of them in one transaction or nothing. */

#include "mutual-import.h"
#include "mutual-identifiers.h"

G_BEGIN_DECLS

typedef enum
{
  MUTUAL_IMPORT_TYPE_UNKNOWN = 0,   /* by content */
  MUTUAL_IMPORT_TYPE_MUTUAL,
  MUTUAL_IMPORT_TYPE_CSV,
  MUTUAL_IMPORT_TYPE_OFX,
  MUTUAL_IMPORT_TYPE_QIF,
  MUTUAL_IMPORT_TYPE_CAMT053,
  MUTUAL_IMPORT_TYPE_VCARD,
} MutualImportType;

/* "mutual", "csv", "ofx", "qif", "camt053", "vcard": --type's words. */
const char *mutual_import_type_to_string   (MutualImportType  type);
gboolean    mutual_import_type_from_string (const char       *text,
                                            MutualImportType *out);

typedef enum
{
  MUTUAL_DATE_ORDER_UNKNOWN = 0,    /* refuse an ambiguous date */
  MUTUAL_DATE_ORDER_YMD,
  MUTUAL_DATE_ORDER_DMY,
  MUTUAL_DATE_ORDER_MDY,
} MutualDateOrder;

typedef enum
{
  MUTUAL_UNMATCHED_SKIP = 0,        /* skipped and listed */
  MUTUAL_UNMATCHED_CREATE,          /* a new relationship per counterparty */
} MutualUnmatchedPolicy;

typedef enum
{
  MUTUAL_SAME_NAME_REFUSE = 0,
  MUTUAL_SAME_NAME_MERGE,
  MUTUAL_SAME_NAME_RENAME,
} MutualSameNamePolicy;

/* What `import` was asked; zero-initialized is the default. */
typedef struct
{
  MutualImportType       type;
  const char            *preset;       /* CSV: a preset's name, or NULL */
  const char            *map;          /* CSV: "field=column,…", or NULL */
  MutualDateOrder        date_order;
  MutualUnmatchedPolicy  unmatched;
  MutualSameNamePolicy   same_name;    /* Mutual XML */
  gboolean               dry_run;
  /* The window's assignments of unmatched counterparties: keys are
   * record keys (mutual_import_record_key()), values gint64 * ids of
   * relationships. NULL when none. */
  GHashTable            *assignments;
} MutualImportOptions;

/* One row of a foreign file. Strings are owned; any may be NULL. */
typedef struct
{
  guint64          line;          /* where the row starts (1-based) */
  guint            column;
  guint            counterparty_column;  /* where its name is; 0: column */
  char            *counterparty;  /* the name as the file writes it */
  char            *iban;          /* the counterparty's, as written */
  char            *email;
  char            *number;        /* customer number */
  MutualDate       date;
  MutualDirection  direction;
  MutualKind       kind;
  gint64           value;         /* minor units of @currency, >= 0 */
  gint64           minutes;       /* -1 when not given */
  char            *note;
  char            *currency;      /* ISO 4217; NULL: the ledger's */
  char            *source_id;     /* FITID with account, entry reference;
                                   * NULL: a hash of the fields and the
                                   * row's rank among identical rows */
} MutualImportRecord;

MutualImportRecord *mutual_import_record_new  (void);
void                mutual_import_record_free (MutualImportRecord *record);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MutualImportRecord, mutual_import_record_free)

/* The key the window groups and assigns unmatched rows by: the IBAN,
 * else the e-mail, else the case-folded name. Newly allocated. */
char *mutual_import_record_key (const MutualImportRecord *record);

/* A row that was not imported: its counterparty did not match, or its
 * currency is not the ledger's. */
typedef struct
{
  guint64          line;
  char            *counterparty;
  char            *key;           /* mutual_import_record_key() */
  MutualDate       date;
  MutualDirection  direction;
  gint64           value;
  char            *currency;      /* the row's (the ledger's when NULL) */
  char            *reason;        /* "unmatched", "currency" */
} MutualImportSkipped;

typedef struct
{
  MutualImportType    type;
  MutualImportCounts  counts;
  guint64             exchanges_skipped;
  GPtrArray          *skipped;    /* MutualImportSkipped, in file order */
  /* In a dry run of a file of records, each record's relationship, in
   * file order (gint64 ids, 0 when skipped), for the window's preview;
   * else NULL. */
  GArray             *matched;
} MutualImportReport;

void   mutual_import_report_clear   (MutualImportReport *report);
/* DESIGN.md's JSON report, one object. */
char  *mutual_import_report_to_json (const MutualImportReport *report,
                                     MutualLedger             *ledger);

typedef struct _MutualRecordSink MutualRecordSink;

MutualRecordSink *mutual_record_sink_new          (MutualLedger               *ledger,
                                                   MutualImportType            type,
                                                   const char                 *display_name,
                                                   const MutualImportOptions  *options,
                                                   GError                    **error);
/* The ledger currency's minor digits, for readers turning amounts into
 * minor units. */
int               mutual_record_sink_get_digits   (MutualRecordSink           *sink);
const char       *mutual_record_sink_get_currency (MutualRecordSink           *sink);
/* Takes @record. A record that breaks a rule (a value too large, a note
 * too long) is MUTUAL_ERROR_DATA naming the file, line and column. */
gboolean          mutual_record_sink_add          (MutualRecordSink           *sink,
                                                   MutualImportRecord         *record,
                                                   GError                    **error);
/* Like mutual_record_sink_add(), but @record stays the caller's: for a
 * reader that fills one record again and again. */
gboolean          mutual_record_sink_add_unowned  (MutualRecordSink           *sink,
                                                   const MutualImportRecord   *record,
                                                   GError                    **error);
/* Writes everything in one transaction (nothing with dry_run) and frees
 * @sink; any error leaves the ledger exactly as it was. */
gboolean          mutual_record_sink_finish       (MutualRecordSink           *sink,
                                                   MutualImportReport         *report,
                                                   GError                    **error);
void              mutual_record_sink_abort        (MutualRecordSink           *sink);

/* Any supported file: the type from @options, else by content; for a
 * file of records, its reader feeding a sink. */
gboolean mutual_import_any (MutualLedger               *ledger,
                            GFile                      *file,
                            const MutualImportOptions  *options,
                            MutualImportReport         *report,
                            MutualProgressFunc          progress,
                            gpointer                    progress_data,
                            GCancellable               *cancellable,
                            GError                    **error);

G_END_DECLS
