/* SPDX-License-Identifier: MIT */
/*
 * guard.c - access to an incident and the audit of restricted reads
 * (see guard.h).
 */
#include "app/guard.h"

#include <stdio.h>

#include "app/audit_log.h"
#include "app/writer.h"

enum kz_err app_allowed(const struct app_ctx *ctx, enum action act,
                        const struct incident *inc)
{
    switch (access_check(&ctx->actor, act, inc)) {
    case ACCESS_ALLOW:
        return KZ_OK;
    case ACCESS_HIDDEN:
        return KZ_ENOTFOUND;
    case ACCESS_DENY:
        break;
    }
    return KZ_EFORBID;
}

struct read_audit {
    const struct app_ctx *ctx;
    const char *ref;
    const char *detail;
};

static enum kz_err run_read_audit(struct store *s, void *arg)
{
    const struct read_audit *a = arg;

    return app_audit_event(s, a->ctx, NULL, "incident.read", a->ref, a->detail);
}

enum kz_err app_incident_for(struct store *s, const struct app_ctx *ctx,
                             const char *ref, enum action act, const char *part,
                             struct incident *out)
{
    enum kz_err err = store_incident_get(s, ref, out);

    if (err == KZ_OK)
        err = app_allowed(ctx, act, out);
    if (err != KZ_OK || act != ACT_INCIDENT_READ || !out->restricted)
        return err;
    /* SPEC C15: every read of a restricted incident is on the record.  On
     * the server 's' is a reading connection: writing there would wait
     * for the write lock and sync alone, so the writer commits it with
     * whatever else is being committed. */
    char detail[96];
    if (part != NULL)
        snprintf(detail, sizeof(detail), "{\"part\":\"%s\"}", part);
    struct read_audit a = {ctx, ref, part != NULL ? detail : NULL};
    return ctx->writer != NULL ? writer_run(ctx->writer, run_read_audit, &a)
                               : run_read_audit(s, &a);
}

/* The need-to-know rule is core's (access_view); this only says it in the
 * store's terms, once for every listing that spans incidents. */
void app_scope(const struct app_ctx *ctx, struct store_scope *out)
{
    struct access_view v = access_view(&ctx->actor);

    out->viewer = ctx->actor.name;
    out->sees_restricted = v.sees_restricted;
    out->own_only = v.own_only;
}
