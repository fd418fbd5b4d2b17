/* SPDX-License-Identifier: MIT */
/*
 * test_audit_json.c - the audit log's JSON (src/json/audit_json.c): an
 * entry as GET /api/v1/audit shows it, and the "chron" head a detail
 * carries, written and read back - the detail is hashed as stored, so
 * the text must come out the same for the same input, and a detail that
 * is no object or no JSON at all is kept, not lost.
 */
#include "support/test.h"

#include <string.h>

#include "json/audit_json.h"
#include "util/mem.h"

#define HASH_A                                                                 \
    "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

static struct chron_head head_of(int64_t count, const char *hash)
{
    struct chron_head h;

    h.count = count;
    snprintf(h.hash, sizeof(h.hash), "%s", hash);
    return h;
}

static void test_empty_detail_gets_the_head_alone(void **state)
{
    (void)state;
    struct chron_head h = head_of(3, HASH_A);
    char *a = audit_detail_with_chron(NULL, &h);
    char *b = audit_detail_with_chron("", &h);

    assert_string_equal(a, "{\"chron\":{\"count\":3,\"hash\":\"" HASH_A "\"}}");
    assert_string_equal(a, b);
    xfree(a);
    xfree(b);
}

static void test_object_detail_keeps_its_members_first(void **state)
{
    (void)state;
    struct chron_head h = head_of(12, HASH_A);
    char *d = audit_detail_with_chron("{\"role\":\"handler\",\"n\":2}", &h);

    assert_string_equal(d, "{\"role\":\"handler\",\"n\":2,\"chron\":{"
                           "\"count\":12,\"hash\":\"" HASH_A "\"}}");
    xfree(d);
}

static void test_other_details_are_wrapped_not_lost(void **state)
{
    (void)state;
    struct chron_head h = head_of(1, HASH_A);
    char *arr = audit_detail_with_chron("[1,2]", &h);
    char *text = audit_detail_with_chron("not json", &h);

    assert_non_null(strstr(arr, "\"detail\":[1,2]"));
    assert_non_null(strstr(text, "\"detail\":\"not json\""));
    xfree(arr);
    xfree(text);
}

static void test_head_round_trips(void **state)
{
    (void)state;
    struct chron_head h = head_of(42, HASH_A);
    struct chron_head back = head_of(0, "");
    char *d = audit_detail_with_chron("{\"part\":\"tasks\"}", &h);

    assert_true(audit_detail_chron(d, &back));
    assert_int_equal(back.count, 42);
    assert_string_equal(back.hash, HASH_A);
    xfree(d);
}

/* What is not a well-formed head leaves *head as it was. */
static void test_malformed_heads_are_refused(void **state)
{
    (void)state;
    static const char *const bad[] = {
        NULL,
        "",
        "{broken",
        "{\"role\":\"admin\"}",
        "{\"chron\":{\"count\":0,\"hash\":\"" HASH_A "\"}}",
        "{\"chron\":{\"count\":-1,\"hash\":\"" HASH_A "\"}}",
        "{\"chron\":{\"count\":\"3\",\"hash\":\"" HASH_A "\"}}",
        "{\"chron\":{\"count\":3,\"hash\":\"abc\"}}",
        "{\"chron\":{\"count\":3}}",
        "{\"chron\":[3]}",
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        struct chron_head h = head_of(7, "unchanged");
        assert_false(audit_detail_chron(bad[i], &h));
        assert_int_equal(h.count, 7);
        assert_string_equal(h.hash, "unchanged");
    }
}

static void test_entry_keeps_its_key_order(void **state)
{
    (void)state;
    struct audit_entry e;

    audit_entry_init(&e);
    e.seq = 5;
    e.at = 0;
    e.actor = xstrdup("admin");
    e.action = xstrdup("user.add");
    e.target = xstrdup("user:sato");
    e.source = xstrdup("cli");
    e.detail = xstrdup("{\"role\":\"handler\"}");
    snprintf(e.prev_hash, sizeof(e.prev_hash), "%s", HASH_A);
    snprintf(e.hash, sizeof(e.hash), "%s", HASH_A);
    json_t *j = audit_entry_to_json(&e);
    char *text = json_dumps(j, JSON_COMPACT);
    assert_string_equal(
        text,
        "{\"seq\":5,\"at\":\"1970-01-01T00:00:00+00:00\",\"actor\":\"admin\","
        "\"action\":\"user.add\",\"target\":\"user:sato\",\"source\":"
        "\"cli\",\"detail\":{\"role\":\"handler\"},\"prev_hash\":\"" HASH_A
        "\",\"hash\":\"" HASH_A "\"}");
    xfree(text);
    json_decref(j);
    /* No detail, or one that is no JSON, is null. */
    xstrset(&e.detail, "");
    j = audit_entry_to_json(&e);
    assert_true(json_is_null(json_object_get(j, "detail")));
    json_decref(j);
    xstrset(&e.detail, "{oops");
    j = audit_entry_to_json(&e);
    assert_true(json_is_null(json_object_get(j, "detail")));
    json_decref(j);
    audit_entry_cleanup(&e);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_empty_detail_gets_the_head_alone),
        cmocka_unit_test(test_object_detail_keeps_its_members_first),
        cmocka_unit_test(test_other_details_are_wrapped_not_lost),
        cmocka_unit_test(test_head_round_trips),
        cmocka_unit_test(test_malformed_heads_are_refused),
        cmocka_unit_test(test_entry_keeps_its_key_order),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
