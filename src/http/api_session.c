/* SPDX-License-Identifier: MIT */
/*
 * api_session.c - signing in and out with a cookie, and "who am I".
 *
 *   POST   /api/v1/session  {"username","password"} -> 200, Set-Cookie,
 *                           {"user", "csrf_token"}; 401 alike for every
 *                           wrong name or password; 429 when throttled
 *   DELETE /api/v1/session  -> 204, the cookie cleared
 *   GET    /api/v1/session  -> 200 {"signed_in": false}, or true with what
 *                           /me says: "am I signed in?" without a 401
 *   GET    /api/v1/me       -> {"name","role","role_label","csrf_token"}
 */
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "app/auth.h"
#include "app/snapshot.h"
#include "core/taxonomy.h"
#include "http/api.h"
#include "http/server.h"

#define COOKIE_NAME "kizuki_session"

static json_t *user_json(const struct account *a, enum lang lang)
{
    return json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "name", a->name, "role",
                     role_key(a->role), "role_label",
                     taxonomy_label(&taxonomy_role, role_key(a->role), lang),
                     "display_name", a->display_name ? a->display_name : "",
                     "email", a->email ? a->email : "", "department",
                     a->department ? a->department : "");
}

static void set_cookie(struct http_req *req, struct http_resp *resp,
                       const char *value, long max_age)
{
    char header[256];

    /* HttpOnly: scripts never see it.  SameSite=Strict: other sites
     * cannot make the browser send it. */
    snprintf(header, sizeof(header),
             COOKIE_NAME "=%s; Path=/; Max-Age=%ld; HttpOnly; "
                         "SameSite=Strict%s",
             value, max_age, server_is_tls(req->srv) ? "; Secure" : "");
    http_header(resp, "Set-Cookie", header);
    sodium_memzero(header, sizeof(header));
}

struct open_job {
    const struct app_ctx *ctx;
    const struct account *who;
    char *cookie;
    char *csrf;
};

static enum kz_err run_open(struct store *s, void *arg)
{
    struct open_job *j = arg;

    return app_login_open(s, j->ctx, j->who, j->cookie, j->csrf);
}

struct failed_job {
    const struct app_ctx *ctx;
    const char *name;
};

static enum kz_err run_failed(struct store *s, void *arg)
{
    struct failed_job *j = arg;

    return app_login_failed(s, j->ctx, j->name);
}

void api_session_create(struct http_req *req, struct http_resp *resp)
{
    static const char *const keys[] = {"username", "password", NULL};
    char cookie[COOKIE_LEN + 1];
    char csrf[HASH_HEX_SIZE];
    struct account who;
    struct kz_problems p;
    json_t *body = NULL;

    if (!http_body_keys(req, resp, keys, &body))
        return;
    json_t *jname = json_object_get(body, "username");
    json_t *jpass = json_object_get(body, "password");
    kz_problems_clear(&p);
    if (!json_is_string(jname))
        kz_problems_add(&p, "username", "v.required");
    if (!json_is_string(jpass))
        kz_problems_add(&p, "password", "v.required");
    if (p.n > 0) {
        json_decref(body);
        http_error(req, resp, KZ_EINVAL, NULL, &p);
        return;
    }
    const char *name = json_string_value(jname);
    /* Reserved before the password is checked, settled after: checked
     * first and counted after, requests in flight together all got
     * through (throttle.h). */
    long wait = 0;
    enum kz_err err = throttle_reserve(server_throttle(req->srv), req->store,
                                       name, req->client, req->ctx.now, &wait);
    if (err != KZ_OK) {
        json_decref(body);
        http_error(req, resp, err, NULL, NULL);
        return;
    }
    if (wait > 0) {
        char retry[24];
        snprintf(retry, sizeof(retry), "%ld", wait);
        http_header(resp, "Retry-After", retry);
        json_decref(body);
        http_error(req, resp, KZ_ETHROTTLE, NULL, NULL);
        return;
    }
    account_init(&who);
    err = app_login_check(req->store, name, json_string_value(jpass), &who);
    if (err == KZ_EAUTH) {
        struct failed_job f = {&req->ctx, name};
        throttle_fail(server_throttle(req->srv), req->store, name, req->client,
                      req->ctx.now);
        err = writer_run(req->writer, run_failed, &f);
        json_decref(body);
        http_error(req, resp, err == KZ_OK ? KZ_EAUTH : err,
                   err == KZ_OK ? "err.login_failed" : NULL, NULL);
        return;
    }
    if (err == KZ_OK) {
        struct open_job o = {&req->ctx, &who, cookie, csrf};
        err = writer_run(req->writer, run_open, &o);
    }
    if (err != KZ_OK) {
        /* Not a wrong password: the check was not made or not finished,
         * so it is no failure of the account or the address. */
        throttle_release(server_throttle(req->srv), req->store, name,
                         req->client, req->ctx.now);
        json_decref(body);
        account_cleanup(&who);
        http_error(req, resp, err, NULL, NULL);
        return;
    }
    /* 'name' lives in 'body': forget the failures before freeing it. */
    throttle_succeed(server_throttle(req->srv), req->store, name, req->client,
                     req->ctx.now);
    json_decref(body);
    set_cookie(req, resp, cookie, SESSION_SECONDS);
    sodium_memzero(cookie, sizeof(cookie));
    http_json(resp, 200,
              json_pack("{s:o, s:s}", "user", user_json(&who, req->lang),
                        "csrf_token", csrf));
    resp->log_user = NULL;
    account_cleanup(&who);
}

struct logout_job {
    const struct app_ctx *ctx;
    const char *cookie;
};

static enum kz_err run_logout(struct store *s, void *arg)
{
    struct logout_job *j = arg;

    return app_logout(s, j->ctx, j->cookie);
}

void api_session_delete(struct http_req *req, struct http_resp *resp)
{
    if (req->via_cookie) {
        struct logout_job j = {&req->ctx, req->cookie};
        enum kz_err err = writer_run(req->writer, run_logout, &j);
        if (err != KZ_OK && err != KZ_EAUTH) {
            http_error(req, resp, err, NULL, NULL);
            return;
        }
    }
    set_cookie(req, resp, "", 0);
    resp->status = 204;
}

/* What /me says about the authenticated caller of 'req'. */
static json_t *me_json(const struct http_req *req)
{
    json_t *me = user_json(&req->who, req->lang);

    json_object_set_new(me, "lang", json_string(i18n_lang_code(req->lang)));
    json_object_set_new(me, "time_zone", json_string(timefmt_zone()));
    if (req->via_cookie)
        json_object_set_new(me, "csrf_token", json_string(req->csrf));
    return me;
}

/*
 * "Am I signed in?" answered 200 either way: the web UI asks it on every
 * first load, and a 401 there would be logged by the browser as an error
 * on the sign-in page of everyone not yet signed in.  A credential that
 * is unknown, expired or revoked is simply "not signed in".
 */
void api_session_get(struct http_req *req, struct http_resp *resp)
{
    const char *bearer = NULL;

    if (req->authorization != NULL &&
        strncasecmp(req->authorization, "Bearer ", 7) == 0)
        bearer = req->authorization + 7;
    if (bearer != NULL || req->cookie != NULL) {
        bool snap = app_snapshot_begin(req->store);
        enum kz_err err =
            app_authenticate(req->store, req->ctx.now, bearer,
                             bearer ? NULL : req->cookie, &req->who, req->csrf);
        app_snapshot_end(req->store, snap);
        if (err == KZ_OK) {
            req->via_cookie = bearer == NULL;
            resp->log_user = req->who.name;
            json_t *me = me_json(req);
            json_object_set_new(me, "signed_in", json_true());
            http_json(resp, 200, me);
            return;
        }
        if (err != KZ_EAUTH) {
            http_error(req, resp, err, NULL, NULL);
            return;
        }
    }
    http_json(resp, 200, json_pack("{s:b}", "signed_in", 0));
}

void api_me(struct http_req *req, struct http_resp *resp)
{
    http_json(resp, 200, me_json(req));
}
