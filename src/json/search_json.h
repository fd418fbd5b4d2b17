/* SPDX-License-Identifier: MIT */
/*
 * search_json.h - search results as JSON, for GET /api/v1/search and
 * `kizuki search --json`.
 */
#ifndef KZ_JSON_SEARCH_JSON_H
#define KZ_JSON_SEARCH_JSON_H

#include <jansson.h>

#include "store/store.h"

/*
 * One incident found (OUT: new reference): "ref", "title", "phase",
 * "severity" (or null), "reported_at", "restricted"; "snippets", the
 * plain-text context of each matching field; "highlights", for each
 * snippet the [start, end) code-point offsets of the matched terms in
 * it; and "fields", the source of each snippet (title, description,
 * timeline, task, ...).  The three arrays are parallel, empty for a
 * search by filters only.
 */
json_t *search_hit_to_json(const struct search_hit *h);

#endif
