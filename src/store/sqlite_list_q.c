/* SPDX-License-Identifier: MIT */
/*
 * sqlite_list_q.c - the parts of the incident listing that go through
 * SQLite's search index (FTS5): the list's q with words
 * (store_ops.list_q), the index's condition for the shared filter
 * (store_ops.search_match), and the search's scan of the index
 * (sqlite_search_scan, for sqlite_search.c).  The filters, need-to-know,
 * sorts and paging around them are the shared ones of sql_incident.c.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "core/list_sort.h"
#include "core/ref.h"
#include "store/sql_incident.h"
#include "store/sqlite_int.h"
#include "util/mem.h"

/*
 * A list with q in an order other than the index's gathers at most
 * sqlite_list_q_set_max matching incidents and sorts them; when more
 * match, q is common enough (2% of a million) that walking the list's
 * order and asking the index about each incident finds a page sooner
 * (list_q_walk), at most sqlite_list_q_walk_batch incidents at a time (a
 * page of 50 at 2% is 2,500).  Variables so that tests can make them
 * small.
 */
size_t sqlite_list_q_set_max = 20000;
int sqlite_list_q_walk_batch = 4096;

struct id_set {
    int64_t *v;
    size_t n, cap;
};

static void id_set_add(struct id_set *s, int64_t id)
{
    if (s->n == s->cap) {
        s->cap = s->cap ? s->cap * 2 : 64;
        s->v = xrealloc(s->v, s->cap * sizeof(*s->v));
    }
    s->v[s->n++] = id;
}

/* One listing's q: its index expression and how it matches refs. */
struct list_q {
    struct store *s;
    const struct incident_filter *f; /* as asked */
    struct incident_filter g;        /* f's filters without q and page */
    char *match;                     /* FTS5 expression (owned) */
    enum ref_q ref;
    char ref_text[24]; /* the prefix, or q in upper case */
    char ref_end[26];  /* the end of the prefix's range */
    char *like;        /* LIKE pattern of q (owned) */
};

/* The document ids of incident 'id' are [doc_first(id), doc_first(id - 1)):
 * see SEARCH_DOC_TOP. */
static int64_t doc_first(int64_t id)
{
    return (SEARCH_DOC_TOP - id) << 24;
}

/*
 * The ids of incidents passing q->g with a document matching q->match,
 * distinct, in the index's order: newest first, or oldest first when
 * !newest; only documents on the far side of 'bound' (a document id; 0:
 * all).  At most 'max'; *full tells that more match.
 */
static enum kz_err fts_ids(const struct list_q *q, bool newest, int64_t bound,
                           size_t max, struct id_set *out, bool *full)
{
    struct sql_filter fs;
    struct db_stmt *st = NULL;
    char head[256];
    enum db_rc rc = DB_DONE;
    enum kz_err err;

    *full = false;
    sql_filter_init(&fs, q->s);
    err = sql_filter_where(&fs, &q->g, false);
    if (err == KZ_OK)
        err = sql_filter_text(&fs, " AND search_fts MATCH ?", q->match);
    if (err == KZ_OK && bound > 0)
        err = sql_filter_int(&fs,
                             newest ? " AND search_fts.rowid >= ?"
                                    : " AND search_fts.rowid < ?",
                             bound);
    if (err == KZ_OK)
        err = buf_puts(&fs.text, newest ? " ORDER BY search_fts.rowid"
                                        : " ORDER BY search_fts.rowid DESC");
    /* CROSS JOIN: the index drives, whatever the filters' indexes. */
    snprintf(head, sizeof(head),
             "SELECT i.id FROM search_fts CROSS JOIN incident i"
             " ON i.id = %" PRId64 " - (search_fts.rowid >> 24)",
             SEARCH_DOC_TOP);
    if (err == KZ_OK)
        err = sql_filter_prepare(&fs, head, &st);
    size_t first = out->n;
    while (err == KZ_OK && (rc = db_step(st)) == DB_ROW) {
        int64_t id = db_col_int64(st, 0);
        /* The documents of one incident come one after the other. */
        if (out->n > first && out->v[out->n - 1] == id)
            continue;
        if (out->n - first == max) {
            *full = true;
            break;
        }
        id_set_add(out, id);
    }
    if (err == KZ_OK)
        err = sql_step_err(st, rc);
    db_stmt_free(st);
    sql_filter_cleanup(&fs);
    return err;
}

/*
 * The ids of incidents passing q->g whose ref contains q, newest first
 * (oldest first when !newest), below 'before' and above 'after' (0: no
 * bound).  At most 'max'; *full tells that more match.  A prefix is a
 * range of the refs' unique index; any other piece of a ref a look at
 * each entry of that index, not at the incidents.
 */
static enum kz_err ref_ids(const struct list_q *q, bool newest, int64_t before,
                           int64_t after, size_t max, struct id_set *out,
                           bool *full)
{
    struct sql_filter fs;
    struct db_stmt *st = NULL;
    enum db_rc rc = DB_DONE;
    enum kz_err err;

    *full = false;
    sql_filter_init(&fs, q->s);
    err = sql_filter_where(&fs, &q->g, false);
    if (err == KZ_OK && q->ref == REF_Q_PREFIX)
        err = sql_filter_text(&fs, " AND i.ref >= ?", q->ref_text);
    if (err == KZ_OK && q->ref == REF_Q_PREFIX)
        err = sql_filter_text(&fs, " AND i.ref < ?", q->ref_end);
    else if (err == KZ_OK)
        err = sql_filter_text(&fs,
                              " AND i.id IN (SELECT id FROM incident"
                              " WHERE ref LIKE ? ESCAPE '\\')",
                              q->like);
    if (err == KZ_OK && before > 0)
        err = sql_filter_int(&fs, " AND i.id < ?", before);
    if (err == KZ_OK && after > 0)
        err = sql_filter_int(&fs, " AND i.id > ?", after);
    if (err == KZ_OK)
        err = sql_filter_int(&fs,
                             newest ? " ORDER BY i.id DESC LIMIT ?"
                                    : " ORDER BY i.id ASC LIMIT ?",
                             (int64_t)max + 1);
    if (err == KZ_OK)
        err = sql_filter_prepare(&fs, "SELECT i.id FROM incident i", &st);
    size_t first = out->n;
    while (err == KZ_OK && (rc = db_step(st)) == DB_ROW) {
        if (out->n - first == max) {
            *full = true;
            break;
        }
        id_set_add(out, db_col_int64(st, 0));
    }
    if (err == KZ_OK)
        err = sql_step_err(st, rc);
    db_stmt_free(st);
    sql_filter_cleanup(&fs);
    return err;
}

/* The page of f (its filters, cursor, order and limit) among the
 * incidents 'ids'. */
static enum kz_err fetch_ids(const struct list_q *q, const struct id_set *ids,
                             int limit, struct incident_list *out)
{
    struct incident_filter h = q->g;
    struct sql_filter fs;
    struct buf json;
    enum kz_err err = KZ_OK;

    h.before_id = q->f->before_id;
    h.after = q->f->after;
    buf_init(&json, (sqlite_list_q_set_max * 2 + 2) * 24);
    for (size_t i = 0; err == KZ_OK && i < ids->n; i++)
        err = buf_printf(&json, "%s%" PRId64, i > 0 ? "," : "[", ids->v[i]);
    if (err == KZ_OK)
        err = buf_puts(&json, ids->n > 0 ? "]" : "[]");
    sql_filter_init(&fs, q->s);
    if (err == KZ_OK)
        err = sql_filter_where(&fs, &h, true);
    if (err == KZ_OK)
        err = sql_filter_text(
            &fs, " AND i.id IN (SELECT value FROM json_each(?))", json.data);
    if (err == KZ_OK)
        err = sql_filter_order(&fs, &h, limit);
    if (err == KZ_OK)
        err = sql_filter_incidents(&fs, out);
    sql_filter_cleanup(&fs);
    buf_cleanup(&json);
    return err;
}

/* The list in the index's own order (by id): the first 'limit' incidents
 * after the cursor from the index, merged with those whose ref matches. */
static enum kz_err page_by_id(const struct list_q *q, int limit,
                              struct id_set *page)
{
    const struct incident_filter *f = q->f;
    bool newest = !f->asc;
    int64_t before = newest ? f->before_id : 0;
    int64_t after = !newest && f->after != NULL ? f->after->id : 0;
    int64_t bound = before > 0  ? doc_first(before - 1)
                    : after > 0 ? doc_first(after)
                                : 0;
    struct id_set a = {0}, b = {0};
    bool full;
    enum kz_err err = fts_ids(q, newest, bound, (size_t)limit, &a, &full);

    if (err == KZ_OK && q->ref != REF_Q_NONE)
        err = ref_ids(q, newest, before, after, (size_t)limit, &b, &full);
    size_t i = 0, j = 0;
    while (err == KZ_OK && page->n < (size_t)limit && (i < a.n || j < b.n)) {
        int64_t x = i < a.n ? a.v[i] : 0, y = j < b.n ? b.v[j] : 0;
        bool take_a = j == b.n || (i < a.n && (newest ? x >= y : x <= y));
        int64_t id = take_a ? x : y;
        if (take_a)
            i++;
        else
            j++;
        if (page->n == 0 || page->v[page->n - 1] != id)
            id_set_add(page, id);
    }
    xfree(a.v);
    xfree(b.v);
    return err;
}

/* Does incident 'id' with reference 'ref' match q?  *err: the probe's. */
static bool q_matches(struct db_stmt *probe, const struct list_q *q, int64_t id,
                      const char *ref, enum kz_err *err)
{
    size_t n = strlen(q->ref_text);

    if (ref != NULL && q->ref == REF_Q_PREFIX &&
        strncmp(ref, q->ref_text, n) == 0)
        return true;
    if (ref != NULL && q->ref == REF_Q_ANY && strstr(ref, q->ref_text) != NULL)
        return true;
    db_bind_text(probe, 1, q->match);
    db_bind_int64(probe, 2, doc_first(id));
    db_bind_int64(probe, 3, doc_first(id - 1));
    enum db_rc rc = db_step(probe);
    *err = sql_step_err(probe, rc);
    db_reset(probe);
    return rc == DB_ROW;
}

static const char sql_probe[] = "SELECT 1 FROM search_fts WHERE search_fts"
                                " MATCH ?1 AND rowid >= ?2 AND rowid < ?3";

/*
 * The list in another order when q matches many incidents: the list's
 * own query without q, a batch at a time, each incident asked about in
 * the index (a range of its document ids) until the page is full.
 */
static enum kz_err list_q_walk(const struct list_q *q, int limit, int batch,
                               struct incident_list *out)
{
    const struct incident_filter *f = q->f;
    struct list_cursor cur;
    size_t cap = 0;
    bool done = false;
    enum kz_err err = KZ_OK;

    list_cursor_init(&cur);
    cur.sort = f->sort;
    cur.desc = !f->asc;
    struct incident_filter h = q->g;
    h.sort = f->sort;
    h.asc = f->asc;
    h.after = f->after;
    while (err == KZ_OK && !done) {
        struct sql_filter fs;
        struct db_stmt *st = NULL;
        enum db_rc rc = DB_DONE;
        int rows = 0;
        sql_filter_init(&fs, q->s);
        err = sql_filter_where(&fs, &h, false);
        if (err == KZ_OK)
            err = sql_filter_order(&fs, &h, batch);
        if (err == KZ_OK)
            err = sql_filter_prepare(
                &fs, "SELECT " SQL_INCIDENT_COLUMNS " FROM incident i", &st);
        while (err == KZ_OK && !done && (rc = db_step(st)) == DB_ROW) {
            rows++;
            struct db_stmt *probe = db_stmt(q->s->db, sql_probe);
            if (probe == NULL) {
                err = KZ_ESTORE;
                break;
            }
            bool hit = q_matches(probe, q, db_col_int64(st, 0),
                                 db_col_text(st, 1), &err);
            if (err == KZ_OK && hit) {
                if (out->n == cap) {
                    cap = cap ? cap * 2 : 16;
                    out->items =
                        xrealloc(out->items, cap * sizeof(*out->items));
                }
                sql_incident_row(st, &out->items[out->n++]);
                done = out->n == (size_t)limit;
            }
            if (err == KZ_OK && rows == batch) {
                /* The next batch begins after this row. */
                struct incident last;
                incident_init(&last);
                sql_incident_read(st, &last);
                list_cursor_at(&cur, &last);
                incident_cleanup(&last);
                h.after = &cur;
            }
        }
        if (err == KZ_OK && !done)
            err = sql_step_err(st, rc);
        db_stmt_free(st);
        sql_filter_cleanup(&fs);
        if (rows < batch)
            done = true;
    }
    list_cursor_cleanup(&cur);
    return err;
}

/*
 * store_ops.list_q: in one pass of the search index for the default
 * order (its document order is the list's), else the matching incidents
 * gathered and sorted, or, when too many match, the list's order walked
 * and each incident asked about in the index.  The ref part of q (enum
 * ref_q) goes through the refs' index.
 */
enum kz_err sqlite_list_q(struct store *s, const struct incident_filter *f,
                          int limit, struct incident_list *out)
{
    struct list_q q = {0};
    struct id_set ids = {0};
    bool full = false;
    enum kz_err err;

    q.s = s;
    q.f = f;
    q.g = *f;
    q.g.q = NULL;
    q.g.search = NULL;
    q.g.before_id = 0;
    q.g.after = NULL;
    q.ref = ref_q_shape(f->q, q.ref_text);
    snprintf(q.ref_end, sizeof(q.ref_end), "%s\x7f", q.ref_text);
    err = sqlite_search_match(sq(s), f->search, &q.match, NULL);
    if (err == KZ_OK)
        err = sql_like_pattern(f->q, &q.like);
    if (err == KZ_OK && f->sort == LIST_SORT_DEFAULT)
        err = page_by_id(&q, limit, &ids);
    else if (err == KZ_OK) {
        err = fts_ids(&q, true, 0, sqlite_list_q_set_max, &ids, &full);
        if (err == KZ_OK && !full && q.ref != REF_Q_NONE)
            err = ref_ids(&q, true, 0, 0, sqlite_list_q_set_max, &ids, &full);
    }
    if (err == KZ_OK && full) {
        /* The n gathered ones lie in a span of ids: a share of at least
         * n / span of the incidents passing the filters matches, so
         * twice limit / share of them in the list's order hold a page. */
        int64_t lo = INT64_MAX, hi = 0, batch = sqlite_list_q_walk_batch;
        for (size_t i = 0; i < ids.n; i++) {
            lo = ids.v[i] < lo ? ids.v[i] : lo;
            hi = ids.v[i] > hi ? ids.v[i] : hi;
        }
        if (ids.n > 0)
            batch = (int64_t)limit * 2 * (hi - lo + 1) / (int64_t)ids.n;
        if (batch < limit + 1)
            batch = limit + 1;
        if (batch > sqlite_list_q_walk_batch)
            batch = sqlite_list_q_walk_batch;
        err = list_q_walk(&q, limit, (int)batch, out);
    } else if (err == KZ_OK)
        err = fetch_ids(&q, &ids, limit, out);
    xfree(ids.v);
    xfree(q.match);
    xfree(q.like);
    return err;
}

/* store_ops.search_match: the FTS5 expression, with the playbook
 * templates whose task titles hold the words (sqlite_search_match). */
enum kz_err sqlite_list_search_match(struct store *s,
                                     const struct search_query *q, char **expr)
{
    return sqlite_search_match(sq(s), q, expr, NULL);
}

/* Add document row 'st' (its matching-document columns from 'col') to
 * the hit of its incident, reading the incident from the row when it is
 * a new one.  The documents of one incident come one after the other. */
static void add_search_row(struct db_stmt *st, int col, struct search_hits *out,
                           size_t *cap)
{
    int64_t id = db_col_int64(st, 0);
    struct search_hit *h = out->n > 0 ? &out->items[out->n - 1] : NULL;

    if (h == NULL || h->inc.id != id) {
        if (out->n == *cap) {
            *cap = *cap ? *cap * 2 : 16;
            out->items = xrealloc(out->items, *cap * sizeof(*out->items));
        }
        h = &out->items[out->n++];
        memset(h, 0, sizeof(*h));
        sql_incident_row(st, &h->inc);
        h->matches = xcalloc(SEARCH_MATCHES_MAX, sizeof(*h->matches));
    }
    if (h->n < SEARCH_MATCHES_MAX)
        sqlite_search_read_match(st, col, &h->matches[h->n++]);
}

/*
 * Search: the matching documents come from the index in id order, which
 * is incidents newest first (sqlite_int.h), so the first f->limit
 * distinct incidents that pass the listing's filters and need-to-know
 * are the page, with their matching documents, and the scan stops there.
 * 'flags' is made of '0' and '1' only (sqlite_search_match), so it may be
 * written into the statement.
 */
enum kz_err sqlite_search_scan(struct sqlite_store *ss,
                               const struct incident_filter *f,
                               const char *match, const char *flags,
                               struct search_hits *out)
{
    struct incident_filter g = *f;
    struct sql_filter fs;
    struct buf head;
    struct db_stmt *st = NULL;
    size_t cap = 0, limit = (size_t)(f->limit > 0 ? f->limit : 1);
    enum db_rc rc = DB_DONE;
    enum kz_err err;

    out->items = NULL;
    out->n = 0;
    for (const char *p = flags; *p != '\0'; p++) {
        if (*p != '0' && *p != '1')
            return KZ_EINVAL;
    }
    g.q = NULL;
    g.search = NULL;
    sql_filter_init(&fs, &ss->base);
    buf_init(&head, 4096);
    err = sql_filter_where(&fs, &g, false);
    if (err == KZ_OK)
        err = sql_filter_text(&fs, " AND search_fts MATCH ?", match);
    if (err == KZ_OK && f->before_id > 0)
        err = sql_filter_int(&fs, " AND search_fts.rowid >= ?",
                             (SEARCH_DOC_TOP - f->before_id + 1) << 24);
    if (err == KZ_OK)
        err = buf_puts(&fs.text, " ORDER BY search_fts.rowid");
    if (err == KZ_OK)
        err = buf_printf(
            &head,
            "SELECT " SQL_INCIDENT_COLUMNS ", d.kind, search_fts.body,"
            " kz_offsets(search_fts, '%s') FROM search_fts"
            " JOIN incident i ON i.id = %" PRId64 " - (search_fts.rowid >> 24)"
            " JOIN search_doc d ON d.id = search_fts.rowid",
            flags, SEARCH_DOC_TOP);
    if (err == KZ_OK)
        err = sql_filter_prepare(&fs, head.data, &st);
    while (err == KZ_OK && (rc = db_step(st)) == DB_ROW) {
        /* One incident more than the page tells that another follows;
         * its documents are not needed. */
        if (out->n == limit &&
            db_col_int64(st, 0) != out->items[out->n - 1].inc.id)
            break;
        add_search_row(st, SQL_INCIDENT_NCOLUMNS, out, &cap);
    }
    if (err == KZ_OK)
        err = sql_step_err(st, rc);
    db_stmt_free(st);
    sql_filter_cleanup(&fs);
    buf_cleanup(&head);
    if (err != KZ_OK)
        search_hits_cleanup(out);
    return err;
}
