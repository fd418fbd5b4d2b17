/* SPDX-License-Identifier: MIT */
/*
 * test_incident_json_judged.c - the members issue 9 added to the record
 * as JSON (src/json/incident_json.c): when improper_purpose is a person's
 * judgement (true always; false only with a reason; null gives it back),
 * the leak state in three states, and the new facts' round trip.
 */
#include "support/test.h"

#include <string.h>

#include "json/incident_json.h"
#include "support/fixture.h"
#include "util/mem.h"

/* Apply the JSON 'text' as a PATCH to 'inc'; fails the test on problems. */
static void patch(struct incident *inc, const char *text)
{
    struct kz_problems p;
    json_t *j = fixture_json(text);

    kz_problems_clear(&p);
    if (incident_from_json(j, INCIDENT_JSON_PATCH, inc, &p) != KZ_OK) {
        problems_print(&p);
        fail_msg("patch refused: %s", text);
    }
    json_decref(j);
}

static const char *field(const struct incident *inc, const char *key)
{
    json_t *j = incident_to_json(inc);
    static char out[64];

    snprintf(out, sizeof(out), "%s",
             json_string_value(json_object_get(j, key))
                 ? json_string_value(json_object_get(j, key))
                 : "");
    json_decref(j);
    return out;
}

static void test_improper_purpose_judgement(void **state)
{
    static const struct {
        const char *patch;
        bool value;
        bool manual;
    } steps[] = {
        /* A false without a reason asserts nothing. */
        {"{\"improper_purpose\": false}", false, false},
        /* True is a judgement. */
        {"{\"improper_purpose\": true}", true, true},
        /* False with a reason given with it is. */
        {"{\"improper_purpose\": false, \"improper_purpose_reason\": "
         "\"誤操作と確認\"}",
         false, true},
        /* Sending the record's own value back keeps it. */
        {"{\"improper_purpose\": false}", false, true},
        /* Taking the reason away takes the "no" back. */
        {"{\"improper_purpose_reason\": null}", false, false},
        /* Giving a standing false its reason alone makes it a "no". */
        {"{\"improper_purpose_reason\": \"誤操作\"}", false, true},
        {"{\"improper_purpose_reason\": \"\"}", false, false},
        {"{\"improper_purpose\": false, \"improper_purpose_reason\": \"　 "
         "\"}",
         false, false},
        {"{\"improper_purpose\": true}", true, true},
        /* A reason for a true is kept, and the true stays a judgement. */
        {"{\"improper_purpose_reason\": \"C2通信あり\"}", true, true},
        /* null gives the question back to the record's facts. */
        {"{\"improper_purpose\": null}", false, false},
    };
    struct incident inc;

    (void)state;
    incident_init(&inc);
    for (size_t i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
        patch(&inc, steps[i].patch);
        if (inc.improper_purpose != steps[i].value ||
            inc.improper_purpose_manual != steps[i].manual)
            fail_msg("step %zu (%s): value %d manual %d", i, steps[i].patch,
                     inc.improper_purpose, inc.improper_purpose_manual);
        assert_string_equal(field(&inc, "improper_purpose_source"),
                            steps[i].manual ? "manual" : "derived");
    }
    incident_cleanup(&inc);
}

static void test_improper_purpose_source_is_read_only(void **state)
{
    struct incident inc;
    struct kz_problems p;
    json_t *j = fixture_json("{\"improper_purpose_source\": \"manual\"}");

    (void)state;
    incident_init(&inc);
    kz_problems_clear(&p);
    assert_int_equal(incident_from_json(j, INCIDENT_JSON_PATCH, &inc, &p),
                     KZ_EINVAL);
    assert_problem(&p, "improper_purpose_source", "v.readonly");
    json_decref(j);
    /* The value it holds may be sent back, as with severity_source. */
    patch(&inc, "{\"improper_purpose_source\": \"derived\", "
                "\"leak_state\": \"unknown\"}");
    incident_cleanup(&inc);
}

static void test_leak_state_and_new_facts(void **state)
{
    struct incident inc;

    (void)state;
    incident_init(&inc);
    assert_string_equal(field(&inc, "leak_state"), "unknown");
    patch(&inc, "{\"leak_kinds\": [\"leak\"]}");
    assert_string_equal(field(&inc, "leak_state"), "confirmed");
    patch(&inc, "{\"possible_leak\": true}");
    assert_string_equal(field(&inc, "leak_state"), "possible");
    patch(&inc, "{\"affected_persons_max\": 5000, \"mynumber_system\": true,"
                " \"publicly_viewable\": true, \"nis2_disruption\": true,"
                " \"nis2_damage_others\": true}");
    assert_int_equal(inc.affected_persons_max, 5000);
    assert_true(inc.mynumber_system && inc.publicly_viewable &&
                inc.nis2_disruption && inc.nis2_damage_others);
    json_t *j = incident_to_json(&inc);
    assert_int_equal(
        json_integer_value(json_object_get(j, "affected_persons_max")), 5000);
    json_decref(j);
    patch(&inc, "{\"affected_persons_max\": null}");
    assert_true(inc.affected_persons_max == COUNT_UNKNOWN);
    j = incident_to_json(&inc);
    assert_true(json_is_null(json_object_get(j, "affected_persons_max")));
    json_decref(j);
    incident_cleanup(&inc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_improper_purpose_judgement),
        cmocka_unit_test(test_improper_purpose_source_is_read_only),
        cmocka_unit_test(test_leak_state_and_new_facts),
    };

    return cmocka_run_group_tests(tests, fixture_group_setup, NULL);
}
