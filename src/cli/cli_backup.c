/* SPDX-License-Identifier: MIT */
/*
 * cli_backup.c - `kizuki backup --to FILE [--force]`: a verified copy of
 * the running store and its evidence files (app/backup.c).  Exit 0 with
 * what was copied; 1 when the copy does not verify (nothing is written);
 * 2 for usage, an existing FILE without --force, or a PostgreSQL address
 * (pg_dump and pg_basebackup back PostgreSQL up, docs/deploy.md); 3 when
 * the database cannot be read or FILE cannot be written.
 */
#include <stdio.h>
#include <string.h>

#include "app/backup.h"
#include "cli/cli.h"
#include "json/chronology_json.h"
#include "util/mem.h"
#include "util/numfmt.h"

/* The refusal of a backup: the message, the path it concerns, and the
 * breaks of a copy that did not verify. */
static int report_failure(struct cli *cli, enum kz_err err,
                          const struct backup_result *r)
{
    const struct verify_result *v = &r->verify;

    if (cli->json) {
        json_t *broken = json_array();
        for (size_t i = 0; i < v->nbroken; i++)
            json_array_append_new(
                broken, chron_break_to_json(&v->broken[i], cli->lang));
        json_t *j = json_pack(
            "{s:b, s:s, s:s, s:s, s:s, s:o}", "ok", 0, "code", kz_err_code(err),
            "message",
            cli_text(cli, r->msg_key ? r->msg_key : kz_err_msg_key(err)),
            "path", r->path, "problem", r->db.problem, "broken", broken);
        cli_print_json(j);
        return kz_err_exit_code(err);
    }
    fprintf(stderr, "%s: %s", cli_text(cli, "cli.error"),
            cli_text(cli, r->msg_key ? r->msg_key : kz_err_msg_key(err)));
    if (r->path[0] != '\0')
        fprintf(stderr, " (%s)", r->path);
    fputc('\n', stderr);
    if (r->db.problem[0] != '\0')
        fprintf(stderr, "  %s\n", r->db.problem);
    for (size_t i = 0; i < v->nbroken; i++) {
        const struct chron_break *b = &v->broken[i];
        fprintf(stderr, "  %s #%lld: %s\n    %s %s\n    %s %s\n", b->ref,
                (long long)b->seq, cli_text(cli, b->what_key),
                cli_text(cli, "verify.expected"), b->expected,
                cli_text(cli, "verify.found"), b->found);
    }
    return kz_err_exit_code(err);
}

static void report_done(struct cli *cli, const char *dest,
                        const struct backup_result *r)
{
    char a[32], b[32], c[32], d[32];

    if (cli->json) {
        cli_print_json(json_pack(
            "{s:b, s:s, s:I, s:I, s:I, s:I, s:I, s:I, s:{s:s, s:I, s:I, s:I, "
            "s:I}}",
            "ok", 1, "file", dest, "bytes", (json_int_t)r->db.bytes, "pages",
            (json_int_t)r->db.pages, "incidents", (json_int_t)r->db.incidents,
            "chronology_entries", (json_int_t)r->db.chronology, "audit_entries",
            (json_int_t)r->db.audit, "evidence_items",
            (json_int_t)r->db.evidence, "evidence", "dir", r->evidence_dir,
            "files", (json_int_t)r->evidence_files, "bytes",
            (json_int_t)r->evidence_bytes, "linked",
            (json_int_t)r->evidence_linked, "copied",
            (json_int_t)(r->evidence_files - r->evidence_linked)));
        return;
    }
    printf("%s\n", cli_text(cli, "backup.done"));
    printf("  %s: %s (%s %s)\n", cli_text(cli, "backup.file"), dest,
           numfmt_grouped(r->db.bytes, a, sizeof(a)),
           cli_text(cli, "backup.bytes"));
    printf("  %s: %s, %s: %s, %s: %s, %s: %s\n",
           cli_text(cli, "backup.incidents"),
           numfmt_grouped(r->db.incidents, a, sizeof(a)),
           cli_text(cli, "backup.chronology"),
           numfmt_grouped(r->db.chronology, b, sizeof(b)),
           cli_text(cli, "backup.audit"),
           numfmt_grouped(r->db.audit, c, sizeof(c)),
           cli_text(cli, "backup.items"),
           numfmt_grouped(r->db.evidence, d, sizeof(d)));
    printf(
        "  %s: %s/ (%s %s, %s %s; %s %s, %s %s)\n",
        cli_text(cli, "backup.evidence"), r->evidence_dir,
        numfmt_grouped(r->evidence_files, a, sizeof(a)),
        cli_text(cli, "backup.files"),
        numfmt_grouped(r->evidence_bytes, b, sizeof(b)),
        cli_text(cli, "backup.bytes"), cli_text(cli, "backup.linked"),
        numfmt_grouped(r->evidence_linked, c, sizeof(c)),
        cli_text(cli, "backup.copied"),
        numfmt_grouped(r->evidence_files - r->evidence_linked, d, sizeof(d)));
    printf("  %s\n", cli_text(cli, "backup.checked"));
    printf("  %s\n", cli_text(cli, "backup.restore_hint"));
}

int cli_backup_main(struct cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {
        CLI_COMMON_OPTIONS,
        {"to", required_argument, NULL, CLI_OPT_FIRST_OWN},
        {"force", no_argument, NULL, CLI_OPT_FIRST_OWN + 1},
        {NULL, 0, NULL, 0},
    };
    const char *dest = NULL;
    bool force = false;
    bool help = false;
    struct store *s = NULL;
    int c;

    optind = 1;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (c == CLI_OPT_FIRST_OWN) {
            dest = optarg;
        } else if (c == CLI_OPT_FIRST_OWN + 1) {
            force = true;
        } else {
            int rc =
                cli_other_option(cli, c, optarg, &help, "cli.usage.backup");
            if (rc >= 0)
                return rc;
        }
    }
    if (help) {
        cli_say(cli, "cli.usage.backup");
        return 0;
    }
    if (optind != argc)
        return cli_usage_error(cli, "cli.extra_args", "cli.usage.backup");
    /* Before --to: whatever FILE is, this is not the tool for it. */
    if (store_is_postgres(cli->db))
        return cli_fail(cli, KZ_EUSAGE, "backup.postgres", NULL);
    if (dest == NULL || dest[0] == '\0')
        return cli_usage_error(cli, "cli.backup_to", "cli.usage.backup");
    enum kz_err err = cli_open_store(cli, STORE_OPEN_EXISTING, &s);
    if (err != KZ_OK)
        return kz_err_exit_code(err);
    struct backup_result *r = xcalloc(1, sizeof(*r));
    err = app_backup(s, cli->db, dest, force, r);
    store_close(s);
    int rc = 0;
    if (err == KZ_OK)
        report_done(cli, dest, r);
    else
        rc = report_failure(cli, err, r);
    xfree(r);
    return rc;
}
