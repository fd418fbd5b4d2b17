/* SPDX-License-Identifier: MIT */
/*
 * router.h - the route table and matching a request to it.
 */
#ifndef KZ_HTTP_ROUTER_H
#define KZ_HTTP_ROUTER_H

#include "http/http.h"

struct route {
    const char *method;
    const char *pattern; /* "/api/v1/incidents/{ref}" */
    http_handler handler;
    bool public_access; /* true: no sign-in needed */
    const char *query;  /* query keys it reads, space-separated; NULL: none */
};

extern const struct route http_routes[];
extern const size_t http_routes_count;

/* A route whose request body may be larger than HTTP_BODY_MAX. */
struct route_body_limit {
    const char *method;
    const char *path; /* exact, no parameters */
    size_t max;
};

extern const struct route_body_limit http_body_limits[];
extern const size_t http_body_limits_count;

/* The largest body a request for 'method' and 'path' may send: known
 * before the body is read, so an oversize one is refused unread. */
size_t router_body_max(const char *method, const char *path);

enum route_match {
    ROUTE_FOUND,
    ROUTE_NO_PATH,
    ROUTE_NO_METHOD,
    ROUTE_BAD_PARAM /* a route's shape, but a {param} that cannot be one */
};

/* Find the route for 'method' and 'path'; fills req->params on a match.
 * A path parameter must be 1-64 characters of A-Z a-z 0-9 . _ - and not
 * "." or "..".  On ROUTE_BAD_PARAM, req->params[0].key names the broken
 * parameter ("ref") and req->nparams is 0. */
enum route_match router_match(const char *method, const char *path,
                              struct http_req *req, const struct route **out);

#endif
