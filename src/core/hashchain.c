/* SPDX-License-Identifier: MIT */
/*
 * hashchain.c - SHA-256 links of the hash chains (see hashchain.h).
 * SHA-256 comes from libsodium; nothing here does I/O.
 */
#include "core/hashchain.h"

#include <sodium.h>
#include <string.h>

const char hashchain_genesis[HASH_HEX_SIZE] =
    "0000000000000000000000000000000000000000000000000000000000000000";

/*
 * Write "<n>:" (decimal, no leading zeros) ending at 'end'; returns where
 * it starts.  Written by hand because snprintf was the largest single cost
 * of verifying a million entries (seven fields each).
 */
static char *length_prefix(size_t n, char *end)
{
    char *p = end;

    *--p = ':';
    do {
        *--p = (char)('0' + n % 10);
        n /= 10;
    } while (n > 0);
    return p;
}

static void update_field(crypto_hash_sha256_state *st, const char *s)
{
    char len[24];
    size_t n = s ? strlen(s) : 0;
    char *start = length_prefix(n, len + sizeof(len));

    crypto_hash_sha256_update(st, (const unsigned char *)start,
                              (size_t)(len + sizeof(len) - start));
    if (n > 0)
        crypto_hash_sha256_update(st, (const unsigned char *)s, n);
    crypto_hash_sha256_update(st, (const unsigned char *)"\n", 1);
}

void hashchain_link(const char *prev_hex, const char *domain,
                    const char *const *fields, size_t n, char *out)
{
    crypto_hash_sha256_state st;
    unsigned char digest[crypto_hash_sha256_BYTES];

    crypto_hash_sha256_init(&st);
    crypto_hash_sha256_update(&st, (const unsigned char *)prev_hex,
                              strlen(prev_hex));
    update_field(&st, domain);
    for (size_t i = 0; i < n; i++)
        update_field(&st, fields[i]);
    crypto_hash_sha256_final(&st, digest);
    /* Plain lower-case hex: sodium_bin2hex is constant-time, which a
     * public hash does not need, and it showed in verification. */
    for (size_t i = 0; i < sizeof(digest); i++) {
        out[2 * i] = "0123456789abcdef"[digest[i] >> 4];
        out[2 * i + 1] = "0123456789abcdef"[digest[i] & 0x0f];
    }
    out[HASH_HEX_LEN] = '\0';
}

bool hashchain_is_hex(const char *s)
{
    if (s == NULL || strlen(s) != HASH_HEX_LEN)
        return false;
    for (size_t i = 0; i < HASH_HEX_LEN; i++) {
        char c = s[i];
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
            return false;
    }
    return true;
}
