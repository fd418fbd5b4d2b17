/* SPDX-License-Identifier: MIT */
/*
 * cli_link.c - `kizuki incident link REF KIND OTHER_REF`, `kizuki
 * incident links REF [--duplicates]` and `kizuki incident unlink REF ID`:
 * related and duplicate incidents from the command line.
 */
#include <stdio.h>
#include <string.h>

#include "app/links.h"
#include "cli/cli.h"
#include "cli/cli_incident.h"
#include "core/taxonomy.h"
#include "json/link_json.h"

enum { OPT_DUPLICATES = CLI_OPT_FIRST_OWN };

#define USAGE "cli.usage.incident_link"

/* Options and operands; -1 to go on, else the exit code. */
static int parse(struct cli *cli, int argc, char **argv, const char **pos,
                 int *npos, bool *dups)
{
    static const struct option opts[] = {
        CLI_COMMON_OPTIONS,
        {"duplicates", no_argument, NULL, OPT_DUPLICATES},
        {NULL, 0, NULL, 0},
    };
    bool help = false;
    int c;

    *dups = false;
    optind = 1;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (c == OPT_DUPLICATES) {
            *dups = true;
        } else {
            int rc = cli_other_option(cli, c, optarg, &help, USAGE);
            if (rc >= 0)
                return rc;
        }
    }
    int rc = cli_operands(cli, argc, argv, help, pos, 3, npos, USAGE);
    if (rc >= 0)
        return rc;
    return *npos > 0 ? cli_check_ref(cli, pos[0]) : -1;
}

static const char *relation_label(struct cli *cli, const char *relation)
{
    char key[48];

    snprintf(key, sizeof(key), "link.rel.%s", relation);
    return cli_text(cli, key);
}

static void print_link(struct cli *cli, const struct link_view *v)
{
    const char *rel = v->outgoing ? link_kind_key(v->link.kind)
                                  : link_kind_inverse_key(v->link.kind);

    printf("%-5lld ", (long long)v->link.id);
    cli_pad(relation_label(cli, rel), 18);
    printf("%-15s ", v->other.ref);
    cli_pad(
        taxonomy_label(&taxonomy_phase, phase_key(v->other.phase), cli->lang),
        16);
    printf("%s\n", v->other.title ? v->other.title : "");
}

static int print_duplicates(struct cli *cli, struct store *s, const char *ref,
                            json_t *into)
{
    struct dup_offer_list l = {0};
    enum kz_err err = app_link_duplicates(s, &cli->ctx, ref, &l);

    if (err != KZ_OK)
        return cli_fail(cli, err,
                        err == KZ_ENOTFOUND ? "cli.no_incident" : NULL, NULL);
    json_t *a = json_array();
    if (!cli->json)
        cli_say(cli, l.n ? "cli.dup_offers" : "cli.no_dup_offers");
    for (size_t i = 0; i < l.n; i++) {
        const struct dup_offer *o = &l.items[i];
        json_array_append_new(a, dup_offer_to_json(&o->inc, o->why.dice,
                                                   o->why.shared_asset,
                                                   o->why.shared_observables));
        if (!cli->json)
            printf("  %-15s %3d%% %s %s\n", o->inc.ref, o->why.dice,
                   o->why.shared_asset ? "*" : " ",
                   o->inc.title ? o->inc.title : "");
    }
    json_object_set_new(into, "duplicates", a);
    dup_offer_list_cleanup(&l);
    return 0;
}

int cli_incident_links(struct cli *cli, int argc, char **argv)
{
    const char *pos[3];
    int npos = 0;
    bool dups;
    struct store *s = NULL;
    struct link_view_list l = {0};
    int rc = parse(cli, argc, argv, pos, &npos, &dups);

    if (rc >= 0)
        return rc;
    if (npos != 1)
        return cli_usage_error(cli, "cli.need_args", USAGE);
    enum kz_err err = cli_open_store(cli, STORE_OPEN_EXISTING, &s);
    if (err != KZ_OK)
        return kz_err_exit_code(err);
    err = app_link_list(s, &cli->ctx, pos[0], &l);
    if (err != KZ_OK) {
        rc = cli_fail(cli, err, err == KZ_ENOTFOUND ? "cli.no_incident" : NULL,
                      NULL);
        store_close(s);
        return rc;
    }
    json_t *a = json_array();
    if (!cli->json && l.n == 0)
        cli_say(cli, "cli.no_links");
    for (size_t i = 0; i < l.n; i++) {
        const struct link_view *v = &l.items[i];
        if (cli->json)
            json_array_append_new(
                a, link_view_to_json(&v->link, v->outgoing, &v->other));
        else
            print_link(cli, v);
    }
    json_t *out = json_pack("{s:s, s:o}", "ref", pos[0], "items", a);
    rc = dups ? print_duplicates(cli, s, pos[0], out) : 0;
    if (cli->json && rc == 0)
        cli_print_json(out);
    else
        json_decref(out);
    link_view_list_cleanup(&l);
    store_close(s);
    return rc;
}

int cli_incident_link(struct cli *cli, int argc, char **argv)
{
    const char *pos[3];
    int npos = 0;
    bool dups;
    struct store *s = NULL;
    struct kz_problems p;
    struct link_view v;
    int rc = parse(cli, argc, argv, pos, &npos, &dups);

    if (rc >= 0)
        return rc;
    if (npos != 3 || dups)
        return cli_usage_error(cli, "cli.need_args", USAGE);
    rc = cli_check_ref(cli, pos[2]);
    if (rc >= 0)
        return rc;
    enum kz_err err = cli_open_store(cli, STORE_OPEN_EXISTING, &s);
    if (err != KZ_OK)
        return kz_err_exit_code(err);
    kz_problems_clear(&p);
    link_view_init(&v);
    rc = 0;
    err = app_link_add(s, &cli->ctx, pos[0], pos[1], pos[2], &v, &p);
    if (err != KZ_OK) {
        rc = cli_fail(
            cli, err,
            err == KZ_ENOTFOUND && p.n == 0 ? "cli.no_incident" : NULL, &p);
    } else if (cli->json) {
        cli_print_json(link_view_to_json(&v.link, true, &v.other));
    } else {
        printf("%s → %s (%s) %s\n", pos[0], v.other.ref,
               relation_label(cli, link_kind_key(v.link.kind)),
               cli_text(cli, "cli.linked"));
    }
    link_view_cleanup(&v);
    store_close(s);
    return rc;
}

int cli_incident_unlink(struct cli *cli, int argc, char **argv)
{
    const char *pos[3];
    int npos = 0;
    bool dups;
    int64_t id = 0;
    struct store *s = NULL;
    int rc = parse(cli, argc, argv, pos, &npos, &dups);

    if (rc >= 0)
        return rc;
    if (npos != 2 || dups || !cli_parse_int64(pos[1], &id) || id < 1)
        return cli_usage_error(cli, "cli.need_args", USAGE);
    enum kz_err err = cli_open_store(cli, STORE_OPEN_EXISTING, &s);
    if (err != KZ_OK)
        return kz_err_exit_code(err);
    err = app_link_remove(s, &cli->ctx, pos[0], id);
    rc = 0;
    if (err != KZ_OK) {
        rc = cli_fail(cli, err, NULL, NULL);
    } else if (cli->json) {
        cli_print_json(json_pack("{s:s, s:I, s:b}", "ref", pos[0], "id",
                                 (json_int_t)id, "removed", 1));
    } else {
        printf("%s #%lld %s\n", pos[0], (long long)id,
               cli_text(cli, "cli.unlinked"));
    }
    store_close(s);
    return rc;
}
