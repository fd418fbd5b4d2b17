/* SPDX-License-Identifier: MIT */
/*
 * settings_json.h - the organisation's settings as GET and PATCH
 * /api/v1/settings read and write them.
 */
#ifndef KZ_JSON_SETTINGS_JSON_H
#define KZ_JSON_SETTINGS_JSON_H

#include <jansson.h>

#include "core/setting.h"

/* Every setting of 's' (as app_settings_get fills it) in the order of
 * core/setting.h: texts as strings or null, switches as true/false or
 * null when never set, numbers as integers, and a secret only as
 * "<key>_set": true/false (OUT: new reference). */
json_t *settings_to_json(const struct settings *s);
/*
 * The members of the patch 'obj' into 'out' (initialised; each member
 * named sets v[i].given).  KZ_EINVAL with a problem under each member
 * that is unknown, of the wrong type or breaks its setting's rule, in
 * the order of 'obj'; 'out' then holds the members that were fine.
 */
enum kz_err settings_from_json(const json_t *obj, struct settings *out,
                               struct kz_problems *p) KZ_MUST_CHECK;

#endif
