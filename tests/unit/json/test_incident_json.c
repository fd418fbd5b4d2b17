/* SPDX-License-Identifier: MIT */
/*
 * test_incident_json.c - the record as JSON (src/json/incident_json.c):
 * a round trip keeps every field, bad input names its field, and the
 * keys kizuki keeps itself are read-only.
 */
#include "support/test.h"

#include <string.h>

#include "json/incident_json.h"
#include "support/fixture.h"
#include "util/mem.h"

#define NOW FIXTURE_NOW

/* The draft as the store would hold it after filing and a move. */
static void stored_record(struct incident *inc)
{
    fixture_draft(inc, NOW);
    inc->id = 7;
    snprintf(inc->ref, sizeof(inc->ref), "INC-2026-0007");
    inc->phase = PHASE_TRIAGE;
    inc->phase_times[PHASE_REPORTED] = inc->reported_at;
    inc->phase_times[PHASE_TRIAGE] = NOW;
    inc->version = 3;
    inc->created_at = inc->reported_at;
    inc->updated_at = NOW;
    inc->created_by = xstrdup("sato.hanako");
    inc->restricted = true;
    inc->tlp = TLP_AMBER_STRICT;
}

/* The fields people may not set, copied from 'src'. */
static void copy_kept_fields(struct incident *dst, const struct incident *src)
{
    dst->id = src->id;
    memcpy(dst->ref, src->ref, sizeof(dst->ref));
    dst->phase = src->phase;
    memcpy(dst->phase_times, src->phase_times, sizeof(dst->phase_times));
    dst->version = src->version;
    dst->created_at = src->created_at;
    dst->updated_at = src->updated_at;
    xstrset(&dst->created_by, src->created_by);
}

static json_t *parse(const char *text)
{
    json_error_t e;
    json_t *j = json_loads(text, 0, &e);

    if (j == NULL)
        fail_msg("test JSON does not parse: %s (%s)", text, e.text);
    return j;
}

/* Decode 'text' into a fresh draft; returns the error, problems in p. */
static enum kz_err decode_text(const char *text, enum incident_json_mode mode,
                               struct incident *inc, struct kz_problems *p)
{
    json_t *j = parse(text);
    enum kz_err err;

    kz_problems_clear(p);
    err = incident_from_json(j, mode, inc, p);
    json_decref(j);
    return err;
}

static void test_round_trip_keeps_every_field(void **state)
{
    struct incident a;
    struct incident b;
    struct kz_problems p;
    json_t *j;

    (void)state;
    stored_record(&a);
    j = incident_to_json(&a);
    incident_init(&b);
    copy_kept_fields(&b, &a);
    kz_problems_clear(&p);
    /* PATCH mode: the read-only keys come back unchanged and pass. */
    if (incident_from_json(j, INCIDENT_JSON_PATCH, &b, &p) != KZ_OK) {
        problems_print(&p);
        fail_msg("round trip refused");
    }
    fixture_assert_same(&a, &b);
    json_decref(j);
    incident_cleanup(&a);
    incident_cleanup(&b);
}

/* Through the text a client sends, Japanese included, in CREATE mode
 * with only the writable keys. */
static void test_round_trip_through_text(void **state)
{
    struct incident a;
    struct incident b;
    struct kz_problems p;
    json_t *j;
    json_t *back;
    char *text;
    const char *key;
    json_t *v;
    void *tmp;

    (void)state;
    stored_record(&a);
    j = incident_to_json(&a);
    json_object_foreach_safe(j, tmp, key, v)
    {
        if (!incident_json_is_writable(key))
            json_object_del(j, key);
    }
    text = json_dumps(j, JSON_COMPACT);
    assert_non_null(strstr(text, "顧客名簿を添付したメールの誤送信"));
    back = parse(text);
    incident_init(&b);
    kz_problems_clear(&p);
    assert_int_equal(incident_from_json(back, INCIDENT_JSON_CREATE, &b, &p),
                     KZ_OK);
    copy_kept_fields(&b, &a);
    fixture_assert_same(&a, &b);
    xfree(text);
    json_decref(back);
    json_decref(j);
    incident_cleanup(&a);
    incident_cleanup(&b);
}

static const char *str_of(const json_t *o, const char *key)
{
    const json_t *v = json_object_get(o, key);

    if (!json_is_string(v))
        fail_msg("%s is not a string", key);
    return json_string_value(v);
}

static void test_encoding_of_each_shape(void **state)
{
    struct incident a;
    json_t *j;
    json_t *it;

    (void)state;
    stored_record(&a);
    j = incident_to_json(&a);
    assert_string_equal(str_of(j, "ref"), "INC-2026-0007");
    assert_string_equal(str_of(j, "title"), "顧客名簿を添付したメールの誤送信");
    assert_string_equal(str_of(j, "kind"), "incident");
    assert_string_equal(str_of(j, "phase"), "triage");
    assert_string_equal(str_of(j, "severity"), "S2");
    assert_int_equal(json_integer_value(json_object_get(j, "priority")), 1);
    /* Times in the display zone, with the offset. */
    assert_string_equal(str_of(j, "occurred_at"), "2026-11-22T07:00:00+09:00");
    assert_string_equal(str_of(j, "updated_at"), "2026-11-22T10:00:00+09:00");
    it = json_object_get(j, "phase_times");
    assert_true(json_is_object(it));
    assert_int_equal(json_object_size(it), 2);
    assert_string_equal(str_of(it, "triage"), "2026-11-22T10:00:00+09:00");
    it = json_object_get(j, "info_types");
    assert_int_equal(json_array_size(it), 3);
    assert_string_equal(str_of(json_array_get(it, 1), "type"), "email_address");
    assert_true(json_is_null(json_object_get(json_array_get(it, 1), "count")));
    assert_int_equal(
        json_integer_value(json_object_get(json_array_get(it, 0), "count")),
        1200);
    assert_string_equal(str_of(j, "tlp"), "amber+strict");
    assert_true(json_is_true(json_object_get(j, "restricted")));
    assert_int_equal(json_integer_value(json_object_get(j, "version")), 3);
    assert_int_equal(json_array_size(json_object_get(j, "tags")), 2);
    json_decref(j);

    /* Values not known yet are null, not zero or "". */
    incident_cleanup(&a);
    j = incident_to_json(&a);
    assert_true(json_is_null(json_object_get(j, "title")));
    assert_true(json_is_null(json_object_get(j, "category")));
    assert_true(json_is_null(json_object_get(j, "severity")));
    assert_true(json_is_null(json_object_get(j, "priority")));
    assert_true(json_is_null(json_object_get(j, "occurred_at")));
    assert_true(json_is_null(json_object_get(j, "affected_persons")));
    assert_int_equal(json_object_size(json_object_get(j, "phase_times")), 0);
    assert_int_equal(json_array_size(json_object_get(j, "parties")), 0);
    assert_false(json_is_true(json_object_get(j, "restricted")));
    json_decref(j);
}

/* Every key the encoder writes is a field, and nothing else is. */
static void test_field_table(void **state)
{
    struct incident a;
    json_t *j;
    const char *key;
    json_t *v;
    size_t writable = 0;

    (void)state;
    incident_init(&a);
    j = incident_to_json(&a);
    json_object_foreach(j, key, v)
    {
        json_t *one = incident_field_to_json(&a, key);
        assert_true(incident_json_has_field(key));
        assert_true(incident_json_shape(key) != SHAPE_NONE);
        assert_non_null(one);
        assert_true(json_equal(one, v));
        json_decref(one);
        writable += incident_json_is_writable(key);
    }
    assert_true(writable > 20);
    assert_false(incident_json_has_field("colour"));
    assert_false(incident_json_is_writable("colour"));
    assert_null(incident_field_to_json(&a, "colour"));
    assert_int_equal(incident_json_shape("colour"), SHAPE_NONE);
    assert_false(incident_json_is_writable("ref"));
    assert_false(incident_json_is_writable("phase"));
    assert_false(incident_json_is_writable("version"));
    assert_false(incident_json_is_writable("created_by"));
    assert_true(incident_json_is_writable("title"));
    assert_int_equal(incident_json_shape("title"), SHAPE_TEXT);
    assert_int_equal(incident_json_shape("priority"), SHAPE_INTEGER);
    assert_int_equal(incident_json_shape("affected_persons"), SHAPE_INTEGER);
    assert_int_equal(incident_json_shape("restricted"), SHAPE_BOOLEAN);
    assert_int_equal(incident_json_shape("tags"), SHAPE_LIST);
    assert_int_equal(incident_json_shape("info_types"), SHAPE_INFO_TYPES);
    json_decref(j);
}

struct bad_case {
    const char *json;
    const char *field;
    const char *key;
};

static void check_bad_cases(const struct bad_case *cases, size_t n,
                            enum incident_json_mode mode)
{
    for (size_t i = 0; i < n; i++) {
        struct incident inc;
        struct kz_problems p;
        enum kz_err err;

        fixture_draft(&inc, NOW);
        err = decode_text(cases[i].json, mode, &inc, &p);
        if (err != KZ_EINVAL || p.n != 1 ||
            !problems_have(&p, cases[i].field, cases[i].key)) {
            problems_print(&p);
            fail_msg("%s: want exactly %s: %s (err %d)", cases[i].json,
                     cases[i].field, cases[i].key, err);
        }
        incident_cleanup(&inc);
    }
}

static void test_unknown_field_is_named(void **state)
{
    static const struct bad_case cases[] = {
        {"{\"colour\": \"red\"}", "colour", "v.unknown_field"},
        {"{\"Title\": \"x\"}", "Title", "v.unknown_field"},
        {"{\"件名\": \"x\"}", "件名", "v.unknown_field"},
        {"{\"id\": 7}", "id", "v.unknown_field"},
        {"{\"info_types\": [{\"type\": \"name\", \"colour\": 1}]}",
         "info_types[0].colour", "v.unknown_field"},
    };

    (void)state;
    check_bad_cases(cases, sizeof(cases) / sizeof(cases[0]),
                    INCIDENT_JSON_CREATE);
}

static void test_wrong_types_are_named(void **state)
{
    static const struct bad_case cases[] = {
        {"{\"title\": 5}", "title", "v.type_string"},
        {"{\"title\": [\"x\"]}", "title", "v.type_string"},
        {"{\"description\": true}", "description", "v.type_string"},
        {"{\"category\": 3}", "category", "v.type_string"},
        {"{\"kind\": 1}", "kind", "v.type_string"},
        {"{\"kind\": null}", "kind", "v.type_string"},
        {"{\"tlp\": 2}", "tlp", "v.type_string"},
        {"{\"severity\": 2}", "severity", "v.severity"},
        {"{\"priority\": \"1\"}", "priority", "v.priority"},
        {"{\"priority\": 1.5}", "priority", "v.priority"},
        {"{\"priority\": 0}", "priority", "v.priority"},
        {"{\"priority\": 5}", "priority", "v.priority"},
        {"{\"occurred_at\": 1795309200}", "occurred_at", "v.type_string"},
        {"{\"tags\": \"メール\"}", "tags", "v.type_array"},
        {"{\"tags\": [\"a\", 1]}", "tags[1]", "v.type_string"},
        {"{\"parties\": {\"staff\": true}}", "parties", "v.type_array"},
        {"{\"members\": [null]}", "members[0]", "v.type_string"},
        {"{\"affected_persons\": \"10\"}", "affected_persons",
         "v.type_integer"},
        {"{\"affected_persons\": 10.5}", "affected_persons", "v.type_integer"},
        {"{\"restricted\": \"yes\"}", "restricted", "v.type_boolean"},
        {"{\"restricted\": 1}", "restricted", "v.type_boolean"},
        {"{\"info_types\": {}}", "info_types", "v.type_array"},
        {"{\"info_types\": [\"name\"]}", "info_types[0]", "v.type_object"},
        {"{\"info_types\": [{\"count\": 3}]}", "info_types[0].type",
         "v.type_string"},
        {"{\"info_types\": [{\"type\": \"name\", \"count\": \"3\"}]}",
         "info_types[0].count", "v.type_integer"},
        {"{\"info_types\": [{\"type\": \"name\"}, {\"type\": 1}]}",
         "info_types[1].type", "v.type_string"},
    };

    (void)state;
    check_bad_cases(cases, sizeof(cases) / sizeof(cases[0]),
                    INCIDENT_JSON_CREATE);
}

static void test_unknown_enum_values_are_named(void **state)
{
    static const struct bad_case cases[] = {
        {"{\"kind\": \"accident\"}", "kind", "v.unknown_key"},
        {"{\"kind\": \"Incident\"}", "kind", "v.unknown_key"},
        {"{\"tlp\": \"white\"}", "tlp", "v.unknown_key"},
        {"{\"tlp\": \"AMBER\"}", "tlp", "v.unknown_key"},
        {"{\"severity\": \"S5\"}", "severity", "v.severity"},
        {"{\"severity\": \"s1\"}", "severity", "v.severity"},
    };

    (void)state;
    check_bad_cases(cases, sizeof(cases) / sizeof(cases[0]),
                    INCIDENT_JSON_CREATE);
}

static void test_bad_times_are_named(void **state)
{
    static const struct bad_case cases[] = {
        {"{\"occurred_at\": \"2026-02-29T10:00:00+09:00\"}", "occurred_at",
         "v.time_range"},
        {"{\"discovered_at\": \"yesterday\"}", "discovered_at", "v.time"},
        {"{\"reported_at\": \"2026-11-22T24:00\"}", "reported_at",
         "v.time_range"},
        {"{\"reported_at\": \"\"}", "reported_at", "v.time"},
        {"{\"occurred_at\": \"2026-13-01\"}", "occurred_at", "v.time_range"},
    };

    (void)state;
    check_bad_cases(cases, sizeof(cases) / sizeof(cases[0]),
                    INCIDENT_JSON_CREATE);
}

static void test_one_call_names_every_bad_key(void **state)
{
    struct incident inc;
    struct kz_problems p;

    (void)state;
    fixture_draft(&inc, NOW);
    assert_int_equal(
        decode_text("{\"title\": 1, \"kind\": \"accident\","
                    " \"occurred_at\": \"2026-02-29\", \"colour\": 1,"
                    " \"tags\": [1], \"restricted\": null,"
                    " \"version\": 99, \"phase\": \"closed\","
                    " \"description\": \"正しい値は適用される\"}",
                    INCIDENT_JSON_CREATE, &inc, &p),
        KZ_EINVAL);
    assert_problem(&p, "title", "v.type_string");
    assert_problem(&p, "kind", "v.unknown_key");
    assert_problem(&p, "occurred_at", "v.time_range");
    assert_problem(&p, "colour", "v.unknown_field");
    assert_problem(&p, "tags[0]", "v.type_string");
    assert_problem(&p, "restricted", "v.type_boolean");
    assert_problem(&p, "version", "v.readonly");
    assert_problem(&p, "phase", "v.phase_via_move");
    assert_problem_count(&p, 8);
    incident_cleanup(&inc);
}

static void test_read_only_keys_are_refused_on_create(void **state)
{
    static const struct bad_case cases[] = {
        {"{\"ref\": \"INC-2026-0001\"}", "ref", "v.readonly"},
        {"{\"ref\": \"\"}", "ref", "v.readonly"},
        {"{\"phase\": \"reported\"}", "phase", "v.phase_via_move"},
        {"{\"phase_times\": {}}", "phase_times", "v.readonly"},
        {"{\"version\": 0}", "version", "v.readonly"},
        {"{\"created_at\": null}", "created_at", "v.readonly"},
        {"{\"updated_at\": \"2026-11-22T10:00:00+09:00\"}", "updated_at",
         "v.readonly"},
        {"{\"created_by\": \"someone\"}", "created_by", "v.readonly"},
    };

    (void)state;
    check_bad_cases(cases, sizeof(cases) / sizeof(cases[0]),
                    INCIDENT_JSON_CREATE);
}

/* A client may send back what it read; a change is refused. */
static void test_read_only_keys_in_a_patch(void **state)
{
    static const struct {
        const char *json;
        const char *field; /* NULL: accepted */
        const char *key;
    } cases[] = {
        {"{\"ref\": \"INC-2026-0007\"}", NULL, NULL},
        {"{\"ref\": \"INC-2026-0008\"}", "ref", "v.readonly"},
        {"{\"version\": 3}", NULL, NULL},
        {"{\"version\": 4}", "version", "v.readonly"},
        {"{\"version\": \"3\"}", "version", "v.readonly"},
        {"{\"phase\": \"triage\"}", NULL, NULL},
        {"{\"phase\": \"closed\"}", "phase", "v.phase_via_move"},
        {"{\"phase\": \"reported\"}", "phase", "v.phase_via_move"},
        {"{\"created_by\": \"sato.hanako\"}", NULL, NULL},
        {"{\"created_by\": \"attacker\"}", "created_by", "v.readonly"},
        {"{\"created_at\": \"2026-11-22T09:00:00+09:00\"}", NULL, NULL},
        {"{\"created_at\": \"2026-11-22T08:00:00+09:00\"}", "created_at",
         "v.readonly"},
        {"{\"updated_at\": null}", "updated_at", "v.readonly"},
        {"{\"phase_times\": {\"reported\": \"2026-11-22T09:00:00+09:00\","
         " \"triage\": \"2026-11-22T10:00:00+09:00\"}}",
         NULL, NULL},
        {"{\"phase_times\": {}}", "phase_times", "v.readonly"},
    };

    (void)state;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct incident inc;
        struct kz_problems p;
        enum kz_err err;

        stored_record(&inc);
        err = decode_text(cases[i].json, INCIDENT_JSON_PATCH, &inc, &p);
        if (cases[i].field == NULL) {
            if (err != KZ_OK) {
                problems_print(&p);
                fail_msg("%s should be tolerated", cases[i].json);
            }
        } else if (err != KZ_EINVAL || p.n != 1 ||
                   !problems_have(&p, cases[i].field, cases[i].key)) {
            problems_print(&p);
            fail_msg("%s: want %s: %s", cases[i].json, cases[i].field,
                     cases[i].key);
        }
        /* Read-only values are never changed by decoding. */
        assert_string_equal(inc.ref, "INC-2026-0007");
        assert_int_equal(inc.version, 3);
        assert_int_equal(inc.phase, PHASE_TRIAGE);
        incident_cleanup(&inc);
    }
}

static void test_null_clears_what_may_be_unknown(void **state)
{
    struct incident inc;
    struct kz_problems p;

    (void)state;
    fixture_draft(&inc, NOW);
    assert_int_equal(
        decode_text("{\"category\": null, \"severity\": null,"
                    " \"priority\": null, \"occurred_at\": null,"
                    " \"affected_persons\": null, \"tags\": null,"
                    " \"info_types\": null, \"description\": null}",
                    INCIDENT_JSON_PATCH, &inc, &p),
        KZ_OK);
    assert_null(inc.category);
    assert_null(inc.description);
    assert_int_equal(inc.severity, 0);
    assert_int_equal(inc.priority, 0);
    assert_true(inc.occurred_at == KZ_TIME_NONE);
    assert_true(inc.affected_persons == COUNT_UNKNOWN);
    assert_int_equal(inc.tags.n, 0);
    assert_int_equal(inc.n_info_types, 0);
    incident_cleanup(&inc);
}

static void test_values_are_applied(void **state)
{
    struct incident inc;
    struct kz_problems p;

    (void)state;
    incident_init(&inc);
    assert_int_equal(
        decode_text(
            "{\"title\": \"標的型メールの開封\", \"kind\": \"near_miss\","
            " \"severity\": \"S1\", \"priority\": 4, \"tlp\": \"red\","
            " \"discovered_at\": \"2026-11-22T09:30+09:00\","
            " \"reported_at\": \"2026-11-22\","
            " \"info_types\": [{\"type\": \"name\", \"count\": 5},"
            " {\"type\": \"address\"}, {\"type\": \"income\","
            " \"count\": null}], \"affected_persons\": 0,"
            " \"restricted\": true, \"members\": [\"a\", \"b\"]}",
            INCIDENT_JSON_CREATE, &inc, &p),
        KZ_OK);
    assert_string_equal(inc.title, "標的型メールの開封");
    assert_int_equal(inc.kind, KIND_NEAR_MISS);
    assert_int_equal(inc.severity, 1);
    assert_int_equal(inc.priority, 4);
    assert_int_equal(inc.tlp, TLP_RED);
    assert_int_equal(inc.discovered_at, NOW - 1800);
    assert_int_equal(inc.reported_at, fixture_time("2026-11-22T00:00+09:00"));
    assert_int_equal(inc.n_info_types, 3);
    assert_int_equal(inc.info_types[0].count, 5);
    assert_true(inc.info_types[1].count == COUNT_UNKNOWN);
    assert_true(inc.info_types[2].count == COUNT_UNKNOWN);
    assert_int_equal(inc.affected_persons, 0);
    assert_true(inc.restricted);
    assert_int_equal(inc.members.n, 2);
    incident_cleanup(&inc);
}

/* The smallest 64-bit integer is kizuki's "unknown"; sent by a client it
 * must stay a (negative, refused) number, not turn into "unknown". */
static void test_int64_min_is_not_unknown(void **state)
{
    struct incident inc;
    struct kz_problems p;

    (void)state;
    fixture_draft(&inc, NOW);
    assert_int_equal(decode_text("{\"affected_persons\": "
                                 "-9223372036854775808, \"info_types\": "
                                 "[{\"type\": \"name\", \"count\": "
                                 "-9223372036854775808}]}",
                                 INCIDENT_JSON_CREATE, &inc, &p),
                     KZ_OK);
    assert_true(inc.affected_persons < 0);
    assert_true(inc.affected_persons != COUNT_UNKNOWN);
    assert_true(inc.info_types[0].count < 0);
    assert_true(inc.info_types[0].count != COUNT_UNKNOWN);
    kz_problems_clear(&p);
    assert_int_equal(incident_validate(&inc, NOW, &p), KZ_EINVAL);
    assert_problem(&p, "affected_persons", "v.negative");
    assert_problem(&p, "info_types[0].count", "v.negative");
    incident_cleanup(&inc);
}

static void test_not_an_object_is_malformed(void **state)
{
    static const char *const texts[] = {"[]", "\"title\"", "1", "null",
                                        "[{\"title\": \"x\"}]"};
    struct incident inc;
    struct kz_problems p;

    (void)state;
    incident_init(&inc);
    for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
        json_t *j = json_loads(texts[i], JSON_DECODE_ANY, NULL);
        kz_problems_clear(&p);
        assert_int_equal(incident_from_json(j, INCIDENT_JSON_CREATE, &inc, &p),
                         KZ_EMALFORMED);
        json_decref(j);
    }
    kz_problems_clear(&p);
    assert_int_equal(incident_from_json(NULL, INCIDENT_JSON_PATCH, &inc, &p),
                     KZ_EMALFORMED);
    incident_cleanup(&inc);
}

static void test_empty_object_changes_nothing(void **state)
{
    struct incident a;
    struct incident b;
    struct kz_problems p;

    (void)state;
    stored_record(&a);
    incident_init(&b);
    incident_copy(&b, &a);
    assert_int_equal(decode_text("{}", INCIDENT_JSON_PATCH, &b, &p), KZ_OK);
    assert_int_equal(p.n, 0);
    fixture_assert_same(&a, &b);
    incident_cleanup(&a);
    incident_cleanup(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_round_trip_keeps_every_field),
        cmocka_unit_test(test_round_trip_through_text),
        cmocka_unit_test(test_encoding_of_each_shape),
        cmocka_unit_test(test_field_table),
        cmocka_unit_test(test_unknown_field_is_named),
        cmocka_unit_test(test_wrong_types_are_named),
        cmocka_unit_test(test_unknown_enum_values_are_named),
        cmocka_unit_test(test_bad_times_are_named),
        cmocka_unit_test(test_one_call_names_every_bad_key),
        cmocka_unit_test(test_read_only_keys_are_refused_on_create),
        cmocka_unit_test(test_read_only_keys_in_a_patch),
        cmocka_unit_test(test_null_clears_what_may_be_unknown),
        cmocka_unit_test(test_values_are_applied),
        cmocka_unit_test(test_int64_min_is_not_unknown),
        cmocka_unit_test(test_not_an_object_is_malformed),
        cmocka_unit_test(test_empty_object_changes_nothing),
    };

    return cmocka_run_group_tests(tests, fixture_group_setup, NULL);
}
