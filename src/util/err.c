/* SPDX-License-Identifier: MIT */
/*
 * err.c - views of the error table and the problem list (see err.h).
 */
#include "util/err.h"

#include <stdio.h>
#include <string.h>

static const struct {
    const char *wire;
    int http;
    int exitc;
    const char *key;
} err_table[] = {
#define KZ_ERR_ROW(name, wire, http, exitc, key) {wire, http, exitc, key},
    KZ_ERR_MAP(KZ_ERR_ROW)
#undef KZ_ERR_ROW
};

static size_t err_index(enum kz_err e)
{
    /* An out-of-range code is our bug; answer as an internal storage error. */
    if ((size_t)e >= KZ_ERR_COUNT)
        return (size_t)KZ_ESTORE;
    return (size_t)e;
}

const char *kz_err_code(enum kz_err e)
{
    return err_table[err_index(e)].wire;
}

int kz_err_http_status(enum kz_err e)
{
    return err_table[err_index(e)].http;
}

int kz_err_exit_code(enum kz_err e)
{
    return err_table[err_index(e)].exitc;
}

const char *kz_err_msg_key(enum kz_err e)
{
    return err_table[err_index(e)].key;
}

void kz_problems_clear(struct kz_problems *p)
{
    memset(p, 0, sizeof(*p));
}

/* Copy 'src' into dst[size], cut when too long at the start of the
 * character that does not fit.  Field names come from the client's keys,
 * often Japanese, and go back out as keys of the error envelope, which
 * must be valid UTF-8 (jansson drops a key that is not, and the client
 * would not learn which field was wrong). */
static void copy_field(char *dst, size_t size, const char *src)
{
    size_t n = strlen(src);

    if (n >= size) {
        n = size - 1;
        while (n > 0 && ((unsigned char)src[n] & 0xC0) == 0x80)
            n--;
    }
    memcpy(dst, src, n);
    dst[n] = '\0';
}

enum kz_err kz_problems_add(struct kz_problems *p, const char *field,
                            const char *msg_key)
{
    if (p == NULL)
        return KZ_EINVAL;
    if (p->n >= KZ_PROBLEMS_MAX) {
        p->truncated = true;
        return KZ_EINVAL;
    }
    struct kz_problem *it = &p->items[p->n++];
    copy_field(it->field, sizeof(it->field), field ? field : "");
    it->msg_key = msg_key;
    it->count = -1;
    return KZ_EINVAL;
}

enum kz_err kz_problems_add_count(struct kz_problems *p, const char *field,
                                  const char *msg_key, long long count)
{
    size_t before = p != NULL ? p->n : 0;
    enum kz_err err = kz_problems_add(p, field, msg_key);

    if (p != NULL && p->n > before)
        p->items[p->n - 1].count = count;
    return err;
}

/* 'v' with a comma every three digits ("1,234"), as both languages
 * write counts. */
static void group_digits(long long v, char *out, size_t n)
{
    char digits[32];
    size_t len = (size_t)snprintf(digits, sizeof(digits), "%lld", v);
    size_t o = 0;

    for (size_t i = 0; i < len && o + 1 < n; i++) {
        if (i > 0 && digits[i - 1] != '-' && (len - i) % 3 == 0 && o + 2 < n)
            out[o++] = ',';
        out[o++] = digits[i];
    }
    out[o] = '\0';
}

const char *kz_problem_text(const struct kz_problem *pr, enum lang lang,
                            char *buf, size_t n)
{
    const char *text = i18n_text(pr->msg_key, lang);
    char num[40];

    if (pr->count < 0) {
        snprintf(buf, n, "%s", text);
        return buf;
    }
    group_digits(pr->count, num, sizeof(num));
    /* The catalogue's "v.count_now" marks with "{count}" where the
     * number goes. */
    const char *tail = i18n_text("v.count_now", lang);
    const char *at = strstr(tail, "{count}");
    if (at == NULL) {
        snprintf(buf, n, "%s", text);
        return buf;
    }
    snprintf(buf, n, "%s%.*s%s%s", text, (int)(at - tail), tail, num,
             at + strlen("{count}"));
    return buf;
}

enum kz_err kz_problems_add_at(struct kz_problems *p, const char *prefix,
                               size_t index, const char *sub,
                               const char *msg_key)
{
    /* Longer than a problem's field (64), so that kz_problems_add makes
     * the cut, at a character boundary. */
    char field[256];

    if (sub != NULL && sub[0] != '\0')
        snprintf(field, sizeof(field), "%s[%zu].%s", prefix, index, sub);
    else
        snprintf(field, sizeof(field), "%s[%zu]", prefix, index);
    return kz_problems_add(p, field, msg_key);
}

const struct kz_problem *kz_problems_find(const struct kz_problems *p,
                                          const char *field)
{
    for (size_t i = 0; i < p->n; i++) {
        if (strcmp(p->items[i].field, field) == 0)
            return &p->items[i];
    }
    return NULL;
}
