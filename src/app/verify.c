/* SPDX-License-Identifier: MIT */
/*
 * verify.c - walks the store's chains with the core verifier (see
 * verify.h).  One pass in incident and seq order; nothing is held in
 * memory but the chain being checked.
 */
#include "app/verify.h"

#include "app/incident_ops.h"

#include <string.h>

struct walk {
    struct store *s;
    const struct actor *viewer;
    bool skip; /* the current chain is not the viewer's to see */
    struct verify_result *r;
    int64_t current; /* incident id being checked, 0 before the first */
    struct chron_verifier v;
    struct chron_head recorded;
};

static void record_break(struct verify_result *r, const struct chron_break *b)
{
    r->broken_total++;
    if (r->nbroken < VERIFY_BREAKS_MAX)
        r->broken[r->nbroken++] = *b;
}

static void finish_chain(struct walk *w)
{
    struct chron_break b = {0};

    /* A chain already broken was reported at its first broken link;
     * finish() fills nothing for it, so there is nothing more to add. */
    if (w->current != 0 && !w->v.broken && !w->skip &&
        !chron_verifier_finish(&w->v, &w->recorded, &b))
        record_break(w->r, &b);
}

/* Whether the viewer may see the restricted incident 'ref'. */
static enum kz_err visible(struct walk *w, const char *ref, bool *out)
{
    struct incident inc;
    enum kz_err err;

    incident_init(&inc);
    err = store_incident_get(w->s, ref, &inc);
    *out = err == KZ_OK && access_can_see(w->viewer, &inc);
    incident_cleanup(&inc);
    return err == KZ_ENOTFOUND ? KZ_OK : err;
}

static enum kz_err visit(void *ctx, const struct store_chron_row *row)
{
    struct walk *w = ctx;
    struct chron_break b = {0};

    if (row->incident_id != w->current) {
        finish_chain(w);
        w->current = row->incident_id;
        w->recorded = *row->recorded;
        w->skip = false;
        if (w->viewer != NULL && row->restricted) {
            bool see = false;
            enum kz_err err = visible(w, row->ref ? row->ref : "", &see);
            if (err != KZ_OK)
                return err;
            w->skip = !see;
        }
        if (!w->skip)
            w->r->incidents++;
        chron_verifier_start(&w->v, row->ref ? row->ref : "");
    }
    if (row->entry == NULL || w->v.broken || w->skip)
        return KZ_OK;
    w->r->checked++;
    if (!chron_verifier_step(&w->v, row->entry, &b))
        record_break(w->r, &b);
    return KZ_OK;
}

static enum kz_err visit_audit(void *ctx, const struct audit_entry *e)
{
    struct walk *w = ctx;
    struct chron_break b = {0};

    if (w->v.broken)
        return KZ_OK;
    w->r->checked++;
    w->r->audit_checked++;
    if (!audit_verifier_step(&w->v, e, &b))
        record_break(w->r, &b);
    return KZ_OK;
}

static enum kz_err verify_audit(struct store *s, struct walk *w)
{
    struct chron_break b = {0};
    enum kz_err err;

    w->skip = false;
    chron_verifier_start(&w->v, "audit");
    err = store_audit_scan(s, visit_audit, w);
    if (err == KZ_OK)
        err = store_audit_head(s, &w->recorded);
    /* As in finish_chain: a broken chain was reported at its first break,
     * and finish() fills nothing for it. */
    if (err == KZ_OK && !w->v.broken &&
        !chron_verifier_finish(&w->v, &w->recorded, &b))
        record_break(w->r, &b);
    return err;
}

enum kz_err app_verify(struct store *s, const struct actor *viewer,
                       struct verify_result *r)
{
    struct walk w;

    memset(r, 0, sizeof(*r));
    memset(&w, 0, sizeof(w));
    w.r = r;
    w.s = s;
    w.viewer = viewer;
    /* One read transaction, so both scans see the same moment. */
    enum kz_err err = store_begin_read(s);
    if (err != KZ_OK)
        return err;
    err = store_chron_scan(s, visit, &w);
    if (err == KZ_OK) {
        finish_chain(&w);
        err = verify_audit(s, &w);
    }
    store_rollback(s);
    if (err != KZ_OK)
        return err;
    return r->broken_total > 0 ? KZ_EVERIFY : KZ_OK;
}

enum kz_err app_verify_incident(struct store *s, const struct app_ctx *ctx,
                                const char *ref, struct verify_result *r)
{
    struct incident inc;
    struct chron_list chron = {0};
    struct chron_verifier v = {0};
    struct chron_head recorded;
    struct chron_break b = {0};

    memset(r, 0, sizeof(*r));
    incident_init(&inc);
    /* Access (and the audit of a restricted read) first; then the chain
     * and its recorded end from one snapshot. */
    enum kz_err err = app_incident_get(s, ctx, ref, &inc, NULL);
    if (err == KZ_OK)
        err = store_begin_read(s);
    if (err == KZ_OK) {
        err = store_chron_list(s, inc.id, &chron);
        if (err == KZ_OK)
            err = store_chron_head(s, inc.id, &recorded);
        store_rollback(s);
    }
    if (err == KZ_OK) {
        r->incidents = 1;
        chron_verifier_start(&v, inc.ref);
        for (size_t i = 0; i < chron.n && !v.broken; i++) {
            r->checked++;
            if (!chron_verifier_step(&v, &chron.items[i], &b))
                record_break(r, &b);
        }
        if (!v.broken && !chron_verifier_finish(&v, &recorded, &b))
            record_break(r, &b);
        err = r->broken_total > 0 ? KZ_EVERIFY : KZ_OK;
    }
    chron_list_cleanup(&chron);
    incident_cleanup(&inc);
    return err;
}
