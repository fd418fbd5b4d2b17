/* SPDX-License-Identifier: MIT */
/*
 * account_ops.h - the use cases on accounts and API tokens: add, list,
 * change role, disable, set a password, create and revoke tokens.  Only
 * administrators manage accounts; everyone manages their own tokens.
 * Every change is audited in the same transaction.
 */
#ifndef KZ_APP_ACCOUNT_OPS_H
#define KZ_APP_ACCOUNT_OPS_H

#include "app/app.h"
#include "app/secret.h"
#include "store/store.h"

/*
 * Add account 'name' with 'role' and 'profile' (may be NULL: none).
 * 'password' NULL generates one, given back once in 'generated' (OUT:
 * GENERATED_PASSWORD_LEN + 1, may be NULL when a password is given).
 * KZ_EINVAL (field "name", "password" or a profile member), KZ_ECONFLICT
 * when the name is taken, KZ_EFORBID.
 */
enum kz_err app_account_add(struct store *s, const struct app_ctx *ctx,
                            const char *name, enum role role,
                            const struct account_profile *profile,
                            const char *password, char *generated,
                            struct kz_problems *p) KZ_MUST_CHECK;
/* Set the password of 'name' (generated like app_account_add when NULL);
 * every session of the account ends.  Administrators only, or the
 * account itself. */
enum kz_err app_account_set_password(struct store *s, const struct app_ctx *ctx,
                                     const char *name, const char *password,
                                     char *generated,
                                     struct kz_problems *p) KZ_MUST_CHECK;
/* Change role, disabled state and/or the members of 'profile' that are
 * given (NULL: unchanged).  Administrators change anyone; everyone may
 * change their own profile, but not their own role or state.  Disabling
 * ends every session; an administrator cannot disable or demote
 * themselves, so there is always one left. */
enum kz_err app_account_update(struct store *s, const struct app_ctx *ctx,
                               const char *name, const enum role *role,
                               const bool *disabled,
                               const struct account_profile *profile,
                               struct account *out,
                               struct kz_problems *p) KZ_MUST_CHECK;
/* Account 'name' (OUT: 'out', initialised), for administrators and for
 * the account itself; KZ_EFORBID for anyone else, KZ_ENOTFOUND. */
enum kz_err app_account_get(struct store *s, const struct app_ctx *ctx,
                            const char *name,
                            struct account *out) KZ_MUST_CHECK;
/* Every account (OUT: *out), for those who assign owners and members
 * (handlers, commanders, communicators, administrators). */
enum kz_err app_account_list(struct store *s, const struct app_ctx *ctx,
                             struct account_list *out) KZ_MUST_CHECK;

/*
 * Create an API token for account 'owner' (NULL: the actor) with 'label',
 * valid 'days' days (0: no expiry).  The token text is given back once in
 * 'token' (OUT: TOKEN_LEN + 1); only its digest is stored.  'out' (may be
 * NULL) receives what is stored.
 */
enum kz_err app_token_create(struct store *s, const struct app_ctx *ctx,
                             const char *owner, const char *label, int days,
                             char *token, struct credential *out,
                             struct kz_problems *p) KZ_MUST_CHECK;
/* Tokens of the actor, or of everyone for administrators ('all'). */
enum kz_err app_token_list(struct store *s, const struct app_ctx *ctx, bool all,
                           struct credential_list *out) KZ_MUST_CHECK;
/* Revoke token 'id' (one's own, or any for administrators). */
enum kz_err app_token_revoke(struct store *s, const struct app_ctx *ctx,
                             const char *id) KZ_MUST_CHECK;

#endif
