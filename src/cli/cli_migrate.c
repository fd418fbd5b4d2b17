/* SPDX-License-Identifier: MIT */
/*
 * cli_migrate.c - `kizuki migrate --from SRC --to DST [--force]`: the
 * whole store copied into another database, SQLite to PostgreSQL or back
 * (app/migrate.c).  A line per table on stderr as it is copied.  Exit 0
 * when the target committed and verified; 1 when a count differs or the
 * target does not verify (rolled back) or the source does not exist; 2
 * for usage, the same database twice or a target holding rows without
 * --force; 3 when a database cannot be opened or written (an unreachable
 * PostgreSQL: libpq's reason on stderr) or its schema is not this
 * kizuki's.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/evidence.h"
#include "app/migrate.h"
#include "cli/cli.h"
#include "json/chronology_json.h"
#include "util/mem.h"
#include "util/numfmt.h"

/* 'db' for messages: a URI's password (user:password@) left out. */
static const char *shown(const char *db, char *out, size_t n)
{
    const char *scheme = strstr(db, "://");
    const char *at = scheme ? strchr(scheme + 3, '@') : NULL;
    const char *slash = scheme ? strchr(scheme + 3, '/') : NULL;

    snprintf(out, n, "%s", db);
    if (!store_is_postgres(db) || at == NULL || (slash != NULL && slash < at))
        return out;
    const char *colon = memchr(scheme + 3, ':', (size_t)(at - scheme - 3));
    if (colon != NULL)
        snprintf(out, n, "%.*s:***%s", (int)(colon - db), db, at);
    return out;
}

struct progress {
    struct cli *cli;
};

static void on_table(void *ctx, const char *table, int64_t rows)
{
    struct progress *p = ctx;
    char n[32];

    fprintf(stderr, "kizuki: %s %s: %s\n", cli_text(p->cli, "migrate.copied"),
            table, numfmt_grouped(rows, n, sizeof(n)));
}

static json_t *tables_json(const struct migrate_out *r)
{
    json_t *t = json_object();

    for (size_t i = 0; i < r->ntables; i++)
        if (r->tables[i].compared)
            json_object_set_new(t, r->tables[i].name,
                                json_pack("{s:I, s:I}", "source",
                                          (json_int_t)r->tables[i].source,
                                          "target",
                                          (json_int_t)r->tables[i].target));
    return t;
}

static const struct migrate_table *table_of(const struct migrate_out *r,
                                            const char *name)
{
    for (size_t i = 0; i < r->ntables; i++)
        if (strcmp(r->tables[i].name, name) == 0)
            return &r->tables[i];
    return NULL;
}

static int report_failure(struct cli *cli, enum kz_err err,
                          const struct migrate_out *r)
{
    const struct verify_result *v = &r->verify;
    const char *msg =
        cli_text(cli, r->msg_key ? r->msg_key : kz_err_msg_key(err));
    char what[1100];

    shown(r->what, what, sizeof(what));
    if (cli->json) {
        json_t *broken = json_array();
        for (size_t i = 0; i < v->nbroken; i++)
            json_array_append_new(
                broken, chron_break_to_json(&v->broken[i], cli->lang));
        cli_print_json(json_pack("{s:b, s:s, s:s, s:s, s:o, s:o}", "ok", 0,
                                 "code", kz_err_code(err), "message", msg,
                                 "what", what, "tables", tables_json(r),
                                 "broken", broken));
        return kz_err_exit_code(err);
    }
    fprintf(stderr, "%s: %s", cli_text(cli, "cli.error"), msg);
    if (what[0] != '\0')
        fprintf(stderr, " (%s)", what);
    fputc('\n', stderr);
    const struct migrate_table *t = table_of(r, r->what);
    if (t != NULL && err == KZ_EVERIFY) {
        char a[32], b[32];
        fprintf(stderr, "  %s %s, %s %s\n", cli_text(cli, "migrate.source"),
                numfmt_grouped(t->source, a, sizeof(a)),
                cli_text(cli, "migrate.target"),
                numfmt_grouped(t->target, b, sizeof(b)));
    }
    for (size_t i = 0; i < v->nbroken; i++) {
        const struct chron_break *b = &v->broken[i];
        fprintf(stderr, "  %s #%lld: %s\n    %s %s\n    %s %s\n", b->ref,
                (long long)b->seq, cli_text(cli, b->what_key),
                cli_text(cli, "verify.expected"), b->expected,
                cli_text(cli, "verify.found"), b->found);
    }
    if (err != KZ_EUSAGE && err != KZ_ECONFLICT && err != KZ_ENOTFOUND)
        fprintf(stderr, "  %s\n", cli_text(cli, "migrate.rolled_back"));
    return kz_err_exit_code(err);
}

static int64_t rows_of(const struct migrate_out *r, const char *name)
{
    const struct migrate_table *t = table_of(r, name);
    return t != NULL ? t->target : 0;
}

static void report_done(struct cli *cli, const char *from, const char *to,
                        const char *evidence_dir, const struct migrate_out *r)
{
    char f[1100], t[1100], a[32], b[32], c[32], d[32];

    shown(from, f, sizeof(f));
    shown(to, t, sizeof(t));
    if (cli->json) {
        cli_print_json(json_pack(
            "{s:b, s:s, s:s, s:i, s:o, s:{s:I, s:I}, s:s}", "ok", 1, "from", f,
            "to", t, "schema", r->schema, "tables", tables_json(r), "verify",
            "checked", (json_int_t)r->verify.checked, "incidents",
            (json_int_t)r->verify.incidents, "evidence_dir", evidence_dir));
        return;
    }
    printf("%s: %s -> %s (schema %d)\n", cli_text(cli, "migrate.done"), f, t,
           r->schema);
    printf("  %s: %s, %s: %s, %s: %s, %s: %s\n",
           cli_text(cli, "backup.incidents"),
           numfmt_grouped(rows_of(r, "incident"), a, sizeof(a)),
           cli_text(cli, "backup.chronology"),
           numfmt_grouped(rows_of(r, "chronology"), b, sizeof(b)),
           cli_text(cli, "backup.audit"),
           numfmt_grouped(rows_of(r, "audit"), c, sizeof(c)),
           cli_text(cli, "backup.items"),
           numfmt_grouped(rows_of(r, "evidence"), d, sizeof(d)));
    printf("  %s: %s %s, %s %s\n", cli_text(cli, "verify.ok"),
           numfmt_grouped(r->verify.checked, a, sizeof(a)),
           cli_text(cli, "verify.entries"),
           numfmt_grouped(r->verify.incidents, b, sizeof(b)),
           cli_text(cli, "verify.chains"));
    printf("  %s: %s\n", cli_text(cli, "migrate.evidence_stays"), evidence_dir);
    printf("  %s\n", cli_text(cli, "migrate.evidence_hint"));
}

int cli_migrate_main(struct cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {
        CLI_COMMON_OPTIONS,
        {"from", required_argument, NULL, CLI_OPT_FIRST_OWN},
        {"to", required_argument, NULL, CLI_OPT_FIRST_OWN + 1},
        {"force", no_argument, NULL, CLI_OPT_FIRST_OWN + 2},
        {NULL, 0, NULL, 0},
    };
    struct migrate_in in = {0};
    struct progress p = {cli};
    bool help = false;
    int c;

    optind = 1;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (c == CLI_OPT_FIRST_OWN) {
            in.from = optarg;
        } else if (c == CLI_OPT_FIRST_OWN + 1) {
            in.to = optarg;
        } else if (c == CLI_OPT_FIRST_OWN + 2) {
            in.force = true;
        } else {
            int rc =
                cli_other_option(cli, c, optarg, &help, "cli.usage.migrate");
            if (rc >= 0)
                return rc;
        }
    }
    if (help) {
        cli_say(cli, "cli.usage.migrate");
        return 0;
    }
    if (optind != argc)
        return cli_usage_error(cli, "cli.extra_args", "cli.usage.migrate");
    if (in.from == NULL || in.from[0] == '\0' || in.to == NULL ||
        in.to[0] == '\0')
        return cli_usage_error(cli, "cli.migrate_args", "cli.usage.migrate");
    /* The files stay where the source keeps them: its evidence directory
     * (--evidence-dir, $KIZUKI_EVIDENCE_DIR, else beside the source). */
    char dir[4096], abs[PATH_MAX];
    bool dir_ok = cli->evidence_dir != NULL
                      ? snprintf(dir, sizeof(dir), "%s", cli->evidence_dir) <
                            (int)sizeof(dir)
                      : app_evidence_dir(in.from, dir, sizeof(dir));
    if (!dir_ok)
        return cli_usage_error(cli, "cli.bad_evidence_dir", NULL);
    in.evidence_dir = realpath(dir, abs) != NULL ? abs : dir;
    in.progress = on_table;
    in.ctx = &p;
    struct migrate_out *r = xcalloc(1, sizeof(*r));
    enum kz_err err = app_migrate(&in, r);
    int rc = 0;
    if (err == KZ_OK)
        report_done(cli, in.from, in.to, in.evidence_dir, r);
    else
        rc = report_failure(cli, err, r);
    xfree(r);
    return rc;
}
