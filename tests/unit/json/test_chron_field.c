/* SPDX-License-Identifier: MIT */
/*
 * test_chron_field.c - reading back the value a field change replaced
 * (chron_field_body_from in src/json/chronology_json.c), which the
 * reception page uses to show what was reported before later edits.
 */
#include "support/test.h"

#include <string.h>

#include "json/chronology_json.h"
#include "util/mem.h"

static void test_round_trip(void **state)
{
    (void)state;
    /* chron_field_body borrows the values. */
    json_t *was = json_string("誤送信");
    json_t *now = json_string("メールの誤送信");
    char *body = chron_field_body("title", was, now);
    char *from = NULL;

    json_decref(was);
    json_decref(now);

    assert_true(chron_field_body_from(body, "title", &from));
    assert_string_equal(from, "誤送信");
    xfree(from);
    /* Another field's change says nothing of this one. */
    from = (char *)"untouched";
    assert_false(chron_field_body_from(body, "description", &from));
    assert_string_equal(from, "untouched");
    xfree(body);
}

static void test_from_that_is_no_string(void **state)
{
    (void)state;
    json_t *null = json_null();
    json_t *n = json_integer(3);
    char *body = chron_field_body("description", null, n);
    char *from = (char *)"x";

    assert_true(chron_field_body_from(body, "description", &from));
    assert_null(from);
    json_decref(null);
    json_decref(n);
    xfree(body);
}

static void test_other_bodies(void **state)
{
    (void)state;
    static const char *const bodies[] = {
        NULL,
        "",
        "削除依頼の電話をした",
        "{\"field\":3}",
        "[\"title\"]",
        "{\"msg\":\"chron.task_done\",\"args\":{\"title\":\"x\"}}"};
    for (size_t i = 0; i < sizeof(bodies) / sizeof(bodies[0]); i++) {
        char *from = NULL;
        assert_false(chron_field_body_from(bodies[i], "title", &from));
        assert_null(from);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_from_that_is_no_string),
        cmocka_unit_test(test_other_bodies),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
