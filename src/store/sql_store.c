/* SPDX-License-Identifier: MIT */
/*
 * sql_store.c - what every engine's store shares over the driver:
 * transactions with savepoints, the schema migrations runner and the
 * helpers of the record operations (sql_int.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store/sql_int.h"
#include "util/mem.h"

/*
 * SQLite: BEGIN IMMEDIATE takes the write lock at once, so that two
 * writers wait for each other at the start (busy timeout) rather than
 * one failing at its first write.  PostgreSQL locks rows as it writes
 * them; a reading transaction is a snapshot that does not block writers
 * on both.
 */
static const char sql_begin_sqlite[] = "BEGIN IMMEDIATE";
static const char sql_begin_read_sqlite[] = "BEGIN DEFERRED";
static const char sql_begin_pg[] = "BEGIN";
/*
 * PostgreSQL: a writing transaction takes one transaction-scoped advisory
 * lock (class 1802002) before its first operation (store.c), the
 * counterpart of SQLite's write lock, so that writers on several kizuki
 * servers take turns.  Why one lock and not one per chain: the audit log
 * is a single global chain, so two transactions that both audit are
 * serialised by it anyway; but taken where its head is read (after the
 * incident's row was updated, its chronology head or a reference counter
 * locked), a group-commit batch holding the audit head while its next job
 * waits for a row that another server's batch holds while waiting for the
 * audit head is a deadlock, which PostgreSQL breaks only after a second
 * by failing one batch.  A lock taken before any row makes every chain
 * head read in the transaction its latest committed value (read committed
 * takes a new snapshot per statement), so two servers appending to one
 * chain at the same moment wait for each other instead of one failing on
 * the chronology's or audit's unique key.  The use cases' read-check-write
 * steps, written for SQLite's single writer, stay correct across servers
 * for the same reason.  lock_timeout (for this transaction only) bounds
 * the wait as SQLite's busy timeout does: a writer stuck elsewhere makes
 * this one fail with KZ_EBUSY (55P03), retryable, after 5 seconds rather
 * than hang.  Readers take no lock, and neither do the few operations
 * that are made to run beside writers (store.c, DIRECT_UNLOCKED).
 */
static const char sql_write_lock_pg[] =
    "SELECT set_config('lock_timeout', '5s', true),"
    " pg_advisory_xact_lock(1802002, 0)";
static const char sql_begin_read_pg[] =
    "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY";
static const char sql_commit[] = "COMMIT";
static const char sql_rollback[] = "ROLLBACK";
/* Savepoint names carry the nesting depth; they are fixed texts, not
 * built from input. */
static const char *const sql_savepoint[] = {
    "SAVEPOINT sp1", "SAVEPOINT sp2", "SAVEPOINT sp3", "SAVEPOINT sp4",
    "SAVEPOINT sp5", "SAVEPOINT sp6", "SAVEPOINT sp7", "SAVEPOINT sp8",
};
static const char *const sql_release[] = {
    "RELEASE sp1", "RELEASE sp2", "RELEASE sp3", "RELEASE sp4",
    "RELEASE sp5", "RELEASE sp6", "RELEASE sp7", "RELEASE sp8",
};
static const char *const sql_rollback_to[] = {
    "ROLLBACK TO sp1", "ROLLBACK TO sp2", "ROLLBACK TO sp3", "ROLLBACK TO sp4",
    "ROLLBACK TO sp5", "ROLLBACK TO sp6", "ROLLBACK TO sp7", "ROLLBACK TO sp8",
};
#define MAX_DEPTH (int)(sizeof(sql_savepoint) / sizeof(sql_savepoint[0]))

enum kz_err sql_exec(struct db_stmt *st)
{
    if (st == NULL)
        return KZ_ESTORE;
    enum db_rc rc = db_step(st);
    db_reset(st);
    if (rc == DB_FAIL)
        return db_stmt_err(st);
    return KZ_OK;
}

enum kz_err sql_exec_text(struct db *d, const char *sql)
{
    return sql_exec(db_stmt(d, sql));
}

enum kz_err sql_exec_keyed(struct db_stmt *st)
{
    enum kz_err err = sql_exec(st);

    if (err == KZ_OK && db_changes(st) == 0)
        err = KZ_ENOTFOUND;
    return err;
}

struct db_stmt *sql_insert_stmt(struct db *d, const char *const texts[2])
{
    return db_stmt(d, texts[db_dialect(d) == DB_SQLITE ? 0 : 1]);
}

enum kz_err sql_insert_id(struct db_stmt *st, int64_t *id)
{
    if (st == NULL)
        return KZ_ESTORE;
    enum db_rc rc = db_step(st);
    if (rc == DB_ROW) {
        /* The RETURNING row: the insert is done by the first step on both
         * engines, and this is its only row. */
        *id = db_col_int64(st, 0);
        db_reset(st);
        return KZ_OK;
    }
    db_reset(st);
    if (rc == DB_FAIL)
        return db_stmt_err(st);
    if (db_changes(st) == 0)
        return KZ_ENOTFOUND;
    *id = db_last_id(st);
    return KZ_OK;
}

enum kz_err sql_step_err(const struct db_stmt *st, enum db_rc rc)
{
    return rc == DB_FAIL ? db_stmt_err(st) : KZ_OK;
}

enum kz_err sql_lookup_end(struct db_stmt *st, enum db_rc rc)
{
    db_reset(st);
    if (rc == DB_DONE)
        return KZ_ENOTFOUND;
    return rc == DB_ROW ? KZ_OK : db_stmt_err(st);
}

void *sql_rows(struct db_stmt *st, size_t size, sql_row_fn read, size_t *n,
               enum kz_err *err)
{
    unsigned char *items = NULL;
    size_t cap = 0;
    enum db_rc rc;

    *n = 0;
    while ((rc = db_step(st)) == DB_ROW) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 8;
            items = xrealloc(items, cap * size);
        }
        read(st, items + *n * size);
        (*n)++;
    }
    *err = rc == DB_DONE ? KZ_OK : db_stmt_err(st);
    db_reset(st);
    return items;
}

enum kz_err sql_version_miss(struct db *d, const char *sql_exists, int64_t id)
{
    struct db_stmt *st = db_stmt(d, sql_exists);

    if (st == NULL)
        return KZ_ESTORE;
    db_bind_int64(st, 1, id);
    enum db_rc rc = db_step(st);
    db_reset(st);
    if (rc == DB_FAIL)
        return db_stmt_err(st);
    return rc == DB_ROW ? KZ_ECONFLICT : KZ_ENOTFOUND;
}

void sql_bind_time(struct db_stmt *st, int i, kz_time t)
{
    if (t == KZ_TIME_NONE)
        db_bind_null(st, i);
    else
        db_bind_int64(st, i, t);
}

void sql_bind_count(struct db_stmt *st, int i, int64_t n)
{
    if (n == COUNT_UNKNOWN)
        db_bind_null(st, i);
    else
        db_bind_int64(st, i, n);
}

void sql_bind_small(struct db_stmt *st, int i, int v)
{
    if (v == 0)
        db_bind_null(st, i);
    else
        db_bind_int64(st, i, v);
}

void sql_bind_bool(struct db_stmt *st, int i, bool v)
{
    db_bind_int64(st, i, v ? 1 : 0);
}

char *sql_col_text(struct db_stmt *st, int i)
{
    const char *t = db_col_text(st, i);

    return t ? xstrdup(t) : NULL;
}

kz_time sql_col_time(struct db_stmt *st, int i)
{
    if (db_col_null(st, i))
        return KZ_TIME_NONE;
    return db_col_int64(st, i);
}

int64_t sql_col_count(struct db_stmt *st, int i)
{
    if (db_col_null(st, i))
        return COUNT_UNKNOWN;
    return db_col_int64(st, i);
}

/* ---- transactions ------------------------------------------------------- */

enum kz_err sql_store_begin(struct store *s, int depth)
{
    if (depth >= MAX_DEPTH + 1)
        return KZ_ESTORE;
    if (depth > 0)
        return sql_exec_text(s->db, sql_savepoint[depth - 1]);
    return sql_exec_text(s->db, db_dialect(s->db) == DB_SQLITE
                                    ? sql_begin_sqlite
                                    : sql_begin_pg);
}

enum kz_err sql_store_write_lock(struct store *s)
{
    if (db_dialect(s->db) == DB_SQLITE)
        return KZ_OK; /* BEGIN IMMEDIATE took it */
    return sql_exec_text(s->db, sql_write_lock_pg);
}

enum kz_err sql_store_begin_read(struct store *s)
{
    return sql_exec_text(s->db, db_dialect(s->db) == DB_SQLITE
                                    ? sql_begin_read_sqlite
                                    : sql_begin_read_pg);
}

static int64_t mono_ns(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

enum kz_err sql_store_commit(struct store *s, int depth)
{
    if (depth > 0)
        return sql_exec_text(s->db, sql_release[depth - 1]);
    /* The engine's search index takes the transaction's changed documents
     * here, so that it commits with them (docs/internals/search.md). */
    int64_t t0 = mono_ns();
    if (s->ops->before_commit != NULL) {
        enum kz_err err = s->ops->before_commit(s);
        if (err != KZ_OK)
            return err;
    }
    int64_t t1 = mono_ns();
    enum kz_err err = sql_exec_text(s->db, sql_commit);
    /* Two clock reads per outermost commit, for store_commit_times. */
    s->flush_ns += t1 - t0;
    s->commit_ns += mono_ns() - t1;
    return err;
}

enum kz_err sql_store_rollback(struct store *s, int depth)
{
    if (depth == 0) {
        /* A failed COMMIT may already have ended the transaction. */
        if (!db_in_transaction(s->db))
            return KZ_OK;
        return sql_exec_text(s->db, sql_rollback);
    }
    enum kz_err err = sql_exec_text(s->db, sql_rollback_to[depth - 1]);
    if (err != KZ_OK)
        return err;
    return sql_exec_text(s->db, sql_release[depth - 1]);
}

/* ---- schema migrations -------------------------------------------------- */

static const char sql_version_table[] =
    "CREATE TABLE IF NOT EXISTS schema_version ("
    " version INTEGER PRIMARY KEY,"
    " applied_at BIGINT NOT NULL)";
static const char sql_version_get[] =
    "SELECT coalesce(max(version), 0) FROM schema_version";
static const char sql_version_put[] =
    "INSERT INTO schema_version(version, applied_at) VALUES (?1, ?2)";

static int migration_version(const struct embedded_file *f)
{
    /* Migration files are named "NNNN_subject.sql". */
    return (int)strtol(f->path, NULL, 10);
}

int sql_store_latest(const struct embedded_file *files, size_t n)
{
    int latest = 0;

    for (size_t i = 0; i < n; i++) {
        int v = migration_version(&files[i]);
        if (v > latest)
            latest = v;
    }
    return latest;
}

static enum kz_err read_version(struct db *d, int *version)
{
    struct db_stmt *st = db_stmt(d, sql_version_get);

    if (st == NULL)
        return KZ_ESTORE;
    enum db_rc rc = db_step(st);
    *version = rc == DB_ROW ? (int)db_col_int64(st, 0) : 0;
    db_reset(st);
    return rc == DB_FAIL ? db_stmt_err(st) : KZ_OK;
}

/* Apply migration 'f' in its own transaction unless another process got
 * there first. */
static enum kz_err apply_one(struct store *s, const struct embedded_file *f)
{
    struct db *d = s->db;
    int v = migration_version(f);
    int now = 0;
    enum kz_err err = sql_store_begin(s, 0);

    if (err != KZ_OK)
        return err;
    err = read_version(d, &now);
    if (err == KZ_OK && now < v)
        err = db_exec_script(d, (const char *)f->data);
    if (err == KZ_OK && now < v) {
        struct db_stmt *st = db_stmt(d, sql_version_put);
        if (st == NULL) {
            err = KZ_ESTORE;
        } else {
            db_bind_int64(st, 1, v);
            db_bind_int64(st, 2, (int64_t)time(NULL));
            err = sql_exec(st);
        }
    }
    if (err == KZ_OK)
        err = sql_exec_text(d, sql_commit);
    if (err != KZ_OK && db_in_transaction(d))
        (void)sql_exec_text(d, sql_rollback);
    return err;
}

enum kz_err sql_store_migrate(struct store *s,
                              const struct embedded_file *files, size_t n)
{
    int version = 0;
    int latest = sql_store_latest(files, n);
    enum kz_err err = sql_exec_text(s->db, sql_version_table);

    if (err == KZ_OK)
        err = read_version(s->db, &version);
    if (err != KZ_OK)
        return err;
    if (version > latest)
        return KZ_ESCHEMA;
    for (int want = version + 1; want <= latest; want++) {
        for (size_t i = 0; i < n; i++) {
            if (migration_version(&files[i]) != want)
                continue;
            err = apply_one(s, &files[i]);
            if (err != KZ_OK)
                return err;
        }
    }
    return read_version(s->db, &s->schema);
}
