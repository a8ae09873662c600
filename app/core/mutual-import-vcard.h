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
 * - FN is the name (N's "Given Family" when FN is empty, else ORG), ORG's
 *   first component the organization, NOTE the notes, each EMAIL an
 *   e-mail identifier, CATEGORIES a role when a category names one (its
 *   word or its translated label, any case: "Client", "partner"…); a new
 *   relationship without one is "other". Other properties are skipped.
 * - The relationship's id comes from UID: a UID that is a UUID (with or
 *   without "urn:uuid:") is that id; any other UID gives a name-based
 *   UUID (version 5, RFC 9562: SHA-1 of the namespace
 *   7202f1d8-defe-48f2-8267-feae3339ff21 and the UID's UTF-8), so the
 *   same card always maps to the same id. A card without UID gets a
 *   random id when it is new.
 * - A card matches an existing relationship by that id, else by any of
 *   its e-mail addresses, else by its name (ignoring case), and is never
 *   added twice. Matched by id, the card speaks for the relationship: its
 *   name, and the organization, notes and role it has, replace the
 *   relationship's. Matched by address or name (a person at a company,
 *   say), the relationship keeps its name and role and takes only the
 *   organization and notes it lacks. The card's addresses are added in
 *   both cases. Importing a file twice changes nothing the second time.
 *
 * Lines may end in CRLF or LF and are unfolded (RFC 6350 3.2); values
 * are unescaped (\n, \, \; \\). Counts: relationships added, updated,
 * unchanged (exchanges stay 0). A malformed file is MUTUAL_ERROR_DATA
 * naming @display_name and the line, and changes nothing: invalid
 * UTF-8 (or a CHARSET other than UTF-8, vCard 2.1's encodings), a
 * version other than 3.0 or 4.0, a logical line over 64 KiB (PHOTO,
 * LOGO, SOUND and KEY, which Mutual skips, may be any length), BEGIN and
 * END that do not pair, a card without a name, an address that is not
 * one, an address another relationship holds, a file without a card. */
gboolean  mutual_import_vcard (MutualLedger        *ledger,
                               GInputStream        *stream,
                               const char          *display_name,
                               gboolean             dry_run,
                               MutualImportCounts  *counts,
                               GCancellable        *cancellable,
                               GError             **error);

G_END_DECLS
