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

/* The incidents whose 'tasks' document is to be rebuilt (0018), and its
 * text: a reference to the template of each playbook task of the
 * incident that has no document of its own, in task order. */
static const char sql_tasks_dirty[] =
    "SELECT incident_id FROM search_tasks_dirty";
static const char sql_tasks_dirty_clear[] = "DELETE FROM search_tasks_dirty";
static const char sql_tasks_body[] =
    "SELECT group_concat(char(1) || tid, ' ') FROM"
    " (SELECT p.id AS tid FROM task t"
    "  JOIN search_template p ON p.title = t.title"
    "  WHERE t.incident_id = ?1 AND substr(t.source, 1, 9) = 'playbook:'"
    "    AND NOT EXISTS (SELECT 1 FROM search_doc d"
    "                    WHERE d.incident_id = ?1 AND d.kind = 'task'"
    "                      AND d.source_id = t.id)"
    "  ORDER BY t.id)";
static const char sql_tasks_update[] =
    "UPDATE search_doc SET body = ?2"
    " WHERE incident_id = ?1 AND kind = 'tasks' AND source_id = ?1";
/* The next free document number of the incident, as the triggers of
 * 0017 take it. */
static const char sql_tasks_insert[] =
    "INSERT INTO search_doc(id, incident_id, kind, source_id, body)"
    " VALUES (max(((549755813887 - ?1) << 24) + 2,"
    "             coalesce((SELECT max(id) + 1 FROM search_doc"
    "                       WHERE id >= (549755813887 - ?1) << 24"
    "                         AND id < (549755813888 - ?1) << 24), 0)),"
    "         ?1, 'tasks', ?1, ?2)";
static const char sql_tasks_delete[] =
    "DELETE FROM search_doc"
    " WHERE incident_id = ?1 AND kind = 'tasks' AND source_id = ?1";

static enum kz_err exec_id_text(struct sqlite_store *ss, const char *sql,
                                int64_t id, sqlite3_value *text)
{
    sqlite3_stmt *st = sqlite_stmt(ss, sql);

    if (st == NULL)
        return KZ_ESTORE;
    sqlite3_bind_int64(st, 1, id);
    if (text != NULL)
        sqlite3_bind_value(st, 2, text);
    return sqlite_exec_stmt(ss, st);
}

/* Rebuild the 'tasks' document of incident 'id': its body set (indexed
 * below, with the other changed documents), or the document gone when
 * the incident has no playbook task left to name. */
static enum kz_err tasks_doc(struct sqlite_store *ss, int64_t id)
{
    sqlite3_stmt *st = sqlite_stmt(ss, sql_tasks_body);
    enum kz_err err = KZ_OK;

    if (st == NULL)
        return KZ_ESTORE;
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    if (rc != SQLITE_ROW) {
        err = sqlite_err(ss, rc);
    } else if (sqlite3_column_type(st, 0) == SQLITE_NULL) {
        err = exec_id_text(ss, sql_tasks_delete, id, NULL);
    } else {
        sqlite3_value *body = sqlite3_column_value(st, 0);
        err = exec_id_text(ss, sql_tasks_update, id, body);
        if (err == KZ_OK && sqlite3_changes(ss->db) == 0)
            err = exec_id_text(ss, sql_tasks_insert, id, body);
    }
    sqlite3_reset(st);
    return err;
}

static enum kz_err flush_tasks(struct sqlite_store *ss)
{
    sqlite3_stmt *st = sqlite_stmt(ss, sql_tasks_dirty);
    enum kz_err err = KZ_OK;
    bool any = false;
    int rc = SQLITE_DONE;

    if (st == NULL)
        return KZ_ESTORE;
    while (err == KZ_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        any = true;
        err = tasks_doc(ss, sqlite3_column_int64(st, 0));
    }
    if (err == KZ_OK && rc != SQLITE_DONE)
        err = sqlite_err(ss, rc);
    sqlite3_reset(st);
    if (err == KZ_OK && any)
        err = sqlite_exec_stmt(ss, sqlite_stmt(ss, sql_tasks_dirty_clear));
    return err;
}

static const char sql_gone[] = "SELECT id FROM search_gone";
static const char sql_gone_clear[] = "DELETE FROM search_gone";
static const char sql_dirty[] =
    "SELECT id, body, kind = 'tasks' FROM search_doc WHERE body IS NOT NULL";
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

/*
 * Bind the body of the document in column 1 of 'doc' as ?2 of 'ins'.
 * Only a 'tasks' document ('refs') may hold reference tokens: in any
 * other text SEARCH_REF_MARK is a separator like any control character,
 * so that nobody can make an incident seem to hold a playbook task by
 * typing one.  Same length, so offsets do not move.
 */
static enum kz_err bind_body(sqlite3_stmt *ins, sqlite3_stmt *doc, bool refs)
{
    const char *body = (const char *)sqlite3_column_text(doc, 1);
    int n = sqlite3_column_bytes(doc, 1);

    if (refs || body == NULL ||
        memchr(body, SEARCH_REF_MARK, (size_t)n) == NULL) {
        sqlite3_bind_value(ins, 2, sqlite3_column_value(doc, 1));
        return KZ_OK;
    }
    char *copy = xmalloc((size_t)n + 1);
    memcpy(copy, body, (size_t)n + 1);
    for (char *p = copy;
         (p = memchr(p, SEARCH_REF_MARK, (size_t)(copy + n - p))) != NULL;)
        *p = ' ';
    sqlite3_bind_text(ins, 2, copy, n, xfree);
    return KZ_OK;
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
    /* First the 'tasks' documents, whose changes join the others. */
    if (ss->schema >= 18)
        err = flush_tasks(ss);
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
            err = bind_body(ins, st, sqlite3_column_int(st, 2) != 0);
        }
        if (err == KZ_OK)
            err = sqlite_exec_stmt(ss, ins);
    }
    if (err == KZ_OK && rc != SQLITE_DONE)
        err = sqlite_err(ss, rc);
    sqlite3_reset(st);
    if (err == KZ_OK && any)
        err = sqlite_exec_stmt(ss, sqlite_stmt(ss, sql_dirty_clear));
    return err;
}

/* ---- searching ---------------------------------------------------------- */

/* The first document of the templates (0018): incident id 0, whose
 * documents no incident search ever joins to an incident. */
#define TEMPLATE_DOC (SEARCH_DOC_TOP << 24)

static const char sql_templates[] =
    "SELECT rowid - ?2 FROM search_fts"
    " WHERE search_fts MATCH ?1 AND rowid >= ?2 ORDER BY rowid";

/* Append to 'b' " OR <reference>" for each template that the FTS5
 * expression 'match' finds: an incident's 'tasks' document naming one
 * of them is then a match too. */
static enum kz_err add_templates(struct sqlite_store *ss, const char *match,
                                 struct buf *b)
{
    sqlite3_stmt *st = sqlite_stmt(ss, sql_templates);
    enum kz_err err = KZ_OK;
    int rc;

    if (st == NULL)
        return KZ_ESTORE;
    sqlite3_bind_text(st, 1, match, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, TEMPLATE_DOC);
    while (err == KZ_OK && (rc = sqlite3_step(st)) == SQLITE_ROW)
        err = buf_printf(b, " OR \"%c%lld\"", SEARCH_REF_MARK,
                         (long long)sqlite3_column_int64(st, 0));
    if (err == KZ_OK && rc != SQLITE_DONE)
        err = sqlite_err(ss, rc);
    sqlite3_reset(st);
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
    if (err == KZ_OK && ss != NULL && ss->schema >= 18 && b.data != NULL) {
        struct buf x;
        buf_init(&x, 1024 * 1024);
        err = add_templates(ss, b.data, &x);
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

/* ---- a playbook task's title, found through its template --------------- */

static const char sql_template_match[] =
    "SELECT 'task', body, kz_offsets(search_fts, ?3) FROM search_fts"
    " WHERE search_fts MATCH ?1 AND rowid = ?2";

static void match_cleanup(struct search_match *m)
{
    xfree(m->kind);
    xfree(m->body);
    xfree(m->ranges);
    memset(m, 0, sizeof(*m));
}

/* The template 'id' as a match of the words 'match' (with their kz_offsets
 * 'flags'): its title, highlighted. */
static enum kz_err template_match(struct sqlite_store *ss, const char *match,
                                  const char *flags, int64_t id,
                                  struct search_match *out, bool *found)
{
    sqlite3_stmt *st = sqlite_stmt(ss, sql_template_match);

    *found = false;
    if (st == NULL)
        return KZ_ESTORE;
    sqlite3_bind_text(st, 1, match, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, TEMPLATE_DOC + id);
    sqlite3_bind_text(st, 3, flags, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        sqlite_search_read_match(st, 0, out);
        *found = out->n > 0;
        if (!*found)
            match_cleanup(out);
    }
    sqlite3_reset(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? KZ_OK : sqlite_err(ss, rc);
}

/* A copy of 'm' (OUT: *out, the caller's). */
static void match_copy(const struct search_match *m, struct search_match *out)
{
    out->kind = xstrdup(m->kind);
    out->body = xstrdup(m->body);
    out->n = m->n;
    out->ranges = xcalloc(m->n > 0 ? m->n : 1, sizeof(*out->ranges));
    memcpy(out->ranges, m->ranges, m->n * sizeof(*m->ranges));
}

/* The templates already matched in this search: a page's incidents
 * mostly name the same few. */
#define TEMPLATE_SEEN_MAX 32

struct template_seen {
    int64_t id[TEMPLATE_SEEN_MAX];
    struct search_match m[TEMPLATE_SEEN_MAX];
    bool found[TEMPLATE_SEEN_MAX];
    size_t n;
};

/* template_match through 'seen'. */
static enum kz_err template_match_seen(struct sqlite_store *ss,
                                       const char *match, const char *flags,
                                       int64_t id, struct template_seen *seen,
                                       struct search_match *out, bool *found)
{
    for (size_t i = 0; i < seen->n; i++) {
        if (seen->id[i] != id)
            continue;
        *found = seen->found[i];
        if (*found)
            match_copy(&seen->m[i], out);
        return KZ_OK;
    }
    enum kz_err err = template_match(ss, match, flags, id, out, found);
    if (err == KZ_OK && seen->n < TEMPLATE_SEEN_MAX) {
        seen->id[seen->n] = id;
        seen->found[seen->n] = *found;
        if (*found)
            match_copy(out, &seen->m[seen->n]);
        seen->n++;
    }
    return err;
}

/*
 * Replace each matching 'tasks' document of the hits (its ranges are the
 * references that matched) by the titles of those templates, as the
 * task documents they stand for would have matched: kind "task", the
 * title, its highlights.  At most SEARCH_MATCHES_MAX per incident.
 */
static enum kz_err expand_tasks(struct sqlite_store *ss, const char *match,
                                const char *flags, struct search_hits *h)
{
    struct template_seen seen = {0};
    enum kz_err err = KZ_OK;

    for (size_t i = 0; err == KZ_OK && i < h->n; i++) {
        struct search_hit *hit = &h->items[i];
        struct search_match *v = xcalloc(SEARCH_MATCHES_MAX, sizeof(*v));
        size_t n = 0;
        for (size_t j = 0; j < hit->n; j++) {
            struct search_match *m = &hit->matches[j];
            if (strcmp(m->kind, "tasks") != 0) {
                if (n < SEARCH_MATCHES_MAX)
                    v[n++] = *m;
                else
                    match_cleanup(m);
                continue;
            }
            for (size_t r = 0; err == KZ_OK && r < m->n; r++) {
                size_t a = m->ranges[r][0];
                bool found = false;
                if (n == SEARCH_MATCHES_MAX || a >= strlen(m->body) ||
                    m->body[a] != SEARCH_REF_MARK)
                    continue;
                err = template_match_seen(ss, match, flags,
                                          strtoll(m->body + a + 1, NULL, 10),
                                          &seen, &v[n], &found);
                n += found ? 1 : 0;
            }
            match_cleanup(m);
        }
        xfree(hit->matches);
        hit->matches = v;
        hit->n = n;
    }
    for (size_t i = 0; i < seen.n; i++) {
        if (seen.found[i])
            match_cleanup(&seen.m[i]);
    }
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
        err = expand_tasks(ss, words, flags, out);
        if (err != KZ_OK)
            search_hits_cleanup(out);
    }
    xfree(match);
    xfree(flags);
    xfree(words);
    return err;
}
