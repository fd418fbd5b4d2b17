/* SPDX-License-Identifier: MIT */
/*
 * store_int.h - the store handle and the little an engine implements
 * itself.  The record operations are written once for every engine over
 * the driver of db.h (sql_*.c, called by store.c directly); an engine
 * (sqlite.c; PostgreSQL next) supplies its connection, migrations, search
 * index and, for now, the operations not yet moved onto the driver.
 * Only store.c and the engines include this.
 */
#ifndef KZ_STORE_STORE_INT_H
#define KZ_STORE_STORE_INT_H

#include "store/store.h"

struct db; /* db.h */

struct store_ops {
    const char *name;
    /* The newest schema this build's migrations for the engine make. */
    int (*schema_latest)(struct store *s);
    /* Before the outer COMMIT (NULL: nothing to do): the engine's search
     * index takes the transaction's changed documents. */
    enum kz_err (*before_commit)(struct store *s);
    /* Close s->db and free the engine's handle. */
    void (*close)(struct store *s);
    /* Full-text search differs per engine (FTS5; tsvector). */
    enum kz_err (*search)(struct store *s, const struct search_query *q,
                          const struct incident_filter *f,
                          struct search_hits *out);
    /*
     * The incident list when f->q has words (f->q not empty and f->search
     * with terms; store_incident_list asks only then): the page of at most
     * 'limit' incidents (already clamped to 1..INCIDENT_FETCH_MAX) that
     * pass every other part of 'f' — its filters, need-to-know, cursor
     * (before_id / after), sort and direction — and whose reference
     * contains q (ref_q_shape(), ASCII case ignored) or that have a
     * document matching f->search in the engine's search index.  Rows in
     * exactly the order and with exactly the contents store_incident_list
     * gives without q (the shared reader sql_incident_read() fills them).
     * 'out' is empty on entry; on error the caller cleans it up.  NULL:
     * store_incident_list answers KZ_ESTORE for such a q.
     */
    enum kz_err (*list_q)(struct store *s, const struct incident_filter *f,
                          int limit, struct incident_list *out);
    /*
     * The search index's expression for 'q' (which has terms), to bind
     * as the one parameter of search_match_sql (*expr: the caller's,
     * xfree).  Used by the shared filter of the list and the count
     * wherever q has words.  NULL: KZ_ESTORE.
     */
    enum kz_err (*search_match)(struct store *s, const struct search_query *q,
                                char **expr);
    /*
     * SQL condition, on the incident row aliased 'i', "some document of
     * incident i matches the expression": one parameter written '?'
     * (the shared filter numbers it), bound to search_match()'s *expr
     * as text.  SQLite: "i.id IN (SELECT 549755813887 - (rowid >> 24)
     * FROM search_fts WHERE search_fts MATCH ?)".
     */
    const char *search_match_sql;
};

/* The generic part every engine's handle starts with. */
struct store {
    const struct store_ops *ops;
    struct db *db;                /* the connection (db.h) */
    int schema;                   /* the schema version after opening */
    int depth;                    /* open nested transactions */
    bool reading;                 /* the outermost is a reading one */
    bool write_locked;            /* its write lock is held (sql_store.c) */
    long fault_countdown;         /* test seam; 0 = off */
    unsigned long outbox_inserts; /* store_outbox_inserts() */
    int64_t flush_ns;             /* store_commit_times() */
    int64_t commit_ns;
};

/* Open the SQLite backend (sqlite.c). */
enum kz_err store_sqlite_open(const char *path, enum store_open_mode mode,
                              struct store **out);

#endif
