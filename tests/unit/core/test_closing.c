/* SPDX-License-Identifier: MIT */
/*
 * test_closing.c - what keeps an incident from review or closing
 * (src/core/closing.c, issue 9 item 17).
 */
#include "support/test.h"

#include <string.h>

#include "core/closing.h"
#include "util/mem.h"

static struct obligation duty(const char *key, enum obligation_state state,
                              const struct obligation_filing *filing)
{
    struct obligation o;

    memset(&o, 0, sizeof(o));
    o.key = key;
    o.applies = state != OB_NOT_APPLICABLE;
    o.state = state;
    o.filing = filing;
    return o;
}

static char title[] = "タスク";

static struct task task(int64_t id, enum phase ph, enum task_status st)
{
    struct task t;

    task_init(&t);
    t.id = id;
    t.phase = ph;
    t.status = st;
    t.title = title; /* borrowed: never cleaned up here */
    return t;
}

static void test_only_forward_moves_into_review_or_closed(void **state)
{
    (void)state;
    for (int from = 0; from < PHASE_COUNT; from++) {
        for (int to = 0; to < PHASE_COUNT; to++) {
            bool want = (to == PHASE_REVIEW || to == PHASE_CLOSED) && to > from;
            assert_int_equal(closing_is_checked(from, to), want);
        }
    }
}

static void test_open_duties_are_listed(void **state)
{
    const struct obligation_filing filed = {"appi_preliminary", false, 1, "R",
                                            NULL};
    const struct obligation_filing waived = {"gdpr_authority", true,
                                             KZ_TIME_NONE, NULL, "EU外"};
    struct obligation d[] = {
        duty("appi_preliminary", OB_FILED, &filed),
        duty("appi_final", OB_PENDING, NULL),
        duty("appi_individuals", OB_OVERDUE, NULL),
        duty("gdpr_authority", OB_NOT_APPLICABLE, &waived),
        duty("sec_8k", OB_NOT_APPLICABLE, NULL),
        duty("nis2_early_warning", OB_DUE_SOON, NULL),
        duty("mynumber_preliminary", OB_PAST_TARGET, NULL),
    };
    struct closing_list l = {0};

    (void)state;
    closing_collect(PHASE_CLOSED, d, sizeof(d) / sizeof(d[0]), NULL, 0, &l);
    assert_int_equal(l.n, 4);
    assert_string_equal(l.items[0].duty_key, "appi_final");
    assert_string_equal(l.items[1].duty_key, "appi_individuals");
    assert_string_equal(l.items[2].duty_key, "nis2_early_warning");
    assert_string_equal(l.items[3].duty_key, "mynumber_preliminary");
    for (size_t i = 0; i < l.n; i++)
        assert_int_equal(l.items[i].task_id, 0);
    closing_list_cleanup(&l);
    assert_int_equal(l.n, 0);
}

/* A state added later (a duty that cannot be decided yet) is open until a
 * person settles it. */
static void test_unknown_state_is_open(void **state)
{
    struct obligation d[] = {
        duty("appi_preliminary", (enum obligation_state)42, NULL)};
    struct closing_list l = {0};

    (void)state;
    closing_collect(PHASE_REVIEW, d, 1, NULL, 0, &l);
    assert_int_equal(l.n, 1);
    closing_list_cleanup(&l);
}

static void test_open_tasks_are_listed(void **state)
{
    struct task t[] = {
        task(1, PHASE_TRIAGE, TASK_DONE),
        task(2, PHASE_CONTAINMENT, TASK_OPEN),
        task(3, PHASE_RECOVERY, TASK_SKIPPED),
        task(4, PHASE_REVIEW, TASK_OPEN),
        task(5, PHASE_CLOSED, TASK_OPEN),
    };
    struct closing_list l = {0};

    (void)state;
    /* Review: the tasks of the phases before it. */
    closing_collect(PHASE_REVIEW, NULL, 0, t, 5, &l);
    assert_int_equal(l.n, 1);
    assert_int_equal(l.items[0].task_id, 2);
    assert_null(l.items[0].duty_key);
    assert_string_equal(l.items[0].task_title, "タスク");
    assert_int_equal(l.items[0].task_phase, PHASE_CONTAINMENT);
    closing_list_cleanup(&l);
    /* Closing: every task. */
    closing_collect(PHASE_CLOSED, NULL, 0, t, 5, &l);
    assert_int_equal(l.n, 3);
    assert_int_equal(l.items[0].task_id, 2);
    assert_int_equal(l.items[1].task_id, 4);
    assert_int_equal(l.items[2].task_id, 5);
    closing_list_cleanup(&l);
}

static void test_nothing_open_is_an_empty_list(void **state)
{
    struct task t[] = {task(1, PHASE_TRIAGE, TASK_DONE),
                       task(2, PHASE_REVIEW, TASK_SKIPPED)};
    struct obligation d[] = {duty("sec_8k", OB_NOT_APPLICABLE, NULL)};
    struct closing_list l = {0};

    (void)state;
    closing_collect(PHASE_CLOSED, d, 1, t, 2, &l);
    assert_int_equal(l.n, 0);
    assert_null(l.items);
    closing_list_cleanup(&l);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_only_forward_moves_into_review_or_closed),
        cmocka_unit_test(test_open_duties_are_listed),
        cmocka_unit_test(test_unknown_state_is_open),
        cmocka_unit_test(test_open_tasks_are_listed),
        cmocka_unit_test(test_nothing_open_is_an_empty_list),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
