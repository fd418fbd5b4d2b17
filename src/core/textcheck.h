/* SPDX-License-Identifier: MIT */
/*
 * textcheck.h - the rules every text that people type must follow:
 * valid UTF-8, no control characters (line breaks only in long texts), a
 * length in code points, and presence when required.
 */
#ifndef KZ_CORE_TEXTCHECK_H
#define KZ_CORE_TEXTCHECK_H

#include <stdbool.h>

#include "util/err.h"

enum text_kind {
    TEXT_TITLE, /* one line, up to 200 */
    TEXT_NAME,  /* one line, up to 200: people, assets, organisations */
    TEXT_TAG,   /* one line, up to 64 */
    TEXT_SHORT, /* one line, up to 64: account names, identifiers */
    TEXT_LONG   /* several lines, up to 20,000 */
};

/* Add a problem for 'field' to 'p' when 's' breaks the rules of 'kind'.
 * NULL and "" are "absent": a problem only when 'required'. */
void textcheck(struct kz_problems *p, const char *field, const char *s,
               enum text_kind kind, bool required);
/* The maximum length of 'kind' in code points. */
size_t textcheck_max(enum text_kind kind);

#endif
