/* SPDX-License-Identifier: MIT */
/*
 * secret.c - hashing and checking secrets (see secret.h).
 */
#include "app/secret.h"

#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "util/mem.h"

/* Argon2id with 19 MiB and 2 passes: the OWASP baseline, about 40 ms
 * here, small enough that a server stays within its memory budget. */
#define PWHASH_OPS 2
#define PWHASH_MEM (19u * 1024u * 1024u)
/* At most two hashes at once, so a burst of sign-ins cannot exhaust
 * memory. */
#define PWHASH_PARALLEL 2

static pthread_mutex_t gate_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t gate_cond = PTHREAD_COND_INITIALIZER;
static int gate_busy;

static void gate_enter(void)
{
    pthread_mutex_lock(&gate_lock);
    while (gate_busy >= PWHASH_PARALLEL)
        pthread_cond_wait(&gate_cond, &gate_lock);
    gate_busy++;
    pthread_mutex_unlock(&gate_lock);
}

static void gate_leave(void)
{
    pthread_mutex_lock(&gate_lock);
    gate_busy--;
    pthread_cond_signal(&gate_cond);
    pthread_mutex_unlock(&gate_lock);
}

static int pwhash(char *out, const char *password)
{
    gate_enter();
    int rc = crypto_pwhash_str(out, password, strlen(password), PWHASH_OPS,
                               PWHASH_MEM);
    gate_leave();
    return rc;
}

enum kz_err secret_password_hash(const char *password, char **out)
{
    char hash[crypto_pwhash_STRBYTES];

    *out = NULL;
    if (pwhash(hash, password) != 0)
        return KZ_ESTORE;
    *out = xstrdup(hash);
    sodium_memzero(hash, sizeof(hash));
    return KZ_OK;
}

/* A hash of a password nobody has, made once, so that checking an
 * unknown account costs as much as checking a real one. */
static char dummy[crypto_pwhash_STRBYTES];
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;

static void make_dummy(void)
{
    unsigned char noise[32];
    char text[65];

    randombytes_buf(noise, sizeof(noise));
    sodium_bin2hex(text, sizeof(text), noise, sizeof(noise));
    if (pwhash(dummy, text) != 0)
        dummy[0] = '\0';
}

bool secret_password_verify(const char *hash, const char *password)
{
    bool real = hash != NULL && hash[0] != '\0';
    int rc;

    if (password == NULL)
        password = "";
    if (!real)
        pthread_once(&dummy_once, make_dummy);
    gate_enter();
    rc = crypto_pwhash_str_verify(real ? hash : dummy, password,
                                  strlen(password));
    gate_leave();
    return real && rc == 0;
}

void secret_password_generate(char *out)
{
    /* No 0/O, 1/l/I: people copy these from a screen or paper. */
    static const char alphabet[] = "abcdefghijkmnpqrstuvwxyz23456789";
    size_t k = 0;

    for (int group = 0; group < 4; group++) {
        if (group > 0)
            out[k++] = '-';
        for (int i = 0; i < 5; i++)
            out[k++] = alphabet[randombytes_uniform(sizeof(alphabet) - 1)];
    }
    out[k] = '\0';
}

static void random_hex(char *out, size_t bytes)
{
    unsigned char buf[32];

    randombytes_buf(buf, bytes);
    sodium_bin2hex(out, bytes * 2 + 1, buf, bytes);
    sodium_memzero(buf, sizeof(buf));
}

/* SHA-256 of 'domain' followed by 'secret', in hex. */
static void digest_of(const char *domain, const char *secret, char *out)
{
    crypto_hash_sha256_state st;
    unsigned char d[crypto_hash_sha256_BYTES];

    crypto_hash_sha256_init(&st);
    crypto_hash_sha256_update(&st, (const unsigned char *)domain,
                              strlen(domain));
    crypto_hash_sha256_update(&st, (const unsigned char *)secret,
                              strlen(secret));
    crypto_hash_sha256_final(&st, d);
    sodium_bin2hex(out, HASH_HEX_SIZE, d, sizeof(d));
}

static bool is_hex(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
            return false;
    }
    return true;
}

void secret_token_new(char *id, char *token, char *digest)
{
    char secret[SECRET_HEX_LEN + 1];

    random_hex(id, 8);
    random_hex(secret, 32);
    snprintf(token, TOKEN_LEN + 1, "kzt_%s_%s", id, secret);
    digest_of("kizuki.token.v1", secret, digest);
    sodium_memzero(secret, sizeof(secret));
}

bool secret_token_parse(const char *token, char *id, char *digest)
{
    if (token == NULL || strlen(token) != TOKEN_LEN ||
        strncmp(token, "kzt_", 4) != 0 || token[20] != '_' ||
        !is_hex(token + 4, 16) || !is_hex(token + 21, SECRET_HEX_LEN))
        return false;
    memcpy(id, token + 4, 16);
    id[16] = '\0';
    digest_of("kizuki.token.v1", token + 21, digest);
    return true;
}

void secret_session_new(char *id, char *cookie, char *digest)
{
    char secret[SECRET_HEX_LEN + 1];

    random_hex(id, 16);
    random_hex(secret, 32);
    snprintf(cookie, COOKIE_LEN + 1, "%s.%s", id, secret);
    digest_of("kizuki.session.v1", secret, digest);
    sodium_memzero(secret, sizeof(secret));
}

bool secret_session_parse(const char *cookie, char *id, char *digest,
                          char *csrf)
{
    if (cookie == NULL || strlen(cookie) != COOKIE_LEN || cookie[32] != '.' ||
        !is_hex(cookie, 32) || !is_hex(cookie + 33, SECRET_HEX_LEN))
        return false;
    memcpy(id, cookie, 32);
    id[32] = '\0';
    digest_of("kizuki.session.v1", cookie + 33, digest);
    /* The CSRF token is derived from the session's secret, so it needs no
     * storage and cannot be computed without the cookie. */
    digest_of("kizuki.csrf.v1", cookie + 33, csrf);
    return true;
}

void secret_ack_new(char *token, char *digest)
{
    random_hex(token, 32);
    digest_of("kizuki.ack.v1", token, digest);
}

bool secret_ack_digest(const char *token, char *digest)
{
    if (token == NULL || strlen(token) != SECRET_HEX_LEN ||
        !is_hex(token, SECRET_HEX_LEN))
        return false;
    digest_of("kizuki.ack.v1", token, digest);
    return true;
}

bool secret_digest_equal(const char *a, const char *b)
{
    if (a == NULL || b == NULL || strlen(a) != HASH_HEX_LEN ||
        strlen(b) != HASH_HEX_LEN)
        return false;
    return sodium_memcmp(a, b, HASH_HEX_LEN) == 0;
}
