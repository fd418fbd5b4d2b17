/* SPDX-License-Identifier: MIT */
/*
 * test_db_sqlite.c - the SQLite driver of db.h (src/store/db_sqlite.c)
 * and the shared helpers above it (sql_store.c): values go in and come
 * out unchanged (NULL, the int64 extremes, UTF-8 text, blobs with NUL
 * bytes), a statement is cached by the address of its text and comes back
 * reset, a constraint fails as KZ_ECONFLICT, db_changes() counts the rows
 * of the last change even after a reset, an insert gives the new key
 * (RETURNING, or on SQLite the rowid the driver kept), and opening
 * refuses a foreign database or a missing file.
 */
#include "support/test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store/db.h"
#include "store/db_sqlite.h"
#include "store/sql_int.h"

struct fx {
    char dir[256];
    char path[320];
    struct db *d;
};

static const char schema[] =
    "CREATE TABLE t (id INTEGER PRIMARY KEY, n INTEGER, s TEXT, b BLOB,"
    " k TEXT UNIQUE);";

static int setup(void **state)
{
    struct fx *f = calloc(1, sizeof(*f));

    if (f == NULL)
        return -1;
    snprintf(f->dir, sizeof(f->dir), "/tmp/kizuki-db-XXXXXX");
    if (mkdtemp(f->dir) == NULL)
        return -1;
    snprintf(f->path, sizeof(f->path), "%s/t.db", f->dir);
    if (db_sqlite_open(f->path, STORE_OPEN_CREATE, &f->d) != KZ_OK)
        return -1;
    if (db_exec_script(f->d, schema) != KZ_OK)
        return -1;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fx *f = *state;
    char cmd[400];

    db_close(f->d);
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", f->dir);
    int rc = system(cmd);
    free(f);
    return rc == 0 ? 0 : -1;
}

static const char sql_put[] =
    "INSERT INTO t(id, n, s, b) VALUES (?1, ?2, ?3, ?4)";
static const char sql_get[] = "SELECT n, s, b FROM t WHERE id = ?1";

static void put(struct db *d, int64_t id, int64_t n, const char *s,
                const void *b, size_t blen)
{
    struct db_stmt *st = db_stmt(d, sql_put);

    assert_non_null(st);
    db_bind_int64(st, 1, id);
    db_bind_int64(st, 2, n);
    db_bind_text(st, 3, s);
    db_bind_blob(st, 4, b, blen);
    assert_int_equal(db_step(st), DB_DONE);
    db_reset(st);
}

static void test_values_round_trip(void **state)
{
    struct fx *f = *state;
    static const unsigned char bytes[] = {0x00, 0xff, 0x00, 0x41, 0x00};
    static const char utf8[] = "顧客情報の誤送信 🙂 Ünïcödé";

    put(f->d, 1, INT64_MIN, utf8, bytes, sizeof(bytes));
    put(f->d, 2, INT64_MAX, NULL, NULL, 0);
    put(f->d, 3, 0, "", "", 0);

    struct db_stmt *st = db_stmt(f->d, sql_get);
    db_bind_int64(st, 1, 1);
    assert_int_equal(db_step(st), DB_ROW);
    assert_false(db_col_null(st, 0));
    assert_true(db_col_int64(st, 0) == INT64_MIN);
    assert_string_equal(db_col_text(st, 1), utf8);
    size_t n = 99;
    const unsigned char *b = db_col_blob(st, 2, &n);
    assert_int_equal(n, sizeof(bytes));
    assert_memory_equal(b, bytes, sizeof(bytes));
    assert_int_equal(db_step(st), DB_DONE);

    st = db_stmt(f->d, sql_get);
    db_bind_int64(st, 1, 2);
    assert_int_equal(db_step(st), DB_ROW);
    assert_true(db_col_int64(st, 0) == INT64_MAX);
    assert_true(db_col_null(st, 1));
    assert_null(db_col_text(st, 1));
    assert_true(db_col_null(st, 2));
    db_reset(st);

    /* Empty text is not NULL. */
    st = db_stmt(f->d, sql_get);
    db_bind_int64(st, 1, 3);
    assert_int_equal(db_step(st), DB_ROW);
    assert_false(db_col_null(st, 1));
    assert_string_equal(db_col_text(st, 1), "");
    db_reset(st);

    /* The helpers' "not set" values are NULL both ways. */
    static const char sql_time[] = "SELECT ?1, ?2, ?3";
    st = db_stmt(f->d, sql_time);
    sql_bind_time(st, 1, KZ_TIME_NONE);
    sql_bind_count(st, 2, COUNT_UNKNOWN);
    sql_bind_small(st, 3, 0);
    assert_int_equal(db_step(st), DB_ROW);
    assert_true(sql_col_time(st, 0) == KZ_TIME_NONE);
    assert_true(sql_col_count(st, 1) == COUNT_UNKNOWN);
    assert_true(db_col_null(st, 2));
    db_reset(st);
}

static void test_statement_cache(void **state)
{
    struct fx *f = *state;
    /* The same text at another address is another statement. */
    static const char sql_a[] = "SELECT ?1";
    static const char sql_b[] = "SELECT ?1";

    struct db_stmt *a = db_stmt(f->d, sql_a);
    assert_non_null(a);
    assert_ptr_equal(db_stmt(f->d, sql_a), a);
    struct db_stmt *b = db_stmt(f->d, sql_b);
    assert_non_null(b);
    assert_ptr_not_equal(a, b);

    /* It comes back reset and with nothing bound, even mid-row. */
    db_bind_int64(a, 1, 42);
    assert_int_equal(db_step(a), DB_ROW);
    assert_int_equal(db_col_int64(a, 0), 42);
    a = db_stmt(f->d, sql_a);
    assert_int_equal(db_step(a), DB_ROW);
    assert_true(db_col_null(a, 0));
    db_reset(a);

    /* Text that does not compile: NULL, and the cache still works. */
    static const char sql_bad[] = "SELEC nothing";
    assert_null(db_stmt(f->d, sql_bad));
    assert_ptr_equal(db_stmt(f->d, sql_b), b);
}

static void test_built_statement(void **state)
{
    struct fx *f = *state;
    char sql[64];

    /* Text built at run time, in a buffer reused at once: the statement
     * keeps its own copy and is not the cached one of that address. */
    snprintf(sql, sizeof(sql), "SELECT ?1 + %d", 40);
    struct db_stmt *st = db_stmt_new(f->d, sql);
    assert_non_null(st);
    memset(sql, 0, sizeof(sql));
    db_bind_int64(st, 1, 2);
    assert_int_equal(db_step(st), DB_ROW);
    assert_int_equal(db_col_int64(st, 0), 42);
    assert_int_equal(db_step(st), DB_DONE);
    db_reset(st);
    db_bind_int64(st, 1, 3);
    assert_int_equal(db_step(st), DB_ROW);
    assert_int_equal(db_col_int64(st, 0), 43);
    db_stmt_free(st);
    assert_null(db_stmt_new(f->d, "SELEC nothing"));
    db_stmt_free(NULL);
}

static void test_constraint_is_conflict(void **state)
{
    struct fx *f = *state;
    static const char sql_k[] = "INSERT INTO t(k) VALUES (?1)";

    struct db_stmt *st = db_stmt(f->d, sql_k);
    db_bind_text(st, 1, "same");
    assert_int_equal(db_step(st), DB_DONE);
    assert_int_equal(db_stmt_err(st), KZ_OK);
    st = db_stmt(f->d, sql_k);
    db_bind_text(st, 1, "same");
    assert_int_equal(db_step(st), DB_FAIL);
    assert_int_equal(db_stmt_err(st), KZ_ECONFLICT);
    db_reset(st);
    /* Through the helper too; the next use of the statement starts
     * clean. */
    st = db_stmt(f->d, sql_k);
    assert_int_equal(db_stmt_err(st), KZ_OK);
    db_bind_text(st, 1, "same");
    assert_int_equal(sql_exec(st), KZ_ECONFLICT);
    st = db_stmt(f->d, sql_k);
    db_bind_text(st, 1, "other");
    assert_int_equal(sql_exec(st), KZ_OK);
}

static void test_changes(void **state)
{
    struct fx *f = *state;
    static const char sql_upd[] = "UPDATE t SET n = n + 1 WHERE n < ?1";
    static const char sql_count[] = "SELECT count(*) FROM t";

    for (int i = 1; i <= 3; i++)
        put(f->d, i, i, "x", NULL, 0);
    struct db_stmt *upd = db_stmt(f->d, sql_upd);
    db_bind_int64(upd, 1, 3);
    assert_int_equal(sql_exec(upd), KZ_OK);
    /* Still answered after the reset of sql_exec, and not moved by a
     * query run since. */
    struct db_stmt *q = db_stmt(f->d, sql_count);
    assert_int_equal(db_step(q), DB_ROW);
    db_reset(q);
    assert_int_equal(db_changes(upd), 2);

    upd = db_stmt(f->d, sql_upd);
    db_bind_int64(upd, 1, -5);
    assert_int_equal(sql_exec_keyed(upd), KZ_ENOTFOUND);
    assert_int_equal(db_changes(upd), 0);
}

static void test_insert_returning(void **state)
{
    struct fx *f = *state;
    static const char sql_ins[] =
        "INSERT INTO t(k) VALUES (?1) ON CONFLICT (k) DO NOTHING RETURNING id";
    int64_t a = 0, b = 0, c = -1;

    struct db_stmt *st = db_stmt(f->d, sql_ins);
    db_bind_text(st, 1, "a");
    assert_int_equal(sql_insert_id(st, &a), KZ_OK);
    st = db_stmt(f->d, sql_ins);
    db_bind_text(st, 1, "b");
    assert_int_equal(sql_insert_id(st, &b), KZ_OK);
    assert_true(a > 0 && b == a + 1);
    /* A conflict that adds no row answers "not found". */
    st = db_stmt(f->d, sql_ins);
    db_bind_text(st, 1, "a");
    assert_int_equal(sql_insert_id(st, &c), KZ_ENOTFOUND);
    assert_int_equal(c, -1);
}

/* On SQLite the store's inserts leave RETURNING out (it builds an
 * ephemeral table per call) and read the rowid the driver kept. */
static void test_insert_rowid(void **state)
{
    struct fx *f = *state;
    static const char *const sql_ins[] = SQL_INSERT_ID(
        "INSERT INTO t(k) VALUES (?1) ON CONFLICT (k) DO NOTHING");
    static const char sql_other[] = "INSERT INTO t(k) VALUES (?1)";
    int64_t a = 0, b = 0, c = -1;

    struct db_stmt *st = sql_insert_stmt(f->d, sql_ins);
    assert_ptr_equal(st, db_stmt(f->d, sql_ins[DB_SQLITE]));
    db_bind_text(st, 1, "a");
    assert_int_equal(sql_insert_id(st, &a), KZ_OK);
    /* Another statement's insert in between does not move it. */
    st = db_stmt(f->d, sql_other);
    db_bind_text(st, 1, "between");
    assert_int_equal(sql_exec(st), KZ_OK);
    st = sql_insert_stmt(f->d, sql_ins);
    db_bind_text(st, 1, "b");
    assert_int_equal(sql_insert_id(st, &b), KZ_OK);
    assert_true(a > 0 && b == a + 2);
    assert_int_equal(db_last_id(st), b);
    /* No row added: not the key of an earlier insert. */
    st = sql_insert_stmt(f->d, sql_ins);
    db_bind_text(st, 1, "a");
    assert_int_equal(sql_insert_id(st, &c), KZ_ENOTFOUND);
    assert_int_equal(c, -1);
}

static void test_transactions(void **state)
{
    struct fx *f = *state;
    static const char sql_begin[] = "BEGIN";
    static const char sql_rollback[] = "ROLLBACK";

    assert_false(db_in_transaction(f->d));
    assert_int_equal(sql_exec_text(f->d, sql_begin), KZ_OK);
    assert_true(db_in_transaction(f->d));
    assert_int_equal(sql_exec_text(f->d, sql_rollback), KZ_OK);
    assert_false(db_in_transaction(f->d));
    assert_int_equal(db_dialect(f->d), DB_SQLITE);
}

static void test_open_refuses(void **state)
{
    struct fx *f = *state;
    char path[400];
    struct db *d = (struct db *)1;

    /* A missing file, not to be created. */
    snprintf(path, sizeof(path), "%s/missing.db", f->dir);
    assert_int_equal(db_sqlite_open(path, STORE_OPEN_EXISTING, &d),
                     KZ_ENOTFOUND);
    assert_null(d);
    assert_int_equal(access(path, F_OK), -1);

    /* Another application's database (tables, no schema_version): the
     * fixture's file is one. */
    d = (struct db *)1;
    assert_int_equal(db_sqlite_open(f->path, STORE_OPEN_EXISTING, &d),
                     KZ_ESCHEMA);
    assert_null(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_values_round_trip, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_statement_cache, setup, teardown),
        cmocka_unit_test_setup_teardown(test_built_statement, setup, teardown),
        cmocka_unit_test_setup_teardown(test_constraint_is_conflict, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_changes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_insert_returning, setup, teardown),
        cmocka_unit_test_setup_teardown(test_insert_rowid, setup, teardown),
        cmocka_unit_test_setup_teardown(test_transactions, setup, teardown),
        cmocka_unit_test_setup_teardown(test_open_refuses, setup, teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
