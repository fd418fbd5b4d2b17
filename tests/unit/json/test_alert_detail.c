/* SPDX-License-Identifier: MIT */
/*
 * test_alert_detail.c - the audit details src/app/alerts.c writes through
 * src/json/alert_json.c are the text it wrote with json_pack: members in
 * the order given (not sorted), compact, as the audit chain hashed them.
 */
#include "support/test.h"

#include "json/alert_json.h"
#include "util/mem.h"

static void test_status_detail(void **state)
{
    (void)state;
    char *a = alert_status_detail("new", "ignored", "誤検知 \"test\"");
    char *b = alert_status_detail("ignored", "new", NULL);

    assert_string_equal(a, "{\"from\":\"new\",\"to\":\"ignored\",\"reason\":"
                           "\"誤検知 \\\"test\\\"\"}");
    assert_string_equal(
        b, "{\"from\":\"ignored\",\"to\":\"new\",\"reason\":null}");
    xfree(a);
    xfree(b);
}

static void test_promote_detail(void **state)
{
    (void)state;
    const int64_t ids[] = {12, 3};
    char *a = alert_promote_detail(false, ids, 2);
    char *b = alert_promote_detail(true, ids, 1);

    assert_string_equal(a, "{\"as\":\"promoted\",\"alerts\":[12,3]}");
    assert_string_equal(b, "{\"as\":\"merged\",\"alerts\":[12]}");
    xfree(a);
    xfree(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_status_detail),
        cmocka_unit_test(test_promote_detail),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
