/* SPDX-License-Identifier: MIT */
/*
 * cost.h - the ledger of what an incident actually cost (SPEC C7): one
 * entry per expense, beside the JNSA estimate of core/damage.h.
 */
#ifndef KZ_CORE_COST_H
#define KZ_CORE_COST_H

#include <stddef.h>
#include <stdint.h>

#include "util/timefmt.h"

/* The largest amount one entry may carry: a trillion yen bounds typos. */
#define COST_MAX_YEN 1000000000000LL

struct cost {
    char *category;     /* taxonomy_cost_category key */
    int64_t amount_yen; /* -1 when the input had no usable amount */
    char *note;         /* or NULL */
    kz_time spent_on;   /* or KZ_TIME_NONE */
    /* The stored entry's bookkeeping (0 / NULL before it is stored). */
    int64_t id;
    int64_t version;
    kz_time created_at;
    char *created_by;
};

struct cost_list {
    struct cost *items;
    size_t n;
};

void cost_init(struct cost *c);
/* Frees what 'c' owns and zeroes it; a zeroed cost is a no-op. */
void cost_cleanup(struct cost *c);
void cost_list_cleanup(struct cost_list *l);
/* The sum of every entry with a category (the ledger's total). */
int64_t cost_list_total(const struct cost_list *l);

#endif
