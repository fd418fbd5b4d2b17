/* SPDX-License-Identifier: MIT */
/*
 * ref.h - incident references: INC-<year>-<number>, the number at least
 * four digits, counted per year of reported_at (SPEC C2).
 */
#ifndef KZ_CORE_REF_H
#define KZ_CORE_REF_H

#include <stdbool.h>
#include <stdint.h>

#define REF_NUMBER_MAX 999999999

/* Write "INC-2026-0001" into out[24]; returns out. */
char *ref_format(char *out, int year, int64_t number);
/* True when 's' is a well-formed reference; year and number are OUT
 * (either may be NULL): "INC-", four digits of year, "-", then 4 to 9
 * digits, so anything shorter than 13 or longer than 18 bytes is refused. */
bool ref_parse(const char *s, int *year, int64_t *number);

/* How the list's q can match references, as a substring that ignores the
 * case of ASCII letters (docs/internals/search.md). */
enum ref_q {
    REF_Q_NONE,   /* no reference contains it */
    REF_Q_PREFIX, /* the references that contain it all begin with a prefix */
    REF_Q_ANY,    /* any reference may contain it: look at each */
};

/*
 * How 'q' matches references (see enum ref_q).  A q with the year's dash
 * ("2026-00", "inc-2026-0001", "C-2026-") lines up with one place of
 * every reference, so the references containing it are those beginning
 * with *prefix (OUT: prefix[24], upper case, "INC-2026-00"): a range of
 * the index on references instead of a look at each one.  For
 * REF_Q_ANY, prefix[] is q in upper case (a reference contains it).
 */
enum ref_q ref_q_shape(const char *q, char *prefix);

#endif
