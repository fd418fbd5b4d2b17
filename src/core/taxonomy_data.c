/* SPDX-License-Identifier: MIT */
/*
 * taxonomy_data.c - the taxonomy tables (SPEC §3, §5) as data.
 *
 * Keys are a public contract (API, exports, stored records): never rename
 * or reuse one; add new values at the end of a table.  Labels may improve.
 */
#include "core/taxonomy.h"

#define TABLE(var, nm, ja_, en_, rows)                                         \
    const struct taxonomy var = {nm, ja_, en_, rows,                           \
                                 sizeof(rows) / sizeof((rows)[0])}

static const struct taxonomy_entry kind_rows[] = {
    {"incident", "インシデント", "Incident"},
    {"near_miss", "ヒヤリハット", "Near miss"},
    {"exercise", "訓練", "Exercise"},
};
TABLE(taxonomy_kind, "kind", "種別", "Kind", kind_rows);

/* SPEC §3: the order of this table is the order of the response flow. */
static const struct taxonomy_entry phase_rows[] = {
    {"reported", "発見・報告", "Reported"},
    {"triage", "事実確認・トリアージ", "Triage"},
    {"containment", "応急措置・初動対応", "Containment"},
    {"investigation", "調査・影響範囲の特定・重要度判定", "Investigation"},
    {"notification", "通知・届出・公表", "Notification"},
    {"recovery", "封じ込め・根絶・復旧", "Recovery"},
    {"aftercare", "二次被害防止・顧客対応", "Aftercare"},
    {"review", "振り返り・再発防止", "Review"},
    {"closed", "完了", "Closed"},
};
TABLE(taxonomy_phase, "phase", "対応段階", "Phase", phase_rows);

static const struct taxonomy_entry category_rows[] = {
    {"unauthorized_access", "不正アクセス", "Unauthorised access"},
    {"targeted_email", "標的型メール攻撃", "Targeted e-mail attack"},
    {"malware", "マルウェア感染", "Malware infection"},
    {"ransomware", "ランサムウェア", "Ransomware"},
    {"dos", "DoS/DDoS攻撃", "DoS/DDoS attack"},
    {"web_defacement", "Webサイト改ざん", "Website defacement"},
    {"phishing", "フィッシング", "Phishing"},
    {"insider_wrongdoing", "内部不正", "Insider wrongdoing"},
    {"device_loss", "PC・記録媒体・スマートフォンの紛失・盗難",
     "Loss or theft of PC, media or smartphone"},
    {"document_loss", "持ち出した書類の紛失・盗難",
     "Loss or theft of documents taken out"},
    {"misdirected_email", "メール誤送信", "Misdirected e-mail"},
    {"misdirected_fax_post", "FAX・郵便物の誤送付", "Misdirected fax or post"},
    {"break_in", "侵入・盗難", "Break-in and theft"},
    {"contractor_mismanagement", "委託先・再委託先の管理不備",
     "Contractor or sub-contractor mismanagement"},
    {"sns_leak", "SNSへの投稿による漏えい", "Leak through social media"},
    {"cloud_incident", "クラウド事業者の障害・事故", "Cloud provider incident"},
    {"wrong_disposal", "PC・記録媒体・書類の誤廃棄",
     "Wrong disposal of PC, media or documents"},
    {"misconfiguration", "設定ミス・脆弱性",
     "Misconfiguration or vulnerability"},
    {"policy_violation", "規程違反", "Policy violation"},
    {"system_failure", "システム障害", "System failure"},
    {"scan_probe", "スキャン・探索行為", "Scan or probe"},
    {"bec", "ビジネスメール詐欺", "Business e-mail compromise"},
    {"ot_iot", "制御システム（OT/IoT）のインシデント",
     "Control-system (OT/IoT) incident"},
    {"other", "その他", "Other"},
};
TABLE(taxonomy_category, "category", "分類", "Category", category_rows);

static const struct taxonomy_entry info_type_rows[] = {
    {"name", "氏名", "Name"},
    {"address", "住所", "Address"},
    {"birth_date", "生年月日", "Date of birth"},
    {"gender", "性別", "Gender"},
    {"blood_type", "血液型", "Blood type"},
    {"height", "身長", "Height"},
    {"weight", "体重", "Weight"},
    {"physical_traits", "身体的特徴", "Physical traits"},
    {"photo", "写真", "Photo"},
    {"voice", "音声", "Voice"},
    {"biometric", "生体情報", "Biometric data"},
    {"race", "人種", "Race"},
    {"nationality", "国籍", "Nationality"},
    {"email_address", "メールアドレス", "E-mail address"},
    {"phone_number", "電話番号", "Phone number"},
    {"passport", "パスポート情報", "Passport"},
    {"education", "学歴", "Education"},
    {"employment_history", "職歴", "Employment history"},
    {"health_insurance_card", "健康保険証", "Health-insurance card"},
    {"pension_certificate", "年金証書", "Pension certificate"},
    {"drivers_license", "運転免許証番号", "Driver's licence number"},
    {"care_insurance_card", "介護保険証", "Care-insurance card"},
    {"health_check", "健康診断結果", "Health-check results"},
    {"hobbies", "趣味・嗜好", "Hobbies"},
    {"my_number", "マイナンバー（個人番号）", "My Number"},
    {"other_privacy", "その他のプライバシー情報（前科・政治的見解など）",
     "Other privacy (criminal record, political views)"},
    {"family_data", "家族・知人の情報", "Family and acquaintances' data"},
    {"income", "収入・所得", "Income"},
    {"bank_account", "口座番号・暗証番号", "Bank account and PIN"},
    {"credit_card", "クレジットカード番号", "Credit card number"},
    {"seal_certificate", "印鑑証明", "Seal certificate"},
    {"financial_login", "金融機関のログインアカウント",
     "Financial login account"},
    {"liquid_assets", "流動資産", "Liquid assets"},
    {"real_estate", "不動産", "Real estate"},
    {"trade_secret", "営業秘密", "Trade secret"},
    {"technical_info", "技術・設計情報", "Technical or design information"},
    {"customer_transactions", "顧客との取引情報", "Customer transaction data"},
    {"other", "その他", "Other"},
    /* Added for the JNSA damage model, which rates these apart from
     * "other privacy" (keys are only ever added at the end). */
    {"criminal_record", "前科・前歴・犯罪歴", "Criminal record"},
    {"political_views", "政治的見解・加盟政党", "Political views"},
    {"religion", "信条・宗教", "Beliefs and religion"},
    {"medical_record", "病歴・カルテ・病状", "Medical records"},
    {"disability", "障害の有無・内容", "Disability"},
    {"purchase_history", "購入履歴", "Purchase history"},
};
TABLE(taxonomy_info_type, "info_type", "漏えい等した情報の種類",
      "Information type", info_type_rows);

static const struct taxonomy_entry impact_rows[] = {
    {"financial_damage", "本人の金銭的被害", "Financial damage to persons"},
    {"burglary_stalking", "空き巣・ストーカー被害", "Burglary or stalking"},
    {"trade_secret_to_competitor", "営業秘密の競合他社への流出",
     "Trade secret to competitors"},
    {"mental_distress", "精神的苦痛", "Mental distress"},
    {"website_defacement", "Webサイトの改ざん", "Website defacement"},
    {"attack_platform", "攻撃の踏み台", "Used as attack platform"},
    {"data_altered", "サーバのデータ改ざん・破壊",
     "Server data altered or destroyed"},
    {"service_stopped", "サービスの低下・停止", "Service degraded or stopped"},
    {"complaints", "苦情", "Complaints"},
    {"sold_to_list_brokers", "名簿業者への売却", "Sold to list brokers"},
    {"fraud", "詐欺", "Fraud"},
    {"damages_claimed", "損害賠償請求", "Damages claimed"},
    {"share_price_fall", "株価の下落", "Share price fall"},
    {"negative_publicity", "風評被害", "Negative publicity"},
    {"contract_cancelled", "契約の解除", "Contract cancelled"},
    {"fewer_applicants", "応募者の減少", "Fewer applicants"},
    {"staff_resigned", "従業員の退職", "Staff resigned"},
    {"unsolicited_dm", "ダイレクトメールの送付", "Unsolicited direct mail"},
    {"spam", "迷惑メール", "Spam"},
    {"none_found", "被害は確認されていない", "None found"},
};
TABLE(taxonomy_impact, "impact", "影響・被害", "Impact", impact_rows);

static const struct taxonomy_entry party_rows[] = {
    {"staff", "従業員", "Staff"},
    {"manager", "管理職", "Manager"},
    {"sysadmin", "システム管理者", "System administrator"},
    {"executive", "役員", "Executive"},
    {"subsidiary_staff", "子会社の従業員", "Subsidiary staff"},
    {"contractor_staff", "委託先の従業員", "Contractor staff"},
    {"external_attacker", "外部の攻撃者", "External attacker"},
    {"unknown", "不明", "Unknown"},
};
TABLE(taxonomy_party, "party", "関係者", "Party", party_rows);

static const struct taxonomy_entry place_rows[] = {
    {"office", "社内（事業所）", "Office"},
    {"in_transit", "移動中", "In transit"},
    {"customer_site", "顧客・取引先", "Customer or partner site"},
    {"home", "自宅", "Home"},
    {"contractor", "委託先", "Contractor"},
    {"subsidiary", "子会社", "Subsidiary"},
    {"remote_site", "遠隔地の拠点", "Remote site"},
    {"work_site", "作業現場", "Work site"},
    {"cloud", "クラウド", "Cloud"},
    {"unknown", "不明", "Unknown"},
};
TABLE(taxonomy_place, "place", "発生場所", "Place", place_rows);

static const struct taxonomy_entry detection_trigger_rows[] = {
    {"internal_audit", "内部監査", "Internal audit"},
    {"external_audit", "外部監査", "External audit"},
    {"customer_report", "顧客からの連絡", "Customer report"},
    {"employee_found", "従業員による発見", "Employee found it"},
    {"self_report", "当事者による申告",
     "Self-report by the person responsible"},
    {"log_check", "ログの確認", "Log check"},
    {"tool_alert", "検知ツールのアラート", "Detection-tool alert"},
    {"contractor_report", "委託先からの報告", "Contractor report"},
    {"third_party_report", "第三者・外部からの通報",
     "Third-party or public report"},
    {"customer_damage", "顧客での被害の発生", "Damage at customers"},
    {"press", "報道", "Press"},
    {"authority_contact", "監督官庁・JPCERT/CC等からの連絡",
     "Regulator or JPCERT/CC contact"},
};
TABLE(taxonomy_detection_trigger, "detection_trigger", "発覚のきっかけ",
      "Detection trigger", detection_trigger_rows);

static const struct taxonomy_entry response_measure_rows[] = {
    {"preserve_evidence", "現場・証拠の保全", "Preserve scene and evidence"},
    {"stop_spread", "被害拡大の防止", "Stop spread"},
    {"confirm_scope", "影響範囲の確認", "Confirm scope"},
    {"report_authorities", "関係機関への報告・届出", "Report to authorities"},
    {"phone_apology", "電話でのお詫び", "Phone apology"},
    {"visit_apology", "訪問してのお詫び", "Visit apology"},
    {"vouchers", "金券の送付", "Vouchers"},
    {"apology_letter", "お詫び状の送付", "Apology letter"},
    {"web_disclosure", "Webサイトでの公表", "Web disclosure"},
    {"press_conference", "記者会見", "Press conference"},
    {"call_centre", "問い合わせ窓口の設置", "Call centre"},
    {"security_vendor", "セキュリティ事業者への依頼", "Security vendor"},
    {"newspaper_notice", "新聞でのお知らせ", "Newspaper notice"},
    {"forensics", "フォレンジック調査", "Forensic investigation"},
};
TABLE(taxonomy_response_measure, "response_measure", "対応策",
      "Response measure", response_measure_rows);

static const struct taxonomy_entry prevention_measure_rows[] = {
    {"revise_rules", "規程・手順の見直し", "Revise rules and procedures"},
    {"staff_training", "従業員教育", "Staff training"},
    {"appoint_officer", "セキュリティ責任者の任命", "Appoint security officer"},
    {"audit_contractor", "委託先の監査", "Audit contractor"},
    {"end_contractor", "委託先との契約終了", "End contractor"},
    {"revise_contract", "契約内容の見直し", "Revise contract"},
    {"system_control", "新たなシステム的対策", "New system control"},
    {"response_team", "対応体制（CSIRT）の整備", "Set up response team"},
    {"outsource_security", "セキュリティサービスの外部委託",
     "Outsource security service"},
    {"leak_insurance", "情報漏えい保険への加入", "Leak insurance"},
    {"confidentiality_agreement", "入退社時の秘密保持契約",
     "Confidentiality agreements at hiring and leaving"},
};
TABLE(taxonomy_prevention_measure, "prevention_measure", "再発防止策",
      "Recurrence-prevention measure", prevention_measure_rows);

static const struct taxonomy_entry cause_rows[] = {
    {"external_attack", "外部からの攻撃", "External attack"},
    {"insider_wrongdoing", "内部不正", "Insider wrongdoing"},
    {"human_error", "人為的ミス", "Human error"},
    {"misconfiguration", "システムの設定不備・脆弱性",
     "System misconfiguration or vulnerability"},
    {"physical", "物理的要因", "Physical"},
    {"unknown", "不明", "Unknown"},
};
TABLE(taxonomy_cause, "cause", "原因の分類", "Cause class", cause_rows);

static const struct taxonomy_entry severity_rows[] = {
    {"S1", "S1 緊急", "S1 Critical"},
    {"S2", "S2 重大", "S2 High"},
    {"S3", "S3 中程度", "S3 Medium"},
    {"S4", "S4 軽微", "S4 Low"},
};
TABLE(taxonomy_severity, "severity", "重大度", "Severity", severity_rows);

/* FIRST TLP 2.0 labels. */
static const struct taxonomy_entry tlp_rows[] = {
    {"clear", "TLP:CLEAR（公開可）", "TLP:CLEAR"},
    {"green", "TLP:GREEN（コミュニティ内）", "TLP:GREEN"},
    {"amber", "TLP:AMBER（組織内と顧客）", "TLP:AMBER"},
    {"amber+strict", "TLP:AMBER+STRICT（組織内のみ）", "TLP:AMBER+STRICT"},
    {"red", "TLP:RED（受領者のみ）", "TLP:RED"},
};
TABLE(taxonomy_tlp, "tlp", "情報の取扱区分", "Traffic Light Protocol",
      tlp_rows);

static const struct taxonomy_entry entry_kind_rows[] = {
    {"note", "メモ", "Note"},
    {"decision", "決定事項", "Decision"},
    {"contact", "連絡", "Contact"},
    {"action", "対応", "Action"},
    {"phase_change", "段階の移行", "Phase change"},
    {"field_change", "項目の変更", "Field change"},
};
TABLE(taxonomy_entry_kind, "entry_kind", "経緯の種類", "Chronology entry kind",
      entry_kind_rows);

/* SPEC C15: the roles of accounts. */
static const struct taxonomy_entry role_rows[] = {
    {"reporter", "報告者", "Reporter"},
    {"handler", "担当者（ハンドラー）", "Handler"},
    {"commander", "統括責任者（コマンダー）", "Commander"},
    {"communicator", "広報・法務（コミュニケーター）", "Communicator"},
    {"auditor", "監査担当", "Auditor"},
    {"admin", "管理者", "Administrator"},
    {"ingest", "アラート取込（検知ツール専用）",
     "Alert ingest (detection tools)"},
};
TABLE(taxonomy_role, "role", "役割", "Role", role_rows);

/* The kinds of information assets in the inventory (SPEC C5). */
static const struct taxonomy_entry asset_kind_rows[] = {
    {"database", "データベース", "Database"},
    {"server", "サーバ", "Server"},
    {"application", "業務アプリケーション", "Application"},
    {"website", "Webサイト・Webサービス", "Website or web service"},
    {"cloud_service", "クラウドサービス", "Cloud service"},
    {"pc", "PC", "PC"},
    {"mobile", "スマートフォン・タブレット", "Smartphone or tablet"},
    {"media", "記録媒体（USBメモリ等）", "Storage media"},
    {"network", "ネットワーク機器", "Network equipment"},
    {"documents", "紙の書類", "Paper documents"},
    {"ot_device", "制御システム・IoT機器", "Control system or IoT device"},
    {"other", "その他", "Other"},
};
TABLE(taxonomy_asset_kind, "asset_kind", "資産の種類", "Asset kind",
      asset_kind_rows);

/* What a contact is summoned or called for (SPEC C5 contact directory). */
static const struct taxonomy_entry contact_role_rows[] = {
    {"csirt_lead", "CSIRT責任者", "CSIRT lead"},
    {"handler", "インシデント担当者", "Incident handler"},
    {"it_admin", "情報システム担当", "IT administrator"},
    {"executive", "経営層", "Executive"},
    {"privacy_officer", "個人情報保護責任者", "Privacy officer"},
    {"pr", "広報", "Public relations"},
    {"legal", "法務", "Legal"},
    {"customer_support", "顧客対応窓口", "Customer support"},
    {"police", "警察", "Police"},
    {"jpcert", "JPCERT/CC", "JPCERT/CC"},
    {"ipa", "IPA（情報処理推進機構）", "IPA"},
    {"ppc", "個人情報保護委員会", "Personal Information Protection Commission"},
    {"regulator", "所管官庁", "Competent authority"},
    {"cloud_vendor", "クラウド事業者", "Cloud provider"},
    {"forensic_vendor", "フォレンジック事業者", "Forensic vendor"},
    {"security_vendor", "セキュリティベンダー", "Security vendor"},
    {"contractor", "委託先", "Contractor"},
    {"insurer", "保険会社", "Insurer"},
    {"lawyer", "弁護士", "Lawyer"},
    {"other", "その他", "Other"},
};
TABLE(taxonomy_contact_role, "contact_role", "連絡先の役割", "Contact role",
      contact_role_rows);

/* When someone can be reached: on-call windows (SPEC C5). */
static const struct taxonomy_entry oncall_window_rows[] = {
    {"business", "平日の業務時間（9時〜18時）",
     "Weekday business hours (9-18)"},
    {"night", "平日の夜間・早朝", "Weekday nights"},
    {"holiday", "土日祝日・年末年始", "Weekends, holidays and year-end"},
};
TABLE(taxonomy_oncall_window, "oncall_window", "連絡可能な時間帯",
      "On-call window", oncall_window_rows);

static const struct taxonomy_entry task_status_rows[] = {
    {"open", "未完了", "Open"},
    {"done", "完了", "Done"},
    {"skipped", "対象外", "Not applicable"},
};
TABLE(taxonomy_task_status, "task_status", "タスクの状態", "Task status",
      task_status_rows);

/* 漏えい・滅失・毀損 (APPI art. 26): ransomware that encrypts is damage, and
 * a leak too when data was also taken. */
static const struct taxonomy_entry leak_kind_rows[] = {
    {"leak", "漏えい", "Leak"},
    {"loss", "滅失", "Loss"},
    {"damage", "毀損", "Damage"},
};
TABLE(taxonomy_leak_kind, "leak_kind", "漏えい等の区分", "Leak kind",
      leak_kind_rows);

/* The cyber indicators of the commission's guideline that make a leak
 * "possible" (おそれ). */
static const struct taxonomy_entry leak_indicator_rows[] = {
    {"exfiltration_traces", "情報が外部に送信された痕跡がある",
     "Traces of data sent out"},
    {"info_stealing_malware", "情報を窃取する振る舞いのマルウェアに感染した",
     "Information-stealing malware"},
    {"c2_traffic", "C&Cサーバへの通信が確認された",
     "Traffic to a known command-and-control server"},
    {"tampered_input_page", "入力ページが改ざんされた（Webスキミング等）",
     "Tampered input page (web skimming)"},
    {"outside_notice", "信頼できる外部からの情報提供があった",
     "Credible notice from outside"},
};
TABLE(taxonomy_leak_indicator, "leak_indicator", "漏えいのおそれの兆候",
      "Leak indicator", leak_indicator_rows);

/* The cost ledger's categories (SPEC C7). */
static const struct taxonomy_entry cost_category_rows[] = {
    {"investigation", "調査費用（フォレンジック等）", "Investigation"},
    {"recovery", "復旧費用", "Recovery"},
    {"compensation", "損害賠償・お詫びの品", "Compensation"},
    {"legal", "弁護士・法務費用", "Legal"},
    {"lost_business", "逸失利益・営業損失", "Lost business"},
    {"notification", "通知・コールセンター・広告", "Notification"},
    {"overtime", "対応人件費（時間外）", "Overtime"},
    {"other", "その他", "Other"},
};
TABLE(taxonomy_cost_category, "cost_category", "費用の区分", "Cost category",
      cost_category_rows);

/* Planned and sent communications (SPEC C9). */
static const struct taxonomy_entry disclosure_kind_rows[] = {
    {"press_release", "プレスリリース・公表", "Press release"},
    {"customer_notice", "本人・顧客へのお知らせ", "Customer notice"},
    {"regulator_report", "監督官庁への報告", "Regulator report"},
    {"partner_report", "取引先への報告", "Partner report"},
};
TABLE(taxonomy_disclosure_kind, "disclosure_kind", "公表・通知の種類",
      "Disclosure kind", disclosure_kind_rows);

/* Contacts with affected persons and requests to wrong recipients
 * (SPEC C10). */
static const struct taxonomy_entry aftercare_kind_rows[] = {
    {"call", "電話連絡", "Call"},
    {"letter", "お詫び状・書面", "Letter"},
    {"visit", "訪問", "Visit"},
    {"compensation", "補償・金券", "Compensation"},
    {"deletion_request", "誤送付先への削除依頼", "Deletion request"},
    {"return_request", "誤送付先への返却依頼", "Return request"},
    {"inquiry", "問い合わせ対応", "Inquiry"},
};
TABLE(taxonomy_aftercare_kind, "aftercare_kind", "二次被害防止・顧客対応",
      "Aftercare kind", aftercare_kind_rows);

/* The facts a communication needs (SPEC C9). */
static const struct taxonomy_entry fact_rows[] = {
    {"infected_scope", "被害（感染）の範囲", "Infected scope"},
    {"business_stoppage", "業務停止の有無", "Business stoppage"},
    {"leaked_items", "漏えい等した情報の項目", "Leaked data items"},
    {"record_counts", "項目ごとの件数", "Record counts"},
    {"persons", "影響を受けた人数", "Persons affected"},
    {"money_lost", "金銭的な損失", "Money lost"},
    {"secondary_damage", "二次被害の有無", "Secondary damage"},
    {"partner_damage", "取引先への影響", "Damage at partners"},
    {"discovered_when", "発覚の日時", "When it was discovered"},
    {"discovered_how", "発覚の経緯", "How it was discovered"},
    {"current_status", "現在の状況", "Current status"},
    {"method", "発生の原因・手口", "Cause and method"},
    {"filings", "関係機関への届出", "Filings made"},
    {"customer_response", "本人・顧客への対応", "Customer response"},
    {"policy", "再発防止の方針", "Prevention policy"},
};
TABLE(taxonomy_fact, "fact", "公表に必要な事実", "Fact", fact_rows);
