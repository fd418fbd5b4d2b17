/* SPDX-License-Identifier: MIT */
/*
 * api_obs.c - observables (indicators) of incidents.
 *
 *   GET    /api/v1/incidents/{ref}/observables          who may read it
 *   POST   /api/v1/incidents/{ref}/observables          {"type","value",
 *          "tlp","ioc","sighted","note"} or {"items":[…]}; 201
 *   PATCH  /api/v1/incidents/{ref}/observables/{id}     tlp, ioc, sighted,
 *          note; 200
 *   DELETE /api/v1/incidents/{ref}/observables/{id}     204
 *   POST   /api/v1/incidents/{ref}/observables/extract  {"text"}: candidates,
 *          nothing stored
 *   GET    /api/v1/incidents/{ref}/related              related by shared
 *          observables
 *   GET    /api/v1/observables?type=&value=&limit=      where a value was
 *          seen
 *
 * A value that does not parse as its type is 422 and a repeat on one
 * incident 409; both name the field, and the error object also carries
 * the offending "type" and "value" (and "index" in a batch).
 */
#include <string.h>

#include "app/observables.h"
#include "http/api.h"
#include "json/observable_json.h"
#include "util/mem.h"

/* Pasted text larger than this is not a header block or an excerpt. */
#define EXTRACT_TEXT_MAX (256u * 1024u)
/* Incidents listed where a value was seen, by default and at most. */
#define FIND_LIMIT_DEFAULT 100
#define FIND_LIMIT_MAX 1000

void api_obs_list(struct http_req *req, struct http_resp *resp)
{
    struct obs_list l = {0};
    const char *ref = http_path_ref(req, resp);

    if (ref == NULL)
        return;
    enum kz_err err = app_obs_list(req->store, &req->ctx, ref, &l);
    if (err != KZ_OK) {
        http_error(req, resp, err, NULL, NULL);
        return;
    }
    json_t *a = json_array();
    for (size_t i = 0; i < l.n; i++)
        json_array_append_new(a, observable_to_json(&l.items[i]));
    obs_list_cleanup(&l);
    http_json(resp, 200, json_pack("{s:s, s:o}", "ref", ref, "items", a));
}

struct obs_job {
    const struct app_ctx *ctx;
    const char *ref;
    const struct obs_input *in;
    size_t n;
    unsigned flags;
    struct obs_list *out;
    size_t bad;
    struct kz_problems *p;
    /* PATCH and DELETE */
    int64_t id;
    const struct obs_change *change;
    struct observable *changed;
};

static enum kz_err run_add(struct store *s, void *arg)
{
    struct obs_job *j = arg;

    return app_obs_add(s, j->ctx, j->ref, j->in, j->n, j->flags, j->out,
                       &j->bad, j->p);
}

static enum kz_err run_update(struct store *s, void *arg)
{
    struct obs_job *j = arg;

    return app_obs_update(s, j->ctx, j->ref, j->id, j->change, j->changed,
                          j->p);
}

static enum kz_err run_remove(struct store *s, void *arg)
{
    struct obs_job *j = arg;

    return app_obs_remove(s, j->ctx, j->ref, j->id);
}

/* Add the offending input's "type" and "value" (and its "index" in a
 * batch) to the error object already in 'resp'. */
static void name_offender(struct http_resp *resp, const struct obs_input *in,
                          bool batch, size_t index)
{
    json_t *e = json_object_get(resp->json, "error");

    if (e == NULL)
        return;
    if (in->type != NULL)
        json_object_set_new(e, "type", json_string(in->type));
    if (in->value != NULL)
        json_object_set_new(e, "value", json_string(in->value));
    if (batch)
        json_object_set_new(e, "index", json_integer((json_int_t)index));
}

void api_obs_create(struct http_req *req, struct http_resp *resp)
{
    static const char *const keys[] = {"type",    "value", "tlp",   "ioc",
                                       "sighted", "note",  "items", NULL};
    struct kz_problems p;
    struct obs_input *in = NULL;
    size_t n = 0;
    long first = -1; /* the first input that does not read */
    json_t *body = NULL;
    const char *ref = http_path_ref(req, resp);

    if (ref == NULL || !http_body_keys(req, resp, keys, &body))
        return;
    kz_problems_clear(&p);
    json_t *items = json_object_get(body, "items");
    bool batch = items != NULL;
    if (batch && json_object_size(body) != 1) {
        kz_problems_add(&p, "items", "obs.items_alone");
    } else if (batch && !json_is_array(items)) {
        kz_problems_add(&p, "items", "v.type_array");
    } else if (batch && json_array_size(items) > OBS_BATCH_MAX) {
        kz_problems_add_count(&p, "items", "v.too_many",
                              (long long)json_array_size(items));
    } else if (batch && json_array_size(items) == 0) {
        kz_problems_add(&p, "items", "v.required");
    } else {
        n = batch ? json_array_size(items) : 1;
        in = xcalloc(n, sizeof(*in));
        for (size_t i = 0; i < n; i++) {
            const json_t *o = batch ? json_array_get(items, i) : body;
            if (!obs_input_from_json(o, batch, i, &in[i], &p) && first < 0)
                first = (long)i;
        }
    }
    if (p.n > 0) {
        http_error(req, resp, KZ_EINVAL, first >= 0 ? "obs.invalid" : NULL, &p);
        /* The first offender is named beside the fields. */
        if (first >= 0)
            name_offender(resp, &in[first], batch, (size_t)first);
        xfree(in);
        json_decref(body);
        return;
    }
    struct obs_list out = {0};
    struct obs_job j = {&req->ctx, ref, in, n, batch ? OBS_ADD_BATCH : 0,
                        &out,      0,   &p, 0, NULL,
                        NULL};
    enum kz_err err = writer_run(req->writer, run_add, &j);
    if (err == KZ_OK && batch) {
        json_t *a = json_array();
        for (size_t i = 0; i < out.n; i++)
            json_array_append_new(a, observable_to_json(&out.items[i]));
        http_json(resp, 201, json_pack("{s:s, s:o}", "ref", ref, "items", a));
    } else if (err == KZ_OK) {
        http_json(resp, 201, observable_to_json(&out.items[0]));
    } else if ((err == KZ_EINVAL || err == KZ_ECONFLICT) && p.n > 0) {
        http_error(req, resp, err,
                   err == KZ_ECONFLICT ? "obs.exists" : "obs.invalid", &p);
        if (j.bad < n)
            name_offender(resp, &in[j.bad], batch, j.bad);
    } else {
        http_error(req, resp, err, NULL, p.n ? &p : NULL);
    }
    obs_list_cleanup(&out);
    xfree(in);
    json_decref(body);
}

void api_obs_patch(struct http_req *req, struct http_resp *resp)
{
    static const char *const keys[] = {"tlp", "ioc", "sighted", "note", NULL};
    struct kz_problems p;
    struct obs_change c = {0};
    json_t *body = NULL;
    const char *ref = http_path_ref(req, resp);
    int64_t id = ref ? http_path_id(req, resp) : 0;

    if (id == 0 || !http_body_keys(req, resp, keys, &body))
        return;
    kz_problems_clear(&p);
    json_t *v = json_object_get(body, "tlp");
    if (v != NULL) {
        c.set_tlp = true;
        c.tlp = json_string_value(v);
        if (!json_is_string(v))
            kz_problems_add(&p, "tlp", "obs.tlp");
    }
    static const char *const flags[] = {"ioc", "sighted"};
    for (int i = 0; i < 2; i++) {
        v = json_object_get(body, flags[i]);
        if (v == NULL)
            continue;
        if (!json_is_boolean(v))
            kz_problems_add(&p, flags[i], "v.type_boolean");
        if (i == 0) {
            c.set_ioc = true;
            c.ioc = json_is_true(v);
        } else {
            c.set_sighted = true;
            c.sighted = json_is_true(v);
        }
    }
    v = json_object_get(body, "note");
    if (v != NULL) {
        c.set_note = true;
        c.note = json_string_value(v);
        if (!json_is_string(v) && !json_is_null(v))
            kz_problems_add(&p, "note", "v.type_string");
    }
    if (p.n > 0) {
        http_error(req, resp, KZ_EINVAL, NULL, &p);
        json_decref(body);
        return;
    }
    struct observable o;
    observable_init(&o);
    struct obs_job j = {&req->ctx, ref, NULL, 0, 0, NULL, 0, &p, id, &c, &o};
    enum kz_err err = writer_run(req->writer, run_update, &j);
    if (err == KZ_OK)
        http_json(resp, 200, observable_to_json(&o));
    else
        http_error(req, resp, err, NULL, p.n ? &p : NULL);
    observable_cleanup(&o);
    json_decref(body);
}

void api_obs_delete(struct http_req *req, struct http_resp *resp)
{
    const char *ref = http_path_ref(req, resp);
    int64_t id = ref ? http_path_id(req, resp) : 0;

    if (id == 0)
        return;
    struct obs_job j = {&req->ctx, ref,  NULL, 0,    0,   NULL,
                        0,         NULL, id,   NULL, NULL};
    enum kz_err err = writer_run(req->writer, run_remove, &j);
    if (err == KZ_OK)
        resp->status = 204;
    else
        http_error(req, resp, err, NULL, NULL);
}

void api_obs_extract(struct http_req *req, struct http_resp *resp)
{
    static const char *const keys[] = {"text", NULL};
    struct kz_problems p;
    struct obs_found_list l = {0};
    json_t *body = NULL;
    const char *ref = http_path_ref(req, resp);

    if (ref == NULL || !http_body_keys(req, resp, keys, &body))
        return;
    kz_problems_clear(&p);
    json_t *text = json_object_get(body, "text");
    if (text == NULL)
        kz_problems_add(&p, "text", "v.required");
    else if (!json_is_string(text))
        kz_problems_add(&p, "text", "v.type_string");
    else if (json_string_length(text) > EXTRACT_TEXT_MAX)
        kz_problems_add_count(&p, "text", "v.too_long",
                              (long long)json_string_length(text));
    if (p.n > 0) {
        http_error(req, resp, KZ_EINVAL, NULL, &p);
        json_decref(body);
        return;
    }
    enum kz_err err = app_obs_extract(req->store, &req->ctx, ref,
                                      json_string_value(text), &l);
    json_decref(body);
    if (err != KZ_OK) {
        http_error(req, resp, err, NULL, NULL);
        return;
    }
    json_t *a = json_array();
    for (size_t i = 0; i < l.n; i++)
        json_array_append_new(a, obs_candidate_to_json(&l.items[i].c,
                                                       l.items[i].known,
                                                       l.items[i].seen_in));
    obs_found_list_cleanup(&l);
    http_json(resp, 200, json_pack("{s:s, s:o}", "ref", ref, "items", a));
}

void api_obs_related(struct http_req *req, struct http_resp *resp)
{
    struct obs_related_list l = {0};
    const char *ref = http_path_ref(req, resp);

    if (ref == NULL)
        return;
    enum kz_err err = app_obs_related(req->store, &req->ctx, ref, &l);
    if (err != KZ_OK) {
        http_error(req, resp, err, NULL, NULL);
        return;
    }
    json_t *a = json_array();
    for (size_t i = 0; i < l.n; i++) {
        const struct obs_related *r = &l.items[i];
        json_array_append_new(a, obs_related_to_json(r->ref, r->title, r->phase,
                                                     r->shared.items,
                                                     r->shared.n));
    }
    obs_related_list_cleanup(&l);
    http_json(resp, 200, json_pack("{s:s, s:o}", "ref", ref, "items", a));
}

void api_obs_find(struct http_req *req, struct http_resp *resp)
{
    struct kz_problems p;
    struct obs_hit_list l = {0};
    const char *type = http_query(req, "type");
    const char *value = http_query(req, "value");
    const char *lim = http_query(req, "limit");
    long long limit = FIND_LIMIT_DEFAULT;

    kz_problems_clear(&p);
    if (type == NULL)
        kz_problems_add(&p, "type", "v.required");
    if (value == NULL)
        kz_problems_add(&p, "value", "v.required");
    if (lim != NULL && !http_parse_int(lim, 1, FIND_LIMIT_MAX, &limit))
        kz_problems_add(&p, "limit", "v.limit");
    enum kz_err err = p.n > 0 ? KZ_EINVAL
                              : app_obs_find(req->store, &req->ctx, type, value,
                                             (int)limit, &l, &p);
    if (err != KZ_OK) {
        http_error(req, resp, err, err == KZ_EINVAL ? "obs.invalid" : NULL,
                   p.n ? &p : NULL);
        if (err == KZ_EINVAL) {
            struct obs_input in = {type, value, NULL, false, false, NULL};
            name_offender(resp, &in, false, 0);
        }
        return;
    }
    json_t *a = json_array();
    for (size_t i = 0; i < l.n; i++) {
        const struct obs_hit *h = &l.items[i];
        json_array_append_new(a, obs_hit_to_json(h->ref, h->title, h->phase,
                                                 h->discovered_at, &h->obs));
    }
    /* The value as compared, so that a caller sees what was looked for. */
    const char *norm = l.n > 0 ? l.items[0].obs.value : NULL;
    char *v = NULL;
    char *d = NULL;
    const char *why = NULL;
    enum obs_type t = OBS_OTHER;
    if (norm == NULL && obs_type_from_key(type, &t) &&
        obs_normalise(t, value, &v, &d, &why) == KZ_OK)
        norm = v;
    http_json(resp, 200,
              json_pack("{s:s, s:s, s:o}", "type", type, "value",
                        norm ? norm : value, "items", a));
    xfree(v);
    xfree(d);
    obs_hit_list_cleanup(&l);
}
