/* SPDX-License-Identifier: MIT */
/*
 * readiness.h - disclosure readiness (SPEC C9, アクションとルートの整理):
 * for each planned communication, the facts it needs, which of them the
 * record already establishes, and how ready it is.  And the facts as
 * stated in a disclosure, so that later changes show as drift.
 */
#ifndef KZ_CORE_READINESS_H
#define KZ_CORE_READINESS_H

#include <stdbool.h>
#include <stddef.h>

#include "core/incident.h"

#define FACTS_MAX 16

/* What beyond the record tells whether a fact is known. */
struct readiness_input {
    const struct incident *inc;
    int filings;   /* duties filed or judged not applicable */
    int duties;    /* duties that apply */
    int aftercare; /* aftercare entries */
    int costs;     /* cost ledger entries */
};

struct readiness_fact {
    const char *fact; /* taxonomy fact key */
    bool known;
};

struct readiness {
    const char *kind; /* taxonomy disclosure_kind key */
    size_t n;
    struct readiness_fact facts[FACTS_MAX];
    int known;
    int percent; /* known / needed, rounded down */
};

/* Readiness of communication 'kind' (false for an unknown kind). */
bool readiness_of(const struct readiness_input *in, const char *kind,
                  struct readiness *out);

/* A fact as stated, in a canonical text form (sorted lists, numbers). */
struct stated_fact {
    const char *fact; /* persons, info_types, record_counts, category,
                         direct_cause, leak_kinds, impacts */
    char *value;      /* owned */
};

struct stated_facts {
    size_t n;
    struct stated_fact items[8];
};

/* The facts of 'inc' that a disclosure states (OUT: 'out'). */
void stated_facts_of(const struct incident *inc, struct stated_facts *out);
void stated_facts_cleanup(struct stated_facts *f);
/* Look a fact up by name; NULL when absent. */
const char *stated_fact_value(const struct stated_facts *f, const char *fact);

#endif
