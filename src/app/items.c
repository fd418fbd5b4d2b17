/* SPDX-License-Identifier: MIT */
/*
 * items.c - items around an incident (see items.h).
 */
#include "app/items.h"

#include <stdio.h>

#include "app/audit_log.h"
#include "app/chronicle.h"
#include "app/duty_due.h"
#include "json/fields.h"
#include "util/mem.h"

json_t *app_items_to_json(const struct item_list *l)
{
    json_t *a = json_array();

    for (size_t i = 0; i < l->n; i++) {
        const struct item *it = &l->items[i];
        json_t *o = json_loads(it->json ? it->json : "{}", 0, NULL);
        if (!json_is_object(o)) {
            json_decref(o);
            o = json_object();
        }
        json_object_set_new(o, "id", json_integer(it->id));
        json_object_set_new(o, "version", json_integer(it->version));
        json_object_set_new(o, "created_at", jf_time_json(it->created_at));
        json_object_set_new(o, "created_by", jf_text_json(it->created_by));
        json_array_append_new(a, o);
    }
    return a;
}

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
