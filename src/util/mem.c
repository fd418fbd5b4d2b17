/* SPDX-License-Identifier: MIT */
/*
 * mem.c - the only file that calls malloc and free directly (see mem.h).
 */
#include "util/mem.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void oom(size_t n)
{
    fprintf(stderr, "kizuki: out of memory allocating %zu bytes\n", n);
    abort();
}

void *xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);

    if (p == NULL)
        oom(n);
    return p;
}

void *xcalloc(size_t count, size_t size)
{
    void *p = calloc(count ? count : 1, size ? size : 1);

    if (p == NULL)
        oom(count * size);
    return p;
}

void *xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);

    if (q == NULL)
        oom(n);
    return q;
}

char *xstrdup(const char *s)
{
    if (s == NULL)
        return NULL;
    return xstrndup(s, strlen(s));
}

char *xstrndup(const char *s, size_t n)
{
    char *d = xmalloc(n + 1);

    memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

void xfree(void *p)
{
    free(p);
}

void xstrset(char **dst, const char *src)
{
    char *copy = xstrdup(src);

    free(*dst);
    *dst = copy;
}
