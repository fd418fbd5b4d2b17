/* SPDX-License-Identifier: MIT */
/*
 * saved_filters.c - a person's saved list filters (see saved_filters.h).
 */
#include "app/saved_filters.h"

#include <stdio.h>
#include <string.h>

#include "app/audit_log.h"
#include "app/guard.h"
#include "app/list_query.h"
#include "core/textcheck.h"
#include "util/mem.h"

/* Add to 'p' what reading member 'member' of the request found wrong
 * (its problems in in->read: "member" or "member.…"). */
static void add_read(struct kz_problems *p, const struct filter_input *in,
                     const char *member)
{
    size_t n = strlen(member);

    for (size_t i = 0; i < in->read.n; i++) {
        const struct kz_problem *r = &in->read.items[i];
        if (strncmp(r->field, member, n) == 0 &&
            (r->field[n] == '\0' || r->field[n] == '.'))
            kz_problems_add(p, r->field, r->msg_key);
    }
}

/* Check input 'in' and apply it to 'f'; 'create' makes name and query
 * required.  Problems name the members, in the order of the members;
 * what the request's reader already refused (a member of the wrong type,
 * a query that did not read) is not checked again. */
static void read_input(const struct filter_input *in, bool create,
                       struct saved_filter *f, struct kz_problems *p)
{
    add_read(p, in, "name");
    if (in->name != NULL || (!in->has_name && create))
        textcheck(p, "name", in->name, TEXT_NAME, true);
    if (in->name != NULL)
        xstrset(&f->name, in->name);
    if (!in->has_query && create) {
        kz_problems_add(p, "query", "v.required");
    } else if (in->has_query && !in->query_read) {
        add_read(p, in, "query");
    } else if (in->has_query) {
        char *canon = NULL;
        if (app_list_query_canonical(&in->query, &canon, p) == KZ_OK) {
            xfree(f->query);
            f->query = canon;
        }
    }
    add_read(p, in, "default");
    if (in->has_default)
        f->is_default = in->is_default;
}

static void audit_target(char *out, size_t n, const struct app_ctx *ctx)
{
    snprintf(out, n, "user:%s", ctx->actor.name ? ctx->actor.name : "");
}

static enum kz_err audit(struct store *s, const struct app_ctx *ctx,
                         const char *action, int64_t id)
{
    char target[96];
    char detail[48];

    audit_target(target, sizeof(target), ctx);
    snprintf(detail, sizeof(detail), "{\"filter\":%lld}", (long long)id);
    return app_audit(s, ctx, action, target, detail);
}

enum kz_err app_filter_list(struct store *s, const struct app_ctx *ctx,
                            struct saved_filter_list *out)
{
    enum kz_err err = app_allowed(ctx, ACT_INCIDENT_LIST, NULL);

    out->items = NULL;
    out->n = 0;
    if (err != KZ_OK)
        return err;
    return store_filter_list(s, ctx->actor.name, out);
}

/* Write 'f' (new when f->id is 0) with its default mark taken from the
 * actor's other filters; the caller's transaction. */
static enum kz_err save(struct store *s, struct saved_filter *f)
{
    enum kz_err err = KZ_OK;

    if (f->is_default)
        err = store_filter_clear_default(s, f->account);
    if (err == KZ_OK && f->id == 0)
        err = store_filter_insert(s, f);
    else if (err == KZ_OK)
        err = store_filter_update(s, f);
    return err;
}

enum kz_err app_filter_create(struct store *s, const struct app_ctx *ctx,
                              const struct filter_input *in,
                              struct saved_filter *out, struct kz_problems *p)
{
    struct saved_filter_list all = {0};
    enum kz_err err = app_allowed(ctx, ACT_INCIDENT_LIST, NULL);

    if (err != KZ_OK)
        return err;
    read_input(in, true, out, p);
    if (p->n > 0)
        return KZ_EINVAL;
    xstrset(&out->account, ctx->actor.name);
    out->id = 0;
    out->created_at = ctx->now;
    out->updated_at = ctx->now;
    err = store_begin(s);
    if (err != KZ_OK)
        return err;
    err = store_filter_list(s, ctx->actor.name, &all);
    if (err == KZ_OK && all.n >= SAVED_FILTERS_MAX)
        err = kz_problems_add_count(p, "name", "v.too_many", (long long)all.n);
    saved_filter_list_cleanup(&all);
    if (err == KZ_OK)
        err = save(s, out);
    if (err == KZ_ECONFLICT)
        kz_problems_add(p, "name", "list.filter_name_taken");
    if (err == KZ_OK)
        err = audit(s, ctx, "filter.create", out->id);
    return store_end(s, err);
}

enum kz_err app_filter_update(struct store *s, const struct app_ctx *ctx,
                              int64_t id, const struct filter_input *in,
                              struct saved_filter *out, struct kz_problems *p)
{
    enum kz_err err = app_allowed(ctx, ACT_INCIDENT_LIST, NULL);

    if (err != KZ_OK)
        return err;
    err = store_begin(s);
    if (err != KZ_OK)
        return err;
    err = store_filter_get(s, ctx->actor.name, id, out);
    if (err == KZ_OK) {
        read_input(in, false, out, p);
        if (p->n > 0)
            err = KZ_EINVAL;
    }
    if (err == KZ_OK) {
        out->updated_at = ctx->now;
        err = save(s, out);
    }
    if (err == KZ_ECONFLICT)
        kz_problems_add(p, "name", "list.filter_name_taken");
    if (err == KZ_OK)
        err = audit(s, ctx, "filter.update", out->id);
    return store_end(s, err);
}

enum kz_err app_filter_delete(struct store *s, const struct app_ctx *ctx,
                              int64_t id)
{
    enum kz_err err = app_allowed(ctx, ACT_INCIDENT_LIST, NULL);

    if (err != KZ_OK)
        return err;
    err = store_begin(s);
    if (err != KZ_OK)
        return err;
    err = store_filter_delete(s, ctx->actor.name, id);
    if (err == KZ_OK)
        err = audit(s, ctx, "filter.delete", id);
    return store_end(s, err);
}
