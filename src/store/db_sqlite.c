/* SPDX-License-Identifier: MIT */
/*
 * db_sqlite.c - the SQLite driver of db.h: the connection, its settings,
 * the statement cache, binds, steps, columns and the mapping of SQLite's
 * result codes to kizuki's errors.
 *
 * Durability: WAL with synchronous=FULL.  In WAL mode NORMAL can lose the
 * last commits on power failure; kizuki promises that an acknowledged
 * write is on disk, so every commit syncs the WAL.  The server groups
 * concurrent writes into one commit to keep that affordable.
 */
#include "store/db_sqlite.h"

#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdint.h>

#include "store/db_driver.h"
#include "util/mem.h"

#define STMT_CACHE 512 /* slots; several times the statements */

struct sq_stmt {
    struct db_stmt base; /* must be first */
    sqlite3_stmt *st;
    int64_t changes; /* of the last run to its end */
    int64_t last_id; /* rowid the last INSERT run to its end added */
};

struct sq_db {
    struct db base; /* must be first */
    sqlite3 *db;
    struct {
        const char *sql; /* identity of the statement: its static text */
        struct sq_stmt s;
    } cache[STMT_CACHE];
};

static inline struct sq_db *sqd(struct db *d)
{
    return (struct sq_db *)d;
}

static inline struct sq_stmt *sqs(struct db_stmt *st)
{
    return (struct sq_stmt *)st;
}

enum kz_err db_sqlite_err(struct db *d, int rc)
{
    sqlite3 *db = d ? sqd(d)->db : NULL;

    switch (rc & 0xff) {
    case SQLITE_OK:
    case SQLITE_DONE:
    case SQLITE_ROW:
        return KZ_OK;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        return KZ_EBUSY;
    case SQLITE_CONSTRAINT:
        return KZ_ECONFLICT;
    default:
        fprintf(stderr, "kizuki: sqlite: %s (%d)\n",
                db ? sqlite3_errmsg(db) : sqlite3_errstr(rc), rc);
        return KZ_ESTORE;
    }
}

static const struct db_driver sqlite_driver;

static struct db_stmt *sq_stmt_get(struct db *d, const char *sql)
{
    struct sq_db *sd = sqd(d);
    /* Open addressing on the text's address: every statement is a static
     * string, so its address is its identity. */
    size_t h = ((uintptr_t)sql >> 3) % STMT_CACHE;

    for (size_t probe = 0; probe < STMT_CACHE; probe++) {
        size_t i = (h + probe) % STMT_CACHE;
        if (sd->cache[i].sql == sql) {
            struct sq_stmt *s = &sd->cache[i].s;
            sqlite3_reset(s->st);
            sqlite3_clear_bindings(s->st);
            s->base.err = KZ_OK;
            return &s->base;
        }
        if (sd->cache[i].sql != NULL)
            continue;
        sqlite3_stmt *st = NULL;
        int rc = sqlite3_prepare_v3(sd->db, sql, -1, SQLITE_PREPARE_PERSISTENT,
                                    &st, NULL);
        if (rc != SQLITE_OK) {
            db_sqlite_err(d, rc);
            return NULL;
        }
        sd->cache[i].sql = sql;
        sd->cache[i].s.base.drv = &sqlite_driver;
        sd->cache[i].s.base.err = KZ_OK;
        sd->cache[i].s.st = st;
        sd->cache[i].s.changes = 0;
        sd->cache[i].s.last_id = 0;
        return &sd->cache[i].s.base;
    }
    /* Sized well above the number of statements in the source; a full
     * cache is a bug, and evicting could pull a statement from under a
     * scan in progress. */
    fprintf(stderr, "kizuki: statement cache full\n");
    return NULL;
}

static struct db_stmt *sq_stmt_new(struct db *d, const char *sql)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(sqd(d)->db, sql, -1, &st, NULL);

    if (rc != SQLITE_OK) {
        db_sqlite_err(d, rc);
        sqlite3_finalize(st);
        return NULL;
    }
    struct sq_stmt *s = xcalloc(1, sizeof(*s));
    s->base.drv = &sqlite_driver;
    s->st = st;
    return &s->base;
}

static void sq_stmt_free(struct db_stmt *st)
{
    sqlite3_finalize(sqs(st)->st);
    xfree(st);
}

static void sq_bind_int64(struct db_stmt *st, int i, int64_t v)
{
    sqlite3_bind_int64(sqs(st)->st, i, v);
}

static void sq_bind_text(struct db_stmt *st, int i, const char *s)
{
    if (s == NULL)
        sqlite3_bind_null(sqs(st)->st, i);
    else
        sqlite3_bind_text(sqs(st)->st, i, s, -1, SQLITE_TRANSIENT);
}

/* The caller keeps 's' until the step ends or the reset (db.h). */
static void sq_bind_text_ref(struct db_stmt *st, int i, const char *s)
{
    if (s == NULL)
        sqlite3_bind_null(sqs(st)->st, i);
    else
        sqlite3_bind_text(sqs(st)->st, i, s, -1, SQLITE_STATIC);
}

static void sq_bind_blob(struct db_stmt *st, int i, const void *p, size_t n)
{
    if (p == NULL)
        sqlite3_bind_null(sqs(st)->st, i);
    else
        sqlite3_bind_blob64(sqs(st)->st, i, p, n, SQLITE_TRANSIENT);
}

static void sq_bind_null(struct db_stmt *st, int i)
{
    sqlite3_bind_null(sqs(st)->st, i);
}

static enum db_rc sq_step(struct db_stmt *st)
{
    struct sq_stmt *s = sqs(st);
    int rc = sqlite3_step(s->st);

    if (rc == SQLITE_ROW)
        return DB_ROW;
    if (rc == SQLITE_DONE) {
        /* Kept here, as the connection's count moves with the next
         * statement; a query leaves it alone. */
        if (!sqlite3_stmt_readonly(s->st)) {
            sqlite3 *db = sqlite3_db_handle(s->st);
            s->changes = sqlite3_changes64(db);
            s->last_id = sqlite3_last_insert_rowid(db);
        }
        return DB_DONE;
    }
    /* The handle of the statement's connection names the error. */
    sqlite3 *db = sqlite3_db_handle(s->st);
    switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        st->err = KZ_EBUSY;
        break;
    case SQLITE_CONSTRAINT:
        st->err = KZ_ECONFLICT;
        break;
    default:
        fprintf(stderr, "kizuki: sqlite: %s (%d)\n", sqlite3_errmsg(db), rc);
        st->err = KZ_ESTORE;
        break;
    }
    return DB_FAIL;
}

static bool sq_col_null(struct db_stmt *st, int i)
{
    return sqlite3_column_type(sqs(st)->st, i) == SQLITE_NULL;
}

static int64_t sq_col_int64(struct db_stmt *st, int i)
{
    return sqlite3_column_int64(sqs(st)->st, i);
}

static const char *sq_col_text(struct db_stmt *st, int i)
{
    return (const char *)sqlite3_column_text(sqs(st)->st, i);
}

static const void *sq_col_blob(struct db_stmt *st, int i, size_t *n)
{
    sqlite3_stmt *s = sqs(st)->st;
    const void *p = sqlite3_column_blob(s, i);

    /* After the pointer, as SQLite's documentation orders it. */
    *n = (size_t)sqlite3_column_bytes(s, i);
    return p;
}

static void sq_reset(struct db_stmt *st)
{
    sqlite3_reset(sqs(st)->st);
}

static int64_t sq_changes(struct db_stmt *st)
{
    return sqs(st)->changes;
}

static int64_t sq_last_id(struct db_stmt *st)
{
    return sqs(st)->last_id;
}

static enum kz_err sq_exec_script(struct db *d, const char *sql)
{
    char *msg = NULL;
    int rc = sqlite3_exec(sqd(d)->db, sql, NULL, NULL, &msg);

    if (rc != SQLITE_OK) {
        fprintf(stderr, "kizuki: sqlite: %s\n", msg ? msg : "error");
        sqlite3_free(msg);
        return KZ_ESTORE;
    }
    return KZ_OK;
}

static bool sq_in_transaction(struct db *d)
{
    return !sqlite3_get_autocommit(sqd(d)->db);
}

static const char *sq_errmsg(struct db *d)
{
    return sqlite3_errmsg(sqd(d)->db);
}

static void finalize_all(struct sq_db *sd)
{
    for (size_t i = 0; i < STMT_CACHE; i++)
        sqlite3_finalize(sd->cache[i].s.st);
}

static void sq_close(struct db *d)
{
    struct sq_db *sd = sqd(d);

    finalize_all(sd);
    /* Leave the WAL folded into the database for backups and copies. */
    if (sd->db != NULL)
        sqlite3_wal_checkpoint_v2(sd->db, NULL, SQLITE_CHECKPOINT_TRUNCATE,
                                  NULL, NULL);
    sqlite3_close(sd->db);
    xfree(sd);
}

static const struct db_driver sqlite_driver = {
    .dialect = DB_SQLITE,
    .stmt = sq_stmt_get,
    .stmt_new = sq_stmt_new,
    .stmt_free = sq_stmt_free,
    .bind_int64 = sq_bind_int64,
    .bind_text = sq_bind_text,
    .bind_text_ref = sq_bind_text_ref,
    .bind_blob = sq_bind_blob,
    .bind_null = sq_bind_null,
    .step = sq_step,
    .col_null = sq_col_null,
    .col_int64 = sq_col_int64,
    .col_text = sq_col_text,
    .col_blob = sq_col_blob,
    .reset = sq_reset,
    .changes = sq_changes,
    .last_id = sq_last_id,
    .exec_script = sq_exec_script,
    .in_transaction = sq_in_transaction,
    .errmsg = sq_errmsg,
    .close = sq_close,
};

struct sqlite3 *db_sqlite_handle(struct db *d)
{
    return sqd(d)->db;
}

struct sqlite3_stmt *db_sqlite_raw(struct db_stmt *st)
{
    return sqs(st)->st;
}

static const char sql_tables[] =
    "SELECT count(*) FILTER (WHERE name <> 'schema_version'),"
    " count(*) FILTER (WHERE name = 'schema_version')"
    " FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'";

/*
 * Before anything is written: a file that holds tables but no
 * schema_version is another application's database, and kizuki must not
 * switch it to WAL or add its tables to it.  Reading the schema only.
 */
static enum kz_err probe(struct sq_db *sd)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(sd->db, sql_tables, -1, &st, NULL);

    if (rc != SQLITE_OK)
        return db_sqlite_err(&sd->base, rc);
    rc = sqlite3_step(st);
    bool foreign = rc == SQLITE_ROW && sqlite3_column_int(st, 0) > 0 &&
                   sqlite3_column_int(st, 1) == 0;
    sqlite3_finalize(st);
    if (rc != SQLITE_ROW)
        return db_sqlite_err(&sd->base, rc);
    return foreign ? KZ_ESCHEMA : KZ_OK;
}

/*
 * temp_store = MEMORY: the server's writer runs each use case in a
 * savepoint inside its batch transaction, and a savepoint's journal
 * spills to a temporary file in /var/tmp once it passes 64 KiB, which a
 * create touching a dozen index pages of a large store does.  Creating
 * and unlinking that file for every write cost more than the use case
 * itself (0.44 against 0.21 ms of writer time per create in bench_http)
 * and put directory changes into the file system's journal ahead of
 * each WAL sync.  The journal only ever holds one use case's pages.
 */
static enum kz_err configure(struct sq_db *sd)
{
    static const char pragmas[] = "PRAGMA journal_mode = WAL;"
                                  "PRAGMA synchronous = FULL;"
                                  "PRAGMA foreign_keys = ON;"
                                  "PRAGMA trusted_schema = OFF;"
                                  "PRAGMA temp_store = MEMORY;";
    int on = 1;

    /* Refuse writes to the schema and shadow tables by SQL text. */
    sqlite3_db_config(sd->db, SQLITE_DBCONFIG_DEFENSIVE, 1, &on);
    return sq_exec_script(&sd->base, pragmas);
}

/*
 * Before SQLite's first use: no memory statistics.  They are kept under
 * one process-wide mutex taken on every sqlite3_malloc and sqlite3_free,
 * and this build of SQLite has no lookaside, so every row and statement
 * allocates: the server's handler, writer and delivery threads queued on
 * that mutex (about four futex calls per create on the writer thread
 * alone).  kizuki never reads the statistics.  Fails harmlessly
 * (SQLITE_MISUSE) when SQLite was already initialised by someone else.
 */
static void configure_library(void)
{
    (void)sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

enum kz_err db_sqlite_open(const char *path, enum store_open_mode mode,
                           struct db **out)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    struct sq_db *sd = xcalloc(1, sizeof(*sd));
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;
    enum kz_err err;

    *out = NULL;
    pthread_once(&once, configure_library);
    sd->base.drv = &sqlite_driver;
    if (mode == STORE_OPEN_CREATE)
        flags |= SQLITE_OPEN_CREATE;
    int rc = sqlite3_open_v2(path, &sd->db, flags, NULL);
    if (rc != SQLITE_OK) {
        err = (rc & 0xff) == SQLITE_CANTOPEN ? KZ_ENOTFOUND
                                             : db_sqlite_err(&sd->base, rc);
        goto fail;
    }
    sqlite3_extended_result_codes(sd->db, 1);
    sqlite3_busy_timeout(sd->db, 5000);
    err = probe(sd);
    if (err == KZ_OK)
        err = configure(sd);
    if (err != KZ_OK)
        goto fail;
    *out = &sd->base;
    return KZ_OK;
fail:
    sqlite3_close(sd->db);
    xfree(sd);
    return err;
}
