/* SPDX-License-Identifier: MIT */
/*
 * cli_duties.c - `kizuki deadlines` and the incident commands about
 * reporting and disclosure: obligations, file, damage, cost, readiness,
 * draft, disclose, aftercare.  Each is a client of the same use cases as
 * the API; --json prints their JSON.
 */
#include <stdio.h>
#include <string.h>

#include "app/disclosure.h"
#include "app/drafts.h"
#include "app/deadlines.h"
#include "app/duties.h"
#include "app/ledger.h"
#include "cli/cli.h"
#include "cli/cli_incident.h"
#include "json/duties_json.h"
#include "json/ledger_json.h"
#include "util/utf8.h"
#include "util/mem.h"

enum {
    OPT_REFERENCE = CLI_OPT_FIRST_OWN,
    OPT_NOT_APPLICABLE,
    OPT_FILED_AT,
    OPT_FORMAT,
    OPT_AUDIENCE,
    OPT_SUMMARY,
    OPT_NOTE,
    OPT_CONFIRMED,
    OPT_COUNT,
};

struct args {
    const char *pos[4];
    int npos;
    const char *reference;
    const char *not_applicable;
    const char *filed_at;
    const char *format;
    const char *audience;
    const char *summary;
    const char *note;
    const char *count;
    bool confirmed;
    bool help;
};

static int parse(struct cli *cli, int argc, char **argv, struct args *a,
                 const char *usage)
{
    static const struct option opts[] = {
        CLI_COMMON_OPTIONS,
        {"reference", required_argument, NULL, OPT_REFERENCE},
        {"not-applicable", required_argument, NULL, OPT_NOT_APPLICABLE},
        {"filed-at", required_argument, NULL, OPT_FILED_AT},
        {"format", required_argument, NULL, OPT_FORMAT},
        {"audience", required_argument, NULL, OPT_AUDIENCE},
        {"summary", required_argument, NULL, OPT_SUMMARY},
        {"note", required_argument, NULL, OPT_NOTE},
        {"confirmed", no_argument, NULL, OPT_CONFIRMED},
        {"count", required_argument, NULL, OPT_COUNT},
        {NULL, 0, NULL, 0},
    };
    const char **slot[] = {
        [0] = &a->reference, /* OPT_REFERENCE */
        [OPT_NOT_APPLICABLE - OPT_REFERENCE] = &a->not_applicable,
        [OPT_FILED_AT - OPT_REFERENCE] = &a->filed_at,
        [OPT_FORMAT - OPT_REFERENCE] = &a->format,
        [OPT_AUDIENCE - OPT_REFERENCE] = &a->audience,
        [OPT_SUMMARY - OPT_REFERENCE] = &a->summary,
        [OPT_NOTE - OPT_REFERENCE] = &a->note,
    };
    int c;

    memset(a, 0, sizeof(*a));
    optind = 1;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (c >= OPT_REFERENCE && c <= OPT_NOTE) {
            *slot[c - OPT_REFERENCE] = optarg;
        } else if (c == OPT_CONFIRMED) {
            a->confirmed = true;
        } else if (c == OPT_COUNT) {
            a->count = optarg;
        } else {
            int rc = cli_other_option(cli, c, optarg, &a->help, usage);
            if (rc >= 0)
                return rc;
        }
    }
    return cli_operands(cli, argc, argv, a->help, a->pos, 4, &a->npos, usage);
}

/* Print 'j' as JSON (--json) or as "label: value" lines of its items. */
static int show(struct cli *cli, json_t *j)
{
    if (cli->json || !json_is_array(json_object_get(j, "items"))) {
        cli_print_json(j);
        return 0;
    }
    size_t i;
    json_t *it;
    json_array_foreach(json_object_get(j, "items"), i, it)
    {
        const char *label = json_string_value(json_object_get(it, "label"));
        const char *state = json_string_value(json_object_get(it, "state"));
        const char *due = json_string_value(json_object_get(it, "due_at"));
        const char *ref = json_string_value(json_object_get(it, "ref"));
        json_t *pct = json_object_get(it, "percent");
        if (ref != NULL)
            printf("%s  ", ref);
        cli_pad(label ? label : "", 44);
        if (json_is_integer(pct))
            printf("%3lld%%", (long long)json_integer_value(pct));
        if (state != NULL) {
            char key[48];
            snprintf(key, sizeof(key), "cli.state.%s", state);
            /* An undecided duty has no due date; say what it needs. */
            json_t *why = json_object_get(it, "reasons");
            const char *need = strcmp(state, "undecided") == 0
                                   ? json_string_value(json_array_get(
                                         why, json_array_size(why) - 1))
                                   : NULL;
            printf("%-12s %s", cli_text(cli, key),
                   need  ? need
                   : due ? due
                         : "");
            /* A clock started by a trigger met after the awareness
             * says so, with both times (issue 9). */
            const char *met =
                json_string_value(json_object_get(it, "trigger_met_at"));
            const char *aware =
                json_string_value(json_object_get(it, "aware_at"));
            if (met != NULL)
                printf("  (%s %s / %s %s)", cli_text(cli, "cli.trigger_met"),
                       met, cli_text(cli, "cli.aware"), aware ? aware : "—");
        }
        putchar('\n');
    }
    json_decref(j);
    return 0;
}

/* One duty as a line: the label, its state and its due time, or what
 * an undecided duty needs; 'ref' (may be NULL) first. */
static void print_duty(struct cli *cli, const char *ref,
                       const struct obligation *o)
{
    char key[64];
    char due[TIMEFMT_LEN];

    if (ref != NULL)
        printf("%s  ", ref);
    snprintf(key, sizeof(key), "obl.%s", o->key);
    cli_pad(cli_text(cli, key), 44);
    const char *state = obligation_state_key(o->state);
    snprintf(key, sizeof(key), "cli.state.%s", state);
    /* An undecided duty has no due date; say what it needs. */
    const char *need = o->state == OB_UNDECIDED && o->n_reasons > 0
                           ? cli_text(cli, o->reasons[o->n_reasons - 1])
                           : NULL;
    printf("%-12s %s", cli_text(cli, key),
           need                        ? need
           : o->due_at != KZ_TIME_NONE ? timefmt_format(o->due_at, due)
                                       : "");
    /* A clock started by a trigger met after the awareness says so, with
     * both times (issue 9). */
    if (o->trigger_met_at != KZ_TIME_NONE) {
        char met[TIMEFMT_LEN];
        char aware[TIMEFMT_LEN];
        printf("  (%s %s / %s %s)", cli_text(cli, "cli.trigger_met"),
               timefmt_format(o->trigger_met_at, met),
               cli_text(cli, "cli.aware"),
               o->aware_at != KZ_TIME_NONE ? timefmt_format(o->aware_at, aware)
                                           : "—");
    }
    putchar('\n');
}

/* Run a read use case for REF and show its JSON. */
static int read_ref(struct cli *cli, int argc, char **argv, const char *usage,
                    enum kz_err (*fn)(struct store *, const struct app_ctx *,
                                      const char *, enum lang, json_t **))
{
    struct args a;
    struct store *s = NULL;
    json_t *out = NULL;
    int rc = parse(cli, argc, argv, &a, usage);

    if (rc >= 0)
        return rc;
    if (a.npos != 1)
        return cli_usage_error(cli, "cli.need_args", usage);
    rc = cli_check_ref(cli, a.pos[0]);
    if (rc >= 0)
        return rc;
    enum kz_err err = cli_open_store(cli, STORE_OPEN_EXISTING, &s);
    if (err != KZ_OK)
        return kz_err_exit_code(err);
    err = fn(s, &cli->ctx, a.pos[0], cli->lang, &out);
    store_close(s);
    if (err != KZ_OK)
        return cli_fail(cli, err,
                        err == KZ_ENOTFOUND ? "cli.no_incident" : NULL, NULL);
    return show(cli, out);
}

static enum kz_err aftercare_fn(struct store *s, const struct app_ctx *ctx,
                                const char *ref, enum lang lang, json_t **out)
{
    (void)lang;
    return app_aftercare(s, ctx, ref, out);
}

int cli_incident_obligations(struct cli *cli, int argc, char **argv)
{
    struct args a;
    struct store *s = NULL;
    struct duties d;
    int rc = parse(cli, argc, argv, &a, "cli.usage.obligations");

    if (rc >= 0)
        return rc;
    if (a.npos != 1)
        return cli_usage_error(cli, "cli.need_args", "cli.usage.obligations");
    rc = cli_check_ref(cli, a.pos[0]);
    if (rc >= 0)
        return rc;
    enum kz_err err = cli_open_store(cli, STORE_OPEN_EXISTING, &s);
    if (err != KZ_OK)
        return kz_err_exit_code(err);
    err = app_obligations(s, &cli->ctx, a.pos[0], &d);
    store_close(s);
    if (err != KZ_OK)
        return cli_fail(cli, err,
                        err == KZ_ENOTFOUND ? "cli.no_incident" : NULL, NULL);
    if (cli->json)
        cli_print_json(obligations_to_json(d.items, d.n, cli->lang));
    else
        for (size_t i = 0; i < d.n; i++)
            print_duty(cli, NULL, &d.items[i]);
    app_duties_cleanup(&d);
    return 0;
}

static enum kz_err damage_fn(struct store *s, const struct app_ctx *ctx,
                             const char *ref, enum lang lang, json_t **out)
{
    struct damage d;
    struct cost_list costs = {0};
    enum kz_err err = app_damage(s, ctx, ref, &d, &costs);

    if (err == KZ_OK)
        *out = damage_report_to_json(&d, &costs, lang);
    cost_list_cleanup(&costs);
    return err;
}

int cli_incident_damage(struct cli *cli, int argc, char **argv)
{
    return read_ref(cli, argc, argv, "cli.usage.damage", damage_fn);
}

int cli_incident_readiness(struct cli *cli, int argc, char **argv)
{
    return read_ref(cli, argc, argv, "cli.usage.readiness", app_readiness);
}

int cli_incident_disclosures(struct cli *cli, int argc, char **argv)
{
    return read_ref(cli, argc, argv, "cli.usage.disclose", app_disclosures);
}

static int cli_incident_aftercare_list(struct cli *cli, int argc, char **argv)
{
    return read_ref(cli, argc, argv, "cli.usage.aftercare", aftercare_fn);
}

int cli_deadlines_main(struct cli *cli, int argc, char **argv)
{
    struct args a;
    struct store *s = NULL;
    struct open_duty_list l = {0};
    int rc = parse(cli, argc, argv, &a, "cli.usage.deadlines");

    if (rc >= 0)
        return rc;
    enum kz_err err = cli_open_store(cli, STORE_OPEN_EXISTING, &s);
    if (err != KZ_OK)
        return kz_err_exit_code(err);
    err = app_deadlines(s, &cli->ctx, &l);
    store_close(s);
    if (err != KZ_OK) {
        open_duty_list_cleanup(&l);
        return cli_fail(cli, err, NULL, NULL);
    }
    /* Printed from the structs: the text needs no JSON round trip. */
    if (cli->json)
        cli_print_json(open_duties_to_json(&l, cli->lang));
    else
        for (size_t i = 0; l.items != NULL && i < l.n; i++)
            print_duty(cli, l.items[i].ref, &l.items[i].duty);
    open_duty_list_cleanup(&l);
    return 0;
}

/* A write use case with a JSON body, then the read that shows it. */
static int write_then(struct cli *cli, struct store *s, enum kz_err err,
                      struct kz_problems *p)
{
    store_close(s);
    if (err != KZ_OK)
        return cli_fail(cli, err,
                        err == KZ_ENOTFOUND ? "cli.no_incident" : NULL, p);
    if (!cli->json)
        cli_say(cli, "cli.recorded");
    return 0;
}

int cli_incident_file(struct cli *cli, int argc, char **argv)
{
    struct args a;
    struct kz_problems p;
    struct store *s = NULL;
    int rc = parse(cli, argc, argv, &a, "cli.usage.file");

    if (rc >= 0)
        return rc;
    if (a.npos != 2)
        return cli_usage_error(cli, "cli.need_args", "cli.usage.file");
    rc = cli_check_ref(cli, a.pos[0]);
    if (rc >= 0)
        return rc;
    struct filing f;
    filing_init(&f);
    f.status = xstrdup(a.not_applicable != NULL ? "not_applicable" : "filed");
    f.reason = xstrdup(a.not_applicable);
    f.reference = xstrdup(a.reference);
    kz_problems_clear(&p);
    /* The option's text is read as the API reads "filed_at". */
    if (a.filed_at != NULL && timefmt_parse(a.filed_at, &f.filed_at) != KZ_OK)
        kz_problems_add(&p, "filed_at",
                        timefmt_out_of_range(a.filed_at) ? "v.time_range"
                                                         : "v.time");
    enum kz_err err = cli_open_store(cli, STORE_OPEN_EXISTING, &s);
    if (err == KZ_OK)
        err = app_obligation_record(s, &cli->ctx, a.pos[0], a.pos[1], &f, &p);
    filing_cleanup(&f);
    if (s == NULL)
        return kz_err_exit_code(err);
    return write_then(cli, s, err, &p);
}

int cli_incident_cost(struct cli *cli, int argc, char **argv)
{
    struct args a;
    struct kz_problems p;
    struct store *s = NULL;
    int64_t amount = 0;
    int rc = parse(cli, argc, argv, &a, "cli.usage.cost");

    if (rc >= 0)
        return rc;
    if (a.npos != 3)
        return cli_usage_error(cli, "cli.need_args", "cli.usage.cost");
    rc = cli_check_ref(cli, a.pos[0]);
    if (rc >= 0)
        return rc;
    kz_problems_clear(&p);
    if (!cli_parse_int64(a.pos[2], &amount)) {
        kz_problems_add(&p, "amount_yen", "v.amount");
        return cli_fail(cli, KZ_EINVAL, NULL, &p);
    }
    /* The text of a command line is not checked as UTF-8 by the shell:
     * a category that is not is refused as the JSON body's was. */
    if (!utf8_is_valid(a.pos[1], strlen(a.pos[1]))) {
        kz_problems_add(&p, "category", "v.utf8");
        return cli_fail(cli, KZ_EINVAL, NULL, &p);
    }
    struct cost c;
    cost_init(&c);
    c.category = xstrdup(a.pos[1]);
    c.amount_yen = amount;
    c.note = xstrdup(a.note);
    enum kz_err err = cli_open_store(cli, STORE_OPEN_EXISTING, &s);
    if (err == KZ_OK)
        err = app_cost_add(s, &cli->ctx, a.pos[0], &c, &p);
    cost_cleanup(&c);
    if (s == NULL)
        return kz_err_exit_code(err);
    return write_then(cli, s, err, &p);
}

int cli_incident_disclose(struct cli *cli, int argc, char **argv)
{
    struct args a;
    struct kz_problems p;
    struct store *s = NULL;
    int rc = parse(cli, argc, argv, &a, "cli.usage.disclose");

    if (rc >= 0)
        return rc;
    if (a.npos == 1)
        return cli_incident_disclosures(cli, argc, argv);
    if (a.npos != 2)
        return cli_usage_error(cli, "cli.need_args", "cli.usage.disclose");
    rc = cli_check_ref(cli, a.pos[0]);
    if (rc >= 0)
        return rc;
    json_t *body = json_object();
    json_object_set_new(body, "kind", json_string_nocheck(a.pos[1]));
    if (a.audience != NULL)
        json_object_set_new(body, "audience", json_string_nocheck(a.audience));
    if (a.summary != NULL)
        json_object_set_new(body, "summary", json_string_nocheck(a.summary));
    kz_problems_clear(&p);
    enum kz_err err = cli_open_store(cli, STORE_OPEN_EXISTING, &s);
    if (err != KZ_OK) {
        json_decref(body);
        return kz_err_exit_code(err);
    }
    err = app_disclosure_add(s, &cli->ctx, a.pos[0], body, &p);
    json_decref(body);
    return write_then(cli, s, err, &p);
}

int cli_incident_aftercare(struct cli *cli, int argc, char **argv)
{
    struct args a;
    struct kz_problems p;
    struct store *s = NULL;
    int64_t id = 0;
    int64_t count = 1;
    int rc = parse(cli, argc, argv, &a, "cli.usage.aftercare");

    if (rc >= 0)
        return rc;
    if (a.npos == 1)
        return cli_incident_aftercare_list(cli, argc, argv);
    rc = a.npos >= 2 ? cli_check_ref(cli, a.pos[0]) : -1;
    if (rc >= 0)
        return rc;
    json_t *body = json_object();
    kz_problems_clear(&p);
    if (a.npos == 3 && strcmp(a.pos[1], "confirm") == 0 &&
        cli_parse_int64(a.pos[2], &id)) {
        char now[TIMEFMT_LEN];
        json_object_set_new(body, "confirmed_at",
                            json_string(timefmt_format(cli->now, now)));
    } else if (a.npos == 3) {
        char now[TIMEFMT_LEN];
        json_object_set_new(body, "kind", json_string_nocheck(a.pos[1]));
        json_object_set_new(body, "party", json_string_nocheck(a.pos[2]));
        json_object_set_new(body, "sent_at",
                            json_string(timefmt_format(cli->now, now)));
        if (a.count != NULL && (!cli_parse_int64(a.count, &count) || count < 1))
            kz_problems_add(&p, "count", "v.count");
        json_object_set_new(body, "count", json_integer(count));
        if (a.note != NULL)
            json_object_set_new(body, "note", json_string_nocheck(a.note));
    } else {
        json_decref(body);
        return cli_usage_error(cli, "cli.need_args", "cli.usage.aftercare");
    }
    if (p.n > 0) {
        json_decref(body);
        return cli_fail(cli, KZ_EINVAL, NULL, &p);
    }
    enum kz_err err = cli_open_store(cli, STORE_OPEN_EXISTING, &s);
    if (err != KZ_OK) {
        json_decref(body);
        return kz_err_exit_code(err);
    }
    err = app_aftercare_save(s, &cli->ctx, a.pos[0], id, -1, body, &p);
    json_decref(body);
    return write_then(cli, s, err, &p);
}

int cli_incident_draft(struct cli *cli, int argc, char **argv)
{
    struct args a;
    struct store *s = NULL;
    char *text = NULL;
    int rc = parse(cli, argc, argv, &a, "cli.usage.draft");

    if (rc >= 0)
        return rc;
    if (a.npos != 2)
        return cli_usage_error(cli, "cli.need_args", "cli.usage.draft");
    rc = cli_check_ref(cli, a.pos[0]);
    if (rc >= 0)
        return rc;
    if (a.format != NULL && strcmp(a.format, "md") != 0 &&
        strcmp(a.format, "html") != 0)
        return cli_usage_error(cli, "v.draft_format", "cli.usage.draft");
    if (!app_draft_is_known(a.pos[1]))
        return cli_usage_error(cli, "cli.no_draft", "cli.usage.draft");
    enum kz_err err = cli_open_store(cli, STORE_OPEN_EXISTING, &s);
    if (err != KZ_OK)
        return kz_err_exit_code(err);
    err = app_draft(s, &cli->ctx, a.pos[0], a.pos[1], cli->lang,
                    a.format != NULL && strcmp(a.format, "html") == 0, &text);
    store_close(s);
    if (err != KZ_OK)
        return cli_fail(cli, err,
                        err == KZ_ENOTFOUND ? "cli.no_incident" : NULL, NULL);
    fputs(text, stdout);
    xfree(text);
    return 0;
}
