/* SPDX-License-Identifier: MIT */
/*
 * db_pg.c - the PostgreSQL driver of db.h, on libpq.
 *
 * Statements.  Each static SQL text gets one prepared statement per
 * connection, named kz1, kz2, … and cached by the address of its text.
 * Its ?N parameters become $N once, when the statement is first asked
 * for.  It is prepared (PQprepare) at its first run.  The server infers
 * each parameter's type from its context (the column it is compared with
 * or stored in: bigint for every integer column of kizuki's schema), as
 * it does for any libpq client; only blobs are declared (bytea), since
 * they travel in binary.  Declaring int64 values as bigint would break
 * functions that take int4 (substr, repeat, pg_terminate_backend): where
 * the context gives no type and the value may pass 2^31 ("?1 + 1"), the
 * shared SQL writes CAST(?1 AS BIGINT).  Values travel as text (an int64
 * is formatted by hand),
 * blobs in binary; rows come back in text format, and db_col_int64 parses
 * digits (and 't'/'f', so that a comparison selected as a column reads as
 * 1/0 as on SQLite).
 *
 * Scans (db_stmt_scan) read through a cursor, 256 rows per FETCH, so that
 * a scan of every incident's chronology never holds its result at once;
 * other statements of the connection can run between the fetches.
 *
 * Errors are mapped by SQLSTATE: class 23 (integrity) is KZ_ECONFLICT;
 * serialization failures, deadlocks, lock timeouts (40001, 40P01, 55P03),
 * too many connections (class 53) and a lost connection (class 08, an
 * administrator's shutdown 57P0x, or PQstatus CONNECTION_BAD) are KZ_EBUSY,
 * which the server answers with 503 and a retryable error; everything else
 * is KZ_ESTORE.  The log line names the SQLSTATE, the statement and the
 * table, column and constraint the server reports, never bound values:
 * messages of classes 22 and 23 can quote them ("invalid input syntax for
 * type bigint: …", "Key (name)=(…)"), so theirs are left out.
 *
 * A lost connection is reconnected (PQreset) at the next use, and every
 * statement is prepared again on the new session (the connection's
 * generation changes).  When it was lost inside a transaction, the caller
 * still believes that transaction open: until the caller's ROLLBACK,
 * db_in_transaction() says true and every other statement fails with
 * KZ_EBUSY, so that the rest of a failed transaction never runs on the new
 * connection outside any transaction.  That ROLLBACK succeeds without the
 * server, which rolled the transaction back when the session ended.
 *
 * Connection poolers.  PgBouncer in transaction mode hands each
 * transaction to whichever server connection is free, where the session's
 * prepared statements do not exist (before PgBouncer 1.21, or with its
 * max_prepared_statements = 0).  KIZUKI_PG_PREPARE=off makes every run an
 * unnamed statement (PQexecParams: parse, bind and execute in one round
 * trip, nothing kept on the server); the rewritten text is still cached
 * here; without it, the first missing (26000) or foreign (42P05) statement
 * name switches the connection to that mode (pooler_lost_it).  Cursors
 * live within the transaction that declares them, so scans
 * work through it too.  The driver sets no session state besides the
 * startup parameters (client_encoding), which PgBouncer keeps per client.
 */
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "store/db_driver.h"
#include "store/db_pg.h"
#include "util/mem.h"

/* Type OIDs of pg_type.h, which the client headers do not carry. */
#define PG_BYTEA_OID 17
#define PG_TEXT_OID 25

/* Rows per FETCH of a scan: few enough to keep its memory small, many
 * enough that the round trips cost little beside the rows. */
#define SCAN_BATCH 256
#define STR_(x) #x
#define STR(x) STR_(x)
#define MAX_PARAMS 32767

enum bind_kind { BIND_NULL, BIND_INT, BIND_TEXT, BIND_BLOB };

struct pg_param {
    char *buf; /* the value's bytes (text NUL-terminated) */
    size_t cap;
    int len;
    enum bind_kind kind;
};

struct pg_db;

struct pg_stmt {
    struct db_stmt base;
    struct pg_db *db;
    const char *key; /* the caller's static text: the cache key */
    char *own_key;   /* db_stmt_new(): the copied text; never prepared */
    bool scan;
    bool rollback;     /* the text is a plain ROLLBACK */
    bool bad;          /* a bind was out of range */
    char name[16];     /* kzN: prepared statement, or cursor kzcN */
    char *sql;         /* with $N parameters */
    char *declare;     /* scan: DECLARE kzcN … FOR sql */
    char *fetch;       /* scan: FETCH FORWARD … FROM kzcN */
    char *close;       /* scan: CLOSE kzcN */
    unsigned prepared; /* the connection generation it was prepared on */
    int nparams;
    bool *unused; /* [nparams]: ?N that the text never names */
    struct pg_param *params;
    const char **values;
    int *lengths;
    int *formats;
    unsigned *types;
    /* The run in progress. */
    bool ran;
    bool cursor_open;
    bool cursor_done; /* the last FETCH returned a short batch */
    bool own_txn;     /* the scan opened the transaction it runs in */
    PGresult *res;
    int nrows;
    int row;
    char *blob; /* decoded bytea of the current column */
    size_t blob_cap;
    int64_t changes;
};

struct pg_db {
    struct db base;
    PGconn *conn;
    bool prepare;  /* named prepared statements (not KIZUKI_PG_PREPARE=off) */
    bool broken;   /* the connection was lost: reconnect at next use */
    bool txn_lost; /* ... inside a transaction the caller must roll back */
    unsigned gen;  /* connection generation, from 1 */
    unsigned next_id;       /* for statement names */
    struct pg_stmt **slots; /* open addressing by (key, scan) */
    size_t nslots;
    size_t used;
    char errmsg[512];
};

static const struct db_driver pg_driver;

/* ---- ?N → $N ------------------------------------------------------------ */

/* Copy a quoted run starting at s[0] (the quote 'q') to 'out'; returns
 * the position after its closing quote (a doubled quote stays inside). */
static const char *copy_quoted(const char *s, char q, bool backslash,
                               char **out)
{
    char *o = *out;

    *o++ = *s++;
    while (*s != '\0') {
        if (backslash && *s == '\\' && s[1] != '\0') {
            *o++ = *s++;
            *o++ = *s++;
            continue;
        }
        if (*s == q) {
            *o++ = *s++;
            if (*s != q)
                break;
        }
        *o++ = *s++;
    }
    *out = o;
    return s;
}

static bool is_ident(char c)
{
    return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9') || (unsigned char)c >= 0x80;
}

/* Copy a dollar-quoted string ($$…$$, $tag$…$tag$) starting at s[0], or
 * just the '$' when s[0] starts no tag. */
static const char *copy_dollar(const char *s, char **out)
{
    const char *t = s + 1;
    while (is_ident(*t))
        t++;
    if (*t != '$') {
        *(*out)++ = *s++;
        return s;
    }
    size_t tag = (size_t)(t + 1 - s);
    const char *end = t + 1;
    while (*end != '\0' && strncmp(end, s, tag) != 0)
        end++;
    size_t n = *end != '\0' ? (size_t)(end - s) + tag : strlen(s);
    memcpy(*out, s, n);
    *out += n;
    return s + n;
}

char *db_pg_rewrite(const char *sql, int *nparams)
{
    /* $N is never longer than ?N. */
    char *out = xmalloc(strlen(sql) + 1);
    char *o = out;
    const char *s = sql;
    int max = 0;

    while (*s != '\0') {
        if (*s == '\'') {
            /* E'…' strings take backslash escapes. */
            bool esc = s > sql && (s[-1] == 'E' || s[-1] == 'e') &&
                       (s - 1 == sql || !is_ident(s[-2]));
            s = copy_quoted(s, '\'', esc, &o);
        } else if (*s == '"') {
            s = copy_quoted(s, '"', false, &o);
        } else if (s[0] == '-' && s[1] == '-') {
            while (*s != '\0' && *s != '\n')
                *o++ = *s++;
        } else if (s[0] == '/' && s[1] == '*') {
            const char *end = strstr(s + 2, "*/");
            size_t n = end != NULL ? (size_t)(end + 2 - s) : strlen(s);
            memcpy(o, s, n);
            o += n;
            s += n;
        } else if (*s == '$' && (s == sql || !is_ident(s[-1])) &&
                   (s[1] == '$' ||
                    (is_ident(s[1]) && !(s[1] >= '0' && s[1] <= '9')))) {
            s = copy_dollar(s, &o);
        } else if (*s == '?') {
            long n = 0;
            const char *d = s + 1;
            while (*d >= '0' && *d <= '9' && n <= MAX_PARAMS)
                n = n * 10 + (*d++ - '0');
            if (d == s + 1 || n < 1 || n > MAX_PARAMS) {
                xfree(out);
                return NULL;
            }
            *o++ = '$';
            memcpy(o, s + 1, (size_t)(d - s - 1));
            o += d - s - 1;
            s = d;
            if (n > max)
                max = (int)n;
        } else {
            *o++ = *s++;
        }
    }
    *o = '\0';
    *nparams = max;
    return out;
}

/* ---- errors ------------------------------------------------------------- */

static enum kz_err map_sqlstate(const char *state)
{
    if (state == NULL || strlen(state) != 5)
        return KZ_ESTORE;
    if (strncmp(state, "23", 2) == 0)
        return KZ_ECONFLICT;
    if (strcmp(state, "40001") == 0 || strcmp(state, "40P01") == 0 ||
        strcmp(state, "55P03") == 0 || strncmp(state, "53", 2) == 0 ||
        strncmp(state, "08", 2) == 0 || strncmp(state, "57P0", 4) == 0)
        return KZ_EBUSY;
    return KZ_ESTORE;
}

static const char *field(const PGresult *res, int code)
{
    const char *v = res != NULL ? PQresultErrorField(res, code) : NULL;
    return v != NULL ? v : "";
}

/* The first line of libpq's message, which may end in newlines. */
static void first_line(char *dst, size_t n, const char *msg)
{
    size_t len = strcspn(msg, "\n");
    if (len >= n)
        len = n - 1;
    memcpy(dst, msg, len);
    dst[len] = '\0';
}

/*
 * The error of 'res' (NULL: libpq's own, e.g. the connection) on 'd',
 * logged and kept as the connection's message.  A connection found lost
 * is marked for a reconnect; 'in_txn' says whether a transaction was open
 * on it before the statement that failed.
 */
static enum kz_err pg_fail(struct pg_db *d, const PGresult *res,
                           const char *what, bool in_txn)
{
    const char *state = field(res, PG_DIAG_SQLSTATE);
    enum kz_err err = map_sqlstate(state);
    char msg[256];

    if (PQstatus(d->conn) == CONNECTION_BAD) {
        err = KZ_EBUSY;
        if (!d->broken)
            d->txn_lost = in_txn;
        d->broken = true;
    }
    if (strncmp(state, "22", 2) == 0 || strncmp(state, "23", 2) == 0)
        msg[0] = '\0'; /* may quote bound values */
    else
        first_line(msg, sizeof(msg),
                   res != NULL && *field(res, PG_DIAG_MESSAGE_PRIMARY)
                       ? field(res, PG_DIAG_MESSAGE_PRIMARY)
                       : PQerrorMessage(d->conn));
    snprintf(d->errmsg, sizeof(d->errmsg), "%s%s%s%s%s%s%s%s%s",
             *state ? state : "connection", *msg ? ": " : "", msg,
             *field(res, PG_DIAG_TABLE_NAME) ? " (table " : "",
             field(res, PG_DIAG_TABLE_NAME),
             *field(res, PG_DIAG_TABLE_NAME) ? ")" : "",
             *field(res, PG_DIAG_CONSTRAINT_NAME) ? " (constraint " : "",
             field(res, PG_DIAG_CONSTRAINT_NAME),
             *field(res, PG_DIAG_CONSTRAINT_NAME) ? ")" : "");
    /* A conflict is an answer (409), not a fault worth a log line. */
    if (err != KZ_ECONFLICT)
        fprintf(stderr, "kizuki: postgresql: %s: %s\n", what, d->errmsg);
    return err;
}

/* pg_fail() for statement 'st', naming it by the head of its text (never
 * its values) so that the log line says which statement failed. */
static enum kz_err stmt_fail(struct pg_stmt *st, const PGresult *res,
                             bool in_txn)
{
    char what[128];
    size_t n = 0;

    n = (size_t)snprintf(what, sizeof(what), "%s [", st->name);
    for (const char *c = st->key; *c != '\0' && n + 5 < sizeof(what); c++) {
        bool space = *c == ' ' || *c == '\n' || *c == '\t';
        if (space && n > 0 && what[n - 1] == ' ')
            continue;
        what[n++] = space ? ' ' : *c;
    }
    snprintf(what + n, sizeof(what) - n, "%s]",
             n + 5 < sizeof(what) ? "" : "…");
    return pg_fail(st->db, res, what, in_txn);
}

/* ---- connection ---------------------------------------------------------- */

static void quiet_notices(void *arg, const char *message)
{
    /* "relation already exists, skipping" and the like: not for the
     * server's log. */
    (void)arg;
    (void)message;
}

static bool in_txn_now(const struct pg_db *d)
{
    PGTransactionStatusType t = PQtransactionStatus(d->conn);
    return t == PQTRANS_INTRANS || t == PQTRANS_INERROR || t == PQTRANS_ACTIVE;
}

/*
 * Whether a statement may run on 'd' now, reconnecting a lost connection
 * first.  A lost transaction answers the caller's ROLLBACK ('rollback')
 * with KZ_OK and *absorbed, and anything else with KZ_EBUSY.
 */
static enum kz_err pg_usable(struct pg_db *d, bool rollback, bool *absorbed)
{
    *absorbed = false;
    if (!d->broken)
        return KZ_OK;
    if (d->txn_lost) {
        if (!rollback)
            return KZ_EBUSY;
        d->txn_lost = false;
        *absorbed = true;
        return KZ_OK;
    }
    PQreset(d->conn);
    if (PQstatus(d->conn) != CONNECTION_OK) {
        first_line(d->errmsg, sizeof(d->errmsg), PQerrorMessage(d->conn));
        fprintf(stderr, "kizuki: postgresql: reconnect: %s\n", d->errmsg);
        return KZ_EBUSY;
    }
    d->broken = false;
    d->gen++;
    fprintf(stderr, "kizuki: postgresql: reconnected\n");
    return KZ_OK;
}

/* ---- statements ---------------------------------------------------------- */

static size_t slot_of(const struct pg_db *d, const char *key, bool scan)
{
    uintptr_t h = (uintptr_t)key;
    h ^= h >> 17;
    h *= (uintptr_t)0x9E3779B97F4A7C15ULL;
    h ^= h >> 29;
    h += scan;
    return (size_t)h & (d->nslots - 1);
}

static void cache_put(struct pg_db *d, struct pg_stmt *st)
{
    size_t i = slot_of(d, st->key, st->scan);
    while (d->slots[i] != NULL)
        i = (i + 1) & (d->nslots - 1);
    d->slots[i] = st;
}

static void cache_grow(struct pg_db *d)
{
    struct pg_stmt **old = d->slots;
    size_t n = d->nslots;

    d->nslots = n ? n * 2 : 64;
    d->slots = xcalloc(d->nslots, sizeof(struct pg_stmt *));
    for (size_t i = 0; i < n; i++) {
        if (old[i] != NULL)
            cache_put(d, old[i]);
    }
    xfree(old);
}

static bool is_rollback(const char *sql)
{
    while (*sql == ' ' || *sql == '\n' || *sql == '\t')
        sql++;
    if (strncasecmp(sql, "ROLLBACK", 8) != 0)
        return false;
    sql += 8;
    while (*sql == ' ' || *sql == '\n' || *sql == '\t' || *sql == ';')
        sql++;
    return *sql == '\0';
}

static char *concat3(const char *a, const char *b, const char *c)
{
    size_t n = strlen(a) + strlen(b) + strlen(c) + 1;
    char *s = xmalloc(n);
    snprintf(s, n, "%s%s%s", a, b, c);
    return s;
}

/*
 * Statements shared with SQLite may leave a parameter number out (a
 * scope's ?10..?12 after a statement's ?1): PostgreSQL cannot infer the
 * type of a parameter the text never names (42P18), so such a one is
 * declared text.  A '$N' inside a literal of the rewritten text counts as
 * named, which only leaves its type to the server, as for the others.
 */
static void mark_unused(struct pg_stmt *st)
{
    for (int i = 0; i < st->nparams; i++)
        st->unused[i] = true;
    for (const char *c = st->sql; *c != '\0'; c++) {
        if (*c != '$' || c[1] < '1' || c[1] > '9')
            continue;
        long n = strtol(c + 1, NULL, 10);
        if (n >= 1 && n <= st->nparams)
            st->unused[n - 1] = false;
    }
}

static struct pg_stmt *stmt_new(struct pg_db *d, const char *key, bool scan)
{
    int n = 0;
    char *sql = db_pg_rewrite(key, &n);

    if (sql == NULL) {
        snprintf(d->errmsg, sizeof(d->errmsg),
                 "bad parameter numbering in: %.60s", key);
        fprintf(stderr, "kizuki: postgresql: %s\n", d->errmsg);
        return NULL;
    }
    struct pg_stmt *st = xcalloc(1, sizeof(*st));
    st->base.drv = &pg_driver;
    st->db = d;
    st->key = key;
    st->scan = scan;
    st->rollback = is_rollback(key);
    st->sql = sql;
    st->nparams = n;
    snprintf(st->name, sizeof(st->name), scan ? "kzc%u" : "kz%u", ++d->next_id);
    if (scan) {
        char head[64];
        snprintf(head, sizeof(head), "DECLARE %s NO SCROLL CURSOR FOR ",
                 st->name);
        st->declare = concat3(head, sql, "");
        st->fetch =
            concat3("FETCH FORWARD " STR(SCAN_BATCH) " FROM ", st->name, "");
        st->close = concat3("CLOSE ", st->name, "");
    }
    size_t np = n > 0 ? (size_t)n : 1;
    st->params = xcalloc(np, sizeof(*st->params));
    st->values = xcalloc(np, sizeof(*st->values));
    st->lengths = xcalloc(np, sizeof(*st->lengths));
    st->formats = xcalloc(np, sizeof(*st->formats));
    st->types = xcalloc(np, sizeof(*st->types));
    st->unused = xcalloc(np, sizeof(*st->unused));
    mark_unused(st);
    return st;
}

static void stmt_free(struct pg_stmt *st)
{
    PQclear(st->res);
    for (int i = 0; i < st->nparams; i++)
        xfree(st->params[i].buf);
    xfree(st->params);
    xfree(st->values);
    xfree(st->lengths);
    xfree(st->formats);
    xfree(st->types);
    xfree(st->unused);
    xfree(st->blob);
    xfree(st->sql);
    xfree(st->declare);
    xfree(st->fetch);
    xfree(st->close);
    xfree(st->own_key);
    xfree(st);
}

static void pg_reset(struct db_stmt *bst);

static struct db_stmt *lookup(struct db *bd, const char *sql, bool scan)
{
    struct pg_db *d = (struct pg_db *)bd;

    if (d->nslots > 0) {
        size_t i = slot_of(d, sql, scan);
        for (struct pg_stmt *st; (st = d->slots[i]) != NULL;
             i = (i + 1) & (d->nslots - 1)) {
            if (st->key == sql && st->scan == scan) {
                pg_reset(&st->base);
                return &st->base;
            }
        }
    }
    struct pg_stmt *st = stmt_new(d, sql, scan);
    if (st == NULL)
        return NULL;
    if (2 * (d->used + 1) > d->nslots)
        cache_grow(d);
    cache_put(d, st);
    d->used++;
    return &st->base;
}

static struct db_stmt *pg_stmt(struct db *bd, const char *sql)
{
    return lookup(bd, sql, false);
}

static struct db_stmt *pg_stmt_scan(struct db *bd, const char *sql)
{
    return lookup(bd, sql, true);
}

static struct db_stmt *pg_stmt_new(struct db *bd, const char *sql)
{
    char *copy = xstrdup(sql);
    struct pg_stmt *st = stmt_new((struct pg_db *)bd, copy, false);

    if (st == NULL) {
        xfree(copy);
        return NULL;
    }
    st->own_key = copy;
    return &st->base;
}

static void pg_stmt_free(struct db_stmt *bst)
{
    stmt_free((struct pg_stmt *)bst);
}

/* ---- binding ------------------------------------------------------------- */

static struct pg_param *param(struct pg_stmt *st, int i, size_t need)
{
    if (i < 1 || i > st->nparams) {
        st->bad = true;
        return NULL;
    }
    struct pg_param *p = &st->params[i - 1];
    if (p->cap < need) {
        p->cap = need < 32 ? 32 : need;
        xfree(p->buf);
        p->buf = xmalloc(p->cap);
    }
    return p;
}

static void pg_bind_int64(struct db_stmt *bst, int i, int64_t v)
{
    struct pg_stmt *st = (struct pg_stmt *)bst;
    struct pg_param *p = param(st, i, 21);

    if (p == NULL)
        return;
    /* Digits from the end; the magnitude as unsigned, so INT64_MIN too. */
    char tmp[21];
    char *e = tmp + sizeof(tmp);
    uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
    do {
        *--e = (char)('0' + u % 10);
        u /= 10;
    } while (u != 0);
    if (v < 0)
        *--e = '-';
    size_t n = (size_t)(tmp + sizeof(tmp) - e);
    memcpy(p->buf, e, n);
    p->buf[n] = '\0';
    p->len = (int)n;
    p->kind = BIND_INT;
}

static void pg_bind_null(struct db_stmt *bst, int i)
{
    struct pg_stmt *st = (struct pg_stmt *)bst;
    struct pg_param *p = param(st, i, 0);

    if (p != NULL)
        p->kind = BIND_NULL;
}

static void pg_bind_text(struct db_stmt *bst, int i, const char *s)
{
    if (s == NULL) {
        pg_bind_null(bst, i);
        return;
    }
    struct pg_stmt *st = (struct pg_stmt *)bst;
    size_t n = strlen(s);
    struct pg_param *p = param(st, i, n + 1);

    if (p == NULL)
        return;
    memcpy(p->buf, s, n + 1);
    p->len = (int)n;
    p->kind = BIND_TEXT;
}

static void pg_bind_blob(struct db_stmt *bst, int i, const void *b, size_t n)
{
    if (b == NULL) {
        pg_bind_null(bst, i);
        return;
    }
    struct pg_stmt *st = (struct pg_stmt *)bst;
    struct pg_param *p = param(st, i, n + 1);

    if (p == NULL)
        return;
    memcpy(p->buf, b, n);
    p->len = (int)n;
    p->kind = BIND_BLOB;
}

/* The arrays libpq takes, from the bound values. */
static void marshal(struct pg_stmt *st)
{
    for (int i = 0; i < st->nparams; i++) {
        const struct pg_param *p = &st->params[i];
        st->values[i] = p->kind == BIND_NULL ? NULL : p->buf;
        st->lengths[i] = p->len;
        st->formats[i] = p->kind == BIND_BLOB;
        st->types[i] = p->kind == BIND_BLOB ? PG_BYTEA_OID
                       : st->unused[i]      ? PG_TEXT_OID
                                            : 0;
    }
}

/* ---- running ------------------------------------------------------------- */

static enum db_rc fail(struct pg_stmt *st, enum kz_err err)
{
    st->base.err = err;
    return DB_FAIL;
}

/* The rows of 'res' (or its end) after a successful run or fetch. */
static enum db_rc take_rows(struct pg_stmt *st, PGresult *res)
{
    PQclear(st->res);
    st->res = res;
    st->nrows = PQntuples(res);
    st->row = 0;
    return st->nrows > 0 ? DB_ROW : DB_DONE;
}

/* End a scan's cursor, and the transaction it opened itself. */
static void scan_end(struct pg_stmt *st)
{
    struct pg_db *d = st->db;

    if (!d->broken && st->cursor_open &&
        PQtransactionStatus(d->conn) == PQTRANS_INTRANS)
        PQclear(PQexec(d->conn, st->close));
    st->cursor_open = false;
    if (st->own_txn && !d->broken && in_txn_now(d))
        PQclear(PQexec(d->conn, PQtransactionStatus(d->conn) == PQTRANS_INTRANS
                                    ? "COMMIT"
                                    : "ROLLBACK"));
    st->own_txn = false;
}

static enum db_rc scan_fetch(struct pg_stmt *st)
{
    struct pg_db *d = st->db;
    PGresult *res = PQexec(d->conn, st->fetch);

    if (PQresultStatus(res) != PGRES_TUPLES_OK) {
        enum kz_err err = stmt_fail(st, res, !st->own_txn);
        PQclear(res);
        scan_end(st);
        return fail(st, err);
    }
    st->cursor_done = PQntuples(res) < SCAN_BATCH;
    enum db_rc rc = take_rows(st, res);
    if (rc == DB_DONE)
        scan_end(st);
    return rc;
}

static enum db_rc scan_start(struct pg_stmt *st)
{
    struct pg_db *d = st->db;
    PGresult *res;

    if (!in_txn_now(d)) {
        res =
            PQexec(d->conn, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
        if (PQresultStatus(res) != PGRES_COMMAND_OK) {
            enum kz_err err = stmt_fail(st, res, false);
            PQclear(res);
            return fail(st, err);
        }
        PQclear(res);
        st->own_txn = true;
    }
    res = PQexecParams(d->conn, st->declare, st->nparams, st->types, st->values,
                       st->lengths, st->formats, 0);
    if (PQresultStatus(res) != PGRES_COMMAND_OK) {
        enum kz_err err = stmt_fail(st, res, !st->own_txn);
        PQclear(res);
        scan_end(st);
        return fail(st, err);
    }
    PQclear(res);
    st->cursor_open = true;
    st->cursor_done = false;
    return scan_fetch(st);
}

static bool is_change(PGresult *res)
{
    const char *tag = PQcmdStatus(res);
    return strncmp(tag, "INSERT", 6) == 0 || strncmp(tag, "UPDATE", 6) == 0 ||
           strncmp(tag, "DELETE", 6) == 0 || strncmp(tag, "MERGE", 5) == 0;
}

/*
 * Whether 'res' says that the server session lost or never had the
 * connection's prepared statements although it did not reconnect: a
 * pooler in transaction mode (PgBouncer before 1.21) that handed this
 * transaction another server connection, where kzN is missing (26000) or
 * is another client's (42P05).  The connection then runs unnamed
 * statements from now on, as with KIZUKI_PG_PREPARE=off.
 */
static bool pooler_lost_it(struct pg_db *d, const PGresult *res)
{
    const char *state = field(res, PG_DIAG_SQLSTATE);

    if (!d->prepare ||
        (strcmp(state, "26000") != 0 && strcmp(state, "42P05") != 0))
        return false;
    d->prepare = false;
    snprintf(d->errmsg, sizeof(d->errmsg),
             "%s: prepared statements are not kept by the server session"
             " (a pooler in transaction mode?): using unnamed statements"
             " (set KIZUKI_PG_PREPARE=off to start so)",
             state);
    fprintf(stderr, "kizuki: postgresql: %s\n", d->errmsg);
    return true;
}

static PGresult *exec(struct pg_stmt *st)
{
    struct pg_db *d = st->db;

    if (d->prepare && st->own_key == NULL)
        return PQexecPrepared(d->conn, st->name, st->nparams, st->values,
                              st->lengths, st->formats, 0);
    return PQexecParams(d->conn, st->sql, st->nparams, st->types, st->values,
                        st->lengths, st->formats, 0);
}

static enum db_rc run(struct pg_stmt *st)
{
    struct pg_db *d = st->db;
    bool absorbed = false;
    enum kz_err err;

    st->ran = true;
    if (st->bad) {
        snprintf(d->errmsg, sizeof(d->errmsg), "parameter out of range in %s",
                 st->name);
        fprintf(stderr, "kizuki: postgresql: %s\n", d->errmsg);
        return fail(st, KZ_ESTORE);
    }
    err = pg_usable(d, st->rollback, &absorbed);
    if (err != KZ_OK)
        return fail(st, err);
    if (absorbed) {
        st->changes = 0;
        return DB_DONE;
    }
    marshal(st);
    if (st->scan)
        return scan_start(st);

    bool in_txn = in_txn_now(d);
    PGresult *res;
    if (d->prepare && st->own_key == NULL && st->prepared != d->gen) {
        res = PQprepare(d->conn, st->name, st->sql, st->nparams, st->types);
        if (PQresultStatus(res) == PGRES_COMMAND_OK) {
            st->prepared = d->gen;
        } else if (!pooler_lost_it(d, res)) {
            err = stmt_fail(st, res, in_txn);
            PQclear(res);
            return fail(st, err);
        } else if (in_txn) {
            /* The error ended the caller's transaction: a retry of it
             * runs unnamed. */
            PQclear(res);
            return fail(st, KZ_EBUSY);
        }
        PQclear(res);
    }
    res = exec(st);
    if (PQresultStatus(res) == PGRES_FATAL_ERROR && pooler_lost_it(d, res)) {
        PQclear(res);
        if (in_txn)
            return fail(st, KZ_EBUSY);
        /* Nothing ran: the statement was not found. */
        res = exec(st);
    }
    switch (PQresultStatus(res)) {
    case PGRES_TUPLES_OK:
        st->changes =
            is_change(res) ? strtoll(PQcmdTuples(res), NULL, 10) : st->changes;
        return take_rows(st, res);
    case PGRES_COMMAND_OK:
    case PGRES_EMPTY_QUERY:
        if (is_change(res))
            st->changes = strtoll(PQcmdTuples(res), NULL, 10);
        PQclear(res);
        return DB_DONE;
    default:
        err = stmt_fail(st, res, in_txn);
        PQclear(res);
        return fail(st, err);
    }
}

static enum db_rc pg_step(struct db_stmt *bst)
{
    struct pg_stmt *st = (struct pg_stmt *)bst;

    if (!st->ran)
        return run(st);
    if (st->res == NULL)
        return DB_DONE;
    if (st->row + 1 < st->nrows) {
        st->row++;
        return DB_ROW;
    }
    if (st->scan && st->cursor_open && !st->cursor_done)
        return scan_fetch(st);
    if (st->scan && st->cursor_open)
        scan_end(st);
    st->row = st->nrows;
    return DB_DONE;
}

static void pg_reset(struct db_stmt *bst)
{
    struct pg_stmt *st = (struct pg_stmt *)bst;

    if (st->scan)
        scan_end(st);
    PQclear(st->res);
    st->res = NULL;
    st->nrows = 0;
    st->row = 0;
    st->ran = false;
    st->bad = false;
    for (int i = 0; i < st->nparams; i++)
        st->params[i].kind = BIND_NULL;
}

static int64_t pg_changes(struct db_stmt *bst)
{
    return ((struct pg_stmt *)bst)->changes;
}

static int64_t pg_last_id(struct db_stmt *bst)
{
    /* PostgreSQL has no rowid: the store's insert texts for it carry
     * RETURNING id (db.h). */
    (void)bst;
    return 0;
}

/* ---- columns ------------------------------------------------------------- */

static bool have(const struct pg_stmt *st, int i)
{
    return st->res != NULL && st->row < st->nrows && i >= 0 &&
           i < PQnfields(st->res);
}

static bool pg_col_null(struct db_stmt *bst, int i)
{
    struct pg_stmt *st = (struct pg_stmt *)bst;
    return !have(st, i) || PQgetisnull(st->res, st->row, i);
}

static int64_t pg_col_int64(struct db_stmt *bst, int i)
{
    struct pg_stmt *st = (struct pg_stmt *)bst;

    if (pg_col_null(bst, i))
        return 0;
    const char *s = PQgetvalue(st->res, st->row, i);
    if (s[0] == 't' && s[1] == '\0')
        return 1; /* a boolean, as SQLite answers a comparison */
    bool neg = *s == '-';
    if (neg)
        s++;
    uint64_t u = 0;
    while (*s >= '0' && *s <= '9')
        u = u * 10 + (uint64_t)(*s++ - '0');
    if (*s == '.' || *s == 'e' || *s == 'E') /* numeric or float: as SQLite */
        return (int64_t)strtod(PQgetvalue(st->res, st->row, i), NULL);
    return neg ? (int64_t)(0 - u) : (int64_t)u;
}

static const char *pg_col_text(struct db_stmt *bst, int i)
{
    struct pg_stmt *st = (struct pg_stmt *)bst;

    if (pg_col_null(bst, i))
        return NULL;
    return PQgetvalue(st->res, st->row, i);
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

static const void *pg_col_blob(struct db_stmt *bst, int i, size_t *n)
{
    struct pg_stmt *st = (struct pg_stmt *)bst;

    *n = 0;
    if (pg_col_null(bst, i))
        return NULL;
    const char *s = PQgetvalue(st->res, st->row, i);
    size_t len = (size_t)PQgetlength(st->res, st->row, i);
    /* bytea in text format is hex ("\x…", bytea_output = hex, the default
     * since 9.0); another column type is its text. */
    if (PQftype(st->res, i) != PG_BYTEA_OID || len < 2 || s[0] != '\\' ||
        s[1] != 'x') {
        *n = len;
        return s;
    }
    size_t out = (len - 2) / 2;
    if (st->blob_cap < out + 1) {
        xfree(st->blob);
        st->blob_cap = out + 1;
        st->blob = xmalloc(st->blob_cap);
    }
    for (size_t k = 0; k < out; k++) {
        int hi = hexval(s[2 + 2 * k]), lo = hexval(s[3 + 2 * k]);
        if (hi < 0 || lo < 0)
            return NULL;
        st->blob[k] = (char)(hi << 4 | lo);
    }
    *n = out;
    return st->blob;
}

/* ---- the connection ------------------------------------------------------ */

static enum kz_err pg_exec_script(struct db *bd, const char *sql)
{
    struct pg_db *d = (struct pg_db *)bd;
    bool absorbed = false;
    enum kz_err err = pg_usable(d, is_rollback(sql), &absorbed);

    if (err != KZ_OK || absorbed)
        return err;
    bool in_txn = in_txn_now(d);
    PGresult *res = PQexec(d->conn, sql);
    ExecStatusType rs = PQresultStatus(res);
    if (rs == PGRES_COMMAND_OK || rs == PGRES_TUPLES_OK ||
        rs == PGRES_EMPTY_QUERY) {
        PQclear(res);
        return KZ_OK;
    }
    err = pg_fail(d, res, "script", in_txn);
    PQclear(res);
    return err;
}

static bool pg_in_transaction(struct db *bd)
{
    struct pg_db *d = (struct pg_db *)bd;

    if (d->txn_lost)
        return true;
    return !d->broken && in_txn_now(d);
}

static const char *pg_errmsg(struct db *bd)
{
    return ((struct pg_db *)bd)->errmsg;
}

static void pg_close(struct db *bd)
{
    struct pg_db *d = (struct pg_db *)bd;

    for (size_t i = 0; i < d->nslots; i++) {
        if (d->slots[i] != NULL)
            stmt_free(d->slots[i]);
    }
    xfree(d->slots);
    PQfinish(d->conn);
    xfree(d);
}

static const struct db_driver pg_driver = {
    .dialect = DB_POSTGRES,
    .stmt = pg_stmt,
    .stmt_scan = pg_stmt_scan,
    .stmt_new = pg_stmt_new,
    .stmt_free = pg_stmt_free,
    .bind_int64 = pg_bind_int64,
    .bind_text = pg_bind_text,
    .bind_blob = pg_bind_blob,
    .bind_null = pg_bind_null,
    .step = pg_step,
    .col_null = pg_col_null,
    .col_int64 = pg_col_int64,
    .col_text = pg_col_text,
    .col_blob = pg_col_blob,
    .reset = pg_reset,
    .changes = pg_changes,
    .last_id = pg_last_id,
    .exec_script = pg_exec_script,
    .in_transaction = pg_in_transaction,
    .errmsg = pg_errmsg,
    .close = pg_close,
};

enum kz_err db_pg_open(const char *uri, struct db **out)
{
    /* Later keywords override what the URI says: kizuki's text is UTF-8
     * whatever the client's locale. */
    const char *const keys[] = {"dbname", "fallback_application_name",
                                "client_encoding", NULL};
    const char *const vals[] = {uri, "kizuki", "UTF8", NULL};
    PGconn *conn = PQconnectdbParams(keys, vals, 1);

    *out = NULL;
    if (conn == NULL)
        return KZ_ESTORE;
    if (PQstatus(conn) != CONNECTION_OK) {
        char why[384];
        const char *host = PQhost(conn);
        const char *port = PQport(conn);
        first_line(why, sizeof(why), PQerrorMessage(conn));
        fprintf(stderr, "kizuki: cannot connect to PostgreSQL at %s%s%s: %s\n",
                host != NULL && *host ? host : "(default host)",
                port != NULL && *port ? " port " : "", port != NULL ? port : "",
                why);
        PQfinish(conn);
        return KZ_EBUSY;
    }
    PQsetNoticeProcessor(conn, quiet_notices, NULL);

    struct pg_db *d = xcalloc(1, sizeof(*d));
    const char *prep = getenv("KIZUKI_PG_PREPARE");
    d->base.drv = &pg_driver;
    d->conn = conn;
    d->gen = 1;
    d->prepare = prep == NULL || strcmp(prep, "off") != 0;
    *out = &d->base;
    return KZ_OK;
}
