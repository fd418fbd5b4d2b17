/* SPDX-License-Identifier: MIT */
/*
 * test_evidence.c - evidence use cases (src/app/evidence.c): adding an
 * item writes the row, its acquire event, the chronology line and the
 * audit entry together or not at all, whichever store call fails, with
 * the file in place before; a custody event likewise; the refusals leave
 * nothing.
 */
#include "support/test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/evidence.h"
#include "app/incident_ops.h"
#include "support/fixture.h"
#include "support/tempdb.h"
#include "util/mem.h"

#define NOW FIXTURE_NOW

static char evdir[256];

static void file(struct store *s, const struct app_ctx *ctx, char *ref)
{
    struct incident inc;
    struct kz_problems p;

    fixture_draft(&inc, NOW);
    strv_cleanup(&inc.members);
    inc.restricted = false;
    kz_problems_clear(&p);
    assert_int_equal(app_incident_create(s, ctx, &inc, &p), KZ_OK);
    snprintf(ref, INCIDENT_REF_LEN, "%s", inc.ref);
    incident_cleanup(&inc);
}

struct counts {
    int64_t items, events, entries, audit;
};

static struct counts counts(const struct tempdb *t)
{
    struct counts c = {
        tempdb_int(t, "SELECT count(*) FROM evidence"),
        tempdb_int(t, "SELECT count(*) FROM custody_event"),
        tempdb_int(t, "SELECT count(*) FROM chronology"),
        tempdb_int(t, "SELECT count(*) FROM audit"),
    };
    return c;
}

static int setup(void **state)
{
    snprintf(evdir, sizeof(evdir), "/tmp/kizuki-ev-XXXXXX");
    if (mkdtemp(evdir) == NULL)
        return -1;
    return tempdb_setup(state);
}

static int teardown(void **state)
{
    char cmd[320];

    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", evdir);
    if (system(cmd) != 0)
        return -1;
    return tempdb_teardown(state);
}

static void test_add_is_all_or_nothing(void **state)
{
    struct tempdb *t = *state;
    struct app_ctx c = {{"admin", ROLE_ADMIN}, "test", NOW, NULL};
    struct evidence_input in = {"メール.eml", "原本", NULL, NULL, "鈴木"};
    char ref[INCIDENT_REF_LEN];
    struct kz_problems p;
    struct evidence ev;
    long n;

    file(t->s, &c, ref);
    struct counts before = counts(t);
    for (n = 1; n <= 200; n++) {
        kz_problems_clear(&p);
        evidence_init(&ev);
        store_fault_after(t->s, n);
        enum kz_err err = app_evidence_add_from_buffer(t->s, &c, evdir, ref,
                                                       "abc", 3, &in, &ev, &p);
        store_fault_after(t->s, 0);
        assert_int_equal(store_depth(t->s), 0);
        struct counts now = counts(t);
        if (err != KZ_OK) {
            evidence_cleanup(&ev);
            assert_int_equal(err, KZ_ESTORE);
            assert_memory_equal(&now, &before, sizeof(now));
            continue;
        }
        assert_int_equal(now.items, before.items + 1);
        assert_int_equal(now.events, before.events + 1);
        assert_int_equal(now.entries, before.entries + 1);
        assert_int_equal(now.audit, before.audit + 1);
        assert_string_equal(ev.sha256, "ba7816bf8f01cfea414140de5dae2223b00361a"
                                       "396177a9cb410ff61f20015ad");
        assert_string_equal(ev.acquired_by, "鈴木");
        assert_int_equal(ev.custody_count, 1);
        evidence_cleanup(&ev);
        break;
    }
    assert_true(n > 1 && n <= 200);
}

static void test_custody_is_all_or_nothing(void **state)
{
    struct tempdb *t = *state;
    struct app_ctx c = {{"admin", ROLE_ADMIN}, "test", NOW, NULL};
    struct evidence_input in = {"hdd", NULL, "金庫", NULL, NULL};
    struct custody_input move = {"handover", NULL, "法務部",
                                 NULL,       NULL, "確認"};
    char ref[INCIDENT_REF_LEN];
    struct kz_problems p;
    struct evidence ev;
    struct custody_event e;
    long n;

    file(t->s, &c, ref);
    kz_problems_clear(&p);
    evidence_init(&ev);
    assert_int_equal(app_evidence_add_stored(t->s, &c, ref, &in, NULL, &ev, &p),
                     KZ_OK);
    assert_false(ev.has_content);
    struct counts before = counts(t);
    for (n = 1; n <= 200; n++) {
        kz_problems_clear(&p);
        custody_event_init(&e);
        store_fault_after(t->s, n);
        enum kz_err err =
            app_evidence_custody_add(t->s, &c, ev.id, &move, &e, &p);
        store_fault_after(t->s, 0);
        assert_int_equal(store_depth(t->s), 0);
        struct counts now = counts(t);
        if (err != KZ_OK) {
            custody_event_cleanup(&e);
            assert_int_equal(err, KZ_ESTORE);
            assert_memory_equal(&now, &before, sizeof(now));
            assert_int_equal(
                tempdb_int(t, "SELECT custody_count FROM evidence"), 1);
            continue;
        }
        assert_int_equal(now.events, before.events + 1);
        assert_int_equal(now.entries, before.entries + 1);
        assert_int_equal(now.audit, before.audit + 1);
        assert_int_equal(e.seq, 2);
        assert_string_equal(e.from, "admin"); /* who acquired it */
        char head[80];
        tempdb_text(t, "SELECT custody_head FROM evidence", head, sizeof(head));
        assert_string_equal(head, e.hash);
        custody_event_cleanup(&e);
        break;
    }
    assert_true(n > 1 && n <= 200);
    evidence_cleanup(&ev);
}

static void test_refusals_leave_nothing(void **state)
{
    struct tempdb *t = *state;
    struct app_ctx c = {{"admin", ROLE_ADMIN}, "test", NOW, NULL};
    struct app_ctx auditor = {{"audit", ROLE_AUDITOR}, "test", NOW, NULL};
    char ref[INCIDENT_REF_LEN];
    struct kz_problems p;
    struct evidence ev;

    file(t->s, &c, ref);
    struct counts before = counts(t);
    struct evidence_input bad_time = {"x", NULL, NULL, "きのう", NULL};
    struct evidence_input future = {"x", NULL, NULL, "2027-01-01T00:00:00Z",
                                    NULL};
    struct evidence_input no_name = {NULL, NULL, "金庫", NULL, NULL};
    struct evidence_input ok = {"x", NULL, NULL, NULL, NULL};
    evidence_init(&ev);
    kz_problems_clear(&p);
    assert_int_equal(app_evidence_add_from_buffer(t->s, &c, evdir, ref, "a", 1,
                                                  &bad_time, &ev, &p),
                     KZ_EINVAL);
    assert_non_null(kz_problems_find(&p, "acquired_at"));
    kz_problems_clear(&p);
    assert_int_equal(app_evidence_add_from_buffer(t->s, &c, evdir, ref, "a", 1,
                                                  &future, &ev, &p),
                     KZ_EINVAL);
    kz_problems_clear(&p);
    assert_int_equal(
        app_evidence_add_stored(t->s, &c, ref, &no_name, NULL, &ev, &p),
        KZ_EINVAL);
    assert_non_null(kz_problems_find(&p, "name"));
    kz_problems_clear(&p);
    assert_int_equal(app_evidence_add_from_buffer(t->s, &auditor, evdir, ref,
                                                  "a", 1, &ok, &ev, &p),
                     KZ_EFORBID);
    assert_int_equal(app_evidence_add_from_buffer(t->s, &c, evdir,
                                                  "INC-2026-9999", "a", 1, &ok,
                                                  &ev, &p),
                     KZ_ENOTFOUND);
    evidence_cleanup(&ev);
    struct counts now = counts(t);
    assert_memory_equal(&now, &before, sizeof(now));
    /* Refused before a byte was stored. */
    char tmp[300];
    snprintf(tmp, sizeof(tmp), "%s/ca", evdir);
    FILE *f = fopen(tmp, "r");
    assert_null(f);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_add_is_all_or_nothing),
        T(test_custody_is_all_or_nothing),
        T(test_refusals_leave_nothing),
    };

    return cmocka_run_group_tests(tests, fixture_group_setup, NULL);
}
