/* SPDX-License-Identifier: MIT */
/*
 * problems.c - assertions on struct kz_problems (see test.h).
 */
#include "support/test.h"

#include <stdio.h>
#include <string.h>

bool problems_have(const struct kz_problems *p, const char *field,
                   const char *key)
{
    for (size_t i = 0; i < p->n; i++) {
        if (strcmp(p->items[i].field, field) == 0 &&
            p->items[i].msg_key != NULL &&
            strcmp(p->items[i].msg_key, key) == 0)
            return true;
    }
    return false;
}

void problems_print(const struct kz_problems *p)
{
    fprintf(stderr, "  %zu problem(s)%s:\n", p->n,
            p->truncated ? " (truncated)" : "");
    for (size_t i = 0; i < p->n; i++)
        fprintf(stderr, "    %s: %s\n", p->items[i].field,
                p->items[i].msg_key ? p->items[i].msg_key : "(null)");
}
