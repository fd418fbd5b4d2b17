/* SPDX-License-Identifier: MIT */
/*
 * items.c - items around an incident (see items.h).
 */
#include "app/items.h"

#include <stdio.h>

#include "app/audit_log.h"
#include "app/chronicle.h"
#include "app/duty_due.h"
#include "util/mem.h"

enum kz_err app_item_save(struct store *s, const struct app_ctx *ctx,
                          const struct incident *inc, enum item_kind k,
                          const char *key, int64_t id, int64_t version,
                          const char *doc, enum entry_kind entry,
                          const char *chron, struct item *out)
{
    struct item it;
    char action[48];
    char detail[96];
    enum kz_err err;

    item_init(&it);
    it.id = id;
    it.version = version;
    it.incident_id = inc->id;
    it.kind = k;
    it.key = xstrdup(key);
    it.json = xstrdup(doc);
    it.created_at = ctx->now;
    it.updated_at = ctx->now;
    it.created_by = xstrdup(ctx->actor.name);
    err = store_begin(s);
    if (err == KZ_OK)
        err = store_item_put(s, &it);
    /* A filing settles a duty (or, for NIS2, starts the next one's clock):
     * the incident's soonest due time moves. */
    if (err == KZ_OK && k == ITEM_FILING)
        err = app_duty_due_note(s, NULL, inc, ctx->now);
    if (err == KZ_OK && chron != NULL)
        err = app_chron_append(s, inc, NULL, entry, ctx->actor.name, ctx->now,
                               xstrdup(chron), NULL);
    if (err == KZ_OK) {
        snprintf(action, sizeof(action), "%s.record", item_kind_key(k));
        snprintf(detail, sizeof(detail), "{\"item\":%lld}", (long long)it.id);
        err = app_audit(s, ctx, action, inc->ref, detail);
    }
    if (err == KZ_OK)
        err = store_commit(s);
    else if (store_depth(s) > 0)
        store_rollback(s);
    if (err == KZ_OK && out != NULL) {
        item_cleanup(out);
        *out = it;
    } else {
        item_cleanup(&it);
    }
    return err;
}
