/* SPDX-License-Identifier: MIT */
/*
 * test_alert_store.c - the alert operations of the store (sql_alert.c),
 * on the engine of tempdb: SQLite, and PostgreSQL under `make pg-test`.
 * The batch's multi-row inserts (64, 8 and 1 rows a statement), the
 * lookups intake plans with, the queue's listing and triage; and, on
 * PostgreSQL, two servers planning a batch at the same moment: the
 * second waits for the first's commit and numbers after it.
 */
#include "support/test.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "store/store.h"
#include "support/tempdb.h"
#include "util/mem.h"

#define T0 1800000000

/* Row i of a batch starting at id 'first': fingerprints cycle over 5. */
static void row(struct alert_row *r, int64_t first, int i, char *ref, char *fp)
{
    memset(r, 0, sizeof(*r));
    sprintf(ref, "ref-%d", i);
    sprintf(fp, "%064d", i % 5);
    r->id = first + i;
    r->source = "edr";
    r->source_ref = ref;
    r->title = "不審な通信";
    r->description = i % 2 ? "説明" : NULL;
    r->severity = i % 3 ? "high" : NULL;
    r->occurred_at = i % 4 ? T0 - i : KZ_TIME_NONE;
    r->observables = "ip\t192.0.2.1";
    r->raw = "{\"n\":1}";
    r->fingerprint = fp;
    r->group_of = i >= 5 ? first + i % 5 : 0;
    r->repeat_count = 1;
    r->first_seen = T0 + i;
    r->last_seen = T0 + i;
}

/* Insert 'n' alerts in one batch; returns the first id. */
static int64_t batch(struct store *s, int n)
{
    struct alert_row *rows = xcalloc((size_t)n, sizeof(*rows));
    char(*refs)[32] = xcalloc((size_t)n, sizeof(*refs));
    char(*fps)[72] = xcalloc((size_t)n, sizeof(*fps));
    int64_t first = 0;

    assert_int_equal(store_begin(s), KZ_OK);
    assert_int_equal(store_alert_next_id(s, &first), KZ_OK);
    for (int i = 0; i < n; i++)
        row(&rows[i], first, i, refs[i], fps[i]);
    assert_int_equal(store_alert_insert(s, rows, (size_t)n), KZ_OK);
    assert_int_equal(store_commit(s), KZ_OK);
    xfree(rows);
    xfree(refs);
    xfree(fps);
    return first;
}

static void test_batch_round_trip(void **state)
{
    struct tempdb *t = *state;
    struct alert_seen seen;
    struct alert a;
    char fp[72];

    int64_t first = batch(t->s, 73); /* 64 + 8 + 1 */
    assert_int_equal(first, 1);
    assert_int_equal(tempdb_int(t, "SELECT count(*) FROM alert"), 73);
    int64_t next = 0;
    assert_int_equal(store_begin(t->s), KZ_OK);
    assert_int_equal(store_alert_next_id(t->s, &next), KZ_OK);
    assert_int_equal(store_commit(t->s), KZ_OK);
    assert_int_equal(next, 74);

    assert_int_equal(store_alert_find(t->s, "edr", "ref-72", &seen), KZ_OK);
    assert_int_equal(seen.id, 73);
    assert_int_equal(seen.group_id, 1 + 72 % 5);
    assert_int_equal(seen.status, ALERT_NEW);
    assert_int_equal(seen.first_seen, T0 + 72);
    assert_int_equal(store_alert_find(t->s, "edr", "ref-99", &seen),
                     KZ_ENOTFOUND);
    /* The latest of fingerprint 2 within the window: the last row with
     * it (i = 72), not one seen before 'since'. */
    sprintf(fp, "%064d", 2);
    assert_int_equal(store_alert_latest(t->s, fp, T0, &seen), KZ_OK);
    assert_int_equal(seen.id, 73);
    assert_string_equal(seen.fingerprint, fp);
    assert_int_equal(store_alert_latest(t->s, fp, T0 + 73, &seen),
                     KZ_ENOTFOUND);

    alert_init(&a);
    assert_int_equal(store_alert_get(t->s, 2, &a), KZ_OK); /* i = 1 */
    assert_string_equal(a.source_ref, "ref-1");
    assert_string_equal(a.title, "不審な通信");
    assert_string_equal(a.description, "説明");
    assert_string_equal(a.severity, "high");
    assert_int_equal(a.occurred_at, T0 - 1);
    assert_string_equal(a.raw, "{\"n\":1}");
    assert_int_equal(a.repeat_count, 1);
    alert_cleanup(&a);
    alert_init(&a);
    assert_int_equal(store_alert_get(t->s, 1, &a), KZ_OK); /* i = 0 */
    assert_string_equal(a.description, "");
    assert_null(a.severity);
    assert_int_equal(a.occurred_at, KZ_TIME_NONE);
    alert_cleanup(&a);
}

static void test_repeat_list_and_status(void **state)
{
    struct tempdb *t = *state;
    struct alert_row r;
    struct alert_filter f;
    struct alert_list l;
    struct alert a;
    char ref[32];
    char fp[72];

    batch(t->s, 12);
    row(&r, 1, 5, ref, fp); /* alert 6 again, later, with fewer facts */
    r.title = "再送";
    r.description = NULL;
    r.severity = NULL;
    r.occurred_at = KZ_TIME_NONE;
    r.observables = NULL;
    r.raw = NULL;
    r.last_seen = T0 + 500;
    assert_int_equal(store_begin(t->s), KZ_OK);
    assert_int_equal(store_alert_repeat(t->s, &r), KZ_OK);
    r.id = 999;
    assert_int_equal(store_alert_repeat(t->s, &r), KZ_ENOTFOUND);
    assert_int_equal(store_commit(t->s), KZ_OK);
    alert_init(&a);
    assert_int_equal(store_alert_get(t->s, 6, &a), KZ_OK);
    assert_string_equal(a.title, "再送");
    assert_string_equal(a.description, "説明"); /* kept */
    assert_string_equal(a.severity, "high");
    assert_int_equal(a.occurred_at, T0 - 5);
    assert_int_equal(a.repeat_count, 2);
    assert_int_equal(a.last_seen, T0 + 500);
    assert_int_equal(a.first_seen, T0 + 5);

    a.status = ALERT_IGNORED;
    xstrset(&a.reason, "誤検知");
    xstrset(&a.updated_by, "sato.hanako");
    a.updated_at = T0 + 600;
    assert_int_equal(store_begin(t->s), KZ_OK);
    assert_int_equal(store_alert_set_status(t->s, &a), KZ_OK);
    assert_int_equal(store_commit(t->s), KZ_OK);
    alert_cleanup(&a);

    alert_filter_init(&f);
    f.limit = 5;
    assert_int_equal(store_alert_list(t->s, &f, &l), KZ_OK);
    assert_int_equal(l.n, 5);
    assert_int_equal(l.items[0].id, 12); /* newest first */
    f.before_id = l.items[4].id;
    alert_list_cleanup(&l);
    assert_int_equal(store_alert_list(t->s, &f, &l), KZ_OK);
    assert_int_equal(l.items[0].id, 7);
    alert_list_cleanup(&l);

    alert_filter_init(&f);
    f.limit = 50;
    f.status = ALERT_IGNORED;
    assert_int_equal(store_alert_list(t->s, &f, &l), KZ_OK);
    assert_int_equal(l.n, 1);
    assert_int_equal(l.items[0].id, 6);
    assert_string_equal(l.items[0].reason, "誤検知");
    assert_string_equal(l.items[0].updated_by, "sato.hanako");
    alert_list_cleanup(&l);

    alert_filter_init(&f);
    f.limit = 50;
    f.group_id = 2; /* i = 1, 6, 11 */
    f.severity = "high";
    assert_int_equal(store_alert_list(t->s, &f, &l), KZ_OK);
    assert_int_equal(l.n, 2); /* i = 6 has no severity */
    assert_int_equal(l.items[0].id, 12);
    assert_int_equal(l.items[1].id, 2);
    alert_list_cleanup(&l);
}

struct second {
    struct store *s;
    int64_t first;
    enum kz_err err;
};

/* The second server: plans and writes a batch of 3. */
static void *second_server(void *p)
{
    struct second *b = p;
    struct alert_row rows[3];
    char refs[3][32];
    char fps[3][72];

    b->err = store_begin(b->s);
    if (b->err == KZ_OK)
        b->err = store_alert_next_id(b->s, &b->first);
    for (int i = 0; i < 3; i++) {
        row(&rows[i], b->first, i, refs[i], fps[i]);
        sprintf(refs[i], "second-%d", i);
    }
    if (b->err == KZ_OK)
        b->err = store_alert_insert(b->s, rows, 3);
    b->err = store_end(b->s, b->err);
    return NULL;
}

/* PostgreSQL: two servers' writers plan batches at the same moment.  The
 * second's alert_next_id waits for the first's transaction (the intake's
 * advisory lock) and then numbers after its rows; without the lock both
 * would take the same first id and one batch would fail. */
static void test_two_servers_number_in_turn(void **state)
{
    struct tempdb *t = *state;
    struct second b = {0};
    struct alert_row rows[2];
    char refs[2][32];
    char fps[2][72];
    pthread_t th;
    int64_t first = 0;

    if (!tempdb_is_pg()) {
        fprintf(stderr, "  (SQLite: one writer at a time already)\n");
        skip();
    }
    assert_int_equal(store_open(t->path, STORE_OPEN_EXISTING, &b.s), KZ_OK);
    assert_int_equal(store_begin(t->s), KZ_OK);
    assert_int_equal(store_alert_next_id(t->s, &first), KZ_OK);
    assert_int_equal(first, 1);
    for (int i = 0; i < 2; i++)
        row(&rows[i], first, i, refs[i], fps[i]);
    assert_int_equal(store_alert_insert(t->s, rows, 2), KZ_OK);
    assert_int_equal(pthread_create(&th, NULL, second_server, &b), 0);
    /* Commit only once the second server waits: for the intake's lock,
     * or (were there none) for the rows of the same ids. */
    int64_t waiting = 0;
    for (int i = 0; i < 3000 && waiting == 0; i++) {
        waiting = tempdb_int(t, "SELECT count(*) FROM pg_locks"
                                " WHERE NOT granted");
        if (waiting == 0) {
            struct timespec ms = {0, 10 * 1000 * 1000};
            nanosleep(&ms, NULL);
        }
    }
    assert_int_equal(store_commit(t->s), KZ_OK);
    pthread_join(th, NULL);
    assert_int_equal(waiting, 1);
    assert_int_equal(b.err, KZ_OK);
    assert_int_equal(b.first, 3);
    assert_int_equal(tempdb_int(t, "SELECT count(*) FROM alert"), 5);
    assert_int_equal(tempdb_int(t, "SELECT max(id) FROM alert"), 5);
    store_close(b.s);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, tempdb_setup, tempdb_teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_batch_round_trip),
        T(test_repeat_list_and_status),
        T(test_two_servers_number_in_turn),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
