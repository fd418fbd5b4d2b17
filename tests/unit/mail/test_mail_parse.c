/* SPDX-License-Identifier: MIT */
/*
 * test_mail_parse.c - mail as Japanese mailers write it, read by
 * src/mail/mail_parse.c: ISO-2022-JP, Shift_JIS (CP932) and EUC-JP bodies,
 * RFC 2047 subjects and names, RFC 2231 attachment names, alternatives,
 * automatic replies, and what is refused as no message at all.
 */
#include "support/test.h"

#include <stdio.h>
#include <string.h>

#include "mail/mail_parse.h"
#include "util/mem.h"

/* Generated with Python's codecs from the Japanese text in the comments
 * of each test, so the bytes are what the mailers send. */
static const char JIS[] = "From: =\x3F"
                          "ISO-2022-JP\x3F"
                          "B\x3F"
                          "GyRCOzNFRBsoQiAbJEJCQE86GyhC\x3F"
                          "= <yamada@example.co.jp>\r\n"
                          "Subject: =\x3F"
                          "ISO-2022-JP\x3F"
                          "B\x3F"
                          "GyRCIVo7ajVeIVs4XDVSPnBKcyROOG1Bdz8uGyhC\x3F"
                          "=\r\n"
                          "Date: Mon, 07 Dec 2026 10:15:00 +0900\r\n"
                          "Message-ID: <jis-1@example.co.jp>\r\n"
                          "MIME-Version: 1.0\r\n"
                          "Content-Type: text/plain; charset=ISO-2022-JP\r\n"
                          "\r\n"
                          "B\x1B"
                          "$B<R$K8m$C$FAw\x3F"
                          ".$7$^$7$\x3F"
                          "!#\x1B"
                          "(B\r\n";

static const char SJIS[] =
    "From: sato@example.co.jp\r\n"
    "Subject: =\x3F"
    "Shift_JIS\x3F"
    "B\x3F"
    "g22BW4NnUEOVtI64\x3F"
    "=\r\n"
    "MIME-Version: 1.0\r\n"
    "Content-Type: multipart/mixed; boundary=\x22"
    "b\x22"
    "\r\n"
    "\r\n"
    "--b\r\n"
    "Content-Type: text/plain; charset=Shift_JIS\r\n"
    "Content-Transfer-Encoding: base64\r\n"
    "\r\n"
    "jtCKT5Tph0CBYIdCDQo=\r\n"
    "--b\r\n"
    "Content-Type: application/octet-stream\r\n"
    "Content-Disposition: attachment;\r\n"
    " filename*=Shift_JIS''%8C%DA%8Bq%83%8A%83X%83g.xlsx\r\n"
    "Content-Transfer-Encoding: base64\r\n"
    "\r\n"
    "UEsDBA==\r\n"
    "--b--\r\n";

static const char EUC[] = "From: tanaka@example.co.jp\r\n"
                          "Subject: test\r\n"
                          "Content-Type: text/plain; charset=EUC-JP\r\n"
                          "\r\n"
                          "\xA5"
                          "\xA6"
                          "\xA5"
                          "\xA4"
                          "\xA5"
                          "\xEB"
                          "\xA5"
                          "\xB9"
                          "\xB8"
                          "\xA1"
                          "\xC3"
                          "\xCE"
                          "\r\n";

static const char UNLABELLED_SJIS[] = "From: kato@example.co.jp\r\n"
                                      "Subject: \x98"
                                      "R\x82"
                                      "\xA6"
                                      "\x82"
                                      "\xA2"
                                      "\r\n"
                                      "Content-Type: text/plain\r\n"
                                      "\r\n"
                                      "\x96"
                                      "{\x95"
                                      "\xB6"
                                      "\x82"
                                      "\xC5"
                                      "\x82"
                                      "\xB7"
                                      "\r\n";

static const char RAW_JIS[] = "From: kato@example.co.jp\r\n"
                              "Subject: \x1B"
                              "$BI8E*7\x3F"
                              "\x1B"
                              "(B\r\n"
                              "\r\n"
                              "\x1B"
                              "$BK\x5C"
                              "J8\x1B"
                              "(B\r\n";

static enum kz_err parse(const char *text, struct mail_msg *m, const char **why)
{
    mail_msg_init(m);
    return mail_parse((const unsigned char *)text, strlen(text), m, why);
}

/* 山田 太郎 / 【至急】顧客情報の誤送信 / B社に誤って送信しました。 */
static void test_iso2022jp_subject_name_and_body(void **state)
{
    struct mail_msg m;
    const char *why = NULL;

    (void)state;
    assert_int_equal(parse(JIS, &m, &why), KZ_OK);
    assert_string_equal(m.subject, "【至急】顧客情報の誤送信");
    assert_string_equal(m.from_name, "山田 太郎");
    assert_string_equal(m.from_addr, "yamada@example.co.jp");
    assert_string_equal(m.message_id, "jis-1@example.co.jp");
    assert_string_equal(m.body, "B社に誤って送信しました。\n");
    /* 2026-12-07 10:15 +09:00 */
    assert_int_equal(m.date, 1796606100);
    assert_false(m.auto_reply);
    assert_int_equal(m.n_attachments, 0);
    mail_msg_cleanup(&m);
}

/* Shift_JIS labelled, CP932 written (①～③), and an RFC 2231 name in
 * Shift_JIS: 顧客リスト.xlsx. */
static void test_shift_jis_body_and_rfc2231_name(void **state)
{
    struct mail_msg m;
    const char *why = NULL;

    (void)state;
    assert_int_equal(parse(SJIS, &m, &why), KZ_OK);
    assert_string_equal(m.subject, "ノートPC紛失");
    assert_string_equal(m.body, "社外秘①～③\n");
    assert_int_equal(m.n_attachments, 1);
    assert_string_equal(m.attachments[0].name, "顧客リスト.xlsx");
    assert_string_equal(m.attachments[0].media_type,
                        "application/octet-stream");
    assert_int_equal(m.attachments[0].len, 4);
    assert_memory_equal(m.attachments[0].data, "PK\x03\x04", 4);
    assert_null(m.message_id);
    assert_int_equal(m.date, KZ_TIME_NONE);
    mail_msg_cleanup(&m);
}

/* ウイルス検知 */
static void test_euc_jp_body(void **state)
{
    struct mail_msg m;
    const char *why = NULL;

    (void)state;
    assert_int_equal(parse(EUC, &m, &why), KZ_OK);
    assert_string_equal(m.body, "ウイルス検知\n");
    mail_msg_cleanup(&m);
}

/* Old mailers: raw Shift_JIS in the subject and an unlabelled body
 * (漏えい / 本文です), raw ISO-2022-JP escapes (標的型 / 本文). */
static void test_unlabelled_japanese(void **state)
{
    struct mail_msg m;
    const char *why = NULL;

    (void)state;
    assert_int_equal(parse(UNLABELLED_SJIS, &m, &why), KZ_OK);
    assert_string_equal(m.subject, "漏えい");
    assert_string_equal(m.body, "本文です\n");
    mail_msg_cleanup(&m);
    assert_int_equal(parse(RAW_JIS, &m, &why), KZ_OK);
    assert_string_equal(m.subject, "標的型");
    assert_string_equal(m.body, "本文\n");
    mail_msg_cleanup(&m);
}

/* RFC 2047 in UTF-8 with Q encoding, split over two encoded words. */
static void test_rfc2047_utf8_split_words(void **state)
{
    static const char msg[] =
        "From: =?UTF-8?B?6Yi05pyo?= <suzuki@example.jp>\r\n"
        "Subject: =?UTF-8?Q?=E4=B8=8D=E5=AF=A9?=\r\n"
        " =?UTF-8?Q?=E3=81=AA=E3=83=A1=E3=83=BC=E3=83=AB?=\r\n"
        "\r\n"
        "body\r\n";
    struct mail_msg m;
    const char *why = NULL;

    (void)state;
    assert_int_equal(parse(msg, &m, &why), KZ_OK);
    assert_string_equal(m.subject, "不審なメール");
    assert_string_equal(m.from_name, "鈴木");
    mail_msg_cleanup(&m);
}

/* text/plain is the body of an alternative; the HTML twin is not kept. */
static void test_alternative_prefers_plain(void **state)
{
    static const char msg[] =
        "From: a@example.jp\r\n"
        "Subject: alt\r\n"
        "MIME-Version: 1.0\r\n"
        "Content-Type: multipart/alternative; boundary=x\r\n"
        "\r\n"
        "--x\r\n"
        "Content-Type: text/html; charset=UTF-8\r\n"
        "\r\n"
        "<p>HTML version</p>\r\n"
        "--x\r\n"
        "Content-Type: text/plain; charset=UTF-8\r\n"
        "Content-Transfer-Encoding: quoted-printable\r\n"
        "\r\n"
        "=E6=9C=AC=E6=96=87 plain\r\n"
        "--x--\r\n";
    struct mail_msg m;
    const char *why = NULL;

    (void)state;
    assert_int_equal(parse(msg, &m, &why), KZ_OK);
    assert_string_equal(m.body, "本文 plain");
    assert_false(m.body_from_html);
    assert_int_equal(m.n_attachments, 0);
    mail_msg_cleanup(&m);
}

/* HTML only: text, and what a script or a style held is gone. */
static void test_html_only_becomes_text(void **state)
{
    static const char msg[] =
        "From: a@example.jp\r\n"
        "Subject: html\r\n"
        "Content-Type: text/html; charset=UTF-8\r\n"
        "\r\n"
        "<html><head><style>p{}</style></head><body>"
        "<p>first&nbsp;line</p><script>alert(1)</script>"
        "<p>&lt;b&gt; &#x9867;&#23458;</p></body></html>\r\n";
    struct mail_msg m;
    const char *why = NULL;

    (void)state;
    assert_int_equal(parse(msg, &m, &why), KZ_OK);
    assert_true(m.body_from_html);
    assert_string_equal(m.body, "first line\n\n<b> 顧客");
    mail_msg_cleanup(&m);
}

static void test_auto_replies_and_own_mail(void **state)
{
    static const char *const marks[] = {
        "Auto-Submitted: auto-replied\r\n", "Precedence: bulk\r\n",
        "Precedence: junk\r\n", "X-Autoreply: yes\r\n", "Return-Path: <>\r\n"};
    char msg[256];
    struct mail_msg m;
    const char *why = NULL;

    (void)state;
    for (size_t i = 0; i < sizeof(marks) / sizeof(marks[0]); i++) {
        snprintf(msg, sizeof(msg), "From: a@example.jp\r\n%s\r\nx\r\n",
                 marks[i]);
        assert_int_equal(parse(msg, &m, &why), KZ_OK);
        assert_true(m.auto_reply);
        mail_msg_cleanup(&m);
    }
    assert_int_equal(parse("From: a@example.jp\r\nAuto-Submitted: no\r\n"
                           "\r\nx\r\n",
                           &m, &why),
                     KZ_OK);
    assert_false(m.auto_reply);
    mail_msg_cleanup(&m);
    assert_int_equal(parse("From: kizuki <k@example.jp>\r\n"
                           "X-Kizuki-Idempotency-Key: abc\r\n\r\nx\r\n",
                           &m, &why),
                     KZ_OK);
    assert_true(m.from_kizuki);
    mail_msg_cleanup(&m);
}

/* What is not RFC 5322 is refused with the reason, and nothing is read. */
static void test_not_a_message(void **state)
{
    static const struct {
        const char *text;
        size_t len;
        const char *why;
    } cases[] = {
        {"", 0, "mail.bad.empty"},
        {"\r\n\r\n", 4, "mail.bad.empty"},
        {"hello world\nthis is not mail\n", 29, "mail.bad.no_header"},
        {"From: a@example.jp\r\nSubject: x\r\n", 32, "mail.bad.no_separator"},
        {"From: a@example.jp\r\nthis is body text\r\n", 39,
         "mail.bad.no_separator"},
        {"Subject: x\r\n\r\nbody\r\n", 20, "mail.bad.no_from"},
        {"From: nobody\r\n\r\nbody\r\n", 22, "mail.bad.no_from"},
        {"From: a@example.jp\r\n\x00\x01\x02\r\n\r\n", 25, "mail.bad.binary"},
        {"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", 16, "mail.bad.binary"},
        {" folded first line: x\r\n\r\n", 25, "mail.bad.no_header"},
        {"From: a@example.jp\r\nSubject: \x01\r\n\r\n", 33, "mail.bad.binary"},
    };
    struct mail_msg m;

    (void)state;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        const char *why = NULL;
        mail_msg_init(&m);
        assert_int_equal(mail_parse((const unsigned char *)cases[i].text,
                                    cases[i].len, &m, &why),
                         KZ_EMALFORMED);
        assert_non_null(why);
        assert_string_equal(why, cases[i].why);
        assert_null(m.subject);
        assert_null(m.body);
        mail_msg_cleanup(&m);
    }
}

/* An mbox "From " line before the header is skipped, not refused. */
static void test_mbox_from_line(void **state)
{
    static const char msg[] =
        "From sender@example.jp Mon Dec  7 10:00:00 2026\n"
        "From: sender@example.jp\n"
        "Subject: s\n"
        "\n"
        "b\n";
    struct mail_msg m;
    const char *why = NULL;

    (void)state;
    assert_int_equal(parse(msg, &m, &why), KZ_OK);
    assert_string_equal(m.from_addr, "sender@example.jp");
    assert_string_equal(m.subject, "s");
    mail_msg_cleanup(&m);
}

/* Control characters and bidi overrides never reach the record. */
static void test_controls_dropped(void **state)
{
    static const char msg[] = "From: a@example.jp\r\n"
                              "Subject: =?UTF-8?B?4oCuZXhlLnR4dA==?= x\r\n"
                              "Content-Type: text/plain; charset=UTF-8\r\n"
                              "\r\n"
                              "a\x1b[31mred\x7f\xc2\x85 \xe2\x80\xae\x01\f\r\n";
    struct mail_msg m;
    const char *why = NULL;

    (void)state;
    assert_int_equal(parse(msg, &m, &why), KZ_OK);
    assert_string_equal(m.subject, "exe.txt x");
    assert_string_equal(m.body, "a[31mred \n");
    mail_msg_cleanup(&m);
}

static void test_to_utf8_fallbacks(void **state)
{
    char *t;

    (void)state;
    /* An empty part, which GMime gives without a buffer (found by the
     * fuzzer: memchr on NULL). */
    t = mail_to_utf8(NULL, 0, "utf-8");
    assert_string_equal(t, "");
    xfree(t);
    /* Mislabelled: EUC-JP bytes labelled UTF-8. */
    t = mail_to_utf8("\xA5\xA6\xA5\xA4", 4, "utf-8");
    assert_string_equal(t, "ウイ");
    xfree(t);
    /* A charset iconv does not know: the bytes are read as they fit. */
    t = mail_to_utf8("abc", 3, "x-unknown-charset");
    assert_string_equal(t, "abc");
    xfree(t);
    /* Nothing fits: replacement characters, never invalid UTF-8. */
    t = mail_to_utf8("a\xFF\xFE", 3, NULL);
    assert_true(strncmp(t, "a", 1) == 0);
    assert_non_null(strstr(t, "\xEF\xBF\xBD") != NULL ? t : NULL);
    xfree(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_iso2022jp_subject_name_and_body),
        cmocka_unit_test(test_shift_jis_body_and_rfc2231_name),
        cmocka_unit_test(test_euc_jp_body),
        cmocka_unit_test(test_unlabelled_japanese),
        cmocka_unit_test(test_rfc2047_utf8_split_words),
        cmocka_unit_test(test_alternative_prefers_plain),
        cmocka_unit_test(test_html_only_becomes_text),
        cmocka_unit_test(test_auto_replies_and_own_mail),
        cmocka_unit_test(test_not_a_message),
        cmocka_unit_test(test_mbox_from_line),
        cmocka_unit_test(test_controls_dropped),
        cmocka_unit_test(test_to_utf8_fallbacks),
    };
    mail_parse_setup();
    int failed = cmocka_run_group_tests(tests, NULL, NULL);
    mail_parse_shutdown();
    return failed;
}
