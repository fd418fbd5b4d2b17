/* SPDX-License-Identifier: MIT */
/*
 * cli_verify.c - `kizuki verify`: recompute every hash chain.  Exit 0 and
 * the number of entries checked when intact; exit 1 and the first broken
 * link of each broken chain otherwise.
 */
#include <stdio.h>

#include "app/verify.h"
#include "cli/cli.h"
#include "util/mem.h"

static json_t *break_json(struct cli *cli, const struct chron_break *b)
{
    return json_pack("{s:s, s:I, s:s, s:s, s:s}", "ref", b->ref, "seq",
                     (json_int_t)b->seq, "problem",
                     i18n_text(b->what_key, cli->lang), "expected", b->expected,
                     "found", b->found);
}

int cli_verify_main(struct cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {CLI_COMMON_OPTIONS,
                                         {NULL, 0, NULL, 0}};
    struct verify_result *r = NULL;
    struct store *s = NULL;
    bool help = false;
    int c;

    optind = 1;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        int rc = cli_other_option(cli, c, optarg, &help, "cli.usage.verify");
        if (rc >= 0)
            return rc;
    }
    if (help) {
        cli_say(cli, "cli.usage.verify");
        return 0;
    }
    if (optind != argc)
        return cli_usage_error(cli, "cli.extra_args", "cli.usage.verify");
    enum kz_err err = cli_open_store(cli, STORE_OPEN_EXISTING, &s);
    if (err != KZ_OK)
        return kz_err_exit_code(err);
    r = xcalloc(1, sizeof(*r));
    err = app_verify(s, NULL, r);
    store_close(s);
    if (err != KZ_OK && err != KZ_EVERIFY) {
        xfree(r);
        return cli_fail(cli, err, NULL, NULL);
    }
    if (cli->json) {
        json_t *broken = json_array();
        for (size_t i = 0; i < r->nbroken; i++)
            json_array_append_new(broken, break_json(cli, &r->broken[i]));
        cli_print_json(json_pack("{s:b, s:I, s:I, s:o}", "ok", err == KZ_OK,
                                 "checked", (json_int_t)r->checked, "incidents",
                                 (json_int_t)r->incidents, "broken", broken));
    } else if (err == KZ_OK) {
        printf("%s: %lld %s, %lld %s\n", cli_text(cli, "verify.ok"),
               (long long)r->checked, cli_text(cli, "verify.entries"),
               (long long)r->incidents, cli_text(cli, "verify.chains"));
    } else {
        printf("%s (%lld)\n", cli_text(cli, "verify.failed"),
               (long long)r->broken_total);
        for (size_t i = 0; i < r->nbroken; i++) {
            const struct chron_break *b = &r->broken[i];
            printf("  %s #%lld: %s\n    %s %s\n    %s %s\n", b->ref,
                   (long long)b->seq, cli_text(cli, b->what_key),
                   cli_text(cli, "verify.expected"), b->expected,
                   cli_text(cli, "verify.found"), b->found);
        }
    }
    xfree(r);
    return err == KZ_OK ? 0 : 1;
}
