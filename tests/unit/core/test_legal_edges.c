/* SPDX-License-Identifier: MIT */
/*
 * test_legal_edges.c - the legal edge cases of issue 9 in the core rules
 * (src/core/incident.c, obligation.c, damage.c), as tables of cases:
 *
 *   5  counts bounded to 10^10, named; damage arithmetic never negative;
 *   9  each cyber indicator alone makes APPI 規則7条3号 "possible";
 *  10  an unknown count is undecided, not "not applicable"; the upper
 *      estimate of persons is used; the damage total is unknown;
 *  11  a duty's clock starts when its trigger was first met;
 *  12  My Number 規則2条 1号 (source system) and 3号 (public viewing);
 *  13  contradicting times and times before 1990 refused;
 *  14  a person's "no" to an improper purpose holds; consistency warnings;
 *  15  NIS2 significance from art. 23(3) facts (see test_obligation.c);
 *  25  the leak state in three states.
 */
#include "support/test.h"

#include <stdio.h>
#include <string.h>

#include "core/damage.h"
#include "core/obligation.h"
#include "support/fixture.h"
#include "util/mem.h"

#define AWARE "2026-11-20T10:00:00+09:00"

static const struct obligation_config every_regime = {true, true, true, true,
                                                      true};

/* Ten people's names sent to the wrong address by mistake: personal data,
 * no trigger of 規則7条 (no category, so no derived cause either). */
static void plain(struct incident *inc)
{
    incident_init(inc);
    inc->discovered_at = fixture_time(AWARE);
    incident_add_info_type(inc, "name", 10);
    inc->affected_persons = 10;
    inc->eu_data_subjects = true;
}

static const struct obligation *duty(const struct obligation *out, size_t n,
                                     const char *key)
{
    for (size_t i = 0; i < n; i++) {
        if (strcmp(out[i].key, key) == 0)
            return &out[i];
    }
    fail_msg("no duty %s", key);
    return NULL;
}

static bool has_reason(const struct obligation *o, const char *key)
{
    for (size_t i = 0; i < o->n_reasons; i++) {
        if (strcmp(o->reasons[i], key) == 0)
            return true;
    }
    return false;
}

static void assert_duty(const struct obligation *out, size_t n, const char *key,
                        enum obligation_state state, const char *reason,
                        const char *what)
{
    const struct obligation *o = duty(out, n, key);

    if (o->state != state)
        fail_msg("%s: %s is %s, want %s", what, key,
                 obligation_state_key(o->state), obligation_state_key(state));
    if (reason != NULL && !has_reason(o, reason))
        fail_msg("%s: %s lacks reason %s", what, key, reason);
}

/* --- 5: bounds ----------------------------------------------------------- */

static void test_counts_are_bounded_and_named(void **state)
{
    static const struct {
        int64_t persons;
        int64_t max;
        int64_t records;
        const char *field; /* NULL: valid */
        const char *key;
    } cases[] = {
        {COUNT_MAX, COUNT_UNKNOWN, 5, NULL, NULL},
        {COUNT_MAX + 1, COUNT_UNKNOWN, 5, "affected_persons",
         "v.count_too_large"},
        {10000000000000000LL, COUNT_UNKNOWN, 5, "affected_persons",
         "v.count_too_large"},
        {INT64_MAX, COUNT_UNKNOWN, 5, "affected_persons", "v.count_too_large"},
        {5, 5, COUNT_MAX, NULL, NULL},
        {5, 5, COUNT_MAX + 1, "info_types[0].count", "v.count_too_large"},
        {COUNT_UNKNOWN, COUNT_MAX + 1, 5, "affected_persons_max",
         "v.count_too_large"},
        {COUNT_UNKNOWN, -1, 5, "affected_persons_max", "v.negative"},
        {100, 99, 5, "affected_persons_max", "v.max_below_count"},
        {100, 100, 5, NULL, NULL},
    };

    (void)state;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct incident inc;
        struct kz_problems p;
        fixture_draft(&inc, FIXTURE_NOW);
        inc.affected_persons = cases[i].persons;
        inc.affected_persons_max = cases[i].max;
        inc.info_types[0].count = cases[i].records;
        kz_problems_clear(&p);
        enum kz_err err = incident_validate(&inc, FIXTURE_NOW, &p);
        if (cases[i].field == NULL) {
            if (err != KZ_OK) {
                problems_print(&p);
                fail_msg("case %zu refused", i);
            }
        } else {
            assert_int_equal(err, KZ_EINVAL);
            assert_problem(&p, cases[i].field, cases[i].key);
        }
        incident_cleanup(&inc);
    }
}

static void test_damage_total_never_overflows(void **state)
{
    struct incident inc;
    struct damage d;

    (void)state;
    /* The largest rate (criminal record, R 2, A 2: 1.5 million yen) for
     * the largest valid count stays exact. */
    incident_init(&inc);
    incident_add_info_type(&inc, "name", 1);
    incident_add_info_type(&inc, "address", 1);
    incident_add_info_type(&inc, "criminal_record", 1);
    inc.social_responsibility = 2;
    inc.response_evaluation = 2;
    inc.affected_persons = COUNT_MAX;
    damage_compute(&inc, 1, &d);
    assert_true(d.total_known);
    assert_int_equal(d.per_person_yen, 1500000);
    assert_true(d.total_yen == 1500000LL * COUNT_MAX);
    /* A record that never passed validation (10^16 people): the product
     * overflows 64 bits, and the total is unknown, never negative. */
    inc.affected_persons = 10000000000000000LL;
    damage_compute(&inc, 1, &d);
    assert_false(d.total_known);
    assert_true(d.total_yen >= 0);
    incident_cleanup(&inc);
}

/* --- 13: times ----------------------------------------------------------- */

static void test_contradicting_and_early_times_are_refused(void **state)
{
    static const struct {
        const char *occurred;
        const char *discovered;
        const char *aware;
        const char *material;
        const char *field; /* NULL: valid */
        const char *key;
    } cases[] = {
        {"2026-11-20T09:00:00+09:00", "2026-11-20T10:00:00+09:00",
         "2026-11-20T11:00:00+09:00", "2026-11-21T10:00:00+09:00", NULL, NULL},
        /* Materiality determined before the discovery. */
        {NULL, "2026-11-20T10:00:00+09:00", NULL, "2026-11-20T09:59:59+09:00",
         "materiality_determined_at", "v.material_before_discovered"},
        /* Equal is fine. */
        {NULL, "2026-11-20T10:00:00+09:00", NULL, "2026-11-20T10:00:00+09:00",
         NULL, NULL},
        /* Awareness before the occurrence. */
        {"2026-11-20T09:00:00+09:00", "2026-11-20T10:00:00+09:00",
         "2026-11-20T08:00:00+09:00", NULL, "aware_at",
         "v.aware_before_occurred"},
        /* Before 1990: every time of the record. */
        {"1989-12-31T23:59:59Z", "2026-11-20T10:00:00+09:00", NULL, NULL,
         "occurred_at", "v.too_early"},
        {NULL, "1969-12-31T10:00:00+09:00", NULL, NULL, "discovered_at",
         "v.too_early"},
        {NULL, "2026-11-20T10:00:00+09:00", NULL, "1970-01-01T00:00:00Z",
         "materiality_determined_at", "v.too_early"},
        {"1990-01-01T00:00:00Z", "1990-01-01T00:00:00Z", "1990-01-01T00:00:00Z",
         NULL, NULL, NULL},
    };

    (void)state;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct incident inc;
        struct kz_problems p;
        fixture_draft(&inc, FIXTURE_NOW);
        inc.occurred_at =
            cases[i].occurred ? fixture_time(cases[i].occurred) : KZ_TIME_NONE;
        inc.discovered_at = fixture_time(cases[i].discovered);
        inc.aware_at =
            cases[i].aware ? fixture_time(cases[i].aware) : KZ_TIME_NONE;
        inc.materiality_determined_at =
            cases[i].material ? fixture_time(cases[i].material) : KZ_TIME_NONE;
        inc.reported_at = FIXTURE_NOW;
        kz_problems_clear(&p);
        enum kz_err err = incident_validate(&inc, FIXTURE_NOW, &p);
        if (cases[i].field == NULL) {
            if (err != KZ_OK) {
                problems_print(&p);
                fail_msg("case %zu refused", i);
            }
        } else {
            assert_int_equal(err, KZ_EINVAL);
            assert_problem(&p, cases[i].field, cases[i].key);
        }
        incident_cleanup(&inc);
    }
}

/* --- 9: cyber indicators ------------------------------------------------- */

static void test_each_cyber_indicator_alone_is_improper_purpose(void **state)
{
    static const char *const indicators[] = {
        "exfiltration_traces", "info_stealing_malware", "c2_traffic",
        "tampered_input_page", "outside_notice",
    };
    struct obligation out[OBLIGATIONS_MAX];

    (void)state;
    for (size_t i = 0; i < sizeof(indicators) / sizeof(indicators[0]); i++) {
        struct incident inc;
        plain(&inc);
        size_t n = obligations_evaluate(&inc, &every_regime, NULL, 0,
                                        fixture_time(AWARE), out);
        assert_duty(out, n, "appi_preliminary", OB_NOT_APPLICABLE,
                    "obl.no_trigger", "no indicator");
        strv_push(&inc.leak_indicators, indicators[i]);
        assert_true(obligation_improper_suggested(&inc));
        n = obligations_evaluate(&inc, &every_regime, NULL, 0,
                                 fixture_time(AWARE), out);
        assert_duty(out, n, "appi_preliminary", OB_PENDING,
                    "obl.trigger_improper", indicators[i]);
        assert_duty(out, n, "appi_final", OB_PENDING, "obl.days_60",
                    indicators[i]);
        assert_true(obligation_appi_applies(&inc));
        incident_cleanup(&inc);
    }
}

/* --- 10: unknown counts -------------------------------------------------- */

static void test_unknown_count_is_undecided(void **state)
{
    static const struct {
        const char *what;
        const char *type;
        int64_t records;
        int64_t persons;
        int64_t max;
        bool encrypted;
        enum obligation_state appi;
        const char *reason;
    } cases[] = {
        {"no count at all", "name", COUNT_UNKNOWN, COUNT_UNKNOWN, COUNT_UNKNOWN,
         false, OB_UNDECIDED, "obl.count_unknown"},
        {"records known, persons not", "name", 10, COUNT_UNKNOWN, COUNT_UNKNOWN,
         false, OB_NOT_APPLICABLE, "obl.no_trigger"},
        {"upper estimate over 1,000", "name", COUNT_UNKNOWN, COUNT_UNKNOWN,
         1500, false, OB_PENDING, "obl.trigger_over_1000"},
        {"upper estimate of 1,000", "name", COUNT_UNKNOWN, COUNT_UNKNOWN, 1000,
         false, OB_NOT_APPLICABLE, "obl.no_trigger"},
        {"a lower bound over 1,000 decides", "name", 2000, COUNT_UNKNOWN,
         COUNT_UNKNOWN, false, OB_PENDING, "obl.trigger_over_1000"},
        {"encrypted: exempt anyway", "name", COUNT_UNKNOWN, COUNT_UNKNOWN,
         COUNT_UNKNOWN, true, OB_NOT_APPLICABLE, "obl.encrypted"},
        {"another trigger decides", "credit_card", COUNT_UNKNOWN, COUNT_UNKNOWN,
         COUNT_UNKNOWN, false, OB_PENDING, "obl.trigger_financial"},
    };
    struct obligation out[OBLIGATIONS_MAX];

    (void)state;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct incident inc;
        incident_init(&inc);
        inc.discovered_at = fixture_time(AWARE);
        inc.eu_data_subjects = true;
        incident_add_info_type(&inc, cases[i].type, cases[i].records);
        if (cases[i].records != COUNT_UNKNOWN && cases[i].records > 1000)
            incident_add_info_type(&inc, "address", COUNT_UNKNOWN);
        inc.affected_persons = cases[i].persons;
        inc.affected_persons_max = cases[i].max;
        inc.encrypted = cases[i].encrypted;
        size_t n = obligations_evaluate(&inc, &every_regime, NULL, 0,
                                        fixture_time(AWARE), out);
        assert_duty(out, n, "appi_preliminary", cases[i].appi, cases[i].reason,
                    cases[i].what);
        enum obligation_state later = cases[i].appi;
        assert_duty(out, n, "appi_final", later, cases[i].reason,
                    cases[i].what);
        assert_duty(out, n, "appi_individuals", later, cases[i].reason,
                    cases[i].what);
        if (cases[i].appi == OB_UNDECIDED) {
            const struct obligation *o = duty(out, n, "appi_preliminary");
            assert_false(o->applies);
            assert_true(o->undecided);
            assert_true(o->due_at == KZ_TIME_NONE);
            /* GDPR art. 34's high risk also turns on the count. */
            assert_duty(out, n, "gdpr_subjects", OB_UNDECIDED,
                        "obl.count_unknown", cases[i].what);
            /* And the damage total is unknown, not ¥0. */
            struct damage d;
            damage_compute(&inc, 1, &d);
            assert_false(d.total_known);
        }
        incident_cleanup(&inc);
    }
}

static void test_unknown_count_undecided_for_my_number(void **state)
{
    struct incident inc;
    struct obligation out[OBLIGATIONS_MAX];

    (void)state;
    incident_init(&inc);
    inc.discovered_at = fixture_time(AWARE);
    incident_add_info_type(&inc, "my_number", COUNT_UNKNOWN);
    size_t n = obligations_evaluate(&inc, &every_regime, NULL, 0,
                                    fixture_time(AWARE), out);
    assert_duty(out, n, "mynumber_preliminary", OB_UNDECIDED,
                "obl.count_unknown", "my number unknown");
    /* A filing (here: judged not applicable) settles it. */
    struct obligation_filing f = {"mynumber_preliminary", true, KZ_TIME_NONE,
                                  NULL, "50人と判明"};
    n = obligations_evaluate(&inc, &every_regime, &f, 1, fixture_time(AWARE),
                             out);
    assert_duty(out, n, "mynumber_preliminary", OB_NOT_APPLICABLE, NULL,
                "judged");
    /* 101 people (upper estimate): the count trigger. */
    inc.affected_persons_max = 101;
    n = obligations_evaluate(&inc, &every_regime, NULL, 0, fixture_time(AWARE),
                             out);
    assert_duty(out, n, "mynumber_preliminary", OB_PENDING,
                "obl.trigger_over_100", "101 at most");
    incident_cleanup(&inc);
}

/* --- 11: clocks start when a trigger is first met ----------------------- */

static void test_clock_starts_when_the_trigger_is_met(void **state)
{
    static const struct {
        const char *what; /* the change, made by case number below */
        const char *duty;
        enum trigger t;
    } cases[] = {
        {"count passes 1,000", "appi_preliminary", TRIGGER_APPI},
        {"sensitive data found", "appi_preliminary", TRIGGER_APPI},
        {"cyber indicator set", "appi_preliminary", TRIGGER_APPI},
        {"EU subjects found", "gdpr_authority", TRIGGER_GDPR_AUTHORITY},
        {"NIS2 disruption", "nis2_early_warning", TRIGGER_NIS2},
    };
    struct obligation out[OBLIGATIONS_MAX];
    /* Discovered Friday; the change two days later, Sunday 10:00. */
    kz_time later = fixture_time("2026-11-22T10:00:00+09:00");

    (void)state;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct incident before;
        struct incident after;
        plain(&before);
        before.eu_data_subjects = false;
        incident_init(&after);
        incident_copy(&after, &before);
        switch (i) {
        case 0:
            after.affected_persons = 1001;
            break;
        case 1:
            incident_add_info_type(&after, "medical_record", 2);
            break;
        case 2:
            strv_push(&after.leak_indicators, "c2_traffic");
            break;
        case 3:
            after.eu_data_subjects = true;
            break;
        default:
            after.nis2_disruption = true;
        }
        obligation_note_triggers(&before, &after, later);
        assert_true(after.trigger_at[cases[i].t] == later);
        size_t n =
            obligations_evaluate(&after, &every_regime, NULL, 0, later, out);
        const struct obligation *o = duty(out, n, cases[i].duty);
        if (!o->applies || o->clock_start != later ||
            o->trigger_met_at != later || o->aware_at != before.discovered_at)
            fail_msg("%s: clock not started at the change", cases[i].what);
        if (i < 3) {
            /* Day 1 is the day the trigger was met: Sunday; the 速報's
             * target the end of Tuesday. */
            assert_true(o->due_at == fixture_time("2026-11-24T23:59:59+09:00"));
        }
        /* A later change that keeps it keeps the time. */
        struct incident again;
        incident_init(&again);
        incident_copy(&again, &after);
        again.title = xstrdup("更新");
        obligation_note_triggers(&after, &again, later + 3600);
        assert_true(again.trigger_at[cases[i].t] == later);
        /* A person's aware_at holds over it. */
        again.aware_at = before.discovered_at + 60;
        n = obligations_evaluate(&again, &every_regime, NULL, 0, later, out);
        o = duty(out, n, cases[i].duty);
        assert_true(o->clock_start == again.aware_at);
        assert_true(o->trigger_met_at == KZ_TIME_NONE);
        /* Once it no longer holds, the time is gone. */
        obligation_note_triggers(&after, &before, later + 7200);
        assert_true(before.trigger_at[cases[i].t] == KZ_TIME_NONE);
        incident_cleanup(&again);
        incident_cleanup(&after);
        incident_cleanup(&before);
    }
}

static void test_trigger_met_at_filing_starts_at_awareness(void **state)
{
    struct incident before;
    struct incident after;
    struct obligation out[OBLIGATIONS_MAX];

    (void)state;
    plain(&before);
    before.affected_persons = 5000;
    incident_init(&after);
    incident_copy(&after, &before);
    after.affected_persons = 6000;
    obligation_note_triggers(&before, &after, fixture_time(AWARE) + 86400);
    assert_true(after.trigger_at[TRIGGER_APPI] == KZ_TIME_NONE);
    size_t n = obligations_evaluate(&after, &every_regime, NULL, 0,
                                    fixture_time(AWARE), out);
    const struct obligation *o = duty(out, n, "appi_preliminary");
    assert_true(o->clock_start == fixture_time(AWARE));
    assert_true(o->trigger_met_at == KZ_TIME_NONE);
    incident_cleanup(&after);
    incident_cleanup(&before);
}

/* --- 12: My Number act 規則2条 ------------------------------------------- */

static void test_my_number_source_system_and_public_viewing(void **state)
{
    static const struct {
        bool system;
        bool viewable;
        const char *reason;
    } cases[] = {
        {true, false, "obl.trigger_mynumber_system"},
        {false, true, "obl.trigger_publicly_viewable"},
    };
    struct obligation out[OBLIGATIONS_MAX];

    (void)state;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct incident inc;
        incident_init(&inc);
        inc.discovered_at = fixture_time(AWARE);
        incident_add_info_type(&inc, "my_number", 2);
        inc.affected_persons = 2; /* whatever the count */
        size_t n = obligations_evaluate(&inc, &every_regime, NULL, 0,
                                        fixture_time(AWARE), out);
        assert_duty(out, n, "mynumber_preliminary", OB_NOT_APPLICABLE,
                    "obl.no_trigger_mynumber", "two people");
        inc.mynumber_system = cases[i].system;
        inc.publicly_viewable = cases[i].viewable;
        n = obligations_evaluate(&inc, &every_regime, NULL, 0,
                                 fixture_time(AWARE), out);
        assert_duty(out, n, "mynumber_preliminary", OB_PENDING, cases[i].reason,
                    cases[i].reason);
        assert_duty(out, n, "mynumber_final", OB_PENDING, "obl.days_30",
                    cases[i].reason);
        /* They are the My Number act's triggers, not APPI's. */
        assert_duty(out, n, "appi_preliminary", OB_NOT_APPLICABLE,
                    "obl.no_trigger", cases[i].reason);
        /* Strong encryption exempts them too. */
        inc.encrypted = true;
        n = obligations_evaluate(&inc, &every_regime, NULL, 0,
                                 fixture_time(AWARE), out);
        assert_duty(out, n, "mynumber_preliminary", OB_NOT_APPLICABLE,
                    "obl.encrypted", cases[i].reason);
        incident_cleanup(&inc);
    }
}

/* --- 14: a person's "no" ------------------------------------------------- */

static void test_a_persons_no_holds_over_the_category(void **state)
{
    static const struct {
        const char *category;
        const char *indicator;
    } cases[] = {
        {"unauthorized_access", NULL},
        {NULL, "c2_traffic"},
    };
    struct obligation out[OBLIGATIONS_MAX];

    (void)state;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct incident inc;
        plain(&inc);
        inc.category = xstrdup(cases[i].category);
        if (cases[i].indicator)
            strv_push(&inc.leak_indicators, cases[i].indicator);
        size_t n = obligations_evaluate(&inc, &every_regime, NULL, 0,
                                        fixture_time(AWARE), out);
        assert_duty(out, n, "appi_final", OB_PENDING, "obl.days_60",
                    "suggested");
        /* A false that nobody judged asserts nothing. */
        inc.improper_purpose = false;
        inc.improper_purpose_manual = false;
        n = obligations_evaluate(&inc, &every_regime, NULL, 0,
                                 fixture_time(AWARE), out);
        assert_duty(out, n, "appi_final", OB_PENDING, "obl.trigger_improper",
                    "unjudged false");
        /* A person's "no" holds. */
        inc.improper_purpose_manual = true;
        inc.improper_purpose_reason = xstrdup("社内の誤操作と確認した");
        n = obligations_evaluate(&inc, &every_regime, NULL, 0,
                                 fixture_time(AWARE), out);
        assert_duty(out, n, "appi_preliminary", OB_NOT_APPLICABLE,
                    "obl.no_trigger", "judged no");
        assert_false(
            has_reason(duty(out, n, "appi_final"), "obl.trigger_improper"));
        incident_cleanup(&inc);
    }
}

static void test_consistency_warnings(void **state)
{
    static const struct {
        const char *what;
        int64_t persons;
        const char *type;
        int64_t records;
        const char *leak_kind;
        bool judged_no;
        const char *warning; /* NULL: none */
    } cases[] = {
        {"0 persons, leaked names", 0, "name", 50, "leak", false,
         "warn.zero_persons_with_data"},
        {"0 persons, names, no count", 0, "name", COUNT_UNKNOWN, "leak", false,
         "warn.zero_persons_with_data"},
        {"0 persons, trade secret only", 0, "trade_secret", 5, "leak", false,
         NULL},
        {"persons, no type", 5, NULL, 0, NULL, false,
         "warn.persons_without_data"},
        {"leak kind, no type", COUNT_UNKNOWN, NULL, 0, "loss", false,
         "warn.leak_without_data"},
        {"indicator but judged no", 5, "name", 5, NULL, true,
         "warn.indicators_but_no_improper"},
        {"consistent", 5, "name", 5, "leak", false, NULL},
    };

    (void)state;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct incident inc;
        const char *w[8];
        incident_init(&inc);
        inc.affected_persons = cases[i].persons;
        if (cases[i].type)
            incident_add_info_type(&inc, cases[i].type, cases[i].records);
        if (cases[i].leak_kind)
            strv_push(&inc.leak_kinds, cases[i].leak_kind);
        if (cases[i].judged_no) {
            strv_push(&inc.leak_indicators, "c2_traffic");
            inc.improper_purpose_manual = true;
        }
        size_t n = incident_warnings(&inc, w, 8);
        if (cases[i].warning == NULL && n != 0)
            fail_msg("%s: unexpected %s", cases[i].what, w[0]);
        if (cases[i].warning != NULL) {
            bool found = false;
            for (size_t k = 0; k < n; k++)
                found = found || strcmp(w[k], cases[i].warning) == 0;
            if (!found)
                fail_msg("%s: no %s", cases[i].what, cases[i].warning);
        }
        incident_cleanup(&inc);
    }
}

/* --- 25: the leak state -------------------------------------------------- */

static void test_leak_state_has_three_states(void **state)
{
    static const struct {
        bool possible;
        const char *kind;
        const char *want;
    } cases[] = {
        {false, "leak", "confirmed"}, {false, "loss", "confirmed"},
        {true, "leak", "possible"},   {true, NULL, "possible"},
        {false, NULL, "unknown"},
    };

    (void)state;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct incident inc;
        incident_init(&inc);
        inc.possible_leak = cases[i].possible;
        if (cases[i].kind)
            strv_push(&inc.leak_kinds, cases[i].kind);
        assert_string_equal(leak_state_key(incident_leak_state(&inc)),
                            cases[i].want);
        incident_cleanup(&inc);
    }
}

static void test_copy_keeps_the_new_facts(void **state)
{
    struct incident a;
    struct incident b;

    (void)state;
    fixture_draft(&a, FIXTURE_NOW);
    a.improper_purpose_manual = true;
    a.improper_purpose_reason = xstrdup("理由");
    a.affected_persons_max = 3000;
    a.mynumber_system = true;
    a.publicly_viewable = true;
    a.nis2_disruption = true;
    a.nis2_damage_others = true;
    incident_init(&b);
    incident_copy(&b, &a);
    assert_true(b.improper_purpose_manual);
    assert_string_equal(b.improper_purpose_reason, "理由");
    assert_true(b.improper_purpose_reason != a.improper_purpose_reason);
    assert_int_equal(b.affected_persons_max, 3000);
    assert_true(b.mynumber_system && b.publicly_viewable);
    assert_true(b.nis2_disruption && b.nis2_damage_others);
    incident_cleanup(&a);
    incident_cleanup(&b);
    /* Cleaned up means "not known". */
    assert_true(b.affected_persons_max == COUNT_UNKNOWN);
    assert_null(b.improper_purpose_reason);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_counts_are_bounded_and_named),
        cmocka_unit_test(test_damage_total_never_overflows),
        cmocka_unit_test(test_contradicting_and_early_times_are_refused),
        cmocka_unit_test(test_each_cyber_indicator_alone_is_improper_purpose),
        cmocka_unit_test(test_unknown_count_is_undecided),
        cmocka_unit_test(test_unknown_count_undecided_for_my_number),
        cmocka_unit_test(test_clock_starts_when_the_trigger_is_met),
        cmocka_unit_test(test_trigger_met_at_filing_starts_at_awareness),
        cmocka_unit_test(test_my_number_source_system_and_public_viewing),
        cmocka_unit_test(test_a_persons_no_holds_over_the_category),
        cmocka_unit_test(test_consistency_warnings),
        cmocka_unit_test(test_leak_state_has_three_states),
        cmocka_unit_test(test_copy_keeps_the_new_facts),
    };

    return cmocka_run_group_tests(tests, fixture_group_setup, NULL);
}
