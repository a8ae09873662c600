/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mutual-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "core/mutual-error.h"
#include "mutual-relationship-dialog-private.h"
#include "mutual-ui-util.h"

struct _MutualRelationshipDialog
{
  AdwWindow           parent_instance;

  MutualLedger       *ledger;
  MutualRelationship *relationship;   /* the one edited, or a new one */
  char               *error;
  gboolean            touched;

  AdwWindowTitle     *window_title;
  GtkButton          *save_button;
  AdwEntryRow        *name_row;
  AdwEntryRow        *organization_row;
  AdwComboRow        *role_row;
  AdwEntryRow        *notes_row;
  GtkLabel           *error_label;
};

G_DEFINE_FINAL_TYPE (MutualRelationshipDialog, mutual_relationship_dialog, ADW_TYPE_WINDOW)

enum {
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The form as a relationship; the sentence saying what is wrong, if any. */
static MutualRelationship *
read_form (MutualRelationshipDialog  *self,
           char                     **problem)
{
  g_autoptr(MutualRelationship) rel = mutual_relationship_copy (self->relationship);
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_row))));
  g_autofree char *organization = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->organization_row))));
  g_autofree char *notes = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->notes_row))));
  g_autoptr(MutualRelationship) other = NULL;

  g_free (rel->name);
  rel->name = g_steal_pointer (&name);
  g_clear_pointer (&rel->organization, g_free);
  if (*organization)
    rel->organization = g_steal_pointer (&organization);
  g_clear_pointer (&rel->notes, g_free);
  if (*notes)
    rel->notes = g_steal_pointer (&notes);
  rel->role = adw_combo_row_get_selected (self->role_row);
  if (rel->role >= MUTUAL_N_ROLES)
    rel->role = MUTUAL_ROLE_CLIENT;

  *problem = mutual_relationship_check (rel);
  if (*problem == NULL)
    {
      other = mutual_ledger_find_relationship (self->ledger, rel->name, NULL);
      if (other != NULL && other->id != rel->id)
        *problem = g_strdup_printf (_("There is already a relationship named “%s”."), other->name);
    }
  return g_steal_pointer (&rel);
}

static void
show_problem (MutualRelationshipDialog *self,
              const char               *problem)
{
  g_free (self->error);
  self->error = g_strdup (problem);

  /* Say nothing about an untouched empty form; just keep Add off. */
  gtk_label_set_text (self->error_label, problem ? problem : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), problem != NULL && self->touched);
  if (problem != NULL && self->touched)
    gtk_widget_add_css_class (GTK_WIDGET (self->name_row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->name_row), "error");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "dialog.save", problem == NULL);
}

static void
validate (MutualRelationshipDialog *self)
{
  g_autofree char *problem = NULL;
  g_autoptr(MutualRelationship) rel = read_form (self, &problem);

  show_problem (self, problem);
}

static void
on_field_changed (MutualRelationshipDialog *self)
{
  self->touched = TRUE;
  validate (self);
}

gboolean
mutual_relationship_dialog_save (MutualRelationshipDialog *self)
{
  g_autofree char *problem = NULL;
  g_autoptr(MutualRelationship) rel = NULL;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  g_return_val_if_fail (MUTUAL_IS_RELATIONSHIP_DIALOG (self), FALSE);

  self->touched = TRUE;
  rel = read_form (self, &problem);
  if (problem != NULL)
    {
      show_problem (self, problem);
      return FALSE;
    }

  if (rel->id == 0)
    ok = mutual_ledger_add_relationship (self->ledger, rel, &error);
  else
    ok = mutual_ledger_update_relationship (self->ledger, rel, &error);
  if (!ok)
    {
      show_problem (self, error->message);
      return FALSE;
    }

  g_signal_emit (self, signals[SAVED], 0, rel->id);
  gtk_window_close (GTK_WINDOW (self));
  return TRUE;
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  mutual_relationship_dialog_save (MUTUAL_RELATIONSHIP_DIALOG (widget));
}

static void
mutual_relationship_dialog_dispose (GObject *object)
{
  MutualRelationshipDialog *self = MUTUAL_RELATIONSHIP_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), MUTUAL_TYPE_RELATIONSHIP_DIALOG);
  g_clear_object (&self->ledger);

  G_OBJECT_CLASS (mutual_relationship_dialog_parent_class)->dispose (object);
}

static void
mutual_relationship_dialog_finalize (GObject *object)
{
  MutualRelationshipDialog *self = MUTUAL_RELATIONSHIP_DIALOG (object);

  g_clear_pointer (&self->relationship, mutual_relationship_free);
  g_clear_pointer (&self->error, g_free);

  G_OBJECT_CLASS (mutual_relationship_dialog_parent_class)->finalize (object);
}

static void
mutual_relationship_dialog_class_init (MutualRelationshipDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mutual_relationship_dialog_dispose;
  object_class->finalize = mutual_relationship_dialog_finalize;

  /**
   * MutualRelationshipDialog::saved:
   * @id: the relationship's id
   */
  signals[SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);

  mutual_ui_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/mutualapp/Mutual/mutual-relationship-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, MutualRelationshipDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, MutualRelationshipDialog, save_button);
  gtk_widget_class_bind_template_child (widget_class, MutualRelationshipDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, MutualRelationshipDialog, organization_row);
  gtk_widget_class_bind_template_child (widget_class, MutualRelationshipDialog, role_row);
  gtk_widget_class_bind_template_child (widget_class, MutualRelationshipDialog, notes_row);
  gtk_widget_class_bind_template_child (widget_class, MutualRelationshipDialog, error_label);
  gtk_widget_class_bind_template_callback (widget_class, on_field_changed);

  gtk_widget_class_install_action (widget_class, "dialog.save", NULL, save_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
mutual_relationship_dialog_init (MutualRelationshipDialog *self)
{
  g_autoptr(GtkStringList) roles = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));

  for (guint i = 0; i < MUTUAL_N_ROLES; i++)
    gtk_string_list_append (roles, mutual_role_to_label (i));
  adw_combo_row_set_model (self->role_row, G_LIST_MODEL (roles));

  gtk_window_set_default_widget (GTK_WINDOW (self), GTK_WIDGET (self->save_button));
}

MutualRelationshipDialog *
mutual_relationship_dialog_new (MutualLedger             *ledger,
                                const MutualRelationship *relationship)
{
  MutualRelationshipDialog *self;

  g_return_val_if_fail (MUTUAL_IS_LEDGER (ledger), NULL);

  self = g_object_new (MUTUAL_TYPE_RELATIONSHIP_DIALOG, NULL);
  self->ledger = g_object_ref (ledger);
  self->relationship = relationship ? mutual_relationship_copy (relationship) : mutual_relationship_new ();

  if (relationship != NULL)
    {
      gtk_editable_set_text (GTK_EDITABLE (self->name_row), relationship->name);
      gtk_editable_set_text (GTK_EDITABLE (self->organization_row),
                             relationship->organization ? relationship->organization : "");
      gtk_editable_set_text (GTK_EDITABLE (self->notes_row),
                             relationship->notes ? relationship->notes : "");
      adw_combo_row_set_selected (self->role_row, relationship->role);
      gtk_button_set_label (self->save_button, _("Save"));
      adw_window_title_set_title (self->window_title, _("Edit Relationship"));
    }
  else
    {
      gtk_button_set_label (self->save_button, _("Add"));
      adw_window_title_set_title (self->window_title, _("New Relationship"));
    }
  gtk_window_set_title (GTK_WINDOW (self), adw_window_title_get_title (self->window_title));
  gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
  self->touched = FALSE;
  validate (self);
  return self;
}

const char *
mutual_relationship_dialog_get_error (MutualRelationshipDialog *self)
{
  g_return_val_if_fail (MUTUAL_IS_RELATIONSHIP_DIALOG (self), NULL);
  return self->error;
}
