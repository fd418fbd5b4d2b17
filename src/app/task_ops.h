/* SPDX-License-Identifier: MIT */
/*
 * task_ops.h - the tasks of an incident: list, add, change (done, owner,
 * due time).  Whoever may read the incident sees its tasks; whoever may
 * change the incident changes them.  Finishing a task is written in the
 * chronology.
 */
#ifndef KZ_APP_TASK_OPS_H
#define KZ_APP_TASK_OPS_H

#include <jansson.h>

#include "app/app.h"
#include "store/store.h"

enum kz_err app_task_list(struct store *s, const struct app_ctx *ctx,
                          const char *ref, struct task_list *out) KZ_MUST_CHECK;
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
/* Add a task from the members of 'obj' (phase, title, owner, due_at). */
enum kz_err app_task_add(struct store *s, const struct app_ctx *ctx,
                         const char *ref, const json_t *obj, struct task *out,
                         struct kz_problems *p) KZ_MUST_CHECK;
/* Change task 'id' of 'ref' ('if_match' its version, or -1). */
enum kz_err app_task_update(struct store *s, const struct app_ctx *ctx,
                            const char *ref, int64_t id, const json_t *obj,
                            int64_t if_match, struct task *out,
                            struct kz_problems *p) KZ_MUST_CHECK;

#endif
