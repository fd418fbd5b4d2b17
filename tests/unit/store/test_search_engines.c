/* SPDX-License-Identifier: MIT */
/*
 * test_search_engines.c - full-text search answers the same on SQLite
 * (FTS5, sqlite_search.c) and on PostgreSQL (tsvector, pg_search.c): one
 * corpus — Japanese and English, phrases, playbook tasks indexed through
 * their templates, a restricted incident, characters of either engine's
 * query syntax — written through the store into both, then every query
 * of a list asked of both by three readers, and the hits compared field
 * by field: incidents and their order, each match's kind, text and
 * highlighted byte ranges, and the list's q.  SQLite alone (without
 * KIZUKI_TEST_PG) still checks the corpus's known answers.
 */
#include "support/test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/search_query.h"
#include "store/db.h"
#include "store/db_pg.h"
#include "store/store.h"
#include "support/fixture.h"
#include "support/tempdb.h"
#include "util/buf.h"
#include "util/mem.h"

#define NOW FIXTURE_NOW
#define PLAYBOOK "playbook:misdirected_email"

/* ---- the corpus ---------------------------------------------------- */

static int64_t add(struct store *s, int n, const char *title,
                   const char *description, bool restricted)
{
    static const char *const steps[] = {"送信済みメールの回収を依頼する",
                                        "顧客へ通知する", "再発防止策を決める"};
    struct incident inc;

    fixture_draft(&inc, NOW);
    snprintf(inc.ref, sizeof(inc.ref), "INC-2026-%04d", n);
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
    /* Every other incident has the playbook's tasks (templates). */
    for (size_t i = 0; n % 2 == 1 && i < sizeof(steps) / sizeof(*steps); i++) {
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

static void manual_task(struct store *s, int64_t id, const char *title)
{
    struct task t;

    task_init(&t);
    t.incident_id = id;
    t.phase = PHASE_CONTAINMENT;
    xstrset(&t.title, title);
    xstrset(&t.source, "manual");
    t.version = 1;
    t.created_at = NOW;
    assert_int_equal(store_begin(s), KZ_OK);
    assert_int_equal(store_task_insert(s, &t), KZ_OK);
    assert_int_equal(store_commit(s), KZ_OK);
    task_cleanup(&t);
}

static void fill(struct store *s)
{
    int64_t a = add(s, 1, "顧客へのメール誤送信",
                    "ﾒｰﾙの宛先を誤った。顧客情報を含む", false);
    note(s, a, "INC-2026-0001", "相手先へ削除を依頼した。顧客の了承済み");
    note(s, a, "INC-2026-0001",
         "Mailbox of O'Brien: \"quoted\" a\\b 100% NEAR(x)");
    add(s, 2, "USBメモリの紛失", "社外でUSBメモリを紛失した。mail 添付なし",
        false);
    int64_t c = add(s, 3, "役員の端末紛失", "役員 顧客 名簿", true);
    note(s, c, "INC-2026-0003", "警察へ遺失届を出した");
    int64_t d = add(s, 4, "Phishing mail to customers",
                    "Customers received a phishing mail; 顧客対応中", false);
    manual_task(s, d, "送信ログを保全する");
    note(s, d, "INC-2026-0004", "ＵＳＢ ｍａｉｌ 全角 it's O'Brien");
    add(s, 5, "㈱取引先への誤送信", "(株)取引先 誤送信 再発防止", false);
    for (int i = 6; i <= 9; i++) {
        char t[64];
        snprintf(t, sizeof(t), "顧客の問い合わせ %d 件目", i);
        add(s, i, t, NULL, false);
    }
}

/* ---- asking --------------------------------------------------------- */

struct reader {
    const char *viewer;
    bool sees_restricted;
};

static const struct reader readers[] = {
    {NULL, false},    /* the local operator */
    {"carol", false}, /* no member of the restricted incident */
    {"alice", false}, /* its member */
};

static const char *const queries[] = {
    "顧客",
    "客",
    "顧",
    "報",
    "誤送信",
    "顧客 誤送信",
    "\"USBメモリ\"",
    "「USBメモリ」",
    "usb",
    "mail",
    "Mai",
    "ﾒｰﾙ",
    "customers",
    "phishing mail",
    "送信済み",
    "回収",
    "顧客へ通知",
    "再発 防止",
    "遺失届",
    "O'Brien",
    "it's",
    "a\\b",
    "\"quoted\"",
    "100%",
    "NEAR(x)",
    "取引先",
    "株",
    "ログ 保全",
    "存在しない語",
    "件目",
};

/* Every hit of 'text' for 'r' in one page of 'limit' from 'before_id',
 * written out field by field; *last the last incident's id. */
static char *dump_search(struct store *s, const char *text,
                         const struct reader *r, int limit, int64_t before_id,
                         int64_t *last)
{
    struct search_query q;
    struct incident_filter f;
    struct search_hits h;
    struct buf b;
    const char *why = NULL;

    search_query_init(&q);
    assert_int_equal(search_query_parse(text, &q, &why), KZ_OK);
    incident_filter_init(&f);
    f.viewer = r->viewer;
    f.viewer_sees_restricted = r->sees_restricted;
    f.limit = limit;
    f.before_id = before_id;
    assert_int_equal(store_search(s, &q, &f, &h), KZ_OK);
    buf_init(&b, 1 << 20);
    *last = 0;
    for (size_t i = 0; i < h.n; i++) {
        const struct search_hit *hit = &h.items[i];
        *last = hit->inc.id;
        assert_int_equal(buf_printf(&b, "%s id=%lld '%s'\n", hit->inc.ref,
                                    (long long)hit->inc.id, hit->inc.title),
                         KZ_OK);
        for (size_t j = 0; j < hit->n; j++) {
            const struct search_match *m = &hit->matches[j];
            assert_int_equal(buf_printf(&b, "  %s '%s'", m->kind, m->body),
                             KZ_OK);
            for (size_t k = 0; k < m->n; k++)
                assert_int_equal(buf_printf(&b, " %zu-%zu", m->ranges[k][0],
                                            m->ranges[k][1]),
                                 KZ_OK);
            assert_int_equal(buf_puts(&b, "\n"), KZ_OK);
        }
    }
    search_hits_cleanup(&h);
    search_query_cleanup(&q);
    char *out = buf_take(&b);
    return out ? out : xstrdup("");
}

/* The list with q ('text') for 'r', newest first: the refs. */
static char *dump_list(struct store *s, const char *text,
                       const struct reader *r)
{
    struct search_query q;
    struct incident_filter f;
    struct incident_list l = {0};
    struct buf b;
    const char *why = NULL;

    search_query_init(&q);
    assert_int_equal(search_query_parse(text, &q, &why), KZ_OK);
    incident_filter_init(&f);
    f.viewer = r->viewer;
    f.viewer_sees_restricted = r->sees_restricted;
    f.limit = 50;
    f.q = text;
    f.search = &q;
    assert_int_equal(store_incident_list(s, &f, &l), KZ_OK);
    buf_init(&b, 1 << 16);
    for (size_t i = 0; i < l.n; i++)
        assert_int_equal(buf_printf(&b, "%s ", l.items[i].ref), KZ_OK);
    int64_t count = -1;
    assert_int_equal(store_incident_count(s, &f, &count), KZ_OK);
    assert_int_equal(buf_printf(&b, "(%lld)", (long long)count), KZ_OK);
    incident_list_cleanup(&l);
    search_query_cleanup(&q);
    char *out = buf_take(&b);
    return out ? out : xstrdup("");
}

/* Everything the queries answer on 's': whole pages, pages of two
 * through the cursor, and the list's q. */
static char *dump_all(struct store *s)
{
    struct buf b;

    buf_init(&b, 1 << 24);
    for (size_t r = 0; r < sizeof(readers) / sizeof(*readers); r++) {
        for (size_t i = 0; i < sizeof(queries) / sizeof(*queries); i++) {
            int64_t last = 0;
            char *one = dump_search(s, queries[i], &readers[r], 50, 0, &last);
            assert_int_equal(
                buf_printf(&b, "== %s [%s]\n%s", queries[i],
                           readers[r].viewer ? readers[r].viewer : "-", one),
                KZ_OK);
            xfree(one);
            /* The same in pages of two. */
            int64_t before = 0;
            for (int page = 0; page < 6; page++) {
                char *p =
                    dump_search(s, queries[i], &readers[r], 2, before, &last);
                assert_int_equal(buf_printf(&b, "-- page %d\n%s", page, p),
                                 KZ_OK);
                xfree(p);
                if (last == 0)
                    break;
                before = last;
            }
            char *l = dump_list(s, queries[i], &readers[r]);
            assert_int_equal(buf_printf(&b, "-- list %s\n", l), KZ_OK);
            xfree(l);
        }
    }
    char *out = buf_take(&b);
    return out ? out : xstrdup("");
}

/* ---- the engines ------------------------------------------------------- */

static const char *pg_uri;

/* A fresh database on the test cluster (dropped by pg_drop). */
static void pg_create(char *name, size_t n, char *uri, size_t un)
{
    struct db *admin = NULL;
    char sql[160];

    assert_int_equal(db_pg_open(pg_uri, &admin), KZ_OK);
    snprintf(name, n, "kzs_%ld", (long)getpid());
    snprintf(sql, sizeof(sql), "DROP DATABASE IF EXISTS %s", name);
    assert_int_equal(db_exec_script(admin, sql), KZ_OK);
    snprintf(sql, sizeof(sql), "CREATE DATABASE %s", name);
    assert_int_equal(db_exec_script(admin, sql), KZ_OK);
    db_close(admin);
    snprintf(uri, un, "%s%sdbname=%s", pg_uri,
             strchr(pg_uri, '?') != NULL ? "&" : "?", name);
}

static void pg_drop(const char *name)
{
    struct db *admin = NULL;
    char sql[160];

    assert_int_equal(db_pg_open(pg_uri, &admin), KZ_OK);
    snprintf(sql, sizeof(sql), "DROP DATABASE IF EXISTS %s WITH (FORCE)", name);
    assert_int_equal(db_exec_script(admin, sql), KZ_OK);
    db_close(admin);
}

/* Known answers on SQLite, whatever the other engine. */
static void check_known(struct store *s)
{
    int64_t last;
    char *got = dump_search(s, "役員", &readers[1], 50, 0, &last);
    assert_string_equal(got, ""); /* carol may not see INC-2026-0003 */
    xfree(got);
    got = dump_search(s, "遺失届", &readers[2], 50, 0, &last);
    assert_non_null(strstr(got, "INC-2026-0003"));
    xfree(got);
    /* A playbook step's words: the incidents with the playbook, its
     * title highlighted as a task. */
    got = dump_search(s, "回収", &readers[0], 50, 0, &last);
    assert_non_null(strstr(got, "INC-2026-0009"));
    assert_non_null(
        strstr(got, "  task '送信済みメールの回収を依頼する' 24-30"));
    assert_null(strstr(got, "INC-2026-0008"));
    xfree(got);
    got = dump_search(s, "O'Brien", &readers[0], 50, 0, &last);
    assert_non_null(strstr(got, "INC-2026-0004"));
    assert_non_null(strstr(got, "INC-2026-0001"));
    xfree(got);
}

static void test_same_hits_on_both_engines(void **state)
{
    struct tempdb *t = *state;

    fill(t->s);
    check_known(t->s);
    char *lite = dump_all(t->s);
    if (pg_uri == NULL) {
        xfree(lite);
        fprintf(stderr, "  (KIZUKI_TEST_PG not set: PostgreSQL skipped)\n");
        skip();
    }
    char name[64], uri[1024];
    struct store *pg = NULL;
    pg_create(name, sizeof(name), uri, sizeof(uri));
    assert_int_equal(store_open(uri, STORE_OPEN_CREATE, &pg), KZ_OK);
    fill(pg);
    check_known(pg);
    char *post = dump_all(pg);
    store_close(pg);
    pg_drop(name);
    if (strcmp(lite, post) != 0) {
        /* The first difference, with its context. */
        size_t i = 0;
        while (lite[i] == post[i])
            i++;
        size_t from = i > 400 ? i - 400 : 0;
        fprintf(stderr, "SQLite:\n%.800s\n\nPostgreSQL:\n%.800s\n", lite + from,
                post + from);
    }
    assert_string_equal(lite, post);
    xfree(lite);
    xfree(post);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_same_hits_on_both_engines,
                                        tempdb_setup, tempdb_teardown),
    };

    /* The first store is SQLite's whatever the run's backend (tempdb);
     * the second is made here on the cluster. */
    unsetenv("KIZUKI_TEST_BACKEND");
    pg_uri = tempdb_pg_cluster();
    return cmocka_run_group_tests(tests, fixture_group_setup, NULL);
}
