/* SPDX-License-Identifier: MIT */
/*
 * triage_json.h - the triage score with its reasons, for people:
 * {"severity","score","priority","reasons":[{"factor","points","text"}]}.
 */
#ifndef KZ_JSON_TRIAGE_JSON_H
#define KZ_JSON_TRIAGE_JSON_H

#include <jansson.h>

#include "core/triage.h"
#include "util/i18n.h"

json_t *triage_to_json(const struct triage_result *r, enum lang lang);

#endif
