/* SPDX-License-Identifier: MIT */
/*
 * audit_log.h - appending to and checking the global audit log.
 */
#ifndef KZ_APP_AUDIT_LOG_H
#define KZ_APP_AUDIT_LOG_H

#include "app/app.h"
#include "store/store.h"

/*
 * Append an entry for 'action' on 'target' by ctx's actor, with 'detail'
 * (JSON text or NULL).  Must run inside the caller's transaction, so the
 * entry commits or rolls back with the change it records.
 */
enum kz_err app_audit(struct store *s, const struct app_ctx *ctx,
                      const char *action, const char *target,
                      const char *detail) KZ_MUST_CHECK;
/* The same for an event that is not part of a change (a failed sign-in,
 * a read): its own transaction.  'actor' overrides ctx's actor name. */
enum kz_err app_audit_event(struct store *s, const struct app_ctx *ctx,
                            const char *actor, const char *action,
                            const char *target,
                            const char *detail) KZ_MUST_CHECK;

#endif
