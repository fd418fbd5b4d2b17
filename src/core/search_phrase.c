/* SPDX-License-Identifier: MIT */
/*
 * search_phrase.c - where a search's phrases occur in a document, by
 * tokenizing it again (search_phrase.h).
 */
#include "core/search_phrase.h"

#include <stdio.h>
#include <string.h>

#include "core/search_query.h"
#include "core/search_token.h"
#include "util/mem.h"

void search_phrases_init(struct search_phrases *p)
{
    memset(p, 0, sizeof(*p));
}

static void phrase_cleanup(struct search_phrase *ph)
{
    for (size_t i = 0; i < ph->n; i++)
        xfree(ph->tok[i]);
    xfree(ph->tok);
    xfree(ph->len);
}

void search_phrases_cleanup(struct search_phrases *p)
{
    for (size_t i = 0; i < p->n; i++)
        phrase_cleanup(&p->v[i]);
    xfree(p->v);
    search_phrases_init(p);
}

static int phrase_token(void *ctx, const char *tok, size_t len, size_t start,
                        size_t end, int flags)
{
    struct search_phrase *ph = ctx;

    (void)start;
    (void)end;
    (void)flags; /* query mode makes no colocated token */
    ph->tok = xrealloc(ph->tok, (ph->n + 1) * sizeof(*ph->tok));
    ph->len = xrealloc(ph->len, (ph->n + 1) * sizeof(*ph->len));
    ph->tok[ph->n] = xstrndup(tok, len);
    ph->len[ph->n] = len;
    ph->n++;
    return 0;
}

/* Take 'ph' into 'p' when it has tokens, else free it. */
static void phrases_push(struct search_phrases *p, struct search_phrase *ph)
{
    if (ph->n == 0) {
        phrase_cleanup(ph);
        return;
    }
    p->v = xrealloc(p->v, (p->n + 1) * sizeof(*p->v));
    p->v[p->n++] = *ph;
}

enum kz_err search_phrases_add_term(struct search_phrases *p, const char *t,
                                    unsigned flags)
{
    struct search_phrase ph = {0};
    size_t n = strlen(t);
    char *copy = xstrndup(t, n);

    /* As the FTS5 expression gives it (sqlite_search.c): control
     * characters are spaces. */
    for (size_t i = 0; i < n; i++) {
        if ((unsigned char)copy[i] < 0x20)
            copy[i] = ' ';
    }
    ph.prefix = (flags & SEARCH_TERM_PREFIX) != 0;
    ph.one_cjk = (flags & SEARCH_TERM_ONE_CJK) != 0;
    int rc = search_tokenize(copy, n, SEARCH_TOK_QUERY, phrase_token, &ph);
    xfree(copy);
    if (rc != 0) {
        phrase_cleanup(&ph);
        return KZ_EINVAL;
    }
    phrases_push(p, &ph);
    return KZ_OK;
}

void search_phrases_add_ref(struct search_phrases *p, int64_t id)
{
    struct search_phrase ph = {0};
    char tok[32];
    int len = id < 0 ? snprintf(tok, sizeof(tok), "%c", SEARCH_REF_MARK)
                     : snprintf(tok, sizeof(tok), "%c%lld", SEARCH_REF_MARK,
                                (long long)id);

    (void)phrase_token(&ph, tok, (size_t)len, 0, 0, 0);
    phrases_push(p, &ph);
}

size_t search_first_char_end(const char *text, size_t start, size_t end)
{
    uint32_t c;
    size_t i = start;
    size_t m = search_utf8_decode(text + i, end - i, &c);

    i += m ? m : 1;
    while (i < end) {
        m = search_utf8_decode(text + i, end - i, &c);
        if (m == 0 ||
            !(c == 0xff9e || c == 0xff9f || c == 0x3099 || c == 0x309a ||
              (c >= 0x300 && c < 0x370) || (c >= 0xfe00 && c <= 0xfe0f)))
            break;
        i += m;
    }
    return i;
}

/* ---- the document's tokens ------------------------------------------- */

struct doc_tok {
    size_t off, len;   /* the normalised bytes, in doc.norm */
    size_t start, end; /* in the original text */
    size_t pos;        /* token position, as FTS5 counts them */
    bool colocated;
};

struct doc {
    struct doc_tok *v;
    size_t n, cap;
    char *norm; /* every token's bytes, one after the other */
    size_t norm_len, norm_cap;
    size_t npos;
};

static int doc_token(void *ctx, const char *tok, size_t len, size_t start,
                     size_t end, int flags)
{
    struct doc *d = ctx;
    bool colocated = (flags & SEARCH_TOKEN_COLOCATED) != 0 && d->n > 0;

    if (d->n == d->cap) {
        d->cap = d->cap ? d->cap * 2 : 64;
        d->v = xrealloc(d->v, d->cap * sizeof(*d->v));
    }
    while (d->norm_len + len > d->norm_cap) {
        d->norm_cap = d->norm_cap ? d->norm_cap * 2 : 1024;
        d->norm = xrealloc(d->norm, d->norm_cap);
    }
    memcpy(d->norm + d->norm_len, tok, len);
    if (!colocated)
        d->npos++;
    d->v[d->n++] =
        (struct doc_tok){d->norm_len, len, start, end, d->npos - 1, colocated};
    d->norm_len += len;
    return 0;
}

/* Does some token at position 'pos' (tokens from index *at on, which
 * the caller advances along the positions) equal 'tok', or start with
 * it when 'prefix'? */
static bool tok_at(const struct doc *d, const size_t *first, size_t pos,
                   const char *tok, size_t len, bool prefix)
{
    for (size_t i = first[pos]; i < first[pos + 1]; i++) {
        const struct doc_tok *t = &d->v[i];
        if ((t->len == len || (prefix && t->len > len)) &&
            memcmp(d->norm + t->off, tok, len) == 0)
            return true;
    }
    return false;
}

static bool phrase_at(const struct doc *d, const size_t *first, size_t pos,
                      const struct search_phrase *ph)
{
    if (pos + ph->n > d->npos)
        return false;
    for (size_t j = 0; j < ph->n; j++) {
        if (!tok_at(d, first, pos + j, ph->tok[j], ph->len[j],
                    ph->prefix && j + 1 == ph->n))
            return false;
    }
    return true;
}

struct inst {
    size_t first, last;
    bool one;
};

enum kz_err search_phrases_ranges(const struct search_phrases *p,
                                  const char *body, size_t len,
                                  size_t (**ranges)[2], size_t *n)
{
    struct doc d = {0};
    enum kz_err err = KZ_OK;

    *ranges = NULL;
    *n = 0;
    if (p->n == 0 || len == 0)
        return KZ_OK;
    if (search_tokenize(body, len, SEARCH_TOK_DOCUMENT, doc_token, &d) != 0) {
        err = KZ_EINVAL;
        goto done;
    }
    /* first[pos]: the index of the first token at each position. */
    size_t *first = xcalloc(d.npos + 1, sizeof(*first));
    for (size_t i = d.n; i-- > 0;)
        first[d.v[i].pos] = i;
    first[d.npos] = d.n;
    /* The instances in FTS5's order: by position, then phrase. */
    struct inst *inst = NULL;
    size_t ninst = 0, cap = 0;
    for (size_t pos = 0; pos < d.npos; pos++) {
        for (size_t k = 0; k < p->n; k++) {
            if (!phrase_at(&d, first, pos, &p->v[k]))
                continue;
            if (ninst == cap) {
                cap = cap ? cap * 2 : 16;
                inst = xrealloc(inst, cap * sizeof(*inst));
            }
            inst[ninst++] =
                (struct inst){pos, pos + p->v[k].n - 1, p->v[k].one_cjk};
        }
    }
    /* Each non-colocated token that an instance covers, once; the first
     * instance covering it decides the cut (kz_offsets does the same). */
    size_t(*out)[2] = NULL;
    size_t nout = 0, ocap = 0, from = 0, longest = 0;
    for (size_t k = 0; k < p->n; k++)
        longest = p->v[k].n > longest ? p->v[k].n : longest;
    for (size_t i = 0; i < d.n && ninst > 0; i++) {
        const struct doc_tok *t = &d.v[i];
        if (t->colocated)
            continue;
        /* Sorted by their first position, no instance is longer than the
         * longest phrase: those that start before that reach cannot
         * cover this token or any later one. */
        while (from < ninst && inst[from].first + longest <= t->pos)
            from++;
        for (size_t k = from; k < ninst && inst[k].first <= t->pos; k++) {
            if (t->pos > inst[k].last)
                continue;
            size_t e = t->end;
            if (inst[k].one && t->pos == inst[k].last)
                e = search_first_char_end(body, t->start, t->end);
            if (nout == ocap) {
                ocap = ocap ? ocap * 2 : 8;
                out = xrealloc(out, ocap * sizeof(*out));
            }
            out[nout][0] = t->start;
            out[nout][1] = e;
            nout++;
            break;
        }
    }
    *ranges = out;
    *n = nout;
    xfree(inst);
    xfree(first);
done:
    xfree(d.v);
    xfree(d.norm);
    return err;
}
