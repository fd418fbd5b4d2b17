/* SPDX-License-Identifier: MIT */
/*
 * test_drafts_markdown.c - the Markdown drafts (src/app/drafts.c) read by a
 * real CommonMark reader: Debian's cmark-gfm with the GFM table,
 * strikethrough and autolink extensions (installed by scripts/deps.sh).
 *
 * Every text field of an incident, the organisation's name and a
 * chronology note hold markup a person might type or paste: headings
 * (ATX and setext), list items, fences, quotes, tables, thematic breaks,
 * links, images, autolinks, HTML, emphasis, entities, indented code and
 * blank lines.  The document cmark-gfm reads must have the same structure
 * (every element but text and line breaks, in order) as the same draft
 * with plain text in those fields.
 */
#include "support/test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/drafts.h"
#include "app/incident_ops.h"
#include "app/settings.h"
#include "support/fixture.h"
#include "support/tempdb.h"
#include "support/settings_patch.h"
#include "util/buf.h"
#include "util/mem.h"

#define NOW FIXTURE_NOW

static const char *const names[] = {"appi_report", "individual_notice",
                                    "press_release", "incident_report"};

/* One line of markup, for the fields that hold one line. */
static const char hostile_line[] =
    "# h [a](http://e.example/) ![i](x.png) <b>b</b> `c` **s** _e_ ~~d~~ "
    "www.e.example http://e.example/ <http://e.example/> | a | b | &amp; "
    "\\ 1. x [r] [^1]";

/* Every block construct at the start of a line, and blank lines. */
static const char hostile_text[] =
    "Title\n"
    "===\n"
    "Sub\n"
    "---\n"
    "# heading\n"
    "## heading #\n"
    "- item\n"
    "+ item\n"
    "* item\n"
    "1. one\n"
    "2) two\n"
    "> quote\n"
    "```\n"
    "fenced\n"
    "~~~\n"
    "| a | b |\n"
    "|---|---|\n"
    "| 1 | 2 |\n"
    "a | b\n"
    "-- | --\n"
    "***\n"
    "___\n"
    "\n"
    "    indented code\n"
    "\tcode after a tab\n"
    "\n"
    "[r]: http://e.example/\n"
    "[r] [x][r] [a](http://e.example/ \"t\") ![i](x.png)\n"
    "[^1]: footnote\n"
    "<div>html</div>\n"
    "<!-- comment -->\n"
    "<http://e.example/> www.e.example https://e.example/x\n"
    "*em* **strong** _em_ ~~del~~ `code` &copy; &#65; \\\n"
    "- [ ] task\n"
    "\r\n"
    "line after CR LF\r"
    "line after CR\n"
    "\n\n";

static const char plain_line[] = "plain";
static const char plain_text[] = "plain\ntext";

static struct app_ctx admin(void)
{
    struct app_ctx c = {{"admin", ROLE_ADMIN}, "test", NOW, NULL};

    return c;
}

/* File the fixture's incident with 'line' and 'text' in every text field,
 * the organisation's name and a note (OUT: ref). */
static void file(struct tempdb *t, const char *line, const char *text,
                 char *ref)
{
    struct app_ctx c = admin();
    struct incident inc;
    struct incident out;
    struct chron_entry e;
    struct kz_problems p;

    fixture_draft(&inc, NOW);
    strv_cleanup(&inc.members);
    kz_problems_clear(&p);
    if (app_incident_create(t->s, &c, &inc, &p) != KZ_OK) {
        problems_print(&p);
        fail_msg("cannot file the incident");
    }
    snprintf(ref, INCIDENT_REF_LEN, "%s", inc.ref);
    incident_cleanup(&inc);

    json_t *body =
        json_pack("{s:s, s:s, s:s, s:s, s:s, s:[s], s:s, s:s, s:s, s:s, s:s}",
                  "title", line, "discoverer", line, "reporter", line, "owner",
                  line, "description", text, "assets", line, "severity_reason",
                  text, "direct_cause", text, "latent_factors", text,
                  "initial_response", text, "additional_measures", text);
    assert_non_null(body);
    incident_init(&out);
    kz_problems_clear(&p);
    if (app_incident_patch(t->s, &c, ref, body, -1, &out, &p) != KZ_OK) {
        problems_print(&p);
        fail_msg("patch failed");
    }
    incident_cleanup(&out);
    json_decref(body);

    json_t *set = json_pack("{s:s}", "organisation_name", line);
    kz_problems_clear(&p);
    if (test_settings_patch(t->s, &c, set, &p) != KZ_OK) {
        problems_print(&p);
        fail_msg("settings patch failed");
    }
    json_decref(set);

    chron_entry_init(&e);
    kz_problems_clear(&p);
    if (app_incident_note(t->s, &c, ref, ENTRY_NOTE, text, &e, &p) != KZ_OK) {
        problems_print(&p);
        fail_msg("note failed");
    }
    chron_entry_cleanup(&e);
}

/* Run cmark-gfm on 'md' (OUT: its output, caller frees). */
static char *cmark(const struct tempdb *t, const char *md, const char *to)
{
    char path[400];
    char cmd[600];
    FILE *f;

    snprintf(path, sizeof(path), "%s/draft.md", t->dir);
    f = fopen(path, "w");
    assert_non_null(f);
    assert_int_equal(fputs(md, f) >= 0, 1);
    assert_int_equal(fclose(f), 0);
    snprintf(cmd, sizeof(cmd),
             "cmark-gfm -e table -e strikethrough -e autolink -e tagfilter "
             "-e tasklist -t %s '%s'",
             to, path);
    f = popen(cmd, "r");
    if (f == NULL)
        fail_msg("cannot run cmark-gfm (scripts/deps.sh installs it)");
    char *out = buf_read_all(f, 1 << 22);
    int status = pclose(f);
    if (out == NULL || status != 0)
        fail_msg("cmark-gfm failed (status %d); scripts/deps.sh installs it",
                 status);
    return out;
}

/* The element names of cmark-gfm's XML in document order, one a line,
 * without text and line breaks (OUT: caller frees).  Text in the XML has
 * its '<' escaped, so every '<' opens a tag. */
static char *structure(const char *xml)
{
    struct buf b;

    buf_init(&b, 1 << 22);
    for (const char *p = strchr(xml, '<'); p != NULL; p = strchr(p + 1, '<')) {
        if (p[1] == '/' || p[1] == '?' || p[1] == '!')
            continue;
        size_t n = strcspn(p + 1, " />\n");
        if ((n == 4 && strncmp(p + 1, "text", 4) == 0) ||
            (n == 9 && strncmp(p + 1, "softbreak", 9) == 0) ||
            (n == 9 && strncmp(p + 1, "linebreak", 9) == 0))
            continue;
        assert_int_equal(buf_append(&b, p + 1, n), KZ_OK);
        assert_int_equal(buf_puts(&b, "\n"), KZ_OK);
    }
    return buf_take(&b);
}

static char *draft(struct tempdb *t, const char *ref, const char *name,
                   enum lang lang)
{
    struct app_ctx c = admin();
    char *text = NULL;

    if (app_draft(t->s, &c, ref, name, lang, false, &text) != KZ_OK)
        fail_msg("cannot draft %s", name);
    return text;
}

static void test_hostile_markup_keeps_the_draft_structure(void **state)
{
    struct tempdb *t = *state;
    char plain[INCIDENT_REF_LEN];
    char hostile[INCIDENT_REF_LEN];

    file(t, plain_line, plain_text, plain);
    file(t, hostile_line, hostile_text, hostile);
    for (size_t n = 0; n < sizeof(names) / sizeof(names[0]); n++) {
        for (int l = 0; l < 2; l++) {
            enum lang lang = l ? LANG_EN : LANG_JA;
            char *md_plain = draft(t, plain, names[n], lang);
            char *md_hostile = draft(t, hostile, names[n], lang);
            char *xml_plain = cmark(t, md_plain, "xml");
            char *xml_hostile = cmark(t, md_hostile, "xml");
            char *want = structure(xml_plain);
            char *got = structure(xml_hostile);
            if (strcmp(want, got) != 0)
                fail_msg("%s (%s): structure differs.\nplain:\n%s\n"
                         "hostile:\n%s\nMarkdown:\n%s",
                         names[n], l ? "en" : "ja", want, got, md_hostile);
            /* A document, not nothing: headings and list items. */
            assert_non_null(strstr(want, "heading\n"));
            assert_non_null(strstr(want, "item\n"));
            xfree(want);
            xfree(got);
            xfree(xml_plain);
            xfree(xml_hostile);
            xfree(md_plain);
            xfree(md_hostile);
        }
    }
}

/* The markup shows as the characters the person typed. */
static void test_hostile_markup_reads_as_typed(void **state)
{
    static const char *const shown[] = {
        "| a | b |",
        "[a](http://e.example/ &quot;t&quot;)",
        "&lt;div&gt;html&lt;/div&gt;",
        "&amp;copy; &amp;#65; \\",
        "```",
        "    indented code",
        "line after CR LF",
        "line after CR",
        "# h [a](http://e.example/) ![i](x.png) &lt;b&gt;b&lt;/b&gt; `c`",
        NULL,
    };
    struct tempdb *t = *state;
    char ref[INCIDENT_REF_LEN];

    file(t, hostile_line, hostile_text, ref);
    char *md = draft(t, ref, "incident_report", LANG_JA);
    char *html = cmark(t, md, "html");
    for (size_t i = 0; shown[i] != NULL; i++) {
        if (strstr(html, shown[i]) == NULL)
            fail_msg("\"%s\" is not shown as typed:\n%s", shown[i], html);
    }
    /* No link, image, code or HTML made it through. */
    assert_null(strstr(html, "<a "));
    assert_null(strstr(html, "<img"));
    assert_null(strstr(html, "<code"));
    assert_null(strstr(html, "<b>"));
    xfree(html);
    xfree(md);
}

/* A paragraph after a label/value row is a paragraph of its own, not a
 * lazy continuation of the row's list item. */
static void test_a_paragraph_does_not_continue_a_row(void **state)
{
    struct tempdb *t = *state;
    char ref[INCIDENT_REF_LEN];

    file(t, plain_line, plain_text, ref);
    char *md = draft(t, ref, "appi_report", LANG_JA);
    char *html = cmark(t, md, "html");
    if (strstr(html, "</ul>\n<p>plain<br />\ntext</p>") == NULL)
        fail_msg("the description is not a paragraph of its own:\n%s", html);
    xfree(html);
    xfree(md);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, tempdb_setup, tempdb_teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_hostile_markup_keeps_the_draft_structure),
        T(test_hostile_markup_reads_as_typed),
        T(test_a_paragraph_does_not_continue_a_row),
    };

    return cmocka_run_group_tests(tests, fixture_group_setup, NULL);
}
