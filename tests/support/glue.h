/* SPDX-License-Identifier: MIT */
/*
 * glue.h - the typed use cases of src/app driven with JSON, the way the
 * HTTP handlers drive them (decode with src/json, run, encode), so that
 * the tests written against request and response bodies keep asserting
 * what a client sees.
 */
#ifndef KZ_TEST_GLUE_H
#define KZ_TEST_GLUE_H

#include <jansson.h>

#include "app/app.h"
#include "store/store.h"
#include "util/err.h"
#include "util/i18n.h"

/* POST /incidents/{ref}/costs with 'body'. */
enum kz_err glue_cost_add(struct store *s, const struct app_ctx *ctx,
                          const char *ref, const json_t *body,
                          struct kz_problems *p);
/* GET /incidents/{ref}/damage (OUT: *out, new reference, NULL on error). */
enum kz_err glue_damage(struct store *s, const struct app_ctx *ctx,
                        const char *ref, enum lang lang, json_t **out);

/* POST /incidents/{ref}/obligations/{key} with 'body'. */
enum kz_err glue_obligation_record(struct store *s, const struct app_ctx *ctx,
                                   const char *ref, const char *key,
                                   const json_t *body, struct kz_problems *p);
/* GET /incidents/{ref}/obligations (OUT: *out, NULL on error). */
enum kz_err glue_obligations(struct store *s, const struct app_ctx *ctx,
                             const char *ref, enum lang lang, json_t **out);
/* GET /deadlines (OUT: *out, NULL on error). */
enum kz_err glue_deadlines(struct store *s, const struct app_ctx *ctx,
                           enum lang lang, json_t **out);

#endif
