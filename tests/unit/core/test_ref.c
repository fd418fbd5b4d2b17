/* SPDX-License-Identifier: MIT */
/*
 * test_ref.c - incident references (src/core/ref.c): INC-<year>-<number>
 * with at least four digits, parsed strictly because references arrive
 * in URL paths and CLI arguments.
 */
#include "support/test.h"

#include <string.h>

#include "core/ref.h"

static void test_format_pads_to_four_digits(void **state)
{
    static const struct {
        int year;
        int64_t number;
        const char *want;
    } cases[] = {
        {2026, 1, "INC-2026-0001"},
        {2026, 42, "INC-2026-0042"},
        {2027, 999, "INC-2027-0999"},
        {2026, 9999, "INC-2026-9999"},
        {2026, 10000, "INC-2026-10000"},
        {2026, 123456, "INC-2026-123456"},
        {2026, REF_NUMBER_MAX, "INC-2026-999999999"},
    };
    char out[24];

    (void)state;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        assert_ptr_equal(ref_format(out, cases[i].year, cases[i].number), out);
        assert_string_equal(out, cases[i].want);
    }
}

static void test_parse_reads_year_and_number(void **state)
{
    static const struct {
        const char *s;
        int year;
        int64_t number;
    } cases[] = {
        {"INC-2026-0001", 2026, 1},
        {"INC-2026-0042", 2026, 42},
        {"INC-1999-1234", 1999, 1234},
        {"INC-2026-10000", 2026, 10000},
        {"INC-2026-999999999", 2026, 999999999},
        {"INC-2026-000000001", 2026, 1},
    };
    int year;
    int64_t number;

    (void)state;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        year = 0;
        number = 0;
        if (!ref_parse(cases[i].s, &year, &number))
            fail_msg("%s should parse", cases[i].s);
        assert_int_equal(year, cases[i].year);
        assert_int_equal(number, cases[i].number);
        /* Either output may be left out. */
        assert_true(ref_parse(cases[i].s, NULL, NULL));
        assert_true(ref_parse(cases[i].s, &year, NULL));
        assert_true(ref_parse(cases[i].s, NULL, &number));
    }
}

static void test_parse_refuses_everything_else(void **state)
{
    static const char *const bad[] = {
        "",
        "INC",
        "INC-",
        "INC-2026",
        "INC-2026-",
        "INC--0001",
        "INC-2026-1",
        "INC-2026-001",        /* fewer than four digits */
        "INC-2026-1234567890", /* more than nine */
        "INC-2026-00000000001",
        "INC-26-0001",
        "INC-20260-0001",
        "inc-2026-0001", /* lower case */
        "Inc-2026-0001",
        "INC-2026-0001 ",
        " INC-2026-0001",
        "INC-2026-0001\n",
        "INC-2026-0001/",
        "INC-2026-00a1",
        "INC-2026-+001",
        "INC-2026--001",
        "INC-2026_0001",
        "INC_2026-0001",
        "INC-2026-0000", /* numbers start at 1 */
        "INC-1899-0001",
        "../INC-2026-0001",
        "INC-2026-0001/../../etc/passwd",
        "INC-2026-../0001",
        "INC-../../0001",
        "..%2FINC-2026-0001",
        "INC-2026-0001%00",
        "INC-\xEF\xBC\x92\xEF\xBC\x90\xEF\xBC\x92\xEF\xBC\x96-0001", /* ２０２６
                                                                      */
        "INC-2026-0001INC-2026-0001INC-2026-0001INC-2026-0001",
        "XYZ-2026-0001",
    };
    int year = -7;
    int64_t number = -7;

    (void)state;
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        if (ref_parse(bad[i], &year, &number))
            fail_msg("\"%s\" should be refused", bad[i]);
    }
    assert_false(ref_parse(NULL, &year, &number));
    /* Outputs are untouched on refusal. */
    assert_int_equal(year, -7);
    assert_int_equal(number, -7);
}

static void test_embedded_nul_ends_the_reference(void **state)
{
    const char s[] = "INC-2026-0001\0garbage";

    (void)state;
    assert_true(ref_parse(s, NULL, NULL));
}

static void test_format_and_parse_round_trip(void **state)
{
    static const int64_t numbers[] = {1,     9,     10,        99,
                                      100,   999,   1000,      9999,
                                      10000, 99999, 123456789, REF_NUMBER_MAX};
    char out[24];
    int year;
    int64_t number;

    (void)state;
    for (int y = 1900; y <= 9999; y += 137) {
        for (size_t i = 0; i < sizeof(numbers) / sizeof(numbers[0]); i++) {
            ref_format(out, y, numbers[i]);
            assert_true(ref_parse(out, &year, &number));
            assert_int_equal(year, y);
            assert_int_equal(number, numbers[i]);
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_format_pads_to_four_digits),
        cmocka_unit_test(test_parse_reads_year_and_number),
        cmocka_unit_test(test_parse_refuses_everything_else),
        cmocka_unit_test(test_embedded_nul_ends_the_reference),
        cmocka_unit_test(test_format_and_parse_round_trip),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
