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

#include "app/evidence_verify.h"
#include "app/verify.h"
#include "core/ref.h"
#include "core/taxonomy.h"
#include "http/api.h"
#include "http/server.h"
#include "json/taxonomy_json.h"
#include "util/mem.h"

#define AUDIT_LIMIT_DEFAULT 100
#define AUDIT_LIMIT_MAX 1000

void api_healthz(struct http_req *req, struct http_resp *resp)
{
    http_json(resp, 200,
              json_pack("{s:s, s:i}", "status", "ok", "schema",
                        store_schema_version(req->store)));
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

static bool target_visible(struct http_req *req, const char *target,
                           bool missing_visible);

/* Counts the audit entries the reader may not see (target_visible). */
struct hidden_audit {
    struct http_req *req;
    int64_t n;
    char last[64]; /* the last target looked up, and what it was */
    bool last_visible;
};

static enum kz_err count_hidden(void *ctx, const struct audit_entry *e)
{
    struct hidden_audit *h = ctx;

    /* Entries about one incident tend to come together. */
    if (h->last[0] == '\0' || strcmp(h->last, e->target) != 0) {
        h->last_visible = target_visible(h->req, e->target, false);
        snprintf(h->last, sizeof(h->last), "%s", e->target);
    }
    if (!h->last_visible)
        h->n++;
    return KZ_OK;
}

/*
 * The chains are verified for those who may see them (app_verify leaves
 * out the restricted incidents the reader may not know of), and so are
 * the counts: the audit log is walked whole, as its chain demands, but
 * its entries about incidents hidden from the reader are not counted -
 * else the count would grow with every change to a restricted incident,
 * which GET /api/v1/audit does not show.  One snapshot for both.
 */
void api_verify(struct http_req *req, struct http_resp *resp)
{
    if (!may(req, resp, ACT_VERIFY))
        return;
    struct verify_result *r = xcalloc(1, sizeof(*r));
    struct hidden_audit hidden = {req, 0, "", false};
    bool snap =
        store_depth(req->store) == 0 && store_begin_read(req->store) == KZ_OK;
    enum kz_err err = app_verify(req->store, &req->ctx.actor, r);
    if (err == KZ_OK || err == KZ_EVERIFY) {
        enum kz_err e2 =
            app_evidence_verify(req->store, server_evidence_dir(req->srv), r);
        if (e2 != KZ_OK && (e2 != KZ_EVERIFY || err == KZ_OK))
            err = e2;
    }
    if ((err == KZ_OK || err == KZ_EVERIFY) &&
        req->ctx.actor.role != ROLE_ADMIN) {
        enum kz_err e2 = store_audit_scan(req->store, count_hidden, &hidden);
        if (e2 != KZ_OK)
            err = e2;
    }
    if (snap)
        store_rollback(req->store);
    if (err != KZ_OK && err != KZ_EVERIFY) {
        xfree(r);
        http_error(req, resp, err, NULL, NULL);
        return;
    }
    /* A break in the chain of an incident the reader may not see would
     * reveal that it exists.  One of an incident that no longer exists is
     * shown: that it is gone is what verification is for. */
    json_t *broken = json_array();
    int64_t shown_broken = r->broken_total;
    for (size_t i = 0; i < r->nbroken; i++) {
        const struct chron_break *b = &r->broken[i];
        if (!target_visible(req, b->ref, true)) {
            shown_broken--;
            continue;
        }
        json_array_append_new(
            broken, json_pack("{s:s, s:I, s:s, s:s, s:s}", "ref", b->ref, "seq",
                              (json_int_t)b->seq, "problem",
                              i18n_text(b->what_key, req->lang), "expected",
                              b->expected, "found", b->found));
    }
    http_json(resp, 200,
              json_pack("{s:b, s:I, s:I, s:I, s:o}", "ok", shown_broken == 0,
                        "checked", (json_int_t)(r->checked - hidden.n),
                        "incidents", (json_int_t)r->incidents, "audit_checked",
                        (json_int_t)(r->audit_checked - hidden.n), "broken",
                        broken));
    xfree(r);
}

/*
 * Whether an audit entry about 'target' may be shown: one about an
 * incident the reader may not see is left out, so the log does not reveal
 * that a restricted incident exists.  An incident that does not exist
 * counts as seen when 'missing_visible'.
 */
static bool target_visible(struct http_req *req, const char *target,
                           bool missing_visible)
{
    struct incident inc;

    if (req->ctx.actor.role == ROLE_ADMIN || !ref_parse(target, NULL, NULL))
        return true;
    incident_init(&inc);
    enum kz_err err = store_incident_get(req->store, target, &inc);
    bool ok = err == KZ_OK ? access_can_see(&req->ctx.actor, &inc)
                           : err == KZ_ENOTFOUND && missing_visible;
    incident_cleanup(&inc);
    return ok;
}

static bool audit_visible(struct http_req *req, const struct audit_entry *e)
{
    return target_visible(req, e->target, false);
}

static json_t *audit_json(const struct audit_entry *e)
{
    char at[TIMEFMT_LEN];
    json_t *detail =
        e->detail && e->detail[0] ? json_loads(e->detail, 0, NULL) : NULL;

    return json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:o, s:s, s:s}", "seq",
                     (json_int_t)e->seq, "at", timefmt_format(e->at, at),
                     "actor", e->actor, "action", e->action, "target",
                     e->target, "source", e->source, "detail",
                     detail ? detail : json_null(), "prev_hash", e->prev_hash,
                     "hash", e->hash);
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
    enum kz_err err = store_audit_list(req->store, after, since, limit, &l);
    if (err != KZ_OK) {
        http_error(req, resp, err, NULL, NULL);
        return;
    }
    json_t *items = json_array();
    for (size_t i = 0; i < l.n; i++) {
        if (audit_visible(req, &l.items[i]))
            json_array_append_new(items, audit_json(&l.items[i]));
    }
    json_t *next =
        l.n == (size_t)limit ? json_integer(l.items[l.n - 1].seq) : json_null();
    audit_list_cleanup(&l);
    http_json(resp, 200, json_pack("{s:o, s:o}", "items", items, "next", next));
}
