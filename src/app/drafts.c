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
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "app/duties.h"
#include "app/items.h"
#include "json/items_json.h"
#include "app/ledger.h"
#include "app/settings.h"
#include "core/taxonomy.h"
#include "json/chronology_json.h"
#include "util/buf.h"
#include "util/markdown.h"
#include "util/mem.h"
#include "util/numfmt.h"

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
    /* The numbered section being written and whether a row of it is not
     * known yet; 'open' lists, 、-separated, the sections that had one. */
    const char *section;
    bool section_unknown;
    char open[1024];
    bool html_section; /* a <section> is open in d->html */
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

/* Note the section just finished in d->open when one of its rows was not
 * known. */
static void section_end(struct draft *d)
{
    size_t k = strlen(d->open);

    if (d->section != NULL && d->section_unknown)
        snprintf(d->open + k, sizeof(d->open) - k, "%s%s",
                 k ? (d->lang == LANG_EN ? "; " : "、") : "", d->section);
    d->section = NULL;
    d->section_unknown = false;
}

static void heading(struct draft *d, int level, const char *text)
{
    char open[8];
    char close[8];

    if (level == 2) {
        section_end(d);
        d->section = text;
        /* Each numbered item is a <section> the printed page keeps whole
         * where it can (break-inside: avoid in the style). */
        raw(d, NULL,
            d->html_section ? "</section>\n<section>\n" : "<section>\n");
        d->html_section = true;
    }
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

    if (v == unknown(d))
        d->section_unknown = true;
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

/* The date of 't' in the display zone as each language writes it in a
 * document: "2026年12月7日", "7 December 2026" (OUT: buf[TIMEFMT_LEN]);
 * NULL when 't' is not known. */
static const char *date_of(const struct draft *d, kz_time t, char *buf)
{
    static const char *const months[] = {
        "January", "February", "March",     "April",   "May",      "June",
        "July",    "August",   "September", "October", "November", "December"};
    int y;
    int m;
    int day;

    if (t == KZ_TIME_NONE)
        return NULL;
    timefmt_local(t, &y, &m, &day, NULL);
    if (d->lang == LANG_EN && m >= 1 && m <= 12)
        snprintf(buf, TIMEFMT_LEN, "%d %s %d", day, months[m - 1], y);
    else
        snprintf(buf, TIMEFMT_LEN, "%d年%d月%d日", y, m, day);
    return buf;
}

/* The date and time of 't': "2026年12月7日 10:00", "7 December 2026,
 * 10:00" (OUT: buf[TIMEFMT_LEN]); NULL when 't' is not known. */
static const char *datetime_of(const struct draft *d, kz_time t, char *buf)
{
    char date[TIMEFMT_LEN];
    char iso[TIMEFMT_LEN];

    if (date_of(d, t, date) == NULL)
        return NULL;
    /* "2026-11-22 10:00": the time is its last five characters. */
    timefmt_format_short(t, iso);
    size_t n = strlen(iso);
    snprintf(buf, TIMEFMT_LEN, "%.40s%s%.5s", date, tr(d, " ", ", "),
             n >= 5 ? iso + n - 5 : "");
    return buf;
}

/* The ISO 8601 time 'iso' (from a stored item) as datetime_of writes it,
 * or NULL when it does not parse. */
static const char *iso_date_of(const struct draft *d, const char *iso,
                               char *buf)
{
    kz_time t;

    if (iso == NULL || timefmt_parse(iso, &t) != KZ_OK)
        return NULL;
    return date_of(d, t, buf);
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
        char num[32];
        if (ic->count == COUNT_UNKNOWN)
            snprintf(count, sizeof(count), "%s",
                     tr(d, "（件数未確定）", " (count not yet known)"));
        else if (d->lang == LANG_EN)
            snprintf(count, sizeof(count), " %s records",
                     numfmt_grouped(ic->count, num, sizeof(num)));
        else
            snprintf(count, sizeof(count), " %s件",
                     numfmt_grouped(ic->count, num, sizeof(num)));
        k += (size_t)snprintf(
            buf + k, n - k, "%s%s%s", i ? tr(d, "、", ", ") : "",
            labelled(&taxonomy_info_type, ic->type, d->lang), count);
    }
    return buf[0] ? buf : NULL;
}

static const char *persons(const struct draft *d, const struct incident *inc,
                           char *buf, size_t n)
{
    char num[32];

    if (inc->affected_persons == COUNT_UNKNOWN)
        return NULL;
    numfmt_grouped(inc->affected_persons, num, sizeof(num));
    if (d->lang == LANG_EN)
        snprintf(buf, n, "%s %s", num,
                 inc->affected_persons == 1 ? "person" : "persons");
    else
        snprintf(buf, n, "%s人", num);
    return buf;
}

/* What the data was on: a paper, a PC, an e-mail… when the category
 * says it; NULL (not known) otherwise. */
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
    /* Other categories do not say what the data was on: the record must
     * (nothing invented). */
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
            snprintf(line, sizeof(line), "%s %s: %s", datetime_of(d, e->at, t),
                     tr(d, "対応段階", "Phase"),
                     labelled(&taxonomy_phase, to, d->lang));
            json_decref(j);
            item(d, line);
        } else {
            /* Whole, however long: never cut into a fixed line; kizuki's
             * own lines in the document's language. */
            char *text = chron_sys_render(e->body, d->lang);
            item2(d, datetime_of(d, e->at, t), text ? text : e->body);
            xfree(text);
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
        json_t *all = items_to_json(&l);
        size_t i;
        json_t *x;
        json_array_foreach(all, i, x)
        {
            const char *kind = json_string_value(json_object_get(x, "kind"));
            const char *sent = json_string_value(json_object_get(x, "sent_at"));
            char date[TIMEFMT_LEN];
            if (kind != NULL && strcmp(kind, "press_release") == 0 &&
                iso_date_of(d, sent, date) != NULL) {
                snprintf(buf, n, "%s %s", tr(d, "公表済み", "Published"), date);
                out = buf;
            }
        }
        json_decref(all);
    }
    item_list_cleanup(&l);
    return out;
}

/* A label/value row whose value is setting 'key', or the "not set" mark
 * when the organisation has not given it. */
static void setting_row(struct draft *d, struct store *s, const char *label,
                        const char *key)
{
    char *v = app_setting(s, key, "");

    raw(d, "- **", "<p><strong>");
    md_escaped(d, label);
    html_escaped(d, label);
    raw(d, "**: ", "</strong>: ");
    const char *shown = v[0] ? v : tr(d, "【未設定】", "[not set]");
    md_escaped(d, shown);
    html_escaped(d, shown);
    raw(d, "\n", "</p>\n");
    xfree(v);
}

/* The reporting business, from the settings (規則8条: name, address,
 * representative; the person to contact and their telephone). */
static void business(struct draft *d, struct store *s)
{
    heading(d, 2, tr(d, "報告者", "Reporting business"));
    setting_row(d, s, tr(d, "名称", "Name"), "organisation_name");
    setting_row(d, s, tr(d, "代表者", "Representative"),
                "business_representative");
    setting_row(d, s, tr(d, "所在地", "Address"), "business_address");
    setting_row(d, s, tr(d, "担当者", "Contact person"),
                "business_contact_person");
    setting_row(d, s, tr(d, "電話番号", "Telephone"), "business_telephone");
    /* The business block is not one of the nine items. */
    d->section = NULL;
    d->section_unknown = false;
}

/* One dated line of the course of events. */
struct fact {
    kz_time at;
    char text[640];
};

#define FACTS_MAX 64

static void fact_add(struct fact *f, size_t *n, kz_time at, const char *text)
{
    if (at == KZ_TIME_NONE || *n >= FACTS_MAX)
        return;
    f[*n].at = at;
    snprintf(f[*n].text, sizeof(f[*n].text), "%s", text);
    (*n)++;
}

/* The filings and notices made, from the duties and the disclosure log,
 * as dated facts. */
static void made(const struct draft *d, struct store *s,
                 const struct incident *inc, const struct duties *du,
                 struct fact *f, size_t *n)
{
    char line[640];
    struct item_list l = {0};

    for (size_t i = 0; i < du->n; i++) {
        const struct obligation_filing *fl = du->items[i].filing;
        char key[96];
        if (fl == NULL || fl->not_applicable)
            continue;
        snprintf(key, sizeof(key), "obl.%s", du->items[i].key);
        snprintf(line, sizeof(line), "%s%s", i18n_text(key, d->lang),
                 tr(d, "を実施", ": made"));
        fact_add(f, n, fl->filed_at, line);
    }
    if (store_item_list(s, inc->id, ITEM_DISCLOSURE, &l) == KZ_OK) {
        json_t *all = items_to_json(&l);
        size_t i;
        json_t *x;
        json_array_foreach(all, i, x)
        {
            const char *kind = json_string_value(json_object_get(x, "kind"));
            const char *to = json_string_value(json_object_get(x, "audience"));
            const char *sent = json_string_value(json_object_get(x, "sent_at"));
            kz_time at;
            if (kind == NULL || sent == NULL ||
                timefmt_parse(sent, &at) != KZ_OK)
                continue;
            snprintf(line, sizeof(line), "%s%s%s%s",
                     labelled(&taxonomy_disclosure_kind, kind, d->lang),
                     to ? tr(d, "（宛先: ", " (to: ") : "", to ? to : "",
                     to ? tr(d, "）", ")") : "");
            fact_add(f, n, at, line);
        }
        json_decref(all);
    }
    item_list_cleanup(&l);
}

/* 事実経過 of the APPI report: what happened and what was done, from the
 * facts of the record, oldest first.  Never the chronology's internal
 * lines (tasks created, reminders, phase names). */
static void facts_course(struct draft *d, struct store *s,
                         const struct incident *inc, const struct duties *du)
{
    struct fact *f = xcalloc(FACTS_MAX, sizeof(*f));
    size_t n = 0;
    char line[640];
    char t[TIMEFMT_LEN];

    fact_add(f, &n, inc->occurred_at,
             tr(d, "事案が発生",
                "The incident"
                " occurred"));
    if (inc->discoverer != NULL && inc->discoverer[0] != '\0') {
        snprintf(line, sizeof(line), "%s%s", tr(d, "", "Discovered by "),
                 inc->discoverer);
        if (d->lang != LANG_EN) {
            size_t k = strlen(line);
            snprintf(line + k, sizeof(line) - k, "%s", "が発見");
        }
        fact_add(f, &n, inc->discovered_at, line);
    } else {
        fact_add(f, &n, inc->discovered_at, tr(d, "発見", "Discovered"));
    }
    if (inc->aware_at != KZ_TIME_NONE && inc->aware_at != inc->discovered_at)
        fact_add(f, &n, inc->aware_at,
                 tr(d, "当社が事態を把握", "The organisation became aware"));
    fact_add(f, &n, inc->phase_times[PHASE_CONTAINMENT],
             tr(d, "被害の拡大を防ぐ措置（封じ込め）を開始",
                "Measures to stop the spread (containment) began"));
    made(d, s, inc, du, f, &n);
    /* And the entries people marked for the report when they wrote them,
     * each whole however long, merged with the facts by time below. */
    struct chron_list l = {0};
    if (store_chron_list(s, inc->id, &l) != KZ_OK)
        l.n = 0;
    /* Oldest first; equal times keep the order above. */
    for (size_t i = 1; i < n; i++) {
        struct fact x = f[i];
        size_t k = i;
        for (; k > 0 && f[k - 1].at > x.at; k--)
            f[k] = f[k - 1];
        f[k] = x;
    }
    size_t marked = 0;
    for (size_t i = 0; i < l.n; i++)
        marked +=
            l.items[i].for_report && entry_kind_is_manual(l.items[i].kind);
    if (n + marked == 0)
        para(d, unknown(d));
    raw(d, NULL, n + marked ? "<ul>\n" : NULL);
    /* Merge the facts and the marked entries by time, facts first. */
    size_t i = 0;
    size_t k = 0;
    while (i < n || k < l.n) {
        const struct chron_entry *e = k < l.n ? &l.items[k] : NULL;
        if (e != NULL && !(e->for_report && entry_kind_is_manual(e->kind))) {
            k++;
            continue;
        }
        if (e == NULL || (i < n && f[i].at <= e->at)) {
            item2(d, datetime_of(d, f[i].at, t), f[i].text);
            i++;
        } else {
            item2(d, datetime_of(d, e->at, t), e->body);
            k++;
        }
    }
    raw(d, NULL, n + marked ? "</ul>\n" : NULL);
    chron_list_cleanup(&l);
    xfree(f);
}

/* Item 6: the notices and contacts recorded, each with its date and how
 * it was made. */
static void persons_response(struct draft *d, struct store *s,
                             const struct incident *inc,
                             const struct duties *du)
{
    static const char *const contacts[] = {"call", "letter", "visit",
                                           "compensation", "inquiry"};
    struct item_list l = {0};
    char line[800];
    char date[TIMEFMT_LEN];
    bool any = false;

    const char *notice = NULL;
    for (size_t i = 0; i < du->n; i++) {
        if (strcmp(du->items[i].key, "appi_individuals") == 0 &&
            du->items[i].filing != NULL && !du->items[i].filing->not_applicable)
            notice = tr(d, "本人への通知（または代替措置）を実施済み",
                        "Persons notified (or an alternative measure taken)");
    }
    row(d, tr(d, "本人への通知", "Notice to persons"), notice);
    raw(d, NULL, "<ul>\n");
    for (int pass = 0; pass < 2; pass++) {
        enum item_kind k = pass ? ITEM_AFTERCARE : ITEM_DISCLOSURE;
        if (store_item_list(s, inc->id, k, &l) != KZ_OK) {
            item_list_cleanup(&l);
            continue;
        }
        json_t *all = items_to_json(&l);
        size_t i;
        json_t *x;
        json_array_foreach(all, i, x)
        {
            const char *kind = json_string_value(json_object_get(x, "kind"));
            const char *sent = json_string_value(json_object_get(x, "sent_at"));
            bool wanted = false;
            if (kind == NULL)
                continue;
            if (pass == 0) {
                wanted = strcmp(kind, "customer_notice") == 0;
            } else {
                for (size_t c = 0; c < sizeof(contacts) / sizeof(*contacts);
                     c++)
                    wanted = wanted || strcmp(kind, contacts[c]) == 0;
            }
            if (!wanted)
                continue;
            const struct taxonomy *tx =
                pass ? &taxonomy_aftercare_kind : &taxonomy_disclosure_kind;
            const char *to = json_string_value(
                json_object_get(x, pass ? "party" : "audience"));
            json_t *count = json_object_get(x, "count");
            char num[32] = "";
            if (json_is_integer(count))
                snprintf(num, sizeof(num), "%s%s",
                         numfmt_grouped(json_integer_value(count), line,
                                        sizeof(line)),
                         tr(d, "人", " persons"));
            snprintf(line, sizeof(line), "%s%s%s%s%s%s",
                     labelled(tx, kind, d->lang),
                     to ? tr(d, "（宛先: ", " (to: ") : "", to ? to : "",
                     to ? tr(d, "）", ")") : "", num[0] ? " " : "", num);
            const char *on = iso_date_of(d, sent, date);
            item2(d, on ? on : unknown(d), line);
            any = true;
        }
        json_decref(all);
        item_list_cleanup(&l);
    }
    if (!any)
        item(d, tr(d, "記録された本人への連絡はありません【未確定】",
                   "No contact with the persons recorded [not yet known]"));
    raw(d, NULL, "</ul>\n");
}

static void appi_report(struct draft *d, struct store *s,
                        const struct incident *inc, const struct duties *du,
                        bool final)
{
    char t1[TIMEFMT_LEN];
    char t2[TIMEFMT_LEN];
    char buf[4096];

    heading(d, 1,
            final ? tr(d, "個人データの漏えい等の報告【確報】（下書き）",
                       "Report of a personal data breach: final (draft)")
                  : tr(d, "個人データの漏えい等の報告【速報】（下書き）",
                       "Report of a personal data breach: preliminary "
                       "(draft)"));
    para(d, tr(d,
               "個人情報保護法第26条・規則第8条の報告事項に沿った下書きです。"
               "【未確定】の項目は確認のうえ記入してください。",
               "A draft following the items of APPI art. 26 and rule 8. "
               "Fill in the items marked [not yet known] once confirmed."));
    row(d, tr(d, "参照番号", "Reference"), inc->ref);
    business(d, s);
    heading(d, 2, tr(d, "1 概要", "1 Summary"));
    row(d, tr(d, "発生日", "Occurred"), date_of(d, inc->occurred_at, t1));
    row(d, tr(d, "発覚日", "Discovered"),
        date_of(d, incident_aware_at(inc), t2));
    row(d, tr(d, "発生事案", "What happened"), inc->title);
    if (inc->description != NULL)
        para(d, inc->description);
    const char *kinds =
        labels(d, &taxonomy_leak_kind, &inc->leak_kinds, buf, sizeof(buf));
    if (kinds != NULL && inc->possible_leak) {
        size_t k = strlen(buf);
        snprintf(buf + k, sizeof(buf) - k, "%s",
                 tr(d, "（のおそれ）", " (possible)"));
    }
    row(d, tr(d, "漏えい・滅失・毀損の別", "Leak, loss or damage"), kinds);
    row(d, tr(d, "発見者", "Discovered by"), inc->discoverer);
    heading(d, 3, tr(d, "該当する事態", "Reportable situation"));
    raw(d, NULL, "<ul>\n");
    triggers(d, du);
    raw(d, NULL, "</ul>\n");
    row(d, tr(d, "委託元・委託先の関与", "Entruster or entrustee involved"),
        contractor_involved(inc) ? tr(d, "あり（委託先）", "Yes (entrustee)")
                                 : NULL);
    heading(d, 3, tr(d, "事実経過", "Course of events"));
    facts_course(d, s, inc, du);
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
    persons_response(d, s, inc, du);
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
    /* SPEC C9: a 速報 reports what is known and says what the 確報 will
     * add; a 確報 says what is still open. */
    section_end(d);
    heading(d, 2,
            final ? tr(d, "未確定の事項", "Items still open")
                  : tr(d, "確報で報告する事項", "Items for the final report"));
    d->section = NULL;
    if (d->open[0] != '\0') {
        snprintf(
            buf, sizeof(buf), "%s%s",
            final ? tr(d, "次の事項は未確定です。判明しだい追って報告します: ",
                       "These items are not yet known and will follow "
                       "as soon as they are: ")
                  : tr(d, "次の事項は調査中のため、確報で報告します: ",
                       "These items are under investigation and will be "
                       "in the final report: "),
            d->open);
        para(d, buf);
    } else {
        para(d, tr(d, "すべての事項が記録から記入されています。",
                   "Every item is filled in from the record."));
    }
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
    row(d, tr(d, "発覚した日", "Found on"),
        date_of(d, incident_aware_at(inc), t));
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
    row(d, tr(d, "発覚日", "Found on"), date_of(d, incident_aware_at(inc), t));
    row(d, tr(d, "事案", "What happened"), inc->title);
    heading(d, 2, tr(d, "2 対象となる情報と人数", "2 Information and persons"));
    row(d, tr(d, "項目", "Items"), info_types(d, inc, buf, sizeof(buf)));
    row(d, tr(d, "人数", "Persons"), persons(d, inc, buf, sizeof(buf)));
    heading(d, 2, tr(d, "3 原因", "3 Cause"));
    row(d, tr(d, "原因", "Cause"), inc->direct_cause);
    heading(d, 2, tr(d, "4 対応状況", "4 What we have done"));
    /* The public is told where the response stands, not kizuki's internal
     * phase names. */
    row(d, tr(d, "現在の状況", "Current status"),
        inc->phase == PHASE_REVIEW || inc->phase == PHASE_CLOSED
            ? tr(d, "対応は完了しています", "Our response is complete")
            : tr(d, "対応を継続しています", "We are still responding"));
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
    row(d, tr(d, "発生日時", "Occurred"), datetime_of(d, inc->occurred_at, t));
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

/* The style of the printable HTML: an A4 document whose numbered items
 * are not split across pages when they fit on one. */
static const char print_css[] =
    "@page{size:A4;margin:20mm 18mm}"
    "body{font-family:\"Hiragino Mincho ProN\",\"Yu Mincho\",\"IPAexMincho\","
    "\"Noto Serif CJK JP\",serif;font-size:10.5pt;line-height:1.7;"
    "color:#000;background:#fff;max-width:174mm;margin:0 auto}"
    "h1{font-size:16pt;text-align:center;margin:0 0 1.2em}"
    "h2{font-size:12pt;border-bottom:1px solid #000;margin:1.4em 0 .5em;"
    "break-after:avoid}"
    "h3{font-size:11pt;margin:.8em 0 .3em;break-after:avoid}"
    "section{break-inside:avoid;page-break-inside:avoid}"
    "p{margin:.25em 0}ul{margin:.25em 0 .25em 1.5em;padding:0}"
    "li{break-inside:avoid}"
    "@media screen{body{padding:12mm}}";

/*
 * The Content-Security-Policy of a printable HTML draft (OUT: out[n], at
 * least DRAFT_CSP_LEN): nothing may run or load, and the one inline style
 * is allowed by its hash alone, so text in the record can never add one.
 */
void app_draft_csp(char *out, size_t n)
{
    unsigned char hash[crypto_hash_sha256_BYTES];
    char b64[sodium_base64_ENCODED_LEN(crypto_hash_sha256_BYTES,
                                       sodium_base64_VARIANT_ORIGINAL)];

    crypto_hash_sha256(hash, (const unsigned char *)print_css,
                       sizeof(print_css) - 1);
    sodium_bin2base64(b64, sizeof(b64), hash, sizeof(hash),
                      sodium_base64_VARIANT_ORIGINAL);
    snprintf(out, n,
             "default-src 'none'; style-src 'sha256-%s'; "
             "frame-ancestors 'none'",
             b64);
}

/* app_draft_staged for the 速報 (see below). */
enum kz_err app_draft(struct store *s, const struct app_ctx *ctx,
                      const char *ref, const char *name, enum lang lang,
                      bool html, char **text)
{
    return app_draft_staged(s, ctx, ref, name, lang, false, html, text);
}

/*
 * Draft 'name' of 'ref' in 'lang' (OUT: *text, caller frees, NULL on
 * failure); 'final' makes the APPI report a 確報 rather than a 速報 (the
 * other drafts ignore it); 'html' chooses the printable page over
 * Markdown.  KZ_ENOTFOUND for an unknown draft, or an incident the caller
 * may not read; KZ_ESTORE when the store fails or the text grows past its
 * cap.
 */
enum kz_err app_draft_staged(struct store *s, const struct app_ctx *ctx,
                             const char *ref, const char *name, enum lang lang,
                             bool final, bool html, char **text)
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
    raw(&d, NULL, "</title><style>");
    raw(&d, NULL, print_css);
    raw(&d, NULL, "</style></head>\n<body>\n");
    if (strcmp(name, "appi_report") == 0)
        appi_report(&d, s, &inc, &du, final);
    else if (strcmp(name, "individual_notice") == 0)
        individual_notice(&d, s, &inc);
    else if (strcmp(name, "press_release") == 0)
        press_release(&d, s, &inc);
    else
        incident_report(&d, s, &inc);
    if (d.html_section)
        raw(&d, NULL, "</section>\n");
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
