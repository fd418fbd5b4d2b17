/* SPDX-License-Identifier: MIT */
/*
 * taxonomy_json.c - taxonomies as JSON (see taxonomy_json.h).
 */
#include "json/taxonomy_json.h"

json_t *taxonomy_to_json(const struct taxonomy *t, enum lang lang)
{
    json_t *items = json_array();

    for (size_t i = 0; i < t->count; i++)
        json_array_append_new(
            items, json_pack("{s:s, s:s}", "key", t->entries[i].key, "label",
                             taxonomy_entry_label(&t->entries[i], lang)));
    return json_pack("{s:s, s:s, s:o}", "name", t->name, "label",
                     lang == LANG_EN ? t->en : t->ja, "items", items);
}
