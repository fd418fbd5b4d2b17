/* SPDX-License-Identifier: MIT */
/*
 * registry.c - configuration records stored as documents (see
 * registry.h).  One generic path for every kind; the kinds differ only in
 * their registry_type.
 */
#include "app/registry.h"

#include <stdio.h>
#include <string.h>

#include "app/audit_log.h"
#include "json/response_json.h"
#include "util/mem.h"

/* Typed adapters: each kind's core and json functions behind void *. */
#define ADAPT(T, prefix, namefield)                                            \
    static void prefix##_init_v(void *r)                                       \
    {                                                                          \
        prefix##_init(r);                                                      \
    }                                                                          \
    static void prefix##_cleanup_v(void *r)                                    \
    {                                                                          \
        prefix##_cleanup(r);                                                   \
    }                                                                          \
    static const char *prefix##_name_v(const void *r)                          \
    {                                                                          \
        return ((const struct T *)r)->namefield;                               \
    }                                                                          \
    static void prefix##_meta_v(void *r, const struct doc *d)                  \
    {                                                                          \
        struct T *x = r;                                                       \
        x->id = d->id;                                                         \
        x->version = d->version;                                               \
        x->created_at = d->created_at;                                         \
        x->updated_at = d->updated_at;                                         \
    }

ADAPT(asset, asset, name)
ADAPT(contact, contact, name)
ADAPT(conv_rule, conv_rule, name)

static json_t *asset_json_v(const void *r)
{
    return asset_to_json(r);
}

static json_t *contact_json_v(const void *r)
{
    return contact_to_json(r, true);
}

static json_t *rule_json_v(const void *r)
{
    return conv_rule_to_json(r);
}

static void asset_apply_v(const json_t *o, void *r, struct kz_problems *p)
{
    asset_apply_json(o, r, p);
}

static void contact_apply_v(const json_t *o, void *r, struct kz_problems *p)
{
    contact_apply_json(o, r, p);
}

static void rule_apply_v(const json_t *o, void *r, struct kz_problems *p)
{
    conv_rule_apply_json(o, r, p);
}

static enum kz_err asset_validate_v(const void *r, kz_time now,
                                    struct kz_problems *p)
{
    (void)now;
    return asset_validate(r, p);
}

static enum kz_err contact_validate_v(const void *r, kz_time now,
                                      struct kz_problems *p)
{
    return contact_validate(r, now, p);
}

static enum kz_err rule_validate_v(const void *r, kz_time now,
                                   struct kz_problems *p)
{
    (void)now;
    return conv_rule_validate(r, p);
}

const struct registry_type registry_asset = {
    DOC_ASSET,       "asset",      sizeof(struct asset), asset_init_v,
    asset_cleanup_v, asset_json_v, asset_apply_v,        asset_validate_v,
    asset_name_v,    asset_meta_v,
};

const struct registry_type registry_contact = {
    DOC_CONTACT,     "contact",          sizeof(struct contact),
    contact_init_v,  contact_cleanup_v,  contact_json_v,
    contact_apply_v, contact_validate_v, contact_name_v,
    contact_meta_v,
};

const struct registry_type registry_rule = {
    DOC_RULE,
    "rule",
    sizeof(struct conv_rule),
    conv_rule_init_v,
    conv_rule_cleanup_v,
    rule_json_v,
    rule_apply_v,
    rule_validate_v,
    conv_rule_name_v,
    conv_rule_meta_v,
};

static enum kz_err may(const struct app_ctx *ctx, enum action act)
{
    return access_check(&ctx->actor, act, NULL) == ACCESS_ALLOW ? KZ_OK
                                                                : KZ_EFORBID;
}

/* Rebuild a record from its stored document. */
static enum kz_err decode(const struct registry_type *t, const struct doc *d,
                          void *out)
{
    struct kz_problems p;
    json_t *j = json_loads(d->json ? d->json : "", 0, NULL);

    if (j == NULL)
        return KZ_ESTORE;
    kz_problems_clear(&p);
    t->cleanup(out);
    t->apply(j, out, &p);
    json_decref(j);
    t->meta(out, d);
    return KZ_OK;
}

enum kz_err registry_load_all(struct store *s, const struct registry_type *t,
                              void **items, size_t *n)
{
    struct doc_list l = {0};
    enum kz_err err = store_doc_list(s, t->kind, &l);

    *items = NULL;
    *n = 0;
    if (err != KZ_OK)
        return err;
    char *arr = xcalloc(l.n ? l.n : 1, t->size);
    for (size_t i = 0; i < l.n && err == KZ_OK; i++) {
        t->init(arr + i * t->size);
        err = decode(t, &l.items[i], arr + i * t->size);
        *n = i + 1;
    }
    doc_list_cleanup(&l);
    *items = arr;
    if (err != KZ_OK) {
        registry_free(t, *items, *n);
        *items = NULL;
        *n = 0;
    }
    return err;
}

void registry_free(const struct registry_type *t, void *items, size_t n)
{
    for (size_t i = 0; i < n; i++)
        t->cleanup((char *)items + i * t->size);
    xfree(items);
}

enum kz_err app_registry_list(struct store *s, const struct app_ctx *ctx,
                              const struct registry_type *t, void **items,
                              size_t *n)
{
    enum kz_err err = may(ctx, ACT_CONFIG_READ);

    *items = NULL;
    *n = 0;
    return err == KZ_OK ? registry_load_all(s, t, items, n) : err;
}

enum kz_err app_registry_get(struct store *s, const struct app_ctx *ctx,
                             const struct registry_type *t, int64_t id,
                             void *out)
{
    struct doc d;
    enum kz_err err = may(ctx, ACT_CONFIG_READ);

    if (err != KZ_OK)
        return err;
    doc_init(&d);
    err = store_doc_get(s, t->kind, id, &d);
    if (err == KZ_OK)
        err = decode(t, &d, out);
    doc_cleanup(&d);
    return err;
}

static void audit_target(char *out, size_t n, const struct registry_type *t,
                         int64_t id)
{
    snprintf(out, n, "%s:%lld", t->what, (long long)id);
}

/* A rule may name only contacts that exist: one it cannot find would be
 * skipped when the rule fires, and nobody told.  Core checks the ids'
 * form; whether they exist only the store knows. */
static enum kz_err rule_contacts_exist(struct store *s,
                                       const struct conv_rule *r,
                                       struct kz_problems *p)
{
    enum kz_err err = KZ_OK;

    for (size_t i = 0; err == KZ_OK && i < r->n_summon_contacts; i++) {
        struct doc d;
        doc_init(&d);
        err = store_doc_get(s, DOC_CONTACT, r->summon_contacts[i], &d);
        doc_cleanup(&d);
        if (err == KZ_ENOTFOUND) {
            kz_problems_add_at(p, "summon_contacts", i, NULL, "v.no_contact");
            err = KZ_OK;
        }
    }
    return err;
}

enum kz_err app_registry_save(struct store *s, const struct app_ctx *ctx,
                              const struct registry_type *t, int64_t id,
                              const json_t *obj, int64_t if_match, void *out,
                              struct kz_problems *p)
{
    struct doc d;
    char action[48];
    char target[64];
    enum kz_err err = may(ctx, ACT_CONFIG_MANAGE);

    if (err != KZ_OK)
        return err;
    if (!json_is_object(obj))
        return KZ_EMALFORMED;
    doc_init(&d);
    err = store_begin(s);
    if (err != KZ_OK)
        return err;
    if (id > 0) {
        err = store_doc_get(s, t->kind, id, &d);
        if (err == KZ_OK)
            err = decode(t, &d, out);
        if (err == KZ_OK && if_match >= 0 && if_match != d.version)
            err = KZ_ECONFLICT;
        if (err != KZ_OK)
            goto out;
    }
    /* Members that are not the record's own (id, version, times) are
     * accepted and ignored: a client may send back what it read. */
    t->apply(obj, out, p);
    size_t decoded = p->n;
    err = t->validate(out, ctx->now, p);
    if (t == &registry_rule) {
        enum kz_err e = rule_contacts_exist(s, out, p);
        if (e != KZ_OK) {
            err = e;
            goto out;
        }
        if (p->n > decoded)
            err = KZ_EINVAL;
    }
    if (err != KZ_OK || decoded > 0) {
        err = KZ_EINVAL;
        goto out;
    }
    json_t *j = t->to_json(out);
    xfree(d.json);
    d.json = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS);
    json_decref(j);
    xstrset(&d.name, t->name(out));
    d.updated_at = ctx->now;
    if (id > 0) {
        err = store_doc_update(s, t->kind, &d, d.version);
        d.version++;
    } else {
        d.created_at = ctx->now;
        err = store_doc_insert(s, t->kind, &d);
    }
    /* The version was checked above, in this transaction: a conflict
     * here is the unique name, whether the record is new or renamed. */
    if (err == KZ_ECONFLICT)
        kz_problems_add(p, "name", "v.name_taken");
    if (err != KZ_OK)
        goto out;
    t->meta(out, &d);
    snprintf(action, sizeof(action), "%s.%s", t->what,
             id > 0 ? "update" : "create");
    audit_target(target, sizeof(target), t, d.id);
    err = app_audit(s, ctx, action, target, NULL);
    if (err == KZ_OK) {
        doc_cleanup(&d);
        return store_commit(s);
    }
out:
    store_rollback(s);
    doc_cleanup(&d);
    return err;
}

/* KZ_ECONFLICT when a convocation rule names contact 'id': deleting it
 * would leave the rule summoning nobody, and nobody told. */
static enum kz_err contact_unused(struct store *s, int64_t id)
{
    void *rules = NULL;
    size_t n = 0;
    enum kz_err err = registry_load_all(s, &registry_rule, &rules, &n);
    const struct conv_rule *rs = rules;

    for (size_t i = 0; err == KZ_OK && i < n; i++) {
        for (size_t k = 0; k < rs[i].n_summon_contacts; k++) {
            if (rs[i].summon_contacts[k] == id)
                err = KZ_ECONFLICT;
        }
    }
    registry_free(&registry_rule, rules, n);
    return err;
}

enum kz_err app_registry_delete(struct store *s, const struct app_ctx *ctx,
                                const struct registry_type *t, int64_t id)
{
    char action[48];
    char target[64];
    enum kz_err err = may(ctx, ACT_CONFIG_MANAGE);

    if (err != KZ_OK)
        return err;
    err = store_begin(s);
    if (err != KZ_OK)
        return err;
    if (t == &registry_contact)
        err = contact_unused(s, id);
    if (err == KZ_OK)
        err = store_doc_delete(s, t->kind, id);
    snprintf(action, sizeof(action), "%s.delete", t->what);
    audit_target(target, sizeof(target), t, id);
    if (err == KZ_OK)
        err = app_audit(s, ctx, action, target, NULL);
    return store_end(s, err);
}

enum kz_err app_playbook_get(struct store *s, const char *category,
                             struct playbook *out, bool *custom)
{
    struct doc d;
    struct kz_problems p;
    enum kz_err err;

    *custom = false;
    doc_init(&d);
    err = store_doc_get_name(s, DOC_PLAYBOOK, category, &d);
    if (err == KZ_OK) {
        json_t *j = json_loads(d.json ? d.json : "", 0, NULL);
        kz_problems_clear(&p);
        playbook_cleanup(out);
        out->category = xstrdup(category);
        if (j != NULL)
            playbook_apply_json(j, out, &p);
        json_decref(j);
        *custom = true;
    } else if (err == KZ_ENOTFOUND) {
        err = playbook_default(category, out) ? KZ_OK : KZ_ENOTFOUND;
    }
    doc_cleanup(&d);
    return err;
}

enum kz_err app_playbook_put(struct store *s, const struct app_ctx *ctx,
                             const char *category, const json_t *obj,
                             struct playbook *out, struct kz_problems *p)
{
    struct doc d;
    char target[96];
    enum kz_err err = may(ctx, ACT_CONFIG_MANAGE);

    if (err != KZ_OK)
        return err;
    if (!json_is_object(obj))
        return KZ_EMALFORMED;
    playbook_cleanup(out);
    out->category = xstrdup(category);
    playbook_apply_json(obj, out, p);
    size_t decoded = p->n;
    if (playbook_validate(out, p) != KZ_OK || decoded > 0)
        return KZ_EINVAL;
    doc_init(&d);
    json_t *j = playbook_to_json(out);
    d.json = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS);
    json_decref(j);
    d.name = xstrdup(category);
    d.created_at = ctx->now;
    d.updated_at = ctx->now;
    err = store_begin(s);
    if (err == KZ_OK) {
        struct doc old;
        doc_init(&old);
        err = store_doc_get_name(s, DOC_PLAYBOOK, category, &old);
        if (err == KZ_OK) {
            d.id = old.id;
            err = store_doc_update(s, DOC_PLAYBOOK, &d, old.version);
        } else if (err == KZ_ENOTFOUND) {
            err = store_doc_insert(s, DOC_PLAYBOOK, &d);
        }
        doc_cleanup(&old);
        snprintf(target, sizeof(target), "playbook:%s", category);
        if (err == KZ_OK)
            err = app_audit(s, ctx, "playbook.update", target, NULL);
        err = store_end(s, err);
    }
    doc_cleanup(&d);
    return err;
}

enum kz_err app_playbook_reset(struct store *s, const struct app_ctx *ctx,
                               const char *category)
{
    struct doc d;
    char target[96];
    enum kz_err err = may(ctx, ACT_CONFIG_MANAGE);

    if (err != KZ_OK)
        return err;
    doc_init(&d);
    err = store_begin(s);
    if (err != KZ_OK)
        return err;
    err = store_doc_get_name(s, DOC_PLAYBOOK, category, &d);
    if (err == KZ_OK)
        err = store_doc_delete(s, DOC_PLAYBOOK, d.id);
    snprintf(target, sizeof(target), "playbook:%s", category);
    if (err == KZ_OK)
        err = app_audit(s, ctx, "playbook.reset", target, NULL);
    doc_cleanup(&d);
    return store_end(s, err);
}
