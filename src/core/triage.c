/* SPDX-License-Identifier: MIT */
/*
 * triage.c - the severity score's rules as data (see triage.h).
 *
 * The weights follow what the reporting duties and the JNSA model treat as
 * grave: special-care and financial data, more than 1,000 people (the APPI
 * threshold), a malicious cause, a stopped service.  Change a weight here
 * and the tests in tests/unit/core/test_triage.c say what moved.
 */
#include "core/triage.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "core/cause.h"
#include "core/obligation.h"
#include "core/taxonomy.h"

/* Sensitivity of an information type; the highest one leaked counts. */
static const struct {
    const char *type;
    int points;
} info_points[] = {
    /* 要配慮個人情報 (APPI art. 2(3)) and comparable data. */
    {"race", 30},
    {"health_check", 30},
    {"medical_record", 30},
    {"disability", 30},
    {"criminal_record", 30},
    {"religion", 30},
    {"political_views", 30},
    {"other_privacy", 30},
    {"biometric", 25},
    /* Data whose misuse causes financial damage. */
    {"credit_card", 30},
    {"bank_account", 30},
    {"financial_login", 30},
    {"my_number", 30},
    {"income", 15},
    {"liquid_assets", 15},
    {"purchase_history", 15},
    {"real_estate", 10},
    {"seal_certificate", 15},
    {"passport", 15},
    {"drivers_license", 10},
    {"health_insurance_card", 10},
    {"pension_certificate", 10},
    {"care_insurance_card", 10},
    /* The organisation's own secrets. */
    {"trade_secret", 25},
    {"technical_info", 20},
    {"customer_transactions", 15},
    /* Identifying data. */
    {"name", 5},
    {"address", 5},
    {"birth_date", 5},
    {"phone_number", 5},
    {"email_address", 5},
    {"photo", 5},
    {"voice", 5},
    {"family_data", 5},
    {"nationality", 10},
    {"education", 5},
    {"employment_history", 5},
    {"gender", 3},
    {"blood_type", 3},
    {"height", 3},
    {"weight", 3},
    {"physical_traits", 5},
    {"hobbies", 3},
    {"other", 3},
};

/* People affected: the first row whose minimum is reached. */
static const struct {
    int64_t min;
    int points;
    const char *key;
} persons_rules[] = {
    {100000, 40, "triage.persons_100k"},    {10000, 30, "triage.persons_10k"},
    {1001, 20, "triage.persons_over_1000"}, {100, 10, "triage.persons_100"},
    {1, 5, "triage.persons_some"},
};

/* The most important affected asset (inventory priority 1..4). */
static const int asset_points[] = {0, 25, 15, 8, 3};

/* Business stoppage and damage to data. */
static const struct {
    const char *impact;
    int points;
} impact_rules[] = {
    {"service_stopped", 20},  {"data_altered", 10},
    {"attack_platform", 10},  {"website_defacement", 10},
    {"financial_damage", 15},
};

static const struct {
    const char *cause;
    int points;
} cause_points[] = {
    {"external_attack", 15},
    {"insider_wrongdoing", 15},
    {"unknown", 5},
};

/*
 * What the score needs from the record, per category (issue 9 item 18):
 * NEED_DATA, the information types involved and how many people or
 * records (a leak is graded by what and how many); NEED_SYSTEM, the
 * affected assets or the impact on business (a DoS leaks nothing, and is
 * graded by what stopped).  A category not listed ("other") needs
 * nothing beyond itself.
 */
enum { NEED_DATA = 1, NEED_SYSTEM = 2 };

static const struct {
    const char *category;
    int need;
} needs[] = {
    {"misdirected_email", NEED_DATA},
    {"misdirected_fax_post", NEED_DATA},
    {"sns_leak", NEED_DATA},
    {"wrong_disposal", NEED_DATA},
    {"document_loss", NEED_DATA},
    {"device_loss", NEED_DATA},
    {"contractor_mismanagement", NEED_DATA},
    {"insider_wrongdoing", NEED_DATA},
    {"policy_violation", NEED_DATA},
    {"break_in", NEED_DATA},
    {"unauthorized_access", NEED_SYSTEM},
    {"targeted_email", NEED_SYSTEM},
    {"malware", NEED_SYSTEM},
    {"ransomware", NEED_SYSTEM},
    {"dos", NEED_SYSTEM},
    {"web_defacement", NEED_SYSTEM},
    {"phishing", NEED_SYSTEM},
    {"cloud_incident", NEED_SYSTEM},
    {"misconfiguration", NEED_SYSTEM},
    {"system_failure", NEED_SYSTEM},
    {"scan_probe", NEED_SYSTEM},
    {"bec", NEED_SYSTEM},
    {"ot_iot", NEED_SYSTEM},
};

/* Severity thresholds on the score: S1, S2, S3; below is S4. */
static const int thresholds[] = {0, 60, 35, 15};

int triage_threshold(int severity)
{
    if (severity < 1 || severity > 3)
        return 0;
    return thresholds[severity];
}

int triage_info_type_points(const char *key)
{
    for (size_t i = 0;
         key != NULL && i < sizeof(info_points) / sizeof(info_points[0]); i++) {
        if (strcmp(info_points[i].type, key) == 0)
            return info_points[i].points;
    }
    return 0;
}

static void add(struct triage_result *r, const char *factor, int points,
                const char *key, const char *detail)
{
    if (points <= 0 || r->n >= TRIAGE_REASONS_MAX)
        return;
    struct triage_reason *x = &r->reasons[r->n++];
    x->factor = factor;
    x->points = points;
    x->text_key = key;
    snprintf(x->detail, sizeof(x->detail), "%s", detail ? detail : "");
    r->score += points;
}

/* The largest number of people the record says are affected: the persons
 * count, else the largest record count of a personal information type. */
static int64_t persons_of(const struct incident *inc)
{
    int64_t n =
        inc->affected_persons != COUNT_UNKNOWN ? inc->affected_persons : 0;

    if (inc->affected_persons == COUNT_UNKNOWN) {
        for (size_t i = 0; i < inc->n_info_types; i++) {
            const struct info_count *ic = &inc->info_types[i];
            if (ic->count != COUNT_UNKNOWN && ic->count > n &&
                strcmp(ic->type, "trade_secret") != 0 &&
                strcmp(ic->type, "technical_info") != 0)
                n = ic->count;
        }
    }
    return n;
}

/* Organisation data (secrets, technical data) has no persons to count. */
static bool is_personal(const char *type)
{
    return strcmp(type, "trade_secret") != 0 &&
           strcmp(type, "technical_info") != 0;
}

static void missing(struct triage_result *r, const char *key)
{
    if (r->n_missing < TRIAGE_MISSING_MAX)
        r->missing[r->n_missing++] = key;
}

/* The facts 'inc' lacks for its category (see needs[]). */
static void find_missing(const struct incident *inc, struct triage_result *r)
{
    int need = 0;

    if (inc->category == NULL) {
        missing(r, "triage.missing.category");
        return;
    }
    for (size_t i = 0; i < sizeof(needs) / sizeof(needs[0]); i++) {
        if (strcmp(needs[i].category, inc->category) == 0)
            need = needs[i].need;
    }
    if (need & NEED_DATA) {
        bool personal = false;
        bool counted = inc->affected_persons != COUNT_UNKNOWN;
        for (size_t i = 0; i < inc->n_info_types; i++) {
            const struct info_count *ic = &inc->info_types[i];
            if (is_personal(ic->type)) {
                personal = true;
                counted = counted || ic->count != COUNT_UNKNOWN;
            }
        }
        if (inc->n_info_types == 0)
            missing(r, "triage.missing.info_types");
        else if (personal && !counted)
            missing(r, "triage.missing.count");
    }
    if ((need & NEED_SYSTEM) && inc->assets.n == 0 && inc->impacts.n == 0)
        missing(r, "triage.missing.assets");
}

void triage_compute(const struct triage_input *in, struct triage_result *out)
{
    const struct incident *inc = in->inc;
    char num[32];

    memset(out, 0, sizeof(*out));
    /* Sensitivity: the most sensitive information type involved. */
    int best = 0;
    const char *best_type = NULL;
    for (size_t i = 0; i < inc->n_info_types; i++) {
        int p = triage_info_type_points(inc->info_types[i].type);
        if (p > best) {
            best = p;
            best_type = inc->info_types[i].type;
        }
    }
    add(out, "sensitivity", best, "triage.sensitivity", best_type);

    int64_t persons = persons_of(inc);
    for (size_t i = 0; i < sizeof(persons_rules) / sizeof(persons_rules[0]);
         i++) {
        if (persons >= persons_rules[i].min) {
            snprintf(num, sizeof(num), "%" PRId64, persons);
            add(out, "persons", persons_rules[i].points, persons_rules[i].key,
                num);
            break;
        }
    }

    if (in->best_asset_priority >= 1 && in->best_asset_priority <= 4)
        add(out, "assets", asset_points[in->best_asset_priority],
            "triage.asset_priority", in->best_asset_name);

    /* Business stoppage and damage: the gravest impact recorded. */
    int worst = 0;
    const char *worst_impact = NULL;
    for (size_t i = 0; i < inc->impacts.n; i++) {
        for (size_t k = 0; k < sizeof(impact_rules) / sizeof(impact_rules[0]);
             k++) {
            if (strcmp(impact_rules[k].impact, inc->impacts.v[i]) == 0 &&
                impact_rules[k].points > worst) {
                worst = impact_rules[k].points;
                worst_impact = impact_rules[k].impact;
            }
        }
    }
    add(out, "impact", worst, "triage.impact", worst_impact);

    if (inc->category != NULL || inc->cause != NULL) {
        const char *cause = cause_of(inc);
        for (size_t i = 0; i < sizeof(cause_points) / sizeof(cause_points[0]);
             i++) {
            if (strcmp(cause_points[i].cause, cause) == 0)
                add(out, "cause", cause_points[i].points, "triage.cause",
                    cause);
        }
    }

    /* A report to the authorities is due: the organisation is on a clock. */
    if (obligation_appi_applies(inc))
        add(out, "duty", 20, "triage.duty", "appi");

    out->severity = 4;
    for (int s = 1; s <= 3; s++) {
        if (out->score >= thresholds[s]) {
            out->severity = s;
            break;
        }
    }
    out->at_least = out->severity;
    /* Missing facts only ever add points: a thin record is not S4 but
     * unrated, and comes first so that someone gathers the facts — unless
     * what is known already makes it S1. */
    find_missing(inc, out);
    if (out->n_missing > 0 && out->severity > 1)
        out->severity = 0;
    /* A near miss harmed no one yet: its work can wait a step longer. */
    out->priority = out->severity == 0 ? 1 : out->severity;
    if (inc->kind == KIND_NEAR_MISS && out->priority < 4)
        out->priority++;
}
