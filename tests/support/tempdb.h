/* SPDX-License-Identifier: MIT */
/*
 * tempdb.h - a kizuki store in a fresh temporary file (SQLite, WAL mode),
 * deleted with its folder at teardown, and a side door to run SQL on the
 * same file directly, as an attacker or an administrator with the sqlite3
 * shell would.
 *
 * With KIZUKI_TEST_BACKEND=postgresql and KIZUKI_TEST_PG=<URI of a
 * cluster> (`make pg-test` sets both), the store is instead a fresh
 * PostgreSQL database made through that URI and dropped at teardown; the
 * folder is still made (for evidence files and siblings), and the side
 * door runs its SQL on that database.  A test whose SQL only SQLite
 * understands asks tempdb_is_pg() first.
 */
#ifndef KZ_TEST_TEMPDB_H
#define KZ_TEST_TEMPDB_H

#include <stdbool.h>
#include <stdint.h>

#include "store/store.h"

struct tempdb {
    char dir[256];    /* private folder under $TMPDIR, removed at the end */
    char path[1024];  /* dir/kizuki.db, or the database's postgresql:// URI */
    char pg_name[64]; /* PostgreSQL: the database made for the test */
    struct store *s;
};

/* The URI of the test cluster (KIZUKI_TEST_PG), or NULL when none is
 * set: tests that need a server then skip themselves (TEMPDB_NEED_PG). */
const char *tempdb_pg_cluster(void);

/* Skip the test (visibly) when no PostgreSQL cluster is given. */
#define TEMPDB_NEED_PG()                                                       \
    do {                                                                       \
        if (tempdb_pg_cluster() == NULL) {                                     \
            fprintf(stderr, "  (KIZUKI_TEST_PG not set: skipped)\n");          \
            skip();                                                            \
        }                                                                      \
    } while (0)

/* Are the stores of this run PostgreSQL databases? */
bool tempdb_is_pg(void);

/* Make a new folder and open a store in it (STORE_OPEN_CREATE); asserts
 * that the database is in WAL mode. */
void tempdb_create(struct tempdb *t);
/* Close the store (if open) and delete every file of the folder. */
void tempdb_destroy(struct tempdb *t);
/* Close and open the store again (STORE_OPEN_EXISTING). */
void tempdb_reopen(struct tempdb *t);
/* A path for another file in the same folder (OUT: out[320]). */
char *tempdb_sibling(const struct tempdb *t, const char *name, char *out);

/* cmocka group or test setup/teardown: *state becomes a heap tempdb. */
int tempdb_setup(void **state);
int tempdb_teardown(void **state);

/* Run 'sql' (one or more statements) on the file through a separate
 * connection; returns the SQLite result code (the primary code; on
 * PostgreSQL SQLITE_OK, SQLITE_CONSTRAINT or SQLITE_ERROR). */
int tempdb_exec(const struct tempdb *t, const char *sql);
/* Like tempdb_exec, failing the test unless it succeeds. */
void tempdb_exec_ok(const struct tempdb *t, const char *sql);
/* The integer in the first column of the first row of 'sql'; fails the
 * test when there is no row. */
int64_t tempdb_int(const struct tempdb *t, const char *sql);
/* The text in the first column of the first row of 'sql' into out[n]
 * ("" for NULL); fails the test when there is no row. */
char *tempdb_text(const struct tempdb *t, const char *sql, char *out, size_t n);

/* The same helpers on any SQLite file (created when missing). */
int sqlfile_exec(const char *path, const char *sql);
int64_t sqlfile_int(const char *path, const char *sql);

#endif
