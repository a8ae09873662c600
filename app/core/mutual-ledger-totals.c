/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mutual-ledger"

#include "config.h"

#include <glib/gi18n.h>
#include <sqlite3.h>
#include <string.h>

#include "mutual-error.h"
#include "mutual-ledger-private.h"
#include "mutual-ledger-totals.h"

/* A read that failed: SUM() past 64 bits is the same refusal as adding
 * up in C; anything else, the ledger could not be read. */
static gboolean
read_error (MutualLedger  *self,
            GError       **error)
{
  const char *msg = sqlite3_errmsg (mutual_ledger_get_db (self));

  if (strcmp (msg, "integer overflow") == 0)
    g_set_error (error, MUTUAL_ERROR, MUTUAL_ERROR_DATA,
                 _("The totals are larger than Mutual can add up."));
  else
    g_set_error (error, MUTUAL_ERROR, MUTUAL_ERROR_LEDGER,
                 _("The ledger “%s” could not be read (%s)."),
                 mutual_ledger_get_path (self), msg);
  return FALSE;
}

gboolean
mutual_ledger_foreach_kind_total (MutualLedger        *self,
                                  gint64               relationship_id,
                                  MutualDate           to,
                                  MutualKindTotalFunc  func,
                                  gpointer             user_data,
                                  GError             **error)
{
  sqlite3_stmt *stmt = NULL;
  const char *sql;
  gboolean ok = TRUE;
  int rc;

  g_return_val_if_fail (MUTUAL_IS_LEDGER (self), FALSE);
  g_return_val_if_fail (func != NULL, FALSE);

  if (to == 0)
    to = MUTUAL_DATE_MAX;

  /* The primary key's order: no sorting. One relationship's rows leave
   * its id out: a column less to decode on every row. Exchanges last:
   * SQLite decodes that order a few percent faster. A statement of its
   * own, as the callback may read the ledger. */
  if (relationship_id != 0)
    sql = "SELECT date, direction, kind, value, minutes, exchanges"
          " FROM relationship_day WHERE relationship = ?1 AND date <= ?2"
          " ORDER BY date, direction, kind";
  else
    sql = "SELECT relationship, date, direction, kind, value, minutes, exchanges"
          " FROM relationship_day WHERE date <= ?2"
          " ORDER BY relationship, date, direction, kind";

  if (sqlite3_prepare_v2 (mutual_ledger_get_db (self), sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      read_error (self, error);
      sqlite3_finalize (stmt);
      return FALSE;
    }
  if (relationship_id != 0)
    sqlite3_bind_int64 (stmt, 1, relationship_id);
  sqlite3_bind_int64 (stmt, 2, to);

  while (ok && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      MutualKindTotal total;
      int c = relationship_id != 0 ? 0 : 1;

      total.relationship_id = c ? sqlite3_column_int64 (stmt, 0) : relationship_id;
      total.date = (MutualDate) sqlite3_column_int (stmt, c);
      total.direction = (MutualDirection) sqlite3_column_int (stmt, c + 1);
      total.kind = (MutualKind) sqlite3_column_int (stmt, c + 2);
      total.value = sqlite3_column_int64 (stmt, c + 3);
      total.minutes = sqlite3_column_int64 (stmt, c + 4);
      total.exchanges = sqlite3_column_int64 (stmt, c + 5);
      ok = func (&total, user_data, error);
    }
  if (ok && rc != SQLITE_DONE)
    ok = read_error (self, error);
  sqlite3_finalize (stmt);
  return ok;
}

GArray *
mutual_ledger_relationship_totals (MutualLedger  *self,
                                   MutualDate     from,
                                   MutualDate     to,
                                   GError       **error)
{
  g_autoptr(GArray) totals = g_array_new (FALSE, TRUE, sizeof (MutualRelationshipTotal));
  sqlite3_stmt *stmt = NULL;
  int rc;

  g_return_val_if_fail (MUTUAL_IS_LEDGER (self), NULL);

  if (sqlite3_prepare_v2 (mutual_ledger_get_db (self),
                          /* One pass over the day totals, in relationship order. */
                          "SELECT relationship,"
                          " SUM(CASE WHEN direction = 0 THEN value ELSE 0 END),"
                          " SUM(CASE WHEN direction = 1 THEN value ELSE 0 END), SUM(exchanges)"
                          " FROM relationship_day WHERE date BETWEEN ?1 AND ?2 GROUP BY relationship",
                          -1, &stmt, NULL) != SQLITE_OK)
    {
      read_error (self, error);
      sqlite3_finalize (stmt);
      return NULL;
    }
  sqlite3_bind_int64 (stmt, 1, from ? from : MUTUAL_DATE_MIN);
  sqlite3_bind_int64 (stmt, 2, to ? to : MUTUAL_DATE_MAX);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      MutualRelationshipTotal total;

      total.relationship_id = sqlite3_column_int64 (stmt, 0);
      total.given = sqlite3_column_int64 (stmt, 1);
      total.received = sqlite3_column_int64 (stmt, 2);
      total.exchanges = sqlite3_column_int64 (stmt, 3);
      g_array_append_val (totals, total);
    }
  if (rc != SQLITE_DONE)
    {
      read_error (self, error);
      sqlite3_finalize (stmt);
      return NULL;
    }
  sqlite3_finalize (stmt);
  return g_steal_pointer (&totals);
}
