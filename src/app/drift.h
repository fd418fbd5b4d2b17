/* SPDX-License-Identifier: MIT */
/*
 * drift.h - the drift of an incident's facts since they were disclosed
 * (SPEC C9): what the latest disclosure of each kind stated that is no
 * longer true, and the chronology note a change that makes it so writes.
 */
#ifndef KZ_APP_DRIFT_H
#define KZ_APP_DRIFT_H

#include "app/app.h"
#include "core/incident.h"
#include "json/drift_json.h"
#include "store/store.h"
#include "util/i18n.h"

/* How the facts of 'inc' differ from what the latest disclosure of each
 * kind stated: per disclosure with a change, its id, kind, sent_at and
 * the changes, labels in 'lang' (OUT: drift_list_cleanup; empty when
 * none). */
enum kz_err app_drift_of(struct store *s, const struct incident *inc,
                         enum lang lang, struct drift_list *out) KZ_MUST_CHECK;
/* Inside a change's transaction: when the change makes a stated fact
 * untrue, say so in the chronology, naming the disclosure. */
enum kz_err app_drift_after(struct store *s, const struct app_ctx *ctx,
                            const struct incident *before,
                            const struct incident *after) KZ_MUST_CHECK;

#endif
