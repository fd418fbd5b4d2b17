/* SPDX-License-Identifier: MIT */
/*
 * chronology_json.c - chronology entries <-> JSON (see chronology_json.h).
 *
 * Bodies are serialised compactly with sorted keys, because the body text
 * is what the hash chain covers and must not depend on insertion order.
 */
#include "json/chronology_json.h"

#include "util/timefmt.h"

#define BODY_FLAGS (JSON_COMPACT | JSON_SORT_KEYS)

json_t *chron_entry_to_json(const struct chron_entry *e)
{
    char at[TIMEFMT_LEN];
    json_t *o = json_pack(
        "{s:I, s:s, s:s, s:s, s:s, s:s, s:s}", "seq", (json_int_t)e->seq,
        "kind", entry_kind_key(e->kind), "actor", e->actor ? e->actor : "",
        "at", timefmt_format(e->at, at), "body", e->body ? e->body : "",
        "prev_hash", e->prev_hash, "hash", e->hash);

    json_object_set_new(o, "for_report", json_boolean(e->for_report));

    if (e->kind == ENTRY_PHASE_CHANGE || e->kind == ENTRY_FIELD_CHANGE) {
        json_t *change = json_loads(e->body ? e->body : "", 0, NULL);
        if (change != NULL)
            json_object_set_new(o, "change", change);
    }
    return o;
}

char *chron_phase_body(enum phase from, enum phase to, const char *reason)
{
    json_t *o = json_object();

    json_object_set_new(o, "from",
                        from < PHASE_COUNT ? json_string(phase_key(from))
                                           : json_null());
    json_object_set_new(o, "to", json_string(phase_key(to)));
    if (reason != NULL && reason[0] != '\0')
        json_object_set_new(o, "reason", json_string(reason));
    char *text = json_dumps(o, BODY_FLAGS);
    json_decref(o);
    return text;
}

char *chron_field_body(const char *field, json_t *from, json_t *to)
{
    json_t *o = json_object();

    json_object_set_new(o, "field", json_string(field));
    json_object_set(o, "from", from ? from : json_null());
    json_object_set(o, "to", to ? to : json_null());
    char *text = json_dumps(o, BODY_FLAGS);
    json_decref(o);
    return text;
}
