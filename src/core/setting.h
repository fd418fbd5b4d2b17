/* SPDX-License-Identifier: MIT */
/*
 * setting.h - the organisation's settings as a domain record: which exist,
 * of what kind, what each may hold, and a typed set of values.  The use
 * cases (app/settings.c) store them; json/settings_json.c reads and
 * writes them as the API shows them.
 */
#ifndef KZ_CORE_SETTING_H
#define KZ_CORE_SETTING_H

#include <stdbool.h>

#include "util/err.h"

enum setting_type {
    SETTING_URL,
    SETTING_SMTP_URL,
    SETTING_EMAIL,
    SETTING_TEXT,
    SETTING_PHONE,
    SETTING_SECRET, /* never shown again; "<key>_set" says whether set */
    SETTING_DAYS,   /* 1..3650 */
    SETTING_HOURS,  /* 1..ALERT_GROUP_HOURS_MAX */
    SETTING_BOOL,   /* stored "on" / "off" */
    SETTING_ONE_TWO
};

/* In the order the API lists them. */
enum setting_id {
    SETTING_BASE_URL,
    SETTING_SMTP_URL_ID,
    SETTING_SMTP_FROM,
    SETTING_SMTP_USERNAME,
    SETTING_SMTP_PASSWORD,
    SETTING_CONTACT_STALE_DAYS,
    SETTING_ALERT_GROUP_HOURS,
    SETTING_ORGANISATION_NAME,
    SETTING_BUSINESS_REPRESENTATIVE,
    SETTING_BUSINESS_ADDRESS,
    SETTING_BUSINESS_CONTACT_PERSON,
    SETTING_BUSINESS_TELEPHONE,
    SETTING_REGIME_APPI,
    SETTING_REGIME_MYNUMBER,
    SETTING_REGIME_GDPR,
    SETTING_REGIME_NIS2,
    SETTING_REGIME_SEC,
    SETTING_SOCIAL_RESPONSIBILITY,
    SETTING_COUNT
};

struct setting_def {
    const char *key; /* stored and shown under this name */
    enum setting_type type;
};

/* One setting's value, by its kind. */
struct setting_value {
    bool given;       /* patch: named in it; read: stored (not empty) */
    char *text;       /* text kinds; NULL or "" clears (patch) */
    long long number; /* DAYS, HOURS, ONE_TWO: in force (read) */
    bool on;          /* BOOL */
};

/* Every setting (read), or the ones to change (patch: v[i].given). */
struct settings {
    struct setting_value v[SETTING_COUNT];
};

void settings_init(struct settings *s);
/* Free the texts, zeroed first (a password may be among them). */
void settings_cleanup(struct settings *s);

/* The definition of setting 'id' (< SETTING_COUNT). */
const struct setting_def *setting_def(enum setting_id id);
/* The setting named 'key' (OUT: *id); false when there is none. */
bool setting_find(const char *key, enum setting_id *id);
/* The message key of the rule a number of setting 'id' breaks. */
const char *setting_number_rule(enum setting_id id);
/* Whether 'n' is a value setting 'id' (a number kind) may take. */
bool setting_number_ok(enum setting_id id, long long n);
/* Check the text 't' (not empty) for setting 'id' (a text kind), adding a
 * problem under its key when it breaks the kind's rule. */
void setting_check_text(enum setting_id id, const char *t,
                        struct kz_problems *p);
/* Check every given value of 's'; KZ_EINVAL with 'p' when one breaks its
 * rule (values of the wrong kind are ignored). */
enum kz_err settings_check(const struct settings *s, struct kz_problems *p);

#endif
