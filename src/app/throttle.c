/* SPDX-License-Identifier: MIT */
/*
 * throttle.c - failed sign-in bookkeeping (see throttle.h).
 *
 * Each key ("u:<name>" or "a:<address>") counts failures; after a few
 * free tries, every further failure doubles the wait, up to 15 minutes.
 * Addresses get more free tries because many people may share one (NAT).
 *
 * A check in progress is 'pending' on both keys.  A new one is let in
 * only if it would still be allowed were every pending one to fail;
 * otherwise it waits for them to settle.  So parallel requests are
 * answered exactly as if they had come one after the other: no more
 * password checks than the limits, and good passwords that merely arrive
 * together (people behind one NAT) are not refused.
 *
 * Where the counts live.  Servers that share a PostgreSQL database count
 * in it (signin_throttle, store_throttle_*): counted in each server's
 * memory, an attacker alternating between two servers behind a load
 * balancer got twice the tries.  The reservation is one upsert per key,
 * whose row lock makes parallel reservations on any server take turns,
 * so the rule above holds across servers; a pending check holds its
 * place for a lease of LEASE seconds, so a server that dies mid-check
 * does not lock the account out for good; a request that finds no room
 * asks again every POLL_MS rather than sleeping on a condition variable.
 * A server on SQLite keeps the counts in memory, in a bounded table
 * (when full, the entry idle longest is reused): an SQLite file has one
 * server, and through the table every sign-in would queue at the single
 * writer and pay a commit's sync before its password check.
 */
#include "app/throttle.h"

#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "util/mem.h"

#define SLOTS 4096
#define PROBES 16
#define KEY_MAX 80
#define FREE_TRIES_NAME 3
#define FREE_TRIES_ADDR 10
#define WAIT_MAX 900
#define FORGET_AFTER 3600 /* an hour without failures wipes the slate */
/* How long a request waits for the checks ahead of it; they take well
 * under a second each, so this is only reached when something is stuck. */
#define SETTLE_WAIT_SECONDS 10
/* Shared counts: how long a pending check keeps its place, how often a
 * request without room asks again, and how many reservations pass
 * between two purges of the keys idle for an hour. */
#define LEASE 60
#define POLL_MS 25
#define PURGE_EVERY 256
/* "u:" or "a:" and the SHA-256 of the name or address in hex. */
#define SHARED_KEY (2 + crypto_hash_sha256_BYTES * 2 + 1)

struct slot {
    char key[KEY_MAX];
    int failures;
    int pending; /* checks reserved and not yet settled */
    kz_time last;
    kz_time until;
};

struct throttle {
    bool shared;            /* counts in the database (store_throttle_*) */
    unsigned long reserves; /* shared: reservations, for the purges */
    pthread_mutex_t lock;
    pthread_cond_t settled; /* a pending check ended */
    struct slot slots[SLOTS];
};

struct throttle *throttle_new(bool shared)
{
    struct throttle *t = xcalloc(1, sizeof(*t));

    t->shared = shared;
    pthread_mutex_init(&t->lock, NULL);
    pthread_cond_init(&t->settled, NULL);
    return t;
}

void throttle_free(struct throttle *t)
{
    if (t == NULL)
        return;
    pthread_cond_destroy(&t->settled);
    pthread_mutex_destroy(&t->lock);
    xfree(t);
}

static unsigned hash(const char *s)
{
    unsigned h = 2166136261u;

    for (; *s != '\0'; s++)
        h = (h ^ (unsigned char)*s) * 16777619u;
    return h;
}

/*
 * The slot of 'key'; 'create' claims one, reusing the stalest of those
 * without a pending check (NULL when every one has one).  No early stop
 * at an empty slot: a success empties none, but a slot may be empty in
 * the middle of a probe run, and the keys after it must still be found.
 */
static struct slot *find(struct throttle *t, const char *key, bool create,
                         kz_time now)
{
    unsigned start = hash(key) % SLOTS;
    struct slot *stale = NULL;

    for (unsigned i = 0; i < PROBES; i++) {
        struct slot *s = &t->slots[(start + i) % SLOTS];
        if (strcmp(s->key, key) == 0) {
            if (now - s->last > FORGET_AFTER)
                s->failures = 0;
            return s;
        }
        if (s->pending > 0)
            continue;
        if (stale == NULL || (stale->key[0] != '\0' &&
                              (s->key[0] == '\0' || s->last < stale->last)))
            stale = s;
    }
    if (!create || stale == NULL)
        return NULL;
    memset(stale, 0, sizeof(*stale));
    snprintf(stale->key, sizeof(stale->key), "%s", key);
    stale->last = now;
    return stale;
}

static void key_of(char *out, char kind, const char *v)
{
    snprintf(out, KEY_MAX, "%c:%s", kind, v ? v : "");
}

static long wait_of(const struct slot *s, kz_time now)
{
    return s->until > now ? (long)(s->until - now) : 0;
}

/* Whether one more check may start now: it would still be allowed if
 * every pending check failed.  Past the free tries, only one at a time
 * (its failure sets the next delay). */
static bool room_for_one(const struct slot *s, int free_tries)
{
    return s->pending == 0 || s->failures + s->pending < free_tries;
}

static long mem_reserve(struct throttle *t, const char *name, const char *addr,
                        kz_time now)
{
    char kname[KEY_MAX];
    char kaddr[KEY_MAX];
    struct timespec until;
    long wait = 0;

    key_of(kname, 'u', name);
    key_of(kaddr, 'a', addr);
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += SETTLE_WAIT_SECONDS;
    pthread_mutex_lock(&t->lock);
    for (;;) {
        struct slot *sn = find(t, kname, true, now);
        /* Held while the address's slot is found, so that it is not the
         * one reused for it. */
        if (sn != NULL)
            sn->pending++;
        struct slot *sa = find(t, kaddr, true, now);
        if (sn != NULL)
            sn->pending--;
        if (sn == NULL || sa == NULL) {
            wait = 1; /* the table is full of checks in progress */
            break;
        }
        wait = wait_of(sn, now);
        if (wait_of(sa, now) > wait)
            wait = wait_of(sa, now);
        if (wait > 0)
            break;
        if (room_for_one(sn, FREE_TRIES_NAME) &&
            room_for_one(sa, FREE_TRIES_ADDR)) {
            sn->pending++;
            sa->pending++;
            break;
        }
        if (pthread_cond_timedwait(&t->settled, &t->lock, &until) != 0) {
            wait = 1;
            break;
        }
    }
    pthread_mutex_unlock(&t->lock);
    return wait;
}

/* End the pending check of 'key' (which cannot have been reused: slots
 * with pending checks are kept). */
static struct slot *settle(struct throttle *t, const char *key)
{
    struct slot *s = find(t, key, false, 0);

    if (s != NULL && s->pending > 0)
        s->pending--;
    return s;
}

/* The wait after the 'failures'-th failure: none within the free tries,
 * then 1, 2, 4 … seconds up to WAIT_MAX. */
static long delay_of(int64_t failures, int free_tries)
{
    if (failures < free_tries)
        return 0;
    int64_t over = failures - free_tries;
    long wait = over >= 10 ? WAIT_MAX : 1L << over;
    return wait > WAIT_MAX ? WAIT_MAX : wait;
}

static void fail_key(struct throttle *t, const char *key, int free_tries,
                     kz_time now)
{
    struct slot *s = settle(t, key);

    if (s == NULL)
        return;
    s->failures++;
    s->last = now;
    if (s->failures >= free_tries)
        s->until = now + delay_of(s->failures, free_tries);
}

static void mem_fail(struct throttle *t, const char *name, const char *addr,
                     kz_time now)
{
    char k[KEY_MAX];

    pthread_mutex_lock(&t->lock);
    key_of(k, 'u', name);
    fail_key(t, k, FREE_TRIES_NAME, now);
    key_of(k, 'a', addr);
    fail_key(t, k, FREE_TRIES_ADDR, now);
    pthread_cond_broadcast(&t->settled);
    pthread_mutex_unlock(&t->lock);
}

static void mem_succeed(struct throttle *t, const char *name, const char *addr)
{
    char k[KEY_MAX];

    pthread_mutex_lock(&t->lock);
    key_of(k, 'u', name);
    struct slot *s = settle(t, k);
    if (s != NULL) {
        s->failures = 0;
        s->until = 0;
    }
    key_of(k, 'a', addr);
    settle(t, k);
    pthread_cond_broadcast(&t->settled);
    pthread_mutex_unlock(&t->lock);
}

static void mem_release(struct throttle *t, const char *name, const char *addr)
{
    char k[KEY_MAX];

    pthread_mutex_lock(&t->lock);
    key_of(k, 'u', name);
    settle(t, k);
    key_of(k, 'a', addr);
    settle(t, k);
    pthread_cond_broadcast(&t->settled);
    pthread_mutex_unlock(&t->lock);
}

/* ---- counts shared through the database --------------------------------- */

static const struct throttle_terms terms_name = {FREE_TRIES_NAME, FORGET_AFTER,
                                                 LEASE};
static const struct throttle_terms terms_addr = {FREE_TRIES_ADDR, FORGET_AFTER,
                                                 LEASE};

/*
 * The end of a step whose failure needs no answer: a settle that did not
 * reach the database leaves its check pending until the lease lapses (the
 * safe side), a purge is made again later; the driver logged the error.
 */
static void settled_anyway(enum kz_err err)
{
    (void)err;
}

/* OUT: out[SHARED_KEY]. */
static void shared_key(char *out, char kind, const char *v)
{
    unsigned char d[crypto_hash_sha256_BYTES];

    if (v == NULL)
        v = "";
    crypto_hash_sha256(d, (const unsigned char *)v, strlen(v));
    out[0] = kind;
    out[1] = ':';
    sodium_bin2hex(out + 2, SHARED_KEY - 2, d, sizeof(d));
}

static double seconds_now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static enum kz_err shared_reserve(struct throttle *t, struct store *s,
                                  const char *name, const char *addr,
                                  kz_time now, long *wait)
{
    char kname[SHARED_KEY];
    char kaddr[SHARED_KEY];
    double give_up = seconds_now() + SETTLE_WAIT_SECONDS;
    bool purge;

    shared_key(kname, 'u', name);
    shared_key(kaddr, 'a', addr);
    pthread_mutex_lock(&t->lock);
    purge = t->reserves++ % PURGE_EVERY == 0;
    pthread_mutex_unlock(&t->lock);
    if (purge)
        settled_anyway(store_throttle_purge(s, &terms_name, now));
    for (;;) {
        bool got_name = false;
        bool got_addr = false;
        int64_t wait_name = 0;
        int64_t wait_addr = 0;
        int64_t failures;
        enum kz_err err = store_throttle_reserve(s, kname, &terms_name, now,
                                                 &got_name, &wait_name);
        if (err == KZ_OK && got_name) {
            err = store_throttle_reserve(s, kaddr, &terms_addr, now, &got_addr,
                                         &wait_addr);
            /* The name's place goes back when the address has none: a
             * request in between found less room than there was, and
             * waits a little, which is the safe side. */
            if (err != KZ_OK || !got_addr)
                settled_anyway(store_throttle_settle(
                    s, kname, THROTTLE_RELEASED, now, &failures));
        }
        if (err != KZ_OK)
            return err;
        if (got_name && got_addr) {
            *wait = 0;
            return KZ_OK;
        }
        *wait = (long)(wait_name > wait_addr ? wait_name : wait_addr);
        if (*wait > 0)
            return KZ_OK;
        if (seconds_now() > give_up) {
            *wait = 1;
            return KZ_OK;
        }
        struct timespec nap = {0, POLL_MS * 1000000L};
        nanosleep(&nap, NULL);
    }
}

/* A failure of 'key': counted, and past the free tries its wait set. */
static void shared_fail_key(struct store *s, const char *key,
                            const struct throttle_terms *terms, kz_time now)
{
    int64_t failures = 0;

    /* Counted first, still pending; then its wait set and the check
     * ended in one step, so that no reservation comes in between. */
    if (store_throttle_settle(s, key, THROTTLE_FAILED, now, &failures) != KZ_OK)
        return;
    long wait = delay_of(failures, terms->free_tries);
    settled_anyway(store_throttle_hold(s, key, wait > 0 ? now + wait : 0));
}

/* The other outcomes of both keys; the name's failures are forgotten on
 * a success, the address's are not (others may share it). */
static void shared_settle(struct store *s, const char *name, const char *addr,
                          enum throttle_outcome outcome, kz_time now)
{
    char k[SHARED_KEY];
    int64_t failures;

    shared_key(k, 'u', name);
    settled_anyway(store_throttle_settle(s, k, outcome, now, &failures));
    shared_key(k, 'a', addr);
    settled_anyway(
        store_throttle_settle(s, k, THROTTLE_RELEASED, now, &failures));
}

/* ---- the interface ------------------------------------------------- */

enum kz_err throttle_reserve(struct throttle *t, struct store *s,
                             const char *name, const char *addr, kz_time now,
                             long *wait)
{
    if (t->shared)
        return shared_reserve(t, s, name, addr, now, wait);
    *wait = mem_reserve(t, name, addr, now);
    return KZ_OK;
}

void throttle_fail(struct throttle *t, struct store *s, const char *name,
                   const char *addr, kz_time now)
{
    char k[SHARED_KEY];

    if (!t->shared) {
        mem_fail(t, name, addr, now);
        return;
    }
    shared_key(k, 'u', name);
    shared_fail_key(s, k, &terms_name, now);
    shared_key(k, 'a', addr);
    shared_fail_key(s, k, &terms_addr, now);
}

void throttle_succeed(struct throttle *t, struct store *s, const char *name,
                      const char *addr, kz_time now)
{
    if (t->shared)
        shared_settle(s, name, addr, THROTTLE_SUCCEEDED, now);
    else
        mem_succeed(t, name, addr);
}

void throttle_release(struct throttle *t, struct store *s, const char *name,
                      const char *addr, kz_time now)
{
    if (t->shared)
        shared_settle(s, name, addr, THROTTLE_RELEASED, now);
    else
        mem_release(t, name, addr);
}
