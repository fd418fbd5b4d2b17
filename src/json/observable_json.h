/* SPDX-License-Identifier: MIT */
/*
 * observable_json.h - observables as JSON, for the API and `kizuki
 * observable … --json`, and the JSON form of an observable submitted.
 */
#ifndef KZ_JSON_OBSERVABLE_JSON_H
#define KZ_JSON_OBSERVABLE_JSON_H

#include <jansson.h>
#include <stdbool.h>

#include "core/observable.h"

/* 'o' (OUT: new reference): "id", "type", "value", "display", "tlp",
 * "ioc", "sighted", "seen_in", "note", "created_at", "created_by". */
json_t *observable_to_json(const struct observable *o);

/* Where a value was seen (OUT: new reference): the incident's "ref",
 * "title", "phase", "discovered_at", and the observable 'o' there as
 * "id", "type", "value", "display", "tlp", "ioc", "sighted",
 * "created_at". */
json_t *obs_hit_to_json(const char *ref, const char *title, enum phase phase,
                        kz_time discovered_at, const struct observable *o);

/* A related incident (OUT: new reference): "ref", "title", "phase",
 * "shared" (count) and "values" ([{"type","value","display"}]) of the
 * 'n' observables 'shared' it has in common. */
json_t *obs_related_to_json(const char *ref, const char *title,
                            enum phase phase, const struct observable *shared,
                            size_t n);

/* A candidate from pasted text (OUT: new reference): "type", "value",
 * "display", "known", "seen_in". */
json_t *obs_candidate_to_json(const struct obs_candidate *c, bool known,
                              int seen_in);

/*
 * Read the submitted observable 'obj' into 'in' (borrowing its strings:
 * 'obj' must outlive 'in').  Problems name "type", "value", "tlp", "ioc",
 * "sighted", "note" or an unknown key (or "items[index].…" when
 * 'batch'); false when there is one.
 */
bool obs_input_from_json(const json_t *obj, bool batch, size_t index,
                         struct obs_input *in, struct kz_problems *p);

#endif
