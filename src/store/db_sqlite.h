/* SPDX-License-Identifier: MIT */
/*
 * db_sqlite.h - the SQLite driver of db.h: opening a database file.
 */
#ifndef KZ_STORE_DB_SQLITE_H
#define KZ_STORE_DB_SQLITE_H

#include "store/db.h"
#include "store/store.h"

struct sqlite3;
struct sqlite3_stmt;

/*
 * Open the SQLite database at 'path' (created when 'mode' says so) with
 * kizuki's settings: WAL, synchronous=FULL, foreign keys, defensive mode,
 * in-memory temporary store.  A file that holds tables but no
 * schema_version is another application's: KZ_ESCHEMA, nothing written.
 * A missing file without STORE_OPEN_CREATE: KZ_ENOTFOUND.  OUT: *out,
 * closed with db_close() (which folds the WAL into the file).
 */
enum kz_err db_sqlite_open(const char *path, enum store_open_mode mode,
                           struct db **out);

/*
 * The SQLite handles behind a connection and a statement of this driver,
 * for the SQLite-only parts (the FTS5 tokenizer) and — transitional,
 * issue 11 — the backend files not yet on the driver (sqlite_int.h).
 */
struct sqlite3 *db_sqlite_handle(struct db *d);
struct sqlite3_stmt *db_sqlite_raw(struct db_stmt *st);
/* Map a SQLite result code to kizuki's error, logging an unexpected one
 * with the message of 'd' (NULL: the code's generic text). */
enum kz_err db_sqlite_err(struct db *d, int rc);

#endif
