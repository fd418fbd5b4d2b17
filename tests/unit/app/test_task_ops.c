/* SPDX-License-Identifier: MIT */
/*
 * test_task_ops.c - the tasks of an incident (src/app/task_ops.c): who
 * sees and who changes them, tasks people add, finishing one written in
 * the chronology, versions, and a task asked for under the wrong
 * incident.
 */
#include "support/chron_text.h"
#include "support/test.h"

#include <string.h>

#include "app/incident_ops.h"
#include "app/task_ops.h"
#include "json/response_json.h"
#include "core/playbook.h"
#include "support/fixture.h"
#include "support/tempdb.h"
#include "util/mem.h"

#define NOW FIXTURE_NOW

static struct app_ctx as(enum role role, const char *name, kz_time now)
{
    struct app_ctx c = {{name, role}, "test", now, NULL};

    return c;
}

/* File the fixture's draft (misdirected e-mail) as 'ctx'; restricted or
 * not (OUT: ref). */
static void file(struct store *s, const struct app_ctx *ctx, bool restricted,
                 char *ref)
{
    struct incident inc;
    struct kz_problems p;

    fixture_draft(&inc, NOW);
    strv_cleanup(&inc.members);
    inc.restricted = restricted;
    kz_problems_clear(&p);
    assert_int_equal(app_incident_create(s, ctx, &inc, &p), KZ_OK);
    snprintf(ref, INCIDENT_REF_LEN, "%s", inc.ref);
    incident_cleanup(&inc);
}

static size_t steps(const char *category)
{
    struct playbook pb;
    size_t n;

    playbook_init(&pb);
    assert_true(playbook_default(category, &pb));
    n = pb.n;
    playbook_cleanup(&pb);
    return n;
}

static void test_list_follows_read_access(void **state)
{
    struct tempdb *t = *state;
    struct app_ctx admin = as(ROLE_ADMIN, "admin", NOW);
    struct app_ctx reporter = as(ROLE_REPORTER, "tanaka", NOW);
    struct app_ctx handler = as(ROLE_HANDLER, "yamada", NOW);
    char mine[INCIDENT_REF_LEN];
    char theirs[INCIDENT_REF_LEN];
    char secret[INCIDENT_REF_LEN];
    struct task_list l;

    file(t->s, &reporter, false, mine);
    file(t->s, &admin, false, theirs);
    file(t->s, &admin, true, secret);
    assert_int_equal(app_task_list(t->s, &reporter, mine, &l), KZ_OK);
    assert_int_equal(l.n, steps("misdirected_email"));
    for (size_t i = 1; i < l.n; i++)
        assert_true(l.items[i - 1].id < l.items[i].id);
    task_list_cleanup(&l);
    /* Reporters see only what they filed; need-to-know hides the rest. */
    assert_int_equal(app_task_list(t->s, &reporter, theirs, &l), KZ_ENOTFOUND);
    assert_int_equal(l.n, 0);
    assert_int_equal(app_task_list(t->s, &handler, theirs, &l), KZ_OK);
    task_list_cleanup(&l);
    assert_int_equal(app_task_list(t->s, &handler, secret, &l), KZ_ENOTFOUND);
    assert_int_equal(app_task_list(t->s, &admin, secret, &l), KZ_OK);
    task_list_cleanup(&l);
    assert_int_equal(app_task_list(t->s, &admin, "INC-2026-0099", &l),
                     KZ_ENOTFOUND);
}

/* POST and PATCH of a task: the codec's problems go with the patch. */
static enum kz_err add_json(struct store *s, const struct app_ctx *ctx,
                            const char *ref, const json_t *o, struct task *out,
                            struct kz_problems *p)
{
    struct task_patch in;

    task_patch_init(&in);
    (void)task_patch_from_json(o, &in, p);
    enum kz_err err = app_task_add(s, ctx, ref, &in, out, p);
    task_patch_cleanup(&in);
    return err;
}

static enum kz_err update_json(struct store *s, const struct app_ctx *ctx,
                               const char *ref, int64_t id, const json_t *o,
                               int64_t if_match, struct task *out,
                               struct kz_problems *p)
{
    struct task_patch in;

    task_patch_init(&in);
    (void)task_patch_from_json(o, &in, p);
    enum kz_err err = app_task_update(s, ctx, ref, id, &in, if_match, out, p);
    task_patch_cleanup(&in);
    return err;
}

static void test_people_add_tasks(void **state)
{
    struct tempdb *t = *state;
    struct app_ctx handler = as(ROLE_HANDLER, "yamada", NOW + 60);
    struct app_ctx reporter = as(ROLE_REPORTER, "tanaka", NOW + 60);
    struct app_ctx admin = as(ROLE_ADMIN, "admin", NOW);
    char ref[INCIDENT_REF_LEN];
    char secret[INCIDENT_REF_LEN];
    struct task out;
    struct kz_problems p;
    json_t *o = json_pack(
        "{s:s, s:s, s:s, s:s}", "title", "取引先に経緯を説明する", "owner",
        "営業部長", "due_at", "2026-11-23T17:00:00+09:00", "status", "done");

    file(t->s, &admin, false, ref);
    file(t->s, &admin, true, secret);
    int64_t tasks = tempdb_int(t, "SELECT count(*) FROM task");
    task_init(&out);
    kz_problems_clear(&p);
    assert_int_equal(add_json(t->s, &handler, ref, o, &out, &p), KZ_OK);
    assert_true(out.id > 0);
    assert_int_equal(out.phase, PHASE_TRIAGE); /* unless given */
    assert_string_equal(out.title, "取引先に経緯を説明する");
    assert_int_equal(out.due_at, fixture_time("2026-11-23T17:00:00+09:00"));
    assert_int_equal(out.status, TASK_OPEN); /* a new task is open */
    assert_string_equal(out.source, "manual");
    assert_int_equal(out.created_at, NOW + 60);
    assert_int_equal(tempdb_int(t, "SELECT count(*) FROM audit WHERE action ="
                                   " 'task.create' AND actor = 'yamada'"),
                     1);

    /* Refused: a reporter, even on what they filed (someone else's is
     * not even there for them); a hidden incident; a bad task. */
    char own[INCIDENT_REF_LEN];
    file(t->s, &reporter, false, own);
    tasks = tempdb_int(t, "SELECT count(*) FROM task");
    kz_problems_clear(&p);
    assert_int_equal(add_json(t->s, &reporter, own, o, &out, &p), KZ_EFORBID);
    assert_int_equal(add_json(t->s, &reporter, ref, o, &out, &p), KZ_ENOTFOUND);
    assert_int_equal(add_json(t->s, &handler, secret, o, &out, &p),
                     KZ_ENOTFOUND);
    json_t *bad = json_pack("{s:s, s:s, s:i}", "title", "", "phase", "someday",
                            "urgency", 1);
    kz_problems_clear(&p);
    assert_int_equal(add_json(t->s, &handler, ref, bad, &out, &p), KZ_EINVAL);
    assert_problem(&p, "title", "v.required");
    assert_problem(&p, "phase", "v.unknown_key");
    assert_problem(&p, "urgency", "v.unknown_field");
    assert_int_equal(tempdb_int(t, "SELECT count(*) FROM task"), tasks);
    assert_int_equal(store_depth(t->s), 0);
    json_decref(bad);
    json_decref(o);
    task_cleanup(&out);
}

static void test_finishing_a_task_is_in_the_chronology(void **state)
{
    struct tempdb *t = *state;
    struct app_ctx admin = as(ROLE_ADMIN, "admin", NOW);
    struct app_ctx handler = as(ROLE_HANDLER, "yamada", NOW + 600);
    char ref[INCIDENT_REF_LEN];
    struct task_list l;
    struct task out;
    struct kz_problems p;
    struct chron_list cl;
    struct incident inc;
    json_t *done = json_pack("{s:s}", "status", "done");
    json_t *skip = json_pack("{s:s, s:s}", "status", "skipped", "reason",
                             "貸与端末ではないため");
    json_t *bare_skip = json_pack("{s:s}", "status", "skipped");
    json_t *reopen = json_pack("{s:s, s:s}", "status", "open", "owner", "佐藤");

    file(t->s, &admin, false, ref);
    assert_int_equal(app_task_list(t->s, &admin, ref, &l), KZ_OK);
    int64_t id = l.items[0].id;
    char *title = xstrdup(l.items[0].title);
    task_list_cleanup(&l);
    incident_init(&inc);
    assert_int_equal(store_incident_get(t->s, ref, &inc), KZ_OK);
    int64_t entries = tempdb_int(t, "SELECT count(*) FROM chronology");

    task_init(&out);
    kz_problems_clear(&p);
    assert_int_equal(update_json(t->s, &handler, ref, id, done, 1, &out, &p),
                     KZ_OK);
    assert_int_equal(out.status, TASK_DONE);
    assert_int_equal(out.done_at, NOW + 600);
    assert_string_equal(out.done_by, "yamada");
    assert_int_equal(out.version, 2);
    assert_int_equal(store_chron_list(t->s, inc.id, &cl), KZ_OK);
    const struct chron_entry *e = &cl.items[cl.n - 1];
    assert_int_equal(e->kind, ENTRY_ACTION);
    assert_string_equal(e->actor, "yamada");
    assert_int_equal(e->at, NOW + 600);
    char want[600];
    snprintf(want, sizeof(want), "タスク完了: %s", title);
    assert_string_equal(chron_ja(e->body), want);
    chron_list_cleanup(&cl);

    /* A stale version is a conflict and writes nothing. */
    assert_int_equal(update_json(t->s, &handler, ref, id, skip, 1, &out, &p),
                     KZ_ECONFLICT);
    assert_int_equal(tempdb_int(t, "SELECT count(*) FROM chronology"),
                     entries + 1);

    /* Reopened: the done marks go; no entry for reopening. */
    assert_int_equal(update_json(t->s, &handler, ref, id, reopen, -1, &out, &p),
                     KZ_OK);
    assert_int_equal(out.status, TASK_OPEN);
    assert_true(out.done_at == KZ_TIME_NONE);
    assert_null(out.done_by);
    assert_string_equal(out.owner, "佐藤");
    assert_int_equal(tempdb_int(t, "SELECT count(*) FROM chronology"),
                     entries + 1);
    /* Waived without a reason: refused, naming the reason, and nothing
     * written (issue 9 item 17). */
    kz_problems_clear(&p);
    assert_int_equal(
        update_json(t->s, &handler, ref, id, bare_skip, 3, &out, &p),
        KZ_EINVAL);
    assert_non_null(kz_problems_find(&p, "reason"));
    assert_string_equal(kz_problems_find(&p, "reason")->msg_key,
                        "v.skip_reason");
    assert_int_equal(tempdb_int(t, "SELECT count(*) FROM task WHERE status ="
                                   " 'skipped'"),
                     0);
    /* Skipped: "not applicable" in the chronology, with the reason. */
    kz_problems_clear(&p);
    assert_int_equal(update_json(t->s, &handler, ref, id, skip, 3, &out, &p),
                     KZ_OK);
    assert_string_equal(out.skip_reason, "貸与端末ではないため");
    assert_int_equal(store_chron_list(t->s, inc.id, &cl), KZ_OK);
    snprintf(want, sizeof(want),
             "タスク対象外: %s（理由: 貸与端末ではないため）", title);
    assert_string_equal(chron_ja(cl.items[cl.n - 1].body), want);
    chron_list_cleanup(&cl);
    /* The reason is kept with the task, and goes when it is reopened. */
    struct task back;
    task_init(&back);
    assert_int_equal(store_task_get(t->s, id, &back), KZ_OK);
    assert_string_equal(back.skip_reason, "貸与端末ではないため");
    assert_int_equal(
        update_json(t->s, &handler, ref, id, reopen, -1, &back, &p), KZ_OK);
    assert_null(back.skip_reason);
    task_cleanup(&back);
    assert_int_equal(tempdb_int(t, "SELECT count(*) FROM audit WHERE action ="
                                   " 'task.update'"),
                     4);
    incident_cleanup(&inc);
    xfree(title);
    task_cleanup(&out);
    json_decref(done);
    json_decref(skip);
    json_decref(bare_skip);
    json_decref(reopen);
}

static void test_update_is_checked(void **state)
{
    struct tempdb *t = *state;
    struct app_ctx admin = as(ROLE_ADMIN, "admin", NOW);
    struct app_ctx reporter = as(ROLE_REPORTER, "tanaka", NOW);
    char a[INCIDENT_REF_LEN];
    char b[INCIDENT_REF_LEN];
    struct task_list l;
    struct task out;
    struct kz_problems p;
    json_t *done = json_pack("{s:s}", "status", "done");
    json_t *bad = json_pack("{s:s, s:s}", "status", "finished", "title", "");

    file(t->s, &reporter, false, a);
    file(t->s, &admin, false, b);
    assert_int_equal(app_task_list(t->s, &admin, a, &l), KZ_OK);
    int64_t id = l.items[0].id;
    task_list_cleanup(&l);
    int64_t entries = tempdb_int(t, "SELECT count(*) FROM chronology");
    task_init(&out);
    kz_problems_clear(&p);
    /* Under another incident's reference it is not found. */
    assert_int_equal(update_json(t->s, &admin, b, id, done, -1, &out, &p),
                     KZ_ENOTFOUND);
    assert_int_equal(update_json(t->s, &admin, a, 99999, done, -1, &out, &p),
                     KZ_ENOTFOUND);
    /* The reporter may read the task, not change it. */
    assert_int_equal(update_json(t->s, &reporter, a, id, done, -1, &out, &p),
                     KZ_EFORBID);
    kz_problems_clear(&p);
    assert_int_equal(update_json(t->s, &admin, a, id, bad, -1, &out, &p),
                     KZ_EINVAL);
    assert_problem(&p, "status", "v.unknown_key");
    assert_problem(&p, "title", "v.required");
    assert_int_equal(tempdb_int(t, "SELECT count(*) FROM chronology"), entries);
    assert_int_equal(
        tempdb_int(t, "SELECT count(*) FROM task WHERE status != 'open'"), 0);
    assert_int_equal(store_depth(t->s), 0);
    task_cleanup(&out);
    json_decref(done);
    json_decref(bad);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, tempdb_setup, tempdb_teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_list_follows_read_access),
        T(test_people_add_tasks),
        T(test_finishing_a_task_is_in_the_chronology),
        T(test_update_is_checked),
    };

    return cmocka_run_group_tests(tests, fixture_group_setup, NULL);
}
