/* SPDX-License-Identifier: MIT */
/*
 * auth.h - signing in and out, and recognising who sent a request: a
 * bearer token or a session cookie.  Failed sign-ins look the same
 * whether or not the account exists.
 */
#ifndef KZ_APP_AUTH_H
#define KZ_APP_AUTH_H

#include "app/app.h"
#include "app/secret.h"
#include "store/store.h"

/* A session lasts a working day; then people sign in again. */
#define SESSION_SECONDS (10 * 3600)

/*
 * Check 'name' and 'password' (reads only; slow on purpose, so run it
 * outside the writer).  On KZ_OK 'who' (OUT) is the account without its
 * hash.  KZ_EAUTH for a wrong name, a wrong password or a disabled
 * account, all alike and in the same time.
 */
enum kz_err app_login_check(struct store *s, const char *name,
                            const char *password,
                            struct account *who) KZ_MUST_CHECK;
/* Open a session for 'who' (checked by app_login_check): 'cookie' (OUT:
 * COOKIE_LEN + 1) and 'csrf' (OUT: 65).  Audited as login.success. */
enum kz_err app_login_open(struct store *s, const struct app_ctx *ctx,
                           const struct account *who, char *cookie,
                           char *csrf) KZ_MUST_CHECK;
/* Record a failed sign-in as 'name' in the audit log. */
enum kz_err app_login_failed(struct store *s, const struct app_ctx *ctx,
                             const char *name) KZ_MUST_CHECK;
/* End the session of 'cookie'; audited. */
enum kz_err app_logout(struct store *s, const struct app_ctx *ctx,
                       const char *cookie) KZ_MUST_CHECK;

/*
 * Recognise a request by its bearer token ('bearer', may be NULL) or else
 * its session cookie ('cookie', may be NULL).  On KZ_OK 'who' (OUT) is the
 * account and, for a cookie, 'csrf' (OUT: 65 bytes) its CSRF token (empty
 * for a bearer token).  KZ_EAUTH otherwise (unknown, expired, revoked,
 * disabled).  Reads only.
 */
enum kz_err app_authenticate(struct store *s, kz_time now, const char *bearer,
                             const char *cookie, struct account *who,
                             char *csrf) KZ_MUST_CHECK;

#endif
