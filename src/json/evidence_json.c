/* SPDX-License-Identifier: MIT */
/*
 * evidence_json.c - evidence and custody as JSON (see evidence_json.h).
 */
#include "json/evidence_json.h"

#include "json/fields.h"

/* A hash, or null for an item without content. */
static json_t *hash_json(bool has, const char *hex)
{
    return has ? json_string(hex) : json_null();
}

json_t *evidence_to_json(const struct evidence *ev)
{
    json_t *o = json_pack(
        "{s:I, s:s, s:o, s:o, s:o, s:b, s:I, s:o, s:o, s:o, s:o, s:o}", "id",
        (json_int_t)ev->id, "incident", ev->ref, "name", jf_text_json(ev->name),
        "original_name", jf_text_json(ev->original_name), "description",
        jf_text_json(ev->description), "has_content", ev->has_content, "size",
        (json_int_t)ev->size, "sha256", hash_json(ev->has_content, ev->sha256),
        "md5", hash_json(ev->has_content, ev->md5), "sha1",
        hash_json(ev->has_content, ev->sha1), "media_type",
        jf_text_json(ev->media_type), "location", jf_text_json(ev->location));

    if (o == NULL)
        return NULL;
    json_object_set_new(o, "acquired_at", jf_time_json(ev->acquired_at));
    json_object_set_new(o, "acquired_by", jf_text_json(ev->acquired_by));
    json_object_set_new(o, "uploaded_at", jf_time_json(ev->uploaded_at));
    json_object_set_new(o, "uploaded_by", jf_text_json(ev->uploaded_by));
    json_object_set_new(o, "state", json_string(evidence_state_key(ev->state)));
    json_object_set_new(o, "custody_count", json_integer(ev->custody_count));
    return o;
}

/* An empty text as null: "not stated". */
static json_t *opt_text(const char *s)
{
    return s != NULL && *s != '\0' ? jf_text_json(s) : json_null();
}

json_t *custody_event_to_json(const struct custody_event *e)
{
    return json_pack(
        "{s:I, s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:s}", "seq",
        (json_int_t)e->seq, "action", custody_action_key(e->action), "from",
        opt_text(e->from), "to", opt_text(e->to), "at", jf_time_json(e->at),
        "location", opt_text(e->location), "reason", opt_text(e->reason),
        "recorded_by", jf_text_json(e->actor), "recorded_at",
        jf_time_json(e->recorded_at), "hash", e->hash);
}
