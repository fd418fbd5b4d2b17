/* SPDX-License-Identifier: MIT */
/*
 * markdown.c - literal text in Markdown (CommonMark 0.30 with the GFM
 * table, strikethrough and autolink extensions).
 *
 * Called by app/drafts.c for every value a person typed; pure, no I/O.
 * The rules it relies on, from the CommonMark and GFM specs:
 *  - "Any ASCII punctuation character may be backslash-escaped" and is
 *    then a literal character.  The marks that open or close something
 *    wherever they stand are always escaped: # * _ ` ~ < > [ ] | & and \
 *    (headings, emphasis, thematic breaks, code, fences, strikethrough,
 *    quotes, HTML, autolinks, links, images, footnotes, tables, entities).
 *  - The others mean something only in one place, and are escaped there
 *    alone, so that dates, times and references stay readable
 *    (2026-12-07 10:00, INC-2026-0001):
 *      - + = : as the first character of a line (list items, setext
 *      underlines, thematic breaks, table delimiter rows);
 *      . and ) after the digits that begin a line (ordered list items);
 *      : before / (GFM's http:// autolinks);
 *      . after www (GFM's www. autolinks).
 *    ! ( ) elsewhere only mean something after a [ , which is escaped.
 *  - A line's indentation decides code blocks and list nesting, so the
 *    leading spaces and tabs of every line are written as character
 *    references (&#32; &#9;), which render the same but indent nothing.
 *  - A blank line ends a paragraph or a list item, after which the next
 *    line could start any block.  Every line break is therefore a hard
 *    break (backslash at the end of the line), so no output line is ever
 *    blank; line breaks at the end are dropped, since a final backslash
 *    would print.  CR, LF and CRLF each count as one line break.
 * The text is taken to start a line: the caller writes it after a list
 * marker, a label or at the start of a paragraph.
 * What escaping cannot do: GFM finds bare e-mail addresses in the text
 * after escapes are resolved, so "a@example.com" still becomes a mailto:
 * link.  Its text is its target, so it cannot disguise where it leads.
 */
#include "util/markdown.h"

#include <stdbool.h>
#include <string.h>

/* Punctuation that is markup wherever it stands. */
static const char always[] = "#&*<>[\\]_`|~";

static bool is_www(const char *s, size_t i)
{
    if (i < 3)
        return false;
    for (size_t k = i - 3; k < i; k++) {
        if (s[k] != 'w' && s[k] != 'W')
            return false;
    }
    return true;
}

/* True when 'c' at s[i] would be read as markup; 'line_start' when only
 * indentation precedes it on its line, 'digits' the number of characters
 * before it on its line when they are all digits (else 0). */
static bool is_markup(const char *s, size_t i, bool line_start, size_t digits)
{
    char c = s[i];

    if (strchr(always, c) != NULL)
        return true;
    if (line_start && strchr("-+=:", c) != NULL)
        return true;
    if ((c == '.' || c == ')') && digits > 0)
        return true;
    if (c == ':' && s[i + 1] == '/')
        return true;
    return c == '.' && is_www(s, i);
}

/*
 * Append 's' (NULL counts as empty) to 'out' so that a CommonMark or GFM
 * reader shows exactly its characters, with its line breaks as hard
 * breaks, inside whatever paragraph, list item or heading the caller
 * opened.  Returns KZ_OK, or KZ_ETOOBIG when 'out' reaches its cap, and
 * then 'out' holds a prefix of the escaped text.
 */
enum kz_err markdown_escape(struct buf *out, const char *s)
{
    enum kz_err err = KZ_OK;
    bool line_start = true;
    bool only_digits = true;
    size_t digits = 0;
    size_t end;

    if (s == NULL)
        return KZ_OK;
    end = strlen(s);
    while (end > 0 && (s[end - 1] == '\n' || s[end - 1] == '\r'))
        end--;
    for (size_t i = 0; err == KZ_OK && i < end; i++) {
        char c = s[i];
        if (c == '\r' || c == '\n') {
            if (c == '\r' && i + 1 < end && s[i + 1] == '\n')
                i++;
            err = buf_puts(out, "\\\n");
            line_start = true;
            only_digits = true;
            digits = 0;
            continue;
        }
        if (line_start && (c == ' ' || c == '\t')) {
            err = buf_puts(out, c == ' ' ? "&#32;" : "&#9;");
            continue;
        }
        if (is_markup(s, i, line_start, only_digits ? digits : 0))
            err = buf_append(out, "\\", 1);
        if (err == KZ_OK)
            err = buf_append(out, &c, 1);
        line_start = false;
        only_digits = only_digits && c >= '0' && c <= '9';
        digits++;
    }
    return err;
}
