/* SPDX-License-Identifier: MIT */
/*
 * test_readiness.c - disclosure readiness (src/core/readiness.c, SPEC C9):
 * the facts each communication needs, which of them a record establishes
 * (filings, aftercare and costs included), the percentage, and the facts
 * as a disclosure states them in a canonical form so that drift shows.
 */
#include "support/test.h"

#include <stdio.h>
#include <string.h>

#include "core/readiness.h"
#include "support/fixture.h"
#include "util/mem.h"

static const char *const kinds[] = {"press_release", "customer_notice",
                                    "regulator_report", "partner_report"};

/* The facts of 'r' as "fact+ fact- …" (+ known, - not), for messages. */
static const char *facts_text(const struct readiness *r, char *buf, size_t n)
{
    size_t k = 0;

    buf[0] = '\0';
    for (size_t i = 0; i < r->n && k < n; i++)
        k += (size_t)snprintf(buf + k, n - k, "%s%s%c", i ? " " : "",
                              r->facts[i].fact, r->facts[i].known ? '+' : '-');
    return buf;
}

static bool known(const struct readiness *r, const char *fact)
{
    for (size_t i = 0; i < r->n; i++) {
        if (strcmp(r->facts[i].fact, fact) == 0)
            return r->facts[i].known;
    }
    fail_msg("%s does not need %s", r->kind, fact);
    return false;
}

static void assert_facts(const struct readiness *r, const char *want)
{
    char got[1024];

    facts_text(r, got, sizeof(got));
    if (strcmp(got, want) != 0)
        fail_msg("%s\n  want %s\n  got  %s", r->kind, want, got);
}

static void test_empty_record_knows_only_status_and_filings(void **state)
{
    struct incident inc;
    struct readiness_input in = {&inc, 0, 0, 0, 0};
    struct readiness r;

    (void)state;
    incident_init(&inc);
    /* What each communication needs, in order; with nothing recorded
     * only the phase (current status) is known, and the filings are
     * when no duty applies. */
    assert_true(readiness_of(&in, "press_release", &r));
    assert_string_equal(r.kind, "press_release");
    assert_facts(&r, "infected_scope- business_stoppage- leaked_items- "
                     "record_counts- persons- money_lost- secondary_damage- "
                     "partner_damage- discovered_when- discovered_how- "
                     "current_status+ method- filings+ customer_response- "
                     "policy-");
    assert_int_equal(r.n, 15);
    assert_int_equal(r.known, 2);
    assert_int_equal(r.percent, 13); /* 2/15, rounded down */

    assert_true(readiness_of(&in, "customer_notice", &r));
    assert_facts(&r, "leaked_items- persons- secondary_damage- "
                     "discovered_when- current_status+ method- "
                     "customer_response- policy-");
    assert_int_equal(r.known, 1);
    assert_int_equal(r.percent, 12); /* 1/8 */

    assert_true(readiness_of(&in, "regulator_report", &r));
    assert_facts(&r, "leaked_items- record_counts- persons- "
                     "secondary_damage- discovered_when- discovered_how- "
                     "method- filings+ customer_response- policy-");
    assert_int_equal(r.known, 1);
    assert_int_equal(r.percent, 10); /* 1/10 */

    assert_true(readiness_of(&in, "partner_report", &r));
    assert_facts(&r, "infected_scope- business_stoppage- leaked_items- "
                     "partner_damage- discovered_when- current_status+ "
                     "method- policy-");
    assert_int_equal(r.known, 1);
    assert_int_equal(r.percent, 12);
    incident_cleanup(&inc);
}

static void test_filled_record_is_ready_for_everything(void **state)
{
    struct incident inc;
    struct readiness_input in = {&inc, 3, 3, 0, 1};
    struct readiness r;

    (void)state;
    fixture_draft(&inc, FIXTURE_NOW);
    inc.info_types[1].count = 1200; /* the e-mail addresses counted */
    for (size_t k = 0; k < 4; k++) {
        char buf[1024];
        assert_true(readiness_of(&in, kinds[k], &r));
        if (r.percent != 100 || r.known != (int)r.n)
            fail_msg("%s: %d%% (%s)", kinds[k], r.percent,
                     facts_text(&r, buf, sizeof(buf)));
    }
    /* One count still unknown: the record counts are not known. */
    inc.info_types[1].count = COUNT_UNKNOWN;
    assert_true(readiness_of(&in, "regulator_report", &r));
    assert_false(known(&r, "record_counts"));
    assert_int_equal(r.known, 9);
    assert_int_equal(r.percent, 90);
    incident_cleanup(&inc);
}

static void test_filings_aftercare_and_costs_make_facts_known(void **state)
{
    struct incident inc;
    struct readiness_input in = {&inc, 0, 0, 0, 0};
    struct readiness r;

    (void)state;
    incident_init(&inc);
    /* Two duties apply and one is filed: the filings are not complete. */
    in.duties = 2;
    in.filings = 1;
    assert_true(readiness_of(&in, "regulator_report", &r));
    assert_false(known(&r, "filings"));
    in.filings = 2;
    assert_true(readiness_of(&in, "regulator_report", &r));
    assert_true(known(&r, "filings"));

    /* A cost entry tells the money lost. */
    assert_true(readiness_of(&in, "press_release", &r));
    assert_false(known(&r, "money_lost"));
    in.costs = 1;
    assert_true(readiness_of(&in, "press_release", &r));
    assert_true(known(&r, "money_lost"));

    /* Aftercare (or the initial response) tells the customer response. */
    assert_true(readiness_of(&in, "customer_notice", &r));
    assert_false(known(&r, "customer_response"));
    in.aftercare = 1;
    assert_true(readiness_of(&in, "customer_notice", &r));
    assert_true(known(&r, "customer_response"));
    assert_int_equal(r.known, 2);
    assert_int_equal(r.percent, 25);
    in.aftercare = 0;
    inc.initial_response = xstrdup("電話で削除を依頼した");
    assert_true(readiness_of(&in, "customer_notice", &r));
    assert_true(known(&r, "customer_response"));
    incident_cleanup(&inc);
}

static void test_each_fact_from_its_field(void **state)
{
    struct incident inc;
    struct readiness_input in = {&inc, 0, 0, 0, 0};
    struct readiness r;

    (void)state;
    incident_init(&inc);
    strv_push(&inc.assets, "ファイルサーバ");
    assert_true(readiness_of(&in, "press_release", &r));
    assert_true(known(&r, "infected_scope"));
    assert_false(known(&r, "leaked_items"));

    strv_push(&inc.impacts, "none_found");
    assert_true(readiness_of(&in, "press_release", &r));
    assert_true(known(&r, "business_stoppage"));
    assert_true(known(&r, "secondary_damage"));
    assert_true(known(&r, "partner_damage"));

    incident_add_info_type(&inc, "name", COUNT_UNKNOWN);
    assert_true(readiness_of(&in, "press_release", &r));
    assert_true(known(&r, "leaked_items"));
    assert_false(known(&r, "record_counts"));
    assert_false(known(&r, "persons"));
    inc.info_types[0].count = 40;
    inc.affected_persons = 40;
    assert_true(readiness_of(&in, "press_release", &r));
    assert_true(known(&r, "record_counts"));
    assert_true(known(&r, "persons"));

    inc.discovered_at = FIXTURE_NOW;
    xstrset(&inc.detection_trigger, "log_check");
    xstrset(&inc.direct_cause, "設定の誤り");
    assert_true(readiness_of(&in, "press_release", &r));
    assert_true(known(&r, "discovered_when"));
    assert_true(known(&r, "discovered_how"));
    assert_true(known(&r, "method"));
    /* A blank text is not a fact. */
    xstrset(&inc.direct_cause, "");
    assert_true(readiness_of(&in, "press_release", &r));
    assert_false(known(&r, "method"));

    assert_false(known(&r, "policy"));
    xstrset(&inc.additional_measures, "アクセス権を見直す");
    assert_true(readiness_of(&in, "press_release", &r));
    assert_true(known(&r, "policy"));
    xstrset(&inc.additional_measures, NULL);
    strv_push(&inc.prevention_measures, "staff_training");
    assert_true(readiness_of(&in, "press_release", &r));
    assert_true(known(&r, "policy"));
    incident_cleanup(&inc);
}

static void test_unknown_kind(void **state)
{
    struct incident inc;
    struct readiness_input in = {&inc, 0, 0, 0, 0};
    struct readiness r;

    (void)state;
    incident_init(&inc);
    assert_false(readiness_of(&in, "tweet", &r));
    assert_int_equal(r.n, 0);
    incident_cleanup(&inc);
}

/* --- stated facts ------------------------------------------------------- */

static void assert_fact(const struct stated_facts *f, const char *fact,
                        const char *want)
{
    const char *got = stated_fact_value(f, fact);

    if (got == NULL)
        fail_msg("no stated fact %s", fact);
    if (strcmp(got, want) != 0)
        fail_msg("%s: want \"%s\", got \"%s\"", fact, want, got);
}

static void test_stated_facts_of_a_record(void **state)
{
    struct incident inc;
    struct stated_facts f;

    (void)state;
    fixture_draft(&inc, FIXTURE_NOW);
    strv_push(&inc.leak_kinds, "leak");
    strv_push(&inc.impacts, "spam");
    stated_facts_of(&inc, &f);
    assert_int_equal(f.n, 7);
    assert_fact(&f, "persons", "1200");
    /* Lists sorted, so their order in the record does not matter. */
    assert_fact(&f, "info_types", "email_address,name,phone_number");
    assert_fact(&f, "record_counts",
                "email_address:?,name:1200,phone_number:0");
    assert_fact(&f, "category", "misdirected_email");
    assert_fact(&f, "direct_cause",
                "宛先のオートコンプリートで別の顧客を選んだ");
    assert_fact(&f, "leak_kinds", "leak");
    assert_fact(&f, "impacts", "complaints,spam");
    assert_null(stated_fact_value(&f, "title"));
    stated_facts_cleanup(&f);
    assert_int_equal(f.n, 0);
    incident_cleanup(&inc);
}

static void test_stated_facts_of_an_empty_record(void **state)
{
    struct incident inc;
    struct stated_facts f;

    (void)state;
    incident_init(&inc);
    stated_facts_of(&inc, &f);
    assert_int_equal(f.n, 7);
    for (size_t i = 0; i < f.n; i++) {
        if (f.items[i].value[0] != '\0')
            fail_msg("%s: \"%s\"", f.items[i].fact, f.items[i].value);
    }
    stated_facts_cleanup(&f);
    incident_cleanup(&inc);
}

static void test_stated_persons_fall_back_on_the_largest_count(void **state)
{
    struct incident inc;
    struct stated_facts f;

    (void)state;
    incident_init(&inc);
    incident_add_info_type(&inc, "name", 30);
    incident_add_info_type(&inc, "address", 45);
    incident_add_info_type(&inc, "trade_secret", 900);
    stated_facts_of(&inc, &f);
    assert_fact(&f, "persons", "45");
    assert_fact(&f, "record_counts", "address:45,name:30,trade_secret:900");
    stated_facts_cleanup(&f);
    /* The same facts in another order state the same. */
    struct incident other;
    incident_init(&other);
    incident_add_info_type(&other, "trade_secret", 900);
    incident_add_info_type(&other, "address", 45);
    incident_add_info_type(&other, "name", 30);
    struct stated_facts g;
    stated_facts_of(&inc, &f);
    stated_facts_of(&other, &g);
    for (size_t i = 0; i < f.n; i++)
        assert_string_equal(f.items[i].value,
                            stated_fact_value(&g, f.items[i].fact));
    stated_facts_cleanup(&f);
    stated_facts_cleanup(&g);
    incident_cleanup(&other);
    incident_cleanup(&inc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_empty_record_knows_only_status_and_filings),
        cmocka_unit_test(test_filled_record_is_ready_for_everything),
        cmocka_unit_test(test_filings_aftercare_and_costs_make_facts_known),
        cmocka_unit_test(test_each_fact_from_its_field),
        cmocka_unit_test(test_unknown_kind),
        cmocka_unit_test(test_stated_facts_of_a_record),
        cmocka_unit_test(test_stated_facts_of_an_empty_record),
        cmocka_unit_test(test_stated_persons_fall_back_on_the_largest_count),
    };

    return cmocka_run_group_tests(tests, fixture_group_setup, NULL);
}
