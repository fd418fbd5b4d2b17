/* SPDX-License-Identifier: MIT */
/*
 * store_codec.c - lists of strings stored as JSON text (store_codec.h).
 */
#include "store/store_codec.h"

#include <string.h>

#include "util/mem.h"

json_t *store_strv_to_json(const struct strv *l)
{
    json_t *a = json_array();

    for (size_t i = 0; i < l->n; i++)
        json_array_append_new(a, json_string(l->v[i]));
    return a;
}

char *store_strv_encode(const struct strv *l)
{
    /* Most lists of a record are empty: no JSON value for those. */
    if (l->n == 0)
        return xstrdup("[]");
    json_t *a = store_strv_to_json(l);
    char *text = json_dumps(a, JSON_COMPACT);
    json_decref(a);
    return text;
}

void store_strv_from_json(const json_t *a, struct strv *out)
{
    size_t i;
    json_t *v;

    strv_cleanup(out);
    json_array_foreach(a, i, v)
    {
        if (json_is_string(v))
            strv_push(out, json_string_value(v));
    }
}

void store_strv_decode(const char *text, struct strv *out)
{
    /* Every read of a record decodes six lists, most of them empty; a
     * parse of "[]" costs more than the rest of the row. */
    if (text == NULL || text[0] == '\0' || strcmp(text, "[]") == 0) {
        strv_cleanup(out);
        return;
    }
    json_t *a = json_loads(text, 0, NULL);
    store_strv_from_json(a, out);
    json_decref(a);
}
