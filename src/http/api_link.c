/* SPDX-License-Identifier: MIT */
/*
 * api_link.c - links between incidents and possible duplicates.
 *
 *   GET    /api/v1/incidents/{ref}/links        who may read the incident
 *   POST   /api/v1/incidents/{ref}/links        {"kind","ref"}; 201
 *   DELETE /api/v1/incidents/{ref}/links/{id}   a mistaken link; 204
 *   GET    /api/v1/incidents/{ref}/duplicates   possible duplicates offered
 */
#include "app/links.h"
#include "http/api.h"
#include "json/link_json.h"

void api_link_list(struct http_req *req, struct http_resp *resp)
{
    struct link_view_list l = {0};
    const char *ref = http_path_ref(req, resp);

    if (ref == NULL)
        return;
    enum kz_err err = app_link_list(req->store, &req->ctx, ref, &l);
    if (err != KZ_OK) {
        http_error(req, resp, err, NULL, NULL);
        return;
    }
    json_t *a = json_array();
    for (size_t i = 0; i < l.n; i++)
        json_array_append_new(a, link_view_to_json(&l.items[i].link,
                                                   l.items[i].outgoing,
                                                   &l.items[i].other));
    link_view_list_cleanup(&l);
    http_json(resp, 200, json_pack("{s:s, s:o}", "ref", ref, "items", a));
}

struct link_job {
    const struct app_ctx *ctx;
    const char *ref;
    const char *kind;
    const char *other;
    int64_t id; /* removal */
    struct link_view *out;
    struct kz_problems *p;
};

static enum kz_err run_link(struct store *s, void *arg)
{
    struct link_job *j = arg;

    if (j->id != 0)
        return app_link_remove(s, j->ctx, j->ref, j->id);
    return app_link_add(s, j->ctx, j->ref, j->kind, j->other, j->out, j->p);
}

void api_link_create(struct http_req *req, struct http_resp *resp)
{
    static const char *const keys[] = {"kind", "ref", NULL};
    struct kz_problems p;
    struct link_view v;
    json_t *body = NULL;
    const char *ref = http_path_ref(req, resp);

    if (ref == NULL || !http_body_keys(req, resp, keys, &body))
        return;
    kz_problems_clear(&p);
    json_t *jkind = json_object_get(body, "kind");
    json_t *jref = json_object_get(body, "ref");
    if (!json_is_string(jkind))
        kz_problems_add(&p, "kind", jkind ? "v.type_string" : "v.required");
    if (!json_is_string(jref))
        kz_problems_add(&p, "ref", jref ? "v.type_string" : "v.required");
    if (p.n > 0) {
        json_decref(body);
        http_error(req, resp, KZ_EINVAL, NULL, &p);
        return;
    }
    link_view_init(&v);
    struct link_job j = {
        &req->ctx, ref, json_string_value(jkind), json_string_value(jref), 0,
        &v,        &p};
    enum kz_err err = writer_run(req->writer, run_link, &j);
    json_decref(body);
    if (err == KZ_OK)
        http_json(resp, 201, link_view_to_json(&v.link, true, &v.other));
    else
        http_error(req, resp, err, NULL, p.n ? &p : NULL);
    link_view_cleanup(&v);
}

void api_link_delete(struct http_req *req, struct http_resp *resp)
{
    const char *ref = http_path_ref(req, resp);
    int64_t id = ref ? http_path_id(req, resp) : 0;

    if (id == 0)
        return;
    struct link_job j = {&req->ctx, ref, NULL, NULL, id, NULL, NULL};
    enum kz_err err = writer_run(req->writer, run_link, &j);
    if (err == KZ_OK)
        resp->status = 204;
    else
        http_error(req, resp, err, NULL, NULL);
}

void api_link_duplicates(struct http_req *req, struct http_resp *resp)
{
    struct dup_offer_list l = {0};
    const char *ref = http_path_ref(req, resp);

    if (ref == NULL)
        return;
    enum kz_err err = app_link_duplicates(req->store, &req->ctx, ref, &l);
    if (err != KZ_OK) {
        http_error(req, resp, err, NULL, NULL);
        return;
    }
    json_t *a = json_array();
    for (size_t i = 0; i < l.n; i++)
        json_array_append_new(
            a, dup_offer_to_json(&l.items[i].inc, l.items[i].why.dice,
                                 l.items[i].why.shared_asset,
                                 l.items[i].why.shared_observables));
    dup_offer_list_cleanup(&l);
    http_json(resp, 200, json_pack("{s:s, s:o}", "ref", ref, "items", a));
}
