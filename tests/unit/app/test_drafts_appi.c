/* SPDX-License-Identifier: MIT */
/*
 * test_drafts_appi.c - the APPI report draft as the commission's form asks
 * for it (src/app/drafts.c): 速報 or 確報 with the items still to come,
 * the reporting business from the settings, 事実経過 from the facts and
 * the entries a person marked for the report (never kizuki's own lines),
 * 漏えい・滅失・毀損 named, item 6 from the notices and contacts recorded,
 * dates as 2026年11月22日 and numbers as 1,200人, nothing invented; the
 * other drafts in the same style, the press release without internal
 * phase names; the printable page a styled A4 document whose one style
 * the Content-Security-Policy allows by its hash.
 */
#include "support/test.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "app/disclosure.h"
#include "app/drafts.h"
#include "app/duties.h"
#include "app/incident_ops.h"
#include "app/settings.h"
#include "support/fixture.h"
#include "support/glue.h"
#include "support/tempdb.h"
#include "support/settings_patch.h"
#include "util/mem.h"

#define NOW FIXTURE_NOW /* 2026-11-22 10:00 JST */

static struct app_ctx admin(void)
{
    struct app_ctx c = {{"admin", ROLE_ADMIN}, "test", NOW, NULL};

    return c;
}

static void file(struct tempdb *t, char *ref)
{
    struct app_ctx c = admin();
    struct incident inc;
    struct kz_problems p;

    fixture_draft(&inc, NOW);
    strv_cleanup(&inc.members);
    kz_problems_clear(&p);
    if (app_incident_create(t->s, &c, &inc, &p) != KZ_OK) {
        problems_print(&p);
        fail_msg("cannot file the incident");
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

static enum kz_err settings(struct tempdb *t, json_t *body,
                            struct kz_problems *p)
{
    struct app_ctx c = admin();

    kz_problems_clear(p);
    enum kz_err err = test_settings_patch(t->s, &c, body, p);
    json_decref(body);
    return err;
}

static char *draft(struct tempdb *t, const char *ref, const char *name,
                   enum lang lang, bool final, bool html)
{
    struct app_ctx c = admin();
    char *text = NULL;

    if (app_draft_staged(t->s, &c, ref, name, lang, final, html, &text) !=
        KZ_OK)
        fail_msg("cannot draft %s", name);
    return text;
}

static void note(struct tempdb *t, const char *ref, const char *body,
                 bool for_report, kz_time at)
{
    struct app_ctx c = admin();
    struct chron_entry e;
    struct kz_problems p;

    c.now = at;
    chron_entry_init(&e);
    kz_problems_clear(&p);
    assert_int_equal(app_incident_note_marked(t->s, &c, ref, ENTRY_NOTE, body,
                                              for_report, &e, &p),
                     KZ_OK);
    assert_int_equal(e.for_report, for_report);
    chron_entry_cleanup(&e);
}

static void has(const char *text, const char *want, const char *what)
{
    if (strstr(text, want) == NULL)
        fail_msg("%s lacks \"%s\":\n%s", what, want, text);
}

static void lacks(const char *text, const char *bad, const char *what)
{
    if (strstr(text, bad) != NULL)
        fail_msg("%s has \"%s\":\n%s", what, bad, text);
}

static void test_stage_titles_and_items_still_to_come(void **state)
{
    struct tempdb *t = *state;
    char ref[INCIDENT_REF_LEN];

    file(t, ref);
    char *pre = draft(t, ref, "appi_report", LANG_JA, false, false);
    has(pre, "# 個人データの漏えい等の報告【速報】（下書き）\n", "速報");
    /* Nothing recorded on the persons' response yet: the 確報 will say. */
    const char *to_come = strstr(pre, "## 確報で報告する事項\n");
    assert_non_null(to_come);
    has(to_come, "次の事項は調査中のため、確報で報告します: ", "速報");
    has(to_come, "6 本人への対応の実施状況", "速報");
    /* Items the record fills are not listed as to come. */
    lacks(to_come, "3 本人の数", "速報");
    lacks(to_come, "4 原因", "速報");
    lacks(to_come, "8 再発防止", "速報");
    lacks(pre, "【確報】", "速報");
    char *fin = draft(t, ref, "appi_report", LANG_JA, true, false);
    has(fin, "# 個人データの漏えい等の報告【確報】（下書き）\n", "確報");
    has(fin, "## 未確定の事項\n", "確報");
    lacks(fin, "【速報】", "確報");
    char *en = draft(t, ref, "appi_report", LANG_EN, true, false);
    has(en, "# Report of a personal data breach: final (draft)\n", "final");
    has(en, "## Items still open\n", "final");
    /* app_draft is the 速報. */
    struct app_ctx c = admin();
    char *plain = NULL;
    assert_int_equal(
        app_draft(t->s, &c, ref, "appi_report", LANG_JA, false, &plain), KZ_OK);
    assert_string_equal(plain, pre);
    xfree(plain);
    xfree(pre);
    xfree(fin);
    xfree(en);
}

static void test_reporting_business_from_the_settings(void **state)
{
    struct tempdb *t = *state;
    struct kz_problems p;
    char ref[INCIDENT_REF_LEN];

    file(t, ref);
    char *md = draft(t, ref, "appi_report", LANG_JA, false, false);
    has(md,
        "## 報告者\n\n- **名称**: 【未設定】\n- **代表者**: 【未設定】\n"
        "- **所在地**: 【未設定】\n- **担当者**: 【未設定】\n"
        "- **電話番号**: 【未設定】\n",
        "business");
    /* The business is settings, not an item the 確報 adds. */
    lacks(strstr(md, "## 確報で報告する事項"), "報告者", "business");
    xfree(md);
    /* A telephone number is checked; nothing is stored on a problem. */
    assert_int_equal(settings(t,
                              json_pack("{s:s, s:s}", "business_telephone",
                                        "03-1234-5678 (代表)",
                                        "business_representative", "社長"),
                              &p),
                     KZ_EINVAL);
    assert_problem(&p, "business_telephone", "v.phone");
    assert_int_equal(
        settings(t, json_pack("{s:s}", "business_address", "東京都\n港区"), &p),
        KZ_EINVAL);
    assert_int_equal(
        settings(t,
                 json_pack("{s:s, s:s, s:s, s:s, s:s}", "organisation_name",
                           "株式会社きづき", "business_representative",
                           "代表取締役 鈴木 一郎", "business_address",
                           "東京都港区芝公園4-2-8", "business_contact_person",
                           "情報セキュリティ室 田中", "business_telephone",
                           "03-1234-5678"),
                 &p),
        KZ_OK);
    md = draft(t, ref, "appi_report", LANG_JA, false, false);
    has(md,
        "- **名称**: 株式会社きづき\n- **代表者**: 代表取締役 鈴木 一郎\n"
        "- **所在地**: 東京都港区芝公園4-2-8\n"
        "- **担当者**: 情報セキュリティ室 田中\n"
        "- **電話番号**: 03-1234-5678\n",
        "business");
    xfree(md);
    char *en = draft(t, ref, "appi_report", LANG_EN, false, true);
    has(en, "<p><strong>Representative</strong>: 代表取締役 鈴木 一郎</p>",
        "business");
    xfree(en);
}

static void test_course_of_events_from_the_facts(void **state)
{
    struct tempdb *t = *state;
    struct app_ctx c = admin();
    struct kz_problems p;
    struct incident out;
    char ref[INCIDENT_REF_LEN];

    file(t, ref);
    note(t, ref, "社内メモ: 担当者に聞き取り予定", false, NOW + 60);
    note(t, ref, "誤送信先から削除完了の連絡を受けた", true, NOW + 120);
    incident_init(&out);
    kz_problems_clear(&p);
    c.now = NOW + 1800;
    assert_int_equal(
        app_incident_move(t->s, &c, ref, PHASE_TRIAGE, NULL, &out, &p), KZ_OK);
    incident_cleanup(&out);
    c.now = NOW + 3600;
    assert_int_equal(
        app_incident_move(t->s, &c, ref, PHASE_CONTAINMENT, NULL, &out, &p),
        KZ_OK);
    incident_cleanup(&out);
    json_t *f = json_pack("{s:s, s:s}", "status", "filed", "filed_at",
                          "2026-11-23T09:30:00+09:00");
    c.now = NOW + 86400;
    assert_int_equal(
        glue_obligation_record(t->s, &c, ref, "appi_individuals", f, &p),
        KZ_OK);
    json_decref(f);
    json_t *d =
        json_pack("{s:s, s:s, s:s}", "kind", "press_release", "audience",
                  "報道機関", "sent_at", "2026-11-23T15:00:00+09:00");
    c.now = NOW + 2 * 86400;
    assert_int_equal(app_disclosure_add(t->s, &c, ref, d, &p), KZ_OK);
    json_decref(d);

    char *md = draft(t, ref, "appi_report", LANG_JA, false, false);
    const char *course = strstr(md, "### 事実経過\n");
    assert_non_null(course);
    char *end = strstr(course, "\n## 2 ");
    assert_non_null(end);
    *end = '\0';
    static const char *const want[] = {
        "- 2026年11月22日 07:00 事案が発生\n",
        "- 2026年11月22日 08:00 山田 太郎が発見\n",
        "- 2026年11月22日 10:02 誤送信先から削除完了の連絡を受けた\n",
        "- 2026年11月22日 11:00 被害の拡大を防ぐ措置（封じ込め）を開始\n",
        "- 2026年11月23日 09:30 本人への通知を実施\n",
        "- 2026年11月23日 15:00 プレスリリース・公表（宛先: 報道機関）\n",
        NULL,
    };
    const char *at = course;
    for (size_t i = 0; want[i] != NULL; i++) {
        const char *next = strstr(at, want[i]);
        if (next == NULL)
            fail_msg("\"%s\" missing or out of order:\n%s", want[i], course);
        at = next + strlen(want[i]);
    }
    /* Never kizuki's own lines, phase names, unmarked notes or ISO times. */
    lacks(course, "タスク", "course");
    lacks(course, "対応段階", "course");
    lacks(course, "社内メモ", "course");
    lacks(course, "+09:00", "course");
    lacks(course, "2026-11-22", "course");
    /* The publication and item 6 in the same style. */
    *end = '\n';
    has(md, "- **公表**: 公表済み 2026年11月23日\n", "publication");
    has(md, "- **本人への通知**: 本人への通知（または代替措置）を実施済み\n",
        "item 6");
    xfree(md);
    char *en = draft(t, ref, "appi_report", LANG_EN, false, false);
    has(en, "- 22 November 2026, 08:00 Discovered by 山田 太郎\n", "course");
    xfree(en);
}

static void test_marked_entries_are_sealed_and_listed(void **state)
{
    struct tempdb *t = *state;
    struct app_ctx c = admin();
    struct incident inc;
    struct chron_list l = {0};
    char ref[INCIDENT_REF_LEN];

    file(t, ref);
    note(t, ref, "本人からの問い合わせ窓口を設置", true, NOW + 300);
    incident_init(&inc);
    assert_int_equal(app_incident_get(t->s, &c, ref, &inc, &l), KZ_OK);
    const struct chron_entry *e = &l.items[l.n - 1];
    assert_true(e->for_report);
    /* The mark is sealed: the same entry without it hashes differently,
     * and an entry never marked hashes as before the mark existed. */
    char hash[HASH_HEX_SIZE];
    struct chron_entry copy = *e;
    chron_compute_hash(ref, &copy, hash);
    assert_string_equal(hash, e->hash);
    copy.for_report = false;
    chron_compute_hash(ref, &copy, hash);
    assert_string_not_equal(hash, e->hash);
    /* Unmarked, an entry hashes over the six fields of before the mark
     * (docs/internals/hashchain.md), so old chains still verify. */
    char seq[24];
    char when[TIMEFMT_LEN];
    char old[HASH_HEX_SIZE];
    snprintf(seq, sizeof(seq), "%lld", (long long)copy.seq);
    timefmt_format_utc(copy.at, when);
    const char *fields[] = {ref, seq, "note", copy.actor, when, copy.body};
    hashchain_link(copy.prev_hash, "kizuki.chronology.v1", fields, 6, old);
    assert_string_equal(hash, old);
    chron_list_cleanup(&l);
    incident_cleanup(&inc);
}

static void test_kinds_persons_and_medium_as_recorded(void **state)
{
    struct tempdb *t = *state;
    struct app_ctx c = admin();
    struct kz_problems p;
    char ref[INCIDENT_REF_LEN];

    file(t, ref);
    char *md = draft(t, ref, "appi_report", LANG_JA, false, false);
    has(md, "- **漏えい・滅失・毀損の別**: 【未確定】\n", "kinds");
    has(md, "- **本人の数**: 1,200人\n", "persons");
    has(md, "- **発生日**: 2026年11月22日\n", "date");
    xfree(md);
    patch(t, ref,
          json_pack("{s:[s,s], s:b, s:s}", "leak_kinds", "leak", "loss",
                    "possible_leak", 1, "category", "unauthorized_access"));
    md = draft(t, ref, "appi_report", LANG_JA, false, false);
    has(md, "- **漏えい・滅失・毀損の別**: 漏えい、滅失（のおそれ）\n",
        "kinds");
    /* A category that does not say what the data was on: not invented. */
    has(md, "- **媒体**: 【未確定】\n", "medium");
    lacks(md, "電子データ", "medium");
    xfree(md);

    /* Item 6: the notices and contacts with their dates and method. */
    json_t *n =
        json_pack("{s:s, s:s, s:s}", "kind", "customer_notice", "audience",
                  "対象のお客様", "sent_at", "2026-11-22T09:00:00+09:00");
    kz_problems_clear(&p);
    assert_int_equal(app_disclosure_add(t->s, &c, ref, n, &p), KZ_OK);
    json_decref(n);
    json_t *a = json_pack("{s:s, s:s, s:i, s:s}", "kind", "letter", "party",
                          "対象のお客様", "count", 1200, "sent_at",
                          "2026-11-22T09:30:00+09:00");
    kz_problems_clear(&p);
    if (app_aftercare_save(t->s, &c, ref, 0, -1, a, &p) != KZ_OK) {
        problems_print(&p);
        fail_msg("aftercare");
    }
    json_decref(a);
    md = draft(t, ref, "appi_report", LANG_JA, false, false);
    has(md,
        "- 2026年11月22日 本人・顧客へのお知らせ（宛先: 対象のお客様）\n"
        "- 2026年11月22日 お詫び状・書面（宛先: 対象のお客様） 1,200人\n",
        "item 6");
    xfree(md);
    char *en = draft(t, ref, "appi_report", LANG_EN, false, false);
    has(en, "- 22 November 2026 Letter (to: 対象のお客様) 1,200 persons\n",
        "item 6");
    has(en, "- **Persons**: 1,200 persons\n", "persons");
    xfree(en);
}

static void test_other_drafts_in_the_same_style(void **state)
{
    struct tempdb *t = *state;
    char ref[INCIDENT_REF_LEN];
    static const char *const names[] = {"individual_notice", "press_release",
                                        "incident_report"};

    file(t, ref);
    for (size_t i = 0; i < 3; i++) {
        char *md = draft(t, ref, names[i], LANG_JA, false, false);
        has(md, "2026年11月22日", names[i]);
        has(md, "1,200件", names[i]);
        lacks(md, "2026-11-22", names[i]);
        xfree(md);
    }
    /* The press release tells where the response stands, not the phase. */
    char *pr = draft(t, ref, "press_release", LANG_JA, false, false);
    has(pr, "- **現在の状況**: 対応を継続しています\n", "press_release");
    lacks(pr, "発見・報告", "press_release");
    xfree(pr);
    pr = draft(t, ref, "press_release", LANG_EN, false, false);
    has(pr, "- **Current status**: We are still responding\n", "press_release");
    lacks(pr, "Reported", "press_release");
    xfree(pr);
}

static void test_printable_page_is_a_styled_a4_document(void **state)
{
    struct tempdb *t = *state;
    char ref[INCIDENT_REF_LEN];
    char csp[DRAFT_CSP_LEN];

    file(t, ref);
    char *html = draft(t, ref, "appi_report", LANG_JA, false, true);
    has(html, "@page{size:A4;", "style");
    has(html, "section{break-inside:avoid;", "style");
    has(html, "<section>\n<h2>1 概要</h2>", "sections");
    has(html, "</section>\n</body>", "sections");
    /* The CSP allows exactly the page's style, by its hash. */
    const char *open = strstr(html, "<style>");
    const char *close = strstr(html, "</style>");
    assert_non_null(open);
    assert_non_null(close);
    open += strlen("<style>");
    unsigned char hash[crypto_hash_sha256_BYTES];
    char b64[64];
    crypto_hash_sha256(hash, (const unsigned char *)open,
                       (unsigned long long)(close - open));
    sodium_bin2base64(b64, sizeof(b64), hash, sizeof(hash),
                      sodium_base64_VARIANT_ORIGINAL);
    app_draft_csp(csp, sizeof(csp));
    char want[128];
    snprintf(want, sizeof(want), "style-src 'sha256-%s'", b64);
    has(csp, want, "CSP");
    has(csp, "default-src 'none'", "CSP");
    lacks(csp, "unsafe-inline", "CSP");
    lacks(html, "<script", "page");
    xfree(html);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, tempdb_setup, tempdb_teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_stage_titles_and_items_still_to_come),
        T(test_reporting_business_from_the_settings),
        T(test_course_of_events_from_the_facts),
        T(test_marked_entries_are_sealed_and_listed),
        T(test_kinds_persons_and_medium_as_recorded),
        T(test_other_drafts_in_the_same_style),
        T(test_printable_page_is_a_styled_a4_document),
    };

    return cmocka_run_group_tests(tests, fixture_group_setup, NULL);
}
