/* SPDX-License-Identifier: MIT */
/*
 * test_ledger.c - what an incident costs (src/app/ledger.c, SPEC C7):
 * the JNSA estimate of a stored incident with its inputs and the
 * organisation's social responsibility setting, and the cost ledger
 * (validation, access, chronology, audit and totals per category).
 */
#include "support/chron_text.h"
#include "support/test.h"

#include <stdio.h>
#include <string.h>

#include "app/incident_ops.h"
#include "app/ledger.h"
#include "app/settings.h"
#include "support/fixture.h"
#include "support/glue.h"
#include "support/tempdb.h"
#include "support/settings_patch.h"
#include "util/mem.h"

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

/* The fixture's draft: 1,200 people's names, e-mail addresses and phone
 * numbers (OUT: ref). */
static void file(struct tempdb *t, const struct app_ctx *ctx, char *ref)
{
    struct incident inc;
    struct kz_problems p;

    fixture_draft(&inc, NOW);
    strv_cleanup(&inc.members);
    kz_problems_clear(&p);
    if (app_incident_create(t->s, ctx, &inc, &p) != KZ_OK) {
        problems_print(&p);
        fail_msg("cannot file the draft");
    }
    snprintf(ref, INCIDENT_REF_LEN, "%s", inc.ref);
    incident_cleanup(&inc);
}

static enum kz_err cost(struct tempdb *t, const struct app_ctx *ctx,
                        const char *ref, const char *json,
                        struct kz_problems *p)
{
    json_t *body = fixture_json(json);
    enum kz_err err;

    kz_problems_clear(p);
    err = glue_cost_add(t->s, ctx, ref, body, p);
    json_decref(body);
    return err;
}

static json_int_t num(json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);

    if (!json_is_integer(v))
        fail_msg("%s is not an integer", key);
    return json_integer_value(v);
}

static void patch(struct tempdb *t, const char *ref, json_t *body)
{
    struct app_ctx c = admin();
    struct incident out;
    struct kz_problems p;

    incident_init(&out);
    kz_problems_clear(&p);
    if (app_incident_patch(t->s, &c, ref, body, -1, &out, &p) != KZ_OK) {
        problems_print(&p);
        fail_msg("patch failed");
    }
    incident_cleanup(&out);
    json_decref(body);
}

static void test_damage_of_a_stored_incident(void **state)
{
    struct tempdb *t = *state;
    struct app_ctx c = admin();
    struct kz_problems p;
    char ref[INCIDENT_REF_LEN];
    json_t *d = NULL;

    file(t, &c, ref);
    assert_int_equal(glue_damage(t->s, &c, ref, LANG_JA, &d), KZ_OK);
    /* Name without address: I = 3; (1,1): S = 2; 500 × 2 × 3. */
    assert_true(json_is_true(json_object_get(d, "applies")));
    assert_int_equal(num(d, "per_person_yen"), 3000);
    assert_int_equal(num(d, "persons"), 1200);
    assert_int_equal(num(d, "total_yen"), 3600000);
    json_t *in = json_object_get(d, "inputs");
    assert_int_equal(num(in, "x"), 1);
    assert_int_equal(num(in, "y"), 1);
    assert_string_equal(json_string_value(json_object_get(in, "x_type")),
                        "name");
    assert_string_equal(json_string_value(json_object_get(in, "x_label")),
                        "氏名");
    assert_int_equal(num(in, "sensitivity"), 2);
    assert_int_equal(num(in, "identifiability"), 3);
    assert_int_equal(num(in, "social_responsibility"), 1);
    assert_int_equal(num(in, "response_evaluation"), 1);
    assert_int_equal(json_array_size(json_object_get(d, "costs")), 0);
    assert_int_equal(num(d, "cost_total_yen"), 0);
    json_decref(d);

    /* The organisation is rated 一般より高い: R = 2 for every incident
     * that does not say otherwise. */
    json_t *set = json_pack("{s:i}", "social_responsibility", 2);
    kz_problems_clear(&p);
    assert_int_equal(test_settings_patch(t->s, &c, set, &p), KZ_OK);
    json_decref(set);
    assert_int_equal(glue_damage(t->s, &c, ref, LANG_EN, &d), KZ_OK);
    assert_int_equal(num(d, "per_person_yen"), 6000);
    assert_int_equal(num(d, "total_yen"), 7200000);
    json_decref(d);

    /* The record's own R and A; the address makes I = 6. */
    patch(t, ref,
          json_pack("{s:i, s:i, s:[{s:s, s:i}, {s:s, s:i}]}",
                    "social_responsibility", 1, "response_evaluation", 2,
                    "info_types", "type", "name", "count", 1200, "type",
                    "address", "count", 1200));
    assert_int_equal(glue_damage(t->s, &c, ref, LANG_JA, &d), KZ_OK);
    assert_int_equal(num(d, "per_person_yen"), 12000);
    assert_int_equal(num(json_object_get(d, "inputs"), "identifiability"), 6);
    assert_int_equal(num(json_object_get(d, "inputs"), "response_evaluation"),
                     2);
    json_decref(d);
}

static void test_cost_validation(void **state)
{
    struct tempdb *t = *state;
    struct app_ctx c = admin();
    struct kz_problems p;
    char ref[INCIDENT_REF_LEN];

    file(t, &c, ref);
    assert_int_equal(cost(t, &c, ref, "{\"amount_yen\": 1000}", &p), KZ_EINVAL);
    assert_problem(&p, "category", "v.required");
    assert_problem_count(&p, 1);
    assert_int_equal(
        cost(t, &c, ref, "{\"category\": \"pizza\", \"amount_yen\": 1000}", &p),
        KZ_EINVAL);
    assert_problem(&p, "category", "v.unknown_key");
    assert_problem_count(&p, 1);
    static const char *const bad_amounts[] = {
        "-1", "\"1000\"", "1000.5", "null", "1000000000001", "true",
    };
    for (size_t i = 0; i < sizeof(bad_amounts) / sizeof(bad_amounts[0]); i++) {
        char json[128];
        snprintf(json, sizeof(json),
                 "{\"category\": \"legal\", \"amount_yen\": %s}",
                 bad_amounts[i]);
        if (cost(t, &c, ref, json, &p) != KZ_EINVAL)
            fail_msg("amount %s accepted", bad_amounts[i]);
        assert_problem(&p, "amount_yen", "v.amount");
    }
    assert_int_equal(cost(t, &c, ref, "{\"category\": \"legal\"}", &p),
                     KZ_EINVAL);
    assert_problem(&p, "amount_yen", "v.amount");
    assert_int_equal(cost(t, &c, ref,
                          "{\"category\": \"legal\", \"amount_yen\": 1, "
                          "\"vat\": 0}",
                          &p),
                     KZ_EINVAL);
    assert_problem(&p, "vat", "v.unknown_field");
    assert_int_equal(cost(t, &c, ref,
                          "{\"category\": \"legal\", \"amount_yen\": 1, "
                          "\"spent_on\": \"yesterday\"}",
                          &p),
                     KZ_EINVAL);
    assert_int_equal(tempdb_int(t, "SELECT count(*) FROM incident_item"), 0);
    /* Zero is a cost (a free service), and so is the upper bound. */
    assert_int_equal(
        cost(t, &c, ref, "{\"category\": \"legal\", \"amount_yen\": 0}", &p),
        KZ_OK);
    assert_int_equal(cost(t, &c, ref,
                          "{\"category\": \"legal\", \"amount_yen\": "
                          "1000000000000}",
                          &p),
                     KZ_OK);
    assert_int_equal(tempdb_int(t, "SELECT count(*) FROM incident_item"), 2);
}

static void test_costs_add_up_per_category(void **state)
{
    struct tempdb *t = *state;
    struct app_ctx c = admin();
    struct app_ctx pr = as("pr1", ROLE_COMMUNICATOR);
    struct kz_problems p;
    char ref[INCIDENT_REF_LEN];
    char body[512];
    json_t *d = NULL;

    file(t, &c, ref);
    assert_int_equal(cost(t, &c, ref,
                          "{\"category\": \"investigation\", \"amount_yen\": "
                          "500000, \"note\": \"フォレンジック一次\"}",
                          &p),
                     KZ_OK);
    assert_int_equal(cost(t, &c, ref,
                          "{\"category\": \"investigation\", \"amount_yen\": "
                          "250000, \"spent_on\": \"2026-11-21\"}",
                          &p),
                     KZ_OK);
    assert_int_equal(cost(t, &pr, ref,
                          "{\"category\": \"notification\", \"amount_yen\": "
                          "120000}",
                          &p),
                     KZ_OK);
    assert_int_equal(cost(t, &c, ref,
                          "{\"category\": \"compensation\", \"amount_yen\": 0}",
                          &p),
                     KZ_OK);
    assert_int_equal(glue_damage(t->s, &c, ref, LANG_JA, &d), KZ_OK);
    json_t *costs = json_object_get(d, "costs");
    assert_int_equal(json_array_size(costs), 4);
    json_t *first = json_array_get(costs, 0);
    assert_string_equal(json_string_value(json_object_get(first, "note")),
                        "フォレンジック一次");
    assert_string_equal(json_string_value(json_object_get(first, "created_by")),
                        "admin");
    assert_string_equal(json_string_value(json_object_get(
                            json_array_get(costs, 2), "created_by")),
                        "pr1");
    json_t *totals = json_object_get(d, "cost_totals");
    assert_int_equal(json_object_size(totals), 3);
    assert_int_equal(num(totals, "investigation"), 750000);
    assert_int_equal(num(totals, "notification"), 120000);
    assert_int_equal(num(totals, "compensation"), 0);
    assert_int_equal(num(d, "cost_total_yen"), 870000);
    json_decref(d);
    /* Each is an action in the chronology and audited. */
    assert_int_equal(tempdb_int(t, "SELECT count(*) FROM audit WHERE action "
                                   "= 'cost.record'"),
                     4);
    tempdb_text(t,
                "SELECT body FROM chronology WHERE kind = 'action' ORDER BY "
                "seq DESC LIMIT 1",
                body, sizeof(body));
    chron_ja_inplace(body, sizeof(body));
    assert_non_null(strstr(body, "0円"));
    tempdb_text(t,
                "SELECT body FROM chronology WHERE kind = 'action' AND body "
                "LIKE '%120000%'",
                body, sizeof(body));
    chron_ja_inplace(body, sizeof(body));
    assert_non_null(strstr(body, "通知・コールセンター・広告"));
}

static void test_who_may_add_costs(void **state)
{
    struct tempdb *t = *state;
    struct app_ctx reporter = as("reporter1", ROLE_REPORTER);
    struct app_ctx auditor = as("audit1", ROLE_AUDITOR);
    struct app_ctx handler = as("handler1", ROLE_HANDLER);
    struct kz_problems p;
    char ref[INCIDENT_REF_LEN];
    json_t *d = NULL;
    const char *one = "{\"category\": \"overtime\", \"amount_yen\": 1}";

    file(t, &reporter, ref);
    assert_int_equal(cost(t, &reporter, ref, one, &p), KZ_EFORBID);
    assert_int_equal(cost(t, &auditor, ref, one, &p), KZ_EFORBID);
    assert_int_equal(cost(t, &handler, ref, one, &p), KZ_OK);
    assert_int_equal(cost(t, &handler, "INC-2026-9999", one, &p), KZ_ENOTFOUND);
    /* The auditor reads it. */
    assert_int_equal(glue_damage(t->s, &auditor, ref, LANG_JA, &d), KZ_OK);
    json_decref(d);
    patch(t, ref, json_pack("{s:b}", "restricted", 1));
    assert_int_equal(cost(t, &handler, ref, one, &p), KZ_ENOTFOUND);
    assert_int_equal(glue_damage(t->s, &handler, ref, LANG_JA, &d),
                     KZ_ENOTFOUND);
    assert_null(d);
}

/* A store failing at any one call fails with KZ_ESTORE (or is absorbed),
 * writes nothing half and leaves nothing allocated. */
static void test_failed_store_calls_free_everything(void **state)
{
    struct tempdb *t = *state;
    struct app_ctx c = admin();
    struct kz_problems p;
    char ref[INCIDENT_REF_LEN];
    int failed = 0;

    file(t, &c, ref);
    assert_int_equal(
        cost(t, &c, ref, "{\"category\": \"legal\", \"amount_yen\": 1}", &p),
        KZ_OK);
    for (long n = 1; n <= 40; n++) {
        json_t *d = NULL;
        store_fault_after(t->s, n);
        enum kz_err err = glue_damage(t->s, &c, ref, LANG_JA, &d);
        store_fault_after(t->s, 0);
        if (err != KZ_OK) {
            assert_int_equal(err, KZ_ESTORE);
            assert_null(d);
            failed++;
        }
        json_decref(d);
        int64_t items = tempdb_int(t, "SELECT count(*) FROM incident_item");
        int64_t audit = tempdb_int(t, "SELECT count(*) FROM audit");
        store_fault_after(t->s, n);
        err = cost(t, &c, ref, "{\"category\": \"legal\", \"amount_yen\": 2}",
                   &p);
        store_fault_after(t->s, 0);
        assert_true(err == KZ_OK || err == KZ_ESTORE);
        assert_int_equal(store_depth(t->s), 0);
        assert_int_equal(tempdb_int(t, "SELECT count(*) FROM incident_item"),
                         items + (err == KZ_OK));
        assert_int_equal(tempdb_int(t, "SELECT count(*) FROM audit"),
                         audit + (err == KZ_OK));
    }
    assert_true(failed >= 2);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, tempdb_setup, tempdb_teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_damage_of_a_stored_incident),        T(test_cost_validation),
        T(test_costs_add_up_per_category),          T(test_who_may_add_costs),
        T(test_failed_store_calls_free_everything),
    };

    return cmocka_run_group_tests(tests, fixture_group_setup, NULL);
}
