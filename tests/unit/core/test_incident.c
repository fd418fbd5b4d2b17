/* SPDX-License-Identifier: MIT */
/*
 * test_incident.c - the incident record (src/core/incident.c, SPEC C2):
 * every validation rule, one broken field at a time, then all at once;
 * life cycle and the enum keys.
 */
#include "support/test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/incident.h"
#include "core/taxonomy.h"
#include "support/fixture.h"
#include "util/mem.h"

#define NOW FIXTURE_NOW

/* UTF-8 that is not well formed, for every text field. */
#define OVERLONG "\xC0\xAF"        /* '/' in two bytes */
#define OVERLONG3 "\xE0\x80\xAF"   /* '/' in three bytes */
#define SURROGATE "\xED\xA0\x80"   /* U+D800 */
#define TRUNCATED "\xE3\x81"       /* first two bytes of "あ" */
#define TOO_BIG "\xF4\x90\x80\x80" /* U+110000 */
#define HIRAGANA_A "\xE3\x81\x82"  /* "あ" */
#define IDEOGRAPHIC_SPACE "\xE3\x80\x80"

/* A heap string of 'n' copies of 'unit'. */
static char *repeat(const char *unit, size_t n)
{
    size_t len = strlen(unit);
    char *s = xmalloc(len * n + 1);

    for (size_t i = 0; i < n; i++)
        memcpy(s + i * len, unit, len);
    s[len * n] = '\0';
    return s;
}

static void set_text(char **field, const char *value)
{
    xstrset(field, value);
}

static void set_list(struct strv *l, const char *a, const char *b,
                     const char *c)
{
    strv_cleanup(l);
    if (a)
        strv_push(l, a);
    if (b)
        strv_push(l, b);
    if (c)
        strv_push(l, c);
}

/* One broken rule: how to break the draft, and the problem it must give.
 * 'arg' parametrises the mutation. */
struct rule_case {
    const char *name;
    void (*mutate)(struct incident *inc, const char *arg);
    const char *arg;
    const char *field; /* NULL: the record must stay valid */
    const char *key;
};

static void m_title(struct incident *inc, const char *arg)
{
    set_text(&inc->title, arg);
}
static void m_description(struct incident *inc, const char *arg)
{
    set_text(&inc->description, arg);
}
static void m_discoverer(struct incident *inc, const char *arg)
{
    set_text(&inc->discoverer, arg);
}
static void m_reporter(struct incident *inc, const char *arg)
{
    set_text(&inc->reporter, arg);
}
static void m_owner(struct incident *inc, const char *arg)
{
    set_text(&inc->owner, arg);
}
static void m_direct_cause(struct incident *inc, const char *arg)
{
    set_text(&inc->direct_cause, arg);
}
static void m_latent_factors(struct incident *inc, const char *arg)
{
    set_text(&inc->latent_factors, arg);
}
static void m_initial_response(struct incident *inc, const char *arg)
{
    set_text(&inc->initial_response, arg);
}
static void m_additional_measures(struct incident *inc, const char *arg)
{
    set_text(&inc->additional_measures, arg);
}
static void m_asset1(struct incident *inc, const char *arg)
{
    set_list(&inc->assets, "メールサーバ", arg, NULL);
}
static void m_tag0(struct incident *inc, const char *arg)
{
    set_list(&inc->tags, arg, NULL, NULL);
}
static void m_member0(struct incident *inc, const char *arg)
{
    set_list(&inc->members, arg, NULL, NULL);
}
static void m_category(struct incident *inc, const char *arg)
{
    set_text(&inc->category, arg);
}
static void m_place(struct incident *inc, const char *arg)
{
    set_text(&inc->place, arg);
}
static void m_detection_trigger(struct incident *inc, const char *arg)
{
    set_text(&inc->detection_trigger, arg);
}
static void m_party1(struct incident *inc, const char *arg)
{
    set_list(&inc->parties, "staff", arg, NULL);
}
static void m_impact0(struct incident *inc, const char *arg)
{
    set_list(&inc->impacts, arg, NULL, NULL);
}
static void m_prevention2(struct incident *inc, const char *arg)
{
    set_list(&inc->prevention_measures, "revise_rules", "staff_training", arg);
}
static void m_info_type1(struct incident *inc, const char *arg)
{
    xstrset(&inc->info_types[1].type, arg);
}

/* Lists holding the same value twice. */
static void m_dup_parties(struct incident *inc, const char *arg)
{
    (void)arg;
    set_list(&inc->parties, "staff", "manager", "staff");
}
static void m_dup_impacts(struct incident *inc, const char *arg)
{
    (void)arg;
    set_list(&inc->impacts, "spam", "spam", NULL);
}
static void m_dup_prevention(struct incident *inc, const char *arg)
{
    (void)arg;
    set_list(&inc->prevention_measures, "revise_rules", "staff_training",
             "revise_rules");
}
static void m_dup_assets(struct incident *inc, const char *arg)
{
    (void)arg;
    set_list(&inc->assets, "PC-1", "PC-2", "PC-2");
}
static void m_dup_tags(struct incident *inc, const char *arg)
{
    (void)arg;
    set_list(&inc->tags, "メール", "メール", NULL);
}
static void m_dup_members(struct incident *inc, const char *arg)
{
    (void)arg;
    set_list(&inc->members, "alice", "bob", "alice");
}
static void m_dup_info_types(struct incident *inc, const char *arg)
{
    (void)arg;
    incident_add_info_type(inc, "name", 3);
}

/* Lists with 'arg' (a number) items, each different and valid where the
 * taxonomy allows. */
static void m_many_tags(struct incident *inc, const char *arg)
{
    long n = strtol(arg, NULL, 10);

    strv_cleanup(&inc->tags);
    for (long i = 0; i < n; i++) {
        char tag[32];
        snprintf(tag, sizeof(tag), "t%ld", i);
        strv_push(&inc->tags, tag);
    }
}
static void m_many_assets(struct incident *inc, const char *arg)
{
    long n = strtol(arg, NULL, 10);

    strv_cleanup(&inc->assets);
    for (long i = 0; i < n; i++) {
        char a[32];
        snprintf(a, sizeof(a), "資産%ld", i);
        strv_push(&inc->assets, a);
    }
}
static void m_many_members(struct incident *inc, const char *arg)
{
    long n = strtol(arg, NULL, 10);

    strv_cleanup(&inc->members);
    for (long i = 0; i < n; i++) {
        char a[32];
        snprintf(a, sizeof(a), "user%ld", i);
        strv_push(&inc->members, a);
    }
}
static void m_many_parties(struct incident *inc, const char *arg)
{
    long n = strtol(arg, NULL, 10);

    strv_cleanup(&inc->parties);
    for (long i = 0; i < n; i++)
        strv_push(&inc->parties, "staff");
}
static void m_many_impacts(struct incident *inc, const char *arg)
{
    long n = strtol(arg, NULL, 10);

    strv_cleanup(&inc->impacts);
    for (long i = 0; i < n; i++)
        strv_push(&inc->impacts, "spam");
}
static void m_many_prevention(struct incident *inc, const char *arg)
{
    long n = strtol(arg, NULL, 10);

    strv_cleanup(&inc->prevention_measures);
    for (long i = 0; i < n; i++)
        strv_push(&inc->prevention_measures, "staff_training");
}
/* More information types than the taxonomy has: necessarily repeated. */
/* 'arg' NULL: one more than the taxonomy has, whatever its size. */
static void m_many_info_types(struct incident *inc, const char *arg)
{
    long n = arg ? strtol(arg, NULL, 10) : (long)taxonomy_info_type.count + 1;

    while ((long)inc->n_info_types < n)
        incident_add_info_type(inc, "other", 1);
}

/* Times, relative to NOW by 'arg' seconds. */
static void m_occurred(struct incident *inc, const char *arg)
{
    inc->occurred_at = arg ? NOW + strtol(arg, NULL, 10) : KZ_TIME_NONE;
}
static void m_discovered(struct incident *inc, const char *arg)
{
    inc->discovered_at = arg ? NOW + strtol(arg, NULL, 10) : KZ_TIME_NONE;
}
static void m_reported(struct incident *inc, const char *arg)
{
    inc->reported_at = arg ? NOW + strtol(arg, NULL, 10) : KZ_TIME_NONE;
}
/* All three times at NOW + arg (occurred = discovered = reported). */
static void m_all_times(struct incident *inc, const char *arg)
{
    inc->occurred_at = NOW + strtol(arg, NULL, 10);
    inc->discovered_at = inc->occurred_at;
    inc->reported_at = inc->occurred_at;
}

/* Counts. */
static void m_affected(struct incident *inc, const char *arg)
{
    inc->affected_persons = arg ? strtoll(arg, NULL, 10) : COUNT_UNKNOWN;
}
static void m_info_count1(struct incident *inc, const char *arg)
{
    inc->info_types[1].count = arg ? strtoll(arg, NULL, 10) : COUNT_UNKNOWN;
}
static void m_severity(struct incident *inc, const char *arg)
{
    inc->severity = (int)strtol(arg, NULL, 10);
}
static void m_priority(struct incident *inc, const char *arg)
{
    inc->priority = (int)strtol(arg, NULL, 10);
}
static void m_kind(struct incident *inc, const char *arg)
{
    inc->kind = (enum kind)strtol(arg, NULL, 10);
}
static void m_phase(struct incident *inc, const char *arg)
{
    inc->phase = (enum phase)strtol(arg, NULL, 10);
}
static void m_tlp(struct incident *inc, const char *arg)
{
    inc->tlp = (enum tlp)strtol(arg, NULL, 10);
}
static void m_optional_unset(struct incident *inc, const char *arg)
{
    (void)arg;
    xstrset(&inc->description, NULL);
    xstrset(&inc->category, NULL);
    xstrset(&inc->place, NULL);
    xstrset(&inc->detection_trigger, NULL);
    xstrset(&inc->discoverer, NULL);
    xstrset(&inc->reporter, NULL);
    xstrset(&inc->owner, NULL);
    xstrset(&inc->direct_cause, "");
    inc->occurred_at = KZ_TIME_NONE;
    inc->severity = 0;
    inc->priority = 0;
    inc->affected_persons = COUNT_UNKNOWN;
    strv_cleanup(&inc->parties);
    strv_cleanup(&inc->tags);
}

static const struct rule_case cases[] = {
    /* Title: required, one line, at most 200 code points. */
    {"title missing", m_title, NULL, "title", "v.required"},
    {"title empty", m_title, "", "title", "v.required"},
    {"title spaces", m_title, "   ", "title", "v.required"},
    {"title ideographic spaces", m_title, IDEOGRAPHIC_SPACE IDEOGRAPHIC_SPACE,
     "title", "v.required"},
    {"title spaces and tab", m_title, " \t" IDEOGRAPHIC_SPACE, "title",
     "v.required"},
    {"title overlong", m_title, "a" OVERLONG, "title", "v.utf8"},
    {"title overlong 3", m_title, OVERLONG3, "title", "v.utf8"},
    {"title surrogate", m_title, "件名" SURROGATE, "title", "v.utf8"},
    {"title truncated", m_title, "件名" TRUNCATED, "title", "v.utf8"},
    {"title above U+10FFFF", m_title, TOO_BIG, "title", "v.utf8"},
    {"title lone continuation", m_title, "\x80", "title", "v.utf8"},
    {"title newline", m_title, "一行目\n二行目", "title", "v.single_line"},
    {"title carriage return", m_title, "a\rb", "title", "v.single_line"},
    {"title control", m_title, "bell\x07", "title", "v.single_line"},
    {"title escape", m_title, "\x1B[31mred", "title", "v.single_line"},
    {"title DEL", m_title, "a\x7F", "title", "v.single_line"},
    {"title tab is fine", m_title, "a\tb", NULL, NULL},
    {"title one character", m_title, "件", NULL, NULL},
    /* Multi-line texts: newlines fine, other controls and bad UTF-8 not. */
    {"description multi-line", m_description, "一\n二\r\n三\tx", NULL, NULL},
    {"description control", m_description, "a\x01", "description", "v.control"},
    {"description overlong", m_description, OVERLONG, "description", "v.utf8"},
    {"description surrogate", m_description, SURROGATE, "description",
     "v.utf8"},
    {"description truncated", m_description, "説明" TRUNCATED, "description",
     "v.utf8"},
    {"description empty is fine", m_description, "", NULL, NULL},
    {"direct_cause truncated", m_direct_cause, TRUNCATED, "direct_cause",
     "v.utf8"},
    {"direct_cause control", m_direct_cause, "\x02", "direct_cause",
     "v.control"},
    {"latent_factors surrogate", m_latent_factors, SURROGATE, "latent_factors",
     "v.utf8"},
    {"initial_response overlong", m_initial_response, OVERLONG,
     "initial_response", "v.utf8"},
    {"additional_measures control", m_additional_measures, "\x1F",
     "additional_measures", "v.control"},
    /* Single-line names. */
    {"discoverer newline", m_discoverer, "山田\n太郎", "discoverer",
     "v.single_line"},
    {"discoverer truncated", m_discoverer, TRUNCATED, "discoverer", "v.utf8"},
    {"reporter newline", m_reporter, "佐藤\n", "reporter", "v.single_line"},
    {"reporter surrogate", m_reporter, SURROGATE, "reporter", "v.utf8"},
    {"owner control", m_owner, "\x03", "owner", "v.single_line"},
    {"owner overlong", m_owner, OVERLONG, "owner", "v.utf8"},
    {"asset newline", m_asset1, "PC\n1", "assets[1]", "v.single_line"},
    {"asset overlong", m_asset1, OVERLONG, "assets[1]", "v.utf8"},
    {"asset empty", m_asset1, "", "assets[1]", "v.required"},
    {"asset blank", m_asset1, IDEOGRAPHIC_SPACE, "assets[1]", "v.required"},
    {"tag truncated", m_tag0, TRUNCATED, "tags[0]", "v.utf8"},
    {"tag newline", m_tag0, "a\nb", "tags[0]", "v.single_line"},
    {"tag empty", m_tag0, "", "tags[0]", "v.required"},
    {"member surrogate", m_member0, SURROGATE, "members[0]", "v.utf8"},
    {"member control", m_member0, "a\x01", "members[0]", "v.single_line"},
    /* Taxonomy keys. */
    {"category unknown", m_category, "hacking", "category", "v.unknown_key"},
    {"category label is not a key", m_category, "メール誤送信", "category",
     "v.unknown_key"},
    {"category wrong case", m_category, "Phishing", "category",
     "v.unknown_key"},
    {"category empty", m_category, "", "category", "v.unknown_key"},
    {"category other taxonomy", m_category, "office", "category",
     "v.unknown_key"},
    {"category unset is fine", m_category, NULL, NULL, NULL},
    {"place unknown", m_place, "moon", "place", "v.unknown_key"},
    {"detection_trigger unknown", m_detection_trigger, "rumour",
     "detection_trigger", "v.unknown_key"},
    {"party unknown", m_party1, "alien", "parties[1]", "v.unknown_key"},
    {"impact unknown", m_impact0, "meteor", "impacts[0]", "v.unknown_key"},
    {"prevention unknown", m_prevention2, "pray", "prevention_measures[2]",
     "v.unknown_key"},
    {"info type unknown", m_info_type1, "shoe_size", "info_types[1].type",
     "v.unknown_key"},
    /* Duplicates. */
    {"parties duplicate", m_dup_parties, NULL, "parties[0]", "v.duplicate"},
    {"impacts duplicate", m_dup_impacts, NULL, "impacts[0]", "v.duplicate"},
    {"prevention duplicate", m_dup_prevention, NULL, "prevention_measures[0]",
     "v.duplicate"},
    {"assets duplicate", m_dup_assets, NULL, "assets[1]", "v.duplicate"},
    {"tags duplicate", m_dup_tags, NULL, "tags[0]", "v.duplicate"},
    {"members duplicate", m_dup_members, NULL, "members[0]", "v.duplicate"},
    {"info types duplicate", m_dup_info_types, NULL, "info_types[3].type",
     "v.duplicate"},
    /* Too many items (INCIDENT_LIST_MAX is 100). */
    {"100 tags", m_many_tags, "100", NULL, NULL},
    {"101 tags", m_many_tags, "101", "tags", "v.too_many"},
    {"101 assets", m_many_assets, "101", "assets", "v.too_many"},
    {"101 members", m_many_members, "101", "members", "v.too_many"},
    {"101 parties", m_many_parties, "101", "parties", "v.too_many"},
    {"101 impacts", m_many_impacts, "101", "impacts", "v.too_many"},
    {"101 prevention", m_many_prevention, "101", "prevention_measures",
     "v.too_many"},
    {"more info types than exist", m_many_info_types, NULL, "info_types",
     "v.too_many"},
    /* Times (the draft has occurred -3h, discovered -2h, reported -1h). */
    {"discovered missing", m_discovered, NULL, "discovered_at", "v.required"},
    {"reported missing", m_reported, NULL, "reported_at", "v.required"},
    {"occurred unknown is fine", m_occurred, NULL, NULL, NULL},
    {"discovered before occurred", m_discovered, "-10801", "discovered_at",
     "v.discovered_before_occurred"},
    {"discovered when occurred", m_discovered, "-10800", NULL, NULL},
    {"reported before discovered", m_reported, "-7201", "reported_at",
     "v.reported_before_discovered"},
    {"reported when discovered", m_reported, "-7200", NULL, NULL},
    {"reported 300 s ahead is slack", m_reported, "300", NULL, NULL},
    {"reported 301 s ahead", m_reported, "301", "reported_at", "v.future"},
    {"reported a day ahead", m_reported, "86400", "reported_at", "v.future"},
    {"all times 300 s ahead", m_all_times, "300", NULL, NULL},
    {"all times now", m_all_times, "0", NULL, NULL},
    /* Counts: COUNT_UNKNOWN and 0 are fine, negative is not. */
    {"affected unknown", m_affected, NULL, NULL, NULL},
    {"affected zero", m_affected, "0", NULL, NULL},
    {"affected negative", m_affected, "-1", "affected_persons", "v.negative"},
    {"info count unknown", m_info_count1, NULL, NULL, NULL},
    {"info count zero", m_info_count1, "0", NULL, NULL},
    {"info count negative", m_info_count1, "-5", "info_types[1].count",
     "v.negative"},
    /* Scales and enumerations. */
    {"severity unset", m_severity, "0", NULL, NULL},
    {"severity S4", m_severity, "4", NULL, NULL},
    {"severity 5", m_severity, "5", "severity", "v.severity"},
    {"severity negative", m_severity, "-1", "severity", "v.severity"},
    {"priority unset", m_priority, "0", NULL, NULL},
    {"priority 4", m_priority, "4", NULL, NULL},
    {"priority 5", m_priority, "5", "priority", "v.priority"},
    {"priority negative", m_priority, "-1", "priority", "v.priority"},
    {"kind out of range", m_kind, "3", "kind", "v.unknown_key"},
    {"phase out of range", m_phase, "9", "phase", "v.unknown_key"},
    {"tlp out of range", m_tlp, "5", "tlp", "v.unknown_key"},
    {"tlp red", m_tlp, "4", NULL, NULL},
    {"optional fields unset", m_optional_unset, NULL, NULL, NULL},
};

static void test_fixture_draft_is_valid(void **state)
{
    struct incident inc;
    struct kz_problems p;

    (void)state;
    kz_problems_clear(&p);
    fixture_draft(&inc, NOW);
    assert_int_equal(incident_validate(&inc, NOW, &p), KZ_OK);
    assert_problem_count(&p, 0);
    incident_cleanup(&inc);
}

/* Each case breaks exactly one rule of a valid record (or keeps it
 * valid), so exactly that one problem must come back. */
static void test_each_rule_names_its_field(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        const struct rule_case *c = &cases[i];
        struct incident inc;
        struct kz_problems p;
        enum kz_err err;

        kz_problems_clear(&p);
        fixture_draft(&inc, NOW);
        c->mutate(&inc, c->arg);
        err = incident_validate(&inc, NOW, &p);
        if (c->field == NULL) {
            if (err != KZ_OK || p.n != 0) {
                problems_print(&p);
                fail_msg("case \"%s\": should be valid", c->name);
            }
        } else if (err != KZ_EINVAL || p.n != 1 ||
                   !problems_have(&p, c->field, c->key)) {
            problems_print(&p);
            fail_msg("case \"%s\": want exactly %s: %s (err %d)", c->name,
                     c->field, c->key, err);
        }
        incident_cleanup(&inc);
    }
}

static void test_title_counts_code_points_not_bytes(void **state)
{
    struct incident inc;
    struct kz_problems p;

    (void)state;
    fixture_draft(&inc, NOW);
    /* 200 hiragana are 600 bytes and still a valid title. */
    xfree(inc.title);
    inc.title = repeat(HIRAGANA_A, INCIDENT_TITLE_MAX);
    assert_int_equal(strlen(inc.title), 3 * INCIDENT_TITLE_MAX);
    kz_problems_clear(&p);
    assert_int_equal(incident_validate(&inc, NOW, &p), KZ_OK);

    xfree(inc.title);
    inc.title = repeat(HIRAGANA_A, INCIDENT_TITLE_MAX + 1);
    kz_problems_clear(&p);
    assert_int_equal(incident_validate(&inc, NOW, &p), KZ_EINVAL);
    assert_problem_count(&p, 1);
    assert_problem(&p, "title", "v.title_too_long");

    /* Four-byte characters count once too. */
    xfree(inc.title);
    inc.title = repeat("\xF0\x9F\x94\x92", INCIDENT_TITLE_MAX); /* lock */
    kz_problems_clear(&p);
    assert_int_equal(incident_validate(&inc, NOW, &p), KZ_OK);
    incident_cleanup(&inc);
}

static void test_text_limits_are_inclusive(void **state)
{
    static const struct {
        const char *name;
        size_t max;
    } limits[] = {
        {"description", INCIDENT_TEXT_MAX},  {"discoverer", INCIDENT_NAME_MAX},
        {"direct_cause", INCIDENT_TEXT_MAX}, {"tags[0]", INCIDENT_TAG_MAX},
        {"assets[0]", INCIDENT_NAME_MAX},
    };

    (void)state;
    for (size_t i = 0; i < sizeof(limits) / sizeof(limits[0]); i++) {
        for (int over = 0; over <= 1; over++) {
            struct incident inc;
            struct kz_problems p;
            char *s = repeat(HIRAGANA_A, limits[i].max + (size_t)over);

            fixture_draft(&inc, NOW);
            if (strcmp(limits[i].name, "description") == 0)
                xstrset(&inc.description, s);
            else if (strcmp(limits[i].name, "discoverer") == 0)
                xstrset(&inc.discoverer, s);
            else if (strcmp(limits[i].name, "direct_cause") == 0)
                xstrset(&inc.direct_cause, s);
            else if (strcmp(limits[i].name, "tags[0]") == 0)
                set_list(&inc.tags, s, NULL, NULL);
            else
                set_list(&inc.assets, s, NULL, NULL);
            kz_problems_clear(&p);
            if (over) {
                assert_int_equal(incident_validate(&inc, NOW, &p), KZ_EINVAL);
                assert_problem_count(&p, 1);
                assert_problem(&p, limits[i].name, "v.too_long");
            } else if (incident_validate(&inc, NOW, &p) != KZ_OK) {
                problems_print(&p);
                fail_msg("%s of %zu code points should pass", limits[i].name,
                         limits[i].max);
            }
            xfree(s);
            incident_cleanup(&inc);
        }
    }
}

/* Regression: names share the title's limit of 200 code points, and
 * their problem used to carry the title's message ("the title must be at
 * most 200 characters") because the rule was chosen by the limit. */
static void test_long_name_is_not_called_a_title(void **state)
{
    struct incident inc;
    struct kz_problems p;

    (void)state;
    fixture_draft(&inc, NOW);
    xfree(inc.reporter);
    inc.reporter = repeat(HIRAGANA_A, INCIDENT_NAME_MAX + 1);
    xfree(inc.owner);
    inc.owner = repeat("x", INCIDENT_NAME_MAX + 1);
    kz_problems_clear(&p);
    assert_int_equal(incident_validate(&inc, NOW, &p), KZ_EINVAL);
    assert_problem_count(&p, 2);
    assert_problem(&p, "reporter", "v.too_long");
    assert_problem(&p, "owner", "v.too_long");
    incident_cleanup(&inc);
}

static void test_time_in_the_future_names_each_field(void **state)
{
    struct incident inc;
    struct kz_problems p;

    (void)state;
    fixture_draft(&inc, NOW);
    inc.occurred_at = NOW + 301;
    inc.discovered_at = NOW + 302;
    inc.reported_at = NOW + 303;
    kz_problems_clear(&p);
    assert_int_equal(incident_validate(&inc, NOW, &p), KZ_EINVAL);
    assert_problem_count(&p, 3);
    assert_problem(&p, "occurred_at", "v.future");
    assert_problem(&p, "discovered_at", "v.future");
    assert_problem(&p, "reported_at", "v.future");
    incident_cleanup(&inc);
}

static void test_missing_times_are_both_reported(void **state)
{
    struct incident inc;
    struct kz_problems p;

    (void)state;
    fixture_draft(&inc, NOW);
    inc.discovered_at = KZ_TIME_NONE;
    inc.reported_at = KZ_TIME_NONE;
    kz_problems_clear(&p);
    assert_int_equal(incident_validate(&inc, NOW, &p), KZ_EINVAL);
    assert_problem_count(&p, 2);
    assert_problem(&p, "discovered_at", "v.required");
    assert_problem(&p, "reported_at", "v.required");
    incident_cleanup(&inc);
}

/* One call reports every problem, each with its own field name. */
static void test_one_call_reports_all_problems(void **state)
{
    struct incident inc;
    struct kz_problems p;

    (void)state;
    fixture_draft(&inc, NOW);
    xstrset(&inc.title, IDEOGRAPHIC_SPACE);
    xstrset(&inc.description, "ok" TRUNCATED);
    xstrset(&inc.category, "hacking");
    inc.severity = 7;
    inc.priority = 9;
    inc.discovered_at = inc.occurred_at - 1;
    inc.reported_at = NOW + 3600;
    xstrset(&inc.place, "moon");
    xstrset(&inc.detection_trigger, "rumour");
    xstrset(&inc.reporter, "a\nb");
    set_list(&inc.parties, "staff", "alien", NULL);
    xstrset(&inc.info_types[1].type, "shoe_size");
    inc.info_types[2].count = -3;
    inc.affected_persons = -10;
    set_list(&inc.impacts, "spam", "spam", NULL);
    set_list(&inc.prevention_measures, "pray", NULL, NULL);
    set_list(&inc.tags, "a", "", NULL);
    kz_problems_clear(&p);
    assert_int_equal(incident_validate(&inc, NOW, &p), KZ_EINVAL);
    assert_problem(&p, "title", "v.required");
    assert_problem(&p, "description", "v.utf8");
    assert_problem(&p, "category", "v.unknown_key");
    assert_problem(&p, "severity", "v.severity");
    assert_problem(&p, "priority", "v.priority");
    assert_problem(&p, "discovered_at", "v.discovered_before_occurred");
    assert_problem(&p, "reported_at", "v.future");
    assert_problem(&p, "place", "v.unknown_key");
    assert_problem(&p, "detection_trigger", "v.unknown_key");
    assert_problem(&p, "reporter", "v.single_line");
    assert_problem(&p, "parties[1]", "v.unknown_key");
    assert_problem(&p, "info_types[1].type", "v.unknown_key");
    assert_problem(&p, "info_types[2].count", "v.negative");
    assert_problem(&p, "affected_persons", "v.negative");
    assert_problem(&p, "impacts[0]", "v.duplicate");
    assert_problem(&p, "prevention_measures[0]", "v.unknown_key");
    assert_problem(&p, "tags[1]", "v.required");
    assert_problem_count(&p, 17);
    assert_false(p.truncated);
    incident_cleanup(&inc);
}

static void test_more_problems_than_room_are_flagged(void **state)
{
    struct incident inc;
    struct kz_problems p;

    (void)state;
    fixture_draft(&inc, NOW);
    strv_cleanup(&inc.parties);
    /* 40 unknown keys: more problems than KZ_PROBLEMS_MAX. */
    for (int i = 0; i < 40; i++) {
        char k[32];
        snprintf(k, sizeof(k), "nobody%d", i);
        strv_push(&inc.parties, k);
    }
    kz_problems_clear(&p);
    assert_int_equal(incident_validate(&inc, NOW, &p), KZ_EINVAL);
    assert_int_equal(p.n, KZ_PROBLEMS_MAX);
    assert_true(p.truncated);
    assert_problem(&p, "parties[0]", "v.unknown_key");
    incident_cleanup(&inc);
}

static void test_validation_changes_nothing(void **state)
{
    struct incident inc;
    struct incident copy;
    struct kz_problems p;

    (void)state;
    fixture_draft(&inc, NOW);
    xstrset(&inc.category, "hacking");
    incident_init(&copy);
    incident_copy(&copy, &inc);
    kz_problems_clear(&p);
    assert_int_equal(incident_validate(&inc, NOW, &p), KZ_EINVAL);
    assert_string_equal(inc.category, copy.category);
    assert_string_equal(inc.title, copy.title);
    assert_int_equal(inc.n_info_types, copy.n_info_types);
    incident_cleanup(&copy);
    incident_cleanup(&inc);
}

static void test_copy_is_deep(void **state)
{
    struct incident a;
    struct incident b;

    (void)state;
    fixture_draft(&a, NOW);
    a.id = 42;
    snprintf(a.ref, sizeof(a.ref), "INC-2026-0042");
    a.phase_times[PHASE_TRIAGE] = NOW;
    a.created_by = xstrdup("sato.hanako");
    incident_init(&b);
    incident_copy(&b, &a);
    assert_int_equal(b.id, 42);
    assert_string_equal(b.ref, "INC-2026-0042");
    assert_ptr_not_equal(b.title, a.title);
    assert_string_equal(b.title, a.title);
    assert_ptr_not_equal(b.parties.v, a.parties.v);
    assert_true(strv_equal(&b.parties, &a.parties));
    assert_true(strv_equal(&b.members, &a.members));
    assert_ptr_not_equal(b.info_types, a.info_types);
    assert_int_equal(b.n_info_types, 3);
    assert_string_equal(b.info_types[1].type, "email_address");
    assert_true(b.info_types[1].count == COUNT_UNKNOWN);
    assert_int_equal(b.phase_times[PHASE_TRIAGE], NOW);
    assert_string_equal(b.created_by, "sato.hanako");
    /* Freeing the original leaves the copy intact (ASan checks). */
    incident_cleanup(&a);
    assert_string_equal(b.direct_cause,
                        "宛先のオートコンプリートで別の顧客を選んだ");
    /* Copying over a record that owns memory frees the old values. */
    fixture_draft(&a, NOW);
    incident_copy(&b, &a);
    incident_cleanup(&a);
    incident_cleanup(&b);
}

static void test_init_means_not_known(void **state)
{
    struct incident inc;

    (void)state;
    incident_init(&inc);
    assert_int_equal(inc.kind, KIND_INCIDENT);
    assert_int_equal(inc.phase, PHASE_REPORTED);
    assert_int_equal(inc.tlp, TLP_AMBER);
    assert_true(inc.occurred_at == KZ_TIME_NONE);
    assert_true(inc.discovered_at == KZ_TIME_NONE);
    assert_true(inc.reported_at == KZ_TIME_NONE);
    assert_true(inc.affected_persons == COUNT_UNKNOWN);
    for (int i = 0; i < PHASE_COUNT; i++)
        assert_true(inc.phase_times[i] == KZ_TIME_NONE);
    assert_null(inc.title);
    assert_int_equal(inc.severity, 0);
    /* Cleanup of an initialised record is harmless, twice. */
    incident_cleanup(&inc);
    incident_cleanup(&inc);
}

static void test_enum_keys_round_trip(void **state)
{
    static const char *const kinds[] = {"incident", "near_miss", "exercise"};
    static const char *const tlps[] = {"clear", "green", "amber",
                                       "amber+strict", "red"};
    static const char *const sev[] = {"S1", "S2", "S3", "S4"};
    enum kind k;
    enum tlp t;
    int s;

    (void)state;
    for (int i = 0; i < KIND_COUNT; i++) {
        assert_string_equal(kind_key((enum kind)i), kinds[i]);
        assert_true(kind_from_key(kinds[i], &k));
        assert_int_equal(k, i);
    }
    assert_false(kind_from_key("accident", &k));
    assert_false(kind_from_key(NULL, &k));
    assert_string_equal(kind_key(KIND_COUNT), "incident");
    for (int i = 0; i < 5; i++) {
        assert_string_equal(tlp_key((enum tlp)i), tlps[i]);
        assert_true(tlp_from_key(tlps[i], &t));
        assert_int_equal(t, i);
    }
    assert_false(tlp_from_key("white", &t));
    assert_false(tlp_from_key("AMBER", &t));
    for (int i = 1; i <= 4; i++) {
        assert_string_equal(severity_key(i), sev[i - 1]);
        assert_true(severity_from_key(sev[i - 1], &s));
        assert_int_equal(s, i);
    }
    assert_null(severity_key(0));
    assert_null(severity_key(5));
    assert_false(severity_from_key("s1", &s));
    assert_false(severity_from_key("S5", &s));
    assert_false(severity_from_key("1", &s));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fixture_draft_is_valid),
        cmocka_unit_test(test_each_rule_names_its_field),
        cmocka_unit_test(test_title_counts_code_points_not_bytes),
        cmocka_unit_test(test_text_limits_are_inclusive),
        cmocka_unit_test(test_long_name_is_not_called_a_title),
        cmocka_unit_test(test_time_in_the_future_names_each_field),
        cmocka_unit_test(test_missing_times_are_both_reported),
        cmocka_unit_test(test_one_call_reports_all_problems),
        cmocka_unit_test(test_more_problems_than_room_are_flagged),
        cmocka_unit_test(test_validation_changes_nothing),
        cmocka_unit_test(test_copy_is_deep),
        cmocka_unit_test(test_init_means_not_known),
        cmocka_unit_test(test_enum_keys_round_trip),
    };

    return cmocka_run_group_tests(tests, fixture_group_setup, NULL);
}
