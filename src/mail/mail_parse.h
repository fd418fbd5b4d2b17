/* SPDX-License-Identifier: MIT */
/*
 * mail_parse.h - one RFC 5322 message (bytes, as an MTA delivers them)
 * read into plain C values: the sender, the subject, the date, the
 * Message-ID, whether it is an automatic reply, the text of its body in
 * UTF-8 and its attachments (issue 10 item 4).
 *
 * MIME is GMime's work: RFC 2047 encoded words, RFC 2231 parameters,
 * quoted-printable and base64, multipart/alternative.  This module adds
 * what Japanese mail needs on top: bodies and headers in ISO-2022-JP,
 * Shift_JIS (read as its Windows superset CP932) and EUC-JP, also when the
 * charset label is missing or wrong, and a strict check that the input is
 * a message at all.  No database, no clock, no files: bytes in, a struct
 * out, so the fuzzer can drive it (tests/fuzz/fuzz_mail.c).
 */
#ifndef KZ_MAIL_MAIL_PARSE_H
#define KZ_MAIL_MAIL_PARSE_H

#include <stdbool.h>
#include <stddef.h>

#include "util/err.h"
#include "util/timefmt.h"

/* Beyond these a message is still read; what is past them is dropped and
 * the message says so (truncated). */
#define MAIL_MAX_ATTACHMENTS 64
#define MAIL_MAX_DEPTH 16 /* nested multiparts and attached messages */

struct mail_attachment {
    char *name;       /* UTF-8, as the sender named it; never NULL */
    char *media_type; /* "application/pdf", as declared */
    unsigned char *data;
    size_t len;
};

struct mail_msg {
    char *subject;    /* UTF-8, one line; "" when there is none */
    char *from_name;  /* UTF-8 display name; "" when there is none */
    char *from_addr;  /* the address; never empty after mail_parse */
    char *message_id; /* without angle brackets; NULL when absent */
    kz_time date;     /* the Date header; KZ_TIME_NONE when absent/bad */
    /* Auto-Submitted other than "no", Precedence bulk/junk/list, or
     * another autoresponder's mark: never to be treated as a report. */
    bool auto_reply;
    bool from_kizuki; /* a message kizuki itself sent (X-Kizuki-…) */
    char *body;       /* UTF-8 text, LF line ends; "" when none */
    bool body_from_html;
    bool truncated; /* attachments or nesting beyond the limits */
    struct mail_attachment *attachments;
    size_t n_attachments;
};

/* Start GMime; once per process, before any mail_parse.  Idempotent. */
void mail_parse_setup(void);
/* Stop GMime (at exit, so leak checkers see its memory returned). */
void mail_parse_shutdown(void);

/* Zero 'm'. */
void mail_msg_init(struct mail_msg *m);
/* Free what 'm' owns; it is re-initialised. */
void mail_msg_cleanup(struct mail_msg *m);

/*
 * Read the message 'data' of 'len' bytes into 'out' (initialised).
 * KZ_OK, or KZ_EMALFORMED with *why set to the catalogue key of the
 * reason ("mail.bad.empty", "mail.bad.binary", "mail.bad.no_header",
 * "mail.bad.no_separator", "mail.bad.no_from") and 'out' left empty.
 * Every text in 'out' is valid UTF-8 without control characters other
 * than line feeds and tabs in the body.
 */
enum kz_err mail_parse(const unsigned char *data, size_t len,
                       struct mail_msg *out, const char **why) KZ_MUST_CHECK;

/*
 * Bytes 'in' of 'len' in the charset labelled 'charset' (NULL or "" when
 * unlabelled) as UTF-8 text (OUT: caller frees with xfree).  Japanese
 * charsets are read as their common supersets; a label that does not fit
 * the bytes is tried after the usual suspects; what still does not
 * convert becomes U+FFFD.  CR LF becomes LF; NUL and other control
 * characters than tab and LF are dropped.  'in' may be NULL when 'len'
 * is 0.
 */
char *mail_to_utf8(const char *in, size_t len, const char *charset);

#endif
