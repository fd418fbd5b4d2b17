/* SPDX-License-Identifier: MIT */
/*
 * test.h - what every unit test includes first: cmocka with the headers it
 * expects before it, and assertions on the problems a validation reports.
 */
#ifndef KZ_TEST_TEST_H
#define KZ_TEST_TEST_H

/* cmocka needs these before its own header. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdbool.h>

#include "util/err.h"

/* True when 'p' holds a problem for 'field' with the message key 'key'. */
bool problems_have(const struct kz_problems *p, const char *field,
                   const char *key);
/* Print every problem of 'p' to stderr (to explain a failed assertion). */
void problems_print(const struct kz_problems *p);

/* Fail the test unless 'p' names 'field' with message key 'key'. */
#define assert_problem(p, field, key)                                          \
    do {                                                                       \
        if (!problems_have((p), (field), (key))) {                             \
            problems_print(p);                                                 \
            fail_msg("expected problem %s: %s", (field), (key));               \
        }                                                                      \
    } while (0)

/* Fail the test unless 'p' holds exactly 'n' problems. */
#define assert_problem_count(p, count)                                         \
    do {                                                                       \
        if ((p)->n != (size_t)(count)) {                                       \
            problems_print(p);                                                 \
            fail_msg("expected %zu problems, got %zu", (size_t)(count),        \
                     (p)->n);                                                  \
        }                                                                      \
    } while (0)

#endif
