/* SPDX-License-Identifier: MIT */
/*
 * cli_evidence.c - `kizuki evidence add REF FILE`, `list REF`, `get ID
 * [--output FILE]` and `custody ID [--action A ...]`: evidence and its
 * chain of custody from the command line, through the same use cases as
 * the API (app/evidence.c).  Files go to the evidence directory beside
 * the database (<db directory>/evidence).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "app/evidence.h"
#include "cli/cli.h"
#include "json/evidence_json.h"

#define USAGE "cli.usage.evidence"

enum {
    OPT_DESCRIPTION = CLI_OPT_FIRST_OWN,
    OPT_ACQUIRED_AT,
    OPT_ACQUIRED_BY,
    OPT_LOCATION,
    OPT_OUTPUT,
    OPT_ACTION,
    OPT_FROM,
    OPT_TO,
    OPT_AT,
    OPT_REASON,
};

struct args {
    const char *pos[3];
    int npos;
    struct evidence_input in;
    struct custody_input ev;
    const char *output;
};

static int parse(struct cli *cli, int argc, char **argv, struct args *a)
{
    static const struct option opts[] = {
        CLI_COMMON_OPTIONS,
        {"description", required_argument, NULL, OPT_DESCRIPTION},
        {"acquired-at", required_argument, NULL, OPT_ACQUIRED_AT},
        {"acquired-by", required_argument, NULL, OPT_ACQUIRED_BY},
        {"location", required_argument, NULL, OPT_LOCATION},
        {"output", required_argument, NULL, OPT_OUTPUT},
        {"action", required_argument, NULL, OPT_ACTION},
        {"from", required_argument, NULL, OPT_FROM},
        {"to", required_argument, NULL, OPT_TO},
        {"at", required_argument, NULL, OPT_AT},
        {"reason", required_argument, NULL, OPT_REASON},
        {NULL, 0, NULL, 0},
    };
    bool help = false;
    int c;

    memset(a, 0, sizeof(*a));
    optind = 1;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case OPT_DESCRIPTION:
            a->in.description = optarg;
            break;
        case OPT_ACQUIRED_AT:
            a->in.acquired_at = optarg;
            break;
        case OPT_ACQUIRED_BY:
            a->in.acquired_by = optarg;
            break;
        case OPT_LOCATION:
            /* Where the thing is: of the item, or of the event. */
            a->in.location = optarg;
            a->ev.location = optarg;
            break;
        case OPT_OUTPUT:
            a->output = optarg;
            break;
        case OPT_ACTION:
            a->ev.action = optarg;
            break;
        case OPT_FROM:
            a->ev.from = optarg;
            break;
        case OPT_TO:
            a->ev.to = optarg;
            break;
        case OPT_AT:
            a->ev.at = optarg;
            break;
        case OPT_REASON:
            a->ev.reason = optarg;
            break;
        default: {
            int rc = cli_other_option(cli, c, optarg, &help, USAGE);
            if (rc >= 0)
                return rc;
        }
        }
    }
    return cli_operands(cli, argc, argv, help, a->pos, 3, &a->npos, USAGE);
}

/* "1.2 MB" style sizes are for people; the list shows bytes exactly,
 * with separators, as an investigator compares them. */
static void print_size(int64_t n)
{
    char digits[32];
    char out[48];
    size_t w = 0;
    int len = snprintf(digits, sizeof(digits), "%lld", (long long)n);

    for (int i = 0; i < len; i++) {
        if (i > 0 && (len - i) % 3 == 0)
            out[w++] = ',';
        out[w++] = digits[i];
    }
    out[w] = '\0';
    printf("%13s ", out);
}

static void print_item(struct cli *cli, const struct evidence *ev)
{
    char at[TIMEFMT_LEN];
    char key[48];

    printf("%-5lld ", (long long)ev->id);
    if (ev->has_content)
        print_size(ev->size);
    else
        printf("%13s ", "-");
    printf("%-64s ", ev->has_content ? ev->sha256 : "-");
    snprintf(key, sizeof(key), "ev.state.%s", evidence_state_key(ev->state));
    cli_pad(cli_text(cli, key), 10);
    printf("%s %s\n", timefmt_format_short(ev->acquired_at, at), ev->name);
}

static void print_event(struct cli *cli, const struct custody_event *e)
{
    char at[TIMEFMT_LEN];
    char key[48];

    snprintf(key, sizeof(key), "ev.action.%s", custody_action_key(e->action));
    printf("%-3lld %s ", (long long)e->seq, timefmt_format_short(e->at, at));
    cli_pad(cli_text(cli, key), 12);
    printf("%s → %s", e->from && *e->from ? e->from : "-",
           e->to && *e->to ? e->to : "-");
    if (e->location != NULL && *e->location != '\0')
        printf(" @ %s", e->location);
    if (e->reason != NULL && *e->reason != '\0')
        printf(" (%s)", e->reason);
    printf("\n");
}

static int fail(struct cli *cli, enum kz_err err, const char *why,
                const struct kz_problems *p)
{
    if (why == NULL && err == KZ_ENOTFOUND && (p == NULL || p->n == 0))
        why = "cli.no_evidence";
    return cli_fail(cli, err, why, p);
}

static int evidence_add(struct cli *cli, struct store *s, struct args *a)
{
    struct kz_problems p;
    struct evidence ev;
    char dir[4096];
    const char *path = a->pos[2];
    /* The file's own name, without the directories it was found in. */
    const char *base = strrchr(path, '/');

    a->in.name = base != NULL ? base + 1 : path;
    if (!cli_evidence_dir(cli, dir, sizeof(dir)))
        return cli_usage_error(cli, "cli.bad_db", NULL);
    int fd = strcmp(path, "-") == 0 ? dup(0) : open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        fprintf(stderr, "%s: %s\n", cli_text(cli, "cli.cannot_read"), path);
        return 2;
    }
    if (strcmp(path, "-") == 0)
        a->in.name = NULL;
    kz_problems_clear(&p);
    evidence_init(&ev);
    enum kz_err err = app_evidence_add_from_fd(s, &cli->ctx, dir, a->pos[1], fd,
                                               &a->in, &ev, &p);
    close(fd);
    int rc = 0;
    if (err != KZ_OK)
        rc = cli_fail(cli, err,
                      err == KZ_ENOTFOUND && !p.n ? "cli.no_incident" : NULL,
                      &p);
    else if (cli->json)
        cli_print_json(evidence_to_json(&ev));
    else
        print_item(cli, &ev);
    evidence_cleanup(&ev);
    return rc;
}

static int evidence_list(struct cli *cli, struct store *s, const char *ref)
{
    struct evidence_list l = {0};
    enum kz_err err = app_evidence_list(s, &cli->ctx, ref, &l);

    if (err != KZ_OK)
        return cli_fail(cli, err,
                        err == KZ_ENOTFOUND ? "cli.no_incident" : NULL, NULL);
    json_t *a = json_array();
    if (!cli->json && l.n == 0)
        cli_say(cli, "cli.no_evidence_items");
    for (size_t i = 0; i < l.n; i++) {
        if (cli->json)
            json_array_append_new(a, evidence_to_json(&l.items[i]));
        else
            print_item(cli, &l.items[i]);
    }
    if (cli->json)
        cli_print_json(json_pack("{s:s, s:o}", "ref", ref, "items", a));
    else
        json_decref(a);
    evidence_list_cleanup(&l);
    return 0;
}

/* Copy all of 'in' to 'out'; false on an error. */
static bool copy_fd(int in, int out)
{
    char b[65536];

    for (;;) {
        ssize_t k = read(in, b, sizeof(b));
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            return k == 0;
        for (ssize_t w = 0; w < k;) {
            ssize_t n = write(out, b + w, (size_t)(k - w));
            if (n < 0 && errno == EINTR)
                continue;
            if (n <= 0)
                return false;
            w += n;
        }
    }
}

/* Write the item's bytes, re-hashed first, to 'output' ("-": stdout). */
static int write_content(struct cli *cli, struct store *s, int64_t id,
                         const char *output)
{
    struct evidence ev;
    const char *why = NULL;
    char dir[4096];
    int fd = -1;

    if (!cli_evidence_dir(cli, dir, sizeof(dir)))
        return cli_usage_error(cli, "cli.bad_db", NULL);
    evidence_init(&ev);
    enum kz_err err = app_evidence_open(s, &cli->ctx, dir, id, &ev, &fd, &why);
    evidence_cleanup(&ev);
    /* Bytes that lost their hash fail like a broken chain: exit 1. */
    if (err == KZ_ECONFLICT)
        err = KZ_EVERIFY;
    if (err != KZ_OK)
        return fail(cli, err, why, NULL);
    bool to_stdout = strcmp(output, "-") == 0;
    int out = to_stdout ? 1
                        : open(output, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
                               0600);
    bool ok = out >= 0 && copy_fd(fd, out);
    close(fd);
    if (out >= 0 && !to_stdout && close(out) != 0)
        ok = false;
    if (!ok) {
        fprintf(stderr, "%s: %s\n", cli_text(cli, "cli.cannot_write"), output);
        return 3;
    }
    return 0;
}

static int evidence_get(struct cli *cli, struct store *s, int64_t id,
                        const char *output)
{
    struct evidence ev;
    struct custody_list events = {0};

    evidence_init(&ev);
    enum kz_err err = app_evidence_get(s, &cli->ctx, id, &ev, &events);
    int rc = err != KZ_OK ? fail(cli, err, NULL, NULL) : 0;
    if (rc == 0 && output != NULL)
        rc = write_content(cli, s, id, output);
    /* The bytes on stdout leave no room for the description. */
    bool quiet = output != NULL && strcmp(output, "-") == 0;
    if (rc == 0 && cli->json && !quiet) {
        json_t *o = evidence_to_json(&ev);
        json_t *a = json_array();
        for (size_t i = 0; i < events.n; i++)
            json_array_append_new(a, custody_event_to_json(&events.items[i]));
        json_object_set_new(o, "custody", a);
        cli_print_json(o);
    } else if (rc == 0 && !quiet) {
        print_item(cli, &ev);
        if (ev.original_name != NULL)
            printf("  %s: %s\n", cli_text(cli, "cli.original_name"),
                   ev.original_name);
        if (ev.has_content)
            printf("  MD5 %s  SHA-1 %s  %s\n", ev.md5, ev.sha1,
                   ev.media_type ? ev.media_type : "");
        if (ev.location != NULL)
            printf("  %s\n", ev.location);
        if (ev.description != NULL && *ev.description != '\0')
            printf("  %s\n", ev.description);
        for (size_t i = 0; i < events.n; i++)
            print_event(cli, &events.items[i]);
    }
    custody_list_cleanup(&events);
    evidence_cleanup(&ev);
    return rc;
}

static int evidence_custody(struct cli *cli, struct store *s, int64_t id,
                            const struct custody_input *in)
{
    struct evidence ev;
    struct custody_list events = {0};
    struct kz_problems p;
    struct custody_event e;
    int rc = 0;

    if (in->action != NULL) {
        kz_problems_clear(&p);
        custody_event_init(&e);
        enum kz_err err =
            app_evidence_custody_add(s, &cli->ctx, id, in, &e, &p);
        if (err != KZ_OK)
            rc = fail(cli, err, NULL, &p);
        else if (cli->json)
            cli_print_json(custody_event_to_json(&e));
        else
            print_event(cli, &e);
        custody_event_cleanup(&e);
        return rc;
    }
    evidence_init(&ev);
    enum kz_err err = app_evidence_get(s, &cli->ctx, id, &ev, &events);
    if (err != KZ_OK) {
        rc = fail(cli, err, NULL, NULL);
    } else if (cli->json) {
        json_t *a = json_array();
        for (size_t i = 0; i < events.n; i++)
            json_array_append_new(a, custody_event_to_json(&events.items[i]));
        cli_print_json(json_pack("{s:I, s:s, s:o}", "evidence", (json_int_t)id,
                                 "state", evidence_state_key(ev.state), "items",
                                 a));
    } else {
        for (size_t i = 0; i < events.n; i++)
            print_event(cli, &events.items[i]);
    }
    custody_list_cleanup(&events);
    evidence_cleanup(&ev);
    return rc;
}

int cli_evidence_main(struct cli *cli, int argc, char **argv)
{
    struct args a;
    struct store *s = NULL;
    int64_t id = 0;
    int rc = parse(cli, argc, argv, &a);

    if (rc >= 0)
        return rc;
    const char *verb = a.npos > 0 ? a.pos[0] : "";
    bool by_ref = strcmp(verb, "add") == 0 || strcmp(verb, "list") == 0;
    bool by_id = strcmp(verb, "get") == 0 || strcmp(verb, "custody") == 0;
    int want = strcmp(verb, "add") == 0 ? 3 : 2;
    if ((!by_ref && !by_id) || a.npos != want)
        return cli_usage_error(cli, "cli.need_args", USAGE);
    if (by_ref) {
        rc = cli_check_ref(cli, a.pos[1]);
        if (rc >= 0)
            return rc;
    } else if (!cli_parse_int64(a.pos[1], &id) || id < 1) {
        return cli_usage_error(cli, "cli.need_args", USAGE);
    }
    enum kz_err err = cli_open_store(cli, STORE_OPEN_EXISTING, &s);
    if (err != KZ_OK)
        return kz_err_exit_code(err);
    if (strcmp(verb, "add") == 0)
        rc = evidence_add(cli, s, &a);
    else if (strcmp(verb, "list") == 0)
        rc = evidence_list(cli, s, a.pos[1]);
    else if (strcmp(verb, "get") == 0)
        rc = evidence_get(cli, s, id, a.output);
    else
        rc = evidence_custody(cli, s, id, &a.ev);
    store_close(s);
    return rc;
}
