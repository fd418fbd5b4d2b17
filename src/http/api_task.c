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
#include "app/response.h"
#include "app/summonses.h"
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
    const struct task_patch *patch;
    int64_t if_match;
    struct task *out;
    struct kz_problems *p;
};

static enum kz_err run_task(struct store *s, void *arg)
{
    struct task_job *j = arg;

    if (j->id == 0)
        return app_task_add(s, j->ctx, j->ref, j->patch, j->out, j->p);
    return app_task_update(s, j->ctx, j->ref, j->id, j->patch, j->if_match,
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
    struct task_patch patch;
    kz_problems_clear(&p);
    task_init(&t);
    task_patch_init(&patch);
    /* The decoding problems go to the use case with the patch: it reports
     * them after access and with core's, in one answer. */
    (void)task_patch_from_json(body, &patch, &p);
    json_decref(body);
    struct task_job j = {&req->ctx, ref, id, &patch, version, &t, &p};
    enum kz_err err = writer_run(req->writer, run_task, &j);
    task_patch_cleanup(&patch);
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

static json_t *summons_json(struct http_req *req, const struct summons_view *v)
{
    static const char *const status[] = {"pending", "sent", "failed"};
    const struct summons *x = &v->summons;
    json_t *deliveries = json_array();

    for (size_t i = 0; i < v->deliveries.n; i++) {
        const struct outbox_msg *m = &v->deliveries.items[i];
        json_array_append_new(deliveries,
                              json_pack("{s:s, s:s, s:i, s:o, s:o}", "channel",
                                        m->channel, "status", status[m->status],
                                        "attempts", m->attempts, "last_error",
                                        jf_text_json(m->last_error), "sent_at",
                                        jf_time_json(m->sent_at)));
    }
    return json_pack(
        "{s:I, s:s, s:{s:I, s:o}, s:{s:I, s:o}, s:o, s:i, s:o, s:o, s:o, "
        "s:o, s:b, s:b, s:o}",
        "id", (json_int_t)x->id, "ref", x->ref, "rule", "id",
        (json_int_t)x->rule_id, "name", jf_text_json(v->rule_name), "contact",
        "id", (json_int_t)x->contact_id, "name", jf_text_json(v->contact_name),
        "role", jf_text_json(x->role), "step", x->step, "created_at",
        jf_time_json(x->created_at), "ack_due_at", jf_time_json(x->ack_due_at),
        "acked_at", jf_time_json(x->acked_at), "acked_by",
        jf_text_json(x->acked_by), "escalated", x->escalated, "overdue",
        x->acked_at == KZ_TIME_NONE && x->ack_due_at < req->ctx.now,
        "deliveries", deliveries);
}

void api_summons_list(struct http_req *req, struct http_resp *resp)
{
    struct summons_view_list l = {0};
    const char *ref = http_path_ref(req, resp);

    if (ref == NULL)
        return;
    enum kz_err err = app_summons_list(req->store, &req->ctx, ref, &l);
    if (err == KZ_OK) {
        json_t *a = json_array();
        for (size_t i = 0; i < l.n; i++)
            json_array_append_new(a, summons_json(req, &l.items[i]));
        http_json(resp, 200, json_pack("{s:s, s:o}", "ref", ref, "items", a));
    } else {
        http_error(req, resp, err, NULL, NULL);
    }
    summons_view_list_cleanup(&l);
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
    char *contact = app_summons_contact_name(req->store, x);

    http_json(resp, 200, ack_info(x, contact));
    xfree(contact);
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
    const char *token = http_param(req, "token");

    summons_init(&x);
    if (app_summons_by_token(req->store, token, &x) != KZ_OK) {
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
