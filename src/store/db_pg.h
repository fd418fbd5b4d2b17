/* SPDX-License-Identifier: MIT */
/*
 * db_pg.h - the PostgreSQL driver of db.h (libpq), and the PostgreSQL
 * schema migrations (src/store/sql/pg/, embedded as pg_migrations).
 */
#ifndef KZ_STORE_DB_PG_H
#define KZ_STORE_DB_PG_H

#include "store/db.h"

/*
 * Connect to the PostgreSQL server that 'uri' names: a postgresql:// or
 * postgres:// URI or a "key=value" connection string, with every libpq
 * parameter and PG* environment variable (TLS included: sslmode,
 * sslrootcert, …); client_encoding is always UTF8.  Nothing is written.
 * KIZUKI_PG_PREPARE=off in the environment runs every statement unnamed
 * (PQexecParams), for poolers that do not keep a session's prepared
 * statements (PgBouncer in transaction mode before 1.21); without it, the
 * first statement name such a pooler lost switches the connection to that
 * mode by itself.
 * An unreachable or refusing server: KZ_EBUSY, and a message naming the
 * host and port and libpq's reason on stderr (never the password).
 * OUT: *out, closed with db_close(); NULL on failure.
 */
enum kz_err db_pg_open(const char *uri, struct db **out);

/*
 * Bring the schema of the database behind 'd' (a PostgreSQL connection)
 * to the newest migration, in one transaction under an advisory lock (two
 * servers starting at once apply it once).  A database that holds tables
 * but no kizuki schema_version is another application's, and one of a
 * newer kizuki schema than this binary knows is refused: KZ_ESCHEMA, and
 * nothing is written.  OUT: *version, the schema version now.
 */
enum kz_err db_pg_migrate(struct db *d, int *version);

/* The newest migration version this binary carries for PostgreSQL. */
int db_pg_schema_latest(void);

/*
 * 'sql' with SQLite's numbered parameters ?N rewritten to PostgreSQL's
 * $N; '?' inside quoted literals and identifiers, dollar-quoted strings
 * and comments is left alone.  OUT: *nparams, the highest N (0 when
 * none).  Returns NULL when a ?N is out of range (0 or above 32767) or not
 * numbered (a bare '?').
 * Caller frees the result with xfree().  Exposed for the tests.
 */
char *db_pg_rewrite(const char *sql, int *nparams);

#endif
