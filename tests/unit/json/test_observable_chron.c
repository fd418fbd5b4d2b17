/* SPDX-License-Identifier: MIT */
/*
 * test_observable_chron.c - what src/app/observables.c writes of a change
 * (src/json/observable_json.c) is the text it wrote with json_pack: the
 * chronology line and the audit detail are hashed into their chains.
 */
#include "support/test.h"

#include <jansson.h>
#include <string.h>

#include "json/chronology_json.h"
#include "json/observable_json.h"
#include "util/mem.h"

static struct observable two[2] = {
    {.id = 7, .type = OBS_IPV4, .value = "192.0.2.1", .tlp = TLP_AMBER},
    {.id = 9,
     .type = OBS_DOMAIN,
     .value = "xn--r8jz45g.jp",
     .display = "例え.jp",
     .tlp = TLP_RED,
     .ioc = true,
     .note = "C2"},
};

static json_t *named(const struct observable *o)
{
    return json_pack("{s:s, s:{s:s, s:s}}", "msg", "chron.obs_value", "args",
                     "type", obs_type_key(o->type), "value",
                     o->display ? o->display : o->value);
}

static void test_batch_as_json_pack_wrote_it(void **state)
{
    (void)state;
    json_t *values = json_array();
    json_t *ids = json_array();
    for (size_t i = 0; i < 2; i++) {
        json_array_append_new(values, named(&two[i]));
        json_array_append_new(ids, json_integer(two[i].id));
    }
    json_t *d = json_pack("{s:o, s:O}", "observables", ids, "values", values);
    char *want_detail = json_dumps(d, JSON_COMPACT | JSON_SORT_KEYS);
    char *want_body = chron_sys_body(
        "chron.obs_removed",
        json_pack("{s:I, s:o}", "n", (json_int_t)2, "values", values));
    char *detail = obs_batch_detail(two, 2);
    char *body = obs_batch_body(false, two, 2);

    assert_string_equal(detail, want_detail);
    assert_string_equal(body, want_body);
    assert_non_null(strstr(body, "例え.jp"));
    xfree(detail);
    xfree(body);
    xfree(want_detail);
    xfree(want_body);
    json_decref(d);
}

static void test_update_detail(void **state)
{
    (void)state;
    char *d = obs_update_detail(&two[1]);

    assert_string_equal(d, "{\"ioc\":true,\"note\":true,\"observable\":9,"
                           "\"sighted\":false,\"tlp\":\"red\","
                           "\"value\":\"xn--r8jz45g.jp\"}");
    xfree(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_batch_as_json_pack_wrote_it),
        cmocka_unit_test(test_update_detail),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
