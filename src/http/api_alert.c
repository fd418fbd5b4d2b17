/* SPDX-License-Identifier: MIT */
/*
 * api_alert.c - alert intake and the alert queue (issue 10 item 3).
 *
 *   POST  /api/v1/alerts           one alert or {"alerts":[…]} (≤ 10,000);
 *                                  201 {"created","updated","items"}
 *   GET   /api/v1/alerts           the queue; ?status source group
 *                                  severity limit cursor
 *   GET   /api/v1/alerts/{id}      one alert in full (raw included)
 *   PATCH /api/v1/alerts/{id}      {"status","reason"}
 *   POST  /api/v1/alerts/promote   {"alerts":[ids],"incident":ref|null}
 *
 * A batch is read and checked on the handler thread; only the writes go
 * to the writer, as one transaction, so the writer is busy only with
 * SQLite while the next batch is being parsed.
 */
#include <stdio.h>
#include <string.h>

#include "app/alerts.h"
#include "app/guard.h"
#include "http/api.h"
#include "json/alert_json.h"
#include "util/mem.h"

#define ALERT_LIST_DEFAULT 100

struct ingest_job {
    const struct app_ctx *ctx;
    struct alert *items;
    size_t n;
    size_t created;
};

static enum kz_err run_ingest(struct store *s, void *arg)
{
    struct ingest_job *j = arg;

    return app_alert_ingest(s, j->ctx, j->items, j->n, &j->created);
}

void api_alert_ingest(struct http_req *req, struct http_resp *resp)
{
    struct kz_problems p;
    json_t *body = NULL;
    struct ingest_job j = {&req->ctx, NULL, 0, 0};

    /* Refused before the body is parsed: a role that may not post
     * learns nothing from how its alerts would have been read. */
    enum kz_err err = app_allowed(&req->ctx, ACT_ALERT_INGEST, NULL);
    if (err != KZ_OK) {
        http_error(req, resp, err, NULL, NULL);
        return;
    }
    if (!http_body_object(req, resp, &body))
        return;
    kz_problems_clear(&p);
    err = alert_batch_from_json(body, req->ctx.now, &j.items, &j.n, &p);
    json_decref(body);
    if (err == KZ_OK)
        err = writer_run(req->writer, run_ingest, &j);
    if (err != KZ_OK) {
        http_error(req, resp, err, NULL, p.n ? &p : NULL);
        alert_batch_free(j.items, j.n);
        return;
    }
    resp->status = 201;
    resp->text = alert_ingest_result(j.items, j.n, j.created, &resp->len);
    resp->content_type = "application/json; charset=utf-8";
    alert_batch_free(j.items, j.n);
}

/* The queue's filters from the query; problems name the parameter. */
static void read_filter(struct http_req *req, struct alert_filter *f,
                        struct kz_problems *p)
{
    long long n;
    enum alert_status st;
    const char *v = http_query(req, "status");

    alert_filter_init(f);
    f->limit = ALERT_LIST_DEFAULT;
    if (v != NULL && alert_status_from_key(v, &st))
        f->status = (int)st;
    else if (v != NULL)
        kz_problems_add(p, "status", "v.unknown_key");
    f->source = http_query(req, "source");
    v = http_query(req, "group");
    if (v != NULL && http_parse_int(v, 1, INT64_MAX, &n))
        f->group_id = n;
    else if (v != NULL)
        kz_problems_add(p, "group", "alert.v.id");
    v = http_query(req, "severity");
    if (v != NULL && !alert_severity_is_valid(v))
        kz_problems_add(p, "severity", "alert.v.severity");
    f->severity = v;
    v = http_query(req, "limit");
    if (v != NULL && http_parse_int(v, 1, ALERT_PAGE_MAX, &n))
        f->limit = (int)n;
    else if (v != NULL)
        kz_problems_add(p, "limit", "v.limit");
    /* The cursor is the id the previous page ended at. */
    v = http_query(req, "cursor");
    if (v != NULL && http_parse_int(v, 1, INT64_MAX, &n))
        f->before_id = n;
    else if (v != NULL)
        kz_problems_add(p, "cursor", "v.cursor");
}

void api_alert_list(struct http_req *req, struct http_resp *resp)
{
    struct alert_filter f;
    struct alert_list l = {0};
    struct kz_problems p;

    kz_problems_clear(&p);
    read_filter(req, &f, &p);
    if (p.n > 0) {
        http_error(req, resp, KZ_EINVAL, NULL, &p);
        return;
    }
    int limit = f.limit;
    f.limit = limit + 1;
    enum kz_err err = app_alert_list(req->store, &req->ctx, &f, &l);
    if (err != KZ_OK) {
        http_error(req, resp, err, NULL, NULL);
        return;
    }
    json_t *items = json_array();
    for (size_t i = 0; i < l.n && i < (size_t)limit; i++)
        json_array_append_new(items, alert_to_json(&l.items[i], false, true));
    json_t *next = json_null();
    if (l.n > (size_t)limit) {
        char cur[24];
        snprintf(cur, sizeof(cur), "%lld", (long long)l.items[limit - 1].id);
        next = json_string(cur);
    }
    alert_list_cleanup(&l);
    http_json(resp, 200,
              json_pack("{s:o, s:o}", "items", items, "next_cursor", next));
}

void api_alert_get(struct http_req *req, struct http_resp *resp)
{
    struct alert a;
    int64_t id = http_path_id(req, resp);

    if (id == 0)
        return;
    alert_init(&a);
    enum kz_err err = app_alert_get(req->store, &req->ctx, id, &a);
    if (err == KZ_OK)
        http_json(resp, 200, alert_to_json(&a, true, true));
    else
        http_error(req, resp, err, NULL, NULL);
    alert_cleanup(&a);
}

struct status_job {
    const struct app_ctx *ctx;
    int64_t id;
    const char *status;
    const char *reason;
    struct alert *out;
    struct kz_problems *p;
};

static enum kz_err run_status(struct store *s, void *arg)
{
    struct status_job *j = arg;

    return app_alert_set_status(s, j->ctx, j->id, j->status, j->reason, j->out,
                                j->p);
}

void api_alert_patch(struct http_req *req, struct http_resp *resp)
{
    static const char *const keys[] = {"status", "reason", NULL};
    struct kz_problems p;
    struct alert a;
    json_t *body = NULL;
    int64_t id = http_path_id(req, resp);

    if (id == 0 || !http_body_keys(req, resp, keys, &body))
        return;
    kz_problems_clear(&p);
    json_t *js = json_object_get(body, "status");
    json_t *jr = json_object_get(body, "reason");
    if (!json_is_string(js))
        kz_problems_add(&p, "status", js ? "v.type_string" : "v.required");
    if (jr != NULL && !json_is_string(jr) && !json_is_null(jr))
        kz_problems_add(&p, "reason", "v.type_string");
    if (p.n > 0) {
        json_decref(body);
        http_error(req, resp, KZ_EINVAL, NULL, &p);
        return;
    }
    alert_init(&a);
    struct status_job j = {&req->ctx,
                           id,
                           json_string_value(js),
                           json_is_string(jr) ? json_string_value(jr) : NULL,
                           &a,
                           &p};
    enum kz_err err = writer_run(req->writer, run_status, &j);
    json_decref(body);
    if (err == KZ_OK)
        http_json(resp, 200, alert_to_json(&a, false, true));
    else
        http_error(req, resp, err,
                   err == KZ_ECONFLICT ? "alert.v.attached" : NULL,
                   p.n ? &p : NULL);
    alert_cleanup(&a);
}

struct promote_job {
    const struct app_ctx *ctx;
    const int64_t *ids;
    size_t n;
    const char *ref;
    char out[INCIDENT_REF_LEN];
    struct kz_problems *p;
};

static enum kz_err run_promote(struct store *s, void *arg)
{
    struct promote_job *j = arg;

    return app_alert_promote(s, j->ctx, j->ids, j->n, j->ref, j->out, j->p);
}

void api_alert_promote(struct http_req *req, struct http_resp *resp)
{
    static const char *const keys[] = {"alerts", "incident", NULL};
    struct kz_problems p;
    json_t *body = NULL;
    int64_t *ids = NULL;

    if (!http_body_keys(req, resp, keys, &body))
        return;
    kz_problems_clear(&p);
    json_t *ja = json_object_get(body, "alerts");
    json_t *ji = json_object_get(body, "incident");
    size_t n = json_is_array(ja) ? json_array_size(ja) : 0;
    if (!json_is_array(ja))
        kz_problems_add(&p, "alerts", ja ? "v.type_array" : "v.required");
    else if (n == 0)
        kz_problems_add(&p, "alerts", "v.required");
    else if (n > ALERT_PROMOTE_MAX)
        kz_problems_add_count(&p, "alerts", "v.too_many", (long long)n);
    if (ji != NULL && !json_is_null(ji) && !json_is_string(ji))
        kz_problems_add(&p, "incident", "v.type_string");
    if (p.n == 0) {
        ids = xcalloc(n, sizeof(*ids));
        for (size_t i = 0; ids != NULL && i < n; i++) {
            json_t *e = json_array_get(ja, i);
            if (json_is_integer(e) && json_integer_value(e) > 0)
                ids[i] = json_integer_value(e);
            else
                kz_problems_add_at(&p, "alerts", i, "", "alert.v.id");
        }
    }
    if (p.n > 0 || ids == NULL) {
        xfree(ids);
        json_decref(body);
        http_error(req, resp, p.n ? KZ_EINVAL : KZ_ESTORE, NULL, &p);
        return;
    }
    struct promote_job j = {
        &req->ctx, ids, n, json_is_string(ji) ? json_string_value(ji) : NULL,
        "",        &p};
    enum kz_err err = writer_run(req->writer, run_promote, &j);
    if (err == KZ_OK)
        http_json(resp, j.ref ? 200 : 201,
                  json_pack("{s:s, s:I, s:s}", "incident", j.out, "count",
                            (json_int_t)n, "status",
                            j.ref ? "merged" : "promoted"));
    else
        http_error(req, resp, err,
                   err == KZ_ECONFLICT ? "alert.v.attached" : NULL,
                   p.n ? &p : NULL);
    xfree(ids);
    json_decref(body);
}
