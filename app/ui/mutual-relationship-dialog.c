/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mutual-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "core/mutual-error.h"
#include "core/mutual-identifiers.h"
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
  GtkListBox         *identifier_list;
  AdwComboRow        *identifier_type_row;
  AdwEntryRow        *identifier_row;
  GtkLabel           *identifier_error_label;

  GPtrArray          *identifiers;    /* MutualIdentifier *: what Save writes */
  GPtrArray          *identifier_rows;
  char               *identifier_error;
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

static void show_identifiers (MutualRelationshipDialog *self);

static void
show_identifier_error (MutualRelationshipDialog *self,
                       const char               *problem)
{
  g_free (self->identifier_error);
  self->identifier_error = g_strdup (problem);
  gtk_label_set_text (self->identifier_error_label, problem ? problem : "");
  gtk_widget_set_visible (GTK_WIDGET (self->identifier_error_label), problem != NULL);
  if (problem != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->identifier_row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->identifier_row), "error");
}

static void
on_identifier_remove_clicked (GtkButton                *button,
                              MutualRelationshipDialog *self)
{
  MutualIdentifier *identifier = g_object_get_data (G_OBJECT (button), "identifier");
  guint index;

  if (g_ptr_array_find (self->identifiers, identifier, &index))
    g_ptr_array_remove_index (self->identifiers, index);
  show_identifiers (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->identifier_row));
}

/* One row per identifier, above the rows that add one. */
static void
show_identifiers (MutualRelationshipDialog *self)
{
  for (guint i = 0; i < self->identifier_rows->len; i++)
    gtk_list_box_remove (self->identifier_list, self->identifier_rows->pdata[i]);
  g_ptr_array_set_size (self->identifier_rows, 0);

  for (guint i = 0; i < self->identifiers->len; i++)
    {
      MutualIdentifier *identifier = self->identifiers->pdata[i];
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");
      g_autofree char *remove_name = g_strdup_printf (_("Remove “%s”"), identifier->value);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), identifier->value);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), mutual_identifier_type_to_label (identifier->type));
      adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 1);
      gtk_widget_set_tooltip_text (remove, _("Remove Identifier"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL, remove_name, -1);
      gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (remove, "flat");
      g_object_set_data (G_OBJECT (remove), "identifier", identifier);
      g_signal_connect_object (remove, "clicked", G_CALLBACK (on_identifier_remove_clicked), self, 0);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);
      g_object_set_data (G_OBJECT (row), "remove-button", remove);
      gtk_list_box_insert (self->identifier_list, row, i);
      g_ptr_array_add (self->identifier_rows, row);
    }
}

/* What the add row holds, checked: TRUE when it is empty or was added. */
static gboolean
add_typed_identifier (MutualRelationshipDialog *self)
{
  MutualIdentifierType type = adw_combo_row_get_selected (self->identifier_type_row);
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->identifier_row));
  g_autoptr(GError) error = NULL;
  g_autofree char *value = NULL;
  g_autofree char *problem = NULL;
  g_autofree char *stripped = g_strstrip (g_strdup (text));
  gint64 holder;

  if (type >= MUTUAL_N_IDENTIFIERS)
    type = MUTUAL_IDENTIFIER_EMAIL;
  if (*stripped == '\0')
    {
      show_identifier_error (self, NULL);
      return TRUE;
    }

  value = mutual_identifier_normalize (type, stripped, &error);
  if (value != NULL)
    {
      g_autofree char *key = mutual_identifier_key (type, value);

      for (guint i = 0; i < self->identifiers->len && problem == NULL; i++)
        {
          MutualIdentifier *known = self->identifiers->pdata[i];
          g_autofree char *known_key = mutual_identifier_key (known->type, known->value);

          if (known->type == type && g_strcmp0 (key, known_key) == 0)
            problem = g_strdup_printf (_("“%s” is already among the identifiers."), value);
        }
      holder = problem ? 0 : mutual_ledger_find_identifier (self->ledger, type, value, NULL);
      if (holder > 0 && holder != self->relationship->id)
        {
          g_autoptr(MutualRelationship) other = mutual_ledger_get_relationship (self->ledger, holder, NULL);

          problem = g_strdup_printf (_("“%s” already identifies the relationship “%s”."),
                                     value, other ? other->name : "?");
        }
    }
  else
    problem = g_strdup (error->message);

  if (problem != NULL)
    {
      show_identifier_error (self, problem);
      return FALSE;
    }

  g_ptr_array_add (self->identifiers, mutual_identifier_new (type, value));
  show_identifiers (self);
  gtk_editable_set_text (GTK_EDITABLE (self->identifier_row), "");
  show_identifier_error (self, NULL);
  return TRUE;
}

static void
on_identifier_apply (MutualRelationshipDialog *self)
{
  add_typed_identifier (self);
}

static void
on_identifier_changed (MutualRelationshipDialog *self)
{
  /* A sentence about what was typed before goes once it changes. */
  if (self->identifier_error != NULL)
    show_identifier_error (self, NULL);
}

gboolean
mutual_relationship_dialog_add_identifier (MutualRelationshipDialog *self,
                                           MutualIdentifierType      type,
                                           const char               *text)
{
  g_return_val_if_fail (MUTUAL_IS_RELATIONSHIP_DIALOG (self), FALSE);

  adw_combo_row_set_selected (self->identifier_type_row, type);
  gtk_editable_set_text (GTK_EDITABLE (self->identifier_row), text);
  g_signal_emit_by_name (self->identifier_row, "apply");
  return self->identifier_error == NULL;
}

gboolean
mutual_relationship_dialog_remove_identifier (MutualRelationshipDialog *self,
                                              const char               *value)
{
  g_return_val_if_fail (MUTUAL_IS_RELATIONSHIP_DIALOG (self), FALSE);

  for (guint i = 0; i < self->identifier_rows->len; i++)
    {
      GObject *row = self->identifier_rows->pdata[i];

      if (g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), value) == 0)
        {
          g_signal_emit_by_name (g_object_get_data (row, "remove-button"), "clicked");
          return TRUE;
        }
    }
  return FALSE;
}

const char *
mutual_relationship_dialog_get_identifier_error (MutualRelationshipDialog *self)
{
  g_return_val_if_fail (MUTUAL_IS_RELATIONSHIP_DIALOG (self), NULL);
  return self->identifier_error;
}

GPtrArray *
mutual_relationship_dialog_get_identifiers (MutualRelationshipDialog *self)
{
  g_return_val_if_fail (MUTUAL_IS_RELATIONSHIP_DIALOG (self), NULL);
  return self->identifiers;
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

  /* An identifier typed but not added yet is saved too, or nothing is. */
  if (!add_typed_identifier (self))
    return FALSE;

  /* The relationship and its identifiers are one change. */
  ok = mutual_ledger_begin (self->ledger, &error);
  if (ok)
    {
      if (rel->id == 0)
        ok = mutual_ledger_add_relationship (self->ledger, rel, &error);
      else
        ok = mutual_ledger_update_relationship (self->ledger, rel, &error);
      if (ok && !mutual_ledger_set_identifiers (self->ledger, rel->id, self->identifiers, &error))
        {
          ok = FALSE;
          show_identifier_error (self, error->message);
          g_clear_error (&error);
        }
      if (ok)
        ok = mutual_ledger_commit (self->ledger, &error);
      if (!ok)
        {
          mutual_ledger_rollback (self->ledger);
        }
    }
  if (!ok)
    {
      if (error != NULL)
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
  g_clear_pointer (&self->identifier_error, g_free);
  g_clear_pointer (&self->identifiers, g_ptr_array_unref);
  g_clear_pointer (&self->identifier_rows, g_ptr_array_unref);

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
  gtk_widget_class_bind_template_child (widget_class, MutualRelationshipDialog, identifier_list);
  gtk_widget_class_bind_template_child (widget_class, MutualRelationshipDialog, identifier_type_row);
  gtk_widget_class_bind_template_child (widget_class, MutualRelationshipDialog, identifier_row);
  gtk_widget_class_bind_template_child (widget_class, MutualRelationshipDialog, identifier_error_label);
  gtk_widget_class_bind_template_callback (widget_class, on_field_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_identifier_apply);
  gtk_widget_class_bind_template_callback (widget_class, on_identifier_changed);

  gtk_widget_class_install_action (widget_class, "dialog.save", NULL, save_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
mutual_relationship_dialog_init (MutualRelationshipDialog *self)
{
  g_autoptr(GtkStringList) roles = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) types = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));

  for (guint i = 0; i < MUTUAL_N_ROLES; i++)
    gtk_string_list_append (roles, mutual_role_to_label (i));
  adw_combo_row_set_model (self->role_row, G_LIST_MODEL (roles));
  for (guint i = 0; i < MUTUAL_N_IDENTIFIERS; i++)
    gtk_string_list_append (types, mutual_identifier_type_to_label (i));
  adw_combo_row_set_model (self->identifier_type_row, G_LIST_MODEL (types));
  self->identifiers = g_ptr_array_new_with_free_func ((GDestroyNotify) mutual_identifier_free);
  self->identifier_rows = g_ptr_array_new ();

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
      if (relationship->id > 0)
        {
          g_autoptr(GPtrArray) identifiers = mutual_ledger_list_identifiers (ledger, relationship->id, NULL);

          for (guint i = 0; identifiers && i < identifiers->len; i++)
            {
              MutualIdentifier *identifier = identifiers->pdata[i];

              g_ptr_array_add (self->identifiers, mutual_identifier_new (identifier->type, identifier->value));
            }
          show_identifiers (self);
        }
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
