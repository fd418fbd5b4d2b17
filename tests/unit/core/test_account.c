/* SPDX-License-Identifier: MIT */
/*
 * test_account.c - the profile of an account (src/core/account.c): what
 * people may say about themselves is checked member by member, and only
 * the members given replace what the account held.
 */
#include "support/test.h"

#include <string.h>

#include "core/account.h"

#define X10 "xxxxxxxxxx"
#define X100 X10 X10 X10 X10 X10 X10 X10 X10 X10 X10

static void test_profile_accepts_reasonable_values(void **state)
{
    struct kz_problems p;
    char hundred[301];
    struct account_profile ok = {"山田 花子", "hanako@example.jp", ""};
    struct account_profile none = {NULL, NULL, NULL};

    (void)state;
    kz_problems_clear(&p);
    assert_int_equal(account_check_profile(&ok, &p), KZ_OK);
    assert_int_equal(account_check_profile(&none, &p), KZ_OK);
    /* 100 code points of three bytes each: the limit counts characters. */
    hundred[0] = '\0';
    for (int i = 0; i < 100; i++)
        strcat(hundred, "部");
    struct account_profile longest = {hundred, "", hundred};
    assert_int_equal(account_check_profile(&longest, &p), KZ_OK);
    assert_int_equal(p.n, 0);
}

static void test_profile_names_each_bad_member(void **state)
{
    static const struct {
        struct account_profile pr;
        const char *field;
        const char *key;
    } cases[] = {
        {{NULL, "no-at-sign", NULL}, "email", "v.email"},
        {{NULL, "a b@example.jp", NULL}, "email", "v.email"},
        {{"two\nlines", NULL, NULL}, "display_name", "v.control"},
        {{NULL, NULL, "\xff"}, "department", "v.utf8"},
        {{X100 "x", NULL, NULL}, "display_name", "v.account_text_long"},
    };
    struct kz_problems p;

    (void)state;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        kz_problems_clear(&p);
        assert_int_equal(account_check_profile(&cases[i].pr, &p), KZ_EINVAL);
        assert_int_equal(p.n, 1);
        assert_string_equal(p.items[0].field, cases[i].field);
        assert_string_equal(p.items[0].msg_key, cases[i].key);
    }
}

static void test_apply_replaces_only_given_members(void **state)
{
    struct account a;
    struct account_profile first = {"山田", "y@example.jp", "総務部"};
    struct account_profile dept = {NULL, NULL, "人事部"};

    (void)state;
    account_init(&a);
    account_apply_profile(&a, &first);
    account_apply_profile(&a, &dept);
    assert_string_equal(a.display_name, "山田");
    assert_string_equal(a.email, "y@example.jp");
    assert_string_equal(a.department, "人事部");
    account_cleanup(&a);
    assert_null(a.display_name);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_profile_accepts_reasonable_values),
        cmocka_unit_test(test_profile_names_each_bad_member),
        cmocka_unit_test(test_apply_replaces_only_given_members),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
