/* SPDX-License-Identifier: MIT */
/*
 * sqlite_audit.c - the global audit log in the SQLite backend: append
 * with the recorded head, listing and the scan verification walks.
 */
#include <stdio.h>
#include <string.h>

#include "store/sqlite_int.h"

static const char sql_head[] =
    "SELECT count, hash FROM audit_head WHERE id = 1";

enum kz_err sqlite_audit_head(struct store *s, struct chron_head *head)
{
    struct sqlite_store *ss = sq(s);
    sqlite3_stmt *st = sqlite_stmt(ss, sql_head);

    if (st == NULL)
        return KZ_ESTORE;
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        const char *h = (const char *)sqlite3_column_text(st, 1);
        head->count = sqlite3_column_int64(st, 0);
        snprintf(head->hash, sizeof(head->hash), "%s", h ? h : "");
    }
    sqlite3_reset(st);
    if (rc == SQLITE_DONE)
        return KZ_ESTORE; /* the migration always writes the row */
    return rc == SQLITE_ROW ? KZ_OK : sqlite_err(ss, rc);
}

static const char sql_append[] =
    "INSERT INTO audit(seq, at, actor, action, target, source, detail,"
    " prev_hash, hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";
static const char sql_move_head[] =
    "UPDATE audit_head SET count = ?1, hash = ?2"
    " WHERE id = 1 AND count = ?1 - 1";

enum kz_err sqlite_audit_append(struct store *s, const struct audit_entry *e)
{
    struct sqlite_store *ss = sq(s);
    sqlite3_stmt *st = sqlite_stmt(ss, sql_append);

    if (st == NULL)
        return KZ_ESTORE;
    sqlite3_bind_int64(st, 1, e->seq);
    sqlite3_bind_int64(st, 2, e->at);
    sqlite_bind_text(st, 3, e->actor ? e->actor : "");
    sqlite_bind_text(st, 4, e->action ? e->action : "");
    sqlite_bind_text(st, 5, e->target ? e->target : "");
    sqlite_bind_text(st, 6, e->source ? e->source : "");
    sqlite_bind_text(st, 7, e->detail ? e->detail : "");
    sqlite_bind_text(st, 8, e->prev_hash);
    sqlite_bind_text(st, 9, e->hash);
    enum kz_err err = sqlite_exec_stmt(ss, st);
    if (err != KZ_OK)
        return err;
    st = sqlite_stmt(ss, sql_move_head);
    if (st == NULL)
        return KZ_ESTORE;
    sqlite3_bind_int64(st, 1, e->seq);
    sqlite_bind_text(st, 2, e->hash);
    err = sqlite_exec_stmt(ss, st);
    if (err == KZ_OK && sqlite3_changes(ss->db) != 1)
        err = KZ_ECONFLICT;
    return err;
}

#define AUDIT_COLUMNS                                                          \
    "seq, at, actor, action, target, source, detail, prev_hash, hash"

static void read_entry(sqlite3_stmt *st, struct audit_entry *e)
{
    const char *prev = (const char *)sqlite3_column_text(st, 7);
    const char *hash = (const char *)sqlite3_column_text(st, 8);

    e->seq = sqlite3_column_int64(st, 0);
    e->at = sqlite3_column_int64(st, 1);
    e->actor = sqlite_col_text(st, 2);
    e->action = sqlite_col_text(st, 3);
    e->target = sqlite_col_text(st, 4);
    e->source = sqlite_col_text(st, 5);
    e->detail = sqlite_col_text(st, 6);
    snprintf(e->prev_hash, sizeof(e->prev_hash), "%s", prev ? prev : "");
    snprintf(e->hash, sizeof(e->hash), "%s", hash ? hash : "");
}

static void row_entry(sqlite3_stmt *st, void *item)
{
    audit_entry_init(item);
    read_entry(st, item);
}

static const char sql_list[] =
    "SELECT " AUDIT_COLUMNS " FROM audit WHERE seq > ?1"
    " AND (?2 IS NULL OR at >= ?2) ORDER BY seq LIMIT ?3";

enum kz_err sqlite_audit_list(struct store *s, int64_t after, kz_time since,
                              int limit, struct audit_list *out)
{
    struct sqlite_store *ss = sq(s);
    sqlite3_stmt *st = sqlite_stmt(ss, sql_list);
    int rc;

    out->items = NULL;
    out->n = 0;
    if (st == NULL)
        return KZ_ESTORE;
    sqlite3_bind_int64(st, 1, after);
    sqlite_bind_time(st, 2, since);
    sqlite3_bind_int(st, 3, limit);
    out->items = sqlite_rows(st, sizeof(*out->items), row_entry, &out->n, &rc);
    if (rc != SQLITE_DONE) {
        audit_list_cleanup(out);
        return sqlite_err(ss, rc);
    }
    return KZ_OK;
}

static const char sql_scan[] = "SELECT " AUDIT_COLUMNS " FROM audit"
                               " ORDER BY seq";

enum kz_err sqlite_audit_scan(struct store *s, store_audit_visit visit,
                              void *ctx)
{
    struct sqlite_store *ss = sq(s);
    sqlite3_stmt *st = sqlite_stmt(ss, sql_scan);
    enum kz_err err = KZ_OK;
    int rc = SQLITE_DONE;

    if (st == NULL)
        return KZ_ESTORE;
    while (err == KZ_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct audit_entry e;
        audit_entry_init(&e);
        read_entry(st, &e);
        err = visit(ctx, &e);
        audit_entry_cleanup(&e);
    }
    if (err == KZ_OK && rc != SQLITE_DONE)
        err = sqlite_err(ss, rc);
    sqlite3_reset(st);
    return err;
}
