/* SPDX-License-Identifier: MIT */
/*
 * dump.h - JSON values to compact text, as jansson's json_dumps writes it
 * with JSON_COMPACT, at a fraction of its cost.
 */
#ifndef KZ_JSON_DUMP_H
#define KZ_JSON_DUMP_H

#include <jansson.h>

#include "util/buf.h"

/* What json_dumps(json, JSON_COMPACT) returns, byte for byte: the text of
 * an object or array (the caller frees it with xfree), or NULL for any
 * other value and for a string that is not valid UTF-8. */
char *dump_compact(const json_t *json);
/* Append 'json' (any type) to 'b' as JSON_COMPACT | flags would write it
 * ('flags' matters only to real numbers: JSON_REAL_PRECISION).  KZ_EINVAL
 * for invalid UTF-8, KZ_ETOOBIG past the buffer's cap or 2048 levels of
 * nesting; 'b' then holds part of the text. */
enum kz_err dump_value_to(struct buf *b, const json_t *json,
                          size_t flags) KZ_MUST_CHECK;
/* Append the first 'len' bytes of 'str' as a JSON string, quoted and
 * escaped as jansson does; KZ_EINVAL when they are not valid UTF-8. */
enum kz_err dump_string(struct buf *b, const char *str,
                        size_t len) KZ_MUST_CHECK;

#endif
