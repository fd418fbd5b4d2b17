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

enum ref_q ref_q_shape(const char *q, char *prefix)
{
    static const char head[] = "INC-";
    size_t len = q != NULL ? strnlen(q, 24) : 0;
    size_t dash = len;
    char up[24];

    prefix[0] = '\0';
    /* Longer than any reference, empty, or with a character that no
     * reference has. */
    if (len == 0 || len >= 19)
        return REF_Q_NONE;
    for (size_t i = 0; i < len; i++) {
        char c = (char)toupper((unsigned char)q[i]);
        if (!isdigit((unsigned char)c) && strchr(head, c) == NULL)
            return REF_Q_NONE;
        up[i] = c;
        /* A dash after four digits can only be the one after the year. */
        if (c == '-' && dash == len && i >= 4 &&
            strspn(up + i - 4, "0123456789") >= 4)
            dash = i;
    }
    up[len] = '\0';
    if (dash == len) {
        memcpy(prefix, up, len + 1);
        return REF_Q_ANY;
    }
    /* Before the year: nothing, or the end of "INC-"; after the dash:
     * digits only. */
    size_t lead = dash - 4;
    if (lead > 4 || strncmp(up, head + 4 - lead, lead) != 0 ||
        strspn(up + dash + 1, "0123456789") != len - dash - 1)
        return REF_Q_NONE;
    /* "INC-" then q from its year on: at most 4 + 18 bytes. */
    memcpy(prefix, head, 4);
    memcpy(prefix + 4, up + lead, len - lead + 1);
    return REF_Q_PREFIX;
}
