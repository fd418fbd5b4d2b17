/* SPDX-License-Identifier: MIT */
/*
 * sql_search.c - full-text search's engine-neutral part (sql_search.h):
 * the commit-time flush of changed documents into an engine's index, and
 * the playbook templates' matches turned back into task matches.
 */
#include "store/sql_search.h"

#include <stdlib.h>
#include <string.h>

#include "core/search_token.h"
#include "store/sql_int.h"
#include "util/mem.h"

/* ---- the 'tasks' documents (0018) --------------------------------------- */

/* The incidents whose 'tasks' document is to be rebuilt, and its text: a
 * reference to the template of each playbook task of the incident that
 * has no document of its own, in task order. */
static const char sql_tasks_dirty[] =
    "SELECT incident_id FROM search_tasks_dirty";
static const char sql_tasks_dirty_clear[] = "DELETE FROM search_tasks_dirty";
static const char *const sql_tasks_body[] = {
    [DB_SQLITE] = "SELECT group_concat(char(1) || tid, ' ') FROM"
                  " (SELECT p.id AS tid FROM task t"
                  "  JOIN search_template p ON p.title = t.title"
                  "  WHERE t.incident_id = ?1"
                  "    AND substr(t.source, 1, 9) = 'playbook:'"
                  "    AND NOT EXISTS (SELECT 1 FROM search_doc d"
                  "                    WHERE d.incident_id = ?1"
                  "                      AND d.kind = 'task'"
                  "                      AND d.source_id = t.id)"
                  "  ORDER BY t.id)",
    [DB_POSTGRES] = "SELECT string_agg(chr(1) || p.id, ' ' ORDER BY t.id)"
                    " FROM task t JOIN search_template p ON p.title = t.title"
                    " WHERE t.incident_id = ?1"
                    "   AND substr(t.source, 1, 9) = 'playbook:'"
                    "   AND NOT EXISTS (SELECT 1 FROM search_doc d"
                    "                   WHERE d.incident_id = ?1"
                    "                     AND d.kind = 'task'"
                    "                     AND d.source_id = t.id)",
};
static const char sql_tasks_update[] =
    "UPDATE search_doc SET body = ?2"
    " WHERE incident_id = ?1 AND kind = 'tasks' AND source_id = ?1";
/* The next free document number of the incident, as the triggers of
 * 0017 take it (PostgreSQL's function numbers them under its lock). */
static const char *const sql_tasks_insert[] = {
    [DB_SQLITE] =
        "INSERT INTO search_doc(id, incident_id, kind, source_id, body)"
        " VALUES (max(((549755813887 - ?1) << 24) + 2,"
        "             coalesce((SELECT max(id) + 1 FROM search_doc"
        "                       WHERE id >= (549755813887 - ?1) << 24"
        "                         AND id < (549755813888 - ?1) << 24), 0)),"
        "         ?1, 'tasks', ?1, ?2)",
    [DB_POSTGRES] = "SELECT kizuki_search_doc_add(CAST(?1 AS BIGINT), 'tasks',"
                    " CAST(?1 AS BIGINT), CAST(?2 AS TEXT), false)",
};
static const char sql_tasks_delete[] =
    "DELETE FROM search_doc"
    " WHERE incident_id = ?1 AND kind = 'tasks' AND source_id = ?1";

/* Run 'sql' with ?1 = id and, when 'text' is not NULL, ?2 = text; stores
 * the rows it changed in *changes when asked. */
static enum kz_err exec_id_text(struct db *d, const char *sql, int64_t id,
                                const char *text, int64_t *changes)
{
    struct db_stmt *st = db_stmt(d, sql);

    if (st == NULL)
        return KZ_ESTORE;
    db_bind_int64(st, 1, id);
    if (text != NULL)
        db_bind_text(st, 2, text);
    enum db_rc rc;
    while ((rc = db_step(st)) == DB_ROW)
        ; /* PostgreSQL's function answers one empty row */
    if (changes != NULL)
        *changes = db_changes(st);
    enum kz_err err = sql_step_err(st, rc);
    db_reset(st);
    return err;
}

/* Rebuild the 'tasks' document of incident 'id': its body set (indexed
 * with the other changed documents), or the document gone when the
 * incident has no playbook task left to name. */
static enum kz_err tasks_doc(struct db *d, int64_t id)
{
    struct db_stmt *st = db_stmt(d, sql_tasks_body[db_dialect(d)]);
    enum kz_err err = KZ_OK;

    if (st == NULL)
        return KZ_ESTORE;
    db_bind_int64(st, 1, id);
    enum db_rc rc = db_step(st);
    if (rc != DB_ROW) {
        err = rc == DB_DONE ? KZ_ESTORE : db_stmt_err(st);
        db_reset(st);
        return err;
    }
    char *body = sql_col_text(st, 0);
    db_reset(st);
    if (body == NULL) {
        err = exec_id_text(d, sql_tasks_delete, id, NULL, NULL);
    } else {
        int64_t changed = 0;
        err = exec_id_text(d, sql_tasks_update, id, body, &changed);
        if (err == KZ_OK && changed == 0)
            err = exec_id_text(d, sql_tasks_insert[db_dialect(d)], id, body,
                               NULL);
    }
    xfree(body);
    return err;
}

/* The ids of a one-column query, read whole first: the statements run
 * for each change the table the query reads. */
static enum kz_err read_ids(struct db *d, const char *sql, int64_t **ids,
                            size_t *n)
{
    struct db_stmt *st = db_stmt(d, sql);
    size_t cap = 0;
    enum db_rc rc;

    *ids = NULL;
    *n = 0;
    if (st == NULL)
        return KZ_ESTORE;
    while ((rc = db_step(st)) == DB_ROW) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 16;
            *ids = xrealloc(*ids, cap * sizeof(**ids));
        }
        (*ids)[(*n)++] = db_col_int64(st, 0);
    }
    enum kz_err err = sql_step_err(st, rc);
    db_reset(st);
    return err;
}

static enum kz_err flush_tasks(struct db *d)
{
    int64_t *ids = NULL;
    size_t n = 0;
    enum kz_err err = read_ids(d, sql_tasks_dirty, &ids, &n);

    for (size_t i = 0; err == KZ_OK && i < n; i++)
        err = tasks_doc(d, ids[i]);
    if (err == KZ_OK && n > 0)
        err = sql_exec_text(d, sql_tasks_dirty_clear);
    xfree(ids);
    return err;
}

/* ---- the flush ---------------------------------------------------------- */

static const char sql_gone[] = "SELECT id FROM search_gone";
static const char sql_gone_clear[] = "DELETE FROM search_gone";
static const char sql_dirty[] =
    "SELECT id, body, kind FROM search_doc WHERE body IS NOT NULL";
static const char sql_dirty_clear[] =
    "UPDATE search_doc SET body = NULL WHERE body IS NOT NULL";

/* Index the dirty document in the current row of 'st' (id, body, kind). */
static enum kz_err put_row(struct store *s, const struct search_index *ix,
                           struct db_stmt *st)
{
    int64_t id = db_col_int64(st, 0);
    const char *body = db_col_text(st, 1);
    const char *kind = db_col_text(st, 2);
    size_t n = body != NULL ? strlen(body) : 0;
    bool refs = kind != NULL && strcmp(kind, "tasks") == 0;

    /* A changed document: drop what was indexed (nothing for a new
     * one), then index the text it has now. */
    enum kz_err err = ix->drop(s, id);
    if (err != KZ_OK || body == NULL)
        return err;
    if (refs || memchr(body, SEARCH_REF_MARK, n) == NULL)
        return ix->put(s, id, body, n);
    char *copy = xstrndup(body, n);
    for (char *p = copy;
         (p = memchr(p, SEARCH_REF_MARK, n - (size_t)(p - copy))) != NULL;)
        *p = ' ';
    err = ix->put(s, id, copy, n);
    xfree(copy);
    return err;
}

enum kz_err sql_search_flush(struct store *s, const struct search_index *ix)
{
    struct db *d = s->db;
    enum kz_err err = KZ_OK;
    int64_t *gone = NULL;
    size_t ngone = 0;

    if (s->schema < 15)
        return KZ_OK; /* opened by a migration older than the index */
    /* First the 'tasks' documents, whose changes join the others. */
    if (s->schema >= 18)
        err = flush_tasks(d);
    if (err == KZ_OK)
        err = read_ids(d, sql_gone, &gone, &ngone);
    for (size_t i = 0; err == KZ_OK && i < ngone; i++)
        err = ix->drop(s, gone[i]);
    if (err == KZ_OK && ngone > 0)
        err = sql_exec_text(d, sql_gone_clear);
    xfree(gone);
    if (err != KZ_OK)
        return err;
    /* The dirty rows are stepped while the index is written: no statement
     * below changes search_doc (SQLite steps on, PostgreSQL holds the
     * whole result). */
    struct db_stmt *st = db_stmt(d, sql_dirty);
    bool any = false;
    enum db_rc rc = DB_DONE;
    if (st == NULL)
        return KZ_ESTORE;
    while (err == KZ_OK && (rc = db_step(st)) == DB_ROW) {
        any = true;
        err = put_row(s, ix, st);
    }
    if (err == KZ_OK)
        err = sql_step_err(st, rc);
    db_reset(st);
    if (err == KZ_OK && any)
        err = sql_exec_text(d, sql_dirty_clear);
    return err;
}

/* ---- a playbook task's title, found through its template --------------- */

void sql_search_match_cleanup(struct search_match *m)
{
    xfree(m->kind);
    xfree(m->body);
    xfree(m->ranges);
    memset(m, 0, sizeof(*m));
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

/* The engine's template match through 'seen'. */
static enum kz_err template_match_seen(sql_search_template_fn match, void *ctx,
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
    enum kz_err err = match(ctx, id, out, found);
    if (err == KZ_OK && seen->n < TEMPLATE_SEEN_MAX) {
        seen->id[seen->n] = id;
        seen->found[seen->n] = *found;
        if (*found)
            match_copy(out, &seen->m[seen->n]);
        seen->n++;
    }
    return err;
}

enum kz_err sql_search_expand_tasks(struct search_hits *h,
                                    sql_search_template_fn match, void *ctx)
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
                    sql_search_match_cleanup(m);
                continue;
            }
            for (size_t r = 0; err == KZ_OK && r < m->n; r++) {
                size_t a = m->ranges[r][0];
                bool found = false;
                if (n == SEARCH_MATCHES_MAX || a >= strlen(m->body) ||
                    m->body[a] != SEARCH_REF_MARK)
                    continue;
                err = template_match_seen(match, ctx,
                                          strtoll(m->body + a + 1, NULL, 10),
                                          &seen, &v[n], &found);
                n += found ? 1 : 0;
            }
            sql_search_match_cleanup(m);
        }
        xfree(hit->matches);
        hit->matches = v;
        hit->n = n;
    }
    for (size_t i = 0; i < seen.n; i++) {
        if (seen.found[i])
            sql_search_match_cleanup(&seen.m[i]);
    }
    return err;
}
