/* SPDX-License-Identifier: MIT */
/*
 * items_json.c - items around an incident as JSON (see items_json.h).
 */
#include "json/items_json.h"

#include <jansson.h>

#include "json/fields.h"

json_t *items_to_json(const struct item_list *l)
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
