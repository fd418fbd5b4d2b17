/* SPDX-License-Identifier: MIT */
/*
 * observables.c - observables (indicators) on incidents (see
 * observables.h).
 */
#include "app/observables.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/audit_log.h"
#include "app/chronicle.h"
#include "app/guard.h"
#include "core/textcheck.h"
#include "json/observable_json.h"
#include "util/mem.h"

/* How many rows of shared observables are read to group related
 * incidents, and how many incidents a value is looked up in. */
#define SHARED_ROWS 2000
#define FIND_ROWS 1000

void obs_related_list_cleanup(struct obs_related_list *l)
{
    for (size_t i = 0; i < l->n; i++) {
        xfree(l->items[i].title);
        obs_list_cleanup(&l->items[i].shared);
    }
    xfree(l->items);
    l->items = NULL;
    l->n = 0;
}

void obs_found_list_cleanup(struct obs_found_list *l)
{
    for (size_t i = 0; i < l->n; i++) {
        xfree(l->items[i].c.value);
        xfree(l->items[i].c.display);
    }
    xfree(l->items);
    l->items = NULL;
    l->n = 0;
}

/* Name a problem "field", or "items[index].field" in a batch. */
static enum kz_err problem(struct kz_problems *p, bool batch, size_t index,
                           const char *field, const char *key)
{
    if (batch)
        return kz_problems_add_at(p, "items", index, field, key);
    return kz_problems_add(p, field, key);
}

enum kz_err observables_check(const struct obs_input *in, bool batch,
                              size_t index, struct observable *out,
                              struct kz_problems *p)
{
    enum obs_type t;
    enum tlp tlp = TLP_AMBER;
    const char *why = NULL;
    char *v = NULL;
    char *d = NULL;
    size_t before = p->n;

    if (in->type == NULL)
        return problem(p, batch, index, "type", "v.required");
    if (!obs_type_from_key(in->type, &t))
        return problem(p, batch, index, "type", "obs.type");
    if (in->tlp != NULL && !tlp_from_key(in->tlp, &tlp))
        problem(p, batch, index, "tlp", "obs.tlp");
    if (in->note != NULL && in->note[0] != '\0') {
        struct kz_problems np;
        kz_problems_clear(&np);
        textcheck(&np, "note", in->note, TEXT_LONG, false);
        if (np.n > 0)
            problem(p, batch, index, "note", np.items[0].msg_key);
    }
    if (obs_normalise(t, in->value, &v, &d, &why) != KZ_OK)
        problem(p, batch, index, "value",
                in->value == NULL ? "v.required" : why);
    if (p->n > before) {
        xfree(v);
        xfree(d);
        return KZ_EINVAL;
    }
    observable_cleanup(out);
    out->type = t;
    out->value = v;
    out->display = d;
    out->tlp = tlp;
    out->ioc = in->ioc;
    out->sighted = in->sighted;
    out->note =
        in->note != NULL && in->note[0] != '\0' ? xstrdup(in->note) : NULL;
    return KZ_OK;
}

/* The chronology line and the audit entry of observables added to or
 * removed from 'inc'. */
static enum kz_err record(struct store *s, const struct app_ctx *ctx,
                          const struct incident *inc,
                          const struct observable *o, size_t n, bool added)
{
    char *detail = obs_batch_detail(o, n);
    char *body = obs_batch_body(added, o, n);
    enum kz_err err = app_chron_append(s, inc, NULL, ENTRY_ACTION,
                                       ctx->actor.name, ctx->now, body, NULL);
    if (err == KZ_OK)
        err = app_audit(s, ctx, added ? "observable.add" : "observable.remove",
                        inc->ref, detail);
    xfree(detail);
    return err;
}

enum kz_err observables_add_in_tx(struct store *s, const struct app_ctx *ctx,
                                  const struct incident *inc,
                                  const struct obs_input *in, size_t n,
                                  unsigned flags, struct obs_list *out,
                                  size_t *bad, struct kz_problems *p)
{
    bool batch = (flags & OBS_ADD_BATCH) != 0;
    bool skip = (flags & OBS_ADD_SKIP_EXISTING) != 0;
    struct observable *obs;
    size_t kept = 0;
    enum kz_err err = KZ_OK;

    if (bad != NULL)
        *bad = 0;
    if (n > OBS_BATCH_MAX)
        return kz_problems_add_count(p, "items", "v.too_many", (long long)n);
    if (n == 0)
        return batch ? kz_problems_add(p, "items", "v.required") : KZ_OK;
    obs = xcalloc(n, sizeof(*obs));
    /* Every input is checked before anything is written, so that one
     * request names all its mistakes at once. */
    for (size_t i = 0; i < n; i++) {
        observable_init(&obs[i]);
        if (observables_check(&in[i], batch, i, &obs[i], p) != KZ_OK &&
            err == KZ_OK) {
            err = KZ_EINVAL;
            if (bad != NULL)
                *bad = i;
        }
    }
    if (err == KZ_OK)
        err = store_begin(s);
    if (err != KZ_OK)
        goto done;
    for (size_t i = 0; err == KZ_OK && i < n; i++) {
        struct observable *o = &obs[kept];
        if (kept != i) {
            *o = obs[i];
            observable_init(&obs[i]);
        }
        o->incident_id = inc->id;
        o->created_at = ctx->now;
        o->created_by = xstrdup(ctx->actor.name);
        err = store_obs_insert(s, o);
        if (err == KZ_ECONFLICT && skip) {
            observable_cleanup(o);
            err = KZ_OK;
            continue;
        }
        if (err == KZ_ECONFLICT) {
            problem(p, batch, i, "value", "obs.exists");
            if (bad != NULL)
                *bad = i;
        }
        if (err == KZ_OK)
            kept++;
    }
    if (err == KZ_OK && kept > 0)
        err = record(s, ctx, inc, obs, kept, true);
    err = store_end(s, err);
    if (err == KZ_OK && out != NULL) {
        out->items = obs;
        out->n = kept;
        obs = NULL;
    }
done:
    for (size_t i = 0; obs != NULL && i < n; i++)
        observable_cleanup(&obs[i]);
    xfree(obs);
    return err;
}

enum kz_err app_obs_add(struct store *s, const struct app_ctx *ctx,
                        const char *ref, const struct obs_input *in, size_t n,
                        unsigned flags, struct obs_list *out, size_t *bad,
                        struct kz_problems *p)
{
    struct incident inc;
    enum kz_err err;

    if (out != NULL) {
        out->items = NULL;
        out->n = 0;
    }
    incident_init(&inc);
    err = store_begin(s);
    if (err != KZ_OK)
        return err;
    err = app_incident_for(s, ctx, ref, ACT_INCIDENT_UPDATE, NULL, &inc);
    if (err == KZ_OK)
        err = observables_add_in_tx(s, ctx, &inc, in, n, flags, out, bad, p);
    err = store_end(s, err);
    if (err != KZ_OK && out != NULL)
        obs_list_cleanup(out);
    incident_cleanup(&inc);
    return err;
}

enum kz_err app_obs_list(struct store *s, const struct app_ctx *ctx,
                         const char *ref, struct obs_list *out)
{
    struct incident inc;
    struct store_scope scope;
    enum kz_err err;

    out->items = NULL;
    out->n = 0;
    incident_init(&inc);
    app_scope(ctx, &scope);
    err = app_incident_for(s, ctx, ref, ACT_INCIDENT_READ, "observables", &inc);
    if (err == KZ_OK)
        err = store_obs_list(s, inc.id, &scope, out);
    incident_cleanup(&inc);
    return err;
}

/* Observable 'id' if it belongs to 'inc' (OUT); KZ_ENOTFOUND otherwise,
 * so that an id of another incident reveals nothing. */
static enum kz_err load_own(struct store *s, const struct incident *inc,
                            int64_t id, struct observable *out)
{
    enum kz_err err = store_obs_get(s, id, out);

    if (err == KZ_OK && out->incident_id != inc->id)
        err = KZ_ENOTFOUND;
    return err;
}

enum kz_err app_obs_update(struct store *s, const struct app_ctx *ctx,
                           const char *ref, int64_t id,
                           const struct obs_change *c, struct observable *out,
                           struct kz_problems *p)
{
    struct incident inc;
    struct observable o;
    enum tlp tlp = TLP_AMBER;
    enum kz_err err;

    if (c->set_tlp && (c->tlp == NULL || !tlp_from_key(c->tlp, &tlp)))
        kz_problems_add(p, "tlp", "obs.tlp");
    if (c->set_note && c->note != NULL)
        textcheck(p, "note", c->note, TEXT_LONG, false);
    if (p->n > 0)
        return KZ_EINVAL;
    incident_init(&inc);
    observable_init(&o);
    err = store_begin(s);
    if (err != KZ_OK)
        return err;
    err = app_incident_for(s, ctx, ref, ACT_INCIDENT_UPDATE, NULL, &inc);
    if (err == KZ_OK)
        err = load_own(s, &inc, id, &o);
    if (err == KZ_OK) {
        if (c->set_tlp)
            o.tlp = tlp;
        if (c->set_ioc)
            o.ioc = c->ioc;
        if (c->set_sighted)
            o.sighted = c->sighted;
        if (c->set_note)
            xstrset(&o.note,
                    c->note != NULL && c->note[0] != '\0' ? c->note : NULL);
        err = store_obs_update(s, &o);
    }
    if (err == KZ_OK) {
        char *detail = obs_update_detail(&o);
        err = app_audit(s, ctx, "observable.update", inc.ref, detail);
        xfree(detail);
    }
    err = store_end(s, err);
    if (err == KZ_OK && out != NULL)
        observable_copy(out, &o);
    observable_cleanup(&o);
    incident_cleanup(&inc);
    return err;
}

enum kz_err app_obs_remove(struct store *s, const struct app_ctx *ctx,
                           const char *ref, int64_t id)
{
    struct incident inc;
    struct observable o;
    enum kz_err err;

    incident_init(&inc);
    observable_init(&o);
    err = store_begin(s);
    if (err != KZ_OK)
        return err;
    err = app_incident_for(s, ctx, ref, ACT_INCIDENT_UPDATE, NULL, &inc);
    if (err == KZ_OK)
        err = load_own(s, &inc, id, &o);
    if (err == KZ_OK)
        err = store_obs_delete(s, id);
    if (err == KZ_OK)
        err = record(s, ctx, &inc, &o, 1, false);
    err = store_end(s, err);
    observable_cleanup(&o);
    incident_cleanup(&inc);
    return err;
}

enum kz_err app_obs_find(struct store *s, const struct app_ctx *ctx,
                         const char *type_key, const char *value, int limit,
                         struct obs_hit_list *out, struct kz_problems *p)
{
    struct obs_input in = {type_key, value, NULL, false, false, NULL};
    struct observable o;
    struct store_scope scope;
    enum kz_err err;

    out->items = NULL;
    out->n = 0;
    err = app_allowed(ctx, ACT_INCIDENT_LIST, NULL);
    if (err != KZ_OK)
        return err;
    observable_init(&o);
    err = observables_check(&in, false, 0, &o, p);
    app_scope(ctx, &scope);
    if (err == KZ_OK)
        err = store_obs_find(s, o.type, o.value, &scope, limit, out);
    observable_cleanup(&o);
    return err;
}

/* Most shared observables first, then the newest incident. */
static int related_order(const void *a, const void *b)
{
    const struct obs_related *x = a;
    const struct obs_related *y = b;

    if (x->shared.n != y->shared.n)
        return x->shared.n > y->shared.n ? -1 : 1;
    return strcmp(y->ref, x->ref);
}

enum kz_err app_obs_related(struct store *s, const struct app_ctx *ctx,
                            const char *ref, struct obs_related_list *out)
{
    struct incident inc;
    struct obs_hit_list hits = {0};
    struct store_scope scope;
    enum kz_err err;

    out->items = NULL;
    out->n = 0;
    incident_init(&inc);
    app_scope(ctx, &scope);
    err = app_incident_for(s, ctx, ref, ACT_INCIDENT_READ, "observables", &inc);
    if (err == KZ_OK)
        err = store_obs_shared(s, inc.id, &scope, SHARED_ROWS, &hits);
    /* The rows come grouped by incident. */
    for (size_t i = 0; err == KZ_OK && i < hits.n; i++) {
        struct obs_hit *h = &hits.items[i];
        struct obs_related *r = out->n > 0 ? &out->items[out->n - 1] : NULL;
        if (r == NULL || strcmp(r->ref, h->ref) != 0) {
            out->items =
                xrealloc(out->items, (out->n + 1) * sizeof(*out->items));
            r = &out->items[out->n++];
            memset(r, 0, sizeof(*r));
            snprintf(r->ref, sizeof(r->ref), "%s", h->ref);
            r->title = h->title;
            h->title = NULL;
            r->phase = h->phase;
        }
        r->shared.items = xrealloc(
            r->shared.items, (r->shared.n + 1) * sizeof(*r->shared.items));
        r->shared.items[r->shared.n++] = h->obs;
        observable_init(&h->obs);
    }
    if (err == KZ_OK && out->n > 1)
        qsort(out->items, out->n, sizeof(*out->items), related_order);
    while (out->n > OBS_RELATED_MAX) {
        struct obs_related *r = &out->items[--out->n];
        xfree(r->title);
        obs_list_cleanup(&r->shared);
    }
    obs_hit_list_cleanup(&hits);
    incident_cleanup(&inc);
    if (err != KZ_OK)
        obs_related_list_cleanup(out);
    return err;
}

enum kz_err app_obs_extract(struct store *s, const struct app_ctx *ctx,
                            const char *ref, const char *text,
                            struct obs_found_list *out)
{
    struct incident inc;
    struct obs_list mine = {0};
    struct obs_candidate_list cand = {0};
    struct store_scope scope;
    enum kz_err err;

    out->items = NULL;
    out->n = 0;
    incident_init(&inc);
    app_scope(ctx, &scope);
    err = app_incident_for(s, ctx, ref, ACT_INCIDENT_READ, "observables", &inc);
    if (err == KZ_OK)
        err = store_obs_list(s, inc.id, &scope, &mine);
    if (err == KZ_OK)
        obs_extract(text, &cand);
    if (err == KZ_OK && cand.n > 0)
        out->items = xcalloc(cand.n, sizeof(*out->items));
    for (size_t i = 0; err == KZ_OK && i < cand.n; i++) {
        struct obs_found *f = &out->items[out->n++];
        struct obs_hit_list hits = {0};
        f->c = cand.items[i];
        cand.items[i].value = NULL;
        cand.items[i].display = NULL;
        for (size_t k = 0; k < mine.n && !f->known; k++)
            f->known = mine.items[k].type == f->c.type &&
                       strcmp(mine.items[k].value, f->c.value) == 0;
        err =
            store_obs_find(s, f->c.type, f->c.value, &scope, FIND_ROWS, &hits);
        for (size_t k = 0; err == KZ_OK && k < hits.n; k++)
            f->seen_in += hits.items[k].obs.incident_id != inc.id;
        obs_hit_list_cleanup(&hits);
    }
    obs_candidate_list_cleanup(&cand);
    obs_list_cleanup(&mine);
    incident_cleanup(&inc);
    if (err != KZ_OK)
        obs_found_list_cleanup(out);
    return err;
}
