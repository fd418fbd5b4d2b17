/* SPDX-License-Identifier: MIT */
/*
 * sql_evidence.c - evidence items and their custody events in the
 * SQLite backend.  The bytes themselves are in the blob store
 * (store/blob.c), named by the sha256 kept here.
 */
#include <stdio.h>
#include <string.h>

#include "store/sql_int.h"
#include "util/mem.h"

static void copy_hex(char *dst, size_t n, const char *src)
{
    snprintf(dst, n, "%s", src ? src : "");
}

static const char *const sql_insert[] = SQL_INSERT_ID(
    "INSERT INTO evidence(incident_id, name, original_name, description,"
    " has_content, size, sha256, md5, sha1, media_type, location,"
    " acquired_at, acquired_by, uploaded_at, uploaded_by, state,"
    " custody_count, custody_head)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14,"
    " ?15, ?16, ?17, ?18)");

enum kz_err sql_evidence_insert(struct store *s, struct evidence *ev)
{
    struct db *db = s->db;
    struct db_stmt *st = sql_insert_stmt(db, sql_insert);

    if (st == NULL)
        return KZ_ESTORE;
    db_bind_int64(st, 1, ev->incident_id);
    db_bind_text(st, 2, ev->name);
    db_bind_text(st, 3, ev->original_name);
    db_bind_text(st, 4, ev->description ? ev->description : "");
    db_bind_int64(st, 5, ev->has_content ? 1 : 0);
    db_bind_int64(st, 6, ev->size);
    db_bind_text(st, 7, ev->sha256);
    db_bind_text(st, 8, ev->md5);
    db_bind_text(st, 9, ev->sha1);
    db_bind_text(st, 10, ev->media_type);
    db_bind_text(st, 11, ev->location);
    db_bind_int64(st, 12, ev->acquired_at);
    db_bind_text(st, 13, ev->acquired_by);
    db_bind_int64(st, 14, ev->uploaded_at);
    db_bind_text(st, 15, ev->uploaded_by);
    db_bind_text(st, 16, evidence_state_key(ev->state));
    db_bind_int64(st, 17, ev->custody_count);
    db_bind_text(st, 18, ev->custody_head);
    enum kz_err err = sql_insert_id(st, &ev->id);
    return err;
}

#define EVIDENCE_SELECT                                                        \
    "SELECT e.id, e.incident_id, e.name, e.original_name, e.description,"      \
    " e.has_content, e.size, e.sha256, e.md5, e.sha1, e.media_type,"           \
    " e.location, e.acquired_at, e.acquired_by, e.uploaded_at,"                \
    " e.uploaded_by, e.state, e.custody_count, e.custody_head, i.ref"          \
    " FROM evidence e JOIN incident i ON i.id = e.incident_id"

static void row_evidence(struct db_stmt *st, void *item)
{
    struct evidence *ev = item;

    evidence_init(ev);
    ev->id = db_col_int64(st, 0);
    ev->incident_id = db_col_int64(st, 1);
    ev->name = sql_col_text(st, 2);
    ev->original_name = sql_col_text(st, 3);
    ev->description = sql_col_text(st, 4);
    ev->has_content = db_col_int64(st, 5) != 0;
    ev->size = db_col_int64(st, 6);
    copy_hex(ev->sha256, sizeof(ev->sha256), db_col_text(st, 7));
    copy_hex(ev->md5, sizeof(ev->md5), db_col_text(st, 8));
    copy_hex(ev->sha1, sizeof(ev->sha1), db_col_text(st, 9));
    ev->media_type = sql_col_text(st, 10);
    ev->location = sql_col_text(st, 11);
    ev->acquired_at = db_col_int64(st, 12);
    ev->acquired_by = sql_col_text(st, 13);
    ev->uploaded_at = db_col_int64(st, 14);
    ev->uploaded_by = sql_col_text(st, 15);
    if (!evidence_state_from_key(db_col_text(st, 16), &ev->state))
        ev->state = EVIDENCE_HELD;
    ev->custody_count = db_col_int64(st, 17);
    copy_hex(ev->custody_head, sizeof(ev->custody_head), db_col_text(st, 18));
    copy_hex(ev->ref, sizeof(ev->ref), db_col_text(st, 19));
}

static const char sql_get[] = EVIDENCE_SELECT " WHERE e.id = ?1";

enum kz_err sql_evidence_get(struct store *s, int64_t id, struct evidence *out)
{
    struct db *db = s->db;
    struct db_stmt *st = db_stmt(db, sql_get);

    if (st == NULL)
        return KZ_ESTORE;
    db_bind_int64(st, 1, id);
    enum db_rc rc = db_step(st);
    if (rc == DB_ROW) {
        evidence_cleanup(out);
        row_evidence(st, out);
    }
    return sql_lookup_end(st, rc);
}

/* ?1 = 0 lists every item (verification). */
static const char sql_list[] =
    EVIDENCE_SELECT " WHERE ?1 = 0 OR e.incident_id = ?1 ORDER BY e.id";

enum kz_err sql_evidence_list(struct store *s, int64_t incident_id,
                              struct evidence_list *out)
{
    struct db *db = s->db;
    struct db_stmt *st = db_stmt(db, sql_list);
    enum kz_err err;

    out->items = NULL;
    out->n = 0;
    if (st == NULL)
        return KZ_ESTORE;
    db_bind_int64(st, 1, incident_id);
    out->items = sql_rows(st, sizeof(*out->items), row_evidence, &out->n, &err);
    if (err != KZ_OK) {
        evidence_list_cleanup(out);
        return err;
    }
    return KZ_OK;
}

static const char sql_custody_set[] =
    "UPDATE evidence SET state = ?2, custody_count = ?3, custody_head = ?4"
    " WHERE id = ?1 AND custody_count = ?5";
static const char sql_exists[] = "SELECT 1 FROM evidence WHERE id = ?1";

enum kz_err sql_evidence_custody_set(struct store *s, const struct evidence *ev,
                                     int64_t expected_count)
{
    struct db *db = s->db;
    struct db_stmt *st = db_stmt(db, sql_custody_set);

    if (st == NULL)
        return KZ_ESTORE;
    db_bind_int64(st, 1, ev->id);
    db_bind_text(st, 2, evidence_state_key(ev->state));
    db_bind_int64(st, 3, ev->custody_count);
    db_bind_text(st, 4, ev->custody_head);
    db_bind_int64(st, 5, expected_count);
    enum kz_err err = sql_exec(st);
    if (err == KZ_OK && db_changes(st) == 0)
        err = sql_version_miss(db, sql_exists, ev->id);
    return err;
}

static const char *const custody_insert_sql[] = SQL_INSERT_ID(
    "INSERT INTO custody_event(evidence_id, seq, action, from_party,"
    " to_party, at, location, reason, actor, recorded_at, hash)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)");

static void bind_or_empty(struct db_stmt *st, int i, const char *v)
{
    db_bind_text(st, i, v ? v : "");
}

enum kz_err sql_custody_insert(struct store *s, struct custody_event *e)
{
    struct db *db = s->db;
    struct db_stmt *st = sql_insert_stmt(db, custody_insert_sql);

    if (st == NULL)
        return KZ_ESTORE;
    db_bind_int64(st, 1, e->evidence_id);
    db_bind_int64(st, 2, e->seq);
    db_bind_text(st, 3, custody_action_key(e->action));
    bind_or_empty(st, 4, e->from);
    bind_or_empty(st, 5, e->to);
    db_bind_int64(st, 6, e->at);
    bind_or_empty(st, 7, e->location);
    bind_or_empty(st, 8, e->reason);
    db_bind_text(st, 9, e->actor);
    db_bind_int64(st, 10, e->recorded_at);
    db_bind_text(st, 11, e->hash);
    enum kz_err err = sql_insert_id(st, &e->id);
    return err;
}

static void row_custody(struct db_stmt *st, void *item)
{
    struct custody_event *e = item;

    custody_event_init(e);
    e->id = db_col_int64(st, 0);
    e->evidence_id = db_col_int64(st, 1);
    e->seq = db_col_int64(st, 2);
    /* An unknown action cannot be stored by kizuki; read as acquire, the
     * chain's hash then shows the row was changed. */
    if (!custody_action_from_key(db_col_text(st, 3), &e->action))
        e->action = CUSTODY_ACQUIRE;
    e->from = sql_col_text(st, 4);
    e->to = sql_col_text(st, 5);
    e->at = db_col_int64(st, 6);
    e->location = sql_col_text(st, 7);
    e->reason = sql_col_text(st, 8);
    e->actor = sql_col_text(st, 9);
    e->recorded_at = db_col_int64(st, 10);
    copy_hex(e->hash, sizeof(e->hash), db_col_text(st, 11));
}

static const char custody_list_sql[] =
    "SELECT id, evidence_id, seq, action, from_party, to_party, at,"
    " location, reason, actor, recorded_at, hash FROM custody_event"
    " WHERE evidence_id = ?1 ORDER BY seq";

enum kz_err sql_custody_list(struct store *s, int64_t evidence_id,
                             struct custody_list *out)
{
    struct db *db = s->db;
    struct db_stmt *st = db_stmt(db, custody_list_sql);
    enum kz_err err;

    out->items = NULL;
    out->n = 0;
    if (st == NULL)
        return KZ_ESTORE;
    db_bind_int64(st, 1, evidence_id);
    out->items = sql_rows(st, sizeof(*out->items), row_custody, &out->n, &err);
    if (err != KZ_OK) {
        custody_list_cleanup(out);
        return err;
    }
    return KZ_OK;
}
