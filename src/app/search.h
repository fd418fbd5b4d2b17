/* SPDX-License-Identifier: MIT */
/*
 * search.h - the full-text search use case (issue 10 item 6,
 * docs/internals/search.md).
 */
#ifndef KZ_APP_SEARCH_H
#define KZ_APP_SEARCH_H

#include "app/app.h"
#include "core/search_query.h"
#include "store/store.h"

/* The default and largest page of results, in incidents. */
#define SEARCH_LIMIT_DEFAULT 20
#define SEARCH_LIMIT_MAX 100

/*
 * Search for 'q' as the actor of 'ctx' may: the incidents it may see that
 * match every term (or, without terms, only the filters), newest first,
 * at most 'limit' (1..SEARCH_LIMIT_MAX + 1), with ids below 'before_id'
 * (0: from the newest).  OUT: *out, free with search_hits_cleanup.
 */
enum kz_err app_search(struct store *s, const struct app_ctx *ctx,
                       const struct search_query *q, int limit,
                       int64_t before_id,
                       struct search_hits *out) KZ_MUST_CHECK;

/* Apply the filters of 'q' to the listing filter 'f' where 'f' has none
 * of its own.  'q' must outlive 'f'. */
void app_search_filters(const struct search_query *q,
                        struct incident_filter *f);

#endif
