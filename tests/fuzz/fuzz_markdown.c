/* SPDX-License-Identifier: MIT */
/*
 * fuzz_markdown.c - literal text in Markdown (src/util/markdown.c) on
 * arbitrary bytes.
 *
 * Properties of markdown_escape(s), for the text up to the first NUL:
 *  - it succeeds when the buffer is large enough (eight bytes of output
 *    for each byte of input is);
 *  - no output line is blank and none starts with a space or a tab, so no
 *    paragraph or list item can end and no line is indented;
 *  - the output does not end in a line break;
 *  - no mark is bare where CommonMark or GFM would read it: # * _ ` ~
 *    < > [ ] | & \ anywhere, - + = : first on a line, . or ) after the
 *    digits that begin a line, : before /, . after www;
 *  - reading the output back, taking a backslash and the mark after it as
 *    the mark, a backslash before a line break as the break, and &#32; /
 *    &#9; as space / tab, gives back the input, with CR LF and CR read as
 *    LF and the final line breaks dropped.
 */
#include "fuzz.h"

#include <stdbool.h>

#include "util/buf.h"
#include "util/markdown.h"

static const char always[] = "#*_`~<>[]|&\\";
static const char marks[] = "!#&()*+-.:<=>[\\]_`|~";

static bool is_mark(char c)
{
    return c != '\0' && strchr(marks, c) != NULL;
}

/* True when the bare 'c' at md[i] would be markup; 'line' is where its
 * output line starts. */
static bool bare_is_markup(const char *md, size_t line, size_t i)
{
    char c = md[i];
    bool digits = i > line;

    for (size_t k = line; k < i; k++)
        digits = digits && md[k] >= '0' && md[k] <= '9';
    if (c != '\0' && strchr(always, c) != NULL)
        return true;
    if (i == line && (c == '-' || c == '+' || c == '=' || c == ':'))
        return true;
    if ((c == '.' || c == ')') && digits)
        return true;
    if (c == ':' && md[i + 1] == '/')
        return true;
    return c == '.' && i >= line + 3 && strchr("wW", md[i - 1]) &&
           strchr("wW", md[i - 2]) && strchr("wW", md[i - 3]);
}

/* The input as a reader of the output should see it (OUT: buf). */
static void expected(const char *s, struct buf *want)
{
    size_t end = strlen(s);

    while (end > 0 && (s[end - 1] == '\n' || s[end - 1] == '\r'))
        end--;
    for (size_t i = 0; i < end; i++) {
        char c = s[i];
        if (c == '\r') {
            if (i + 1 < end && s[i + 1] == '\n')
                i++;
            c = '\n';
        }
        FUZZ_CHECK(buf_append(want, &c, 1) == KZ_OK);
    }
}

/* Read 'md' back (OUT: buf), checking that no mark is bare where it
 * would be read as markup. */
static void read_back(const char *md, struct buf *got)
{
    size_t line = 0;

    for (size_t i = 0; md[i] != '\0'; i++) {
        char c = md[i];
        if (c == '\\') {
            FUZZ_CHECK(md[i + 1] == '\n' || is_mark(md[i + 1]));
            c = md[++i];
            if (c == '\n')
                line = i + 1;
        } else if (strncmp(md + i, "&#32;", 5) == 0) {
            c = ' ';
            i += 4;
        } else if (strncmp(md + i, "&#9;", 4) == 0) {
            c = '\t';
            i += 3;
        } else {
            FUZZ_CHECK(!bare_is_markup(md, line, i));
            FUZZ_CHECK(c != '\r' && c != '\n');
        }
        FUZZ_CHECK(buf_append(got, &c, 1) == KZ_OK);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = fuzz_cstr(data, size);
    struct buf md;
    struct buf want;
    struct buf got;

    buf_init(&md, 8 * size + 16);
    buf_init(&want, size + 16);
    buf_init(&got, size + 16);
    FUZZ_CHECK(markdown_escape(&md, s) == KZ_OK);
    const char *out = md.data ? md.data : "";
    size_t len = md.len;

    FUZZ_CHECK(len == 0 || out[len - 1] != '\n');
    for (size_t i = 0; i < len; i++) {
        bool line_start = i == 0 || out[i - 1] == '\n';
        if (!line_start)
            continue;
        FUZZ_CHECK(out[i] != '\n' && out[i] != ' ' && out[i] != '\t');
    }
    FUZZ_CHECK(strlen(out) == len);
    expected(s, &want);
    read_back(out, &got);
    FUZZ_CHECK(got.len == want.len);
    FUZZ_CHECK(got.len == 0 || memcmp(got.data, want.data, got.len) == 0);
    buf_cleanup(&md);
    buf_cleanup(&want);
    buf_cleanup(&got);
    free(s);
    return 0;
}
