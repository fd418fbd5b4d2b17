/* SPDX-License-Identifier: MIT */
/*
 * notifier.c - the delivery thread (see notifier.h).
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
#define ESCALATE_EVERY 5 /* seconds between escalation checks */

struct notifier {
    struct store *store; /* reads only */
    struct writer *writer;
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t wake;
    bool kicked;
    bool stopping;
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

static void load_smtp(struct store *s, char **url, char **from, char **user,
                      char **password)
{
    *url = app_setting(s, "smtp_url", "");
    *from = app_setting(s, "smtp_from", "");
    *user = app_setting(s, "smtp_username", "");
    *password = app_setting(s, "smtp_password", "");
}

static void free_secret(char *s)
{
    if (s != NULL)
        sodium_memzero(s, strlen(s));
    xfree(s);
}

/* Send what is due; true when there may be more. */
static bool deliver_due(struct notifier *n)
{
    struct outbox_list due = {0};
    kz_time now = clock_now();

    if (store_outbox_list(n->store, 0, now, BATCH, &due) != KZ_OK ||
        due.n == 0) {
        outbox_list_cleanup(&due);
        return false;
    }
    char *url;
    char *from;
    char *user;
    char *password;
    load_smtp(n->store, &url, &from, &user, &password);
    struct smtp_config smtp = {url, from, user, password};
    for (size_t i = 0; i < due.n; i++) {
        char why[256];
        bool sent = send_message(&due.items[i], &smtp, why, sizeof(why));
        struct record_job j = {&due.items[i], sent, why, clock_now()};
        if (writer_run(n->writer, run_record, &j) != KZ_OK)
            break;
    }
    free_secret(password);
    xfree(url);
    xfree(from);
    xfree(user);
    bool more = due.n == BATCH;
    outbox_list_cleanup(&due);
    return more;
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
        while (deliver_due(n)) {
            pthread_mutex_lock(&n->lock);
            stop = n->stopping;
            pthread_mutex_unlock(&n->lock);
            if (stop)
                break;
        }
    }
    return NULL;
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
    if (pthread_create(&n->thread, NULL, notifier_main, n) != 0) {
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
    store_close(n->store);
    pthread_mutex_destroy(&n->lock);
    pthread_cond_destroy(&n->wake);
    xfree(n);
}
