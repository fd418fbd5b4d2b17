/* SPDX-License-Identifier: MIT */
/*
 * test_hashchain.c - the link of every hash chain (src/core/hashchain.c):
 * SHA-256 over the previous hash, the domain and length-prefixed fields.
 */
#include "support/test.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "core/hashchain.h"
#include "support/fixture.h"

/* The link computed in the test from the documented canonical form:
 * prev_hex || "<len>:<domain>\n" || "<len>:<field>\n"... */
static void reference_link(const char *prev, const char *domain,
                           const char *const *fields, size_t n, char *out)
{
    unsigned char msg[4096];
    unsigned char digest[crypto_hash_sha256_BYTES];
    size_t len = 0;

    len += (size_t)snprintf((char *)msg + len, sizeof(msg) - len, "%s", prev);
    len += (size_t)snprintf((char *)msg + len, sizeof(msg) - len, "%zu:%s\n",
                            strlen(domain), domain);
    for (size_t i = 0; i < n; i++)
        len += (size_t)snprintf((char *)msg + len, sizeof(msg) - len,
                                "%zu:%s\n", strlen(fields[i]), fields[i]);
    assert_true(len < sizeof(msg));
    crypto_hash_sha256(digest, msg, len);
    sodium_bin2hex(out, HASH_HEX_SIZE, digest, sizeof(digest));
}

static void test_genesis_is_64_zeros(void **state)
{
    (void)state;
    assert_int_equal(strlen(hashchain_genesis), HASH_HEX_LEN);
    for (size_t i = 0; i < HASH_HEX_LEN; i++)
        assert_int_equal(hashchain_genesis[i], '0');
    assert_true(hashchain_is_hex(hashchain_genesis));
}

/* A known answer computed outside kizuki (Python hashlib) for the first
 * entry of a chronology, so the canonical form cannot drift silently. */
static void test_known_answer(void **state)
{
    const char *fields[] = {"INC-2026-0001",        "1",       "note", "alice",
                            "2026-11-22T01:00:00Z", "本文です"};
    char out[HASH_HEX_SIZE];

    (void)state;
    hashchain_link(hashchain_genesis, "kizuki.chronology.v1", fields, 6, out);
    assert_string_equal(
        out,
        "ab98be65bcc1ff0988084ddf466f8be40c8595ac7960c4bcfa789308ea62467a");
}

static void test_link_matches_the_documented_form(void **state)
{
    const char *fields[] = {"a", "", "日本語のテキスト", "x:y\nz", "0"};
    const char *prev =
        "ab98be65bcc1ff0988084ddf466f8be40c8595ac7960c4bcfa789308ea62467a";
    char want[HASH_HEX_SIZE];
    char got[HASH_HEX_SIZE];

    (void)state;
    for (size_t n = 0; n <= 5; n++) {
        reference_link(prev, "kizuki.test.v1", fields, n, want);
        hashchain_link(prev, "kizuki.test.v1", fields, n, got);
        assert_string_equal(got, want);
        assert_true(hashchain_is_hex(got));
    }
}

/* Length prefixes keep field boundaries: "ab","c" and "a","bc" differ,
 * and so do the domain and the first field. */
static void test_field_boundaries_matter(void **state)
{
    const char *ab_c[] = {"ab", "c"};
    const char *a_bc[] = {"a", "bc"};
    const char *abc[] = {"abc"};
    char h1[HASH_HEX_SIZE];
    char h2[HASH_HEX_SIZE];
    char h3[HASH_HEX_SIZE];
    char h4[HASH_HEX_SIZE];

    (void)state;
    hashchain_link(hashchain_genesis, "d", ab_c, 2, h1);
    hashchain_link(hashchain_genesis, "d", a_bc, 2, h2);
    hashchain_link(hashchain_genesis, "d", abc, 1, h3);
    hashchain_link(hashchain_genesis, "e", ab_c, 2, h4);
    assert_string_not_equal(h1, h2);
    assert_string_not_equal(h1, h3);
    assert_string_not_equal(h2, h3);
    assert_string_not_equal(h1, h4);
}

static void test_previous_hash_is_covered(void **state)
{
    const char *f[] = {"x"};
    char prev[HASH_HEX_SIZE];
    char h1[HASH_HEX_SIZE];
    char h2[HASH_HEX_SIZE];

    (void)state;
    memcpy(prev, hashchain_genesis, HASH_HEX_SIZE);
    hashchain_link(prev, "d", f, 1, h1);
    prev[63] = '1';
    hashchain_link(prev, "d", f, 1, h2);
    assert_string_not_equal(h1, h2);
}

static void test_is_hex_wants_64_lower_case_digits(void **state)
{
    char s[HASH_HEX_SIZE + 1];

    (void)state;
    assert_true(hashchain_is_hex(
        "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"));
    assert_false(hashchain_is_hex(
        "0123456789ABCDEF0123456789abcdef0123456789abcdef0123456789abcdef"));
    assert_false(hashchain_is_hex(
        "0123456789abcdeg0123456789abcdef0123456789abcdef0123456789abcdef"));
    memset(s, 'a', 63);
    s[63] = '\0';
    assert_false(hashchain_is_hex(s));
    memset(s, 'a', 65);
    s[65] = '\0';
    assert_false(hashchain_is_hex(s));
    assert_false(hashchain_is_hex(""));
    assert_false(hashchain_is_hex(NULL));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_genesis_is_64_zeros),
        cmocka_unit_test(test_known_answer),
        cmocka_unit_test(test_link_matches_the_documented_form),
        cmocka_unit_test(test_field_boundaries_matter),
        cmocka_unit_test(test_previous_hash_is_covered),
        cmocka_unit_test(test_is_hex_wants_64_lower_case_digits),
    };

    return cmocka_run_group_tests(tests, fixture_group_setup, NULL);
}
