/* SPDX-License-Identifier: MIT */
/*
 * test_damage.c - the JNSA damage operation model (src/core/damage.c)
 * against the figures of shared/research/domain.md §1: per person
 * 500 × (10^(x−1) + 5^(y−1)) × identifiability (6 name and address, 3
 * name or address with phone, 1 otherwise) × social responsibility ×
 * response evaluation; the people counted from the record or the largest
 * count of a personal information type; the total their product.
 */
#include "support/test.h"

#include <stdio.h>
#include <string.h>

#include "core/damage.h"
#include "support/fixture.h"

/* An incident with the information types of 'types' (space-separated
 * keys, each with 'count' records) and the model's overrides. */
static void leak(struct incident *inc, const char *types, int64_t count,
                 int social, int response)
{
    char buf[256];
    char *save = NULL;

    incident_init(inc);
    snprintf(buf, sizeof(buf), "%s", types);
    for (char *t = strtok_r(buf, " ", &save); t != NULL;
         t = strtok_r(NULL, " ", &save))
        incident_add_info_type(inc, t, count);
    inc->social_responsibility = social;
    inc->response_evaluation = response;
}

static const struct {
    const char *types;
    int social;   /* record's R: 0 uses the organisation's (1) */
    int response; /* record's A: 0 unknown */
    int x;
    int y;
    int sensitivity;
    int identifiability;
    int64_t yen; /* per person */
    const char *row;
} vectors[] = {
    /* domain.md §1.3, row by row. */
    {"name address phone_number", 0, 1, 1, 1, 2, 6, 6000,
     "name+address, ordinary company, appropriate response"},
    {"name address", 0, 0, 1, 1, 2, 6, 6000, "name+address, A unknown"},
    {"name address", 2, 1, 1, 1, 2, 6, 12000, "R = 2"},
    {"name address", 2, 2, 1, 1, 2, 6, 24000, "R = 2, inappropriate"},
    {"name email_address", 0, 0, 1, 1, 2, 3, 3000, "name+e-mail"},
    {"email_address", 0, 0, 1, 1, 2, 1, 1000, "e-mail only (minimum)"},
    {"name address credit_card", 0, 0, 1, 3, 26, 6, 78000,
     "name+address+card number"},
    {"name address credit_card", 2, 0, 1, 3, 26, 6, 156000, "card, R = 2"},
    {"name address income", 0, 0, 2, 2, 15, 6, 45000, "name+address+income"},
    {"name address medical_record", 0, 0, 3, 1, 101, 6, 303000,
     "name+address+medical record"},
    {"name address medical_record", 2, 0, 3, 1, 101, 6, 606000,
     "medical record, R = 2"},
    {"name address criminal_record", 2, 2, 3, 3, 125, 6, 1500000,
     "criminal record, all factors maximal (maximum)"},
    /* The other cells of the Simple-EP grid. */
    {"name address passport", 0, 0, 1, 2, 6, 6, 18000, "(1,2)"},
    {"name address health_check", 0, 0, 2, 1, 11, 6, 33000, "(2,1)"},
};

static void test_published_figures(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof(vectors) / sizeof(vectors[0]); i++) {
        struct incident inc;
        struct damage d;
        leak(&inc, vectors[i].types, 10, vectors[i].social,
             vectors[i].response);
        damage_compute(&inc, 1, &d);
        if (!d.applies || d.x != vectors[i].x || d.y != vectors[i].y ||
            d.sensitivity != vectors[i].sensitivity ||
            d.identifiability != vectors[i].identifiability ||
            d.per_person_yen != vectors[i].yen)
            fail_msg("%s: want (%d,%d) S=%d I=%d ¥%lld, got (%d,%d) S=%d "
                     "I=%d ¥%lld",
                     vectors[i].row, vectors[i].x, vectors[i].y,
                     vectors[i].sensitivity, vectors[i].identifiability,
                     (long long)vectors[i].yen, d.x, d.y, d.sensitivity,
                     d.identifiability, (long long)d.per_person_yen);
        incident_cleanup(&inc);
    }
}

static void test_levels_name_the_types_that_set_them(void **state)
{
    struct incident inc;
    struct damage d;

    (void)state;
    leak(&inc, "name medical_record credit_card address", 5, 0, 0);
    damage_compute(&inc, 1, &d);
    assert_int_equal(d.x, 3);
    assert_int_equal(d.y, 3);
    assert_string_equal(d.x_type, "medical_record");
    assert_string_equal(d.y_type, "credit_card");
    /* 10^2 + 5^2 = 125 from two different types. */
    assert_int_equal(d.sensitivity, 125);
    incident_cleanup(&inc);
}

static void test_identifiability_rules(void **state)
{
    static const struct {
        const char *types;
        int want;
    } cases[] = {
        {"name address", 6},
        {"address name birth_date", 6},
        {"name", 3},
        {"name phone_number", 3},
        {"address phone_number", 3},
        {"address", 1},
        {"phone_number", 1},
        {"email_address birth_date gender", 1},
    };

    (void)state;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct incident inc;
        struct damage d;
        leak(&inc, cases[i].types, 1, 0, 0);
        damage_compute(&inc, 1, &d);
        if (d.identifiability != cases[i].want)
            fail_msg("%s: identifiability %d, want %d", cases[i].types,
                     d.identifiability, cases[i].want);
        incident_cleanup(&inc);
    }
}

static void test_social_responsibility_from_the_organisation(void **state)
{
    struct incident inc;
    struct damage d;

    (void)state;
    leak(&inc, "name address", 1, 0, 0);
    damage_compute(&inc, 2, &d);
    assert_int_equal(d.social_responsibility, 2);
    assert_int_equal(d.per_person_yen, 12000);
    /* Anything but 2 in the setting counts as 1. */
    damage_compute(&inc, 7, &d);
    assert_int_equal(d.social_responsibility, 1);
    assert_int_equal(d.per_person_yen, 6000);
    /* The record's own value wins over the setting. */
    inc.social_responsibility = 1;
    damage_compute(&inc, 2, &d);
    assert_int_equal(d.social_responsibility, 1);
    assert_int_equal(d.per_person_yen, 6000);
    /* The response evaluation: only 2 doubles. */
    inc.response_evaluation = 1;
    damage_compute(&inc, 1, &d);
    assert_int_equal(d.response_evaluation, 1);
    inc.response_evaluation = 2;
    damage_compute(&inc, 1, &d);
    assert_int_equal(d.response_evaluation, 2);
    assert_int_equal(d.per_person_yen, 12000);
    incident_cleanup(&inc);
}

static void test_persons_and_total(void **state)
{
    struct incident inc;
    struct damage d;

    (void)state;
    /* The record's count of people wins. */
    leak(&inc, "name address", 1200, 0, 0);
    inc.affected_persons = 1000;
    damage_compute(&inc, 1, &d);
    assert_int_equal(d.persons, 1000);
    assert_int_equal(damage_persons(&inc), 1000);
    assert_int_equal(d.total_yen, 6000LL * 1000);
    incident_cleanup(&inc);

    /* Unknown: the largest count of a personal type, not of a trade
     * secret. */
    incident_init(&inc);
    incident_add_info_type(&inc, "name", 300);
    incident_add_info_type(&inc, "address", 450);
    incident_add_info_type(&inc, "trade_secret", 9000);
    damage_compute(&inc, 1, &d);
    assert_int_equal(d.persons, 450);
    assert_true(d.persons_known && d.total_known);
    assert_int_equal(damage_persons(&inc), 450);
    assert_int_equal(d.total_yen, 6000LL * 450);
    /* A personal type whose count is unknown makes 450 a lower bound
     * only: the total is unknown (issue 9), not 450 people's. */
    incident_add_info_type(&inc, "email_address", COUNT_UNKNOWN);
    damage_compute(&inc, 1, &d);
    assert_int_equal(d.persons, 450);
    assert_false(d.persons_known);
    assert_false(d.total_known);
    incident_cleanup(&inc);

    /* Nothing counted: no people, no total, but the rate per person. */
    leak(&inc, "name address", COUNT_UNKNOWN, 0, 0);
    damage_compute(&inc, 1, &d);
    assert_int_equal(d.persons, 0);
    assert_false(d.total_known);
    assert_int_equal(d.total_yen, 0);
    assert_int_equal(d.per_person_yen, 6000);
    incident_cleanup(&inc);

    /* A large case stays exact in 64 bits: 1.5 million yen × 5 million. */
    leak(&inc, "name address criminal_record", 5000000, 2, 2);
    damage_compute(&inc, 1, &d);
    assert_int_equal(d.total_yen, 1500000LL * 5000000LL);
    incident_cleanup(&inc);
}

static void test_non_personal_information_does_not_apply(void **state)
{
    struct incident inc;
    struct damage d;
    int x;
    int y;

    (void)state;
    leak(&inc, "trade_secret technical_info", 100, 0, 0);
    damage_compute(&inc, 1, &d);
    assert_false(d.applies);
    assert_int_equal(d.per_person_yen, 0);
    assert_int_equal(d.total_yen, 0);
    incident_cleanup(&inc);

    incident_init(&inc);
    damage_compute(&inc, 1, &d);
    assert_false(d.applies);
    incident_cleanup(&inc);

    damage_levels("trade_secret", &x, &y);
    assert_int_equal(x, 0);
    assert_int_equal(y, 0);
    damage_levels(NULL, &x, &y);
    assert_int_equal(x, 0);
    damage_levels("criminal_record", &x, &y);
    assert_int_equal(x, 3);
    assert_int_equal(y, 3);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_published_figures),
        cmocka_unit_test(test_levels_name_the_types_that_set_them),
        cmocka_unit_test(test_identifiability_rules),
        cmocka_unit_test(test_social_responsibility_from_the_organisation),
        cmocka_unit_test(test_persons_and_total),
        cmocka_unit_test(test_non_personal_information_does_not_apply),
    };

    return cmocka_run_group_tests(tests, fixture_group_setup, NULL);
}
