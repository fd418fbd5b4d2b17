/* SPDX-License-Identifier: MIT */
/*
 * playbook_data.c - kizuki's default playbooks as data (SPEC C5).
 *
 * Each row is one checklist step: the phase it belongs to, hours until it
 * is due once the tasks are created, the role that usually does it, and
 * whether it is a first-aid measure to take at once.  Rows whose category
 * is NULL belong to every playbook.  The wording follows the response
 * guidance of JNSA, IPA and JPCERT/CC in substance; preserve evidence
 * before recovery (SPEC §2.5) is in every playbook that recovers systems.
 */
#include <string.h>

#include "core/playbook.h"
#include "core/taxonomy.h"
#include "util/mem.h"

#define T PHASE_TRIAGE
#define C PHASE_CONTAINMENT
#define I PHASE_INVESTIGATION
#define N PHASE_NOTIFICATION
#define R PHASE_RECOVERY
#define A PHASE_AFTERCARE
#define V PHASE_REVIEW

static const struct step_row {
    const char *category; /* NULL: every category */
    enum phase phase;
    int due_hours;
    const char *owner;
    int first_aid;
    const char *ja;
    const char *en;
} rows[] = {
    /* First aid of each category comes first: it is what to do now. */
    {"misdirected_email", C, 1, "handler", 1,
     "誤送信先に連絡し、メールの削除と削除完了の確認を依頼する",
     "Ask every recipient to delete the mail and to confirm the deletion"},
    {"misdirected_email", C, 2, "handler", 0,
     "送信ログで宛先・送信日時・添付ファイルを特定する",
     "Identify recipients, time and attachments from the sending log"},
    {"misdirected_email", I, 24, "handler", 0,
     "添付ファイルの暗号化の有無とパスワードの送り方を確認する",
     "Check whether attachments were encrypted and how the password was sent"},
    {"misdirected_email", V, 720, "csirt_lead", 0,
     "宛先確認・送信保留・外部宛先の制限など送信の仕組みを見直す",
     "Review sending safeguards: recipient checks, delayed sending, limits "
     "on external recipients"},
    {"misdirected_fax_post", C, 1, "handler", 1,
     "誤送付先に連絡し、回収または廃棄と完了の確認を依頼する",
     "Ask the wrong recipient to return or destroy it and to confirm"},
    {"device_loss", C, 1, "it_admin", 1,
     "端末のリモートワイプまたはロックを実行し、関連アカウントを停止する",
     "Remote-wipe or lock the device and suspend its accounts"},
    {"device_loss", C, 4, "handler", 1,
     "警察に遺失届（盗難の場合は被害届）を出し、受理番号を記録する",
     "Report the loss (or theft) to the police and record the receipt "
     "number"},
    {"device_loss", C, 4, "handler", 0,
     "最後に確認した場所と移動経路を確認し、立ち寄り先に問い合わせる",
     "Retrace the last known place and route and ask the places visited"},
    {"device_loss", I, 24, "it_admin", 0,
     "端末内のデータとディスク暗号化・画面ロックの状態を確認する",
     "Establish the data on the device and whether disk encryption and "
     "screen lock were on"},
    {"document_loss", C, 1, "handler", 1,
     "最後に確認した場所を捜索し、警察に遺失届を出す",
     "Search the last known place and report the loss to the police"},
    {"document_loss", I, 24, "handler", 0,
     "持ち出した書類の内容と個人情報の件数を特定する",
     "Establish what the documents contained and how many persons' data"},
    {"ransomware", C, 1, "it_admin", 1,
     "感染した端末をネットワークから切り離す（電源は切らない・再起動しない）",
     "Disconnect infected hosts from the network (do not power off or "
     "reboot)"},
    {"ransomware", C, 2, "it_admin", 1,
     "メモリとログ（サーバ・ファイアウォール・VPN機器）を復旧前に保全する",
     "Preserve memory and logs (servers, firewall, VPN) before any recovery"},
    {"ransomware", C, 4, "it_admin", 1,
     "管理者アカウントのパスワードを変更し、不要な外部接続を遮断する",
     "Change administrator passwords and cut unnecessary external access"},
    {"ransomware", C, 4, "it_admin", 0,
     "バックアップが暗号化されていないか確認し、切り離して保護する",
     "Check that backups are not encrypted and take them offline"},
    {"ransomware", I, 72, "forensic_vendor", 0,
     "侵入経路（VPN機器・リモートデスクトップ等）と情報窃取の有無を調査する",
     "Investigate the way in (VPN, remote desktop, …) and whether data was "
     "stolen"},
    {"ransomware", N, 24, "csirt_lead", 0, "警察・JPCERT/CC・IPA に届け出る",
     "Report to the police, JPCERT/CC and IPA"},
    {"ransomware", R, 168, "it_admin", 0,
     "安全を確認したバックアップから復旧し、復旧後の監視を強化する",
     "Restore from verified backups and watch closely after recovery"},
    {"malware", C, 1, "it_admin", 1,
     "感染が疑われる端末をネットワークから切り離す（電源は切らない）",
     "Disconnect suspected hosts from the network (do not power off)"},
    {"malware", C, 4, "it_admin", 0,
     "ウイルス対策ソフトの検知ログとプロキシのログを保全する",
     "Preserve antivirus detections and proxy logs"},
    {"malware", I, 48, "it_admin", 0,
     "感染経路と外部への通信（C&Cサーバ）の有無を調査する",
     "Find the infection path and any traffic to command-and-control "
     "servers"},
    {"unauthorized_access", C, 1, "it_admin", 1,
     "不正に使われたアカウントを停止し、パスワードを変更する",
     "Suspend the misused accounts and change their passwords"},
    {"unauthorized_access", C, 2, "it_admin", 1,
     "アクセスログ・認証ログを保全する",
     "Preserve access and authentication logs"},
    {"unauthorized_access", C, 4, "csirt_lead", 0,
     "漏えいが続くおそれがあればサービス停止を停止判断者に諮る",
     "If data may still be leaking, ask the asset's stop decider to stop "
     "the service"},
    {"unauthorized_access", I, 72, "it_admin", 0,
     "侵入経路と閲覧・窃取されたデータを特定する",
     "Identify the way in and the data viewed or taken"},
    {"web_defacement", C, 1, "it_admin", 1,
     "改ざんされたページの公開を止める（サービス停止は停止判断者が判断）",
     "Take the defaced pages offline (the stop decider decides on the "
     "service)"},
    {"web_defacement", C, 2, "it_admin", 1,
     "Webサーバのログとファイルを保全する",
     "Preserve web server logs and files"},
    {"web_defacement", I, 48, "it_admin", 0,
     "改ざんの手口と閲覧者への影響（不正なスクリプト等）を調査する",
     "Investigate how it was done and the effect on visitors (injected "
     "scripts)"},
    {"web_defacement", R, 72, "it_admin", 0,
     "脆弱性を修正し、安全な状態から再公開する",
     "Fix the vulnerability and republish from a clean state"},
    {"phishing", C, 1, "it_admin", 1,
     "報告されたメールの送信元とURLを遮断し、全社に注意喚起する",
     "Block the sender and URLs and warn everyone"},
    {"phishing", C, 2, "it_admin", 0,
     "認証情報を入力した人を確認し、そのアカウントのパスワードを変更する",
     "Find who entered credentials and change their passwords"},
    {"targeted_email", C, 1, "it_admin", 1,
     "添付を開いた・URLを開いた端末をネットワークから切り離す",
     "Disconnect hosts where the attachment or link was opened"},
    {"targeted_email", C, 2, "it_admin", 0,
     "同じメールの受信者を特定し、削除と注意喚起を行う",
     "Find the other recipients; delete the mail and warn them"},
    {"bec", C, 1, "handler", 1,
     "振込先の変更依頼を取引先に電話で確認し、支払いを止める",
     "Confirm payee changes with the partner by phone; stop the payment"},
    {"bec", C, 2, "it_admin", 1,
     "乗っ取られたメールアカウントのパスワードを変更し、転送設定を確認する",
     "Change the hijacked mailbox's password and check forwarding rules"},
    {"bec", N, 24, "csirt_lead", 0, "金融機関と警察に連絡する",
     "Contact the bank and the police"},
    {"dos", C, 1, "it_admin", 1,
     "通信事業者・CDN事業者に連絡し、攻撃通信の遮断を依頼する",
     "Ask the network and CDN providers to filter the attack traffic"},
    {"dos", C, 2, "pr", 0, "利用者へのサービス状況のお知らせを準備する",
     "Prepare a service status notice for users"},
    {"insider_wrongdoing", C, 2, "it_admin", 1,
     "関係者のアカウントとアクセス権を停止する（本人に気付かれない配慮を）",
     "Suspend the person's accounts and access (discreetly)"},
    {"insider_wrongdoing", C, 4, "it_admin", 1,
     "操作ログと入退室記録を保全する",
     "Preserve activity logs and entry records"},
    {"insider_wrongdoing", N, 72, "legal", 0, "法務・弁護士に相談する",
     "Consult legal counsel"},
    {"contractor_mismanagement", C, 4, "handler", 1,
     "委託先に事実関係の報告を求め、再委託先を含む影響範囲を確認する",
     "Ask the contractor for a report and the scope, sub-contractors "
     "included"},
    {"contractor_mismanagement", V, 720, "csirt_lead", 0,
     "委託契約と委託先の監査を見直す",
     "Review the contract and the contractor audits"},
    {"sns_leak", C, 1, "pr", 1,
     "投稿の削除を依頼し、投稿内容を証拠として保存する",
     "Ask for the post's removal and keep a copy as evidence"},
    {"cloud_incident", C, 2, "it_admin", 1,
     "クラウド事業者の障害情報を確認し、影響するサービスを特定する",
     "Check the provider's status reports and the services affected"},
    {"wrong_disposal", C, 4, "handler", 1,
     "廃棄業者に連絡し、回収状況と処分方法を確認する",
     "Contact the disposal company about collection and destruction"},
    {"misconfiguration", C, 1, "it_admin", 1,
     "公開設定・アクセス権を修正し、外部からのアクセス記録を保全する",
     "Fix the exposure and preserve records of outside access"},
    {"misconfiguration", I, 48, "it_admin", 0,
     "設定が誤っていた期間と外部からのアクセスの有無を確認する",
     "Establish how long it was exposed and whether anyone accessed it"},
    {"system_failure", C, 1, "it_admin", 1,
     "影響範囲を確認し、利用者へのお知らせを準備する",
     "Determine the impact and prepare a notice for users"},
    {"scan_probe", C, 4, "it_admin", 0,
     "送信元を遮断し、対象システムに脆弱性がないか確認する",
     "Block the source and check the targets for vulnerabilities"},
    {"ot_iot", C, 1, "it_admin", 1,
     "制御ネットワークの外部接続を遮断する（安全な運転状態を優先）",
     "Cut the control network's outside connections (safety first)"},
    {"break_in", C, 1, "handler", 1, "警察に通報し、現場を保存する",
     "Call the police and preserve the scene"},
    {"policy_violation", I, 48, "handler", 0, "規程違反の事実と影響を確認する",
     "Establish the violation and its effect"},

    /* Every incident. */
    {NULL, T, 2, "handler", 0,
     "事実関係（いつ・どこで・何が・どのように）を確認して記録する",
     "Confirm and record the facts: when, where, what, how"},
    {NULL, T, 4, "csirt_lead", 0,
     "重大度と優先度を決め、招集基準に沿って関係者を招集する",
     "Set severity and priority and summon people per the convocation "
     "rules"},
    {NULL, C, 8, "handler", 0, "被害拡大を防ぐ措置を決めて実施状況を記録する",
     "Decide on containment and record what was done"},
    {NULL, I, 72, "handler", 0,
     "証拠（ログ・端末・メール等）を保全し、保管場所と取得者を記録する",
     "Preserve evidence (logs, devices, mail) and record where and by whom"},
    {NULL, I, 72, "handler", 0,
     "影響範囲（情報の種類・件数・本人の数・システム）を特定する",
     "Determine the scope: information types, record counts, persons, "
     "systems"},
    {NULL, N, 72, "privacy_officer", 0,
     "個人情報保護委員会等への報告義務を判断する（速報は3〜5日以内が目安）",
     "Decide whether a report to the commission or others is due "
     "(preliminary report within 3-5 days)"},
    {NULL, N, 120, "pr", 0, "本人への通知と公表の要否・内容を決める",
     "Decide whether and how to notify the persons affected and to publish"},
    {NULL, A, 168, "customer_support", 0,
     "問い合わせ窓口と二次被害を防ぐ案内を用意する",
     "Set up an inquiry desk and guidance against secondary damage"},
    {NULL, V, 720, "csirt_lead", 0,
     "直接原因と潜在的要因を分析し、再発防止策を担当者・期限付きで決める",
     "Analyse the direct cause and latent factors; decide prevention "
     "measures with owners and due dates"},
    {NULL, V, 720, "handler", 0,
     "インシデント報告書をまとめ、社内に注意喚起する",
     "Write the incident report and an internal awareness notice"},
};

bool playbook_default(const char *category, struct playbook *out)
{
    if (category == NULL || !taxonomy_has(&taxonomy_category, category))
        return false;
    playbook_cleanup(out);
    out->category = xstrdup(category);
    /* In phase order; within a phase, the category's own steps (first aid
     * first) before the shared checklist. */
    for (int ph = 0; ph < PHASE_COUNT; ph++) {
        for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
            const struct step_row *r = &rows[i];
            if ((int)r->phase != ph ||
                (r->category != NULL && strcmp(r->category, category) != 0))
                continue;
            playbook_add(out, r->phase, r->ja, r->en, r->due_hours, r->owner,
                         r->first_aid != 0);
        }
    }
    return true;
}
