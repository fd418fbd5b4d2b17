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
    {"err.malformed", "リクエストの形式が正しくありません（JSONを確認してください）",
     "The request is malformed (check the JSON)"},
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
     "このデータベースは新しい版の kizuki で作られたか、kizuki のものではありません",
     "This database was written by a newer kizuki, or is not a kizuki "
     "database"},
    {"err.storage", "データベースでエラーが起きました。管理者に連絡してください",
     "A database error occurred; contact the administrator"},
    {"err.io", "ファイルの読み書きに失敗しました", "Reading or writing a file failed"},
    {"err.busy", "混み合っています。少し待ってからやり直してください",
     "The service is busy; try again shortly"},

    /* Validation of fields (core). */
    {"v.required", "必須項目です", "This is required"},
    {"v.utf8", "文字コードが正しくありません（UTF-8 で入力してください）",
     "The text is not valid UTF-8"},
    {"v.control", "使えない制御文字が含まれています",
     "It contains control characters that are not allowed"},
    {"v.single_line", "改行や制御文字は使えません（1行で入力してください）",
     "Line breaks and control characters are not allowed here"},
    {"v.title_too_long", "件名は200文字以内で入力してください",
     "The title must be at most 200 characters"},
    {"v.too_long", "長すぎます", "This is too long"},
    {"v.text_too_long", "20,000文字以内で入力してください",
     "This must be at most 20,000 characters"},
    {"v.too_many", "項目が多すぎます", "There are too many items"},
    {"v.unknown_key", "登録されていない値です（kizuki taxonomy で一覧を確認できます）",
     "This value is not in the list (see kizuki taxonomy)"},
    {"v.unknown_field", "この項目はありません", "There is no such field"},
    {"v.duplicate", "同じ値が重複しています", "This value is repeated"},
    {"v.negative", "0 以上の数を入力してください", "This must be zero or more"},
    {"v.future", "未来の日時は入力できません", "This time is in the future"},
    {"v.time",
     "日時の形式が正しくありません（例: 2026-11-22T09:30+09:00 または "
     "2026-11-22 09:30）",
     "This is not a valid time (for example 2026-11-22T09:30+09:00 or "
     "2026-11-22 09:30)"},
    {"v.discovered_before_occurred", "発見日時が発生日時より前になっています",
     "discovered_at is before occurred_at"},
    {"v.reported_before_discovered", "報告日時が発見日時より前になっています",
     "reported_at is before discovered_at"},
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
    {"v.entry_kind", "経緯の種類は note, decision, contact, action のいずれかです",
     "The entry kind is one of note, decision, contact, action"},

    /* Phase moves (SPEC §3). */
    {"phase.unknown", "その対応段階はありません", "There is no such phase"},
    {"phase.same", "すでにその対応段階です", "The incident is already in that phase"},
    {"phase.back_reason", "前の段階に戻すには理由を入力してください",
     "Moving back to an earlier phase needs a reason"},
    {"phase.reopen_reason", "完了した案件を再開するには理由を入力してください",
     "Reopening a closed incident needs a reason"},

    /* Verification of hash chains. */
    {"verify.ok", "記録は改ざんされていません", "The record is intact"},
    {"verify.failed", "記録の改ざんまたは欠落が見つかりました",
     "The record was altered or has entries missing"},
    {"verify.entries", "件の記録を検証", "entries checked"},
    {"verify.chains", "件の経緯", "chains"},
    {"verify.expected", "期待値:", "expected:"},
    {"verify.found", "実際:  ", "found:   "},
    {"verify.prev_mismatch", "直前の記録とのつながりが切れています（削除・並べ替えの可能性）",
     "The link to the previous entry is broken (removed or reordered)"},
    {"verify.seq_gap", "記録の番号が連続していません",
     "Entry numbers are not consecutive"},
    {"verify.hash_mismatch", "記録の内容がハッシュと一致しません（書き換えの可能性）",
     "The entry does not match its hash (altered)"},
    {"verify.head_mismatch", "最後の記録が記録上の末尾と一致しません（末尾の削除の可能性）",
     "The chain does not end where the incident says (entries removed)"},

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
    {"field.info_types", "漏えい等した情報（件数）", "Information types (records)"},
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
    {"field.members", "閲覧できるメンバー", "Members"},
    {"field.version", "版", "Version"},
    {"field.created_at", "登録日時", "Created"},
    {"field.updated_at", "更新日時", "Updated"},
    {"field.created_by", "登録したアカウント", "Filed by"},

    /* The command line. */
    {"cli.error", "エラー", "error"},
    {"cli.bad_option", "知らないオプションです", "Unknown option"},
    {"cli.bad_db", "--db にはデータベースのファイル名を指定してください",
     "--db needs a database file name"},
    {"cli.bad_lang", "--lang には ja か en を指定してください",
     "--lang takes ja or en"},
    {"cli.bad_tz", "KIZUKI_TZ のタイムゾーンが見つかりません",
     "The time zone in KIZUKI_TZ is unknown"},
    {"cli.bad_json_input", "JSON の入力を読めません（ファイルと形式を確認してください）",
     "Cannot read the JSON input (check the file and its syntax)"},
    {"cli.extra_args", "余分な引数があります", "There are extra arguments"},
    {"cli.need_args", "引数が足りないか多すぎます",
     "Wrong number of arguments"},
    {"cli.unknown_command", "知らないコマンドです", "Unknown command"},
    {"cli.no_db",
     "データベースがありません。先に kizuki init で作成してください",
     "There is no database; create it first with kizuki init"},
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
    {"cli.help.taxonomy", "分類表（キーと表示名）を表示する",
     "show the taxonomies (keys and labels)"},
    {"cli.help.common",
     "共通オプション: --db FILE（既定: $KIZUKI_DB または ./kizuki.db）, "
     "--lang ja|en, --json, --help\n終了コード: 0 成功, 1 "
     "見つからない・検証失敗, 2 使い方・入力の誤り, 3 データベースのエラー",
     "Common options: --db FILE (default: $KIZUKI_DB or ./kizuki.db), --lang "
     "ja|en, --json, --help\nExit codes: 0 success, 1 not found or "
     "verification failed, 2 usage or validation error, 3 database error"},
    {"cli.usage.init", "使い方: kizuki init [--db FILE]",
     "usage: kizuki init [--db FILE]"},
    {"cli.usage.verify", "使い方: kizuki verify [--db FILE] [--json]",
     "usage: kizuki verify [--db FILE] [--json]"},
    {"cli.usage.taxonomy", "使い方: kizuki taxonomy [NAME] [--json]",
     "usage: kizuki taxonomy [NAME] [--json]"},
    {"cli.usage.incident",
     "使い方: kizuki incident new|list|show|move|note|set ...\n"
     "  new   インシデントを登録する\n"
     "  list  一覧を表示する\n"
     "  show  REF の記録と経緯を表示する\n"
     "  move  REF PHASE [--reason 理由] 対応段階を移す\n"
     "  note  REF 本文 [--kind note|decision|contact|action] 経緯に記録する\n"
     "  set   REF 項目 値 項目を変更する",
     "usage: kizuki incident new|list|show|move|note|set ...\n"
     "  new   record an incident\n"
     "  list  list incidents\n"
     "  show  REF: the record and its chronology\n"
     "  move  REF PHASE [--reason TEXT]: move to another phase\n"
     "  note  REF TEXT [--kind note|decision|contact|action]: add to the "
     "chronology\n"
     "  set   REF FIELD VALUE: change a field"},
    {"cli.usage.incident_new",
     "使い方: kizuki incident new --title 件名 --discovered-at 日時 "
     "[オプション] | --json FILE|-\n"
     "  項目ごとのオプション: --description --kind --category --severity "
     "--priority --occurred-at --reported-at --place --detection-trigger "
     "--discoverer --reporter --owner --party --asset --info-type "
     "TYPE[:件数] --affected-persons --impact --direct-cause "
     "--latent-factors --initial-response --additional-measures "
     "--prevention-measure --tag --tlp --restricted --member\n"
     "  （--party などは繰り返し指定、またはカンマ区切り）",
     "usage: kizuki incident new --title TEXT --discovered-at TIME "
     "[options] | --json FILE|-\n"
     "  one option per field: --description --kind --category --severity "
     "--priority --occurred-at --reported-at --place --detection-trigger "
     "--discoverer --reporter --owner --party --asset --info-type "
     "TYPE[:COUNT] --affected-persons --impact --direct-cause "
     "--latent-factors --initial-response --additional-measures "
     "--prevention-measure --tag --tlp --restricted --member\n"
     "  (list options such as --party may repeat or take commas)"},
    {"cli.usage.incident_list",
     "使い方: kizuki incident list [--phase P] [--kind K] [--category C] "
     "[--severity S1..S4|none] [--since 日時] [--search 語] [--limit N] "
     "[--json]",
     "usage: kizuki incident list [--phase P] [--kind K] [--category C] "
     "[--severity S1..S4|none] [--since TIME] [--search WORDS] [--limit N] "
     "[--json]"},
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
