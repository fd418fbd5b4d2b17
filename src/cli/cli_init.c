/* SPDX-License-Identifier: MIT */
/*
 * cli_init.c - `kizuki init`: create the database (or bring an existing
 * one to the current schema) and tell the person what to do next.
 */
#include <stdio.h>

#include "cli/cli.h"

int cli_init_main(struct cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {CLI_COMMON_OPTIONS,
                                         {NULL, 0, NULL, 0}};
    struct store *s = NULL;
    bool help = false;
    int c;

    optind = 1;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        int rc = cli_other_option(cli, c, optarg, &help, "cli.usage.init");
        if (rc >= 0)
            return rc;
    }
    if (help) {
        cli_say(cli, "cli.usage.init");
        return 0;
    }
    if (optind != argc)
        return cli_usage_error(cli, "cli.extra_args", "cli.usage.init");
    enum kz_err err = cli_open_store(cli, STORE_OPEN_CREATE, &s);
    if (err != KZ_OK)
        return kz_err_exit_code(err);
    if (cli->json) {
        cli_print_json(json_pack("{s:s, s:i}", "db", cli->db, "schema",
                                 store_schema_version(s)));
    } else {
        printf("%s: %s (schema %d)\n", cli_text(cli, "cli.init_done"), cli->db,
               store_schema_version(s));
        printf("%s\n", cli_text(cli, "cli.next_steps"));
        printf("  kizuki incident new --db %s --title \"...\" "
               "--discovered-at \"2026-11-22T09:30\"\n",
               cli->db);
        printf("  kizuki incident list --db %s\n", cli->db);
    }
    store_close(s);
    return 0;
}
