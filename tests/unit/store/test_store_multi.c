/* SPDX-License-Identifier: MIT */
/*
 * test_store_multi.c - several kizuki servers on one PostgreSQL database
 * (issue 11, item 3), seen from the store: two stores (two servers'
 * connections) on one fresh database append to the same hash chains at
 * the same moment, and share the sign-in throttle's counts.  The URI of a
 * server comes from KIZUKI_TEST_PG (`make pg-test`); without it the
 * PostgreSQL tests are reported as skipped.  The throttle's store
 * operations also run on SQLite, whose table they keep as well.
 */
#include "support/test.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "app/audit_log.h"
#include "app/chronicle.h"
#include "app/throttle.h"
#include "store/db.h"
#include "store/db_pg.h"
#include "store/store.h"
#include "support/tempdb.h"
#include "util/mem.h"

static const char *pg_uri;

#define NEED_PG() TEMPDB_NEED_PG()

/* ---- a database of the test's own, and two servers' stores on it ---- */

struct pair {
    struct db *admin; /* the cluster's own database: creates and drops */
    struct db *side;  /* the test database, beside the stores */
    char name[64];
    char uri[1024];
    struct store *a;
    struct store *b;
};

static struct db *open_pg(const char *uri)
{
    struct db *d = NULL;
    assert_int_equal(db_pg_open(uri, &d), KZ_OK);
    return d;
}

static void pair_open(struct pair *p)
{
    static int n;
    char sql[160];

    memset(p, 0, sizeof(*p));
    p->admin = open_pg(pg_uri);
    snprintf(p->name, sizeof(p->name), "kzm_%ld_%d", (long)getpid(), ++n);
    snprintf(sql, sizeof(sql), "DROP DATABASE IF EXISTS %s", p->name);
    assert_int_equal(db_exec_script(p->admin, sql), KZ_OK);
    snprintf(sql, sizeof(sql), "CREATE DATABASE %s", p->name);
    assert_int_equal(db_exec_script(p->admin, sql), KZ_OK);
    snprintf(p->uri, sizeof(p->uri), "%s%sdbname=%s", pg_uri,
             strchr(pg_uri, '?') != NULL ? "&" : "?", p->name);
    assert_int_equal(store_open(p->uri, STORE_OPEN_CREATE, &p->a), KZ_OK);
    assert_int_equal(store_open(p->uri, STORE_OPEN_EXISTING, &p->b), KZ_OK);
    p->side = open_pg(p->uri);
}

static void pair_close(struct pair *p)
{
    char sql[160];

    store_close(p->a);
    store_close(p->b);
    db_close(p->side);
    snprintf(sql, sizeof(sql), "DROP DATABASE IF EXISTS %s WITH (FORCE)",
             p->name);
    assert_int_equal(db_exec_script(p->admin, sql), KZ_OK);
    db_close(p->admin);
}

static int64_t side_int(struct db *d, const char *sql)
{
    struct db_stmt *st = db_stmt_new(d, sql);
    assert_non_null(st);
    assert_int_equal(db_step(st), DB_ROW);
    int64_t v = db_col_int64(st, 0);
    db_stmt_free(st);
    return v;
}

static void sleep_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

/* ---- two writers on one chain ---------------------------------------- */

/* What the second server does, on a thread of its own: one append in a
 * writing transaction of its own. */
struct racer {
    struct store *s;
    const struct incident *inc; /* NULL: an audit entry */
    enum kz_err err;
    volatile int began; /* store_begin returned */
};

static void *race(void *arg)
{
    struct racer *r = arg;
    struct app_ctx ctx;

    memset(&ctx, 0, sizeof(ctx));
    ctx.actor.name = "bob";
    ctx.source = "b";
    ctx.now = 1800000000;
    r->err = store_begin(r->s);
    r->began = 1;
    if (r->err != KZ_OK)
        return NULL;
    if (r->inc != NULL)
        r->err = app_chron_append(r->s, r->inc, NULL, ENTRY_NOTE, "bob",
                                  ctx.now, xstrdup("from B"), NULL);
    else
        r->err = app_audit(r->s, &ctx, "test.b", NULL, NULL);
    r->err = store_end(r->s, r->err);
    return NULL;
}

/*
 * Server A holds a writing transaction that appended to the chain; B
 * starts its own append.  Wait until B is blocked on a lock (it must
 * not be running ahead on a stale head) before A commits.
 */
static void run_race(struct pair *p, struct racer *r)
{
    pthread_t th;

    assert_int_equal(pthread_create(&th, NULL, race, r), 0);
    for (int i = 0; i < 2000; i++) {
        if (side_int(p->side,
                     "SELECT count(*) FROM pg_locks WHERE NOT granted") > 0)
            break;
        sleep_ms(10);
    }
    assert_int_equal(store_commit(p->a), KZ_OK);
    assert_int_equal(pthread_join(th, NULL), 0);
}

static void test_audit_appends_wait_for_each_other(void **state)
{
    (void)state;
    NEED_PG();
    struct pair p;
    struct app_ctx ctx;
    struct audit_list list;

    pair_open(&p);
    memset(&ctx, 0, sizeof(ctx));
    ctx.actor.name = "alice";
    ctx.source = "a";
    ctx.now = 1800000000;
    assert_int_equal(store_begin(p.a), KZ_OK);
    assert_int_equal(app_audit(p.a, &ctx, "test.a", NULL, NULL), KZ_OK);
    struct racer r = {p.b, NULL, KZ_ESTORE, 0};
    run_race(&p, &r);
    /* B waited for A and appended after it: no failed request, no fork. */
    assert_int_equal(r.err, KZ_OK);
    assert_int_equal(store_audit_list(p.a, 0, KZ_TIME_NONE, 10, &list), KZ_OK);
    assert_int_equal(list.n, 2);
    assert_string_equal(list.items[0].action, "test.a");
    assert_string_equal(list.items[1].action, "test.b");
    assert_int_equal(list.items[1].seq, 2);
    assert_string_equal(list.items[1].prev_hash, list.items[0].hash);
    audit_list_cleanup(&list);
    pair_close(&p);
}

static void test_chronology_appends_wait_for_each_other(void **state)
{
    (void)state;
    NEED_PG();
    struct pair p;
    struct incident inc;
    struct chron_list list;

    pair_open(&p);
    /* An incident row written directly: the chain is what is tested. */
    assert_int_equal(
        db_exec_script(
            p.side,
            "INSERT INTO incident(ref, title, kind, phase, discovered_at,"
            " reported_at, phase_times, parties, assets, info_types, impacts,"
            " prevention_measures, tags, tlp, restricted, members, version,"
            " created_at, updated_at, chron_head) VALUES ('INC-2027-0001',"
            " 't', 'malware', 'detection', 0, 0, '{}', '[]', '[]', '[]',"
            " '[]', '[]', '[]', 'amber', 0, '[]', 1, 0, 0, repeat('0', 64))"),
        KZ_OK);
    incident_init(&inc);
    inc.id = side_int(p.side, "SELECT id FROM incident");
    snprintf(inc.ref, sizeof(inc.ref), "%s", "INC-2027-0001");
    assert_int_equal(store_begin(p.a), KZ_OK);
    assert_int_equal(app_chron_append(p.a, &inc, NULL, ENTRY_NOTE, "alice",
                                      1800000000, xstrdup("from A"), NULL),
                     KZ_OK);
    struct racer r = {p.b, &inc, KZ_ESTORE, 0};
    run_race(&p, &r);
    assert_int_equal(r.err, KZ_OK);
    assert_int_equal(store_chron_list(p.a, inc.id, &list), KZ_OK);
    assert_int_equal(list.n, 2);
    assert_string_equal(list.items[0].body, "from A");
    assert_string_equal(list.items[1].body, "from B");
    assert_string_equal(list.items[1].prev_hash, list.items[0].hash);
    struct chron_head head;
    assert_int_equal(store_chron_head(p.a, inc.id, &head), KZ_OK);
    assert_int_equal(head.count, 2);
    assert_string_equal(head.hash, list.items[1].hash);
    chron_list_cleanup(&list);
    incident_cleanup(&inc);
    pair_close(&p);
}

/* A reader is never held up by a writer: only writing transactions take
 * the lock. */
static void test_readers_do_not_wait_for_writers(void **state)
{
    (void)state;
    NEED_PG();
    struct pair p;
    struct chron_head head;

    pair_open(&p);
    assert_int_equal(store_begin(p.a), KZ_OK);
    assert_int_equal(store_begin_read(p.b), KZ_OK);
    assert_int_equal(store_audit_head(p.b, &head), KZ_OK);
    store_rollback(p.b);
    store_rollback(p.a);
    pair_close(&p);
}

/* A transaction made only of operations that run beside writers takes
 * no write lock (store.c, DIRECT_UNLOCKED): it neither waits for nor
 * holds up another server's writer. */
static void test_unlocked_operations_run_beside_writers(void **state)
{
    (void)state;
    NEED_PG();
    struct pair p;
    struct app_ctx ctx;
    struct throttle_terms terms = {3, 3600, 60};
    bool got = false;
    int64_t wait = -1;

    pair_open(&p);
    memset(&ctx, 0, sizeof(ctx));
    ctx.actor.name = "alice";
    ctx.source = "a";
    ctx.now = 1800000000;
    assert_int_equal(store_begin(p.a), KZ_OK);
    assert_int_equal(app_audit(p.a, &ctx, "test.a", NULL, NULL), KZ_OK);
    assert_int_equal(store_begin(p.b), KZ_OK);
    assert_int_equal(
        store_throttle_reserve(p.b, "u:x", &terms, ctx.now, &got, &wait),
        KZ_OK);
    assert_true(got);
    assert_int_equal(store_commit(p.b), KZ_OK);
    assert_int_equal(side_int(p.side, "SELECT count(*) FROM pg_locks"
                                      " WHERE locktype = 'advisory'"),
                     1);
    assert_int_equal(store_commit(p.a), KZ_OK);
    pair_close(&p);
}

/* ---- the sign-in throttle's shared counts ----------------------------- */

static const struct throttle_terms terms = {3, 3600, 60};
#define T0 1800000000

static bool reserve(struct store *s, const char *key, kz_time now,
                    int64_t *wait)
{
    bool got = false;
    int64_t w = -1;
    assert_int_equal(store_throttle_reserve(s, key, &terms, now, &got, &w),
                     KZ_OK);
    if (wait != NULL)
        *wait = w;
    return got;
}

/* A failed check: counted, then ended with a wait until 'until'. */
static int64_t fail_once(struct store *s, const char *key, kz_time now,
                         kz_time until)
{
    int64_t failures = -1;
    assert_int_equal(
        store_throttle_settle(s, key, THROTTLE_FAILED, now, &failures), KZ_OK);
    assert_int_equal(store_throttle_hold(s, key, until), KZ_OK);
    return failures;
}

/* The rules of throttle.c on the rows of one key, on either engine. */
static void check_reservations(struct store *s)
{
    int64_t wait;
    int64_t failures;

    /* Three checks may be in flight together, a fourth must wait for
     * them to settle (no wait time: they may all succeed). */
    for (int i = 0; i < 3; i++)
        assert_true(reserve(s, "u:k", T0, NULL));
    assert_false(reserve(s, "u:k", T0, &wait));
    assert_int_equal(wait, 0);
    assert_int_equal(fail_once(s, "u:k", T0, 0), 1);
    assert_int_equal(fail_once(s, "u:k", T0, 0), 2);
    /* Two failures and one pending: no room, as if it failed too. */
    assert_false(reserve(s, "u:k", T0, NULL));
    /* The third failure counted, its wait not yet set: still no room. */
    assert_int_equal(
        store_throttle_settle(s, "u:k", THROTTLE_FAILED, T0, &failures), KZ_OK);
    assert_int_equal(failures, 3);
    assert_false(reserve(s, "u:k", T0, &wait));
    assert_int_equal(wait, 0);
    assert_int_equal(store_throttle_hold(s, "u:k", T0 + 1), KZ_OK);
    /* A wait running: refused with its seconds, until it is over. */
    assert_false(reserve(s, "u:k", T0, &wait));
    assert_int_equal(wait, 1);
    assert_true(reserve(s, "u:k", T0 + 1, NULL));
    /* Past the free tries, one check at a time. */
    assert_false(reserve(s, "u:k", T0 + 1, &wait));
    assert_int_equal(wait, 0);
    /* A pending check whose server died lapses with its lease. */
    assert_true(reserve(s, "u:k", T0 + 1 + 61, NULL));
    /* A success forgets the failures. */
    assert_int_equal(
        store_throttle_settle(s, "u:k", THROTTLE_SUCCEEDED, T0 + 62, &failures),
        KZ_OK);
    for (int i = 0; i < 3; i++)
        assert_true(reserve(s, "u:k", T0 + 62, NULL));
    /* An hour without failures wipes the slate; the purge forgets keys
     * idle that long, and only those. */
    assert_true(reserve(s, "u:other", T0 + 62, NULL));
    assert_int_equal(store_throttle_purge(s, &terms, T0 + 4000), KZ_OK);
    assert_true(reserve(s, "u:k", T0 + 4000, NULL));
}

static void test_throttle_rows_sqlite(void **state)
{
    struct tempdb *t = *state;

    check_reservations(t->s);
    assert_int_equal(tempdb_int(t, "SELECT count(*) FROM signin_throttle"), 1);
}

static void test_throttle_rows_postgres(void **state)
{
    (void)state;
    NEED_PG();
    struct pair p;

    pair_open(&p);
    check_reservations(p.a);
    assert_int_equal(side_int(p.side, "SELECT count(*) FROM signin_throttle"),
                     1);
    pair_close(&p);
}

/* Many servers reserve for one name at the same moment: exactly the free
 * tries get through. */
struct reserver {
    const char *uri;
    pthread_barrier_t *start;
    bool got;
};

static void *reserve_once(void *arg)
{
    struct reserver *r = arg;
    struct store *s = NULL;
    int64_t wait;

    if (store_open(r->uri, STORE_OPEN_EXISTING, &s) != KZ_OK)
        return NULL;
    pthread_barrier_wait(r->start);
    if (store_throttle_reserve(s, "u:victim", &terms, T0, &r->got, &wait) !=
        KZ_OK)
        r->got = false;
    store_close(s);
    return NULL;
}

static void test_throttle_parallel_reservations(void **state)
{
    (void)state;
    NEED_PG();
    enum { N = 8 };
    struct pair p;
    pthread_t th[N];
    struct reserver r[N];
    pthread_barrier_t start;
    int got = 0;

    pair_open(&p);
    pthread_barrier_init(&start, NULL, N);
    for (int i = 0; i < N; i++) {
        r[i] = (struct reserver){p.uri, &start, false};
        assert_int_equal(pthread_create(&th[i], NULL, reserve_once, &r[i]), 0);
    }
    for (int i = 0; i < N; i++) {
        assert_int_equal(pthread_join(th[i], NULL), 0);
        got += r[i].got;
    }
    pthread_barrier_destroy(&start);
    assert_int_equal(got, terms.free_tries);
    pair_close(&p);
}

/* Two servers' throttles: failures on one count on the other. */
static void test_throttle_shared_between_servers(void **state)
{
    (void)state;
    NEED_PG();
    struct pair p;
    struct throttle *ta = throttle_new(true);
    struct throttle *tb = throttle_new(true);
    long wait = -1;

    pair_open(&p);
    for (int i = 0; i < 3; i++) {
        struct throttle *t = i % 2 ? tb : ta;
        struct store *s = i % 2 ? p.b : p.a;
        assert_int_equal(throttle_reserve(t, s, "alice", "10.0.0.1", T0, &wait),
                         KZ_OK);
        assert_int_equal(wait, 0);
        throttle_fail(t, s, "alice", "10.0.0.1", T0);
    }
    /* The third failure started a wait: on either server. */
    assert_int_equal(throttle_reserve(tb, p.b, "alice", "10.0.0.2", T0, &wait),
                     KZ_OK);
    assert_int_equal(wait, 1);
    assert_int_equal(throttle_reserve(ta, p.a, "alice", "10.0.0.3", T0, &wait),
                     KZ_OK);
    assert_int_equal(wait, 1);
    /* A success on B forgets the name's failures on A too. */
    assert_int_equal(
        throttle_reserve(ta, p.a, "alice", "10.0.0.1", T0 + 1, &wait), KZ_OK);
    assert_int_equal(wait, 0);
    throttle_succeed(ta, p.a, "alice", "10.0.0.1", T0 + 1);
    assert_int_equal(
        throttle_reserve(tb, p.b, "alice", "10.0.0.1", T0 + 1, &wait), KZ_OK);
    assert_int_equal(wait, 0);
    throttle_release(tb, p.b, "alice", "10.0.0.1", T0 + 1);
    /* Names are kept as hashes, never as typed. */
    assert_int_equal(
        side_int(p.side, "SELECT count(*) FROM signin_throttle"
                         " WHERE key LIKE '%alice%' OR key LIKE '%10.0.0%'"),
        0);
    throttle_free(ta);
    throttle_free(tb);
    pair_close(&p);
}

/* ---- sessions ----------------------------------------------------------- */

/* A session written through one server is found, and ended, through the
 * other (the session insert named a parameter it never used, which
 * PostgreSQL cannot type: no one could sign in). */
static void test_session_seen_by_both_servers(void **state)
{
    (void)state;
    NEED_PG();
    struct pair p;
    struct account a;
    struct credential c;
    struct credential got;

    pair_open(&p);
    account_init(&a);
    a.name = xstrdup("alice");
    a.role = ROLE_HANDLER;
    a.created_at = a.updated_at = T0;
    assert_int_equal(store_account_insert(p.a, &a), KZ_OK);
    credential_init(&c);
    snprintf(c.id, sizeof(c.id), "%s", "0123456789abcdef0123456789abcdef");
    snprintf(c.digest, sizeof(c.digest), "%064d", 7);
    c.account_id = a.id;
    c.created_at = T0;
    c.expires_at = T0 + 3600;
    assert_int_equal(store_credential_insert(p.a, CRED_SESSION, &c), KZ_OK);
    credential_init(&got);
    assert_int_equal(store_credential_get(p.b, CRED_SESSION, c.id, &got),
                     KZ_OK);
    assert_string_equal(got.digest, c.digest);
    assert_string_equal(got.account_name, "alice");
    assert_int_equal(got.expires_at, T0 + 3600);
    credential_cleanup(&got);
    assert_int_equal(store_credential_revoke(p.b, CRED_SESSION, c.id), KZ_OK);
    credential_init(&got);
    assert_int_equal(store_credential_get(p.a, CRED_SESSION, c.id, &got),
                     KZ_ENOTFOUND);
    credential_cleanup(&got);
    credential_cleanup(&c);
    account_cleanup(&a);
    pair_close(&p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_audit_appends_wait_for_each_other),
        cmocka_unit_test(test_chronology_appends_wait_for_each_other),
        cmocka_unit_test(test_readers_do_not_wait_for_writers),
        cmocka_unit_test(test_unlocked_operations_run_beside_writers),
        cmocka_unit_test_setup_teardown(test_throttle_rows_sqlite, tempdb_setup,
                                        tempdb_teardown),
        cmocka_unit_test(test_throttle_rows_postgres),
        cmocka_unit_test(test_throttle_parallel_reservations),
        cmocka_unit_test(test_throttle_shared_between_servers),
        cmocka_unit_test(test_session_seen_by_both_servers),
    };

    pg_uri = tempdb_pg_cluster();
    return cmocka_run_group_tests(tests, NULL, NULL);
}
