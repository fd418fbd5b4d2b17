/* SPDX-License-Identifier: MIT */
/*
 * summonses.c - the summonses of an incident as its readers see them
 * (see summonses.h).  Called by the HTTP handlers of api_task.c; the
 * contact and rule records are loaded once per listing, not per summons.
 */
#include "app/summonses.h"

#include "app/guard.h"
#include "app/registry.h"
#include "app/secret.h"
#include "util/mem.h"

void summons_view_list_cleanup(struct summons_view_list *l)
{
    for (size_t i = 0; i < l->n; i++) {
        summons_cleanup(&l->items[i].summons);
        xfree(l->items[i].contact_name);
        xfree(l->items[i].rule_name);
        outbox_list_cleanup(&l->items[i].deliveries);
    }
    xfree(l->items);
    l->items = NULL;
    l->n = 0;
}

/* Fill view 'v' of summons 'x' (moved in) from the records loaded. */
static void view(struct store *s, const struct app_ctx *ctx, struct summons *x,
                 const struct contact *cs, size_t nc,
                 const struct conv_rule *rs, size_t nr, struct summons_view *v)
{
    v->summons = *x;
    summons_init(x);
    for (size_t k = 0; k < nc; k++)
        if (cs[k].id == v->summons.contact_id)
            xstrset(&v->contact_name, cs[k].name);
    for (size_t k = 0; k < nr; k++)
        if (rs[k].id == v->summons.rule_id)
            xstrset(&v->rule_name, rs[k].name);
    /* What was sent is shown as far as it can be read: the summons
     * itself is worth answering without it. */
    if (store_outbox_list(s, v->summons.id, 0, SUMMONS_DELIVERIES_MAX,
                          &v->deliveries) != KZ_OK) {
        outbox_list_cleanup(&v->deliveries);
        return;
    }
    if (ctx->actor.role != ROLE_ADMIN)
        for (size_t i = 0; i < v->deliveries.n; i++)
            xstrset(&v->deliveries.items[i].last_error, NULL);
}

enum kz_err app_summons_list(struct store *s, const struct app_ctx *ctx,
                             const char *ref, struct summons_view_list *out)
{
    struct incident inc;
    struct summons_list l = {0};
    void *contacts = NULL;
    void *rules = NULL;
    size_t nc = 0;
    size_t nr = 0;

    out->items = NULL;
    out->n = 0;
    incident_init(&inc);
    enum kz_err err =
        app_incident_for(s, ctx, ref, ACT_INCIDENT_READ, "summons", &inc);
    if (err == KZ_OK)
        err = store_summons_list(s, inc.id, 0, &l);
    if (err == KZ_OK)
        err = registry_load_all(s, &registry_contact, &contacts, &nc);
    if (err == KZ_OK)
        err = registry_load_all(s, &registry_rule, &rules, &nr);
    if (err == KZ_OK && l.n > 0) {
        out->items = xcalloc(l.n, sizeof(*out->items));
        for (size_t i = 0; i < l.n; i++)
            view(s, ctx, &l.items[i], contacts, nc, rules, nr, &out->items[i]);
        out->n = l.n;
    }
    if (err != KZ_OK)
        summons_view_list_cleanup(out);
    registry_free(&registry_contact, contacts, nc);
    registry_free(&registry_rule, rules, nr);
    summons_list_cleanup(&l);
    incident_cleanup(&inc);
    return err;
}

enum kz_err app_summons_by_token(struct store *s, const char *token,
                                 struct summons *out)
{
    char digest[HASH_HEX_SIZE];

    if (!secret_ack_digest(token, digest))
        return KZ_ENOTFOUND;
    return store_summons_by_token(s, digest, out);
}

char *app_summons_contact_name(struct store *s, const struct summons *x)
{
    struct doc d;

    doc_init(&d);
    char *name = NULL;
    if (store_doc_get(s, DOC_CONTACT, x->contact_id, &d) == KZ_OK) {
        name = d.name;
        d.name = NULL;
    }
    doc_cleanup(&d);
    return name;
}
