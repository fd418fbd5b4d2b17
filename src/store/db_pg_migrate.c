/* SPDX-License-Identifier: MIT */
/*
 * db_pg_migrate.c - the PostgreSQL schema migrations runner, written on
 * the driver interface (db.h) like the record operations; only its SQL is
 * PostgreSQL's.  Same rules as SQLite's runner: numbered files applied in
 * order and recorded in schema_version, a newer schema refused, a
 * database of another application refused with nothing written.
 *
 * Unlike SQLite's, every missing migration is applied in ONE transaction
 * (PostgreSQL's DDL is transactional, so a failed upgrade leaves the old
 * schema whole), under a transaction-scoped advisory lock, so that
 * several servers starting at once against one database apply each
 * migration once: the second waits, then finds the schema current.
 *
 * kizuki's schema_version carries the comment 'kizuki' (set when it is
 * created): a table of that common name made by another application does
 * not make its database kizuki's.
 */
#include <stdlib.h>
#include <time.h>

#include "store/db_pg.h"
#include "util/embed.h"

extern const struct embedded_file pg_migrations[];
extern const size_t pg_migrations_count;

/* Class 1802000 of the advisory locks: the migrations (1802001 numbers
 * search documents, sql/pg/0017_search.sql). */
static const char sql_lock[] = "SELECT pg_advisory_xact_lock(1802000, 0)";
static const char sql_probe[] =
    "SELECT count(*) FILTER (WHERE c.relname <> 'schema_version'),"
    " count(*) FILTER (WHERE c.relname = 'schema_version'"
    "  AND obj_description(c.oid, 'pg_class') = 'kizuki'),"
    " count(*) FILTER (WHERE c.relname = 'schema_version')"
    " FROM pg_class c"
    " WHERE c.relnamespace = current_schema()::regnamespace"
    "  AND c.relkind IN ('r', 'p', 'v', 'm', 'f')";
static const char sql_version_table[] =
    "CREATE TABLE schema_version ("
    " version INTEGER PRIMARY KEY,"
    " applied_at BIGINT NOT NULL);"
    "COMMENT ON TABLE schema_version IS 'kizuki'";
static const char sql_version_get[] =
    "SELECT coalesce(max(version), 0) FROM schema_version";
static const char sql_version_put[] =
    "INSERT INTO schema_version(version, applied_at) VALUES (?1, ?2)";
static const char sql_begin[] = "BEGIN";
static const char sql_commit[] = "COMMIT";
static const char sql_rollback[] = "ROLLBACK";

static int migration_version(const struct embedded_file *f)
{
    /* Migration files are named "NNNN_subject.sql". */
    return (int)strtol(f->path, NULL, 10);
}

int db_pg_schema_latest(void)
{
    int latest = 0;

    for (size_t i = 0; i < pg_migrations_count; i++) {
        int v = migration_version(&pg_migrations[i]);
        if (v > latest)
            latest = v;
    }
    return latest;
}

/* Run 'st' to its end; its first column of its first row in *v (if v). */
static enum kz_err run(struct db_stmt *st, int64_t *v, int64_t *v2, int64_t *v3)
{
    if (st == NULL)
        return KZ_ESTORE;
    enum db_rc rc = db_step(st);
    if (rc == DB_ROW) {
        if (v != NULL)
            *v = db_col_int64(st, 0);
        if (v2 != NULL)
            *v2 = db_col_int64(st, 1);
        if (v3 != NULL)
            *v3 = db_col_int64(st, 2);
        while ((rc = db_step(st)) == DB_ROW)
            ;
    }
    enum kz_err err = rc == DB_FAIL ? db_stmt_err(st) : KZ_OK;
    db_reset(st);
    return err;
}

static enum kz_err migrate_locked(struct db *d, int *version)
{
    int64_t others = 0, ours = 0, named = 0, now = 0;
    int latest = db_pg_schema_latest();
    enum kz_err err = run(db_stmt(d, sql_lock), NULL, NULL, NULL);

    if (err == KZ_OK)
        err = run(db_stmt(d, sql_probe), &others, &ours, &named);
    if (err != KZ_OK)
        return err;
    /* Tables but no schema_version of ours: another application's. */
    if ((named > 0 && ours == 0) || (others > 0 && ours == 0))
        return KZ_ESCHEMA;
    if (ours == 0)
        err = db_exec_script(d, sql_version_table);
    if (err == KZ_OK)
        err = run(db_stmt(d, sql_version_get), &now, NULL, NULL);
    if (err != KZ_OK)
        return err;
    if (now > latest)
        return KZ_ESCHEMA;
    for (int want = (int)now + 1; want <= latest; want++) {
        for (size_t i = 0; i < pg_migrations_count && err == KZ_OK; i++) {
            if (migration_version(&pg_migrations[i]) != want)
                continue;
            err = db_exec_script(d, (const char *)pg_migrations[i].data);
            struct db_stmt *st =
                err == KZ_OK ? db_stmt(d, sql_version_put) : NULL;
            if (st != NULL) {
                db_bind_int64(st, 1, want);
                db_bind_int64(st, 2, (int64_t)time(NULL));
            }
            if (err == KZ_OK)
                err = run(st, NULL, NULL, NULL);
        }
        if (err != KZ_OK)
            return err;
    }
    *version = latest > now ? latest : (int)now;
    return KZ_OK;
}

enum kz_err db_pg_migrate(struct db *d, int *version)
{
    enum kz_err err = db_exec_script(d, sql_begin);

    if (err != KZ_OK)
        return err;
    err = migrate_locked(d, version);
    if (err == KZ_OK)
        err = db_exec_script(d, sql_commit);
    if (err != KZ_OK && db_in_transaction(d))
        (void)db_exec_script(d, sql_rollback);
    return err;
}
