/* SPDX-License-Identifier: MIT */
/*
 * incident_json.c - the incident record <-> JSON, driven by one table of
 * fields so that encoding, decoding and change detection agree.
 */
#include "json/incident_json.h"

#include <stddef.h>
#include <string.h>

#include "util/mem.h"
#include "util/timefmt.h"
#include "util/utf8.h"

enum field_type {
    F_REF,
    F_TEXT,
    F_KEY,
    F_KIND,
    F_PHASE,
    F_SEVERITY,
    F_PRIORITY,
    F_TIME,
    F_PHASE_TIMES,
    F_STRV,
    F_INFO_TYPES,
    F_COUNT,
    F_TLP,
    F_BOOL,
    F_VERSION,
    F_SOURCE, /* bool manual: "manual" or "triage" */
    F_SMALL,  /* int 1..2, or null for 0 */
    F_JUDGED, /* bool a person may judge; null gives it back (see below) */
    F_SOURCE_JUDGED, /* bool manual: "manual" or "derived" */
    F_LEAK_STATE,    /* derived: "confirmed", "possible" or "unknown" */
};

struct field {
    const char *key;
    size_t offset;
    enum field_type type;
    bool writable;
};

#define FIELD(k, t, member, w)                                                 \
    {                                                                          \
        k, offsetof(struct incident, member), t, w                             \
    }

static const struct field fields[] = {
    FIELD("ref", F_REF, ref, false),
    FIELD("title", F_TEXT, title, true),
    FIELD("description", F_TEXT, description, true),
    FIELD("kind", F_KIND, kind, true),
    FIELD("category", F_KEY, category, true),
    FIELD("phase", F_PHASE, phase, false),
    FIELD("severity", F_SEVERITY, severity, true),
    FIELD("priority", F_PRIORITY, priority, true),
    FIELD("severity_source", F_SOURCE, severity_manual, false),
    FIELD("severity_reason", F_TEXT, severity_reason, true),
    FIELD("priority_source", F_SOURCE, priority_manual, false),
    FIELD("occurred_at", F_TIME, occurred_at, true),
    FIELD("discovered_at", F_TIME, discovered_at, true),
    FIELD("reported_at", F_TIME, reported_at, true),
    FIELD("phase_times", F_PHASE_TIMES, phase_times, false),
    FIELD("place", F_KEY, place, true),
    FIELD("detection_trigger", F_KEY, detection_trigger, true),
    FIELD("discoverer", F_TEXT, discoverer, true),
    FIELD("reporter", F_TEXT, reporter, true),
    FIELD("owner", F_TEXT, owner, true),
    FIELD("parties", F_STRV, parties, true),
    FIELD("assets", F_STRV, assets, true),
    FIELD("info_types", F_INFO_TYPES, info_types, true),
    FIELD("affected_persons", F_COUNT, affected_persons, true),
    FIELD("impacts", F_STRV, impacts, true),
    FIELD("direct_cause", F_TEXT, direct_cause, true),
    FIELD("latent_factors", F_TEXT, latent_factors, true),
    FIELD("initial_response", F_TEXT, initial_response, true),
    FIELD("additional_measures", F_TEXT, additional_measures, true),
    FIELD("prevention_measures", F_STRV, prevention_measures, true),
    FIELD("tags", F_STRV, tags, true),
    FIELD("tlp", F_TLP, tlp, true),
    FIELD("restricted", F_BOOL, restricted, true),
    FIELD("members", F_STRV, members, true),
    FIELD("version", F_VERSION, version, false),
    FIELD("created_at", F_TIME, created_at, false),
    FIELD("updated_at", F_TIME, updated_at, false),
    FIELD("created_by", F_TEXT, created_by, false),
    FIELD("aware_at", F_TIME, aware_at, true),
    FIELD("possible_leak", F_BOOL, possible_leak, true),
    FIELD("leak_kinds", F_STRV, leak_kinds, true),
    FIELD("leak_indicators", F_STRV, leak_indicators, true),
    FIELD("encrypted", F_BOOL, encrypted, true),
    FIELD("improper_purpose", F_JUDGED, improper_purpose, true),
    FIELD("improper_purpose_source", F_SOURCE_JUDGED, improper_purpose_manual,
          false),
    FIELD("improper_purpose_reason", F_TEXT, improper_purpose_reason, true),
    FIELD("leak_state", F_LEAK_STATE, possible_leak, false),
    FIELD("affected_persons_max", F_COUNT, affected_persons_max, true),
    FIELD("mynumber_system", F_BOOL, mynumber_system, true),
    FIELD("publicly_viewable", F_BOOL, publicly_viewable, true),
    FIELD("nis2_disruption", F_BOOL, nis2_disruption, true),
    FIELD("nis2_damage_others", F_BOOL, nis2_damage_others, true),
    FIELD("eu_data_subjects", F_BOOL, eu_data_subjects, true),
    FIELD("social_responsibility", F_SMALL, social_responsibility, true),
    FIELD("response_evaluation", F_SMALL, response_evaluation, true),
    FIELD("materiality_determined_at", F_TIME, materiality_determined_at, true),
    FIELD("cause", F_KEY, cause, true),
};

#define NFIELDS (sizeof(fields) / sizeof(fields[0]))

static const struct field *field_find(const char *key)
{
    for (size_t i = 0; i < NFIELDS; i++) {
        if (strcmp(fields[i].key, key) == 0)
            return &fields[i];
    }
    return NULL;
}

bool incident_json_has_field(const char *key)
{
    return field_find(key) != NULL;
}

bool incident_json_is_writable(const char *key)
{
    const struct field *f = field_find(key);

    return f != NULL && f->writable;
}

enum incident_shape incident_json_shape(const char *key)
{
    const struct field *f = field_find(key);

    if (f == NULL)
        return SHAPE_NONE;
    switch (f->type) {
    case F_PRIORITY:
    case F_COUNT:
    case F_VERSION:
    case F_SMALL:
        return SHAPE_INTEGER;
    case F_BOOL:
    case F_JUDGED:
        return SHAPE_BOOLEAN;
    case F_STRV:
        return SHAPE_LIST;
    case F_INFO_TYPES:
        return SHAPE_INFO_TYPES;
    default:
        return SHAPE_TEXT;
    }
}

/* Typed views of a field inside a record. */
#define AT(inc, f, T) ((T *)((char *)(inc) + (f)->offset))
#define CAT(inc, f, T) ((const T *)((const char *)(inc) + (f)->offset))

static json_t *time_json(kz_time t)
{
    char s[TIMEFMT_LEN];

    if (t == KZ_TIME_NONE)
        return json_null();
    return json_string(timefmt_format(t, s));
}

static json_t *text_json(const char *s)
{
    return s ? json_string(s) : json_null();
}

static json_t *encode(const struct incident *inc, const struct field *f)
{
    switch (f->type) {
    case F_REF:
        return json_string(inc->ref);
    case F_TEXT:
    case F_KEY:
        return text_json(*CAT(inc, f, char *));
    case F_KIND:
        return json_string(kind_key(inc->kind));
    case F_PHASE:
        return json_string(phase_key(inc->phase));
    case F_SEVERITY:
        return text_json(severity_key(inc->severity));
    case F_PRIORITY:
        return inc->priority ? json_integer(inc->priority) : json_null();
    case F_TIME:
        return time_json(*CAT(inc, f, kz_time));
    case F_PHASE_TIMES: {
        json_t *o = json_object();
        for (int p = 0; p < PHASE_COUNT; p++) {
            if (inc->phase_times[p] != KZ_TIME_NONE)
                json_object_set_new(o, phase_key((enum phase)p),
                                    time_json(inc->phase_times[p]));
        }
        return o;
    }
    case F_STRV: {
        const struct strv *l = CAT(inc, f, struct strv);
        json_t *a = json_array();
        for (size_t i = 0; i < l->n; i++)
            json_array_append_new(a, json_string(l->v[i]));
        return a;
    }
    case F_INFO_TYPES: {
        json_t *a = json_array();
        for (size_t i = 0; i < inc->n_info_types; i++) {
            const struct info_count *ic = &inc->info_types[i];
            json_array_append_new(a, json_pack("{s:s, s:o}", "type", ic->type,
                                               "count",
                                               ic->count == COUNT_UNKNOWN
                                                   ? json_null()
                                                   : json_integer(ic->count)));
        }
        return a;
    }
    case F_COUNT: {
        int64_t n = *CAT(inc, f, int64_t);
        return n == COUNT_UNKNOWN ? json_null() : json_integer(n);
    }
    case F_TLP:
        return json_string(tlp_key(inc->tlp));
    case F_BOOL:
    case F_JUDGED:
        return json_boolean(*CAT(inc, f, bool));
    case F_SOURCE_JUDGED:
        return json_string(*CAT(inc, f, bool) ? "manual" : "derived");
    case F_LEAK_STATE:
        return json_string(leak_state_key(incident_leak_state(inc)));
    case F_VERSION:
        return json_integer(inc->version);
    case F_SOURCE:
        return json_string(*CAT(inc, f, bool) ? "manual" : "triage");
    case F_SMALL: {
        int n = *CAT(inc, f, int);
        return n ? json_integer(n) : json_null();
    }
    }
    return json_null();
}

json_t *incident_to_json(const struct incident *inc)
{
    json_t *o = json_object();

    /* The keys are the field table's own ASCII names: no UTF-8 check. */
    for (size_t i = 0; i < NFIELDS; i++)
        json_object_set_new_nocheck(o, fields[i].key, encode(inc, &fields[i]));
    return o;
}

json_t *incident_field_to_json(const struct incident *inc, const char *key)
{
    const struct field *f = field_find(key);

    return f ? encode(inc, f) : NULL;
}

/* A JSON string that is valid text, or NULL for JSON null; anything else
 * is a type problem.  The UTF-8 check itself is core's. */
static bool want_text(const json_t *v, const char **out)
{
    if (json_is_null(v)) {
        *out = NULL;
        return true;
    }
    if (!json_is_string(v))
        return false;
    *out = json_string_value(v);
    return true;
}

static enum kz_err decode_strv(const json_t *v, const char *key, struct strv *l,
                               struct kz_problems *p)
{
    size_t i;
    json_t *item;

    if (json_is_null(v)) {
        strv_cleanup(l);
        return KZ_OK;
    }
    if (!json_is_array(v))
        return kz_problems_add(p, key, "v.type_array");
    json_array_foreach(v, i, item)
    {
        if (!json_is_string(item))
            return kz_problems_add_at(p, key, i, NULL, "v.type_string");
    }
    strv_cleanup(l);
    json_array_foreach(v, i, item) strv_push(l, json_string_value(item));
    return KZ_OK;
}

static enum kz_err decode_count(const json_t *v, const char *key, int64_t *out,
                                struct kz_problems *p)
{
    if (json_is_null(v)) {
        *out = COUNT_UNKNOWN;
        return KZ_OK;
    }
    if (!json_is_integer(v))
        return kz_problems_add(p, key, "v.type_integer");
    /* Negative values reach validation, which names them. */
    *out = json_integer_value(v);
    if (*out == COUNT_UNKNOWN)
        *out = -1;
    return KZ_OK;
}

static enum kz_err decode_info_types(const json_t *v, struct incident *inc,
                                     struct kz_problems *p)
{
    size_t i;
    json_t *item;

    if (!json_is_array(v) && !json_is_null(v))
        return kz_problems_add(p, "info_types", "v.type_array");
    json_array_foreach(v, i, item)
    {
        const char *k;
        json_t *member;
        if (!json_is_object(item))
            return kz_problems_add_at(p, "info_types", i, NULL,
                                      "v.type_object");
        json_object_foreach(item, k, member)
        {
            if (strcmp(k, "type") != 0 && strcmp(k, "count") != 0)
                return kz_problems_add_at(p, "info_types", i, k,
                                          "v.unknown_field");
        }
        json_t *type = json_object_get(item, "type");
        json_t *count = json_object_get(item, "count");
        if (!json_is_string(type))
            return kz_problems_add_at(p, "info_types", i, "type",
                                      "v.type_string");
        if (count != NULL && !json_is_null(count) && !json_is_integer(count))
            return kz_problems_add_at(p, "info_types", i, "count",
                                      "v.type_integer");
    }
    for (size_t k = 0; k < inc->n_info_types; k++)
        xfree(inc->info_types[k].type);
    xfree(inc->info_types);
    inc->info_types = NULL;
    inc->n_info_types = 0;
    json_array_foreach(v, i, item)
    {
        json_t *count = json_object_get(item, "count");
        int64_t n = COUNT_UNKNOWN;
        if (json_is_integer(count)) {
            n = json_integer_value(count);
            if (n == COUNT_UNKNOWN)
                n = -1;
        }
        incident_add_info_type(
            inc, json_string_value(json_object_get(item, "type")), n);
    }
    return KZ_OK;
}

static enum kz_err decode_time(const json_t *v, const char *key, kz_time *out,
                               struct kz_problems *p)
{
    if (json_is_null(v)) {
        *out = KZ_TIME_NONE;
        return KZ_OK;
    }
    if (!json_is_string(v))
        return kz_problems_add(p, key, "v.type_string");
    if (timefmt_parse(json_string_value(v), out) != KZ_OK)
        return kz_problems_add(p, key,
                               timefmt_out_of_range(json_string_value(v))
                                   ? "v.time_range"
                                   : "v.time");
    return KZ_OK;
}

/* Decode an enumeration given by its key; 'lookup' maps key to value. */
static enum kz_err decode_enum(const json_t *v, const char *key,
                               bool (*lookup)(const char *, int *), int *out,
                               struct kz_problems *p)
{
    if (!json_is_string(v))
        return kz_problems_add(p, key, "v.type_string");
    if (!lookup(json_string_value(v), out))
        return kz_problems_add(p, key, "v.unknown_key");
    return KZ_OK;
}

static bool lookup_kind(const char *s, int *out)
{
    enum kind k;

    if (!kind_from_key(s, &k))
        return false;
    *out = (int)k;
    return true;
}

static bool lookup_tlp(const char *s, int *out)
{
    enum tlp t;

    if (!tlp_from_key(s, &t))
        return false;
    *out = (int)t;
    return true;
}

static enum kz_err decode(const json_t *v, const struct field *f,
                          struct incident *inc, struct kz_problems *p)
{
    const char *s = NULL;
    int e = 0;
    enum kz_err err;

    switch (f->type) {
    case F_TEXT:
    case F_KEY:
        if (!want_text(v, &s))
            return kz_problems_add(p, f->key, "v.type_string");
        xstrset(AT(inc, f, char *), s);
        return KZ_OK;
    case F_KIND:
        err = decode_enum(v, f->key, lookup_kind, &e, p);
        if (err == KZ_OK)
            inc->kind = (enum kind)e;
        return err;
    case F_TLP:
        err = decode_enum(v, f->key, lookup_tlp, &e, p);
        if (err == KZ_OK)
            inc->tlp = (enum tlp)e;
        return err;
    case F_SEVERITY:
        if (json_is_null(v)) {
            inc->severity = 0;
            return KZ_OK;
        }
        if (!json_is_string(v))
            return kz_problems_add(p, f->key, "v.severity");
        if (!severity_from_key(json_string_value(v), &inc->severity))
            return kz_problems_add(p, f->key, "v.severity");
        return KZ_OK;
    case F_PRIORITY:
        if (json_is_null(v)) {
            inc->priority = 0;
            return KZ_OK;
        }
        if (!json_is_integer(v) || json_integer_value(v) < 1 ||
            json_integer_value(v) > 4)
            return kz_problems_add(p, f->key, "v.priority");
        inc->priority = (int)json_integer_value(v);
        return KZ_OK;
    case F_TIME:
        return decode_time(v, f->key, AT(inc, f, kz_time), p);
    case F_STRV:
        return decode_strv(v, f->key, AT(inc, f, struct strv), p);
    case F_INFO_TYPES:
        return decode_info_types(v, inc, p);
    case F_COUNT:
        return decode_count(v, f->key, AT(inc, f, int64_t), p);
    case F_BOOL:
        if (!json_is_boolean(v))
            return kz_problems_add(p, f->key, "v.type_boolean");
        *AT(inc, f, bool) = json_is_true(v);
        return KZ_OK;
    case F_JUDGED:
        if (!json_is_boolean(v) && !json_is_null(v))
            return kz_problems_add(p, f->key, "v.type_boolean");
        *AT(inc, f, bool) = json_is_true(v);
        return KZ_OK;
    case F_SOURCE_JUDGED:
    case F_LEAK_STATE:
        break;
    case F_SMALL:
        if (json_is_null(v)) {
            *AT(inc, f, int) = 0;
            return KZ_OK;
        }
        if (!json_is_integer(v) || json_integer_value(v) < 1 ||
            json_integer_value(v) > 2)
            return kz_problems_add(p, f->key, "v.one_or_two");
        *AT(inc, f, int) = (int)json_integer_value(v);
        return KZ_OK;
    case F_REF:
    case F_PHASE:
    case F_PHASE_TIMES:
    case F_VERSION:
    case F_SOURCE:
        break;
    }
    return kz_problems_add(p, f->key, "v.readonly");
}

/*
 * Whether improper_purpose is a person's judgement (APPI 規則7条3号):
 * true is; false is only with a reason, given now (with it or alone) or
 * kept from before,
 * since a "no" overrides what the category and the cyber indicators
 * suggest; null gives the question back to them.  Without a reason a
 * false asserts nothing and the record's facts still decide.
 */
static void judge_improper(const json_t *obj, struct incident *inc)
{
    json_t *v = json_object_get(obj, "improper_purpose");
    bool reasoned = !utf8_is_blank(inc->improper_purpose_reason);

    if (v == NULL) {
        /* Giving a "no" its reason makes it a judgement; taking the
         * reason away takes the judgement back with it. */
        if (!inc->improper_purpose &&
            (!reasoned ||
             json_object_get(obj, "improper_purpose_reason") != NULL))
            inc->improper_purpose_manual = reasoned;
        return;
    }
    if (json_is_null(v))
        inc->improper_purpose_manual = false;
    else if (json_is_true(v))
        inc->improper_purpose_manual = true;
    else if (json_is_false(v))
        inc->improper_purpose_manual = reasoned;
}

enum kz_err incident_from_json(const json_t *obj, enum incident_json_mode mode,
                               struct incident *inc, struct kz_problems *p)
{
    const char *key;
    json_t *v;
    size_t before = p->n;

    if (!json_is_object(obj))
        return KZ_EMALFORMED;
    json_object_foreach((json_t *)obj, key, v)
    {
        const struct field *f = field_find(key);
        if (f == NULL) {
            kz_problems_add(p, key, "v.unknown_field");
            continue;
        }
        if (!f->writable) {
            /* A client may send back what it read; only a change to a
             * field kizuki keeps itself is refused. */
            json_t *now = encode(inc, f);
            bool same = mode == INCIDENT_JSON_PATCH && json_equal(now, v);
            json_decref(now);
            if (!same)
                kz_problems_add(p, key,
                                f->type == F_PHASE ? "v.phase_via_move"
                                                   : "v.readonly");
            continue;
        }
        (void)decode(v, f, inc, p);
    }
    judge_improper(obj, inc);
    return p->n > before || p->truncated ? KZ_EINVAL : KZ_OK;
}
