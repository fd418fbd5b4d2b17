/* SPDX-License-Identifier: MIT */
/*
 * api_search.c - GET /api/v1/search?q=&limit=&cursor=: full-text search,
 * one item per incident, newest first (docs/internals/search.md).
 */
#include "http/api.h"

#include <stdio.h>
#include <string.h>

#include "app/search.h"
#include "app/snapshot.h"
#include "json/search_json.h"
#include "util/mem.h"

/* The cursor is the id of the last incident of the page, in decimal. */
static bool read_cursor(const char *v, int64_t *out)
{
    long long n;

    if (!http_parse_int(v, 1, INT64_MAX >> 25, &n))
        return false;
    *out = n;
    return true;
}

void api_search(struct http_req *req, struct http_resp *resp)
{
    struct search_query q;
    struct search_hits hits = {0};
    struct kz_problems p;
    const char *why = NULL;
    int64_t before = 0;
    long long limit = SEARCH_LIMIT_DEFAULT;

    kz_problems_clear(&p);
    search_query_init(&q);
    /* Only the route's keys, in UTF-8, reach here (server.c). */
    const char *v = http_query(req, "q");
    if (v == NULL)
        kz_problems_add(&p, "q", "v.required");
    else if (search_query_parse(v, &q, &why) != KZ_OK)
        kz_problems_add(&p, "q", why);
    v = http_query(req, "limit");
    if (v != NULL && !http_parse_int(v, 1, SEARCH_LIMIT_MAX, &limit))
        kz_problems_add(&p, "limit", "v.limit");
    v = http_query(req, "cursor");
    if (v != NULL && !read_cursor(v, &before))
        kz_problems_add(&p, "cursor", "v.cursor");
    if (p.n > 0) {
        search_query_cleanup(&q);
        http_error(req, resp, KZ_EINVAL, NULL, &p);
        return;
    }
    /* One more than asked tells whether another page follows; one read
     * transaction for the page and its snippets. */
    bool snap = app_snapshot_begin(req->store);
    enum kz_err err =
        app_search(req->store, &req->ctx, &q, (int)limit + 1, before, &hits);
    app_snapshot_end(req->store, snap);
    search_query_cleanup(&q);
    if (err != KZ_OK) {
        http_error(req, resp, err, NULL, NULL);
        return;
    }
    json_t *items = json_array();
    for (size_t i = 0; i < hits.n && i < (size_t)limit; i++)
        json_array_append_new(items, search_hit_to_json(&hits.items[i]));
    json_t *next = json_null();
    if (hits.n > (size_t)limit) {
        char cur[32];
        snprintf(cur, sizeof(cur), "%lld",
                 (long long)hits.items[limit - 1].inc.id);
        next = json_string(cur);
    }
    search_hits_cleanup(&hits);
    http_json(resp, 200,
              json_pack("{s:o, s:o}", "items", items, "next_cursor", next));
}
