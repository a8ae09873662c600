/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define MUTUAL_TYPE_APPLICATION (mutual_application_get_type ())
G_DECLARE_FINAL_TYPE (MutualApplication, mutual_application, MUTUAL, APPLICATION, AdwApplication)

MutualApplication *mutual_application_new (void);

/* Runs the window (the application); returns the exit status. */
int mutual_application_run (int    argc,
                            char **argv);

G_END_DECLS
