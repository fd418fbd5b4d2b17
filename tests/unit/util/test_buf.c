/* SPDX-License-Identifier: MIT */
/*
 * test_buf.c - the capped growable buffer (src/util/buf.c): appends up to
 * the cap succeed, past it fail with KZ_ETOOBIG and change nothing.
 */
#include "support/test.h"

#include <stdio.h>
#include <string.h>

#include "util/buf.h"
#include "util/mem.h"

static void test_appends_accumulate_and_stay_terminated(void **state)
{
    struct buf b;

    (void)state;
    buf_init(&b, 1024);
    assert_null(b.data);
    assert_int_equal(b.len, 0);
    assert_int_equal(buf_puts(&b, "気づき"), KZ_OK);
    assert_int_equal(buf_append(&b, "-", 1), KZ_OK);
    assert_int_equal(buf_printf(&b, "%s-%04d", "INC", 7), KZ_OK);
    assert_string_equal(b.data, "気づき-INC-0007");
    assert_int_equal(b.len, strlen("気づき-INC-0007"));
    assert_int_equal(b.data[b.len], '\0');
    buf_cleanup(&b);
    assert_null(b.data);
    assert_int_equal(b.len, 0);
}

static void test_binary_data_keeps_embedded_nul(void **state)
{
    struct buf b;
    const char bytes[] = {'a', '\0', 'b'};

    (void)state;
    buf_init(&b, 16);
    assert_int_equal(buf_append(&b, bytes, 3), KZ_OK);
    assert_int_equal(b.len, 3);
    assert_memory_equal(b.data, bytes, 3);
    assert_int_equal(b.data[3], '\0');
    assert_int_equal(buf_append(&b, NULL, 0), KZ_OK);
    assert_int_equal(b.len, 3);
    buf_cleanup(&b);
}

static void test_cap_is_inclusive(void **state)
{
    struct buf b;

    (void)state;
    buf_init(&b, 10);
    assert_int_equal(buf_puts(&b, "0123456789"), KZ_OK);
    assert_int_equal(b.len, 10);
    assert_int_equal(buf_append(&b, "x", 1), KZ_ETOOBIG);
    assert_int_equal(b.len, 10);
    assert_string_equal(b.data, "0123456789");
    assert_int_equal(buf_append(&b, "", 0), KZ_OK);
    buf_cleanup(&b);
}

static void test_refused_append_changes_nothing(void **state)
{
    struct buf b;

    (void)state;
    buf_init(&b, 8);
    assert_int_equal(buf_puts(&b, "abc"), KZ_OK);
    assert_int_equal(buf_puts(&b, "defghi"), KZ_ETOOBIG);
    assert_int_equal(b.len, 3);
    assert_string_equal(b.data, "abc");
    assert_int_equal(buf_printf(&b, "%d", 123456), KZ_ETOOBIG);
    assert_string_equal(b.data, "abc");
    /* A size that would overflow len + n is refused, not wrapped. */
    assert_int_equal(buf_append(&b, "x", (size_t)-1), KZ_ETOOBIG);
    assert_int_equal(b.len, 3);
    buf_cleanup(&b);
}

static void test_zero_cap_refuses_everything(void **state)
{
    struct buf b;
    char *s;

    (void)state;
    buf_init(&b, 0);
    assert_int_equal(buf_puts(&b, "a"), KZ_ETOOBIG);
    assert_int_equal(buf_puts(&b, ""), KZ_OK);
    s = buf_take(&b);
    assert_string_equal(s, "");
    xfree(s);
}

/* Output longer than the 256-byte scratch space takes the second path. */
static void test_long_printf(void **state)
{
    struct buf b;
    char want[1001];

    (void)state;
    memset(want, 'x', 1000);
    want[1000] = '\0';
    buf_init(&b, 4096);
    assert_int_equal(buf_puts(&b, "<"), KZ_OK);
    assert_int_equal(buf_printf(&b, "%s%d", want, 42), KZ_OK);
    assert_int_equal(b.len, 1 + 1000 + 2);
    assert_memory_equal(b.data + 1, want, 1000);
    assert_string_equal(b.data + 1001, "42");
    buf_cleanup(&b);

    buf_init(&b, 500);
    assert_int_equal(buf_printf(&b, "%s", want), KZ_ETOOBIG);
    assert_int_equal(b.len, 0);
    buf_cleanup(&b);
}

static void test_growth_keeps_contents(void **state)
{
    struct buf b;

    (void)state;
    buf_init(&b, 1 << 20);
    for (int i = 0; i < 10000; i++)
        assert_int_equal(buf_printf(&b, "%d,", i % 10), KZ_OK);
    assert_int_equal(b.len, 20000);
    for (size_t i = 0; i < b.len; i += 2) {
        assert_int_equal(b.data[i], '0' + (int)((i / 2) % 10));
        assert_int_equal(b.data[i + 1], ',');
    }
    buf_cleanup(&b);
}

static void test_take_moves_ownership_out(void **state)
{
    struct buf b;
    char *s;

    (void)state;
    buf_init(&b, 64);
    s = buf_take(&b);
    assert_non_null(s);
    assert_string_equal(s, "");
    xfree(s);
    assert_int_equal(buf_puts(&b, "報告"), KZ_OK);
    s = buf_take(&b);
    assert_string_equal(s, "報告");
    assert_null(b.data);
    assert_int_equal(b.len, 0);
    /* The buffer is empty and usable again, with the same cap. */
    assert_int_equal(buf_puts(&b, "x"), KZ_OK);
    assert_string_equal(b.data, "x");
    buf_cleanup(&b);
    xfree(s);
}

static void test_reset_forgets_contents(void **state)
{
    struct buf b;

    (void)state;
    buf_init(&b, 64);
    buf_reset(&b); /* on an empty buffer too */
    assert_int_equal(buf_puts(&b, "abc"), KZ_OK);
    buf_reset(&b);
    assert_int_equal(b.len, 0);
    assert_string_equal(b.data, "");
    assert_int_equal(buf_puts(&b, "de"), KZ_OK);
    assert_string_equal(b.data, "de");
    buf_cleanup(&b);
    buf_cleanup(&b); /* twice is harmless */
}

static void test_read_all_reads_to_the_end_within_the_cap(void **state)
{
    FILE *f = tmpfile();
    char big[5000];
    char *s;

    (void)state;
    assert_non_null(f);
    memset(big, 'x', sizeof(big));
    assert_int_equal(fwrite(big, 1, sizeof(big), f), sizeof(big));
    rewind(f);
    /* More than one chunk of reading, up to the cap exactly. */
    s = buf_read_all(f, sizeof(big));
    assert_non_null(s);
    assert_int_equal(strlen(s), sizeof(big));
    xfree(s);
    rewind(f);
    assert_null(buf_read_all(f, sizeof(big) - 1));
    /* At the end already: the empty string. */
    s = buf_read_all(f, 10);
    assert_non_null(s);
    assert_string_equal(s, "");
    xfree(s);
    fclose(f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_appends_accumulate_and_stay_terminated),
        cmocka_unit_test(test_binary_data_keeps_embedded_nul),
        cmocka_unit_test(test_cap_is_inclusive),
        cmocka_unit_test(test_refused_append_changes_nothing),
        cmocka_unit_test(test_zero_cap_refuses_everything),
        cmocka_unit_test(test_long_printf),
        cmocka_unit_test(test_growth_keeps_contents),
        cmocka_unit_test(test_take_moves_ownership_out),
        cmocka_unit_test(test_reset_forgets_contents),
        cmocka_unit_test(test_read_all_reads_to_the_end_within_the_cap),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
