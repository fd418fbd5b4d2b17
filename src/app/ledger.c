/* SPDX-License-Identifier: MIT */
/*
 * ledger.c - damage estimate and cost ledger (see ledger.h).
 */
#include "app/ledger.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "app/items.h"
#include "app/settings.h"
#include "core/taxonomy.h"
#include "core/textcheck.h"
#include "json/chronology_json.h"
#include "json/fields.h"
#include "util/mem.h"

#define COST_MAX_YEN 1000000000000LL /* a trillion yen bounds typos */

void app_damage_of(struct store *s, const struct incident *inc,
                   struct damage *out)
{
    damage_compute(inc, app_setting_int(s, "social_responsibility", 1), out);
}

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

enum kz_err app_damage(struct store *s, const struct app_ctx *ctx,
                       const char *ref, enum lang lang, json_t **out)
{
    struct incident inc;
    struct item_list l = {0};
    struct damage d;
    enum kz_err err;

    *out = NULL;
    incident_init(&inc);
    err = app_incident_for(s, ctx, ref, ACT_INCIDENT_READ, "damage", &inc);
    if (err == KZ_OK)
        err = store_item_list(s, inc.id, ITEM_COST, &l);
    if (err == KZ_OK) {
        app_damage_of(s, &inc, &d);
        json_t *costs = app_items_to_json(&l);
        json_t *totals = json_object();
        int64_t sum = 0;
        size_t i;
        json_t *c;
        json_array_foreach(costs, i, c)
        {
            const char *cat = json_string_value(json_object_get(c, "category"));
            int64_t amount =
                json_integer_value(json_object_get(c, "amount_yen"));
            if (cat == NULL)
                continue;
            json_t *t = json_object_get(totals, cat);
            json_object_set_new(totals, cat,
                                json_integer(json_integer_value(t) + amount));
            sum += amount;
        }
        json_t *j = damage_to_json(&d, lang);
        json_object_set_new(j, "costs", costs);
        json_object_set_new(j, "cost_totals", totals);
        json_object_set_new(j, "cost_total_yen", json_integer(sum));
        *out = j;
    }
    item_list_cleanup(&l);
    incident_cleanup(&inc);
    return err;
}

enum kz_err app_cost_add(struct store *s, const struct app_ctx *ctx,
                         const char *ref, const json_t *body,
                         struct kz_problems *p)
{
    static const char *const keys[] = {"category", "amount_yen", "note",
                                       "spent_on", NULL};
    struct incident inc;
    char *category = NULL;
    char *note = NULL;
    kz_time spent = KZ_TIME_NONE;
    enum kz_err err;

    jf_only(body, keys, p);
    jf_text(body, "category", &category, p);
    jf_text(body, "note", &note, p);
    jf_time(body, "spent_on", &spent, p);
    if (category == NULL || !taxonomy_has(&taxonomy_cost_category, category))
        kz_problems_add(p, "category",
                        category ? "v.unknown_key" : "v.required");
    json_t *amount = json_object_get(body, "amount_yen");
    if (!json_is_integer(amount) || json_integer_value(amount) < 0 ||
        json_integer_value(amount) > COST_MAX_YEN)
        kz_problems_add(p, "amount_yen", "v.amount");
    textcheck(p, "note", note, TEXT_LONG, false);
    err = p->n > 0 ? KZ_EINVAL : KZ_OK;
    if (err == KZ_OK) {
        json_t *doc = json_pack(
            "{s:s, s:I, s:o}", "category", category, "amount_yen",
            (json_int_t)json_integer_value(amount), "note", jf_text_json(note));
        json_object_set_new(doc, "spent_on", jf_time_json(spent));
        /* A key and its arguments: shown in each reader's language. */
        char *chron = chron_sys_body(
            "chron.cost", json_pack("{s:s, s:I}", "cost_category", category,
                                    "amount", json_integer_value(amount)));
        incident_init(&inc);
        err = app_incident_for(s, ctx, ref, ACT_INCIDENT_RESPOND, NULL, &inc);
        if (err == KZ_OK)
            err = app_item_save(s, ctx, &inc, ITEM_COST, NULL, 0, 0, doc,
                                ENTRY_ACTION, chron, NULL);
        xfree(chron);
        incident_cleanup(&inc);
        json_decref(doc);
    }
    xfree(category);
    xfree(note);
    return err;
}
