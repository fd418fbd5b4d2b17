/* SPDX-License-Identifier: MIT */
/*
 * list_query.c - the incident list's parameters (see list_query.h).
 * Moved here from the API handler so that the CLI and saved filters check
 * them by the same rules.
 */
#include "app/list_query.h"

#include <stdio.h>
#include <string.h>

#include "core/taxonomy.h"
#include "util/mem.h"
#include "util/query.h"
#include "util/timefmt.h"
#include "util/utf8.h"

const char *const list_query_keys[] = {
    "phase",       "kind",     "category", "severity", "since",
    "until",       "open",     "owner",    "tag",      "q",
    "overdue",     "sort",     "order",    "limit",    "reported_from",
    "reported_to", "assignee", "cursor",   NULL,
};

/* Names that mean the same parameter: the first is canonical. */
static const char *const aliases[][2] = {
    {"since", "reported_from"},
    {"until", "reported_to"},
    {"owner", "assignee"},
};

/* Digits only, in [min, max]. */
static bool parse_int(const char *s, long long min, long long max,
                      long long *out)
{
    long long v = 0;

    if (s == NULL || s[0] == '\0' || strlen(s) > 18)
        return false;
    for (const char *c = s; *c != '\0'; c++) {
        if (*c < '0' || *c > '9')
            return false;
        v = v * 10 + (*c - '0');
    }
    if (v < min || v > max)
        return false;
    *out = v;
    return true;
}

/* The value of canonical 'key' or of its alias; both given and different
 * is a problem (which one is meant?).  OUT: *name, the name given. */
static const char *get_aliased(list_query_get_fn get, void *arg,
                               const char *key, const char **name,
                               struct kz_problems *p)
{
    const char *v = get(arg, key);

    *name = key;
    for (size_t i = 0; i < sizeof(aliases) / sizeof(aliases[0]); i++) {
        if (strcmp(aliases[i][0], key) != 0)
            continue;
        const char *a = get(arg, aliases[i][1]);
        if (v != NULL && a != NULL && strcmp(v, a) != 0)
            kz_problems_add(p, aliases[i][1], "list.alias_conflict");
        if (v == NULL && a != NULL) {
            *name = aliases[i][1];
            v = a;
        }
    }
    return v;
}

/* A free-text parameter: at most 200 characters (UTF-8 is checked where
 * the value came in). */
static const char *text_param(const char *v, const char *name,
                              struct kz_problems *p)
{
    if (v != NULL && utf8_length(v) > 200) {
        kz_problems_add(p, name, "v.too_long");
        return NULL;
    }
    return v;
}

/* "true" 1, "false" 0, absent -1; anything else is a problem. */
static int true_false(const char *v, const char *name, struct kz_problems *p)
{
    if (v == NULL)
        return -1;
    if (strcmp(v, "true") == 0)
        return 1;
    if (strcmp(v, "false") == 0)
        return 0;
    kz_problems_add(p, name, "v.true_false");
    return -1;
}

void app_list_query_read(list_query_get_fn get, void *arg,
                         struct incident_filter *f, struct list_cursor *after,
                         struct kz_problems *p)
{
    const char *name;
    long long n;

    const char *v = get(arg, "phase");
    enum phase ph;
    if (v != NULL && !phase_from_key(v, &ph))
        kz_problems_add(p, "phase", "v.unknown_key");
    else if (v != NULL)
        f->phase = (int)ph;
    v = get(arg, "kind");
    enum kind k;
    if (v != NULL && !kind_from_key(v, &k))
        kz_problems_add(p, "kind", "v.unknown_key");
    else if (v != NULL)
        f->kind = (int)k;
    v = get(arg, "category");
    if (v != NULL && !taxonomy_has(&taxonomy_category, v))
        kz_problems_add(p, "category", "v.unknown_key");
    else
        f->category = v;
    v = get(arg, "severity");
    if (v != NULL && strcmp(v, "none") == 0)
        f->severity = 0;
    else if (v != NULL && !severity_from_key(v, &f->severity))
        kz_problems_add(p, "severity", "v.severity");
    v = get_aliased(get, arg, "since", &name, p);
    if (v != NULL && timefmt_parse(v, &f->since) != KZ_OK)
        kz_problems_add(p, name, "v.time");
    v = get_aliased(get, arg, "until", &name, p);
    if (v != NULL && timefmt_parse(v, &f->until) != KZ_OK)
        kz_problems_add(p, name, "v.time");
    else if (v != NULL && f->since != KZ_TIME_NONE && f->until < f->since)
        kz_problems_add(p, name, "v.until_before_since");
    f->open = true_false(get(arg, "open"), "open", p);
    f->overdue = true_false(get(arg, "overdue"), "overdue", p);
    v = get_aliased(get, arg, "owner", &name, p);
    f->owner = text_param(v, name, p);
    f->tag = text_param(get(arg, "tag"), "tag", p);
    f->q = text_param(get(arg, "q"), "q", p);
    v = get(arg, "limit");
    f->limit = LIST_LIMIT_DEFAULT;
    if (v != NULL && !parse_int(v, 1, LIST_LIMIT_MAX, &n))
        kz_problems_add(p, "limit", "v.limit");
    else if (v != NULL)
        f->limit = (int)n;
    v = get(arg, "sort");
    if (v != NULL && !list_sort_from_key(v, &f->sort))
        kz_problems_add(p, "sort", "v.unknown_key");
    v = get(arg, "order");
    if (v != NULL && strcmp(v, "asc") == 0)
        f->asc = true;
    else if (v != NULL && strcmp(v, "desc") != 0)
        kz_problems_add(p, "order", "v.unknown_key");
    /* The cursor belongs to one sort and direction, read above. */
    v = get(arg, "cursor");
    if (v != NULL && list_cursor_decode(v, f->sort, !f->asc, after) != KZ_OK)
        kz_problems_add(p, "cursor", "v.cursor");
    else if (v != NULL && f->sort == LIST_SORT_DEFAULT && !f->asc)
        f->before_id = after->id;
    else if (v != NULL)
        f->after = after;
}

static const char *get_query(void *arg, const char *key)
{
    return query_get(arg, key);
}

static bool is_list_key(const char *key)
{
    for (size_t i = 0; list_query_keys[i] != NULL; i++) {
        if (strcmp(list_query_keys[i], key) == 0)
            return true;
    }
    return false;
}

enum kz_err app_list_query_canonical(const struct query *in, char **out,
                                     struct kz_problems *p)
{
    /* A shallow copy: the pairs stay the caller's, read through 'get'. */
    struct query q = *in;
    struct kz_problems mine;
    struct incident_filter f;
    struct list_cursor after;
    char field[64];
    size_t before = p->n;

    *out = NULL;
    for (size_t i = 0; p->n == before && i < q.n; i++) {
        snprintf(field, sizeof(field), "query.%s", q.v[i].key);
        /* A cursor is a place in one moment's list, not a filter. */
        if (!is_list_key(q.v[i].key) || strcmp(q.v[i].key, "cursor") == 0)
            kz_problems_add(p, field, "v.unknown_field");
        for (size_t j = 0; j < i; j++) {
            if (strcmp(q.v[j].key, q.v[i].key) == 0)
                kz_problems_add(p, field, "v.duplicate");
        }
    }
    if (p->n == before) {
        kz_problems_clear(&mine);
        incident_filter_init(&f);
        list_cursor_init(&after);
        app_list_query_read(get_query, &q, &f, &after, &mine);
        list_cursor_cleanup(&after);
        for (size_t i = 0; i < mine.n; i++) {
            snprintf(field, sizeof(field), "query.%s", mine.items[i].field);
            kz_problems_add(p, field, mine.items[i].msg_key);
        }
    }
    if (p->n > before)
        return KZ_EINVAL;
    struct buf b;
    enum kz_err err = KZ_OK;
    buf_init(&b, QUERY_LEN_MAX * 4);
    for (size_t i = 0; err == KZ_OK && list_query_keys[i] != NULL; i++) {
        const char *key = list_query_keys[i];
        if (strcmp(key, "cursor") == 0)
            break;
        const char *v = query_get(&q, key);
        for (size_t a = 0; a < sizeof(aliases) / sizeof(aliases[0]); a++) {
            if (strcmp(aliases[a][1], key) == 0)
                v = NULL; /* written under its canonical name */
            else if (v == NULL && strcmp(aliases[a][0], key) == 0)
                v = query_get(&q, aliases[a][1]);
        }
        if (v != NULL)
            err = query_append(&b, key, v);
    }
    if (err != KZ_OK) {
        buf_cleanup(&b);
        return err;
    }
    *out = b.data != NULL ? buf_take(&b) : xstrdup("");
    buf_cleanup(&b);
    return KZ_OK;
}
