/* SPDX-License-Identifier: MIT */
/*
 * fuzz_router.c - matching a request line against the route table
 * (src/http/router.c, src/http/routes.c) without a server, reading a
 * path id as the handlers do (http_parse_int), and the If-Match header
 * (http_if_match, src/http/respond.c).  The input is "METHOD PATH";
 * without a space it is a path for GET; a line after it is If-Match.
 *
 * Properties: no crash or UB; a found route has the method asked for, and
 * writing its pattern with the captured parameters gives back the path;
 * every captured parameter is 1-64 characters of A-Z a-z 0-9 . _ - and
 * not "." or ".."; ROUTE_BAD_PARAM names a parameter and captures none;
 * ROUTE_NO_METHOD means another method has that path; an id that parses
 * is a positive integer; an If-Match header gives a version of 1 or more,
 * or is answered with 400 naming it.
 */
#include "fuzz.h"

#include <stdbool.h>

#include "http/router.h"

static bool param_ok(const char *s)
{
    size_t n = strlen(s);

    if (n == 0 || n > 64 || strcmp(s, ".") == 0 || strcmp(s, "..") == 0)
        return false;
    return strspn(s, "abcdefghijklmnopqrstuvwxyz"
                     "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-") == n;
}

/* The pattern of 'r' with its {params} replaced by the captured values
 * (OUT: out[size]); false when it does not fit. */
static bool expand(const struct route *r, const struct http_req *req, char *out,
                   size_t size)
{
    size_t n = 0;
    size_t k = 0;

    for (const char *p = r->pattern; *p != '\0';) {
        const char *piece = p;
        size_t len = 1;
        if (*p == '{') {
            const char *close = strchr(p, '}');
            FUZZ_CHECK(close != NULL && k < req->nparams);
            FUZZ_CHECK(strncmp(req->params[k].key, p + 1,
                               (size_t)(close - p - 1)) == 0);
            piece = req->params[k].value;
            len = strlen(piece);
            k++;
            p = close + 1;
        } else {
            p++;
        }
        if (n + len + 1 > size)
            return false;
        memcpy(out + n, piece, len);
        n += len;
    }
    out[n] = '\0';
    FUZZ_CHECK(k == req->nparams);
    return true;
}

static void if_match(const char *header)
{
    static struct http_req req;
    struct http_resp resp;
    int64_t version = 0;

    memset(&req, 0, sizeof(req));
    memset(&resp, 0, sizeof(resp));
    req.if_match = header;
    req.lang = LANG_EN;
    if (http_if_match(&req, &resp, &version)) {
        FUZZ_CHECK(version >= 1 && resp.json == NULL);
        FUZZ_CHECK(strspn(header, "W/\"0123456789") == strlen(header));
    } else {
        FUZZ_CHECK(version == -1 && resp.status == 400);
        FUZZ_CHECK(resp.json != NULL);
    }
    json_decref(resp.json);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *line = fuzz_cstr(data, size);
    const char *method = "GET";
    const char *path = line;
    char *space = strchr(line, ' ');
    const struct route *r = NULL;
    static struct http_req req;

    char *newline = strchr(line, '\n');
    if (newline != NULL) {
        *newline = '\0';
        if_match(newline + 1);
        space = strchr(line, ' ');
    }
    if (space != NULL) {
        *space = '\0';
        method = line;
        path = space + 1;
    }
    memset(&req, 0, sizeof(req));
    enum route_match m = router_match(method, path, &req, &r);
    switch (m) {
    case ROUTE_FOUND: {
        char again[4096];
        /* HEAD is answered by the GET route of the same path. */
        FUZZ_CHECK(r != NULL && (strcmp(r->method, method) == 0 ||
                                 (strcmp(method, "HEAD") == 0 &&
                                  strcmp(r->method, "GET") == 0)));
        FUZZ_CHECK(req.nparams <= HTTP_PARAMS_MAX);
        for (size_t i = 0; i < req.nparams; i++) {
            FUZZ_CHECK(param_ok(req.params[i].value));
            FUZZ_CHECK(http_param(&req, req.params[i].key) != NULL);
        }
        if (expand(r, &req, again, sizeof(again)))
            FUZZ_CHECK(strcmp(again, path) == 0);
        long long id = 0;
        if (http_parse_int(http_param(&req, "id"), 1, INT64_MAX, &id))
            FUZZ_CHECK(id >= 1);
        break;
    }
    case ROUTE_BAD_PARAM:
        FUZZ_CHECK(r == NULL && req.nparams == 0);
        FUZZ_CHECK(req.params[0].key[0] != '\0');
        FUZZ_CHECK(memchr(req.params[0].key, '\0', sizeof(req.params[0].key)) !=
                   NULL);
        break;
    case ROUTE_NO_METHOD: {
        bool other = false;
        FUZZ_CHECK(r == NULL && req.nparams == 0);
        for (size_t i = 0; i < http_routes_count && !other; i++) {
            const struct route *x = NULL;
            struct http_req probe;
            memset(&probe, 0, sizeof(probe));
            other = router_match(http_routes[i].method, path, &probe, &x) ==
                    ROUTE_FOUND;
        }
        FUZZ_CHECK(other);
        break;
    }
    case ROUTE_NO_PATH:
        FUZZ_CHECK(r == NULL && req.nparams == 0);
        break;
    }
    free(line);
    return 0;
}
