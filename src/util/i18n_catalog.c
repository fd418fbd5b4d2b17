/* SPDX-License-Identifier: MIT */
/*
 * i18n_catalog.c - every user-facing string of the C program, in Japanese
 * and English.  Keys are grouped by subject; order does not matter (the
 * lookup sorts an index).  tests/unit/util/test_i18n.c checks that keys
 * are unique and both texts exist, and scripts/check-src.sh that every
 * key the source uses is here.
 */
#include "util/i18n_catalog.h"

const struct i18n_entry i18n_catalog[] = {
    /* Errors: the messages of the error table (util/err.h). */
    {"err.ok", "成功しました", "Succeeded"},
    {"err.invalid", "入力内容に誤りがあります", "The input is not valid"},
    {"err.malformed",
     "リクエストの形式が正しくありません（JSONを確認してください）",
     "The request is malformed (check the JSON)"},
    {"err.framing",
     "リクエストの長さの指定が矛盾しています（Content-Length が複数あるか、"
     "Transfer-Encoding と併用されています）",
     "The request's length is ambiguous (more than one Content-Length, or "
     "Content-Length with Transfer-Encoding)"},
    {"err.usage", "コマンドの使い方が正しくありません",
     "The command was not used correctly"},
    {"err.not_found", "見つかりません", "Not found"},
    {"err.conflict",
     "他の人が先に更新しました。最新の内容を読み込んでからやり直してください",
     "Someone else changed it first; reload and try again"},
    {"err.unauthorized", "ログインが必要です", "You need to sign in"},
    {"err.forbidden", "この操作を行う権限がありません",
     "You are not allowed to do this"},
    {"err.too_large", "データが大きすぎます", "The request is too large"},
    {"err.media", "Content-Type は application/json にしてください",
     "Content-Type must be application/json"},
    {"err.method", "このURLではその操作はできません",
     "This method is not allowed here"},
    {"err.throttle", "試行が多すぎます。しばらく待ってからやり直してください",
     "Too many attempts; wait a moment and try again"},
    {"err.verify", "記録の改ざんまたは欠落が見つかりました",
     "The record was altered or has entries missing"},
    {"err.schema",
     "このデータベースは新しい版の kizuki で作られたか、kizuki "
     "のものではありません",
     "This database was written by a newer kizuki, or is not a kizuki "
     "database"},
    {"err.storage",
     "データベースでエラーが起きました。管理者に連絡してください",
     "A database error occurred; contact the administrator"},
    {"err.io", "ファイルの読み書きに失敗しました",
     "Reading or writing a file failed"},
    {"err.precondition",
     "If-Match ヘッダーで、読み込んだときの版を指定してください",
     "Send the version you read in an If-Match header"},
    {"err.timeout", "リクエストに時間がかかりすぎました",
     "The request took too long"},
    {"err.csrf",
     "画面を読み込み直してからやり直してください（CSRF トークンがありません）",
     "Reload the page and try again (the CSRF token is missing)"},
    {"err.login_failed", "ユーザー名またはパスワードが違います",
     "The user name or password is wrong"},
    {"err.in_use",
     "ほかの記録から参照されているため削除できません（無効にしてください）",
     "It is still referred to by other records; disable it instead"},
    {"err.busy", "混み合っています。少し待ってからやり直してください",
     "The service is busy; try again shortly"},

    /* Validation of fields (core). */
    {"v.required", "必須項目です", "This is required"},
    {"v.skip_reason", "対象外にする理由を入力してください",
     "Say why the task is waived"},
    {"v.utf8", "文字コードが正しくありません（UTF-8 で入力してください）",
     "The text is not valid UTF-8"},
    {"v.control", "使えない制御文字が含まれています",
     "It contains control characters that are not allowed"},
    {"v.reserved", "kizuki が書く記録と同じ書き出しは使えません",
     "It cannot start the way the entries kizuki writes do"},
    {"v.single_line", "改行や制御文字は使えません（1行で入力してください）",
     "Line breaks and control characters are not allowed here"},
    {"v.title_too_long", "件名は200文字以内で入力してください",
     "The title must be at most 200 characters"},
    {"v.too_long", "長すぎます", "This is too long"},
    /* Appended to a "too long" message: what the value measured. */
    {"v.count_now", "（いまは{count}文字です）", " (it has {count})"},
    {"v.text_too_long", "20,000文字以内で入力してください",
     "This must be at most 20,000 characters"},
    {"v.too_many", "項目が多すぎます", "There are too many items"},
    {"v.unknown_key",
     "登録されていない値です（kizuki taxonomy で一覧を確認できます）",
     "This value is not in the list (see kizuki taxonomy)"},
    {"v.unknown_field", "この項目はありません", "There is no such field"},
    {"v.duplicate", "同じ値が重複しています", "This value is repeated"},
    {"v.negative", "0 以上の数を入力してください", "This must be zero or more"},
    {"v.count_too_large", "100億（10,000,000,000）以下の数を入力してください",
     "This must be at most 10,000,000,000"},
    {"v.max_below_count",
     "最大見込み人数が確定した人数（affected_persons）より少なくなっています",
     "The largest possible number is below the known number of persons "
     "(affected_persons)"},
    {"v.future", "未来の日時は入力できません", "This time is in the future"},
    {"v.too_early", "1990年1月1日より前の日時は入力できません",
     "Times before 1 January 1990 are not accepted"},
    {"v.time",
     "日時の形式が正しくありません（例: 2026-11-22T09:30+09:00 または "
     "2026-11-22 09:30）",
     "This is not a valid time (for example 2026-11-22T09:30+09:00 or "
     "2026-11-22 09:30)"},
    {"v.time_range",
     "その日時はありません。1900年〜9999年の実在する日付と時刻を入力してくださ"
     "い",
     "No such time: give a date and time that exist, in the years 1900 to "
     "9999"},
    {"v.until_before_since", "期間の終わりが始まりより前になっています",
     "The end of the period is before its start"},
    {"v.true_false", "true または false を指定してください",
     "This must be true or false"},
    {"v.discovered_before_occurred", "発見日時が発生日時より前になっています",
     "The discovery time is before the time it occurred"},
    {"v.reported_before_discovered", "報告日時が発見日時より前になっています",
     "The report time is before the discovery time"},
    {"v.severity", "重大度は S1〜S4 のいずれかです",
     "Severity is one of S1 to S4"},
    {"v.priority", "優先度は 1〜4 の整数です",
     "Priority is a whole number from 1 to 4"},
    {"v.readonly", "この項目は変更できません（kizuki が管理しています）",
     "This field is kept by kizuki and cannot be set"},
    {"v.phase_via_move", "対応段階は段階の移行操作で変更してください",
     "Change the phase with a phase move"},
    {"v.type_string", "文字列で指定してください", "This must be a string"},
    {"v.type_integer", "整数で指定してください", "This must be a whole number"},
    {"v.type_boolean", "true か false で指定してください",
     "This must be true or false"},
    {"v.type_array", "配列で指定してください", "This must be a list"},
    {"v.type_object", "オブジェクトで指定してください",
     "This must be an object"},
    {"v.json", "JSON として読めません", "This is not valid JSON"},
    {"v.ref", "参照番号の形式が正しくありません（例: INC-2026-0001）",
     "This is not a reference (for example INC-2026-0001)"},
    {"v.limit", "1〜1000 の整数で指定してください",
     "This must be a whole number from 1 to 1000"},
    {"v.entry_kind",
     "経緯の種類は note, decision, contact, action のいずれかです",
     "The entry kind is one of note, decision, contact, action"},
    {"v.link_kind",
     "リンクの種類は related, duplicate_of, caused_by, part_of のいずれかです",
     "The link kind is one of related, duplicate_of, caused_by, part_of"},

    {"v.account_name", "アカウント名は英小文字・数字と . _ - で64文字以内です",
     "Account names are up to 64 of a-z, 0-9, . _ -"},
    {"v.account_taken", "そのアカウント名は使われています",
     "That account name is taken"},
    {"v.account_disabled", "このアカウントは無効になっています",
     "This account is disabled"},
    {"v.no_account", "そのアカウントはありません", "There is no such account"},
    {"v.password_short", "パスワードは12文字以上にしてください",
     "The password must be at least 12 characters"},
    {"v.account_text_long", "100文字以内にしてください",
     "Use at most 100 characters"},
    {"v.self_lockout", "自分自身を無効にしたり管理者から外したりはできません",
     "You cannot disable yourself or take away your own administrator role"},
    {"v.token_days", "有効日数は 1〜3650 の整数です（0 は無期限）",
     "Days valid is a whole number up to 3650 (0: no expiry)"},
    {"v.cursor", "cursor が正しくありません", "The cursor is not valid"},
    {"v.since", "since には日時または番号を指定してください",
     "since takes a time or a sequence number"},
    {"v.if_match", "If-Match には版の番号を指定してください",
     "If-Match takes the version number"},
    {"v.severity_reason", "重大度を手動で変更するときは理由を入力してください",
     "Overriding the severity needs a reason"},
    {"v.email", "メールアドレスの形式が正しくありません",
     "This is not a valid e-mail address"},
    {"v.phone", "電話番号は数字と + - ( ) # . x、40文字以内です",
     "Phone numbers use digits and + - ( ) # . x, up to 40 characters"},
    {"v.url",
     "http:// か https:// "
     "で始まるURLにしてください（ユーザー名・パスワードは含めないでください）",
     "Use an http:// or https:// URL without a user name or password"},
    {"v.smtp_url",
     "smtp://ホスト:ポート または smtps://ホスト:ポート の形式です",
     "Use smtp://host:port or smtps://host:port"},
    {"v.oncall_order", "呼び出し順は 1〜99 です", "The call order is 1 to 99"},
    {"v.ack_minutes", "確認期限は 1分〜7日（10080分）です",
     "The acknowledgement window is 1 to 10080 minutes"},
    {"v.summon_nobody", "招集する役割か連絡先を一つ以上指定してください",
     "Name at least one role or contact to summon"},
    {"v.no_contact", "その連絡先はありません", "There is no such contact"},
    {"v.due_hours", "期限（時間）は 0〜8760 です",
     "Hours until due is 0 to 8760"},
    {"v.days", "日数は 1〜3650 です", "The number of days is 1 to 3650"},
    {"v.amount", "金額は 0 以上の整数（円）です",
     "The amount is a whole number of yen, zero or more"},
    {"v.aware_before_occurred",
     "認識した日時（aware_at）が発生日時（occurred_at）より前になっています",
     "The time of awareness (aware_at) is before the time it occurred "
     "(occurred_at)"},
    {"v.material_before_discovered",
     "重要性の判断日時（materiality_determined_at）が発見日時"
     "（discovered_at）より前になっています",
     "The materiality determination (materiality_determined_at) is before "
     "the discovery (discovered_at)"},
    {"v.improper_reason",
     "不正の目的のおそれを「なし」と判断する理由を入力してください",
     "Give the reason for judging that there was no improper purpose"},
    {"v.confirmed_before_sent", "確認日時が送付日時より前になっています",
     "The confirmation is before the request was sent"},
    {"v.count", "人数は 1 以上の整数です",
     "The count is a whole number from 1"},
    {"v.draft_format", "format は md か html です", "format is md or html"},
    {"v.draft_lang", "lang は ja か en です", "lang is ja or en"},
    {"v.draft_stage", "stage は preliminary（速報）か final（確報）です",
     "stage is preliminary or final"},
    {"v.filing_status",
     "status は filed, not_applicable, pending のいずれかです",
     "status is filed, not_applicable or pending"},
    {"v.one_or_two", "1 か 2 を指定してください", "Give 1 or 2"},
    {"v.name_taken", "その名前はすでに使われています",
     "That name is already taken"},

    /* Consistency warnings on a record (core/incident.c). */
    {"warn.zero_persons_with_data",
     "影響を受けた人数が0人なのに、漏えい等した個人情報が記録されています",
     "No person is affected, yet leaked personal data is recorded"},
    {"warn.persons_without_data",
     "影響を受けた人数があるのに、漏えい等した情報の種類が記録されていません",
     "Persons are affected, yet no type of information is recorded"},
    {"warn.leak_without_data",
     "漏えい等の区分があるのに、情報の種類が記録されていません",
     "A leak kind is recorded, yet no type of information"},
    {"warn.indicators_but_no_improper",
     "不正アクセス等の兆候があるのに、不正の目的は「なし」と判断されています",
     "Cyber indicators are recorded, yet no improper purpose was judged"},
    {"warn.encrypted_but_skimmed",
     "入力ページの改ざん（入力途中の情報の窃取）は暗号化で保護されません",
     "Encryption does not protect data skimmed from a tampered input page"},

    /* Triage reasons (core/triage.c). */
    {"triage.sensitivity", "漏えい等した情報の機微性",
     "Sensitivity of the information"},
    {"triage.persons_100k", "影響を受けた人数（10万人以上）",
     "Persons affected (100,000 or more)"},
    {"triage.persons_10k", "影響を受けた人数（1万人以上）",
     "Persons affected (10,000 or more)"},
    {"triage.persons_over_1000",
     "影響を受けた人数（1,000人超: 報告義務の目安）",
     "Persons affected (over 1,000: the APPI threshold)"},
    {"triage.persons_100", "影響を受けた人数（100人以上）",
     "Persons affected (100 or more)"},
    {"triage.persons_some", "影響を受けた人数", "Persons affected"},
    {"triage.asset_priority", "影響を受けた資産の重要度",
     "Importance of the affected asset"},
    {"triage.impact", "業務停止・被害", "Business stoppage or damage"},
    {"triage.cause", "原因（悪意の有無）", "Cause (malicious or not)"},
    {"triage.unrated", "未評価 — 情報不足", "Unrated — facts missing"},
    {"triage.missing.category", "インシデントの分類",
     "The category of the incident"},
    {"triage.missing.info_types", "漏えい等した情報の種類",
     "The types of information involved"},
    {"triage.missing.count", "影響を受けた人数・件数（概数でも）",
     "How many people or records (an estimate will do)"},
    {"triage.missing.assets", "影響を受けた資産（システム）または業務への影響",
     "The affected assets (systems) or the impact on business"},

    /* Phase moves (SPEC §3). */
    {"phase.unknown", "その対応段階はありません", "There is no such phase"},
    {"phase.same", "すでにその対応段階です",
     "The incident is already in that phase"},
    {"phase.back_reason", "前の段階に戻すには理由を入力してください",
     "Moving back to an earlier phase needs a reason"},
    {"phase.reopen_reason", "完了した案件を再開するには理由を入力してください",
     "Reopening a closed incident needs a reason"},
    {"phase.open_items",
     "未完了の報告義務またはタスクがあるため、振り返り・完了へは進めません",
     "Reporting duties or tasks are still open: settle them before review "
     "or closing"},
    {"closing.duty", "報告義務", "Reporting duty"},
    {"closing.task", "タスク", "Task"},
    {"closing.duty_open",
     "提出も「対象外（理由つき）」の記録もありません。提出を記録するか、理由を"
     "添えて対象外にしてください",
     "Neither filed nor marked not required: record the filing, or mark it "
     "not required with a reason"},
    {"closing.task_open",
     "完了も対象外の記録もありません。完了にするか、理由を添えて対象外にして"
     "ください",
     "Neither done nor waived: mark it done, or waive it with a reason"},

    /* Links between incidents (issue 10 item 5). */
    /* Mail intake (issue 10 item 4): why a message was not taken, and
     * what became of it. */
    {"mail.bad.empty", "メールが空です", "The message is empty"},
    {"mail.bad.binary", "メールではありません（バイナリデータを含みます）",
     "This is not a message (it holds binary data)"},
    {"mail.bad.no_header", "メールではありません（ヘッダーがありません）",
     "This is not a message (it has no header)"},
    {"mail.bad.no_separator",
     "メールではありません（ヘッダーと本文の区切りの空行がありません）",
     "This is not a message (no empty line separates the header from the "
     "body)"},
    {"mail.bad.no_from", "メールに差出人（From）のアドレスがありません",
     "The message has no sender (From) address"},
    {"mail.bad.too_large", "メールが大きすぎます（--max-size を超えています）",
     "The message is too large (over --max-size)"},
    {"mail.bad.record", "メールから作る記録が規則に合いません",
     "The record made from the message breaks a rule"},
    {"mail.bad_size", "--max-size は 50M のような大きさで指定してください",
     "--max-size takes a size such as 50M"},
    {"mail.no_maildir", "maildir（new/ と cur/）を読めません",
     "Cannot read the maildir (new/ and cur/)"},
    {"mail.keep_failed",
     "受け付けられないメールを保管できませんでした。MTA に再送させます",
     "Could not keep the message that was not taken; the MTA will retry"},
    {"mail.kept_in", "メールの保管先", "The message was kept in"},
    {"mail.ev.original", "受信メールの原本", "The e-mail as received"},
    {"mail.ev.attachment", "受信メールの添付ファイル",
     "An attachment of the e-mail"},
    {"mail.no_subject", "（件名なし）メールによる報告",
     "(no subject) Report by e-mail"},
    {"mail.cut", "（本文が長いため途中まで。全文はメールの原本を参照）",
     "(The text is long and was cut here; see the original message)"},
    {"mail.out.new_report", "新しい報告として登録しました",
     "Filed as a new report"},
    {"mail.out.unknown_ref",
     "件名の参照に当たるインシデントがないため、新しい報告として登録しました",
     "The subject's reference names no incident: filed as a new report"},
    {"mail.out.reply", "インシデントのタイムラインに追加しました",
     "Added to the incident's timeline"},
    {"mail.out.ignored",
     "自動応答または kizuki 自身のメールのため、記録のみしました",
     "An automatic reply or kizuki's own message: recorded only"},
    {"mail.out.duplicate", "受付済みのメールです（再配送）。何もしていません",
     "Already taken (delivered again); nothing was done"},
    {"link.self", "インシデントを自分自身にリンクすることはできません",
     "An incident cannot be linked to itself"},
    {"link.exists", "そのリンクはすでにあります", "That link already exists"},
    {"link.duplicated", "この事案はすでに別の事案の重複とされています",
     "This incident is already marked a duplicate of another"},
    {"link.cycle", "そのリンクを作るとリンクが循環します",
     "That link would make a cycle"},
    {"link.no_incident", "リンク先のインシデントが見つかりません",
     "The incident to link to was not found"},
    {"link.rel.related", "関連", "related to"},
    {"link.rel.duplicate_of", "重複（元の事案）", "duplicate of"},
    {"link.rel.has_duplicate", "重複報告あり", "has duplicate"},
    {"link.rel.caused_by", "原因となった事案", "caused by"},
    {"link.rel.caused", "この事案が原因", "caused"},
    {"link.rel.part_of", "親事案", "part of"},
    {"link.rel.contains", "子事案", "contains"},

    /* Evidence and its chain of custody (証拠保全). */
    {"ev.action", "保管記録の種類が正しくありません", "Unknown custody action"},
    {"ev.action.acquire", "取得", "acquisition"},
    {"ev.action.handover", "引き渡し", "hand-over"},
    {"ev.action.transfer", "移送", "transfer"},
    {"ev.action.copy", "複製", "copy"},
    {"ev.action.checkout", "持ち出し", "check-out"},
    {"ev.action.return", "返却", "return"},
    {"ev.action.seal", "封印", "seal"},
    {"ev.action.disposal", "廃棄", "disposal"},
    {"ev.state.held", "保管中", "held"},
    {"ev.state.checked_out", "持ち出し中", "checked out"},
    {"ev.state.sealed", "封印", "sealed"},
    {"ev.state.disposed", "廃棄済み", "disposed"},
    {"ev.rule.acquire", "取得は証拠の登録時に記録されます",
     "The acquisition is recorded when the item is added"},
    {"ev.rule.disposed", "廃棄済みの証拠にはこれ以上記録できません",
     "Nothing can be recorded after a disposal"},
    {"ev.rule.not_out", "持ち出されていない証拠は返却できません",
     "An item that was not checked out cannot be returned"},
    {"ev.rule.out", "持ち出し中です。先に返却を記録してください",
     "The item is checked out: record its return first"},
    {"ev.rule.sealed", "すでに封印されています", "The item is already sealed"},
    {"ev.future", "未来の日時は指定できません", "This time is in the future"},
    {"ev.tampered",
     "保存されたファイルのハッシュ値が登録時と一致しません。改ざんの可能性があ"
     "るため"
     "提供しません（監査ログに記録しました）",
     "The stored file no longer matches its hash and is not served; this "
     "was written to the audit log"},
    {"ev.missing",
     "保存されたファイルが見つかりません（監査ログに記録しました）",
     "The stored file is missing; this was written to the audit log"},
    {"ev.no_content", "この証拠にはファイルがありません（現物のみの記録です）",
     "This item has no file: it records a physical item only"},
    {"ev.upload_type",
     "ファイルは application/octet-stream または multipart/form-data で送って"
     "ください",
     "Send the file as application/octet-stream or multipart/form-data"},
    {"ev.no_file", "ファイルがありません（file パート）",
     "No file was sent (the file part)"},
    {"ev.header",
     "ヘッダの値を読めません（パーセントエンコードした UTF-8 で"
     "送ってください）",
     "The header cannot be read: send percent-encoded UTF-8"},
    /* Observables (indicators) of incidents (issue 10 item 2). */
    {"obs.empty", "値を入力してください", "Enter a value"},
    {"obs.too_long", "値が長すぎます", "The value is too long"},
    {"obs.bad_ipv4",
     "IPv4アドレスとして読めません（0を前に付けた数は使えません）",
     "Not an IPv4 address (no leading zeros)"},
    {"obs.bad_ipv6", "IPv6アドレスとして読めません", "Not an IPv6 address"},
    {"obs.bad_cidr", "CIDR（アドレス/プレフィックス長）として読めません",
     "Not a CIDR block (address/prefix length)"},
    {"obs.bad_domain", "ドメイン名として読めません", "Not a domain name"},
    {"obs.bad_url",
     "URLとして読めません（https://ホスト名/… の形で入力してください）",
     "Not a URL (write it as https://host/…)"},
    {"obs.bad_email", "メールアドレスとして読めません",
     "Not an e-mail address"},
    {"obs.bad_md5", "MD5は16進数32桁です",
     "An MD5 hash is 32 hexadecimal digits"},
    {"obs.bad_sha1", "SHA-1は16進数40桁です",
     "A SHA-1 hash is 40 hexadecimal digits"},
    {"obs.bad_sha256", "SHA-256は16進数64桁です",
     "A SHA-256 hash is 64 hexadecimal digits"},
    {"obs.bad_phone", "電話番号として読めません（数字3〜15桁、先頭に+可）",
     "Not a phone number (3 to 15 digits, optionally a leading +)"},
    {"obs.bad_text", "制御文字や書字方向の制御文字は使えません",
     "Control characters and bidi controls are not allowed"},
    {"obs.type", "種別が正しくありません", "Unknown observable type"},
    {"obs.tlp", "TLPは clear, green, amber, amber+strict, red のいずれかです",
     "TLP is one of clear, green, amber, amber+strict, red"},
    {"obs.exists", "この事案にはすでに同じ観測値があります",
     "This incident already has that observable"},
    {"obs.items_alone",
     "items を使うときは他の項目を並べずに、各要素に書いてください",
     "With items, give every field inside each item, not beside it"},
    {"obs.invalid", "観測値が種別に合いません",
     "The observable does not parse as its type"},
    /* Alert intake and the alert queue (issue 10 item 3). */
    {"alert.v.obs_type", "観測情報の種類が正しくありません",
     "Not a known observable type"},
    {"alert.v.obs_value", "観測情報の値がその種類として読めません",
     "The value does not parse as its type"},
    {"alert.v.severity",
     "重大度は info、low、medium、high、critical のいずれかです",
     "The severity is one of info, low, medium, high, critical"},
    {"alert.v.raw_too_big", "raw が大きすぎます（64 KiB まで）",
     "raw is too large (64 KiB at most)"},
    {"alert.v.use_promote",
     "起票・統合は /api/v1/alerts/promote で行ってください",
     "Promote or attach alerts through /api/v1/alerts/promote"},
    {"alert.v.reason_required", "無視する理由を入力してください",
     "Say why the alert is ignored"},
    {"alert.v.batch_only", "一括登録は alerts だけを含めてください",
     "A batch holds only the member alerts"},
    {"alert.v.batch_max", "一度に登録できるアラートは 10,000 件までです",
     "At most 10,000 alerts per request"},
    {"alert.v.repeated", "同じアラートが二度指定されています",
     "The same alert is given twice"},
    {"alert.v.no_alert", "アラートが見つかりません", "No such alert"},
    {"alert.v.attached",
     "このアラートはすでにインシデントに起票・統合されています",
     "This alert is already promoted to or attached to an incident"},
    {"alert.v.id", "アラートの番号（1以上の整数）で指定してください",
     "Give an alert id (a whole number from 1)"},
    {"alert.v.group_hours", "1〜8784 の整数（時間）で指定してください",
     "A whole number of hours from 1 to 8784"},

    /* Verification of hash chains. */
    {"verify.ok", "記録は改ざんされていません", "The record is intact"},
    {"verify.failed", "記録の改ざんまたは欠落が見つかりました",
     "The record was altered or has entries missing"},
    {"verify.entries", "件の記録を検証", "entries checked"},
    {"verify.chains", "件の経緯", "chains"},
    {"verify.custody_broken",
     "証拠の保管記録（番号は証拠の ID）の連鎖が壊れています",
     "The chain of custody of the evidence item (its id is the number) is "
     "broken"},
    {"verify.evidence_missing", "証拠（番号は証拠の ID）のファイルがありません",
     "The file of the evidence item (its id is the number) is missing"},
    {"verify.evidence_changed",
     "証拠（番号は証拠の ID）のファイルのハッシュ値が一致しません",
     "The file of the evidence item (its id is the number) no longer has "
     "its hash"},
    {"verify.evidence_unreferenced",
     "どの証拠にも属さないファイルが証拠の保存場所にあります",
     "A file in the evidence store belongs to no evidence item"},
    {"verify.expected", "期待値:", "expected:"},
    {"verify.found", "実際:  ", "found:   "},
    {"verify.prev_mismatch",
     "直前の記録とのつながりが切れています（削除・並べ替えの可能性）",
     "The link to the previous entry is broken (removed or reordered)"},
    {"verify.seq_gap", "記録の番号が連続していません",
     "Entry numbers are not consecutive"},
    {"verify.hash_mismatch",
     "記録の内容がハッシュと一致しません（書き換えの可能性）",
     "The entry does not match its hash (altered)"},
    {"verify.head_mismatch",
     "最後の記録が記録上の末尾と一致しません（末尾の削除の可能性）",
     "The chain does not end where the incident says (entries removed)"},
    {"verify.audit_head_missing",
     "監査ログが最後に記録した時点の経緯の記録がありません（削除・書き換えの"
     "可能性）",
     "The chronology no longer holds the entry the audit log last recorded "
     "for it (removed or rewritten)"},
    {"verify.create_not_audited",
     "監査ログにこのインシデントの作成の記録がありません（記録外の追加の"
     "可能性）",
     "The audit log does not record this incident's creation (added behind "
     "kizuki's back)"},
    {"verify.incident_missing",
     "監査ログに作成が記録されたインシデントがありません（削除の可能性）",
     "An incident whose creation the audit log records is missing (deleted)"},
    {"verify.anchor_missing",
     "保管しておいた監査ログの記録がありません（末尾の削除の可能性）",
     "The audit log no longer holds the entry kept as its anchor (entries "
     "removed from its end)"},
    {"verify.anchor_mismatch",
     "保管しておいた監査ログの記録とハッシュが一致しません（書き換えの可能性）",
     "The audit entry kept as its anchor has another hash (rewritten)"},

    /* kizuki backup (app/backup.c, cli/cli_backup.c). */
    {"backup.done", "バックアップを作成し、検証しました",
     "Backup written and verified"},
    {"backup.file", "データベース", "Database"},
    {"backup.evidence", "証拠ファイル", "Evidence files"},
    {"backup.incidents", "インシデント", "Incidents"},
    {"backup.chronology", "経緯の記録", "Chronology entries"},
    {"backup.audit", "監査ログ", "Audit entries"},
    {"backup.items", "証拠", "Evidence items"},
    {"backup.files", "ファイル", "files"},
    {"backup.linked", "ハードリンク", "hard links"},
    {"backup.copied", "コピー", "copies"},
    {"backup.bytes", "バイト", "bytes"},
    {"backup.checked",
     "コピーは SQLite の整合性チェック（PRAGMA integrity_check）と "
     "kizuki verify と同じ検証に合格しました",
     "The copy passed SQLite's integrity check (PRAGMA integrity_check) and "
     "the checks of kizuki verify"},
    {"backup.restore_hint",
     "復元: データベースを kizuki.db として、証拠ファイルのディレクトリを同じ"
     "場所の evidence/ として置きます（docs/deploy.md）",
     "To restore: put the database in place as kizuki.db and the evidence "
     "directory beside it as evidence/ (docs/deploy.md)"},
    {"backup.exists",
     "バックアップ先がすでにあります（上書きするには --force）",
     "The backup file already exists (--force replaces it)"},
    {"backup.same_file", "バックアップ先が元のデータベースそのものです",
     "The backup file is the database itself"},
    {"backup.no_dir", "バックアップ先のディレクトリがありません",
     "The backup file's directory does not exist"},
    {"backup.not_writable", "バックアップ先のディレクトリに書き込めません",
     "The backup file's directory is not writable"},
    {"backup.write_failed", "バックアップの書き込みに失敗しました",
     "Writing the backup failed"},
    {"backup.path_long", "バックアップ先のパスが長すぎます",
     "The backup path is too long"},
    {"backup.integrity", "コピーが SQLite の整合性チェックに合格しませんでした",
     "The copy failed SQLite's integrity check"},
    {"backup.verify_failed",
     "コピーの検証で改ざんまたは欠落が見つかりました。バックアップは作成して"
     "いません（kizuki verify で元のデータベースを確認してください）",
     "Verifying the copy found a break; no backup was written (check the "
     "database with kizuki verify)"},
    {"backup.unsupported",
     "このデータベースは kizuki backup でバックアップできません",
     "This database cannot be backed up with kizuki backup"},
    {"backup.postgres",
     "PostgreSQL のバックアップには pg_dump（論理バックアップ）または "
     "pg_basebackup と WAL アーカイブ（pgBackRest など、任意時点への復旧）を"
     "使ってください（docs/deploy.md）",
     "Back up PostgreSQL with pg_dump (logical) or pg_basebackup with WAL "
     "archiving (pgBackRest, point-in-time recovery); see docs/deploy.md"},

    /* kizuki migrate (app/migrate.c, cli/cli_migrate.c). */
    {"migrate.copied", "コピーしました", "copied"},
    {"migrate.done", "移行し、移行先を検証しました",
     "Migrated and verified the target"},
    {"migrate.source", "移行元の行数", "rows in the source"},
    {"migrate.target", "移行先の行数", "rows in the target"},
    {"migrate.evidence_stays",
     "証拠ファイルは移動していません。次のディレクトリに残っています",
     "Evidence files were not moved; they stay in"},
    {"migrate.evidence_hint",
     "移行先で kizuki を動かすときは、このディレクトリを --evidence-dir "
     "（または KIZUKI_EVIDENCE_DIR）で指定してください（docs/deploy.md）",
     "Run kizuki on the target with this directory as --evidence-dir (or "
     "KIZUKI_EVIDENCE_DIR); see docs/deploy.md"},
    {"migrate.rolled_back", "移行先への書き込みはすべて取り消しました",
     "Nothing was written to the target (rolled back)"},
    {"migrate.same", "移行元と移行先が同じデータベースです",
     "The source and the target are the same database"},
    {"migrate.no_source", "移行元のデータベースがありません",
     "The source database does not exist"},
    {"migrate.not_empty",
     "移行先にすでにデータがあります。空のデータベースを指定してください"
     "（--force を付けると移行先のデータを経緯と監査ログも含めてすべて削除"
     "してから移行します）",
     "The target already holds data; name an empty database (--force "
     "deletes everything in the target first, chronologies and audit log "
     "included)"},
    {"migrate.unknown_table",
     "このバージョンの kizuki migrate が知らないテーブルがあるか、あるはずの"
     "テーブルがありません",
     "A database holds a table this kizuki migrate does not know, or lacks "
     "one it knows"},
    {"migrate.schema", "移行元と移行先のスキーマのバージョンが異なります",
     "The source and the target are at different schema versions"},
    {"migrate.read_failed", "移行元を読めませんでした",
     "Reading the source failed"},
    {"migrate.write_failed", "移行先に書き込めませんでした",
     "Writing the target failed"},
    {"migrate.copy_failed", "テーブルのコピーに失敗しました",
     "Copying a table failed"},
    {"migrate.count_differs", "移行元と移行先で行数が一致しません",
     "The source and the target hold different numbers of rows"},
    {"migrate.verify_failed",
     "移行先の検証で改ざんまたは欠落が見つかりました（kizuki verify で移行元"
     "を確認してください）",
     "Verifying the target found a break (check the source with kizuki "
     "verify)"},

    /* Field labels of the incident record. */
    {"field.ref", "参照番号", "Reference"},
    {"field.title", "件名", "Title"},
    {"field.description", "内容", "Description"},
    {"field.kind", "種別", "Kind"},
    {"field.category", "分類", "Category"},
    {"field.phase", "対応段階", "Phase"},
    {"field.severity", "重大度", "Severity"},
    {"field.priority", "優先度", "Priority"},
    {"field.occurred_at", "発生日時", "Occurred"},
    {"field.discovered_at", "発見日時", "Discovered"},
    {"field.reported_at", "報告日時", "Reported"},
    {"field.phase_times", "各段階の到達日時", "Phase reached"},
    {"field.place", "発生場所", "Place"},
    {"field.detection_trigger", "発覚のきっかけ", "Detection trigger"},
    {"field.discoverer", "発見者", "Discoverer"},
    {"field.reporter", "報告者", "Reporter"},
    {"field.owner", "担当者", "Owner"},
    {"field.parties", "関係者", "Parties"},
    {"field.assets", "影響を受けた資産", "Affected assets"},
    {"field.info_types", "漏えい等した情報（件数）",
     "Information types (records)"},
    {"field.affected_persons", "影響を受けた人数", "Affected persons"},
    {"field.impacts", "影響・被害", "Impacts"},
    {"field.direct_cause", "直接原因", "Direct cause"},
    {"field.latent_factors", "潜在的要因", "Latent factors"},
    {"field.initial_response", "初動対応", "Initial response"},
    {"field.additional_measures", "追加対策", "Additional measures"},
    {"field.prevention_measures", "再発防止策", "Prevention measures"},
    {"field.tags", "タグ", "Tags"},
    {"field.tlp", "情報の取扱区分", "TLP"},
    {"field.restricted", "関係者限定", "Need-to-know"},
    /* Cells of the CSV export of the incident list. */
    {"csv.yes", "はい", "Yes"},
    {"csv.no", "いいえ", "No"},
    /* The incident list's filters and saved filters (issue 10 item 7). */
    {"list.alias_conflict",
     "同じ条件が別の名前で違う値で指定されています（例: owner と assignee）",
     "The same filter is given twice under its two names with different "
     "values (e.g. owner and assignee)"},
    {"list.bad_query",
     "条件の書式が正しくありません（例: open=true&owner=sato）",
     "The filter is not a valid query string (e.g. open=true&owner=sato)"},
    {"list.filter_name_taken", "その名前の保存済みフィルタがすでにあります",
     "You already have a saved filter of that name"},
    {"field.members", "閲覧できるメンバー", "Members"},
    {"field.version", "版", "Version"},
    {"field.created_at", "登録日時", "Created"},
    {"field.updated_at", "更新日時", "Updated"},
    {"field.created_by", "登録したアカウント", "Filed by"},
    {"field.severity_source", "重大度の決め方", "Severity set by"},
    {"field.severity_reason", "重大度を変更した理由",
     "Why the severity was set"},
    {"field.priority_source", "優先度の決め方", "Priority set by"},
    {"field.aware_at", "組織が認識した日時", "Organisation aware"},
    {"field.possible_leak", "漏えいのおそれ", "Possible leak"},
    {"field.leak_state", "漏えい等", "Leak"},
    {"field.improper_purpose_source", "不正の目的の判断",
     "Improper purpose judged by"},
    {"field.improper_purpose_reason", "不正の目的の判断理由",
     "Reason for the improper-purpose judgement"},
    {"field.affected_persons_max", "影響を受けた人数（最大見込み）",
     "Affected persons (largest possible)"},
    {"field.mynumber_system",
     "情報提供ネットワーク・個人番号利用事務のシステムから",
     "From the information-provision network or My Number systems"},
    {"field.publicly_viewable", "不特定多数が閲覧できる状態",
     "Viewable by an unspecified number of people"},
    {"field.nis2_disruption", "深刻な運用障害・財務的損失（NIS2）",
     "Severe disruption or financial loss (NIS2)"},
    {"field.nis2_damage_others", "他者への相当の損害（NIS2）",
     "Considerable damage to others (NIS2)"},
    {"field.leak_kinds", "漏えい等の区分", "Leak kinds"},
    {"field.leak_indicators", "漏えいのおそれの兆候", "Leak indicators"},
    {"field.encrypted", "高度な暗号化", "Strongly encrypted"},
    {"field.improper_purpose", "不正の目的のおそれ",
     "Possible improper purpose"},
    {"field.eu_data_subjects", "EU域内の本人", "EU data subjects"},
    {"field.social_responsibility", "社会的責任度（JNSA）",
     "Social responsibility (JNSA)"},
    {"field.response_evaluation", "事後対応評価（JNSA）",
     "Response evaluation (JNSA)"},
    {"field.materiality_determined_at", "重要性の判断日時（SEC）",
     "Materiality determined (SEC)"},
    {"field.cause", "原因の分類", "Cause class"},

    /* Japan's national holidays (core/jp_holiday.c). */
    {"jp.new_year", "元日", "New Year's Day"},
    {"jp.coming_of_age", "成人の日", "Coming of Age Day"},
    {"jp.foundation", "建国記念の日", "National Foundation Day"},
    {"jp.emperor_birthday", "天皇誕生日", "The Emperor's Birthday"},
    {"jp.vernal_equinox", "春分の日", "Vernal Equinox Day"},
    {"jp.showa", "昭和の日", "Showa Day"},
    {"jp.greenery", "みどりの日", "Greenery Day"},
    {"jp.constitution", "憲法記念日", "Constitution Memorial Day"},
    {"jp.children", "こどもの日", "Children's Day"},
    {"jp.marine", "海の日", "Marine Day"},
    {"jp.mountain", "山の日", "Mountain Day"},
    {"jp.respect_for_aged", "敬老の日", "Respect for the Aged Day"},
    {"jp.autumnal_equinox", "秋分の日", "Autumnal Equinox Day"},
    {"jp.sports", "スポーツの日（体育の日）", "Sports Day"},
    {"jp.culture", "文化の日", "Culture Day"},
    {"jp.labour_thanksgiving", "勤労感謝の日", "Labour Thanksgiving Day"},
    {"jp.imperial_ceremony", "皇室の儀式の日", "Imperial ceremony"},
    {"jp.substitute", "振替休日", "Substitute holiday"},
    {"jp.citizens", "国民の休日", "Citizens' holiday"},

    /* Reporting duties (core/obligation.c): names and reasons. */
    {"obl.appi_preliminary", "個人情報保護委員会への速報",
     "Preliminary report to the PPC (APPI)"},
    {"obl.appi_final", "個人情報保護委員会への確報",
     "Final report to the PPC (APPI)"},
    {"obl.appi_individuals", "本人への通知", "Notice to the persons (APPI)"},
    {"obl.mynumber_preliminary", "特定個人情報の漏えい等の速報（番号法）",
     "Preliminary report (My Number act)"},
    {"obl.mynumber_final", "特定個人情報の漏えい等の確報（番号法）",
     "Final report (My Number act)"},
    {"obl.gdpr_authority", "監督機関への通知（GDPR 33条、72時間）",
     "Notification to the supervisory authority (GDPR art. 33, 72 h)"},
    {"obl.gdpr_subjects", "データ主体への通知（GDPR 34条）",
     "Communication to data subjects (GDPR art. 34)"},
    {"obl.nis2_early_warning", "早期警告（NIS2、24時間）",
     "Early warning (NIS2, 24 h)"},
    {"obl.nis2_notification", "インシデント通知（NIS2、72時間）",
     "Incident notification (NIS2, 72 h)"},
    {"obl.nis2_final", "最終報告（NIS2、通知から1か月）",
     "Final report (NIS2, one month after notification)"},
    {"obl.sec_8k", "Form 8-K Item 1.05（重要性判断から4営業日）",
     "Form 8-K Item 1.05 (4 business days after materiality)"},
    {"obl.no_personal_data", "個人情報が含まれていません",
     "No personal data is involved"},
    {"obl.no_trigger",
     "報告義務の要件（要配慮・財産的被害・不正目的・1,000人超）に該当しません",
     "None of the triggers (special-care, financial, improper purpose, over "
     "1,000 persons) holds"},
    {"obl.no_trigger_mynumber",
     "番号法の報告要件（不正目的・100人超）に該当しません",
     "None of the My Number Act triggers (improper purpose, over 100 "
     "persons) holds"},
    {"obl.trigger_sensitive", "要配慮個人情報が含まれます",
     "Special-care personal information is involved"},
    {"obl.trigger_financial",
     "不正に利用されると財産的被害が生じるおそれのある情報が含まれます",
     "Data whose misuse may cause financial damage is involved"},
    {"obl.trigger_improper", "不正の目的をもって行われたおそれがあります",
     "It may have been done for an improper purpose"},
    {"obl.trigger_over_1000", "本人の数が1,000人を超えます",
     "More than 1,000 persons are affected"},
    {"obl.trigger_over_100", "本人の数が100人を超えます",
     "More than 100 persons are affected"},
    {"obl.count_unknown",
     "件数未確定のため判定できません（本人の数が必要です）",
     "Undecided: the number of persons is not known yet (it is needed)"},
    {"obl.trigger_mynumber_system",
     "情報提供ネットワークシステム又は個人番号利用事務のシステムからの漏えい等"
     "です",
     "The leak is from the information-provision network or a system used "
     "for My Number work"},
    {"obl.trigger_publicly_viewable",
     "不特定多数の者が閲覧できる状態になりました（又はそのおそれがあります）",
     "The data could be viewed by an unspecified number of people"},
    {"obl.encrypted", "高度な暗号化等の措置が講じられているため対象外です",
     "Exempt: the data was strongly encrypted"},
    {"obl.no_my_number", "個人番号（特定個人情報）は含まれていません",
     "No My Number data is involved"},
    {"obl.days_30", "確報の期限は発覚日を1日目として30日です",
     "The final report is due within 30 days, the day of awareness "
     "counting as day 1"},
    {"obl.days_60", "不正の目的のおそれがあるため確報の期限は60日です",
     "With a possible improper purpose the final report is due within 60 "
     "days"},
    {"obl.eu_subjects", "EU域内のデータ主体が含まれます",
     "Data subjects in the EU are affected"},
    {"obl.no_eu_subjects", "EU域内のデータ主体は含まれていません",
     "No data subjects in the EU are affected"},
    {"obl.high_risk", "本人の権利に対する高いリスクがあります",
     "High risk to the persons' rights"},
    {"obl.not_high_risk", "高いリスクは認められません",
     "No high risk established"},
    {"obl.significant", "重大なインシデントに当たります（NIS2）",
     "A significant incident (NIS2)"},
    {"obl.nis2_disruption",
     "サービスの深刻な運用障害又は財務的損失が生じています（NIS2 23条3項a）",
     "Severe operational disruption or financial loss for the entity (NIS2 "
     "art. 23(3)(a))"},
    {"obl.nis2_damage_others",
     "他の者に相当の物的・非物的損害が生じています（NIS2 23条3項b）",
     "Considerable material or non-material damage to others (NIS2 art. "
     "23(3)(b))"},
    {"obl.nis2_unassessed",
     "重大度や影響からNIS2の重大インシデントに当たる可能性があります。23条3項の"
     "基準（運用障害・財務的損失、他者への損害）で判断してください",
     "The severity or impact suggests a significant incident: decide it on "
     "the criteria of NIS2 art. 23(3) (disruption or financial loss, damage "
     "to others)"},
    {"obl.not_significant", "重大なインシデントには当たりません",
     "Not a significant incident"},
    {"obl.material", "重要性が判断されています", "Materiality was determined"},
    {"obl.not_material", "重要性はまだ判断されていません",
     "Materiality has not been determined"},
    {"triage.duty", "報告義務", "Reporting duty"},

    /* Facts whose drift from a disclosure is reported (app/disclosure.c). */
    {"drift.persons", "影響を受けた人数", "Persons affected"},
    {"drift.info_types", "漏えい等した情報の項目", "Information types"},
    {"drift.record_counts", "項目ごとの件数", "Record counts"},
    {"drift.category", "分類", "Category"},
    {"drift.direct_cause", "原因", "Cause"},
    {"drift.leak_kinds", "漏えい等の区分", "Leak kinds"},
    {"drift.impacts", "影響・被害", "Impacts"},

    /* The chronology lines kizuki writes, stored as a key and arguments and
     * shown in the reader's language (json/chronology_json.c). */
    {"chron.sep", "、", ", "},
    {"chron.nobody", "（該当者なし）", "(nobody)"},
    {"chron.blank", "（未記載）", "(not stated)"},
    {"chron.tasks_created",
     "プレイブック「{category}」から {n} 件のタスクを作成しました",
     "Created {n} tasks from the playbook “{category}”"},
    {"chron.tasks_created_one",
     "プレイブック「{category}」から {n} 件のタスクを作成しました",
     "Created 1 task from the playbook “{category}”"},
    {"chron.tasks_created_custom",
     "プレイブック「{category}」（組織で編集したもの）から {n} "
     "件のタスクを作成しました",
     "Created {n} tasks from the playbook “{category}” (as edited by the "
     "organisation)"},
    {"chron.tasks_created_custom_one",
     "プレイブック「{category}」（組織で編集したもの）から {n} "
     "件のタスクを作成しました",
     "Created 1 task from the playbook “{category}” (as edited by the "
     "organisation)"},
    {"chron.obs_added", "観測値を{n}件追加しました: {values}",
     "Added {n} observables: {values}"},
    {"chron.obs_added_one", "観測値を追加しました: {values}",
     "Added an observable: {values}"},
    {"chron.obs_value", "{type}: {value}", "{type}: {value}"},
    {"chron.obs_removed", "観測値を削除しました: {values}",
     "Removed an observable: {values}"},
    {"chron.task_done", "タスク完了: {title}", "Task done: {title}"},
    {"chron.task_skipped", "タスク対象外: {title}（理由: {reason}）",
     "Task not applicable: {title} (reason: {reason})"},
    {"chron.convened",
     "招集基準「{rule}」により招集しました: {names}（確認期限 {minutes}分）",
     "Summoned under the rule “{rule}”: {names} (acknowledge within "
     "{minutes} min)"},
    {"chron.convened.contact", "{name}", "{name}"},
    {"chron.convened.role", "{name}（{role}）", "{name} ({role})"},
    {"chron.convened.none", "（{role}: 該当時間帯の連絡先なし）",
     "({role}: nobody on call at this time)"},
    {"chron.escalated",
     "{from} から期限までに確認がないため、次の連絡先 {to} を招集しました",
     "No acknowledgement from {from} in time; summoned the next contact, "
     "{to}"},
    {"chron.unanswered",
     "{from} から期限までに招集の確認がありません（次の連絡先はありません）",
     "No acknowledgement of the summons from {from} in time (there is no "
     "next contact)"},
    {"chron.acked", "{who} が招集を確認しました（{via}）",
     "{who} acknowledged the summons ({via})"},
    {"chron.via.link", "メッセージのリンクから",
     "with the link in the message"},
    {"chron.via.ui", "kizuki の画面から", "in kizuki"},
    {"chron.delivery_failed",
     "招集の{channel}を送信できませんでした。別の手段で連絡してください",
     "The summons could not be sent by {channel}. Reach them another way"},
    {"chron.channel.email", "メール", "email"},
    /* Mail intake (issue 10 item 4): what a message left on the timeline. */
    {"chron.mail_received",
     "メールで受け付けました（差出人: {from}、Message-ID: {message_id}）",
     "Received by e-mail (from {from}, Message-ID: {message_id})"},
    {"chron.mail_received_unknown_ref",
     "メールで受け付けました（差出人: {from}、Message-ID: {message_id}）。"
     "件名の {ref} "
     "に当たるインシデントがないため、新しい報告として登録しました",
     "Received by e-mail (from {from}, Message-ID: {message_id}). The "
     "subject names {ref}, which does not exist, so it was filed as a new "
     "report"},
    {"chron.mail_reply",
     "{from} からのメール「{subject}」（Message-ID: {message_id}）:\n{text}",
     "E-mail from {from}, “{subject}” (Message-ID: {message_id}):\n{text}"},
    {"chron.mail_reply_trimmed",
     "{from} からのメール「{subject}」（Message-ID: {message_id}、"
     "引用部分は省略。原文はメールの原本を参照）:\n{text}",
     "E-mail from {from}, “{subject}” (Message-ID: {message_id}; quoted "
     "text left out, see the original message):\n{text}"},
    {"chron.mail_reply_cut",
     "{from} からのメール「{subject}」（Message-ID: {message_id}、"
     "長いため冒頭のみ。全文はメールの原本を参照）:\n{text}",
     "E-mail from {from}, “{subject}” (Message-ID: {message_id}; long, "
     "only its beginning is shown, see the original message):\n{text}"},
    {"chron.mail_reply_empty",
     "{from} からのメール「{subject}」（Message-ID: {message_id}、本文なし）",
     "E-mail from {from}, “{subject}” (Message-ID: {message_id}; no text)"},
    {"chron.channel.chat", "チャット通知", "chat notification"},
    {"chron.drift",
     "公表・通知済みの事実が変わりました。更新した説明が必要です:\n{lines}",
     "Facts already disclosed or notified have changed. An updated "
     "statement is needed:\n{lines}"},
    {"chron.fact_owner", "「{fact}」の確認を {owner} に依頼しました",
     "Asked {owner} to confirm “{fact}”"},
    {"chron.fact_owner_unset", "「{fact}」の確認を （未定） に依頼しました",
     "Asked for “{fact}” to be confirmed (by someone still to be named)"},
    {"chron.disclosed", "{disclosure_kind}を記録しました",
     "Recorded the {disclosure_kind}"},
    {"chron.disclosed_to",
     "{disclosure_kind}を記録しました（宛先: {audience}）",
     "Recorded the {disclosure_kind} (to: {audience})"},
    {"chron.aftercare", "{aftercare_kind}: {party}（{count}名）",
     "{aftercare_kind}: {party} ({count} people)"},
    {"chron.aftercare_done",
     "{aftercare_kind}の完了を確認: {party}（{count}名）",
     "{aftercare_kind} confirmed done: {party} ({count} people)"},
    {"chron.filed", "{obligation}を実施しました", "Filed: {obligation}"},
    {"chron.filed_ref", "{obligation}を実施しました（受付番号 {reference}）",
     "Filed: {obligation} (reference {reference})"},
    {"chron.not_required", "{obligation}は不要と判断しました: {reason}",
     "Judged not required: {obligation}: {reason}"},
    {"chron.unfiled", "{obligation}を未実施に戻しました",
     "Set back to not done: {obligation}"},
    {"chron.cost", "費用を記録しました: {cost_category} {amount}円",
     "Cost recorded: {cost_category} ¥{amount}"},
    {"chron.evidence_added", "証拠を登録しました: {name}（SHA-256 {sha256}）",
     "Evidence added: {name} (SHA-256 {sha256})"},
    {"chron.evidence_recorded", "証拠（現物）を登録しました: {name}",
     "Evidence recorded (physical item): {name}"},
    {"chron.custody", "証拠の{custody_action}: {name}（{from} → {to}）",
     "Evidence {custody_action}: {name} ({from} → {to})"},
    {"chron.drift.line",
     "{drift}: 公表時「{stated}」→ 現在「{now}」（{sent} の{disclosure_kind}）",
     "{drift}: “{stated}” when disclosed → now “{now}” ({disclosure_kind} "
     "of {sent})"},

    /* The command line. */
    {"cli.error", "エラー", "error"},
    {"cli.bad_option", "知らないオプションです", "Unknown option"},
    {"cli.bad_db",
     "--db にはデータベースのファイル名か postgresql:// の接続先を指定してく"
     "ださい",
     "--db needs a database file name or a postgresql:// URI"},
    {"cli.bad_evidence_dir",
     "--evidence-dir には証拠を保存するディレクトリを指定してください",
     "--evidence-dir needs the directory where evidence is kept"},
    {"cli.bad_lang", "--lang には ja か en を指定してください",
     "--lang takes ja or en"},
    {"cli.bad_tz", "KIZUKI_TZ のタイムゾーンが見つかりません",
     "The time zone in KIZUKI_TZ is unknown"},
    {"cli.bad_json_input",
     "JSON の入力を読めません（ファイルと形式を確認してください）",
     "Cannot read the JSON input (check the file and its syntax)"},
    {"cli.reason_severity_only",
     "--reason は重大度（severity）の変更にだけ使えます",
     "--reason goes with a severity change only"},
    {"cli.extra_args", "余分な引数があります", "There are extra arguments"},
    {"cli.unrated", "未評価", "unrated"},
    {"cli.missing", "（不足: ", " (missing: "},
    {"cli.need_args", "引数が足りないか多すぎます",
     "Wrong number of arguments"},
    {"cli.unknown_command", "知らないコマンドです", "Unknown command"},
    {"cli.pg_unreachable",
     "PostgreSQL に接続できません。上の理由と接続先（--db / KIZUKI_DB）を確認"
     "してください",
     "Cannot connect to PostgreSQL; check the reason above and the address"
     " (--db / KIZUKI_DB)"},
    {"cli.no_db",
     "データベースがありません。先に kizuki init で作成してください",
     "There is no database; create it first with kizuki init"},
    {"cli.no_evidence", "その番号の証拠はありません", "No such evidence item"},
    {"cli.no_evidence_items", "証拠はまだありません", "No evidence yet"},
    {"cli.original_name", "元のファイル名", "original name"},
    {"cli.cannot_read", "ファイルを読めません", "Cannot read the file"},
    {"cli.cannot_write", "ファイルに書き込めません", "Cannot write the file"},
    {"cli.no_incident", "その参照番号のインシデントはありません",
     "There is no incident with that reference"},
    {"cli.no_taxonomy", "その分類表はありません（kizuki taxonomy で一覧）",
     "There is no such taxonomy (see kizuki taxonomy)"},
    {"cli.init_done", "データベースを準備しました", "The database is ready"},
    {"cli.created", "を登録しました。", "has been recorded."},
    {"cli.updated", "を更新しました。", "has been updated."},
    {"cli.moved", "の対応段階を変更しました。", "has moved."},
    {"cli.moved_to", "を次の段階に移しました:", "has moved to"},
    {"cli.noted", "経緯に記録しました。", "added to the chronology."},
    {"cli.next_steps", "次にできること:", "What you can do next:"},
    {"cli.chronology", "経緯", "Chronology"},
    {"cli.reason", "理由", "reason"},
    {"cli.unset", "（未記入）", "(not set)"},
    {"cli.none", "該当するインシデントはありません", "No incidents match"},
    {"cli.yes", "はい", "yes"},
    {"cli.leak.confirmed", "確定", "confirmed"},
    {"cli.leak.possible", "おそれ", "possible"},
    {"cli.leak.unknown", "不明", "not known"},
    {"cli.leak.not_only_possible", "おそれではない（確定又は不明）",
     "not only possible (confirmed or not known)"},
    {"cli.source.manual", "担当者の判断", "a person"},
    {"cli.source.derived", "記録から導出", "derived from the record"},
    {"cli.no", "いいえ", "no"},
    {"cli.col.ref", "参照番号", "Reference"},
    {"cli.col.severity", "重大度", "Sev."},
    {"cli.col.phase", "対応段階", "Phase"},
    {"cli.col.reported", "報告日時", "Reported"},
    {"cli.col.title", "件名", "Title"},
    {"cli.help.head",
     "kizuki - 情報セキュリティインシデント管理\n\n使い方: kizuki "
     "<コマンド> [オプション]",
     "kizuki - information-security incident management\n\nusage: kizuki "
     "<command> [options]"},
    {"cli.help.init", "データベースを作成する", "create the database"},
    {"cli.help.incident",
     "インシデントの登録・一覧・表示・段階移行・経緯記録・項目変更",
     "record, list, show, move, annotate and change incidents"},
    {"cli.help.verify", "経緯のハッシュチェーンを検証する",
     "verify the hash chains of the chronologies"},
    {"cli.help.backup",
     "稼働中のデータベースと証拠ファイルをバックアップして検証する",
     "back up the running database and its evidence files, verified"},
    {"cli.help.migrate",
     "データベースを丸ごと別のデータベースへ移す（SQLite ⇄ PostgreSQL）",
     "move the whole database into another (SQLite <-> PostgreSQL)"},
    {"cli.help.taxonomy", "分類表（キーと表示名）を表示する",
     "show the taxonomies (keys and labels)"},
    {"cli.help.common",
     "共通オプション: --db FILE|postgresql://…（既定: $KIZUKI_DB または "
     "./kizuki.db）, --evidence-dir DIR（既定: $KIZUKI_EVIDENCE_DIR または"
     "データベースと同じ場所の evidence）, --lang ja|en, --json, --help\n"
     "終了コード: 0 成功, 1 "
     "見つからない・検証失敗, 2 使い方・入力の誤り, 3 データベースのエラー",
     "Common options: --db FILE|postgresql://… (default: $KIZUKI_DB or "
     "./kizuki.db), --evidence-dir DIR (default: $KIZUKI_EVIDENCE_DIR or "
     "evidence beside the database), --lang ja|en, --json, --help\nExit codes: "
     "0 success, 1 not found or "
     "verification failed, 2 usage or validation error, 3 database error"},
    {"cli.help.serve", "サーバーを起動する（Web画面とAPI）",
     "start the server (web UI and API)"},
    {"cli.help.user", "アカウントの追加・一覧・無効化・パスワード変更",
     "add, list, disable accounts and set passwords"},
    {"cli.help.token", "APIトークンの発行・一覧・失効",
     "create, list and revoke API tokens"},
    {"cli.admin_created",
     "新しいデータベースなので、管理者アカウントを作成しました。",
     "This is a new database, so an administrator account was created."},
    {"cli.user", "ユーザー", "user"},
    {"cli.password", "パスワード", "password"},
    {"cli.password_once",
     "このパスワードは一度だけ表示されます。安全な場所に控えてください。",
     "This password is shown only once; keep it somewhere safe."},
    {"cli.token_once",
     "このトークンは一度だけ表示されます。安全な場所に控えてください。",
     "This token is shown only once; keep it somewhere safe."},
    {"cli.serving", "kizuki を起動しました。ブラウザで開いてください",
     "kizuki is running; open it in a browser"},
    {"cli.stop_hint", "停止するには Ctrl+C を押してください。",
     "Press Ctrl+C to stop."},
    {"cli.stopping", "停止しています（処理中のリクエストを完了します）…",
     "Stopping (finishing requests in progress)..."},
    {"cli.stopped", "停止しました。", "Stopped."},
    {"cli.bad_listen",
     "--listen は ADDR:PORT の形で指定してください（例: 127.0.0.1:8080）",
     "--listen takes ADDR:PORT (for example 127.0.0.1:8080)"},
    {"cli.bad_threads", "--threads は 1〜64 です", "--threads is 1 to 64"},
    {"cli.bad_request_timeout", "--request-timeout は 1〜3600 秒です",
     "--request-timeout is 1 to 3600 seconds"},
    {"cli.bad_evidence_max", "--evidence-max-bytes は 1 以上のバイト数です",
     "--evidence-max-bytes is a number of bytes, 1 or more"},
    {"cli.bad_upload_rate", "--upload-min-rate は 1 以上（バイト/秒）です",
     "--upload-min-rate is 1 or more (bytes per second)"},
    {"cli.bad_access_log", "アクセスログのファイルを開けません",
     "Cannot open the access log file"},
    {"cli.tls_pair", "--tls-cert と --tls-key は両方指定してください",
     "--tls-cert and --tls-key go together"},
    {"cli.listen_failed",
     "待ち受けを開始できません（アドレス・ポート・証明書を確認してください）",
     "Cannot listen (check the address, the port and the certificate)"},
    {"cli.no_user", "そのアカウントはありません", "There is no such account"},
    {"cli.user_added", "を追加しました。", "has been added."},
    {"cli.user_updated", "を更新しました。", "has been updated."},
    {"cli.disabled", "（無効）", "(disabled)"},
    {"cli.revoked", "（失効）", "(revoked)"},
    {"cli.token_revoked", "を失効させました。", "has been revoked."},
    {"cli.usage.serve",
     "使い方: kizuki serve [--db FILE] [--listen ADDR:PORT] "
     "[--tls-cert FILE --tls-key FILE] [--threads N] [--access-log FILE] "
     "[--request-timeout 秒] [--evidence-max-bytes N] "
     "[--upload-min-rate バイト/秒]",
     "usage: kizuki serve [--db FILE] [--listen ADDR:PORT] "
     "[--tls-cert FILE --tls-key FILE] [--threads N] [--access-log FILE] "
     "[--request-timeout SECONDS] [--evidence-max-bytes N] "
     "[--upload-min-rate BYTES_PER_SECOND]"},
    {"cli.usage.user",
     "使い方: kizuki user add|list|disable|enable|role|passwd ...",
     "usage: kizuki user add|list|disable|enable|role|passwd ..."},
    {"cli.usage.user_add",
     "使い方: kizuki user add NAME --role ROLE [--password-stdin]\n"
     "  ROLE: reporter, handler, commander, communicator, auditor, admin",
     "usage: kizuki user add NAME --role ROLE [--password-stdin]\n"
     "  ROLE: reporter, handler, commander, communicator, auditor, admin"},
    {"cli.usage.user_list", "使い方: kizuki user list [--json]",
     "usage: kizuki user list [--json]"},
    {"cli.usage.user_disable", "使い方: kizuki user disable|enable NAME",
     "usage: kizuki user disable|enable NAME"},
    {"cli.usage.user_role", "使い方: kizuki user role NAME ROLE",
     "usage: kizuki user role NAME ROLE"},
    {"cli.usage.user_passwd",
     "使い方: kizuki user passwd NAME [--password-stdin]",
     "usage: kizuki user passwd NAME [--password-stdin]"},
    {"cli.usage.token", "使い方: kizuki token create|list|revoke ...",
     "usage: kizuki token create|list|revoke ..."},
    {"cli.usage.token_create",
     "使い方: kizuki token create NAME [--expires DAYS] [--label TEXT]",
     "usage: kizuki token create NAME [--expires DAYS] [--label TEXT]"},
    {"cli.usage.token_list", "使い方: kizuki token list [NAME] [--json]",
     "usage: kizuki token list [NAME] [--json]"},
    {"cli.usage.token_revoke", "使い方: kizuki token revoke ID",
     "usage: kizuki token revoke ID"},
    {"cli.help.asset", "情報資産台帳（優先度・停止判断者・委託先）",
     "the information-asset inventory"},
    {"cli.help.contacts",
     "連絡先台帳（役割・夜間休日・最終確認日）と確認切れの点検",
     "the contact directory, and checking stale entries"},
    {"cli.help.rule", "招集基準（分類・重大度で誰を招集するか）",
     "convocation rules (who is summoned for what)"},
    {"cli.help.evidence", "証拠の登録・一覧・取り出しと保管の記録（証拠保全）",
     "Evidence: add, list, retrieve, and its chain of custody"},
    {"cli.help.task", "インシデントのタスク（プレイブックのチェックリスト）",
     "an incident's tasks (the playbook's checklist)"},
    {"cli.help.alert",
     "検知ツールのアラート（取込・一覧・インシデントへの起票）",
     "detection-tool alerts (intake, queue, promotion to incidents)"},
    {"cli.help.playbook",
     "分類ごとのプレイブック（初動と各段階のチェックリスト）",
     "playbooks per category"},
    {"cli.usage.asset",
     "使い方: kizuki asset list | show ID | add 項目=値... | set ID 項目=値... "
     "| rm ID  [--json-in FILE|-]\n"
     "  項目: name kind owner priority(1〜4) stop_decider outsourced_to "
     "vendor_responsibility vendor_contact notes",
     "usage: kizuki asset list | show ID | add FIELD=VALUE... | set ID "
     "FIELD=VALUE... | rm ID  [--json-in FILE|-]\n"
     "  fields: name kind owner priority(1-4) stop_decider outsourced_to "
     "vendor_responsibility vendor_contact notes"},
    {"cli.usage.contacts",
     "使い方: kizuki contacts list | check | show ID | add 項目=値... | set ID "
     "項目=値... | verify ID | rm ID | template [--import]\n"
     "  項目: name organisation roles(カンマ区切り) email phone webhook_url "
     "windows(business,night,holiday) oncall_order notes\n"
     "  check: 最終確認日が古い連絡先を一覧し、あれば終了コード1",
     "usage: kizuki contacts list | check | show ID | add FIELD=VALUE... | "
     "set ID FIELD=VALUE... | verify ID | rm ID | template [--import]\n"
     "  fields: name organisation roles(comma-separated) email phone "
     "webhook_url windows(business,night,holiday) oncall_order notes\n"
     "  check: lists entries not verified recently; exit code 1 if any"},
    {"cli.usage.rule",
     "使い方: kizuki rule list | show ID | add 項目=値... | set ID 項目=値... "
     "| "
     "rm ID\n"
     "  項目: name categories max_severity(S1〜S4) kinds summon_roles "
     "summon_contacts(ID) ack_minutes enabled",
     "usage: kizuki rule list | show ID | add FIELD=VALUE... | set ID "
     "FIELD=VALUE... | rm ID\n"
     "  fields: name categories max_severity(S1-S4) kinds summon_roles "
     "summon_contacts(ids) ack_minutes enabled"},
    {"cli.usage.evidence",
     "使い方: kizuki evidence add REF ファイル [--description 説明] "
     "[--acquired-at 日時] [--acquired-by 取得者] [--location 場所] | "
     "list REF | get ID [--output ファイル|-] | custody ID [--action 種類 "
     "[--from 渡した人] [--to 受け取った人] [--at 日時] [--location 場所] "
     "[--reason 理由]]\n"
     "  種類: handover, transfer, copy, checkout, return, seal, disposal",
     "usage: kizuki evidence add REF FILE [--description TEXT] "
     "[--acquired-at TIME] [--acquired-by NAME] [--location TEXT] | "
     "list REF | get ID [--output FILE|-] | custody ID [--action ACTION "
     "[--from NAME] [--to NAME] [--at TIME] [--location TEXT] "
     "[--reason TEXT]]\n"
     "  ACTION: handover, transfer, copy, checkout, return, seal, disposal"},
    {"cli.usage.task",
     "使い方: kizuki task list REF | add REF 件名 [--phase P] [--owner 名前] | "
     "done REF ID | skip REF ID --reason 理由 | reopen REF ID",
     "usage: kizuki task list REF | add REF TITLE [--phase P] [--owner NAME] "
     "| done REF ID | skip REF ID --reason TEXT | reopen REF ID"},
    {"cli.usage.incident_link",
     "使い方: kizuki incident link REF 種類 相手REF | links REF "
     "[--duplicates] | unlink REF ID\n"
     "  種類: related, duplicate_of（REF を相手の重複として終結）, "
     "caused_by, part_of",
     "usage: kizuki incident link REF KIND OTHER_REF | links REF "
     "[--duplicates] | unlink REF ID\n"
     "  KIND: related, duplicate_of (closes REF as a duplicate of the "
     "other), caused_by, part_of"},
    {"cli.usage.alert",
     "使い方: kizuki alert add --source S --source-ref R --title 件名 "
     "[--severity info|low|medium|high|critical] [--occurred-at 日時] "
     "[--description 説明] [--observable 種類:値]... [--raw JSON]\n"
     "       kizuki alert add --file FILE.json（1件か {\"alerts\":[…]}、- は"
     "標準入力）\n"
     "       kizuki alert list [--status S] [--source S] [--group ID] "
     "[--severity X] [--limit N]\n"
     "       kizuki alert promote ID... [--incident REF]\n"
     "       kizuki alert status ID new|under_review|ignored [--reason 理由]",
     "usage: kizuki alert add --source S --source-ref R --title TITLE "
     "[--severity info|low|medium|high|critical] [--occurred-at TIME] "
     "[--description TEXT] [--observable TYPE:VALUE]... [--raw JSON]\n"
     "       kizuki alert add --file FILE.json (one alert or "
     "{\"alerts\":[…]}; - reads stdin)\n"
     "       kizuki alert list [--status S] [--source S] [--group ID] "
     "[--severity X] [--limit N]\n"
     "       kizuki alert promote ID... [--incident REF]\n"
     "       kizuki alert status ID new|under_review|ignored [--reason TEXT]"},
    {"cli.alert_observable", "--observable は 種類:値 の形で指定してください",
     "--observable takes TYPE:VALUE"},
    {"cli.alert_raw", "--raw が JSON として読めません",
     "--raw is not valid JSON"},
    {"cli.alert_file_or_options",
     "--file とアラートの項目のオプションは同時に使えません",
     "Give either --file or the alert's options, not both"},
    {"cli.alert_add_only", "アラートの項目は add でだけ指定できます",
     "The alert's fields go with add only"},
    {"cli.alert_list_only", "--status・--group・--limit は list 用です",
     "--status, --group and --limit go with list"},
    {"cli.alert_bad_status",
     "状態は new、under_review、promoted、merged、ignored のいずれかです",
     "The status is one of new, under_review, promoted, merged, ignored"},
    {"cli.alert_created", "新規", "created"},
    {"cli.alert_updated", "再送（既存を更新）", "repeats (updated)"},
    {"cli.alert_promoted", "をアラートから起票しました",
     "filed from the alerts"},
    {"cli.alert_merged", "にアラートを統合しました", "now holds the alerts"},
    {"cli.no_alerts", "アラートはありません", "No alerts"},
    {"cli.too_many_args", "引数が多すぎます", "Too many arguments"},
    {"cli.linked", "をリンクしました", "linked"},
    {"cli.unlinked", "リンクを削除しました", "link removed"},
    {"cli.no_links", "リンクはありません", "No links"},
    {"cli.help.observable",
     "インシデントの観測値（IPアドレス、ドメイン、ハッシュ値など）",
     "an incident's observables (IP addresses, domains, hashes, …)"},
    {"cli.usage.observable",
     "使い方: kizuki observable add REF --type 種別 --value 値 [--tlp amber] "
     "[--ioc] [--sighted] [--note メモ] | list REF | find --type 種別 --value "
     "値\n"
     "  種別: ipv4, ipv6, cidr, domain, url, email, md5, sha1, sha256, "
     "filename, account, phone, other",
     "usage: kizuki observable add REF --type TYPE --value VALUE [--tlp amber] "
     "[--ioc] [--sighted] [--note TEXT] | list REF | find --type TYPE --value "
     "VALUE\n"
     "  types: ipv4, ipv6, cidr, domain, url, email, md5, sha1, sha256, "
     "filename, account, phone, other"},
    {"cli.observable_need", "--type と --value を指定してください",
     "Give --type and --value"},
    {"cli.no_observables", "観測値はありません", "No observables"},
    {"cli.observable_header", "ID    種別      TLP           IOC  目撃 他件 値",
     "ID    type      TLP           IOC  seen other value"},
    {"cli.observable_unseen", "この値が記録されたインシデントはありません",
     "No incident holds this value"},
    {"cli.dup_offers", "重複の可能性がある事案", "Possible duplicates"},
    {"cli.no_dup_offers", "重複の可能性がある事案はありません",
     "No possible duplicates"},
    {"cli.usage.playbook", "使い方: kizuki playbook show 分類 [--json]",
     "usage: kizuki playbook show CATEGORY [--json]"},
    {"cli.stale_mark", "  ⚠ 確認切れ", "  ⚠ needs checking"},
    {"cli.stale_count", "確認が必要な連絡先", "Entries that need checking"},
    {"cli.days", "日より前に確認", "days since verified"},
    {"cli.overdue_mark", "  ⚠ 期限切れ", "  ⚠ overdue"},
    {"cli.field_value", "項目は 項目名=値 の形で指定してください",
     "Give fields as FIELD=VALUE"},
    {"cli.need_id", "番号（ID）を指定してください", "Give the record's id"},
    {"cli.help.deadlines", "未完了の届出・報告の期限一覧（期限の近い順）",
     "reporting deadlines still open, soonest first"},
    {"cli.help.mail_intake",
     "メールで届いた報告を受け付ける（MTA・maildir から）",
     "take reports that arrive by e-mail (from the MTA or a maildir)"},
    {"cli.usage.mail_intake",
     "使い方: kizuki mail-intake [--db ファイル] [--maildir ディレクトリ] "
     "[--max-size 50M] [--self アドレス] [--json]\n"
     "  --maildir なしでは標準入力の1通を読みます（MTA のエイリアスから）。\n"
     "  終了コード: 0 受付済み、2 メールとして読めない（failed/ に保管）、"
     "75 一時的な失敗（再試行してください）",
     "usage: kizuki mail-intake [--db FILE] [--maildir DIR] [--max-size 50M] "
     "[--self ADDRESS] [--json]\n"
     "  Without --maildir, reads one message on standard input (from the "
     "MTA's alias).\n"
     "  Exit codes: 0 taken, 2 not a message (kept in failed/), 75 "
     "temporary failure (try again later)"},
    {"cli.help.search", "事案の全文検索（語はスペース区切りで AND）",
     "full-text search of incidents (words separated by spaces: AND)"},
    {"cli.usage.search",
     "使い方: kizuki search 検索語 [--limit N] [--json]\n"
     "  \"語句\" や「語句」で句、phase: category: severity: tag: assignee: "
     "from:YYYY-MM-DD to:YYYY-MM-DD で絞り込み",
     "usage: kizuki search QUERY [--limit N] [--json]\n"
     "  \"a phrase\" or 「a phrase」; filters phase: category: severity: tag: "
     "assignee: from:YYYY-MM-DD to:YYYY-MM-DD"},
    {"cli.search_query", "検索語を1つ（引用符で囲んで）指定してください",
     "Give one query (quote it)"},
    {"cli.search_none", "一致する事案はありません", "No incident matches"},
    {"search.too_long", "検索語が長すぎます（200文字まで）",
     "The query is too long (200 characters at most)"},
    {"search.nothing", "検索語がありません（記号だけでは検索できません）",
     "There is nothing to search for (punctuation alone is not searched)"},
    {"search.filter",
     "絞り込みの値が正しくありません（phase: category: severity: は定義済み"
     "のキー、from: to: は YYYY-MM-DD）",
     "A filter's value is not valid (phase:, category:, severity: take "
     "defined keys, from: and to: YYYY-MM-DD)"},
    {"search.field.title", "件名", "title"},
    {"search.field.description", "概要", "description"},
    {"search.field.timeline", "経過", "timeline"},
    {"search.field.task", "タスク", "task"},
    {"search.field.evidence", "証拠", "evidence"},
    {"search.field.observable", "指標", "observable"},
    {"search.field.alert", "アラート", "alert"},
    {"cli.recorded", "記録しました。", "Recorded."},
    {"cli.no_draft",
     "下書きは appi_report, individual_notice, press_release, incident_report "
     "のいずれかです",
     "Drafts are appi_report, individual_notice, press_release, "
     "incident_report"},
    {"cli.state.not_applicable", "対象外", "n/a"},
    {"cli.state.pending", "未実施", "pending"},
    {"cli.state.due_soon", "⚠ 24時間以内", "⚠ due soon"},
    {"cli.state.past_target", "⚠ 目安超過", "⚠ past target"},
    {"cli.state.overdue", "⛔ 期限超過", "⛔ overdue"},
    {"cli.state.filed", "実施済み", "filed"},
    {"cli.state.undecided", "？ 判定不能", "? undecided"},
    {"cli.trigger_met", "要件該当", "trigger met"},
    {"cli.aware", "認識", "aware"},
    {"cli.usage.deadlines", "使い方: kizuki deadlines [--json]",
     "usage: kizuki deadlines [--json]"},
    {"cli.usage.obligations",
     "使い方: kizuki incident obligations REF [--json]",
     "usage: kizuki incident obligations REF [--json]"},
    {"cli.usage.file",
     "使い方: kizuki incident file REF 義務のキー [--reference 受付番号] "
     "[--filed-at 日時] | --not-applicable 理由",
     "usage: kizuki incident file REF DUTY [--reference NUMBER] "
     "[--filed-at TIME] | --not-applicable REASON"},
    {"cli.usage.damage", "使い方: kizuki incident damage REF [--json]",
     "usage: kizuki incident damage REF [--json]"},
    {"cli.usage.cost",
     "使い方: kizuki incident cost REF 区分 金額（円） [--note メモ]",
     "usage: kizuki incident cost REF CATEGORY YEN [--note TEXT]"},
    {"cli.usage.readiness", "使い方: kizuki incident readiness REF [--json]",
     "usage: kizuki incident readiness REF [--json]"},
    {"cli.usage.draft",
     "使い方: kizuki incident draft REF appi_report|individual_notice|"
     "press_release|incident_report [--format md|html] [--lang ja|en]",
     "usage: kizuki incident draft REF appi_report|individual_notice|"
     "press_release|incident_report [--format md|html] [--lang ja|en]"},
    {"cli.usage.disclose",
     "使い方: kizuki incident disclose REF [種類 [--audience 宛先] "
     "[--summary 要旨]]",
     "usage: kizuki incident disclose REF [KIND [--audience WHO] "
     "[--summary TEXT]]"},
    {"cli.usage.aftercare",
     "使い方: kizuki incident aftercare REF [種類 相手 [--count 人数] "
     "[--note メモ] | confirm ID]",
     "usage: kizuki incident aftercare REF [KIND PARTY [--count N] "
     "[--note TEXT] | confirm ID]"},
    {"cli.usage.init", "使い方: kizuki init [--db FILE]",
     "usage: kizuki init [--db FILE]"},
    {"cli.usage.verify",
     "使い方: kizuki verify [--print-head] [--expect-head SEQ:HASH] [--db "
     "FILE] [--json]\n"
     "  --print-head            検証した監査ログの末尾（番号:ハッシュ）を表示"
     "（別の場所に保管）\n"
     "  --expect-head SEQ:HASH  保管した末尾が監査ログに残っていることも確認",
     "usage: kizuki verify [--print-head] [--expect-head SEQ:HASH] [--db "
     "FILE] [--json]\n"
     "  --print-head            print the verified audit log head (seq:hash) "
     "to keep elsewhere\n"
     "  --expect-head SEQ:HASH  also check that the log still holds that "
     "entry"},
    {"cli.usage.backup",
     "使い方: kizuki backup --to FILE [--force] [--db FILE] [--json]\n"
     "  --to FILE  コピー先（FILE と FILE.evidence/ を作成。稼働中でも一貫した"
     "内容）\n"
     "  --force    既存の FILE と FILE.evidence/ を置き換える",
     "usage: kizuki backup --to FILE [--force] [--db FILE] [--json]\n"
     "  --to FILE  where to write (FILE and FILE.evidence/; consistent while "
     "the server runs)\n"
     "  --force    replace an existing FILE and FILE.evidence/"},
    {"cli.usage.migrate",
     "使い方: kizuki migrate --from SRC --to DST [--force] "
     "[--evidence-dir DIR] [--json]\n"
     "  SRC, DST    データベースファイルのパスまたは postgresql:// の URI\n"
     "  --from SRC  移行元（読むだけ）\n"
     "  --to DST    移行先（ないファイルや kizuki のスキーマのないデータベース"
     "は作成。データがあれば拒否）\n"
     "  --force     移行先のデータを経緯と監査ログも含めて削除してから移す\n"
     "  移行先への書き込みは一つのトランザクションで、行数の照合と検証"
     "（kizuki verify）に合格したときだけ確定します。証拠ファイルは"
     "移動しません",
     "usage: kizuki migrate --from SRC --to DST [--force] "
     "[--evidence-dir DIR] [--json]\n"
     "  SRC, DST    a database file path or a postgresql:// URI\n"
     "  --from SRC  the source (only read)\n"
     "  --to DST    the target (a missing file or a database without "
     "kizuki's schema is created; one holding data is refused)\n"
     "  --force     delete everything in the target first, chronologies and "
     "audit log included\n"
     "  The target is written in one transaction that commits only when "
     "every table's rows match and it verifies (kizuki verify). Evidence "
     "files do not move"},
    {"cli.backup_to", "--to FILE でバックアップ先を指定してください",
     "Name the backup file with --to FILE"},
    {"cli.migrate_args", "--from と --to で移行元と移行先を指定してください",
     "Name the source with --from and the target with --to"},
    {"cli.bad_head",
     "--expect-head は 番号:ハッシュ（64桁の16進数）で指定してください",
     "--expect-head takes SEQ:HASH (a sequence number, a colon and 64 hex "
     "digits)"},
    {"cli.usage.taxonomy", "使い方: kizuki taxonomy [NAME] [--json]",
     "usage: kizuki taxonomy [NAME] [--json]"},
    {"cli.usage.incident",
     "使い方: kizuki incident new|list|show|move|note|set ...\n"
     "  new   インシデントを登録する\n"
     "  list  一覧を表示する\n"
     "  show  REF の記録と経緯を表示する\n"
     "  move  REF PHASE [--reason 理由] 対応段階を移す\n"
     "  note  REF 本文 [--kind note|decision|contact|action] 経緯に記録する\n"
     "  set   REF 項目 値 項目を変更する\n"
     "  link / links / unlink  REF …  関連・重複インシデントのリンク\n"
     "  obligations / file / damage / cost / readiness / draft / disclose / "
     "aftercare REF …  報告義務・損害・公表・事後対応",
     "usage: kizuki incident new|list|show|move|note|set ...\n"
     "  new   record an incident\n"
     "  list  list incidents\n"
     "  show  REF: the record and its chronology\n"
     "  move  REF PHASE [--reason TEXT]: move to another phase\n"
     "  note  REF TEXT [--kind note|decision|contact|action]: add to the "
     "chronology\n"
     "  set   REF FIELD VALUE: change a field\n"
     "  link / links / unlink  REF …: related and duplicate incidents\n"
     "  obligations / file / damage / cost / readiness / draft / disclose / "
     "aftercare REF …: duties, damage, disclosure, aftercare"},
    {"cli.usage.incident_new",
     "使い方: kizuki incident new --title 件名 --discovered-at 日時 "
     "[オプション] | --json FILE|-\n"
     "  項目ごとのオプション: --description --kind --category --severity "
     "--severity-reason --priority --occurred-at --reported-at --place "
     "--detection-trigger --discoverer --reporter --owner --party --asset "
     "--info-type TYPE[:件数] --affected-persons --impact --direct-cause "
     "--latent-factors --initial-response --additional-measures "
     "--prevention-measure --tag --tlp --restricted --member\n"
     "  報告義務・損害の判定: --aware-at --possible-leak yes|no --leak-kind "
     "--leak-indicator --encrypted yes|no --improper-purpose yes|no "
     "--improper-purpose-reason --affected-persons-max --mynumber-system "
     "yes|no --publicly-viewable yes|no --nis2-disruption yes|no "
     "--nis2-damage-others yes|no --materiality-determined-at "
     "--eu-data-subjects yes|no --social-responsibility 1|2 "
     "--response-evaluation 1|2 --cause\n"
     "  （--party などは繰り返し指定、またはカンマ区切り）",
     "usage: kizuki incident new --title TEXT --discovered-at TIME "
     "[options] | --json FILE|-\n"
     "  one option per field: --description --kind --category --severity "
     "--severity-reason --priority --occurred-at --reported-at --place "
     "--detection-trigger --discoverer --reporter --owner --party --asset "
     "--info-type TYPE[:COUNT] --affected-persons --impact --direct-cause "
     "--latent-factors --initial-response --additional-measures "
     "--prevention-measure --tag --tlp --restricted --member\n"
     "  for the reporting duties and the damage: --aware-at "
     "--possible-leak yes|no --leak-kind --leak-indicator --encrypted yes|no "
     "--improper-purpose yes|no --improper-purpose-reason "
     "--affected-persons-max --mynumber-system yes|no --publicly-viewable "
     "yes|no --nis2-disruption yes|no --nis2-damage-others yes|no "
     "--materiality-determined-at --eu-data-subjects yes|no "
     "--social-responsibility 1|2 --response-evaluation 1|2 --cause\n"
     "  (list options such as --party may repeat or take commas)"},
    {"cli.usage.incident_list",
     "使い方: kizuki incident list [--open|--all] [--overdue] [--phase P] "
     "[--kind K] [--category C] [--severity S1..S4|none] [--owner 名前] "
     "[--tag タグ] [--since 日時] [--until 日時] [--search 語] "
     "[--sort 列] [--order asc|desc] [--limit N] [--json|--csv]\n"
     "  --open は終結していないものだけ、--all は終結したものも（既定）。"
     "--overdue は報告義務の期限を過ぎたもの。\n"
     "  --sort: id ref title phase severity kind category reported_at owner "
     "updated_at。--csv は該当するすべてを CSV（BOM 付き UTF-8）で出力",
     "usage: kizuki incident list [--open|--all] [--overdue] [--phase P] "
     "[--kind K] [--category C] [--severity S1..S4|none] [--owner NAME] "
     "[--tag TAG] [--since TIME] [--until TIME] [--search WORDS] "
     "[--sort COLUMN] [--order asc|desc] [--limit N] [--json|--csv]\n"
     "  --open: not closed only; --all: closed too (the default); "
     "--overdue: a reporting duty is past its due time.\n"
     "  --sort: id ref title phase severity kind category reported_at owner "
     "updated_at; --csv writes every match as CSV (UTF-8 with a BOM)"},
    {"cli.csv_alone",
     "--csv は該当するすべてを出力します。--json や --limit とは併用できません",
     "--csv writes every match: it does not go with --json or --limit"},
    {"cli.usage.incident_show", "使い方: kizuki incident show REF [--json]",
     "usage: kizuki incident show REF [--json]"},
    {"cli.usage.incident_move",
     "使い方: kizuki incident move REF PHASE [--reason 理由]",
     "usage: kizuki incident move REF PHASE [--reason TEXT]"},
    {"cli.usage.incident_note",
     "使い方: kizuki incident note REF 本文 [--kind "
     "note|decision|contact|action]",
     "usage: kizuki incident note REF TEXT [--kind "
     "note|decision|contact|action]"},
    {"cli.usage.incident_set",
     "使い方: kizuki incident set REF 項目 値 [--if-version N]\n"
     "  値が空文字なら未記入に戻します。リストはカンマ区切りか JSON 配列。",
     "usage: kizuki incident set REF FIELD VALUE [--if-version N]\n"
     "  An empty VALUE clears the field; lists take commas or a JSON array."},
};

const size_t i18n_catalog_len = sizeof(i18n_catalog) / sizeof(i18n_catalog[0]);
