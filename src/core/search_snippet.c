/* SPDX-License-Identifier: MIT */
/*
 * search_snippet.c - cut a snippet around the matches of a field.
 */
#include "core/search_snippet.h"

#include <stdlib.h>
#include <string.h>

#include "core/search_token.h"
#include "util/buf.h"
#include "util/mem.h"

/* Code-point index of byte offset 'off' in text[0..len). */
static size_t cp_index(const char *text, size_t len, size_t off)
{
    size_t i = 0, cps = 0;

    while (i < len && i < off) {
        uint32_t c;
        size_t n = search_utf8_decode(text + i, len - i, &c);
        i += n ? n : 1;
        cps++;
    }
    return cps;
}

/* Append to a snippet: it is a few hundred bytes, far below the buffer's
 * bound, so there is no failure to report. */
static void put(struct buf *b, const char *s, size_t n)
{
    if (buf_append(b, s, n) != KZ_OK)
        return;
}

static int cmp_range(const void *a, const void *b)
{
    const size_t *x = a, *y = b;

    if (x[0] != y[0])
        return x[0] < y[0] ? -1 : 1;
    return x[1] < y[1] ? -1 : x[1] > y[1];
}

void search_snippet_make(const char *text, const size_t (*ranges)[2], size_t n,
                         struct search_snippet *out)
{
    size_t len = strlen(text);
    size_t total = cp_index(text, len, len);
    size_t(*cp)[2] = xcalloc(n ? n : 1, sizeof(*cp));
    struct buf b;

    memset(out, 0, sizeof(*out));
    for (size_t i = 0; i < n; i++) {
        size_t s = ranges[i][0] < len ? ranges[i][0] : len;
        size_t e = ranges[i][1] < len ? ranges[i][1] : len;
        cp[i][0] = cp_index(text, len, s);
        cp[i][1] = cp_index(text, len, e < s ? s : e);
    }
    qsort(cp, n, sizeof(*cp), cmp_range);
    /* The window: a quarter before the first match, the rest after, and
     * at least the whole first match. */
    size_t first = n ? cp[0][0] : 0;
    size_t start =
        first > SEARCH_SNIPPET_WIDTH / 4 ? first - SEARCH_SNIPPET_WIDTH / 4 : 0;
    size_t end = start + SEARCH_SNIPPET_WIDTH;
    if (n && cp[0][1] > end)
        end = cp[0][1];
    if (end > total) {
        end = total;
        start = end > SEARCH_SNIPPET_WIDTH ? end - SEARCH_SNIPPET_WIDTH : 0;
        if (n && start > first)
            start = first;
    }
    size_t lead = start > 0 ? 1 : 0; /* the "…" before */
    buf_init(&b, 64 * 1024);
    if (lead)
        put(&b, "\u2026", 3);
    size_t i = 0, k = 0;
    while (i < len && k < end) {
        uint32_t c;
        size_t m = search_utf8_decode(text + i, len - i, &c);
        if (k >= start) {
            if (m == 0 || c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) ||
                c == 0x2028 || c == 0x2029)
                put(&b, " ", 1);
            else
                put(&b, text + i, m);
        }
        i += m ? m : 1;
        k++;
    }
    if (end < total)
        put(&b, "\u2026", 3);
    out->text = buf_take(&b);
    if (out->text == NULL)
        out->text = xstrdup("");
    for (size_t j = 0; j < n && out->n < SEARCH_SNIPPET_MARKS; j++) {
        size_t s = cp[j][0] < start ? start : cp[j][0];
        size_t e = cp[j][1] > end ? end : cp[j][1];
        if (s >= e)
            continue;
        s = s - start + lead;
        e = e - start + lead;
        /* Merge with the previous mark when they touch or overlap. */
        if (out->n > 0 && s <= out->marks[out->n - 1][1]) {
            if (e > out->marks[out->n - 1][1])
                out->marks[out->n - 1][1] = e;
            continue;
        }
        out->marks[out->n][0] = s;
        out->marks[out->n][1] = e;
        out->n++;
    }
    xfree(cp);
}

void search_snippet_cleanup(struct search_snippet *s)
{
    xfree(s->text);
    memset(s, 0, sizeof(*s));
}
