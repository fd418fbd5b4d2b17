/* SPDX-License-Identifier: MIT */
/*
 * api_filter.c - a person's saved list filters (issue 10 item 7).  Only
 * the owner sees and changes them; another's filter is 404.
 *
 *   GET    /api/v1/account/filters        {"items":[filter]} by name
 *   POST   /api/v1/account/filters        {"name","query","default"?}; 201
 *   PATCH  /api/v1/account/filters/{id}   any of those; 200 the filter
 *   DELETE /api/v1/account/filters/{id}   204
 *
 * "query" is the list's query string or an object of its parameters,
 * checked by the list's rules; the filter is answered with the canonical
 * string and its "params".  A name already used by the same person is
 * 409.
 */
#include "app/saved_filters.h"
#include "http/api.h"
#include "json/filter_json.h"

static const char *const filter_keys[] = {"name", "query", "default", NULL};

void api_filter_list(struct http_req *req, struct http_resp *resp)
{
    struct saved_filter_list l = {0};
    enum kz_err err = app_filter_list(req->store, &req->ctx, &l);

    if (err != KZ_OK) {
        http_error(req, resp, err, NULL, NULL);
        return;
    }
    json_t *items = json_array();
    for (size_t i = 0; i < l.n; i++)
        json_array_append_new(items, filter_to_json(&l.items[i]));
    saved_filter_list_cleanup(&l);
    http_json(resp, 200, json_pack("{s:o}", "items", items));
}

struct filter_job {
    const struct app_ctx *ctx;
    int64_t id; /* 0: create */
    bool remove;
    const struct filter_input *in;
    struct saved_filter *out;
    struct kz_problems *p;
};

static enum kz_err run_filter(struct store *s, void *arg)
{
    struct filter_job *j = arg;

    if (j->remove)
        return app_filter_delete(s, j->ctx, j->id);
    if (j->id == 0)
        return app_filter_create(s, j->ctx, j->in, j->out, j->p);
    return app_filter_update(s, j->ctx, j->id, j->in, j->out, j->p);
}

/* Create (id 0) or change a filter from the request's body. */
static void write_filter(struct http_req *req, struct http_resp *resp,
                         int64_t id)
{
    struct kz_problems p;
    struct saved_filter f;
    struct filter_input in;
    json_t *body = NULL;

    if (!http_body_keys(req, resp, filter_keys, &body))
        return;
    kz_problems_clear(&p);
    saved_filter_init(&f);
    filter_input_init(&in);
    /* Its problems are answered with the use case's, as one answer. */
    (void)filter_input_from_json(body, &in, &p);
    json_decref(body);
    struct filter_job j = {&req->ctx, id, false, &in, &f, &p};
    enum kz_err err = writer_run(req->writer, run_filter, &j);
    filter_input_cleanup(&in);
    if (err == KZ_OK)
        http_json(resp, id == 0 ? 201 : 200, filter_to_json(&f));
    else
        /* A refusal or a missing filter is answered before the body is
         * looked at: without its problems. */
        http_error(req, resp, err, NULL,
                   p.n && (err == KZ_EINVAL || err == KZ_ECONFLICT) ? &p
                                                                    : NULL);
    saved_filter_cleanup(&f);
}

void api_filter_create(struct http_req *req, struct http_resp *resp)
{
    write_filter(req, resp, 0);
}

void api_filter_patch(struct http_req *req, struct http_resp *resp)
{
    int64_t id = http_path_id(req, resp);

    if (id != 0)
        write_filter(req, resp, id);
}

void api_filter_delete(struct http_req *req, struct http_resp *resp)
{
    int64_t id = http_path_id(req, resp);

    if (id == 0)
        return;
    struct filter_job j = {&req->ctx, id, true, NULL, NULL, NULL};
    enum kz_err err = writer_run(req->writer, run_filter, &j);
    if (err == KZ_OK)
        resp->status = 204;
    else
        http_error(req, resp, err, NULL, NULL);
}
