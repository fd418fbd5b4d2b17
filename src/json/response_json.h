/* SPDX-License-Identifier: MIT */
/*
 * response_json.h - the response engine's records as JSON: assets,
 * contacts, convocation rules, playbooks, tasks and summonses.  The same
 * form is used on the API and for the documents the store keeps.
 * "apply" functions read the members present onto a struct, so they serve
 * both creating and changing.
 */
#ifndef KZ_JSON_RESPONSE_JSON_H
#define KZ_JSON_RESPONSE_JSON_H

#include <jansson.h>
#include <stdbool.h>

#include "core/asset.h"
#include "core/contact.h"
#include "core/convocation.h"
#include "core/playbook.h"
#include "core/task.h"
#include "util/err.h"

json_t *asset_to_json(const struct asset *a);
void asset_apply_json(const json_t *obj, struct asset *a,
                      struct kz_problems *p);

/* 'reveal' false hides the webhook address's path, which is its secret. */
json_t *contact_to_json(const struct contact *c, bool reveal);
void contact_apply_json(const json_t *obj, struct contact *c,
                        struct kz_problems *p);

json_t *conv_rule_to_json(const struct conv_rule *r);
void conv_rule_apply_json(const json_t *obj, struct conv_rule *r,
                          struct kz_problems *p);

json_t *playbook_to_json(const struct playbook *pb);
/* Replace the steps of 'pb' by the "steps" array of 'obj'. */
void playbook_apply_json(const json_t *obj, struct playbook *pb,
                         struct kz_problems *p);

/* A task; 'now' marks it overdue. */
json_t *task_to_json(const struct task *t, kz_time now);
/* The members of 'obj' a person may set on a task into 'out' (initialised;
 * the ones of the wrong type or unknown key are left unset).  KZ_EINVAL
 * with a problem for each member that is unknown or does not fit.  Not
 * must-check: a caller may hand the problems on to app_task_add or
 * app_task_update, which report them after access with core's. */
enum kz_err task_patch_from_json(const json_t *obj, struct task_patch *out,
                                 struct kz_problems *p);
/* task_patch_from_json applied onto 't' at once. */
void task_apply_json(const json_t *obj, struct task *t, struct kz_problems *p);

#endif
