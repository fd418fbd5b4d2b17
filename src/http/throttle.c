/* SPDX-License-Identifier: MIT */
/*
 * throttle.c - failed sign-in bookkeeping (see throttle.h).
 *
 * Each key ("u:<name>" or "a:<address>") counts failures; after a few
 * free tries, every further failure doubles the wait, up to 15 minutes.
 * Addresses get more free tries because many people may share one (NAT).
 * The table is bounded: when full, the entry idle longest is reused.
 *
 * A check in progress is 'pending' on both keys.  A new one is let in
 * only if it would still be allowed were every pending one to fail;
 * otherwise it waits for them to settle.  So parallel requests are
 * answered exactly as if they had come one after the other: no more
 * password checks than the limits, and good passwords that merely arrive
 * together (people behind one NAT) are not refused.
 */
#include "http/throttle.h"

#include <pthread.h>
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

struct slot {
    char key[KEY_MAX];
    int failures;
    int pending; /* checks reserved and not yet settled */
    kz_time last;
    kz_time until;
};

struct throttle {
    pthread_mutex_t lock;
    pthread_cond_t settled; /* a pending check ended */
    struct slot slots[SLOTS];
};

struct throttle *throttle_new(void)
{
    struct throttle *t = xcalloc(1, sizeof(*t));

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

long throttle_reserve(struct throttle *t, const char *name, const char *addr,
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

static void fail_key(struct throttle *t, const char *key, int free_tries,
                     kz_time now)
{
    struct slot *s = settle(t, key);

    if (s == NULL)
        return;
    s->failures++;
    s->last = now;
    if (s->failures >= free_tries) {
        int over = s->failures - free_tries;
        long wait = over >= 10 ? WAIT_MAX : 1L << over;
        s->until = now + (wait > WAIT_MAX ? WAIT_MAX : wait);
    }
}

void throttle_fail(struct throttle *t, const char *name, const char *addr,
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

void throttle_succeed(struct throttle *t, const char *name, const char *addr)
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

void throttle_release(struct throttle *t, const char *name, const char *addr)
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
