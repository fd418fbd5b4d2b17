/* SPDX-License-Identifier: MIT */
/*
 * audit_log.c - the audit log's writers (see audit_log.h).
 */
#include "app/audit_log.h"

#include <string.h>

#include "util/mem.h"
#include "util/utf8.h"

/* Names typed at a sign-in form may be anything; the log keeps valid,
 * bounded text only. */
static char *clean(const char *s, size_t max)
{
    if (s == NULL || s[0] == '\0')
        return xstrdup("-");
    if (strlen(s) > max || !utf8_is_valid(s, strlen(s)) ||
        utf8_has_control(s, false))
        return xstrdup("(invalid)");
    return xstrdup(s);
}

static enum kz_err append(struct store *s, const struct app_ctx *ctx,
                          const char *actor, const char *action,
                          const char *target, const char *detail)
{
    struct chron_head head;
    struct audit_entry e;
    enum kz_err err = store_audit_head(s, &head);

    if (err != KZ_OK)
        return err;
    audit_entry_init(&e);
    e.at = ctx->now;
    e.actor = clean(actor, 128);
    e.action = xstrdup(action);
    e.target = xstrdup(target ? target : "");
    e.source = clean(ctx->source, 128);
    e.detail = xstrdup(detail ? detail : "");
    audit_seal(&e, &head);
    err = store_audit_append(s, &e);
    audit_entry_cleanup(&e);
    return err;
}

enum kz_err app_audit(struct store *s, const struct app_ctx *ctx,
                      const char *action, const char *target,
                      const char *detail)
{
    return append(s, ctx, ctx->actor.name, action, target, detail);
}

enum kz_err app_audit_event(struct store *s, const struct app_ctx *ctx,
                            const char *actor, const char *action,
                            const char *target, const char *detail)
{
    enum kz_err err = store_begin(s);

    if (err != KZ_OK)
        return err;
    err =
        append(s, ctx, actor ? actor : ctx->actor.name, action, target, detail);
    return store_end(s, err);
}
