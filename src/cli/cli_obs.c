/* SPDX-License-Identifier: MIT */
/*
 * cli_obs.c - `kizuki observable add REF --type T --value V [--tlp amber]
 * [--ioc] [--sighted] [--note TEXT]`, `kizuki observable list REF` and
 * `kizuki observable find --type T --value V`: observables (indicators)
 * of incidents from the command line, through the same use cases as the
 * API (app/observables.h).
 */
#include <stdio.h>
#include <string.h>

#include "app/observables.h"
#include "cli/cli.h"
#include "core/taxonomy.h"
#include "json/observable_json.h"

#define USAGE "cli.usage.observable"

enum {
    OPT_TYPE = CLI_OPT_FIRST_OWN,
    OPT_VALUE,
    OPT_TLP,
    OPT_IOC,
    OPT_SIGHTED,
    OPT_NOTE,
};

static void print_obs(const struct observable *o)
{
    printf("%-5lld %-9s %-13s %-4s %-4s %-4d %s\n", (long long)o->id,
           obs_type_key(o->type), tlp_key(o->tlp), o->ioc ? "IOC" : "-",
           o->sighted ? "seen" : "-", o->seen_in,
           o->display ? o->display : o->value);
}

static int obs_list(struct cli *cli, struct store *s, const char *ref)
{
    struct obs_list l = {0};
    enum kz_err err = app_obs_list(s, &cli->ctx, ref, &l);

    if (err != KZ_OK)
        return cli_fail(cli, err,
                        err == KZ_ENOTFOUND ? "cli.no_incident" : NULL, NULL);
    json_t *a = json_array();
    if (!cli->json && l.n == 0)
        cli_say(cli, "cli.no_observables");
    else if (!cli->json)
        cli_say(cli, "cli.observable_header");
    for (size_t i = 0; i < l.n; i++) {
        if (cli->json)
            json_array_append_new(a, observable_to_json(&l.items[i]));
        else
            print_obs(&l.items[i]);
    }
    if (cli->json)
        cli_print_json(json_pack("{s:s, s:o}", "ref", ref, "items", a));
    else
        json_decref(a);
    obs_list_cleanup(&l);
    return 0;
}

static int obs_add(struct cli *cli, struct store *s, const char *ref,
                   const struct obs_input *in)
{
    struct kz_problems p;
    struct obs_list out = {0};

    kz_problems_clear(&p);
    enum kz_err err = app_obs_add(s, &cli->ctx, ref, in, 1, 0, &out, NULL, &p);
    if (err != KZ_OK)
        return cli_fail(cli, err,
                        err == KZ_ENOTFOUND && p.n == 0 ? "cli.no_incident"
                        : err == KZ_ECONFLICT           ? "obs.exists"
                                                        : NULL,
                        &p);
    if (cli->json)
        cli_print_json(observable_to_json(&out.items[0]));
    else
        print_obs(&out.items[0]);
    obs_list_cleanup(&out);
    return 0;
}

static int obs_find(struct cli *cli, struct store *s,
                    const struct obs_input *in)
{
    struct kz_problems p;
    struct obs_hit_list l = {0};

    kz_problems_clear(&p);
    enum kz_err err =
        app_obs_find(s, &cli->ctx, in->type, in->value, 1000, &l, &p);
    if (err != KZ_OK)
        return cli_fail(cli, err, NULL, &p);
    json_t *a = json_array();
    if (!cli->json && l.n == 0)
        cli_say(cli, "cli.observable_unseen");
    for (size_t i = 0; i < l.n; i++) {
        const struct obs_hit *h = &l.items[i];
        if (cli->json) {
            json_array_append_new(a,
                                  obs_hit_to_json(h->ref, h->title, h->phase,
                                                  h->discovered_at, &h->obs));
            continue;
        }
        printf("%-15s ", h->ref);
        cli_pad(taxonomy_label(&taxonomy_phase, phase_key(h->phase), cli->lang),
                16);
        printf("%s\n", h->title ? h->title : "");
    }
    if (cli->json)
        cli_print_json(json_pack("{s:s, s:s, s:o}", "type", in->type, "value",
                                 l.n > 0 ? l.items[0].obs.value : in->value,
                                 "items", a));
    else
        json_decref(a);
    obs_hit_list_cleanup(&l);
    return 0;
}

int cli_observable_main(struct cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {
        CLI_COMMON_OPTIONS,
        {"type", required_argument, NULL, OPT_TYPE},
        {"value", required_argument, NULL, OPT_VALUE},
        {"tlp", required_argument, NULL, OPT_TLP},
        {"ioc", no_argument, NULL, OPT_IOC},
        {"sighted", no_argument, NULL, OPT_SIGHTED},
        {"note", required_argument, NULL, OPT_NOTE},
        {NULL, 0, NULL, 0},
    };
    struct obs_input in = {0};
    bool help = false;
    struct store *s = NULL;
    const char *pos[2];
    int npos = 0;
    int c;

    if (argc < 2)
        return cli_usage_error(cli, "cli.need_args", USAGE);
    const char *verb = argv[1];
    optind = 2;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (c == OPT_TYPE) {
            in.type = optarg;
        } else if (c == OPT_VALUE) {
            in.value = optarg;
        } else if (c == OPT_TLP) {
            in.tlp = optarg;
        } else if (c == OPT_IOC) {
            in.ioc = true;
        } else if (c == OPT_SIGHTED) {
            in.sighted = true;
        } else if (c == OPT_NOTE) {
            in.note = optarg;
        } else {
            int rc = cli_other_option(cli, c, optarg, &help, USAGE);
            if (rc >= 0)
                return rc;
        }
    }
    if (strcmp(verb, "help") == 0 || strcmp(verb, "--help") == 0) {
        cli_say(cli, USAGE);
        return 0;
    }
    int rc = cli_operands(cli, argc, argv, help, pos, 2, &npos, USAGE);
    if (rc >= 0)
        return rc;
    bool is_find = strcmp(verb, "find") == 0;
    bool is_add = strcmp(verb, "add") == 0;
    bool is_list = strcmp(verb, "list") == 0;
    if (!(is_find || is_add || is_list) || npos != (is_find ? 0 : 1))
        return cli_usage_error(cli, "cli.need_args", USAGE);
    if ((is_find || is_add) && (in.type == NULL || in.value == NULL))
        return cli_usage_error(cli, "cli.observable_need", USAGE);
    if (!is_find) {
        rc = cli_check_ref(cli, pos[0]);
        if (rc >= 0)
            return rc;
    }
    enum kz_err err = cli_open_store(cli, STORE_OPEN_EXISTING, &s);
    if (err != KZ_OK)
        return kz_err_exit_code(err);
    if (is_list)
        rc = obs_list(cli, s, pos[0]);
    else if (is_add)
        rc = obs_add(cli, s, pos[0], &in);
    else
        rc = obs_find(cli, s, &in);
    store_close(s);
    return rc;
}
