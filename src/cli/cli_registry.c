/* SPDX-License-Identifier: MIT */
/*
 * cli_registry.c - `kizuki asset|contacts|rule list|show|add|set|rm`,
 * `kizuki contacts check|verify|template` and `kizuki playbook show`.
 * Fields are given as FIELD=VALUE (lists comma-separated) or as a JSON
 * object with --json FILE|-; the same validation as the API applies.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/registry.h"
#include "app/settings.h"
#include "cli/cli.h"
#include "core/taxonomy.h"
#include "json/response_json.h"
#include "util/buf.h"
#include "util/mem.h"

/* How a FIELD=VALUE is read: lists split at commas, numbers as numbers. */
static const struct {
    const char *key;
    char shape; /* 'l' list of text, 'i' integer, 'n' list of integers,
                   'b' boolean */
} shapes[] = {
    {"roles", 'l'},    {"windows", 'l'},      {"categories", 'l'},
    {"kinds", 'l'},    {"summon_roles", 'l'}, {"summon_contacts", 'n'},
    {"priority", 'i'}, {"oncall_order", 'i'}, {"ack_minutes", 'i'},
    {"enabled", 'b'},
};

static json_t *value_of(const char *key, const char *v)
{
    char shape = 's';

    for (size_t i = 0; i < sizeof(shapes) / sizeof(shapes[0]); i++) {
        if (strcmp(shapes[i].key, key) == 0)
            shape = shapes[i].shape;
    }
    if (v[0] == '\0')
        return shape == 'l' || shape == 'n' ? json_array() : json_null();
    if (shape == 'i') {
        int64_t n = 0;
        return cli_parse_int64(v, &n) ? json_integer(n) : json_string(v);
    }
    if (shape == 'b')
        return strcmp(v, "true") == 0 || strcmp(v, "yes") == 0 ? json_true()
               : strcmp(v, "false") == 0 || strcmp(v, "no") == 0
                   ? json_false()
                   : json_string(v);
    if (shape == 'l' || shape == 'n') {
        json_t *a = json_array();
        char *copy = xstrdup(v);
        char *save = NULL;
        for (char *t = strtok_r(copy, ",", &save); t != NULL;
             t = strtok_r(NULL, ",", &save)) {
            int64_t n = 0;
            while (*t == ' ')
                t++;
            if (shape == 'n' && cli_parse_int64(t, &n))
                json_array_append_new(a, json_integer(n));
            else
                json_array_append_new(a, json_string_nocheck(t));
        }
        xfree(copy);
        return a;
    }
    return json_string_nocheck(v);
}

/* Build the object from FIELD=VALUE arguments and an optional --json. */
static json_t *fields_of(struct cli *cli, int argc, char **argv, int first,
                         const char *json_path, int *rc)
{
    json_t *obj = json_object();

    *rc = -1;
    if (json_path != NULL) {
        json_error_t jerr;
        json_t *from =
            strcmp(json_path, "-") == 0
                ? json_loadf(stdin, JSON_REJECT_DUPLICATES, &jerr)
                : json_load_file(json_path, JSON_REJECT_DUPLICATES, &jerr);
        if (!json_is_object(from)) {
            json_decref(from);
            json_decref(obj);
            *rc = cli_fail(cli, KZ_EMALFORMED, "cli.bad_json_input", NULL);
            return NULL;
        }
        json_decref(obj);
        obj = from;
    }
    for (int i = first; i < argc; i++) {
        const char *eq = strchr(argv[i], '=');
        if (eq == NULL || eq == argv[i]) {
            json_decref(obj);
            *rc = cli_usage_error(cli, "cli.field_value", NULL);
            return NULL;
        }
        char *key = xstrndup(argv[i], (size_t)(eq - argv[i]));
        json_object_set_new(obj, key, value_of(key, eq + 1));
        xfree(key);
    }
    return obj;
}

struct reg_cmd {
    const char *name; /* command */
    const struct registry_type *t;
    const char *usage_key;
};

static const struct reg_cmd kinds[] = {
    {"asset", &registry_asset, "cli.usage.asset"},
    {"contacts", &registry_contact, "cli.usage.contacts"},
    {"rule", &registry_rule, "cli.usage.rule"},
};

static void print_record(struct cli *cli, const struct reg_cmd *k,
                         const void *rec, int stale_days)
{
    if (k->t == &registry_asset) {
        const struct asset *a = rec;
        printf("%-4lld P%d  ", (long long)a->id, a->priority);
        cli_pad(a->name, 28);
        printf("%s\n", a->owner ? a->owner : "");
    } else if (k->t == &registry_contact) {
        const struct contact *c = rec;
        char roles[512] = "";
        for (size_t i = 0; i < c->roles.n; i++) {
            const char *l = taxonomy_label(&taxonomy_contact_role,
                                           c->roles.v[i], cli->lang);
            size_t len = strlen(roles);
            snprintf(roles + len, sizeof(roles) - len, "%s%s", i ? "、" : "",
                     l ? l : c->roles.v[i]);
        }
        printf("%-4lld ", (long long)c->id);
        cli_pad(c->name, 36);
        cli_pad(c->organisation, 30);
        printf("%s%s\n", roles,
               contact_is_stale(c, cli->now, stale_days)
                   ? cli_text(cli, "cli.stale_mark")
                   : "");
    } else {
        const struct conv_rule *r = rec;
        printf("%-4lld ", (long long)r->id);
        cli_pad(r->name, 28);
        printf("≤%s %s", severity_key(r->max_severity),
               r->enabled ? "" : "(off) ");
        for (size_t i = 0; i < r->summon_roles.n; i++) {
            const char *l = taxonomy_label(&taxonomy_contact_role,
                                           r->summon_roles.v[i], cli->lang);
            printf("%s%s", i ? "、" : "", l ? l : r->summon_roles.v[i]);
        }
        putchar('\n');
    }
}

static int list(struct cli *cli, const struct reg_cmd *k, struct store *s,
                bool stale_only)
{
    void *items = NULL;
    size_t n = 0;
    int stale = 0;
    enum kz_err err = app_registry_list(s, &cli->ctx, k->t, &items, &n);

    if (err != KZ_OK)
        return cli_fail(cli, err, NULL, NULL);
    int days =
        app_setting_int(s, "contact_stale_days", CONTACT_STALE_DAYS_DEFAULT);
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++) {
        const void *rec = (const char *)items + i * k->t->size;
        bool is_stale =
            k->t == &registry_contact && contact_is_stale(rec, cli->now, days);
        if (stale_only && !is_stale)
            continue;
        stale += is_stale;
        if (cli->json)
            json_array_append_new(a, k->t->to_json(rec));
        else
            print_record(cli, k, rec, days);
    }
    if (cli->json)
        cli_print_json(json_pack("{s:o}", "items", a));
    else
        json_decref(a);
    if (stale_only && !cli->json)
        printf("%s: %d (%d %s)\n", cli_text(cli, "cli.stale_count"), stale,
               days, cli_text(cli, "cli.days"));
    registry_free(k->t, items, n);
    /* `contacts check` fails when any entry needs checking. */
    return stale_only && stale > 0 ? 1 : 0;
}

static int show(struct cli *cli, const struct reg_cmd *k, struct store *s,
                int64_t id)
{
    void *rec = xcalloc(1, k->t->size);
    k->t->init(rec);
    enum kz_err err = app_registry_get(s, &cli->ctx, k->t, id, rec);
    int rc = 0;

    if (err != KZ_OK)
        rc = cli_fail(cli, err, NULL, NULL);
    else
        cli_print_json(k->t->to_json(rec));
    k->t->cleanup(rec);
    xfree(rec);
    return rc;
}

static int save(struct cli *cli, const struct reg_cmd *k, struct store *s,
                int64_t id, json_t *obj)
{
    struct kz_problems p;
    void *rec = xcalloc(1, k->t->size);
    int rc = 0;

    kz_problems_clear(&p);
    k->t->init(rec);
    enum kz_err err =
        app_registry_save(s, &cli->ctx, k->t, id, obj, -1, rec, &p);
    if (err != KZ_OK) {
        rc = cli_fail(cli, err, NULL, &p);
    } else if (cli->json) {
        cli_print_json(k->t->to_json(rec));
    } else {
        printf("%s %lld %s\n", k->name,
               (long long)((const struct asset *)rec)->id,
               cli_text(cli, id ? "cli.updated" : "cli.created"));
    }
    k->t->cleanup(rec);
    xfree(rec);
    return rc;
}

/* The outside bodies every organisation should be able to reach.  Only
 * names and roles: numbers and addresses are for the organisation to look
 * up and fill in (and verify), never invented here. */
static const struct {
    const char *name;
    const char *organisation;
    const char *role;
    const char *notes;
} template_rows[] = {
    {"都道府県警察 サイバー犯罪相談窓口", "警察", "police",
     "所轄の都道府県警察の相談窓口の電話番号を確認して記入する"},
    {"最寄りの警察署", "警察", "police",
     "紛失・盗難の届出先。所在地と電話番号を記入する"},
    {"JPCERT/CC インシデント対応依頼", "JPCERT/CC", "jpcert",
     "公式サイトの報告窓口（Webフォーム・メール）を確認して記入する"},
    {"IPA 情報セキュリティ安心相談窓口", "独立行政法人情報処理推進機構", "ipa",
     "公式サイトの相談窓口と届出先を確認して記入する"},
    {"個人情報保護委員会 漏えい等報告", "個人情報保護委員会", "ppc",
     "漏えい等報告はWebフォームから。公式サイトで最新の手順を確認する"},
    {"所管官庁の担当窓口", "所管官庁", "regulator",
     "業種ごとの所管官庁と報告先を確認して記入する"},
    {"クラウド事業者 サポート窓口", "", "cloud_vendor",
     "契約しているクラウド事業者の緊急連絡先と契約番号を記入する"},
    {"フォレンジック調査会社", "", "forensic_vendor",
     "事前に相談先を決め、連絡先と契約条件を記入する"},
    {"サイバー保険 事故受付", "", "insurer",
     "保険証券番号と事故受付の連絡先を記入する"},
    {"顧問弁護士", "", "lawyer", "連絡先と夜間・休日の連絡方法を記入する"},
};

static int contacts_template(struct cli *cli, struct store *s, bool import)
{
    int rc = 0;

    for (size_t i = 0;
         i < sizeof(template_rows) / sizeof(template_rows[0]) && rc == 0; i++) {
        json_t *o =
            json_pack("{s:s, s:s, s:[s], s:s}", "name", template_rows[i].name,
                      "organisation", template_rows[i].organisation, "roles",
                      template_rows[i].role, "notes", template_rows[i].notes);
        if (import) {
            rc = save(cli, &kinds[1], s, 0, o);
        } else {
            /* One JSON object a line: fill in, then `contacts add
             * --json-in -` each. */
            char *t = json_dumps(o, JSON_COMPACT);
            printf("%s\n", t);
            xfree(t);
        }
        json_decref(o);
    }
    return rc;
}

int cli_registry_main(struct cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {
        CLI_COMMON_OPTIONS,
        {"json-in", required_argument, NULL, CLI_OPT_FIRST_OWN},
        {"import", no_argument, NULL, CLI_OPT_FIRST_OWN + 1},
        {NULL, 0, NULL, 0},
    };
    const struct reg_cmd *k = NULL;
    const char *json_in = NULL;
    bool import = false;
    bool help = false;
    struct store *s = NULL;
    int c;

    for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
        if (strcmp(argv[0], kinds[i].name) == 0 ||
            (strcmp(argv[0], "contact") == 0 && i == 1))
            k = &kinds[i];
    }
    if (k == NULL || argc < 2)
        return cli_usage_error(cli, "cli.need_args", k ? k->usage_key : NULL);
    const char *verb = argv[1];
    optind = 2;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (c == CLI_OPT_FIRST_OWN) {
            json_in = optarg;
        } else if (c == CLI_OPT_FIRST_OWN + 1) {
            import = true;
        } else {
            int rc = cli_other_option(cli, c, optarg, &help, k->usage_key);
            if (rc >= 0)
                return rc;
        }
    }
    if (help || strcmp(verb, "help") == 0 || strcmp(verb, "--help") == 0) {
        cli_say(cli, k->usage_key);
        return 0;
    }
    enum kz_err err = cli_open_store(cli, STORE_OPEN_EXISTING, &s);
    if (err != KZ_OK)
        return kz_err_exit_code(err);
    int64_t id = 0;
    int rc;
    bool needs_id = strcmp(verb, "show") == 0 || strcmp(verb, "set") == 0 ||
                    strcmp(verb, "rm") == 0 || strcmp(verb, "verify") == 0;
    if (needs_id &&
        (optind >= argc || !cli_parse_int64(argv[optind], &id) || id < 1)) {
        store_close(s);
        return cli_usage_error(cli, "cli.need_id", k->usage_key);
    }
    if (strcmp(verb, "list") == 0) {
        rc = list(cli, k, s, false);
    } else if (strcmp(verb, "check") == 0 && k->t == &registry_contact) {
        rc = list(cli, k, s, true);
    } else if (strcmp(verb, "template") == 0 && k->t == &registry_contact) {
        rc = contacts_template(cli, s, import);
    } else if (strcmp(verb, "show") == 0) {
        rc = show(cli, k, s, id);
    } else if (strcmp(verb, "add") == 0 || strcmp(verb, "set") == 0 ||
               strcmp(verb, "verify") == 0) {
        json_t *obj;
        if (strcmp(verb, "verify") == 0) {
            char now[TIMEFMT_LEN];
            obj = json_pack("{s:s}", "last_verified_at",
                            timefmt_format(cli->now, now));
            rc = -1;
        } else {
            obj =
                fields_of(cli, argc, argv, optind + (id ? 1 : 0), json_in, &rc);
        }
        if (obj != NULL)
            rc = save(cli, k, s, id, obj);
        json_decref(obj);
    } else if (strcmp(verb, "rm") == 0) {
        err = app_registry_delete(s, &cli->ctx, k->t, id);
        rc = err == KZ_OK
                 ? 0
                 : cli_fail(cli, err, err == KZ_ECONFLICT ? "err.in_use" : NULL,
                            NULL);
    } else {
        rc = cli_usage_error(cli, "cli.unknown_command", k->usage_key);
    }
    store_close(s);
    return rc;
}
