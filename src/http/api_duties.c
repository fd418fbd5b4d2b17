/* SPDX-License-Identifier: MIT */
/*
 * api_duties.c - obligations, damage, disclosure and aftercare of an
 * incident (SPEC C7-C10), and the cross-incident deadlines.
 *
 *   GET  /api/v1/incidents/{ref}/obligations        who may read it
 *   POST /api/v1/incidents/{ref}/obligations/{key}  handler, commander,
 *        {"status":"filed"|"not_applicable"|"pending", communicator, admin
 *         "filed_at","reference","reason"}
 *   GET  /api/v1/deadlines                          every duty still to do
 *   GET  /api/v1/incidents/{ref}/damage             JNSA model + costs
 *   POST /api/v1/incidents/{ref}/costs              {"category","amount_yen"}
 *   GET  /api/v1/incidents/{ref}/readiness
 *   PUT  /api/v1/incidents/{ref}/facts/{fact}       {"owner","due_at"}
 *   GET  /api/v1/incidents/{ref}/drafts/{name}?format=md|html&lang=ja|en
 *        &stage=preliminary|final
 *   GET  /api/v1/incidents/{ref}/disclosures        with "drift"
 *   POST /api/v1/incidents/{ref}/disclosures        {"kind","audience",…}
 *   GET  /api/v1/incidents/{ref}/aftercare          with the unconfirmed count
 *   POST /api/v1/incidents/{ref}/aftercare
 *   PATCH /api/v1/incidents/{ref}/aftercare/{id}    e.g. {"confirmed_at"}
 */
#include <stdlib.h>
#include <string.h>

#include "app/disclosure.h"
#include "app/drafts.h"
#include "app/deadlines.h"
#include "app/duties.h"
#include "app/ledger.h"
#include "http/api.h"
#include "json/duties_json.h"
#include "json/ledger_json.h"

/* Answer a read use case's JSON or its error. */
static void answer(struct http_req *req, struct http_resp *resp,
                   enum kz_err err, json_t *out)
{
    if (err == KZ_OK)
        http_json(resp, 200, out);
    else
        http_error(req, resp, err, NULL, NULL);
}

void api_obligation_list(struct http_req *req, struct http_resp *resp)
{
    struct duties d;
    const char *ref = http_path_ref(req, resp);

    if (ref == NULL)
        return;
    enum kz_err err = app_obligations(req->store, &req->ctx, ref, &d);
    answer(req, resp, err,
           err == KZ_OK ? obligations_to_json(d.items, d.n, req->lang) : NULL);
    if (err == KZ_OK)
        app_duties_cleanup(&d);
}

void api_deadlines(struct http_req *req, struct http_resp *resp)
{
    struct open_duty_list l = {0};
    enum kz_err err = app_deadlines(req->store, &req->ctx, &l);

    answer(req, resp, err,
           err == KZ_OK ? open_duties_to_json(&l, req->lang) : NULL);
    open_duty_list_cleanup(&l);
}

void api_damage(struct http_req *req, struct http_resp *resp)
{
    struct damage d;
    struct cost_list costs = {0};
    const char *ref = http_path_ref(req, resp);

    if (ref == NULL)
        return;
    enum kz_err err = app_damage(req->store, &req->ctx, ref, &d, &costs);
    answer(req, resp, err,
           err == KZ_OK ? damage_report_to_json(&d, &costs, req->lang) : NULL);
    cost_list_cleanup(&costs);
}

void api_readiness(struct http_req *req, struct http_resp *resp)
{
    json_t *out = NULL;
    const char *ref = http_path_ref(req, resp);

    if (ref == NULL)
        return;
    enum kz_err err =
        app_readiness(req->store, &req->ctx, ref, req->lang, &out);
    answer(req, resp, err, out);
}

void api_disclosure_list(struct http_req *req, struct http_resp *resp)
{
    json_t *out = NULL;
    const char *ref = http_path_ref(req, resp);

    if (ref == NULL)
        return;
    enum kz_err err =
        app_disclosures(req->store, &req->ctx, ref, req->lang, &out);
    answer(req, resp, err, out);
}

void api_aftercare_list(struct http_req *req, struct http_resp *resp)
{
    json_t *out = NULL;
    const char *ref = http_path_ref(req, resp);

    if (ref == NULL)
        return;
    enum kz_err err = app_aftercare(req->store, &req->ctx, ref, &out);
    answer(req, resp, err, out);
}

/* The writes: one job type carrying which use case to run. */
enum write_kind { W_FILING, W_COST, W_FACT, W_DISCLOSURE, W_AFTERCARE };

struct write_job {
    enum write_kind kind;
    const struct app_ctx *ctx;
    const char *ref;
    const char *key; /* duty or fact */
    int64_t id;      /* aftercare item, 0: new */
    int64_t version; /* of the aftercare item (If-Match), -1: any */
    const json_t *body;
    struct kz_problems *p;
};

/* Decode, then run the use case even when decoding found problems, so
 * that one answer names them all (it writes nothing then). */
static enum kz_err cost_write(struct store *s, const struct write_job *j)
{
    struct cost c;

    cost_init(&c);
    (void)cost_from_json(j->body, &c, j->p);
    enum kz_err err = app_cost_add(s, j->ctx, j->ref, &c, j->p);
    cost_cleanup(&c);
    return err;
}

static enum kz_err filing_write(struct store *s, const struct write_job *j)
{
    struct filing f;

    filing_init(&f);
    (void)filing_from_json(j->body, &f, j->p);
    enum kz_err err =
        app_obligation_record(s, j->ctx, j->ref, j->key, &f, j->p);
    filing_cleanup(&f);
    return err;
}

static enum kz_err run_write(struct store *s, void *arg)
{
    struct write_job *j = arg;

    switch (j->kind) {
    case W_FILING:
        return filing_write(s, j);
    case W_COST:
        return cost_write(s, j);
    case W_FACT:
        return app_fact_owner(s, j->ctx, j->ref, j->key, j->body, j->p);
    case W_DISCLOSURE:
        return app_disclosure_add(s, j->ctx, j->ref, j->body, j->p);
    case W_AFTERCARE:
        return app_aftercare_save(s, j->ctx, j->ref, j->id, j->version, j->body,
                                  j->p);
    }
    return KZ_ESTORE;
}

/* Run a write from the request body; on success answer with 'then'. */
static void write(struct http_req *req, struct http_resp *resp,
                  enum write_kind kind, const char *key, int64_t id,
                  int64_t version, http_handler then)
{
    struct kz_problems p;
    json_t *body = NULL;
    const char *ref = http_path_ref(req, resp);

    if (ref == NULL || !http_body_object(req, resp, &body))
        return;
    kz_problems_clear(&p);
    struct write_job j = {kind, &req->ctx, ref, key, id, version, body, &p};
    enum kz_err err = writer_run(req->writer, run_write, &j);
    json_decref(body);
    if (err != KZ_OK) {
        http_error(req, resp, err, NULL, p.n ? &p : NULL);
        return;
    }
    then(req, resp);
    if (resp->status == 200 && kind != W_FACT && id == 0)
        resp->status = 201;
}

void api_obligation_record(struct http_req *req, struct http_resp *resp)
{
    write(req, resp, W_FILING, http_param(req, "key"), 0, -1,
          api_obligation_list);
    if (resp->status == 201)
        resp->status = 200;
}

void api_cost_add(struct http_req *req, struct http_resp *resp)
{
    write(req, resp, W_COST, NULL, 0, -1, api_damage);
}

void api_fact_owner(struct http_req *req, struct http_resp *resp)
{
    write(req, resp, W_FACT, http_param(req, "fact"), 0, -1, api_readiness);
}

void api_disclosure_add(struct http_req *req, struct http_resp *resp)
{
    write(req, resp, W_DISCLOSURE, NULL, 0, -1, api_disclosure_list);
}

void api_aftercare_add(struct http_req *req, struct http_resp *resp)
{
    write(req, resp, W_AFTERCARE, NULL, 0, -1, api_aftercare_list);
}

void api_aftercare_patch(struct http_req *req, struct http_resp *resp)
{
    int64_t id = http_path_id(req, resp);
    int64_t version;

    if (id != 0 && http_if_match(req, resp, &version))
        write(req, resp, W_AFTERCARE, NULL, id, version, api_aftercare_list);
}

void api_draft(struct http_req *req, struct http_resp *resp)
{
    const char *ref = http_path_ref(req, resp);
    const char *format = http_query(req, "format");
    const char *lang = http_query(req, "lang");
    const char *stage = http_query(req, "stage");
    struct kz_problems p;
    char *text = NULL;
    char csp[DRAFT_CSP_LEN];

    if (ref == NULL)
        return;
    kz_problems_clear(&p);
    if (format != NULL && strcmp(format, "md") != 0 &&
        strcmp(format, "html") != 0)
        kz_problems_add(&p, "format", "v.draft_format");
    if (lang != NULL && strcmp(lang, "ja") != 0 && strcmp(lang, "en") != 0)
        kz_problems_add(&p, "lang", "v.draft_lang");
    if (stage != NULL && strcmp(stage, "preliminary") != 0 &&
        strcmp(stage, "final") != 0)
        kz_problems_add(&p, "stage", "v.draft_stage");
    if (p.n > 0) {
        http_error(req, resp, KZ_EINVAL, NULL, &p);
        return;
    }
    bool html = format != NULL && strcmp(format, "html") == 0;
    enum lang l = lang ? i18n_lang_parse(lang, req->lang) : req->lang;
    bool final = stage != NULL && strcmp(stage, "final") == 0;
    enum kz_err err =
        app_draft_staged(req->store, &req->ctx, ref, http_param(req, "name"), l,
                         final, html, &text);
    if (err != KZ_OK) {
        http_error(req, resp, err, NULL, NULL);
        return;
    }
    resp->status = 200;
    resp->text = text;
    resp->content_type =
        html ? "text/html; charset=utf-8" : "text/markdown; charset=utf-8";
    /* A printable page: nothing in it may run or load; its one style is
     * allowed by its hash. */
    if (html)
        app_draft_csp(csp, sizeof(csp));
    http_header(resp, "Content-Security-Policy",
                html ? csp : "default-src 'none'; frame-ancestors 'none'");
}
