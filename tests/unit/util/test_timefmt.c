/* SPDX-License-Identifier: MIT */
/*
 * test_timefmt.c - ISO 8601 parsing and formatting (src/util/timefmt.c):
 * offsets, text without one read in Asia/Tokyo, impossible dates, and
 * the calendar year in the display zone.
 */
#include "support/test.h"

#include <string.h>

#include "util/timefmt.h"

/* 2026-11-22T01:00:00Z = 10:00 in Tokyo. */
#define T_1000_JST ((kz_time)1795309200)
/* 2026-11-22T00:00:00+09:00. */
#define T_MIDNIGHT_JST ((kz_time)1795273200)
/* 2028-02-29T00:00:00+09:00. */
#define T_LEAP_2028 ((kz_time)1835362800)
/* 2026-12-31T15:00:00Z = 2027-01-01T00:00:00+09:00. */
#define T_NEW_YEAR_JST ((kz_time)1798729200)

static int setup(void **state)
{
    (void)state;
    return timefmt_setup_zone("Asia/Tokyo") == KZ_OK ? 0 : -1;
}

static void test_offsets_denote_the_same_instant(void **state)
{
    static const char *const same[] = {
        "2026-11-22T01:00:00Z",
        "2026-11-22T01:00:00z",
        "2026-11-22t01:00:00Z",
        "2026-11-22T10:00:00+09:00",
        "2026-11-22T10:00:00+0900",
        "2026-11-21T20:00:00-05:00",
        "2026-11-21T20:00:00-0500",
        "2026-11-22T01:00:00+00:00",
        "2026-11-22T06:30:00+05:30",
        "2026-11-22T10:00:00", /* no offset: Tokyo */
        "2026-11-22 10:00:00", /* space for the T */
        "2026-11-22T10:00",    /* no seconds */
        "2026-11-22 10:00",
        "2026-11-22T10:00+09:00",
        "2026-11-22T10:00:00.999+09:00", /* fractions are truncated */
        "2026-11-22T10:00:00,5+09:00",
        "2026-11-22T10:00:00.123456789",
        "2026-11-22T01:00:00.0Z",
    };
    kz_time t;

    (void)state;
    for (size_t i = 0; i < sizeof(same) / sizeof(same[0]); i++) {
        t = 0;
        if (timefmt_parse(same[i], &t) != KZ_OK)
            fail_msg("%s should parse", same[i]);
        if (t != T_1000_JST)
            fail_msg("%s gave %lld, want %lld", same[i], (long long)t,
                     (long long)T_1000_JST);
    }
}

static void test_date_only_is_midnight_in_tokyo(void **state)
{
    kz_time t = 0;

    (void)state;
    assert_int_equal(timefmt_parse("2026-11-22", &t), KZ_OK);
    assert_int_equal(t, T_MIDNIGHT_JST);
    assert_int_equal(timefmt_parse("2028-02-29", &t), KZ_OK);
    assert_int_equal(t, T_LEAP_2028);
}

static void test_impossible_or_malformed_text_is_refused(void **state)
{
    static const char *const bad[] = {
        "",
        "garbage",
        "2026",
        "2026-11",
        "26-11-22",
        "2026-1-22",
        "2026-11-2",
        "2026/11/22",
        "2026-02-29", /* 2026 is not a leap year */
        "2100-02-29", /* nor is 2100 */
        "1900-02-29",
        "2026-02-30",
        "2026-04-31",
        "2026-13-01",
        "2026-00-10",
        "2026-11-00",
        "2026-11-32",
        "2026-11-22T24:00",
        "2026-11-22T24:00:00Z",
        "2026-11-22T23:60",
        "2026-11-22T23:59:60Z", /* leap seconds are refused */
        "2026-11-22T10",
        "2026-11-22T10:0",
        "2026-11-22T",
        "2026-11-22T10:00:00.",
        "2026-11-22T10:00:00.Z",
        "2026-11-22T10:00:00+9:00",
        "2026-11-22T10:00:00+09",
        "2026-11-22T10:00:00+09:0",
        "2026-11-22T10:00:00+24:00",
        "2026-11-22T10:00:00+09:60",
        "2026-11-22T10:00:00 +09:00",
        "2026-11-22T10:00:00+09:00 extra",
        "2026-11-22T10:00:00Zjunk",
        "2026-11-22T10:00:00ZZ",
        "2026-11-22x",
        "2026-11-22Z", /* a date with an offset but no time */
        "2026-11-22+09:00",
        "2026-11-22 ",
        " 2026-11-22",
        "2026-11-22T10:00:00JST",
        "１９９９-01-01",
        "1899-12-31T23:59:59Z",
        "2026-11-22T10:00:00.00000000000000000000000000000000001Z",
    };
    kz_time t = 12345;

    (void)state;
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        if (timefmt_parse(bad[i], &t) != KZ_EINVAL)
            fail_msg("\"%s\" should be refused", bad[i]);
        /* *out is unchanged on refusal. */
        assert_int_equal(t, 12345);
    }
    assert_int_equal(timefmt_parse(NULL, &t), KZ_EINVAL);
}

static void test_leap_days(void **state)
{
    kz_time t;

    (void)state;
    assert_int_equal(timefmt_parse("2028-02-29T12:00:00Z", &t), KZ_OK);
    assert_int_equal(timefmt_parse("2000-02-29T12:00:00Z", &t), KZ_OK);
    assert_int_equal(timefmt_parse("2024-02-29", &t), KZ_OK);
    assert_int_equal(timefmt_parse("2026-02-28T23:59:59+09:00", &t), KZ_OK);
    assert_int_equal(timefmt_parse("2026-02-29T00:00:00Z", &t), KZ_EINVAL);
}

static void test_format_writes_tokyo_time_with_offset(void **state)
{
    char out[TIMEFMT_LEN];

    (void)state;
    assert_ptr_equal(timefmt_format(T_1000_JST, out), out);
    assert_string_equal(out, "2026-11-22T10:00:00+09:00");
    assert_string_equal(timefmt_format(T_NEW_YEAR_JST, out),
                        "2027-01-01T00:00:00+09:00");
    assert_string_equal(timefmt_format(0, out), "1970-01-01T09:00:00+09:00");
    assert_string_equal(timefmt_format_utc(T_1000_JST, out),
                        "2026-11-22T01:00:00Z");
    assert_string_equal(timefmt_format_utc(T_NEW_YEAR_JST, out),
                        "2026-12-31T15:00:00Z");
    assert_string_equal(timefmt_format_short(T_1000_JST, out),
                        "2026-11-22 10:00");
    assert_string_equal(timefmt_format_short(T_1000_JST + 59, out),
                        "2026-11-22 10:00");
}

static void test_format_and_parse_round_trip(void **state)
{
    char out[TIMEFMT_LEN];
    kz_time t;

    (void)state;
    for (kz_time x = T_1000_JST - 400 * 86400; x < T_1000_JST + 800 * 86400;
         x += 86400 + 3671) {
        assert_int_equal(timefmt_parse(timefmt_format(x, out), &t), KZ_OK);
        assert_int_equal(t, x);
        assert_int_equal(timefmt_parse(timefmt_format_utc(x, out), &t), KZ_OK);
        assert_int_equal(t, x);
    }
}

static void test_year_is_the_year_in_tokyo(void **state)
{
    (void)state;
    /* 2026-12-31T15:00:00Z is already 2027 in Tokyo. */
    assert_int_equal(timefmt_year(T_NEW_YEAR_JST), 2027);
    assert_int_equal(timefmt_year(T_NEW_YEAR_JST - 1), 2026);
    assert_int_equal(timefmt_year(T_1000_JST), 2026);
    /* And 2026-01-01T00:00+09:00 is 2025 in UTC but 2026 here. */
    assert_int_equal(timefmt_year(1767193200), 2026);
    assert_int_equal(timefmt_year(1767193199), 2025);
}

static void test_days_from_civil(void **state)
{
    (void)state;
    assert_int_equal(timefmt_days_from_civil(1970, 1, 1), 0);
    assert_int_equal(timefmt_days_from_civil(1970, 1, 2), 1);
    assert_int_equal(timefmt_days_from_civil(1969, 12, 31), -1);
    assert_int_equal(timefmt_days_from_civil(2000, 3, 1), 11017);
    assert_int_equal(timefmt_days_from_civil(2026, 11, 22), 20779);
    assert_int_equal(timefmt_days_from_civil(2028, 3, 1) -
                         timefmt_days_from_civil(2028, 2, 28),
                     2);
}

static void test_zone_setup(void **state)
{
    kz_time t;
    char out[TIMEFMT_LEN];

    (void)state;
    assert_string_equal(timefmt_zone(), "Asia/Tokyo");
    assert_int_equal(timefmt_setup_zone("Not/A_Zone"), KZ_EINVAL);
    assert_int_equal(timefmt_setup_zone("../../etc/passwd"), KZ_EINVAL);
    assert_string_equal(timefmt_zone(), "Asia/Tokyo");

    /* Another zone, with daylight saving: July in New York is -04:00. */
    assert_int_equal(timefmt_setup_zone("America/New_York"), KZ_OK);
    assert_string_equal(timefmt_zone(), "America/New_York");
    assert_int_equal(timefmt_parse("2026-07-01T12:00:00", &t), KZ_OK);
    assert_int_equal(t, 1782921600);
    assert_string_equal(timefmt_format(t, out), "2026-07-01T12:00:00-04:00");
    assert_string_equal(timefmt_format(T_1000_JST, out),
                        "2026-11-21T20:00:00-05:00");
    assert_int_equal(timefmt_year(T_NEW_YEAR_JST), 2026);

    assert_int_equal(timefmt_setup_zone("UTC"), KZ_OK);
    assert_string_equal(timefmt_format(T_1000_JST, out),
                        "2026-11-22T01:00:00+00:00");

    /* Offsets with minutes, on both sides of UTC. */
    assert_int_equal(timefmt_setup_zone("Asia/Kathmandu"), KZ_OK);
    assert_string_equal(timefmt_format(T_1000_JST, out),
                        "2026-11-22T06:45:00+05:45");
    assert_int_equal(timefmt_setup_zone("America/St_Johns"), KZ_OK);
    assert_string_equal(timefmt_format(T_1000_JST, out),
                        "2026-11-21T21:30:00-03:30");
    assert_string_equal(timefmt_format(1782921600 + 59, out),
                        "2026-07-01T13:30:59-02:30");

    assert_int_equal(timefmt_setup_zone("Asia/Tokyo"), KZ_OK);
    assert_string_equal(timefmt_format(T_1000_JST, out),
                        "2026-11-22T10:00:00+09:00");
    assert_string_equal(timefmt_format(-2208988800, out),
                        "1900-01-01T09:00:00+09:00");
}

/*
 * Found by fuzz/fuzz_timefmt.c: the years 1900-9999 were checked on the
 * text, so an offset or the display zone could carry an accepted instant
 * into a year that timefmt_parse refuses: "9999-12-31T23:59:59Z" was
 * accepted and written in Tokyo as "10000-01-01T08:59:59+09:00", and
 * "1900-01-01" (Tokyo midnight) as "1899-12-31T15:00:00Z" in UTC, neither
 * of which read back.  Every accepted time must read back from both
 * forms, in any zone.
 */
static void test_fuzz_accepted_times_read_back_at_the_year_edges(void **state)
{
    static const char *const zones[] = {"Asia/Tokyo", "America/New_York",
                                        "Etc/GMT-14", "Etc/GMT+12", "UTC"};
    static const char *const texts[] = {
        "9999-12-31T23:59:59Z",
        "9999-12-31T12:00-12:00",
        "9999-12-31",
        "9999-12-30T23:59:59Z",
        "9999-12-30T23:59:59-09:00",
        "9999-12-30T20:00:00-05:00",
        "1900-01-01",
        "1900-01-01T00:00:00Z",
        "1900-01-01T05:00:00+05:00",
        "1900-01-02T00:00:00Z",
        "1900-01-02T00:00:00+00:01",
        "1900-01-02T09:00",
    };
    char out[TIMEFMT_LEN];
    kz_time t;
    kz_time again;

    (void)state;
    for (size_t z = 0; z < sizeof(zones) / sizeof(zones[0]); z++) {
        assert_int_equal(timefmt_setup_zone(zones[z]), KZ_OK);
        for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
            if (timefmt_parse(texts[i], &t) != KZ_OK)
                continue;
            if (timefmt_parse(timefmt_format_utc(t, out), &again) != KZ_OK ||
                again != t)
                fail_msg("%s in %s: UTC form %s does not read back", texts[i],
                         zones[z], out);
            if (timefmt_parse(timefmt_format(t, out), &again) != KZ_OK ||
                again != t)
                fail_msg("%s in %s: local form %s does not read back", texts[i],
                         zones[z], out);
        }
    }
    assert_int_equal(timefmt_setup_zone("Asia/Tokyo"), KZ_OK);
    /* The bounds themselves. */
    assert_int_equal(timefmt_parse("1900-01-02T00:00:00Z", &t), KZ_OK);
    assert_int_equal(timefmt_parse("1900-01-01T23:59:59Z", &t), KZ_EINVAL);
    assert_int_equal(timefmt_parse("9999-12-30T23:59:59Z", &t), KZ_OK);
    assert_int_equal(timefmt_parse("9999-12-31T00:00:00Z", &t), KZ_EINVAL);
    assert_int_equal(timefmt_parse("1900-01-01", &t), KZ_EINVAL);
    assert_int_equal(timefmt_parse("9999-12-31", &t), KZ_OK);
}

/*
 * Found by fuzz/fuzz_timefmt.c: in a display zone whose offset was not a
 * whole number of minutes (local mean time: Amsterdam was +00:19:32
 * until 1937), timefmt_format wrote the local time with the offset's
 * seconds dropped, "1920-06-01T12:19:32+00:19" for 12:00:00Z, which
 * reads back 32 seconds later than the instant it was written for.
 */
static void test_fuzz_offset_with_seconds_reads_back(void **state)
{
    char out[TIMEFMT_LEN];
    kz_time t;
    kz_time again;

    (void)state;
    assert_int_equal(timefmt_setup_zone("Europe/Amsterdam"), KZ_OK);
    assert_int_equal(timefmt_parse("1920-01-15T12:00:00Z", &t), KZ_OK);
    assert_int_equal(timefmt_parse(timefmt_format(t, out), &again), KZ_OK);
    assert_int_equal(again, t);
    assert_string_equal(out, "1920-01-15T12:19:00+00:19");
    /* Local text is read in local mean time and written back exactly. */
    assert_int_equal(timefmt_parse("1930-03-01T08:00:00", &t), KZ_OK);
    assert_int_equal(timefmt_parse(timefmt_format(t, out), &again), KZ_OK);
    assert_int_equal(again, t);
    /* Whole-minute offsets are written as before. */
    assert_int_equal(timefmt_parse("2026-07-01T12:00:00Z", &t), KZ_OK);
    assert_string_equal(timefmt_format(t, out), "2026-07-01T14:00:00+02:00");
    assert_int_equal(timefmt_setup_zone("Asia/Tokyo"), KZ_OK);
}

/* A refused text is either badly written or names a time that does not
 * exist; the two get different messages, so they must be told apart. */
static void test_out_of_range_is_told_from_malformed(void **state)
{
    static const char *const range[] = {
        "1899-12-31T09:00+09:00",
        "0999-01-01T00:00",
        "2026-02-30",
        "2026-13-01",
        "2026-11-22T24:00",
        "2026-11-22T09:60",
        "9999-12-31T23:00:00Z",
        "2025-02-29 10:00",
        "1900-01-01",
    };
    static const char *const malformed[] = {
        "2026/11/22",
        "22-11-2026",
        "2026-11-22T9:30",
        "yesterday",
        "",
        "2026-02-30Tjunk",
        "20260-01-01T00:00",
        "2026-11-22T09:30+25:00",
    };
    kz_time t;

    (void)state;
    for (size_t i = 0; i < sizeof(range) / sizeof(range[0]); i++) {
        assert_int_equal(timefmt_parse(range[i], &t), KZ_EINVAL);
        if (!timefmt_out_of_range(range[i]))
            fail_msg("%s should be out of range", range[i]);
    }
    for (size_t i = 0; i < sizeof(malformed) / sizeof(malformed[0]); i++) {
        assert_int_equal(timefmt_parse(malformed[i], &t), KZ_EINVAL);
        if (timefmt_out_of_range(malformed[i]))
            fail_msg("%s should be malformed", malformed[i]);
    }
    assert_false(timefmt_out_of_range("2026-11-22T09:30+09:00"));
    assert_false(timefmt_out_of_range(NULL));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_offsets_denote_the_same_instant),
        cmocka_unit_test(test_date_only_is_midnight_in_tokyo),
        cmocka_unit_test(test_impossible_or_malformed_text_is_refused),
        cmocka_unit_test(test_leap_days),
        cmocka_unit_test(test_format_writes_tokyo_time_with_offset),
        cmocka_unit_test(test_format_and_parse_round_trip),
        cmocka_unit_test(test_year_is_the_year_in_tokyo),
        cmocka_unit_test(test_days_from_civil),
        cmocka_unit_test(test_zone_setup),
        cmocka_unit_test(test_fuzz_accepted_times_read_back_at_the_year_edges),
        cmocka_unit_test(test_fuzz_offset_with_seconds_reads_back),
        cmocka_unit_test(test_out_of_range_is_told_from_malformed),
    };

    return cmocka_run_group_tests(tests, setup, NULL);
}
