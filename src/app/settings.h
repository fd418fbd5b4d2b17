/* SPDX-License-Identifier: MIT */
/*
 * settings.h - the organisation's settings: where kizuki is reached (for
 * links in messages), the mail server, how old a contact entry may get.
 * Administrators change them; the SMTP password is never shown again.
 */
#ifndef KZ_APP_SETTINGS_H
#define KZ_APP_SETTINGS_H

#include <stdbool.h>

#include "app/app.h"
#include "core/setting.h"
#include "store/store.h"

/* A setting's value, or 'dflt' (OUT: caller frees; never NULL). */
char *app_setting(struct store *s, const char *key, const char *dflt);
/* An on/off setting, or 'dflt' when unset. */
bool app_setting_on(struct store *s, const char *key, bool dflt);
/* A whole-number setting, or 'dflt' when unset or malformed. */
int app_setting_int(struct store *s, const char *key, int dflt);
/* Every setting (OUT: 'out', initialised): texts as stored, numbers as
 * in force (their default when unset), a secret only as whether it is
 * set (its text is never read out).  Administrators only: KZ_EFORBID. */
enum kz_err app_settings_get(struct store *s, const struct app_ctx *ctx,
                             struct settings *out) KZ_MUST_CHECK;
/* Change the settings 'patch' gives (v[i].given), checked by core
 * (KZ_EINVAL with 'p'), in one transaction that recomputes the due times
 * and is audited by the settings' names only.  Administrators only. */
enum kz_err app_settings_patch(struct store *s, const struct app_ctx *ctx,
                               const struct settings *patch,
                               struct kz_problems *p) KZ_MUST_CHECK;
/* Set 'base_url' when it has never been set (the server's own address). */
enum kz_err app_settings_default_base_url(struct store *s,
                                          const char *url) KZ_MUST_CHECK;

#endif
