/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The backups that mutual_ledger_open() takes before a schema update
 * live in "backups/" beside the ledger. */

typedef struct
{
  char      *path;
  GDateTime *made;      /* when it was written (the file's time) */
} MutualBackup;

void          mutual_backup_free                 (MutualBackup  *backup);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MutualBackup, mutual_backup_free)

/* The newest backup of the ledger at @ledger_path that is a whole Mutual
 * ledger (its header and pages check out); NULL when there is none. */
MutualBackup *mutual_backup_find_latest          (const char    *ledger_path);

/* Puts a copy of @backup in the place of the ledger at @ledger_path. The
 * file found there, with its WAL, is renamed, never overwritten or
 * removed: its new path goes to @out_kept_path (NULL when there was
 * none). On error nothing has changed. */
gboolean      mutual_backup_restore              (const char    *ledger_path,
                                                  MutualBackup  *backup,
                                                  char         **out_kept_path,
                                                  GError       **error);

G_END_DECLS
