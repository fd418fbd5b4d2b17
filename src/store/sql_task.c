/* SPDX-License-Identifier: MIT */
/*
 * sql_task.c - incident tasks.
 */
#include <stdio.h>
#include <string.h>

#include "store/sql_int.h"

/* What an insert and an update both write, numbered alike in both: ?2 to
 * ?8, and the skip reason as ?'skip' (?12 in an insert, ?10 in an update:
 * PostgreSQL cannot type a parameter number that the text skips). */
static void bind_fields(struct db_stmt *st, const struct task *t, int skip)
{
    db_bind_text(st, 2, phase_key(t->phase));
    db_bind_text(st, 3, t->title);
    db_bind_text(st, 4, t->owner);
    sql_bind_time(st, 5, t->due_at);
    db_bind_text(st, 6, task_status_key(t->status));
    sql_bind_time(st, 7, t->done_at);
    db_bind_text(st, 8, t->done_by);
    db_bind_text(st, skip, t->skip_reason);
}

static const char *const sql_insert[] = SQL_INSERT_ID(
    "INSERT INTO task(incident_id, phase, title, owner, due_at, status,"
    " done_at, done_by, source, first_aid, version, created_at, skip_reason)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, 1, ?11, ?12)");

enum kz_err sql_task_insert(struct store *s, struct task *t)
{
    struct db *db = s->db;
    struct db_stmt *st = sql_insert_stmt(db, sql_insert);

    if (st == NULL)
        return KZ_ESTORE;
    db_bind_int64(st, 1, t->incident_id);
    bind_fields(st, t, 12);
    db_bind_text(st, 9, t->source ? t->source : "manual");
    db_bind_int64(st, 10, t->first_aid ? 1 : 0);
    sql_bind_time(st, 11, t->created_at);
    enum kz_err err = sql_insert_id(st, &t->id);
    if (err == KZ_OK)
        t->version = 1;
    return err;
}

static const char sql_update[] =
    "UPDATE task SET phase = ?2, title = ?3, owner = ?4, due_at = ?5,"
    " status = ?6, done_at = ?7, done_by = ?8, skip_reason = ?10,"
    " version = version + 1 WHERE id = ?1 AND version = ?9";
static const char sql_exists[] = "SELECT 1 FROM task WHERE id = ?1";

enum kz_err sql_task_update(struct store *s, const struct task *t,
                            int64_t expected_version)
{
    struct db *db = s->db;
    struct db_stmt *st = db_stmt(db, sql_update);

    if (st == NULL)
        return KZ_ESTORE;
    db_bind_int64(st, 1, t->id);
    bind_fields(st, t, 10);
    db_bind_int64(st, 9, expected_version);
    enum kz_err err = sql_exec(st);
    if (err != KZ_OK || db_changes(st) == 1)
        return err;
    return sql_version_miss(db, sql_exists, t->id);
}

#define TASK_COLUMNS                                                           \
    "id, incident_id, phase, title, owner, due_at, status, done_at,"           \
    " done_by, source, first_aid, version, created_at, skip_reason"

static void read_task(struct db_stmt *st, struct task *t)
{
    task_cleanup(t);
    t->id = db_col_int64(st, 0);
    t->incident_id = db_col_int64(st, 1);
    if (!phase_from_key(db_col_text(st, 2), &t->phase))
        t->phase = PHASE_TRIAGE;
    t->title = sql_col_text(st, 3);
    t->owner = sql_col_text(st, 4);
    t->due_at = sql_col_time(st, 5);
    if (!task_status_from_key(db_col_text(st, 6), &t->status))
        t->status = TASK_OPEN;
    t->done_at = sql_col_time(st, 7);
    t->done_by = sql_col_text(st, 8);
    t->source = sql_col_text(st, 9);
    t->first_aid = db_col_int64(st, 10) != 0;
    t->version = db_col_int64(st, 11);
    t->created_at = sql_col_time(st, 12);
    t->skip_reason = sql_col_text(st, 13);
}

static void row_task(struct db_stmt *st, void *item)
{
    task_init(item);
    read_task(st, item);
}

static const char sql_get[] = "SELECT " TASK_COLUMNS " FROM task WHERE id = ?1";

enum kz_err sql_task_get(struct store *s, int64_t id, struct task *out)
{
    struct db *db = s->db;
    struct db_stmt *st = db_stmt(db, sql_get);

    if (st == NULL)
        return KZ_ESTORE;
    db_bind_int64(st, 1, id);
    enum db_rc rc = db_step(st);
    if (rc == DB_ROW)
        read_task(st, out);
    return sql_lookup_end(st, rc);
}

static const char sql_of[] =
    "SELECT " TASK_COLUMNS " FROM task WHERE incident_id = ?1 ORDER BY id";
static const char sql_overdue[] =
    "SELECT " TASK_COLUMNS " FROM task WHERE incident_id = ?1"
    " AND status = 'open' AND due_at < ?2 ORDER BY id";

enum kz_err sql_task_list(struct store *s, int64_t incident_id,
                          kz_time due_before, struct task_list *out)
{
    struct db *db = s->db;
    struct db_stmt *st = db_stmt(db, due_before != 0 ? sql_overdue : sql_of);
    enum kz_err err;

    out->items = NULL;
    out->n = 0;
    if (st == NULL)
        return KZ_ESTORE;
    db_bind_int64(st, 1, incident_id);
    if (due_before != 0)
        db_bind_int64(st, 2, due_before);
    out->items = sql_rows(st, sizeof(*out->items), row_task, &out->n, &err);
    if (err != KZ_OK) {
        task_list_cleanup(out);
        return err;
    }
    return KZ_OK;
}
