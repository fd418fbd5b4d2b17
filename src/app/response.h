/* SPDX-License-Identifier: MIT */
/*
 * response.h - what kizuki does on its own when an incident changes
 * (SPEC C4, C5): score it (triage), turn its category's playbook into
 * tasks, summon people by the convocation rules, escalate when nobody
 * acknowledges in time, and record acknowledgements.  Everything it does
 * is written in the chronology as actor "kizuki".
 */
#ifndef KZ_APP_RESPONSE_H
#define KZ_APP_RESPONSE_H

#include "app/app.h"
#include "core/asset.h"
#include "core/triage.h"
#include "store/store.h"

/* The inventory, loaded once to score many incidents. */
struct asset_index {
    struct asset *items;
    size_t n;
};

enum kz_err app_asset_index(struct store *s,
                            struct asset_index *ix) KZ_MUST_CHECK;
void app_asset_index_free(struct asset_index *ix);
/* Score 'inc' with the inventory's priorities (OUT: 'r'). */
void app_triage_of(const struct asset_index *ix, const struct incident *inc,
                   struct triage_result *r);
/* Score 'inc' and, unless a person overrode them, set its severity and
 * priority from the score. */
enum kz_err app_triage_apply(struct store *s,
                             struct incident *inc) KZ_MUST_CHECK;

/*
 * Act on the change from 'before' (NULL for a new incident) to 'after',
 * inside the caller's transaction: tasks for a newly chosen category, and
 * summonses when the incident reaches triage or its severity or category
 * changes afterwards.  *queued (may be NULL) is set when messages were
 * queued for delivery.
 */
enum kz_err app_response_after(struct store *s, const struct app_ctx *ctx,
                               const struct incident *before,
                               const struct incident *after,
                               bool *queued) KZ_MUST_CHECK;

/* Escalate every summons not acknowledged by 'now' (its own transaction
 * per summons); *queued as above, *count the summonses escalated. */
enum kz_err app_escalate(struct store *s, kz_time now, bool *queued,
                         int *count) KZ_MUST_CHECK;

/*
 * Acknowledge a summons, by its link token ('token') or, for a signed-in
 * person, by its id ('id' > 0, token NULL; ctx->actor names them).
 * Acknowledging twice is not an error.  KZ_ENOTFOUND for an unknown token.
 * 'out' (may be NULL) receives the summons.
 */
enum kz_err app_summons_ack(struct store *s, const struct app_ctx *ctx,
                            const char *token, int64_t id,
                            struct summons *out) KZ_MUST_CHECK;

#endif
