/* SPDX-License-Identifier: MIT */
/*
 * search_token.c - normalise and cut text into search tokens.
 *
 * The text is read as normalisation units: a code point with a
 * normalisation boundary before it and the ones that combine with it
 * (ｶﾞ is two code points that NFKC makes one ガ).  Each unit is
 * normalised alone with NFKC_Casefold, and every code point it yields
 * carries the unit's byte range of the original, which is what keeps
 * highlight offsets right however the text was normalised.
 */
#include "core/search_token.h"

#include <string.h>
#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/uscript.h>
#include <unicode/utf16.h>

/* A unit longer than this (a stack of combining marks) is cut: tokens do
 * not need its tail, and the buffers stay on the stack. */
#define UNIT_MAX 16
#define NORM_MAX 64
/* Longer words are cut; their byte range still covers the whole word. */
#define WORD_MAX 252

size_t search_utf8_decode(const char *s, size_t n, uint32_t *cp)
{
    const unsigned char *u = (const unsigned char *)s;
    uint32_t c = u[0];
    size_t len;
    uint32_t min;

    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    if (c >= 0xc2 && c <= 0xdf) {
        len = 2;
        c &= 0x1f;
        min = 0x80;
    } else if (c >= 0xe0 && c <= 0xef) {
        len = 3;
        c &= 0x0f;
        min = 0x800;
    } else if (c >= 0xf0 && c <= 0xf4) {
        len = 4;
        c &= 0x07;
        min = 0x10000;
    } else {
        return 0;
    }
    if (n < len)
        return 0;
    for (size_t i = 1; i < len; i++) {
        if ((u[i] & 0xc0) != 0x80)
            return 0;
        c = (c << 6) | (u[i] & 0x3f);
    }
    if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
        return 0;
    *cp = c;
    return len;
}

static size_t utf8_encode(uint32_t c, char *out)
{
    if (c < 0x80) {
        out[0] = (char)c;
        return 1;
    }
    if (c < 0x800) {
        out[0] = (char)(0xc0 | (c >> 6));
        out[1] = (char)(0x80 | (c & 0x3f));
        return 2;
    }
    if (c < 0x10000) {
        out[0] = (char)(0xe0 | (c >> 12));
        out[1] = (char)(0x80 | ((c >> 6) & 0x3f));
        out[2] = (char)(0x80 | (c & 0x3f));
        return 3;
    }
    out[0] = (char)(0xf0 | (c >> 18));
    out[1] = (char)(0x80 | ((c >> 12) & 0x3f));
    out[2] = (char)(0x80 | ((c >> 6) & 0x3f));
    out[3] = (char)(0x80 | (c & 0x3f));
    return 4;
}

bool search_is_cjk(uint32_t c)
{
    UErrorCode st = U_ZERO_ERROR;

    if (c < 0x2e80)
        return false;
    /* ー (also from half-width ｰ), 々, 〆 and 〇 are of the Common or Han
     * script but belong inside Japanese words. */
    if (c == 0x30fc || c == 0x3005 || c == 0x3006 || c == 0x3007)
        return true;
    UScriptCode sc = uscript_getScript((UChar32)c, &st);
    if (U_FAILURE(st))
        return false;
    return sc == USCRIPT_HAN || sc == USCRIPT_HIRAGANA ||
           sc == USCRIPT_KATAKANA || sc == USCRIPT_HANGUL;
}

static bool is_word(uint32_t c)
{
    if (c < 0x80)
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
               (c >= 'A' && c <= 'Z');
    if (u_isalnum((UChar32)c))
        return true;
    int8_t t = u_charType((UChar32)c);
    return t == U_NON_SPACING_MARK || t == U_COMBINING_SPACING_MARK;
}

enum cls { C_SEP, C_WORD, C_CJK };

struct tok_state {
    enum search_tok_mode mode;
    search_token_fn fn;
    void *ctx;
    enum cls run;   /* the run being read */
    size_t run_len; /* its characters so far */
    /* a word being collected */
    char word[WORD_MAX + 4];
    size_t word_len;
    size_t start, end;
    /* the previous CJK character, and its range */
    char prev[4];
    size_t prev_len, prev_start, prev_end;
    /* the unigram of an ended CJK run, held back: a query emits it only
     * when another token follows */
    bool pending;
    size_t pending_run;
    char pend[4];
    size_t pend_len, pend_start, pend_end;
};

static int flush_pending(struct tok_state *t)
{
    if (!t->pending)
        return 0;
    t->pending = false;
    return t->fn(t->ctx, t->pend, t->pend_len, t->pend_start, t->pend_end, 0);
}

/* End the current run at a separator or another class. */
static int end_run(struct tok_state *t)
{
    int rc = 0;

    if (t->run == C_WORD && t->word_len > 0) {
        rc = flush_pending(t);
        if (rc == 0)
            rc = t->fn(t->ctx, t->word, t->word_len, t->start, t->end, 0);
    } else if (t->run == C_CJK && t->prev_len > 0) {
        /* the unigram of a one-character run before this one */
        rc = flush_pending(t);
        t->pending = true;
        t->pending_run = t->run_len;
        memcpy(t->pend, t->prev, t->prev_len);
        t->pend_len = t->prev_len;
        t->pend_start = t->prev_start;
        t->pend_end = t->prev_end;
    }
    t->run = C_SEP;
    t->run_len = 0;
    t->word_len = 0;
    t->prev_len = 0;
    return rc;
}

/* One normalised code point 'c' from original bytes [start, end). */
static int feed(struct tok_state *t, uint32_t c, size_t start, size_t end)
{
    enum cls k = search_is_cjk(c) ? C_CJK : is_word(c) ? C_WORD : C_SEP;
    int rc = 0;

    if (k != t->run)
        rc = end_run(t);
    if (rc != 0 || k == C_SEP)
        return rc;
    t->run = k;
    t->run_len++;
    if (k == C_WORD) {
        if (t->word_len == 0)
            t->start = start;
        t->end = end;
        if (t->word_len <= WORD_MAX)
            t->word_len += utf8_encode(c, t->word + t->word_len);
        return 0;
    }
    char cur[4];
    size_t cur_len = utf8_encode(c, cur);
    if (t->prev_len > 0) {
        char bi[8];
        memcpy(bi, t->prev, t->prev_len);
        memcpy(bi + t->prev_len, cur, cur_len);
        rc = flush_pending(t);
        if (rc == 0)
            rc =
                t->fn(t->ctx, bi, t->prev_len + cur_len, t->prev_start, end, 0);
        /* The previous character alone, at the bigram's position: a
         * one-character word is then an exact lookup. */
        if (rc == 0 && t->mode == SEARCH_TOK_DOCUMENT)
            rc = t->fn(t->ctx, t->prev, t->prev_len, t->prev_start, t->prev_end,
                       SEARCH_TOKEN_COLOCATED);
    }
    memcpy(t->prev, cur, cur_len);
    t->prev_len = cur_len;
    t->prev_start = start;
    t->prev_end = end;
    return rc;
}

/*
 * True for a code point that NFKC_Casefold leaves as it is when it stands
 * alone as a unit (the next code point has a boundary before it): the
 * common kanji, hiragana and katakana of Japanese text, which then skip
 * ICU's normaliser, most of what tokenizing cost.  Kept to blocks with no
 * compatibility mappings and no case (ゟ U+309F and ヿ U+30FF, which
 * have, are outside; the composed kana such as が are their own NFKC).
 */
static bool nfkc_stable(uint32_t c)
{
    return (c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3041 && c <= 0x3096) ||
           (c >= 0x30a1 && c <= 0x30fa) || c == 0x30fc;
}

/* Normalise the unit of code points u[0..n) from original bytes
 * [start, end) and feed what it yields. */
static int feed_unit(struct tok_state *t, const UNormalizer2 *norm,
                     const uint32_t *u, size_t n, size_t start, size_t end)
{
    UChar src[UNIT_MAX * 2], dst[NORM_MAX];
    int32_t ns = 0;
    UErrorCode st = U_ZERO_ERROR;

    if (n == 1 && u[0] < 0x80) {
        uint32_t c = u[0];
        if (c >= 'A' && c <= 'Z')
            c += 'a' - 'A';
        return feed(t, c, start, end);
    }
    if (n == 1 && nfkc_stable(u[0]))
        return feed(t, u[0], start, end);
    for (size_t i = 0; i < n; i++) {
        UBool err = 0;
        U16_APPEND((UChar *)src, ns, (int32_t)(UNIT_MAX * 2), (UChar32)u[i],
                   err);
        if (err)
            break;
    }
    int32_t nd = unorm2_normalize(norm, src, ns, dst, NORM_MAX, &st);
    if (U_FAILURE(st))
        return feed(t, ' ', start, end); /* a separator, like junk */
    for (int32_t i = 0; i < nd;) {
        UChar32 c;
        U16_NEXT(dst, i, nd, c);
        int rc = feed(t, (uint32_t)c, start, end);
        if (rc != 0)
            return rc;
    }
    return 0;
}

/* SEARCH_REF_MARK and the digits after it at text[*pos]: one token of
 * its own, bytes as they are; without digits, a separator. */
static int ref_token(struct tok_state *t, const char *text, size_t len,
                     size_t *pos)
{
    size_t start = *pos, end = start + 1;
    int rc = end_run(t);

    while (end < len && end - start <= 20 && text[end] >= '0' &&
           text[end] <= '9')
        end++;
    *pos = end;
    if (rc != 0 || end == start + 1)
        return rc;
    rc = flush_pending(t);
    if (rc == 0)
        rc = t->fn(t->ctx, text + start, end - start, start, end, 0);
    return rc;
}

int search_tokenize(const char *text, size_t len, enum search_tok_mode mode,
                    search_token_fn fn, void *ctx)
{
    UErrorCode st = U_ZERO_ERROR;
    const UNormalizer2 *norm = unorm2_getNFKCCasefoldInstance(&st);
    struct tok_state t;
    uint32_t unit[UNIT_MAX];
    size_t nunit = 0, ustart = 0, pos = 0;
    int rc = 0;

    if (U_FAILURE(st))
        return -1;
    memset(&t, 0, sizeof(t));
    t.mode = mode;
    t.fn = fn;
    t.ctx = ctx;
    t.run = C_SEP;
    while (pos < len && rc == 0) {
        uint32_t c;
        if (text[pos] == SEARCH_REF_MARK) {
            /* A reference token: what came before ends here. */
            if (nunit > 0)
                rc = feed_unit(&t, norm, unit, nunit, ustart, pos);
            nunit = 0;
            if (rc == 0)
                rc = ref_token(&t, text, len, &pos);
            continue;
        }
        size_t n = search_utf8_decode(text + pos, len - pos, &c);
        bool bad = n == 0;
        if (bad)
            n = 1;
        /* A new unit starts at a boundary, or at an invalid byte, which
         * is a unit (a separator) of its own. */
        if (nunit > 0 && (bad || unorm2_hasBoundaryBefore(norm, (UChar32)c))) {
            rc = feed_unit(&t, norm, unit, nunit, ustart, pos);
            nunit = 0;
        }
        if (rc != 0)
            break;
        if (bad) {
            rc = feed(&t, ' ', pos, pos + 1);
        } else {
            if (nunit == 0)
                ustart = pos;
            if (nunit < UNIT_MAX)
                unit[nunit++] = c;
        }
        pos += n;
    }
    if (rc == 0 && nunit > 0)
        rc = feed_unit(&t, norm, unit, nunit, ustart, pos);
    if (rc == 0)
        rc = end_run(&t);
    /* The unigram of the last CJK run: a query of two or more characters
     * leaves it out, so that its last bigram may be followed by anything. */
    if (rc == 0 && t.pending &&
        (mode == SEARCH_TOK_DOCUMENT || t.pending_run < 2))
        rc = flush_pending(&t);
    return rc;
}
