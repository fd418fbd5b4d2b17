/* SPDX-License-Identifier: MIT */
/*
 * markdown.h - text written into Markdown so that it stays text: no
 * heading, list, quote, fence, table, link, emphasis or HTML a person
 * typed can become structure in a CommonMark or GitHub-flavoured reader.
 */
#ifndef KZ_UTIL_MARKDOWN_H
#define KZ_UTIL_MARKDOWN_H

#include "util/buf.h"

/* Append 's' to 'out' as literal Markdown text (see markdown.c). */
enum kz_err markdown_escape(struct buf *out, const char *s) KZ_MUST_CHECK;

#endif
