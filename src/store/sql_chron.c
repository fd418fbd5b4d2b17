/* SPDX-License-Identifier: MIT */
/*
 * sql_chron.c - chronology rows: append with the
 * incident's recorded head, listing, and the whole-store scan that
 * verification walks.
 */
#include <string.h>

#include "store/sql_int.h"

/*
 * Copy a stored hash into out[HASH_HEX_SIZE], cut at 64 characters as
 * snprintf("%s") would; NULL gives "".  Verification copies three hashes
 * per entry, and snprintf was a measurable part of it.
 */
static void copy_hash(char *out, const char *text)
{
    size_t n = text ? strnlen(text, HASH_HEX_SIZE - 1) : 0;

    memcpy(out, text ? text : "", n);
    out[n] = '\0';
}

static const char sql_head[] =
    "SELECT chron_count, chron_head FROM incident WHERE id = ?1";

enum kz_err sql_chron_head(struct store *s, int64_t incident_id,
                           struct chron_head *head)
{
    struct db *db = s->db;
    struct db_stmt *st = db_stmt(db, sql_head);

    if (st == NULL)
        return KZ_ESTORE;
    db_bind_int64(st, 1, incident_id);
    enum db_rc rc = db_step(st);
    if (rc == DB_ROW) {
        const char *h = db_col_text(st, 1);
        head->count = db_col_int64(st, 0);
        copy_hash(head->hash, h);
    }
    return sql_lookup_end(st, rc);
}

static const char sql_head_by_ref[] =
    "SELECT chron_count, chron_head FROM incident WHERE ref = ?1";

enum kz_err sql_chron_head_by_ref(struct store *s, const char *ref,
                                  struct chron_head *head)
{
    struct db *db = s->db;
    struct db_stmt *st = db_stmt(db, sql_head_by_ref);

    if (st == NULL)
        return KZ_ESTORE;
    db_bind_text(st, 1, ref);
    enum db_rc rc = db_step(st);
    if (rc == DB_ROW) {
        const char *h = db_col_text(st, 1);
        head->count = db_col_int64(st, 0);
        copy_hash(head->hash, h);
    }
    return sql_lookup_end(st, rc);
}

static const char sql_append[] =
    "INSERT INTO chronology(incident_id, seq, kind, actor, at, body,"
    " prev_hash, hash, for_report) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8,"
    " ?9)";
/* Moving the head only from the entry before keeps two writers from
 * both appending entry n. */
static const char sql_move_head[] =
    "UPDATE incident SET chron_count = ?2, chron_head = ?3"
    " WHERE id = ?1 AND chron_count = ?2 - 1";

enum kz_err sql_chron_append(struct store *s, int64_t incident_id,
                             const struct chron_entry *e)
{
    struct db *db = s->db;
    struct db_stmt *st = db_stmt(db, sql_append);

    if (st == NULL)
        return KZ_ESTORE;
    db_bind_int64(st, 1, incident_id);
    db_bind_int64(st, 2, e->seq);
    db_bind_text(st, 3, entry_kind_key(e->kind));
    db_bind_text(st, 4, e->actor ? e->actor : "");
    db_bind_int64(st, 5, e->at);
    db_bind_text(st, 6, e->body ? e->body : "");
    db_bind_text(st, 7, e->prev_hash);
    db_bind_text(st, 8, e->hash);
    db_bind_int64(st, 9, e->for_report ? 1 : 0);
    enum kz_err err = sql_exec(st);
    if (err != KZ_OK)
        return err;
    st = db_stmt(db, sql_move_head);
    if (st == NULL)
        return KZ_ESTORE;
    db_bind_int64(st, 1, incident_id);
    db_bind_int64(st, 2, e->seq);
    db_bind_text(st, 3, e->hash);
    err = sql_exec(st);
    if (err == KZ_OK && db_changes(st) != 1)
        err = KZ_ECONFLICT;
    return err;
}

/*
 * Fill 'e' from columns first..first+7 (seq, kind, actor, at, body,
 * prev_hash, hash, for_report).  With 'borrow' the actor and body point into
 * the statement's row (valid until the next step; the caller must not clean 'e'
 * up), which spares the whole-store scan two copies per entry; otherwise they
 * are the caller's copies.
 */
static void read_entry(struct db_stmt *st, int first, bool borrow,
                       struct chron_entry *e)
{
    e->seq = db_col_int64(st, first);
    if (!entry_kind_from_key(db_col_text(st, first + 1), &e->kind))
        e->kind = ENTRY_KIND_COUNT; /* unknown kinds fail verification */
    if (borrow) {
        e->actor = (char *)db_col_text(st, first + 2);
        e->body = (char *)db_col_text(st, first + 4);
    } else {
        e->actor = sql_col_text(st, first + 2);
        e->body = sql_col_text(st, first + 4);
    }
    e->at = db_col_int64(st, first + 3);
    copy_hash(e->prev_hash, db_col_text(st, first + 5));
    copy_hash(e->hash, db_col_text(st, first + 6));
    e->for_report = db_col_int64(st, first + 7) != 0;
}

static void row_entry(struct db_stmt *st, void *item)
{
    chron_entry_init(item);
    read_entry(st, 0, false, item);
}

static const char sql_list[] =
    "SELECT seq, kind, actor, at, body, prev_hash, hash, for_report"
    " FROM chronology"
    " WHERE incident_id = ?1 ORDER BY seq";

enum kz_err sql_chron_list(struct store *s, int64_t incident_id,
                           struct chron_list *out)
{
    struct db *db = s->db;
    struct db_stmt *st = db_stmt(db, sql_list);
    enum kz_err err;

    out->items = NULL;
    out->n = 0;
    if (st == NULL)
        return KZ_ESTORE;
    db_bind_int64(st, 1, incident_id);
    out->items = sql_rows(st, sizeof(*out->items), row_entry, &out->n, &err);
    if (err != KZ_OK) {
        chron_list_cleanup(out);
        return err;
    }
    return KZ_OK;
}

static const char sql_scan[] =
    "SELECT i.id, i.ref, i.chron_count, i.chron_head, c.seq, c.kind,"
    " c.actor, c.at, c.body, c.prev_hash, c.hash, c.for_report,"
    " i.restricted"
    " FROM incident i LEFT JOIN chronology c ON c.incident_id = i.id"
    " ORDER BY i.id, c.seq";

enum kz_err sql_chron_scan(struct store *s, store_chron_visit visit, void *ctx)
{
    struct db *db = s->db;
    struct db_stmt *st = db_stmt_scan(db, sql_scan);
    enum kz_err err = KZ_OK;
    enum db_rc rc = DB_DONE;

    if (st == NULL)
        return KZ_ESTORE;
    while (err == KZ_OK && (rc = db_step(st)) == DB_ROW) {
        struct chron_head recorded;
        struct chron_entry e;
        struct store_chron_row row;
        const char *head = db_col_text(st, 3);

        recorded.count = db_col_int64(st, 2);
        copy_hash(recorded.hash, head);
        row.incident_id = db_col_int64(st, 0);
        row.ref = db_col_text(st, 1);
        row.restricted = db_col_int64(st, 12) != 0;
        row.recorded = &recorded;
        row.entry = NULL;
        chron_entry_init(&e);
        if (!db_col_null(st, 4)) {
            /* Borrowed texts: the row is the callback's only until the
             * next step (struct store_chron_row). */
            read_entry(st, 4, true, &e);
            row.entry = &e;
        }
        err = visit(ctx, &row);
    }
    if (err == KZ_OK && rc != DB_DONE)
        err = sql_step_err(st, rc);
    db_reset(st);
    return err;
}
