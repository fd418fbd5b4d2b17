/* SPDX-License-Identifier: MIT */
/*
 * hashchain.h - the link of a hash chain, shared by the chronology of each
 * incident (SPEC C3) and the global audit log (SPEC C15).
 *
 * hash = SHA-256( prev_hash_hex || domain || canonical fields ), where the
 * canonical form writes each field as "<byte length>:<bytes>\n", so no two
 * different entries serialise alike.  docs/internals/hashchain.md gives
 * the exact bytes so that anyone can recompute a chain.
 */
#ifndef KZ_CORE_HASHCHAIN_H
#define KZ_CORE_HASHCHAIN_H

#include <stdbool.h>
#include <stddef.h>

#define HASH_HEX_LEN 64
#define HASH_HEX_SIZE 65

/* The prev_hash of the first entry of every chain: 64 '0' characters. */
extern const char hashchain_genesis[HASH_HEX_SIZE];

/*
 * Compute the link over 'prev_hex' and the 'n' fields into out[65] (lower
 * case hex, NUL-terminated).  'domain' separates chains of different kinds
 * ("kizuki.chronology.v1").
 */
void hashchain_link(const char *prev_hex, const char *domain,
                    const char *const *fields, size_t n, char *out);
/* True when 's' is 64 lower-case hex digits. */
bool hashchain_is_hex(const char *s);

#endif
