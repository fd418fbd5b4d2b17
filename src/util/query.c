/* SPDX-License-Identifier: MIT */
/*
 * query.c - URL query strings: parse and percent-encode (see query.h).
 * Input is untrusted: every byte is checked, decoded text must be UTF-8
 * without control characters.  Fuzzed by tests/fuzz/fuzz_query.c.
 */
#include "util/query.h"

#include <string.h>

#include "util/mem.h"
#include "util/utf8.h"

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Decode s[0..n) into a new string (OUT: *out), or NULL when malformed. */
static char *decode(const char *s, size_t n)
{
    char *d = xmalloc(n + 1);
    size_t j = 0;

    for (size_t i = 0; i < n; i++) {
        if (s[i] == '+') {
            d[j++] = ' ';
        } else if (s[i] == '%') {
            /* Two hex digits must follow within the part. */
            int hi = i + 2 < n ? hexval(s[i + 1]) : -1;
            int lo = i + 2 < n ? hexval(s[i + 2]) : -1;
            if (hi < 0 || lo < 0) {
                xfree(d);
                return NULL;
            }
            d[j++] = (char)(hi * 16 + lo);
            i += 2;
        } else {
            d[j++] = s[i];
        }
    }
    d[j] = '\0';
    /* A NUL from %00 would cut the text short of what was checked. */
    if (strlen(d) != j || !utf8_is_valid(d, j) || utf8_has_control(d, false)) {
        xfree(d);
        return NULL;
    }
    return d;
}

enum kz_err query_parse(const char *s, struct query *out)
{
    memset(out, 0, sizeof(*out));
    if (s == NULL)
        return KZ_OK;
    size_t len = strlen(s);
    if (len > QUERY_LEN_MAX)
        return KZ_EINVAL;
    if (s[0] == '?') {
        s++;
        len--;
    }
    while (len > 0) {
        const char *amp = memchr(s, '&', len);
        size_t part = amp != NULL ? (size_t)(amp - s) : len;
        if (part > 0) {
            const char *eq = memchr(s, '=', part);
            size_t klen = eq != NULL ? (size_t)(eq - s) : part;
            if (klen == 0 || out->n == QUERY_PAIRS_MAX)
                return KZ_EINVAL;
            char *k = decode(s, klen);
            char *v =
                eq != NULL ? decode(eq + 1, part - klen - 1) : xstrdup("");
            if (k == NULL || v == NULL || k[0] == '\0') {
                xfree(k);
                xfree(v);
                return KZ_EINVAL;
            }
            out->v[out->n].key = k;
            out->v[out->n].value = v;
            out->n++;
        }
        if (amp == NULL)
            break;
        s += part + 1;
        len -= part + 1;
    }
    return KZ_OK;
}

void query_cleanup(struct query *q)
{
    for (size_t i = 0; i < q->n; i++) {
        xfree(q->v[i].key);
        xfree(q->v[i].value);
    }
    q->n = 0;
}

const char *query_get(const struct query *q, const char *key)
{
    for (size_t i = 0; i < q->n; i++) {
        if (strcmp(q->v[i].key, key) == 0)
            return q->v[i].value;
    }
    return NULL;
}

static enum kz_err encode(struct buf *b, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    enum kz_err err = KZ_OK;

    for (const unsigned char *p = (const unsigned char *)s;
         err == KZ_OK && *p != '\0'; p++) {
        /* RFC 3986 unreserved characters stay; everything else, '+' and
         * '&' included, is escaped so that it decodes to itself. */
        bool plain = (*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
                     (*p >= '0' && *p <= '9') || *p == '-' || *p == '.' ||
                     *p == '_' || *p == '~';
        char esc[3] = {'%', hex[*p >> 4], hex[*p & 15]};
        err = plain ? buf_append(b, p, 1) : buf_append(b, esc, 3);
    }
    return err;
}

enum kz_err query_append(struct buf *b, const char *key, const char *value)
{
    enum kz_err err = b->len > 0 ? buf_puts(b, "&") : KZ_OK;

    if (err == KZ_OK)
        err = encode(b, key);
    if (err == KZ_OK)
        err = buf_puts(b, "=");
    if (err == KZ_OK)
        err = encode(b, value);
    return err;
}
