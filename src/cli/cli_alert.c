/* SPDX-License-Identifier: MIT */
/*
 * cli_alert.c - `kizuki alert add|list|promote|status`: alert intake and
 * the alert queue from the command line (issue 10 item 3).
 *
 *   kizuki alert add --source S --source-ref R --title T [--severity X]
 *       [--occurred-at TIME] [--description D] [--observable TYPE:VALUE]…
 *       [--raw JSON]
 *   kizuki alert add --file FILE.json   (one alert or {"alerts":[…]}; - stdin)
 *   kizuki alert list [--status S] [--source S] [--group ID]
 *       [--severity X] [--limit N]
 *   kizuki alert promote ID… [--incident REF]
 *   kizuki alert status ID STATUS [--reason TEXT]
 *
 * 'add' reads alerts exactly as POST /api/v1/alerts does.
 */
#include <stdio.h>
#include <string.h>

#include "app/alerts.h"
#include "cli/cli.h"
#include "json/alert_json.h"
#include "util/buf.h"
#include "util/mem.h"

#define USAGE "cli.usage.alert"
/* A file of alerts may hold a full batch: the API's limit. */
#define ALERT_FILE_MAX (64u << 20)
#define ALERT_LIST_DEFAULT 50

enum {
    OPT_SOURCE = CLI_OPT_FIRST_OWN,
    OPT_SOURCE_REF,
    OPT_TITLE,
    OPT_DESCRIPTION,
    OPT_SEVERITY,
    OPT_OCCURRED,
    OPT_OBSERVABLE,
    OPT_RAW,
    OPT_FILE,
    OPT_STATUS,
    OPT_GROUP,
    OPT_LIMIT,
    OPT_INCIDENT,
    OPT_REASON,
};

struct alert_args {
    json_t *one; /* the alert built from options */
    const char *file;
    const char *status;
    const char *source;
    const char *severity;
    const char *group;
    const char *limit;
    const char *incident;
    const char *reason;
    const char *pos[ALERT_PROMOTE_MAX];
    int npos;
};

/* "ipv4:192.0.2.1" as {"type","value"}; the value may hold colons. */
static json_t *observable(const char *arg)
{
    const char *colon = strchr(arg, ':');

    if (colon == NULL)
        return NULL;
    char *type = xstrndup(arg, (size_t)(colon - arg));
    json_t *o = json_pack("{s:s, s:s}", "type", type, "value", colon + 1);
    xfree(type);
    return o;
}

/* Options and operands; -1 to go on, else the exit code. */
static int parse(struct cli *cli, int argc, char **argv, struct alert_args *a)
{
    static const struct option opts[] = {
        CLI_COMMON_OPTIONS,
        {"source", required_argument, NULL, OPT_SOURCE},
        {"source-ref", required_argument, NULL, OPT_SOURCE_REF},
        {"title", required_argument, NULL, OPT_TITLE},
        {"description", required_argument, NULL, OPT_DESCRIPTION},
        {"severity", required_argument, NULL, OPT_SEVERITY},
        {"occurred-at", required_argument, NULL, OPT_OCCURRED},
        {"observable", required_argument, NULL, OPT_OBSERVABLE},
        {"raw", required_argument, NULL, OPT_RAW},
        {"file", required_argument, NULL, OPT_FILE},
        {"status", required_argument, NULL, OPT_STATUS},
        {"group", required_argument, NULL, OPT_GROUP},
        {"limit", required_argument, NULL, OPT_LIMIT},
        {"incident", required_argument, NULL, OPT_INCIDENT},
        {"reason", required_argument, NULL, OPT_REASON},
        {NULL, 0, NULL, 0},
    };
    /* The alert's keys of OPT_SOURCE … OPT_OCCURRED, in that order. */
    static const char *const keys[] = {"source",   "source_ref",
                                       "title",    "description",
                                       "severity", "occurred_at"};
    bool help = false;
    int c;

    optind = 2;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (c >= OPT_SOURCE && c <= OPT_OCCURRED) {
            json_object_set_new(a->one, keys[c - OPT_SOURCE],
                                json_string_nocheck(optarg));
            if (c == OPT_SOURCE)
                a->source = optarg;
            if (c == OPT_SEVERITY)
                a->severity = optarg;
        } else if (c == OPT_OBSERVABLE) {
            json_t *o = observable(optarg);
            if (o == NULL)
                return cli_usage_error(cli, "cli.alert_observable", USAGE);
            json_t *list = json_object_get(a->one, "observables");
            if (list == NULL) {
                list = json_array();
                json_object_set_new(a->one, "observables", list);
            }
            json_array_append_new(list, o);
        } else if (c == OPT_RAW) {
            json_error_t jerr;
            json_t *raw = json_loads(optarg, JSON_DECODE_ANY, &jerr);
            if (raw == NULL)
                return cli_usage_error(cli, "cli.alert_raw", USAGE);
            json_object_set_new(a->one, "raw", raw);
        } else if (c == OPT_FILE) {
            a->file = optarg;
        } else if (c == OPT_STATUS) {
            a->status = optarg;
        } else if (c == OPT_GROUP) {
            a->group = optarg;
        } else if (c == OPT_LIMIT) {
            a->limit = optarg;
        } else if (c == OPT_INCIDENT) {
            a->incident = optarg;
        } else if (c == OPT_REASON) {
            a->reason = optarg;
        } else {
            int rc = cli_other_option(cli, c, optarg, &help, USAGE);
            if (rc >= 0)
                return rc;
        }
    }
    if (help) {
        cli_say(cli, USAGE);
        return 0;
    }
    for (int i = optind; i < argc; i++) {
        if (a->npos >= ALERT_PROMOTE_MAX)
            return cli_usage_error(cli, "cli.too_many_args", USAGE);
        a->pos[a->npos++] = argv[i];
    }
    return -1;
}

/* The body 'add' reads: the file, or the alert of the options. */
static int read_body(struct cli *cli, struct alert_args *a, json_t **out)
{
    json_error_t jerr;

    *out = NULL;
    if (a->file != NULL && json_object_size(a->one) > 0)
        return cli_usage_error(cli, "cli.alert_file_or_options", USAGE);
    if (a->file == NULL) {
        if (json_object_size(a->one) == 0)
            return cli_usage_error(cli, "cli.need_args", USAGE);
        *out = json_incref(a->one);
        return -1;
    }
    FILE *f = strcmp(a->file, "-") == 0 ? stdin : fopen(a->file, "rb");
    char *text = f ? buf_read_all(f, ALERT_FILE_MAX) : NULL;
    if (f != NULL && f != stdin)
        fclose(f);
    if (text == NULL) {
        fprintf(stderr, "%s: %s: %s\n", cli_text(cli, "cli.error"),
                cli_text(cli, "cli.cannot_read"), a->file);
        return kz_err_exit_code(KZ_EUSAGE);
    }
    *out = json_loads(text, JSON_REJECT_DUPLICATES, &jerr);
    xfree(text);
    if (*out == NULL) {
        fprintf(stderr, "%s: %s (%d:%d)\n", cli_text(cli, "cli.error"),
                cli_text(cli, "err.malformed"), jerr.line, jerr.column);
        return kz_err_exit_code(KZ_EMALFORMED);
    }
    return -1;
}

static int alert_add(struct cli *cli, struct store *s, struct alert_args *a)
{
    struct kz_problems p;
    struct alert *items = NULL;
    size_t n = 0;
    size_t created = 0;
    json_t *body = NULL;
    int rc = read_body(cli, a, &body);

    if (rc >= 0)
        return rc;
    kz_problems_clear(&p);
    enum kz_err err = alert_batch_from_json(body, cli->now, &items, &n, &p);
    json_decref(body);
    if (err == KZ_OK)
        err = app_alert_ingest(s, &cli->ctx, items, n, &created);
    if (err != KZ_OK) {
        alert_batch_free(items, n);
        return cli_fail(cli, err, NULL, &p);
    }
    json_t *list = json_array();
    for (size_t i = 0; i < n; i++) {
        json_array_append_new(
            list,
            json_pack("{s:I, s:s, s:I, s:I}", "id", (json_int_t)items[i].id,
                      "status", alert_status_key(items[i].status),
                      "repeat_count", (json_int_t)items[i].repeat_count,
                      "group", (json_int_t)items[i].group_id));
        if (!cli->json)
            printf("%-7lld %-12s x%-4lld %s %s\n", (long long)items[i].id,
                   alert_status_key(items[i].status),
                   (long long)items[i].repeat_count, items[i].source,
                   items[i].source_ref);
    }
    if (cli->json)
        cli_print_json(json_pack("{s:I, s:I, s:o}", "created",
                                 (json_int_t)created, "updated",
                                 (json_int_t)(n - created), "items", list));
    else {
        json_decref(list);
        printf("%s: %zu, %s: %zu\n", cli_text(cli, "cli.alert_created"),
               created, cli_text(cli, "cli.alert_updated"), n - created);
    }
    alert_batch_free(items, n);
    return 0;
}

static int alert_list(struct cli *cli, struct store *s, struct alert_args *a)
{
    struct alert_filter f;
    struct alert_list l = {0};
    enum alert_status st;
    int64_t v;

    alert_filter_init(&f);
    f.limit = ALERT_LIST_DEFAULT;
    if (a->status != NULL) {
        if (!alert_status_from_key(a->status, &st))
            return cli_usage_error(cli, "cli.alert_bad_status", USAGE);
        f.status = (int)st;
    }
    if (a->severity != NULL && !alert_severity_is_valid(a->severity))
        return cli_usage_error(cli, "alert.v.severity", USAGE);
    f.source = a->source;
    f.severity = a->severity;
    if (a->group != NULL) {
        if (!cli_parse_int64(a->group, &v) || v < 1)
            return cli_usage_error(cli, "alert.v.id", USAGE);
        f.group_id = v;
    }
    if (a->limit != NULL) {
        if (!cli_parse_int64(a->limit, &v) || v < 1 || v > ALERT_PAGE_MAX)
            return cli_usage_error(cli, "v.limit", USAGE);
        f.limit = (int)v;
    }
    enum kz_err err = app_alert_list(s, &cli->ctx, &f, &l);
    if (err != KZ_OK)
        return cli_fail(cli, err, NULL, NULL);
    json_t *items = json_array();
    if (!cli->json && l.n == 0)
        cli_say(cli, "cli.no_alerts");
    for (size_t i = 0; i < l.n; i++) {
        const struct alert *x = &l.items[i];
        if (cli->json) {
            json_array_append_new(items, alert_to_json(x, false, true));
            continue;
        }
        printf("%-7lld %-12s x%-4lld g%-6lld %-8s ", (long long)x->id,
               alert_status_key(x->status), (long long)x->repeat_count,
               (long long)x->group_id, x->severity ? x->severity : "-");
        cli_pad(x->source, 10);
        printf(" %s%s%s\n", x->title, x->incident_ref[0] ? "  → " : "",
               x->incident_ref);
    }
    if (cli->json)
        cli_print_json(json_pack("{s:o}", "items", items));
    else
        json_decref(items);
    alert_list_cleanup(&l);
    return 0;
}

static int alert_promote(struct cli *cli, struct store *s, struct alert_args *a)
{
    struct kz_problems p;
    char ref[INCIDENT_REF_LEN];
    int64_t *ids = NULL;

    if (a->npos == 0)
        return cli_usage_error(cli, "cli.need_args", USAGE);
    if (a->incident != NULL) {
        int rc = cli_check_ref(cli, a->incident);
        if (rc >= 0)
            return rc;
    }
    ids = xcalloc((size_t)a->npos, sizeof(*ids));
    for (int i = 0; i < a->npos; i++) {
        if (!cli_parse_int64(a->pos[i], &ids[i]) || ids[i] < 1) {
            xfree(ids);
            return cli_usage_error(cli, "alert.v.id", USAGE);
        }
    }
    kz_problems_clear(&p);
    enum kz_err err = app_alert_promote(s, &cli->ctx, ids, (size_t)a->npos,
                                        a->incident, ref, &p);
    xfree(ids);
    if (err != KZ_OK)
        return cli_fail(cli, err,
                        err == KZ_ENOTFOUND   ? "cli.no_incident"
                        : err == KZ_ECONFLICT ? "alert.v.attached"
                                              : NULL,
                        &p);
    if (cli->json)
        cli_print_json(json_pack("{s:s, s:i, s:s}", "incident", ref, "count",
                                 a->npos, "status",
                                 a->incident ? "merged" : "promoted"));
    else
        printf("%s %s\n", ref,
               cli_text(cli, a->incident ? "cli.alert_merged"
                                         : "cli.alert_promoted"));
    return 0;
}

static int alert_status(struct cli *cli, struct store *s, struct alert_args *a)
{
    struct kz_problems p;
    struct alert out;
    int64_t id;

    if (a->npos != 2)
        return cli_usage_error(cli, "cli.need_args", USAGE);
    if (!cli_parse_int64(a->pos[0], &id) || id < 1)
        return cli_usage_error(cli, "alert.v.id", USAGE);
    kz_problems_clear(&p);
    alert_init(&out);
    enum kz_err err =
        app_alert_set_status(s, &cli->ctx, id, a->pos[1], a->reason, &out, &p);
    int rc = 0;
    if (err != KZ_OK)
        rc = cli_fail(cli, err, err == KZ_ECONFLICT ? "alert.v.attached" : NULL,
                      &p);
    else if (cli->json)
        cli_print_json(alert_to_json(&out, false, true));
    else
        printf("%lld %s\n", (long long)out.id, alert_status_key(out.status));
    alert_cleanup(&out);
    return rc;
}

int cli_alert_main(struct cli *cli, int argc, char **argv)
{
    struct alert_args a;
    struct store *s = NULL;

    if (argc < 2)
        return cli_usage_error(cli, "cli.need_args", USAGE);
    const char *verb = argv[1];
    if (strcmp(verb, "help") == 0 || strcmp(verb, "--help") == 0) {
        cli_say(cli, USAGE);
        return 0;
    }
    if (strcmp(verb, "add") != 0 && strcmp(verb, "list") != 0 &&
        strcmp(verb, "promote") != 0 && strcmp(verb, "status") != 0)
        return cli_usage_error(cli, "cli.unknown_command", USAGE);
    memset(&a, 0, sizeof(a));
    a.one = json_object();
    int rc = parse(cli, argc, argv, &a);
    if (rc < 0 && strcmp(verb, "add") != 0 && strcmp(verb, "list") != 0 &&
        json_object_size(a.one) > 0)
        rc = cli_usage_error(cli, "cli.alert_add_only", USAGE);
    if (rc < 0 && strcmp(verb, "list") != 0 && strcmp(verb, "add") != 0 &&
        (a.status || a.group || a.limit))
        rc = cli_usage_error(cli, "cli.alert_list_only", USAGE);
    if (rc < 0 && strcmp(verb, "add") == 0 && a.npos > 0)
        rc = cli_usage_error(cli, "cli.too_many_args", USAGE);
    if (rc < 0) {
        enum kz_err err = cli_open_store(cli, STORE_OPEN_EXISTING, &s);
        if (err != KZ_OK)
            rc = kz_err_exit_code(err);
    }
    if (rc < 0) {
        if (strcmp(verb, "add") == 0)
            rc = alert_add(cli, s, &a);
        else if (strcmp(verb, "list") == 0)
            rc = alert_list(cli, s, &a);
        else if (strcmp(verb, "promote") == 0)
            rc = alert_promote(cli, s, &a);
        else
            rc = alert_status(cli, s, &a);
    }
    json_decref(a.one);
    store_close(s);
    return rc;
}
