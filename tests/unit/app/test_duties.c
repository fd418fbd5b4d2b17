/* SPDX-License-Identifier: MIT */
/*
 * test_duties.c - reporting duties of stored incidents (src/app/duties.c,
 * SPEC C8): recording that a duty was filed or judged not applicable
 * (validated, access-checked, written in the chronology and the audit
 * log), the duties as JSON, the regimes from the settings, and the list of
 * open deadlines across the incidents a person may see, soonest first.
 */
#include "support/chron_text.h"
#include "support/test.h"

#include <stdio.h>
#include <string.h>

#include "app/duties.h"
#include "app/incident_ops.h"
#include "app/settings.h"
#include "support/fixture.h"
#include "support/glue.h"
#include "support/settle.h"
#include "support/tempdb.h"
#include "support/settings_patch.h"
#include "util/mem.h"
#include "util/utf8.h"

#define NOW FIXTURE_NOW

static struct app_ctx as(const char *name, enum role role)
{
    struct app_ctx c = {{name, role}, "test", NOW, NULL};

    return c;
}

static struct app_ctx admin(void)
{
    return as("admin", ROLE_ADMIN);
}

/* File the fixture's draft (1,200 people: an APPI duty) by 'ctx', with
 * 'title', discovered 'days_ago' days before NOW (OUT: ref). */
static void file(struct tempdb *t, const struct app_ctx *ctx, const char *title,
                 int days_ago, char *ref)
{
    struct incident inc;
    struct kz_problems p;

    fixture_draft(&inc, NOW - (kz_time)days_ago * 86400);
    strv_cleanup(&inc.members);
    xstrset(&inc.title, title);
    kz_problems_clear(&p);
    if (app_incident_create(t->s, ctx, &inc, &p) != KZ_OK) {
        problems_print(&p);
        fail_msg("cannot file %s", title);
    }
    snprintf(ref, INCIDENT_REF_LEN, "%s", inc.ref);
    incident_cleanup(&inc);
}

/* Record 'json' about duty 'key' of 'ref' as 'ctx' (OUT: p). */
static enum kz_err record(struct tempdb *t, const struct app_ctx *ctx,
                          const char *ref, const char *key, const char *json,
                          struct kz_problems *p)
{
    json_t *body = fixture_json(json);
    enum kz_err err;

    kz_problems_clear(p);
    err = glue_obligation_record(t->s, ctx, ref, key, body, p);
    json_decref(body);
    return err;
}

/* Duty 'key' of the JSON from app_obligations (borrowed). */
static json_t *item_of(json_t *duties, const char *key)
{
    size_t i;
    json_t *d;

    json_array_foreach(json_object_get(duties, "items"), i, d)
    {
        if (strcmp(json_string_value(json_object_get(d, "key")), key) == 0)
            return d;
    }
    fail_msg("no duty %s", key);
    return NULL;
}

static const char *str(json_t *o, const char *key)
{
    return json_string_value(json_object_get(o, key));
}

static int64_t entries_of(struct tempdb *t, const char *ref)
{
    char sql[256];

    snprintf(sql, sizeof(sql),
             "SELECT count(*) FROM chronology WHERE incident_id = "
             "(SELECT id FROM incident WHERE ref = '%s')",
             ref);
    return tempdb_int(t, sql);
}

/* The body of the last chronology entry of 'ref' and its kind. */
static void last_entry(struct tempdb *t, const char *ref, char *body, size_t n,
                       char *kind)
{
    char sql[320];

    snprintf(sql, sizeof(sql),
             "SELECT body FROM chronology WHERE incident_id = "
             "(SELECT id FROM incident WHERE ref = '%s') "
             "ORDER BY seq DESC LIMIT 1",
             ref);
    tempdb_text(t, sql, body, n);
    chron_ja_inplace(body, n);
    snprintf(sql, sizeof(sql),
             "SELECT kind FROM chronology WHERE incident_id = "
             "(SELECT id FROM incident WHERE ref = '%s') "
             "ORDER BY seq DESC LIMIT 1",
             ref);
    tempdb_text(t, sql, kind, 32);
}

static int64_t audits(struct tempdb *t, const char *action, const char *ref)
{
    char sql[256];

    snprintf(sql, sizeof(sql),
             "SELECT count(*) FROM audit WHERE action = '%s' AND target = "
             "'%s'",
             action, ref);
    return tempdb_int(t, sql);
}

static void test_filed_with_reference(void **state)
{
    struct tempdb *t = *state;
    struct app_ctx c = admin();
    struct kz_problems p;
    char ref[INCIDENT_REF_LEN];
    char body[1024];
    char kind[32];
    json_t *d = NULL;

    file(t, &c, "名簿の誤送信", 0, ref);
    int64_t before = entries_of(t, ref);
    assert_int_equal(record(t, &c, ref, "appi_preliminary",
                            "{\"status\": \"filed\", \"reference\": "
                            "\"PPC-2026-0042\", \"filed_at\": "
                            "\"2026-11-22T09:30:00+09:00\"}",
                            &p),
                     KZ_OK);
    assert_int_equal(glue_obligations(t->s, &c, ref, LANG_JA, &d), KZ_OK);
    json_t *o = item_of(d, "appi_preliminary");
    assert_string_equal(str(o, "state"), "filed");
    assert_string_equal(str(o, "status"), "filed");
    assert_string_equal(str(o, "reference"), "PPC-2026-0042");
    kz_time at = KZ_TIME_NONE;
    assert_int_equal(timefmt_parse(str(o, "filed_at"), &at), KZ_OK);
    assert_int_equal(at, fixture_time("2026-11-22T09:30:00+09:00"));
    /* The others stay as they were. */
    assert_string_equal(str(item_of(d, "appi_final"), "status"), "pending");
    assert_string_equal(str(item_of(d, "mynumber_final"), "status"),
                        "not_applicable");
    json_decref(d);
    /* One contact entry naming the duty and the reference, one audit. */
    assert_int_equal(entries_of(t, ref), before + 1);
    last_entry(t, ref, body, sizeof(body), kind);
    assert_string_equal(kind, "contact");
    assert_non_null(strstr(body, "個人情報保護委員会への速報"));
    assert_non_null(strstr(body, "PPC-2026-0042"));
    assert_int_equal(audits(t, "filing.record", ref), 1);
}

static void test_filed_at_defaults_to_now(void **state)
{
    struct tempdb *t = *state;
    struct app_ctx c = admin();
    struct kz_problems p;
    char ref[INCIDENT_REF_LEN];
    json_t *d = NULL;

    file(t, &c, "名簿の誤送信", 0, ref);
    assert_int_equal(
        record(t, &c, ref, "appi_final", "{\"status\": \"filed\"}", &p), KZ_OK);
    assert_int_equal(glue_obligations(t->s, &c, ref, LANG_EN, &d), KZ_OK);
    json_t *o = item_of(d, "appi_final");
    kz_time at = KZ_TIME_NONE;
    assert_int_equal(timefmt_parse(str(o, "filed_at"), &at), KZ_OK);
    assert_int_equal(at, NOW);
    assert_true(json_is_null(json_object_get(o, "reference")));
    json_decref(d);
    /* An explicit null is no date either: filed now. */
    assert_int_equal(record(t, &c, ref, "appi_preliminary",
                            "{\"status\": \"filed\", \"filed_at\": null}", &p),
                     KZ_OK);
    assert_int_equal(glue_obligations(t->s, &c, ref, LANG_EN, &d), KZ_OK);
    at = KZ_TIME_NONE;
    assert_int_equal(
        timefmt_parse(str(item_of(d, "appi_preliminary"), "filed_at"), &at),
        KZ_OK);
    assert_int_equal(at, NOW);
    o = item_of(d, "appi_final");
    /* The labels follow the language. */
    assert_non_null(str(o, "label"));
    json_decref(d);
}

static void test_not_applicable_needs_a_reason(void **state)
{
    struct tempdb *t = *state;
    struct app_ctx c = admin();
    struct kz_problems p;
    char ref[INCIDENT_REF_LEN];
    char body[1024];
    char kind[32];
    json_t *d = NULL;

    file(t, &c, "名簿の誤送信", 0, ref);
    int64_t before = entries_of(t, ref);
    assert_int_equal(record(t, &c, ref, "appi_final",
                            "{\"status\": \"not_applicable\"}", &p),
                     KZ_EINVAL);
    assert_problem(&p, "reason", "v.required");
    assert_problem_count(&p, 1);
    assert_int_equal(record(t, &c, ref, "appi_final",
                            "{\"status\": \"not_applicable\", \"reason\": "
                            "\"\"}",
                            &p),
                     KZ_EINVAL);
    assert_problem(&p, "reason", "v.required");
    /* Nothing written by the refusals. */
    assert_int_equal(entries_of(t, ref), before);
    assert_int_equal(tempdb_int(t, "SELECT count(*) FROM incident_item"), 0);
    assert_int_equal(audits(t, "filing.record", ref), 0);

    assert_int_equal(record(t, &c, ref, "appi_final",
                            "{\"status\": \"not_applicable\", \"reason\": "
                            "\"委託元が報告する\"}",
                            &p),
                     KZ_OK);
    assert_int_equal(glue_obligations(t->s, &c, ref, LANG_JA, &d), KZ_OK);
    json_t *o = item_of(d, "appi_final");
    assert_string_equal(str(o, "state"), "not_applicable");
    assert_string_equal(str(o, "status"), "not_applicable");
    assert_string_equal(str(o, "note"), "委託元が報告する");
    assert_true(json_is_null(json_object_get(o, "filed_at")));
    /* The rules still say it applies. */
    assert_true(json_is_true(json_object_get(o, "applies")));
    json_decref(d);
    assert_int_equal(entries_of(t, ref), before + 1);
    last_entry(t, ref, body, sizeof(body), kind);
    assert_string_equal(kind, "decision");
    assert_non_null(strstr(body, "委託元が報告する"));
    assert_int_equal(audits(t, "filing.record", ref), 1);

    /* "pending" undoes it. */
    assert_int_equal(
        record(t, &c, ref, "appi_final", "{\"status\": \"pending\"}", &p),
        KZ_OK);
    assert_int_equal(glue_obligations(t->s, &c, ref, LANG_JA, &d), KZ_OK);
    assert_string_equal(str(item_of(d, "appi_final"), "status"), "pending");
    assert_string_equal(str(item_of(d, "appi_final"), "state"), "pending");
    json_decref(d);
    assert_int_equal(entries_of(t, ref), before + 2);
}

static void test_bad_requests(void **state)
{
    struct tempdb *t = *state;
    struct app_ctx c = admin();
    struct kz_problems p;
    char ref[INCIDENT_REF_LEN];

    file(t, &c, "名簿の誤送信", 0, ref);
    assert_int_equal(
        record(t, &c, ref, "appi_report", "{\"status\": \"filed\"}", &p),
        KZ_ENOTFOUND);
    assert_int_equal(record(t, &c, "INC-2026-9999", "appi_final",
                            "{\"status\": \"filed\"}", &p),
                     KZ_ENOTFOUND);
    assert_int_equal(
        record(t, &c, ref, "appi_final", "{\"status\": \"done\"}", &p),
        KZ_EINVAL);
    assert_problem(&p, "status", "v.filing_status");
    assert_int_equal(record(t, &c, ref, "appi_final", "{}", &p), KZ_EINVAL);
    assert_problem(&p, "status", "v.filing_status");
    assert_int_equal(record(t, &c, ref, "appi_final",
                            "{\"status\": \"filed\", \"filed_at\": "
                            "\"2026-11-23T10:00:00+09:00\"}",
                            &p),
                     KZ_EINVAL);
    assert_problem(&p, "filed_at", "v.future");
    assert_int_equal(record(t, &c, ref, "appi_final",
                            "{\"status\": \"filed\", \"by\": \"fax\"}", &p),
                     KZ_EINVAL);
    assert_problem(&p, "by", "v.unknown_field");
    assert_int_equal(tempdb_int(t, "SELECT count(*) FROM incident_item"), 0);
}

static void test_who_may_record(void **state)
{
    struct tempdb *t = *state;
    struct app_ctx reporter = as("reporter1", ROLE_REPORTER);
    struct app_ctx communicator = as("pr1", ROLE_COMMUNICATOR);
    struct app_ctx auditor = as("audit1", ROLE_AUDITOR);
    struct app_ctx handler = as("handler1", ROLE_HANDLER);
    struct app_ctx c = admin();
    struct kz_problems p;
    char ref[INCIDENT_REF_LEN];
    json_t *d = NULL;
    const char *filed = "{\"status\": \"filed\"}";

    /* The reporter filed it and may read its duties, not record them. */
    file(t, &reporter, "名簿の誤送信", 0, ref);
    assert_int_equal(glue_obligations(t->s, &reporter, ref, LANG_JA, &d),
                     KZ_OK);
    json_decref(d);
    assert_int_equal(record(t, &reporter, ref, "appi_final", filed, &p),
                     KZ_EFORBID);
    assert_int_equal(record(t, &auditor, ref, "appi_final", filed, &p),
                     KZ_EFORBID);
    assert_int_equal(tempdb_int(t, "SELECT count(*) FROM incident_item"), 0);
    /* PR and legal record what was filed. */
    assert_int_equal(record(t, &communicator, ref, "appi_final", filed, &p),
                     KZ_OK);
    assert_int_equal(record(t, &handler, ref, "appi_individuals", filed, &p),
                     KZ_OK);
    /* Restricted without them: not found, not forbidden. */
    json_t *r = json_pack("{s:b}", "restricted", 1);
    struct incident out;
    incident_init(&out);
    kz_problems_clear(&p);
    assert_int_equal(app_incident_patch(t->s, &c, ref, r, -1, &out, &p), KZ_OK);
    incident_cleanup(&out);
    json_decref(r);
    assert_int_equal(record(t, &communicator, ref, "appi_final", filed, &p),
                     KZ_ENOTFOUND);
    assert_int_equal(glue_obligations(t->s, &handler, ref, LANG_JA, &d),
                     KZ_ENOTFOUND);
    assert_null(d);
}

static void test_regimes_follow_the_settings(void **state)
{
    struct tempdb *t = *state;
    struct app_ctx c = admin();
    struct obligation_config cfg;
    struct kz_problems p;
    char ref[INCIDENT_REF_LEN];
    json_t *d = NULL;

    app_obligation_config(t->s, &cfg);
    assert_true(cfg.appi && cfg.mynumber && cfg.gdpr);
    assert_false(cfg.nis2 || cfg.sec);
    json_t *set = json_pack("{s:b, s:b, s:b}", "regime_mynumber", 0,
                            "regime_nis2", 1, "regime_sec", 1);
    kz_problems_clear(&p);
    assert_int_equal(test_settings_patch(t->s, &c, set, &p), KZ_OK);
    json_decref(set);
    app_obligation_config(t->s, &cfg);
    assert_true(cfg.appi && cfg.gdpr && cfg.nis2 && cfg.sec);
    assert_false(cfg.mynumber);
    file(t, &c, "名簿の誤送信", 0, ref);
    assert_int_equal(glue_obligations(t->s, &c, ref, LANG_JA, &d), KZ_OK);
    json_t *items = json_object_get(d, "items");
    /* appi 3, gdpr 2, nis2 3, sec 1. */
    assert_int_equal(json_array_size(items), 9);
    size_t i;
    json_t *o;
    json_array_foreach(items, i, o)
    {
        assert_true(strncmp(str(o, "key"), "mynumber", 8) != 0);
    }
    /* S2 (the fixture's severity) alone does not make an incident
     * significant for NIS2 (art. 23(3) decides, issue 9): it leaves the
     * question open. */
    assert_true(json_is_false(
        json_object_get(item_of(d, "nis2_early_warning"), "applies")));
    assert_string_equal(str(item_of(d, "nis2_early_warning"), "state"),
                        "undecided");
    json_decref(d);
}

/* --- app_deadlines ------------------------------------------------------ */

static void test_deadlines_soonest_first_of_what_one_may_see(void **state)
{
    struct tempdb *t = *state;
    struct app_ctx c = admin();
    struct app_ctx handler = as("handler1", ROLE_HANDLER);
    struct app_ctx member = as(FIXTURE_MEMBER, ROLE_HANDLER);
    struct kz_problems p;
    char today[INCIDENT_REF_LEN];
    char older[INCIDENT_REF_LEN];
    char closed[INCIDENT_REF_LEN];
    char secret[INCIDENT_REF_LEN];
    char drill[INCIDENT_REF_LEN];
    char none[INCIDENT_REF_LEN];
    json_t *d = NULL;

    fixture_account(t->s, FIXTURE_MEMBER, ROLE_HANDLER);
    file(t, &c, "今日の誤送信", 0, today);
    file(t, &c, "5日前の誤送信", 5, older);
    file(t, &c, "対応を終えた誤送信", 1, closed);
    file(t, &c, "役員の情報の誤送信", 0, secret);
    file(t, &c, "訓練", 0, drill);
    file(t, &c, "少人数の誤送信", 0, none);
    struct incident out;
    incident_init(&out);
    kz_problems_clear(&p);
    settle_incident(t->s, &c, closed);
    assert_int_equal(
        app_incident_move(t->s, &c, closed, PHASE_CLOSED, NULL, &out, &p),
        KZ_OK);
    incident_cleanup(&out);
    /* A duty undone after closing (or a case closed before kizuki
     * checked) is still not a deadline of a closed case. */
    json_t *undo = json_pack("{s:s}", "status", "pending");
    assert_int_equal(
        glue_obligation_record(t->s, &c, closed, "appi_preliminary", undo, &p),
        KZ_OK);
    json_decref(undo);
    json_t *r =
        json_pack("{s:b, s:[s]}", "restricted", 1, "members", FIXTURE_MEMBER);
    assert_int_equal(app_incident_patch(t->s, &c, secret, r, -1, &out, &p),
                     KZ_OK);
    incident_cleanup(&out);
    json_decref(r);
    r = json_pack("{s:s}", "kind", "exercise");
    assert_int_equal(app_incident_patch(t->s, &c, drill, r, -1, &out, &p),
                     KZ_OK);
    incident_cleanup(&out);
    json_decref(r);
    /* 10 people and no other trigger: no duty at all. */
    r = json_pack("{s:i, s:[{s:s, s:i}]}", "affected_persons", 10, "info_types",
                  "type", "name", "count", 10);
    assert_int_equal(app_incident_patch(t->s, &c, none, r, -1, &out, &p),
                     KZ_OK);
    incident_cleanup(&out);
    json_decref(r);
    /* Today's preliminary report is filed. */
    assert_int_equal(
        record(t, &c, today, "appi_preliminary", "{\"status\": \"filed\"}", &p),
        KZ_OK);

    /* The handler: the open, visible, unfiled APPI duties of 'today'
     * and 'older' (the preliminary, final and notice of each), minus
     * today's filed preliminary report. */
    assert_int_equal(glue_deadlines(t->s, &handler, LANG_JA, &d), KZ_OK);
    json_t *items = json_object_get(d, "items");
    static const char *const want[][2] = {
        {"older", "appi_preliminary"}, /* 11-19 end */
        {"older", "appi_final"},       /* 12-16 end */
        {"today", "appi_final"},       /* 12-21 end */
        {"older", "appi_individuals"}, /* promptly: last */
        {"today", "appi_individuals"},
    };
    if (json_array_size(items) != 5) {
        char *dump = json_dumps(d, JSON_INDENT(1));
        fail_msg("want 5 deadlines, got %s", dump);
    }
    kz_time prev = INT64_MIN;
    for (size_t i = 0; i < 5; i++) {
        json_t *o = json_array_get(items, i);
        const char *wref = strcmp(want[i][0], "older") == 0 ? older : today;
        assert_string_equal(str(o, "ref"), wref);
        assert_string_equal(str(o, "key"), want[i][1]);
        assert_true(json_is_true(json_object_get(o, "applies")));
        assert_non_null(str(o, "title"));
        assert_string_equal(str(o, "kind"), "incident");
        kz_time due = INT64_MAX;
        if (str(o, "due_at") != NULL)
            assert_int_equal(timefmt_parse(str(o, "due_at"), &due), KZ_OK);
        assert_true(due >= prev);
        prev = due;
    }
    /* The older preliminary report is past day 5 (11-17 was day 1, so
     * 11-21 was day 5; now is 11-22): overdue. */
    assert_string_equal(str(json_array_get(items, 0), "state"), "overdue");
    json_decref(d);

    /* The member also sees the restricted one; so does the admin. */
    assert_int_equal(glue_deadlines(t->s, &member, LANG_JA, &d), KZ_OK);
    assert_int_equal(json_array_size(json_object_get(d, "items")), 8);
    json_decref(d);
    assert_int_equal(glue_deadlines(t->s, &c, LANG_EN, &d), KZ_OK);
    items = json_object_get(d, "items");
    assert_int_equal(json_array_size(items), 8);
    size_t i;
    json_t *o;
    json_array_foreach(items, i, o)
    {
        assert_string_not_equal(str(o, "ref"), closed);
        assert_string_not_equal(str(o, "ref"), drill);
        assert_string_not_equal(str(o, "ref"), none);
    }
    json_decref(d);
}

static void test_deadlines_of_a_reporter_are_their_own(void **state)
{
    struct tempdb *t = *state;
    struct app_ctx c = admin();
    struct app_ctx reporter = as("reporter1", ROLE_REPORTER);
    char mine[INCIDENT_REF_LEN];
    char theirs[INCIDENT_REF_LEN];
    json_t *d = NULL;

    file(t, &reporter, "私の報告", 0, mine);
    file(t, &c, "管理者の報告", 0, theirs);
    assert_int_equal(glue_deadlines(t->s, &reporter, LANG_JA, &d), KZ_OK);
    json_t *items = json_object_get(d, "items");
    assert_int_equal(json_array_size(items), 3);
    size_t i;
    json_t *o;
    json_array_foreach(items, i, o)
    {
        assert_string_equal(str(o, "ref"), mine);
    }
    json_decref(d);
}

/* A store failing at any one call fails the reading with KZ_ESTORE or
 * is absorbed (a setting read falls back on its default), and leaves
 * nothing allocated either way (ASan's leak check judges that). */
static void test_failed_reads_free_everything(void **state)
{
    struct tempdb *t = *state;
    struct app_ctx c = admin();
    struct kz_problems p;
    char ref[INCIDENT_REF_LEN];
    int failed = 0;

    file(t, &c, "名簿の誤送信", 0, ref);
    assert_int_equal(
        record(t, &c, ref, "appi_final", "{\"status\": \"filed\"}", &p), KZ_OK);
    for (long n = 1; n <= 40; n++) {
        json_t *d = NULL;
        store_fault_after(t->s, n);
        enum kz_err err = glue_obligations(t->s, &c, ref, LANG_JA, &d);
        store_fault_after(t->s, 0);
        if (err != KZ_OK) {
            assert_int_equal(err, KZ_ESTORE);
            assert_null(d);
            failed++;
        }
        json_decref(d);
        d = NULL;
        store_fault_after(t->s, n);
        err = glue_deadlines(t->s, &c, LANG_JA, &d);
        store_fault_after(t->s, 0);
        if (err != KZ_OK) {
            assert_int_equal(err, KZ_ESTORE);
            assert_null(d);
            failed++;
        }
        json_decref(d);
    }
    /* The incident, the filings and the list each failed at least. */
    assert_true(failed >= 4);
}

/* A long reason (here 3,000 bytes) is kept whole in the chronology,
 * never cut, let alone inside a character. */
static void test_long_reason_is_written_whole(void **state)
{
    struct tempdb *t = *state;
    struct app_ctx c = admin();
    struct kz_problems p;
    char ref[INCIDENT_REF_LEN];
    char reason[3100];
    char body[8192];
    char kind[32];
    size_t k = 0;

    file(t, &c, "名簿の誤送信", 0, ref);
    for (int i = 0; i < 1000; i++)
        k += (size_t)snprintf(reason + k, sizeof(reason) - k, "%s",
                              i % 2 ? "託" : "委");
    json_t *body_json =
        json_pack("{s:s, s:s}", "status", "not_applicable", "reason", reason);
    kz_problems_clear(&p);
    assert_int_equal(
        glue_obligation_record(t->s, &c, ref, "appi_final", body_json, &p),
        KZ_OK);
    json_decref(body_json);
    last_entry(t, ref, body, sizeof(body), kind);
    assert_true(utf8_is_valid(body, strlen(body)));
    assert_non_null(strstr(body, reason));
}

/* More than a page of incidents (1,000): the oldest open one, with the
 * most pressing duty, is still listed. */
static void test_deadlines_beyond_a_thousand_incidents(void **state)
{
    struct tempdb *t = *state;
    struct app_ctx c = admin();
    struct kz_problems p;
    char oldest[INCIDENT_REF_LEN];
    char ref[INCIDENT_REF_LEN];
    json_t *d = NULL;

    file(t, &c, "最初の誤送信", 3, oldest);
    /* 1,000 later ones without duties (closed, copied in SQL to be quick:
     * only the listing reads them). */
    file(t, &c, "対応を終えた誤送信", 0, ref);
    struct incident out;
    incident_init(&out);
    kz_problems_clear(&p);
    settle_incident(t->s, &c, ref);
    assert_int_equal(
        app_incident_move(t->s, &c, ref, PHASE_CLOSED, NULL, &out, &p), KZ_OK);
    incident_cleanup(&out);
    char cols[4096];
    tempdb_text(t,
                "SELECT group_concat(name, ', ') FROM pragma_table_info("
                "'incident') WHERE name NOT IN ('id', 'ref')",
                cols, sizeof(cols));
    char sql[9000];
    snprintf(sql, sizeof(sql),
             "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n "
             "WHERE i < 1000) INSERT INTO incident (ref, %s) SELECT "
             "printf('INC-2026-9%%04d', i), %s FROM n, incident WHERE ref = "
             "'%s'",
             cols, cols, ref);
    tempdb_exec_ok(t, sql);
    assert_int_equal(tempdb_int(t, "SELECT count(*) FROM incident"), 1002);
    assert_int_equal(glue_deadlines(t->s, &c, LANG_JA, &d), KZ_OK);
    json_t *items = json_object_get(d, "items");
    assert_int_equal(json_array_size(items), 3);
    assert_string_equal(str(json_array_get(items, 0), "ref"), oldest);
    json_decref(d);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, tempdb_setup, tempdb_teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_filed_with_reference),
        T(test_filed_at_defaults_to_now),
        T(test_not_applicable_needs_a_reason),
        T(test_bad_requests),
        T(test_who_may_record),
        T(test_regimes_follow_the_settings),
        T(test_deadlines_soonest_first_of_what_one_may_see),
        T(test_deadlines_of_a_reporter_are_their_own),
        T(test_failed_reads_free_everything),
        T(test_long_reason_is_written_whole),
        T(test_deadlines_beyond_a_thousand_incidents),
    };

    return cmocka_run_group_tests(tests, fixture_group_setup, NULL);
}
