/* SPDX-License-Identifier: MIT */
/*
 * sql_item.c - items around an incident (filings, costs, disclosures,
 * aftercare, fact owners).
 */
#include <stdio.h>
#include <string.h>

#include "store/sql_int.h"

static const char *const sql_insert[] = SQL_INSERT_ID(
    "INSERT INTO incident_item(incident_id, kind, key, doc, version,"
    " created_at, created_by, updated_at) VALUES (?1, ?2, ?3, ?4, 1, ?5, ?6,"
    " ?5)");
/* A keyed item replaces the one with the same key. */
static const char sql_upsert[] =
    "INSERT INTO incident_item(incident_id, kind, key, doc, version,"
    " created_at, created_by, updated_at) VALUES (?1, ?2, ?3, ?4, 1, ?5, ?6,"
    " ?5) ON CONFLICT(incident_id, kind, key) WHERE key IS NOT NULL"
    " DO UPDATE SET doc = ?4, version = incident_item.version + 1,"
    " updated_at = ?5"
    " RETURNING id, version";
static const char sql_update[] =
    "UPDATE incident_item SET doc = ?2, version = version + 1,"
    " updated_at = ?3 WHERE id = ?1 AND version = ?4";
static const char sql_exists[] = "SELECT 1 FROM incident_item WHERE id = ?1";

enum kz_err sql_item_put(struct store *s, struct item *it)
{
    struct db *db = s->db;
    struct db_stmt *st;
    enum kz_err err;

    if ((unsigned)it->kind >= ITEM_KIND_COUNT)
        return KZ_ESTORE;
    if (it->id > 0) {
        st = db_stmt(db, sql_update);
        if (st == NULL)
            return KZ_ESTORE;
        db_bind_int64(st, 1, it->id);
        db_bind_text(st, 2, it->json);
        db_bind_int64(st, 3, it->updated_at);
        db_bind_int64(st, 4, it->version);
        err = sql_exec(st);
        if (err != KZ_OK)
            return err;
        if (db_changes(st) == 1) {
            it->version++;
            return KZ_OK;
        }
        return sql_version_miss(db, sql_exists, it->id);
    }
    st = it->key ? db_stmt(db, sql_upsert) : sql_insert_stmt(db, sql_insert);
    if (st == NULL)
        return KZ_ESTORE;
    db_bind_int64(st, 1, it->incident_id);
    db_bind_text(st, 2, item_kind_key(it->kind));
    db_bind_text(st, 3, it->key);
    db_bind_text(st, 4, it->json);
    db_bind_int64(st, 5, it->created_at);
    db_bind_text(st, 6, it->created_by ? it->created_by : "");
    if (it->key == NULL) {
        err = sql_insert_id(st, &it->id);
        if (err == KZ_OK)
            it->version = 1;
        return err;
    }
    enum db_rc rc = db_step(st);
    if (rc == DB_ROW) {
        it->id = db_col_int64(st, 0);
        it->version = db_col_int64(st, 1);
    }
    db_reset(st);
    return sql_step_err(st, rc);
}

#define ITEM_COLUMNS                                                           \
    "id, incident_id, kind, key, doc, version, created_at, created_by,"        \
    " updated_at"

static void read_item(struct db_stmt *st, struct item *it)
{
    const char *kind = db_col_text(st, 2);

    item_cleanup(it);
    it->id = db_col_int64(st, 0);
    it->incident_id = db_col_int64(st, 1);
    it->kind = ITEM_KIND_COUNT;
    for (int k = 0; k < ITEM_KIND_COUNT && kind != NULL; k++) {
        if (strcmp(kind, item_kind_key((enum item_kind)k)) == 0)
            it->kind = (enum item_kind)k;
    }
    it->key = sql_col_text(st, 3);
    it->json = sql_col_text(st, 4);
    it->version = db_col_int64(st, 5);
    it->created_at = sql_col_time(st, 6);
    it->created_by = sql_col_text(st, 7);
    it->updated_at = sql_col_time(st, 8);
}

static void row_item(struct db_stmt *st, void *item)
{
    item_init(item);
    read_item(st, item);
}

static const char sql_list[] =
    "SELECT " ITEM_COLUMNS " FROM incident_item WHERE incident_id = ?1"
    " AND kind = ?2 ORDER BY id";

enum kz_err sql_item_list(struct store *s, int64_t incident_id,
                          enum item_kind k, struct item_list *out)
{
    struct db *db = s->db;
    struct db_stmt *st = db_stmt(db, sql_list);
    enum kz_err err;

    out->items = NULL;
    out->n = 0;
    if (st == NULL)
        return KZ_ESTORE;
    db_bind_int64(st, 1, incident_id);
    db_bind_text(st, 2, item_kind_key(k));
    out->items = sql_rows(st, sizeof(*out->items), row_item, &out->n, &err);
    if (err != KZ_OK) {
        item_list_cleanup(out);
        return err;
    }
    return KZ_OK;
}

static const char sql_get[] =
    "SELECT " ITEM_COLUMNS " FROM incident_item WHERE id = ?1";

enum kz_err sql_item_get(struct store *s, int64_t id, struct item *out)
{
    struct db *db = s->db;
    struct db_stmt *st = db_stmt(db, sql_get);

    if (st == NULL)
        return KZ_ESTORE;
    db_bind_int64(st, 1, id);
    enum db_rc rc = db_step(st);
    if (rc == DB_ROW)
        read_item(st, out);
    return sql_lookup_end(st, rc);
}
