/* SPDX-License-Identifier: MIT */
/*
 * sql_obs.c - observables of incidents.
 *
 * Every read that counts or names other incidents applies need-to-know
 * in its WHERE clause (VISIBLE below), as the incident list does: an
 * incident the reader may not see is neither counted nor named, and no
 * row of it ever leaves the query.
 */
#include <stdio.h>
#include <string.h>

#include "store/sql_int.h"
#include "util/mem.h"

/* Need-to-know (SPEC C15) for incident row 'i', with the reader in ?10
 * (NULL: the local operator), ?11 = 1 when they see restricted incidents
 * and ?12 = 1 when they see only what they filed: the same rule as the
 * incident list's (sql_incident.c).  PostgreSQL cannot type ?10 from
 * "IS NULL" alone: hence the CAST, which SQLite reads the same. */
#define VISIBLE                                                                \
    " (CAST(?10 AS TEXT) IS NULL OR ((?11 = 1 OR i.restricted = 0"             \
    " OR EXISTS (SELECT 1 FROM incident_member m WHERE m.incident_id = i.id"   \
    " AND m.username = ?10)) AND (?12 = 0 OR i.created_by = ?10)))"

static void bind_scope(struct db_stmt *st, const struct store_scope *sc)
{
    db_bind_text(st, 10, sc != NULL ? sc->viewer : NULL);
    db_bind_int64(st, 11, sc != NULL && sc->sees_restricted ? 1 : 0);
    db_bind_int64(st, 12, sc != NULL && sc->own_only ? 1 : 0);
}

static const char *const sql_insert[] = SQL_INSERT_ID(
    "INSERT INTO observable(incident_id, type, value, display, tlp, ioc,"
    " sighted, note, created_at, created_by)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)"
    " ON CONFLICT DO NOTHING");

enum kz_err sql_obs_insert(struct store *s, struct observable *o)
{
    struct db *db = s->db;
    struct db_stmt *st = sql_insert_stmt(db, sql_insert);

    if (st == NULL)
        return KZ_ESTORE;
    db_bind_int64(st, 1, o->incident_id);
    db_bind_text(st, 2, obs_type_key(o->type));
    db_bind_text(st, 3, o->value);
    db_bind_text(st, 4, o->display ? o->display : o->value);
    db_bind_text(st, 5, tlp_key(o->tlp));
    db_bind_int64(st, 6, o->ioc ? 1 : 0);
    db_bind_int64(st, 7, o->sighted ? 1 : 0);
    db_bind_text(st, 8, o->note);
    sql_bind_time(st, 9, o->created_at);
    db_bind_text(st, 10, o->created_by);
    /* A value the incident has already: no row, and no error, which on
     * PostgreSQL would abort the caller's transaction (a batch skips
     * such values and goes on). */
    enum kz_err err = sql_insert_id(st, &o->id);
    return err == KZ_ENOTFOUND ? KZ_ECONFLICT : err;
}

#define OBS_COLS                                                               \
    "o.id, o.incident_id, o.type, o.value, o.display, o.tlp, o.ioc,"           \
    " o.sighted, o.note, o.created_at, o.created_by"

/* Columns 0..10 of OBS_COLS into 'o' (initialised here). */
static void read_obs(struct db_stmt *st, struct observable *o)
{
    observable_init(o);
    o->id = db_col_int64(st, 0);
    o->incident_id = db_col_int64(st, 1);
    if (!obs_type_from_key(db_col_text(st, 2), &o->type))
        o->type = OBS_OTHER;
    o->value = sql_col_text(st, 3);
    o->display = sql_col_text(st, 4);
    if (!tlp_from_key(db_col_text(st, 5), &o->tlp))
        o->tlp = TLP_AMBER;
    o->ioc = db_col_int64(st, 6) != 0;
    o->sighted = db_col_int64(st, 7) != 0;
    o->note = sql_col_text(st, 8);
    o->created_at = sql_col_time(st, 9);
    o->created_by = sql_col_text(st, 10);
}

static void row_obs(struct db_stmt *st, void *item)
{
    struct observable *o = item;

    read_obs(st, o);
    o->seen_in = db_col_int64(st, 11);
}

static const char sql_get[] =
    "SELECT " OBS_COLS ", 0 FROM observable o WHERE o.id = ?1";

enum kz_err sql_obs_get(struct store *s, int64_t id, struct observable *out)
{
    struct db *db = s->db;
    struct db_stmt *st = db_stmt(db, sql_get);

    if (st == NULL)
        return KZ_ESTORE;
    db_bind_int64(st, 1, id);
    enum db_rc rc = db_step(st);
    if (rc == DB_ROW) {
        observable_cleanup(out);
        row_obs(st, out);
    }
    return sql_lookup_end(st, rc);
}

static const char sql_update[] =
    "UPDATE observable SET tlp = ?2, ioc = ?3, sighted = ?4, note = ?5"
    " WHERE id = ?1";

enum kz_err sql_obs_update(struct store *s, const struct observable *o)
{
    struct db *db = s->db;
    struct db_stmt *st = db_stmt(db, sql_update);

    if (st == NULL)
        return KZ_ESTORE;
    db_bind_int64(st, 1, o->id);
    db_bind_text(st, 2, tlp_key(o->tlp));
    db_bind_int64(st, 3, o->ioc ? 1 : 0);
    db_bind_int64(st, 4, o->sighted ? 1 : 0);
    db_bind_text(st, 5, o->note);
    return sql_exec_keyed(st);
}

static const char sql_delete[] = "DELETE FROM observable WHERE id = ?1";

enum kz_err sql_obs_delete(struct store *s, int64_t id)
{
    struct db *db = s->db;
    struct db_stmt *st = db_stmt(db, sql_delete);

    if (st == NULL)
        return KZ_ESTORE;
    db_bind_int64(st, 1, id);
    return sql_exec_keyed(st);
}

/* seen_in: the other incidents the reader may see with the same type and
 * value; observable_value answers it, and UNIQUE (incident_id, type,
 * value) makes each row one incident. */
static const char sql_list[] =
    "SELECT " OBS_COLS ", (SELECT count(*) FROM observable o2"
    " JOIN incident i ON i.id = o2.incident_id"
    " WHERE o2.type = o.type AND o2.value = o.value"
    " AND o2.incident_id <> o.incident_id AND" VISIBLE ")"
    " FROM observable o WHERE o.incident_id = ?1 ORDER BY o.id";

enum kz_err sql_obs_list(struct store *s, int64_t incident_id,
                         const struct store_scope *scope, struct obs_list *out)
{
    struct db *db = s->db;
    struct db_stmt *st = db_stmt(db, sql_list);
    enum kz_err err;

    out->items = NULL;
    out->n = 0;
    if (st == NULL)
        return KZ_ESTORE;
    db_bind_int64(st, 1, incident_id);
    bind_scope(st, scope);
    out->items = sql_rows(st, sizeof(*out->items), row_obs, &out->n, &err);
    if (err != KZ_OK) {
        obs_list_cleanup(out);
        return err;
    }
    return KZ_OK;
}

#define HIT_COLS OBS_COLS ", 0, i.ref, i.title, i.phase, i.discovered_at"

static void row_hit(struct db_stmt *st, void *item)
{
    struct obs_hit *h = item;
    const char *ref = db_col_text(st, 12);

    memset(h, 0, sizeof(*h));
    row_obs(st, &h->obs);
    snprintf(h->ref, sizeof(h->ref), "%s", ref ? ref : "");
    h->title = sql_col_text(st, 13);
    if (!phase_from_key(db_col_text(st, 14), &h->phase))
        h->phase = PHASE_REPORTED;
    h->discovered_at = sql_col_time(st, 15);
}

static enum kz_err read_hits(struct db_stmt *st, struct obs_hit_list *out)
{
    enum kz_err err;

    out->items = sql_rows(st, sizeof(*out->items), row_hit, &out->n, &err);
    if (err != KZ_OK) {
        obs_hit_list_cleanup(out);
        return err;
    }
    return KZ_OK;
}

static const char sql_find[] = "SELECT " HIT_COLS " FROM observable o"
                               " JOIN incident i ON i.id = o.incident_id"
                               " WHERE o.type = ?1 AND o.value = ?2 AND" VISIBLE
                               " ORDER BY i.id DESC LIMIT ?3";

enum kz_err sql_obs_find(struct store *s, enum obs_type type, const char *value,
                         const struct store_scope *scope, int limit,
                         struct obs_hit_list *out)
{
    struct db *db = s->db;
    struct db_stmt *st = db_stmt(db, sql_find);

    out->items = NULL;
    out->n = 0;
    if (st == NULL)
        return KZ_ESTORE;
    db_bind_text(st, 1, obs_type_key(type));
    db_bind_text(st, 2, value);
    db_bind_int64(st, 3, limit);
    bind_scope(st, scope);
    return read_hits(st, out);
}

static const char sql_shared[] =
    "SELECT " HIT_COLS " FROM observable mine"
    " JOIN observable o ON o.type = mine.type AND o.value = mine.value"
    " AND o.incident_id <> mine.incident_id"
    " JOIN incident i ON i.id = o.incident_id"
    " WHERE mine.incident_id = ?1 AND" VISIBLE
    " ORDER BY i.id DESC, o.id LIMIT ?2";

enum kz_err sql_obs_shared(struct store *s, int64_t incident_id,
                           const struct store_scope *scope, int limit,
                           struct obs_hit_list *out)
{
    struct db *db = s->db;
    struct db_stmt *st = db_stmt(db, sql_shared);

    out->items = NULL;
    out->n = 0;
    if (st == NULL)
        return KZ_ESTORE;
    db_bind_int64(st, 1, incident_id);
    db_bind_int64(st, 2, limit);
    bind_scope(st, scope);
    return read_hits(st, out);
}
