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

#endif
