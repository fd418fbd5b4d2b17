/* SPDX-License-Identifier: MIT */
/*
 * audit_json.h - the audit log's entries as JSON, and the JSON text of
 * their "detail" as kizuki stores it (docs/internals/hashchain.md).
 */
#ifndef KZ_JSON_AUDIT_JSON_H
#define KZ_JSON_AUDIT_JSON_H

#include <jansson.h>
#include <stdbool.h>

#include "core/audit.h"
#include "core/chronology.h"

/* {seq, at, actor, action, target, source, detail (parsed, or null),
 * prev_hash, hash} (OUT: new reference). */
json_t *audit_entry_to_json(const struct audit_entry *e);
/*
 * 'detail' (JSON text, NULL or "" for none) with the incident's
 * chronology head 'head' added as "chron": {"count","hash"} (OUT: caller
 * frees; NULL only when out of memory).  A detail that is not an object
 * is kept whole under "detail" rather than lost.
 */
char *audit_detail_with_chron(const char *detail,
                              const struct chron_head *head);
/* The "chron" head a detail written by audit_detail_with_chron carries
 * (OUT: *head); false, *head unchanged, when it has none or a malformed
 * one. */
bool audit_detail_chron(const char *detail, struct chron_head *head);

#endif
