/* SPDX-License-Identifier: MIT */
/*
 * playbook.h - playbooks (SPEC C5): per category, a checklist per phase
 * and the first-aid measures agreed before they are needed.  kizuki ships
 * a default set (playbook_data.c); administrators replace a category's
 * playbook with their own, which is stored as the same structure.
 */
#ifndef KZ_CORE_PLAYBOOK_H
#define KZ_CORE_PLAYBOOK_H

#include <stdbool.h>
#include <stddef.h>

#include "core/phase.h"
#include "core/task.h"
#include "util/err.h"
#include "util/i18n.h"

#define PLAYBOOK_STEPS_MAX 60
#define PLAYBOOK_DUE_HOURS_MAX (24 * 365)

struct playbook_step {
    enum phase phase;
    char *title_ja;
    char *title_en;
    int due_hours;    /* after the tasks are created; 0: no due time */
    char *owner_role; /* contact/role hint such as "handler", or NULL */
    bool first_aid;   /* a first-aid measure: do it at once */
};

struct playbook {
    char *category; /* taxonomy category key */
    struct playbook_step *steps;
    size_t n;
};

void playbook_init(struct playbook *pb);
void playbook_cleanup(struct playbook *pb);
void playbook_add(struct playbook *pb, enum phase phase, const char *ja,
                  const char *en, int due_hours, const char *owner_role,
                  bool first_aid);
/* Load kizuki's default playbook for 'category' into 'out' (initialised):
 * the steps every incident needs and the category's own.  False for an
 * unknown category. */
bool playbook_default(const char *category, struct playbook *out);
enum kz_err playbook_validate(const struct playbook *pb, struct kz_problems *p);
/* The title of the step whose title in either language is 'title', in
 * 'lang'; NULL when no step has it (a task a person wrote or renamed). */
const char *playbook_title_in(const struct playbook *pb, const char *title,
                              enum lang lang);
/* The task for step 'i' at 'now' in 'lang' (OUT: 't', initialised);
 * 'owner' is the incident's owner when known. */
void playbook_task(const struct playbook *pb, size_t i, kz_time now,
                   enum lang lang, const char *owner, struct task *t);

#endif
