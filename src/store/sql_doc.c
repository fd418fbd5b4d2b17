/* SPDX-License-Identifier: MIT */
/*
 * sql_doc.c - configuration documents (assets, contacts, convocation
 * rules, playbooks) and settings.  Each document
 * kind has its own table; the statements per kind are fixed texts chosen
 * by the validated kind, never built from input.
 */
#include <stdio.h>
#include <string.h>

#include "store/sql_int.h"

#define PER_KIND(verb, cols, tail)                                             \
    {                                                                          \
        verb " asset" cols tail, verb " contact" cols tail,                    \
            verb " conv_rule" cols tail, verb " playbook" cols tail            \
    }

#define INSERT_DOC(table)                                                      \
    SQL_INSERT_ID("INSERT INTO " table                                         \
                  "(name, doc, version, created_at, updated_at)"               \
                  " VALUES (?1, ?2, 1, ?3, ?3)")
static const char *const sql_insert[DOC_KIND_COUNT][2] = {
    INSERT_DOC("asset"), INSERT_DOC("contact"), INSERT_DOC("conv_rule"),
    INSERT_DOC("playbook")};
static const char *const sql_update[DOC_KIND_COUNT] =
    PER_KIND("UPDATE",
             " SET name = ?2, doc = ?3, version = version + 1,"
             " updated_at = ?4",
             " WHERE id = ?1 AND version = ?5");
static const char *const sql_exists[DOC_KIND_COUNT] =
    PER_KIND("SELECT 1 FROM", "", " WHERE id = ?1");
static const char *const sql_get[DOC_KIND_COUNT] = {
    "SELECT id, name, doc, version, created_at, updated_at FROM asset"
    " WHERE id = ?1 OR (?1 = 0 AND name = ?2)",
    "SELECT id, name, doc, version, created_at, updated_at FROM contact"
    " WHERE id = ?1 OR (?1 = 0 AND name = ?2)",
    "SELECT id, name, doc, version, created_at, updated_at FROM conv_rule"
    " WHERE id = ?1 OR (?1 = 0 AND name = ?2)",
    "SELECT id, name, doc, version, created_at, updated_at FROM playbook"
    " WHERE id = ?1 OR (?1 = 0 AND name = ?2)",
};
static const char *const sql_list[DOC_KIND_COUNT] =
    PER_KIND("SELECT id, name, doc, version, created_at, updated_at FROM", "",
             " ORDER BY id");
static const char *const sql_delete[DOC_KIND_COUNT] =
    PER_KIND("DELETE FROM", "", " WHERE id = ?1");

static bool kind_ok(enum doc_kind k)
{
    return (unsigned)k < DOC_KIND_COUNT;
}

enum kz_err sql_doc_insert(struct store *s, enum doc_kind k, struct doc *d)
{
    struct db *db = s->db;
    struct db_stmt *st = kind_ok(k) ? sql_insert_stmt(db, sql_insert[k]) : NULL;

    if (st == NULL)
        return KZ_ESTORE;
    db_bind_text(st, 1, d->name);
    db_bind_text(st, 2, d->json);
    sql_bind_time(st, 3, d->created_at);
    enum kz_err err = sql_insert_id(st, &d->id);
    if (err == KZ_OK) {
        d->version = 1;
        d->updated_at = d->created_at;
    }
    return err;
}

enum kz_err sql_doc_update(struct store *s, enum doc_kind k,
                           const struct doc *d, int64_t expected_version)
{
    struct db *db = s->db;
    struct db_stmt *st = kind_ok(k) ? db_stmt(db, sql_update[k]) : NULL;

    if (st == NULL)
        return KZ_ESTORE;
    db_bind_int64(st, 1, d->id);
    db_bind_text(st, 2, d->name);
    db_bind_text(st, 3, d->json);
    sql_bind_time(st, 4, d->updated_at);
    db_bind_int64(st, 5, expected_version);
    enum kz_err err = sql_exec(st);
    if (err != KZ_OK || db_changes(st) == 1)
        return err;
    return sql_version_miss(db, sql_exists[k], d->id);
}

static void read_doc(struct db_stmt *st, struct doc *d)
{
    doc_cleanup(d);
    d->id = db_col_int64(st, 0);
    d->name = sql_col_text(st, 1);
    d->json = sql_col_text(st, 2);
    d->version = db_col_int64(st, 3);
    d->created_at = sql_col_time(st, 4);
    d->updated_at = sql_col_time(st, 5);
}

static void row_doc(struct db_stmt *st, void *item)
{
    doc_init(item);
    read_doc(st, item);
}

enum kz_err sql_doc_get(struct store *s, enum doc_kind k, int64_t id,
                        const char *name, struct doc *out)
{
    struct db *db = s->db;
    struct db_stmt *st = kind_ok(k) ? db_stmt(db, sql_get[k]) : NULL;

    if (st == NULL)
        return KZ_ESTORE;
    db_bind_int64(st, 1, id);
    db_bind_text(st, 2, name);
    enum db_rc rc = db_step(st);
    if (rc == DB_ROW)
        read_doc(st, out);
    return sql_lookup_end(st, rc);
}

enum kz_err sql_doc_list(struct store *s, enum doc_kind k, struct doc_list *out)
{
    struct db *db = s->db;
    struct db_stmt *st = kind_ok(k) ? db_stmt(db, sql_list[k]) : NULL;
    enum kz_err err;

    out->items = NULL;
    out->n = 0;
    if (st == NULL)
        return KZ_ESTORE;
    out->items = sql_rows(st, sizeof(*out->items), row_doc, &out->n, &err);
    if (err != KZ_OK) {
        doc_list_cleanup(out);
        return err;
    }
    return KZ_OK;
}

enum kz_err sql_doc_delete(struct store *s, enum doc_kind k, int64_t id)
{
    struct db *db = s->db;
    struct db_stmt *st = kind_ok(k) ? db_stmt(db, sql_delete[k]) : NULL;

    if (st == NULL)
        return KZ_ESTORE;
    db_bind_int64(st, 1, id);
    /* A foreign key from a summons makes this a conflict. */
    return sql_exec_keyed(st);
}

static const char setting_get_sql[] =
    "SELECT value FROM setting WHERE key = ?1";
static const char setting_set_sql[] =
    "INSERT INTO setting(key, value, updated_at) VALUES (?1, ?2, ?3)"
    " ON CONFLICT(key) DO UPDATE SET value = ?2, updated_at = ?3";

enum kz_err sql_setting_get(struct store *s, const char *key, char **value)
{
    struct db *db = s->db;
    struct db_stmt *st = db_stmt(db, setting_get_sql);

    *value = NULL;
    if (st == NULL)
        return KZ_ESTORE;
    db_bind_text(st, 1, key);
    enum db_rc rc = db_step(st);
    if (rc == DB_ROW)
        *value = sql_col_text(st, 0);
    return sql_lookup_end(st, rc);
}

enum kz_err sql_setting_set(struct store *s, const char *key, const char *value,
                            kz_time now)
{
    struct db *db = s->db;
    struct db_stmt *st = db_stmt(db, setting_set_sql);

    if (st == NULL)
        return KZ_ESTORE;
    db_bind_text(st, 1, key);
    db_bind_text(st, 2, value);
    db_bind_int64(st, 3, now);
    return sql_exec(st);
}
