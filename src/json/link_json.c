/* SPDX-License-Identifier: MIT */
/*
 * link_json.c - links and possible duplicates as JSON (see link_json.h).
 */
#include "json/link_json.h"

#include "json/fields.h"

json_t *link_view_to_json(const struct incident_link *l, bool outgoing,
                          const struct incident *other)
{
    return json_pack(
        "{s:I, s:s, s:s, s:s, s:s, s:o, s:s, s:o, s:o}", "id",
        (json_int_t)l->id, "kind", link_kind_key(l->kind), "relation",
        outgoing ? link_kind_key(l->kind) : link_kind_inverse_key(l->kind),
        "direction", outgoing ? "outgoing" : "incoming", "ref", other->ref,
        "title", jf_text_json(other->title), "phase", phase_key(other->phase),
        "created_at", jf_time_json(l->created_at), "created_by",
        jf_text_json(l->created_by));
}

json_t *dup_offer_to_json(const struct incident *cand, int similarity,
                          bool shared_asset, int shared_observables)
{
    return json_pack(
        "{s:s, s:o, s:s, s:o, s:o, s:i, s:b, s:i}", "ref", cand->ref, "title",
        jf_text_json(cand->title), "phase", phase_key(cand->phase), "category",
        jf_text_json(cand->category), "discovered_at",
        jf_time_json(cand->discovered_at), "similarity", similarity,
        "shared_asset", shared_asset, "shared_observables", shared_observables);
}
