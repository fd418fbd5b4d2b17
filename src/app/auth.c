/* SPDX-License-Identifier: MIT */
/*
 * auth.c - sign-in, sign-out and request authentication (see auth.h).
 */
#include "app/auth.h"

#include <sodium.h>
#include <string.h>

#include "app/audit_log.h"
#include "util/mem.h"

static void forget_hash(struct account *a)
{
    if (a->password_hash != NULL) {
        sodium_memzero(a->password_hash, strlen(a->password_hash));
        xfree(a->password_hash);
        a->password_hash = NULL;
    }
}

enum kz_err app_login_check(struct store *s, const char *name,
                            const char *password, struct account *who)
{
    enum kz_err err = KZ_ENOTFOUND;

    if (name != NULL && account_name_is_valid(name))
        err = store_account_get(s, name, who);
    if (err != KZ_OK && err != KZ_ENOTFOUND)
        return err;
    /* Verify even for an unknown account: the same work, the same time. */
    bool ok = secret_password_verify(err == KZ_OK ? who->password_hash : NULL,
                                     password);
    ok = ok && err == KZ_OK && !who->disabled;
    forget_hash(who);
    if (!ok) {
        account_cleanup(who);
        return KZ_EAUTH;
    }
    return KZ_OK;
}

enum kz_err app_login_open(struct store *s, const struct app_ctx *ctx,
                           const struct account *who, char *cookie, char *csrf)
{
    struct credential c;
    char id[CRED_ID_SIZE];
    struct app_ctx as = *ctx;
    enum kz_err err;

    credential_init(&c);
    secret_session_new(c.id, cookie, c.digest);
    (void)secret_session_parse(cookie, id, c.digest, csrf);
    c.account_id = who->id;
    c.created_at = ctx->now;
    c.expires_at = ctx->now + SESSION_SECONDS;
    as.actor.name = who->name;
    as.actor.role = who->role;
    err = store_begin(s);
    if (err == KZ_OK) {
        err = store_credential_insert(s, CRED_SESSION, &c);
        if (err == KZ_OK)
            err = app_audit(s, &as, "login.success", "", NULL);
        err = store_end(s, err);
    }
    credential_cleanup(&c);
    if (err != KZ_OK) {
        sodium_memzero(cookie, COOKIE_LEN + 1);
        csrf[0] = '\0';
    }
    return err;
}

enum kz_err app_login_failed(struct store *s, const struct app_ctx *ctx,
                             const char *name)
{
    struct account a;
    bool known = false;

    /* Only an existing account's name is kept: people type passwords into
     * the name field, and those must not reach the audit log. */
    account_init(&a);
    if (name != NULL && account_name_is_valid(name))
        known = store_account_get(s, name, &a) == KZ_OK;
    account_cleanup(&a);
    return app_audit_event(s, ctx, known ? name : "-", "login.failure", "",
                           known ? NULL : "{\"unknown_account\":true}");
}

enum kz_err app_logout(struct store *s, const struct app_ctx *ctx,
                       const char *cookie)
{
    char id[CRED_ID_SIZE];
    char digest[HASH_HEX_SIZE];
    char csrf[HASH_HEX_SIZE];

    if (!secret_session_parse(cookie, id, digest, csrf))
        return KZ_EAUTH;
    enum kz_err err = store_begin(s);
    if (err != KZ_OK)
        return err;
    err = store_credential_revoke(s, CRED_SESSION, id);
    if (err == KZ_OK)
        err = app_audit(s, ctx, "logout", "", NULL);
    if (err == KZ_OK)
        return store_commit(s);
    store_rollback(s);
    return err == KZ_ENOTFOUND ? KZ_EAUTH : err;
}

/* The account behind a stored credential, if the credential is good. */
static enum kz_err check_credential(struct store *s, kz_time now,
                                    enum credential_kind kind, const char *id,
                                    const char *digest, struct account *who)
{
    struct credential c;
    enum kz_err err;

    credential_init(&c);
    err = store_credential_get(s, kind, id, &c);
    if (err == KZ_OK && (!secret_digest_equal(c.digest, digest) || c.revoked ||
                         (c.expires_at != KZ_TIME_NONE && c.expires_at <= now)))
        err = KZ_EAUTH;
    if (err == KZ_OK)
        err = store_account_get_id(s, c.account_id, who);
    if (err == KZ_OK && who->disabled)
        err = KZ_EAUTH;
    credential_cleanup(&c);
    forget_hash(who);
    if (err == KZ_ENOTFOUND)
        err = KZ_EAUTH;
    if (err != KZ_OK)
        account_cleanup(who);
    return err;
}

enum kz_err app_authenticate(struct store *s, kz_time now, const char *bearer,
                             const char *cookie, struct account *who,
                             char *csrf)
{
    char id[CRED_ID_SIZE];
    char digest[HASH_HEX_SIZE];

    csrf[0] = '\0';
    if (bearer != NULL) {
        if (!secret_token_parse(bearer, id, digest))
            return KZ_EAUTH;
        return check_credential(s, now, CRED_TOKEN, id, digest, who);
    }
    if (cookie != NULL) {
        if (!secret_session_parse(cookie, id, digest, csrf))
            return KZ_EAUTH;
        enum kz_err err =
            check_credential(s, now, CRED_SESSION, id, digest, who);
        if (err != KZ_OK)
            csrf[0] = '\0';
        return err;
    }
    return KZ_EAUTH;
}
