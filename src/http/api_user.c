/* SPDX-License-Identifier: MIT */
/*
 * api_user.c - accounts and API tokens.
 *
 *   GET    /api/v1/users                     handler, commander,
 *                                            communicator, admin
 *   POST   /api/v1/users {"name","role","password"?,"display_name"?,
 *          "email"?,"department"?}   admin; 201, a generated password
 *          is returned once when none was given
 *   PATCH  /api/v1/users/{name} {"role"?,"disabled"?,"display_name"?,
 *          "email"?,"department"?}   admin; the profile also by oneself
 *   POST   /api/v1/users/{name}/password {"password"?}  admin or self
 *   GET    /api/v1/tokens[?all=true]         own tokens; all for admin
 *   POST   /api/v1/tokens {"user"?,"label"?,"expires_days"?}  201, the
 *          token text is returned once
 *   DELETE /api/v1/tokens/{id}               204
 */
#include <sodium.h>
#include <string.h>

#include "app/account_ops.h"
#include "core/taxonomy.h"
#include "http/api.h"

static json_t *account_json(const struct account *a, enum lang lang)
{
    char created[TIMEFMT_LEN];
    char updated[TIMEFMT_LEN];

    return json_pack("{s:s, s:s, s:s, s:b, s:s, s:s, s:s, s:s, s:s}", "name",
                     a->name, "role", role_key(a->role), "role_label",
                     taxonomy_label(&taxonomy_role, role_key(a->role), lang),
                     "disabled", a->disabled, "created_at",
                     timefmt_format(a->created_at, created), "updated_at",
                     timefmt_format(a->updated_at, updated), "display_name",
                     a->display_name ? a->display_name : "", "email",
                     a->email ? a->email : "", "department",
                     a->department ? a->department : "");
}

static json_t *token_json(const struct credential *c)
{
    char created[TIMEFMT_LEN];
    char expires[TIMEFMT_LEN];

    return json_pack("{s:s, s:s, s:s, s:s, s:o, s:b}", "id", c->id, "user",
                     c->account_name ? c->account_name : "", "label",
                     c->label ? c->label : "", "created_at",
                     timefmt_format(c->created_at, created), "expires_at",
                     c->expires_at == KZ_TIME_NONE
                         ? json_null()
                         : json_string(timefmt_format(c->expires_at, expires)),
                     "revoked", c->revoked);
}

void api_user_list(struct http_req *req, struct http_resp *resp)
{
    struct account_list l = {0};
    enum kz_err err = app_account_list(req->store, &req->ctx, &l);

    if (err != KZ_OK) {
        http_error(req, resp, err, NULL, NULL);
        return;
    }
    json_t *items = json_array();
    for (size_t i = 0; i < l.n; i++)
        json_array_append_new(items, account_json(&l.items[i], req->lang));
    account_list_cleanup(&l);
    http_json(resp, 200, json_pack("{s:o}", "items", items));
}

/* An optional string member: NULL when absent; false (and a problem)
 * when present but not a string. */
static bool opt_string(const json_t *obj, const char *key, const char **out,
                       struct kz_problems *p)
{
    json_t *v = json_object_get(obj, key);

    *out = NULL;
    if (v == NULL || json_is_null(v))
        return true;
    if (!json_is_string(v)) {
        kz_problems_add(p, key, "v.type_string");
        return false;
    }
    *out = json_string_value(v);
    return true;
}

/* The profile members of a request body; false (and problems) when one
 * is present but not a string. */
static bool read_profile(const json_t *body, struct account_profile *pr,
                         struct kz_problems *p)
{
    bool ok = opt_string(body, "display_name", &pr->display_name, p);

    ok = opt_string(body, "email", &pr->email, p) && ok;
    return opt_string(body, "department", &pr->department, p) && ok;
}

struct add_job {
    const struct app_ctx *ctx;
    const char *name;
    enum role role;
    const struct account_profile *profile;
    const char *password;
    char *generated;
    struct kz_problems *p;
};

static enum kz_err run_add(struct store *s, void *arg)
{
    struct add_job *j = arg;

    return app_account_add(s, j->ctx, j->name, j->role, j->profile, j->password,
                           j->generated, j->p);
}

void api_user_create(struct http_req *req, struct http_resp *resp)
{
    static const char *const keys[] = {
        "name",  "role",       "password", "display_name",
        "email", "department", NULL};
    char generated[GENERATED_PASSWORD_LEN + 1] = "";
    struct kz_problems p;
    struct account_profile pr = {0};
    struct account a;
    const char *name = NULL;
    const char *role_s = NULL;
    const char *password = NULL;
    enum role role = ROLE_REPORTER;
    json_t *body = NULL;

    if (access_check(&req->ctx.actor, ACT_USER_MANAGE, NULL) != ACCESS_ALLOW) {
        http_error(req, resp, KZ_EFORBID, NULL, NULL);
        return;
    }
    if (!http_body_keys(req, resp, keys, &body))
        return;
    kz_problems_clear(&p);
    opt_string(body, "name", &name, &p);
    opt_string(body, "role", &role_s, &p);
    opt_string(body, "password", &password, &p);
    read_profile(body, &pr, &p);
    if (name == NULL && p.n == 0)
        kz_problems_add(&p, "name", "v.required");
    if (role_s == NULL && p.n == 0)
        kz_problems_add(&p, "role", "v.required");
    else if (role_s != NULL && !role_from_key(role_s, &role))
        kz_problems_add(&p, "role", "v.unknown_key");
    if (p.n > 0) {
        json_decref(body);
        http_error(req, resp, KZ_EINVAL, NULL, &p);
        return;
    }
    struct add_job j = {&req->ctx, name, role, &pr, password, generated, &p};
    enum kz_err err = writer_run(req->writer, run_add, &j);
    account_init(&a);
    if (err == KZ_OK)
        err = app_account_get(req->store, &req->ctx, name, &a);
    json_decref(body);
    if (err != KZ_OK) {
        http_error(req, resp, err, NULL, &p);
    } else {
        json_t *out = json_pack("{s:o}", "user", account_json(&a, req->lang));
        if (generated[0] != '\0')
            json_object_set_new(out, "password", json_string(generated));
        http_json(resp, 201, out);
    }
    sodium_memzero(generated, sizeof(generated));
    account_cleanup(&a);
}

struct update_job {
    const struct app_ctx *ctx;
    const char *name;
    const enum role *role;
    const bool *disabled;
    const struct account_profile *profile;
    struct account *out;
    struct kz_problems *p;
};

static enum kz_err run_update(struct store *s, void *arg)
{
    struct update_job *j = arg;

    return app_account_update(s, j->ctx, j->name, j->role, j->disabled,
                              j->profile, j->out, j->p);
}

void api_user_patch(struct http_req *req, struct http_resp *resp)
{
    static const char *const keys[] = {"role",  "disabled",   "display_name",
                                       "email", "department", NULL};
    struct kz_problems p;
    struct account_profile pr = {0};
    struct account a;
    enum role role;
    bool disabled;
    const char *role_s = NULL;
    json_t *body = NULL;

    if (!http_body_keys(req, resp, keys, &body))
        return;
    kz_problems_clear(&p);
    opt_string(body, "role", &role_s, &p);
    if (role_s != NULL && !role_from_key(role_s, &role))
        kz_problems_add(&p, "role", "v.unknown_key");
    json_t *jd = json_object_get(body, "disabled");
    if (jd != NULL && !json_is_boolean(jd))
        kz_problems_add(&p, "disabled", "v.type_boolean");
    disabled = json_is_true(jd);
    read_profile(body, &pr, &p);
    if (p.n > 0) {
        json_decref(body);
        http_error(req, resp, KZ_EINVAL, NULL, &p);
        return;
    }
    account_init(&a);
    struct update_job j = {&req->ctx,
                           http_param(req, "name"),
                           role_s ? &role : NULL,
                           jd ? &disabled : NULL,
                           &pr,
                           &a,
                           &p};
    enum kz_err err = writer_run(req->writer, run_update, &j);
    json_decref(body); /* the profile strings point into it */
    if (err == KZ_OK)
        http_json(resp, 200, account_json(&a, req->lang));
    else
        http_error(req, resp, err, NULL, &p);
    account_cleanup(&a);
}

struct password_job {
    const struct app_ctx *ctx;
    const char *name;
    const char *password;
    char *generated;
    struct kz_problems *p;
};

static enum kz_err run_password(struct store *s, void *arg)
{
    struct password_job *j = arg;

    return app_account_set_password(s, j->ctx, j->name, j->password,
                                    j->generated, j->p);
}

void api_user_password(struct http_req *req, struct http_resp *resp)
{
    static const char *const keys[] = {"password", NULL};
    char generated[GENERATED_PASSWORD_LEN + 1] = "";
    struct kz_problems p;
    const char *password = NULL;
    json_t *body = NULL;

    if (!http_body_keys(req, resp, keys, &body))
        return;
    kz_problems_clear(&p);
    if (!opt_string(body, "password", &password, &p)) {
        json_decref(body);
        http_error(req, resp, KZ_EINVAL, NULL, &p);
        return;
    }
    struct password_job j = {&req->ctx, http_param(req, "name"), password,
                             generated, &p};
    enum kz_err err = writer_run(req->writer, run_password, &j);
    json_decref(body);
    if (err != KZ_OK)
        http_error(req, resp, err, NULL, &p);
    else if (generated[0] != '\0')
        http_json(resp, 200, json_pack("{s:s}", "password", generated));
    else
        resp->status = 204;
    sodium_memzero(generated, sizeof(generated));
}

void api_token_list(struct http_req *req, struct http_resp *resp)
{
    struct credential_list l = {0};
    const char *all = http_query(req, "all");
    enum kz_err err = app_token_list(
        req->store, &req->ctx, all != NULL && strcmp(all, "true") == 0, &l);

    if (err != KZ_OK) {
        http_error(req, resp, err, NULL, NULL);
        return;
    }
    json_t *items = json_array();
    for (size_t i = 0; i < l.n; i++)
        json_array_append_new(items, token_json(&l.items[i]));
    credential_list_cleanup(&l);
    http_json(resp, 200, json_pack("{s:o}", "items", items));
}

struct token_job {
    const struct app_ctx *ctx;
    const char *owner;
    const char *label;
    int days;
    char *token;
    struct credential *out;
    struct kz_problems *p;
};

static enum kz_err run_token(struct store *s, void *arg)
{
    struct token_job *j = arg;

    return app_token_create(s, j->ctx, j->owner, j->label, j->days, j->token,
                            j->out, j->p);
}

void api_token_create(struct http_req *req, struct http_resp *resp)
{
    static const char *const keys[] = {"user", "label", "expires_days", NULL};
    char token[TOKEN_LEN + 1] = "";
    struct kz_problems p;
    struct credential c;
    const char *owner = NULL;
    const char *label = NULL;
    json_t *body = NULL;

    if (!http_body_keys(req, resp, keys, &body))
        return;
    kz_problems_clear(&p);
    opt_string(body, "user", &owner, &p);
    opt_string(body, "label", &label, &p);
    json_t *jd = json_object_get(body, "expires_days");
    if (jd != NULL && !json_is_null(jd) &&
        (!json_is_integer(jd) || json_integer_value(jd) < 0 ||
         json_integer_value(jd) > 3650))
        kz_problems_add(&p, "expires_days", "v.token_days");
    if (p.n > 0) {
        json_decref(body);
        http_error(req, resp, KZ_EINVAL, NULL, &p);
        return;
    }
    credential_init(&c);
    struct token_job j = {
        &req->ctx, owner,
        label,     json_is_integer(jd) ? (int)json_integer_value(jd) : 0,
        token,     &c,
        &p};
    enum kz_err err = writer_run(req->writer, run_token, &j);
    json_decref(body);
    if (err == KZ_OK) {
        json_t *out = token_json(&c);
        json_object_set_new(out, "token", json_string(token));
        http_json(resp, 201, out);
    } else {
        http_error(req, resp, err, NULL, &p);
    }
    sodium_memzero(token, sizeof(token));
    credential_cleanup(&c);
}

struct revoke_job {
    const struct app_ctx *ctx;
    const char *id;
};

static enum kz_err run_revoke(struct store *s, void *arg)
{
    struct revoke_job *j = arg;

    return app_token_revoke(s, j->ctx, j->id);
}

void api_token_revoke(struct http_req *req, struct http_resp *resp)
{
    struct revoke_job j = {&req->ctx, http_param(req, "id")};
    enum kz_err err = writer_run(req->writer, run_revoke, &j);

    if (err == KZ_OK)
        resp->status = 204;
    else
        http_error(req, resp, err, NULL, NULL);
}
