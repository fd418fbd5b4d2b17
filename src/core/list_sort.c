/* SPDX-License-Identifier: MIT */
/*
 * list_sort.c - the orders of the incident list and the keyset cursor that
 * pages through any of them (see list_sort.h).
 */
#include "core/list_sort.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/ref.h"
#include "util/mem.h"
#include "util/utf8.h"

static const struct {
    const char *key;
    bool text;
} sorts[LIST_SORT_COUNT] = {
    [LIST_SORT_DEFAULT] = {"id", false},
    [LIST_SORT_REF] = {"ref", false},
    [LIST_SORT_TITLE] = {"title", true},
    [LIST_SORT_PHASE] = {"phase", false},
    [LIST_SORT_SEVERITY] = {"severity", false},
    [LIST_SORT_KIND] = {"kind", false},
    [LIST_SORT_CATEGORY] = {"category", true},
    [LIST_SORT_REPORTED_AT] = {"reported_at", false},
    [LIST_SORT_OWNER] = {"owner", true},
    [LIST_SORT_UPDATED_AT] = {"updated_at", false},
};

const char *list_sort_key(enum list_sort s)
{
    return (unsigned)s < LIST_SORT_COUNT ? sorts[s].key : "id";
}

bool list_sort_from_key(const char *key, enum list_sort *out)
{
    for (int i = 0; key != NULL && i < LIST_SORT_COUNT; i++) {
        if (strcmp(sorts[i].key, key) == 0) {
            *out = (enum list_sort)i;
            return true;
        }
    }
    return false;
}

bool list_sort_is_text(enum list_sort s)
{
    return (unsigned)s < LIST_SORT_COUNT && sorts[s].text;
}

void list_cursor_init(struct list_cursor *c)
{
    memset(c, 0, sizeof(*c));
}

void list_cursor_cleanup(struct list_cursor *c)
{
    xfree(c->text);
    list_cursor_init(c);
}

void list_cursor_at(struct list_cursor *c, const struct incident *inc)
{
    int year = 0;
    int64_t number = 0;

    xfree(c->text);
    c->text = NULL;
    c->num = 0;
    c->is_text = list_sort_is_text(c->sort);
    c->id = inc->id;
    switch (c->sort) {
    case LIST_SORT_REF:
        if (ref_parse(inc->ref, &year, &number))
            c->num = (int64_t)year * 1000000000 + number;
        break;
    case LIST_SORT_TITLE:
        c->text = xstrdup(inc->title != NULL ? inc->title : "");
        break;
    case LIST_SORT_PHASE:
        c->num = (int64_t)inc->phase;
        break;
    case LIST_SORT_SEVERITY:
        c->num = inc->severity;
        break;
    case LIST_SORT_KIND:
        c->num = (int64_t)inc->kind;
        break;
    case LIST_SORT_CATEGORY:
        c->text = xstrdup(inc->category != NULL ? inc->category : "");
        break;
    case LIST_SORT_REPORTED_AT:
        c->num = inc->reported_at;
        break;
    case LIST_SORT_OWNER:
        c->text = xstrdup(inc->owner != NULL ? inc->owner : "");
        break;
    case LIST_SORT_UPDATED_AT:
        c->num = inc->updated_at;
        break;
    case LIST_SORT_DEFAULT:
        c->num = inc->id;
        break;
    case LIST_SORT_COUNT:
        break;
    }
}

char *list_cursor_encode(const struct list_cursor *c)
{
    static const char hex[] = "0123456789abcdef";

    if (c->sort == LIST_SORT_DEFAULT && c->desc) {
        char *out = xmalloc(24);
        snprintf(out, 24, "%" PRId64, c->id);
        return out;
    }
    const char *text = c->text != NULL ? c->text : "";
    size_t tlen = c->is_text ? strlen(text) : 0;
    /* key, two dots and a direction, the value (hex text or a number),
     * a dot and the id. */
    size_t cap = strlen(list_sort_key(c->sort)) + 8 + 2 * tlen + 48;
    char *out = xmalloc(cap);
    int n = snprintf(out, cap, "%s.%c.", list_sort_key(c->sort),
                     c->desc ? 'd' : 'a');
    if (c->is_text) {
        out[n++] = 't';
        for (size_t i = 0; i < tlen; i++) {
            out[n++] = hex[(unsigned char)text[i] >> 4];
            out[n++] = hex[(unsigned char)text[i] & 0xf];
        }
        snprintf(out + n, cap - (size_t)n, ".%" PRId64, c->id);
    } else {
        snprintf(out + n, cap - (size_t)n, "n%" PRId64 ".%" PRId64, c->num,
                 c->id);
    }
    return out;
}

/* Parse the whole of [s, end) as a decimal int64 within [min, max]. */
static bool parse_int(const char *s, const char *end, int64_t min, int64_t max,
                      int64_t *out)
{
    char tmp[24];
    size_t len = (size_t)(end - s);

    if (len == 0 || len >= sizeof(tmp))
        return false;
    memcpy(tmp, s, len);
    tmp[len] = '\0';
    /* strtoll would accept spaces and a plus sign; a cursor is exact. */
    for (size_t i = 0; i < len; i++)
        if (!(tmp[i] >= '0' && tmp[i] <= '9') && !(i == 0 && tmp[i] == '-'))
            return false;
    if (len > 1 && (tmp[0] == '0' || (tmp[0] == '-' && tmp[1] == '0')))
        return false;
    char *e = NULL;
    errno = 0;
    long long v = strtoll(tmp, &e, 10);
    if (e != tmp + len || errno != 0)
        return false;
    if (v < min || v > max)
        return false;
    *out = v;
    return true;
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1;
}

enum kz_err list_cursor_decode(const char *s, enum list_sort sort, bool desc,
                               struct list_cursor *out)
{
    list_cursor_init(out);
    out->sort = sort;
    out->desc = desc;
    out->is_text = list_sort_is_text(sort);
    size_t len = strlen(s);
    if (len == 0 || len > LIST_CURSOR_MAX)
        return KZ_EINVAL;
    if (sort == LIST_SORT_DEFAULT && desc)
        return parse_int(s, s + len, 1, INT64_MAX, &out->id) ? KZ_OK
                                                             : KZ_EINVAL;
    /* <key>.<a|d>.<value>.<id>: the value holds no dot (hex or digits). */
    const char *key = list_sort_key(sort);
    size_t klen = strlen(key);
    if (len < klen + 3 || strncmp(s, key, klen) != 0 || s[klen] != '.' ||
        s[klen + 1] != (desc ? 'd' : 'a') || s[klen + 2] != '.')
        return KZ_EINVAL;
    const char *v = s + klen + 3;
    const char *dot = strchr(v, '.');
    if (dot == NULL || !parse_int(dot + 1, s + len, 1, INT64_MAX, &out->id))
        return KZ_EINVAL;
    if (!out->is_text) {
        if (*v != 'n' ||
            !parse_int(v + 1, dot, INT64_MIN + 1, INT64_MAX, &out->num))
            return KZ_EINVAL;
        return KZ_OK;
    }
    size_t hlen = (size_t)(dot - v - 1);
    if (*v != 't' || hlen % 2 != 0)
        return KZ_EINVAL;
    char *text = xmalloc(hlen / 2 + 1);
    for (size_t i = 0; i < hlen / 2; i++) {
        int hi = hexval(v[1 + 2 * i]), lo = hexval(v[2 + 2 * i]);
        /* A NUL inside would cut the value short: refused. */
        if (hi < 0 || lo < 0 || (hi | lo) == 0) {
            xfree(text);
            return KZ_EINVAL;
        }
        text[i] = (char)(hi << 4 | lo);
    }
    text[hlen / 2] = '\0';
    /* Cursors kizuki makes hold a stored title or name, always UTF-8;
     * other bytes are not a position in the list (and PostgreSQL
     * refuses to compare them with text). */
    if (!utf8_is_valid(text, hlen / 2)) {
        xfree(text);
        return KZ_EINVAL;
    }
    out->text = text;
    return KZ_OK;
}
