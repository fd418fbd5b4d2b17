/* SPDX-License-Identifier: MIT */
/*
 * fields.h - reading one member of a JSON object into a domain struct,
 * with the problem named when it has the wrong type.  A member that is
 * absent leaves the destination alone, so the same code serves creating
 * (onto a fresh struct) and changing (onto the current one).
 */
#ifndef KZ_JSON_FIELDS_H
#define KZ_JSON_FIELDS_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "util/err.h"
#include "util/strv.h"
#include "util/timefmt.h"

/* Problems for every member of 'obj' not in 'keys' (NULL-terminated). */
void jf_only(const json_t *obj, const char *const *keys, struct kz_problems *p);
/* A string or null (NULL). */
void jf_text(const json_t *obj, const char *key, char **dst,
             struct kz_problems *p);
/* An array of strings; null empties it. */
void jf_strv(const json_t *obj, const char *key, struct strv *dst,
             struct kz_problems *p);
/* An integer within [min, max]; 'msg' names the rule when out of range. */
void jf_int(const json_t *obj, const char *key, int *dst, int min, int max,
            const char *msg, struct kz_problems *p);
void jf_bool(const json_t *obj, const char *key, bool *dst,
             struct kz_problems *p);
/* An ISO 8601 time or null (KZ_TIME_NONE). */
void jf_time(const json_t *obj, const char *key, kz_time *dst,
             struct kz_problems *p);
/* A severity key "S1".."S4" as 1..4 (null: 0 when 'nullable'). */
void jf_severity(const json_t *obj, const char *key, int *dst, bool nullable,
                 struct kz_problems *p);

/* Encoders for optional values: null for NULL / KZ_TIME_NONE. */
json_t *jf_text_json(const char *s);
json_t *jf_time_json(kz_time t);
json_t *jf_strv_json(const struct strv *l);

#endif
