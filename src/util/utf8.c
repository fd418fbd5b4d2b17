/* SPDX-License-Identifier: MIT */
/*
 * utf8.c - UTF-8 checks used on every text that enters kizuki.
 */
#include "util/utf8.h"

#include <string.h>

bool utf8_is_valid(const char *str, size_t n)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t i = 0;

    while (i < n) {
        unsigned char c = s[i];
        size_t len;
        unsigned int cp;

        if (c == 0)
            return false;
        if (c < 0x80) {
            i++;
            continue;
        }
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
            return false;
        }
        if (n - i < len)
            return false;
        for (size_t k = 1; k < len; k++) {
            if ((s[i + k] & 0xC0) != 0x80)
                return false;
            cp = (cp << 6) | (s[i + k] & 0x3F);
        }
        /* Overlong forms, UTF-16 surrogates and values past U+10FFFF. */
        if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
            (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
            return false;
        i += len;
    }
    return true;
}

size_t utf8_length(const char *s)
{
    size_t count = 0;

    for (; *s != '\0'; s++) {
        if (((unsigned char)*s & 0xC0) != 0x80)
            count++;
    }
    return count;
}

bool utf8_has_control(const char *s, bool multiline)
{
    const unsigned char *u = (const unsigned char *)s;

    for (; *u != '\0'; u++) {
        unsigned char c = *u;
        if (c == '\t' || (multiline && (c == '\n' || c == '\r')))
            continue;
        if (c < 0x20 || c == 0x7F)
            return true;
        /* C1 controls, U+0080..U+009F: C2 80..C2 9F. */
        if (c == 0xC2 && u[1] >= 0x80 && u[1] <= 0x9F)
            return true;
        /* Bidi embeddings and overrides U+202A..U+202E (E2 80 AA..AE) and
         * isolates U+2066..U+2069 (E2 81 A6..A9): they reorder what a
         * reader sees ("Trojan Source"), so a record could show one thing
         * and hold another. */
        if (c == 0xE2 && u[1] == 0x80 && u[2] >= 0xAA && u[2] <= 0xAE)
            return true;
        if (c == 0xE2 && u[1] == 0x81 && u[2] >= 0xA6 && u[2] <= 0xA9)
            return true;
    }
    return false;
}

bool utf8_is_blank(const char *s)
{
    if (s == NULL)
        return true;
    while (*s != '\0') {
        if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r') {
            s++;
        } else if (strncmp(s, "\xE3\x80\x80", 3) == 0) {
            s += 3; /* U+3000 IDEOGRAPHIC SPACE, typed by Japanese IMEs */
        } else {
            return false;
        }
    }
    return true;
}

/* The East Asian Wide and Fullwidth blocks that Japanese text uses. */
static bool is_wide(unsigned int cp)
{
    return (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) ||
           (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
           (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
           (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x1F300 && cp <= 0x1F64F) ||
           (cp >= 0x20000 && cp <= 0x3FFFD);
}

size_t utf8_display_width(const char *str)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t width = 0;

    while (*s != '\0') {
        unsigned int cp;
        size_t len;
        if (*s < 0x80) {
            cp = *s;
            len = 1;
        } else if ((*s & 0xE0) == 0xC0) {
            cp = *s & 0x1F;
            len = 2;
        } else if ((*s & 0xF0) == 0xE0) {
            cp = *s & 0x0F;
            len = 3;
        } else {
            cp = *s & 0x07;
            len = 4;
        }
        for (size_t k = 1; k < len && s[k] != '\0'; k++)
            cp = (cp << 6) | (s[k] & 0x3F);
        for (size_t k = 0; k < len && *s != '\0'; k++)
            s++;
        width += is_wide(cp) ? 2 : 1;
    }
    return width;
}
