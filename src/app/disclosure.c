/* SPDX-License-Identifier: MIT */
/*
 * disclosure.c - readiness, disclosures, drift and aftercare (see
 * disclosure.h).
 */
#include "app/disclosure.h"

#include <stdio.h>
#include <string.h>

#include "app/chronicle.h"
#include "app/duties.h"
#include "app/drift.h"
#include "app/items.h"
#include "json/items_json.h"
#include "core/readiness.h"
#include "core/taxonomy.h"
#include "core/textcheck.h"
#include "json/chronology_json.h"
#include "json/fields.h"
#include "util/buf.h"
#include "util/mem.h"

/* Store 'doc' through app_item_save, which takes the text. */
static enum kz_err save_doc(struct store *s, const struct app_ctx *ctx,
                            const struct incident *inc, enum item_kind k,
                            const char *key, int64_t id, int64_t version,
                            const json_t *doc, enum entry_kind entry,
                            const char *chron, struct item *out)
{
    char *text = json_dumps(doc, JSON_COMPACT | JSON_SORT_KEYS);
    enum kz_err err = app_item_save(s, ctx, inc, k, key, id, version, text,
                                    entry, chron, out);

    xfree(text);
    return err;
}

static int count_items(struct store *s, int64_t id, enum item_kind k)
{
    struct item_list l = {0};
    int n = store_item_list(s, id, k, &l) == KZ_OK ? (int)l.n : 0;

    item_list_cleanup(&l);
    return n;
}

static const char *label(const struct taxonomy *t, const char *key,
                         enum lang lang)
{
    const char *l = taxonomy_label(t, key, lang);

    return l ? l : key;
}

enum kz_err app_readiness(struct store *s, const struct app_ctx *ctx,
                          const char *ref, enum lang lang, json_t **out)
{
    struct incident inc;
    struct duties d;
    struct item_list owners = {0};
    enum kz_err err;

    *out = NULL;
    incident_init(&inc);
    err = app_incident_for(s, ctx, ref, ACT_INCIDENT_READ, "readiness", &inc);
    if (err == KZ_OK)
        err = app_duties_load(s, &inc, ctx->now, &d);
    if (err != KZ_OK) {
        incident_cleanup(&inc);
        return err;
    }
    struct readiness_input in = {&inc, 0, 0, 0, 0};
    for (size_t i = 0; i < d.n; i++) {
        /* An undecided duty is an open question until a person files it
         * or judges it not applicable. */
        bool open = d.items[i].applies || d.items[i].undecided;
        in.duties += open;
        in.filings += open && d.items[i].filing != NULL;
    }
    app_duties_cleanup(&d);
    in.aftercare = count_items(s, inc.id, ITEM_AFTERCARE);
    in.costs = count_items(s, inc.id, ITEM_COST);
    err = store_item_list(s, inc.id, ITEM_FACT_OWNER, &owners);
    json_t *items = json_array();
    for (size_t k = 0; err == KZ_OK && k < taxonomy_disclosure_kind.count;
         k++) {
        struct readiness r;
        const char *kind = taxonomy_disclosure_kind.entries[k].key;
        if (!readiness_of(&in, kind, &r))
            continue;
        json_t *facts = json_array();
        for (size_t i = 0; i < r.n; i++) {
            json_t *owner = json_null();
            json_t *due = json_null();
            for (size_t o = 0; o < owners.n; o++) {
                if (owners.items[o].key == NULL ||
                    strcmp(owners.items[o].key, r.facts[i].fact) != 0)
                    continue;
                json_t *doc = json_loads(owners.items[o].json, 0, NULL);
                json_decref(owner);
                json_decref(due);
                owner = json_incref(json_object_get(doc, "owner"));
                due = json_incref(json_object_get(doc, "due_at"));
                json_decref(doc);
            }
            json_array_append_new(
                facts,
                json_pack("{s:s, s:s, s:b, s:o, s:o}", "fact", r.facts[i].fact,
                          "label", label(&taxonomy_fact, r.facts[i].fact, lang),
                          "known", r.facts[i].known, "owner",
                          owner ? owner : json_null(), "due_at",
                          due ? due : json_null()));
        }
        json_array_append_new(
            items,
            json_pack("{s:s, s:s, s:i, s:i, s:i, s:o}", "kind", kind, "label",
                      label(&taxonomy_disclosure_kind, kind, lang), "percent",
                      r.percent, "known", r.known, "needed", (int)r.n, "facts",
                      facts));
    }
    item_list_cleanup(&owners);
    incident_cleanup(&inc);
    if (err != KZ_OK) {
        json_decref(items);
        return err;
    }
    *out = json_pack("{s:o}", "items", items);
    return KZ_OK;
}

enum kz_err app_fact_owner(struct store *s, const struct app_ctx *ctx,
                           const char *ref, const char *fact,
                           const json_t *body, struct kz_problems *p)
{
    static const char *const keys[] = {"owner", "due_at", NULL};
    struct incident inc;
    char *owner = NULL;
    kz_time due = KZ_TIME_NONE;
    enum kz_err err;

    if (!taxonomy_has(&taxonomy_fact, fact))
        return KZ_ENOTFOUND;
    jf_only(body, keys, p);
    jf_text(body, "owner", &owner, p);
    jf_time(body, "due_at", &due, p);
    textcheck(p, "owner", owner, TEXT_NAME, false);
    if (p->n > 0) {
        xfree(owner);
        return KZ_EINVAL;
    }
    json_t *doc = json_pack("{s:o, s:o}", "owner", jf_text_json(owner),
                            "due_at", jf_time_json(due));
    /* A key and its arguments: shown in each reader's language. */
    char *chron = owner ? chron_sys_body("chron.fact_owner",
                                         json_pack("{s:s, s:s}", "fact", fact,
                                                   "owner", owner))
                        : chron_sys_body("chron.fact_owner_unset",
                                         json_pack("{s:s}", "fact", fact));
    incident_init(&inc);
    err = app_incident_for(s, ctx, ref, ACT_INCIDENT_RESPOND, NULL, &inc);
    if (err == KZ_OK)
        err = save_doc(s, ctx, &inc, ITEM_FACT_OWNER, fact, 0, 0, doc,
                       ENTRY_DECISION, chron, NULL);
    xfree(chron);
    incident_cleanup(&inc);
    json_decref(doc);
    xfree(owner);
    return err;
}

static json_t *facts_json(const struct stated_facts *f)
{
    json_t *o = json_object();

    for (size_t i = 0; i < f->n; i++)
        json_object_set_new(o, f->items[i].fact,
                            json_string(f->items[i].value));
    return o;
}

enum kz_err app_disclosure_add(struct store *s, const struct app_ctx *ctx,
                               const char *ref, const json_t *body,
                               struct kz_problems *p)
{
    static const char *const keys[] = {"kind", "audience", "sent_at", "summary",
                                       NULL};
    struct incident inc;
    struct stated_facts f;
    char *kind = NULL;
    char *audience = NULL;
    char *summary = NULL;
    kz_time sent = ctx->now;
    enum kz_err err;

    jf_only(body, keys, p);
    jf_text(body, "kind", &kind, p);
    jf_text(body, "audience", &audience, p);
    jf_text(body, "summary", &summary, p);
    jf_time(body, "sent_at", &sent, p);
    if (kind == NULL || !taxonomy_has(&taxonomy_disclosure_kind, kind))
        kz_problems_add(p, "kind", kind ? "v.unknown_key" : "v.required");
    textcheck(p, "audience", audience, TEXT_NAME, false);
    textcheck(p, "summary", summary, TEXT_LONG, false);
    if (sent == KZ_TIME_NONE)
        sent = ctx->now;
    if (sent > ctx->now + 300)
        kz_problems_add(p, "sent_at", "v.future");
    err = p->n > 0 ? KZ_EINVAL : KZ_OK;
    incident_init(&inc);
    if (err == KZ_OK)
        err = app_incident_for(s, ctx, ref, ACT_INCIDENT_RESPOND, NULL, &inc);
    if (err == KZ_OK) {
        stated_facts_of(&inc, &f);
        char when[TIMEFMT_LEN];
        json_t *doc = json_pack("{s:s, s:o, s:s, s:o, s:o}", "kind", kind,
                                "audience", jf_text_json(audience), "sent_at",
                                timefmt_format(sent, when), "summary",
                                jf_text_json(summary), "facts", facts_json(&f));
        char *chron =
            audience
                ? chron_sys_body("chron.disclosed_to",
                                 json_pack("{s:s, s:s}", "disclosure_kind",
                                           kind, "audience", audience))
                : chron_sys_body("chron.disclosed",
                                 json_pack("{s:s}", "disclosure_kind", kind));
        err = save_doc(s, ctx, &inc, ITEM_DISCLOSURE, NULL, 0, 0, doc,
                       ENTRY_CONTACT, chron, NULL);
        xfree(chron);
        json_decref(doc);
        stated_facts_cleanup(&f);
    }
    incident_cleanup(&inc);
    xfree(kind);
    xfree(audience);
    xfree(summary);
    return err;
}

enum kz_err app_disclosures(struct store *s, const struct app_ctx *ctx,
                            const char *ref, enum lang lang, json_t **out)
{
    struct incident inc;
    struct item_list l = {0};
    struct drift_list drift = {0};
    enum kz_err err;

    *out = NULL;
    incident_init(&inc);
    err = app_incident_for(s, ctx, ref, ACT_INCIDENT_READ, "disclosures", &inc);
    if (err == KZ_OK)
        err = store_item_list(s, inc.id, ITEM_DISCLOSURE, &l);
    if (err == KZ_OK)
        err = app_drift_of(s, &inc, lang, &drift);
    if (err == KZ_OK)
        *out = json_pack("{s:o, s:o}", "items", items_to_json(&l), "drift",
                         drift_list_to_json(&drift));
    drift_list_cleanup(&drift);
    item_list_cleanup(&l);
    incident_cleanup(&inc);
    return err;
}

static bool is_request(const char *kind)
{
    return kind != NULL && (strcmp(kind, "deletion_request") == 0 ||
                            strcmp(kind, "return_request") == 0);
}

enum kz_err app_aftercare_save(struct store *s, const struct app_ctx *ctx,
                               const char *ref, int64_t id, int64_t if_match,
                               const json_t *body, struct kz_problems *p)
{
    static const char *const keys[] = {
        "kind",         "party",      "count", "sent_at",
        "confirmed_at", "note",       "id",    "version",
        "created_at",   "created_by", NULL};
    struct incident inc;
    struct item old;
    json_t *doc = NULL;
    int64_t version = 0;
    enum kz_err err;

    incident_init(&inc);
    item_init(&old);
    err = app_incident_for(s, ctx, ref, ACT_INCIDENT_RESPOND, NULL, &inc);
    if (err == KZ_OK && id > 0) {
        err = store_item_get(s, id, &old);
        if (err == KZ_OK &&
            (old.incident_id != inc.id || old.kind != ITEM_AFTERCARE))
            err = KZ_ENOTFOUND;
        /* Someone saved it since the client read it: theirs stands. */
        if (err == KZ_OK && if_match >= 0 && if_match != old.version)
            err = KZ_ECONFLICT;
        if (err == KZ_OK)
            doc = json_loads(old.json, 0, NULL);
        version = old.version;
    }
    if (err != KZ_OK)
        goto out;
    if (!json_is_object(doc)) {
        json_decref(doc);
        doc = json_pack("{s:i}", "count", 1);
    }
    jf_only(body, keys, p);
    char *kind = xstrdup(json_string_value(json_object_get(doc, "kind")));
    char *party = xstrdup(json_string_value(json_object_get(doc, "party")));
    char *note = xstrdup(json_string_value(json_object_get(doc, "note")));
    int count = (int)json_integer_value(json_object_get(doc, "count"));
    kz_time sent = KZ_TIME_NONE;
    kz_time confirmed = KZ_TIME_NONE;
    jf_time(doc, "sent_at", &sent, p);
    jf_time(doc, "confirmed_at", &confirmed, p);
    jf_text(body, "kind", &kind, p);
    jf_text(body, "party", &party, p);
    jf_text(body, "note", &note, p);
    jf_int(body, "count", &count, 1, 100000000, "v.count", p);
    jf_time(body, "sent_at", &sent, p);
    jf_time(body, "confirmed_at", &confirmed, p);
    if (kind == NULL || !taxonomy_has(&taxonomy_aftercare_kind, kind))
        kz_problems_add(p, "kind", kind ? "v.unknown_key" : "v.required");
    textcheck(p, "party", party, TEXT_NAME, true);
    textcheck(p, "note", note, TEXT_LONG, false);
    if (sent != KZ_TIME_NONE && sent > ctx->now + 300)
        kz_problems_add(p, "sent_at", "v.future");
    if (confirmed != KZ_TIME_NONE && confirmed > ctx->now + 300)
        kz_problems_add(p, "confirmed_at", "v.future");
    if (confirmed != KZ_TIME_NONE && sent != KZ_TIME_NONE && confirmed < sent)
        kz_problems_add(p, "confirmed_at", "v.confirmed_before_sent");
    if (p->n == 0) {
        bool newly_confirmed =
            confirmed != KZ_TIME_NONE &&
            json_is_null(json_object_get(doc, "confirmed_at"));
        json_decref(doc);
        doc = json_pack("{s:s, s:s, s:i, s:o, s:o, s:o}", "kind", kind, "party",
                        party, "count", count, "sent_at", jf_time_json(sent),
                        "confirmed_at", jf_time_json(confirmed), "note",
                        jf_text_json(note));
        char *chron =
            chron_sys_body(newly_confirmed && id > 0 ? "chron.aftercare_done"
                                                     : "chron.aftercare",
                           json_pack("{s:s, s:s, s:i}", "aftercare_kind", kind,
                                     "party", party, "count", count));
        err = save_doc(s, ctx, &inc, ITEM_AFTERCARE, NULL, id, version, doc,
                       ENTRY_CONTACT, chron, NULL);
        xfree(chron);
    } else {
        err = KZ_EINVAL;
    }
    xfree(kind);
    xfree(party);
    xfree(note);
out:
    json_decref(doc);
    item_cleanup(&old);
    incident_cleanup(&inc);
    return err;
}

enum kz_err app_aftercare(struct store *s, const struct app_ctx *ctx,
                          const char *ref, json_t **out)
{
    struct incident inc;
    struct item_list l = {0};
    enum kz_err err;

    *out = NULL;
    incident_init(&inc);
    err = app_incident_for(s, ctx, ref, ACT_INCIDENT_READ, "aftercare", &inc);
    if (err == KZ_OK)
        err = store_item_list(s, inc.id, ITEM_AFTERCARE, &l);
    if (err == KZ_OK) {
        json_t *items = items_to_json(&l);
        json_int_t total = 0;
        json_int_t requests = 0;
        json_int_t unconfirmed = 0;
        size_t i;
        json_t *it;
        json_array_foreach(items, i, it)
        {
            json_int_t n = json_integer_value(json_object_get(it, "count"));
            total += n;
            if (!is_request(json_string_value(json_object_get(it, "kind"))))
                continue;
            requests += n;
            if (json_is_null(json_object_get(it, "confirmed_at")))
                unconfirmed += n;
        }
        *out = json_pack("{s:o, s:I, s:I, s:I}", "items", items, "total", total,
                         "requests", requests, "unconfirmed", unconfirmed);
    }
    item_list_cleanup(&l);
    incident_cleanup(&inc);
    return err;
}
