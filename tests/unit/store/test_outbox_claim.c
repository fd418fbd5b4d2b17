/* SPDX-License-Identifier: MIT */
/*
 * test_outbox_claim.c - each outbox message goes to one server (issue 11
 * item 3): two stores on one database, as two servers would be, claim
 * due messages (store_outbox_claim) and never get the same one; a claim
 * runs out (a crashed server) and the message is claimable again; a
 * message recorded as sent is never claimed again, and a server whose
 * claim was taken over cannot record over the new holder.  Runs on the
 * engine of tempdb: SQLite, and PostgreSQL under `make pg-test`.
 */
#include "support/test.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "store/store.h"
#include "support/tempdb.h"
#include "util/mem.h"

#define T0 1800000000
#define LEASE 300
#define A "host-a:100:aaaa"
#define B "host-b:200:bbbb"

struct world {
    struct tempdb *t;
    struct store *other; /* a second server's store on the same database */
};

static int setup(void **state)
{
    struct world *w = xcalloc(1, sizeof(*w));
    void *t = NULL;

    tempdb_setup(&t);
    w->t = t;
    assert_int_equal(store_open(w->t->path, STORE_OPEN_EXISTING, &w->other),
                     KZ_OK);
    *state = w;
    return 0;
}

static int teardown(void **state)
{
    struct world *w = *state;

    store_close(w->other);
    tempdb_teardown((void **)&w->t);
    xfree(w);
    return 0;
}

/* Queue 'n' messages due at T0 + i (the i-th), return the first id. */
static int64_t queue(struct store *s, int n)
{
    int64_t first = 0;

    assert_int_equal(store_begin(s), KZ_OK);
    for (int i = 0; i < n; i++) {
        struct outbox_msg m;
        char key[32];

        outbox_msg_init(&m);
        snprintf(key, sizeof(key), "key-%d", i);
        m.channel = xstrdup("webhook");
        m.target = xstrdup("https://chat.example/hook");
        m.subject = xstrdup("subject");
        m.body = xstrdup("body");
        m.idem_key = xstrdup(key);
        m.next_attempt_at = T0 + i;
        m.created_at = T0;
        assert_int_equal(store_outbox_insert(s, &m), KZ_OK);
        if (i == 0)
            first = m.id;
        outbox_msg_cleanup(&m);
    }
    assert_int_equal(store_commit(s), KZ_OK);
    return first;
}

/* Claim in a transaction of its own (OUT: *out). */
static void claim(struct store *s, const char *owner, kz_time now, int limit,
                  struct outbox_list *out)
{
    assert_int_equal(store_begin(s), KZ_OK);
    assert_int_equal(store_outbox_claim(s, owner, now, now + LEASE, limit, out),
                     KZ_OK);
    assert_int_equal(store_commit(s), KZ_OK);
    for (size_t i = 0; i < out->n; i++) {
        assert_string_equal(out->items[i].claimed_by, owner);
        assert_int_equal(out->items[i].claim_until, now + LEASE);
        if (i > 0) /* oldest due first */
            assert_true(out->items[i - 1].next_attempt_at <=
                        out->items[i].next_attempt_at);
    }
}

static size_t claim_n(struct store *s, const char *owner, kz_time now)
{
    struct outbox_list l;

    claim(s, owner, now, 100, &l);
    size_t n = l.n;
    outbox_list_cleanup(&l);
    return n;
}

/* Record an outcome of 'm' as the claim's holder 'owner' would. */
static enum kz_err record(struct store *s, const struct outbox_msg *m,
                          const char *owner, bool sent, kz_time now)
{
    struct outbox_msg u = *m;

    u.claimed_by = (char *)owner;
    u.attempts = m->attempts + 1;
    u.status = sent ? OUTBOX_SENT : OUTBOX_PENDING;
    u.sent_at = sent ? now : KZ_TIME_NONE;
    u.next_attempt_at = sent ? m->next_attempt_at : now + 60;
    u.last_error = NULL;
    assert_int_equal(store_begin(s), KZ_OK);
    return store_end(s, store_outbox_update(s, &u));
}

/* The message 'id' as stored (OUT). */
static void get(struct store *s, int64_t id, struct outbox_msg *out)
{
    struct outbox_list l;

    /* Every message, due or not: they all belong to no summons, so list
     * them through a claim-free read of the whole table. */
    assert_int_equal(store_outbox_list(s, 0, INT64_MAX / 2, 1000, &l), KZ_OK);
    outbox_msg_init(out);
    for (size_t i = 0; i < l.n; i++) {
        if (l.items[i].id == id) {
            *out = l.items[i];
            outbox_msg_init(&l.items[i]);
        }
    }
    outbox_list_cleanup(&l);
}

/* Two servers taking turns get every due message once between them. */
static void test_claims_are_disjoint(void **state)
{
    struct world *w = *state;
    int64_t first = queue(w->t->s, 40);
    int owner_of[40] = {0};
    size_t total = 0;

    for (int round = 0; round < 20; round++) {
        struct store *s = round % 2 ? w->other : w->t->s;
        struct outbox_list l;

        claim(s, round % 2 ? B : A, T0 + 100, 7, &l);
        for (size_t i = 0; i < l.n; i++) {
            int64_t k = l.items[i].id - first;
            assert_true(k >= 0 && k < 40);
            assert_int_equal(owner_of[k], 0);
            owner_of[k] = 1 + round % 2;
        }
        total += l.n;
        outbox_list_cleanup(&l);
    }
    assert_int_equal(total, 40);
    /* Claimed messages are not due for anyone until their claims end. */
    struct outbox_list due;
    assert_int_equal(store_outbox_list(w->t->s, 0, T0 + 100, 100, &due), KZ_OK);
    assert_int_equal(due.n, 0);
    outbox_list_cleanup(&due);
}

/* Only what is due is claimed, up to the limit, oldest first. */
static void test_claim_takes_what_is_due(void **state)
{
    struct world *w = *state;
    int64_t first = queue(w->t->s, 10);
    struct outbox_list l;

    claim(w->t->s, A, T0 + 4, 3, &l); /* 5 due: 0..4 */
    assert_int_equal(l.n, 3);
    assert_int_equal(l.items[0].id, first);
    assert_int_equal(l.items[2].id, first + 2);
    outbox_list_cleanup(&l);
    claim(w->other, B, T0 + 4, 100, &l);
    assert_int_equal(l.n, 2);
    assert_int_equal(l.items[0].id, first + 3);
    outbox_list_cleanup(&l);
}

/* PostgreSQL: while one server's claim is still uncommitted, another
 * server's claim skips the rows it locked instead of waiting for them
 * (which, in this one thread, would never end). */
static void test_open_claims_skip_each_other(void **state)
{
    struct world *w = *state;
    struct outbox_list a;
    struct outbox_list b;

    if (!tempdb_is_pg()) {
        fprintf(stderr, "  (SQLite has one writer: nothing to skip)\n");
        skip();
    }
    queue(w->t->s, 10);
    assert_int_equal(store_begin(w->t->s), KZ_OK);
    assert_int_equal(store_outbox_claim(w->t->s, A, T0 + 100, T0 + 400, 4, &a),
                     KZ_OK);
    assert_int_equal(a.n, 4);
    assert_int_equal(store_begin(w->other), KZ_OK);
    assert_int_equal(
        store_outbox_claim(w->other, B, T0 + 100, T0 + 400, 100, &b), KZ_OK);
    assert_int_equal(b.n, 6);
    for (size_t i = 0; i < a.n; i++) {
        for (size_t j = 0; j < b.n; j++)
            assert_int_not_equal(a.items[i].id, b.items[j].id);
    }
    assert_int_equal(store_commit(w->other), KZ_OK);
    assert_int_equal(store_commit(w->t->s), KZ_OK);
    outbox_list_cleanup(&a);
    outbox_list_cleanup(&b);
}

struct racer {
    struct store *s;
    const char *owner;
    int64_t first;
    int *owner_of; /* shared; each slot written by one racer only if
                      the claims are disjoint */
    int tag;
    size_t total;
    int failures;
};

static void *race(void *p)
{
    struct racer *r = p;

    /* 60 messages, 3 a claim: far fewer rounds than this unless a claim
     * takes what is claimed already. */
    for (int round = 0; round < 200; round++) {
        struct outbox_list l = {0};
        enum kz_err err = store_begin(r->s);
        if (err == KZ_OK)
            err = store_end(r->s, store_outbox_claim(r->s, r->owner, T0 + 100,
                                                     T0 + 400, 3, &l));
        if (err == KZ_EBUSY) { /* the other writer held the lock long */
            outbox_list_cleanup(&l);
            continue;
        }
        if (err != KZ_OK) {
            r->failures++;
            return NULL;
        }
        if (l.n == 0)
            return NULL;
        for (size_t i = 0; i < l.n; i++) {
            int64_t k = l.items[i].id - r->first;
            if (k < 0 || k >= 60 ||
                __atomic_exchange_n(&r->owner_of[k], r->tag,
                                    __ATOMIC_SEQ_CST) != 0)
                r->failures++;
        }
        r->total += l.n;
        outbox_list_cleanup(&l);
    }
    r->failures++;
    return NULL;
}

/* Two servers claiming at the same time, each on its own thread and
 * connection, share out the messages without overlap. */
static void test_concurrent_claims_are_disjoint(void **state)
{
    struct world *w = *state;
    int owner_of[60] = {0};
    int64_t first = queue(w->t->s, 60);
    struct racer ra = {w->t->s, A, first, owner_of, 1, 0, 0};
    struct racer rb = {w->other, B, first, owner_of, 2, 0, 0};
    pthread_t ta;
    pthread_t tb;

    assert_int_equal(pthread_create(&ta, NULL, race, &ra), 0);
    assert_int_equal(pthread_create(&tb, NULL, race, &rb), 0);
    pthread_join(ta, NULL);
    pthread_join(tb, NULL);
    assert_int_equal(ra.failures, 0);
    assert_int_equal(rb.failures, 0);
    assert_int_equal(ra.total + rb.total, 60);
    for (int i = 0; i < 60; i++)
        assert_int_not_equal(owner_of[i], 0);
}

/* A server that crashed holding claims: they run out, and another server
 * takes the messages then, not before. */
static void test_expired_claim_is_claimable_again(void **state)
{
    struct world *w = *state;

    queue(w->t->s, 3);
    assert_int_equal(claim_n(w->t->s, A, T0 + 10), 3);
    assert_int_equal(claim_n(w->other, B, T0 + 10 + LEASE - 1), 0);
    struct outbox_list l;
    claim(w->other, B, T0 + 10 + LEASE, 100, &l);
    assert_int_equal(l.n, 3);
    /* The old holder's record no longer applies... */
    assert_int_equal(record(w->t->s, &l.items[0], A, false, T0 + 400),
                     KZ_ENOTFOUND);
    /* ...the new holder's does. */
    assert_int_equal(record(w->other, &l.items[0], B, true, T0 + 400), KZ_OK);
    outbox_list_cleanup(&l);
}

/* A message recorded as sent is never claimed again, and a late failure
 * from a server whose claim was taken over does not put it back. */
static void test_sent_message_is_never_claimed_again(void **state)
{
    struct world *w = *state;
    int64_t first = queue(w->t->s, 1);
    struct outbox_list a;
    struct outbox_list b;
    struct outbox_msg m;

    claim(w->t->s, A, T0, 10, &a);
    assert_int_equal(a.n, 1);
    claim(w->other, B, T0 + LEASE, 10, &b); /* A's claim ran out */
    assert_int_equal(b.n, 1);
    assert_int_equal(record(w->other, &b.items[0], B, true, T0 + LEASE + 1),
                     KZ_OK);
    assert_int_equal(record(w->t->s, &a.items[0], A, false, T0 + LEASE + 2),
                     KZ_ENOTFOUND);
    get(w->t->s, first, &m);
    assert_int_equal(m.id, 0); /* sent: not in the pending list */
    assert_int_equal(claim_n(w->t->s, A, T0 + 100 * LEASE), 0);
    assert_int_equal(claim_n(w->other, B, T0 + 100 * LEASE), 0);
    struct outbox_list all;
    assert_int_equal(store_outbox_list(w->t->s, 0, T0 + 100 * LEASE, 10, &all),
                     KZ_OK);
    assert_int_equal(all.n, 0);
    outbox_list_cleanup(&all);
    outbox_list_cleanup(&a);
    outbox_list_cleanup(&b);
}

/* Recording a failure ends the claim: the retry is claimable when due,
 * by any server; a release hands back what a stopping server held. */
static void test_record_and_release_end_claims(void **state)
{
    struct world *w = *state;
    struct outbox_list l;
    struct outbox_msg m;

    queue(w->t->s, 2);
    claim(w->t->s, A, T0 + 10, 1, &l);
    assert_int_equal(l.n, 1);
    int64_t id = l.items[0].id;
    assert_int_equal(record(w->t->s, &l.items[0], A, false, T0 + 20), KZ_OK);
    outbox_list_cleanup(&l);
    get(w->t->s, id, &m);
    assert_int_equal(m.id, id);
    assert_null(m.claimed_by);
    assert_int_equal(m.claim_until, KZ_TIME_NONE);
    assert_int_equal(m.attempts, 1);
    outbox_msg_cleanup(&m);
    assert_int_equal(claim_n(w->other, B, T0 + 79), 1); /* the other one */
    assert_int_equal(claim_n(w->other, B, T0 + 80), 1); /* the retry */

    /* B stops with both claimed: it hands them back. */
    assert_int_equal(claim_n(w->t->s, A, T0 + 80), 0);
    assert_int_equal(store_begin(w->other), KZ_OK);
    assert_int_equal(store_end(w->other, store_outbox_release(w->other, B)),
                     KZ_OK);
    assert_int_equal(claim_n(w->t->s, A, T0 + 80), 2);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_claims_are_disjoint),
        T(test_claim_takes_what_is_due),
        T(test_open_claims_skip_each_other),
        T(test_concurrent_claims_are_disjoint),
        T(test_expired_claim_is_claimable_again),
        T(test_sent_message_is_never_claimed_again),
        T(test_record_and_release_end_claims),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
