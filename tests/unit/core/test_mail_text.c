/* SPDX-License-Identifier: MIT */
/*
 * test_mail_text.c - the text rules of mail intake (src/core/mail_text.c):
 * which subjects are replies to an incident, what of a reply is its new
 * text, and HTML read as text.
 */
#include "support/test.h"

#include <string.h>

#include "core/mail_text.h"
#include "util/mem.h"

static void test_ref_in_brackets_only(void **state)
{
    static const struct {
        const char *subject;
        const char *ref; /* NULL: none */
    } cases[] = {
        {"Re: [INC-2026-0012] 顧客情報の誤送信", "INC-2026-0012"},
        {"RE: RE: 【INC-2026-0012】誤送信", "INC-2026-0012"},
        {"Fw: ［INC-2026-0003］", "INC-2026-0003"},
        {"[ML:123] [INC-2026-00045] x", "INC-2026-00045"},
        {"like INC-2026-0003 again", NULL},
        {"[INC-2026-12] too short", NULL},
        {"[INC-2026-0012", NULL},
        {"[inc-2026-0012]", NULL},
        {"[INC-2026-0000]", NULL},
        {"", NULL},
    };
    char ref[24];

    (void)state;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        bool found = mail_text_find_ref(cases[i].subject, ref, sizeof(ref));
        if (cases[i].ref == NULL) {
            assert_false(found);
        } else {
            assert_true(found);
            assert_string_equal(ref, cases[i].ref);
        }
    }
}

static void check_trim(const char *body, const char *want, bool want_trimmed)
{
    bool trimmed = !want_trimmed;
    char *t = mail_text_trim_quoted(body, &trimmed);

    assert_string_equal(t, want);
    assert_int_equal(trimmed, want_trimmed);
    xfree(t);
}

static void test_reply_quotes_trimmed(void **state)
{
    (void)state;
    /* Gmail (Japanese): the date, the address and a colon. */
    check_trim("削除済みとの連絡がありました。\n\n"
               "2026年12月7日(月) 10:30 CSIRT <csirt@example.jp>:\n"
               "> 状況を教えてください。\n",
               "削除済みとの連絡がありました。", true);
    /* Thunderbird and Outlook. */
    check_trim("OK\n\nOn 2026/12/07 10:30, CSIRT wrote:\n> q\n", "OK", true);
    check_trim("了解です。\n\n-----Original Message-----\nFrom: csirt\n"
               "Subject: x\n\nold text\n",
               "了解です。", true);
    check_trim("了解です。\n-----元のメッセージ-----\n差出人: csirt\n",
               "了解です。", true);
    check_trim("了解です。\n________________________________\n"
               "差出人: CSIRT\n送信日時: 2026年12月7日\n",
               "了解です。", true);
    /* Interleaved: the quotes go, the answers stay. */
    check_trim("> 件数は？\n1,200件です。\n> 暗号化は？\nしていません。\n",
               "1,200件です。\nしていません。", true);
    /* Nothing quoted: unchanged. */
    check_trim("新しい情報です。\n以上", "新しい情報です。\n以上", false);
    /* Only quotes: the whole is kept rather than nothing. */
    check_trim("> a\n> b\n", "> a\n> b\n", false);
    /* A colon with an address but no quote after it is the text. */
    check_trim("連絡先 sato@example.jp:\n内線 1234\n",
               "連絡先 sato@example.jp:\n内線 1234", false);
}

static void check_html(const char *html, const char *want)
{
    char *t = mail_html_to_text(html);

    assert_string_equal(t, want);
    xfree(t);
}

static void test_html_to_text(void **state)
{
    (void)state;
    check_html("<p>a</p><p>b</p>", "a\n\nb");
    check_html("a<br>b<BR/>c", "a\nb\nc");
    check_html("<ul><li>one<li>two</ul>", "- one\n- two");
    check_html("<script>alert('x')</script>ok<style>p{}</style>", "ok");
    check_html("<!-- <p>hidden</p> -->shown", "shown");
    check_html("&lt;script&gt;&amp;&quot;&#39;&#x41;&#65;&nbsp;",
               "<script>&\"'AA");
    check_html("bad &#0; &#xD800; &#x110000; &unknown; &",
               "bad \xEF\xBF\xBD "
               "\xEF\xBF\xBD \xEF\xBF\xBD &unknown; &");
    check_html("a < b and c > d", "a < b and c > d");
    check_html("  many\n\n   blanks\t here  ", "many blanks here");
    check_html("unclosed <b", "unclosed");
    check_html("&#x202E;evil", "\xEF\xBF\xBD"
                               "evil");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ref_in_brackets_only),
        cmocka_unit_test(test_reply_quotes_trimmed),
        cmocka_unit_test(test_html_to_text),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
