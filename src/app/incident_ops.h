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

#include "app/app.h"
#include "app/writer.h"
#include "core/chronology.h"
#include "core/closing.h"
#include "core/incident.h"
#include "store/store.h"
#include "util/err.h"

/*
 * Every use case checks access with core/access.h first: an incident the
 * actor may not see answers KZ_ENOTFOUND, an action the actor's role may
 * not take KZ_EFORBID.  Each change is audited in its own transaction.
 */

/*
 * File the new incident 'inc' (a draft: ref, phase, version and the
 * bookkeeping times are set here) by ctx's actor at ctx->now.  On KZ_OK 'inc'
 * is the stored record.  KZ_EINVAL with 'p' filled when a rule is broken;
 * nothing is written then.  A reference number taken by a write that then
 * fails is not handed out again.
 */
enum kz_err app_incident_create(struct store *s, const struct app_ctx *ctx,
                                struct incident *inc,
                                struct kz_problems *p) KZ_MUST_CHECK;

/*
 * Apply the JSON object 'patch' to incident 'ref'.  'if_match' is the
 * version the client saw, or -1 to skip the check.  Each changed field
 * gets a field_change entry.  On KZ_OK and KZ_ECONFLICT, 'out'
 * (initialised) holds the current record.  KZ_ENOTFOUND, KZ_EINVAL (with
 * 'p'), KZ_EMALFORMED when 'patch' is not an object.
 */
enum kz_err app_incident_patch(struct store *s, const struct app_ctx *ctx,
                               const char *ref, const json_t *patch,
                               int64_t if_match, struct incident *out,
                               struct kz_problems *p) KZ_MUST_CHECK;

/*
 * Move incident 'ref' to phase 'to' with 'reason' (may be NULL when moving
 * forward), with the closing check of app_incident_move_checked.  On KZ_OK
 * 'out' holds the moved record; KZ_EINVAL with the broken rule in 'p' (field
 * "to" or "reason").
 */
enum kz_err app_incident_move(struct store *s, const struct app_ctx *ctx,
                              const char *ref, enum phase to,
                              const char *reason, struct incident *out,
                              struct kz_problems *p) KZ_MUST_CHECK;
/*
 * The same, and a move forward into review or closed is refused while a
 * reporting duty is neither filed nor judged not to apply, or a task is
 * neither done nor skipped (core/closing.h): KZ_EINVAL with "to" in 'p'
 * and each of them in 'open' (OUT: caller-initialised to {0}; the caller
 * cleans it up with closing_list_cleanup in every case).
 */
enum kz_err app_incident_move_checked(struct store *s,
                                      const struct app_ctx *ctx,
                                      const char *ref, enum phase to,
                                      const char *reason, struct incident *out,
                                      struct kz_problems *p,
                                      struct closing_list *open) KZ_MUST_CHECK;

/*
 * Add a person's entry (note, decision, contact, action) to the chronology
 * of 'ref'.  On KZ_OK 'out' (initialised) is the sealed entry.
 */
enum kz_err app_incident_note(struct store *s, const struct app_ctx *ctx,
                              const char *ref, enum entry_kind kind,
                              const char *body, struct chron_entry *out,
                              struct kz_problems *p) KZ_MUST_CHECK;
/* As app_incident_note; 'for_report' marks the entry, once and for good
 * (the chronology is append-only), for the course of events of the APPI
 * report (事実経過). */
enum kz_err app_incident_note_marked(struct store *s, const struct app_ctx *ctx,
                                     const char *ref, enum entry_kind kind,
                                     const char *body, bool for_report,
                                     struct chron_entry *out,
                                     struct kz_problems *p) KZ_MUST_CHECK;

/*
 * Load incident 'ref' for reading (OUT: initialised 'out'), and its
 * chronology when 'chron' is not NULL.  A read of a restricted incident
 * is written to the audit log (app/guard.h).
 */
enum kz_err app_incident_get(struct store *s, const struct app_ctx *ctx,
                             const char *ref, struct incident *out,
                             struct chron_list *chron) KZ_MUST_CHECK;

/* List the incidents matching 'f' that the actor may see (the access
 * fields of 'f' are set here). */
enum kz_err app_incident_list(struct store *s, const struct app_ctx *ctx,
                              struct incident_filter *f,
                              struct incident_list *out) KZ_MUST_CHECK;

#endif
