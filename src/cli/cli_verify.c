/* SPDX-License-Identifier: MIT */
/*
 * cli_verify.c - `kizuki verify`: recompute every hash chain.  Exit 0 and
 * the number of entries checked when intact; exit 1 and the first broken
 * link of each broken chain otherwise.  --print-head prints the audit
 * log's head for an auditor to keep elsewhere; --expect-head checks that
 * the log still holds such a head kept earlier.
 */
#include <stdio.h>
#include <string.h>

#include "app/evidence.h"
#include "app/evidence_verify.h"
#include "app/verify.h"
#include "cli/cli.h"
#include "json/chronology_json.h"
#include "util/mem.h"

/* "SEQ:HASH" as --print-head writes it (OUT: *out); false when malformed.
 * Upper-case hex is taken too, as someone may have copied it so. */
static bool parse_head(const char *s, struct chron_head *out)
{
    const char *colon = strchr(s, ':');
    char seq[24];

    if (colon == NULL || colon == s || (size_t)(colon - s) >= sizeof(seq))
        return false;
    memcpy(seq, s, (size_t)(colon - s));
    seq[colon - s] = '\0';
    if (!cli_parse_int64(seq, &out->count) || out->count < 0)
        return false;
    const char *h = colon + 1;
    if (strlen(h) != HASH_HEX_SIZE - 1)
        return false;
    for (size_t i = 0; i < HASH_HEX_SIZE - 1; i++) {
        char ch = h[i];
        if (ch >= 'A' && ch <= 'F')
            ch = (char)(ch - 'A' + 'a');
        else if (!((ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f')))
            return false;
        out->hash[i] = ch;
    }
    out->hash[HASH_HEX_SIZE - 1] = '\0';
    return true;
}

int cli_verify_main(struct cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {
        CLI_COMMON_OPTIONS,
        {"print-head", no_argument, NULL, CLI_OPT_FIRST_OWN},
        {"expect-head", required_argument, NULL, CLI_OPT_FIRST_OWN + 1},
        {NULL, 0, NULL, 0},
    };
    struct verify_result *r = NULL;
    struct store *s = NULL;
    struct chron_head expect;
    bool expecting = false;
    bool print_head = false;
    bool help = false;
    int c;

    optind = 1;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (c == CLI_OPT_FIRST_OWN) {
            print_head = true;
        } else if (c == CLI_OPT_FIRST_OWN + 1) {
            if (!parse_head(optarg, &expect))
                return cli_usage_error(cli, "cli.bad_head", "cli.usage.verify");
            expecting = true;
        } else {
            int rc =
                cli_other_option(cli, c, optarg, &help, "cli.usage.verify");
            if (rc >= 0)
                return rc;
        }
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
    err = app_verify_anchored(s, NULL, expecting ? &expect : NULL, r);
    char dir[4096];
    if ((err == KZ_OK || err == KZ_EVERIFY) &&
        cli_evidence_dir(cli, dir, sizeof(dir))) {
        enum kz_err e2 = app_evidence_verify(s, dir, r);
        if (e2 != KZ_OK && (e2 != KZ_EVERIFY || err == KZ_OK))
            err = e2;
    }
    store_close(s);
    if (err != KZ_OK && err != KZ_EVERIFY) {
        xfree(r);
        return cli_fail(cli, err, NULL, NULL);
    }
    if (cli->json) {
        json_t *broken = json_array();
        for (size_t i = 0; i < r->nbroken; i++)
            json_array_append_new(
                broken, chron_break_to_json(&r->broken[i], cli->lang));
        cli_print_json(json_pack(
            "{s:b, s:I, s:I, s:o, s:{s:I, s:s}}", "ok", err == KZ_OK, "checked",
            (json_int_t)r->checked, "incidents", (json_int_t)r->incidents,
            "broken", broken, "audit_head", "seq",
            (json_int_t)r->audit_head.count, "hash", r->audit_head.hash));
    } else if (err == KZ_OK && print_head) {
        /* Only the head, so that a script can keep it as it is. */
        printf("%lld:%s\n", (long long)r->audit_head.count, r->audit_head.hash);
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
