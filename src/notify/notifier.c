/* SPDX-License-Identifier: MIT */
/*
 * notifier.c - the delivery threads (see notifier.h).
 *
 * Messages are claimed in the outbox for this server (through the
 * writer), sent outside any transaction, and their outcome recorded
 * through the writer, which ends the claim.  Several servers on one
 * database each send the messages they claimed, so each message goes out
 * once; the claims of a server that crashed run out
 * (DELIVERY_LEASE_SECONDS) and another server, or this one restarted,
 * sends them then.  A crash between sending and recording therefore sends
 * the message again: delivery is at least once, and each message carries
 * an idempotency key so that receivers can drop the duplicate.
 */
#include "notify/notifier.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <sodium.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "app/delivery.h"
#include "app/response.h"
#include "app/settings.h"
#include "notify/send.h"
#include "util/clock.h"
#include "util/mem.h"
#include "util/strv.h"

#define BATCH 32
#define SENDERS 4 /* messages on their way at once */
#define BUSY_MAX (BATCH + SENDERS)
#define ESCALATE_EVERY 5 /* seconds between escalation checks */

/* One message on its way, with the SMTP settings of the moment it was
 * taken: owned by the queue, then by the sender that took it. */
struct delivery {
    struct outbox_msg m;
    char *url;
    char *from;
    char *user;
    char *password;
    struct delivery *next;
};

/*
 * The dispatcher thread reads what is due and escalates; SENDERS threads
 * send, so that a receiver that answers slowly (up to SEND_TIMEOUT) holds
 * up one message and not everyone's summons behind it.
 */
struct notifier {
    struct store *store; /* reads only, by the dispatcher */
    struct writer *writer;
    /* This server's name on its claims: host, process and a random part
     * (a restarted process on the same host is another claimer). */
    char owner[160];
    pthread_t thread;
    pthread_t senders[SENDERS];
    int nsenders;
    pthread_mutex_t lock;
    pthread_cond_t wake; /* the dispatcher: kicked, or stopping */
    pthread_cond_t work; /* the senders: queued, or stopping */
    bool kicked;
    bool stopping;
    struct delivery *head;
    struct delivery *tail;
    /* Messages queued, being sent, or recorded since the dispatcher's
     * last read of the outbox began: that read may predate the record,
     * and must not send them again. */
    struct {
        int64_t id;
        bool recorded;
    } busy[BUSY_MAX];
    size_t nbusy;
};

struct record_job {
    const struct outbox_msg *m;
    bool sent;
    const char *why;
    kz_time now;
};

static enum kz_err run_record(struct store *s, void *arg)
{
    struct record_job *j = arg;

    return app_delivery_record(s, j->m, j->sent, j->why, j->now);
}

struct claim_job {
    const char *owner;
    kz_time now;
    int limit;
    struct outbox_list claimed;
};

static enum kz_err run_claim(struct store *s, void *arg)
{
    struct claim_job *j = arg;

    outbox_list_cleanup(&j->claimed); /* a job may run again */
    return app_delivery_claim(s, j->owner, j->now, j->limit, &j->claimed);
}

static enum kz_err run_release(struct store *s, void *arg)
{
    return app_delivery_release(s, arg);
}

struct escalate_job {
    kz_time now;
    bool queued;
    int count;
};

static enum kz_err run_escalate(struct store *s, void *arg)
{
    struct escalate_job *j = arg;

    return app_escalate(s, j->now, &j->queued, &j->count);
}

static void free_secret(char *s)
{
    if (s != NULL)
        sodium_memzero(s, strlen(s));
    xfree(s);
}

static void delivery_free(struct delivery *d)
{
    outbox_msg_cleanup(&d->m);
    xfree(d->url);
    xfree(d->from);
    xfree(d->user);
    free_secret(d->password);
    xfree(d);
}

/* Is message 'id' on its way, or just recorded?  The lock is held. */
static bool is_busy(const struct notifier *n, int64_t id)
{
    for (size_t i = 0; i < n->nbusy; i++) {
        if (n->busy[i].id == id)
            return true;
    }
    return false;
}

/* Message 'id' is recorded (or given up for this round).  The lock is
 * held. */
static void mark_recorded(struct notifier *n, int64_t id)
{
    for (size_t i = 0; i < n->nbusy; i++) {
        if (n->busy[i].id == id)
            n->busy[i].recorded = true;
    }
}

/* Before reading the outbox: what was recorded before now is seen as
 * such by the read.  The lock is held. */
static void forget_recorded(struct notifier *n)
{
    for (size_t i = 0; i < n->nbusy;) {
        if (n->busy[i].recorded)
            n->busy[i] = n->busy[--n->nbusy];
        else
            i++;
    }
}

/* Hand message 'm' (moved out of the caller's list) to the senders, with
 * copies of the SMTP settings 'smtp'.  The lock is held. */
static void enqueue(struct notifier *n, struct outbox_msg *m,
                    const struct smtp_config *smtp)
{
    struct delivery *d = xcalloc(1, sizeof(*d));

    d->m = *m;
    outbox_msg_init(m);
    d->url = xstrdup(smtp->url);
    d->from = xstrdup(smtp->from);
    d->user = xstrdup(smtp->username);
    d->password = xstrdup(smtp->password);
    n->busy[n->nbusy].id = d->m.id;
    n->busy[n->nbusy++].recorded = false;
    if (n->tail != NULL)
        n->tail->next = d;
    else
        n->head = d;
    n->tail = d;
    pthread_cond_signal(&n->work);
}

/* Claim what is due and not held by a server, and queue it; true when
 * there may be more to queue right away. */
static bool dispatch_due(struct notifier *n)
{
    struct outbox_list due = {0};
    size_t queued = 0;
    kz_time now = clock_now();

    pthread_mutex_lock(&n->lock);
    forget_recorded(n);
    int room = BUSY_MAX - (int)n->nbusy;
    pthread_mutex_unlock(&n->lock);
    if (room <= 0)
        return false;
    /* A read first: a claim is a write, not worth the writer's turn (and,
     * on SQLite, a commit) every second when nothing is due. */
    if (store_outbox_list(n->store, 0, now, 1, &due) != KZ_OK || due.n == 0) {
        outbox_list_cleanup(&due);
        return false;
    }
    outbox_list_cleanup(&due);
    /* Claim no more than can be queued: a claimed message left out would
     * wait for its claim to run out. */
    struct claim_job j = {n->owner, now, room < BATCH ? room : BATCH, {0}};
    if (writer_run(n->writer, run_claim, &j) != KZ_OK || j.claimed.n == 0) {
        outbox_list_cleanup(&j.claimed);
        return false;
    }
    char *url = app_setting(n->store, "smtp_url", "");
    char *from = app_setting(n->store, "smtp_from", "");
    char *user = app_setting(n->store, "smtp_username", "");
    char *password = app_setting(n->store, "smtp_password", "");
    struct smtp_config smtp = {url, from, user, password};
    pthread_mutex_lock(&n->lock);
    for (size_t i = 0; i < j.claimed.n && n->nbusy < BUSY_MAX; i++) {
        /* Busy: claimed again after our own claim ran out while it
         * waited in the queue; it is on its way already. */
        if (!is_busy(n, j.claimed.items[i].id)) {
            enqueue(n, &j.claimed.items[i], &smtp);
            queued++;
        }
    }
    bool more = n->nbusy < BUSY_MAX;
    pthread_mutex_unlock(&n->lock);
    free_secret(password);
    xfree(url);
    xfree(from);
    xfree(user);
    more = more && j.claimed.n == (size_t)j.limit && queued > 0;
    outbox_list_cleanup(&j.claimed);
    return more;
}

/* Send one message and record the outcome through the writer.  Left
 * unrecorded, the message stays pending and goes again later: delivery
 * is at least once. */
static enum kz_err deliver(struct notifier *n, struct delivery *d)
{
    struct smtp_config smtp = {d->url, d->from, d->user, d->password};
    char why[256];
    bool sent = send_message(&d->m, &smtp, why, sizeof(why));
    struct record_job j = {&d->m, sent, why, clock_now()};

    return writer_run(n->writer, run_record, &j);
}

static void *sender_main(void *p)
{
    struct notifier *n = p;

    for (;;) {
        pthread_mutex_lock(&n->lock);
        while (n->head == NULL && !n->stopping)
            pthread_cond_wait(&n->work, &n->lock);
        if (n->stopping) {
            pthread_mutex_unlock(&n->lock);
            return NULL;
        }
        struct delivery *d = n->head;
        n->head = d->next;
        if (n->head == NULL)
            n->tail = NULL;
        pthread_mutex_unlock(&n->lock);

        enum kz_err err = deliver(n, d);

        pthread_mutex_lock(&n->lock);
        mark_recorded(n, d->m.id);
        /* Room for the next message, now; one whose outcome could not be
         * recorded waits for the dispatcher's next round, not in a loop. */
        if (err == KZ_OK) {
            n->kicked = true;
            pthread_cond_signal(&n->wake);
        }
        pthread_mutex_unlock(&n->lock);
        delivery_free(d);
    }
}

/*
 * Is 'owner' a claimer of this host whose process is gone: an earlier run
 * of a server here that crashed or was killed?  (Same host name, and its
 * process id no longer runs or is ours now, as a container's first
 * process is each time.)  Its claims need not run out: restarted, a
 * server sends at once what it was sending when it died.
 */
static bool claimer_gone(const char *owner, const char *self)
{
    const char *colon = strchr(self, ':');
    size_t host = colon ? (size_t)(colon - self) : 0;
    char *end = NULL;

    if (host == 0 || strncmp(owner, self, host + 1) != 0 ||
        strcmp(owner, self) == 0)
        return false;
    errno = 0;
    long pid = strtol(owner + host + 1, &end, 10);
    if (errno != 0 || end == owner + host + 1 || *end != ':' || pid <= 0)
        return false;
    if (pid == (long)getpid())
        return true;
    return kill((pid_t)pid, 0) != 0 && errno == ESRCH;
}

/* Hand back the claims of this host's dead servers (claimer_gone). */
static void recover_claims(struct notifier *n)
{
    struct strv owners = {0};

    if (store_outbox_claimers(n->store, &owners) != KZ_OK)
        return;
    for (size_t i = 0; i < owners.n; i++) {
        if (claimer_gone(owners.v[i], n->owner) &&
            writer_run(n->writer, run_release, owners.v[i]) != KZ_OK)
            fprintf(stderr, "kizuki: outbox claims of a stopped server left"
                            " to run out\n");
    }
    strv_cleanup(&owners);
}

static void *notifier_main(void *p)
{
    struct notifier *n = p;
    kz_time last_escalation = 0;

    recover_claims(n);
    for (;;) {
        pthread_mutex_lock(&n->lock);
        if (!n->kicked && !n->stopping) {
            struct timespec until;
            clock_gettime(CLOCK_REALTIME, &until);
            until.tv_sec += 1;
            pthread_cond_timedwait(&n->wake, &n->lock, &until);
        }
        bool stop = n->stopping;
        n->kicked = false;
        pthread_mutex_unlock(&n->lock);
        if (stop)
            break;
        kz_time now = clock_now();
        if (now - last_escalation >= ESCALATE_EVERY) {
            struct escalate_job j = {now, false, 0};
            if (writer_run(n->writer, run_escalate, &j) == KZ_OK)
                last_escalation = now;
        }
        while (dispatch_due(n)) {
            pthread_mutex_lock(&n->lock);
            stop = n->stopping;
            pthread_mutex_unlock(&n->lock);
            if (stop)
                break;
        }
    }
    return NULL;
}

/* Stop the senders after the messages in hand, and drop what is queued:
 * it is still pending in the outbox, claimed by this server until
 * notifier_stop hands the claims back. */
static void notifier_stop_senders(struct notifier *n)
{
    pthread_mutex_lock(&n->lock);
    n->stopping = true;
    pthread_cond_broadcast(&n->work);
    pthread_mutex_unlock(&n->lock);
    for (int i = 0; i < n->nsenders; i++)
        pthread_join(n->senders[i], NULL);
    while (n->head != NULL) {
        struct delivery *d = n->head;
        n->head = d->next;
        delivery_free(d);
    }
    n->tail = NULL;
    n->nbusy = 0;
}

/* A name for this server's claims: "host:pid:random". */
static void make_owner(char *out, size_t size)
{
    char host[64] = "";
    unsigned char r[6];
    char hex[sizeof(r) * 2 + 1];

    if (gethostname(host, sizeof(host)) != 0)
        host[0] = '\0';
    host[sizeof(host) - 1] = '\0';
    randombytes_buf(r, sizeof(r));
    sodium_bin2hex(hex, sizeof(hex), r, sizeof(r));
    snprintf(out, size, "%s:%ld:%s", host[0] ? host : "kizuki", (long)getpid(),
             hex);
}

enum kz_err notifier_start(const char *db, struct writer *writer,
                           struct notifier **out)
{
    struct notifier *n = xcalloc(1, sizeof(*n));
    enum kz_err err = store_open(db, STORE_OPEN_EXISTING, &n->store);

    *out = NULL;
    if (err != KZ_OK) {
        xfree(n);
        return err;
    }
    n->writer = writer;
    make_owner(n->owner, sizeof(n->owner));
    pthread_mutex_init(&n->lock, NULL);
    pthread_cond_init(&n->wake, NULL);
    pthread_cond_init(&n->work, NULL);
    while (n->nsenders < SENDERS &&
           pthread_create(&n->senders[n->nsenders], NULL, sender_main, n) == 0)
        n->nsenders++;
    if (n->nsenders == 0 ||
        pthread_create(&n->thread, NULL, notifier_main, n) != 0) {
        notifier_stop_senders(n);
        store_close(n->store);
        xfree(n);
        return KZ_ESTORE;
    }
    *out = n;
    return KZ_OK;
}

void notifier_kick(struct notifier *n)
{
    if (n == NULL)
        return;
    pthread_mutex_lock(&n->lock);
    n->kicked = true;
    pthread_cond_signal(&n->wake);
    pthread_mutex_unlock(&n->lock);
}

void notifier_stop(struct notifier *n)
{
    if (n == NULL)
        return;
    pthread_mutex_lock(&n->lock);
    n->stopping = true;
    pthread_cond_signal(&n->wake);
    pthread_mutex_unlock(&n->lock);
    pthread_join(n->thread, NULL);
    notifier_stop_senders(n);
    /* What was claimed and not sent goes back to the outbox now rather
     * than when its claim runs out (the writer still runs: it stops
     * after the notifier).  Failing that, the claims run out. */
    if (writer_run(n->writer, run_release, n->owner) != KZ_OK)
        fprintf(stderr, "kizuki: outbox claims left to run out\n");
    store_close(n->store);
    pthread_mutex_destroy(&n->lock);
    pthread_cond_destroy(&n->wake);
    pthread_cond_destroy(&n->work);
    xfree(n);
}
