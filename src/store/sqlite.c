/* SPDX-License-Identifier: MIT */
/*
 * sqlite.c - the SQLite backend: opening, pragmas, schema migrations,
 * transactions and the statement cache.  Record operations live in
 * sqlite_incident.c and sqlite_chron.c.
 *
 * Durability: WAL with synchronous=FULL.  In WAL mode NORMAL can lose the
 * last commits on power failure; kizuki promises that an acknowledged
 * write is on disk, so every commit syncs the WAL.  The server groups
 * concurrent writes into one commit to keep that affordable.
 */
#include "store/sqlite_int.h"

#include <jansson.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>

#include "util/embed.h"
#include "util/mem.h"

extern const struct embedded_file sqlite_migrations[];
extern const size_t sqlite_migrations_count;

static const char sql_begin[] = "BEGIN IMMEDIATE";
static const char sql_begin_read[] = "BEGIN DEFERRED";
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

enum kz_err sqlite_err(struct sqlite_store *ss, int rc)
{
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
                ss && ss->db ? sqlite3_errmsg(ss->db) : sqlite3_errstr(rc), rc);
        return KZ_ESTORE;
    }
}

sqlite3_stmt *sqlite_stmt(struct sqlite_store *ss, const char *sql)
{
    /* Open addressing on the text's address: every statement is a static
     * string, so its address is its identity. */
    size_t h = ((uintptr_t)sql >> 3) % SQLITE_STMT_CACHE;

    for (size_t probe = 0; probe < SQLITE_STMT_CACHE; probe++) {
        size_t i = (h + probe) % SQLITE_STMT_CACHE;
        if (ss->cache[i].sql == sql) {
            sqlite3_stmt *st = ss->cache[i].st;
            sqlite3_reset(st);
            sqlite3_clear_bindings(st);
            return st;
        }
        if (ss->cache[i].sql != NULL)
            continue;
        sqlite3_stmt *st = NULL;
        int rc = sqlite3_prepare_v3(ss->db, sql, -1, SQLITE_PREPARE_PERSISTENT,
                                    &st, NULL);
        if (rc != SQLITE_OK) {
            sqlite_err(ss, rc);
            return NULL;
        }
        ss->cache[i].sql = sql;
        ss->cache[i].st = st;
        ss->ncache++;
        return st;
    }
    /* Sized well above the number of statements in the source; a full
     * cache is a bug, and evicting could pull a statement from under a
     * scan in progress. */
    fprintf(stderr, "kizuki: statement cache full\n");
    return NULL;
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

enum kz_err sqlite_version_miss(struct sqlite_store *ss, const char *sql_exists,
                                int64_t id)
{
    sqlite3_stmt *st = sqlite_stmt(ss, sql_exists);

    if (st == NULL)
        return KZ_ESTORE;
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? KZ_ECONFLICT : KZ_ENOTFOUND;
}

static enum kz_err exec_static(struct sqlite_store *ss, const char *sql)
{
    return sqlite_exec_stmt(ss, sqlite_stmt(ss, sql));
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

void sqlite_bind_count(sqlite3_stmt *st, int i, int64_t n)
{
    if (n == COUNT_UNKNOWN)
        sqlite3_bind_null(st, i);
    else
        sqlite3_bind_int64(st, i, n);
}

void sqlite_bind_small(sqlite3_stmt *st, int i, int v)
{
    if (v == 0)
        sqlite3_bind_null(st, i);
    else
        sqlite3_bind_int(st, i, v);
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

int64_t sqlite_col_count(sqlite3_stmt *st, int i)
{
    if (sqlite3_column_type(st, i) == SQLITE_NULL)
        return COUNT_UNKNOWN;
    return sqlite3_column_int64(st, i);
}

json_t *sqlite_strv_to_json(const struct strv *l)
{
    json_t *a = json_array();

    for (size_t i = 0; i < l->n; i++)
        json_array_append_new(a, json_string(l->v[i]));
    return a;
}

char *sqlite_strv_encode(const struct strv *l)
{
    /* Most lists of a record are empty: no JSON value for those. */
    if (l->n == 0)
        return xstrdup("[]");
    json_t *a = sqlite_strv_to_json(l);
    char *text = json_dumps(a, JSON_COMPACT);
    json_decref(a);
    return text;
}

void sqlite_strv_from_json(const json_t *a, struct strv *out)
{
    size_t i;
    json_t *v;

    strv_cleanup(out);
    json_array_foreach(a, i, v)
    {
        if (json_is_string(v))
            strv_push(out, json_string_value(v));
    }
}

void sqlite_strv_decode(const char *text, struct strv *out)
{
    /* Every read of a record decodes six lists, most of them empty; a
     * parse of "[]" costs more than the rest of the row. */
    if (text == NULL || text[0] == '\0' || strcmp(text, "[]") == 0) {
        strv_cleanup(out);
        return;
    }
    json_t *a = json_loads(text, 0, NULL);
    sqlite_strv_from_json(a, out);
    json_decref(a);
}

static int sq_schema_version(struct store *s)
{
    return sq(s)->schema;
}

static int migration_version(const struct embedded_file *f)
{
    /* Migration files are named "NNNN_subject.sql". */
    return (int)strtol(f->path, NULL, 10);
}

static int sq_schema_latest(struct store *s)
{
    (void)s;
    int latest = 0;
    for (size_t i = 0; i < sqlite_migrations_count; i++) {
        int v = migration_version(&sqlite_migrations[i]);
        if (v > latest)
            latest = v;
    }
    return latest;
}

static enum kz_err sq_begin(struct store *s, int depth)
{
    if (depth >= MAX_DEPTH + 1)
        return KZ_ESTORE;
    return exec_static(sq(s),
                       depth == 0 ? sql_begin : sql_savepoint[depth - 1]);
}

static enum kz_err sq_begin_read(struct store *s)
{
    return exec_static(sq(s), sql_begin_read);
}

static enum kz_err sq_commit(struct store *s, int depth)
{
    if (depth > 0)
        return exec_static(sq(s), sql_release[depth - 1]);
    /* The search index takes the transaction's changed documents here, so
     * that it commits with them (docs/internals/search.md). */
    enum kz_err err = sqlite_search_flush(sq(s));
    if (err != KZ_OK)
        return err;
    return exec_static(sq(s), sql_commit);
}

static enum kz_err sq_rollback(struct store *s, int depth)
{
    struct sqlite_store *ss = sq(s);

    if (depth == 0) {
        /* A failed COMMIT may already have ended the transaction. */
        if (sqlite3_get_autocommit(ss->db))
            return KZ_OK;
        return exec_static(ss, sql_rollback);
    }
    enum kz_err err = exec_static(ss, sql_rollback_to[depth - 1]);
    if (err != KZ_OK)
        return err;
    return exec_static(ss, sql_release[depth - 1]);
}

static void sq_close(struct store *s)
{
    struct sqlite_store *ss = sq(s);

    for (size_t i = 0; i < SQLITE_STMT_CACHE; i++)
        sqlite3_finalize(ss->cache[i].st);
    /* Leave the WAL folded into the database for backups and copies. */
    if (ss->db != NULL)
        sqlite3_wal_checkpoint_v2(ss->db, NULL, SQLITE_CHECKPOINT_TRUNCATE,
                                  NULL, NULL);
    sqlite3_close(ss->db);
    xfree(ss);
}

static const struct store_ops sqlite_ops = {
    .name = "sqlite",
    .schema_version = sq_schema_version,
    .schema_latest = sq_schema_latest,
    .begin = sq_begin,
    .begin_read = sq_begin_read,
    .commit = sq_commit,
    .rollback = sq_rollback,
    .close = sq_close,
    .ref_next = sqlite_ref_next,
    .incident_insert = sqlite_incident_insert,
    .incident_update = sqlite_incident_update,
    .incident_get = sqlite_incident_get,
    .incident_list = sqlite_incident_list,
    .incident_count = sqlite_incident_count,
    .search = sqlite_search,
    .chron_head = sqlite_chron_head,
    .chron_head_by_ref = sqlite_chron_head_by_ref,
    .chron_append = sqlite_chron_append,
    .chron_list = sqlite_chron_list,
    .chron_scan = sqlite_chron_scan,
    .account_insert = sqlite_account_insert,
    .account_update = sqlite_account_update,
    .account_get = sqlite_account_get,
    .account_get_id = sqlite_account_get_id,
    .account_list = sqlite_account_list,
    .account_count = sqlite_account_count,
    .credential_insert = sqlite_credential_insert,
    .credential_get = sqlite_credential_get,
    .credential_revoke = sqlite_credential_revoke,
    .token_list = sqlite_token_list,
    .session_revoke_all = sqlite_session_revoke_all,
    .audit_head = sqlite_audit_head,
    .audit_append = sqlite_audit_append,
    .audit_list = sqlite_audit_list,
    .audit_scan = sqlite_audit_scan,
    .doc_insert = sqlite_doc_insert,
    .doc_update = sqlite_doc_update,
    .doc_get = sqlite_doc_get,
    .doc_list = sqlite_doc_list,
    .doc_delete = sqlite_doc_delete,
    .conv_fire = sqlite_conv_fire,
    .summons_insert = sqlite_summons_insert,
    .summons_get = sqlite_summons_get,
    .summons_ack = sqlite_summons_ack,
    .summons_list = sqlite_summons_list,
    .summons_escalated = sqlite_summons_escalated,
    .outbox_insert = sqlite_outbox_insert,
    .outbox_list = sqlite_outbox_list,
    .outbox_update = sqlite_outbox_update,
    .duty_due_set = sqlite_duty_due_set,
    .duty_due_stale = sqlite_duty_due_stale,
    .filter_insert = sqlite_filter_insert,
    .filter_update = sqlite_filter_update,
    .filter_get = sqlite_filter_get,
    .filter_delete = sqlite_filter_delete,
    .filter_list = sqlite_filter_list,
    .filter_clear_default = sqlite_filter_clear_default,
    .link_insert = sqlite_link_insert,
    .link_get = sqlite_link_get,
    .link_delete = sqlite_link_delete,
    .link_list = sqlite_link_list,
    .link_candidates = sqlite_link_candidates,
    .evidence_insert = sqlite_evidence_insert,
    .evidence_get = sqlite_evidence_get,
    .evidence_list = sqlite_evidence_list,
    .evidence_custody_set = sqlite_evidence_custody_set,
    .custody_insert = sqlite_custody_insert,
    .custody_list = sqlite_custody_list,
    .mail_insert = sqlite_mail_insert,
    .mail_find = sqlite_mail_find,
    .obs_insert = sqlite_obs_insert,
    .obs_get = sqlite_obs_get,
    .obs_update = sqlite_obs_update,
    .obs_delete = sqlite_obs_delete,
    .obs_list = sqlite_obs_list,
    .obs_find = sqlite_obs_find,
    .obs_shared = sqlite_obs_shared,
    .alert_find = sqlite_alert_find,
    .alert_latest = sqlite_alert_latest,
    .alert_next_id = sqlite_alert_next_id,
    .alert_insert = sqlite_alert_insert,
    .alert_repeat = sqlite_alert_repeat,
    .alert_get = sqlite_alert_get,
    .alert_list = sqlite_alert_list,
    .alert_set_status = sqlite_alert_set_status,
    .task_insert = sqlite_task_insert,
    .task_update = sqlite_task_update,
    .task_get = sqlite_task_get,
    .task_list = sqlite_task_list,
    .item_put = sqlite_item_put,
    .item_list = sqlite_item_list,
    .item_get = sqlite_item_get,
    .setting_get = sqlite_setting_get,
    .setting_set = sqlite_setting_set,
};

static enum kz_err exec_script(struct sqlite_store *ss, const char *script)
{
    char *msg = NULL;
    int rc = sqlite3_exec(ss->db, script, NULL, NULL, &msg);

    if (rc != SQLITE_OK) {
        fprintf(stderr, "kizuki: sqlite: %s\n", msg ? msg : "error");
        sqlite3_free(msg);
        return KZ_ESTORE;
    }
    return KZ_OK;
}

static const char sql_version_table[] =
    "CREATE TABLE IF NOT EXISTS schema_version ("
    " version INTEGER PRIMARY KEY,"
    " applied_at INTEGER NOT NULL)";
static const char sql_version_get[] =
    "SELECT coalesce(max(version), 0) FROM schema_version";
static const char sql_version_put[] =
    "INSERT INTO schema_version(version, applied_at)"
    " VALUES (?1, strftime('%s','now'))";
static const char sql_tables[] =
    "SELECT count(*) FILTER (WHERE name <> 'schema_version'),"
    " count(*) FILTER (WHERE name = 'schema_version')"
    " FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'";

static enum kz_err read_version(struct sqlite_store *ss, int *version)
{
    sqlite3_stmt *st = sqlite_stmt(ss, sql_version_get);

    if (st == NULL)
        return KZ_ESTORE;
    int rc = sqlite3_step(st);
    *version = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? KZ_OK : sqlite_err(ss, rc);
}

/*
 * Before anything is written: a file that holds tables but no
 * schema_version is another application's database, and kizuki must not
 * switch it to WAL or add its tables to it.  Reading the schema only.
 */
static enum kz_err probe(struct sqlite_store *ss)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(ss->db, sql_tables, -1, &st, NULL);

    if (rc != SQLITE_OK)
        return sqlite_err(ss, rc);
    rc = sqlite3_step(st);
    bool foreign = rc == SQLITE_ROW && sqlite3_column_int(st, 0) > 0 &&
                   sqlite3_column_int(st, 1) == 0;
    sqlite3_finalize(st);
    if (rc != SQLITE_ROW)
        return sqlite_err(ss, rc);
    return foreign ? KZ_ESCHEMA : KZ_OK;
}

/* Apply migration 'f' in its own transaction unless another process got
 * there first. */
static enum kz_err apply_one(struct sqlite_store *ss,
                             const struct embedded_file *f)
{
    int v = migration_version(f);
    int now = 0;
    enum kz_err err = exec_static(ss, sql_begin);

    if (err != KZ_OK)
        return err;
    err = read_version(ss, &now);
    if (err == KZ_OK && now < v)
        err = exec_script(ss, (const char *)f->data);
    if (err == KZ_OK && now < v) {
        sqlite3_stmt *st = sqlite_stmt(ss, sql_version_put);
        if (st == NULL) {
            err = KZ_ESTORE;
        } else {
            sqlite3_bind_int(st, 1, v);
            err = sqlite_exec_stmt(ss, st);
        }
    }
    if (err == KZ_OK)
        err = exec_static(ss, sql_commit);
    if (err != KZ_OK && !sqlite3_get_autocommit(ss->db))
        (void)exec_static(ss, sql_rollback);
    return err;
}

static enum kz_err migrate(struct sqlite_store *ss)
{
    int version = 0;
    enum kz_err err = exec_static(ss, sql_version_table);

    if (err == KZ_OK)
        err = read_version(ss, &version);
    if (err != KZ_OK)
        return err;
    if (version > sq_schema_latest(&ss->base))
        return KZ_ESCHEMA;
    for (int want = version + 1; want <= sq_schema_latest(&ss->base); want++) {
        for (size_t i = 0; i < sqlite_migrations_count; i++) {
            if (migration_version(&sqlite_migrations[i]) != want)
                continue;
            err = apply_one(ss, &sqlite_migrations[i]);
            if (err != KZ_OK)
                return err;
        }
    }
    return read_version(ss, &ss->schema);
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
static enum kz_err configure(struct sqlite_store *ss)
{
    static const char pragmas[] = "PRAGMA journal_mode = WAL;"
                                  "PRAGMA synchronous = FULL;"
                                  "PRAGMA foreign_keys = ON;"
                                  "PRAGMA trusted_schema = OFF;"
                                  "PRAGMA temp_store = MEMORY;";
    int on = 1;

    /* Refuse writes to the schema and shadow tables by SQL text. */
    sqlite3_db_config(ss->db, SQLITE_DBCONFIG_DEFENSIVE, 1, &on);
    return exec_script(ss, pragmas);
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

enum kz_err store_sqlite_open(const char *path, enum store_open_mode mode,
                              struct store **out)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    struct sqlite_store *ss = xcalloc(1, sizeof(*ss));
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;
    enum kz_err err;

    pthread_once(&once, configure_library);
    ss->base.ops = &sqlite_ops;
    if (mode == STORE_OPEN_CREATE)
        flags |= SQLITE_OPEN_CREATE;
    int rc = sqlite3_open_v2(path, &ss->db, flags, NULL);
    if (rc != SQLITE_OK) {
        err =
            (rc & 0xff) == SQLITE_CANTOPEN ? KZ_ENOTFOUND : sqlite_err(ss, rc);
        goto fail;
    }
    sqlite3_extended_result_codes(ss->db, 1);
    sqlite3_busy_timeout(ss->db, 5000);
    err = probe(ss);
    if (err == KZ_OK)
        err = configure(ss);
    /* Before the migrations: the index's table needs the tokenizer. */
    if (err == KZ_OK)
        err = sqlite_search_register(ss);
    if (err == KZ_OK)
        err = migrate(ss);
    if (err != KZ_OK)
        goto fail;
    *out = &ss->base;
    return KZ_OK;
fail:
    for (size_t i = 0; i < SQLITE_STMT_CACHE; i++)
        sqlite3_finalize(ss->cache[i].st);
    sqlite3_close(ss->db);
    xfree(ss);
    return err;
}
