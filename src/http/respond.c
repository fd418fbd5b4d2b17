/* SPDX-License-Identifier: MIT */
/*
 * respond.c - the helpers every handler uses to read a request and write
 * a response (see http.h): one error path, one body parser.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/ref.h"
#include "http/http.h"
#include "json/error_json.h"
#include "util/buf.h"
#include "util/mem.h"
#include "util/utf8.h"

const char *http_query(const struct http_req *req, const char *key)
{
    for (size_t i = 0; i < req->nquery; i++) {
        if (strcmp(req->query[i].key, key) == 0)
            return req->query[i].value;
    }
    return NULL;
}

bool http_parse_int(const char *s, long long min, long long max, long long *out)
{
    char *end = NULL;
    long long v;

    /* 19 digits: strtoll saturates beyond, which would pass as the max.
     * Digits only, an optional minus first: strtoll would also skip
     * leading spaces and take a '+'. */
    if (s == NULL || strlen(s) > 19)
        return false;
    const char *d = s[0] == '-' ? s + 1 : s;
    if (*d < '0' || *d > '9')
        return false;
    v = strtoll(s, &end, 10);
    if (*end != '\0' || v < min || v > max)
        return false;
    *out = v;
    return true;
}

const char *http_path_ref(struct http_req *req, struct http_resp *resp)
{
    const char *ref = http_param(req, "ref");
    struct kz_problems p;

    if (ref == NULL || !ref_parse(ref, NULL, NULL)) {
        kz_problems_clear(&p);
        kz_problems_add(&p, "ref", "v.ref");
        http_error(req, resp, KZ_ENOTFOUND, NULL, &p);
        return NULL;
    }
    return ref;
}

int64_t http_path_id(struct http_req *req, struct http_resp *resp)
{
    long long id;

    if (!http_parse_int(http_param(req, "id"), 1, INT64_MAX, &id)) {
        http_error(req, resp, KZ_ENOTFOUND, NULL, NULL);
        return 0;
    }
    return id;
}

bool http_if_match(struct http_req *req, struct http_resp *resp,
                   int64_t *version)
{
    const char *h = req->if_match;
    char digits[24];
    size_t n = 0;
    long long v;

    *version = -1;
    if (h == NULL)
        return true;
    /* One entity tag: 3, "3" or W/"3", nothing around it. */
    bool weak = strncmp(h, "W/", 2) == 0;
    if (weak)
        h += 2;
    bool quoted = *h == '"';
    if (quoted)
        h++;
    while (*h >= '0' && *h <= '9' && n + 1 < sizeof(digits))
        digits[n++] = *h++;
    digits[n] = '\0';
    bool closed = !quoted || *h++ == '"';
    if (!closed || *h != '\0' || (weak && !quoted) ||
        !http_parse_int(digits, 1, INT64_MAX, &v)) {
        struct kz_problems p;
        kz_problems_clear(&p);
        kz_problems_add(&p, "If-Match", "v.if_match");
        http_error(req, resp, KZ_EMALFORMED, NULL, &p);
        return false;
    }
    *version = v;
    return true;
}

const char *http_param(const struct http_req *req, const char *key)
{
    for (size_t i = 0; i < req->nparams; i++) {
        if (strcmp(req->params[i].key, key) == 0)
            return req->params[i].value;
    }
    return NULL;
}

void http_header(struct http_resp *resp, const char *name, const char *value)
{
    if (resp->nheaders >= HTTP_HEADERS_MAX)
        return;
    resp->headers[resp->nheaders].key = name;
    resp->headers[resp->nheaders].value = xstrdup(value);
    resp->nheaders++;
}

void http_json(struct http_resp *resp, int status, json_t *j)
{
    json_decref(resp->json);
    resp->status = status;
    resp->json = j;
}

void http_error(struct http_req *req, struct http_resp *resp, enum kz_err err,
                const char *msg_key, const struct kz_problems *p)
{
    /* A conflict with a named field (a name already taken) says so, not
     * "someone else changed it first". */
    if (msg_key == NULL && err == KZ_ECONFLICT && p != NULL && p->n == 1)
        msg_key = p->items[0].msg_key;
    /* Unavailable (a lock, a lost database connection): the same request
     * may succeed in a moment, and a client that retries should know. */
    if (err == KZ_EBUSY)
        http_header(resp, "Retry-After", "1");
    http_json(resp, kz_err_http_status(err),
              error_to_json(err, msg_key, p, req->lang));
}

/* Replace each invalid UTF-8 sequence by U+FFFD (OUT: caller frees). */
static char *repair_utf8(const char *s, size_t n, size_t *out_len)
{
    struct buf b;
    size_t i = 0;

    buf_init(&b, 3 * n + 1);
    while (i < n) {
        size_t len = 1;
        unsigned char c = (unsigned char)s[i];
        if (c >= 0xC2 && c <= 0xDF)
            len = 2;
        else if (c >= 0xE0 && c <= 0xEF)
            len = 3;
        else if (c >= 0xF0 && c <= 0xF4)
            len = 4;
        enum kz_err err;
        if (c != 0 && i + len <= n && utf8_is_valid(s + i, len)) {
            err = buf_append(&b, s + i, len);
            i += len;
        } else {
            err = buf_append(&b, "\xEF\xBF\xBD", 3);
            i++;
        }
        if (err != KZ_OK)
            break;
    }
    *out_len = b.len;
    return buf_take(&b);
}

/* Name every string (or key) of 'v' that holds U+FFFD, as a field path. */
static void find_repaired(const json_t *v, const char *path,
                          struct kz_problems *p)
{
    char sub[64];

    if (json_is_string(v) &&
        strstr(json_string_value(v), "\xEF\xBF\xBD") != NULL) {
        kz_problems_add(p, path, "v.utf8");
    } else if (json_is_object(v)) {
        const char *k;
        json_t *item;
        json_object_foreach((json_t *)v, k, item)
        {
            if (strstr(k, "\xEF\xBF\xBD") != NULL) {
                kz_problems_add(p, path[0] ? path : "body", "v.utf8");
                continue;
            }
            snprintf(sub, sizeof(sub), "%s%s%s", path, path[0] ? "." : "", k);
            find_repaired(item, sub, p);
        }
    } else if (json_is_array(v)) {
        size_t i;
        json_t *item;
        json_array_foreach(v, i, item)
        {
            snprintf(sub, sizeof(sub), "%s[%zu]", path, i);
            find_repaired(item, sub, p);
        }
    }
}

static bool is_json_type(const char *ct)
{
    static const char want[] = "application/json";
    size_t n = sizeof(want) - 1;

    if (ct == NULL || strncasecmp(ct, want, n) != 0)
        return false;
    return ct[n] == '\0' || ct[n] == ';' || ct[n] == ' ';
}

bool http_body_object(struct http_req *req, struct http_resp *resp,
                      json_t **out)
{
    json_error_t jerr;
    struct kz_problems p;

    *out = NULL;
    if (!is_json_type(req->content_type)) {
        http_error(req, resp, KZ_EMEDIA, NULL, NULL);
        return false;
    }
    if (req->body != NULL && !utf8_is_valid(req->body, req->body_len)) {
        /* Parse a repaired copy only to say which fields were broken. */
        size_t len = 0;
        char *fixed = repair_utf8(req->body, req->body_len, &len);
        json_t *root = json_loadb(fixed, len, 0, &jerr);
        kz_problems_clear(&p);
        if (root != NULL)
            find_repaired(root, "", &p);
        if (p.n == 0)
            kz_problems_add(&p, "body", "v.utf8");
        json_decref(root);
        xfree(fixed);
        http_error(req, resp, KZ_EINVAL, NULL, &p);
        return false;
    }
    *out = json_loadb(req->body ? req->body : "", req->body_len,
                      JSON_REJECT_DUPLICATES, &jerr);
    if (*out == NULL || !json_is_object(*out)) {
        json_decref(*out);
        *out = NULL;
        http_error(req, resp, KZ_EMALFORMED, NULL, NULL);
        return false;
    }
    return true;
}

bool http_only_keys(struct http_req *req, struct http_resp *resp,
                    const json_t *obj, const char *const *allowed)
{
    struct kz_problems p;
    const char *k;
    json_t *v;

    kz_problems_clear(&p);
    json_object_foreach((json_t *)obj, k, v)
    {
        bool ok = false;
        for (size_t i = 0; allowed[i] != NULL && !ok; i++)
            ok = strcmp(allowed[i], k) == 0;
        if (!ok)
            kz_problems_add(&p, k, "v.unknown_field");
    }
    if (p.n == 0)
        return true;
    http_error(req, resp, KZ_EINVAL, NULL, &p);
    return false;
}

bool http_body_keys(struct http_req *req, struct http_resp *resp,
                    const char *const *allowed, json_t **out)
{
    if (!http_body_object(req, resp, out))
        return false;
    if (!http_only_keys(req, resp, *out, allowed)) {
        json_decref(*out);
        *out = NULL;
        return false;
    }
    return true;
}
