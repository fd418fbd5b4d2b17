/* SPDX-License-Identifier: MIT */
/*
 * setting.c - the organisation's settings and their rules (see
 * setting.h).  Pure: the values come and go through app/settings.c.
 */
#include "core/setting.h"

#include <stdio.h>
#include <string.h>

#include "core/alert.h"
#include "core/contact.h"
#include "core/textcheck.h"
#include "util/mem.h"

static const struct setting_def defs[SETTING_COUNT] = {
    [SETTING_BASE_URL] = {"base_url", SETTING_URL},
    [SETTING_SMTP_URL_ID] = {"smtp_url", SETTING_SMTP_URL},
    [SETTING_SMTP_FROM] = {"smtp_from", SETTING_EMAIL},
    [SETTING_SMTP_USERNAME] = {"smtp_username", SETTING_TEXT},
    [SETTING_SMTP_PASSWORD] = {"smtp_password", SETTING_SECRET},
    [SETTING_CONTACT_STALE_DAYS] = {"contact_stale_days", SETTING_DAYS},
    /* How long alerts with one fingerprint keep joining one group. */
    [SETTING_ALERT_GROUP_HOURS] = {"alert_group_hours", SETTING_HOURS},
    [SETTING_ORGANISATION_NAME] = {"organisation_name", SETTING_TEXT},
    /* The reporting business as the APPI report names it (規則8条). */
    [SETTING_BUSINESS_REPRESENTATIVE] = {"business_representative",
                                         SETTING_TEXT},
    [SETTING_BUSINESS_ADDRESS] = {"business_address", SETTING_TEXT},
    [SETTING_BUSINESS_CONTACT_PERSON] = {"business_contact_person",
                                         SETTING_TEXT},
    [SETTING_BUSINESS_TELEPHONE] = {"business_telephone", SETTING_PHONE},
    /* Reporting duties the organisation is subject to (SPEC C8). */
    [SETTING_REGIME_APPI] = {"regime_appi", SETTING_BOOL},
    [SETTING_REGIME_MYNUMBER] = {"regime_mynumber", SETTING_BOOL},
    [SETTING_REGIME_GDPR] = {"regime_gdpr", SETTING_BOOL},
    [SETTING_REGIME_NIS2] = {"regime_nis2", SETTING_BOOL},
    [SETTING_REGIME_SEC] = {"regime_sec", SETTING_BOOL},
    /* JNSA 社会的責任度 of the organisation (SPEC C7). */
    [SETTING_SOCIAL_RESPONSIBILITY] = {"social_responsibility",
                                       SETTING_ONE_TWO},
};

void settings_init(struct settings *s)
{
    memset(s, 0, sizeof(*s));
}

void settings_cleanup(struct settings *s)
{
    for (size_t i = 0; i < SETTING_COUNT; i++) {
        char *t = s->v[i].text;
        if (t != NULL)
            memset(t, 0, strlen(t));
        xfree(t);
    }
    memset(s, 0, sizeof(*s));
}

const struct setting_def *setting_def(enum setting_id id)
{
    return &defs[id];
}

bool setting_find(const char *key, enum setting_id *id)
{
    for (size_t i = 0; i < SETTING_COUNT; i++) {
        if (strcmp(defs[i].key, key) == 0) {
            *id = (enum setting_id)i;
            return true;
        }
    }
    return false;
}

const char *setting_number_rule(enum setting_id id)
{
    switch (defs[id].type) {
    case SETTING_ONE_TWO:
        return "v.one_or_two";
    case SETTING_HOURS:
        return "alert.v.group_hours";
    default:
        return "v.days";
    }
}

bool setting_number_ok(enum setting_id id, long long n)
{
    switch (defs[id].type) {
    case SETTING_ONE_TWO:
        return n == 1 || n == 2;
    case SETTING_HOURS:
        return n >= 1 && n <= ALERT_GROUP_HOURS_MAX;
    default:
        return n >= 1 && n <= 3650;
    }
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

void setting_check_text(enum setting_id id, const char *t,
                        struct kz_problems *p)
{
    const char *key = defs[id].key;
    enum setting_type type = defs[id].type;

    if (type == SETTING_URL && !contact_url_is_valid(t))
        kz_problems_add(p, key, "v.url");
    else if (type == SETTING_SMTP_URL && !smtp_url_ok(t))
        kz_problems_add(p, key, "v.smtp_url");
    else if (type == SETTING_EMAIL && !contact_email_is_valid(t))
        kz_problems_add(p, key, "v.email");
    else if (type == SETTING_PHONE && !contact_phone_is_valid(t))
        kz_problems_add(p, key, "v.phone");
    else
        textcheck(p, key, t, TEXT_NAME, false);
}

enum kz_err settings_check(const struct settings *s, struct kz_problems *p)
{
    size_t before = p->n;

    for (size_t i = 0; i < SETTING_COUNT; i++) {
        const struct setting_value *v = &s->v[i];
        if (!v->given)
            continue;
        switch (defs[i].type) {
        case SETTING_BOOL:
            break;
        case SETTING_ONE_TWO:
        case SETTING_HOURS:
        case SETTING_DAYS:
            if (!setting_number_ok((enum setting_id)i, v->number))
                kz_problems_add(p, defs[i].key,
                                setting_number_rule((enum setting_id)i));
            break;
        default:
            if (v->text != NULL && v->text[0] != '\0')
                setting_check_text((enum setting_id)i, v->text, p);
        }
    }
    return p->n > before ? KZ_EINVAL : KZ_OK;
}
