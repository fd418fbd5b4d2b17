/* SPDX-License-Identifier: MIT */
/*
 * api_evidence.c - evidence and its chain of custody (issue 10 item 1).
 *
 *   GET  /api/v1/incidents/{ref}/evidence   who may read the incident
 *   POST /api/v1/incidents/{ref}/evidence   who may change it: a file as
 *        application/octet-stream (X-Filename, X-Description,
 *        X-Acquired-At, X-Acquired-By, X-Location; percent-encoded) or
 *        multipart/form-data ("file" and the same fields), streamed by
 *        server.c; or JSON {"name","description","location",
 *        "acquired_at","acquired_by"} for an item without content; 201
 *   GET  /api/v1/evidence/{id}              the item and its custody
 *   GET  /api/v1/evidence/{id}/content      the bytes, re-hashed first
 *   GET  /api/v1/evidence/{id}/custody      its custody events
 *   POST /api/v1/evidence/{id}/custody      {"action","from","to","at",
 *                                            "location","reason"}; 201
 *
 * An item of an incident the caller may not see is 404 on every route,
 * exactly as if it did not exist.
 */
#include <stdio.h>
#include <string.h>

#include "app/evidence.h"
#include "http/api.h"
#include "http/server.h"
#include "json/evidence_json.h"
#include "util/mem.h"

void api_evidence_list(struct http_req *req, struct http_resp *resp)
{
    struct evidence_list l = {0};
    const char *ref = http_path_ref(req, resp);

    if (ref == NULL)
        return;
    enum kz_err err = app_evidence_list(req->store, &req->ctx, ref, &l);
    if (err != KZ_OK) {
        http_error(req, resp, err, NULL, NULL);
        return;
    }
    json_t *a = json_array();
    for (size_t i = 0; i < l.n; i++)
        json_array_append_new(a, evidence_to_json(&l.items[i]));
    evidence_list_cleanup(&l);
    http_json(resp, 200, json_pack("{s:s, s:o}", "ref", ref, "items", a));
}

struct add_job {
    const struct app_ctx *ctx;
    const char *ref;
    const struct evidence_input *in;
    const struct blob_info *info; /* NULL: no content */
    struct evidence *out;
    struct kz_problems *p;
};

static enum kz_err run_add(struct store *s, void *arg)
{
    struct add_job *j = arg;

    return app_evidence_add_stored(s, j->ctx, j->ref, j->in, j->info, j->out,
                                   j->p);
}

/* Run the add and answer 201 with the item, or the error. */
static void add_and_answer(struct http_req *req, struct http_resp *resp,
                           const char *ref, const struct evidence_input *in,
                           const struct blob_info *info, struct kz_problems *p)
{
    struct evidence ev;

    evidence_init(&ev);
    struct add_job j = {&req->ctx, ref, in, info, &ev, p};
    enum kz_err err = writer_run(req->writer, run_add, &j);
    if (err == KZ_OK)
        http_json(resp, 201, evidence_to_json(&ev));
    else
        http_error(req, resp, err, NULL, p->n ? p : NULL);
    evidence_cleanup(&ev);
}

/* An item without content, from a JSON body. */
static void create_without_content(struct http_req *req, struct http_resp *resp,
                                   const char *ref)
{
    static const char *const keys[] = {"name",        "description", "location",
                                       "acquired_at", "acquired_by", NULL};
    struct kz_problems p;
    struct evidence_input in = {0};
    json_t *body = NULL;

    if (!http_body_keys(req, resp, keys, &body))
        return;
    kz_problems_clear(&p);
    const char **slots[] = {&in.name,        &in.description, &in.location,
                            &in.acquired_at, &in.acquired_by, NULL};
    for (size_t i = 0; keys[i] != NULL; i++) {
        json_t *v = json_object_get(body, keys[i]);
        if (v != NULL && !json_is_string(v) && !json_is_null(v))
            kz_problems_add(&p, keys[i], "v.type_string");
        else if (json_is_string(v))
            *slots[i] = json_string_value(v);
    }
    if (p.n > 0)
        http_error(req, resp, KZ_EINVAL, NULL, &p);
    else
        add_and_answer(req, resp, ref, &in, NULL, &p);
    json_decref(body);
}

/* Percent-decode header value 'raw' of 'field' (OUT: *out, caller frees;
 * NULL when absent).  False after noting a problem. */
static bool decode(const char *raw, const char *field, char **out,
                   struct kz_problems *p)
{
    *out = NULL;
    if (raw == NULL)
        return true;
    size_t n = strlen(raw) + 1;
    char *v = xmalloc(n);
    if (!evidence_pct_decode(raw, v, n)) {
        xfree(v);
        kz_problems_add(p, field, "ev.header");
        return false;
    }
    *out = v;
    return true;
}

/* A file streamed by server.c into req->upload. */
static void create_uploaded(struct http_req *req, struct http_resp *resp,
                            const char *ref)
{
    struct http_upload *u = req->upload;
    struct kz_problems p;
    struct evidence_input in = {0};
    struct blob_info info;
    char *name = NULL;
    char *description = NULL;
    char *acquired_at = NULL;
    char *acquired_by = NULL;
    char *location = NULL;

    kz_problems_clear(&p);
    if (u->err != KZ_OK) {
        blob_abort(u->blob);
        u->blob = NULL;
        http_error(req, resp, u->err, NULL, NULL);
        return;
    }
    if (u->bad_field)
        kz_problems_add(&p, "form", "v.unknown_field");
    if (!u->has_file || u->extra_file)
        kz_problems_add(&p, "file", "ev.no_file");
    if (u->encoded) {
        (void)(decode(u->name, "X-Filename", &name, &p) &&
               decode(u->description, "X-Description", &description, &p) &&
               decode(u->acquired_at, "X-Acquired-At", &acquired_at, &p) &&
               decode(u->acquired_by, "X-Acquired-By", &acquired_by, &p) &&
               decode(u->location, "X-Location", &location, &p));
        in = (struct evidence_input){name, description, location, acquired_at,
                                     acquired_by};
    } else {
        in = (struct evidence_input){u->name, u->description, u->location,
                                     u->acquired_at, u->acquired_by};
    }
    if (p.n == 0 && app_evidence_check(&in, req->ctx.now, &p) != KZ_OK &&
        p.n == 0)
        kz_problems_add(&p, "", "err.invalid");
    if (p.n > 0) {
        /* The file goes before the answer does. */
        blob_abort(u->blob);
        u->blob = NULL;
        http_error(req, resp, KZ_EINVAL, NULL, &p);
    } else {
        /* fsync and rename here, on a handler thread: the file is in
         * place before the row that names it commits. */
        enum kz_err err = blob_finish(u->blob, &info);
        u->blob = NULL;
        if (err != KZ_OK)
            http_error(req, resp, err, NULL, NULL);
        else
            add_and_answer(req, resp, ref, &in, &info, &p);
    }
    xfree(name);
    xfree(description);
    xfree(acquired_at);
    xfree(acquired_by);
    xfree(location);
}

void api_evidence_create(struct http_req *req, struct http_resp *resp)
{
    const char *ref = http_path_ref(req, resp);

    if (ref == NULL)
        return;
    if (req->upload != NULL) {
        create_uploaded(req, resp, ref);
        return;
    }
    if (req->content_type != NULL &&
        strncmp(req->content_type, "application/json", 16) == 0) {
        create_without_content(req, resp, ref);
        return;
    }
    http_error(req, resp, KZ_EMEDIA, "ev.upload_type", NULL);
}

/* The item answered as JSON with its custody events. */
static json_t *item_json(const struct evidence *ev,
                         const struct custody_list *events)
{
    json_t *o = evidence_to_json(ev);
    json_t *a = json_array();

    for (size_t i = 0; i < events->n; i++)
        json_array_append_new(a, custody_event_to_json(&events->items[i]));
    json_object_set_new(o, "custody", a);
    return o;
}

void api_evidence_get(struct http_req *req, struct http_resp *resp)
{
    struct evidence ev;
    struct custody_list events = {0};
    int64_t id = http_path_id(req, resp);

    if (id == 0)
        return;
    evidence_init(&ev);
    enum kz_err err = app_evidence_get(req->store, &req->ctx, id, &ev, &events);
    if (err == KZ_OK)
        http_json(resp, 200, item_json(&ev, &events));
    else
        http_error(req, resp, err, NULL, NULL);
    custody_list_cleanup(&events);
    evidence_cleanup(&ev);
}

/* Content-Disposition for 'name' (RFC 6266): an ASCII fallback for old
 * clients and the UTF-8 name percent-encoded (RFC 5987). */
static char *disposition(const char *name)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t n = strlen(name);
    char *out = xmalloc(n * 4 + 64);
    size_t w = (size_t)snprintf(out, 32, "attachment; filename=\"");

    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)name[i];
        out[w++] = c < 0x20 || c > 0x7E || c == '"' || c == '\\' || c == '%'
                       ? '_'
                       : (char)c;
    }
    w += (size_t)snprintf(out + w, 32, "\"; filename*=UTF-8''");
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)name[i];
        /* RFC 5987 attr-char: ALPHA DIGIT and !#$&+-.^_`|~ */
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
            (c >= '0' && c <= '9') || strchr("!#$&+-.^_`|~", c) != NULL) {
            out[w++] = (char)c;
        } else {
            out[w++] = '%';
            out[w++] = hex[c >> 4];
            out[w++] = hex[c & 15];
        }
    }
    out[w] = '\0';
    return out;
}

void api_evidence_content(struct http_req *req, struct http_resp *resp)
{
    struct evidence ev;
    const char *why = NULL;
    int fd = -1;
    int64_t id = http_path_id(req, resp);

    if (id == 0)
        return;
    evidence_init(&ev);
    enum kz_err err =
        app_evidence_open(req->store, &req->ctx, server_evidence_dir(req->srv),
                          id, &ev, &fd, &why);
    if (err != KZ_OK) {
        http_error(req, resp, err, why, NULL);
        evidence_cleanup(&ev);
        return;
    }
    /* Never rendered by the browser, whatever the bytes are: a download,
     * of no type it could sniff, in a sandbox if opened anyway. */
    char *cd = disposition(ev.name);
    resp->status = 200;
    resp->has_fd = true;
    resp->fd = fd;
    resp->fd_size = (uint64_t)ev.size;
    resp->content_type = "application/octet-stream";
    http_header(resp, "Content-Disposition", cd);
    http_header(resp, "Content-Security-Policy", "sandbox");
    http_header(resp, "X-Evidence-SHA256", ev.sha256);
    xfree(cd);
    evidence_cleanup(&ev);
}

void api_evidence_custody_list(struct http_req *req, struct http_resp *resp)
{
    struct evidence ev;
    struct custody_list events = {0};
    int64_t id = http_path_id(req, resp);

    if (id == 0)
        return;
    evidence_init(&ev);
    enum kz_err err = app_evidence_get(req->store, &req->ctx, id, &ev, &events);
    if (err == KZ_OK) {
        json_t *a = json_array();
        for (size_t i = 0; i < events.n; i++)
            json_array_append_new(a, custody_event_to_json(&events.items[i]));
        http_json(resp, 200,
                  json_pack("{s:I, s:s, s:o}", "evidence", (json_int_t)id,
                            "state", evidence_state_key(ev.state), "items", a));
    } else {
        http_error(req, resp, err, NULL, NULL);
    }
    custody_list_cleanup(&events);
    evidence_cleanup(&ev);
}

struct custody_job {
    const struct app_ctx *ctx;
    int64_t id;
    const struct custody_input *in;
    struct custody_event *out;
    struct kz_problems *p;
};

static enum kz_err run_custody(struct store *s, void *arg)
{
    struct custody_job *j = arg;

    return app_evidence_custody_add(s, j->ctx, j->id, j->in, j->out, j->p);
}

void api_evidence_custody_add(struct http_req *req, struct http_resp *resp)
{
    static const char *const keys[] = {"action",   "from",   "to", "at",
                                       "location", "reason", NULL};
    struct kz_problems p;
    struct custody_input in = {0};
    struct custody_event e;
    json_t *body = NULL;
    int64_t id = http_path_id(req, resp);

    if (id == 0 || !http_body_keys(req, resp, keys, &body))
        return;
    kz_problems_clear(&p);
    const char **slots[] = {&in.action,   &in.from,   &in.to, &in.at,
                            &in.location, &in.reason, NULL};
    for (size_t i = 0; keys[i] != NULL; i++) {
        json_t *v = json_object_get(body, keys[i]);
        if (v != NULL && !json_is_string(v) && !json_is_null(v))
            kz_problems_add(&p, keys[i], "v.type_string");
        else if (json_is_string(v))
            *slots[i] = json_string_value(v);
    }
    if (p.n > 0) {
        json_decref(body);
        http_error(req, resp, KZ_EINVAL, NULL, &p);
        return;
    }
    custody_event_init(&e);
    struct custody_job j = {&req->ctx, id, &in, &e, &p};
    enum kz_err err = writer_run(req->writer, run_custody, &j);
    json_decref(body);
    if (err == KZ_OK)
        http_json(resp, 201, custody_event_to_json(&e));
    else
        http_error(req, resp, err, NULL, p.n ? &p : NULL);
    custody_event_cleanup(&e);
}
