/* SPDX-License-Identifier: MIT */
/*
 * alert_json.h - alerts as detection tools send them and as the API shows
 * them (issue 10 item 3).
 */
#ifndef KZ_JSON_ALERT_JSON_H
#define KZ_JSON_ALERT_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/alert.h"
#include "util/err.h"

struct json_t;

/*
 * Read the body of POST /api/v1/alerts: one alert object, or
 * {"alerts":[…]} with 1 to ALERT_BATCH_MAX of them.  Each alert is read,
 * checked (core alert_check against 'now'), fingerprinted and its
 * observables encoded (alert_obs_prepare), all here on the caller's
 * thread rather than on the writer's; its "raw"
 * member is kept as its JSON text.  On KZ_OK *items (OUT: free each with
 * alert_cleanup, then the array) holds *n alerts in the order sent.  On
 * KZ_EINVAL nothing is returned and 'p' names every problem by index
 * ("alerts[17].occurred_at"; a single alert's by its field alone).
 */
enum kz_err alert_batch_from_json(const struct json_t *body, kz_time now,
                                  struct alert **items, size_t *n,
                                  struct kz_problems *p) KZ_MUST_CHECK;
/* Free what alert_batch_from_json returned. */
void alert_batch_free(struct alert *items, size_t n);

/*
 * The answer to POST /api/v1/alerts as JSON text (OUT: caller frees,
 * *len its length): {"created","updated","items":[{"id","status",
 * "repeat_count","group"}]}, the items in the order sent.
 */
char *alert_ingest_result(const struct alert *items, size_t n, size_t created,
                          size_t *len);

/*
 * The alert as the queue shows it: id, source, source_ref, title,
 * status, repeat_count, group, severity, occurred_at, first_seen,
 * last_seen, observables, reason; "incident" (its ref) only when
 * 'show_incident'; with 'full', description and raw too (raw as the text
 * received, never parsed again for display).
 */
struct json_t *alert_to_json(const struct alert *a, bool full,
                             bool show_incident);

/* The audit detail of an alert's status change (OUT: caller frees):
 * {"from","to","reason"} in that order, compact; 'reason' NULL is null.
 * Written by src/app without handling JSON. */
char *alert_status_detail(const char *from, const char *to, const char *reason);
/* The audit detail of alerts promoted to or merged ('merged') into an
 * incident (OUT: caller frees): {"as":"promoted"|"merged","alerts":[id]}
 * in that order, compact. */
char *alert_promote_detail(bool merged, const int64_t *ids, size_t n);

#endif
