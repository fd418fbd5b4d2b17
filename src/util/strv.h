/* SPDX-License-Identifier: MIT */
/*
 * strv.h - a growable list of owned strings.
 */
#ifndef KZ_UTIL_STRV_H
#define KZ_UTIL_STRV_H

#include <stdbool.h>
#include <stddef.h>

struct strv {
    char **v; /* each element owned by the list */
    size_t n;
};

/* Append a copy of 's'. */
void strv_push(struct strv *l, const char *s);
/* Free every element; the list is empty afterwards.  Zeroed l is fine. */
void strv_cleanup(struct strv *l);
/* Replace 'dst' with copies of the elements of 'src'. */
void strv_copy(struct strv *dst, const struct strv *src);
/* True when 's' is an element of 'l'. */
bool strv_contains(const struct strv *l, const char *s);
/* True when the lists hold the same elements in the same order. */
bool strv_equal(const struct strv *a, const struct strv *b);
/* Index of the first element repeated later in 'l', or -1. */
long strv_first_duplicate(const struct strv *l);

#endif
