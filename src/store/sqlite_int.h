/* SPDX-License-Identifier: MIT */
/*
 * sqlite_int.h - private to the SQLite-only parts of the store: the
 * engine's handle, its search index, the list's q through that index
 * (sqlite_list_q.c), and — TRANSITIONAL (issue 11) — the old backend
 * helpers that sqlite_search.c and sqlite_alert.c still use.  Those files
 * were being changed by other work when the rest of the store moved onto
 * the driver (db.h, sql_*.c); the helpers below are now thin wrappers over
 * the SQLite driver (db_sqlite.c) and its statement cache.  Remove them
 * once those files are written with db.h and sql_int.h.
 */
#ifndef KZ_STORE_SQLITE_INT_H
#define KZ_STORE_SQLITE_INT_H

#include <jansson.h>
#include <sqlite3.h>

#include "store/db_sqlite.h"
#include "store/sql_int.h"
#include "util/strv.h"

struct sqlite_store {
    struct store base; /* must be first; base.db is the driver's */
    sqlite3 *db;       /* the driver's SQLite handle (db_sqlite_handle) */
    int schema;        /* = base.schema, for sqlite_search.c */
};

static inline struct sqlite_store *sq(struct store *s)
{
    return (struct sqlite_store *)s;
}

/* ---- TRANSITIONAL (issue 11): the old helpers over the driver ---------- */

/* The cached prepared statement for the static text 'sql' from the
 * driver's cache, reset and with no bindings; NULL (and logged) if it
 * does not compile.  Borrowed. */
sqlite3_stmt *sqlite_stmt(struct sqlite_store *ss, const char *sql);
/* Map a SQLite result code to kizuki's, logging unexpected errors. */
enum kz_err sqlite_err(struct sqlite_store *ss, int rc);
/* Run a statement that returns no rows; resets it. */
enum kz_err sqlite_exec_stmt(struct sqlite_store *ss, sqlite3_stmt *st);
/* Run a statement that changes the row its key names (an UPDATE or a
 * DELETE by id); KZ_ENOTFOUND when no row has that key. */
enum kz_err sqlite_exec_keyed(struct sqlite_store *ss, sqlite3_stmt *st);
/* The end of a lookup that selects at most one row, called after the row
 * (if 'rc' is SQLITE_ROW) was read: resets 'st' and returns KZ_OK for a
 * row, KZ_ENOTFOUND for none, else the step's error. */
enum kz_err sqlite_lookup_end(struct sqlite_store *ss, sqlite3_stmt *st,
                              int rc);
/* Fills one list element from the current row, initialising it first. */
typedef void (*sqlite_row_fn)(sqlite3_stmt *st, void *item);
/*
 * Step 'st' to its end, reading each row with 'read' into a new element of
 * 'size' bytes, then reset it.  Returns the array of *n elements (the
 * caller's, NULL when none; after an error the elements read so far are
 * still the caller's to clean up) and stores the last step's code in *rc:
 * SQLITE_DONE when every row was read.
 */
void *sqlite_rows(sqlite3_stmt *st, size_t size, sqlite_row_fn read, size_t *n,
                  int *rc);

/* Bind helpers: NULL text and KZ_TIME_NONE become SQL NULL. */
void sqlite_bind_text(sqlite3_stmt *st, int i, const char *s);
void sqlite_bind_time(sqlite3_stmt *st, int i, kz_time t);
/* Column helpers: copies owned by the caller. */
char *sqlite_col_text(sqlite3_stmt *st, int i);
kz_time sqlite_col_time(sqlite3_stmt *st, int i);

/* ---- end of TRANSITIONAL ------------------------------------------------- */

/* Search (sqlite_search.c): register kizuki's FTS5 tokenizer and
 * functions on the connection of 'ss'; move the documents changed in the
 * current transaction into the index (before its outermost COMMIT). */
enum kz_err sqlite_search_register(struct sqlite_store *ss);
enum kz_err sqlite_search_flush(struct sqlite_store *ss);
/* The FTS5 expression of the terms of 'q' (each a quoted literal) and the
 * kz_offsets flags of its phrases (OUT: both the caller's; 'flags' may be
 * NULL when not wanted).  With 'ss', it also matches the incidents whose
 * playbook tasks' titles hold the words (their 'tasks' documents name the
 * templates that match, 0018_search_cost.sql): pass the store wherever
 * the expression selects incidents; NULL gives the words alone. */
enum kz_err sqlite_search_match(struct sqlite_store *ss,
                                const struct search_query *q, char **match,
                                char **flags);
/*
 * Documents are numbered (SEARCH_DOC_TOP - incident id) << 24, plus n
 * within the incident (0017_search.sql): ascending document ids are
 * incidents newest first, each one's documents in order.
 */
#define SEARCH_DOC_TOP INT64_C(549755813887) /* 2^39 - 1 */
#define SEARCH_DOC_INCIDENT(doc) (SEARCH_DOC_TOP - ((doc) >> 24))
/* The page of incidents passing 'f' (filters, viewer, before_id, limit)
 * with a document matching the FTS5 expression 'match', newest first,
 * each with its matching documents (kz_offsets with 'flags'), in one
 * scan of the index (sqlite_list_q.c, over the listing's shared
 * filters of sql_incident.c). */
enum kz_err sqlite_search_scan(struct sqlite_store *ss,
                               const struct incident_filter *f,
                               const char *match, const char *flags,
                               struct search_hits *out);
/* Read a matching document from columns col.. of 'st': its kind, its
 * body and the "start end …" text of kz_offsets (OUT: *m, the
 * caller's). */
void sqlite_search_read_match(sqlite3_stmt *st, int col,
                              struct search_match *m);
enum kz_err sqlite_search(struct store *s, const struct search_query *q,
                          const struct incident_filter *f,
                          struct search_hits *out);

/* How the list's q finds its page in orders other than the index's
 * (sqlite_list_q.c); read only, except by tests. */
extern size_t sqlite_list_q_set_max;
extern int sqlite_list_q_walk_batch;

/* store_ops.list_q and store_ops.search_match (sqlite_list_q.c). */
enum kz_err sqlite_list_q(struct store *s, const struct incident_filter *f,
                          int limit, struct incident_list *out);
enum kz_err sqlite_list_search_match(struct store *s,
                                     const struct search_query *q, char **expr);
enum kz_err sqlite_alert_find(struct store *s, const char *source,
                              const char *source_ref, struct alert_seen *out);
enum kz_err sqlite_alert_latest(struct store *s, const char *fingerprint,
                                kz_time since, struct alert_seen *out);
enum kz_err sqlite_alert_next_id(struct store *s, int64_t *id);
enum kz_err sqlite_alert_insert(struct store *s, const struct alert_row *rows,
                                size_t n);
enum kz_err sqlite_alert_repeat(struct store *s, const struct alert_row *r);
enum kz_err sqlite_alert_get(struct store *s, int64_t id, struct alert *out);
enum kz_err sqlite_alert_list(struct store *s, const struct alert_filter *f,
                              struct alert_list *out);
enum kz_err sqlite_alert_set_status(struct store *s, const struct alert *a);

#endif
