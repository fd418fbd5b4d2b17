/* SPDX-License-Identifier: MIT */
/*
 * sql_search.h - the part of full-text search that is the same on every
 * engine (docs/internals/search.md), over the driver of db.h: the
 * documents changed in a transaction and moved into the engine's index
 * at commit (search_doc, search_gone and, since 0018, the 'tasks'
 * documents rebuilt from search_tasks_dirty), and the playbook tasks'
 * templates turned back into the matches of the tasks they stand for.
 * What an engine's index is (FTS5, tsvector) stays in its file
 * (sqlite_search.c, pg_search.c).  Only src/store includes this.
 */
#ifndef KZ_STORE_SQL_SEARCH_H
#define KZ_STORE_SQL_SEARCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/store.h"

/*
 * Documents are numbered (SEARCH_DOC_TOP - incident id) << 24, plus n
 * within the incident (0017_search.sql): ascending document ids are
 * incidents newest first, each one's documents in order.
 */
#define SEARCH_DOC_TOP INT64_C(549755813887) /* 2^39 - 1 */
#define SEARCH_DOC_INCIDENT(doc) (SEARCH_DOC_TOP - ((doc) >> 24))
/* The first document of the templates (0018): incident id 0, whose
 * documents no incident search ever joins to an incident. */
#define SEARCH_TEMPLATE_DOC (SEARCH_DOC_TOP << 24)

/* An engine's index, as the flush writes it. */
struct search_index {
    /* Forget document 'id' (nothing when it is not indexed). */
    enum kz_err (*drop)(struct store *s, int64_t id);
    /* Index document 'id' with 'body[0..len)' (NUL-terminated), which
     * it has not yet. */
    enum kz_err (*put)(struct store *s, int64_t id, const char *body,
                       size_t len);
};

/*
 * Move the documents changed in the current transaction into the index
 * 'ix' (before the outermost COMMIT): rebuild the 'tasks' documents of
 * the incidents in search_tasks_dirty, drop those in search_gone, index
 * again every search_doc row with a body, then clear all three marks.
 * Only a 'tasks' document may hold reference tokens: in any other text
 * SEARCH_REF_MARK reaches the index as a space (same length, offsets
 * hold), so nobody makes an incident seem to hold a playbook task by
 * typing one.  Nothing on a store older than the index (schema < 15).
 */
enum kz_err sql_search_flush(struct store *s, const struct search_index *ix);

/* Free what 'm' holds and zero it. */
void sql_search_match_cleanup(struct search_match *m);

/*
 * The template 'id' (SEARCH_TEMPLATE_DOC + id in the index) as a match of
 * the search's words: its title and highlights in *out (the caller's),
 * *found false (and *out untouched) when its title does not match them.
 */
typedef enum kz_err (*sql_search_template_fn)(void *ctx, int64_t id,
                                              struct search_match *out,
                                              bool *found);

/*
 * Replace each matching 'tasks' document of the hits (its ranges are the
 * reference tokens that matched) by the titles of those templates, as
 * the task documents they stand for would have matched: kind "task", the
 * title, its highlights, asked of 'match' (once per template and
 * search).  At most SEARCH_MATCHES_MAX per incident.
 */
enum kz_err sql_search_expand_tasks(struct search_hits *h,
                                    sql_search_template_fn match, void *ctx);

#endif
