/* SPDX-License-Identifier: MIT */
/*
 * verify.c - walks the store's chains with the core verifier (see
 * verify.h).  One pass in incident and seq order; nothing is held in
 * memory but the chain being checked.
 */
#include "app/verify.h"

#include <string.h>

struct walk {
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
    struct chron_break b;

    /* A chain already broken was reported at its first broken link;
     * finish() fills nothing for it, so there is nothing more to add. */
    if (w->current != 0 && !w->v.broken &&
        !chron_verifier_finish(&w->v, &w->recorded, &b))
        record_break(w->r, &b);
}

static enum kz_err visit(void *ctx, const struct store_chron_row *row)
{
    struct walk *w = ctx;
    struct chron_break b;

    if (row->incident_id != w->current) {
        finish_chain(w);
        w->current = row->incident_id;
        w->recorded = *row->recorded;
        w->r->incidents++;
        chron_verifier_start(&w->v, row->ref ? row->ref : "");
    }
    if (row->entry == NULL || w->v.broken)
        return KZ_OK;
    w->r->checked++;
    if (!chron_verifier_step(&w->v, row->entry, &b))
        record_break(w->r, &b);
    return KZ_OK;
}

enum kz_err app_verify(struct store *s, struct verify_result *r)
{
    struct walk w;

    memset(r, 0, sizeof(*r));
    memset(&w, 0, sizeof(w));
    w.r = r;
    enum kz_err err = store_chron_scan(s, visit, &w);
    if (err != KZ_OK)
        return err;
    finish_chain(&w);
    return r->broken_total > 0 ? KZ_EVERIFY : KZ_OK;
}
