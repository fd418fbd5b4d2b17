/* SPDX-License-Identifier: MIT */
/*
 * store_pg.c - the PostgreSQL engine of the store: opening it (the driver
 * of db_pg.c and the PostgreSQL migrations of db_pg_migrate.c) and its
 * table of operations.  Transactions and the record operations are shared
 * with every engine (sql_store.c, sql_*.c).
 */
#include "store/store_pg.h"

#include "store/db_pg.h"
#include "store/pg_search.h"
#include "store/sql_int.h"
#include "util/mem.h"

/* A kizuki database has its schema_version table; a database without it
 * has not been through `kizuki init` yet. */
static const char sql_has_schema[] =
    "SELECT count(*) FROM information_schema.tables"
    " WHERE table_schema = current_schema()"
    " AND table_name = 'schema_version'";

static int pg_schema_latest(struct store *s)
{
    (void)s;
    return db_pg_schema_latest();
}

static void pg_close(struct store *s)
{
    db_close(s->db);
    xfree(s);
}

static const struct store_ops pg_ops = {
    .name = "postgresql",
    .schema_latest = pg_schema_latest,
    .close = pg_close,
    .before_commit = pg_search_flush,
    .search = pg_search,
    .list_q = pg_list_q,
    .search_match = pg_search_match,
    .search_match_sql = PG_SEARCH_MATCH_SQL,
};

static enum kz_err has_schema(struct db *d, bool *yes)
{
    struct db_stmt *st = db_stmt(d, sql_has_schema);

    if (st == NULL)
        return KZ_ESTORE;
    enum db_rc rc = db_step(st);
    enum kz_err err = rc == DB_FAIL ? db_stmt_err(st) : KZ_OK;
    *yes = rc == DB_ROW && db_col_int64(st, 0) > 0;
    db_reset(st);
    return err;
}

enum kz_err store_pg_open(const char *uri, enum store_open_mode mode,
                          struct store **out)
{
    struct store *s = xcalloc(1, sizeof(*s));
    enum kz_err err = db_pg_open(uri, &s->db);

    s->ops = &pg_ops;
    if (err != KZ_OK) {
        xfree(s);
        return err;
    }
    bool exists = false;
    err = has_schema(s->db, &exists);
    if (err == KZ_OK && !exists && mode == STORE_OPEN_EXISTING)
        err = KZ_ENOTFOUND;
    if (err == KZ_OK)
        err = db_pg_migrate(s->db, &s->schema);
    if (err != KZ_OK) {
        pg_close(s);
        return err;
    }
    *out = s;
    return KZ_OK;
}
