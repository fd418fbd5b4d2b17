/* SPDX-License-Identifier: MIT */
/*
 * ref.c - formatting and strict parsing of incident references.
 *
 * Parsing is strict because references arrive in URL paths and CLI
 * arguments: only "INC-", four year digits, "-" and 4-9 digits pass.
 */
#include "core/ref.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

char *ref_format(char *out, int year, int64_t number)
{
    snprintf(out, 24, "INC-%04d-%04lld", year, (long long)number);
    return out;
}

bool ref_parse(const char *s, int *year, int64_t *number)
{
    size_t len;
    int y = 0;
    int64_t n = 0;

    if (s == NULL)
        return false;
    len = strnlen(s, 24);
    if (len < 13 || len > 18 || strncmp(s, "INC-", 4) != 0 || s[8] != '-')
        return false;
    for (size_t i = 4; i < 8; i++) {
        if (!isdigit((unsigned char)s[i]))
            return false;
        y = y * 10 + (s[i] - '0');
    }
    for (size_t i = 9; i < len; i++) {
        if (!isdigit((unsigned char)s[i]))
            return false;
        n = n * 10 + (s[i] - '0');
    }
    if (y < 1900 || n < 1)
        return false;
    if (year != NULL)
        *year = y;
    if (number != NULL)
        *number = n;
    return true;
}
