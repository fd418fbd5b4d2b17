/* SPDX-License-Identifier: MIT */
/*
 * settings.c - organisation settings (see settings.h).
 */
#include "app/settings.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/audit_log.h"
#include "core/alert.h"
#include "app/duty_due.h"
#include "core/contact.h"
#include "core/textcheck.h"
#include "util/mem.h"

enum setting_type {
    S_URL,
    S_SMTP_URL,
    S_EMAIL,
    S_TEXT,
    S_PHONE,
    S_SECRET,
    S_DAYS,
    S_HOURS, /* 1..ALERT_GROUP_HOURS_MAX */
    S_BOOL,  /* stored "on" / "off" */
    S_ONE_TWO
};

static const struct {
    const char *key;
    enum setting_type type;
} known[] = {
    {"base_url", S_URL},
    {"smtp_url", S_SMTP_URL},
    {"smtp_from", S_EMAIL},
    {"smtp_username", S_TEXT},
    {"smtp_password", S_SECRET},
    {"contact_stale_days", S_DAYS},
    /* How long alerts with one fingerprint keep joining one group. */
    {"alert_group_hours", S_HOURS},
    {"organisation_name", S_TEXT},
    /* The reporting business as the APPI report names it (規則8条). */
    {"business_representative", S_TEXT},
    {"business_address", S_TEXT},
    {"business_contact_person", S_TEXT},
    {"business_telephone", S_PHONE},
    /* Reporting duties the organisation is subject to (SPEC C8). */
    {"regime_appi", S_BOOL},
    {"regime_mynumber", S_BOOL},
    {"regime_gdpr", S_BOOL},
    {"regime_nis2", S_BOOL},
    {"regime_sec", S_BOOL},
    /* JNSA 社会的責任度 of the organisation (SPEC C7). */
    {"social_responsibility", S_ONE_TWO},
};

#define NKNOWN (sizeof(known) / sizeof(known[0]))

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

enum kz_err app_settings_get(struct store *s, const struct app_ctx *ctx,
                             json_t **out)
{
    *out = NULL;
    if (access_check(&ctx->actor, ACT_SETTINGS, NULL) != ACCESS_ALLOW)
        return KZ_EFORBID;
    json_t *o = json_object();
    for (size_t i = 0; i < NKNOWN; i++) {
        char *v = app_setting(s, known[i].key, "");
        if (known[i].type == S_SECRET) {
            char set_key[64];
            snprintf(set_key, sizeof(set_key), "%s_set", known[i].key);
            json_object_set_new(o, set_key, json_boolean(v[0] != '\0'));
        } else if (known[i].type == S_BOOL) {
            json_object_set_new(o, known[i].key,
                                v[0] ? json_boolean(strcmp(v, "on") == 0)
                                     : json_null());
        } else if (known[i].type == S_ONE_TWO) {
            json_object_set_new(
                o, known[i].key,
                json_integer(app_setting_int(s, known[i].key, 1)));
        } else if (known[i].type == S_HOURS) {
            json_object_set_new(
                o, known[i].key,
                json_integer(app_setting_int(s, known[i].key,
                                             ALERT_GROUP_HOURS_DEFAULT)));
        } else if (known[i].type == S_DAYS) {
            json_object_set_new(
                o, known[i].key,
                json_integer(app_setting_int(s, known[i].key,
                                             CONTACT_STALE_DAYS_DEFAULT)));
        } else {
            json_object_set_new(o, known[i].key,
                                v[0] ? json_string(v) : json_null());
        }
        xfree(v);
    }
    *out = o;
    return KZ_OK;
}

/* smtp://host[:port] or smtps://host[:port], held to the rules of a
 * webhook address after its scheme (no spaces, no user:password@: the
 * credentials are settings of their own). */
static bool smtp_url_ok(const char *v)
{
    const char *rest;
    char as_http[2100];

    if (strncmp(v, "smtp://", 7) == 0)
        rest = v + 7;
    else if (strncmp(v, "smtps://", 8) == 0)
        rest = v + 8;
    else
        return false;
    if (strlen(rest) > 2040)
        return false;
    snprintf(as_http, sizeof(as_http), "http://%s", rest);
    return contact_url_is_valid(as_http);
}

/* The value to store for setting i from JSON 'v' (OUT: caller frees), or
 * NULL with a problem. */
static char *check_value(size_t i, const json_t *v, struct kz_problems *p)
{
    const char *key = known[i].key;

    if (known[i].type == S_BOOL) {
        if (!json_is_boolean(v)) {
            kz_problems_add(p, key, "v.type_boolean");
            return NULL;
        }
        return xstrdup(json_is_true(v) ? "on" : "off");
    }
    if (known[i].type == S_ONE_TWO) {
        if (!json_is_integer(v) || json_integer_value(v) < 1 ||
            json_integer_value(v) > 2) {
            kz_problems_add(p, key, "v.one_or_two");
            return NULL;
        }
        return xstrdup(json_integer_value(v) == 2 ? "2" : "1");
    }
    if (known[i].type == S_HOURS) {
        if (!json_is_integer(v) || json_integer_value(v) < 1 ||
            json_integer_value(v) > ALERT_GROUP_HOURS_MAX) {
            kz_problems_add(p, key, "alert.v.group_hours");
            return NULL;
        }
        char num[24];
        snprintf(num, sizeof(num), "%lld", (long long)json_integer_value(v));
        return xstrdup(num);
    }
    if (known[i].type == S_DAYS) {
        if (!json_is_integer(v) || json_integer_value(v) < 1 ||
            json_integer_value(v) > 3650) {
            kz_problems_add(p, key, "v.days");
            return NULL;
        }
        char num[24];
        snprintf(num, sizeof(num), "%lld", (long long)json_integer_value(v));
        return xstrdup(num);
    }
    if (json_is_null(v))
        return xstrdup("");
    if (!json_is_string(v)) {
        kz_problems_add(p, key, "v.type_string");
        return NULL;
    }
    const char *t = json_string_value(v);
    size_t before = p->n;
    if (t[0] != '\0') {
        if (known[i].type == S_URL && !contact_url_is_valid(t))
            kz_problems_add(p, key, "v.url");
        else if (known[i].type == S_SMTP_URL && !smtp_url_ok(t))
            kz_problems_add(p, key, "v.smtp_url");
        else if (known[i].type == S_EMAIL && !contact_email_is_valid(t))
            kz_problems_add(p, key, "v.email");
        else if (known[i].type == S_PHONE && !contact_phone_is_valid(t))
            kz_problems_add(p, key, "v.phone");
        else
            textcheck(p, key, t, TEXT_NAME, false);
    }
    return p->n > before ? NULL : xstrdup(t);
}

enum kz_err app_settings_patch(struct store *s, const struct app_ctx *ctx,
                               const json_t *obj, struct kz_problems *p)
{
    const char *k;
    json_t *v;
    char *values[NKNOWN] = {0};
    json_t *changed = json_array();
    enum kz_err err = KZ_OK;
    bool began = false;

    if (access_check(&ctx->actor, ACT_SETTINGS, NULL) != ACCESS_ALLOW) {
        json_decref(changed);
        return KZ_EFORBID;
    }
    json_object_foreach((json_t *)obj, k, v)
    {
        size_t i = 0;
        while (i < NKNOWN && strcmp(known[i].key, k) != 0)
            i++;
        if (i == NKNOWN) {
            kz_problems_add(p, k, "v.unknown_field");
            continue;
        }
        xfree(values[i]);
        values[i] = check_value(i, v, p);
    }
    if (p->n > 0)
        err = KZ_EINVAL;
    if (err == KZ_OK) {
        err = store_begin(s);
        began = err == KZ_OK;
    }
    for (size_t i = 0; err == KZ_OK && i < NKNOWN; i++) {
        if (values[i] == NULL)
            continue;
        err = store_setting_set(s, known[i].key, values[i], ctx->now);
        json_array_append_new(changed, json_string(known[i].key));
    }
    /* Switching a regime on or off moves every incident's due times: the
     * stored ones are of other rules now, recomputed in this change. */
    if (err == KZ_OK && json_array_size(changed) > 0)
        err = app_duty_due_refresh(s, ctx->now, NULL);
    /* Nothing asked, nothing changed: no audit entry saying so. */
    bool wrote = err == KZ_OK && json_array_size(changed) > 0;
    if (wrote && p->n == 0) {
        /* Names only: a password must not reach the audit log. */
        json_t *d = json_pack("{s:O}", "settings", changed);
        char *detail = json_dumps(d, JSON_COMPACT);
        json_decref(d);
        err = app_audit(s, ctx, "settings.update", "", detail);
        xfree(detail);
        err = store_end(s, err);
    } else if (began) {
        /* Only our own transaction: the caller's (the writer's batch)
         * must survive a refused patch. */
        store_rollback(s);
    }
    for (size_t i = 0; i < NKNOWN; i++) {
        if (values[i] != NULL)
            memset(values[i], 0, strlen(values[i]));
        xfree(values[i]);
    }
    json_decref(changed);
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
