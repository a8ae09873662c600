/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mutual-ui"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>

#include "core/mutual-error.h"
#include "core/mutual-identifiers.h"
#include "core/mutual-import-csv.h"
#include "core/mutual-import-records.h"
#include "mutual-import-assistant-private.h"
#include "mutual-ui-util.h"

/* The CSV fields of `import --map`, in the order the form shows them. */
static const struct
{
  const char *field;
  const char *label;
} fields[] = {
  { "counterparty", N_("Counterparty") },
  { "date", N_("Date") },
  { "direction", N_("Direction") },
  { "sign", N_("Sign") },
  { "kind", N_("Kind") },
  { "value", N_("Value") },
  { "amount", N_("Signed amount") },
  { "minutes", N_("Minutes") },
  { "duration", N_("Duration") },
  { "note", N_("Note") },
  { "currency", N_("Currency") },
  { "billable", N_("Billable") },
  { "id", N_("Row id") },
};

/* The importer's built-in presets (DESIGN.md), with their tools' names. */
static const struct
{
  const char *name;
  const char *label;
} presets[] = {
  { "kimai", "Kimai" },
  { "toggl", "Toggl Track" },
  { "clockify", "Clockify" },
  { "invoiceninja-payments", N_("Invoice Ninja payments") },
  { "invoiceninja-invoices", N_("Invoice Ninja invoices") },
  { "homebank", "HomeBank" },
};

#define PRESETS_KEY "csv-presets"

/* ── A row of the preview ─────────────────────────────────────────── */

#define MUTUAL_TYPE_IMPORT_ROW (mutual_import_row_get_type ())
G_DECLARE_FINAL_TYPE (MutualImportRow, mutual_import_row, MUTUAL, IMPORT_ROW, GObject)

enum { COLUMN_DATE, COLUMN_COUNTERPARTY, COLUMN_DIRECTION, COLUMN_VALUE, COLUMN_RELATIONSHIP, N_COLUMNS };

struct _MutualImportRow
{
  GObject  parent_instance;
  char    *text[N_COLUMNS];
  gboolean matched;
};

G_DEFINE_FINAL_TYPE (MutualImportRow, mutual_import_row, G_TYPE_OBJECT)

static void
mutual_import_row_finalize (GObject *object)
{
  MutualImportRow *self = MUTUAL_IMPORT_ROW (object);

  for (guint i = 0; i < N_COLUMNS; i++)
    g_free (self->text[i]);
  G_OBJECT_CLASS (mutual_import_row_parent_class)->finalize (object);
}

static void
mutual_import_row_class_init (MutualImportRowClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = mutual_import_row_finalize;
}

static void
mutual_import_row_init (MutualImportRow *self)
{
}

/* ── An unmatched counterparty, with what the user chose for it ──── */

#define MUTUAL_TYPE_IMPORT_GROUP (mutual_import_group_get_type ())
G_DECLARE_FINAL_TYPE (MutualImportGroup, mutual_import_group, MUTUAL, IMPORT_GROUP, GObject)

struct _MutualImportGroup
{
  GObject          parent_instance;
  char            *key;            /* mutual_import_record_key() */
  char            *counterparty;   /* as the file writes it first */
  guint            rows;
  gint64           given;
  gint64           received;
  MutualImportChoice choice;
  gint64           relationship_id; /* MUTUAL_IMPORT_ASSIGN */
  gboolean         remember;
};

G_DEFINE_FINAL_TYPE (MutualImportGroup, mutual_import_group, G_TYPE_OBJECT)

static void
mutual_import_group_finalize (GObject *object)
{
  MutualImportGroup *self = MUTUAL_IMPORT_GROUP (object);

  g_free (self->key);
  g_free (self->counterparty);
  G_OBJECT_CLASS (mutual_import_group_parent_class)->finalize (object);
}

static void
mutual_import_group_class_init (MutualImportGroupClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = mutual_import_group_finalize;
}

static void
mutual_import_group_init (MutualImportGroup *self)
{
  self->remember = TRUE;
}

/* ── The work done in a thread ────────────────────────────────────── */

typedef enum
{
  JOB_DRY_RUN,
  JOB_IMPORT,
} JobKind;

typedef struct
{
  char    *key;
  char    *counterparty;
  gint64   relationship_id;    /* 0: create one named @counterparty */
  gboolean remember;
} Assignment;

typedef struct
{
  JobKind             kind;
  char               *ledger_path;
  char               *currency;
  GFile              *file;
  MutualImportType    type;
  char               *preset;
  char               *map;
  GPtrArray          *assignments;   /* Assignment * */
  gboolean            keep_exchanges;

  MutualImportReport  report;
  MutualImportReport  every_row;     /* dry run into an empty ledger */
  gboolean            has_every_row;
  MutualUndoBatch    *batch;

  GMutex              lock;
  double              fraction;
} Job;

static void
assignment_free (Assignment *assignment)
{
  g_free (assignment->key);
  g_free (assignment->counterparty);
  g_free (assignment);
}

static void
job_free (Job *job)
{
  g_free (job->ledger_path);
  g_free (job->currency);
  g_clear_object (&job->file);
  g_free (job->preset);
  g_free (job->map);
  g_clear_pointer (&job->assignments, g_ptr_array_unref);
  mutual_import_report_clear (&job->report);
  mutual_import_report_clear (&job->every_row);
  g_clear_pointer (&job->batch, mutual_undo_batch_free);
  g_mutex_clear (&job->lock);
  g_free (job);
}

static void
on_job_progress (guint64  done,
                 guint64  total,
                 gpointer user_data)
{
  Job *job = user_data;

  g_mutex_lock (&job->lock);
  job->fraction = total > 0 ? MIN (1.0, (double) done / (double) total) : -1;
  g_mutex_unlock (&job->lock);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

/* Every row of the file with its fields: the report names only the rows
 * it did not import, so a dry run into an empty ledger of the same
 * currency lists them all (see HACKING.md). */
static gboolean
read_every_row (Job                        *job,
                const MutualImportOptions  *options,
                GCancellable               *cancellable,
                GError                    **error)
{
  g_autofree char *dir = g_dir_make_tmp ("mutual-preview-XXXXXX", error);
  g_autofree char *path = NULL;
  g_autoptr(MutualLedger) empty = NULL;
  gboolean ok;

  if (dir == NULL)
    return FALSE;
  path = g_build_filename (dir, "preview.db", NULL);
  empty = mutual_ledger_open (path, error);
  ok = empty != NULL
       && mutual_ledger_set_currency (empty, job->currency, error)
       && mutual_import_any (empty, job->file, options, &job->every_row, NULL, NULL, cancellable, error);
  g_clear_object (&empty);
  remove_tree (dir);
  return ok;
}

static gboolean
run_import (Job                        *job,
            MutualLedger               *ledger,
            MutualImportOptions        *options,
            GCancellable               *cancellable,
            GError                    **error)
{
  g_autoptr(GHashTable) assigned = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);

  /* Created relationships and remembered aliases are part of the import:
   * one transaction, one undo. */
  job->batch = mutual_undo_batch_begin (ledger, job->keep_exchanges, error);
  if (job->batch == NULL)
    return FALSE;

  for (guint i = 0; job->assignments && i < job->assignments->len; i++)
    {
      Assignment *a = job->assignments->pdata[i];
      gint64 id = a->relationship_id;

      if (id == 0)
        {
          g_autoptr(MutualRelationship) rel = mutual_ledger_find_relationship (ledger, a->counterparty, NULL);

          if (rel == NULL)
            {
              rel = mutual_relationship_new ();
              rel->name = g_strdup (a->counterparty);
              if (!mutual_ledger_add_relationship (ledger, rel, error))
                return FALSE;
            }
          id = rel->id;
        }
      else if (a->remember
               && !mutual_ledger_add_identifier (ledger, id, MUTUAL_IDENTIFIER_ALIAS, a->counterparty, error))
        return FALSE;
      g_hash_table_insert (assigned, a->key, g_memdup2 (&id, sizeof id));
    }

  options->assignments = assigned;
  if (!mutual_import_any (ledger, job->file, options, &job->report, on_job_progress, job, cancellable, error))
    return FALSE;
  options->assignments = NULL;
  return mutual_undo_batch_commit (job->batch, error);
}

static void
run_job (GTask        *task,
         gpointer      source_object,
         gpointer      task_data,
         GCancellable *cancellable)
{
  Job *job = task_data;
  g_autoptr(MutualLedger) ledger = NULL;
  g_autoptr(GError) error = NULL;
  MutualImportOptions options = { 0 };
  gboolean ok = FALSE;

  options.type = job->type;
  options.preset = job->preset;
  options.map = job->map;

  ledger = mutual_ledger_open (job->ledger_path, &error);
  if (ledger != NULL && job->kind == JOB_DRY_RUN)
    {
      options.dry_run = TRUE;
      ok = mutual_import_any (ledger, job->file, &options, &job->report, on_job_progress, job,
                              cancellable, &error);
      if (ok && job->report.type != MUTUAL_IMPORT_TYPE_MUTUAL && job->report.type != MUTUAL_IMPORT_TYPE_VCARD)
        {
          g_autoptr(GError) ignored = NULL;

          options.type = job->report.type;
          job->has_every_row = read_every_row (job, &options, cancellable, &ignored);
          if (!job->has_every_row)
            g_debug ("No full preview: %s", ignored->message);
        }
    }
  else if (ledger != NULL)
    {
      ok = run_import (job, ledger, &options, cancellable, &error);
      if (!ok)
        g_clear_pointer (&job->batch, mutual_undo_batch_free);
    }

  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, g_steal_pointer (&error));
}

/* ── The assistant ────────────────────────────────────────────────── */

struct _MutualImportAssistant
{
  AdwWindow           parent_instance;

  MutualLedger       *ledger;
  MutualUndo         *undo;
  GFile              *file;
  GSettings          *settings;
  MutualImportType    type;          /* found by the first dry run */
  char              **columns;       /* a CSV file's header */
  MutualImportCounts  counts;        /* of the last dry run */
  GCancellable       *cancellable;
  Job                *running;
  guint               progress_id;
  gboolean            setting_preset;
  gboolean            finished;

  GListStore         *rows;          /* MutualImportRow */
  GListStore         *groups;        /* MutualImportGroup */
  GtkStringList      *relationship_names;
  GHashTable         *relationship_ids;  /* case-folded name → gint64 * */
  GHashTable         *names_by_id;       /* gint64 → name */
  GPtrArray          *field_rows;        /* AdwComboRow, as fields[] */
  GtkStringList      *preset_names;      /* as shown in preset_row */

  AdwWindowTitle     *window_title;
  GtkButton          *cancel_button;
  GtkButton          *back_button;
  GtkButton          *next_button;
  GtkStack           *stack;
  AdwStatusPage      *busy_status;
  GtkProgressBar     *progress_bar;
  AdwStatusPage      *error_status;
  AdwActionRow       *file_row;
  AdwActionRow       *type_row;
  AdwPreferencesGroup *mapping_group;
  AdwPreferencesGroup *fields_group;
  AdwPreferencesGroup *save_preset_group;
  AdwComboRow        *preset_row;
  GtkListBox         *field_list;
  AdwEntryRow        *preset_name_row;
  GtkLabel           *file_error_label;
  GtkLabel           *preview_label;
  GtkScrolledWindow  *preview_scroller;
  GtkColumnView      *preview_view;
  GtkListBox         *unmatched_list;
};

G_DEFINE_FINAL_TYPE (MutualImportAssistant, mutual_import_assistant, ADW_TYPE_WINDOW)

const char *
mutual_import_assistant_type_label (MutualImportType type)
{
  switch (type)
    {
    case MUTUAL_IMPORT_TYPE_MUTUAL:
      return _("Mutual ledger file");
    case MUTUAL_IMPORT_TYPE_CSV:
      return _("Spreadsheet (CSV)");
    case MUTUAL_IMPORT_TYPE_OFX:
      return _("Bank statement (OFX)");
    case MUTUAL_IMPORT_TYPE_QIF:
      return _("Bank records (QIF)");
    case MUTUAL_IMPORT_TYPE_CAMT053:
      return _("Bank statement (CAMT.053)");
    case MUTUAL_IMPORT_TYPE_VCARD:
      return _("Contacts (vCard)");
    case MUTUAL_IMPORT_TYPE_UNKNOWN:
    default:
      return _("Unknown");
    }
}

/* The header of a CSV file, for the column drop-downs: its first record
 * split at the delimiter that occurs most (`,` `;` TAB), in UTF-8 or
 * else Windows-1252, as the importer reads it. */
static char **
read_csv_header (GFile *file)
{
  g_autoptr(GFileInputStream) stream = g_file_read (file, NULL, NULL);
  char buffer[16384];
  gssize got;
  g_autofree char *text = NULL;
  const char *p;
  const char *delimiters = ",;\t";
  char delimiter = ',';
  guint best = 0;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) cell = g_string_new (NULL);
  gboolean quoted = FALSE;

  if (stream == NULL
      || (got = g_input_stream_read (G_INPUT_STREAM (stream), buffer, sizeof buffer - 1, NULL, NULL)) <= 0)
    return NULL;
  buffer[got] = '\0';
  p = buffer;
  if (got >= 3 && memcmp (p, "\xef\xbb\xbf", 3) == 0)
    p += 3;
  /* Cut at the first line end outside quotes before converting. */
  for (const char *q = p; *q; q++)
    {
      if (*q == '"')
        quoted = !quoted;
      else if (!quoted && (*q == '\n' || *q == '\r'))
        {
          text = g_strndup (p, q - p);
          break;
        }
    }
  if (text == NULL)
    text = g_strdup (p);
  if (!g_utf8_validate (text, -1, NULL))
    {
      char *converted = g_convert (text, -1, "UTF-8", "WINDOWS-1252", NULL, NULL, NULL);

      if (converted == NULL)
        return NULL;
      g_free (text);
      text = converted;
    }

  for (const char *d = delimiters; *d; d++)
    {
      guint n = 0;

      quoted = FALSE;
      for (const char *q = text; *q; q++)
        if (*q == '"')
          quoted = !quoted;
        else if (!quoted && *q == *d)
          n++;
      if (n > best)
        {
          best = n;
          delimiter = *d;
        }
    }

  quoted = FALSE;
  for (const char *q = text;; q++)
    {
      if (*q == '"' && quoted && q[1] == '"')
        {
          g_string_append_c (cell, '"');
          q++;
        }
      else if (*q == '"')
        quoted = !quoted;
      else if (*q == '\0' || (!quoted && *q == delimiter))
        {
          g_ptr_array_add (names, g_strstrip (g_strdup (cell->str)));
          g_string_truncate (cell, 0);
          if (*q == '\0')
            break;
        }
      else
        g_string_append_c (cell, *q);
    }
  g_ptr_array_add (names, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&names), FALSE);
}

static gboolean
has_presets_key (MutualImportAssistant *self)
{
  g_autoptr(GSettingsSchema) schema = NULL;

  if (self->settings == NULL)
    return FALSE;
  g_object_get (self->settings, "settings-schema", &schema, NULL);
  return g_settings_schema_has_key (schema, PRESETS_KEY);
}

/* The map of a preset saved from this form, NULL when there is none. */
static char *
saved_preset_map (MutualImportAssistant *self,
                  const char            *name)
{
  g_autoptr(GVariant) saved = NULL;
  char *map = NULL;

  if (!has_presets_key (self))
    return NULL;
  saved = g_settings_get_value (self->settings, PRESETS_KEY);
  if (!g_variant_lookup (saved, name, "s", &map))
    return NULL;
  return map;
}

/* Preset row positions: 0 automatic, then the built-in presets, then the
 * saved ones, then "Custom". */
static void
fill_presets (MutualImportAssistant *self,
              const char            *select)
{
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  guint selected = 0;

  g_clear_object (&self->preset_names);
  self->preset_names = gtk_string_list_new (NULL);
  gtk_string_list_append (labels, _("Detect Automatically"));
  gtk_string_list_append (self->preset_names, "");
  for (guint i = 0; i < G_N_ELEMENTS (presets); i++)
    {
      gtk_string_list_append (labels, g_dgettext (GETTEXT_PACKAGE, presets[i].label));
      gtk_string_list_append (self->preset_names, presets[i].name);
    }
  if (has_presets_key (self))
    {
      g_autoptr(GVariant) saved = g_settings_get_value (self->settings, PRESETS_KEY);
      GVariantIter iter;
      const char *name;

      g_variant_iter_init (&iter, saved);
      while (g_variant_iter_next (&iter, "{&s&s}", &name, NULL))
        {
          gtk_string_list_append (labels, name);
          gtk_string_list_append (self->preset_names, name);
        }
    }
  gtk_string_list_append (labels, _("Custom"));
  gtk_string_list_append (self->preset_names, "");

  for (guint i = 1; select && i + 1 < g_list_model_get_n_items (G_LIST_MODEL (self->preset_names)); i++)
    if (g_strcmp0 (gtk_string_list_get_string (self->preset_names, i), select) == 0)
      selected = i;

  self->setting_preset = TRUE;
  adw_combo_row_set_model (self->preset_row, G_LIST_MODEL (labels));
  adw_combo_row_set_selected (self->preset_row, selected);
  self->setting_preset = FALSE;
}

static guint
custom_position (MutualImportAssistant *self)
{
  return g_list_model_get_n_items (G_LIST_MODEL (self->preset_names)) - 1;
}

static gboolean
is_builtin_position (guint position)
{
  return position >= 1 && position <= G_N_ELEMENTS (presets);
}

/* "field=column,…" from the column drop-downs. */
static char *
map_from_form (MutualImportAssistant *self)
{
  g_autoptr(GString) map = g_string_new (NULL);

  for (guint i = 0; i < self->field_rows->len; i++)
    {
      guint column = adw_combo_row_get_selected (self->field_rows->pdata[i]);

      if (column == 0 || column == GTK_INVALID_LIST_POSITION || self->columns == NULL)
        continue;
      /* Quoted when the header holds a comma. */
      mutual_import_csv_append_map (map, fields[i].field, self->columns[column - 1]);
    }
  return map->len ? g_string_free (g_steal_pointer (&map), FALSE) : NULL;
}

static void
map_to_form (MutualImportAssistant *self,
             const char            *map)
{
  g_auto(GStrv) pairs = mutual_import_csv_split_map (map ? map : "", NULL);

  self->setting_preset = TRUE;
  for (guint i = 0; i < self->field_rows->len; i++)
    adw_combo_row_set_selected (self->field_rows->pdata[i], 0);
  for (guint p = 0; pairs && pairs[p]; p += 2)
    {
      const char *field = pairs[p];
      const char *column = pairs[p + 1];

      for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
        for (guint c = 0; g_str_equal (fields[i].field, field) && self->columns && self->columns[c]; c++)
          if (g_str_equal (self->columns[c], column))
            adw_combo_row_set_selected (self->field_rows->pdata[i], c + 1);
    }
  self->setting_preset = FALSE;
}

static void
update_mapping_visibility (MutualImportAssistant *self)
{
  guint position = adw_combo_row_get_selected (self->preset_row);
  gboolean csv = self->type == MUTUAL_IMPORT_TYPE_CSV;
  gboolean own = csv && position > 0 && !is_builtin_position (position);

  gtk_widget_set_visible (GTK_WIDGET (self->mapping_group), csv);
  gtk_widget_set_visible (GTK_WIDGET (self->fields_group), own);
  gtk_widget_set_visible (GTK_WIDGET (self->save_preset_group), own && has_presets_key (self));
}

static void
on_preset_selected (MutualImportAssistant *self)
{
  guint position = adw_combo_row_get_selected (self->preset_row);

  if (self->setting_preset || position == GTK_INVALID_LIST_POSITION)
    return;
  if (position > G_N_ELEMENTS (presets) && position < custom_position (self))
    {
      g_autofree char *map = saved_preset_map (self, gtk_string_list_get_string (self->preset_names, position));

      map_to_form (self, map);
    }
  update_mapping_visibility (self);
}

static void
on_field_column_selected (MutualImportAssistant *self)
{
  /* Changing a column makes the mapping one's own. */
  if (self->setting_preset)
    return;
  self->setting_preset = TRUE;
  adw_combo_row_set_selected (self->preset_row, custom_position (self));
  self->setting_preset = FALSE;
  update_mapping_visibility (self);
}

static void
on_preset_name_apply (MutualImportAssistant *self)
{
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->preset_name_row))));
  g_autofree char *map = map_from_form (self);
  g_autoptr(GVariant) saved = NULL;
  GVariantBuilder builder;
  GVariantIter iter;
  const char *key, *value;

  if (*name == '\0' || map == NULL || !has_presets_key (self))
    return;
  for (guint i = 0; i < G_N_ELEMENTS (presets); i++)
    if (g_ascii_strcasecmp (presets[i].name, name) == 0)
      return;

  saved = g_settings_get_value (self->settings, PRESETS_KEY);
  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a{ss}"));
  g_variant_iter_init (&iter, saved);
  while (g_variant_iter_next (&iter, "{&s&s}", &key, &value))
    if (!g_str_equal (key, name))
      g_variant_builder_add (&builder, "{ss}", key, value);
  g_variant_builder_add (&builder, "{ss}", name, map);
  g_settings_set_value (self->settings, PRESETS_KEY, g_variant_builder_end (&builder));

  gtk_editable_set_text (GTK_EDITABLE (self->preset_name_row), "");
  fill_presets (self, name);
  update_mapping_visibility (self);
}

static void
fill_field_rows (MutualImportAssistant *self)
{
  g_autoptr(GtkStringList) columns = gtk_string_list_new (NULL);

  gtk_string_list_append (columns, _("Not in the file"));
  for (guint c = 0; self->columns && self->columns[c]; c++)
    gtk_string_list_append (columns, self->columns[c]);

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      GtkWidget *row = adw_combo_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), g_dgettext (GETTEXT_PACKAGE, fields[i].label));
      adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (columns));
      g_signal_connect_object (row, "notify::selected", G_CALLBACK (on_field_column_selected), self,
                               G_CONNECT_SWAPPED);
      gtk_list_box_append (self->field_list, row);
      g_ptr_array_add (self->field_rows, row);
    }
}

static void
set_next (MutualImportAssistant *self,
          const char            *label,
          gboolean               sensitive)
{
  gtk_button_set_label (self->next_button, label);
  gtk_widget_set_visible (GTK_WIDGET (self->next_button), label != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "assistant.next", sensitive);
}

static void
show_page (MutualImportAssistant *self,
           const char            *name)
{
  gboolean last;

  gtk_stack_set_visible_child_name (self->stack, name);
  gtk_widget_set_visible (GTK_WIDGET (self->back_button),
                          g_str_equal (name, "preview") || g_str_equal (name, "unmatched"));
  gtk_widget_set_visible (GTK_WIDGET (self->cancel_button), !gtk_widget_get_visible (GTK_WIDGET (self->back_button)));
  last = g_str_equal (name, "unmatched")
         || (g_str_equal (name, "preview") && g_list_model_get_n_items (G_LIST_MODEL (self->groups)) == 0);
  if (g_str_equal (name, "busy"))
    set_next (self, NULL, FALSE);
  else if (g_str_equal (name, "error"))
    set_next (self, NULL, FALSE);
  else
    set_next (self, last ? _("_Import") : _("_Next"), TRUE);
  gtk_button_set_use_underline (self->next_button, TRUE);
  adw_window_title_set_subtitle (self->window_title,
                                 g_str_equal (name, "file") ? _("File")
                                 : g_str_equal (name, "preview") ? _("Preview")
                                 : g_str_equal (name, "unmatched") ? _("Unmatched Counterparties")
                                 : "");
}

static gboolean
show_progress (gpointer user_data)
{
  MutualImportAssistant *self = user_data;
  double fraction;

  if (self->running == NULL)
    return G_SOURCE_CONTINUE;
  g_mutex_lock (&self->running->lock);
  fraction = self->running->fraction;
  g_mutex_unlock (&self->running->lock);
  if (fraction < 0)
    gtk_progress_bar_pulse (self->progress_bar);
  else
    gtk_progress_bar_set_fraction (self->progress_bar, fraction);
  return G_SOURCE_CONTINUE;
}

static void on_job_done (GObject      *source,
                         GAsyncResult *result,
                         gpointer      user_data);

static void
start_job (MutualImportAssistant *self,
           Job                   *job)
{
  g_autoptr(GTask) task = NULL;

  g_mutex_init (&job->lock);
  job->fraction = -1;
  job->ledger_path = g_strdup (mutual_ledger_get_path (self->ledger));
  job->currency = g_strdup (mutual_ledger_get_currency (self->ledger));
  job->file = g_object_ref (self->file);

  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->running = job;
  adw_status_page_set_title (self->busy_status, job->kind == JOB_IMPORT ? _("Importing…") : _("Reading the File…"));
  gtk_progress_bar_set_fraction (self->progress_bar, 0);
  show_page (self, "busy");
  if (self->progress_id == 0)
    self->progress_id = g_timeout_add (100, show_progress, self);

  task = g_task_new (self, self->cancellable, on_job_done, NULL);
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  g_task_run_in_thread (task, run_job);
}

static Job *
new_job (MutualImportAssistant *self,
         JobKind                kind)
{
  Job *job = g_new0 (Job, 1);
  guint position = adw_combo_row_get_selected (self->preset_row);

  job->kind = kind;
  job->type = self->type;
  if (self->type == MUTUAL_IMPORT_TYPE_CSV && position != GTK_INVALID_LIST_POSITION)
    {
      if (is_builtin_position (position))
        job->preset = g_strdup (gtk_string_list_get_string (self->preset_names, position));
      else if (position > 0)
        job->map = map_from_form (self);
    }
  return job;
}

static char *
format_value (MutualImportAssistant *self,
              gint64                 value,
              const char            *currency)
{
  return mutual_ui_format_money (value, currency ? currency : mutual_ledger_get_currency (self->ledger));
}

static MutualImportRow *
row_new (MutualImportAssistant     *self,
         const MutualImportSkipped *record,
         const char                *relationship,
         gboolean                   matched)
{
  MutualImportRow *row = g_object_new (MUTUAL_TYPE_IMPORT_ROW, NULL);

  row->text[COLUMN_DATE] = mutual_date_valid (record->date) ? mutual_date_format (record->date, _("%-d %b %Y"))
                                                            : g_strdup ("");
  row->text[COLUMN_COUNTERPARTY] = g_strdup (record->counterparty ? record->counterparty : "");
  row->text[COLUMN_DIRECTION] = g_strdup (record->direction == MUTUAL_DIRECTION_GIVEN ? _("Given") : _("Received"));
  row->text[COLUMN_VALUE] = format_value (self, record->value, record->currency);
  row->text[COLUMN_RELATIONSHIP] = g_strdup (relationship);
  row->matched = matched;
  return row;
}

static const char *
skipped_reason (const MutualImportSkipped *skipped)
{
  if (g_strcmp0 (skipped->reason, "currency") == 0)
    return _("Skipped: another currency");
  return _("Unmatched");
}

/* The preview's rows and the unmatched counterparties, from a dry run. */
static void
show_dry_run (MutualImportAssistant *self,
              Job                   *job)
{
  MutualImportReport *report = &job->report;
  g_autoptr(GHashTable) skipped_lines = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GHashTable) groups = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *summary = NULL;
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func (g_object_unref);
  guint64 unmatched = 0;

  self->counts = report->counts;
  g_list_store_remove_all (self->rows);
  g_list_store_remove_all (self->groups);

  for (guint i = 0; report->skipped && i < report->skipped->len; i++)
    {
      MutualImportSkipped *skipped = report->skipped->pdata[i];
      MutualImportGroup *group;

      g_hash_table_insert (skipped_lines, &skipped->line, skipped);
      if (g_strcmp0 (skipped->reason, "unmatched") != 0 || skipped->key == NULL)
        continue;
      unmatched++;
      group = g_hash_table_lookup (groups, skipped->key);
      if (group == NULL)
        {
          group = g_object_new (MUTUAL_TYPE_IMPORT_GROUP, NULL);
          group->key = g_strdup (skipped->key);
          group->counterparty = g_strdup (skipped->counterparty ? skipped->counterparty : skipped->key);
          g_hash_table_insert (groups, group->key, group);
          g_ptr_array_add (found, group);
        }
      group->rows++;
      if (skipped->direction == MUTUAL_DIRECTION_GIVEN)
        group->given += skipped->value;
      else
        group->received += skipped->value;
    }

  /* Whole before they are shown: a row is made when its group is added. */
  g_list_store_splice (self->groups, 0, 0, found->pdata, found->len);

  if (job->has_every_row && job->every_row.skipped)
    {
      GArray *matched = report->matched;
      guint n = job->every_row.skipped->len;
      guint next = 0;

      for (guint i = 0; i < n; i++)
        {
          MutualImportSkipped *record = job->every_row.skipped->pdata[i];
          MutualImportSkipped *skipped = g_hash_table_lookup (skipped_lines, &record->line);
          g_autoptr(MutualImportRow) row = NULL;
          gint64 id = 0;

          if (skipped != NULL)
            row = row_new (self, record, skipped_reason (skipped), FALSE);
          else
            {
              /* The report's relationships are those of every record, or
               * of the records imported, in file order. */
              if (matched && matched->len == n)
                id = g_array_index (matched, gint64, i);
              else if (matched && next < matched->len)
                id = g_array_index (matched, gint64, next++);
              row = row_new (self, record, id > 0 ? g_hash_table_lookup (self->names_by_id, &id) : "", TRUE);
            }
          g_list_store_append (self->rows, row);
        }
    }
  else
    for (guint i = 0; report->skipped && i < report->skipped->len; i++)
      {
        g_autoptr(MutualImportRow) row = row_new (self, report->skipped->pdata[i],
                                                  skipped_reason (report->skipped->pdata[i]), FALSE);

        g_list_store_append (self->rows, row);
      }

  if (self->type == MUTUAL_IMPORT_TYPE_MUTUAL || self->type == MUTUAL_IMPORT_TYPE_VCARD)
    {
      g_autofree char *counts = mutual_import_counts_to_string (&self->counts);

      summary = g_strdup (counts);
    }
  else
    {
      g_autofree char *to_import = mutual_ui_format_count (self->counts.exchanges_added + self->counts.exchanges_updated);
      g_autofree char *not_imported = mutual_ui_format_count (unmatched);

      /* TRANSLATORS: the counts of rows in the import preview */
      summary = g_strdup_printf (_("To import: %s. Matching no relationship: %s."), to_import, not_imported);
    }
  gtk_label_set_text (self->preview_label, summary);
  gtk_widget_set_visible (GTK_WIDGET (self->preview_scroller), g_list_model_get_n_items (G_LIST_MODEL (self->rows)) > 0);
}

static void
show_file_page (MutualImportAssistant *self,
                const char            *problem)
{
  adw_action_row_set_subtitle (self->type_row, mutual_import_assistant_type_label (self->type));
  gtk_label_set_text (self->file_error_label, problem ? problem : "");
  gtk_widget_set_visible (GTK_WIDGET (self->file_error_label), problem != NULL);
  update_mapping_visibility (self);
  show_page (self, "file");
}

static void
show_error (MutualImportAssistant *self,
            const char            *problem)
{
  g_autofree char *escaped = g_markup_escape_text (problem, -1);

  /* A status page's description is markup; the sentence is not. */
  adw_status_page_set_description (self->error_status, escaped);
  show_page (self, "error");
}

static void
on_job_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  MutualImportAssistant *self = MUTUAL_IMPORT_ASSISTANT (source);
  Job *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  gboolean ok = g_task_propagate_boolean (G_TASK (result), &error);
  gboolean first = self->type == MUTUAL_IMPORT_TYPE_UNKNOWN;

  self->running = NULL;
  g_clear_handle_id (&self->progress_id, g_source_remove);
  if (self->finished)
    return;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      gtk_window_close (GTK_WINDOW (self));
      return;
    }

  if (job->kind == JOB_IMPORT)
    {
      g_autofree char *name = g_file_get_basename (self->file);
      g_autofree char *counts = NULL;
      g_autofree char *text = NULL;

      if (!ok)
        {
          show_error (self, error->message);
          adw_status_page_set_title (self->error_status, _("Nothing Was Imported"));
          return;
        }
      self->finished = TRUE;
      counts = mutual_ui_format_count (job->report.counts.exchanges_added);
      /* TRANSLATORS: the toast after an import: a count, then a file name */
      text = g_strdup_printf (ngettext ("%s exchange imported from “%s”", "%s exchanges imported from “%s”",
                                        (gulong) MIN (job->report.counts.exchanges_added, G_MAXULONG)),
                              counts, name);
      if (self->undo != NULL && mutual_undo_get_ledger (self->undo) == self->ledger)
        mutual_undo_record_batch (self->undo, g_steal_pointer (&job->batch), text);
      mutual_ledger_poll (self->ledger);
      gtk_window_close (GTK_WINDOW (self));
      return;
    }

  if (first && ok)
    self->type = job->report.type;
  if (first && !ok)
    {
      /* A CSV file the importer could not read by itself: ask for its
       * columns rather than give up. */
      g_autofree char *name = g_file_get_basename (self->file);

      if (g_str_has_suffix (name, ".csv") || g_str_has_suffix (name, ".CSV")
          || g_str_has_suffix (name, ".tsv") || g_str_has_suffix (name, ".txt"))
        self->type = MUTUAL_IMPORT_TYPE_CSV;
      else
        {
          show_error (self, error->message);
          return;
        }
    }
  if (first && self->type == MUTUAL_IMPORT_TYPE_CSV)
    {
      self->columns = read_csv_header (self->file);
      fill_field_rows (self);
    }

  if (ok)
    show_dry_run (self, job);
  if (first || !ok)
    {
      show_file_page (self, ok ? NULL : error->message);
      return;
    }
  show_page (self, "preview");
}

static void
analyse (MutualImportAssistant *self)
{
  start_job (self, new_job (self, JOB_DRY_RUN));
}

static void
start_import (MutualImportAssistant *self)
{
  Job *job = new_job (self, JOB_IMPORT);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->groups));

  /* Old versions of exchanges are kept only when some will change. */
  job->keep_exchanges = self->counts.exchanges_updated > 0;
  job->assignments = g_ptr_array_new_with_free_func ((GDestroyNotify) assignment_free);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(MutualImportGroup) group = g_list_model_get_item (G_LIST_MODEL (self->groups), i);
      Assignment *a;

      if (group->choice == MUTUAL_IMPORT_SKIP)
        continue;
      a = g_new0 (Assignment, 1);
      a->key = g_strdup (group->key);
      a->counterparty = g_strdup (group->counterparty);
      a->relationship_id = group->choice == MUTUAL_IMPORT_ASSIGN ? group->relationship_id : 0;
      a->remember = group->remember;
      g_ptr_array_add (job->assignments, a);
    }
  start_job (self, job);
}

static void
next_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  MutualImportAssistant *self = MUTUAL_IMPORT_ASSISTANT (widget);
  const char *page = gtk_stack_get_visible_child_name (self->stack);

  if (g_str_equal (page, "file"))
    {
      if (self->type == MUTUAL_IMPORT_TYPE_CSV)
        analyse (self);
      else
        show_page (self, "preview");
    }
  else if (g_str_equal (page, "preview") && g_list_model_get_n_items (G_LIST_MODEL (self->groups)) > 0)
    show_page (self, "unmatched");
  else if (g_str_equal (page, "preview") || g_str_equal (page, "unmatched"))
    start_import (self);
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  MutualImportAssistant *self = MUTUAL_IMPORT_ASSISTANT (widget);
  const char *page = gtk_stack_get_visible_child_name (self->stack);

  if (g_str_equal (page, "unmatched"))
    show_page (self, "preview");
  else if (g_str_equal (page, "preview"))
    show_page (self, "file");
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  MutualImportAssistant *self = MUTUAL_IMPORT_ASSISTANT (widget);

  /* A running import stops and changes nothing; the window closes when
   * it has. */
  if (self->running != NULL)
    g_cancellable_cancel (self->cancellable);
  else
    gtk_window_close (GTK_WINDOW (self));
}

/* ── The preview's columns ────────────────────────────────────────── */

static void
setup_cell (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);
  guint column = GPOINTER_TO_UINT (user_data);

  gtk_label_set_xalign (GTK_LABEL (label), column == COLUMN_VALUE ? 1 : 0);
  /* Dates and amounts whole; names give way on a narrow screen. */
  if (column == COLUMN_COUNTERPARTY || column == COLUMN_RELATIONSHIP)
    {
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_label_set_width_chars (GTK_LABEL (label), 8);
    }
  if (column == COLUMN_VALUE)
    gtk_widget_add_css_class (label, "numeric");
  gtk_list_item_set_child (item, label);
}

static void
bind_cell (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           gpointer                  user_data)
{
  MutualImportRow *row = gtk_list_item_get_item (item);
  GtkWidget *label = gtk_list_item_get_child (item);
  guint column = GPOINTER_TO_UINT (user_data);

  gtk_label_set_text (GTK_LABEL (label), row->text[column]);
  if (column == COLUMN_RELATIONSHIP && !row->matched)
    gtk_widget_add_css_class (label, "dim-label");
  else
    gtk_widget_remove_css_class (label, "dim-label");
}

static void
add_column (MutualImportAssistant *self,
            guint                  column,
            const char            *title,
            gboolean               expand)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkColumnViewColumn) view_column = NULL;

  g_signal_connect (factory, "setup", G_CALLBACK (setup_cell), GUINT_TO_POINTER (column));
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cell), GUINT_TO_POINTER (column));
  view_column = gtk_column_view_column_new (title, factory);
  gtk_column_view_column_set_expand (view_column, expand);
  gtk_column_view_column_set_resizable (view_column, TRUE);
  gtk_column_view_append_column (self->preview_view, view_column);
}

/* ── An unmatched counterparty's choice ───────────────────────────── */

static void
on_choice_selected (GtkListBox    *list,
                    GtkListBoxRow *row,
                    gpointer       user_data)
{
  MutualImportAssistant *self = MUTUAL_IMPORT_ASSISTANT (user_data);
  MutualImportGroup *group = g_object_get_data (G_OBJECT (list), "group");
  GtkWidget *remember = g_object_get_data (G_OBJECT (list), "remember-row");
  int index;

  if (row == NULL)
    return;
  index = gtk_list_box_row_get_index (row);
  if (index == 0)
    group->choice = MUTUAL_IMPORT_SKIP;
  else if (index == 1)
    group->choice = MUTUAL_IMPORT_CREATE;
  else
    {
      const char *name = g_object_get_data (G_OBJECT (row), "name");
      g_autofree char *key = g_utf8_casefold (name, -1);
      gint64 *id = g_hash_table_lookup (self->relationship_ids, key);

      group->choice = id ? MUTUAL_IMPORT_ASSIGN : MUTUAL_IMPORT_SKIP;
      group->relationship_id = id ? *id : 0;
    }
  gtk_widget_set_sensitive (remember, group->choice == MUTUAL_IMPORT_ASSIGN);
}

static GtkWidget *
create_choice_row (gpointer item,
                   gpointer user_data)
{
  const char *text = gtk_string_object_get_string (item);
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_set_margin_top (label, 10);
  gtk_widget_set_margin_bottom (label, 10);
  gtk_widget_set_margin_start (label, 12);
  gtk_widget_set_margin_end (label, 12);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), label);
  g_object_set_data_full (G_OBJECT (row), "name", g_strdup (text), g_free);
  return row;
}

static void
on_search_changed (GtkSearchEntry *entry,
                   GtkStringFilter *filter)
{
  gtk_string_filter_set_search (filter, gtk_editable_get_text (GTK_EDITABLE (entry)));
}

static void
on_remember_toggled (GtkSwitch         *toggle,
                     GParamSpec        *pspec,
                     MutualImportGroup *group)
{
  group->remember = gtk_switch_get_active (toggle);
}

/* The group's heading and totals, a search, the choices (skip, create,
 * or one of the relationships found) and whether to remember the name. */
static GtkWidget *
create_group_widget (gpointer item,
                     gpointer user_data)
{
  MutualImportAssistant *self = MUTUAL_IMPORT_ASSISTANT (user_data);
  MutualImportGroup *group = item;
  const char *currency = mutual_ledger_get_currency (self->ledger);
  g_autofree char *rows = mutual_ui_format_count (group->rows);
  g_autofree char *received = mutual_ui_format_money (group->received, currency);
  g_autofree char *given = mutual_ui_format_money (group->given, currency);
  g_autofree char *totals = NULL;
  g_autofree char *search_name = NULL;
  g_autofree char *choices_name = NULL;
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *heading = gtk_label_new (group->counterparty);
  GtkWidget *subtitle;
  GtkWidget *search = gtk_search_entry_new ();
  GtkWidget *choices = gtk_list_box_new ();
  GtkWidget *options = gtk_list_box_new ();
  GtkWidget *remember_row = adw_action_row_new ();
  GtkWidget *remember = gtk_switch_new ();
  GtkStringFilter *filter;
  GtkFilterListModel *found;
  GtkSliceListModel *few;
  g_autoptr(GtkStringList) fixed = gtk_string_list_new (NULL);
  GListStore *parts = g_list_store_new (G_TYPE_LIST_MODEL);
  GtkFlattenListModel *all;
  GtkWidget *row;

  /* TRANSLATORS: an unmatched counterparty's rows and totals */
  totals = g_strdup_printf (ngettext ("%s row · %s received · %s given",
                                      "%s rows · %s received · %s given", group->rows),
                            rows, received, given);
  subtitle = gtk_label_new (totals);

  gtk_widget_set_margin_bottom (box, 24);
  gtk_label_set_xalign (GTK_LABEL (heading), 0);
  gtk_label_set_ellipsize (GTK_LABEL (heading), PANGO_ELLIPSIZE_END);
  gtk_widget_set_tooltip_text (heading, group->counterparty);
  gtk_widget_add_css_class (heading, "heading");
  gtk_label_set_xalign (GTK_LABEL (subtitle), 0);
  gtk_label_set_wrap (GTK_LABEL (subtitle), TRUE);
  gtk_widget_add_css_class (subtitle, "dim-label");
  gtk_box_append (GTK_BOX (box), heading);
  gtk_box_append (GTK_BOX (box), subtitle);

  /* TRANSLATORS: %s is the counterparty as the file writes it */
  search_name = g_strdup_printf (_("Find a relationship for “%s”"), group->counterparty);
  g_object_set (search, "placeholder-text", _("Find a Relationship"), NULL);
  mutual_ui_set_accessible_label (search, search_name);
  gtk_box_append (GTK_BOX (box), search);

  gtk_string_list_append (fixed, _("Skip These Rows"));
  gtk_string_list_append (fixed, _("Create a New Relationship"));
  filter = gtk_string_filter_new (gtk_property_expression_new (GTK_TYPE_STRING_OBJECT, NULL, "string"));
  found = gtk_filter_list_model_new (G_LIST_MODEL (g_object_ref (self->relationship_names)), GTK_FILTER (filter));
  /* A few at a time: the search finds the others. */
  few = gtk_slice_list_model_new (G_LIST_MODEL (found), 0, 6);
  g_list_store_append (parts, fixed);
  g_list_store_append (parts, few);
  g_object_unref (few);
  all = gtk_flatten_list_model_new (G_LIST_MODEL (parts));
  g_signal_connect_object (search, "search-changed", G_CALLBACK (on_search_changed), filter, 0);

  gtk_list_box_set_selection_mode (GTK_LIST_BOX (choices), GTK_SELECTION_SINGLE);
  gtk_widget_add_css_class (choices, "boxed-list");
  /* TRANSLATORS: %s is the counterparty as the file writes it */
  choices_name = g_strdup_printf (_("What to do with “%s”"), group->counterparty);
  mutual_ui_set_accessible_label (choices, choices_name);
  gtk_list_box_bind_model (GTK_LIST_BOX (choices), G_LIST_MODEL (all), create_choice_row, NULL, NULL);
  g_object_unref (all);
  g_object_set_data (G_OBJECT (choices), "group", group);
  g_object_set_data (G_OBJECT (choices), "remember-row", remember_row);
  g_signal_connect_object (choices, "row-selected", G_CALLBACK (on_choice_selected), self, 0);
  gtk_box_append (GTK_BOX (box), choices);

  gtk_list_box_set_selection_mode (GTK_LIST_BOX (options), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (options, "boxed-list");
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (remember_row), _("Remember as Alias"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (remember_row),
                               _("The next import recognizes this name"));
  gtk_switch_set_active (GTK_SWITCH (remember), group->remember);
  gtk_widget_set_valign (remember, GTK_ALIGN_CENTER);
  mutual_ui_set_accessible_label (remember, _("Remember as Alias"));
  g_signal_connect_object (remember, "notify::active", G_CALLBACK (on_remember_toggled), group, 0);
  adw_action_row_add_suffix (ADW_ACTION_ROW (remember_row), remember);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (remember_row), remember);
  gtk_list_box_append (GTK_LIST_BOX (options), remember_row);
  gtk_box_append (GTK_BOX (box), options);

  row = group->choice == MUTUAL_IMPORT_ASSIGN ? NULL
        : GTK_WIDGET (gtk_list_box_get_row_at_index (GTK_LIST_BOX (choices), group->choice));
  gtk_list_box_select_row (GTK_LIST_BOX (choices), row ? GTK_LIST_BOX_ROW (row) : NULL);
  gtk_widget_set_sensitive (remember_row, group->choice == MUTUAL_IMPORT_ASSIGN);

  row = gtk_list_box_row_new ();
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_list_box_row_set_selectable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_set_focusable (row, FALSE);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  return row;
}

/* Archived ones too: the importer matches them, and a name from an old
 * client's file may be theirs. */
static void
load_relationships (MutualImportAssistant *self)
{
  g_autoptr(GPtrArray) all = mutual_ledger_list_relationships (self->ledger, TRUE, NULL);

  self->relationship_names = gtk_string_list_new (NULL);
  self->relationship_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->names_by_id = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  for (guint i = 0; all && i < all->len; i++)
    {
      MutualRelationship *rel = all->pdata[i];

      gtk_string_list_append (self->relationship_names, rel->name);
      g_hash_table_insert (self->relationship_ids, g_utf8_casefold (rel->name, -1),
                           g_memdup2 (&rel->id, sizeof rel->id));
      g_hash_table_insert (self->names_by_id, g_memdup2 (&rel->id, sizeof rel->id), g_strdup (rel->name));
    }
}

/* ── GObject ──────────────────────────────────────────────────────── */

static gboolean
on_close_request (GtkWindow *window)
{
  MutualImportAssistant *self = MUTUAL_IMPORT_ASSISTANT (window);

  /* Closed while working: the work stops, and changes nothing. */
  if (self->running != NULL && self->cancellable)
    g_cancellable_cancel (self->cancellable);
  self->finished = TRUE;
  return FALSE;
}

static void
mutual_import_assistant_dispose (GObject *object)
{
  MutualImportAssistant *self = MUTUAL_IMPORT_ASSISTANT (object);

  if (self->cancellable)
    g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->progress_id, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), MUTUAL_TYPE_IMPORT_ASSISTANT);
  g_clear_object (&self->ledger);
  g_clear_object (&self->undo);
  g_clear_object (&self->file);
  g_clear_object (&self->settings);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->rows);
  g_clear_object (&self->groups);
  g_clear_object (&self->relationship_names);
  g_clear_object (&self->preset_names);

  G_OBJECT_CLASS (mutual_import_assistant_parent_class)->dispose (object);
}

static void
mutual_import_assistant_finalize (GObject *object)
{
  MutualImportAssistant *self = MUTUAL_IMPORT_ASSISTANT (object);

  g_clear_pointer (&self->columns, g_strfreev);
  g_clear_pointer (&self->relationship_ids, g_hash_table_unref);
  g_clear_pointer (&self->names_by_id, g_hash_table_unref);
  g_clear_pointer (&self->field_rows, g_ptr_array_unref);

  G_OBJECT_CLASS (mutual_import_assistant_parent_class)->finalize (object);
}

static void
mutual_import_assistant_class_init (MutualImportAssistantClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = mutual_import_assistant_dispose;
  object_class->finalize = mutual_import_assistant_finalize;
  window_class->close_request = on_close_request;

  mutual_ui_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/mutualapp/Mutual/mutual-import-assistant.ui");
  gtk_widget_class_bind_template_child (widget_class, MutualImportAssistant, window_title);
  gtk_widget_class_bind_template_child (widget_class, MutualImportAssistant, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, MutualImportAssistant, back_button);
  gtk_widget_class_bind_template_child (widget_class, MutualImportAssistant, next_button);
  gtk_widget_class_bind_template_child (widget_class, MutualImportAssistant, stack);
  gtk_widget_class_bind_template_child (widget_class, MutualImportAssistant, busy_status);
  gtk_widget_class_bind_template_child (widget_class, MutualImportAssistant, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, MutualImportAssistant, error_status);
  gtk_widget_class_bind_template_child (widget_class, MutualImportAssistant, file_row);
  gtk_widget_class_bind_template_child (widget_class, MutualImportAssistant, type_row);
  gtk_widget_class_bind_template_child (widget_class, MutualImportAssistant, mapping_group);
  gtk_widget_class_bind_template_child (widget_class, MutualImportAssistant, fields_group);
  gtk_widget_class_bind_template_child (widget_class, MutualImportAssistant, save_preset_group);
  gtk_widget_class_bind_template_child (widget_class, MutualImportAssistant, preset_row);
  gtk_widget_class_bind_template_child (widget_class, MutualImportAssistant, field_list);
  gtk_widget_class_bind_template_child (widget_class, MutualImportAssistant, preset_name_row);
  gtk_widget_class_bind_template_child (widget_class, MutualImportAssistant, file_error_label);
  gtk_widget_class_bind_template_child (widget_class, MutualImportAssistant, preview_label);
  gtk_widget_class_bind_template_child (widget_class, MutualImportAssistant, preview_scroller);
  gtk_widget_class_bind_template_child (widget_class, MutualImportAssistant, preview_view);
  gtk_widget_class_bind_template_child (widget_class, MutualImportAssistant, unmatched_list);
  gtk_widget_class_bind_template_callback (widget_class, on_preset_name_apply);

  gtk_widget_class_install_action (widget_class, "assistant.next", NULL, next_action);
  gtk_widget_class_install_action (widget_class, "assistant.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "assistant.cancel", NULL, cancel_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "assistant.cancel", NULL);
}

static void
mutual_import_assistant_init (MutualImportAssistant *self)
{
  g_autoptr(GtkNoSelection) selection = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->rows = g_list_store_new (MUTUAL_TYPE_IMPORT_ROW);
  self->groups = g_list_store_new (MUTUAL_TYPE_IMPORT_GROUP);
  self->field_rows = g_ptr_array_new ();
  self->settings = mutual_ui_settings_new ();

  /* TRANSLATORS: columns of the import preview */
  add_column (self, COLUMN_DATE, _("Date"), FALSE);
  add_column (self, COLUMN_COUNTERPARTY, _("Counterparty"), TRUE);
  add_column (self, COLUMN_DIRECTION, _("Direction"), FALSE);
  add_column (self, COLUMN_VALUE, _("Value"), FALSE);
  add_column (self, COLUMN_RELATIONSHIP, _("Relationship"), TRUE);
  selection = gtk_no_selection_new (G_LIST_MODEL (mutual_ui_growing_slice_new (G_LIST_MODEL (self->rows),
                                                                               self->preview_scroller)));
  gtk_column_view_set_model (self->preview_view, GTK_SELECTION_MODEL (selection));

  gtk_list_box_bind_model (self->unmatched_list, G_LIST_MODEL (self->groups), create_group_widget, self, NULL);
  g_signal_connect_object (self->preset_row, "notify::selected", G_CALLBACK (on_preset_selected), self,
                           G_CONNECT_SWAPPED);
  fill_presets (self, NULL);
}

MutualImportAssistant *
mutual_import_assistant_new (MutualLedger *ledger,
                             MutualUndo   *undo,
                             GFile        *file)
{
  MutualImportAssistant *self;
  g_autofree char *name = NULL;

  g_return_val_if_fail (MUTUAL_IS_LEDGER (ledger), NULL);
  g_return_val_if_fail (undo == NULL || MUTUAL_IS_UNDO (undo), NULL);
  g_return_val_if_fail (G_IS_FILE (file), NULL);

  self = g_object_new (MUTUAL_TYPE_IMPORT_ASSISTANT, NULL);
  self->ledger = g_object_ref (ledger);
  self->undo = undo ? g_object_ref (undo) : NULL;
  self->file = g_object_ref (file);
  load_relationships (self);

  name = g_file_get_basename (file);
  adw_action_row_set_subtitle (self->file_row, name);
  analyse (self);
  return self;
}

const char *
mutual_import_assistant_get_page (MutualImportAssistant *self)
{
  g_return_val_if_fail (MUTUAL_IS_IMPORT_ASSISTANT (self), NULL);
  return gtk_stack_get_visible_child_name (self->stack);
}

MutualImportType
mutual_import_assistant_get_type_found (MutualImportAssistant *self)
{
  g_return_val_if_fail (MUTUAL_IS_IMPORT_ASSISTANT (self), MUTUAL_IMPORT_TYPE_UNKNOWN);
  return self->type;
}

GListModel *
mutual_import_assistant_get_rows (MutualImportAssistant *self)
{
  g_return_val_if_fail (MUTUAL_IS_IMPORT_ASSISTANT (self), NULL);
  return G_LIST_MODEL (self->rows);
}

const char *
mutual_import_assistant_get_row_text (GObject *row,
                                      guint    column)
{
  g_return_val_if_fail (MUTUAL_IS_IMPORT_ROW (row), NULL);
  g_return_val_if_fail (column < N_COLUMNS, NULL);
  return MUTUAL_IMPORT_ROW (row)->text[column];
}

guint
mutual_import_assistant_get_n_unmatched (MutualImportAssistant *self)
{
  g_return_val_if_fail (MUTUAL_IS_IMPORT_ASSISTANT (self), 0);
  return g_list_model_get_n_items (G_LIST_MODEL (self->groups));
}

gboolean
mutual_import_assistant_assign (MutualImportAssistant *self,
                                const char            *counterparty,
                                MutualImportChoice     choice,
                                gint64                 relationship_id,
                                gboolean               remember)
{
  guint n;

  g_return_val_if_fail (MUTUAL_IS_IMPORT_ASSISTANT (self), FALSE);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->groups));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(MutualImportGroup) group = g_list_model_get_item (G_LIST_MODEL (self->groups), i);

      if (g_strcmp0 (group->counterparty, counterparty) == 0)
        {
          group->choice = choice;
          group->relationship_id = relationship_id;
          group->remember = remember;
          return TRUE;
        }
    }
  return FALSE;
}

void
mutual_import_assistant_set_map (MutualImportAssistant *self,
                                 const char            *map)
{
  g_return_if_fail (MUTUAL_IS_IMPORT_ASSISTANT (self));

  map_to_form (self, map);
  self->setting_preset = TRUE;
  adw_combo_row_set_selected (self->preset_row, custom_position (self));
  self->setting_preset = FALSE;
  update_mapping_visibility (self);
}

void
mutual_import_assistant_next (MutualImportAssistant *self)
{
  g_return_if_fail (MUTUAL_IS_IMPORT_ASSISTANT (self));
  gtk_widget_activate_action (GTK_WIDGET (self), "assistant.next", NULL);
}
