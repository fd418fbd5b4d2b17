/* SPDX-License-Identifier: MIT */
/*
 * test_deadline.c - the calendars deadlines are counted in
 * (src/core/deadline.c): Japanese days (UTC+9) with the APPI day count
 * (the day of awareness is day 1; a last day on a Saturday, Sunday,
 * national holiday or 29 December to 3 January moves to the next open
 * day: ガイドライン通則編 3-5-3-4), the closed days against the Cabinet
 * Office's published holidays, US Eastern time with its daylight-saving
 * switches, the US federal holidays as observed against the OPM lists of
 * 2024-2027, US business days, and calendar months.
 */
#include "support/test.h"

#include <stdio.h>
#include <string.h>

#include "core/deadline.h"
#include "core/jp_holiday.h"
#include "support/fixture.h"

/* Fail unless 'got' is the instant 'want' (ISO 8601), naming both. */
static void assert_time_is(kz_time got, const char *want, const char *what)
{
    kz_time w = fixture_time(want);
    char g[TIMEFMT_LEN];
    char e[TIMEFMT_LEN];

    if (got != w)
        fail_msg("%s: want %s, got %s", what, timefmt_format_utc(w, e),
                 timefmt_format_utc(got, g));
}

static int64_t day_of(int y, int m, int d)
{
    return timefmt_days_from_civil(y, m, d);
}

/* --- Japanese days ------------------------------------------------------ */

static void test_jst_day_starts_at_midnight_in_tokyo(void **state)
{
    (void)state;
    /* 2026-11-19T15:00:00Z is midnight of the 20th in Tokyo. */
    assert_int_equal(jst_day(fixture_time("2026-11-19T14:59:59Z")),
                     day_of(2026, 11, 19));
    assert_int_equal(jst_day(fixture_time("2026-11-19T15:00:00Z")),
                     day_of(2026, 11, 20));
    assert_int_equal(jst_day(fixture_time("2026-11-20T23:59:59+09:00")),
                     day_of(2026, 11, 20));
    /* Before 1970 too (floor, not truncation). */
    assert_int_equal(jst_day(fixture_time("1969-12-31T23:00:00+09:00")), -1);
    assert_time_is(jst_day_end(day_of(2026, 12, 21)),
                   "2026-12-21T23:59:59+09:00", "end of day");
}

/* Every day of 'y' is closed exactly when it is a Saturday, a Sunday, one
 * of 'holidays' ("MM-DD" as published) or in the year-end closure. */
static void check_closed_days(int y, const char *holidays)
{
    int64_t first = day_of(y, 1, 1);
    int64_t last = day_of(y, 12, 31);

    for (int64_t day = first; day <= last; day++) {
        int yy;
        int m;
        int d;
        char md[8];
        timefmt_civil_from_days(day, &yy, &m, &d);
        snprintf(md, sizeof(md), "%02d-%02d", m, d);
        int w = jp_weekday(yy, m, d);
        bool want = w == 0 || w == 6 || strstr(holidays, md) != NULL ||
                    (m == 12 && d >= 29) || (m == 1 && d <= 3);
        if (jst_closed(day) != want)
            fail_msg("%d-%s: closed should be %s", y, md,
                     want ? "true" : "false");
    }
}

/* 内閣府「国民の祝日について」, substitute and citizens' holidays
 * included. */
static void test_closed_days_follow_the_published_holidays(void **state)
{
    (void)state;
    check_closed_days(2024, "01-01 01-08 02-11 02-12 02-23 03-20 04-29 05-03 "
                            "05-04 05-05 05-06 07-15 08-11 08-12 09-16 09-22 "
                            "09-23 10-14 11-03 11-04 11-23");
    check_closed_days(2025, "01-01 01-13 02-11 02-23 02-24 03-20 04-29 05-03 "
                            "05-04 05-05 05-06 07-21 08-11 09-15 09-23 10-13 "
                            "11-03 11-23 11-24");
    check_closed_days(2026, "01-01 01-12 02-11 02-23 03-20 04-29 05-03 05-04 "
                            "05-05 05-06 07-20 08-11 09-21 09-22 09-23 10-12 "
                            "11-03 11-23");
    check_closed_days(2027, "01-01 01-11 02-11 02-23 03-21 03-22 04-29 05-03 "
                            "05-04 05-05 07-19 08-11 09-20 09-23 10-11 11-03 "
                            "11-23");
}

static void test_year_end_closure_is_closed_even_on_weekdays(void **state)
{
    (void)state;
    /* 2026-12-29 is a Tuesday, 2027-01-04 a Monday. */
    assert_false(jst_closed(day_of(2026, 12, 28)));
    for (int d = 29; d <= 31; d++)
        assert_true(jst_closed(day_of(2026, 12, d)));
    for (int d = 1; d <= 3; d++)
        assert_true(jst_closed(day_of(2027, 1, d)));
    assert_false(jst_closed(day_of(2027, 1, 4)));
}

/* --- APPI day counting -------------------------------------------------- */

static const struct {
    const char *aware; /* when the organisation became aware */
    int days;
    const char *due; /* the last second of the deadline day, JST */
    const char *why;
} appi_cases[] = {
    /* Day 30 on a weekday: nothing moves (11-02 is day 1). */
    {"2026-11-02T09:00:00+09:00", 30, "2026-12-01T23:59:59+09:00", "weekday"},
    /* Day 30 is Saturday 12-19: Monday 12-21. */
    {"2026-11-20T10:00:00+09:00", 30, "2026-12-21T23:59:59+09:00", "Saturday"},
    /* Day 30 is Sunday 12-20: Monday 12-21. */
    {"2026-11-21T10:00:00+09:00", 30, "2026-12-21T23:59:59+09:00", "Sunday"},
    /* Day 30 is 勤労感謝の日 (Monday 11-23): Tuesday. */
    {"2026-10-25T10:00:00+09:00", 30, "2026-11-24T23:59:59+09:00",
     "national holiday"},
    /* Day 30 is 05-04 in Golden Week (05-04, 05-05, 05-06 substitute). */
    {"2026-04-05T10:00:00+09:00", 30, "2026-05-07T23:59:59+09:00",
     "Golden Week"},
    /* Day 30 is 12-29: closed until 01-03 (a Sunday), so 01-04. */
    {"2026-11-30T10:00:00+09:00", 30, "2027-01-04T23:59:59+09:00",
     "year-end closure"},
    /* Day 30 is Saturday 09-19 of the 2026 silver week: 09-20 Sunday,
     * 09-21 敬老の日, 09-22 国民の休日, 09-23 秋分の日. */
    {"2026-08-21T10:00:00+09:00", 30, "2026-09-24T23:59:59+09:00",
     "silver week"},
    /* 60 days: day 60 is 2027-01-18, a Monday and open. */
    {"2026-11-20T10:00:00+09:00", 60, "2027-01-18T23:59:59+09:00",
     "60 days, open"},
    /* 60 days: day 60 is 05-04, Golden Week. */
    {"2026-03-06T10:00:00+09:00", 60, "2026-05-07T23:59:59+09:00",
     "60 days, Golden Week"},
    /* 60 days: day 60 is 12-29, the year-end closure. */
    {"2026-10-31T10:00:00+09:00", 60, "2027-01-04T23:59:59+09:00",
     "60 days, year-end"},
    /* Awareness at 00:30 JST (still the 19th in UTC) counts from the
     * 20th, a Friday; at 23:59 JST the same day. */
    {"2026-11-19T15:30:00Z", 30, "2026-12-21T23:59:59+09:00",
     "just after midnight JST"},
    {"2026-11-20T14:59:59Z", 30, "2026-12-21T23:59:59+09:00",
     "just before midnight JST"},
    /* One day: the day of awareness itself. */
    {"2026-11-20T10:00:00+09:00", 1, "2026-11-20T23:59:59+09:00", "day 1"},
};

static void test_appi_deadline_counts_day_one_and_rolls_over(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof(appi_cases) / sizeof(appi_cases[0]); i++)
        assert_time_is(appi_deadline(fixture_time(appi_cases[i].aware),
                                     appi_cases[i].days),
                       appi_cases[i].due, appi_cases[i].why);
}

/* --- US Eastern time ---------------------------------------------------- */

static void test_us_eastern_offset_switches_at_2am_local(void **state)
{
    (void)state;
    /* 2026: second Sunday of March is 03-08, first of November 11-01. */
    assert_int_equal(us_eastern_offset(fixture_time("2026-03-08T06:59:59Z")),
                     -18000);
    assert_int_equal(us_eastern_offset(fixture_time("2026-03-08T07:00:00Z")),
                     -14400);
    assert_int_equal(us_eastern_offset(fixture_time("2026-11-01T05:59:59Z")),
                     -14400);
    assert_int_equal(us_eastern_offset(fixture_time("2026-11-01T06:00:00Z")),
                     -18000);
    /* 2025: 03-09 and 11-02; 2027: 03-14 and 11-07. */
    assert_int_equal(us_eastern_offset(fixture_time("2025-03-09T06:59:59Z")),
                     -18000);
    assert_int_equal(us_eastern_offset(fixture_time("2025-03-09T07:00:00Z")),
                     -14400);
    assert_int_equal(us_eastern_offset(fixture_time("2025-11-02T05:59:59Z")),
                     -14400);
    assert_int_equal(us_eastern_offset(fixture_time("2025-11-02T06:00:00Z")),
                     -18000);
    assert_int_equal(us_eastern_offset(fixture_time("2027-03-14T07:00:00Z")),
                     -14400);
    assert_int_equal(us_eastern_offset(fixture_time("2027-11-07T06:00:00Z")),
                     -18000);
    /* Winter and summer. */
    assert_int_equal(us_eastern_offset(fixture_time("2026-01-15T12:00:00Z")),
                     -18000);
    assert_int_equal(us_eastern_offset(fixture_time("2026-07-15T12:00:00Z")),
                     -14400);
}

struct year_list {
    int year;
    const char *dates; /* "MM-DD" space-separated */
};

/* OPM "Federal Holidays" for each year, as observed (the Friday before a
 * Saturday holiday, the Monday after a Sunday one; New Year's Day 2028,
 * a Saturday, is observed on Friday 2027-12-31). */
static const struct year_list opm[] = {
    {2024, "01-01 01-15 02-19 05-27 06-19 07-04 09-02 10-14 11-11 11-28 "
           "12-25"},
    {2025, "01-01 01-20 02-17 05-26 06-19 07-04 09-01 10-13 11-11 11-27 "
           "12-25"},
    {2026, "01-01 01-19 02-16 05-25 06-19 07-03 09-07 10-12 11-11 11-26 "
           "12-25"},
    {2027, "01-01 01-18 02-15 05-31 06-18 07-05 09-06 10-11 11-11 11-25 "
           "12-24 12-31"},
};

static void test_us_federal_holidays_match_opm(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof(opm) / sizeof(opm[0]); i++) {
        char got[256];
        size_t k = 0;
        got[0] = '\0';
        for (int64_t day = day_of(opm[i].year, 1, 1);
             day <= day_of(opm[i].year, 12, 31); day++) {
            int y;
            int m;
            int d;
            if (!us_federal_holiday(day))
                continue;
            timefmt_civil_from_days(day, &y, &m, &d);
            k += (size_t)snprintf(got + k, sizeof(got) - k, "%s%02d-%02d",
                                  k ? " " : "", m, d);
        }
        if (strcmp(got, opm[i].dates) != 0)
            fail_msg("%d\n  want %s\n  got  %s", opm[i].year, opm[i].dates,
                     got);
    }
}

static void test_holiday_on_a_weekend_is_not_itself_a_holiday(void **state)
{
    (void)state;
    /* 2026-07-04 is a Saturday (observed 07-03); 2027-07-04 a Sunday
     * (observed 07-05); 2028-01-01 a Saturday (observed 2027-12-31). */
    assert_false(us_federal_holiday(day_of(2026, 7, 4)));
    assert_false(us_federal_holiday(day_of(2027, 7, 4)));
    assert_false(us_federal_holiday(day_of(2028, 1, 1)));
    assert_true(us_federal_holiday(day_of(2027, 12, 31)));
    /* Juneteenth only since 2021. */
    assert_false(us_federal_holiday(day_of(2020, 6, 19)));
    assert_true(us_federal_holiday(day_of(2023, 6, 19)));
}

static const struct {
    const char *determined; /* materiality determined */
    const char *due;        /* end of the 4th business day, Eastern */
    const char *why;
} sec_cases[] = {
    /* Wednesday before Thanksgiving (11-26): Fri 27, Mon 30, Tue 1,
     * Wed 12-02. */
    {"2026-11-25T10:00:00-05:00", "2026-12-02T23:59:59-05:00", "Thanksgiving"},
    /* July 4 on a Saturday, observed Friday 07-03: Mon 6 … Thu 9. */
    {"2026-07-02T10:00:00-04:00", "2026-07-09T23:59:59-04:00",
     "July 4 observed on a Friday"},
    /* July 4 on a Sunday, observed Monday 07-05: Fri 2, Tue 6, Wed 7,
     * Thu 8. */
    {"2027-07-01T10:00:00-04:00", "2027-07-08T23:59:59-04:00",
     "July 4 observed on a Monday"},
    /* New Year's Day 2028 observed Friday 2027-12-31: Wed 29, Thu 30,
     * Mon 3, Tue 4. */
    {"2027-12-28T10:00:00-05:00", "2028-01-04T23:59:59-05:00",
     "New Year observed on Dec 31"},
    /* A weekend and Martin Luther King Jr. Day (Monday 01-19): Fri 16,
     * Tue 20, Wed 21, Thu 22. */
    {"2026-01-15T10:00:00-05:00", "2026-01-22T23:59:59-05:00",
     "weekend and MLK Day"},
    /* A weekend alone, across the March switch to daylight time:
     * Thursday 03-05 → Fri 6, Mon 9, Tue 10, Wed 11 (EDT). */
    {"2026-03-05T10:00:00-05:00", "2026-03-11T23:59:59-04:00",
     "weekend and DST start"},
    /* 22:00 EST on Thursday 03-05 is Friday in UTC: the Eastern day
     * counts. */
    {"2026-03-06T03:00:00Z", "2026-03-11T23:59:59-04:00",
     "Eastern day, not UTC day"},
    /* Across the November switch back: Thursday 10-29 → Fri 30, Mon 2,
     * Tue 3, Wed 11-04 (EST). */
    {"2026-10-29T10:00:00-04:00", "2026-11-04T23:59:59-05:00", "DST end"},
    /* Determined on a Saturday: Mon … Thu. */
    {"2026-11-14T10:00:00-05:00", "2026-11-19T23:59:59-05:00",
     "determined on a Saturday"},
};

static void test_sec_four_business_days_in_eastern_time(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof(sec_cases) / sizeof(sec_cases[0]); i++)
        assert_time_is(
            us_business_deadline(fixture_time(sec_cases[i].determined), 4),
            sec_cases[i].due, sec_cases[i].why);
}

/* --- Calendar months ---------------------------------------------------- */

static void test_add_months_clamps_to_the_end_of_a_month(void **state)
{
    (void)state;
    assert_time_is(add_months(fixture_time("2027-01-31T10:20:30Z"), 1),
                   "2027-02-28T10:20:30Z", "Jan 31 → Feb 28");
    assert_time_is(add_months(fixture_time("2028-01-31T10:20:30Z"), 1),
                   "2028-02-29T10:20:30Z", "Jan 31 → Feb 29 (leap year)");
    assert_time_is(add_months(fixture_time("2026-03-31T00:00:00Z"), 1),
                   "2026-04-30T00:00:00Z", "Mar 31 → Apr 30");
    assert_time_is(add_months(fixture_time("2026-11-15T12:00:00Z"), 1),
                   "2026-12-15T12:00:00Z", "mid-month");
    assert_time_is(add_months(fixture_time("2026-12-31T23:59:59Z"), 1),
                   "2027-01-31T23:59:59Z", "across the year");
    assert_time_is(add_months(fixture_time("2026-12-10T00:00:00Z"), 14),
                   "2028-02-10T00:00:00Z", "14 months");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_jst_day_starts_at_midnight_in_tokyo),
        cmocka_unit_test(test_closed_days_follow_the_published_holidays),
        cmocka_unit_test(test_year_end_closure_is_closed_even_on_weekdays),
        cmocka_unit_test(test_appi_deadline_counts_day_one_and_rolls_over),
        cmocka_unit_test(test_us_eastern_offset_switches_at_2am_local),
        cmocka_unit_test(test_us_federal_holidays_match_opm),
        cmocka_unit_test(test_holiday_on_a_weekend_is_not_itself_a_holiday),
        cmocka_unit_test(test_sec_four_business_days_in_eastern_time),
        cmocka_unit_test(test_add_months_clamps_to_the_end_of_a_month),
    };

    return cmocka_run_group_tests(tests, fixture_group_setup, NULL);
}
