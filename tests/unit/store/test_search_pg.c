/* SPDX-License-Identifier: MIT */
/*
 * test_search_pg.c - the PostgreSQL search index (pg_search.c) against a
 * real server (`make pg-test`: KIZUKI_TEST_BACKEND=postgresql, every
 * store a fresh database; skipped on SQLite): lexemes written through the
 * tsvector and tsquery input syntax come back byte for byte whatever they
 * hold (quotes, backslashes, the query operators, control characters),
 * and the commit-time flush indexes dirty documents — a reference mark
 * only in a 'tasks' document, very long documents and tokens within
 * tsvector's limits — and clears the marks.
 */
#include "support/test.h"

#include <stdio.h>
#include <string.h>

#include "core/search_phrase.h"
#include "store/db.h"
#include "store/pg_search.h"
#include "support/fixture.h"
#include "support/tempdb.h"
#include "util/buf.h"
#include "util/mem.h"

#define NEED_PG()                                                              \
    do {                                                                       \
        if (!tempdb_is_pg()) {                                                 \
            fprintf(stderr, "  (not on PostgreSQL: skipped)\n");               \
            skip();                                                            \
        }                                                                      \
    } while (0)

/* Tokens no tokenizer of kizuki makes today, but which the quoting must
 * carry whole: each a lexeme, nothing of it syntax. */
static const char *const odd[] = {
    "O'Brien",
    "a\\b",
    "'",
    "\\",
    "x' & 'y",
    "!z <-> (w):*",
    "a b",
    "\x01"
    "12",
    "顧客",
    "''\\\\",
};
#define NODD (sizeof(odd) / sizeof(*odd))

static const char sql_lexemes[] =
    "SELECT array_to_string(tsvector_to_array(CAST(?1 AS tsvector)),"
    " chr(2))";
static const char sql_matches[] =
    "SELECT CAST(?1 AS tsvector) @@ CAST(?2 AS tsquery)";

static void test_lexemes_round_trip(void **state)
{
    struct tempdb *t = *state;
    struct buf tsv, want;

    NEED_PG();
    buf_init(&tsv, 1 << 16);
    buf_init(&want, 1 << 16);
    for (size_t i = 0; i < NODD; i++) {
        if (i > 0)
            assert_int_equal(buf_puts(&tsv, " "), KZ_OK);
        assert_int_equal(pg_search_lexeme(&tsv, odd[i], strlen(odd[i])), KZ_OK);
        assert_int_equal(buf_printf(&tsv, ":%zu", i + 1), KZ_OK);
    }
    struct db_stmt *st = db_stmt(t->s->db, sql_lexemes);
    assert_non_null(st);
    db_bind_text(st, 1, tsv.data);
    assert_int_equal(db_step(st), DB_ROW);
    /* tsvector_to_array: the lexemes sorted (by length, then bytes). */
    const char *got = db_col_text(st, 0);
    for (size_t i = 0; i < NODD; i++) {
        char *one = xstrdup(odd[i]);
        bool seen = false;
        for (const char *p = got; p != NULL && !seen;) {
            const char *e = strchr(p, '\x02');
            size_t n = e ? (size_t)(e - p) : strlen(p);
            seen = n == strlen(one) && memcmp(p, one, n) == 0;
            p = e ? e + 1 : NULL;
        }
        if (!seen)
            fail_msg("lexeme %zu not back: %s", i, got);
        xfree(one);
    }
    db_reset(st);

    /* Each as a phrase of a tsquery: found, and nothing else is. */
    for (size_t i = 0; i < NODD; i++) {
        struct search_phrases p;
        char *q = NULL;
        search_phrases_init(&p);
        search_phrases_add_ref(&p, 1); /* a phrase to replace */
        xfree(p.v[0].tok[0]);
        p.v[0].tok[0] = xstrdup(odd[i]);
        p.v[0].len[0] = strlen(odd[i]);
        assert_int_equal(pg_search_tsquery(&p, 1, &q), KZ_OK);
        st = db_stmt(t->s->db, sql_matches);
        db_bind_text(st, 1, tsv.data);
        db_bind_text(st, 2, q);
        assert_int_equal(db_step(st), DB_ROW);
        assert_int_equal(db_col_int64(st, 0), 1);
        db_reset(st);
        xfree(q);
        /* Its prefix form finds it too; a lexeme not there, nothing. */
        p.v[0].prefix = true;
        assert_int_equal(pg_search_tsquery(&p, 1, &q), KZ_OK);
        db_bind_text(st, 1, tsv.data);
        db_bind_text(st, 2, q);
        assert_int_equal(db_step(st), DB_ROW);
        assert_int_equal(db_col_int64(st, 0), 1);
        db_reset(st);
        xfree(q);
        search_phrases_cleanup(&p);
    }
    buf_cleanup(&tsv);
    buf_cleanup(&want);
}

static void test_tsquery_text(void **state)
{
    struct search_phrases p;
    char *q = NULL;

    (void)state;
    search_phrases_init(&p);
    assert_int_equal(search_phrases_add_term(&p, "誤送信", 0), KZ_OK);
    assert_int_equal(search_phrases_add_term(&p, "mail", 1), KZ_OK);
    search_phrases_add_ref(&p, 12);
    assert_int_equal(pg_search_tsquery(&p, 2, &q), KZ_OK);
    assert_string_equal(q, "(('誤送' <-> '送信') & 'mail':*) | '\x01"
                           "12'");
    xfree(q);
    assert_int_equal(pg_search_tsquery(&p, 3, &q), KZ_OK);
    assert_string_equal(q, "('誤送' <-> '送信') & 'mail':* & '\x01"
                           "12'");
    xfree(q);
    search_phrases_cleanup(&p);
}

static void test_tsvector_text(void **state)
{
    char *v = NULL;
    char big[3000];

    (void)state;
    /* Positions from 1; the colocated unigram at its bigram's. */
    assert_int_equal(pg_search_tsvector("顧客", strlen("顧客"), &v), KZ_OK);
    assert_string_equal(v, "'顧客':1 '顧':1 '客':2");
    xfree(v);
    assert_int_equal(pg_search_tsvector("", 0, &v), KZ_OK);
    assert_string_equal(v, "");
    xfree(v);
    /* A lexeme beyond 2 KB is cut below PostgreSQL's 2,047 bytes, at a
     * character: 'a' then 顧 (3 bytes) from byte 1 on. */
    struct buf b;
    size_t n = 1;
    big[0] = 'a';
    while (n + 3 < sizeof(big)) {
        memcpy(big + n, "顧", 3);
        n += 3;
    }
    buf_init(&b, 1 << 16);
    assert_int_equal(pg_search_lexeme(&b, big, n), KZ_OK);
    assert_int_equal(b.len, 2 + 2044);
    assert_memory_equal(b.data + 1, big, 2044);
    buf_cleanup(&b);
}

static void test_flush_indexes_and_clears(void **state)
{
    struct tempdb *t = *state;
    struct buf many;

    NEED_PG();
    /* Documents of incident 7 written as the triggers would (no incident
     * row is needed by the index). */
    tempdb_exec_ok(t, "INSERT INTO search_doc(id, incident_id, kind, source_id,"
                      " body) VALUES"
                      " (((549755813887 - 7) << 24) + 2, 7, 'timeline', 1,"
                      "  E'it''s a\\\\b \\x0112 顧客')," /* typed mark */
                      " (((549755813887 - 7) << 24) + 3, 7, 'tasks', 7,"
                      "  E'\\x0112 \\x0115')");
    /* A long document: 20,000 tokens, one word of 3,000 letters. */
    buf_init(&many, 1 << 20);
    assert_int_equal(buf_puts(&many, "INSERT INTO search_doc VALUES"
                                     " (((549755813887 - 7) << 24) + 4, 7,"
                                     " 'timeline', 2, '"),
                     KZ_OK);
    for (int i = 0; i < 20000; i++)
        assert_int_equal(buf_puts(&many, i == 19999 ? "end " : "w "), KZ_OK);
    for (int i = 0; i < 3000; i++)
        assert_int_equal(buf_puts(&many, "x"), KZ_OK);
    assert_int_equal(buf_puts(&many, "')"), KZ_OK);
    tempdb_exec_ok(t, many.data);
    buf_cleanup(&many);

    assert_int_equal(store_begin(t->s), KZ_OK);
    assert_int_equal(store_commit(t->s), KZ_OK);
    assert_int_equal(tempdb_int(t, "SELECT count(*) FROM search_doc"
                                   " WHERE body IS NOT NULL"),
                     0);
    assert_int_equal(tempdb_int(t, "SELECT count(*) FROM search_fts"), 3);
    assert_int_equal(tempdb_int(t, "SELECT count(*) FROM search_fts"
                                   " WHERE tsv @@ '''顧客'''::tsquery"),
                     1);
    /* The quote and backslash separate words: it, s, a, b. */
    assert_int_equal(tempdb_int(t, "SELECT count(*) FROM search_fts"
                                   " WHERE tsv @@ '''it'' <-> ''s'''::tsquery"),
                     1);
    /* The mark a user typed is a space there: only the 'tasks' document
     * holds the reference. */
    assert_int_equal(tempdb_int(t, "SELECT count(*) FROM search_fts"
                                   " WHERE tsv @@ E'''\\x0112'''::tsquery"),
                     1);
    assert_int_equal(tempdb_int(t, "SELECT count(*) FROM search_fts"
                                   " WHERE tsv @@ '''12'''::tsquery"),
                     1);
    /* The body is kept as written, for the snippets (mark as space). */
    assert_int_equal(tempdb_int(t, "SELECT count(*) FROM search_fts"
                                   " WHERE body = E'it''s a\\\\b  12 顧客'"),
                     1);
    /* Past 16,383 positions, still indexed. */
    assert_int_equal(tempdb_int(t, "SELECT count(*) FROM search_fts"
                                   " WHERE tsv @@ '''end'''::tsquery"),
                     1);
    /* A deleted document leaves the index at the next commit. */
    tempdb_exec_ok(t, "DELETE FROM search_doc WHERE source_id = 2");
    assert_int_equal(store_begin(t->s), KZ_OK);
    assert_int_equal(store_commit(t->s), KZ_OK);
    assert_int_equal(tempdb_int(t, "SELECT count(*) FROM search_fts"), 2);
    assert_int_equal(tempdb_int(t, "SELECT count(*) FROM search_gone"), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_lexemes_round_trip, tempdb_setup,
                                        tempdb_teardown),
        cmocka_unit_test(test_tsquery_text),
        cmocka_unit_test(test_tsvector_text),
        cmocka_unit_test_setup_teardown(test_flush_indexes_and_clears,
                                        tempdb_setup, tempdb_teardown),
    };

    return cmocka_run_group_tests(tests, fixture_group_setup, NULL);
}
