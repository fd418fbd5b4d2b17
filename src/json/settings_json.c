/* SPDX-License-Identifier: MIT */
/*
 * settings_json.c - the settings as JSON (see settings_json.h).  The
 * rules are core's (core/setting.c); this reads the JSON types and names
 * the problems in the order the client sent the members.
 */
#include "json/settings_json.h"

#include <stdio.h>

#include "util/mem.h"

json_t *settings_to_json(const struct settings *s)
{
    json_t *o = json_object();

    for (size_t i = 0; i < SETTING_COUNT; i++) {
        const struct setting_def *d = setting_def((enum setting_id)i);
        const struct setting_value *v = &s->v[i];
        switch (d->type) {
        case SETTING_SECRET: {
            char set_key[64];
            snprintf(set_key, sizeof(set_key), "%s_set", d->key);
            json_object_set_new(o, set_key, json_boolean(v->given));
            break;
        }
        case SETTING_BOOL:
            json_object_set_new(o, d->key,
                                v->given ? json_boolean(v->on) : json_null());
            break;
        case SETTING_ONE_TWO:
        case SETTING_HOURS:
        case SETTING_DAYS:
            json_object_set_new(o, d->key, json_integer(v->number));
            break;
        default:
            json_object_set_new(o, d->key,
                                v->given && v->text ? json_string(v->text)
                                                    : json_null());
        }
    }
    return o;
}

/* Read member 'j' of setting 'id' into 'v'; a problem when it does not
 * fit. */
static void read_value(enum setting_id id, const json_t *j,
                       struct setting_value *v, struct kz_problems *p)
{
    const struct setting_def *d = setting_def(id);

    switch (d->type) {
    case SETTING_BOOL:
        if (!json_is_boolean(j)) {
            kz_problems_add(p, d->key, "v.type_boolean");
            return;
        }
        v->on = json_is_true(j);
        break;
    case SETTING_ONE_TWO:
    case SETTING_HOURS:
    case SETTING_DAYS:
        if (!json_is_integer(j) ||
            !setting_number_ok(id, (long long)json_integer_value(j))) {
            kz_problems_add(p, d->key, setting_number_rule(id));
            return;
        }
        v->number = (long long)json_integer_value(j);
        break;
    default:
        if (json_is_null(j)) {
            xstrset(&v->text, "");
            break;
        }
        if (!json_is_string(j)) {
            kz_problems_add(p, d->key, "v.type_string");
            return;
        }
        size_t before = p->n;
        const char *t = json_string_value(j);
        if (t[0] != '\0')
            setting_check_text(id, t, p);
        if (p->n > before)
            return;
        xstrset(&v->text, t);
    }
    v->given = true;
}

enum kz_err settings_from_json(const json_t *obj, struct settings *out,
                               struct kz_problems *p)
{
    const char *k;
    json_t *j;
    size_t before = p->n;

    json_object_foreach((json_t *)obj, k, j)
    {
        enum setting_id id;
        if (!setting_find(k, &id)) {
            kz_problems_add(p, k, "v.unknown_field");
            continue;
        }
        read_value(id, j, &out->v[id], p);
    }
    return p->n > before ? KZ_EINVAL : KZ_OK;
}
