/* SPDX-License-Identifier: MIT */
/*
 * duties_json.c - reporting duties as JSON (see duties_json.h).
 */
#include "json/duties_json.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "json/fields.h"
#include "util/mem.h"

json_t *obligation_to_json(const struct obligation *o, enum lang lang)
{
    json_t *reasons = json_array();
    char key[64];

    for (size_t i = 0; i < o->n_reasons; i++)
        json_array_append_new(reasons,
                              json_string(i18n_text(o->reasons[i], lang)));
    snprintf(key, sizeof(key), "obl.%s", o->key);
    const struct obligation_filing *f = o->filing;
    return json_pack(
        "{s:s, s:s, s:s, s:s, s:b, s:b, s:o, s:o, s:o, s:o, s:o, s:o, s:s, "
        "s:s, s:o, s:o, s:o}",
        "key", o->key, "label", i18n_text(key, lang), "regime", o->regime,
        "stage", o->stage, "applies", o->applies, "undecided", o->undecided,
        "reasons", reasons, "clock_start", jf_time_json(o->clock_start),
        "aware_at", jf_time_json(o->aware_at), "trigger_met_at",
        jf_time_json(o->trigger_met_at), "due_at", jf_time_json(o->due_at),
        "latest_at", jf_time_json(o->latest_at), "state",
        obligation_state_key(o->state), "status",
        f == NULL           ? (o->applies     ? "pending"
                               : o->undecided ? "undecided"
                                              : "not_applicable")
        : f->not_applicable ? "not_applicable"
                            : "filed",
        "filed_at", jf_time_json(f ? f->filed_at : KZ_TIME_NONE), "reference",
        jf_text_json(f ? f->reference : NULL), "note",
        jf_text_json(f ? f->reason : NULL));
}

json_t *obligations_to_json(const struct obligation *items, size_t n,
                            enum lang lang)
{
    json_t *a = json_array();

    for (size_t i = 0; i < n; i++)
        json_array_append_new(a, obligation_to_json(&items[i], lang));
    return json_pack("{s:o}", "items", a);
}

json_t *open_duties_to_json(const struct open_duty_list *l, enum lang lang)
{
    json_t *a = json_array();

    for (size_t i = 0; i < l->n; i++) {
        const struct open_duty *d = &l->items[i];
        json_t *j = obligation_to_json(&d->duty, lang);
        json_object_set_new(j, "ref", json_string(d->ref));
        json_object_set_new(j, "title", json_string(d->title));
        json_object_set_new(j, "kind", json_string(kind_key(d->kind)));
        json_array_append_new(a, j);
    }
    return json_pack("{s:o}", "items", a);
}

enum kz_err filing_from_json(const json_t *body, struct filing *out,
                             struct kz_problems *p)
{
    static const char *const keys[] = {"status", "filed_at", "reference",
                                       "reason", NULL};
    size_t before = p->n;

    jf_only(body, keys, p);
    xstrset(&out->status, json_string_value(json_object_get(body, "status")));
    jf_time(body, "filed_at", &out->filed_at, p);
    jf_text(body, "reference", &out->reference, p);
    jf_text(body, "reason", &out->reason, p);
    return p->n > before ? KZ_EINVAL : KZ_OK;
}

char *filing_doc_dump(const struct filing *f)
{
    json_t *doc = json_pack("{s:s?}", "status", f->status);
    char when[TIMEFMT_LEN];

    if (f->status != NULL && strcmp(f->status, "filed") == 0)
        json_object_set_new(
            doc, "filed_at",
            f->filed_at == KZ_TIME_NONE
                ? json_null()
                : json_string(timefmt_format(f->filed_at, when)));
    json_object_set_new(doc, "reference", jf_text_json(f->reference));
    json_object_set_new(doc, "reason", jf_text_json(f->reason));
    char *text = json_dumps(doc, JSON_COMPACT | JSON_SORT_KEYS);
    json_decref(doc);
    return text;
}

enum kz_err filing_doc_load(const char *text, struct filing *out)
{
    json_t *o = json_loads(text ? text : "", 0, NULL);

    if (!json_is_object(o)) {
        json_decref(o);
        return KZ_EMALFORMED;
    }
    const char *at = json_string_value(json_object_get(o, "filed_at"));
    xstrset(&out->status, json_string_value(json_object_get(o, "status")));
    xstrset(&out->reference,
            json_string_value(json_object_get(o, "reference")));
    xstrset(&out->reason, json_string_value(json_object_get(o, "reason")));
    if (at == NULL || timefmt_parse(at, &out->filed_at) != KZ_OK)
        out->filed_at = KZ_TIME_NONE;
    json_decref(o);
    return KZ_OK;
}
