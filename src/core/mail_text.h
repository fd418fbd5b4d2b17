/* SPDX-License-Identifier: MIT */
/*
 * mail_text.h - the text rules of mail intake (issue 10 item 4), pure
 * functions on UTF-8 strings: the incident reference in a subject, the
 * quoted part of a reply, and the text of an HTML body.
 */
#ifndef KZ_CORE_MAIL_TEXT_H
#define KZ_CORE_MAIL_TEXT_H

#include <stdbool.h>
#include <stddef.h>

/*
 * The first incident reference in 'subject' written in brackets, as
 * kizuki's own messages and a handler's replies write it: "[INC-2026-0012]",
 * also in full-width brackets (［…］, 【…】).  A reference in running text
 * ("like INC-2026-0003") is not a reply to it.  Copies it into 'out' (of
 * 'size' bytes) and returns true, or returns false.
 */
bool mail_text_find_ref(const char *subject, char *out, size_t size);

/*
 * The new text of a reply 'body' (OUT: caller frees): from the line that
 * introduces the quoted message ("… wrote:", "…書きました:", "-----Original
 * Message-----", "-----元のメッセージ-----", Outlook's rule and header
 * block) on, and every line quoted with '>', are left out; trailing blank
 * lines too.  When nothing would remain, the whole body is kept.  Sets
 * *trimmed when anything was left out.
 */
char *mail_text_trim_quoted(const char *body, bool *trimmed);

/*
 * The text of the HTML document 'html' (OUT: caller frees): tags dropped,
 * script, style and head content dropped, block ends and <br> as line
 * breaks, entities decoded, runs of blanks collapsed.  The result is plain
 * text to insert as text; it never holds markup that was meant as markup.
 */
char *mail_html_to_text(const char *html);

#endif
