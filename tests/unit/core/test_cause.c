/* SPDX-License-Identifier: MIT */
/*
 * test_cause.c - the cause class of an incident (src/core/cause.c): a
 * person's own cause holds over what the category implies.  The table
 * of every category is checked in test_triage.c.
 */
#include "support/test.h"

#include <string.h>

#include "core/cause.h"
#include "core/incident.h"
#include "util/mem.h"

static void test_own_cause_holds_over_category(void **state)
{
    struct incident inc;

    (void)state;
    incident_init(&inc);
    assert_string_equal(cause_of(&inc), "unknown");
    inc.category = xstrdup("misdirected_email");
    assert_string_equal(cause_of(&inc), "human_error");
    inc.cause = xstrdup("insider_wrongdoing");
    assert_string_equal(cause_of(&inc), "insider_wrongdoing");
    incident_cleanup(&inc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_own_cause_holds_over_category),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
