/* SPDX-License-Identifier: MIT */
/*
 * api_meta.c - the endpoints about the service rather than one incident.
 *
 *   GET /healthz                      public; {"status":"ok","schema":n}
 *   GET /api/v1/taxonomies            labels in the request's language
 *   GET /api/v1/taxonomies/{name}
 *   GET /api/v1/verify                auditor, admin: recompute the chains
 *   GET /api/v1/audit?since=&limit=   auditor, admin: the audit log
 */
#include <stdlib.h>
#include <string.h>

#include "app/audit_log.h"
#include "app/health.h"
#include "app/verify.h"
#include "core/taxonomy.h"
#include "http/api.h"
#include "http/server.h"
#include "json/chronology_json.h"
#include "json/audit_json.h"
#include "json/taxonomy_json.h"
#include "util/mem.h"

#define AUDIT_LIMIT_DEFAULT 100
#define AUDIT_LIMIT_MAX 1000

void api_healthz(struct http_req *req, struct http_resp *resp)
{
    http_json(resp, 200,
              json_pack("{s:s, s:i}", "status", "ok", "schema",
                        app_schema_version(req->store)));
}

void api_taxonomy_list(struct http_req *req, struct http_resp *resp)
{
    size_t n = 0;
    const struct taxonomy *const *all = taxonomy_all(&n);
    json_t *items = json_array();

    for (size_t i = 0; i < n; i++)
        json_array_append_new(items, taxonomy_to_json(all[i], req->lang));
    http_json(resp, 200, json_pack("{s:o}", "items", items));
}

void api_taxonomy_get(struct http_req *req, struct http_resp *resp)
{
    const struct taxonomy *t = taxonomy_find(http_param(req, "name"));

    if (t == NULL) {
        http_error(req, resp, KZ_ENOTFOUND, NULL, NULL);
        return;
    }
    http_json(resp, 200, taxonomy_to_json(t, req->lang));
}

static bool may(struct http_req *req, struct http_resp *resp, enum action act)
{
    if (access_check(&req->ctx.actor, act, NULL) == ACCESS_ALLOW)
        return true;
    http_error(req, resp, KZ_EFORBID, NULL, NULL);
    return false;
}

/* GET /api/v1/verify: app_verify_for, rendered. */
void api_verify(struct http_req *req, struct http_resp *resp)
{
    if (!may(req, resp, ACT_VERIFY))
        return;
    struct verify_result *r = xcalloc(1, sizeof(*r));
    enum kz_err err =
        app_verify_for(req->store, &req->ctx, server_evidence_dir(req->srv), r);
    if (err != KZ_OK && err != KZ_EVERIFY) {
        xfree(r);
        http_error(req, resp, err, NULL, NULL);
        return;
    }
    json_t *broken = json_array();
    for (size_t i = 0; i < r->nbroken; i++) {
        const struct chron_break *b = &r->broken[i];
        json_array_append_new(broken, chron_break_to_json(b, req->lang));
    }
    http_json(resp, 200,
              json_pack("{s:b, s:I, s:I, s:I, s:o}", "ok", r->broken_total == 0,
                        "checked", (json_int_t)r->checked, "incidents",
                        (json_int_t)r->incidents, "audit_checked",
                        (json_int_t)r->audit_checked, "broken", broken));
    xfree(r);
}

void api_audit(struct http_req *req, struct http_resp *resp)
{
    struct audit_list l = {0};
    struct kz_problems p;
    int64_t after = 0;
    kz_time since = KZ_TIME_NONE;
    int limit = AUDIT_LIMIT_DEFAULT;
    const char *v;

    if (!may(req, resp, ACT_AUDIT_READ))
        return;
    kz_problems_clear(&p);
    /* 'since' is a sequence number to continue from, or a time. */
    v = http_query(req, "since");
    if (v != NULL) {
        long long n;
        if (http_parse_int(v, 0, INT64_MAX, &n))
            after = n;
        else if (timefmt_parse(v, &since) != KZ_OK)
            kz_problems_add(&p, "since", "v.since");
    }
    v = http_query(req, "limit");
    if (v != NULL) {
        long long n;
        if (!http_parse_int(v, 1, AUDIT_LIMIT_MAX, &n))
            kz_problems_add(&p, "limit", "v.limit");
        else
            limit = (int)n;
    }
    if (p.n > 0) {
        http_error(req, resp, KZ_EINVAL, NULL, &p);
        return;
    }
    struct audit_query q = {after, since, limit};
    int64_t next = 0;
    enum kz_err err = app_audit_list(req->store, &req->ctx, &q, &l, &next);
    if (err != KZ_OK) {
        http_error(req, resp, err, NULL, NULL);
        return;
    }
    json_t *items = json_array();
    for (size_t i = 0; i < l.n; i++)
        json_array_append_new(items, audit_entry_to_json(&l.items[i]));
    audit_list_cleanup(&l);
    http_json(resp, 200,
              json_pack("{s:o, s:o}", "items", items, "next",
                        next > 0 ? json_integer(next) : json_null()));
}
