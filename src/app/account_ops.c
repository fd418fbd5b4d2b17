/* SPDX-License-Identifier: MIT */
/*
 * account_ops.c - accounts and API tokens (see account_ops.h).
 */
#include "app/account_ops.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "app/audit_log.h"
#include "json/account_json.h"
#include "util/mem.h"
#include "util/utf8.h"

#define TOKEN_LABEL_MAX 200
#define TOKEN_DAYS_MAX 3650

static enum kz_err may(const struct app_ctx *ctx, enum action act)
{
    return access_check(&ctx->actor, act, NULL) == ACCESS_ALLOW ? KZ_OK
                                                                : KZ_EFORBID;
}

static void user_target(char *out, size_t n, const char *name)
{
    snprintf(out, n, "user:%s", name);
}

/* The password to store: the given one if acceptable, else a generated
 * one copied to 'generated'.  Hash OUT: caller frees. */
static enum kz_err choose_password(const char *password, char *generated,
                                   char **hash, struct kz_problems *p)
{
    char made[GENERATED_PASSWORD_LEN + 1];
    enum kz_err err;

    if (password == NULL) {
        if (generated == NULL)
            return kz_problems_add(p, "password", "v.required");
        secret_password_generate(made);
        memcpy(generated, made, sizeof(made));
        password = made;
    } else {
        err = account_check_password(password, p);
        if (err != KZ_OK)
            return err;
    }
    err = secret_password_hash(password, hash);
    sodium_memzero(made, sizeof(made));
    return err;
}

enum kz_err app_account_add(struct store *s, const struct app_ctx *ctx,
                            const char *name, enum role role,
                            const struct account_profile *profile,
                            const char *password, char *generated,
                            struct kz_problems *p)
{
    struct account a;
    char target[96];
    enum kz_err err = may(ctx, ACT_USER_MANAGE);

    if (err != KZ_OK)
        return err;
    if (!account_name_is_valid(name))
        return kz_problems_add(p, "name", "v.account_name");
    if ((unsigned)role >= ROLE_COUNT)
        return kz_problems_add(p, "role", "v.unknown_key");
    if (profile != NULL && account_check_profile(profile, p) != KZ_OK)
        return KZ_EINVAL;
    account_init(&a);
    if (profile != NULL)
        account_apply_profile(&a, profile);
    err = choose_password(password, generated, &a.password_hash, p);
    if (err != KZ_OK) {
        account_cleanup(&a);
        return err;
    }
    a.name = xstrdup(name);
    a.role = role;
    a.created_at = ctx->now;
    a.updated_at = ctx->now;
    err = store_begin(s);
    if (err == KZ_OK) {
        err = store_account_insert(s, &a);
        if (err == KZ_ECONFLICT)
            kz_problems_add(p, "name", "v.account_taken");
        user_target(target, sizeof(target), name);
        if (err == KZ_OK) {
            char detail[64];
            snprintf(detail, sizeof(detail), "{\"role\":\"%s\"}",
                     role_key(role));
            err = app_audit(s, ctx, "user.add", target, detail);
        }
        err = store_end(s, err);
    }
    account_cleanup(&a);
    return err;
}

enum kz_err app_account_get(struct store *s, const struct app_ctx *ctx,
                            const char *name, struct account *out)
{
    bool self = ctx->actor.name != NULL && strcmp(ctx->actor.name, name) == 0;

    if (!self && may(ctx, ACT_USER_MANAGE) != KZ_OK)
        return KZ_EFORBID;
    return store_account_get(s, name, out);
}

enum kz_err app_account_set_password(struct store *s, const struct app_ctx *ctx,
                                     const char *name, const char *password,
                                     char *generated, struct kz_problems *p)
{
    struct account a;
    char target[96];
    enum kz_err err = KZ_OK;

    if (name == NULL || strcmp(name, ctx->actor.name) != 0)
        err = may(ctx, ACT_USER_MANAGE);
    if (err != KZ_OK)
        return err;
    account_init(&a);
    char *hash = NULL;
    err = choose_password(password, generated, &hash, p);
    if (err != KZ_OK)
        return err;
    err = store_begin(s);
    if (err != KZ_OK)
        goto done;
    err = store_account_get(s, name, &a);
    if (err == KZ_OK) {
        xfree(a.password_hash);
        a.password_hash = hash;
        hash = NULL;
        a.updated_at = ctx->now;
        err = store_account_update(s, &a);
    }
    /* A new password ends every session an old one opened. */
    if (err == KZ_OK)
        err = store_session_revoke_all(s, a.id);
    user_target(target, sizeof(target), name);
    if (err == KZ_OK)
        err = app_audit(s, ctx, "user.passwd", target, NULL);
    err = store_end(s, err);
done:
    if (hash != NULL) {
        sodium_memzero(hash, strlen(hash));
        xfree(hash);
    }
    account_cleanup(&a);
    return err;
}

enum kz_err app_account_update(struct store *s, const struct app_ctx *ctx,
                               const char *name, const enum role *role,
                               const bool *disabled,
                               const struct account_profile *profile,
                               struct account *out, struct kz_problems *p)
{
    char target[96];
    bool self = strcmp(name, ctx->actor.name) == 0;
    /* One's own name, address and department are one's own business;
     * roles and access are the administrators'. */
    enum kz_err err = self && role == NULL && disabled == NULL
                          ? KZ_OK
                          : may(ctx, ACT_USER_MANAGE);

    if (err == KZ_OK && role != NULL && (unsigned)*role >= ROLE_COUNT)
        err = kz_problems_add(p, "role", "v.unknown_key");
    if (err == KZ_OK && profile != NULL)
        err = account_check_profile(profile, p);
    /* Someone must remain able to manage accounts. */
    if (err == KZ_OK && self &&
        ((disabled != NULL && *disabled) ||
         (role != NULL && *role != ROLE_ADMIN)))
        err = kz_problems_add(
            p, disabled != NULL && *disabled ? "disabled" : "role",
            "v.self_lockout");
    if (err == KZ_OK)
        err = store_begin(s);
    if (err != KZ_OK)
        return err;
    err = store_account_get(s, name, out);
    if (err == KZ_OK) {
        if (role != NULL)
            out->role = *role;
        if (disabled != NULL)
            out->disabled = *disabled;
        if (profile != NULL)
            account_apply_profile(out, profile);
        out->updated_at = ctx->now;
        err = store_account_update(s, out);
    }
    if (err == KZ_OK && out->disabled)
        err = store_session_revoke_all(s, out->id);
    user_target(target, sizeof(target), name);
    if (err == KZ_OK) {
        /* Names only: the log is kept for ever and read by auditors. */
        char *text = account_update_detail(role, disabled, profile);
        err = app_audit(s, ctx, "user.update", target, text);
        xfree(text);
    }
    err = store_end(s, err);
    /* The hash never leaves this layer. */
    if (out->password_hash != NULL) {
        sodium_memzero(out->password_hash, strlen(out->password_hash));
        xfree(out->password_hash);
        out->password_hash = NULL;
    }
    return err;
}

enum kz_err app_account_list(struct store *s, const struct app_ctx *ctx,
                             struct account_list *out)
{
    enum kz_err err = may(ctx, ACT_USER_DIRECTORY);

    out->items = NULL;
    out->n = 0;
    if (err != KZ_OK)
        return err;
    return store_account_list(s, out);
}

enum kz_err app_token_create(struct store *s, const struct app_ctx *ctx,
                             const char *owner, const char *label, int days,
                             char *token, struct credential *out,
                             struct kz_problems *p)
{
    struct account a;
    struct credential c;
    char target[96];
    char detail[128];
    enum kz_err err;

    if (owner == NULL)
        owner = ctx->actor.name;
    err = may(ctx, strcmp(owner, ctx->actor.name) == 0 ? ACT_TOKEN_OWN
                                                       : ACT_USER_MANAGE);
    if (err != KZ_OK)
        return err;
    if (days < 0 || days > TOKEN_DAYS_MAX)
        return kz_problems_add(p, "expires_days", "v.token_days");
    if (label != NULL && (!utf8_is_valid(label, strlen(label)) ||
                          utf8_has_control(label, false) ||
                          utf8_length(label) > TOKEN_LABEL_MAX))
        return kz_problems_add(p, "label", "v.too_long");
    account_init(&a);
    credential_init(&c);
    err = store_begin(s);
    if (err != KZ_OK)
        return err;
    err = store_account_get(s, owner, &a);
    if (err == KZ_OK && a.disabled)
        err = kz_problems_add(p, "user", "v.account_disabled");
    if (err == KZ_OK) {
        secret_token_new(c.id, token, c.digest);
        c.account_id = a.id;
        c.label = xstrdup(label ? label : "");
        c.account_name = xstrdup(a.name);
        c.created_at = ctx->now;
        c.expires_at =
            days > 0 ? ctx->now + (kz_time)days * 86400 : KZ_TIME_NONE;
        err = store_credential_insert(s, CRED_TOKEN, &c);
    }
    user_target(target, sizeof(target), owner);
    snprintf(detail, sizeof(detail), "{\"token\":\"%s\",\"days\":%d}", c.id,
             days);
    if (err == KZ_OK)
        err = app_audit(s, ctx, "token.create", target, detail);
    err = store_end(s, err);
    if (err != KZ_OK)
        sodium_memzero(token, TOKEN_LEN + 1);
    if (err == KZ_OK && out != NULL) {
        credential_cleanup(out);
        *out = c;
    } else {
        credential_cleanup(&c);
    }
    account_cleanup(&a);
    return err;
}

enum kz_err app_token_list(struct store *s, const struct app_ctx *ctx, bool all,
                           struct credential_list *out)
{
    struct account a;
    enum kz_err err;

    out->items = NULL;
    out->n = 0;
    if (all) {
        err = may(ctx, ACT_USER_MANAGE);
        return err == KZ_OK ? store_token_list(s, 0, out) : err;
    }
    account_init(&a);
    err = store_account_get(s, ctx->actor.name, &a);
    if (err == KZ_OK)
        err = store_token_list(s, a.id, out);
    account_cleanup(&a);
    return err;
}

enum kz_err app_token_revoke(struct store *s, const struct app_ctx *ctx,
                             const char *id)
{
    struct credential c;
    enum kz_err err;

    credential_init(&c);
    err = store_begin(s);
    if (err != KZ_OK)
        return err;
    err = store_credential_get(s, CRED_TOKEN, id, &c);
    /* Someone else's token is "not found" unless you manage accounts. */
    if (err == KZ_OK && strcmp(c.account_name, ctx->actor.name) != 0 &&
        may(ctx, ACT_USER_MANAGE) != KZ_OK)
        err = KZ_ENOTFOUND;
    if (err == KZ_OK)
        err = store_credential_revoke(s, CRED_TOKEN, id);
    if (err == KZ_OK) {
        char target[96];
        user_target(target, sizeof(target), c.account_name);
        char detail[64];
        snprintf(detail, sizeof(detail), "{\"token\":\"%s\"}", c.id);
        err = app_audit(s, ctx, "token.revoke", target, detail);
    }
    err = store_end(s, err);
    credential_cleanup(&c);
    return err;
}
