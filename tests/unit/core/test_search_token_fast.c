/* SPDX-License-Identifier: MIT */
/*
 * test_search_token_fast.c - what the tokenizer's shortcuts must not
 * change (core/search_token.c): a kanji or kana that stands alone skips
 * ICU's normaliser, which must then be what ICU would have given, for
 * every such code point of the ICU the binary runs with; a combining
 * mark after one still joins it (カ + ゙ is ガ); and the reference token
 * of the search index is one token of its bytes, which no other input
 * makes.
 */
#include "support/test.h"

#include <string.h>
#include <unicode/unorm2.h>
#include <unicode/utf16.h>

#include "core/search_token.h"
#include "util/buf.h"
#include "util/mem.h"

struct collect {
    struct buf b;
};

static int collect(void *ctx, const char *tok, size_t len, size_t start,
                   size_t end, int flags)
{
    struct collect *c = ctx;

    assert_int_equal(buf_printf(&c->b, "%s%s%.*s[%zu,%zu)", c->b.len ? " " : "",
                                flags & SEARCH_TOKEN_COLOCATED ? "+" : "",
                                (int)len, tok, start, end),
                     KZ_OK);
    return 0;
}

static char *tokens(const char *text, size_t len, enum search_tok_mode mode)
{
    struct collect c;

    buf_init(&c.b, 1 << 16);
    assert_int_equal(search_tokenize(text, len, mode, collect, &c), 0);
    char *out = buf_take(&c.b);
    return out ? out : xstrdup("");
}

/* The single token of code point 'cp' alone, as ICU's NFKC_Casefold
 * would make it. */
static void check_alone(const UNormalizer2 *norm, uint32_t cp)
{
    UChar src[2], dst[16];
    int32_t ns = 0;
    UBool bad = 0;
    UErrorCode st = U_ZERO_ERROR;
    char text[8], want[64];
    size_t n = 0;

    U16_APPEND(src, ns, 2, (UChar32)cp, bad);
    assert_false(bad);
    int32_t nd = unorm2_normalize(norm, src, ns, dst, 16, &st);
    assert_false(U_FAILURE(st));
    /* the code point in UTF-8 */
    if (cp < 0x10000) {
        text[n++] = (char)(0xe0 | (cp >> 12));
        text[n++] = (char)(0x80 | ((cp >> 6) & 0x3f));
        text[n++] = (char)(0x80 | (cp & 0x3f));
    }
    assert_int_equal(n, 3);
    /* ICU's result, one code point in the same block */
    assert_int_equal(nd, 1);
    uint32_t c = dst[0];
    snprintf(want, sizeof(want), "%c%c%c[0,3)", (char)(0xe0 | (c >> 12)),
             (char)(0x80 | ((c >> 6) & 0x3f)), (char)(0x80 | (c & 0x3f)));
    char *got = tokens(text, n, SEARCH_TOK_DOCUMENT);
    if (strcmp(got, want) != 0)
        fail_msg("U+%04X: tokenizer %s, ICU %s", (unsigned)cp, got, want);
    xfree(got);
}

static void test_kanji_and_kana_alone_are_as_icu_makes_them(void **state)
{
    (void)state;
    UErrorCode st = U_ZERO_ERROR;
    const UNormalizer2 *norm = unorm2_getNFKCCasefoldInstance(&st);
    static const uint32_t ranges[][2] = {
        {0x4e00, 0x9fff}, {0x3041, 0x3096}, {0x30a1, 0x30fa}, {0x30fc, 0x30fc}};

    assert_false(U_FAILURE(st));
    for (size_t r = 0; r < sizeof(ranges) / sizeof(ranges[0]); r++) {
        for (uint32_t cp = ranges[r][0]; cp <= ranges[r][1]; cp++)
            check_alone(norm, cp);
    }
}

static void test_marks_still_join_their_base(void **state)
{
    (void)state;
    /* カ + combining voiced mark, and half-width ｶﾞ: both ガ, the range
     * covering both code points */
    char *got = tokens("カ\xe3\x82\x99", 6, SEARCH_TOK_DOCUMENT);
    assert_string_equal(got, "ガ[0,6)");
    xfree(got);
    got = tokens("ｶﾞ", 6, SEARCH_TOK_DOCUMENT);
    assert_string_equal(got, "ガ[0,6)");
    xfree(got);
    got = tokens("顧客", 6, SEARCH_TOK_DOCUMENT);
    assert_string_equal(got, "顧客[0,6) +顧[0,3) 客[3,6)");
    xfree(got);
}

static void test_reference_token(void **state)
{
    (void)state;
    char *got = tokens("\x01"
                       "12 \x01"
                       "3",
                       6, SEARCH_TOK_DOCUMENT);
    assert_string_equal(got, "\x01"
                             "12[0,3) \x01"
                             "3[4,6)");
    xfree(got);
    got = tokens("\x01"
                 "7",
                 2, SEARCH_TOK_QUERY);
    assert_string_equal(got, "\x01"
                             "7[0,2)");
    xfree(got);
    /* without digits, a separator; text around it as before */
    got = tokens("顧客\x01"
                 "ab",
                 9, SEARCH_TOK_DOCUMENT);
    assert_string_equal(got, "顧客[0,6) +顧[0,3) 客[3,6) ab[7,9)");
    xfree(got);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_kanji_and_kana_alone_are_as_icu_makes_them),
        cmocka_unit_test(test_marks_still_join_their_base),
        cmocka_unit_test(test_reference_token),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
