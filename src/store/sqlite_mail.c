/* SPDX-License-Identifier: MIT */
/*
 * sqlite_mail.c - the messages mail intake has taken, in the SQLite
 * backend (0016_mail.sql).
 */
#include <stdio.h>
#include <string.h>

#include "store/sqlite_int.h"
#include "util/mem.h"

static const char sql_insert[] =
    "INSERT INTO mail_message(message_key, sha256, size, received_at,"
    " sender, outcome, incident_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";

enum kz_err sqlite_mail_insert(struct store *s, struct mail_record *r)
{
    struct sqlite_store *ss = sq(s);
    sqlite3_stmt *st = sqlite_stmt(ss, sql_insert);

    if (st == NULL)
        return KZ_ESTORE;
    sqlite_bind_text(st, 1, r->message_key);
    sqlite_bind_text(st, 2, r->sha256);
    sqlite3_bind_int64(st, 3, r->size);
    sqlite_bind_time(st, 4, r->received_at);
    sqlite_bind_text(st, 5, r->sender);
    sqlite_bind_text(st, 6, r->outcome);
    if (r->incident_id > 0)
        sqlite3_bind_int64(st, 7, r->incident_id);
    enum kz_err err = sqlite_exec_stmt(ss, st);
    if (err == KZ_OK)
        r->id = sqlite3_last_insert_rowid(ss->db);
    return err;
}

static const char sql_find[] =
    "SELECT m.id, m.message_key, m.sha256, m.size, m.received_at, m.sender,"
    " m.outcome, m.incident_id, i.ref FROM mail_message m"
    " LEFT JOIN incident i ON i.id = m.incident_id WHERE m.message_key = ?1";

enum kz_err sqlite_mail_find(struct store *s, const char *key,
                             struct mail_record *out)
{
    struct sqlite_store *ss = sq(s);
    sqlite3_stmt *st = sqlite_stmt(ss, sql_find);

    if (st == NULL)
        return KZ_ESTORE;
    sqlite_bind_text(st, 1, key);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        const unsigned char *sha = sqlite3_column_text(st, 2);
        const unsigned char *ref = sqlite3_column_text(st, 8);
        mail_record_cleanup(out);
        out->id = sqlite3_column_int64(st, 0);
        out->message_key = sqlite_col_text(st, 1);
        snprintf(out->sha256, sizeof(out->sha256), "%s",
                 sha ? (const char *)sha : "");
        out->size = sqlite3_column_int64(st, 3);
        out->received_at = sqlite_col_time(st, 4);
        out->sender = sqlite_col_text(st, 5);
        out->outcome = sqlite_col_text(st, 6);
        out->incident_id = sqlite3_column_int64(st, 7);
        snprintf(out->incident_ref, sizeof(out->incident_ref), "%s",
                 ref ? (const char *)ref : "");
    }
    return sqlite_lookup_end(ss, st, rc);
}
