/* SPDX-License-Identifier: MIT */
/*
 * mail_parse.c - RFC 5322 / MIME messages read with GMime into struct
 * mail_msg (see mail_parse.h).  GLib's allocations never leave this file:
 * every string handed out is a copy from util/mem.h.
 */
#include "mail/mail_parse.h"

#include <gmime/gmime.h>
#include <string.h>

#include "core/mail_text.h"
#include "util/mem.h"

static bool started;

void mail_parse_setup(void)
{
    if (started)
        return;
    g_mime_init();
    started = true;
}

void mail_parse_shutdown(void)
{
    if (!started)
        return;
    g_mime_shutdown();
    started = false;
}

void mail_msg_init(struct mail_msg *m)
{
    memset(m, 0, sizeof(*m));
    m->date = KZ_TIME_NONE;
}

void mail_msg_cleanup(struct mail_msg *m)
{
    xfree(m->subject);
    xfree(m->from_name);
    xfree(m->from_addr);
    xfree(m->message_id);
    xfree(m->body);
    for (size_t i = 0; i < m->n_attachments; i++) {
        xfree(m->attachments[i].name);
        xfree(m->attachments[i].media_type);
        xfree(m->attachments[i].data);
    }
    xfree(m->attachments);
    mail_msg_init(m);
}

/* --- charsets ----------------------------------------------------------- */

/* A growable byte string; xmalloc aborts on exhaustion. */
struct text {
    char *p;
    size_t n, cap;
};

static void text_add(struct text *t, const char *s, size_t n)
{
    if (t->n + n + 1 > t->cap) {
        size_t cap = t->cap ? t->cap : 64;
        while (cap < t->n + n + 1)
            cap *= 2;
        t->p = xrealloc(t->p, cap);
        t->cap = cap;
    }
    memcpy(t->p + t->n, s, n);
    t->n += n;
    t->p[t->n] = '\0';
}

static char *text_take(struct text *t)
{
    if (t->p == NULL)
        return xstrdup("");
    return t->p;
}

/* 'in' converted strictly from 'from' (OUT: caller frees), or NULL when
 * iconv does not know 'from' or one byte does not fit it. */
static char *convert_strict(const char *in, size_t len, const char *from)
{
    gsize nread = 0, nwritten = 0;
    GError *e = NULL;
    gchar *out =
        g_convert(in, (gssize)len, "UTF-8", from, &nread, &nwritten, &e);

    if (out == NULL) {
        g_clear_error(&e);
        return NULL;
    }
    if (nread != len) {
        g_free(out);
        return NULL;
    }
    char *copy = xmalloc(nwritten + 1);
    memcpy(copy, out, nwritten);
    copy[nwritten] = '\0';
    g_free(out);
    return copy; /* a NUL in it ends the text early: nothing is lost
                    that was text */
}

/* 'in' as UTF-8, each byte that is not part of a valid sequence replaced
 * by U+FFFD and NULs dropped (OUT: caller frees). */
static char *utf8_lossy(const char *in, size_t len)
{
    struct text t = {0};
    const char *p = in, *end = in + len;

    while (p < end) {
        const gchar *stop = NULL;
        if (g_utf8_validate(p, end - p, &stop)) {
            text_add(&t, p, (size_t)(end - p));
            break;
        }
        text_add(&t, p, (size_t)(stop - p));
        if (*stop != '\0')
            text_add(&t, "\xEF\xBF\xBD", 3);
        p = stop + 1;
    }
    return text_take(&t);
}

/* Lower-case copy of a charset label without surrounding spaces. */
static void label_norm(const char *label, char *out, size_t size)
{
    size_t k = 0;

    while (*label == ' ' || *label == '\t' || *label == '"')
        label++;
    for (; *label && k + 1 < size; label++) {
        char c = *label;
        if (c == ' ' || c == '\t' || c == '"')
            break;
        out[k++] = (char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    }
    out[k] = '\0';
}

static bool label_in(const char *label, const char *const *names)
{
    for (size_t i = 0; names[i] != NULL; i++)
        if (strcmp(label, names[i]) == 0)
            return true;
    return false;
}

/*
 * The charsets to try for 'label', most likely first.  Japanese mailers
 * label CP932 text "Shift_JIS" and put CP932's extra characters (①, ～,
 * ㈱) into "ISO-2022-JP"; the supersets read both.
 */
static size_t candidates(const char *label, const char **out, size_t max)
{
    static const char *const sjis[] = {
        "shift_jis",  "shift-jis", "sjis",  "x-sjis",      "ms_kanji",
        "csshiftjis", "cp932",     "ms932", "windows-31j", NULL};
    static const char *const jis[] = {
        "iso-2022-jp",   "iso-2022-jp-1", "iso-2022-jp-2",
        "iso-2022-jp-3", "csiso2022jp",   "iso-2022-jp-ms",
        "cp50220",       "cp50221",       NULL};
    static const char *const euc[] = {"euc-jp",    "x-euc-jp",
                                      "eucjp",     "cseucpkdfmtjapanese",
                                      "euc-jp-ms", NULL};
    size_t n = 0;

    if (label[0] == '\0' || max < 3)
        return 0;
    if (label_in(label, sjis)) {
        out[n++] = "CP932";
        out[n++] = "SHIFT_JIS";
    } else if (label_in(label, jis)) {
        out[n++] = "ISO-2022-JP-2";
        out[n++] = "ISO-2022-JP-3";
    } else if (label_in(label, euc)) {
        out[n++] = "EUC-JP-MS";
        out[n++] = "EUC-JP";
    } else {
        const char *name = g_mime_charset_iconv_name(label);
        out[n++] = name != NULL ? name : label;
    }
    return n;
}

/* Drop NUL and control characters other than tab and LF from valid UTF-8
 * 's', turning CR LF and lone CR into LF; in place. */
static void clean_controls(char *s)
{
    unsigned char *r = (unsigned char *)s, *w = (unsigned char *)s;

    while (*r != '\0') {
        if (*r == '\r') {
            *w++ = '\n';
            r += r[1] == '\n' ? 2 : 1;
        } else if ((*r < 0x20 && *r != '\t' && *r != '\n') || *r == 0x7F) {
            r++;
        } else if (r[0] == 0xC2 && r[1] >= 0x80 && r[1] <= 0x9F) {
            r += 2; /* C1 controls, U+0080..U+009F */
        } else if (r[0] == 0xE2 &&
                   ((r[1] == 0x80 && r[2] >= 0xAA && r[2] <= 0xAE) ||
                    (r[1] == 0x81 && r[2] >= 0xA6 && r[2] <= 0xA9))) {
            /* Bidi embeddings, overrides and isolates (U+202A..U+202E,
             * U+2066..U+2069) can make text read other than it is; the
             * record refuses them, so mail must not bring them in. */
            r += 3;
        } else {
            *w++ = *r++;
        }
    }
    *w = '\0';
}

/* Half-width katakana (U+FF61..U+FF9F, EF BD A1..EF BE 9F) in 's'. */
static size_t halfwidth_kana(const char *s)
{
    size_t n = 0;

    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if (p[0] == 0xEF && ((p[1] == 0xBD && p[2] >= 0xA1) || p[1] == 0xBE))
            n++;
    return n;
}

/*
 * Unlabelled 8-bit Japanese: CP932 or EUC-JP.  Many EUC-JP byte pairs are
 * also valid CP932, where they read as half-width katakana; mail is
 * rarely written in those, so the reading with fewer of them wins.
 */
static char *sjis_or_euc(const char *in, size_t len)
{
    char *sjis = convert_strict(in, len, "CP932");
    char *euc = convert_strict(in, len, "EUC-JP-MS");

    if (euc == NULL)
        euc = convert_strict(in, len, "EUC-JP");
    if (sjis != NULL && euc != NULL) {
        if (halfwidth_kana(euc) < halfwidth_kana(sjis)) {
            xfree(sjis);
            return euc;
        }
        xfree(euc);
        return sjis;
    }
    return sjis != NULL ? sjis : euc;
}

char *mail_to_utf8(const char *in, size_t len, const char *charset)
{
    char label[64];
    const char *try[4];
    char *out = NULL;
    size_t n;

    /* An empty part: GMime hands out no buffer at all. */
    if (in == NULL || len == 0)
        return xstrdup("");
    label_norm(charset ? charset : "", label, sizeof(label));
    /* ISO-2022-JP is 7-bit: mail labelled "us-ascii" (or by GMime's
     * default for a part without a label) that carries its escapes is
     * ISO-2022-JP, and ASCII would take the escapes as text. */
    if (memchr(in, 0x1B, len) != NULL && strncmp(label, "iso-2022", 8) != 0)
        out = convert_strict(in, len, "ISO-2022-JP-2");
    n = candidates(label, try, 4);
    for (size_t i = 0; out == NULL && i < n; i++)
        out = convert_strict(in, len, try[i]);
    if (out == NULL && g_utf8_validate(in, (gssize)len, NULL))
        out = xstrndup(in, len);
    /* Unlabelled or mislabelled: the escape sequences give ISO-2022-JP
     * away; otherwise CP932 before EUC-JP, the commoner of the two. */
    if (out == NULL && memchr(in, 0x1B, len) != NULL)
        out = convert_strict(in, len, "ISO-2022-JP-2");
    if (out == NULL)
        out = sjis_or_euc(in, len);
    if (out == NULL)
        out = utf8_lossy(in, len);
    /* A converted NUL ends the C string early; what follows was not text
     * anyway.  Validate once more: iconv is trusted, not assumed. */
    if (!g_utf8_validate(out, -1, NULL)) {
        char *fixed = utf8_lossy(out, strlen(out));
        xfree(out);
        out = fixed;
    }
    clean_controls(out);
    return out;
}

/* A header value (UTF-8 from GMime, or raw bytes it let through) as one
 * line of clean text (OUT: caller frees). */
static char *one_line(const char *s)
{
    if (s == NULL)
        return xstrdup("");
    size_t len = strlen(s);
    /* GMime passes raw 7-bit text through, ISO-2022-JP escapes and all. */
    bool jis = strchr(s, 0x1B) != NULL;
    char *t = mail_to_utf8(s, len, jis ? "iso-2022-jp" : "utf-8");
    char *r = t, *w = t;
    bool space = true; /* drops leading blanks */

    for (; *r != '\0'; r++) {
        if (*r == '\n' || *r == '\t' || *r == ' ') {
            if (!space)
                *w++ = ' ';
            space = true;
        } else {
            *w++ = *r;
            space = false;
        }
    }
    while (w > t && w[-1] == ' ')
        w--;
    *w = '\0';
    return t;
}

/* --- the shape of a message ------------------------------------------------
 */

static bool is_wsp(unsigned char c)
{
    return c == ' ' || c == '\t';
}

/*
 * GMime reads anything as a message; kizuki must not file a report from
 * a JPEG or a stray text file.  The header section must be header fields
 * (name, colon) and folded continuations up to an empty line.  A leading
 * mbox "From " line is skipped (OUT: *skip bytes).  Returns NULL when the
 * shape is right, else the reason's catalogue key.
 */
static const char *check_shape(const unsigned char *d, size_t n, size_t *skip)
{
    size_t i = 0, line = 0;

    *skip = 0;
    while (i < n &&
           (d[i] == ' ' || d[i] == '\t' || d[i] == '\r' || d[i] == '\n'))
        i++;
    if (i == n)
        return "mail.bad.empty";
    /* Text never holds NUL: a file that does near its start is binary. */
    if (memchr(d, 0, n < 1024 ? n : 1024) != NULL)
        return "mail.bad.binary";
    i = 0;
    if (n >= 5 && memcmp(d, "From ", 5) == 0) {
        while (i < n && d[i] != '\n')
            i++;
        i += i < n;
        *skip = i;
    }
    for (;; line++) {
        if (i >= n)
            return line == 0 ? "mail.bad.no_header" : "mail.bad.no_separator";
        if (d[i] == '\n' || (d[i] == '\r' && i + 1 < n && d[i + 1] == '\n'))
            return line == 0 ? "mail.bad.no_header" : NULL;
        if (is_wsp(d[i])) {
            if (line == 0)
                return "mail.bad.no_header";
        } else {
            size_t k = i;
            while (k < n && d[k] > 32 && d[k] < 127 && d[k] != ':')
                k++;
            size_t name = k - i;
            while (k < n && is_wsp(d[k]))
                k++;
            if (name == 0 || k >= n || d[k] != ':')
                return line == 0 ? "mail.bad.no_header"
                                 : "mail.bad.no_separator";
        }
        /* Header fields are text: control characters other than tab
         * (and ISO-2022-JP's escape) mean binary data. */
        for (; i < n && d[i] != '\n'; i++)
            if ((d[i] < 0x20 && d[i] != '\t' && d[i] != '\r' && d[i] != 0x1B) ||
                d[i] == 0x7F)
                return "mail.bad.binary";
        i++;
    }
}

/* --- headers -------------------------------------------------------------- */

static const char *header(GMimeMessage *msg, const char *name)
{
    return g_mime_object_get_header(GMIME_OBJECT(msg), name);
}

/* Whether header value 'v' starts with one of 'words' (case ignored,
 * leading blanks skipped). */
static bool value_is(const char *v, const char *const *words)
{
    if (v == NULL)
        return false;
    while (is_wsp((unsigned char)*v))
        v++;
    for (size_t i = 0; words[i] != NULL; i++)
        if (g_ascii_strncasecmp(v, words[i], strlen(words[i])) == 0)
            return true;
    return false;
}

/* RFC 3834 and the marks autoresponders and bounce messages carry. */
static bool is_auto_reply(GMimeMessage *msg)
{
    static const char *const no[] = {"no", NULL};
    static const char *const bulk[] = {"bulk", "junk", "list", NULL};
    static const char *const empty[] = {"<>", NULL};
    const char *as = header(msg, "Auto-Submitted");

    if (as != NULL && !value_is(as, no))
        return true;
    if (value_is(header(msg, "Precedence"), bulk))
        return true;
    if (header(msg, "X-Autoreply") != NULL ||
        header(msg, "X-Autorespond") != NULL ||
        header(msg, "X-Auto-Response") != NULL)
        return true;
    /* A null envelope sender: a bounce or another MTA's notice. */
    return value_is(header(msg, "Return-Path"), empty);
}

/* The first mailbox of the From header, also inside a group. */
static InternetAddressMailbox *first_mailbox(InternetAddressList *list)
{
    int n = list ? internet_address_list_length(list) : 0;

    for (int i = 0; i < n; i++) {
        InternetAddress *ia = internet_address_list_get_address(list, i);
        if (INTERNET_ADDRESS_IS_MAILBOX(ia))
            return INTERNET_ADDRESS_MAILBOX(ia);
        if (INTERNET_ADDRESS_IS_GROUP(ia)) {
            InternetAddressMailbox *m = first_mailbox(
                internet_address_group_get_members(INTERNET_ADDRESS_GROUP(ia)));
            if (m != NULL)
                return m;
        }
    }
    return NULL;
}

static bool address_ok(const char *a)
{
    const char *at = a ? strchr(a, '@') : NULL;

    if (at == NULL || at == a || at[1] == '\0' || strchr(at + 1, '@'))
        return false;
    for (; *a; a++)
        if ((unsigned char)*a <= ' ' || *a == '<' || *a == '>' || *a == 0x7F)
            return false;
    return true;
}

/* --- the body and attachments -------------------------------------------- */

struct walk {
    struct mail_msg *m;
    struct text body;
    bool have_text;
    size_t cap_att;
    unsigned parts;
};

/* The decoded content of 'part' (quoted-printable and base64 undone). */
static GByteArray *part_bytes(GMimePart *part, GMimeStream **keep)
{
    GMimeDataWrapper *w = g_mime_part_get_content(part);
    GMimeStream *mem = g_mime_stream_mem_new();

    if (w != NULL)
        g_mime_data_wrapper_write_to_stream(w, mem);
    *keep = mem;
    return g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(mem));
}

static const char *default_ext(GMimeContentType *ct)
{
    if (g_mime_content_type_is_type(ct, "text", "plain"))
        return ".txt";
    if (g_mime_content_type_is_type(ct, "text", "html"))
        return ".html";
    if (g_mime_content_type_is_type(ct, "message", "rfc822"))
        return ".eml";
    return ".bin";
}

static void add_attachment(struct walk *w, const char *name,
                           GMimeContentType *ct, const guint8 *data, size_t len)
{
    struct mail_msg *m = w->m;
    struct mail_attachment *a;
    char fallback[40];

    if (m->n_attachments == MAIL_MAX_ATTACHMENTS) {
        m->truncated = true;
        return;
    }
    if (m->n_attachments == w->cap_att) {
        w->cap_att = w->cap_att ? w->cap_att * 2 : 4;
        m->attachments =
            xrealloc(m->attachments, w->cap_att * sizeof(*m->attachments));
    }
    a = &m->attachments[m->n_attachments++];
    a->name = one_line(name);
    if (a->name[0] == '\0') {
        xfree(a->name);
        snprintf(fallback, sizeof(fallback), "part-%u%s", w->parts,
                 default_ext(ct));
        a->name = xstrdup(fallback);
    }
    char *type = ct ? g_mime_content_type_get_mime_type(ct) : NULL;
    a->media_type = one_line(type ? type : "application/octet-stream");
    g_free(type);
    a->len = len;
    a->data = xmalloc(len > 0 ? len : 1);
    if (len > 0)
        memcpy(a->data, data, len);
}

/* Append text part 'part' to the body; 'html' converts it to text. */
static void add_text(struct walk *w, GMimePart *part, bool html)
{
    GMimeStream *keep = NULL;
    GByteArray *b = part_bytes(part, &keep);
    const char *charset =
        g_mime_object_get_content_type_parameter(GMIME_OBJECT(part), "charset");
    char *t = mail_to_utf8((const char *)b->data, b->len, charset);

    g_object_unref(keep);
    if (html) {
        char *plain = mail_html_to_text(t);
        xfree(t);
        t = plain;
        w->m->body_from_html = true;
    }
    if (w->body.n > 0)
        text_add(&w->body, "\n\n", 2);
    text_add(&w->body, t, strlen(t));
    xfree(t);
    w->have_text = true;
}

static bool is_attachment(GMimeObject *obj)
{
    GMimeContentDisposition *d = g_mime_object_get_content_disposition(obj);

    return d != NULL && g_mime_content_disposition_is_attachment(d);
}

static void walk_object(struct walk *w, GMimeObject *obj, unsigned depth);

/* multipart/alternative: one of the children is the body, the others are
 * the same text in another form and are not kept twice. */
static void walk_alternative(struct walk *w, GMimeMultipart *mp, unsigned depth)
{
    int n = g_mime_multipart_get_count(mp);
    GMimeObject *best = NULL;

    for (int pass = 0; pass < 3 && best == NULL; pass++) {
        for (int i = 0; i < n && best == NULL; i++) {
            GMimeObject *c = g_mime_multipart_get_part(mp, i);
            GMimeContentType *ct = g_mime_object_get_content_type(c);
            if (is_attachment(c))
                continue;
            if ((pass == 0 &&
                 g_mime_content_type_is_type(ct, "text", "plain")) ||
                (pass == 1 &&
                 g_mime_content_type_is_type(ct, "text", "html")) ||
                (pass == 2 && GMIME_IS_MULTIPART(c)))
                best = c;
        }
    }
    if (best == NULL && n > 0)
        best = g_mime_multipart_get_part(mp, 0);
    if (best != NULL)
        walk_object(w, best, depth + 1);
}

static void walk_message_part(struct walk *w, GMimeObject *obj)
{
    GMimeMessage *inner =
        g_mime_message_part_get_message(GMIME_MESSAGE_PART(obj));
    GMimeStream *mem = g_mime_stream_mem_new();
    const char *name =
        g_mime_object_get_content_disposition_parameter(obj, "filename");
    char *made = NULL;

    if (inner != NULL)
        g_mime_object_write_to_stream(GMIME_OBJECT(inner), NULL, mem);
    if (name == NULL && inner != NULL) {
        const char *subject = g_mime_message_get_subject(inner);
        if (subject != NULL && subject[0] != '\0')
            name = made = g_strconcat(subject, ".eml", NULL);
    }
    GByteArray *b = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(mem));
    add_attachment(w, name, g_mime_object_get_content_type(obj), b->data,
                   b->len);
    g_free(made);
    g_object_unref(mem);
}

static void walk_object(struct walk *w, GMimeObject *obj, unsigned depth)
{
    if (obj == NULL)
        return;
    if (depth > MAIL_MAX_DEPTH) {
        w->m->truncated = true;
        return;
    }
    w->parts++;
    if (GMIME_IS_MULTIPART(obj)) {
        GMimeMultipart *mp = GMIME_MULTIPART(obj);
        GMimeContentType *ct = g_mime_object_get_content_type(obj);
        if (g_mime_content_type_is_type(ct, "multipart", "alternative")) {
            walk_alternative(w, mp, depth);
            return;
        }
        int n = g_mime_multipart_get_count(mp);
        for (int i = 0; i < n; i++)
            walk_object(w, g_mime_multipart_get_part(mp, i), depth + 1);
        return;
    }
    if (GMIME_IS_MESSAGE_PART(obj)) {
        walk_message_part(w, obj);
        return;
    }
    if (!GMIME_IS_PART(obj))
        return;
    GMimePart *part = GMIME_PART(obj);
    GMimeContentType *ct = g_mime_object_get_content_type(obj);
    const char *fname = g_mime_part_get_filename(part);
    bool inline_text = !is_attachment(obj) && fname == NULL;

    if (inline_text && g_mime_content_type_is_type(ct, "text", "plain")) {
        add_text(w, part, false);
        return;
    }
    if (inline_text && !w->have_text &&
        g_mime_content_type_is_type(ct, "text", "html")) {
        add_text(w, part, true);
        return;
    }
    GMimeStream *keep = NULL;
    GByteArray *b = part_bytes(part, &keep);
    add_attachment(w, fname, ct, b->data, b->len);
    g_object_unref(keep);
}

/* --- the message ---------------------------------------------------------- */

static GMimeParserOptions *parser_options(void)
{
    /* Raw 8-bit header text (unencoded Shift_JIS subjects exist) is read
     * in the first of these that fits. */
    static const char *fallback[] = {"utf-8", "cp932", "euc-jp", "iso-8859-1",
                                     NULL};
    GMimeParserOptions *o = g_mime_parser_options_new();

    g_mime_parser_options_set_fallback_charsets(o, fallback);
    g_mime_parser_options_set_rfc2047_compliance_mode(
        o, GMIME_RFC_COMPLIANCE_LOOSE);
    g_mime_parser_options_set_parameter_compliance_mode(
        o, GMIME_RFC_COMPLIANCE_LOOSE);
    g_mime_parser_options_set_address_compliance_mode(
        o, GMIME_RFC_COMPLIANCE_LOOSE);
    return o;
}

static void read_headers(GMimeMessage *msg, struct mail_msg *m)
{
    InternetAddressMailbox *from = first_mailbox(g_mime_message_get_from(msg));
    const char *id = g_mime_message_get_message_id(msg);
    GDateTime *date = g_mime_message_get_date(msg);

    m->subject = one_line(g_mime_message_get_subject(msg));
    if (from != NULL) {
        m->from_name =
            one_line(internet_address_get_name(INTERNET_ADDRESS(from)));
        m->from_addr = one_line(internet_address_mailbox_get_addr(from));
    } else {
        m->from_name = xstrdup("");
        m->from_addr = xstrdup("");
    }
    if (id != NULL) {
        char *clean = one_line(id);
        /* An id kizuki keeps must be a token, not text to render. */
        if (clean[0] != '\0' && strlen(clean) <= 250 && !strchr(clean, ' '))
            m->message_id = clean;
        else
            xfree(clean);
    }
    if (date != NULL)
        m->date = g_date_time_to_unix(date);
    m->auto_reply = is_auto_reply(msg);
    m->from_kizuki = header(msg, "X-Kizuki-Idempotency-Key") != NULL;
}

enum kz_err mail_parse(const unsigned char *data, size_t len,
                       struct mail_msg *out, const char **why)
{
    size_t skip = 0;
    const char *bad = check_shape(data, len, &skip);

    *why = NULL;
    if (bad != NULL) {
        *why = bad;
        return KZ_EMALFORMED;
    }
    mail_parse_setup();
    GMimeStream *stream = g_mime_stream_mem_new_with_buffer(
        (const char *)data + skip, len - skip);
    GMimeParser *parser = g_mime_parser_new_with_stream(stream);
    GMimeParserOptions *opts = parser_options();
    GMimeMessage *msg;

    g_mime_parser_set_format(parser, GMIME_FORMAT_MESSAGE);
    msg = g_mime_parser_construct_message(parser, opts);
    g_object_unref(parser);
    g_object_unref(stream);
    if (msg == NULL) {
        g_mime_parser_options_free(opts);
        *why = "mail.bad.no_header";
        return KZ_EMALFORMED;
    }
    read_headers(msg, out);
    if (!address_ok(out->from_addr)) {
        g_object_unref(msg);
        g_mime_parser_options_free(opts);
        mail_msg_cleanup(out);
        *why = "mail.bad.no_from";
        return KZ_EMALFORMED;
    }
    struct walk w = {.m = out};
    walk_object(&w, g_mime_message_get_mime_part(msg), 0);
    out->body = text_take(&w.body);
    g_object_unref(msg);
    g_mime_parser_options_free(opts);
    return KZ_OK;
}
