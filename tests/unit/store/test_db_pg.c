/* SPDX-License-Identifier: MIT */
/*
 * test_db_pg.c - the PostgreSQL driver (db_pg.c) and migrations
 * (sql/pg/, db_pg_migrate.c) against a real server: the URI in
 * KIZUKI_TEST_PG (`make pg-test` starts a throwaway cluster with
 * scripts/pg-cluster.sh and sets it).  Without it every test is reported
 * as skipped.  Tests that need an empty database create their own and
 * drop it afterwards.
 */
#include "support/test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store/db.h"
#include "store/db_pg.h"
#include "support/tempdb.h"
#include "util/mem.h"

static const char *pg_uri;
/* KIZUKI_TEST_PGBOUNCER: PgBouncer in transaction mode with one server
 * connection in front of the same server (scripts/pg-cluster.sh bouncer). */
static const char *bouncer_uri;

#define NEED_PG() TEMPDB_NEED_PG()

#define NEED_BOUNCER()                                                         \
    do {                                                                       \
        if (bouncer_uri == NULL) {                                             \
            fprintf(stderr, "  (KIZUKI_TEST_PGBOUNCER not set: skipped)\n");   \
            skip();                                                            \
        }                                                                      \
    } while (0)

static struct db *open_pg(const char *uri)
{
    struct db *d = NULL;
    assert_int_equal(db_pg_open(uri, &d), KZ_OK);
    assert_non_null(d);
    return d;
}

/* The one integer the static statement 'sql' answers. */
static int64_t one_int(struct db *d, const char *sql)
{
    struct db_stmt *st = db_stmt(d, sql);
    assert_non_null(st);
    assert_int_equal(db_step(st), DB_ROW);
    int64_t v = db_col_int64(st, 0);
    assert_int_equal(db_step(st), DB_DONE);
    db_reset(st);
    return v;
}

/* ---- a database of the test's own ---------------------------------- */

struct scratch {
    struct db *admin;
    char name[64];
    char uri[1024];
};

static void scratch_create(struct scratch *s)
{
    static int n;
    char sql[160];

    s->admin = open_pg(pg_uri);
    snprintf(s->name, sizeof(s->name), "kzt_%ld_%d", (long)getpid(), ++n);
    snprintf(sql, sizeof(sql), "DROP DATABASE IF EXISTS %s", s->name);
    assert_int_equal(db_exec_script(s->admin, sql), KZ_OK);
    snprintf(sql, sizeof(sql), "CREATE DATABASE %s", s->name);
    assert_int_equal(db_exec_script(s->admin, sql), KZ_OK);
    snprintf(s->uri, sizeof(s->uri), "%s%sdbname=%s", pg_uri,
             strchr(pg_uri, '?') != NULL ? "&" : "?", s->name);
}

static void scratch_drop(struct scratch *s)
{
    char sql[160];

    snprintf(sql, sizeof(sql), "DROP DATABASE IF EXISTS %s WITH (FORCE)",
             s->name);
    assert_int_equal(db_exec_script(s->admin, sql), KZ_OK);
    db_close(s->admin);
}

/* ---- the driver ------------------------------------------------------ */

static void test_connects_as_postgres(void **state)
{
    (void)state;
    NEED_PG();
    struct db *d = open_pg(pg_uri);

    assert_int_equal(db_dialect(d), DB_POSTGRES);
    assert_int_equal(one_int(d, "SELECT 41 + 1"), 42);
    /* UTF-8 whatever the client's environment says. */
    struct db_stmt *st =
        db_stmt(d, "SELECT current_setting('client_encoding')");
    assert_int_equal(db_step(st), DB_ROW);
    assert_string_equal(db_col_text(st, 0), "UTF8");
    db_reset(st);
    assert_false(db_in_transaction(d));
    db_close(d);
}

static void test_binds_round_trip(void **state)
{
    static const char create[] =
        "CREATE TEMP TABLE t (id BIGINT, n BIGINT, s TEXT, b BYTEA)";
    static const char insert[] = "INSERT INTO t(id, n, s, b)"
                                 " VALUES (?1, ?2, ?3, ?4)";
    static const char select[] = "SELECT n, s, b FROM t WHERE id = ?1";
    static const unsigned char blob[] = {0x00, 0xff, 0x27, 0x5c, 0x00, 0x80};
    static const char ja[] = "顧客情報の誤送信（メール）";
    const int64_t values[] = {INT64_MIN, INT64_MAX, 0, -1};

    (void)state;
    NEED_PG();
    struct db *d = open_pg(pg_uri);
    assert_int_equal(db_exec_script(d, create), KZ_OK);

    for (int i = 0; i < 4; i++) {
        struct db_stmt *st = db_stmt(d, insert);
        db_bind_int64(st, 1, i);
        db_bind_int64(st, 2, values[i]);
        if (i == 0) {
            db_bind_text(st, 3, ja);
            db_bind_blob(st, 4, blob, sizeof(blob));
        } else {
            db_bind_text(st, 3, NULL); /* SQL NULL */
            db_bind_null(st, 4);
        }
        assert_int_equal(db_step(st), DB_DONE);
        db_reset(st);
        assert_int_equal(db_changes(st), 1); /* still known after reset */
        assert_int_equal(db_last_id(st), 0); /* no rowid: RETURNING id */
    }
    for (int i = 0; i < 4; i++) {
        struct db_stmt *st = db_stmt(d, select);
        size_t n = 99;
        db_bind_int64(st, 1, i);
        assert_int_equal(db_step(st), DB_ROW);
        assert_true(db_col_int64(st, 0) == values[i]);
        if (i == 0) {
            assert_string_equal(db_col_text(st, 1), ja);
            const void *p = db_col_blob(st, 2, &n);
            assert_int_equal(n, sizeof(blob));
            assert_memory_equal(p, blob, sizeof(blob));
        } else {
            assert_true(db_col_null(st, 1));
            assert_null(db_col_text(st, 1));
            assert_true(db_col_null(st, 2));
            assert_null(db_col_blob(st, 2, &n));
            assert_int_equal(n, 0);
        }
        assert_int_equal(db_step(st), DB_DONE);
        db_reset(st);
    }
    /* Where the context gives no type, the SQL says bigint. */
    struct db_stmt *st =
        db_stmt(d, "SELECT CAST(?1 AS BIGINT) + 1, ?2 = 'x', ?2 = 'y'");
    db_bind_int64(st, 1, INT64_MAX - 1);
    db_bind_text(st, 2, "x");
    assert_int_equal(db_step(st), DB_ROW);
    assert_true(db_col_int64(st, 0) == INT64_MAX);
    /* A boolean column reads as 1/0, as on SQLite. */
    assert_int_equal(db_col_int64(st, 1), 1);
    assert_int_equal(db_col_int64(st, 2), 0);
    db_reset(st);
    db_close(d);
}

static void test_parameters_are_rewritten_once(void **state)
{
    static const char sql[] = "SELECT ?1 * 2 + ?1, '?1', \"?1\""
                              " FROM (SELECT 'q' AS \"?1\") AS x";
    (void)state;
    NEED_PG();
    struct db *d = open_pg(pg_uri);
    struct db_stmt *st = db_stmt(d, sql);

    db_bind_int64(st, 1, 7);
    assert_int_equal(db_step(st), DB_ROW);
    assert_int_equal(db_col_int64(st, 0), 21);
    assert_string_equal(db_col_text(st, 1), "?1");
    assert_string_equal(db_col_text(st, 2), "q");
    db_reset(st);
    db_close(d);
}

static void test_statements_are_cached_by_text_address(void **state)
{
    static const char a[] = "SELECT 1";
    static const char b[] = "SELECT 1 ";
    static const char count[] = "SELECT count(*) FROM pg_prepared_statements";
    (void)state;
    NEED_PG();
    struct db *d = open_pg(pg_uri);

    struct db_stmt *first = db_stmt(d, a);
    assert_int_equal(db_step(first), DB_ROW);
    assert_ptr_equal(db_stmt(d, a), first); /* the same, and reset */
    assert_int_equal(db_step(first), DB_ROW);
    db_reset(first);
    assert_ptr_not_equal(db_stmt(d, b), first);
    /* Prepared once on the server, however often it runs: 'a' and the
     * counting statement itself ('b' never ran). */
    assert_int_equal(one_int(d, count), 2);
    assert_int_equal(one_int(d, count), 2);
    db_close(d);
}

static void test_unprepared_mode_keeps_nothing_on_the_server(void **state)
{
    static const char count[] = "SELECT count(*) FROM pg_prepared_statements";
    (void)state;
    NEED_PG();
    setenv("KIZUKI_PG_PREPARE", "off", 1);
    struct db *d = open_pg(pg_uri);
    unsetenv("KIZUKI_PG_PREPARE");

    assert_int_equal(one_int(d, count), 0);
    assert_int_equal(one_int(d, count), 0);
    struct db_stmt *st = db_stmt(d, "SELECT CAST(?1 AS BIGINT) + ?2");
    db_bind_int64(st, 1, 40);
    db_bind_int64(st, 2, 2);
    assert_int_equal(db_step(st), DB_ROW);
    assert_int_equal(db_col_int64(st, 0), 42);
    db_reset(st);
    db_close(d);
}

static void test_built_statements_are_not_kept_on_the_server(void **state)
{
    static const char count[] = "SELECT count(*) FROM pg_prepared_statements";
    char sql[64];
    (void)state;
    NEED_PG();
    struct db *d = open_pg(pg_uri);

    snprintf(sql, sizeof(sql), "SELECT CAST(?1 AS BIGINT) + %d", 40);
    struct db_stmt *st = db_stmt_new(d, sql);
    assert_non_null(st);
    memset(sql, 0, sizeof(sql));
    for (int i = 2; i <= 3; i++) {
        db_bind_int64(st, 1, i);
        assert_int_equal(db_step(st), DB_ROW);
        assert_int_equal(db_col_int64(st, 0), 40 + i);
        db_reset(st);
    }
    /* Only the counting statement is prepared on the server. */
    assert_int_equal(one_int(d, count), 1);
    db_stmt_free(st);
    st = db_stmt_new(d, "SELEC nothing");
    assert_non_null(st);
    assert_int_equal(db_step(st), DB_FAIL);
    db_stmt_free(st);
    db_close(d);
}

/* A number the text skips (SQLite's statements may: a scope's ?10 after a
 * ?1) is still a parameter PostgreSQL accepts, prepared or unnamed. */
static void test_skipped_parameter_numbers(void **state)
{
    static const char sql[] = "SELECT CAST(?1 AS BIGINT) + ?3";
    (void)state;
    NEED_PG();
    for (int prepared = 0; prepared < 2; prepared++) {
        if (!prepared)
            setenv("KIZUKI_PG_PREPARE", "off", 1);
        struct db *d = open_pg(pg_uri);
        unsetenv("KIZUKI_PG_PREPARE");
        for (int round = 0; round < 2; round++) {
            struct db_stmt *st = db_stmt(d, sql);
            db_bind_int64(st, 1, 40);
            db_bind_int64(st, 2, 7); /* ignored */
            db_bind_int64(st, 3, 2);
            assert_int_equal(db_step(st), DB_ROW);
            assert_int_equal(db_col_int64(st, 0), 42);
            db_reset(st);
        }
        db_close(d);
    }
}

static void test_unique_violation_is_a_conflict(void **state)
{
    static const char create[] = "CREATE TEMP TABLE u (k TEXT UNIQUE)";
    static const char insert[] = "INSERT INTO u(k) VALUES (?1)";
    (void)state;
    NEED_PG();
    struct db *d = open_pg(pg_uri);
    assert_int_equal(db_exec_script(d, create), KZ_OK);

    struct db_stmt *st = db_stmt(d, insert);
    db_bind_text(st, 1, "secret-value-123");
    assert_int_equal(db_step(st), DB_DONE);
    db_reset(st);
    db_bind_text(st, 1, "secret-value-123");
    assert_int_equal(db_step(st), DB_FAIL);
    assert_int_equal(db_stmt_err(st), KZ_ECONFLICT);
    db_reset(st);
    assert_non_null(strstr(db_errmsg(d), "23505"));
    /* The message names the constraint, never the value. */
    assert_non_null(strstr(db_errmsg(d), "u_k_key"));
    assert_null(strstr(db_errmsg(d), "secret-value-123"));
    /* A statement that does not compile is KZ_ESTORE. */
    st = db_stmt(d, "SELECT nonexistent_column FROM u");
    assert_int_equal(db_step(st), DB_FAIL);
    assert_int_equal(db_stmt_err(st), KZ_ESTORE);
    db_reset(st);
    db_close(d);
}

/* Terminate the backend of 'victim' from a second connection. */
static void kill_backend(struct db *victim)
{
    static const char kill[] = "SELECT pg_terminate_backend(?1)";
    int64_t pid = one_int(victim, "SELECT pg_backend_pid()");
    struct db *other = open_pg(pg_uri);
    struct db_stmt *st = db_stmt(other, kill);

    db_bind_int64(st, 1, pid);
    assert_int_equal(db_step(st), DB_ROW);
    assert_int_equal(db_col_int64(st, 0), 1);
    db_reset(st);
    /* pg_terminate_backend only signals: wait until the backend is gone. */
    static const char gone[] =
        "SELECT count(*) FROM pg_stat_activity WHERE pid = ?1";
    for (int i = 0; i < 500; i++) {
        st = db_stmt(other, gone);
        db_bind_int64(st, 1, pid);
        assert_int_equal(db_step(st), DB_ROW);
        int64_t n = db_col_int64(st, 0);
        db_reset(st);
        if (n == 0)
            break;
        usleep(20000);
    }
    db_close(other);
}

static void test_lost_connection_is_busy_then_reconnects(void **state)
{
    static const char pid_sql[] = "SELECT pg_backend_pid()";
    static const char twice[] = "SELECT ?1 * 2";
    (void)state;
    NEED_PG();
    struct db *d = open_pg(pg_uri);

    /* Prepared on the first session. */
    struct db_stmt *st = db_stmt(d, twice);
    db_bind_int64(st, 1, 4);
    assert_int_equal(db_step(st), DB_ROW);
    db_reset(st);
    int64_t before = one_int(d, pid_sql);

    kill_backend(d);
    st = db_stmt(d, twice);
    db_bind_int64(st, 1, 5);
    assert_int_equal(db_step(st), DB_FAIL);
    assert_int_equal(db_stmt_err(st), KZ_EBUSY);
    db_reset(st);
    assert_false(db_in_transaction(d));

    /* The next use reconnects, and the statement is prepared again. */
    st = db_stmt(d, twice);
    db_bind_int64(st, 1, 6);
    assert_int_equal(db_step(st), DB_ROW);
    assert_int_equal(db_col_int64(st, 0), 12);
    db_reset(st);
    assert_true(one_int(d, pid_sql) != before);
    db_close(d);
}

static void test_lost_transaction_fails_until_rolled_back(void **state)
{
    static const char one[] = "SELECT 1";
    (void)state;
    NEED_PG();
    struct db *d = open_pg(pg_uri);

    assert_int_equal(db_exec_script(d, "BEGIN"), KZ_OK);
    assert_int_equal(one_int(d, one), 1);
    kill_backend(d);
    struct db_stmt *st = db_stmt(d, one);
    assert_int_equal(db_step(st), DB_FAIL);
    assert_int_equal(db_stmt_err(st), KZ_EBUSY);
    db_reset(st);
    /* The caller's transaction is gone, and nothing else of it may run on
     * a new connection outside any transaction. */
    assert_true(db_in_transaction(d));
    assert_int_equal(db_step(db_stmt(d, one)), DB_FAIL);
    assert_int_equal(db_exec_script(d, "SELECT 2"), KZ_EBUSY);
    assert_int_equal(db_exec_script(d, "ROLLBACK"), KZ_OK);
    assert_false(db_in_transaction(d));
    assert_int_equal(one_int(d, one), 1);
    db_close(d);
}

static void test_scan_reads_in_batches_beside_other_statements(void **state)
{
    static const char scan[] =
        "SELECT g, repeat('x', 100) FROM generate_series(1, ?1) AS g";
    static const char lookup[] = "SELECT ?1 + 0";
    (void)state;
    NEED_PG();
    struct db *d = open_pg(pg_uri);

    struct db_stmt *st = db_stmt_scan(d, scan);
    assert_ptr_not_equal(st, db_stmt(d, scan)); /* cached apart */
    st = db_stmt_scan(d, scan);
    db_bind_int64(st, 1, 1000);
    int64_t n = 0, sum = 0;
    enum db_rc rc;
    while ((rc = db_step(st)) == DB_ROW) {
        n++;
        sum += db_col_int64(st, 0);
        /* A visitor's lookup between rows, on the same connection. */
        if (n % 300 == 0) {
            struct db_stmt *q = db_stmt(d, lookup);
            db_bind_int64(q, 1, n);
            assert_int_equal(db_step(q), DB_ROW);
            assert_int_equal(db_col_int64(q, 0), n);
            db_reset(q);
        }
    }
    assert_int_equal(rc, DB_DONE);
    assert_int_equal(n, 1000);
    assert_int_equal(sum, 500500);
    db_reset(st);
    /* The scan opened and closed its own transaction. */
    assert_false(db_in_transaction(d));

    /* Inside the caller's transaction it stays there; reset early. */
    assert_int_equal(db_exec_script(d, "BEGIN"), KZ_OK);
    st = db_stmt_scan(d, scan);
    db_bind_int64(st, 1, 1000);
    assert_int_equal(db_step(st), DB_ROW);
    db_reset(st);
    assert_true(db_in_transaction(d));
    assert_int_equal(db_exec_script(d, "COMMIT"), KZ_OK);
    db_close(d);
}

/* ---- migrations ------------------------------------------------------- */

/* The embedded PostgreSQL migrations (build/gen/pg_migrations.c). */
extern const size_t pg_migrations_count;

static void test_migrations_apply_on_an_empty_database(void **state)
{
    static const char tables[] =
        "SELECT count(*) FROM information_schema.tables"
        " WHERE table_schema = current_schema()"
        "  AND table_name IN ('incident', 'chronology', 'audit',"
        "   'search_doc', 'search_fts', 'mail_message')";
    struct scratch s;
    int version = 0;
    (void)state;
    NEED_PG();
    scratch_create(&s);
    struct db *d = open_pg(s.uri);

    assert_int_equal(db_pg_migrate(d, &version), KZ_OK);
    assert_int_equal(version, db_pg_schema_latest());
    assert_true(version >= 18);
    assert_int_equal(one_int(d, tables), 6);
    /* Again: nothing to do. */
    assert_int_equal(db_pg_migrate(d, &version), KZ_OK);
    assert_int_equal(version, db_pg_schema_latest());
    /* One row per migration file, each applied once. */
    assert_int_equal(one_int(d, "SELECT count(*) FROM schema_version"),
                     (int64_t)pg_migrations_count);
    assert_false(db_in_transaction(d));
    db_close(d);
    scratch_drop(&s);
}

static void test_migrations_refuse_a_newer_schema(void **state)
{
    struct scratch s;
    int version = 0;
    (void)state;
    NEED_PG();
    scratch_create(&s);
    struct db *d = open_pg(s.uri);

    assert_int_equal(db_pg_migrate(d, &version), KZ_OK);
    assert_int_equal(db_exec_script(d, "INSERT INTO schema_version"
                                       " VALUES (9999, 0)"),
                     KZ_OK);
    assert_int_equal(db_pg_migrate(d, &version), KZ_ESCHEMA);
    assert_false(db_in_transaction(d));
    db_close(d);
    scratch_drop(&s);
}

static void test_migrations_refuse_another_applications_database(void **s0)
{
    static const char ours[] = "SELECT count(*) FROM pg_class WHERE relname IN "
                               "('incident', 'schema_version')";
    struct scratch s;
    int version = 0;
    (void)s0;
    NEED_PG();
    scratch_create(&s);
    struct db *d = open_pg(s.uri);

    assert_int_equal(
        db_exec_script(d, "CREATE TABLE orders (id BIGINT PRIMARY KEY)"),
        KZ_OK);
    assert_int_equal(db_pg_migrate(d, &version), KZ_ESCHEMA);
    assert_int_equal(one_int(d, ours), 0); /* nothing written */
    assert_false(db_in_transaction(d));

    /* A schema_version table that is not kizuki's does not make it so. */
    assert_int_equal(db_exec_script(d, "DROP TABLE orders;"
                                       "CREATE TABLE schema_version (v INT)"),
                     KZ_OK);
    assert_int_equal(db_pg_migrate(d, &version), KZ_ESCHEMA);
    assert_int_equal(one_int(d, ours), 1);
    db_close(d);
    scratch_drop(&s);
}

static void test_search_documents_follow_the_records(void **state)
{
    static const char add_incident[] =
        "INSERT INTO incident(ref, title, description, kind, phase,"
        " discovered_at, reported_at, phase_times, parties, assets,"
        " info_types, impacts, prevention_measures, tags, tlp, restricted,"
        " members, version, created_at, updated_at, chron_head)"
        " VALUES (?1, ?2, ?3, 'k', 'reported', 1, 1, '{}', '[]', '[]', '[]',"
        " '[]', '[]', '[]', 'amber', 0, '[]', 1, 1, 1, '')"
        " RETURNING id";
    static const char add_task[] =
        "INSERT INTO task(incident_id, phase, title, status, source, version,"
        " created_at) VALUES (?1, 'reported', ?2, 'open', 'manual', 1, 1)";
    static const char docs[] =
        "SELECT id - ((549755813887 - incident_id) << 24), kind, body"
        " FROM search_doc WHERE incident_id = ?1 ORDER BY id";
    struct scratch s;
    int version = 0;
    (void)state;
    NEED_PG();
    scratch_create(&s);
    struct db *d = open_pg(s.uri);
    assert_int_equal(db_pg_migrate(d, &version), KZ_OK);

    struct db_stmt *st = db_stmt(d, add_incident);
    db_bind_text(st, 1, "INC-2026-0001");
    db_bind_text(st, 2, "顧客情報の誤送信");
    db_bind_text(st, 3, "説明");
    assert_int_equal(db_step(st), DB_ROW);
    int64_t id = db_col_int64(st, 0);
    db_reset(st);
    for (int i = 0; i < 2; i++) {
        st = db_stmt(d, add_task);
        db_bind_int64(st, 1, id);
        db_bind_text(st, 2, i == 0 ? "連絡" : "調査");
        assert_int_equal(db_step(st), DB_DONE);
        db_reset(st);
    }
    assert_int_equal(db_exec_script(d, "UPDATE incident SET description = ''"),
                     KZ_OK);

    const char *want[][2] = {
        {"title", "顧客情報の誤送信"}, {"task", "連絡"}, {"task", "調査"}};
    const int64_t want_n[] = {0, 2, 3};
    st = db_stmt(d, docs);
    db_bind_int64(st, 1, id);
    for (int i = 0; i < 3; i++) {
        assert_int_equal(db_step(st), DB_ROW);
        assert_int_equal(db_col_int64(st, 0), want_n[i]);
        assert_string_equal(db_col_text(st, 1), want[i][0]);
        assert_string_equal(db_col_text(st, 2), want[i][1]);
    }
    assert_int_equal(db_step(st), DB_DONE);
    db_reset(st);
    /* The description's document left its id for the index to drop. */
    assert_int_equal(one_int(d, "SELECT count(*) FROM search_gone"), 1);
    /* The chronology stays append-only: a conflict, as on SQLite. */
    assert_int_equal(
        db_exec_script(d, "INSERT INTO chronology VALUES (1, 1, 'note', 'a',"
                          " 1, 'x', '', '', 0);"
                          "DELETE FROM chronology"),
        KZ_ECONFLICT);
    db_close(d);
    scratch_drop(&s);
}

/* ---- through PgBouncer in transaction mode ----------------------------- */

static void test_pooler_runs_unnamed_statements(void **state)
{
    static const char add[] = "SELECT CAST(?1 AS BIGINT) + 1";
    static const char scan[] = "SELECT g FROM generate_series(1, 600) AS g";
    (void)state;
    NEED_BOUNCER();
    setenv("KIZUKI_PG_PREPARE", "off", 1);
    struct db *a = open_pg(bouncer_uri);
    struct db *b = open_pg(bouncer_uri);
    unsetenv("KIZUKI_PG_PREPARE");

    /* Two clients taking turns on one server connection, in and out of
     * transactions. */
    for (int i = 0; i < 3; i++) {
        struct db *d = i % 2 ? b : a;
        for (int k = 0; k < 2; k++) {
            struct db *e = k ? b : d;
            struct db_stmt *st = db_stmt(e, add);
            db_bind_int64(st, 1, i);
            assert_int_equal(db_step(st), DB_ROW);
            assert_int_equal(db_col_int64(st, 0), i + 1);
            db_reset(st);
        }
        assert_int_equal(db_exec_script(d, "BEGIN"), KZ_OK);
        assert_int_equal(one_int(d, "SELECT 1"), 1);
        assert_int_equal(db_exec_script(d, "COMMIT"), KZ_OK);
    }
    /* A scan's cursor lives in its transaction, on one server connection. */
    struct db_stmt *st = db_stmt_scan(a, scan);
    int n = 0;
    while (db_step(st) == DB_ROW)
        n++;
    db_reset(st);
    assert_int_equal(n, 600);
    db_close(a);
    db_close(b);
}

static void test_pooler_without_setting_falls_back(void **state)
{
    static const char twice[] = "SELECT CAST(?1 AS BIGINT) * 2";
    (void)state;
    NEED_BOUNCER();
    struct db *a = open_pg(bouncer_uri);
    struct db *b = open_pg(bouncer_uri);
    struct db *c = open_pg(bouncer_uri);

    /* a prepares kz1 on the pool's one server connection. */
    struct db_stmt *st = db_stmt(a, twice);
    db_bind_int64(st, 1, 2);
    assert_int_equal(db_step(st), DB_ROW);
    assert_int_equal(db_col_int64(st, 0), 4);
    db_reset(st);
    /* b's kz1 meets a's there (42P05): outside a transaction nothing ran,
     * so b switches to unnamed statements and the statement succeeds. */
    st = db_stmt(b, twice);
    db_bind_int64(st, 1, 3);
    assert_int_equal(db_step(st), DB_ROW);
    assert_int_equal(db_col_int64(st, 0), 6);
    db_reset(st);
    assert_non_null(strstr(db_errmsg(b), "42P05"));
    /* Inside a transaction the error ended it: retryable, and the retry
     * runs unnamed. */
    assert_int_equal(db_exec_script(c, "BEGIN"), KZ_OK);
    st = db_stmt(c, twice);
    db_bind_int64(st, 1, 4);
    assert_int_equal(db_step(st), DB_FAIL);
    assert_int_equal(db_stmt_err(st), KZ_EBUSY);
    db_reset(st);
    assert_int_equal(db_exec_script(c, "ROLLBACK"), KZ_OK);
    assert_int_equal(db_exec_script(c, "BEGIN"), KZ_OK);
    st = db_stmt(c, twice);
    db_bind_int64(st, 1, 4);
    assert_int_equal(db_step(st), DB_ROW);
    assert_int_equal(db_col_int64(st, 0), 8);
    db_reset(st);
    assert_int_equal(db_exec_script(c, "COMMIT"), KZ_OK);
    db_close(a);
    db_close(b);
    db_close(c);
}

/* The text of the static statement 'sql' (one row, one column) in out[n]. */
static void one_text(struct db *d, const char *sql, char *out, size_t n)
{
    struct db_stmt *st = db_stmt(d, sql);
    assert_non_null(st);
    assert_int_equal(db_step(st), DB_ROW);
    snprintf(out, n, "%s", db_col_text(st, 0) ? db_col_text(st, 0) : "");
    db_reset(st);
}

/*
 * The two schemas kept in step: every table with the same columns and
 * NOT NULLs, the same indexes and the same triggers, so that the shared
 * SQL means the same on both.  Only what the engines do differently is
 * left out: SQLite's FTS5 table is a table of tsvectors on PostgreSQL
 * (search_fts, search_fts_tsv), and PostgreSQL refuses TRUNCATE of the
 * append-only tables, a statement SQLite does not have.
 */
static void test_schema_matches_sqlite(void **state)
{
    static const char sq_cols[] =
        "SELECT group_concat(c, ' ') FROM (SELECT m.name || '.' || p.name"
        " || ':' || (p.\"notnull\" OR p.pk > 0) AS c"
        " FROM sqlite_schema m JOIN pragma_table_info(m.name) p"
        " WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'"
        " AND m.name NOT LIKE 'search_fts%' ORDER BY 1)";
    static const char pg_cols[] =
        "SELECT string_agg(c, ' ' ORDER BY c COLLATE \"C\") FROM"
        " (SELECT table_name || '.' || column_name || ':' ||"
        " CASE is_nullable WHEN 'NO' THEN 1 ELSE 0 END AS c"
        " FROM information_schema.columns"
        " WHERE table_schema = current_schema()"
        " AND table_name NOT LIKE 'search_fts%') AS x";
    static const char sq_idx[] =
        "SELECT group_concat(name, ' ') FROM (SELECT name FROM sqlite_schema"
        " WHERE type = 'index' AND name NOT LIKE 'sqlite_%' ORDER BY 1)";
    static const char pg_idx[] =
        "SELECT string_agg(c.relname, ' ' ORDER BY c.relname COLLATE \"C\")"
        " FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid"
        " WHERE c.relnamespace = current_schema()::regnamespace"
        " AND c.relname <> 'search_fts_tsv' AND NOT EXISTS"
        " (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)";
    static const char sq_trig[] =
        "SELECT group_concat(name, ' ') FROM (SELECT name FROM sqlite_schema"
        " WHERE type = 'trigger' ORDER BY 1)";
    static const char pg_trig[] =
        "SELECT string_agg(tgname, ' ' ORDER BY tgname COLLATE \"C\")"
        " FROM pg_trigger WHERE NOT tgisinternal"
        " AND tgname NOT LIKE '%_no_truncate'";
    static char want[16384], got[16384];
    struct tempdb t;
    struct scratch s;
    int version = 0;

    (void)state;
    NEED_PG();
    tempdb_create(&t);
    scratch_create(&s);
    struct db *d = open_pg(s.uri);
    assert_int_equal(db_pg_migrate(d, &version), KZ_OK);
    assert_int_equal(version, store_schema_latest(t.s));

    tempdb_text(&t, sq_cols, want, sizeof(want));
    one_text(d, pg_cols, got, sizeof(got));
    assert_string_equal(got, want);
    tempdb_text(&t, sq_idx, want, sizeof(want));
    one_text(d, pg_idx, got, sizeof(got));
    assert_string_equal(got, want);
    tempdb_text(&t, sq_trig, want, sizeof(want));
    one_text(d, pg_trig, got, sizeof(got));
    assert_string_equal(got, want);

    db_close(d);
    scratch_drop(&s);
    tempdb_destroy(&t);
}

int main(void)
{
    pg_uri = tempdb_pg_cluster();
    bouncer_uri = getenv("KIZUKI_TEST_PGBOUNCER");
    if (bouncer_uri != NULL && bouncer_uri[0] == '\0')
        bouncer_uri = NULL;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_connects_as_postgres),
        cmocka_unit_test(test_binds_round_trip),
        cmocka_unit_test(test_parameters_are_rewritten_once),
        cmocka_unit_test(test_statements_are_cached_by_text_address),
        cmocka_unit_test(test_unprepared_mode_keeps_nothing_on_the_server),
        cmocka_unit_test(test_built_statements_are_not_kept_on_the_server),
        cmocka_unit_test(test_skipped_parameter_numbers),
        cmocka_unit_test(test_unique_violation_is_a_conflict),
        cmocka_unit_test(test_lost_connection_is_busy_then_reconnects),
        cmocka_unit_test(test_lost_transaction_fails_until_rolled_back),
        cmocka_unit_test(test_scan_reads_in_batches_beside_other_statements),
        cmocka_unit_test(test_migrations_apply_on_an_empty_database),
        cmocka_unit_test(test_migrations_refuse_a_newer_schema),
        cmocka_unit_test(test_migrations_refuse_another_applications_database),
        cmocka_unit_test(test_search_documents_follow_the_records),
        cmocka_unit_test(test_schema_matches_sqlite),
        cmocka_unit_test(test_pooler_runs_unnamed_statements),
        cmocka_unit_test(test_pooler_without_setting_falls_back),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
