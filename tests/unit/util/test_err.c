/* SPDX-License-Identifier: MIT */
/*
 * test_err.c - the error table and the problem list (src/util/err.c).
 */
#include "support/test.h"

#include <string.h>

#include "util/err.h"
#include "util/utf8.h"

static void test_every_code_has_every_view(void **state)
{
    (void)state;
    for (int e = 0; e < KZ_ERR_COUNT; e++) {
        const char *wire = kz_err_code((enum kz_err)e);
        const char *key = kz_err_msg_key((enum kz_err)e);
        int http = kz_err_http_status((enum kz_err)e);

        assert_non_null(wire);
        assert_true(wire[0] != '\0');
        assert_non_null(key);
        assert_true(strncmp(key, "err.", 4) == 0);
        assert_true(http >= 200 && http <= 599);
        assert_true(kz_err_exit_code((enum kz_err)e) >= 0);
        /* Only success exits 0 and answers 200. */
        assert_int_equal(kz_err_exit_code((enum kz_err)e) == 0, e == KZ_OK);
        assert_int_equal(http == 200, e == KZ_OK);
        /* Wire codes and message keys are unique. */
        for (int f = 0; f < e; f++) {
            assert_string_not_equal(kz_err_code((enum kz_err)f), wire);
            assert_string_not_equal(kz_err_msg_key((enum kz_err)f), key);
        }
    }
}

static void test_known_codes(void **state)
{
    (void)state;
    assert_int_equal(KZ_OK, 0);
    assert_string_equal(kz_err_code(KZ_OK), "ok");
    assert_string_equal(kz_err_code(KZ_EINVAL), "validation_failed");
    assert_int_equal(kz_err_http_status(KZ_EINVAL), 422);
    assert_int_equal(kz_err_http_status(KZ_EMALFORMED), 400);
    assert_string_equal(kz_err_code(KZ_ENOTFOUND), "not_found");
    assert_int_equal(kz_err_http_status(KZ_ENOTFOUND), 404);
    assert_int_equal(kz_err_http_status(KZ_ECONFLICT), 409);
    assert_int_equal(kz_err_http_status(KZ_EAUTH), 401);
    assert_int_equal(kz_err_http_status(KZ_EFORBID), 403);
    assert_int_equal(kz_err_http_status(KZ_ETOOBIG), 413);
    assert_int_equal(kz_err_http_status(KZ_EBUSY), 503);
    assert_string_equal(kz_err_msg_key(KZ_ESCHEMA), "err.schema");
    assert_string_equal(kz_err_code(KZ_EVERIFY), "verification_failed");
}

/* An out-of-range code is a bug; it answers as a storage error rather
 * than reading outside the table. */
static void test_out_of_range_code_is_a_storage_error(void **state)
{
    (void)state;
    assert_string_equal(kz_err_code(KZ_ERR_COUNT), kz_err_code(KZ_ESTORE));
    assert_int_equal(kz_err_http_status((enum kz_err)999), 500);
    assert_string_equal(kz_err_msg_key((enum kz_err) - 1), "err.storage");
    assert_int_equal(kz_err_exit_code(KZ_ERR_COUNT),
                     kz_err_exit_code(KZ_ESTORE));
}

static void test_problems_add_and_find(void **state)
{
    struct kz_problems p;
    const struct kz_problem *it;

    (void)state;
    kz_problems_clear(&p);
    assert_int_equal(p.n, 0);
    assert_false(p.truncated);
    assert_int_equal(kz_problems_add(&p, "title", "v.required"), KZ_EINVAL);
    assert_int_equal(
        kz_problems_add_at(&p, "info_types", 2, "count", "v.negative"),
        KZ_EINVAL);
    assert_int_equal(kz_problems_add_at(&p, "tags", 10, NULL, "v.duplicate"),
                     KZ_EINVAL);
    assert_int_equal(kz_problems_add_at(&p, "parties", 0, "", "v.x"),
                     KZ_EINVAL);
    assert_int_equal(kz_problems_add(&p, NULL, "v.whole"), KZ_EINVAL);
    assert_int_equal(p.n, 5);
    assert_string_equal(p.items[1].field, "info_types[2].count");
    assert_string_equal(p.items[2].field, "tags[10]");
    assert_string_equal(p.items[3].field, "parties[0]");
    assert_string_equal(p.items[4].field, "");
    it = kz_problems_find(&p, "info_types[2].count");
    assert_non_null(it);
    assert_string_equal(it->msg_key, "v.negative");
    assert_null(kz_problems_find(&p, "info_types"));
    /* The first problem of a field is the one found. */
    kz_problems_add(&p, "title", "v.too_long");
    assert_string_equal(kz_problems_find(&p, "title")->msg_key, "v.required");
    kz_problems_clear(&p);
    assert_int_equal(p.n, 0);
    assert_null(kz_problems_find(&p, "title"));
    assert_int_equal(kz_problems_add(NULL, "x", "y"), KZ_EINVAL);
}

static void test_problems_beyond_the_limit_are_flagged(void **state)
{
    struct kz_problems p;

    (void)state;
    kz_problems_clear(&p);
    for (size_t i = 0; i < KZ_PROBLEMS_MAX + 5; i++)
        kz_problems_add_at(&p, "tags", i, NULL, "v.required");
    assert_int_equal(p.n, KZ_PROBLEMS_MAX);
    assert_true(p.truncated);
    assert_string_equal(p.items[KZ_PROBLEMS_MAX - 1].field, "tags[31]");
}

static void test_long_field_names_are_cut_safely(void **state)
{
    struct kz_problems p;
    char name[200];

    (void)state;
    memset(name, 'f', sizeof(name) - 1);
    name[sizeof(name) - 1] = '\0';
    kz_problems_clear(&p);
    kz_problems_add(&p, name, "v.unknown_field");
    kz_problems_add_at(&p, name, 7, name, "v.unknown_field");
    assert_int_equal(p.n, 2);
    assert_int_equal(strlen(p.items[0].field), sizeof(p.items[0].field) - 1);
    assert_int_equal(strlen(p.items[1].field), sizeof(p.items[1].field) - 1);
}

/*
 * Found by fuzz/fuzz_incident_json.c: a long unknown key in Japanese was
 * cut at 63 bytes in the middle of a character, and the error envelope,
 * whose keys must be valid UTF-8, silently left the field out.  Names
 * are now cut before the character that does not fit.
 */
static void test_fuzz_cut_field_names_stay_valid_utf8(void **state)
{
    struct kz_problems p;
    char name[200];
    size_t n = 0;

    (void)state;
    /* "x" and then three-byte characters: byte 63 falls inside one. */
    name[n++] = 'x';
    while (n + 3 < sizeof(name)) {
        memcpy(name + n, "\xE3\x81\x82", 3); /* あ */
        n += 3;
    }
    name[n] = '\0';
    kz_problems_clear(&p);
    kz_problems_add(&p, name, "v.unknown_field");
    kz_problems_add_at(&p, "info_types", 3, name, "v.unknown_field");
    kz_problems_add_at(&p, name, 12, "count", "v.type_integer");
    name[1 + 3 * 4] = '\0'; /* "x" and four characters: fits whole */
    kz_problems_add(&p, name, "v.unknown_field");
    assert_int_equal(p.n, 4);
    for (size_t i = 0; i < p.n; i++) {
        const char *f = p.items[i].field;
        if (!utf8_is_valid(f, strlen(f)))
            fail_msg("problem %zu: field is not valid UTF-8", i);
    }
    /* Cut before the character that did not fit, not earlier. */
    assert_int_equal(strlen(p.items[0].field), 61);
    assert_memory_equal(p.items[0].field, name, 13);
    assert_int_equal(strncmp(p.items[1].field, "info_types[3].x", 15), 0);
    assert_true(strlen(p.items[1].field) >= 61);
    assert_string_equal(p.items[3].field, name);
}

/* A "too long" problem says how long the value is, grouped by three
 * digits; one without a count says only its rule. */
static void test_problem_text_says_the_count(void **state)
{
    struct kz_problems p;
    char buf[512];

    (void)state;
    kz_problems_clear(&p);
    kz_problems_add_count(&p, "title", "v.title_too_long", 253);
    kz_problems_add_count(&p, "body", "v.too_long", 21034);
    kz_problems_add(&p, "name", "v.too_long");
    assert_string_equal(kz_problem_text(&p.items[0], LANG_JA, buf, sizeof(buf)),
                        "件名は200文字以内で入力してください"
                        "（いまは253文字です）");
    assert_string_equal(
        kz_problem_text(&p.items[0], LANG_EN, buf, sizeof(buf)),
        "The title must be at most 200 characters (it has 253)");
    assert_string_equal(kz_problem_text(&p.items[1], LANG_JA, buf, sizeof(buf)),
                        "長すぎます（いまは21,034文字です）");
    assert_string_equal(kz_problem_text(&p.items[2], LANG_EN, buf, sizeof(buf)),
                        "This is too long");
    /* A short buffer is cut, never overrun. */
    char small[8];
    kz_problem_text(&p.items[0], LANG_EN, small, sizeof(small));
    assert_int_equal(strlen(small), 7);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_code_has_every_view),
        cmocka_unit_test(test_known_codes),
        cmocka_unit_test(test_out_of_range_code_is_a_storage_error),
        cmocka_unit_test(test_problems_add_and_find),
        cmocka_unit_test(test_problems_beyond_the_limit_are_flagged),
        cmocka_unit_test(test_long_field_names_are_cut_safely),
        cmocka_unit_test(test_fuzz_cut_field_names_stay_valid_utf8),
        cmocka_unit_test(test_problem_text_says_the_count),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
