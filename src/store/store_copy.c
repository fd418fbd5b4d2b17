/* SPDX-License-Identifier: MIT */
/*
 * store_copy.c - a whole store copied table by table into another: the
 * store's part of `kizuki migrate` (app/migrate.c).  Written once over
 * the SQL driver of db.h, so either engine may be the source and either
 * the target.
 *
 * THE list of the schema's tables is here (copy_tables), in the order of
 * their foreign keys, each with how the copy treats it.  A migration that
 * adds a table adds it here too: tests/unit/store/test_store_copy.c fails
 * until it does, and store_copy_check() makes `kizuki migrate` refuse a
 * schema holding a table the list does not name, so no table is ever
 * left behind in silence.
 *
 * Rows are read with a fixed SELECT per table through db_stmt_scan()
 * (PostgreSQL: a cursor, a batch at a time), so a store of 10^6
 * incidents is never held in memory, and written by one INSERT per table
 * built from the table's column list (db_stmt_new), keys included: the
 * hash chains cover incident ids and sequence numbers.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "store/sql_int.h"
#include "util/buf.h"
#include "util/mem.h"
#include "util/strv.h"

struct copy_table {
    struct store_copy_table t;
    const char *select[2]; /* per enum db_dialect */
    /* The columns 'select' gives, in its order; NULL: SELECT *, the
     * table's own order. */
    const char *columns;
    const char *count;
    const char *clear;
};

#define TABLE(name, how)                                                       \
    {                                                                          \
        {name, how}, {"SELECT * FROM " name, "SELECT * FROM " name}, NULL,     \
            "SELECT count(*) FROM " name, "DELETE FROM " name                  \
    }

/*
 * The search documents of the source with their text: a document already
 * indexed keeps its text in the index (search_fts) and NULL in body, one
 * waiting to be indexed (PostgreSQL before its flush) in body.  Copied
 * with the text in body, every document is indexed by the target's own
 * flush when the copy commits (docs/internals/search.md), with the
 * target engine's tokens.
 */
#define SEARCH_DOC_COLUMNS "id, incident_id, kind, source_id, body"
static const char sql_search_doc_sqlite[] =
    "SELECT d.id, d.incident_id, d.kind, d.source_id, coalesce(d.body, f.body)"
    " FROM search_doc d LEFT JOIN search_fts f ON f.rowid = d.id";
static const char sql_search_doc_pg[] =
    "SELECT d.id, d.incident_id, d.kind, d.source_id, coalesce(d.body, f.body)"
    " FROM search_doc d LEFT JOIN search_fts f ON f.id = d.id";

/* Parents before the rows that refer to them (foreign keys are checked
 * as each row is written).  search_template before task: a playbook
 * task's trigger then finds its template already there, with the
 * source's id, which the 'tasks' documents name. */
static const struct copy_table copy_tables[] = {
    TABLE("ref_counter", STORE_COPY_ROWS),
    TABLE("account", STORE_COPY_ROWS),
    TABLE("api_token", STORE_COPY_ROWS),
    TABLE("session", STORE_COPY_ROWS),
    TABLE("incident", STORE_COPY_ROWS),
    TABLE("incident_member", STORE_COPY_ROWS),
    TABLE("chronology", STORE_COPY_ROWS),
    TABLE("audit", STORE_COPY_ROWS),
    TABLE("audit_head", STORE_COPY_SEEDED),
    TABLE("asset", STORE_COPY_ROWS),
    TABLE("contact", STORE_COPY_ROWS),
    TABLE("conv_rule", STORE_COPY_ROWS),
    TABLE("playbook", STORE_COPY_ROWS),
    TABLE("conv_fired", STORE_COPY_ROWS),
    TABLE("summons", STORE_COPY_ROWS),
    TABLE("outbox", STORE_COPY_ROWS),
    TABLE("setting", STORE_COPY_ROWS),
    TABLE("search_template", STORE_COPY_ROWS),
    TABLE("task", STORE_COPY_ROWS),
    TABLE("incident_item", STORE_COPY_ROWS),
    TABLE("incident_link", STORE_COPY_ROWS),
    TABLE("incident_duty_due", STORE_COPY_ROWS),
    TABLE("saved_filter", STORE_COPY_ROWS),
    TABLE("evidence", STORE_COPY_ROWS),
    TABLE("custody_event", STORE_COPY_ROWS),
    TABLE("observable", STORE_COPY_ROWS),
    TABLE("alert", STORE_COPY_ROWS),
    TABLE("mail_message", STORE_COPY_ROWS),
    {{"search_doc", STORE_COPY_INDEX},
     {sql_search_doc_sqlite, sql_search_doc_pg},
     SEARCH_DOC_COLUMNS,
     "SELECT count(*) FROM search_doc",
     "DELETE FROM search_doc"},
    TABLE("search_tasks_dirty", STORE_COPY_INDEX),
    TABLE("search_gone", STORE_COPY_INDEX),
    TABLE("search_fts", STORE_COPY_REBUILT),
    TABLE("schema_version", STORE_COPY_OWN),
    /* Failed sign-ins in flight (PostgreSQL's throttle, 0020): a moved
     * store starts with a clean slate, as a restarted SQLite server
     * does. */
    TABLE("signin_throttle", STORE_COPY_OWN),
};

#define NTABLES (sizeof(copy_tables) / sizeof(copy_tables[0]))

const struct store_copy_table *store_copy_table_at(size_t i)
{
    return i < NTABLES ? &copy_tables[i].t : NULL;
}

/* The entry of 't' (one of store_copy_table_at()). */
static const struct copy_table *entry_of(const struct store_copy_table *t)
{
    return (const struct copy_table *)t;
}

static const struct copy_table *find_table(const char *name)
{
    for (size_t i = 0; i < NTABLES; i++)
        if (strcmp(copy_tables[i].t.name, name) == 0)
            return &copy_tables[i];
    return NULL;
}

/* ---- the catalogue ------------------------------------------------------ */

/* Tables of the schema: FTS5's shadow tables are the virtual table's
 * ('shadow'), SQLite's own are not kizuki's. */
static const char sql_tables_sqlite[] =
    "SELECT name FROM pragma_table_list"
    " WHERE schema = 'main' AND type IN ('table', 'virtual')"
    " AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'";
static const char sql_tables_pg[] =
    "SELECT table_name FROM information_schema.tables"
    " WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'";

static const char sql_columns_sqlite[] =
    "SELECT name, type FROM pragma_table_info(?1) ORDER BY cid";
static const char sql_columns_pg[] =
    "SELECT a.attname, format_type(a.atttypid, a.atttypmod)"
    " FROM pg_attribute a"
    " WHERE a.attrelid = to_regclass(CAST(?1 AS TEXT))"
    " AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum";

static const char sql_identity_pg[] =
    "SELECT table_name, column_name FROM information_schema.columns"
    " WHERE table_schema = current_schema() AND is_identity = 'YES'"
    " ORDER BY table_name";

enum col_type { COL_INT, COL_TEXT, COL_BLOB };

struct columns {
    struct strv names;
    enum col_type *types;
};

static void columns_cleanup(struct columns *c)
{
    strv_cleanup(&c->names);
    xfree(c->types);
    c->types = NULL;
}

/* The class of a declared type: SQLite's INTEGER, PostgreSQL's bigint
 * are integers; bytea and BLOB bytes; the rest travels as text. */
static enum col_type type_class(const char *type)
{
    char low[32];
    size_t i = 0;

    for (; type != NULL && type[i] != '\0' && i + 1 < sizeof(low); i++)
        low[i] = (char)tolower((unsigned char)type[i]);
    low[i] = '\0';
    if (strstr(low, "int") != NULL)
        return COL_INT;
    if (strcmp(low, "bytea") == 0 || strcmp(low, "blob") == 0)
        return COL_BLOB;
    return COL_TEXT;
}

/* The columns of table 'name' in their order (OUT: 'out', empty when
 * the schema has no such table). */
static enum kz_err columns_load(struct db *d, const char *name,
                                struct columns *out)
{
    struct db_stmt *st = db_stmt(
        d, db_dialect(d) == DB_SQLITE ? sql_columns_sqlite : sql_columns_pg);
    enum db_rc rc;

    memset(out, 0, sizeof(*out));
    if (st == NULL)
        return KZ_ESTORE;
    db_bind_text(st, 1, name);
    while ((rc = db_step(st)) == DB_ROW) {
        strv_push(&out->names, db_col_text(st, 0));
        out->types = xrealloc(out->types, out->names.n * sizeof(*out->types));
        out->types[out->names.n - 1] = type_class(db_col_text(st, 1));
    }
    db_reset(st);
    return sql_step_err(st, rc);
}

/* "a, b, c" of the names of 'c'. */
static bool columns_are(const struct columns *c, const char *list)
{
    struct buf b;
    bool same;

    buf_init(&b, 1 << 16);
    for (size_t i = 0; i < c->names.n; i++)
        if (buf_printf(&b, "%s%s", i ? ", " : "", c->names.v[i]) != KZ_OK)
            break;
    same = b.data != NULL && strcmp(b.data, list) == 0;
    buf_cleanup(&b);
    return same;
}

/* Append "name" quoted as an SQL identifier (both engines). */
static enum kz_err put_ident(struct buf *b, const char *name)
{
    enum kz_err err = buf_puts(b, "\"");

    for (const char *p = name; err == KZ_OK && *p != '\0'; p++) {
        err = buf_append(b, p, 1);
        if (err == KZ_OK && *p == '"')
            err = buf_append(b, p, 1); /* "" inside quotes is one " */
    }
    return err == KZ_OK ? buf_puts(b, "\"") : err;
}

enum kz_err store_copy_check(struct store *s, char *name, size_t n)
{
    struct db *d = s->db;
    struct db_stmt *st = db_stmt(
        d, db_dialect(d) == DB_SQLITE ? sql_tables_sqlite : sql_tables_pg);
    struct strv found = {0};
    enum kz_err err = KZ_OK;
    enum db_rc rc;

    name[0] = '\0';
    if (st == NULL)
        return KZ_ESTORE;
    while ((rc = db_step(st)) == DB_ROW)
        strv_push(&found, db_col_text(st, 0));
    db_reset(st);
    err = sql_step_err(st, rc);
    for (size_t i = 0; err == KZ_OK && i < found.n; i++)
        if (find_table(found.v[i]) == NULL) {
            snprintf(name, n, "%s", found.v[i]);
            err = KZ_ESCHEMA;
        }
    for (size_t i = 0; err == KZ_OK && i < NTABLES; i++)
        if (!strv_contains(&found, copy_tables[i].t.name)) {
            snprintf(name, n, "%s", copy_tables[i].t.name);
            err = KZ_ESCHEMA;
        }
    strv_cleanup(&found);
    return err;
}

enum kz_err store_copy_count(struct store *s, const struct store_copy_table *t,
                             int64_t *n)
{
    struct db_stmt *st = db_stmt(s->db, entry_of(t)->count);

    *n = 0;
    if (st == NULL)
        return KZ_ESTORE;
    enum db_rc rc = db_step(st);
    if (rc == DB_ROW)
        *n = db_col_int64(st, 0);
    return sql_lookup_end(st, rc);
}

enum kz_err store_copy_first_filled(struct store *s,
                                    const struct store_copy_table **table)
{
    *table = NULL;
    for (size_t i = 0; i < NTABLES; i++) {
        const struct store_copy_table *t = &copy_tables[i].t;
        int64_t n = 0;
        /* The schema writes audit_head's row itself; a target's audit
         * log is seen empty or not through the audit table. */
        if (t->how != STORE_COPY_ROWS && t->how != STORE_COPY_INDEX)
            continue;
        enum kz_err err = store_copy_count(s, t, &n);
        if (err != KZ_OK)
            return err;
        if (n > 0) {
            *table = t;
            return KZ_OK;
        }
    }
    return KZ_OK;
}

/* ---- copying ------------------------------------------------------------ */

/* Bind column 'i' of the source row 'sel' as parameter i + 1 of 'ins'. */
static void bind_column(struct db_stmt *ins, struct db_stmt *sel, int i,
                        enum col_type type)
{
    if (db_col_null(sel, i)) {
        db_bind_null(ins, i + 1);
    } else if (type == COL_INT) {
        db_bind_int64(ins, i + 1, db_col_int64(sel, i));
    } else if (type == COL_BLOB) {
        size_t n = 0;
        const void *p = db_col_blob(sel, i, &n);
        db_bind_blob(ins, i + 1, p, n);
    } else {
        db_bind_text(ins, i + 1, db_col_text(sel, i));
    }
}

/* INSERT INTO "t" ("a", "b") VALUES (?1, ?2) for the columns 'c'. */
static enum kz_err insert_text(const char *table, const struct columns *c,
                               struct buf *b)
{
    enum kz_err err = buf_puts(b, "INSERT INTO ");

    if (err == KZ_OK)
        err = put_ident(b, table);
    for (size_t i = 0; err == KZ_OK && i < c->names.n; i++) {
        err = buf_puts(b, i ? ", " : " (");
        if (err == KZ_OK)
            err = put_ident(b, c->names.v[i]);
    }
    for (size_t i = 0; err == KZ_OK && i < c->names.n; i++)
        err = buf_printf(b, "%s?%zu", i ? ", " : ") VALUES (", i + 1);
    return err == KZ_OK ? buf_puts(b, ")") : err;
}

/* The two engines' column lists of 't' must name the same columns of the
 * same kinds: the schemas are at one version, so anything else is a
 * migration written for one engine only. */
static bool columns_match(const struct columns *a, const struct columns *b)
{
    if (a->names.n == 0 || a->names.n != b->names.n)
        return false;
    for (size_t i = 0; i < a->names.n; i++) {
        size_t j = 0;
        while (j < b->names.n && strcmp(a->names.v[i], b->names.v[j]) != 0)
            j++;
        if (j == b->names.n || a->types[i] != b->types[j])
            return false;
    }
    return true;
}

static enum kz_err copy_rows(struct store *src, struct store *dst,
                             const struct copy_table *t, int64_t *rows)
{
    struct columns sc, dc;
    struct db_stmt *ins = NULL;
    struct buf text;
    enum db_rc rc = DB_DONE;
    enum kz_err err = columns_load(src->db, t->t.name, &sc);

    *rows = 0;
    buf_init(&text, 1 << 16);
    if (err == KZ_OK)
        err = columns_load(dst->db, t->t.name, &dc);
    else
        memset(&dc, 0, sizeof(dc));
    if (err == KZ_OK &&
        (!columns_match(&sc, &dc) ||
         (t->columns != NULL && !columns_are(&sc, t->columns)))) {
        fprintf(stderr,
                "kizuki: copy: the columns of table %s differ between the "
                "two databases\n",
                t->t.name);
        err = KZ_ESCHEMA;
    }
    if (err == KZ_OK)
        err = insert_text(t->t.name, &sc, &text);
    if (err == KZ_OK) {
        ins = db_stmt_new(dst->db, text.data);
        if (ins == NULL)
            err = KZ_ESTORE;
    }
    struct db_stmt *sel =
        err == KZ_OK ? db_stmt_scan(src->db, t->select[db_dialect(src->db)])
                     : NULL;
    if (err == KZ_OK && sel == NULL)
        err = KZ_ESTORE;
    while (err == KZ_OK && (rc = db_step(sel)) == DB_ROW) {
        for (size_t i = 0; i < sc.names.n; i++)
            bind_column(ins, sel, (int)i, sc.types[i]);
        err = sql_exec(ins);
        if (err == KZ_OK)
            (*rows)++;
    }
    if (err == KZ_OK && rc == DB_FAIL)
        err = db_stmt_err(sel);
    if (sel != NULL)
        db_reset(sel);
    db_stmt_free(ins);
    buf_cleanup(&text);
    columns_cleanup(&sc);
    columns_cleanup(&dc);
    return err;
}

/* Run the text in 'b' as a script on 'd' (DDL takes no parameters). */
static enum kz_err exec_built(struct db *d, struct buf *b, enum kz_err err)
{
    if (err == KZ_OK)
        err = db_exec_script(d, b->data);
    buf_reset(b);
    return err;
}

/* SQLite's triggers in the order they were made, to make them again. */
static const char sql_triggers_sqlite[] =
    "SELECT name, sql FROM sqlite_schema WHERE type = 'trigger'"
    " ORDER BY rowid";

/*
 * Switch the target's own triggers off for the copy ('on' false) and on
 * again, inside the copy's transaction (DDL is transactional on both
 * engines, so a failed copy leaves them as they were).  The rows come
 * with the search documents the source made of them: the triggers would
 * only make documents numbered by the order of the copy, to be replaced,
 * and on PostgreSQL their numbering takes a transaction-scoped advisory
 * lock per incident, held to the commit — 10^6 of them would exhaust the
 * server's lock table.  The append-only triggers must be off for --force
 * to empty a target.  PostgreSQL: ALTER TABLE … DISABLE TRIGGER USER
 * (foreign keys are system triggers and stay on).  SQLite has no such
 * switch: its triggers are dropped and made again from their text in
 * 'saved' (name, sql pairs).
 */
static enum kz_err triggers(struct db *d, bool on, struct strv *saved)
{
    struct buf b;
    enum kz_err err = KZ_OK;

    buf_init(&b, 1 << 20);
    if (db_dialect(d) == DB_SQLITE && !on) {
        struct db_stmt *st = db_stmt(d, sql_triggers_sqlite);
        enum db_rc rc;
        if (st == NULL)
            return KZ_ESTORE;
        while ((rc = db_step(st)) == DB_ROW) {
            strv_push(saved, db_col_text(st, 0));
            strv_push(saved, db_col_text(st, 1));
        }
        db_reset(st);
        err = sql_step_err(st, rc);
        for (size_t i = 0; err == KZ_OK && i + 1 < saved->n; i += 2) {
            err = buf_puts(&b, "DROP TRIGGER ");
            if (err == KZ_OK)
                err = put_ident(&b, saved->v[i]);
            err = exec_built(d, &b, err);
        }
    } else if (db_dialect(d) == DB_SQLITE) {
        for (size_t i = 0; err == KZ_OK && i + 1 < saved->n; i += 2)
            err = db_exec_script(d, saved->v[i + 1]);
    } else {
        for (size_t i = 0; err == KZ_OK && i < NTABLES; i++) {
            enum store_copy_how how = copy_tables[i].t.how;
            if (how == STORE_COPY_OWN)
                continue;
            err = buf_puts(&b, "ALTER TABLE ");
            if (err == KZ_OK)
                err = put_ident(&b, copy_tables[i].t.name);
            if (err == KZ_OK)
                err = buf_puts(&b, on ? " ENABLE TRIGGER USER"
                                      : " DISABLE TRIGGER USER");
            err = exec_built(d, &b, err);
        }
    }
    buf_cleanup(&b);
    return err;
}

/*
 * PostgreSQL: an identity column hands out max(id) + 1 next, as SQLite's
 * rowid would; the copy wrote ids without taking them from the sequence.
 * ALTER … RESTART is DDL, so it rolls back with the copy (setval() would
 * not).
 */
static enum kz_err pg_identities(struct db *d)
{
    struct db_stmt *st = db_stmt(d, sql_identity_pg);
    struct strv cols = {0};
    struct buf b;
    enum kz_err err = KZ_OK;
    enum db_rc rc;

    if (st == NULL)
        return KZ_ESTORE;
    while ((rc = db_step(st)) == DB_ROW) {
        strv_push(&cols, db_col_text(st, 0));
        strv_push(&cols, db_col_text(st, 1));
    }
    db_reset(st);
    err = sql_step_err(st, rc);
    buf_init(&b, 4096);
    for (size_t i = 0; err == KZ_OK && i + 1 < cols.n; i += 2) {
        const char *table = cols.v[i], *col = cols.v[i + 1];
        int64_t max = 0;
        err = buf_puts(&b, "SELECT coalesce(max(");
        if (err == KZ_OK)
            err = put_ident(&b, col);
        if (err == KZ_OK)
            err = buf_puts(&b, "), 0) FROM ");
        if (err == KZ_OK)
            err = put_ident(&b, table);
        struct db_stmt *q = err == KZ_OK ? db_stmt_new(d, b.data) : NULL;
        if (err == KZ_OK && q == NULL)
            err = KZ_ESTORE;
        if (err == KZ_OK) {
            rc = db_step(q);
            if (rc == DB_ROW)
                max = db_col_int64(q, 0);
            err = rc == DB_ROW ? KZ_OK : KZ_ESTORE;
        }
        db_stmt_free(q);
        buf_reset(&b);
        if (err == KZ_OK)
            err = buf_puts(&b, "ALTER TABLE ");
        if (err == KZ_OK)
            err = put_ident(&b, table);
        if (err == KZ_OK)
            err = buf_puts(&b, " ALTER COLUMN ");
        if (err == KZ_OK)
            err = put_ident(&b, col);
        if (err == KZ_OK)
            err = buf_printf(&b, " RESTART WITH %lld", (long long)max + 1);
        err = exec_built(d, &b, err);
    }
    buf_cleanup(&b);
    strv_cleanup(&cols);
    return err;
}

/* Empty table 't' of 'd'. */
static enum kz_err clear(struct db *d, const struct copy_table *t)
{
    return sql_exec_text(d, t->clear);
}

/* Copy the tables of kind 'how', in the list's order. */
static enum kz_err copy_kind(struct store *src, struct store *dst,
                             enum store_copy_how how,
                             store_copy_progress progress, void *ctx,
                             const struct store_copy_table **at)
{
    enum kz_err err = KZ_OK;

    for (size_t i = 0; err == KZ_OK && i < NTABLES; i++) {
        const struct copy_table *t = &copy_tables[i];
        int64_t rows = 0;
        if (t->t.how != how)
            continue;
        *at = &t->t;
        err = copy_rows(src, dst, t, &rows);
        if (err == KZ_OK && progress != NULL)
            progress(ctx, t->t.name, rows);
    }
    return err;
}

enum kz_err store_copy(struct store *src, struct store *dst, bool replace,
                       store_copy_progress progress, void *ctx,
                       const struct store_copy_table **at)
{
    struct strv saved = {0};
    enum kz_err err = KZ_OK;

    *at = NULL;
    if (src->depth == 0 || dst->depth == 0)
        return KZ_ESTORE; /* the caller's transactions: a bug otherwise */
    err = triggers(dst->db, false, &saved);
    /* What the target holds gives way to the source's rows: with
     * 'replace' everything, children first; else only the rows the
     * schema wrote itself (the empty audit log's head). */
    for (size_t i = NTABLES; err == KZ_OK && i-- > 0;) {
        enum store_copy_how how = copy_tables[i].t.how;
        if (how == STORE_COPY_SEEDED || (replace && how != STORE_COPY_OWN)) {
            *at = &copy_tables[i].t;
            err = clear(dst->db, &copy_tables[i]);
        }
    }
    if (err == KZ_OK)
        err = copy_kind(src, dst, STORE_COPY_ROWS, progress, ctx, at);
    if (err == KZ_OK)
        err = copy_kind(src, dst, STORE_COPY_SEEDED, progress, ctx, at);
    /* The source's search documents, ids and all (the numbering of an
     * incident's documents follows its history, not the copy's order);
     * each is indexed by the target's flush when the copy commits. */
    if (err == KZ_OK)
        err = copy_kind(src, dst, STORE_COPY_INDEX, progress, ctx, at);
    if (err == KZ_OK) {
        *at = NULL;
        err = triggers(dst->db, true, &saved);
    }
    if (err == KZ_OK && db_dialect(dst->db) == DB_POSTGRES)
        err = pg_identities(dst->db);
    strv_cleanup(&saved);
    return err;
}
