/* SPDX-License-Identifier: MIT */
/*
 * sqlite_link.c - links between incidents in the SQLite backend.
 */
#include <stdio.h>
#include <string.h>

#include "store/sqlite_int.h"
#include "util/mem.h"

static const char sql_insert[] =
    "INSERT INTO incident_link(kind, from_id, to_id, created_at, created_by)"
    " VALUES (?1, ?2, ?3, ?4, ?5)";

enum kz_err sqlite_link_insert(struct store *s, struct incident_link *l)
{
    struct sqlite_store *ss = sq(s);
    sqlite3_stmt *st = sqlite_stmt(ss, sql_insert);

    if (st == NULL)
        return KZ_ESTORE;
    sqlite_bind_text(st, 1, link_kind_key(l->kind));
    sqlite3_bind_int64(st, 2, l->from_id);
    sqlite3_bind_int64(st, 3, l->to_id);
    sqlite_bind_time(st, 4, l->created_at);
    sqlite_bind_text(st, 5, l->created_by);
    enum kz_err err = sqlite_exec_stmt(ss, st);
    if (err == KZ_OK)
        l->id = sqlite3_last_insert_rowid(ss->db);
    return err;
}

#define LINK_SELECT                                                            \
    "SELECT l.id, l.kind, l.from_id, f.ref, l.to_id, t.ref, l.created_at,"     \
    " l.created_by FROM incident_link l"                                       \
    " JOIN incident f ON f.id = l.from_id JOIN incident t ON t.id = l.to_id"

static void copy_ref(char *dst, const unsigned char *src)
{
    snprintf(dst, INCIDENT_REF_LEN, "%s", src ? (const char *)src : "");
}

static void row_link(sqlite3_stmt *st, void *item)
{
    struct incident_link *l = item;

    incident_link_init(l);
    l->id = sqlite3_column_int64(st, 0);
    if (!link_kind_from_key((const char *)sqlite3_column_text(st, 1), &l->kind))
        l->kind = LINK_RELATED;
    l->from_id = sqlite3_column_int64(st, 2);
    copy_ref(l->from_ref, sqlite3_column_text(st, 3));
    l->to_id = sqlite3_column_int64(st, 4);
    copy_ref(l->to_ref, sqlite3_column_text(st, 5));
    l->created_at = sqlite_col_time(st, 6);
    l->created_by = sqlite_col_text(st, 7);
}

static const char sql_get[] = LINK_SELECT " WHERE l.id = ?1";

enum kz_err sqlite_link_get(struct store *s, int64_t id,
                            struct incident_link *out)
{
    struct sqlite_store *ss = sq(s);
    sqlite3_stmt *st = sqlite_stmt(ss, sql_get);

    if (st == NULL)
        return KZ_ESTORE;
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        incident_link_cleanup(out);
        row_link(st, out);
    }
    return sqlite_lookup_end(ss, st, rc);
}

static const char sql_delete[] = "DELETE FROM incident_link WHERE id = ?1";

enum kz_err sqlite_link_delete(struct store *s, int64_t id)
{
    struct sqlite_store *ss = sq(s);
    sqlite3_stmt *st = sqlite_stmt(ss, sql_delete);

    if (st == NULL)
        return KZ_ESTORE;
    sqlite3_bind_int64(st, 1, id);
    return sqlite_exec_keyed(ss, st);
}

static const char sql_list[] =
    LINK_SELECT " WHERE l.from_id = ?1 OR l.to_id = ?1 ORDER BY l.id";

enum kz_err sqlite_link_list(struct store *s, int64_t incident_id,
                             struct link_list *out)
{
    struct sqlite_store *ss = sq(s);
    sqlite3_stmt *st = sqlite_stmt(ss, sql_list);
    int rc;

    out->items = NULL;
    out->n = 0;
    if (st == NULL)
        return KZ_ESTORE;
    sqlite3_bind_int64(st, 1, incident_id);
    out->items = sqlite_rows(st, sizeof(*out->items), row_link, &out->n, &rc);
    if (rc != SQLITE_DONE) {
        link_list_cleanup(out);
        return sqlite_err(ss, rc);
    }
    return KZ_OK;
}

/* Uses incident_category_discovered; ordered by distance in time, so the
 * limit keeps the likeliest. */
static const char sql_candidates[] =
    "SELECT ref FROM incident WHERE category = ?2"
    " AND discovered_at BETWEEN ?3 AND ?4 AND id <> ?1"
    " ORDER BY abs(discovered_at - (?3 + ?4) / 2), id DESC LIMIT ?5";

enum kz_err sqlite_link_candidates(struct store *s, int64_t exclude_id,
                                   const char *category, kz_time from,
                                   kz_time to, int limit, struct strv *out)
{
    struct sqlite_store *ss = sq(s);
    sqlite3_stmt *st = sqlite_stmt(ss, sql_candidates);
    int rc;

    if (st == NULL)
        return KZ_ESTORE;
    sqlite3_bind_int64(st, 1, exclude_id);
    sqlite_bind_text(st, 2, category);
    sqlite3_bind_int64(st, 3, from);
    sqlite3_bind_int64(st, 4, to);
    sqlite3_bind_int(st, 5, limit);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        strv_push(out, (const char *)sqlite3_column_text(st, 0));
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? KZ_OK : sqlite_err(ss, rc);
}
