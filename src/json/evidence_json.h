/* SPDX-License-Identifier: MIT */
/*
 * evidence_json.h - evidence items and custody events as JSON, shared by
 * the API and the CLI's --json.
 */
#ifndef KZ_JSON_EVIDENCE_JSON_H
#define KZ_JSON_EVIDENCE_JSON_H

#include <jansson.h>

#include "core/evidence.h"

/* The item: "id", "incident", "name", "original_name", "description",
 * "size", "sha256", "md5", "sha1", "media_type", "location",
 * "acquired_at", "acquired_by", "uploaded_at", "uploaded_by", "state",
 * "has_content", "custody_count" (new reference). */
json_t *evidence_to_json(const struct evidence *ev);
/* The event: "seq", "action", "from", "to", "at", "location", "reason",
 * "recorded_by", "recorded_at", "hash" (new reference). */
json_t *custody_event_to_json(const struct custody_event *e);

#endif
