/* SPDX-License-Identifier: MIT */
/*
 * numfmt.c - numbers with separators (see numfmt.h).
 */
#include "util/numfmt.h"

#include <stdio.h>

const char *numfmt_grouped(int64_t v, char *out, size_t n)
{
    char digits[32];
    /* The magnitude as unsigned, so that INT64_MIN has one too. */
    uint64_t mag = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
    size_t len = (size_t)snprintf(digits, sizeof(digits), "%llu",
                                  (unsigned long long)mag);
    size_t o = 0;

    if (n == 0)
        return out;
    if (v < 0 && o + 1 < n)
        out[o++] = '-';
    for (size_t i = 0; i < len && o + 1 < n; i++) {
        if (i > 0 && (len - i) % 3 == 0 && o + 2 < n)
            out[o++] = ',';
        out[o++] = digits[i];
    }
    out[o] = '\0';
    return out;
}
