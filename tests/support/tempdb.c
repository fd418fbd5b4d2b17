/* SPDX-License-Identifier: MIT */
/*
 * tempdb.c - temporary store files for the unit tests (see tempdb.h).
 */
#include "support/tempdb.h"

#include <dirent.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store/db.h"
#include "store/db_pg.h"
#include "support/test.h"
#include "util/mem.h"

const char *tempdb_pg_cluster(void)
{
    const char *uri = getenv("KIZUKI_TEST_PG");

    return uri != NULL && uri[0] != '\0' ? uri : NULL;
}

bool tempdb_is_pg(void)
{
    const char *backend = getenv("KIZUKI_TEST_BACKEND");

    return backend != NULL && strcmp(backend, "postgresql") == 0 &&
           tempdb_pg_cluster() != NULL;
}

static struct db *pg_connect(const char *uri)
{
    struct db *d = NULL;

    if (db_pg_open(uri, &d) != KZ_OK)
        fail_msg("cannot connect to %s", uri);
    return d;
}

/*
 * 'uri' (postgresql://[user@][host][/dbname][?params]) with the database
 * 'name' instead of its own, in out[n].
 */
static void uri_with_dbname(const char *uri, const char *name, char *out,
                            size_t n)
{
    const char *auth = strstr(uri, "://");
    assert_non_null(auth);
    const char *slash = strchr(auth + 3, '/');
    const char *query = strchr(auth + 3, '?');

    if (slash != NULL && query != NULL && slash > query)
        slash = NULL;
    const char *head_end = slash ? slash : query ? query : uri + strlen(uri);
    int len = snprintf(out, n, "%.*s/%s%s", (int)(head_end - uri), uri, name,
                       query ? query : "");
    assert_true(len > 0 && (size_t)len < n);
}

/* A database of the test's own on the cluster of KIZUKI_TEST_PG. */
static void pg_create(struct tempdb *t)
{
    static unsigned n;
    const char *uri = getenv("KIZUKI_TEST_PG");
    char sql[160];

    snprintf(t->pg_name, sizeof(t->pg_name), "kzt_%ld_%u_%u", (long)getpid(),
             ++n, (unsigned)rand() % 100000);
    struct db *admin = pg_connect(uri);
    snprintf(sql, sizeof(sql), "CREATE DATABASE %s", t->pg_name);
    if (db_exec_script(admin, sql) != KZ_OK)
        fail_msg("cannot create database %s", t->pg_name);
    db_close(admin);
    uri_with_dbname(uri, t->pg_name, t->path, sizeof(t->path));
}

static void pg_drop(struct tempdb *t)
{
    char sql[160];
    struct db *admin = pg_connect(getenv("KIZUKI_TEST_PG"));

    snprintf(sql, sizeof(sql), "DROP DATABASE IF EXISTS %s WITH (FORCE)",
             t->pg_name);
    (void)db_exec_script(admin, sql);
    db_close(admin);
    t->pg_name[0] = '\0';
}

void tempdb_create(struct tempdb *t)
{
    const char *tmp = getenv("TMPDIR");
    char mode[16];

    memset(t, 0, sizeof(*t));
    if (tmp == NULL || tmp[0] == '\0')
        tmp = "/tmp";
    snprintf(t->dir, sizeof(t->dir), "%s/kizuki-test-XXXXXX", tmp);
    assert_non_null(mkdtemp(t->dir));
    if (tempdb_is_pg())
        pg_create(t);
    else
        snprintf(t->path, sizeof(t->path), "%s/kizuki.db", t->dir);
    assert_int_equal(store_open(t->path, STORE_OPEN_CREATE, &t->s), KZ_OK);
    assert_non_null(t->s);
    if (t->pg_name[0] != '\0')
        return;
    tempdb_text(t, "PRAGMA journal_mode", mode, sizeof(mode));
    assert_string_equal(mode, "wal");
}

void tempdb_destroy(struct tempdb *t)
{
    DIR *d;
    struct dirent *de;

    store_close(t->s);
    t->s = NULL;
    if (t->pg_name[0] != '\0')
        pg_drop(t);
    if (t->dir[0] == '\0')
        return;
    d = opendir(t->dir);
    if (d != NULL) {
        while ((de = readdir(d)) != NULL) {
            char file[600];
            if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
                continue;
            snprintf(file, sizeof(file), "%s/%s", t->dir, de->d_name);
            unlink(file);
        }
        closedir(d);
    }
    rmdir(t->dir);
    t->dir[0] = '\0';
}

void tempdb_reopen(struct tempdb *t)
{
    store_close(t->s);
    t->s = NULL;
    assert_int_equal(store_open(t->path, STORE_OPEN_EXISTING, &t->s), KZ_OK);
    assert_non_null(t->s);
}

char *tempdb_sibling(const struct tempdb *t, const char *name, char *out)
{
    snprintf(out, 320, "%s/%s", t->dir, name);
    return out;
}

int tempdb_setup(void **state)
{
    struct tempdb *t = xcalloc(1, sizeof(*t));

    tempdb_create(t);
    *state = t;
    return 0;
}

int tempdb_teardown(void **state)
{
    struct tempdb *t = *state;

    if (t != NULL) {
        tempdb_destroy(t);
        xfree(t);
    }
    *state = NULL;
    return 0;
}

static sqlite3 *db_connect(const char *path)
{
    const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
    sqlite3 *db = NULL;

    if (sqlite3_open_v2(path, &db, flags, NULL) != SQLITE_OK) {
        fprintf(stderr, "cannot open %s: %s\n", path,
                db ? sqlite3_errmsg(db) : "?");
        sqlite3_close(db);
        fail();
    }
    sqlite3_busy_timeout(db, 5000);
    return db;
}

int sqlfile_exec(const char *path, const char *sql)
{
    sqlite3 *db = db_connect(path);
    int rc = sqlite3_exec(db, sql, NULL, NULL, NULL);

    sqlite3_close(db);
    return rc & 0xff;
}

/* Step 'sql' once on 'path'; the first column goes to the callbacks. */
static bool first_row(const char *path, const char *sql, int64_t *i, char *text,
                      size_t n)
{
    sqlite3 *db = db_connect(path);
    sqlite3_stmt *st = NULL;
    bool row = false;

    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
        fprintf(stderr, "SQL error in %s: %s\n", sql, sqlite3_errmsg(db));
        sqlite3_close(db);
        fail();
    }
    if (sqlite3_step(st) == SQLITE_ROW) {
        row = true;
        if (i != NULL)
            *i = sqlite3_column_int64(st, 0);
        if (text != NULL) {
            const unsigned char *s = sqlite3_column_text(st, 0);
            snprintf(text, n, "%s", s ? (const char *)s : "");
        }
    }
    sqlite3_finalize(st);
    sqlite3_close(db);
    return row;
}

int64_t sqlfile_int(const char *path, const char *sql)
{
    int64_t v = 0;

    if (!first_row(path, sql, &v, NULL, 0))
        fail_msg("no row from %s", sql);
    return v;
}

/* The side door on PostgreSQL: the first row's first column of 'sql'. */
static bool pg_first_row(const char *uri, const char *sql, int64_t *i,
                         char *text, size_t n)
{
    struct db *d = pg_connect(uri);
    struct db_stmt *st = db_stmt_new(d, sql);
    bool row = false;

    assert_non_null(st);
    enum db_rc rc = db_step(st);
    if (rc == DB_FAIL)
        fail_msg("SQL error in %s: %s", sql, db_errmsg(d));
    if (rc == DB_ROW) {
        row = true;
        if (i != NULL)
            *i = db_col_int64(st, 0);
        if (text != NULL) {
            const char *s = db_col_text(st, 0);
            snprintf(text, n, "%s", s ? s : "");
        }
    }
    db_stmt_free(st);
    db_close(d);
    return row;
}

int tempdb_exec(const struct tempdb *t, const char *sql)
{
    if (t->pg_name[0] == '\0')
        return sqlfile_exec(t->path, sql);
    struct db *d = pg_connect(t->path);
    enum kz_err err = db_exec_script(d, sql);
    db_close(d);
    return err == KZ_OK          ? SQLITE_OK
           : err == KZ_ECONFLICT ? SQLITE_CONSTRAINT
                                 : SQLITE_ERROR;
}

void tempdb_exec_ok(const struct tempdb *t, const char *sql)
{
    int rc = tempdb_exec(t, sql);

    if (rc != SQLITE_OK)
        fail_msg("SQL failed (%d): %s", rc, sql);
}

int64_t tempdb_int(const struct tempdb *t, const char *sql)
{
    int64_t v = 0;

    if (t->pg_name[0] == '\0')
        return sqlfile_int(t->path, sql);
    if (!pg_first_row(t->path, sql, &v, NULL, 0))
        fail_msg("no row from %s", sql);
    return v;
}

char *tempdb_text(const struct tempdb *t, const char *sql, char *out, size_t n)
{
    bool row = t->pg_name[0] == '\0' ? first_row(t->path, sql, NULL, out, n)
                                     : pg_first_row(t->path, sql, NULL, out, n);
    if (!row)
        fail_msg("no row from %s", sql);
    return out;
}
