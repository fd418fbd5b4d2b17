/* SPDX-License-Identifier: MIT */
/*
 * clock.h - the only reader of the wall clock.  Core never calls it; the
 * edges read it once per command or request and pass 'now' down.
 */
#ifndef KZ_UTIL_CLOCK_H
#define KZ_UTIL_CLOCK_H

#include "util/timefmt.h"

/* Seconds since the epoch.  Tests may fix it with KIZUKI_TEST_NOW (an ISO
 * 8601 time). */
kz_time clock_now(void);

#endif
