/* SPDX-License-Identifier: MIT */
/*
 * phase.h - the phases of the response flow (SPEC §3) and the rules for
 * moving between them.
 */
#ifndef KZ_CORE_PHASE_H
#define KZ_CORE_PHASE_H

#include <stdbool.h>

#include "util/err.h"
#include "util/timefmt.h"

/* Same order as taxonomy_phase. */
enum phase {
    PHASE_REPORTED,
    PHASE_TRIAGE,
    PHASE_CONTAINMENT,
    PHASE_INVESTIGATION,
    PHASE_NOTIFICATION,
    PHASE_RECOVERY,
    PHASE_AFTERCARE,
    PHASE_REVIEW,
    PHASE_CLOSED,
    PHASE_COUNT
};

struct incident;

/* The key of 'p' ("triage"). */
const char *phase_key(enum phase p);
/* The phase called 'key'; false when there is none. */
bool phase_from_key(const char *key, enum phase *out);
/* True when 'to' comes before 'from' in the flow. */
bool phase_is_backward(enum phase from, enum phase to);

/*
 * Check whether 'inc' may move to phase 'to'.  Moving forward is free, even
 * past several phases; moving back, which includes reopening a closed case,
 * needs a non-blank 'reason' (SPEC §3).  Returns KZ_OK, or KZ_EINVAL with
 * *why_key (OUT: static catalogue key) naming the broken rule.
 */
enum kz_err phase_check_move(const struct incident *inc, enum phase to,
                             const char *reason, const char **why_key);

/*
 * Put 'inc' in phase 'to' at 'now': stamps phase_times[to], and on a move
 * back forgets the times of the phases after 'to', which must be reached
 * again.  The caller has checked the move with phase_check_move.
 */
void phase_apply_move(struct incident *inc, enum phase to, kz_time now);

#endif
