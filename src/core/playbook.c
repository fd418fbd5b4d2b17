/* SPDX-License-Identifier: MIT */
/*
 * playbook.c - playbooks as data and their tasks (see playbook.h).
 */
#include "core/playbook.h"

#include <stdio.h>
#include <string.h>

#include "core/taxonomy.h"
#include "core/textcheck.h"
#include "util/mem.h"

void playbook_init(struct playbook *pb)
{
    memset(pb, 0, sizeof(*pb));
}

void playbook_cleanup(struct playbook *pb)
{
    for (size_t i = 0; i < pb->n; i++) {
        xfree(pb->steps[i].title_ja);
        xfree(pb->steps[i].title_en);
        xfree(pb->steps[i].owner_role);
    }
    xfree(pb->steps);
    xfree(pb->category);
    playbook_init(pb);
}

void playbook_add(struct playbook *pb, enum phase phase, const char *ja,
                  const char *en, int due_hours, const char *owner_role,
                  bool first_aid)
{
    pb->steps = xrealloc(pb->steps, (pb->n + 1) * sizeof(*pb->steps));
    struct playbook_step *s = &pb->steps[pb->n++];
    s->phase = phase;
    s->title_ja = xstrdup(ja ? ja : "");
    s->title_en = xstrdup(en ? en : "");
    s->due_hours = due_hours;
    s->owner_role = owner_role && owner_role[0] ? xstrdup(owner_role) : NULL;
    s->first_aid = first_aid;
}

enum kz_err playbook_validate(const struct playbook *pb, struct kz_problems *p)
{
    size_t before = p->n;
    char field[48];

    if (pb->category == NULL || !taxonomy_has(&taxonomy_category, pb->category))
        kz_problems_add(p, "category", "v.unknown_key");
    if (pb->n > PLAYBOOK_STEPS_MAX)
        return kz_problems_add(p, "steps", "v.too_many");
    for (size_t i = 0; i < pb->n; i++) {
        const struct playbook_step *s = &pb->steps[i];
        if ((unsigned)s->phase >= PHASE_COUNT)
            kz_problems_add_at(p, "steps", i, "phase", "v.unknown_key");
        snprintf(field, sizeof(field), "steps[%zu].title_ja", i);
        textcheck(p, field, s->title_ja, TEXT_TITLE, true);
        snprintf(field, sizeof(field), "steps[%zu].title_en", i);
        textcheck(p, field, s->title_en, TEXT_TITLE, true);
        if (s->due_hours < 0 || s->due_hours > PLAYBOOK_DUE_HOURS_MAX)
            kz_problems_add_at(p, "steps", i, "due_hours", "v.due_hours");
        if (s->owner_role != NULL &&
            !taxonomy_has(&taxonomy_contact_role, s->owner_role))
            kz_problems_add_at(p, "steps", i, "owner_role", "v.unknown_key");
    }
    return p->n > before ? KZ_EINVAL : KZ_OK;
}

const char *playbook_title_in(const struct playbook *pb, const char *title,
                              enum lang lang)
{
    for (size_t i = 0; title != NULL && i < pb->n; i++) {
        const struct playbook_step *s = &pb->steps[i];
        if ((s->title_ja && strcmp(s->title_ja, title) == 0) ||
            (s->title_en && strcmp(s->title_en, title) == 0))
            return lang == LANG_EN ? s->title_en : s->title_ja;
    }
    return NULL;
}

void playbook_task(const struct playbook *pb, size_t i, kz_time now,
                   enum lang lang, const char *owner, struct task *t)
{
    const struct playbook_step *s = &pb->steps[i];
    char source[96];

    task_cleanup(t);
    t->phase = s->phase;
    t->title = xstrdup(lang == LANG_EN ? s->title_en : s->title_ja);
    t->owner = xstrdup(owner && owner[0] ? owner : s->owner_role);
    t->due_at =
        s->due_hours > 0 ? now + (kz_time)s->due_hours * 3600 : KZ_TIME_NONE;
    t->status = TASK_OPEN;
    t->first_aid = s->first_aid;
    snprintf(source, sizeof(source), "playbook:%s",
             pb->category ? pb->category : "");
    t->source = xstrdup(source);
    t->created_at = now;
}
