/* SPDX-License-Identifier: MIT */
/*
 * receipt.c - the reception page of a report (see receipt.h).
 */
#include "app/receipt.h"

#include <string.h>

#include "app/audit_log.h"
#include "app/writer.h"
#include "json/chronology_json.h"
#include "util/mem.h"

void receipt_init(struct receipt *r)
{
    memset(r, 0, sizeof(*r));
    r->reported_at = KZ_TIME_NONE;
}

void receipt_cleanup(struct receipt *r)
{
    xfree(r->title);
    xfree(r->description);
    receipt_init(r);
}

/* The value 'field' had before its first recorded change, into '*dst'
 * (NULL when it was empty then); '*dst' is left alone when the field was
 * never changed, so it keeps the current value. */
static void as_reported(const struct chron_list *chron, const char *field,
                        char **dst)
{
    for (size_t i = 0; i < chron->n; i++) {
        const struct chron_entry *e = &chron->items[i];
        if (e->kind != ENTRY_FIELD_CHANGE || e->body == NULL)
            continue;
        char *from = NULL;
        if (chron_field_body_from(e->body, field, &from)) {
            xfree(*dst);
            *dst = from;
            return;
        }
    }
}

struct receipt_audit {
    const struct app_ctx *ctx;
    const char *ref;
};

static enum kz_err run_audit(struct store *s, void *arg)
{
    const struct receipt_audit *a = arg;

    return app_audit_event(s, a->ctx, NULL, "incident.read", a->ref,
                           "{\"part\":\"receipt\"}");
}

enum kz_err app_incident_receipt(struct store *s, const struct app_ctx *ctx,
                                 const char *ref, struct receipt *out)
{
    struct incident inc;
    struct chron_list chron = {0};
    enum kz_err err;

    receipt_cleanup(out);
    incident_init(&inc);
    err = store_incident_get(s, ref, &inc);
    if (err == KZ_OK && access_check_receipt(&ctx->actor, &inc) != ACCESS_ALLOW)
        err = KZ_ENOTFOUND;
    if (err == KZ_OK)
        err = store_chron_list(s, inc.id, &chron);
    if (err == KZ_OK) {
        memcpy(out->ref, inc.ref, sizeof(out->ref));
        out->title = inc.title;
        out->description = inc.description;
        inc.title = NULL;
        inc.description = NULL;
        as_reported(&chron, "title", &out->title);
        as_reported(&chron, "description", &out->description);
        out->reported_at = inc.reported_at;
        out->phase = inc.phase;
        out->restricted = inc.restricted;
    }
    /* SPEC C15: every read of a restricted incident is on the record,
     * through the writer as app_incident_for does. */
    if (err == KZ_OK && inc.restricted) {
        struct receipt_audit a = {ctx, inc.ref};
        err = ctx->writer != NULL ? writer_run(ctx->writer, run_audit, &a)
                                  : run_audit(s, &a);
    }
    if (err != KZ_OK)
        receipt_cleanup(out);
    chron_list_cleanup(&chron);
    incident_cleanup(&inc);
    return err;
}
