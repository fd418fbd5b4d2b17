/* SPDX-License-Identifier: MIT */
/*
 * throttle.c - failed sign-in bookkeeping (see throttle.h).
 *
 * Each key ("u:<name>" or "a:<address>") counts failures; after a few
 * free tries, every further failure doubles the wait, up to 15 minutes.
 * Addresses get more free tries because many people may share one (NAT).
 * The table is bounded: when full, the entry idle longest is reused.
 */
#include "http/throttle.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "util/mem.h"

#define SLOTS 4096
#define KEY_MAX 80
#define FREE_TRIES_NAME 3
#define FREE_TRIES_ADDR 10
#define WAIT_MAX 900
#define FORGET_AFTER 3600 /* an hour without failures wipes the slate */

struct slot {
    char key[KEY_MAX];
    int failures;
    kz_time last;
    kz_time until;
};

struct throttle {
    pthread_mutex_t lock;
    struct slot slots[SLOTS];
};

struct throttle *throttle_new(void)
{
    struct throttle *t = xcalloc(1, sizeof(*t));

    pthread_mutex_init(&t->lock, NULL);
    return t;
}

void throttle_free(struct throttle *t)
{
    if (t == NULL)
        return;
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

/* The slot of 'key'; 'create' claims one (reusing the stalest). */
static struct slot *find(struct throttle *t, const char *key, bool create,
                         kz_time now)
{
    unsigned start = hash(key) % SLOTS;
    struct slot *stale = NULL;

    for (unsigned i = 0; i < 16; i++) {
        struct slot *s = &t->slots[(start + i) % SLOTS];
        if (strcmp(s->key, key) == 0) {
            if (now - s->last > FORGET_AFTER)
                s->failures = 0;
            return s;
        }
        if (stale == NULL || s->key[0] == '\0' || s->last < stale->last)
            stale = s;
        if (s->key[0] == '\0')
            break;
    }
    if (!create)
        return NULL;
    memset(stale, 0, sizeof(*stale));
    snprintf(stale->key, sizeof(stale->key), "%s", key);
    return stale;
}

static void key_of(char *out, char kind, const char *v)
{
    snprintf(out, KEY_MAX, "%c:%s", kind, v ? v : "");
}

long throttle_wait(struct throttle *t, const char *name, const char *addr,
                   kz_time now)
{
    char k[KEY_MAX];
    long wait = 0;

    pthread_mutex_lock(&t->lock);
    key_of(k, 'u', name);
    struct slot *s = find(t, k, false, now);
    if (s != NULL && s->until > now)
        wait = (long)(s->until - now);
    key_of(k, 'a', addr);
    s = find(t, k, false, now);
    if (s != NULL && s->until > now && (long)(s->until - now) > wait)
        wait = (long)(s->until - now);
    pthread_mutex_unlock(&t->lock);
    return wait;
}

static void fail_key(struct throttle *t, const char *key, int free_tries,
                     kz_time now)
{
    struct slot *s = find(t, key, true, now);

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
    pthread_mutex_unlock(&t->lock);
}

void throttle_succeed(struct throttle *t, const char *name)
{
    char k[KEY_MAX];

    pthread_mutex_lock(&t->lock);
    key_of(k, 'u', name);
    struct slot *s = find(t, k, false, 0);
    if (s != NULL)
        memset(s, 0, sizeof(*s));
    pthread_mutex_unlock(&t->lock);
}
