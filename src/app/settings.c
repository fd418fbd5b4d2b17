/* SPDX-License-Identifier: MIT */
/*
 * settings.c - organisation settings (see settings.h).
 */
#include "app/settings.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/audit_log.h"
#include "app/duty_due.h"
#include "core/alert.h"
#include "core/contact.h"
#include "util/buf.h"
#include "util/mem.h"

char *app_setting(struct store *s, const char *key, const char *dflt)
{
    char *v = NULL;

    if (store_setting_get(s, key, &v) == KZ_OK && v != NULL)
        return v;
    xfree(v);
    return xstrdup(dflt ? dflt : "");
}

bool app_setting_on(struct store *s, const char *key, bool dflt)
{
    char *v = app_setting(s, key, "");
    bool on = v[0] == '\0' ? dflt : strcmp(v, "on") == 0;

    xfree(v);
    return on;
}

int app_setting_int(struct store *s, const char *key, int dflt)
{
    char *v = app_setting(s, key, "");
    char *end = NULL;
    long n = strtol(v, &end, 10);
    int out =
        (v[0] != '\0' && *end == '\0' && n > 0 && n < 100000) ? (int)n : dflt;

    xfree(v);
    return out;
}

/* The number setting 'id' has in force. */
static int number_default(enum setting_id id)
{
    switch (setting_def(id)->type) {
    case SETTING_HOURS:
        return ALERT_GROUP_HOURS_DEFAULT;
    case SETTING_DAYS:
        return CONTACT_STALE_DAYS_DEFAULT;
    default:
        return 1;
    }
}

enum kz_err app_settings_get(struct store *s, const struct app_ctx *ctx,
                             struct settings *out)
{
    if (access_check(&ctx->actor, ACT_SETTINGS, NULL) != ACCESS_ALLOW)
        return KZ_EFORBID;
    for (size_t i = 0; i < SETTING_COUNT; i++) {
        const struct setting_def *d = setting_def((enum setting_id)i);
        struct setting_value *v = &out->v[i];
        char *text = app_setting(s, d->key, "");
        v->given = text[0] != '\0';
        switch (d->type) {
        case SETTING_SECRET:
            break;
        case SETTING_BOOL:
            v->on = strcmp(text, "on") == 0;
            break;
        case SETTING_ONE_TWO:
        case SETTING_HOURS:
        case SETTING_DAYS:
            v->number =
                app_setting_int(s, d->key, number_default((enum setting_id)i));
            break;
        default:
            if (v->given) {
                v->text = text;
                text = NULL;
            }
        }
        if (text != NULL)
            memset(text, 0, strlen(text));
        xfree(text);
    }
    return KZ_OK;
}

/* The text to store for value 'v' of setting 'id' (OUT: caller frees). */
static char *stored(enum setting_id id, const struct setting_value *v)
{
    char num[24];

    switch (setting_def(id)->type) {
    case SETTING_BOOL:
        return xstrdup(v->on ? "on" : "off");
    case SETTING_ONE_TWO:
    case SETTING_HOURS:
    case SETTING_DAYS:
        snprintf(num, sizeof(num), "%lld", v->number);
        return xstrdup(num);
    default:
        return xstrdup(v->text ? v->text : "");
    }
}

enum kz_err app_settings_patch(struct store *s, const struct app_ctx *ctx,
                               const struct settings *patch,
                               struct kz_problems *p)
{
    struct buf names;
    size_t changed = 0;

    if (access_check(&ctx->actor, ACT_SETTINGS, NULL) != ACCESS_ALLOW)
        return KZ_EFORBID;
    if (settings_check(patch, p) != KZ_OK)
        return KZ_EINVAL;
    enum kz_err err = store_begin(s);
    if (err != KZ_OK)
        return err;
    /* Names only: a password must not reach the audit log.  The names
     * are core's keys, plain ASCII: nothing to escape. */
    buf_init(&names, 4096);
    for (size_t i = 0; err == KZ_OK && i < SETTING_COUNT; i++) {
        if (!patch->v[i].given)
            continue;
        char *value = stored((enum setting_id)i, &patch->v[i]);
        err = store_setting_set(s, setting_def((enum setting_id)i)->key, value,
                                ctx->now);
        memset(value, 0, strlen(value));
        xfree(value);
        if (err == KZ_OK)
            err = buf_printf(&names, "%s\"%s\"", changed ? "," : "",
                             setting_def((enum setting_id)i)->key);
        changed++;
    }
    /* Switching a regime on or off moves every incident's due times: the
     * stored ones are of other rules now, recomputed in this change. */
    if (err == KZ_OK && changed > 0)
        err = app_duty_due_refresh(s, ctx->now, NULL);
    if (err == KZ_OK && changed > 0) {
        struct buf d;
        buf_init(&d, 8192);
        err =
            buf_printf(&d, "{\"settings\":[%s]}", names.data ? names.data : "");
        if (err == KZ_OK)
            err = app_audit(s, ctx, "settings.update", "", d.data);
        buf_cleanup(&d);
        buf_cleanup(&names);
        return store_end(s, err);
    }
    buf_cleanup(&names);
    /* Nothing asked, nothing changed: no audit entry saying so.  Only our
     * own transaction is rolled back: the caller's (the writer's batch)
     * must survive a refused patch. */
    store_rollback(s);
    return err;
}

enum kz_err app_settings_default_base_url(struct store *s, const char *url)
{
    char *v = NULL;
    enum kz_err err = store_setting_get(s, "base_url", &v);

    xfree(v);
    if (err != KZ_ENOTFOUND)
        return err;
    return store_setting_set(s, "base_url", url, 0);
}
