/* SPDX-License-Identifier: MIT */
/*
 * closing.c - what is still open when an incident is to be reviewed or
 * closed (see closing.h).  Pure: the caller loads the duties, evaluated
 * at the time of the move, and the tasks.
 */
#include "core/closing.h"

#include "util/mem.h"

void closing_list_cleanup(struct closing_list *l)
{
    for (size_t i = 0; i < l->n; i++) {
        xfree(l->items[i].duty_key);
        xfree(l->items[i].task_title);
    }
    xfree(l->items);
    l->items = NULL;
    l->n = 0;
}

bool closing_is_checked(enum phase from, enum phase to)
{
    return (to == PHASE_REVIEW || to == PHASE_CLOSED) &&
           !phase_is_backward(from, to) && from != to;
}

static struct closing_item *add(struct closing_list *l)
{
    l->items = xrealloc(l->items, (l->n + 1) * sizeof(*l->items));
    struct closing_item *it = &l->items[l->n++];
    it->duty_key = NULL;
    it->task_id = 0;
    it->task_title = NULL;
    it->task_phase = PHASE_TRIAGE;
    return it;
}

/* Neither filed nor judged not to apply.  Any state but those two is
 * open, so that a state added later (a duty that cannot be decided yet)
 * keeps the incident open until a person settles it. */
static bool duty_is_open(const struct obligation *o)
{
    return o->filing == NULL && o->state != OB_NOT_APPLICABLE &&
           o->state != OB_FILED;
}

void closing_collect(enum phase to, const struct obligation *duties,
                     size_t nduties, const struct task *tasks, size_t ntasks,
                     struct closing_list *out)
{
    for (size_t i = 0; i < nduties; i++) {
        if (duty_is_open(&duties[i]))
            add(out)->duty_key = xstrdup(duties[i].key);
    }
    for (size_t i = 0; i < ntasks; i++) {
        const struct task *t = &tasks[i];
        /* The review's own tasks (lessons learned) are done in review. */
        if (t->status != TASK_OPEN || (to == PHASE_REVIEW && t->phase >= to))
            continue;
        struct closing_item *it = add(out);
        it->task_id = t->id;
        it->task_title = xstrdup(t->title ? t->title : "");
        it->task_phase = t->phase;
    }
}
