/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "mutual-cli.h"

G_BEGIN_DECLS

/* mutual-cli-ledger.c */
int mutual_cli_add_relationship (MutualCli *cli, int argc, char **argv);
int mutual_cli_log              (MutualCli *cli, int argc, char **argv);
int mutual_cli_classify         (MutualCli *cli, int argc, char **argv);
int mutual_cli_balance          (MutualCli *cli, int argc, char **argv);
int mutual_cli_demo             (MutualCli *cli, int argc, char **argv);

G_END_DECLS
