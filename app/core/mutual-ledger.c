/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mutual-ledger"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mutual-error.h"
#include "mutual-identifiers.h"
#include "mutual-ledger-private.h"
#include "mutual-money.h"

struct _MutualLedger
{
  GObject      parent_instance;

  char        *path;
  sqlite3     *db;
  GHashTable  *statements;     /* static SQL text → sqlite3_stmt */
  char        *currency;
  int          digits;
  guint        transaction_depth;
  gboolean     wrote;          /* inside the current transaction */
  gboolean     read_only;      /* the file or its folder cannot be written */
  gint64       data_version;
  gint64       local_changes;
  char        *file_key;       /* in open_files while open */
};

G_DEFINE_FINAL_TYPE (MutualLedger, mutual_ledger, G_TYPE_OBJECT)

/* The files of the ledgers open in this process. Closing any descriptor
 * of a file drops every POSIX lock the process holds on it, SQLite's
 * too, after which another process may delete the WAL from under them:
 * the header of a file already open here is not read again. */
G_LOCK_DEFINE_STATIC (open_files);
static GHashTable *open_files;   /* "device:inode" → number of ledgers */

static char *
file_key_of (const char *path)
{
  GStatBuf st;

  if (g_stat (path, &st) != 0)
    return NULL;
  return g_strdup_printf ("%" G_GUINT64_FORMAT ":%" G_GUINT64_FORMAT,
                          (guint64) st.st_dev, (guint64) st.st_ino);
}

gboolean
mutual_ledger_file_is_open (const char *path)
{
  g_autofree char *key = file_key_of (path);
  gboolean found;

  if (key == NULL)
    return FALSE;
  G_LOCK (open_files);
  found = open_files != NULL && g_hash_table_contains (open_files, key);
  G_UNLOCK (open_files);
  return found;
}

static void
file_opened (MutualLedger *self)
{
  self->file_key = file_key_of (self->path);
  if (self->file_key == NULL)
    return;
  G_LOCK (open_files);
  if (open_files == NULL)
    open_files = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_hash_table_insert (open_files, g_strdup (self->file_key),
                       GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (open_files, self->file_key)) + 1));
  G_UNLOCK (open_files);
}

static void
file_closed (MutualLedger *self)
{
  guint n;

  if (self->file_key == NULL)
    return;
  G_LOCK (open_files);
  n = GPOINTER_TO_UINT (g_hash_table_lookup (open_files, self->file_key));
  if (n > 1)
    g_hash_table_insert (open_files, g_strdup (self->file_key), GUINT_TO_POINTER (n - 1));
  else
    g_hash_table_remove (open_files, self->file_key);
  G_UNLOCK (open_files);
  g_clear_pointer (&self->file_key, g_free);
}

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The day totals' share of one exchange, added or taken away; @row is
 * NEW or OLD in a trigger. */
#define DAY_TOTALS_ADD(row) \
  "  INSERT INTO relationship_day (relationship, date, direction, kind, exchanges, value, minutes)" \
  "    VALUES (" row ".relationship, " row ".date, " row ".direction, " row ".kind, 1," \
  "            " row ".value, coalesce (" row ".minutes, 0))" \
  "    ON CONFLICT DO UPDATE SET exchanges = exchanges + 1, value = value + excluded.value," \
  "                              minutes = minutes + excluded.minutes;" \
  "  INSERT INTO ledger_day (date, direction, exchanges, value)" \
  "    VALUES (" row ".date, " row ".direction, 1, " row ".value)" \
  "    ON CONFLICT DO UPDATE SET exchanges = exchanges + 1, value = value + excluded.value;"
#define DAY_TOTALS_REMOVE(row) \
  "  UPDATE relationship_day SET exchanges = exchanges - 1, value = value - " row ".value," \
  "                              minutes = minutes - coalesce (" row ".minutes, 0)" \
  "    WHERE relationship = " row ".relationship AND date = " row ".date" \
  "      AND direction = " row ".direction AND kind = " row ".kind;" \
  "  DELETE FROM relationship_day" \
  "    WHERE relationship = " row ".relationship AND date = " row ".date" \
  "      AND direction = " row ".direction AND kind = " row ".kind AND exchanges = 0;" \
  "  UPDATE ledger_day SET exchanges = exchanges - 1, value = value - " row ".value" \
  "    WHERE date = " row ".date AND direction = " row ".direction;" \
  "  DELETE FROM ledger_day" \
  "    WHERE date = " row ".date AND direction = " row ".direction AND exchanges = 0;"

/* Each entry brings the schema from version i to i + 1, in one
 * transaction. Never edit an entry once released: add one. */
static const char * const migrations[] = {
  /* 0 → 1: the ledger */
  "CREATE TABLE meta ("
  "  key TEXT PRIMARY KEY NOT NULL,"
  "  value TEXT NOT NULL"
  ") WITHOUT ROWID;"
  "CREATE TABLE relationship ("
  "  id INTEGER PRIMARY KEY,"
  "  uuid TEXT NOT NULL UNIQUE,"
  "  name TEXT NOT NULL,"
  "  name_key TEXT NOT NULL UNIQUE,"
  "  organization TEXT,"
  "  role INTEGER NOT NULL DEFAULT 0 CHECK (role BETWEEN 0 AND 7),"
  "  notes TEXT,"
  "  created INTEGER NOT NULL,"
  "  archived INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1)),"
  "  override INTEGER NOT NULL DEFAULT 0 CHECK (override IN (0, 1, 2)),"
  "  override_reason TEXT"
  ");"
  /* date is YYYYMMDD; direction 0 given, 1 received; kind is MutualKind;
   * value in minor units of the ledger currency. */
  "CREATE TABLE exchange ("
  "  id INTEGER PRIMARY KEY,"
  "  uuid TEXT NOT NULL UNIQUE,"
  "  relationship INTEGER NOT NULL REFERENCES relationship (id) ON DELETE CASCADE,"
  "  date INTEGER NOT NULL CHECK (date BETWEEN 19000101 AND 99991231),"
  "  direction INTEGER NOT NULL CHECK (direction IN (0, 1)),"
  "  kind INTEGER NOT NULL CHECK (kind BETWEEN 0 AND 10),"
  "  value INTEGER NOT NULL CHECK (value BETWEEN 0 AND 1000000000000000),"
  "  minutes INTEGER CHECK (minutes >= 0),"
  "  note TEXT"
  ");"
  "CREATE INDEX exchange_relationship ON exchange (relationship, date);",

  /* 1 → 2: covering indexes, so that classification and series read
   * only the index, in order. */
  "DROP INDEX exchange_relationship;"
  "CREATE INDEX exchange_by_relationship"
  "  ON exchange (relationship, date, direction, kind, value, minutes);"
  "CREATE INDEX exchange_by_date ON exchange (date, direction, value);",

  /* 2 → 3: an exchange's uuid is unique through a named index rather
   * than a column constraint, so that a large import into a ledger
   * without exchanges can build it once at the end, by sorting. */
  "CREATE TABLE exchange_new ("
  "  id INTEGER PRIMARY KEY,"
  "  uuid TEXT NOT NULL,"
  "  relationship INTEGER NOT NULL REFERENCES relationship (id) ON DELETE CASCADE,"
  "  date INTEGER NOT NULL CHECK (date BETWEEN 19000101 AND 99991231),"
  "  direction INTEGER NOT NULL CHECK (direction IN (0, 1)),"
  "  kind INTEGER NOT NULL CHECK (kind BETWEEN 0 AND 10),"
  "  value INTEGER NOT NULL CHECK (value BETWEEN 0 AND 1000000000000000),"
  "  minutes INTEGER CHECK (minutes >= 0),"
  "  note TEXT"
  ");"
  "INSERT INTO exchange_new (id, uuid, relationship, date, direction, kind, value, minutes, note)"
  "  SELECT id, uuid, relationship, date, direction, kind, value, minutes, note FROM exchange;"
  "DROP TABLE exchange;"
  "ALTER TABLE exchange_new RENAME TO exchange;"
  "CREATE UNIQUE INDEX exchange_by_uuid ON exchange (uuid);"
  "CREATE INDEX exchange_by_relationship"
  "  ON exchange (relationship, date, direction, kind, value, minutes);"
  "CREATE INDEX exchange_by_date ON exchange (date, direction, value);",

  /* 3 → 4: totals by day, kept by triggers, so that a relationship's
   * chart and assessment read one row per day, direction and kind
   * rather than one per exchange, and the ledger's series one per day
   * and direction. They replace the covering indexes; the list still
   * pages through (relationship, date). A total too large for a 64-bit
   * integer would become a REAL in SQLite's arithmetic: the checks
   * refuse the change that makes it instead. */
  "CREATE TABLE relationship_day ("
  "  relationship INTEGER NOT NULL,"
  "  date INTEGER NOT NULL,"
  "  direction INTEGER NOT NULL,"
  "  kind INTEGER NOT NULL,"
  "  exchanges INTEGER NOT NULL,"
  "  value INTEGER NOT NULL,"
  "  minutes INTEGER NOT NULL,"
  "  CONSTRAINT " MUTUAL_LEDGER_TOTAL_CHECK
  "    CHECK (typeof (value) = 'integer' AND typeof (minutes) = 'integer'),"
  "  PRIMARY KEY (relationship, date, direction, kind)"
  ") WITHOUT ROWID;"
  "CREATE TABLE ledger_day ("
  "  date INTEGER NOT NULL,"
  "  direction INTEGER NOT NULL,"
  "  exchanges INTEGER NOT NULL,"
  "  value INTEGER NOT NULL,"
  "  CONSTRAINT " MUTUAL_LEDGER_TOTAL_CHECK " CHECK (typeof (value) = 'integer'),"
  "  PRIMARY KEY (date, direction)"
  ") WITHOUT ROWID;"
  "INSERT INTO relationship_day"
  "  SELECT relationship, date, direction, kind, count (*), sum (value), coalesce (sum (minutes), 0)"
  "  FROM exchange GROUP BY relationship, date, direction, kind;"
  "INSERT INTO ledger_day"
  "  SELECT date, direction, count (*), sum (value) FROM exchange GROUP BY date, direction;"
  "DROP INDEX exchange_by_relationship;"
  "DROP INDEX exchange_by_date;"
  "CREATE INDEX exchange_by_relationship ON exchange (relationship, date);"
  "CREATE TRIGGER exchange_added AFTER INSERT ON exchange BEGIN"
  DAY_TOTALS_ADD ("NEW")
  "END;"
  "CREATE TRIGGER exchange_removed AFTER DELETE ON exchange BEGIN"
  DAY_TOTALS_REMOVE ("OLD")
  "END;"
  "CREATE TRIGGER exchange_changed"
  "  AFTER UPDATE OF relationship, date, direction, kind, value, minutes ON exchange BEGIN"
  DAY_TOTALS_REMOVE ("OLD")
  DAY_TOTALS_ADD ("NEW")
  "END;",

  /* 4 → 5: lifetime totals, per relationship (both directions together)
   * and for the whole ledger, kept from the day totals by triggers, so
   * that a change which would take any sum Mutual adds up past 64 bits
   * is refused by the check at that change. A total already past it is
   * kept at the largest integer, so that the ledger still opens. */
  "CREATE TABLE relationship_total ("
  "  relationship INTEGER PRIMARY KEY,"
  "  value INTEGER NOT NULL,"
  "  minutes INTEGER NOT NULL,"
  "  CONSTRAINT " MUTUAL_LEDGER_TOTAL_CHECK
  "    CHECK (typeof (value) = 'integer' AND typeof (minutes) = 'integer')"
  ");"
  "CREATE TABLE ledger_total ("
  "  id INTEGER PRIMARY KEY CHECK (id = 1),"
  "  value INTEGER NOT NULL,"
  "  minutes INTEGER NOT NULL,"
  "  CONSTRAINT " MUTUAL_LEDGER_TOTAL_CHECK
  "    CHECK (typeof (value) = 'integer' AND typeof (minutes) = 'integer')"
  ");"
  "INSERT INTO relationship_total"
  "  SELECT relationship, CAST (total (value) AS INTEGER), CAST (total (minutes) AS INTEGER)"
  "  FROM relationship_day GROUP BY relationship;"
  "INSERT INTO ledger_total"
  "  SELECT 1, CAST (coalesce (total (value), 0) AS INTEGER), CAST (coalesce (total (minutes), 0) AS INTEGER)"
  "  FROM relationship_day;"
  "CREATE TRIGGER day_total_added AFTER INSERT ON relationship_day BEGIN"
  "  INSERT INTO relationship_total (relationship, value, minutes)"
  "    VALUES (NEW.relationship, NEW.value, NEW.minutes)"
  "    ON CONFLICT DO UPDATE SET value = value + excluded.value, minutes = minutes + excluded.minutes;"
  "  UPDATE ledger_total SET value = value + NEW.value, minutes = minutes + NEW.minutes;"
  "END;"
  "CREATE TRIGGER day_total_removed AFTER DELETE ON relationship_day BEGIN"
  "  UPDATE relationship_total SET value = value - OLD.value, minutes = minutes - OLD.minutes"
  "    WHERE relationship = OLD.relationship;"
  "  UPDATE ledger_total SET value = value - OLD.value, minutes = minutes - OLD.minutes;"
  "END;"
  "CREATE TRIGGER day_total_changed AFTER UPDATE OF value, minutes ON relationship_day BEGIN"
  "  UPDATE relationship_total SET value = value - OLD.value + NEW.value,"
  "                                minutes = minutes - OLD.minutes + NEW.minutes"
  "    WHERE relationship = NEW.relationship;"
  "  UPDATE ledger_total SET value = value - OLD.value + NEW.value,"
  "                          minutes = minutes - OLD.minutes + NEW.minutes;"
  "END;"
  "CREATE TRIGGER relationship_total_removed AFTER DELETE ON relationship BEGIN"
  "  DELETE FROM relationship_total WHERE relationship = OLD.id;"
  "END;",

  /* 5 → 6: a relationship's identifiers besides its name (e-mail
   * addresses, IBANs, aliases, customer numbers; type is
   * MutualIdentifierType). Each belongs to one relationship at most:
   * value_key is what is compared (an alias case-folded). */
  "CREATE TABLE identifier ("
  "  id INTEGER PRIMARY KEY,"
  "  relationship INTEGER NOT NULL REFERENCES relationship (id) ON DELETE CASCADE,"
  "  type INTEGER NOT NULL CHECK (type BETWEEN 0 AND 3),"
  "  value TEXT NOT NULL,"
  "  value_key TEXT NOT NULL,"
  "  CONSTRAINT identifier_unique UNIQUE (type, value_key)"
  ");"
  "CREATE INDEX identifier_by_relationship ON identifier (relationship, type, value);",

  /* 6 → 7: an exchange is found by its uuid through a table keyed by
   * it, kept by triggers, instead of a unique index. A large import
   * into a ledger without exchanges sorts the ids itself and appends
   * them in key order (mutual_ledger_bulk_index_ids), where an index can
   * only be built through SQLite's sorter: for a million exchanges a
   * third of the time. The index gives the rows in key order here. */
  "CREATE TABLE exchange_key ("
  "  uuid TEXT PRIMARY KEY NOT NULL,"
  "  exchange INTEGER NOT NULL"
  ") WITHOUT ROWID;"
  "INSERT INTO exchange_key (uuid, exchange) SELECT uuid, id FROM exchange ORDER BY uuid;"
  "DROP INDEX exchange_by_uuid;"
  "CREATE TRIGGER exchange_key_added AFTER INSERT ON exchange BEGIN"
  "  INSERT INTO exchange_key (uuid, exchange) VALUES (NEW.uuid, NEW.id);"
  "END;"
  "CREATE TRIGGER exchange_key_removed AFTER DELETE ON exchange BEGIN"
  "  DELETE FROM exchange_key WHERE uuid = OLD.uuid;"
  "END;"
  "CREATE TRIGGER exchange_key_changed AFTER UPDATE OF id, uuid ON exchange BEGIN"
  "  DELETE FROM exchange_key WHERE uuid = OLD.uuid;"
  "  INSERT INTO exchange_key (uuid, exchange) VALUES (NEW.uuid, NEW.id);"
  "END;",
};

G_STATIC_ASSERT (G_N_ELEMENTS (migrations) == MUTUAL_LEDGER_SCHEMA_VERSION);

static void
mutual_ledger_finalize (GObject *object)
{
  MutualLedger *self = (MutualLedger *) object;

  g_clear_pointer (&self->statements, g_hash_table_unref);
  if (self->db)
    sqlite3_close_v2 (self->db);
  file_closed (self);
  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->currency, g_free);

  G_OBJECT_CLASS (mutual_ledger_parent_class)->finalize (object);
}

static void
mutual_ledger_class_init (MutualLedgerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = mutual_ledger_finalize;

  /**
   * MutualLedger::changed:
   *
   * The ledger changed, through this object or another process.
   */
  signals[CHANGED] = g_signal_new ("changed",
                                   G_TYPE_FROM_CLASS (klass),
                                   G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL,
                                   G_TYPE_NONE, 0);
}

static void
finalize_statement (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

static void
mutual_ledger_init (MutualLedger *self)
{
  self->statements = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                            finalize_statement);
  self->digits = 2;
}

/* Errors */

gboolean
mutual_ledger_set_sqlite_error (MutualLedger *self,
                                int           rc,
                                GError      **error)
{
  const char *msg = self->db ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc);
  int system_errno = self->db ? sqlite3_system_errno (self->db) : 0;

  /* A write that found no room (the WAL, its index, a checkpoint) comes
   * back as an I/O error: a full disk, not a broken ledger. */
  if ((rc & 0xff) == SQLITE_IOERR && (system_errno == ENOSPC || system_errno == EDQUOT))
    rc = SQLITE_FULL;

  switch (rc & 0xff)
    {
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      g_set_error (error, MUTUAL_ERROR, MUTUAL_ERROR_LEDGER,
                   _("The ledger “%s” is damaged (%s); it was left as it is."),
                   self->path, msg);
      break;
    case SQLITE_FULL:
      g_set_error (error, MUTUAL_ERROR, MUTUAL_ERROR_LEDGER,
                   _("The disk holding the ledger “%s” is full; nothing was changed."),
                   self->path);
      break;
    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_CANTOPEN:
      g_set_error (error, MUTUAL_ERROR, MUTUAL_ERROR_LEDGER,
                   _("The ledger “%s” cannot be written (%s)."),
                   self->path, msg);
      break;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      g_set_error (error, MUTUAL_ERROR, MUTUAL_ERROR_LEDGER,
                   _("The ledger “%s” is busy in another program; try again."),
                   self->path);
      break;
    case SQLITE_CONSTRAINT:
      if (strstr (msg, MUTUAL_LEDGER_TOTAL_CHECK))
        {
          g_set_error (error, MUTUAL_ERROR, MUTUAL_ERROR_DATA,
                       _("The totals are larger than Mutual can add up."));
          break;
        }
      G_GNUC_FALLTHROUGH;
    case SQLITE_TOOBIG:
    case SQLITE_MISMATCH:
      g_set_error (error, MUTUAL_ERROR, MUTUAL_ERROR_DATA,
                   _("The ledger refused the change (%s)."), msg);
      break;
    case SQLITE_ERROR:
      if (strstr (msg, "integer overflow"))
        {
          g_set_error (error, MUTUAL_ERROR, MUTUAL_ERROR_DATA,
                       _("The totals are larger than Mutual can add up."));
          break;
        }
      G_GNUC_FALLTHROUGH;
    default:
      g_set_error (error, MUTUAL_ERROR, MUTUAL_ERROR_LEDGER,
                   _("The ledger “%s” could not be read or written (%s)."),
                   self->path, msg);
      break;
    }

  return FALSE;
}

/* Statements, prepared once and kept: @sql must be a string literal. */
sqlite3_stmt *
mutual_ledger_statement (MutualLedger  *self,
                         const char    *sql,
                         GError       **error)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (self->statements, sql);
  int rc;

  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }

  rc = sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      mutual_ledger_set_sqlite_error (self, rc, error);
      return NULL;
    }

  g_hash_table_insert (self->statements, (gpointer) sql, stmt);
  return stmt;
}

gboolean
mutual_ledger_exec (MutualLedger  *self,
                    const char    *sql,
                    GError       **error)
{
  int rc = sqlite3_exec (self->db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    return mutual_ledger_set_sqlite_error (self, rc, error);
  return TRUE;
}

static gboolean
step_done (MutualLedger  *self,
           sqlite3_stmt  *stmt,
           GError       **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    return mutual_ledger_set_sqlite_error (self, rc, error);
  return TRUE;
}

static gint64
query_int (MutualLedger *self,
           const char   *sql,
           gint64        fallback)
{
  sqlite3_stmt *stmt = mutual_ledger_statement (self, sql, NULL);
  gint64 value = fallback;

  if (stmt && sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int64 (stmt, 0);
  if (stmt)
    sqlite3_reset (stmt);
  return value;
}

/* Paths */

char *
mutual_ledger_default_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "mutual", "ledger.db", NULL);
}

char *
mutual_ledger_resolve_path (const char *override_path)
{
  const char *env;

  if (override_path && *override_path)
    return g_strdup (override_path);

  env = g_getenv ("MUTUAL_LEDGER");
  if (env && *env)
    return g_strdup (env);

  return mutual_ledger_default_path ();
}

/* Opening */

static guint32
read_be32 (const guchar *p)
{
  return ((guint32) p[0] << 24) | ((guint32) p[1] << 16) | ((guint32) p[2] << 8) | p[3];
}

/* Reads the SQLite header without SQLite, so that a file which is not a
 * Mutual ledger is refused before anything could write to it. Sets
 * *is_new for a missing or empty file. */
static gboolean
check_header (const char  *path,
              gboolean    *is_new,
              GError     **error)
{
  guchar header[100];
  struct stat st;
  ssize_t n;
  int fd;
  guint32 page_size;

  *is_new = FALSE;

  /* Checked when it was opened first; reading it now would unlock it. */
  if (mutual_ledger_file_is_open (path))
    return TRUE;

  if (g_stat (path, &st) == 0 && !S_ISREG (st.st_mode))
    {
      g_set_error (error, MUTUAL_ERROR, MUTUAL_ERROR_LEDGER,
                   _("The ledger “%s” is not a regular file."), path);
      return FALSE;
    }
  /* Never blocks: a FIFO would wait for a writer, a device for data. */
  fd = g_open (path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY, 0);
  if (fd < 0)
    {
      int saved = errno;

      if (saved == ENOENT)
        {
          *is_new = TRUE;
          return TRUE;
        }
      g_set_error (error, MUTUAL_ERROR, MUTUAL_ERROR_LEDGER,
                   _("The ledger “%s” cannot be opened: %s."),
                   path, g_strerror (saved));
      return FALSE;
    }

  if (fstat (fd, &st) != 0 || !S_ISREG (st.st_mode))
    {
      close (fd);
      g_set_error (error, MUTUAL_ERROR, MUTUAL_ERROR_LEDGER,
                   _("The ledger “%s” is not a regular file."), path);
      return FALSE;
    }

  if (st.st_size == 0)
    {
      close (fd);
      *is_new = TRUE;
      return TRUE;
    }

  n = read (fd, header, sizeof header);
  close (fd);

  if (n != (ssize_t) sizeof header || memcmp (header, "SQLite format 3", 16) != 0)
    goto not_mutual;

  if (read_be32 (header + 68) != MUTUAL_LEDGER_APPLICATION_ID)
    goto not_mutual;

  page_size = ((guint32) header[16] << 8) | header[17];
  if (page_size == 1)
    page_size = 65536;
  if (page_size < 512 || (page_size & (page_size - 1)) != 0)
    goto damaged;

  /* The file's size says nothing here: a WAL ledger whose checkpoint was
   * interrupted (killed, or the disk filled) is shorter than its header
   * says until the next checkpoint. SQLite itself reports a truncation. */
  return TRUE;

not_mutual:
  g_set_error (error, MUTUAL_ERROR, MUTUAL_ERROR_LEDGER,
               _("The file “%s” is not a Mutual ledger; it was left untouched."),
               path);
  return FALSE;

damaged:
  g_set_error (error, MUTUAL_ERROR, MUTUAL_ERROR_LEDGER,
               _("The ledger “%s” is damaged (it is truncated or its header is wrong); it was left untouched."),
               path);
  return FALSE;
}

static gboolean
backup_before_migration (MutualLedger  *self,
                         int            from_version,
                         GError       **error)
{
  g_autofree char *dir = g_path_get_dirname (self->path);
  g_autofree char *base = g_path_get_basename (self->path);
  g_autofree char *backups = g_build_filename (dir, "backups", NULL);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%dT%H%M%S");
  g_autofree char *name = NULL;
  g_autofree char *target = NULL;
  g_autofree char *partial = NULL;
  g_autofree char *partial_journal = NULL;
  g_autofree char *sql = NULL;
  char *dot;

  if (g_mkdir_with_parents (backups, 0700) != 0)
    {
      g_set_error (error, MUTUAL_ERROR, MUTUAL_ERROR_LEDGER,
                   _("No backup of “%s” could be made before updating it: %s."),
                   self->path, g_strerror (errno));
      return FALSE;
    }

  dot = strrchr (base, '.');
  if (dot)
    *dot = '\0';
  name = g_strdup_printf ("%s-%s-v%d.db", base, stamp, from_version);
  target = g_build_filename (backups, name, NULL);
  for (int i = 2; g_file_test (target, G_FILE_TEST_EXISTS); i++)
    {
      g_free (name);
      g_free (target);
      name = g_strdup_printf ("%s-%s-v%d-%d.db", base, stamp, from_version, i);
      target = g_build_filename (backups, name, NULL);
    }

  /* Written under a temporary name and renamed when complete, so that a
   * process killed while copying never leaves a partial file that looks
   * like a backup. A leftover partial copy is the previous attempt's. */
  partial = g_strconcat (target, ".partial", NULL);
  partial_journal = g_strconcat (partial, "-journal", NULL);
  g_remove (partial);
  g_remove (partial_journal);
  sql = sqlite3_mprintf ("VACUUM INTO %Q", partial);
  if (sqlite3_exec (self->db, sql, NULL, NULL, NULL) != SQLITE_OK)
    {
      /* Whatever the reason (a full disk, a damaged page), the ledger is
       * not updated without its backup: a ledger error, not bad input. */
      g_set_error (error, MUTUAL_ERROR, MUTUAL_ERROR_LEDGER,
                   _("No backup of “%s” could be made before updating it, so it was left untouched: %s."),
                   self->path, sqlite3_errmsg (self->db));
      sqlite3_free (g_steal_pointer (&sql));
      g_remove (partial);
      g_remove (partial_journal);
      g_rmdir (backups);  /* only if this attempt made it and left it empty */
      return FALSE;
    }
  sqlite3_free (g_steal_pointer (&sql));
  g_chmod (partial, 0600);
  if (g_rename (partial, target) != 0)
    {
      int saved_errno = errno;

      g_remove (partial);
      g_set_error (error, MUTUAL_ERROR, MUTUAL_ERROR_LEDGER,
                   _("No backup of “%s” could be made before updating it: %s."),
                   self->path, g_strerror (saved_errno));
      return FALSE;
    }
  return TRUE;
}

gboolean
mutual_ledger_copy_to (MutualLedger  *self,
                       const char    *path,
                       GError       **error)
{
  char *sql;
  int rc;
  int fd;

  g_return_val_if_fail (MUTUAL_IS_LEDGER (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  /* Made here, empty and private, or refused: nothing else is ever
   * written over or removed. VACUUM INTO fills an empty file. */
  fd = g_open (path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      int saved = errno;

      if (saved == EEXIST)
        g_set_error (error, MUTUAL_ERROR, MUTUAL_ERROR_LEDGER,
                     _("“%s” already exists; the ledger was not copied over it."), path);
      else
        g_set_error (error, MUTUAL_ERROR, MUTUAL_ERROR_LEDGER,
                     _("The ledger could not be copied to “%s”: %s."), path, g_strerror (saved));
      return FALSE;
    }
  close (fd);
  sql = sqlite3_mprintf ("VACUUM INTO %Q", path);
  rc = sqlite3_exec (self->db, sql, NULL, NULL, NULL);
  sqlite3_free (sql);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, MUTUAL_ERROR, MUTUAL_ERROR_LEDGER,
                   _("The ledger could not be copied to “%s”: %s."), path, sqlite3_errmsg (self->db));
      g_remove (path);
      return FALSE;
    }
  return TRUE;
}

static gboolean
migrate (MutualLedger  *self,
         int            target,
         gboolean       is_new,
         GError       **error)
{
  int version = (int) query_int (self, "PRAGMA user_version", 0);

  if (version < 0)
    {
      g_set_error (error, MUTUAL_ERROR, MUTUAL_ERROR_LEDGER,
                   _("The ledger “%s” is damaged: its schema version is %d; it was left untouched."),
                   self->path, version);
      return FALSE;
    }

  if (version > MUTUAL_LEDGER_SCHEMA_VERSION)
    {
      g_set_error (error, MUTUAL_ERROR, MUTUAL_ERROR_LEDGER,
                   _("The ledger “%s” was written by a newer version of Mutual; it was left untouched."),
                   self->path);
      return FALSE;
    }

  if (version >= target)
    return TRUE;

  if (!is_new && version > 0 && !backup_before_migration (self, version, error))
    return FALSE;

  for (; version < target; version++)
    {
      g_autofree char *set_version = g_strdup_printf ("PRAGMA user_version = %d", version + 1);
      g_autoptr(GError) local_error = NULL;

      if (!mutual_ledger_exec (self, "BEGIN IMMEDIATE", error))
        return FALSE;
      /* Another process may have migrated while this one waited. */
      if (query_int (self, "PRAGMA user_version", 0) > version)
        {
          mutual_ledger_exec (self, "COMMIT", NULL);
          continue;
        }
      if (!mutual_ledger_exec (self, migrations[version], &local_error)
          || (version == 0 && !mutual_ledger_exec (self, "PRAGMA application_id = 1299543148", &local_error))
          || !mutual_ledger_exec (self, set_version, &local_error)
          || !mutual_ledger_exec (self, "COMMIT", &local_error))
        {
          g_autofree char *reason = g_strdup (sqlite3_errmsg (self->db));

          sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
          /* Rows an older version let in that this one refuses (a
           * broken reference, an impossible value) make the ledger one
           * this version cannot open, not bad input from the user. */
          if (local_error->code != MUTUAL_ERROR_LEDGER)
            {
              g_set_error (error, MUTUAL_ERROR, MUTUAL_ERROR_LEDGER,
                           _("The ledger “%s” could not be updated for this version of Mutual (%s); it was left as it is."),
                           self->path, reason);
              return FALSE;
            }
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
    }

  return TRUE;
}

static gboolean
load_currency (MutualLedger  *self,
               GError       **error)
{
  sqlite3_stmt *stmt = mutual_ledger_statement (self, "SELECT value FROM meta WHERE key = 'currency'", error);
  int rc;

  if (stmt == NULL)
    return FALSE;

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      const char *code = (const char *) sqlite3_column_text (stmt, 0);

      if (mutual_currency_is_known (code))
        {
          g_free (self->currency);
          self->currency = g_strdup (code);
          self->digits = mutual_currency_digits (code);
          sqlite3_reset (stmt);
          return TRUE;
        }
      sqlite3_reset (stmt);
      g_set_error (error, MUTUAL_ERROR, MUTUAL_ERROR_LEDGER,
                   _("The ledger “%s” has an unknown currency “%s”."),
                   self->path, code ? code : "");
      return FALSE;
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return mutual_ledger_set_sqlite_error (self, rc, error);

  /* A new ledger: the locale's currency. */
  {
    const char *code = mutual_currency_from_locale ();

    sqlite3_stmt *insert;

    if (!self->read_only)
      {
        insert = mutual_ledger_statement (self, "INSERT INTO meta (key, value) VALUES ('currency', ?1)", error);
        if (insert == NULL)
          return FALSE;
        sqlite3_bind_text (insert, 1, code, -1, SQLITE_STATIC);
        if (!step_done (self, insert, error))
          return FALSE;
      }
    g_free (self->currency);
    self->currency = g_strdup (code);
    self->digits = mutual_currency_digits (code);
  }

  return TRUE;
}

/* mutual_fold (TEXT): the text case-folded as GLib folds it, so that the
 * exchange list's search finds "Müller" in "MÜLLER" (SQLite's own lower ()
 * knows ASCII only). */
static void
sql_fold (sqlite3_context  *context,
          int               argc,
          sqlite3_value   **argv)
{
  const char *text = (const char *) sqlite3_value_text (argv[0]);
  int length = sqlite3_value_bytes (argv[0]);
  char *folded;

  if (text == NULL)
    {
      sqlite3_result_null (context);
      return;
    }
  if (!g_utf8_validate_len (text, length, NULL))
    {
      sqlite3_result_value (context, argv[0]);
      return;
    }
  folded = g_utf8_casefold (text, length);
  sqlite3_result_text (context, folded, -1, g_free);
}

static MutualLedger *
open_ledger (const char  *path,
             int          version,
             gboolean     scratch,
             GError     **error)
{
  g_autoptr(MutualLedger) self = NULL;
  g_autofree char *dir = NULL;
  gboolean is_new;
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;
  int rc;

  g_return_val_if_fail (path != NULL, NULL);

  if (!check_header (path, &is_new, error))
    return NULL;
  if (scratch && !is_new)
    {
      g_set_error (error, MUTUAL_ERROR, MUTUAL_ERROR_LEDGER,
                   _("The ledger “%s” cannot be created: %s."), path, g_strerror (EEXIST));
      return NULL;
    }

  self = g_object_new (MUTUAL_TYPE_LEDGER, NULL);
  self->path = g_strdup (path);

  if (is_new)
    {
      int fd;

      dir = g_path_get_dirname (path);
      if (g_mkdir_with_parents (dir, 0700) != 0)
        {
          int saved = errno;

          g_set_error (error, MUTUAL_ERROR, MUTUAL_ERROR_LEDGER,
                       _("The folder “%s” for the ledger cannot be made: %s."),
                       dir, g_strerror (saved));
          return NULL;
        }
      /* Create it 0600 before SQLite does, whatever the umask. */
      fd = g_open (path, O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
      if (fd < 0)
        {
          int saved = errno;

          g_set_error (error, MUTUAL_ERROR, MUTUAL_ERROR_LEDGER,
                       _("The ledger “%s” cannot be created: %s."),
                       path, g_strerror (saved));
          return NULL;
        }
      close (fd);
    }

  if (!is_new)
    {
      g_autofree char *folder = g_path_get_dirname (path);

      /* Read what we may; any write then fails with a clear error. */
      if (g_access (path, W_OK) != 0 || g_access (folder, W_OK) != 0)
        self->read_only = TRUE;
    }

  if (self->read_only)
    {
      g_autofree char *absolute = g_canonicalize_filename (path, NULL);
      g_autofree char *uri = g_filename_to_uri (absolute, NULL, NULL);
      g_autofree char *immutable = g_strconcat (uri ? uri : "", "?immutable=1", NULL);
      g_autofree char *wal = g_strconcat (path, "-wal", NULL);
      GStatBuf wal_stat;

      if (g_stat (wal, &wal_stat) == 0 && wal_stat.st_size > 0)
        {
          /* Committed changes wait in the write-ahead log: the file as
           * it is on disk would show the ledger without them. A
           * read-only connection reads the log where SQLite may use its
           * index; where it may not, nothing is shown rather than an
           * older ledger. */
          rc = sqlite3_open_v2 (path, &self->db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL);
          if (rc == SQLITE_OK)
            rc = sqlite3_exec (self->db, "SELECT count (*) FROM sqlite_schema", NULL, NULL, NULL);
          if (rc != SQLITE_OK)
            {
              g_clear_pointer (&self->db, sqlite3_close_v2);
              g_set_error (error, MUTUAL_ERROR, MUTUAL_ERROR_LEDGER,
                           _("The ledger “%s” has changes not yet written into its file, which this user may not complete; open it once where it may be written."),
                           path);
              return NULL;
            }
        }
      else
        /* Without a writable folder SQLite cannot make the WAL index:
         * "immutable" reads the file as it is on disk. */
        rc = sqlite3_open_v2 (immutable, &self->db,
                              SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX, NULL);
    }
  else
    rc = sqlite3_open_v2 (path, &self->db, flags, NULL);
  if (rc != SQLITE_OK)
    {
      mutual_ledger_set_sqlite_error (self, rc, error);
      return NULL;
    }
  file_opened (self);
  sqlite3_create_function_v2 (self->db, "mutual_fold", 1,
                              SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS,
                              NULL, sql_fold, NULL, NULL, NULL);

  sqlite3_extended_result_codes (self->db, 1);
  sqlite3_busy_timeout (self->db, 10000);

  /* Check what SQLite itself reads before changing the journal mode,
   * which writes to the header. */
  if (!is_new)
    {
      sqlite3_stmt *stmt = NULL;

      rc = sqlite3_prepare_v2 (self->db, "SELECT count(*) FROM sqlite_schema", -1, &stmt, NULL);
      if (rc == SQLITE_OK)
        rc = sqlite3_step (stmt);
      sqlite3_finalize (stmt);
      if (rc != SQLITE_ROW)
        {
          mutual_ledger_set_sqlite_error (self, rc, error);
          return NULL;
        }
    }

  if (!mutual_ledger_exec (self, "PRAGMA foreign_keys = ON", error))
    return NULL;
  /* Check each b-tree cell as its page is read, so that damage is
   * reported instead of read as "no such row". */
  if (!mutual_ledger_exec (self, "PRAGMA cell_size_check = ON", error))
    return NULL;

  if (self->read_only)
    {
      if (query_int (self, "PRAGMA user_version", 0) != version)
        {
          g_set_error (error, MUTUAL_ERROR, MUTUAL_ERROR_LEDGER,
                       _("The ledger “%s” needs an update, but it is read-only."),
                       self->path);
          return NULL;
        }
      if (!load_currency (self, error))
        return NULL;
      return g_steal_pointer (&self);
    }

  /* A scratch ledger keeps its rollback journal in memory and never
   * syncs: each page goes to the file once, where the WAL would take it
   * twice (the log, then the checkpoint). Nobody else knows the file,
   * and a crash leaves only a scratch folder behind. */
  if (scratch
      && (!mutual_ledger_exec (self, "PRAGMA journal_mode = MEMORY", error)
          || !mutual_ledger_exec (self, "PRAGMA synchronous = OFF", error)))
    return NULL;

  /* A new ledger is made in rollback-journal mode, so that its header
   * (application_id) is in the main file before anyone else reads it. */
  if (!migrate (self, version, is_new, error))
    return NULL;

  if (!scratch
      && (!mutual_ledger_exec (self, "PRAGMA journal_mode = WAL", error)
          || !mutual_ledger_exec (self, "PRAGMA synchronous = NORMAL", error)))
    return NULL;

  if (version == MUTUAL_LEDGER_SCHEMA_VERSION && !load_currency (self, error))
    return NULL;
  if (self->currency == NULL)
    self->currency = g_strdup ("EUR");

  self->data_version = query_int (self, "PRAGMA data_version", 0);

  return g_steal_pointer (&self);
}

/* The ledger's lifetime total, the sum of its relationships'. */
#define SUM_LEDGER_TOTAL \
  "UPDATE ledger_total SET value = (SELECT coalesce (sum (value), 0) FROM relationship_total)," \
  "                        minutes = (SELECT coalesce (sum (minutes), 0) FROM relationship_total);"

gboolean
mutual_ledger_rebuild_totals (MutualLedger  *self,
                              GError       **error)
{
  g_return_val_if_fail (MUTUAL_IS_LEDGER (self), FALSE);

  /* sum () fails with "integer overflow" where the triggers' checks
   * would have refused a change. */
  return mutual_ledger_exec (self,
               "DELETE FROM relationship_total;"
               "INSERT INTO relationship_total"
               "  SELECT relationship, sum (value), sum (minutes) FROM relationship_day GROUP BY relationship;"
               SUM_LEDGER_TOTAL,
               error);
}

gboolean
mutual_ledger_sum_ledger_total (MutualLedger  *self,
                                GError       **error)
{
  g_return_val_if_fail (MUTUAL_IS_LEDGER (self), FALSE);

  return mutual_ledger_exec (self, SUM_LEDGER_TOTAL, error);
}

MutualLedger *
mutual_ledger_open (const char  *path,
                    GError     **error)
{
  return open_ledger (path, MUTUAL_LEDGER_SCHEMA_VERSION, FALSE, error);
}

MutualLedger *
mutual_ledger_open_scratch (const char  *path,
                            GError     **error)
{
  return open_ledger (path, MUTUAL_LEDGER_SCHEMA_VERSION, TRUE, error);
}

gboolean
mutual_ledger_complete_scratch (MutualLedger  *self,
                                GError       **error)
{
  g_return_val_if_fail (MUTUAL_IS_LEDGER (self), FALSE);

  /* The header says "write-ahead log" before the file is another
   * ledger: so its first opening, even one that changes nothing, does
   * not write to it. */
  return mutual_ledger_exec (self, "PRAGMA journal_mode = WAL", error)
         && mutual_ledger_exec (self, "PRAGMA synchronous = NORMAL", error);
}

MutualLedger *
mutual_ledger_open_at_version (const char  *path,
                               int          version,
                               GError     **error)
{
  g_return_val_if_fail (version >= 1 && version <= MUTUAL_LEDGER_SCHEMA_VERSION, NULL);
  return open_ledger (path, version, FALSE, error);
}

const char *
mutual_ledger_get_path (MutualLedger *self)
{
  g_return_val_if_fail (MUTUAL_IS_LEDGER (self), NULL);
  return self->path;
}

const char *
mutual_ledger_get_currency (MutualLedger *self)
{
  g_return_val_if_fail (MUTUAL_IS_LEDGER (self), "EUR");
  return self->currency;
}

int
mutual_ledger_get_digits (MutualLedger *self)
{
  g_return_val_if_fail (MUTUAL_IS_LEDGER (self), 2);
  return self->digits;
}

sqlite3 *
mutual_ledger_get_db (MutualLedger *self)
{
  g_return_val_if_fail (MUTUAL_IS_LEDGER (self), NULL);
  return self->db;
}

gboolean
mutual_ledger_is_empty (MutualLedger *self)
{
  return query_int (self, "SELECT EXISTS (SELECT 1 FROM relationship)", 1) == 0;
}

/* Transactions */

gboolean
mutual_ledger_begin (MutualLedger  *self,
                     GError       **error)
{
  g_return_val_if_fail (MUTUAL_IS_LEDGER (self), FALSE);

  if (self->transaction_depth == 0)
    {
      if (!mutual_ledger_exec (self, "BEGIN IMMEDIATE", error))
        return FALSE;
      self->wrote = FALSE;
    }
  self->transaction_depth++;
  return TRUE;
}

gboolean
mutual_ledger_begin_read (MutualLedger *self)
{
  g_return_val_if_fail (MUTUAL_IS_LEDGER (self), FALSE);

  /* Inside a transaction already: that one is the snapshot. */
  if (self->transaction_depth > 0 || !sqlite3_get_autocommit (self->db))
    return FALSE;
  return sqlite3_exec (self->db, "BEGIN DEFERRED", NULL, NULL, NULL) == SQLITE_OK;
}

void
mutual_ledger_end_read (MutualLedger *self,
                        gboolean      began)
{
  g_return_if_fail (MUTUAL_IS_LEDGER (self));

  if (began && !sqlite3_get_autocommit (self->db))
    sqlite3_exec (self->db, "COMMIT", NULL, NULL, NULL);
}

gboolean
mutual_ledger_commit (MutualLedger  *self,
                      GError       **error)
{
  g_return_val_if_fail (MUTUAL_IS_LEDGER (self), FALSE);
  g_return_val_if_fail (self->transaction_depth > 0, FALSE);

  if (self->transaction_depth > 1)
    {
      self->transaction_depth--;
      return TRUE;
    }

  if (!mutual_ledger_exec (self, "COMMIT", error))
    {
      mutual_ledger_rollback (self);
      return FALSE;
    }
  self->transaction_depth = 0;

  if (self->wrote)
    {
      self->local_changes++;
      g_signal_emit (self, signals[CHANGED], 0);
    }
  return TRUE;
}

void
mutual_ledger_note_write (MutualLedger *self)
{
  g_return_if_fail (MUTUAL_IS_LEDGER (self));
  self->wrote = TRUE;
}

void
mutual_ledger_rollback (MutualLedger *self)
{
  g_return_if_fail (MUTUAL_IS_LEDGER (self));

  if (self->transaction_depth == 0)
    return;
  sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
  self->transaction_depth = 0;
  self->wrote = FALSE;
}

/* Runs a write inside its own transaction unless one is open. */
#define WRITE_BEGIN(self, error) \
  if (!mutual_ledger_begin ((self), (error))) \
    return FALSE
#define WRITE_END(self, ok, error) \
  G_STMT_START { \
    if (ok) { (self)->wrote = TRUE; return mutual_ledger_commit ((self), (error)); } \
    if ((self)->transaction_depth == 1) mutual_ledger_rollback (self); \
    else (self)->transaction_depth--; \
    return FALSE; \
  } G_STMT_END

gint64
mutual_ledger_get_change_count (MutualLedger *self)
{
  g_return_val_if_fail (MUTUAL_IS_LEDGER (self), 0);
  return query_int (self, "PRAGMA data_version", 0) + self->local_changes;
}

gboolean
mutual_ledger_poll (MutualLedger *self)
{
  gint64 version;

  g_return_val_if_fail (MUTUAL_IS_LEDGER (self), FALSE);

  if (self->transaction_depth > 0)
    return FALSE;
  version = query_int (self, "PRAGMA data_version", self->data_version);
  if (version == self->data_version)
    return FALSE;
  self->data_version = version;
  g_signal_emit (self, signals[CHANGED], 0);
  return TRUE;
}

gboolean
mutual_ledger_set_currency (MutualLedger  *self,
                            const char    *code,
                            GError       **error)
{
  sqlite3_stmt *stmt;
  gboolean ok;

  g_return_val_if_fail (MUTUAL_IS_LEDGER (self), FALSE);

  if (!mutual_currency_is_known (code))
    {
      g_set_error (error, MUTUAL_ERROR, MUTUAL_ERROR_DATA,
                   _("“%s” is not an ISO 4217 currency code Mutual knows."),
                   code ? code : "");
      return FALSE;
    }
  if (g_strcmp0 (code, self->currency) == 0)
    return TRUE;

  WRITE_BEGIN (self, error);
  ok = query_int (self, "SELECT EXISTS (SELECT 1 FROM exchange)", 1) == 0;
  if (!ok)
    g_set_error (error, MUTUAL_ERROR, MUTUAL_ERROR_DATA,
                 _("The currency cannot change once the ledger holds exchanges."));
  if (ok)
    {
      stmt = mutual_ledger_statement (self, "INSERT OR REPLACE INTO meta (key, value) VALUES ('currency', ?1)", error);
      ok = stmt != NULL;
      if (ok)
        {
          sqlite3_bind_text (stmt, 1, code, -1, SQLITE_TRANSIENT);
          ok = step_done (self, stmt, error);
        }
    }
  if (ok)
    {
      g_free (self->currency);
      self->currency = g_strdup (code);
      self->digits = mutual_currency_digits (code);
    }
  WRITE_END (self, ok, error);
}

/* Relationships */

static char *
name_key (const char *name)
{
  g_autofree char *normalized = g_utf8_normalize (name, -1, G_NORMALIZE_NFC);

  return g_utf8_casefold (normalized ? normalized : name, -1);
}

static void
bind_text_or_null (sqlite3_stmt *stmt,
                   int           index,
                   const char   *text)
{
  if (text && *text)
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, index);
}

static char *
column_text_or_null (sqlite3_stmt *stmt,
                     int           index)
{
  const char *text = (const char *) sqlite3_column_text (stmt, index);

  return text ? g_strdup (text) : NULL;
}

static gboolean
check_relationship (MutualLedger              *self,
                    const MutualRelationship  *rel,
                    GError                   **error)
{
  g_autofree char *problem = mutual_relationship_check (rel);

  if (problem)
    {
      g_set_error_literal (error, MUTUAL_ERROR, MUTUAL_ERROR_DATA, problem);
      return FALSE;
    }
  if (rel->uuid && !g_uuid_string_is_valid (rel->uuid))
    {
      g_set_error (error, MUTUAL_ERROR, MUTUAL_ERROR_DATA,
                   _("The id “%s” is not a UUID."), rel->uuid);
      return FALSE;
    }
  return TRUE;
}

/* Turns a uniqueness failure into the sentence a person needs. */
static gboolean
relationship_write_error (MutualLedger              *self,
                          const MutualRelationship  *rel,
                          int                        rc,
                          GError                   **error)
{
  if (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY)
    {
      if (strstr (sqlite3_errmsg (self->db), "name_key"))
        g_set_error (error, MUTUAL_ERROR, MUTUAL_ERROR_DATA,
                     _("A relationship named “%s” already exists."), rel->name);
      else
        g_set_error (error, MUTUAL_ERROR, MUTUAL_ERROR_DATA,
                     _("A relationship with the id “%s” already exists."),
                     rel->uuid ? rel->uuid : "");
      return FALSE;
    }
  return mutual_ledger_set_sqlite_error (self, rc, error);
}

static char *
strip_copy (const char *text)
{
  return text ? g_strstrip (g_strdup (text)) : NULL;
}

static char *relationship_name (MutualLedger *self,
                                gint64        id);

/* The relationship of the first row @sql finds for the key ?1 that is
 * not relationship ?2 (an alias's, or a name's): its id, 0 for none, -1
 * with @error set. */
static gint64
other_relationship_with_key (MutualLedger  *self,
                             const char    *sql,
                             const char    *key,
                             gint64         not_id,
                             GError       **error)
{
  sqlite3_stmt *stmt = mutual_ledger_statement (self, sql, error);
  gint64 other = 0;
  int rc;

  if (stmt == NULL)
    return -1;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, not_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    other = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      mutual_ledger_set_sqlite_error (self, rc, error);
      return -1;
    }
  return other;
}

/* The SQL below names the type by its number. */
G_STATIC_ASSERT (MUTUAL_IDENTIFIER_ALIAS == 2);

/* Importers match a row's counterparty by alias before they match it by
 * name: a relationship named as another one's alias would never receive
 * its rows. Inside the write transaction; @key is name_key() of @name,
 * @id the relationship that takes the name (0 for a new one). */
static gboolean
check_name_not_alias (MutualLedger  *self,
                      gint64         id,
                      const char    *name,
                      const char    *key,
                      GError       **error)
{
  gint64 holder = other_relationship_with_key (self,
                                               "SELECT relationship FROM identifier"
                                               " WHERE type = 2 AND value_key = ?1 AND relationship != ?2",
                                               key, id, error);

  if (holder < 0)
    return FALSE;
  if (holder > 0)
    {
      g_autofree char *owner = relationship_name (self, holder);

      /* TRANSLATORS: a relationship's new name that is another one's alias */
      g_set_error (error, MUTUAL_ERROR, MUTUAL_ERROR_DATA,
                   _("“%s” is an alias of the relationship “%s”, which would take every row meant for it."),
                   name, owner ? owner : "");
      return FALSE;
    }
  return TRUE;
}

/* Whether relationship @id is named by @key now. */
static gboolean
has_name_key (MutualLedger *self,
              gint64        id,
              const char   *key)
{
  sqlite3_stmt *stmt = mutual_ledger_statement (self, "SELECT name_key = ?2 FROM relationship WHERE id = ?1", NULL);
  gboolean same = FALSE;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_text (stmt, 2, key, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    same = sqlite3_column_int (stmt, 0) != 0;
  sqlite3_reset (stmt);
  return same;
}

gboolean
mutual_ledger_add_relationship (MutualLedger        *self,
                                MutualRelationship  *rel,
                                GError             **error)
{
  g_autofree char *uuid = NULL;
  g_autofree char *key = NULL;
  g_autofree char *name = NULL;
  sqlite3_stmt *stmt;
  gboolean ok = FALSE;
  int rc;

  g_return_val_if_fail (MUTUAL_IS_LEDGER (self), FALSE);
  g_return_val_if_fail (rel != NULL, FALSE);

  name = strip_copy (rel->name);
  g_free (rel->name);
  rel->name = g_steal_pointer (&name);
  if (!check_relationship (self, rel, error))
    return FALSE;

  uuid = rel->uuid ? g_ascii_strdown (rel->uuid, -1) : g_uuid_string_random ();
  key = name_key (rel->name);

  WRITE_BEGIN (self, error);
  stmt = check_name_not_alias (self, 0, rel->name, key, error)
         ? mutual_ledger_statement (self,
                    "INSERT INTO relationship (uuid, name, name_key, organization, role,"
                    " notes, created, archived, override, override_reason)"
                    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                    error)
         : NULL;
  if (stmt)
    {
      sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, rel->name, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, key, -1, SQLITE_STATIC);
      bind_text_or_null (stmt, 4, rel->organization);
      sqlite3_bind_int (stmt, 5, rel->role);
      bind_text_or_null (stmt, 6, rel->notes);
      sqlite3_bind_int64 (stmt, 7, rel->created);
      sqlite3_bind_int (stmt, 8, rel->archived ? 1 : 0);
      sqlite3_bind_int (stmt, 9, rel->override);
      bind_text_or_null (stmt, 10, rel->override != MUTUAL_CLASS_NONE ? rel->override_reason : NULL);
      rc = sqlite3_step (stmt);
      sqlite3_reset (stmt);
      if (rc == SQLITE_DONE)
        {
          rel->id = sqlite3_last_insert_rowid (self->db);
          g_free (rel->uuid);
          rel->uuid = g_steal_pointer (&uuid);
          ok = TRUE;
        }
      else
        relationship_write_error (self, rel, rc, error);
    }
  WRITE_END (self, ok, error);
}

gboolean
mutual_ledger_update_relationship (MutualLedger              *self,
                                   const MutualRelationship  *rel,
                                   GError                   **error)
{
  g_autoptr(MutualRelationship) copy = NULL;
  g_autofree char *key = NULL;
  sqlite3_stmt *stmt;
  gboolean ok = FALSE;
  int rc;

  g_return_val_if_fail (MUTUAL_IS_LEDGER (self), FALSE);
  g_return_val_if_fail (rel != NULL && rel->id > 0, FALSE);

  copy = mutual_relationship_copy (rel);
  g_free (copy->name);
  copy->name = strip_copy (rel->name);
  if (!check_relationship (self, copy, error))
    return FALSE;
  key = name_key (copy->name);

  WRITE_BEGIN (self, error);
  /* Only a new name is checked: a ledger made before the check may hold
   * such a pair, and editing its notes must still work. */
  stmt = has_name_key (self, copy->id, key) || check_name_not_alias (self, copy->id, copy->name, key, error)
         ? mutual_ledger_statement (self,
                    "UPDATE relationship SET name = ?2, name_key = ?3, organization = ?4,"
                    " role = ?5, notes = ?6, created = ?7, archived = ?8, override = ?9,"
                    " override_reason = ?10, uuid = coalesce (?11, uuid) WHERE id = ?1",
                    error)
         : NULL;
  if (stmt)
    {
      sqlite3_bind_int64 (stmt, 1, copy->id);
      sqlite3_bind_text (stmt, 2, copy->name, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, key, -1, SQLITE_STATIC);
      bind_text_or_null (stmt, 4, copy->organization);
      sqlite3_bind_int (stmt, 5, copy->role);
      bind_text_or_null (stmt, 6, copy->notes);
      sqlite3_bind_int64 (stmt, 7, copy->created);
      sqlite3_bind_int (stmt, 8, copy->archived ? 1 : 0);
      sqlite3_bind_int (stmt, 9, copy->override);
      bind_text_or_null (stmt, 10, copy->override != MUTUAL_CLASS_NONE ? copy->override_reason : NULL);
      if (copy->uuid)
        {
          g_autofree char *lower = g_ascii_strdown (copy->uuid, -1);
          sqlite3_bind_text (stmt, 11, lower, -1, SQLITE_TRANSIENT);
        }
      rc = sqlite3_step (stmt);
      sqlite3_reset (stmt);
      if (rc != SQLITE_DONE)
        relationship_write_error (self, copy, rc, error);
      else if (sqlite3_changes (self->db) == 0)
        g_set_error (error, MUTUAL_ERROR, MUTUAL_ERROR_DATA,
                     _("The relationship “%s” no longer exists."), copy->name);
      else
        ok = TRUE;
    }
  WRITE_END (self, ok, error);
}

gboolean
mutual_ledger_delete_relationship (MutualLedger  *self,
                                   gint64         id,
                                   GError       **error)
{
  sqlite3_stmt *stmt;
  gboolean ok = FALSE;

  g_return_val_if_fail (MUTUAL_IS_LEDGER (self), FALSE);

  WRITE_BEGIN (self, error);
  stmt = mutual_ledger_statement (self, "DELETE FROM relationship WHERE id = ?1", error);
  if (stmt)
    {
      sqlite3_bind_int64 (stmt, 1, id);
      ok = step_done (self, stmt, error);
    }
  WRITE_END (self, ok, error);
}

#define RELATIONSHIP_COLUMNS \
  "id, uuid, name, organization, role, notes, created, archived, override, override_reason"

static MutualRelationship *
relationship_from_row (sqlite3_stmt *stmt)
{
  MutualRelationship *rel = g_new0 (MutualRelationship, 1);

  rel->id = sqlite3_column_int64 (stmt, 0);
  rel->uuid = column_text_or_null (stmt, 1);
  rel->name = column_text_or_null (stmt, 2);
  rel->organization = column_text_or_null (stmt, 3);
  rel->role = (MutualRole) sqlite3_column_int (stmt, 4);
  rel->notes = column_text_or_null (stmt, 5);
  rel->created = sqlite3_column_int64 (stmt, 6);
  rel->archived = sqlite3_column_int (stmt, 7) != 0;
  rel->override = (MutualClass) sqlite3_column_int (stmt, 8);
  rel->override_reason = column_text_or_null (stmt, 9);
  return rel;
}

static MutualRelationship *
fetch_one_relationship (MutualLedger  *self,
                        sqlite3_stmt  *stmt,
                        const char    *what,
                        GError       **error)
{
  MutualRelationship *rel = NULL;
  int rc = sqlite3_step (stmt);

  if (rc == SQLITE_ROW)
    rel = relationship_from_row (stmt);
  else if (rc == SQLITE_DONE)
    g_set_error (error, MUTUAL_ERROR, MUTUAL_ERROR_DATA,
                 _("There is no relationship “%s” in the ledger."), what);
  else
    mutual_ledger_set_sqlite_error (self, rc, error);
  sqlite3_reset (stmt);
  return rel;
}

MutualRelationship *
mutual_ledger_get_relationship (MutualLedger  *self,
                                gint64         id,
                                GError       **error)
{
  sqlite3_stmt *stmt;
  char what[32];

  g_return_val_if_fail (MUTUAL_IS_LEDGER (self), NULL);

  stmt = mutual_ledger_statement (self, "SELECT " RELATIONSHIP_COLUMNS " FROM relationship WHERE id = ?1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  g_snprintf (what, sizeof what, "#%" G_GINT64_FORMAT, id);
  return fetch_one_relationship (self, stmt, what, error);
}

MutualRelationship *
mutual_ledger_get_relationship_by_uuid (MutualLedger  *self,
                                        const char    *uuid,
                                        GError       **error)
{
  g_autofree char *lower = g_ascii_strdown (uuid, -1);
  sqlite3_stmt *stmt;

  stmt = mutual_ledger_statement (self, "SELECT " RELATIONSHIP_COLUMNS " FROM relationship WHERE uuid = ?1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, lower, -1, SQLITE_STATIC);
  return fetch_one_relationship (self, stmt, uuid, error);
}

MutualRelationship *
mutual_ledger_find_relationship (MutualLedger  *self,
                                 const char    *name_or_uuid,
                                 GError       **error)
{
  g_autofree char *key = NULL;
  g_autofree char *stripped = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (MUTUAL_IS_LEDGER (self), NULL);

  if (name_or_uuid == NULL || !g_utf8_validate (name_or_uuid, -1, NULL))
    {
      g_set_error (error, MUTUAL_ERROR, MUTUAL_ERROR_DATA,
                   _("The relationship name is not valid text."));
      return NULL;
    }

  if (g_uuid_string_is_valid (name_or_uuid))
    {
      MutualRelationship *rel = mutual_ledger_get_relationship_by_uuid (self, name_or_uuid, NULL);

      if (rel)
        return rel;
    }

  stripped = strip_copy (name_or_uuid);
  key = name_key (stripped);
  stmt = mutual_ledger_statement (self, "SELECT " RELATIONSHIP_COLUMNS " FROM relationship WHERE name_key = ?1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  return fetch_one_relationship (self, stmt, name_or_uuid, error);
}

GPtrArray *
mutual_ledger_list_relationships (MutualLedger  *self,
                                  gboolean       include_archived,
                                  GError       **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) mutual_relationship_free);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (MUTUAL_IS_LEDGER (self), NULL);

  stmt = mutual_ledger_statement (self,
                    "SELECT " RELATIONSHIP_COLUMNS " FROM relationship"
                    " WHERE archived = 0 OR ?1 ORDER BY name_key, id",
                    error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int (stmt, 1, include_archived ? 1 : 0);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (list, relationship_from_row (stmt));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      mutual_ledger_set_sqlite_error (self, rc, error);
      return NULL;
    }
  return g_steal_pointer (&list);
}

gint64
mutual_ledger_count_relationships (MutualLedger *self)
{
  return query_int (self, "SELECT count(*) FROM relationship", 0);
}

/* Exchanges */

static gboolean
check_exchange (const MutualExchange  *exchange,
                GError               **error)
{
  g_autofree char *problem = mutual_exchange_check (exchange);

  if (problem)
    {
      g_set_error_literal (error, MUTUAL_ERROR, MUTUAL_ERROR_DATA, problem);
      return FALSE;
    }
  if (exchange->uuid && !g_uuid_string_is_valid (exchange->uuid))
    {
      g_set_error (error, MUTUAL_ERROR, MUTUAL_ERROR_DATA,
                   _("The id “%s” is not a UUID."), exchange->uuid);
      return FALSE;
    }
  return TRUE;
}

static void
bind_exchange (sqlite3_stmt         *stmt,
               const MutualExchange *exchange)
{
  sqlite3_bind_int64 (stmt, 2, exchange->relationship_id);
  sqlite3_bind_int (stmt, 3, (int) exchange->date);
  sqlite3_bind_int (stmt, 4, exchange->direction);
  sqlite3_bind_int (stmt, 5, exchange->kind);
  sqlite3_bind_int64 (stmt, 6, exchange->value);
  if (exchange->minutes >= 0)
    sqlite3_bind_int64 (stmt, 7, exchange->minutes);
  else
    sqlite3_bind_null (stmt, 7);
  bind_text_or_null (stmt, 8, exchange->note);
}

static gboolean
exchange_write_error (MutualLedger          *self,
                      const MutualExchange  *exchange,
                      int                    rc,
                      GError               **error)
{
  if (rc == SQLITE_CONSTRAINT_FOREIGNKEY)
    {
      g_set_error (error, MUTUAL_ERROR, MUTUAL_ERROR_DATA,
                   _("The exchange belongs to a relationship that does not exist."));
      return FALSE;
    }
  /* The uuid's key is taken (a row id taken is not the exchange's to
   * answer for: the ledger's own sentence follows). */
  if (rc == SQLITE_CONSTRAINT_UNIQUE
      || (rc == SQLITE_CONSTRAINT_PRIMARYKEY && strstr (sqlite3_errmsg (self->db), "exchange_key")))
    {
      g_set_error (error, MUTUAL_ERROR, MUTUAL_ERROR_DATA,
                   _("An exchange with the id “%s” already exists."),
                   exchange->uuid ? exchange->uuid : "");
      return FALSE;
    }
  return mutual_ledger_set_sqlite_error (self, rc, error);
}

gboolean
mutual_ledger_add_exchange (MutualLedger    *self,
                            MutualExchange  *exchange,
                            GError         **error)
{
  g_autofree char *uuid = NULL;
  sqlite3_stmt *stmt;
  gboolean ok = FALSE;
  int rc;

  g_return_val_if_fail (MUTUAL_IS_LEDGER (self), FALSE);
  g_return_val_if_fail (exchange != NULL, FALSE);

  if (!check_exchange (exchange, error))
    return FALSE;
  uuid = exchange->uuid ? g_ascii_strdown (exchange->uuid, -1) : g_uuid_string_random ();

  WRITE_BEGIN (self, error);
  stmt = mutual_ledger_statement (self,
                    "INSERT INTO exchange (uuid, relationship, date, direction, kind,"
                    " value, minutes, note) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                    error);
  if (stmt)
    {
      sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_STATIC);
      bind_exchange (stmt, exchange);
      rc = sqlite3_step (stmt);
      sqlite3_reset (stmt);
      if (rc == SQLITE_DONE)
        {
          exchange->id = sqlite3_last_insert_rowid (self->db);
          g_free (exchange->uuid);
          exchange->uuid = g_steal_pointer (&uuid);
          ok = TRUE;
        }
      else
        exchange_write_error (self, exchange, rc, error);
    }
  WRITE_END (self, ok, error);
}

gboolean
mutual_ledger_update_exchange (MutualLedger          *self,
                               const MutualExchange  *exchange,
                               GError               **error)
{
  sqlite3_stmt *stmt;
  gboolean ok = FALSE;
  int rc;

  g_return_val_if_fail (MUTUAL_IS_LEDGER (self), FALSE);
  g_return_val_if_fail (exchange != NULL && exchange->id > 0, FALSE);

  if (!check_exchange (exchange, error))
    return FALSE;

  WRITE_BEGIN (self, error);
  stmt = mutual_ledger_statement (self,
                    "UPDATE exchange SET relationship = ?2, date = ?3, direction = ?4,"
                    " kind = ?5, value = ?6, minutes = ?7, note = ?8,"
                    " uuid = coalesce (?9, uuid) WHERE id = ?1",
                    error);
  if (stmt)
    {
      sqlite3_bind_int64 (stmt, 1, exchange->id);
      bind_exchange (stmt, exchange);
      if (exchange->uuid)
        {
          g_autofree char *lower = g_ascii_strdown (exchange->uuid, -1);
          sqlite3_bind_text (stmt, 9, lower, -1, SQLITE_TRANSIENT);
        }
      rc = sqlite3_step (stmt);
      sqlite3_reset (stmt);
      if (rc != SQLITE_DONE)
        exchange_write_error (self, exchange, rc, error);
      else if (sqlite3_changes (self->db) == 0)
        g_set_error (error, MUTUAL_ERROR, MUTUAL_ERROR_DATA,
                     _("The exchange no longer exists."));
      else
        ok = TRUE;
    }
  WRITE_END (self, ok, error);
}

gboolean
mutual_ledger_delete_exchange (MutualLedger  *self,
                               gint64         id,
                               GError       **error)
{
  sqlite3_stmt *stmt;
  gboolean ok = FALSE;

  g_return_val_if_fail (MUTUAL_IS_LEDGER (self), FALSE);

  WRITE_BEGIN (self, error);
  stmt = mutual_ledger_statement (self, "DELETE FROM exchange WHERE id = ?1", error);
  if (stmt)
    {
      sqlite3_bind_int64 (stmt, 1, id);
      ok = step_done (self, stmt, error);
    }
  WRITE_END (self, ok, error);
}

#define EXCHANGE_COLUMNS \
  "id, uuid, relationship, date, direction, kind, value, minutes, note"

static void
exchange_fill_from_row (MutualExchange *exchange,
                        sqlite3_stmt   *stmt)
{
  exchange->id = sqlite3_column_int64 (stmt, 0);
  exchange->uuid = column_text_or_null (stmt, 1);
  exchange->relationship_id = sqlite3_column_int64 (stmt, 2);
  exchange->date = (MutualDate) sqlite3_column_int (stmt, 3);
  exchange->direction = (MutualDirection) sqlite3_column_int (stmt, 4);
  exchange->kind = (MutualKind) sqlite3_column_int (stmt, 5);
  exchange->value = sqlite3_column_int64 (stmt, 6);
  exchange->minutes = sqlite3_column_type (stmt, 7) == SQLITE_NULL
                      ? -1 : sqlite3_column_int64 (stmt, 7);
  exchange->note = column_text_or_null (stmt, 8);
}

static MutualExchange *
fetch_one_exchange (MutualLedger  *self,
                    sqlite3_stmt  *stmt,
                    GError       **error)
{
  MutualExchange *exchange = NULL;
  int rc = sqlite3_step (stmt);

  if (rc == SQLITE_ROW)
    {
      exchange = g_new0 (MutualExchange, 1);
      exchange_fill_from_row (exchange, stmt);
    }
  else if (rc == SQLITE_DONE)
    g_set_error (error, MUTUAL_ERROR, MUTUAL_ERROR_DATA,
                 _("There is no such exchange in the ledger."));
  else
    mutual_ledger_set_sqlite_error (self, rc, error);
  sqlite3_reset (stmt);
  return exchange;
}

MutualExchange *
mutual_ledger_get_exchange (MutualLedger  *self,
                            gint64         id,
                            GError       **error)
{
  sqlite3_stmt *stmt = mutual_ledger_statement (self, "SELECT " EXCHANGE_COLUMNS " FROM exchange WHERE id = ?1", error);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  return fetch_one_exchange (self, stmt, error);
}

MutualExchange *
mutual_ledger_get_exchange_by_uuid (MutualLedger  *self,
                                    const char    *uuid,
                                    GError       **error)
{
  g_autofree char *lower = g_ascii_strdown (uuid, -1);
  sqlite3_stmt *stmt = mutual_ledger_statement (self, "SELECT " EXCHANGE_COLUMNS " FROM exchange"
                                                                " WHERE id = (SELECT exchange FROM exchange_key WHERE uuid = ?1)", error);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, lower, -1, SQLITE_STATIC);
  return fetch_one_exchange (self, stmt, error);
}

/* The rows of a bound statement as MutualExchange *, and the statement
 * reset: NULL with @error when SQLite fails. */
static GPtrArray *
collect_exchanges (MutualLedger  *self,
                   sqlite3_stmt  *stmt,
                   guint          limit,
                   GError       **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_full (limit < 4096 ? limit : 4096,
                                                    (GDestroyNotify) mutual_exchange_free);
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      MutualExchange *exchange = g_new0 (MutualExchange, 1);

      exchange_fill_from_row (exchange, stmt);
      g_ptr_array_add (list, exchange);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      mutual_ledger_set_sqlite_error (self, rc, error);
      return NULL;
    }
  return g_steal_pointer (&list);
}

GPtrArray *
mutual_ledger_list_exchanges (MutualLedger        *self,
                              gint64               relationship_id,
                              MutualExchangeSort   sort,
                              gboolean             descending,
                              guint                offset,
                              guint                limit,
                              GError             **error)
{
  /* One statement per order and scope, so each keeps its own plan: an
   * "OR ?1 = 0" would keep SQLite from searching the relationship index. */
#define ONE " FROM exchange WHERE relationship = ?1 ORDER BY "
#define ALL " FROM exchange WHERE ?1 = 0 ORDER BY "
#define PAGE " LIMIT ?2 OFFSET ?3"
#define ORDERS(scope) \
    { "SELECT " EXCHANGE_COLUMNS scope "date, id" PAGE, \
      "SELECT " EXCHANGE_COLUMNS scope "date DESC, id DESC" PAGE }, \
    { "SELECT " EXCHANGE_COLUMNS scope "direction, date, id" PAGE, \
      "SELECT " EXCHANGE_COLUMNS scope "direction DESC, date DESC, id DESC" PAGE }, \
    { "SELECT " EXCHANGE_COLUMNS scope "kind, date, id" PAGE, \
      "SELECT " EXCHANGE_COLUMNS scope "kind DESC, date DESC, id DESC" PAGE }, \
    { "SELECT " EXCHANGE_COLUMNS scope "value, date, id" PAGE, \
      "SELECT " EXCHANGE_COLUMNS scope "value DESC, date DESC, id DESC" PAGE }, \
    { "SELECT " EXCHANGE_COLUMNS scope "coalesce (minutes, -1), date, id" PAGE, \
      "SELECT " EXCHANGE_COLUMNS scope "coalesce (minutes, -1) DESC, date DESC, id DESC" PAGE }, \
    { "SELECT " EXCHANGE_COLUMNS scope "coalesce (note, '') COLLATE NOCASE, date, id" PAGE, \
      "SELECT " EXCHANGE_COLUMNS scope "coalesce (note, '') COLLATE NOCASE DESC, date DESC, id DESC" PAGE }
  static const char * const sql[2][6][2] = { { ORDERS (ALL) }, { ORDERS (ONE) } };
#undef ORDERS
#undef PAGE
#undef ALL
#undef ONE
  sqlite3_stmt *stmt;

  g_return_val_if_fail (MUTUAL_IS_LEDGER (self), NULL);
  g_return_val_if_fail (sort <= MUTUAL_EXCHANGE_SORT_NOTE, NULL);

  stmt = mutual_ledger_statement (self, sql[relationship_id != 0][sort][descending ? 1 : 0], error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, relationship_id);
  sqlite3_bind_int64 (stmt, 2, limit);
  sqlite3_bind_int64 (stmt, 3, offset);

  return collect_exchanges (self, stmt, limit, error);
}

gint64
mutual_ledger_count_exchanges (MutualLedger *self,
                               gint64        relationship_id)
{
  sqlite3_stmt *stmt;
  gint64 count = 0;

  /* From the day totals: a few thousand rows for the largest. */
  if (relationship_id == 0)
    return query_int (self, "SELECT coalesce (sum (exchanges), 0) FROM ledger_day", 0);

  stmt = mutual_ledger_statement (self,
                    "SELECT coalesce (sum (exchanges), 0) FROM relationship_day"
                    " WHERE relationship = ?1",
                    NULL);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, relationship_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    count = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return count;
}

gboolean
mutual_exchange_filter_is_set (const MutualExchangeFilter *filter)
{
  return filter != NULL
         && (filter->from != 0 || filter->to != 0 || filter->direction >= 0
             || filter->kind >= 0 || (filter->search != NULL && filter->search[0] != '\0'));
}

/* ?4 … ?8: from, to, direction, kind, folded search text. */
#define FILTER \
  " FROM exchange WHERE relationship = ?1" \
  " AND date BETWEEN ?4 AND ?5" \
  " AND (?6 < 0 OR direction = ?6) AND (?7 < 0 OR kind = ?7)" \
  " AND (?8 IS NULL OR instr (mutual_fold (coalesce (note, '')), ?8) > 0)"

static void
bind_filter (sqlite3_stmt               *stmt,
             const MutualExchangeFilter *filter)
{
  MutualExchangeFilter none = MUTUAL_EXCHANGE_FILTER_INIT;

  if (filter == NULL)
    filter = &none;
  sqlite3_bind_int64 (stmt, 4, filter->from);
  sqlite3_bind_int64 (stmt, 5, filter->to != 0 ? filter->to : G_MAXUINT32);
  sqlite3_bind_int (stmt, 6, filter->direction);
  sqlite3_bind_int (stmt, 7, filter->kind);
  if (filter->search != NULL && filter->search[0] != '\0')
    sqlite3_bind_text (stmt, 8, g_utf8_casefold (filter->search, -1), -1, g_free);
  else
    sqlite3_bind_null (stmt, 8);
}

GPtrArray *
mutual_ledger_list_exchanges_filtered (MutualLedger               *self,
                                       gint64                      relationship_id,
                                       const MutualExchangeFilter *filter,
                                       MutualExchangeSort          sort,
                                       gboolean                    descending,
                                       guint                       offset,
                                       guint                       limit,
                                       GError                    **error)
{
#define PAGE " LIMIT ?2 OFFSET ?3"
  static const char * const sql[6][2] = {
    { "SELECT " EXCHANGE_COLUMNS FILTER " ORDER BY date, id" PAGE,
      "SELECT " EXCHANGE_COLUMNS FILTER " ORDER BY date DESC, id DESC" PAGE },
    { "SELECT " EXCHANGE_COLUMNS FILTER " ORDER BY direction, date, id" PAGE,
      "SELECT " EXCHANGE_COLUMNS FILTER " ORDER BY direction DESC, date DESC, id DESC" PAGE },
    { "SELECT " EXCHANGE_COLUMNS FILTER " ORDER BY kind, date, id" PAGE,
      "SELECT " EXCHANGE_COLUMNS FILTER " ORDER BY kind DESC, date DESC, id DESC" PAGE },
    { "SELECT " EXCHANGE_COLUMNS FILTER " ORDER BY value, date, id" PAGE,
      "SELECT " EXCHANGE_COLUMNS FILTER " ORDER BY value DESC, date DESC, id DESC" PAGE },
    { "SELECT " EXCHANGE_COLUMNS FILTER " ORDER BY coalesce (minutes, -1), date, id" PAGE,
      "SELECT " EXCHANGE_COLUMNS FILTER " ORDER BY coalesce (minutes, -1) DESC, date DESC, id DESC" PAGE },
    { "SELECT " EXCHANGE_COLUMNS FILTER " ORDER BY coalesce (note, '') COLLATE NOCASE, date, id" PAGE,
      "SELECT " EXCHANGE_COLUMNS FILTER " ORDER BY coalesce (note, '') COLLATE NOCASE DESC, date DESC, id DESC" PAGE },
  };
#undef PAGE
  sqlite3_stmt *stmt;

  g_return_val_if_fail (MUTUAL_IS_LEDGER (self), NULL);
  g_return_val_if_fail (relationship_id != 0, NULL);
  g_return_val_if_fail (sort <= MUTUAL_EXCHANGE_SORT_NOTE, NULL);

  stmt = mutual_ledger_statement (self, sql[sort][descending ? 1 : 0], error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, relationship_id);
  sqlite3_bind_int64 (stmt, 2, limit);
  sqlite3_bind_int64 (stmt, 3, offset);
  bind_filter (stmt, filter);

  return collect_exchanges (self, stmt, limit, error);
}

gint64
mutual_ledger_count_exchanges_filtered (MutualLedger               *self,
                                        gint64                      relationship_id,
                                        const MutualExchangeFilter *filter,
                                        GError                    **error)
{
  sqlite3_stmt *stmt;
  gint64 count;
  int rc;

  g_return_val_if_fail (MUTUAL_IS_LEDGER (self), -1);

  if (!mutual_exchange_filter_is_set (filter))
    return mutual_ledger_count_exchanges (self, relationship_id);

  stmt = mutual_ledger_statement (self, "SELECT count (*)" FILTER, error);
  if (stmt == NULL)
    return -1;
  sqlite3_bind_int64 (stmt, 1, relationship_id);
  bind_filter (stmt, filter);
  rc = sqlite3_step (stmt);
  count = rc == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : -1;
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    mutual_ledger_set_sqlite_error (self, rc, error);
  return count;
}

#undef FILTER

gboolean
mutual_ledger_foreach_exchange (MutualLedger        *self,
                                gint64               relationship_id,
                                MutualExchangeFunc   func,
                                gpointer             user_data,
                                GError             **error)
{
  sqlite3_stmt *stmt = NULL;
  const char *sql;
  int rc;
  gboolean ok = TRUE;

  g_return_val_if_fail (MUTUAL_IS_LEDGER (self), FALSE);

  /* A statement of its own: the callback may use the cached ones. */
  if (relationship_id != 0)
    sql = "SELECT " EXCHANGE_COLUMNS " FROM exchange WHERE relationship = ?1 ORDER BY date, id";
  else
    sql = "SELECT e.id, e.uuid, e.relationship, e.date, e.direction, e.kind, e.value,"
          " e.minutes, e.note FROM exchange e JOIN relationship r ON r.id = e.relationship"
          " ORDER BY r.name_key, r.id, e.date, e.id";

  rc = sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    return mutual_ledger_set_sqlite_error (self, rc, error);
  if (relationship_id != 0)
    sqlite3_bind_int64 (stmt, 1, relationship_id);

  while (ok && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      MutualExchange exchange = { 0 };

      exchange_fill_from_row (&exchange, stmt);
      ok = func (&exchange, user_data, error);
      g_free (exchange.uuid);
      g_free (exchange.note);
    }
  if (ok && rc != SQLITE_DONE)
    ok = mutual_ledger_set_sqlite_error (self, rc, error);
  sqlite3_finalize (stmt);
  return ok;
}

gboolean
mutual_ledger_get_date_range (MutualLedger  *self,
                              gint64         relationship_id,
                              MutualDate    *first,
                              MutualDate    *last,
                              GError       **error)
{
  sqlite3_stmt *stmt;
  int rc;

  if (relationship_id == 0)
    stmt = mutual_ledger_statement (self, "SELECT min (date), max (date) FROM ledger_day", error);
  else
    stmt = mutual_ledger_statement (self,
                      "SELECT min (date), max (date) FROM exchange WHERE relationship = ?1",
                      error);
  if (stmt == NULL)
    return FALSE;
  if (relationship_id != 0)
    sqlite3_bind_int64 (stmt, 1, relationship_id);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *first = (MutualDate) sqlite3_column_int (stmt, 0);
      *last = (MutualDate) sqlite3_column_int (stmt, 1);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    return mutual_ledger_set_sqlite_error (self, rc, error);
  return TRUE;
}

GArray *
mutual_ledger_daily_totals (MutualLedger  *self,
                            gint64         relationship_id,
                            MutualDate     to,
                            GError       **error)
{
  g_autoptr(GArray) days = g_array_new (FALSE, FALSE, sizeof (MutualDayTotal));
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (MUTUAL_IS_LEDGER (self), NULL);

  if (to == 0)
    to = MUTUAL_DATE_MAX;

  /* Both read day totals, already in date order. */
  if (relationship_id == 0)
    stmt = mutual_ledger_statement (self,
                      "SELECT date, direction, value FROM ledger_day"
                      " WHERE date <= ?2 ORDER BY date, direction",
                      error);
  else
    stmt = mutual_ledger_statement (self,
                      "SELECT date, direction, sum (value) FROM relationship_day"
                      " WHERE relationship = ?1 AND date <= ?2"
                      " GROUP BY date, direction ORDER BY date, direction",
                      error);
  if (stmt == NULL)
    return NULL;
  if (relationship_id != 0)
    sqlite3_bind_int64 (stmt, 1, relationship_id);
  sqlite3_bind_int (stmt, 2, (int) to);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      MutualDate date = (MutualDate) sqlite3_column_int (stmt, 0);
      MutualDayTotal *day;

      if (days->len == 0 || g_array_index (days, MutualDayTotal, days->len - 1).date != date)
        {
          MutualDayTotal fresh = { date, 0, 0 };
          g_array_append_val (days, fresh);
        }
      day = &g_array_index (days, MutualDayTotal, days->len - 1);
      if (sqlite3_column_int (stmt, 1) == MUTUAL_DIRECTION_GIVEN)
        day->given = sqlite3_column_int64 (stmt, 2);
      else
        day->received = sqlite3_column_int64 (stmt, 2);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      mutual_ledger_set_sqlite_error (self, rc, error);
      return NULL;
    }
  return g_steal_pointer (&days);
}

MutualLedger *
mutual_ledger_open_existing (const char  *path,
                             GError     **error)
{
  GStatBuf st;

  g_return_val_if_fail (path != NULL, NULL);

  /* Only "not there" is ours to report; any other failure (rights, a
   * FIFO…) is the ordinary opening's to judge. */
  if (g_stat (path, &st) != 0 && (errno == ENOENT || errno == ENOTDIR))
    {
      g_set_error (error, MUTUAL_ERROR, MUTUAL_ERROR_LEDGER,
                   _("There is no ledger at “%s”."), path);
      return NULL;
    }
  return mutual_ledger_open (path, error);
}

/* Tuning */

void
mutual_ledger_set_cache_size (MutualLedger *self,
                              gint64        kib)
{
  g_autofree char *sql = NULL;

  g_return_if_fail (MUTUAL_IS_LEDGER (self));

  /* Negative: a size in KiB rather than in pages. Only ever advice. */
  sql = g_strdup_printf ("PRAGMA cache_size = %" G_GINT64_FORMAT, -kib);
  sqlite3_exec (self->db, sql, NULL, NULL, NULL);
}

/* Puts back an exchange as it was, its rowid included: the list breaks
 * ties by id, so undoing a deletion must not reorder it. */
static gboolean
restore_exchange_row (MutualLedger          *self,
                      const MutualExchange  *exchange,
                      GError               **error)
{
  g_autofree char *uuid = NULL;
  sqlite3_stmt *stmt;
  int rc;

  if (!check_exchange (exchange, error))
    return FALSE;
  stmt = mutual_ledger_statement (self,
                    "INSERT INTO exchange (id, uuid, relationship, date, direction, kind,"
                    " value, minutes, note) VALUES (?9, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                    error);
  if (stmt == NULL)
    return FALSE;
  uuid = g_ascii_strdown (exchange->uuid, -1);
  sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_STATIC);
  bind_exchange (stmt, exchange);
  sqlite3_bind_int64 (stmt, 9, exchange->id);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return exchange_write_error (self, exchange, rc, error);
  return TRUE;
}

gboolean
mutual_ledger_restore_exchange (MutualLedger          *self,
                                const MutualExchange  *exchange,
                                GError               **error)
{
  gboolean ok;

  g_return_val_if_fail (MUTUAL_IS_LEDGER (self), FALSE);
  g_return_val_if_fail (exchange != NULL && exchange->id > 0 && exchange->uuid != NULL, FALSE);

  WRITE_BEGIN (self, error);
  ok = restore_exchange_row (self, exchange, error);
  WRITE_END (self, ok, error);
}

/* Whether the relationship @id is there; MUTUAL_ERROR_DATA if not. */
static gboolean
relationship_exists (MutualLedger  *self,
                     gint64         id,
                     GError       **error)
{
  sqlite3_stmt *stmt = mutual_ledger_statement (self, "SELECT 1 FROM relationship WHERE id = ?1", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc == SQLITE_ROW)
    return TRUE;
  if (rc != SQLITE_DONE)
    return mutual_ledger_set_sqlite_error (self, rc, error);
  g_set_error (error, MUTUAL_ERROR, MUTUAL_ERROR_DATA,
               _("The relationship no longer exists."));
  return FALSE;
}

static gboolean add_identifier_row (MutualLedger          *self,
                                    gint64                 relationship_id,
                                    MutualIdentifierType   type,
                                    const char            *value,
                                    gboolean               new_alias,
                                    GHashTable            *held,
                                    GError               **error);

gboolean
mutual_ledger_restore_relationship (MutualLedger              *self,
                                    const MutualRelationship  *rel,
                                    GPtrArray                 *exchanges,
                                    GPtrArray                 *identifiers,
                                    GError                   **error)
{
  g_autofree char *uuid = NULL;
  g_autofree char *key = NULL;
  sqlite3_stmt *stmt;
  gboolean ok = FALSE;
  int rc;

  g_return_val_if_fail (MUTUAL_IS_LEDGER (self), FALSE);
  g_return_val_if_fail (rel != NULL && rel->id > 0 && rel->uuid != NULL, FALSE);

  if (!check_relationship (self, rel, error))
    return FALSE;
  uuid = g_ascii_strdown (rel->uuid, -1);
  key = name_key (rel->name);

  WRITE_BEGIN (self, error);
  stmt = mutual_ledger_statement (self,
                    "INSERT INTO relationship (id, uuid, name, name_key, organization, role,"
                    " notes, created, archived, override, override_reason)"
                    " VALUES (?11, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                    error);
  if (stmt)
    {
      sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, rel->name, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, key, -1, SQLITE_STATIC);
      bind_text_or_null (stmt, 4, rel->organization);
      sqlite3_bind_int (stmt, 5, rel->role);
      bind_text_or_null (stmt, 6, rel->notes);
      sqlite3_bind_int64 (stmt, 7, rel->created);
      sqlite3_bind_int (stmt, 8, rel->archived ? 1 : 0);
      sqlite3_bind_int (stmt, 9, rel->override);
      bind_text_or_null (stmt, 10, rel->override != MUTUAL_CLASS_NONE ? rel->override_reason : NULL);
      sqlite3_bind_int64 (stmt, 11, rel->id);
      rc = sqlite3_step (stmt);
      sqlite3_reset (stmt);
      if (rc == SQLITE_DONE)
        ok = TRUE;
      else
        relationship_write_error (self, rel, rc, error);
    }
  for (guint i = 0; ok && exchanges != NULL && i < exchanges->len; i++)
    ok = restore_exchange_row (self, g_ptr_array_index (exchanges, i), error);
  for (guint i = 0; ok && identifiers != NULL && i < identifiers->len; i++)
    {
      const MutualIdentifier *identifier = g_ptr_array_index (identifiers, i);

      /* Put back as it was: an alias it held is not checked again. */
      ok = add_identifier_row (self, rel->id, identifier->type, identifier->value, FALSE, NULL, error);
    }
  WRITE_END (self, ok, error);
}

/* Identifiers */

/* The name of the relationship @id, for a sentence; never NULL. */
static char *
relationship_name (MutualLedger *self,
                   gint64        id)
{
  sqlite3_stmt *stmt = mutual_ledger_statement (self, "SELECT name FROM relationship WHERE id = ?1", NULL);
  char *name = NULL;

  if (stmt == NULL)
    return g_strdup ("?");
  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    name = column_text_or_null (stmt, 0);
  sqlite3_reset (stmt);
  return name ? name : g_strdup_printf ("#%" G_GINT64_FORMAT, id);
}

static void
set_identifier_taken_error (MutualIdentifierType   type,
                            const char            *value,
                            const char            *owner,
                            GError               **error)
{
  switch (type)
    {
    case MUTUAL_IDENTIFIER_EMAIL:
      g_set_error (error, MUTUAL_ERROR, MUTUAL_ERROR_DATA,
                   _("The e-mail address “%s” already belongs to the relationship “%s”."),
                   value, owner);
      break;
    case MUTUAL_IDENTIFIER_IBAN:
      g_set_error (error, MUTUAL_ERROR, MUTUAL_ERROR_DATA,
                   _("The IBAN “%s” already belongs to the relationship “%s”."),
                   value, owner);
      break;
    case MUTUAL_IDENTIFIER_ALIAS:
      g_set_error (error, MUTUAL_ERROR, MUTUAL_ERROR_DATA,
                   _("The alias “%s” already belongs to the relationship “%s”."),
                   value, owner);
      break;
    case MUTUAL_IDENTIFIER_NUMBER:
    case MUTUAL_N_IDENTIFIERS:
    default:
      g_set_error (error, MUTUAL_ERROR, MUTUAL_ERROR_DATA,
                   _("The customer number “%s” already belongs to the relationship “%s”."),
                   value, owner);
      break;
    }
}

/* The holder of (type, key): its id, 0 when none, -1 on error. */
static gint64
identifier_holder (MutualLedger          *self,
                   MutualIdentifierType   type,
                   const char            *key,
                   GError               **error)
{
  sqlite3_stmt *stmt;
  gint64 holder = 0;
  int rc;

  stmt = mutual_ledger_statement (self,
                    "SELECT relationship FROM identifier WHERE type = ?1 AND value_key = ?2",
                    error);
  if (stmt == NULL)
    return -1;
  sqlite3_bind_int (stmt, 1, type);
  sqlite3_bind_text (stmt, 2, key, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    holder = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      mutual_ledger_set_sqlite_error (self, rc, error);
      return -1;
    }
  return holder;
}

/* Inside a transaction: normalizes @value and adds it unless the
 * relationship holds it already. An alias that another relationship is
 * named is refused if @new_alias and its key is not in @held (the keys
 * the relationship had: putting back what the ledger accepted before,
 * in a ledger made before the check, is not a new alias). */
static gboolean
add_identifier_row (MutualLedger          *self,
                    gint64                 relationship_id,
                    MutualIdentifierType   type,
                    const char            *value,
                    gboolean               new_alias,
                    GHashTable            *held,
                    GError               **error)
{
  g_autofree char *normalized = NULL;
  g_autofree char *key = NULL;
  sqlite3_stmt *stmt;
  gint64 holder;
  int rc;

  if (type >= MUTUAL_N_IDENTIFIERS)
    {
      g_set_error (error, MUTUAL_ERROR, MUTUAL_ERROR_DATA,
                   _("The kind of identifier is not one Mutual knows."));
      return FALSE;
    }
  normalized = mutual_identifier_normalize (type, value, error);
  if (normalized == NULL)
    return FALSE;
  key = mutual_identifier_key (type, normalized);

  holder = identifier_holder (self, type, key, error);
  if (holder < 0)
    return FALSE;
  if (holder == relationship_id)
    return TRUE;
  if (holder > 0)
    {
      g_autofree char *owner = relationship_name (self, holder);

      set_identifier_taken_error (type, normalized, owner, error);
      return FALSE;
    }
  /* Importers match an alias before a name: another relationship's name
   * as this one's alias would take every row meant for it. An alias key
   * is the name key of the same text. */
  if (type == MUTUAL_IDENTIFIER_ALIAS && new_alias && (held == NULL || !g_hash_table_contains (held, key)))
    {
      gint64 named = other_relationship_with_key (self, "SELECT id FROM relationship WHERE name_key = ?1 AND id != ?2",
                                                  key, relationship_id, error);

      if (named < 0)
        return FALSE;
      if (named > 0)
        {
          g_autofree char *other = relationship_name (self, named);

          /* TRANSLATORS: an alias that another relationship is named */
          g_set_error (error, MUTUAL_ERROR, MUTUAL_ERROR_DATA,
                       _("The alias “%s” is the name of the relationship “%s”, whose rows it would take."),
                       normalized, other ? other : "");
          return FALSE;
        }
    }

  stmt = mutual_ledger_statement (self,
                    "INSERT INTO identifier (relationship, type, value, value_key)"
                    " VALUES (?1, ?2, ?3, ?4)",
                    error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, relationship_id);
  sqlite3_bind_int (stmt, 2, type);
  sqlite3_bind_text (stmt, 3, normalized, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, key, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc == SQLITE_CONSTRAINT_FOREIGNKEY)
    {
      g_set_error (error, MUTUAL_ERROR, MUTUAL_ERROR_DATA,
                   _("The relationship no longer exists."));
      return FALSE;
    }
  if (rc != SQLITE_DONE)
    return mutual_ledger_set_sqlite_error (self, rc, error);
  self->wrote = TRUE;
  return TRUE;
}

gboolean
mutual_ledger_add_identifier (MutualLedger          *self,
                              gint64                 relationship_id,
                              MutualIdentifierType   type,
                              const char            *value,
                              GError               **error)
{
  gboolean ok;

  g_return_val_if_fail (MUTUAL_IS_LEDGER (self), FALSE);

  WRITE_BEGIN (self, error);
  /* Looked for: the foreign key is off during a bulk load. */
  ok = relationship_exists (self, relationship_id, error)
       && add_identifier_row (self, relationship_id, type, value, TRUE, NULL, error);
  WRITE_END (self, ok, error);
}

gboolean
mutual_ledger_remove_identifier (MutualLedger          *self,
                                 gint64                 relationship_id,
                                 MutualIdentifierType   type,
                                 const char            *value,
                                 GError               **error)
{
  g_autofree char *normalized = NULL;
  g_autofree char *key = NULL;
  sqlite3_stmt *stmt;
  gboolean ok = FALSE;

  g_return_val_if_fail (MUTUAL_IS_LEDGER (self), FALSE);
  g_return_val_if_fail (type < MUTUAL_N_IDENTIFIERS, FALSE);

  normalized = mutual_identifier_normalize (type, value, error);
  if (normalized == NULL)
    return FALSE;
  key = mutual_identifier_key (type, normalized);

  WRITE_BEGIN (self, error);
  stmt = mutual_ledger_statement (self,
                    "DELETE FROM identifier WHERE relationship = ?1 AND type = ?2 AND value_key = ?3",
                    error);
  if (stmt)
    {
      sqlite3_bind_int64 (stmt, 1, relationship_id);
      sqlite3_bind_int (stmt, 2, type);
      sqlite3_bind_text (stmt, 3, key, -1, SQLITE_STATIC);
      ok = step_done (self, stmt, error);
      if (ok && sqlite3_changes (self->db) == 0)
        {
          g_autofree char *name = relationship_name (self, relationship_id);

          g_set_error (error, MUTUAL_ERROR, MUTUAL_ERROR_DATA,
                       _("“%s” is not among the identifiers of the relationship “%s”."),
                       normalized, name);
          ok = FALSE;
        }
    }
  WRITE_END (self, ok, error);
}

GPtrArray *
mutual_ledger_list_identifiers (MutualLedger  *self,
                                gint64         relationship_id,
                                GError       **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) mutual_identifier_free);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (MUTUAL_IS_LEDGER (self), NULL);

  stmt = mutual_ledger_statement (self,
                    "SELECT type, value FROM identifier WHERE relationship = ?1"
                    " ORDER BY type, value, id",
                    error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, relationship_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (list, mutual_identifier_new ((MutualIdentifierType) sqlite3_column_int (stmt, 0),
                                                  (const char *) sqlite3_column_text (stmt, 1)));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      mutual_ledger_set_sqlite_error (self, rc, error);
      return NULL;
    }
  return g_steal_pointer (&list);
}

gint64
mutual_ledger_find_identifier (MutualLedger          *self,
                               MutualIdentifierType   type,
                               const char            *value,
                               GError               **error)
{
  g_autofree char *normalized = NULL;
  g_autofree char *key = NULL;

  g_return_val_if_fail (MUTUAL_IS_LEDGER (self), -1);

  if (type >= MUTUAL_N_IDENTIFIERS)
    return 0;
  normalized = mutual_identifier_normalize (type, value, NULL);
  if (normalized == NULL)
    return 0;
  key = mutual_identifier_key (type, normalized);
  return identifier_holder (self, type, key, error);
}

gboolean
mutual_ledger_set_identifiers (MutualLedger  *self,
                               gint64         relationship_id,
                               GPtrArray     *identifiers,
                               GError       **error)
{
  g_autoptr(GHashTable) held = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  sqlite3_stmt *stmt;
  gboolean ok = FALSE;

  g_return_val_if_fail (MUTUAL_IS_LEDGER (self), FALSE);

  WRITE_BEGIN (self, error);
  ok = relationship_exists (self, relationship_id, error);
  /* The aliases it holds now stay allowed (a dialog saves them all). */
  if (ok)
    {
      stmt = mutual_ledger_statement (self, "SELECT value_key FROM identifier WHERE relationship = ?1 AND type = ?2",
                                      error);
      ok = stmt != NULL;
      if (ok)
        {
          int rc;

          sqlite3_bind_int64 (stmt, 1, relationship_id);
          sqlite3_bind_int (stmt, 2, MUTUAL_IDENTIFIER_ALIAS);
          while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
            g_hash_table_add (held, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
          sqlite3_reset (stmt);
          if (rc != SQLITE_DONE)
            ok = mutual_ledger_set_sqlite_error (self, rc, error);
        }
    }
  if (ok)
    {
      stmt = mutual_ledger_statement (self, "DELETE FROM identifier WHERE relationship = ?1", error);
      ok = stmt != NULL;
      if (ok)
        {
          sqlite3_bind_int64 (stmt, 1, relationship_id);
          ok = step_done (self, stmt, error);
        }
    }
  for (guint i = 0; ok && identifiers != NULL && i < identifiers->len; i++)
    {
      const MutualIdentifier *identifier = g_ptr_array_index (identifiers, i);

      ok = add_identifier_row (self, relationship_id, identifier->type, identifier->value, TRUE, held, error);
    }
  WRITE_END (self, ok, error);
}
