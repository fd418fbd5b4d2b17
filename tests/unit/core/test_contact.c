/* SPDX-License-Identifier: MIT */
/*
 * test_contact.c - the contact directory's rules (src/core/contact.c,
 * SPEC C5): every field's validation, addresses that are refused (a
 * webhook URL carrying user:password@ included), staleness at the edge
 * of the limit, and the on-call window of an hour of a day (weekdays,
 * weekends, national holidays, the year-end closure).
 */
#include "support/test.h"

#include <stdio.h>
#include <string.h>

#include "core/contact.h"
#include "core/jp_holiday.h"
#include "util/mem.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define NOW ((kz_time)1795309200) /* 2026-11-22T10:00:00+09:00 */
#define DAY ((kz_time)86400)

/* A valid entry with every field set. */
static void valid(struct contact *c)
{
    contact_init(c);
    c->name = xstrdup("鈴木 一郎");
    c->organisation = xstrdup("情報システム部");
    strv_push(&c->roles, "csirt_lead");
    strv_push(&c->roles, "it_admin");
    c->email = xstrdup("suzuki@example.co.jp");
    c->phone = xstrdup("+81 3-1234-5678");
    c->webhook_url = xstrdup("https://chat.example.jp/hooks/T000/B000/XXXX");
    strv_push(&c->windows, "business");
    strv_push(&c->windows, "night");
    c->oncall_order = 2;
    c->notes = xstrdup("夜間は携帯に電話");
    c->last_verified_at = NOW - 30 * DAY;
}

/* Validate 'c' at NOW and expect exactly one problem, or none. */
static void expect(const struct contact *c, const char *field, const char *key,
                   const char *what)
{
    struct kz_problems p;
    enum kz_err err;

    kz_problems_clear(&p);
    err = contact_validate(c, NOW, &p);
    if (field == NULL) {
        if (err != KZ_OK || p.n != 0) {
            problems_print(&p);
            fail_msg("%s: should be valid", what);
        }
        return;
    }
    if (err != KZ_EINVAL || p.n != 1 || !problems_have(&p, field, key)) {
        problems_print(&p);
        fail_msg("%s: want exactly %s: %s", what, field, key);
    }
}

static void test_valid_entry(void **state)
{
    struct contact c;

    (void)state;
    valid(&c);
    expect(&c, NULL, NULL, "full entry");
    contact_cleanup(&c);
    /* Only a name: valid (a phone-less outside body is still listed). */
    contact_init(&c);
    c.name = xstrdup("警視庁 サイバー犯罪対策課");
    expect(&c, NULL, NULL, "name only");
    assert_int_equal(c.oncall_order, 1);
    assert_true(c.last_verified_at == KZ_TIME_NONE);
    contact_cleanup(&c);
}

static void test_each_field_is_checked(void **state)
{
    struct contact c;
    char big[260];

    (void)state;
    valid(&c);
    xstrset(&c.name, NULL);
    expect(&c, "name", "v.required", "no name");
    xstrset(&c.name, " \xE3\x80\x80");
    expect(&c, "name", "v.required", "blank name");
    xstrset(&c.name, "a\nb");
    expect(&c, "name", "v.single_line", "name with a line break");
    contact_cleanup(&c);

    valid(&c);
    xstrset(&c.organisation, "a\x1b[31m");
    expect(&c, "organisation", "v.single_line", "organisation control");
    contact_cleanup(&c);

    valid(&c);
    strv_push(&c.roles, "hacker");
    expect(&c, "roles[2]", "v.unknown_key", "unknown role");
    contact_cleanup(&c);
    valid(&c);
    strv_cleanup(&c.roles);
    for (int i = 0; i < 21; i++)
        strv_push(&c.roles, "other");
    expect(&c, "roles", "v.too_many", "21 roles");
    contact_cleanup(&c);

    valid(&c);
    strv_push(&c.windows, "weekend");
    expect(&c, "windows[2]", "v.unknown_key", "unknown window");
    contact_cleanup(&c);
    valid(&c);
    strv_push(&c.windows, "night");
    expect(&c, "windows", "v.duplicate", "window twice");
    contact_cleanup(&c);

    static const struct {
        int order;
        bool ok;
    } orders[] = {{0, false}, {1, true}, {99, true}, {100, false}, {-1, false}};
    for (size_t i = 0; i < N(orders); i++) {
        valid(&c);
        c.oncall_order = orders[i].order;
        snprintf(big, sizeof(big), "order %d", orders[i].order);
        expect(&c, orders[i].ok ? NULL : "oncall_order", "v.oncall_order", big);
        contact_cleanup(&c);
    }

    valid(&c);
    xstrset(&c.notes, "一行目\n二行目\tタブ");
    expect(&c, NULL, NULL, "notes on lines");
    xstrset(&c.notes, "bell\a");
    expect(&c, "notes", "v.control", "notes control");
    contact_cleanup(&c);

    /* Verified in the future: five minutes of clock skew are allowed. */
    valid(&c);
    c.last_verified_at = NOW + 300;
    expect(&c, NULL, NULL, "verified 300 s ahead");
    c.last_verified_at = NOW + 301;
    expect(&c, "last_verified_at", "v.future", "verified 301 s ahead");
    c.last_verified_at = KZ_TIME_NONE;
    expect(&c, NULL, NULL, "never verified");
    contact_cleanup(&c);

    /* Empty addresses are "none". */
    valid(&c);
    xstrset(&c.email, "");
    xstrset(&c.phone, "");
    xstrset(&c.webhook_url, "");
    expect(&c, NULL, NULL, "empty addresses");
    contact_cleanup(&c);
}

/* An address of exactly 'n' bytes: a…a@ex.jp (OUT: out[n + 1]). */
static void email_of_len(char *out, size_t n)
{
    memset(out, 'a', n - 6);
    memcpy(out + n - 6, "@ex.jp", 7);
    assert_int_equal(strlen(out), n);
}

static void test_email_addresses(void **state)
{
    static const char *const good[] = {
        "a@b.jp",
        "suzuki.ichiro+csirt@example.co.jp",
        "山田@example.jp",
        "x@sub.domain.example",
    };
    static const char *const bad[] = {
        "suzuki",         "@example.jp",      "suzuki@",
        "suzuki@example", "suzuki@.jp",       "suzuki@example.",
        "a@@example.jp",  "a@b@example.jp",   "a b@example.jp",
        "a@example.jp ",  "<a@example.jp>",   "a,b@example.jp",
        "a;b@example.jp", "\"a\"@example.jp", "a\\b@example.jp",
        "a\t@example.jp", "a\x7f@example.jp", "a\xff@example.jp",
        "a@example.jp\n",
    };
    struct contact c;
    char addr[300];

    (void)state;
    for (size_t i = 0; i < N(good); i++) {
        if (!contact_email_is_valid(good[i]))
            fail_msg("%s should be valid", good[i]);
    }
    for (size_t i = 0; i < N(bad); i++) {
        if (contact_email_is_valid(bad[i]))
            fail_msg("\"%s\" should be refused", bad[i]);
        valid(&c);
        xstrset(&c.email, bad[i]);
        expect(&c, "email", "v.email", bad[i]);
        contact_cleanup(&c);
    }
    assert_false(contact_email_is_valid(NULL));
    /* 254 bytes at most. */
    email_of_len(addr, 254);
    assert_true(contact_email_is_valid(addr));
    email_of_len(addr, 255);
    assert_false(contact_email_is_valid(addr));
}

static void test_webhook_urls(void **state)
{
    static const char *const good[] = {
        "https://hooks.slack.com/services/T000/B000/XXXX",
        "http://127.0.0.1:8080/hook",
        "https://chat.example.jp",
        "https://teams.example.com/webhook?id=1&sig=a@b", /* @ after path */
        "https://[::1]:8443/hook",
    };
    static const char *const bad[] = {
        "",
        "ftp://files.example.jp/hook",
        "javascript:alert(1)",
        "mailto:a@example.jp",
        "//chat.example.jp/hook",
        "chat.example.jp/hook",
        "https://",
        "https:///hook",
        "https://:443/hook",
        "HTTPS://chat.example.jp/hook",
        "https://user:password@chat.example.jp/hook",
        "https://token@chat.example.jp/hook",
        "https://user:password@chat.example.jp",
        "https://@chat.example.jp/hook",
        "https://chat.example.jp/ho ok",
        "https://chat.example.jp/hook\n",
        "https://チャット.example.jp/hook",
        "https://chat.example.jp/\x7f",
    };
    struct contact c;
    char url[2100];

    (void)state;
    for (size_t i = 0; i < N(good); i++) {
        if (!contact_url_is_valid(good[i]))
            fail_msg("%s should be valid", good[i]);
        valid(&c);
        xstrset(&c.webhook_url, good[i]);
        expect(&c, NULL, NULL, good[i]);
        contact_cleanup(&c);
    }
    for (size_t i = 0; i < N(bad); i++) {
        if (contact_url_is_valid(bad[i]))
            fail_msg("\"%s\" should be refused", bad[i]);
        if (bad[i][0] == '\0')
            continue; /* empty means "no webhook" in an entry */
        valid(&c);
        xstrset(&c.webhook_url, bad[i]);
        expect(&c, "webhook_url", "v.url", bad[i]);
        contact_cleanup(&c);
    }
    assert_false(contact_url_is_valid(NULL));
    /* 2048 bytes at most. */
    snprintf(url, sizeof(url), "https://chat.example.jp/");
    size_t len = strlen(url);
    memset(url + len, 'x', 2048 - len);
    url[2048] = '\0';
    assert_true(contact_url_is_valid(url));
    url[2048] = 'x';
    url[2049] = '\0';
    assert_false(contact_url_is_valid(url));
}

static void test_phone_numbers(void **state)
{
    static const char *const good[] = {
        "03-1234-5678", "+81 3 1234 5678", "(03) 1234-5678 x12",
        "0120.123.456", "#8000",
    };
    static const char *const bad[] = {
        "03-1234-5678 内線12", "call me",       "03/1234/5678",
        "03-1234-5678\n",      "＋81312345678",
    };
    struct contact c;
    char s[64];

    (void)state;
    for (size_t i = 0; i < N(good); i++) {
        valid(&c);
        xstrset(&c.phone, good[i]);
        expect(&c, NULL, NULL, good[i]);
        contact_cleanup(&c);
    }
    for (size_t i = 0; i < N(bad); i++) {
        valid(&c);
        xstrset(&c.phone, bad[i]);
        expect(&c, "phone", "v.phone", bad[i]);
        contact_cleanup(&c);
    }
    /* 40 characters at most. */
    memset(s, '1', 40);
    s[40] = '\0';
    valid(&c);
    xstrset(&c.phone, s);
    expect(&c, NULL, NULL, "40 digits");
    s[40] = '1';
    s[41] = '\0';
    xstrset(&c.phone, s);
    expect(&c, "phone", "v.phone", "41 digits");
    contact_cleanup(&c);
}

/* Stale: not verified within the limit.  Exactly 180 days ago is still
 * fresh; 180 days and a second, or 181 days, is stale; never verified is
 * stale. */
static void test_staleness_edges(void **state)
{
    struct contact c;

    (void)state;
    contact_init(&c);
    assert_true(contact_is_stale(&c, NOW, CONTACT_STALE_DAYS_DEFAULT));
    assert_int_equal(CONTACT_STALE_DAYS_DEFAULT, 180);
    c.last_verified_at = NOW - 180 * DAY;
    assert_false(contact_is_stale(&c, NOW, 180));
    c.last_verified_at = NOW - 180 * DAY - 1;
    assert_true(contact_is_stale(&c, NOW, 180));
    c.last_verified_at = NOW - 181 * DAY;
    assert_true(contact_is_stale(&c, NOW, 180));
    c.last_verified_at = NOW;
    assert_false(contact_is_stale(&c, NOW, 180));
    c.last_verified_at = NOW + 60; /* clock skew: fresh */
    assert_false(contact_is_stale(&c, NOW, 180));
    /* Another limit, as set by the organisation. */
    c.last_verified_at = NOW - 31 * DAY;
    assert_true(contact_is_stale(&c, NOW, 30));
    assert_false(contact_is_stale(&c, NOW, 31));
    contact_cleanup(&c);
}

static void test_roles_and_windows(void **state)
{
    struct contact c;
    struct contact d;

    (void)state;
    contact_init(&c);
    /* No windows: business hours only. */
    assert_true(contact_covers(&c, WINDOW_BUSINESS));
    assert_false(contact_covers(&c, WINDOW_NIGHT));
    assert_false(contact_covers(&c, WINDOW_HOLIDAY));
    strv_push(&c.windows, "night");
    strv_push(&c.windows, "holiday");
    assert_false(contact_covers(&c, WINDOW_BUSINESS));
    assert_true(contact_covers(&c, WINDOW_NIGHT));
    assert_true(contact_covers(&c, WINDOW_HOLIDAY));
    strv_push(&c.roles, "privacy_officer");
    assert_true(contact_has_role(&c, "privacy_officer"));
    assert_false(contact_has_role(&c, "privacy"));
    assert_false(contact_has_role(&c, "handler"));
    contact_cleanup(&c);

    /* A copy owns its own strings. */
    valid(&c);
    c.id = 7;
    contact_init(&d);
    contact_copy(&d, &c);
    contact_cleanup(&c);
    assert_int_equal(d.id, 7);
    assert_string_equal(d.name, "鈴木 一郎");
    assert_string_equal(d.webhook_url,
                        "https://chat.example.jp/hooks/T000/B000/XXXX");
    assert_int_equal(d.roles.n, 2);
    assert_int_equal(d.windows.n, 2);
    expect(&d, NULL, NULL, "copy");
    contact_cleanup(&d);
    contact_cleanup(&d); /* cleanup of a clean entry is harmless */
}

/* The window of each hour of a day. */
static void test_window_of_an_hour(void **state)
{
    static const struct {
        int y, m, d, hour;
        enum oncall_window want;
        const char *what;
    } rows[] = {
        /* Tuesday 24 Nov 2026, a working day. */
        {2026, 11, 24, 0, WINDOW_NIGHT, "weekday 0:00"},
        {2026, 11, 24, 8, WINDOW_NIGHT, "weekday 8:59"},
        {2026, 11, 24, 9, WINDOW_BUSINESS, "weekday 9:00"},
        {2026, 11, 24, 12, WINDOW_BUSINESS, "weekday noon"},
        {2026, 11, 24, 17, WINDOW_BUSINESS, "weekday 17:59"},
        {2026, 11, 24, 18, WINDOW_NIGHT, "weekday 18:00"},
        {2026, 11, 24, 23, WINDOW_NIGHT, "weekday 23:00"},
        /* Saturday and Sunday, at any hour. */
        {2026, 11, 21, 10, WINDOW_HOLIDAY, "Saturday 10:00"},
        {2026, 11, 21, 3, WINDOW_HOLIDAY, "Saturday 3:00"},
        {2026, 11, 22, 10, WINDOW_HOLIDAY, "Sunday 10:00"},
        {2026, 11, 22, 22, WINDOW_HOLIDAY, "Sunday 22:00"},
        /* Labour Thanksgiving Day, a Monday. */
        {2026, 11, 23, 10, WINDOW_HOLIDAY, "national holiday 10:00"},
        {2026, 11, 23, 20, WINDOW_HOLIDAY, "national holiday 20:00"},
        /* A substitute holiday (Constitution Day 2026 falls on Sunday). */
        {2026, 5, 6, 10, WINDOW_HOLIDAY, "substitute holiday"},
        /* The year-end closure, 29 Dec to 3 Jan, on working days too. */
        {2026, 12, 28, 10, WINDOW_BUSINESS, "Monday 28 Dec"},
        {2026, 12, 29, 10, WINDOW_HOLIDAY, "Tuesday 29 Dec"},
        {2026, 12, 30, 9, WINDOW_HOLIDAY, "Wednesday 30 Dec"},
        {2026, 12, 31, 17, WINDOW_HOLIDAY, "Thursday 31 Dec"},
        {2027, 1, 1, 10, WINDOW_HOLIDAY, "New Year's Day"},
        {2026, 1, 2, 10, WINDOW_HOLIDAY, "Friday 2 Jan"},
        {2025, 1, 3, 10, WINDOW_HOLIDAY, "Friday 3 Jan"},
        {2025, 1, 6, 10, WINDOW_BUSINESS, "Monday 6 Jan"},
        {2026, 1, 5, 8, WINDOW_NIGHT, "Monday 5 Jan 8:00"},
        {2026, 1, 5, 9, WINDOW_BUSINESS, "Monday 5 Jan 9:00"},
    };

    (void)state;
    /* The calendar agrees with the rows' premises. */
    assert_int_equal(jp_weekday(2026, 11, 24), 2);
    assert_int_equal(jp_weekday(2026, 11, 21), 6);
    assert_int_equal(jp_weekday(2026, 11, 22), 0);
    assert_true(jp_is_holiday(2026, 11, 23));
    assert_false(jp_is_holiday(2026, 12, 29));
    assert_int_equal(jp_weekday(2026, 12, 29), 2);
    assert_int_equal(jp_weekday(2026, 1, 2), 5);
    assert_false(jp_is_holiday(2026, 1, 2));
    for (size_t i = 0; i < N(rows); i++) {
        enum oncall_window got =
            oncall_window_of(rows[i].y, rows[i].m, rows[i].d, rows[i].hour);
        if (got != rows[i].want)
            fail_msg("%s (%04d-%02d-%02d %02d h): want %d, got %d",
                     rows[i].what, rows[i].y, rows[i].m, rows[i].d,
                     rows[i].hour, rows[i].want, got);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_valid_entry),
        cmocka_unit_test(test_each_field_is_checked),
        cmocka_unit_test(test_email_addresses),
        cmocka_unit_test(test_webhook_urls),
        cmocka_unit_test(test_phone_numbers),
        cmocka_unit_test(test_staleness_edges),
        cmocka_unit_test(test_roles_and_windows),
        cmocka_unit_test(test_window_of_an_hour),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
