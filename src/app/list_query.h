/* SPDX-License-Identifier: MIT */
/*
 * list_query.h - the incident list's parameters: one reading and one set
 * of rules for GET /api/v1/incidents, its CSV export, saved filters and
 * `kizuki incident list`, so that a filter valid in one is valid in all.
 */
#ifndef KZ_APP_LIST_QUERY_H
#define KZ_APP_LIST_QUERY_H

#include "store/store.h"
#include "util/err.h"
#include "util/query.h"

/* The value of parameter 'key' from wherever the caller has them (the
 * request's query, a parsed string, options), or NULL; borrowed for as
 * long as the filter is used. */
typedef const char *(*list_query_get_fn)(void *arg, const char *key);

/* The default and the largest page of the list. */
#define LIST_LIMIT_DEFAULT 50
#define LIST_LIMIT_MAX INCIDENT_PAGE_MAX

/* Every parameter the list reads, canonical names first, then the aliases
 * (reported_from = since, reported_to = until, assignee = owner), then
 * "limit" and "cursor".  NULL-terminated. */
extern const char *const list_query_keys[];

/*
 * Read the list's parameters through 'get' into 'f' (initialised by the
 * caller) and 'after' (the keyset cursor, list_cursor_init'ed; f->after or
 * f->before_id point at it), adding a problem per bad parameter to 'p'
 * (named as given).  Values are borrowed from 'get'.  Sets f->limit to
 * the page asked for (LIST_LIMIT_DEFAULT).
 */
void app_list_query_read(list_query_get_fn get, void *arg,
                         struct incident_filter *f, struct list_cursor *after,
                         struct kz_problems *p);

/*
 * A saved filter's query: 'in' holds its pairs (read from a query string
 * or an object of parameters, json/filter_json.h; borrowed).  Every
 * parameter is checked as the list checks it; "cursor", unknown and
 * repeated names are refused.  On success *out
 * (OUT: xfree) is the canonical query string: canonical names in
 * list_query_keys order, values percent-encoded; problems name
 * "query.<parameter>" (or "query").  Returns KZ_OK or KZ_EINVAL.
 */
enum kz_err app_list_query_canonical(const struct query *in, char **out,
                                     struct kz_problems *p) KZ_MUST_CHECK;

#endif
