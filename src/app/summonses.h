/* SPDX-License-Identifier: MIT */
/*
 * summonses.h - reading who was summoned to an incident (SPEC C5): each
 * summons with the names of its contact and rule and what was sent, and
 * the summons a link's token names.  Summoning and acknowledging are in
 * response.h.
 */
#ifndef KZ_APP_SUMMONSES_H
#define KZ_APP_SUMMONSES_H

#include "app/app.h"
#include "store/store.h"

/* How many of a summons' messages are shown. */
#define SUMMONS_DELIVERIES_MAX 10

/* A summons as its incident's readers see it. */
struct summons_view {
    struct summons summons;
    char *contact_name; /* NULL when the contact is gone */
    char *rule_name;    /* NULL when the rule is gone */
    /* Its first messages; last_error only for administrators, who set
     * the addresses up (it says how a receiver answered). */
    struct outbox_list deliveries;
};

struct summons_view_list {
    struct summons_view *items;
    size_t n;
};

void summons_view_list_cleanup(struct summons_view_list *l);

/* The summonses of incident 'ref' for whoever may read it (OUT: *out;
 * left empty on error).  KZ_ENOTFOUND. */
enum kz_err app_summons_list(struct store *s, const struct app_ctx *ctx,
                             const char *ref,
                             struct summons_view_list *out) KZ_MUST_CHECK;
/* The summons whose acknowledgement link carries 'token' (OUT: 'out',
 * initialised); KZ_ENOTFOUND for an unknown or malformed token. */
enum kz_err app_summons_by_token(struct store *s, const char *token,
                                 struct summons *out) KZ_MUST_CHECK;
/* The name of the contact 'x' summoned (OUT: caller frees), or NULL when
 * the contact is gone. */
char *app_summons_contact_name(struct store *s, const struct summons *x);

#endif
