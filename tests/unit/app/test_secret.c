/* SPDX-License-Identifier: MIT */
/*
 * test_secret.c - the shapes of bearer tokens, session cookies and
 * acknowledgement tokens (src/app/secret.c): what is made parses, what
 * is not exactly that shape is refused, and the digests that are stored
 * depend on the secret and on its purpose.
 */
#include "support/test.h"

#include <stdio.h>
#include <string.h>

#include "app/secret.h"

static void test_new_token_parses_to_its_id_and_digest(void **state)
{
    char id[17];
    char token[TOKEN_LEN + 1];
    char digest[HASH_HEX_SIZE];
    char got_id[17];
    char got[HASH_HEX_SIZE];

    (void)state;
    secret_token_new(id, token, digest);
    assert_int_equal(strlen(token), TOKEN_LEN);
    assert_memory_equal(token, "kzt_", 4);
    assert_true(secret_token_parse(token, got_id, got));
    assert_string_equal(got_id, id);
    assert_string_equal(got, digest);
    assert_true(secret_digest_equal(got, digest));
}

static void test_malformed_tokens_are_refused(void **state)
{
    char token[TOKEN_LEN + 1];
    char id[17];
    char digest[HASH_HEX_SIZE];
    char bad[TOKEN_LEN + 2];

    (void)state;
    secret_token_new(id, token, digest);
    assert_false(secret_token_parse(NULL, id, digest));
    assert_false(secret_token_parse("", id, digest));
    /* One character short, one too many. */
    memcpy(bad, token, TOKEN_LEN - 1);
    bad[TOKEN_LEN - 1] = '\0';
    assert_false(secret_token_parse(bad, id, digest));
    memcpy(bad, token, TOKEN_LEN);
    memcpy(bad + TOKEN_LEN, "a", 2);
    assert_false(secret_token_parse(bad, id, digest));
    /* Wrong prefix, separator, upper-case or non-hex digits. */
    static const struct {
        size_t at;
        char c;
    } breaks[] = {{0, 'K'},  {3, '-'},  {20, '-'},           {4, 'A'},
                  {10, 'g'}, {21, 'F'}, {TOKEN_LEN - 1, 'z'}};
    for (size_t i = 0; i < sizeof(breaks) / sizeof(breaks[0]); i++) {
        memcpy(bad, token, TOKEN_LEN + 1);
        bad[breaks[i].at] = breaks[i].c;
        if (secret_token_parse(bad, id, digest))
            fail_msg("%s should be refused", bad);
    }
}

static void test_session_cookie_and_its_csrf_token(void **state)
{
    char id[33];
    char cookie[COOKIE_LEN + 1];
    char digest[HASH_HEX_SIZE];
    char got_id[33];
    char got[HASH_HEX_SIZE];
    char csrf[HASH_HEX_SIZE];
    char csrf2[HASH_HEX_SIZE];

    (void)state;
    secret_session_new(id, cookie, digest);
    assert_int_equal(strlen(cookie), COOKIE_LEN);
    assert_true(secret_session_parse(cookie, got_id, got, csrf));
    assert_string_equal(got_id, id);
    assert_string_equal(got, digest);
    /* The CSRF token is the session's own, and not its stored digest. */
    assert_false(secret_digest_equal(csrf, digest));
    assert_true(secret_session_parse(cookie, got_id, got, csrf2));
    assert_string_equal(csrf, csrf2);

    cookie[32] = '-';
    assert_false(secret_session_parse(cookie, got_id, got, csrf));
    cookie[32] = '.';
    cookie[0] = 'G';
    assert_false(secret_session_parse(cookie, got_id, got, csrf));
    assert_false(secret_session_parse("", got_id, got, csrf));
    assert_false(secret_session_parse(NULL, got_id, got, csrf));
}

static void test_ack_token_digest(void **state)
{
    char token[65];
    char digest[HASH_HEX_SIZE];
    char got[HASH_HEX_SIZE];

    (void)state;
    secret_ack_new(token, digest);
    assert_int_equal(strlen(token), SECRET_HEX_LEN);
    assert_true(secret_ack_digest(token, got));
    assert_string_equal(got, digest);
    token[5] = 'X';
    assert_false(secret_ack_digest(token, got));
    token[5] = '\0';
    assert_false(secret_ack_digest(token, got));
    assert_false(secret_ack_digest(NULL, got));
}

static void test_same_secret_other_purpose_other_digest(void **state)
{
    /* The same 64 hex digits as a token's secret, a cookie's secret and
     * an acknowledgement token: three different stored digests. */
    static const char secret[] =
        "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
    char token[TOKEN_LEN + 1];
    char cookie[COOKIE_LEN + 1];
    char id[33];
    char d_token[HASH_HEX_SIZE];
    char d_cookie[HASH_HEX_SIZE];
    char d_ack[HASH_HEX_SIZE];
    char csrf[HASH_HEX_SIZE];

    (void)state;
    snprintf(token, sizeof(token), "kzt_0123456789abcdef_%s", secret);
    snprintf(cookie, sizeof(cookie), "0123456789abcdef0123456789abcdef.%s",
             secret);
    assert_true(secret_token_parse(token, id, d_token));
    assert_true(secret_session_parse(cookie, id, d_cookie, csrf));
    assert_true(secret_ack_digest(secret, d_ack));
    assert_false(secret_digest_equal(d_token, d_cookie));
    assert_false(secret_digest_equal(d_token, d_ack));
    assert_false(secret_digest_equal(d_cookie, d_ack));
}

static void test_digest_comparison(void **state)
{
    char a[HASH_HEX_SIZE];
    char b[HASH_HEX_SIZE];

    (void)state;
    memset(a, 'a', HASH_HEX_LEN);
    a[HASH_HEX_LEN] = '\0';
    memcpy(b, a, sizeof(a));
    assert_true(secret_digest_equal(a, b));
    b[HASH_HEX_LEN - 1] = 'b';
    assert_false(secret_digest_equal(a, b));
    b[HASH_HEX_LEN - 1] = '\0';
    assert_false(secret_digest_equal(a, b));
    assert_false(secret_digest_equal(a, NULL));
    assert_false(secret_digest_equal(NULL, NULL));
    assert_false(secret_digest_equal("", ""));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_new_token_parses_to_its_id_and_digest),
        cmocka_unit_test(test_malformed_tokens_are_refused),
        cmocka_unit_test(test_session_cookie_and_its_csrf_token),
        cmocka_unit_test(test_ack_token_digest),
        cmocka_unit_test(test_same_secret_other_purpose_other_digest),
        cmocka_unit_test(test_digest_comparison),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
