/* SPDX-License-Identifier: MIT */
/*
 * duties.c - reporting duties of incidents (see duties.h).
 */
#include "app/duties.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/incident_ops.h"
#include "app/items.h"
#include "app/settings.h"
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

void app_obligation_config(struct store *s, struct obligation_config *cfg)
{
    obligation_config_default(cfg);
    cfg->appi = app_setting_on(s, "regime_appi", cfg->appi);
    cfg->mynumber = app_setting_on(s, "regime_mynumber", cfg->mynumber);
    cfg->gdpr = app_setting_on(s, "regime_gdpr", cfg->gdpr);
    cfg->nis2 = app_setting_on(s, "regime_nis2", cfg->nis2);
    cfg->sec = app_setting_on(s, "regime_sec", cfg->sec);
}

enum kz_err app_duties_load(struct store *s, const struct incident *inc,
                            kz_time now, struct duties *d)
{
    struct obligation_config cfg;

    app_obligation_config(s, &cfg);
    return app_duties_load_with(s, &cfg, inc, now, d);
}

enum kz_err app_duties_load_with(struct store *s,
                                 const struct obligation_config *cfg,
                                 const struct incident *inc, kz_time now,
                                 struct duties *d)
{
    struct item_list l = {0};
    enum kz_err err;

    memset(d, 0, sizeof(*d));
    d->docs = json_array();
    err = store_item_list(s, inc->id, ITEM_FILING, &l);
    for (size_t i = 0; err == KZ_OK && i < l.n && d->nfilings < OBLIGATIONS_MAX;
         i++) {
        json_t *o =
            json_loads(l.items[i].json ? l.items[i].json : "{}", 0, NULL);
        json_t *st = json_object_get(o, "status");
        if (!json_is_object(o) || !json_is_string(st) ||
            strcmp(json_string_value(st), "pending") == 0) {
            json_decref(o);
            continue;
        }
        json_object_set_new(o, "key", json_string(l.items[i].key));
        json_array_append_new(d->docs, o);
        struct obligation_filing *f = &d->filings[d->nfilings++];
        f->key = json_string_value(json_object_get(o, "key"));
        f->not_applicable =
            strcmp(json_string_value(st), "not_applicable") == 0;
        f->filed_at = KZ_TIME_NONE;
        json_t *at = json_object_get(o, "filed_at");
        if (json_is_string(at) &&
            timefmt_parse(json_string_value(at), &f->filed_at) != KZ_OK)
            f->filed_at = KZ_TIME_NONE;
        f->reference = json_string_value(json_object_get(o, "reference"));
        f->reason = json_string_value(json_object_get(o, "reason"));
    }
    item_list_cleanup(&l);
    if (err == KZ_OK)
        d->n = obligations_evaluate(inc, cfg, d->filings, d->nfilings, now,
                                    d->items);
    else
        app_duties_cleanup(d); /* callers clean up only what loaded */
    return err;
}

void app_duties_cleanup(struct duties *d)
{
    json_decref(d->docs);
    memset(d, 0, sizeof(*d));
}

struct duty_summary app_duties_summary(const struct duties *d)
{
    struct duty_summary sum = {0, 0, 0, KZ_TIME_NONE};

    for (size_t i = 0; i < d->n; i++) {
        const struct obligation *o = &d->items[i];
        if (o->state == OB_UNDECIDED)
            sum.undecided++;
        if (o->state == OB_OVERDUE || o->state == OB_PAST_TARGET)
            sum.late++;
        else if (o->state == OB_DUE_SOON)
            sum.due_soon++;
        bool open = o->state == OB_PENDING || o->state == OB_DUE_SOON ||
                    o->state == OB_PAST_TARGET || o->state == OB_OVERDUE;
        if (open && o->due_at != KZ_TIME_NONE &&
            (sum.next_due_at == KZ_TIME_NONE || o->due_at < sum.next_due_at))
            sum.next_due_at = o->due_at;
    }
    return sum;
}

static json_t *duty_json(const struct obligation *o, enum lang lang)
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

json_t *app_duties_to_json(const struct duties *d, enum lang lang)
{
    json_t *items = json_array();

    for (size_t i = 0; i < d->n; i++)
        json_array_append_new(items, duty_json(&d->items[i], lang));
    return json_pack("{s:o}", "items", items);
}

enum kz_err app_obligations(struct store *s, const struct app_ctx *ctx,
                            const char *ref, enum lang lang, json_t **out)
{
    struct incident inc;
    struct duties d;
    enum kz_err err;

    *out = NULL;
    incident_init(&inc);
    err = app_incident_for(s, ctx, ref, ACT_INCIDENT_READ, "obligations", &inc);
    if (err == KZ_OK)
        err = app_duties_load(s, &inc, ctx->now, &d);
    if (err == KZ_OK) {
        *out = app_duties_to_json(&d, lang);
        app_duties_cleanup(&d);
    }
    incident_cleanup(&inc);
    return err;
}

enum kz_err app_obligation_record(struct store *s, const struct app_ctx *ctx,
                                  const char *ref, const char *key,
                                  const json_t *body, struct kz_problems *p)
{
    static const char *const keys[] = {"status", "filed_at", "reference",
                                       "reason", NULL};
    struct incident inc;
    kz_time filed = ctx->now;
    const char *status = NULL;
    char *reference = NULL;
    char *reasontext = NULL;
    enum kz_err err;

    if (!obligation_key_is_known(key))
        return KZ_ENOTFOUND;
    jf_only(body, keys, p);
    json_t *st = json_object_get(body, "status");
    if (json_is_string(st))
        status = json_string_value(st);
    if (status == NULL || (strcmp(status, "filed") != 0 &&
                           strcmp(status, "not_applicable") != 0 &&
                           strcmp(status, "pending") != 0))
        kz_problems_add(p, "status", "v.filing_status");
    jf_time(body, "filed_at", &filed, p);
    jf_text(body, "reference", &reference, p);
    jf_text(body, "reason", &reasontext, p);
    textcheck(p, "reference", reference, TEXT_NAME, false);
    textcheck(p, "reason", reasontext, TEXT_LONG, false);
    /* Deciding a duty does not apply is a judgement: say why. */
    if (status != NULL && strcmp(status, "not_applicable") == 0 &&
        (reasontext == NULL || reasontext[0] == '\0'))
        kz_problems_add(p, "reason", "v.required");
    if (filed == KZ_TIME_NONE) /* "filed_at": null is no date: now */
        filed = ctx->now;
    if (filed > ctx->now + 300)
        kz_problems_add(p, "filed_at", "v.future");
    if (p->n > 0 || status == NULL) {
        xfree(reference);
        xfree(reasontext);
        return KZ_EINVAL;
    }
    char when[TIMEFMT_LEN];
    json_t *doc = json_pack("{s:s}", "status", status);
    if (strcmp(status, "filed") == 0)
        json_object_set_new(doc, "filed_at",
                            json_string(timefmt_format(filed, when)));
    json_object_set_new(doc, "reference", jf_text_json(reference));
    json_object_set_new(doc, "reason", jf_text_json(reasontext));
    /* A key and its arguments: shown in each reader's language; a long
     * reason is kept whole, never cut. */
    char *chron;
    if (strcmp(status, "filed") == 0 && reference != NULL)
        chron = chron_sys_body(
            "chron.filed_ref",
            json_pack("{s:s, s:s}", "obligation", key, "reference", reference));
    else if (strcmp(status, "filed") == 0)
        chron = chron_sys_body("chron.filed",
                               json_pack("{s:s}", "obligation", key));
    else if (strcmp(status, "not_applicable") == 0)
        chron =
            chron_sys_body("chron.not_required",
                           json_pack("{s:s, s:s}", "obligation", key, "reason",
                                     reasontext ? reasontext : ""));
    else
        chron = chron_sys_body("chron.unfiled",
                               json_pack("{s:s}", "obligation", key));
    incident_init(&inc);
    err = app_incident_for(s, ctx, ref, ACT_INCIDENT_RESPOND, NULL, &inc);
    if (err == KZ_OK)
        err = save_doc(s, ctx, &inc, ITEM_FILING, key, 0, 0, doc,
                       strcmp(status, "filed") == 0 ? ENTRY_CONTACT
                                                    : ENTRY_DECISION,
                       chron, NULL);
    xfree(chron);
    json_decref(doc);
    incident_cleanup(&inc);
    xfree(reference);
    xfree(reasontext);
    return err;
}

static int by_due(const void *a, const void *b)
{
    json_t *x = *(json_t *const *)a;
    json_t *y = *(json_t *const *)b;
    const char *dx = json_string_value(json_object_get(x, "due_at"));
    const char *dy = json_string_value(json_object_get(y, "due_at"));
    kz_time tx = KZ_TIME_NONE;
    kz_time ty = KZ_TIME_NONE;

    if (dx == NULL || timefmt_parse(dx, &tx) != KZ_OK)
        tx = INT64_MAX;
    if (dy == NULL || timefmt_parse(dy, &ty) != KZ_OK)
        ty = INT64_MAX;
    return tx < ty ? -1 : tx > ty ? 1 : 0;
}

enum kz_err app_deadlines(struct store *s, const struct app_ctx *ctx,
                          enum lang lang, json_t **out)
{
    struct incident_filter f;
    struct incident_list l = {0};
    struct obligation_config cfg;
    enum kz_err err;

    *out = NULL;
    app_obligation_config(s, &cfg);
    incident_filter_init(&f);
    f.limit = 1000;
    json_t **rows = NULL;
    size_t nrows = 0;
    bool more = false;
    /* Page by page: the oldest open incidents come last and must not be
     * cut off by the page size. */
    do {
        err = app_incident_list(s, ctx, &f, &l);
        more = err == KZ_OK && l.n == (size_t)f.limit;
        if (more)
            f.before_id = l.items[l.n - 1].id;
        for (size_t i = 0; err == KZ_OK && i < l.n; i++) {
            struct duties d;
            const struct incident *inc = &l.items[i];
            if (inc->phase == PHASE_CLOSED)
                continue;
            err = app_duties_load_with(s, &cfg, inc, ctx->now, &d);
            for (size_t k = 0; err == KZ_OK && k < d.n; k++) {
                const struct obligation *o = &d.items[k];
                /* Undecided duties are listed too: unknown is not "not
                 * applicable", and someone must find the count. */
                if ((!o->applies && !o->undecided) || o->filing != NULL)
                    continue;
                json_t *j = duty_json(o, lang);
                json_object_set_new(j, "ref", json_string(inc->ref));
                json_object_set_new(j, "title", json_string(inc->title));
                json_object_set_new(j, "kind",
                                    json_string(kind_key(inc->kind)));
                rows = xrealloc(rows, (nrows + 1) * sizeof(json_t *));
                rows[nrows++] = j;
            }
            if (err == KZ_OK)
                app_duties_cleanup(&d);
        }
        incident_list_cleanup(&l);
    } while (err == KZ_OK && more);
    if (nrows > 1)
        qsort(rows, nrows, sizeof(json_t *), by_due);
    json_t *items = json_array();
    for (size_t i = 0; i < nrows; i++)
        json_array_append_new(items, rows[i]);
    xfree(rows);
    if (err != KZ_OK) {
        json_decref(items);
        return err;
    }
    *out = json_pack("{s:o}", "items", items);
    return KZ_OK;
}
