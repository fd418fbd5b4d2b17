/* SPDX-License-Identifier: MIT */
/*
 * search_token.h - the tokenizer of full-text search
 * (docs/internals/search.md).
 *
 * Text is normalised with Unicode NFKC and case folding (ICU), so that
 * full- and half-width letters, digits and katakana, and upper and lower
 * case, give the same tokens.  Runs of CJK characters (kanji, kana,
 * Hangul, the prolonged sound mark) become overlapping bigrams, and the
 * last character of each run also a unigram, so that every character
 * starts a token: a one-character query is a prefix query over them.
 * Runs of letters and digits become one token each.  Everything else
 * separates tokens.  Offsets point into the ORIGINAL text.
 */
#ifndef KZ_CORE_SEARCH_TOKEN_H
#define KZ_CORE_SEARCH_TOKEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum search_tok_mode {
    SEARCH_TOK_DOCUMENT, /* indexed text, and highlighting */
    /* A query string: no colocated unigrams, and a CJK run of two or
     * more characters that ends the text gives no trailing unigram, so
     * "顧客" also matches "顧客情報". */
    SEARCH_TOK_QUERY,
};

/* A token at the same position as the one before it (FTS5's
 * FTS5_TOKEN_COLOCATED). */
#define SEARCH_TOKEN_COLOCATED 1

/*
 * Called for each token: its normalised UTF-8 bytes tok[0..len), the
 * byte range [start, end) of the original text it comes from, and its
 * flags (SEARCH_TOKEN_COLOCATED).  A non-zero return stops the
 * tokenizer, which returns that value.
 */
typedef int (*search_token_fn)(void *ctx, const char *tok, size_t len,
                               size_t start, size_t end, int flags);

/*
 * A reference token: this byte (a control character, which user text
 * never reaches the index with: see sqlite_search_match) followed by
 * ASCII digits is one token of those bytes as they are, in both modes.
 * The search index uses it to name a shared document (a playbook task's
 * title) from an incident's document instead of repeating its text.
 */
#define SEARCH_REF_MARK '\x01'

/* Tokenize text[0..len) (invalid UTF-8 bytes separate tokens); returns 0,
 * the first non-zero return of 'fn', or -1 when ICU fails. */
int search_tokenize(const char *text, size_t len, enum search_tok_mode mode,
                    search_token_fn fn, void *ctx);

/* True for a code point that search indexes as bigrams (after
 * normalisation): Han, Hiragana, Katakana, Hangul, 々〆〇 and ー. */
bool search_is_cjk(uint32_t c);

/* Decode one code point of s[0..n) (n > 0) into *cp; returns its length,
 * or 0 for an invalid sequence. */
size_t search_utf8_decode(const char *s, size_t n, uint32_t *cp);

#endif
