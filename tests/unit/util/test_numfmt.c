/* SPDX-License-Identifier: MIT */
/*
 * test_numfmt.c - numbers with separators (src/util/numfmt.c), as the
 * drafts ("1,200人") and the backup and migrate reports write them.
 */
#include "support/test.h"

#include <stdint.h>
#include <string.h>

#include "util/numfmt.h"

static void test_groups_of_three(void **state)
{
    static const struct {
        int64_t v;
        const char *want;
    } cases[] = {
        {0, "0"},
        {7, "7"},
        {999, "999"},
        {1000, "1,000"},
        {1200, "1,200"},
        {-1200, "-1,200"},
        {1234567, "1,234,567"},
        {INT64_MAX, "9,223,372,036,854,775,807"},
        {INT64_MIN, "-9,223,372,036,854,775,808"},
    };
    char out[NUMFMT_MAX];

    (void)state;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
        assert_string_equal(numfmt_grouped(cases[i].v, out, sizeof(out)),
                            cases[i].want);
}

static void test_a_small_buffer_is_cut_and_terminated(void **state)
{
    char out[6];

    (void)state;
    memset(out, 'x', sizeof(out));
    assert_string_equal(numfmt_grouped(1234567, out, sizeof(out)), "1,234");
    assert_string_equal(numfmt_grouped(5, out, 1), "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_groups_of_three),
        cmocka_unit_test(test_a_small_buffer_is_cut_and_terminated),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
