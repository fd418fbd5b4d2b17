/* SPDX-License-Identifier: MIT */
/*
 * clock.c - the wall clock, with a fixed time for tests (see clock.h).
 */
#include "util/clock.h"

#include <stdlib.h>
#include <time.h>

kz_time clock_now(void)
{
    const char *fixed = getenv("KIZUKI_TEST_NOW");
    kz_time t;

    if (fixed != NULL && timefmt_parse(fixed, &t) == KZ_OK)
        return t;
    return (kz_time)time(NULL);
}
