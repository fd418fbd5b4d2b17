/* SPDX-License-Identifier: MIT */
/*
 * filter_json.c - saved list filters as JSON (see filter_json.h).
 */
#include "json/filter_json.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "json/fields.h"
#include "util/mem.h"
#include "util/utf8.h"

void filter_input_init(struct filter_input *in)
{
    memset(in, 0, sizeof(*in));
}

void filter_input_cleanup(struct filter_input *in)
{
    xfree(in->name);
    query_cleanup(&in->query);
    filter_input_init(in);
}

/* Add the pairs of object 'o' to 'q'; problems for values of other
 * types than the list's parameters take. */
static void from_object(const json_t *o, struct query *q, struct kz_problems *p)
{
    const char *k;
    json_t *v;
    char field[64];

    json_object_foreach((json_t *)o, k, v)
    {
        char num[24];
        const char *s = NULL;
        snprintf(field, sizeof(field), "query.%s", k);
        if (json_is_string(v))
            s = json_string_value(v);
        else if (json_is_boolean(v))
            s = json_is_true(v) ? "true" : "false";
        else if (json_is_integer(v)) {
            snprintf(num, sizeof(num), "%lld",
                     (long long)json_integer_value(v));
            s = num;
        }
        if (s == NULL || q->n == QUERY_PAIRS_MAX) {
            kz_problems_add(p, field, "v.type_string");
            continue;
        }
        /* jansson holds UTF-8 already; control characters are no part of
         * any of the list's values. */
        if (utf8_has_control(s, false)) {
            kz_problems_add(p, field, "v.control");
            continue;
        }
        q->v[q->n].key = xstrdup(k);
        q->v[q->n].value = xstrdup(s);
        q->n++;
    }
}

enum kz_err list_query_from_json(const json_t *in, struct query *out,
                                 struct kz_problems *p)
{
    size_t before = p->n;

    memset(out, 0, sizeof(*out));
    if (json_is_string(in)) {
        if (query_parse(json_string_value(in), out) != KZ_OK)
            kz_problems_add(p, "query", "list.bad_query");
    } else if (json_is_object(in)) {
        from_object(in, out, p);
    } else {
        kz_problems_add(p, "query", "v.type_string");
    }
    return p->n > before ? KZ_EINVAL : KZ_OK;
}

enum kz_err filter_input_from_json(const json_t *body, struct filter_input *out,
                                   struct kz_problems *p)
{
    static const char *const keys[] = {"name", "query", "default", NULL};
    size_t before = p->n;
    struct kz_problems *r = &out->read;
    json_t *name = json_object_get(body, "name");
    json_t *query = json_object_get(body, "query");
    json_t *def = json_object_get(body, "default");

    jf_only(body, keys, p);
    out->has_name = name != NULL;
    if (name != NULL && !json_is_string(name))
        kz_problems_add(r, "name", "v.type_string");
    else if (name != NULL)
        xstrset(&out->name, json_string_value(name));
    out->has_query = query != NULL;
    if (query != NULL)
        out->query_read = list_query_from_json(query, &out->query, r) == KZ_OK;
    if (def != NULL && !json_is_boolean(def))
        kz_problems_add(r, "default", "v.type_boolean");
    out->has_default = json_is_boolean(def);
    out->is_default = json_is_true(def);
    return p->n > before || r->n > 0 ? KZ_EINVAL : KZ_OK;
}

json_t *list_query_params_to_json(const char *q)
{
    struct query pq;
    json_t *o = json_object();

    if (query_parse(q, &pq) == KZ_OK) {
        for (size_t i = 0; i < pq.n; i++)
            json_object_set_new(o, pq.v[i].key, json_string(pq.v[i].value));
    }
    query_cleanup(&pq);
    return o;
}

json_t *filter_to_json(const struct saved_filter *f)
{
    return json_pack("{s:I, s:s, s:s, s:o, s:b, s:o, s:o}", "id",
                     (json_int_t)f->id, "name", f->name ? f->name : "", "query",
                     f->query ? f->query : "", "params",
                     list_query_params_to_json(f->query), "default",
                     f->is_default, "created_at", jf_time_json(f->created_at),
                     "updated_at", jf_time_json(f->updated_at));
}
