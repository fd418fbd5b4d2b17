/* SPDX-License-Identifier: MIT */
/*
 * chronology_json.h - chronology entries as JSON, and the bodies of the
 * entries kizuki writes itself (phase and field changes).
 */
#ifndef KZ_JSON_CHRONOLOGY_JSON_H
#define KZ_JSON_CHRONOLOGY_JSON_H

#include <jansson.h>

#include "core/chronology.h"
#include "core/phase.h"

/* {seq, kind, actor, at, body, prev_hash, hash} plus "change" (the parsed
 * body) for phase and field changes (OUT: new reference). */
json_t *chron_entry_to_json(const struct chron_entry *e);
/* The body of a phase change (OUT: caller frees): {"from","to","reason"};
 * 'from' may be PHASE_COUNT for the first entry of a record. */
char *chron_phase_body(enum phase from, enum phase to, const char *reason);
/* The body of a field change (OUT: caller frees): {"field","from","to"}.
 * Borrows 'from' and 'to'. */
char *chron_field_body(const char *field, json_t *from, json_t *to);

#endif
