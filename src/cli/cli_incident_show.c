/* SPDX-License-Identifier: MIT */
/*
 * cli_incident_show.c - `kizuki incident list|show`: incidents for people
 * (labels in their language, times in the display zone) or as JSON.
 */
#include <stdio.h>
#include <string.h>

#include "app/duty_due.h"
#include "app/incident_ops.h"
#include "app/list_csv.h"
#include "app/list_query.h"
#include "app/response.h"
#include "cli/cli_incident.h"
#include "core/taxonomy.h"
#include "json/chronology_json.h"
#include "json/incident_json.h"
#include "util/mem.h"
#include "util/utf8.h"

enum {
    OPT_PHASE = CLI_OPT_FIRST_OWN,
    OPT_KIND,
    OPT_CATEGORY,
    OPT_SEVERITY,
    OPT_SINCE,
    OPT_SEARCH,
    OPT_LIMIT,
    OPT_UNTIL,
    OPT_OWNER,
    OPT_TAG,
    OPT_SORT,
    OPT_ORDER,
    OPT_OPEN,    /* --open and --all set the same parameter */
    OPT_OVERDUE, /* a flag: overdue=true */
    OPT_ALL,
    OPT_CSV,
};

static const char *label(struct cli *cli, const struct taxonomy *t,
                         const char *key)
{
    const char *l = key ? taxonomy_label(t, key, cli->lang) : NULL;

    return l ? l : key ? key : cli_text(cli, "cli.unset");
}

int cli_incident_report_created(struct cli *cli, const struct incident *inc)
{
    if (cli->json) {
        cli_print_json(incident_to_json(inc));
        return 0;
    }
    printf("%s %s\n", inc->ref, cli_text(cli, "cli.created"));
    printf("  %s\n", inc->title);
    printf("%s\n", cli_text(cli, "cli.next_steps"));
    printf("  kizuki incident show %s\n", inc->ref);
    printf("  kizuki incident move %s triage\n", inc->ref);
    printf("  kizuki incident note %s \"...\"\n", inc->ref);
    return 0;
}

/* The list options that take a value and the list parameter each sets
 * (app/list_query.h), in the order of the enum. */
static const char *const option_keys[] = {
    [0] = "phase", /* OPT_PHASE */
    [OPT_KIND - OPT_PHASE] = "kind",
    [OPT_CATEGORY - OPT_PHASE] = "category",
    [OPT_SEVERITY - OPT_PHASE] = "severity",
    [OPT_SINCE - OPT_PHASE] = "since",
    [OPT_SEARCH - OPT_PHASE] = "q",
    [OPT_LIMIT - OPT_PHASE] = "limit",
    [OPT_UNTIL - OPT_PHASE] = "until",
    [OPT_OWNER - OPT_PHASE] = "owner",
    [OPT_TAG - OPT_PHASE] = "tag",
    [OPT_SORT - OPT_PHASE] = "sort",
    [OPT_ORDER - OPT_PHASE] = "order",
    [OPT_OPEN - OPT_PHASE] = "open",
    [OPT_OVERDUE - OPT_PHASE] = "overdue",
};

#define NOPTIONS (sizeof(option_keys) / sizeof(option_keys[0]))

/* The options given, as the list parameters they set. */
static const char *given_value(void *arg, const char *key)
{
    const char *const *given = arg;

    for (size_t i = 0; i < NOPTIONS; i++) {
        if (strcmp(option_keys[i], key) == 0)
            return given[i];
    }
    return NULL;
}

/*
 * Check the options as the API checks the list's parameters (one set of
 * rules, app/list_query.c) into 'f'; returns -1 when fine, else the exit
 * code of the error printed, every bad option named.
 */
static int read_options(struct cli *cli, const char *const *given,
                        struct incident_filter *f, struct list_cursor *after)
{
    struct kz_problems p;

    kz_problems_clear(&p);
    /* Arguments are bytes: only UTF-8 reaches the rules. */
    for (size_t i = 0; i < NOPTIONS; i++) {
        if (given[i] != NULL && !utf8_is_valid(given[i], strlen(given[i])))
            kz_problems_add(&p, option_keys[i], "v.utf8");
    }
    if (p.n == 0)
        app_list_query_read(given_value, (void *)given, f, after, &p);
    if (p.n > 0)
        return cli_fail(cli, KZ_EUSAGE, "err.invalid", &p);
    return -1;
}

static void print_list(struct cli *cli, const struct incident_list *l)
{
    char when[TIMEFMT_LEN];

    cli_pad(cli_text(cli, "cli.col.ref"), 15);
    cli_pad(cli_text(cli, "cli.col.severity"), 8);
    cli_pad(cli_text(cli, "cli.col.phase"), 24);
    cli_pad(cli_text(cli, "cli.col.reported"), 18);
    puts(cli_text(cli, "cli.col.title"));
    for (size_t i = 0; i < l->n; i++) {
        const struct incident *inc = &l->items[i];
        const char *sev = severity_key(inc->severity);
        char title[640];
        /* Near misses and exercises are marked so they are never taken
         * for real incidents. */
        snprintf(title, sizeof(title), "%s%s%s",
                 inc->kind == KIND_INCIDENT ? "" : "[",
                 inc->kind == KIND_INCIDENT
                     ? ""
                     : label(cli, &taxonomy_kind, kind_key(inc->kind)),
                 inc->kind == KIND_INCIDENT ? "" : "] ");
        cli_pad(inc->ref, 15);
        /* No severity: the score lacked facts (triage.h), so "unrated". */
        cli_pad(sev ? sev : cli_text(cli, "cli.unrated"), 8);
        cli_pad(label(cli, &taxonomy_phase, phase_key(inc->phase)), 24);
        cli_pad(timefmt_format_short(inc->reported_at, when), 18);
        printf("%s%s\n", title, inc->title);
    }
    if (l->n == 0)
        puts(cli_text(cli, "cli.none"));
}

int cli_incident_list(struct cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {
        CLI_COMMON_OPTIONS,
        {"phase", required_argument, NULL, OPT_PHASE},
        {"kind", required_argument, NULL, OPT_KIND},
        {"category", required_argument, NULL, OPT_CATEGORY},
        {"severity", required_argument, NULL, OPT_SEVERITY},
        {"since", required_argument, NULL, OPT_SINCE},
        {"until", required_argument, NULL, OPT_UNTIL},
        {"search", required_argument, NULL, OPT_SEARCH},
        {"q", required_argument, NULL, OPT_SEARCH},
        {"limit", required_argument, NULL, OPT_LIMIT},
        {"owner", required_argument, NULL, OPT_OWNER},
        {"assignee", required_argument, NULL, OPT_OWNER},
        {"tag", required_argument, NULL, OPT_TAG},
        {"sort", required_argument, NULL, OPT_SORT},
        {"order", required_argument, NULL, OPT_ORDER},
        {"open", no_argument, NULL, OPT_OPEN},
        {"all", no_argument, NULL, OPT_ALL},
        {"overdue", no_argument, NULL, OPT_OVERDUE},
        {"csv", no_argument, NULL, OPT_CSV},
        {NULL, 0, NULL, 0},
    };
    struct incident_filter f;
    struct incident_list l = {0};
    struct list_cursor after;
    struct store *s = NULL;
    /* The filters' values, checked once every option is read, so that a
     * --json or --lang after a bad filter still shapes its error. */
    const char *given[NOPTIONS] = {0};
    bool help = false;
    bool csv = false;
    int c;

    optind = 1;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        int r = cli_common_option(cli, c, optarg, &help);
        if (r < 0)
            return 2;
        if (r == 0 && c >= OPT_PHASE && c < OPT_OPEN)
            given[c - OPT_PHASE] = optarg;
        else if (r == 0 && c == OPT_OPEN)
            given[OPT_OPEN - OPT_PHASE] = "true";
        else if (r == 0 && c == OPT_ALL) /* open and closed: the default */
            given[OPT_OPEN - OPT_PHASE] = NULL;
        else if (r == 0 && c == OPT_OVERDUE)
            given[OPT_OVERDUE - OPT_PHASE] = "true";
        else if (r == 0 && c == OPT_CSV)
            csv = true;
        else if (r == 0)
            return cli_usage_error(cli, "cli.bad_option",
                                   "cli.usage.incident_list");
    }
    if (help) {
        cli_say(cli, "cli.usage.incident_list");
        return 0;
    }
    if (optind != argc)
        return cli_usage_error(cli, "cli.extra_args",
                               "cli.usage.incident_list");
    /* CSV is every page, as the API's export: a page size means nothing. */
    if (csv && (cli->json || given[OPT_LIMIT - OPT_PHASE] != NULL))
        return cli_usage_error(cli, "cli.csv_alone", "cli.usage.incident_list");
    incident_filter_init(&f);
    list_cursor_init(&after);
    int r = read_options(cli, given, &f, &after);
    if (r >= 0) {
        list_cursor_cleanup(&after);
        return r;
    }
    enum kz_err err = cli_open_store(cli, STORE_OPEN_EXISTING, &s);
    if (err != KZ_OK) {
        list_cursor_cleanup(&after);
        return kz_err_exit_code(err);
    }
    /* A database from before the overdue filter, or whose rules changed
     * since the server last started, gets its due times first. */
    if (f.overdue >= 0)
        err = app_duty_due_refresh(s, cli->now, NULL);
    if (err == KZ_OK && csv) {
        struct buf out;
        buf_init(&out, 256u * 1024 * 1024);
        err = app_incident_csv(s, &cli->ctx, &f, &after, cli->lang, &out);
        if (err == KZ_OK)
            fwrite(out.data, 1, out.len, stdout);
        buf_cleanup(&out);
        list_cursor_cleanup(&after);
        store_close(s);
        return err == KZ_OK ? 0 : cli_fail(cli, err, NULL, NULL);
    }
    if (err == KZ_OK)
        err = app_incident_list(s, &cli->ctx, &f, &l);
    list_cursor_cleanup(&after);
    if (err != KZ_OK) {
        store_close(s);
        return cli_fail(cli, err, NULL, NULL);
    }
    if (cli->json) {
        json_t *items = json_array();
        for (size_t i = 0; i < l.n; i++)
            json_array_append_new(items, incident_to_json(&l.items[i]));
        cli_print_json(json_pack("{s:o}", "items", items));
    } else {
        print_list(cli, &l);
    }
    incident_list_cleanup(&l);
    store_close(s);
    return 0;
}

/* A field's value for people: labels for taxonomy keys, local times. */
static void print_value(struct cli *cli, const char *key, json_t *v)
{
    static const struct {
        const char *key;
        const char *taxonomy;
    } keyed[] = {
        {"kind", "kind"},
        {"category", "category"},
        {"phase", "phase"},
        {"severity", "severity"},
        {"place", "place"},
        {"detection_trigger", "detection_trigger"},
        {"parties", "party"},
        {"impacts", "impact"},
        {"prevention_measures", "prevention_measure"},
        {"tlp", "tlp"},
        {"leak_kinds", "leak_kind"},
        {"leak_indicators", "leak_indicator"},
        {"cause", "cause"},
    };
    const struct taxonomy *t = NULL;
    const char *sep = cli->lang == LANG_JA ? "、" : ", ";

    for (size_t i = 0; i < sizeof(keyed) / sizeof(keyed[0]); i++) {
        if (strcmp(keyed[i].key, key) == 0)
            t = taxonomy_find(keyed[i].taxonomy);
    }
    if (strcmp(key, "leak_state") == 0 && json_is_string(v)) {
        /* Three states: a confirmed leak never reads as "no". */
        char lkey[48];
        snprintf(lkey, sizeof(lkey), "cli.leak.%s", json_string_value(v));
        fputs(cli_text(cli, lkey), stdout);
    } else if (strcmp(key, "possible_leak") == 0 && json_is_boolean(v)) {
        fputs(cli_text(cli, json_is_true(v) ? "cli.leak.possible"
                                            : "cli.leak.not_only_possible"),
              stdout);
    } else if (strcmp(key, "improper_purpose_source") == 0 &&
               json_is_string(v)) {
        char lkey[48];
        snprintf(lkey, sizeof(lkey), "cli.source.%s", json_string_value(v));
        fputs(cli_text(cli, lkey), stdout);
    } else if (json_is_null(v) ||
               (json_is_array(v) && json_array_size(v) == 0)) {
        fputs(cli_text(cli, "cli.unset"), stdout);
    } else if (json_is_string(v) && strstr(key, "_at") != NULL) {
        kz_time when;
        char s[TIMEFMT_LEN];
        if (timefmt_parse(json_string_value(v), &when) == KZ_OK)
            fputs(timefmt_format_short(when, s), stdout);
        else
            fputs(json_string_value(v), stdout);
    } else if (json_is_string(v)) {
        fputs(t ? label(cli, t, json_string_value(v)) : json_string_value(v),
              stdout);
    } else if (json_is_boolean(v)) {
        fputs(cli_text(cli, json_is_true(v) ? "cli.yes" : "cli.no"), stdout);
    } else if (json_is_integer(v)) {
        printf("%lld", (long long)json_integer_value(v));
    } else if (json_is_array(v) && strcmp(key, "info_types") == 0) {
        size_t i;
        json_t *it;
        json_array_foreach(v, i, it)
        {
            json_t *n = json_object_get(it, "count");
            printf("%s%s", i ? sep : "",
                   label(cli, &taxonomy_info_type,
                         json_string_value(json_object_get(it, "type"))));
            if (json_is_integer(n))
                printf(" (%lld)", (long long)json_integer_value(n));
        }
    } else if (json_is_array(v)) {
        size_t i;
        json_t *it;
        json_array_foreach(v, i, it)
        {
            const char *s = json_string_value(it);
            printf("%s%s", i ? sep : "", t ? label(cli, t, s) : s);
        }
    } else if (json_is_object(v)) {
        const char *k;
        json_t *it;
        bool first = true;
        json_object_foreach(v, k, it)
        {
            kz_time when;
            char s[TIMEFMT_LEN];
            if (timefmt_parse(json_string_value(it), &when) != KZ_OK)
                continue;
            printf("%s%s %s", first ? "" : sep, label(cli, &taxonomy_phase, k),
                   timefmt_format_short(when, s));
            first = false;
        }
    }
}

static void print_entry(struct cli *cli, const struct chron_entry *e)
{
    char when[TIMEFMT_LEN];
    json_t *j = chron_entry_to_json(e);
    json_t *change = json_object_get(j, "change");

    printf("  #%-4lld %s  %s  [%s] ", (long long)e->seq,
           timefmt_format_short(e->at, when), e->actor,
           label(cli, &taxonomy_entry_kind, entry_kind_key(e->kind)));
    if (e->kind == ENTRY_PHASE_CHANGE && change != NULL) {
        json_t *from = json_object_get(change, "from");
        json_t *reason = json_object_get(change, "reason");
        printf("%s → %s",
               json_is_string(from)
                   ? label(cli, &taxonomy_phase, json_string_value(from))
                   : "—",
               label(cli, &taxonomy_phase,
                     json_string_value(json_object_get(change, "to"))));
        if (json_is_string(reason))
            printf(" (%s: %s)", cli_text(cli, "cli.reason"),
                   json_string_value(reason));
    } else if (e->kind == ENTRY_FIELD_CHANGE && change != NULL) {
        const char *field = json_string_value(json_object_get(change, "field"));
        char key[96];
        snprintf(key, sizeof(key), "field.%s", field ? field : "");
        printf("%s: ", cli_text(cli, key));
        print_value(cli, field ? field : "", json_object_get(change, "from"));
        fputs(" → ", stdout);
        print_value(cli, field ? field : "", json_object_get(change, "to"));
    } else {
        /* kizuki's own lines in the reader's language; others as written. */
        char *text = chron_sys_render(e->body, cli->lang);
        fputs(text ? text : e->body, stdout);
        xfree(text);
    }
    putchar('\n');
    json_decref(j);
}

/* An unrated severity and the facts the score still needs. */
static void print_unrated(struct cli *cli, const struct triage_result *r)
{
    fputs(cli_text(cli, "triage.unrated"), stdout);
    for (size_t i = 0; i < r->n_missing; i++)
        printf("%s%s",
               i == 0                 ? cli_text(cli, "cli.missing")
               : cli->lang == LANG_JA ? "、"
                                      : ", ",
               cli_text(cli, r->missing[i]));
    if (r->n_missing > 0)
        fputs(cli->lang == LANG_JA ? "）" : ")", stdout);
}

static void print_record(struct cli *cli, const struct incident *inc,
                         const struct chron_list *chron,
                         const struct triage_result *r)
{
    json_t *j = incident_to_json(inc);
    const char *key;
    json_t *v;

    json_object_foreach(j, key, v)
    {
        char lkey[96];
        /* leak_state says it in three states; the flag alone would read
         * "no" for a confirmed leak. */
        if (strcmp(key, "possible_leak") == 0)
            continue;
        snprintf(lkey, sizeof(lkey), "field.%s", key);
        cli_pad(cli_text(cli, lkey), 22);
        if (strcmp(key, "severity") == 0 && !inc->severity_manual &&
            r->severity == 0)
            print_unrated(cli, r);
        else
            print_value(cli, key, v);
        putchar('\n');
    }
    json_decref(j);
    printf("\n%s (%zu)\n", cli_text(cli, "cli.chronology"), chron->n);
    for (size_t i = 0; i < chron->n; i++)
        print_entry(cli, &chron->items[i]);
}

int cli_incident_show(struct cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {CLI_COMMON_OPTIONS,
                                         {NULL, 0, NULL, 0}};
    struct incident inc;
    struct chron_list chron = {0};
    struct store *s = NULL;
    bool help = false;
    int c;

    optind = 1;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        int rc =
            cli_other_option(cli, c, optarg, &help, "cli.usage.incident_show");
        if (rc >= 0)
            return rc;
    }
    if (help) {
        cli_say(cli, "cli.usage.incident_show");
        return 0;
    }
    if (optind + 1 != argc)
        return cli_usage_error(cli, "cli.need_args", "cli.usage.incident_show");
    int rc = cli_check_ref(cli, argv[optind]);
    if (rc >= 0)
        return rc;
    enum kz_err err = cli_open_store(cli, STORE_OPEN_EXISTING, &s);
    if (err != KZ_OK)
        return kz_err_exit_code(err);
    incident_init(&inc);
    err = app_incident_get(s, &cli->ctx, argv[optind], &inc, &chron);
    if (err != KZ_OK) {
        rc = cli_fail(cli, err, err == KZ_ENOTFOUND ? "cli.no_incident" : NULL,
                      NULL);
        incident_cleanup(&inc);
        store_close(s);
        return rc;
    }
    if (cli->json) {
        json_t *entries = json_array();
        for (size_t i = 0; i < chron.n; i++)
            json_array_append_new(
                entries, chron_entry_to_json_lang(&chron.items[i], cli->lang));
        cli_print_json(json_pack("{s:o, s:o}", "incident",
                                 incident_to_json(&inc), "chronology",
                                 entries));
    } else {
        struct asset_index ix = {0};
        struct triage_result r;
        err = app_asset_index(s, &ix);
        if (err == KZ_OK) {
            app_triage_of(&ix, &inc, &r);
            print_record(cli, &inc, &chron, &r);
        }
        app_asset_index_free(&ix);
        if (err != KZ_OK) {
            chron_list_cleanup(&chron);
            incident_cleanup(&inc);
            store_close(s);
            return cli_fail(cli, err, NULL, NULL);
        }
    }
    chron_list_cleanup(&chron);
    incident_cleanup(&inc);
    store_close(s);
    return 0;
}
