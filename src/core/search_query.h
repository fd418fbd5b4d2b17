/* SPDX-License-Identifier: MIT */
/*
 * search_query.h - the query language of full-text search
 * (docs/internals/search.md): words separated by half- or full-width
 * spaces must all match; "double quotes" or 「corner brackets」 make a
 * phrase; field:value filters (phase:, category:, severity:, tag:,
 * assignee:, from:, to:) narrow by the record.  Parsing knows nothing of
 * the store: a backend turns the terms into its own match syntax, each
 * term as a literal.
 */
#ifndef KZ_CORE_SEARCH_QUERY_H
#define KZ_CORE_SEARCH_QUERY_H

#include <stdbool.h>

#include "util/err.h"
#include "util/strv.h"
#include "util/timefmt.h"

/* The longest query, in characters. */
#define SEARCH_QUERY_MAX 200
/* The most terms a query may hold; more are refused as too long. */
#define SEARCH_TERMS_MAX 32

/* Flags of a term: how its last token matches. */
enum {
    SEARCH_TERM_PREFIX = 1,  /* the last token is a prefix (a word, or a
                                lone CJK character: 顧 finds 顧客) */
    SEARCH_TERM_ONE_CJK = 2, /* ... a lone CJK character: highlight only
                                that character of the token it starts */
};

struct search_query {
    struct strv terms;                     /* each term or phrase, as typed */
    unsigned char flags[SEARCH_TERMS_MAX]; /* SEARCH_TERM_*, per term */
    int phase;                             /* enum phase, or -1 */
    char *category;                        /* taxonomy key, or NULL */
    int severity;                          /* 1..4, or -1 */
    char *tag;                             /* or NULL */
    char *assignee; /* the owner's account name, or NULL */
    kz_time from;   /* reported at or after; KZ_TIME_NONE */
    kz_time until;  /* reported before; KZ_TIME_NONE */
};

void search_query_init(struct search_query *q);
void search_query_cleanup(struct search_query *q);

/*
 * Parse 'text' into 'out' (initialised by the caller).  On KZ_EINVAL
 * *why is the message key of the problem: "search.too_long" (more than
 * SEARCH_QUERY_MAX characters or SEARCH_TERMS_MAX terms),
 * "search.nothing" (no word and no filter: empty, or punctuation only),
 * "search.filter" (a filter value that is not known or not a date).
 * Terms made only of punctuation are dropped.  'text' is valid UTF-8.
 */
enum kz_err search_query_parse(const char *text, struct search_query *out,
                               const char **why) KZ_MUST_CHECK;

/* True when 'q' has at least one term (else it only filters). */
bool search_query_has_terms(const struct search_query *q);

#endif
