/* SPDX-License-Identifier: MIT */
/*
 * timefmt.h - instants, ISO 8601 text and the display time zone.
 *
 * An instant is whole seconds since 1970-01-01T00:00:00Z; storage is UTC.
 * Text always carries an offset.  Text without one is read in the display
 * zone, which is the process zone: Asia/Tokyo unless KIZUKI_TZ says
 * otherwise (set once at start-up by timefmt_setup_zone, before threads).
 */
#ifndef KZ_UTIL_TIMEFMT_H
#define KZ_UTIL_TIMEFMT_H

#include <stdbool.h>
#include <stdint.h>

#include "util/err.h"

typedef int64_t kz_time;

#define KZ_TIME_NONE INT64_MIN
#define TIMEFMT_LEN 80 /* room for any int the compiler can imagine */

/* Make the display zone the process zone ('zone' NULL: $KIZUKI_TZ, else
 * Asia/Tokyo).  Returns KZ_EINVAL for a zone the system does not know. */
enum kz_err timefmt_setup_zone(const char *zone);
/* The display zone's name (static). */
const char *timefmt_zone(void);

/*
 * Parse ISO 8601: YYYY-MM-DD, YYYY-MM-DDTHH:MM[:SS[.frac]], with "Z",
 * "+HH:MM", "+HHMM" or no offset (display zone).  A space may stand for the
 * 'T'.  Fractions are truncated.  Returns KZ_EINVAL on anything else,
 * including impossible dates and instants outside 1900-01-02T00:00:00Z ..
 * 9999-12-30T23:59:59Z (so that whatever is accepted, written by
 * timefmt_format or timefmt_format_utc, reads back); *out is unchanged
 * then.
 */
enum kz_err timefmt_parse(const char *s, kz_time *out) KZ_MUST_CHECK;
/* True when timefmt_parse refuses 's' although it has one of its forms:
 * a date or time that does not exist or lies outside those years. */
bool timefmt_out_of_range(const char *s);
/* Write 't' in the display zone with its offset ("2026-11-22T10:00:00+09:00")
 * into out[TIMEFMT_LEN]; returns out. */
char *timefmt_format(kz_time t, char *out);
/* Write 't' in UTC ("2026-11-22T01:00:00Z"); returns out. */
char *timefmt_format_utc(kz_time t, char *out);
/* Write 't' as "2026-11-22 10:00" in the display zone, for people. */
char *timefmt_format_short(kz_time t, char *out);
/* The local date and hour of 't' in the display zone (OUT: any may be
 * NULL). */
void timefmt_local(kz_time t, int *y, int *m, int *d, int *hour);
/* Calendar year of 't' in the display zone. */
int timefmt_year(kz_time t);
/* The civil date of day number 'days' since 1970-01-01 (OUT). */
void timefmt_civil_from_days(int64_t days, int *y, int *m, int *d);
/* Days since 1970-01-01 of the civil date y-m-d (proleptic Gregorian). */
int64_t timefmt_days_from_civil(int y, int m, int d);

#endif
