/* SPDX-License-Identifier: MIT */
/*
 * mem.h - allocation that aborts on exhaustion.
 *
 * kizuki is an application: running out of memory ends the process, and the
 * transactional store guarantees that nothing acknowledged is lost.  Every
 * other module allocates through these and never checks for NULL.
 */
#ifndef KZ_UTIL_MEM_H
#define KZ_UTIL_MEM_H

#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *p, size_t n);
/* A heap copy of 's' (NULL gives NULL); the caller frees it. */
char *xstrdup(const char *s);
/* A heap copy of the first 'n' bytes of 's', NUL-terminated. */
char *xstrndup(const char *s, size_t n);
/* free() under a name the source checker allows; NULL is a no-op. */
void xfree(void *p);
/* Replace *dst by a copy of 'src' (NULL allowed), freeing the old value. */
void xstrset(char **dst, const char *src);

#endif
