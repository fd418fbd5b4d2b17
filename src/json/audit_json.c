/* SPDX-License-Identifier: MIT */
/*
 * audit_json.c - audit entries and their details as JSON (see
 * audit_json.h).  The details are hashed into the audit chain as stored,
 * so the text written here must not change for the same input.
 */
#include "json/audit_json.h"

#include <string.h>

#include "util/buf.h"
#include "util/mem.h"

json_t *audit_entry_to_json(const struct audit_entry *e)
{
    char at[TIMEFMT_LEN];
    json_t *detail =
        e->detail && e->detail[0] ? json_loads(e->detail, 0, NULL) : NULL;

    return json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:o, s:s, s:s}", "seq",
                     (json_int_t)e->seq, "at", timefmt_format(e->at, at),
                     "actor", e->actor, "action", e->action, "target",
                     e->target, "source", e->source, "detail",
                     detail ? detail : json_null(), "prev_hash", e->prev_hash,
                     "hash", e->hash);
}

char *audit_detail_with_chron(const char *detail, const struct chron_head *head)
{
    if (detail == NULL || detail[0] == '\0') {
        /* The common case (creates, notes): nothing to merge, and a
         * count and a hex hash need no escaping. */
        struct buf b;
        buf_init(&b, 256);
        if (buf_printf(&b, "{\"chron\":{\"count\":%lld,\"hash\":\"%s\"}}",
                       (long long)head->count, head->hash) != KZ_OK) {
            buf_cleanup(&b);
            return NULL;
        }
        return buf_take(&b);
    }
    json_t *obj = json_loads(detail, 0, NULL);
    /* Every detail kizuki writes is an object; anything else is kept
     * whole under "detail" rather than lost. */
    if (obj != NULL && !json_is_object(obj)) {
        json_t *wrap = json_object();
        json_object_set_new(wrap, "detail", obj);
        obj = wrap;
    } else if (obj == NULL) {
        obj = json_object();
        json_object_set_new(obj, "detail", json_string(detail));
    }
    json_object_set_new(obj, "chron",
                        json_pack("{s:I, s:s}", "count",
                                  (json_int_t)head->count, "hash", head->hash));
    /* jansson allocates through util/mem.h (cli.c), so xfree() frees it. */
    char *out = json_dumps(obj, JSON_COMPACT);
    json_decref(obj);
    return out;
}

bool audit_detail_chron(const char *detail, struct chron_head *head)
{
    if (detail == NULL || detail[0] == '\0')
        return false;
    json_t *d = json_loads(detail, 0, NULL);
    json_t *c = json_object_get(d, "chron");
    json_t *count = json_object_get(c, "count");
    const char *hash = json_string_value(json_object_get(c, "hash"));
    bool ok = json_is_integer(count) && json_integer_value(count) > 0 &&
              hash != NULL && strlen(hash) == HASH_HEX_SIZE - 1;
    if (ok) {
        head->count = json_integer_value(count);
        memcpy(head->hash, hash, HASH_HEX_SIZE);
    }
    json_decref(d);
    return ok;
}
