/* SPDX-License-Identifier: MIT */
/*
 * db_driver.h - what a SQL driver implements (db_sqlite.c, db_pg.c) and
 * the generic head its connection and statement structs start with.
 * Only db.c and the drivers include this; the rest of the store sees the
 * opaque types of db.h.
 */
#ifndef KZ_STORE_DB_DRIVER_H
#define KZ_STORE_DB_DRIVER_H

#include "store/db.h"

/* Every entry is required unless it says otherwise; each has the contract of
 * its db_* function in db.h.  The driver sets 'err' of the statement head when
 * step fails. */
struct db_driver {
    enum db_dialect dialect;
    struct db_stmt *(*stmt)(struct db *d, const char *sql);
    /* Optional: NULL when the driver's statements already step row by
     * row without holding their result (SQLite); db_stmt_scan() then
     * answers stmt(). */
    struct db_stmt *(*stmt_scan)(struct db *d, const char *sql);
    struct db_stmt *(*stmt_new)(struct db *d, const char *sql);
    void (*stmt_free)(struct db_stmt *st);
    void (*bind_int64)(struct db_stmt *st, int i, int64_t v);
    void (*bind_text)(struct db_stmt *st, int i, const char *s);
    /* Optional: NULL when the driver copies anyway; db_bind_text_ref()
     * then answers bind_text(). */
    void (*bind_text_ref)(struct db_stmt *st, int i, const char *s);
    void (*bind_blob)(struct db_stmt *st, int i, const void *p, size_t n);
    void (*bind_null)(struct db_stmt *st, int i);
    enum db_rc (*step)(struct db_stmt *st);
    bool (*col_null)(struct db_stmt *st, int i);
    int64_t (*col_int64)(struct db_stmt *st, int i);
    const char *(*col_text)(struct db_stmt *st, int i);
    const void *(*col_blob)(struct db_stmt *st, int i, size_t *n);
    void (*reset)(struct db_stmt *st);
    int64_t (*changes)(struct db_stmt *st);
    /* Optional: NULL when the engine's inserts return their key with
     * RETURNING (PostgreSQL); db_last_id() then answers 0. */
    int64_t (*last_id)(struct db_stmt *st);
    enum kz_err (*exec_script)(struct db *d, const char *sql);
    bool (*in_transaction)(struct db *d);
    const char *(*errmsg)(struct db *d);
    void (*close)(struct db *d);
};

/* The first member of a driver's connection struct. */
struct db {
    const struct db_driver *drv;
};

/* The first member of a driver's statement struct. */
struct db_stmt {
    const struct db_driver *drv;
    enum kz_err err; /* of the last DB_FAIL; KZ_OK before any */
};

#endif
