/* SPDX-License-Identifier: MIT */
/*
 * api_task.c - an incident's tasks and summonses, and acknowledging a
 * summons.
 *
 *   GET   /api/v1/incidents/{ref}/tasks           who may read the incident
 *   POST  /api/v1/incidents/{ref}/tasks           who may change it; 201
 *   PATCH /api/v1/incidents/{ref}/tasks/{id}      {"status","owner",…}
 *   GET   /api/v1/incidents/{ref}/summons         who was called, who
 *                                                 answered, what was sent
 *   POST  /api/v1/summons/{id}/ack                signed in: "I am on it"
 *   GET   /api/v1/acks/{token}                    public: the link in a
 *   POST  /api/v1/acks/{token}                    message; the token is
 *                                                 the credential
 */
#include <stdlib.h>
#include <string.h>

#include "app/guard.h"
#include "app/incident_ops.h"
#include "app/registry.h"
#include "app/response.h"
#include "app/secret.h"
#include "app/task_ops.h"
#include "http/api.h"
#include "json/fields.h"
#include "json/response_json.h"
#include "util/mem.h"

void api_task_list(struct http_req *req, struct http_resp *resp)
{
    struct task_list l = {0};
    const char *ref = http_path_ref(req, resp);

    if (ref == NULL)
        return;
    enum kz_err err = app_task_list(req->store, &req->ctx, ref, &l);
    /* Steps of a playbook in the reader's language. */
    if (err == KZ_OK)
        err = app_task_titles(req->store, &l, req->lang);
    if (err != KZ_OK) {
        http_error(req, resp, err, NULL, NULL);
        return;
    }
    json_t *a = json_array();
    for (size_t i = 0; i < l.n; i++)
        json_array_append_new(a, task_to_json(&l.items[i], req->ctx.now));
    task_list_cleanup(&l);
    http_json(resp, 200, json_pack("{s:s, s:o}", "ref", ref, "items", a));
}

struct task_job {
    const struct app_ctx *ctx;
    const char *ref;
    int64_t id; /* 0: add */
    const json_t *obj;
    int64_t if_match;
    struct task *out;
    struct kz_problems *p;
};

static enum kz_err run_task(struct store *s, void *arg)
{
    struct task_job *j = arg;

    if (j->id == 0)
        return app_task_add(s, j->ctx, j->ref, j->obj, j->out, j->p);
    return app_task_update(s, j->ctx, j->ref, j->id, j->obj, j->if_match,
                           j->out, j->p);
}

static void save_task(struct http_req *req, struct http_resp *resp,
                      const char *ref, int64_t id)
{
    struct kz_problems p;
    struct task t;
    json_t *body = NULL;
    int64_t version;

    if (!http_if_match(req, resp, &version) ||
        !http_body_object(req, resp, &body))
        return;
    kz_problems_clear(&p);
    task_init(&t);
    struct task_job j = {&req->ctx, ref, id, body, version, &t, &p};
    enum kz_err err = writer_run(req->writer, run_task, &j);
    json_decref(body);
    if (err == KZ_OK)
        http_json(resp, id ? 200 : 201, task_to_json(&t, req->ctx.now));
    else
        http_error(req, resp, err, NULL, p.n ? &p : NULL);
    task_cleanup(&t);
}

void api_task_create(struct http_req *req, struct http_resp *resp)
{
    const char *ref = http_path_ref(req, resp);

    if (ref != NULL)
        save_task(req, resp, ref, 0);
}

void api_task_patch(struct http_req *req, struct http_resp *resp)
{
    const char *ref = http_path_ref(req, resp);
    int64_t id = ref ? http_path_id(req, resp) : 0;

    if (id != 0)
        save_task(req, resp, ref, id);
}

static json_t *summons_json(struct http_req *req, const struct summons *x,
                            const struct contact *c, const char *rule_name)
{
    struct outbox_list msgs = {0};
    json_t *deliveries = json_array();

    if (store_outbox_list(req->store, x->id, 0, 10, &msgs) == KZ_OK) {
        for (size_t i = 0; i < msgs.n; i++) {
            static const char *const status[] = {"pending", "sent", "failed"};
            const struct outbox_msg *m = &msgs.items[i];
            /* The error says how a receiver answered ("connection
             * refused" on a loopback port...): for administrators, who
             * set the addresses up; the status says enough to others. */
            const char *why =
                req->ctx.actor.role == ROLE_ADMIN ? m->last_error : NULL;
            json_array_append_new(
                deliveries,
                json_pack("{s:s, s:s, s:i, s:o, s:o}", "channel", m->channel,
                          "status", status[m->status], "attempts", m->attempts,
                          "last_error", jf_text_json(why), "sent_at",
                          jf_time_json(m->sent_at)));
        }
    }
    outbox_list_cleanup(&msgs);
    return json_pack(
        "{s:I, s:s, s:{s:I, s:o}, s:{s:I, s:o}, s:o, s:i, s:o, s:o, s:o, "
        "s:o, s:b, s:b, s:o}",
        "id", (json_int_t)x->id, "ref", x->ref, "rule", "id",
        (json_int_t)x->rule_id, "name", jf_text_json(rule_name), "contact",
        "id", (json_int_t)x->contact_id, "name",
        jf_text_json(c ? c->name : NULL), "role", jf_text_json(x->role), "step",
        x->step, "created_at", jf_time_json(x->created_at), "ack_due_at",
        jf_time_json(x->ack_due_at), "acked_at", jf_time_json(x->acked_at),
        "acked_by", jf_text_json(x->acked_by), "escalated", x->escalated,
        "overdue", x->acked_at == KZ_TIME_NONE && x->ack_due_at < req->ctx.now,
        "deliveries", deliveries);
}

void api_summons_list(struct http_req *req, struct http_resp *resp)
{
    struct incident inc;
    struct summons_list l = {0};
    void *contacts = NULL;
    void *rules = NULL;
    size_t nc = 0;
    size_t nr = 0;
    const char *ref = http_path_ref(req, resp);

    if (ref == NULL)
        return;
    incident_init(&inc);
    enum kz_err err = app_incident_for(req->store, &req->ctx, ref,
                                       ACT_INCIDENT_READ, "summons", &inc);
    if (err == KZ_OK)
        err = store_summons_list(req->store, inc.id, 0, &l);
    if (err == KZ_OK)
        err = registry_load_all(req->store, &registry_contact, &contacts, &nc);
    if (err == KZ_OK)
        err = registry_load_all(req->store, &registry_rule, &rules, &nr);
    if (err == KZ_OK) {
        json_t *a = json_array();
        const struct contact *cs = contacts;
        const struct conv_rule *rs = rules;
        for (size_t i = 0; i < l.n; i++) {
            const struct contact *c = NULL;
            const char *rule_name = NULL;
            for (size_t k = 0; k < nc; k++)
                c = cs[k].id == l.items[i].contact_id ? &cs[k] : c;
            for (size_t k = 0; k < nr; k++)
                rule_name =
                    rs[k].id == l.items[i].rule_id ? rs[k].name : rule_name;
            json_array_append_new(a,
                                  summons_json(req, &l.items[i], c, rule_name));
        }
        http_json(resp, 200, json_pack("{s:s, s:o}", "ref", ref, "items", a));
    } else {
        http_error(req, resp, err, NULL, NULL);
    }
    registry_free(&registry_contact, contacts, nc);
    registry_free(&registry_rule, rules, nr);
    summons_list_cleanup(&l);
    incident_cleanup(&inc);
}

struct ack_job {
    const struct app_ctx *ctx;
    const char *token;
    int64_t id;
    struct summons *out;
};

static enum kz_err run_ack(struct store *s, void *arg)
{
    struct ack_job *j = arg;

    return app_summons_ack(s, j->ctx, j->token, j->id, j->out);
}

/* What the person following a link may see: no title, no details. */
static json_t *ack_info(const struct summons *x, const char *contact)
{
    return json_pack("{s:s, s:o, s:o, s:o, s:o}", "ref", x->ref, "contact",
                     jf_text_json(contact), "ack_due_at",
                     jf_time_json(x->ack_due_at), "acked_at",
                     jf_time_json(x->acked_at), "acked_by",
                     jf_text_json(x->acked_by));
}

static void answer_ack(struct http_req *req, struct http_resp *resp,
                       const struct summons *x)
{
    struct doc d;

    doc_init(&d);
    if (store_doc_get(req->store, DOC_CONTACT, x->contact_id, &d) != KZ_OK)
        xstrset(&d.name, NULL);
    http_json(resp, 200, ack_info(x, d.name));
    doc_cleanup(&d);
}

/* Acknowledge the summons named by 'token' (the link sent out) or by 'id'
 * (a signed-in responder), and answer with what was acknowledged. */
static void acknowledge(struct http_req *req, struct http_resp *resp,
                        const char *token, int64_t id)
{
    struct summons x;

    summons_init(&x);
    struct ack_job j = {&req->ctx, token, id, &x};
    enum kz_err err = writer_run(req->writer, run_ack, &j);
    if (err == KZ_OK)
        answer_ack(req, resp, &x);
    else
        http_error(req, resp, err, NULL, NULL);
    summons_cleanup(&x);
}

void api_summons_ack(struct http_req *req, struct http_resp *resp)
{
    int64_t id = http_path_id(req, resp);

    if (id != 0)
        acknowledge(req, resp, NULL, id);
}

void api_ack_get(struct http_req *req, struct http_resp *resp)
{
    struct summons x;
    char digest[HASH_HEX_SIZE];
    const char *token = http_param(req, "token");

    summons_init(&x);
    if (!secret_ack_digest(token, digest) ||
        store_summons_by_token(req->store, digest, &x) != KZ_OK) {
        http_error(req, resp, KZ_ENOTFOUND, NULL, NULL);
        summons_cleanup(&x);
        return;
    }
    answer_ack(req, resp, &x);
    summons_cleanup(&x);
}

void api_ack_post(struct http_req *req, struct http_resp *resp)
{
    acknowledge(req, resp, http_param(req, "token"), 0);
}
