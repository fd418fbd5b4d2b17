/* SPDX-License-Identifier: MIT */
/*
 * fuzz_search_token.c - the search tokenizer (src/core/search_token.c),
 * which reads every indexed text and every query.
 *
 * Properties: no crash or UB, in both modes; every token is non-empty,
 * valid UTF-8 of at most 256 bytes, and comes from a non-empty byte range
 * inside the text; positions move forward (a token's start is not before
 * the previous one's), and a colocated token shares the start of the
 * token before it and never comes first; the query mode gives no more
 * tokens than the document mode and never colocated ones.
 */
#include "fuzz.h"

#include "core/search_token.h"
#include "util/utf8.h"

struct check {
    size_t len;
    size_t n;
    size_t last_start;
    enum search_tok_mode mode;
};

static int check_token(void *ctx, const char *tok, size_t len, size_t start,
                       size_t end, int flags)
{
    struct check *c = ctx;

    FUZZ_CHECK(len > 0 && len <= 256);
    FUZZ_CHECK(utf8_is_valid(tok, len));
    FUZZ_CHECK(start < end && end <= c->len);
    if (flags & SEARCH_TOKEN_COLOCATED) {
        FUZZ_CHECK(c->mode == SEARCH_TOK_DOCUMENT);
        FUZZ_CHECK(c->n > 0 && start == c->last_start);
    } else {
        FUZZ_CHECK(c->n == 0 || start >= c->last_start);
    }
    c->last_start = start;
    c->n++;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct check doc = {size, 0, 0, SEARCH_TOK_DOCUMENT};
    struct check qry = {size, 0, 0, SEARCH_TOK_QUERY};
    const char *text = (const char *)data;

    FUZZ_CHECK(search_tokenize(text, size, SEARCH_TOK_DOCUMENT, check_token,
                               &doc) == 0);
    FUZZ_CHECK(
        search_tokenize(text, size, SEARCH_TOK_QUERY, check_token, &qry) == 0);
    FUZZ_CHECK(qry.n <= doc.n);
    return 0;
}
