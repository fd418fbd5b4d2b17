/* SPDX-License-Identifier: MIT */
/*
 * db.c - dispatch of the driver interface (db.h) to the connection's
 * driver: one indirect call per operation, nothing allocated.
 */
#include "store/db.h"

#include "store/db_driver.h"

enum db_dialect db_dialect(const struct db *d)
{
    return d->drv->dialect;
}

struct db_stmt *db_stmt(struct db *d, const char *sql)
{
    return d->drv->stmt(d, sql);
}

struct db_stmt *db_stmt_scan(struct db *d, const char *sql)
{
    if (d->drv->stmt_scan == NULL)
        return d->drv->stmt(d, sql);
    return d->drv->stmt_scan(d, sql);
}

struct db_stmt *db_stmt_new(struct db *d, const char *sql)
{
    return d->drv->stmt_new(d, sql);
}

void db_stmt_free(struct db_stmt *st)
{
    if (st != NULL)
        st->drv->stmt_free(st);
}

void db_bind_int64(struct db_stmt *st, int i, int64_t v)
{
    st->drv->bind_int64(st, i, v);
}

void db_bind_text(struct db_stmt *st, int i, const char *s)
{
    st->drv->bind_text(st, i, s);
}

void db_bind_text_ref(struct db_stmt *st, int i, const char *s)
{
    if (st->drv->bind_text_ref != NULL)
        st->drv->bind_text_ref(st, i, s);
    else
        st->drv->bind_text(st, i, s);
}

void db_bind_blob(struct db_stmt *st, int i, const void *p, size_t n)
{
    st->drv->bind_blob(st, i, p, n);
}

void db_bind_null(struct db_stmt *st, int i)
{
    st->drv->bind_null(st, i);
}

enum db_rc db_step(struct db_stmt *st)
{
    return st->drv->step(st);
}

enum kz_err db_stmt_err(const struct db_stmt *st)
{
    return st->err;
}

bool db_col_null(struct db_stmt *st, int i)
{
    return st->drv->col_null(st, i);
}

int64_t db_col_int64(struct db_stmt *st, int i)
{
    return st->drv->col_int64(st, i);
}

const char *db_col_text(struct db_stmt *st, int i)
{
    return st->drv->col_text(st, i);
}

const void *db_col_blob(struct db_stmt *st, int i, size_t *n)
{
    return st->drv->col_blob(st, i, n);
}

void db_reset(struct db_stmt *st)
{
    st->drv->reset(st);
}

int64_t db_changes(struct db_stmt *st)
{
    return st->drv->changes(st);
}

int64_t db_last_id(struct db_stmt *st)
{
    return st->drv->last_id != NULL ? st->drv->last_id(st) : 0;
}

enum kz_err db_exec_script(struct db *d, const char *sql)
{
    return d->drv->exec_script(d, sql);
}

bool db_in_transaction(struct db *d)
{
    return d->drv->in_transaction(d);
}

const char *db_errmsg(struct db *d)
{
    return d->drv->errmsg(d);
}

void db_close(struct db *d)
{
    if (d != NULL)
        d->drv->close(d);
}
