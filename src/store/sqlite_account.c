/* SPDX-License-Identifier: MIT */
/*
 * sqlite_account.c - accounts, API tokens and sessions in the SQLite
 * backend.  Only digests of secrets reach these tables.
 */
#include <stdio.h>
#include <string.h>

#include "store/sqlite_int.h"

/* The profile columns hold '' rather than NULL for "not given". */
static void bind_profile(sqlite3_stmt *st, int first, const struct account *a)
{
    sqlite_bind_text(st, first, a->display_name ? a->display_name : "");
    sqlite_bind_text(st, first + 1, a->email ? a->email : "");
    sqlite_bind_text(st, first + 2, a->department ? a->department : "");
}

static const char sql_account_insert[] =
    "INSERT INTO account(name, role, password_hash, disabled, created_at,"
    " updated_at, display_name, email, department)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";

enum kz_err sqlite_account_insert(struct store *s, struct account *a)
{
    struct sqlite_store *ss = sq(s);
    sqlite3_stmt *st = sqlite_stmt(ss, sql_account_insert);

    if (st == NULL)
        return KZ_ESTORE;
    sqlite_bind_text(st, 1, a->name);
    sqlite_bind_text(st, 2, role_key(a->role));
    sqlite_bind_text(st, 3, a->password_hash);
    sqlite3_bind_int(st, 4, a->disabled ? 1 : 0);
    sqlite_bind_time(st, 5, a->created_at);
    sqlite_bind_time(st, 6, a->updated_at);
    bind_profile(st, 7, a);
    enum kz_err err = sqlite_exec_stmt(ss, st);
    if (err == KZ_OK)
        a->id = sqlite3_last_insert_rowid(ss->db);
    return err;
}

static const char sql_account_update[] =
    "UPDATE account SET role = ?2, password_hash = ?3, disabled = ?4,"
    " updated_at = ?5, display_name = ?6, email = ?7, department = ?8"
    " WHERE id = ?1";

enum kz_err sqlite_account_update(struct store *s, const struct account *a)
{
    struct sqlite_store *ss = sq(s);
    sqlite3_stmt *st = sqlite_stmt(ss, sql_account_update);

    if (st == NULL)
        return KZ_ESTORE;
    sqlite3_bind_int64(st, 1, a->id);
    sqlite_bind_text(st, 2, role_key(a->role));
    sqlite_bind_text(st, 3, a->password_hash);
    sqlite3_bind_int(st, 4, a->disabled ? 1 : 0);
    sqlite_bind_time(st, 5, a->updated_at);
    bind_profile(st, 6, a);
    return sqlite_exec_keyed(ss, st);
}

#define ACCOUNT_COLUMNS                                                        \
    "id, name, role, password_hash, disabled, created_at, updated_at,"         \
    " display_name, email, department"

static void read_account(sqlite3_stmt *st, struct account *a, bool secret)
{
    account_cleanup(a);
    a->id = sqlite3_column_int64(st, 0);
    a->name = sqlite_col_text(st, 1);
    if (!role_from_key((const char *)sqlite3_column_text(st, 2), &a->role))
        a->role = ROLE_REPORTER;
    a->password_hash = secret ? sqlite_col_text(st, 3) : NULL;
    a->disabled = sqlite3_column_int(st, 4) != 0;
    a->created_at = sqlite_col_time(st, 5);
    a->updated_at = sqlite_col_time(st, 6);
    a->display_name = sqlite_col_text(st, 7);
    a->email = sqlite_col_text(st, 8);
    a->department = sqlite_col_text(st, 9);
}

static void row_account(sqlite3_stmt *st, void *item)
{
    account_init(item);
    read_account(st, item, false);
}

static enum kz_err get_one(struct sqlite_store *ss, sqlite3_stmt *st,
                           struct account *out)
{
    int rc = sqlite3_step(st);

    if (rc == SQLITE_ROW)
        read_account(st, out, true);
    return sqlite_lookup_end(ss, st, rc);
}

static const char sql_account_get[] =
    "SELECT " ACCOUNT_COLUMNS " FROM account WHERE name = ?1";

enum kz_err sqlite_account_get(struct store *s, const char *name,
                               struct account *out)
{
    struct sqlite_store *ss = sq(s);
    sqlite3_stmt *st = sqlite_stmt(ss, sql_account_get);

    if (st == NULL)
        return KZ_ESTORE;
    sqlite_bind_text(st, 1, name);
    return get_one(ss, st, out);
}

static const char sql_account_get_id[] =
    "SELECT " ACCOUNT_COLUMNS " FROM account WHERE id = ?1";

enum kz_err sqlite_account_get_id(struct store *s, int64_t id,
                                  struct account *out)
{
    struct sqlite_store *ss = sq(s);
    sqlite3_stmt *st = sqlite_stmt(ss, sql_account_get_id);

    if (st == NULL)
        return KZ_ESTORE;
    sqlite3_bind_int64(st, 1, id);
    return get_one(ss, st, out);
}

static const char sql_account_list[] =
    "SELECT " ACCOUNT_COLUMNS " FROM account ORDER BY name";

enum kz_err sqlite_account_list(struct store *s, struct account_list *out)
{
    struct sqlite_store *ss = sq(s);
    sqlite3_stmt *st = sqlite_stmt(ss, sql_account_list);
    int rc;

    out->items = NULL;
    out->n = 0;
    if (st == NULL)
        return KZ_ESTORE;
    out->items =
        sqlite_rows(st, sizeof(*out->items), row_account, &out->n, &rc);
    if (rc != SQLITE_DONE) {
        account_list_cleanup(out);
        return sqlite_err(ss, rc);
    }
    return KZ_OK;
}

static const char sql_account_count[] = "SELECT count(*) FROM account";

enum kz_err sqlite_account_count(struct store *s, int64_t *out)
{
    struct sqlite_store *ss = sq(s);
    sqlite3_stmt *st = sqlite_stmt(ss, sql_account_count);

    if (st == NULL)
        return KZ_ESTORE;
    int rc = sqlite3_step(st);
    *out = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? KZ_OK : sqlite_err(ss, rc);
}

static const char sql_token_insert[] =
    "INSERT INTO api_token(id, account_id, digest, label, created_at,"
    " expires_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
static const char sql_session_insert[] =
    "INSERT INTO session(id, account_id, digest, created_at, expires_at)"
    " VALUES (?1, ?2, ?3, ?5, ?6)";

enum kz_err sqlite_credential_insert(struct store *s, enum credential_kind k,
                                     const struct credential *c)
{
    struct sqlite_store *ss = sq(s);
    sqlite3_stmt *st = sqlite_stmt(ss, k == CRED_TOKEN ? sql_token_insert
                                                       : sql_session_insert);

    if (st == NULL)
        return KZ_ESTORE;
    sqlite_bind_text(st, 1, c->id);
    sqlite3_bind_int64(st, 2, c->account_id);
    sqlite_bind_text(st, 3, c->digest);
    if (k == CRED_TOKEN)
        sqlite_bind_text(st, 4, c->label ? c->label : "");
    sqlite_bind_time(st, 5, c->created_at);
    sqlite_bind_time(st, 6, c->expires_at);
    return sqlite_exec_stmt(ss, st);
}

#define TOKEN_COLUMNS                                                          \
    "t.id, t.account_id, t.digest, t.label, t.created_at, t.expires_at,"       \
    " t.revoked, a.name"

static void read_credential(sqlite3_stmt *st, struct credential *c)
{
    const char *id = (const char *)sqlite3_column_text(st, 0);
    const char *digest = (const char *)sqlite3_column_text(st, 2);

    credential_cleanup(c);
    snprintf(c->id, sizeof(c->id), "%s", id ? id : "");
    c->account_id = sqlite3_column_int64(st, 1);
    snprintf(c->digest, sizeof(c->digest), "%s", digest ? digest : "");
    c->label = sqlite_col_text(st, 3);
    c->created_at = sqlite_col_time(st, 4);
    c->expires_at = sqlite_col_time(st, 5);
    c->revoked = sqlite3_column_int(st, 6) != 0;
    c->account_name = sqlite_col_text(st, 7);
}

static void row_credential(sqlite3_stmt *st, void *item)
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

enum kz_err sqlite_credential_get(struct store *s, enum credential_kind k,
                                  const char *id, struct credential *out)
{
    struct sqlite_store *ss = sq(s);
    sqlite3_stmt *st =
        sqlite_stmt(ss, k == CRED_TOKEN ? sql_token_get : sql_session_get);

    if (st == NULL)
        return KZ_ESTORE;
    sqlite_bind_text(st, 1, id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        read_credential(st, out);
    return sqlite_lookup_end(ss, st, rc);
}

/* Revoking twice finds nothing to revoke the second time. */
static const char sql_token_revoke[] =
    "UPDATE api_token SET revoked = 1 WHERE id = ?1 AND revoked = 0";
static const char sql_session_delete[] = "DELETE FROM session WHERE id = ?1";

enum kz_err sqlite_credential_revoke(struct store *s, enum credential_kind k,
                                     const char *id)
{
    struct sqlite_store *ss = sq(s);
    sqlite3_stmt *st = sqlite_stmt(ss, k == CRED_TOKEN ? sql_token_revoke
                                                       : sql_session_delete);

    if (st == NULL)
        return KZ_ESTORE;
    sqlite_bind_text(st, 1, id);
    return sqlite_exec_keyed(ss, st);
}

static const char sql_token_list[] =
    "SELECT " TOKEN_COLUMNS " FROM api_token t JOIN account a"
    " ON a.id = t.account_id WHERE ?1 = 0 OR t.account_id = ?1"
    " ORDER BY t.created_at DESC, t.id";

enum kz_err sqlite_token_list(struct store *s, int64_t account_id,
                              struct credential_list *out)
{
    struct sqlite_store *ss = sq(s);
    sqlite3_stmt *st = sqlite_stmt(ss, sql_token_list);
    int rc;

    out->items = NULL;
    out->n = 0;
    if (st == NULL)
        return KZ_ESTORE;
    sqlite3_bind_int64(st, 1, account_id);
    out->items =
        sqlite_rows(st, sizeof(*out->items), row_credential, &out->n, &rc);
    if (rc != SQLITE_DONE) {
        credential_list_cleanup(out);
        return sqlite_err(ss, rc);
    }
    return KZ_OK;
}

static const char sql_session_revoke_all[] =
    "DELETE FROM session WHERE account_id = ?1";

enum kz_err sqlite_session_revoke_all(struct store *s, int64_t account_id)
{
    struct sqlite_store *ss = sq(s);
    sqlite3_stmt *st = sqlite_stmt(ss, sql_session_revoke_all);

    if (st == NULL)
        return KZ_ESTORE;
    sqlite3_bind_int64(st, 1, account_id);
    return sqlite_exec_stmt(ss, st);
}
