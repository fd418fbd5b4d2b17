/* SPDX-License-Identifier: MIT */
/*
 * sql_audit.c - the global audit log: append
 * with the recorded head, listing and the scan verification walks.
 */
#include <stdio.h>
#include <string.h>

#include "store/sql_int.h"

static const char sql_head[] =
    "SELECT count, hash FROM audit_head WHERE id = 1";

enum kz_err sql_audit_head(struct store *s, struct chron_head *head)
{
    struct db *db = s->db;
    struct db_stmt *st = db_stmt(db, sql_head);

    if (st == NULL)
        return KZ_ESTORE;
    enum db_rc rc = db_step(st);
    if (rc == DB_ROW) {
        const char *h = db_col_text(st, 1);
        head->count = db_col_int64(st, 0);
        snprintf(head->hash, sizeof(head->hash), "%s", h ? h : "");
    }
    db_reset(st);
    if (rc == DB_DONE)
        return KZ_ESTORE; /* the migration always writes the row */
    return rc == DB_ROW ? KZ_OK : sql_step_err(st, rc);
}

static const char sql_append[] =
    "INSERT INTO audit(seq, at, actor, action, target, source, detail,"
    " prev_hash, hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";
static const char sql_move_head[] =
    "UPDATE audit_head SET count = ?1, hash = ?2"
    " WHERE id = 1 AND count = ?1 - 1";

enum kz_err sql_audit_append(struct store *s, const struct audit_entry *e)
{
    struct db *db = s->db;
    struct db_stmt *st = db_stmt(db, sql_append);

    if (st == NULL)
        return KZ_ESTORE;
    db_bind_int64(st, 1, e->seq);
    db_bind_int64(st, 2, e->at);
    db_bind_text(st, 3, e->actor ? e->actor : "");
    db_bind_text(st, 4, e->action ? e->action : "");
    db_bind_text(st, 5, e->target ? e->target : "");
    db_bind_text(st, 6, e->source ? e->source : "");
    db_bind_text(st, 7, e->detail ? e->detail : "");
    db_bind_text(st, 8, e->prev_hash);
    db_bind_text(st, 9, e->hash);
    enum kz_err err = sql_exec(st);
    if (err != KZ_OK)
        return err;
    st = db_stmt(db, sql_move_head);
    if (st == NULL)
        return KZ_ESTORE;
    db_bind_int64(st, 1, e->seq);
    db_bind_text(st, 2, e->hash);
    err = sql_exec(st);
    if (err == KZ_OK && db_changes(st) != 1)
        err = KZ_ECONFLICT;
    return err;
}

#define AUDIT_COLUMNS                                                          \
    "seq, at, actor, action, target, source, detail, prev_hash, hash"

static void read_entry(struct db_stmt *st, struct audit_entry *e)
{
    const char *prev = db_col_text(st, 7);
    const char *hash = db_col_text(st, 8);

    e->seq = db_col_int64(st, 0);
    e->at = db_col_int64(st, 1);
    e->actor = sql_col_text(st, 2);
    e->action = sql_col_text(st, 3);
    e->target = sql_col_text(st, 4);
    e->source = sql_col_text(st, 5);
    e->detail = sql_col_text(st, 6);
    snprintf(e->prev_hash, sizeof(e->prev_hash), "%s", prev ? prev : "");
    snprintf(e->hash, sizeof(e->hash), "%s", hash ? hash : "");
}

static void row_entry(struct db_stmt *st, void *item)
{
    audit_entry_init(item);
    read_entry(st, item);
}

static const char sql_list[] =
    "SELECT " AUDIT_COLUMNS " FROM audit WHERE seq > ?1"
    " AND (CAST(?2 AS BIGINT) IS NULL OR at >= ?2) ORDER BY seq LIMIT ?3";

enum kz_err sql_audit_list(struct store *s, int64_t after, kz_time since,
                           int limit, struct audit_list *out)
{
    struct db *db = s->db;
    struct db_stmt *st = db_stmt(db, sql_list);
    enum kz_err err;

    out->items = NULL;
    out->n = 0;
    if (st == NULL)
        return KZ_ESTORE;
    db_bind_int64(st, 1, after);
    sql_bind_time(st, 2, since);
    db_bind_int64(st, 3, limit);
    out->items = sql_rows(st, sizeof(*out->items), row_entry, &out->n, &err);
    if (err != KZ_OK) {
        audit_list_cleanup(out);
        return err;
    }
    return KZ_OK;
}

static const char sql_scan[] = "SELECT " AUDIT_COLUMNS " FROM audit"
                               " ORDER BY seq";

enum kz_err sql_audit_scan(struct store *s, store_audit_visit visit, void *ctx)
{
    struct db *db = s->db;
    struct db_stmt *st = db_stmt_scan(db, sql_scan);
    enum kz_err err = KZ_OK;
    enum db_rc rc = DB_DONE;

    if (st == NULL)
        return KZ_ESTORE;
    while (err == KZ_OK && (rc = db_step(st)) == DB_ROW) {
        struct audit_entry e;
        audit_entry_init(&e);
        read_entry(st, &e);
        err = visit(ctx, &e);
        audit_entry_cleanup(&e);
    }
    if (err == KZ_OK && rc != DB_DONE)
        err = sql_step_err(st, rc);
    db_reset(st);
    return err;
}
