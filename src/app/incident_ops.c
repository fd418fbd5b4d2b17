/* SPDX-License-Identifier: MIT */
/*
 * incident_ops.c - the use cases on an incident (see incident_ops.h).
 * Each owns its transaction: store_begin, the calls, store_commit, or
 * store_rollback at 'out:' on any error.  The change, its chronology
 * entries and its audit entry commit together.
 */
#include "app/incident_ops.h"

#include <string.h>

#include "app/audit_log.h"
#include "app/guard.h"
#include "app/chronicle.h"
#include "app/drift.h"
#include "app/duties.h"
#include "app/duty_due.h"
#include "app/response.h"
#include "app/search.h"
#include "core/obligation.h"
#include "core/ref.h"
#include "json/chronology_json.h"
#include "json/incident_json.h"
#include "util/mem.h"
#include "util/utf8.h"

/* KZ_OK when allowed; the error the edges report otherwise. */
/*
 * Rules for the need-to-know list beyond the record's own: every member
 * is an existing account, and whoever restricts an incident stays on its
 * list (administrators see it anyway).
 */
static enum kz_err check_members(struct store *s, const struct app_ctx *ctx,
                                 struct incident *inc, struct kz_problems *p)
{
    struct account a;
    size_t before = p->n;

    if (inc->restricted && ctx->actor.role != ROLE_ADMIN &&
        !strv_contains(&inc->members, ctx->actor.name))
        strv_push(&inc->members, ctx->actor.name);
    account_init(&a);
    for (size_t i = 0; i < inc->members.n; i++) {
        enum kz_err err = store_account_get(s, inc->members.v[i], &a);
        account_cleanup(&a);
        if (err == KZ_ENOTFOUND)
            kz_problems_add_at(p, "members", i, NULL, "v.no_account");
        else if (err != KZ_OK)
            return err;
    }
    return p->n > before ? KZ_EINVAL : KZ_OK;
}

static bool restriction_changed(const struct incident *a,
                                const struct incident *b)
{
    return a->restricted != b->restricted ||
           !strv_equal(&a->members, &b->members);
}

enum kz_err app_incident_create(struct store *s, const struct app_ctx *ctx,
                                struct incident *inc, struct kz_problems *p)
{
    struct incident none;
    struct chron_head head;
    int64_t number = 0;
    enum kz_err err = app_allowed(ctx, ACT_INCIDENT_CREATE, NULL);

    if (err != KZ_OK)
        return err;
    incident_init(&none);
    if (restriction_changed(&none, inc)) {
        err = app_allowed(ctx, ACT_INCIDENT_RESTRICT, NULL);
        if (err != KZ_OK)
            return err;
    }
    if (inc->reported_at == KZ_TIME_NONE)
        inc->reported_at = ctx->now;
    inc->phase = PHASE_REPORTED;
    for (int i = 0; i < PHASE_COUNT; i++)
        inc->phase_times[i] = KZ_TIME_NONE;
    inc->phase_times[PHASE_REPORTED] = inc->reported_at;
    inc->version = 1;
    inc->created_at = ctx->now;
    inc->updated_at = ctx->now;
    xstrset(&inc->created_by, ctx->actor.name);
    /* A severity given at filing is a person's judgement over the score,
     * and like any override it needs a reason. */
    inc->severity_manual = inc->severity != 0;
    inc->priority_manual = inc->priority != 0;
    if (inc->severity_manual && utf8_is_blank(inc->severity_reason))
        kz_problems_add(p, "severity_reason", "v.severity_reason");
    err = app_triage_apply(s, inc);
    if (err != KZ_OK)
        return err;
    /* Problems found while decoding may already be in 'p'; report them
     * together with the record's, so a person fixes everything at once. */
    size_t decoded = p->n;
    err = incident_validate(inc, ctx->now, p);
    if (err != KZ_OK || decoded > 0)
        return KZ_EINVAL;

    /* The reference counter lives in the outer transaction and the record
     * in a savepoint: if writing the record fails, the counter still
     * advances and the number is never given to another incident. */
    err = store_begin(s);
    if (err != KZ_OK)
        return err;
    err = check_members(s, ctx, inc, p);
    if (err == KZ_OK)
        err = store_ref_next(s, timefmt_year(inc->reported_at), &number);
    if (err == KZ_OK && number > REF_NUMBER_MAX)
        err = KZ_ESTORE;
    if (err != KZ_OK) {
        store_rollback(s);
        return err;
    }
    ref_format(inc->ref, timefmt_year(inc->reported_at), number);
    err = store_begin(s);
    if (err != KZ_OK)
        goto out;
    chron_head_init(&head);
    err = store_incident_insert(s, inc);
    if (err == KZ_OK)
        err = app_duty_due_note(s, NULL, inc, ctx->now);
    if (err == KZ_OK)
        err = app_chron_append(
            s, inc, &head, ENTRY_PHASE_CHANGE, ctx->actor.name, ctx->now,
            chron_phase_body(PHASE_COUNT, PHASE_REPORTED, NULL), NULL);
    if (err == KZ_OK)
        err = app_audit(s, ctx, "incident.create", inc->ref, NULL);
    if (err == KZ_OK)
        err = app_response_after(s, ctx, NULL, inc, NULL);
    err = store_end(s, err);
out:
    if (err == KZ_OK) {
        err = store_commit(s);
        if (err == KZ_OK)
            return KZ_OK;
        /* The whole transaction is gone, the record with it: 'inc' must
         * not keep an id and a reference that were never stored. */
    }
    /* Keep the counter's step even though the record failed. */
    if (store_depth(s) > 0 && store_commit(s) != KZ_OK)
        store_rollback(s);
    inc->id = 0;
    inc->ref[0] = '\0';
    return err;
}

/* Write one field_change entry per writable key of 'patch' whose value
 * differs between 'before' and 'after'; 'changed' collects the keys. */
static enum kz_err log_field_changes(struct store *s, const struct app_ctx *ctx,
                                     const json_t *patch,
                                     const struct incident *before,
                                     const struct incident *after,
                                     json_t *changed)
{
    struct chron_head head;
    const char *key;
    json_t *v;
    enum kz_err err = store_chron_head(s, after->id, &head);

    /* The patch's own fields, and severity and priority, which the score
     * may move when other fields change, and the override's reason,
     * which giving the severity back to the score clears. */
    json_t *keys = json_copy((json_t *)patch);
    if (json_object_get(keys, "severity") == NULL)
        json_object_set_new(keys, "severity", json_null());
    if (json_object_get(keys, "severity_reason") == NULL)
        json_object_set_new(keys, "severity_reason", json_null());
    if (json_object_get(keys, "priority") == NULL)
        json_object_set_new(keys, "priority", json_null());
    /* A person confirming the score's own value still takes the field
     * over from it: that is a change worth recording. */
    json_object_set_new(keys, "severity_source", json_null());
    json_object_set_new(keys, "priority_source", json_null());
    /* So is a person's "no" given back to the category, though the
     * value may read the same. */
    json_object_set_new(keys, "improper_purpose_source", json_null());
    json_object_foreach(keys, key, v)
    {
        if (err != KZ_OK)
            break;
        if (!incident_json_is_writable(key) &&
            strcmp(key, "severity_source") != 0 &&
            strcmp(key, "priority_source") != 0 &&
            strcmp(key, "improper_purpose_source") != 0)
            continue;
        json_t *from = incident_field_to_json(before, key);
        json_t *to = incident_field_to_json(after, key);
        if (!json_equal(from, to)) {
            json_array_append_new(changed, json_string(key));
            err = app_chron_append(s, after, &head, ENTRY_FIELD_CHANGE,
                                   ctx->actor.name, ctx->now,
                                   chron_field_body(key, from, to), NULL);
        }
        json_decref(from);
        json_decref(to);
    }
    json_decref(keys);
    return err;
}

/*
 * Severity and priority set by a person override the score; null gives
 * them back to it.  A severity override needs a reason in the same
 * change (SPEC C4), which the chronology keeps with it.
 */
static void apply_overrides(const json_t *patch, struct incident *next,
                            struct kz_problems *p)
{
    json_t *sev = json_object_get(patch, "severity");
    json_t *reason = json_object_get(patch, "severity_reason");
    json_t *prio = json_object_get(patch, "priority");

    if (sev != NULL && json_is_null(sev)) {
        next->severity_manual = false;
        xstrset(&next->severity_reason, NULL);
    } else if (sev != NULL) {
        next->severity_manual = true;
        if (!json_is_string(reason) || utf8_is_blank(json_string_value(reason)))
            kz_problems_add(p, "severity_reason", "v.severity_reason");
    }
    if (prio != NULL)
        next->priority_manual = !json_is_null(prio);
}

/* The audit detail of a change: which fields, never their values, so the
 * log does not copy personal data out of the record. */
static char *fields_detail(json_t *changed)
{
    json_t *o = json_pack("{s:O}", "fields", changed);
    char *text = json_dumps(o, JSON_COMPACT);

    json_decref(o);
    return text;
}

enum kz_err app_incident_patch(struct store *s, const struct app_ctx *ctx,
                               const char *ref, const json_t *patch,
                               int64_t if_match, struct incident *out,
                               struct kz_problems *p)
{
    struct incident next;
    json_t *changed = json_array();
    enum kz_err err;

    incident_init(&next);
    if (!json_is_object(patch)) {
        json_decref(changed);
        return KZ_EMALFORMED;
    }
    err = store_begin(s);
    if (err != KZ_OK) {
        json_decref(changed);
        return err;
    }
    err = store_incident_get(s, ref, out);
    if (err == KZ_OK)
        err = app_allowed(ctx, ACT_INCIDENT_UPDATE, out);
    if (err != KZ_OK)
        goto out;
    if (if_match >= 0 && if_match != out->version) {
        err = KZ_ECONFLICT;
        goto out;
    }
    incident_copy(&next, out);
    err = incident_from_json(patch, INCIDENT_JSON_PATCH, &next, p);
    if (err == KZ_OK && restriction_changed(out, &next)) {
        err = app_allowed(ctx, ACT_INCIDENT_RESTRICT, out);
        if (err == KZ_OK)
            err = check_members(s, ctx, &next, p);
    }
    if (err == KZ_OK || err == KZ_EINVAL)
        apply_overrides(patch, &next, p);
    if (err == KZ_OK)
        err = app_triage_apply(s, &next);
    /* Name every broken rule at once, decoding problems included. */
    if (err == KZ_OK || err == KZ_EINVAL) {
        enum kz_err verr = incident_validate(&next, ctx->now, p);
        if (err == KZ_OK)
            err = verr;
        if (err == KZ_OK && p->n > 0)
            err = KZ_EINVAL;
    }
    if (err != KZ_OK)
        goto out;
    /* Issue 9: a duty whose trigger this change meets starts its clock
     * now, with the change's chronology entries. */
    obligation_note_triggers(out, &next, ctx->now);
    next.version = out->version + 1;
    next.updated_at = ctx->now;
    err = log_field_changes(s, ctx, patch, out, &next, changed);
    /* Nothing changed: no new version, no entries, nothing to audit. */
    if (err == KZ_OK && json_array_size(changed) == 0) {
        store_rollback(s);
        incident_cleanup(&next);
        json_decref(changed);
        return KZ_OK;
    }
    if (err == KZ_OK)
        err = store_incident_update(s, &next, out->version);
    if (err == KZ_OK)
        err = app_duty_due_note(s, NULL, &next, ctx->now);
    if (err == KZ_OK) {
        char *detail = fields_detail(changed);
        err = app_audit(s, ctx, "incident.update", ref, detail);
        xfree(detail);
    }
    if (err == KZ_OK)
        err = app_response_after(s, ctx, out, &next, NULL);
    if (err == KZ_OK)
        err = app_drift_after(s, ctx, out, &next);
    if (err == KZ_OK)
        err = store_commit(s);
    if (err == KZ_OK) {
        incident_copy(out, &next);
        incident_cleanup(&next);
        json_decref(changed);
        return KZ_OK;
    }
out:
    store_rollback(s);
    incident_cleanup(&next);
    json_decref(changed);
    return err;
}

/* What is still open of 'inc' for a move to 'to' (OUT: 'open'). */
static enum kz_err collect_open(struct store *s, const struct app_ctx *ctx,
                                const struct incident *inc, enum phase to,
                                struct closing_list *open)
{
    struct duties d;
    struct task_list tl = {0};
    enum kz_err err = app_duties_load(s, inc, ctx->now, &d);

    if (err != KZ_OK)
        return err;
    err = store_task_list(s, inc->id, 0, &tl);
    if (err == KZ_OK)
        closing_collect(to, d.items, d.n, tl.items, tl.n, open);
    task_list_cleanup(&tl);
    app_duties_cleanup(&d);
    return err;
}

enum kz_err app_incident_move(struct store *s, const struct app_ctx *ctx,
                              const char *ref, enum phase to,
                              const char *reason, struct incident *out,
                              struct kz_problems *p)
{
    struct closing_list open = {0};
    enum kz_err err =
        app_incident_move_checked(s, ctx, ref, to, reason, out, p, &open);

    closing_list_cleanup(&open);
    return err;
}

enum kz_err app_incident_move_checked(struct store *s,
                                      const struct app_ctx *ctx,
                                      const char *ref, enum phase to,
                                      const char *reason, struct incident *out,
                                      struct kz_problems *p,
                                      struct closing_list *open)
{
    struct chron_head head;
    struct incident before;
    const char *why = NULL;
    enum phase from;
    int64_t seen;
    enum kz_err err;

    incident_init(&before);
    err = store_begin(s);
    if (err != KZ_OK)
        return err;
    err = store_incident_get(s, ref, out);
    if (err == KZ_OK)
        err = app_allowed(ctx, ACT_INCIDENT_MOVE, out);
    if (err != KZ_OK)
        goto out;
    /* A reason is read back in the chronology like a note, so it obeys
     * the note's rule: no control characters (terminal escapes) other
     * than tabs and line breaks. */
    if (reason != NULL && utf8_is_valid(reason, strlen(reason)) &&
        utf8_has_control(reason, true)) {
        err = kz_problems_add(p, "reason", "v.control");
        goto out;
    }
    err = phase_check_move(out, to, reason, &why);
    if (err != KZ_OK) {
        bool about_reason = strcmp(why, "phase.back_reason") == 0 ||
                            strcmp(why, "phase.reopen_reason") == 0 ||
                            strcmp(why, "v.utf8") == 0 ||
                            strcmp(why, "v.text_too_long") == 0;
        kz_problems_add(p, about_reason ? "reason" : "to", why);
        goto out;
    }
    /* Review and closing come after every duty and task is settled, so
     * that nothing open is forgotten with the case (issue 9 item 17). */
    if (closing_is_checked(out->phase, to)) {
        err = collect_open(s, ctx, out, to, open);
        if (err == KZ_OK && open->n > 0)
            err = kz_problems_add(p, "to", "phase.open_items");
        if (err != KZ_OK)
            goto out;
    }
    from = out->phase;
    seen = out->version;
    incident_copy(&before, out);
    phase_apply_move(out, to, ctx->now);
    out->version = seen + 1;
    out->updated_at = ctx->now;
    err = store_incident_update(s, out, seen);
    if (err == KZ_OK)
        err = app_duty_due_note(s, NULL, out, ctx->now);
    if (err == KZ_OK)
        err = store_chron_head(s, out->id, &head);
    if (err == KZ_OK)
        err = app_chron_append(s, out, &head, ENTRY_PHASE_CHANGE,
                               ctx->actor.name, ctx->now,
                               chron_phase_body(from, to, reason), NULL);
    if (err == KZ_OK) {
        char *detail = chron_phase_body(from, to, NULL);
        err = app_audit(s, ctx, "incident.move", ref, detail);
        xfree(detail);
    }
    if (err == KZ_OK)
        err = app_response_after(s, ctx, &before, out, NULL);
    if (err == KZ_OK) {
        incident_cleanup(&before);
        return store_commit(s);
    }
out:
    incident_cleanup(&before);
    store_rollback(s);
    return err;
}

enum kz_err app_incident_note(struct store *s, const struct app_ctx *ctx,
                              const char *ref, enum entry_kind kind,
                              const char *body, struct chron_entry *out,
                              struct kz_problems *p)
{
    return app_incident_note_marked(s, ctx, ref, kind, body, false, out, p);
}

/* As app_incident_note; 'for_report' marks the entry for the APPI
 * report's course of events (see incident_ops.h). */
enum kz_err app_incident_note_marked(struct store *s, const struct app_ctx *ctx,
                                     const char *ref, enum entry_kind kind,
                                     const char *body, bool for_report,
                                     struct chron_entry *out,
                                     struct kz_problems *p)
{
    struct incident inc;
    struct chron_head head;
    enum kz_err err = chron_validate_manual(kind, body, p);

    if (err != KZ_OK)
        return err;
    incident_init(&inc);
    err = store_begin(s);
    if (err != KZ_OK)
        return err;
    err = store_incident_get(s, ref, &inc);
    if (err == KZ_OK)
        err = app_allowed(ctx, ACT_INCIDENT_NOTE, &inc);
    if (err == KZ_OK)
        err = store_chron_head(s, inc.id, &head);
    if (err == KZ_OK)
        err = app_chron_append_marked(s, &inc, &head, kind, ctx->actor.name,
                                      ctx->now, xstrdup(body), for_report, out);
    if (err == KZ_OK)
        err = app_audit(s, ctx, "incident.note", ref, NULL);
    err = store_end(s, err);
    incident_cleanup(&inc);
    return err;
}

enum kz_err app_incident_get(struct store *s, const struct app_ctx *ctx,
                             const char *ref, struct incident *out,
                             struct chron_list *chron)
{
    enum kz_err err = app_incident_for(s, ctx, ref, ACT_INCIDENT_READ,
                                       chron != NULL ? "timeline" : NULL, out);

    if (err == KZ_OK && chron != NULL)
        err = store_chron_list(s, out->id, chron);
    if (err != KZ_OK && chron != NULL)
        chron_list_cleanup(chron);
    return err;
}

enum kz_err app_incident_list(struct store *s, const struct app_ctx *ctx,
                              struct incident_filter *f,
                              struct incident_list *out)
{
    struct access_view view = access_view(&ctx->actor);
    enum kz_err err = app_allowed(ctx, ACT_INCIDENT_LIST, NULL);

    out->items = NULL;
    out->n = 0;
    if (err != KZ_OK)
        return err;
    f->viewer = ctx->actor.name;
    f->viewer_sees_restricted = view.sees_restricted;
    f->viewer_own_only = view.own_only;
    /* "Overdue" is past a due time at the moment of asking. */
    f->now = ctx->now;
    /* q is the search box's query: its words go through the search index
     * and its field:value filters apply (app/search.c).  A q the query
     * language refuses (punctuation only) still matches by substring.
     * The caller's filter stays as given: the search works on a copy. */
    struct incident_filter g = *f;
    struct search_query sq;
    const char *why = NULL;
    search_query_init(&sq);
    if (g.q != NULL && g.q[0] != '\0' && g.search == NULL &&
        search_query_parse(g.q, &sq, &why) == KZ_OK) {
        app_search_filters(&sq, &g);
        if (search_query_has_terms(&sq))
            g.search = &sq;
        else
            g.q = NULL;
    }
    err = store_incident_list(s, &g, out);
    search_query_cleanup(&sq);
    return err;
}
