/* SPDX-License-Identifier: MIT */
/*
 * router.c - match a request against the route table (routes.c).
 */
#include "http/router.h"

#include <stdio.h>
#include <string.h>

#define PARAM_MAX 64

static bool param_ok(const char *s, size_t n)
{
    if (n == 0 || n > PARAM_MAX)
        return false;
    if ((n == 1 && s[0] == '.') || (n == 2 && s[0] == '.' && s[1] == '.'))
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
              (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-'))
            return false;
    }
    return true;
}

/* Match 'path' against 'pattern', capturing {params} into 'req'.  When
 * the path follows the pattern up to a parameter that is not a valid one
 * ("..", too long), '*bad' (if still empty) gets the parameter's key. */
static bool match_path(const char *pattern, const char *path,
                       struct http_req *req, char *bad, size_t bad_size)
{
    size_t np = 0;

    while (*pattern != '\0' && *path != '\0') {
        if (*pattern == '{') {
            const char *close = strchr(pattern, '}');
            const char *end = strchr(path, '/');
            size_t n = end ? (size_t)(end - path) : strlen(path);
            size_t klen = close ? (size_t)(close - pattern - 1) : 0;
            if (close == NULL || np >= HTTP_PARAMS_MAX ||
                klen >= sizeof(req->params[0].key))
                return false;
            if (!param_ok(path, n)) {
                if (bad[0] == '\0' && klen < bad_size) {
                    memcpy(bad, pattern + 1, klen);
                    bad[klen] = '\0';
                }
                return false;
            }
            memcpy(req->params[np].key, pattern + 1, klen);
            req->params[np].key[klen] = '\0';
            memcpy(req->params[np].value, path, n);
            req->params[np].value[n] = '\0';
            np++;
            pattern = close + 1;
            path += n;
            continue;
        }
        if (*pattern != *path)
            return false;
        pattern++;
        path++;
    }
    if (*pattern != '\0' || *path != '\0')
        return false;
    req->nparams = np;
    return true;
}

enum route_match router_match(const char *method, const char *path,
                              struct http_req *req, const struct route **out)
{
    enum route_match result = ROUTE_NO_PATH;
    char bad[sizeof(req->params[0].key)] = "";

    *out = NULL;
    for (size_t i = 0; i < http_routes_count; i++) {
        const struct route *r = &http_routes[i];
        if (!match_path(r->pattern, path, req, bad, sizeof(bad)))
            continue;
        /* HEAD is GET without the body (libmicrohttpd leaves it out and
         * keeps the headers, Content-Length included). */
        if (strcmp(r->method, method) == 0 ||
            (strcmp(method, "HEAD") == 0 && strcmp(r->method, "GET") == 0)) {
            *out = r;
            return ROUTE_FOUND;
        }
        result = ROUTE_NO_METHOD;
    }
    req->nparams = 0;
    /* "/api/v1/incidents/../x" or a 300-character reference: say which
     * part of the path is wrong rather than only "not found". */
    if (result == ROUTE_NO_PATH && bad[0] != '\0') {
        memcpy(req->params[0].key, bad, sizeof(bad));
        return ROUTE_BAD_PARAM;
    }
    return result;
}

size_t router_body_max(const char *method, const char *path)
{
    for (size_t i = 0;
         method != NULL && path != NULL && i < http_body_limits_count; i++) {
        if (strcmp(http_body_limits[i].method, method) == 0 &&
            strcmp(http_body_limits[i].path, path) == 0)
            return http_body_limits[i].max;
    }
    return HTTP_BODY_MAX;
}
