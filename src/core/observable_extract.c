/* SPDX-License-Identifier: MIT */
/*
 * observable_extract.c - candidates for observables found in pasted
 * text (see obs_extract in observable.h).
 *
 * Nothing found here is stored: a person ticks what is an indicator.  So
 * the rules lean towards finding too much in the body of a text, and
 * towards finding only what identifies the sender in mail headers, where
 * the receiving side's own servers would otherwise drown the rest.
 */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "core/observable.h"
#include "util/mem.h"

/* What may be taken from one stretch of text. */
enum {
    EX_URL = 1 << 0,
    EX_EMAIL = 1 << 1,    /* addresses and their domains */
    EX_MSGID = 1 << 2,    /* only the domain after '@' */
    EX_IP = 1 << 3,       /* IPv4, IPv6 */
    EX_HASH = 1 << 4,     /* MD5, SHA-1, SHA-256 */
    EX_DOMAIN = 1 << 5,   /* also CIDR */
    EX_FILENAME = 1 << 6, /* names with a telling extension */
    EX_BODY = EX_URL | EX_EMAIL | EX_IP | EX_HASH | EX_DOMAIN | EX_FILENAME,
};

/* Extensions that make "invoice.exe" a file name rather than a domain:
 * executables, scripts, documents and archives that carry malware. */
static const char *const file_exts[] = {
    "exe", "dll",  "scr", "bat", "cmd", "com",  "ps1",  "vbs", "vbe",  "js",
    "jse", "wsf",  "hta", "lnk", "msi", "jar",  "iso",  "img", "zip",  "rar",
    "7z",  "gz",   "tgz", "cab", "doc", "docx", "docm", "xls", "xlsx", "xlsm",
    "ppt", "pptx", "pdf", "rtf", "one", "html", "htm",  "eml", "msg",  "txt",
    "csv", "py",   "sh",  "elf", "apk", "dmg",  "pif",  "reg", "chm",
};

/* Headers whose values identify the sender of a mail. */
static const struct {
    const char *name;
    unsigned what;
} mail_headers[] = {
    {"received", EX_IP},       {"x-originating-ip", EX_IP},
    {"x-sender-ip", EX_IP},    {"from", EX_EMAIL},
    {"sender", EX_EMAIL},      {"reply-to", EX_EMAIL},
    {"return-path", EX_EMAIL}, {"message-id", EX_MSGID},
};

static void add(struct obs_candidate_list *out, enum obs_type t,
                const char *word)
{
    char *v = NULL;
    char *d = NULL;
    const char *why = NULL;

    if (out->n >= OBS_EXTRACT_MAX)
        return;
    if (obs_normalise(t, word, &v, &d, &why) != KZ_OK)
        return;
    for (size_t i = 0; i < out->n; i++) {
        if (out->items[i].type == t && strcmp(out->items[i].value, v) == 0) {
            xfree(v);
            xfree(d);
            return;
        }
    }
    out->items = xrealloc(out->items, (out->n + 1) * sizeof(*out->items));
    out->items[out->n].type = t;
    out->items[out->n].value = v;
    out->items[out->n].display = d;
    out->n++;
}

static bool is_url_char(unsigned char c)
{
    return c > 0x20 && c < 0x7F && strchr("<>\"'`{}|\\^", c) == NULL;
}

static bool is_word_char(unsigned char c)
{
    return isalnum(c) || strchr("._-@:+/%", c) != NULL;
}

/* Take every "scheme://…" of s[0..n) and blank it out, so that the word
 * pass does not find its pieces again.  The host is offered too: a
 * domain or address is what other incidents share most often. */
static void take_urls(char *s, size_t n, struct obs_candidate_list *out)
{
    for (size_t i = 0; i + 3 <= n; i++) {
        if (memcmp(s + i, "://", 3) != 0)
            continue;
        size_t b = i;
        while (b > 0 && (isalnum((unsigned char)s[b - 1]) || s[b - 1] == '+' ||
                         s[b - 1] == '-' || s[b - 1] == '.'))
            b--;
        while (b < i && !isalpha((unsigned char)s[b]))
            b++;
        size_t e = i + 3;
        while (e < n && is_url_char((unsigned char)s[e]))
            e++;
        /* Trailing punctuation belongs to the sentence. */
        while (e > i + 3 && strchr(".,;:!?)]", s[e - 1]) != NULL)
            e--;
        if (b == i || e == i + 3) {
            i = e;
            continue;
        }
        char *url = xstrndup(s + b, e - b);
        add(out, OBS_URL, url);
        /* The host alone: after "://" and any userinfo, up to a port,
         * path, query or fragment. */
        char *h = url + (i - b) + 3;
        h[strcspn(h, "/?#")] = '\0';
        char *at = strrchr(h, '@');
        if (at != NULL)
            h = at + 1;
        if (*h == '[') {
            char *close = strchr(h, ']');
            if (close != NULL) {
                *close = '\0';
                add(out, OBS_IPV6, h + 1);
            }
        } else {
            h[strcspn(h, ":")] = '\0';
            if (strspn(h, "0123456789.") == strlen(h))
                add(out, OBS_IPV4, h);
            else
                add(out, OBS_DOMAIN, h);
        }
        xfree(url);
        memset(s + b, ' ', e - b);
        i = e;
    }
}

static bool is_file_ext(const char *ext)
{
    for (size_t i = 0; i < sizeof(file_exts) / sizeof(file_exts[0]); i++) {
        if (strcasecmp(ext, file_exts[i]) == 0)
            return true;
    }
    return false;
}

/* Whether the last label of 'w' could be a top-level domain: letters
 * only (or punycode), two or more. */
static bool tld_like(const char *w)
{
    const char *dot = strrchr(w, '.');
    const char *p;

    if (dot == NULL || strlen(dot + 1) < 2)
        return false;
    if (strncasecmp(dot + 1, "xn--", 4) == 0)
        return true;
    for (p = dot + 1; *p != '\0'; p++) {
        if (!isalpha((unsigned char)*p))
            return false;
    }
    return true;
}

static void take_word(char *w, unsigned what, struct obs_candidate_list *out)
{
    size_t len = strlen(w);

    /* Sentence punctuation around a word is not part of it. */
    while (len > 0 && strchr(".,:;-/", w[len - 1]) != NULL &&
           !(len >= 2 && w[len - 1] == ':' && w[len - 2] == ':'))
        w[--len] = '\0';
    while (*w == '.' || *w == '-' || *w == '/') {
        w++;
        len--;
    }
    if (len < 3)
        return;
    char *at = strchr(w, '@');
    if (at != NULL) {
        if (what & EX_MSGID) {
            add(out, OBS_DOMAIN, strrchr(w, '@') + 1);
        } else if (what & EX_EMAIL) {
            add(out, OBS_EMAIL, w);
            add(out, OBS_DOMAIN, strrchr(w, '@') + 1);
        }
        return;
    }
    if (what & EX_MSGID)
        return;
    char *slash = strchr(w, '/');
    if (slash != NULL) {
        if (what & EX_DOMAIN) {
            size_t before = out->n;
            add(out, OBS_CIDR, w);
            if (out->n > before)
                return;
        }
        /* "path/to/evil.exe" or "a.example/b": each piece alone. */
        *slash = '\0';
        take_word(w, what, out);
        take_word(slash + 1, what, out);
        return;
    }
    size_t colons = 0;
    for (const char *p = w; *p != '\0'; p++)
        colons += *p == ':';
    if (colons >= 2) {
        if (what & EX_IP)
            add(out, OBS_IPV6, w);
        return;
    }
    if (strspn(w, "0123456789.:") == len && strchr(w, '.') != NULL) {
        /* "203.0.113.5:25": the port is not part of the address. */
        char *colon = strchr(w, ':');
        if (colon != NULL)
            *colon = '\0';
        if (what & EX_IP)
            add(out, OBS_IPV4, w);
        return;
    }
    if (colons > 0)
        return;
    if (strspn(w, "0123456789abcdefABCDEF") == len) {
        if ((what & EX_HASH) && len == 32)
            add(out, OBS_MD5, w);
        else if ((what & EX_HASH) && len == 40)
            add(out, OBS_SHA1, w);
        else if ((what & EX_HASH) && len == 64)
            add(out, OBS_SHA256, w);
        if (len == 32 || len == 40 || len == 64)
            return;
    }
    if (strchr(w, '.') == NULL || !tld_like(w))
        return;
    if (is_file_ext(strrchr(w, '.') + 1)) {
        if (what & EX_FILENAME)
            add(out, OBS_FILENAME, w);
    } else if (what & EX_DOMAIN) {
        add(out, OBS_DOMAIN, w);
    }
}

/* Everything of s[0..n) that 'what' allows. */
static void scan(char *s, size_t n, unsigned what,
                 struct obs_candidate_list *out)
{
    if (what & EX_URL)
        take_urls(s, n, out);
    for (size_t i = 0; i < n;) {
        if (!is_word_char((unsigned char)s[i])) {
            i++;
            continue;
        }
        size_t e = i;
        while (e < n && is_word_char((unsigned char)s[e]))
            e++;
        /* Words longer than any value are not values. */
        if (e - i <= 512) {
            char *w = xstrndup(s + i, e - i);
            take_word(w, what, out);
            xfree(w);
        }
        i = e;
    }
}

/* The length of the header name at 'line' ("Received" of "Received: …"),
 * 0 when the line is not a header field. */
static size_t header_name(const char *line, size_t n)
{
    size_t i = 0;

    while (i < n && (isalnum((unsigned char)line[i]) || line[i] == '-'))
        i++;
    return i > 0 && i < n && line[i] == ':' ? i : 0;
}

static unsigned header_what(const char *line, size_t name_len)
{
    for (size_t k = 0; k < sizeof(mail_headers) / sizeof(mail_headers[0]);
         k++) {
        if (strlen(mail_headers[k].name) == name_len &&
            strncasecmp(line, mail_headers[k].name, name_len) == 0)
            return mail_headers[k].what;
    }
    return 0;
}

/* The end of the line starting at 'p' (its '\n' or the end). */
static const char *line_end(const char *p)
{
    const char *nl = strchr(p, '\n');

    return nl != NULL ? nl : p + strlen(p);
}

static bool blank_line(const char *p, const char *e)
{
    for (; p < e; p++) {
        if (!isspace((unsigned char)*p))
            return false;
    }
    return true;
}

/*
 * Whether the text opens with a block of mail headers: its first line
 * is a header field and the block (up to the first blank line) holds one
 * of the headers that identify a sender.
 */
static bool opens_with_headers(const char *t)
{
    const char *p = t;

    if (header_name(p, (size_t)(line_end(p) - p)) == 0)
        return false;
    while (*p != '\0') {
        const char *e = line_end(p);
        if (blank_line(p, e))
            break;
        size_t nl = header_name(p, (size_t)(e - p));
        if (nl > 0 && header_what(p, nl) != 0)
            return true;
        p = *e ? e + 1 : e;
    }
    return false;
}

void obs_extract(const char *text, struct obs_candidate_list *out)
{
    out->items = NULL;
    out->n = 0;
    if (text == NULL)
        return;
    char *t = obs_refang(text);
    char *p = t;

    while (*p != '\0' && isspace((unsigned char)*p))
        p++;
    if (opens_with_headers(p)) {
        unsigned what = 0;
        while (*p != '\0') {
            char *e = (char *)line_end(p);
            if (blank_line(p, e))
                break;
            size_t nl = header_name(p, (size_t)(e - p));
            /* A folded line continues the field above it. */
            if (nl > 0)
                what = header_what(p, nl);
            if (what != 0) {
                size_t from = nl > 0 ? nl + 1 : 0;
                scan(p + from, (size_t)(e - p) - from, what, out);
            }
            p = *e ? e + 1 : e;
        }
    }
    scan(p, strlen(p), EX_BODY, out);
    xfree(t);
}
