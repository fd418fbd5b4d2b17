/* SPDX-License-Identifier: MIT */
/*
 * triage.h - the transparent severity score (SPEC C4).
 *
 * The score is a sum of points, one factor at a time, from the record: how
 * sensitive the leaked information is, how many people are affected, how
 * important the affected assets are, whether business stopped, and whether
 * the cause was malicious.  Every point comes with its reason, so a person
 * sees why kizuki proposes S1 and can override it with a reason of their
 * own.  The rules are the tables in triage.c.
 */
#ifndef KZ_CORE_TRIAGE_H
#define KZ_CORE_TRIAGE_H

#include <stddef.h>
#include <stdint.h>

#include "core/incident.h"

#define TRIAGE_REASONS_MAX 8

struct triage_reason {
    const char *factor; /* "sensitivity", "persons", "assets", … */
    int points;
    const char *text_key; /* catalogue key of the explanation */
    char detail[96];      /* the value that earned the points (key or number) */
};

#define TRIAGE_MISSING_MAX 4

struct triage_result {
    int score;
    int severity; /* 1..4 for S1..S4; 0: unrated (facts missing) */
    int priority; /* 1..4 */
    size_t n;
    struct triage_reason reasons[TRIAGE_REASONS_MAX];
    /* The facts the score needs that the record lacks (catalogue keys
     * "triage.missing.*"); when any is missing and the facts at hand do
     * not already make it S1, the severity is unrated (0), not S4. */
    size_t n_missing;
    const char *missing[TRIAGE_MISSING_MAX];
    int at_least; /* what the facts at hand give: 1..4 */
};

/* What triage needs beyond the record. */
struct triage_input {
    const struct incident *inc;
    int best_asset_priority;     /* 1 (most important)..4 of the linked
                                    inventory assets; 0 when none */
    const char *best_asset_name; /* which asset that was, or NULL */
};

/*
 * Score 'in' (pure; the same input always gives the same result).  A
 * record that lacks what its category needs is unrated (severity 0,
 * priority 1, so that it is looked at first) with the missing facts in
 * out->missing: the information types and a count for the categories
 * about data (a misdirected e-mail, a lost device…), the affected assets
 * or the stoppage for those about systems (DoS, ransomware…), and the
 * category itself when there is none.  docs/internals/triage.md.
 */
void triage_compute(const struct triage_input *in, struct triage_result *out);
/* Score thresholds: a score of at least triage_threshold(s) is severity s
 * (s = 1..3); below triage_threshold(3) is S4. */
int triage_threshold(int severity);
/* Points the information type 'key' earns, 0 for unknown keys. */
int triage_info_type_points(const char *key);

#endif
