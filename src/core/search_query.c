/* SPDX-License-Identifier: MIT */
/*
 * search_query.c - parse the search box's text into terms and filters.
 */
#include "core/search_query.h"

#include <stdio.h>
#include <string.h>

#include "core/incident.h"
#include "core/phase.h"
#include "core/search_token.h"
#include "core/taxonomy.h"
#include "util/mem.h"
#include "util/utf8.h"

void search_query_init(struct search_query *q)
{
    memset(q, 0, sizeof(*q));
    q->phase = -1;
    q->severity = -1;
    q->from = KZ_TIME_NONE;
    q->until = KZ_TIME_NONE;
}

void search_query_cleanup(struct search_query *q)
{
    strv_cleanup(&q->terms);
    xfree(q->category);
    xfree(q->tag);
    xfree(q->assignee);
    search_query_init(q);
}

bool search_query_has_terms(const struct search_query *q)
{
    return q->terms.n > 0;
}

/* The length of the separator at s (space, full-width space, tab), or 0. */
static size_t sep_len(const char *s)
{
    if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
        return 1;
    if (strncmp(s, "\u3000", 3) == 0)
        return 3;
    return 0;
}

/* What the tokenizer makes of a term: how many tokens, and the last. */
struct term_scan {
    size_t n;
    char last[8];
    size_t last_len;
    bool last_word;
};

static int scan_token(void *ctx, const char *tok, size_t len, size_t start,
                      size_t end, int flags)
{
    struct term_scan *ts = ctx;
    uint32_t c = 0;

    (void)start;
    (void)end;
    (void)flags;
    ts->n++;
    ts->last_len = len < sizeof(ts->last) ? len : 0;
    if (ts->last_len > 0)
        memcpy(ts->last, tok, len);
    ts->last_word = search_utf8_decode(tok, len, &c) == 0 || !search_is_cjk(c);
    return 0;
}

/* Add term t[0..n) unless it holds no token; sets its flags. */
static enum kz_err add_term(struct search_query *q, const char *t, size_t n)
{
    struct term_scan ts = {0};

    if (search_tokenize(t, n, SEARCH_TOK_QUERY, scan_token, &ts) != 0)
        return KZ_EINVAL;
    if (ts.n == 0)
        return KZ_OK;
    if (q->terms.n >= SEARCH_TERMS_MAX)
        return KZ_EINVAL;
    unsigned char flags = 0;
    uint32_t c = 0;
    if (ts.last_word) {
        flags = SEARCH_TERM_PREFIX;
    } else if (ts.last_len > 0 &&
               search_utf8_decode(ts.last, ts.last_len, &c) == ts.last_len) {
        /* one CJK character: its unigram, found exactly */
        flags = SEARCH_TERM_ONE_CJK;
    }
    char *copy = xstrndup(t, n);
    q->flags[q->terms.n] = flags;
    strv_push(&q->terms, copy);
    xfree(copy);
    return KZ_OK;
}

/* A date "YYYY-MM-DD" in the display zone: its first instant, or of the
 * next day when 'next'. */
static bool parse_day(const char *v, bool next, kz_time *out)
{
    kz_time t;

    if (strlen(v) != 10 || v[4] != '-' || v[7] != '-')
        return false;
    if (timefmt_parse(v, &t) != KZ_OK)
        return false;
    if (next) {
        int y, m, d;
        char buf[48];
        timefmt_local(t, &y, &m, &d, NULL);
        timefmt_civil_from_days(timefmt_days_from_civil(y, m, d) + 1, &y, &m,
                                &d);
        if (y > 9999)
            return false;
        snprintf(buf, sizeof(buf), "%04d-%02d-%02d", y, m, d);
        if (timefmt_parse(buf, &t) != KZ_OK)
            return false;
    }
    *out = t;
    return true;
}

static void set_text(char **dst, const char *v)
{
    xfree(*dst);
    *dst = xstrdup(v);
}

/*
 * Apply "name:value" when name is a filter: returns 1 when applied, 0
 * when 'name' is no filter (the text is then a term), -1 on a bad value.
 */
static int apply_filter(struct search_query *q, const char *name, const char *v)
{
    enum phase ph;
    int sev;

    if (strcmp(name, "phase") == 0) {
        if (!phase_from_key(v, &ph))
            return -1;
        q->phase = (int)ph;
    } else if (strcmp(name, "category") == 0) {
        if (!taxonomy_has(&taxonomy_category, v))
            return -1;
        set_text(&q->category, v);
    } else if (strcmp(name, "severity") == 0) {
        if (!severity_from_key(v, &sev))
            return -1;
        q->severity = sev;
    } else if (strcmp(name, "tag") == 0) {
        set_text(&q->tag, v);
    } else if (strcmp(name, "assignee") == 0) {
        set_text(&q->assignee, v);
    } else if (strcmp(name, "from") == 0) {
        if (!parse_day(v, false, &q->from))
            return -1;
    } else if (strcmp(name, "to") == 0) {
        if (!parse_day(v, true, &q->until))
            return -1;
    } else {
        return 0;
    }
    return 1;
}

/* A bare word w[0..n): a filter when it reads "field:value" with a known
 * field and a value, else a term. */
static enum kz_err add_word(struct search_query *q, const char *w, size_t n,
                            const char **why)
{
    char *s = xstrndup(w, n);
    char *colon = strchr(s, ':');
    size_t clen = 1;
    char *fw = strstr(s, "\uff1a"); /* full-width colon */
    int rc = 0;

    if (fw != NULL && (colon == NULL || fw < colon)) {
        colon = fw;
        clen = 3;
    }
    if (colon != NULL && colon > s && colon[clen] != '\0') {
        *colon = '\0';
        rc = apply_filter(q, s, colon + clen);
        *colon = ':';
    }
    xfree(s);
    if (rc < 0) {
        *why = "search.filter";
        return KZ_EINVAL;
    }
    if (rc > 0)
        return KZ_OK;
    enum kz_err err = add_term(q, w, n);
    if (err != KZ_OK)
        *why = "search.too_long";
    return err;
}

enum kz_err search_query_parse(const char *text, struct search_query *out,
                               const char **why)
{
    const char *p = text;
    enum kz_err err = KZ_OK;

    if (utf8_length(text) > SEARCH_QUERY_MAX) {
        *why = "search.too_long";
        return KZ_EINVAL;
    }
    while (*p != '\0' && err == KZ_OK) {
        size_t s = sep_len(p);
        if (s > 0) {
            p += s;
            continue;
        }
        const char *close = NULL;
        size_t open_len = 0, close_len = 0;
        if (*p == '"') {
            open_len = 1;
            close = "\"";
            close_len = 1;
        } else if (strncmp(p, "\u300c", 3) == 0) { /* 「 */
            open_len = 3;
            close = "\u300d";
            close_len = 3;
        }
        if (close != NULL) {
            /* A phrase runs to its closing mark or the end. */
            const char *b = p + open_len;
            const char *e = strstr(b, close);
            size_t n = e ? (size_t)(e - b) : strlen(b);
            err = add_term(out, b, n);
            if (err != KZ_OK)
                *why = "search.too_long";
            p = b + n + (e ? close_len : 0);
            continue;
        }
        const char *b = p;
        while (*p != '\0' && sep_len(p) == 0)
            p++;
        err = add_word(out, b, (size_t)(p - b), why);
    }
    if (err != KZ_OK)
        return err;
    bool any_filter = out->phase >= 0 || out->category || out->severity >= 0 ||
                      out->tag || out->assignee || out->from != KZ_TIME_NONE ||
                      out->until != KZ_TIME_NONE;
    if (out->terms.n == 0 && !any_filter) {
        *why = "search.nothing";
        return KZ_EINVAL;
    }
    if (out->from != KZ_TIME_NONE && out->until != KZ_TIME_NONE &&
        out->until <= out->from) {
        *why = "search.filter";
        return KZ_EINVAL;
    }
    return KZ_OK;
}
