/* SPDX-License-Identifier: MIT */
/*
 * query.h - URL query strings (application/x-www-form-urlencoded): parse
 * one that came from outside (a saved list filter's "query") into its
 * pairs, and write pairs back, percent-encoded.  The server's own
 * requests are parsed by libmicrohttpd; this is for query strings that
 * arrive inside a JSON body.
 */
#ifndef KZ_UTIL_QUERY_H
#define KZ_UTIL_QUERY_H

#include <stddef.h>

#include "util/buf.h"
#include "util/err.h"

/* The most pairs and the longest query string parsed: room for the
 * list's three free-text parameters at their longest, percent-encoded. */
#define QUERY_PAIRS_MAX 32
#define QUERY_LEN_MAX 16384

struct query_pair {
    char *key;
    char *value; /* "" for a key without '=' */
};

struct query {
    struct query_pair v[QUERY_PAIRS_MAX];
    size_t n;
};

/*
 * Parse 's' ("a=1&b=%E6%BC%8F" or the same after a '?') into 'out' (OUT:
 * query_cleanup it whatever the result): '+' is a space, %XX a byte, empty
 * parts between '&' are skipped.  KZ_EINVAL for a malformed escape, a
 * decoded key or value that is not UTF-8 or holds a control character, an
 * empty key, more than QUERY_PAIRS_MAX pairs or more than QUERY_LEN_MAX
 * bytes; KZ_OK otherwise.  Keys may repeat (the caller decides).
 */
enum kz_err query_parse(const char *s, struct query *out) KZ_MUST_CHECK;
void query_cleanup(struct query *q);
/* The value of the first pair named 'key', or NULL (borrowed). */
const char *query_get(const struct query *q, const char *key);
/* Append "key=value" to 'b', with a '&' first unless 'b' is empty, both
 * percent-encoded (unreserved characters as they are). */
enum kz_err query_append(struct buf *b, const char *key,
                         const char *value) KZ_MUST_CHECK;

#endif
