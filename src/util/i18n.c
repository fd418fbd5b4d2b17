/* SPDX-License-Identifier: MIT */
/*
 * i18n.c - catalogue lookup and language negotiation (see i18n.h).
 * The catalogue itself is data in i18n_catalog.c.
 */
#include "util/i18n.h"

#include <stdlib.h>
#include <stdbool.h>
#include <string.h>
#include <strings.h>

#include <pthread.h>

#include "util/i18n_catalog.h"
#include "util/mem.h"

/* The catalogue is written in reading order; lookups use a sorted index
 * built once, so adding a message never means re-sorting by hand. */
static const struct i18n_entry **sorted;
static pthread_once_t sorted_once = PTHREAD_ONCE_INIT;

static int cmp_entries(const void *a, const void *b)
{
    const struct i18n_entry *x = *(const struct i18n_entry *const *)a;
    const struct i18n_entry *y = *(const struct i18n_entry *const *)b;

    return strcmp(x->key, y->key);
}

static void build_index(void)
{
    sorted = xcalloc(i18n_catalog_len, sizeof(const struct i18n_entry *));
    for (size_t i = 0; i < i18n_catalog_len; i++)
        sorted[i] = &i18n_catalog[i];
    qsort(sorted, i18n_catalog_len, sizeof(const struct i18n_entry *),
          cmp_entries);
}

static int cmp_key(const void *k, const void *e)
{
    return strcmp((const char *)k, (*(const struct i18n_entry *const *)e)->key);
}

static const struct i18n_entry *find(const char *key)
{
    if (key == NULL)
        return NULL;
    pthread_once(&sorted_once, build_index);
    const struct i18n_entry *const *hit =
        bsearch(key, sorted, i18n_catalog_len,
                sizeof(const struct i18n_entry *), cmp_key);
    return hit ? *hit : NULL;
}

const char *i18n_text(const char *key, enum lang lang)
{
    const struct i18n_entry *e = find(key);

    if (e == NULL)
        return key ? key : "";
    return lang == LANG_EN ? e->en : e->ja;
}

int i18n_has(const char *key)
{
    return find(key) != NULL;
}

/* True when 's' is the language 'code' ("en"), alone or followed by a
 * region or encoding ("en-US", "en_GB.UTF-8"). */
static bool is_lang(const char *s, const char *code)
{
    if (s[0] == '\0' || s[1] == '\0' || strncasecmp(s, code, 2) != 0)
        return false;
    return s[2] == '\0' || s[2] == '-' || s[2] == '_' || s[2] == '.';
}

enum lang i18n_lang_parse(const char *s, enum lang dflt)
{
    if (s == NULL)
        return dflt;
    if (is_lang(s, "en"))
        return LANG_EN;
    if (is_lang(s, "ja"))
        return LANG_JA;
    return dflt;
}

/*
 * The weight of a qvalue in thousandths (RFC 9110 §12.4.2: "0" to "1",
 * at most three decimals), or -1 when [s, end) is not one.
 */
static int qvalue(const char *s, const char *end)
{
    int w = 0;

    while (end > s && (end[-1] == ' ' || end[-1] == '\t'))
        end--;
    if (s == end || (*s != '0' && *s != '1'))
        return -1;
    w = (*s - '0') * 1000;
    s++;
    if (s == end)
        return w;
    if (*s != '.' || end - s > 4)
        return -1;
    for (int scale = 100; ++s < end; scale /= 10) {
        if (*s < '0' || *s > '9')
            return -1;
        w += (*s - '0') * scale;
    }
    return w <= 1000 ? w : -1;
}

/* The weight of one language-range's parameters [p, end) (";q=0.5"):
 * 1000 without a q, -1 when its q is malformed. */
static int range_weight(const char *p, const char *end)
{
    int w = 1000;

    while (p < end) {
        const char *next = memchr(p, ';', (size_t)(end - p));
        if (next == NULL)
            next = end;
        while (p < next && (*p == ' ' || *p == '\t' || *p == ';'))
            p++;
        if (next - p >= 2 && (p[0] == 'q' || p[0] == 'Q') && p[1] == '=')
            w = qvalue(p + 2, next);
        p = next + (next < end);
    }
    return w;
}

enum lang i18n_lang_from_accept(const char *h)
{
    int best_w = 0;
    enum lang best = LANG_JA;

    if (h == NULL)
        return LANG_JA;
    while (*h != '\0') {
        const char *end = strchr(h, ',');
        if (end == NULL)
            end = h + strlen(h);
        while (h < end && (*h == ' ' || *h == '\t'))
            h++;
        size_t n = strcspn(h, ";, \t");
        if (h + n > end)
            n = (size_t)(end - h);
        char tag[32];
        if (n > 0 && n < sizeof(tag)) {
            memcpy(tag, h, n);
            tag[n] = '\0';
            /* q=0 means "not acceptable"; a malformed q, not this one. */
            int w = range_weight(h + n, end);
            enum lang l = i18n_lang_parse(tag, (enum lang) - 1);
            if ((int)l >= 0 && w > best_w) {
                best_w = w;
                best = l;
            }
        }
        h = *end != '\0' ? end + 1 : end;
    }
    return best;
}

const char *i18n_lang_code(enum lang lang)
{
    return lang == LANG_EN ? "en" : "ja";
}

size_t i18n_count(void)
{
    return i18n_catalog_len;
}

const char *i18n_key_at(size_t i)
{
    return i < i18n_catalog_len ? i18n_catalog[i].key : NULL;
}

const char *i18n_text_at(size_t i, enum lang lang)
{
    if (i >= i18n_catalog_len)
        return NULL;
    return lang == LANG_EN ? i18n_catalog[i].en : i18n_catalog[i].ja;
}
