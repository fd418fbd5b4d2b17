/* SPDX-License-Identifier: MIT */
/*
 * test_taxonomy.c - the classification tables (src/core/taxonomy.c and
 * taxonomy_data.c, SPEC §5): every table by name, every key well formed
 * and unique, every label present in Japanese and English.
 */
#include "support/test.h"

#include <string.h>

#include "core/chronology.h"
#include "core/incident.h"
#include "core/taxonomy.h"
#include "util/utf8.h"

static const char *const names[] = {
    "kind",
    "phase",
    "category",
    "info_type",
    "impact",
    "party",
    "place",
    "detection_trigger",
    "response_measure",
    "prevention_measure",
    "cause",
    "severity",
    "tlp",
    "entry_kind",
};
#define NNAMES (sizeof(names) / sizeof(names[0]))

/* snake_case: lower-case letters and digits in words joined by single
 * underscores, starting with a letter. */
static bool is_snake_case(const char *s)
{
    if (!(s[0] >= 'a' && s[0] <= 'z'))
        return false;
    for (const char *p = s; *p != '\0'; p++) {
        bool ok = (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
                  (*p == '_' && p[1] != '_' && p[1] != '\0');
        if (!ok)
            return false;
    }
    return true;
}

static bool key_is_well_formed(const struct taxonomy *t, const char *key)
{
    if (strcmp(t->name, "severity") == 0)
        return strlen(key) == 2 && key[0] == 'S' && key[1] >= '1' &&
               key[1] <= '4';
    if (strcmp(t->name, "tlp") == 0 && strcmp(key, "amber+strict") == 0)
        return true;
    return is_snake_case(key);
}

static bool has_non_ascii(const char *s)
{
    for (; *s != '\0'; s++) {
        if ((unsigned char)*s >= 0x80)
            return true;
    }
    return false;
}

static void check_label(const char *table, const char *key, const char *what,
                        const char *label)
{
    if (label == NULL || label[0] == '\0' || utf8_is_blank(label))
        fail_msg("%s/%s: %s label is empty", table, key, what);
    if (!utf8_is_valid(label, strlen(label)))
        fail_msg("%s/%s: %s label is not UTF-8", table, key, what);
    if (utf8_has_control(label, false))
        fail_msg("%s/%s: %s label has control characters", table, key, what);
}

static void test_all_fourteen_tables_exist_by_name(void **state)
{
    size_t n = 0;
    const struct taxonomy *const *all = taxonomy_all(&n);

    (void)state;
    /* Tables may be added (roles, …); these fourteen must be there. */
    assert_true(n >= NNAMES);
    for (size_t i = 0; i < NNAMES; i++) {
        const struct taxonomy *t = taxonomy_find(names[i]);
        if (t == NULL)
            fail_msg("no taxonomy called %s", names[i]);
        assert_string_equal(t->name, names[i]);
        assert_true(t->count > 0);
        /* taxonomy_all lists each table once. */
        size_t seen = 0;
        for (size_t j = 0; j < n; j++)
            seen += all[j] == t;
        assert_int_equal(seen, 1);
    }
    assert_null(taxonomy_find("colour"));
    assert_null(taxonomy_find("Category"));
    assert_null(taxonomy_find(""));
    assert_null(taxonomy_find(NULL));
}

static void test_named_tables_are_the_ones_found(void **state)
{
    (void)state;
    assert_ptr_equal(taxonomy_find("kind"), &taxonomy_kind);
    assert_ptr_equal(taxonomy_find("phase"), &taxonomy_phase);
    assert_ptr_equal(taxonomy_find("category"), &taxonomy_category);
    assert_ptr_equal(taxonomy_find("info_type"), &taxonomy_info_type);
    assert_ptr_equal(taxonomy_find("impact"), &taxonomy_impact);
    assert_ptr_equal(taxonomy_find("party"), &taxonomy_party);
    assert_ptr_equal(taxonomy_find("place"), &taxonomy_place);
    assert_ptr_equal(taxonomy_find("detection_trigger"),
                     &taxonomy_detection_trigger);
    assert_ptr_equal(taxonomy_find("response_measure"),
                     &taxonomy_response_measure);
    assert_ptr_equal(taxonomy_find("prevention_measure"),
                     &taxonomy_prevention_measure);
    assert_ptr_equal(taxonomy_find("cause"), &taxonomy_cause);
    assert_ptr_equal(taxonomy_find("severity"), &taxonomy_severity);
    assert_ptr_equal(taxonomy_find("tlp"), &taxonomy_tlp);
    assert_ptr_equal(taxonomy_find("entry_kind"), &taxonomy_entry_kind);
}

static void test_keys_are_unique_and_well_formed(void **state)
{
    size_t n = 0;
    const struct taxonomy *const *all = taxonomy_all(&n);

    (void)state;
    for (size_t i = 0; i < n; i++) {
        const struct taxonomy *t = all[i];
        for (size_t k = 0; k < t->count; k++) {
            const char *key = t->entries[k].key;
            if (key == NULL || !key_is_well_formed(t, key))
                fail_msg("%s: bad key \"%s\"", t->name, key ? key : "(null)");
            for (size_t j = 0; j < k; j++) {
                if (strcmp(t->entries[j].key, key) == 0)
                    fail_msg("%s: key %s twice", t->name, key);
            }
            /* Lookups find each key where it is. */
            assert_int_equal(taxonomy_index(t, key), (int)k);
            assert_true(taxonomy_has(t, key));
        }
    }
}

static void test_every_label_exists_in_both_languages(void **state)
{
    size_t n = 0;
    const struct taxonomy *const *all = taxonomy_all(&n);

    (void)state;
    for (size_t i = 0; i < n; i++) {
        const struct taxonomy *t = all[i];
        check_label(t->name, "(table)", "ja", t->ja);
        check_label(t->name, "(table)", "en", t->en);
        size_t japanese = 0;
        for (size_t k = 0; k < t->count; k++) {
            const struct taxonomy_entry *e = &t->entries[k];
            check_label(t->name, e->key, "ja", e->ja);
            check_label(t->name, e->key, "en", e->en);
            japanese += has_non_ascii(e->ja);
            assert_string_equal(taxonomy_entry_label(e, LANG_JA), e->ja);
            assert_string_equal(taxonomy_entry_label(e, LANG_EN), e->en);
            assert_string_equal(taxonomy_label(t, e->key, LANG_JA), e->ja);
            assert_string_equal(taxonomy_label(t, e->key, LANG_EN), e->en);
        }
        /* Some labels are the same in both ("PC"), but a table whose
         * Japanese labels are all ASCII was copied from the English. */
        if (japanese == 0)
            fail_msg("%s: no Japanese in any ja label", t->name);
    }
}

static void test_unknown_keys_are_not_found(void **state)
{
    static const char *const unknown[] = {
        "",   "unknown_key", "Phishing", "phishing ", " phishing",    "S5",
        "s1", "AMBER",       "amber+",   "white",     "フィッシング",
    };
    size_t n = 0;
    const struct taxonomy *const *all = taxonomy_all(&n);

    (void)state;
    for (size_t i = 0; i < n; i++) {
        for (size_t k = 0; k < sizeof(unknown) / sizeof(unknown[0]); k++) {
            if (taxonomy_has(all[i], unknown[k]))
                fail_msg("%s has \"%s\"", all[i]->name, unknown[k]);
            assert_int_equal(taxonomy_index(all[i], unknown[k]), -1);
            assert_null(taxonomy_label(all[i], unknown[k], LANG_JA));
            assert_null(taxonomy_label(all[i], unknown[k], LANG_EN));
        }
        assert_int_equal(taxonomy_index(all[i], NULL), -1);
        assert_false(taxonomy_has(all[i], NULL));
    }
    /* A key of one table is not a key of another. */
    assert_false(taxonomy_has(&taxonomy_place, "phishing"));
    assert_false(taxonomy_has(&taxonomy_category, "office"));
}

/* The enums of the record follow their tables' order. */
static void test_enum_tables_match_their_enums(void **state)
{
    static const char *const phases[PHASE_COUNT] = {
        "reported", "triage",    "containment", "investigation", "notification",
        "recovery", "aftercare", "review",      "closed"};
    static const char *const kinds[KIND_COUNT] = {"incident", "near_miss",
                                                  "exercise"};
    static const char *const tlps[] = {"clear", "green", "amber",
                                       "amber+strict", "red"};
    static const char *const entry_kinds[ENTRY_KIND_COUNT] = {
        "note",   "decision",     "contact",
        "action", "phase_change", "field_change"};
    static const char *const severities[] = {"S1", "S2", "S3", "S4"};

    (void)state;
    assert_int_equal(taxonomy_phase.count, PHASE_COUNT);
    for (int i = 0; i < PHASE_COUNT; i++)
        assert_string_equal(taxonomy_phase.entries[i].key, phases[i]);
    assert_int_equal(taxonomy_kind.count, KIND_COUNT);
    for (int i = 0; i < KIND_COUNT; i++)
        assert_string_equal(taxonomy_kind.entries[i].key, kinds[i]);
    assert_int_equal(taxonomy_tlp.count, 5);
    for (int i = 0; i < 5; i++)
        assert_string_equal(taxonomy_tlp.entries[i].key, tlps[i]);
    assert_int_equal(taxonomy_entry_kind.count, ENTRY_KIND_COUNT);
    for (int i = 0; i < ENTRY_KIND_COUNT; i++)
        assert_string_equal(taxonomy_entry_kind.entries[i].key, entry_kinds[i]);
    assert_int_equal(taxonomy_severity.count, 4);
    for (int i = 0; i < 4; i++)
        assert_string_equal(taxonomy_severity.entries[i].key, severities[i]);
}

/* SPEC §5 lists these values; each must have a key. */
static void test_spec_values_are_present(void **state)
{
    static const struct {
        const struct taxonomy *t;
        const char *key;
    } spec[] = {
        {&taxonomy_category, "ransomware"},
        {&taxonomy_category, "phishing"},
        {&taxonomy_category, "misdirected_email"},
        {&taxonomy_category, "bec"},
        {&taxonomy_category, "other"},
        {&taxonomy_info_type, "my_number"},
        {&taxonomy_info_type, "credit_card"},
        {&taxonomy_impact, "attack_platform"},
        {&taxonomy_impact, "none_found"},
        {&taxonomy_party, "external_attacker"},
        {&taxonomy_place, "cloud"},
        {&taxonomy_detection_trigger, "authority_contact"},
        {&taxonomy_response_measure, "forensics"},
        {&taxonomy_prevention_measure, "leak_insurance"},
        {&taxonomy_cause, "human_error"},
    };

    (void)state;
    for (size_t i = 0; i < sizeof(spec) / sizeof(spec[0]); i++) {
        if (!taxonomy_has(spec[i].t, spec[i].key))
            fail_msg("%s lacks %s", spec[i].t->name, spec[i].key);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_all_fourteen_tables_exist_by_name),
        cmocka_unit_test(test_named_tables_are_the_ones_found),
        cmocka_unit_test(test_keys_are_unique_and_well_formed),
        cmocka_unit_test(test_every_label_exists_in_both_languages),
        cmocka_unit_test(test_unknown_keys_are_not_found),
        cmocka_unit_test(test_enum_tables_match_their_enums),
        cmocka_unit_test(test_spec_values_are_present),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
