/* SPDX-License-Identifier: MIT */
/*
 * pg_search.c - full-text search on PostgreSQL (pg_search.h,
 * docs/internals/search.md "PostgreSQL").
 *
 * No text search configuration ever sees the text: the tokens are
 * kizuki's (core/search_token.c), written through the tsvector input
 * syntax, and the queries are tsquery values written the same way from
 * the same phrases the FTS5 expression is made of, every lexeme quoted,
 * bound as parameters.  PostgreSQL answers which documents match; where
 * they match (the highlights) is found in C by tokenizing the page's
 * documents again (core/search_phrase.c), as FTS5's kz_offsets would.
 */
#include "store/pg_search.h"

#include <string.h>

#include "core/search_token.h"
#include "store/sql_incident.h"
#include "store/sql_search.h"
#include "util/buf.h"
#include "util/mem.h"

/* tsvector's limits: positions 1..16383, lexemes below 2 KB. */
#define TSV_POS_MAX 16383
#define TSV_LEXEME_MAX 2046

enum kz_err pg_search_lexeme(struct buf *b, const char *tok, size_t len)
{
    if (len > TSV_LEXEME_MAX) {
        len = TSV_LEXEME_MAX;
        while (len > 0 && ((unsigned char)tok[len] & 0xc0) == 0x80)
            len--;
    }
    enum kz_err err = buf_puts(b, "'");
    size_t from = 0;
    for (size_t i = 0; err == KZ_OK && i < len; i++) {
        if (tok[i] != '\'' && tok[i] != '\\')
            continue;
        err = buf_append(b, tok + from, i + 1 - from);
        if (err == KZ_OK)
            err = buf_append(b, tok + i, 1);
        from = i + 1;
    }
    if (err == KZ_OK)
        err = buf_append(b, tok + from, len - from);
    if (err == KZ_OK)
        err = buf_puts(b, "'");
    return err;
}

/* ---- writing the index -------------------------------------------------- */

struct tsv_ctx {
    struct buf b;
    long pos; /* of the last token, 1-based */
};

static int tsv_token(void *ctx, const char *tok, size_t len, size_t start,
                     size_t end, int flags)
{
    struct tsv_ctx *c = ctx;

    (void)start;
    (void)end;
    if (!(flags & SEARCH_TOKEN_COLOCATED) || c->pos == 0)
        c->pos++;
    enum kz_err err = c->b.len > 0 ? buf_puts(&c->b, " ") : KZ_OK;
    if (err == KZ_OK)
        err = pg_search_lexeme(&c->b, tok, len);
    if (err == KZ_OK)
        err = buf_printf(&c->b, ":%ld",
                         c->pos < TSV_POS_MAX ? c->pos : (long)TSV_POS_MAX);
    return err == KZ_OK ? 0 : 1;
}

enum kz_err pg_search_tsvector(const char *body, size_t len, char **out)
{
    struct tsv_ctx c = {0};

    /* A document's tokens take up to a few times its bytes. */
    buf_init(&c.b, 64 * len + 1024);
    int rc = search_tokenize(body, len, SEARCH_TOK_DOCUMENT, tsv_token, &c);
    if (rc != 0) {
        buf_cleanup(&c.b);
        return rc < 0 ? KZ_EINVAL : KZ_ETOOBIG;
    }
    *out = c.b.data != NULL ? buf_take(&c.b) : xstrdup("");
    buf_cleanup(&c.b);
    return KZ_OK;
}

static const char sql_fts_delete[] = "DELETE FROM search_fts WHERE id = ?1";
static const char sql_fts_insert[] = "INSERT INTO search_fts(id, body, tsv)"
                                     " VALUES (?1, ?2, CAST(?3 AS tsvector))";

static enum kz_err tsv_drop(struct store *s, int64_t id)
{
    struct db_stmt *st = db_stmt(s->db, sql_fts_delete);

    if (st == NULL)
        return KZ_ESTORE;
    db_bind_int64(st, 1, id);
    return sql_exec(st);
}

static enum kz_err tsv_put(struct store *s, int64_t id, const char *body,
                           size_t len)
{
    struct db_stmt *st = db_stmt(s->db, sql_fts_insert);
    char *tsv = NULL;

    if (st == NULL)
        return KZ_ESTORE;
    enum kz_err err = pg_search_tsvector(body, len, &tsv);
    if (err != KZ_OK)
        return err;
    db_bind_int64(st, 1, id);
    db_bind_text(st, 2, body);
    db_bind_text(st, 3, tsv);
    xfree(tsv);
    return sql_exec(st);
}

static const struct search_index tsv_index = {tsv_drop, tsv_put};

enum kz_err pg_search_flush(struct store *s)
{
    return sql_search_flush(s, &tsv_index);
}

/* ---- the query ---------------------------------------------------------- */

static enum kz_err put_phrase(struct buf *b, const struct search_phrase *ph)
{
    enum kz_err err = ph->n > 1 ? buf_puts(b, "(") : KZ_OK;

    for (size_t j = 0; err == KZ_OK && j < ph->n; j++) {
        if (j > 0)
            err = buf_puts(b, " <-> ");
        if (err == KZ_OK)
            err = pg_search_lexeme(b, ph->tok[j], ph->len[j]);
    }
    if (err == KZ_OK && ph->prefix)
        err = buf_puts(b, ":*");
    if (err == KZ_OK && ph->n > 1)
        err = buf_puts(b, ")");
    return err;
}

enum kz_err pg_search_tsquery(const struct search_phrases *p, size_t nwords,
                              char **out)
{
    struct buf b;
    enum kz_err err = KZ_OK;

    buf_init(&b, 4 * 1024 * 1024);
    if (nwords < p->n)
        err = buf_puts(&b, "(");
    for (size_t i = 0; err == KZ_OK && i < nwords; i++) {
        if (i > 0)
            err = buf_puts(&b, " & ");
        if (err == KZ_OK)
            err = put_phrase(&b, &p->v[i]);
    }
    if (err == KZ_OK && nwords < p->n)
        err = buf_puts(&b, ")");
    for (size_t i = nwords; err == KZ_OK && i < p->n; i++) {
        err = buf_puts(&b, " | ");
        if (err == KZ_OK)
            err = put_phrase(&b, &p->v[i]);
    }
    if (err != KZ_OK) {
        buf_cleanup(&b);
        return err;
    }
    *out = b.data != NULL ? buf_take(&b) : xstrdup("");
    buf_cleanup(&b);
    return KZ_OK;
}

/* The phrases of the words of 'q', in order.  A term that leaves no
 * token once control characters are spaces (FTS5 is given the same text)
 * is a phrase of one lexeme that no document holds: the bare reference
 * mark. */
static enum kz_err word_phrases(const struct search_query *q,
                                struct search_phrases *p)
{
    enum kz_err err = KZ_OK;

    for (size_t i = 0; err == KZ_OK && i < q->terms.n; i++) {
        size_t before = p->n;
        err = search_phrases_add_term(p, q->terms.v[i], q->flags[i]);
        if (err == KZ_OK && p->n == before)
            search_phrases_add_ref(p, -1);
    }
    return err;
}

static const char sql_templates[] =
    "SELECT id - CAST(?2 AS BIGINT) FROM search_fts"
    " WHERE tsv @@ CAST(?1 AS tsquery) AND id >= CAST(?2 AS BIGINT)"
    " ORDER BY id";

/* The words of a search and the templates they match: 'p' holds the
 * words' phrases, then one reference phrase per template; 'words' the
 * tsquery of the words alone, 'all' with the references. */
struct query {
    struct store *s;
    struct search_phrases p;
    size_t nwords;
    char *words;
    char *all;
};

static void query_cleanup(struct query *qq)
{
    search_phrases_cleanup(&qq->p);
    xfree(qq->words);
    xfree(qq->all);
}

static enum kz_err query_make(struct store *s, const struct search_query *q,
                              struct query *qq)
{
    memset(qq, 0, sizeof(*qq));
    qq->s = s;
    search_phrases_init(&qq->p);
    enum kz_err err = word_phrases(q, &qq->p);
    qq->nwords = qq->p.n;
    if (err == KZ_OK)
        err = pg_search_tsquery(&qq->p, qq->nwords, &qq->words);
    /* The same words in a playbook task's title (a template, shared by
     * every incident of the playbook): "(words) | <template> | …". */
    struct db_stmt *st = err == KZ_OK ? db_stmt(s->db, sql_templates) : NULL;
    if (err == KZ_OK && st == NULL)
        err = KZ_ESTORE;
    if (err == KZ_OK) {
        enum db_rc rc;
        db_bind_text(st, 1, qq->words);
        db_bind_int64(st, 2, SEARCH_TEMPLATE_DOC);
        while ((rc = db_step(st)) == DB_ROW)
            search_phrases_add_ref(&qq->p, db_col_int64(st, 0));
        err = sql_step_err(st, rc);
        db_reset(st);
    }
    if (err == KZ_OK)
        err = pg_search_tsquery(&qq->p, qq->nwords, &qq->all);
    if (err != KZ_OK)
        query_cleanup(qq);
    return err;
}

enum kz_err pg_search_match(struct store *s, const struct search_query *q,
                            char **expr)
{
    struct query qq;
    enum kz_err err = query_make(s, q, &qq);

    if (err != KZ_OK)
        return err;
    *expr = qq.all;
    qq.all = NULL;
    query_cleanup(&qq);
    return KZ_OK;
}

/* ---- the search --------------------------------------------------------- */

/* A matched document: kind, body and the ranges the phrases 'p' match in
 * it (OUT: *m, the caller's). */
static enum kz_err make_match(const struct search_phrases *p, const char *kind,
                              const char *body, struct search_match *m)
{
    memset(m, 0, sizeof(*m));
    m->kind = xstrdup(kind != NULL ? kind : "");
    m->body = xstrdup(body != NULL ? body : "");
    enum kz_err err =
        search_phrases_ranges(p, m->body, strlen(m->body), &m->ranges, &m->n);
    if (err != KZ_OK)
        sql_search_match_cleanup(m);
    return err;
}

/* Documents read per statement: enough for a page whose incidents each
 * show SEARCH_MATCHES_MAX; more are read from where it stopped. */
#define SCAN_BATCH_MIN 64

struct scan {
    struct query *qq;
    const struct incident_filter *f;
    struct search_hits *out;
    size_t cap, limit;
    bool more; /* one incident beyond the page was seen */
};

/* Add the document row of 'st' (incident columns, kind, body) to the
 * hits; *last its document id. */
static enum kz_err scan_row(struct scan *sc, struct db_stmt *st, int64_t doc)
{
    struct search_hits *out = sc->out;
    int64_t id = db_col_int64(st, 0);
    struct search_hit *h = out->n > 0 ? &out->items[out->n - 1] : NULL;

    if (h == NULL || h->inc.id != id) {
        /* One incident more than the page tells that another follows;
         * its documents are not needed. */
        if (out->n == sc->limit) {
            sc->more = true;
            return KZ_OK;
        }
        if (out->n == sc->cap) {
            sc->cap = sc->cap ? sc->cap * 2 : 16;
            out->items = xrealloc(out->items, sc->cap * sizeof(*out->items));
        }
        h = &out->items[out->n++];
        memset(h, 0, sizeof(*h));
        incident_init(&h->inc);
        sql_incident_read(st, &h->inc);
        h->matches = xcalloc(SEARCH_MATCHES_MAX, sizeof(*h->matches));
    }
    (void)doc;
    if (h->n == SEARCH_MATCHES_MAX)
        return KZ_OK;
    enum kz_err err = make_match(
        &sc->qq->p, db_col_text(st, SQL_INCIDENT_NCOLUMNS + 1),
        db_col_text(st, SQL_INCIDENT_NCOLUMNS + 2), &h->matches[h->n]);
    if (err == KZ_OK)
        h->n++;
    return err;
}

/*
 * The page: documents matching the tsquery in id order (incidents newest
 * first), joined to the listing's filters and need-to-know, read a batch
 * at a time (PostgreSQL returns a statement's rows at once) from the
 * document after the last one read, or from the next incident once the
 * last one shows SEARCH_MATCHES_MAX documents, until one incident beyond
 * the page or the end.
 */
static enum kz_err scan(struct scan *sc)
{
    const struct incident_filter *f = sc->f;
    struct incident_filter g = *f;
    struct sql_filter fs;
    int batch = (int)(sc->limit + 1) * SEARCH_MATCHES_MAX;
    int64_t from = 0;
    enum kz_err err;

    if (batch < SCAN_BATCH_MIN)
        batch = SCAN_BATCH_MIN;
    if (f->before_id > 0)
        from = (SEARCH_DOC_TOP - f->before_id + 1) << 24;
    g.q = NULL;
    g.search = NULL;
    sql_filter_init(&fs, sc->qq->s);
    err = sql_filter_where(&fs, &g, false);
    if (err == KZ_OK)
        err = sql_filter_text(&fs, " AND f.tsv @@ CAST(? AS tsquery)",
                              sc->qq->all);
    int at_from = fs.nparams;
    if (err == KZ_OK)
        err = sql_filter_int(&fs, " AND f.id >= ?", from);
    if (err == KZ_OK)
        err = buf_puts(&fs.text, " ORDER BY f.id");
    if (err == KZ_OK)
        err = sql_filter_int(&fs, " LIMIT ?", batch);
    while (err == KZ_OK && !sc->more) {
        struct db_stmt *st = NULL;
        int rows = 0;
        int64_t last = 0;
        enum db_rc rc = DB_DONE;
        fs.params[at_from].i = from;
        err = sql_filter_prepare(
            &fs,
            "SELECT " SQL_INCIDENT_COLUMNS ", f.id, d.kind, f.body"
            " FROM search_fts f"
            " JOIN incident i ON i.id = 549755813887 - (f.id >> 24)"
            " JOIN search_doc d ON d.id = f.id",
            &st);
        while (err == KZ_OK && !sc->more && (rc = db_step(st)) == DB_ROW) {
            rows++;
            last = db_col_int64(st, SQL_INCIDENT_NCOLUMNS);
            err = scan_row(sc, st, last);
        }
        if (err == KZ_OK && !sc->more && rc != DB_ROW)
            err = sql_step_err(st, rc);
        db_stmt_free(st);
        if (rows < batch)
            break; /* the end of the matches */
        /* On from the next document, or from the next incident when this
         * one shows all it may. */
        from = last + 1;
        if (sc->out->n > 0 &&
            sc->out->items[sc->out->n - 1].n == SEARCH_MATCHES_MAX)
            from = (SEARCH_DOC_TOP - sc->out->items[sc->out->n - 1].inc.id + 1)
                   << 24;
    }
    sql_filter_cleanup(&fs);
    return err;
}

static const char sql_template_match[] =
    "SELECT body FROM search_fts"
    " WHERE id = ?1 AND tsv @@ CAST(?2 AS tsquery)";

/* sql_search_template_fn: the template 'id' as a match of the words: its
 * title, highlighted by the words' phrases. */
static enum kz_err template_match(void *ctx, int64_t id,
                                  struct search_match *out, bool *found)
{
    struct query *qq = ctx;
    struct db_stmt *st = db_stmt(qq->s->db, sql_template_match);
    struct search_phrases words = qq->p;
    enum kz_err err = KZ_OK;

    *found = false;
    if (st == NULL)
        return KZ_ESTORE;
    words.n = qq->nwords; /* a view of the words' phrases */
    db_bind_int64(st, 1, SEARCH_TEMPLATE_DOC + id);
    db_bind_text(st, 2, qq->words);
    enum db_rc rc = db_step(st);
    if (rc == DB_ROW) {
        err = make_match(&words, "task", db_col_text(st, 0), out);
        *found = err == KZ_OK && out->n > 0;
        if (err == KZ_OK && !*found)
            sql_search_match_cleanup(out);
    } else {
        err = sql_step_err(st, rc);
    }
    db_reset(st);
    return err;
}

enum kz_err pg_search(struct store *s, const struct search_query *q,
                      const struct incident_filter *f, struct search_hits *out)
{
    struct query qq;
    enum kz_err err;

    out->items = NULL;
    out->n = 0;
    err = query_make(s, q, &qq);
    if (err != KZ_OK)
        return err;
    struct scan sc = {&qq,  f, out, 0, (size_t)(f->limit > 0 ? f->limit : 1),
                      false};
    err = scan(&sc);
    if (err == KZ_OK && qq.p.n > qq.nwords)
        err = sql_search_expand_tasks(out, template_match, &qq);
    if (err != KZ_OK)
        search_hits_cleanup(out);
    query_cleanup(&qq);
    return err;
}

/* ---- the list's q ------------------------------------------------------- */

/*
 * The list's own query with q as one of its filters (sql_filter_where:
 * the reference by substring, or a document matching through
 * PG_SEARCH_MATCH_SQL), in the list's order and keyset: PostgreSQL's
 * planner chooses between walking the order and gathering the index's
 * matches, which SQLite's list_q does by hand.
 */
enum kz_err pg_list_q(struct store *s, const struct incident_filter *f,
                      int limit, struct incident_list *out)
{
    struct sql_filter fs;
    enum kz_err err;

    sql_filter_init(&fs, s);
    err = sql_filter_where(&fs, f, true);
    if (err == KZ_OK)
        err = sql_filter_order(&fs, f, limit);
    if (err == KZ_OK)
        err = sql_filter_incidents(&fs, out);
    sql_filter_cleanup(&fs);
    return err;
}
