/* SPDX-License-Identifier: MIT */
/*
 * test_i18n.c - the message catalogue and language negotiation
 * (src/util/i18n.c, i18n_catalog.c): keys unique, every text present in
 * ja and en, every key the code reports is in the catalogue.
 */
#include "support/test.h"

#include <string.h>

#include "util/i18n.h"
#include "util/utf8.h"

static void test_keys_are_unique(void **state)
{
    size_t n = i18n_count();

    (void)state;
    assert_true(n > 0);
    for (size_t i = 0; i < n; i++) {
        const char *k = i18n_key_at(i);
        assert_non_null(k);
        assert_true(k[0] != '\0');
        for (size_t j = 0; j < i; j++) {
            if (strcmp(i18n_key_at(j), k) == 0)
                fail_msg("key %s appears twice", k);
        }
    }
    assert_null(i18n_key_at(n));
    assert_null(i18n_text_at(n, LANG_JA));
}

static void test_every_entry_has_ja_and_en(void **state)
{
    size_t n = i18n_count();

    (void)state;
    for (size_t i = 0; i < n; i++) {
        const char *k = i18n_key_at(i);
        for (int l = LANG_JA; l <= LANG_EN; l++) {
            const char *t = i18n_text_at(i, (enum lang)l);
            if (t == NULL || utf8_is_blank(t))
                fail_msg("%s has no %s text", k, l == LANG_JA ? "ja" : "en");
            if (!utf8_is_valid(t, strlen(t)))
                fail_msg("%s: %s text is not UTF-8", k,
                         l == LANG_JA ? "ja" : "en");
        }
        /* Lookup by key finds the same entry. */
        assert_true(i18n_has(k));
        assert_string_equal(i18n_text(k, LANG_JA), i18n_text_at(i, LANG_JA));
        assert_string_equal(i18n_text(k, LANG_EN), i18n_text_at(i, LANG_EN));
    }
}

static void test_every_error_code_has_a_message(void **state)
{
    (void)state;
    for (int e = 0; e < KZ_ERR_COUNT; e++) {
        const char *key = kz_err_msg_key((enum kz_err)e);
        if (!i18n_has(key))
            fail_msg("error %s: message key %s is not in the catalogue",
                     kz_err_code((enum kz_err)e), key);
    }
}

/* The keys core, json and app report (problems, move rules, verification
 * breaks): a key missing here would show to users as the raw key. */
static void test_keys_the_code_reports_exist(void **state)
{
    static const char *const keys[] = {
        "v.required",
        "v.utf8",
        "v.control",
        "v.single_line",
        "v.title_too_long",
        "v.too_long",
        "v.text_too_long",
        "v.too_many",
        "v.unknown_key",
        "v.unknown_field",
        "v.duplicate",
        "v.negative",
        "v.future",
        "v.time",
        "v.discovered_before_occurred",
        "v.reported_before_discovered",
        "v.severity",
        "v.priority",
        "v.readonly",
        "v.phase_via_move",
        "v.type_string",
        "v.type_integer",
        "v.type_boolean",
        "v.type_array",
        "v.type_object",
        "v.entry_kind",
        "phase.unknown",
        "phase.same",
        "phase.back_reason",
        "phase.reopen_reason",
        "verify.prev_mismatch",
        "verify.seq_gap",
        "verify.hash_mismatch",
        "verify.head_mismatch",
    };

    (void)state;
    for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
        if (!i18n_has(keys[i]))
            fail_msg("catalogue lacks %s", keys[i]);
    }
}

static void test_unknown_key_reads_as_itself(void **state)
{
    (void)state;
    assert_false(i18n_has("no.such.key"));
    assert_string_equal(i18n_text("no.such.key", LANG_JA), "no.such.key");
    assert_string_equal(i18n_text("no.such.key", LANG_EN), "no.such.key");
    assert_false(i18n_has(NULL));
    assert_string_equal(i18n_text(NULL, LANG_EN), "");
}

static void test_languages_differ_where_it_matters(void **state)
{
    (void)state;
    assert_string_not_equal(i18n_text("err.not_found", LANG_JA),
                            i18n_text("err.not_found", LANG_EN));
    assert_string_equal(i18n_lang_code(LANG_JA), "ja");
    assert_string_equal(i18n_lang_code(LANG_EN), "en");
}

static void test_accept_language_picks_the_best_q(void **state)
{
    static const struct {
        const char *header;
        enum lang want;
    } cases[] = {
        {"en-US,en;q=0.9", LANG_EN},
        {"ja,en;q=0.5", LANG_JA},
        {"fr", LANG_JA},
        {"en;q=0.1, ja;q=0.9", LANG_JA},
        {NULL, LANG_JA},
        {"", LANG_JA},
        {"*", LANG_JA},
        {"en", LANG_EN},
        {"EN-gb", LANG_EN},
        {"ja-JP", LANG_JA},
        {"fr-FR, en;q=0.8", LANG_EN},
        {"fr-FR,de;q=0.9,en;q=0.3,ja;q=0.2", LANG_EN},
        {"de, ja;q=0.4, en;q=0.6", LANG_EN},
        {"ja;q=0.5, en;q=0.5", LANG_JA}, /* a tie keeps the first */
        {"en-US;q=0.2,ja;q=0.8", LANG_JA},
        {"english", LANG_JA},
        {" , ,", LANG_JA},
        {"en;q=1.0,ja", LANG_EN},
        /* q=0 is "not acceptable", not the lowest preference. */
        {"fr, en;q=0", LANG_JA},
        {"en;q=0.000", LANG_JA},
        /* Weights outside 0..1, or not numbers, do not count. */
        {"ja;q=0.5, en;q=2", LANG_JA},
        {"ja;q=0.5, en;q=inf", LANG_JA},
        {"ja;q=0.5, en;q=nan", LANG_JA},
        {"ja;q=0.5, en;q=0.5000", LANG_JA},
        {"ja;q=0.5, en;q=1.001", LANG_JA},
        {"ja;q=0.5, en;q=", LANG_JA},
        /* Another parameter's "q=" is not the weight. */
        {"ja;q=0.5, en;level=1;q=0.9", LANG_EN},
        {"ja;q=0.5, en;xq=0.1;q=0.9", LANG_EN},
        {"ja;q=0.9, en;a=q=0.1", LANG_EN},
        {"en ; q=0.7 , ja ; q=0.6", LANG_EN},
        {"EN;Q=0.7, ja;q=0.6", LANG_EN},
    };

    (void)state;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        enum lang got = i18n_lang_from_accept(cases[i].header);
        if (got != cases[i].want)
            fail_msg("\"%s\" gave %s",
                     cases[i].header ? cases[i].header : "(null)",
                     i18n_lang_code(got));
    }
}

static void test_lang_parse_reads_locale_names(void **state)
{
    (void)state;
    assert_int_equal(i18n_lang_parse("en", LANG_JA), LANG_EN);
    assert_int_equal(i18n_lang_parse("en-US", LANG_JA), LANG_EN);
    assert_int_equal(i18n_lang_parse("en_GB.UTF-8", LANG_JA), LANG_EN);
    assert_int_equal(i18n_lang_parse("ja_JP.UTF-8", LANG_EN), LANG_JA);
    assert_int_equal(i18n_lang_parse("JA", LANG_EN), LANG_JA);
    assert_int_equal(i18n_lang_parse("C", LANG_JA), LANG_JA);
    assert_int_equal(i18n_lang_parse("C", LANG_EN), LANG_EN);
    assert_int_equal(i18n_lang_parse("english", LANG_JA), LANG_JA);
    assert_int_equal(i18n_lang_parse("e", LANG_JA), LANG_JA);
    assert_int_equal(i18n_lang_parse("", LANG_EN), LANG_EN);
    assert_int_equal(i18n_lang_parse(NULL, LANG_EN), LANG_EN);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_keys_are_unique),
        cmocka_unit_test(test_every_entry_has_ja_and_en),
        cmocka_unit_test(test_every_error_code_has_a_message),
        cmocka_unit_test(test_keys_the_code_reports_exist),
        cmocka_unit_test(test_unknown_key_reads_as_itself),
        cmocka_unit_test(test_languages_differ_where_it_matters),
        cmocka_unit_test(test_accept_language_picks_the_best_q),
        cmocka_unit_test(test_lang_parse_reads_locale_names),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
