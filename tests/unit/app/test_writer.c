/* SPDX-License-Identifier: MIT */
/*
 * test_writer.c - the group-commit writer's report (src/app/writer.c):
 * how many jobs each commit carried and where the time went, which
 * `make bench` prints (docs/internals/performance.md).
 */
#include "support/test.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "app/writer.h"
#include "support/tempdb.h"

#define THREADS 8
#define JOBS_PER_THREAD 25

static enum kz_err add_tag(struct store *s, void *arg)
{
    (void)arg;
    /* Any write: a setting is the smallest record there is. */
    return store_setting_set(s, "bench.test", "1", 1700000000);
}

static enum kz_err fail_input(struct store *s, void *arg)
{
    (void)s;
    (void)arg;
    return KZ_EINVAL;
}

static void test_one_client_commits_each_job_alone(void **state)
{
    struct tempdb t;
    struct writer *w = NULL;
    struct writer_report r;
    char line[512];

    (void)state;
    tempdb_create(&t);
    store_close(t.s);
    t.s = NULL;
    assert_int_equal(writer_start(t.path, &w), KZ_OK);
    for (int i = 0; i < 5; i++)
        assert_int_equal(writer_run(w, add_tag, NULL), KZ_OK);
    /* A job that fails on its input still ends in a commit of its batch. */
    assert_int_equal(writer_run(w, fail_input, NULL), KZ_EINVAL);
    writer_report(w, &r);
    assert_int_equal(r.commits, 6);
    assert_int_equal(r.jobs, 6);
    assert_int_equal(r.p50_jobs, 1);
    assert_int_equal(r.max_jobs, 1);
    /* The COMMIT and the index flush are timed inside the commit. */
    assert_true(r.commit_s > 0);
    assert_true(r.flush_s >= 0 && r.sql_commit_s > 0);
    assert_true(r.flush_s + r.sql_commit_s <= r.commit_s + 1e-9);
    assert_true(r.queue_s >= 0 && r.wake_s >= 0 && r.wait_s >= 0);
    writer_report_format(&r, line, sizeof(line));
    assert_non_null(strstr(line, "writer: 6 commits, 6 jobs, jobs per commit "
                                 "mean 1.00 p50 1 max 1;"));
    writer_stop(w);
    tempdb_destroy(&t);
}

static void *client(void *arg)
{
    struct writer *w = arg;

    for (int i = 0; i < JOBS_PER_THREAD; i++) {
        if (writer_run(w, add_tag, NULL) != KZ_OK)
            return (void *)1;
    }
    return NULL;
}

static void test_concurrent_jobs_are_counted_per_commit(void **state)
{
    struct tempdb t;
    struct writer *w = NULL;
    struct writer_report r;
    pthread_t th[THREADS];

    (void)state;
    tempdb_create(&t);
    store_close(t.s);
    t.s = NULL;
    assert_int_equal(writer_start(t.path, &w), KZ_OK);
    for (int i = 0; i < THREADS; i++)
        assert_int_equal(pthread_create(&th[i], NULL, client, w), 0);
    for (int i = 0; i < THREADS; i++) {
        void *failed = NULL;
        pthread_join(th[i], &failed);
        assert_null(failed);
    }
    writer_report(w, &r);
    /* Every job is counted once, whatever the batches were: how they
     * fall depends on the scheduler, so only the bounds are asserted. */
    assert_int_equal(r.jobs, THREADS * JOBS_PER_THREAD);
    assert_true(r.commits >= 1 && r.commits <= r.jobs);
    assert_true(r.p50_jobs >= 1 && r.p50_jobs <= r.max_jobs);
    assert_true(r.max_jobs <= THREADS);
    assert_true((double)r.jobs / (double)r.commits <= (double)r.max_jobs);
    writer_stop(w);
    tempdb_destroy(&t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_one_client_commits_each_job_alone),
        cmocka_unit_test(test_concurrent_jobs_are_counted_per_commit),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
