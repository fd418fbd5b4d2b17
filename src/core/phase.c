/* SPDX-License-Identifier: MIT */
/*
 * phase.c - the incident phase machine (SPEC §3).
 *
 * Decides which moves between phases are allowed and what a move must
 * carry.  Pure: no I/O and no clock.  Called by app/incident_ops.c; tested
 * by tests/unit/core/test_phase.c.
 */
#include "core/phase.h"

#include <string.h>

#include "core/incident.h"
#include "core/taxonomy.h"
#include "util/utf8.h"

const char *phase_key(enum phase p)
{
    if ((unsigned)p >= PHASE_COUNT)
        return "reported";
    return taxonomy_phase.entries[p].key;
}

bool phase_from_key(const char *key, enum phase *out)
{
    int i = taxonomy_index(&taxonomy_phase, key);

    if (i < 0)
        return false;
    *out = (enum phase)i;
    return true;
}

bool phase_is_backward(enum phase from, enum phase to)
{
    return to < from;
}

enum kz_err phase_check_move(const struct incident *inc, enum phase to,
                             const char *reason, const char **why_key)
{
    *why_key = NULL;
    if ((unsigned)to >= PHASE_COUNT) {
        *why_key = "phase.unknown";
        return KZ_EINVAL;
    }
    if (to == inc->phase) {
        *why_key = "phase.same";
        return KZ_EINVAL;
    }
    if (reason != NULL && !utf8_is_valid(reason, strlen(reason))) {
        *why_key = "v.utf8";
        return KZ_EINVAL;
    }
    if (reason != NULL && utf8_length(reason) > INCIDENT_TEXT_MAX) {
        *why_key = "v.text_too_long";
        return KZ_EINVAL;
    }
    /* SPEC §3: going back needs a reason in the chronology; a closed case
     * is final unless reopened with one. */
    if (phase_is_backward(inc->phase, to) && utf8_is_blank(reason)) {
        *why_key = inc->phase == PHASE_CLOSED ? "phase.reopen_reason"
                                              : "phase.back_reason";
        return KZ_EINVAL;
    }
    return KZ_OK;
}

void phase_apply_move(struct incident *inc, enum phase to, kz_time now)
{
    if (phase_is_backward(inc->phase, to)) {
        for (int p = (int)to + 1; p < PHASE_COUNT; p++)
            inc->phase_times[p] = KZ_TIME_NONE;
    }
    inc->phase = to;
    inc->phase_times[to] = now;
}
