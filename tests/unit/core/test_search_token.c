/* SPDX-License-Identifier: MIT */
/*
 * test_search_token.c - the search tokenizer (core/search_token.c):
 * bigrams of CJK runs with the run's last character as a unigram, words
 * of letters and digits, NFKC and case folding (full/half width, ｶﾀｶﾅ),
 * offsets into the original text, and the query mode.  Also the snippet
 * cutter (core/search_snippet.c).
 */
#include "support/test.h"

#include <string.h>

#include "core/search_snippet.h"
#include "core/search_token.h"
#include "util/buf.h"
#include "util/mem.h"

/* The tokens of 'text' as "tok[start,end) tok[start,end) …". */
struct collect {
    struct buf b;
};

static int collect(void *ctx, const char *tok, size_t len, size_t start,
                   size_t end, int flags)
{
    struct collect *c = ctx;

    /* "+" marks a token colocated with the one before */
    assert_int_equal(buf_printf(&c->b, "%s%s%.*s[%zu,%zu)", c->b.len ? " " : "",
                                flags & SEARCH_TOKEN_COLOCATED ? "+" : "",
                                (int)len, tok, start, end),
                     KZ_OK);
    return 0;
}

static char *tokens(const char *text, enum search_tok_mode mode)
{
    struct collect c;

    buf_init(&c.b, 1 << 16);
    assert_int_equal(search_tokenize(text, strlen(text), mode, collect, &c), 0);
    char *s = buf_take(&c.b);
    return s ? s : xstrdup("");
}

#define assert_tokens(text, mode, want)                                        \
    do {                                                                       \
        char *got_ = tokens(text, mode);                                       \
        assert_string_equal(got_, want);                                       \
        xfree(got_);                                                           \
    } while (0)

#define DOC SEARCH_TOK_DOCUMENT
#define QRY SEARCH_TOK_QUERY

static void test_cjk_runs_become_bigrams_and_a_last_unigram(void **state)
{
    (void)state;
    /* each character starts a token: 顧 and 客 are both findable */
    assert_tokens("顧客", DOC, "顧客[0,6) +顧[0,3) 客[3,6)");
    assert_tokens("誤送信", DOC,
                  "誤送[0,6) +誤[0,3) 送信[3,9) +送[3,6) 信[6,9)");
    assert_tokens("漏", DOC, "漏[0,3)");
    /* kanji, hiragana and katakana make one run */
    assert_tokens("のメ", DOC, "のメ[0,6) +の[0,3) メ[3,6)");
    /* punctuation and spaces end a run */
    assert_tokens("顧客、紛失", DOC,
                  "顧客[0,6) +顧[0,3) 客[3,6) 紛失[9,15) +紛[9,12) 失[12,15)");
}

static void test_words_of_letters_and_digits(void **state)
{
    (void)state;
    assert_tokens("USB memory 2026", DOC, "usb[0,3) memory[4,10) 2026[11,15)");
    assert_tokens("A社", DOC, "a[0,1) 社[1,4)");
    assert_tokens("INC-2026-0001", DOC, "inc[0,3) 2026[4,8) 0001[9,13)");
    assert_tokens("!!! ... 「」", DOC, "");
}

static void test_width_case_and_kana_are_folded(void **state)
{
    (void)state;
    /* full-width letters and digits, upper case */
    assert_tokens("ＵＳＢ１２", DOC, "usb12[0,15)");
    /* half-width katakana: ｰ is the prolonged sound mark, offsets are
     * those of the half-width bytes */
    assert_tokens("ﾒｰﾙ", DOC, "メー[0,6) +メ[0,3) ール[3,9) +ー[3,6) ル[6,9)");
    /* a voiced mark combines: ｶﾞ (6 bytes) is one ガ */
    assert_tokens("ｶﾞｽ", DOC, "ガス[0,9) +ガ[0,6) ス[6,9)");
    /* the same tokens from both widths */
    char *a = tokens("ｶﾀｶﾅ", DOC), *b = tokens("カタカナ", DOC);
    assert_string_equal(strstr(a, "カタ"), a);
    assert_string_equal(strstr(b, "カタ"), b);
    xfree(a);
    xfree(b);
    /* a compatibility character becomes its letters: ㈱ is (株) */
    assert_tokens("㈱", DOC, "株[0,3)");
}

static void test_query_mode_leaves_out_the_last_unigram(void **state)
{
    (void)state;
    /* "顧客" must also match "顧客情報", where 客 is no unigram */
    assert_tokens("顧客", QRY, "顧客[0,6)");
    assert_tokens("顧客 ", QRY, "顧客[0,6)");
    /* inside the text it stays, so a phrase lines up with the document */
    assert_tokens("顧客 mail", QRY, "顧客[0,6) 客[3,6) mail[7,11)");
    /* a lone character is its unigram (a prefix query finds the rest) */
    assert_tokens("漏", QRY, "漏[0,3)");
}

static void test_invalid_utf8_separates(void **state)
{
    (void)state;
    assert_tokens("ab\xff"
                  "cd",
                  DOC, "ab[0,2) cd[3,5)");
    assert_tokens("顧\xe5\x80客", DOC, "顧[0,3) 客[5,8)");
}

static int stop_at_second(void *ctx, const char *tok, size_t len, size_t start,
                          size_t end, int flags)
{
    int *n = ctx;

    (void)flags;
    (void)tok;
    (void)len;
    (void)start;
    (void)end;
    return ++*n == 2 ? 7 : 0;
}

static void test_callback_can_stop(void **state)
{
    int n = 0;

    (void)state;
    assert_int_equal(search_tokenize("a b c", 5, DOC, stop_at_second, &n), 7);
    assert_int_equal(n, 2);
}

static void test_snippet_cuts_around_the_match(void **state)
{
    struct search_snippet sn;
    const char *text = "営業部の担当者が顧客情報を含むメールを誤送信した。";
    /* 顧客 is at bytes 24..30, 誤送信 at 57..66 */
    size_t r[2][2] = {{57, 66}, {24, 30}};

    (void)state;
    search_snippet_make(text, (const size_t(*)[2])r, 2, &sn);
    assert_string_equal(sn.text, text); /* short: all of it */
    assert_int_equal(sn.n, 2);
    assert_int_equal(sn.marks[0][0], 8);
    assert_int_equal(sn.marks[0][1], 10);
    assert_int_equal(sn.marks[1][0], 19);
    assert_int_equal(sn.marks[1][1], 22);
    search_snippet_cleanup(&sn);

    /* long text: cut with "…" on both sides, offsets count the "…" */
    struct buf b;
    buf_init(&b, 1 << 16);
    for (int i = 0; i < 60; i++)
        assert_int_equal(buf_puts(&b, "あ"), KZ_OK);
    assert_int_equal(buf_puts(&b, "漏洩\n"), KZ_OK);
    for (int i = 0; i < 60; i++)
        assert_int_equal(buf_puts(&b, "い"), KZ_OK);
    char *long_text = buf_take(&b);
    size_t r2[1][2] = {{180, 186}};
    search_snippet_make(long_text, (const size_t(*)[2])r2, 1, &sn);
    assert_int_equal(strncmp(sn.text, "\u2026", 3), 0);
    assert_int_equal(sn.n, 1);
    /* 10 characters of context before the match, after the "…" */
    assert_int_equal(sn.marks[0][0], 11);
    assert_int_equal(sn.marks[0][1], 13);
    assert_non_null(strstr(sn.text, "漏洩 い")); /* line break as space */
    assert_string_equal(sn.text + strlen(sn.text) - 3, "\u2026");
    search_snippet_cleanup(&sn);
    xfree(long_text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cjk_runs_become_bigrams_and_a_last_unigram),
        cmocka_unit_test(test_words_of_letters_and_digits),
        cmocka_unit_test(test_width_case_and_kana_are_folded),
        cmocka_unit_test(test_query_mode_leaves_out_the_last_unigram),
        cmocka_unit_test(test_invalid_utf8_separates),
        cmocka_unit_test(test_callback_can_stop),
        cmocka_unit_test(test_snippet_cuts_around_the_match),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
