/* SPDX-License-Identifier: MIT */
/*
 * links.c - links between incidents (see links.h).
 */
#include "app/links.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/audit_log.h"
#include "app/chronicle.h"
#include "app/duty_due.h"
#include "app/guard.h"
#include "app/observables.h"
#include "app/response.h"
#include "json/chronology_json.h"
#include "util/mem.h"

/* How far a chain of directed links is followed when checking for a
 * cycle: far beyond any real hierarchy of incidents. */
#define CHAIN_MAX 1000
/* Incidents of the same category and days considered for duplicates. */
#define DUP_POOL 200
/* Rows of observables shared with other incidents read for the offer. */
#define DUP_SHARED_ROWS 2000

void link_view_init(struct link_view *v)
{
    incident_link_init(&v->link);
    v->outgoing = false;
    incident_init(&v->other);
}

void link_view_cleanup(struct link_view *v)
{
    incident_link_cleanup(&v->link);
    incident_cleanup(&v->other);
}

void link_view_list_cleanup(struct link_view_list *l)
{
    for (size_t i = 0; i < l->n; i++)
        link_view_cleanup(&l->items[i]);
    xfree(l->items);
    l->items = NULL;
    l->n = 0;
}

void dup_offer_list_cleanup(struct dup_offer_list *l)
{
    for (size_t i = 0; i < l->n; i++)
        incident_cleanup(&l->items[i].inc);
    xfree(l->items);
    l->items = NULL;
    l->n = 0;
}

/* Load incident 'ref' into 'out' if the actor may see it; an incident
 * they may not see is KZ_ENOTFOUND, like one that does not exist.  No
 * audit entry: only its ref, title and phase are shown, as in a list. */
static enum kz_err load_visible(struct store *s, const struct app_ctx *ctx,
                                const char *ref, struct incident *out)
{
    enum kz_err err = store_incident_get(s, ref, out);

    if (err == KZ_OK && app_allowed(ctx, ACT_INCIDENT_READ, out) != KZ_OK)
        err = KZ_ENOTFOUND;
    return err;
}

/* Fill 'v' from link 'l' (taken) seen from incident 'self_id'. */
static enum kz_err view_of(struct store *s, const struct app_ctx *ctx,
                           int64_t self_id, struct incident_link *l,
                           struct link_view *v)
{
    v->outgoing = l->from_id == self_id;
    v->link = *l;
    incident_link_init(l);
    return load_visible(s, ctx, v->outgoing ? v->link.to_ref : v->link.from_ref,
                        &v->other);
}

enum kz_err app_link_list(struct store *s, const struct app_ctx *ctx,
                          const char *ref, struct link_view_list *out)
{
    struct incident inc;
    struct link_list l = {0};
    enum kz_err err;

    out->items = NULL;
    out->n = 0;
    incident_init(&inc);
    err = app_incident_for(s, ctx, ref, ACT_INCIDENT_READ, "links", &inc);
    if (err == KZ_OK)
        err = store_link_list(s, inc.id, &l);
    if (err == KZ_OK && l.n > 0)
        out->items = xcalloc(l.n, sizeof(*out->items));
    for (size_t i = 0; err == KZ_OK && i < l.n; i++) {
        struct link_view *v = &out->items[out->n];
        link_view_init(v);
        enum kz_err e = view_of(s, ctx, inc.id, &l.items[i], v);
        if (e == KZ_OK) {
            out->n++;
        } else {
            /* Links to incidents the actor may not see are left out,
             * and so is any trace of them in the count. */
            link_view_cleanup(v);
            if (e != KZ_ENOTFOUND)
                err = e;
        }
    }
    link_list_cleanup(&l);
    incident_cleanup(&inc);
    if (err != KZ_OK)
        link_view_list_cleanup(out);
    return err;
}

/* Append the links of incident 'id' to 'all' unless already there. */
static enum kz_err gather(struct store *s, int64_t id, struct link_list *all)
{
    struct link_list l = {0};
    enum kz_err err = store_link_list(s, id, &l);

    for (size_t i = 0; err == KZ_OK && i < l.n; i++) {
        bool seen = false;
        for (size_t k = 0; k < all->n && !seen; k++)
            seen = all->items[k].id == l.items[i].id;
        if (seen)
            continue;
        all->items = xrealloc(all->items, (all->n + 1) * sizeof(*all->items));
        all->items[all->n++] = l.items[i];
        incident_link_init(&l.items[i]);
    }
    link_list_cleanup(&l);
    return err;
}

/* The links a new link of 'kind' from 'from' to 'to' must be checked
 * against: those of both incidents and, for a directed kind, those along
 * every chain of that kind going up from 'to'. */
static enum kz_err links_around(struct store *s, enum link_kind kind,
                                int64_t from, int64_t to, struct link_list *all)
{
    enum kz_err err = gather(s, from, all);

    if (err == KZ_OK)
        err = gather(s, to, all);
    if (err != KZ_OK || !link_kind_is_directed(kind))
        return err;
    int64_t *todo = xcalloc(CHAIN_MAX, sizeof(*todo));
    size_t n = 0;
    todo[n++] = to;
    for (size_t i = 0; err == KZ_OK && i < n; i++) {
        if (i > 0)
            err = gather(s, todo[i], all);
        for (size_t k = 0; err == KZ_OK && k < all->n; k++) {
            const struct incident_link *l = &all->items[k];
            bool queued = false;
            if (l->kind != kind || l->from_id != todo[i])
                continue;
            for (size_t j = 0; j < n && !queued; j++)
                queued = todo[j] == l->to_id;
            if (!queued && n < CHAIN_MAX)
                todo[n++] = l->to_id;
        }
    }
    xfree(todo);
    return err;
}

/* The chronology entry written on one end of a link. */
static char *link_body(bool added, const char *relation, const char *other)
{
    static const struct {
        const char *key, *ja;
    } names[] = {
        {"related", "関連"},           {"duplicate_of", "重複(元の事案)"},
        {"has_duplicate", "重複報告"}, {"caused_by", "原因となった事案"},
        {"caused", "この事案が原因"},  {"part_of", "親事案"},
        {"contains", "子事案"},
    };
    const char *ja = relation;
    char buf[256];

    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        if (strcmp(names[i].key, relation) == 0)
            ja = names[i].ja;
    }
    snprintf(buf, sizeof(buf), "%s: %s %s (%s)",
             added ? "事案リンク追加" : "事案リンク削除", ja, other, relation);
    return xstrdup(buf);
}

/* The chronology of 'self' may name 'other' unless that would show a
 * need-to-know incident to those who may read 'self' but not 'other'. */
static bool may_name(const struct incident *self, const struct incident *other)
{
    return !other->restricted || self->restricted;
}

/*
 * Write the link's addition or removal on both incidents and audit it.
 * An unrestricted incident's chronology does not name a restricted one
 * (everyone who may read the first would learn of the second): the entry
 * is then written on the restricted end only, and the audit entry is
 * filed under it, since the audit log hides entries by their target.
 */
static enum kz_err record(struct store *s, const struct app_ctx *ctx,
                          const struct incident *from,
                          const struct incident *to,
                          const struct incident_link *l, bool added)
{
    char detail[160];
    enum kz_err err = KZ_OK;

    if (may_name(from, to))
        err = app_chron_append(
            s, from, NULL, ENTRY_ACTION, ctx->actor.name, ctx->now,
            link_body(added, link_kind_key(l->kind), to->ref), NULL);
    if (err == KZ_OK && may_name(to, from))
        err = app_chron_append(
            s, to, NULL, ENTRY_ACTION, ctx->actor.name, ctx->now,
            link_body(added, link_kind_inverse_key(l->kind), from->ref), NULL);
    bool under_to = to->restricted && !from->restricted;
    snprintf(detail, sizeof(detail),
             "{\"link\":%lld,\"kind\":\"%s\",\"%s\":\"%s\"}", (long long)l->id,
             link_kind_key(l->kind), under_to ? "from" : "to",
             under_to ? from->ref : to->ref);
    if (err == KZ_OK)
        err = app_audit(s, ctx, added ? "incident.link" : "incident.unlink",
                        under_to ? to->ref : from->ref, detail);
    return err;
}

/*
 * Close 'dup', just marked a duplicate of 'orig'.  The closing checks of
 * a normal close (the response's duties and tasks done) are deliberately
 * not applied: a duplicate's response is carried by the original, so
 * nothing is left undone by closing it, and the chronology says why.
 * Only the phase machine's own rules hold.  Already closed: nothing.
 */
static enum kz_err close_duplicate(struct store *s, const struct app_ctx *ctx,
                                   struct incident *dup,
                                   const struct incident *orig)
{
    struct incident before;
    char reason[160];
    const char *why = NULL;
    enum phase from = dup->phase;

    if (from == PHASE_CLOSED)
        return KZ_OK;
    /* As in record(): a restricted original is not named where those
     * who may not see it read. */
    if (may_name(dup, orig))
        snprintf(reason, sizeof(reason), "%s の重複として終結", orig->ref);
    else
        snprintf(reason, sizeof(reason),
                 "重複として終結（元の事案は関係者限定のため省略）");
    enum kz_err err = phase_check_move(dup, PHASE_CLOSED, reason, &why);
    if (err != KZ_OK)
        return err;
    incident_init(&before);
    incident_copy(&before, dup);
    int64_t seen = dup->version;
    phase_apply_move(dup, PHASE_CLOSED, ctx->now);
    dup->version = seen + 1;
    dup->updated_at = ctx->now;
    err = store_incident_update(s, dup, seen);
    if (err == KZ_OK)
        err = app_duty_due_note(s, NULL, dup, ctx->now);
    if (err == KZ_OK)
        err = app_chron_append(
            s, dup, NULL, ENTRY_PHASE_CHANGE, ctx->actor.name, ctx->now,
            chron_phase_body(from, PHASE_CLOSED, reason), NULL);
    if (err == KZ_OK) {
        char *detail = chron_phase_body(from, PHASE_CLOSED, NULL);
        err = app_audit(s, ctx, "incident.move", dup->ref, detail);
        xfree(detail);
    }
    if (err == KZ_OK)
        err = app_response_after(s, ctx, &before, dup, NULL);
    incident_cleanup(&before);
    return err;
}

enum kz_err app_link_add(struct store *s, const struct app_ctx *ctx,
                         const char *ref, const char *kind_key,
                         const char *other_ref, struct link_view *out,
                         struct kz_problems *p)
{
    struct incident inc;
    struct incident other;
    struct link_list around = {0};
    struct incident_link l;
    enum link_kind kind;
    const char *why = NULL;
    enum kz_err err;

    if (!link_kind_from_key(kind_key, &kind))
        return kz_problems_add(p, "kind", "v.link_kind");
    if (other_ref == NULL || *other_ref == '\0')
        return kz_problems_add(p, "ref", "v.required");
    incident_init(&inc);
    incident_init(&other);
    incident_link_init(&l);
    err = store_begin(s);
    if (err != KZ_OK)
        return err;
    /* Marking a duplicate closes it, so it takes the right to move. */
    err = app_incident_for(s, ctx, ref,
                           kind == LINK_DUPLICATE_OF ? ACT_INCIDENT_MOVE
                                                     : ACT_INCIDENT_UPDATE,
                           NULL, &inc);
    if (err == KZ_OK) {
        err = load_visible(s, ctx, other_ref, &other);
        if (err == KZ_ENOTFOUND)
            kz_problems_add(p, "ref", "link.no_incident");
    }
    if (err == KZ_OK)
        err = links_around(s, kind, inc.id, other.id, &around);
    if (err == KZ_OK) {
        err = link_check_new(kind, inc.id, other.id, around.items, around.n,
                             &why);
        if (err != KZ_OK)
            kz_problems_add(p, "ref", why);
    }
    if (err == KZ_OK) {
        l.kind = kind;
        l.from_id = inc.id;
        l.to_id = other.id;
        snprintf(l.from_ref, sizeof(l.from_ref), "%s", inc.ref);
        snprintf(l.to_ref, sizeof(l.to_ref), "%s", other.ref);
        l.created_at = ctx->now;
        l.created_by = xstrdup(ctx->actor.name);
        err = store_link_insert(s, &l);
        if (err == KZ_ECONFLICT)
            kz_problems_add(p, "ref", "link.exists");
    }
    if (err == KZ_OK)
        err = record(s, ctx, &inc, &other, &l, true);
    if (err == KZ_OK && kind == LINK_DUPLICATE_OF)
        err = close_duplicate(s, ctx, &inc, &other);
    err = store_end(s, err);
    if (err == KZ_OK) {
        link_view_cleanup(out);
        out->link = l;
        incident_link_init(&l);
        out->outgoing = true;
        out->other = other;
        incident_init(&other);
    }
    incident_link_cleanup(&l);
    link_list_cleanup(&around);
    incident_cleanup(&inc);
    incident_cleanup(&other);
    return err;
}

enum kz_err app_link_remove(struct store *s, const struct app_ctx *ctx,
                            const char *ref, int64_t id)
{
    struct incident inc;
    struct incident from;
    struct incident to;
    struct incident_link l;
    enum kz_err err;

    incident_init(&inc);
    incident_init(&from);
    incident_init(&to);
    incident_link_init(&l);
    err = store_begin(s);
    if (err != KZ_OK)
        return err;
    err = app_incident_for(s, ctx, ref, ACT_INCIDENT_UPDATE, NULL, &inc);
    if (err == KZ_OK)
        err = store_link_get(s, id, &l);
    /* A link of other incidents is not found under this one, nor one
     * whose other end the actor may not see. */
    if (err == KZ_OK && l.from_id != inc.id && l.to_id != inc.id)
        err = KZ_ENOTFOUND;
    if (err == KZ_OK)
        err = load_visible(s, ctx, l.from_ref, &from);
    if (err == KZ_OK)
        err = load_visible(s, ctx, l.to_ref, &to);
    if (err == KZ_OK)
        err = store_link_delete(s, id);
    /* Removing a duplicate_of link does not reopen the duplicate:
     * reopening is a move back with its own reason. */
    if (err == KZ_OK)
        err = record(s, ctx, &from, &to, &l, false);
    err = store_end(s, err);
    incident_link_cleanup(&l);
    incident_cleanup(&inc);
    incident_cleanup(&from);
    incident_cleanup(&to);
    return err;
}

/* How many of the rows 'hits' are observables of incident 'ref'. */
static int shared_with(const struct obs_hit_list *hits, const char *ref)
{
    int n = 0;

    for (size_t i = 0; i < hits->n; i++)
        n += strcmp(hits->items[i].ref, ref) == 0;
    return n;
}

static int offer_order(const void *a, const void *b)
{
    const struct dup_offer *x = a;
    const struct dup_offer *y = b;

    /* The same indicator in both is the strongest sign of one event. */
    if (x->why.shared_observables != y->why.shared_observables)
        return y->why.shared_observables - x->why.shared_observables;
    if (x->why.shared_asset != y->why.shared_asset)
        return x->why.shared_asset ? -1 : 1;
    if (x->why.dice != y->why.dice)
        return y->why.dice - x->why.dice;
    return x->inc.id < y->inc.id ? 1 : x->inc.id > y->inc.id ? -1 : 0;
}

enum kz_err app_link_duplicates(struct store *s, const struct app_ctx *ctx,
                                const char *ref, struct dup_offer_list *out)
{
    struct incident inc;
    struct link_list linked = {0};
    struct strv pool = {0};
    struct obs_hit_list shared = {0};
    struct store_scope scope;
    enum kz_err err;

    out->items = NULL;
    out->n = 0;
    incident_init(&inc);
    app_scope(ctx, &scope);
    err = app_incident_for(s, ctx, ref, ACT_INCIDENT_READ, "duplicates", &inc);
    /* Observables in common, counted only in incidents the actor may see
     * (the store's query leaves the others out). */
    if (err == KZ_OK)
        err = store_obs_shared(s, inc.id, &scope, DUP_SHARED_ROWS, &shared);
    if (err == KZ_OK && inc.category != NULL)
        err = store_link_candidates(
            s, inc.id, inc.category, inc.discovered_at - LINK_DUP_WINDOW,
            inc.discovered_at + LINK_DUP_WINDOW, DUP_POOL, &pool);
    if (err == KZ_OK)
        err = store_link_list(s, inc.id, &linked);
    if (err == KZ_OK && pool.n > 0)
        out->items = xcalloc(pool.n, sizeof(*out->items));
    for (size_t i = 0; err == KZ_OK && i < pool.n; i++) {
        struct dup_offer *o = &out->items[out->n];
        bool already = false;
        incident_init(&o->inc);
        enum kz_err e = load_visible(s, ctx, pool.v[i], &o->inc);
        for (size_t k = 0; e == KZ_OK && k < linked.n && !already; k++)
            already = linked.items[k].from_id == o->inc.id ||
                      linked.items[k].to_id == o->inc.id;
        bool offered = false;
        if (e == KZ_OK && !already) {
            offered = link_dup_offered(&inc, &o->inc, &o->why);
            o->why.shared_observables = shared_with(&shared, o->inc.ref);
            /* The pool is already of the same category and days. */
            offered = offered || o->why.shared_observables > 0;
        }
        if (offered)
            out->n++;
        else
            incident_cleanup(&o->inc);
        if (e != KZ_OK && e != KZ_ENOTFOUND)
            err = e;
    }
    if (err == KZ_OK && out->n > 0) {
        qsort(out->items, out->n, sizeof(*out->items), offer_order);
        while (out->n > LINKS_DUP_OFFERS)
            incident_cleanup(&out->items[--out->n].inc);
    }
    strv_cleanup(&pool);
    obs_hit_list_cleanup(&shared);
    link_list_cleanup(&linked);
    incident_cleanup(&inc);
    if (err != KZ_OK)
        dup_offer_list_cleanup(out);
    return err;
}
