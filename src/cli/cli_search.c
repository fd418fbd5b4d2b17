/* SPDX-License-Identifier: MIT */
/*
 * cli_search.c - `kizuki search QUERY [--limit N] [--json]`: the search
 * box from the command line (docs/internals/search.md for the query
 * language).
 */
#include <stdio.h>
#include <string.h>

#include "app/search.h"
#include "cli/cli.h"
#include "core/search_snippet.h"
#include "core/taxonomy.h"
#include "json/search_json.h"

enum { OPT_LIMIT = CLI_OPT_FIRST_OWN };

#define USAGE "cli.usage.search"

/* One result: the incident's line, then each snippet with its field and
 * the matched terms between 【 and 】. */
static void print_hit(struct cli *cli, const struct search_hit *h)
{
    printf("%-15s ", h->inc.ref);
    cli_pad(taxonomy_label(&taxonomy_phase, phase_key(h->inc.phase), cli->lang),
            16);
    printf("%s\n", h->inc.title ? h->inc.title : "");
    for (size_t i = 0; i < h->n; i++) {
        struct search_snippet sn;
        char key[48];
        search_snippet_make(h->matches[i].body,
                            (const size_t(*)[2])h->matches[i].ranges,
                            h->matches[i].n, &sn);
        snprintf(key, sizeof(key), "search.field.%s", h->matches[i].kind);
        printf("    [%s] ", cli_text(cli, key));
        /* Walk the snippet by code point to place the marks. */
        const char *p = sn.text;
        size_t cp = 0, k = 0;
        while (*p != '\0') {
            if (k < sn.n && cp == sn.marks[k][0])
                fputs("\u3010", stdout);
            size_t len = 1;
            while ((p[len] & 0xc0) == 0x80)
                len++;
            fwrite(p, 1, len, stdout);
            p += len;
            cp++;
            if (k < sn.n && cp == sn.marks[k][1]) {
                fputs("\u3011", stdout);
                k++;
            }
        }
        putchar('\n');
        search_snippet_cleanup(&sn);
    }
}

int cli_search_main(struct cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {
        CLI_COMMON_OPTIONS,
        {"limit", required_argument, NULL, OPT_LIMIT},
        {NULL, 0, NULL, 0},
    };
    const char *pos[1];
    int npos = 0;
    bool help = false;
    int64_t limit = SEARCH_LIMIT_DEFAULT;
    const char *limit_arg = NULL;
    int c;

    optind = 1;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (c == OPT_LIMIT) {
            limit_arg = optarg;
        } else {
            int rc = cli_other_option(cli, c, optarg, &help, USAGE);
            if (rc >= 0)
                return rc;
        }
    }
    int rc = cli_operands(cli, argc, argv, help, pos, 1, &npos, USAGE);
    if (rc >= 0)
        return rc;
    if (npos != 1)
        return cli_usage_error(cli, "cli.search_query", USAGE);
    if (limit_arg != NULL && (!cli_parse_int64(limit_arg, &limit) ||
                              limit < 1 || limit > SEARCH_LIMIT_MAX))
        return cli_usage_error(cli, "v.limit", USAGE);

    struct search_query q;
    struct kz_problems p;
    const char *why = NULL;
    search_query_init(&q);
    kz_problems_clear(&p);
    if (search_query_parse(pos[0], &q, &why) != KZ_OK) {
        kz_problems_add(&p, "q", why);
        search_query_cleanup(&q);
        return cli_fail(cli, KZ_EINVAL, NULL, &p);
    }
    struct store *s = NULL;
    enum kz_err err = cli_open_store(cli, STORE_OPEN_EXISTING, &s);
    if (err != KZ_OK) {
        search_query_cleanup(&q);
        return kz_err_exit_code(err);
    }
    struct search_hits hits = {0};
    err = app_search(s, &cli->ctx, &q, (int)limit, 0, &hits);
    search_query_cleanup(&q);
    if (err != KZ_OK) {
        store_close(s);
        return cli_fail(cli, err, NULL, NULL);
    }
    if (cli->json) {
        json_t *items = json_array();
        for (size_t i = 0; i < hits.n; i++)
            json_array_append_new(items, search_hit_to_json(&hits.items[i]));
        cli_print_json(json_pack("{s:o}", "items", items));
    } else if (hits.n == 0) {
        cli_say(cli, "cli.search_none");
    } else {
        for (size_t i = 0; i < hits.n; i++)
            print_hit(cli, &hits.items[i]);
    }
    search_hits_cleanup(&hits);
    store_close(s);
    return 0;
}
