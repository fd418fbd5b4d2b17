/* SPDX-License-Identifier: MIT */
/*
 * test_alerts.c - alert intake and promotion (src/app/alerts.c): repeats
 * by (source, source_ref), groups within the window of the setting and
 * not beyond it, promotion to a new incident, and all or nothing when a
 * store call fails at any point of intake or promotion.
 */
#include "support/test.h"

#include <stdio.h>
#include <string.h>

#include "app/alerts.h"
#include "app/incident_ops.h"
#include "support/fixture.h"
#include "support/tempdb.h"
#include "util/mem.h"

#define NOW FIXTURE_NOW
#define HOUR 3600

static struct app_ctx as_at(const char *name, enum role role, kz_time now)
{
    struct app_ctx c = {{name, role}, "test", now, NULL};

    return c;
}

/* A checked, fingerprinted alert from tool 'source' with id 'ref'. */
static void make(struct alert *a, const char *source, const char *ref,
                 const char *title)
{
    struct kz_problems p;

    alert_init(a);
    a->source = xstrdup(source);
    a->source_ref = xstrdup(ref);
    a->title = xstrdup(title);
    a->severity = xstrdup("high");
    a->obs = xcalloc(1, sizeof(*a->obs));
    a->obs[0].type = xstrdup("ipv4");
    a->obs[0].value = xstrdup("192.0.2.9");
    a->nobs = 1;
    kz_problems_clear(&p);
    assert_int_equal(alert_check(a, NOW, "", &p), KZ_OK);
    alert_fingerprint(a);
}

static size_t ingest(struct tempdb *t, kz_time at, struct alert *a, size_t n)
{
    struct app_ctx c = as_at("sensor", ROLE_INGEST, at);
    size_t created = 0;

    assert_int_equal(app_alert_ingest(t->s, &c, a, n, &created), KZ_OK);
    return created;
}

static void test_repeats_and_groups(void **state)
{
    struct tempdb *t = *state;
    struct alert a[4];

    make(&a[0], "siem", "1", "Beacon");
    make(&a[1], "siem", "2", "beacon");
    make(&a[2], "siem", "1", "Beacon");
    make(&a[3], "edr", "1", "Beacon");
    assert_int_equal(ingest(t, NOW, a, 4), 3);
    assert_int_equal(a[0].repeat_count, 1);
    assert_int_equal(a[1].group_id, a[0].id);
    assert_int_equal(a[2].id, a[0].id);
    assert_int_equal(a[2].repeat_count, 2);
    assert_int_not_equal(a[3].group_id, a[0].id);
    for (int i = 0; i < 4; i++)
        alert_cleanup(&a[i]);

    /* Within the window (24 hours by default) the group goes on; past
     * it, a new group starts. */
    make(&a[0], "siem", "3", "BEACON");
    assert_int_equal(ingest(t, NOW + 23 * HOUR, a, 1), 1);
    int64_t first = tempdb_int(t, "SELECT min(id) FROM alert");
    assert_int_equal(a[0].group_id, first);
    make(&a[1], "siem", "4", "Beacon");
    assert_int_equal(ingest(t, NOW + 23 * HOUR + 25 * HOUR, a + 1, 1), 1);
    assert_int_equal(a[1].group_id, a[1].id);
    /* A shorter window from the setting. */
    tempdb_exec_ok(t, "INSERT INTO setting(key, value, updated_at)"
                      " VALUES ('alert_group_hours', '1', 0)");
    make(&a[2], "siem", "5", "Beacon");
    assert_int_equal(ingest(t, NOW + 50 * HOUR, a + 2, 1), 1);
    assert_int_equal(a[2].group_id, a[2].id);
    for (int i = 0; i < 3; i++)
        alert_cleanup(&a[i]);
    /* One audit entry per call, with the counts. */
    assert_int_equal(tempdb_int(t, "SELECT count(*) FROM audit"
                                   " WHERE action = 'alert.ingest'"),
                     4);
}

static void test_roles(void **state)
{
    struct tempdb *t = *state;
    struct alert a;
    struct alert_list l = {0};
    struct alert_filter f;
    size_t created = 0;
    char ref[INCIDENT_REF_LEN];
    struct kz_problems p;
    int64_t id = 1;

    make(&a, "siem", "r", "t");
    struct app_ctx rep = as_at("rep", ROLE_REPORTER, NOW);
    struct app_ctx ing = as_at("sensor", ROLE_INGEST, NOW);
    assert_int_equal(app_alert_ingest(t->s, &rep, &a, 1, &created), KZ_EFORBID);
    alert_filter_init(&f);
    assert_int_equal(app_alert_list(t->s, &ing, &f, &l), KZ_EFORBID);
    kz_problems_clear(&p);
    assert_int_equal(app_alert_promote(t->s, &ing, &id, 1, NULL, ref, &p),
                     KZ_EFORBID);
    assert_int_equal(tempdb_int(t, "SELECT count(*) FROM alert"), 0);
    alert_cleanup(&a);
}

/* Intake and promotion with a store call failing at each point in turn:
 * KZ_ESTORE and nothing written, or everything written. */
static void test_all_or_nothing(void **state)
{
    struct tempdb *t = *state;
    struct app_ctx h = as_at("handler", ROLE_HANDLER, NOW);
    int failed = 0;

    fixture_account(t->s, "handler", ROLE_HANDLER);
    for (long n = 1; n <= 60; n++) {
        struct alert a[3];
        char r0[32], r1[32];
        size_t created = 0;
        snprintf(r0, sizeof(r0), "f%ld", n);
        snprintf(r1, sizeof(r1), "g%ld", n);
        make(&a[0], "siem", r0, "one");
        make(&a[1], "siem", r1, "two");
        make(&a[2], "siem", r0, "one again");
        int64_t before = tempdb_int(t, "SELECT count(*) FROM alert");
        int64_t audits = tempdb_int(t, "SELECT count(*) FROM audit");
        struct app_ctx c = as_at("sensor", ROLE_INGEST, NOW);
        store_fault_after(t->s, n);
        enum kz_err err = app_alert_ingest(t->s, &c, a, 3, &created);
        store_fault_after(t->s, 0);
        assert_int_equal(store_depth(t->s), 0);
        if (err != KZ_OK) {
            assert_int_equal(err, KZ_ESTORE);
            assert_int_equal(created, 0);
            failed++;
        }
        assert_int_equal(tempdb_int(t, "SELECT count(*) FROM alert"),
                         before + (err == KZ_OK ? 2 : 0));
        assert_int_equal(tempdb_int(t, "SELECT count(*) FROM audit"),
                         audits + (err == KZ_OK));
        for (int i = 0; i < 3; i++)
            alert_cleanup(&a[i]);
        if (err != KZ_OK)
            continue;

        /* Promote the two just recorded. */
        int64_t ids[2] = {tempdb_int(t, "SELECT max(id) - 1 FROM alert"),
                          tempdb_int(t, "SELECT max(id) FROM alert")};
        char ref[INCIDENT_REF_LEN];
        struct kz_problems p;
        int64_t incidents = tempdb_int(t, "SELECT count(*) FROM incident");
        kz_problems_clear(&p);
        store_fault_after(t->s, n);
        err = app_alert_promote(t->s, &h, ids, 2, NULL, ref, &p);
        store_fault_after(t->s, 0);
        assert_int_equal(store_depth(t->s), 0);
        char sql[160];
        snprintf(sql, sizeof(sql),
                 "SELECT count(*) FROM alert WHERE id IN (%lld, %lld)"
                 " AND status = 'promoted' AND incident_id IS NOT NULL",
                 (long long)ids[0], (long long)ids[1]);
        if (err != KZ_OK) {
            assert_int_equal(err, KZ_ESTORE);
            failed++;
            assert_int_equal(tempdb_int(t, sql), 0);
            assert_int_equal(tempdb_int(t, "SELECT count(*) FROM incident"),
                             incidents);
        } else {
            assert_int_equal(tempdb_int(t, sql), 2);
            assert_int_equal(tempdb_int(t, "SELECT count(*) FROM incident"),
                             incidents + 1);
            assert_int_equal(ref[0], 'I');
        }
    }
    /* Both use cases did fail at some point and did succeed at others. */
    assert_true(failed > 2);
    assert_true(tempdb_int(t, "SELECT count(*) FROM incident") > 0);
}

static void test_promote_files_an_incident(void **state)
{
    struct tempdb *t = *state;
    struct app_ctx h = as_at("handler", ROLE_HANDLER, NOW);
    struct alert a[2];
    struct kz_problems p;
    char ref[INCIDENT_REF_LEN];
    struct incident inc;

    fixture_account(t->s, "handler", ROLE_HANDLER);
    make(&a[0], "siem", "p1", "Ransom note on fs01");
    make(&a[1], "siem", "p2", "Mass file renames");
    xstrset(&a[1].severity, "critical");
    a[0].occurred_at = NOW - 2 * HOUR;
    ingest(t, NOW - HOUR, a, 2);
    int64_t ids[2] = {a[0].id, a[1].id};
    kz_problems_clear(&p);
    assert_int_equal(app_alert_promote(t->s, &h, ids, 2, NULL, ref, &p), KZ_OK);
    incident_init(&inc);
    assert_int_equal(store_incident_get(t->s, ref, &inc), KZ_OK);
    assert_string_equal(inc.title, "Ransom note on fs01");
    assert_int_equal(inc.severity, 1);
    assert_string_equal(inc.detection_trigger, "tool_alert");
    assert_int_equal(inc.discovered_at, NOW - HOUR);
    assert_int_equal(inc.occurred_at, NOW - 2 * HOUR);
    assert_non_null(strstr(inc.description, "ipv4: 192.0.2.9"));
    assert_non_null(strstr(inc.description, "p2"));
    incident_cleanup(&inc);
    /* Again: already promoted. */
    kz_problems_clear(&p);
    assert_int_equal(app_alert_promote(t->s, &h, ids, 1, ref, ref, &p),
                     KZ_ECONFLICT);
    alert_cleanup(&a[0]);
    alert_cleanup(&a[1]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_repeats_and_groups, tempdb_setup,
                                        tempdb_teardown),
        cmocka_unit_test_setup_teardown(test_roles, tempdb_setup,
                                        tempdb_teardown),
        cmocka_unit_test_setup_teardown(test_all_or_nothing, tempdb_setup,
                                        tempdb_teardown),
        cmocka_unit_test_setup_teardown(test_promote_files_an_incident,
                                        tempdb_setup, tempdb_teardown),
    };
    return cmocka_run_group_tests(tests, fixture_group_setup, NULL);
}
