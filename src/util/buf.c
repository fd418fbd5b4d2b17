/* SPDX-License-Identifier: MIT */
/*
 * buf.c - growable capped buffer (see buf.h).
 */
#include "util/buf.h"

#include <stdio.h>
#include <string.h>

#include "util/mem.h"

void buf_init(struct buf *b, size_t max)
{
    b->data = NULL;
    b->len = 0;
    b->cap = 0;
    b->max = max;
}

void buf_cleanup(struct buf *b)
{
    xfree(b->data);
    b->data = NULL;
    b->len = 0;
    b->cap = 0;
}

void buf_reset(struct buf *b)
{
    b->len = 0;
    if (b->data != NULL)
        b->data[0] = '\0';
}

static enum kz_err buf_reserve(struct buf *b, size_t extra)
{
    if (extra > b->max || b->len > b->max - extra)
        return KZ_ETOOBIG;
    size_t need = b->len + extra + 1;
    if (need <= b->cap)
        return KZ_OK;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < need)
        cap *= 2;
    b->data = xrealloc(b->data, cap);
    b->cap = cap;
    return KZ_OK;
}

enum kz_err buf_append(struct buf *b, const void *p, size_t n)
{
    enum kz_err err = buf_reserve(b, n);

    if (err != KZ_OK)
        return err;
    if (n > 0)
        memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = '\0';
    return KZ_OK;
}

enum kz_err buf_puts(struct buf *b, const char *s)
{
    return buf_append(b, s, strlen(s));
}

enum kz_err buf_vprintf(struct buf *b, const char *fmt, va_list ap)
{
    va_list copy;
    char small[256];

    va_copy(copy, ap);
    int n = vsnprintf(small, sizeof(small), fmt, copy);
    va_end(copy);
    if (n < 0)
        return KZ_EINVAL;
    if ((size_t)n < sizeof(small))
        return buf_append(b, small, (size_t)n);
    enum kz_err err = buf_reserve(b, (size_t)n);
    if (err != KZ_OK)
        return err;
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    b->len += (size_t)n;
    return KZ_OK;
}

enum kz_err buf_printf(struct buf *b, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    enum kz_err err = buf_vprintf(b, fmt, ap);
    va_end(ap);
    return err;
}

char *buf_take(struct buf *b)
{
    char *d = b->data;

    if (d == NULL)
        d = xstrdup("");
    b->data = NULL;
    b->len = 0;
    b->cap = 0;
    return d;
}

char *buf_read_all(FILE *f, size_t max)
{
    struct buf b;
    char chunk[4096];
    size_t n;
    enum kz_err err = KZ_OK;

    buf_init(&b, max);
    while (err == KZ_OK && (n = fread(chunk, 1, sizeof(chunk), f)) > 0)
        err = buf_append(&b, chunk, n);
    if (err != KZ_OK) {
        buf_cleanup(&b);
        return NULL;
    }
    return buf_take(&b);
}
