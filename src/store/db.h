/* SPDX-License-Identifier: MIT */
/*
 * db.h - the SQL driver beneath the store: the little that differs
 * between SQLite and PostgreSQL (connect, prepare, bind, step, column,
 * error mapping).  Everything above it — the record operations, their
 * SQL text, the JSON-column codecs, the need-to-know filter, paging —
 * is written once, in src/store/sql_*.c, for both engines.
 *
 * SQL text passed to db_stmt() uses SQLite's numbered parameters ?1, ?2 …
 * (each number may appear several times); the PostgreSQL driver rewrites
 * them to $1, $2 … once, when it prepares the statement.  A statement that
 * the two dialects cannot share is chosen with db_dialect().
 *
 * Each driver (db_sqlite.c, db_pg.c) fills a struct db_driver
 * (db_driver.h); the functions below dispatch to it, one indirect call
 * each, and allocate nothing.  A driver opens a connection with its own
 * function (db_sqlite_open() in db_sqlite.h, db_pg_open() in db_pg.h).
 *
 * Only src/store includes this header.
 */
#ifndef KZ_STORE_DB_H
#define KZ_STORE_DB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/err.h"

enum db_dialect { DB_SQLITE, DB_POSTGRES };

/* What db_step() answers: a row is ready, the statement has run to its
 * end, or it failed (the kizuki error: KZ_ECONFLICT for a constraint,
 * KZ_EBUSY for a lock or a lost connection that a retry may cure,
 * KZ_ESTORE for anything else — logged by the driver, without bound
 * values, which may be secrets). */
enum db_rc { DB_ROW, DB_DONE, DB_FAIL };

struct db;      /* one connection */
struct db_stmt; /* a prepared statement of that connection */

/* The engine behind 'd'. */
enum db_dialect db_dialect(const struct db *d);

/*
 * The connection's prepared statement for the static text 'sql', reset
 * and with no values bound; NULL (logged) when it does not compile.
 * Statements are cached by the address of their text, which therefore
 * must be a string constant.  Borrowed: it lives as long as 'd'.
 */
struct db_stmt *db_stmt(struct db *d, const char *sql);

/*
 * Like db_stmt(), for a statement whose rows are read one batch at a time
 * rather than all at once: a scan over every incident or every entry of
 * the audit log (verify, export, migrate), which must not hold 10^6 rows
 * in memory.  Other statements of the connection may run while it is
 * being stepped (a visitor's lookups).  SQLite steps every statement that
 * way already; PostgreSQL reads such a statement through a cursor in the
 * open transaction (or in one of its own, ended when the scan ends or is
 * reset, when none is open).  Cached apart from db_stmt() for the same
 * text.
 */
struct db_stmt *db_stmt_scan(struct db *d, const char *sql);

/*
 * A statement whose text is built at run time (a listing's filters, a
 * copy's column list): compiled for this use, not cached, and on
 * PostgreSQL run unnamed (no server-side statement to outlive it).  The
 * text is copied.  NULL (logged) when it does not compile (SQLite; on
 * PostgreSQL the first db_step() fails instead).
 * OUT: freed with db_stmt_free() before 'd' is closed.
 */
struct db_stmt *db_stmt_new(struct db *d, const char *sql);
/* Free a statement of db_stmt_new(); NULL is allowed. */
void db_stmt_free(struct db_stmt *st);

/* Bind parameter ?i (1-based).  db_bind_text copies 's'; NULL binds SQL
 * NULL.  db_bind_blob copies the 'n' bytes at 'p' (NULL binds SQL
 * NULL). */
void db_bind_int64(struct db_stmt *st, int i, int64_t v);
void db_bind_text(struct db_stmt *st, int i, const char *s);
void db_bind_blob(struct db_stmt *st, int i, const void *p, size_t n);
void db_bind_null(struct db_stmt *st, int i);
/*
 * Like db_bind_text, but the engine may keep 's' itself rather than a copy
 * (SQLite does; PostgreSQL copies): 's' must stay unchanged until the
 * statement has been stepped to its end or reset.  For hot paths that
 * bind many texts the caller holds anyway (alert intake: a copy of each
 * was 9 % of the writer's instructions per alert).
 */
void db_bind_text_ref(struct db_stmt *st, int i, const char *s);

/* Run the statement (on the first call) and move to its next row. */
enum db_rc db_step(struct db_stmt *st);
/* The error of the last DB_FAIL of 'st' (KZ_OK before any). */
enum kz_err db_stmt_err(const struct db_stmt *st);

/* Columns of the current row (0-based).  db_col_text is borrowed until
 * the next step or reset; NULL for SQL NULL. */
bool db_col_null(struct db_stmt *st, int i);
int64_t db_col_int64(struct db_stmt *st, int i);
const char *db_col_text(struct db_stmt *st, int i);
/* Bytes of a blob column; *n its length.  Borrowed like db_col_text. */
const void *db_col_blob(struct db_stmt *st, int i, size_t *n);

/* Forget the statement's result and bindings, ready to run again. */
void db_reset(struct db_stmt *st);
/* Rows changed by the last INSERT, UPDATE or DELETE run on 'st' to its
 * end (still answered after db_reset()). */
int64_t db_changes(struct db_stmt *st);

/*
 * The key (rowid) of the row that the last INSERT run to its end on 'st'
 * added; 0 when the engine does not track it.  SQLite only: there, an
 * INSERT ... RETURNING runs through an ephemeral table built and freed on
 * every call, so the store reads the rowid instead; PostgreSQL statements
 * return the key with RETURNING (sql_int.h, SQL_INSERT_ID).
 */
int64_t db_last_id(struct db_stmt *st);

/* Run a script of statements with no parameters and no rows (schema
 * migrations, session settings). */
enum kz_err db_exec_script(struct db *d, const char *sql);

/* Is a transaction open on 'd'?  (A failed COMMIT may have ended it, and
 * a ROLLBACK then must not be sent.) */
bool db_in_transaction(struct db *d);

/* The text of the connection's last error, for messages ("" when none).
 * Borrowed until the next call on 'd'. */
const char *db_errmsg(struct db *d);

/* Close 'd' and every statement of it; NULL is allowed. */
void db_close(struct db *d);

#endif
