/* SPDX-License-Identifier: MIT */
/*
 * fuzz_mail.c - mail as it arrives from the MTA (src/mail/mail_parse.c,
 * GMime underneath) and the text rules applied to it
 * (src/core/mail_text.c).
 *
 * Properties: no crash, leak or UB; a message that is refused names a
 * "mail.bad.…" reason; one that is read has a sender address with an @,
 * a one-line subject, and every text in it is valid UTF-8 with no control
 * characters other than line feeds and tabs in the body; the reply's
 * trimmed text and the HTML converter keep that; a reference found in the
 * subject parses.
 */
#include "fuzz.h"

#include "core/mail_text.h"
#include "core/ref.h"
#include "mail/mail_parse.h"
#include "util/mem.h"
#include "util/utf8.h"

static bool clean(const char *s, bool multiline)
{
    return s != NULL && utf8_is_valid(s, strlen(s)) &&
           !utf8_has_control(s, multiline);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static bool once;
    struct mail_msg m;
    const char *why = NULL;

    if (!once) {
        /* GMime's one-time allocations are returned at exit, so leak
         * checkers see only what a message leaks. */
        mail_parse_setup();
        atexit(mail_parse_shutdown);
        once = true;
    }
    mail_msg_init(&m);
    if (mail_parse(data, size, &m, &why) != KZ_OK) {
        FUZZ_CHECK(why != NULL && strncmp(why, "mail.bad.", 9) == 0);
        FUZZ_CHECK(m.subject == NULL && m.body == NULL);
        return 0;
    }
    FUZZ_CHECK(why == NULL);
    FUZZ_CHECK(strchr(m.from_addr, '@') != NULL);
    FUZZ_CHECK(clean(m.from_addr, false) && clean(m.from_name, false));
    FUZZ_CHECK(clean(m.subject, false));
    FUZZ_CHECK(m.message_id == NULL || clean(m.message_id, false));
    FUZZ_CHECK(clean(m.body, true));
    FUZZ_CHECK(m.n_attachments <= MAIL_MAX_ATTACHMENTS);
    for (size_t i = 0; i < m.n_attachments; i++) {
        FUZZ_CHECK(clean(m.attachments[i].name, false));
        FUZZ_CHECK(m.attachments[i].name[0] != '\0');
        FUZZ_CHECK(clean(m.attachments[i].media_type, false));
    }

    bool trimmed = false;
    char *reply = mail_text_trim_quoted(m.body, &trimmed);
    FUZZ_CHECK(clean(reply, true));
    xfree(reply);
    char *text = mail_html_to_text(m.body);
    FUZZ_CHECK(clean(text, true));
    xfree(text);
    char ref[24];
    if (mail_text_find_ref(m.subject, ref, sizeof(ref)))
        FUZZ_CHECK(ref_parse(ref, NULL, NULL));
    mail_msg_cleanup(&m);
    return 0;
}
