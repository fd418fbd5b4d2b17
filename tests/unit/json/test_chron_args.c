/* SPDX-License-Identifier: MIT */
/*
 * test_chron_args.c - bodies and audit details built from C values
 * (src/json/chron_args.c) are the text the use cases wrote with
 * json_pack and json_dumps: the chain hashes it, and old and new entries
 * must read alike.
 */
#include "support/test.h"

#include <jansson.h>

#include "json/chron_args.h"
#include "util/mem.h"

static void test_object_is_compact_and_sorted(void **state)
{
    (void)state;
    const struct chron_arg a[] = {CHRON_STR("sha256", "ab"),
                                  CHRON_INT("size", 1200),
                                  CHRON_INT("evidence", 7)};
    char *d = chron_args_object(a, sizeof a / sizeof *a);

    assert_string_equal(d, "{\"evidence\":7,\"sha256\":\"ab\",\"size\":1200}");
    xfree(d);
}

static void test_object_as_json_dumps_wrote_it(void **state)
{
    (void)state;
    json_t *o =
        json_pack("{s:I, s:I, s:s, s:s}", "evidence", (json_int_t)3, "seq",
                  (json_int_t)2, "action", "transfer", "hash", "\"q\"/\u00e9");
    char *want = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
    const struct chron_arg a[] = {CHRON_INT("evidence", 3), CHRON_INT("seq", 2),
                                  CHRON_STR("action", "transfer"),
                                  CHRON_STR("hash", "\"q\"/\u00e9")};
    char *got = chron_args_object(a, sizeof a / sizeof *a);

    assert_string_equal(got, want);
    xfree(got);
    xfree(want);
    json_decref(o);
}

static void test_null_and_empty(void **state)
{
    (void)state;
    const struct chron_arg a[] = {CHRON_STR("to", NULL)};
    char *d = chron_args_object(a, 1);
    char *e = chron_args_object(NULL, 0);

    assert_string_equal(d, "{\"to\":null}");
    assert_string_equal(e, "{}");
    xfree(d);
    xfree(e);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_object_is_compact_and_sorted),
        cmocka_unit_test(test_object_as_json_dumps_wrote_it),
        cmocka_unit_test(test_null_and_empty),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
