/* SPDX-License-Identifier: MIT */
/*
 * sqlite_alert.c - alerts from detection tools in the SQLite backend.
 *
 * Intake (20,000 alerts a second) is planned in src/app/alerts.c; here
 * are its plain statements: find by (source, source_ref), the latest of
 * a fingerprint, multi-row inserts and the update of a repeat.
 */
#include <stdio.h>
#include <string.h>

#include "store/sqlite_int.h"
#include "util/mem.h"

#define SEEN_COLUMNS                                                           \
    "id, coalesce(group_of, id), status, repeat_count, first_seen,"            \
    " last_seen, fingerprint"

static void row_seen(sqlite3_stmt *st, struct alert_seen *out)
{
    const unsigned char *fp;

    out->id = sqlite3_column_int64(st, 0);
    out->group_id = sqlite3_column_int64(st, 1);
    if (!alert_status_from_key((const char *)sqlite3_column_text(st, 2),
                               &out->status))
        out->status = ALERT_NEW;
    out->repeat_count = sqlite3_column_int64(st, 3);
    out->first_seen = sqlite_col_time(st, 4);
    out->last_seen = sqlite_col_time(st, 5);
    fp = sqlite3_column_text(st, 6);
    snprintf(out->fingerprint, sizeof(out->fingerprint), "%s",
             fp ? (const char *)fp : "");
}

static const char sql_find[] = "SELECT " SEEN_COLUMNS " FROM alert"
                               " WHERE source = ?1 AND source_ref = ?2";

enum kz_err sqlite_alert_find(struct store *s, const char *source,
                              const char *source_ref, struct alert_seen *out)
{
    struct sqlite_store *ss = sq(s);
    sqlite3_stmt *st = sqlite_stmt(ss, sql_find);

    if (st == NULL)
        return KZ_ESTORE;
    sqlite3_bind_text(st, 1, source, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, source_ref, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        row_seen(st, out);
    return sqlite_lookup_end(ss, st, rc);
}

/* alert_fingerprint(fingerprint, last_seen) read backwards: no sort. */
static const char sql_latest[] = "SELECT " SEEN_COLUMNS " FROM alert"
                                 " WHERE fingerprint = ?1 AND last_seen >= ?2"
                                 " ORDER BY last_seen DESC, id DESC LIMIT 1";

enum kz_err sqlite_alert_latest(struct store *s, const char *fingerprint,
                                kz_time since, struct alert_seen *out)
{
    struct sqlite_store *ss = sq(s);
    sqlite3_stmt *st = sqlite_stmt(ss, sql_latest);

    if (st == NULL)
        return KZ_ESTORE;
    sqlite3_bind_text(st, 1, fingerprint, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, since);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        row_seen(st, out);
    return sqlite_lookup_end(ss, st, rc);
}

static const char sql_next_id[] = "SELECT coalesce(max(id), 0) + 1 FROM alert";

enum kz_err sqlite_alert_next_id(struct store *s, int64_t *id)
{
    struct sqlite_store *ss = sq(s);
    sqlite3_stmt *st = sqlite_stmt(ss, sql_next_id);

    if (st == NULL)
        return KZ_ESTORE;
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        *id = sqlite3_column_int64(st, 0);
    rc = rc == SQLITE_ROW ? SQLITE_DONE : rc;
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? KZ_OK : sqlite_err(ss, rc);
}

/*
 * New alerts go in up to INSERT_ROWS_MAX rows a statement.  Each
 * statement on the alert table opens a statement journal (its trigger
 * makes it a multi-write statement) that copies every page the statement
 * touches first: one statement for many rows copies each page once.  The
 * texts are bound SQLITE_STATIC: they outlive the statement's step.
 */
#define ROW_PARAMS 14
#define ROW "(?,?,?,?,?,?,?,?,?,?,?,?,?,?)"
#define ROWS2 ROW "," ROW
#define ROWS4 ROWS2 "," ROWS2
#define ROWS8 ROWS4 "," ROWS4
#define ROWS16 ROWS8 "," ROWS8
#define ROWS32 ROWS16 "," ROWS16
#define ROWS64 ROWS32 "," ROWS32
#define INSERT_HEAD                                                            \
    "INSERT INTO alert(id, source, source_ref, title, description,"            \
    " severity, occurred_at, observables, raw, fingerprint, group_of,"         \
    " repeat_count, first_seen, last_seen) VALUES "

static const char sql_insert1[] = INSERT_HEAD ROW;
static const char sql_insert8[] = INSERT_HEAD ROWS8;
static const char sql_insert64[] = INSERT_HEAD ROWS64;

static void bind_text(sqlite3_stmt *st, int i, const char *v)
{
    if (v == NULL)
        sqlite3_bind_null(st, i);
    else
        sqlite3_bind_text(st, i, v, -1, SQLITE_STATIC);
}

static void bind_row(sqlite3_stmt *st, int at, const struct alert_row *r)
{
    sqlite3_bind_int64(st, at + 1, r->id);
    bind_text(st, at + 2, r->source);
    bind_text(st, at + 3, r->source_ref);
    bind_text(st, at + 4, r->title);
    bind_text(st, at + 5, r->description ? r->description : "");
    bind_text(st, at + 6, r->severity);
    sqlite_bind_time(st, at + 7, r->occurred_at);
    bind_text(st, at + 8, r->observables ? r->observables : "");
    bind_text(st, at + 9, r->raw);
    bind_text(st, at + 10, r->fingerprint);
    if (r->group_of > 0)
        sqlite3_bind_int64(st, at + 11, r->group_of);
    else
        sqlite3_bind_null(st, at + 11);
    sqlite3_bind_int64(st, at + 12, r->repeat_count);
    sqlite_bind_time(st, at + 13, r->first_seen);
    sqlite_bind_time(st, at + 14, r->last_seen);
}

enum kz_err sqlite_alert_insert(struct store *s, const struct alert_row *rows,
                                size_t n)
{
    struct sqlite_store *ss = sq(s);
    enum kz_err err = KZ_OK;

    while (err == KZ_OK && n > 0) {
        size_t k = n >= 64 ? 64 : n >= 8 ? 8 : 1;
        sqlite3_stmt *st = sqlite_stmt(ss, k == 64  ? sql_insert64
                                           : k == 8 ? sql_insert8
                                                    : sql_insert1);
        if (st == NULL)
            return KZ_ESTORE;
        for (size_t i = 0; i < k; i++)
            bind_row(st, (int)i * ROW_PARAMS, &rows[i]);
        err = sqlite_exec_stmt(ss, st);
        rows += k;
        n -= k;
    }
    return err;
}

static const char sql_repeat[] =
    "UPDATE alert SET title = ?2, description = coalesce(?3, description),"
    " severity = coalesce(?4, severity),"
    " occurred_at = coalesce(?5, occurred_at),"
    " observables = coalesce(?6, observables), raw = coalesce(?7, raw),"
    " repeat_count = repeat_count + 1, last_seen = ?8 WHERE id = ?1";

enum kz_err sqlite_alert_repeat(struct store *s, const struct alert_row *r)
{
    struct sqlite_store *ss = sq(s);
    sqlite3_stmt *st = sqlite_stmt(ss, sql_repeat);

    if (st == NULL)
        return KZ_ESTORE;
    sqlite3_bind_int64(st, 1, r->id);
    bind_text(st, 2, r->title);
    bind_text(st, 3, r->description);
    bind_text(st, 4, r->severity);
    sqlite_bind_time(st, 5, r->occurred_at);
    bind_text(st, 6, r->observables);
    bind_text(st, 7, r->raw);
    sqlite_bind_time(st, 8, r->last_seen);
    return sqlite_exec_keyed(ss, st);
}

#define ALERT_COLUMNS                                                          \
    "a.id, a.source, a.source_ref, a.title, a.severity, a.occurred_at,"        \
    " a.observables, a.fingerprint, coalesce(a.group_of, a.id), a.status,"     \
    " a.reason, a.repeat_count, a.first_seen, a.last_seen,"                    \
    " coalesce(a.incident_id, 0), i.ref, a.updated_at, a.updated_by"

#define ALERT_FROM " FROM alert a LEFT JOIN incident i ON i.id = a.incident_id"

static void row_alert(sqlite3_stmt *st, void *item)
{
    struct alert *a = item;
    const unsigned char *ref;

    alert_init(a);
    a->id = sqlite3_column_int64(st, 0);
    a->source = sqlite_col_text(st, 1);
    a->source_ref = sqlite_col_text(st, 2);
    a->title = sqlite_col_text(st, 3);
    a->severity = sqlite_col_text(st, 4);
    a->occurred_at = sqlite_col_time(st, 5);
    alert_obs_decode((const char *)sqlite3_column_text(st, 6), a);
    snprintf(a->fingerprint, sizeof(a->fingerprint), "%s",
             (const char *)sqlite3_column_text(st, 7));
    a->group_id = sqlite3_column_int64(st, 8);
    if (!alert_status_from_key((const char *)sqlite3_column_text(st, 9),
                               &a->status))
        a->status = ALERT_NEW;
    a->reason = sqlite_col_text(st, 10);
    a->repeat_count = sqlite3_column_int64(st, 11);
    a->first_seen = sqlite_col_time(st, 12);
    a->last_seen = sqlite_col_time(st, 13);
    a->incident_id = sqlite3_column_int64(st, 14);
    ref = sqlite3_column_text(st, 15);
    snprintf(a->incident_ref, sizeof(a->incident_ref), "%s",
             ref ? (const char *)ref : "");
    a->updated_at = sqlite_col_time(st, 16);
    a->updated_by = sqlite_col_text(st, 17);
}

static const char sql_get[] =
    "SELECT " ALERT_COLUMNS ", a.description, a.raw" ALERT_FROM
    " WHERE a.id = ?1";

enum kz_err sqlite_alert_get(struct store *s, int64_t id, struct alert *out)
{
    struct sqlite_store *ss = sq(s);
    sqlite3_stmt *st = sqlite_stmt(ss, sql_get);

    if (st == NULL)
        return KZ_ESTORE;
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        alert_cleanup(out);
        row_alert(st, out);
        out->description = sqlite_col_text(st, 18);
        out->raw = sqlite_col_text(st, 19);
    }
    return sqlite_lookup_end(ss, st, rc);
}

/* One statement for every combination of filters: each is skipped when
 * its parameter is NULL.  The newest alerts first, paged by id. */
static const char sql_list[] =
    "SELECT " ALERT_COLUMNS ALERT_FROM
    " WHERE (?1 IS NULL OR a.status = ?1) AND (?2 IS NULL OR a.source = ?2)"
    " AND (?3 IS NULL OR coalesce(a.group_of, a.id) = ?3)"
    " AND (?4 IS NULL OR a.severity = ?4) AND a.id < ?5"
    " ORDER BY a.id DESC LIMIT ?6";

enum kz_err sqlite_alert_list(struct store *s, const struct alert_filter *f,
                              struct alert_list *out)
{
    struct sqlite_store *ss = sq(s);
    sqlite3_stmt *st = sqlite_stmt(ss, sql_list);
    int rc;

    out->items = NULL;
    out->n = 0;
    if (st == NULL)
        return KZ_ESTORE;
    sqlite_bind_text(st, 1,
                     f->status >= 0 ? alert_status_key(f->status) : NULL);
    sqlite_bind_text(st, 2, f->source);
    if (f->group_id > 0)
        sqlite3_bind_int64(st, 3, f->group_id);
    else
        sqlite3_bind_null(st, 3);
    sqlite_bind_text(st, 4, f->severity);
    sqlite3_bind_int64(st, 5, f->before_id > 0 ? f->before_id : INT64_MAX);
    sqlite3_bind_int(st, 6, f->limit);
    out->items = sqlite_rows(st, sizeof(*out->items), row_alert, &out->n, &rc);
    if (rc != SQLITE_DONE) {
        alert_list_cleanup(out);
        return sqlite_err(ss, rc);
    }
    return KZ_OK;
}

static const char sql_status[] =
    "UPDATE alert SET status = ?2, reason = ?3, incident_id = ?4,"
    " updated_at = ?5, updated_by = ?6 WHERE id = ?1";

enum kz_err sqlite_alert_set_status(struct store *s, const struct alert *a)
{
    struct sqlite_store *ss = sq(s);
    sqlite3_stmt *st = sqlite_stmt(ss, sql_status);

    if (st == NULL)
        return KZ_ESTORE;
    sqlite3_bind_int64(st, 1, a->id);
    sqlite_bind_text(st, 2, alert_status_key(a->status));
    sqlite_bind_text(st, 3, a->reason);
    if (a->incident_id > 0)
        sqlite3_bind_int64(st, 4, a->incident_id);
    else
        sqlite3_bind_null(st, 4);
    sqlite_bind_time(st, 5, a->updated_at);
    sqlite_bind_text(st, 6, a->updated_by);
    return sqlite_exec_keyed(ss, st);
}
