/* SPDX-License-Identifier: MIT */
/*
 * test_response_json.c - response-engine records as JSON
 * (src/json/response_json.c): every record survives to_json → apply;
 * "apply" reads only the members present, names what is wrong and leaves
 * lists alone when they are; a contact's webhook address is shown
 * without its secret part, and the masked value sent back keeps the
 * stored address.
 */
#include "support/test.h"

#include <string.h>

#include "json/response_json.h"
#include "json/triage_json.h"
#include "support/fixture.h"
#include "util/mem.h"

#define NOW FIXTURE_NOW

/* A JSON round trip through text, as the store and the API do. */
static json_t *through_text(json_t *j)
{
    char *s = json_dumps(j, JSON_COMPACT);
    json_t *back = json_loads(s, 0, NULL);

    assert_non_null(back);
    xfree(s);
    json_decref(j);
    return back;
}

static void same_text(const char *a, const char *b)
{
    if (a == NULL || b == NULL)
        assert_true(a == b);
    else
        assert_string_equal(a, b);
}

static void test_asset_round_trip(void **state)
{
    struct asset a;
    struct asset b;
    struct kz_problems p;

    (void)state;
    asset_init(&a);
    a.id = 4;
    a.name = xstrdup("顧客管理DB");
    a.kind = xstrdup("database");
    a.owner = xstrdup("営業部");
    a.priority = 1;
    a.stop_decider = xstrdup("情報システム部長");
    a.outsourced_to = xstrdup("株式会社データ保守");
    a.vendor_responsibility = xstrdup("OS以下");
    a.vendor_contact = xstrdup("03-0000-0000");
    a.notes = xstrdup("年1回監査\n報告書あり");
    a.version = 3;
    a.created_at = NOW;
    a.updated_at = NOW + 60;
    json_t *j = through_text(asset_to_json(&a));
    assert_int_equal(json_integer_value(json_object_get(j, "id")), 4);
    assert_int_equal(json_integer_value(json_object_get(j, "version")), 3);
    assert_string_equal(json_string_value(json_object_get(j, "updated_at")),
                        "2026-11-22T10:01:00+09:00");
    asset_init(&b);
    kz_problems_clear(&p);
    asset_apply_json(j, &b, &p);
    assert_int_equal(p.n, 0);
    same_text(b.name, a.name);
    same_text(b.kind, a.kind);
    same_text(b.owner, a.owner);
    assert_int_equal(b.priority, a.priority);
    same_text(b.stop_decider, a.stop_decider);
    same_text(b.outsourced_to, a.outsourced_to);
    same_text(b.vendor_responsibility, a.vendor_responsibility);
    same_text(b.vendor_contact, a.vendor_contact);
    same_text(b.notes, a.notes);
    /* Bookkeeping is the store's, not the client's. */
    assert_int_equal(b.id, 0);
    assert_int_equal(b.version, 0);
    json_decref(j);

    /* Members absent are left alone; null clears a text; wrong types and
     * unknown members are named. */
    j = json_pack("{s:n, s:i, s:s}", "notes", "priority", 9, "colour", "x");
    kz_problems_clear(&p);
    asset_apply_json(j, &b, &p);
    assert_null(b.notes);
    assert_int_equal(b.priority, 1);
    same_text(b.owner, "営業部");
    assert_problem(&p, "priority", "v.priority");
    assert_problem(&p, "colour", "v.unknown_field");
    assert_problem_count(&p, 2);
    json_decref(j);
    j = json_pack("{s:i, s:s}", "name", 5, "priority", "1");
    kz_problems_clear(&p);
    asset_apply_json(j, &b, &p);
    assert_problem(&p, "name", "v.type_string");
    assert_problem(&p, "priority", "v.type_integer");
    json_decref(j);
    asset_cleanup(&a);
    asset_cleanup(&b);
}

static void full_contact(struct contact *c)
{
    contact_init(c);
    c->id = 9;
    c->name = xstrdup("鈴木 一郎");
    c->organisation = xstrdup("情報システム部");
    strv_push(&c->roles, "csirt_lead");
    strv_push(&c->roles, "it_admin");
    c->email = xstrdup("suzuki@example.jp");
    c->phone = xstrdup("03-1234-5678");
    c->webhook_url = xstrdup("https://hooks.example.jp/services/T0/B0/SECRET");
    strv_push(&c->windows, "night");
    c->oncall_order = 3;
    c->notes = xstrdup("携帯優先");
    c->last_verified_at = NOW - 86400;
    c->version = 2;
}

static void test_contact_round_trip(void **state)
{
    struct contact a;
    struct contact b;
    struct kz_problems p;

    (void)state;
    full_contact(&a);
    json_t *j = through_text(contact_to_json(&a, true));
    contact_init(&b);
    kz_problems_clear(&p);
    contact_apply_json(j, &b, &p);
    assert_int_equal(p.n, 0);
    same_text(b.name, a.name);
    same_text(b.organisation, a.organisation);
    assert_true(strv_equal(&b.roles, &a.roles));
    same_text(b.email, a.email);
    same_text(b.phone, a.phone);
    same_text(b.webhook_url, a.webhook_url);
    assert_true(strv_equal(&b.windows, &a.windows));
    assert_int_equal(b.oncall_order, 3);
    same_text(b.notes, a.notes);
    assert_int_equal(b.last_verified_at, a.last_verified_at);
    json_decref(j);

    /* Never verified: null, and back. */
    a.last_verified_at = KZ_TIME_NONE;
    j = contact_to_json(&a, true);
    assert_true(json_is_null(json_object_get(j, "last_verified_at")));
    contact_apply_json(j, &b, &p);
    assert_true(b.last_verified_at == KZ_TIME_NONE);
    json_decref(j);

    /* "stale" is the API's addition; sent back it is ignored. */
    j = json_pack("{s:b, s:i, s:s}", "stale", 1, "oncall_order", 100,
                  "last_verified_at", "yesterday");
    kz_problems_clear(&p);
    contact_apply_json(j, &b, &p);
    assert_problem(&p, "oncall_order", "v.oncall_order");
    assert_problem(&p, "last_verified_at", "v.time");
    assert_problem_count(&p, 2);
    assert_int_equal(b.oncall_order, 3);
    json_decref(j);
    j = json_pack("{s:[s, i]}", "roles", "pr", 3);
    kz_problems_clear(&p);
    contact_apply_json(j, &b, &p);
    assert_problem(&p, "roles[1]", "v.type_string");
    assert_int_equal(b.roles.n, 2); /* unchanged */
    json_decref(j);
    contact_cleanup(&a);
    contact_cleanup(&b);
}

/*
 * Found by fuzz/fuzz_registry.c: a host part longer than 200 bytes was
 * shown cut at 200 without the "…" that marks a masked address, so the
 * contact sent back as read (as the web UI does) replaced the stored
 * address with its first 200 bytes.
 */
static void test_fuzz_long_webhook_host_is_marked_and_kept(void **state)
{
    char url[300];
    char want[300];
    struct contact c;
    struct kz_problems p;

    (void)state;
    for (int with_path = 0; with_path <= 1; with_path++) {
        snprintf(url, sizeof(url), "https://%0250d%s", 0,
                 with_path ? "/hook/SECRET" : "");
        snprintf(want, sizeof(want), "https://%0192d…", 0);
        full_contact(&c);
        xstrset(&c.webhook_url, url);
        assert_true(contact_url_is_valid(url));
        json_t *j = contact_to_json(&c, false);
        assert_string_equal(
            json_string_value(json_object_get(j, "webhook_url")), want);
        kz_problems_clear(&p);
        contact_apply_json(j, &c, &p);
        assert_int_equal(p.n, 0);
        assert_string_equal(c.webhook_url, url);
        json_decref(j);
        contact_cleanup(&c);
    }
}

/* The webhook address is a credential: shown, only its host. */
static void test_contact_webhook_masking(void **state)
{
    static const struct {
        const char *url;
        const char *masked;
    } rows[] = {
        {"https://hooks.example.jp/services/T0/B0/SECRET",
         "https://hooks.example.jp/…"},
        {"http://127.0.0.1:8080/hook/SECRET", "http://127.0.0.1:8080/…"},
        {"https://hooks.example.jp/", "https://hooks.example.jp/…"},
        {"https://hooks.example.jp", "https://hooks.example.jp"},
        {"https://hooks.example.jp?token=SECRET", "https://hooks.example.jp?…"},
        {"https://hooks.example.jp#SECRET", "https://hooks.example.jp#…"},
    };
    struct contact c;
    struct kz_problems p;

    (void)state;
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        full_contact(&c);
        xstrset(&c.webhook_url, rows[i].url);
        json_t *j = contact_to_json(&c, false);
        const char *shown =
            json_string_value(json_object_get(j, "webhook_url"));
        assert_non_null(shown);
        if (strcmp(shown, rows[i].masked) != 0)
            fail_msg("%s shown as %s, want %s", rows[i].url, shown,
                     rows[i].masked);
        assert_null(strstr(shown, "SECRET"));
        /* Nothing else of the entry is hidden. */
        assert_string_equal(json_string_value(json_object_get(j, "email")),
                            "suzuki@example.jp");
        /* Sent back as read: the stored address stays (when it was
         * masked at all). */
        kz_problems_clear(&p);
        contact_apply_json(j, &c, &p);
        assert_int_equal(p.n, 0);
        assert_string_equal(c.webhook_url, rows[i].url);
        json_decref(j);
        contact_cleanup(&c);
    }

    /* No address: null either way. */
    full_contact(&c);
    xstrset(&c.webhook_url, NULL);
    json_t *j = contact_to_json(&c, false);
    assert_true(json_is_null(json_object_get(j, "webhook_url")));
    json_decref(j);
    xstrset(&c.webhook_url, "");
    j = contact_to_json(&c, false);
    assert_true(json_is_null(json_object_get(j, "webhook_url")));
    json_decref(j);
    contact_cleanup(&c);

    /* A new address replaces the stored one; null removes it. */
    full_contact(&c);
    j = json_pack("{s:s}", "webhook_url", "https://chat.example.jp/new");
    kz_problems_clear(&p);
    contact_apply_json(j, &c, &p);
    assert_string_equal(c.webhook_url, "https://chat.example.jp/new");
    json_decref(j);
    j = json_pack("{s:n}", "webhook_url");
    contact_apply_json(j, &c, &p);
    assert_null(c.webhook_url);
    json_decref(j);
    contact_cleanup(&c);
}

static void test_rule_round_trip(void **state)
{
    struct conv_rule a;
    struct conv_rule b;
    struct kz_problems p;

    (void)state;
    conv_rule_init(&a);
    a.name = xstrdup("ランサムウェア");
    strv_push(&a.categories, "ransomware");
    a.max_severity = 3;
    strv_push(&a.kinds, "incident");
    strv_push(&a.summon_roles, "csirt_lead");
    conv_rule_add_contact(&a, 7);
    conv_rule_add_contact(&a, 2);
    a.ack_minutes = 45;
    a.enabled = false;
    json_t *j = through_text(conv_rule_to_json(&a));
    assert_string_equal(json_string_value(json_object_get(j, "max_severity")),
                        "S3");
    conv_rule_init(&b);
    kz_problems_clear(&p);
    conv_rule_apply_json(j, &b, &p);
    assert_int_equal(p.n, 0);
    same_text(b.name, a.name);
    assert_true(strv_equal(&b.categories, &a.categories));
    assert_int_equal(b.max_severity, 3);
    assert_true(strv_equal(&b.kinds, &a.kinds));
    assert_true(strv_equal(&b.summon_roles, &a.summon_roles));
    assert_int_equal(b.n_summon_contacts, 2);
    assert_int_equal(b.summon_contacts[0], 7);
    assert_int_equal(b.summon_contacts[1], 2);
    assert_int_equal(b.ack_minutes, 45);
    assert_false(b.enabled);
    json_decref(j);

    /* Bad members are named and leave the record as it was. */
    j = json_pack("{s:s, s:i, s:[i, i], s:s}", "max_severity", "S5",
                  "ack_minutes", 0, "summon_contacts", 3, 0, "enabled", "yes");
    kz_problems_clear(&p);
    conv_rule_apply_json(j, &b, &p);
    assert_problem(&p, "max_severity", "v.severity");
    assert_problem(&p, "ack_minutes", "v.ack_minutes");
    assert_problem(&p, "summon_contacts[1]", "v.no_contact");
    assert_problem(&p, "enabled", "v.type_boolean");
    assert_int_equal(b.max_severity, 3);
    assert_int_equal(b.ack_minutes, 45);
    assert_int_equal(b.n_summon_contacts, 2);
    json_decref(j);
    j = json_pack("{s:s}", "summon_contacts", "7");
    kz_problems_clear(&p);
    conv_rule_apply_json(j, &b, &p);
    assert_problem(&p, "summon_contacts", "v.type_array");
    json_decref(j);
    /* null or [] empties the list. */
    j = json_pack("{s:n}", "summon_contacts");
    kz_problems_clear(&p);
    conv_rule_apply_json(j, &b, &p);
    assert_int_equal(p.n, 0);
    assert_int_equal(b.n_summon_contacts, 0);
    json_decref(j);
    conv_rule_cleanup(&a);
    conv_rule_cleanup(&b);
}

static void test_playbook_round_trip(void **state)
{
    struct playbook a;
    struct playbook b;
    struct kz_problems p;

    (void)state;
    playbook_init(&a);
    assert_true(playbook_default("ransomware", &a));
    json_t *j = through_text(playbook_to_json(&a));
    assert_string_equal(json_string_value(json_object_get(j, "category")),
                        "ransomware");
    playbook_init(&b);
    b.category = xstrdup("ransomware");
    kz_problems_clear(&p);
    playbook_apply_json(j, &b, &p);
    assert_int_equal(p.n, 0);
    assert_int_equal(b.n, a.n);
    for (size_t i = 0; i < a.n; i++) {
        assert_int_equal(b.steps[i].phase, a.steps[i].phase);
        assert_string_equal(b.steps[i].title_ja, a.steps[i].title_ja);
        assert_string_equal(b.steps[i].title_en, a.steps[i].title_en);
        assert_int_equal(b.steps[i].due_hours, a.steps[i].due_hours);
        same_text(b.steps[i].owner_role, a.steps[i].owner_role);
        assert_int_equal(b.steps[i].first_aid, a.steps[i].first_aid);
    }
    assert_string_equal(b.category, "ransomware");
    json_decref(j);

    /* Not a list, or a list of non-objects: named, steps unchanged. */
    size_t n = b.n;
    j = json_pack("{s:s}", "steps", "all of them");
    kz_problems_clear(&p);
    playbook_apply_json(j, &b, &p);
    assert_problem(&p, "steps", "v.type_array");
    assert_int_equal(b.n, n);
    json_decref(j);
    j = json_pack("{s:[i]}", "steps", 1);
    kz_problems_clear(&p);
    playbook_apply_json(j, &b, &p);
    assert_problem(&p, "steps[0]", "v.type_object");
    assert_int_equal(b.n, n);
    json_decref(j);
    j = json_object();
    kz_problems_clear(&p);
    playbook_apply_json(j, &b, &p);
    assert_problem(&p, "steps", "v.required");
    json_decref(j);
    /* Step problems are named by index. */
    j = json_pack("{s:[{s:s, s:s, s:s}, {s:s, s:s, s:s, s:i, s:s}]}", "steps",
                  "phase", "triage", "title_ja", "確認", "title_en", "Check",
                  "phase", "someday", "title_ja", "x", "title_en", "x",
                  "due_hours", -1, "owner", "me");
    kz_problems_clear(&p);
    playbook_apply_json(j, &b, &p);
    assert_problem(&p, "steps[1].phase", "v.unknown_key");
    assert_problem(&p, "steps[1].due_hours", "v.due_hours");
    assert_problem(&p, "steps[1].owner", "v.unknown_field");
    assert_problem_count(&p, 3);
    assert_int_equal(b.n, 2);
    json_decref(j);
    playbook_cleanup(&a);
    playbook_cleanup(&b);
}

static void test_task_round_trip(void **state)
{
    struct task a;
    struct task b;
    struct kz_problems p;

    (void)state;
    task_init(&a);
    a.id = 12;
    a.phase = PHASE_CONTAINMENT;
    a.title = xstrdup("端末をネットワークから切り離す");
    a.owner = xstrdup("it_admin");
    a.due_at = NOW + 3600;
    a.status = TASK_OPEN;
    a.source = xstrdup("playbook:ransomware");
    a.first_aid = true;
    a.version = 1;
    a.created_at = NOW;
    json_t *j = through_text(task_to_json(&a, NOW));
    assert_false(json_is_true(json_object_get(j, "overdue")));
    assert_string_equal(json_string_value(json_object_get(j, "status")),
                        "open");
    assert_string_equal(json_string_value(json_object_get(j, "phase")),
                        "containment");
    assert_true(json_is_true(json_object_get(j, "first_aid")));
    task_init(&b);
    kz_problems_clear(&p);
    task_apply_json(j, &b, &p); /* read-only members are accepted */
    assert_int_equal(p.n, 0);
    assert_int_equal(b.phase, PHASE_CONTAINMENT);
    same_text(b.title, a.title);
    same_text(b.owner, a.owner);
    assert_int_equal(b.due_at, a.due_at);
    assert_int_equal(b.status, TASK_OPEN);
    assert_null(b.source); /* not the client's to set */
    assert_false(b.first_aid);
    json_decref(j);
    j = task_to_json(&a, NOW + 3601);
    assert_true(json_is_true(json_object_get(j, "overdue")));
    json_decref(j);
    a.status = TASK_DONE;
    j = task_to_json(&a, NOW + 3601);
    assert_false(json_is_true(json_object_get(j, "overdue")));
    json_decref(j);

    j = json_pack("{s:s, s:s, s:s, s:i}", "status", "finished", "phase",
                  "later", "due_at", "tomorrow", "priority", 1);
    kz_problems_clear(&p);
    task_apply_json(j, &b, &p);
    assert_problem(&p, "status", "v.unknown_key");
    assert_problem(&p, "phase", "v.unknown_key");
    assert_problem(&p, "due_at", "v.time");
    assert_problem(&p, "priority", "v.unknown_field");
    assert_int_equal(b.status, TASK_OPEN);
    json_decref(j);
    j = json_pack("{s:s, s:n}", "status", "skipped", "due_at");
    kz_problems_clear(&p);
    task_apply_json(j, &b, &p);
    assert_int_equal(p.n, 0);
    assert_int_equal(b.status, TASK_SKIPPED);
    assert_true(b.due_at == KZ_TIME_NONE);
    json_decref(j);
    task_cleanup(&a);
    task_cleanup(&b);
}

/* The score for people: severity, score, priority and one text per
 * reason, in the language asked for. */
static void test_triage_json(void **state)
{
    struct incident inc;
    struct triage_input in = {&inc, 2, "顧客管理DB"};
    struct triage_result r;

    (void)state;
    incident_init(&inc);
    inc.category = xstrdup("unauthorized_access");
    incident_add_info_type(&inc, "credit_card", 12345);
    strv_push(&inc.impacts, "service_stopped");
    triage_compute(&in, &r);
    for (int lang = 0; lang < 2; lang++) {
        json_t *j = triage_to_json(&r, lang == 0 ? LANG_JA : LANG_EN);
        assert_string_equal(json_string_value(json_object_get(j, "severity")),
                            "S1");
        assert_int_equal(json_integer_value(json_object_get(j, "score")),
                         r.score);
        assert_int_equal(json_integer_value(json_object_get(j, "priority")),
                         r.priority);
        json_t *reasons = json_object_get(j, "reasons");
        assert_int_equal(json_array_size(reasons), r.n);
        for (size_t i = 0; i < r.n; i++) {
            json_t *x = json_array_get(reasons, i);
            assert_string_equal(json_string_value(json_object_get(x, "factor")),
                                r.reasons[i].factor);
            assert_int_equal(json_integer_value(json_object_get(x, "points")),
                             r.reasons[i].points);
            const char *text = json_string_value(json_object_get(x, "text"));
            assert_non_null(text);
            /* The catalogue text, never its key. */
            assert_null(strstr(text, "triage."));
            if (strcmp(r.reasons[i].factor, "persons") == 0)
                assert_non_null(
                    strstr(text, lang == 0 ? "12,345人" : "12,345 persons"));
            if (strcmp(r.reasons[i].factor, "sensitivity") == 0)
                assert_non_null(strstr(text, lang == 0 ? "クレジットカード番号"
                                                       : "Credit card number"));
            if (strcmp(r.reasons[i].factor, "assets") == 0)
                assert_non_null(strstr(text, "顧客管理DB"));
        }
        json_decref(j);
    }
    incident_cleanup(&inc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_asset_round_trip),
        cmocka_unit_test(test_contact_round_trip),
        cmocka_unit_test(test_contact_webhook_masking),
        cmocka_unit_test(test_fuzz_long_webhook_host_is_marked_and_kept),
        cmocka_unit_test(test_rule_round_trip),
        cmocka_unit_test(test_playbook_round_trip),
        cmocka_unit_test(test_task_round_trip),
        cmocka_unit_test(test_triage_json),
    };

    return cmocka_run_group_tests(tests, fixture_group_setup, NULL);
}
