/* SPDX-License-Identifier: MIT */
/*
 * duty_due.h - keep each incident's soonest open reporting-duty due time
 * in the store, so that the list's "overdue duties" filter is an indexed
 * range in the query (issue 10 item 7) and never an evaluation of every
 * incident's duties.  Written in the transaction of every change that
 * moves a due time: the record, a filing, the regimes switched on.
 */
#ifndef KZ_APP_DUTY_DUE_H
#define KZ_APP_DUTY_DUE_H

#include "core/obligation.h"
#include "store/store.h"

/* The rules (this version of core/obligation.c and the regimes 'cfg')
 * a stored due time is computed with; another value means recompute. */
int64_t app_duty_due_rules(const struct obligation_config *cfg);

/*
 * Recompute and store the soonest due time of the duties of 'inc' (as
 * stored, with its filings) that apply and are neither filed nor judged
 * not applicable.  'cfg' NULL reads the regimes from the settings.  Call
 * inside the transaction of the change; returns the store's error.
 */
enum kz_err app_duty_due_note(struct store *s,
                              const struct obligation_config *cfg,
                              const struct incident *inc,
                              kz_time now) KZ_MUST_CHECK;

/*
 * Recompute every incident whose stored due time is missing (a database
 * from before 0011) or of other rules (the regimes were switched, the
 * rules changed), in one transaction (a savepoint inside the caller's).
 * OUT: *done, how many were recomputed (may be NULL).
 */
enum kz_err app_duty_due_refresh(struct store *s, kz_time now,
                                 size_t *done) KZ_MUST_CHECK;

#endif
