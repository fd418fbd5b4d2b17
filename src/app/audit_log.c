/* SPDX-License-Identifier: MIT */
/*
 * audit_log.c - the audit log's writers (see audit_log.h).
 */
#include "app/audit_log.h"

#include <jansson.h>
#include <string.h>

#include "core/ref.h"
#include "util/buf.h"
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

/*
 * The detail of an entry about an incident, with the incident's
 * chronology head as it stands at this point of the change added as
 * "chron": {"count", "hash"} (docs/internals/hashchain.md).  Verification
 * later finds that entry on the chain: deleting the incident, cutting its
 * chronology back or rewriting it then shows against the audit log.
 * 'detail' NULL when it has none.  OUT: *out, a new string, or NULL
 * when 'target' is no existing incident (then 'detail' stays as it is).
 */
static enum kz_err with_chron(struct store *s, const char *target,
                              const char *detail, char **out)
{
    struct chron_head head;
    json_t *obj = NULL;

    *out = NULL;
    if (target == NULL || !ref_parse(target, NULL, NULL))
        return KZ_OK;
    enum kz_err err = store_chron_head_by_ref(s, target, &head);
    if (err == KZ_ENOTFOUND)
        return KZ_OK;
    if (err != KZ_OK)
        return err;
    if (detail == NULL || detail[0] == '\0') {
        /* The common case (creates, notes): nothing to merge, and a
         * count and a hex hash need no escaping. */
        struct buf b;
        buf_init(&b, 256);
        enum kz_err e =
            buf_printf(&b, "{\"chron\":{\"count\":%lld,\"hash\":\"%s\"}}",
                       (long long)head.count, head.hash);
        if (e != KZ_OK) {
            buf_cleanup(&b);
            return e;
        }
        *out = buf_take(&b);
        return KZ_OK;
    }
    obj = json_loads(detail, 0, NULL);
    /* Every detail kizuki writes is an object; anything else is kept
     * whole under "detail" rather than lost. */
    if (obj != NULL && !json_is_object(obj)) {
        json_t *wrap = json_object();
        json_object_set_new(wrap, "detail", obj);
        obj = wrap;
    } else if (obj == NULL) {
        obj = json_object();
        if (detail != NULL && detail[0] != '\0')
            json_object_set_new(obj, "detail", json_string(detail));
    }
    json_object_set_new(obj, "chron",
                        json_pack("{s:I, s:s}", "count", (json_int_t)head.count,
                                  "hash", head.hash));
    /* jansson allocates through util/mem.h (cli.c), so xfree() frees it. */
    *out = json_dumps(obj, JSON_COMPACT);
    json_decref(obj);
    return *out != NULL ? KZ_OK : KZ_ESTORE;
}

static enum kz_err append(struct store *s, const struct app_ctx *ctx,
                          const char *actor, const char *action,
                          const char *target, const char *detail)
{
    struct chron_head head;
    struct audit_entry e;
    char *merged = NULL;
    enum kz_err err = store_audit_head(s, &head);

    if (err == KZ_OK)
        err = with_chron(s, target, detail, &merged);
    if (err != KZ_OK)
        return err;
    if (merged != NULL)
        detail = merged;
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
    xfree(merged);
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
