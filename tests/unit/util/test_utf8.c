/* SPDX-License-Identifier: MIT */
/*
 * test_utf8.c - UTF-8 checks applied to every text that enters kizuki
 * (src/util/utf8.c, RFC 3629).
 */
#include "support/test.h"

#include <string.h>

#include "util/utf8.h"

struct bytes {
    const char *s;
    size_t n; /* 0: strlen(s) */
    const char *why;
};

static size_t len_of(const struct bytes *b)
{
    return b->n ? b->n : strlen(b->s);
}

static void test_well_formed_text_is_valid(void **state)
{
    static const struct bytes good[] = {
        {"", 0, "empty"},
        {"plain ASCII ~!@#", 0, "ASCII"},
        {"\t\n\r", 0, "controls are valid UTF-8 (refused elsewhere)"},
        {"\xC2\x80", 0, "U+0080, smallest two-byte"},
        {"\xDF\xBF", 0, "U+07FF"},
        {"\xE0\xA0\x80", 0, "U+0800, smallest three-byte"},
        {"気づき", 0, "Japanese"},
        {"ｶﾀｶﾅ", 0, "half-width katakana"},
        {"\xE3\x80\x80", 0, "ideographic space"},
        {"\xED\x9F\xBF", 0, "U+D7FF, just below the surrogates"},
        {"\xEE\x80\x80", 0, "U+E000, just above"},
        {"\xEF\xBF\xBD", 0, "U+FFFD"},
        {"\xF0\x90\x80\x80", 0, "U+10000, smallest four-byte"},
        {"\xF0\x9F\x94\x92", 0, "emoji"},
        {"\xF4\x8F\xBF\xBF", 0, "U+10FFFF, the last code point"},
        {"𠮷野家", 0, "astral kanji"},
    };

    (void)state;
    for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
        if (!utf8_is_valid(good[i].s, len_of(&good[i])))
            fail_msg("should be valid: %s", good[i].why);
    }
}

static void test_malformed_text_is_refused(void **state)
{
    static const struct bytes bad[] = {
        {"\xC0\xAF", 0, "overlong '/' in two bytes"},
        {"\xC1\xBF", 0, "overlong two-byte"},
        {"\xC0\x80", 0, "overlong NUL"},
        {"\xE0\x80\xAF", 0, "overlong '/' in three bytes"},
        {"\xE0\x9F\xBF", 0, "overlong U+07FF in three bytes"},
        {"\xF0\x80\x80\xAF", 0, "overlong '/' in four bytes"},
        {"\xF0\x8F\xBF\xBF", 0, "overlong U+FFFF in four bytes"},
        {"\xED\xA0\x80", 0, "surrogate U+D800"},
        {"\xED\xBF\xBF", 0, "surrogate U+DFFF"},
        {"\xED\xA0\xBD\xED\xB2\xA9", 0, "CESU-8 surrogate pair"},
        {"\xF4\x90\x80\x80", 0, "U+110000"},
        {"\xF5\x80\x80\x80", 0, "F5 lead byte"},
        {"\xF8\x88\x80\x80\x80", 0, "five-byte form"},
        {"\xFE", 0, "FE"},
        {"\xFF", 0, "FF"},
        {"\x80", 0, "lone continuation byte"},
        {"a\xBF", 0, "continuation after ASCII"},
        {"\xE3\x81", 0, "truncated three-byte"},
        {"\xE3", 0, "lead byte alone"},
        {"\xF0\x9F\x94", 0, "truncated four-byte"},
        {"\xC2", 0, "truncated two-byte"},
        {"\xE3\x41\x82", 0, "ASCII inside a sequence"},
        {"\xE3\x81\x82\xE3", 0, "valid then truncated"},
        {"ab\0cd", 5, "NUL inside"},
    };

    (void)state;
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        if (utf8_is_valid(bad[i].s, len_of(&bad[i])))
            fail_msg("should be refused: %s", bad[i].why);
    }
}

/* Only the first n bytes are examined: a valid prefix of a longer buffer
 * passes, a cut through a character does not. */
static void test_only_n_bytes_are_read(void **state)
{
    const char *s = "あい";

    (void)state;
    assert_true(utf8_is_valid(s, 3));
    assert_false(utf8_is_valid(s, 4));
    assert_true(utf8_is_valid(s, 0));
}

static void test_length_counts_code_points(void **state)
{
    (void)state;
    assert_int_equal(utf8_length(""), 0);
    assert_int_equal(utf8_length("abc"), 3);
    assert_int_equal(utf8_length("あいう"), 3);
    assert_int_equal(utf8_length("気づきa"), 4);
    assert_int_equal(utf8_length("\xF0\x9F\x94\x92x"), 2);
    assert_int_equal(utf8_length("\xC2\x80"), 1);
}

static void test_control_characters(void **state)
{
    (void)state;
    assert_false(utf8_has_control("普通の文 with tab\t", false));
    assert_true(utf8_has_control("line\nbreak", false));
    assert_false(utf8_has_control("line\nbreak", true));
    assert_true(utf8_has_control("cr\r", false));
    assert_false(utf8_has_control("crlf\r\n", true));
    /* C1 controls and the bidi controls that reorder what is shown. */
    assert_true(utf8_has_control("a\xC2\x85"
                                 "b",
                                 true)); /* NEL */
    assert_true(utf8_has_control("a\xC2\x9F"
                                 "b",
                                 true)); /* APC */
    assert_false(utf8_has_control("a\xC2\xA0"
                                  "b",
                                  true)); /* NBSP */
    assert_true(utf8_has_control("invoice\xE2\x80\xAE"
                                 "fdp.exe",
                                 false));
    assert_true(utf8_has_control("x\xE2\x80\xAAy", false));  /* LRE */
    assert_true(utf8_has_control("x\xE2\x81\xA6y", false));  /* LRI */
    assert_true(utf8_has_control("x\xE2\x81\xA9y", false));  /* PDI */
    assert_false(utf8_has_control("x\xE2\x80\xA9y", false)); /* U+2029 */
    assert_false(utf8_has_control("x\xE2\x81\xA5y", false));
    assert_false(utf8_has_control("「株式会社」—…", false));
    assert_true(utf8_has_control("\x01", true));
    assert_true(utf8_has_control("\x1B[31m", true));
    assert_true(utf8_has_control("del\x7F", true));
    assert_true(utf8_has_control("\x1F", false));
    assert_false(utf8_has_control("", false));
    /* Bytes of multi-byte characters are not controls by themselves
     * (U+0100, あ, U+2029); only the C1 code points are. */
    assert_false(utf8_has_control("\xC4\x80\xE3\x81\x82\xE2\x80\xA9", false));
    assert_true(utf8_has_control("\xC2\x80", false));
}

static void test_blank_means_only_spaces(void **state)
{
    (void)state;
    assert_true(utf8_is_blank(NULL));
    assert_true(utf8_is_blank(""));
    assert_true(utf8_is_blank(" "));
    assert_true(utf8_is_blank(" \t\r\n"));
    assert_true(utf8_is_blank("\xE3\x80\x80"));
    assert_true(utf8_is_blank(" \xE3\x80\x80 \xE3\x80\x80"));
    assert_false(utf8_is_blank("a"));
    assert_false(utf8_is_blank(" あ "));
    assert_false(utf8_is_blank("\xE3\x80\x80."));
    assert_false(utf8_is_blank("\xE3\x80")); /* not a whole U+3000 */
    assert_false(utf8_is_blank("_"));
}

static void test_display_width_counts_wide_characters_twice(void **state)
{
    (void)state;
    assert_int_equal(utf8_display_width(""), 0);
    assert_int_equal(utf8_display_width("abc"), 3);
    assert_int_equal(utf8_display_width("日本"), 4);
    assert_int_equal(utf8_display_width("件名: abc"), 9);
    assert_int_equal(utf8_display_width("ｱｲｳ"), 3);  /* half-width kana */
    assert_int_equal(utf8_display_width("ＡＢ"), 4); /* full-width Latin */
    assert_int_equal(utf8_display_width("\xE3\x80\x80"), 2);
    assert_int_equal(utf8_display_width("한"), 2);
    assert_int_equal(utf8_display_width("é"), 1);
    /* A truncated sequence at the end does not read past the NUL. */
    assert_int_equal(utf8_display_width("a\xE3\x81"), 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_well_formed_text_is_valid),
        cmocka_unit_test(test_malformed_text_is_refused),
        cmocka_unit_test(test_only_n_bytes_are_read),
        cmocka_unit_test(test_length_counts_code_points),
        cmocka_unit_test(test_control_characters),
        cmocka_unit_test(test_blank_means_only_spaces),
        cmocka_unit_test(test_display_width_counts_wide_characters_twice),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
