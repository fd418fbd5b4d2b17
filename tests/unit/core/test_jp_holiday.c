/* SPDX-License-Identifier: MIT */
/*
 * test_jp_holiday.c - the computed holiday calendar against the national
 * holidays published by the Cabinet Office (内閣府「国民の祝日」) for
 * several years, and the rules' edge cases.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "core/jp_holiday.h"

struct year_list {
    int year;
    const char *dates; /* every holiday of the year, "MM-DD" space-separated */
};

/* As published (substitute and citizens' holidays included). */
static const struct year_list published[] = {
    {2019, "01-01 01-14 02-11 03-21 04-29 04-30 05-01 05-02 05-03 05-04 "
           "05-05 05-06 07-15 08-11 08-12 09-16 09-23 10-14 10-22 11-03 "
           "11-04 11-23"},
    {2020, "01-01 01-13 02-11 02-23 02-24 03-20 04-29 05-03 05-04 05-05 "
           "05-06 07-23 07-24 08-10 09-21 09-22 11-03 11-23"},
    {2021, "01-01 01-11 02-11 02-23 03-20 04-29 05-03 05-04 05-05 07-22 "
           "07-23 08-08 08-09 09-20 09-23 11-03 11-23"},
    {2023, "01-01 01-02 01-09 02-11 02-23 03-21 04-29 05-03 05-04 05-05 "
           "07-17 08-11 09-18 09-23 10-09 11-03 11-23"},
    {2024, "01-01 01-08 02-11 02-12 02-23 03-20 04-29 05-03 05-04 05-05 "
           "05-06 07-15 08-11 08-12 09-16 09-22 09-23 10-14 11-03 11-04 "
           "11-23"},
    {2025, "01-01 01-13 02-11 02-23 02-24 03-20 04-29 05-03 05-04 05-05 "
           "05-06 07-21 08-11 09-15 09-23 10-13 11-03 11-23 11-24"},
    {2026, "01-01 01-12 02-11 02-23 03-20 04-29 05-03 05-04 05-05 05-06 "
           "07-20 08-11 09-21 09-22 09-23 10-12 11-03 11-23"},
};

static void computed_list(int y, char *out, size_t n)
{
    size_t k = 0;

    out[0] = '\0';
    for (int m = 1; m <= 12; m++) {
        for (int d = 1; d <= 31; d++) {
            if (jp_is_holiday(y, m, d))
                k += (size_t)snprintf(out + k, n - k, "%s%02d-%02d",
                                      k ? " " : "", m, d);
        }
    }
}

static void test_published_years_match(void **state)
{
    char got[512];

    (void)state;
    for (size_t i = 0; i < sizeof(published) / sizeof(published[0]); i++) {
        computed_list(published[i].year, got, sizeof(got));
        if (strcmp(got, published[i].dates) != 0)
            fail_msg("%d\n  want %s\n  got  %s", published[i].year,
                     published[i].dates, got);
    }
}

static void test_names(void **state)
{
    (void)state;
    assert_string_equal(jp_holiday(2026, 1, 1), "jp.new_year");
    assert_string_equal(jp_holiday(2026, 5, 6), "jp.substitute");
    assert_string_equal(jp_holiday(2026, 9, 22), "jp.citizens");
    assert_string_equal(jp_holiday(2026, 7, 20), "jp.marine");
    assert_string_equal(jp_holiday(2006, 4, 29), "jp.greenery");
    assert_string_equal(jp_holiday(2007, 4, 29), "jp.showa");
    assert_string_equal(jp_holiday(1988, 4, 29), "jp.emperor_birthday");
    assert_string_equal(jp_holiday(2018, 12, 23), "jp.emperor_birthday");
    assert_null(jp_holiday(2019, 12, 23));
    assert_null(jp_holiday(2019, 2, 23));
    assert_null(jp_holiday(2026, 12, 29)); /* year-end closure is not a
                                              national holiday */
    assert_null(jp_holiday(2026, 11, 22));
}

static void test_substitute_rules_changed_in_2007(void **state)
{
    (void)state;
    /* 2008: Greenery Day (5/4) on a Sunday; 5/5 is a holiday already, so
     * the substitute falls on Tuesday 5/6 (the 2007 rule). */
    assert_string_equal(jp_holiday(2008, 5, 6), "jp.substitute");
    /* 2006 and before: only the Monday after a Sunday holiday. */
    assert_string_equal(jp_holiday(2001, 9, 24), "jp.substitute");
    /* Before 1973-04-12 there were no substitutes. */
    assert_null(jp_holiday(1972, 1, 3));
}

static void test_happy_mondays(void **state)
{
    (void)state;
    assert_int_equal(jp_weekday(2026, 1, 12), 1);
    assert_string_equal(jp_holiday(1999, 1, 15), "jp.coming_of_age");
    assert_string_equal(jp_holiday(2000, 1, 10), "jp.coming_of_age");
    assert_string_equal(jp_holiday(2002, 9, 15), "jp.respect_for_aged");
    assert_string_equal(jp_holiday(2003, 9, 15), "jp.respect_for_aged");
    assert_string_equal(jp_holiday(1999, 10, 11), "jp.substitute");
}

static void test_equinoxes(void **state)
{
    (void)state;
    assert_int_equal(jp_vernal_equinox(2026), 20);
    assert_int_equal(jp_vernal_equinox(2027), 21);
    assert_int_equal(jp_autumnal_equinox(2026), 23);
    assert_int_equal(jp_autumnal_equinox(2024), 22);
    assert_int_equal(jp_autumnal_equinox(2012), 22);
}

static void test_weekday(void **state)
{
    (void)state;
    assert_int_equal(jp_weekday(1970, 1, 1), 4);
    assert_int_equal(jp_weekday(2026, 11, 22), 0);
    assert_int_equal(jp_weekday(2000, 2, 29), 2);
}

static void test_out_of_range(void **state)
{
    (void)state;
    assert_null(jp_holiday(1900, 1, 1));
    assert_null(jp_holiday(2100, 1, 1));
    assert_null(jp_holiday(2026, 13, 1));
    assert_null(jp_holiday(2026, 0, 1));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_published_years_match),
        cmocka_unit_test(test_names),
        cmocka_unit_test(test_substitute_rules_changed_in_2007),
        cmocka_unit_test(test_happy_mondays),
        cmocka_unit_test(test_equinoxes),
        cmocka_unit_test(test_weekday),
        cmocka_unit_test(test_out_of_range),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
