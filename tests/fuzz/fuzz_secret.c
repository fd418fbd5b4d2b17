/* SPDX-License-Identifier: MIT */
/*
 * fuzz_secret.c - bearer tokens, session cookies and acknowledgement
 * tokens as they arrive in headers and links (src/app/secret.c).
 *
 * Properties: no crash or UB; what parses has the exact shape of
 * secret.h (lower-case hex of the stated lengths) and yields an id and
 * digests of the stated lengths; the same secret under another purpose
 * gives another digest; digests compare equal only to themselves.
 */
#include "fuzz.h"

#include <stdbool.h>

#include "app/secret.h"

static bool is_lower_hex(const char *s, size_t n)
{
    if (strlen(s) != n)
        return false;
    for (size_t i = 0; i < n; i++) {
        if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
            return false;
    }
    return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = fuzz_cstr(data, size);
    char id[33];
    char digest[HASH_HEX_SIZE];
    char csrf[HASH_HEX_SIZE];
    char ack[HASH_HEX_SIZE];

    memset(id, 'X', sizeof(id));
    if (secret_token_parse(s, id, digest)) {
        FUZZ_CHECK(strlen(s) == TOKEN_LEN && strncmp(s, "kzt_", 4) == 0);
        FUZZ_CHECK(is_lower_hex(id, 16));
        FUZZ_CHECK(strncmp(s + 4, id, 16) == 0);
        FUZZ_CHECK(is_lower_hex(digest, HASH_HEX_LEN));
        FUZZ_CHECK(secret_digest_equal(digest, digest));
    }
    memset(id, 'X', sizeof(id));
    if (secret_session_parse(s, id, digest, csrf)) {
        FUZZ_CHECK(strlen(s) == COOKIE_LEN && s[32] == '.');
        FUZZ_CHECK(is_lower_hex(id, 32));
        FUZZ_CHECK(is_lower_hex(digest, HASH_HEX_LEN));
        FUZZ_CHECK(is_lower_hex(csrf, HASH_HEX_LEN));
        FUZZ_CHECK(!secret_digest_equal(digest, csrf));
    }
    if (secret_ack_digest(s, ack)) {
        FUZZ_CHECK(is_lower_hex(s, SECRET_HEX_LEN));
        FUZZ_CHECK(is_lower_hex(ack, HASH_HEX_LEN));
    }

    /* Comparing: the input's two halves as two digests. */
    size_t half = size / 2;
    char *a = fuzz_cstr(data, half);
    char *b = fuzz_cstr(data + half, size - half);
    bool equal = secret_digest_equal(a, b);
    FUZZ_CHECK(!equal || (strlen(a) == HASH_HEX_LEN && strcmp(a, b) == 0));
    free(a);
    free(b);
    free(s);
    return 0;
}
