/* SPDX-License-Identifier: MIT */
/*
 * alerts.h - alert intake and the alert queue (issue 10 item 3): record
 * what detection tools send, with de-duplication and grouping; let the
 * people who triage review, ignore, promote or attach alerts.
 */
#ifndef KZ_APP_ALERTS_H
#define KZ_APP_ALERTS_H

#include <stddef.h>
#include <stdint.h>

#include "app/app.h"
#include "core/alert.h"
#include "store/store.h"
#include "util/err.h"

/* The setting that holds the grouping window in hours. */
#define ALERT_GROUP_SETTING "alert_group_hours"

/*
 * Record the checked and fingerprinted alerts items[n] (json
 * alert_batch_from_json) as received at ctx->now, in one transaction:
 * each is new, or a repeat of the alert with its source and source_ref
 * (an earlier item of the same batch included).  Sets each item's id,
 * status, repeat_count, group_id, first_seen and last_seen, and its
 * obs_text unless set, and *created (how many were new); the result is
 * that of recording the items one by one (docs/internals/alerts.md).
 * Audited once per call as "alert.ingest" with the counts.  KZ_EFORBID
 * for a role that may not post alerts.
 */
enum kz_err app_alert_ingest(struct store *s, const struct app_ctx *ctx,
                             struct alert *items, size_t n,
                             size_t *created) KZ_MUST_CHECK;

/*
 * The queue (OUT: *out): alerts matching 'f', newest first.  An alert's
 * incident ref is left empty when the actor may not see that incident
 * (need-to-know).  KZ_EFORBID for roles that do not triage.
 */
enum kz_err app_alert_list(struct store *s, const struct app_ctx *ctx,
                           const struct alert_filter *f,
                           struct alert_list *out) KZ_MUST_CHECK;
/* Alert 'id' in full (OUT: initialised 'out'), the incident hidden as
 * above; KZ_ENOTFOUND, KZ_EFORBID. */
enum kz_err app_alert_get(struct store *s, const struct app_ctx *ctx,
                          int64_t id, struct alert *out) KZ_MUST_CHECK;

/*
 * Move alert 'id' to 'status' ("new", "under_review", "ignored") with
 * 'reason' (required for ignored), audited as "alert.status".  On KZ_OK
 * 'out' (initialised) holds the alert.  KZ_EINVAL with 'p', KZ_ECONFLICT
 * when it is already promoted or merged, KZ_ENOTFOUND, KZ_EFORBID.
 */
enum kz_err app_alert_set_status(struct store *s, const struct app_ctx *ctx,
                                 int64_t id, const char *status,
                                 const char *reason, struct alert *out,
                                 struct kz_problems *p) KZ_MUST_CHECK;

/*
 * Promote alerts ids[n] (1..ALERT_PROMOTE_MAX, no repeats): with 'ref'
 * NULL to a new incident filed by the actor (title of the first alert,
 * the most severe alert's severity, a description listing every alert
 * and its observables, detection trigger "tool_alert"), each alert then
 * "promoted"; with 'ref' attached to that incident, each alert "merged"
 * and a chronology entry listing them.  Either way the alerts'
 * observables are added to the incident (app/observables.h, marked
 * sighted; those it holds already are skipped).  One transaction; audited as
 * "alert.promote" under the incident.  The incident's ref goes to
 * out_ref.  KZ_EINVAL with 'p' ("alerts[2]" for an unknown id),
 * KZ_ECONFLICT when an alert is already attached (named in 'p' too),
 * KZ_ENOTFOUND for an
 * incident the actor may not see, KZ_EFORBID.
 */
#define ALERT_PROMOTE_MAX 1000
enum kz_err app_alert_promote(struct store *s, const struct app_ctx *ctx,
                              const int64_t *ids, size_t n, const char *ref,
                              char out_ref[INCIDENT_REF_LEN],
                              struct kz_problems *p) KZ_MUST_CHECK;

#endif
