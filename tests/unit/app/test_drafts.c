/* SPDX-License-Identifier: MIT */
/*
 * test_drafts.c - documents drafted from the record (src/app/drafts.c,
 * SPEC C9, C11): the APPI report with the nine numbered items of 規則8条1項,
 * the notice to individuals, the press release and the incident report,
 * each in Japanese and English, as Markdown and HTML.  What the record
 * does not establish carries the 【未確定】 / [not yet known] mark, and
 * record text is escaped in HTML.
 */
#include "support/test.h"

#include <stdio.h>
#include <string.h>

#include "app/drafts.h"
#include "app/duties.h"
#include "app/incident_ops.h"
#include "app/disclosure.h"
#include "app/settings.h"
#include "support/fixture.h"
#include "support/glue.h"
#include "support/tempdb.h"
#include "support/settings_patch.h"
#include "util/mem.h"
#include "util/utf8.h"

#define NOW FIXTURE_NOW

static const char *const names[] = {"appi_report", "individual_notice",
                                    "press_release", "incident_report"};

static struct app_ctx as(const char *name, enum role role)
{
    struct app_ctx c = {{name, role}, "test", NOW, NULL};

    return c;
}

static struct app_ctx admin(void)
{
    return as("admin", ROLE_ADMIN);
}

/* File the fixture's draft with 'title' by 'ctx' (OUT: ref). */
static void file(struct tempdb *t, const struct app_ctx *ctx, const char *title,
                 char *ref)
{
    struct incident inc;
    struct kz_problems p;

    fixture_draft(&inc, NOW);
    strv_cleanup(&inc.members);
    if (title != NULL)
        xstrset(&inc.title, title);
    kz_problems_clear(&p);
    if (app_incident_create(t->s, ctx, &inc, &p) != KZ_OK) {
        problems_print(&p);
        fail_msg("cannot file the draft");
    }
    snprintf(ref, INCIDENT_REF_LEN, "%s", inc.ref);
    incident_cleanup(&inc);
}

static void patch(struct tempdb *t, const char *ref, json_t *body)
{
    struct app_ctx c = admin();
    struct incident out;
    struct kz_problems p;

    assert_non_null(body);
    incident_init(&out);
    kz_problems_clear(&p);
    if (app_incident_patch(t->s, &c, ref, body, -1, &out, &p) != KZ_OK) {
        problems_print(&p);
        fail_msg("patch failed");
    }
    incident_cleanup(&out);
    json_decref(body);
}

/* Draft 'name' of 'ref' (OUT: caller frees). */
static char *draft(struct tempdb *t, const char *ref, const char *name,
                   enum lang lang, bool html)
{
    struct app_ctx c = admin();
    char *text = NULL;

    if (app_draft(t->s, &c, ref, name, lang, html, &text) != KZ_OK)
        fail_msg("cannot draft %s", name);
    assert_non_null(text);
    return text;
}

/* Fail unless 'text' contains 'want', showing the text. */
static void assert_has(const char *text, const char *want, const char *what)
{
    if (strstr(text, want) == NULL)
        fail_msg("%s lacks \"%s\":\n%s", what, want, text);
}

static void assert_lacks(const char *text, const char *bad, const char *what)
{
    if (strstr(text, bad) != NULL)
        fail_msg("%s has \"%s\":\n%s", what, bad, text);
}

/* Fail unless 'parts' (NULL-terminated) occur in 'text' in order. */
static void assert_in_order(const char *text, const char *const *parts,
                            const char *what)
{
    const char *at = text;

    for (size_t i = 0; parts[i] != NULL; i++) {
        const char *next = strstr(at, parts[i]);
        if (next == NULL)
            fail_msg("%s: \"%s\" missing or out of order:\n%s", what, parts[i],
                     text);
        at = next + strlen(parts[i]);
    }
}

static void test_every_draft_in_both_languages_and_formats(void **state)
{
    struct tempdb *t = *state;
    struct app_ctx c = admin();
    char ref[INCIDENT_REF_LEN];

    file(t, &c, NULL, ref);
    for (size_t n = 0; n < 4; n++) {
        assert_true(app_draft_is_known(names[n]));
        for (int l = 0; l < 2; l++) {
            enum lang lang = l ? LANG_EN : LANG_JA;
            char *md = draft(t, ref, names[n], lang, false);
            char *html = draft(t, ref, names[n], lang, true);
            /* Markdown: a title, no HTML page around it. */
            assert_true(strncmp(md, "# ", 2) == 0);
            assert_lacks(md, "<!DOCTYPE", names[n]);
            /* HTML: a page in the right language with one h1. */
            assert_true(strncmp(html, "<!DOCTYPE html>", 15) == 0);
            assert_has(html, l ? "<html lang=\"en\">" : "<html lang=\"ja\">",
                       names[n]);
            assert_has(html, "<meta charset=\"utf-8\">", names[n]);
            assert_has(html, "</html>\n", names[n]);
            const char *h1 = strstr(html, "<h1>");
            assert_non_null(h1);
            assert_null(strstr(h1 + 1, "<h1>"));
            /* The record's title and facts, never invented ones. */
            assert_has(md, "顧客名簿を添付したメールの誤送信", names[n]);
            assert_has(html, "顧客名簿を添付したメールの誤送信", names[n]);
            /* The other language's boilerplate stays out. */
            if (l) {
                assert_lacks(md, "【未確定】", names[n]);
                assert_lacks(html, "【未確定】", names[n]);
            } else {
                assert_lacks(md, "[not yet known]", names[n]);
                assert_lacks(html, "[not yet known]", names[n]);
            }
            xfree(md);
            xfree(html);
        }
    }
}

static void test_unknown_drafts_and_incidents(void **state)
{
    struct tempdb *t = *state;
    struct app_ctx c = admin();
    struct app_ctx reporter = as("reporter1", ROLE_REPORTER);
    struct app_ctx handler = as("handler1", ROLE_HANDLER);
    char ref[INCIDENT_REF_LEN];
    char *text = NULL;

    file(t, &reporter, NULL, ref);
    assert_false(app_draft_is_known("apology"));
    assert_false(app_draft_is_known(NULL));
    assert_int_equal(app_draft(t->s, &c, ref, "apology", LANG_JA, false, &text),
                     KZ_ENOTFOUND);
    assert_null(text);
    assert_int_equal(app_draft(t->s, &c, "INC-2026-9999", "appi_report",
                               LANG_JA, false, &text),
                     KZ_ENOTFOUND);
    assert_null(text);
    /* Whoever may read the incident may draft from it. */
    assert_int_equal(
        app_draft(t->s, &reporter, ref, "press_release", LANG_JA, true, &text),
        KZ_OK);
    xfree(text);
    text = NULL;
    patch(t, ref, json_pack("{s:b}", "restricted", 1));
    assert_int_equal(
        app_draft(t->s, &handler, ref, "appi_report", LANG_JA, false, &text),
        KZ_ENOTFOUND);
    assert_null(text);
}

static void test_appi_report_has_its_nine_numbered_items(void **state)
{
    static const char *const md_ja[] = {
        "\n## 1 概要\n",
        "\n## 2 漏えい等が発生し、又は発生したおそれがある個人データの項目\n",
        "\n## 3 本人の数\n",
        "\n## 4 原因\n",
        "\n## 5 二次被害又はそのおそれの有無及びその内容\n",
        "\n## 6 本人への対応の実施状況\n",
        "\n## 7 公表の実施状況\n",
        "\n## 8 再発防止のための措置\n",
        "\n## 9 その他参考となる事項\n",
        NULL,
    };
    static const char *const html_en[] = {
        "<h2>1 Summary</h2>",
        "<h2>2 Personal data items concerned</h2>",
        "<h2>3 Number of persons</h2>",
        "<h2>4 Cause</h2>",
        "<h2>5 Secondary damage or its risk</h2>",
        "<h2>6 Response to the persons</h2>",
        "<h2>7 Publication</h2>",
        "<h2>8 Prevention of recurrence</h2>",
        "<h2>9 Other relevant matters</h2>",
        NULL,
    };
    struct tempdb *t = *state;
    struct app_ctx c = admin();
    char ref[INCIDENT_REF_LEN];

    file(t, &c, NULL, ref);
    char *md = draft(t, ref, "appi_report", LANG_JA, false);
    assert_in_order(md, md_ja, "appi_report ja md");
    /* The business, the nine items and what the 確報 will add. */
    size_t h2 = 0;
    for (const char *p = md; (p = strstr(p, "\n## ")) != NULL; p++)
        h2++;
    assert_int_equal(h2, 11);
    /* Items 1-3 from the record: 1,200 people is trigger 4. */
    assert_has(md, "本人の数が1,000人を超えます", "triggers");
    assert_has(md, "- **本人の数**: 1,200人\n", "persons");
    assert_has(md, "- **項目**: 氏名 1,200件、メールアドレス（件数未確定）、",
               "items");
    assert_has(md, "- **媒体**: 電子メール\n", "medium");
    assert_has(md, "- **発見者**: 山田 太郎\n", "discoverer");
    xfree(md);
    char *html = draft(t, ref, "appi_report", LANG_EN, true);
    assert_in_order(html, html_en, "appi_report en html");
    assert_has(html, "<p><strong>Persons</strong>: 1,200 persons</p>",
               "persons");
    xfree(html);
}

static void test_unknown_facts_carry_the_mark(void **state)
{
    static const struct {
        const char *name;
        const char *ja; /* the label of the cause row */
        const char *en;
    } cause_rows[] = {
        {"appi_report", "直接原因", "Direct cause"},
        {"individual_notice", "原因", "Cause"},
        {"press_release", "原因", "Cause"},
        {"incident_report", "直接原因", "Direct cause"},
    };
    struct tempdb *t = *state;
    struct app_ctx c = admin();
    char ref[INCIDENT_REF_LEN];
    char want[160];

    file(t, &c, NULL, ref);
    /* Known: the cause as recorded. */
    char *md = draft(t, ref, "press_release", LANG_JA, false);
    assert_has(md, "- **原因**: 宛先のオートコンプリートで別の顧客を選んだ\n",
               "known cause");
    xfree(md);
    patch(t, ref,
          json_pack("{s:n, s:n, s:n}", "direct_cause", "affected_persons",
                    "occurred_at"));
    for (size_t i = 0; i < 4; i++) {
        md = draft(t, ref, cause_rows[i].name, LANG_JA, false);
        snprintf(want, sizeof(want), "- **%s**: 【未確定】\n",
                 cause_rows[i].ja);
        assert_has(md, want, cause_rows[i].name);
        xfree(md);
        char *html = draft(t, ref, cause_rows[i].name, LANG_JA, true);
        snprintf(want, sizeof(want), "<p><strong>%s</strong>: 【未確定】</p>",
                 cause_rows[i].ja);
        assert_has(html, want, cause_rows[i].name);
        xfree(html);
        /* English: the mark, with its brackets escaped in Markdown. */
        md = draft(t, ref, cause_rows[i].name, LANG_EN, false);
        snprintf(want, sizeof(want), "- **%s**: \\[not yet known\\]\n",
                 cause_rows[i].en);
        assert_has(md, want, cause_rows[i].name);
        xfree(md);
        html = draft(t, ref, cause_rows[i].name, LANG_EN, true);
        snprintf(want, sizeof(want),
                 "<p><strong>%s</strong>: [not yet known]</p>",
                 cause_rows[i].en);
        assert_has(html, want, cause_rows[i].name);
        xfree(html);
    }
    md = draft(t, ref, "appi_report", LANG_JA, false);
    assert_has(md, "- **本人の数**: 【未確定】\n", "persons");
    assert_has(md, "- **発生日**: 【未確定】\n", "occurred");
    /* Never filed nor published yet. */
    assert_has(md, "- **本人への通知**: 【未確定】\n", "notice");
    assert_has(md, "- **公表**: 【未確定】\n", "publication");
    xfree(md);
    md = draft(t, ref, "incident_report", LANG_EN, false);
    assert_has(md, "- **Persons**: \\[not yet known\\]\n", "persons");
    assert_has(md, "- **Occurred**: \\[not yet known\\]\n", "occurred");
    xfree(md);
}

static void test_no_trigger_is_not_invented(void **state)
{
    struct tempdb *t = *state;
    struct app_ctx c = admin();
    char ref[INCIDENT_REF_LEN];

    file(t, &c, NULL, ref);
    patch(t, ref,
          json_pack("{s:i, s:[{s:s, s:i}]}", "affected_persons", 10,
                    "info_types", "type", "name", "count", 10));
    char *md = draft(t, ref, "appi_report", LANG_JA, false);
    assert_has(md, "該当する事態は記録からは判定できません【未確定】",
               "no trigger");
    assert_lacks(md, "本人の数が1,000人を超えます", "no trigger");
    xfree(md);
}

static void test_record_text_is_escaped_in_html(void **state)
{
    struct tempdb *t = *state;
    struct app_ctx c = admin();
    char ref[INCIDENT_REF_LEN];

    file(t, &c, "<script>alert(1)</script> & \"quotes\" 'too'", ref);
    patch(t, ref,
          json_pack("{s:s, s:s}", "direct_cause",
                    "<img src=x onerror=alert(2)>", "description",
                    "一行目\n二行目<b>"));
    for (size_t n = 0; n < 4; n++) {
        for (int l = 0; l < 2; l++) {
            char *html = draft(t, ref, names[n], l ? LANG_EN : LANG_JA, true);
            assert_lacks(html, "<script>", names[n]);
            assert_lacks(html, "<img", names[n]);
            assert_lacks(html, "<b>", names[n]);
            assert_has(html,
                       "&lt;script&gt;alert(1)&lt;/script&gt; &amp; "
                       "&quot;quotes&quot; &#39;too&#39;",
                       names[n]);
            assert_has(html, "&lt;img src=x onerror=alert(2)&gt;", names[n]);
            xfree(html);
            char *md = draft(t, ref, names[n], l ? LANG_EN : LANG_JA, false);
            /* Markdown escapes what would start markup, HTML included. */
            assert_lacks(md, "<script>", names[n]);
            assert_has(md, "\\<script\\>alert(1)\\</script\\>", names[n]);
            xfree(md);
        }
    }
    /* The description's line break is kept as <br>. */
    char *html = draft(t, ref, "appi_report", LANG_JA, true);
    assert_has(html, "<p>一行目<br>二行目&lt;b&gt;</p>", "description");
    xfree(html);
}

static void test_appi_report_follows_filings_and_disclosures(void **state)
{
    struct tempdb *t = *state;
    struct app_ctx c = admin();
    struct kz_problems p;
    char ref[INCIDENT_REF_LEN];
    char want[160];

    file(t, &c, NULL, ref);
    json_t *f = json_pack("{s:s}", "status", "filed");
    kz_problems_clear(&p);
    assert_int_equal(
        glue_obligation_record(t->s, &c, ref, "appi_individuals", f, &p),
        KZ_OK);
    json_decref(f);
    json_t *d = json_pack("{s:s}", "kind", "press_release");
    assert_int_equal(app_disclosure_add(t->s, &c, ref, d, &p), KZ_OK);
    json_decref(d);
    patch(t, ref, json_pack("{s:b}", "encrypted", 1));
    char *md = draft(t, ref, "appi_report", LANG_JA, false);
    assert_has(md,
               "- **本人への通知**: 本人への通知（または代替措置）を実施済み\n",
               "notice");
    int y;
    int m;
    int day;
    timefmt_local(NOW, &y, &m, &day, NULL);
    snprintf(want, sizeof(want), "- **公表**: 公表済み %d年%d月%d日\n", y, m,
             day);
    assert_has(md, want, "publication");
    assert_has(md, "- **暗号化等の保護措置**: 高度な暗号化等の措置あり\n",
               "encryption");
    xfree(md);
}

static void test_individual_notice_sections_and_advice(void **state)
{
    static const char *const sections[] = {
        "<h2>1 何が起きたか</h2>",
        "<h2>2 対象となる情報</h2>",
        "<h2>3 原因</h2>",
        "<h2>4 二次被害のおそれと、お客様にお願いしたいこと</h2>",
        "<h2>5 お問い合わせ</h2>",
        NULL,
    };
    struct tempdb *t = *state;
    struct app_ctx c = admin();
    struct kz_problems p;
    char ref[INCIDENT_REF_LEN];

    file(t, &c, NULL, ref);
    json_t *set = json_pack("{s:s}", "organisation_name", "株式会社きづき");
    kz_problems_clear(&p);
    assert_int_equal(test_settings_patch(t->s, &c, set, &p), KZ_OK);
    json_decref(set);
    char *html = draft(t, ref, "individual_notice", LANG_JA, true);
    /* Five numbered sections at the same level. */
    assert_in_order(html, sections, "individual_notice");
    assert_lacks(html, "<h3>", "individual_notice");
    /* Advice for what leaked: e-mail addresses and phone numbers. */
    assert_has(html, "当社を装った不審なメールにご注意ください", "advice");
    assert_has(html, "当社を装った不審な電話にご注意ください", "advice");
    assert_lacks(html, "カードの利用明細", "advice");
    assert_has(html, "<p>株式会社きづき</p>", "desk");
    /* A notice carries no count of people (規則10条: items 1, 2, 4, 5,
     * 9). */
    assert_lacks(html, "1200人", "individual_notice");
    xfree(html);
}

/* A store failing at any one call fails the draft with KZ_ESTORE (or is
 * absorbed) and leaves nothing allocated (ASan's leak check judges it). */
static void test_failed_store_calls_free_everything(void **state)
{
    struct tempdb *t = *state;
    struct app_ctx c = admin();
    char ref[INCIDENT_REF_LEN];
    int failed = 0;

    file(t, &c, NULL, ref);
    for (long n = 1; n <= 40; n++) {
        for (size_t k = 0; k < 4; k++) {
            char *text = NULL;
            store_fault_after(t->s, n);
            enum kz_err err =
                app_draft(t->s, &c, ref, names[k], LANG_JA, k % 2, &text);
            store_fault_after(t->s, 0);
            if (err != KZ_OK) {
                assert_int_equal(err, KZ_ESTORE);
                assert_null(text);
                failed++;
            }
            xfree(text);
        }
    }
    assert_true(failed >= 8);
}

/* A long note in the chronology (3,000 bytes) appears whole in the
 * course of events, and the draft stays valid UTF-8. */
static void test_long_chronology_entries_appear_whole(void **state)
{
    struct tempdb *t = *state;
    struct app_ctx c = admin();
    struct kz_problems p;
    struct chron_entry e;
    char ref[INCIDENT_REF_LEN];
    char note[3100];
    size_t k = 0;

    file(t, &c, NULL, ref);
    for (int i = 0; i < 1000; i++)
        k += (size_t)snprintf(note + k, sizeof(note) - k, "%s",
                              i % 2 ? "査" : "調");
    chron_entry_init(&e);
    kz_problems_clear(&p);
    assert_int_equal(app_incident_note(t->s, &c, ref, ENTRY_NOTE, note, &e, &p),
                     KZ_OK);
    chron_entry_cleanup(&e);
    for (int html = 0; html < 2; html++) {
        /* The APPI report's course holds only entries marked for it. */
        const char *names2[] = {"incident_report"};
        for (size_t n = 0; n < 1; n++) {
            char *text = draft(t, ref, names2[n], LANG_JA, html);
            assert_true(utf8_is_valid(text, strlen(text)));
            if (strstr(text, note) == NULL)
                fail_msg("%s (%s) cuts the note", names2[n],
                         html ? "HTML" : "Markdown");
            xfree(text);
        }
    }
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, tempdb_setup, tempdb_teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_every_draft_in_both_languages_and_formats),
        T(test_unknown_drafts_and_incidents),
        T(test_appi_report_has_its_nine_numbered_items),
        T(test_unknown_facts_carry_the_mark),
        T(test_no_trigger_is_not_invented),
        T(test_record_text_is_escaped_in_html),
        T(test_appi_report_follows_filings_and_disclosures),
        T(test_individual_notice_sections_and_advice),
        T(test_failed_store_calls_free_everything),
        T(test_long_chronology_entries_appear_whole),
    };

    return cmocka_run_group_tests(tests, fixture_group_setup, NULL);
}
