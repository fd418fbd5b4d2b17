/* SPDX-License-Identifier: MIT */
/*
 * test_list_sort.c - the keyset cursor of the sorted incident list
 * (src/core/list_sort.c): it round-trips every sort and direction, keeps
 * the historical bare-id form for the default order, and refuses anything
 * malformed or made for another order, since it arrives in a URL.
 */
#include "support/test.h"

#include <string.h>

#include "core/list_sort.h"
#include "util/mem.h"

static void test_keys_round_trip(void **state)
{
    enum list_sort s;

    (void)state;
    for (int i = 0; i < LIST_SORT_COUNT; i++) {
        assert_true(list_sort_from_key(list_sort_key((enum list_sort)i), &s));
        assert_int_equal(s, i);
    }
    assert_false(list_sort_from_key("nope", &s));
    assert_false(list_sort_from_key("", &s));
    assert_false(list_sort_from_key("Title", &s));
    assert_false(list_sort_from_key(NULL, &s));
    assert_true(list_sort_is_text(LIST_SORT_TITLE));
    assert_false(list_sort_is_text(LIST_SORT_PHASE));
}

static void test_default_order_keeps_the_bare_id(void **state)
{
    struct list_cursor c, d;
    char *s;

    (void)state;
    list_cursor_init(&c);
    c.desc = true;
    c.id = 4711;
    s = list_cursor_encode(&c);
    assert_string_equal(s, "4711");
    assert_int_equal(list_cursor_decode(s, LIST_SORT_DEFAULT, true, &d), KZ_OK);
    assert_int_equal(d.id, 4711);
    list_cursor_cleanup(&d);
    xfree(s);
    /* Ascending by id is not the historical order: the long form. */
    c.desc = false;
    c.num = 4711;
    s = list_cursor_encode(&c);
    assert_string_equal(s, "id.a.n4711.4711");
    xfree(s);
}

static void test_every_sort_round_trips(void **state)
{
    static const char *texts[] = {"", "Alpha", "ルーター設定ミス",
                                  "a.b c/d?e&f=g", "\x7f\x01"};
    (void)state;
    for (int i = 0; i < LIST_SORT_COUNT; i++) {
        for (int desc = 0; desc < 2; desc++) {
            for (size_t k = 0; k < sizeof(texts) / sizeof(texts[0]); k++) {
                struct list_cursor c, d;
                list_cursor_init(&c);
                c.sort = (enum list_sort)i;
                c.desc = desc;
                c.is_text = list_sort_is_text(c.sort);
                c.text = c.is_text ? xstrdup(texts[k]) : NULL;
                c.num = k == 0 ? -5 : (int64_t)k * 1000000000123;
                c.id = (int64_t)k + 1;
                char *s = list_cursor_encode(&c);
                /* Nothing in it needs escaping in a query string. */
                assert_int_equal(strspn(s, "abcdefghijklmnopqrstuvwxyz"
                                           "0123456789._-"),
                                 strlen(s));
                assert_int_equal(list_cursor_decode(s, c.sort, desc, &d),
                                 KZ_OK);
                assert_int_equal(d.id, c.id);
                if (c.is_text)
                    assert_string_equal(d.text, c.text);
                else if (!(c.sort == LIST_SORT_DEFAULT && desc))
                    assert_int_equal(d.num, c.num);
                /* Made for one order, refused by the other. */
                struct list_cursor e;
                assert_int_equal(list_cursor_decode(s, c.sort, !desc, &e),
                                 KZ_EINVAL);
                list_cursor_cleanup(&e);
                enum list_sort other =
                    (enum list_sort)((i + 1) % LIST_SORT_COUNT);
                assert_int_equal(list_cursor_decode(s, other, desc, &e),
                                 KZ_EINVAL);
                list_cursor_cleanup(&e);
                list_cursor_cleanup(&d);
                list_cursor_cleanup(&c);
                xfree(s);
            }
        }
    }
}

static void test_malformed_cursors_are_refused(void **state)
{
    static const struct {
        enum list_sort sort;
        bool desc;
        const char *s;
    } cases[] = {
        {LIST_SORT_DEFAULT, true, ""},
        {LIST_SORT_DEFAULT, true, "0"},
        {LIST_SORT_DEFAULT, true, "-1"},
        {LIST_SORT_DEFAULT, true, "012"},
        {LIST_SORT_DEFAULT, true, "+12"},
        {LIST_SORT_DEFAULT, true, " 12"},
        {LIST_SORT_DEFAULT, true, "12x"},
        {LIST_SORT_DEFAULT, true, "99999999999999999999"},
        {LIST_SORT_TITLE, false, "title.a.t41"},
        {LIST_SORT_TITLE, false, "title.a.t41."},
        {LIST_SORT_TITLE, false, "title.a.t4.1"},
        {LIST_SORT_TITLE, false, "title.a.t4G.1"},
        {LIST_SORT_TITLE, false, "title.a.t4A.1"},
        {LIST_SORT_TITLE, false, "title.a.t0041.1"},
        {LIST_SORT_TITLE, false, "title.a.n1.1"},
        {LIST_SORT_TITLE, false, "title.a.41.1"},
        {LIST_SORT_TITLE, false, "title.x.t41.1"},
        {LIST_SORT_TITLE, false, "titlea.t41.1"},
        {LIST_SORT_TITLE, false, "title.a.t41.1.2"},
        {LIST_SORT_TITLE, false, "title.a.t41.0"},
        /* Bytes that are not UTF-8: no stored text is those. */
        {LIST_SORT_TITLE, false, "title.a.tf48f.1"},
        {LIST_SORT_TITLE, false, "title.a.tc3.1"},
        {LIST_SORT_TITLE, false, "title.a.t41ff.1"},
        {LIST_SORT_SEVERITY, false, "severity.a.t41.1"},
        {LIST_SORT_SEVERITY, false, "severity.a.n.1"},
        {LIST_SORT_SEVERITY, false, "severity.a.n-.1"},
        {LIST_SORT_SEVERITY, false, "severity.a.n-0.1"},
        {LIST_SORT_SEVERITY, false, "severity.a.n1e3.1"},
        {LIST_SORT_SEVERITY, false, "severity.a.n1.1 "},
    };
    struct list_cursor c;

    (void)state;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        assert_int_equal(
            list_cursor_decode(cases[i].s, cases[i].sort, cases[i].desc, &c),
            KZ_EINVAL);
        list_cursor_cleanup(&c);
    }
    /* Longer than LIST_CURSOR_MAX. */
    char *big = xmalloc(LIST_CURSOR_MAX + 32);
    strcpy(big, "title.a.t");
    size_t n = strlen(big);
    while (n < LIST_CURSOR_MAX + 2)
        big[n++] = '4', big[n++] = '1';
    strcpy(big + n, ".1");
    assert_int_equal(list_cursor_decode(big, LIST_SORT_TITLE, false, &c),
                     KZ_EINVAL);
    list_cursor_cleanup(&c);
    xfree(big);
}

static void test_cursor_at_takes_what_the_store_orders_by(void **state)
{
    struct incident inc;
    struct list_cursor c;

    (void)state;
    incident_init(&inc);
    inc.id = 9;
    strcpy(inc.ref, "INC-2026-10000");
    inc.phase = PHASE_CONTAINMENT;
    inc.kind = KIND_EXERCISE;
    inc.reported_at = 1234;
    list_cursor_init(&c);
    c.sort = LIST_SORT_REF;
    list_cursor_at(&c, &inc);
    assert_int_equal(c.num, 2026LL * 1000000000 + 10000);
    assert_int_equal(c.id, 9);
    c.sort = LIST_SORT_PHASE;
    list_cursor_at(&c, &inc);
    assert_int_equal(c.num, 2);
    c.sort = LIST_SORT_KIND;
    list_cursor_at(&c, &inc);
    assert_int_equal(c.num, 2);
    c.sort = LIST_SORT_SEVERITY;
    list_cursor_at(&c, &inc);
    assert_int_equal(c.num, 0);
    /* Missing text sorts as "". */
    c.sort = LIST_SORT_OWNER;
    list_cursor_at(&c, &inc);
    assert_true(c.is_text);
    assert_string_equal(c.text, "");
    c.sort = LIST_SORT_REPORTED_AT;
    list_cursor_at(&c, &inc);
    assert_false(c.is_text);
    assert_null(c.text);
    assert_int_equal(c.num, 1234);
    list_cursor_cleanup(&c);
    incident_cleanup(&inc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_keys_round_trip),
        cmocka_unit_test(test_default_order_keeps_the_bare_id),
        cmocka_unit_test(test_every_sort_round_trips),
        cmocka_unit_test(test_malformed_cursors_are_refused),
        cmocka_unit_test(test_cursor_at_takes_what_the_store_orders_by),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
