/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mutual-error"

#include "config.h"

#include <glib/gi18n.h>

#include "mutual-error.h"

G_DEFINE_QUARK (mutual-error-quark, mutual_error)

void
mutual_error_set_in_file (GError     **error,
                          int          code,
                          const char  *file,
                          guint64      line,
                          guint64      column,
                          const char  *message)
{
  int l = (int) MIN (line, (guint64) G_MAXINT);
  int c = (int) MIN (column, (guint64) G_MAXINT);

  if (column > 0)
    g_set_error (error, MUTUAL_ERROR, code, _("In “%s” at line %d, column %d: %s"),
                 file, l, c, message);
  else
    {
      g_autofree char *where = g_strdup_printf ("%" G_GUINT64_FORMAT, line);

      g_set_error (error, MUTUAL_ERROR, code, _("In “%s” at line %s: %s"), file, where, message);
    }
}
