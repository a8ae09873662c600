/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* One format a save dialog offers: "PDF document" and "pdf". */
typedef struct
{
  const char *name;         /* translated */
  const char *extension;    /* without the dot */
} MutualSaveFormat;

/* @file is the chosen file, its name ending in the extension of
 * @format (an index into the formats offered). */
typedef void (*MutualSaveFunc) (GFile    *file,
                                guint     format,
                                gpointer  user_data);

/* Every save dialog of the window, alike: one filter per format with
 * @selected chosen, @basename (without extension) in the default
 * @folder (Documents, Pictures…); choosing another filter changes the
 * name's extension, and a name without one of these extensions gets the
 * chosen one. GtkFileChooserNative: a portal where there is one.
 * @func runs once, when a file was chosen. */
void   mutual_save_dialog_show        (GtkWindow              *parent,
                                       const char             *title,
                                       const char             *accept_label,
                                       const MutualSaveFormat *formats,
                                       guint                   n_formats,
                                       guint                   selected,
                                       const char             *basename,
                                       GUserDirectory          folder,
                                       MutualSaveFunc          func,
                                       gpointer                user_data,
                                       GDestroyNotify          destroy);

/* @name with the extension of formats[@format]: an extension of another
 * of @formats is replaced, a name without any of them gets it. */
char  *mutual_save_dialog_name_for    (const char             *name,
                                       const MutualSaveFormat *formats,
                                       guint                   n_formats,
                                       guint                   format);

G_END_DECLS
