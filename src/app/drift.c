/* SPDX-License-Identifier: MIT */
/*
 * drift.c - how the facts of an incident moved away from what was last
 * disclosed (see drift.h).  Apart from disclosure.c because every change
 * of an incident (incident_ops.c) checks it, and disclosure.c depends on
 * the duties, which depend on the incident's use cases: together they
 * included each other in a circle.
 */
#include "app/drift.h"

#include <stdio.h>
#include <string.h>

#include "app/chronicle.h"
#include "app/items.h"
#include "core/readiness.h"
#include "core/taxonomy.h"
#include "json/chronology_json.h"

/* The latest disclosure of each kind, parsed (OUT: array of objects). */
static enum kz_err latest_disclosures(struct store *s, int64_t incident_id,
                                      json_t **out)
{
    struct item_list l = {0};
    enum kz_err err = store_item_list(s, incident_id, ITEM_DISCLOSURE, &l);

    *out = json_array();
    if (err != KZ_OK)
        return err;
    json_t *all = app_items_to_json(&l);
    item_list_cleanup(&l);
    for (size_t k = 0; k < taxonomy_disclosure_kind.count; k++) {
        json_t *latest = NULL;
        size_t i;
        json_t *d;
        json_array_foreach(all, i, d)
        {
            const char *kind = json_string_value(json_object_get(d, "kind"));
            if (kind != NULL &&
                strcmp(kind, taxonomy_disclosure_kind.entries[k].key) == 0)
                latest = d;
        }
        if (latest != NULL)
            json_array_append(*out, latest);
    }
    json_decref(all);
    return KZ_OK;
}

/* The facts of 'now' that differ from 'stated' (OUT: array). */
static json_t *changes(const json_t *stated, const struct stated_facts *now,
                       enum lang lang)
{
    json_t *a = json_array();

    for (size_t i = 0; i < now->n; i++) {
        const char *was =
            json_string_value(json_object_get(stated, now->items[i].fact));
        if (was == NULL || strcmp(was, now->items[i].value) == 0)
            continue;
        char key[48];
        snprintf(key, sizeof(key), "drift.%s", now->items[i].fact);
        json_array_append_new(a, json_pack("{s:s, s:s, s:s, s:s}", "fact",
                                           now->items[i].fact, "label",
                                           i18n_text(key, lang), "stated", was,
                                           "now", now->items[i].value));
    }
    return a;
}

enum kz_err app_drift_of(struct store *s, const struct incident *inc,
                         enum lang lang, json_t **out)
{
    json_t *latest = NULL;
    struct stated_facts now;
    enum kz_err err = latest_disclosures(s, inc->id, &latest);

    *out = json_array();
    if (err != KZ_OK) {
        json_decref(latest);
        return err;
    }
    stated_facts_of(inc, &now);
    size_t i;
    json_t *d;
    json_array_foreach(latest, i, d)
    {
        json_t *c = changes(json_object_get(d, "facts"), &now, lang);
        if (json_array_size(c) == 0) {
            json_decref(c);
            continue;
        }
        json_array_append_new(
            *out, json_pack("{s:O, s:O, s:O, s:o}", "disclosure_id",
                            json_object_get(d, "id"), "kind",
                            json_object_get(d, "kind"), "sent_at",
                            json_object_get(d, "sent_at"), "changes", c));
    }
    stated_facts_cleanup(&now);
    json_decref(latest);
    return KZ_OK;
}

enum kz_err app_drift_after(struct store *s, const struct app_ctx *ctx,
                            const struct incident *before,
                            const struct incident *after)
{
    json_t *latest = NULL;
    struct stated_facts was;
    struct stated_facts now;
    enum kz_err err = latest_disclosures(s, after->id, &latest);

    if (err != KZ_OK || json_array_size(latest) == 0) {
        json_decref(latest);
        return err;
    }
    stated_facts_of(before, &was);
    stated_facts_of(after, &now);
    json_t *lines = json_array();
    size_t i;
    json_t *d;
    json_array_foreach(latest, i, d)
    {
        json_t *facts = json_object_get(d, "facts");
        /* Only what this change made untrue: older drift was reported
         * when it happened. */
        for (size_t k = 0; k < now.n && err == KZ_OK; k++) {
            const char *stated =
                json_string_value(json_object_get(facts, now.items[k].fact));
            const char *prev = stated_fact_value(&was, now.items[k].fact);
            if (stated == NULL || strcmp(stated, now.items[k].value) == 0 ||
                (prev != NULL && strcmp(prev, now.items[k].value) == 0))
                continue;
            const char *kind = json_string_value(json_object_get(d, "kind"));
            const char *sent = json_string_value(json_object_get(d, "sent_at"));
            json_array_append_new(
                lines, json_pack("{s:s, s:{s:s, s:s, s:s, s:s, s:s}}", "msg",
                                 "chron.drift.line", "args", "drift",
                                 now.items[k].fact, "stated", stated, "now",
                                 now.items[k].value, "sent", sent ? sent : "",
                                 "disclosure_kind", kind ? kind : ""));
        }
    }
    if (err == KZ_OK && json_array_size(lines) > 0)
        err = app_chron_append(
            s, after, NULL, ENTRY_NOTE, CHRONICLE_SYSTEM, ctx->now,
            chron_sys_body("chron.drift", json_pack("{s:O}", "lines", lines)),
            NULL);
    json_decref(lines);
    stated_facts_cleanup(&was);
    stated_facts_cleanup(&now);
    json_decref(latest);
    return err;
}
