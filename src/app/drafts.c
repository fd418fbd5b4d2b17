/* SPDX-License-Identifier: MIT */
/*
 * drafts.c - documents drafted from the record (see drafts.h).
 *
 * A draft is built once into a small document model (headings, paragraphs,
 * label/value rows, lists) and written as Markdown or HTML from it, so the
 * two never say different things.  Every value in HTML is escaped.
 */
#include "app/drafts.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "app/duties.h"
#include "app/items.h"
#include "app/ledger.h"
#include "app/settings.h"
#include "core/taxonomy.h"
#include "json/chronology_json.h"
#include "util/buf.h"
#include "util/markdown.h"
#include "util/mem.h"

static const char *const drafts[] = {"appi_report", "individual_notice",
                                     "press_release", "incident_report"};

bool app_draft_is_known(const char *name)
{
    for (size_t i = 0; name && i < sizeof(drafts) / sizeof(drafts[0]); i++) {
        if (strcmp(drafts[i], name) == 0)
            return true;
    }
    return false;
}

/* The writer: Markdown and HTML side by side. */
struct draft {
    struct buf md;
    struct buf html;
    enum lang lang;
    enum kz_err err;
};

static const char *tr(const struct draft *d, const char *ja, const char *en)
{
    return d->lang == LANG_EN ? en : ja;
}

static void html_escaped(struct draft *d, const char *s)
{
    for (; d->err == KZ_OK && *s != '\0'; s++) {
        switch (*s) {
        case '&':
            d->err = buf_puts(&d->html, "&amp;");
            break;
        case '<':
            d->err = buf_puts(&d->html, "&lt;");
            break;
        case '>':
            d->err = buf_puts(&d->html, "&gt;");
            break;
        case '"':
            d->err = buf_puts(&d->html, "&quot;");
            break;
        case '\'':
            d->err = buf_puts(&d->html, "&#39;");
            break;
        case '\n':
            d->err = buf_puts(&d->html, "<br>");
            break;
        default:
            d->err = buf_append(&d->html, s, 1);
        }
    }
}

/* Markdown text that stays text, whatever markup it holds (item 4). */
static void md_escaped(struct draft *d, const char *s)
{
    if (d->err == KZ_OK)
        d->err = markdown_escape(&d->md, s);
}

static void raw(struct draft *d, const char *md, const char *html)
{
    if (d->err == KZ_OK && md != NULL)
        d->err = buf_puts(&d->md, md);
    if (d->err == KZ_OK && html != NULL)
        d->err = buf_puts(&d->html, html);
}

static void heading(struct draft *d, int level, const char *text)
{
    char open[8];
    char close[8];

    raw(d, level == 1 ? "# " : level == 2 ? "\n## " : "\n### ", NULL);
    md_escaped(d, text);
    raw(d, "\n\n", NULL);
    snprintf(open, sizeof(open), "<h%d>", level);
    snprintf(close, sizeof(close), "</h%d>\n", level);
    raw(d, NULL, open);
    html_escaped(d, text);
    raw(d, NULL, close);
}

static void para(struct draft *d, const char *text)
{
    /* A blank line first, so that the paragraph does not continue the
     * list item before it (CommonMark's lazy continuation lines). */
    if (d->md.len > 0 && (d->md.len < 2 || d->md.data[d->md.len - 1] != '\n' ||
                          d->md.data[d->md.len - 2] != '\n'))
        raw(d, "\n", NULL);
    raw(d, NULL, "<p>");
    md_escaped(d, text);
    html_escaped(d, text);
    raw(d, "\n\n", "</p>\n");
}

/* The mark for a fact the record does not establish yet. */
static const char *unknown(const struct draft *d)
{
    return tr(d, "【未確定】", "[not yet known]");
}

/* A label/value row; NULL or "" value prints the unknown mark. */
static void row(struct draft *d, const char *label, const char *value)
{
    const char *v = value && value[0] ? value : unknown(d);

    raw(d, "- **", "<p><strong>");
    md_escaped(d, label);
    html_escaped(d, label);
    raw(d, "**: ", "</strong>: ");
    md_escaped(d, v);
    html_escaped(d, v);
    raw(d, "\n", "</p>\n");
}

static void item(struct draft *d, const char *text)
{
    raw(d, "- ", "<li>");
    md_escaped(d, text);
    html_escaped(d, text);
    raw(d, "\n", "</li>\n");
}

/* An item of two texts side by side: a time and a chronology entry of
 * any length. */
static void item2(struct draft *d, const char *a, const char *b)
{
    raw(d, "- ", "<li>");
    md_escaped(d, a);
    html_escaped(d, a);
    raw(d, " ", " ");
    md_escaped(d, b);
    html_escaped(d, b);
    raw(d, "\n", "</li>\n");
}

static const char *when(kz_time t, char *buf)
{
    if (t == KZ_TIME_NONE)
        return NULL;
    return timefmt_format_short(t, buf);
}

static const char *labelled(const struct taxonomy *t, const char *key,
                            enum lang lang)
{
    const char *l = key ? taxonomy_label(t, key, lang) : NULL;

    return l ? l : key;
}

/* Comma-separated labels of a key list (OUT: buf). */
static const char *labels(const struct draft *d, const struct taxonomy *t,
                          const struct strv *l, char *buf, size_t n)
{
    size_t k = 0;

    buf[0] = '\0';
    for (size_t i = 0; i < l->n && k + 1 < n; i++)
        k +=
            (size_t)snprintf(buf + k, n - k, "%s%s", i ? tr(d, "、", ", ") : "",
                             labelled(t, l->v[i], d->lang));
    return buf[0] ? buf : NULL;
}

/* "氏名 1,200件、住所 1,200件" (OUT: buf). */
static const char *info_types(const struct draft *d, const struct incident *inc,
                              char *buf, size_t n)
{
    size_t k = 0;

    buf[0] = '\0';
    for (size_t i = 0; i < inc->n_info_types && k + 1 < n; i++) {
        const struct info_count *ic = &inc->info_types[i];
        char count[48];
        if (ic->count == COUNT_UNKNOWN)
            snprintf(count, sizeof(count), "%s",
                     tr(d, "（件数未確定）", " (count not yet known)"));
        else if (d->lang == LANG_EN)
            snprintf(count, sizeof(count), " %" PRId64 " records", ic->count);
        else
            snprintf(count, sizeof(count), " %" PRId64 "件", ic->count);
        k += (size_t)snprintf(
            buf + k, n - k, "%s%s%s", i ? tr(d, "、", ", ") : "",
            labelled(&taxonomy_info_type, ic->type, d->lang), count);
    }
    return buf[0] ? buf : NULL;
}

static const char *persons(const struct draft *d, const struct incident *inc,
                           char *buf, size_t n)
{
    if (inc->affected_persons == COUNT_UNKNOWN)
        return NULL;
    if (d->lang == LANG_EN)
        snprintf(buf, n, "%" PRId64 " persons", inc->affected_persons);
    else
        snprintf(buf, n, "%" PRId64 "人", inc->affected_persons);
    return buf;
}

/* What the data was on: a paper, a PC, an e-mail… from the category. */
static const char *medium(const struct draft *d, const struct incident *inc)
{
    const char *c = inc->category ? inc->category : "";

    if (strcmp(c, "misdirected_email") == 0 || strcmp(c, "bec") == 0)
        return tr(d, "電子メール", "E-mail");
    if (strcmp(c, "misdirected_fax_post") == 0)
        return tr(d, "FAX・郵便物", "Fax or post");
    if (strcmp(c, "document_loss") == 0 || strcmp(c, "wrong_disposal") == 0)
        return tr(d, "紙媒体", "Paper");
    if (strcmp(c, "device_loss") == 0)
        return tr(d, "PC・記録媒体", "PC or storage media");
    if (c[0] != '\0')
        return tr(d, "電子データ（システム）", "Electronic data (systems)");
    return NULL;
}

static bool contractor_involved(const struct incident *inc)
{
    return strv_contains(&inc->parties, "contractor_staff") ||
           (inc->category &&
            strcmp(inc->category, "contractor_mismanagement") == 0);
}

/* The course of events from the chronology: phase changes and what people
 * recorded, oldest first. */
static void course(struct draft *d, struct store *s, const struct incident *inc)
{
    struct chron_list l = {0};
    char t[TIMEFMT_LEN];

    if (store_chron_list(s, inc->id, &l) != KZ_OK || l.n == 0) {
        para(d, unknown(d));
        chron_list_cleanup(&l);
        return;
    }
    raw(d, NULL, "<ul>\n");
    for (size_t i = 0; i < l.n; i++) {
        const struct chron_entry *e = &l.items[i];
        char line[1200];
        if (e->kind == ENTRY_FIELD_CHANGE)
            continue;
        if (e->kind == ENTRY_PHASE_CHANGE) {
            json_t *j = chron_entry_to_json(e);
            const char *to = json_string_value(
                json_object_get(json_object_get(j, "change"), "to"));
            snprintf(line, sizeof(line), "%s %s: %s",
                     timefmt_format_short(e->at, t), tr(d, "対応段階", "Phase"),
                     labelled(&taxonomy_phase, to, d->lang));
            json_decref(j);
            item(d, line);
        } else {
            /* Whole, however long: never cut into a fixed line. */
            item2(d, timefmt_format_short(e->at, t), e->body);
        }
    }
    raw(d, NULL, "</ul>\n");
    chron_list_cleanup(&l);
}

/* The APPI triggers that apply, from the duties' reasons. */
static void triggers(struct draft *d, const struct duties *du)
{
    bool any = false;

    for (size_t i = 0; i < du->n; i++) {
        const struct obligation *o = &du->items[i];
        if (strcmp(o->key, "appi_preliminary") != 0)
            continue;
        for (size_t k = 0; k < o->n_reasons; k++) {
            if (strncmp(o->reasons[k], "obl.trigger_", 12) != 0)
                continue;
            item(d, i18n_text(o->reasons[k], d->lang));
            any = true;
        }
    }
    if (!any)
        item(d, tr(d, "該当する事態は記録からは判定できません【未確定】",
                   "No reportable trigger established from the record "
                   "[not yet known]"));
}

/* When the incident was published, from the disclosure log. */
static const char *published(const struct draft *d, struct store *s,
                             const struct incident *inc, char *buf, size_t n)
{
    struct item_list l = {0};
    const char *out = NULL;

    if (store_item_list(s, inc->id, ITEM_DISCLOSURE, &l) == KZ_OK) {
        json_t *all = app_items_to_json(&l);
        size_t i;
        json_t *x;
        json_array_foreach(all, i, x)
        {
            const char *kind = json_string_value(json_object_get(x, "kind"));
            const char *sent = json_string_value(json_object_get(x, "sent_at"));
            if (kind != NULL && strcmp(kind, "press_release") == 0 && sent) {
                snprintf(buf, n, "%s %s", tr(d, "公表済み", "Published"), sent);
                out = buf;
            }
        }
        json_decref(all);
    }
    item_list_cleanup(&l);
    return out;
}

static void appi_report(struct draft *d, struct store *s,
                        const struct incident *inc, const struct duties *du)
{
    char t1[TIMEFMT_LEN];
    char t2[TIMEFMT_LEN];
    char buf[4096];

    heading(d, 1,
            tr(d, "個人データの漏えい等の報告（下書き）",
               "Report of a personal data breach (draft)"));
    para(d, tr(d,
               "個人情報保護法第26条・規則第8条の報告事項に沿った下書きです。"
               "【未確定】の項目は確認のうえ記入してください。",
               "A draft following the items of APPI art. 26 and rule 8. "
               "Fill in the items marked [not yet known] once confirmed."));
    row(d, tr(d, "参照番号", "Reference"), inc->ref);
    heading(d, 2, tr(d, "1 概要", "1 Summary"));
    row(d, tr(d, "発生日", "Occurred"), when(inc->occurred_at, t1));
    row(d, tr(d, "発覚日", "Discovered"), when(incident_aware_at(inc), t2));
    row(d, tr(d, "発生事案", "What happened"), inc->title);
    if (inc->description != NULL)
        para(d, inc->description);
    row(d, tr(d, "発見者", "Discovered by"), inc->discoverer);
    heading(d, 3, tr(d, "該当する事態", "Reportable situation"));
    raw(d, NULL, "<ul>\n");
    triggers(d, du);
    raw(d, NULL, "</ul>\n");
    row(d, tr(d, "委託元・委託先の関与", "Entruster or entrustee involved"),
        contractor_involved(inc) ? tr(d, "あり（委託先）", "Yes (entrustee)")
                                 : NULL);
    heading(d, 3, tr(d, "事実経過", "Course of events"));
    course(d, s, inc);
    heading(d, 2,
            tr(d,
               "2 漏えい等が発生し、又は発生したおそれがある個人データの項目",
               "2 Personal data items concerned"));
    row(d, tr(d, "項目", "Items"), info_types(d, inc, buf, sizeof(buf)));
    row(d, tr(d, "媒体", "Medium"), medium(d, inc));
    row(d,
        tr(d, "種類（顧客・従業員・その他）",
           "Whose (customers, staff, other)"),
        NULL);
    heading(d, 2, tr(d, "3 本人の数", "3 Number of persons"));
    row(d, tr(d, "本人の数", "Persons"), persons(d, inc, buf, sizeof(buf)));
    heading(d, 2, tr(d, "4 原因", "4 Cause"));
    row(d, tr(d, "直接原因", "Direct cause"), inc->direct_cause);
    row(d, tr(d, "潜在的要因", "Latent factors"), inc->latent_factors);
    row(d, tr(d, "発生した主体", "In whose hands"),
        contractor_involved(inc) ? tr(d, "委託先", "The entrustee")
                                 : tr(d, "当社", "The organisation"));
    heading(d, 2,
            tr(d, "5 二次被害又はそのおそれの有無及びその内容",
               "5 Secondary damage or its risk"));
    row(d, tr(d, "二次被害", "Secondary damage"),
        labels(d, &taxonomy_impact, &inc->impacts, buf, sizeof(buf)));
    heading(d, 2,
            tr(d, "6 本人への対応の実施状況", "6 Response to the persons"));
    const char *notice = NULL;
    for (size_t i = 0; i < du->n; i++) {
        if (strcmp(du->items[i].key, "appi_individuals") == 0 &&
            du->items[i].filing != NULL)
            notice = tr(d, "本人への通知（または代替措置）を実施済み",
                        "Persons notified (or an alternative measure taken)");
    }
    row(d, tr(d, "本人への通知", "Notice to persons"), notice);
    row(d, tr(d, "初動対応", "Initial response"), inc->initial_response);
    heading(d, 2, tr(d, "7 公表の実施状況", "7 Publication"));
    row(d, tr(d, "公表", "Publication"),
        published(d, s, inc, buf, sizeof(buf)));
    heading(d, 2,
            tr(d, "8 再発防止のための措置", "8 Prevention of recurrence"));
    row(d, tr(d, "実施済みの措置", "Done"), inc->additional_measures);
    row(d, tr(d, "今後実施する措置", "Planned"),
        labels(d, &taxonomy_prevention_measure, &inc->prevention_measures, buf,
               sizeof(buf)));
    heading(d, 2, tr(d, "9 その他参考となる事項", "9 Other relevant matters"));
    row(d, tr(d, "暗号化等の保護措置", "Encryption or other protection"),
        inc->encrypted ? tr(d, "高度な暗号化等の措置あり", "Strongly encrypted")
                       : NULL);
    if (inc->possible_leak)
        para(d, tr(d, "漏えいのおそれの段階での報告です。",
                   "This reports a possible leak."));
}

/* What a person can do to protect themselves, by what leaked. */
static void advice(struct draft *d, const struct incident *inc)
{
    static const struct {
        const char *type;
        const char *ja;
        const char *en;
    } tips[] = {
        {"credit_card",
         "カードの利用明細をご確認ください。身に覚えのない請求があればカード会"
         "社にご連絡ください。",
         "Check your card statements and tell the card issuer about any "
         "charge you do not recognise."},
        {"bank_account",
         "口座の入出金をご確認ください。不審な取引は金融機関にご連絡ください。",
         "Check your account and report unusual transactions to your bank."},
        {"financial_login",
         "インターネットバンキング等のパスワードを変更してください。",
         "Change your online banking passwords."},
        {"email_address",
         "当社を装った不審なメールにご注意ください。メール内のリンクや添付ファ"
         "イルは開かないでください。",
         "Beware of e-mails pretending to be from us; do not open their "
         "links or attachments."},
        {"phone_number", "当社を装った不審な電話にご注意ください。",
         "Beware of calls pretending to be from us."},
        {"address", "不審な郵便物や訪問にご注意ください。",
         "Beware of unexpected mail or visits."},
    };
    bool any = false;

    raw(d, NULL, "<ul>\n");
    for (size_t i = 0; i < sizeof(tips) / sizeof(tips[0]); i++) {
        for (size_t k = 0; k < inc->n_info_types; k++) {
            if (strcmp(inc->info_types[k].type, tips[i].type) == 0) {
                item(d, tr(d, tips[i].ja, tips[i].en));
                any = true;
                break;
            }
        }
    }
    if (!any)
        item(d, tr(d, "不審な連絡にご注意ください。",
                   "Be careful with unexpected messages."));
    raw(d, NULL, "</ul>\n");
}

static void desk(struct draft *d, struct store *s)
{
    char *org = app_setting(s, "organisation_name", "");

    row(d, tr(d, "お問い合わせ窓口", "Inquiries"), NULL);
    if (org[0] != '\0')
        para(d, org);
    xfree(org);
}

static void individual_notice(struct draft *d, struct store *s,
                              const struct incident *inc)
{
    char buf[4096];
    char t[TIMEFMT_LEN];

    heading(d, 1,
            tr(d, "個人情報の漏えい等に関するお知らせとお詫び",
               "Notice and apology about your personal information"));
    para(d, tr(d,
               "このたび、お客様の個人情報が漏えいした（またはそのおそれがある"
               "）ことが判明しました。"
               "多大なご迷惑とご心配をおかけしますことを、心より深くお詫び申し"
               "上げます。",
               "We have found that your personal information has leaked, or "
               "may have leaked. We sincerely apologise for the trouble and "
               "worry this causes you."));
    heading(d, 2, tr(d, "1 何が起きたか", "1 What happened"));
    row(d, tr(d, "発覚した日", "Found on"), when(incident_aware_at(inc), t));
    row(d, tr(d, "事案", "What happened"), inc->title);
    heading(d, 2, tr(d, "2 対象となる情報", "2 Information concerned"));
    row(d, tr(d, "項目", "Items"), info_types(d, inc, buf, sizeof(buf)));
    heading(d, 2, tr(d, "3 原因", "3 Cause"));
    row(d, tr(d, "原因", "Cause"), inc->direct_cause);
    heading(d, 2,
            tr(d, "4 二次被害のおそれと、お客様にお願いしたいこと",
               "4 Risk of further harm, and what you can do"));
    row(d, tr(d, "二次被害", "Further harm"),
        labels(d, &taxonomy_impact, &inc->impacts, buf, sizeof(buf)));
    advice(d, inc);
    heading(d, 2, tr(d, "5 お問い合わせ", "5 Contact"));
    desk(d, s);
}

static void press_release(struct draft *d, struct store *s,
                          const struct incident *inc)
{
    char buf[4096];
    char t[TIMEFMT_LEN];

    heading(d, 1,
            tr(d,
               "当社における情報セキュリティインシデントについて（お知らせ）",
               "About an information security incident (notice)"));
    para(d,
         tr(d,
            "このたび、当社において下記の事案が発生しました。関係する皆様に多大"
            "なご迷惑とご心配をおかけしますことを深くお詫び申し上げます。",
            "The incident below occurred at our organisation. We "
            "sincerely apologise to everyone affected."));
    heading(d, 2, tr(d, "1 概要", "1 Summary"));
    row(d, tr(d, "発覚日", "Found on"), when(incident_aware_at(inc), t));
    row(d, tr(d, "事案", "What happened"), inc->title);
    heading(d, 2, tr(d, "2 対象となる情報と人数", "2 Information and persons"));
    row(d, tr(d, "項目", "Items"), info_types(d, inc, buf, sizeof(buf)));
    row(d, tr(d, "人数", "Persons"), persons(d, inc, buf, sizeof(buf)));
    heading(d, 2, tr(d, "3 原因", "3 Cause"));
    row(d, tr(d, "原因", "Cause"), inc->direct_cause);
    heading(d, 2, tr(d, "4 対応状況", "4 What we have done"));
    row(d, tr(d, "現在の状況", "Current status"),
        labelled(&taxonomy_phase, phase_key(inc->phase), d->lang));
    row(d, tr(d, "初動対応", "Initial response"), inc->initial_response);
    row(d, tr(d, "追加対策", "Further measures"), inc->additional_measures);
    heading(d, 2, tr(d, "5 再発防止策", "5 Preventing recurrence"));
    row(d, tr(d, "再発防止策", "Measures"),
        labels(d, &taxonomy_prevention_measure, &inc->prevention_measures, buf,
               sizeof(buf)));
    heading(d, 2, tr(d, "6 お問い合わせ先", "6 Contact"));
    desk(d, s);
}

static void incident_report(struct draft *d, struct store *s,
                            const struct incident *inc)
{
    char buf[4096];
    char t[TIMEFMT_LEN];

    heading(d, 1, tr(d, "インシデント報告書", "Incident report"));
    row(d, tr(d, "参照番号", "Reference"), inc->ref);
    row(d, tr(d, "件名", "Title"), inc->title);
    heading(d, 2, tr(d, "発生日時・場所", "When and where"));
    row(d, tr(d, "発生日時", "Occurred"), when(inc->occurred_at, t));
    row(d, tr(d, "場所", "Place"),
        labelled(&taxonomy_place, inc->place, d->lang));
    heading(d, 2, tr(d, "影響範囲", "Scope"));
    row(d, tr(d, "漏えい等した情報", "Information"),
        info_types(d, inc, buf, sizeof(buf)));
    row(d, tr(d, "影響を受けた人数", "Persons"),
        persons(d, inc, buf, sizeof(buf)));
    row(d, tr(d, "影響を受けた資産", "Assets"),
        inc->assets.n ? inc->assets.v[0] : NULL);
    row(d, tr(d, "影響・被害", "Impacts"),
        labels(d, &taxonomy_impact, &inc->impacts, buf, sizeof(buf)));
    heading(d, 2,
            tr(d, "直接原因・潜在的要因", "Direct cause and latent factors"));
    row(d, tr(d, "直接原因", "Direct cause"), inc->direct_cause);
    row(d, tr(d, "潜在的要因", "Latent factors"), inc->latent_factors);
    heading(
        d, 2,
        tr(d, "初動対応・追加対策", "Initial response and further measures"));
    row(d, tr(d, "初動対応", "Initial response"), inc->initial_response);
    row(d, tr(d, "追加対策", "Further measures"), inc->additional_measures);
    heading(d, 2, tr(d, "再発防止策", "Prevention of recurrence"));
    row(d, tr(d, "再発防止策", "Measures"),
        labels(d, &taxonomy_prevention_measure, &inc->prevention_measures, buf,
               sizeof(buf)));
    heading(d, 2, tr(d, "経緯", "Chronology"));
    course(d, s, inc);
}

enum kz_err app_draft(struct store *s, const struct app_ctx *ctx,
                      const char *ref, const char *name, enum lang lang,
                      bool html, char **text)
{
    struct incident inc;
    struct duties du;
    struct draft d;
    enum kz_err err;

    *text = NULL;
    if (!app_draft_is_known(name))
        return KZ_ENOTFOUND;
    incident_init(&inc);
    char part[64]; /* 'name' is one of the known drafts: plain ASCII */
    snprintf(part, sizeof(part), "drafts/%s", name);
    err = app_incident_for(s, ctx, ref, ACT_INCIDENT_READ, part, &inc);
    if (err == KZ_OK)
        err = app_duties_load(s, &inc, ctx->now, &du);
    if (err != KZ_OK) {
        incident_cleanup(&inc);
        return err;
    }
    memset(&d, 0, sizeof(d));
    buf_init(&d.md, 1 << 20);
    buf_init(&d.html, 2 << 20);
    d.lang = lang;
    raw(&d, NULL,
        lang == LANG_EN ? "<!DOCTYPE html>\n<html lang=\"en\">"
                        : "<!DOCTYPE html>\n<html lang=\"ja\">");
    raw(&d, NULL, "<head><meta charset=\"utf-8\"><title>");
    html_escaped(&d, inc.ref);
    raw(&d, NULL, "</title></head>\n<body>\n");
    if (strcmp(name, "appi_report") == 0)
        appi_report(&d, s, &inc, &du);
    else if (strcmp(name, "individual_notice") == 0)
        individual_notice(&d, s, &inc);
    else if (strcmp(name, "press_release") == 0)
        press_release(&d, s, &inc);
    else
        incident_report(&d, s, &inc);
    raw(&d, NULL, "</body>\n</html>\n");
    err = d.err;
    if (err == KZ_OK)
        *text = html ? buf_take(&d.html) : buf_take(&d.md);
    buf_cleanup(&d.md);
    buf_cleanup(&d.html);
    app_duties_cleanup(&du);
    incident_cleanup(&inc);
    return err == KZ_ETOOBIG ? KZ_ESTORE : err;
}
