/* SPDX-License-Identifier: MIT */
/*
 * test_store_contract.c - what every store backend promises (store.h),
 * run against SQLite in a temporary WAL file: opening and migrating,
 * records and their chronology, listings with need-to-know, optimistic
 * concurrency and nested transactions; the response engine's documents,
 * summonses, outbox and tasks.  The few checks that reach into
 * the file with SQL are marked; the rest speak only store.h.
 */
#include "support/test.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "store/store.h"
#include "support/fixture.h"
#include "support/tempdb.h"
#include "util/buf.h"
#include "util/mem.h"

#define NOW FIXTURE_NOW

/* A valid record ready to insert, as app/ would make it. */
static void seed(struct incident *inc, const char *ref, const char *title)
{
    fixture_draft(inc, NOW);
    snprintf(inc->ref, sizeof(inc->ref), "%s", ref);
    if (title != NULL)
        xstrset(&inc->title, title);
    inc->version = 1;
    inc->created_at = NOW;
    inc->updated_at = NOW;
    inc->phase_times[PHASE_REPORTED] = inc->reported_at;
    xstrset(&inc->created_by, "sato.hanako");
}

static void insert(struct store *s, struct incident *inc)
{
    assert_int_equal(store_begin(s), KZ_OK);
    assert_int_equal(store_incident_insert(s, inc), KZ_OK);
    assert_int_equal(store_commit(s), KZ_OK);
    assert_true(inc->id > 0);
}

/* Insert a seeded record and return its id. */
static int64_t add(struct store *s, const char *ref, const char *title)
{
    struct incident inc;
    int64_t id;

    seed(&inc, ref, title);
    insert(s, &inc);
    id = inc.id;
    incident_cleanup(&inc);
    return id;
}

/* The refs 'f' lists, comma-separated, in the order listed (OUT: caller
 * frees); also checks that the count agrees. */
static char *listed(struct store *s, const struct incident_filter *f)
{
    struct incident_list l;
    struct buf b;
    int64_t count = -1;

    assert_int_equal(store_incident_list(s, f, &l), KZ_OK);
    buf_init(&b, 1 << 16);
    for (size_t i = 0; i < l.n; i++)
        assert_int_equal(buf_printf(&b, "%s%s", i ? "," : "", l.items[i].ref),
                         KZ_OK);
    assert_int_equal(store_incident_count(s, f, &count), KZ_OK);
    if (f->before_id == 0 && (size_t)f->limit > l.n)
        assert_int_equal(count, (int64_t)l.n);
    incident_list_cleanup(&l);
    return buf_take(&b);
}

#define assert_listed(s, f, want)                                              \
    do {                                                                       \
        char *got_ = listed((s), (f));                                         \
        assert_string_equal(got_, (want));                                     \
        xfree(got_);                                                           \
    } while (0)

static void test_open_creates_and_migrates(void **state)
{
    struct tempdb *t = *state;

    assert_true(store_schema_latest(t->s) >= 1);
    assert_int_equal(store_schema_version(t->s), store_schema_latest(t->s));
    assert_int_equal(store_depth(t->s), 0);
    if (tempdb_is_pg()) {
        /* SQL: the tables of the first migration are there. */
        assert_int_equal(tempdb_int(t, "SELECT count(*) FROM"
                                       " information_schema.tables WHERE"
                                       " table_schema = current_schema()"
                                       " AND table_name IN ('incident',"
                                       " 'chronology', 'ref_counter',"
                                       " 'schema_version')"),
                         4);
        return;
    }
    assert_int_equal(access(t->path, F_OK), 0);
    /* SQL: the tables of the first migration are there. */
    assert_int_equal(tempdb_int(t, "SELECT count(*) FROM sqlite_schema"
                                   " WHERE type = 'table' AND name IN"
                                   " ('incident', 'chronology',"
                                   " 'ref_counter', 'schema_version')"),
                     4);
}

static void test_reopening_keeps_records(void **state)
{
    struct tempdb *t = *state;
    struct incident inc;

    add(t->s, "INC-2026-0001", "再オープン後も残る");
    int64_t applied = tempdb_int(t, "SELECT count(*) FROM schema_version");
    tempdb_reopen(t);
    assert_int_equal(store_schema_version(t->s), store_schema_latest(t->s));
    incident_init(&inc);
    assert_int_equal(store_incident_get(t->s, "INC-2026-0001", &inc), KZ_OK);
    assert_string_equal(inc.title, "再オープン後も残る");
    incident_cleanup(&inc);
    /* Opening again does not migrate again.  (Migration numbers may have
     * gaps, so the count is compared with itself.) */
    assert_int_equal(tempdb_int(t, "SELECT count(*) FROM schema_version"),
                     applied);
    assert_int_equal(tempdb_int(t, "SELECT max(version) FROM schema_version"),
                     store_schema_latest(t->s));
}

static void test_open_existing_missing_file_is_not_found(void **state)
{
    struct tempdb *t = *state;
    struct store *s = (struct store *)1;
    char path[320];

    tempdb_sibling(t, "missing.db", path);
    assert_int_equal(store_open(path, STORE_OPEN_EXISTING, &s), KZ_ENOTFOUND);
    assert_null(s);
    assert_int_not_equal(access(path, F_OK), 0);
}

static void test_sqlite_prefix_and_empty_path(void **state)
{
    struct tempdb *t = *state;
    struct store *s = NULL;
    char path[320];
    char addr[340];

    tempdb_sibling(t, "prefixed.db", path);
    snprintf(addr, sizeof(addr), "sqlite:%s", path);
    assert_int_equal(store_open(addr, STORE_OPEN_CREATE, &s), KZ_OK);
    store_close(s);
    assert_int_equal(access(path, F_OK), 0);
    assert_int_equal(store_open("", STORE_OPEN_CREATE, &s), KZ_EUSAGE);
    assert_null(s);
    assert_int_equal(store_open(NULL, STORE_OPEN_CREATE, &s), KZ_EUSAGE);
    store_close(NULL);
}

static void test_newer_schema_is_refused(void **state)
{
    struct tempdb *t = *state;
    struct store *s = (struct store *)1;
    int latest = store_schema_latest(t->s);
    char sql[128];

    store_close(t->s);
    t->s = NULL;
    /* SQL: as a newer kizuki would leave it. */
    snprintf(sql, sizeof(sql),
             "INSERT INTO schema_version(version, applied_at)"
             " VALUES (%d, 0)",
             latest + 1);
    tempdb_exec_ok(t, sql);
    assert_int_equal(store_open(t->path, STORE_OPEN_EXISTING, &s), KZ_ESCHEMA);
    assert_null(s);
    assert_int_equal(store_open(t->path, STORE_OPEN_CREATE, &s), KZ_ESCHEMA);
    assert_null(s);
}

static void test_foreign_database_is_refused(void **state)
{
    struct tempdb *t = *state;
    struct store *s = (struct store *)1;
    char path[320];

    tempdb_sibling(t, "crm.db", path);
    /* SQL: another application's database. */
    assert_int_equal(sqlfile_exec(path, "CREATE TABLE customer(id INTEGER"
                                        " PRIMARY KEY, name TEXT);"
                                        " INSERT INTO customer(name)"
                                        " VALUES ('山田');"),
                     0);
    assert_int_equal(store_open(path, STORE_OPEN_CREATE, &s), KZ_ESCHEMA);
    assert_null(s);
    assert_int_equal(store_open(path, STORE_OPEN_EXISTING, &s), KZ_ESCHEMA);
    assert_null(s);
    /* Its data is untouched, no kizuki table was created, not even the
     * version table, and its journal mode is what its owner chose. */
    assert_int_equal(sqlfile_int(path, "SELECT count(*) FROM customer"), 1);
    assert_int_equal(sqlfile_int(path, "SELECT count(*) FROM sqlite_schema"
                                       " WHERE name IN ('incident',"
                                       " 'chronology', 'schema_version')"),
                     0);
    char wal[340];
    snprintf(wal, sizeof(wal), "%s-wal", path);
    assert_int_equal(access(wal, F_OK), -1);
    assert_int_equal(sqlfile_int(path, "SELECT count(*) FROM"
                                       " pragma_journal_mode"
                                       " WHERE journal_mode = 'delete'"),
                     1);
}

static void test_insert_and_get_round_trip(void **state)
{
    struct tempdb *t = *state;
    struct incident a;
    struct incident b;

    seed(&a, "INC-2026-0001", NULL);
    a.phase = PHASE_INVESTIGATION;
    a.phase_times[PHASE_TRIAGE] = NOW - 100;
    a.phase_times[PHASE_INVESTIGATION] = NOW - 50;
    a.restricted = true;
    a.tlp = TLP_AMBER_STRICT;
    a.kind = KIND_NEAR_MISS;
    insert(t->s, &a);
    incident_init(&b);
    assert_int_equal(store_incident_get(t->s, "INC-2026-0001", &b), KZ_OK);
    fixture_assert_same(&a, &b);
    incident_cleanup(&a);
    incident_cleanup(&b);
}

/* Values that mean "not known" come back as "not known", not as 0. */
static void test_unknown_values_round_trip(void **state)
{
    struct tempdb *t = *state;
    struct incident a;
    struct incident b;

    incident_init(&a);
    snprintf(a.ref, sizeof(a.ref), "INC-2026-0002");
    a.title = xstrdup("最小の記録");
    a.discovered_at = NOW;
    a.reported_at = NOW;
    a.version = 1;
    a.created_at = NOW;
    a.updated_at = NOW;
    incident_add_info_type(&a, "name", COUNT_UNKNOWN);
    insert(t->s, &a);
    incident_init(&b);
    assert_int_equal(store_incident_get(t->s, a.ref, &b), KZ_OK);
    fixture_assert_same(&a, &b);
    assert_true(b.affected_persons == COUNT_UNKNOWN);
    assert_true(b.occurred_at == KZ_TIME_NONE);
    assert_true(b.info_types[0].count == COUNT_UNKNOWN);
    assert_null(b.category);
    assert_null(b.created_by);
    incident_cleanup(&a);
    incident_cleanup(&b);
}

/* Every fact of the reporting duties comes back as written, set or not,
 * and a record stored before those facts existed reads them as unset. */
static void test_reporting_facts_round_trip(void **state)
{
    struct tempdb *t = *state;
    struct incident a;
    struct incident b;

    seed(&a, "INC-2026-0003", NULL);
    a.aware_at = NOW - 7200;
    a.possible_leak = true;
    strv_push(&a.leak_kinds, "leak");
    strv_push(&a.leak_indicators, "backdoor");
    strv_push(&a.leak_indicators, "ransom_note");
    a.encrypted = true;
    a.improper_purpose = true;
    a.improper_purpose_manual = true;
    a.improper_purpose_reason = xstrdup("攻撃者による窃取");
    a.affected_persons_max = 1200;
    a.mynumber_system = true;
    a.publicly_viewable = true;
    a.nis2_disruption = true;
    a.nis2_damage_others = true;
    for (int i = 0; i < TRIGGER_COUNT; i++)
        a.trigger_at[i] = NOW - 60 * (i + 1);
    a.eu_data_subjects = true;
    a.social_responsibility = 2;
    a.response_evaluation = 1;
    a.materiality_determined_at = NOW - 30;
    a.cause = xstrdup("malicious");
    insert(t->s, &a);
    incident_init(&b);
    assert_int_equal(store_incident_get(t->s, a.ref, &b), KZ_OK);
    fixture_assert_same(&a, &b);
    incident_cleanup(&b);

    /* Unset again: each fact reads back as unset, not as the old value. */
    struct incident c;
    seed(&c, "INC-2026-0004", NULL);
    insert(t->s, &c);
    incident_init(&b);
    assert_int_equal(store_incident_get(t->s, c.ref, &b), KZ_OK);
    fixture_assert_same(&c, &b);
    assert_true(b.aware_at == KZ_TIME_NONE);
    assert_true(b.affected_persons_max == COUNT_UNKNOWN);
    assert_true(b.trigger_at[TRIGGER_NIS2] == KZ_TIME_NONE);
    incident_cleanup(&b);

    /* The shape written before issue 9: every flag present, false. */
    tempdb_exec_ok(t, "UPDATE incident SET reporting = '{\"cause\":null,"
                      "\"encrypted\":false,\"eu_data_subjects\":false,"
                      "\"improper_purpose\":false,\"leak_indicators\":[],"
                      "\"leak_kinds\":[],\"possible_leak\":false,"
                      "\"response_evaluation\":0,"
                      "\"social_responsibility\":0}'"
                      " WHERE ref = 'INC-2026-0004'");
    incident_init(&b);
    assert_int_equal(store_incident_get(t->s, c.ref, &b), KZ_OK);
    fixture_assert_same(&c, &b);
    incident_cleanup(&a);
    incident_cleanup(&b);
    incident_cleanup(&c);
}

static void test_get_unknown_ref_is_not_found(void **state)
{
    struct tempdb *t = *state;
    struct incident inc;

    add(t->s, "INC-2026-0001", NULL);
    incident_init(&inc);
    assert_int_equal(store_incident_get(t->s, "INC-2026-0002", &inc),
                     KZ_ENOTFOUND);
    assert_int_equal(store_incident_get(t->s, "inc-2026-0001", &inc),
                     KZ_ENOTFOUND);
    assert_int_equal(store_incident_get(t->s, "' OR 1=1 --", &inc),
                     KZ_ENOTFOUND);
    incident_cleanup(&inc);
}

static void test_duplicate_ref_is_a_conflict(void **state)
{
    struct tempdb *t = *state;
    struct incident inc;

    add(t->s, "INC-2026-0001", NULL);
    seed(&inc, "INC-2026-0001", "二重");
    assert_int_equal(store_begin(t->s), KZ_OK);
    assert_int_equal(store_incident_insert(t->s, &inc), KZ_ECONFLICT);
    store_rollback(t->s);
    incident_cleanup(&inc);
    assert_int_equal(tempdb_int(t, "SELECT count(*) FROM incident"), 1);
}

static void test_update_needs_the_expected_version(void **state)
{
    struct tempdb *t = *state;
    struct incident inc;
    struct incident now;

    seed(&inc, "INC-2026-0001", "元の件名");
    insert(t->s, &inc);
    /* A stale writer (expected 0, stored 1) changes nothing. */
    xstrset(&inc.title, "古い版からの変更");
    inc.version = 2;
    assert_int_equal(store_begin(t->s), KZ_OK);
    assert_int_equal(store_incident_update(t->s, &inc, 0), KZ_ECONFLICT);
    store_rollback(t->s);
    incident_init(&now);
    assert_int_equal(store_incident_get(t->s, inc.ref, &now), KZ_OK);
    assert_string_equal(now.title, "元の件名");
    assert_int_equal(now.version, 1);
    /* The writer that saw version 1 wins. */
    xstrset(&inc.title, "新しい件名");
    assert_int_equal(store_begin(t->s), KZ_OK);
    assert_int_equal(store_incident_update(t->s, &inc, 1), KZ_OK);
    assert_int_equal(store_commit(t->s), KZ_OK);
    assert_int_equal(store_incident_get(t->s, inc.ref, &now), KZ_OK);
    assert_string_equal(now.title, "新しい件名");
    assert_int_equal(now.version, 2);
    /* Replaying the same update is now stale. */
    assert_int_equal(store_begin(t->s), KZ_OK);
    assert_int_equal(store_incident_update(t->s, &inc, 1), KZ_ECONFLICT);
    store_rollback(t->s);
    /* An id that does not exist is not found. */
    inc.id = 9999;
    assert_int_equal(store_begin(t->s), KZ_OK);
    assert_int_equal(store_incident_update(t->s, &inc, 2), KZ_ENOTFOUND);
    store_rollback(t->s);
    incident_cleanup(&now);
    incident_cleanup(&inc);
}

/* Six incidents with different values for every filter. */
static void seed_listing(struct store *s)
{
    static const struct {
        const char *ref;
        const char *title;
        enum phase phase;
        enum kind kind;
        const char *category;
        int severity;
        kz_time reported;
        const char *description;
    } rows[] = {
        {"INC-2026-0001", "100% done", PHASE_REPORTED, KIND_INCIDENT,
         "phishing", 1, NOW - 5 * 86400, "a_b"},
        {"INC-2026-0002", "100 done", PHASE_TRIAGE, KIND_NEAR_MISS, "phishing",
         0, NOW - 4 * 86400, "axb"},
        {"INC-2026-0003", "メール誤送信", PHASE_TRIAGE, KIND_INCIDENT,
         "misdirected_email", 2, NOW - 3 * 86400, NULL},
        {"INC-2026-0004", "ランサムウェア感染", PHASE_CLOSED, KIND_INCIDENT,
         "ransomware", 1, NOW - 2 * 86400, "ファイルサーバが暗号化された"},
        {"INC-2026-0005", "訓練: 標的型メール", PHASE_REPORTED, KIND_EXERCISE,
         NULL, 0, NOW - 86400, "100%の社員が受信"},
        {"INC-2026-0006", "USBメモリ紛失", PHASE_CONTAINMENT, KIND_INCIDENT,
         "device_loss", 4, NOW - 3600, "a\\b"},
    };

    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        struct incident inc;
        seed(&inc, rows[i].ref, rows[i].title);
        inc.phase = rows[i].phase;
        inc.kind = rows[i].kind;
        xstrset(&inc.category, rows[i].category);
        inc.severity = rows[i].severity;
        inc.reported_at = rows[i].reported;
        inc.discovered_at = rows[i].reported;
        inc.occurred_at = rows[i].reported;
        xstrset(&inc.description, rows[i].description);
        insert(s, &inc);
        incident_cleanup(&inc);
    }
}

static void test_list_is_newest_first_and_filters(void **state)
{
    struct tempdb *t = *state;
    struct incident_filter f;

    seed_listing(t->s);
    incident_filter_init(&f);
    assert_listed(t->s, &f,
                  "INC-2026-0006,INC-2026-0005,INC-2026-0004,INC-2026-0003,"
                  "INC-2026-0002,INC-2026-0001");

    incident_filter_init(&f);
    f.phase = PHASE_TRIAGE;
    assert_listed(t->s, &f, "INC-2026-0003,INC-2026-0002");
    f.phase = PHASE_RECOVERY;
    assert_listed(t->s, &f, "");

    incident_filter_init(&f);
    f.kind = KIND_NEAR_MISS;
    assert_listed(t->s, &f, "INC-2026-0002");
    f.kind = KIND_EXERCISE;
    assert_listed(t->s, &f, "INC-2026-0005");

    incident_filter_init(&f);
    f.category = "phishing";
    assert_listed(t->s, &f, "INC-2026-0002,INC-2026-0001");
    f.category = "'phishing' OR 1=1";
    assert_listed(t->s, &f, "");

    incident_filter_init(&f);
    f.severity = 1;
    assert_listed(t->s, &f, "INC-2026-0004,INC-2026-0001");
    f.severity = 0; /* not set yet */
    assert_listed(t->s, &f, "INC-2026-0005,INC-2026-0002");
    f.severity = 3;
    assert_listed(t->s, &f, "");

    incident_filter_init(&f);
    f.since = NOW - 2 * 86400; /* inclusive */
    assert_listed(t->s, &f, "INC-2026-0006,INC-2026-0005,INC-2026-0004");

    /* Filters combine. */
    incident_filter_init(&f);
    f.kind = KIND_INCIDENT;
    f.severity = 1;
    f.since = NOW - 3 * 86400;
    assert_listed(t->s, &f, "INC-2026-0004");
}

static void test_q_matches_substrings_literally(void **state)
{
    struct tempdb *t = *state;
    struct incident_filter f;

    seed_listing(t->s);
    incident_filter_init(&f);
    f.q = "メール";
    assert_listed(t->s, &f, "INC-2026-0005,INC-2026-0003");
    f.q = "暗号化"; /* description */
    assert_listed(t->s, &f, "INC-2026-0004");
    f.q = "2026-0006"; /* ref */
    assert_listed(t->s, &f, "INC-2026-0006");
    /* '%' and '_' are not wildcards. */
    f.q = "%";
    assert_listed(t->s, &f, "INC-2026-0005,INC-2026-0001");
    f.q = "100%";
    assert_listed(t->s, &f, "INC-2026-0005,INC-2026-0001");
    f.q = "a_b";
    assert_listed(t->s, &f, "INC-2026-0001");
    f.q = "_";
    assert_listed(t->s, &f, "INC-2026-0001");
    f.q = "a\\b";
    assert_listed(t->s, &f, "INC-2026-0006");
    f.q = "no such text";
    assert_listed(t->s, &f, "");
    f.q = "";
    assert_listed(t->s, &f,
                  "INC-2026-0006,INC-2026-0005,INC-2026-0004,INC-2026-0003,"
                  "INC-2026-0002,INC-2026-0001");
}

/* Pages follow the id cursor, newest first; incidents filed between two
 * pages neither shift the next page nor appear in it. */
static void test_keyset_pages_are_stable_under_inserts(void **state)
{
    struct tempdb *t = *state;
    struct incident_filter f;
    struct incident_list l;
    char ref[24];
    int seen[26] = {0};
    int64_t before = 0;
    int pages = 0;
    int next = 26;

    for (int i = 1; i <= 25; i++) {
        snprintf(ref, sizeof(ref), "INC-2026-%04d", i);
        add(t->s, ref, NULL);
    }
    for (;;) {
        incident_filter_init(&f);
        f.limit = 10;
        f.before_id = before;
        assert_int_equal(store_incident_list(t->s, &f, &l), KZ_OK);
        if (l.n == 0) {
            incident_list_cleanup(&l);
            break;
        }
        pages++;
        for (size_t i = 0; i < l.n; i++) {
            int64_t n = 0;
            assert_true(before == 0 || l.items[i].id < before);
            if (i > 0)
                assert_true(l.items[i].id < l.items[i - 1].id);
            assert_int_equal(sscanf(l.items[i].ref, "INC-2026-%ld", &n), 1);
            /* Only the 25 that existed before paging started. */
            assert_true(n >= 1 && n <= 25);
            assert_int_equal(seen[n], 0);
            seen[n] = 1;
        }
        before = l.items[l.n - 1].id;
        incident_list_cleanup(&l);
        /* Someone files two more while the reader pages. */
        for (int k = 0; k < 2; k++) {
            snprintf(ref, sizeof(ref), "INC-2026-%04d", next++);
            add(t->s, ref, NULL);
        }
    }
    assert_int_equal(pages, 3);
    for (int n = 1; n <= 25; n++)
        assert_int_equal(seen[n], 1);
}

static void test_limit_is_kept_within_bounds(void **state)
{
    struct tempdb *t = *state;
    struct incident_filter f;
    struct incident_list l;
    int64_t count;

    seed_listing(t->s);
    incident_filter_init(&f);
    f.limit = 2;
    assert_int_equal(store_incident_list(t->s, &f, &l), KZ_OK);
    assert_int_equal(l.n, 2);
    incident_list_cleanup(&l);
    /* The count ignores limit and cursor. */
    f.before_id = 3;
    assert_int_equal(store_incident_count(t->s, &f, &count), KZ_OK);
    assert_int_equal(count, 6);
    f.limit = 0;
    f.before_id = 0;
    assert_int_equal(store_incident_list(t->s, &f, &l), KZ_OK);
    assert_int_equal(l.n, 1);
    incident_list_cleanup(&l);
    f.limit = 1000000;
    assert_int_equal(store_incident_list(t->s, &f, &l), KZ_OK);
    assert_int_equal(l.n, 6);
    incident_list_cleanup(&l);
}

/* Need-to-know (SPEC C15): a restricted incident exists only for its
 * members and for viewers who see all restricted incidents. */
static void seed_restricted(struct store *s)
{
    struct incident inc;

    seed(&inc, "INC-2026-0001", "公開の事案");
    xstrset(&inc.created_by, "bob");
    insert(s, &inc);
    incident_cleanup(&inc);
    seed(&inc, "INC-2026-0002", "役員の不正（要秘匿）");
    inc.restricted = true;
    strv_cleanup(&inc.members);
    strv_push(&inc.members, "alice");
    strv_push(&inc.members, "dave");
    xstrset(&inc.created_by, "dave");
    insert(s, &inc);
    incident_cleanup(&inc);
}

static void test_restricted_incident_is_absent_for_non_members(void **state)
{
    struct tempdb *t = *state;
    struct incident_filter f;

    seed_restricted(t->s);
    incident_filter_init(&f);
    f.viewer = "carol";
    assert_listed(t->s, &f, "INC-2026-0001");
    /* Not even through a search for its title. */
    f.q = "役員";
    assert_listed(t->s, &f, "");
    f.q = "INC-2026-0002";
    assert_listed(t->s, &f, "");
}

static void test_restricted_incident_is_present_for_members(void **state)
{
    struct tempdb *t = *state;
    struct incident_filter f;

    seed_restricted(t->s);
    incident_filter_init(&f);
    f.viewer = "alice";
    assert_listed(t->s, &f, "INC-2026-0002,INC-2026-0001");
    f.viewer = "alic"; /* not a prefix match */
    assert_listed(t->s, &f, "INC-2026-0001");
    f.viewer = "carol";
    f.viewer_sees_restricted = true;
    assert_listed(t->s, &f, "INC-2026-0002,INC-2026-0001");
    /* The local operator (no viewer) sees everything. */
    incident_filter_init(&f);
    assert_listed(t->s, &f, "INC-2026-0002,INC-2026-0001");
}

static void test_own_only_lists_what_the_viewer_filed(void **state)
{
    struct tempdb *t = *state;
    struct incident_filter f;

    seed_restricted(t->s);
    incident_filter_init(&f);
    f.viewer = "bob";
    f.viewer_own_only = true;
    assert_listed(t->s, &f, "INC-2026-0001");
    f.viewer = "dave"; /* a member who filed the restricted one */
    assert_listed(t->s, &f, "INC-2026-0002");
    f.viewer = "carol";
    assert_listed(t->s, &f, "");
}

static void test_members_follow_updates(void **state)
{
    struct tempdb *t = *state;
    struct incident_filter f;
    struct incident inc;

    seed_restricted(t->s);
    incident_init(&inc);
    assert_int_equal(store_incident_get(t->s, "INC-2026-0002", &inc), KZ_OK);
    strv_cleanup(&inc.members);
    strv_push(&inc.members, "carol");
    inc.version = 2;
    assert_int_equal(store_begin(t->s), KZ_OK);
    assert_int_equal(store_incident_update(t->s, &inc, 1), KZ_OK);
    assert_int_equal(store_commit(t->s), KZ_OK);
    incident_filter_init(&f);
    f.viewer = "alice";
    assert_listed(t->s, &f, "INC-2026-0001");
    f.viewer = "carol";
    assert_listed(t->s, &f, "INC-2026-0002,INC-2026-0001");
    /* Lifting the restriction opens it to everyone. */
    inc.restricted = false;
    inc.version = 3;
    assert_int_equal(store_begin(t->s), KZ_OK);
    assert_int_equal(store_incident_update(t->s, &inc, 2), KZ_OK);
    assert_int_equal(store_commit(t->s), KZ_OK);
    f.viewer = "alice";
    assert_listed(t->s, &f, "INC-2026-0002,INC-2026-0001");
    incident_cleanup(&inc);
}

/* Seal and append 'n' entries to incident 'id' of 'ref'. */
static void append_entries(struct store *s, int64_t id, const char *ref, int n)
{
    struct chron_head head;

    assert_int_equal(store_begin(s), KZ_OK);
    assert_int_equal(store_chron_head(s, id, &head), KZ_OK);
    for (int i = 0; i < n; i++) {
        struct chron_entry e;
        char body[64];
        chron_entry_init(&e);
        e.kind = ENTRY_NOTE;
        e.actor = xstrdup("山田");
        e.at = NOW + head.count;
        snprintf(body, sizeof(body), "経緯 %lld", (long long)head.count + 1);
        e.body = xstrdup(body);
        chron_seal(ref, &e, &head);
        assert_int_equal(store_chron_append(s, id, &e), KZ_OK);
        chron_entry_cleanup(&e);
    }
    assert_int_equal(store_commit(s), KZ_OK);
}

static void test_chronology_append_list_and_head(void **state)
{
    struct tempdb *t = *state;
    struct chron_head head;
    struct chron_head mine;
    struct chron_list l;
    struct chron_entry sent[3];
    int64_t id = add(t->s, "INC-2026-0001", NULL);

    assert_int_equal(store_chron_head(t->s, id, &head), KZ_OK);
    assert_int_equal(head.count, 0);
    assert_string_equal(head.hash, hashchain_genesis);
    chron_head_init(&mine);
    assert_int_equal(store_begin(t->s), KZ_OK);
    for (int i = 0; i < 3; i++) {
        chron_entry_init(&sent[i]);
        sent[i].kind = (enum entry_kind)i;
        sent[i].actor = xstrdup("佐藤 花子");
        sent[i].at = NOW + i;
        sent[i].body = xstrdup(i == 1 ? "改行を含む\n本文" : "本文");
        chron_seal("INC-2026-0001", &sent[i], &mine);
        assert_int_equal(store_chron_append(t->s, id, &sent[i]), KZ_OK);
    }
    assert_int_equal(store_commit(t->s), KZ_OK);
    assert_int_equal(store_chron_head(t->s, id, &head), KZ_OK);
    assert_int_equal(head.count, 3);
    assert_string_equal(head.hash, sent[2].hash);
    assert_int_equal(store_chron_list(t->s, id, &l), KZ_OK);
    assert_int_equal(l.n, 3);
    for (int i = 0; i < 3; i++) {
        assert_int_equal(l.items[i].seq, i + 1);
        assert_int_equal(l.items[i].kind, sent[i].kind);
        assert_string_equal(l.items[i].actor, sent[i].actor);
        assert_int_equal(l.items[i].at, sent[i].at);
        assert_string_equal(l.items[i].body, sent[i].body);
        assert_string_equal(l.items[i].prev_hash, sent[i].prev_hash);
        assert_string_equal(l.items[i].hash, sent[i].hash);
        chron_entry_cleanup(&sent[i]);
    }
    chron_list_cleanup(&l);
    /* An incident without entries lists none; an unknown one has no
     * head. */
    assert_int_equal(store_chron_list(t->s, 9999, &l), KZ_OK);
    assert_int_equal(l.n, 0);
    chron_list_cleanup(&l);
    assert_int_equal(store_chron_head(t->s, 9999, &head), KZ_ENOTFOUND);
}

static void test_appending_a_wrong_seq_is_a_conflict(void **state)
{
    struct tempdb *t = *state;
    int64_t id = add(t->s, "INC-2026-0001", NULL);
    struct chron_head head;
    struct chron_list l;
    const int64_t wrong[] = {1, 2, 4, 0, -1};

    append_entries(t->s, id, "INC-2026-0001", 2);
    for (size_t i = 0; i < sizeof(wrong) / sizeof(wrong[0]); i++) {
        struct chron_entry e;
        chron_entry_init(&e);
        e.actor = xstrdup("x");
        e.at = NOW;
        e.body = xstrdup("割り込み");
        assert_int_equal(store_chron_head(t->s, id, &head), KZ_OK);
        chron_seal("INC-2026-0001", &e, &head);
        e.seq = wrong[i];
        assert_int_equal(store_begin(t->s), KZ_OK);
        assert_int_equal(store_chron_append(t->s, id, &e), KZ_ECONFLICT);
        store_rollback(t->s);
        chron_entry_cleanup(&e);
    }
    assert_int_equal(store_chron_head(t->s, id, &head), KZ_OK);
    assert_int_equal(head.count, 2);
    assert_int_equal(store_chron_list(t->s, id, &l), KZ_OK);
    assert_int_equal(l.n, 2);
    chron_list_cleanup(&l);
    /* The right seq still goes in. */
    append_entries(t->s, id, "INC-2026-0001", 1);
}

/* The database itself refuses to edit or delete the chronology: checked
 * with SQL on the file, as someone with the sqlite3 shell would try. */
static void test_chronology_table_refuses_update_and_delete(void **state)
{
    struct tempdb *t = *state;
    int64_t id = add(t->s, "INC-2026-0001", NULL);
    char before[64];
    char after[64];

    append_entries(t->s, id, "INC-2026-0001", 2);
    tempdb_text(t, "SELECT body FROM chronology WHERE seq = 1", before,
                sizeof(before));
    assert_int_equal(
        tempdb_exec(t, "UPDATE chronology SET body = '改ざん' WHERE seq = 1"),
        19 /* SQLITE_CONSTRAINT */);
    assert_int_equal(tempdb_exec(t, "UPDATE chronology SET seq = seq + 10"),
                     19);
    assert_int_equal(tempdb_exec(t, "DELETE FROM chronology WHERE seq = 2"),
                     19);
    assert_int_equal(tempdb_exec(t, "DELETE FROM chronology"), 19);
    tempdb_text(t, "SELECT body FROM chronology WHERE seq = 1", after,
                sizeof(after));
    assert_string_equal(after, before);
    assert_int_equal(tempdb_int(t, "SELECT count(*) FROM chronology"), 2);
}

static void test_inner_rollback_keeps_outer_work(void **state)
{
    struct tempdb *t = *state;
    struct incident a;
    struct incident b;
    struct incident got;

    seed(&a, "INC-2026-0001", "外側");
    seed(&b, "INC-2026-0002", "内側");
    assert_int_equal(store_begin(t->s), KZ_OK);
    assert_int_equal(store_depth(t->s), 1);
    assert_int_equal(store_incident_insert(t->s, &a), KZ_OK);
    assert_int_equal(store_begin(t->s), KZ_OK);
    assert_int_equal(store_depth(t->s), 2);
    assert_int_equal(store_incident_insert(t->s, &b), KZ_OK);
    store_rollback(t->s);
    assert_int_equal(store_depth(t->s), 1);
    /* A second savepoint after the first was rolled back works too. */
    assert_int_equal(store_begin(t->s), KZ_OK);
    store_rollback(t->s);
    assert_int_equal(store_commit(t->s), KZ_OK);
    assert_int_equal(store_depth(t->s), 0);
    incident_init(&got);
    assert_int_equal(store_incident_get(t->s, "INC-2026-0001", &got), KZ_OK);
    assert_int_equal(store_incident_get(t->s, "INC-2026-0002", &got),
                     KZ_ENOTFOUND);
    incident_cleanup(&got);
    incident_cleanup(&a);
    incident_cleanup(&b);
}

static void test_inner_commit_is_undone_by_outer_rollback(void **state)
{
    struct tempdb *t = *state;
    struct incident a;

    seed(&a, "INC-2026-0001", NULL);
    assert_int_equal(store_begin(t->s), KZ_OK);
    assert_int_equal(store_begin(t->s), KZ_OK);
    assert_int_equal(store_incident_insert(t->s, &a), KZ_OK);
    assert_int_equal(store_commit(t->s), KZ_OK);
    store_rollback(t->s);
    assert_int_equal(store_depth(t->s), 0);
    assert_int_equal(tempdb_int(t, "SELECT count(*) FROM incident"), 0);
    incident_cleanup(&a);
}

static void test_transaction_bookkeeping(void **state)
{
    struct tempdb *t = *state;
    struct incident a;

    assert_int_equal(store_commit(t->s), KZ_ESTORE);
    store_rollback(t->s); /* nothing open: no-op */
    assert_int_equal(store_depth(t->s), 0);
    /* Closing with a transaction open rolls it back. */
    seed(&a, "INC-2026-0001", NULL);
    assert_int_equal(store_begin(t->s), KZ_OK);
    assert_int_equal(store_incident_insert(t->s, &a), KZ_OK);
    tempdb_reopen(t);
    assert_int_equal(tempdb_int(t, "SELECT count(*) FROM incident"), 0);
    incident_cleanup(&a);
}

static void test_end_commits_ok_work_and_rolls_back_the_rest(void **state)
{
    struct tempdb *t = *state;
    struct incident a;
    struct incident b;

    seed(&a, "INC-2026-0001", NULL);
    seed(&b, "INC-2026-0002", NULL);
    assert_int_equal(store_begin(t->s), KZ_OK);
    assert_int_equal(store_incident_insert(t->s, &a), KZ_OK);
    assert_int_equal(store_end(t->s, KZ_OK), KZ_OK);
    assert_int_equal(store_depth(t->s), 0);
    /* The work's own error comes back, and its changes are gone. */
    assert_int_equal(store_begin(t->s), KZ_OK);
    assert_int_equal(store_incident_insert(t->s, &b), KZ_OK);
    assert_int_equal(store_end(t->s, KZ_EINVAL), KZ_EINVAL);
    assert_int_equal(store_depth(t->s), 0);
    assert_int_equal(tempdb_int(t, "SELECT count(*) FROM incident"), 1);
    /* A commit that fails is reported as such. */
    assert_int_equal(store_end(t->s, KZ_OK), KZ_ESTORE);
    incident_cleanup(&a);
    incident_cleanup(&b);
}

static void test_reference_numbers_count_per_year(void **state)
{
    struct tempdb *t = *state;
    int64_t n = 0;

    assert_int_equal(store_begin(t->s), KZ_OK);
    assert_int_equal(store_ref_next(t->s, 2026, &n), KZ_OK);
    assert_int_equal(n, 1);
    assert_int_equal(store_ref_next(t->s, 2026, &n), KZ_OK);
    assert_int_equal(n, 2);
    assert_int_equal(store_ref_next(t->s, 2027, &n), KZ_OK);
    assert_int_equal(n, 1);
    assert_int_equal(store_commit(t->s), KZ_OK);
    /* A number taken in the outer transaction survives the rollback of
     * the savepoint that used it. */
    assert_int_equal(store_begin(t->s), KZ_OK);
    assert_int_equal(store_ref_next(t->s, 2026, &n), KZ_OK);
    assert_int_equal(n, 3);
    assert_int_equal(store_begin(t->s), KZ_OK);
    store_rollback(t->s);
    assert_int_equal(store_commit(t->s), KZ_OK);
    assert_int_equal(store_begin(t->s), KZ_OK);
    assert_int_equal(store_ref_next(t->s, 2026, &n), KZ_OK);
    assert_int_equal(n, 4);
    assert_int_equal(store_commit(t->s), KZ_OK);
    tempdb_reopen(t);
    assert_int_equal(store_begin(t->s), KZ_OK);
    assert_int_equal(store_ref_next(t->s, 2027, &n), KZ_OK);
    assert_int_equal(n, 2);
    assert_int_equal(store_commit(t->s), KZ_OK);
}

struct scan_log {
    struct buf b;
};

static enum kz_err log_row(void *ctx, const struct store_chron_row *row)
{
    struct scan_log *log = ctx;

    return buf_printf(&log->b, "%s:%lld/%lld;", row->ref,
                      (long long)(row->entry ? row->entry->seq : 0),
                      (long long)row->recorded->count);
}

static enum kz_err stop_at_second(void *ctx, const struct store_chron_row *row)
{
    int *calls = ctx;

    (void)row;
    return ++*calls == 2 ? KZ_EVERIFY : KZ_OK;
}

static void test_chain_scan_visits_every_incident(void **state)
{
    struct tempdb *t = *state;
    struct scan_log log;
    int calls = 0;
    int64_t a = add(t->s, "INC-2026-0001", NULL);

    add(t->s, "INC-2026-0002", NULL); /* no entries */
    int64_t c = add(t->s, "INC-2026-0003", NULL);
    append_entries(t->s, c, "INC-2026-0003", 1);
    append_entries(t->s, a, "INC-2026-0001", 2);
    buf_init(&log.b, 4096);
    assert_int_equal(store_chron_scan(t->s, log_row, &log), KZ_OK);
    assert_string_equal(log.b.data, "INC-2026-0001:1/2;INC-2026-0001:2/2;"
                                    "INC-2026-0002:0/0;INC-2026-0003:1/1;");
    buf_cleanup(&log.b);
    /* The callback's error stops the scan and comes back. */
    assert_int_equal(store_chron_scan(t->s, stop_at_second, &calls),
                     KZ_EVERIFY);
    assert_int_equal(calls, 2);
}

static void test_fault_seam_fails_exactly_the_nth_call(void **state)
{
    struct tempdb *t = *state;
    struct incident inc;
    int64_t count = 0;
    struct incident_filter f;

    add(t->s, "INC-2026-0001", NULL);
    incident_filter_init(&f);
    incident_init(&inc);
    store_fault_after(t->s, 3);
    assert_int_equal(store_incident_count(t->s, &f, &count), KZ_OK);
    assert_int_equal(store_incident_get(t->s, "INC-2026-0001", &inc), KZ_OK);
    assert_int_equal(store_incident_get(t->s, "INC-2026-0001", &inc),
                     KZ_ESTORE);
    assert_int_equal(store_incident_get(t->s, "INC-2026-0001", &inc), KZ_OK);
    /* A failing commit rolls back and leaves no transaction open. */
    store_fault_after(t->s, 2);
    assert_int_equal(store_begin(t->s), KZ_OK);
    assert_int_equal(store_commit(t->s), KZ_ESTORE);
    assert_int_equal(store_depth(t->s), 0);
    /* 0 turns it off. */
    store_fault_after(t->s, 1);
    store_fault_after(t->s, 0);
    assert_int_equal(store_incident_count(t->s, &f, &count), KZ_OK);
    incident_cleanup(&inc);
}

/* Configuration documents: versions, unique names where they must be,
 * and deletion refused while a summons refers to the document. */
static void test_documents(void **state)
{
    struct tempdb *t = *state;
    struct doc a;
    struct doc b;
    struct doc_list l;

    doc_init(&a);
    doc_init(&b);
    a.name = xstrdup("メールサーバ");
    a.json = xstrdup("{\"name\":\"メールサーバ\"}");
    a.created_at = NOW;
    assert_int_equal(store_doc_insert(t->s, DOC_ASSET, &a), KZ_OK);
    assert_true(a.id > 0);
    assert_int_equal(a.version, 1);
    assert_int_equal(store_doc_get(t->s, DOC_ASSET, a.id, &b), KZ_OK);
    assert_string_equal(b.name, "メールサーバ");
    assert_string_equal(b.json, a.json);
    assert_int_equal(b.created_at, NOW);
    assert_int_equal(b.updated_at, NOW);
    assert_int_equal(store_doc_get_name(t->s, DOC_ASSET, "メールサーバ", &b),
                     KZ_OK);
    assert_int_equal(b.id, a.id);
    assert_int_equal(store_doc_get_name(t->s, DOC_ASSET, "無い", &b),
                     KZ_ENOTFOUND);
    assert_int_equal(store_doc_get(t->s, DOC_CONTACT, a.id, &b),
                     KZ_ENOTFOUND); /* kinds are apart */

    /* Unique asset names; contacts may share one. */
    doc_cleanup(&b);
    b.name = xstrdup("メールサーバ");
    b.json = xstrdup("{}");
    b.created_at = NOW;
    assert_int_equal(store_doc_insert(t->s, DOC_ASSET, &b), KZ_ECONFLICT);
    assert_int_equal(store_doc_insert(t->s, DOC_CONTACT, &b), KZ_OK);
    b.id = 0;
    assert_int_equal(store_doc_insert(t->s, DOC_CONTACT, &b), KZ_OK);

    /* Updates need the version read. */
    xstrset(&a.json, "{\"name\":\"メールサーバ\",\"priority\":1}");
    a.updated_at = NOW + 60;
    assert_int_equal(store_doc_update(t->s, DOC_ASSET, &a, 1), KZ_OK);
    assert_int_equal(store_doc_update(t->s, DOC_ASSET, &a, 1), KZ_ECONFLICT);
    a.id = 999;
    assert_int_equal(store_doc_update(t->s, DOC_ASSET, &a, 2), KZ_ENOTFOUND);
    assert_int_equal(store_doc_list(t->s, DOC_ASSET, &l), KZ_OK);
    assert_int_equal(l.n, 1);
    assert_int_equal(l.items[0].version, 2);
    assert_int_equal(l.items[0].updated_at, NOW + 60);
    assert_int_equal(l.items[0].created_at, NOW);
    doc_list_cleanup(&l);
    assert_int_equal(store_doc_list(t->s, DOC_CONTACT, &l), KZ_OK);
    assert_int_equal(l.n, 2);
    assert_true(l.items[0].id < l.items[1].id);
    doc_list_cleanup(&l);
    assert_int_equal(store_doc_delete(t->s, DOC_ASSET, 999), KZ_ENOTFOUND);
    assert_int_equal(store_doc_list(t->s, DOC_KIND_COUNT, &l), KZ_ESTORE);
    doc_cleanup(&a);
    doc_cleanup(&b);
}

/* A contact, a rule and an incident for the summons tests (OUT: ids). */
static void summons_world(struct store *s, int64_t *inc, int64_t *contact,
                          int64_t *rule)
{
    struct doc d;

    *inc = add(s, "INC-2026-0001", NULL);
    doc_init(&d);
    d.name = xstrdup("鈴木");
    d.json = xstrdup("{}");
    d.created_at = NOW;
    assert_int_equal(store_doc_insert(s, DOC_CONTACT, &d), KZ_OK);
    *contact = d.id;
    d.id = 0;
    assert_int_equal(store_doc_insert(s, DOC_RULE, &d), KZ_OK);
    *rule = d.id;
    doc_cleanup(&d);
}

static int64_t summon(struct store *s, int64_t inc, int64_t contact,
                      int64_t rule, const char *digest, kz_time due)
{
    struct summons x;
    int64_t id;

    summons_init(&x);
    x.incident_id = inc;
    x.contact_id = contact;
    x.rule_id = rule;
    x.role = xstrdup("csirt_lead");
    snprintf(x.token_digest, sizeof(x.token_digest), "%s", digest);
    x.created_at = NOW;
    x.ack_due_at = due;
    assert_int_equal(store_summons_insert(s, &x), KZ_OK);
    id = x.id;
    summons_cleanup(&x);
    return id;
}

/*
 * Summonses: found by token digest, acknowledged once, escalated once,
 * and never escalated once acknowledged (an acknowledgement that lands
 * between the escalation's listing and its write must win).
 */
static void test_summonses(void **state)
{
    struct tempdb *t = *state;
    int64_t inc;
    int64_t contact;
    int64_t rule;
    struct summons x;
    struct summons_list l;
    bool first = false;

    summons_world(t->s, &inc, &contact, &rule);
    assert_int_equal(store_conv_fire(t->s, inc, rule, NOW, &first), KZ_OK);
    assert_true(first);
    assert_int_equal(store_conv_fire(t->s, inc, rule, NOW + 1, &first), KZ_OK);
    assert_false(first);

    int64_t a = summon(t->s, inc, contact, rule, "aa", NOW + 600);
    int64_t b = summon(t->s, inc, contact, rule, "bb", NOW + 300);
    summons_init(&x);
    assert_int_equal(store_summons_by_token(t->s, "bb", &x), KZ_OK);
    assert_int_equal(x.id, b);
    assert_string_equal(x.ref, "INC-2026-0001");
    assert_string_equal(x.role, "csirt_lead");
    assert_true(x.acked_at == KZ_TIME_NONE);
    assert_int_equal(store_summons_by_token(t->s, "cc", &x), KZ_ENOTFOUND);
    assert_int_equal(store_summons_get(t->s, 999, &x), KZ_ENOTFOUND);

    /* Due at or before the time asked, soonest first. */
    assert_int_equal(store_summons_list(t->s, 0, NOW + 299, &l), KZ_OK);
    assert_int_equal(l.n, 0);
    summons_list_cleanup(&l);
    assert_int_equal(store_summons_list(t->s, 0, NOW + 600, &l), KZ_OK);
    assert_int_equal(l.n, 2);
    assert_int_equal(l.items[0].id, b);
    summons_list_cleanup(&l);

    assert_int_equal(store_summons_ack(t->s, a, NOW + 5, "鈴木"), KZ_OK);
    assert_int_equal(store_summons_ack(t->s, a, NOW + 9, "誰か"), KZ_ECONFLICT);
    assert_int_equal(store_summons_get(t->s, a, &x), KZ_OK);
    assert_int_equal(x.acked_at, NOW + 5);
    assert_string_equal(x.acked_by, "鈴木");
    /* Acknowledged: not escalated, and no longer due. */
    assert_int_equal(store_summons_escalated(t->s, a), KZ_ECONFLICT);
    assert_int_equal(store_summons_get(t->s, a, &x), KZ_OK);
    assert_false(x.escalated);
    assert_int_equal(store_summons_escalated(t->s, b), KZ_OK);
    assert_int_equal(store_summons_escalated(t->s, b), KZ_ECONFLICT);
    assert_int_equal(store_summons_list(t->s, 0, NOW + 9999, &l), KZ_OK);
    assert_int_equal(l.n, 0);
    summons_list_cleanup(&l);
    assert_int_equal(store_summons_list(t->s, inc, 0, &l), KZ_OK);
    assert_int_equal(l.n, 2);
    summons_list_cleanup(&l);

    /* What a summons refers to cannot be deleted. */
    assert_int_equal(store_doc_delete(t->s, DOC_CONTACT, contact),
                     KZ_ECONFLICT);
    assert_int_equal(store_doc_delete(t->s, DOC_RULE, rule), KZ_ECONFLICT);
    summons_cleanup(&x);
}

static void test_outbox(void **state)
{
    struct tempdb *t = *state;
    int64_t inc;
    int64_t contact;
    int64_t rule;
    struct outbox_msg m;
    struct outbox_list l;

    summons_world(t->s, &inc, &contact, &rule);
    int64_t x = summon(t->s, inc, contact, rule, "aa", NOW + 600);
    outbox_msg_init(&m);
    for (int i = 0; i < 3; i++) {
        char key[32];
        snprintf(key, sizeof(key), "k%d", i);
        xstrset(&m.channel, i ? "email" : "webhook");
        xstrset(&m.target, "a@example.jp");
        xstrset(&m.subject, "件名");
        xstrset(&m.body, "本文");
        xstrset(&m.idem_key, key);
        m.summons_id = i < 2 ? x : 0;
        m.created_at = NOW;
        m.next_attempt_at = NOW + 10 * (3 - i); /* the last is due first */
        assert_int_equal(store_outbox_insert(t->s, &m), KZ_OK);
        assert_int_equal(m.status, OUTBOX_PENDING);
    }
    /* The same idempotency key twice is refused. */
    assert_int_equal(store_outbox_insert(t->s, &m), KZ_ECONFLICT);
    assert_int_equal(store_outbox_list(t->s, 0, NOW + 10, 10, &l), KZ_OK);
    assert_int_equal(l.n, 1);
    assert_string_equal(l.items[0].idem_key, "k2");
    assert_int_equal(l.items[0].summons_id, 0);
    outbox_list_cleanup(&l);
    assert_int_equal(store_outbox_list(t->s, 0, NOW + 30, 2, &l), KZ_OK);
    assert_int_equal(l.n, 2); /* the limit */
    assert_string_equal(l.items[0].idem_key, "k2");
    assert_string_equal(l.items[1].idem_key, "k1");
    outbox_list_cleanup(&l);
    assert_int_equal(store_outbox_list(t->s, x, 0, 10, &l), KZ_OK);
    assert_int_equal(l.n, 2);
    assert_string_equal(l.items[0].idem_key, "k0");
    /* An attempt's record. */
    l.items[0].status = OUTBOX_SENT;
    l.items[0].attempts = 1;
    l.items[0].sent_at = NOW + 31;
    assert_int_equal(store_outbox_update(t->s, &l.items[0]), KZ_OK);
    l.items[1].status = OUTBOX_PENDING;
    l.items[1].attempts = 1;
    l.items[1].next_attempt_at = NOW + 90;
    xstrset(&l.items[1].last_error, "HTTP 500");
    assert_int_equal(store_outbox_update(t->s, &l.items[1]), KZ_OK);
    outbox_list_cleanup(&l);
    assert_int_equal(store_outbox_list(t->s, x, 0, 10, &l), KZ_OK);
    assert_int_equal(l.items[0].status, OUTBOX_SENT);
    assert_int_equal(l.items[0].sent_at, NOW + 31);
    assert_int_equal(l.items[1].next_attempt_at, NOW + 90);
    assert_string_equal(l.items[1].last_error, "HTTP 500");
    assert_true(l.items[1].sent_at == KZ_TIME_NONE);
    outbox_msg_cleanup(&m);
    m = l.items[0]; /* borrowed from the list, which frees it */
    m.id = 999;
    assert_int_equal(store_outbox_update(t->s, &m), KZ_ENOTFOUND);
    outbox_msg_init(&m);
    outbox_list_cleanup(&l);
    assert_int_equal(store_outbox_list(t->s, 0, NOW + 1000, 10, &l), KZ_OK);
    assert_int_equal(l.n, 2); /* the sent one is no longer due */
    outbox_list_cleanup(&l);
}

static void test_tasks(void **state)
{
    struct tempdb *t = *state;
    int64_t inc = add(t->s, "INC-2026-0001", NULL);
    int64_t other = add(t->s, "INC-2026-0002", NULL);
    struct task a;
    struct task b;
    struct task_list l;

    task_init(&a);
    task_init(&b);
    a.incident_id = inc;
    a.phase = PHASE_CONTAINMENT;
    a.title = xstrdup("隔離する");
    a.owner = xstrdup("it_admin");
    a.due_at = NOW + 3600;
    a.first_aid = true;
    a.source = xstrdup("playbook:malware");
    a.created_at = NOW;
    assert_int_equal(store_task_insert(t->s, &a), KZ_OK);
    assert_int_equal(a.version, 1);
    assert_int_equal(store_task_get(t->s, a.id, &b), KZ_OK);
    assert_int_equal(b.incident_id, inc);
    assert_int_equal(b.phase, PHASE_CONTAINMENT);
    assert_string_equal(b.title, "隔離する");
    assert_string_equal(b.owner, "it_admin");
    assert_int_equal(b.due_at, NOW + 3600);
    assert_int_equal(b.status, TASK_OPEN);
    assert_true(b.done_at == KZ_TIME_NONE);
    assert_true(b.first_aid);
    assert_string_equal(b.source, "playbook:malware");
    assert_int_equal(b.created_at, NOW);

    /* No due time, no owner, no source: "manual". */
    task_cleanup(&b);
    b.incident_id = other;
    b.title = xstrdup("報告する");
    b.created_at = NOW;
    assert_int_equal(store_task_insert(t->s, &b), KZ_OK);
    assert_int_equal(store_task_get(t->s, b.id, &b), KZ_OK);
    assert_true(b.due_at == KZ_TIME_NONE);
    assert_null(b.owner);
    assert_string_equal(b.source, "manual");

    a.status = TASK_DONE;
    a.done_at = NOW + 60;
    xstrset(&a.done_by, "yamada");
    assert_int_equal(store_task_update(t->s, &a, 1), KZ_OK);
    assert_int_equal(store_task_update(t->s, &a, 1), KZ_ECONFLICT);
    a.id = 999;
    assert_int_equal(store_task_update(t->s, &a, 2), KZ_ENOTFOUND);
    assert_int_equal(store_task_get(t->s, 999, &a), KZ_ENOTFOUND);

    assert_int_equal(store_task_list(t->s, inc, 0, &l), KZ_OK);
    assert_int_equal(l.n, 1);
    assert_int_equal(l.items[0].status, TASK_DONE);
    assert_int_equal(l.items[0].done_at, NOW + 60);
    assert_string_equal(l.items[0].done_by, "yamada");
    assert_int_equal(l.items[0].version, 2);
    task_list_cleanup(&l);
    /* Open and due before a time: the done one is not, and one without a
     * due time never is. */
    assert_int_equal(store_task_list(t->s, inc, NOW + 86400, &l), KZ_OK);
    assert_int_equal(l.n, 0);
    task_list_cleanup(&l);
    assert_int_equal(store_task_list(t->s, other, NOW + 86400, &l), KZ_OK);
    assert_int_equal(l.n, 0);
    task_list_cleanup(&l);
    /* An open one past its time is, only in its own incident's list. */
    task_cleanup(&b);
    task_init(&b);
    b.incident_id = inc;
    b.title = xstrdup("封じ込めを確認する");
    b.due_at = NOW + 60;
    b.created_at = NOW;
    assert_int_equal(store_task_insert(t->s, &b), KZ_OK);
    assert_int_equal(store_task_list(t->s, inc, NOW + 61, &l), KZ_OK);
    assert_int_equal(l.n, 1);
    assert_int_equal(l.items[0].id, b.id);
    task_list_cleanup(&l);
    assert_int_equal(store_task_list(t->s, inc, NOW + 60, &l), KZ_OK);
    assert_int_equal(l.n, 0);
    task_list_cleanup(&l);
    assert_int_equal(store_task_list(t->s, other, NOW + 86400, &l), KZ_OK);
    assert_int_equal(l.n, 0);
    task_list_cleanup(&l);
    task_cleanup(&a);
    task_cleanup(&b);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, tempdb_setup, tempdb_teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_open_creates_and_migrates),
        T(test_reopening_keeps_records),
        T(test_open_existing_missing_file_is_not_found),
        T(test_sqlite_prefix_and_empty_path),
        T(test_newer_schema_is_refused),
        T(test_foreign_database_is_refused),
        T(test_insert_and_get_round_trip),
        T(test_unknown_values_round_trip),
        T(test_reporting_facts_round_trip),
        T(test_get_unknown_ref_is_not_found),
        T(test_duplicate_ref_is_a_conflict),
        T(test_update_needs_the_expected_version),
        T(test_list_is_newest_first_and_filters),
        T(test_q_matches_substrings_literally),
        T(test_keyset_pages_are_stable_under_inserts),
        T(test_limit_is_kept_within_bounds),
        T(test_restricted_incident_is_absent_for_non_members),
        T(test_restricted_incident_is_present_for_members),
        T(test_own_only_lists_what_the_viewer_filed),
        T(test_members_follow_updates),
        T(test_chronology_append_list_and_head),
        T(test_appending_a_wrong_seq_is_a_conflict),
        T(test_chronology_table_refuses_update_and_delete),
        T(test_inner_rollback_keeps_outer_work),
        T(test_inner_commit_is_undone_by_outer_rollback),
        T(test_transaction_bookkeeping),
        T(test_end_commits_ok_work_and_rolls_back_the_rest),
        T(test_reference_numbers_count_per_year),
        T(test_chain_scan_visits_every_incident),
        T(test_fault_seam_fails_exactly_the_nth_call),
        T(test_documents),
        T(test_summonses),
        T(test_outbox),
        T(test_tasks),
    };

    return cmocka_run_group_tests(tests, fixture_group_setup, NULL);
}
