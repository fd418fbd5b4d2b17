/* SPDX-License-Identifier: MIT */
/*
 * audit_log.h - appending to the global audit log, and reading it as
 * one reader may see it.
 */
#ifndef KZ_APP_AUDIT_LOG_H
#define KZ_APP_AUDIT_LOG_H

#include <stdbool.h>

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

/* Which part of the audit log to list. */
struct audit_query {
    int64_t after; /* entries after this seq (0: from the start) */
    kz_time since; /* entries at or after this time, or KZ_TIME_NONE */
    int limit;     /* at most this many read, 1 or more */
};

/*
 * The audit log from 'q' as ctx's actor may see it (auditors and
 * administrators; KZ_EFORBID otherwise): an entry about an incident the
 * reader may not see is left out, so the log does not reveal that a
 * restricted incident exists.  OUT: 'out' (caller cleans up with
 * audit_list_cleanup; left empty on error) and *next, the seq to continue
 * after when a full page was read, else 0.
 */
enum kz_err app_audit_list(struct store *s, const struct app_ctx *ctx,
                           const struct audit_query *q, struct audit_list *out,
                           int64_t *next) KZ_MUST_CHECK;
/* Whether an entry about 'target' may be shown to 'reader' (see
 * app_audit_list); an incident that does not exist counts as seen when
 * 'missing_visible'. */
bool app_audit_visible(struct store *s, const struct actor *reader,
                       const char *target, bool missing_visible);

#endif
