/* SPDX-License-Identifier: MIT */
/*
 * dump.c - JSON values to compact text, byte for byte what jansson's
 * json_dumps(json, JSON_COMPACT) writes (see dump.h).
 *
 * Every API answer and access-log line is written here.  jansson writes
 * each run of a string through a callback into a buffer it then copies,
 * decodes every code point of every string, and formats the address of
 * every array and object with snprintf to enter it in a hash table (its
 * check for cycles): about a third of the server's own CPU for one GET
 * of an incident.  This writer scans strings for the few bytes that need
 * an escape and copies the runs between them, validating UTF-8 as
 * jansson does.  It keeps no cycle check: a value nested deeper than any
 * answer hands the whole dump to jansson, whose check then refuses a
 * cycle as before.  Real numbers, rare in answers, are formatted by
 * jansson itself.  Tested against json_dumps in tests/unit/json/test_dump.c.
 */
#include "json/dump.h"

#include <stdint.h>
#include <string.h>

#include "util/mem.h"

/* Past this depth (or size) the value goes to jansson, which checks for
 * cycles. */
#define DUMP_MAX_DEPTH 2048
#define DUMP_MAX_BYTES ((size_t)1 << 30)

/* Length of the valid UTF-8 sequence at s (n bytes left, s[0] >= 0x80),
 * or 0: the rules of RFC 3629 that jansson's utf8_check_full applies
 * (no overlong forms, no surrogates, nothing past U+10FFFF). */
static size_t utf8_seq(const unsigned char *s, size_t n)
{
    unsigned char c = s[0];
    size_t len;
    uint32_t cp;

    if (c >= 0xC2 && c <= 0xDF) {
        len = 2;
        cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
        len = 3;
        cp = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4;
        cp = c & 0x07;
    } else {
        return 0;
    }
    if (len > n)
        return 0;
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (s[i] & 0x3F);
    }
    if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
        (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
        return 0;
    return len;
}

enum kz_err dump_string(struct buf *b, const char *str, size_t len)
{
    static const char hex[] = "0123456789ABCDEF";
    const unsigned char *s = (const unsigned char *)str;
    size_t run = 0; /* start of the bytes not yet written */
    size_t i = 0;
    enum kz_err err = buf_append(b, "\"", 1);

    while (err == KZ_OK && i < len) {
        unsigned char c = s[i];
        if (c >= 0x20 && c != '"' && c != '\\' && c < 0x80) {
            i++;
            continue;
        }
        if (c >= 0x80) {
            size_t k = utf8_seq(s + i, len - i);
            if (k == 0)
                return KZ_EINVAL;
            i += k;
            continue;
        }
        char esc[6] = {'\\', 0, 0, 0, 0, 0};
        size_t n = 2;
        switch (c) {
        case '"':
            esc[1] = '"';
            break;
        case '\\':
            esc[1] = '\\';
            break;
        case '\b':
            esc[1] = 'b';
            break;
        case '\f':
            esc[1] = 'f';
            break;
        case '\n':
            esc[1] = 'n';
            break;
        case '\r':
            esc[1] = 'r';
            break;
        case '\t':
            esc[1] = 't';
            break;
        default:
            esc[1] = 'u';
            esc[2] = '0';
            esc[3] = '0';
            esc[4] = hex[c >> 4];
            esc[5] = hex[c & 0xF];
            n = 6;
            break;
        }
        err = buf_append(b, str + run, i - run);
        if (err == KZ_OK)
            err = buf_append(b, esc, n);
        run = ++i;
    }
    if (err == KZ_OK)
        err = buf_append(b, str + run, len - run);
    if (err == KZ_OK)
        err = buf_append(b, "\"", 1);
    return err;
}

static enum kz_err dump_integer(struct buf *b, json_int_t v)
{
    char digits[24];
    size_t n = sizeof(digits);
    /* Through unsigned: the most negative value has no positive twin. */
    unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v
                                 : (unsigned long long)v;

    do {
        digits[--n] = (char)('0' + u % 10);
        u /= 10;
    } while (u != 0);
    if (v < 0)
        digits[--n] = '-';
    return buf_append(b, digits + n, sizeof(digits) - n);
}

/* A real as jansson writes it (its own formatting, kept exactly). */
static enum kz_err dump_real(struct buf *b, const json_t *v, size_t flags)
{
    char *text = json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT | flags);

    if (text == NULL)
        return KZ_EINVAL;
    enum kz_err err = buf_puts(b, text);
    xfree(text);
    return err;
}

static enum kz_err dump_value(struct buf *b, const json_t *v, int depth,
                              size_t flags)
{
    enum kz_err err = KZ_OK;

    if (depth > DUMP_MAX_DEPTH)
        return KZ_ETOOBIG;
    switch (json_typeof(v)) {
    case JSON_NULL:
        return buf_append(b, "null", 4);
    case JSON_TRUE:
        return buf_append(b, "true", 4);
    case JSON_FALSE:
        return buf_append(b, "false", 5);
    case JSON_INTEGER:
        return dump_integer(b, json_integer_value(v));
    case JSON_REAL:
        return dump_real(b, v, flags);
    case JSON_STRING:
        return dump_string(b, json_string_value(v), json_string_length(v));
    case JSON_ARRAY: {
        size_t n = json_array_size(v);
        err = buf_append(b, "[", 1);
        for (size_t i = 0; err == KZ_OK && i < n; i++) {
            if (i > 0)
                err = buf_append(b, ",", 1);
            if (err == KZ_OK)
                err = dump_value(b, json_array_get(v, i), depth + 1, flags);
        }
        return err == KZ_OK ? buf_append(b, "]", 1) : err;
    }
    case JSON_OBJECT: {
        /* Insertion order, as jansson writes without JSON_SORT_KEYS. */
        void *it = json_object_iter((json_t *)v);
        err = buf_append(b, "{", 1);
        for (bool first = true; err == KZ_OK && it != NULL; first = false) {
            if (!first)
                err = buf_append(b, ",", 1);
            if (err == KZ_OK)
                err = dump_string(b, json_object_iter_key(it),
                                  json_object_iter_key_len(it));
            if (err == KZ_OK)
                err = buf_append(b, ":", 1);
            if (err == KZ_OK)
                err = dump_value(b, json_object_iter_value(it), depth + 1,
                                 flags);
            it = json_object_iter_next((json_t *)v, it);
        }
        return err == KZ_OK ? buf_append(b, "}", 1) : err;
    }
    }
    return KZ_EINVAL;
}

enum kz_err dump_value_to(struct buf *b, const json_t *json, size_t flags)
{
    return json == NULL ? KZ_EINVAL : dump_value(b, json, 0, flags);
}

char *dump_compact(const json_t *json)
{
    struct buf b;

    if (!json_is_object(json) && !json_is_array(json))
        return NULL;
    buf_init(&b, DUMP_MAX_BYTES);
    enum kz_err err = dump_value(&b, json, 0, 0);
    if (err == KZ_ETOOBIG) {
        /* Too deep (or huge) for this writer: jansson decides. */
        buf_cleanup(&b);
        return json_dumps(json, JSON_COMPACT);
    }
    if (err != KZ_OK) {
        buf_cleanup(&b);
        return NULL;
    }
    return buf_take(&b);
}
