/* SPDX-License-Identifier: MIT */
/*
 * sqlite_chron.c - chronology rows of the SQLite backend: append with the
 * incident's recorded head, listing, and the whole-store scan that
 * verification walks.
 */
#include <string.h>

#include "store/sqlite_int.h"

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

enum kz_err sqlite_chron_head(struct store *s, int64_t incident_id,
                              struct chron_head *head)
{
    struct sqlite_store *ss = sq(s);
    sqlite3_stmt *st = sqlite_stmt(ss, sql_head);

    if (st == NULL)
        return KZ_ESTORE;
    sqlite3_bind_int64(st, 1, incident_id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        const char *h = (const char *)sqlite3_column_text(st, 1);
        head->count = sqlite3_column_int64(st, 0);
        copy_hash(head->hash, h);
    }
    return sqlite_lookup_end(ss, st, rc);
}

static const char sql_head_by_ref[] =
    "SELECT chron_count, chron_head FROM incident WHERE ref = ?1";

enum kz_err sqlite_chron_head_by_ref(struct store *s, const char *ref,
                                     struct chron_head *head)
{
    struct sqlite_store *ss = sq(s);
    sqlite3_stmt *st = sqlite_stmt(ss, sql_head_by_ref);

    if (st == NULL)
        return KZ_ESTORE;
    sqlite3_bind_text(st, 1, ref, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        const char *h = (const char *)sqlite3_column_text(st, 1);
        head->count = sqlite3_column_int64(st, 0);
        copy_hash(head->hash, h);
    }
    return sqlite_lookup_end(ss, st, rc);
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

enum kz_err sqlite_chron_append(struct store *s, int64_t incident_id,
                                const struct chron_entry *e)
{
    struct sqlite_store *ss = sq(s);
    sqlite3_stmt *st = sqlite_stmt(ss, sql_append);

    if (st == NULL)
        return KZ_ESTORE;
    sqlite3_bind_int64(st, 1, incident_id);
    sqlite3_bind_int64(st, 2, e->seq);
    sqlite_bind_text(st, 3, entry_kind_key(e->kind));
    sqlite_bind_text(st, 4, e->actor ? e->actor : "");
    sqlite3_bind_int64(st, 5, e->at);
    sqlite_bind_text(st, 6, e->body ? e->body : "");
    sqlite_bind_text(st, 7, e->prev_hash);
    sqlite_bind_text(st, 8, e->hash);
    sqlite3_bind_int(st, 9, e->for_report ? 1 : 0);
    enum kz_err err = sqlite_exec_stmt(ss, st);
    if (err != KZ_OK)
        return err;
    st = sqlite_stmt(ss, sql_move_head);
    if (st == NULL)
        return KZ_ESTORE;
    sqlite3_bind_int64(st, 1, incident_id);
    sqlite3_bind_int64(st, 2, e->seq);
    sqlite_bind_text(st, 3, e->hash);
    err = sqlite_exec_stmt(ss, st);
    if (err == KZ_OK && sqlite3_changes(ss->db) != 1)
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
static void read_entry(sqlite3_stmt *st, int first, bool borrow,
                       struct chron_entry *e)
{
    e->seq = sqlite3_column_int64(st, first);
    if (!entry_kind_from_key((const char *)sqlite3_column_text(st, first + 1),
                             &e->kind))
        e->kind = ENTRY_KIND_COUNT; /* unknown kinds fail verification */
    if (borrow) {
        e->actor = (char *)sqlite3_column_text(st, first + 2);
        e->body = (char *)sqlite3_column_text(st, first + 4);
    } else {
        e->actor = sqlite_col_text(st, first + 2);
        e->body = sqlite_col_text(st, first + 4);
    }
    e->at = sqlite3_column_int64(st, first + 3);
    copy_hash(e->prev_hash, (const char *)sqlite3_column_text(st, first + 5));
    copy_hash(e->hash, (const char *)sqlite3_column_text(st, first + 6));
    e->for_report = sqlite3_column_int(st, first + 7) != 0;
}

static void row_entry(sqlite3_stmt *st, void *item)
{
    chron_entry_init(item);
    read_entry(st, 0, false, item);
}

static const char sql_list[] =
    "SELECT seq, kind, actor, at, body, prev_hash, hash, for_report"
    " FROM chronology"
    " WHERE incident_id = ?1 ORDER BY seq";

enum kz_err sqlite_chron_list(struct store *s, int64_t incident_id,
                              struct chron_list *out)
{
    struct sqlite_store *ss = sq(s);
    sqlite3_stmt *st = sqlite_stmt(ss, sql_list);
    int rc;

    out->items = NULL;
    out->n = 0;
    if (st == NULL)
        return KZ_ESTORE;
    sqlite3_bind_int64(st, 1, incident_id);
    out->items = sqlite_rows(st, sizeof(*out->items), row_entry, &out->n, &rc);
    if (rc != SQLITE_DONE) {
        chron_list_cleanup(out);
        return sqlite_err(ss, rc);
    }
    return KZ_OK;
}

static const char sql_scan[] =
    "SELECT i.id, i.ref, i.chron_count, i.chron_head, c.seq, c.kind,"
    " c.actor, c.at, c.body, c.prev_hash, c.hash, c.for_report,"
    " i.restricted"
    " FROM incident i LEFT JOIN chronology c ON c.incident_id = i.id"
    " ORDER BY i.id, c.seq";

enum kz_err sqlite_chron_scan(struct store *s, store_chron_visit visit,
                              void *ctx)
{
    struct sqlite_store *ss = sq(s);
    sqlite3_stmt *st = sqlite_stmt(ss, sql_scan);
    enum kz_err err = KZ_OK;
    int rc = SQLITE_DONE;

    if (st == NULL)
        return KZ_ESTORE;
    while (err == KZ_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct chron_head recorded;
        struct chron_entry e;
        struct store_chron_row row;
        const char *head = (const char *)sqlite3_column_text(st, 3);

        recorded.count = sqlite3_column_int64(st, 2);
        copy_hash(recorded.hash, head);
        row.incident_id = sqlite3_column_int64(st, 0);
        row.ref = (const char *)sqlite3_column_text(st, 1);
        row.restricted = sqlite3_column_int(st, 12) != 0;
        row.recorded = &recorded;
        row.entry = NULL;
        chron_entry_init(&e);
        if (sqlite3_column_type(st, 4) != SQLITE_NULL) {
            /* Borrowed texts: the row is the callback's only until the
             * next step (struct store_chron_row). */
            read_entry(st, 4, true, &e);
            row.entry = &e;
        }
        err = visit(ctx, &row);
    }
    if (err == KZ_OK && rc != SQLITE_DONE)
        err = sqlite_err(ss, rc);
    sqlite3_reset(st);
    return err;
}
