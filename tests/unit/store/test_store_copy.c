/* SPDX-License-Identifier: MIT */
/*
 * test_store_copy.c - the table list of `kizuki migrate`
 * (store/store_copy.c) against the schema the migrations make, on SQLite
 * and, when KIZUKI_TEST_PG names a server, on PostgreSQL: a migration
 * that adds a table the copy does not know fails here, so no table can
 * be left behind by a migration in silence.  And the list's order: the
 * parent of every foreign key is copied before its children.
 */
#include "support/test.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store/db.h"
#include "store/db_pg.h"
#include "store/store.h"
#include "support/tempdb.h"

static const char *pg_uri;

static void test_sqlite_schema_is_the_copy_list(void **state)
{
    struct tempdb *t = *state;
    char name[128] = "?";

    enum kz_err err = store_copy_check(t->s, name, sizeof(name));
    if (err != KZ_OK)
        fail_msg("table %s is in the schema or in the copy's list, not both "
                 "(store_copy.c)",
                 name);
}

static void test_a_table_added_later_is_refused(void **state)
{
    struct tempdb *t = *state;
    char name[128] = "";

    tempdb_exec_ok(t, "CREATE TABLE widget (id INTEGER PRIMARY KEY) STRICT");
    assert_int_equal(store_copy_check(t->s, name, sizeof(name)), KZ_ESCHEMA);
    assert_string_equal(name, "widget");
}

static long position(const char *name)
{
    const struct store_copy_table *t;

    for (size_t i = 0; (t = store_copy_table_at(i)) != NULL; i++)
        if (strcmp(t->name, name) == 0)
            return (long)i;
    return -1;
}

static void test_parents_are_copied_first(void **state)
{
    struct tempdb *t = *state;
    const struct store_copy_table *c;
    sqlite3 *db = NULL;
    sqlite3_stmt *st = NULL;

    assert_int_equal(sqlite3_open_v2(t->path, &db, SQLITE_OPEN_READONLY, NULL),
                     SQLITE_OK);
    assert_int_equal(
        sqlite3_prepare_v2(db,
                           "SELECT \"table\" FROM pragma_foreign_key_list(?1)",
                           -1, &st, NULL),
        SQLITE_OK);
    for (size_t i = 0; (c = store_copy_table_at(i)) != NULL; i++) {
        sqlite3_bind_text(st, 1, c->name, -1, SQLITE_STATIC);
        while (sqlite3_step(st) == SQLITE_ROW) {
            const char *parent = (const char *)sqlite3_column_text(st, 0);
            long p = position(parent);
            if (p < 0 || p >= (long)i)
                fail_msg("%s refers to %s, which the copy writes after it",
                         c->name, parent);
        }
        sqlite3_reset(st);
    }
    sqlite3_finalize(st);
    sqlite3_close(db);
}

static void test_postgres_schema_is_the_copy_list(void **state)
{
    struct db *admin = NULL;
    struct store *s = NULL;
    char dbname[64], sql[160], uri[1024], name[128] = "?";

    (void)state;
    if (pg_uri == NULL) {
        fprintf(stderr, "  (KIZUKI_TEST_PG not set: skipped)\n");
        skip();
    }
    assert_int_equal(db_pg_open(pg_uri, &admin), KZ_OK);
    snprintf(dbname, sizeof(dbname), "kzcopy_%ld", (long)getpid());
    snprintf(sql, sizeof(sql), "DROP DATABASE IF EXISTS %s", dbname);
    assert_int_equal(db_exec_script(admin, sql), KZ_OK);
    snprintf(sql, sizeof(sql), "CREATE DATABASE %s", dbname);
    assert_int_equal(db_exec_script(admin, sql), KZ_OK);
    snprintf(uri, sizeof(uri), "%s%sdbname=%s", pg_uri,
             strchr(pg_uri, '?') != NULL ? "&" : "?", dbname);
    assert_int_equal(store_open(uri, STORE_OPEN_CREATE, &s), KZ_OK);
    enum kz_err err = store_copy_check(s, name, sizeof(name));
    store_close(s);
    snprintf(sql, sizeof(sql), "DROP DATABASE %s WITH (FORCE)", dbname);
    assert_int_equal(db_exec_script(admin, sql), KZ_OK);
    db_close(admin);
    if (err != KZ_OK)
        fail_msg("table %s is in the PostgreSQL schema or in the copy's "
                 "list, not both (store_copy.c)",
                 name);
}

int main(void)
{
    pg_uri = tempdb_pg_cluster();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_sqlite_schema_is_the_copy_list,
                                        tempdb_setup, tempdb_teardown),
        cmocka_unit_test_setup_teardown(test_a_table_added_later_is_refused,
                                        tempdb_setup, tempdb_teardown),
        cmocka_unit_test_setup_teardown(test_parents_are_copied_first,
                                        tempdb_setup, tempdb_teardown),
        cmocka_unit_test(test_postgres_schema_is_the_copy_list),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
