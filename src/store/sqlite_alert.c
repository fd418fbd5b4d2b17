/* SPDX-License-Identifier: MIT */
/*
 * sqlite_alert.c - alerts from detection tools in the SQLite backend.
 *
 * Recording an alert is the hot path of alert intake (20,000 a second):
 * its statement is prepared once per connection and reused, and each
 * alert, new or repeated, is one UPSERT (SQLite 3.35+, as PostgreSQL's
 * INSERT … ON CONFLICT … RETURNING).
 */
#include <stdio.h>
#include <string.h>

#include "store/sqlite_int.h"
#include "util/mem.h"

/*
 * One statement per alert: insert it, or — its (source, source_ref) being
 * stored already — update that row and count a repeat.  A new alert joins
 * the group of the latest alert with its fingerprint seen at or after ?10
 * (its own group when none: group_of NULL).  A repeat brings the tool's
 * latest view of the alert: what it sends replaces what was stored, what
 * it leaves out stays (a tool that sends the observables only the first
 * time does not erase them); status, group, fingerprint and first
 * sighting stay.  repeat_count 1 in the answer tells a new alert.
 */
static const char sql_record[] =
    "INSERT INTO alert(source, source_ref, title, description, severity,"
    " occurred_at, observables, raw, fingerprint, group_of, status,"
    " repeat_count, first_seen, last_seen)"
    " VALUES (?1, ?2, ?3, coalesce(?4, ''), ?5, ?6, ?7, ?8, ?9,"
    " (SELECT coalesce(g.group_of, g.id) FROM alert g"
    "  WHERE g.fingerprint = ?9 AND g.last_seen >= ?10"
    "  ORDER BY g.last_seen DESC, g.id DESC LIMIT 1),"
    " 'new', 1, ?11, ?11)"
    " ON CONFLICT(source, source_ref) DO UPDATE SET title = ?3,"
    " description = coalesce(?4, description),"
    " severity = coalesce(?5, severity),"
    " occurred_at = coalesce(?6, occurred_at),"
    " observables = coalesce(?12, observables), raw = coalesce(?8, raw),"
    " repeat_count = repeat_count + 1, last_seen = ?11"
    " RETURNING id, status, repeat_count, coalesce(group_of, id), first_seen";

enum kz_err sqlite_alert_record(struct store *s, struct alert *a,
                                kz_time group_since, bool *created)
{
    struct sqlite_store *ss = sq(s);
    sqlite3_stmt *st = sqlite_stmt(ss, sql_record);
    int rc;

    *created = false;
    if (st == NULL)
        return KZ_ESTORE;
    char *obs = alert_obs_encode(a);
    sqlite_bind_text(st, 1, a->source);
    sqlite_bind_text(st, 2, a->source_ref);
    sqlite_bind_text(st, 3, a->title);
    sqlite_bind_text(st, 4, a->description);
    sqlite_bind_text(st, 5, a->severity);
    sqlite_bind_time(st, 6, a->occurred_at);
    sqlite_bind_text(st, 7, obs);
    sqlite_bind_text(st, 8, a->raw);
    sqlite_bind_text(st, 9, a->fingerprint);
    sqlite3_bind_int64(st, 10, group_since);
    sqlite_bind_time(st, 11, a->last_seen);
    sqlite_bind_text(st, 12, a->nobs > 0 ? obs : NULL);
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        a->id = sqlite3_column_int64(st, 0);
        if (!alert_status_from_key((const char *)sqlite3_column_text(st, 1),
                                   &a->status))
            a->status = ALERT_NEW;
        a->repeat_count = sqlite3_column_int64(st, 2);
        a->group_id = sqlite3_column_int64(st, 3);
        a->first_seen = sqlite_col_time(st, 4);
        *created = a->repeat_count == 1;
        /* RETURNING rows come before the statement is done. */
        rc = sqlite3_step(st);
    }
    sqlite3_reset(st);
    xfree(obs);
    return rc == SQLITE_DONE ? KZ_OK : sqlite_err(ss, rc);
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
