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
 *
 * What is not FTS5's — which documents changed, the 'tasks' documents of
 * the templates, a template's match turned back into its tasks' — is
 * shared with every engine (sql_search.c); everything but the FTS5
 * registration, which needs SQLite's own handle, goes through db.h.
 */
#include "store/sqlite_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/search_phrase.h"
#include "core/search_token.h"
#include "store/sql_search.h"
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
            e = (int)search_first_char_end(c->text, (size_t)start, (size_t)end);
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
    fts5_api *api = fts5_of(db_sqlite_handle(ss->base.db));

    if (api == NULL || api->iVersion < 2) {
        fprintf(stderr, "kizuki: sqlite: this SQLite has no FTS5\n");
        return KZ_ESTORE;
    }
    /* Under the built-in's name, so that other SQLite clients can still
     * open the table (0017_search.sql); FTS5 finds the newest one. */
    int rc = api->xCreateTokenizer(api, "unicode61", NULL, &tokenizer, NULL);
    if (rc == SQLITE_OK)
        rc = api->xCreateFunction(api, "kz_offsets", NULL, fn_offsets, NULL);
    return db_sqlite_err(ss->base.db, rc);
}

/* ---- keeping the index in step ------------------------------------------ */

static const char sql_fts_delete[] = "DELETE FROM search_fts WHERE rowid = ?1";
static const char sql_fts_insert[] =
    "INSERT INTO search_fts(rowid, body) VALUES (?1, ?2)";

static enum kz_err fts_drop(struct store *s, int64_t id)
{
    struct db_stmt *st = db_stmt(s->db, sql_fts_delete);

    if (st == NULL)
        return KZ_ESTORE;
    db_bind_int64(st, 1, id);
    return sql_exec(st);
}

/* FTS5 tokenizes the body itself, with the tokenizer above. */
static enum kz_err fts_put(struct store *s, int64_t id, const char *body,
                           size_t len)
{
    struct db_stmt *st = db_stmt(s->db, sql_fts_insert);

    (void)len;
    if (st == NULL)
        return KZ_ESTORE;
    db_bind_int64(st, 1, id);
    db_bind_text(st, 2, body);
    return sql_exec(st);
}

static const struct search_index fts5_index = {fts_drop, fts_put};

enum kz_err sqlite_search_flush(struct sqlite_store *ss)
{
    return sql_search_flush(&ss->base, &fts5_index);
}

/* ---- searching ---------------------------------------------------------- */

static const char sql_templates[] =
    "SELECT rowid - ?2 FROM search_fts"
    " WHERE search_fts MATCH ?1 AND rowid >= ?2 ORDER BY rowid";

/* Append to 'b' " OR <reference>" for each template that the FTS5
 * expression 'match' finds: an incident's 'tasks' document naming one
 * of them is then a match too. */
static enum kz_err add_templates(struct store *s, const char *match,
                                 struct buf *b)
{
    struct db_stmt *st = db_stmt(s->db, sql_templates);
    enum kz_err err = KZ_OK;
    enum db_rc rc = DB_DONE;

    if (st == NULL)
        return KZ_ESTORE;
    db_bind_text(st, 1, match);
    db_bind_int64(st, 2, SEARCH_TEMPLATE_DOC);
    while (err == KZ_OK && (rc = db_step(st)) == DB_ROW)
        err = buf_printf(b, " OR \"%c%lld\"", SEARCH_REF_MARK,
                         (long long)db_col_int64(st, 0));
    if (err == KZ_OK)
        err = sql_step_err(st, rc);
    db_reset(st);
    return err;
}

enum kz_err sqlite_search_match(struct sqlite_store *ss,
                                const struct search_query *q, char **match,
                                char **flags)
{
    struct buf b, f;
    enum kz_err err = KZ_OK;

    buf_init(&b, 64 * 1024);
    buf_init(&f, 1024);
    for (size_t i = 0; err == KZ_OK && i < q->terms.n; i++) {
        const char *t = q->terms.v[i];
        err = buf_puts(&b, i > 0 ? " AND \"" : "\"");
        /* Control characters separate words anyway; SEARCH_REF_MARK
         * must not reach the tokenizer from what a user typed. */
        for (; err == KZ_OK && *t != '\0'; t++)
            err = *t == '"'                  ? buf_puts(&b, "\"\"")
                  : (unsigned char)*t < 0x20 ? buf_puts(&b, " ")
                                             : buf_append(&b, t, 1);
        if (err == KZ_OK)
            err = buf_puts(&b,
                           (q->flags[i] & SEARCH_TERM_PREFIX) ? "\" *" : "\"");
        if (err == KZ_OK)
            err = buf_puts(&f, (q->flags[i] & SEARCH_TERM_ONE_CJK) ? "1" : "0");
    }
    /* The same words in a playbook task's title, shared by every incident
     * of that playbook: "(words) OR <template> OR ...".  The templates'
     * phrases come after the words', whose kz_offsets flags stay as they
     * are. */
    if (err == KZ_OK && ss != NULL && ss->base.schema >= 18 && b.data != NULL) {
        struct buf x;
        buf_init(&x, 1024 * 1024);
        err = add_templates(&ss->base, b.data, &x);
        if (err == KZ_OK && x.len > 0) {
            struct buf y;
            buf_init(&y, 2 * 1024 * 1024);
            err = buf_printf(&y, "(%s)%s", b.data, x.data);
            buf_cleanup(&b);
            b = y;
        }
        buf_cleanup(&x);
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

/* The matched byte ranges of kz_offsets' text "start end start end …"
 * into 'm'. */
static void read_offsets(const char *p, struct search_match *m)
{
    size_t cap = 0;

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

void sqlite_search_read_match(struct db_stmt *st, int col,
                              struct search_match *m)
{
    memset(m, 0, sizeof(*m));
    m->kind = sql_col_text(st, col);
    m->body = sql_col_text(st, col + 1);
    if (m->kind == NULL)
        m->kind = xstrdup("");
    if (m->body == NULL)
        m->body = xstrdup("");
    read_offsets(db_col_text(st, col + 2), m);
}

/* ---- a playbook task's title, found through its template --------------- */

static const char sql_template_match[] =
    "SELECT 'task', body, kz_offsets(search_fts, ?3) FROM search_fts"
    " WHERE search_fts MATCH ?1 AND rowid = ?2";

/* The words of a search (the FTS5 expression without templates) and
 * their kz_offsets flags. */
struct words {
    struct store *s;
    const char *match;
    const char *flags;
};

/* sql_search_template_fn: the template 'id' as a match of the words: its
 * title, highlighted. */
static enum kz_err template_match(void *ctx, int64_t id,
                                  struct search_match *out, bool *found)
{
    const struct words *w = ctx;
    struct db_stmt *st = db_stmt(w->s->db, sql_template_match);

    *found = false;
    if (st == NULL)
        return KZ_ESTORE;
    db_bind_text(st, 1, w->match);
    db_bind_int64(st, 2, SEARCH_TEMPLATE_DOC + id);
    db_bind_text(st, 3, w->flags);
    enum db_rc rc = db_step(st);
    if (rc == DB_ROW) {
        sqlite_search_read_match(st, 0, out);
        *found = out->n > 0;
        if (!*found)
            sql_search_match_cleanup(out);
    }
    enum kz_err err = rc == DB_ROW ? KZ_OK : sql_step_err(st, rc);
    db_reset(st);
    return err;
}

enum kz_err sqlite_search(struct store *s, const struct search_query *q,
                          const struct incident_filter *f,
                          struct search_hits *out)
{
    char *match = NULL, *flags = NULL, *words = NULL;
    struct sqlite_store *ss = sq(s);
    enum kz_err err = sqlite_search_match(NULL, q, &words, NULL);

    if (err == KZ_OK)
        err = sqlite_search_match(ss, q, &match, &flags);
    if (err == KZ_OK)
        err = sqlite_search_scan(ss, f, match, flags, out);
    if (err == KZ_OK && match != NULL && words != NULL &&
        strcmp(match, words) != 0) {
        struct words w = {s, words, flags};
        err = sql_search_expand_tasks(out, template_match, &w);
        if (err != KZ_OK)
            search_hits_cleanup(out);
    }
    xfree(match);
    xfree(flags);
    xfree(words);
    return err;
}
