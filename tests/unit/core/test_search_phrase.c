/* SPDX-License-Identifier: MIT */
/*
 * test_search_phrase.c - where a search's phrases occur in a document
 * (core/search_phrase.c), the highlights of an index that keeps no
 * offsets (PostgreSQL): FTS5's rules of phrases over kizuki's tokens,
 * byte ranges into the original text.  test_search_engines.c checks the
 * same ranges against FTS5's own on a corpus.
 */
#include "support/test.h"

#include <stdio.h>
#include <string.h>

#include "core/search_phrase.h"
#include "core/search_query.h"
#include "core/search_token.h"
#include "support/fixture.h"
#include "util/mem.h"

/* The ranges of the query 'text' (parsed as the search box does) in
 * 'body', as "start-end start-end …" into out[n]. */
static char *ranges_of(const char *text, const char *body, char *out, size_t n)
{
    struct search_query q;
    struct search_phrases p;
    const char *why = NULL;
    size_t(*r)[2] = NULL;
    size_t nr = 0, at = 0;

    search_query_init(&q);
    assert_int_equal(search_query_parse(text, &q, &why), KZ_OK);
    search_phrases_init(&p);
    for (size_t i = 0; i < q.terms.n; i++)
        assert_int_equal(search_phrases_add_term(&p, q.terms.v[i], q.flags[i]),
                         KZ_OK);
    assert_int_equal(search_phrases_ranges(&p, body, strlen(body), &r, &nr),
                     KZ_OK);
    out[0] = '\0';
    for (size_t i = 0; i < nr; i++)
        at += (size_t)snprintf(out + at, n - at, "%s%zu-%zu", i ? " " : "",
                               r[i][0], r[i][1]);
    xfree(r);
    search_phrases_cleanup(&p);
    search_query_cleanup(&q);
    return out;
}

static void test_bigram_phrases(void **state)
{
    char out[256];

    (void)state;
    /* 顧客 inside 顧客情報: the bigram 顧客 only (its query has no
     * trailing unigram), bytes 0-6. */
    assert_string_equal(ranges_of("顧客", "顧客情報", out, sizeof(out)), "0-6");
    /* 誤送信 = 誤送 <-> 送信: the tokens at both positions. */
    assert_string_equal(ranges_of("誤送信", "メール誤送信", out, sizeof(out)),
                        "9-15 12-18");
    /* Not there as a phrase: nothing. */
    assert_string_equal(ranges_of("誤信", "誤送信", out, sizeof(out)), "");
    /* Every occurrence. */
    assert_string_equal(ranges_of("紛失", "紛失と紛失", out, sizeof(out)),
                        "0-6 9-15");
}

static void test_lone_cjk_is_cut_to_its_character(void **state)
{
    char out[256];

    (void)state;
    /* 客 is the unigram colocated with the bigram 客情: the highlight is
     * the character, not the bigram's two. */
    assert_string_equal(ranges_of("客", "顧客情報", out, sizeof(out)), "3-6");
    /* The last character of a run is a unigram of its own. */
    assert_string_equal(ranges_of("報", "顧客情報", out, sizeof(out)), "9-12");
    /* Half-width katakana with its voiced mark is one character (ｶﾞ). */
    assert_string_equal(ranges_of("ガ", "ｶﾞｽ", out, sizeof(out)), "0-6");
}

static void test_words_prefix_and_case(void **state)
{
    char out[256];

    (void)state;
    /* The last word of letters is a prefix; case and width folded. */
    assert_string_equal(ranges_of("mail", "Ｍａｉｌbox sent", out, sizeof(out)),
                        "0-15");
    assert_string_equal(ranges_of("box", "mailbox", out, sizeof(out)), "");
    /* AND of terms: each term's ranges, in text order. */
    assert_string_equal(ranges_of("usb 紛失", "紛失したUSB", out, sizeof(out)),
                        "0-6 12-15");
    /* A phrase across letters and kana: usb <-> メモ <-> モリ. */
    assert_string_equal(
        ranges_of("\"USBメモリ\"", "x USBメモリ", out, sizeof(out)),
        "2-5 5-11 8-14");
}

static void test_references(void **state)
{
    struct search_phrases p;
    size_t(*r)[2] = NULL;
    size_t n = 0;
    const char body[] = "\x01"
                        "12 \x01"
                        "15 \x01"
                        "120";

    (void)state;
    search_phrases_init(&p);
    search_phrases_add_ref(&p, 12);
    search_phrases_add_ref(&p, -1); /* matches nothing */
    assert_int_equal(search_phrases_ranges(&p, body, strlen(body), &r, &n),
                     KZ_OK);
    /* \x0112 but not \x01120 (a token, not a prefix). */
    assert_int_equal(n, 1);
    assert_int_equal(r[0][0], 0);
    assert_int_equal(r[0][1], 3);
    xfree(r);
    search_phrases_cleanup(&p);
    /* A reference typed by a user is two words, never a reference. */
    search_phrases_init(&p);
    assert_int_equal(search_phrases_add_term(&p,
                                             "\x01"
                                             "12",
                                             0),
                     KZ_OK);
    assert_int_equal(p.n, 1);
    assert_int_equal(p.v[0].n, 1);
    assert_string_equal(p.v[0].tok[0], "12");
    search_phrases_cleanup(&p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bigram_phrases),
        cmocka_unit_test(test_lone_cjk_is_cut_to_its_character),
        cmocka_unit_test(test_words_prefix_and_case),
        cmocka_unit_test(test_references),
    };

    return cmocka_run_group_tests(tests, fixture_group_setup, NULL);
}
