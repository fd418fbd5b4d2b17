/* SPDX-License-Identifier: MIT */
/*
 * drift_json.c - drift as JSON (see drift_json.h).
 */
#include "json/drift_json.h"

#include <jansson.h>
#include <string.h>

#include "json/chronology_json.h"
#include "util/mem.h"

void stated_disclosure_init(struct stated_disclosure *d)
{
    memset(d, 0, sizeof(*d));
}

void stated_disclosure_cleanup(struct stated_disclosure *d)
{
    xfree(d->kind);
    xfree(d->sent_at);
    for (size_t i = 0; i < d->n; i++) {
        xfree(d->facts[i].fact);
        xfree(d->facts[i].value);
    }
    stated_disclosure_init(d);
}

void stated_disclosure_load(const struct item *it,
                            struct stated_disclosure *out)
{
    json_t *o = json_loads(it->json ? it->json : "{}", 0, NULL);
    json_t *sent = json_object_get(o, "sent_at");
    const char *k;
    json_t *v;

    out->id = it->id;
    if (!json_is_object(o)) {
        json_decref(o);
        return;
    }
    if (json_is_string(json_object_get(o, "kind")))
        out->kind = xstrdup(json_string_value(json_object_get(o, "kind")));
    out->has_sent_at = sent != NULL;
    if (json_is_string(sent))
        out->sent_at = xstrdup(json_string_value(sent));
    json_object_foreach(json_object_get(o, "facts"), k, v)
    {
        if (!json_is_string(v) || out->n == STATED_FACTS_MAX)
            continue;
        out->facts[out->n].fact = xstrdup(k);
        out->facts[out->n].value = xstrdup(json_string_value(v));
        out->n++;
    }
    json_decref(o);
}

const char *stated_disclosure_fact(const struct stated_disclosure *d,
                                   const char *fact)
{
    for (size_t i = 0; i < d->n; i++) {
        if (strcmp(d->facts[i].fact, fact) == 0)
            return d->facts[i].value;
    }
    return NULL;
}

void drift_list_cleanup(struct drift_list *l)
{
    for (size_t i = 0; i < l->n; i++) {
        struct drift *d = &l->items[i];
        xfree(d->kind);
        xfree(d->sent_at);
        for (size_t c = 0; c < d->n_changes; c++) {
            xfree(d->changes[c].stated);
            xfree(d->changes[c].now);
        }
        xfree(d->changes);
    }
    xfree(l->items);
    l->items = NULL;
    l->n = 0;
}

json_t *drift_list_to_json(const struct drift_list *l)
{
    json_t *a = json_array();

    for (size_t i = 0; i < l->n; i++) {
        const struct drift *d = &l->items[i];
        json_t *c = json_array();
        for (size_t k = 0; k < d->n_changes; k++) {
            const struct drift_change *ch = &d->changes[k];
            json_array_append_new(
                c, json_pack("{s:s, s:s, s:s, s:s}", "fact", ch->fact, "label",
                             ch->label, "stated", ch->stated, "now", ch->now));
        }
        json_array_append_new(
            a,
            json_pack("{s:I, s:s?, s:o, s:o}", "disclosure_id",
                      (json_int_t)d->disclosure_id, "kind", d->kind, "sent_at",
                      d->sent_at ? json_string(d->sent_at) : json_null(),
                      "changes", c));
    }
    return a;
}

char *drift_chron_body(const struct drift_line *lines, size_t n)
{
    json_t *a = json_array();

    for (size_t i = 0; i < n; i++) {
        const struct drift_line *l = &lines[i];
        json_array_append_new(
            a, json_pack("{s:s, s:{s:s, s:s, s:s, s:s, s:s}}", "msg",
                         "chron.drift.line", "args", "drift", l->fact, "stated",
                         l->stated, "now", l->now, "sent", l->sent,
                         "disclosure_kind", l->kind));
    }
    return chron_sys_body("chron.drift", json_pack("{s:o}", "lines", a));
}
