/* SPDX-License-Identifier: MIT */
/*
 * textcheck.c - text field rules shared by every record (see textcheck.h).
 */
#include "core/textcheck.h"

#include <string.h>

#include "util/utf8.h"

static const struct {
    size_t max;
    bool multiline;
    const char *too_long; /* message key */
} kinds[] = {
    [TEXT_TITLE] = {200, false, "v.title_too_long"},
    [TEXT_NAME] = {200, false, "v.too_long"},
    [TEXT_TAG] = {64, false, "v.too_long"},
    [TEXT_SHORT] = {64, false, "v.too_long"},
    [TEXT_LONG] = {20000, true, "v.too_long"},
};

size_t textcheck_max(enum text_kind kind)
{
    return kinds[kind].max;
}

void textcheck(struct kz_problems *p, const char *field, const char *s,
               enum text_kind kind, bool required)
{
    if (s == NULL || s[0] == '\0') {
        if (required)
            kz_problems_add(p, field, "v.required");
        return;
    }
    if (!utf8_is_valid(s, strlen(s))) {
        kz_problems_add(p, field, "v.utf8");
        return;
    }
    if (utf8_has_control(s, kinds[kind].multiline)) {
        kz_problems_add(p, field,
                        kinds[kind].multiline ? "v.control" : "v.single_line");
        return;
    }
    if (required && utf8_is_blank(s)) {
        kz_problems_add(p, field, "v.required");
        return;
    }
    size_t len = utf8_length(s);
    /* Say how long it is: "at most 200" alone leaves a person guessing
     * how much to cut. */
    if (len > kinds[kind].max)
        kz_problems_add_count(p, field, kinds[kind].too_long, (long long)len);
}
