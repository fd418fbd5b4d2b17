/* SPDX-License-Identifier: MIT */
/*
 * writer.h - one writing thread with group commit.
 *
 * Every commit syncs the WAL to disk (synchronous=FULL), and a sync costs
 * about 0.3 ms here.  Requests that change something hand their use case
 * to the writer, which runs whatever is queued in one transaction and
 * commits once; each request is answered only after that commit, so an
 * acknowledged write is on disk and concurrent writers share the sync.
 */
#ifndef KZ_APP_WRITER_H
#define KZ_APP_WRITER_H

#include "store/store.h"

struct writer;

/* A unit of work: runs inside the writer's transaction and uses store
 * transactions of its own as any use case does. */
typedef enum kz_err (*writer_job_fn)(struct store *s, void *arg);

/* Open 'db' and start the thread (OUT: *out, stop with writer_stop). */
enum kz_err writer_start(const char *db, struct writer **out) KZ_MUST_CHECK;
/* Finish the queued work, stop the thread and close the store. */
void writer_stop(struct writer *w);
/* Run 'fn(store, arg)' and wait until it is committed.  Returns what 'fn'
 * returned, or the commit's error; KZ_EBUSY once stopping.  Called from a
 * job, 'fn' runs at once inside that job's transaction. */
enum kz_err writer_run(struct writer *w, writer_job_fn fn,
                       void *arg) KZ_MUST_CHECK;
/* Call 'fn(arg)' after every commit that queued outbox messages (from the
 * writer thread, outside its lock); used to wake the delivery thread. */
void writer_on_commit(struct writer *w, void (*fn)(void *), void *arg);
/* Where the writer's time went since it started (for benchmarks: see
 * docs/internals/performance.md).  Times in seconds are sums. */
struct writer_report {
    long commits;    /* transactions committed */
    long jobs;       /* jobs run */
    int p50_jobs;    /* jobs per commit: median */
    int max_jobs;    /* and largest */
    double wait_s;   /* idle, waiting for work */
    double run_s;    /* running jobs, from BEGIN to COMMIT */
    double commit_s; /* in COMMIT (the WAL sync; SQLite's checkpoints) */
    double commit_max_ms;
    double flush_s;      /* of commit_s: the engine's search index flush */
    double sql_commit_s; /* and the COMMIT statement (store_commit_times) */
    double queue_s;      /* jobs' waits from writer_run to their batch */
    double wake_s;       /* from a commit to its requests running again */
};

/* Fill 'out' with the writer's counters so far. */
void writer_report(struct writer *w, struct writer_report *out);
/* One line "writer: N commits, … " describing 'r' into 'buf' ('n' bytes,
 * cut short if needed). */
void writer_report_format(const struct writer_report *r, char *buf, size_t n);
/* Transactions committed and jobs run so far (for benchmarks). */
void writer_stats(struct writer *w, long *commits, long *jobs);

#endif
