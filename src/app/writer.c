/* SPDX-License-Identifier: MIT */
/*
 * writer.c - the group-commit writer (see writer.h).
 */
#include "app/writer.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <time.h>

#include "util/mem.h"

#define BATCH_MAX 128

/* Owned by the writer_run that waits for it. */
struct job {
    writer_job_fn fn;
    void *arg;
    enum kz_err err;
    bool done;
    pthread_cond_t finished; /* 'done' became true; signalled under lock */
    int64_t queued_ns;       /* when writer_run queued it */
    int64_t done_ns;         /* when its commit ended */
    struct job *next;
};

struct writer {
    struct store *store;
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t work; /* the queue has jobs, or stopping */
    struct job *head;
    struct job *tail;
    bool stopping;
    void (*on_commit)(void *);
    void *on_commit_arg;
    long commits;
    long jobs;
    /* Where the time goes (writer_report): a few clock reads per commit
     * and two per job, nothing that waits. */
    long per_commit[BATCH_MAX + 1]; /* commits that carried i jobs */
    int64_t wait_ns;                /* idle, waiting for a job */
    int64_t run_ns;                 /* running jobs inside transactions */
    int64_t commit_ns;              /* in COMMIT: the sync, checkpoints */
    int64_t commit_max_ns;
    int64_t queue_ns; /* jobs' time from writer_run to their batch */
    int64_t wake_ns;  /* from a commit to its requests running again */
};

static int64_t now_ns(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* Commit the writer's transaction, timing it; 'jobs' is how many jobs it
 * carries. */
static enum kz_err commit_timed(struct writer *w, int jobs)
{
    int64_t t0 = now_ns();
    enum kz_err err = store_commit(w->store);
    int64_t took = now_ns() - t0;

    w->commit_ns += took;
    if (took > w->commit_max_ns)
        w->commit_max_ns = took;
    if (err == KZ_OK) {
        w->commits++;
        w->per_commit[jobs > BATCH_MAX ? BATCH_MAX : jobs]++;
    }
    return err;
}

/* Run one job in a transaction of its own. */
static void run_alone(struct writer *w, struct job *j)
{
    enum kz_err err = store_begin(w->store);

    if (err == KZ_OK) {
        int64_t t0 = now_ns();
        j->err = j->fn(w->store, j->arg);
        w->run_ns += now_ns() - t0;
        err = commit_timed(w, 1);
    }
    if (err != KZ_OK)
        j->err = err;
}

/* Move queued jobs into 'batch', which holds 'n', up to BATCH_MAX; the
 * lock is held.  Returns the new count. */
static int take_queued(struct writer *w, struct job **batch, int n)
{
    while (w->head != NULL && n < BATCH_MAX) {
        batch[n++] = w->head;
        w->head = w->head->next;
    }
    if (w->head == NULL)
        w->tail = NULL;
    return n;
}

/*
 * Run a batch in one transaction and return how many jobs it held.  Use
 * cases end their own nested transactions, so a job that fails on its
 * input leaves the others' work in place.  When the store itself fails,
 * nothing of the batch is kept and each job is retried alone, so one bad
 * write cannot take its neighbours down with it.
 */
static int run_batch(struct writer *w, struct job **batch, int n)
{
    bool store_failed = false;
    int64_t t0 = now_ns();
    enum kz_err err = store_begin(w->store);

    for (int i = 0; i < n; i++)
        w->queue_ns += t0 - batch[i]->queued_ns;
    if (err == KZ_OK) {
        for (int i = 0; i < n && !store_failed; i++) {
            batch[i]->err = batch[i]->fn(w->store, batch[i]->arg);
            store_failed = batch[i]->err == KZ_ESTORE ||
                           batch[i]->err == KZ_EBUSY ||
                           store_depth(w->store) != 1;
            /* Jobs queued while these ran join before the commit: they
             * share its sync rather than wait for it and then pay for
             * their own.  Clients answered by the last commit send their
             * next writes while this batch runs, so without this the
             * batches alternated between two halves of the clients. */
            if (i + 1 == n && !store_failed) {
                int before = n;
                pthread_mutex_lock(&w->lock);
                n = take_queued(w, batch, n);
                pthread_mutex_unlock(&w->lock);
                int64_t t1 = now_ns();
                for (int k = before; k < n; k++)
                    w->queue_ns += t1 - batch[k]->queued_ns;
            }
        }
        w->run_ns += now_ns() - t0;
        if (!store_failed) {
            err = commit_timed(w, n);
        } else {
            while (store_depth(w->store) > 0)
                store_rollback(w->store);
        }
    }
    if (err != KZ_OK || store_failed) {
        for (int i = 0; i < n; i++)
            run_alone(w, batch[i]);
    }
    w->jobs += n;
    return n;
}

static void *writer_main(void *p)
{
    struct writer *w = p;
    struct job *batch[BATCH_MAX];

    pthread_mutex_lock(&w->lock);
    for (;;) {
        int64_t idle = now_ns();
        while (w->head == NULL && !w->stopping)
            pthread_cond_wait(&w->work, &w->lock);
        w->wait_ns += now_ns() - idle;
        if (w->head == NULL && w->stopping)
            break;
        int n = take_queued(w, batch, 0);
        pthread_mutex_unlock(&w->lock);
        unsigned long queued = store_outbox_inserts(w->store);
        n = run_batch(w, batch, n);
        /* Only a batch that queued messages wakes the delivery thread:
         * woken after every commit, it looked for due messages (a read
         * transaction of its own) a few hundred times a second while
         * incidents were filed, to find none. */
        if (w->on_commit != NULL && store_outbox_inserts(w->store) != queued)
            w->on_commit(w->on_commit_arg);
        /* Wake exactly the requests whose work is now on disk; a
         * broadcast also woke those queued for the next batch, only for
         * them to find their job not done and sleep again. */
        pthread_mutex_lock(&w->lock);
        int64_t done = now_ns();
        for (int i = 0; i < n; i++) {
            batch[i]->done_ns = done;
            batch[i]->done = true;
            pthread_cond_signal(&batch[i]->finished);
        }
    }
    pthread_mutex_unlock(&w->lock);
    return NULL;
}

enum kz_err writer_start(const char *db, struct writer **out)
{
    struct writer *w = xcalloc(1, sizeof(*w));
    enum kz_err err = store_open(db, STORE_OPEN_EXISTING, &w->store);

    *out = NULL;
    if (err != KZ_OK) {
        xfree(w);
        return err;
    }
    pthread_mutex_init(&w->lock, NULL);
    pthread_cond_init(&w->work, NULL);
    if (pthread_create(&w->thread, NULL, writer_main, w) != 0) {
        store_close(w->store);
        xfree(w);
        return KZ_ESTORE;
    }
    *out = w;
    return KZ_OK;
}

void writer_stop(struct writer *w)
{
    if (w == NULL)
        return;
    pthread_mutex_lock(&w->lock);
    w->stopping = true;
    pthread_cond_broadcast(&w->work);
    pthread_mutex_unlock(&w->lock);
    pthread_join(w->thread, NULL);
    store_close(w->store);
    pthread_mutex_destroy(&w->lock);
    pthread_cond_destroy(&w->work);
    xfree(w);
}

enum kz_err writer_run(struct writer *w, writer_job_fn fn, void *arg)
{
    /* A job that hands more work to its own writer would wait for
     * itself: the work joins the job's transaction instead. */
    if (pthread_equal(pthread_self(), w->thread))
        return fn(w->store, arg);

    struct job *j = xcalloc(1, sizeof(*j));
    enum kz_err err;

    j->fn = fn;
    j->arg = arg;
    pthread_cond_init(&j->finished, NULL);
    pthread_mutex_lock(&w->lock);
    if (w->stopping) {
        pthread_mutex_unlock(&w->lock);
        pthread_cond_destroy(&j->finished);
        xfree(j);
        return KZ_EBUSY;
    }
    if (w->tail != NULL)
        w->tail->next = j;
    else
        w->head = j;
    w->tail = j;
    j->queued_ns = now_ns();
    pthread_cond_signal(&w->work);
    while (!j->done)
        pthread_cond_wait(&j->finished, &w->lock);
    w->wake_ns += now_ns() - j->done_ns;
    err = j->err;
    pthread_mutex_unlock(&w->lock);
    pthread_cond_destroy(&j->finished);
    xfree(j);
    return err;
}

void writer_on_commit(struct writer *w, void (*fn)(void *), void *arg)
{
    pthread_mutex_lock(&w->lock);
    w->on_commit = fn;
    w->on_commit_arg = arg;
    pthread_mutex_unlock(&w->lock);
}

void writer_report(struct writer *w, struct writer_report *out)
{
    long seen = 0;

    pthread_mutex_lock(&w->lock);
    *out = (struct writer_report){0};
    out->commits = w->commits;
    out->jobs = w->jobs;
    for (int i = 1; i <= BATCH_MAX; i++) {
        if (w->per_commit[i] == 0)
            continue;
        out->max_jobs = i;
        if (out->p50_jobs == 0 && (seen += w->per_commit[i]) * 2 >= w->commits)
            out->p50_jobs = i;
    }
    out->wait_s = (double)w->wait_ns / 1e9;
    out->run_s = (double)w->run_ns / 1e9;
    out->commit_s = (double)w->commit_ns / 1e9;
    out->commit_max_ms = (double)w->commit_max_ns / 1e6;
    int64_t flush_ns = 0;
    int64_t sql_commit_ns = 0;
    store_commit_times(w->store, &flush_ns, &sql_commit_ns);
    out->flush_s = (double)flush_ns / 1e9;
    out->sql_commit_s = (double)sql_commit_ns / 1e9;
    out->queue_s = (double)w->queue_ns / 1e9;
    out->wake_s = (double)w->wake_ns / 1e9;
    pthread_mutex_unlock(&w->lock);
}

void writer_report_format(const struct writer_report *r, char *buf, size_t n)
{
    double commits = r->commits > 0 ? (double)r->commits : 1.0;
    double jobs = r->jobs > 0 ? (double)r->jobs : 1.0;

    snprintf(buf, n,
             "writer: %ld commits, %ld jobs, jobs per commit mean %.2f "
             "p50 %d max %d; per commit: commit %.3f ms (max %.1f ms; "
             "index flush %.3f ms, COMMIT %.3f ms), "
             "jobs %.3f ms, idle %.3f ms; per job: queued %.3f ms, "
             "woken %.3f ms after its commit",
             r->commits, r->jobs, (double)r->jobs / commits, r->p50_jobs,
             r->max_jobs, r->commit_s * 1e3 / commits, r->commit_max_ms,
             r->flush_s * 1e3 / commits, r->sql_commit_s * 1e3 / commits,
             r->run_s * 1e3 / commits, r->wait_s * 1e3 / commits,
             r->queue_s * 1e3 / jobs, r->wake_s * 1e3 / jobs);
}

void writer_stats(struct writer *w, long *commits, long *jobs)
{
    pthread_mutex_lock(&w->lock);
    *commits = w->commits;
    *jobs = w->jobs;
    pthread_mutex_unlock(&w->lock);
}
