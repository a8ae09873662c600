/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* A relationship's identifiers besides its name (DESIGN.md, "Identities
 * and importing from other tools"): e-mail addresses, IBANs, aliases and
 * customer numbers. Each identifier belongs to at most one relationship;
 * the importers match a row's counterparty by them. */

#include "mutual-ledger.h"

G_BEGIN_DECLS

/* Stored as these integers in the ledger: never renumber. */
typedef enum
{
  MUTUAL_IDENTIFIER_EMAIL = 0,
  MUTUAL_IDENTIFIER_IBAN = 1,
  MUTUAL_IDENTIFIER_ALIAS = 2,
  MUTUAL_IDENTIFIER_NUMBER = 3,
  MUTUAL_N_IDENTIFIERS
} MutualIdentifierType;

typedef struct
{
  MutualIdentifierType  type;
  char                 *value;    /* normalized */
} MutualIdentifier;

/* "email", "iban", "alias", "number": the XML attribute's words. */
const char *mutual_identifier_type_to_string   (MutualIdentifierType  type);
gboolean    mutual_identifier_type_from_string (const char           *text,
                                                MutualIdentifierType *out);
/* "E-mail", "IBAN", "Alias", "Customer number" (translated). */
const char *mutual_identifier_type_to_label    (MutualIdentifierType  type);

/* The stored form of @value: trimmed; an e-mail address lower-case; an
 * IBAN upper-case without spaces and with a valid checksum (ISO 13616).
 * NULL with a one-sentence MUTUAL_ERROR_DATA error when it is not one. */
char       *mutual_identifier_normalize        (MutualIdentifierType  type,
                                                const char           *value,
                                                GError              **error);

/* The form of a normalized value that uniqueness compares: an alias
 * case-folded (NFC first), any other the value itself. */
char       *mutual_identifier_key              (MutualIdentifierType  type,
                                                const char           *normalized);

MutualIdentifier *mutual_identifier_new  (MutualIdentifierType type,
                                          const char          *value);
void              mutual_identifier_free (MutualIdentifier    *identifier);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MutualIdentifier, mutual_identifier_free)

/* Adds @value (normalized here) to the relationship. Already its own: TRUE,
 * nothing changes. Another relationship's: MUTUAL_ERROR_DATA naming it. */
gboolean    mutual_ledger_add_identifier    (MutualLedger          *self,
                                             gint64                 relationship_id,
                                             MutualIdentifierType   type,
                                             const char            *value,
                                             GError               **error);
/* Not the relationship's: MUTUAL_ERROR_DATA. */
gboolean    mutual_ledger_remove_identifier (MutualLedger          *self,
                                             gint64                 relationship_id,
                                             MutualIdentifierType   type,
                                             const char            *value,
                                             GError               **error);
/* The relationship's identifiers (MutualIdentifier), by type then value. */
GPtrArray  *mutual_ledger_list_identifiers  (MutualLedger          *self,
                                             gint64                 relationship_id,
                                             GError               **error);
/* The id of the relationship holding @value (normalized here; an alias
 * matches case-insensitively), 0 when none or @value is not valid for
 * @type, -1 with @error when the ledger fails. */
gint64      mutual_ledger_find_identifier   (MutualLedger          *self,
                                             MutualIdentifierType   type,
                                             const char            *value,
                                             GError               **error);

/* Makes the relationship's identifiers exactly @identifiers
 * (MutualIdentifier *, normalized here; NULL or empty: none), in one
 * transaction: for a form that edits them all and for undo. Refused,
 * changing nothing, when one is invalid or another relationship's. */
gboolean    mutual_ledger_set_identifiers   (MutualLedger          *self,
                                             gint64                 relationship_id,
                                             GPtrArray             *identifiers,
                                             GError               **error);

G_END_DECLS
