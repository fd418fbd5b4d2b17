/* SPDX-License-Identifier: MIT */
/*
 * sqlite.c - the SQLite engine of the store: opening it (the driver of
 * db_sqlite.c, the FTS5 tokenizer of the search index, the SQLite
 * migrations) and its table of operations.  Transactions, migrations and
 * the record operations are shared with every engine (sql_store.c,
 * sql_*.c).
 *
 * TRANSITIONAL (issue 11): it also implements the old backend helpers of
 * sqlite_int.h over the driver, for sqlite_search.c and sqlite_alert.c
 * until they are written with db.h.
 */
#include "store/sqlite_int.h"

#include <stdio.h>
#include <stdint.h>

#include "util/embed.h"
#include "util/mem.h"

extern const struct embedded_file sqlite_migrations[];
extern const size_t sqlite_migrations_count;

/* ---- TRANSITIONAL (issue 11): the old helpers over the driver ---------- */

enum kz_err sqlite_err(struct sqlite_store *ss, int rc)
{
    return db_sqlite_err(ss ? ss->base.db : NULL, rc);
}

sqlite3_stmt *sqlite_stmt(struct sqlite_store *ss, const char *sql)
{
    struct db_stmt *st = db_stmt(ss->base.db, sql);

    return st != NULL ? db_sqlite_raw(st) : NULL;
}

enum kz_err sqlite_exec_stmt(struct sqlite_store *ss, sqlite3_stmt *st)
{
    if (st == NULL)
        return KZ_ESTORE;
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? KZ_OK : sqlite_err(ss, rc);
}

enum kz_err sqlite_exec_keyed(struct sqlite_store *ss, sqlite3_stmt *st)
{
    enum kz_err err = sqlite_exec_stmt(ss, st);

    if (err == KZ_OK && sqlite3_changes(ss->db) == 0)
        err = KZ_ENOTFOUND;
    return err;
}

enum kz_err sqlite_lookup_end(struct sqlite_store *ss, sqlite3_stmt *st, int rc)
{
    sqlite3_reset(st);
    if (rc == SQLITE_DONE)
        return KZ_ENOTFOUND;
    return rc == SQLITE_ROW ? KZ_OK : sqlite_err(ss, rc);
}

void *sqlite_rows(sqlite3_stmt *st, size_t size, sqlite_row_fn read, size_t *n,
                  int *rc)
{
    unsigned char *items = NULL;
    size_t cap = 0;

    *n = 0;
    while ((*rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 8;
            items = xrealloc(items, cap * size);
        }
        read(st, items + *n * size);
        (*n)++;
    }
    sqlite3_reset(st);
    return items;
}

void sqlite_bind_text(sqlite3_stmt *st, int i, const char *s)
{
    if (s == NULL)
        sqlite3_bind_null(st, i);
    else
        sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
}

void sqlite_bind_time(sqlite3_stmt *st, int i, kz_time t)
{
    if (t == KZ_TIME_NONE)
        sqlite3_bind_null(st, i);
    else
        sqlite3_bind_int64(st, i, t);
}

char *sqlite_col_text(sqlite3_stmt *st, int i)
{
    const unsigned char *t = sqlite3_column_text(st, i);

    return t ? xstrdup((const char *)t) : NULL;
}

kz_time sqlite_col_time(sqlite3_stmt *st, int i)
{
    if (sqlite3_column_type(st, i) == SQLITE_NULL)
        return KZ_TIME_NONE;
    return sqlite3_column_int64(st, i);
}

/* ---- end of TRANSITIONAL ------------------------------------------------- */

static int sq_schema_latest(struct store *s)
{
    (void)s;
    return sql_store_latest(sqlite_migrations, sqlite_migrations_count);
}

static enum kz_err sq_before_commit(struct store *s)
{
    return sqlite_search_flush(sq(s));
}

static void sq_close(struct store *s)
{
    db_close(s->db);
    xfree(s);
}

static const struct store_ops sqlite_ops = {
    .name = "sqlite",
    .schema_latest = sq_schema_latest,
    .before_commit = sq_before_commit,
    .close = sq_close,
    .search = sqlite_search,
    .list_q = sqlite_list_q,
    .search_match = sqlite_list_search_match,
    .search_match_sql = "i.id IN (SELECT 549755813887 - (rowid >> 24)"
                        " FROM search_fts WHERE search_fts MATCH ?)",
    .alert_find = sqlite_alert_find,
    .alert_latest = sqlite_alert_latest,
    .alert_next_id = sqlite_alert_next_id,
    .alert_insert = sqlite_alert_insert,
    .alert_repeat = sqlite_alert_repeat,
    .alert_get = sqlite_alert_get,
    .alert_list = sqlite_alert_list,
    .alert_set_status = sqlite_alert_set_status,
};

enum kz_err store_sqlite_open(const char *path, enum store_open_mode mode,
                              struct store **out)
{
    struct sqlite_store *ss = xcalloc(1, sizeof(*ss));
    enum kz_err err = db_sqlite_open(path, mode, &ss->base.db);

    ss->base.ops = &sqlite_ops;
    if (err != KZ_OK) {
        xfree(ss);
        return err;
    }
    ss->db = db_sqlite_handle(ss->base.db);
    /* Before the migrations: the index's table needs the tokenizer. */
    err = sqlite_search_register(ss);
    if (err == KZ_OK)
        err = sql_store_migrate(&ss->base, sqlite_migrations,
                                sqlite_migrations_count);
    if (err != KZ_OK) {
        sq_close(&ss->base);
        return err;
    }
    ss->schema = ss->base.schema;
    *out = &ss->base;
    return KZ_OK;
}
