/* SPDX-License-Identifier: MIT */
/*
 * task.c - incident tasks (see task.h).
 */
#include "core/task.h"

#include <string.h>

#include "core/taxonomy.h"
#include "core/textcheck.h"
#include "util/mem.h"

void task_patch_init(struct task_patch *p)
{
    memset(p, 0, sizeof(*p));
    p->due_at = KZ_TIME_NONE;
}

void task_patch_cleanup(struct task_patch *p)
{
    xfree(p->title);
    xfree(p->owner);
    xfree(p->reason);
    task_patch_init(p);
}

void task_patch_apply(const struct task_patch *p, struct task *t)
{
    if (p->has_phase)
        t->phase = p->phase;
    if (p->has_title)
        xstrset(&t->title, p->title);
    if (p->has_owner)
        xstrset(&t->owner, p->owner);
    if (p->has_due_at)
        t->due_at = p->due_at;
    if (p->has_reason)
        xstrset(&t->skip_reason, p->reason);
    if (p->has_status)
        t->status = p->status;
}

void task_init(struct task *t)
{
    memset(t, 0, sizeof(*t));
    t->due_at = KZ_TIME_NONE;
    t->done_at = KZ_TIME_NONE;
    t->created_at = KZ_TIME_NONE;
}

void task_cleanup(struct task *t)
{
    xfree(t->title);
    xfree(t->owner);
    xfree(t->done_by);
    xfree(t->skip_reason);
    xfree(t->source);
    task_init(t);
}

void task_copy(struct task *dst, const struct task *src)
{
    task_cleanup(dst);
    *dst = *src;
    dst->title = xstrdup(src->title);
    dst->owner = xstrdup(src->owner);
    dst->done_by = xstrdup(src->done_by);
    dst->skip_reason = xstrdup(src->skip_reason);
    dst->source = xstrdup(src->source);
}

enum kz_err task_validate(const struct task *t, struct kz_problems *p)
{
    size_t before = p->n;

    if ((unsigned)t->phase >= PHASE_COUNT)
        kz_problems_add(p, "phase", "v.unknown_key");
    textcheck(p, "title", t->title, TEXT_TITLE, true);
    textcheck(p, "owner", t->owner, TEXT_NAME, false);
    textcheck(p, "reason", t->skip_reason, TEXT_LONG, false);
    if ((unsigned)t->status >= TASK_STATUS_COUNT)
        kz_problems_add(p, "status", "v.unknown_key");
    return p->n > before ? KZ_EINVAL : KZ_OK;
}

bool task_is_overdue(const struct task *t, kz_time now)
{
    return t->status == TASK_OPEN && t->due_at != KZ_TIME_NONE &&
           t->due_at < now;
}

const char *task_status_key(enum task_status s)
{
    if ((unsigned)s >= TASK_STATUS_COUNT)
        return "open";
    return taxonomy_task_status.entries[s].key;
}

bool task_status_from_key(const char *key, enum task_status *out)
{
    int i = taxonomy_index(&taxonomy_task_status, key);

    if (i < 0)
        return false;
    *out = (enum task_status)i;
    return true;
}
