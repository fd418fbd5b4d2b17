/* SPDX-License-Identifier: MIT */
/*
 * test_csv.c - CSV cells (src/util/csv.c): RFC 4180 quoting, and cells a
 * spreadsheet would run as formulas defused with a leading apostrophe.
 */
#include "support/test.h"

#include <string.h>

#include "util/csv.h"

static void check_cell(const char *in, const char *want)
{
    struct buf b;

    buf_init(&b, 4096);
    assert_int_equal(csv_cell(&b, in, true), KZ_OK);
    assert_int_equal(b.len, strlen(want));
    assert_memory_equal(b.data, want, b.len);
    buf_cleanup(&b);
}

static void test_plain_cells_are_as_they_are(void **state)
{
    (void)state;
    check_cell(NULL, "");
    check_cell("", "");
    check_cell("INC-2026-0001", "INC-2026-0001");
    check_cell("ルーター設定ミス", "ルーター設定ミス");
    check_cell("a'b", "a'b");
    check_cell("x=1+2", "x=1+2");
}

static void test_special_characters_are_quoted(void **state)
{
    (void)state;
    check_cell("a,b", "\"a,b\"");
    check_cell("say \"hi\"", "\"say \"\"hi\"\"\"");
    check_cell("\"", "\"\"\"\"");
    check_cell("line1\nline2", "\"line1\nline2\"");
    check_cell("line1\r\nline2", "\"line1\r\nline2\"");
}

static void test_formulas_are_defused(void **state)
{
    (void)state;
    check_cell("=1+2", "'=1+2");
    check_cell("+81-3-1234", "'+81-3-1234");
    check_cell("-5", "'-5");
    check_cell("@SUM(A1)", "'@SUM(A1)");
    check_cell("\tx", "'\tx");
    check_cell("\rx", "\"'\rx\"");
    check_cell("=HYPERLINK(\"http://x\",\"y\")",
               "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"");
}

static void test_rows(void **state)
{
    struct buf b;

    (void)state;
    buf_init(&b, 4096);
    assert_int_equal(csv_cell(&b, "a", true), KZ_OK);
    assert_int_equal(csv_cell(&b, NULL, false), KZ_OK);
    assert_int_equal(csv_cell(&b, "b,c", false), KZ_OK);
    assert_int_equal(csv_end_row(&b), KZ_OK);
    assert_int_equal(csv_cell(&b, "=x", true), KZ_OK);
    assert_int_equal(csv_end_row(&b), KZ_OK);
    const char want[] = "a,,\"b,c\"\r\n'=x\r\n";
    assert_int_equal(b.len, strlen(want));
    assert_memory_equal(b.data, want, b.len);
    buf_cleanup(&b);
    /* A full buffer is an error, not a cut cell. */
    buf_init(&b, 4);
    assert_int_not_equal(csv_cell(&b, "abcdefgh", true), KZ_OK);
    buf_cleanup(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plain_cells_are_as_they_are),
        cmocka_unit_test(test_special_characters_are_quoted),
        cmocka_unit_test(test_formulas_are_defused),
        cmocka_unit_test(test_rows),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
