/* SPDX-License-Identifier: MIT */
/*
 * task.h - the tasks of an incident: the playbook's checklist turned into
 * work with an owner and a due time (SPEC C5), or tasks people add.
 */
#ifndef KZ_CORE_TASK_H
#define KZ_CORE_TASK_H

#include <stdbool.h>
#include <stdint.h>

#include "core/phase.h"
#include "util/err.h"
#include "util/timefmt.h"

/* Same order as taxonomy_task_status. */
enum task_status { TASK_OPEN, TASK_DONE, TASK_SKIPPED, TASK_STATUS_COUNT };

struct task {
    int64_t id;
    int64_t incident_id;
    enum phase phase;
    char *title;
    char *owner;    /* account name or role key; NULL: unassigned */
    kz_time due_at; /* KZ_TIME_NONE: no due time */
    enum task_status status;
    kz_time done_at;
    char *done_by;
    char *skip_reason; /* why it was waived (skipped); NULL otherwise */
    char *source;      /* "playbook:<category>" or "manual" */
    bool first_aid;    /* a pre-agreed first-aid measure */
    int64_t version;
    kz_time created_at;
};

/* The members of a task a person sets (POST and PATCH of a task, `kizuki
 * task`): each applies only when its has_ flag is set. */
struct task_patch {
    bool has_phase;
    enum phase phase;
    bool has_title;
    char *title; /* NULL clears */
    bool has_owner;
    char *owner;
    bool has_due_at;
    kz_time due_at;
    bool has_reason;
    char *reason; /* why it is waived */
    bool has_status;
    enum task_status status;
};

void task_patch_init(struct task_patch *p);
void task_patch_cleanup(struct task_patch *p);
/* Set the members 'p' has onto 't' (copies; 't' keeps the others). */
void task_patch_apply(const struct task_patch *p, struct task *t);

void task_init(struct task *t);
void task_cleanup(struct task *t);
void task_copy(struct task *dst, const struct task *src);
enum kz_err task_validate(const struct task *t, struct kz_problems *p);
/* Open and past its due time at 'now'. */
bool task_is_overdue(const struct task *t, kz_time now);
const char *task_status_key(enum task_status s);
bool task_status_from_key(const char *key, enum task_status *out);

#endif
