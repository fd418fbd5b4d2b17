/* SPDX-License-Identifier: MIT */
/*
 * sql_throttle.c - the sign-in throttle's counts in the database
 * (signin_throttle, migration 0020), for servers that share one
 * (app/throttle.c).  Each statement is one atomic step on one row, run
 * outside any transaction: the reservation is a single upsert whose row
 * lock makes parallel reservations from any number of servers take turns.
 */
#include "store/sql_int.h"

/*
 * One more check on 'key' if the row allows it: no wait running, and no
 * check pending or the failures with every pending check counted as one
 * still under the free tries.  Failures older than ?4 seconds are
 * forgotten, and pending checks reserved more than ?5 seconds ago have
 * lapsed (their server died mid-check).  A row is returned only when
 * the check was reserved.
 */
static const char sql_reserve[] =
    "INSERT INTO signin_throttle(key, failures, pending, pending_at, last,"
    " wait_until) VALUES (?1, 0, 1, ?2, ?2, 0)"
    " ON CONFLICT (key) DO UPDATE SET"
    " failures = CASE WHEN ?2 - signin_throttle.last > ?4 THEN 0"
    "  ELSE signin_throttle.failures END,"
    " pending = CASE WHEN ?2 - signin_throttle.pending_at > ?5 THEN 1"
    "  ELSE signin_throttle.pending + 1 END,"
    " pending_at = ?2"
    " WHERE signin_throttle.wait_until <= ?2"
    " AND (signin_throttle.pending = 0"
    "  OR ?2 - signin_throttle.pending_at > ?5"
    "  OR CASE WHEN ?2 - signin_throttle.last > ?4 THEN 0"
    "   ELSE signin_throttle.failures END + signin_throttle.pending < ?3)"
    " RETURNING pending";
static const char sql_wait[] =
    "SELECT wait_until FROM signin_throttle WHERE key = ?1";

enum kz_err sql_throttle_reserve(struct store *s, const char *key,
                                 const struct throttle_terms *terms,
                                 kz_time now, bool *reserved, int64_t *wait)
{
    struct db_stmt *st = db_stmt(s->db, sql_reserve);

    *reserved = false;
    *wait = 0;
    if (st == NULL)
        return KZ_ESTORE;
    db_bind_text(st, 1, key);
    db_bind_int64(st, 2, now);
    db_bind_int64(st, 3, terms->free_tries);
    db_bind_int64(st, 4, terms->forget_after);
    db_bind_int64(st, 5, terms->lease);
    enum db_rc rc = db_step(st);
    db_reset(st);
    if (rc == DB_ROW) {
        *reserved = true;
        return KZ_OK;
    }
    if (rc == DB_FAIL)
        return db_stmt_err(st);
    /* Refused: a wait running, or checks pending that leave no room. */
    st = db_stmt(s->db, sql_wait);
    if (st == NULL)
        return KZ_ESTORE;
    db_bind_text(st, 1, key);
    rc = db_step(st);
    if (rc == DB_ROW && db_col_int64(st, 0) > now)
        *wait = db_col_int64(st, 0) - now;
    enum kz_err err = sql_lookup_end(st, rc);
    return err == KZ_ENOTFOUND ? KZ_OK : err;
}

/* A pending check ends: one fewer pending (never below none: a lapsed
 * lease may have been taken over). */
#define PENDING_DOWN                                                           \
    "pending = CASE WHEN pending > 0 THEN pending - 1 ELSE 0 END"
static const char sql_release[] =
    "UPDATE signin_throttle SET " PENDING_DOWN " WHERE key = ?1";
static const char sql_succeed[] =
    "UPDATE signin_throttle SET " PENDING_DOWN ", failures = 0,"
    " wait_until = 0 WHERE key = ?1";
/* The check stays pending until its wait is set (sql_hold): in between,
 * a reservation finds the failure counted and the check still pending,
 * so no room, rather than neither, and a check before the wait. */
static const char sql_fail[] =
    "UPDATE signin_throttle SET failures = failures + 1,"
    " last = ?2 WHERE key = ?1 RETURNING failures";

enum kz_err sql_throttle_settle(struct store *s, const char *key,
                                enum throttle_outcome outcome, kz_time now,
                                int64_t *failures)
{
    const char *sql = outcome == THROTTLE_FAILED      ? sql_fail
                      : outcome == THROTTLE_SUCCEEDED ? sql_succeed
                                                      : sql_release;
    struct db_stmt *st = db_stmt(s->db, sql);

    *failures = 0;
    if (st == NULL)
        return KZ_ESTORE;
    db_bind_text(st, 1, key);
    if (outcome != THROTTLE_FAILED)
        return sql_exec(st);
    db_bind_int64(st, 2, now);
    enum db_rc rc = db_step(st);
    if (rc == DB_ROW)
        *failures = db_col_int64(st, 0);
    enum kz_err err = sql_lookup_end(st, rc);
    /* A row purged in the meantime: nothing left to count on. */
    return err == KZ_ENOTFOUND ? KZ_OK : err;
}

/* Later only: of two failures settled together, the longer wait stays. */
static const char sql_hold[] =
    "UPDATE signin_throttle SET " PENDING_DOWN ","
    " wait_until = CASE WHEN wait_until < ?2 THEN ?2 ELSE wait_until END"
    " WHERE key = ?1";

enum kz_err sql_throttle_hold(struct store *s, const char *key, kz_time until)
{
    struct db_stmt *st = db_stmt(s->db, sql_hold);

    if (st == NULL)
        return KZ_ESTORE;
    db_bind_text(st, 1, key);
    db_bind_int64(st, 2, until);
    return sql_exec(st);
}

static const char sql_purge[] =
    "DELETE FROM signin_throttle WHERE last < ?1 AND pending_at < ?2"
    " AND wait_until < ?3";

enum kz_err sql_throttle_purge(struct store *s,
                               const struct throttle_terms *terms, kz_time now)
{
    struct db_stmt *st = db_stmt(s->db, sql_purge);

    if (st == NULL)
        return KZ_ESTORE;
    db_bind_int64(st, 1, now - terms->forget_after);
    db_bind_int64(st, 2, now - terms->lease);
    db_bind_int64(st, 3, now);
    return sql_exec(st);
}
