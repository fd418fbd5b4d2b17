/* SPDX-License-Identifier: MIT */
/*
 * sqlite_search.c - full-text search in SQLite (docs/internals/search.md):
 * kizuki's FTS5 tokenizer and its offsets function, registered on every
 * connection; the step that moves changed documents into the index before
 * each commit; and the search itself.
 *
 * The match expression given to FTS5 is built here from the parsed terms,
 * each one a double-quoted string with its quotes doubled: nothing a user
 * types is read as FTS5 syntax (no OR, NEAR, column filters or *).
 */
#include "store/sqlite_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/search_token.h"
#include "util/buf.h"
#include "util/mem.h"

/* ---- tokenizer ---------------------------------------------------------- */

/* The tokenizer has no settings: every instance is the same one. */
static int tok_create(void *ctx, const char **argv, int argc,
                      Fts5Tokenizer **out)
{
    static int instance;

    (void)ctx;
    (void)argv;
    /* No options: a table that gives the built-in unicode61 options was
     * not made by kizuki. */
    if (argc != 0)
        return SQLITE_ERROR;
    *out = (Fts5Tokenizer *)&instance;
    return SQLITE_OK;
}

static void tok_delete(Fts5Tokenizer *t)
{
    (void)t;
}

struct tok_ctx {
    void *fts_ctx;
    int (*token)(void *, int, const char *, int, int, int);
};

static int tok_one(void *ctx, const char *tok, size_t len, size_t start,
                   size_t end, int flags)
{
    struct tok_ctx *c = ctx;

    return c->token(c->fts_ctx,
                    (flags & SEARCH_TOKEN_COLOCATED) ? FTS5_TOKEN_COLOCATED : 0,
                    tok, (int)len, (int)start, (int)end);
}

static int tok_tokenize(Fts5Tokenizer *t, void *fts_ctx, int flags,
                        const char *text, int n,
                        int (*token)(void *, int, const char *, int, int, int))
{
    struct tok_ctx c = {fts_ctx, token};

    (void)t;
    if (n <= 0)
        return SQLITE_OK;
    int rc = search_tokenize(
        text, (size_t)n,
        (flags & FTS5_TOKENIZE_QUERY) ? SEARCH_TOK_QUERY : SEARCH_TOK_DOCUMENT,
        tok_one, &c);
    return rc < 0 ? SQLITE_ERROR : rc;
}

/* ---- kz_offsets(search_fts, flags) -------------------------------------- */

/*
 * The byte ranges of the matched tokens in the body, as text
 * "start end start end ...".  'flags' holds one character per phrase of
 * the query: '1' where the phrase ends in a lone CJK character matched as
 * a prefix of a bigram, whose range is then only that character's.
 */
struct inst_range {
    int first, last; /* token positions */
    bool one;
};

struct off_ctx {
    const struct inst_range *inst;
    int n;
    int pos;
    struct buf out;
    const char *text;
    int len;
};

/* The bytes of the first character of text[start..end): its code point and
 * the marks that combine with it (ｶﾞ, か゛). */
static int first_char_end(const char *text, int start, int end)
{
    uint32_t c;
    int i = start;
    size_t m = search_utf8_decode(text + i, (size_t)(end - i), &c);

    i += m ? (int)m : 1;
    while (i < end) {
        m = search_utf8_decode(text + i, (size_t)(end - i), &c);
        if (m == 0 ||
            !(c == 0xff9e || c == 0xff9f || c == 0x3099 || c == 0x309a ||
              (c >= 0x300 && c < 0x370) || (c >= 0xfe00 && c <= 0xfe0f)))
            break;
        i += (int)m;
    }
    return i;
}

static int off_token(void *ctx, int tflags, const char *tok, int len, int start,
                     int end)
{
    struct off_ctx *c = ctx;

    (void)tok;
    (void)len;
    if (tflags & FTS5_TOKEN_COLOCATED)
        return SQLITE_OK;
    for (int i = 0; i < c->n; i++) {
        if (c->pos < c->inst[i].first || c->pos > c->inst[i].last)
            continue;
        int e = end;
        if (c->inst[i].one && c->pos == c->inst[i].last)
            e = first_char_end(c->text, start, end);
        if (buf_printf(&c->out, "%d %d ", start, e) != KZ_OK)
            return SQLITE_NOMEM;
        break;
    }
    c->pos++;
    return SQLITE_OK;
}

static void fn_offsets(const Fts5ExtensionApi *api, Fts5Context *fts,
                       sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    const char *flags =
        argc > 0 ? (const char *)sqlite3_value_text(argv[0]) : NULL;
    size_t nflags = flags ? strlen(flags) : 0;
    int ninst = 0;
    struct off_ctx c = {0};

    if (api->xInstCount(fts, &ninst) != SQLITE_OK) {
        sqlite3_result_error(ctx, "kz_offsets", -1);
        return;
    }
    struct inst_range *inst =
        xcalloc(ninst > 0 ? (size_t)ninst : 1, sizeof(*inst));
    int n = 0;
    for (int i = 0; i < ninst; i++) {
        int phrase, col, off;
        if (api->xInst(fts, i, &phrase, &col, &off) != SQLITE_OK || col != 0)
            continue;
        inst[n].first = off;
        inst[n].last = off + api->xPhraseSize(fts, phrase) - 1;
        inst[n].one =
            flags != NULL && (size_t)phrase < nflags && flags[phrase] == '1';
        n++;
    }
    int rc = api->xColumnText(fts, 0, &c.text, &c.len);
    buf_init(&c.out, 1024 * 1024);
    c.inst = inst;
    c.n = n;
    if (rc == SQLITE_OK && n > 0 && c.text != NULL)
        rc = api->xTokenize(fts, c.text, c.len, &c, off_token);
    if (rc != SQLITE_OK)
        sqlite3_result_error_code(ctx, rc);
    else
        sqlite3_result_text(ctx, c.out.data ? c.out.data : "", (int)c.out.len,
                            SQLITE_TRANSIENT);
    buf_cleanup(&c.out);
    xfree(inst);
}

/* ---- registration ------------------------------------------------------- */

static fts5_api *fts5_of(sqlite3 *db)
{
    fts5_api *api = NULL;
    sqlite3_stmt *st = NULL;

    if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &st, NULL) != SQLITE_OK)
        return NULL;
    sqlite3_bind_pointer(st, 1, (void *)&api, "fts5_api_ptr", NULL);
    (void)sqlite3_step(st);
    sqlite3_finalize(st);
    return api;
}

enum kz_err sqlite_search_register(struct sqlite_store *ss)
{
    static fts5_tokenizer tokenizer = {tok_create, tok_delete, tok_tokenize};
    fts5_api *api = fts5_of(ss->db);

    if (api == NULL || api->iVersion < 2) {
        fprintf(stderr, "kizuki: sqlite: this SQLite has no FTS5\n");
        return KZ_ESTORE;
    }
    /* Under the built-in's name, so that other SQLite clients can still
     * open the table (0017_search.sql); FTS5 finds the newest one. */
    int rc = api->xCreateTokenizer(api, "unicode61", NULL, &tokenizer, NULL);
    if (rc == SQLITE_OK)
        rc = api->xCreateFunction(api, "kz_offsets", NULL, fn_offsets, NULL);
    return sqlite_err(ss, rc);
}

/* ---- keeping the index in step ------------------------------------------ */

static const char sql_gone[] = "SELECT id FROM search_gone";
static const char sql_gone_clear[] = "DELETE FROM search_gone";
static const char sql_dirty[] =
    "SELECT id, body FROM search_doc WHERE body IS NOT NULL";
static const char sql_dirty_clear[] =
    "UPDATE search_doc SET body = NULL WHERE body IS NOT NULL";
static const char sql_fts_delete[] = "DELETE FROM search_fts WHERE rowid = ?1";
static const char sql_fts_insert[] =
    "INSERT INTO search_fts(rowid, body) VALUES (?1, ?2)";

static enum kz_err fts_drop(struct sqlite_store *ss, int64_t id)
{
    sqlite3_stmt *st = sqlite_stmt(ss, sql_fts_delete);

    if (st == NULL)
        return KZ_ESTORE;
    sqlite3_bind_int64(st, 1, id);
    return sqlite_exec_stmt(ss, st);
}

enum kz_err sqlite_search_flush(struct sqlite_store *ss)
{
    sqlite3_stmt *st = sqlite_stmt(ss, sql_gone);
    enum kz_err err = KZ_OK;
    bool any = false;
    int rc = SQLITE_DONE;

    if (ss->schema < 15)
        return KZ_OK; /* opened by a migration older than the index */
    if (st == NULL)
        return KZ_ESTORE;
    while (err == KZ_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        any = true;
        err = fts_drop(ss, sqlite3_column_int64(st, 0));
    }
    if (err == KZ_OK && rc != SQLITE_DONE)
        err = sqlite_err(ss, rc);
    sqlite3_reset(st);
    if (err == KZ_OK && any)
        err = sqlite_exec_stmt(ss, sqlite_stmt(ss, sql_gone_clear));
    if (err != KZ_OK)
        return err;
    any = false;
    st = sqlite_stmt(ss, sql_dirty);
    if (st == NULL)
        return KZ_ESTORE;
    while (err == KZ_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        int64_t id = sqlite3_column_int64(st, 0);
        any = true;
        /* A changed document: drop what was indexed (nothing for a new
         * one), then index the text it has now. */
        err = fts_drop(ss, id);
        sqlite3_stmt *ins =
            err == KZ_OK ? sqlite_stmt(ss, sql_fts_insert) : NULL;
        if (err == KZ_OK && ins == NULL)
            err = KZ_ESTORE;
        if (err == KZ_OK) {
            sqlite3_bind_int64(ins, 1, id);
            sqlite3_bind_value(ins, 2, sqlite3_column_value(st, 1));
            err = sqlite_exec_stmt(ss, ins);
        }
    }
    if (err == KZ_OK && rc != SQLITE_DONE)
        err = sqlite_err(ss, rc);
    sqlite3_reset(st);
    if (err == KZ_OK && any)
        err = sqlite_exec_stmt(ss, sqlite_stmt(ss, sql_dirty_clear));
    return err;
}

/* ---- searching ---------------------------------------------------------- */

enum kz_err sqlite_search_match(const struct search_query *q, char **match,
                                char **flags)
{
    struct buf b, f;
    enum kz_err err = KZ_OK;

    buf_init(&b, 64 * 1024);
    buf_init(&f, 1024);
    for (size_t i = 0; err == KZ_OK && i < q->terms.n; i++) {
        const char *t = q->terms.v[i];
        err = buf_puts(&b, i > 0 ? " AND \"" : "\"");
        for (; err == KZ_OK && *t != '\0'; t++)
            err = *t == '"' ? buf_puts(&b, "\"\"") : buf_append(&b, t, 1);
        if (err == KZ_OK)
            err = buf_puts(&b,
                           (q->flags[i] & SEARCH_TERM_PREFIX) ? "\" *" : "\"");
        if (err == KZ_OK)
            err = buf_puts(&f, (q->flags[i] & SEARCH_TERM_ONE_CJK) ? "1" : "0");
    }
    if (err != KZ_OK) {
        buf_cleanup(&b);
        buf_cleanup(&f);
        return err;
    }
    *match = buf_take(&b);
    if (flags != NULL)
        *flags = buf_take(&f);
    buf_cleanup(&f);
    return KZ_OK;
}

void sqlite_search_read_match(sqlite3_stmt *st, int col, struct search_match *m)
{
    const char *p = (const char *)sqlite3_column_text(st, col + 2);
    size_t cap = 0;

    memset(m, 0, sizeof(*m));
    m->kind = sqlite_col_text(st, col);
    m->body = sqlite_col_text(st, col + 1);
    if (m->kind == NULL)
        m->kind = xstrdup("");
    if (m->body == NULL)
        m->body = xstrdup("");
    while (p != NULL && *p != '\0') {
        char *e1, *e2;
        long long a = strtoll(p, &e1, 10);
        if (e1 == p)
            break;
        long long b = strtoll(e1, &e2, 10);
        if (e2 == e1 || a < 0 || b < a)
            break;
        if (m->n == cap) {
            cap = cap ? cap * 2 : 8;
            m->ranges = xrealloc(m->ranges, cap * sizeof(*m->ranges));
        }
        m->ranges[m->n][0] = (size_t)a;
        m->ranges[m->n][1] = (size_t)b;
        m->n++;
        p = e2;
    }
}

enum kz_err sqlite_search(struct store *s, const struct search_query *q,
                          const struct incident_filter *f,
                          struct search_hits *out)
{
    char *match = NULL, *flags = NULL;
    enum kz_err err = sqlite_search_match(q, &match, &flags);

    if (err == KZ_OK)
        err = sqlite_search_scan(sq(s), f, match, flags, out);
    xfree(match);
    xfree(flags);
    return err;
}
