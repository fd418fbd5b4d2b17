/* SPDX-License-Identifier: MIT */
/*
 * links.h - the use cases of links between incidents: list, add, remove,
 * and the possible duplicates offered for an incident.
 *
 * An incident the actor may not see is never named: links to it are left
 * out of lists, linking to it answers KZ_ENOTFOUND as if it did not
 * exist, and it is never offered as a duplicate.  Every change is written
 * in the chronology of both incidents and in the audit log, in the same
 * transaction.
 */
#ifndef KZ_APP_LINKS_H
#define KZ_APP_LINKS_H

#include "app/app.h"
#include "core/link.h"
#include "store/store.h"

/* A link as seen from one of its incidents. */
struct link_view {
    struct incident_link link;
    bool outgoing;         /* made on this incident, pointing away */
    struct incident other; /* the incident at the other end */
};

struct link_view_list {
    struct link_view *items;
    size_t n;
};

/* A possible duplicate and why it is offered. */
struct dup_offer {
    struct incident inc;
    struct link_dup_reason why;
};

struct dup_offer_list {
    struct dup_offer *items;
    size_t n;
};

/* At most this many possible duplicates are offered at once. */
#define LINKS_DUP_OFFERS 20

void link_view_init(struct link_view *v);
void link_view_cleanup(struct link_view *v);
void link_view_list_cleanup(struct link_view_list *l);
void dup_offer_list_cleanup(struct dup_offer_list *l);

/* The links of 'ref' the actor may see, oldest first (OUT: *out). */
enum kz_err app_link_list(struct store *s, const struct app_ctx *ctx,
                          const char *ref,
                          struct link_view_list *out) KZ_MUST_CHECK;

/*
 * Link 'ref' to 'other_ref' as 'kind' ('kind_key' is checked here).  A
 * duplicate_of link also closes 'ref' with the original named in its
 * chronology.  On KZ_OK *out (initialised) is the link seen from 'ref'.
 * KZ_EINVAL (p: "kind" v.link_kind, "ref" link.self), KZ_ENOTFOUND
 * (either incident missing or not visible), KZ_EFORBID, KZ_ECONFLICT
 * (p: "ref" link.exists, link.duplicated, link.cycle).
 */
enum kz_err app_link_add(struct store *s, const struct app_ctx *ctx,
                         const char *ref, const char *kind_key,
                         const char *other_ref, struct link_view *out,
                         struct kz_problems *p) KZ_MUST_CHECK;

/* Remove link 'id' of 'ref' (made on it or on the other incident).
 * KZ_ENOTFOUND when 'ref' has no such link the actor may see. */
enum kz_err app_link_remove(struct store *s, const struct app_ctx *ctx,
                            const char *ref, int64_t id) KZ_MUST_CHECK;

/* The possible duplicates of 'ref' (link_dup_offered) the actor may see
 * and that are not linked to it yet, shared assets then the most similar
 * titles first, at most LINKS_DUP_OFFERS (OUT: *out). */
enum kz_err app_link_duplicates(struct store *s, const struct app_ctx *ctx,
                                const char *ref,
                                struct dup_offer_list *out) KZ_MUST_CHECK;

#endif
