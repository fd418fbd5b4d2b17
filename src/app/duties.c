/* SPDX-License-Identifier: MIT */
/*
 * duties.c - reporting duties of incidents (see duties.h).
 */
#include "app/duties.h"

#include <string.h>

#include "app/items.h"
#include "app/settings.h"
#include "core/textcheck.h"
#include "json/chron_args.h"
#include "json/duties_json.h"
#include "util/mem.h"

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
    err = store_item_list(s, inc->id, ITEM_FILING, &l);
    for (size_t i = 0; err == KZ_OK && i < l.n && d->nfilings < OBLIGATIONS_MAX;
         i++) {
        struct filing *r = &d->records[d->nfilings];
        filing_init(r);
        /* A document that does not read, or a pending one, marks nothing:
         * the duty is open. */
        if (filing_doc_load(l.items[i].json, r) != KZ_OK) {
            filing_cleanup(r);
            continue;
        }
        r->key = xstrdup(l.items[i].key);
        if (!filing_as_obligation(r, &d->filings[d->nfilings])) {
            filing_cleanup(r);
            continue;
        }
        d->nfilings++;
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
    for (size_t i = 0; i < d->nfilings; i++)
        filing_cleanup(&d->records[i]);
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

enum kz_err app_obligations(struct store *s, const struct app_ctx *ctx,
                            const char *ref, struct duties *d)
{
    struct incident inc;
    enum kz_err err;

    incident_init(&inc);
    err = app_incident_for(s, ctx, ref, ACT_INCIDENT_READ, "obligations", &inc);
    if (err == KZ_OK)
        err = app_duties_load(s, &inc, ctx->now, d);
    incident_cleanup(&inc);
    return err;
}

enum kz_err app_obligation_record(struct store *s, const struct app_ctx *ctx,
                                  const char *ref, const char *key,
                                  const struct filing *f, struct kz_problems *p)
{
    struct incident inc;
    struct filing doc;
    enum kz_err err;

    if (!obligation_key_is_known(key))
        return KZ_ENOTFOUND;
    const char *status = f->status;
    if (!filing_status_is_known(status)) {
        kz_problems_add(p, "status", "v.filing_status");
        status = NULL;
    }
    textcheck(p, "reference", f->reference, TEXT_NAME, false);
    textcheck(p, "reason", f->reason, TEXT_LONG, false);
    /* Deciding a duty does not apply is a judgement: say why. */
    if (status != NULL && strcmp(status, "not_applicable") == 0 &&
        (f->reason == NULL || f->reason[0] == '\0'))
        kz_problems_add(p, "reason", "v.required");
    /* No date (absent or null) is now. */
    kz_time filed = f->filed_at == KZ_TIME_NONE ? ctx->now : f->filed_at;
    if (filed > ctx->now + 300)
        kz_problems_add(p, "filed_at", "v.future");
    if (p->n > 0 || status == NULL)
        return KZ_EINVAL;
    bool is_filed = strcmp(status, "filed") == 0;
    filing_init(&doc);
    doc.status = (char *)status;
    doc.filed_at = filed;
    doc.reference = f->reference;
    doc.reason = f->reason;
    char *text = filing_doc_dump(&doc);
    /* A key and its arguments: shown in each reader's language; a long
     * reason is kept whole, never cut. */
    char *chron;
    if (is_filed && f->reference != NULL) {
        const struct chron_arg args[] = {CHRON_STR("obligation", key),
                                         CHRON_STR("reference", f->reference)};
        chron = chron_args_body("chron.filed_ref", args, 2);
    } else if (is_filed) {
        const struct chron_arg args[] = {CHRON_STR("obligation", key)};
        chron = chron_args_body("chron.filed", args, 1);
    } else if (strcmp(status, "not_applicable") == 0) {
        const struct chron_arg args[] = {
            CHRON_STR("obligation", key),
            CHRON_STR("reason", f->reason ? f->reason : "")};
        chron = chron_args_body("chron.not_required", args, 2);
    } else {
        const struct chron_arg args[] = {CHRON_STR("obligation", key)};
        chron = chron_args_body("chron.unfiled", args, 1);
    }
    incident_init(&inc);
    err = app_incident_for(s, ctx, ref, ACT_INCIDENT_RESPOND, NULL, &inc);
    if (err == KZ_OK)
        err = app_item_save(s, ctx, &inc, ITEM_FILING, key, 0, 0, text,
                            is_filed ? ENTRY_CONTACT : ENTRY_DECISION, chron,
                            NULL);
    xfree(chron);
    xfree(text);
    incident_cleanup(&inc);
    return err;
}
