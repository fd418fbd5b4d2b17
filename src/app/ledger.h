/* SPDX-License-Identifier: MIT */
/*
 * ledger.h - what an incident costs (SPEC C7): the JNSA damage model's
 * estimate with every input, and the ledger of actual costs.  Typed in
 * and out; json/ledger_json.h reads requests and renders the answers.
 */
#ifndef KZ_APP_LEDGER_H
#define KZ_APP_LEDGER_H

#include "app/app.h"
#include "core/cost.h"
#include "core/damage.h"
#include "store/store.h"

/* The damage model for 'inc' with the organisation's setting (OUT). */
void app_damage_of(struct store *s, const struct incident *inc,
                   struct damage *out);
/*
 * The damage of 'ref' (OUT: 'd') with its cost ledger in the order the
 * entries were added (OUT: 'costs', zeroed by the caller, who cleans it
 * up with cost_list_cleanup in every case).  KZ_ENOTFOUND for an
 * incident ctx may not see.
 */
enum kz_err app_damage(struct store *s, const struct app_ctx *ctx,
                       const char *ref, struct damage *d,
                       struct cost_list *costs) KZ_MUST_CHECK;
/*
 * Add cost 'c' (category, amount_yen, note, spent_on; the bookkeeping is
 * ignored) to 'ref', with a chronology entry, in one transaction.
 * KZ_EINVAL with 'p' (which may already hold the decoder's problems:
 * nothing is written then) for an unknown category, an amount outside
 * 0..COST_MAX_YEN or a note too long.
 */
enum kz_err app_cost_add(struct store *s, const struct app_ctx *ctx,
                         const char *ref, const struct cost *c,
                         struct kz_problems *p) KZ_MUST_CHECK;

#endif
