/* SPDX-License-Identifier: MIT */
/*
 * api_incident.c - /api/v1/incidents: file, list, read, change and move
 * incidents, and their timeline.  Reads use the request's own store
 * connection; changes go through the group-commit writer.
 *
 *   GET    /api/v1/incidents?phase=&kind=&category=&severity=&since=&q=
 *          &limit=&cursor=                 any signed-in role; filtered
 *          (the parameters: app/list_query.c, shared with the export,
 *          saved filters and the CLI)
 *   POST   /api/v1/incidents               201 + Location
 *   GET    /api/v1/incidents/{ref}         ETag: "<version>"
 *   PATCH  /api/v1/incidents/{ref}         If-Match: <version>, else 428
 *   POST   /api/v1/incidents/{ref}/phase   {"to","reason"}
 *   GET    /api/v1/incidents/{ref}/timeline
 *   POST   /api/v1/incidents/{ref}/timeline  {"kind","body"}
 *   GET    /api/v1/incidents/{ref}/verify  {"ok","checked","broken"}:
 *          the "record intact" check, for anyone who may read it
 *   GET    /api/v1/incidents/{ref}/receipt  what was reported, when, and
 *          the phase: for whoever may read it and for the one who filed it
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/drift.h"
#include "app/duties.h"
#include "app/incident_ops.h"
#include "app/list_csv.h"
#include "app/list_query.h"
#include "app/receipt.h"
#include "app/response.h"
#include "app/snapshot.h"
#include "app/task_ops.h"
#include "app/verify.h"
#include "core/list_sort.h"
#include "core/taxonomy.h"
#include "http/api.h"
#include "json/chronology_json.h"
#include "json/closing_json.h"
#include "json/fields.h"
#include "json/incident_json.h"
#include "json/triage_json.h"
#include "util/mem.h"
#include "util/timefmt.h"
#include "util/i18n.h"
#include "util/csv.h"
#include "util/utf8.h"

/* How many of incident 'id's open tasks are past their due time; 0 when
 * they cannot be read (the record itself is still worth answering). */
static int overdue_count(struct http_req *req, int64_t id)
{
    int n = 0;

    if (app_task_overdue(req->store, id, req->ctx.now, &n) != KZ_OK)
        return 0;
    return n;
}

/* What the API shows beside the record's own fields (record_json,
 * answer_record): derived, so PATCH drops them when a client sends the
 * record back as it read it.  A key added there belongs here too. */
static const char *const derived_keys[] = {
    "triage", "tasks_overdue", "duties", "disclosure_drift", "warnings", NULL};

/* What every record of one answer is shown with, read once per answer. */
struct record_ctx {
    struct asset_index ix;            /* what triage weighs assets by */
    struct obligation_config regimes; /* the duties switched on */
};

static void record_ctx_load(struct http_req *req, struct record_ctx *rc)
{
    if (app_asset_index(req->store, &rc->ix) != KZ_OK)
        rc->ix.n = 0;
    app_obligation_config(req->store, &rc->regimes);
}

static void record_ctx_free(struct record_ctx *rc)
{
    app_asset_index_free(&rc->ix);
}

/* {"late", "due_soon", "next_due_at"} of the incident's reporting duties,
 * so that a list shows where a deadline is at stake (zeros when they
 * cannot be read: the record is still worth answering). */
static json_t *duties_json(struct http_req *req, const struct record_ctx *rc,
                           const struct incident *inc)
{
    struct duty_summary sum = {0, 0, 0, KZ_TIME_NONE};
    struct duties d;

    if (app_duties_load_with(req->store, &rc->regimes, inc, req->ctx.now, &d) ==
        KZ_OK) {
        sum = app_duties_summary(&d);
        app_duties_cleanup(&d);
    }
    return json_pack("{s:i, s:i, s:i, s:o}", "late", sum.late, "due_soon",
                     sum.due_soon, "undecided", sum.undecided, "next_due_at",
                     jf_time_json(sum.next_due_at));
}

/* [{key, message}] of the record's contradictions (core's
 * incident_warnings), so that a person sees them where they read it. */
static json_t *warnings_json(struct http_req *req, const struct incident *inc)
{
    const char *keys[8];
    size_t n = incident_warnings(inc, keys, sizeof(keys) / sizeof(keys[0]));
    json_t *a = json_array();

    for (size_t i = 0; i < n; i++)
        json_array_append_new(a,
                              json_pack("{s:s, s:s}", "key", keys[i], "message",
                                        i18n_text(keys[i], req->lang)));
    return a;
}

/* The record as the API shows it: its fields, the triage score with its
 * reasons, how many of its tasks are overdue and where its duties stand. */
static json_t *record_json(struct http_req *req, const struct incident *inc,
                           const struct record_ctx *rc)
{
    struct triage_result r;
    json_t *j = incident_to_json(inc);

    app_triage_of(&rc->ix, inc, &r);
    json_object_set_new(j, "triage", triage_to_json(&r, req->lang));
    json_object_set_new(j, "tasks_overdue",
                        json_integer(overdue_count(req, inc->id)));
    json_object_set_new(j, "duties", duties_json(req, rc, inc));
    json_object_set_new(j, "warnings", warnings_json(req, inc));
    return j;
}

/* One snapshot for all the reads of an answer (app/snapshot.h). */
static bool snapshot_begin(struct http_req *req)
{
    return app_snapshot_begin(req->store);
}

static void snapshot_end(struct http_req *req, bool began)
{
    app_snapshot_end(req->store, began);
}

static void answer_record(struct http_req *req, struct http_resp *resp,
                          int status, const struct incident *inc)
{
    struct record_ctx rc = {0};
    char etag[32];
    bool snap = snapshot_begin(req);

    record_ctx_load(req, &rc);
    snprintf(etag, sizeof(etag), "\"%lld\"", (long long)inc->version);
    http_header(resp, "ETag", etag);
    json_t *j = record_json(req, inc, &rc);
    /* SPEC C9: facts that differ from what was already disclosed; a
     * record just created (201) has disclosed nothing yet. */
    struct drift_list drift = {0};
    if (status != 201 &&
        app_drift_of(req->store, inc, req->lang, &drift) != KZ_OK)
        drift_list_cleanup(&drift);
    json_object_set_new(j, "disclosure_drift", drift_list_to_json(&drift));
    drift_list_cleanup(&drift);
    snapshot_end(req, snap);
    http_json(resp, status, j);
    record_ctx_free(&rc);
}

/* Answer an error from a use case. */
static void answer_err(struct http_req *req, struct http_resp *resp,
                       enum kz_err err, const struct kz_problems *p)
{
    http_error(req, resp, err, NULL, p && p->n ? p : NULL);
}

static const char *req_query(void *arg, const char *key)
{
    return http_query(arg, key);
}

/* Read the listing's query into 'f'; problems name the parameters.  Only
 * the route's keys, in UTF-8, reach here (server.c). */
static void read_filter(const struct http_req *req, struct incident_filter *f,
                        struct list_cursor *after, struct kz_problems *p)
{
    app_list_query_read(req_query, (void *)req, f, after, p);
}

void api_incident_list(struct http_req *req, struct http_resp *resp)
{
    struct incident_filter f;
    struct incident_list l = {0};
    struct kz_problems p;
    struct list_cursor after;

    incident_filter_init(&f);
    list_cursor_init(&after);
    kz_problems_clear(&p);
    read_filter(req, &f, &after, &p);
    if (p.n > 0) {
        list_cursor_cleanup(&after);
        http_error(req, resp, KZ_EINVAL, NULL, &p);
        return;
    }
    int limit = f.limit;
    /* One more than asked tells whether there is a next page (the store
     * allows one more than the largest page for this). */
    f.limit = limit + 1;
    bool snap = snapshot_begin(req);
    enum kz_err err = app_incident_list(req->store, &req->ctx, &f, &l);
    list_cursor_cleanup(&after);
    if (err != KZ_OK) {
        snapshot_end(req, snap);
        answer_err(req, resp, err, NULL);
        return;
    }
    json_t *items = json_array();
    json_t *next = json_null();
    struct record_ctx rc = {0};
    record_ctx_load(req, &rc);
    /* record_json reads each incident's overdue tasks and filings: in the
     * same snapshot, not one read transaction per listed incident. */
    for (size_t i = 0; i < l.n && i < (size_t)limit; i++)
        json_array_append_new(items, record_json(req, &l.items[i], &rc));
    snapshot_end(req, snap);
    record_ctx_free(&rc);
    if (l.n > (size_t)limit) {
        struct list_cursor c;
        list_cursor_init(&c);
        c.sort = f.sort;
        c.desc = !f.asc;
        list_cursor_at(&c, &l.items[limit - 1]);
        char *cur = list_cursor_encode(&c);
        next = json_string(cur);
        xfree(cur);
        list_cursor_cleanup(&c);
    }
    incident_list_cleanup(&l);
    http_json(resp, 200,
              json_pack("{s:o, s:o}", "items", items, "next_cursor", next));
}

/* The largest export: what a spreadsheet and the server's memory take. */
#define CSV_EXPORT_MAX (64u * 1024 * 1024)

void api_incident_export_csv(struct http_req *req, struct http_resp *resp)
{
    struct incident_filter f;
    struct kz_problems p;
    struct list_cursor after;
    struct buf out;
    enum kz_err err;

    incident_filter_init(&f);
    list_cursor_init(&after);
    kz_problems_clear(&p);
    /* The list's filters and order; no limit or cursor (the route does not
     * take them): all of what the list shows, page after page. */
    read_filter(req, &f, &after, &p);
    if (p.n > 0) {
        list_cursor_cleanup(&after);
        http_error(req, resp, KZ_EINVAL, NULL, &p);
        return;
    }
    buf_init(&out, CSV_EXPORT_MAX);
    /* One snapshot: the pages are of one state of the store. */
    bool snap = snapshot_begin(req);
    err = app_incident_csv(req->store, &req->ctx, &f, &after, req->lang, &out);
    snapshot_end(req, snap);
    list_cursor_cleanup(&after);
    if (err != KZ_OK) {
        buf_cleanup(&out);
        answer_err(req, resp, err, NULL);
        return;
    }
    resp->status = 200;
    resp->len = out.len;
    resp->text = buf_take(&out);
    resp->content_type = "text/csv; charset=utf-8; header=present";
    http_header(resp, "Content-Disposition",
                "attachment; filename=\"incidents.csv\"");
    http_header(resp, "Cache-Control", "no-store");
}

struct create_job {
    const struct app_ctx *ctx;
    struct incident *inc;
    struct kz_problems *p;
};

static enum kz_err run_create(struct store *s, void *arg)
{
    struct create_job *j = arg;

    return app_incident_create(s, j->ctx, j->inc, j->p);
}

void api_incident_create(struct http_req *req, struct http_resp *resp)
{
    struct incident inc;
    struct kz_problems p;
    json_t *body = NULL;

    if (!http_body_object(req, resp, &body))
        return;
    incident_init(&inc);
    kz_problems_clear(&p);
    enum kz_err err = incident_from_json(body, INCIDENT_JSON_CREATE, &inc, &p);
    json_decref(body);
    /* Decoding problems travel on to the use case, which adds the rest. */
    if (err == KZ_OK || err == KZ_EINVAL) {
        struct create_job j = {&req->ctx, &inc, &p};
        err = writer_run(req->writer, run_create, &j);
    }
    if (err == KZ_OK) {
        char location[64];
        snprintf(location, sizeof(location), "/api/v1/incidents/%s", inc.ref);
        http_header(resp, "Location", location);
        answer_record(req, resp, 201, &inc);
    } else {
        answer_err(req, resp, err, &p);
    }
    incident_cleanup(&inc);
}

void api_incident_get(struct http_req *req, struct http_resp *resp)
{
    struct incident inc;
    const char *ref = http_path_ref(req, resp);

    if (ref == NULL)
        return;
    incident_init(&inc);
    /* The read of a restricted incident is audited through the writer,
     * never through req->store. */
    bool snap = req->ctx.writer != NULL && snapshot_begin(req);
    enum kz_err err = app_incident_get(req->store, &req->ctx, ref, &inc, NULL);
    if (err == KZ_OK)
        answer_record(req, resp, 200, &inc);
    else
        answer_err(req, resp, err, NULL);
    snapshot_end(req, snap);
    incident_cleanup(&inc);
}

/* Only what the filer said and when, and the phase: never the record's
 * later (possibly restricted) content. */
void api_incident_receipt(struct http_req *req, struct http_resp *resp)
{
    struct receipt r;
    char at[TIMEFMT_LEN];
    const char *ref = http_path_ref(req, resp);

    if (ref == NULL)
        return;
    receipt_init(&r);
    enum kz_err err = app_incident_receipt(req->store, &req->ctx, ref, &r);
    if (err != KZ_OK) {
        answer_err(req, resp, err, NULL);
        return;
    }
    http_json(
        resp, 200,
        json_pack(
            "{s:s, s:s, s:o, s:s, s:s, s:s, s:b}", "ref", r.ref, "title",
            r.title ? r.title : "", "description",
            r.description ? json_string(r.description) : json_null(),
            "reported_at", timefmt_format(r.reported_at, at), "phase",
            phase_key(r.phase), "phase_label",
            taxonomy_label(&taxonomy_phase, phase_key(r.phase), req->lang),
            "restricted", r.restricted));
    receipt_cleanup(&r);
}

struct patch_job {
    const struct app_ctx *ctx;
    const char *ref;
    json_t *patch;
    long long version;
    struct incident *out;
    struct kz_problems *p;
};

static enum kz_err run_patch(struct store *s, void *arg)
{
    struct patch_job *j = arg;

    return app_incident_patch(s, j->ctx, j->ref, j->patch, j->version, j->out,
                              j->p);
}

void api_incident_patch(struct http_req *req, struct http_resp *resp)
{
    struct incident inc;
    struct kz_problems p;
    json_t *body = NULL;
    const char *ref = http_path_ref(req, resp);

    if (ref == NULL)
        return;
    if (req->if_match == NULL) {
        http_error(req, resp, KZ_EPRECOND, NULL, NULL);
        return;
    }
    int64_t version;
    if (!http_if_match(req, resp, &version))
        return;
    if (!http_body_object(req, resp, &body))
        return;
    /* What record_json adds beside the fields is derived, never written;
     * a client may send back the record it read, these included. */
    for (size_t i = 0; derived_keys[i] != NULL; i++)
        json_object_del(body, derived_keys[i]);
    incident_init(&inc);
    kz_problems_clear(&p);
    struct patch_job j = {&req->ctx, ref, body, version, &inc, &p};
    enum kz_err err = writer_run(req->writer, run_patch, &j);
    json_decref(body);
    if (err == KZ_OK) {
        answer_record(req, resp, 200, &inc);
    } else if (err == KZ_ECONFLICT) {
        /* Tell the client which version is current so it can reload. */
        http_error(req, resp, err, NULL, NULL);
        json_object_set_new(json_object_get(resp->json, "error"),
                            "current_version", json_integer(inc.version));
        char etag[32];
        snprintf(etag, sizeof(etag), "\"%lld\"", (long long)inc.version);
        http_header(resp, "ETag", etag);
    } else {
        answer_err(req, resp, err, &p);
    }
    incident_cleanup(&inc);
}

struct move_job {
    const struct app_ctx *ctx;
    const char *ref;
    enum phase to;
    const char *reason;
    struct incident *out;
    struct kz_problems *p;
    struct closing_list open;
};

static enum kz_err run_move(struct store *s, void *arg)
{
    struct move_job *j = arg;

    /* The writer may run a job again after a failed batch: start from an
     * empty list each time. */
    closing_list_cleanup(&j->open);
    return app_incident_move_checked(s, j->ctx, j->ref, j->to, j->reason,
                                     j->out, j->p, &j->open);
}

void api_incident_phase(struct http_req *req, struct http_resp *resp)
{
    static const char *const keys[] = {"to", "reason", NULL};
    struct incident inc;
    struct kz_problems p;
    json_t *body = NULL;
    enum phase to;
    const char *ref = http_path_ref(req, resp);

    if (ref == NULL || !http_body_keys(req, resp, keys, &body))
        return;
    kz_problems_clear(&p);
    json_t *jto = json_object_get(body, "to");
    json_t *jreason = json_object_get(body, "reason");
    if (!json_is_string(jto))
        kz_problems_add(&p, "to", jto ? "v.type_string" : "v.required");
    else if (!phase_from_key(json_string_value(jto), &to))
        kz_problems_add(&p, "to", "v.unknown_key");
    if (jreason != NULL && !json_is_string(jreason) && !json_is_null(jreason))
        kz_problems_add(&p, "reason", "v.type_string");
    if (p.n > 0) {
        json_decref(body);
        http_error(req, resp, KZ_EINVAL, NULL, &p);
        return;
    }
    incident_init(&inc);
    struct move_job j = {
        &req->ctx, ref,
        to,        json_is_string(jreason) ? json_string_value(jreason) : NULL,
        &inc,      &p,
        {NULL, 0}};
    enum kz_err err = writer_run(req->writer, run_move, &j);
    json_decref(body);
    if (err == KZ_OK) {
        answer_record(req, resp, 200, &inc);
    } else {
        answer_err(req, resp, err, &p);
        /* Each open duty and task, so a person sees what to settle. */
        if (err == KZ_EINVAL && j.open.n > 0)
            json_object_set_new(json_object_get(resp->json, "error"),
                                "open_items",
                                closing_to_json(&j.open, req->lang));
    }
    closing_list_cleanup(&j.open);
    incident_cleanup(&inc);
}

void api_timeline_list(struct http_req *req, struct http_resp *resp)
{
    struct incident inc;
    struct chron_list chron = {0};
    const char *ref = http_path_ref(req, resp);

    if (ref == NULL)
        return;
    incident_init(&inc);
    enum kz_err err =
        app_incident_get(req->store, &req->ctx, ref, &inc, &chron);
    if (err == KZ_OK) {
        json_t *items = json_array();
        for (size_t i = 0; i < chron.n; i++)
            json_array_append_new(
                items, chron_entry_to_json_lang(&chron.items[i], req->lang));
        http_json(resp, 200,
                  json_pack("{s:s, s:o}", "ref", inc.ref, "items", items));
    } else {
        answer_err(req, resp, err, NULL);
    }
    chron_list_cleanup(&chron);
    incident_cleanup(&inc);
}

struct note_job {
    const struct app_ctx *ctx;
    const char *ref;
    enum entry_kind kind;
    const char *body;
    bool for_report;
    struct chron_entry *out;
    struct kz_problems *p;
};

static enum kz_err run_note(struct store *s, void *arg)
{
    struct note_job *j = arg;

    return app_incident_note_marked(s, j->ctx, j->ref, j->kind, j->body,
                                    j->for_report, j->out, j->p);
}

void api_timeline_add(struct http_req *req, struct http_resp *resp)
{
    static const char *const keys[] = {"kind", "body", "for_report", NULL};
    struct chron_entry e;
    struct kz_problems p;
    enum entry_kind kind = ENTRY_NOTE;
    json_t *body = NULL;
    const char *ref = http_path_ref(req, resp);

    if (ref == NULL || !http_body_keys(req, resp, keys, &body))
        return;
    kz_problems_clear(&p);
    json_t *jkind = json_object_get(body, "kind");
    json_t *jbody = json_object_get(body, "body");
    if (jkind != NULL &&
        (!json_is_string(jkind) ||
         !entry_kind_from_key(json_string_value(jkind), &kind)))
        kz_problems_add(&p, "kind", "v.entry_kind");
    if (!json_is_string(jbody))
        kz_problems_add(&p, "body", jbody ? "v.type_string" : "v.required");
    json_t *jmark = json_object_get(body, "for_report");
    if (jmark != NULL && !json_is_boolean(jmark))
        kz_problems_add(&p, "for_report", "v.type_boolean");
    if (p.n > 0) {
        json_decref(body);
        http_error(req, resp, KZ_EINVAL, NULL, &p);
        return;
    }
    chron_entry_init(&e);
    struct note_job j = {
        &req->ctx,           ref, kind, json_string_value(jbody),
        json_is_true(jmark), &e,  &p};
    enum kz_err err = writer_run(req->writer, run_note, &j);
    json_decref(body);
    if (err == KZ_OK)
        http_json(resp, 201, chron_entry_to_json_lang(&e, req->lang));
    else
        answer_err(req, resp, err, &p);
    chron_entry_cleanup(&e);
}

void api_incident_verify(struct http_req *req, struct http_resp *resp)
{
    const char *ref = http_path_ref(req, resp);

    if (ref == NULL)
        return;
    struct verify_result *r = xcalloc(1, sizeof(*r));
    enum kz_err err = app_verify_incident(req->store, &req->ctx, ref, r);
    if (err == KZ_OK || err == KZ_EVERIFY) {
        json_t *broken = json_array();
        for (size_t i = 0; i < r->nbroken; i++)
            json_array_append_new(
                broken, json_pack("{s:I, s:s, s:s, s:s}", "seq",
                                  (json_int_t)r->broken[i].seq, "problem",
                                  i18n_text(r->broken[i].what_key, req->lang),
                                  "expected", r->broken[i].expected, "found",
                                  r->broken[i].found));
        http_json(resp, 200,
                  json_pack("{s:s, s:b, s:I, s:o}", "ref", ref, "ok",
                            err == KZ_OK, "checked", (json_int_t)r->checked,
                            "broken", broken));
    } else {
        answer_err(req, resp, err, NULL);
    }
    xfree(r);
}
