/* SPDX-License-Identifier: MIT */
/*
 * closing.h - what must be settled before an incident moves to review or
 * is closed (issue 9 item 17): every reporting duty filed or judged not
 * to apply with a reason, every task done or waived with a reason.
 */
#ifndef KZ_CORE_CLOSING_H
#define KZ_CORE_CLOSING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/obligation.h"
#include "core/phase.h"
#include "core/task.h"

/* One thing still open: a duty (duty_key set) or a task (task_id > 0). */
struct closing_item {
    char *duty_key; /* owned ("appi_preliminary"), or NULL */
    int64_t task_id;
    char *task_title; /* owned */
    enum phase task_phase;
};

struct closing_list {
    struct closing_item *items;
    size_t n;
};

void closing_list_cleanup(struct closing_list *l);

/* True when a move from 'from' to 'to' must find nothing open: a move
 * forward into review or closed. */
bool closing_is_checked(enum phase from, enum phase to);

/*
 * Append to 'out' what keeps an incident from moving to 'to': each duty
 * of 'duties' neither filed nor judged not to apply (an undecided duty is
 * open too: a person decides it), and each open task of 'tasks' — for
 * review, the tasks of the phases before review; for closed, all.  A
 * skipped task counts as settled (kizuki asks for a reason when it is
 * skipped).
 */
void closing_collect(enum phase to, const struct obligation *duties,
                     size_t nduties, const struct task *tasks, size_t ntasks,
                     struct closing_list *out);

#endif
