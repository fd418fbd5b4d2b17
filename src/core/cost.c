/* SPDX-License-Identifier: MIT */
/*
 * cost.c - the cost ledger's entries (see cost.h).
 */
#include "core/cost.h"

#include <string.h>

#include "util/mem.h"

void cost_init(struct cost *c)
{
    memset(c, 0, sizeof(*c));
    c->spent_on = KZ_TIME_NONE;
    c->created_at = KZ_TIME_NONE;
}

void cost_cleanup(struct cost *c)
{
    xfree(c->category);
    xfree(c->note);
    xfree(c->created_by);
    cost_init(c);
}

void cost_list_cleanup(struct cost_list *l)
{
    for (size_t i = 0; i < l->n; i++)
        cost_cleanup(&l->items[i]);
    xfree(l->items);
    l->items = NULL;
    l->n = 0;
}

int64_t cost_list_total(const struct cost_list *l)
{
    int64_t sum = 0;

    /* An entry without a category is in no total per category, so it is
     * in the grand total neither: the two always agree. */
    for (size_t i = 0; i < l->n; i++)
        if (l->items[i].category != NULL)
            sum += l->items[i].amount_yen;
    return sum;
}
