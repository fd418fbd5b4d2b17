/* SPDX-License-Identifier: MIT */
/*
 * test_dump.c - compact JSON text (src/json/dump.c): every answer of the
 * API is written by it, so it must write exactly what jansson's
 * json_dumps(JSON_COMPACT) writes, and fail where it fails.
 */
#include "support/test.h"

#include <string.h>

#include "json/dump.h"
#include "util/mem.h"

/* dump_compact(j) and json_dumps(j, JSON_COMPACT) agree: both NULL or the
 * same text. */
static void assert_same(const json_t *j)
{
    char *ours = dump_compact(j);
    char *theirs = json_dumps(j, JSON_COMPACT);

    if (theirs == NULL)
        assert_null(ours);
    else
        assert_string_equal(ours != NULL ? ours : "(null)", theirs);
    xfree(ours);
    xfree(theirs);
}

/* The string of 'n' bytes, unchecked, in an array and as a key. */
static void assert_same_bytes(const char *s, size_t n)
{
    json_t *a = json_array();
    json_t *o = json_object();

    json_array_append_new(a, json_stringn_nocheck(s, n));
    assert_same(a);
    if (memchr(s, '\0', n) == NULL) {
        char *key = xstrndup(s, n);
        json_object_set_new_nocheck(o, key, json_integer(1));
        assert_same(o);
        xfree(key);
    }
    json_decref(a);
    json_decref(o);
}

static void test_strings_are_escaped_as_jansson_does(void **state)
{
    static const char *const texts[] = {
        "",
        "plain ASCII text",
        "ノートPCの紛失（電車内）",
        "quote \" backslash \\ slash /",
        "\b\f\n\r\t\x01\x1f\x7f",
        "emoji \xF0\x9F\x98\x80 and U+10FFFF \xF4\x8F\xBF\xBF",
        "\xC2\x80 \xDF\xBF \xE0\xA0\x80 \xED\x9F\xBF \xEE\x80\x80",
    };

    (void)state;
    for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++)
        assert_same_bytes(texts[i], strlen(texts[i]));
    assert_same_bytes("nul \0 inside", 12);
}

static void test_invalid_utf8_fails_as_in_jansson(void **state)
{
    static const char *const bad[] = {
        "\x80",             /* a continuation byte first */
        "\xC0\xAF",         /* overlong '/' */
        "\xC1\xBF",         /* overlong */
        "\xE0\x9F\xBF",     /* overlong three bytes */
        "\xED\xA0\x80",     /* a surrogate */
        "\xF0\x8F\xBF\xBF", /* overlong four bytes */
        "\xF4\x90\x80\x80", /* past U+10FFFF */
        "\xF5\x80\x80\x80", /* no such first byte */
        "\xE3\x81",         /* cut short */
        "ok \xE3\x81",      /* cut short at the end */
        "\xE3\x41\x81",     /* not a continuation */
        "\xFF",
    };

    (void)state;
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        json_t *a = json_array();
        json_array_append_new(a, json_stringn_nocheck(bad[i], strlen(bad[i])));
        assert_null(dump_compact(a));
        assert_same(a);
        json_decref(a);
    }
}

static void test_numbers_and_constants(void **state)
{
    json_t *a = json_pack("[i, i, I, I, I, b, b, n, f, f, f, f]", 0, -1,
                          (json_int_t)INT64_MAX, (json_int_t)INT64_MIN,
                          (json_int_t)1234567890123LL, 1, 0, 0.5, -3.0,
                          1e300, 0.1);

    (void)state;
    assert_same(a);
    json_decref(a);
}

static void test_nesting_and_order(void **state)
{
    json_t *o = json_pack(
        "{s:[], s:{}, s:[[],{}], s:{s:[i,{s:s}]}, s:s, s:o}", "z", "a",
        "middle", "m", "k", 1, "deep", "値", "last", "x", "n", json_null());

    (void)state;
    assert_same(o);
    assert_same(json_object_get(o, "z"));
    json_decref(o);
}

static void test_only_arrays_and_objects_at_the_top(void **state)
{
    json_t *s = json_string("text");
    json_t *i = json_integer(3);

    (void)state;
    assert_null(dump_compact(s));
    assert_null(dump_compact(i));
    assert_null(dump_compact(NULL));
    json_decref(s);
    json_decref(i);
}

/* Deeper than this writer goes: jansson writes it (or refuses it). */
static void test_very_deep_values_go_to_jansson(void **state)
{
    json_t *top = json_array();
    json_t *at = top;

    (void)state;
    for (int i = 0; i < 3000; i++) {
        json_t *inner = json_array();
        json_array_append_new(at, inner);
        at = inner;
    }
    assert_same(top);
    json_decref(top);
}

static void test_real_precision_for_the_access_log(void **state)
{
    static const double values[] = {0.0, 0.61234, 12.34567, 1234.5, 123456.7,
                                    1e-7, 3.0};
    struct buf b;

    (void)state;
    for (size_t i = 0; i < sizeof(values) / sizeof(values[0]); i++) {
        json_t *r = json_real(values[i]);
        char *theirs =
            json_dumps(r, JSON_ENCODE_ANY | JSON_REAL_PRECISION(4));
        buf_init(&b, 1024);
        assert_int_equal(dump_value_to(&b, r, JSON_REAL_PRECISION(4)), KZ_OK);
        assert_string_equal(b.data, theirs);
        buf_cleanup(&b);
        xfree(theirs);
        json_decref(r);
    }
}

/* xorshift64: reproducible random values. */
static uint64_t next(uint64_t *x)
{
    *x ^= *x << 13;
    *x ^= *x >> 7;
    *x ^= *x << 17;
    return *x;
}

static json_t *random_value(uint64_t *rng, int depth)
{
    static const char *const pieces[] = {"a", "\"", "\\", "\n", "\x01", "/",
                                         "漢", "\xF0\x9F\x98\x80", " ", "\x7f",
                                         "\xE3\x81", "\x80"};
    char text[64];
    size_t n = 0;
    int kind = (int)(next(rng) % (depth > 4 ? 4 : 6));

    switch (kind) {
    case 0:
        return json_integer((json_int_t)next(rng));
    case 1:
        return next(rng) % 2 ? json_true() : json_null();
    case 2:
    case 3:
        for (int k = (int)(next(rng) % 6); k > 0; k--) {
            const char *p = pieces[next(rng) % 12];
            size_t len = strlen(p);
            if (n + len < sizeof(text)) {
                memcpy(text + n, p, len);
                n += len;
            }
        }
        return json_stringn_nocheck(text, n);
    case 4: {
        json_t *a = json_array();
        for (int k = (int)(next(rng) % 4); k > 0; k--)
            json_array_append_new(a, random_value(rng, depth + 1));
        return a;
    }
    default: {
        json_t *o = json_object();
        for (int k = (int)(next(rng) % 4); k > 0; k--) {
            char key[16];
            snprintf(key, sizeof(key), "k%u", (unsigned)(next(rng) % 50));
            json_object_set_new(o, key, random_value(rng, depth + 1));
        }
        return o;
    }
    }
}

static void test_random_values_agree_with_jansson(void **state)
{
    uint64_t rng = 0x9E3779B97F4A7C15u;

    (void)state;
    for (int i = 0; i < 20000; i++) {
        json_t *a = json_array();
        json_array_append_new(a, random_value(&rng, 0));
        assert_same(a);
        json_decref(a);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_strings_are_escaped_as_jansson_does),
        cmocka_unit_test(test_invalid_utf8_fails_as_in_jansson),
        cmocka_unit_test(test_numbers_and_constants),
        cmocka_unit_test(test_nesting_and_order),
        cmocka_unit_test(test_only_arrays_and_objects_at_the_top),
        cmocka_unit_test(test_very_deep_values_go_to_jansson),
        cmocka_unit_test(test_real_precision_for_the_access_log),
        cmocka_unit_test(test_random_values_agree_with_jansson),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
