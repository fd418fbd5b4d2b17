/* SPDX-License-Identifier: MIT */
/*
 * test_alert.c - alerts: the fingerprint that groups them, the status
 * transitions a person may make, the checks of what a tool sends, and
 * the text the observables are stored as.
 */
#include "support/test.h"

#include <string.h>

#include "core/alert.h"
#include "util/mem.h"

#define NOW ((kz_time)1795316400) /* 2026-11-22T12:00:00+09:00 */

static void set_obs(struct alert *a, size_t n, const char *const *tv)
{
    a->obs = xcalloc(n, sizeof(*a->obs));
    a->nobs = n;
    for (size_t i = 0; i < n; i++) {
        a->obs[i].type = xstrdup(tv[2 * i]);
        a->obs[i].value = xstrdup(tv[2 * i + 1]);
    }
}

static void make(struct alert *a, const char *source, const char *title,
                 size_t nobs, const char *const *tv)
{
    alert_init(a);
    a->source = xstrdup(source);
    a->source_ref = xstrdup("r-1");
    a->title = xstrdup(title);
    if (nobs > 0)
        set_obs(a, nobs, tv);
}

static void fp_of(const char *source, const char *title, size_t nobs,
                  const char *const *tv, char out[ALERT_FP_SIZE])
{
    struct alert a;

    make(&a, source, title, nobs, tv);
    alert_fingerprint(&a);
    memcpy(out, a.fingerprint, ALERT_FP_SIZE);
    alert_cleanup(&a);
}

static void test_fingerprint(void **state)
{
    static const char *const ab[] = {"ipv4", "192.0.2.1", "domain",
                                     "evil.example"};
    static const char *const ba[] = {"domain", "evil.example", "ipv4",
                                     "192.0.2.1"};
    static const char *const a_only[] = {"ipv4", "192.0.2.1"};
    /* The same bytes split differently between the fields. */
    static const char *const shifted[] = {"ipv", "4192.0.2.1", "domain",
                                          "evil.example"};
    char base[ALERT_FP_SIZE], other[ALERT_FP_SIZE];

    (void)state;
    fp_of("siem", "Beacon to C2", 2, ab, base);
    assert_int_equal(strlen(base), 64);
    /* Order of observables, case and white space of the title: same. */
    fp_of("siem", "Beacon to C2", 2, ba, other);
    assert_string_equal(base, other);
    fp_of("siem", "  beacon\tTO   c2 ", 2, ab, other);
    assert_string_equal(base, other);
    /* Another source, title or set of observables: different. */
    fp_of("edr", "Beacon to C2", 2, ab, other);
    assert_string_not_equal(base, other);
    fp_of("siem", "Beacon to C3", 2, ab, other);
    assert_string_not_equal(base, other);
    fp_of("siem", "Beacon to C2", 1, a_only, other);
    assert_string_not_equal(base, other);
    fp_of("siem", "Beacon to C2", 2, shifted, other);
    assert_string_not_equal(base, other);
    fp_of("siemBeacon", " to C2", 2, ab, other);
    assert_string_not_equal(base, other);
}

static void test_title_normalise(void **state)
{
    char *t = alert_title_normalise("  Port\tSCAN \n from  ＡＢＣ ");

    (void)state;
    /* Only ASCII is folded: other letters are left as they are. */
    assert_string_equal(t, "port scan from ＡＢＣ");
    xfree(t);
    t = alert_title_normalise("");
    assert_string_equal(t, "");
    xfree(t);
}

static void test_transitions(void **state)
{
    static const struct {
        enum alert_status from, to;
        const char *reason;
        enum kz_err want;
        const char *field;
    } cases[] = {
        {ALERT_NEW, ALERT_UNDER_REVIEW, NULL, KZ_OK, NULL},
        {ALERT_UNDER_REVIEW, ALERT_NEW, NULL, KZ_OK, NULL},
        {ALERT_NEW, ALERT_IGNORED, "誤検知", KZ_OK, NULL},
        {ALERT_IGNORED, ALERT_NEW, NULL, KZ_OK, NULL},
        {ALERT_IGNORED, ALERT_UNDER_REVIEW, NULL, KZ_OK, NULL},
        {ALERT_NEW, ALERT_IGNORED, NULL, KZ_EINVAL, "reason"},
        {ALERT_NEW, ALERT_IGNORED, " \t", KZ_EINVAL, "reason"},
        {ALERT_NEW, ALERT_IGNORED, "a\x01", KZ_EINVAL, "reason"},
        {ALERT_NEW, ALERT_PROMOTED, NULL, KZ_EINVAL, "status"},
        {ALERT_NEW, ALERT_MERGED, NULL, KZ_EINVAL, "status"},
        {ALERT_PROMOTED, ALERT_NEW, NULL, KZ_ECONFLICT, NULL},
        {ALERT_MERGED, ALERT_IGNORED, "x", KZ_ECONFLICT, NULL},
        {ALERT_NEW, ALERT_STATUS_COUNT, NULL, KZ_EINVAL, "status"},
    };
    struct kz_problems p;

    (void)state;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        kz_problems_clear(&p);
        enum kz_err got = alert_check_status_change(cases[i].from, cases[i].to,
                                                    cases[i].reason, &p);
        if (got != cases[i].want)
            fail_msg("case %zu: want %d got %d", i, cases[i].want, got);
        if (cases[i].field != NULL)
            assert_non_null(kz_problems_find(&p, cases[i].field));
    }
}

static void test_status_keys_and_severities(void **state)
{
    enum alert_status s;

    (void)state;
    for (int i = 0; i < ALERT_STATUS_COUNT; i++) {
        assert_true(
            alert_status_from_key(alert_status_key((enum alert_status)i), &s));
        assert_int_equal(s, i);
    }
    assert_false(alert_status_from_key("closed", &s));
    assert_false(alert_status_from_key(NULL, &s));
    assert_int_equal(alert_severity_to_incident("critical"), 1);
    assert_int_equal(alert_severity_to_incident("high"), 2);
    assert_int_equal(alert_severity_to_incident("medium"), 3);
    assert_int_equal(alert_severity_to_incident("low"), 4);
    assert_int_equal(alert_severity_to_incident("info"), 4);
    assert_int_equal(alert_severity_to_incident("S1"), 0);
    assert_int_equal(alert_severity_to_incident(NULL), 0);
    assert_true(alert_obs_type_is_valid("sha256"));
    assert_false(alert_obs_type_is_valid("colour"));
}

static void test_check(void **state)
{
    static const char *const obs[] = {"ipv4",      " 192.0.2.1 ", "ipv4",
                                      "192.0.2.1", "colour",      "red",
                                      "url",       "http://a\nb"};
    struct alert a;
    struct kz_problems p;

    (void)state;
    make(&a, "siem", "ok", 2, obs);
    a.severity = xstrdup("high");
    a.occurred_at = NOW - 60;
    kz_problems_clear(&p);
    assert_int_equal(alert_check(&a, NOW, "alerts[3].", &p), KZ_OK);
    /* Trimmed, and the repeat dropped. */
    assert_int_equal(a.nobs, 1);
    assert_string_equal(a.obs[0].value, "192.0.2.1");
    alert_cleanup(&a);

    make(&a, "siem", "", 4, obs);
    a.severity = xstrdup("S2");
    a.occurred_at = NOW + 3600;
    xfree(a.source_ref);
    a.source_ref = NULL;
    kz_problems_clear(&p);
    assert_int_equal(alert_check(&a, NOW, "alerts[3].", &p), KZ_EINVAL);
    assert_problem(&p, "alerts[3].title", "v.required");
    assert_problem(&p, "alerts[3].source_ref", "v.required");
    assert_problem(&p, "alerts[3].severity", "alert.v.severity");
    assert_problem(&p, "alerts[3].occurred_at", "v.future");
    assert_problem(&p, "alerts[3].observables[2].type", "alert.v.obs_type");
    assert_problem(&p, "alerts[3].observables[3].value", "obs.bad_url");
    alert_cleanup(&a);
}

/* Values are normalised as an incident's observables are, so that the
 * same indicator written two ways groups and matches. */
static void test_observables_normalised(void **state)
{
    static const char *const obs[] = {"domain",
                                      "EVIL[.]Example.",
                                      "sha256",
                                      "ABCDEF"
                                      "0123456789abcdef"
                                      "0123456789abcdef"
                                      "0123456789abcdef"
                                      "0123456789",
                                      "ipv4",
                                      "999.1.1.1"};
    struct alert a;
    struct kz_problems p;

    (void)state;
    make(&a, "siem", "t", 2, obs);
    kz_problems_clear(&p);
    assert_int_equal(alert_check(&a, NOW, "", &p), KZ_OK);
    assert_string_equal(a.obs[0].value, "evil.example");
    assert_string_equal(a.obs[1].value, "abcdef0123456789abcdef0123456789"
                                        "abcdef0123456789abcdef0123456789");
    alert_cleanup(&a);
    make(&a, "siem", "t", 3, obs);
    kz_problems_clear(&p);
    assert_int_equal(alert_check(&a, NOW, "", &p), KZ_EINVAL);
    assert_problem(&p, "observables[2].value", "obs.bad_ipv4");
    alert_cleanup(&a);
}

static void test_obs_text_round_trip(void **state)
{
    static const char *const obs[] = {"url", "https://例え.jp/a?b=c d", "email",
                                      "a@example.jp"};
    struct alert a, b;

    (void)state;
    make(&a, "siem", "t", 2, obs);
    char *text = alert_obs_encode(&a);
    assert_string_equal(text, "url\thttps://例え.jp/a?b=c d\n"
                              "email\ta@example.jp\n");
    alert_init(&b);
    alert_obs_decode(text, &b);
    assert_int_equal(b.nobs, 2);
    assert_string_equal(b.obs[0].value, "https://例え.jp/a?b=c d");
    assert_string_equal(b.obs[1].type, "email");
    alert_obs_decode("", &b);
    assert_int_equal(b.nobs, 0);
    xfree(text);
    alert_cleanup(&a);
    alert_cleanup(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fingerprint),
        cmocka_unit_test(test_title_normalise),
        cmocka_unit_test(test_transitions),
        cmocka_unit_test(test_status_keys_and_severities),
        cmocka_unit_test(test_check),
        cmocka_unit_test(test_observables_normalised),
        cmocka_unit_test(test_obs_text_round_trip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
