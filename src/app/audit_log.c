/* SPDX-License-Identifier: MIT */
/*
 * audit_log.c - the audit log: its writers, and the listing as a reader
 * may see it (see audit_log.h).
 */
#include "app/audit_log.h"

#include <string.h>

#include "app/guard.h"
#include "core/ref.h"
#include "json/audit_json.h"
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

    *out = NULL;
    if (target == NULL || !ref_parse(target, NULL, NULL))
        return KZ_OK;
    enum kz_err err = store_chron_head_by_ref(s, target, &head);
    if (err == KZ_ENOTFOUND)
        return KZ_OK;
    if (err != KZ_OK)
        return err;
    *out = audit_detail_with_chron(detail, &head);
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

bool app_audit_visible(struct store *s, const struct actor *reader,
                       const char *target, bool missing_visible)
{
    struct incident inc;

    if (reader->role == ROLE_ADMIN || !ref_parse(target, NULL, NULL))
        return true;
    incident_init(&inc);
    enum kz_err err = store_incident_get(s, target, &inc);
    bool ok = err == KZ_OK ? access_can_see(reader, &inc)
                           : err == KZ_ENOTFOUND && missing_visible;
    incident_cleanup(&inc);
    return ok;
}

enum kz_err app_audit_list(struct store *s, const struct app_ctx *ctx,
                           const struct audit_query *q, struct audit_list *out,
                           int64_t *next)
{
    char last[64] = "";
    bool last_visible = false;
    size_t kept = 0;

    *next = 0;
    enum kz_err err = app_allowed(ctx, ACT_AUDIT_READ, NULL);
    if (err == KZ_OK)
        err = store_audit_list(s, q->after, q->since, q->limit, out);
    if (err != KZ_OK)
        return err;
    /* A full page may have more after it, whether or not its last entry
     * is shown: the reader continues from the last one read. */
    if (out->n > 0 && out->n == (size_t)q->limit)
        *next = out->items[out->n - 1].seq;
    for (size_t i = 0; i < out->n; i++) {
        struct audit_entry *e = &out->items[i];
        /* Entries about one incident tend to come together. */
        if (last[0] == '\0' || strcmp(last, e->target) != 0) {
            last_visible = app_audit_visible(s, &ctx->actor, e->target, false);
            snprintf(last, sizeof(last), "%s", e->target);
        }
        if (last_visible)
            out->items[kept++] = *e;
        else
            audit_entry_cleanup(e);
    }
    out->n = kept;
    return KZ_OK;
}
