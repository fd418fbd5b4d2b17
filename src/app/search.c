/* SPDX-License-Identifier: MIT */
/*
 * search.c - search incidents as the caller may see them.  The store
 * applies need-to-know in its query (the listing's own rule), so an
 * incident the caller may not see is neither matched nor counted.
 */
#include "app/search.h"

#include "app/guard.h"
#include "core/access.h"
#include "util/mem.h"

void app_search_filters(const struct search_query *q, struct incident_filter *f)
{
    if (f->phase < 0)
        f->phase = q->phase;
    if (f->category == NULL)
        f->category = q->category;
    if (f->severity < 0)
        f->severity = q->severity;
    if (f->tag == NULL)
        f->tag = q->tag;
    if (f->owner == NULL)
        f->owner = q->assignee;
    if (f->since == KZ_TIME_NONE)
        f->since = q->from;
    if (f->until == KZ_TIME_NONE)
        f->until = q->until;
}

enum kz_err app_search(struct store *s, const struct app_ctx *ctx,
                       const struct search_query *q, int limit,
                       int64_t before_id, struct search_hits *out)
{
    struct access_view view = access_view(&ctx->actor);
    struct incident_filter f;
    enum kz_err err = app_allowed(ctx, ACT_INCIDENT_LIST, NULL);

    out->items = NULL;
    out->n = 0;
    if (err != KZ_OK)
        return err;
    incident_filter_init(&f);
    app_search_filters(q, &f);
    f.viewer = ctx->actor.name;
    f.viewer_sees_restricted = view.sees_restricted;
    f.viewer_own_only = view.own_only;
    f.before_id = before_id;
    f.limit = limit;
    if (search_query_has_terms(q))
        return store_search(s, q, &f, out);

    /* Only filters: the listing, newest first, without snippets. */
    struct incident_list l = {0};
    err = store_incident_list(s, &f, &l);
    if (err == KZ_OK && l.n > 0) {
        out->items = xcalloc(l.n, sizeof(*out->items));
        for (size_t i = 0; i < l.n; i++) {
            out->items[i].inc = l.items[i];
            incident_init(&l.items[i]);
        }
        out->n = l.n;
    }
    incident_list_cleanup(&l);
    return err;
}
