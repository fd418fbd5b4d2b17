/* SPDX-License-Identifier: MIT */
/*
 * fixture.c - the records the tests start from (see fixture.h).
 */
#include "support/fixture.h"

#include <sodium.h>

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
    inc->severity = 2;
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
    strv_push(&inc->members, "sato.hanako");
}

kz_time fixture_time(const char *iso)
{
    kz_time t = KZ_TIME_NONE;

    if (timefmt_parse(iso, &t) != KZ_OK)
        fail_msg("fixture time does not parse: %s", iso);
    return t;
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
