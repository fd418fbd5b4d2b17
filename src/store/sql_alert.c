/* SPDX-License-Identifier: MIT */
/*
 * sql_alert.c - alerts from detection tools, for every engine.
 *
 * Intake (20,000 alerts a second) is planned in src/app/alerts.c; here
 * are its plain statements: find by (source, source_ref), the latest of
 * a fingerprint, the batch's first id, multi-row inserts and the update
 * of a repeat (docs/internals/alerts.md).
 */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "store/sql_int.h"
#include "util/mem.h"

#define SEEN_COLUMNS                                                           \
    "id, coalesce(group_of, id), status, repeat_count, first_seen,"            \
    " last_seen, fingerprint"

static void row_seen(struct db_stmt *st, struct alert_seen *out)
{
    const char *fp;

    out->id = db_col_int64(st, 0);
    out->group_id = db_col_int64(st, 1);
    if (!alert_status_from_key(db_col_text(st, 2), &out->status))
        out->status = ALERT_NEW;
    out->repeat_count = db_col_int64(st, 3);
    out->first_seen = sql_col_time(st, 4);
    out->last_seen = sql_col_time(st, 5);
    fp = db_col_text(st, 6);
    snprintf(out->fingerprint, sizeof(out->fingerprint), "%s", fp ? fp : "");
}

static const char sql_find[] = "SELECT " SEEN_COLUMNS " FROM alert"
                               " WHERE source = ?1 AND source_ref = ?2";

enum kz_err sql_alert_find(struct store *s, const char *source,
                           const char *source_ref, struct alert_seen *out)
{
    struct db_stmt *st = db_stmt(s->db, sql_find);

    if (st == NULL)
        return KZ_ESTORE;
    db_bind_text_ref(st, 1, source);
    db_bind_text_ref(st, 2, source_ref);
    enum db_rc rc = db_step(st);
    if (rc == DB_ROW)
        row_seen(st, out);
    return sql_lookup_end(st, rc);
}

/* alert_fingerprint(fingerprint, last_seen) read backwards: no sort. */
static const char sql_latest[] = "SELECT " SEEN_COLUMNS " FROM alert"
                                 " WHERE fingerprint = ?1 AND last_seen >= ?2"
                                 " ORDER BY last_seen DESC, id DESC LIMIT 1";

enum kz_err sql_alert_latest(struct store *s, const char *fingerprint,
                             kz_time since, struct alert_seen *out)
{
    struct db_stmt *st = db_stmt(s->db, sql_latest);

    if (st == NULL)
        return KZ_ESTORE;
    db_bind_text_ref(st, 1, fingerprint);
    db_bind_int64(st, 2, since);
    enum db_rc rc = db_step(st);
    if (rc == DB_ROW)
        row_seen(st, out);
    return sql_lookup_end(st, rc);
}

/*
 * On PostgreSQL several servers may plan a batch at once, each from
 * max(id) + 1: the batch's transaction first takes this advisory lock
 * (advisory lock class 1802010, postgresql.md), held until it commits or
 * rolls back, so that the next server's max(id) — read by a statement
 * that starts after the lock is granted, under READ COMMITTED — sees the
 * batch's rows.  It also keeps the plan's other reads (is it a repeat,
 * the latest of a fingerprint) true until the batch is written.  SQLite
 * has one writer, whose BEGIN IMMEDIATE is that lock already.
 */
static const char sql_intake_lock[] =
    "SELECT pg_advisory_xact_lock(1802010, 0)";
static const char sql_next_id[] = "SELECT coalesce(max(id), 0) + 1 FROM alert";

enum kz_err sql_alert_next_id(struct store *s, int64_t *id)
{
    struct db_stmt *st;
    enum db_rc rc;

    if (db_dialect(s->db) == DB_POSTGRES) {
        st = db_stmt(s->db, sql_intake_lock);
        if (st == NULL)
            return KZ_ESTORE;
        rc = db_step(st);
        enum kz_err err = sql_step_err(st, rc);
        db_reset(st);
        if (err != KZ_OK)
            return err;
    }
    st = db_stmt(s->db, sql_next_id);
    if (st == NULL)
        return KZ_ESTORE;
    rc = db_step(st);
    if (rc == DB_ROW)
        *id = db_col_int64(st, 0);
    return sql_lookup_end(st, rc);
}

/*
 * The intake's statements bind the texts where they are
 * (db_bind_text_ref): copying them was 9 % of the writer's instructions
 * per alert on SQLite.
 *
 * New alerts go in up to 64 rows a statement.  On SQLite each statement
 * on the alert table opens a statement journal (its trigger makes it a
 * multi-write statement) that copies every page the statement touches
 * first: one statement for many rows copies each page once.  The shared
 * text numbers its parameters (?1 … ?896, which the PostgreSQL driver
 * rewrites), too many to write out: the three texts are built once per
 * process and then never change, so the driver's cache, keyed by their
 * address, prepares each once per connection like any static text.
 */
#define ROW_PARAMS 14
#define INSERT_HEAD                                                            \
    "INSERT INTO alert(id, source, source_ref, title, description,"            \
    " severity, occurred_at, observables, raw, fingerprint, group_of,"         \
    " repeat_count, first_seen, last_seen) VALUES "
/* "(?NNN," is at most 6 bytes a parameter, 64 rows of 14. */
#define INSERT_MAX (sizeof(INSERT_HEAD) + 64 * (ROW_PARAMS * 6 + 2))

static const size_t insert_rows[3] = {1, 8, 64};
static char insert_sql[3][INSERT_MAX];
static pthread_once_t insert_once = PTHREAD_ONCE_INIT;

static void insert_build(void)
{
    for (size_t k = 0; k < 3; k++) {
        char *p = insert_sql[k];
        char *end = p + INSERT_MAX;
        int param = 1;

        p += snprintf(p, (size_t)(end - p), "%s", INSERT_HEAD);
        for (size_t r = 0; r < insert_rows[k]; r++) {
            for (int c = 0; c < ROW_PARAMS; c++, param++)
                p += snprintf(p, (size_t)(end - p), "%s?%d%s",
                              c == 0 ? (r == 0 ? "(" : ",(") : ",", param,
                              c == ROW_PARAMS - 1 ? ")" : "");
        }
    }
}

static void bind_row(struct db_stmt *st, int at, const struct alert_row *r)
{
    db_bind_int64(st, at + 1, r->id);
    db_bind_text_ref(st, at + 2, r->source);
    db_bind_text_ref(st, at + 3, r->source_ref);
    db_bind_text_ref(st, at + 4, r->title);
    db_bind_text_ref(st, at + 5, r->description ? r->description : "");
    db_bind_text_ref(st, at + 6, r->severity);
    sql_bind_time(st, at + 7, r->occurred_at);
    db_bind_text_ref(st, at + 8, r->observables ? r->observables : "");
    db_bind_text_ref(st, at + 9, r->raw);
    db_bind_text_ref(st, at + 10, r->fingerprint);
    if (r->group_of > 0)
        db_bind_int64(st, at + 11, r->group_of);
    else
        db_bind_null(st, at + 11);
    db_bind_int64(st, at + 12, r->repeat_count);
    sql_bind_time(st, at + 13, r->first_seen);
    sql_bind_time(st, at + 14, r->last_seen);
}

enum kz_err sql_alert_insert(struct store *s, const struct alert_row *rows,
                             size_t n)
{
    enum kz_err err = KZ_OK;

    pthread_once(&insert_once, insert_build);
    while (err == KZ_OK && n > 0) {
        size_t k = n >= 64 ? 2 : n >= 8 ? 1 : 0;
        struct db_stmt *st = db_stmt(s->db, insert_sql[k]);
        if (st == NULL)
            return KZ_ESTORE;
        for (size_t i = 0; i < insert_rows[k]; i++)
            bind_row(st, (int)i * ROW_PARAMS, &rows[i]);
        err = sql_exec(st);
        rows += insert_rows[k];
        n -= insert_rows[k];
    }
    return err;
}

static const char sql_repeat[] =
    "UPDATE alert SET title = ?2, description = coalesce(?3, description),"
    " severity = coalesce(?4, severity),"
    " occurred_at = coalesce(?5, occurred_at),"
    " observables = coalesce(?6, observables), raw = coalesce(?7, raw),"
    " repeat_count = repeat_count + 1, last_seen = ?8 WHERE id = ?1";

enum kz_err sql_alert_repeat(struct store *s, const struct alert_row *r)
{
    struct db_stmt *st = db_stmt(s->db, sql_repeat);

    if (st == NULL)
        return KZ_ESTORE;
    db_bind_int64(st, 1, r->id);
    db_bind_text_ref(st, 2, r->title);
    db_bind_text_ref(st, 3, r->description);
    db_bind_text_ref(st, 4, r->severity);
    sql_bind_time(st, 5, r->occurred_at);
    db_bind_text_ref(st, 6, r->observables);
    db_bind_text_ref(st, 7, r->raw);
    sql_bind_time(st, 8, r->last_seen);
    return sql_exec_keyed(st);
}

#define ALERT_COLUMNS                                                          \
    "a.id, a.source, a.source_ref, a.title, a.severity, a.occurred_at,"        \
    " a.observables, a.fingerprint, coalesce(a.group_of, a.id), a.status,"     \
    " a.reason, a.repeat_count, a.first_seen, a.last_seen,"                    \
    " coalesce(a.incident_id, 0), i.ref, a.updated_at, a.updated_by"

#define ALERT_FROM " FROM alert a LEFT JOIN incident i ON i.id = a.incident_id"

static void row_alert(struct db_stmt *st, void *item)
{
    struct alert *a = item;
    const char *text;

    alert_init(a);
    a->id = db_col_int64(st, 0);
    a->source = sql_col_text(st, 1);
    a->source_ref = sql_col_text(st, 2);
    a->title = sql_col_text(st, 3);
    a->severity = sql_col_text(st, 4);
    a->occurred_at = sql_col_time(st, 5);
    alert_obs_decode(db_col_text(st, 6), a);
    text = db_col_text(st, 7);
    snprintf(a->fingerprint, sizeof(a->fingerprint), "%s", text ? text : "");
    a->group_id = db_col_int64(st, 8);
    if (!alert_status_from_key(db_col_text(st, 9), &a->status))
        a->status = ALERT_NEW;
    a->reason = sql_col_text(st, 10);
    a->repeat_count = db_col_int64(st, 11);
    a->first_seen = sql_col_time(st, 12);
    a->last_seen = sql_col_time(st, 13);
    a->incident_id = db_col_int64(st, 14);
    text = db_col_text(st, 15);
    snprintf(a->incident_ref, sizeof(a->incident_ref), "%s", text ? text : "");
    a->updated_at = sql_col_time(st, 16);
    a->updated_by = sql_col_text(st, 17);
}

static const char sql_get[] =
    "SELECT " ALERT_COLUMNS ", a.description, a.raw" ALERT_FROM
    " WHERE a.id = ?1";

enum kz_err sql_alert_get(struct store *s, int64_t id, struct alert *out)
{
    struct db_stmt *st = db_stmt(s->db, sql_get);

    if (st == NULL)
        return KZ_ESTORE;
    db_bind_int64(st, 1, id);
    enum db_rc rc = db_step(st);
    if (rc == DB_ROW) {
        alert_cleanup(out);
        row_alert(st, out);
        out->description = sql_col_text(st, 18);
        out->raw = sql_col_text(st, 19);
    }
    return sql_lookup_end(st, rc);
}

/* One statement for every combination of filters: each is skipped when
 * its parameter is NULL.  The newest alerts first, paged by id.  The
 * casts give PostgreSQL the parameters' types, which "?1 IS NULL" alone
 * does not (42P08). */
static const char sql_list[] =
    "SELECT " ALERT_COLUMNS ALERT_FROM
    " WHERE (CAST(?1 AS TEXT) IS NULL OR a.status = ?1)"
    " AND (CAST(?2 AS TEXT) IS NULL OR a.source = ?2)"
    " AND (CAST(?3 AS BIGINT) IS NULL OR coalesce(a.group_of, a.id) = ?3)"
    " AND (CAST(?4 AS TEXT) IS NULL OR a.severity = ?4) AND a.id < ?5"
    " ORDER BY a.id DESC LIMIT ?6";

enum kz_err sql_alert_list(struct store *s, const struct alert_filter *f,
                           struct alert_list *out)
{
    struct db_stmt *st = db_stmt(s->db, sql_list);
    enum kz_err err;

    out->items = NULL;
    out->n = 0;
    if (st == NULL)
        return KZ_ESTORE;
    db_bind_text(st, 1, f->status >= 0 ? alert_status_key(f->status) : NULL);
    db_bind_text(st, 2, f->source);
    if (f->group_id > 0)
        db_bind_int64(st, 3, f->group_id);
    else
        db_bind_null(st, 3);
    db_bind_text(st, 4, f->severity);
    db_bind_int64(st, 5, f->before_id > 0 ? f->before_id : INT64_MAX);
    db_bind_int64(st, 6, f->limit);
    out->items = sql_rows(st, sizeof(*out->items), row_alert, &out->n, &err);
    if (err != KZ_OK) {
        alert_list_cleanup(out);
        return err;
    }
    return KZ_OK;
}

static const char sql_status[] =
    "UPDATE alert SET status = ?2, reason = ?3, incident_id = ?4,"
    " updated_at = ?5, updated_by = ?6 WHERE id = ?1";

enum kz_err sql_alert_set_status(struct store *s, const struct alert *a)
{
    struct db_stmt *st = db_stmt(s->db, sql_status);

    if (st == NULL)
        return KZ_ESTORE;
    db_bind_int64(st, 1, a->id);
    db_bind_text(st, 2, alert_status_key(a->status));
    db_bind_text(st, 3, a->reason);
    if (a->incident_id > 0)
        db_bind_int64(st, 4, a->incident_id);
    else
        db_bind_null(st, 4);
    sql_bind_time(st, 5, a->updated_at);
    db_bind_text(st, 6, a->updated_by);
    return sql_exec_keyed(st);
}
