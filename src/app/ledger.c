/* SPDX-License-Identifier: MIT */
/*
 * ledger.c - damage estimate and cost ledger (see ledger.h).
 */
#include "app/ledger.h"

#include <string.h>

#include "app/items.h"
#include "app/settings.h"
#include "core/taxonomy.h"
#include "core/textcheck.h"
#include "json/chron_args.h"
#include "json/ledger_json.h"
#include "util/mem.h"

void app_damage_of(struct store *s, const struct incident *inc,
                   struct damage *out)
{
    damage_compute(inc, app_setting_int(s, "social_responsibility", 1), out);
}

enum kz_err app_damage(struct store *s, const struct app_ctx *ctx,
                       const char *ref, struct damage *d,
                       struct cost_list *costs)
{
    struct incident inc;
    struct item_list l = {0};
    enum kz_err err;

    incident_init(&inc);
    err = app_incident_for(s, ctx, ref, ACT_INCIDENT_READ, "damage", &inc);
    if (err == KZ_OK)
        err = store_item_list(s, inc.id, ITEM_COST, &l);
    if (err == KZ_OK) {
        app_damage_of(s, &inc, d);
        costs->items = xcalloc(l.n ? l.n : 1, sizeof(*costs->items));
        for (size_t i = 0; i < l.n; i++) {
            const struct item *it = &l.items[i];
            struct cost *c = &costs->items[costs->n++];
            cost_init(c);
            /* A document that does not read is still an entry: listed
             * with its bookkeeping, in no total. */
            if (cost_doc_load(it->json, c) != KZ_OK)
                c->amount_yen = 0;
            c->id = it->id;
            c->version = it->version;
            c->created_at = it->created_at;
            c->created_by = xstrdup(it->created_by);
        }
    }
    item_list_cleanup(&l);
    incident_cleanup(&inc);
    return err;
}

enum kz_err app_cost_add(struct store *s, const struct app_ctx *ctx,
                         const char *ref, const struct cost *c,
                         struct kz_problems *p)
{
    struct incident inc;
    struct cost doc;
    enum kz_err err;

    if (c->category == NULL ||
        !taxonomy_has(&taxonomy_cost_category, c->category))
        kz_problems_add(p, "category",
                        c->category ? "v.unknown_key" : "v.required");
    if (c->amount_yen < 0 || c->amount_yen > COST_MAX_YEN)
        kz_problems_add(p, "amount_yen", "v.amount");
    textcheck(p, "note", c->note, TEXT_LONG, false);
    if (p->n > 0)
        return KZ_EINVAL;
    /* Only what the ledger keeps: the bookkeeping is the store's. */
    cost_init(&doc);
    doc.category = c->category;
    doc.amount_yen = c->amount_yen;
    doc.note = c->note;
    doc.spent_on = c->spent_on;
    char *text = cost_doc_dump(&doc);
    /* A key and its arguments: shown in each reader's language. */
    const struct chron_arg args[] = {
        CHRON_STR("cost_category", c->category),
        CHRON_INT("amount", c->amount_yen),
    };
    char *chron = chron_args_body("chron.cost", args, 2);
    incident_init(&inc);
    err = app_incident_for(s, ctx, ref, ACT_INCIDENT_RESPOND, NULL, &inc);
    if (err == KZ_OK)
        err = app_item_save(s, ctx, &inc, ITEM_COST, NULL, 0, 0, text,
                            ENTRY_ACTION, chron, NULL);
    xfree(chron);
    xfree(text);
    incident_cleanup(&inc);
    return err;
}
