/* SPDX-License-Identifier: MIT */
/*
 * observable.c - the types of observables and the normalisation of one
 * value (see observable.h).  The extraction from pasted text lives in
 * observable_extract.c.
 *
 * Normal forms: IPv4 dotted quad without leading zeros; IPv6 as RFC 5952
 * writes it (lower case, longest zero run compressed, IPv4-mapped
 * addresses in dotted form); CIDR with the network address; domains in
 * lower-case ASCII (IDN as punycode, UTS #46 mapping, which also folds
 * full-width letters), without the trailing dot; URLs with the scheme
 * and host normalised and the default port dropped; e-mail addresses with
 * the domain normalised; hashes in lower-case hex; phone numbers as
 * digits with a leading + when one was given.
 */
#include "core/observable.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <idn2.h>
#include <stdio.h>
#include <string.h>

#include "util/mem.h"
#include "util/utf8.h"

static const char *const type_keys[OBS_TYPE_COUNT] = {
    "ipv4", "ipv6",   "cidr",     "domain",  "url",   "email", "md5",
    "sha1", "sha256", "filename", "account", "phone", "other",
};

/* The message of a value that does not parse, per type. */
static const char *const bad_keys[OBS_TYPE_COUNT] = {
    "obs.bad_ipv4",   "obs.bad_ipv6",  "obs.bad_cidr", "obs.bad_domain",
    "obs.bad_url",    "obs.bad_email", "obs.bad_md5",  "obs.bad_sha1",
    "obs.bad_sha256", "obs.bad_text",  "obs.bad_text", "obs.bad_phone",
    "obs.bad_text",
};

const char *obs_type_key(enum obs_type t)
{
    return (unsigned)t < OBS_TYPE_COUNT ? type_keys[t] : "other";
}

bool obs_type_from_key(const char *key, enum obs_type *out)
{
    for (int i = 0; key != NULL && i < OBS_TYPE_COUNT; i++) {
        if (strcmp(key, type_keys[i]) == 0) {
            *out = (enum obs_type)i;
            return true;
        }
    }
    return false;
}

void observable_init(struct observable *o)
{
    memset(o, 0, sizeof(*o));
    o->type = OBS_OTHER;
    o->tlp = TLP_AMBER;
}

void observable_cleanup(struct observable *o)
{
    xfree(o->value);
    xfree(o->display);
    xfree(o->note);
    xfree(o->created_by);
    observable_init(o);
}

void observable_copy(struct observable *dst, const struct observable *src)
{
    observable_cleanup(dst);
    *dst = *src;
    dst->value = src->value ? xstrdup(src->value) : NULL;
    dst->display = src->display ? xstrdup(src->display) : NULL;
    dst->note = src->note ? xstrdup(src->note) : NULL;
    dst->created_by = src->created_by ? xstrdup(src->created_by) : NULL;
}

/* ------------------------------------------------------------------ */
/* Refanging                                                           */

static bool starts_ci(const char *s, const char *prefix)
{
    for (; *prefix != '\0'; s++, prefix++) {
        if (tolower((unsigned char)*s) != tolower((unsigned char)*prefix))
            return false;
    }
    return true;
}

/* One pass of obs_refang. */
static char *refang_once(const char *in)
{
    static const struct {
        const char *from, *to;
    } subst[] = {
        {"[.]", "."}, {"(.)", "."},     {"{.}", "."},  {"[dot]", "."},
        {"[@]", "@"}, {"(@)", "@"},     {"[at]", "@"}, {"[:]", ":"},
        {"[/]", "/"}, {"[://]", "://"},
    };
    size_t n = strlen(in);
    /* Every substitution shortens or keeps the length. */
    char *out = xmalloc(n + 1);
    size_t o = 0;

    for (size_t i = 0; i < n;) {
        bool done = false;
        char c = in[i];
        /* Every defanging starts with one of these: the rest of the text
         * is copied without trying each pattern at each byte. */
        if (c != 'h' && c != 'H' && c != '[' && c != '(' && c != '{') {
            out[o++] = in[i++];
            continue;
        }
        /* "hxxp" only where a scheme may start, so "shxxp" stays. */
        bool word_start = i == 0 || !isalnum((unsigned char)in[i - 1]);
        if (word_start && starts_ci(in + i, "hxxp")) {
            memcpy(out + o, in[i] == 'H' ? "HTTP" : "http", 4);
            o += 4;
            i += 4;
            continue;
        }
        for (size_t k = 0; k < sizeof(subst) / sizeof(subst[0]) && !done; k++) {
            size_t len = strlen(subst[k].from);
            if (starts_ci(in + i, subst[k].from)) {
                size_t tl = strlen(subst[k].to);
                memcpy(out + o, subst[k].to, tl);
                o += tl;
                i += len;
                done = true;
            }
        }
        if (!done)
            out[o++] = in[i++];
    }
    out[o] = '\0';
    return out;
}

char *obs_refang(const char *in)
{
    char *out = refang_once(in);

    /* Until nothing changes: "[[.].]" refangs to "[.]", which must not
     * survive into a value, or normalising it again would change it.
     * Every pass that changes something shortens the text. */
    for (;;) {
        char *again = refang_once(out);
        bool same = strcmp(again, out) == 0;
        xfree(out);
        out = again;
        if (same)
            return out;
    }
}

/* ------------------------------------------------------------------ */
/* Helpers                                                             */

/* 'in' without leading and trailing ASCII white space and ideographic
 * spaces (OUT: caller frees). */
static char *trimmed(const char *in)
{
    const char *b = in;
    const char *e = in + strlen(in);

    for (;;) {
        if (b < e && isspace((unsigned char)*b))
            b++;
        else if (e - b >= 3 && memcmp(b, "\xE3\x80\x80", 3) == 0)
            b += 3;
        else
            break;
    }
    for (;;) {
        if (e > b && isspace((unsigned char)e[-1]))
            e--;
        else if (e - b >= 3 && memcmp(e - 3, "\xE3\x80\x80", 3) == 0)
            e -= 3;
        else
            break;
    }
    return xstrndup(b, (size_t)(e - b));
}

static void lower_ascii(char *s)
{
    for (; *s != '\0'; s++)
        *s = (char)tolower((unsigned char)*s);
}

/* Parse a strict dotted quad: four decimal numbers 0..255 without
 * leading zeros (01 is octal to some parsers and decimal to others, so
 * it names no one address). */
static bool parse_ipv4(const char *s, unsigned char out[4])
{
    for (int part = 0; part < 4; part++) {
        unsigned v = 0;
        int digits = 0;
        if (part > 0) {
            if (*s != '.')
                return false;
            s++;
        }
        while (isdigit((unsigned char)*s) && digits < 4) {
            v = v * 10 + (unsigned)(*s - '0');
            digits++;
            s++;
        }
        if (digits == 0 || digits > 3 || v > 255)
            return false;
        if (digits > 1 && s[-digits] == '0')
            return false;
        out[part] = (unsigned char)v;
    }
    return *s == '\0';
}

static void format_ipv4(const unsigned char a[4], char *buf, size_t n)
{
    snprintf(buf, n, "%u.%u.%u.%u", a[0], a[1], a[2], a[3]);
}

static bool parse_ipv6(const char *s, unsigned char out[16])
{
    /* inet_pton takes no zone index and refuses leading zeros in an
     * embedded IPv4 part; a bracketed address is not an address. */
    if (strlen(s) > 45 || strchr(s, ':') == NULL)
        return false;
    return inet_pton(AF_INET6, s, out) == 1;
}

/* RFC 5952 section 4: lower case, no leading zeros, the longest run of
 * two or more zero groups (the first of equal runs) as "::", and an
 * IPv4-mapped address with its IPv4 part dotted (section 5). */
static void format_ipv6(const unsigned char a[16], char *buf, size_t n)
{
    unsigned g[8];
    int best = -1;
    int best_len = 0;
    size_t o = 0;

    for (int i = 0; i < 8; i++)
        g[i] = (unsigned)a[2 * i] << 8 | a[2 * i + 1];
    bool mapped = g[0] == 0 && g[1] == 0 && g[2] == 0 && g[3] == 0 &&
                  g[4] == 0 && g[5] == 0xffff;
    int groups = mapped ? 6 : 8;
    for (int i = 0; i < groups;) {
        int len = 0;
        while (i + len < groups && g[i + len] == 0)
            len++;
        if (len > best_len) {
            best = i;
            best_len = len;
        }
        i += len > 0 ? len : 1;
    }
    if (best_len < 2)
        best = -1;
    buf[0] = '\0';
    for (int i = 0; i < groups && o < n; i++) {
        if (i == best) {
            o += (size_t)snprintf(buf + o, n - o, "::");
            i += best_len - 1;
            continue;
        }
        if (o > 0 && buf[o - 1] != ':')
            o += (size_t)snprintf(buf + o, n - o, ":");
        o += (size_t)snprintf(buf + o, n - o, "%x", g[i]);
    }
    if (mapped && o < n) {
        if (buf[o - 1] != ':')
            o += (size_t)snprintf(buf + o, n - o, ":");
        format_ipv4(a + 12, buf + o, n - o);
    }
}

/* Whether 's' is a plausible host name after IDNA: labels of 1..63
 * letters, digits, hyphens or underscores (service names such as
 * _dmarc), not starting or ending with a hyphen, 253 bytes at most.
 * 'need_dot': at least two labels, the last not all digits. */
static bool host_ok(const char *s, bool need_dot)
{
    size_t len = strlen(s);
    size_t label = 0;
    int labels = 1;
    bool last_numeric = true;

    if (len == 0 || len > 253)
        return false;
    for (size_t i = 0; i <= len; i++) {
        char c = s[i];
        if (c == '.' || c == '\0') {
            if (label == 0 || label > 63 || s[i - 1] == '-')
                return false;
            if (c == '.') {
                labels++;
                label = 0;
                last_numeric = true;
            }
            continue;
        }
        if (!(islower((unsigned char)c) || isdigit((unsigned char)c) ||
              c == '-' || c == '_'))
            return false;
        if (label == 0 && c == '-')
            return false;
        if (!isdigit((unsigned char)c))
            last_numeric = false;
        label++;
    }
    return !need_dot || (labels >= 2 && !last_numeric);
}

/* Whether 's' holds only ASCII letters, digits, '-', '_' and '.', and no
 * "xn--" (an A-label, which IDNA checks). */
static bool plain_ascii_host(const char *s)
{
    for (const char *p = s; *p != '\0'; p++) {
        unsigned char c = (unsigned char)*p;
        if (!(isalnum(c) || c == '-' || c == '_' || c == '.'))
            return false;
        if ((p == s || p[-1] == '.') && (c == 'x' || c == 'X') &&
            starts_ci(p, "xn--"))
            return false;
    }
    return true;
}

/*
 * Normalise the domain 'in' (trimmed, refanged): one trailing dot
 * dropped, IDNA2008 with the UTS #46 mapping (lower case, full-width
 * folded, non-transitional), then checked as a host name.  OUT: *value
 * (ASCII) and *display (Unicode), caller frees both.
 */
static bool norm_domain(const char *in, bool need_dot, char **value,
                        char **display)
{
    size_t len = strlen(in);
    char *ascii = NULL;
    char *copy;

    if (len == 0 || len > 1024 || !utf8_is_valid(in, len))
        return false;
    copy = xstrdup(in);
    if (len > 1 && copy[len - 1] == '.')
        copy[len - 1] = '\0';
    /* An ideographic full stop ends a Japanese sentence, not a name. */
    len = strlen(copy);
    if (len > 3 && memcmp(copy + len - 3, "\xE3\x80\x82", 3) == 0)
        copy[len - 3] = '\0';
    /* Letters, digits, hyphens, underscores and dots only, and no
     * A-label: IDNA maps such a name to its lower case and nothing else,
     * and an alert batch carries thousands of them. */
    if (plain_ascii_host(copy)) {
        lower_ascii(copy);
        if (!host_ok(copy, need_dot)) {
            xfree(copy);
            return false;
        }
        *display = xstrdup(copy);
        *value = copy;
        return true;
    }
    int rc = idn2_lookup_u8((const uint8_t *)copy, (uint8_t **)&ascii,
                            IDN2_NFC_INPUT | IDN2_NONTRANSITIONAL);
    xfree(copy);
    if (rc != IDN2_OK)
        return false;
    char *v = xstrdup(ascii);
    idn2_free(ascii);
    lower_ascii(v);
    if (!host_ok(v, need_dot)) {
        xfree(v);
        return false;
    }
    char *u = NULL;
    if (strstr(v, "xn--") != NULL &&
        idn2_to_unicode_8z8z(v, &u, 0) == IDN2_OK && u != NULL) {
        *display = xstrdup(u);
    } else {
        *display = xstrdup(v);
    }
    if (u != NULL)
        idn2_free(u);
    *value = v;
    return true;
}

static bool all_hex(const char *s)
{
    for (; *s != '\0'; s++) {
        if (!isxdigit((unsigned char)*s))
            return false;
    }
    return true;
}

/* Decode one UTF-8 code point of the valid string at *s and advance. */
static unsigned next_cp(const char **s)
{
    const unsigned char *p = (const unsigned char *)*s;
    unsigned cp;
    int len;

    if (p[0] < 0x80) {
        cp = p[0];
        len = 1;
    } else if (p[0] < 0xE0) {
        cp = p[0] & 0x1Fu;
        len = 2;
    } else if (p[0] < 0xF0) {
        cp = p[0] & 0x0Fu;
        len = 3;
    } else {
        cp = p[0] & 0x07u;
        len = 4;
    }
    for (int i = 1; i < len; i++)
        cp = cp << 6 | (p[i] & 0x3Fu);
    *s += len;
    return cp;
}

/* ------------------------------------------------------------------ */
/* One type each                                                       */

static bool norm_ipv4(const char *s, char **value)
{
    unsigned char a[4];
    char buf[16];

    if (!parse_ipv4(s, a))
        return false;
    format_ipv4(a, buf, sizeof(buf));
    *value = xstrdup(buf);
    return true;
}

static bool norm_ipv6(const char *s, char **value)
{
    unsigned char a[16];
    char buf[64];

    if (!parse_ipv6(s, a))
        return false;
    format_ipv6(a, buf, sizeof(buf));
    *value = xstrdup(buf);
    return true;
}

static bool norm_cidr(const char *s, char **value)
{
    const char *slash = strchr(s, '/');
    unsigned char a[16];
    char addr[64];
    char buf[80];
    bool v6;
    unsigned prefix = 0;

    if (slash == NULL || (size_t)(slash - s) >= sizeof(addr))
        return false;
    memcpy(addr, s, (size_t)(slash - s));
    addr[slash - s] = '\0';
    const char *p = slash + 1;
    /* The prefix in decimal, without a sign or leading zeros. */
    if (!isdigit((unsigned char)*p) || (p[0] == '0' && p[1] != '\0') ||
        strlen(p) > 3)
        return false;
    for (; *p != '\0'; p++) {
        if (!isdigit((unsigned char)*p))
            return false;
        prefix = prefix * 10 + (unsigned)(*p - '0');
    }
    if (parse_ipv4(addr, a))
        v6 = false;
    else if (parse_ipv6(addr, a))
        v6 = true;
    else
        return false;
    unsigned bits = v6 ? 128 : 32;
    if (prefix > bits)
        return false;
    /* The network address: the host bits cleared. */
    for (unsigned i = 0; i < bits / 8; i++) {
        unsigned keep = prefix > i * 8 ? prefix - i * 8 : 0;
        if (keep < 8)
            a[i] &= (unsigned char)(0xFFu << (8 - keep));
    }
    if (v6)
        format_ipv6(a, addr, sizeof(addr));
    else
        format_ipv4(a, addr, sizeof(addr));
    snprintf(buf, sizeof(buf), "%s/%u", addr, prefix);
    *value = xstrdup(buf);
    return true;
}

static unsigned default_port(const char *scheme)
{
    if (strcmp(scheme, "http") == 0 || strcmp(scheme, "ws") == 0)
        return 80;
    if (strcmp(scheme, "https") == 0 || strcmp(scheme, "wss") == 0)
        return 443;
    if (strcmp(scheme, "ftp") == 0)
        return 21;
    return 0;
}

/*
 * scheme "://" [userinfo "@"] host [":" port] [path-query-fragment]
 * (RFC 3986 with an authority).  The scheme and host are normalised,
 * a default port dropped and an empty path of http(s) written "/"; the
 * rest is kept byte for byte, since servers may treat it case-sensitively.
 */
static bool norm_url(const char *s, char **value, char **display)
{
    const char *sep = strstr(s, "://");
    char scheme[32];
    char *host_v = NULL;
    char *host_d = NULL;
    unsigned port = 0;
    bool has_port = false;

    for (const char *p = s; *p != '\0'; p++) {
        /* No white space or control character inside a URL. */
        if ((unsigned char)*p <= 0x20 || *p == 0x7F)
            return false;
    }
    if (sep == NULL || sep == s || (size_t)(sep - s) >= sizeof(scheme) ||
        !isalpha((unsigned char)s[0]))
        return false;
    for (const char *p = s; p < sep; p++) {
        if (!isalnum((unsigned char)*p) && *p != '+' && *p != '-' && *p != '.')
            return false;
    }
    memcpy(scheme, s, (size_t)(sep - s));
    scheme[sep - s] = '\0';
    lower_ascii(scheme);
    const char *auth = sep + 3;
    size_t alen = strcspn(auth, "/?#");
    const char *rest = auth + alen;
    /* The userinfo ends at the last '@' of the authority. */
    const char *at = NULL;
    for (const char *p = auth; p < rest; p++) {
        if (*p == '@')
            at = p;
    }
    /* RFC 3986: brackets belong to an IP-literal host, never to the
     * userinfo (a refanged "[@]" could leave one there). */
    if (at != NULL && memchr(auth, '[', (size_t)(at - auth)) != NULL)
        return false;
    if (at != NULL && memchr(auth, ']', (size_t)(at - auth)) != NULL)
        return false;
    const char *hb = at ? at + 1 : auth;
    const char *he = rest;
    char *host = NULL;
    if (*hb == '[') {
        const char *close = memchr(hb, ']', (size_t)(rest - hb));
        unsigned char a[16];
        char buf[64];
        if (close == NULL || close - hb - 1 >= 46)
            return false;
        char inner[48];
        memcpy(inner, hb + 1, (size_t)(close - hb - 1));
        inner[close - hb - 1] = '\0';
        if (!parse_ipv6(inner, a))
            return false;
        format_ipv6(a, buf, sizeof(buf));
        size_t bl = strlen(buf);
        host_v = xmalloc(bl + 3);
        snprintf(host_v, bl + 3, "[%s]", buf);
        host_d = xstrdup(host_v);
        he = close + 1;
        if (he < rest && *he != ':') {
            xfree(host_v);
            xfree(host_d);
            return false;
        }
    } else {
        const char *colon = memchr(hb, ':', (size_t)(rest - hb));
        if (colon != NULL)
            he = colon;
        host = xstrndup(hb, (size_t)(he - hb));
        unsigned char a[4];
        bool dotted_digits =
            host[0] != '\0' && strspn(host, "0123456789.") == strlen(host);
        if (dotted_digits) {
            /* All digits and dots is an IPv4 address or nothing. */
            bool ok = parse_ipv4(host, a);
            if (ok) {
                host_v = xstrdup(host);
                host_d = xstrdup(host);
            }
        } else if (!norm_domain(host, false, &host_v, &host_d)) {
            host_v = NULL;
        } else if (strspn(host_v, "0123456789.") == strlen(host_v) &&
                   !parse_ipv4(host_v, a)) {
            /* "５" or "5。" folds to digits: then it must be an address,
             * as the normalised value is read again. */
            xfree(host_v);
            xfree(host_d);
            host_v = NULL;
        }
        xfree(host);
        if (host_v == NULL)
            return false;
    }
    if (he < rest && *he == ':') {
        const char *p = he + 1;
        if (p == rest || rest - p > 5) {
            xfree(host_v);
            xfree(host_d);
            return false;
        }
        for (; p < rest; p++) {
            if (!isdigit((unsigned char)*p)) {
                xfree(host_v);
                xfree(host_d);
                return false;
            }
            port = port * 10 + (unsigned)(*p - '0');
        }
        if (port > 65535) {
            xfree(host_v);
            xfree(host_d);
            return false;
        }
        has_port = port != default_port(scheme);
    }
    bool slash = *rest == '\0' &&
                 (strcmp(scheme, "http") == 0 || strcmp(scheme, "https") == 0);
    size_t ulen = at ? (size_t)(at - auth) + 1 : 0;
    size_t need = strlen(scheme) + 3 + ulen + strlen(host_d) + strlen(host_v) +
                  8 + strlen(rest) + 2;
    char *v = xmalloc(need);
    char *d = xmalloc(need);
    char portbuf[8] = "";
    if (has_port)
        snprintf(portbuf, sizeof(portbuf), ":%u", port);
    snprintf(v, need, "%s://%.*s%s%s%s%s", scheme, (int)ulen, auth, host_v,
             portbuf, rest, slash ? "/" : "");
    snprintf(d, need, "%s://%.*s%s%s%s%s", scheme, (int)ulen, auth, host_d,
             portbuf, rest, slash ? "/" : "");
    xfree(host_v);
    xfree(host_d);
    *value = v;
    *display = d;
    return true;
}

/* local "@" domain; the local part is kept as written (it may be
 * case-sensitive), the domain normalised. */
static bool norm_email(const char *in, char **value, char **display)
{
    const char *s = in;
    size_t len;

    if (starts_ci(s, "mailto:"))
        s += 7;
    len = strlen(s);
    if (len >= 2 && s[0] == '<' && s[len - 1] == '>') {
        s++;
        len -= 2;
    }
    char *copy = xstrndup(s, len);
    char *at = strrchr(copy, '@');
    bool ok = at != NULL && at != copy && at - copy <= 64;
    for (const char *p = copy; ok && p < at; p++) {
        unsigned char c = (unsigned char)*p;
        ok = c > 0x20 && c != 0x7F && strchr("\"(),:;<>[\\]@", c) == NULL;
    }
    char *dv = NULL;
    char *dd = NULL;
    if (ok) {
        *at = '\0';
        ok = utf8_is_valid(copy, strlen(copy)) &&
             norm_domain(at + 1, true, &dv, &dd);
    }
    if (ok) {
        size_t n = strlen(copy) + strlen(dv) + strlen(dd) + 2;
        *value = xmalloc(n);
        *display = xmalloc(n);
        snprintf(*value, n, "%s@%s", copy, dv);
        snprintf(*display, n, "%s@%s", copy, dd);
    }
    xfree(dv);
    xfree(dd);
    xfree(copy);
    return ok;
}

static bool norm_hash(const char *s, size_t len, char **value)
{
    if (strlen(s) != len || !all_hex(s))
        return false;
    *value = xstrdup(s);
    lower_ascii(*value);
    return true;
}

/*
 * A phone number: an optional leading plus, digits (ASCII or full
 * width) and the separators people write (spaces, hyphens of every
 * kind, dots, slashes and parentheses); 3 to 15 digits (E.164 has at
 * most 15).  The value is the digits, with the plus when one was given.
 */
static bool norm_phone(const char *in, char **value)
{
    const char *s = in;
    char digits[20];
    size_t n = 0;
    bool plus = false;
    bool first = true;

    if (starts_ci(s, "tel:"))
        s += 4;
    while (*s != '\0') {
        unsigned cp = next_cp(&s);
        if (cp >= 0xFF10 && cp <= 0xFF19)
            cp = '0' + (cp - 0xFF10);
        if (cp >= '0' && cp <= '9') {
            if (n >= 15)
                return false;
            digits[n++] = (char)cp;
        } else if ((cp == '+' || cp == 0xFF0B) && first) {
            plus = true;
        } else if (!(cp == ' ' || cp == '-' || cp == '.' || cp == '/' ||
                     cp == '(' || cp == ')' || cp == 0x3000 ||
                     (cp >= 0x2010 && cp <= 0x2015) || cp == 0x2212 ||
                     cp == 0x30FC || cp == 0xFF0D || cp == 0xFF08 ||
                     cp == 0xFF09 || cp == 0xFF5E || cp == 0x301C)) {
            return false;
        }
        first = false;
    }
    if (n < 3)
        return false;
    digits[n] = '\0';
    *value = xmalloc(n + 2);
    snprintf(*value, n + 2, "%s%s", plus ? "+" : "", digits);
    return true;
}

/* Free text (file name, account, other): kept as written, without
 * control characters or bidi overrides that would disguise it. */
static bool norm_text(const char *s, char **value)
{
    if (utf8_has_control(s, false))
        return false;
    *value = xstrdup(s);
    return true;
}

enum kz_err obs_normalise(enum obs_type t, const char *in, char **value,
                          char **display, const char **why_key)
{
    char *v = NULL;
    char *d = NULL;
    bool ok;

    *value = NULL;
    *display = NULL;
    if ((unsigned)t >= OBS_TYPE_COUNT)
        t = OBS_OTHER;
    if (in == NULL || utf8_is_blank(in)) {
        *why_key = "obs.empty";
        return KZ_EINVAL;
    }
    if (strlen(in) > OBS_VALUE_MAX) {
        *why_key = "obs.too_long";
        return KZ_EINVAL;
    }
    if (!utf8_is_valid(in, strlen(in))) {
        *why_key = "v.utf8";
        return KZ_EINVAL;
    }
    char *s = trimmed(in);
    /* White space utf8_is_blank does not count (a vertical tab) may
     * still leave nothing once trimmed. */
    if (s[0] == '\0') {
        xfree(s);
        *why_key = "obs.empty";
        return KZ_EINVAL;
    }
    /* No type holds control characters or bidi overrides (a C1 control
     * in a URL's path, an override disguising a file name). */
    if (utf8_has_control(s, false)) {
        xfree(s);
        *why_key = bad_keys[t];
        return KZ_EINVAL;
    }
    /* Network indicators are often pasted defanged from a report. */
    bool network = t == OBS_IPV4 || t == OBS_IPV6 || t == OBS_CIDR ||
                   t == OBS_DOMAIN || t == OBS_URL || t == OBS_EMAIL;
    if (network) {
        char *r = obs_refang(s);
        xfree(s);
        s = r;
    }
    switch (t) {
    case OBS_IPV4:
        ok = norm_ipv4(s, &v);
        break;
    case OBS_IPV6: {
        /* "[2001:db8::1]" as written in URLs and logs. */
        size_t len = strlen(s);
        if (len > 2 && s[0] == '[' && s[len - 1] == ']') {
            memmove(s, s + 1, len - 2);
            s[len - 2] = '\0';
        }
        ok = norm_ipv6(s, &v);
        break;
    }
    case OBS_CIDR:
        ok = norm_cidr(s, &v);
        break;
    case OBS_DOMAIN:
        ok = norm_domain(s, true, &v, &d);
        break;
    case OBS_URL:
        ok = norm_url(s, &v, &d);
        break;
    case OBS_EMAIL:
        ok = norm_email(s, &v, &d);
        break;
    case OBS_MD5:
        ok = norm_hash(s, 32, &v);
        break;
    case OBS_SHA1:
        ok = norm_hash(s, 40, &v);
        break;
    case OBS_SHA256:
        ok = norm_hash(s, 64, &v);
        break;
    case OBS_PHONE:
        ok = norm_phone(s, &v);
        if (ok)
            d = xstrdup(s);
        break;
    default:
        ok = norm_text(s, &v);
        break;
    }
    xfree(s);
    if (!ok) {
        xfree(v);
        xfree(d);
        *why_key = bad_keys[t];
        return KZ_EINVAL;
    }
    if (strlen(v) > OBS_VALUE_MAX) {
        xfree(v);
        xfree(d);
        *why_key = "obs.too_long";
        return KZ_EINVAL;
    }
    *value = v;
    *display = d != NULL ? d : xstrdup(v);
    return KZ_OK;
}

void obs_candidate_list_cleanup(struct obs_candidate_list *l)
{
    for (size_t i = 0; i < l->n; i++) {
        xfree(l->items[i].value);
        xfree(l->items[i].display);
    }
    xfree(l->items);
    l->items = NULL;
    l->n = 0;
}
