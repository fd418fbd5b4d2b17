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
#include "json/fields.h"
#include "util/mem.h"

/* Read name, query and default from 'body' into 'f'; 'create' makes name
 * and query required.  Problems name the members. */
static void read_body(const json_t *body, bool create, struct saved_filter *f,
                      bool *default_given, struct kz_problems *p)
{
    static const char *const keys[] = {"name", "query", "default", NULL};
    json_t *name = json_object_get(body, "name");
    json_t *query = json_object_get(body, "query");

    jf_only(body, keys, p);
    if (name != NULL && !json_is_string(name))
        kz_problems_add(p, "name", "v.type_string");
    else if (name != NULL || create)
        textcheck(p, "name", name ? json_string_value(name) : NULL, TEXT_NAME,
                  true);
    if (json_is_string(name))
        xstrset(&f->name, json_string_value(name));
    if (query == NULL && create) {
        kz_problems_add(p, "query", "v.required");
    } else if (query != NULL) {
        char *canon = NULL;
        if (app_list_query_canonical(query, &canon, p) == KZ_OK) {
            xfree(f->query);
            f->query = canon;
        }
    }
    json_t *def = json_object_get(body, "default");
    *default_given = def != NULL;
    if (def != NULL && !json_is_boolean(def))
        kz_problems_add(p, "default", "v.type_boolean");
    else if (def != NULL)
        f->is_default = json_is_true(def);
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
                              const json_t *body, struct saved_filter *out,
                              struct kz_problems *p)
{
    struct saved_filter_list all = {0};
    bool def = false;
    enum kz_err err = app_allowed(ctx, ACT_INCIDENT_LIST, NULL);

    if (err != KZ_OK)
        return err;
    read_body(body, true, out, &def, p);
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
                              int64_t id, const json_t *body,
                              struct saved_filter *out, struct kz_problems *p)
{
    bool def = false;
    enum kz_err err = app_allowed(ctx, ACT_INCIDENT_LIST, NULL);

    if (err != KZ_OK)
        return err;
    err = store_begin(s);
    if (err != KZ_OK)
        return err;
    err = store_filter_get(s, ctx->actor.name, id, out);
    if (err == KZ_OK) {
        read_body(body, false, out, &def, p);
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

json_t *app_filter_to_json(const struct saved_filter *f)
{
    return json_pack("{s:I, s:s, s:s, s:o, s:b, s:o, s:o}", "id",
                     (json_int_t)f->id, "name", f->name ? f->name : "", "query",
                     f->query ? f->query : "", "params",
                     app_list_query_to_json(f->query), "default", f->is_default,
                     "created_at", jf_time_json(f->created_at), "updated_at",
                     jf_time_json(f->updated_at));
}
