/* SPDX-License-Identifier: MIT */
/*
 * cli_task.c - `kizuki task list REF`, `kizuki task done REF ID`,
 * `kizuki task add REF TITLE [--phase P]` and `kizuki playbook show
 * CATEGORY`: the playbook's checklist as work, overdue tasks marked.
 */
#include <stdio.h>
#include <string.h>

#include "app/registry.h"
#include "app/task_ops.h"
#include "cli/cli.h"
#include "core/taxonomy.h"
#include "json/response_json.h"
#include "util/mem.h"

static void print_task(struct cli *cli, const struct task *t)
{
    char due[TIMEFMT_LEN] = "-";

    if (t->due_at != KZ_TIME_NONE)
        timefmt_format_short(t->due_at, due);
    printf("%-5lld ", (long long)t->id);
    cli_pad(taxonomy_label(&taxonomy_task_status, task_status_key(t->status),
                           cli->lang),
            10);
    printf("%s%-17s ", t->first_aid ? "★" : " ", due);
    cli_pad(t->owner ? t->owner : "-", 14);
    printf("%s%s\n", t->title,
           task_is_overdue(t, cli->now) ? cli_text(cli, "cli.overdue_mark")
                                        : "");
}

static int task_list(struct cli *cli, struct store *s, const char *ref)
{
    struct task_list l = {0};
    enum kz_err err = app_task_list(s, &cli->ctx, ref, &l);

    /* Steps of a playbook in the language of --lang. */
    if (err == KZ_OK)
        err = app_task_titles(s, &l, cli->lang);
    if (err != KZ_OK)
        return cli_fail(cli, err,
                        err == KZ_ENOTFOUND ? "cli.no_incident" : NULL, NULL);
    json_t *a = json_array();
    for (size_t i = 0; i < l.n; i++) {
        if (cli->json)
            json_array_append_new(a, task_to_json(&l.items[i], cli->now));
        else
            print_task(cli, &l.items[i]);
    }
    if (cli->json)
        cli_print_json(json_pack("{s:s, s:o}", "ref", ref, "items", a));
    else
        json_decref(a);
    task_list_cleanup(&l);
    return 0;
}

/* Add (id 0) or change task 'id' of 'ref' by 'patch'; 'p' holds the
 * problems of reading the command line, reported with core's. */
static int task_save(struct cli *cli, struct store *s, const char *ref,
                     int64_t id, const struct task_patch *patch,
                     struct kz_problems *p)
{
    struct task t;
    enum kz_err err;

    task_init(&t);
    err = id ? app_task_update(s, &cli->ctx, ref, id, patch, -1, &t, p)
             : app_task_add(s, &cli->ctx, ref, patch, &t, p);
    int rc = 0;
    if (err != KZ_OK)
        rc = cli_fail(cli, err, NULL, p);
    else if (cli->json)
        cli_print_json(task_to_json(&t, cli->now));
    else
        print_task(cli, &t);
    task_cleanup(&t);
    return rc;
}

int cli_task_main(struct cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {
        CLI_COMMON_OPTIONS,
        {"phase", required_argument, NULL, CLI_OPT_FIRST_OWN},
        {"owner", required_argument, NULL, CLI_OPT_FIRST_OWN + 1},
        {"reason", required_argument, NULL, CLI_OPT_FIRST_OWN + 2},
        {NULL, 0, NULL, 0},
    };
    const char *phase = NULL;
    const char *owner = NULL;
    const char *reason = NULL;
    bool help = false;
    struct store *s = NULL;
    int c;

    if (argc < 2)
        return cli_usage_error(cli, "cli.need_args", "cli.usage.task");
    const char *verb = argv[1];
    optind = 2;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (c == CLI_OPT_FIRST_OWN) {
            phase = optarg;
        } else if (c == CLI_OPT_FIRST_OWN + 1) {
            owner = optarg;
        } else if (c == CLI_OPT_FIRST_OWN + 2) {
            reason = optarg;
        } else {
            int rc = cli_other_option(cli, c, optarg, &help, "cli.usage.task");
            if (rc >= 0)
                return rc;
        }
    }
    if (help || strcmp(verb, "help") == 0) {
        cli_say(cli, "cli.usage.task");
        return 0;
    }
    if (optind >= argc)
        return cli_usage_error(cli, "cli.need_args", "cli.usage.task");
    const char *ref = argv[optind];
    int rc = cli_check_ref(cli, ref);
    if (rc >= 0)
        return rc;
    enum kz_err err = cli_open_store(cli, STORE_OPEN_EXISTING, &s);
    if (err != KZ_OK)
        return kz_err_exit_code(err);
    int64_t id = 0;
    if (strcmp(verb, "list") == 0) {
        rc = task_list(cli, s, ref);
    } else if ((strcmp(verb, "done") == 0 || strcmp(verb, "skip") == 0 ||
                strcmp(verb, "reopen") == 0) &&
               optind + 1 < argc && cli_parse_int64(argv[optind + 1], &id)) {
        struct task_patch patch;
        struct kz_problems p;
        task_patch_init(&patch);
        kz_problems_clear(&p);
        patch.has_status = true;
        patch.status = strcmp(verb, "done") == 0   ? TASK_DONE
                       : strcmp(verb, "skip") == 0 ? TASK_SKIPPED
                                                   : TASK_OPEN;
        patch.has_owner = owner != NULL;
        patch.owner = owner ? xstrdup(owner) : NULL;
        /* A waiver says why (checked by app_task_update). */
        patch.has_reason = reason != NULL;
        patch.reason = reason ? xstrdup(reason) : NULL;
        rc = task_save(cli, s, ref, id, &patch, &p);
        task_patch_cleanup(&patch);
    } else if (strcmp(verb, "add") == 0 && optind + 1 < argc) {
        struct task_patch patch;
        struct kz_problems p;
        task_patch_init(&patch);
        kz_problems_clear(&p);
        patch.has_title = true;
        patch.title = xstrdup(argv[optind + 1]);
        patch.has_phase =
            phase_from_key(phase ? phase : "triage", &patch.phase);
        if (!patch.has_phase)
            kz_problems_add(&p, "phase", "v.unknown_key");
        patch.has_owner = owner != NULL;
        patch.owner = owner ? xstrdup(owner) : NULL;
        rc = task_save(cli, s, ref, 0, &patch, &p);
        task_patch_cleanup(&patch);
    } else {
        rc = cli_usage_error(cli, "cli.need_args", "cli.usage.task");
    }
    store_close(s);
    return rc;
}

int cli_playbook_main(struct cli *cli, int argc, char **argv)
{
    struct playbook pb;
    struct store *s = NULL;
    bool custom = false;
    bool help = false;
    static const struct option opts[] = {CLI_COMMON_OPTIONS,
                                         {NULL, 0, NULL, 0}};
    int c;

    optind = 2;
    while (argc >= 2 && (c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        int rc = cli_other_option(cli, c, optarg, &help, "cli.usage.playbook");
        if (rc >= 0)
            return rc;
    }
    if (help || argc < 3 || strcmp(argv[1], "show") != 0) {
        cli_say(cli, "cli.usage.playbook");
        return help ? 0 : 2;
    }
    if (!taxonomy_has(&taxonomy_category, argv[optind]))
        return cli_usage_error(cli, "v.unknown_key", "cli.usage.playbook");
    enum kz_err err = cli_open_store(cli, STORE_OPEN_EXISTING, &s);
    if (err != KZ_OK)
        return kz_err_exit_code(err);
    playbook_init(&pb);
    err = app_playbook_get(s, argv[optind], &pb, &custom);
    store_close(s);
    if (err != KZ_OK) {
        playbook_cleanup(&pb);
        return cli_fail(cli, err, NULL, NULL);
    }
    if (cli->json) {
        json_t *j = playbook_to_json(&pb);
        json_object_set_new(j, "custom", json_boolean(custom));
        cli_print_json(j);
    } else {
        for (size_t i = 0; i < pb.n; i++) {
            const struct playbook_step *st = &pb.steps[i];
            printf("%-22s %s %4dh  %s\n",
                   taxonomy_label(&taxonomy_phase, phase_key(st->phase),
                                  cli->lang),
                   st->first_aid ? "★" : " ", st->due_hours,
                   cli->lang == LANG_EN ? st->title_en : st->title_ja);
        }
    }
    playbook_cleanup(&pb);
    return 0;
}
