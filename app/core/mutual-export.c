/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mutual-export"

#include "config.h"

#include <glib/gi18n.h>

#include "mutual-error.h"
#include "mutual-export.h"
#include "mutual-file.h"

/* An export to a file, in either format, through mutual-file. */


typedef struct
{
  MutualLedger        *ledger;
  MutualExportFormat   format;
  MutualProgressFunc   progress;
  gpointer             progress_data;
} ExportFile;

static gboolean
write_export (GOutputStream  *stream,
              gpointer        user_data,
              GCancellable   *cancellable,
              GError        **error)
{
  ExportFile *file = user_data;

  if (file->format == MUTUAL_EXPORT_CSV)
    return mutual_export_csv_stream (file->ledger, stream, file->progress, file->progress_data,
                                     cancellable, error);
  return mutual_export_stream (file->ledger, stream, file->progress, file->progress_data,
                               cancellable, error);
}

gboolean
mutual_export_file (MutualLedger        *ledger,
                    GFile               *file,
                    MutualExportFormat   format,
                    MutualProgressFunc   progress,
                    gpointer             progress_data,
                    GCancellable        *cancellable,
                    GError             **error)
{
  g_autofree char *path = g_file_get_path (file);
  ExportFile export = { ledger, format, progress, progress_data };

  g_return_val_if_fail (MUTUAL_IS_LEDGER (ledger), FALSE);

  if (path == NULL)
    {
      g_autofree char *name = g_file_get_parse_name (file);

      g_set_error (error, MUTUAL_ERROR, MUTUAL_ERROR_DATA,
                   _("The file “%s” is not on this computer; export to a local file."), name);
      return FALSE;
    }
  /* A whole ledger: for its owner only. */
  return mutual_file_write_stream (path, MUTUAL_FILE_PRIVATE, write_export, &export,
                                   cancellable, error);
}
