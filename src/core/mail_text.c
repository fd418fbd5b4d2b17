/* SPDX-License-Identifier: MIT */
/*
 * mail_text.c - references in subjects, quoted replies and HTML bodies
 * (see mail_text.h).  Pure string work: no I/O, no allocation other than
 * util/mem.h.
 */
#include "core/mail_text.h"

#include <string.h>

#include "core/ref.h"
#include "util/mem.h"

/* A growable string; xmalloc aborts on exhaustion, so no errors. */
struct out {
    char *p;
    size_t n, cap;
};

static void put(struct out *o, const char *s, size_t n)
{
    if (o->n + n + 1 > o->cap) {
        size_t cap = o->cap ? o->cap : 64;
        while (cap < o->n + n + 1)
            cap *= 2;
        o->p = xrealloc(o->p, cap);
        o->cap = cap;
    }
    memcpy(o->p + o->n, s, n);
    o->n += n;
    o->p[o->n] = '\0';
}

static char *take(struct out *o)
{
    return o->p != NULL ? o->p : xstrdup("");
}

/* --- references ------------------------------------------------------------
 */

bool mail_text_find_ref(const char *subject, char *out, size_t size)
{
    static const struct {
        const char *open, *close;
    } brackets[] = {{"[", "]"}, {"［", "］"}, {"【", "】"}};

    for (const char *p = subject; p != NULL && *p != '\0'; p++) {
        for (size_t b = 0; b < sizeof(brackets) / sizeof(brackets[0]); b++) {
            size_t ol = strlen(brackets[b].open);
            if (strncmp(p, brackets[b].open, ol) != 0)
                continue;
            const char *start = p + ol;
            const char *end = strstr(start, brackets[b].close);
            char ref[24];
            size_t n = end ? (size_t)(end - start) : 0;
            if (end == NULL || n == 0 || n >= sizeof(ref))
                continue;
            memcpy(ref, start, n);
            ref[n] = '\0';
            if (ref_parse(ref, NULL, NULL) && n < size) {
                memcpy(out, ref, n + 1);
                return true;
            }
        }
    }
    return false;
}

/* --- replies ---------------------------------------------------------------
 */

static bool starts_with(const char *s, size_t n, const char *prefix)
{
    size_t k = strlen(prefix);

    return n >= k && memcmp(s, prefix, k) == 0;
}

static bool ends_with(const char *s, size_t n, const char *suffix)
{
    size_t k = strlen(suffix);

    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    return n >= k && memcmp(s + n - k, suffix, k) == 0;
}

static bool is_quote(const char *s, size_t n)
{
    while (n > 0 && (*s == ' ' || *s == '\t')) {
        s++;
        n--;
    }
    return n > 0 && (*s == '>' || starts_with(s, n, "＞"));
}

/* The next line of 'p' (length without the LF in *len); NULL at the end. */
static const char *next_line(const char *p, size_t *len)
{
    if (*p == '\0')
        return NULL;
    const char *nl = strchr(p, '\n');
    *len = nl ? (size_t)(nl - p) : strlen(p);
    return p;
}

/* Whether the lines from 'p' on start with a quote, a header block of
 * the original ("From:", "差出人:") or are all blank until one. */
static bool quote_follows(const char *p)
{
    size_t n;

    for (const char *l = next_line(p, &n); l != NULL;
         l = next_line(l + n + (l[n] == '\n'), &n)) {
        if (n == 0 || (n == 1 && l[0] == '\r'))
            continue;
        return is_quote(l, n) || starts_with(l, n, "From:") ||
               starts_with(l, n, "差出人");
    }
    return false;
}

/* Whether line 'l' starts what the reply quotes (see mail_text.h). */
static bool is_attribution(const char *l, size_t n, const char *rest)
{
    static const char *const rules[] = {
        "-----Original Message-----", "----- Original Message -----",
        "-----元のメッセージ-----", "________________________________", NULL};
    static const char *const tails[] = {"wrote:",        "wrote：",
                                        "書きました:",   "書きました：",
                                        "のメッセージ:", NULL};

    for (size_t i = 0; rules[i] != NULL; i++)
        if (starts_with(l, n, rules[i]))
            return i < 3 || quote_follows(rest);
    for (size_t i = 0; tails[i] != NULL; i++)
        if (ends_with(l, n, tails[i]) && quote_follows(rest))
            return true;
    /* Mailers in Japanese mostly write the date and the address and a
     * colon: "2026年12月7日(月) 10:30 CSIRT <csirt@example.jp>:". */
    return memchr(l, '@', n) != NULL &&
           (ends_with(l, n, ":") || ends_with(l, n, "：")) &&
           quote_follows(rest);
}

char *mail_text_trim_quoted(const char *body, bool *trimmed)
{
    struct out o = {0};
    size_t n = 0, kept_end = 0;
    bool blank_only = true;

    *trimmed = false;
    for (const char *l = next_line(body, &n); l != NULL;) {
        const char *rest = l + n + (l[n] == '\n');
        if (is_attribution(l, n, rest)) {
            *trimmed = true;
            break;
        }
        if (is_quote(l, n)) {
            *trimmed = true;
        } else {
            put(&o, l, n);
            put(&o, "\n", 1);
            for (size_t i = 0; i < n; i++)
                if (l[i] != ' ' && l[i] != '\t' && l[i] != '\r') {
                    blank_only = false;
                    kept_end = o.n;
                    break;
                }
        }
        l = next_line(rest, &n);
    }
    if (blank_only) {
        xfree(o.p);
        *trimmed = false;
        return xstrdup(body);
    }
    /* Trailing blank lines, and the newline of the last line. */
    o.p[kept_end > 0 ? kept_end - 1 : 0] = '\0';
    return o.p;
}

/* --- HTML ------------------------------------------------------------------
 */

static bool name_is(const char *tag, size_t n, const char *name)
{
    size_t k = strlen(name);

    if (n < k)
        return false;
    for (size_t i = 0; i < k; i++) {
        char c = tag[i];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        if (c != name[i])
            return false;
    }
    return n == k;
}

/* Append code point 'c' as UTF-8; U+FFFD for what is not a character or
 * is a control other than tab and line feed. */
static void put_code_point(struct out *o, unsigned long c)
{
    char b[4];

    if ((c < 0x20 && c != '\t' && c != '\n') || (c >= 0x7F && c < 0xA0) ||
        (c >= 0xD800 && c <= 0xDFFF) || c > 0x10FFFF ||
        (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069))
        c = 0xFFFD;
    if (c < 0x80) {
        b[0] = (char)c;
        put(o, b, 1);
    } else if (c < 0x800) {
        b[0] = (char)(0xC0 | (c >> 6));
        b[1] = (char)(0x80 | (c & 0x3F));
        put(o, b, 2);
    } else if (c < 0x10000) {
        b[0] = (char)(0xE0 | (c >> 12));
        b[1] = (char)(0x80 | ((c >> 6) & 0x3F));
        b[2] = (char)(0x80 | (c & 0x3F));
        put(o, b, 3);
    } else {
        b[0] = (char)(0xF0 | (c >> 18));
        b[1] = (char)(0x80 | ((c >> 12) & 0x3F));
        b[2] = (char)(0x80 | ((c >> 6) & 0x3F));
        b[3] = (char)(0x80 | (c & 0x3F));
        put(o, b, 4);
    }
}

/* Decode the entity at 'p' ('&' …) into 'o'; returns the bytes read. */
static size_t entity(const char *p, struct out *o)
{
    static const struct {
        const char *name;
        unsigned long c;
    } named[] = {{"amp", '&'},      {"lt", '<'},      {"gt", '>'},
                 {"quot", '"'},     {"apos", '\''},   {"nbsp", ' '},
                 {"copy", 0xA9},    {"yen", 0xA5},    {"hellip", 0x2026},
                 {"mdash", 0x2014}, {"ndash", 0x2013}};
    const char *semi = p + 1;

    while (*semi != '\0' && *semi != ';' && semi - p < 12)
        semi++;
    if (*semi != ';') {
        put(o, "&", 1);
        return 1;
    }
    size_t n = (size_t)(semi - p - 1);
    if (n >= 2 && p[1] == '#') {
        unsigned long c = 0;
        bool hex = p[2] == 'x' || p[2] == 'X';
        size_t digits = 0;
        for (const char *d = p + (hex ? 3 : 2); d < semi; d++, digits++) {
            int v = -1;
            if (*d >= '0' && *d <= '9')
                v = *d - '0';
            else if (hex && *d >= 'a' && *d <= 'f')
                v = *d - 'a' + 10;
            else if (hex && *d >= 'A' && *d <= 'F')
                v = *d - 'A' + 10;
            if (v < 0 || c > 0x10FFFF) {
                c = 0x110000;
                break;
            }
            c = c * (hex ? 16 : 10) + (unsigned long)v;
        }
        put_code_point(o, digits == 0 ? 0xFFFD : c);
        return n + 2;
    }
    for (size_t i = 0; i < sizeof(named) / sizeof(named[0]); i++)
        if (n == strlen(named[i].name) &&
            memcmp(p + 1, named[i].name, n) == 0) {
            put_code_point(o, named[i].c);
            return n + 2;
        }
    put(o, "&", 1);
    return 1;
}

/* The element whose content is not text: skip to its end tag. */
static const char *skip_element(const char *p, const char *name)
{
    size_t k = strlen(name);

    for (; *p != '\0'; p++) {
        if (p[0] == '<' && p[1] == '/') {
            const char *q = p + 2;
            size_t n = 0;
            while (q[n] != '\0' && q[n] != '>' && q[n] != ' ' && n <= k)
                n++;
            if (name_is(q, n, name)) {
                const char *gt = strchr(q, '>');
                return gt ? gt + 1 : q + n;
            }
        }
    }
    return p;
}

/* Line breaks before and after block elements, tabs between cells. */
static void tag_break(struct out *o, const char *name, size_t n, bool end)
{
    static const char *const blocks[] = {
        "p",  "div", "tr",      "table",   "h1",         "h2",     "h3", "h4",
        "h5", "h6",  "ul",      "ol",      "blockquote", "pre",    "hr", "dl",
        "dt", "dd",  "section", "article", "header",     "footer", NULL};

    if (name_is(name, n, "br")) {
        put(o, "\n", 1);
        return;
    }
    if (!end && name_is(name, n, "li")) {
        put(o, "\n- ", 3);
        return;
    }
    if (name_is(name, n, "td") || name_is(name, n, "th")) {
        if (end)
            put(o, " ", 1);
        return;
    }
    for (size_t i = 0; blocks[i] != NULL; i++)
        if (name_is(name, n, blocks[i])) {
            put(o, "\n", 1);
            return;
        }
}

/* Collapse blanks (spaces, tabs, the source's line breaks) as a browser
 * would, keep the breaks the tags made, at most one empty line in a row,
 * no blanks at the ends of lines. */
static char *tidy(const char *raw)
{
    struct out o = {0};
    int newlines = 2; /* drops leading breaks */
    bool space = false;

    for (const char *p = raw; *p != '\0'; p++) {
        if (*p == '\n') {
            space = false;
            if (newlines < 2)
                put(&o, "\n", 1);
            newlines++;
        } else if (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\f') {
            space = newlines == 0;
        } else {
            if (space)
                put(&o, " ", 1);
            space = false;
            newlines = 0;
            put(&o, p, 1);
        }
    }
    while (o.n > 0 && o.p[o.n - 1] == '\n')
        o.p[--o.n] = '\0';
    return take(&o);
}

char *mail_html_to_text(const char *html)
{
    struct out o = {0};
    const char *p = html;

    while (*p != '\0') {
        if (*p == '&') {
            p += entity(p, &o);
            continue;
        }
        if (*p == '\n' || *p == '\r') {
            put(&o, " ", 1); /* source line breaks are blanks in HTML */
            p++;
            continue;
        }
        if (*p != '<') {
            put(&o, p, 1);
            p++;
            continue;
        }
        if (strncmp(p, "<!--", 4) == 0) {
            const char *e = strstr(p + 4, "-->");
            p = e ? e + 3 : p + strlen(p);
            continue;
        }
        const char *q = p + 1;
        bool letter = (*q >= 'a' && *q <= 'z') || (*q >= 'A' && *q <= 'Z');
        if (!letter && *q != '/' && *q != '!') {
            put(&o, "<", 1); /* "a < b": a browser shows it as text */
            p++;
            continue;
        }
        bool end = *q == '/';
        q += end;
        size_t n = 0;
        while (q[n] != '\0' && q[n] != '>' && q[n] != ' ' && q[n] != '/' &&
               q[n] != '\t' && q[n] != '\n' && q[n] != '\r')
            n++;
        const char *gt = strchr(q, '>');
        if (gt == NULL)
            break; /* an unclosed tag at the end: nothing of it is text */
        p = gt + 1;
        if (!end && (name_is(q, n, "script") || name_is(q, n, "style") ||
                     name_is(q, n, "head") || name_is(q, n, "title"))) {
            char name[8];
            memcpy(name, q, n);
            name[n] = '\0';
            for (size_t i = 0; i < n; i++)
                if (name[i] >= 'A' && name[i] <= 'Z')
                    name[i] = (char)(name[i] - 'A' + 'a');
            p = skip_element(p, name);
            continue;
        }
        tag_break(&o, q, n, end);
    }
    char *raw = take(&o);
    char *text = tidy(raw);
    xfree(raw);
    return text;
}
