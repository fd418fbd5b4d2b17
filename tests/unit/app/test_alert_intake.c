/* SPDX-License-Identifier: MIT */
/*
 * test_alert_intake.c - a batch of alerts is recorded exactly as the same
 * alerts posted one by one (src/app/alerts.c plans a batch itself: repeats
 * within the batch, the latest alert of each fingerprint remembered, rows
 * inserted together).  Two stores get the same history; one takes the
 * batch in one call, the other one alert per call; every answer and every
 * stored row must be the same.  Includes alerts seen last in the future
 * of the batch (a clock that went back), whose repeat makes an older
 * alert the latest of its fingerprint.
 */
#include "support/test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/alerts.h"
#include "support/fixture.h"
#include "support/tempdb.h"
#include "util/mem.h"

#define NOW FIXTURE_NOW
#define MIN 60
#define HOUR 3600
#define BATCH 400
#define DUMP_MAX (4 << 20)

static const char *const titles[] = {"Beacon", "beacon", "Port scan",
                                     "Login burst"};
static const char *const addrs[] = {"192.0.2.9", "192.0.2.10", "198.51.100.7"};

/* A checked, fingerprinted alert; 'obs' of addrs[] (-1: none), optional
 * description and severity so that a repeat keeps what it leaves out. */
static void make(struct alert *a, const char *source, const char *ref,
                 const char *title, int obs, const char *description,
                 const char *severity)
{
    struct kz_problems p;

    alert_init(a);
    a->source = xstrdup(source);
    a->source_ref = xstrdup(ref);
    a->title = xstrdup(title);
    a->description = description ? xstrdup(description) : NULL;
    a->severity = severity ? xstrdup(severity) : NULL;
    if (obs >= 0) {
        a->obs = xcalloc(1, sizeof(*a->obs));
        a->obs[0].type = xstrdup("ipv4");
        a->obs[0].value = xstrdup(addrs[obs]);
        a->nobs = 1;
    }
    kz_problems_clear(&p);
    assert_int_equal(alert_check(a, NOW + 3 * HOUR, "", &p), KZ_OK);
    alert_fingerprint(a);
}

static size_t ingest(struct tempdb *t, kz_time at, struct alert *a, size_t n)
{
    struct app_ctx c = {{"sensor", ROLE_INGEST}, "test", at, NULL};
    size_t created = 0;

    assert_int_equal(app_alert_ingest(t->s, &c, a, n, &created), KZ_OK);
    return created;
}

/* One alert, recorded at 'at' in both stores; returns its id. */
static int64_t seed(struct tempdb *t, kz_time at, const char *ref,
                    const char *title)
{
    struct alert a;

    make(&a, "siem", ref, title, 0, "seeded", "low");
    assert_int_equal(ingest(&t[0], at, &a, 1), 1);
    int64_t id = a.id;
    alert_cleanup(&a);
    make(&a, "siem", ref, title, 0, "seeded", "low");
    assert_int_equal(ingest(&t[1], at, &a, 1), 1);
    assert_int_equal(a.id, id);
    alert_cleanup(&a);
    return id;
}

/* Every stored alert as text. */
static char *dump(struct tempdb *t)
{
    char *out = xmalloc(DUMP_MAX);

    /* Each engine's own quoting: the dumps compared are of one engine. */
    if (tempdb_is_pg())
        tempdb_text(
            t,
            "SELECT string_agg(r, chr(10) ORDER BY id) FROM (SELECT id,"
            " quote_nullable(id) || quote_nullable(source)"
            " || quote_nullable(source_ref) || quote_nullable(title)"
            " || quote_nullable(description) || quote_nullable(severity)"
            " || quote_nullable(occurred_at)"
            " || quote_nullable(observables) || quote_nullable(raw)"
            " || quote_nullable(fingerprint) || quote_nullable(group_of)"
            " || quote_nullable(status) || quote_nullable(repeat_count)"
            " || quote_nullable(first_seen)"
            " || quote_nullable(last_seen) AS r FROM alert) x",
            out, DUMP_MAX);
    else
        tempdb_text(t,
                    "SELECT group_concat(r, char(10)) FROM (SELECT quote(id)"
                    " || quote(source) || quote(source_ref) || quote(title)"
                    " || quote(description) || quote(severity)"
                    " || quote(occurred_at) || quote(observables) || quote(raw)"
                    " || quote(fingerprint) || quote(group_of) || quote(status)"
                    " || quote(repeat_count) || quote(first_seen)"
                    " || quote(last_seen) AS r FROM alert ORDER BY id)",
                    out, DUMP_MAX);
    return out;
}

/* The i-th alert of the batch: refs and titles from small sets, so that
 * the batch repeats itself and the seeded alerts, and fingerprints meet. */
static void nth(struct alert *a, unsigned *seedp, int i)
{
    char ref[32];
    int r = rand_r(seedp);

    snprintf(ref, sizeof(ref), "r%d", r % 7 == 0 ? r % 5 : i % 150);
    make(a, r % 11 == 0 ? "edr" : "siem", ref, titles[(r >> 4) % 4],
         (r >> 6) % 4 == 3 ? -1 : (r >> 6) % 4 % 3,
         (r >> 8) % 3 ? "text" : NULL, (r >> 10) % 3 ? "high" : NULL);
}

static void test_batch_as_one_by_one(void **state)
{
    struct tempdb *t = *state;
    struct alert *a = xcalloc(BATCH, sizeof(*a));
    struct alert *b = xcalloc(BATCH, sizeof(*b));
    unsigned sa = 7;
    unsigned sb = 7;

    for (int k = 0; k < 2; k++)
        tempdb_exec_ok(&t[k], "INSERT INTO setting(key, value, updated_at)"
                              " VALUES ('alert_group_hours', '1', 0)");
    /* Beacon's history: r0 out of the window, z0 half an hour and x0 two
     * hours after the batch's clock, each in a group of its own. */
    seed(t, NOW - 3 * HOUR, "r0", "Beacon");
    int64_t z = seed(t, NOW + 30 * MIN, "z0", "Beacon");
    int64_t x = seed(t, NOW + 2 * HOUR, "x0", "Beacon");
    seed(t, NOW - 20 * MIN, "r1", "Port scan");
    seed(t, NOW - 30 * MIN, "r3", "Login burst");

    /* Scripted first: a new Beacon joins x0's group (the latest); x0
     * repeated is seen at NOW, behind z0, so the next Beacon joins z0's. */
    make(&a[0], "siem", "n1", "Beacon", 0, NULL, NULL);
    make(&a[1], "siem", "x0", "Beacon", 0, NULL, NULL);
    make(&a[2], "siem", "n2", "Beacon", 0, NULL, NULL);
    for (int i = 0; i < 3; i++)
        make(&b[i], "siem", a[i].source_ref, "Beacon", 0, NULL, NULL);
    for (int i = 3; i < BATCH; i++) {
        nth(&a[i], &sa, i);
        nth(&b[i], &sb, i);
    }
    size_t created = ingest(&t[0], NOW, a, BATCH);
    size_t one_by_one = 0;
    for (int i = 0; i < BATCH; i++)
        one_by_one += ingest(&t[1], NOW, &b[i], 1);

    assert_int_equal(a[0].group_id, x);
    assert_int_equal(a[1].repeat_count, 2);
    assert_int_equal(a[2].group_id, z);
    assert_int_equal(created, one_by_one);
    assert_true(created < BATCH - 50); /* repeats were met */
    for (int i = 0; i < BATCH; i++) {
        assert_int_equal(a[i].id, b[i].id);
        assert_int_equal(a[i].status, b[i].status);
        assert_int_equal(a[i].repeat_count, b[i].repeat_count);
        assert_int_equal(a[i].group_id, b[i].group_id);
        assert_int_equal(a[i].first_seen, b[i].first_seen);
        alert_cleanup(&a[i]);
        alert_cleanup(&b[i]);
    }
    char *da = dump(&t[0]);
    char *db = dump(&t[1]);
    assert_string_equal(da, db);
    /* Some groups hold several alerts, and some alerts several repeats. */
    assert_true(tempdb_int(&t[0], "SELECT count(*) FROM alert"
                                  " WHERE group_of IS NOT NULL") > 10);
    assert_true(tempdb_int(&t[0], "SELECT count(*) FROM alert"
                                  " WHERE repeat_count > 2") > 5);
    xfree(da);
    xfree(db);
    xfree(a);
    xfree(b);
}

/* The same (source, source_ref) twice in one batch counts a repeat; what
 * the second leaves out stays from the first. */
static void test_repeat_within_batch(void **state)
{
    struct tempdb *t = *state;
    struct alert a[3];
    char text[256];

    make(&a[0], "siem", "dup", "Beacon", 1, "first text", "high");
    make(&a[1], "siem", "dup", "Beacon again", -1, NULL, NULL);
    make(&a[2], "siem", "dup", "Beacon third", -1, "third text", NULL);
    assert_int_equal(ingest(&t[0], NOW, a, 3), 1);
    assert_int_equal(a[0].repeat_count, 1);
    assert_int_equal(a[1].repeat_count, 2);
    assert_int_equal(a[2].repeat_count, 3);
    assert_int_equal(a[1].id, a[0].id);
    assert_int_equal(a[2].group_id, a[0].id);
    assert_int_equal(tempdb_int(&t[0], "SELECT count(*) FROM alert"), 1);
    tempdb_text(&t[0],
                "SELECT title || '|' || description || '|' || severity"
                " || '|' || observables || '|' || repeat_count FROM alert",
                text, sizeof(text));
    assert_string_equal(text,
                        "Beacon third|third text|high|ipv4\t192.0.2.10\n|3");
    for (int i = 0; i < 3; i++)
        alert_cleanup(&a[i]);
}

/* Fingerprints stay what stored alerts were grouped by: SHA-256 of
 * "<length>:<text>" of the source, the normalised title and the sorted
 * observables (these values computed outside kizuki). */
static void test_fingerprint_pinned(void **state)
{
    struct alert a;

    (void)state;
    make(&a, "siem", "p", "  Beacon ", 0, NULL, NULL);
    assert_string_equal(a.fingerprint, "94bdc1c4431f9f5b1983c6d756d086dc"
                                       "88195cc5d4d29149c8ef03704cecda9b");
    alert_cleanup(&a);
    make(&a, "siem", "p", "BEACON", 1, NULL, NULL);
    assert_string_equal(a.fingerprint, "f960e4217c7d02102b7217b39a9f66db"
                                       "3f4e86d3273426824f7df95405d8f60a");
    alert_cleanup(&a);
    make(&a, "edr", "p", "Port  scan", -1, NULL, NULL);
    assert_string_equal(a.fingerprint, "7ddcf9f0c461474bbbf500d7557fee27"
                                       "73290aed0d9804371a801198585b5b67");
    alert_cleanup(&a);
}

static int setup(void **state)
{
    struct tempdb *t = xcalloc(2, sizeof(*t));

    tempdb_create(&t[0]);
    tempdb_create(&t[1]);
    *state = t;
    return 0;
}

static int teardown(void **state)
{
    struct tempdb *t = *state;

    tempdb_destroy(&t[0]);
    tempdb_destroy(&t[1]);
    xfree(t);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_batch_as_one_by_one, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_repeat_within_batch, setup,
                                        teardown),
        cmocka_unit_test(test_fingerprint_pinned),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
