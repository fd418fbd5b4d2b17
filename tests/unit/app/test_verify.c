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

#include "app/audit_log.h"
#include "app/incident_ops.h"
#include "app/verify.h"
#include "core/hashchain.h"
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

/* -- the incidents against the audit log (issue 9 item 7) --------------- */

/* Delete every row of INC-2026-0002, past the guard triggers. */
static void delete_incident_2(const struct tempdb *t)
{
    tempdb_exec_ok(t,
                   "DROP TRIGGER chronology_no_delete;"
                   " DELETE FROM chronology WHERE incident_id = " INC2 ";"
                   " DELETE FROM task WHERE incident_id = " INC2 ";"
                   " DELETE FROM incident_member WHERE incident_id = " INC2 ";"
                   " DELETE FROM incident WHERE id = " INC2);
}

static void test_deleted_incident_is_reported(void **state)
{
    struct tempdb *t = *state;
    struct verify_result r;
    int64_t created = tempdb_int(t, "SELECT seq FROM audit WHERE action ="
                                    " 'incident.create' AND target ="
                                    " 'INC-2026-0002'");

    delete_incident_2(t);
    assert_int_equal(app_verify(t->s, NULL, &r), KZ_EVERIFY);
    assert_int_equal(r.nbroken, 1);
    assert_int_equal(r.incidents, 2);
    assert_string_equal(r.broken[0].ref, "INC-2026-0002");
    assert_int_equal(r.broken[0].seq, created);
    assert_string_equal(r.broken[0].what_key, "verify.incident_missing");
}

/* A viewer who is not an administrator does not learn the reference of an
 * incident it may never have been allowed to see: the break names the
 * audit entry of its creation. */
static void test_deleted_incident_unnamed_for_auditor(void **state)
{
    struct tempdb *t = *state;
    struct verify_result r;
    const struct actor auditor = {"audrey", ROLE_AUDITOR};
    int64_t created = tempdb_int(t, "SELECT seq FROM audit WHERE action ="
                                    " 'incident.create' AND target ="
                                    " 'INC-2026-0002'");

    delete_incident_2(t);
    assert_int_equal(app_verify(t->s, &auditor, &r), KZ_EVERIFY);
    assert_int_equal(r.nbroken, 1);
    assert_string_equal(r.broken[0].ref, "audit");
    assert_int_equal(r.broken[0].seq, created);
    assert_string_equal(r.broken[0].what_key, "verify.incident_missing");
}

/* The chronology cut back and the recorded head moved with it: the chain
 * holds together, the audit log's record of entry 4 does not. */
static void test_chronology_cut_back_is_reported(void **state)
{
    struct tempdb *t = *state;
    struct verify_result r;
    char h3[HASH_HEX_SIZE];
    char h4[HASH_HEX_SIZE];

    tempdb_text(t,
                "SELECT hash FROM chronology WHERE seq = 3 AND"
                " incident_id = " INC2,
                h3, sizeof(h3));
    tempdb_text(t,
                "SELECT hash FROM chronology WHERE seq = 4 AND"
                " incident_id = " INC2,
                h4, sizeof(h4));
    char sql[512];
    snprintf(sql, sizeof(sql),
             "DROP TRIGGER chronology_no_delete;"
             " DELETE FROM chronology WHERE seq = 4 AND incident_id = " INC2 ";"
             " UPDATE incident SET chron_count = 3, chron_head = '%s'"
             " WHERE id = " INC2,
             h3);
    tempdb_exec_ok(t, sql);
    assert_int_equal(app_verify(t->s, NULL, &r), KZ_EVERIFY);
    assert_int_equal(r.nbroken, 1);
    assert_string_equal(r.broken[0].ref, "INC-2026-0002");
    assert_int_equal(r.broken[0].seq, 4);
    assert_string_equal(r.broken[0].what_key, "verify.audit_head_missing");
    assert_string_equal(r.broken[0].expected, h4);
    assert_string_equal(r.broken[0].found, "");
}

/* File incident INC-2026-0004 at 'at', then take its audit entries out
 * of the log, as if it had been added behind kizuki's back (or before the
 * audit log existed); the log that is left is intact.  With 'detail' not
 * NULL, an "incident.create" entry with that detail takes their place, as
 * kizuki wrote it before audit entries recorded the chronology head. */
static void file_unaudited(struct tempdb *t, kz_time at, const char *detail)
{
    struct app_ctx ctx = *admin();
    struct incident inc;
    struct kz_problems p;
    struct chron_head head;
    char sql[256];

    ctx.now = at;
    assert_int_equal(store_audit_head(t->s, &head), KZ_OK);
    fixture_draft(&inc, at);
    strv_cleanup(&inc.members);
    kz_problems_clear(&p);
    assert_int_equal(app_incident_create(t->s, &ctx, &inc, &p), KZ_OK);
    assert_string_equal(inc.ref, "INC-2026-0004");
    incident_cleanup(&inc);
    snprintf(sql, sizeof(sql),
             "DROP TRIGGER audit_no_delete;"
             " DELETE FROM audit WHERE seq > %lld;"
             " UPDATE audit_head SET count = %lld, hash = '%s'",
             (long long)head.count, (long long)head.count, head.hash);
    tempdb_exec_ok(t, sql);
    if (detail == NULL)
        return;
    struct audit_entry e;
    audit_entry_init(&e);
    e.at = at;
    e.actor = xstrdup("admin");
    e.action = xstrdup("incident.create");
    e.target = xstrdup("INC-2026-0004");
    e.source = xstrdup("test");
    e.detail = xstrdup(detail);
    audit_seal(&e, &head);
    assert_int_equal(store_begin(t->s), KZ_OK);
    assert_int_equal(store_audit_append(t->s, &e), KZ_OK);
    assert_int_equal(store_commit(t->s), KZ_OK);
    audit_entry_cleanup(&e);
}

static void test_incident_added_unaudited_is_reported(void **state)
{
    struct tempdb *t = *state;
    struct verify_result r;

    file_unaudited(t, NOW + 60, NULL);
    assert_int_equal(app_verify(t->s, NULL, &r), KZ_EVERIFY);
    assert_int_equal(r.nbroken, 1);
    assert_string_equal(r.broken[0].ref, "INC-2026-0004");
    assert_int_equal(r.broken[0].seq, 1);
    assert_string_equal(r.broken[0].what_key, "verify.create_not_audited");
}

/* An incident filed before the audit log began (a database from before
 * migration 0002) has no creation to find there. */
static void test_incident_older_than_the_audit_log_passes(void **state)
{
    struct tempdb *t = *state;
    struct verify_result r;

    file_unaudited(t, NOW - 86400, NULL);
    assert_int_equal(app_verify(t->s, NULL, &r), KZ_OK);
    assert_int_equal(r.incidents, 4);
}

/* Audit entries written before the chronology head was recorded carry no
 * "chron": only the creation is checked for them. */
static void test_old_audit_entries_check_the_creation_only(void **state)
{
    struct tempdb *t = *state;
    struct verify_result r;

    file_unaudited(t, NOW + 60, "");
    assert_int_equal(app_verify(t->s, NULL, &r), KZ_OK);
    /* Cut back to its first entry, with the head: the chain alone holds,
     * and so does what the old entry said. */
    char h1[HASH_HEX_SIZE];
    char sql[512];
    tempdb_text(t,
                "SELECT hash FROM chronology WHERE seq = 1 AND"
                " incident_id = (SELECT id FROM incident WHERE ref ="
                " 'INC-2026-0004')",
                h1, sizeof(h1));
    snprintf(sql, sizeof(sql),
             "DROP TRIGGER chronology_no_delete;"
             " DELETE FROM chronology WHERE seq > 1 AND incident_id = (SELECT"
             " id FROM incident WHERE ref = 'INC-2026-0004');"
             " UPDATE incident SET chron_count = 1, chron_head = '%s'"
             " WHERE ref = 'INC-2026-0004'",
             h1);
    tempdb_exec_ok(t, sql);
    assert_int_equal(app_verify(t->s, NULL, &r), KZ_OK);
    tempdb_exec_ok(t, "DELETE FROM task WHERE incident_id = (SELECT"
                      " id FROM incident WHERE ref = 'INC-2026-0004');"
                      " DELETE FROM chronology WHERE incident_id = (SELECT"
                      " id FROM incident WHERE ref = 'INC-2026-0004');"
                      " DELETE FROM incident WHERE ref = 'INC-2026-0004'");
    assert_int_equal(app_verify(t->s, NULL, &r), KZ_EVERIFY);
    assert_int_equal(r.nbroken, 1);
    assert_string_equal(r.broken[0].ref, "INC-2026-0004");
    assert_string_equal(r.broken[0].what_key, "verify.incident_missing");
}

/* Every entry about an incident records the chronology head of that
 * moment, next to the detail it already had. */
static void test_audit_detail_records_the_head(void **state)
{
    struct tempdb *t = *state;
    char detail[512];
    char h3[HASH_HEX_SIZE];
    char want[512];

    tempdb_text(t,
                "SELECT detail FROM audit WHERE action = 'incident.note'"
                " AND target = 'INC-2026-0002'",
                detail, sizeof(detail));
    tempdb_text(t,
                "SELECT hash FROM chronology WHERE seq = 3 AND"
                " incident_id = " INC2,
                h3, sizeof(h3));
    snprintf(want, sizeof(want), "{\"chron\":{\"count\":3,\"hash\":\"%s\"}}",
             h3);
    assert_string_equal(detail, want);
    tempdb_text(t,
                "SELECT detail FROM audit WHERE action = 'incident.move'"
                " AND target = 'INC-2026-0002'",
                detail, sizeof(detail));
    assert_non_null(strstr(detail, "\"to\":\"triage\""));
    assert_non_null(strstr(detail, "\"chron\":{\"count\":4,"));
}

/* An audit log broken at the first incident's creation vouches for
 * nothing after it: one break, the audit log's, not one per incident. */
static void test_broken_audit_log_is_one_break(void **state)
{
    struct tempdb *t = *state;
    struct verify_result r;

    tempdb_exec_ok(t, "DROP TRIGGER audit_no_update;"
                      " UPDATE audit SET actor = 'someone' WHERE seq = 1");
    assert_int_equal(app_verify(t->s, NULL, &r), KZ_EVERIFY);
    assert_int_equal(r.nbroken, 1);
    assert_string_equal(r.broken[0].ref, "audit");
    assert_int_equal(r.broken[0].seq, 1);
    assert_string_equal(r.broken[0].what_key, "verify.hash_mismatch");
}

/* -- the audit log against an anchor ------------------------------------ */

static void test_anchor_held_and_lost(void **state)
{
    struct tempdb *t = *state;
    struct verify_result r;
    struct chron_head anchor;
    char sql[256];

    assert_int_equal(app_verify(t->s, NULL, &r), KZ_OK);
    anchor = r.audit_head;
    assert_int_equal(anchor.count, 9);
    assert_int_equal(app_verify_anchored(t->s, NULL, &anchor, &r), KZ_OK);
    /* The empty log is in every log. */
    struct chron_head empty;
    chron_head_init(&empty);
    assert_int_equal(app_verify_anchored(t->s, NULL, &empty, &r), KZ_OK);

    /* Cut the log back by one entry, head included. */
    char h8[HASH_HEX_SIZE];
    tempdb_text(t, "SELECT hash FROM audit WHERE seq = 8", h8, sizeof(h8));
    snprintf(sql, sizeof(sql),
             "DROP TRIGGER audit_no_delete; DROP TRIGGER audit_no_update;"
             " DELETE FROM audit WHERE seq = 9;"
             " UPDATE audit_head SET count = 8, hash = '%s'",
             h8);
    tempdb_exec_ok(t, sql);
    assert_int_equal(app_verify(t->s, NULL, &r), KZ_OK);
    assert_int_equal(app_verify_anchored(t->s, NULL, &anchor, &r), KZ_EVERIFY);
    assert_int_equal(r.nbroken, 1);
    assert_string_equal(r.broken[0].ref, "audit");
    assert_int_equal(r.broken[0].seq, 9);
    assert_string_equal(r.broken[0].what_key, "verify.anchor_missing");
    assert_string_equal(r.broken[0].expected, anchor.hash);

    /* An anchor whose hash the log no longer has at that seq. */
    struct chron_head other = anchor;
    other.count = 8;
    assert_int_equal(app_verify_anchored(t->s, NULL, &other, &r), KZ_EVERIFY);
    assert_int_equal(r.nbroken, 1);
    assert_string_equal(r.broken[0].what_key, "verify.anchor_mismatch");
    assert_string_equal(r.broken[0].found, h8);
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
        T(test_deleted_incident_is_reported),
        T(test_deleted_incident_unnamed_for_auditor),
        T(test_chronology_cut_back_is_reported),
        T(test_incident_added_unaudited_is_reported),
        T(test_incident_older_than_the_audit_log_passes),
        T(test_old_audit_entries_check_the_creation_only),
        T(test_audit_detail_records_the_head),
        T(test_broken_audit_log_is_one_break),
        T(test_anchor_held_and_lost),
    };

    return cmocka_run_group_tests(tests, fixture_group_setup, NULL);
}
