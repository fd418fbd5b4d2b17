/* SPDX-License-Identifier: MIT */
/*
 * task_ops.h - the tasks of an incident: list, add, change (done, owner,
 * due time).  Whoever may read the incident sees its tasks; whoever may
 * change the incident changes them.  Finishing a task is written in the
 * chronology.
 */
#ifndef KZ_APP_TASK_OPS_H
#define KZ_APP_TASK_OPS_H

#include "app/app.h"
#include "store/store.h"

enum kz_err app_task_list(struct store *s, const struct app_ctx *ctx,
                          const char *ref, struct task_list *out) KZ_MUST_CHECK;
/* How many open tasks of the incident with id 'incident_id' are due
 * before 'now' (OUT: *n, 0 on error).  No access check: for callers that
 * already hold the incident as ctx's actor may read it. */
enum kz_err app_task_overdue(struct store *s, int64_t incident_id, kz_time now,
                             int *n) KZ_MUST_CHECK;
/*
 * Give the tasks of 'l' that came from a playbook their title in 'lang':
 * the step of the category's playbook in force with the stored title in
 * either language.  A title no step has (written or renamed by a person,
 * or a step edited away since) stays as stored.
 */
enum kz_err app_task_titles(struct store *s, struct task_list *l,
                            enum lang lang) KZ_MUST_CHECK;
/* The title of 't' in 'lang' as app_task_titles finds it (OUT: caller
 * frees), or NULL when there is none other than the stored one. */
char *app_task_title_in(struct store *s, const struct task *t, enum lang lang);
/*
 * Add an open, manual task to 'ref' from the phase, title, owner and
 * due time 'in' gives (phase: triage unless given), as whoever may change
 * the incident; OUT: 'out' (initialised), the stored task.  'p' may hold
 * the problems of decoding 'in' already: the task is refused with them
 * and with core's (KZ_EINVAL).
 */
enum kz_err app_task_add(struct store *s, const struct app_ctx *ctx,
                         const char *ref, const struct task_patch *in,
                         struct task *out, struct kz_problems *p) KZ_MUST_CHECK;
/*
 * Change task 'id' of 'ref' by 'patch' ('if_match' its version, or -1);
 * skipping it needs a reason.  Access and the task's existence are
 * checked first (KZ_ENOTFOUND, KZ_EFORBID, KZ_ECONFLICT); then, as in
 * app_task_add, the problems already in 'p' and core's refuse it.
 */
enum kz_err app_task_update(struct store *s, const struct app_ctx *ctx,
                            const char *ref, int64_t id,
                            const struct task_patch *patch, int64_t if_match,
                            struct task *out,
                            struct kz_problems *p) KZ_MUST_CHECK;

#endif
