/* SPDX-License-Identifier: MIT */
/*
 * sqlite_task.c - incident tasks in the SQLite backend.
 */
#include <stdio.h>
#include <string.h>

#include "store/sqlite_int.h"

/* What an insert and an update both write, numbered alike in both: ?2 to
 * ?8, and ?12. */
static void bind_fields(sqlite3_stmt *st, const struct task *t)
{
    sqlite_bind_text(st, 2, phase_key(t->phase));
    sqlite_bind_text(st, 3, t->title);
    sqlite_bind_text(st, 4, t->owner);
    sqlite_bind_time(st, 5, t->due_at);
    sqlite_bind_text(st, 6, task_status_key(t->status));
    sqlite_bind_time(st, 7, t->done_at);
    sqlite_bind_text(st, 8, t->done_by);
    sqlite_bind_text(st, 12, t->skip_reason);
}

static const char sql_insert[] =
    "INSERT INTO task(incident_id, phase, title, owner, due_at, status,"
    " done_at, done_by, source, first_aid, version, created_at, skip_reason)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, 1, ?11, ?12)";

enum kz_err sqlite_task_insert(struct store *s, struct task *t)
{
    struct sqlite_store *ss = sq(s);
    sqlite3_stmt *st = sqlite_stmt(ss, sql_insert);

    if (st == NULL)
        return KZ_ESTORE;
    sqlite3_bind_int64(st, 1, t->incident_id);
    bind_fields(st, t);
    sqlite_bind_text(st, 9, t->source ? t->source : "manual");
    sqlite3_bind_int(st, 10, t->first_aid ? 1 : 0);
    sqlite_bind_time(st, 11, t->created_at);
    enum kz_err err = sqlite_exec_stmt(ss, st);
    if (err == KZ_OK) {
        t->id = sqlite3_last_insert_rowid(ss->db);
        t->version = 1;
    }
    return err;
}

static const char sql_update[] =
    "UPDATE task SET phase = ?2, title = ?3, owner = ?4, due_at = ?5,"
    " status = ?6, done_at = ?7, done_by = ?8, skip_reason = ?12,"
    " version = version + 1 WHERE id = ?1 AND version = ?9";
static const char sql_exists[] = "SELECT 1 FROM task WHERE id = ?1";

enum kz_err sqlite_task_update(struct store *s, const struct task *t,
                               int64_t expected_version)
{
    struct sqlite_store *ss = sq(s);
    sqlite3_stmt *st = sqlite_stmt(ss, sql_update);

    if (st == NULL)
        return KZ_ESTORE;
    sqlite3_bind_int64(st, 1, t->id);
    bind_fields(st, t);
    sqlite3_bind_int64(st, 9, expected_version);
    enum kz_err err = sqlite_exec_stmt(ss, st);
    if (err != KZ_OK || sqlite3_changes(ss->db) == 1)
        return err;
    return sqlite_version_miss(ss, sql_exists, t->id);
}

#define TASK_COLUMNS                                                           \
    "id, incident_id, phase, title, owner, due_at, status, done_at,"           \
    " done_by, source, first_aid, version, created_at, skip_reason"

static void read_task(sqlite3_stmt *st, struct task *t)
{
    task_cleanup(t);
    t->id = sqlite3_column_int64(st, 0);
    t->incident_id = sqlite3_column_int64(st, 1);
    if (!phase_from_key((const char *)sqlite3_column_text(st, 2), &t->phase))
        t->phase = PHASE_TRIAGE;
    t->title = sqlite_col_text(st, 3);
    t->owner = sqlite_col_text(st, 4);
    t->due_at = sqlite_col_time(st, 5);
    if (!task_status_from_key((const char *)sqlite3_column_text(st, 6),
                              &t->status))
        t->status = TASK_OPEN;
    t->done_at = sqlite_col_time(st, 7);
    t->done_by = sqlite_col_text(st, 8);
    t->source = sqlite_col_text(st, 9);
    t->first_aid = sqlite3_column_int(st, 10) != 0;
    t->version = sqlite3_column_int64(st, 11);
    t->created_at = sqlite_col_time(st, 12);
    t->skip_reason = sqlite_col_text(st, 13);
}

static void row_task(sqlite3_stmt *st, void *item)
{
    task_init(item);
    read_task(st, item);
}

static const char sql_get[] = "SELECT " TASK_COLUMNS " FROM task WHERE id = ?1";

enum kz_err sqlite_task_get(struct store *s, int64_t id, struct task *out)
{
    struct sqlite_store *ss = sq(s);
    sqlite3_stmt *st = sqlite_stmt(ss, sql_get);

    if (st == NULL)
        return KZ_ESTORE;
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        read_task(st, out);
    return sqlite_lookup_end(ss, st, rc);
}

static const char sql_of[] =
    "SELECT " TASK_COLUMNS " FROM task WHERE incident_id = ?1 ORDER BY id";
static const char sql_overdue[] =
    "SELECT " TASK_COLUMNS " FROM task WHERE incident_id = ?1"
    " AND status = 'open' AND due_at < ?2 ORDER BY id";

enum kz_err sqlite_task_list(struct store *s, int64_t incident_id,
                             kz_time due_before, struct task_list *out)
{
    struct sqlite_store *ss = sq(s);
    sqlite3_stmt *st = sqlite_stmt(ss, due_before != 0 ? sql_overdue : sql_of);
    int rc;

    out->items = NULL;
    out->n = 0;
    if (st == NULL)
        return KZ_ESTORE;
    sqlite3_bind_int64(st, 1, incident_id);
    if (due_before != 0)
        sqlite3_bind_int64(st, 2, due_before);
    out->items = sqlite_rows(st, sizeof(*out->items), row_task, &out->n, &rc);
    if (rc != SQLITE_DONE) {
        task_list_cleanup(out);
        return sqlite_err(ss, rc);
    }
    return KZ_OK;
}
