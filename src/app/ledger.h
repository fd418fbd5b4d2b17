/* SPDX-License-Identifier: MIT */
/*
 * ledger.h - what an incident costs (SPEC C7): the JNSA damage model's
 * estimate with every input, and the ledger of actual costs.
 */
#ifndef KZ_APP_LEDGER_H
#define KZ_APP_LEDGER_H

#include <jansson.h>

#include "app/app.h"
#include "core/damage.h"
#include "store/store.h"
#include "util/i18n.h"

/* The damage model for 'inc' with the organisation's setting (OUT). */
void app_damage_of(struct store *s, const struct incident *inc,
                   struct damage *out);
/* {per_person_yen, total_yen, persons, applies, inputs:{x, y, x_type,
 * y_type, sensitivity, identifiability, social_responsibility,
 * response_evaluation}} (OUT: new reference). */
json_t *damage_to_json(const struct damage *d, enum lang lang);
/* The damage of 'ref' with its cost ledger and totals per category. */
enum kz_err app_damage(struct store *s, const struct app_ctx *ctx,
                       const char *ref, enum lang lang,
                       json_t **out) KZ_MUST_CHECK;
/* Add a cost {"category","amount_yen","note"?,"spent_on"?} to 'ref'. */
enum kz_err app_cost_add(struct store *s, const struct app_ctx *ctx,
                         const char *ref, const json_t *body,
                         struct kz_problems *p) KZ_MUST_CHECK;

#endif
