/* SPDX-License-Identifier: MIT */
/*
 * registry.h - the use cases on configuration records: the asset
 * inventory, the contact directory, convocation rules and playbooks.
 * Everyone who works on incidents may read them (not reporters); the
 * commander and administrators change them.  Every change is validated by
 * core and audited in the same transaction.
 */
#ifndef KZ_APP_REGISTRY_H
#define KZ_APP_REGISTRY_H

#include <jansson.h>

#include "app/app.h"
#include "core/asset.h"
#include "core/contact.h"
#include "core/convocation.h"
#include "core/playbook.h"
#include "store/store.h"

/* How one kind of record is stored as a document. */
struct registry_type {
    enum doc_kind kind;
    const char *what; /* "asset": audit actions are "asset.create", … */
    size_t size;
    void (*init)(void *rec);
    void (*cleanup)(void *rec);
    json_t *(*to_json)(const void *rec); /* complete, secrets included */
    void (*apply)(const json_t *obj, void *rec, struct kz_problems *p);
    enum kz_err (*validate)(const void *rec, kz_time now,
                            struct kz_problems *p);
    const char *(*name)(const void *rec);
    void (*meta)(void *rec, const struct doc *d); /* id, version, times */
};

extern const struct registry_type registry_asset;
extern const struct registry_type registry_contact;
extern const struct registry_type registry_rule;

/* Every record of 't' (OUT: *items, an array of t->size structs, and *n;
 * free with registry_free). */
enum kz_err app_registry_list(struct store *s, const struct app_ctx *ctx,
                              const struct registry_type *t, void **items,
                              size_t *n) KZ_MUST_CHECK;
/* Record 'id' into 'out' (initialised by t->init).  KZ_ENOTFOUND. */
enum kz_err app_registry_get(struct store *s, const struct app_ctx *ctx,
                             const struct registry_type *t, int64_t id,
                             void *out) KZ_MUST_CHECK;
/*
 * Create (id 0) or change record 'id' from the members of 'obj'.
 * 'if_match' is the version the client saw, or -1.  On KZ_OK 'out' holds
 * the stored record.  KZ_EINVAL (with 'p'), KZ_ECONFLICT (stale version
 * or a name taken), KZ_EFORBID, KZ_ENOTFOUND.
 */
enum kz_err app_registry_save(struct store *s, const struct app_ctx *ctx,
                              const struct registry_type *t, int64_t id,
                              const json_t *obj, int64_t if_match, void *out,
                              struct kz_problems *p) KZ_MUST_CHECK;
/* Delete record 'id'; KZ_ECONFLICT while summonses refer to it. */
enum kz_err app_registry_delete(struct store *s, const struct app_ctx *ctx,
                                const struct registry_type *t,
                                int64_t id) KZ_MUST_CHECK;
/* Free an array from app_registry_list. */
void registry_free(const struct registry_type *t, void *items, size_t n);

/* Load every record of 't' without an access check (OUT: as above), for
 * the use cases that act on incidents. */
enum kz_err registry_load_all(struct store *s, const struct registry_type *t,
                              void **items, size_t *n) KZ_MUST_CHECK;

/* The playbook in force for 'category' (OUT: 'out', initialised): the
 * administrators' own if there is one (*custom true), else kizuki's. */
enum kz_err app_playbook_get(struct store *s, const char *category,
                             struct playbook *out, bool *custom) KZ_MUST_CHECK;
/* Replace the playbook of 'category' with the "steps" of 'obj'. */
enum kz_err app_playbook_put(struct store *s, const struct app_ctx *ctx,
                             const char *category, const json_t *obj,
                             struct playbook *out,
                             struct kz_problems *p) KZ_MUST_CHECK;
/* Go back to kizuki's default playbook for 'category'. */
enum kz_err app_playbook_reset(struct store *s, const struct app_ctx *ctx,
                               const char *category) KZ_MUST_CHECK;

#endif
