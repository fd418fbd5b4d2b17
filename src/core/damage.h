/* SPDX-License-Identifier: MIT */
/*
 * damage.h - the JNSA damage operation model for personal-information
 * leaks (SPEC C7): the assumed compensation per leaked person from what
 * leaked, how easily people can be identified, the organisation's social
 * responsibility and the quality of its response, with every input shown.
 *
 *   per person = 500 × (10^(x−1) + 5^(y−1)) × identifiability
 *                    × social responsibility × response evaluation
 *
 * x is the highest 精神的苦痛 (mental distress) level and y the highest
 * 経済的損失 (economic loss) level among the leaked information types.
 */
#ifndef KZ_CORE_DAMAGE_H
#define KZ_CORE_DAMAGE_H

#include <stdbool.h>
#include <stdint.h>

#include "core/incident.h"

struct damage {
    bool applies;        /* personal information leaked at all */
    int x;               /* 1..3 精神的苦痛 */
    int y;               /* 1..3 経済的損失 */
    const char *x_type;  /* the information type that set x (static key) */
    const char *y_type;  /* … and y */
    int sensitivity;     /* 10^(x−1) + 5^(y−1) */
    int identifiability; /* 6, 3 or 1 */
    int social_responsibility; /* 2 or 1 */
    int response_evaluation;   /* 2 inappropriate, 1 otherwise */
    int64_t per_person_yen;
    int64_t persons;    /* counted; 0 when unknown */
    bool persons_known; /* false: 'persons' is no count (or a lower bound) */
    /* per person × persons; meaningful only when 'total_known': an unknown
     * number of people is an unknown total, not ¥0. */
    int64_t total_yen;
    bool total_known;
};

/* The (x, y) levels of information type 'key' (0, 0 when the type is not
 * personal information, such as trade secrets). */
void damage_levels(const char *key, int *x, int *y);

/* True when 'inc' records a personal information type: one the JNSA grid
 * rates (trade secrets are not).  The damage model, the reporting duties
 * and the record's consistency warnings ask it alike. */
bool damage_has_personal_type(const struct incident *inc);

/*
 * The people affected: the record's count when it has one; else its upper
 * estimate (the guideline has the business report on the largest number
 * that may be affected); else the largest count given for a personal
 * information type (0 when none is).  The damage model and the reporting
 * duties count them the same way.  '*known' (may be NULL) is false when
 * no count settles the number: nothing is counted, or a personal type's
 * count is unknown, so the figure is at most a lower bound.
 */
int64_t damage_persons_of(const struct incident *inc, bool *known);
/* damage_persons_of without the flag. */
int64_t damage_persons(const struct incident *inc);

/*
 * Compute the model for 'inc'.  'org_social' is the organisation's setting
 * (1 or 2), used unless the record overrides it; the record's
 * response_evaluation (0 unknown) is used as given.
 */
void damage_compute(const struct incident *inc, int org_social,
                    struct damage *out);

#endif
