/* SPDX-License-Identifier: MIT */
/*
 * test_account_json.c - what the audit log records of a change to an
 * account (src/json/account_json.c): the same text as before for the same
 * change (it is hashed into the chain), sorted keys, and the profile
 * named by its members, never by their values.
 */
#include "support/test.h"

#include <string.h>

#include "json/account_json.h"
#include "util/mem.h"

static void test_everything_changed(void **state)
{
    (void)state;
    enum role r = ROLE_AUDITOR;
    bool off = true;
    struct account_profile pr = {"佐藤 花子", "sato@example.jp", NULL};
    char *d = account_update_detail(&r, &off, &pr);

    assert_string_equal(d, "{\"disabled\":true,\"profile\":[\"display_name\","
                           "\"email\"],\"role\":\"auditor\"}");
    assert_null(strstr(d, "sato@"));
    xfree(d);
}

static void test_nothing_named_is_an_empty_object(void **state)
{
    (void)state;
    struct account_profile none = {NULL, NULL, NULL};
    char *a = account_update_detail(NULL, NULL, NULL);
    char *b = account_update_detail(NULL, NULL, &none);

    assert_string_equal(a, "{}");
    assert_string_equal(b, "{}");
    xfree(a);
    xfree(b);
}

static void test_one_member(void **state)
{
    (void)state;
    bool on = false;
    struct account_profile dep = {NULL, NULL, "情報システム部"};
    char *a = account_update_detail(NULL, &on, NULL);
    char *b = account_update_detail(NULL, NULL, &dep);

    assert_string_equal(a, "{\"disabled\":false}");
    assert_string_equal(b, "{\"profile\":[\"department\"]}");
    xfree(a);
    xfree(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_everything_changed),
        cmocka_unit_test(test_nothing_named_is_an_empty_object),
        cmocka_unit_test(test_one_member),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
