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

/* mutual-cli-interchange.c */
int mutual_cli_import             (MutualCli *cli, int argc, char **argv);
int mutual_cli_export             (MutualCli *cli, int argc, char **argv);
int mutual_cli_export_csv         (MutualCli *cli, int argc, char **argv);

/* mutual-cli-chart.c */
int mutual_cli_chart              (MutualCli *cli, int argc, char **argv);
int mutual_cli_report             (MutualCli *cli, int argc, char **argv);

/* mutual-cli-edit.c */
int mutual_cli_relationships       (MutualCli *cli, int argc, char **argv);
int mutual_cli_edit_relationship   (MutualCli *cli, int argc, char **argv);
int mutual_cli_delete_relationship (MutualCli *cli, int argc, char **argv);
int mutual_cli_override            (MutualCli *cli, int argc, char **argv);
int mutual_cli_identify            (MutualCli *cli, int argc, char **argv);
int mutual_cli_exchanges           (MutualCli *cli, int argc, char **argv);
int mutual_cli_edit_exchange       (MutualCli *cli, int argc, char **argv);
int mutual_cli_delete_exchange     (MutualCli *cli, int argc, char **argv);

G_END_DECLS
