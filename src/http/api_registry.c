/* SPDX-License-Identifier: MIT */
/*
 * api_registry.c - the configuration records of the response engine.
 *
 *   GET    /api/v1/assets                    handler, commander,
 *   POST   /api/v1/assets                    communicator, auditor, admin
 *   GET    /api/v1/assets/{id}               read; commander and admin
 *   PATCH  /api/v1/assets/{id}               change (If-Match optional)
 *   DELETE /api/v1/assets/{id}
 *   … the same for /api/v1/contacts (with ?stale=true and a "stale" flag)
 *   and /api/v1/convocation-rules
 *   GET    /api/v1/playbooks                 every category: custom or not
 *   GET    /api/v1/playbooks/{category}
 *   PUT    /api/v1/playbooks/{category}      {"steps":[…]}
 *   DELETE /api/v1/playbooks/{category}      back to kizuki's default
 *   GET    /api/v1/settings                  admin
 *   PATCH  /api/v1/settings                  admin
 */
#include <stdlib.h>
#include <string.h>

#include "app/guard.h"
#include "app/registry.h"
#include "app/settings.h"
#include "core/taxonomy.h"
#include "http/api.h"
#include "json/response_json.h"
#include "json/settings_json.h"
#include "util/mem.h"

static int contact_stale_days(struct http_req *req)
{
    return app_setting_int(req->store, "contact_stale_days",
                           CONTACT_STALE_DAYS_DEFAULT);
}

/* A record as the API shows it. */
static json_t *shown(struct http_req *req, const struct registry_type *t,
                     const void *rec, int stale_days)
{
    if (t == &registry_contact) {
        const struct contact *c = rec;
        json_t *j = contact_to_json(c, false);
        json_object_set_new(
            j, "stale",
            json_boolean(contact_is_stale(c, req->ctx.now, stale_days)));
        return j;
    }
    return t->to_json(rec);
}

static void reg_list(struct http_req *req, struct http_resp *resp,
                     const struct registry_type *t)
{
    void *items = NULL;
    size_t n = 0;
    const char *stale = http_query(req, "stale");
    enum kz_err err = app_registry_list(req->store, &req->ctx, t, &items, &n);

    if (err != KZ_OK) {
        http_error(req, resp, err, NULL, NULL);
        return;
    }
    int days = t == &registry_contact ? contact_stale_days(req) : 0;
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++) {
        const void *rec = (const char *)items + i * t->size;
        if (t == &registry_contact && stale != NULL &&
            strcmp(stale, "true") == 0 &&
            !contact_is_stale(rec, req->ctx.now, days))
            continue;
        json_array_append_new(a, shown(req, t, rec, days));
    }
    registry_free(t, items, n);
    http_json(resp, 200, json_pack("{s:o}", "items", a));
}

static void reg_get(struct http_req *req, struct http_resp *resp,
                    const struct registry_type *t)
{
    int64_t id = http_path_id(req, resp);
    void *rec = NULL;

    if (id == 0)
        return;
    rec = xcalloc(1, t->size);
    t->init(rec);
    enum kz_err err = app_registry_get(req->store, &req->ctx, t, id, rec);
    if (err == KZ_OK)
        http_json(resp, 200, shown(req, t, rec, contact_stale_days(req)));
    else
        http_error(req, resp, err, NULL, NULL);
    t->cleanup(rec);
    xfree(rec);
}

struct save_job {
    const struct app_ctx *ctx;
    const struct registry_type *t;
    int64_t id;
    const json_t *obj;
    int64_t if_match;
    void *out;
    struct kz_problems *p;
};

static enum kz_err run_save(struct store *s, void *arg)
{
    struct save_job *j = arg;

    return app_registry_save(s, j->ctx, j->t, j->id, j->obj, j->if_match,
                             j->out, j->p);
}

static void reg_save(struct http_req *req, struct http_resp *resp,
                     const struct registry_type *t, int64_t id)
{
    struct kz_problems p;
    json_t *body = NULL;
    void *rec;

    int64_t version;
    if (!http_if_match(req, resp, &version) ||
        !http_body_object(req, resp, &body))
        return;
    kz_problems_clear(&p);
    rec = xcalloc(1, t->size);
    t->init(rec);
    struct save_job j = {&req->ctx, t, id, body, version, rec, &p};
    enum kz_err err = writer_run(req->writer, run_save, &j);
    json_decref(body);
    if (err == KZ_OK)
        http_json(resp, id ? 200 : 201,
                  shown(req, t, rec, contact_stale_days(req)));
    else
        http_error(req, resp, err, NULL, p.n ? &p : NULL);
    t->cleanup(rec);
    xfree(rec);
}

struct delete_job {
    const struct app_ctx *ctx;
    const struct registry_type *t;
    int64_t id;
};

static enum kz_err run_delete(struct store *s, void *arg)
{
    struct delete_job *j = arg;

    return app_registry_delete(s, j->ctx, j->t, j->id);
}

static void reg_delete(struct http_req *req, struct http_resp *resp,
                       const struct registry_type *t)
{
    int64_t id = http_path_id(req, resp);

    if (id == 0)
        return;
    struct delete_job j = {&req->ctx, t, id};
    enum kz_err err = writer_run(req->writer, run_delete, &j);
    if (err == KZ_OK)
        resp->status = 204;
    else
        http_error(req, resp, err, err == KZ_ECONFLICT ? "err.in_use" : NULL,
                   NULL);
}

#define REGISTRY_HANDLERS(name, type)                                          \
    void api_##name##_list(struct http_req *req, struct http_resp *resp)       \
    {                                                                          \
        reg_list(req, resp, &(type));                                          \
    }                                                                          \
    void api_##name##_get(struct http_req *req, struct http_resp *resp)        \
    {                                                                          \
        reg_get(req, resp, &(type));                                           \
    }                                                                          \
    void api_##name##_create(struct http_req *req, struct http_resp *resp)     \
    {                                                                          \
        reg_save(req, resp, &(type), 0);                                       \
    }                                                                          \
    void api_##name##_patch(struct http_req *req, struct http_resp *resp)      \
    {                                                                          \
        int64_t id = http_path_id(req, resp);                                  \
        if (id != 0)                                                           \
            reg_save(req, resp, &(type), id);                                  \
    }                                                                          \
    void api_##name##_delete(struct http_req *req, struct http_resp *resp)     \
    {                                                                          \
        reg_delete(req, resp, &(type));                                        \
    }

REGISTRY_HANDLERS(asset, registry_asset)
REGISTRY_HANDLERS(contact, registry_contact)
REGISTRY_HANDLERS(rule, registry_rule)

void api_playbook_list(struct http_req *req, struct http_resp *resp)
{
    json_t *a = json_array();

    if (access_check(&req->ctx.actor, ACT_CONFIG_READ, NULL) != ACCESS_ALLOW) {
        json_decref(a);
        http_error(req, resp, KZ_EFORBID, NULL, NULL);
        return;
    }
    for (size_t i = 0; i < taxonomy_category.count; i++) {
        const char *key = taxonomy_category.entries[i].key;
        struct playbook pb;
        bool custom = false;
        playbook_init(&pb);
        if (app_playbook_get(req->store, key, &pb, &custom) == KZ_OK)
            json_array_append_new(
                a, json_pack("{s:s, s:s, s:b, s:i}", "category", key, "label",
                             taxonomy_entry_label(&taxonomy_category.entries[i],
                                                  req->lang),
                             "custom", custom, "steps", (int)pb.n));
        playbook_cleanup(&pb);
    }
    http_json(resp, 200, json_pack("{s:o}", "items", a));
}

void api_playbook_get(struct http_req *req, struct http_resp *resp)
{
    const char *category = http_param(req, "category");
    struct playbook pb;
    bool custom = false;

    if (access_check(&req->ctx.actor, ACT_CONFIG_READ, NULL) != ACCESS_ALLOW) {
        http_error(req, resp, KZ_EFORBID, NULL, NULL);
        return;
    }
    playbook_init(&pb);
    enum kz_err err = app_playbook_get(req->store, category, &pb, &custom);
    if (err == KZ_OK) {
        json_t *j = playbook_to_json(&pb);
        json_object_set_new(j, "custom", json_boolean(custom));
        http_json(resp, 200, j);
    } else {
        http_error(req, resp, err, NULL, NULL);
    }
    playbook_cleanup(&pb);
}

struct playbook_job {
    const struct app_ctx *ctx;
    const char *category;
    const json_t *obj; /* NULL: reset */
    struct playbook *out;
    struct kz_problems *p;
};

static enum kz_err run_playbook(struct store *s, void *arg)
{
    struct playbook_job *j = arg;

    if (j->obj == NULL)
        return app_playbook_reset(s, j->ctx, j->category);
    return app_playbook_put(s, j->ctx, j->category, j->obj, j->out, j->p);
}

void api_playbook_put(struct http_req *req, struct http_resp *resp)
{
    const char *category = http_param(req, "category");
    struct kz_problems p;
    struct playbook pb;
    json_t *body = NULL;

    if (!taxonomy_has(&taxonomy_category, category)) {
        http_error(req, resp, KZ_ENOTFOUND, NULL, NULL);
        return;
    }
    if (!http_body_object(req, resp, &body))
        return;
    kz_problems_clear(&p);
    playbook_init(&pb);
    struct playbook_job j = {&req->ctx, category, body, &pb, &p};
    enum kz_err err = writer_run(req->writer, run_playbook, &j);
    json_decref(body);
    if (err == KZ_OK) {
        json_t *out = playbook_to_json(&pb);
        json_object_set_new(out, "custom", json_true());
        http_json(resp, 200, out);
    } else {
        http_error(req, resp, err, NULL, p.n ? &p : NULL);
    }
    playbook_cleanup(&pb);
}

void api_playbook_reset(struct http_req *req, struct http_resp *resp)
{
    const char *category = http_param(req, "category");

    if (!taxonomy_has(&taxonomy_category, category)) {
        http_error(req, resp, KZ_ENOTFOUND, NULL, NULL);
        return;
    }
    struct playbook_job j = {&req->ctx, category, NULL, NULL, NULL};
    enum kz_err err = writer_run(req->writer, run_playbook, &j);
    if (err == KZ_OK)
        resp->status = 204;
    else
        http_error(req, resp, err, NULL, NULL);
}

void api_settings_get(struct http_req *req, struct http_resp *resp)
{
    struct settings all;

    settings_init(&all);
    enum kz_err err = app_settings_get(req->store, &req->ctx, &all);
    if (err == KZ_OK)
        http_json(resp, 200, settings_to_json(&all));
    else
        http_error(req, resp, err, NULL, NULL);
    settings_cleanup(&all);
}

struct settings_job {
    const struct app_ctx *ctx;
    const struct settings *patch;
    struct kz_problems *p;
};

static enum kz_err run_settings(struct store *s, void *arg)
{
    struct settings_job *j = arg;

    return app_settings_patch(s, j->ctx, j->patch, j->p);
}

void api_settings_patch(struct http_req *req, struct http_resp *resp)
{
    struct kz_problems p;
    struct settings patch;
    json_t *body = NULL;

    if (!http_body_object(req, resp, &body))
        return;
    kz_problems_clear(&p);
    settings_init(&patch);
    /* Who may not change them learns nothing of the rules first. */
    enum kz_err err = app_allowed(&req->ctx, ACT_SETTINGS, NULL);
    if (err == KZ_OK)
        err = settings_from_json(body, &patch, &p);
    json_decref(body);
    if (err == KZ_OK) {
        struct settings_job j = {&req->ctx, &patch, &p};
        err = writer_run(req->writer, run_settings, &j);
    }
    settings_cleanup(&patch);
    if (err != KZ_OK) {
        http_error(req, resp, err, NULL, p.n ? &p : NULL);
        return;
    }
    api_settings_get(req, resp);
}
