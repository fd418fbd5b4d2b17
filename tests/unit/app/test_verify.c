/* SPDX-License-Identifier: MIT */
/*
 * test_verify.c - recomputing every chain in the store (src/app/verify.c,
 * SPEC C3): tampering done directly in the SQLite file, past the
 * append-only triggers, is found and reported with the incident's
 * reference and the entry's seq.
 */
#include "support/test.h"

#include <stdio.h>
#include <string.h>

#include "app/incident_ops.h"
#include "app/verify.h"
#include "support/fixture.h"
#include "support/tempdb.h"
#include "util/mem.h"

#define NOW FIXTURE_NOW

/* Incident 2's rows, for the tampering SQL. */
#define INC2 "(SELECT id FROM incident WHERE ref = 'INC-2026-0002')"

static const struct app_ctx *admin(void)
{
    static const struct app_ctx c = {{"admin", ROLE_ADMIN}, "test", NOW, NULL};

    return &c;
}

/* Three incidents, each with four entries: filed, kizuki's entry for the
 * playbook's tasks, a note (seq 3) and a move (seq 4). */
static int setup(void **state)
{
    struct tempdb *t;

    if (tempdb_setup(state) != 0)
        return -1;
    t = *state;
    for (int i = 0; i < 3; i++) {
        struct incident inc;
        struct incident out;
        struct chron_entry e;
        struct kz_problems p;

        fixture_draft(&inc, NOW);
        strv_cleanup(&inc.members);
        kz_problems_clear(&p);
        assert_int_equal(app_incident_create(t->s, admin(), &inc, &p), KZ_OK);
        chron_entry_init(&e);
        assert_int_equal(app_incident_note(t->s, admin(), inc.ref, ENTRY_NOTE,
                                           "削除依頼の電話をした", &e, &p),
                         KZ_OK);
        chron_entry_cleanup(&e);
        incident_init(&out);
        assert_int_equal(app_incident_move(t->s, admin(), inc.ref, PHASE_TRIAGE,
                                           NULL, &out, &p),
                         KZ_OK);
        incident_cleanup(&out);
        incident_cleanup(&inc);
    }
    return 0;
}

/* Run app_verify and expect exactly one break, in INC-2026-0002. */
static void expect_one_break(struct store *s, int64_t seq, const char *what)
{
    struct verify_result r;

    assert_int_equal(app_verify(s, NULL, &r), KZ_EVERIFY);
    if (r.nbroken != 1) {
        for (size_t i = 0; i < r.nbroken; i++)
            fprintf(stderr, "  break: %s seq %lld %s\n", r.broken[i].ref,
                    (long long)r.broken[i].seq, r.broken[i].what_key);
        fail_msg("want one break, got %zu", r.nbroken);
    }
    assert_int_equal(r.broken_total, 1);
    assert_string_equal(r.broken[0].ref, "INC-2026-0002");
    assert_int_equal(r.broken[0].seq, seq);
    assert_string_equal(r.broken[0].what_key, what);
}

static void test_intact_store_verifies(void **state)
{
    struct tempdb *t = *state;
    struct verify_result r;

    assert_int_equal(app_verify(t->s, NULL, &r), KZ_OK);
    assert_int_equal(r.nbroken, 0);
    assert_int_equal(r.broken_total, 0);
    assert_int_equal(r.incidents, 3);
    /* Twelve chronology entries, plus the audit entries of nine changes
     * (kizuki's own entries are part of the filing). */
    assert_int_equal(r.checked - r.audit_checked, 12);
    assert_int_equal(r.audit_checked, 9);
}

static void test_empty_store_verifies(void **state)
{
    struct tempdb t;
    struct verify_result r;

    (void)state;
    tempdb_create(&t);
    assert_int_equal(app_verify(t.s, NULL, &r), KZ_OK);
    assert_int_equal(r.incidents, 0);
    assert_int_equal(r.checked, 0);
    tempdb_destroy(&t);
}

static void test_the_triggers_stop_plain_edits(void **state)
{
    struct tempdb *t = *state;

    assert_int_not_equal(
        tempdb_exec(t, "UPDATE chronology SET body = 'x' WHERE seq = 2"), 0);
    assert_int_not_equal(tempdb_exec(t, "DELETE FROM chronology"), 0);
    assert_int_equal(app_verify(t->s, NULL, &(struct verify_result){0}), KZ_OK);
}

static void test_altered_body_is_reported(void **state)
{
    struct tempdb *t = *state;

    tempdb_exec_ok(t, "DROP TRIGGER chronology_no_update;"
                      " UPDATE chronology SET body = '電話はしていない'"
                      " WHERE incident_id = " INC2 " AND seq = 3");
    expect_one_break(t->s, 3, "verify.hash_mismatch");
}

static void test_altered_actor_is_reported(void **state)
{
    struct tempdb *t = *state;

    tempdb_exec_ok(t, "DROP TRIGGER chronology_no_update;"
                      " UPDATE chronology SET actor = 'someone'"
                      " WHERE incident_id = " INC2 " AND seq = 1");
    expect_one_break(t->s, 1, "verify.hash_mismatch");
}

static void test_altered_time_is_reported(void **state)
{
    struct tempdb *t = *state;

    tempdb_exec_ok(t, "DROP TRIGGER chronology_no_update;"
                      " UPDATE chronology SET at = at - 86400"
                      " WHERE incident_id = " INC2 " AND seq = 3");
    expect_one_break(t->s, 3, "verify.hash_mismatch");
}

/* Regression: a note whose kind was changed to a value kizuki does not
 * know used to read back as a note and verify. */
static void test_altered_kind_is_reported(void **state)
{
    struct tempdb *t = *state;

    tempdb_exec_ok(t, "DROP TRIGGER chronology_no_update;"
                      " UPDATE chronology SET kind = 'whatever'"
                      " WHERE incident_id = " INC2 " AND seq = 3");
    expect_one_break(t->s, 3, "verify.hash_mismatch");
}

static void test_deleted_entry_is_reported(void **state)
{
    struct tempdb *t = *state;

    tempdb_exec_ok(t, "DROP TRIGGER chronology_no_delete;"
                      " DELETE FROM chronology"
                      " WHERE incident_id = " INC2 " AND seq = 2");
    /* Entry 3 no longer links to entry 1. */
    expect_one_break(t->s, 3, "verify.prev_mismatch");
}

static void test_deleted_last_entry_is_reported(void **state)
{
    struct tempdb *t = *state;

    tempdb_exec_ok(t, "DROP TRIGGER chronology_no_delete;"
                      " DELETE FROM chronology"
                      " WHERE incident_id = " INC2 " AND seq = 4");
    expect_one_break(t->s, 4, "verify.head_mismatch");
}

/* Deleting the last entry and moving the recorded head back with it
 * still leaves the head's hash pointing at the deleted entry. */
static void test_deleted_last_entry_with_count_fixed_is_reported(void **state)
{
    struct tempdb *t = *state;

    tempdb_exec_ok(t, "DROP TRIGGER chronology_no_delete;"
                      " DELETE FROM chronology"
                      " WHERE incident_id = " INC2 " AND seq = 4;"
                      " UPDATE incident SET chron_count = 3"
                      " WHERE id = " INC2);
    expect_one_break(t->s, 4, "verify.head_mismatch");
}

static void test_swapped_entries_are_reported(void **state)
{
    struct tempdb *t = *state;

    tempdb_exec_ok(t, "DROP TRIGGER chronology_no_update;"
                      " UPDATE chronology SET seq = -2"
                      "  WHERE incident_id = " INC2 " AND seq = 2;"
                      " UPDATE chronology SET seq = 2"
                      "  WHERE incident_id = " INC2 " AND seq = 3;"
                      " UPDATE chronology SET seq = 3"
                      "  WHERE incident_id = " INC2 " AND seq = -2");
    expect_one_break(t->s, 2, "verify.prev_mismatch");
}

static void test_forged_hash_is_reported(void **state)
{
    struct tempdb *t = *state;

    tempdb_exec_ok(t, "DROP TRIGGER chronology_no_update;"
                      " UPDATE chronology SET hash ="
                      " '0123456789abcdef0123456789abcdef"
                      "0123456789abcdef0123456789abcdef'"
                      " WHERE incident_id = " INC2 " AND seq = 3");
    expect_one_break(t->s, 3, "verify.hash_mismatch");
}

static void test_breaks_in_two_incidents_are_both_reported(void **state)
{
    struct tempdb *t = *state;
    struct verify_result r;

    tempdb_exec_ok(t, "DROP TRIGGER chronology_no_update;"
                      " UPDATE chronology SET body = body || '!'"
                      " WHERE seq = 2 AND incident_id IN (SELECT id FROM"
                      " incident WHERE ref IN ('INC-2026-0001',"
                      " 'INC-2026-0003'))");
    assert_int_equal(app_verify(t->s, NULL, &r), KZ_EVERIFY);
    assert_int_equal(r.nbroken, 2);
    assert_string_equal(r.broken[0].ref, "INC-2026-0001");
    assert_int_equal(r.broken[0].seq, 2);
    assert_string_equal(r.broken[1].ref, "INC-2026-0003");
    assert_int_equal(r.broken[1].seq, 2);
    /* The other chains were still walked. */
    assert_int_equal(r.incidents, 3);
}

/* Only the first break of a chain is reported: what follows a broken
 * link cannot be trusted either way. */
static void test_one_break_per_chain(void **state)
{
    struct tempdb *t = *state;

    tempdb_exec_ok(t, "DROP TRIGGER chronology_no_update;"
                      " UPDATE chronology SET body = body || '!'"
                      " WHERE incident_id = " INC2);
    expect_one_break(t->s, 1, "verify.hash_mismatch");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_intact_store_verifies, setup,
                                        tempdb_teardown),
        cmocka_unit_test(test_empty_store_verifies),
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, tempdb_teardown)
        T(test_the_triggers_stop_plain_edits),
        T(test_altered_body_is_reported),
        T(test_altered_actor_is_reported),
        T(test_altered_time_is_reported),
        T(test_altered_kind_is_reported),
        T(test_deleted_entry_is_reported),
        T(test_deleted_last_entry_is_reported),
        T(test_deleted_last_entry_with_count_fixed_is_reported),
        T(test_swapped_entries_are_reported),
        T(test_forged_hash_is_reported),
        T(test_breaks_in_two_incidents_are_both_reported),
        T(test_one_break_per_chain),
    };

    return cmocka_run_group_tests(tests, fixture_group_setup, NULL);
}
