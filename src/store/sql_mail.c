/* SPDX-License-Identifier: MIT */
/*
 * sql_mail.c - the messages mail intake has taken, in the SQLite
 * backend (0016_mail.sql).
 */
#include <stdio.h>
#include <string.h>

#include "store/sql_int.h"
#include "util/mem.h"

static const char *const sql_insert[] = SQL_INSERT_ID(
    "INSERT INTO mail_message(message_key, sha256, size, received_at,"
    " sender, outcome, incident_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");

enum kz_err sql_mail_insert(struct store *s, struct mail_record *r)
{
    struct db *db = s->db;
    struct db_stmt *st = sql_insert_stmt(db, sql_insert);

    if (st == NULL)
        return KZ_ESTORE;
    db_bind_text(st, 1, r->message_key);
    db_bind_text(st, 2, r->sha256);
    db_bind_int64(st, 3, r->size);
    sql_bind_time(st, 4, r->received_at);
    db_bind_text(st, 5, r->sender);
    db_bind_text(st, 6, r->outcome);
    if (r->incident_id > 0)
        db_bind_int64(st, 7, r->incident_id);
    enum kz_err err = sql_insert_id(st, &r->id);
    return err;
}

static const char sql_find[] =
    "SELECT m.id, m.message_key, m.sha256, m.size, m.received_at, m.sender,"
    " m.outcome, m.incident_id, i.ref FROM mail_message m"
    " LEFT JOIN incident i ON i.id = m.incident_id WHERE m.message_key = ?1";

enum kz_err sql_mail_find(struct store *s, const char *key,
                          struct mail_record *out)
{
    struct db *db = s->db;
    struct db_stmt *st = db_stmt(db, sql_find);

    if (st == NULL)
        return KZ_ESTORE;
    db_bind_text(st, 1, key);
    enum db_rc rc = db_step(st);
    if (rc == DB_ROW) {
        const char *sha = db_col_text(st, 2);
        const char *ref = db_col_text(st, 8);
        mail_record_cleanup(out);
        out->id = db_col_int64(st, 0);
        out->message_key = sql_col_text(st, 1);
        snprintf(out->sha256, sizeof(out->sha256), "%s",
                 sha ? (const char *)sha : "");
        out->size = db_col_int64(st, 3);
        out->received_at = sql_col_time(st, 4);
        out->sender = sql_col_text(st, 5);
        out->outcome = sql_col_text(st, 6);
        out->incident_id = db_col_int64(st, 7);
        snprintf(out->incident_ref, sizeof(out->incident_ref), "%s",
                 ref ? ref : "");
    }
    return sql_lookup_end(st, rc);
}
