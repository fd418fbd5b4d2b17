/* SPDX-License-Identifier: MIT */
/*
 * test_triage_missing.c - a thin report is unrated, not "S4 minor"
 * (src/core/triage.c, issue 9 item 18): what each kind of category needs,
 * what is listed as missing, and what the facts at hand still decide.
 */
#include "support/test.h"

#include <string.h>

#include "core/incident.h"
#include "core/triage.h"
#include "util/mem.h"
#include "util/strv.h"

static struct triage_result rate(const struct incident *inc, int asset)
{
    struct triage_input in = {inc, asset, asset ? "基幹システム" : NULL};
    struct triage_result r;

    triage_compute(&in, &r);
    return r;
}

static void with_category(struct incident *inc, const char *category)
{
    incident_init(inc);
    if (category != NULL)
        inc->category = xstrdup(category);
}

static void assert_missing(const struct triage_result *r, const char *key)
{
    assert_int_equal(r->severity, 0);
    assert_int_equal(r->n_missing, 1);
    assert_string_equal(r->missing[0], key);
}

static void test_no_category(void **state)
{
    struct incident inc;

    (void)state;
    with_category(&inc, NULL);
    struct triage_result r = rate(&inc, 0);
    assert_missing(&r, "triage.missing.category");
    assert_int_equal(r.priority, 1);
    incident_cleanup(&inc);
}

/* A misdirected e-mail is graded by what it carried and to how many. */
static void test_misdirected_email_needs_types_and_a_count(void **state)
{
    struct incident inc;
    struct triage_result r;

    (void)state;
    with_category(&inc, "misdirected_email");
    r = rate(&inc, 0);
    assert_missing(&r, "triage.missing.info_types");
    assert_int_equal(r.at_least, 4);
    assert_int_equal(r.priority, 1);

    incident_add_info_type(&inc, "name", COUNT_UNKNOWN);
    r = rate(&inc, 0);
    assert_missing(&r, "triage.missing.count");

    /* A count on the type, or the persons, will do; 0 is a count. */
    inc.affected_persons = 0;
    r = rate(&inc, 0);
    assert_int_equal(r.n_missing, 0);
    assert_int_equal(r.severity, 4);
    assert_int_equal(r.priority, 4);
    incident_cleanup(&inc);

    with_category(&inc, "misdirected_email");
    incident_add_info_type(&inc, "name", 1200);
    r = rate(&inc, 0);
    assert_int_equal(r.n_missing, 0);
    assert_true(r.severity >= 1 && r.severity <= 4);
    assert_int_equal(r.severity, r.at_least);
    incident_cleanup(&inc);
}

/* Organisation data has no persons to count. */
static void test_trade_secrets_need_no_count(void **state)
{
    struct incident inc;

    (void)state;
    with_category(&inc, "device_loss");
    incident_add_info_type(&inc, "trade_secret", COUNT_UNKNOWN);
    struct triage_result r = rate(&inc, 0);
    assert_int_equal(r.n_missing, 0);
    assert_int_equal(r.severity, r.at_least);
    incident_cleanup(&inc);
}

/* A DoS leaks nothing: it needs the assets or the stoppage, never the
 * information types. */
static void test_dos_needs_assets_or_stoppage(void **state)
{
    struct incident inc;
    struct triage_result r;

    (void)state;
    with_category(&inc, "dos");
    r = rate(&inc, 0);
    assert_missing(&r, "triage.missing.assets");
    strv_push(&inc.impacts, "service_stopped");
    r = rate(&inc, 0);
    assert_int_equal(r.n_missing, 0);
    assert_int_equal(r.severity, 2); /* 20 stopped + 15 attack */
    incident_cleanup(&inc);

    with_category(&inc, "dos");
    strv_push(&inc.assets, "基幹システム");
    r = rate(&inc, 4);
    assert_int_equal(r.n_missing, 0);
    assert_int_equal(r.severity, 3);
    incident_cleanup(&inc);
}

static void test_ransomware_needs_assets(void **state)
{
    struct incident inc;

    (void)state;
    with_category(&inc, "ransomware");
    incident_add_info_type(&inc, "name", 50);
    struct triage_result r = rate(&inc, 0);
    assert_missing(&r, "triage.missing.assets");
    incident_cleanup(&inc);
}

/* "Other" needs nothing beyond itself: a thin one is graded as it is. */
static void test_other_is_rated(void **state)
{
    struct incident inc;

    (void)state;
    with_category(&inc, "other");
    struct triage_result r = rate(&inc, 0);
    assert_int_equal(r.n_missing, 0);
    assert_int_equal(r.severity, 4);
    incident_cleanup(&inc);
}

/* Missing facts only add points: what is known may already make it S1,
 * and then it is S1 (the missing facts are still listed). */
static void test_s1_from_what_is_known(void **state)
{
    struct incident inc;

    (void)state;
    with_category(&inc, "insider_wrongdoing");
    incident_add_info_type(&inc, "credit_card", COUNT_UNKNOWN);
    strv_push(&inc.impacts, "financial_damage");
    struct triage_result r = rate(&inc, 0);
    assert_true(r.score >= triage_threshold(1));
    assert_int_equal(r.severity, 1);
    assert_int_equal(r.n_missing, 1);
    assert_string_equal(r.missing[0], "triage.missing.count");
    incident_cleanup(&inc);
}

static void test_near_miss_unrated_is_one_step_later(void **state)
{
    struct incident inc;

    (void)state;
    with_category(&inc, "misdirected_email");
    inc.kind = KIND_NEAR_MISS;
    struct triage_result r = rate(&inc, 0);
    assert_int_equal(r.severity, 0);
    assert_int_equal(r.priority, 2);
    incident_cleanup(&inc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_no_category),
        cmocka_unit_test(test_misdirected_email_needs_types_and_a_count),
        cmocka_unit_test(test_trade_secrets_need_no_count),
        cmocka_unit_test(test_dos_needs_assets_or_stoppage),
        cmocka_unit_test(test_ransomware_needs_assets),
        cmocka_unit_test(test_other_is_rated),
        cmocka_unit_test(test_s1_from_what_is_known),
        cmocka_unit_test(test_near_miss_unrated_is_one_step_later),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
