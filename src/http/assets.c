/* SPDX-License-Identifier: MIT */
/*
 * assets.c - serves the embedded web/ files (see assets.h).
 */
#include "http/assets.h"

#include <stdio.h>
#include <string.h>

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

void assets_serve(struct http_req *req, struct http_resp *resp)
{
    const char *path = req->path[0] == '/' ? req->path + 1 : req->path;
    const struct embedded_file *f = NULL;
    char etag[72];

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
    snprintf(etag, sizeof(etag), "\"%.64s\"", f->sha256);
    http_header(resp, "ETag", etag);
    http_header(resp, "Cache-Control", "no-cache");
    if (strcmp(content_type(f->path), "text/html; charset=utf-8") == 0)
        http_header(resp, "Content-Security-Policy", assets_csp);
    if (req->if_none_match != NULL && strcmp(req->if_none_match, etag) == 0) {
        resp->status = 304;
        resp->data = (const unsigned char *)"";
        resp->len = 0;
        return;
    }
    resp->status = 200;
    resp->data = f->data;
    resp->len = f->len;
    resp->content_type = content_type(f->path);
}
