/* SPDX-License-Identifier: MIT */
/*
 * incident_ops.h - the use cases that change an incident: file it, change
 * fields, move it through the phases, add to its chronology.  Each is one
 * transaction: validate with core, write with the store, and write the
 * chronology entries in the same transaction as the change (SPEC C3).
 * Shared by the CLI and the HTTP API.
 */
#ifndef KZ_APP_INCIDENT_OPS_H
#define KZ_APP_INCIDENT_OPS_H

#include <jansson.h>

#include "core/chronology.h"
#include "core/incident.h"
#include "store/store.h"
#include "util/err.h"

/*
 * File the new incident 'inc' (a draft: ref, phase, version and the
 * bookkeeping times are set here) by 'actor' at 'now'.  On KZ_OK 'inc' is
 * the stored record.  KZ_EINVAL with 'p' filled when a rule is broken;
 * nothing is written then.  A reference number taken by a write that then
 * fails is not handed out again.
 */
enum kz_err app_incident_create(struct store *s, struct incident *inc,
                                const char *actor, kz_time now,
                                struct kz_problems *p) KZ_MUST_CHECK;

/*
 * Apply the JSON object 'patch' to incident 'ref'.  'if_match' is the
 * version the client saw, or -1 to skip the check.  Each changed field
 * gets a field_change entry.  On KZ_OK and KZ_ECONFLICT, 'out'
 * (initialised) holds the current record.  KZ_ENOTFOUND, KZ_EINVAL (with
 * 'p'), KZ_EMALFORMED when 'patch' is not an object.
 */
enum kz_err app_incident_patch(struct store *s, const char *ref,
                               const json_t *patch, int64_t if_match,
                               const char *actor, kz_time now,
                               struct incident *out,
                               struct kz_problems *p) KZ_MUST_CHECK;

/*
 * Move incident 'ref' to phase 'to' with 'reason' (may be NULL when moving
 * forward).  On KZ_OK 'out' holds the moved record; KZ_EINVAL with the
 * broken rule in 'p' (field "to" or "reason").
 */
enum kz_err app_incident_move(struct store *s, const char *ref, enum phase to,
                              const char *reason, const char *actor,
                              kz_time now, struct incident *out,
                              struct kz_problems *p) KZ_MUST_CHECK;

/*
 * Add a person's entry (note, decision, contact, action) to the chronology
 * of 'ref'.  On KZ_OK 'out' (initialised) is the sealed entry.
 */
enum kz_err app_incident_note(struct store *s, const char *ref,
                              enum entry_kind kind, const char *body,
                              const char *actor, kz_time now,
                              struct chron_entry *out,
                              struct kz_problems *p) KZ_MUST_CHECK;

#endif
