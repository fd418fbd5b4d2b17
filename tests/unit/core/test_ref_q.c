/* SPDX-License-Identifier: MIT */
/*
 * test_ref_q.c - ref_q_shape: which references the list's q can match
 * as a substring, and when they are a range of the refs' index.
 */
#include "support/test.h"

#include <string.h>

#include "core/ref.h"

static void shape(const char *q, enum ref_q want, const char *prefix)
{
    char out[24];

    memset(out, 'x', sizeof(out));
    enum ref_q got = ref_q_shape(q, out);
    if (got != want || strcmp(out, prefix) != 0)
        fail_msg("%s: %d \"%s\", want %d \"%s\"", q ? q : "(null)", got, out,
                 want, prefix);
}

static void test_no_ref_contains_it(void **state)
{
    (void)state;
    shape(NULL, REF_Q_NONE, "");
    shape("", REF_Q_NONE, "");
    shape("顧客", REF_Q_NONE, "");
    shape("2026 0001", REF_Q_NONE, "");
    shape("INC_2026", REF_Q_NONE, "");
    shape("%", REF_Q_NONE, "");
    shape("INC-2026-0001X", REF_Q_NONE, "");
    shape("INC-2026-00010000000", REF_Q_NONE, "");
    /* The year's dash, but no reference has this around it. */
    shape("12026-0001", REF_Q_NONE, "");
    shape("X-2026-01", REF_Q_NONE, "");
    shape("N-2026-01", REF_Q_NONE, "");
    shape("2026-0001-", REF_Q_NONE, "");
    shape("2026-00-1", REF_Q_NONE, "");
    shape("IIIIII2026-1", REF_Q_NONE, "");
}

static void test_a_prefix_of_refs(void **state)
{
    (void)state;
    shape("INC-2026-0001", REF_Q_PREFIX, "INC-2026-0001");
    shape("inc-2026-0001", REF_Q_PREFIX, "INC-2026-0001");
    shape("2026-0001", REF_Q_PREFIX, "INC-2026-0001");
    shape("2026-", REF_Q_PREFIX, "INC-2026-");
    shape("-2026-12", REF_Q_PREFIX, "INC-2026-12");
    shape("c-2026-123456789", REF_Q_PREFIX, "INC-2026-123456789");
    shape("NC-2025-9", REF_Q_PREFIX, "INC-2025-9");
}

static void test_any_ref_may_contain_it(void **state)
{
    (void)state;
    shape("0001", REF_Q_ANY, "0001");
    shape("inc", REF_Q_ANY, "INC");
    shape("-", REF_Q_ANY, "-");
    shape("26-00", REF_Q_ANY, "26-00");
    shape("INC-2026", REF_Q_ANY, "INC-2026");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_no_ref_contains_it),
        cmocka_unit_test(test_a_prefix_of_refs),
        cmocka_unit_test(test_any_ref_may_contain_it),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
