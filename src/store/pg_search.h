/* SPDX-License-Identifier: MIT */
/*
 * pg_search.h - full-text search on PostgreSQL (docs/internals/search.md,
 * "PostgreSQL"): kizuki's tokens kept in a tsvector, queries as tsquery
 * values, the highlights found in C.  The engine's hooks of store_ops
 * (store_pg.c).  Only src/store includes this.
 */
#ifndef KZ_STORE_PG_SEARCH_H
#define KZ_STORE_PG_SEARCH_H

#include "core/search_phrase.h"
#include "store/store_int.h"
#include "util/buf.h"

/* store_ops.before_commit: the changed documents into search_fts. */
enum kz_err pg_search_flush(struct store *s);
/* store_ops.search. */
enum kz_err pg_search(struct store *s, const struct search_query *q,
                      const struct incident_filter *f, struct search_hits *out);
/* store_ops.search_match and search_match_sql: the tsquery of 'q' with
 * the templates its words match, and the condition that binds it. */
enum kz_err pg_search_match(struct store *s, const struct search_query *q,
                            char **expr);
#define PG_SEARCH_MATCH_SQL                                                    \
    "i.id IN (SELECT 549755813887 - (id >> 24) FROM search_fts"                \
    " WHERE tsv @@ CAST(? AS tsquery))"
/* store_ops.list_q. */
enum kz_err pg_list_q(struct store *s, const struct incident_filter *f,
                      int limit, struct incident_list *out);

/*
 * Append 'tok[0..len)' to 'b' as a quoted lexeme of tsvector or tsquery
 * input: between single quotes, ' and \ doubled (every other character
 * is taken as it is inside quotes), cut at a character boundary below
 * 2,047 bytes (PostgreSQL's longest lexeme).
 */
enum kz_err pg_search_lexeme(struct buf *b, const char *tok, size_t len);
/*
 * The tsvector input text of 'body[0..len)' (OUT: *out, xfree): each of
 * kizuki's tokens (document mode) single-quoted, with ' and \ doubled,
 * at its 1-based position (a colocated unigram at its bigram's), capped
 * at 16,383; a token longer than 2,046 bytes is cut at a character.
 */
enum kz_err pg_search_tsvector(const char *body, size_t len, char **out);
/*
 * The tsquery text of 'p' (OUT: *out, xfree): each phrase its quoted
 * tokens joined by <->, the last followed by :* when a prefix, the
 * phrases of the first 'nwords' joined by &, each later phrase (a
 * template's reference) added with |.
 */
enum kz_err pg_search_tsquery(const struct search_phrases *p, size_t nwords,
                              char **out);

#endif
