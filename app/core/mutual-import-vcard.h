/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Address books as relationships (DESIGN.md, "Identities and importing
 * from other tools"): vCard 3.0 (RFC 2426) and 4.0 (RFC 6350), as GNOME
 * Contacts, Evolution, Nextcloud and Thunderbird write them. Each card
 * is a relationship with its identifiers; a vCard has no exchanges. */

#include "mutual-import.h"

G_BEGIN_DECLS

/* Reads every card of @stream and creates or updates one relationship
 * per card, in one transaction (with @dry_run, nothing is written, the
 * counts say what would be):
 *
 * - FN is the name (N when FN is missing), ORG's first component the
 *   organization, NOTE the notes, each EMAIL an e-mail identifier,
 *   CATEGORIES a role when one category names a role (its word or its
 *   translated label, any case; otherwise the role stays as it is, or
 *   "other" for a new relationship).
 * - The relationship's id comes from UID: a UID that is a UUID (with or
 *   without "urn:uuid:") is that id; any other UID gives a name-based
 *   UUID (version 5, RFC 9562, SHA-1 in a namespace of Mutual's), so the
 *   same card always maps to the same id. A card without UID matches by
 *   e-mail or name only.
 * - A card matches an existing relationship by that id, else by any of
 *   its e-mail addresses, else by its name (ignoring case); a match is
 *   updated (fields the card has replace the relationship's, identifiers
 *   are added), never duplicated. Importing a file twice changes
 *   nothing the second time.
 *
 * Counts: relationships added, updated, unchanged (exchanges stay 0).
 * A malformed file (invalid UTF-8, a logical line over 64 KiB, BEGIN and
 * END that do not nest, a card without a name, an identifier another
 * relationship holds…) is MUTUAL_ERROR_DATA naming @display_name and the
 * line, and changes nothing. */
gboolean  mutual_import_vcard (MutualLedger        *ledger,
                               GInputStream        *stream,
                               const char          *display_name,
                               gboolean             dry_run,
                               MutualImportCounts  *counts,
                               GCancellable        *cancellable,
                               GError             **error);

G_END_DECLS
