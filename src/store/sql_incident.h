/* SPDX-License-Identifier: MIT */
/*
 * sql_incident.h - private to the store: the incident rows and the
 * listing's filter builder, written once for every engine over db.h
 * (sql_incident.c), for the engines' own parts of the listing (the list's
 * q through the search index: store_ops.list_q; SQLite's search scan).
 */
#ifndef KZ_STORE_SQL_INCIDENT_H
#define KZ_STORE_SQL_INCIDENT_H

#include "store/sql_int.h"
#include "util/buf.h"

/* The columns every incident read selects, from the incident row aliased
 * 'i', in the order sql_incident_read() expects. */
#define SQL_INCIDENT_COLUMNS                                                   \
    "i.id, i.ref, i.title, i.description, i.kind, i.category, i.phase,"        \
    " i.severity, i.priority, i.occurred_at, i.discovered_at,"                 \
    " i.reported_at, i.phase_times, i.place, i.detection_trigger,"             \
    " i.discoverer, i.reporter, i.owner, i.parties, i.assets,"                 \
    " i.info_types, i.affected_persons, i.impacts, i.direct_cause,"            \
    " i.latent_factors, i.initial_response, i.additional_measures,"            \
    " i.prevention_measures, i.tags, i.tlp, i.restricted, i.members,"          \
    " i.version, i.created_at, i.updated_at, i.created_by,"                    \
    " i.severity_source, i.severity_reason, i.priority_source,"                \
    " i.reporting"
/* How many columns SQL_INCIDENT_COLUMNS selects. */
#define SQL_INCIDENT_NCOLUMNS 40

/* The operations of store.h (store.c calls them directly). */
enum kz_err sql_ref_next(struct store *s, int year, int64_t *number);
enum kz_err sql_incident_insert(struct store *s, struct incident *inc);
enum kz_err sql_incident_update(struct store *s, const struct incident *inc,
                                int64_t expected_version);
enum kz_err sql_incident_get(struct store *s, const char *ref,
                             struct incident *out);
enum kz_err sql_incident_list(struct store *s, const struct incident_filter *f,
                              struct incident_list *out);
enum kz_err sql_incident_count(struct store *s, const struct incident_filter *f,
                               int64_t *out);

/* Read the incident of the current row (columns 0.. as
 * SQL_INCIDENT_COLUMNS) into 'inc', which holds an incident (cleaned up
 * first). */
void sql_incident_read(struct db_stmt *st, struct incident *inc);
/* sql_row_fn: initialise 'item' (a struct incident) and read the row. */
void sql_incident_row(struct db_stmt *st, void *item);

/*
 * A listing's WHERE clause and ORDER BY, built from fixed fragments, one
 * per filter that is set; values are bound, never written into the text.
 * A fragment writes its one parameter as '?': the builder numbers it
 * (?1, ?2 …, as the driver wants) and keeps the value to bind.
 */
#define SQL_FILTER_PARAMS_MAX 24
struct sql_filter {
    struct store *s;
    enum db_dialect dialect;
    struct buf text;
    int nparams;
    struct {
        bool is_text;
        const char *text; /* borrowed */
        int64_t i;
    } params[SQL_FILTER_PARAMS_MAX];
    char *pattern; /* owned LIKE pattern of q */
    char *match;   /* owned search expression of q */
};

/* Start an empty filter for the engine of 's'. */
void sql_filter_init(struct sql_filter *fs, struct store *s);
/* Free what 'fs' owns. */
void sql_filter_cleanup(struct sql_filter *fs);

/*
 * Append " WHERE …" for the filters of 'f': phase, kind, category,
 * severity, reported_at range, open, owner, tag, overdue, q (the ref,
 * title and description by substring, ASCII case ignored as SQLite's LIKE
 * does; with words, the ref by substring or a document matching through
 * store_ops.search_match), need-to-know, and — when 'paged' — before_id.
 */
enum kz_err sql_filter_where(struct sql_filter *fs,
                             const struct incident_filter *f, bool paged);
/* Append 'frag', whose one '?' is a text (NULL: SQL NULL) or an integer
 * parameter.  'v' must outlive the statement's binding. */
enum kz_err sql_filter_text(struct sql_filter *fs, const char *frag,
                            const char *v);
enum kz_err sql_filter_int(struct sql_filter *fs, const char *frag, int64_t v);
/* Append the keyset condition of f->after, the ORDER BY of f's sort and
 * direction (ties broken by id; the same order on every engine: text in
 * byte order, NULLs placed alike) and LIMIT 'limit'. */
enum kz_err sql_filter_order(struct sql_filter *fs,
                             const struct incident_filter *f, int limit);
/* The incidents of the built text (sql_filter_prepare() with the
 * incident columns), read whole (OUT: out->items, out->n; the caller
 * cleans them up, also on error). */
enum kz_err sql_filter_incidents(struct sql_filter *fs,
                                 struct incident_list *out);
/* Compile 'head' followed by the built text (db_stmt_new) and bind the
 * parameters.  OUT: *st, freed with db_stmt_free(). */
enum kz_err sql_filter_prepare(struct sql_filter *fs, const char *head,
                               struct db_stmt **st);

/* The LIKE pattern (escape '\') that matches 'q' anywhere.  OUT: *out,
 * xfree. */
enum kz_err sql_like_pattern(const char *q, char **out);

#endif
