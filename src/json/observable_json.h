/* SPDX-License-Identifier: MIT */
/*
 * observable_json.h - observables as JSON, for the API and `kizuki
 * observable … --json`, the JSON form of an observable submitted, and
 * what the use cases (app/observables.c) write of a change.
 *
 * jansson is not included here: src/app writes the chronology line and
 * audit detail without seeing JSON, while the HTTP handlers and the CLI,
 * which include <jansson.h>, use the rest.
 */
#ifndef KZ_JSON_OBSERVABLE_JSON_H
#define KZ_JSON_OBSERVABLE_JSON_H

#include <stdbool.h>
#include <stddef.h>

#include "core/observable.h"

struct json_t;

/* 'o' (OUT: new reference): "id", "type", "value", "display", "tlp",
 * "ioc", "sighted", "seen_in", "note", "created_at", "created_by". */
struct json_t *observable_to_json(const struct observable *o);

/* Where a value was seen (OUT: new reference): the incident's "ref",
 * "title", "phase", "discovered_at", and the observable 'o' there as
 * "id", "type", "value", "display", "tlp", "ioc", "sighted",
 * "created_at". */
struct json_t *obs_hit_to_json(const char *ref, const char *title,
                               enum phase phase, kz_time discovered_at,
                               const struct observable *o);

/* A related incident (OUT: new reference): "ref", "title", "phase",
 * "shared" (count) and "values" ([{"type","value","display"}]) of the
 * 'n' observables 'shared' it has in common. */
struct json_t *obs_related_to_json(const char *ref, const char *title,
                                   enum phase phase,
                                   const struct observable *shared, size_t n);

/* A candidate from pasted text (OUT: new reference): "type", "value",
 * "display", "known", "seen_in". */
struct json_t *obs_candidate_to_json(const struct obs_candidate *c, bool known,
                                     int seen_in);

/*
 * Read the submitted observable 'obj' into 'in' (borrowing its strings:
 * 'obj' must outlive 'in').  Problems name "type", "value", "tlp", "ioc",
 * "sighted", "note" or an unknown key (or "items[index].…" when
 * 'batch'); false when there is one.
 */
bool obs_input_from_json(const struct json_t *obj, bool batch, size_t index,
                         struct obs_input *in, struct kz_problems *p);

/*
 * The chronology body of the 'n' observables 'o' added ('added') to or
 * removed from an incident (OUT: caller frees): "chron.obs_added" or
 * "chron.obs_removed" with {"n", "values": [{"msg":"chron.obs_value",
 * "args":{"type","value"}}]}, the value as displayed.  One line for a
 * batch: pasting twenty indicators is one act.
 */
char *obs_batch_body(bool added, const struct observable *o, size_t n);
/* The audit detail of the same (OUT: caller frees): {"observables":[id],
 * "values":[…as in the body]}, compact with sorted keys. */
char *obs_batch_detail(const struct observable *o, size_t n);
/* The audit detail of a change to 'o' (OUT: caller frees): {"ioc",
 * "note" (whether there is one), "observable", "sighted", "tlp",
 * "value"}. */
char *obs_update_detail(const struct observable *o);

#endif
