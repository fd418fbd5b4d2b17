/* SPDX-License-Identifier: MIT */
/*
 * settings.h - the organisation's settings: where kizuki is reached (for
 * links in messages), the mail server, how old a contact entry may get.
 * Administrators change them; the SMTP password is never shown again.
 */
#ifndef KZ_APP_SETTINGS_H
#define KZ_APP_SETTINGS_H

#include <jansson.h>
#include <stdbool.h>

#include "app/app.h"
#include "store/store.h"

/* A setting's value, or 'dflt' (OUT: caller frees; never NULL). */
char *app_setting(struct store *s, const char *key, const char *dflt);
/* An on/off setting, or 'dflt' when unset. */
bool app_setting_on(struct store *s, const char *key, bool dflt);
/* A whole-number setting, or 'dflt' when unset or malformed. */
int app_setting_int(struct store *s, const char *key, int dflt);
/* Every setting as JSON, the secret ones as "…_set": true/false. */
enum kz_err app_settings_get(struct store *s, const struct app_ctx *ctx,
                             json_t **out) KZ_MUST_CHECK;
/* Change the settings named in 'obj' (validated; audited by name only). */
enum kz_err app_settings_patch(struct store *s, const struct app_ctx *ctx,
                               const json_t *obj,
                               struct kz_problems *p) KZ_MUST_CHECK;
/* Set 'base_url' when it has never been set (the server's own address). */
enum kz_err app_settings_default_base_url(struct store *s,
                                          const char *url) KZ_MUST_CHECK;

#endif
