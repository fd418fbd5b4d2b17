/* SPDX-License-Identifier: MIT */
/*
 * sql_summons.c - convocation state: rules that
 * fired, summonses with their acknowledgements, and the outbox of
 * messages to deliver.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/sql_int.h"
#include "util/strv.h"

static const char sql_fire[] =
    "INSERT INTO conv_fired(incident_id, rule_id, fired_at)"
    " VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING";

enum kz_err sql_conv_fire(struct store *s, int64_t incident_id, int64_t rule_id,
                          kz_time now, bool *first)
{
    struct db *db = s->db;
    struct db_stmt *st = db_stmt(db, sql_fire);

    if (st == NULL)
        return KZ_ESTORE;
    db_bind_int64(st, 1, incident_id);
    db_bind_int64(st, 2, rule_id);
    db_bind_int64(st, 3, now);
    enum kz_err err = sql_exec(st);
    *first = err == KZ_OK && db_changes(st) == 1;
    return err;
}

static const char *const summons_insert_sql[] = SQL_INSERT_ID(
    "INSERT INTO summons(incident_id, rule_id, contact_id, role, step,"
    " token_digest, created_at, ack_due_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6,"
    " ?7, ?8)");

enum kz_err sql_summons_insert(struct store *s, struct summons *x)
{
    struct db *db = s->db;
    struct db_stmt *st = sql_insert_stmt(db, summons_insert_sql);

    if (st == NULL)
        return KZ_ESTORE;
    db_bind_int64(st, 1, x->incident_id);
    db_bind_int64(st, 2, x->rule_id);
    db_bind_int64(st, 3, x->contact_id);
    db_bind_text(st, 4, x->role);
    db_bind_int64(st, 5, x->step);
    db_bind_text(st, 6, x->token_digest);
    db_bind_int64(st, 7, x->created_at);
    db_bind_int64(st, 8, x->ack_due_at);
    enum kz_err err = sql_insert_id(st, &x->id);
    return err;
}

#define SUMMONS_COLUMNS                                                        \
    "s.id, s.incident_id, i.ref, s.rule_id, s.contact_id, s.role, s.step,"     \
    " s.token_digest, s.created_at, s.ack_due_at, s.acked_at, s.acked_by,"     \
    " s.escalated"

static void read_summons(struct db_stmt *st, struct summons *x)
{
    const char *ref = db_col_text(st, 2);
    const char *digest = db_col_text(st, 7);

    summons_cleanup(x);
    x->id = db_col_int64(st, 0);
    x->incident_id = db_col_int64(st, 1);
    snprintf(x->ref, sizeof(x->ref), "%s", ref ? ref : "");
    x->rule_id = db_col_int64(st, 3);
    x->contact_id = db_col_int64(st, 4);
    x->role = sql_col_text(st, 5);
    x->step = db_col_int64(st, 6);
    snprintf(x->token_digest, sizeof(x->token_digest), "%s",
             digest ? digest : "");
    x->created_at = sql_col_time(st, 8);
    x->ack_due_at = sql_col_time(st, 9);
    x->acked_at = sql_col_time(st, 10);
    x->acked_by = sql_col_text(st, 11);
    x->escalated = db_col_int64(st, 12) != 0;
}

static void row_summons(struct db_stmt *st, void *item)
{
    summons_init(item);
    read_summons(st, item);
}

static const char summons_get_sql[] =
    "SELECT " SUMMONS_COLUMNS " FROM summons s JOIN incident i"
    " ON i.id = s.incident_id WHERE s.id = ?1 OR s.token_digest = ?2";

enum kz_err sql_summons_get(struct store *s, int64_t id, const char *digest,
                            struct summons *out)
{
    struct db *db = s->db;
    struct db_stmt *st = db_stmt(db, summons_get_sql);

    if (st == NULL)
        return KZ_ESTORE;
    db_bind_int64(st, 1, id);
    db_bind_text(st, 2, digest);
    enum db_rc rc = db_step(st);
    if (rc == DB_ROW)
        read_summons(st, out);
    return sql_lookup_end(st, rc);
}

static const char summons_ack_sql[] =
    "UPDATE summons SET acked_at = ?2, acked_by = ?3"
    " WHERE id = ?1 AND acked_at IS NULL";

enum kz_err sql_summons_ack(struct store *s, int64_t id, kz_time at,
                            const char *by)
{
    struct db *db = s->db;
    struct db_stmt *st = db_stmt(db, summons_ack_sql);

    if (st == NULL)
        return KZ_ESTORE;
    db_bind_int64(st, 1, id);
    db_bind_int64(st, 2, at);
    db_bind_text(st, 3, by);
    enum kz_err err = sql_exec(st);
    if (err == KZ_OK && db_changes(st) == 0)
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

enum kz_err sql_summons_list(struct store *s, int64_t incident_id,
                             kz_time due_before, struct summons_list *out)
{
    struct db *db = s->db;
    struct db_stmt *st =
        db_stmt(db, incident_id > 0 ? sql_summons_of : sql_summons_due);
    enum kz_err err;

    out->items = NULL;
    out->n = 0;
    if (st == NULL)
        return KZ_ESTORE;
    db_bind_int64(st, 1, incident_id > 0 ? incident_id : due_before);
    out->items = sql_rows(st, sizeof(*out->items), row_summons, &out->n, &err);
    if (err != KZ_OK) {
        summons_list_cleanup(out);
        return err;
    }
    return KZ_OK;
}

/* An acknowledgement committed after the escalation listed the summons
 * wins: nobody is called over someone who already answered. */
static const char summons_escalated_sql[] =
    "UPDATE summons SET escalated = 1 WHERE id = ?1 AND escalated = 0"
    " AND acked_at IS NULL";

enum kz_err sql_summons_escalated(struct store *s, int64_t id)
{
    struct db *db = s->db;
    struct db_stmt *st = db_stmt(db, summons_escalated_sql);

    if (st == NULL)
        return KZ_ESTORE;
    db_bind_int64(st, 1, id);
    enum kz_err err = sql_exec(st);
    if (err == KZ_OK && db_changes(st) == 0)
        err = KZ_ECONFLICT;
    return err;
}

static const char *const status_keys[] = {"pending", "sent", "failed"};

static const char *const outbox_insert_sql[] = SQL_INSERT_ID(
    "INSERT INTO outbox(summons_id, channel, target, subject, body, idem_key,"
    " status, attempts, next_attempt_at, created_at) VALUES (?1, ?2, ?3, ?4,"
    " ?5, ?6, 'pending', 0, ?7, ?8)");

enum kz_err sql_outbox_insert(struct store *s, struct outbox_msg *m)
{
    struct db *db = s->db;
    struct db_stmt *st = sql_insert_stmt(db, outbox_insert_sql);

    if (st == NULL)
        return KZ_ESTORE;
    if (m->summons_id > 0)
        db_bind_int64(st, 1, m->summons_id);
    else
        db_bind_null(st, 1);
    db_bind_text(st, 2, m->channel);
    db_bind_text(st, 3, m->target);
    db_bind_text(st, 4, m->subject);
    db_bind_text(st, 5, m->body);
    db_bind_text(st, 6, m->idem_key);
    db_bind_int64(st, 7, m->next_attempt_at);
    db_bind_int64(st, 8, m->created_at);
    enum kz_err err = sql_insert_id(st, &m->id);
    if (err == KZ_OK) {
        m->status = OUTBOX_PENDING;
    }
    return err;
}

#define OUTBOX_COLUMNS                                                         \
    "id, summons_id, channel, target, subject, body, idem_key, status,"        \
    " attempts, next_attempt_at, last_error, created_at, sent_at,"             \
    " claimed_by, claim_until"

static void read_msg(struct db_stmt *st, struct outbox_msg *m)
{
    const char *status = db_col_text(st, 7);

    outbox_msg_cleanup(m);
    m->id = db_col_int64(st, 0);
    m->summons_id = db_col_int64(st, 1);
    m->channel = sql_col_text(st, 2);
    m->target = sql_col_text(st, 3);
    m->subject = sql_col_text(st, 4);
    m->body = sql_col_text(st, 5);
    m->idem_key = sql_col_text(st, 6);
    m->status = OUTBOX_PENDING;
    for (int i = 0; i < 3 && status != NULL; i++) {
        if (strcmp(status, status_keys[i]) == 0)
            m->status = (enum outbox_status)i;
    }
    m->attempts = db_col_int64(st, 8);
    m->next_attempt_at = sql_col_time(st, 9);
    m->last_error = sql_col_text(st, 10);
    m->created_at = sql_col_time(st, 11);
    m->sent_at = sql_col_time(st, 12);
    m->claimed_by = sql_col_text(st, 13);
    m->claim_until = sql_col_time(st, 14);
}

static void row_msg(struct db_stmt *st, void *item)
{
    outbox_msg_init(item);
    read_msg(st, item);
}

static const char sql_outbox_due[] =
    "SELECT " OUTBOX_COLUMNS " FROM outbox WHERE status = 'pending'"
    " AND next_attempt_at <= ?1 AND (claim_until IS NULL OR claim_until <= ?1)"
    " ORDER BY next_attempt_at, id LIMIT ?2";
static const char sql_outbox_of[] =
    "SELECT " OUTBOX_COLUMNS " FROM outbox WHERE summons_id = ?1"
    " ORDER BY id LIMIT ?2";

enum kz_err sql_outbox_list(struct store *s, int64_t summons_id, kz_time now,
                            int limit, struct outbox_list *out)
{
    struct db *db = s->db;
    struct db_stmt *st =
        db_stmt(db, summons_id > 0 ? sql_outbox_of : sql_outbox_due);
    enum kz_err err;

    out->items = NULL;
    out->n = 0;
    if (st == NULL)
        return KZ_ESTORE;
    db_bind_int64(st, 1, summons_id > 0 ? summons_id : now);
    db_bind_int64(st, 2, limit);
    out->items = sql_rows(st, sizeof(*out->items), row_msg, &out->n, &err);
    if (err != KZ_OK) {
        outbox_list_cleanup(out);
        return err;
    }
    return KZ_OK;
}

/*
 * A claim takes the due messages no server holds and marks them in one
 * statement.  On PostgreSQL the sub-select locks the rows it picks and
 * skips those another server's claim has locked (FOR UPDATE SKIP
 * LOCKED): two servers claiming at once take different messages, and
 * neither waits for the other; a row that the other claim changed after
 * this statement's snapshot is checked again against the WHERE when it
 * is locked, and dropped.  SQLite has one writer at a time and no
 * FOR UPDATE.
 */
#define OUTBOX_CLAIM(lock)                                                     \
    "UPDATE outbox SET claimed_by = ?1, claim_until = ?2 WHERE id IN"          \
    " (SELECT id FROM outbox WHERE status = 'pending'"                         \
    " AND next_attempt_at <= ?3"                                               \
    " AND (claim_until IS NULL OR claim_until <= ?3)"                          \
    " ORDER BY next_attempt_at, id LIMIT ?4" lock                              \
    ") RETURNING " OUTBOX_COLUMNS

static const char *const outbox_claim_sql[] = {
    [DB_SQLITE] = OUTBOX_CLAIM(""),
    [DB_POSTGRES] = OUTBOX_CLAIM(" FOR UPDATE SKIP LOCKED"),
};

/* RETURNING gives the rows in no set order: oldest due first, as the
 * sub-select chose them. */
static int by_due(const void *a, const void *b)
{
    const struct outbox_msg *x = a;
    const struct outbox_msg *y = b;

    if (x->next_attempt_at != y->next_attempt_at)
        return x->next_attempt_at < y->next_attempt_at ? -1 : 1;
    return x->id < y->id ? -1 : x->id > y->id;
}

enum kz_err sql_outbox_claim(struct store *s, const char *owner, kz_time now,
                             kz_time until, int limit, struct outbox_list *out)
{
    struct db_stmt *st = db_stmt(s->db, outbox_claim_sql[db_dialect(s->db)]);
    enum kz_err err;

    out->items = NULL;
    out->n = 0;
    if (st == NULL || owner == NULL)
        return KZ_ESTORE;
    db_bind_text(st, 1, owner);
    db_bind_int64(st, 2, until);
    db_bind_int64(st, 3, now);
    db_bind_int64(st, 4, limit);
    out->items = sql_rows(st, sizeof(*out->items), row_msg, &out->n, &err);
    if (err != KZ_OK) {
        outbox_list_cleanup(out);
        return err;
    }
    if (out->n > 1)
        qsort(out->items, out->n, sizeof(*out->items), by_due);
    return KZ_OK;
}

static const char outbox_release_sql[] =
    "UPDATE outbox SET claimed_by = NULL, claim_until = NULL"
    " WHERE claimed_by = ?1";

enum kz_err sql_outbox_release(struct store *s, const char *owner)
{
    struct db_stmt *st = db_stmt(s->db, outbox_release_sql);

    if (st == NULL)
        return KZ_ESTORE;
    db_bind_text(st, 1, owner);
    return sql_exec(st);
}

static const char outbox_claimers_sql[] =
    "SELECT DISTINCT claimed_by FROM outbox WHERE claimed_by IS NOT NULL"
    " ORDER BY claimed_by";

enum kz_err sql_outbox_claimers(struct store *s, struct strv *out)
{
    struct db_stmt *st = db_stmt(s->db, outbox_claimers_sql);
    enum db_rc rc;

    if (st == NULL)
        return KZ_ESTORE;
    while ((rc = db_step(st)) == DB_ROW)
        strv_push(out, db_col_text(st, 0));
    enum kz_err err = sql_step_err(st, rc);
    db_reset(st);
    if (err != KZ_OK)
        strv_cleanup(out);
    return err;
}

/* Only the claim's holder records (or, with no claim, only while nobody
 * holds one), and never over a message recorded as sent: a server whose
 * claim ran out and was taken over must not put back as pending a message
 * the other server sent.  (A message given up may still be recorded as
 * sent: a late success counts.) */
static const char outbox_update_sql[] =
    "UPDATE outbox SET status = ?2, attempts = ?3, next_attempt_at = ?4,"
    " last_error = ?5, sent_at = ?6, claimed_by = NULL, claim_until = NULL"
    " WHERE id = ?1 AND status <> 'sent'"
    " AND (claimed_by = ?7 OR (claimed_by IS NULL AND ?7 IS NULL))";

enum kz_err sql_outbox_update(struct store *s, const struct outbox_msg *m)
{
    struct db *db = s->db;
    struct db_stmt *st = db_stmt(db, outbox_update_sql);

    if (st == NULL || (unsigned)m->status > OUTBOX_FAILED)
        return KZ_ESTORE;
    db_bind_int64(st, 1, m->id);
    db_bind_text(st, 2, status_keys[m->status]);
    db_bind_int64(st, 3, m->attempts);
    db_bind_int64(st, 4, m->next_attempt_at);
    db_bind_text(st, 5, m->last_error);
    sql_bind_time(st, 6, m->sent_at);
    db_bind_text(st, 7, m->claimed_by);
    return sql_exec_keyed(st);
}
