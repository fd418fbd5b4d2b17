/* SPDX-License-Identifier: MIT */
/*
 * sqlite_doc.c - configuration documents (assets, contacts, convocation
 * rules, playbooks) and settings in the SQLite backend.  Each document
 * kind has its own table; the statements per kind are fixed texts chosen
 * by the validated kind, never built from input.
 */
#include <stdio.h>
#include <string.h>

#include "store/sqlite_int.h"

#define PER_KIND(verb, cols, tail)                                             \
    {                                                                          \
        verb " asset" cols tail, verb " contact" cols tail,                    \
            verb " conv_rule" cols tail, verb " playbook" cols tail            \
    }

static const char *const sql_insert[DOC_KIND_COUNT] =
    PER_KIND("INSERT INTO", "(name, doc, version, created_at, updated_at)",
             " VALUES (?1, ?2, 1, ?3, ?3)");
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

enum kz_err sqlite_doc_insert(struct store *s, enum doc_kind k, struct doc *d)
{
    struct sqlite_store *ss = sq(s);
    sqlite3_stmt *st = kind_ok(k) ? sqlite_stmt(ss, sql_insert[k]) : NULL;

    if (st == NULL)
        return KZ_ESTORE;
    sqlite_bind_text(st, 1, d->name);
    sqlite_bind_text(st, 2, d->json);
    sqlite_bind_time(st, 3, d->created_at);
    enum kz_err err = sqlite_exec_stmt(ss, st);
    if (err == KZ_OK) {
        d->id = sqlite3_last_insert_rowid(ss->db);
        d->version = 1;
        d->updated_at = d->created_at;
    }
    return err;
}

enum kz_err sqlite_doc_update(struct store *s, enum doc_kind k,
                              const struct doc *d, int64_t expected_version)
{
    struct sqlite_store *ss = sq(s);
    sqlite3_stmt *st = kind_ok(k) ? sqlite_stmt(ss, sql_update[k]) : NULL;

    if (st == NULL)
        return KZ_ESTORE;
    sqlite3_bind_int64(st, 1, d->id);
    sqlite_bind_text(st, 2, d->name);
    sqlite_bind_text(st, 3, d->json);
    sqlite_bind_time(st, 4, d->updated_at);
    sqlite3_bind_int64(st, 5, expected_version);
    enum kz_err err = sqlite_exec_stmt(ss, st);
    if (err != KZ_OK || sqlite3_changes(ss->db) == 1)
        return err;
    return sqlite_version_miss(ss, sql_exists[k], d->id);
}

static void read_doc(sqlite3_stmt *st, struct doc *d)
{
    doc_cleanup(d);
    d->id = sqlite3_column_int64(st, 0);
    d->name = sqlite_col_text(st, 1);
    d->json = sqlite_col_text(st, 2);
    d->version = sqlite3_column_int64(st, 3);
    d->created_at = sqlite_col_time(st, 4);
    d->updated_at = sqlite_col_time(st, 5);
}

static void row_doc(sqlite3_stmt *st, void *item)
{
    doc_init(item);
    read_doc(st, item);
}

enum kz_err sqlite_doc_get(struct store *s, enum doc_kind k, int64_t id,
                           const char *name, struct doc *out)
{
    struct sqlite_store *ss = sq(s);
    sqlite3_stmt *st = kind_ok(k) ? sqlite_stmt(ss, sql_get[k]) : NULL;

    if (st == NULL)
        return KZ_ESTORE;
    sqlite3_bind_int64(st, 1, id);
    sqlite_bind_text(st, 2, name);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        read_doc(st, out);
    return sqlite_lookup_end(ss, st, rc);
}

enum kz_err sqlite_doc_list(struct store *s, enum doc_kind k,
                            struct doc_list *out)
{
    struct sqlite_store *ss = sq(s);
    sqlite3_stmt *st = kind_ok(k) ? sqlite_stmt(ss, sql_list[k]) : NULL;
    int rc;

    out->items = NULL;
    out->n = 0;
    if (st == NULL)
        return KZ_ESTORE;
    out->items = sqlite_rows(st, sizeof(*out->items), row_doc, &out->n, &rc);
    if (rc != SQLITE_DONE) {
        doc_list_cleanup(out);
        return sqlite_err(ss, rc);
    }
    return KZ_OK;
}

enum kz_err sqlite_doc_delete(struct store *s, enum doc_kind k, int64_t id)
{
    struct sqlite_store *ss = sq(s);
    sqlite3_stmt *st = kind_ok(k) ? sqlite_stmt(ss, sql_delete[k]) : NULL;

    if (st == NULL)
        return KZ_ESTORE;
    sqlite3_bind_int64(st, 1, id);
    /* A foreign key from a summons makes this a conflict. */
    return sqlite_exec_keyed(ss, st);
}

static const char sql_setting_get[] =
    "SELECT value FROM setting WHERE key = ?1";
static const char sql_setting_set[] =
    "INSERT INTO setting(key, value, updated_at) VALUES (?1, ?2, ?3)"
    " ON CONFLICT(key) DO UPDATE SET value = ?2, updated_at = ?3";

enum kz_err sqlite_setting_get(struct store *s, const char *key, char **value)
{
    struct sqlite_store *ss = sq(s);
    sqlite3_stmt *st = sqlite_stmt(ss, sql_setting_get);

    *value = NULL;
    if (st == NULL)
        return KZ_ESTORE;
    sqlite_bind_text(st, 1, key);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        *value = sqlite_col_text(st, 0);
    return sqlite_lookup_end(ss, st, rc);
}

enum kz_err sqlite_setting_set(struct store *s, const char *key,
                               const char *value, kz_time now)
{
    struct sqlite_store *ss = sq(s);
    sqlite3_stmt *st = sqlite_stmt(ss, sql_setting_set);

    if (st == NULL)
        return KZ_ESTORE;
    sqlite_bind_text(st, 1, key);
    sqlite_bind_text(st, 2, value);
    sqlite3_bind_int64(st, 3, now);
    return sqlite_exec_stmt(ss, st);
}
