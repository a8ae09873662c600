/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mutual-ui"

#include "config.h"

#include <glib/gi18n.h>
#include <adwaita.h>
#include <string.h>

#include "mutual-save-dialog-private.h"

typedef struct
{
  GtkWindow        *parent;
  GArray           *formats;    /* MutualSaveFormat, strings owned */
  GPtrArray        *filters;    /* GtkFileFilter, one per format */
  guint             selected;
  MutualSaveFunc    func;
  gpointer          user_data;
  GDestroyNotify    destroy;
} SaveDialog;

static GtkFileChooser *last_dialog;

static void
save_dialog_free (SaveDialog *save)
{
  for (guint i = 0; i < save->formats->len; i++)
    {
      MutualSaveFormat *format = &g_array_index (save->formats, MutualSaveFormat, i);

      g_free ((char *) format->name);
      g_free ((char *) format->extension);
    }
  g_array_unref (save->formats);
  g_ptr_array_unref (save->filters);
  g_clear_object (&save->parent);
  if (save->destroy)
    save->destroy (save->user_data);
  g_free (save);
}

/* The offered format whose extension @name ends in, or -1. */
static int
format_of_name (const char             *name,
                const MutualSaveFormat *formats,
                guint                   n_formats)
{
  const char *dot = name ? strrchr (name, '.') : NULL;

  if (dot == NULL || dot == name)
    return -1;
  for (guint i = 0; i < n_formats; i++)
    if (g_ascii_strcasecmp (dot + 1, formats[i].extension) == 0)
      return (int) i;
  return -1;
}

char *
mutual_save_dialog_name_for (const char             *name,
                             const MutualSaveFormat *formats,
                             guint                   n_formats,
                             guint                   format)
{
  int current;

  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (format < n_formats, NULL);

  if (*name == '\0')
    return g_strdup (name);
  current = format_of_name (name, formats, n_formats);
  if (current == (int) format)
    return g_strdup (name);   /* "REPORT.PDF" stays as typed */
  if (current >= 0)
    {
      g_autofree char *stem = g_strndup (name, strrchr (name, '.') - name);

      return g_strconcat (stem, ".", formats[format].extension, NULL);
    }
  return g_strconcat (name, ".", formats[format].extension, NULL);
}

static int
chosen_format (GtkFileChooser *chooser,
               SaveDialog     *save)
{
  GtkFileFilter *filter = gtk_file_chooser_get_filter (chooser);
  guint index;

  if (filter && g_ptr_array_find (save->filters, filter, &index))
    return (int) index;
  return -1;
}

static void
on_filter_changed (GtkFileChooser *chooser,
                   GParamSpec     *pspec,
                   SaveDialog     *save)
{
  g_autofree char *name = gtk_file_chooser_get_current_name (chooser);
  g_autofree char *renamed = NULL;
  int format = chosen_format (chooser, save);

  if (format < 0 || name == NULL)
    return;
  renamed = mutual_save_dialog_name_for (name, (MutualSaveFormat *) save->formats->data,
                                         save->formats->len, format);
  if (!g_str_equal (name, renamed))
    gtk_file_chooser_set_current_name (chooser, renamed);
}

typedef struct
{
  SaveDialog *save;     /* borrowed from the chooser, kept alive by it */
  GtkFileChooser *chooser;
  GFile      *file;
  guint       format;
} Confirm;

static void
on_replace_response (AdwMessageDialog *dialog,
                     const char       *response,
                     Confirm          *confirm)
{
  if (g_str_equal (response, "replace"))
    confirm->save->func (confirm->file, confirm->format, confirm->save->user_data);
  g_object_unref (confirm->file);
  g_object_unref (confirm->chooser);
  g_free (confirm);
}

static void
on_response (GtkNativeDialog *native,
             int              response,
             SaveDialog      *save)
{
  GtkFileChooser *chooser = GTK_FILE_CHOOSER (native);
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFile) parent = NULL;
  g_autofree char *name = NULL;
  g_autofree char *fixed = NULL;
  int format;

  if (response != GTK_RESPONSE_ACCEPT
      || (file = gtk_file_chooser_get_file (chooser)) == NULL)
    goto done;

  /* The filter chosen last decides; a portal reports it only now. */
  name = g_file_get_basename (file);
  format = chosen_format (chooser, save);
  if (format < 0)
    format = format_of_name (name, (MutualSaveFormat *) save->formats->data, save->formats->len);
  if (format < 0)
    format = (int) save->selected;
  fixed = mutual_save_dialog_name_for (name, (MutualSaveFormat *) save->formats->data,
                                       save->formats->len, format);
  parent = g_file_get_parent (file);
  if (!g_str_equal (name, fixed) && parent != NULL)
    {
      g_autoptr(GFile) renamed = g_file_get_child (parent, fixed);

      /* The dialog asked about replacing the name typed, not this one. */
      if (g_file_query_exists (renamed, NULL))
        {
          Confirm *confirm = g_new0 (Confirm, 1);
          g_autofree char *body = g_strdup_printf (_("A file named “%s” already exists. Replacing it overwrites its contents."),
                                                   fixed);
          AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (save->parent, _("Replace File?"), body));

          adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "replace", _("_Replace"), NULL);
          adw_message_dialog_set_response_appearance (dialog, "replace", ADW_RESPONSE_DESTRUCTIVE);
          adw_message_dialog_set_default_response (dialog, "cancel");
          adw_message_dialog_set_close_response (dialog, "cancel");
          confirm->save = save;
          confirm->chooser = g_object_ref (chooser);
          confirm->file = g_steal_pointer (&renamed);
          confirm->format = format;
          g_signal_connect (dialog, "response", G_CALLBACK (on_replace_response), confirm);
          gtk_window_present (GTK_WINDOW (dialog));
          goto done;
        }
      g_set_object (&file, renamed);
    }
  save->func (file, format, save->user_data);

done:
  g_object_unref (native);
}

void
mutual_save_dialog_show (GtkWindow              *parent,
                         const char             *title,
                         const char             *accept_label,
                         const MutualSaveFormat *formats,
                         guint                   n_formats,
                         guint                   selected,
                         const char             *basename,
                         GUserDirectory          folder,
                         MutualSaveFunc          func,
                         gpointer                user_data,
                         GDestroyNotify          destroy)
{
  GtkFileChooserNative *native;
  GtkFileChooser *chooser;
  SaveDialog *save;
  const char *folder_path = g_get_user_special_dir (folder);
  g_autofree char *name = NULL;

  g_return_if_fail (n_formats > 0 && selected < n_formats);
  g_return_if_fail (func != NULL);

  native = gtk_file_chooser_native_new (title, parent, GTK_FILE_CHOOSER_ACTION_SAVE, accept_label, NULL);
  chooser = GTK_FILE_CHOOSER (native);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);

  save = g_new0 (SaveDialog, 1);
  save->parent = parent ? g_object_ref (parent) : NULL;
  save->formats = g_array_new (FALSE, FALSE, sizeof (MutualSaveFormat));
  save->filters = g_ptr_array_new_with_free_func (g_object_unref);
  save->selected = selected;
  save->func = func;
  save->user_data = user_data;
  save->destroy = destroy;
  for (guint i = 0; i < n_formats; i++)
    {
      MutualSaveFormat copy = { g_strdup (formats[i].name), g_strdup (formats[i].extension) };
      GtkFileFilter *filter = gtk_file_filter_new ();

      gtk_file_filter_set_name (filter, formats[i].name);
      gtk_file_filter_add_suffix (filter, formats[i].extension);
      gtk_file_chooser_add_filter (chooser, filter);
      g_array_append_val (save->formats, copy);
      g_ptr_array_add (save->filters, filter);
    }
  g_object_set_data_full (G_OBJECT (native), "mutual-save-dialog", save, (GDestroyNotify) save_dialog_free);

  if (folder_path && g_file_test (folder_path, G_FILE_TEST_IS_DIR))
    {
      g_autoptr(GFile) dir = g_file_new_for_path (folder_path);

      gtk_file_chooser_set_current_folder (chooser, dir, NULL);
    }
  gtk_file_chooser_set_filter (chooser, g_ptr_array_index (save->filters, selected));
  name = g_strconcat (basename, ".", formats[selected].extension, NULL);
  /* A name is a file name: no folder separators from a relationship's. */
  g_strdelimit (name, "/\\", '-');
  gtk_file_chooser_set_current_name (chooser, name);
  g_signal_connect (native, "notify::filter", G_CALLBACK (on_filter_changed), save);
  g_signal_connect (native, "response", G_CALLBACK (on_response), save);

  g_set_weak_pointer (&last_dialog, chooser);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

GtkFileChooser *
_mutual_save_dialog_get_last (void)
{
  return last_dialog;
}

void
_mutual_save_dialog_respond (GtkFileChooser *chooser,
                             int             response)
{
  g_signal_emit_by_name (chooser, "response", response);
}
