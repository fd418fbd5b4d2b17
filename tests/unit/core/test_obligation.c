/* SPDX-License-Identifier: MIT */
/*
 * test_obligation.c - the reporting duties (src/core/obligation.c,
 * SPEC C8) against shared/research/domain.md §2 and jp-forms.md §1:
 * APPI (each of the four triggers alone and none, the encryption
 * exemption, 1,000 against 1,001 people, the 速報 target of day 3 and
 * limit of day 5, the 確報 after 30 or 60 days with the day of
 * awareness as day 1 and the closed-day roll-over, the states a duty
 * goes through), the My Number act (100 against 101 people), GDPR
 * art. 33/34 (72 hours of clock time), NIS2 art. 23 and SEC 8-K
 * item 1.05, exercises and filings.
 */
#include "support/test.h"

#include <stdio.h>
#include <string.h>

#include "core/deadline.h"
#include "core/obligation.h"
#include "support/fixture.h"
#include "util/mem.h"

/* Aware on Friday 2026-11-20 at 10:00 in Tokyo. */
#define AWARE "2026-11-20T10:00:00+09:00"

static const struct obligation_config every_regime = {true, true, true, true,
                                                      true};

/* An incident of 10 people's names and e-mail addresses sent to the
 * wrong address (a human error): personal data, but no APPI trigger. */
static void plain(struct incident *inc)
{
    incident_init(inc);
    inc->kind = KIND_INCIDENT;
    inc->category = xstrdup("misdirected_email");
    inc->severity = 3;
    inc->discovered_at = fixture_time(AWARE);
    incident_add_info_type(inc, "name", 10);
    incident_add_info_type(inc, "email_address", 10);
    inc->affected_persons = 10;
}

/* The duties of 'inc' at 'now' (OUT: out[OBLIGATIONS_MAX]). */
static size_t eval(const struct incident *inc,
                   const struct obligation_config *cfg,
                   const struct obligation_filing *filings, size_t nf,
                   kz_time now, struct obligation *out)
{
    size_t n = obligations_evaluate(inc, cfg, filings, nf, now, out);

    assert_true(n <= OBLIGATIONS_MAX);
    return n;
}

/* Duty 'key' of out[n], or fail. */
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

static bool has_duty(const struct obligation *out, size_t n, const char *key)
{
    for (size_t i = 0; i < n; i++) {
        if (strcmp(out[i].key, key) == 0)
            return true;
    }
    return false;
}

/* Fail unless the reasons of 'o' are exactly 'want' (space-separated
 * keys, in order). */
static void assert_reasons(const struct obligation *o, const char *want)
{
    char got[512];
    size_t k = 0;

    got[0] = '\0';
    for (size_t i = 0; i < o->n_reasons; i++)
        k += (size_t)snprintf(got + k, sizeof(got) - k, "%s%s", i ? " " : "",
                              o->reasons[i]);
    if (strcmp(got, want) != 0)
        fail_msg("%s reasons\n  want %s\n  got  %s", o->key, want, got);
}

/* Fail unless 'got' is the instant 'want' (ISO 8601). */
static void assert_time_is(kz_time got, const char *want, const char *what)
{
    kz_time w = want ? fixture_time(want) : KZ_TIME_NONE;
    char g[TIMEFMT_LEN];
    char e[TIMEFMT_LEN];

    if (got != w)
        fail_msg("%s: want %s, got %s", what,
                 want ? timefmt_format_utc(w, e) : "none",
                 got == KZ_TIME_NONE ? "none" : timefmt_format_utc(got, g));
}

static void assert_state(const struct obligation *o, enum obligation_state s)
{
    if (o->state != s)
        fail_msg("%s: state %s, want %s", o->key,
                 obligation_state_key(o->state), obligation_state_key(s));
}

/* --- configuration ------------------------------------------------------ */

static void test_default_regimes_are_the_japanese_ones_and_gdpr(void **state)
{
    struct obligation_config cfg;
    struct incident inc;
    struct obligation out[OBLIGATIONS_MAX];

    (void)state;
    obligation_config_default(&cfg);
    assert_true(cfg.appi);
    assert_true(cfg.mynumber);
    assert_true(cfg.gdpr);
    assert_false(cfg.nis2);
    assert_false(cfg.sec);
    plain(&inc);
    size_t n = eval(&inc, &cfg, NULL, 0, fixture_time(AWARE), out);
    assert_int_equal(n, 7);
    assert_true(has_duty(out, n, "appi_preliminary"));
    assert_true(has_duty(out, n, "appi_final"));
    assert_true(has_duty(out, n, "appi_individuals"));
    assert_true(has_duty(out, n, "mynumber_preliminary"));
    assert_true(has_duty(out, n, "mynumber_final"));
    assert_true(has_duty(out, n, "gdpr_authority"));
    assert_true(has_duty(out, n, "gdpr_subjects"));
    n = eval(&inc, &every_regime, NULL, 0, fixture_time(AWARE), out);
    assert_int_equal(n, 11);
    for (size_t i = 0; i < n; i++)
        assert_true(obligation_key_is_known(out[i].key));
    incident_cleanup(&inc);
}

/* --- APPI triggers ------------------------------------------------------ */

static void test_no_personal_data_no_appi_duty(void **state)
{
    struct incident inc;
    struct obligation out[OBLIGATIONS_MAX];

    (void)state;
    incident_init(&inc);
    inc.category = xstrdup("unauthorized_access"); /* improper purpose */
    inc.discovered_at = fixture_time(AWARE);
    incident_add_info_type(&inc, "trade_secret", 5000);
    incident_add_info_type(&inc, "technical_info", 5000);
    size_t n = eval(&inc, &every_regime, NULL, 0, fixture_time(AWARE), out);
    const char *keys[] = {"appi_preliminary", "appi_final", "appi_individuals"};
    for (size_t i = 0; i < 3; i++) {
        const struct obligation *o = duty(out, n, keys[i]);
        assert_false(o->applies);
        assert_reasons(o, "obl.no_personal_data");
        assert_state(o, OB_NOT_APPLICABLE);
        assert_time_is(o->due_at, NULL, keys[i]);
    }
    assert_false(obligation_appi_applies(&inc));
    incident_cleanup(&inc);
}

static void test_no_trigger_no_appi_duty(void **state)
{
    struct incident inc;
    struct obligation out[OBLIGATIONS_MAX];

    (void)state;
    plain(&inc);
    size_t n = eval(&inc, &every_regime, NULL, 0, fixture_time(AWARE), out);
    const struct obligation *pre = duty(out, n, "appi_preliminary");
    assert_false(pre->applies);
    assert_reasons(pre, "obl.no_trigger");
    assert_state(pre, OB_NOT_APPLICABLE);
    assert_time_is(pre->due_at, NULL, "preliminary");
    assert_false(duty(out, n, "appi_final")->applies);
    assert_reasons(duty(out, n, "appi_final"), "obl.no_trigger");
    assert_false(duty(out, n, "appi_individuals")->applies);
    assert_false(obligation_appi_applies(&inc));
    incident_cleanup(&inc);
}

/* One trigger at a time on the plain incident. */
enum change { ADD_TYPE, FLAG, CATEGORY, INDICATOR, PERSONS };

static const struct {
    enum change change;
    const char *value;
    const char *reason; /* the one trigger */
    bool improper;      /* 60 days */
} triggers[] = {
    {ADD_TYPE, "race", "obl.trigger_sensitive", false},
    {ADD_TYPE, "health_check", "obl.trigger_sensitive", false},
    {ADD_TYPE, "medical_record", "obl.trigger_sensitive", false},
    {ADD_TYPE, "disability", "obl.trigger_sensitive", false},
    {ADD_TYPE, "criminal_record", "obl.trigger_sensitive", false},
    {ADD_TYPE, "religion", "obl.trigger_sensitive", false},
    {ADD_TYPE, "political_views", "obl.trigger_sensitive", false},
    {ADD_TYPE, "other_privacy", "obl.trigger_sensitive", false},
    {ADD_TYPE, "credit_card", "obl.trigger_financial", false},
    {ADD_TYPE, "bank_account", "obl.trigger_financial", false},
    {ADD_TYPE, "financial_login", "obl.trigger_financial", false},
    {FLAG, NULL, "obl.trigger_improper", true},
    {CATEGORY, "unauthorized_access", "obl.trigger_improper", true},
    {CATEGORY, "ransomware", "obl.trigger_improper", true},
    {CATEGORY, "insider_wrongdoing", "obl.trigger_improper", true},
    {INDICATOR, "tampered_input_page", "obl.trigger_improper", true},
    {PERSONS, "1001", "obl.trigger_over_1000", false},
};

static void apply_change(struct incident *inc, size_t i)
{
    switch (triggers[i].change) {
    case ADD_TYPE:
        incident_add_info_type(inc, triggers[i].value, 1);
        break;
    case FLAG:
        inc->improper_purpose = true;
        break;
    case CATEGORY:
        xstrset(&inc->category, triggers[i].value);
        break;
    case INDICATOR:
        strv_push(&inc->leak_indicators, triggers[i].value);
        break;
    case PERSONS:
        inc->affected_persons = 1001;
        break;
    }
}

static void test_each_trigger_alone_makes_the_duty(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof(triggers) / sizeof(triggers[0]); i++) {
        struct incident inc;
        struct obligation out[OBLIGATIONS_MAX];
        char final_reasons[96];
        plain(&inc);
        apply_change(&inc, i);
        size_t n = eval(&inc, &every_regime, NULL, 0, fixture_time(AWARE), out);
        const struct obligation *pre = duty(out, n, "appi_preliminary");
        if (!pre->applies)
            fail_msg("case %zu (%s): does not apply", i, triggers[i].reason);
        assert_reasons(pre, triggers[i].reason);
        snprintf(final_reasons, sizeof(final_reasons), "%s %s",
                 triggers[i].reason,
                 triggers[i].improper ? "obl.days_60" : "obl.days_30");
        const struct obligation *fin = duty(out, n, "appi_final");
        assert_true(fin->applies);
        assert_reasons(fin, final_reasons);
        const struct obligation *ind = duty(out, n, "appi_individuals");
        assert_true(ind->applies);
        assert_reasons(ind, triggers[i].reason);
        /* The notice to individuals is due "promptly": no date. */
        assert_time_is(ind->due_at, NULL, "individuals");
        assert_state(ind, OB_PENDING);
        assert_true(obligation_appi_applies(&inc));
        incident_cleanup(&inc);
    }
}

static void test_all_triggers_are_named_together(void **state)
{
    struct incident inc;
    struct obligation out[OBLIGATIONS_MAX];

    (void)state;
    plain(&inc);
    for (size_t i = 0; i < sizeof(triggers) / sizeof(triggers[0]); i++)
        apply_change(&inc, i);
    size_t n = eval(&inc, &every_regime, NULL, 0, fixture_time(AWARE), out);
    assert_reasons(duty(out, n, "appi_preliminary"),
                   "obl.trigger_sensitive obl.trigger_financial "
                   "obl.trigger_improper obl.trigger_over_1000");
    /* 60 days when 3号 applies together with the others. */
    assert_time_is(duty(out, n, "appi_final")->due_at,
                   "2027-01-18T23:59:59+09:00", "final, 60 days");
    incident_cleanup(&inc);
}

static void test_1000_persons_is_not_a_trigger_1001_is(void **state)
{
    struct incident inc;
    struct obligation out[OBLIGATIONS_MAX];

    (void)state;
    plain(&inc);
    inc.affected_persons = 1000;
    size_t n = eval(&inc, &every_regime, NULL, 0, fixture_time(AWARE), out);
    assert_false(duty(out, n, "appi_preliminary")->applies);
    inc.affected_persons = 1001;
    n = eval(&inc, &every_regime, NULL, 0, fixture_time(AWARE), out);
    assert_true(duty(out, n, "appi_preliminary")->applies);
    assert_reasons(duty(out, n, "appi_preliminary"), "obl.trigger_over_1000");

    /* People not counted: the largest count of a personal information
     * type stands in, never that of a trade secret. */
    inc.affected_persons = COUNT_UNKNOWN;
    inc.info_types[0].count = 1000;
    inc.info_types[1].count = COUNT_UNKNOWN;
    incident_add_info_type(&inc, "trade_secret", 50000);
    n = eval(&inc, &every_regime, NULL, 0, fixture_time(AWARE), out);
    assert_false(duty(out, n, "appi_preliminary")->applies);
    inc.info_types[1].count = 1001;
    n = eval(&inc, &every_regime, NULL, 0, fixture_time(AWARE), out);
    assert_true(duty(out, n, "appi_preliminary")->applies);
    incident_cleanup(&inc);
}

static void test_encryption_exempts_every_trigger(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof(triggers) / sizeof(triggers[0]); i++) {
        struct incident inc;
        struct obligation out[OBLIGATIONS_MAX];
        char want[96];
        plain(&inc);
        apply_change(&inc, i);
        inc.encrypted = true;
        size_t n = eval(&inc, &every_regime, NULL, 0, fixture_time(AWARE), out);
        const char *keys[] = {"appi_preliminary", "appi_final",
                              "appi_individuals"};
        snprintf(want, sizeof(want), "%s obl.encrypted", triggers[i].reason);
        for (size_t k = 0; k < 3; k++) {
            const struct obligation *o = duty(out, n, keys[k]);
            if (o->applies)
                fail_msg("case %zu (%s): %s applies though encrypted", i,
                         triggers[i].reason, keys[k]);
            assert_reasons(o, want);
            assert_state(o, OB_NOT_APPLICABLE);
            assert_time_is(o->due_at, NULL, keys[k]);
        }
        assert_false(obligation_appi_applies(&inc));
        incident_cleanup(&inc);
    }
}

/* --- APPI dates and states ---------------------------------------------- */

static void test_preliminary_target_day_3_limit_day_5(void **state)
{
    struct incident inc;
    struct obligation out[OBLIGATIONS_MAX];

    (void)state;
    plain(&inc);
    inc.affected_persons = 5000;
    /* Day 1 is Friday 11-20; day 3 is Sunday 11-22 and day 5 Tuesday
     * 11-24 (勤労感謝の日 11-23 is not skipped: no roll-over for the
     * 速報 target). */
    static const struct {
        const char *now;
        enum obligation_state state;
    } at[] = {
        {AWARE, OB_PENDING},
        {"2026-11-21T23:59:58+09:00", OB_PENDING},     /* 24 h + 1 s */
        {"2026-11-21T23:59:59+09:00", OB_DUE_SOON},    /* exactly 24 h */
        {"2026-11-22T23:59:59+09:00", OB_DUE_SOON},    /* the target */
        {"2026-11-23T00:00:00+09:00", OB_PAST_TARGET}, /* a second late */
        {"2026-11-24T23:59:59+09:00", OB_PAST_TARGET}, /* the limit */
        {"2026-11-25T00:00:00+09:00", OB_OVERDUE},
    };
    for (size_t i = 0; i < sizeof(at) / sizeof(at[0]); i++) {
        size_t n =
            eval(&inc, &every_regime, NULL, 0, fixture_time(at[i].now), out);
        const struct obligation *pre = duty(out, n, "appi_preliminary");
        assert_time_is(pre->clock_start, AWARE, "clock start");
        assert_time_is(pre->due_at, "2026-11-22T23:59:59+09:00", "target");
        assert_time_is(pre->latest_at, "2026-11-24T23:59:59+09:00", "limit");
        if (pre->state != at[i].state)
            fail_msg("at %s: %s, want %s", at[i].now,
                     obligation_state_key(pre->state),
                     obligation_state_key(at[i].state));
    }
    incident_cleanup(&inc);
}

static void test_final_report_states_without_a_limit(void **state)
{
    struct incident inc;
    struct obligation out[OBLIGATIONS_MAX];

    (void)state;
    plain(&inc);
    inc.affected_persons = 5000;
    /* Due 2026-12-21 (day 30 is Saturday 12-19). */
    size_t n = eval(&inc, &every_regime, NULL, 0,
                    fixture_time("2026-12-20T23:59:58+09:00"), out);
    const struct obligation *fin = duty(out, n, "appi_final");
    assert_time_is(fin->latest_at, NULL, "final has no limit");
    assert_state(fin, OB_PENDING);
    n = eval(&inc, &every_regime, NULL, 0,
             fixture_time("2026-12-21T12:00:00+09:00"), out);
    assert_state(duty(out, n, "appi_final"), OB_DUE_SOON);
    n = eval(&inc, &every_regime, NULL, 0,
             fixture_time("2026-12-22T00:00:00+09:00"), out);
    assert_state(duty(out, n, "appi_final"), OB_OVERDUE);
    incident_cleanup(&inc);
}

static const struct {
    const char *aware;
    bool improper;
    const char *due;
} finals[] = {
    /* Day 30 on Saturday 12-19 → Monday. */
    {"2026-11-20T10:00:00+09:00", false, "2026-12-21T23:59:59+09:00"},
    /* Day 30 on 05-04, Golden Week → 05-07. */
    {"2026-04-05T10:00:00+09:00", false, "2026-05-07T23:59:59+09:00"},
    /* Day 30 on 12-29, the year-end closure → 2027-01-04. */
    {"2026-11-30T10:00:00+09:00", false, "2027-01-04T23:59:59+09:00"},
    /* Day 30 on Sunday 12-20 → Monday. */
    {"2026-11-21T10:00:00+09:00", false, "2026-12-21T23:59:59+09:00"},
    /* Day 30 on 勤労感謝の日 → Tuesday 11-24. */
    {"2026-10-25T10:00:00+09:00", false, "2026-11-24T23:59:59+09:00"},
    /* Day 30 a Tuesday: no move. */
    {"2026-11-02T10:00:00+09:00", false, "2026-12-01T23:59:59+09:00"},
    /* 60 days: day 60 is 2027-01-18, a Monday. */
    {"2026-11-20T10:00:00+09:00", true, "2027-01-18T23:59:59+09:00"},
    /* 60 days: day 60 on 05-04 → 05-07. */
    {"2026-03-06T10:00:00+09:00", true, "2026-05-07T23:59:59+09:00"},
    /* 60 days: day 60 on 12-29 → 2027-01-04. */
    {"2026-10-31T10:00:00+09:00", true, "2027-01-04T23:59:59+09:00"},
};

static void test_final_30_days_or_60_with_improper_purpose(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof(finals) / sizeof(finals[0]); i++) {
        struct incident inc;
        struct obligation out[OBLIGATIONS_MAX];
        plain(&inc);
        inc.affected_persons = 5000;
        inc.improper_purpose = finals[i].improper;
        inc.discovered_at = fixture_time(finals[i].aware);
        size_t n = eval(&inc, &every_regime, NULL, 0, inc.discovered_at, out);
        char what[96];
        snprintf(what, sizeof(what), "final, aware %s%s", finals[i].aware,
                 finals[i].improper ? " (improper)" : "");
        assert_time_is(duty(out, n, "appi_final")->due_at, finals[i].due, what);
        incident_cleanup(&inc);
    }
}

static void test_aware_at_defaults_to_discovered_at(void **state)
{
    struct incident inc;
    struct obligation out[OBLIGATIONS_MAX];

    (void)state;
    plain(&inc);
    inc.affected_persons = 5000;
    inc.discovered_at = fixture_time("2026-11-02T10:00:00+09:00");
    size_t n = eval(&inc, &every_regime, NULL, 0, inc.discovered_at, out);
    assert_time_is(duty(out, n, "appi_final")->clock_start,
                   "2026-11-02T10:00:00+09:00", "from discovery");
    assert_time_is(duty(out, n, "appi_final")->due_at,
                   "2026-12-01T23:59:59+09:00", "30 days from discovery");
    /* The organisation became aware later than the discoverer found it
     * (e.g. a contractor told it): its own moment counts. */
    inc.aware_at = fixture_time("2026-11-20T10:00:00+09:00");
    n = eval(&inc, &every_regime, NULL, 0, inc.aware_at, out);
    assert_time_is(duty(out, n, "appi_preliminary")->clock_start, AWARE,
                   "from awareness");
    assert_time_is(duty(out, n, "appi_final")->due_at,
                   "2026-12-21T23:59:59+09:00", "30 days from awareness");
    /* Neither known: the duty applies, undated, pending. */
    inc.aware_at = KZ_TIME_NONE;
    inc.discovered_at = KZ_TIME_NONE;
    n = eval(&inc, &every_regime, NULL, 0, fixture_time(AWARE), out);
    assert_true(duty(out, n, "appi_final")->applies);
    assert_time_is(duty(out, n, "appi_final")->due_at, NULL, "undated");
    assert_state(duty(out, n, "appi_final"), OB_PENDING);
    incident_cleanup(&inc);
}

static void test_exercises_never_trigger_duties(void **state)
{
    struct incident inc;
    struct obligation out[OBLIGATIONS_MAX];

    (void)state;
    plain(&inc);
    inc.kind = KIND_EXERCISE;
    inc.affected_persons = 100000;
    incident_add_info_type(&inc, "credit_card", 100000);
    incident_add_info_type(&inc, "my_number", 100000);
    inc.eu_data_subjects = true;
    inc.severity = 1;
    inc.materiality_determined_at = fixture_time(AWARE);
    assert_int_equal(
        eval(&inc, &every_regime, NULL, 0, fixture_time(AWARE), out), 0);
    assert_false(obligation_appi_applies(&inc));
    /* The same facts outside an exercise. */
    inc.kind = KIND_NEAR_MISS;
    assert_true(obligation_appi_applies(&inc));
    incident_cleanup(&inc);
}

static void test_filings_mark_duties_filed_or_not_applicable(void **state)
{
    struct incident inc;
    struct obligation out[OBLIGATIONS_MAX];
    struct obligation_filing f[2] = {
        {"appi_preliminary", false, 0, "PPC-2026-0001", NULL},
        {"appi_final", true, KZ_TIME_NONE, NULL, "委託元が報告する"},
    };

    (void)state;
    plain(&inc);
    inc.affected_persons = 5000;
    f[0].filed_at = fixture_time("2026-11-21T09:00:00+09:00");
    /* Long after every date: filed is filed, not overdue. */
    size_t n = eval(&inc, &every_regime, f, 2,
                    fixture_time("2027-03-01T00:00:00+09:00"), out);
    const struct obligation *pre = duty(out, n, "appi_preliminary");
    assert_state(pre, OB_FILED);
    assert_ptr_equal(pre->filing, &f[0]);
    assert_true(pre->applies);
    const struct obligation *fin = duty(out, n, "appi_final");
    assert_state(fin, OB_NOT_APPLICABLE);
    assert_ptr_equal(fin->filing, &f[1]);
    /* The rules still say it applies; a person judged otherwise. */
    assert_true(fin->applies);
    const struct obligation *ind = duty(out, n, "appi_individuals");
    assert_null(ind->filing);
    assert_state(ind, OB_PENDING);
    /* Without filings the same moment is overdue. */
    n = eval(&inc, &every_regime, NULL, 0,
             fixture_time("2027-03-01T00:00:00+09:00"), out);
    assert_state(duty(out, n, "appi_preliminary"), OB_OVERDUE);
    assert_state(duty(out, n, "appi_final"), OB_OVERDUE);
    incident_cleanup(&inc);
}

/* --- My Number act ------------------------------------------------------ */

static void test_my_number_only_with_my_number_data(void **state)
{
    struct incident inc;
    struct obligation out[OBLIGATIONS_MAX];

    (void)state;
    plain(&inc);
    inc.affected_persons = 5000; /* an APPI duty, but no My Number */
    size_t n = eval(&inc, &every_regime, NULL, 0, fixture_time(AWARE), out);
    assert_false(duty(out, n, "mynumber_preliminary")->applies);
    assert_reasons(duty(out, n, "mynumber_preliminary"), "obl.no_my_number");
    assert_false(duty(out, n, "mynumber_final")->applies);
    assert_reasons(duty(out, n, "mynumber_final"), "obl.no_my_number");
    assert_false(has_duty(out, n, "mynumber_individuals"));
    incident_cleanup(&inc);
}

static void test_my_number_100_persons_is_not_a_trigger_101_is(void **state)
{
    struct incident inc;
    struct obligation out[OBLIGATIONS_MAX];

    (void)state;
    plain(&inc);
    incident_add_info_type(&inc, "my_number", 100);
    inc.affected_persons = 100;
    size_t n = eval(&inc, &every_regime, NULL, 0, fixture_time(AWARE), out);
    assert_false(duty(out, n, "mynumber_preliminary")->applies);
    assert_reasons(duty(out, n, "mynumber_preliminary"),
                   "obl.no_trigger_mynumber");
    inc.affected_persons = 101;
    n = eval(&inc, &every_regime, NULL, 0, fixture_time(AWARE), out);
    const struct obligation *pre = duty(out, n, "mynumber_preliminary");
    assert_true(pre->applies);
    assert_reasons(pre, "obl.trigger_over_100");
    assert_time_is(pre->due_at, "2026-11-22T23:59:59+09:00", "day 3");
    assert_time_is(pre->latest_at, "2026-11-24T23:59:59+09:00", "day 5");
    const struct obligation *fin = duty(out, n, "mynumber_final");
    assert_true(fin->applies);
    assert_reasons(fin, "obl.trigger_over_100 obl.days_30");
    assert_time_is(fin->due_at, "2026-12-21T23:59:59+09:00", "30 days");
    /* 101 people is no APPI trigger. */
    assert_false(duty(out, n, "appi_preliminary")->applies);
    /* Encrypted: exempt. */
    inc.encrypted = true;
    n = eval(&inc, &every_regime, NULL, 0, fixture_time(AWARE), out);
    assert_false(duty(out, n, "mynumber_preliminary")->applies);
    assert_reasons(duty(out, n, "mynumber_preliminary"),
                   "obl.trigger_over_100 obl.encrypted");
    incident_cleanup(&inc);
}

static void test_my_number_improper_purpose_gives_60_days(void **state)
{
    struct incident inc;
    struct obligation out[OBLIGATIONS_MAX];

    (void)state;
    plain(&inc);
    incident_add_info_type(&inc, "my_number", 3);
    inc.affected_persons = 3;
    xstrset(&inc.category, "insider_wrongdoing");
    size_t n = eval(&inc, &every_regime, NULL, 0, fixture_time(AWARE), out);
    const struct obligation *fin = duty(out, n, "mynumber_final");
    assert_true(fin->applies);
    assert_reasons(fin, "obl.trigger_improper obl.days_60");
    assert_time_is(fin->due_at, "2027-01-18T23:59:59+09:00", "60 days");
    incident_cleanup(&inc);
}

/* The My Number rules (特定個人情報の漏えい等に関する報告等に関する規則
 * 2条) know no special-care or financial-damage trigger: those make the
 * APPI report, not the My Number one. */
static void test_my_number_has_no_sensitive_or_financial_trigger(void **state)
{
    static const char *const types[] = {"medical_record", "credit_card"};

    (void)state;
    for (size_t i = 0; i < 2; i++) {
        struct incident inc;
        struct obligation out[OBLIGATIONS_MAX];
        plain(&inc);
        incident_add_info_type(&inc, "my_number", 3);
        incident_add_info_type(&inc, types[i], 3);
        inc.affected_persons = 3;
        size_t n = eval(&inc, &every_regime, NULL, 0, fixture_time(AWARE), out);
        assert_true(duty(out, n, "appi_preliminary")->applies);
        const struct obligation *pre = duty(out, n, "mynumber_preliminary");
        if (pre->applies)
            fail_msg("%s alone makes a My Number report", types[i]);
        assert_reasons(pre, "obl.no_trigger_mynumber");
        assert_false(duty(out, n, "mynumber_final")->applies);
        incident_cleanup(&inc);
    }
}

/* --- GDPR --------------------------------------------------------------- */

static void test_gdpr_only_with_eu_data_subjects(void **state)
{
    struct incident inc;
    struct obligation out[OBLIGATIONS_MAX];

    (void)state;
    plain(&inc);
    incident_add_info_type(&inc, "medical_record", 10);
    size_t n = eval(&inc, &every_regime, NULL, 0, fixture_time(AWARE), out);
    assert_false(duty(out, n, "gdpr_authority")->applies);
    assert_reasons(duty(out, n, "gdpr_authority"), "obl.no_eu_subjects");
    assert_false(duty(out, n, "gdpr_subjects")->applies);
    assert_reasons(duty(out, n, "gdpr_subjects"), "obl.no_eu_subjects");
    incident_cleanup(&inc);

    /* EU people but nothing personal. */
    incident_init(&inc);
    inc.discovered_at = fixture_time(AWARE);
    inc.eu_data_subjects = true;
    incident_add_info_type(&inc, "trade_secret", 1);
    n = eval(&inc, &every_regime, NULL, 0, fixture_time(AWARE), out);
    assert_false(duty(out, n, "gdpr_authority")->applies);
    assert_reasons(duty(out, n, "gdpr_authority"), "obl.no_personal_data");
    assert_reasons(duty(out, n, "gdpr_subjects"), "obl.no_personal_data");
    incident_cleanup(&inc);
}

static void test_gdpr_72_hours_of_clock_time_across_dst(void **state)
{
    static const struct {
        const char *aware;
        const char *due;
    } cases[] = {
        /* Europe moves its clocks on Sunday 2026-03-29 and 2026-10-25;
         * 72 h are 259,200 s whatever the local clocks say. */
        {"2026-03-27T12:00:00Z", "2026-03-30T12:00:00Z"},
        {"2026-10-23T12:00:00Z", "2026-10-26T12:00:00Z"},
        /* Weekends and holidays are not skipped. */
        {"2026-12-30T18:00:00+09:00", "2027-01-02T18:00:00+09:00"},
    };

    (void)state;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct incident inc;
        struct obligation out[OBLIGATIONS_MAX];
        plain(&inc);
        inc.eu_data_subjects = true;
        inc.discovered_at = fixture_time(cases[i].aware);
        size_t n = eval(&inc, &every_regime, NULL, 0, inc.discovered_at, out);
        const struct obligation *a = duty(out, n, "gdpr_authority");
        assert_true(a->applies);
        assert_reasons(a, "obl.eu_subjects");
        assert_time_is(a->due_at, cases[i].due, cases[i].aware);
        assert_int_equal(a->due_at - a->clock_start, 259200);
        assert_time_is(a->latest_at, NULL, "no limit");
        assert_state(a, OB_PENDING);
        /* 48 h later it is due within a day; after 72 h overdue. */
        n = eval(&inc, &every_regime, NULL, 0, inc.discovered_at + 48 * 3600,
                 out);
        assert_state(duty(out, n, "gdpr_authority"), OB_DUE_SOON);
        n = eval(&inc, &every_regime, NULL, 0, a->due_at + 1, out);
        assert_state(duty(out, n, "gdpr_authority"), OB_OVERDUE);
        incident_cleanup(&inc);
    }
}

static void test_gdpr_subjects_only_when_high_risk_and_unencrypted(void **state)
{
    struct incident inc;
    struct obligation out[OBLIGATIONS_MAX];

    (void)state;
    plain(&inc);
    inc.eu_data_subjects = true;
    size_t n = eval(&inc, &every_regime, NULL, 0, fixture_time(AWARE), out);
    assert_false(duty(out, n, "gdpr_subjects")->applies);
    assert_reasons(duty(out, n, "gdpr_subjects"), "obl.not_high_risk");
    /* Special categories: high risk. */
    incident_add_info_type(&inc, "health_check", 10);
    n = eval(&inc, &every_regime, NULL, 0, fixture_time(AWARE), out);
    const struct obligation *s = duty(out, n, "gdpr_subjects");
    assert_true(s->applies);
    assert_reasons(s, "obl.high_risk");
    assert_time_is(s->due_at, NULL, "without undue delay");
    assert_state(s, OB_PENDING);
    /* Unintelligible to whoever has it: art. 34(3)(a). */
    inc.encrypted = true;
    n = eval(&inc, &every_regime, NULL, 0, fixture_time(AWARE), out);
    assert_false(duty(out, n, "gdpr_subjects")->applies);
    assert_reasons(duty(out, n, "gdpr_subjects"), "obl.encrypted");
    /* Art. 33 still applies. */
    assert_true(duty(out, n, "gdpr_authority")->applies);
    incident_cleanup(&inc);
}

/* --- NIS2 --------------------------------------------------------------- */

static void test_nis2_only_when_configured_and_significant(void **state)
{
    struct obligation_config cfg;
    struct incident inc;
    struct obligation out[OBLIGATIONS_MAX];

    (void)state;
    obligation_config_default(&cfg);
    plain(&inc);
    inc.severity = 1;
    size_t n = eval(&inc, &cfg, NULL, 0, fixture_time(AWARE), out);
    assert_false(has_duty(out, n, "nis2_early_warning"));
    cfg.nis2 = true;
    /* S3 without a stopped service and no art. 23(3) fact: not
     * significant. */
    inc.severity = 3;
    n = eval(&inc, &cfg, NULL, 0, fixture_time(AWARE), out);
    const char *keys[] = {"nis2_early_warning", "nis2_notification",
                          "nis2_final"};
    for (size_t k = 0; k < 3; k++) {
        assert_false(duty(out, n, keys[k])->applies);
        assert_reasons(duty(out, n, keys[k]), "obl.not_significant");
        assert_time_is(duty(out, n, keys[k])->due_at, NULL, keys[k]);
    }
    /* S1, S2, or a stopped service at S4 do not decide it (issue 9, item
     * 15): they leave it undecided until a person records the facts. */
    static const struct {
        int severity;
        bool stopped;
    } hint[] = {{1, false}, {2, false}, {4, true}, {0, true}};
    for (size_t i = 0; i < sizeof(hint) / sizeof(hint[0]); i++) {
        inc.severity = hint[i].severity;
        strv_cleanup(&inc.impacts);
        if (hint[i].stopped)
            strv_push(&inc.impacts, "service_stopped");
        n = eval(&inc, &cfg, NULL, 0, fixture_time(AWARE), out);
        for (size_t k = 0; k < 3; k++) {
            const struct obligation *o = duty(out, n, keys[k]);
            if (o->applies || o->state != OB_UNDECIDED)
                fail_msg("S%d%s: %s is decided", hint[i].severity,
                         hint[i].stopped ? " stopped" : "", keys[k]);
            assert_reasons(o, "obl.nis2_unassessed");
        }
    }
    /* Art. 23(3)(a) or (b) as facts: significant at any severity. */
    static const struct {
        bool disruption;
        bool others;
        const char *reasons;
    } sig[] = {
        {true, false, "obl.nis2_disruption"},
        {false, true, "obl.nis2_damage_others"},
        {true, true, "obl.nis2_disruption obl.nis2_damage_others"},
    };
    strv_cleanup(&inc.impacts);
    inc.severity = 4;
    for (size_t i = 0; i < sizeof(sig) / sizeof(sig[0]); i++) {
        inc.nis2_disruption = sig[i].disruption;
        inc.nis2_damage_others = sig[i].others;
        n = eval(&inc, &cfg, NULL, 0, fixture_time(AWARE), out);
        for (size_t k = 0; k < 3; k++) {
            if (!duty(out, n, keys[k])->applies)
                fail_msg("%s: %s does not apply", sig[i].reasons, keys[k]);
            assert_reasons(duty(out, n, keys[k]), sig[i].reasons);
        }
    }
    incident_cleanup(&inc);
}

static void test_nis2_24h_72h_and_a_month_after_the_notification(void **state)
{
    struct incident inc;
    struct obligation out[OBLIGATIONS_MAX];
    struct obligation_filing f = {"nis2_notification", false, 0, "CSIRT-1",
                                  NULL};

    (void)state;
    plain(&inc);
    inc.nis2_disruption = true;
    inc.discovered_at = fixture_time("2027-01-28T10:00:00Z");
    size_t n = eval(&inc, &every_regime, NULL, 0, inc.discovered_at, out);
    assert_time_is(duty(out, n, "nis2_early_warning")->due_at,
                   "2027-01-29T10:00:00Z", "24 h");
    assert_time_is(duty(out, n, "nis2_notification")->due_at,
                   "2027-01-31T10:00:00Z", "72 h");
    /* Not filed yet: a month after the notification was due, clamped
     * from 01-31 to the end of February. */
    const struct obligation *fi = duty(out, n, "nis2_final");
    assert_time_is(fi->clock_start, "2027-01-31T10:00:00Z", "final from");
    assert_time_is(fi->due_at, "2027-02-28T10:00:00Z", "final, not filed");
    /* Filed early: a month after it was filed. */
    f.filed_at = fixture_time("2027-01-30T08:00:00Z");
    n = eval(&inc, &every_regime, &f, 1, fixture_time("2027-01-30T09:00:00Z"),
             out);
    assert_state(duty(out, n, "nis2_notification"), OB_FILED);
    fi = duty(out, n, "nis2_final");
    assert_time_is(fi->clock_start, "2027-01-30T08:00:00Z", "final from");
    assert_time_is(fi->due_at, "2027-02-28T08:00:00Z", "final, filed 01-30");
    /* A leap year: 2028-01-31 → 02-29. */
    f.filed_at = fixture_time("2028-01-31T08:00:00Z");
    inc.discovered_at = fixture_time("2028-01-29T08:00:00Z");
    n = eval(&inc, &every_regime, &f, 1, fixture_time("2028-01-31T09:00:00Z"),
             out);
    assert_time_is(duty(out, n, "nis2_final")->due_at, "2028-02-29T08:00:00Z",
                   "final, leap year");
    /* Judged not applicable: the month runs from the due time. */
    f.not_applicable = true;
    f.filed_at = KZ_TIME_NONE;
    n = eval(&inc, &every_regime, &f, 1, fixture_time("2028-01-31T09:00:00Z"),
             out);
    assert_time_is(duty(out, n, "nis2_final")->due_at, "2028-03-01T08:00:00Z",
                   "final from the due time");
    incident_cleanup(&inc);
}

/* --- SEC 8-K ------------------------------------------------------------ */

static void test_sec_only_with_a_materiality_determination(void **state)
{
    struct obligation_config cfg;
    struct incident inc;
    struct obligation out[OBLIGATIONS_MAX];

    (void)state;
    obligation_config_default(&cfg);
    plain(&inc);
    inc.materiality_determined_at = fixture_time("2026-11-25T10:00:00-05:00");
    size_t n = eval(&inc, &cfg, NULL, 0, fixture_time(AWARE), out);
    assert_false(has_duty(out, n, "sec_8k"));
    cfg.sec = true;
    inc.materiality_determined_at = KZ_TIME_NONE;
    n = eval(&inc, &cfg, NULL, 0, fixture_time(AWARE), out);
    assert_false(duty(out, n, "sec_8k")->applies);
    assert_reasons(duty(out, n, "sec_8k"), "obl.not_material");
    /* The clock runs from the determination, not from awareness:
     * the Wednesday before Thanksgiving gives Wednesday 12-02. */
    inc.materiality_determined_at = fixture_time("2026-11-25T10:00:00-05:00");
    n = eval(&inc, &cfg, NULL, 0, fixture_time("2026-11-25T10:00:00-05:00"),
             out);
    const struct obligation *o = duty(out, n, "sec_8k");
    assert_true(o->applies);
    assert_reasons(o, "obl.material");
    assert_string_equal(o->regime, "sec");
    assert_time_is(o->clock_start, "2026-11-25T10:00:00-05:00", "from");
    assert_time_is(o->due_at, "2026-12-02T23:59:59-05:00", "4 business days");
    assert_state(o, OB_PENDING);
    n = eval(&inc, &cfg, NULL, 0, fixture_time("2026-12-02T10:00:00-05:00"),
             out);
    assert_state(duty(out, n, "sec_8k"), OB_DUE_SOON);
    n = eval(&inc, &cfg, NULL, 0, fixture_time("2026-12-03T00:00:00-05:00"),
             out);
    assert_state(duty(out, n, "sec_8k"), OB_OVERDUE);
    incident_cleanup(&inc);
}

/* --- keys --------------------------------------------------------------- */

static void test_state_and_duty_keys(void **state)
{
    (void)state;
    assert_string_equal(obligation_state_key(OB_NOT_APPLICABLE),
                        "not_applicable");
    assert_string_equal(obligation_state_key(OB_PENDING), "pending");
    assert_string_equal(obligation_state_key(OB_DUE_SOON), "due_soon");
    assert_string_equal(obligation_state_key(OB_PAST_TARGET), "past_target");
    assert_string_equal(obligation_state_key(OB_OVERDUE), "overdue");
    assert_string_equal(obligation_state_key(OB_FILED), "filed");
    assert_string_equal(obligation_state_key((enum obligation_state)99),
                        "pending");
    assert_true(obligation_key_is_known("appi_preliminary"));
    assert_true(obligation_key_is_known("sec_8k"));
    assert_false(obligation_key_is_known("appi"));
    assert_false(obligation_key_is_known(""));
    assert_false(obligation_key_is_known(NULL));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_default_regimes_are_the_japanese_ones_and_gdpr),
        cmocka_unit_test(test_no_personal_data_no_appi_duty),
        cmocka_unit_test(test_no_trigger_no_appi_duty),
        cmocka_unit_test(test_each_trigger_alone_makes_the_duty),
        cmocka_unit_test(test_all_triggers_are_named_together),
        cmocka_unit_test(test_1000_persons_is_not_a_trigger_1001_is),
        cmocka_unit_test(test_encryption_exempts_every_trigger),
        cmocka_unit_test(test_preliminary_target_day_3_limit_day_5),
        cmocka_unit_test(test_final_report_states_without_a_limit),
        cmocka_unit_test(test_final_30_days_or_60_with_improper_purpose),
        cmocka_unit_test(test_aware_at_defaults_to_discovered_at),
        cmocka_unit_test(test_exercises_never_trigger_duties),
        cmocka_unit_test(test_filings_mark_duties_filed_or_not_applicable),
        cmocka_unit_test(test_my_number_only_with_my_number_data),
        cmocka_unit_test(test_my_number_100_persons_is_not_a_trigger_101_is),
        cmocka_unit_test(test_my_number_improper_purpose_gives_60_days),
        cmocka_unit_test(test_my_number_has_no_sensitive_or_financial_trigger),
        cmocka_unit_test(test_gdpr_only_with_eu_data_subjects),
        cmocka_unit_test(test_gdpr_72_hours_of_clock_time_across_dst),
        cmocka_unit_test(
            test_gdpr_subjects_only_when_high_risk_and_unencrypted),
        cmocka_unit_test(test_nis2_only_when_configured_and_significant),
        cmocka_unit_test(test_nis2_24h_72h_and_a_month_after_the_notification),
        cmocka_unit_test(test_sec_only_with_a_materiality_determination),
        cmocka_unit_test(test_state_and_duty_keys),
    };

    return cmocka_run_group_tests(tests, fixture_group_setup, NULL);
}
