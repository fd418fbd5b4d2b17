/* SPDX-License-Identifier: MIT */
/*
 * test_ledger_json.c - the cost ledger's codecs (src/json/ledger_json.c):
 * a stored entry reads back as it was written, a request body with wrong
 * types or unknown members is named member by member, and the rendered
 * ledger keeps the members' order and its totals per category.
 */
#include "support/test.h"

#include <jansson.h>
#include <string.h>

#include "json/ledger_json.h"
#include "support/fixture.h"
#include "util/mem.h"

static void test_stored_entry_round_trip(void **state)
{
    struct cost c;
    struct cost back;

    (void)state;
    cost_init(&c);
    c.category = xstrdup("investigation");
    c.amount_yen = 1200000;
    c.note = xstrdup("調査会社「A社」");
    assert_int_equal(timefmt_parse("2026-12-01T00:00:00Z", &c.spent_on), KZ_OK);
    c.id = 7; /* bookkeeping is not part of the document */
    char *text = cost_doc_dump(&c);
    assert_string_equal(
        text,
        "{\"amount_yen\":1200000,\"category\":\"investigation\",\"note\":"
        "\"調査会社「A社」\",\"spent_on\":\"2026-12-01T00:00:00+00:00\"}");
    cost_init(&back);
    assert_int_equal(cost_doc_load(text, &back), KZ_OK);
    assert_string_equal(back.category, "investigation");
    assert_int_equal(back.amount_yen, 1200000);
    assert_string_equal(back.note, c.note);
    assert_int_equal(back.spent_on, c.spent_on);
    assert_int_equal(back.id, 0);
    xfree(text);

    /* Nulls stay nulls. */
    cost_cleanup(&back);
    cost_cleanup(&c);
    c.amount_yen = 5;
    text = cost_doc_dump(&c);
    assert_string_equal(text, "{\"amount_yen\":5,\"category\":null,\"note\":"
                              "null,\"spent_on\":null}");
    assert_int_equal(cost_doc_load(text, &back), KZ_OK);
    assert_null(back.category);
    assert_null(back.note);
    assert_int_equal(back.spent_on, KZ_TIME_NONE);
    xfree(text);
    cost_cleanup(&back);
}

static void test_stored_entry_that_does_not_read(void **state)
{
    struct cost c;

    (void)state;
    cost_init(&c);
    assert_int_equal(cost_doc_load("[1]", &c), KZ_EMALFORMED);
    assert_int_equal(cost_doc_load("{", &c), KZ_EMALFORMED);
    assert_int_equal(cost_doc_load(NULL, &c), KZ_EMALFORMED);
    /* Members of the wrong type are left unset. */
    assert_int_equal(cost_doc_load("{\"category\":3,\"amount_yen\":\"x\","
                                   "\"spent_on\":\"yesterday\"}",
                                   &c),
                     KZ_OK);
    assert_null(c.category);
    assert_int_equal(c.amount_yen, 0);
    assert_int_equal(c.spent_on, KZ_TIME_NONE);
    cost_cleanup(&c);
}

static void test_request_body(void **state)
{
    struct kz_problems p;
    struct cost c;

    (void)state;
    json_t *ok =
        fixture_json("{\"category\":\"investigation\",\"amount_yen\":10,"
                     "\"note\":null,\"spent_on\":"
                     "\"2026-12-01T09:00:00+09:00\"}");
    kz_problems_clear(&p);
    cost_init(&c);
    assert_int_equal(cost_from_json(ok, &c, &p), KZ_OK);
    assert_problem_count(&p, 0);
    assert_string_equal(c.category, "investigation");
    assert_int_equal(c.amount_yen, 10);
    assert_null(c.note);
    assert_true(c.spent_on != KZ_TIME_NONE);
    cost_cleanup(&c);
    json_decref(ok);

    /* Every wrong member is named; an unusable amount reads as -1. */
    json_t *bad = fixture_json("{\"category\":5,\"amount_yen\":\"10\","
                               "\"note\":[],\"spent_on\":\"soon\","
                               "\"currency\":\"JPY\"}");
    kz_problems_clear(&p);
    cost_init(&c);
    assert_int_equal(cost_from_json(bad, &c, &p), KZ_EINVAL);
    assert_problem(&p, "currency", "v.unknown_field");
    assert_problem(&p, "category", "v.type_string");
    assert_problem(&p, "note", "v.type_string");
    assert_problem(&p, "spent_on", "v.time");
    assert_problem_count(&p, 4);
    assert_int_equal(c.amount_yen, -1);
    assert_null(c.category);
    cost_cleanup(&c);
    json_decref(bad);

    /* Missing members: nothing is wrong yet in the types; the amount is
     * unusable, which the use case says. */
    json_t *empty = fixture_json("{}");
    kz_problems_clear(&p);
    cost_init(&c);
    assert_int_equal(cost_from_json(empty, &c, &p), KZ_OK);
    assert_int_equal(c.amount_yen, -1);
    cost_cleanup(&c);
    json_decref(empty);
}

static void test_ledger_rendering(void **state)
{
    struct damage d;
    struct cost items[3];
    struct cost_list l = {items, 3};

    (void)state;
    memset(&d, 0, sizeof(d));
    for (size_t i = 0; i < 3; i++)
        cost_init(&items[i]);
    items[0].category = (char *)"investigation";
    items[0].amount_yen = 100;
    items[0].id = 1;
    items[0].version = 1;
    items[0].created_by = (char *)"sato";
    items[1].category = (char *)"notification";
    items[1].amount_yen = 20;
    items[2].category = (char *)"investigation";
    items[2].amount_yen = 3;
    json_t *j = damage_report_to_json(&d, &l, LANG_JA);
    assert_non_null(j);
    char *text = json_dumps(json_object_get(j, "cost_totals"), JSON_COMPACT);
    assert_string_equal(text, "{\"investigation\":103,\"notification\":20}");
    xfree(text);
    assert_int_equal(json_integer_value(json_object_get(j, "cost_total_yen")),
                     123);
    /* An unknown total and count are null, never 0. */
    assert_true(json_is_null(json_object_get(j, "total_yen")));
    assert_true(json_is_null(json_object_get(j, "persons")));
    text = json_dumps(json_array_get(json_object_get(j, "costs"), 0),
                      JSON_COMPACT);
    assert_string_equal(text,
                        "{\"amount_yen\":100,\"category\":\"investigation\","
                        "\"note\":null,\"spent_on\":null,\"id\":1,"
                        "\"version\":1,\"created_at\":null,"
                        "\"created_by\":\"sato\"}");
    xfree(text);
    json_decref(j);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_stored_entry_round_trip),
        cmocka_unit_test(test_stored_entry_that_does_not_read),
        cmocka_unit_test(test_request_body),
        cmocka_unit_test(test_ledger_rendering),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
