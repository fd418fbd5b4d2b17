/* SPDX-License-Identifier: MIT */
/*
 * test_markdown.c - literal text in Markdown (src/util/markdown.c): every
 * punctuation mark that CommonMark or GFM may read as markup is escaped,
 * line indentation becomes character references, every line break is a
 * hard break and no output line is blank.  Rendering by a real reader is
 * tested in tests/unit/app/test_drafts_markdown.c.
 */
#include "support/test.h"

#include <string.h>

#include "util/buf.h"
#include "util/markdown.h"
#include "util/mem.h"

/* 's' escaped (OUT: caller frees). */
static char *escaped(const char *s)
{
    struct buf b;

    buf_init(&b, 1 << 16);
    assert_int_equal(markdown_escape(&b, s), KZ_OK);
    return buf_take(&b);
}

static void check(const char *in, const char *want)
{
    char *got = escaped(in);

    if (strcmp(got, want) != 0)
        fail_msg("escaping \"%s\": want \"%s\", got \"%s\"", in, want, got);
    xfree(got);
}

static void test_plain_text_is_unchanged(void **state)
{
    (void)state;
    check("", "");
    check(NULL, "");
    check("顧客名簿を誤送信", "顧客名簿を誤送信");
    check("Hello, world; why? 'a' \"b\" 50% $1 ^ a/b x@y (ok)!",
          "Hello, world; why? 'a' \"b\" 50% $1 ^ a/b x@y (ok)!");
    /* Dates, times and references stay readable. */
    check("INC-2026-0001 2026-12-07 10:00 1.5 a-b+c=d",
          "INC-2026-0001 2026-12-07 10:00 1.5 a-b+c=d");
}

static void test_block_markers_at_line_start(void **state)
{
    (void)state;
    check("# h", "\\# h");
    check("- a", "\\- a");
    check("+ a", "\\+ a");
    check("* a", "\\* a");
    check("1. a", "1\\. a");
    check("2026. a", "2026\\. a");
    check("1a. b", "1a. b");
    check("= a", "\\= a");
    check(":-- a", "\\:-- a");
    check("2) a", "2\\) a");
    check("> q", "\\> q");
    check("```", "\\`\\`\\`");
    check("~~~", "\\~\\~\\~");
    check("===", "\\===");
    check("---", "\\---");
    check("a\n-", "a\\\n\\-");
    check("___", "\\_\\_\\_");
    check("| a |", "\\| a \\|");
    check("[r]: http://e", "\\[r\\]: http\\://e");
}

static void test_inline_markup(void **state)
{
    (void)state;
    check("*e* _e_ **s** ~~d~~ `c`",
          "\\*e\\* \\_e\\_ \\*\\*s\\*\\* \\~\\~d\\~\\~ \\`c\\`");
    check("[a](u) ![i](p)", "\\[a\\](u) !\\[i\\](p)");
    check("<b>&amp;</b>", "\\<b\\>\\&amp;\\</b\\>");
    check("www.e.com WWW.e.com http://e.com",
          "www\\.e.com WWW\\.e.com http\\://e.com");
    check("a\\b\\", "a\\\\b\\\\");
}

static void test_line_breaks_and_indentation(void **state)
{
    (void)state;
    /* Every line break is a hard break; no line is ever blank. */
    check("a\nb", "a\\\nb");
    check("a\n\nb", "a\\\n\\\nb");
    check("a\r\nb\rc", "a\\\nb\\\nc");
    /* Breaks at the end would print a backslash: dropped. */
    check("a\n\r\n", "a");
    check("\n", "");
    /* Indentation renders but indents nothing. */
    check("    code", "&#32;&#32;&#32;&#32;code");
    check("\tcode", "&#9;code");
    check("a\n  b c", "a\\\n&#32;&#32;b c");
    check("a\n   \nb", "a\\\n&#32;&#32;&#32;\\\nb");
}

static void test_full_buffer_fails(void **state)
{
    struct buf b;

    (void)state;
    buf_init(&b, 8);
    assert_int_equal(markdown_escape(&b, "******"), KZ_ETOOBIG);
    assert_true(b.len <= 8);
    buf_cleanup(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plain_text_is_unchanged),
        cmocka_unit_test(test_block_markers_at_line_start),
        cmocka_unit_test(test_inline_markup),
        cmocka_unit_test(test_line_breaks_and_indentation),
        cmocka_unit_test(test_full_buffer_fails),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
