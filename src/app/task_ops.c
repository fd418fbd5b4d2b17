/* SPDX-License-Identifier: MIT */
/*
 * task_ops.c - incident tasks (see task_ops.h).
 */
#include "app/task_ops.h"

#include <stdio.h>
#include <string.h>

#include "app/audit_log.h"
#include "app/chronicle.h"
#include "json/chron_args.h"
#include "app/guard.h"
#include "app/registry.h"
#include "util/buf.h"
#include "util/mem.h"
#include "util/utf8.h"

enum kz_err app_task_list(struct store *s, const struct app_ctx *ctx,
                          const char *ref, struct task_list *out)
{
    struct incident inc;
    enum kz_err err;

    out->items = NULL;
    out->n = 0;
    incident_init(&inc);
    err = app_incident_for(s, ctx, ref, ACT_INCIDENT_READ, "tasks", &inc);
    if (err == KZ_OK)
        err = store_task_list(s, inc.id, 0, out);
    incident_cleanup(&inc);
    return err;
}

enum kz_err app_task_overdue(struct store *s, int64_t incident_id, kz_time now,
                             int *n)
{
    struct task_list l = {0};
    enum kz_err err = store_task_list(s, incident_id, now, &l);

    *n = err == KZ_OK ? (int)l.n : 0;
    task_list_cleanup(&l);
    return err;
}

char *app_task_title_in(struct store *s, const struct task *t, enum lang lang)
{
    static const char prefix[] = "playbook:";
    struct playbook pb;
    bool custom = false;
    char *out = NULL;

    if (t->source == NULL || t->title == NULL ||
        strncmp(t->source, prefix, sizeof(prefix) - 1) != 0)
        return NULL;
    playbook_init(&pb);
    if (app_playbook_get(s, t->source + sizeof(prefix) - 1, &pb, &custom) ==
        KZ_OK) {
        const char *title = playbook_title_in(&pb, t->title, lang);
        if (title != NULL && strcmp(title, t->title) != 0)
            out = xstrdup(title);
    }
    playbook_cleanup(&pb);
    return out;
}

enum kz_err app_task_titles(struct store *s, struct task_list *l,
                            enum lang lang)
{
    /* Few tasks per incident: the playbook is read for each; an unknown
     * category simply has no other title. */
    for (size_t i = 0; i < l->n; i++) {
        char *title = app_task_title_in(s, &l->items[i], lang);
        if (title != NULL) {
            xfree(l->items[i].title);
            l->items[i].title = title;
        }
    }
    return KZ_OK;
}

/* Audit and, for a task just finished, the chronology. */
static enum kz_err record(struct store *s, const struct app_ctx *ctx,
                          const struct incident *inc, const struct task *t,
                          const char *action, bool finished)
{
    char detail[64];
    enum kz_err err = KZ_OK;

    if (finished) {
        /* A key and its arguments: shown in each reader's language, with
         * a playbook step's title in both (a person's text as written). */
        const char *title = t->title ? t->title : "";
        char *ja = app_task_title_in(s, t, LANG_JA);
        char *en = app_task_title_in(s, t, LANG_EN);
        struct chron_arg args[3];
        size_t n = 0;
        args[n++] = CHRON_STR("title", ja ? ja : title);
        /* A step's title in English beside it; a title of nobody's is
         * left out, as before. */
        if ((ja != NULL || en != NULL) && (en != NULL || t->title != NULL))
            args[n++] = CHRON_STR("title_en", en ? en : t->title);
        if (t->status != TASK_DONE)
            args[n++] =
                CHRON_STR("reason", t->skip_reason ? t->skip_reason : "");
        char *body = chron_args_body(
            t->status == TASK_DONE ? "chron.task_done" : "chron.task_skipped",
            args, n);
        xfree(ja);
        xfree(en);
        err = app_chron_append(s, inc, NULL, ENTRY_ACTION, ctx->actor.name,
                               ctx->now, body, NULL);
    }
    snprintf(detail, sizeof(detail), "{\"task\":%lld}", (long long)t->id);
    if (err == KZ_OK)
        err = app_audit(s, ctx, action, inc->ref, detail);
    return err;
}

enum kz_err app_task_add(struct store *s, const struct app_ctx *ctx,
                         const char *ref, const struct task_patch *in,
                         struct task *out, struct kz_problems *p)
{
    struct incident inc;
    enum kz_err err;

    incident_init(&inc);
    task_cleanup(out);
    out->phase = PHASE_TRIAGE;
    task_patch_apply(in, out);
    out->status = TASK_OPEN;
    out->source = xstrdup("manual");
    out->created_at = ctx->now;
    size_t decoded = p->n;
    if (task_validate(out, p) != KZ_OK || decoded > 0)
        return KZ_EINVAL;
    err = store_begin(s);
    if (err != KZ_OK)
        return err;
    err = app_incident_for(s, ctx, ref, ACT_INCIDENT_UPDATE, NULL, &inc);
    if (err == KZ_OK) {
        out->incident_id = inc.id;
        err = store_task_insert(s, out);
    }
    if (err == KZ_OK)
        err = record(s, ctx, &inc, out, "task.create", false);
    err = store_end(s, err);
    incident_cleanup(&inc);
    return err;
}

enum kz_err app_task_update(struct store *s, const struct app_ctx *ctx,
                            const char *ref, int64_t id,
                            const struct task_patch *patch, int64_t if_match,
                            struct task *out, struct kz_problems *p)
{
    struct incident inc;
    enum task_status was;
    enum kz_err err;

    incident_init(&inc);
    err = store_begin(s);
    if (err != KZ_OK)
        return err;
    err = app_incident_for(s, ctx, ref, ACT_INCIDENT_UPDATE, NULL, &inc);
    if (err == KZ_OK)
        err = store_task_get(s, id, out);
    /* A task of another incident is not found under this one. */
    if (err == KZ_OK && out->incident_id != inc.id)
        err = KZ_ENOTFOUND;
    if (err == KZ_OK && if_match >= 0 && if_match != out->version)
        err = KZ_ECONFLICT;
    if (err != KZ_OK)
        goto out;
    was = out->status;
    task_patch_apply(patch, out);
    size_t decoded = p->n;
    if (task_validate(out, p) != KZ_OK || decoded > 0) {
        err = KZ_EINVAL;
        goto out;
    }
    /* A waiver says why (issue 9 item 17): review and closing accept a
     * skipped task as settled.  Done or open again, the reason goes. */
    if (out->status != TASK_SKIPPED) {
        xstrset(&out->skip_reason, NULL);
    } else if (was != TASK_SKIPPED &&
               (out->skip_reason == NULL || utf8_is_blank(out->skip_reason))) {
        kz_problems_add(p, "reason", "v.skip_reason");
        err = KZ_EINVAL;
        goto out;
    }
    bool finished = was == TASK_OPEN && out->status != TASK_OPEN;
    if (finished) {
        out->done_at = ctx->now;
        xstrset(&out->done_by, ctx->actor.name);
    } else if (out->status == TASK_OPEN) {
        out->done_at = KZ_TIME_NONE;
        xstrset(&out->done_by, NULL);
    }
    err = store_task_update(s, out, out->version);
    if (err == KZ_OK) {
        out->version++;
        err = record(s, ctx, &inc, out, "task.update", finished);
    }
    if (err == KZ_OK) {
        err = store_commit(s);
        incident_cleanup(&inc);
        return err;
    }
out:
    store_rollback(s);
    incident_cleanup(&inc);
    return err;
}
