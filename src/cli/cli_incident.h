/* SPDX-License-Identifier: MIT */
/*
 * cli_incident.h - the parts of `kizuki incident` shared between its
 * files: listing and showing (cli_incident_show.c) and the report printed
 * after filing.
 */
#ifndef KZ_CLI_CLI_INCIDENT_H
#define KZ_CLI_CLI_INCIDENT_H

#include "cli/cli.h"
#include "core/incident.h"

int cli_incident_list(struct cli *cli, int argc, char **argv);
int cli_incident_show(struct cli *cli, int argc, char **argv);
/* cli_duties.c */
int cli_incident_obligations(struct cli *cli, int argc, char **argv);
int cli_incident_damage(struct cli *cli, int argc, char **argv);
int cli_incident_readiness(struct cli *cli, int argc, char **argv);
int cli_incident_disclosures(struct cli *cli, int argc, char **argv);
int cli_incident_file(struct cli *cli, int argc, char **argv);
int cli_incident_cost(struct cli *cli, int argc, char **argv);
int cli_incident_disclose(struct cli *cli, int argc, char **argv);
int cli_incident_aftercare(struct cli *cli, int argc, char **argv);
int cli_incident_draft(struct cli *cli, int argc, char **argv);
/* cli_link.c */
int cli_incident_link(struct cli *cli, int argc, char **argv);
int cli_incident_links(struct cli *cli, int argc, char **argv);
int cli_incident_unlink(struct cli *cli, int argc, char **argv);

/* Tell the person the new reference and what to do next (or print the
 * record under --json); returns 0. */
int cli_incident_report_created(struct cli *cli, const struct incident *inc);

#endif
