/* SPDX-License-Identifier: MIT */
/*
 * sqlite_item.c - items around an incident (filings, costs, disclosures,
 * aftercare, fact owners) in the SQLite backend.
 */
#include <stdio.h>
#include <string.h>

#include "store/sqlite_int.h"

static const char sql_insert[] =
    "INSERT INTO incident_item(incident_id, kind, key, doc, version,"
    " created_at, created_by, updated_at) VALUES (?1, ?2, ?3, ?4, 1, ?5, ?6,"
    " ?5)";
/* A keyed item replaces the one with the same key. */
static const char sql_upsert[] =
    "INSERT INTO incident_item(incident_id, kind, key, doc, version,"
    " created_at, created_by, updated_at) VALUES (?1, ?2, ?3, ?4, 1, ?5, ?6,"
    " ?5) ON CONFLICT(incident_id, kind, key) WHERE key IS NOT NULL"
    " DO UPDATE SET doc = ?4, version = version + 1, updated_at = ?5"
    " RETURNING id, version";
static const char sql_update[] =
    "UPDATE incident_item SET doc = ?2, version = version + 1,"
    " updated_at = ?3 WHERE id = ?1 AND version = ?4";
static const char sql_exists[] = "SELECT 1 FROM incident_item WHERE id = ?1";

enum kz_err sqlite_item_put(struct store *s, struct item *it)
{
    struct sqlite_store *ss = sq(s);
    sqlite3_stmt *st;
    enum kz_err err;

    if ((unsigned)it->kind >= ITEM_KIND_COUNT)
        return KZ_ESTORE;
    if (it->id > 0) {
        st = sqlite_stmt(ss, sql_update);
        if (st == NULL)
            return KZ_ESTORE;
        sqlite3_bind_int64(st, 1, it->id);
        sqlite_bind_text(st, 2, it->json);
        sqlite3_bind_int64(st, 3, it->updated_at);
        sqlite3_bind_int64(st, 4, it->version);
        err = sqlite_exec_stmt(ss, st);
        if (err != KZ_OK)
            return err;
        if (sqlite3_changes(ss->db) == 1) {
            it->version++;
            return KZ_OK;
        }
        return sqlite_version_miss(ss, sql_exists, it->id);
    }
    st = sqlite_stmt(ss, it->key ? sql_upsert : sql_insert);
    if (st == NULL)
        return KZ_ESTORE;
    sqlite3_bind_int64(st, 1, it->incident_id);
    sqlite_bind_text(st, 2, item_kind_key(it->kind));
    sqlite_bind_text(st, 3, it->key);
    sqlite_bind_text(st, 4, it->json);
    sqlite3_bind_int64(st, 5, it->created_at);
    sqlite_bind_text(st, 6, it->created_by ? it->created_by : "");
    if (it->key == NULL) {
        err = sqlite_exec_stmt(ss, st);
        if (err == KZ_OK) {
            it->id = sqlite3_last_insert_rowid(ss->db);
            it->version = 1;
        }
        return err;
    }
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        it->id = sqlite3_column_int64(st, 0);
        it->version = sqlite3_column_int64(st, 1);
    }
    int rc2 = sqlite3_reset(st);
    if (rc != SQLITE_ROW)
        return sqlite_err(ss, rc);
    return sqlite_err(ss, rc2);
}

#define ITEM_COLUMNS                                                           \
    "id, incident_id, kind, key, doc, version, created_at, created_by,"        \
    " updated_at"

static void read_item(sqlite3_stmt *st, struct item *it)
{
    const char *kind = (const char *)sqlite3_column_text(st, 2);

    item_cleanup(it);
    it->id = sqlite3_column_int64(st, 0);
    it->incident_id = sqlite3_column_int64(st, 1);
    it->kind = ITEM_KIND_COUNT;
    for (int k = 0; k < ITEM_KIND_COUNT && kind != NULL; k++) {
        if (strcmp(kind, item_kind_key((enum item_kind)k)) == 0)
            it->kind = (enum item_kind)k;
    }
    it->key = sqlite_col_text(st, 3);
    it->json = sqlite_col_text(st, 4);
    it->version = sqlite3_column_int64(st, 5);
    it->created_at = sqlite_col_time(st, 6);
    it->created_by = sqlite_col_text(st, 7);
    it->updated_at = sqlite_col_time(st, 8);
}

static void row_item(sqlite3_stmt *st, void *item)
{
    item_init(item);
    read_item(st, item);
}

static const char sql_list[] =
    "SELECT " ITEM_COLUMNS " FROM incident_item WHERE incident_id = ?1"
    " AND kind = ?2 ORDER BY id";

enum kz_err sqlite_item_list(struct store *s, int64_t incident_id,
                             enum item_kind k, struct item_list *out)
{
    struct sqlite_store *ss = sq(s);
    sqlite3_stmt *st = sqlite_stmt(ss, sql_list);
    int rc;

    out->items = NULL;
    out->n = 0;
    if (st == NULL)
        return KZ_ESTORE;
    sqlite3_bind_int64(st, 1, incident_id);
    sqlite_bind_text(st, 2, item_kind_key(k));
    out->items = sqlite_rows(st, sizeof(*out->items), row_item, &out->n, &rc);
    if (rc != SQLITE_DONE) {
        item_list_cleanup(out);
        return sqlite_err(ss, rc);
    }
    return KZ_OK;
}

static const char sql_get[] =
    "SELECT " ITEM_COLUMNS " FROM incident_item WHERE id = ?1";

enum kz_err sqlite_item_get(struct store *s, int64_t id, struct item *out)
{
    struct sqlite_store *ss = sq(s);
    sqlite3_stmt *st = sqlite_stmt(ss, sql_get);

    if (st == NULL)
        return KZ_ESTORE;
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        read_item(st, out);
    return sqlite_lookup_end(ss, st, rc);
}
