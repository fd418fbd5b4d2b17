/* SPDX-License-Identifier: MIT */
/*
 * cli_taxonomy.c - `kizuki taxonomy [NAME]`: the classification keys and
 * their labels, so people know what to type.
 */
#include <stdio.h>

#include "cli/cli.h"
#include "core/taxonomy.h"
#include "json/taxonomy_json.h"

static void print_one(struct cli *cli, const struct taxonomy *t)
{
    printf("%s (%s)\n", cli->lang == LANG_EN ? t->en : t->ja, t->name);
    for (size_t i = 0; i < t->count; i++)
        printf("  %-28s %s\n", t->entries[i].key,
               taxonomy_entry_label(&t->entries[i], cli->lang));
}

int cli_taxonomy_main(struct cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {CLI_COMMON_OPTIONS,
                                         {NULL, 0, NULL, 0}};
    bool help = false;
    size_t n = 0;
    int c;

    optind = 1;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        int rc = cli_other_option(cli, c, optarg, &help, "cli.usage.taxonomy");
        if (rc >= 0)
            return rc;
    }
    if (help) {
        cli_say(cli, "cli.usage.taxonomy");
        return 0;
    }
    if (argc - optind > 1)
        return cli_usage_error(cli, "cli.extra_args", "cli.usage.taxonomy");
    const struct taxonomy *const *all = taxonomy_all(&n);
    if (optind < argc) {
        const struct taxonomy *t = taxonomy_find(argv[optind]);
        if (t == NULL)
            return cli_usage_error(cli, "cli.no_taxonomy",
                                   "cli.usage.taxonomy");
        if (cli->json)
            cli_print_json(taxonomy_to_json(t, cli->lang));
        else
            print_one(cli, t);
        return 0;
    }
    if (cli->json) {
        json_t *a = json_array();
        for (size_t i = 0; i < n; i++)
            json_array_append_new(a, taxonomy_to_json(all[i], cli->lang));
        cli_print_json(json_pack("{s:o}", "taxonomies", a));
        return 0;
    }
    for (size_t i = 0; i < n; i++) {
        print_one(cli, all[i]);
        putchar('\n');
    }
    return 0;
}
