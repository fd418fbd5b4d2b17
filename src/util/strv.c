/* SPDX-License-Identifier: MIT */
/*
 * strv.c - owned string lists (see strv.h).
 */
#include "util/strv.h"

#include <string.h>

#include "util/mem.h"

void strv_push(struct strv *l, const char *s)
{
    l->v = xrealloc(l->v, (l->n + 1) * sizeof(*l->v));
    l->v[l->n++] = xstrdup(s ? s : "");
}

void strv_cleanup(struct strv *l)
{
    for (size_t i = 0; i < l->n; i++)
        xfree(l->v[i]);
    xfree(l->v);
    l->v = NULL;
    l->n = 0;
}

void strv_copy(struct strv *dst, const struct strv *src)
{
    strv_cleanup(dst);
    for (size_t i = 0; i < src->n; i++)
        strv_push(dst, src->v[i]);
}

bool strv_contains(const struct strv *l, const char *s)
{
    for (size_t i = 0; i < l->n; i++) {
        if (strcmp(l->v[i], s) == 0)
            return true;
    }
    return false;
}

bool strv_equal(const struct strv *a, const struct strv *b)
{
    if (a->n != b->n)
        return false;
    for (size_t i = 0; i < a->n; i++) {
        if (strcmp(a->v[i], b->v[i]) != 0)
            return false;
    }
    return true;
}

long strv_first_duplicate(const struct strv *l)
{
    for (size_t i = 0; i < l->n; i++) {
        for (size_t j = i + 1; j < l->n; j++) {
            if (strcmp(l->v[i], l->v[j]) == 0)
                return (long)i;
        }
    }
    return -1;
}
