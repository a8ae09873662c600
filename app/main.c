/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mutual"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "cli/mutual-cli.h"
#include "ui/mutual-application.h"

int
main (int    argc,
      char **argv)
{
  const char *localedir = g_getenv ("MUTUAL_LOCALEDIR");

  setlocale (LC_ALL, "");
  /* An uninstalled build (`meson devenv`, build-aux/dev run) finds its
   * translations in the build folder: the devenv points here. */
  bindtextdomain (GETTEXT_PACKAGE, localedir && *localedir ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  /* A command needs no display: decide before GTK is touched. */
  if (mutual_cli_wants_command_line (argc, argv))
    return mutual_cli_run (argc, argv);

  return mutual_application_run (argc, argv);
}
