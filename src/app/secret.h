/* SPDX-License-Identifier: MIT */
/*
 * secret.h - passwords, bearer tokens and session cookies.
 *
 * Passwords are hashed with Argon2id (libsodium crypto_pwhash_str), a slow
 * hash.  Tokens and session secrets carry 256 random bits, so a fast
 * SHA-256 is enough to store them and is checked in constant time: a slow
 * hash on every API request would cost far more than it protects.
 *
 *   API token:       kzt_<id: 16 hex>_<secret: 64 hex>
 *   session cookie:  <id: 32 hex>.<secret: 64 hex>
 */
#ifndef KZ_APP_SECRET_H
#define KZ_APP_SECRET_H

#include <stdbool.h>
#include <stddef.h>

#include "core/hashchain.h"
#include "util/err.h"

#define SECRET_HEX_LEN 64
#define TOKEN_LEN (4 + 16 + 1 + SECRET_HEX_LEN)
#define COOKIE_LEN (32 + 1 + SECRET_HEX_LEN)
#define GENERATED_PASSWORD_LEN 23

/* Argon2id hash of 'password' (OUT: caller frees). */
enum kz_err secret_password_hash(const char *password,
                                 char **out) KZ_MUST_CHECK;
/* True when 'password' matches 'hash'; a NULL hash still costs the same
 * time, so timing does not tell whether an account exists. */
bool secret_password_verify(const char *hash, const char *password);
/* A new random password for people to type: 4 groups of 5 characters
 * without look-alikes (OUT: out[GENERATED_PASSWORD_LEN + 1]). */
void secret_password_generate(char *out);

/* A new token: 'id' (OUT: 17 bytes), the whole token text (OUT:
 * TOKEN_LEN + 1) and the digest to store (OUT: HASH_HEX_SIZE). */
void secret_token_new(char *id, char *token, char *digest);
/* Split a token into its id (OUT: 17 bytes) and the digest of its secret
 * (OUT: HASH_HEX_SIZE); false when it is not a well-formed token. */
bool secret_token_parse(const char *token, char *id, char *digest);

/* A new session: 'id' (OUT: 33 bytes), the cookie value (OUT:
 * COOKIE_LEN + 1) and the digest to store. */
void secret_session_new(char *id, char *cookie, char *digest);
/* Split a cookie value like secret_token_parse; 'csrf' (OUT: 65 bytes)
 * receives the CSRF token that belongs to the session. */
bool secret_session_parse(const char *cookie, char *id, char *digest,
                          char *csrf);

/* A new acknowledgement token for a summons: 'token' (OUT: 65 bytes, hex)
 * goes into the message's link, 'digest' (OUT: HASH_HEX_SIZE) is stored. */
void secret_ack_new(char *token, char *digest);
/* The digest of an acknowledgement token; false when malformed. */
bool secret_ack_digest(const char *token, char *digest);

/* Constant-time comparison of two digests in hex. */
bool secret_digest_equal(const char *a, const char *b);

#endif
