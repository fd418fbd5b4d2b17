/* SPDX-License-Identifier: MIT */
/*
 * assets.c - serves the embedded web/ files (see assets.h).
 */
#include "http/assets.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "util/embed.h"

extern const struct embedded_file web_assets[];
extern const size_t web_assets_count;

/* Nothing inline and nothing from elsewhere: scripts, styles and data
 * come from this server only, so injected markup cannot run. */
const char assets_csp[] =
    "default-src 'self'; script-src 'self'; style-src 'self'; "
    "img-src 'self' data:; font-src 'self'; connect-src 'self'; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'";

static const struct {
    const char *ext;
    const char *type;
} types[] = {
    {".html", "text/html; charset=utf-8"},
    {".js", "text/javascript; charset=utf-8"},
    {".mjs", "text/javascript; charset=utf-8"},
    {".css", "text/css; charset=utf-8"},
    {".json", "application/json; charset=utf-8"},
    {".svg", "image/svg+xml"},
    {".png", "image/png"},
    {".ico", "image/x-icon"},
    {".woff2", "font/woff2"},
    {".txt", "text/plain; charset=utf-8"},
    {".webmanifest", "application/manifest+json"},
};

static const char *content_type(const char *path)
{
    const char *dot = strrchr(path, '.');

    for (size_t i = 0; dot != NULL && i < sizeof(types) / sizeof(types[0]);
         i++) {
        if (strcmp(dot, types[i].ext) == 0)
            return types[i].type;
    }
    return "application/octet-stream";
}

static const struct embedded_file *find(const char *path)
{
    for (size_t i = 0; i < web_assets_count; i++) {
        if (strcmp(web_assets[i].path, path) == 0)
            return &web_assets[i];
    }
    return NULL;
}

/* The representations of a file: the bytes as they are, or compressed at
 * build time (tools/embed.c). */
enum coding { CODING_IDENTITY, CODING_GZIP, CODING_BROTLI };

/* Skip optional white space (RFC 9110 OWS). */
static const char *ows(const char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    return s;
}

/*
 * A weight (RFC 9110 §12.4.2: "0", "0.5", "1.000", three decimals at
 * most) in thousandths, or -1 when 's' (up to 'n' bytes) is not one.
 * Read by hand: strtod would follow the locale's decimal point.
 */
static int qvalue(const char *s, size_t n)
{
    if (n == 0 || (s[0] != '0' && s[0] != '1'))
        return -1;
    int q = (s[0] - '0') * 1000;
    if (n == 1)
        return q;
    if (s[1] != '.' || n > 5)
        return -1;
    int scale = 100;
    for (size_t i = 2; i < n; i++, scale /= 10) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        q += (s[i] - '0') * scale;
    }
    return q <= 1000 ? q : -1;
}

/*
 * The weight (0..1000) that an Accept-Encoding header 'h' gives the
 * coding 'name' (or 'alias'): its own entry, else that of "*", else 0.
 * "gzip;q=0" refuses gzip; a weight that cannot be read counts as 1.
 */
static int coding_weight(const char *h, const char *name, const char *alias)
{
    int own = -1;
    int any = -1;

    while (*h != '\0') {
        h = ows(h);
        size_t n = strcspn(h, ",; \t");
        int q = 1000;
        const char *p = ows(h + n);
        /* Parameters: only q matters. */
        while (*p == ';') {
            p = ows(p + 1);
            if ((p[0] == 'q' || p[0] == 'Q') && p[1] == '=') {
                int v = qvalue(p + 2, strcspn(p + 2, ",; \t"));
                if (v >= 0)
                    q = v;
            }
            p += strcspn(p, ",;");
        }
        if ((n == strlen(name) && strncasecmp(h, name, n) == 0) ||
            (alias != NULL && n == strlen(alias) &&
             strncasecmp(h, alias, n) == 0))
            own = q;
        else if (n == 1 && h[0] == '*')
            any = q;
        h = p + strcspn(p, ",");
        if (*h == ',')
            h++;
    }
    if (own >= 0)
        return own;
    return any > 0 ? any : 0;
}

/* The coding to send 'f' in, given the request's Accept-Encoding:
 * the one the client weighs most among those stored, brotli (the
 * smaller) on a tie, the bytes as they are when none is wanted. */
static enum coding choose_coding(const struct embedded_file *f,
                                 const char *accept)
{
    if (accept == NULL)
        return CODING_IDENTITY;
    int br = f->brotli != NULL ? coding_weight(accept, "br", NULL) : 0;
    int gz = f->gzip != NULL ? coding_weight(accept, "gzip", "x-gzip") : 0;
    if (br > 0 && br >= gz)
        return CODING_BROTLI;
    if (gz > 0)
        return CODING_GZIP;
    return CODING_IDENTITY;
}

/*
 * True when the If-None-Match header 'h' lists 'etag' or is "*".  The
 * comparison is weak (RFC 9110 §13.1.2): W/"x" matches "x".
 */
static bool etag_listed(const char *h, const char *etag)
{
    size_t elen = strlen(etag);

    while (*h != '\0') {
        h = ows(h);
        if (h[0] == '*')
            return true;
        if (h[0] == 'W' && h[1] == '/')
            h += 2;
        size_t n = strcspn(h, ", \t");
        if (n == elen && memcmp(h, etag, n) == 0)
            return true;
        h += n;
        h += strcspn(h, ",");
        if (*h == ',')
            h++;
    }
    return false;
}

void assets_serve(struct http_req *req, struct http_resp *resp)
{
    const char *path = req->path[0] == '/' ? req->path + 1 : req->path;
    const struct embedded_file *f = NULL;
    char etag[80];

    if (strcmp(req->method, "GET") != 0 && strcmp(req->method, "HEAD") != 0) {
        http_error(req, resp, KZ_EMETHOD, NULL, NULL);
        return;
    }
    if (path[0] == '\0')
        path = "index.html";
    f = find(path);
    /* The UI's own addresses (/incidents/INC-2026-0001) have no file
     * extension; they are all the one page. */
    const char *last = strrchr(req->path, '/');
    if (f == NULL && strchr(last ? last : req->path, '.') == NULL)
        f = find("index.html");
    if (f == NULL) {
        http_error(req, resp, KZ_ENOTFOUND, NULL, NULL);
        return;
    }
    /* Each encoding is a representation of its own with its own ETag
     * (RFC 9110 §8.8.3): a cache holding the gzip bytes must not be told
     * that the brotli ones are the same. */
    enum coding c = choose_coding(f, req->accept_encoding);
    static const char *const suffix[] = {"", "-gzip", "-br"};
    snprintf(etag, sizeof(etag), "\"%.64s%s\"", f->sha256, suffix[c]);
    http_header(resp, "ETag", etag);
    http_header(resp, "Cache-Control", "no-cache");
    /* Caches must key the answer by what the client accepts. */
    http_header(resp, "Vary", "Accept-Encoding");
    if (strcmp(content_type(f->path), "text/html; charset=utf-8") == 0)
        http_header(resp, "Content-Security-Policy", assets_csp);
    if (req->if_none_match != NULL && etag_listed(req->if_none_match, etag)) {
        resp->status = 304;
        resp->data = (const unsigned char *)"";
        resp->len = 0;
        return;
    }
    resp->status = 200;
    resp->content_type = content_type(f->path);
    if (c == CODING_BROTLI) {
        http_header(resp, "Content-Encoding", "br");
        resp->data = f->brotli;
        resp->len = f->brotli_len;
    } else if (c == CODING_GZIP) {
        http_header(resp, "Content-Encoding", "gzip");
        resp->data = f->gzip;
        resp->len = f->gzip_len;
    } else {
        resp->data = f->data;
        resp->len = f->len;
    }
}
