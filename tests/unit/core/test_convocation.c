/* SPDX-License-Identifier: MIT */
/*
 * test_convocation.c - convocation rules and on-call picking
 * (src/core/convocation.c, SPEC C4): what a rule must hold, when it
 * fires (empty lists mean "any", the severity boundary, kinds, disabled
 * rules, a severity not set yet), and who of a role is called in which
 * window, in which order, and who is next when nobody answers.
 */
#include "support/test.h"

#include <string.h>

#include "core/convocation.h"
#include "util/mem.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* A valid rule: ransomware or malware at S2 or graver calls the CSIRT
 * lead and IT, plus contact 7, within 30 minutes. */
static void valid(struct conv_rule *r)
{
    conv_rule_init(r);
    r->id = 3;
    r->name = xstrdup("マルウェア感染（S2以上）");
    strv_push(&r->categories, "ransomware");
    strv_push(&r->categories, "malware");
    r->max_severity = 2;
    strv_push(&r->summon_roles, "csirt_lead");
    strv_push(&r->summon_roles, "it_admin");
    conv_rule_add_contact(r, 7);
    r->ack_minutes = 30;
}

static void expect(const struct conv_rule *r, const char *field,
                   const char *key, const char *what)
{
    struct kz_problems p;
    enum kz_err err;

    kz_problems_clear(&p);
    err = conv_rule_validate(r, &p);
    if (field == NULL) {
        if (err != KZ_OK || p.n != 0) {
            problems_print(&p);
            fail_msg("%s: should be valid", what);
        }
        return;
    }
    if (err != KZ_EINVAL || p.n != 1 || !problems_have(&p, field, key)) {
        problems_print(&p);
        fail_msg("%s: want exactly %s: %s", what, field, key);
    }
}

static void test_defaults_and_valid_rules(void **state)
{
    struct conv_rule r;

    (void)state;
    conv_rule_init(&r);
    assert_true(r.enabled);
    assert_int_equal(r.max_severity, 2);
    assert_int_equal(r.ack_minutes, 30);
    conv_rule_cleanup(&r);

    valid(&r);
    expect(&r, NULL, NULL, "full rule");
    /* Roles alone, or contacts alone, are enough to summon someone. */
    xfree(r.summon_contacts);
    r.summon_contacts = NULL;
    r.n_summon_contacts = 0;
    expect(&r, NULL, NULL, "roles only");
    strv_cleanup(&r.summon_roles);
    conv_rule_add_contact(&r, 1);
    expect(&r, NULL, NULL, "contacts only");
    conv_rule_cleanup(&r);
}

static void test_each_rule_of_a_rule(void **state)
{
    struct conv_rule r;

    (void)state;
    valid(&r);
    xstrset(&r.name, NULL);
    expect(&r, "name", "v.required", "no name");
    xstrset(&r.name, "a\nb");
    expect(&r, "name", "v.single_line", "name on two lines");
    conv_rule_cleanup(&r);

    valid(&r);
    strv_push(&r.categories, "hacking");
    expect(&r, "categories[2]", "v.unknown_key", "unknown category");
    conv_rule_cleanup(&r);
    valid(&r);
    strv_push(&r.categories, "malware");
    expect(&r, "categories", "v.duplicate", "category twice");
    conv_rule_cleanup(&r);

    valid(&r);
    strv_push(&r.kinds, "drill");
    expect(&r, "kinds[0]", "v.unknown_key", "unknown kind");
    conv_rule_cleanup(&r);
    valid(&r);
    strv_push(&r.kinds, "incident");
    strv_push(&r.kinds, "incident");
    expect(&r, "kinds", "v.duplicate", "kind twice");
    conv_rule_cleanup(&r);

    valid(&r);
    strv_push(&r.summon_roles, "ceo");
    expect(&r, "summon_roles[2]", "v.unknown_key", "unknown role");
    conv_rule_cleanup(&r);

    static const struct {
        int severity;
        bool ok;
    } sev[] = {{0, false}, {1, true}, {4, true}, {5, false}, {-1, false}};
    for (size_t i = 0; i < N(sev); i++) {
        valid(&r);
        r.max_severity = sev[i].severity;
        expect(&r, sev[i].ok ? NULL : "max_severity", "v.severity",
               "max_severity");
        conv_rule_cleanup(&r);
    }

    /* Nobody to summon. */
    valid(&r);
    strv_cleanup(&r.summon_roles);
    xfree(r.summon_contacts);
    r.summon_contacts = NULL;
    r.n_summon_contacts = 0;
    expect(&r, "summon_roles", "v.summon_nobody", "nobody");
    conv_rule_cleanup(&r);

    valid(&r);
    conv_rule_add_contact(&r, 0);
    expect(&r, "summon_contacts[1]", "v.no_contact", "contact id 0");
    conv_rule_cleanup(&r);
    valid(&r);
    conv_rule_add_contact(&r, -4);
    expect(&r, "summon_contacts[1]", "v.no_contact", "negative id");
    conv_rule_cleanup(&r);
    valid(&r);
    conv_rule_add_contact(&r, 9);
    conv_rule_add_contact(&r, 7);
    expect(&r, "summon_contacts[2]", "v.duplicate", "contact twice");
    conv_rule_cleanup(&r);

    static const struct {
        int minutes;
        bool ok;
    } ack[] = {{0, false},
               {1, true},
               {CONV_ACK_MINUTES_MAX, true},
               {CONV_ACK_MINUTES_MAX + 1, false},
               {-30, false}};
    for (size_t i = 0; i < N(ack); i++) {
        valid(&r);
        r.ack_minutes = ack[i].minutes;
        expect(&r, ack[i].ok ? NULL : "ack_minutes", "v.ack_minutes",
               "ack_minutes");
        conv_rule_cleanup(&r);
    }
    assert_int_equal(CONV_ACK_MINUTES_MAX, 7 * 24 * 60);
}

static void test_copy_is_deep(void **state)
{
    struct conv_rule a;
    struct conv_rule b;

    (void)state;
    valid(&a);
    strv_push(&a.kinds, "incident");
    conv_rule_init(&b);
    conv_rule_copy(&b, &a);
    conv_rule_cleanup(&a);
    assert_int_equal(b.id, 3);
    assert_string_equal(b.name, "マルウェア感染（S2以上）");
    assert_int_equal(b.categories.n, 2);
    assert_int_equal(b.kinds.n, 1);
    assert_int_equal(b.summon_roles.n, 2);
    assert_int_equal(b.n_summon_contacts, 1);
    assert_int_equal(b.summon_contacts[0], 7);
    expect(&b, NULL, NULL, "copy");
    conv_rule_cleanup(&b);
}

/* An incident of 'category' at 'severity' (0: not set) of 'kind'. */
static void incident_of(struct incident *inc, const char *category,
                        int severity, enum kind kind)
{
    incident_init(inc);
    inc->category = category ? xstrdup(category) : NULL;
    inc->severity = severity;
    inc->kind = kind;
}

static void test_when_a_rule_fires(void **state)
{
    static const struct {
        const char *what;
        const char *category;
        int severity;
        enum kind kind;
        bool fires;
    } rows[] = {
        {"listed category at the limit", "ransomware", 2, KIND_INCIDENT, true},
        {"graver than the limit", "malware", 1, KIND_INCIDENT, true},
        {"one step below the limit", "ransomware", 3, KIND_INCIDENT, false},
        {"lowest severity", "ransomware", 4, KIND_INCIDENT, false},
        {"severity not set yet", "ransomware", 0, KIND_INCIDENT, false},
        {"severity out of range", "ransomware", -1, KIND_INCIDENT, false},
        {"other category", "phishing", 1, KIND_INCIDENT, false},
        {"no category yet", NULL, 1, KIND_INCIDENT, false},
        {"near miss (kinds empty: any)", "malware", 1, KIND_NEAR_MISS, true},
        {"exercise (kinds empty: any)", "malware", 2, KIND_EXERCISE, true},
    };
    struct conv_rule r;

    (void)state;
    valid(&r);
    for (size_t i = 0; i < N(rows); i++) {
        struct incident inc;
        incident_of(&inc, rows[i].category, rows[i].severity, rows[i].kind);
        if (conv_rule_matches(&r, &inc) != rows[i].fires)
            fail_msg("%s: want %s", rows[i].what,
                     rows[i].fires ? "fires" : "does not fire");
        incident_cleanup(&inc);
    }
    conv_rule_cleanup(&r);
}

/* Empty lists mean any; a kind filter, the S2/S3 boundary of an S3 rule,
 * and a disabled rule. */
static void test_filters(void **state)
{
    struct conv_rule r;
    struct incident inc;

    (void)state;
    valid(&r);
    strv_cleanup(&r.categories);
    for (int s = 1; s <= 4; s++) {
        incident_of(&inc, s % 2 ? "phishing" : NULL, s, KIND_INCIDENT);
        assert_int_equal(conv_rule_matches(&r, &inc), s <= 2);
        incident_cleanup(&inc);
    }
    r.max_severity = 3;
    incident_of(&inc, "sns_leak", 3, KIND_INCIDENT);
    assert_true(conv_rule_matches(&r, &inc));
    inc.severity = 2;
    assert_true(conv_rule_matches(&r, &inc));
    inc.severity = 4;
    assert_false(conv_rule_matches(&r, &inc));
    inc.severity = 3;

    strv_push(&r.kinds, "incident");
    assert_true(conv_rule_matches(&r, &inc));
    inc.kind = KIND_NEAR_MISS;
    assert_false(conv_rule_matches(&r, &inc));
    inc.kind = KIND_EXERCISE;
    assert_false(conv_rule_matches(&r, &inc));
    strv_push(&r.kinds, "exercise");
    assert_true(conv_rule_matches(&r, &inc));

    r.enabled = false;
    assert_false(conv_rule_matches(&r, &inc));
    inc.severity = 1;
    assert_false(conv_rule_matches(&r, &inc));
    incident_cleanup(&inc);
    conv_rule_cleanup(&r);

    /* S4 rules fire for every severity that is set. */
    valid(&r);
    r.max_severity = 4;
    for (int s = 0; s <= 4; s++) {
        incident_of(&inc, "malware", s, KIND_INCIDENT);
        assert_int_equal(conv_rule_matches(&r, &inc), s >= 1);
        incident_cleanup(&inc);
    }
    conv_rule_cleanup(&r);
}

/* The directory the picking tests use, deliberately not in id or order
 * sequence. */
static void directory(struct contact *cs, size_t *n)
{
    static const struct {
        int64_t id;
        const char *name;
        const char *role;
        const char *windows; /* letters b n h, "" for none */
        int order;
    } rows[] = {
        {12, "C 夜間当番", "csirt_lead", "nh", 1},
        {5, "B 副責任者", "csirt_lead", "bn", 2},
        {3, "A 責任者", "csirt_lead", "", 1},
        {9, "D 同順位", "csirt_lead", "b", 2},
        {4, "E 情シス", "it_admin", "bnh", 1},
        {8, "F 休日当番", "csirt_lead", "h", 3},
    };

    for (size_t i = 0; i < N(rows); i++) {
        struct contact *c = &cs[i];
        contact_init(c);
        c->id = rows[i].id;
        c->name = xstrdup(rows[i].name);
        strv_push(&c->roles, rows[i].role);
        for (const char *w = rows[i].windows; *w; w++)
            strv_push(&c->windows, *w == 'b'   ? "business"
                                   : *w == 'n' ? "night"
                                               : "holiday");
        c->oncall_order = rows[i].order;
    }
    *n = N(rows);
}

/* The ids conv_pick yields for 'role' in 'w' with skip 0, 1, … until -1
 * (OUT: ids, returns how many). */
static size_t schedule(const struct contact *cs, size_t n, const char *role,
                       enum oncall_window w, int64_t *ids)
{
    size_t k = 0;

    for (int skip = 0; skip < 20; skip++) {
        long i = conv_pick(cs, n, role, w, skip);
        if (i < 0)
            return k;
        assert_true((size_t)i < n);
        ids[k++] = cs[i].id;
    }
    fail_msg("conv_pick never ran out");
    return k;
}

static void assert_schedule(const struct contact *cs, size_t n,
                            const char *role, enum oncall_window w,
                            const int64_t *want, size_t nwant)
{
    int64_t got[20];
    size_t k = schedule(cs, n, role, w, got);

    if (k != nwant)
        fail_msg("%s in window %d: %zu candidates, want %zu", role, w, k,
                 nwant);
    for (size_t i = 0; i < k; i++) {
        if (got[i] != want[i])
            fail_msg("%s in window %d, skip %zu: id %lld, want %lld", role, w,
                     i, (long long)got[i], (long long)want[i]);
    }
}

static void test_pick_order_and_windows(void **state)
{
    struct contact cs[8];
    size_t n;

    (void)state;
    directory(cs, &n);
    /* Business hours: A (order 1; no windows = business), then B and D
     * (order 2, by id). */
    static const int64_t business[] = {3, 5, 9};
    assert_schedule(cs, n, "csirt_lead", WINDOW_BUSINESS, business,
                    N(business));
    /* Nights: C (order 1), then B (order 2). */
    static const int64_t night[] = {12, 5};
    assert_schedule(cs, n, "csirt_lead", WINDOW_NIGHT, night, N(night));
    /* Holidays: C (order 1), then F (order 3). */
    static const int64_t holiday[] = {12, 8};
    assert_schedule(cs, n, "csirt_lead", WINDOW_HOLIDAY, holiday, N(holiday));
    /* Another role, and a role nobody has. */
    static const int64_t it[] = {4};
    assert_schedule(cs, n, "it_admin", WINDOW_NIGHT, it, N(it));
    assert_int_equal(conv_pick(cs, n, "legal", WINDOW_BUSINESS, 0), -1);
    assert_int_equal(conv_pick(cs, 0, "csirt_lead", WINDOW_BUSINESS, 0), -1);
    assert_int_equal(conv_pick(NULL, 0, "csirt_lead", WINDOW_BUSINESS, 0), -1);
    /* Escalation past the end: nobody left. */
    assert_int_equal(conv_pick(cs, n, "csirt_lead", WINDOW_NIGHT, 2), -1);
    assert_int_equal(conv_pick(cs, n, "csirt_lead", WINDOW_NIGHT, 50), -1);
    for (size_t i = 0; i < n; i++)
        contact_cleanup(&cs[i]);
}

/* The order does not depend on where entries sit in the array. */
static void test_pick_ignores_array_order(void **state)
{
    struct contact cs[8];
    struct contact rev[8];
    size_t n;
    int64_t a[20];
    int64_t b[20];

    (void)state;
    directory(cs, &n);
    for (size_t i = 0; i < n; i++)
        rev[i] = cs[n - 1 - i];
    for (int w = WINDOW_BUSINESS; w <= WINDOW_HOLIDAY; w++) {
        size_t ka = schedule(cs, n, "csirt_lead", (enum oncall_window)w, a);
        size_t kb = schedule(rev, n, "csirt_lead", (enum oncall_window)w, b);
        assert_int_equal(ka, kb);
        assert_memory_equal(a, b, ka * sizeof(a[0]));
    }
    for (size_t i = 0; i < n; i++)
        contact_cleanup(&cs[i]);
}

/* Equal order and equal id twice cannot loop; the same order sorts by id
 * even when ids run backwards. */
static void test_pick_ties(void **state)
{
    struct contact cs[3];

    (void)state;
    for (int i = 0; i < 3; i++) {
        contact_init(&cs[i]);
        cs[i].id = 30 - 10 * i; /* 30, 20, 10 */
        strv_push(&cs[i].roles, "handler");
        cs[i].oncall_order = 5;
    }
    static const int64_t want[] = {10, 20, 30};
    assert_schedule(cs, 3, "handler", WINDOW_BUSINESS, want, N(want));
    for (int i = 0; i < 3; i++)
        contact_cleanup(&cs[i]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_defaults_and_valid_rules),
        cmocka_unit_test(test_each_rule_of_a_rule),
        cmocka_unit_test(test_copy_is_deep),
        cmocka_unit_test(test_when_a_rule_fires),
        cmocka_unit_test(test_filters),
        cmocka_unit_test(test_pick_order_and_windows),
        cmocka_unit_test(test_pick_ignores_array_order),
        cmocka_unit_test(test_pick_ties),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
