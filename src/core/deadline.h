/* SPDX-License-Identifier: MIT */
/*
 * deadline.h - the calendars reporting deadlines are counted in.
 *
 * Pure arithmetic: Japan keeps UTC+9 all year; US Eastern time's daylight
 * saving rules (second Sunday of March to first Sunday of November, 2:00
 * local) and the US federal holidays are computed, not looked up.
 */
#ifndef KZ_CORE_DEADLINE_H
#define KZ_CORE_DEADLINE_H

#include <stdbool.h>
#include <stdint.h>

#include "util/timefmt.h"

/* The day number (since 1970-01-01) of 't' in Japan. */
int64_t jst_day(kz_time t);
/* The last second of Japanese day 'day'. */
kz_time jst_day_end(int64_t day);
/* True when government offices are closed on Japanese day 'day':
 * Saturday, Sunday, a national holiday, or 29 December to 3 January. */
bool jst_closed(int64_t day);
/*
 * The APPI deadline of 'n' days counted from the day of 't' (day 1), moved
 * to the next open day when it falls on a closed one (個人情報保護委員会
 * ガイドライン通則編 3-5-3-4).  Returns the last second of that day.
 */
kz_time appi_deadline(kz_time t, int n);

/* US Eastern time's offset from UTC at 't', in seconds (-18000/-14400). */
int us_eastern_offset(kz_time t);
/* True when US Eastern day 'day' is a US federal holiday as observed. */
bool us_federal_holiday(int64_t day);
/* The end of the 'n'-th US business day after the Eastern day of 't'
 * (weekends and federal holidays excluded), in Eastern time. */
kz_time us_business_deadline(kz_time t, int n);

/* 't' plus 'months' calendar months (UTC), the day clamped to the end of
 * a shorter month. */
kz_time add_months(kz_time t, int months);

#endif
