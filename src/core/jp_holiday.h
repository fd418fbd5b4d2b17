/* SPDX-License-Identifier: MIT */
/*
 * jp_holiday.h - Japan's national holidays, computed from the rules of the
 * Act on National Holidays (国民の祝日に関する法律): fixed days, Happy
 * Mondays, the equinox days, substitute holidays (振替休日) and citizens'
 * holidays (国民の休日), with the changes of each year the law changed.
 * Pure arithmetic on civil dates; no table of dates beyond the one-off
 * holidays set by special laws.
 */
#ifndef KZ_CORE_JP_HOLIDAY_H
#define KZ_CORE_JP_HOLIDAY_H

#include <stdbool.h>

/* Holidays are known from 1948-07-20, when the act took effect, until
 * 2099 (the equinox formulas' range). */
#define JP_HOLIDAY_FIRST_YEAR 1949
#define JP_HOLIDAY_LAST_YEAR 2099

/*
 * The holiday on y-m-d, as the key of its name ("jp.new_year", …,
 * "jp.substitute", "jp.citizens"), or NULL when it is not a holiday (or
 * outside the years above).
 */
const char *jp_holiday(int y, int m, int d);
/* True when y-m-d is a national holiday. */
bool jp_is_holiday(int y, int m, int d);
/* Day of the week of y-m-d: 0 Sunday … 6 Saturday. */
int jp_weekday(int y, int m, int d);
/* Vernal and autumnal equinox days of March and September of 'y'. */
int jp_vernal_equinox(int y);
int jp_autumnal_equinox(int y);

#endif
