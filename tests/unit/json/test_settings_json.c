/* SPDX-License-Identifier: MIT */
/*
 * test_settings_json.c - the settings as the API reads and writes them
 * (src/json/settings_json.c): every setting in core's order, a secret
 * only as whether it is set, null for what was never set; a patch read
 * into typed values and back, and its problems named in the order the
 * client sent the members, each with its rule's message key.
 */
#include "support/test.h"

#include <string.h>

#include "json/settings_json.h"
#include "support/fixture.h"
#include "util/mem.h"

static void test_read_settings_in_order(void **state)
{
    (void)state;
    struct settings s;

    settings_init(&s);
    s.v[SETTING_BASE_URL].given = true;
    s.v[SETTING_BASE_URL].text = xstrdup("https://kizuki.example.jp");
    s.v[SETTING_SMTP_PASSWORD].given = true;
    s.v[SETTING_SMTP_PASSWORD].text = xstrdup("never shown");
    s.v[SETTING_CONTACT_STALE_DAYS].number = 180;
    s.v[SETTING_ALERT_GROUP_HOURS].number = 24;
    s.v[SETTING_REGIME_APPI].given = true;
    s.v[SETTING_REGIME_APPI].on = true;
    s.v[SETTING_REGIME_GDPR].given = true;
    s.v[SETTING_SOCIAL_RESPONSIBILITY].number = 2;
    json_t *j = settings_to_json(&s);
    char *text = json_dumps(j, JSON_COMPACT);
    assert_string_equal(
        text, "{\"base_url\":\"https://kizuki.example.jp\",\"smtp_url\":null,"
              "\"smtp_from\":null,\"smtp_username\":null,"
              "\"smtp_password_set\":true,\"contact_stale_days\":180,"
              "\"alert_group_hours\":24,\"organisation_name\":null,"
              "\"business_representative\":null,\"business_address\":null,"
              "\"business_contact_person\":null,\"business_telephone\":null,"
              "\"regime_appi\":true,\"regime_mynumber\":null,"
              "\"regime_gdpr\":false,\"regime_nis2\":null,\"regime_sec\":null,"
              "\"social_responsibility\":2}");
    xfree(text);
    json_decref(j);
    settings_cleanup(&s);
}

static void test_patch_round_trips(void **state)
{
    (void)state;
    struct settings s;
    struct kz_problems p;
    json_t *in = fixture_json(
        "{\"organisation_name\":\"株式会社例\",\"regime_nis2\":true,"
        "\"contact_stale_days\":45,\"smtp_username\":null,"
        "\"social_responsibility\":1}");

    settings_init(&s);
    kz_problems_clear(&p);
    assert_int_equal(settings_from_json(in, &s, &p), KZ_OK);
    assert_int_equal(p.n, 0);
    assert_true(s.v[SETTING_ORGANISATION_NAME].given);
    assert_string_equal(s.v[SETTING_ORGANISATION_NAME].text, "株式会社例");
    assert_true(s.v[SETTING_REGIME_NIS2].given && s.v[SETTING_REGIME_NIS2].on);
    assert_int_equal(s.v[SETTING_CONTACT_STALE_DAYS].number, 45);
    /* null clears: given, empty. */
    assert_true(s.v[SETTING_SMTP_USERNAME].given);
    assert_string_equal(s.v[SETTING_SMTP_USERNAME].text, "");
    assert_false(s.v[SETTING_BASE_URL].given);
    json_t *out = settings_to_json(&s);
    assert_string_equal(
        json_string_value(json_object_get(out, "organisation_name")),
        "株式会社例");
    assert_true(json_is_true(json_object_get(out, "regime_nis2")));
    assert_int_equal(
        json_integer_value(json_object_get(out, "contact_stale_days")), 45);
    json_decref(out);
    json_decref(in);
    settings_cleanup(&s);
}

static void test_problems_in_the_order_sent(void **state)
{
    (void)state;
    struct settings s;
    struct kz_problems p;
    json_t *in = fixture_json(
        "{\"nope\":1,\"regime_sec\":\"yes\",\"contact_stale_days\":0,"
        "\"social_responsibility\":3,\"alert_group_hours\":\"24\","
        "\"base_url\":\"ftp://x\",\"smtp_url\":\"http://x\","
        "\"smtp_from\":\"not mail\",\"business_telephone\":\"電話\","
        "\"organisation_name\":5,\"regime_appi\":false}");

    settings_init(&s);
    kz_problems_clear(&p);
    assert_int_equal(settings_from_json(in, &s, &p), KZ_EINVAL);
    static const char *const want[][2] = {
        {"nope", "v.unknown_field"},
        {"regime_sec", "v.type_boolean"},
        {"contact_stale_days", "v.days"},
        {"social_responsibility", "v.one_or_two"},
        {"alert_group_hours", "alert.v.group_hours"},
        {"base_url", "v.url"},
        {"smtp_url", "v.smtp_url"},
        {"smtp_from", "v.email"},
        {"business_telephone", "v.phone"},
        {"organisation_name", "v.type_string"},
    };
    assert_problem_count(&p, sizeof(want) / sizeof(want[0]));
    for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
        assert_string_equal(p.items[i].field, want[i][0]);
        assert_string_equal(p.items[i].msg_key, want[i][1]);
    }
    /* What was fine is kept; what was not is not given. */
    assert_true(s.v[SETTING_REGIME_APPI].given);
    assert_false(s.v[SETTING_BASE_URL].given);
    assert_false(s.v[SETTING_CONTACT_STALE_DAYS].given);
    json_decref(in);
    settings_cleanup(&s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_read_settings_in_order),
        cmocka_unit_test(test_patch_round_trips),
        cmocka_unit_test(test_problems_in_the_order_sent),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
