/* SPDX-License-Identifier: MIT */
/*
 * cli.c - the subcommand table, the options every subcommand shares and
 * the output helpers (see cli.h).
 */
#include "cli/cli.h"

#include <errno.h>
#include <pwd.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/evidence.h"
#include "core/ref.h"
#include "json/error_json.h"
#include "json/incident_json.h"
#include "util/clock.h"
#include "util/mem.h"
#include "util/utf8.h"

struct subcommand {
    const char *name;
    const char *help_key; /* one line in the catalogue */
    int (*run)(struct cli *cli, int argc, char **argv);
};

static const struct subcommand subcommands[] = {
    {"init", "cli.help.init", cli_init_main},
    {"incident", "cli.help.incident", cli_incident_main},
    {"verify", "cli.help.verify", cli_verify_main},
    {"backup", "cli.help.backup", cli_backup_main},
    {"migrate", "cli.help.migrate", cli_migrate_main},
    {"taxonomy", "cli.help.taxonomy", cli_taxonomy_main},
    {"serve", "cli.help.serve", cli_serve_main},
    {"user", "cli.help.user", cli_user_main},
    {"token", "cli.help.token", cli_token_main},
    {"asset", "cli.help.asset", cli_registry_main},
    {"contacts", "cli.help.contacts", cli_registry_main},
    {"contact", "cli.help.contacts", cli_registry_main},
    {"rule", "cli.help.rule", cli_registry_main},
    {"task", "cli.help.task", cli_task_main},
    {"evidence", "cli.help.evidence", cli_evidence_main},
    {"observable", "cli.help.observable", cli_observable_main},
    {"alert", "cli.help.alert", cli_alert_main},
    {"playbook", "cli.help.playbook", cli_playbook_main},
    {"deadlines", "cli.help.deadlines", cli_deadlines_main},
    {"mail-intake", "cli.help.mail_intake", cli_mail_intake_main},
    {"search", "cli.help.search", cli_search_main},
};

const char *cli_text(struct cli *cli, const char *key)
{
    return i18n_text(key, cli->lang);
}

void cli_say(struct cli *cli, const char *key)
{
    puts(cli_text(cli, key));
}

void cli_print_json(json_t *j)
{
    char *text = json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER);

    if (text != NULL) {
        puts(text);
        xfree(text);
    }
    json_decref(j);
}

int cli_fail(struct cli *cli, enum kz_err err, const char *msg_key,
             const struct kz_problems *p)
{
    if (cli->json) {
        cli_print_json(error_to_json(err, msg_key, p, cli->lang));
        return kz_err_exit_code(err);
    }
    fprintf(stderr, "%s: %s\n", cli_text(cli, "cli.error"),
            cli_text(cli, msg_key ? msg_key : kz_err_msg_key(err)));
    for (size_t i = 0; p != NULL && i < p->n; i++) {
        char text[512];
        fprintf(stderr, "  %s: %s\n", p->items[i].field,
                kz_problem_text(&p->items[i], cli->lang, text, sizeof(text)));
    }
    return kz_err_exit_code(err);
}

int cli_usage_error(struct cli *cli, const char *msg_key, const char *usage_key)
{
    fprintf(stderr, "%s: %s\n", cli_text(cli, "cli.error"),
            cli_text(cli, msg_key));
    if (usage_key != NULL)
        fprintf(stderr, "%s\n", cli_text(cli, usage_key));
    return kz_err_exit_code(KZ_EUSAGE);
}

int cli_common_option(struct cli *cli, int c, const char *arg, bool *help)
{
    switch (c) {
    case CLI_OPT_DB:
        if (arg == NULL || arg[0] == '\0') {
            cli_usage_error(cli, "cli.bad_db", NULL);
            return -1;
        }
        cli->db = arg;
        return 1;
    case CLI_OPT_EVIDENCE_DIR:
        if (arg == NULL || arg[0] == '\0') {
            cli_usage_error(cli, "cli.bad_evidence_dir", NULL);
            return -1;
        }
        cli->evidence_dir = arg;
        return 1;
    case CLI_OPT_LANG:
        if (strcmp(arg, "ja") != 0 && strcmp(arg, "en") != 0) {
            cli_usage_error(cli, "cli.bad_lang", NULL);
            return -1;
        }
        cli->lang = strcmp(arg, "en") == 0 ? LANG_EN : LANG_JA;
        return 1;
    case CLI_OPT_JSON:
        cli->json = true;
        return 1;
    case CLI_OPT_HELP:
        *help = true;
        return 1;
    default:
        return 0;
    }
}

int cli_other_option(struct cli *cli, int c, const char *arg, bool *help,
                     const char *usage_key)
{
    int r = cli_common_option(cli, c, arg, help);

    if (r < 0)
        return 2;
    if (r == 0)
        return cli_usage_error(cli, "cli.bad_option", usage_key);
    return -1;
}

int cli_operands(struct cli *cli, int argc, char **argv, bool help,
                 const char **pos, int max, int *npos, const char *usage_key)
{
    if (help) {
        cli_say(cli, usage_key);
        return 0;
    }
    *npos = 0;
    for (int i = optind; i < argc; i++) {
        if (*npos == max)
            return cli_usage_error(cli, "cli.extra_args", usage_key);
        pos[(*npos)++] = argv[i];
    }
    return -1;
}

enum kz_err cli_open_store(struct cli *cli, enum store_open_mode mode,
                           struct store **out)
{
    enum kz_err err = store_open(cli->db, mode, out);

    /* When even creating fails (no such directory, no permission), the
     * file cannot be made: advising `kizuki init` would go in a circle. */
    if (err == KZ_ENOTFOUND && mode == STORE_OPEN_CREATE) {
        err = KZ_EIO;
        if (!cli->json)
            fprintf(stderr, "%s: %s (%s)\n", cli_text(cli, "cli.error"),
                    cli_text(cli, kz_err_msg_key(err)), cli->db);
        else
            cli_fail(cli, err, NULL, NULL);
        return err;
    }
    switch (err) {
    case KZ_OK:
        break;
    case KZ_ENOTFOUND:
        if (!cli->json)
            fprintf(stderr, "%s: %s (%s)\n", cli_text(cli, "cli.error"),
                    cli_text(cli, "cli.no_db"), cli->db);
        else
            cli_fail(cli, err, "cli.no_db", NULL);
        break;
    case KZ_EBUSY:
        /* At start, "busy" is a server that cannot be reached: libpq's
         * reason is on the line above (the URI is not repeated: it may
         * hold a password). */
        if (store_is_postgres(cli->db)) {
            cli_fail(cli, KZ_ESTORE, "cli.pg_unreachable", NULL);
            err = KZ_ESTORE;
            break;
        }
        cli_fail(cli, err, NULL, NULL);
        break;
    default:
        cli_fail(cli, err, NULL, NULL);
        break;
    }
    return err;
}

bool cli_evidence_dir(const struct cli *cli, char *out, size_t n)
{
    if (cli->evidence_dir == NULL)
        return app_evidence_dir(cli->db, out, n);
    int len = snprintf(out, n, "%s", cli->evidence_dir);
    return len > 0 && (size_t)len < n;
}

bool cli_parse_int64(const char *s, int64_t *out)
{
    char *end = NULL;

    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (errno != 0 || end == s || *end != '\0')
        return false;
    *out = v;
    return true;
}

/* Trimmed copy of s[0..n) (OUT: caller frees). */
static char *trimmed(const char *s, size_t n)
{
    while (n > 0 && (*s == ' ' || *s == '\t')) {
        s++;
        n--;
    }
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    return xstrndup(s, n);
}

/* Split "a, b,c" into a JSON array of strings. */
static json_t *split_list(const char *value)
{
    json_t *a = json_array();
    const char *p = value;

    while (*p != '\0') {
        const char *comma = strchr(p, ',');
        size_t n = comma ? (size_t)(comma - p) : strlen(p);
        char *item = trimmed(p, n);
        if (item[0] != '\0')
            json_array_append_new(a, json_string_nocheck(item));
        xfree(item);
        p += n;
        if (*p == ',')
            p++;
    }
    return a;
}

static enum kz_err info_types_value(const char *key, const char *value,
                                    json_t **out, struct kz_problems *p)
{
    json_t *items = split_list(value);
    json_t *a = json_array();
    size_t i;
    json_t *item;

    json_array_foreach(items, i, item)
    {
        const char *s = json_string_value(item);
        const char *colon = strchr(s, ':');
        int64_t count = 0;
        char *type = trimmed(s, colon ? (size_t)(colon - s) : strlen(s));
        json_t *c = json_null();
        if (colon != NULL) {
            char *num = trimmed(colon + 1, strlen(colon + 1));
            bool ok = cli_parse_int64(num, &count);
            xfree(num);
            if (!ok) {
                xfree(type);
                json_decref(items);
                json_decref(a);
                return kz_problems_add_at(p, key, i, "count", "v.type_integer");
            }
            c = json_integer(count);
        }
        json_t *o = json_object();
        /* Unchecked: core names invalid UTF-8 with the field. */
        json_object_set_new(o, "type", json_string_nocheck(type));
        json_object_set_new(o, "count", c);
        json_array_append_new(a, o);
        xfree(type);
    }
    json_decref(items);
    *out = a;
    return KZ_OK;
}

enum kz_err cli_field_value(const char *key, const char *value, json_t **out,
                            struct kz_problems *p)
{
    int64_t n = 0;

    *out = NULL;
    switch (incident_json_shape(key)) {
    case SHAPE_NONE:
        /* A name that cannot be a problem's field name (not text, or
         * longer than the field holds) is reported as the argument. */
        if (!utf8_is_valid(key, strlen(key)) ||
            strlen(key) >= sizeof(p->items[0].field))
            return kz_problems_add(p, "field", "v.unknown_field");
        return kz_problems_add(p, key, "v.unknown_field");
    case SHAPE_TEXT:
        *out = value[0] ? json_string_nocheck(value) : json_null();
        return KZ_OK;
    case SHAPE_INTEGER:
        if (value[0] == '\0') {
            *out = json_null();
            return KZ_OK;
        }
        if (!cli_parse_int64(value, &n))
            return kz_problems_add(p, key, "v.type_integer");
        *out = json_integer(n);
        return KZ_OK;
    case SHAPE_BOOLEAN:
        if (strcmp(value, "true") == 0 || strcmp(value, "yes") == 0 ||
            strcmp(value, "1") == 0) {
            *out = json_true();
        } else if (strcmp(value, "false") == 0 || strcmp(value, "no") == 0 ||
                   strcmp(value, "0") == 0) {
            *out = json_false();
        } else {
            return kz_problems_add(p, key, "v.type_boolean");
        }
        return KZ_OK;
    case SHAPE_LIST:
    case SHAPE_INFO_TYPES:
        if (value[0] == '[') {
            *out = json_loads(value, JSON_DECODE_ANY, NULL);
            if (*out == NULL)
                return kz_problems_add(p, key, "v.json");
            return KZ_OK;
        }
        if (incident_json_shape(key) == SHAPE_INFO_TYPES)
            return info_types_value(key, value, out, p);
        *out = split_list(value);
        return KZ_OK;
    }
    return kz_problems_add(p, key, "v.unknown_field");
}

void cli_pad(const char *s, size_t width)
{
    size_t w = utf8_display_width(s ? s : "");

    fputs(s ? s : "", stdout);
    for (; w < width; w++)
        putchar(' ');
}

int cli_check_ref(struct cli *cli, const char *ref)
{
    struct kz_problems p;

    if (ref_parse(ref, NULL, NULL))
        return -1;
    kz_problems_clear(&p);
    kz_problems_add(&p, "ref", "v.ref");
    return cli_fail(cli, KZ_EUSAGE, "err.invalid", &p);
}

/*
 * The actor every chronology entry of this command names: $KIZUKI_ACTOR,
 * else the login name.  It is sealed into the hash chain and written out
 * as JSON, so it must be text: a value that is not UTF-8 (or holds control
 * characters) is ignored with a warning, and a long one is cut at a
 * character boundary, never inside a character.
 */
static void default_actor(struct cli *cli)
{
    const char *env = getenv("KIZUKI_ACTOR");
    const struct passwd *pw = getpwuid(geteuid());
    const char *name = pw ? pw->pw_name : "local";

    if (env != NULL && env[0] != '\0') {
        if (utf8_is_valid(env, strlen(env)) && !utf8_has_control(env, false))
            name = env;
        else
            fprintf(stderr,
                    "kizuki: KIZUKI_ACTOR is not valid text;"
                    " using %s\n",
                    name);
    }
    size_t n = strlen(name);
    if (n >= sizeof(cli->actor)) {
        n = sizeof(cli->actor) - 1;
        while (n > 0 && ((unsigned char)name[n] & 0xC0) == 0x80)
            n--;
    }
    memcpy(cli->actor, name, n);
    cli->actor[n] = '\0';
}

static enum lang default_lang(void)
{
    const char *vars[] = {"LC_ALL", "LC_MESSAGES", "LANG"};

    for (size_t i = 0; i < sizeof(vars) / sizeof(vars[0]); i++) {
        const char *v = getenv(vars[i]);
        if (v != NULL && v[0] != '\0')
            return i18n_lang_parse(v, LANG_JA);
    }
    return LANG_JA;
}

static void print_help(struct cli *cli)
{
    printf("%s\n\n", cli_text(cli, "cli.help.head"));
    for (size_t i = 0; i < sizeof(subcommands) / sizeof(subcommands[0]); i++)
        printf("  %-10s %s\n", subcommands[i].name,
               cli_text(cli, subcommands[i].help_key));
    printf("\n%s\n", cli_text(cli, "cli.help.common"));
}

int cli_main(int argc, char **argv)
{
    struct cli cli;
    const char *env_db = getenv("KIZUKI_DB");

    memset(&cli, 0, sizeof(cli));
    cli.lang = default_lang();
    const char *env_evidence = getenv("KIZUKI_EVIDENCE_DIR");

    cli.db = env_db && env_db[0] ? env_db : "kizuki.db";
    if (env_evidence != NULL && env_evidence[0] != '\0')
        cli.evidence_dir = env_evidence;
    if (sodium_init() < 0) {
        fprintf(stderr, "kizuki: libsodium failed to start\n");
        return 3;
    }
    json_set_alloc_funcs(xmalloc, xfree);
    if (timefmt_setup_zone(NULL) != KZ_OK) {
        fprintf(stderr, "kizuki: %s\n", cli_text(&cli, "cli.bad_tz"));
        return 2;
    }
    cli.now = clock_now();
    default_actor(&cli);
    cli.ctx.actor.name = cli.actor;
    cli.ctx.actor.role = ROLE_ADMIN;
    cli.ctx.source = "cli";
    cli.ctx.now = cli.now;
    /* A leading --lang applies to the help too. */
    while (argc > 2 && strcmp(argv[1], "--lang") == 0) {
        cli.lang = i18n_lang_parse(argv[2], cli.lang);
        argv += 2;
        argc -= 2;
    }
    if (argc < 2 || strcmp(argv[1], "help") == 0 ||
        strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        print_help(&cli);
        return argc < 2 ? 2 : 0;
    }
    if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "version") == 0) {
        printf("kizuki %s\n", KIZUKI_VERSION);
        return 0;
    }
    for (size_t i = 0; i < sizeof(subcommands) / sizeof(subcommands[0]); i++) {
        if (strcmp(argv[1], subcommands[i].name) == 0)
            return subcommands[i].run(&cli, argc - 1, argv + 1);
    }
    fprintf(stderr, "%s: %s: %s\n", cli_text(&cli, "cli.error"),
            cli_text(&cli, "cli.unknown_command"), argv[1]);
    print_help(&cli);
    return 2;
}
