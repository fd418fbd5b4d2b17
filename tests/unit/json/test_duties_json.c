/* SPDX-License-Identifier: MIT */
/*
 * test_duties_json.c - the reporting duties' codecs
 * (src/json/duties_json.c): a filing's stored document reads back as it
 * was written, a request body with wrong types is named member by member,
 * and a duty renders its members in the order clients have seen.
 */
#include "support/test.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "json/duties_json.h"
#include "support/fixture.h"
#include "util/mem.h"

static void test_filing_document_round_trip(void **state)
{
    struct filing f;
    struct filing back;

    (void)state;
    filing_init(&f);
    f.status = xstrdup("filed");
    f.reference = xstrdup("PPC-2026-001");
    assert_int_equal(timefmt_parse("2026-12-02T10:00:00+09:00", &f.filed_at),
                     KZ_OK);
    char *text = filing_doc_dump(&f);
    assert_string_equal(text, "{\"filed_at\":\"2026-12-02T01:00:00+00:00\","
                              "\"reason\":null,\"reference\":\"PPC-2026-001\","
                              "\"status\":\"filed\"}");
    filing_init(&back);
    assert_int_equal(filing_doc_load(text, &back), KZ_OK);
    assert_string_equal(back.status, "filed");
    assert_string_equal(back.reference, "PPC-2026-001");
    assert_null(back.reason);
    assert_int_equal(back.filed_at, f.filed_at);
    xfree(text);
    filing_cleanup(&back);

    /* Judged not to apply: no filing time is stored. */
    xstrset(&f.status, "not_applicable");
    xstrset(&f.reference, NULL);
    f.reason = xstrdup("暗号化済み");
    text = filing_doc_dump(&f);
    assert_string_equal(text, "{\"reason\":\"暗号化済み\",\"reference\":null,"
                              "\"status\":\"not_applicable\"}");
    assert_int_equal(filing_doc_load(text, &back), KZ_OK);
    assert_int_equal(back.filed_at, KZ_TIME_NONE);
    struct obligation_filing of;
    back.key = xstrdup("appi_final");
    assert_true(filing_as_obligation(&back, &of));
    assert_true(of.not_applicable);
    assert_string_equal(of.key, "appi_final");
    xfree(text);
    filing_cleanup(&back);
    filing_cleanup(&f);

    /* Pending marks nothing; a document that is no object does not read. */
    assert_int_equal(filing_doc_load("{\"status\":\"pending\"}", &back), KZ_OK);
    assert_false(filing_as_obligation(&back, &of));
    filing_cleanup(&back);
    assert_int_equal(filing_doc_load("\"filed\"", &back), KZ_EMALFORMED);
    assert_int_equal(filing_doc_load(NULL, &back), KZ_EMALFORMED);
    filing_cleanup(&back);
}

static void test_filing_request(void **state)
{
    struct kz_problems p;
    struct filing f;

    (void)state;
    json_t *bad = fixture_json("{\"status\":1,\"filed_at\":\"today\","
                               "\"reference\":7,\"reason\":{},\"by\":\"x\"}");
    kz_problems_clear(&p);
    filing_init(&f);
    assert_int_equal(filing_from_json(bad, &f, &p), KZ_EINVAL);
    assert_problem(&p, "by", "v.unknown_field");
    assert_problem(&p, "filed_at", "v.time");
    assert_problem(&p, "reference", "v.type_string");
    assert_problem(&p, "reason", "v.type_string");
    assert_problem_count(&p, 4);
    assert_null(f.status); /* the use case names it */
    filing_cleanup(&f);
    json_decref(bad);

    json_t *ok = fixture_json("{\"status\":\"filed\",\"filed_at\":null}");
    kz_problems_clear(&p);
    assert_int_equal(filing_from_json(ok, &f, &p), KZ_OK);
    assert_string_equal(f.status, "filed");
    assert_int_equal(f.filed_at, KZ_TIME_NONE);
    filing_cleanup(&f);
    json_decref(ok);
}

static void test_duty_rendering(void **state)
{
    struct obligation o;
    struct open_duty_list l;
    struct open_duty row;

    (void)state;
    memset(&o, 0, sizeof(o));
    o.key = "appi_preliminary";
    o.regime = "appi";
    o.stage = "preliminary";
    o.applies = true;
    o.clock_start = 0;
    o.aware_at = KZ_TIME_NONE;
    o.trigger_met_at = KZ_TIME_NONE;
    o.due_at = 3600;
    o.latest_at = KZ_TIME_NONE;
    o.state = OB_PENDING;
    json_t *j = obligation_to_json(&o, LANG_EN);
    const char *order[] = {
        "key",       "label",     "regime",      "stage",    "applies",
        "undecided", "reasons",   "clock_start", "aware_at", "trigger_met_at",
        "due_at",    "latest_at", "state",       "status",   "filed_at",
        "reference", "note"};
    size_t k = 0;
    const char *name;
    json_t *v;
    json_object_foreach(j, name, v)
    {
        assert_true(k < sizeof(order) / sizeof(order[0]));
        assert_string_equal(name, order[k++]);
    }
    assert_int_equal(k, sizeof(order) / sizeof(order[0]));
    assert_string_equal(json_string_value(json_object_get(j, "status")),
                        "pending");
    json_decref(j);

    memset(&row, 0, sizeof(row));
    snprintf(row.ref, sizeof(row.ref), "%s", "INC-2026-0001");
    row.title = (char *)"誤送信";
    row.kind = KIND_NEAR_MISS;
    row.duty = o;
    l.items = &row;
    l.n = 1;
    j = open_duties_to_json(&l, LANG_JA);
    json_t *it = json_array_get(json_object_get(j, "items"), 0);
    assert_string_equal(json_string_value(json_object_get(it, "ref")),
                        "INC-2026-0001");
    assert_string_equal(json_string_value(json_object_get(it, "title")),
                        "誤送信");
    assert_string_equal(json_string_value(json_object_get(it, "kind")),
                        "near_miss");
    json_decref(j);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_filing_document_round_trip),
        cmocka_unit_test(test_filing_request),
        cmocka_unit_test(test_duty_rendering),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
