/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mutual-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "core/mutual-date-input.h"
#include "core/mutual-report.h"
#include "mutual-report-dialog.h"
#include "mutual-save-dialog.h"
#include "mutual-ui-util.h"
#include "mutual-window-private.h"

typedef enum
{
  PERIOD_12_MONTHS,
  PERIOD_THIS_YEAR,
  PERIOD_LAST_YEAR,
  PERIOD_ALL,
  PERIOD_CUSTOM,
} Period;

struct _MutualReportDialog
{
  AdwWindow        parent_instance;

  MutualWindow    *window;
  MutualLedger    *ledger;
  gint64           relationship_id;
  char            *relationship_name;
  GSettings       *settings;
  MutualDateOrder  date_order;
  char             date_separator;

  AdwPreferencesGroup *scope_group;
  AdwComboRow     *scope_row;
  AdwComboRow     *period_row;
  AdwEntryRow     *from_row;
  AdwEntryRow     *to_row;
  GtkSwitch       *hide_switch;
  AdwActionRow    *private_row;
  GtkSwitch       *private_switch;
  AdwEntryRow     *author_row;
  GtkLabel        *error_label;
};

G_DEFINE_FINAL_TYPE (MutualReportDialog, mutual_report_dialog, ADW_TYPE_WINDOW)

static gboolean
for_client (MutualReportDialog *self)
{
  return self->relationship_id != 0 && adw_combo_row_get_selected (self->scope_row) == 0;
}

static gboolean
parse_date (MutualReportDialog  *self,
            AdwEntryRow         *row,
            MutualDate          *out,
            GError             **error)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
  g_autofree char *example = NULL;

  *out = 0;
  if (*text == '\0')
    return TRUE;
  example = mutual_date_format_numeric (mutual_date_today (), self->date_order, self->date_separator);
  return mutual_date_parse_numeric (text, self->date_order, example, out, error);
}

/* The period chosen; FALSE with a sentence when the dates do not read. */
static gboolean
read_period (MutualReportDialog  *self,
             MutualDate          *from,
             MutualDate          *to,
             char               **problem)
{
  MutualDate today = mutual_date_today ();
  int year = today / 10000;
  g_autoptr(GError) error = NULL;

  *from = *to = 0;
  switch (adw_combo_row_get_selected (self->period_row))
    {
    case PERIOD_12_MONTHS:
      *from = mutual_date_add_days (today, -364);
      *to = today;
      break;
    case PERIOD_THIS_YEAR:
      *from = mutual_date_make (year, 1, 1);
      *to = today;
      break;
    case PERIOD_LAST_YEAR:
      *from = mutual_date_make (year - 1, 1, 1);
      *to = mutual_date_make (year - 1, 12, 31);
      break;
    case PERIOD_CUSTOM:
      if (!parse_date (self, self->from_row, from, &error)
          || !parse_date (self, self->to_row, to, &error))
        {
          *problem = g_strdup (error->message);
          return FALSE;
        }
      if (*from && *to && *from > *to)
        {
          *problem = g_strdup (_("The period starts after it ends."));
          return FALSE;
        }
      break;
    case PERIOD_ALL:
    default:
      break;
    }
  return TRUE;
}

static void
update (MutualReportDialog *self)
{
  g_autofree char *problem = NULL;
  MutualDate from, to;
  gboolean custom = adw_combo_row_get_selected (self->period_row) == PERIOD_CUSTOM;
  gboolean ok = read_period (self, &from, &to, &problem);

  gtk_widget_set_visible (GTK_WIDGET (self->from_row), custom);
  gtk_widget_set_visible (GTK_WIDGET (self->to_row), custom);
  gtk_label_set_text (self->error_label, problem ? problem : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), problem != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "report.save", ok);

  /* The review of all is private by nature: flags and all. */
  gtk_widget_set_sensitive (GTK_WIDGET (self->private_row), for_client (self));
  adw_preferences_group_set_description (self->scope_group,
                                         for_client (self)
                                         ? _("For the client: their exchanges and figures, without your flags or notes.")
                                         : _("For you: every relationship with its flags."));
}

static void
on_scope_selected (MutualReportDialog *self)
{
  update (self);
}

static void
on_period_changed (MutualReportDialog *self)
{
  update (self);
}

typedef struct
{
  MutualWindow        *window;
  MutualReportOptions  options;
  char                *author;
} Chosen;

static void
chosen_free (Chosen *chosen)
{
  g_object_unref (chosen->window);
  g_free (chosen->author);
  g_free (chosen);
}

static void
on_file_chosen (GFile    *file,
                guint     format,
                gpointer  user_data)
{
  Chosen *chosen = user_data;

  chosen->options.author = chosen->author;
  mutual_window_write_report (chosen->window, file, &chosen->options);
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  MutualReportDialog *self = MUTUAL_REPORT_DIALOG (widget);
  const MutualSaveFormat pdf[] = { { _("PDF document"), "pdf" } };
  g_autofree char *problem = NULL;
  g_autofree char *basename = NULL;
  g_autofree char *author = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->author_row))));
  MutualWindow *window = self->window;
  Chosen *chosen;

  chosen = g_new0 (Chosen, 1);
  mutual_report_options_init (&chosen->options);
  if (!read_period (self, &chosen->options.from, &chosen->options.to, &problem))
    {
      g_free (chosen);
      update (self);
      return;
    }
  chosen->window = g_object_ref (window);
  chosen->options.hide_amounts = gtk_switch_get_active (self->hide_switch);
  if (for_client (self))
    {
      chosen->options.relationship_id = self->relationship_id;
      chosen->options.include_private = gtk_switch_get_active (self->private_switch);
      /* TRANSLATORS: the default file name of a relationship's report */
      basename = g_strdup_printf (_("Review – %s"), self->relationship_name);
    }
  else
    /* TRANSLATORS: the default file name of the review report */
    basename = g_strdup (_("Mutual Review"));
  if (*author)
    chosen->author = g_steal_pointer (&author);

  gtk_window_close (GTK_WINDOW (self));
  mutual_save_dialog_show (GTK_WINDOW (window), _("Save the Report"), _("_Save"),
                           pdf, G_N_ELEMENTS (pdf), 0, basename, G_USER_DIRECTORY_DOCUMENTS,
                           on_file_chosen, chosen, (GDestroyNotify) chosen_free);
}

static void
mutual_report_dialog_dispose (GObject *object)
{
  MutualReportDialog *self = MUTUAL_REPORT_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), MUTUAL_TYPE_REPORT_DIALOG);
  g_clear_object (&self->settings);
  g_clear_object (&self->ledger);
  g_clear_weak_pointer (&self->window);
  G_OBJECT_CLASS (mutual_report_dialog_parent_class)->dispose (object);
}

static void
mutual_report_dialog_finalize (GObject *object)
{
  MutualReportDialog *self = MUTUAL_REPORT_DIALOG (object);

  g_free (self->relationship_name);
  G_OBJECT_CLASS (mutual_report_dialog_parent_class)->finalize (object);
}

static void
mutual_report_dialog_class_init (MutualReportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mutual_report_dialog_dispose;
  object_class->finalize = mutual_report_dialog_finalize;

  mutual_ui_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/mutualapp/Mutual/mutual-report-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, MutualReportDialog, scope_group);
  gtk_widget_class_bind_template_child (widget_class, MutualReportDialog, scope_row);
  gtk_widget_class_bind_template_child (widget_class, MutualReportDialog, period_row);
  gtk_widget_class_bind_template_child (widget_class, MutualReportDialog, from_row);
  gtk_widget_class_bind_template_child (widget_class, MutualReportDialog, to_row);
  gtk_widget_class_bind_template_child (widget_class, MutualReportDialog, hide_switch);
  gtk_widget_class_bind_template_child (widget_class, MutualReportDialog, private_row);
  gtk_widget_class_bind_template_child (widget_class, MutualReportDialog, private_switch);
  gtk_widget_class_bind_template_child (widget_class, MutualReportDialog, author_row);
  gtk_widget_class_bind_template_child (widget_class, MutualReportDialog, error_label);
  gtk_widget_class_bind_template_callback (widget_class, on_scope_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_period_changed);
  gtk_widget_class_install_action (widget_class, "report.save", NULL, save_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
mutual_report_dialog_init (MutualReportDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->date_order = mutual_date_locale_order (&self->date_separator);
}

MutualReportDialog *
mutual_report_dialog_new (MutualWindow *window,
                          MutualLedger *ledger,
                          gint64        relationship_id)
{
  MutualReportDialog *self;
  g_autoptr(GtkStringList) scopes = gtk_string_list_new (NULL);
  g_autoptr(MutualRelationship) rel = NULL;
  g_autofree char *example = NULL;
  g_autofree char *hint = NULL;

  g_return_val_if_fail (MUTUAL_IS_WINDOW (window), NULL);
  g_return_val_if_fail (MUTUAL_IS_LEDGER (ledger), NULL);

  self = g_object_new (MUTUAL_TYPE_REPORT_DIALOG, NULL);
  g_set_weak_pointer (&self->window, window);
  self->ledger = g_object_ref (ledger);
  if (relationship_id != 0)
    rel = mutual_ledger_get_relationship (ledger, relationship_id, NULL);
  if (rel)
    {
      self->relationship_id = rel->id;
      self->relationship_name = g_strdup (rel->name);
      gtk_string_list_append (scopes, rel->name);
    }
  gtk_string_list_append (scopes, _("All Relationships"));
  adw_combo_row_set_model (self->scope_row, G_LIST_MODEL (scopes));
  gtk_widget_set_sensitive (GTK_WIDGET (self->scope_row), rel != NULL);

  /* The dates as the locale writes them, as in the exchange form. */
  example = mutual_date_format_numeric (mutual_date_today (), self->date_order, self->date_separator);
  /* TRANSLATORS: a date field's title; an example date */
  hint = g_strdup_printf (_("From, such as %s"), example);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->from_row), hint);
  g_free (hint);
  hint = g_strdup_printf (_("To, such as %s"), example);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->to_row), hint);

  self->settings = mutual_ui_settings_new ();
  if (self->settings)
    {
      g_autoptr(GSettingsSchema) schema = NULL;

      g_object_get (self->settings, "settings-schema", &schema, NULL);
      if (g_settings_schema_has_key (schema, "report-author"))
        g_settings_bind (self->settings, "report-author", self->author_row, "text", G_SETTINGS_BIND_DEFAULT);
    }
  update (self);
  return self;
}
