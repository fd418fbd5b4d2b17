/* SPDX-License-Identifier: MIT */
/*
 * settings_patch.c - see settings_patch.h.
 */
#include "support/settings_patch.h"

#include "app/settings.h"
#include "json/settings_json.h"

enum kz_err test_settings_patch(struct store *s, const struct app_ctx *ctx,
                                const json_t *obj, struct kz_problems *p)
{
    struct settings patch;

    settings_init(&patch);
    enum kz_err err = settings_from_json(obj, &patch, p);
    if (err == KZ_OK)
        err = app_settings_patch(s, ctx, &patch, p);
    settings_cleanup(&patch);
    return err;
}
