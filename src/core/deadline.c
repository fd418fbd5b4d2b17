/* SPDX-License-Identifier: MIT */
/*
 * deadline.c - deadline calendars (see deadline.h).
 */
#include "core/deadline.h"

#include "core/jp_holiday.h"

#define JST_OFFSET (9 * 3600)

static int64_t floor_div(int64_t a, int64_t b)
{
    return a >= 0 ? a / b : -((-a + b - 1) / b);
}

int64_t jst_day(kz_time t)
{
    return floor_div(t + JST_OFFSET, 86400);
}

kz_time jst_day_end(int64_t day)
{
    return day * 86400 + 86399 - JST_OFFSET;
}

/* Day of the week of day number 'day': 0 Sunday … 6 Saturday. */
static int weekday(int64_t day)
{
    return (int)(((day % 7) + 7 + 4) % 7);
}

bool jst_closed(int64_t day)
{
    int y;
    int m;
    int d;
    int w = weekday(day);

    timefmt_civil_from_days(day, &y, &m, &d);
    return w == 0 || w == 6 || jp_is_holiday(y, m, d) || (m == 12 && d >= 29) ||
           (m == 1 && d <= 3);
}

kz_time appi_deadline(kz_time t, int n)
{
    int64_t day = jst_day(t) + n - 1;

    while (jst_closed(day))
        day++;
    return jst_day_end(day);
}

/* Day number of the n-th 'wd' (0 Sunday) of y-m; n = -1 for the last. */
static int64_t nth_weekday(int y, int m, int wd, int n)
{
    if (n > 0) {
        int64_t first = timefmt_days_from_civil(y, m, 1);
        int64_t off = (wd - weekday(first) + 7) % 7;
        return first + off + 7 * (n - 1);
    }
    int ny = m == 12 ? y + 1 : y;
    int nm = m == 12 ? 1 : m + 1;
    int64_t last = timefmt_days_from_civil(ny, nm, 1) - 1;
    return last - (weekday(last) - wd + 7) % 7;
}

int us_eastern_offset(kz_time t)
{
    int y;
    int m;
    int d;

    timefmt_civil_from_days(floor_div(t, 86400), &y, &m, &d);
    /* Since 2007: from 2:00 EST on the second Sunday of March (07:00 UTC)
     * to 2:00 EDT on the first Sunday of November (06:00 UTC). */
    kz_time start = nth_weekday(y, 3, 0, 2) * 86400 + 7 * 3600;
    kz_time end = nth_weekday(y, 11, 0, 1) * 86400 + 6 * 3600;
    return t >= start && t < end ? -4 * 3600 : -5 * 3600;
}

/* The observed day of a fixed-date holiday: Saturday → Friday, Sunday →
 * Monday. */
static int64_t observed(int64_t day)
{
    int w = weekday(day);

    return w == 6 ? day - 1 : w == 0 ? day + 1 : day;
}

bool us_federal_holiday(int64_t day)
{
    int y;
    int m;
    int d;

    timefmt_civil_from_days(day, &y, &m, &d);
    /* Fixed dates of this year, and New Year's Day of the next year,
     * which can be observed on 31 December. */
    const int64_t fixed[] = {
        timefmt_days_from_civil(y, 1, 1),
        timefmt_days_from_civil(y + 1, 1, 1),
        timefmt_days_from_civil(y, 7, 4),
        timefmt_days_from_civil(y, 11, 11),
        timefmt_days_from_civil(y, 12, 25),
        y >= 2021 ? timefmt_days_from_civil(y, 6, 19) : -1,
    };
    for (size_t i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++) {
        if (fixed[i] >= 0 && observed(fixed[i]) == day)
            return true;
    }
    return day == nth_weekday(y, 1, 1, 3) ||  /* Martin Luther King Jr. */
           day == nth_weekday(y, 2, 1, 3) ||  /* Washington's Birthday */
           day == nth_weekday(y, 5, 1, -1) || /* Memorial Day */
           day == nth_weekday(y, 9, 1, 1) ||  /* Labor Day */
           day == nth_weekday(y, 10, 1, 2) || /* Columbus Day */
           day == nth_weekday(y, 11, 4, 4);   /* Thanksgiving */
}

kz_time us_business_deadline(kz_time t, int n)
{
    int64_t day = floor_div(t + us_eastern_offset(t), 86400);

    while (n > 0) {
        day++;
        int w = weekday(day);
        if (w != 0 && w != 6 && !us_federal_holiday(day))
            n--;
    }
    /* The offset at noon of that day is the offset of its evening. */
    kz_time noon = day * 86400 + 12 * 3600;
    return (day + 1) * 86400 - 1 - us_eastern_offset(noon);
}

kz_time add_months(kz_time t, int months)
{
    int y;
    int m;
    int d;
    int64_t day = floor_div(t, 86400);
    kz_time secs = t - day * 86400;

    timefmt_civil_from_days(day, &y, &m, &d);
    int total = (y * 12 + (m - 1)) + months;
    y = total / 12;
    m = total % 12 + 1;
    int ny = m == 12 ? y + 1 : y;
    int nm = m == 12 ? 1 : m + 1;
    int last = (int)(timefmt_days_from_civil(ny, nm, 1) -
                     timefmt_days_from_civil(y, m, 1));
    if (d > last)
        d = last;
    return timefmt_days_from_civil(y, m, d) * 86400 + secs;
}
