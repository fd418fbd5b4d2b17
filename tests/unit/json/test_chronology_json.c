/* SPDX-License-Identifier: MIT */
/*
 * test_chronology_json.c - the chronology lines kizuki writes itself are
 * stored as a message key and its arguments (src/json/chronology_json.c)
 * and read in each reader's language: the same stored body gives the
 * Japanese and the English sentence, with keys shown by their labels,
 * lists joined the way each language joins them, and the singular where
 * English needs it.  Other bodies (old Japanese lines, people's notes)
 * are not rendered, and a note cannot pass for one of kizuki's lines.
 */
#include "support/test.h"

#include <string.h>

#include "core/chronology.h"
#include "json/chronology_json.h"
#include "util/err.h"
#include "util/mem.h"

/* True when 's' holds a CJK character or Japanese punctuation (any
 * character of U+3000..U+9FFF or the full-width forms U+FF00..U+FFEF). */
static bool has_cjk(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;

    for (; *p; p++) {
        if (*p == 0xE3 || (*p >= 0xE4 && *p <= 0xE9))
            return true;
        if (*p == 0xEF &&
            (p[1] == 0xBC || p[1] == 0xBD || p[1] == 0xBE || p[1] == 0xBF))
            return true;
    }
    return false;
}

static void renders(const char *body, const char *ja, const char *en)
{
    char *j = chron_sys_render(body, LANG_JA);
    char *e = chron_sys_render(body, LANG_EN);

    assert_non_null(j);
    assert_non_null(e);
    assert_string_equal(j, ja);
    assert_string_equal(e, en);
    assert_false(has_cjk(e));
    xfree(j);
    xfree(e);
}

static void test_body_format_is_deterministic(void **state)
{
    (void)state;
    char *b = chron_sys_body(
        "chron.tasks_created",
        json_pack("{s:I, s:s}", "n", (json_int_t)3, "category", "malware"));

    /* "msg" first, arguments sorted: the text the hash covers. */
    assert_string_equal(
        b, "{\"msg\":\"chron.tasks_created\",\"args\":{\"category\":"
           "\"malware\",\"n\":3}}");
    assert_true(chron_is_sys_body(b));
    xfree(b);
    b = chron_sys_body("chron.unanswered", NULL);
    assert_string_equal(b, "{\"msg\":\"chron.unanswered\",\"args\":{}}");
    xfree(b);
}

static void test_tasks_created_per_language(void **state)
{
    (void)state;
    char *b = chron_sys_body(
        "chron.tasks_created",
        json_pack("{s:s, s:I}", "category", "malware", "n", (json_int_t)12));
    char *one = chron_sys_body(
        "chron.tasks_created_custom",
        json_pack("{s:s, s:I}", "category", "malware", "n", (json_int_t)1));
    char *en = chron_sys_render(b, LANG_EN);
    char *ja = chron_sys_render(b, LANG_JA);

    /* The category by its label in each language, not its key. */
    assert_non_null(strstr(ja, "12 件のタスクを作成しました"));
    assert_null(strstr(ja, "malware"));
    assert_non_null(strstr(en, "Created 12 tasks from the playbook"));
    assert_false(has_cjk(en));
    xfree(en);
    en = chron_sys_render(one, LANG_EN);
    assert_non_null(strstr(en, "Created 1 task from"));
    assert_non_null(strstr(en, "(as edited by the organisation)"));
    xfree(en);
    xfree(ja);
    xfree(one);
    xfree(b);
}

static void test_convened_lists(void **state)
{
    (void)state;
    json_t *names = json_pack(
        "[{s:s, s:{s:s}}, {s:s, s:{s:s, s:s}}, {s:s, s:{s:s}}]", "msg",
        "chron.convened.contact", "args", "name", "Sato", "msg",
        "chron.convened.role", "args", "name", "Kim", "role", "no_such_role",
        "msg", "chron.convened.none", "args", "role", "no_such_role");
    char *b = chron_sys_body("chron.convened",
                             json_pack("{s:s, s:o, s:i}", "rule", "R1", "names",
                                       names, "minutes", 15));

    renders(b,
            "招集基準「R1」により招集しました: Sato、Kim（no_such_role）、"
            "（no_such_role: 該当時間帯の連絡先なし）（確認期限 15分）",
            "Summoned under the rule “R1”: Sato, Kim (no_such_role), "
            "(no_such_role: nobody on call at this time) (acknowledge "
            "within 15 min)");
    xfree(b);
    b = chron_sys_body(
        "chron.convened",
        json_pack("{s:s, s:[], s:i}", "rule", "R1", "names", "minutes", 5));
    renders(b,
            "招集基準「R1」により招集しました: （該当者なし）（確認期限 5分）",
            "Summoned under the rule “R1”: (nobody) (acknowledge within 5 "
            "min)");
    xfree(b);
}

static void test_summons_lines(void **state)
{
    (void)state;
    char *b = chron_sys_body(
        "chron.acked", json_pack("{s:s, s:s}", "who", "Sato", "via", "link"));
    renders(b, "Sato が招集を確認しました（メッセージのリンクから）",
            "Sato acknowledged the summons (with the link in the message)");
    xfree(b);
    b = chron_sys_body("chron.delivery_failed",
                       json_pack("{s:s}", "channel", "email"));
    renders(b, "招集のメールを送信できませんでした。別の手段で連絡してください",
            "The summons could not be sent by email. Reach them another way");
    xfree(b);
    b = chron_sys_body("chron.escalated",
                       json_pack("{s:s, s:s}", "from", "A", "to", "B"));
    renders(b, "A から期限までに確認がないため、次の連絡先 B を招集しました",
            "No acknowledgement from A in time; summoned the next contact, B");
    xfree(b);
}

static void test_drift_lines(void **state)
{
    (void)state;
    char *b = chron_sys_body(
        "chron.drift",
        json_pack("{s:[{s:s, s:{s:s, s:s, s:s, s:s, s:s}}]}", "lines", "msg",
                  "chron.drift.line", "args", "drift", "persons", "stated",
                  "100", "now", "", "sent", "2026-12-01T00:00:00Z",
                  "disclosure_kind", "no_such_kind"));

    renders(b,
            "公表・通知済みの事実が変わりました。更新した説明が必要です:\n"
            "影響を受けた人数: 公表時「100」→ 現在「（未記載）」"
            "（2026-12-01T00:00:00Z のno_such_kind）",
            "Facts already disclosed or notified have changed. An updated "
            "statement is needed:\nPersons affected: “100” when disclosed → "
            "now “(not stated)” (no_such_kind of 2026-12-01T00:00:00Z)");
    xfree(b);
}

static void test_a_title_in_both_languages(void **state)
{
    (void)state;
    char *b = chron_sys_body("chron.task_done",
                             json_pack("{s:s, s:s}", "title", "端末を隔離する",
                                       "title_en", "Isolate the device"));
    renders(b, "タスク完了: 端末を隔離する", "Task done: Isolate the device");
    xfree(b);
    /* A person's title, in one language only, as written. */
    b = chron_sys_body(
        "chron.task_skipped",
        json_pack("{s:s, s:s}", "title", "Call", "reason", "done by IT"));
    renders(b, "タスク対象外: Call（理由: done by IT）",
            "Task not applicable: Call (reason: done by IT)");
    xfree(b);
}

static void test_other_bodies_are_not_rendered(void **state)
{
    (void)state;
    assert_null(
        chron_sys_render("プレイブック「マルウェア」から 3 件", LANG_EN));
    assert_null(chron_sys_render("{\"field\":\"title\"}", LANG_EN));
    assert_null(chron_sys_render(NULL, LANG_EN));
    /* Broken JSON after the opening: not rendered, not a crash. */
    assert_null(chron_sys_render("{\"msg\":\"chron.acked\",", LANG_EN));
    /* Unknown or foreign keys stay inert. */
    char *t = chron_sys_render("{\"msg\":\"chron.x\",\"args\":{\"a\":{"
                               "\"msg\":\"v.required\",\"args\":{}}}}",
                               LANG_EN);
    assert_non_null(t);
    assert_string_equal(t, "chron.x");
    xfree(t);
}

static void test_entry_json_has_text(void **state)
{
    (void)state;
    struct chron_entry e;

    chron_entry_init(&e);
    e.kind = ENTRY_ACTION;
    e.actor = xstrdup("kizuki");
    e.body = chron_sys_body("chron.task_done",
                            json_pack("{s:s}", "title", "Isolate"));
    json_t *j = chron_entry_to_json_lang(&e, LANG_EN);
    assert_string_equal(json_string_value(json_object_get(j, "text")),
                        "Task done: Isolate");
    assert_string_equal(json_string_value(json_object_get(j, "body")), e.body);
    assert_true(json_is_true(json_object_get(j, "system")));
    json_decref(j);
    xfree(e.body);
    e.body = xstrdup("古い記録");
    j = chron_entry_to_json_lang(&e, LANG_EN);
    assert_string_equal(json_string_value(json_object_get(j, "text")),
                        "古い記録");
    assert_true(json_is_false(json_object_get(j, "system")));
    json_decref(j);
    chron_entry_cleanup(&e);
}

static void test_note_cannot_pose_as_system_line(void **state)
{
    (void)state;
    struct kz_problems p;

    kz_problems_clear(&p);
    assert_int_equal(
        chron_validate_manual(ENTRY_NOTE,
                              "{\"msg\":\"chron.acked\",\"args\":{\"who\":"
                              "\"CEO\",\"via\":\"ui\"}}",
                              &p),
        KZ_EINVAL);
    assert_string_equal(p.items[0].msg_key, "v.reserved");
    kz_problems_clear(&p);
    assert_int_equal(chron_validate_manual(ENTRY_NOTE, "{\"msg\":1}", &p),
                     KZ_OK);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_body_format_is_deterministic),
        cmocka_unit_test(test_tasks_created_per_language),
        cmocka_unit_test(test_convened_lists),
        cmocka_unit_test(test_summons_lines),
        cmocka_unit_test(test_drift_lines),
        cmocka_unit_test(test_a_title_in_both_languages),
        cmocka_unit_test(test_other_bodies_are_not_rendered),
        cmocka_unit_test(test_entry_json_has_text),
        cmocka_unit_test(test_note_cannot_pose_as_system_line),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
