/* SPDX-License-Identifier: MIT */
/*
 * settings_patch.h - change the settings from a JSON object the way PATCH
 * /api/v1/settings does (codec, then use case), for the tests that set
 * them up in a line.
 */
#ifndef KZ_TEST_SETTINGS_PATCH_H
#define KZ_TEST_SETTINGS_PATCH_H

#include <jansson.h>

#include "app/app.h"
#include "store/store.h"

/* settings_from_json then app_settings_patch as ctx's actor; the first
 * error, with the problems in 'p'. */
enum kz_err test_settings_patch(struct store *s, const struct app_ctx *ctx,
                                const json_t *obj, struct kz_problems *p);

#endif
