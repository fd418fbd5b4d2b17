/* SPDX-License-Identifier: MIT */
/*
 * test_disclosure.c - speaking to people about a stored incident
 * (src/app/disclosure.c, SPEC C9, C10): readiness with filings, costs,
 * aftercare and fact owners; the disclosure log with the facts as
 * stated; drift of the current facts from the latest disclosure of each
 * kind, and the one chronology entry a change writes when it newly makes
 * a stated fact untrue; aftercare with confirmation of deletion and
 * return requests.
 */
#include "support/chron_text.h"
#include "support/test.h"

#include <stdio.h>
#include <string.h>

#include "app/disclosure.h"
#include "app/drift.h"
#include "app/duties.h"
#include "app/incident_ops.h"
#include "app/ledger.h"
#include "support/fixture.h"
#include "support/glue.h"
#include "support/tempdb.h"
#include "util/mem.h"
#include "util/utf8.h"

#define NOW FIXTURE_NOW
#define DRIFT_HEAD "公表・通知済みの事実が変わりました"
/* How the drift line is stored: a message key, shown per language. */
#define DRIFT_BODY "{\"msg\":\"chron.drift\""

/* The drift of 'inc' as the API renders it (OUT: *out, new reference;
 * NULL on an error). */
static enum kz_err drift_json(struct store *s, const struct incident *inc,
                              enum lang lang, json_t **out)
{
    struct drift_list l = {0};
    enum kz_err err = app_drift_of(s, inc, lang, &l);

    *out = err == KZ_OK ? drift_list_to_json(&l) : NULL;
    drift_list_cleanup(&l);
    return err;
}

static struct app_ctx as_at(const char *name, enum role role, kz_time now)
{
    struct app_ctx c = {{name, role}, "test", now, NULL};

    return c;
}

static struct app_ctx admin_at(kz_time now)
{
    return as_at("admin", ROLE_ADMIN, now);
}

/* The fixture's draft: 1,200 people, an APPI duty (OUT: ref). */
static void file(struct tempdb *t, char *ref)
{
    struct app_ctx c = admin_at(NOW);
    struct incident inc;
    struct kz_problems p;

    fixture_draft(&inc, NOW);
    strv_cleanup(&inc.members);
    kz_problems_clear(&p);
    if (app_incident_create(t->s, &c, &inc, &p) != KZ_OK) {
        problems_print(&p);
        fail_msg("cannot file the draft");
    }
    snprintf(ref, INCIDENT_REF_LEN, "%s", inc.ref);
    incident_cleanup(&inc);
}

/* PATCH 'ref' with 'body' (consumed) at 'now'. */
static void patch_at(struct tempdb *t, const char *ref, kz_time now,
                     json_t *body)
{
    struct app_ctx c = admin_at(now);
    struct incident out;
    struct kz_problems p;

    assert_non_null(body);
    incident_init(&out);
    kz_problems_clear(&p);
    if (app_incident_patch(t->s, &c, ref, body, -1, &out, &p) != KZ_OK) {
        problems_print(&p);
        fail_msg("patch failed");
    }
    incident_cleanup(&out);
    json_decref(body);
}

static enum kz_err disclose(struct tempdb *t, const struct app_ctx *ctx,
                            const char *ref, const char *json,
                            struct kz_problems *p)
{
    json_t *body = fixture_json(json);
    enum kz_err err;

    kz_problems_clear(p);
    err = app_disclosure_add(t->s, ctx, ref, body, p);
    json_decref(body);
    return err;
}

static void disclose_ok(struct tempdb *t, const char *ref, kz_time at,
                        const char *kind)
{
    struct app_ctx c = admin_at(at);
    struct kz_problems p;
    char json[128];

    snprintf(json, sizeof(json), "{\"kind\": \"%s\"}", kind);
    if (disclose(t, &c, ref, json, &p) != KZ_OK) {
        problems_print(&p);
        fail_msg("cannot record the %s", kind);
    }
}

static enum kz_err aftercare(struct tempdb *t, const struct app_ctx *ctx,
                             const char *ref, int64_t id, const char *json,
                             struct kz_problems *p)
{
    json_t *body = fixture_json(json);
    enum kz_err err;

    kz_problems_clear(p);
    err = app_aftercare_save(t->s, ctx, ref, id, -1, body, p);
    json_decref(body);
    return err;
}

static void load(struct tempdb *t, const char *ref, struct incident *inc)
{
    incident_init(inc);
    assert_int_equal(store_incident_get(t->s, ref, inc), KZ_OK);
}

static const char *str(json_t *o, const char *key)
{
    return json_string_value(json_object_get(o, key));
}

/* Readiness item 'kind' of app_readiness's JSON (borrowed). */
static json_t *kind_of(json_t *r, const char *kind)
{
    size_t i;
    json_t *o;

    json_array_foreach(json_object_get(r, "items"), i, o)
    {
        if (strcmp(str(o, "kind"), kind) == 0)
            return o;
    }
    fail_msg("no readiness for %s", kind);
    return NULL;
}

static json_t *fact_of(json_t *kind, const char *fact)
{
    size_t i;
    json_t *o;

    json_array_foreach(json_object_get(kind, "facts"), i, o)
    {
        if (strcmp(str(o, "fact"), fact) == 0)
            return o;
    }
    fail_msg("%s does not need %s", str(kind, "kind"), fact);
    return NULL;
}

static json_int_t num(json_t *o, const char *key)
{
    return json_integer_value(json_object_get(o, key));
}

/* --- readiness ---------------------------------------------------------- */

static void test_readiness_of_a_stored_incident(void **state)
{
    struct tempdb *t = *state;
    struct app_ctx c = admin_at(NOW);
    struct kz_problems p;
    char ref[INCIDENT_REF_LEN];
    json_t *r = NULL;

    file(t, ref);
    assert_int_equal(app_readiness(t->s, &c, ref, LANG_JA, &r), KZ_OK);
    assert_int_equal(json_array_size(json_object_get(r, "items")), 4);
    json_t *press = kind_of(r, "press_release");
    /* Unknown: the e-mail addresses' count, the money lost, and the
     * filings (three APPI duties apply, none filed). */
    assert_int_equal(num(press, "needed"), 15);
    assert_int_equal(num(press, "known"), 12);
    assert_int_equal(num(press, "percent"), 80);
    assert_false(json_is_true(
        json_object_get(fact_of(press, "record_counts"), "known")));
    assert_false(
        json_is_true(json_object_get(fact_of(press, "money_lost"), "known")));
    assert_false(
        json_is_true(json_object_get(fact_of(press, "filings"), "known")));
    assert_string_equal(str(press, "label"), "プレスリリース・公表");
    assert_string_equal(str(fact_of(press, "filings"), "label"),
                        "関係機関への届出");
    json_t *notice = kind_of(r, "customer_notice");
    assert_int_equal(num(notice, "percent"), 100);
    json_decref(r);

    /* Who finds the counts, and by when. */
    json_t *own = json_pack("{s:s, s:s}", "owner", "情報システム部 鈴木",
                            "due_at", "2026-11-24T17:00:00+09:00");
    kz_problems_clear(&p);
    assert_int_equal(app_fact_owner(t->s, &c, ref, "record_counts", own, &p),
                     KZ_OK);
    assert_int_equal(app_fact_owner(t->s, &c, ref, "weather", own, &p),
                     KZ_ENOTFOUND);
    json_decref(own);

    /* A cost, the duties filed (one judged not applicable), the count. */
    json_t *body = json_pack("{s:s, s:i}", "category", "investigation",
                             "amount_yen", 300000);
    assert_int_equal(glue_cost_add(t->s, &c, ref, body, &p), KZ_OK);
    json_decref(body);
    assert_int_equal(app_readiness(t->s, &c, ref, LANG_JA, &r), KZ_OK);
    press = kind_of(r, "press_release");
    assert_true(
        json_is_true(json_object_get(fact_of(press, "money_lost"), "known")));
    json_t *counts = fact_of(press, "record_counts");
    assert_string_equal(str(counts, "owner"), "情報システム部 鈴木");
    kz_time due = KZ_TIME_NONE;
    assert_int_equal(timefmt_parse(str(counts, "due_at"), &due), KZ_OK);
    assert_int_equal(due, fixture_time("2026-11-24T17:00:00+09:00"));
    assert_true(
        json_is_null(json_object_get(fact_of(press, "persons"), "owner")));
    assert_int_equal(num(press, "known"), 13);
    json_decref(r);

    const char *const keys[] = {"appi_preliminary", "appi_final",
                                "appi_individuals"};
    for (size_t i = 0; i < 3; i++) {
        json_t *f = i == 1 ? json_pack("{s:s, s:s}", "status", "not_applicable",
                                       "reason", "委託元が報告する")
                           : json_pack("{s:s}", "status", "filed");
        kz_problems_clear(&p);
        assert_int_equal(glue_obligation_record(t->s, &c, ref, keys[i], f, &p),
                         KZ_OK);
        json_decref(f);
        assert_int_equal(app_readiness(t->s, &c, ref, LANG_JA, &r), KZ_OK);
        /* Known only once every duty that applies has been dealt with. */
        assert_int_equal(
            json_is_true(json_object_get(
                fact_of(kind_of(r, "regulator_report"), "filings"), "known")),
            i == 2);
        json_decref(r);
    }
    patch_at(t, ref, NOW,
             json_pack("{s:[{s:s, s:i}, {s:s, s:i}, {s:s, s:i}]}", "info_types",
                       "type", "name", "count", 1200, "type", "email_address",
                       "count", 1200, "type", "phone_number", "count", 0));
    assert_int_equal(app_readiness(t->s, &c, ref, LANG_EN, &r), KZ_OK);
    size_t i;
    json_t *o;
    json_array_foreach(json_object_get(r, "items"), i, o)
    {
        if (num(o, "percent") != 100)
            fail_msg("%s is at %d%%", str(o, "kind"), (int)num(o, "percent"));
    }
    assert_string_equal(str(kind_of(r, "press_release"), "label"),
                        "Press release");
    json_decref(r);
}

/* --- the disclosure log ------------------------------------------------- */

static void test_disclosure_is_logged_with_the_facts_as_stated(void **state)
{
    struct tempdb *t = *state;
    struct app_ctx c = admin_at(NOW);
    struct app_ctx reporter = as_at("reporter1", ROLE_REPORTER, NOW);
    struct kz_problems p;
    char ref[INCIDENT_REF_LEN];
    json_t *d = NULL;

    file(t, ref);
    assert_int_equal(disclose(t, &c, ref, "{}", &p), KZ_EINVAL);
    assert_problem(&p, "kind", "v.required");
    assert_int_equal(disclose(t, &c, ref, "{\"kind\": \"tweet\"}", &p),
                     KZ_EINVAL);
    assert_problem(&p, "kind", "v.unknown_key");
    assert_int_equal(disclose(t, &c, ref,
                              "{\"kind\": \"press_release\", \"sent_at\": "
                              "\"2026-11-23T10:00:00+09:00\"}",
                              &p),
                     KZ_EINVAL);
    assert_problem(&p, "sent_at", "v.future");
    assert_int_equal(
        disclose(t, &reporter, ref, "{\"kind\": \"press_release\"}", &p),
        KZ_ENOTFOUND); /* not theirs: they cannot see it */
    assert_int_equal(tempdb_int(t, "SELECT count(*) FROM incident_item"), 0);

    assert_int_equal(disclose(t, &c, ref,
                              "{\"kind\": \"customer_notice\", \"audience\": "
                              "\"対象のお客様 1,200名\", \"sent_at\": "
                              "\"2026-11-22T09:00:00+09:00\", \"summary\": "
                              "\"お詫び状を郵送\"}",
                              &p),
                     KZ_OK);
    assert_int_equal(app_disclosures(t->s, &c, ref, LANG_JA, &d), KZ_OK);
    json_t *items = json_object_get(d, "items");
    assert_int_equal(json_array_size(items), 1);
    json_t *x = json_array_get(items, 0);
    assert_string_equal(str(x, "kind"), "customer_notice");
    assert_string_equal(str(x, "audience"), "対象のお客様 1,200名");
    assert_string_equal(str(x, "summary"), "お詫び状を郵送");
    json_t *facts = json_object_get(x, "facts");
    assert_string_equal(str(facts, "persons"), "1200");
    assert_string_equal(str(facts, "info_types"),
                        "email_address,name,phone_number");
    assert_string_equal(str(facts, "category"), "misdirected_email");
    assert_int_equal(json_array_size(json_object_get(d, "drift")), 0);
    json_decref(d);
    assert_int_equal(tempdb_int(t, "SELECT count(*) FROM audit WHERE action "
                                   "= 'disclosure.record'"),
                     1);
    char body[512];
    tempdb_text(t,
                "SELECT body FROM chronology WHERE kind = 'contact' ORDER BY "
                "seq DESC LIMIT 1",
                body, sizeof(body));
    chron_ja_inplace(body, sizeof(body));
    assert_non_null(strstr(body, "本人・顧客へのお知らせ"));
    assert_non_null(strstr(body, "対象のお客様 1,200名"));
}

/* --- drift -------------------------------------------------------------- */

/* Fail unless drift entry 'e' lists exactly the facts 'want'
 * (space-separated, in the order of the stated facts). */
static void assert_changes(json_t *e, const char *want)
{
    char got[256];
    size_t k = 0;
    size_t i;
    json_t *c;

    got[0] = '\0';
    json_array_foreach(json_object_get(e, "changes"), i, c)
    {
        k += (size_t)snprintf(got + k, sizeof(got) - k, "%s%s", i ? " " : "",
                              str(c, "fact"));
    }
    if (strcmp(got, want) != 0)
        fail_msg("%s drift\n  want %s\n  got  %s", str(e, "kind"), want, got);
}

static json_t *change_of(json_t *e, const char *fact)
{
    size_t i;
    json_t *c;

    json_array_foreach(json_object_get(e, "changes"), i, c)
    {
        if (strcmp(str(c, "fact"), fact) == 0)
            return c;
    }
    fail_msg("no change of %s", fact);
    return NULL;
}

static json_t *drift_of_kind(json_t *drift, const char *kind)
{
    size_t i;
    json_t *e;

    json_array_foreach(drift, i, e)
    {
        if (strcmp(str(e, "kind"), kind) == 0)
            return e;
    }
    return NULL;
}

static void test_drift_against_the_latest_disclosure_of_each_kind(void **state)
{
    struct tempdb *t = *state;
    char ref[INCIDENT_REF_LEN];
    struct incident inc;
    json_t *drift = NULL;

    file(t, ref);
    disclose_ok(t, ref, NOW, "customer_notice");
    disclose_ok(t, ref, NOW, "press_release");
    load(t, ref, &inc);
    assert_int_equal(drift_json(t->s, &inc, LANG_JA, &drift), KZ_OK);
    assert_int_equal(json_array_size(drift), 0);
    json_decref(drift);
    incident_cleanup(&inc);

    /* More people than stated; a second press release states them. */
    patch_at(t, ref, NOW + 3600, json_pack("{s:i}", "affected_persons", 1500));
    disclose_ok(t, ref, NOW + 7200, "press_release");
    /* Then a new information type and a different cause. */
    patch_at(t, ref, NOW + 10800,
             json_pack("{s:[{s:s, s:i}, {s:s, s:o}, {s:s, s:i}, {s:s, s:i}], "
                       "s:s}",
                       "info_types", "type", "name", "count", 1200, "type",
                       "email_address", "count", json_null(), "type",
                       "phone_number", "count", 0, "type", "address", "count",
                       1500, "direct_cause",
                       "送信前の宛先確認が行われなかった"));
    load(t, ref, &inc);
    assert_int_equal(drift_json(t->s, &inc, LANG_JA, &drift), KZ_OK);
    assert_int_equal(json_array_size(drift), 2);
    json_t *notice = drift_of_kind(drift, "customer_notice");
    json_t *press = drift_of_kind(drift, "press_release");
    assert_non_null(notice);
    assert_non_null(press);
    assert_changes(notice, "persons info_types record_counts direct_cause");
    /* Against the second press release, which stated 1,500 people. */
    assert_changes(press, "info_types record_counts direct_cause");
    kz_time sent = KZ_TIME_NONE;
    assert_int_equal(timefmt_parse(str(press, "sent_at"), &sent), KZ_OK);
    assert_int_equal(sent, NOW + 7200);
    assert_int_equal(
        json_integer_value(json_object_get(press, "disclosure_id")),
        tempdb_int(t, "SELECT max(id) FROM incident_item WHERE "
                      "kind = 'disclosure'"));
    json_t *persons = change_of(notice, "persons");
    assert_string_equal(str(persons, "stated"), "1200");
    assert_string_equal(str(persons, "now"), "1500");
    assert_string_equal(str(persons, "label"), "影響を受けた人数");
    json_t *types = change_of(press, "info_types");
    assert_string_equal(str(types, "stated"),
                        "email_address,name,phone_number");
    assert_string_equal(str(types, "now"),
                        "address,email_address,name,phone_number");
    assert_string_equal(str(change_of(press, "direct_cause"), "now"),
                        "送信前の宛先確認が行われなかった");
    json_decref(drift);

    /* The same drift through app_disclosures, in English. */
    struct app_ctx c = admin_at(NOW + 10800);
    json_t *d = NULL;
    assert_int_equal(app_disclosures(t->s, &c, ref, LANG_EN, &d), KZ_OK);
    assert_int_equal(json_array_size(json_object_get(d, "items")), 3);
    assert_int_equal(json_array_size(json_object_get(d, "drift")), 2);
    assert_string_equal(str(change_of(drift_of_kind(json_object_get(d, "drift"),
                                                    "customer_notice"),
                                      "persons"),
                            "label"),
                        "Persons affected");
    json_decref(d);

    /* A changed category is drift too. */
    incident_cleanup(&inc);
    patch_at(t, ref, NOW + 14400, json_pack("{s:s}", "category", "bec"));
    load(t, ref, &inc);
    assert_int_equal(drift_json(t->s, &inc, LANG_JA, &drift), KZ_OK);
    assert_changes(drift_of_kind(drift, "press_release"),
                   "info_types record_counts category direct_cause");
    json_decref(drift);
    incident_cleanup(&inc);
}

static int64_t drift_entries(struct tempdb *t)
{
    return tempdb_int(
        t, "SELECT count(*) FROM chronology WHERE kind = "
           "'note' AND actor = 'kizuki' AND body LIKE '" DRIFT_BODY "%'");
}

static void last_drift_entry(struct tempdb *t, char *body, size_t n)
{
    tempdb_text(t,
                "SELECT body FROM chronology WHERE kind = 'note' AND body "
                "LIKE '" DRIFT_BODY "%' ORDER BY seq DESC LIMIT 1",
                body, n);
    /* As a Japanese reader sees it. */
    const char *ja = chron_ja(body);
    if (ja != body)
        snprintf(body, n, "%s", ja);
}

static void test_drift_is_said_once_when_a_change_makes_it(void **state)
{
    struct tempdb *t = *state;
    char ref[INCIDENT_REF_LEN];
    char body[2048];
    char sent[TIMEFMT_LEN];

    file(t, ref);
    /* Without a disclosure nothing is stated, so nothing drifts. */
    patch_at(t, ref, NOW + 60, json_pack("{s:i}", "affected_persons", 1300));
    assert_int_equal(drift_entries(t), 0);
    patch_at(t, ref, NOW + 120, json_pack("{s:i}", "affected_persons", 1200));

    disclose_ok(t, ref, NOW + 600, "press_release");
    assert_int_equal(drift_entries(t), 0);
    /* The count rises: one entry naming the press release. */
    patch_at(t, ref, NOW + 3600, json_pack("{s:i}", "affected_persons", 1500));
    assert_int_equal(drift_entries(t), 1);
    last_drift_entry(t, body, sizeof(body));
    assert_non_null(strstr(body, "影響を受けた人数"));
    assert_non_null(strstr(body, "「1200」"));
    assert_non_null(strstr(body, "「1500」"));
    assert_non_null(strstr(body, "プレスリリース・公表"));
    timefmt_format(NOW + 600, sent);
    if (strstr(body, sent) == NULL)
        fail_msg("the entry does not name the disclosure of %s:\n%s", sent,
                 body);
    /* An unrelated change later says nothing again. */
    patch_at(t, ref, NOW + 7200,
             json_pack("{s:s}", "title", "顧客名簿の誤送信（続報）"));
    assert_int_equal(drift_entries(t), 1);
    patch_at(t, ref, NOW + 7300,
             json_pack("{s:s}", "initial_response", "誤送信先に再度連絡した"));
    assert_int_equal(drift_entries(t), 1);
    /* Back to what was stated: nothing untrue, nothing said. */
    patch_at(t, ref, NOW + 7400, json_pack("{s:i}", "affected_persons", 1200));
    assert_int_equal(drift_entries(t), 1);
    /* Untrue again: said again. */
    patch_at(t, ref, NOW + 7500, json_pack("{s:i}", "affected_persons", 1600));
    assert_int_equal(drift_entries(t), 2);
    /* Another stated fact changes: the entry names that one only, not
     * the count said before. */
    patch_at(t, ref, NOW + 7600,
             json_pack("{s:[s, s]}", "impacts", "complaints", "spam"));
    assert_int_equal(drift_entries(t), 3);
    last_drift_entry(t, body, sizeof(body));
    assert_non_null(strstr(body, "影響・被害"));
    assert_non_null(strstr(body, "「complaints」"));
    assert_non_null(strstr(body, "「complaints,spam」"));
    assert_null(strstr(body, "影響を受けた人数"));
}

static void test_one_entry_names_every_disclosure_made_untrue(void **state)
{
    struct tempdb *t = *state;
    char ref[INCIDENT_REF_LEN];
    char body[2048];

    file(t, ref);
    disclose_ok(t, ref, NOW + 60, "press_release");
    disclose_ok(t, ref, NOW + 120, "regulator_report");
    patch_at(t, ref, NOW + 3600,
             json_pack("{s:i, s:s}", "affected_persons", 2000, "direct_cause",
                       "誤った宛先の自動補完"));
    assert_int_equal(drift_entries(t), 1);
    last_drift_entry(t, body, sizeof(body));
    assert_non_null(strstr(body, "プレスリリース・公表"));
    assert_non_null(strstr(body, "監督官庁への報告"));
    assert_non_null(strstr(body, "「2000」"));
    assert_non_null(strstr(body, "誤った宛先の自動補完"));
    /* A newer regulator report states the new facts; another change of
     * the count makes it untrue, and is said in one more entry. */
    disclose_ok(t, ref, NOW + 7200, "regulator_report");
    patch_at(t, ref, NOW + 7300, json_pack("{s:i}", "affected_persons", 2100));
    assert_int_equal(drift_entries(t), 2);
    last_drift_entry(t, body, sizeof(body));
    assert_non_null(strstr(body, "監督官庁への報告"));
}

/* --- aftercare ---------------------------------------------------------- */

static void test_aftercare_and_unconfirmed_requests(void **state)
{
    struct tempdb *t = *state;
    struct app_ctx c = admin_at(NOW);
    struct app_ctx reporter = as_at("reporter1", ROLE_REPORTER, NOW);
    struct kz_problems p;
    char ref[INCIDENT_REF_LEN];
    char body[512];
    json_t *a = NULL;

    file(t, ref);
    /* Validation. */
    assert_int_equal(aftercare(t, &c, ref, 0, "{\"party\": \"A社\"}", &p),
                     KZ_EINVAL);
    assert_problem(&p, "kind", "v.required");
    assert_int_equal(
        aftercare(t, &c, ref, 0, "{\"kind\": \"fax\", \"party\": \"A社\"}", &p),
        KZ_EINVAL);
    assert_problem(&p, "kind", "v.unknown_key");
    assert_int_equal(aftercare(t, &c, ref, 0, "{\"kind\": \"call\"}", &p),
                     KZ_EINVAL);
    assert_problem(&p, "party", "v.required");
    assert_int_equal(aftercare(t, &c, ref, 0,
                               "{\"kind\": \"call\", \"party\": \"A社\", "
                               "\"count\": 0}",
                               &p),
                     KZ_EINVAL);
    assert_problem(&p, "count", "v.count");
    assert_int_equal(aftercare(t, &c, ref, 0,
                               "{\"kind\": \"deletion_request\", \"party\": "
                               "\"A社\", \"sent_at\": "
                               "\"2026-11-22T09:00:00+09:00\", "
                               "\"confirmed_at\": "
                               "\"2026-11-22T08:00:00+09:00\"}",
                               &p),
                     KZ_EINVAL);
    assert_problem(&p, "confirmed_at", "v.confirmed_before_sent");
    assert_int_equal(aftercare(t, &c, ref, 0,
                               "{\"kind\": \"letter\", \"party\": \"A社\", "
                               "\"sent_at\": \"2026-11-23T09:00:00+09:00\"}",
                               &p),
                     KZ_EINVAL);
    assert_problem(&p, "sent_at", "v.future");
    assert_int_equal(aftercare(t, &reporter, ref, 0,
                               "{\"kind\": \"call\", \"party\": \"A社\"}", &p),
                     KZ_ENOTFOUND);
    assert_int_equal(tempdb_int(t, "SELECT count(*) FROM incident_item"), 0);

    /* Requests to the wrong recipients, and calls. */
    assert_int_equal(aftercare(t, &c, ref, 0,
                               "{\"kind\": \"deletion_request\", \"party\": "
                               "\"誤送信先 A社\", \"count\": 3, \"sent_at\": "
                               "\"2026-11-22T09:00:00+09:00\"}",
                               &p),
                     KZ_OK);
    int64_t deletion = tempdb_int(t, "SELECT max(id) FROM incident_item");
    assert_int_equal(aftercare(t, &c, ref, 0,
                               "{\"kind\": \"return_request\", \"party\": "
                               "\"誤送付先 B社\", \"count\": 2}",
                               &p),
                     KZ_OK);
    int64_t ret = tempdb_int(t, "SELECT max(id) FROM incident_item");
    assert_int_equal(
        aftercare(t, &c, ref, 0,
                  "{\"kind\": \"call\", \"party\": \"対象のお客様\","
                  " \"count\": 40}",
                  &p),
        KZ_OK);
    assert_int_equal(app_aftercare(t->s, &c, ref, &a), KZ_OK);
    assert_int_equal(json_array_size(json_object_get(a, "items")), 3);
    assert_int_equal(num(a, "total"), 45);
    assert_int_equal(num(a, "requests"), 5);
    assert_int_equal(num(a, "unconfirmed"), 5);
    json_decref(a);

    /* The deletion is confirmed. */
    assert_int_equal(aftercare(t, &c, ref, deletion,
                               "{\"confirmed_at\": "
                               "\"2026-11-22T09:45:00+09:00\"}",
                               &p),
                     KZ_OK);
    assert_int_equal(app_aftercare(t->s, &c, ref, &a), KZ_OK);
    assert_int_equal(num(a, "requests"), 5);
    assert_int_equal(num(a, "unconfirmed"), 2);
    json_t *first = json_array_get(json_object_get(a, "items"), 0);
    assert_string_equal(str(first, "kind"), "deletion_request");
    assert_string_equal(str(first, "party"), "誤送信先 A社");
    assert_int_equal(num(first, "count"), 3);
    assert_int_equal(num(first, "version"), 2);
    assert_false(json_is_null(json_object_get(first, "sent_at")));
    json_decref(a);
    tempdb_text(t,
                "SELECT body FROM chronology WHERE kind = 'contact' ORDER BY "
                "seq DESC LIMIT 1",
                body, sizeof(body));
    chron_ja_inplace(body, sizeof(body));
    assert_non_null(strstr(body, "の完了を確認"));
    assert_non_null(strstr(body, "誤送信先 A社"));
    /* A screen that read version 1 cannot overwrite version 2. */
    json_t *stale = json_pack("{s:s}", "note", "古い画面から");
    kz_problems_clear(&p);
    assert_int_equal(app_aftercare_save(t->s, &c, ref, deletion, 1, stale, &p),
                     KZ_ECONFLICT);
    assert_int_equal(tempdb_int(t, "SELECT count(*) FROM incident_item "
                                   "WHERE doc LIKE '%古い画面%'"),
                     0);
    json_decref(stale);
    /* The confirmation may not precede the request. */
    assert_int_equal(aftercare(t, &c, ref, ret,
                               "{\"sent_at\": \"2026-11-22T09:00:00+09:00\", "
                               "\"confirmed_at\": "
                               "\"2026-11-21T09:00:00+09:00\"}",
                               &p),
                     KZ_EINVAL);
    assert_problem(&p, "confirmed_at", "v.confirmed_before_sent");
    assert_int_equal(aftercare(t, &c, ref, ret,
                               "{\"confirmed_at\": "
                               "\"2026-11-22T09:50:00+09:00\"}",
                               &p),
                     KZ_OK);
    assert_int_equal(app_aftercare(t->s, &c, ref, &a), KZ_OK);
    assert_int_equal(num(a, "unconfirmed"), 0);
    json_decref(a);
    assert_int_equal(tempdb_int(t, "SELECT count(*) FROM audit WHERE action "
                                   "= 'aftercare.record'"),
                     5);
}

static void test_aftercare_items_belong_to_their_incident(void **state)
{
    struct tempdb *t = *state;
    struct app_ctx c = admin_at(NOW);
    struct kz_problems p;
    char one[INCIDENT_REF_LEN];
    char two[INCIDENT_REF_LEN];

    file(t, one);
    file(t, two);
    assert_int_equal(aftercare(t, &c, one, 0,
                               "{\"kind\": \"deletion_request\", \"party\": "
                               "\"A社\"}",
                               &p),
                     KZ_OK);
    int64_t id = tempdb_int(t, "SELECT max(id) FROM incident_item");
    /* Not through another incident. */
    assert_int_equal(aftercare(t, &c, two, id,
                               "{\"confirmed_at\": "
                               "\"2026-11-22T09:45:00+09:00\"}",
                               &p),
                     KZ_ENOTFOUND);
    /* Nor a cost entry as if it were aftercare. */
    json_t *body =
        json_pack("{s:s, s:i}", "category", "legal", "amount_yen", 100);
    kz_problems_clear(&p);
    assert_int_equal(glue_cost_add(t->s, &c, one, body, &p), KZ_OK);
    json_decref(body);
    int64_t cost = tempdb_int(t, "SELECT max(id) FROM incident_item");
    assert_int_equal(aftercare(t, &c, one, cost,
                               "{\"kind\": \"call\", \"party\": \"A社\"}", &p),
                     KZ_ENOTFOUND);
    assert_int_equal(aftercare(t, &c, one, 99999,
                               "{\"kind\": \"call\", \"party\": \"A社\"}", &p),
                     KZ_ENOTFOUND);
    /* Default count: one. */
    json_t *a = NULL;
    assert_int_equal(app_aftercare(t->s, &c, one, &a), KZ_OK);
    assert_int_equal(num(a, "unconfirmed"), 1);
    json_decref(a);
}

/* A store failing at any one call fails a use case with KZ_ESTORE (or
 * is absorbed), writes nothing half, and leaves nothing allocated (ASan's
 * leak check judges that). */
static void test_failed_store_calls_free_everything(void **state)
{
    struct tempdb *t = *state;
    struct app_ctx c = admin_at(NOW);
    struct kz_problems p;
    char ref[INCIDENT_REF_LEN];
    struct incident inc;
    int failed = 0;

    file(t, ref);
    disclose_ok(t, ref, NOW, "press_release");
    assert_int_equal(aftercare(t, &c, ref, 0,
                               "{\"kind\": \"deletion_request\", "
                               "\"party\": \"A社\"}",
                               &p),
                     KZ_OK);
    int64_t id = tempdb_int(t, "SELECT max(id) FROM incident_item");
    patch_at(t, ref, NOW, json_pack("{s:i}", "affected_persons", 1500));
    load(t, ref, &inc);
    for (long n = 1; n <= 40; n++) {
        json_t *out[4] = {NULL, NULL, NULL, NULL};
        enum kz_err err[4];
        store_fault_after(t->s, n);
        err[0] = app_readiness(t->s, &c, ref, LANG_JA, &out[0]);
        store_fault_after(t->s, n);
        err[1] = app_disclosures(t->s, &c, ref, LANG_JA, &out[1]);
        store_fault_after(t->s, n);
        err[2] = app_aftercare(t->s, &c, ref, &out[2]);
        store_fault_after(t->s, n);
        err[3] = drift_json(t->s, &inc, LANG_JA, &out[3]);
        store_fault_after(t->s, 0);
        for (int k = 0; k < 4; k++) {
            if (err[k] != KZ_OK) {
                assert_int_equal(err[k], KZ_ESTORE);
                failed++;
            }
            json_decref(out[k]);
        }
        /* Writes: all or nothing. */
        int64_t items = tempdb_int(t, "SELECT count(*) FROM incident_item");
        int64_t entries = tempdb_int(t, "SELECT count(*) FROM chronology");
        json_t *body = json_pack("{s:s}", "kind", "partner_report");
        kz_problems_clear(&p);
        store_fault_after(t->s, n);
        enum kz_err w = app_disclosure_add(t->s, &c, ref, body, &p);
        store_fault_after(t->s, 0);
        json_decref(body);
        assert_int_equal(store_depth(t->s), 0);
        assert_int_equal(tempdb_int(t, "SELECT count(*) FROM incident_item"),
                         items + (w == KZ_OK));
        assert_int_equal(tempdb_int(t, "SELECT count(*) FROM chronology"),
                         entries + (w == KZ_OK));
        store_fault_after(t->s, n);
        w = aftercare(t, &c, ref, id, "{\"note\": \"再送\"}", &p);
        store_fault_after(t->s, 0);
        assert_true(w == KZ_OK || w == KZ_ESTORE);
        assert_int_equal(store_depth(t->s), 0);
    }
    assert_true(failed >= 4);
    incident_cleanup(&inc);
}

/* Names of 200 characters (the longest a name may be), here 𠮷 of four
 * bytes each, are written whole into the chronology, never cut inside a
 * character. */
static void test_long_names_are_written_whole(void **state)
{
    struct tempdb *t = *state;
    struct app_ctx c = admin_at(NOW);
    struct kz_problems p;
    char ref[INCIDENT_REF_LEN];
    char name[900];
    char json[1100];
    char body[4096];
    size_t k = 0;

    file(t, ref);
    for (int i = 0; i < 200; i++)
        k += (size_t)snprintf(name + k, sizeof(name) - k, "%s", "𠮷");
    /* Who finds a fact. */
    json_t *own = json_pack("{s:s}", "owner", name);
    kz_problems_clear(&p);
    assert_int_equal(app_fact_owner(t->s, &c, ref, "persons", own, &p), KZ_OK);
    json_decref(own);
    tempdb_text(t, "SELECT body FROM chronology ORDER BY seq DESC LIMIT 1",
                body, sizeof(body));
    chron_ja_inplace(body, sizeof(body));
    assert_true(utf8_is_valid(body, strlen(body)));
    assert_non_null(strstr(body, name));
    /* To whom a disclosure went. */
    snprintf(json, sizeof(json),
             "{\"kind\": \"customer_notice\", \"audience\": \"%s\"}", name);
    assert_int_equal(disclose(t, &c, ref, json, &p), KZ_OK);
    tempdb_text(t, "SELECT body FROM chronology ORDER BY seq DESC LIMIT 1",
                body, sizeof(body));
    chron_ja_inplace(body, sizeof(body));
    assert_true(utf8_is_valid(body, strlen(body)));
    assert_non_null(strstr(body, name));
    /* Whom aftercare reached. */
    snprintf(json, sizeof(json), "{\"kind\": \"call\", \"party\": \"%s\"}",
             name);
    assert_int_equal(aftercare(t, &c, ref, 0, json, &p), KZ_OK);
    tempdb_text(t, "SELECT body FROM chronology ORDER BY seq DESC LIMIT 1",
                body, sizeof(body));
    chron_ja_inplace(body, sizeof(body));
    assert_true(utf8_is_valid(body, strlen(body)));
    assert_non_null(strstr(body, name));
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, tempdb_setup, tempdb_teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_readiness_of_a_stored_incident),
        T(test_disclosure_is_logged_with_the_facts_as_stated),
        T(test_drift_against_the_latest_disclosure_of_each_kind),
        T(test_drift_is_said_once_when_a_change_makes_it),
        T(test_one_entry_names_every_disclosure_made_untrue),
        T(test_aftercare_and_unconfirmed_requests),
        T(test_aftercare_items_belong_to_their_incident),
        T(test_failed_store_calls_free_everything),
        T(test_long_names_are_written_whole),
    };

    return cmocka_run_group_tests(tests, fixture_group_setup, NULL);
}
