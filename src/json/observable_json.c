/* SPDX-License-Identifier: MIT */
/*
 * observable_json.c - observables as JSON (see observable_json.h).
 */
#include "json/observable_json.h"

#include <jansson.h>
#include <string.h>

#include "json/chronology_json.h"
#include "json/fields.h"

json_t *observable_to_json(const struct observable *o)
{
    return json_pack(
        "{s:I, s:s, s:s, s:s, s:s, s:b, s:b, s:i, s:o, s:o, s:o}", "id",
        (json_int_t)o->id, "type", obs_type_key(o->type), "value",
        o->value ? o->value : "", "display",
        o->display ? o->display : (o->value ? o->value : ""), "tlp",
        tlp_key(o->tlp), "ioc", o->ioc, "sighted", o->sighted, "seen_in",
        o->seen_in, "note", jf_text_json(o->note), "created_at",
        jf_time_json(o->created_at), "created_by", jf_text_json(o->created_by));
}

json_t *obs_hit_to_json(const char *ref, const char *title, enum phase phase,
                        kz_time discovered_at, const struct observable *o)
{
    return json_pack(
        "{s:s, s:o, s:s, s:o, s:I, s:s, s:s, s:s, s:s, s:b, s:b, s:o}", "ref",
        ref, "title", jf_text_json(title), "phase", phase_key(phase),
        "discovered_at", jf_time_json(discovered_at), "id", (json_int_t)o->id,
        "type", obs_type_key(o->type), "value", o->value ? o->value : "",
        "display", o->display ? o->display : (o->value ? o->value : ""), "tlp",
        tlp_key(o->tlp), "ioc", o->ioc, "sighted", o->sighted, "created_at",
        jf_time_json(o->created_at));
}

json_t *obs_related_to_json(const char *ref, const char *title,
                            enum phase phase, const struct observable *shared,
                            size_t n)
{
    json_t *values = json_array();

    for (size_t i = 0; i < n; i++) {
        const struct observable *o = &shared[i];
        json_array_append_new(
            values, json_pack("{s:s, s:s, s:s}", "type", obs_type_key(o->type),
                              "value", o->value ? o->value : "", "display",
                              o->display ? o->display : ""));
    }
    return json_pack("{s:s, s:o, s:s, s:I, s:o}", "ref", ref, "title",
                     jf_text_json(title), "phase", phase_key(phase), "shared",
                     (json_int_t)n, "values", values);
}

json_t *obs_candidate_to_json(const struct obs_candidate *c, bool known,
                              int seen_in)
{
    return json_pack("{s:s, s:s, s:s, s:b, s:i}", "type", obs_type_key(c->type),
                     "value", c->value, "display",
                     c->display ? c->display : c->value, "known", known,
                     "seen_in", seen_in);
}

static void bad(struct kz_problems *p, bool batch, size_t index,
                const char *field, const char *key)
{
    if (batch)
        kz_problems_add_at(p, "items", index, field, key);
    else
        kz_problems_add(p, field, key);
}

/* The string 'key' of 'obj' into *dst (NULL when absent or null). */
static void text(const json_t *obj, const char *key, bool batch, size_t index,
                 const char **dst, struct kz_problems *p)
{
    const json_t *v = json_object_get(obj, key);

    *dst = NULL;
    if (v == NULL || json_is_null(v))
        return;
    if (json_is_string(v))
        *dst = json_string_value(v);
    else
        bad(p, batch, index, key, "v.type_string");
}

static void flag(const json_t *obj, const char *key, bool batch, size_t index,
                 bool *dst, struct kz_problems *p)
{
    const json_t *v = json_object_get(obj, key);

    *dst = false;
    if (v == NULL || json_is_null(v))
        return;
    if (json_is_boolean(v))
        *dst = json_is_true(v);
    else
        bad(p, batch, index, key, "v.type_boolean");
}

bool obs_input_from_json(const json_t *obj, bool batch, size_t index,
                         struct obs_input *in, struct kz_problems *p)
{
    static const char *const keys[] = {"type",    "value", "tlp", "ioc",
                                       "sighted", "note",  NULL};
    size_t before = p->n;
    const char *k;
    json_t *v;

    memset(in, 0, sizeof(*in));
    if (!json_is_object(obj)) {
        if (batch)
            kz_problems_add_at(p, "items", index, "", "v.type_object");
        else
            kz_problems_add(p, "body", "v.type_object");
        return false;
    }
    json_object_foreach((json_t *)obj, k, v)
    {
        bool known = false;
        for (size_t i = 0; keys[i] != NULL && !known; i++)
            known = strcmp(k, keys[i]) == 0;
        if (!known)
            bad(p, batch, index, k, "v.unknown_key");
    }
    text(obj, "type", batch, index, &in->type, p);
    text(obj, "value", batch, index, &in->value, p);
    text(obj, "tlp", batch, index, &in->tlp, p);
    text(obj, "note", batch, index, &in->note, p);
    flag(obj, "ioc", batch, index, &in->ioc, p);
    flag(obj, "sighted", batch, index, &in->sighted, p);
    if (json_object_get(obj, "type") == NULL)
        bad(p, batch, index, "type", "v.required");
    if (json_object_get(obj, "value") == NULL)
        bad(p, batch, index, "value", "v.required");
    return p->n == before;
}

/* 'o' as the chronology names it: a message of its own, since the
 * chronology renders each element of a list as one. */
static json_t *named(const struct observable *o)
{
    return json_pack("{s:s, s:{s:s, s:s}}", "msg", "chron.obs_value", "args",
                     "type", obs_type_key(o->type), "value",
                     o->display ? o->display : o->value);
}

static json_t *named_all(const struct observable *o, size_t n)
{
    json_t *values = json_array();

    for (size_t i = 0; i < n; i++)
        json_array_append_new(values, named(&o[i]));
    return values;
}

char *obs_batch_body(bool added, const struct observable *o, size_t n)
{
    return chron_sys_body(
        added ? "chron.obs_added" : "chron.obs_removed",
        json_pack("{s:I, s:o}", "n", (json_int_t)n, "values", named_all(o, n)));
}

/* A compact text of 'd' with sorted keys (OUT: caller frees; 'd'
 * taken). */
static char *dump(json_t *d)
{
    char *text = json_dumps(d, JSON_COMPACT | JSON_SORT_KEYS);

    json_decref(d);
    return text;
}

char *obs_batch_detail(const struct observable *o, size_t n)
{
    json_t *ids = json_array();

    for (size_t i = 0; i < n; i++)
        json_array_append_new(ids, json_integer((json_int_t)o[i].id));
    return dump(
        json_pack("{s:o, s:o}", "observables", ids, "values", named_all(o, n)));
}

char *obs_update_detail(const struct observable *o)
{
    return dump(json_pack("{s:I, s:s, s:s, s:b, s:b, s:b}", "observable",
                          (json_int_t)o->id, "value", o->value, "tlp",
                          tlp_key(o->tlp), "ioc", o->ioc, "sighted", o->sighted,
                          "note", o->note != NULL));
}
