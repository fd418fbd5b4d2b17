/* SPDX-License-Identifier: MIT */
/*
 * assets.h - the web UI, compiled into the binary from web/ (SPEC §6),
 * served with an ETag and a strict Content-Security-Policy.
 */
#ifndef KZ_HTTP_ASSETS_H
#define KZ_HTTP_ASSETS_H

#include "http/http.h"

/* Answer a GET or HEAD for a path outside the API: the file, 304 when the
 * client's copy is current, index.html for the UI's own routes, or 404. */
void assets_serve(struct http_req *req, struct http_resp *resp);
/* The Content-Security-Policy sent with every page. */
extern const char assets_csp[];

#endif
