/* SPDX-License-Identifier: MIT */
/*
 * test_search_template.c - a playbook task's title is indexed once, as a
 * template, and found in every incident whose task still has it
 * (0018_search_cost.sql, sqlite_search.c): by the search with its title
 * as the snippet, by the list's q, never through an incident its reader
 * may not see, no longer once a person changed the title, and also for
 * tasks that a database of 0017 had indexed one by one.
 */
#include "support/test.h"

#include <stdio.h>
#include <string.h>

#include "core/search_query.h"
#include "store/store.h"
#include "support/fixture.h"
#include "support/tempdb.h"
#include "util/buf.h"
#include "util/mem.h"

#define NOW FIXTURE_NOW
#define PLAYBOOK "playbook:misdirected_email"

static int64_t add(struct store *s, const char *ref, const char *title,
                   bool restricted)
{
    struct incident inc;

    fixture_draft(&inc, NOW);
    snprintf(inc.ref, sizeof(inc.ref), "%s", ref);
    xstrset(&inc.title, title);
    xstrset(&inc.description, NULL);
    inc.version = 1;
    inc.created_at = NOW;
    inc.updated_at = NOW;
    inc.phase_times[PHASE_REPORTED] = inc.reported_at;
    inc.restricted = restricted;
    if (restricted) {
        strv_cleanup(&inc.members);
        strv_push(&inc.members, "alice");
    }
    assert_int_equal(store_begin(s), KZ_OK);
    assert_int_equal(store_incident_insert(s, &inc), KZ_OK);
    assert_int_equal(store_commit(s), KZ_OK);
    int64_t id = inc.id;
    incident_cleanup(&inc);
    return id;
}

/* A task of incident 'id' from 'source' (OUT: *t, the caller's). */
static void add_task(struct store *s, int64_t id, const char *title,
                     const char *source, struct task *t)
{
    task_init(t);
    t->incident_id = id;
    t->phase = PHASE_CONTAINMENT;
    xstrset(&t->title, title);
    xstrset(&t->source, source);
    t->version = 1;
    t->created_at = NOW;
    assert_int_equal(store_begin(s), KZ_OK);
    assert_int_equal(store_task_insert(s, t), KZ_OK);
    assert_int_equal(store_commit(s), KZ_OK);
}

/* What a new incident gets from its playbook: the steps' tasks, in the
 * transaction of the incident (as app_incident_create does). */
static int64_t add_with_playbook(struct store *s, const char *ref,
                                 const char *title, bool restricted)
{
    static const char *const steps[] = {"送信済みメールの回収を依頼する",
                                        "顧客へ通知する", "再発防止策を決める"};
    struct incident inc;

    fixture_draft(&inc, NOW);
    snprintf(inc.ref, sizeof(inc.ref), "%s", ref);
    xstrset(&inc.title, title);
    xstrset(&inc.description, NULL);
    inc.version = 1;
    inc.created_at = NOW;
    inc.updated_at = NOW;
    inc.phase_times[PHASE_REPORTED] = inc.reported_at;
    inc.restricted = restricted;
    if (restricted) {
        strv_cleanup(&inc.members);
        strv_push(&inc.members, "alice");
    }
    assert_int_equal(store_begin(s), KZ_OK);
    assert_int_equal(store_incident_insert(s, &inc), KZ_OK);
    for (size_t i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
        struct task t;
        task_init(&t);
        t.incident_id = inc.id;
        t.phase = PHASE_CONTAINMENT;
        xstrset(&t.title, steps[i]);
        xstrset(&t.source, PLAYBOOK);
        t.version = 1;
        t.created_at = NOW;
        assert_int_equal(store_task_insert(s, &t), KZ_OK);
        task_cleanup(&t);
    }
    assert_int_equal(store_commit(s), KZ_OK);
    int64_t id = inc.id;
    incident_cleanup(&inc);
    return id;
}

/* The refs 'text' finds for 'viewer' (NULL: the local operator), with
 * each matching document as kind=highlighted text:
 * "INC-2026-0001[task=通知]". */
static char *found(struct store *s, const char *text, const char *viewer)
{
    struct search_query q;
    struct incident_filter f;
    struct search_hits h;
    struct buf b;
    const char *why = NULL;

    search_query_init(&q);
    assert_int_equal(search_query_parse(text, &q, &why), KZ_OK);
    incident_filter_init(&f);
    f.viewer = viewer;
    f.limit = 50;
    assert_int_equal(store_search(s, &q, &f, &h), KZ_OK);
    buf_init(&b, 1 << 16);
    for (size_t i = 0; i < h.n; i++) {
        assert_int_equal(
            buf_printf(&b, "%s%s[", i ? " " : "", h.items[i].inc.ref), KZ_OK);
        for (size_t j = 0; j < h.items[i].n; j++) {
            const struct search_match *m = &h.items[i].matches[j];
            assert_true(m->n > 0);
            assert_true(m->ranges[0][1] <= strlen(m->body));
            assert_int_equal(
                buf_printf(&b, "%s%s=%.*s", j ? "," : "", m->kind,
                           (int)(m->ranges[0][1] - m->ranges[0][0]),
                           m->body + m->ranges[0][0]),
                KZ_OK);
        }
        assert_int_equal(buf_puts(&b, "]"), KZ_OK);
    }
    search_hits_cleanup(&h);
    search_query_cleanup(&q);
    char *out = buf_take(&b);
    return out ? out : xstrdup("");
}

#define assert_found(s, text, viewer, want)                                    \
    do {                                                                       \
        char *got_ = found(s, text, viewer);                                   \
        assert_string_equal(got_, want);                                       \
        xfree(got_);                                                           \
    } while (0)

/* The refs the list's q selects: "INC-2026-0002 INC-2026-0001". */
static char *listed(struct store *s, const char *text)
{
    struct search_query q;
    struct incident_filter f;
    struct incident_list l;
    struct buf b;
    const char *why = NULL;

    search_query_init(&q);
    assert_int_equal(search_query_parse(text, &q, &why), KZ_OK);
    incident_filter_init(&f);
    f.q = text;
    f.search = &q;
    f.limit = 50;
    assert_int_equal(store_incident_list(s, &f, &l), KZ_OK);
    buf_init(&b, 1 << 16);
    for (size_t i = 0; i < l.n; i++)
        assert_int_equal(buf_printf(&b, "%s%s", i ? " " : "", l.items[i].ref),
                         KZ_OK);
    incident_list_cleanup(&l);
    search_query_cleanup(&q);
    char *out = buf_take(&b);
    return out ? out : xstrdup("");
}

static void test_template_title_found_in_every_incident(void **state)
{
    struct tempdb *t = *state;

    add_with_playbook(t->s, "INC-2026-0001", "一件目", false);
    add_with_playbook(t->s, "INC-2026-0002", "二件目", false);
    add(t->s, "INC-2026-0003", "手順のない事案", false);
    assert_found(t->s, "通知", NULL,
                 "INC-2026-0002[task=通知] INC-2026-0001[task=通知]");
    assert_found(t->s, "顧客 通知", NULL,
                 "INC-2026-0002[task=顧客] INC-2026-0001[task=顧客]");
    assert_found(t->s, "\"へ通知\"", NULL,
                 "INC-2026-0002[task=へ通] INC-2026-0001[task=へ通]");
    /* two templates of one incident: two matches */
    assert_found(t->s, "する", NULL,
                 "INC-2026-0002[task=する,task=する]"
                 " INC-2026-0001[task=する,task=する]");
    /* AND stays within one task title, as with a document per task */
    assert_found(t->s, "回収 顧客", NULL, "");
    assert_found(t->s, "一件目 通知", NULL, "");
    /* the words with the incident's own documents */
    assert_found(t->s, "件目", NULL,
                 "INC-2026-0002[title=件目] INC-2026-0001[title=件目]");
    char *l = listed(t->s, "通知");
    assert_string_equal(l, "INC-2026-0002 INC-2026-0001");
    xfree(l);
    /* SQL: each title is indexed once, whatever the number of incidents;
     * each incident has one document naming them */
    assert_int_equal(tempdb_int(t, "SELECT count(*) FROM search_template"), 3);
    assert_int_equal(
        tempdb_int(t, "SELECT count(*) FROM search_doc WHERE kind = 'task'"),
        0);
    assert_int_equal(
        tempdb_int(t, "SELECT count(*) FROM search_doc WHERE kind = 'tasks'"),
        2);
    assert_int_equal(tempdb_int(t, "SELECT count(*) FROM search_tasks_dirty"),
                     0);
}

static void test_changed_title_is_the_tasks_own(void **state)
{
    struct tempdb *t = *state;
    int64_t id = add_with_playbook(t->s, "INC-2026-0001", "一件目", false);
    struct task_list tl;

    add_with_playbook(t->s, "INC-2026-0002", "二件目", false);
    assert_int_equal(store_task_list(t->s, id, 0, &tl), KZ_OK);
    assert_int_equal(tl.n, 3);
    struct task *task = &tl.items[1];
    assert_string_equal(task->title, "顧客へ通知する");
    xstrset(&task->title, "顧客へ郵送する");
    assert_int_equal(store_begin(t->s), KZ_OK);
    assert_int_equal(store_task_update(t->s, task, task->version), KZ_OK);
    assert_int_equal(store_commit(t->s), KZ_OK);
    task_list_cleanup(&tl);
    assert_found(t->s, "通知", NULL, "INC-2026-0002[task=通知]");
    assert_found(t->s, "郵送", NULL, "INC-2026-0001[task=郵送]");
    assert_found(t->s, "顧客", NULL,
                 "INC-2026-0002[task=顧客] INC-2026-0001[task=顧客]");
    /* the other steps of that incident are still found */
    assert_found(t->s, "回収", NULL,
                 "INC-2026-0002[task=回収] INC-2026-0001[task=回収]");
    /* a task added by hand has its own document */
    struct task manual;
    add_task(t->s, id, "ログを保全する", "manual", &manual);
    task_cleanup(&manual);
    assert_found(t->s, "保全", NULL, "INC-2026-0001[task=保全]");
}

static void test_template_respects_need_to_know(void **state)
{
    struct tempdb *t = *state;

    add_with_playbook(t->s, "INC-2026-0001", "公開の事案", false);
    add_with_playbook(t->s, "INC-2026-0002", "役員の事案", true);
    assert_found(t->s, "通知", "carol", "INC-2026-0001[task=通知]");
    assert_found(t->s, "通知", "alice",
                 "INC-2026-0002[task=通知] INC-2026-0001[task=通知]");
}

/* The reference token is the index's own: neither a query nor an
 * incident's text can make one. */
static void test_reference_cannot_be_typed(void **state)
{
    struct tempdb *t = *state;

    add_with_playbook(t->s, "INC-2026-0001", "一件目", false);
    add(t->s, "INC-2026-0002",
        "偽\x01"
        "1 \x01"
        "2 \x01"
        "3",
        false);
    assert_int_equal(
        tempdb_int(t, "SELECT count(*) FROM search_template WHERE id = 1"), 1);
    assert_found(t->s, "回収", NULL, "INC-2026-0001[task=回収]");
    assert_found(t->s,
                 "\x01"
                 "1",
                 NULL, "INC-2026-0002[title=1]");
    assert_found(t->s, "偽", NULL, "INC-2026-0002[title=偽]");
}

/* A database of 0017 indexed each task on its own; after 0018 such a
 * task keeps its document, and new incidents use the templates. */
static void test_tasks_of_0017_still_found(void **state)
{
    struct tempdb *t = *state;

    add(t->s, "INC-2026-0001", "一件目", false);
    store_close(t->s);
    t->s = NULL;
    /* SQL: back to 0017's task triggers, as a database of the previous
     * release has them, and a playbook task added under them (without
     * the columns of later migrations, which run again) */
    tempdb_exec_ok(t, "ALTER TABLE outbox DROP COLUMN claimed_by;"
                      "ALTER TABLE outbox DROP COLUMN claim_until;");
    tempdb_exec_ok(
        t, "PRAGMA writable_schema = ON;"
           "DELETE FROM sqlite_schema WHERE name IN ('search_template',"
           " 'search_tasks_dirty', 'search_template_new', 'search_task_new',"
           " 'search_task_playbook', 'search_task_title', 'search_task_gone')"
           " OR tbl_name IN ('search_template', 'search_tasks_dirty');"
           "PRAGMA writable_schema = OFF;"
           "DELETE FROM schema_version WHERE version >= 18;");
    tempdb_exec_ok(
        t, "CREATE TRIGGER search_task_new AFTER INSERT ON task BEGIN"
           " INSERT INTO search_doc(id, incident_id, kind, source_id, body)"
           " VALUES (max(((549755813887 - new.incident_id) << 24) + 2,"
           " coalesce((SELECT max(id) + 1 FROM search_doc WHERE id >="
           " (549755813887 - new.incident_id) << 24 AND id <"
           " (549755813888 - new.incident_id) << 24), 0)),"
           " new.incident_id, 'task', new.id, new.title); END;"
           "CREATE TRIGGER search_task_title AFTER UPDATE OF title ON task"
           " WHEN new.title IS NOT old.title BEGIN UPDATE search_doc"
           " SET body = new.title WHERE incident_id = new.incident_id"
           " AND kind = 'task' AND source_id = new.id; END;"
           "CREATE TRIGGER search_task_gone AFTER DELETE ON task BEGIN"
           " DELETE FROM search_doc WHERE incident_id = old.incident_id"
           " AND kind = 'task' AND source_id = old.id; END;"
           "INSERT INTO task(incident_id, phase, title, status, source,"
           " version, created_at) VALUES (1, 'containment',"
           " '顧客へ通知する', 'open', '" PLAYBOOK "', 1, 0);");
    assert_int_equal(
        tempdb_int(t, "SELECT count(*) FROM search_doc WHERE kind = 'task'"),
        1);
    tempdb_reopen(t);
    assert_int_equal(store_schema_version(t->s), store_schema_latest(t->s));
    add_with_playbook(t->s, "INC-2026-0002", "二件目", false);
    assert_found(t->s, "通知", NULL,
                 "INC-2026-0002[task=通知] INC-2026-0001[task=通知]");
    assert_int_equal(
        tempdb_int(t, "SELECT count(*) FROM search_doc WHERE kind = 'task'"),
        1);
    assert_int_equal(
        tempdb_int(t, "SELECT count(*) FROM search_doc WHERE kind = 'tasks'"),
        1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(
            test_template_title_found_in_every_incident, tempdb_setup,
            tempdb_teardown),
        cmocka_unit_test_setup_teardown(test_changed_title_is_the_tasks_own,
                                        tempdb_setup, tempdb_teardown),
        cmocka_unit_test_setup_teardown(test_template_respects_need_to_know,
                                        tempdb_setup, tempdb_teardown),
        cmocka_unit_test_setup_teardown(test_reference_cannot_be_typed,
                                        tempdb_setup, tempdb_teardown),
        cmocka_unit_test_setup_teardown(test_tasks_of_0017_still_found,
                                        tempdb_setup, tempdb_teardown),
    };

    return cmocka_run_group_tests(tests, fixture_group_setup, NULL);
}
