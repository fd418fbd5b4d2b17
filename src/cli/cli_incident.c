/* SPDX-License-Identifier: MIT */
/*
 * cli_incident.c - `kizuki incident new|set|move|note`: the commands that
 * change an incident.  Every value goes through the same JSON decoding and
 * validation as the API, so the CLI and the API accept the same input.
 * Listing and showing live in cli_incident_show.c.
 */
#include <stdio.h>
#include <string.h>

#include "app/incident_ops.h"
#include "cli/cli.h"
#include "cli/cli_incident.h"
#include "core/taxonomy.h"
#include "json/chronology_json.h"
#include "json/closing_json.h"
#include "json/error_json.h"
#include "json/incident_json.h"
#include "util/buf.h"
#include "util/mem.h"

/* The flags of `incident new`: one per record field. */
struct field_flag {
    const char *flag;
    const char *key;
    bool repeat; /* a list: each use adds items */
};

static const struct field_flag field_flags[] = {
    {"title", "title", false},
    {"description", "description", false},
    {"kind", "kind", false},
    {"category", "category", false},
    {"severity", "severity", false},
    /* A severity given by hand needs its reason (SPEC C4); without this
     * flag --severity could only ever be refused. */
    {"severity-reason", "severity_reason", false},
    {"priority", "priority", false},
    {"occurred-at", "occurred_at", false},
    {"discovered-at", "discovered_at", false},
    {"reported-at", "reported_at", false},
    {"place", "place", false},
    {"detection-trigger", "detection_trigger", false},
    {"discoverer", "discoverer", false},
    {"reporter", "reporter", false},
    {"owner", "owner", false},
    {"party", "parties", true},
    {"asset", "assets", true},
    {"info-type", "info_types", true},
    {"affected-persons", "affected_persons", false},
    {"impact", "impacts", true},
    {"direct-cause", "direct_cause", false},
    {"latent-factors", "latent_factors", false},
    {"initial-response", "initial_response", false},
    {"additional-measures", "additional_measures", false},
    {"prevention-measure", "prevention_measures", true},
    {"tag", "tags", true},
    {"tlp", "tlp", false},
    {"member", "members", true},
    /* What the reporting duties and the damage estimate read (issue 6). */
    {"aware-at", "aware_at", false},
    {"possible-leak", "possible_leak", false},
    {"leak-kind", "leak_kinds", true},
    {"leak-indicator", "leak_indicators", true},
    {"encrypted", "encrypted", false},
    {"improper-purpose", "improper_purpose", false},
    {"improper-purpose-reason", "improper_purpose_reason", false},
    {"affected-persons-max", "affected_persons_max", false},
    {"mynumber-system", "mynumber_system", false},
    {"publicly-viewable", "publicly_viewable", false},
    {"nis2-disruption", "nis2_disruption", false},
    {"nis2-damage-others", "nis2_damage_others", false},
    {"materiality-determined-at", "materiality_determined_at", false},
    {"eu-data-subjects", "eu_data_subjects", false},
    {"social-responsibility", "social_responsibility", false},
    {"response-evaluation", "response_evaluation", false},
    {"cause", "cause", false},
};

#define NFLAGS (sizeof(field_flags) / sizeof(field_flags[0]))

enum {
    OPT_RESTRICTED = CLI_OPT_FIRST_OWN,
    OPT_JSON_IN,
    OPT_REASON,
    OPT_KIND,
    OPT_IF_VERSION,
    OPT_FIELD /* OPT_FIELD + i is field_flags[i] */
};

/* Read a whole file or stdin ("-") (OUT: caller frees), at most 1 MiB. */
static char *read_input(const char *path)
{
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    char *text = f ? buf_read_all(f, 1 << 20) : NULL;

    if (f != NULL && f != stdin)
        fclose(f);
    return text;
}

/* Add the flag's value to the draft object 'obj'. */
static enum kz_err add_flag(json_t *obj, const struct field_flag *ff,
                            const char *arg, struct kz_problems *p)
{
    json_t *v = NULL;
    enum kz_err err = cli_field_value(ff->key, arg, &v, p);

    if (err != KZ_OK)
        return err;
    json_t *have = json_object_get(obj, ff->key);
    if (ff->repeat && json_is_array(have) && json_is_array(v)) {
        json_array_extend(have, v);
        json_decref(v);
        return KZ_OK;
    }
    json_object_set_new_nocheck(obj, ff->key, v);
    return KZ_OK;
}

static int incident_new(struct cli *cli, int argc, char **argv)
{
    struct option opts[NFLAGS + 8];
    struct kz_problems p;
    struct incident inc;
    struct store *s = NULL;
    json_t *obj = json_object();
    const char *json_in = NULL;
    bool help = false;
    int c;
    int rc;
    size_t k = 0;

    kz_problems_clear(&p);
    for (size_t i = 0; i < NFLAGS; i++)
        opts[k++] = (struct option){field_flags[i].flag, required_argument,
                                    NULL, OPT_FIELD + (int)i};
    opts[k++] =
        (struct option){"restricted", no_argument, NULL, OPT_RESTRICTED};
    opts[k++] = (struct option){"json", required_argument, NULL, OPT_JSON_IN};
    opts[k++] = (struct option){"db", required_argument, NULL, CLI_OPT_DB};
    opts[k++] = (struct option){"lang", required_argument, NULL, CLI_OPT_LANG};
    opts[k++] = (struct option){"help", no_argument, NULL, CLI_OPT_HELP};
    opts[k++] = (struct option){NULL, 0, NULL, 0};

    optind = 1;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (c == OPT_JSON_IN) {
            json_in = optarg;
        } else if (c == OPT_RESTRICTED) {
            json_object_set_new(obj, "restricted", json_true());
        } else if (c >= OPT_FIELD && c < OPT_FIELD + (int)NFLAGS) {
            (void)add_flag(obj, &field_flags[c - OPT_FIELD], optarg, &p);
        } else {
            rc = cli_other_option(cli, c, optarg, &help,
                                  "cli.usage.incident_new");
            if (rc >= 0) {
                json_decref(obj);
                return rc;
            }
        }
    }
    if (help || optind != argc) {
        json_decref(obj);
        if (help) {
            cli_say(cli, "cli.usage.incident_new");
            return 0;
        }
        return cli_usage_error(cli, "cli.extra_args", "cli.usage.incident_new");
    }
    if (json_in != NULL) {
        /* The file gives the record; flags given too override it. */
        char *text = read_input(json_in);
        json_error_t jerr;
        json_t *from =
            text ? json_loads(text, JSON_REJECT_DUPLICATES, &jerr) : NULL;
        xfree(text);
        if (from == NULL || !json_is_object(from)) {
            json_decref(from);
            json_decref(obj);
            cli->json = true;
            return cli_fail(cli, KZ_EMALFORMED, "cli.bad_json_input", NULL);
        }
        json_object_update(from, obj);
        json_decref(obj);
        obj = from;
        cli->json = true;
    }
    if (p.n > 0) {
        json_decref(obj);
        return cli_fail(cli, KZ_EINVAL, NULL, &p);
    }
    incident_init(&inc);
    enum kz_err err = incident_from_json(obj, INCIDENT_JSON_CREATE, &inc, &p);
    json_decref(obj);
    /* Decoding problems travel on to the use case, which adds the rest
     * and writes nothing. */
    if (err != KZ_OK && err != KZ_EINVAL) {
        rc = cli_fail(cli, err, NULL, &p);
        goto done;
    }
    err = cli_open_store(cli, STORE_OPEN_EXISTING, &s);
    if (err != KZ_OK) {
        rc = kz_err_exit_code(err);
        goto done;
    }
    err = app_incident_create(s, &cli->ctx, &inc, &p);
    rc = err != KZ_OK ? cli_fail(cli, err, NULL, &p)
                      : cli_incident_report_created(cli, &inc);
done:
    incident_cleanup(&inc);
    store_close(s);
    return rc;
}

/* Parse the common options and collect positional arguments into 'pos'
 * (at most 'npos'); 'extra' handles the subcommand's own options. */
struct parsed {
    const char *pos[4];
    int npos;
    const char *reason;
    const char *kind;
    const char *if_version;
    bool help;
};

static int parse_simple(struct cli *cli, int argc, char **argv,
                        struct parsed *out, const char *usage_key)
{
    static const struct option opts[] = {
        CLI_COMMON_OPTIONS,
        {"reason", required_argument, NULL, OPT_REASON},
        {"kind", required_argument, NULL, OPT_KIND},
        {"if-version", required_argument, NULL, OPT_IF_VERSION},
        {NULL, 0, NULL, 0},
    };
    int c;

    memset(out, 0, sizeof(*out));
    optind = 1;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (c == OPT_REASON) {
            out->reason = optarg;
        } else if (c == OPT_KIND) {
            out->kind = optarg;
        } else if (c == OPT_IF_VERSION) {
            out->if_version = optarg;
        } else {
            int rc = cli_other_option(cli, c, optarg, &out->help, usage_key);
            if (rc >= 0)
                return rc;
        }
    }
    return cli_operands(cli, argc, argv, out->help, out->pos, 4, &out->npos,
                        usage_key);
}

static int finish_record(struct cli *cli, struct store *s, enum kz_err err,
                         struct incident *inc, struct kz_problems *p,
                         const char *done_key)
{
    int rc;

    if (err != KZ_OK) {
        rc = cli_fail(cli, err, err == KZ_ENOTFOUND ? "cli.no_incident" : NULL,
                      p);
    } else if (cli->json) {
        cli_print_json(incident_to_json(inc));
        rc = 0;
    } else {
        printf("%s %s\n", inc->ref, cli_text(cli, done_key));
        rc = 0;
    }
    incident_cleanup(inc);
    store_close(s);
    return rc;
}

/* A move refused for what is still open: the error, then each duty and
 * task to settle (in --json, as the envelope's "open_items"). */
static int open_items_fail(struct cli *cli, enum kz_err err,
                           const struct kz_problems *p,
                           const struct closing_list *open)
{
    if (cli->json) {
        json_t *env = error_to_json(err, NULL, p, cli->lang);
        json_object_set_new(json_object_get(env, "error"), "open_items",
                            closing_to_json(open, cli->lang));
        cli_print_json(env);
        return kz_err_exit_code(err);
    }
    int rc = cli_fail(cli, err, NULL, p);
    for (size_t i = 0; i < open->n; i++) {
        char *line = closing_item_text(&open->items[i], cli->lang);
        fprintf(stderr, "  - %s\n", line);
        xfree(line);
    }
    return rc;
}

static int incident_move(struct cli *cli, int argc, char **argv)
{
    struct parsed a;
    struct kz_problems p;
    struct incident inc;
    struct store *s = NULL;
    enum phase to;
    int rc = parse_simple(cli, argc, argv, &a, "cli.usage.incident_move");

    if (rc >= 0)
        return rc;
    if (a.npos != 2)
        return cli_usage_error(cli, "cli.need_args", "cli.usage.incident_move");
    rc = cli_check_ref(cli, a.pos[0]);
    if (rc >= 0)
        return rc;
    kz_problems_clear(&p);
    if (!phase_from_key(a.pos[1], &to)) {
        kz_problems_add(&p, "to", "v.unknown_key");
        return cli_fail(cli, KZ_EINVAL, NULL, &p);
    }
    if (cli_open_store(cli, STORE_OPEN_EXISTING, &s) != KZ_OK)
        return 1;
    incident_init(&inc);
    struct closing_list open = {0};
    enum kz_err err = app_incident_move_checked(s, &cli->ctx, a.pos[0], to,
                                                a.reason, &inc, &p, &open);
    if (err == KZ_EINVAL && open.n > 0) {
        rc = open_items_fail(cli, err, &p, &open);
        closing_list_cleanup(&open);
        incident_cleanup(&inc);
        store_close(s);
        return rc;
    }
    closing_list_cleanup(&open);
    if (err == KZ_OK && !cli->json) {
        printf("%s %s「%s」\n", inc.ref, cli_text(cli, "cli.moved_to"),
               taxonomy_label(&taxonomy_phase, phase_key(to), cli->lang));
        incident_cleanup(&inc);
        store_close(s);
        return 0;
    }
    return finish_record(cli, s, err, &inc, &p, "cli.moved");
}

static int incident_note(struct cli *cli, int argc, char **argv)
{
    struct parsed a;
    struct kz_problems p;
    struct chron_entry e;
    struct store *s = NULL;
    enum entry_kind kind = ENTRY_NOTE;
    int rc = parse_simple(cli, argc, argv, &a, "cli.usage.incident_note");

    if (rc >= 0)
        return rc;
    if (a.npos != 2)
        return cli_usage_error(cli, "cli.need_args", "cli.usage.incident_note");
    rc = cli_check_ref(cli, a.pos[0]);
    if (rc >= 0)
        return rc;
    kz_problems_clear(&p);
    if (a.kind != NULL &&
        (!entry_kind_from_key(a.kind, &kind) || !entry_kind_is_manual(kind))) {
        kz_problems_add(&p, "kind", "v.entry_kind");
        return cli_fail(cli, KZ_EINVAL, NULL, &p);
    }
    if (cli_open_store(cli, STORE_OPEN_EXISTING, &s) != KZ_OK)
        return 1;
    chron_entry_init(&e);
    enum kz_err err =
        app_incident_note(s, &cli->ctx, a.pos[0], kind, a.pos[1], &e, &p);
    if (err != KZ_OK) {
        rc = cli_fail(cli, err, err == KZ_ENOTFOUND ? "cli.no_incident" : NULL,
                      &p);
    } else if (cli->json) {
        cli_print_json(chron_entry_to_json_lang(&e, cli->lang));
        rc = 0;
    } else {
        printf("%s #%lld %s\n", a.pos[0], (long long)e.seq,
               cli_text(cli, "cli.noted"));
        rc = 0;
    }
    chron_entry_cleanup(&e);
    store_close(s);
    return rc;
}

static int incident_set(struct cli *cli, int argc, char **argv)
{
    struct parsed a;
    struct kz_problems p;
    struct incident inc;
    struct store *s = NULL;
    json_t *v = NULL;
    int64_t if_match = -1;
    int rc = parse_simple(cli, argc, argv, &a, "cli.usage.incident_set");

    if (rc >= 0)
        return rc;
    if (a.npos != 3)
        return cli_usage_error(cli, "cli.need_args", "cli.usage.incident_set");
    rc = cli_check_ref(cli, a.pos[0]);
    if (rc >= 0)
        return rc;
    kz_problems_clear(&p);
    if (a.if_version != NULL) {
        if (!cli_parse_int64(a.if_version, &if_match) || if_match < 1) {
            kz_problems_add(&p, "if-version", "v.type_integer");
            return cli_fail(cli, KZ_EUSAGE, "err.invalid", &p);
        }
    }
    if (cli_field_value(a.pos[1], a.pos[2], &v, &p) != KZ_OK)
        return cli_fail(cli, KZ_EINVAL, NULL, &p);
    json_t *patch = json_object();
    json_object_set_new_nocheck(patch, a.pos[1], v);
    /* An override of the score carries its reason (SPEC C4). */
    if (a.reason != NULL) {
        if (strcmp(a.pos[1], "severity") != 0) {
            json_decref(patch);
            return cli_usage_error(cli, "cli.reason_severity_only",
                                   "cli.usage.incident_set");
        }
        json_object_set_new(patch, "severity_reason",
                            json_string_nocheck(a.reason));
    }
    if (cli_open_store(cli, STORE_OPEN_EXISTING, &s) != KZ_OK) {
        json_decref(patch);
        return 1;
    }
    incident_init(&inc);
    enum kz_err err =
        app_incident_patch(s, &cli->ctx, a.pos[0], patch, if_match, &inc, &p);
    json_decref(patch);
    return finish_record(cli, s, err, &inc, &p, "cli.updated");
}

int cli_incident_main(struct cli *cli, int argc, char **argv)
{
    static const struct {
        const char *name;
        int (*run)(struct cli *, int, char **);
    } verbs[] = {
        {"new", incident_new},
        {"list", cli_incident_list},
        {"show", cli_incident_show},
        {"move", incident_move},
        {"note", incident_note},
        {"set", incident_set},
        {"obligations", cli_incident_obligations},
        {"file", cli_incident_file},
        {"damage", cli_incident_damage},
        {"cost", cli_incident_cost},
        {"readiness", cli_incident_readiness},
        {"draft", cli_incident_draft},
        {"disclose", cli_incident_disclose},
        {"aftercare", cli_incident_aftercare},
        {"link", cli_incident_link},
        {"links", cli_incident_links},
        {"unlink", cli_incident_unlink},
    };

    if (argc < 2) {
        cli_say(cli, "cli.usage.incident");
        return 2;
    }
    for (size_t i = 0; i < sizeof(verbs) / sizeof(verbs[0]); i++) {
        if (strcmp(argv[1], verbs[i].name) == 0)
            return verbs[i].run(cli, argc - 1, argv + 1);
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "help") == 0) {
        cli_say(cli, "cli.usage.incident");
        return 0;
    }
    return cli_usage_error(cli, "cli.unknown_command", "cli.usage.incident");
}
