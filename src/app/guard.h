/* SPDX-License-Identifier: MIT */
/*
 * guard.h - the one path by which a use case reaches an incident: load
 * it, ask core/access.c whether the actor may act on it, and put a read
 * of a restricted incident on the audit log (SPEC C15); and the scope of
 * the listings that reach many incidents at once.
 */
#ifndef KZ_APP_GUARD_H
#define KZ_APP_GUARD_H

#include "app/app.h"
#include "core/incident.h"
#include "store/store.h"

/* KZ_OK when ctx's actor may do 'act' on 'inc' (NULL for actions on no
 * incident); KZ_ENOTFOUND when they may not see it, else KZ_EFORBID. */
enum kz_err app_allowed(const struct app_ctx *ctx, enum action act,
                        const struct incident *inc) KZ_MUST_CHECK;

/*
 * Load incident 'ref' (OUT) if ctx's actor may do 'act' on it, with the
 * errors of app_allowed.  A read (ACT_INCIDENT_READ) of a restricted
 * incident is audited as "incident.read" with 'part' (NULL: the record
 * itself) before this returns, through ctx->writer when there is one.
 */
enum kz_err app_incident_for(struct store *s, const struct app_ctx *ctx,
                             const char *ref, enum action act, const char *part,
                             struct incident *out) KZ_MUST_CHECK;

/* The incidents ctx's actor may see, as the store's listings of
 * observables and links filter them (OUT: 'out' borrows ctx). */
void app_scope(const struct app_ctx *ctx, struct store_scope *out);

#endif
