/* SPDX-License-Identifier: MIT */
/*
 * test_convocation_json.c - the convocation JSON src/app/response.c
 * writes from C values (src/json/convocation_json.c) is the text it wrote
 * with json_pack: the chronology line is hashed into the chain, and the
 * webhook body is what chat services accept.
 */
#include "support/test.h"

#include <jansson.h>
#include <string.h>

#include "json/chronology_json.h"
#include "json/convocation_json.h"
#include "util/mem.h"

static void test_convened_as_json_pack_wrote_it(void **state)
{
    (void)state;
    const struct convened names[] = {
        {"chron.convened.contact", "佐藤 花子", NULL},
        {"chron.convened.none", NULL, "legal"},
        {"chron.convened.role", "鈴木", "ciso"},
    };
    json_t *a = json_array();
    json_array_append_new(a, json_pack("{s:s, s:{s:s}}", "msg",
                                       "chron.convened.contact", "args", "name",
                                       "佐藤 花子"));
    json_array_append_new(a, json_pack("{s:s, s:{s:s}}", "msg",
                                       "chron.convened.none", "args", "role",
                                       "legal"));
    json_array_append_new(a, json_pack("{s:s, s:{s:s, s:s}}", "msg",
                                       "chron.convened.role", "args", "name",
                                       "鈴木", "role", "ciso"));
    char *want = chron_sys_body("chron.convened",
                                json_pack("{s:s, s:O, s:i}", "rule", "重大",
                                          "names", a, "minutes", 15));
    char *got = convened_body("重大", names, 3, 15);

    assert_string_equal(got, want);
    assert_non_null(
        strstr(got, "\"args\":{\"name\":\"鈴木\",\"role\":\"ciso\"}"));
    xfree(got);
    xfree(want);
    json_decref(a);
}

static void test_convened_nobody_and_no_name(void **state)
{
    (void)state;
    char *got = convened_body(NULL, NULL, 0, 30);

    assert_string_equal(got,
                        "{\"msg\":\"chron.convened\",\"args\":{\"minutes\":"
                        "30,\"names\":[],\"rule\":\"\"}}");
    xfree(got);
}

static void test_webhook_body(void **state)
{
    (void)state;
    char *got = webhook_text_body("【kizuki】\"至急\"\n確認を");

    assert_string_equal(got, "{\"text\":\"【kizuki】\\\"至急\\\"\\n確認を\"}");
    xfree(got);
}

static void test_rule_doc_load(void **state)
{
    (void)state;
    struct conv_rule r;

    conv_rule_init(&r);
    assert_int_equal(conv_rule_doc_load("{\"name\":\"重大\",\"ack_minutes\":20,"
                                        "\"summon_roles\":[\"ciso\"]}",
                                        &r),
                     KZ_OK);
    assert_string_equal(r.name, "重大");
    assert_int_equal(r.ack_minutes, 20);
    assert_int_equal(r.summon_roles.n, 1);
    conv_rule_cleanup(&r);
    conv_rule_init(&r);
    assert_int_equal(conv_rule_doc_load("{", &r), KZ_EMALFORMED);
    assert_int_equal(conv_rule_doc_load(NULL, &r), KZ_EMALFORMED);
    conv_rule_cleanup(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_convened_as_json_pack_wrote_it),
        cmocka_unit_test(test_convened_nobody_and_no_name),
        cmocka_unit_test(test_webhook_body),
        cmocka_unit_test(test_rule_doc_load),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
