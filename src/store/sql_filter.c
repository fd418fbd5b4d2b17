/* SPDX-License-Identifier: MIT */
/*
 * sql_filter.c - what the incident list needs beyond the incident
 * table: each incident's soonest open duty due time
 * (for the overdue filter) and people's saved filters
 * (0011_list_filters.sql).  Validation and computation live in app/.
 */
#include <stdio.h>
#include <string.h>

#include "store/sql_int.h"
#include "util/mem.h"

static const char sql_due_set[] =
    "INSERT INTO incident_duty_due(incident_id, due_at, rules)"
    " VALUES (?1, ?2, ?3) ON CONFLICT(incident_id) DO UPDATE SET"
    " due_at = excluded.due_at, rules = excluded.rules";

enum kz_err sql_duty_due_set(struct store *s, int64_t incident_id,
                             kz_time due_at, int64_t rules)
{
    struct db *db = s->db;
    struct db_stmt *st = db_stmt(db, sql_due_set);

    if (st == NULL)
        return KZ_ESTORE;
    db_bind_int64(st, 1, incident_id);
    sql_bind_time(st, 2, due_at);
    db_bind_int64(st, 3, rules);
    return sql_exec(st);
}

/* A walk along the incident's primary key from 'after_id', each row
 * joined to its due-time row by that row's primary key: every batch goes
 * on where the last stopped, so a whole refresh reads each incident
 * once. */
static const char sql_due_stale[] =
    "SELECT i.id, i.ref FROM incident i LEFT JOIN incident_duty_due d"
    " ON d.incident_id = i.id WHERE i.id > ?2"
    " AND (d.incident_id IS NULL OR d.rules <> ?1) ORDER BY i.id LIMIT ?3";

enum kz_err sql_duty_due_stale(struct store *s, int64_t rules, int64_t after_id,
                               int limit, struct duty_due_stale *out)
{
    struct db *db = s->db;
    struct db_stmt *st = db_stmt(db, sql_due_stale);
    size_t cap = 0;
    enum db_rc rc;

    if (st == NULL)
        return KZ_ESTORE;
    db_bind_int64(st, 1, rules);
    db_bind_int64(st, 2, after_id);
    db_bind_int64(st, 3, limit);
    while ((rc = db_step(st)) == DB_ROW) {
        if (out->n == cap) {
            cap = cap ? cap * 2 : 64;
            out->refs = xrealloc(out->refs, cap * sizeof(*out->refs));
        }
        out->last_id = db_col_int64(st, 0);
        const char *ref = db_col_text(st, 1);
        snprintf(out->refs[out->n++], INCIDENT_REF_LEN, "%s", ref ? ref : "");
    }
    db_reset(st);
    if (rc != DB_DONE) {
        duty_due_stale_cleanup(out);
        return sql_step_err(st, rc);
    }
    return KZ_OK;
}

#define FILTER_SELECT                                                          \
    "SELECT id, account, name, query, is_default, created_at, updated_at"      \
    " FROM saved_filter"

static void row_filter(struct db_stmt *st, void *item)
{
    struct saved_filter *f = item;

    saved_filter_init(f);
    f->id = db_col_int64(st, 0);
    f->account = sql_col_text(st, 1);
    f->name = sql_col_text(st, 2);
    f->query = sql_col_text(st, 3);
    f->is_default = db_col_int64(st, 4) != 0;
    f->created_at = sql_col_time(st, 5);
    f->updated_at = sql_col_time(st, 6);
}

static const char *const sql_insert[] = SQL_INSERT_ID(
    "INSERT INTO saved_filter(account, name, query, is_default, created_at,"
    " updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");

enum kz_err sql_filter_insert(struct store *s, struct saved_filter *f)
{
    struct db *db = s->db;
    struct db_stmt *st = sql_insert_stmt(db, sql_insert);

    if (st == NULL)
        return KZ_ESTORE;
    db_bind_text(st, 1, f->account);
    db_bind_text(st, 2, f->name);
    db_bind_text(st, 3, f->query);
    db_bind_int64(st, 4, f->is_default ? 1 : 0);
    sql_bind_time(st, 5, f->created_at);
    sql_bind_time(st, 6, f->updated_at);
    enum kz_err err = sql_insert_id(st, &f->id);
    return err;
}

static const char sql_update[] =
    "UPDATE saved_filter SET name = ?3, query = ?4, is_default = ?5,"
    " updated_at = ?6 WHERE id = ?1 AND account = ?2";

enum kz_err sql_filter_update(struct store *s, const struct saved_filter *f)
{
    struct db *db = s->db;
    struct db_stmt *st = db_stmt(db, sql_update);

    if (st == NULL)
        return KZ_ESTORE;
    db_bind_int64(st, 1, f->id);
    db_bind_text(st, 2, f->account);
    db_bind_text(st, 3, f->name);
    db_bind_text(st, 4, f->query);
    db_bind_int64(st, 5, f->is_default ? 1 : 0);
    sql_bind_time(st, 6, f->updated_at);
    return sql_exec_keyed(st);
}

static const char sql_get[] = FILTER_SELECT " WHERE id = ?1 AND account = ?2";

enum kz_err sql_filter_get(struct store *s, const char *account, int64_t id,
                           struct saved_filter *out)
{
    struct db *db = s->db;
    struct db_stmt *st = db_stmt(db, sql_get);

    if (st == NULL)
        return KZ_ESTORE;
    db_bind_int64(st, 1, id);
    db_bind_text(st, 2, account);
    enum db_rc rc = db_step(st);
    if (rc == DB_ROW) {
        saved_filter_cleanup(out);
        row_filter(st, out);
    }
    return sql_lookup_end(st, rc);
}

static const char sql_delete[] =
    "DELETE FROM saved_filter WHERE id = ?1 AND account = ?2";

enum kz_err sql_filter_delete(struct store *s, const char *account, int64_t id)
{
    struct db *db = s->db;
    struct db_stmt *st = db_stmt(db, sql_delete);

    if (st == NULL)
        return KZ_ESTORE;
    db_bind_int64(st, 1, id);
    db_bind_text(st, 2, account);
    return sql_exec_keyed(st);
}

static const char sql_list[] =
    FILTER_SELECT " WHERE account = ?1 ORDER BY name, id";

enum kz_err sql_filter_list(struct store *s, const char *account,
                            struct saved_filter_list *out)
{
    struct db *db = s->db;
    struct db_stmt *st = db_stmt(db, sql_list);
    enum kz_err err;

    if (st == NULL)
        return KZ_ESTORE;
    db_bind_text(st, 1, account);
    out->items = sql_rows(st, sizeof(*out->items), row_filter, &out->n, &err);
    if (err != KZ_OK) {
        saved_filter_list_cleanup(out);
        return err;
    }
    return KZ_OK;
}

static const char sql_clear_default[] =
    "UPDATE saved_filter SET is_default = 0 WHERE account = ?1"
    " AND is_default = 1";

enum kz_err sql_filter_clear_default(struct store *s, const char *account)
{
    struct db *db = s->db;
    struct db_stmt *st = db_stmt(db, sql_clear_default);

    if (st == NULL)
        return KZ_ESTORE;
    db_bind_text(st, 1, account);
    return sql_exec(st);
}
