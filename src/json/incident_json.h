/* SPDX-License-Identifier: MIT */
/*
 * incident_json.h - the incident record as JSON (jansson), shared by the
 * API, the CLI's --json and the exports.  The keys are a public contract.
 */
#ifndef KZ_JSON_INCIDENT_JSON_H
#define KZ_JSON_INCIDENT_JSON_H

#include <jansson.h>
#include <stdbool.h>

#include "core/incident.h"
#include "util/err.h"

enum incident_json_mode {
    INCIDENT_JSON_CREATE, /* a new report: read-only keys are refused */
    INCIDENT_JSON_PATCH   /* a change: read-only keys must be unchanged */
};

/* The whole record (OUT: new reference). */
json_t *incident_to_json(const struct incident *inc);
/* One field's value (OUT: new reference), or NULL for an unknown key. */
json_t *incident_field_to_json(const struct incident *inc, const char *key);
/* True when 'key' is a field of the record. */
bool incident_json_has_field(const char *key);
/* True when people may set 'key' (not ref, phase, version, times kept by
 * kizuki). */
bool incident_json_is_writable(const char *key);

/* How a field's value is written by people (CLI flags and arguments). */
enum incident_shape {
    SHAPE_NONE,      /* not a field */
    SHAPE_TEXT,      /* a string; keys and times are strings too */
    SHAPE_INTEGER,   /* priority, affected_persons */
    SHAPE_BOOLEAN,   /* restricted */
    SHAPE_LIST,      /* an array of strings */
    SHAPE_INFO_TYPES /* an array of {type, count} */
};

/* The shape of field 'key'. */
enum incident_shape incident_json_shape(const char *key);

/*
 * Apply the keys present in 'obj' to 'inc'.  Unknown keys, wrong types,
 * unknown enumeration values, unparseable times and read-only keys (in
 * PATCH mode: read-only keys whose value differs) are added to 'p', one
 * problem per key.  Returns KZ_OK, KZ_EMALFORMED when 'obj' is not an
 * object, or KZ_EINVAL; on error 'inc' may be partly changed and should
 * be discarded.
 */
enum kz_err incident_from_json(const json_t *obj, enum incident_json_mode mode,
                               struct incident *inc, struct kz_problems *p);

#endif
