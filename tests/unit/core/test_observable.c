/* SPDX-License-Identifier: MIT */
/*
 * test_observable.c - observables (src/core/observable.c): the type keys,
 * the normal form of every type with the inputs that trip parsers up
 * (leading zeros, IPv4-mapped IPv6, host bits in a CIDR, full-width and
 * Japanese domains, defanged URLs, upper-case and short hashes), and the
 * extraction of candidates from mail headers and free text.
 */
#include "support/test.h"

#include <stdio.h>
#include <string.h>

#include "core/observable.h"
#include "util/mem.h"

/* 'in' as type 't' normalises to 'want' (and shows as 'display' unless
 * NULL). */
static void ok(enum obs_type t, const char *in, const char *want,
               const char *display)
{
    char *v = NULL;
    char *d = NULL;
    const char *why = NULL;

    enum kz_err err = obs_normalise(t, in, &v, &d, &why);
    if (err != KZ_OK)
        fail_msg("%s %s: refused (%s)", obs_type_key(t), in, why);
    if (strcmp(v, want) != 0)
        fail_msg("%s %s: got %s, want %s", obs_type_key(t), in, v, want);
    if (display != NULL && strcmp(d, display) != 0)
        fail_msg("%s %s: display %s, want %s", obs_type_key(t), in, d, display);
    xfree(v);
    xfree(d);
}

static void bad(enum obs_type t, const char *in, const char *why_want)
{
    char *v = (char *)"unset";
    char *d = (char *)"unset";
    const char *why = NULL;

    if (obs_normalise(t, in, &v, &d, &why) != KZ_EINVAL)
        fail_msg("%s %s: accepted as %s", obs_type_key(t), in, v);
    assert_null(v);
    assert_null(d);
    assert_non_null(why);
    if (why_want != NULL)
        assert_string_equal(why, why_want);
}

static void test_type_keys(void **state)
{
    (void)state;
    static const char *const keys[] = {
        "ipv4", "ipv6",   "cidr",     "domain",  "url",   "email", "md5",
        "sha1", "sha256", "filename", "account", "phone", "other",
    };
    enum obs_type t;
    for (int i = 0; i < OBS_TYPE_COUNT; i++) {
        assert_string_equal(obs_type_key((enum obs_type)i), keys[i]);
        assert_true(obs_type_from_key(keys[i], &t));
        assert_int_equal(t, i);
    }
    assert_false(obs_type_from_key("IPv4", &t));
    assert_false(obs_type_from_key("hash", &t));
    assert_false(obs_type_from_key(NULL, &t));
}

static void test_ipv4(void **state)
{
    (void)state;
    ok(OBS_IPV4, "203.0.113.5", "203.0.113.5", "203.0.113.5");
    ok(OBS_IPV4, "  0.0.0.0 ", "0.0.0.0", NULL);
    ok(OBS_IPV4, "203[.]0[.]113[.]5", "203.0.113.5", NULL);
    ok(OBS_IPV4, "255.255.255.255", "255.255.255.255", NULL);
    /* Octal to some parsers, decimal to others. */
    bad(OBS_IPV4, "1.2.3.04", "obs.bad_ipv4");
    bad(OBS_IPV4, "01.2.3.4", "obs.bad_ipv4");
    bad(OBS_IPV4, "1.2.3.256", "obs.bad_ipv4");
    bad(OBS_IPV4, "1.2.3", "obs.bad_ipv4");
    bad(OBS_IPV4, "1.2.3.4.5", "obs.bad_ipv4");
    bad(OBS_IPV4, "1.2.3.4 x", "obs.bad_ipv4");
    bad(OBS_IPV4, "0x7f.0.0.1", "obs.bad_ipv4");
    bad(OBS_IPV4, "1.2.3.0004", "obs.bad_ipv4");
    bad(OBS_IPV4, "-1.2.3.4", "obs.bad_ipv4");
    bad(OBS_IPV4, "", "obs.empty");
    bad(OBS_IPV4, "   ", "obs.empty");
}

static void test_ipv6(void **state)
{
    (void)state;
    /* RFC 5952: lower case, no leading zeros, longest zero run. */
    ok(OBS_IPV6, "2001:DB8::0:1", "2001:db8::1", NULL);
    ok(OBS_IPV6, "2001:0db8:0000:0000:0000:0000:0000:0001", "2001:db8::1",
       NULL);
    ok(OBS_IPV6, "2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1", NULL);
    /* A single zero group is not compressed. */
    ok(OBS_IPV6, "2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1", NULL);
    ok(OBS_IPV6, "0:0:0:0:0:0:0:0", "::", NULL);
    ok(OBS_IPV6, "::1", "::1", NULL);
    ok(OBS_IPV6, "fe80::", "fe80::", NULL);
    ok(OBS_IPV6, "[2001:db8::1]", "2001:db8::1", NULL);
    /* IPv4-mapped: kept, the IPv4 part dotted. */
    ok(OBS_IPV6, "::ffff:1.2.3.4", "::ffff:1.2.3.4", NULL);
    ok(OBS_IPV6, "::FFFF:0102:0304", "::ffff:1.2.3.4", NULL);
    bad(OBS_IPV6, "2001:db8::1::1", "obs.bad_ipv6");
    bad(OBS_IPV6, "fe80::1%eth0", "obs.bad_ipv6");
    bad(OBS_IPV6, "1.2.3.4", "obs.bad_ipv6");
    bad(OBS_IPV6, "::ffff:1.2.3.04", "obs.bad_ipv6");
    bad(OBS_IPV6, "12345::", "obs.bad_ipv6");
    bad(OBS_IPV6, "g::1", "obs.bad_ipv6");
}

static void test_cidr(void **state)
{
    (void)state;
    ok(OBS_CIDR, "10.0.0.0/8", "10.0.0.0/8", NULL);
    /* The host bits are cleared: the network is what is compared. */
    ok(OBS_CIDR, "10.1.2.3/8", "10.0.0.0/8", NULL);
    ok(OBS_CIDR, "192.0.2.130/25", "192.0.2.128/25", NULL);
    ok(OBS_CIDR, "203.0.113.5/32", "203.0.113.5/32", NULL);
    ok(OBS_CIDR, "1.2.3.4/0", "0.0.0.0/0", NULL);
    ok(OBS_CIDR, "2001:DB8::1/32", "2001:db8::/32", NULL);
    ok(OBS_CIDR, "2001:db8:ffff::/33", "2001:db8:8000::/33", NULL);
    ok(OBS_CIDR, "2001:db8::1/128", "2001:db8::1/128", NULL);
    bad(OBS_CIDR, "10.0.0.1/33", "obs.bad_cidr");
    bad(OBS_CIDR, "2001:db8::/129", "obs.bad_cidr");
    bad(OBS_CIDR, "10.0.0.0/08", "obs.bad_cidr");
    bad(OBS_CIDR, "10.0.0.0/", "obs.bad_cidr");
    bad(OBS_CIDR, "10.0.0.0", "obs.bad_cidr");
    bad(OBS_CIDR, "10.0.0.0/-1", "obs.bad_cidr");
    bad(OBS_CIDR, "10.0.0.00/8", "obs.bad_cidr");
    bad(OBS_CIDR, "10.0.0.0/8/8", "obs.bad_cidr");
}

static void test_domain(void **state)
{
    (void)state;
    ok(OBS_DOMAIN, "Example.COM.", "example.com", "example.com");
    ok(OBS_DOMAIN, "evil[.]example", "evil.example", NULL);
    ok(OBS_DOMAIN, "_dmarc.example.com", "_dmarc.example.com", NULL);
    /* Full-width letters fold to ASCII (UTS #46). */
    ok(OBS_DOMAIN,
       "\xEF\xBC\xA5\xEF\xBC\xB8\xEF\xBC\xA1\xEF\xBC\xAD"
       "\xEF\xBC\xB0\xEF\xBC\xAC\xEF\xBC\xA5.com",
       "example.com", "example.com");
    /* 例え.テスト: punycode, the Unicode form kept for display. */
    ok(OBS_DOMAIN, "例え.テスト", "xn--r8jz45g.xn--zckzah", "例え.テスト");
    ok(OBS_DOMAIN, "xn--r8jz45g.xn--zckzah", "xn--r8jz45g.xn--zckzah",
       "例え.テスト");
    /* The ideographic full stop separates labels too. */
    ok(OBS_DOMAIN, "例え。テスト", "xn--r8jz45g.xn--zckzah", "例え.テスト");
    bad(OBS_DOMAIN, "localhost", "obs.bad_domain");
    bad(OBS_DOMAIN, "-bad.example", "obs.bad_domain");
    bad(OBS_DOMAIN, "bad-.example", "obs.bad_domain");
    bad(OBS_DOMAIN, "a..example", "obs.bad_domain");
    bad(OBS_DOMAIN, "evil example.com", "obs.bad_domain");
    bad(OBS_DOMAIN, "1.2.3.4", "obs.bad_domain");
    bad(OBS_DOMAIN, "http://example.com", "obs.bad_domain");
    bad(OBS_DOMAIN, "exa$mple.com", "obs.bad_domain");
    char longlabel[80];
    memset(longlabel, 'a', 64);
    memcpy(longlabel + 64, ".com", 5);
    bad(OBS_DOMAIN, longlabel, "obs.bad_domain");
}

static void test_url(void **state)
{
    (void)state;
    ok(OBS_URL, "hxxps://evil[.]example/a", "https://evil.example/a",
       "https://evil.example/a");
    ok(OBS_URL, "HTTP://Evil.Example:80", "http://evil.example/", NULL);
    ok(OBS_URL, "https://evil.example:8443/Path?Q=1#F",
       "https://evil.example:8443/Path?Q=1#F", NULL);
    ok(OBS_URL, "https://user:pw@EVIL.example/x",
       "https://user:pw@evil.example/x", NULL);
    ok(OBS_URL, "http://例え.テスト/ログイン",
       "http://xn--r8jz45g.xn--zckzah/ログイン", "http://例え.テスト/ログイン");
    ok(OBS_URL, "http://[2001:DB8::1]:8080/", "http://[2001:db8::1]:8080/",
       NULL);
    ok(OBS_URL, "http://203.0.113.5/x", "http://203.0.113.5/x", NULL);
    ok(OBS_URL, "ftp://files.example/a.zip", "ftp://files.example/a.zip", NULL);
    ok(OBS_URL, "http://intranet/", "http://intranet/", NULL);
    bad(OBS_URL, "evil.example/a", "obs.bad_url");
    bad(OBS_URL, "http://", "obs.bad_url");
    bad(OBS_URL, "http://evil .example/", "obs.bad_url");
    bad(OBS_URL, "http://1.2.3.04/", "obs.bad_url");
    /* Found by fuzz_observable: each read back as something that no
     * longer parsed (a refanged "[@]" left a bracket in the userinfo; a
     * full-width digit and an ideographic full stop folded to "5"). */
    bad(OBS_URL, "http://[51.[@]5\xE3\x80\x82", "obs.bad_url");
    bad(OBS_URL, "http://\xEF\xBC\x95\xE3\x80\x82/", "obs.bad_url");
    bad(OBS_URL, "http://evil.example:99999/", "obs.bad_url");
    bad(OBS_URL, "http://evil.example:8a/", "obs.bad_url");
    bad(OBS_URL, "1http://evil.example/", "obs.bad_url");
    bad(OBS_URL, "http://[::1/", "obs.bad_url");
    bad(OBS_URL, "mailto:a@example.com", "obs.bad_url");
    /* Found by fuzz_observable: a C1 control in the path. */
    bad(OBS_URL, "http://evil.example/a\xC2\x9E", "obs.bad_url");
}

static void test_email(void **state)
{
    (void)state;
    ok(OBS_EMAIL, "Taro.Yamada@Example.COM", "Taro.Yamada@example.com", NULL);
    ok(OBS_EMAIL, "<bounce@evil.example>", "bounce@evil.example", NULL);
    ok(OBS_EMAIL, "mailto:a@evil.example", "a@evil.example", NULL);
    ok(OBS_EMAIL, "a[@]evil[.]example", "a@evil.example", NULL);
    ok(OBS_EMAIL, "info@例え.テスト", "info@xn--r8jz45g.xn--zckzah",
       "info@例え.テスト");
    bad(OBS_EMAIL, "no-at.example", "obs.bad_email");
    bad(OBS_EMAIL, "@evil.example", "obs.bad_email");
    bad(OBS_EMAIL, "a b@evil.example", "obs.bad_email");
    bad(OBS_EMAIL, "a@localhost", "obs.bad_email");
    bad(OBS_EMAIL, "a@", "obs.bad_email");
}

static void test_hashes(void **state)
{
    (void)state;
    ok(OBS_MD5, "D41D8CD98F00B204E9800998ECF8427E",
       "d41d8cd98f00b204e9800998ecf8427e", NULL);
    ok(OBS_SHA1, "DA39A3EE5E6B4B0D3255BFEF95601890AFD80709",
       "da39a3ee5e6b4b0d3255bfef95601890afd80709", NULL);
    ok(OBS_SHA256,
       " E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855 ",
       "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
       NULL);
    bad(OBS_MD5, "d41d8cd98f00b204e9800998ecf8427", "obs.bad_md5");
    bad(OBS_MD5, "d41d8cd98f00b204e9800998ecf8427ee", "obs.bad_md5");
    bad(OBS_MD5, "g41d8cd98f00b204e9800998ecf8427e", "obs.bad_md5");
    bad(OBS_SHA1, "d41d8cd98f00b204e9800998ecf8427e", "obs.bad_sha1");
    bad(OBS_SHA256, "da39a3ee5e6b4b0d3255bfef95601890afd80709",
        "obs.bad_sha256");
}

static void test_phone(void **state)
{
    (void)state;
    ok(OBS_PHONE, "+81 3-1234-5678", "+81312345678", "+81 3-1234-5678");
    ok(OBS_PHONE, "03(1234)5678", "0312345678", NULL);
    ok(OBS_PHONE, "０３－１２３４－５６７８", "0312345678",
       "０３－１２３４－５６７８");
    ok(OBS_PHONE, "tel:+1.202.555.0100", "+12025550100", NULL);
    bad(OBS_PHONE, "12", "obs.bad_phone");
    bad(OBS_PHONE, "03-1234-5678 ext", "obs.bad_phone");
    bad(OBS_PHONE, "81+3", "obs.bad_phone");
    bad(OBS_PHONE, "1234567890123456", "obs.bad_phone");
}

static void test_text_types(void **state)
{
    (void)state;
    ok(OBS_FILENAME, " 請求書.pdf.exe ", "請求書.pdf.exe", "請求書.pdf.exe");
    /* Not refanged: a file name is what it is. */
    ok(OBS_FILENAME, "a[.]b", "a[.]b", NULL);
    ok(OBS_ACCOUNT, "CORP\\yamada", "CORP\\yamada", NULL);
    ok(OBS_OTHER, "mutex Global\\xyz", "mutex Global\\xyz", NULL);
    /* A right-to-left override hides "exe.pdf" as "fdp.exe". */
    bad(OBS_FILENAME,
        "invoice\xE2\x80\xAE"
        "fdp.exe",
        "obs.bad_text");
    bad(OBS_ACCOUNT, "a\nb", "obs.bad_text");
    bad(OBS_OTHER, "\xFF", "v.utf8");
    char *big = xmalloc(OBS_VALUE_MAX + 2);
    memset(big, 'a', OBS_VALUE_MAX + 1);
    big[OBS_VALUE_MAX + 1] = '\0';
    bad(OBS_OTHER, big, "obs.too_long");
    xfree(big);
    bad(OBS_OTHER, NULL, "obs.empty");
    /* Found by fuzz_observable: trimmed to nothing. */
    bad(OBS_FILENAME, "\xE3\x80\x80\v", "obs.empty");
}

static void test_refang(void **state)
{
    (void)state;
    char *r = obs_refang("hxxp://a[.]b(.)c{.}d[dot]e/x a[@]b(@)c[at]d "
                         "HXXPS[:]//f[/]g shxxp");
    assert_string_equal(r, "http://a.b.c.d.e/x a@b@c@d HTTPS://f/g shxxp");
    xfree(r);
}

/* Whether 'l' holds (t, value). */
static bool has(const struct obs_candidate_list *l, enum obs_type t,
                const char *value)
{
    for (size_t i = 0; i < l->n; i++) {
        if (l->items[i].type == t && strcmp(l->items[i].value, value) == 0)
            return true;
    }
    return false;
}

static void test_extract_mail_headers(void **state)
{
    (void)state;
    static const char text[] =
        "Received: from mail.evil.example (mail.evil.example [203.0.113.5])\r\n"
        "\tby mx.ours.example (Postfix) with ESMTPS id 4AbC;\r\n"
        "\tMon, 7 Dec 2026 10:00:00 +0900 (JST)\r\n"
        "Received: from [198.51.100.7] (unknown [2001:DB8::7])\r\n"
        "DKIM-Signature: v=1; d=ours.example; "
        "bh=d41d8cd98f00b204e9800998ecf8427e\r\n"
        "From: =?UTF-8?B?5bGx55Sw?= <Yamada@Evil.Example>\r\n"
        "Return-Path: <bounce@bounce.evil.example>\r\n"
        "To: victim@ours.example\r\n"
        "Message-ID: <1234.abcd@mailer.evil.example>\r\n"
        "Subject: invoice\r\n"
        "\r\n"
        "Please open hxxps://evil[.]example/pay?id=1 and invoice.exe.\r\n";
    struct obs_candidate_list l;

    obs_extract(text, &l);
    assert_true(has(&l, OBS_IPV4, "203.0.113.5"));
    assert_true(has(&l, OBS_IPV4, "198.51.100.7"));
    assert_true(has(&l, OBS_IPV6, "2001:db8::7"));
    assert_true(has(&l, OBS_EMAIL, "Yamada@evil.example"));
    assert_true(has(&l, OBS_DOMAIN, "evil.example"));
    assert_true(has(&l, OBS_EMAIL, "bounce@bounce.evil.example"));
    assert_true(has(&l, OBS_DOMAIN, "bounce.evil.example"));
    assert_true(has(&l, OBS_DOMAIN, "mailer.evil.example"));
    assert_true(has(&l, OBS_URL, "https://evil.example/pay?id=1"));
    assert_true(has(&l, OBS_FILENAME, "invoice.exe"));
    /* The receiving side and the signature's hash are not offered. */
    assert_false(has(&l, OBS_DOMAIN, "mx.ours.example"));
    assert_false(has(&l, OBS_DOMAIN, "ours.example"));
    assert_false(has(&l, OBS_EMAIL, "victim@ours.example"));
    assert_false(has(&l, OBS_MD5, "d41d8cd98f00b204e9800998ecf8427e"));
    assert_false(has(&l, OBS_DOMAIN, "mail.evil.example"));
    /* Message-ID gives its domain, not an address. */
    assert_false(has(&l, OBS_EMAIL, "1234.abcd@mailer.evil.example"));
    for (size_t i = 0; i < l.n; i++) {
        for (size_t k = i + 1; k < l.n; k++)
            assert_false(l.items[i].type == l.items[k].type &&
                         strcmp(l.items[i].value, l.items[k].value) == 0);
    }
    obs_candidate_list_cleanup(&l);
}

static void test_extract_free_text(void **state)
{
    (void)state;
    static const char text[] =
        "不審な通信先 evil[.]example（203.0.113.9:443）を確認。\n"
        "SHA256: "
        "E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855\n"
        "md5=d41d8cd98f00b204e9800998ecf8427e, sha1 "
        "da39a3ee5e6b4b0d3255bfef95601890afd80709.\n"
        "Blocked 192.0.2.0/24 and 10.0.0.1/33; version 1.2.3.04 ignored.\n"
        "Time 12:34:56, see http://[2001:db8::1]/x or mail a@b.example.\n";
    struct obs_candidate_list l;

    obs_extract(text, &l);
    assert_true(has(&l, OBS_DOMAIN, "evil.example"));
    assert_true(has(&l, OBS_IPV4, "203.0.113.9"));
    assert_true(has(
        &l, OBS_SHA256,
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));
    assert_true(has(&l, OBS_MD5, "d41d8cd98f00b204e9800998ecf8427e"));
    assert_true(has(&l, OBS_SHA1, "da39a3ee5e6b4b0d3255bfef95601890afd80709"));
    assert_true(has(&l, OBS_CIDR, "192.0.2.0/24"));
    assert_true(has(&l, OBS_IPV6, "2001:db8::1"));
    assert_true(has(&l, OBS_EMAIL, "a@b.example"));
    assert_false(has(&l, OBS_IPV4, "1.2.3.4"));
    for (size_t i = 0; i < l.n; i++)
        assert_true(l.items[i].type != OBS_CIDR ||
                    strcmp(l.items[i].value, "10.0.0.0/33") != 0);
    obs_candidate_list_cleanup(&l);

    obs_extract("", &l);
    assert_int_equal(l.n, 0);
    obs_extract(NULL, &l);
    assert_int_equal(l.n, 0);
}

static void test_extract_is_bounded(void **state)
{
    (void)state;
    size_t n = (OBS_EXTRACT_MAX + 10) * 16;
    char *text = xmalloc(n + 1);
    size_t o = 0;
    for (int i = 0; o + 16 < n; i++)
        o += (size_t)snprintf(text + o, n - o, "10.%d.%d.%d ", (i >> 16) & 255,
                              (i >> 8) & 255, i & 255);
    struct obs_candidate_list l;
    obs_extract(text, &l);
    assert_int_equal(l.n, OBS_EXTRACT_MAX);
    obs_candidate_list_cleanup(&l);
    xfree(text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_type_keys),
        cmocka_unit_test(test_ipv4),
        cmocka_unit_test(test_ipv6),
        cmocka_unit_test(test_cidr),
        cmocka_unit_test(test_domain),
        cmocka_unit_test(test_url),
        cmocka_unit_test(test_email),
        cmocka_unit_test(test_hashes),
        cmocka_unit_test(test_phone),
        cmocka_unit_test(test_text_types),
        cmocka_unit_test(test_refang),
        cmocka_unit_test(test_extract_mail_headers),
        cmocka_unit_test(test_extract_free_text),
        cmocka_unit_test(test_extract_is_bounded),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
