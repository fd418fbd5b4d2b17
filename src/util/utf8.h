/* SPDX-License-Identifier: MIT */
/*
 * utf8.h - UTF-8 validation and counting (RFC 3629).
 */
#ifndef KZ_UTIL_UTF8_H
#define KZ_UTIL_UTF8_H

#include <stdbool.h>
#include <stddef.h>

/* True when s[0..n) is well-formed UTF-8: no overlongs, surrogates or
 * code points above U+10FFFF, and no NUL byte. */
bool utf8_is_valid(const char *s, size_t n);
/* Number of code points in the valid UTF-8 string 's'. */
size_t utf8_length(const char *s);
/* True when 's' holds a C0 control or DEL other than those allowed (tab
 * and newline when 'multiline'), a C1 control, or a bidi embedding,
 * override or isolate. */
bool utf8_has_control(const char *s, bool multiline);
/* Columns 's' takes on a terminal: East Asian wide characters count 2. */
size_t utf8_display_width(const char *s);
/* True when 's' is NULL, empty or only ASCII or ideographic spaces. */
bool utf8_is_blank(const char *s);

#endif
