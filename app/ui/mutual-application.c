/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mutual-ui"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "mutual-application.h"

/* Temporary until the window lands (issue 5). */
int
mutual_application_run (int    argc,
                        char **argv)
{
  g_printerr ("mutual: the window is not built yet.\n");
  return 1;
}
