/* SPDX-License-Identifier: MIT */
/*
 * test_triage.c - the severity score (src/core/triage.c, SPEC C4): each
 * factor alone against a table written out by hand (every information
 * type, impact and category, so a new taxonomy key fails by name), the
 * persons boundaries, the severity thresholds at and just below each
 * step, near misses, determinism and the reasons people are shown.
 */
#include "support/test.h"

#include <stdio.h>
#include <string.h>

#include "core/cause.h"
#include "core/incident.h"
#include "core/taxonomy.h"
#include "core/triage.h"
#include "util/i18n.h"
#include "util/mem.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* A record with nothing that scores: no information, no persons, no
 * category, no impact. */
static void blank(struct incident *inc)
{
    incident_init(inc);
}

static struct triage_result score_with(const struct incident *inc,
                                       int asset_priority,
                                       const char *asset_name)
{
    struct triage_input in = {inc, asset_priority, asset_name};
    struct triage_result r;

    triage_compute(&in, &r);
    return r;
}

static struct triage_result score(const struct incident *inc)
{
    return score_with(inc, 0, NULL);
}

/* The reason for 'factor' in 'r', or NULL. */
static const struct triage_reason *reason(const struct triage_result *r,
                                          const char *factor)
{
    for (size_t i = 0; i < r->n; i++) {
        if (strcmp(r->reasons[i].factor, factor) == 0)
            return &r->reasons[i];
    }
    return NULL;
}

/* Points of 'factor' in 'r' (0 when it has no reason). */
static int points(const struct triage_result *r, const char *factor)
{
    const struct triage_reason *x = reason(r, factor);

    return x ? x->points : 0;
}

/* What every result must satisfy: the score is the sum of its reasons,
 * each reason earns points and has a catalogue text, and the severity
 * follows the thresholds. */
static void assert_consistent(const struct triage_result *r)
{
    int sum = 0;

    assert_true(r->n <= TRIAGE_REASONS_MAX);
    for (size_t i = 0; i < r->n; i++) {
        assert_true(r->reasons[i].points > 0);
        assert_non_null(r->reasons[i].factor);
        assert_non_null(r->reasons[i].text_key);
        if (!i18n_has(r->reasons[i].text_key))
            fail_msg("no catalogue text for %s", r->reasons[i].text_key);
        for (size_t k = 0; k < i; k++)
            assert_string_not_equal(r->reasons[k].factor, r->reasons[i].factor);
        sum += r->reasons[i].points;
    }
    assert_int_equal(r->score, sum);
    int want = r->score >= 60 ? 1 : r->score >= 35 ? 2 : r->score >= 15 ? 3 : 4;
    assert_int_equal(r->at_least, want);
    /* Unrated when facts are missing, unless the score is S1 already. */
    assert_int_equal(r->severity, r->n_missing > 0 && want > 1 ? 0 : want);
    for (size_t i = 0; i < r->n_missing; i++) {
        if (!i18n_has(r->missing[i]))
            fail_msg("no catalogue text for %s", r->missing[i]);
    }
}

static void test_nothing_known_scores_zero(void **state)
{
    struct incident inc;
    struct triage_result r;

    (void)state;
    blank(&inc);
    r = score(&inc);
    assert_int_equal(r.score, 0);
    assert_int_equal(r.n, 0);
    /* Nothing known is not "S4 minor" but unrated, first in the queue. */
    assert_int_equal(r.at_least, 4);
    assert_int_equal(r.severity, 0);
    assert_int_equal(r.priority, 1);
    assert_int_equal(r.n_missing, 1);
    assert_string_equal(r.missing[0], "triage.missing.category");
    incident_cleanup(&inc);
}

/*
 * Sensitivity of each information type alone, by class.  Every key of
 * the taxonomy must have a row: a type added later fails here until
 * someone decides what it weighs.
 */
static const struct {
    const char *type;
    int points;
} sensitivity[] = {
    /* Special-care data (要配慮個人情報, APPI art. 2(3)). */
    {"race", 30},
    {"health_check", 30},
    {"medical_record", 30},
    {"disability", 30},
    {"criminal_record", 30},
    {"religion", 30},
    {"political_views", 30},
    {"other_privacy", 30},
    {"biometric", 25},
    /* Financial damage when misused. */
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
    /* The organisation's secrets. */
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
    {"physical_traits", 5},
    {"gender", 3},
    {"blood_type", 3},
    {"height", 3},
    {"weight", 3},
    {"hobbies", 3},
    {"other", 3},
};

static void test_sensitivity_of_every_information_type(void **state)
{
    (void)state;
    assert_int_equal(N(sensitivity), taxonomy_info_type.count);
    for (size_t i = 0; i < taxonomy_info_type.count; i++) {
        const char *key = taxonomy_info_type.entries[i].key;
        size_t k = 0;
        while (k < N(sensitivity) && strcmp(sensitivity[k].type, key) != 0)
            k++;
        if (k == N(sensitivity))
            fail_msg("information type %s has no row in test_triage.c", key);
        assert_int_equal(triage_info_type_points(key), sensitivity[k].points);

        /* Alone on a record (count unknown, so no persons), encrypted so
         * that no reporting duty adds to it. */
        struct incident inc;
        blank(&inc);
        inc.encrypted = true;
        incident_add_info_type(&inc, key, COUNT_UNKNOWN);
        struct triage_result r = score(&inc);
        const struct triage_reason *x = reason(&r, "sensitivity");
        if (x == NULL || x->points != sensitivity[k].points)
            fail_msg("%s: want %d points, got %d", key, sensitivity[k].points,
                     x ? x->points : 0);
        assert_string_equal(x->text_key, "triage.sensitivity");
        assert_string_equal(x->detail, key);
        assert_int_equal(r.score, sensitivity[k].points);
        assert_int_equal(r.n, 1);
        assert_consistent(&r);
        incident_cleanup(&inc);
    }
    assert_int_equal(triage_info_type_points("shoe_size"), 0);
    assert_int_equal(triage_info_type_points(""), 0);
    assert_int_equal(triage_info_type_points(NULL), 0);
}

/* The most sensitive type counts, once; on a tie the first listed. */
static void test_the_most_sensitive_type_counts(void **state)
{
    struct incident inc;
    struct triage_result r;

    (void)state;
    blank(&inc);
    inc.encrypted = true;
    incident_add_info_type(&inc, "name", COUNT_UNKNOWN);
    incident_add_info_type(&inc, "credit_card", COUNT_UNKNOWN);
    incident_add_info_type(&inc, "income", COUNT_UNKNOWN);
    incident_add_info_type(&inc, "race", COUNT_UNKNOWN);
    r = score(&inc);
    assert_int_equal(points(&r, "sensitivity"), 30);
    assert_string_equal(reason(&r, "sensitivity")->detail, "credit_card");
    assert_int_equal(r.score, 30);
    incident_cleanup(&inc);
}

/* Persons affected: the buckets and their edges. */
static void test_persons_boundaries(void **state)
{
    static const struct {
        int64_t persons;
        int points;
        const char *key;
    } rows[] = {
        {0, 0, NULL},
        {1, 5, "triage.persons_some"},
        {99, 5, "triage.persons_some"},
        {100, 10, "triage.persons_100"},
        {1000, 10, "triage.persons_100"},
        {1001, 20, "triage.persons_over_1000"},
        {9999, 20, "triage.persons_over_1000"},
        {10000, 30, "triage.persons_10k"},
        {99999, 30, "triage.persons_10k"},
        {100000, 40, "triage.persons_100k"},
        {5000000, 40, "triage.persons_100k"},
    };

    (void)state;
    for (size_t i = 0; i < N(rows); i++) {
        struct incident inc;
        char num[32];

        blank(&inc);
        inc.affected_persons = rows[i].persons;
        struct triage_result r = score(&inc);
        const struct triage_reason *x = reason(&r, "persons");
        if (rows[i].key == NULL) {
            if (x != NULL)
                fail_msg("%lld persons: want no points, got %d",
                         (long long)rows[i].persons, x->points);
        } else {
            if (x == NULL || x->points != rows[i].points)
                fail_msg("%lld persons: want %d points, got %d",
                         (long long)rows[i].persons, rows[i].points,
                         x ? x->points : 0);
            assert_string_equal(x->text_key, rows[i].key);
            snprintf(num, sizeof(num), "%lld", (long long)rows[i].persons);
            assert_string_equal(x->detail, num);
        }
        /* Persons alone, without personal information, owe no duty. */
        assert_int_equal(r.score, rows[i].points);
        assert_consistent(&r);
        incident_cleanup(&inc);
    }
}

/* When the number of persons is unknown, the largest record count of a
 * personal information type stands in for it (not trade secrets or
 * design data, which are not about people); a known number wins, even
 * zero. */
static void test_persons_from_information_counts(void **state)
{
    struct incident inc;
    struct triage_result r;

    (void)state;
    blank(&inc);
    inc.encrypted = true;
    incident_add_info_type(&inc, "name", 1500);
    incident_add_info_type(&inc, "email_address", 200);
    incident_add_info_type(&inc, "phone_number", COUNT_UNKNOWN);
    r = score(&inc);
    assert_int_equal(points(&r, "persons"), 20);
    assert_string_equal(reason(&r, "persons")->detail, "1500");
    assert_consistent(&r);

    inc.affected_persons = 10; /* known: it wins over the counts */
    r = score(&inc);
    assert_int_equal(points(&r, "persons"), 5);
    assert_string_equal(reason(&r, "persons")->detail, "10");
    inc.affected_persons = 0;
    r = score(&inc);
    assert_null(reason(&r, "persons"));
    incident_cleanup(&inc);

    blank(&inc);
    incident_add_info_type(&inc, "trade_secret", 50000);
    incident_add_info_type(&inc, "technical_info", 200000);
    r = score(&inc);
    assert_null(reason(&r, "persons"));
    incident_add_info_type(&inc, "customer_transactions", 120);
    r = score(&inc);
    assert_int_equal(points(&r, "persons"), 10);
    assert_string_equal(reason(&r, "persons")->detail, "120");
    incident_cleanup(&inc);

    blank(&inc);
    incident_add_info_type(&inc, "name", COUNT_UNKNOWN);
    r = score(&inc);
    assert_null(reason(&r, "persons"));
    incident_cleanup(&inc);
}

/* The most important inventory asset: priority 1 (highest) to 4. */
static void test_asset_priority(void **state)
{
    static const int want[] = {0, 25, 15, 8, 3};
    struct incident inc;

    (void)state;
    blank(&inc);
    for (int prio = 0; prio <= 5; prio++) {
        struct triage_result r = score_with(&inc, prio, "顧客管理DB");
        const struct triage_reason *x = reason(&r, "assets");
        if (prio < 1 || prio > 4) {
            assert_null(x);
            assert_int_equal(r.score, 0);
            continue;
        }
        assert_non_null(x);
        assert_int_equal(x->points, want[prio]);
        assert_string_equal(x->text_key, "triage.asset_priority");
        assert_string_equal(x->detail, "顧客管理DB");
        assert_int_equal(r.score, want[prio]);
        assert_consistent(&r);
    }
    /* An unnamed asset still scores, with an empty detail. */
    struct triage_result r = score_with(&inc, 1, NULL);
    assert_int_equal(points(&r, "assets"), 25);
    assert_string_equal(reason(&r, "assets")->detail, "");
    incident_cleanup(&inc);
}

/* Each impact alone; every key of the taxonomy has a row. */
static const struct {
    const char *impact;
    int points;
} impacts[] = {
    {"service_stopped", 20}, {"financial_damage", 15},   {"data_altered", 10},
    {"attack_platform", 10}, {"website_defacement", 10},
};

static int impact_points(const char *key)
{
    for (size_t i = 0; i < N(impacts); i++) {
        if (strcmp(impacts[i].impact, key) == 0)
            return impacts[i].points;
    }
    return 0;
}

static void test_each_impact(void **state)
{
    (void)state;
    for (size_t i = 0; i < N(impacts); i++)
        assert_true(taxonomy_has(&taxonomy_impact, impacts[i].impact));
    for (size_t i = 0; i < taxonomy_impact.count; i++) {
        const char *key = taxonomy_impact.entries[i].key;
        struct incident inc;
        blank(&inc);
        strv_push(&inc.impacts, key);
        struct triage_result r = score(&inc);
        int want = impact_points(key);
        if (points(&r, "impact") != want)
            fail_msg("impact %s: want %d points, got %d", key, want,
                     points(&r, "impact"));
        if (want > 0) {
            assert_string_equal(reason(&r, "impact")->detail, key);
            assert_string_equal(reason(&r, "impact")->text_key,
                                "triage.impact");
        }
        assert_int_equal(r.score, want);
        assert_consistent(&r);
        incident_cleanup(&inc);
    }
}

/* The gravest impact counts, once. */
static void test_the_gravest_impact_counts(void **state)
{
    struct incident inc;
    struct triage_result r;

    (void)state;
    blank(&inc);
    strv_push(&inc.impacts, "complaints");
    strv_push(&inc.impacts, "data_altered");
    strv_push(&inc.impacts, "service_stopped");
    strv_push(&inc.impacts, "financial_damage");
    r = score(&inc);
    assert_int_equal(points(&r, "impact"), 20);
    assert_string_equal(reason(&r, "impact")->detail, "service_stopped");
    assert_int_equal(r.score, 20);
    incident_cleanup(&inc);
}

/*
 * The cause class of every category (SPEC §5 "derived from category")
 * and what it scores: a malicious cause 15, an unknown one 5, an
 * accidental one nothing.
 */
static const struct {
    const char *category;
    const char *cause;
} causes[] = {
    {"unauthorized_access", "external_attack"},
    {"targeted_email", "external_attack"},
    {"malware", "external_attack"},
    {"ransomware", "external_attack"},
    {"dos", "external_attack"},
    {"web_defacement", "external_attack"},
    {"phishing", "external_attack"},
    {"bec", "external_attack"},
    {"scan_probe", "external_attack"},
    {"ot_iot", "external_attack"},
    {"insider_wrongdoing", "insider_wrongdoing"},
    {"device_loss", "physical"},
    {"document_loss", "physical"},
    {"break_in", "physical"},
    {"misdirected_email", "human_error"},
    {"misdirected_fax_post", "human_error"},
    {"sns_leak", "human_error"},
    {"wrong_disposal", "human_error"},
    {"policy_violation", "human_error"},
    {"contractor_mismanagement", "human_error"},
    {"misconfiguration", "misconfiguration"},
    {"system_failure", "misconfiguration"},
    {"cloud_incident", "misconfiguration"},
    {"other", "unknown"},
};

static int cause_points(const char *cause)
{
    if (strcmp(cause, "external_attack") == 0 ||
        strcmp(cause, "insider_wrongdoing") == 0)
        return 15;
    return strcmp(cause, "unknown") == 0 ? 5 : 0;
}

static void test_cause_class_of_every_category(void **state)
{
    (void)state;
    assert_int_equal(N(causes), taxonomy_category.count);
    for (size_t i = 0; i < taxonomy_category.count; i++) {
        const char *key = taxonomy_category.entries[i].key;
        size_t k = 0;
        while (k < N(causes) && strcmp(causes[k].category, key) != 0)
            k++;
        if (k == N(causes))
            fail_msg("category %s has no row in test_triage.c", key);
        assert_string_equal(cause_of_category(key), causes[k].cause);
        assert_true(taxonomy_has(&taxonomy_cause, causes[k].cause));

        struct incident inc;
        blank(&inc);
        inc.category = xstrdup(key);
        struct triage_result r = score(&inc);
        int want = cause_points(causes[k].cause);
        if (points(&r, "cause") != want)
            fail_msg("category %s: want %d points, got %d", key, want,
                     points(&r, "cause"));
        if (want > 0) {
            assert_string_equal(reason(&r, "cause")->detail, causes[k].cause);
            assert_string_equal(reason(&r, "cause")->text_key, "triage.cause");
        }
        assert_int_equal(r.score, want);
        assert_consistent(&r);
        incident_cleanup(&inc);
    }
    /* No category: nothing is known about the cause yet. */
    struct incident inc;
    blank(&inc);
    struct triage_result r = score(&inc);
    assert_null(reason(&r, "cause"));
    incident_cleanup(&inc);
    assert_string_equal(cause_of_category(NULL), "unknown");
    assert_string_equal(cause_of_category("hacking"), "unknown");
    assert_string_equal(cause_of_category(""), "unknown");
}

/*
 * A report to the commission due under APPI adds 20: personal data and
 * any trigger (special-care or financial data, a malicious cause, more
 * than 1,000 persons), unless the data was strongly encrypted; not for
 * exercises.
 */
static void test_reporting_duty(void **state)
{
    struct incident inc;
    struct triage_result r;

    (void)state;
    blank(&inc);
    incident_add_info_type(&inc, "name", COUNT_UNKNOWN);
    inc.affected_persons = 1000;
    r = score(&inc);
    assert_null(reason(&r, "duty"));
    inc.affected_persons = 1001;
    r = score(&inc);
    assert_int_equal(points(&r, "duty"), 20);
    assert_string_equal(reason(&r, "duty")->text_key, "triage.duty");
    assert_string_equal(reason(&r, "duty")->detail, "appi");
    assert_int_equal(r.score, 5 + 20 + 20);
    assert_consistent(&r);
    inc.encrypted = true;
    r = score(&inc);
    assert_null(reason(&r, "duty"));
    inc.encrypted = false;
    inc.kind = KIND_EXERCISE;
    r = score(&inc);
    assert_null(reason(&r, "duty"));
    incident_cleanup(&inc);

    /* Special-care data, whatever the number. */
    blank(&inc);
    incident_add_info_type(&inc, "medical_record", 3);
    r = score(&inc);
    assert_int_equal(points(&r, "duty"), 20);
    assert_int_equal(r.score, 30 + 5 + 20);
    incident_cleanup(&inc);

    /* A malicious cause with personal data. */
    blank(&inc);
    incident_add_info_type(&inc, "name", 1);
    inc.category = xstrdup("malware");
    r = score(&inc);
    assert_int_equal(points(&r, "duty"), 20);
    incident_cleanup(&inc);

    /* No personal data, no duty, however grave the rest. */
    blank(&inc);
    incident_add_info_type(&inc, "trade_secret", COUNT_UNKNOWN);
    inc.category = xstrdup("ransomware");
    inc.affected_persons = 100000;
    r = score(&inc);
    assert_null(reason(&r, "duty"));
    incident_cleanup(&inc);
}

/* A record built to reach exactly 'want'. */
struct threshold_case {
    const char *name;
    int persons; /* affected_persons, or -1 unknown */
    int asset_priority;
    const char *impact;
    const char *category;
    int want_score;
    int want_severity;
};

/*
 * At and just below each threshold (60 → S1, 35 → S2, 15 → S3).  The
 * factors' points cannot add up to 59, 34 or 14, so "below" is the
 * highest score reachable under each threshold.  No personal data, so no
 * duty enters.
 */
static const struct threshold_case thresholds[] = {
    {"S1 at 60", 100000, 0, "service_stopped", NULL, 60, 1},
    {"S2 at 58", 100000, 4, "financial_damage", NULL, 58, 2},
    {"S2 at 35", -1, 2, "service_stopped", NULL, 35, 2},
    {"S3 at 33", 10000, 4, NULL, NULL, 33, 3},
    {"S3 at 15", -1, 0, NULL, "malware", 15, 3},
    {"S4 at 13", -1, 4, "data_altered", NULL, 13, 4},
    {"S4 at 0", -1, 0, NULL, NULL, 0, 4},
};

static void test_severity_thresholds(void **state)
{
    (void)state;
    assert_int_equal(triage_threshold(1), 60);
    assert_int_equal(triage_threshold(2), 35);
    assert_int_equal(triage_threshold(3), 15);
    assert_int_equal(triage_threshold(0), 0);
    assert_int_equal(triage_threshold(4), 0);
    assert_int_equal(triage_threshold(-1), 0);
    for (size_t i = 0; i < N(thresholds); i++) {
        const struct threshold_case *c = &thresholds[i];
        struct incident inc;

        blank(&inc);
        if (c->persons >= 0)
            inc.affected_persons = c->persons;
        if (c->impact != NULL)
            strv_push(&inc.impacts, c->impact);
        if (c->category != NULL)
            inc.category = xstrdup(c->category);
        struct triage_result r = score_with(&inc, c->asset_priority, "X");
        if (r.score != c->want_score || r.at_least != c->want_severity)
            fail_msg("%s: score %d severity S%d", c->name, r.score, r.at_least);
        assert_int_equal(r.priority, r.severity == 0 ? 1 : c->want_severity);
        assert_consistent(&r);
        incident_cleanup(&inc);
    }
}

/* A near miss harmed no one yet: its priority is one step lower than
 * its severity (never below 4); an exercise is scored like an incident. */
static void test_near_miss_priority(void **state)
{
    (void)state;
    for (size_t i = 0; i < N(thresholds); i++) {
        const struct threshold_case *c = &thresholds[i];
        for (int k = 0; k < KIND_COUNT; k++) {
            struct incident inc;
            blank(&inc);
            inc.kind = (enum kind)k;
            if (c->persons >= 0)
                inc.affected_persons = c->persons;
            if (c->impact != NULL)
                strv_push(&inc.impacts, c->impact);
            if (c->category != NULL)
                inc.category = xstrdup(c->category);
            struct triage_result r = score_with(&inc, c->asset_priority, "X");
            int want = r.severity == 0 ? 1 : c->want_severity;
            if (k == KIND_NEAR_MISS && want < 4)
                want++;
            assert_int_equal(r.at_least, c->want_severity);
            if (r.priority != want)
                fail_msg("%s, %s: priority %d, want %d", c->name,
                         kind_key((enum kind)k), r.priority, want);
            incident_cleanup(&inc);
        }
    }
}

/* Every factor at once, in the documented order, and the same input
 * always gives the same result. */
static void test_reasons_and_determinism(void **state)
{
    static const struct {
        const char *factor;
        int points;
        const char *text_key;
        const char *detail;
    } want[] = {
        {"sensitivity", 30, "triage.sensitivity", "credit_card"},
        {"persons", 30, "triage.persons_10k", "25000"},
        {"assets", 25, "triage.asset_priority", "決済サーバ"},
        {"impact", 15, "triage.impact", "financial_damage"},
        {"cause", 15, "triage.cause", "external_attack"},
        {"duty", 20, "triage.duty", "appi"},
    };
    struct incident inc;
    struct triage_result a;
    struct triage_result b;

    (void)state;
    blank(&inc);
    inc.category = xstrdup("unauthorized_access");
    incident_add_info_type(&inc, "name", 25000);
    incident_add_info_type(&inc, "credit_card", 25000);
    inc.affected_persons = 25000;
    strv_push(&inc.impacts, "financial_damage");
    a = score_with(&inc, 1, "決済サーバ");
    assert_int_equal(a.n, N(want));
    for (size_t i = 0; i < N(want); i++) {
        assert_string_equal(a.reasons[i].factor, want[i].factor);
        assert_int_equal(a.reasons[i].points, want[i].points);
        assert_string_equal(a.reasons[i].text_key, want[i].text_key);
        assert_string_equal(a.reasons[i].detail, want[i].detail);
    }
    assert_int_equal(a.score, 30 + 30 + 25 + 15 + 15 + 20);
    assert_int_equal(a.severity, 1);
    assert_int_equal(a.priority, 1);
    assert_consistent(&a);
    for (int run = 0; run < 3; run++) {
        b = score_with(&inc, 1, "決済サーバ");
        assert_int_equal(b.score, a.score);
        assert_int_equal(b.severity, a.severity);
        assert_int_equal(b.priority, a.priority);
        assert_int_equal(b.n, a.n);
        for (size_t i = 0; i < a.n; i++) {
            assert_string_equal(b.reasons[i].factor, a.reasons[i].factor);
            assert_int_equal(b.reasons[i].points, a.reasons[i].points);
            assert_string_equal(b.reasons[i].detail, a.reasons[i].detail);
        }
    }
    /* The order of the record's lists does not change the result. */
    struct incident swapped;
    blank(&swapped);
    swapped.category = xstrdup("unauthorized_access");
    incident_add_info_type(&swapped, "credit_card", 25000);
    incident_add_info_type(&swapped, "name", 25000);
    swapped.affected_persons = 25000;
    strv_push(&swapped.impacts, "financial_damage");
    b = score_with(&swapped, 1, "決済サーバ");
    assert_int_equal(b.score, a.score);
    assert_string_equal(reason(&b, "sensitivity")->detail, "credit_card");
    incident_cleanup(&swapped);
    incident_cleanup(&inc);
}

/* A detail longer than the reason's buffer is cut, not overrun. */
static void test_long_asset_name_is_cut(void **state)
{
    struct incident inc;
    char name[300];
    struct triage_result r;

    (void)state;
    memset(name, 'a', sizeof(name) - 1);
    name[sizeof(name) - 1] = '\0';
    blank(&inc);
    r = score_with(&inc, 2, name);
    assert_int_equal(strlen(reason(&r, "assets")->detail),
                     sizeof(r.reasons[0].detail) - 1);
    incident_cleanup(&inc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_nothing_known_scores_zero),
        cmocka_unit_test(test_sensitivity_of_every_information_type),
        cmocka_unit_test(test_the_most_sensitive_type_counts),
        cmocka_unit_test(test_persons_boundaries),
        cmocka_unit_test(test_persons_from_information_counts),
        cmocka_unit_test(test_asset_priority),
        cmocka_unit_test(test_each_impact),
        cmocka_unit_test(test_the_gravest_impact_counts),
        cmocka_unit_test(test_cause_class_of_every_category),
        cmocka_unit_test(test_reporting_duty),
        cmocka_unit_test(test_severity_thresholds),
        cmocka_unit_test(test_near_miss_priority),
        cmocka_unit_test(test_reasons_and_determinism),
        cmocka_unit_test(test_long_asset_name_is_cut),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
