/* SPDX-License-Identifier: MIT */
/*
 * test_error_json.c - the error envelope of the API and the CLI's --json
 * (src/json/error_json.c): {"error":{"code","message","fields"}} in ja
 * and en.
 */
#include "support/test.h"

#include <string.h>

#include "json/error_json.h"
#include "util/i18n.h"
#include "util/mem.h"

/* The envelope has exactly one key, "error", holding exactly code,
 * message and fields; returns the inner object (borrowed). */
static json_t *inner(json_t *env)
{
    json_t *e;

    assert_true(json_is_object(env));
    assert_int_equal(json_object_size(env), 1);
    e = json_object_get(env, "error");
    assert_true(json_is_object(e));
    assert_int_equal(json_object_size(e), 3);
    assert_true(json_is_string(json_object_get(e, "code")));
    assert_true(json_is_string(json_object_get(e, "message")));
    assert_true(json_is_object(json_object_get(e, "fields")));
    return e;
}

static const char *field_msg(json_t *e, const char *field)
{
    json_t *v = json_object_get(json_object_get(e, "fields"), field);

    if (!json_is_string(v))
        fail_msg("no message for field %s", field);
    return json_string_value(v);
}

static void test_validation_error_in_japanese(void **state)
{
    struct kz_problems p;
    json_t *env;
    json_t *e;

    (void)state;
    kz_problems_clear(&p);
    kz_problems_add(&p, "title", "v.required");
    kz_problems_add_at(&p, "info_types", 1, "count", "v.negative");
    env = error_to_json(KZ_EINVAL, NULL, &p, LANG_JA);
    e = inner(env);
    assert_string_equal(json_string_value(json_object_get(e, "code")),
                        "validation_failed");
    assert_string_equal(json_string_value(json_object_get(e, "message")),
                        i18n_text("err.invalid", LANG_JA));
    assert_int_equal(json_object_size(json_object_get(e, "fields")), 2);
    assert_string_equal(field_msg(e, "title"),
                        i18n_text("v.required", LANG_JA));
    assert_string_equal(field_msg(e, "info_types[1].count"),
                        i18n_text("v.negative", LANG_JA));
    /* The Japanese text, not the key. */
    assert_string_not_equal(field_msg(e, "title"), "v.required");
    json_decref(env);
}

static void test_validation_error_in_english(void **state)
{
    struct kz_problems p;
    json_t *env;
    json_t *e;

    (void)state;
    kz_problems_clear(&p);
    kz_problems_add(&p, "reason", "phase.back_reason");
    env = error_to_json(KZ_EINVAL, NULL, &p, LANG_EN);
    e = inner(env);
    assert_string_equal(json_string_value(json_object_get(e, "message")),
                        i18n_text("err.invalid", LANG_EN));
    assert_string_equal(field_msg(e, "reason"),
                        i18n_text("phase.back_reason", LANG_EN));
    assert_string_not_equal(field_msg(e, "reason"),
                            i18n_text("phase.back_reason", LANG_JA));
    json_decref(env);
}

static void test_every_code_makes_an_envelope(void **state)
{
    (void)state;
    for (int l = LANG_JA; l <= LANG_EN; l++) {
        for (int c = 0; c < KZ_ERR_COUNT; c++) {
            json_t *env =
                error_to_json((enum kz_err)c, NULL, NULL, (enum lang)l);
            json_t *e = inner(env);
            const char *msg = json_string_value(json_object_get(e, "message"));
            assert_string_equal(json_string_value(json_object_get(e, "code")),
                                kz_err_code((enum kz_err)c));
            assert_string_equal(
                msg, i18n_text(kz_err_msg_key((enum kz_err)c), (enum lang)l));
            /* A message, never the bare catalogue key. */
            assert_string_not_equal(msg, kz_err_msg_key((enum kz_err)c));
            assert_int_equal(json_object_size(json_object_get(e, "fields")), 0);
            json_decref(env);
        }
    }
}

static void test_message_key_overrides_the_code_message(void **state)
{
    json_t *env;
    json_t *e;

    (void)state;
    env = error_to_json(KZ_ENOTFOUND, "err.verify", NULL, LANG_EN);
    e = inner(env);
    assert_string_equal(json_string_value(json_object_get(e, "code")),
                        "not_found");
    assert_string_equal(json_string_value(json_object_get(e, "message")),
                        i18n_text("err.verify", LANG_EN));
    json_decref(env);
}

/* One message per field: the first problem found, which is the one a
 * person fixes first. */
static void test_first_problem_of_a_field_wins(void **state)
{
    struct kz_problems p;
    json_t *env;
    json_t *e;

    (void)state;
    kz_problems_clear(&p);
    kz_problems_add(&p, "title", "v.required");
    kz_problems_add(&p, "title", "v.too_long");
    kz_problems_add(&p, "", "v.json");
    env = error_to_json(KZ_EINVAL, NULL, &p, LANG_EN);
    e = inner(env);
    assert_int_equal(json_object_size(json_object_get(e, "fields")), 2);
    assert_string_equal(field_msg(e, "title"),
                        i18n_text("v.required", LANG_EN));
    assert_string_equal(field_msg(e, ""), i18n_text("v.json", LANG_EN));
    json_decref(env);
}

static void test_envelope_serialises_as_documented(void **state)
{
    struct kz_problems p;
    json_t *env;
    char *text;

    (void)state;
    kz_problems_clear(&p);
    kz_problems_add(&p, "title", "v.required");
    env = error_to_json(KZ_EINVAL, NULL, &p, LANG_EN);
    text = json_dumps(env, JSON_COMPACT | JSON_SORT_KEYS);
    assert_string_equal(text, "{\"error\":{\"code\":\"validation_failed\","
                              "\"fields\":{\"title\":\"This is required\"},"
                              "\"message\":\"The input is not valid\"}}");
    xfree(text);
    json_decref(env);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_validation_error_in_japanese),
        cmocka_unit_test(test_validation_error_in_english),
        cmocka_unit_test(test_every_code_makes_an_envelope),
        cmocka_unit_test(test_message_key_overrides_the_code_message),
        cmocka_unit_test(test_first_problem_of_a_field_wins),
        cmocka_unit_test(test_envelope_serialises_as_documented),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
