/* SPDX-License-Identifier: MIT */
/*
 * sql_link.c - links between incidents.
 */
#include <stdio.h>
#include <string.h>

#include "store/sql_int.h"
#include "util/mem.h"

static const char *const sql_insert[] = SQL_INSERT_ID(
    "INSERT INTO incident_link(kind, from_id, to_id, created_at, created_by)"
    " VALUES (?1, ?2, ?3, ?4, ?5)");

enum kz_err sql_link_insert(struct store *s, struct incident_link *l)
{
    struct db *db = s->db;
    struct db_stmt *st = sql_insert_stmt(db, sql_insert);

    if (st == NULL)
        return KZ_ESTORE;
    db_bind_text(st, 1, link_kind_key(l->kind));
    db_bind_int64(st, 2, l->from_id);
    db_bind_int64(st, 3, l->to_id);
    sql_bind_time(st, 4, l->created_at);
    db_bind_text(st, 5, l->created_by);
    enum kz_err err = sql_insert_id(st, &l->id);
    return err;
}

#define LINK_SELECT                                                            \
    "SELECT l.id, l.kind, l.from_id, f.ref, l.to_id, t.ref, l.created_at,"     \
    " l.created_by FROM incident_link l"                                       \
    " JOIN incident f ON f.id = l.from_id JOIN incident t ON t.id = l.to_id"

static void copy_ref(char *dst, const char *src)
{
    snprintf(dst, INCIDENT_REF_LEN, "%s", src ? src : "");
}

static void row_link(struct db_stmt *st, void *item)
{
    struct incident_link *l = item;

    incident_link_init(l);
    l->id = db_col_int64(st, 0);
    if (!link_kind_from_key(db_col_text(st, 1), &l->kind))
        l->kind = LINK_RELATED;
    l->from_id = db_col_int64(st, 2);
    copy_ref(l->from_ref, db_col_text(st, 3));
    l->to_id = db_col_int64(st, 4);
    copy_ref(l->to_ref, db_col_text(st, 5));
    l->created_at = sql_col_time(st, 6);
    l->created_by = sql_col_text(st, 7);
}

static const char sql_get[] = LINK_SELECT " WHERE l.id = ?1";

enum kz_err sql_link_get(struct store *s, int64_t id, struct incident_link *out)
{
    struct db *db = s->db;
    struct db_stmt *st = db_stmt(db, sql_get);

    if (st == NULL)
        return KZ_ESTORE;
    db_bind_int64(st, 1, id);
    enum db_rc rc = db_step(st);
    if (rc == DB_ROW) {
        incident_link_cleanup(out);
        row_link(st, out);
    }
    return sql_lookup_end(st, rc);
}

static const char sql_delete[] = "DELETE FROM incident_link WHERE id = ?1";

enum kz_err sql_link_delete(struct store *s, int64_t id)
{
    struct db *db = s->db;
    struct db_stmt *st = db_stmt(db, sql_delete);

    if (st == NULL)
        return KZ_ESTORE;
    db_bind_int64(st, 1, id);
    return sql_exec_keyed(st);
}

static const char sql_list[] =
    LINK_SELECT " WHERE l.from_id = ?1 OR l.to_id = ?1 ORDER BY l.id";

enum kz_err sql_link_list(struct store *s, int64_t incident_id,
                          struct link_list *out)
{
    struct db *db = s->db;
    struct db_stmt *st = db_stmt(db, sql_list);
    enum kz_err err;

    out->items = NULL;
    out->n = 0;
    if (st == NULL)
        return KZ_ESTORE;
    db_bind_int64(st, 1, incident_id);
    out->items = sql_rows(st, sizeof(*out->items), row_link, &out->n, &err);
    if (err != KZ_OK) {
        link_list_cleanup(out);
        return err;
    }
    return KZ_OK;
}

/* Uses incident_category_discovered; ordered by distance in time, so the
 * limit keeps the likeliest. */
static const char sql_candidates[] =
    "SELECT ref FROM incident WHERE category = ?2"
    " AND discovered_at BETWEEN ?3 AND ?4 AND id <> ?1"
    " ORDER BY abs(discovered_at - (?3 + ?4) / 2), id DESC LIMIT ?5";

enum kz_err sql_link_candidates(struct store *s, int64_t exclude_id,
                                const char *category, kz_time from, kz_time to,
                                int limit, struct strv *out)
{
    struct db *db = s->db;
    struct db_stmt *st = db_stmt(db, sql_candidates);
    enum db_rc rc;

    if (st == NULL)
        return KZ_ESTORE;
    db_bind_int64(st, 1, exclude_id);
    db_bind_text(st, 2, category);
    db_bind_int64(st, 3, from);
    db_bind_int64(st, 4, to);
    db_bind_int64(st, 5, limit);
    while ((rc = db_step(st)) == DB_ROW)
        strv_push(out, db_col_text(st, 0));
    db_reset(st);
    return rc == DB_DONE ? KZ_OK : sql_step_err(st, rc);
}
