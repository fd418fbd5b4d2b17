/* SPDX-License-Identifier: MIT */
/*
 * sql_account.c - accounts, API tokens and sessions in the SQLite
 * backend.  Only digests of secrets reach these tables.
 */
#include <stdio.h>
#include <string.h>

#include "store/sql_int.h"

/* The profile columns hold '' rather than NULL for "not given". */
static void bind_profile(struct db_stmt *st, int first, const struct account *a)
{
    db_bind_text(st, first, a->display_name ? a->display_name : "");
    db_bind_text(st, first + 1, a->email ? a->email : "");
    db_bind_text(st, first + 2, a->department ? a->department : "");
}

static const char *const account_insert_sql[] = SQL_INSERT_ID(
    "INSERT INTO account(name, role, password_hash, disabled, created_at,"
    " updated_at, display_name, email, department)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");

enum kz_err sql_account_insert(struct store *s, struct account *a)
{
    struct db *db = s->db;
    struct db_stmt *st = sql_insert_stmt(db, account_insert_sql);

    if (st == NULL)
        return KZ_ESTORE;
    db_bind_text(st, 1, a->name);
    db_bind_text(st, 2, role_key(a->role));
    db_bind_text(st, 3, a->password_hash);
    db_bind_int64(st, 4, a->disabled ? 1 : 0);
    sql_bind_time(st, 5, a->created_at);
    sql_bind_time(st, 6, a->updated_at);
    bind_profile(st, 7, a);
    enum kz_err err = sql_insert_id(st, &a->id);
    return err;
}

static const char account_update_sql[] =
    "UPDATE account SET role = ?2, password_hash = ?3, disabled = ?4,"
    " updated_at = ?5, display_name = ?6, email = ?7, department = ?8"
    " WHERE id = ?1";

enum kz_err sql_account_update(struct store *s, const struct account *a)
{
    struct db *db = s->db;
    struct db_stmt *st = db_stmt(db, account_update_sql);

    if (st == NULL)
        return KZ_ESTORE;
    db_bind_int64(st, 1, a->id);
    db_bind_text(st, 2, role_key(a->role));
    db_bind_text(st, 3, a->password_hash);
    db_bind_int64(st, 4, a->disabled ? 1 : 0);
    sql_bind_time(st, 5, a->updated_at);
    bind_profile(st, 6, a);
    return sql_exec_keyed(st);
}

#define ACCOUNT_COLUMNS                                                        \
    "id, name, role, password_hash, disabled, created_at, updated_at,"         \
    " display_name, email, department"

static void read_account(struct db_stmt *st, struct account *a, bool secret)
{
    account_cleanup(a);
    a->id = db_col_int64(st, 0);
    a->name = sql_col_text(st, 1);
    if (!role_from_key(db_col_text(st, 2), &a->role))
        a->role = ROLE_REPORTER;
    a->password_hash = secret ? sql_col_text(st, 3) : NULL;
    a->disabled = db_col_int64(st, 4) != 0;
    a->created_at = sql_col_time(st, 5);
    a->updated_at = sql_col_time(st, 6);
    a->display_name = sql_col_text(st, 7);
    a->email = sql_col_text(st, 8);
    a->department = sql_col_text(st, 9);
}

static void row_account(struct db_stmt *st, void *item)
{
    account_init(item);
    read_account(st, item, false);
}

static enum kz_err get_one(struct db_stmt *st, struct account *out)
{
    enum db_rc rc = db_step(st);

    if (rc == DB_ROW)
        read_account(st, out, true);
    return sql_lookup_end(st, rc);
}

static const char account_get_sql[] =
    "SELECT " ACCOUNT_COLUMNS " FROM account WHERE name = ?1";

enum kz_err sql_account_get(struct store *s, const char *name,
                            struct account *out)
{
    struct db *db = s->db;
    struct db_stmt *st = db_stmt(db, account_get_sql);

    if (st == NULL)
        return KZ_ESTORE;
    db_bind_text(st, 1, name);
    return get_one(st, out);
}

static const char account_get_id_sql[] =
    "SELECT " ACCOUNT_COLUMNS " FROM account WHERE id = ?1";

enum kz_err sql_account_get_id(struct store *s, int64_t id, struct account *out)
{
    struct db *db = s->db;
    struct db_stmt *st = db_stmt(db, account_get_id_sql);

    if (st == NULL)
        return KZ_ESTORE;
    db_bind_int64(st, 1, id);
    return get_one(st, out);
}

static const char account_list_sql[] =
    "SELECT " ACCOUNT_COLUMNS " FROM account ORDER BY name";

enum kz_err sql_account_list(struct store *s, struct account_list *out)
{
    struct db *db = s->db;
    struct db_stmt *st = db_stmt(db, account_list_sql);
    enum kz_err err;

    out->items = NULL;
    out->n = 0;
    if (st == NULL)
        return KZ_ESTORE;
    out->items = sql_rows(st, sizeof(*out->items), row_account, &out->n, &err);
    if (err != KZ_OK) {
        account_list_cleanup(out);
        return err;
    }
    return KZ_OK;
}

static const char account_count_sql[] = "SELECT count(*) FROM account";

enum kz_err sql_account_count(struct store *s, int64_t *out)
{
    struct db *db = s->db;
    struct db_stmt *st = db_stmt(db, account_count_sql);

    if (st == NULL)
        return KZ_ESTORE;
    enum db_rc rc = db_step(st);
    *out = rc == DB_ROW ? db_col_int64(st, 0) : 0;
    db_reset(st);
    return rc == DB_ROW ? KZ_OK : sql_step_err(st, rc);
}

static const char sql_token_insert[] =
    "INSERT INTO api_token(id, account_id, digest, label, created_at,"
    " expires_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
static const char sql_session_insert[] =
    "INSERT INTO session(id, account_id, digest, created_at, expires_at)"
    " VALUES (?1, ?2, ?3, ?4, ?5)";

enum kz_err sql_credential_insert(struct store *s, enum credential_kind k,
                                  const struct credential *c)
{
    struct db *db = s->db;
    struct db_stmt *st =
        db_stmt(db, k == CRED_TOKEN ? sql_token_insert : sql_session_insert);

    if (st == NULL)
        return KZ_ESTORE;
    db_bind_text(st, 1, c->id);
    db_bind_int64(st, 2, c->account_id);
    db_bind_text(st, 3, c->digest);
    /* A session has no label: its times are ?4 and ?5. */
    int t = 4;
    if (k == CRED_TOKEN)
        db_bind_text(st, t++, c->label ? c->label : "");
    sql_bind_time(st, t, c->created_at);
    sql_bind_time(st, t + 1, c->expires_at);
    return sql_exec(st);
}

#define TOKEN_COLUMNS                                                          \
    "t.id, t.account_id, t.digest, t.label, t.created_at, t.expires_at,"       \
    " t.revoked, a.name"

static void read_credential(struct db_stmt *st, struct credential *c)
{
    const char *id = db_col_text(st, 0);
    const char *digest = db_col_text(st, 2);

    credential_cleanup(c);
    snprintf(c->id, sizeof(c->id), "%s", id ? id : "");
    c->account_id = db_col_int64(st, 1);
    snprintf(c->digest, sizeof(c->digest), "%s", digest ? digest : "");
    c->label = sql_col_text(st, 3);
    c->created_at = sql_col_time(st, 4);
    c->expires_at = sql_col_time(st, 5);
    c->revoked = db_col_int64(st, 6) != 0;
    c->account_name = sql_col_text(st, 7);
}

static void row_credential(struct db_stmt *st, void *item)
{
    credential_init(item);
    read_credential(st, item);
}

static const char sql_token_get[] =
    "SELECT " TOKEN_COLUMNS " FROM api_token t JOIN account a"
    " ON a.id = t.account_id WHERE t.id = ?1";
static const char sql_session_get[] =
    "SELECT t.id, t.account_id, t.digest, '', t.created_at, t.expires_at, 0,"
    " a.name FROM session t JOIN account a ON a.id = t.account_id"
    " WHERE t.id = ?1";

enum kz_err sql_credential_get(struct store *s, enum credential_kind k,
                               const char *id, struct credential *out)
{
    struct db *db = s->db;
    struct db_stmt *st =
        db_stmt(db, k == CRED_TOKEN ? sql_token_get : sql_session_get);

    if (st == NULL)
        return KZ_ESTORE;
    db_bind_text(st, 1, id);
    enum db_rc rc = db_step(st);
    if (rc == DB_ROW)
        read_credential(st, out);
    return sql_lookup_end(st, rc);
}

/* Revoking twice finds nothing to revoke the second time. */
static const char sql_token_revoke[] =
    "UPDATE api_token SET revoked = 1 WHERE id = ?1 AND revoked = 0";
static const char sql_session_delete[] = "DELETE FROM session WHERE id = ?1";

enum kz_err sql_credential_revoke(struct store *s, enum credential_kind k,
                                  const char *id)
{
    struct db *db = s->db;
    struct db_stmt *st =
        db_stmt(db, k == CRED_TOKEN ? sql_token_revoke : sql_session_delete);

    if (st == NULL)
        return KZ_ESTORE;
    db_bind_text(st, 1, id);
    return sql_exec_keyed(st);
}

static const char token_list_sql[] =
    "SELECT " TOKEN_COLUMNS " FROM api_token t JOIN account a"
    " ON a.id = t.account_id WHERE ?1 = 0 OR t.account_id = ?1"
    " ORDER BY t.created_at DESC, t.id";

enum kz_err sql_token_list(struct store *s, int64_t account_id,
                           struct credential_list *out)
{
    struct db *db = s->db;
    struct db_stmt *st = db_stmt(db, token_list_sql);
    enum kz_err err;

    out->items = NULL;
    out->n = 0;
    if (st == NULL)
        return KZ_ESTORE;
    db_bind_int64(st, 1, account_id);
    out->items =
        sql_rows(st, sizeof(*out->items), row_credential, &out->n, &err);
    if (err != KZ_OK) {
        credential_list_cleanup(out);
        return err;
    }
    return KZ_OK;
}

static const char session_revoke_all_sql[] =
    "DELETE FROM session WHERE account_id = ?1";

enum kz_err sql_session_revoke_all(struct store *s, int64_t account_id)
{
    struct db *db = s->db;
    struct db_stmt *st = db_stmt(db, session_revoke_all_sql);

    if (st == NULL)
        return KZ_ESTORE;
    db_bind_int64(st, 1, account_id);
    return sql_exec(st);
}
