/* SPDX-License-Identifier: MIT */
/*
 * fixture.c - the records the tests start from (see fixture.h).
 */
#include "support/fixture.h"

#include <sodium.h>
#include <string.h>

#include "support/test.h"
#include "util/mem.h"

void fixture_draft(struct incident *inc, kz_time now)
{
    incident_init(inc);
    inc->title = xstrdup("顧客名簿を添付したメールの誤送信");
    inc->description = xstrdup("営業部の担当者が、顧客名簿（Excel）を添付した"
                               "メールを社外の別の宛先に送信した。\n"
                               "送信先には電話で削除を依頼済み。");
    inc->kind = KIND_INCIDENT;
    inc->category = xstrdup("misdirected_email");
    /* Set by the person filing: overrides of the triage score, the
     * severity with its reason. */
    inc->severity = 2;
    inc->severity_reason = xstrdup("取引先の顧客名簿で、取引への影響が大きい");
    inc->priority = 1;
    inc->occurred_at = now - 3 * 3600;
    inc->discovered_at = now - 2 * 3600;
    inc->reported_at = now - 3600;
    inc->place = xstrdup("office");
    inc->detection_trigger = xstrdup("self_report");
    inc->discoverer = xstrdup("山田 太郎");
    inc->reporter = xstrdup("佐藤 花子");
    inc->owner = xstrdup("情報セキュリティ委員会 事務局");
    strv_push(&inc->parties, "staff");
    strv_push(&inc->parties, "manager");
    strv_push(&inc->assets, "営業用ノートPC（PC-0420）");
    strv_push(&inc->assets, "メールサーバ");
    incident_add_info_type(inc, "name", 1200);
    incident_add_info_type(inc, "email_address", COUNT_UNKNOWN);
    incident_add_info_type(inc, "phone_number", 0);
    inc->affected_persons = 1200;
    strv_push(&inc->impacts, "complaints");
    inc->direct_cause = xstrdup("宛先のオートコンプリートで別の顧客を選んだ");
    inc->latent_factors = xstrdup("添付ファイルの暗号化が必須になっていない");
    inc->initial_response = xstrdup("誤送信先へ電話し、削除を依頼した");
    inc->additional_measures = xstrdup("削除の確認書を受領する");
    strv_push(&inc->prevention_measures, "staff_training");
    strv_push(&inc->prevention_measures, "system_control");
    strv_push(&inc->tags, "メール");
    strv_push(&inc->tags, "個人情報");
    inc->tlp = TLP_AMBER;
    inc->restricted = false;
    /* An account: tests that store the draft through app/ create it with
     * fixture_account (FIXTURE_MEMBER). */
    strv_push(&inc->members, FIXTURE_MEMBER);
}

void fixture_account(struct store *s, const char *name, enum role role)
{
    struct account a;

    account_init(&a);
    a.name = xstrdup(name);
    a.role = role;
    a.created_at = FIXTURE_NOW;
    a.updated_at = FIXTURE_NOW;
    if (store_account_insert(s, &a) != KZ_OK)
        fail_msg("cannot create account %s", name);
    account_cleanup(&a);
}

static void same_text(const char *field, const char *a, const char *b)
{
    if ((a == NULL) != (b == NULL) || (a != NULL && strcmp(a, b) != 0))
        fail_msg("%s differs: \"%s\" vs \"%s\"", field, a ? a : "(null)",
                 b ? b : "(null)");
}

static void same_list(const char *field, const struct strv *a,
                      const struct strv *b)
{
    if (!strv_equal(a, b))
        fail_msg("%s differs (%zu vs %zu items)", field, a->n, b->n);
}

static void same_int(const char *field, int64_t a, int64_t b)
{
    if (a != b)
        fail_msg("%s differs: %lld vs %lld", field, (long long)a, (long long)b);
}

void fixture_assert_same(const struct incident *a, const struct incident *b)
{
    same_int("id", a->id, b->id);
    same_text("ref", a->ref, b->ref);
    same_text("title", a->title, b->title);
    same_text("description", a->description, b->description);
    same_int("kind", a->kind, b->kind);
    same_text("category", a->category, b->category);
    same_int("phase", a->phase, b->phase);
    same_int("severity", a->severity, b->severity);
    same_int("priority", a->priority, b->priority);
    same_int("severity_manual", a->severity_manual, b->severity_manual);
    same_text("severity_reason", a->severity_reason, b->severity_reason);
    same_int("priority_manual", a->priority_manual, b->priority_manual);
    same_int("occurred_at", a->occurred_at, b->occurred_at);
    same_int("discovered_at", a->discovered_at, b->discovered_at);
    same_int("reported_at", a->reported_at, b->reported_at);
    for (int p = 0; p < PHASE_COUNT; p++)
        same_int(phase_key((enum phase)p), a->phase_times[p],
                 b->phase_times[p]);
    same_text("place", a->place, b->place);
    same_text("detection_trigger", a->detection_trigger, b->detection_trigger);
    same_text("discoverer", a->discoverer, b->discoverer);
    same_text("reporter", a->reporter, b->reporter);
    same_text("owner", a->owner, b->owner);
    same_list("parties", &a->parties, &b->parties);
    same_list("assets", &a->assets, &b->assets);
    same_int("n_info_types", (int64_t)a->n_info_types,
             (int64_t)b->n_info_types);
    for (size_t i = 0; i < a->n_info_types; i++) {
        same_text("info_types.type", a->info_types[i].type,
                  b->info_types[i].type);
        same_int("info_types.count", a->info_types[i].count,
                 b->info_types[i].count);
    }
    same_int("affected_persons", a->affected_persons, b->affected_persons);
    same_list("impacts", &a->impacts, &b->impacts);
    same_text("direct_cause", a->direct_cause, b->direct_cause);
    same_text("latent_factors", a->latent_factors, b->latent_factors);
    same_text("initial_response", a->initial_response, b->initial_response);
    same_text("additional_measures", a->additional_measures,
              b->additional_measures);
    same_list("prevention_measures", &a->prevention_measures,
              &b->prevention_measures);
    same_list("tags", &a->tags, &b->tags);
    same_int("tlp", a->tlp, b->tlp);
    same_int("restricted", a->restricted, b->restricted);
    same_list("members", &a->members, &b->members);
    same_int("version", a->version, b->version);
    same_int("created_at", a->created_at, b->created_at);
    same_int("updated_at", a->updated_at, b->updated_at);
    same_text("created_by", a->created_by, b->created_by);
    same_int("aware_at", a->aware_at, b->aware_at);
    same_int("possible_leak", a->possible_leak, b->possible_leak);
    same_list("leak_kinds", &a->leak_kinds, &b->leak_kinds);
    same_list("leak_indicators", &a->leak_indicators, &b->leak_indicators);
    same_int("encrypted", a->encrypted, b->encrypted);
    same_int("improper_purpose", a->improper_purpose, b->improper_purpose);
    same_int("improper_purpose_manual", a->improper_purpose_manual,
             b->improper_purpose_manual);
    same_text("improper_purpose_reason", a->improper_purpose_reason,
              b->improper_purpose_reason);
    same_int("affected_persons_max", a->affected_persons_max,
             b->affected_persons_max);
    same_int("mynumber_system", a->mynumber_system, b->mynumber_system);
    same_int("publicly_viewable", a->publicly_viewable, b->publicly_viewable);
    same_int("nis2_disruption", a->nis2_disruption, b->nis2_disruption);
    same_int("nis2_damage_others", a->nis2_damage_others,
             b->nis2_damage_others);
    for (int t = 0; t < TRIGGER_COUNT; t++)
        same_int("trigger_at", a->trigger_at[t], b->trigger_at[t]);
    same_int("eu_data_subjects", a->eu_data_subjects, b->eu_data_subjects);
    same_int("social_responsibility", a->social_responsibility,
             b->social_responsibility);
    same_int("response_evaluation", a->response_evaluation,
             b->response_evaluation);
    same_int("materiality_determined_at", a->materiality_determined_at,
             b->materiality_determined_at);
    same_text("cause", a->cause, b->cause);
}

kz_time fixture_time(const char *iso)
{
    kz_time t = KZ_TIME_NONE;

    if (timefmt_parse(iso, &t) != KZ_OK)
        fail_msg("fixture time does not parse: %s", iso);
    return t;
}

json_t *fixture_json(const char *text)
{
    json_error_t e;
    json_t *j = json_loads(text, JSON_DECODE_ANY, &e);

    if (j == NULL)
        fail_msg("test JSON does not parse (%s): %s", e.text, text);
    return j;
}

int fixture_group_setup(void **state)
{
    (void)state;
    if (timefmt_setup_zone("Asia/Tokyo") != KZ_OK)
        return -1;
    if (sodium_init() < 0)
        return -1;
    return 0;
}
