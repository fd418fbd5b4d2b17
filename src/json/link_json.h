/* SPDX-License-Identifier: MIT */
/*
 * link_json.h - links between incidents and possible duplicates as JSON,
 * for the API and `kizuki incident links --json`.
 */
#ifndef KZ_JSON_LINK_JSON_H
#define KZ_JSON_LINK_JSON_H

#include <jansson.h>
#include <stdbool.h>

#include "core/incident.h"
#include "core/link.h"

/*
 * The link 'l' seen from one end (OUT: new reference): "id", "kind" (as
 * stored), "relation" (how it reads from this end: the kind, or its
 * inverse such as "has_duplicate"), "direction" ("outgoing" when made on
 * this incident, else "incoming"), and the other incident's "ref",
 * "title" and "phase", with "created_at" and "created_by".
 */
json_t *link_view_to_json(const struct incident_link *l, bool outgoing,
                          const struct incident *other);

/* A possible duplicate 'cand' (OUT: new reference): "ref", "title",
 * "phase", "category", "discovered_at", "similarity" (0..100),
 * "shared_asset" and "shared_observables" (how many in common). */
json_t *dup_offer_to_json(const struct incident *cand, int similarity,
                          bool shared_asset, int shared_observables);

#endif
