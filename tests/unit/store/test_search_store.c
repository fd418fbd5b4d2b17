/* SPDX-License-Identifier: MIT */
/*
 * test_search_store.c - the search index of the SQLite store
 * (0017_search.sql, sqlite_search.c): it follows every change in the
 * transaction of the change (and a rolled-back change leaves no trace),
 * an existing database is indexed by the migration, need-to-know is part
 * of the query, and what a user types never acts as FTS5 syntax.
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

static int64_t add(struct store *s, const char *ref, const char *title,
                   const char *description, bool restricted)
{
    struct incident inc;

    fixture_draft(&inc, NOW);
    snprintf(inc.ref, sizeof(inc.ref), "%s", ref);
    xstrset(&inc.title, title);
    xstrset(&inc.description, description);
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

/* The refs 'text' finds for 'viewer' (NULL: the local operator), with
 * the fields of each in brackets: "INC-2026-0001[title,timeline]". */
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
            assert_true(h.items[i].matches[j].n > 0);
            assert_int_equal(buf_printf(&b, "%s%s", j ? "," : "",
                                        h.items[i].matches[j].kind),
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

static void note(struct store *s, int64_t id, const char *ref, const char *body)
{
    struct chron_head head;
    struct chron_entry e;

    assert_int_equal(store_begin(s), KZ_OK);
    assert_int_equal(store_chron_head(s, id, &head), KZ_OK);
    chron_entry_init(&e);
    e.kind = ENTRY_NOTE;
    xstrset(&e.actor, "alice");
    e.at = NOW;
    xstrset(&e.body, body);
    chron_seal(ref, &e, &head);
    assert_int_equal(store_chron_append(s, id, &e), KZ_OK);
    assert_int_equal(store_commit(s), KZ_OK);
    chron_entry_cleanup(&e);
}

static void test_index_follows_each_change(void **state)
{
    struct tempdb *t = *state;
    int64_t id = add(t->s, "INC-2026-0001", "顧客へのメール誤送信",
                     "ﾒｰﾙの宛先を誤った", false);

    assert_found(t->s, "顧客 誤送信", NULL, "INC-2026-0001[title]");
    assert_found(t->s, "メール", NULL, "INC-2026-0001[title,description]");
    note(t->s, id, "INC-2026-0001", "相手先へ削除を依頼した");
    assert_found(t->s, "削除", NULL, "INC-2026-0001[timeline]");

    struct task task;
    task_init(&task);
    task.incident_id = id;
    task.phase = PHASE_CONTAINMENT;
    xstrset(&task.title, "送信ログを保全する");
    xstrset(&task.source, "manual");
    task.version = 1;
    task.created_at = NOW;
    assert_int_equal(store_begin(t->s), KZ_OK);
    assert_int_equal(store_task_insert(t->s, &task), KZ_OK);
    assert_int_equal(store_commit(t->s), KZ_OK);
    assert_found(t->s, "ログ 保全", NULL, "INC-2026-0001[task]");

    /* a changed title and a removed description are found no more */
    struct incident inc;
    incident_init(&inc);
    assert_int_equal(store_incident_get(t->s, "INC-2026-0001", &inc), KZ_OK);
    xstrset(&inc.title, "宛先誤り");
    xstrset(&inc.description, NULL);
    inc.version = 2;
    assert_int_equal(store_begin(t->s), KZ_OK);
    assert_int_equal(store_incident_update(t->s, &inc, 1), KZ_OK);
    assert_int_equal(store_commit(t->s), KZ_OK);
    incident_cleanup(&inc);
    assert_found(t->s, "誤送信", NULL, "");
    assert_found(t->s, "メール", NULL, "");
    assert_found(t->s, "宛先", NULL, "INC-2026-0001[title]");
    task_cleanup(&task);
    /* SQL: nothing waits to be indexed after a commit */
    assert_int_equal(tempdb_int(t, "SELECT count(*) FROM search_doc"
                                   " WHERE body IS NOT NULL"),
                     0);
    assert_int_equal(tempdb_int(t, "SELECT count(*) FROM search_gone"), 0);
}

static void test_rolled_back_change_leaves_no_trace(void **state)
{
    struct tempdb *t = *state;
    struct incident inc;

    fixture_draft(&inc, NOW);
    snprintf(inc.ref, sizeof(inc.ref), "INC-2026-0001");
    xstrset(&inc.title, "取り消される事案");
    inc.version = 1;
    inc.created_at = NOW;
    inc.updated_at = NOW;
    assert_int_equal(store_begin(t->s), KZ_OK);
    assert_int_equal(store_incident_insert(t->s, &inc), KZ_OK);
    store_rollback(t->s);
    incident_cleanup(&inc);
    assert_found(t->s, "取り消", NULL, "");
    assert_int_equal(tempdb_int(t, "SELECT count(*) FROM search_doc"), 0);
    /* the next commit does not pick it up either */
    add(t->s, "INC-2026-0002", "残る事案", NULL, false);
    assert_found(t->s, "事案", NULL, "INC-2026-0002[title]");
}

static void test_need_to_know_is_in_the_query(void **state)
{
    struct tempdb *t = *state;

    add(t->s, "INC-2026-0001", "公開の紛失", NULL, false);
    add(t->s, "INC-2026-0002", "役員の紛失", NULL, true);
    assert_found(t->s, "紛失", "carol", "INC-2026-0001[title]");
    assert_found(t->s, "役員", "carol", "");
    assert_found(t->s, "紛失", "alice",
                 "INC-2026-0002[title] INC-2026-0001[title]");
    assert_found(t->s, "紛失", NULL,
                 "INC-2026-0002[title] INC-2026-0001[title]");
}

static void test_fts_syntax_is_text(void **state)
{
    struct tempdb *t = *state;

    add(t->s, "INC-2026-0001", "NEAR OR AND \"quoted\" a*b 顧客", NULL, false);
    add(t->s, "INC-2026-0002", "顧客", NULL, false);
    /* OR is a word to find, not the operator */
    assert_found(t->s, "顧客 OR", NULL, "INC-2026-0001[title]");
    assert_found(t->s, "NEAR(顧客", NULL, "");
    assert_found(t->s, "\"quoted\"", NULL, "INC-2026-0001[title]");
    assert_found(t->s, "\"a*b\"", NULL, "INC-2026-0001[title]");
    assert_found(t->s, "-顧客", NULL,
                 "INC-2026-0002[title] INC-2026-0001[title]");
    assert_found(t->s, "^顧客 body:x", NULL, "");
    assert_found(t->s, "顧客\"\"\" AND", NULL, "INC-2026-0001[title]");
}

/* An existing database, of the schema before 0017: the migration indexes
 * what it holds. */
static void test_migration_indexes_existing_rows(void **state)
{
    struct tempdb *t = *state;

    /* It takes the index away through SQLite's schema table; a
     * PostgreSQL store starts at 0017 (test_search_pg.c). */
    if (tempdb_is_pg())
        skip();
    int64_t id =
        add(t->s, "INC-2026-0001", "既存の誤送信", "既存の説明", false);

    note(t->s, id, "INC-2026-0001", "既存の経過メモ");
    store_close(t->s);
    t->s = NULL;
    /* SQL: take the database back to the schema before search, as a
     * database of the previous release is (the index's tables, triggers
     * and its row in schema_version gone; and what later migrations
     * added, which run again). */
    tempdb_exec_ok(t, "ALTER TABLE outbox DROP COLUMN claimed_by;"
                      "ALTER TABLE outbox DROP COLUMN claim_until;");
    tempdb_exec_ok(t, "PRAGMA writable_schema = ON;"
                      "DELETE FROM sqlite_schema WHERE name LIKE 'search%'"
                      " OR tbl_name LIKE 'search%';"
                      "DELETE FROM schema_version WHERE version >= 17;");
    assert_int_equal(tempdb_int(t, "SELECT count(*) FROM sqlite_schema"
                                   " WHERE name LIKE 'search%'"),
                     0);
    tempdb_reopen(t);
    assert_int_equal(store_schema_version(t->s), store_schema_latest(t->s));
    assert_found(t->s, "既存", NULL,
                 "INC-2026-0001[title,description,timeline]");
    assert_found(t->s, "誤送信", NULL, "INC-2026-0001[title]");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_index_follows_each_change,
                                        tempdb_setup, tempdb_teardown),
        cmocka_unit_test_setup_teardown(test_rolled_back_change_leaves_no_trace,
                                        tempdb_setup, tempdb_teardown),
        cmocka_unit_test_setup_teardown(test_need_to_know_is_in_the_query,
                                        tempdb_setup, tempdb_teardown),
        cmocka_unit_test_setup_teardown(test_fts_syntax_is_text, tempdb_setup,
                                        tempdb_teardown),
        cmocka_unit_test_setup_teardown(test_migration_indexes_existing_rows,
                                        tempdb_setup, tempdb_teardown),
    };

    return cmocka_run_group_tests(tests, fixture_group_setup, NULL);
}
