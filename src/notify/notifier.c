/* SPDX-License-Identifier: MIT */
/*
 * notifier.c - the delivery threads (see notifier.h).
 *
 * Messages are read from the outbox, sent outside any transaction, and
 * their outcome recorded through the writer.  A crash between sending and
 * recording sends the message again after a restart: delivery is at least
 * once, and each message carries an idempotency key so that receivers can
 * drop the duplicate.
 */
#include "notify/notifier.h"

#include <pthread.h>
#include <sodium.h>
#include <stdbool.h>
#include <string.h>
#include <time.h>

#include "app/delivery.h"
#include "app/response.h"
#include "app/settings.h"
#include "notify/send.h"
#include "util/clock.h"
#include "util/mem.h"

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

/* Queue what is due and not yet on its way; true when there may be more
 * to queue right away. */
static bool dispatch_due(struct notifier *n)
{
    struct outbox_list due = {0};
    size_t queued = 0;

    pthread_mutex_lock(&n->lock);
    forget_recorded(n);
    pthread_mutex_unlock(&n->lock);
    if (store_outbox_list(n->store, 0, clock_now(), BATCH, &due) != KZ_OK ||
        due.n == 0) {
        outbox_list_cleanup(&due);
        return false;
    }
    char *url = app_setting(n->store, "smtp_url", "");
    char *from = app_setting(n->store, "smtp_from", "");
    char *user = app_setting(n->store, "smtp_username", "");
    char *password = app_setting(n->store, "smtp_password", "");
    struct smtp_config smtp = {url, from, user, password};
    pthread_mutex_lock(&n->lock);
    for (size_t i = 0; i < due.n && n->nbusy < BUSY_MAX; i++) {
        if (!is_busy(n, due.items[i].id)) {
            enqueue(n, &due.items[i], &smtp);
            queued++;
        }
    }
    bool room = n->nbusy < BUSY_MAX;
    pthread_mutex_unlock(&n->lock);
    free_secret(password);
    xfree(url);
    xfree(from);
    xfree(user);
    bool more = due.n == BATCH && queued > 0 && room;
    outbox_list_cleanup(&due);
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

static void *notifier_main(void *p)
{
    struct notifier *n = p;
    kz_time last_escalation = 0;

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
 * it is still pending in the outbox, for the next start. */
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
    store_close(n->store);
    pthread_mutex_destroy(&n->lock);
    pthread_cond_destroy(&n->wake);
    pthread_cond_destroy(&n->work);
    xfree(n);
}
