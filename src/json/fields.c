/* SPDX-License-Identifier: MIT */
/*
 * fields.c - member readers and optional-value writers (see fields.h).
 */
#include "json/fields.h"

#include <string.h>

#include "core/incident.h"
#include "util/mem.h"

void jf_only(const json_t *obj, const char *const *keys, struct kz_problems *p)
{
    const char *k;
    json_t *v;

    json_object_foreach((json_t *)obj, k, v)
    {
        bool known = false;
        for (size_t i = 0; keys[i] != NULL && !known; i++)
            known = strcmp(keys[i], k) == 0;
        if (!known)
            kz_problems_add(p, k, "v.unknown_field");
    }
}

void jf_text(const json_t *obj, const char *key, char **dst,
             struct kz_problems *p)
{
    json_t *v = json_object_get(obj, key);

    if (v == NULL)
        return;
    if (json_is_null(v))
        xstrset(dst, NULL);
    else if (json_is_string(v))
        xstrset(dst, json_string_value(v));
    else
        kz_problems_add(p, key, "v.type_string");
}

void jf_strv(const json_t *obj, const char *key, struct strv *dst,
             struct kz_problems *p)
{
    json_t *v = json_object_get(obj, key);
    size_t i;
    json_t *item;

    if (v == NULL)
        return;
    if (json_is_null(v)) {
        strv_cleanup(dst);
        return;
    }
    if (!json_is_array(v)) {
        kz_problems_add(p, key, "v.type_array");
        return;
    }
    json_array_foreach(v, i, item)
    {
        if (!json_is_string(item)) {
            kz_problems_add_at(p, key, i, NULL, "v.type_string");
            return;
        }
    }
    strv_cleanup(dst);
    json_array_foreach(v, i, item) strv_push(dst, json_string_value(item));
}

void jf_int(const json_t *obj, const char *key, int *dst, int min, int max,
            const char *msg, struct kz_problems *p)
{
    json_t *v = json_object_get(obj, key);

    if (v == NULL)
        return;
    if (!json_is_integer(v)) {
        kz_problems_add(p, key, "v.type_integer");
        return;
    }
    json_int_t n = json_integer_value(v);
    if (n < min || n > max) {
        kz_problems_add(p, key, msg);
        return;
    }
    *dst = (int)n;
}

void jf_bool(const json_t *obj, const char *key, bool *dst,
             struct kz_problems *p)
{
    json_t *v = json_object_get(obj, key);

    if (v == NULL)
        return;
    if (!json_is_boolean(v)) {
        kz_problems_add(p, key, "v.type_boolean");
        return;
    }
    *dst = json_is_true(v);
}

void jf_time(const json_t *obj, const char *key, kz_time *dst,
             struct kz_problems *p)
{
    json_t *v = json_object_get(obj, key);
    kz_time t;

    if (v == NULL)
        return;
    if (json_is_null(v)) {
        *dst = KZ_TIME_NONE;
        return;
    }
    if (!json_is_string(v) ||
        timefmt_parse(json_string_value(v), &t) != KZ_OK) {
        /* A well-formed date that does not exist is told apart from a
         * badly written one: the format example would not help. */
        kz_problems_add(p, key,
                        json_is_string(v) &&
                                timefmt_out_of_range(json_string_value(v))
                            ? "v.time_range"
                            : "v.time");
        return;
    }
    /* As for the record's own times (core/incident.h). */
    if (t < INCIDENT_TIME_MIN) {
        kz_problems_add(p, key, "v.too_early");
        return;
    }
    *dst = t;
}

void jf_severity(const json_t *obj, const char *key, int *dst, bool nullable,
                 struct kz_problems *p)
{
    json_t *v = json_object_get(obj, key);
    int sev = 0;

    if (v == NULL)
        return;
    if (nullable && json_is_null(v)) {
        *dst = 0;
        return;
    }
    if (!json_is_string(v) || !severity_from_key(json_string_value(v), &sev)) {
        kz_problems_add(p, key, "v.severity");
        return;
    }
    *dst = sev;
}

json_t *jf_text_json(const char *s)
{
    return s ? json_string(s) : json_null();
}

json_t *jf_time_json(kz_time t)
{
    char s[TIMEFMT_LEN];

    return t == KZ_TIME_NONE ? json_null() : json_string(timefmt_format(t, s));
}

json_t *jf_strv_json(const struct strv *l)
{
    json_t *a = json_array();

    for (size_t i = 0; i < l->n; i++)
        json_array_append_new(a, json_string(l->v[i]));
    return a;
}
