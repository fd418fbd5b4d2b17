/* SPDX-License-Identifier: MIT */
/*
 * test_query.c - URL query strings (src/util/query.c): '+' and %XX
 * decoded, malformed escapes and non-UTF-8 or control characters refused,
 * the limits held, and what query_append writes parsed back unchanged.
 */
#include "support/test.h"

#include <string.h>

#include "util/query.h"

static void test_pairs_are_decoded(void **state)
{
    struct query q;

    (void)state;
    assert_int_equal(query_parse("?open=true&tag=%E9%A1%A7%E5%AE%A2+A&&q=", &q),
                     KZ_OK);
    assert_int_equal(q.n, 3);
    assert_string_equal(query_get(&q, "open"), "true");
    assert_string_equal(query_get(&q, "tag"), "顧客 A");
    assert_string_equal(query_get(&q, "q"), "");
    assert_null(query_get(&q, "owner"));
    query_cleanup(&q);
    /* A key without '=' has an empty value; keys may repeat. */
    assert_int_equal(query_parse("flag&a=1&a=2", &q), KZ_OK);
    assert_int_equal(q.n, 3);
    assert_string_equal(query_get(&q, "flag"), "");
    assert_string_equal(query_get(&q, "a"), "1");
    query_cleanup(&q);
    assert_int_equal(query_parse("", &q), KZ_OK);
    assert_int_equal(q.n, 0);
    query_cleanup(&q);
    assert_int_equal(query_parse(NULL, &q), KZ_OK);
    assert_int_equal(q.n, 0);
}

static void test_malformed_input_is_refused(void **state)
{
    static const char *const bad[] = {
        "a=%",   "a=%4",  "a=%zz", "a=%G1", "%=1",      "=1",     "a=%00",
        "a=%ff", "a=%C3", "a=%0A", "a=%7F", "%E3%81=1", "a=\x01", "&=&",
    };
    struct query q;
    char many[QUERY_PAIRS_MAX * 4 + 8] = "";
    char longer[QUERY_LEN_MAX + 8];

    (void)state;
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        assert_int_equal(query_parse(bad[i], &q), KZ_EINVAL);
        query_cleanup(&q);
    }
    for (int i = 0; i <= QUERY_PAIRS_MAX; i++)
        strcat(many, "a=1&");
    assert_int_equal(query_parse(many, &q), KZ_EINVAL);
    query_cleanup(&q);
    memset(longer, 'a', sizeof(longer) - 1);
    longer[sizeof(longer) - 1] = '\0';
    assert_int_equal(query_parse(longer, &q), KZ_EINVAL);
    query_cleanup(&q);
}

static void test_append_round_trips(void **state)
{
    static const char *const values[] = {
        "true",
        "顧客 & 取引先",
        "a+b=c",
        "100%",
        "2026-11-01T00:00:00+09:00",
        "~._-",
        "",
    };
    struct buf b;
    struct query q;

    (void)state;
    buf_init(&b, 4096);
    for (size_t i = 0; i < sizeof(values) / sizeof(values[0]); i++) {
        char key[8];
        snprintf(key, sizeof(key), "k%zu", i);
        assert_int_equal(query_append(&b, key, values[i]), KZ_OK);
    }
    assert_non_null(strstr(b.data, "k1=%E9%A1%A7%E5%AE%A2%20%26%20"));
    assert_non_null(strstr(b.data, "&k2=a%2Bb%3Dc&k3=100%25&"));
    assert_non_null(strstr(b.data, "&k5=~._-&k6="));
    assert_int_equal(query_parse(b.data, &q), KZ_OK);
    assert_int_equal(q.n, sizeof(values) / sizeof(values[0]));
    for (size_t i = 0; i < q.n; i++)
        assert_string_equal(q.v[i].value, values[i]);
    query_cleanup(&q);
    buf_cleanup(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pairs_are_decoded),
        cmocka_unit_test(test_malformed_input_is_refused),
        cmocka_unit_test(test_append_round_trips),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
