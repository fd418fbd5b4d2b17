/* SPDX-License-Identifier: MIT */
/*
 * sqlite_summons.c - convocation state in the SQLite backend: rules that
 * fired, summonses with their acknowledgements, and the outbox of
 * messages to deliver.
 */
#include <stdio.h>
#include <string.h>

#include "store/sqlite_int.h"

static const char sql_fire[] =
    "INSERT INTO conv_fired(incident_id, rule_id, fired_at)"
    " VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING";

enum kz_err sqlite_conv_fire(struct store *s, int64_t incident_id,
                             int64_t rule_id, kz_time now, bool *first)
{
    struct sqlite_store *ss = sq(s);
    sqlite3_stmt *st = sqlite_stmt(ss, sql_fire);

    if (st == NULL)
        return KZ_ESTORE;
    sqlite3_bind_int64(st, 1, incident_id);
    sqlite3_bind_int64(st, 2, rule_id);
    sqlite3_bind_int64(st, 3, now);
    enum kz_err err = sqlite_exec_stmt(ss, st);
    *first = err == KZ_OK && sqlite3_changes(ss->db) == 1;
    return err;
}

static const char sql_summons_insert[] =
    "INSERT INTO summons(incident_id, rule_id, contact_id, role, step,"
    " token_digest, created_at, ack_due_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6,"
    " ?7, ?8)";

enum kz_err sqlite_summons_insert(struct store *s, struct summons *x)
{
    struct sqlite_store *ss = sq(s);
    sqlite3_stmt *st = sqlite_stmt(ss, sql_summons_insert);

    if (st == NULL)
        return KZ_ESTORE;
    sqlite3_bind_int64(st, 1, x->incident_id);
    sqlite3_bind_int64(st, 2, x->rule_id);
    sqlite3_bind_int64(st, 3, x->contact_id);
    sqlite_bind_text(st, 4, x->role);
    sqlite3_bind_int(st, 5, x->step);
    sqlite_bind_text(st, 6, x->token_digest);
    sqlite3_bind_int64(st, 7, x->created_at);
    sqlite3_bind_int64(st, 8, x->ack_due_at);
    enum kz_err err = sqlite_exec_stmt(ss, st);
    if (err == KZ_OK)
        x->id = sqlite3_last_insert_rowid(ss->db);
    return err;
}

#define SUMMONS_COLUMNS                                                        \
    "s.id, s.incident_id, i.ref, s.rule_id, s.contact_id, s.role, s.step,"     \
    " s.token_digest, s.created_at, s.ack_due_at, s.acked_at, s.acked_by,"     \
    " s.escalated"

static void read_summons(sqlite3_stmt *st, struct summons *x)
{
    const char *ref = (const char *)sqlite3_column_text(st, 2);
    const char *digest = (const char *)sqlite3_column_text(st, 7);

    summons_cleanup(x);
    x->id = sqlite3_column_int64(st, 0);
    x->incident_id = sqlite3_column_int64(st, 1);
    snprintf(x->ref, sizeof(x->ref), "%s", ref ? ref : "");
    x->rule_id = sqlite3_column_int64(st, 3);
    x->contact_id = sqlite3_column_int64(st, 4);
    x->role = sqlite_col_text(st, 5);
    x->step = sqlite3_column_int(st, 6);
    snprintf(x->token_digest, sizeof(x->token_digest), "%s",
             digest ? digest : "");
    x->created_at = sqlite_col_time(st, 8);
    x->ack_due_at = sqlite_col_time(st, 9);
    x->acked_at = sqlite_col_time(st, 10);
    x->acked_by = sqlite_col_text(st, 11);
    x->escalated = sqlite3_column_int(st, 12) != 0;
}

static void row_summons(sqlite3_stmt *st, void *item)
{
    summons_init(item);
    read_summons(st, item);
}

static const char sql_summons_get[] =
    "SELECT " SUMMONS_COLUMNS " FROM summons s JOIN incident i"
    " ON i.id = s.incident_id WHERE s.id = ?1 OR s.token_digest = ?2";

enum kz_err sqlite_summons_get(struct store *s, int64_t id, const char *digest,
                               struct summons *out)
{
    struct sqlite_store *ss = sq(s);
    sqlite3_stmt *st = sqlite_stmt(ss, sql_summons_get);

    if (st == NULL)
        return KZ_ESTORE;
    sqlite3_bind_int64(st, 1, id);
    sqlite_bind_text(st, 2, digest);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        read_summons(st, out);
    return sqlite_lookup_end(ss, st, rc);
}

static const char sql_summons_ack[] =
    "UPDATE summons SET acked_at = ?2, acked_by = ?3"
    " WHERE id = ?1 AND acked_at IS NULL";

enum kz_err sqlite_summons_ack(struct store *s, int64_t id, kz_time at,
                               const char *by)
{
    struct sqlite_store *ss = sq(s);
    sqlite3_stmt *st = sqlite_stmt(ss, sql_summons_ack);

    if (st == NULL)
        return KZ_ESTORE;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int64(st, 2, at);
    sqlite_bind_text(st, 3, by);
    enum kz_err err = sqlite_exec_stmt(ss, st);
    if (err == KZ_OK && sqlite3_changes(ss->db) == 0)
        err = KZ_ECONFLICT; /* already acknowledged */
    return err;
}

static const char sql_summons_of[] =
    "SELECT " SUMMONS_COLUMNS " FROM summons s JOIN incident i"
    " ON i.id = s.incident_id WHERE s.incident_id = ?1 ORDER BY s.id";
static const char sql_summons_due[] =
    "SELECT " SUMMONS_COLUMNS " FROM summons s JOIN incident i"
    " ON i.id = s.incident_id WHERE s.acked_at IS NULL AND s.escalated = 0"
    " AND s.ack_due_at <= ?1 ORDER BY s.ack_due_at, s.id LIMIT 500";

enum kz_err sqlite_summons_list(struct store *s, int64_t incident_id,
                                kz_time due_before, struct summons_list *out)
{
    struct sqlite_store *ss = sq(s);
    sqlite3_stmt *st =
        sqlite_stmt(ss, incident_id > 0 ? sql_summons_of : sql_summons_due);
    int rc;

    out->items = NULL;
    out->n = 0;
    if (st == NULL)
        return KZ_ESTORE;
    sqlite3_bind_int64(st, 1, incident_id > 0 ? incident_id : due_before);
    out->items =
        sqlite_rows(st, sizeof(*out->items), row_summons, &out->n, &rc);
    if (rc != SQLITE_DONE) {
        summons_list_cleanup(out);
        return sqlite_err(ss, rc);
    }
    return KZ_OK;
}

/* An acknowledgement committed after the escalation listed the summons
 * wins: nobody is called over someone who already answered. */
static const char sql_summons_escalated[] =
    "UPDATE summons SET escalated = 1 WHERE id = ?1 AND escalated = 0"
    " AND acked_at IS NULL";

enum kz_err sqlite_summons_escalated(struct store *s, int64_t id)
{
    struct sqlite_store *ss = sq(s);
    sqlite3_stmt *st = sqlite_stmt(ss, sql_summons_escalated);

    if (st == NULL)
        return KZ_ESTORE;
    sqlite3_bind_int64(st, 1, id);
    enum kz_err err = sqlite_exec_stmt(ss, st);
    if (err == KZ_OK && sqlite3_changes(ss->db) == 0)
        err = KZ_ECONFLICT;
    return err;
}

static const char *const status_keys[] = {"pending", "sent", "failed"};

static const char sql_outbox_insert[] =
    "INSERT INTO outbox(summons_id, channel, target, subject, body, idem_key,"
    " status, attempts, next_attempt_at, created_at) VALUES (?1, ?2, ?3, ?4,"
    " ?5, ?6, 'pending', 0, ?7, ?8)";

enum kz_err sqlite_outbox_insert(struct store *s, struct outbox_msg *m)
{
    struct sqlite_store *ss = sq(s);
    sqlite3_stmt *st = sqlite_stmt(ss, sql_outbox_insert);

    if (st == NULL)
        return KZ_ESTORE;
    if (m->summons_id > 0)
        sqlite3_bind_int64(st, 1, m->summons_id);
    else
        sqlite3_bind_null(st, 1);
    sqlite_bind_text(st, 2, m->channel);
    sqlite_bind_text(st, 3, m->target);
    sqlite_bind_text(st, 4, m->subject);
    sqlite_bind_text(st, 5, m->body);
    sqlite_bind_text(st, 6, m->idem_key);
    sqlite3_bind_int64(st, 7, m->next_attempt_at);
    sqlite3_bind_int64(st, 8, m->created_at);
    enum kz_err err = sqlite_exec_stmt(ss, st);
    if (err == KZ_OK) {
        m->id = sqlite3_last_insert_rowid(ss->db);
        m->status = OUTBOX_PENDING;
    }
    return err;
}

#define OUTBOX_COLUMNS                                                         \
    "id, summons_id, channel, target, subject, body, idem_key, status,"        \
    " attempts, next_attempt_at, last_error, created_at, sent_at"

static void read_msg(sqlite3_stmt *st, struct outbox_msg *m)
{
    const char *status = (const char *)sqlite3_column_text(st, 7);

    outbox_msg_cleanup(m);
    m->id = sqlite3_column_int64(st, 0);
    m->summons_id = sqlite3_column_int64(st, 1);
    m->channel = sqlite_col_text(st, 2);
    m->target = sqlite_col_text(st, 3);
    m->subject = sqlite_col_text(st, 4);
    m->body = sqlite_col_text(st, 5);
    m->idem_key = sqlite_col_text(st, 6);
    m->status = OUTBOX_PENDING;
    for (int i = 0; i < 3 && status != NULL; i++) {
        if (strcmp(status, status_keys[i]) == 0)
            m->status = (enum outbox_status)i;
    }
    m->attempts = sqlite3_column_int(st, 8);
    m->next_attempt_at = sqlite_col_time(st, 9);
    m->last_error = sqlite_col_text(st, 10);
    m->created_at = sqlite_col_time(st, 11);
    m->sent_at = sqlite_col_time(st, 12);
}

static void row_msg(sqlite3_stmt *st, void *item)
{
    outbox_msg_init(item);
    read_msg(st, item);
}

static const char sql_outbox_due[] =
    "SELECT " OUTBOX_COLUMNS " FROM outbox WHERE status = 'pending'"
    " AND next_attempt_at <= ?1 ORDER BY next_attempt_at, id LIMIT ?2";
static const char sql_outbox_of[] =
    "SELECT " OUTBOX_COLUMNS " FROM outbox WHERE summons_id = ?1"
    " ORDER BY id LIMIT ?2";

enum kz_err sqlite_outbox_list(struct store *s, int64_t summons_id, kz_time now,
                               int limit, struct outbox_list *out)
{
    struct sqlite_store *ss = sq(s);
    sqlite3_stmt *st =
        sqlite_stmt(ss, summons_id > 0 ? sql_outbox_of : sql_outbox_due);
    int rc;

    out->items = NULL;
    out->n = 0;
    if (st == NULL)
        return KZ_ESTORE;
    sqlite3_bind_int64(st, 1, summons_id > 0 ? summons_id : now);
    sqlite3_bind_int(st, 2, limit);
    out->items = sqlite_rows(st, sizeof(*out->items), row_msg, &out->n, &rc);
    if (rc != SQLITE_DONE) {
        outbox_list_cleanup(out);
        return sqlite_err(ss, rc);
    }
    return KZ_OK;
}

static const char sql_outbox_update[] =
    "UPDATE outbox SET status = ?2, attempts = ?3, next_attempt_at = ?4,"
    " last_error = ?5, sent_at = ?6 WHERE id = ?1";

enum kz_err sqlite_outbox_update(struct store *s, const struct outbox_msg *m)
{
    struct sqlite_store *ss = sq(s);
    sqlite3_stmt *st = sqlite_stmt(ss, sql_outbox_update);

    if (st == NULL || (unsigned)m->status > OUTBOX_FAILED)
        return KZ_ESTORE;
    sqlite3_bind_int64(st, 1, m->id);
    sqlite_bind_text(st, 2, status_keys[m->status]);
    sqlite3_bind_int(st, 3, m->attempts);
    sqlite3_bind_int64(st, 4, m->next_attempt_at);
    sqlite_bind_text(st, 5, m->last_error);
    sqlite_bind_time(st, 6, m->sent_at);
    return sqlite_exec_keyed(ss, st);
}
