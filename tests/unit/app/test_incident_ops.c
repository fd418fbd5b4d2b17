/* SPDX-License-Identifier: MIT */
/*
 * test_incident_ops.c - the use cases that change an incident
 * (src/app/incident_ops.c): reference numbering, field and phase changes
 * with their chronology entries, and the promise that a failed write
 * leaves nothing half-written, checked by failing every store call in
 * turn (store_fault_after).
 */
#include "support/chron_text.h"
#include "support/test.h"

#include <stdio.h>
#include <string.h>

#include "app/incident_ops.h"
#include "app/registry.h"
#include "app/verify.h"
#include "core/playbook.h"
#include "core/ref.h"
#include "core/triage.h"
#include "support/fixture.h"
#include "support/settle.h"
#include "support/tempdb.h"
#include "util/mem.h"

#define NOW FIXTURE_NOW
#define FAULT_LOOP_MAX 200 /* far more store calls than any use case makes */

/* The local operator, as the CLI acts. */
static struct app_ctx admin_at(kz_time now)
{
    struct app_ctx c = {{"admin", ROLE_ADMIN}, "test", now, NULL};

    return c;
}

static const struct app_ctx *admin(void)
{
    static struct app_ctx c;

    c = admin_at(NOW);
    return &c;
}

/* A valid draft without a need-to-know list (members must be accounts,
 * which these tests do not need). */
static void draft(struct incident *inc, const char *title)
{
    fixture_draft(inc, NOW);
    strv_cleanup(&inc->members);
    if (title != NULL)
        xstrset(&inc->title, title);
}

/* File a draft as admin; 'ref' (may be NULL) receives its reference. */
static void create(struct store *s, const char *title, kz_time reported,
                   char *ref)
{
    struct incident inc;
    struct kz_problems p;
    struct app_ctx c = admin_at(reported > NOW ? reported : NOW);

    draft(&inc, title);
    if (reported != KZ_TIME_NONE) {
        inc.reported_at = reported;
        inc.discovered_at = reported - 60;
        inc.occurred_at = reported - 120;
    }
    kz_problems_clear(&p);
    if (app_incident_create(s, &c, &inc, &p) != KZ_OK) {
        problems_print(&p);
        fail_msg("create failed");
    }
    if (ref != NULL)
        snprintf(ref, INCIDENT_REF_LEN, "%s", inc.ref);
    incident_cleanup(&inc);
}

/* Counts on the file: incidents, chronology entries, audit entries, and
 * what the response engine writes with a change: tasks, summonses and
 * the messages queued for them. */
struct counts {
    int64_t incidents;
    int64_t entries;
    int64_t audit;
    int64_t tasks;
    int64_t summonses;
    int64_t outbox;
};

static struct counts count_rows(const struct tempdb *t)
{
    struct counts c;

    c.incidents = tempdb_int(t, "SELECT count(*) FROM incident");
    c.entries = tempdb_int(t, "SELECT count(*) FROM chronology");
    c.audit = tempdb_int(t, "SELECT count(*) FROM audit");
    c.tasks = tempdb_int(t, "SELECT count(*) FROM task");
    c.summonses = tempdb_int(t, "SELECT count(*) FROM summons");
    c.outbox = tempdb_int(t, "SELECT count(*) FROM outbox");
    return c;
}

/* The number of steps of kizuki's playbook for 'category'. */
static int64_t playbook_steps(const char *category)
{
    struct playbook pb;
    int64_t n;

    playbook_init(&pb);
    assert_true(playbook_default(category, &pb));
    n = (int64_t)pb.n;
    playbook_cleanup(&pb);
    return n;
}

/* Save a configuration record of 't' from JSON text as admin. */
static int64_t save(struct store *s, const struct registry_type *t,
                    const char *json)
{
    json_t *o = fixture_json(json);
    void *rec = xcalloc(1, t->size);
    struct kz_problems p;
    int64_t id;

    t->init(rec);
    kz_problems_clear(&p);
    if (app_registry_save(s, admin(), t, 0, o, -1, rec, &p) != KZ_OK) {
        problems_print(&p);
        fail_msg("cannot save %s", json);
    }
    id = *(int64_t *)rec; /* every registry record starts with its id */
    t->cleanup(rec);
    xfree(rec);
    json_decref(o);
    return id;
}

static void assert_verifies(struct store *s)
{
    struct verify_result r;
    enum kz_err err = app_verify(s, NULL, &r);

    if (err != KZ_OK)
        fail_msg("app_verify: %d, %zu broken, first %s seq %lld (%s)", err,
                 r.nbroken, r.nbroken ? r.broken[0].ref : "-",
                 r.nbroken ? (long long)r.broken[0].seq : 0LL,
                 r.nbroken ? r.broken[0].what_key : "-");
}

/* The chronology of 'ref' (OUT: cleanup with chron_list_cleanup). */
static void chronology(struct store *s, const char *ref, struct chron_list *l)
{
    struct incident inc;

    incident_init(&inc);
    assert_int_equal(store_incident_get(s, ref, &inc), KZ_OK);
    assert_int_equal(store_chron_list(s, inc.id, l), KZ_OK);
    incident_cleanup(&inc);
}

static void load(struct store *s, const char *ref, struct incident *inc)
{
    incident_init(inc);
    assert_int_equal(store_incident_get(s, ref, inc), KZ_OK);
}

/* The body of entry 'e' as JSON (OUT: new reference). */
static json_t *body_of(const struct chron_entry *e)
{
    json_t *j = json_loads(e->body, 0, NULL);

    if (j == NULL)
        fail_msg("entry %lld body is not JSON: %s", (long long)e->seq, e->body);
    return j;
}

static const char *jstr(const json_t *o, const char *key)
{
    const json_t *v = json_object_get(o, key);

    return json_is_string(v) ? json_string_value(v) : NULL;
}

static void test_create_numbers_incidents_of_the_year(void **state)
{
    struct tempdb *t = *state;
    char ref[INCIDENT_REF_LEN];

    create(t->s, "一件目", KZ_TIME_NONE, ref);
    assert_string_equal(ref, "INC-2026-0001");
    create(t->s, "二件目", KZ_TIME_NONE, ref);
    assert_string_equal(ref, "INC-2026-0002");
    create(t->s, "三件目", KZ_TIME_NONE, ref);
    assert_string_equal(ref, "INC-2026-0003");
}

static void test_create_stores_the_record_and_its_first_entry(void **state)
{
    struct tempdb *t = *state;
    struct incident inc;
    struct incident stored;
    struct kz_problems p;
    struct chron_list l;
    json_t *b;

    draft(&inc, NULL);
    inc.phase = PHASE_CLOSED; /* kizuki decides these, not the draft */
    inc.version = 42;
    inc.phase_times[PHASE_REVIEW] = NOW;
    kz_problems_clear(&p);
    assert_int_equal(app_incident_create(t->s, admin(), &inc, &p), KZ_OK);
    assert_string_equal(inc.ref, "INC-2026-0001");
    assert_true(inc.id > 0);
    assert_int_equal(inc.phase, PHASE_REPORTED);
    assert_int_equal(inc.version, 1);
    assert_int_equal(inc.phase_times[PHASE_REPORTED], inc.reported_at);
    assert_true(inc.phase_times[PHASE_REVIEW] == KZ_TIME_NONE);
    assert_int_equal(inc.created_at, NOW);
    assert_int_equal(inc.updated_at, NOW);
    assert_string_equal(inc.created_by, "admin");
    /* The person's severity and priority stand over the score. */
    assert_int_equal(inc.severity, 2);
    assert_true(inc.severity_manual);
    assert_int_equal(inc.priority, 1);
    assert_true(inc.priority_manual);
    load(t->s, inc.ref, &stored);
    fixture_assert_same(&inc, &stored);

    /* The filing, then kizuki turning the category's playbook into
     * tasks. */
    chronology(t->s, inc.ref, &l);
    assert_int_equal(l.n, 2);
    assert_int_equal(l.items[0].seq, 1);
    assert_int_equal(l.items[0].kind, ENTRY_PHASE_CHANGE);
    assert_string_equal(l.items[0].actor, "admin");
    assert_int_equal(l.items[0].at, NOW);
    assert_string_equal(l.items[0].prev_hash, hashchain_genesis);
    b = body_of(&l.items[0]);
    assert_true(json_is_null(json_object_get(b, "from")));
    assert_string_equal(jstr(b, "to"), "reported");
    json_decref(b);
    assert_int_equal(l.items[1].kind, ENTRY_ACTION);
    assert_string_equal(l.items[1].actor, "kizuki");
    assert_int_equal(l.items[1].at, NOW);
    char want[256];
    snprintf(want, sizeof(want),
             "プレイブック「メール誤送信」から %lld 件のタスクを作成しました",
             (long long)playbook_steps("misdirected_email"));
    assert_string_equal(chron_ja(l.items[1].body), want);
    chron_list_cleanup(&l);
    assert_int_equal(count_rows(t).tasks, playbook_steps("misdirected_email"));
    assert_int_equal(count_rows(t).summonses, 0); /* not in triage yet */
    incident_cleanup(&stored);
    incident_cleanup(&inc);
    assert_verifies(t->s);
}

static void test_create_defaults_reported_at_to_now(void **state)
{
    struct tempdb *t = *state;
    struct incident inc;
    struct kz_problems p;

    draft(&inc, NULL);
    inc.reported_at = KZ_TIME_NONE;
    kz_problems_clear(&p);
    assert_int_equal(app_incident_create(t->s, admin(), &inc, &p), KZ_OK);
    assert_int_equal(inc.reported_at, NOW);
    incident_cleanup(&inc);
}

static void test_invalid_draft_writes_nothing_and_takes_no_number(void **state)
{
    struct tempdb *t = *state;
    struct incident inc;
    struct kz_problems p;
    char ref[INCIDENT_REF_LEN];

    draft(&inc, "\xE3\x80\x80");
    xstrset(&inc.category, "hacking");
    kz_problems_clear(&p);
    assert_int_equal(app_incident_create(t->s, admin(), &inc, &p), KZ_EINVAL);
    assert_problem(&p, "title", "v.required");
    assert_problem(&p, "category", "v.unknown_key");
    assert_string_equal(inc.ref, "");
    incident_cleanup(&inc);
    assert_int_equal(tempdb_int(t, "SELECT count(*) FROM incident"), 0);
    assert_int_equal(tempdb_int(t, "SELECT count(*) FROM ref_counter"), 0);
    create(t->s, NULL, KZ_TIME_NONE, ref);
    assert_string_equal(ref, "INC-2026-0001");
}

/* The year of a reference is the year of reported_at in Tokyo:
 * 2026-12-31T15:00:00Z is already 2027 there, and 2027 starts at 0001. */
static void test_numbering_restarts_with_the_tokyo_year(void **state)
{
    struct tempdb *t = *state;
    char ref[INCIDENT_REF_LEN];
    kz_time new_year = fixture_time("2026-12-31T15:00:00Z");

    create(t->s, NULL, fixture_time("2026-12-31T23:59:59+09:00"), ref);
    assert_string_equal(ref, "INC-2026-0001");
    create(t->s, NULL, new_year - 1, ref);
    assert_string_equal(ref, "INC-2026-0002");
    create(t->s, NULL, new_year, ref);
    assert_string_equal(ref, "INC-2027-0001");
    create(t->s, NULL, new_year + 3600, ref);
    assert_string_equal(ref, "INC-2027-0002");
    /* A late report of last year continues last year's numbers. */
    create(t->s, NULL, fixture_time("2026-06-01T12:00:00+09:00"), ref);
    assert_string_equal(ref, "INC-2026-0003");
}

static int64_t number_of(const char *ref)
{
    int64_t n = 0;

    assert_true(ref_parse(ref, NULL, &n));
    return n;
}

/* Numbers handed out so far for 2026 (the counter on the file). */
static int64_t numbers_taken(const struct tempdb *t)
{
    return tempdb_int(t, "SELECT coalesce(max(last), 0) FROM ref_counter"
                         " WHERE year = 2026");
}

/*
 * Fail the n-th store call of app_incident_create for n = 1, 2, … until
 * it succeeds.  After every failure the file holds the whole incident
 * (record, first entry, audit entry, the playbook's tasks and the entry
 * saying so) or nothing of it, the chains verify,
 * and the number finally given is above every number taken before.
 */
static void test_failed_create_is_all_or_nothing(void **state)
{
    struct tempdb *t = *state;
    char ref[INCIDENT_REF_LEN];
    int64_t taken;
    int64_t steps = playbook_steps("misdirected_email");
    int n;

    create(t->s, "既存の事案", KZ_TIME_NONE, ref);
    taken = numbers_taken(t);
    for (n = 1; n <= FAULT_LOOP_MAX; n++) {
        struct counts before = count_rows(t);
        struct incident inc;
        struct kz_problems p;
        enum kz_err err;

        draft(&inc, "障害注入");
        kz_problems_clear(&p);
        store_fault_after(t->s, n);
        err = app_incident_create(t->s, admin(), &inc, &p);
        store_fault_after(t->s, 0);
        assert_int_equal(store_depth(t->s), 0);
        struct counts after = count_rows(t);
        if (err == KZ_OK) {
            assert_int_equal(after.incidents, before.incidents + 1);
            assert_int_equal(after.entries, before.entries + 2);
            assert_int_equal(after.audit, before.audit + 1);
            assert_int_equal(after.tasks, before.tasks + steps);
            if (number_of(inc.ref) <= taken)
                fail_msg("%s reuses a number taken before (%lld)", inc.ref,
                         (long long)taken);
            assert_int_equal(
                tempdb_int(t, "SELECT chron_count FROM incident WHERE ref ="
                              " (SELECT max(ref) FROM incident)"),
                2);
            incident_cleanup(&inc);
            assert_verifies(t->s);
            break;
        }
        assert_int_equal(err, KZ_ESTORE);
        assert_string_equal(inc.ref, "");
        bool nothing = after.incidents == before.incidents &&
                       after.entries == before.entries &&
                       after.audit == before.audit &&
                       after.tasks == before.tasks;
        bool whole = after.incidents == before.incidents + 1 &&
                     after.entries == before.entries + 2 &&
                     after.audit == before.audit + 1 &&
                     after.tasks == before.tasks + steps;
        if (!nothing && !whole)
            fail_msg("fault at call %d left %lld/%lld/%lld rows, was "
                     "%lld/%lld/%lld",
                     n, (long long)after.incidents, (long long)after.entries,
                     (long long)after.audit, (long long)before.incidents,
                     (long long)before.entries, (long long)before.audit);
        assert_verifies(t->s);
        if (numbers_taken(t) > taken)
            taken = numbers_taken(t);
        incident_cleanup(&inc);
    }
    assert_true(n > 1 && n <= FAULT_LOOP_MAX);
    /* And the store works normally afterwards. */
    create(t->s, "後続", KZ_TIME_NONE, ref);
    assert_true(number_of(ref) > taken);
}

static void test_patch_logs_one_entry_per_changed_field(void **state)
{
    struct tempdb *t = *state;
    char ref[INCIDENT_REF_LEN];
    struct incident out;
    struct kz_problems p;
    struct chron_list l;
    struct app_ctx later = admin_at(NOW + 60);
    json_t *patch;
    json_t *b;

    create(t->s, "元の件名", KZ_TIME_NONE, ref);
    patch =
        json_pack("{s:s, s:s, s:s, s:i, s:s}", "title", "訂正後の件名",
                  "severity", "S1", "severity_reason", "二次被害の報告あり",
                  "affected_persons", 1300, "place", "office" /* unchanged */);
    incident_init(&out);
    kz_problems_clear(&p);
    assert_int_equal(app_incident_patch(t->s, &later, ref, patch, 1, &out, &p),
                     KZ_OK);
    assert_int_equal(out.version, 2);
    assert_int_equal(out.updated_at, NOW + 60);
    assert_string_equal(out.title, "訂正後の件名");
    assert_int_equal(out.severity, 1);
    assert_int_equal(out.affected_persons, 1300);
    assert_true(out.severity_manual);
    assert_string_equal(out.severity_reason, "二次被害の報告あり");
    chronology(t->s, ref, &l);
    /* The filing (two entries) and four changed fields. */
    assert_int_equal(l.n, 6);
    for (size_t i = 2; i < l.n; i++) {
        assert_int_equal(l.items[i].kind, ENTRY_FIELD_CHANGE);
        assert_string_equal(l.items[i].actor, "admin");
        assert_int_equal(l.items[i].at, NOW + 60);
    }
    b = body_of(&l.items[2]);
    assert_string_equal(jstr(b, "field"), "title");
    assert_string_equal(jstr(b, "from"), "元の件名");
    assert_string_equal(jstr(b, "to"), "訂正後の件名");
    json_decref(b);
    b = body_of(&l.items[3]);
    assert_string_equal(jstr(b, "field"), "severity");
    assert_string_equal(jstr(b, "from"), "S2");
    assert_string_equal(jstr(b, "to"), "S1");
    json_decref(b);
    b = body_of(&l.items[4]);
    assert_string_equal(jstr(b, "field"), "severity_reason");
    assert_string_equal(jstr(b, "to"), "二次被害の報告あり");
    json_decref(b);
    b = body_of(&l.items[5]);
    assert_string_equal(jstr(b, "field"), "affected_persons");
    assert_int_equal(json_integer_value(json_object_get(b, "from")), 1200);
    assert_int_equal(json_integer_value(json_object_get(b, "to")), 1300);
    json_decref(b);
    chron_list_cleanup(&l);
    json_decref(patch);
    incident_cleanup(&out);
    assert_verifies(t->s);
}

static void test_patch_with_unchanged_values_writes_nothing(void **state)
{
    struct tempdb *t = *state;
    char ref[INCIDENT_REF_LEN];
    struct incident out;
    struct incident before;
    struct kz_problems p;
    struct counts c0;
    struct app_ctx later = admin_at(NOW + 60);
    json_t *patch;

    create(t->s, "変わらない", KZ_TIME_NONE, ref);
    load(t->s, ref, &before);
    c0 = count_rows(t);
    /* The same values, and read-only keys echoed back unchanged. */
    patch = json_pack("{s:s, s:s, s:s, s:i, s:s}", "title", "変わらない",
                      "category", "misdirected_email", "ref", ref, "version", 1,
                      "phase", "reported");
    incident_init(&out);
    kz_problems_clear(&p);
    assert_int_equal(app_incident_patch(t->s, &later, ref, patch, 1, &out, &p),
                     KZ_OK);
    assert_int_equal(out.version, 1);
    assert_int_equal(count_rows(t).entries, c0.entries);
    assert_int_equal(count_rows(t).audit, c0.audit);
    incident_cleanup(&out);
    load(t->s, ref, &out);
    fixture_assert_same(&before, &out); /* not even updated_at moved */
    json_decref(patch);
    incident_cleanup(&out);
    incident_cleanup(&before);
}

static void test_patch_with_a_stale_version_is_a_conflict(void **state)
{
    struct tempdb *t = *state;
    char ref[INCIDENT_REF_LEN];
    struct incident out;
    struct kz_problems p;
    struct counts c0;
    json_t *first = json_pack("{s:s}", "owner", "情報システム部");
    json_t *second = json_pack("{s:s}", "owner", "総務部");

    create(t->s, NULL, KZ_TIME_NONE, ref);
    incident_init(&out);
    kz_problems_clear(&p);
    assert_int_equal(app_incident_patch(t->s, admin(), ref, first, 1, &out, &p),
                     KZ_OK);
    assert_int_equal(out.version, 2);
    c0 = count_rows(t);
    /* A second client still holding version 1. */
    assert_int_equal(
        app_incident_patch(t->s, admin(), ref, second, 1, &out, &p),
        KZ_ECONFLICT);
    /* 'out' is the current record, for the client to reload. */
    assert_int_equal(out.version, 2);
    assert_string_equal(out.owner, "情報システム部");
    assert_int_equal(count_rows(t).entries, c0.entries);
    /* With the current version, or without a check (-1), it applies. */
    assert_int_equal(
        app_incident_patch(t->s, admin(), ref, second, -1, &out, &p), KZ_OK);
    assert_int_equal(out.version, 3);
    assert_string_equal(out.owner, "総務部");
    json_decref(first);
    json_decref(second);
    incident_cleanup(&out);
}

static void test_invalid_patch_changes_nothing(void **state)
{
    struct tempdb *t = *state;
    char ref[INCIDENT_REF_LEN];
    struct incident out;
    struct incident before;
    struct kz_problems p;
    struct counts c0;
    json_t *patch = json_pack("{s:s, s:s, s:s, s:i}", "title", "", "phase",
                              "closed", "category", "hacking", "colour", 1);
    json_t *array = json_array();

    create(t->s, NULL, KZ_TIME_NONE, ref);
    load(t->s, ref, &before);
    c0 = count_rows(t);
    incident_init(&out);
    kz_problems_clear(&p);
    assert_int_equal(
        app_incident_patch(t->s, admin(), ref, patch, -1, &out, &p), KZ_EINVAL);
    assert_problem(&p, "title", "v.required");
    assert_problem(&p, "phase", "v.phase_via_move");
    assert_problem(&p, "category", "v.unknown_key");
    assert_problem(&p, "colour", "v.unknown_field");
    kz_problems_clear(&p);
    assert_int_equal(
        app_incident_patch(t->s, admin(), ref, array, -1, &out, &p),
        KZ_EMALFORMED);
    assert_int_equal(
        app_incident_patch(t->s, admin(), "INC-2026-0099", patch, -1, &out, &p),
        KZ_ENOTFOUND);
    incident_cleanup(&out);
    load(t->s, ref, &out);
    fixture_assert_same(&before, &out);
    assert_int_equal(count_rows(t).entries, c0.entries);
    assert_int_equal(store_depth(t->s), 0);
    json_decref(patch);
    json_decref(array);
    incident_cleanup(&out);
    incident_cleanup(&before);
}

/* The same all-or-nothing loop for a change of four fields, one of them
 * the category, whose playbook becomes tasks in the same transaction. */
static void test_failed_patch_is_all_or_nothing(void **state)
{
    struct tempdb *t = *state;
    char ref[INCIDENT_REF_LEN];
    json_t *patch =
        json_pack("{s:s, s:s, s:[s], s:s}", "title", "注入後の件名", "owner",
                  "CSIRT", "tags", "障害注入", "category", "device_loss");
    int64_t steps = playbook_steps("device_loss");
    int n;

    create(t->s, "注入前の件名", KZ_TIME_NONE, ref);
    for (n = 1; n <= FAULT_LOOP_MAX; n++) {
        struct counts before = count_rows(t);
        struct incident out;
        struct incident now;
        struct kz_problems p;
        enum kz_err err;

        incident_init(&out);
        kz_problems_clear(&p);
        store_fault_after(t->s, n);
        err = app_incident_patch(t->s, admin(), ref, patch, 1, &out, &p);
        store_fault_after(t->s, 0);
        assert_int_equal(store_depth(t->s), 0);
        struct counts after = count_rows(t);
        load(t->s, ref, &now);
        bool nothing =
            now.version == 1 && strcmp(now.title, "注入前の件名") == 0 &&
            after.entries == before.entries && after.audit == before.audit &&
            after.tasks == before.tasks;
        /* Four field changes and the playbook's entry. */
        bool whole = now.version == 2 &&
                     strcmp(now.title, "注入後の件名") == 0 &&
                     strcmp(now.owner, "CSIRT") == 0 &&
                     strcmp(now.category, "device_loss") == 0 &&
                     after.entries == before.entries + 5 &&
                     after.audit == before.audit + 1 &&
                     after.tasks == before.tasks + steps;
        if (!(err == KZ_OK ? whole : nothing || whole))
            fail_msg("fault at call %d (err %d): version %lld, %lld "
                     "entries (was %lld)",
                     n, err, (long long)now.version, (long long)after.entries,
                     (long long)before.entries);
        incident_cleanup(&now);
        incident_cleanup(&out);
        assert_verifies(t->s);
        if (err == KZ_OK)
            break;
        assert_int_equal(err, KZ_ESTORE);
    }
    assert_true(n > 1 && n <= FAULT_LOOP_MAX);
    json_decref(patch);
}

static void test_move_writes_a_phase_change_entry(void **state)
{
    struct tempdb *t = *state;
    char ref[INCIDENT_REF_LEN];
    struct incident out;
    struct kz_problems p;
    struct chron_list l;
    struct app_ctx later = admin_at(NOW + 600);
    json_t *b;

    create(t->s, NULL, KZ_TIME_NONE, ref);
    incident_init(&out);
    kz_problems_clear(&p);
    assert_int_equal(
        app_incident_move(t->s, &later, ref, PHASE_CONTAINMENT, NULL, &out, &p),
        KZ_OK);
    assert_int_equal(out.phase, PHASE_CONTAINMENT);
    assert_int_equal(out.version, 2);
    assert_int_equal(out.phase_times[PHASE_CONTAINMENT], NOW + 600);
    incident_cleanup(&out);
    later.now += 600;
    assert_int_equal(app_incident_move(t->s, &later, ref, PHASE_TRIAGE,
                                       "影響範囲の見直し", &out, &p),
                     KZ_OK);
    assert_int_equal(out.phase, PHASE_TRIAGE);
    assert_true(out.phase_times[PHASE_CONTAINMENT] == KZ_TIME_NONE);
    incident_cleanup(&out);

    /* The filing (two entries), then the two moves. */
    chronology(t->s, ref, &l);
    assert_int_equal(l.n, 4);
    assert_int_equal(l.items[2].kind, ENTRY_PHASE_CHANGE);
    b = body_of(&l.items[2]);
    assert_string_equal(jstr(b, "from"), "reported");
    assert_string_equal(jstr(b, "to"), "containment");
    assert_null(json_object_get(b, "reason"));
    json_decref(b);
    b = body_of(&l.items[3]);
    assert_string_equal(jstr(b, "from"), "containment");
    assert_string_equal(jstr(b, "to"), "triage");
    assert_string_equal(jstr(b, "reason"), "影響範囲の見直し");
    json_decref(b);
    assert_string_equal(l.items[3].actor, "admin");
    assert_int_equal(l.items[3].at, NOW + 1200);
    chron_list_cleanup(&l);
    load(t->s, ref, &out);
    assert_int_equal(out.phase, PHASE_TRIAGE);
    assert_int_equal(out.version, 3);
    incident_cleanup(&out);
    assert_verifies(t->s);
}

static void test_refused_move_changes_nothing(void **state)
{
    struct tempdb *t = *state;
    char ref[INCIDENT_REF_LEN];
    struct incident out;
    struct kz_problems p;
    struct counts c0;

    create(t->s, NULL, KZ_TIME_NONE, ref);
    incident_init(&out);
    kz_problems_clear(&p);
    assert_int_equal(app_incident_move(t->s, admin(), ref, PHASE_INVESTIGATION,
                                       NULL, &out, &p),
                     KZ_OK);
    incident_cleanup(&out);
    c0 = count_rows(t);

    kz_problems_clear(&p);
    assert_int_equal(app_incident_move(t->s, admin(), ref, PHASE_TRIAGE,
                                       "\xE3\x80\x80", &out, &p),
                     KZ_EINVAL);
    assert_problem(&p, "reason", "phase.back_reason");
    incident_cleanup(&out);
    kz_problems_clear(&p);
    assert_int_equal(app_incident_move(t->s, admin(), ref, PHASE_INVESTIGATION,
                                       NULL, &out, &p),
                     KZ_EINVAL);
    assert_problem(&p, "to", "phase.same");
    incident_cleanup(&out);
    kz_problems_clear(&p);
    assert_int_equal(app_incident_move(t->s, admin(), "INC-2026-0099",
                                       PHASE_CLOSED, NULL, &out, &p),
                     KZ_ENOTFOUND);
    incident_cleanup(&out);
    assert_int_equal(count_rows(t).entries, c0.entries);
    load(t->s, ref, &out);
    assert_int_equal(out.phase, PHASE_INVESTIGATION);
    assert_int_equal(out.version, 2);
    incident_cleanup(&out);
    assert_int_equal(store_depth(t->s), 0);
}

static void test_reopening_a_closed_case_needs_a_reason(void **state)
{
    struct tempdb *t = *state;
    char ref[INCIDENT_REF_LEN];
    struct incident out;
    struct kz_problems p;

    create(t->s, NULL, KZ_TIME_NONE, ref);
    settle_incident(t->s, admin(), ref);
    incident_init(&out);
    kz_problems_clear(&p);
    assert_int_equal(
        app_incident_move(t->s, admin(), ref, PHASE_CLOSED, NULL, &out, &p),
        KZ_OK);
    incident_cleanup(&out);
    assert_int_equal(
        app_incident_move(t->s, admin(), ref, PHASE_REVIEW, NULL, &out, &p),
        KZ_EINVAL);
    assert_problem(&p, "reason", "phase.reopen_reason");
    incident_cleanup(&out);
    kz_problems_clear(&p);
    assert_int_equal(app_incident_move(t->s, admin(), ref, PHASE_REVIEW,
                                       "再発防止策の検証漏れ", &out, &p),
                     KZ_OK);
    assert_int_equal(out.phase, PHASE_REVIEW);
    incident_cleanup(&out);
}

/*
 * The move to triage fires a convocation rule: the summons, its two
 * messages (chat and mail), the rule's chronology entry and audit entry
 * commit with the move or not at all.
 */
static void test_failed_move_is_all_or_nothing(void **state)
{
    struct tempdb *t = *state;
    char ref[INCIDENT_REF_LEN];
    int n;

    save(t->s, &registry_contact,
         "{\"name\": \"鈴木 一郎\", \"roles\": [\"csirt_lead\"],"
         " \"email\": \"suzuki@example.jp\","
         " \"webhook_url\": \"https://chat.example.jp/hooks/abc\","
         " \"windows\": [\"business\", \"night\", \"holiday\"]}");
    save(t->s, &registry_rule,
         "{\"name\": \"重大な誤送信\", \"categories\": [\"misdirected_email\"],"
         " \"max_severity\": \"S2\", \"summon_roles\": [\"csirt_lead\"]}");
    create(t->s, NULL, KZ_TIME_NONE, ref);
    for (n = 1; n <= FAULT_LOOP_MAX; n++) {
        struct counts before = count_rows(t);
        struct incident out;
        struct incident now;
        struct kz_problems p;
        enum kz_err err;

        incident_init(&out);
        kz_problems_clear(&p);
        store_fault_after(t->s, n);
        err =
            app_incident_move(t->s, admin(), ref, PHASE_TRIAGE, NULL, &out, &p);
        store_fault_after(t->s, 0);
        assert_int_equal(store_depth(t->s), 0);
        struct counts after = count_rows(t);
        load(t->s, ref, &now);
        int64_t fired = tempdb_int(t, "SELECT count(*) FROM conv_fired");
        bool nothing = now.phase == PHASE_REPORTED && now.version == 1 &&
                       now.phase_times[PHASE_TRIAGE] == KZ_TIME_NONE &&
                       after.entries == before.entries &&
                       after.audit == before.audit && after.summonses == 0 &&
                       after.outbox == 0 && fired == 0;
        /* The move and the rule's entry; the move's and the rule's audit
         * entries; one summons with a message per channel. */
        bool whole = now.phase == PHASE_TRIAGE && now.version == 2 &&
                     now.phase_times[PHASE_TRIAGE] == NOW &&
                     after.entries == before.entries + 2 &&
                     after.audit == before.audit + 2 && after.summonses == 1 &&
                     after.outbox == 2 && fired == 1;
        if (!(err == KZ_OK ? whole : nothing || whole))
            fail_msg("fault at call %d (err %d): phase %s, version %lld", n,
                     err, phase_key(now.phase), (long long)now.version);
        incident_cleanup(&now);
        incident_cleanup(&out);
        assert_verifies(t->s);
        if (err == KZ_OK)
            break;
        assert_int_equal(err, KZ_ESTORE);
    }
    assert_true(n > 1 && n <= FAULT_LOOP_MAX);
}

static void test_note_appends_a_sealed_entry(void **state)
{
    struct tempdb *t = *state;
    char ref[INCIDENT_REF_LEN];
    struct chron_entry e;
    struct kz_problems p;
    struct chron_list l;
    struct app_ctx later = admin_at(NOW + 5);

    create(t->s, NULL, KZ_TIME_NONE, ref);
    chron_entry_init(&e);
    kz_problems_clear(&p);
    assert_int_equal(app_incident_note(t->s, &later, ref, ENTRY_CONTACT,
                                       "JPCERT/CC に報告した\n受付番号 123", &e,
                                       &p),
                     KZ_OK);
    assert_int_equal(e.seq, 3); /* after the filing's two entries */
    assert_int_equal(e.kind, ENTRY_CONTACT);
    assert_int_equal(e.at, NOW + 5);
    assert_string_equal(e.actor, "admin");
    chronology(t->s, ref, &l);
    assert_int_equal(l.n, 3);
    assert_string_equal(l.items[2].body, "JPCERT/CC に報告した\n受付番号 123");
    assert_string_equal(l.items[2].hash, e.hash);
    assert_string_equal(l.items[2].prev_hash, l.items[1].hash);
    chron_list_cleanup(&l);
    chron_entry_cleanup(&e);
    assert_verifies(t->s);
}

static void test_refused_note_writes_nothing(void **state)
{
    struct tempdb *t = *state;
    char ref[INCIDENT_REF_LEN];
    struct chron_entry e;
    struct kz_problems p;
    struct counts c0;

    create(t->s, NULL, KZ_TIME_NONE, ref);
    c0 = count_rows(t);
    chron_entry_init(&e);
    kz_problems_clear(&p);
    assert_int_equal(app_incident_note(t->s, admin(), ref, ENTRY_NOTE,
                                       " \xE3\x80\x80", &e, &p),
                     KZ_EINVAL);
    assert_problem(&p, "body", "v.required");
    kz_problems_clear(&p);
    assert_int_equal(
        app_incident_note(t->s, admin(), ref, ENTRY_PHASE_CHANGE, "{}", &e, &p),
        KZ_EINVAL);
    assert_problem(&p, "kind", "v.entry_kind");
    kz_problems_clear(&p);
    assert_int_equal(app_incident_note(t->s, admin(), "INC-2026-0099",
                                       ENTRY_NOTE, "メモ", &e, &p),
                     KZ_ENOTFOUND);
    assert_int_equal(count_rows(t).entries, c0.entries);
    assert_int_equal(store_depth(t->s), 0);
    chron_entry_cleanup(&e);
}

static void test_failed_note_is_all_or_nothing(void **state)
{
    struct tempdb *t = *state;
    char ref[INCIDENT_REF_LEN];
    int n;

    create(t->s, NULL, KZ_TIME_NONE, ref);
    for (n = 1; n <= FAULT_LOOP_MAX; n++) {
        struct counts before = count_rows(t);
        struct chron_entry e;
        struct kz_problems p;
        enum kz_err err;

        chron_entry_init(&e);
        kz_problems_clear(&p);
        store_fault_after(t->s, n);
        err = app_incident_note(t->s, admin(), ref, ENTRY_DECISION,
                                "速報を出すと決定", &e, &p);
        store_fault_after(t->s, 0);
        assert_int_equal(store_depth(t->s), 0);
        struct counts after = count_rows(t);
        bool nothing = after.entries == before.entries &&
                       after.audit == before.audit &&
                       tempdb_int(t, "SELECT chron_count FROM incident") == 2;
        bool whole = after.entries == before.entries + 1 &&
                     after.audit == before.audit + 1 &&
                     tempdb_int(t, "SELECT chron_count FROM incident") == 3;
        if (!(err == KZ_OK ? whole : nothing || whole))
            fail_msg("fault at call %d (err %d): %lld entries (was %lld)", n,
                     err, (long long)after.entries, (long long)before.entries);
        chron_entry_cleanup(&e);
        assert_verifies(t->s);
        if (err == KZ_OK)
            break;
        assert_int_equal(err, KZ_ESTORE);
    }
    assert_true(n > 1 && n <= FAULT_LOOP_MAX);
}

/* The body of entry 'e' of kind field_change for 'field', or NULL. */
static const struct chron_entry *field_entry(const struct chron_list *l,
                                             const char *field)
{
    for (size_t i = 0; i < l->n; i++) {
        if (l->items[i].kind != ENTRY_FIELD_CHANGE)
            continue;
        json_t *b = body_of(&l->items[i]);
        bool same = jstr(b, "field") && strcmp(jstr(b, "field"), field) == 0;
        json_decref(b);
        if (same)
            return &l->items[i];
    }
    return NULL;
}

/* The 'from' and 'to' of the field_change entry for 'field' as text
 * (OUT: from[64], to[64]; "null" for JSON null). */
static void change_of(const struct chron_list *l, const char *field, char *from,
                      char *to)
{
    const struct chron_entry *e = field_entry(l, field);
    json_t *b;

    if (e == NULL)
        fail_msg("no field_change entry for %s", field);
    b = body_of(e);
    for (int k = 0; k < 2; k++) {
        json_t *v = json_object_get(b, k == 0 ? "from" : "to");
        char *out = k == 0 ? from : to;
        if (json_is_string(v))
            snprintf(out, 64, "%s", json_string_value(v));
        else if (json_is_integer(v))
            snprintf(out, 64, "%lld", (long long)json_integer_value(v));
        else
            snprintf(out, 64, "null");
    }
    json_decref(b);
}

/* What triage says of 'inc' (no inventory assets in these tests);
 * tests/unit/core/test_triage.c checks the score itself. */
static struct triage_result scored(const struct incident *inc)
{
    struct triage_input in = {inc, 0, NULL};
    struct triage_result r;

    triage_compute(&in, &r);
    return r;
}

/* The fixture's draft as filed, scored. */
static struct triage_result draft_score(void)
{
    struct incident inc;
    struct triage_result r;

    draft(&inc, NULL);
    r = scored(&inc);
    incident_cleanup(&inc);
    return r;
}

/* File the fixture's draft without a person's severity and priority:
 * triage decides both. */
static void create_scored(struct store *s, char *ref)
{
    struct incident inc;
    struct kz_problems p;

    draft(&inc, NULL);
    inc.severity = 0;
    inc.priority = 0;
    xstrset(&inc.severity_reason, NULL);
    kz_problems_clear(&p);
    assert_int_equal(app_incident_create(s, admin(), &inc, &p), KZ_OK);
    assert_int_equal(inc.severity, draft_score().severity);
    assert_int_equal(inc.priority, draft_score().priority);
    assert_false(inc.severity_manual);
    assert_false(inc.priority_manual);
    snprintf(ref, INCIDENT_REF_LEN, "%s", inc.ref);
    incident_cleanup(&inc);
}

/* A severity given at filing is an override of the score: without a
 * reason (missing or blank) nothing is filed. */
static void test_severity_given_at_filing_needs_a_reason(void **state)
{
    struct tempdb *t = *state;
    static const char *const reasons[] = {NULL, "", " \t\xE3\x80\x80\n"};
    char ref[INCIDENT_REF_LEN];

    for (size_t i = 0; i < sizeof(reasons) / sizeof(reasons[0]); i++) {
        struct incident inc;
        struct kz_problems p;

        draft(&inc, NULL);
        xstrset(&inc.severity_reason, reasons[i]);
        kz_problems_clear(&p);
        assert_int_equal(app_incident_create(t->s, admin(), &inc, &p),
                         KZ_EINVAL);
        assert_problem(&p, "severity_reason", "v.severity_reason");
        assert_problem_count(&p, 1);
        assert_string_equal(inc.ref, "");
        incident_cleanup(&inc);
    }
    assert_int_equal(count_rows(t).incidents, 0);
    assert_int_equal(count_rows(t).tasks, 0);
    /* A priority alone needs no reason; the severity is then scored. */
    struct incident inc;
    struct kz_problems p;
    draft(&inc, NULL);
    inc.severity = 0;
    xstrset(&inc.severity_reason, NULL);
    kz_problems_clear(&p);
    assert_int_equal(app_incident_create(t->s, admin(), &inc, &p), KZ_OK);
    assert_int_equal(inc.severity, draft_score().severity);
    assert_false(inc.severity_manual);
    assert_int_equal(inc.priority, 1);
    assert_true(inc.priority_manual);
    incident_cleanup(&inc);
    create_scored(t->s, ref);
    assert_int_equal(
        tempdb_int(t, "SELECT count(*) FROM incident WHERE severity_source ="
                      " 'triage' AND priority_source = 'triage'"),
        1);
}

/* Setting a severity by PATCH needs a reason in the same change. */
static void test_patched_severity_needs_a_reason(void **state)
{
    struct tempdb *t = *state;
    char ref[INCIDENT_REF_LEN];
    struct incident out;
    struct kz_problems p;
    struct counts c0;
    json_t *bare = json_pack("{s:s}", "severity", "S1");
    json_t *blank = json_pack("{s:s, s:s}", "severity", "S1", "severity_reason",
                              "\xE3\x80\x80");
    json_t *good = json_pack("{s:s, s:s}", "severity", "S1", "severity_reason",
                             "取締役会への報告事案");

    create_scored(t->s, ref);
    c0 = count_rows(t);
    incident_init(&out);
    kz_problems_clear(&p);
    assert_int_equal(app_incident_patch(t->s, admin(), ref, bare, -1, &out, &p),
                     KZ_EINVAL);
    assert_problem(&p, "severity_reason", "v.severity_reason");
    kz_problems_clear(&p);
    assert_int_equal(
        app_incident_patch(t->s, admin(), ref, blank, -1, &out, &p), KZ_EINVAL);
    assert_problem(&p, "severity_reason", "v.severity_reason");
    assert_int_equal(count_rows(t).entries, c0.entries);
    kz_problems_clear(&p);
    assert_int_equal(app_incident_patch(t->s, admin(), ref, good, -1, &out, &p),
                     KZ_OK);
    assert_int_equal(out.severity, 1);
    assert_true(out.severity_manual);
    assert_string_equal(out.severity_reason, "取締役会への報告事案");
    assert_false(out.priority_manual);
    assert_int_equal(out.priority, draft_score().priority); /* the score's */
    char src[16];
    tempdb_text(t, "SELECT severity_source FROM incident", src, sizeof(src));
    assert_string_equal(src, "manual");
    json_decref(bare);
    json_decref(blank);
    json_decref(good);
    incident_cleanup(&out);
}

/* PATCH severity null gives the severity back to the score, clears the
 * reason, and the chronology says both. */
static void test_severity_null_returns_to_the_score(void **state)
{
    struct tempdb *t = *state;
    char ref[INCIDENT_REF_LEN];
    char from[64];
    char to[64];
    struct incident out;
    struct kz_problems p;
    struct chron_list l;
    json_t *patch = json_pack("{s:n}", "severity");

    struct incident inc;
    char want[8];

    /* S1 by a person over a score that says otherwise. */
    assert_int_not_equal(draft_score().severity, 1);
    snprintf(want, sizeof(want), "S%d", draft_score().severity);
    draft(&inc, NULL);
    inc.severity = 1;
    kz_problems_clear(&p);
    assert_int_equal(app_incident_create(t->s, admin(), &inc, &p), KZ_OK);
    snprintf(ref, sizeof(ref), "%s", inc.ref);
    incident_cleanup(&inc);
    incident_init(&out);
    kz_problems_clear(&p);
    assert_int_equal(
        app_incident_patch(t->s, admin(), ref, patch, -1, &out, &p), KZ_OK);
    assert_int_equal(out.severity, draft_score().severity);
    assert_false(out.severity_manual);
    assert_null(out.severity_reason);
    assert_int_equal(out.priority, 1); /* the person's priority stays */
    assert_true(out.priority_manual);
    chronology(t->s, ref, &l);
    change_of(&l, "severity", from, to);
    assert_string_equal(from, "S1");
    assert_string_equal(to, want);
    change_of(&l, "severity_reason", from, to);
    assert_string_equal(from, "取引先の顧客名簿で、取引への影響が大きい");
    assert_string_equal(to, "null");
    assert_null(field_entry(&l, "priority"));
    chron_list_cleanup(&l);
    incident_cleanup(&out);
    load(t->s, ref, &out);
    assert_int_equal(out.severity, draft_score().severity);
    assert_false(out.severity_manual);
    assert_null(out.severity_reason);
    incident_cleanup(&out);
    json_decref(patch);
    assert_verifies(t->s);
}

/* A priority set by a person sticks when the score moves; the severity
 * follows the score, and the chronology says so. */
static void test_manual_priority_sticks_while_triage_moves(void **state)
{
    struct tempdb *t = *state;
    char ref[INCIDENT_REF_LEN];
    char from[64];
    char to[64];
    char src[16];
    struct incident out;
    struct kz_problems p;
    struct chron_list l;
    json_t *prio = json_pack("{s:i}", "priority", 1);
    json_t *fewer = json_pack("{s:i}", "affected_persons", 10);
    json_t *back = json_pack("{s:n}", "priority");
    struct incident fewer_inc;
    struct triage_result was = draft_score();
    struct triage_result now_;
    char want_from[8];
    char want_to[8];

    /* Ten persons instead of 1,200 scores lower. */
    draft(&fewer_inc, NULL);
    fewer_inc.affected_persons = 10;
    now_ = scored(&fewer_inc);
    incident_cleanup(&fewer_inc);
    assert_true(now_.severity > was.severity);
    assert_int_not_equal(now_.priority, 1);
    snprintf(want_from, sizeof(want_from), "S%d", was.severity);
    snprintf(want_to, sizeof(want_to), "S%d", now_.severity);
    create_scored(t->s, ref);
    incident_init(&out);
    kz_problems_clear(&p);
    assert_int_equal(app_incident_patch(t->s, admin(), ref, prio, -1, &out, &p),
                     KZ_OK);
    assert_int_equal(out.priority, 1);
    assert_true(out.priority_manual);
    tempdb_text(t, "SELECT priority_source FROM incident", src, sizeof(src));
    assert_string_equal(src, "manual");
    assert_int_equal(
        app_incident_patch(t->s, admin(), ref, fewer, -1, &out, &p), KZ_OK);
    assert_int_equal(out.severity, now_.severity);
    assert_false(out.severity_manual);
    assert_int_equal(out.priority, 1);
    chronology(t->s, ref, &l);
    change_of(&l, "severity", from, to);
    assert_string_equal(from, want_from);
    assert_string_equal(to, want_to);
    assert_int_equal(field_entry(&l, "severity")->at, NOW);
    chron_list_cleanup(&l);
    /* Priority null: back to the score's. */
    assert_int_equal(app_incident_patch(t->s, admin(), ref, back, -1, &out, &p),
                     KZ_OK);
    assert_int_equal(out.priority, now_.priority);
    assert_false(out.priority_manual);
    tempdb_text(t, "SELECT priority_source FROM incident", src, sizeof(src));
    assert_string_equal(src, "triage");
    assert_int_equal(out.version, 4);
    json_decref(prio);
    json_decref(fewer);
    json_decref(back);
    incident_cleanup(&out);
    assert_verifies(t->s);
}

/* Need-to-know members are accounts; an unknown name is refused and
 * nothing is filed. */
static void test_members_must_be_accounts(void **state)
{
    struct tempdb *t = *state;
    struct incident inc;
    struct incident out;
    struct kz_problems p;
    json_t *add =
        json_pack("{s:[s, s]}", "members", FIXTURE_MEMBER, "nobody.here");

    fixture_draft(&inc, NOW);
    kz_problems_clear(&p);
    assert_int_equal(app_incident_create(t->s, admin(), &inc, &p), KZ_EINVAL);
    assert_problem(&p, "members[0]", "v.no_account");
    assert_string_equal(inc.ref, "");
    assert_int_equal(count_rows(t).incidents, 0);
    assert_int_equal(tempdb_int(t, "SELECT count(*) FROM ref_counter"), 0);
    incident_cleanup(&inc);

    fixture_account(t->s, FIXTURE_MEMBER, ROLE_HANDLER);
    fixture_draft(&inc, NOW);
    kz_problems_clear(&p);
    assert_int_equal(app_incident_create(t->s, admin(), &inc, &p), KZ_OK);
    incident_init(&out);
    assert_int_equal(
        app_incident_patch(t->s, admin(), inc.ref, add, -1, &out, &p),
        KZ_EINVAL);
    assert_problem(&p, "members[1]", "v.no_account");
    assert_problem_count(&p, 1);
    incident_cleanup(&out);
    load(t->s, inc.ref, &out);
    assert_int_equal(out.members.n, 1);
    assert_int_equal(out.version, 1);
    incident_cleanup(&out);
    incident_cleanup(&inc);
    json_decref(add);
}

/* Whoever restricts an incident stays on its list, so they do not lock
 * themselves out; administrators see it anyway and are not added. */
static void test_restricting_adds_the_restrictor(void **state)
{
    struct tempdb *t = *state;
    struct app_ctx commander = {{"kato", ROLE_COMMANDER}, "test", NOW, NULL};
    struct incident inc;
    struct incident out;
    struct kz_problems p;
    json_t *restrict_it = json_pack("{s:b}", "restricted", 1);

    fixture_account(t->s, FIXTURE_MEMBER, ROLE_HANDLER);
    fixture_account(t->s, "kato", ROLE_COMMANDER);
    /* Filed restricted by the commander. */
    fixture_draft(&inc, NOW);
    inc.restricted = true;
    kz_problems_clear(&p);
    assert_int_equal(app_incident_create(t->s, &commander, &inc, &p), KZ_OK);
    assert_int_equal(inc.members.n, 2);
    assert_true(strv_contains(&inc.members, FIXTURE_MEMBER));
    assert_true(strv_contains(&inc.members, "kato"));
    load(t->s, inc.ref, &out);
    assert_true(strv_contains(&out.members, "kato"));
    incident_cleanup(&out);
    incident_cleanup(&inc);

    /* Restricted later by PATCH: the same. */
    fixture_draft(&inc, NOW);
    kz_problems_clear(&p);
    assert_int_equal(app_incident_create(t->s, admin(), &inc, &p), KZ_OK);
    incident_init(&out);
    assert_int_equal(app_incident_patch(t->s, &commander, inc.ref, restrict_it,
                                        -1, &out, &p),
                     KZ_OK);
    assert_true(out.restricted);
    assert_true(strv_contains(&out.members, "kato"));
    incident_cleanup(&out);
    incident_cleanup(&inc);

    /* By an administrator: the list stays as given. */
    fixture_draft(&inc, NOW);
    inc.restricted = true;
    kz_problems_clear(&p);
    assert_int_equal(app_incident_create(t->s, admin(), &inc, &p), KZ_OK);
    assert_int_equal(inc.members.n, 1);
    assert_false(strv_contains(&inc.members, "admin"));
    incident_cleanup(&inc);
    json_decref(restrict_it);
}

/* Choosing a category after filing creates that playbook's tasks with
 * kizuki's entry; changing it again adds the new one's; clearing it or
 * other changes add none. */
static void test_choosing_a_category_creates_its_tasks(void **state)
{
    struct tempdb *t = *state;
    struct incident inc;
    struct incident out;
    struct kz_problems p;
    struct chron_list l;
    json_t *choose = json_pack("{s:s}", "category", "ransomware");
    json_t *other = json_pack("{s:s}", "title", "暗号化されたファイルサーバ");
    json_t *none = json_pack("{s:n}", "category");
    int64_t steps = playbook_steps("ransomware");
    char want[256];

    draft(&inc, NULL);
    xstrset(&inc.category, NULL);
    kz_problems_clear(&p);
    assert_int_equal(app_incident_create(t->s, admin(), &inc, &p), KZ_OK);
    assert_int_equal(count_rows(t).tasks, 0);
    assert_int_equal(count_rows(t).entries, 1);
    incident_init(&out);
    assert_int_equal(
        app_incident_patch(t->s, admin(), inc.ref, choose, -1, &out, &p),
        KZ_OK);
    assert_int_equal(count_rows(t).tasks, steps);
    chronology(t->s, inc.ref, &l);
    assert_int_equal(l.items[l.n - 1].kind, ENTRY_ACTION);
    assert_string_equal(l.items[l.n - 1].actor, "kizuki");
    snprintf(want, sizeof(want),
             "プレイブック「ランサムウェア」から %lld 件のタスクを作成しました",
             (long long)steps);
    assert_string_equal(chron_ja(l.items[l.n - 1].body), want);
    chron_list_cleanup(&l);
    /* The tasks are the incident's, from the playbook, due from now. */
    struct task_list tl = {0};
    assert_int_equal(store_task_list(t->s, out.id, 0, &tl), KZ_OK);
    assert_int_equal(tl.n, steps);
    for (size_t i = 0; i < tl.n; i++) {
        assert_int_equal(tl.items[i].incident_id, out.id);
        assert_string_equal(tl.items[i].source, "playbook:ransomware");
        assert_int_equal(tl.items[i].status, TASK_OPEN);
        assert_string_equal(tl.items[i].owner, out.owner);
        assert_true(tl.items[i].due_at > NOW);
    }
    task_list_cleanup(&tl);
    int64_t entries = count_rows(t).entries;
    assert_int_equal(
        app_incident_patch(t->s, admin(), inc.ref, other, -1, &out, &p), KZ_OK);
    assert_int_equal(count_rows(t).tasks, steps);
    assert_int_equal(
        app_incident_patch(t->s, admin(), inc.ref, none, -1, &out, &p), KZ_OK);
    assert_int_equal(count_rows(t).tasks, steps);
    /* Two field changes (title, category), nothing from kizuki; the
     * score may move severity too, which the person set. */
    assert_int_equal(count_rows(t).entries, entries + 2);
    json_decref(choose);
    json_decref(other);
    json_decref(none);
    incident_cleanup(&out);
    incident_cleanup(&inc);
    assert_verifies(t->s);
}

/* The use cases ask core/access.h: a reporter files and notes but does
 * not move, and a restricted incident does not exist for non-members. */
static void test_use_cases_check_access(void **state)
{
    struct tempdb *t = *state;
    struct app_ctx reporter = {{"tanaka", ROLE_REPORTER}, "test", NOW, NULL};
    struct app_ctx handler = {{"yamada", ROLE_HANDLER}, "test", NOW, NULL};
    struct incident inc;
    struct incident out;
    struct kz_problems p;
    struct chron_entry e;
    json_t *restrict_it = json_pack("{s:b}", "restricted", 1);

    draft(&inc, "報告者からの報告");
    kz_problems_clear(&p);
    assert_int_equal(app_incident_create(t->s, &reporter, &inc, &p), KZ_OK);
    incident_init(&out);
    assert_int_equal(app_incident_move(t->s, &reporter, inc.ref, PHASE_TRIAGE,
                                       NULL, &out, &p),
                     KZ_EFORBID);
    incident_cleanup(&out);
    chron_entry_init(&e);
    assert_int_equal(app_incident_note(t->s, &reporter, inc.ref, ENTRY_NOTE,
                                       "追加の情報", &e, &p),
                     KZ_OK);
    chron_entry_cleanup(&e);
    /* Restricted by an administrator with no members: hidden from the
     * handler, who gets "not found", not "forbidden". */
    assert_int_equal(
        app_incident_patch(t->s, admin(), inc.ref, restrict_it, -1, &out, &p),
        KZ_OK);
    incident_cleanup(&out);
    assert_int_equal(app_incident_move(t->s, &handler, inc.ref, PHASE_TRIAGE,
                                       NULL, &out, &p),
                     KZ_ENOTFOUND);
    incident_cleanup(&out);
    json_decref(restrict_it);
    incident_cleanup(&inc);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, tempdb_setup, tempdb_teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_create_numbers_incidents_of_the_year),
        T(test_create_stores_the_record_and_its_first_entry),
        T(test_create_defaults_reported_at_to_now),
        T(test_invalid_draft_writes_nothing_and_takes_no_number),
        T(test_numbering_restarts_with_the_tokyo_year),
        T(test_failed_create_is_all_or_nothing),
        T(test_patch_logs_one_entry_per_changed_field),
        T(test_patch_with_unchanged_values_writes_nothing),
        T(test_patch_with_a_stale_version_is_a_conflict),
        T(test_invalid_patch_changes_nothing),
        T(test_failed_patch_is_all_or_nothing),
        T(test_move_writes_a_phase_change_entry),
        T(test_refused_move_changes_nothing),
        T(test_reopening_a_closed_case_needs_a_reason),
        T(test_failed_move_is_all_or_nothing),
        T(test_note_appends_a_sealed_entry),
        T(test_refused_note_writes_nothing),
        T(test_failed_note_is_all_or_nothing),
        T(test_use_cases_check_access),
        T(test_severity_given_at_filing_needs_a_reason),
        T(test_patched_severity_needs_a_reason),
        T(test_severity_null_returns_to_the_score),
        T(test_manual_priority_sticks_while_triage_moves),
        T(test_members_must_be_accounts),
        T(test_restricting_adds_the_restrictor),
        T(test_choosing_a_category_creates_its_tasks),
    };

    return cmocka_run_group_tests(tests, fixture_group_setup, NULL);
}
