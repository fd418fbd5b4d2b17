/* SPDX-License-Identifier: MIT */
/*
 * buf.h - a growable byte buffer with a hard cap.
 *
 * Every buffer fed by outside input has a maximum size so that a request
 * body, an import or an export cannot grow without limit.
 */
#ifndef KZ_UTIL_BUF_H
#define KZ_UTIL_BUF_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

#include "util/err.h"

struct buf {
    char *data; /* always NUL-terminated when non-NULL */
    size_t len;
    size_t cap;
    size_t max; /* appends past this fail with KZ_ETOOBIG */
};

/* Prepare 'b' (caller storage) to hold at most 'max' bytes. */
void buf_init(struct buf *b, size_t max);
/* Free the contents; 'b' may be reused after buf_init. Zeroed b is fine. */
void buf_cleanup(struct buf *b);
/* Forget the contents but keep the memory. */
void buf_reset(struct buf *b);
enum kz_err buf_append(struct buf *b, const void *p, size_t n) KZ_MUST_CHECK;
enum kz_err buf_puts(struct buf *b, const char *s) KZ_MUST_CHECK;
enum kz_err buf_printf(struct buf *b, const char *fmt, ...) KZ_MUST_CHECK
    __attribute__((format(printf, 2, 3)));
enum kz_err buf_vprintf(struct buf *b, const char *fmt,
                        va_list ap) KZ_MUST_CHECK
    __attribute__((format(printf, 2, 0)));
/* Move the contents out (never NULL); the caller frees it. 'b' is empty. */
char *buf_take(struct buf *b);
/* Read 'f' to its end into a new NUL-terminated string (OUT: caller
 * frees); NULL when it holds more than 'max' bytes.  'f' stays open. */
char *buf_read_all(FILE *f, size_t max);

#endif
