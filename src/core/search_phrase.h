/* SPDX-License-Identifier: MIT */
/*
 * search_phrase.h - the phrases of a search and where they occur in a
 * document, found by tokenizing the document again
 * (docs/internals/search.md, "PostgreSQL", "Highlights").
 *
 * SQLite's FTS5 gives the matched tokens of a row itself (kz_offsets);
 * an index that keeps no offsets (PostgreSQL's tsvector) gives only the
 * matching rows, so the store tokenizes each matched document again and
 * finds the phrases here, with FTS5's rules: a phrase is its tokens at
 * consecutive positions (a colocated unigram shares its bigram's
 * position), its last token a prefix when the term asks for one; the
 * ranges are those of the non-colocated tokens at the phrase's
 * positions, the last one cut to its first character for a phrase that
 * ends in a lone CJK character.
 */
#ifndef KZ_CORE_SEARCH_PHRASE_H
#define KZ_CORE_SEARCH_PHRASE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/err.h"

struct search_phrase {
    char **tok;   /* normalised tokens, in order */
    size_t *len;  /* their byte lengths */
    size_t n;     /* at least 1 */
    bool prefix;  /* the last token matches as a prefix */
    bool one_cjk; /* highlight only the first character of the last */
};

struct search_phrases {
    struct search_phrase *v;
    size_t n;
};

void search_phrases_init(struct search_phrases *p);
void search_phrases_cleanup(struct search_phrases *p);

/*
 * Add the phrase of the query term 't' with its SEARCH_TERM_* flags
 * (search_query.h): its tokens in query mode, control characters read
 * as spaces (so no reference token comes from what a user typed).  A
 * term that yields no token adds nothing.  KZ_EINVAL when the tokenizer
 * fails.
 */
enum kz_err search_phrases_add_term(struct search_phrases *p, const char *t,
                                    unsigned flags);

/* Add the one-token phrase of the reference token of 'id'
 * (SEARCH_REF_MARK and its digits); for a negative 'id', the mark alone,
 * which no document holds as a token: a phrase that matches nothing, as
 * FTS5's empty phrase "". */
void search_phrases_add_ref(struct search_phrases *p, int64_t id);

/*
 * The byte ranges [start, end) of 'body[0..len)' that the phrases match,
 * in text order, as FTS5's instances of the same phrases give them
 * (OUT: *ranges, xfree; *n of them, 0 and NULL when none).  The body is
 * tokenized in document mode.  KZ_EINVAL when the tokenizer fails.
 */
enum kz_err search_phrases_ranges(const struct search_phrases *p,
                                  const char *body, size_t len,
                                  size_t (**ranges)[2], size_t *n);

/* The end of the first character of text[start..end): its code point and
 * the marks that combine with it (ｶﾞ, か゛), as the tokenizer joins them;
 * the highlight of a lone CJK character matched inside a bigram. */
size_t search_first_char_end(const char *text, size_t start, size_t end);

#endif
