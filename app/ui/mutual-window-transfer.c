/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mutual-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "core/mutual-error.h"
#include "core/mutual-interchange.h"
#include "core/mutual-report.h"
#include "mutual-report-dialog.h"
#include "mutual-save-dialog.h"
#include "mutual-import-assistant.h"
#include "mutual-ui-util.h"
#include "mutual-window-private.h"

/* Import, export and the review report run in a thread on a connection
 * of their own to the same file (SQLite serialises the writers); the
 * window sees the result through its usual poll. */
typedef enum
{
  TRANSFER_IMPORT,
  TRANSFER_EXPORT,
  TRANSFER_REPORT,
} TransferKind;

typedef struct
{
  TransferKind        kind;
  char               *ledger_path;
  GFile              *file;
  MutualExportFormat  format;
  MutualImportCounts  counts;
  MutualReportOptions report;
  char               *report_author;
  MutualWindow       *window;        /* for progress, main thread only */
  double              fraction;
  guint               progress_id;
  GMutex              lock;
} Transfer;

typedef void (*ChosenFunc) (MutualWindow *self,
                            GFile        *file);

static void
transfer_free (Transfer *transfer)
{
  g_clear_handle_id (&transfer->progress_id, g_source_remove);
  g_free (transfer->ledger_path);
  g_free (transfer->report_author);
  g_clear_object (&transfer->file);
  g_mutex_clear (&transfer->lock);
  g_free (transfer);
}

static gboolean
show_progress (gpointer user_data)
{
  Transfer *transfer = user_data;
  double fraction;

  g_mutex_lock (&transfer->lock);
  fraction = transfer->fraction;
  g_mutex_unlock (&transfer->lock);
  if (transfer->window->progress_bar == NULL)
    return G_SOURCE_CONTINUE;
  if (fraction < 0)
    gtk_progress_bar_pulse (transfer->window->progress_bar);
  else
    gtk_progress_bar_set_fraction (transfer->window->progress_bar, fraction);
  return G_SOURCE_CONTINUE;
}

static void
on_progress (guint64  done,
             guint64  total,
             gpointer user_data)
{
  Transfer *transfer = user_data;

  g_mutex_lock (&transfer->lock);
  transfer->fraction = total > 0 ? MIN (1.0, (double) done / (double) total) : -1;
  g_mutex_unlock (&transfer->lock);
}

static void
run_transfer (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  Transfer *transfer = task_data;
  g_autoptr(MutualLedger) ledger = NULL;
  g_autoptr(GError) error = NULL;
  gboolean ok = FALSE;

  ledger = mutual_ledger_open (transfer->ledger_path, &error);
  if (ledger != NULL)
    switch (transfer->kind)
      {
      case TRANSFER_IMPORT:
        ok = mutual_import_file (ledger, transfer->file, MUTUAL_IMPORT_DEFAULT, &transfer->counts,
                                 on_progress, transfer, cancellable, &error);
        break;
      case TRANSFER_EXPORT:
        ok = mutual_export_file (ledger, transfer->file, transfer->format,
                                 on_progress, transfer, cancellable, &error);
        break;
      case TRANSFER_REPORT:
        {
          g_autofree char *path = g_file_get_path (transfer->file);
          MutualReportOptions options = transfer->report;

          /* The relationship by id: this connection is the thread's own. */
          options.author = transfer->report_author;
          ok = mutual_report_write_with_options (ledger, path, &options, &error);
        }
        break;
      default:
        g_assert_not_reached ();
      }
  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, g_steal_pointer (&error));
}

static void
show_failure (MutualWindow *self,
              const char   *heading,
              const GError *error)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, error->message);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_transfer_done (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  MutualWindow *self = MUTUAL_WINDOW (source);
  Transfer *transfer = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_file_get_basename (transfer->file);
  g_autofree char *text = NULL;

  g_clear_object (&self->transfer);
  g_clear_handle_id (&transfer->progress_id, g_source_remove);
  if (self->progress_revealer == NULL)
    return;   /* the window closed meanwhile */
  gtk_revealer_set_reveal_child (self->progress_revealer, FALSE);
  _mutual_window_update_actions (self);

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        _mutual_window_toast (self, _("Cancelled; nothing was changed"));
      else if (transfer->kind == TRANSFER_IMPORT)
        show_failure (self, _("Import Failed"), error);
      else
        show_failure (self, _("Export Failed"), error);
      return;
    }

  switch (transfer->kind)
    {
    case TRANSFER_IMPORT:
      {
        g_autofree char *counts = mutual_import_counts_to_string (&transfer->counts);
        text = g_strdup_printf (_("Imported “%s”. %s"), name, counts);
        mutual_window_poll (self);
      }
      break;
    case TRANSFER_EXPORT:
      text = g_strdup_printf (_("Exported to “%s”"), name);
      break;
    case TRANSFER_REPORT:
    default:
      text = transfer->report.relationship_id != 0
             ? g_strdup_printf (_("Report saved as “%s”"), name)
             : g_strdup_printf (_("Review report saved as “%s”"), name);
      break;
    }
  _mutual_window_toast (self, text);
}

static void
start_transfer (MutualWindow              *self,
                TransferKind               kind,
                GFile                     *file,
                const MutualReportOptions *report)
{
  g_autoptr(GTask) task = NULL;
  Transfer *transfer;

  if (self->transfer != NULL || self->ledger == NULL)
    return;

  transfer = g_new0 (Transfer, 1);
  g_mutex_init (&transfer->lock);
  transfer->kind = kind;
  transfer->ledger_path = g_strdup (mutual_ledger_get_path (self->ledger));
  transfer->file = g_object_ref (file);
  transfer->window = self;
  transfer->fraction = -1;
  if (report)
    {
      transfer->report = *report;
      transfer->report_author = g_strdup (report->author);
      transfer->report.author = NULL;
    }
  if (kind == TRANSFER_EXPORT)
    {
      g_autofree char *name = g_file_get_basename (file);
      transfer->format = g_str_has_suffix (name, ".csv") || g_str_has_suffix (name, ".CSV")
                         ? MUTUAL_EXPORT_CSV : MUTUAL_EXPORT_XML;
    }

  self->transfer = g_cancellable_new ();
  gtk_progress_bar_set_fraction (self->progress_bar, 0);
  gtk_progress_bar_set_text (self->progress_bar,
                             kind == TRANSFER_IMPORT ? _("Importing…")
                             : kind == TRANSFER_EXPORT ? _("Exporting…")
                             : _("Writing the review report…"));
  gtk_revealer_set_reveal_child (self->progress_revealer, TRUE);
  transfer->progress_id = g_timeout_add (100, show_progress, transfer);
  _mutual_window_update_actions (self);

  task = g_task_new (self, self->transfer, on_transfer_done, NULL);
  g_task_set_task_data (task, transfer, (GDestroyNotify) transfer_free);
  g_task_run_in_thread (task, run_transfer);
}

typedef struct
{
  const char *name;
  const char *suffixes;      /* space-separated, without the dot */
} Filter;

/* Every type the importer reads (DESIGN.md, "Identities and importing
 * from other tools"); CAMT.053 statements are XML files. Suffixes match
 * whatever their case. */
static const Filter import_filters[] = {
  { N_("All supported files"), "xml csv tsv txt ofx qfx qif vcf vcard" },
  { N_("Mutual files (XML)"), "xml" },
  { N_("Spreadsheets (CSV)"), "csv tsv txt" },
  { N_("Bank statements (OFX, QFX)"), "ofx qfx" },
  { N_("Bank statements (CAMT.053 XML)"), "xml" },
  { N_("Bank records (QIF)"), "qif" },
  { N_("Contacts (vCard)"), "vcf vcard" },
};

GListModel *
mutual_window_get_import_filters (void)
{
  GListStore *store = g_list_store_new (GTK_TYPE_FILE_FILTER);

  for (guint i = 0; i < G_N_ELEMENTS (import_filters); i++)
    {
      g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
      g_auto(GStrv) suffixes = g_strsplit (import_filters[i].suffixes, " ", -1);

      gtk_file_filter_set_name (filter, g_dgettext (GETTEXT_PACKAGE, import_filters[i].name));
      for (guint s = 0; suffixes[s]; s++)
        gtk_file_filter_add_suffix (filter, suffixes[s]);
      g_list_store_append (store, filter);
    }
  return G_LIST_MODEL (store);
}

static void
on_chooser_response (GtkNativeDialog *chooser,
                     int              response,
                     MutualWindow    *self)
{
  ChosenFunc func = g_object_get_data (G_OBJECT (chooser), "func");

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      if (file)
        func (self, file);
    }
  g_object_unref (chooser);
}

static GtkFileChooser *
new_chooser (MutualWindow         *self,
             const char           *title,
             GtkFileChooserAction  action,
             const char           *accept,
             ChosenFunc            func)
{
  GtkFileChooserNative *chooser = gtk_file_chooser_native_new (title, GTK_WINDOW (self), action, accept, NULL);

  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_object_set_data (G_OBJECT (chooser), "func", func);
  g_signal_connect_object (chooser, "response", G_CALLBACK (on_chooser_response), self, 0);
  return GTK_FILE_CHOOSER (chooser);
}

void
mutual_window_import_file (MutualWindow *self,
                           GFile        *file)
{
  g_return_if_fail (MUTUAL_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  start_transfer (self, TRANSFER_IMPORT, file, NULL);
}

void
mutual_window_export_file (MutualWindow *self,
                           GFile        *file)
{
  g_return_if_fail (MUTUAL_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  start_transfer (self, TRANSFER_EXPORT, file, NULL);
}

gboolean
mutual_window_is_busy (MutualWindow *self)
{
  g_return_val_if_fail (MUTUAL_IS_WINDOW (self), FALSE);
  return self->transfer != NULL;
}

MutualImportAssistant *
mutual_window_start_import (MutualWindow *self,
                            GFile        *file)
{
  MutualImportAssistant *assistant;

  g_return_val_if_fail (MUTUAL_IS_WINDOW (self), NULL);
  g_return_val_if_fail (G_IS_FILE (file), NULL);

  if (self->ledger == NULL || self->transfer != NULL)
    return NULL;
  assistant = mutual_import_assistant_new (self->ledger, self->undo, file);
  gtk_window_set_transient_for (GTK_WINDOW (assistant), GTK_WINDOW (self));
  gtk_window_present (GTK_WINDOW (assistant));
  return assistant;
}

static void
import_chosen (MutualWindow *self,
               GFile        *file)
{
  mutual_window_start_import (self, file);
}

static gboolean
on_file_dropped (GtkDropTarget *target,
                 const GValue  *value,
                 double         x,
                 double         y,
                 MutualWindow  *self)
{
  GSList *files;

  if (!G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    return FALSE;
  files = gdk_file_list_get_files (g_value_get_boxed (value));
  /* One file at a time: the assistant asks about each. */
  if (files == NULL || self->ledger == NULL || self->transfer != NULL)
    {
      g_slist_free (files);
      return FALSE;
    }
  mutual_window_start_import (self, files->data);
  g_slist_free (files);
  return TRUE;
}

void
_mutual_window_setup_drop (MutualWindow *self)
{
  GtkDropTarget *target = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);

  g_signal_connect_object (target, "drop", G_CALLBACK (on_file_dropped), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (target));
}

static void
export_chosen (GFile    *file,
               guint     format,
               gpointer  user_data)
{
  mutual_window_export_file (MUTUAL_WINDOW (user_data), file);
}

void
mutual_window_write_report (MutualWindow              *self,
                            GFile                     *file,
                            const MutualReportOptions *options)
{
  g_return_if_fail (MUTUAL_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (options != NULL);

  start_transfer (self, TRANSFER_REPORT, file, options);
}

/* The chart on screen: the relationship's, or the portfolio's. */
static MutualChart *
current_chart (MutualWindow *self)
{
  MutualChartView *view = self->shown_id != 0
                          ? mutual_relationship_page_get_chart_view (self->relationship_page)
                          : mutual_overview_page_get_balance_view (self->overview_page);

  return view ? mutual_chart_view_get_chart (view) : NULL;
}

gboolean
mutual_window_export_chart (MutualWindow                   *self,
                            GFile                          *file,
                            const MutualChartExportOptions *options,
                            GError                        **error)
{
  MutualChart *chart;
  g_autofree char *path = NULL;

  g_return_val_if_fail (MUTUAL_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  chart = current_chart (self);
  path = g_file_get_path (file);
  if (chart == NULL || path == NULL)
    {
      g_set_error_literal (error, MUTUAL_ERROR, MUTUAL_ERROR_DATA,
                           chart ? _("Charts are exported to local files only.")
                                 : _("There is no chart to export yet."));
      return FALSE;
    }
  /* Rendering one chart is quick (the renderer reduces long series). */
  return mutual_chart_export (chart, path, options ? options : &self->chart_export, error);
}

/* The formats of Export Chart, in the order of its Format row. */
static void
chart_formats (MutualSaveFormat formats[3])
{
  formats[0] = (MutualSaveFormat) { _("PNG image"), "png" };
  formats[1] = (MutualSaveFormat) { _("SVG image"), "svg" };
  formats[2] = (MutualSaveFormat) { _("PDF document"), "pdf" };
}

/* The sizes of the Size row: slide, document, square; then custom. */
static const struct
{
  double width;
  double height;
} chart_sizes[] = {
  { 1920, 1080 },
  { 1600, 900 },
  { 1080, 1080 },
};
#define CHART_SIZE_CUSTOM G_N_ELEMENTS (chart_sizes)

typedef struct
{
  MutualWindow *window;
  MutualChart  *chart;
} ChartExport;

static void
chart_export_free (ChartExport *export)
{
  g_object_unref (export->window);
  mutual_chart_unref (export->chart);
  g_free (export);
}

static void
export_chart_chosen (GFile    *file,
                     guint     format,
                     gpointer  user_data)
{
  ChartExport *export = user_data;
  MutualWindow *self = export->window;
  g_autofree char *name = g_file_get_basename (file);
  g_autofree char *path = g_file_get_path (file);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;

  if (path == NULL)
    g_set_error_literal (&error, MUTUAL_ERROR, MUTUAL_ERROR_DATA, _("Charts are exported to local files only."));
  /* Rendering one chart is quick (the renderer reduces long series). */
  if (error != NULL || !mutual_chart_export (export->chart, path, &self->chart_export, &error))
    {
      show_failure (self, _("Export Failed"), error);
      return;
    }
  text = g_strdup_printf (_("Chart exported to “%s”"), name);
  _mutual_window_toast (self, text);
}

/* The overview shows two charts: the one chosen in the dialog. */
static MutualChart *
chosen_chart (MutualWindow *self,
              AdwComboRow  *chart_row)
{
  if (self->shown_id == 0 && gtk_widget_get_visible (GTK_WIDGET (chart_row))
      && adw_combo_row_get_selected (chart_row) == 1)
    return mutual_chart_view_get_chart (mutual_overview_page_get_bars_view (self->overview_page));
  return current_chart (self);
}

static void
on_chart_options_response (AdwMessageDialog *dialog,
                           const char       *response,
                           MutualWindow     *self)
{
  GtkBuilder *builder = g_object_get_data (G_OBJECT (dialog), "builder");
  MutualChart *chart = chosen_chart (self, ADW_COMBO_ROW (gtk_builder_get_object (builder, "chart_row")));
  guint size = adw_combo_row_get_selected (ADW_COMBO_ROW (gtk_builder_get_object (builder, "size_row")));
  MutualSaveFormat formats[3];
  ChartExport *export;
  g_autofree char *name = NULL;

  if (g_strcmp0 (response, "export") != 0 || chart == NULL)
    return;

  self->chart_export_custom = size >= CHART_SIZE_CUSTOM;
  if (self->chart_export_custom)
    {
      self->chart_export.width = gtk_spin_button_get_value (GTK_SPIN_BUTTON (gtk_builder_get_object (builder, "width_spin")));
      self->chart_export.height = gtk_spin_button_get_value (GTK_SPIN_BUTTON (gtk_builder_get_object (builder, "height_spin")));
    }
  else
    {
      self->chart_export.width = chart_sizes[size].width;
      self->chart_export.height = chart_sizes[size].height;
    }
  self->chart_export.hide_amounts = gtk_switch_get_active (GTK_SWITCH (gtk_builder_get_object (builder, "hide_switch")));
  self->chart_export_format = MIN (adw_combo_row_get_selected (ADW_COMBO_ROW (gtk_builder_get_object (builder, "format_row"))), 2);

  export = g_new0 (ChartExport, 1);
  export->window = g_object_ref (self);
  export->chart = mutual_chart_ref (chart);
  name = g_strdup (mutual_chart_get_subject (chart));
  g_strdelimit (name, ":", '-');
  chart_formats (formats);
  mutual_save_dialog_show (GTK_WINDOW (self), _("Export the Chart"), _("_Export"),
                           formats, G_N_ELEMENTS (formats), self->chart_export_format,
                           name, G_USER_DIRECTORY_PICTURES,
                           export_chart_chosen, export, (GDestroyNotify) chart_export_free);
}

void
_mutual_window_choose_import (MutualWindow *self)
{
  GtkFileChooser *chooser;

  if (self->ledger == NULL || self->transfer)
    return;
  /* The end-to-end test cannot drive a native chooser: it names the
   * file to pick instead (HACKING.md, "Tests"). */
  if (g_getenv ("MUTUAL_TEST_CHOOSE_FILE") != NULL)
    {
      g_autoptr(GFile) file = g_file_new_for_path (g_getenv ("MUTUAL_TEST_CHOOSE_FILE"));

      import_chosen (self, file);
      return;
    }

  chooser = new_chooser (self, _("Import"), GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), import_chosen);
  {
    g_autoptr(GListModel) filters = mutual_window_get_import_filters ();

    for (guint i = 0; i < g_list_model_get_n_items (filters); i++)
      {
        g_autoptr(GtkFileFilter) filter = g_list_model_get_item (filters, i);

        gtk_file_chooser_add_filter (chooser, filter);
      }
  }
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

void
_mutual_window_choose_export (MutualWindow *self)
{
  MutualSaveFormat formats[] = {
    { _("Mutual file (XML)"), "xml" },
    { _("Spreadsheet (CSV)"), "csv" },
  };

  if (self->ledger == NULL || self->transfer)
    return;
  mutual_save_dialog_show (GTK_WINDOW (self), _("Export the Ledger"), _("_Export"),
                           formats, G_N_ELEMENTS (formats), 0, "mutual", G_USER_DIRECTORY_DOCUMENTS,
                           export_chosen, g_object_ref (self), g_object_unref);
}

void
_mutual_window_choose_report (MutualWindow *self)
{
  MutualReportDialog *dialog;

  if (self->ledger == NULL || self->transfer)
    return;
  dialog = mutual_report_dialog_new (self, self->ledger, self->shown_id);
  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (self));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* The dialog's fixed structure is in mutual-chart-export-dialog.ui; here
 * go the values last chosen and the sizes the renderer accepts. */
static GtkSpinButton *
size_spin (GtkBuilder *builder,
           const char *id,
           double      value)
{
  GtkSpinButton *spin = GTK_SPIN_BUTTON (gtk_builder_get_object (builder, id));

  /* Configured rather than ranged: the entry's width follows the range
   * only when the adjustment is set. */
  gtk_spin_button_configure (spin,
                             gtk_adjustment_new (value, MUTUAL_CHART_EXPORT_MIN_SIZE, MUTUAL_CHART_EXPORT_MAX_SIZE,
                                                 50, 500, 0),
                             50, 0);
  return spin;
}

static void
on_size_selected (AdwComboRow *size_row,
                  GParamSpec  *pspec,
                  GtkBuilder  *builder)
{
  gboolean custom = adw_combo_row_get_selected (size_row) >= CHART_SIZE_CUSTOM;

  gtk_widget_set_visible (GTK_WIDGET (gtk_builder_get_object (builder, "width_row")), custom);
  gtk_widget_set_visible (GTK_WIDGET (gtk_builder_get_object (builder, "height_row")), custom);
}

void
_mutual_window_choose_chart_export (MutualWindow *self)
{
  GtkBuilder *builder;
  GtkWindow *dialog;
  AdwComboRow *size_row;
  AdwComboRow *chart_row;
  guint size = self->chart_export_custom ? CHART_SIZE_CUSTOM : 1;   /* default: document */

  if (current_chart (self) == NULL)
    {
      _mutual_window_toast (self, _("There is no chart to export yet"));
      return;
    }

  builder = gtk_builder_new_from_resource ("/io/github/mutualapp/Mutual/mutual-chart-export-dialog.ui");
  dialog = GTK_WINDOW (gtk_builder_get_object (builder, "dialog"));
  g_object_set_data_full (G_OBJECT (dialog), "builder", builder, g_object_unref);
  gtk_switch_set_active (GTK_SWITCH (gtk_builder_get_object (builder, "hide_switch")), self->chart_export.hide_amounts);
  size_spin (builder, "width_spin", self->chart_export.width);
  size_spin (builder, "height_spin", self->chart_export.height);
  for (guint i = 0; i < CHART_SIZE_CUSTOM && !self->chart_export_custom; i++)
    if (chart_sizes[i].width == self->chart_export.width && chart_sizes[i].height == self->chart_export.height)
      size = i;
  size_row = ADW_COMBO_ROW (gtk_builder_get_object (builder, "size_row"));
  adw_combo_row_set_selected (size_row, size);
  g_signal_connect_object (size_row, "notify::selected", G_CALLBACK (on_size_selected), builder, 0);
  on_size_selected (size_row, NULL, builder);
  adw_combo_row_set_selected (ADW_COMBO_ROW (gtk_builder_get_object (builder, "format_row")),
                              self->chart_export_format);
  /* The overview has the portfolio's balance and the bars by relationship. */
  chart_row = ADW_COMBO_ROW (gtk_builder_get_object (builder, "chart_row"));
  gtk_widget_set_visible (GTK_WIDGET (chart_row),
                          self->shown_id == 0
                          && mutual_chart_view_get_chart (mutual_overview_page_get_bars_view (self->overview_page)) != NULL);
  gtk_window_set_transient_for (dialog, GTK_WINDOW (self));
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_chart_options_response), self, 0);
  gtk_window_present (dialog);
}

void
_mutual_window_cancel_transfer (MutualWindow *self)
{
  if (self->transfer)
    g_cancellable_cancel (self->transfer);
}
