/* SPDX-License-Identifier: MIT */
/*
 * disclosure.h - speaking to people about an incident (SPEC C9, C10):
 * how ready each communication is, who finds the missing facts, the log
 * of what was said with the facts as stated, the drift of the facts since
 * then, and aftercare for the people affected.
 */
#ifndef KZ_APP_DISCLOSURE_H
#define KZ_APP_DISCLOSURE_H

#include <jansson.h>

#include "app/app.h"
#include "store/store.h"
#include "util/i18n.h"

/* {"items":[{kind, label, percent, known, needed, facts:[{fact, label,
 * known, owner, due_at}]}]} for 'ref' (OUT: new reference). */
enum kz_err app_readiness(struct store *s, const struct app_ctx *ctx,
                          const char *ref, enum lang lang,
                          json_t **out) KZ_MUST_CHECK;
/* Who finds fact 'fact' and by when: {"owner","due_at"}. */
enum kz_err app_fact_owner(struct store *s, const struct app_ctx *ctx,
                           const char *ref, const char *fact,
                           const json_t *body,
                           struct kz_problems *p) KZ_MUST_CHECK;

/* Record a communication that went out, with the facts as stated now:
 * {"kind","audience"?,"sent_at"?,"summary"?}. */
enum kz_err app_disclosure_add(struct store *s, const struct app_ctx *ctx,
                               const char *ref, const json_t *body,
                               struct kz_problems *p) KZ_MUST_CHECK;
/* {"items":[disclosures…], "drift":[…]} (OUT). */
enum kz_err app_disclosures(struct store *s, const struct app_ctx *ctx,
                            const char *ref, enum lang lang,
                            json_t **out) KZ_MUST_CHECK;
/* Aftercare: add {"kind","party","count"?,"sent_at"?,"confirmed_at"?,
 * "note"?}, or change item 'id' (e.g. its confirmation) when it is still
 * at version 'if_match' (-1: whichever), else KZ_ECONFLICT. */
enum kz_err app_aftercare_save(struct store *s, const struct app_ctx *ctx,
                               const char *ref, int64_t id, int64_t if_match,
                               const json_t *body,
                               struct kz_problems *p) KZ_MUST_CHECK;
/* {"items":[…], "total":n, "requests":n, "unconfirmed":n} (OUT). */
enum kz_err app_aftercare(struct store *s, const struct app_ctx *ctx,
                          const char *ref, json_t **out) KZ_MUST_CHECK;

#endif
