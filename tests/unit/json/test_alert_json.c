/* SPDX-License-Identifier: MIT */
/*
 * test_alert_json.c - reading what detection tools post: one alert or a
 * batch, problems named by index, the batch limit, raw kept as JSON text.
 */
#include "support/test.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "json/alert_json.h"
#include "support/fixture.h"
#include "util/mem.h"

#define NOW ((kz_time)1795316400)

static enum kz_err read_text(const char *text, struct alert **items, size_t *n,
                             struct kz_problems *p)
{
    json_t *body = fixture_json(text);
    enum kz_err err;

    kz_problems_clear(p);
    err = alert_batch_from_json(body, NOW, items, n, p);
    json_decref(body);
    return err;
}

static void test_single_alert(void **state)
{
    struct alert *items = NULL;
    size_t n = 0;
    struct kz_problems p;

    (void)state;
    assert_int_equal(
        read_text(
            "{\"source\":\"siem\",\"source_ref\":\"1\","
            "\"title\":\"Login\",\"severity\":\"low\","
            "\"observables\":[{\"type\":\"ipv4\",\"value\":\"192.0.2.1\"}],"
            "\"raw\":{\"b\":1,\"a\":[true,null]}}",
            &items, &n, &p),
        KZ_OK);
    assert_int_equal(n, 1);
    assert_string_equal(items[0].raw, "{\"b\":1,\"a\":[true,null]}");
    assert_int_equal(strlen(items[0].fingerprint), 64);
    assert_int_equal(items[0].nobs, 1);
    alert_batch_free(items, n);

    /* A single alert's problems are named by field alone. */
    assert_int_equal(read_text("{\"source\":\"siem\",\"title\":\"x\","
                               "\"colour\":1}",
                               &items, &n, &p),
                     KZ_EINVAL);
    assert_null(items);
    assert_problem(&p, "source_ref", "v.required");
    assert_problem(&p, "colour", "v.unknown_field");
}

static void test_batch_names_the_index(void **state)
{
    struct alert *items = NULL;
    size_t n = 0;
    struct kz_problems p;

    (void)state;
    assert_int_equal(
        read_text("{\"alerts\":["
                  "{\"source\":\"s\",\"source_ref\":\"1\",\"title\":\"a\"},"
                  "{\"source\":\"s\",\"source_ref\":\"2\",\"title\":\"b\","
                  "\"occurred_at\":\"soon\"},"
                  "7,"
                  "{\"source\":\"s\",\"source_ref\":\"4\",\"title\":\"d\","
                  "\"observables\":[{\"type\":\"md5\",\"value\":5,"
                  "\"x\":1}]}]}",
                  &items, &n, &p),
        KZ_EINVAL);
    assert_null(items);
    assert_int_equal(n, 0);
    assert_problem(&p, "alerts[1].occurred_at", "v.time");
    assert_problem(&p, "alerts[2]", "v.type_object");
    assert_problem(&p, "alerts[3].observables[0].value", "v.type_string");
    assert_problem(&p, "alerts[3].observables[0]", "v.unknown_field");
    assert_null(kz_problems_find(&p, "alerts[0].title"));

    assert_int_equal(read_text("{\"alerts\":[]}", &items, &n, &p), KZ_EINVAL);
    assert_problem(&p, "alerts", "v.required");
    assert_int_equal(read_text("{\"alerts\":{}}", &items, &n, &p), KZ_EINVAL);
    assert_problem(&p, "alerts", "v.type_array");
    assert_int_equal(
        read_text("{\"alerts\":[{\"source\":\"s\",\"source_ref\":\"1\","
                  "\"title\":\"a\"}],\"x\":1}",
                  &items, &n, &p),
        KZ_EINVAL);
    assert_problem(&p, "", "alert.v.batch_only");
}

static void test_batch_limit(void **state)
{
    struct alert *items = NULL;
    size_t n = 0;
    struct kz_problems p;
    json_t *list = json_array();

    (void)state;
    for (int i = 0; i < ALERT_BATCH_MAX; i++) {
        char ref[16];
        snprintf(ref, sizeof(ref), "%d", i);
        json_array_append_new(list, json_pack("{s:s, s:s, s:s}", "source", "s",
                                              "source_ref", ref, "title", "t"));
    }
    json_t *body = json_pack("{s:O}", "alerts", list);
    kz_problems_clear(&p);
    assert_int_equal(alert_batch_from_json(body, NOW, &items, &n, &p), KZ_OK);
    assert_int_equal(n, ALERT_BATCH_MAX);
    assert_string_equal(items[9999].source_ref, "9999");
    alert_batch_free(items, n);
    json_array_append_new(list, json_pack("{s:s, s:s, s:s}", "source", "s",
                                          "source_ref", "x", "title", "t"));
    kz_problems_clear(&p);
    assert_int_equal(alert_batch_from_json(body, NOW, &items, &n, &p),
                     KZ_EINVAL);
    assert_problem(&p, "alerts", "alert.v.batch_max");
    assert_int_equal(p.items[0].count, ALERT_BATCH_MAX + 1);
    json_decref(body);
    json_decref(list);
}

static void test_to_json_hides_the_incident_when_asked(void **state)
{
    struct alert a;

    (void)state;
    alert_init(&a);
    a.id = 3;
    a.source = xstrdup("s");
    a.source_ref = xstrdup("r");
    a.title = xstrdup("t");
    a.group_id = 3;
    a.status = ALERT_MERGED;
    snprintf(a.incident_ref, sizeof(a.incident_ref), "INC-2026-0001");
    json_t *shown = alert_to_json(&a, false, true);
    json_t *hidden = alert_to_json(&a, false, false);
    assert_string_equal(json_string_value(json_object_get(shown, "incident")),
                        "INC-2026-0001");
    assert_true(json_is_null(json_object_get(hidden, "incident")));
    assert_string_equal(json_string_value(json_object_get(shown, "status")),
                        "merged");
    json_decref(shown);
    json_decref(hidden);
    alert_cleanup(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_single_alert),
        cmocka_unit_test(test_batch_names_the_index),
        cmocka_unit_test(test_batch_limit),
        cmocka_unit_test(test_to_json_hides_the_incident_when_asked),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
