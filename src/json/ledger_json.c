/* SPDX-License-Identifier: MIT */
/*
 * ledger_json.c - damage estimate and cost ledger as JSON (see
 * ledger_json.h).
 */
#include "json/ledger_json.h"

#include <jansson.h>

#include "core/taxonomy.h"
#include "json/fields.h"
#include "util/mem.h"

static json_t *label_of(const char *key, enum lang lang)
{
    const char *l = key ? taxonomy_label(&taxonomy_info_type, key, lang) : NULL;

    return l ? json_string(l) : json_null();
}

json_t *damage_to_json(const struct damage *d, enum lang lang)
{
    /* Unknown is null, never 0: a total of ¥0 would read as "no harm". */
    return json_pack(
        "{s:b, s:I, s:o, s:o, s:{s:i, s:i, s:o, s:o, s:o, s:o, s:i, s:i, s:i, "
        "s:i}}",
        "applies", d->applies, "per_person_yen", (json_int_t)d->per_person_yen,
        "total_yen", d->total_known ? json_integer(d->total_yen) : json_null(),
        "persons", d->persons_known ? json_integer(d->persons) : json_null(),
        "inputs", "x", d->x, "y", d->y, "x_type", jf_text_json(d->x_type),
        "y_type", jf_text_json(d->y_type), "x_label", label_of(d->x_type, lang),
        "y_label", label_of(d->y_type, lang), "sensitivity", d->sensitivity,
        "identifiability", d->identifiability, "social_responsibility",
        d->social_responsibility, "response_evaluation",
        d->response_evaluation);
}

/* The document's members in the order they are stored (sorted), which is
 * the order clients have always seen. */
static json_t *doc_of(const struct cost *c)
{
    json_t *o = json_object();

    json_object_set_new(o, "amount_yen", json_integer(c->amount_yen));
    json_object_set_new(o, "category", jf_text_json(c->category));
    json_object_set_new(o, "note", jf_text_json(c->note));
    json_object_set_new(o, "spent_on", jf_time_json(c->spent_on));
    return o;
}

json_t *cost_to_json(const struct cost *c)
{
    json_t *o = doc_of(c);

    json_object_set_new(o, "id", json_integer(c->id));
    json_object_set_new(o, "version", json_integer(c->version));
    json_object_set_new(o, "created_at", jf_time_json(c->created_at));
    json_object_set_new(o, "created_by", jf_text_json(c->created_by));
    return o;
}

json_t *damage_report_to_json(const struct damage *d,
                              const struct cost_list *costs, enum lang lang)
{
    json_t *j = damage_to_json(d, lang);
    json_t *list = json_array();
    json_t *totals = json_object();

    for (size_t i = 0; i < costs->n; i++) {
        const struct cost *c = &costs->items[i];
        json_array_append_new(list, cost_to_json(c));
        if (c->category == NULL)
            continue;
        json_t *t = json_object_get(totals, c->category);
        json_object_set_new(
            totals, c->category,
            json_integer(json_integer_value(t) + c->amount_yen));
    }
    json_object_set_new(j, "costs", list);
    json_object_set_new(j, "cost_totals", totals);
    json_object_set_new(j, "cost_total_yen",
                        json_integer(cost_list_total(costs)));
    return j;
}

enum kz_err cost_from_json(const json_t *body, struct cost *out,
                           struct kz_problems *p)
{
    static const char *const keys[] = {"category", "amount_yen", "note",
                                       "spent_on", NULL};
    size_t before = p->n;

    jf_only(body, keys, p);
    jf_text(body, "category", &out->category, p);
    jf_text(body, "note", &out->note, p);
    jf_time(body, "spent_on", &out->spent_on, p);
    json_t *amount = json_object_get(body, "amount_yen");
    out->amount_yen = json_is_integer(amount) ? json_integer_value(amount) : -1;
    return p->n > before ? KZ_EINVAL : KZ_OK;
}

char *cost_doc_dump(const struct cost *c)
{
    json_t *o = doc_of(c);
    char *text = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);

    json_decref(o);
    return text;
}

enum kz_err cost_doc_load(const char *text, struct cost *out)
{
    json_t *o = json_loads(text ? text : "", 0, NULL);

    if (!json_is_object(o)) {
        json_decref(o);
        return KZ_EMALFORMED;
    }
    const char *cat = json_string_value(json_object_get(o, "category"));
    const char *note = json_string_value(json_object_get(o, "note"));
    const char *at = json_string_value(json_object_get(o, "spent_on"));
    xstrset(&out->category, cat);
    xstrset(&out->note, note);
    out->amount_yen = json_integer_value(json_object_get(o, "amount_yen"));
    if (at == NULL || timefmt_parse(at, &out->spent_on) != KZ_OK)
        out->spent_on = KZ_TIME_NONE;
    json_decref(o);
    return KZ_OK;
}
