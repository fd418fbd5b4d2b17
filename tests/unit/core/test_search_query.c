/* SPDX-License-Identifier: MIT */
/*
 * test_search_query.c - the search box's query language
 * (core/search_query.c): AND of words split by half- and full-width
 * spaces, phrases in "" and 「」, field filters, refusals, and that
 * characters of FTS5's syntax stay inside terms (the store quotes each
 * term whole; test_search_store.c checks they match as text).
 */
#include "support/test.h"

#include <string.h>

#include "core/phase.h"
#include "core/search_query.h"
#include "support/fixture.h"
#include "util/mem.h"

static void parse_ok(const char *text, struct search_query *q)
{
    const char *why = NULL;

    search_query_init(q);
    assert_int_equal(search_query_parse(text, q, &why), KZ_OK);
    assert_null(why);
}

static const char *parse_err(const char *text)
{
    struct search_query q;
    const char *why = NULL;

    search_query_init(&q);
    assert_int_equal(search_query_parse(text, &q, &why), KZ_EINVAL);
    search_query_cleanup(&q);
    assert_non_null(why);
    return why;
}

static void test_words_split_on_both_spaces(void **state)
{
    struct search_query q;

    (void)state;
    parse_ok("顧客 誤送信\u3000紛失\t漏洩", &q);
    assert_int_equal(q.terms.n, 4);
    assert_string_equal(q.terms.v[0], "顧客");
    assert_string_equal(q.terms.v[1], "誤送信");
    assert_string_equal(q.terms.v[2], "紛失");
    assert_string_equal(q.terms.v[3], "漏洩");
    assert_true(search_query_has_terms(&q));
    /* two or more CJK characters: no prefix; a word: prefix */
    assert_int_equal(q.flags[0], 0);
    search_query_cleanup(&q);
    parse_ok("mail 漏 A社", &q);
    assert_int_equal(q.flags[0], SEARCH_TERM_PREFIX);
    /* a lone CJK character is its unigram, no prefix */
    assert_int_equal(q.flags[1], SEARCH_TERM_ONE_CJK);
    assert_int_equal(q.flags[2], SEARCH_TERM_ONE_CJK);
    search_query_cleanup(&q);
}

static void test_phrases(void **state)
{
    struct search_query q;

    (void)state;
    parse_ok("\"顧客 情報\" 「個人 データ」 残り", &q);
    assert_int_equal(q.terms.n, 3);
    assert_string_equal(q.terms.v[0], "顧客 情報");
    assert_string_equal(q.terms.v[1], "個人 データ");
    assert_string_equal(q.terms.v[2], "残り");
    search_query_cleanup(&q);
    /* an unclosed phrase runs to the end */
    parse_ok("「顧客 情報", &q);
    assert_int_equal(q.terms.n, 1);
    assert_string_equal(q.terms.v[0], "顧客 情報");
    search_query_cleanup(&q);
}

static void test_filters(void **state)
{
    struct search_query q;

    (void)state;
    parse_ok("phase:triage category:phishing severity:S2 tag:vpn "
             "assignee:sato 紛失 from:2026-01-01 to：2026-12-31",
             &q);
    assert_int_equal(q.phase, PHASE_TRIAGE);
    assert_string_equal(q.category, "phishing");
    assert_int_equal(q.severity, 2);
    assert_string_equal(q.tag, "vpn");
    assert_string_equal(q.assignee, "sato");
    assert_int_equal(q.terms.n, 1);
    /* the display zone (Asia/Tokyo in tests): 2026-01-01T00:00+09:00 and
     * the end of 2026-12-31 */
    assert_int_equal(q.from, 1767193200);
    assert_int_equal(q.until, 1798729200);
    search_query_cleanup(&q);
    /* filters alone are a query */
    parse_ok("category:phishing", &q);
    assert_false(search_query_has_terms(&q));
    search_query_cleanup(&q);
    /* a name that is no filter is text */
    parse_ok("title:顧客 http://example.jp", &q);
    assert_int_equal(q.terms.n, 2);
    assert_string_equal(q.terms.v[0], "title:顧客");
    search_query_cleanup(&q);
}

static void test_refusals(void **state)
{
    char long_q[4 * 201 + 1];

    (void)state;
    memset(long_q, 0, sizeof(long_q));
    for (int i = 0; i < 201; i++)
        memcpy(long_q + 3 * i, "あ", 3);
    assert_string_equal(parse_err(long_q), "search.too_long");
    long_q[3 * 200] = '\0';
    struct search_query q;
    parse_ok(long_q, &q); /* 200 characters are fine */
    search_query_cleanup(&q);
    assert_string_equal(parse_err(""), "search.nothing");
    assert_string_equal(parse_err("  \u3000 "), "search.nothing");
    assert_string_equal(parse_err("!!! ？？ 「」 \"\" ***"), "search.nothing");
    assert_string_equal(parse_err("phase:nope"), "search.filter");
    assert_string_equal(parse_err("category:nope x"), "search.filter");
    assert_string_equal(parse_err("severity:S5"), "search.filter");
    assert_string_equal(parse_err("from:2026-02-30"), "search.filter");
    assert_string_equal(parse_err("from:20260101"), "search.filter");
    assert_string_equal(parse_err("from:2026-05-02 to:2026-05-01"),
                        "search.filter");
    /* more terms than a query holds */
    assert_string_equal(parse_err("a b c d e f g h i j k l m n o p q r s t "
                                  "u v w x y z a b c d e f g"),
                        "search.too_long");
}

static void test_syntax_characters_stay_in_terms(void **state)
{
    struct search_query q;

    (void)state;
    parse_ok("顧客\" NEAR(a OR -b ^c d:e *f", &q);
    assert_int_equal(q.terms.n, 7);
    assert_string_equal(q.terms.v[0], "顧客\"");
    assert_string_equal(q.terms.v[1], "NEAR(a");
    assert_string_equal(q.terms.v[2], "OR");
    assert_string_equal(q.terms.v[3], "-b");
    assert_string_equal(q.terms.v[4], "^c");
    assert_string_equal(q.terms.v[5], "d:e");
    assert_string_equal(q.terms.v[6], "*f");
    search_query_cleanup(&q);
    /* punctuation-only terms are dropped, the rest stays */
    parse_ok("* 顧客 - :", &q);
    assert_int_equal(q.terms.n, 1);
    search_query_cleanup(&q);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_words_split_on_both_spaces),
        cmocka_unit_test(test_phrases),
        cmocka_unit_test(test_filters),
        cmocka_unit_test(test_refusals),
        cmocka_unit_test(test_syntax_characters_stay_in_terms),
    };

    return cmocka_run_group_tests(tests, fixture_group_setup, NULL);
}
